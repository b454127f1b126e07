/* Running the rules over one bundle: each record is tried against the rules its kind can
 * match, matches are folded into bounded per-subject state (kept apart per event computer),
 * and at the end that state becomes findings and checklist results: correlation (within,
 * join, without) decides what fires, a later successful backup makes older findings
 * history, and explains links causes to their consequences. */
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "rules_int.h"
#include "timeparse.h"

#define OTHER_SUBJECTS "(further subjects)"
#define DETAIL_MAX 300
#define NSLOTS (RULE_MAX_COMPUTERS + 2)	/* 0: no computer; 1..16: named; 17: the rest */
#define OVERFLOW_SLOT (RULE_MAX_COMPUTERS + 1)
#define JOIN_GAP_MS 60000		/* times this close are kept as one span */
#define MAX_CODES 16			/* codes decorated in one evidence excerpt */
#define CAUSE_WINDOW_MS (60LL * 60000)	/* a cause seen this long before its consequence */

/* Times seen, as at most RULE_MAX_TIMES sorted spans per class: [0] exact (UTC or with a
 * known offset), [1] local times of an unknown zone. Near spans are merged, so the set
 * stays bounded whatever the number of records. */
struct span {
	int64_t lo, hi;
};
struct tset {
	struct span *s[2];
	size_t n[2];
};

/* What one rule has seen for one subject on one computer. */
struct subj_state {
	char *subject;		/* NULL when the rule has no subject or it rendered empty */
	unsigned slot;		/* computer slot of the records */
	int merged;		/* folded into another state at finish */
	uint64_t count;
	int has_time;
	int64_t first_ms, last_ms;
	int has_class[2];	/* per time class, for history */
	int64_t last_class[2];
	struct evidence first[RULE_FIRST_EVIDENCE];
	uint64_t first_seq[RULE_FIRST_EVIDENCE];
	size_t nfirst;
	struct evidence last[RULE_LAST_EVIDENCE];	/* a ring of the latest matches */
	uint64_t last_seq[RULE_LAST_EVIDENCE];
	uint64_t nlater;	/* matches after the first ones */
	char **vals;		/* message values of the last match */
	uint64_t vals_seq;
	int escalated;		/* some match met escalate: when */
	struct tset times;	/* rules with within: */
};

struct join_key {
	char *key;
	unsigned slot;
};

struct rule_state {
	struct subj_state *subj;
	size_t nsubj;		/* at most RULE_MAX_SUBJECTS + 1 (the overflow subject) */
	uint32_t req_mask;	/* checks: slots where some record satisfied requires */
	char **req_vals;	/* pass_message values of the first such record */
	uint64_t re_failures;
	struct tset *of_times;	/* within: one set per slot */
	struct join_key keys[RULE_MAX_KEYS];
	size_t nkeys;
	uint32_t join_mask;	/* join without key: slots where of held */
	uint32_t without_mask;
};

struct rule_run {
	const struct ruleset *rs;
	struct rule_state *st;
	struct evalctx e;
	struct rule_run_stats stats;
	char *tmp_vals[RULE_MAX_SLOTS];
	struct strbuf tmp;
	uint64_t seq;		/* records fed so far: orders evidence */
	char *computers[RULE_MAX_COMPUTERS];
	size_t ncomputers;
	unsigned slot;		/* slot of the record being fed */
	int has_success[NSLOTS][2];
	int64_t success[NSLOTS][2];	/* latest successful backup per slot and class */
	const char *last_kind;		/* the kind last fed, and its dispatch */
	const size_t *last_idx;
	size_t last_n;
	int last_success;
	struct prefilter_state *pfs;	/* which literals the record being fed holds */
	size_t cur;			/* the rule being fed */
	struct rule_prof *prof;		/* --profile-rules: one per rule, else NULL */
	uint64_t prof_ns;		/* time in the rules, all of them */
	uint64_t prof_clock;		/* the cost of timing something */
	uint64_t prof_scan;		/* time in the prefilter's scans */
};

/* What --profile-rules shows of one rule; its time is measured on one record in
 * PROF_SAMPLE and scaled. */
#define PROF_SAMPLE 16

struct rule_prof {
	uint64_t ns;		/* time spent on it (estimated) */
	uint64_t tried;		/* records dispatched to it */
	uint64_t skipped;	/* records and conditions the prefilter spared it */
};

struct rule_run *
rule_run_new(const struct ruleset *rs)
{
	struct rule_run *run = xcalloc(1, sizeof *run);

	run->rs = rs;
	run->st = xcalloc(rs->nrules ? rs->nrules : 1, sizeof *run->st);
	run->e.md = pcre2_match_data_create(rs->maxgroups + 1, NULL);
	run->e.mc = pcre2_match_context_create(NULL);
	if (run->e.md == NULL || run->e.mc == NULL) {
		fprintf(stderr, "marstriage: out of memory (regular expression state)\n");
		exit(70);
	}
	/* A pattern that backtracks without end stops here and counts as no match. */
	pcre2_set_match_limit(run->e.mc, RULE_RE_MATCH_LIMIT);
	pcre2_set_depth_limit(run->e.mc, RULE_RE_DEPTH_LIMIT);
	pcre2_set_heap_limit(run->e.mc, RULE_RE_HEAP_LIMIT);
	run->pfs = prefilter_state_new(rs->pf);
	return run;
}

/* ---- Time sets. ---- */

static int
time_class(const struct record *r)
{
	return r->time.q == TQ_ZONE_UNKNOWN;
}

