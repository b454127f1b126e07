/* The rule prefilter: most conditions cannot hold unless a field holds one of a few literal
 * strings (a |contains value, the fixed part of a regular expression). Those strings are
 * gathered per field at load time, looked for in one pass over the field when a record
 * comes, and a condition whose strings are all absent is not evaluated at all. */
#include <stdlib.h>
#include <string.h>
#include "rules_int.h"

#define PF_MIN_LIT	2	/* the anchor is a pair of bytes */
#define PF_MAX_ATOMS	32	/* conditions needing one of more strings go unguarded */
#define PF_BUCKETS	4096	/* anchor hash buckets per field (12 bits) */
#define PF_NONE		((uint32_t)-1)
#define PF_MAX_LITS	4096	/* literals in all */
#define PF_MAX_KINDS	64	/* kinds told apart; more and kind tests are not read */
#define RE_LIT_MAX	256	/* bytes of a literal taken from a regular expression */
/* The name under which `file:` tests (the record's entry path) are gathered: no field of a
 * record can have it. */
#define PF_FILE		"\001file"

/* One string some condition needs, lower-cased, found through its anchor: the pair of bytes
 * at offset anchor, chosen to be rare in log text. */
struct pf_lit {
	char *s;
	size_t n;
	size_t field;
	size_t anchor;
	unsigned pair;		/* the anchor bytes, lower-cased: s[anchor] << 8 | s[anchor + 1] */
	uint32_t next;		/* next literal in the same bucket */
	uint32_t *guards;	/* the guards it lets through */
	size_t nguards;
};

struct pf_field {
	char *name;
	unsigned char pairs[65536 / 8];	/* a bit per anchor pair in use, in every case, keyed by
					 * the two bytes as they lie in memory (pair_key) */
	uint32_t head[PF_BUCKETS];	/* first literal of each bucket */
};

/* A condition holds only if one of its literals is in the record, in one of the fields it
 * names (a bit each: a guard covers the first 64 fields only). Scanning a field marks the
 * guards of the literals it holds. */
#define PF_MAX_FIELDS 64

struct pf_guard {
	uint64_t fields;
	size_t rule;		/* the rule whose condition it guards; nrules: the pack's success */
};

/*
 * Conditions often hold branches for several kinds of record (any: an event with this id,
 * or a mars.log line with that text): what one needs depends on the record's kind. Kinds are
 * told apart by slot, one per kind that some "kind:" test names, plus one for all others;
 * a guarded condition has a guard per slot (0: none).
 */
struct prefilter {
	struct pf_lit *lits;
	size_t nlits, litcap;
	struct pf_field *fields;
	size_t nfields, fieldcap;
	struct pf_guard *guards;
	size_t nguards, guardcap;
	char **kinds;		/* the kinds "kind:" tests name; slot nkinds is every other */
	size_t nkinds, kindcap;
	uint32_t *gid;		/* per guarded condition and slot: guard + 1, 0 for none */
	size_t nconds, gidcap;
	size_t file_field;	/* the field of PF_FILE, or PF_MAX_FIELDS */
	/* Per rule: a rule none of whose conditions can hold for a record need not be tried.
	 * Per slot, the rules with a condition that has no guard there, and the fields the
	 * slot's guards look at; words of rule bits per slot. */
	size_t nrules, words;
	uint64_t *always;	/* slot * words */
	uint64_t *slot_fields;
	size_t cur_rule;	/* while building: the rule being guarded */
	int kind_blind;		/* too many kinds: one slot, where kind tests may hold */
};

struct prefilter_state {
	uint64_t *hit_seq;	/* the record a literal was last found in */
	uint64_t *pass_seq;	/* the record a guard last let through */
	uint64_t *live;		/* rules that may hold for the record of kind_seq */
	uint64_t kind_seq;	/* the record kind_slot and scanned are for */
	size_t kind_slot;
	const char *last_kind;	/* the kind last looked up, and its slot */
	size_t last_slot;
	uint64_t scanned;	/* fields scanned for it, a bit each */
	struct prefilter_stats stats;
};

/* What a condition needs of a record: nothing sure (any), nothing it can meet (never: a
 * test of its kind fails), or one of n field/literal atoms. */
struct atom {
	const char *field;
	char *lit;
	size_t len;
};

struct need {
	int any, never;
	size_t n;
	struct atom a[PF_MAX_ATOMS];
};

