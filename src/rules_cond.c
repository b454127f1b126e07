/* Rule conditions: compiling a condition mapping (field tests with Sigma-style modifiers,
 * all / any / not, set) once at load time, and evaluating it against one record. */
#include <stdlib.h>
#include <string.h>
#include "rules_int.h"

static const struct {
	const char *name;
	enum test_op op;
} modifiers[] = {
	{"contains", OP_CONTAINS}, {"startswith", OP_STARTSWITH}, {"endswith", OP_ENDSWITH},
	{"glob", OP_GLOB}, {"re", OP_RE}, {"gt", OP_GT}, {"gte", OP_GTE}, {"lt", OP_LT},
	{"lte", OP_LTE}, {"version_lt", OP_VERSION_LT}, {"version_gte", OP_VERSION_GTE},
	{"exists", OP_EXISTS},
};

/* Names reserved for values every template can use; captures may not take them. */
static const char *const reserved[] = {
	"count", "first_time", "last_time", "subject", "file", "line", "kind", "time", "excerpt",
};

static int
is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '.' || c == '-' || c == ':';
}

void
cond_free(struct cond *k)
{
	size_t i, j;

	for (i = 0; i < k->nkids; i++)
		cond_free(&k->kids[i]);
	free(k->kids);
	free(k->field);
	for (i = 0; i < k->nvals; i++) {
		free(k->vals[i]);
		if (k->res) {
			pcre2_code_free(k->res[i].code);
			for (j = 0; j < k->res[i].nnames; j++)
				free(k->res[i].names[j].name);
			free(k->res[i].names);
		}
	}
	free(k->vals);
	free(k->nums);
	free(k->res);
	if (k->setnames) {
		for (i = 0; i < k->nvals; i++)
			free(k->setnames[i]);
		free(k->setnames);
	}
	memset(k, 0, sizeof *k);
}

static int
regex_compile(struct lctx *c, const struct ynode *at, const char *pat, size_t len,
    struct regex *re, uint32_t *maxgroups)
{
	uint32_t opts = PCRE2_CASELESS | PCRE2_UTF;
	uint32_t ncap = 0, count = 0, esize = 0, i, j;
	PCRE2_SPTR table;
	PCRE2_SIZE off;
	int ecode;

#ifdef PCRE2_MATCH_INVALID_UTF
	/* Records should be valid UTF-8, but a bad byte must not turn into a match error. */
	opts |= PCRE2_MATCH_INVALID_UTF;
#endif
	re->code = pcre2_compile((PCRE2_SPTR)pat, len, opts, &ecode, &off, NULL);
	if (re->code == NULL) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ecode, msg, sizeof msg);
		lerr(c, at, "bad regular expression at offset %lu: %s", (unsigned long)off,
		    (const char *)msg);
		return -1;
	}
	/* JIT is an optimisation only: without it the interpreter runs with the same limits. */
	(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &ncap);
	if (ncap > *maxgroups)
		*maxgroups = ncap;
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &count);
	if (count == 0)
		return 0;
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &esize);
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &table);
	re->names = xcalloc(count, sizeof *re->names);
	for (i = 0; i < count; i++) {
		PCRE2_SPTR e = table + (size_t)i * esize;
		const char *nm = (const char *)e + 2;
		for (j = 0; j < MT_ARRAY_LEN(reserved); j++)
			if (strcmp(nm, reserved[j]) == 0) {
				lerr(c, at, "capture name '%s' is reserved for templates", nm);
				return -1;
			}
		re->names[re->nnames].name = xstrdup(nm);
		re->names[re->nnames].group = ((uint32_t)e[0] << 8) | e[1];
		re->nnames++;
	}
	return 0;
}

