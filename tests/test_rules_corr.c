/* Tests of the rule language's correlation and verdict features: pack constants, set,
 * escalate, within, join, without, history after a successful backup, event computers and
 * scope, explains, and the code names shown in messages and evidence. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rules_int.h"
#include "timeparse.h"

/* A temporary pack: files named by the caller, loaded together, then removed. */
static struct ruleset *
load_files(const char *const *names, const char *const *texts, size_t n, struct strbuf *err)
{
	char dir[] = "/tmp/mt-corr-XXXXXX", path[16][96];
	const char *dirs[1] = {dir};
	struct ruleset *rs;
	size_t i;

	cr_assert(n <= 16);
	cr_assert_not_null(mkdtemp(dir));
	for (i = 0; i < n; i++) {
		FILE *fp;
		snprintf(path[i], sizeof path[i], "%s/%s", dir, names[i]);
		fp = fopen(path[i], "w");
		cr_assert_not_null(fp);
		fputs(texts[i], fp);
		fclose(fp);
	}
	rs = ruleset_load(dirs, 1, err);
	for (i = 0; i < n; i++)
		unlink(path[i]);
	rmdir(dir);
	return rs;
}

static struct ruleset *
load_ok(const char *const *names, const char *const *texts, size_t n)
{
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = load_files(names, texts, n, &err);

	cr_assert_not_null(rs, "rules do not load: %s", sb_str(&err));
	sb_free(&err);
	return rs;
}

/* One rule file plus an optional pack file. */
static struct ruleset *
load_rule_with_pack(const char *pack, const char *rule)
{
	const char *names[] = {"pack.yaml", "r.yaml"};
	const char *texts[] = {pack, rule};

	return pack ? load_ok(names, texts, 2) : load_ok(names + 1, texts + 1, 1);
}

static void
expect_error(const char *pack, const char *rule, const char *want)
{
	const char *names[] = {"pack.yaml", "r.yaml"};
	const char *texts[] = {pack, rule};
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = pack ? load_files(names, texts, 2, &err) :
	    load_files(names + 1, texts + 1, 1, &err);

	cr_expect_null(rs, "loaded although broken: %s", rule);
	ruleset_free(rs);
	cr_expect(strstr(sb_str(&err), want) != NULL, "error '%s' does not contain '%s'",
	    sb_str(&err), want);
	sb_free(&err);
}

static void
mkrec(struct record *r, const char *kind, const char *entry, long line, ...)
{
	va_list ap;
	const char *name;

	record_begin(r, kind, entry, line);
	va_start(ap, line);
	while ((name = va_arg(ap, const char *)) != NULL)
		record_sets(r, name, va_arg(ap, const char *));
	va_end(ap);
}

/* Sets the record's time: UTC, or a local time of unknown zone. */
static void
set_time(struct record *r, const char *iso, enum time_quality q)
{
	struct rec_time t;
	int zone;

	cr_assert_eq(parse_iso8601(iso, strlen(iso), &t.ms, &zone), 0);
	t.q = q;
	record_set_time(r, t, iso, strlen(iso));
}

static struct report *
run_host(const struct ruleset *rs, struct record *recs, size_t n, const char *host)
{
	struct rule_run *run = rule_run_new(rs);
	struct report *rep = report_new();
	size_t i;

	rep->host = host ? xstrdup(host) : NULL;
	for (i = 0; i < n; i++)
		rule_run_feed(run, &recs[i]);
	rule_run_finish(run, rep);
	rule_run_free(run);
	return rep;
}

static struct report *
run_records(const struct ruleset *rs, struct record *recs, size_t n)
{
	return run_host(rs, recs, n, NULL);
}

static void
free_records(struct record *recs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		record_free(&recs[i]);
}

static const struct finding *
find_finding(const struct report *rep, const char *rule, const char *subject)
{
	size_t i;

	for (i = 0; i < rep->nfindings; i++)
		if (strcmp(rep->findings[i].rule, rule) == 0 && (subject == NULL ||
		    (rep->findings[i].subject && strcmp(rep->findings[i].subject, subject) == 0)))
			return &rep->findings[i];
	return NULL;
}

static const struct check *
find_check(const struct report *rep, const char *rule)
{
	size_t i;

	for (i = 0; i < rep->nchecks; i++)
		if (strcmp(rep->checks[i].rule, rule) == 0)
			return &rep->checks[i];
	return NULL;
}

#define PACK "pack:\n  version: t\n"

/* ---- Pack constants and set. ---- */