static unsigned
lc(unsigned char c)
{
	return c + ((unsigned)(c - 'A') < 26u ? 32u : 0u);
}

static void
need_free(struct need *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->a[i].lit);
	w->n = 0;
}

static void
need_any(struct need *w)
{
	need_free(w);
	w->any = 1;
	w->never = 0;
}

/* Adds an atom (copied); too many make the need unusable. */
static void
need_add(struct need *w, const char *field, const char *lit, size_t len)
{
	if (w->any)
		return;
	if (len < PF_MIN_LIT || w->n == PF_MAX_ATOMS) {
		need_any(w);
		return;
	}
	w->a[w->n].field = field;
	w->a[w->n].lit = xstrndup(lit, len);
	w->a[w->n].len = len;
	w->n++;
}

/* A need ranks by its shortest literal, then by how few atoms it has. */
static int
need_better(const struct need *a, const struct need *b)
{
	size_t i, ma = (size_t)-1, mb = (size_t)-1;

	if (a->never || b->never)
		return a->never && !b->never;
	if (a->any)
		return 0;
	if (b->any)
		return 1;
	for (i = 0; i < a->n; i++)
		ma = a->a[i].len < ma ? a->a[i].len : ma;
	for (i = 0; i < b->n; i++)
		mb = b->a[i].len < mb ? b->a[i].len : mb;
	return ma != mb ? ma > mb : a->n < b->n;
}

/* Keeps the better of *best and *cand (both are needed); frees the other. */
static void
need_keep_better(struct need *best, struct need *cand)
{
	if (need_better(cand, best)) {
		need_free(best);
		*best = *cand;
	} else
		need_free(cand);
}

/* Adds every atom of sub to the union w; a sub that needs nothing makes w need nothing, one
 * that cannot hold adds nothing. */
static void
need_union(struct need *w, struct need *sub)
{
	size_t j;

	if (sub->never) {
		need_free(sub);
		return;
	}
	w->never = 0;
	if (sub->any)
		need_any(w);
	for (j = 0; j < sub->n; j++)
		need_add(w, sub->a[j].field, sub->a[j].lit, sub->a[j].len);
	need_free(sub);
}

/* ---- What a regular expression needs. ---- */

static int
is_quantifier_at(const char *p)
{
	const char *q;

	if (*p == '?' || *p == '*' || *p == '+')
		return 1;
	if (*p != '{')
		return 0;
	for (q = p + 1; *q >= '0' && *q <= '9'; q++)
		;
	if (q == p + 1)
		return 0;
	if (*q == ',')
		for (q++; *q >= '0' && *q <= '9'; q++)
			;
	return *q == '}';
}

/* 1 when the quantifier at p allows zero repetitions. */
static int
quantifier_allows_none(const char *p)
{
	return *p == '?' || *p == '*' || (*p == '{' && p[1] == '0' && (p[2] < '0' || p[2] > '9'));
}

/* Skips a quantifier at p (with a lazy or possessive suffix); returns the position after. */
static const char *
skip_quantifier(const char *p)
{
	if (*p == '{')
		p = strchr(p, '}') + 1;
	else
		p++;
	if (*p == '?' || *p == '+')
		p++;
	return p;
}

/* Skips a character class that starts at p ('['); NULL if it does not end. */
static const char *
skip_class(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']') {
		if (*p == '\\' && p[1])
			p += 2;
		else if (p[0] == '[' && p[1] == ':') {
			const char *e = strstr(p + 2, ":]");
			if (e == NULL)
				return NULL;
			p = e + 2;
		} else
			p++;
	}
	return *p == ']' ? p + 1 : NULL;
}

/* Skips a group that starts at p ('('); NULL if it does not end. */
static const char *
skip_group(const char *p)
{
	int depth = 0;

	while (*p) {
		if (*p == '\\') {
			if (!p[1])
				return NULL;
			p += 2;
		} else if (*p == '[') {
			if ((p = skip_class(p)) == NULL)
				return NULL;
		} else if (*p == '(') {
			depth++;
			p++;
		} else if (*p == ')') {
			p++;
			if (--depth == 0)
				return p;
		} else
			p++;
	}
	return NULL;
}

/* 1 for a pattern this reader does not follow: verbs such as (*ACCEPT) can end a match
 * early, extended mode (?x) makes white space mean nothing, \Q quotes. */
