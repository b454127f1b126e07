/* The rule pack's own commands: --test-rules runs each rule's samples through the whole
 * pipeline, --lint-rules checks the pack's conventions, and --explain documents a rule and,
 * with a bundle, shows which of its conditions held on which records. */
#include <stdlib.h>
#include <string.h>
#include "bundle.h"
#include "diag.h"
#include "rules_cli.h"
#include "rules_int.h"
#include "timeparse.h"

#define EXPLAIN_WHERE 3		/* records named per condition */
#define EXPLAIN_NODES 256	/* conditions followed per rule */

/* Modification time given to sample files: MARS log lines (month and day only) take their
 * year from it, so samples are written as of 2026. */
#define SAMPLE_YEAR 2026

/* ---- --test-rules ---- */

static int
is_history_finding(const struct rule *r, const struct finding *f)
{
	return f->severity == SEV_INFO && r->severity > SEV_INFO;
}

/* What the report says about rule r, in the words of expect:. */
struct outcome {
	size_t current, history;	/* findings of the rule */
	const struct check *check;
	const struct finding *first;	/* the first current finding, else the first one */
};

static void
outcome_of(const struct report *rep, const struct rule *r, struct outcome *o)
{
	size_t i;

	memset(o, 0, sizeof *o);
	for (i = 0; i < rep->nfindings; i++) {
		const struct finding *f = &rep->findings[i];
		if (strcmp(f->rule, r->id) != 0)
			continue;
		if (is_history_finding(r, f))
			o->history++;
		else {
			if (o->current++ == 0)
				o->first = f;
		}
		if (o->first == NULL)
			o->first = f;
	}
	for (i = 0; i < rep->nchecks; i++)
		if (strcmp(rep->checks[i].rule, r->id) == 0)
			o->check = &rep->checks[i];
}

static int
outcome_meets(const struct outcome *o, const struct rule_test *t)
{
	switch (t->expect) {
	case EXPECT_FIRE:
		if (o->current == 0 || (o->check && o->check->status != CHECK_FAIL))
			return 0;
		break;
	case EXPECT_QUIET:
		if (o->current + o->history > 0 || (o->check && o->check->status == CHECK_FAIL))
			return 0;
		break;
	case EXPECT_HISTORY:
		if (o->current > 0 || o->history == 0)
			return 0;
		break;
	case EXPECT_PASS:
		if (o->check == NULL || o->check->status != CHECK_PASS)
			return 0;
		break;
	case EXPECT_NOT_VERIFIABLE:
		if (o->check == NULL || o->check->status != CHECK_NOT_VERIFIABLE)
			return 0;
		break;
	}
	if (t->explained_by != NULL && (o->first == NULL || o->first->explained_by == NULL ||
	    strcmp(o->first->explained_by, t->explained_by) != 0))
		return 0;
	return 1;
}

/* Says what happened instead: the rules that fired, and the check's status. */
static void
describe_outcome(FILE *out, const struct report *rep, const struct outcome *o)
{
	size_t i;

	fputs("got: ", out);
	if (o->check != NULL)
		fprintf(out, "check %s; ", check_status_name(o->check->status));
	if (o->first != NULL && o->first->explained_by != NULL)
		fprintf(out, "explained by %s; ", o->first->explained_by);
	if (rep->nfindings == 0)
		fputs("no findings", out);
	else
		fputs("findings", out);
	for (i = 0; i < rep->nfindings; i++)
		fprintf(out, "%s %s (%s)", i ? "," : "", rep->findings[i].rule,
		    severity_name(rep->findings[i].severity));
	fputc('\n', out);
}