Test(rules_pack, constants_in_values_templates_and_texts)
{
	static const char pack[] = PACK "  constants:\n    min: 2.0.9083.0\n    pct: \"10\"\n";
	static const char rule[] =
	    "id: r\ntitle: Older than {pack.min}\nseverity: warning\n"
	    "match:\n  any:\n    - {kind: agent, version|version_lt: \"{pack.min}\"}\n"
	    "    - {kind: volume, free_pct|lt: \"{pack.pct}\"}\n"
	    "message: '{version|?} below {pack.min}, {{literal}}'\n"
	    "cause: Needs {pack.min} or later.\n";
	struct ruleset *rs = load_rule_with_pack(pack, rule);
	struct record r = {0};
	struct report *rep;

	mkrec(&r, "agent", "a.txt", 1, "version", "2.0.9000.0", NULL);
	rep = run_records(rs, &r, 1);
	cr_assert_eq(rep->nfindings, 1);
	cr_expect_str_eq(rep->findings[0].title, "Older than 2.0.9083.0");
	cr_expect_str_eq(rep->findings[0].message, "2.0.9000.0 below 2.0.9083.0, {literal}");
	cr_expect_str_eq(rep->findings[0].cause, "Needs 2.0.9083.0 or later.");
	report_free(rep);
	mkrec(&r, "agent", "a.txt", 1, "version", "2.0.9083.0", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(rep->nfindings, 0, "equal to the constant is not below it");
	report_free(rep);
	mkrec(&r, "volume", "v.txt", 1, "free_pct", "9", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(rep->nfindings, 1);
	report_free(rep);
	record_free(&r);
	ruleset_free(rs);
}

Test(rules_pack, constant_errors_and_site_override)
{
	static const char rule[] = "id: r\ntitle: T\nseverity: info\n"
	    "match: {kind: agent, version|version_lt: \"{pack.nope}\"}\n";
	const char *names[] = {"pack.yaml", "zz-site.yaml", "r.yaml"};
	const char *texts[] = {
		PACK "  constants:\n    min: 1.0\n",
		"pack:\n  version: site\n  constants:\n    min: 3.0\n",
		("id: r\ntitle: T\nseverity: info\nmatch: {kind: agent, version|version_lt: "
		"\"{pack.min}\"}\n"),
	};
	struct ruleset *rs;
	struct record r = {0};
	struct report *rep;

	expect_error(PACK, rule, "r.yaml:4:");
	expect_error(PACK, rule, "unknown pack constant 'pack.nope'");
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x}\n"
	    "message: '{pack.x}'\n", "unknown pack constant 'pack.x'");
	expect_error("pack:\n  version: t\n  constants:\n    Bad-Name: 1\n", rule,
	    "bad constant name 'Bad-Name'");
	/* A later pack file (a site's) overrides the value, wherever the files sort. */
	rs = load_ok(names, texts, 3);
	cr_expect_str_eq(ruleset_version(rs), "t+site");
	mkrec(&r, "agent", "a.txt", 1, "version", "2.0", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(rep->nfindings, 1, "2.0 is below the site's 3.0");
	report_free(rep);
	record_free(&r);
	ruleset_free(rs);
}

Test(rules_pack, set_gives_values_per_branch)
{
	static const char rule[] =
	    "id: r\ntitle: T\nseverity: error\n"
	    "match:\n  kind: event\n  any:\n"
	    "    - {data.param1: Volume Shadow Copy, set: {service: VSS}}\n"
	    "    - {data.param1: COM+ Event System, set: {service: EventSystem, why: x}}\n"
	    "subject: '{service}'\nmessage: '{service} {why|-}'\n";
	struct ruleset *rs = load_rule_with_pack(NULL, rule);
	struct record recs[3] = {{0}};
	struct report *rep;

	mkrec(&recs[0], "event", "s.xml", 1, "data.param1", "Volume Shadow Copy", NULL);
	mkrec(&recs[1], "event", "s.xml", 2, "data.param1", "COM+ Event System", NULL);
	mkrec(&recs[2], "event", "s.xml", 3, "data.param1", "Print Spooler", NULL);
	rep = run_records(rs, recs, 3);
	cr_assert_eq(rep->nfindings, 2);
	cr_expect_str_eq(find_finding(rep, "r", "VSS")->message, "VSS -");
	cr_expect_str_eq(find_finding(rep, "r", "EventSystem")->message, "EventSystem x");
	report_free(rep);
	free_records(recs, 3);
	ruleset_free(rs);
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x, set: {count: 1}}\n",
	    "name 'count' is reserved");
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x, set: [a]}\n",
	    "'set' needs a mapping");
}