/* Parses "field|mod|mod" into the test. */
static int
parse_key(struct lctx *c, const struct ynode *key, struct cond *t)
{
	const char *s = key->text, *bar;
	size_t n, i;
	int have_op = 0;

	bar = strchr(s, '|');
	n = bar ? (size_t)(bar - s) : strlen(s);
	if (n == 0) {
		lerr(c, key, "empty field name in '%s'", s);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!is_name_char((unsigned char)s[i])) {
			lerr(c, key, "bad character in field name '%.*s'", (int)n, s);
			return -1;
		}
	t->field = xstrndup(s, n);
	if (strcmp(t->field, "kind") == 0)
		t->src = SRC_KIND;
	else if (strcmp(t->field, "file") == 0)
		t->src = SRC_FILE;
	else
		t->src = SRC_FIELD;
	t->op = t->src == SRC_FILE ? OP_GLOB : OP_EQ;
	while (bar != NULL) {
		const char *m = bar + 1;
		size_t ml;
		bar = strchr(m, '|');
		ml = bar ? (size_t)(bar - m) : strlen(m);
		if (ml == 3 && memcmp(m, "all", 3) == 0) {
			t->all = 1;
			continue;
		}
		for (i = 0; i < MT_ARRAY_LEN(modifiers); i++)
			if (strlen(modifiers[i].name) == ml &&
			    memcmp(modifiers[i].name, m, ml) == 0)
				break;
		if (i == MT_ARRAY_LEN(modifiers)) {
			lerr(c, key, "unknown modifier '%.*s' (see marstriage-rules(5))",
			    (int)ml, m);
			return -1;
		}
		if (have_op) {
			lerr(c, key, "more than one comparison in '%s'", s);
			return -1;
		}
		have_op = 1;
		t->op = modifiers[i].op;
	}
	if (t->op == OP_EXISTS && t->all) {
		lerr(c, key, "'exists' takes no 'all'");
		return -1;
	}
	return 0;
}

static int
compile_value(struct lctx *c, const struct ynode *v, struct cond *t, size_t i,
    uint32_t *maxgroups)
{
	if (v->type != Y_SCALAR) {
		lerr(c, v, "'%s' needs a value or a list of values", t->field);
		return -1;
	}
	if (ynode_is_null(v)) {
		lerr(c, v, "'%s' has no value (write \"\" for the empty string)", t->field);
		return -1;
	}
	if (strlen(v->text) != v->len) {
		lerr(c, v, "a NUL character cannot be matched");
		return -1;
	}
	/* {pack.NAME} stands for a constant of the pack file. */
	if ((t->vals[i] = pack_expand(c, v, v->text, v->len)) == NULL)
		return -1;
	switch (t->op) {
	case OP_GT:
	case OP_GTE:
	case OP_LT:
	case OP_LTE:
		if (parse_int64(t->vals[i], strlen(t->vals[i]), &t->nums[i]) != 0) {
			lerr(c, v, "'%s' needs an integer, not '%s'", t->field, t->vals[i]);
			return -1;
		}
		break;
	case OP_VERSION_LT:
	case OP_VERSION_GTE: {
		int cmp;
		if (version_compare(t->vals[i], t->vals[i], &cmp) != 0) {
			lerr(c, v, "'%s' needs a dotted version such as 2.0.9083.0, not '%s'",
			    t->field, t->vals[i]);
			return -1;
		}
		break;
	}
	case OP_RE:
		return regex_compile(c, v, t->vals[i], strlen(t->vals[i]), &t->res[i],
		    maxgroups);
	default:
		break;
	}
	return 0;
}

static int
compile_test(struct lctx *c, const struct ynode *key, const struct ynode *v, struct cond *t,
    uint32_t *maxgroups)
{
	size_t i, n;

	t->type = COND_TEST;
	if (parse_key(c, key, t) < 0)
		return -1;
	if (t->op == OP_EXISTS) {
		if (ynode_bool(v, &t->exists) != 0) {
			lerr(c, v, "'%s|exists' needs true or false", t->field);
			return -1;
		}
		return 0;
	}
	if (v->type == Y_SEQ && v->nkids == 0) {
		lerr(c, v, "'%s' has an empty list", t->field);
		return -1;
	}
	n = v->type == Y_SEQ ? v->nkids : 1;
	t->nvals = n;
	t->vals = xcalloc(n, sizeof *t->vals);
	t->nums = xcalloc(n, sizeof *t->nums);
	if (t->op == OP_RE)
		t->res = xcalloc(n, sizeof *t->res);
	for (i = 0; i < n; i++)
		if (compile_value(c, v->type == Y_SEQ ? v->kids[i] : v, t, i, maxgroups) < 0) {
			t->nvals = i + 1;
			return -1;
		}
	return 0;
}