static int
run_sample(const struct ruleset *rs, const struct rule *r, const struct rule_test *t,
    const struct analysis_opts *ao, FILE *out)
{
	struct bundle_mem_file *files = xcalloc(t->nfiles ? t->nfiles : 1, sizeof *files);
	int64_t mtime = utc_ms(SAMPLE_YEAR, 12, 31, 0, 0, 0, 0) / 1000;
	struct analysis_opts o = *ao;
	struct outcome oc;
	struct report *rep;
	char *label;
	size_t i;
	int ok;

	for (i = 0; i < t->nfiles; i++) {
		files[i].name = t->files[i].name;
		files[i].data = t->files[i].content;
		files[i].len = t->files[i].len;
		files[i].mtime = mtime;
	}
	o.rules = rs;
	o.dump_records = NULL;
	o.on_record = NULL;
	label = xasprintf("%s: %s", r->id, t->name);
	rep = analyse_memory(label, files, t->nfiles, &o);
	outcome_of(rep, r, &oc);
	ok = outcome_meets(&oc, t);
	if (ok)
		fprintf(out, "ok   %s: %s\n", r->id, t->name);
	else {
		fprintf(out, "FAIL %s: %s (%s:%ld): expected %s", r->id, t->name, r->file, t->line,
		    rule_expect_name(t->expect));
		if (t->explained_by)
			fprintf(out, ", explained by %s", t->explained_by);
		fputs("; ", out);
		describe_outcome(out, rep, &oc);
	}
	report_free(rep);
	free(label);
	free(files);
	return ok;
}

int
rules_cli_test(const struct ruleset *rs, const struct analysis_opts *ao, FILE *out)
{
	size_t i, j, pass = 0, fail = 0;

	for (i = 0; i < rs->nrules; i++)
		for (j = 0; j < rs->rules[i].ntests; j++) {
			if (run_sample(rs, &rs->rules[i], &rs->rules[i].tests[j].pub, ao, out))
				pass++;
			else
				fail++;
		}
	fprintf(out, "%zu passed, %zu failed\n", pass, fail);
	return fail > 0 ? 1 : 0;
}

/* ---- --lint-rules ---- */

/* The file name without folders and without .yaml / .yml. */
static void
base_id(const char *path, char *out, size_t cap)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 5 && strcmp(b + n - 5, ".yaml") == 0)
		n -= 5;
	else if (n > 4 && strcmp(b + n - 4, ".yml") == 0)
		n -= 4;
	if (n >= cap)
		n = cap - 1;
	memcpy(out, b, n);
	out[n] = '\0';
}

static void
problem(FILE *out, const struct rule *r, size_t *n, const char *what)
{
	fprintf(out, "%s:%ld: %s: %s\n", r->file, r->line, r->id, what);
	(*n)++;
}

/* 1 when following explains from rule `from` leads back to rule `to`. */
static int
explains_path(const struct ruleset *rs, size_t from, size_t to, size_t depth)
{
	const struct rule *r = &rs->rules[from];
	size_t i, k;

	if (depth > rs->nrules)
		return 0;
	for (i = 0; i < r->nexplains; i++) {
		if (ruleset_find(rs, r->explains[i], &k) != 0)
			continue;
		if (k == to || explains_path(rs, k, to, depth + 1))
			return 1;
	}
	return 0;
}

/* The first `set:` value under k that holds a '{': values are set as written, never filled
 * in like a message, so a placeholder there would reach the report as is. */
static const char *
set_placeholder(const struct cond *k)
{
	const char *v;
	size_t i;

	if (k->src == SRC_SET)
		for (i = 0; i < k->nvals; i++)
			if (strchr(k->vals[i], '{') != NULL)
				return k->vals[i];
	for (i = 0; i < k->nkids; i++)
		if ((v = set_placeholder(&k->kids[i])) != NULL)
			return v;
	return NULL;
}