/* ---- escalate ---- */

Test(rules_escalate, raises_only_the_subjects_that_meet_when)
{
	static const char rule[] =
	    "id: r\ntitle: T\nseverity: warning\ntype: check\n"
	    "requires: {kind: volume}\nmatch: {kind: volume, free_pct|lt: 10}\n"
	    "subject: '{volume}'\nescalate:\n  severity: error\n  when: {free_pct|lt: 5}\n"
	    "ask: x\nask_file: y\n";
	struct ruleset *rs = load_rule_with_pack(NULL, rule);
	struct record recs[2] = {{0}};
	struct report *rep;

	mkrec(&recs[0], "volume", "v.txt", 1, "volume", "C:", "free_pct", "3", NULL);
	mkrec(&recs[1], "volume", "v.txt", 2, "volume", "D:", "free_pct", "8", NULL);
	rep = run_records(rs, recs, 2);
	cr_expect_eq(find_finding(rep, "r", "C:")->severity, SEV_ERROR);
	cr_expect_eq(find_finding(rep, "r", "D:")->severity, SEV_WARNING);
	cr_expect_eq(find_check(rep, "r")->severity, SEV_ERROR, "the failing subject's");
	cr_expect_eq(rep->findings[0].severity, SEV_ERROR, "sorted first");
	report_free(rep);
	rep = run_records(rs, &recs[1], 1);
	cr_expect_eq(find_check(rep, "r")->severity, SEV_WARNING);
	report_free(rep);
	free_records(recs, 2);
	ruleset_free(rs);
	expect_error(NULL, "id: r\ntitle: T\nseverity: error\nmatch: {kind: x}\n"
	    "escalate: {severity: warning, when: {kind: x}}\n", "must be above");
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x}\n"
	    "escalate: {severity: error}\n", "needs 'severity' and 'when'");
}

/* ---- within ---- */

#define WITHIN_RULE \
	"id: r\ntitle: T\nseverity: error\nmatch: {kind: event, event_id: 8229}\n" \
	"within:\n  minutes: 10\n  of: {kind: mars.log, message|contains: job failed}\n"

Test(rules_within, near_far_and_zone_slack)
{
	struct ruleset *rs = load_rule_with_pack(NULL, WITHIN_RULE);
	struct record recs[2] = {{0}};
	struct report *rep;

	mkrec(&recs[0], "event", "a.xml", 1, "event_id", "8229", NULL);
	set_time(&recs[0], "2026-03-14T02:11:40Z", TQ_UTC);
	mkrec(&recs[1], "mars.log", "c.errlog", 5, "message", "WSB job failed", NULL);
	set_time(&recs[1], "2026-03-14T02:15:00Z", TQ_UTC);
	rep = run_records(rs, recs, 2);
	cr_expect_eq(rep->nfindings, 1, "4 minutes apart");
	report_free(rep);
	/* The order of the records does not matter. */
	rep = run_records(rs, (struct record[]){recs[1], recs[0]}, 2);
	cr_expect_eq(rep->nfindings, 1);
	report_free(rep);
	set_time(&recs[1], "2026-03-14T03:15:00Z", TQ_UTC);
	rep = run_records(rs, recs, 2);
	cr_expect_eq(rep->nfindings, 0, "an hour apart");
	report_free(rep);
	/* A local time of unknown zone may be off by the server's offset. */
	set_time(&recs[1], "2026-03-14T08:15:00Z", TQ_ZONE_UNKNOWN);
	rep = run_records(rs, recs, 2);
	cr_expect_eq(rep->nfindings, 1, "local time within the widest offset");
	report_free(rep);
	set_time(&recs[1], "2026-03-15T20:15:00Z", TQ_ZONE_UNKNOWN);
	rep = run_records(rs, recs, 2);
	cr_expect_eq(rep->nfindings, 0, "more than a day apart");
	report_free(rep);
	/* Without the other record, or without a time, nothing correlates. */
	rep = run_records(rs, recs, 1);
	cr_expect_eq(rep->nfindings, 0);
	report_free(rep);
	free_records(recs, 2);
	ruleset_free(rs);
}