static void
tset_add(struct tset *ts, int cls, int64_t lo, int64_t hi)
{
	struct span *s;
	size_t n, i, best;

	if (ts->s[cls] == NULL)
		ts->s[cls] = xcalloc(RULE_MAX_TIMES + 1, sizeof *ts->s[cls]);
	s = ts->s[cls];
	n = ts->n[cls];
	for (i = 0; i < n && s[i].lo < lo; i++)
		;
	memmove(&s[i + 1], &s[i], (n - i) * sizeof *s);
	s[i].lo = lo;
	s[i].hi = hi;
	n++;
	/* Merge the new span with neighbours it touches. */
	while (i + 1 < n && s[i + 1].lo - s[i].hi <= JOIN_GAP_MS) {
		if (s[i + 1].hi > s[i].hi)
			s[i].hi = s[i + 1].hi;
		memmove(&s[i + 1], &s[i + 2], (n - i - 2) * sizeof *s);
		n--;
	}
	while (i > 0 && s[i].lo - s[i - 1].hi <= JOIN_GAP_MS) {
		if (s[i].hi > s[i - 1].hi)
			s[i - 1].hi = s[i].hi;
		memmove(&s[i], &s[i + 1], (n - i - 1) * sizeof *s);
		n--;
		i--;
	}
	if (n > RULE_MAX_TIMES) {
		/* Full: the two nearest spans become one (slightly wider) span. */
		for (best = 0, i = 1; i + 1 < n; i++)
			if (s[i + 1].lo - s[i].hi < s[best + 1].lo - s[best].hi)
				best = i;
		if (s[best + 1].hi > s[best].hi)
			s[best].hi = s[best + 1].hi;
		memmove(&s[best + 1], &s[best + 2], (n - best - 2) * sizeof *s);
		n--;
	}
	ts->n[cls] = n;
}

static void
tset_merge(struct tset *to, const struct tset *from)
{
	size_t c, i;

	for (c = 0; c < 2; c++)
		for (i = 0; i < from->n[c]; i++)
			tset_add(to, (int)c, from->s[c][i].lo, from->s[c][i].hi);
}

static void
tset_free(struct tset *ts)
{
	free(ts->s[0]);
	free(ts->s[1]);
	memset(ts, 0, sizeof *ts);
}

/* 1 when some time of a is within ms of some time of b; a local time of unknown zone
 * compared with an exact one gets the widest UTC offset of slack. */
static int
tset_near(const struct tset *a, const struct tset *b, int64_t ms)
{
	size_t ca, cb, i, j;

	for (ca = 0; ca < 2; ca++)
		for (cb = 0; cb < 2; cb++) {
			int64_t w = ms + (ca != cb ? RULE_ZONE_SLACK_MS : 0);
			for (i = 0; i < a->n[ca]; i++)
				for (j = 0; j < b->n[cb]; j++)
					if (a->s[ca][i].lo <= b->s[cb][j].hi + w &&
					    b->s[cb][j].lo <= a->s[ca][i].hi + w)
						return 1;
		}
	return 0;
}

/* ---- Computers. ---- */

/* Slot of the computer a record was written on: 0 when it names none. */
static unsigned
computer_slot(struct rule_run *run, const struct record *r)
{
	const char *c = record_get(r, "computer");
	size_t i;

	if (c == NULL || *c == '\0')
		return 0;
	for (i = 0; i < run->ncomputers; i++)
		if (ascii_casecmp(run->computers[i], c) == 0)
			return (unsigned)i + 1;
	if (run->ncomputers == RULE_MAX_COMPUTERS)
		return OVERFLOW_SLOT;
	run->computers[run->ncomputers] = xstrndup(c, utf8_cut(c, strlen(c), RULE_VALUE_MAX));
	return (unsigned)++run->ncomputers;
}

/* Length of the first DNS label. */
static size_t
label_len(const char *s)
{
	return strcspn(s, ".");
}

/* The same machine: equal names, or equal first labels (NetBIOS name against the FQDN;
 * a NetBIOS name keeps only the first 15 characters of a longer host name). */
static int
same_host(const char *a, const char *b)
{
	size_t la = label_len(a), lb = label_len(b);

	if (ascii_casecmp(a, b) == 0)
		return 1;
	if (la == lb)
		return ascii_ncasecmp(a, b, la) == 0;
	if (la == 15 && lb > 15)
		return ascii_ncasecmp(a, b, 15) == 0;
	if (lb == 15 && la > 15)
		return ascii_ncasecmp(a, b, 15) == 0;
	return 0;
}

/* Slots whose records are about this server (bit per slot). */
static uint32_t
this_server_slots(const struct rule_run *run, const char *host)
{
	uint32_t m = 1;		/* records that name no computer */
	size_t i;

	for (i = 0; i < run->ncomputers; i++)
		if (host == NULL || same_host(run->computers[i], host))
			m |= (uint32_t)1 << (i + 1);
	if (host == NULL)
		m |= (uint32_t)1 << OVERFLOW_SLOT;
	return m;
}

/* ---- Evidence. ---- */

static void
evidence_clear(struct evidence *ev)
{
	free(ev->file);
	free(ev->time);
	free(ev->excerpt);
	memset(ev, 0, sizeof *ev);
}

/* Appends " [codes: 0x800423F2 (VSS_E_WRITERERROR_TIMEOUT), ...]" for the record's known
 * codes, whatever form the source wrote them in (parsers normalise them into fields). */
static void
add_code_names(const struct catalogue *cat, const struct record *r, struct strbuf *sb)
{
	static const char *const fields[] = {
		"hresult", "detailed_hresult", "last_error_code", "codes",
	};
	char seen[MAX_CODES][12];
	size_t nseen = 0, f, n, k;
	struct code_info ci;
	int any = 0;

	for (f = 0; f < MT_ARRAY_LEN(fields); f++) {
		const char *v = record_get(r, fields[f]);
		while (v != NULL && *v != '\0' && nseen < MAX_CODES) {
			while (*v == ' ')
				v++;
			n = strcspn(v, " ");
			if (n == 0)
				break;
			for (k = 0; k < nseen && (strlen(seen[k]) != n ||
			    ascii_ncasecmp(seen[k], v, n) != 0); k++)
				;
			if (k == nseen && n < sizeof seen[0] &&
			    catalogue_lookup(cat, v, n, &ci) == 0 && !ci.is_name) {
				memcpy(seen[nseen], v, n);
				seen[nseen++][n] = '\0';
				sb_adds(sb, any ? ", " : (sb->len ? " [codes: " : "[codes: "));
				sb_add(sb, v, n);
				sb_adds(sb, " (");
				sb_adds(sb, ci.name ? ci.name : ci.meaning);
				sb_addc(sb, ')');
				any = 1;
			}
			v += n;
		}
	}
	if (any)
		sb_addc(sb, ']');
}