int
rules_cli_lint(const struct ruleset *rs, FILE *out)
{
	size_t i, j, k, nprob = 0;
	char base[128], msg[256];
	const char *v;

	for (i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		int fire = 0, quiet = 0;
		for (j = 0; j < r->ntests; j++) {
			enum rule_expect e = r->tests[j].pub.expect;
			fire |= e == EXPECT_FIRE;
			quiet |= e == EXPECT_QUIET || e == EXPECT_PASS ||
			    e == EXPECT_NOT_VERIFIABLE;
		}
		if (!fire)
			problem(out, r, &nprob, "no sample that fires (tests: ... expect: fire)");
		if (!quiet)
			problem(out, r, &nprob, "no near miss that stays quiet (tests: ... expect: "
			    "quiet)");
		if (r->nrefs == 0)
			problem(out, r, &nprob, "no references");
		if (r->is_check && r->check_title == NULL)
			problem(out, r, &nprob, "a check needs check_title: the prerequisite as the "
			    "checklist states it");
		if (r->is_check && (r->ask == NULL || r->ask_file == NULL))
			problem(out, r, &nprob, "a check needs ask and ask_file: what the customer "
			    "runs and sends back");
		if (r->cause == NULL || r->resolution == NULL)
			problem(out, r, &nprob, "no cause or resolution");
		if ((v = set_placeholder(&r->match)) != NULL) {
			snprintf(msg, sizeof msg, "set: value '%.80s' is not filled in: name a "
			    "captured group (?<name>...) in a |re instead", v);
			problem(out, r, &nprob, msg);
		}
		base_id(r->file, base, sizeof base);
		if (strcmp(base, r->id) != 0) {
			snprintf(msg, sizeof msg, "the id does not match the file name '%s'", base);
			problem(out, r, &nprob, msg);
		}
		for (j = 0; j < r->nexplains; j++) {
			if (ruleset_find(rs, r->explains[j], &k) != 0) {
				snprintf(msg, sizeof msg, "explains '%s', which is not a rule of the "
				    "pack", r->explains[j]);
				problem(out, r, &nprob, msg);
			} else if (explains_path(rs, k, i, 0)) {
				snprintf(msg, sizeof msg, "explains '%s', which explains it back",
				    r->explains[j]);
				problem(out, r, &nprob, msg);
			}
		}
		for (j = 0; j < r->ntests; j++) {
			const char *by = r->tests[j].pub.explained_by;
			if (by != NULL && ruleset_find(rs, by, &k) != 0) {
				snprintf(msg, sizeof msg, "sample '%s' expects explained_by '%s', "
				    "which is not a rule of the pack", r->tests[j].pub.name, by);
				problem(out, r, &nprob, msg);
			}
		}
	}
	fprintf(out, "%zu rules checked, %zu problem%s\n", rs->nrules, nprob,
	    nprob == 1 ? "" : "s");
	return nprob > 0 ? 1 : 0;
}

/* ---- --explain ---- */

static const char *const op_names[] = {
	"", "contains", "startswith", "endswith", "glob", "re", "gt", "gte", "lt", "lte",
	"version_lt", "version_gte", "exists",
};

/* One condition followed while the bundle is read. */
struct enode {
	const struct cond *k;
	const char *part;	/* "match", "requires", ... for the roots, else NULL */
	int depth;
	uint64_t held;
	char *where[EXPLAIN_WHERE];
	size_t nwhere;
};

struct explain {
	const struct ruleset *rs;
	const struct rule *r;
	struct enode nodes[EXPLAIN_NODES];
	size_t n;
	struct evalctx e;
	uint64_t records;
};

static void
add_nodes(struct explain *x, const struct cond *k, const char *part, int depth)
{
	size_t i;

	if (x->n == EXPLAIN_NODES)
		return;
	x->nodes[x->n].k = k;
	x->nodes[x->n].part = part;
	x->nodes[x->n++].depth = depth;
	for (i = 0; i < k->nkids; i++)
		add_nodes(x, &k->kids[i], NULL, depth + 1);
}

static void
put_cond(FILE *out, const struct cond *k)
{
	size_t i;

	switch (k->type) {
	case COND_ALL:
		fputs("all of:", out);
		return;
	case COND_ANY:
		fputs("any of:", out);
		return;
	case COND_NOT:
		fputs("not:", out);
		return;
	default:
		break;
	}
	if (k->src == SRC_SET) {
		fputs("set:", out);
		for (i = 0; i < k->nvals; i++)
			fprintf(out, " %s=%s", k->setnames[i], k->vals[i]);
		return;
	}
	fputs(k->field, out);
	if (k->op != OP_EQ && !(k->src == SRC_FILE && k->op == OP_GLOB))
		fprintf(out, "|%s", op_names[k->op]);
	if (k->all)
		fputs("|all", out);
	if (k->op == OP_EXISTS) {
		fprintf(out, ": %s", k->exists ? "true" : "false");
		return;
	}
	fputs(": ", out);
	if (k->nvals > 1)
		fputc('[', out);
	for (i = 0; i < k->nvals; i++)
		fprintf(out, "%s'%s'", i ? ", " : "", k->vals[i]);
	if (k->nvals > 1)
		fputc(']', out);
}