Test(rules_within, many_times_stay_bounded)
{
	struct ruleset *rs = load_rule_with_pack(NULL, WITHIN_RULE);
	struct rule_run *run = rule_run_new(rs);
	struct report *rep = report_new();
	struct record r = {0};
	struct rec_time t;
	int i;

	/* 5000 events an hour apart, and one failure next to the 4000th. */
	for (i = 0; i < 5000; i++) {
		mkrec(&r, "event", "a.xml", i + 1, "event_id", "8229", NULL);
		t.ms = utc_ms(2025, 1, 1, 0, 0, 0, 0) + (int64_t)i * 3600000;
		t.q = TQ_UTC;
		record_set_time(&r, t, "x", 1);
		rule_run_feed(run, &r);
	}
	mkrec(&r, "mars.log", "c.errlog", 1, "message", "job failed", NULL);
	t.ms = utc_ms(2025, 1, 1, 0, 0, 0, 0) + (int64_t)4000 * 3600000 + 120000;
	t.q = TQ_UTC;
	record_set_time(&r, t, "x", 1);
	rule_run_feed(run, &r);
	rule_run_finish(run, rep);
	cr_expect_eq(rep->nfindings, 1);
	cr_expect_eq(rep->findings[0].count, 5000);
	cr_expect_eq(rep->findings[0].nevidence, 5);
	rule_run_free(run);
	report_free(rep);
	record_free(&r);
	ruleset_free(rs);
}

/* ---- join and without ---- */

Test(rules_join, key_default_and_existence)
{
	static const char rule[] =
	    "id: r\ntitle: T\nseverity: warning\nmatch: {kind: volume, free_pct|lt: 10}\n"
	    "subject: '{volume}'\n"
	    "join:\n  of: {kind: registry, name: ScratchLocation, value|re: '^(?<d>[A-Z]:)'}\n"
	    "  key: '{d}'\n  default: 'C:'\n";
	static const char exist[] =
	    "id: e\ntitle: T\nseverity: warning\nmatch: {kind: mars.log, level: FATAL}\n"
	    "join:\n  of: {kind: service, name: SAVService}\n";
	struct ruleset *rs = load_rule_with_pack(NULL, rule), *rs2;
	struct record recs[3] = {{0}};
	struct report *rep;

	mkrec(&recs[0], "volume", "v.txt", 1, "volume", "c:", "free_pct", "3", NULL);
	mkrec(&recs[1], "volume", "v.txt", 2, "volume", "D:", "free_pct", "3", NULL);
	mkrec(&recs[2], "registry", "r.txt", 1, "name", "ScratchLocation", "value", "D:\\S", NULL);
	rep = run_records(rs, recs, 2);
	cr_expect_eq(rep->nfindings, 1, "no scratch location known: only the default C:");
	cr_expect_str_eq(rep->findings[0].subject, "c:");
	report_free(rep);
	rep = run_records(rs, recs, 3);
	cr_expect_eq(rep->nfindings, 1, "the scratch folder is on D:");
	cr_expect_str_eq(rep->findings[0].subject, "D:");
	report_free(rep);
	free_records(recs, 3);
	ruleset_free(rs);

	rs2 = load_rule_with_pack(NULL, exist);
	mkrec(&recs[0], "mars.log", "c.errlog", 1, "level", "FATAL", NULL);
	mkrec(&recs[1], "service", "s.txt", 1, "name", "SAVService", NULL);
	rep = run_records(rs2, recs, 1);
	cr_expect_eq(rep->nfindings, 0, "the joined record is missing");
	report_free(rep);
	rep = run_records(rs2, recs, 2);
	cr_expect_eq(rep->nfindings, 1);
	report_free(rep);
	free_records(recs, 2);
	ruleset_free(rs2);
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x}\n"
	    "join: {of: {kind: y}, key: '{a}'}\n", "needs 'subject'");
}

Test(rules_join, without_needs_the_absence)
{
	static const char rule[] =
	    "id: r\ntitle: T\nseverity: error\nmatch: {kind: vss.writer}\n"
	    "without: {kind: vss.writer, writer_id: '{e8132975-6f93-4464-a53e-1050253ae220}'}\n";
	struct ruleset *rs = load_rule_with_pack(NULL, rule);
	struct record recs[2] = {{0}};
	struct report *rep;

	mkrec(&recs[0], "vss.writer", "w.txt", 1, "writer", "Registry Writer", "writer_id",
	    "{afbab4a2-367d-4d15-a586-71dbb18f8485}", NULL);
	mkrec(&recs[1], "vss.writer", "w.txt", 7, "writer", "System Writer", "writer_id",
	    "{E8132975-6F93-4464-A53E-1050253AE220}", NULL);
	rep = run_records(rs, recs, 1);
	cr_expect_eq(rep->nfindings, 1);
	report_free(rep);
	rep = run_records(rs, recs, 2);
	cr_expect_eq(rep->nfindings, 0, "the System Writer is listed (any case)");
	report_free(rep);
	free_records(recs, 2);
	ruleset_free(rs);
}