static int
re_unsafe(const char *p)
{
	const char *q;

	if (strstr(p, "(*") != NULL || strstr(p, "\\Q") != NULL)
		return 1;
	for (q = p; (q = strstr(q, "(?")) != NULL; q += 2) {
		const char *f = q + 2;
		while ((*f >= 'a' && *f <= 'z') || (*f >= 'A' && *f <= 'Z') || *f == '-' ||
		    *f == '^')
			if (*f++ == 'x')
				return 1;
	}
	return 0;
}

/* The length of the opening of a group at p whose content must match when the group does
 * ("(", "(?:", "(?>", "(?|", named groups, "(?i:"), or 0 for other groups (look-arounds,
 * conditions, comments, calls, option settings): those are skipped whole. */
static size_t
plain_group(const char *p)
{
	const char *q;

	if (p[1] != '?')
		return 1;
	if (p[2] == ':' || p[2] == '>' || p[2] == '|')
		return 3;
	if ((p[2] == '<' && p[3] != '=' && p[3] != '!') || p[2] == '\'' ||
	    (p[2] == 'P' && p[3] == '<')) {
		q = strpbrk(p + 3, ">'");
		return q ? (size_t)(q + 1 - p) : 0;
	}
	for (q = p + 2; (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '-' ||
	    *q == '^'; q++)
		;
	return *q == ':' ? (size_t)(q + 1 - p) : 0;
}

static int re_alt(const char **pp, const char *field, struct need *w, int depth);

/* A candidate need from the current run of literals. */
static void
run_done(const char *field, char *run, size_t *rn, struct need *best)
{
	struct need cand = {0, 0, 0, {{NULL, NULL, 0}}};

	if (*rn >= PF_MIN_LIT) {
		need_add(&cand, field, run, *rn);
		need_keep_better(best, &cand);
	}
	*rn = 0;
}

/*
 * One branch: a sequence of items, all of which a match contains, so the branch needs the
 * best of what they need. A run of literal characters with no quantifier is a need, and so
 * is a group that cannot be skipped. The pattern is matched caselessly in UTF mode, where
 * 'k' and 's' also match the Kelvin and long s signs and non-ASCII letters have other
 * cases: those end a run, so a byte-wise caseless search for the run never misses a match.
 */
static int
re_branch(const char **pp, const char *field, struct need *best, int depth)
{
	char run[RE_LIT_MAX];
	size_t rn = 0, open;
	const char *p = *pp;
	int c, d;

	best->any = 1;
	best->never = 0;
	best->n = 0;
	while (*p && *p != '|' && *p != ')') {
		/* c: the literal character read, or -1 for anything else. */
		c = (unsigned char)*p;
		if (c == '\\') {
			if ((d = (unsigned char)p[1]) == '\0')
				return -1;
			if ((d >= '0' && d <= '9') || strchr("gkNpPxoc", d) != NULL)
				return -1;	/* references and escapes with arguments */
			c = (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || d >= 0x80 ? -1 : d;
			p += 2;
		} else if (c == '(' && (open = plain_group(p)) > 0) {
			struct need sub;
			run_done(field, run, &rn, best);
			p += open;
			if (re_alt(&p, field, &sub, depth + 1) != 0 || *p != ')') {
				need_free(&sub);
				return -1;
			}
			p++;
			if (is_quantifier_at(p) && quantifier_allows_none(p))
				need_free(&sub);
			else
				need_keep_better(best, &sub);
			c = -1;
		} else if (c == '(' || c == '[') {
			if ((p = c == '(' ? skip_group(p) : skip_class(p)) == NULL)
				return -1;
			c = -1;
		} else {
			p++;
			if (strchr(".^${?*+", c) != NULL)
				c = -1;
		}
		/* An atom that may be absent or repeated ends the run. */
		if (is_quantifier_at(p)) {
			c = -1;
			p = skip_quantifier(p);
		}
		if (c < 0x20 || c >= 0x80 || lc((unsigned char)c) == 'k' ||
		    lc((unsigned char)c) == 's' || rn == RE_LIT_MAX)
			run_done(field, run, &rn, best);
		else
			run[rn++] = (char)c;
	}
	run_done(field, run, &rn, best);
	*pp = p;
	return 0;
}

/* Branches separated by '|' up to ')' or the end: a match needs what one of them needs. */
static int
re_alt(const char **pp, const char *field, struct need *w, int depth)
{
	struct need b;

	w->any = w->never = 0;
	w->n = 0;
	if (depth > RULE_MAX_DEPTH)
		return -1;
	for (;;) {
		if (re_branch(pp, field, &b, depth) != 0) {
			need_free(&b);
			return -1;
		}
		need_union(w, &b);
		if (**pp != '|')
			return 0;
		(*pp)++;
	}
}

/* What a match of pattern p on field needs; "any" when nothing is sure. */
static void
need_of_regex(const char *p, const char *field, struct need *w)
{
	w->any = w->never = 0;
	w->n = 0;
	if (re_unsafe(p) || re_alt(&p, field, w, 0) != 0 || *p != '\0')
		need_any(w);
}

/* ---- What a condition needs. ---- */

static void need_of(const struct cond *k, const char *kind, struct need *w);

/* Stands for a kind not known at all (too many kinds to tell apart): kind tests may hold. */
static const char kind_unknown[] = "";

/* A "kind:" test, for a record of this kind (NULL: a kind no test names). */
static void
need_of_kind(const struct cond *k, const char *kind, struct need *w)
{
	size_t i, eq = 0;

	if (kind == kind_unknown) {
		w->any = 1;
		return;
	}
	for (i = 0; i < k->nvals; i++)
		eq += kind != NULL && ascii_casecmp(k->vals[i], kind) == 0;
	if (k->all ? eq == k->nvals : eq > 0)
		w->any = 1;
	else
		w->never = 1;
}

/* A `file:` glob (the path must match whole, '*' and '?' are the only wildcards) needs
 * its longest run of plain characters. */
static void
need_of_file(const struct cond *k, struct need *w)
{
	const char *v, *run, *best;
	size_t i, len, blen;

	if (k->all || (k->op != OP_GLOB && k->op != OP_EQ && k->op != OP_CONTAINS &&
	    k->op != OP_STARTSWITH && k->op != OP_ENDSWITH)) {
		w->any = 1;
		return;
	}
	for (i = 0; i < k->nvals && !w->any; i++) {
		v = k->vals[i];
		if (k->op != OP_GLOB) {
			need_add(w, PF_FILE, v, strlen(v));
			continue;
		}
		for (best = run = v, blen = 0; ; v++)
			if (*v == '*' || *v == '?' || *v == '\0') {
				if ((len = (size_t)(v - run)) > blen) {
					blen = len;
					best = run;
				}
				if (*v == '\0')
					break;
				run = v + 1;
			}
		need_add(w, PF_FILE, best, blen);
	}
}

static void
need_of_test(const struct cond *k, const char *kind, struct need *w)
{
	struct need one;
	size_t i, len, best = 0, bi = 0;

	w->any = w->never = 0;
	w->n = 0;
	if (k->src == SRC_KIND && k->op == OP_EQ && k->nvals > 0) {
		need_of_kind(k, kind, w);
		return;
	}
	if (k->src == SRC_FILE && k->nvals > 0) {
		need_of_file(k, w);
		return;
	}
	if (k->src != SRC_FIELD || k->nvals == 0) {
		w->any = 1;
		return;
	}
	switch (k->op) {
	case OP_EQ:
	case OP_CONTAINS:
	case OP_STARTSWITH:
	case OP_ENDSWITH:
		if (!k->all) {
			for (i = 0; i < k->nvals; i++)
				need_add(w, k->field, k->vals[i], strlen(k->vals[i]));
			return;
		}
		/* Every value must hold: the longest one is needed. */
		for (i = 0; i < k->nvals; i++)
			if ((len = strlen(k->vals[i])) > best) {
				best = len;
				bi = i;
			}
		need_add(w, k->field, k->vals[bi], best);
		return;
	case OP_RE:
		if (!k->all) {
			for (i = 0; i < k->nvals && !w->any; i++) {
				need_of_regex(k->vals[i], k->field, &one);
				need_union(w, &one);
			}
			return;
		}
		w->any = 1;
		for (i = 0; i < k->nvals; i++) {
			need_of_regex(k->vals[i], k->field, &one);
			need_keep_better(w, &one);
		}
		return;
	default:
		w->any = 1;
		return;
	}
}

/* What k needs of a record of this kind (NULL: a kind no "kind:" test names). */
static void
need_of(const struct cond *k, const char *kind, struct need *w)
{
	struct need sub;
	size_t i;

	w->any = w->never = 0;
	w->n = 0;
	switch (k->type) {
	case COND_TEST:
		need_of_test(k, kind, w);
		return;
	case COND_ALL:
		/* Any term's need is the whole conjunction's: keep the best one. */
		w->any = 1;
		for (i = 0; i < k->nkids && !w->never; i++) {
			need_of(&k->kids[i], kind, &sub);
			need_keep_better(w, &sub);
		}
		return;
	case COND_ANY:
		w->never = 1;
		for (i = 0; i < k->nkids && !w->any; i++) {
			need_of(&k->kids[i], kind, &sub);
			need_union(w, &sub);
		}
		return;
	default:		/* a negation needs nothing */
		w->any = 1;
		return;
	}
}

/* ---- Building. ---- */

/* How common a byte is in log text: the anchor is the pair with the lowest sum. */
static int
commonness(unsigned char c)
{
	static const char order[] = " etaoinsrhldcumfpgwybvkxjqz";
	const char *p;

	c = (unsigned char)lc(c);
	if (c != '\0' && (p = strchr(order, c)) != NULL)
		return 40 - (int)(p - order);
	if (c >= '0' && c <= '9')
		return 20;
	if (c == ':' || c == '.' || c == ',' || c == '\\' || c == '/' || c == '-' || c == '_')
		return 16;
	return 8;
}

static int
is_hex_digit(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* How common a pair of (lower-case) bytes is in log text: the sum for its bytes, more for
 * the commonest English letter pairs and those of the words backup logs repeat, and for two
 * hex digits (GUIDs, pointers and codes are everywhere). Every hit of an anchor costs a
 * look at its literals. */
static int
pair_commonness(unsigned char a, unsigned char b)
{
	static const char common[] =
	    "th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as "
	    "ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur wi ac ap ge ow "
	    "ck ly up iz pp cl ";
	const char *p;
	int score = commonness(a) + commonness(b);

	if (is_hex_digit(a) && is_hex_digit(b))
		score += 24;
	for (p = common; *p; p += 3)
		if ((unsigned char)p[0] == a && (unsigned char)p[1] == b) {
			score += 24;
			break;
		}
	return score;
}

/* The two bytes at p as one number, in the host's order: the scan loads them so. */
static unsigned
pair_key(const unsigned char *p)
{
	uint16_t k;

	memcpy(&k, p, 2);
	return k;
}

static int
other_case(int c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 'A';
	return c;
}

/* Marks the anchor pair a, b (lower case) in each of its case variants. */
static void
mark_pair(struct pf_field *fd, int a, int b)
{
	unsigned char v[2];
	unsigned k;
	int i, j;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++) {
			v[0] = (unsigned char)(i ? other_case(a) : a);
			v[1] = (unsigned char)(j ? other_case(b) : b);
			k = pair_key(v);
			fd->pairs[k >> 3] |= (unsigned char)(1u << (k & 7));
		}
}

static unsigned
bucket(unsigned pair)
{
	return (pair * 2654435761u) >> 20 & (PF_BUCKETS - 1);
}

/* The field's index, added if new and there is room; PF_MAX_FIELDS when there is none. */
static size_t
field_index(struct prefilter *pf, const char *name)
{
	size_t i;

	for (i = 0; i < pf->nfields; i++)
		if (ascii_casecmp(pf->fields[i].name, name) == 0)
			return i;
	if (pf->nfields == PF_MAX_FIELDS)
		return PF_MAX_FIELDS;
	pf->fields = xgrow(pf->fields, &pf->fieldcap, pf->nfields + 1, sizeof *pf->fields);
	pf->fields[i].name = xstrdup(name);
	memset(pf->fields[i].pairs, 0, sizeof pf->fields[i].pairs);
	if (strcmp(name, PF_FILE) == 0)
		pf->file_field = i;
	for (i = 0; i < PF_BUCKETS; i++)
		pf->fields[pf->nfields].head[i] = PF_NONE;
	return pf->nfields++;
}

/* The literal's index, added if new (the field must exist). A literal is found again through
 * its anchor's bucket, so building stays linear in the number of literals. */
static uint32_t
lit_index(struct prefilter *pf, const struct atom *a)
{
	struct pf_lit *l;
	size_t f = field_index(pf, a->field), i, best = 0;
	int score, min = 1 << 30;
	unsigned b, pair;
	char *s = xstrndup(a->lit, a->len);
	uint32_t k;

	for (i = 0; i < a->len; i++)
		s[i] = (char)lc((unsigned char)s[i]);
	for (i = 0; i + 1 < a->len; i++) {
		score = pair_commonness((unsigned char)s[i], (unsigned char)s[i + 1]);
		if (score < min) {
			min = score;
			best = i;
		}
	}
	pair = (unsigned)(unsigned char)s[best] << 8 | (unsigned char)s[best + 1];
	b = bucket(pair);
	for (k = pf->fields[f].head[b]; k != PF_NONE; k = pf->lits[k].next)
		if (pf->lits[k].n == a->len && memcmp(pf->lits[k].s, s, a->len) == 0) {
			free(s);
			return k;
		}
	pf->lits = xgrow(pf->lits, &pf->litcap, pf->nlits + 1, sizeof *pf->lits);
	l = &pf->lits[pf->nlits];
	l->s = s;
	l->n = a->len;
	l->guards = NULL;
	l->nguards = 0;
	l->field = f;
	l->anchor = best;
	l->pair = pair;
	mark_pair(&pf->fields[f], (unsigned char)s[best], (unsigned char)s[best + 1]);
	l->next = pf->fields[f].head[b];
	pf->fields[f].head[b] = (uint32_t)pf->nlits;
	return (uint32_t)pf->nlits++;
}

/* The guard (+ 1) for a need, 0 when it needs nothing sure; w is used up. A need that cannot
 * be met gets a guard with no fields, which never lets a record through. */
static uint32_t
guard_of(struct prefilter *pf, struct need *w)
{
	struct pf_lit *l;
	uint32_t gi, li;
	size_t i;

	/* Bounds, for packs far beyond any real one: past them, conditions go unguarded. */
	if (pf->nlits + w->n > PF_MAX_LITS)
		need_any(w);
	for (i = 0; i < w->n && !w->any; i++)
		if (field_index(pf, w->a[i].field) >= PF_MAX_FIELDS)
			need_any(w);
	if (w->any) {
		need_free(w);
		return 0;
	}
	pf->guards = xgrow(pf->guards, &pf->guardcap, pf->nguards + 1, sizeof *pf->guards);
	gi = (uint32_t)pf->nguards++;
	pf->guards[gi].fields = 0;
	pf->guards[gi].rule = pf->cur_rule;
	for (i = 0; i < w->n; i++) {
		li = lit_index(pf, &w->a[i]);
		l = &pf->lits[li];
		if (l->nguards == 0 || l->guards[l->nguards - 1] != gi) {
			l->guards = xrealloc(l->guards, (l->nguards + 1) * sizeof *l->guards);
			l->guards[l->nguards++] = gi;
		}
		pf->guards[gi].fields |= (uint64_t)1 << l->field;
	}
	need_free(w);
	return gi + 1;
}

/* Notes the kinds k's "kind:" tests name. */
static void
collect_kinds(struct prefilter *pf, const struct cond *k)
{
	size_t i, j;

	for (i = 0; i < k->nkids; i++)
		collect_kinds(pf, &k->kids[i]);
	if (k->type != COND_TEST || k->src != SRC_KIND || k->op != OP_EQ)
		return;
	for (i = 0; i < k->nvals; i++) {
		for (j = 0; j < pf->nkinds && ascii_casecmp(pf->kinds[j], k->vals[i]) != 0; j++)
			;
		if (j < pf->nkinds)
			continue;
		pf->kinds = xgrow(pf->kinds, &pf->kindcap, pf->nkinds + 1, sizeof *pf->kinds);
		pf->kinds[pf->nkinds++] = xstrdup(k->vals[i]);
	}
}

/* Gives k its guards, one per kind slot, when it needs literals for some kind; notes for its
 * rule which slots it leaves unguarded and which fields it makes them scan. */
static void
guard(struct prefilter *pf, struct cond *k)
{
	size_t s, nslots = pf->nkinds + 1, at = pf->nconds * nslots, r = pf->cur_rule;
	uint64_t bit = (uint64_t)1 << (r % 64);
	struct need w;
	uint32_t g;
	int some = 0;

	pf->gid = xgrow(pf->gid, &pf->gidcap, at + nslots, sizeof *pf->gid);
	for (s = 0; s < nslots; s++) {
		need_of(k, s < pf->nkinds ? pf->kinds[s] : pf->kind_blind ? kind_unknown : NULL,
		    &w);
		g = pf->gid[at + s] = guard_of(pf, &w);
		some |= g != 0;
		if (g == 0)
			pf->always[s * pf->words + r / 64] |= bit;
		else
			pf->slot_fields[s] |= pf->guards[g - 1].fields;
	}
	if (!some) {
		k->guard = 0;
		return;
	}
	k->guard = (unsigned)++pf->nconds;
}

/* The conditions evaluated for every record: the guarded ones. */
static size_t
per_record_conds(struct ruleset *rs, size_t i, struct cond **out)
{
	struct rule *r;
	size_t n = 0;

	if (i == rs->nrules) {
		if (rs->has_success)
			out[n++] = &rs->success;
		return n;
	}
	r = &rs->rules[i];
	out[n++] = &r->match;
	if (r->is_check)
		out[n++] = &r->requires;
	if (r->has_within)
		out[n++] = &r->within_of;
	if (r->has_join)
		out[n++] = &r->join_of;
	if (r->has_without)
		out[n++] = &r->without;
	if (r->has_escalate)
		out[n++] = &r->esc_when;
	return n;
}

struct prefilter *
prefilter_build(struct ruleset *rs)
{
	struct prefilter *pf = xcalloc(1, sizeof *pf);
	struct cond *c[8];
	size_t i, j, n;

	pf->file_field = PF_MAX_FIELDS;
	pf->nrules = rs->nrules;
	pf->words = rs->nrules / 64 + 1;	/* bit nrules: the pack's success */
	for (i = 0; i <= rs->nrules; i++)
		for (n = per_record_conds(rs, i, c), j = 0; j < n; j++)
			collect_kinds(pf, c[j]);
	if (pf->nkinds > PF_MAX_KINDS) {
		for (i = 0; i < pf->nkinds; i++)
			free(pf->kinds[i]);
		pf->nkinds = 0;
		pf->kind_blind = 1;
	}
	pf->always = xcalloc((pf->nkinds + 1) * pf->words, sizeof *pf->always);
	pf->slot_fields = xcalloc(pf->nkinds + 1, sizeof *pf->slot_fields);
	for (i = 0; i <= rs->nrules; i++) {
		pf->cur_rule = i;
		for (n = per_record_conds(rs, i, c), j = 0; j < n; j++)
			guard(pf, c[j]);
	}
	return pf;
}

void
prefilter_free(struct prefilter *pf)
{
	size_t i;

	if (pf == NULL)
		return;
	for (i = 0; i < pf->nlits; i++) {
		free(pf->lits[i].s);
		free(pf->lits[i].guards);
	}
	free(pf->lits);
	for (i = 0; i < pf->nfields; i++)
		free(pf->fields[i].name);
	free(pf->fields);
	free(pf->guards);
	for (i = 0; i < pf->nkinds; i++)
		free(pf->kinds[i]);
	free(pf->kinds);
	free(pf->gid);
	free(pf->always);
	free(pf->slot_fields);
	free(pf);
}

size_t
prefilter_literals(const struct prefilter *pf)
{
	return pf ? pf->nlits : 0;
}

/* ---- Per record. ---- */

struct prefilter_state *
prefilter_state_new(const struct prefilter *pf)
{
	struct prefilter_state *st = xcalloc(1, sizeof *st);

	st->hit_seq = xcalloc(pf && pf->nlits ? pf->nlits : 1, sizeof *st->hit_seq);
	st->pass_seq = xcalloc(pf && pf->nguards ? pf->nguards : 1, sizeof *st->pass_seq);
	st->live = xcalloc(pf && pf->words ? pf->words : 1, sizeof *st->live);
	return st;
}

void
prefilter_state_free(struct prefilter_state *st)
{
	if (st == NULL)
		return;
	free(st->hit_seq);
	free(st->pass_seq);
	free(st->live);
	free(st);
}

void
prefilter_get_stats(const struct prefilter_state *st, struct prefilter_stats *out)
{
	*out = st->stats;
}

/* Marks every literal of field f that occurs in v. */
static void
scan(const struct prefilter *pf, struct prefilter_state *st, size_t f, const char *v,
    uint64_t seq)
{
	const struct pf_field *fd = &pf->fields[f];
	const unsigned char *u = (const unsigned char *)v;
	size_t n = strlen(v), i, start, g;
	unsigned key, pair;
	uint32_t l;

	st->stats.scans++;
	st->stats.bytes += n;
	/* Each pair of bytes is looked up as it is; case is folded only on a hit. */
	for (i = 0; i + 1 < n; i++) {
		key = pair_key(u + i);
		if (!(fd->pairs[key >> 3] & 1u << (key & 7)))
			continue;
		pair = lc(u[i]) << 8 | lc(u[i + 1]);
		for (l = fd->head[bucket(pair)]; l != PF_NONE; l = pf->lits[l].next) {
			const struct pf_lit *lit = &pf->lits[l];
			if (lit->pair != pair || i < lit->anchor || st->hit_seq[l] == seq)
				continue;
			start = i - lit->anchor;
			if (start + lit->n <= n && ascii_ncasecmp(v + start, lit->s, lit->n) == 0) {
				st->hit_seq[l] = seq;
				for (g = 0; g < lit->nguards; g++) {
					size_t ru = pf->guards[lit->guards[g]].rule;
					st->pass_seq[lit->guards[g]] = seq;
					st->live[ru / 64] |= (uint64_t)1 << (ru % 64);
				}
			}
		}
	}
}

/* The slot of the record's kind, found once per record, which also starts the record: no
 * field scanned yet, and only the rules the slot's unguarded conditions keep live. */
static size_t
kind_slot(const struct prefilter *pf, struct prefilter_state *st, const struct record *r,
    uint64_t seq)
{
	size_t i;

	if (st->kind_seq != seq) {
		/* Parsers name kinds with static strings: the last one seen is the likely one. */
		if (r->kind == NULL || r->kind != st->last_kind) {
			for (i = 0; i < pf->nkinds; i++)
				if (r->kind != NULL && ascii_casecmp(r->kind, pf->kinds[i]) == 0)
					break;
			st->last_kind = r->kind;
			st->last_slot = i;
		}
		st->kind_slot = st->last_slot;
		st->kind_seq = seq;
		st->scanned = 0;
		for (i = 0; i < pf->words; i++)
			st->live[i] = pf->always[st->kind_slot * pf->words + i];
	}
	return st->kind_slot;
}

/* Scans the fields in todo that this record has not had scanned. */
static void
scan_fields(const struct prefilter *pf, struct prefilter_state *st, uint64_t todo,
    const struct record *r, uint64_t seq)
{
	const char *v;
	size_t f;

	todo &= ~st->scanned;
	for (f = 0; todo != 0; f++, todo >>= 1)
		if (todo & 1) {
			st->scanned |= (uint64_t)1 << f;
			v = f == pf->file_field ? r->entry : record_get(r, pf->fields[f].name);
			if (v != NULL)
				scan(pf, st, f, v, seq);
		}
}

void
prefilter_scan_record(const struct prefilter *pf, struct prefilter_state *st,
    const struct record *r, uint64_t seq)
{
	/* Every field the kind's guards look at is scanned, and the literals found switch
	 * their rules on. */
	if (pf != NULL)
		scan_fields(pf, st, pf->slot_fields[kind_slot(pf, st, r, seq)], r, seq);
}

int
prefilter_rule_live(const struct prefilter *pf, struct prefilter_state *st, size_t rule,
    const struct record *r, uint64_t seq)
{
	if (pf == NULL || rule >= pf->nrules)
		return 1;
	prefilter_scan_record(pf, st, r, seq);
	return (st->live[rule / 64] >> (rule % 64)) & 1;
}

const uint64_t *
prefilter_live(const struct prefilter *pf, const struct prefilter_state *st)
{
	return pf == NULL ? NULL : st->live;
}

int
prefilter_may_hold(const struct prefilter *pf, struct prefilter_state *st,
    const struct cond *k, const struct record *r, uint64_t seq)
{
	uint32_t gid;

	if (k->guard == 0 || pf == NULL)
		return 1;
	gid = pf->gid[(k->guard - 1) * (pf->nkinds + 1) + kind_slot(pf, st, r, seq)];
	if (gid == 0)
		return 1;
	scan_fields(pf, st, pf->guards[gid - 1].fields, r, seq);
	if (st->pass_seq[gid - 1] == seq)
		return 1;
	st->stats.skipped++;
	return 0;
}