static void
on_record(void *ctx, const struct record *r)
{
	struct explain *x = ctx;
	size_t i;

	x->records++;
	x->e.r = r;
	for (i = 0; i < x->n; i++) {
		struct enode *nd = &x->nodes[i];
		x->e.ncaps = 0;
		sb_reset(&x->e.buf);
		if (!cond_eval(nd->k, &x->e))
			continue;
		if (nd->held++ < EXPLAIN_WHERE) {
			const char *file = r->entry ? r->entry : "";
			if (r->has_record_id)
				nd->where[nd->nwhere++] = xasprintf("%s event %llu", file,
				    (unsigned long long)r->record_id);
			else
				nd->where[nd->nwhere++] = xasprintf("%s:%ld", file, r->line);
		}
	}
	x->e.r = NULL;
}

static void
put_text_block(FILE *out, const char *label, const char *text)
{
	const char *p = text;

	if (text == NULL)
		return;
	fprintf(out, "\n%s:\n", label);
	while (*p) {
		size_t n = strcspn(p, "\n");
		fprintf(out, "  %.*s\n", (int)n, p);
		p += n;
		if (*p == '\n')
			p++;
	}
}

static void
put_doc(FILE *out, const struct rule *r, const struct explain *x)
{
	size_t i;

	fprintf(out, "%s: %s\n", r->id, r->title);
	fprintf(out, "type: %s, severity: %s", r->is_check ? "check" : "finding",
	    severity_name(r->severity));
	if (r->has_escalate)
		fprintf(out, " (%s when its escalate condition holds)",
		    severity_name(r->esc_severity));
	fprintf(out, ", section: %s\nfile: %s:%ld\n", r->section, r->file, r->line);
	if (r->scope == SCOPE_OTHER_COMPUTERS)
		fputs("counts only events recorded on other computers\n", out);
	if (!r->history)
		fputs("a later successful backup does not make its matches history\n", out);
	if (r->min_count > 1)
		fprintf(out, "needs %llu matching records\n", (unsigned long long)r->min_count);
	if (r->has_within)
		fprintf(out, "fires only within %lld minutes of a record meeting 'within'\n",
		    (long long)(r->within_ms / 60000));
	if (r->nexplains > 0) {
		fputs("explains:", out);
		for (i = 0; i < r->nexplains; i++)
			fprintf(out, " %s", r->explains[i]);
		fputc('\n', out);
	}
	fputs("\nconditions:\n", out);
	for (i = 0; i < x->n; i++) {
		const struct enode *nd = &x->nodes[i];
		if (nd->part)
			fprintf(out, "  %s:\n", nd->part);
		fprintf(out, "  %*s", 2 * nd->depth + 2, "");
		put_cond(out, nd->k);
		fputc('\n', out);
	}
	put_text_block(out, "cause", r->cause);
	put_text_block(out, "resolution", r->resolution);
	if (r->nrefs > 0) {
		fputs("\nreferences:\n", out);
		for (i = 0; i < r->nrefs; i++)
			fprintf(out, "  %s\n", r->refs[i]);
	}
	if (r->ask)
		fprintf(out, "\nask the customer: %s\n  and send back: %s\n", r->ask,
		    r->ask_file ? r->ask_file : "(the output)");
	if (r->ntests > 0) {
		fputs("\nsamples:\n", out);
		for (i = 0; i < r->ntests; i++)
			fprintf(out, "  %s: %s\n", rule_expect_name(r->tests[i].pub.expect),
			    r->tests[i].pub.name);
	}
}