/* ---- history ---- */

#define HIST_PACK PACK "  success: {kind: event, channel: CloudBackup, event_id: 3}\n"

Test(rules_history, old_errors_before_a_success_are_history)
{
	static const char rule[] =
	    "id: r\ntitle: T\nseverity: error\nmatch: {kind: event, event_id: 11}\n"
	    "message: 'failed {count} time(s)'\n";
	struct ruleset *rs = load_rule_with_pack(HIST_PACK, rule);
	struct record recs[3] = {{0}};
	const struct finding *f;
	struct report *rep;

	mkrec(&recs[0], "event", "c.xml", 1, "event_id", "11", NULL);
	set_time(&recs[0], "2026-03-10T02:00:00Z", TQ_UTC);
	mkrec(&recs[1], "event", "c.xml", 2, "event_id", "3", "channel", "CloudBackup", NULL);
	set_time(&recs[1], "2026-03-11T02:40:00Z", TQ_UTC);
	mkrec(&recs[2], "event", "c.xml", 3, "event_id", "11", NULL);
	set_time(&recs[2], "2026-03-12T02:00:00Z", TQ_UTC);
	rep = run_records(rs, recs, 2);
	f = find_finding(rep, "r", NULL);
	cr_assert_not_null(f);
	cr_expect_eq(f->severity, SEV_INFO);
	cr_expect_str_eq(f->message, "failed 1 time(s) (history: last seen "
	    "2026-03-10T02:00:00.000Z, before the successful backup of 2026-03-11T02:40:00.000Z)");
	cr_expect(report_is_healthy(rep));
	report_free(rep);
	/* A failure after the success is current. */
	rep = run_records(rs, recs, 3);
	f = find_finding(rep, "r", NULL);
	cr_expect_eq(f->severity, SEV_ERROR);
	cr_expect_eq(f->count, 2);
	cr_expect_null(strstr(f->message, "history"));
	report_free(rep);
	free_records(recs, 3);
	ruleset_free(rs);
}

Test(rules_history, zone_unknown_success_needs_a_clear_gap)
{
	static const char rule[] =
	    "id: r\ntitle: T\nseverity: error\nmatch: {kind: event, event_id: 11}\n";
	static const char pack[] = PACK "  success: {kind: mars.log, message|contains: ok}\n";
	struct ruleset *rs = load_rule_with_pack(pack, rule);
	struct record recs[2] = {{0}};
	struct report *rep;

	mkrec(&recs[0], "event", "c.xml", 1, "event_id", "11", NULL);
	set_time(&recs[0], "2026-03-10T02:00:00Z", TQ_UTC);
	mkrec(&recs[1], "mars.log", "c.errlog", 1, "message", "job ok", NULL);
	set_time(&recs[1], "2026-03-10T09:00:00Z", TQ_ZONE_UNKNOWN);
	rep = run_records(rs, recs, 2);
	cr_expect_eq(rep->findings[0].severity, SEV_ERROR, "7 h later in an unknown zone");
	report_free(rep);
	set_time(&recs[1], "2026-03-11T09:00:00Z", TQ_ZONE_UNKNOWN);
	rep = run_records(rs, recs, 2);
	cr_expect_eq(rep->findings[0].severity, SEV_INFO, "31 h later in any zone");
	cr_expect(strstr(rep->findings[0].message, "(local time)") != NULL);
	report_free(rep);
	free_records(recs, 2);
	ruleset_free(rs);
}

