/* Running the rules over one bundle: each record is tried against the rules its kind can
 * match, matches are folded into bounded per-subject state, and at the end that state
 * becomes findings and checklist results. */
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "rules_int.h"
#include "timeparse.h"

#define OTHER_SUBJECTS "(further subjects)"
#define DETAIL_MAX 300

/* What one rule has seen for one subject. */
struct subj_state {
	char *subject;		/* NULL when the rule has no subject or it rendered empty */
	uint64_t count;
	int has_time;
	int64_t first_ms, last_ms;
	struct evidence first[RULE_FIRST_EVIDENCE];
	size_t nfirst;
	struct evidence last[RULE_LAST_EVIDENCE];	/* a ring of the latest matches */
	uint64_t nlater;	/* matches after the first ones */
	char **vals;		/* message values of the last match */
};

struct rule_state {
	struct subj_state *subj;
	size_t nsubj;		/* at most RULE_MAX_SUBJECTS + 1 (the overflow subject) */
	int req_seen;		/* checks: some record satisfied requires */
	char **req_vals;	/* pass_message values of that record */
	uint64_t re_failures;
};

struct rule_run {
	const struct ruleset *rs;
	struct rule_state *st;
	struct evalctx e;
	struct rule_run_stats stats;
	char *tmp_vals[RULE_MAX_SLOTS];
	struct strbuf tmp;
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
	return run;
}

static void
evidence_clear(struct evidence *ev)
{
	free(ev->file);
	free(ev->time);
	free(ev->excerpt);
	memset(ev, 0, sizeof *ev);
}

static void
evidence_set(struct evidence *ev, const struct record *r)
{
	const char *x = record_excerpt(r);
	const char *file = r->entry ? r->entry : "";

	evidence_clear(ev);
	ev->file = xstrndup(file, utf8_cut(file, strlen(file), RULE_PATH_MAX));
	ev->line = r->line;
	ev->has_record_id = r->has_record_id;
	ev->record_id = r->record_id;
	ev->time_quality = r->time.q;
	if (r->time.q != TIME_NONE) {
		ev->time = xmalloc(25);
		format_iso8601(r->time.ms, ev->time);
	}
	if (x != NULL)
		ev->excerpt = xstrndup(x, utf8_cut(x, strlen(x), RULE_EXCERPT_MAX));
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
	memset(s, 0, sizeof *s);
}