/* *dst becomes a copy of s[0, n), or NULL when keep_null and n is 0; its memory is kept
 * when it already holds that text (evidence is overwritten on every match, mostly with the
 * same file). */
static void
evidence_text(char **dst, const char *s, size_t n, int keep_null)
{
	if (n == 0 && keep_null) {
		free(*dst);
		*dst = NULL;
		return;
	}
	if (*dst != NULL && strncmp(*dst, s, n) == 0 && (*dst)[n] == '\0')
		return;
	free(*dst);
	*dst = xstrndup(s, n);
}

static void
evidence_set(struct rule_run *run, struct evidence *ev, const struct record *r)
{
	const char *x = record_excerpt(r);
	const char *file = r->entry ? r->entry : "";
	struct strbuf *sb = &run->tmp;

	evidence_text(&ev->file, file, utf8_cut(file, strlen(file), RULE_PATH_MAX), 0);
	ev->line = r->line;
	ev->has_record_id = r->has_record_id;
	ev->record_id = r->record_id;
	ev->time_quality = r->time.q;
	if (r->time.q != TQ_NONE) {
		if (ev->time == NULL)
			ev->time = xmalloc(25);
		format_iso8601(r->time.ms, ev->time);
	} else {
		free(ev->time);
		ev->time = NULL;
	}
	sb_reset(sb);
	if (x != NULL)
		sb_add(sb, x, utf8_cut(x, strlen(x), RULE_EXCERPT_MAX));
	add_code_names(run->rs->codes, r, sb);
	evidence_text(&ev->excerpt, sb->s, sb->len, 1);
}

static void
free_vals(char **vals, size_t n)
{
	size_t i;

	if (vals == NULL)
		return;
	for (i = 0; i < n; i++)
		free(vals[i]);
	free(vals);
}

static void
subj_clear(struct subj_state *s, size_t nvals)
{
	size_t i;

	free(s->subject);
	for (i = 0; i < RULE_FIRST_EVIDENCE; i++)
		evidence_clear(&s->first[i]);
	for (i = 0; i < RULE_LAST_EVIDENCE; i++)
		evidence_clear(&s->last[i]);
	free_vals(s->vals, nvals);
	tset_free(&s->times);
	memset(s, 0, sizeof *s);
}

/* ---- Feeding records. ---- */

/* The state for this match's subject and computer: found, created, or the shared
 * overflow one. */
static struct subj_state *
subject_state(struct rule_run *run, const struct rule *rule, struct rule_state *st)
{
	const char *subj = NULL;
	struct subj_state *s;
	size_t i;

	if (rule->subject.set) {
		slots_fill(&rule->subj_slots, &run->e, run->tmp_vals);
		sb_reset(&run->tmp);
		template_render(&rule->subject, run->tmp_vals, NULL, run->rs->codes, &run->tmp);
		if (run->tmp.len > 0)
			subj = run->tmp.s;
	}
	for (i = 0; i < st->nsubj; i++) {
		const char *have = st->subj[i].subject;
		if (st->subj[i].slot == run->slot && ((have == NULL && subj == NULL) ||
		    (have && subj && strcmp(have, subj) == 0)))
			return &st->subj[i];
	}
	if (st->subj == NULL)
		st->subj = xcalloc(RULE_MAX_SUBJECTS + 1, sizeof *st->subj);
	if (st->nsubj > RULE_MAX_SUBJECTS)
		return &st->subj[RULE_MAX_SUBJECTS];
	if (st->nsubj == RULE_MAX_SUBJECTS)
		subj = OTHER_SUBJECTS;	/* past the bound, new subjects share one state */
	s = &st->subj[st->nsubj++];
	s->subject = subj ? xstrdup(subj) : NULL;
	s->slot = st->nsubj > RULE_MAX_SUBJECTS ? 0 : run->slot;
	s->vals = xcalloc(rule->msg_slots.n ? rule->msg_slots.n : 1, sizeof *s->vals);
	return s;
}

static struct subj_state *
record_match(struct rule_run *run, const struct rule *rule, struct rule_state *st)
{
	const struct record *r = run->e.r;
	struct subj_state *s = subject_state(run, rule, st);
	size_t k;

	s->count++;
	if (r->time.q != TQ_NONE) {
		int cls = time_class(r);
		if (!s->has_time || r->time.ms < s->first_ms)
			s->first_ms = r->time.ms;
		if (!s->has_time || r->time.ms > s->last_ms)
			s->last_ms = r->time.ms;
		s->has_time = 1;
		if (!s->has_class[cls] || r->time.ms > s->last_class[cls])
			s->last_class[cls] = r->time.ms;
		s->has_class[cls] = 1;
		if (rule->has_within)
			tset_add(&s->times, cls, r->time.ms, r->time.ms);
	}
	if (s->nfirst < RULE_FIRST_EVIDENCE) {
		evidence_set(run, &s->first[s->nfirst], r);
		s->first_seq[s->nfirst++] = run->seq;
	} else {
		k = (size_t)(s->nlater++ % RULE_LAST_EVIDENCE);
		evidence_set(run, &s->last[k], r);
		s->last_seq[k] = run->seq;
	}
	slots_fill(&rule->msg_slots, &run->e, s->vals);
	s->vals_seq = run->seq;
	return s;
}

static void
reset_captures(struct evalctx *e)
{
	e->ncaps = 0;
	sb_reset(&e->buf);
}

static int
eval(struct rule_run *run, const struct cond *k)
{
	reset_captures(&run->e);
	/* A condition whose needed literals are all absent from the record cannot hold. */
	if (!prefilter_may_hold(run->rs->pf, run->pfs, k, run->e.r, run->seq)) {
		if (run->prof)
			run->prof[run->cur].skipped++;
		return 0;
	}
	return cond_eval(k, &run->e);
}