Test(rules_history, jobs_of_the_report_and_checks)
{
	static const char rule[] =
	    "id: r\ntitle: T\nseverity: error\ntype: check\nrequires: {kind: mars.log}\n"
	    "match: {kind: mars.log, message|contains: failed}\nmessage: 'it failed'\n"
	    "ask: x\nask_file: y\n";
	static const char nohist[] =
	    "id: n\ntitle: T\nseverity: error\nhistory: false\n"
	    "match: {kind: mars.log, message|contains: failed}\n";
	const char *names[] = {"r.yaml", "n.yaml"};
	const char *texts[] = {rule, nohist};
	struct ruleset *rs = load_ok(names, texts, 2);
	struct rule_run *run = rule_run_new(rs);
	struct report *rep = report_new();
	struct record r = {0};
	const struct check *c;

	mkrec(&r, "mars.log", "c.errlog", 1, "message", "backup failed", NULL);
	set_time(&r, "2026-03-10T02:00:00Z", TQ_ZONE_UNKNOWN);
	rule_run_feed(run, &r);
	/* A successful job reconstructed by jobs.c, in the report before the rules finish. */
	rep->jobs = xcalloc(1, sizeof *rep->jobs);
	rep->njobs = 1;
	rep->jobs[0].outcome = JOB_SUCCESS;
	rep->jobs[0].time_quality = TQ_ZONE_UNKNOWN;
	rep->jobs[0].start_ms = utc_ms(2026, 3, 11, 2, 0, 0, 0);
	rep->jobs[0].end_ms = utc_ms(2026, 3, 11, 2, 30, 0, 0);
	rule_run_finish(run, rep);
	c = find_check(rep, "r");
	cr_assert_not_null(c);
	cr_expect_eq(c->status, CHECK_PASS, "failed only before the last success");
	cr_expect_str_eq(c->detail, "only before the successful backup of "
	    "2026-03-11T02:30:00.000Z (local time): it failed");
	cr_expect_eq(find_finding(rep, "r", NULL)->severity, SEV_INFO);
	cr_expect_eq(find_finding(rep, "n", NULL)->severity, SEV_ERROR, "history: false");
	rule_run_free(run);
	report_free(rep);
	record_free(&r);
	ruleset_free(rs);
}

/* ---- computers ---- */

Test(rules_computers, other_computers_are_not_evidence)
{
	static const char rule[] =
	    "id: r\ntitle: T\nseverity: error\nmatch: {kind: event, event_id: 8229}\n";
	static const char other[] =
	    "id: o\ntitle: T\nseverity: info\nscope: other-computers\nhistory: false\n"
	    "match: {kind: event}\nsubject: '{computer}'\n";
	const char *names[] = {"r.yaml", "o.yaml"};
	const char *texts[] = {rule, other};
	struct ruleset *rs = load_ok(names, texts, 2);
	struct record recs[3] = {{0}};
	struct report *rep;

	mkrec(&recs[0], "event", "a.xml", 1, "event_id", "8229", "computer", "DC01.contoso.com",
	    NULL);
	mkrec(&recs[1], "event", "a.xml", 2, "event_id", "8229", "computer", "srv01.contoso.com",
	    NULL);
	mkrec(&recs[2], "event", "a.xml", 3, "event_id", "8229", "computer", "SRV01", NULL);
	rep = run_host(rs, recs, 1, "SRV01");
	cr_expect_null(find_finding(rep, "r", NULL), "only the DC's event");
	cr_assert_not_null(find_finding(rep, "o", "DC01.contoso.com"));
	cr_expect_eq(find_finding(rep, "o", "DC01.contoso.com")->count, 1);
	report_free(rep);
	/* The server's FQDN and NetBIOS name are the same machine: one finding, merged. */
	rep = run_host(rs, recs, 3, "SRV01");
	cr_assert_not_null(find_finding(rep, "r", NULL));
	cr_expect_eq(find_finding(rep, "r", NULL)->count, 2);
	cr_expect_eq(find_finding(rep, "r", NULL)->nevidence, 2);
	cr_expect_eq(find_finding(rep, "r", NULL)->evidence[0].line, 2, "in arrival order");
	cr_expect_eq(find_finding(rep, "r", NULL)->evidence[1].line, 3);
	cr_expect_null(find_finding(rep, "o", "SRV01"));
	report_free(rep);
	/* Unknown host: every computer counts. */
	rep = run_host(rs, recs, 3, NULL);
	cr_expect_eq(find_finding(rep, "r", NULL)->count, 3);
	cr_expect_null(find_finding(rep, "o", NULL));
	report_free(rep);
	/* A 15-character NetBIOS name of a longer host name. */
	mkrec(&recs[0], "event", "a.xml", 1, "event_id", "8229", "computer",
	    "FILESERVER-LONDON01.contoso.com", NULL);
	rep = run_host(rs, recs, 1, "FILESERVER-LOND");
	cr_expect_not_null(find_finding(rep, "r", NULL));
	report_free(rep);
	free_records(recs, 3);
	ruleset_free(rs);
}

/* ---- explains ---- */