static int compile_map(struct lctx *, const struct ynode *, struct cond *, uint32_t *);

/* "set: {name: value, ...}": a term that always holds and sets captures. */
static int
compile_set(struct lctx *c, const struct ynode *v, struct cond *t)
{
	size_t i, j, n;

	t->type = COND_TEST;
	t->src = SRC_SET;
	t->field = xstrdup("set");
	if (v->type != Y_MAP || v->nkids == 0) {
		lerr(c, v, "'set' needs a mapping of name to value");
		return -1;
	}
	n = v->nkids / 2;
	t->setnames = xcalloc(n, sizeof *t->setnames);
	t->vals = xcalloc(n, sizeof *t->vals);
	for (i = 0; i < n; i++) {
		const struct ynode *k = v->kids[2 * i], *val = v->kids[2 * i + 1];
		t->nvals = i + 1;
		for (j = 0; k->text[j]; j++)
			if (!is_name_char((unsigned char)k->text[j]))
				break;
		if (j == 0 || k->text[j] != '\0') {
			lerr(c, k, "bad name '%s' in 'set'", k->text);
			return -1;
		}
		for (j = 0; j < MT_ARRAY_LEN(reserved); j++)
			if (strcmp(k->text, reserved[j]) == 0) {
				lerr(c, k, "name '%s' is reserved for templates", k->text);
				return -1;
			}
		t->setnames[i] = xstrdup(k->text);
		if (val->type != Y_SCALAR || strlen(val->text) != val->len) {
			lerr(c, val, "'set: %s' needs a text value", k->text);
			return -1;
		}
		if ((t->vals[i] = pack_expand(c, val, val->text, val->len)) == NULL)
			return -1;
	}
	return 0;
}

static int
compile_list(struct lctx *c, const struct ynode *key, const struct ynode *v, struct cond *t,
    uint32_t *maxgroups)
{
	size_t i;

	t->type = strcmp(key->text, "all") == 0 ? COND_ALL : COND_ANY;
	if (v->type != Y_SEQ || v->nkids == 0) {
		lerr(c, v, "'%s' needs a list of conditions", key->text);
		return -1;
	}
	t->kids = xcalloc(v->nkids, sizeof *t->kids);
	for (i = 0; i < v->nkids; i++) {
		t->nkids = i + 1;
		if (compile_map(c, v->kids[i], &t->kids[i], maxgroups) < 0)
			return -1;
	}
	return 0;
}

/* A mapping is the AND of its keys; one key stands for itself. */
static int
compile_map(struct lctx *c, const struct ynode *n, struct cond *out, uint32_t *maxgroups)
{
	struct cond *terms;
	size_t i, nt;

	memset(out, 0, sizeof *out);
	if (n->type != Y_MAP) {
		lerr(c, n, "a condition must be a mapping of field tests");
		return -1;
	}
	if (n->nkids == 0) {
		lerr(c, n, "empty condition");
		return -1;
	}
	nt = n->nkids / 2;
	terms = xcalloc(nt, sizeof *terms);
	out->type = COND_ALL;
	out->kids = terms;
	for (i = 0; i < nt; i++) {
		const struct ynode *k = n->kids[2 * i], *v = n->kids[2 * i + 1];
		int rc;
		out->nkids = i + 1;
		if (strcmp(k->text, "all") == 0 || strcmp(k->text, "any") == 0)
			rc = compile_list(c, k, v, &terms[i], maxgroups);
		else if (strcmp(k->text, "set") == 0)
			rc = compile_set(c, v, &terms[i]);
		else if (strcmp(k->text, "not") == 0) {
			terms[i].type = COND_NOT;
			terms[i].kids = xcalloc(1, sizeof *terms[i].kids);
			terms[i].nkids = 1;
			rc = compile_map(c, v, terms[i].kids, maxgroups);
		} else
			rc = compile_test(c, k, v, &terms[i], maxgroups);
		if (rc < 0)
			return -1;
	}
	if (nt == 1) {
		*out = terms[0];
		free(terms);
	}
	return 0;
}