static void
add_join_key(struct rule_run *run, const struct rule *rule, struct rule_state *st)
{
	size_t i;

	slots_fill(&rule->join_slots, &run->e, run->tmp_vals);
	sb_reset(&run->tmp);
	template_render(&rule->join_key, run->tmp_vals, NULL, NULL, &run->tmp);
	if (run->tmp.len == 0)
		return;
	for (i = 0; i < st->nkeys; i++)
		if (st->keys[i].slot == run->slot && ascii_casecmp(st->keys[i].key, run->tmp.s) == 0)
			return;
	if (st->nkeys == RULE_MAX_KEYS)
		return;
	st->keys[st->nkeys].key = xstrdup(run->tmp.s);
	st->keys[st->nkeys++].slot = run->slot;
}

static void
feed_rule(struct rule_run *run, const struct rule *rule, struct rule_state *st)
{
	const struct record *r = run->e.r;
	uint32_t bit = (uint32_t)1 << run->slot;
	struct subj_state *s;

	if (eval(run, &rule->match)) {
		s = record_match(run, rule, st);
		if (rule->has_escalate && !s->escalated && eval(run, &rule->esc_when))
			s->escalated = 1;
	}
	if (rule->is_check && (st->req_mask & bit) == 0 && eval(run, &rule->requires)) {
		/* The first record that makes the check verifiable speaks for it. */
		if (st->req_mask == 0) {
			st->req_vals = xcalloc(rule->pass_slots.n ? rule->pass_slots.n : 1,
			    sizeof *st->req_vals);
			slots_fill(&rule->pass_slots, &run->e, st->req_vals);
		}
		st->req_mask |= bit;
	}
	if (rule->has_within && r->time.q != TQ_NONE && eval(run, &rule->within_of)) {
		if (st->of_times == NULL)
			st->of_times = xcalloc(NSLOTS, sizeof *st->of_times);
		tset_add(&st->of_times[run->slot], time_class(r), r->time.ms, r->time.ms);
	}
	if (rule->has_join && eval(run, &rule->join_of)) {
		if (rule->join_key.set)
			add_join_key(run, rule, st);
		else
			st->join_mask |= bit;
	}
	if (rule->has_without && (st->without_mask & bit) == 0 && eval(run, &rule->without))
		st->without_mask |= bit;
}

static void
feed_success(struct rule_run *run)
{
	const struct record *r = run->e.r;
	int cls;

	if (r->time.q == TQ_NONE || !eval(run, &run->rs->success))
		return;
	cls = time_class(r);
	if (!run->has_success[run->slot][cls] || r->time.ms > run->success[run->slot][cls])
		run->success[run->slot][cls] = r->time.ms;
	run->has_success[run->slot][cls] = 1;
}

void
rule_run_feed(struct rule_run *run, const struct record *r)
{
	const struct ruleset *rs = run->rs;
	const size_t *idx;
	const uint64_t *live = NULL;	/* the rules the prefilter lets through */
	size_t n, i;
	uint64_t t_rec = 0;
	int sample = 0;

	run->stats.records++;
	run->seq++;
	if (r->kind == NULL)
		return;
	/* Kinds are static strings of the parsers: the same pointer, the same rules. */
	if (r->kind != run->last_kind) {
		run->last_kind = r->kind;
		run->last_idx = ruleset_dispatch(rs, r->kind, &run->last_n);
		run->last_success = ruleset_success_kind(rs, r->kind);
	}
	idx = run->last_idx;
	n = run->last_n;
	run->e.r = r;
	run->slot = computer_slot(run, r);
	/* --profile-rules: the rules' total is timed on every record, each rule on one record
	 * in PROF_SAMPLE (two clock reads per rule and record would cost more than most rules). */
	if (run->prof) {
		t_rec = mt_clock_ns();
		sample = run->seq % PROF_SAMPLE == 0;
	}
	if (n > 0) {
		prefilter_scan_record(rs->pf, run->pfs, r, run->seq);
		live = prefilter_live(rs->pf, run->pfs);
	}
	if (run->prof)
		run->prof_scan += mt_clock_ns() - t_rec;
	for (i = 0; i < n; i++) {
		struct rule_state *st = &run->st[idx[i]];
		uint64_t before = run->e.re_failures, t0 = 0;
		run->stats.evaluations++;
		run->cur = idx[i];
		if (sample)
			t0 = mt_clock_ns();
		/* A rule none of whose conditions can hold for the record is not tried. */
		if (live == NULL || (live[idx[i] / 64] >> (idx[i] % 64) & 1))
			feed_rule(run, &rs->rules[idx[i]], st);
		else if (run->prof)
			run->prof[idx[i]].skipped++;
		if (run->prof) {
			run->prof[idx[i]].tried++;
			if (sample) {
				uint64_t dt = mt_clock_ns() - t0;
				dt = dt > run->prof_clock ? dt - run->prof_clock : 0;
				run->prof[idx[i]].ns += dt * PROF_SAMPLE;
			}
		}
		st->re_failures += run->e.re_failures - before;
	}
	if (run->last_success)
		feed_success(run);
	if (run->prof)
		run->prof_ns += mt_clock_ns() - t_rec;
	run->e.r = NULL;
}

/* ---- Finishing. ---- */

static char *
iso_or_null(int has, int64_t ms)
{
	char *s;

	if (!has)
		return NULL;
	s = xmalloc(25);
	format_iso8601(ms, s);
	return s;
}

static void
render_message(const struct ruleset *rs, const struct rule *rule, const struct subj_state *s,
    struct strbuf *sb)
{
	struct aggregates agg;
	char *first = iso_or_null(s->has_time, s->first_ms);
	char *last = iso_or_null(s->has_time, s->last_ms);

	agg.count = s->count;
	agg.first_time = first;
	agg.last_time = last;
	agg.subject = s->subject;
	sb_reset(sb);
	template_render(&rule->message, s->vals, &agg, rs->codes, sb);
	free(first);
	free(last);
}