/* The state for this match's subject: found, created, or the shared overflow one. */
static struct subj_state *
subject_state(struct rule_run *run, const struct rule *rule, struct rule_state *st)
{
	const char *subj = NULL;
	struct subj_state *s;
	size_t i;

	if (rule->subject.set) {
		slots_fill(&rule->subj_slots, &run->e, run->tmp_vals);
		sb_reset(&run->tmp);
		template_render(&rule->subject, run->tmp_vals, NULL, &run->tmp);
		if (run->tmp.len > 0)
			subj = run->tmp.s;
	}
	for (i = 0; i < st->nsubj; i++) {
		const char *have = st->subj[i].subject;
		if ((have == NULL && subj == NULL) || (have && subj && strcmp(have, subj) == 0))
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
	s->vals = xcalloc(rule->msg_slots.n ? rule->msg_slots.n : 1, sizeof *s->vals);
	return s;
}

static void
record_match(struct rule_run *run, const struct rule *rule, struct rule_state *st)
{
	const struct record *r = run->e.r;
	struct subj_state *s = subject_state(run, rule, st);

	s->count++;
	if (r->time.q != TIME_NONE) {
		if (!s->has_time || r->time.ms < s->first_ms)
			s->first_ms = r->time.ms;
		if (!s->has_time || r->time.ms > s->last_ms)
			s->last_ms = r->time.ms;
		s->has_time = 1;
	}
	if (s->nfirst < RULE_FIRST_EVIDENCE)
		evidence_set(&s->first[s->nfirst++], r);
	else
		evidence_set(&s->last[s->nlater++ % RULE_LAST_EVIDENCE], r);
	slots_fill(&rule->msg_slots, &run->e, s->vals);
}

static void
reset_captures(struct evalctx *e)
{
	e->ncaps = 0;
	sb_reset(&e->buf);
}

void
rule_run_feed(struct rule_run *run, const struct record *r)
{
	const struct ruleset *rs = run->rs;
	const size_t *idx;
	size_t n, i;

	run->stats.records++;
	if (r->kind == NULL)
		return;
	idx = ruleset_dispatch(rs, r->kind, &n);
	run->e.r = r;
	for (i = 0; i < n; i++) {
		const struct rule *rule = &rs->rules[idx[i]];
		struct rule_state *st = &run->st[idx[i]];
		uint64_t before = run->e.re_failures;
		run->stats.evaluations++;
		reset_captures(&run->e);
		if (cond_eval(&rule->match, &run->e))
			record_match(run, rule, st);
		if (rule->is_check && !st->req_seen) {
			reset_captures(&run->e);
			if (cond_eval(&rule->requires, &run->e)) {
				/* The first record that makes the check verifiable
				 * speaks for it. */
				st->req_seen = 1;
				st->req_vals = xcalloc(rule->pass_slots.n ? rule->pass_slots.n : 1,
				    sizeof *st->req_vals);
				slots_fill(&rule->pass_slots, &run->e, st->req_vals);
			}
		}
		st->re_failures += run->e.re_failures - before;
	}
	run->e.r = NULL;
}

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
render_message(const struct rule *rule, const struct subj_state *s, struct strbuf *sb)
{
	struct aggregates agg;
	char *first = iso_or_null(s->has_time, s->first_ms);
	char *last = iso_or_null(s->has_time, s->last_ms);

	agg.count = s->count;
	agg.first_time = first;
	agg.last_time = last;
	agg.subject = s->subject;
	sb_reset(sb);
	template_render(&rule->message, s->vals, &agg, sb);
	free(first);
	free(last);
}

static void
add_finding(struct report *rep, const struct rule *rule, struct subj_state *s,
    struct strbuf *sb)
{
	struct finding *f = report_add_finding(rep);
	size_t i, n;

	f->rule = xstrdup(rule->id);
	render_message(rule, s, sb);
	f->message = xstrdup(sb_str(sb));
	f->subject = s->subject;
	s->subject = NULL;
	f->severity = rule->severity;
	f->title = xstrdup(rule->title);
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
	n = s->nfirst + (s->nlater < RULE_LAST_EVIDENCE ? (size_t)s->nlater : RULE_LAST_EVIDENCE);
	f->evidence = xcalloc(n ? n : 1, sizeof *f->evidence);
	for (i = 0; i < s->nfirst; i++) {
		f->evidence[f->nevidence++] = s->first[i];
		memset(&s->first[i], 0, sizeof s->first[i]);
	}
	/* The ring's oldest entry comes first. */
	for (i = 0; i < RULE_LAST_EVIDENCE && i < s->nlater; i++) {
		size_t k = s->nlater < RULE_LAST_EVIDENCE ? i :
		    (size_t)((s->nlater + i) % RULE_LAST_EVIDENCE);
		f->evidence[f->nevidence++] = s->last[k];
		memset(&s->last[k], 0, sizeof s->last[k]);
	}
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
add_check(struct report *rep, const struct rule *rule, const struct rule_state *st,
    const struct subj_state *fired, struct strbuf *sb)
{
	struct check *c = report_add_check(rep);

	c->rule = xstrdup(rule->id);
	c->title = xstrdup(rule->title);
	c->section = xstrdup(rule->section);
	c->severity = rule->severity;
	if (fired != NULL) {
		c->status = CHECK_FAIL;
		render_message(rule, fired, sb);
		c->detail = one_line(sb_str(sb));
	} else if (st->req_seen) {
		c->status = CHECK_PASS;
		sb_reset(sb);
		template_render(&rule->pass, st->req_vals, NULL, sb);
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
	memset(st, 0, sizeof *st);
}

void
rule_run_finish(struct rule_run *run, struct report *rep)
{
	const struct ruleset *rs = run->rs;
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;

	for (i = 0; i < rs->nrules; i++) {
		const struct rule *rule = &rs->rules[i];
		struct rule_state *st = &run->st[i];
		const struct subj_state *fired = NULL;
		if (st->re_failures > 0)
			diag(DIAG_WARNING, NULL, NULL, 0, "rule %s: a regular expression gave up "
			    "(match limit) on %llu record(s); they counted as no match", rule->id,
			    (unsigned long long)st->re_failures);
		for (j = 0; j < st->nsubj && fired == NULL; j++)
			if (st->subj[j].count >= rule->min_count)
				fired = &st->subj[j];
		/* The check line needs the message before the finding takes the subject. */
		if (rule->is_check)
			add_check(rep, rule, st, fired, &sb);
		for (j = 0; j < st->nsubj; j++)
			if (st->subj[j].count >= rule->min_count)
				add_finding(rep, rule, &st->subj[j], &sb);
		state_clear(rule, st);
	}
	sb_free(&sb);
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
	sb_free(&run->tmp);
	sb_free(&run->e.buf);
	pcre2_match_data_free(run->e.md);
	pcre2_match_context_free(run->e.mc);
	free(run);
}

void
rule_run_get_stats(const struct rule_run *run, struct rule_run_stats *st)
{
	*st = run->stats;
	st->re_failures = run->e.re_failures;
}