int
cond_compile(struct lctx *c, const struct ynode *n, struct cond *out, uint32_t *maxgroups)
{
	if (compile_map(c, n, out, maxgroups) < 0) {
		cond_free(out);
		return -1;
	}
	return 0;
}

int
cond_kinds(const struct cond *k, const char ***kinds, size_t *nkinds)
{
	const char **all = NULL;
	size_t i, j, n = 0, cap = 0;

	switch (k->type) {
	case COND_TEST:
		if (k->src != SRC_KIND || k->op != OP_EQ)
			return -1;
		*kinds = xcalloc(k->nvals, sizeof **kinds);
		for (i = 0; i < k->nvals; i++)
			(*kinds)[i] = k->vals[i];
		*nkinds = k->nvals;
		return 0;
	case COND_ALL:
		/* Any pinned term bounds the whole conjunction. */
		for (i = 0; i < k->nkids; i++)
			if (cond_kinds(&k->kids[i], kinds, nkinds) == 0)
				return 0;
		return -1;
	case COND_ANY:
		for (i = 0; i < k->nkids; i++) {
			const char **sub;
			size_t ns;
			if (cond_kinds(&k->kids[i], &sub, &ns) < 0) {
				free(all);
				return -1;
			}
			for (j = 0; j < ns; j++) {
				all = xgrow(all, &cap, n + 1, sizeof *all);
				all[n++] = sub[j];
			}
			free(sub);
		}
		*kinds = all;
		*nkinds = n;
		return 0;
	default:
		return -1;
	}
}

/* ---- Evaluation. ---- */

int
version_compare(const char *a, const char *b, int *cmp)
{
	uint64_t va[8], vb[8];
	const char *s[2] = {a, b};
	uint64_t *v[2] = {va, vb};
	size_t n[2] = {0, 0}, i, k;

	for (k = 0; k < 2; k++) {
		const char *p = s[k];
		size_t len = strlen(p);
		trim_span(&p, &len);
		if (len == 0)
			return -1;
		for (;;) {
			uint64_t x = 0;
			size_t digits = 0;
			while (len > 0 && *p >= '0' && *p <= '9') {
				if (x > (UINT64_MAX - 9) / 10)
					return -1;
				x = x * 10 + (uint64_t)(*p - '0');
				p++;
				len--;
				digits++;
			}
			if (digits == 0 || n[k] == 8)
				return -1;
			v[k][n[k]++] = x;
			if (len == 0)
				break;
			if (*p != '.')
				return -1;
			p++;
			len--;
		}
	}
	*cmp = 0;
	for (i = 0; i < 8 && (i < n[0] || i < n[1]); i++) {
		uint64_t x = i < n[0] ? va[i] : 0, y = i < n[1] ? vb[i] : 0;
		if (x != y) {
			*cmp = x < y ? -1 : 1;
			break;
		}
	}
	return 0;
}

const char *
evalctx_capture(const struct evalctx *e, const char *name)
{
	size_t i;

	for (i = e->ncaps; i > 0; i--)
		if (strcmp(e->caps[i - 1].name, name) == 0)
			return e->buf.s + e->caps[i - 1].value;
	return NULL;
}

static int
re_test(const struct regex *re, const char *v, struct evalctx *e)
{
	int rc;
	size_t i;
	PCRE2_SIZE *ov;

	rc = pcre2_match(re->code, (PCRE2_SPTR)v, strlen(v), 0, 0, e->md, e->mc);
	if (rc < 0) {
		if (rc != PCRE2_ERROR_NOMATCH)
			e->re_failures++;
		return 0;
	}
	ov = pcre2_get_ovector_pointer(e->md);
	for (i = 0; i < re->nnames && e->ncaps < RULE_MAX_CAPTURES; i++) {
		uint32_t g = re->names[i].group;
		size_t len;
		if (g >= pcre2_get_ovector_count(e->md) || ov[2 * g] == PCRE2_UNSET)
			continue;
		len = utf8_cut(v + ov[2 * g], ov[2 * g + 1] - ov[2 * g], RULE_VALUE_MAX);
		e->caps[e->ncaps].name = re->names[i].name;
		e->caps[e->ncaps].value = e->buf.len;
		sb_add(&e->buf, v + ov[2 * g], len);
		sb_addc(&e->buf, '\0');
		e->ncaps++;
	}
	return 1;
}