Test(rules_explains, nearest_cause_first)
{
	const char *names[] = {"a.yaml", "b.yaml", "c.yaml", "d.yaml"};
	const char *texts[] = {
		("id: timeout\ntitle: T\nseverity: error\nmatch: {kind: x, v: 1}\n"
		"explains: [wsb, mars]\n"),
		"id: wsb\ntitle: T\nseverity: error\nmatch: {kind: x, v: 2}\nexplains: [mars]\n",
		"id: mars\ntitle: T\nseverity: error\nmatch: {kind: x, v: 3}\n",
		"id: other\ntitle: T\nseverity: error\nmatch: {kind: x, v: 4}\n",
	};
	struct ruleset *rs = load_ok(names, texts, 4);
	struct record recs[4] = {{0}};
	struct report *rep;
	size_t top[8], ntop;
	int i;

	for (i = 0; i < 4; i++) {
		char v[2] = {(char)('1' + i), 0};
		mkrec(&recs[i], "x", "x.txt", i + 1, "v", v, NULL);
	}
	rep = run_records(rs, recs, 4);
	cr_expect_null(find_finding(rep, "timeout", NULL)->explained_by);
	cr_expect_str_eq(find_finding(rep, "wsb", NULL)->explained_by, "timeout");
	cr_expect_str_eq(find_finding(rep, "mars", NULL)->explained_by, "wsb");
	cr_expect_null(find_finding(rep, "other", NULL)->explained_by);
	/* The verdict names the two independent problems only. */
	ntop = report_top(rep, top);
	cr_assert_eq(ntop, 2);
	cr_expect_str_eq(rep->findings[top[0]].rule, "other");
	cr_expect_str_eq(rep->findings[top[1]].rule, "timeout");
	report_free(rep);
	/* Without the middle link the cause explains the symptom directly. */
	rep = run_records(rs, (struct record[]){recs[0], recs[2]}, 2);
	cr_expect_str_eq(find_finding(rep, "mars", NULL)->explained_by, "timeout");
	report_free(rep);
	free_records(recs, 4);
	ruleset_free(rs);
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x}\nexplains: [r]\n",
	    "cannot explain itself");
}

Test(rules_explains, the_cause_must_be_there_in_time)
{
	const char *names[] = {"a.yaml", "b.yaml", "c.yaml", "d.yaml"};
	const char *texts[] = {
		("id: a-early\ntitle: T\nseverity: error\nmatch: {kind: x, v: a}\n"
		"explains: [sym]\n"),
		"id: b-late\ntitle: T\nseverity: error\nmatch: {kind: x, v: b}\nexplains: [sym]\n",
		"id: c-state\ntitle: T\nseverity: error\nmatch: {kind: y}\nexplains: [sym]\n",
		"id: sym\ntitle: T\nseverity: error\nmatch: {kind: x, v: s}\n",
	};
	struct ruleset *rs = load_ok(names, texts, 4);
	struct record recs[4] = {{0}};
	struct report *rep;

	mkrec(&recs[0], "x", "x.txt", 1, "v", "a", NULL);
	set_time(&recs[0], "2026-03-01T22:00:00Z", TQ_UTC);
	mkrec(&recs[1], "x", "x.txt", 2, "v", "b", NULL);
	set_time(&recs[1], "2026-03-03T22:00:00Z", TQ_UTC);
	mkrec(&recs[2], "x", "x.txt", 3, "v", "s", NULL);
	set_time(&recs[2], "2026-03-01T22:05:00Z", TQ_UTC);
	mkrec(&recs[3], "y", "y.txt", 1, NULL);
	/* Both causes were there at the failure; the closer one in time wins. */
	rep = run_records(rs, recs, 3);
	cr_expect_str_eq(find_finding(rep, "sym", NULL)->explained_by, "a-early");
	report_free(rep);
	/* A failure after the early cause stopped is not its doing. */
	set_time(&recs[2], "2026-03-03T22:05:00Z", TQ_UTC);
	rep = run_records(rs, recs, 3);
	cr_expect_str_eq(find_finding(rep, "sym", NULL)->explained_by, "b-late");
	report_free(rep);
	rep = run_records(rs, (struct record[]){recs[0], recs[2], recs[3]}, 3);
	cr_expect_str_eq(find_finding(rep, "sym", NULL)->explained_by, "c-state",
	    "a state without time explains whatever is current");
	report_free(rep);
	free_records(recs, 4);
	ruleset_free(rs);
}