/* One evidence with its arrival number, for merging the states of several computers. */
struct evref {
	struct evidence ev;
	uint64_t seq;
};

static int
cmp_evref(const void *pa, const void *pb)
{
	const struct evref *a = pa, *b = pb;

	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Moves the evidence of s, oldest first, into refs; returns how many. */
static size_t
take_evidence(struct subj_state *s, struct evref *refs)
{
	size_t n = 0, i, k;

	for (i = 0; i < s->nfirst; i++) {
		refs[n].ev = s->first[i];
		refs[n++].seq = s->first_seq[i];
		memset(&s->first[i], 0, sizeof s->first[i]);
	}
	/* The ring's oldest entry comes first. */
	for (i = 0; i < RULE_LAST_EVIDENCE && i < s->nlater; i++) {
		k = s->nlater < RULE_LAST_EVIDENCE ? i :
		    (size_t)((s->nlater + i) % RULE_LAST_EVIDENCE);
		refs[n].ev = s->last[k];
		refs[n++].seq = s->last_seq[k];
		memset(&s->last[k], 0, sizeof s->last[k]);
	}
	s->nfirst = 0;
	s->nlater = 0;
	return n;
}

/* Puts the evidence back: the first ones and the last ones by arrival, the ring in order. */
static void
give_evidence(struct subj_state *s, struct evref *refs, size_t n)
{
	size_t i, keep_last;

	if (n > 1)
		qsort(refs, n, sizeof *refs, cmp_evref);
	for (i = 0; i < n && i < RULE_FIRST_EVIDENCE; i++) {
		s->first[i] = refs[i].ev;
		s->first_seq[i] = refs[i].seq;
	}
	s->nfirst = i;
	keep_last = n - s->nfirst;
	if (keep_last > RULE_LAST_EVIDENCE) {
		for (i = s->nfirst; i < n - RULE_LAST_EVIDENCE; i++)
			evidence_clear(&refs[i].ev);
		keep_last = RULE_LAST_EVIDENCE;
	}
	for (i = 0; i < keep_last; i++) {
		s->last[i] = refs[n - keep_last + i].ev;
		s->last_seq[i] = refs[n - keep_last + i].seq;
	}
	s->nlater = keep_last;
}

/* Folds state b (same subject, another computer) into a. */
static void
merge_states(struct subj_state *a, struct subj_state *b)
{
	struct evref refs[2 * (RULE_FIRST_EVIDENCE + RULE_LAST_EVIDENCE)];
	size_t n, c;

	a->count += b->count;
	if (b->has_time) {
		if (!a->has_time || b->first_ms < a->first_ms)
			a->first_ms = b->first_ms;
		if (!a->has_time || b->last_ms > a->last_ms)
			a->last_ms = b->last_ms;
		a->has_time = 1;
	}
	for (c = 0; c < 2; c++)
		if (b->has_class[c]) {
			if (!a->has_class[c] || b->last_class[c] > a->last_class[c])
				a->last_class[c] = b->last_class[c];
			a->has_class[c] = 1;
		}
	n = take_evidence(a, refs);
	n += take_evidence(b, refs + n);
	give_evidence(a, refs, n);
	if (b->vals_seq > a->vals_seq) {
		char **t = a->vals;
		a->vals = b->vals;
		b->vals = t;
		a->vals_seq = b->vals_seq;
	}
	a->escalated |= b->escalated;
	tset_merge(&a->times, &b->times);
	b->merged = 1;
}

/* What link_causes needs to know of each finding the run added. */
struct added {
	size_t rule;
	int hist;
	int has_class[2];
	int64_t last_class[2];	/* latest match per time class */
};

/* What the finish step knows about the run as a whole. */
struct finish_ctx {
	const struct ruleset *rs;
	struct rule_run *run;
	uint32_t here;		/* slots of this server */
	int has_success[2];
	int64_t success[2];	/* latest successful backup on this server, per class */
	char *success_text;	/* its time for messages */
	struct strbuf sb;
	struct added *added;	/* per finding added by this run */
	size_t nadded, capadded, base;
};

static int
slot_ok(const struct rule *rule, uint32_t here, unsigned slot)
{
	int mine = (here >> slot) & 1;

	return rule->scope == SCOPE_OTHER_COMPUTERS ? !mine : mine;
}

static uint32_t
ok_mask(const struct rule *rule, uint32_t here)
{
	uint32_t m = 0;
	unsigned i;

	for (i = 0; i < NSLOTS; i++)
		if (slot_ok(rule, here, i))
			m |= (uint32_t)1 << i;
	return m;
}

/* 1 when a match at time t (class cls) came before the latest successful backup. */
static int
before_success(const struct finish_ctx *fc, int64_t t, int cls)
{
	int c;

	for (c = 0; c < 2; c++)
		if (fc->has_success[c] &&
		    fc->success[c] - t > (c == cls ? 0 : RULE_ZONE_SLACK_MS))
			return 1;
	return 0;
}

static int
is_history(const struct finish_ctx *fc, const struct rule *rule, const struct subj_state *s)
{
	int c;

	if (!rule->history || !s->has_time)
		return 0;
	for (c = 0; c < 2; c++)
		if (s->has_class[c] && !before_success(fc, s->last_class[c], c))
			return 0;
	return 1;
}

/* Correlation: within, join and without, for one merged subject. */
static int
correlated(const struct finish_ctx *fc, const struct rule *rule, const struct rule_state *st,
    const struct subj_state *s)
{
	uint32_t ok = ok_mask(rule, fc->here);
	size_t i;

	if (rule->has_without && (st->without_mask & ok) != 0)
		return 0;
	if (rule->has_within) {
		int near = 0;
		for (i = 0; i < NSLOTS && !near && st->of_times; i++)
			if ((ok >> i) & 1)
				near = tset_near(&s->times, &st->of_times[i], rule->within_ms);
		if (!near)
			return 0;
	}
	if (rule->has_join && !rule->join_key.set && (st->join_mask & ok) == 0)
		return 0;
	if (rule->has_join && rule->join_key.set && s->subject != NULL) {
		int any = 0;
		for (i = 0; i < st->nkeys; i++) {
			if (!((ok >> st->keys[i].slot) & 1))
				continue;
			any = 1;
			if (ascii_casecmp(st->keys[i].key, s->subject) == 0)
				return 1;
		}
		return !any && rule->join_default != NULL &&
		    ascii_casecmp(rule->join_default, s->subject) == 0;
	}
	return 1;
}

static void
note_added(struct finish_ctx *fc, size_t rule, int hist, const struct subj_state *s)
{
	struct added *a;

	fc->added = xgrow(fc->added, &fc->capadded, fc->nadded + 1, sizeof *fc->added);
	a = &fc->added[fc->nadded++];
	a->rule = rule;
	a->hist = hist;
	memcpy(a->has_class, s->has_class, sizeof a->has_class);
	memcpy(a->last_class, s->last_class, sizeof a->last_class);
}

static void
add_finding(struct finish_ctx *fc, struct report *rep, size_t ri, struct subj_state *s,
    int hist)
{
	const struct rule *rule = &fc->rs->rules[ri];
	struct finding *f = report_add_finding(rep);
	struct evref refs[RULE_FIRST_EVIDENCE + RULE_LAST_EVIDENCE];
	size_t i, n;

	f->rule = xstrdup(rule->id);
	render_message(fc->rs, rule, s, &fc->sb);
	if (hist) {
		char *last = iso_or_null(s->has_time, s->last_ms);
		sb_printf(&fc->sb, " (history: last seen %s, before the successful backup of %s)",
		    last, fc->success_text);
		free(last);
	}
	f->message = xstrdup(sb_str(&fc->sb));
	f->subject = s->subject;
	s->subject = NULL;
	f->severity = hist ? SEV_INFO : s->escalated ? rule->esc_severity : rule->severity;
	f->title = xstrdup(rule->title);
	if (!rule->is_check && rule->ask != NULL) {
		/* A check's ask is listed through the checklist; a finding's confirms it. */
		f->ask = xstrdup(rule->ask);
		f->ask_file = rule->ask_file ? xstrdup(rule->ask_file) : NULL;
	}
	f->section = xstrdup(rule->section);
	f->cause = rule->cause ? xstrdup(rule->cause) : NULL;
	f->resolution = rule->resolution ? xstrdup(rule->resolution) : NULL;
	if (rule->nrefs > 0) {
		f->references = xcalloc(rule->nrefs, sizeof *f->references);
		for (i = 0; i < rule->nrefs; i++)
			f->references[i] = xstrdup(rule->refs[i]);
		f->nreferences = rule->nrefs;
	}
	f->count = s->count;
	f->first_time = iso_or_null(s->has_time, s->first_ms);
	f->last_time = iso_or_null(s->has_time, s->last_ms);
	n = take_evidence(s, refs);
	f->evidence = xcalloc(n ? n : 1, sizeof *f->evidence);
	for (i = 0; i < n; i++)
		f->evidence[f->nevidence++] = refs[i].ev;
	note_added(fc, ri, hist, s);
}

/* Makes a detail fit on one line of bounded length. */
static char *
one_line(const char *s)
{
	size_t n = utf8_cut(s, strlen(s), DETAIL_MAX), i;
	char *d = xstrndup(s, n);

	for (i = 0; i < n; i++)
		if (d[i] == '\n' || d[i] == '\r' || d[i] == '\t')
			d[i] = ' ';
	return d;
}

static void
add_check(struct finish_ctx *fc, struct report *rep, const struct rule *rule,
    const struct rule_state *st, const struct subj_state *fired,
    const struct subj_state *fired_hist)
{
	struct check *c = report_add_check(rep);
	struct strbuf *sb = &fc->sb;

	c->rule = xstrdup(rule->id);
	c->title = xstrdup(rule->check_title ? rule->check_title : rule->title);
	c->section = xstrdup(rule->section);
	c->severity = rule->severity;
	if (fired != NULL) {
		c->status = CHECK_FAIL;
		if (fired->escalated)
			c->severity = rule->esc_severity;
		render_message(fc->rs, rule, fired, sb);
		c->detail = one_line(sb_str(sb));
	} else if (fired_hist != NULL) {
		/* Failed once, but a backup succeeded since: passes now, and says so. */
		struct strbuf msg = STRBUF_INIT;
		c->status = CHECK_PASS;
		render_message(fc->rs, rule, fired_hist, sb);
		sb_printf(&msg, "only before the successful backup of %s: %s", fc->success_text,
		    sb_str(sb));
		c->detail = one_line(sb_str(&msg));
		sb_free(&msg);
	} else if ((st->req_mask & ok_mask(rule, fc->here)) != 0) {
		c->status = CHECK_PASS;
		sb_reset(sb);
		template_render(&rule->pass, st->req_vals, NULL, fc->rs->codes, sb);
		c->detail = one_line(sb_str(sb));
	} else {
		c->status = CHECK_NOT_VERIFIABLE;
		c->detail = one_line(rule->missing);
	}
	c->ask = rule->ask ? xstrdup(rule->ask) : NULL;
	c->ask_file = rule->ask_file ? xstrdup(rule->ask_file) : NULL;
}

static void
state_clear(const struct rule *rule, struct rule_state *st)
{
	size_t i;

	for (i = 0; i < st->nsubj; i++)
		subj_clear(&st->subj[i], rule->msg_slots.n);
	free(st->subj);
	free_vals(st->req_vals, rule->pass_slots.n);
	if (st->of_times != NULL) {
		for (i = 0; i < NSLOTS; i++)
			tset_free(&st->of_times[i]);
		free(st->of_times);
	}
	for (i = 0; i < st->nkeys; i++)
		free(st->keys[i].key);
	memset(st, 0, sizeof *st);
}

static void
finish_rule(struct finish_ctx *fc, struct report *rep, size_t ri)
{
	const struct rule *rule = &fc->rs->rules[ri];
	struct rule_state *st = &fc->run->st[ri];
	struct subj_state *fired = NULL, *fired_hist = NULL;
	uint64_t dropped = 0;
	size_t i, j;
	int *fires, *hist;

	if (st->re_failures > 0)
		diag(DIAG_WARNING, NULL, NULL, 0, "rule %s: a regular expression gave up "
		    "(match limit) on %llu record(s); they counted as no match", rule->id,
		    (unsigned long long)st->re_failures);
	/* One state per subject: the computers that count are merged, the others dropped. */
	for (i = 0; i < st->nsubj; i++) {
		struct subj_state *a = &st->subj[i];
		if (!slot_ok(rule, fc->here, a->slot)) {
			dropped += a->count;
			a->merged = 1;
			continue;
		}
		if (a->merged)
			continue;
		for (j = i + 1; j < st->nsubj; j++) {
			struct subj_state *b = &st->subj[j];
			if (!b->merged && slot_ok(rule, fc->here, b->slot) &&
			    ((a->subject == NULL && b->subject == NULL) || (a->subject &&
			    b->subject && strcmp(a->subject, b->subject) == 0)))
				merge_states(a, b);
		}
	}
	if (dropped > 0 && rule->scope == SCOPE_THIS_SERVER)
		diag(DIAG_INFO, NULL, NULL, 0, "rule %s: %llu matching record(s) from other "
		    "computers were not counted", rule->id, (unsigned long long)dropped);
	fires = xcalloc(st->nsubj ? st->nsubj : 1, sizeof *fires);
	hist = xcalloc(st->nsubj ? st->nsubj : 1, sizeof *hist);
	for (i = 0; i < st->nsubj; i++) {
		struct subj_state *s = &st->subj[i];
		if (s->merged || s->count < rule->min_count || !correlated(fc, rule, st, s))
			continue;
		fires[i] = 1;
		hist[i] = is_history(fc, rule, s);
		if (!hist[i] && fired == NULL)
			fired = s;
		if (hist[i] && fired_hist == NULL)
			fired_hist = s;
	}
	/* The check line needs the message before the finding takes the subject. */
	if (rule->is_check)
		add_check(fc, rep, rule, st, fired, fired_hist);
	for (i = 0; i < st->nsubj; i++)
		if (fires[i])
			add_finding(fc, rep, ri, &st->subj[i], hist[i]);
	free(fires);
	free(hist);
	state_clear(rule, st);
}

/* 1 when rule a lists rule b under explains. */
static int
rule_explains(const struct rule *a, const struct rule *b)
{
	size_t i;

	for (i = 0; i < a->nexplains; i++)
		if (strcmp(a->explains[i], b->id) == 0)
			return 1;
	return 0;
}

static int
has_time(const struct added *a)
{
	return a->has_class[0] || a->has_class[1];
}

/* 1 when cause c can explain consequence y in time: c was still seen within an hour before
 * y's latest match (a local time of unknown zone gets the widest offset of slack). A
 * finding without a time is a state seen when the bundle was made: it explains anything
 * and is explained by anything. */
static int
in_time(const struct added *c, const struct added *y)
{
	int cc, cy;

	if (!has_time(c) || !has_time(y))
		return 1;
	for (cc = 0; cc < 2; cc++)
		for (cy = 0; cy < 2; cy++)
			if (c->has_class[cc] && y->has_class[cy] && c->last_class[cc] >=
			    y->last_class[cy] - CAUSE_WINDOW_MS - (cc != cy ? RULE_ZONE_SLACK_MS : 0))
				return 1;
	return 0;
}

/* How far apart the latest matches of a and b are (both timed); local times of unknown
 * zone are compared as written. */
static int64_t
time_gap(const struct added *a, const struct added *b)
{
	int64_t best = INT64_MAX, d;
	int ca, cb;

	for (ca = 0; ca < 2; ca++)
		for (cb = 0; cb < 2; cb++)
			if (a->has_class[ca] && b->has_class[cb]) {
				d = a->last_class[ca] - b->last_class[cb];
				if (d < 0)
					d = -d;
				if (d < best)
					best = d;
			}
	return best;
}

/* Sets explained_by. The candidates are the findings whose rule explains this one's, that
 * are history alike and in time. The nearest cause wins: the one most other candidates
 * explain; then a cause seen in time over a state without time, the closer in time the
 * better; then rule order. */
static void
link_causes(struct finish_ctx *fc, struct report *rep)
{
	const struct rule *rules = fc->rs->rules;
	size_t i, j, k, *cand = xcalloc(fc->nadded ? fc->nadded : 1, sizeof *cand), nc;

	for (i = 0; i < fc->nadded; i++) {
		const struct added *y = &fc->added[i];
		size_t best = (size_t)-1, bestdepth = 0;
		int besttimed = 0;
		int64_t bestgap = INT64_MAX;
		nc = 0;
		for (j = 0; j < fc->nadded; j++) {
			const struct added *c = &fc->added[j];
			if (c->rule == y->rule || c->hist != y->hist ||
			    !rule_explains(&rules[c->rule], &rules[y->rule]) || !in_time(c, y))
				continue;
			for (k = 0; k < nc && fc->added[cand[k]].rule != c->rule; k++)
				;
			if (k == nc)
				cand[nc++] = j;
			else if (has_time(c) && !has_time(&fc->added[cand[k]]))
				cand[k] = j;	/* the rule's timed finding speaks for it */
		}
		for (j = 0; j < nc; j++) {
			const struct added *c = &fc->added[cand[j]];
			size_t depth = 0;
			int timed = has_time(c) && has_time(y);
			int64_t gap = timed ? time_gap(c, y) : INT64_MAX;
			for (k = 0; k < nc; k++)
				depth += k != j && rule_explains(&rules[fc->added[cand[k]].rule],
				    &rules[c->rule]);
			if (best == (size_t)-1 || depth > bestdepth ||
			    (depth == bestdepth && timed > besttimed) ||
			    (depth == bestdepth && timed == besttimed && gap < bestgap) ||
			    (depth == bestdepth && timed == besttimed && gap == bestgap &&
			    c->rule < fc->added[best].rule)) {
				best = cand[j];
				bestdepth = depth;
				besttimed = timed;
				bestgap = gap;
			}
		}
		if (best != (size_t)-1)
			rep->findings[fc->base + i].explained_by =
			    xstrdup(rules[fc->added[best].rule].id);
	}
	free(cand);
}

static void
note_success(struct finish_ctx *fc, int c, int64_t ms)
{
	if (!fc->has_success[c] || ms > fc->success[c])
		fc->success[c] = ms;
	fc->has_success[c] = 1;
}

/* The latest successful backup on this server: records meeting the pack's success
 * condition, and the jobs the report already holds (jobs.c runs first; a job that
 * completed with warnings made a recovery point and counts as a success). */
static void
find_success(struct finish_ctx *fc, const struct report *rep)
{
	const struct rule_run *run = fc->run;
	unsigned slot;
	size_t i;
	int c;

	for (i = 0; i < rep->njobs; i++) {
		const struct job *j = &rep->jobs[i];
		if ((j->outcome == JOB_SUCCESS || j->outcome == JOB_WARNING) &&
		    j->time_quality != TQ_NONE)
			note_success(fc, j->time_quality == TQ_ZONE_UNKNOWN, j->end_ms);
	}

	for (slot = 0; slot < NSLOTS; slot++) {
		if (!((fc->here >> slot) & 1))
			continue;
		for (c = 0; c < 2; c++)
			if (run->has_success[slot][c])
				note_success(fc, c, run->success[slot][c]);
	}
	/* For messages: the later one, as UTC, or as written local time. */
	c = fc->has_success[0] && (!fc->has_success[1] || fc->success[0] >= fc->success[1]) ?
	    0 : 1;
	if (fc->has_success[c]) {
		char iso[25];
		format_iso8601(fc->success[c], iso);
		fc->success_text = c == 0 ? xstrdup(iso) : xasprintf("%s (local time)", iso);
	}
}

void
rule_run_finish(struct rule_run *run, struct report *rep)
{
	struct finish_ctx fc;
	size_t i;

	memset(&fc, 0, sizeof fc);
	fc.rs = run->rs;
	fc.run = run;
	fc.here = this_server_slots(run, rep->host);
	fc.base = rep->nfindings;
	find_success(&fc, rep);
	for (i = 0; i < run->rs->nrules; i++)
		finish_rule(&fc, rep, i);
	link_causes(&fc, rep);
	sb_free(&fc.sb);
	free(fc.added);
	free(fc.success_text);
	report_sort(rep);
}

void
rule_run_free(struct rule_run *run)
{
	size_t i;

	if (run == NULL)
		return;
	for (i = 0; i < run->rs->nrules; i++)
		state_clear(&run->rs->rules[i], &run->st[i]);
	free(run->st);
	for (i = 0; i < RULE_MAX_SLOTS; i++)
		free(run->tmp_vals[i]);
	for (i = 0; i < run->ncomputers; i++)
		free(run->computers[i]);
	sb_free(&run->tmp);
	sb_free(&run->e.buf);
	pcre2_match_data_free(run->e.md);
	pcre2_match_context_free(run->e.mc);
	prefilter_state_free(run->pfs);
	free(run->prof);
	free(run);
}

/* ---- --profile-rules. ---- */

void
rule_run_profile(struct rule_run *run)
{
	uint64_t a, b;
	int i;

	if (run->prof == NULL)
		run->prof = xcalloc(run->rs->nrules ? run->rs->nrules : 1, sizeof *run->prof);
	/* What reading the clock twice costs, taken off every measurement. */
	run->prof_clock = UINT64_MAX;
	for (i = 0; i < 100; i++) {
		a = mt_clock_ns();
		b = mt_clock_ns();
		if (b - a < run->prof_clock)
			run->prof_clock = b - a;
	}
}

uint64_t
rule_run_profile_ns(const struct rule_run *run)
{
	return run->prof_ns;
}

void
rule_run_profile_print(const struct rule_run *run, FILE *fp)
{
	struct prefilter_stats ps;
	size_t *order, i, n = 0;

	if (run->prof == NULL)
		return;
	prefilter_get_stats(run->pfs, &ps);
	fprintf(fp, "  rules: %.3f s for %llu records, of which %.3f s in the prefilter: it "
	    "scanned %llu values (%.1f MB) for %zu literals and spared %llu conditions\n",
	    (double)run->prof_ns / 1e9, (unsigned long long)run->stats.records,
	    (double)run->prof_scan / 1e9, (unsigned long long)ps.scans, (double)ps.bytes / 1e6,
	    prefilter_literals(run->rs->pf), (unsigned long long)ps.skipped);
	order = xcalloc(run->rs->nrules ? run->rs->nrules : 1, sizeof *order);
	/* Slowest first (an insertion sort: a few hundred rules at most). */
	for (i = 0; i < run->rs->nrules; i++) {
		size_t j = n++;
		if (run->prof[i].tried == 0) {
			n--;
			continue;
		}
		for (; j > 0 && run->prof[order[j - 1]].ns < run->prof[i].ns; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	fprintf(fp, "  %-40s %12s %12s %9s  (time measured on 1 record in %d)\n", "rule",
	    "records", "spared", "seconds", PROF_SAMPLE);
	for (i = 0; i < n; i++) {
		const struct rule_prof *p = &run->prof[order[i]];
		fprintf(fp, "  %-40s %12llu %12llu %9.3f\n", run->rs->rules[order[i]].id,
		    (unsigned long long)p->tried, (unsigned long long)p->skipped,
		    (double)p->ns / 1e9);
	}
	free(order);
}

void
rule_run_get_stats(const struct rule_run *run, struct rule_run_stats *st)
{
	*st = run->stats;
	st->re_failures = run->e.re_failures;
}