static int
one_value(const struct cond *t, size_t i, const char *v, int have_num, int64_t num,
    struct evalctx *e)
{
	const char *want = t->vals[i];
	size_t vl, wl;
	int cmp;

	switch (t->op) {
	case OP_EQ:
		return ascii_casecmp(v, want) == 0;
	case OP_CONTAINS:
		return ascii_casestr(v, strlen(v), want) != NULL;
	case OP_STARTSWITH:
		return ascii_ncasecmp(v, want, strlen(want)) == 0;
	case OP_ENDSWITH:
		vl = strlen(v);
		wl = strlen(want);
		return vl >= wl && ascii_casecmp(v + vl - wl, want) == 0;
	case OP_GLOB:
		return glob_match(want, v);
	case OP_RE:
		return re_test(&t->res[i], v, e);
	case OP_GT:
		return have_num && num > t->nums[i];
	case OP_GTE:
		return have_num && num >= t->nums[i];
	case OP_LT:
		return have_num && num < t->nums[i];
	case OP_LTE:
		return have_num && num <= t->nums[i];
	case OP_VERSION_LT:
		return version_compare(v, want, &cmp) == 0 && cmp < 0;
	case OP_VERSION_GTE:
		return version_compare(v, want, &cmp) == 0 && cmp >= 0;
	default:
		return 0;
	}
}

static int
test_eval(const struct cond *t, struct evalctx *e)
{
	const char *v;
	int64_t num = 0;
	int have_num = 0;
	size_t i;

	switch (t->src) {
	case SRC_SET:
		for (i = 0; i < t->nvals && e->ncaps < RULE_MAX_CAPTURES; i++) {
			size_t len = utf8_cut(t->vals[i], strlen(t->vals[i]), RULE_VALUE_MAX);
			e->caps[e->ncaps].name = t->setnames[i];
			e->caps[e->ncaps].value = e->buf.len;
			sb_add(&e->buf, t->vals[i], len);
			sb_addc(&e->buf, '\0');
			e->ncaps++;
		}
		return 1;
	case SRC_KIND:
		v = e->r->kind;
		break;
	case SRC_FILE:
		v = e->r->entry;
		break;
	default:
		v = record_get(e->r, t->field);
		break;
	}
	if (t->op == OP_EXISTS)
		return (v != NULL) == t->exists;
	if (v == NULL)
		return 0;
	if (t->op >= OP_GT && t->op <= OP_LTE) {
		const char *p = v;
		size_t n = strlen(v);
		trim_span(&p, &n);
		have_num = parse_int64(p, n, &num) == 0;
		if (!have_num)
			return 0;
	}
	for (i = 0; i < t->nvals; i++) {
		int ok = one_value(t, i, v, have_num, num, e);
		if (ok && !t->all)
			return 1;
		if (!ok && t->all)
			return 0;
	}
	return t->all;
}

int
cond_eval(const struct cond *k, struct evalctx *e)
{
	size_t i, mark = e->ncaps, bufmark = e->buf.len;
	int ok;

	switch (k->type) {
	case COND_TEST:
		ok = test_eval(k, e);
		break;
	case COND_ALL:
		ok = 1;
		for (i = 0; i < k->nkids && ok; i++)
			ok = cond_eval(&k->kids[i], e);
		break;
	case COND_ANY:
		ok = 0;
		for (i = 0; i < k->nkids && !ok; i++)
			ok = cond_eval(&k->kids[i], e);
		break;
	case COND_NOT:
		ok = !cond_eval(&k->kids[0], e);
		/* Captures under a negation describe what did not happen: drop them. */
		e->ncaps = mark;
		e->buf.len = bufmark;
		break;
	default:
		ok = 0;
		break;
	}
	if (!ok) {
		/* A failed branch leaves no captures behind for the branch that succeeds. */
		e->ncaps = mark;
		e->buf.len = bufmark;
	}
	return ok;
}