Test(rules_explains, history_does_not_explain_a_current_failure)
{
	const char *names[] = {"pack.yaml", "a.yaml", "b.yaml"};
	const char *texts[] = {
		HIST_PACK,
		"id: cause\ntitle: T\nseverity: error\nmatch: {kind: x, v: 1}\nexplains: [sym]\n",
		"id: sym\ntitle: T\nseverity: error\nmatch: {kind: x, v: 2}\n",
	};
	struct ruleset *rs = load_ok(names, texts, 3);
	struct record recs[3] = {{0}};
	struct report *rep;

	mkrec(&recs[0], "x", "x.txt", 1, "v", "1", NULL);
	set_time(&recs[0], "2026-03-01T00:00:00Z", TQ_UTC);
	mkrec(&recs[1], "event", "c.xml", 1, "channel", "CloudBackup", "event_id", "3", NULL);
	set_time(&recs[1], "2026-03-02T00:00:00Z", TQ_UTC);
	mkrec(&recs[2], "x", "x.txt", 2, "v", "2", NULL);
	set_time(&recs[2], "2026-03-03T00:00:00Z", TQ_UTC);
	rep = run_records(rs, recs, 3);
	cr_expect_eq(find_finding(rep, "cause", NULL)->severity, SEV_INFO);
	cr_expect_null(find_finding(rep, "sym", NULL)->explained_by);
	report_free(rep);
	free_records(recs, 3);
	ruleset_free(rs);
}

/* ---- code names ---- */

Test(rules_codes, messages_and_evidence_name_the_codes)
{
	const char *names[] = {"codes.yaml", "r.yaml"};
	const char *texts[] = {
		"codes:\n  - code: \"0x800423F2\"\n    name: VSS_E_WRITERERROR_TIMEOUT\n"
		"    meaning: time-out\n  - code: \"34513\"\n    meaning: bad credentials\n",
		"id: r\ntitle: T\nseverity: error\nmatch: {kind: event}\n"
		"message: '{hresult} / {codes} / {id|-}'\n",
	};
	struct ruleset *rs = load_ok(names, texts, 2);
	struct record r = {0};
	struct report *rep;
	const struct finding *f;

	/* The event wrote the code in decimal; the parser normalised it into the fields. */
	mkrec(&r, "event", "b.xml", 1, "hresult", "0x800423F2", "codes",
	    "0x800423F2 0x80070005", "id", "34513", NULL);
	record_set_excerpt(&r, "failed with error code '2147754994'", 35);
	rep = run_records(rs, &r, 1);
	f = find_finding(rep, "r", NULL);
	cr_assert_not_null(f);
	cr_expect_str_eq(f->message, "0x800423F2 (VSS_E_WRITERERROR_TIMEOUT) / "
	    "0x800423F2 (VSS_E_WRITERERROR_TIMEOUT), 0x80070005 / 34513 (bad credentials)");
	cr_expect_str_eq(f->evidence[0].excerpt, "failed with error code '2147754994' "
	    "[codes: 0x800423F2 (VSS_E_WRITERERROR_TIMEOUT)]");
	report_free(rep);
	record_free(&r);
	ruleset_free(rs);
	{
		const char *n2[] = {"codes.yaml", "r.yaml"};
		const char *t2[] = {
			"codes:\n  - {code: \"0x1\", meaning: a}\n  - {code: \"1\", meaning: b}\n",
			"id: r\ntitle: T\nseverity: info\nmatch: {kind: x}\n",
		};
		struct strbuf err = STRBUF_INIT;
		struct ruleset *bad = load_files(n2, t2, 2, &err);
		cr_expect_null(bad);
		cr_expect(strstr(sb_str(&err), "already in the catalogue") != NULL, "%s",
		    sb_str(&err));
		sb_free(&err);
	}
}

/* ---- loader errors of the new keys ---- */

Test(rules_keys, errors_name_the_place)
{
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x}\n"
	    "within: {minutes: -1, of: {kind: y}}\n", "r.yaml:5:19: 'within: minutes'");
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x}\n"
	    "within: {minutes: 5}\n", "needs 'minutes' and 'of'");
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x}\n"
	    "scope: everywhere\n", "'scope' must be this-server or other-computers");
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x}\n"
	    "history: maybe\n", "'history' must be true or false");
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x}\n"
	    "tests:\n  - {name: n, expect: pass, files: {a: b}}\n",
	    "only for rules of type: check");
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\ntype: check\n"
	    "requires: {kind: x}\nmatch: {kind: x}\nask_file: f.txt\n", "needs 'ask'");
	expect_error(NULL, "id: r\ntitle: T\nseverity: info\nmatch: {kind: x}\n"
	    "explains: [Bad_Id]\n", "bad rule id 'Bad_Id'");
}