static void
put_trace(FILE *out, const struct explain *x, const struct report *rep)
{
	const struct rule *r = x->r;
	struct outcome oc;
	size_t i, j;

	fprintf(out, "\nin %s (%llu records):\n", rep->bundle,
	    (unsigned long long)x->records);
	for (i = 0; i < x->n; i++) {
		const struct enode *nd = &x->nodes[i];
		if (nd->part)
			fprintf(out, "  %s:\n", nd->part);
		fprintf(out, "  %*s", 2 * nd->depth + 2, "");
		put_cond(out, nd->k);
		if (nd->held == 0)
			fputs("  -- held on no record\n", out);
		else {
			fprintf(out, "  -- held on %llu record%s:", (unsigned long long)nd->held,
			    nd->held == 1 ? "" : "s");
			for (j = 0; j < nd->nwhere; j++)
				fprintf(out, "%s %s", j ? "," : "", nd->where[j]);
			if (nd->held > nd->nwhere)
				fputs(", ...", out);
			fputc('\n', out);
		}
	}
	outcome_of(rep, r, &oc);
	fputs("result: ", out);
	if (oc.check != NULL)
		fprintf(out, "check %s (%s); ", check_status_name(oc.check->status),
		    oc.check->detail ? oc.check->detail : "");
	if (oc.current + oc.history == 0)
		fputs("no finding", out);
	else
		fprintf(out, "%zu finding%s%s", oc.current + oc.history,
		    oc.current + oc.history == 1 ? "" : "s",
		    oc.history ? " (some are history: a backup succeeded later)" : "");
	if (oc.first && oc.first->explained_by)
		fprintf(out, ", explained by %s", oc.first->explained_by);
	fputc('\n', out);
	if (oc.first)
		fprintf(out, "message: %s\n", oc.first->message);
}

int
rules_cli_explain(const struct ruleset *rs, const char *id, const char *bundle,
    const struct analysis_opts *ao, FILE *out)
{
	struct explain *x;
	const struct rule *r;
	size_t i;
	int rc = 0;

	if (ruleset_find(rs, id, &i) != 0) {
		fprintf(stderr, "marstriage: --explain: no rule '%s' in the pack (see "
		    "--list-rules)\n", id);
		return 2;
	}
	r = &rs->rules[i];
	x = xcalloc(1, sizeof *x);
	x->rs = rs;
	x->r = r;
	add_nodes(x, &r->match, "match", 0);
	if (r->is_check)
		add_nodes(x, &r->requires, "requires", 0);
	if (r->has_within)
		add_nodes(x, &r->within_of, "within (of)", 0);
	if (r->has_join)
		add_nodes(x, &r->join_of, "join (of)", 0);
	if (r->has_without)
		add_nodes(x, &r->without, "without", 0);
	if (r->has_escalate)
		add_nodes(x, &r->esc_when, "escalate (when)", 0);
	put_doc(out, r, x);
	if (bundle != NULL) {
		struct analysis_opts o = *ao;
		struct report *rep;
		x->e.md = pcre2_match_data_create(rs->maxgroups + 1, NULL);
		x->e.mc = pcre2_match_context_create(NULL);
		if (x->e.md == NULL || x->e.mc == NULL) {
			fprintf(stderr, "marstriage: out of memory (regular expression state)\n");
			exit(70);
		}
		pcre2_set_match_limit(x->e.mc, RULE_RE_MATCH_LIMIT);
		pcre2_set_depth_limit(x->e.mc, RULE_RE_DEPTH_LIMIT);
		pcre2_set_heap_limit(x->e.mc, RULE_RE_HEAP_LIMIT);
		o.on_record = on_record;
		o.on_record_ctx = x;
		o.dump_records = NULL;
		rep = analyse_bundle(bundle, &o);
		put_trace(out, x, rep);
		if (rep->unreadable)
			rc = 3;
		report_free(rep);
		pcre2_match_data_free(x->e.md);
		pcre2_match_context_free(x->e.mc);
		sb_free(&x->e.buf);
	}
	for (i = 0; i < x->n; i++) {
		size_t j;
		for (j = 0; j < x->nodes[i].nwhere; j++)
			free(x->nodes[i].where[j]);
	}
	free(x);
	return rc;
}
