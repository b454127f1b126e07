/* Tests of rule evaluation: every condition modifier, all / any / not, captures, templates,
 * subjects, min_count, evidence bounds, checks, dispatch by kind, regex limits, and the
 * shipped rules against hand-built records. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/times.h>
#include <unistd.h>
#include "rules_int.h"
#include "timeparse.h"

/* Loads rules from inline YAML texts (one rule per text) in a temporary directory. */
static struct ruleset *
load_rules(const char *const *texts, size_t n)
{
	char dir[] = "/tmp/mt-rules-XXXXXX", path[64][64];
	const char *dirs[1] = {dir};
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs;
	size_t i;

	cr_assert(n <= 64);
	cr_assert_not_null(mkdtemp(dir));
	for (i = 0; i < n; i++) {
		FILE *fp;
		snprintf(path[i], sizeof path[i], "%s/r%02zu.yaml", dir, i);
		fp = fopen(path[i], "w");
		cr_assert_not_null(fp);
		fputs(texts[i], fp);
		fclose(fp);
	}
	rs = ruleset_load(dirs, 1, &err);
	for (i = 0; i < n; i++)
		unlink(path[i]);
	rmdir(dir);
	cr_assert_not_null(rs, "rules do not load: %s", sb_str(&err));
	sb_free(&err);
	return rs;
}

static struct ruleset *
load_rule(const char *text)
{
	return load_rules(&text, 1);
}

static struct ruleset *
load_shipped(void)
{
	const char *dirs[] = {"rules"};
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(dirs, 1, &err);

	cr_assert_not_null(rs, "%s", sb_str(&err));
	sb_free(&err);
	return rs;
}

/* Fills r: kind, entry, line, then "name", "value" pairs up to NULL. */
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

static void
set_time(struct record *r, const char *iso)
{
	struct rec_time t;
	int zone;

	cr_assert_eq(parse_iso8601(iso, strlen(iso), &t.ms, &zone), 0);
	t.q = TQ_UTC;
	record_set_time(r, t, iso, strlen(iso));
}

/* Runs the records through a fresh run and returns the report. */
static struct report *
run_records(const struct ruleset *rs, struct record *recs, size_t n)
{
	struct rule_run *run = rule_run_new(rs);
	struct report *rep = report_new();
	size_t i;

	for (i = 0; i < n; i++)
		rule_run_feed(run, &recs[i]);
	rule_run_finish(run, rep);
	rule_run_free(run);
	return rep;
}

static void
free_records(struct record *recs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		record_free(&recs[i]);
}

/* 1 when a rule whose match is the given flow mapping fires on the record. */
static int
fires(const char *match, struct record *r)
{
	char text[2048];
	struct ruleset *rs;
	struct report *rep;
	int fired;

	snprintf(text, sizeof text, "id: t\ntitle: T\nseverity: info\nmatch: %s\n", match);
	rs = load_rule(text);
	rep = run_records(rs, r, 1);
	fired = rep->nfindings > 0;
	report_free(rep);
	ruleset_free(rs);
	return fired;
}

/* The message of the only finding of a rule with this match and message. */
static char *
message_of(const char *match, const char *message, struct record *recs, size_t n)
{
	char text[2048];
	struct ruleset *rs;
	struct report *rep;
	char *m;

	snprintf(text, sizeof text, "id: t\ntitle: T\nseverity: info\nmatch: %s\nmessage: '%s'\n",
	    match, message);
	rs = load_rule(text);
	rep = run_records(rs, recs, n);
	cr_assert_eq(rep->nfindings, 1, "expected one finding, got %zu", rep->nfindings);
	m = xstrdup(rep->findings[0].message);
	report_free(rep);
	ruleset_free(rs);
	return m;
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

/* ---- Conditions. ---- */

Test(rules_cond, equals_is_case_insensitive_and_textual)
{
	struct record r = {0};

	mkrec(&r, "event", "Application.xml", 0, "provider", "VSS", "event_id", "8229", NULL);
	cr_expect(fires("{kind: event, provider: vss, event_id: 8229}", &r));
	cr_expect(fires("{kind: EVENT, provider: Vss}", &r));
	cr_expect(!fires("{provider: VSSX}", &r));
	cr_expect(!fires("{kind: mars.log}", &r));
	/* Equality compares text: 8229 is not 08229. */
	cr_expect(!fires("{event_id: '08229'}", &r));
	/* A list is any of its values. */
	cr_expect(fires("{event_id: [8193, 8229]}", &r));
	cr_expect(!fires("{event_id: [8193, 12289]}", &r));
	/* A missing field matches nothing but exists: false. */
	cr_expect(!fires("{writer: x}", &r));
	record_free(&r);
}

Test(rules_cond, text_modifiers)
{
	struct record r = {0};

	mkrec(&r, "mars.log", "Temp/CBEngineCurr.errlog", 12, "message",
	    "WSB job failed with VSS errors. Check VSS event logs", "codes",
	    "0x800423F2 0x80780049", NULL);
	cr_expect(fires("{message|contains: 'failed with vss ERRORS'}", &r));
	cr_expect(!fires("{message|contains: 'failed with vss warnings'}", &r));
	cr_expect(fires("{message|startswith: wsb job}", &r));
	cr_expect(!fires("{message|startswith: job}", &r));
	cr_expect(fires("{message|endswith: EVENT LOGS}", &r));
	cr_expect(!fires("{message|endswith: event log}", &r));
	cr_expect(fires("{codes|contains: '0x800423f2'}", &r));
	cr_expect(fires("{message|glob: 'WSB*VSS*logs'}", &r));
	cr_expect(!fires("{message|glob: 'WSB*VSS'}", &r));
	/* |all: every value must hold. */
	cr_expect(fires("{codes|contains|all: [0x800423F2, 0x80780049]}", &r));
	cr_expect(!fires("{codes|contains|all: [0x800423F2, 0x80070005]}", &r));
	cr_expect(fires("{codes|contains: [0x800423F2, 0x80070005]}", &r));
	/* file is a glob over the entry path by default; other modifiers work too. */
	cr_expect(fires("{file: '*CBEngine*.errlog'}", &r));
	cr_expect(!fires("{file: 'CBEngine*'}", &r));
	cr_expect(fires("{file|contains: temp/}", &r));
	cr_expect(fires("{file|endswith: curr.errlog}", &r));
	record_free(&r);
}

Test(rules_cond, regex_and_captures)
{
	struct record r = {0};
	char *m;

	mkrec(&r, "mars.log", "CBEngineCurr.errlog", 7, "message",
	    "Failed: Hr: = [0x80780054] Offline Backup Progress: Failed", NULL);
	cr_expect(fires("{message|re: 'hr: = \\[0x[0-9a-f]{8}\\]'}", &r));	/* caseless */
	cr_expect(!fires("{message|re: '^Offline'}", &r));
	m = message_of("{message|re: 'Hr: = \\[(?<code>0x[0-9A-F]+)\\]'}",
	    "code {code} at {file}:{line}", &r, 1);
	cr_expect_str_eq(m, "code 0x80780054 at CBEngineCurr.errlog:7");
	free(m);
	/* Captures may name the subject too. */
	{
		struct ruleset *rs = load_rule("id: t\ntitle: T\nseverity: info\nmatch:\n"
		    "  message|re: '\\[(?<hr>0x\\w+)\\]'\nsubject: 'HRESULT {hr}'\n");
		struct report *rep = run_records(rs, &r, 1);
		cr_assert_eq(rep->nfindings, 1);
		cr_expect_str_eq(rep->findings[0].subject, "HRESULT 0x80780054");
		report_free(rep);
		ruleset_free(rs);
	}
	record_free(&r);
}

Test(rules_cond, captures_of_failed_branches_are_dropped)
{
	struct record r = {0};
	char *m;

	mkrec(&r, "mars.log", "a.errlog", 1, "message", "writer NTDS failed", "level", "FATAL",
	    NULL);
	/* The first branch captures w but fails on level; only the second branch's capture
	 * may reach the message. */
	m = message_of("{any: [{message|re: 'writer (?<w>\\w+)', level: NORMAL}, "
	    "{message|re: '(?<v>\\w+) failed'}]}", "w={w|none} v={v|none}", &r, 1);
	cr_expect_str_eq(m, "w=none v=NTDS");
	free(m);
	/* Captures under not: are dropped as well. */
	m = message_of("{not: {message|re: '(?<w>\\w+) succeeded'}, message|contains: failed}",
	    "w={w|none}", &r, 1);
	cr_expect_str_eq(m, "w=none");
	free(m);
	record_free(&r);
}

Test(rules_cond, numeric_comparisons)
{
	struct record r = {0};

	mkrec(&r, "vss.writer", "writers.txt", 4, "state", "9", "hex", "0x10", "text", "Failed",
	    NULL);
	cr_expect(fires("{state|gte: 6, state|lte: 15}", &r));
	cr_expect(fires("{state|gt: 8}", &r));
	cr_expect(!fires("{state|gt: 9}", &r));
	cr_expect(fires("{state|lt: 10}", &r));
	cr_expect(!fires("{state|lt: 9}", &r));
	cr_expect(fires("{hex|gte: 16, hex|lte: 0x10}", &r));	/* hex on both sides */
	cr_expect(!fires("{hex|gt: 16}", &r));
	cr_expect(!fires("{text|gt: 0}", &r));		/* not a number: no match */
	cr_expect(!fires("{text|lt: 0}", &r));
	cr_expect(!fires("{missing|lt: 100}", &r));
	record_free(&r);
}

Test(rules_cond, version_comparisons)
{
	struct record r = {0};
	int cmp;

	mkrec(&r, "system", "agent.txt", 1, "agent_version", "2.0.9083.0", "odd", "2.0.x", NULL);
	cr_expect(fires("{agent_version|version_gte: 2.0.9083.0}", &r));
	cr_expect(fires("{agent_version|version_gte: 2.0.9083}", &r));	/* 2.0.9083 == .0 */
	cr_expect(!fires("{agent_version|version_lt: 2.0.9083.0}", &r));
	cr_expect(fires("{agent_version|version_lt: 2.0.9249.0}", &r));
	cr_expect(fires("{agent_version|version_lt: 2.0.10000}", &r));	/* numeric, not text */
	cr_expect(!fires("{agent_version|version_gte: 2.1}", &r));
	cr_expect(!fires("{odd|version_lt: 9}", &r));
	cr_expect(!fires("{odd|version_gte: 0}", &r));
	cr_expect_eq(version_compare(" 10.0.17763 ", "10.0.9600", &cmp), 0);
	cr_expect_gt(cmp, 0);
	cr_expect_neq(version_compare("1..2", "1", &cmp), 0);
	cr_expect_neq(version_compare("", "1", &cmp), 0);
	cr_expect_neq(version_compare("1.2.3.4.5.6.7.8.9", "1", &cmp), 0);
	record_free(&r);
}

Test(rules_cond, exists)
{
	struct record r = {0};

	mkrec(&r, "event", "System.xml", 0, "writer", "NTDS", NULL);
	cr_expect(fires("{writer|exists: true}", &r));
	cr_expect(!fires("{writer|exists: false}", &r));
	cr_expect(fires("{hresult|exists: no}", &r));
	cr_expect(!fires("{hresult|exists: yes}", &r));
	record_free(&r);
}

Test(rules_cond, all_any_not)
{
	struct record r = {0};

	mkrec(&r, "feature", "features.txt", 3, "name", "Windows-Server-Backup", "installed",
	    "no", "state", "Available", NULL);
	cr_expect(fires("{all: [{kind: feature}, {installed: 'no'}]}", &r));
	cr_expect(!fires("{all: [{kind: feature}, {installed: 'yes'}]}", &r));
	cr_expect(fires("{any: [{state: Removed}, {state: Available}]}", &r));
	cr_expect(!fires("{any: [{state: Removed}, {state: Installed}]}", &r));
	cr_expect(fires("{not: {state: Installed}}", &r));
	cr_expect(!fires("{not: {state: Available}}", &r));
	/* not over a missing field holds. */
	cr_expect(fires("{not: {depth: 1}}", &r));
	/* Nesting, and a mapping that mixes keys with all/any/not. */
	cr_expect(fires("{kind: feature, any: [{name|startswith: Windows-}, {name: x}], "
	    "not: {all: [{state: Available}, {installed: 'yes'}]}}", &r));
	cr_expect(!fires("{kind: feature, any: [{name: y}, {name: x}]}", &r));
	record_free(&r);
}

/* <time.h> cannot be used with record.h (C11 defines TQ_UTC), so times(2) measures. */
Test(rules_cond, catastrophic_regex_gives_up_quickly, .timeout = 5)
{
	struct record r = {0};
	struct ruleset *rs;
	struct rule_run *run;
	struct report *rep;
	struct rule_run_stats st;
	size_t n = 100 * 1024;
	char *big = xmalloc(n + 2);
	struct tms tm;
	clock_t t0, t1;
	double secs;

	memset(big, 'a', n);
	big[n] = 'b';
	big[n + 1] = '\0';
	mkrec(&r, "mars.log", "CBEngineCurr.errlog", 1, "message", big, NULL);
	rs = load_rule("id: slow\ntitle: T\nseverity: info\nmatch:\n  message|re: '(a+)+$'\n");
	run = rule_run_new(rs);
	rep = report_new();
	t0 = times(&tm);
	rule_run_feed(run, &r);
	rule_run_feed(run, &r);
	t1 = times(&tm);
	secs = (double)(t1 - t0) / (double)sysconf(_SC_CLK_TCK);
	cr_expect_lt(secs, 0.5, "two matches took %.3f s", secs);
	rule_run_get_stats(run, &st);
	cr_expect_eq(st.evaluations, 2);
	rule_run_finish(run, rep);
	cr_expect_eq(rep->nfindings, 0, "a pattern that gave up must not match");
	report_free(rep);
	rule_run_free(run);
	ruleset_free(rs);
	record_free(&r);
	free(big);
}

Test(rules_cond, invalid_utf8_is_no_error)
{
	struct record r = {0};

	mkrec(&r, "mars.log", "x.errlog", 1, "message", "bad \xff\xfe byte then error 42", NULL);
	cr_expect(fires("{message|re: 'error \\d+'}", &r));
	cr_expect(!fires("{message|re: 'error [a-z]+'}", &r));
	record_free(&r);
}

/* ---- Templates. ---- */

Test(rules_template, placeholders_fallbacks_and_braces)
{
	struct record recs[3] = {{0}};
	char *m;

	mkrec(&recs[0], "vss.writer", "w1.txt", 4, "writer", "System Writer", "state", "7", NULL);
	set_time(&recs[0], "2026-03-14T02:11:40Z");
	mkrec(&recs[1], "vss.writer", "w2.txt", 9, "writer", "WMI Writer", "state", "9", NULL);
	set_time(&recs[1], "2026-03-13T23:00:00.250Z");
	mkrec(&recs[2], "vss.writer", "w3.txt", 2, "writer", "ASR Writer", NULL);
	/* Fields come from the last matching record; count and times cover all of them. */
	m = message_of("{kind: vss.writer}", "{writer} [{state|?}] x{count} {first_time} .. "
	    "{last_time} {{literal}} {file}:{line} {kind} {subject|no subject}", recs, 3);
	cr_expect_str_eq(m, "ASR Writer [?] x3 2026-03-13T23:00:00.250Z .. 2026-03-14T02:11:40.000Z"
	    " {literal} w3.txt:2 vss.writer no subject");
	free(m);
	m = message_of("{kind: vss.writer, state: 9}", "{time} {excerpt|no excerpt}", recs, 3);
	cr_expect_str_eq(m, "2026-03-13T23:00:00.250Z no excerpt");
	free(m);
	free_records(recs, 3);
}

Test(rules_template, message_defaults_to_title_and_is_bounded)
{
	struct record r = {0};
	struct ruleset *rs;
	struct report *rep;
	char *big = xmalloc(5000);

	memset(big, 'x', 4999);
	big[4999] = '\0';
	mkrec(&r, "mars.log", "a.errlog", 1, "message", big, NULL);
	rs = load_rule("id: t\ntitle: The title\nseverity: info\nmatch: {kind: mars.log}\n");
	rep = run_records(rs, &r, 1);
	cr_assert_eq(rep->nfindings, 1);
	cr_expect_str_eq(rep->findings[0].message, "The title");
	cr_expect_null(rep->findings[0].subject);
	report_free(rep);
	ruleset_free(rs);
	rs = load_rule("id: t\ntitle: T\nseverity: info\nmatch: {kind: mars.log}\n"
	    "message: '{message}{message}{message}{message}{message}'\n");
	rep = run_records(rs, &r, 1);
	cr_assert_eq(rep->nfindings, 1);
	/* Each copied value keeps RULE_VALUE_MAX bytes; the whole text RULE_TEXT_MAX. */
	cr_expect_eq(strlen(rep->findings[0].message), 4 * RULE_VALUE_MAX);
	report_free(rep);
	ruleset_free(rs);
	record_free(&r);
	free(big);
}

Test(rules_template, utf8_cut)
{
	const char *s = "ab\xc3\xa9" "cd";	/* "abécd" */

	cr_expect_eq(utf8_cut(s, 6, 10), 6);
	cr_expect_eq(utf8_cut(s, 6, 4), 4);
	cr_expect_eq(utf8_cut(s, 6, 3), 2);	/* never half of é */
	cr_expect_eq(utf8_cut(s, 6, 2), 2);
}

/* ---- Evaluation: subjects, counts, evidence. ---- */

Test(rules_eval, one_finding_per_subject)
{
	struct record recs[4] = {{0}};
	struct ruleset *rs = load_rule("id: failed-writer\ntitle: T\nseverity: error\n"
	    "match: {kind: vss.writer, failed: 'yes'}\nsubject: '{writer}'\n"
	    "message: '{subject}: state {state}, {count} time(s)'\n");
	struct report *rep;
	const struct finding *f;

	mkrec(&recs[0], "vss.writer", "writers.txt", 3, "writer", "System Writer", "state", "7",
	    "failed", "yes", NULL);
	mkrec(&recs[1], "vss.writer", "writers.txt", 9, "writer", "WMI Writer", "state", "9",
	    "failed", "yes", NULL);
	mkrec(&recs[2], "vss.writer", "writers2.txt", 3, "writer", "System Writer", "state",
	    "8", "failed", "yes", NULL);
	mkrec(&recs[3], "vss.writer", "writers.txt", 15, "writer", "ASR Writer", "state", "5",
	    "failed", "no", NULL);
	rep = run_records(rs, recs, 4);
	cr_assert_eq(rep->nfindings, 2);
	f = find_finding(rep, "failed-writer", "System Writer");
	cr_assert_not_null(f);
	cr_expect_eq(f->count, 2);
	cr_expect_str_eq(f->message, "System Writer: state 8, 2 time(s)");
	cr_expect_eq(f->severity, SEV_ERROR);
	cr_expect_str_eq(f->title, "T");
	cr_assert_eq(f->nevidence, 2);
	cr_expect_str_eq(f->evidence[0].file, "writers.txt");
	cr_expect_str_eq(f->evidence[1].file, "writers2.txt");
	f = find_finding(rep, "failed-writer", "WMI Writer");
	cr_assert_not_null(f);
	cr_expect_eq(f->count, 1);
	cr_expect_null(find_finding(rep, "failed-writer", "ASR Writer"));
	report_free(rep);
	ruleset_free(rs);
	free_records(recs, 4);
}

Test(rules_eval, empty_subject_means_no_subject)
{
	struct record recs[3] = {{0}};
	struct ruleset *rs = load_rule("id: t\ntitle: T\nseverity: info\n"
	    "match: {kind: event}\nsubject: '{writer}'\n");
	struct report *rep;

	mkrec(&recs[0], "event", "a.xml", 0, "writer", "NTDS", NULL);
	mkrec(&recs[1], "event", "a.xml", 0, NULL);
	mkrec(&recs[2], "event", "a.xml", 0, "writer", "", NULL);
	rep = run_records(rs, recs, 3);
	cr_assert_eq(rep->nfindings, 2);
	/* NULL sorts first. */
	cr_expect_null(rep->findings[0].subject);
	cr_expect_eq(rep->findings[0].count, 2);
	cr_expect_str_eq(rep->findings[1].subject, "NTDS");
	report_free(rep);
	ruleset_free(rs);
	free_records(recs, 3);
}

Test(rules_eval, subjects_are_bounded)
{
	struct record r = {0};
	struct ruleset *rs = load_rule("id: t\ntitle: T\nseverity: info\n"
	    "match: {kind: service}\nsubject: '{name}'\n");
	struct rule_run *run = rule_run_new(rs);
	struct report *rep = report_new();
	const struct finding *f;
	int i;

	for (i = 0; i < RULE_MAX_SUBJECTS + 6; i++) {
		char name[16];
		snprintf(name, sizeof name, "svc%03d", i);
		mkrec(&r, "service", "services.txt", i + 1, "name", name, NULL);
		rule_run_feed(run, &r);
	}
	rule_run_finish(run, rep);
	cr_expect_eq(rep->nfindings, RULE_MAX_SUBJECTS + 1);
	f = find_finding(rep, "t", "(further subjects)");
	cr_assert_not_null(f);
	cr_expect_eq(f->count, 6);
	cr_expect_not_null(find_finding(rep, "t", "svc063"));
	cr_expect_null(find_finding(rep, "t", "svc064"));
	report_free(rep);
	rule_run_free(run);
	ruleset_free(rs);
	record_free(&r);
}

Test(rules_eval, min_count)
{
	struct record recs[3] = {{0}};
	struct ruleset *rs = load_rule("id: t\ntitle: T\nseverity: warning\n"
	    "match: {kind: event, event_id: 7031}\nmin_count: 3\nsubject: '{service}'\n");
	struct report *rep;
	int i;

	for (i = 0; i < 3; i++)
		mkrec(&recs[i], "event", "System.xml", 0, "event_id", "7031", "service",
		    i == 2 ? "VSS" : "obengine", NULL);
	rep = run_records(rs, recs, 3);
	cr_expect_eq(rep->nfindings, 0, "2 of obengine and 1 of VSS are below 3");
	report_free(rep);
	mkrec(&recs[2], "event", "System.xml", 0, "event_id", "7031", "service", "obengine",
	    NULL);
	rep = run_records(rs, recs, 3);
	cr_assert_eq(rep->nfindings, 1);
	cr_expect_eq(rep->findings[0].count, 3);
	cr_expect_str_eq(rep->findings[0].subject, "obengine");
	report_free(rep);
	ruleset_free(rs);
	free_records(recs, 3);
}

Test(rules_eval, evidence_first_three_last_two_and_bounded)
{
	struct record r = {0};
	struct ruleset *rs = load_rule("id: t\ntitle: T\nseverity: info\nmatch: {kind: event}\n"
	    "references: ['https://example.com/a']\ncause: c\nresolution: r\n");
	struct rule_run *run = rule_run_new(rs);
	struct report *rep = report_new();
	const struct finding *f;
	char ex[1200];
	long want[] = {1, 2, 3, 6, 7};
	size_t i;

	/* An excerpt of 510 ASCII bytes, then "é" across the 512-byte boundary. */
	memset(ex, 'x', sizeof ex);
	ex[510] = 'y';
	ex[511] = '\xc3';
	ex[512] = '\xa9';
	ex[sizeof ex - 1] = '\0';
	for (i = 1; i <= 7; i++) {
		char iso[32];
		mkrec(&r, "event", "Application.xml", 0, NULL);
		r.has_record_id = 1;
		r.record_id = 1000 + i;
		r.line = (long)i;
		snprintf(iso, sizeof iso, "2026-03-%02zuT10:00:00Z", 20 - i);
		set_time(&r, iso);
		record_set_excerpt(&r, ex, strlen(ex));
		rule_run_feed(run, &r);
	}
	rule_run_finish(run, rep);
	cr_assert_eq(rep->nfindings, 1);
	f = &rep->findings[0];
	cr_expect_eq(f->count, 7);
	cr_assert_eq(f->nevidence, 5);
	for (i = 0; i < 5; i++) {
		cr_expect_eq(f->evidence[i].line, want[i]);
		cr_expect(f->evidence[i].has_record_id);
		cr_expect_eq(f->evidence[i].record_id, 1000 + (uint64_t)want[i]);
		cr_expect_eq(f->evidence[i].time_quality, TQ_UTC);
		cr_expect_eq(strlen(f->evidence[i].excerpt), 511, "excerpt cut before the é");
	}
	cr_expect_str_eq(f->evidence[0].time, "2026-03-19T10:00:00.000Z");
	cr_expect_str_eq(f->first_time, "2026-03-13T10:00:00.000Z");
	cr_expect_str_eq(f->last_time, "2026-03-19T10:00:00.000Z");
	cr_expect_str_eq(f->section, "general");
	cr_expect_str_eq(f->cause, "c");
	cr_expect_str_eq(f->resolution, "r");
	cr_assert_eq(f->nreferences, 1);
	cr_expect_str_eq(f->references[0], "https://example.com/a");
	report_free(rep);
	rule_run_free(run);
	ruleset_free(rs);
	record_free(&r);
}

Test(rules_eval, records_without_time)
{
	struct record r = {0};
	struct ruleset *rs = load_rule("id: t\ntitle: T\nseverity: info\nmatch: {kind: x}\n"
	    "message: 'from {first_time|?} to {last_time|?}'\n");
	struct report *rep;

	mkrec(&r, "x", "x.txt", 1, NULL);
	rep = run_records(rs, &r, 1);
	cr_assert_eq(rep->nfindings, 1);
	cr_expect_null(rep->findings[0].first_time);
	cr_expect_null(rep->findings[0].evidence[0].time);
	cr_expect_str_eq(rep->findings[0].message, "from ? to ?");
	report_free(rep);
	ruleset_free(rs);
	record_free(&r);
}

Test(rules_eval, dispatch_by_kind)
{
	static const char *const texts[] = {
		"id: a\ntitle: T\nseverity: info\nmatch: {kind: event, event_id: 1}\n",
		"id: b\ntitle: T\nseverity: info\nmatch: {kind: [feature, service]}\n",
		"id: c\ntitle: T\nseverity: info\nmatch:\n  any:\n    - {kind: mars.log}\n"
		"    - {kind: event, provider: VSS}\n",
		"id: d\ntitle: T\nseverity: info\nmatch: {message|contains: x}\n",
		"id: e\ntitle: T\nseverity: info\nmatch: {not: {kind: event}}\n",
		"id: f\ntitle: T\nseverity: info\ntype: check\nmatch: {kind: vss.writer}\n"
		"requires: {kind: feature}\n",
	};
	struct ruleset *rs = load_rules(texts, MT_ARRAY_LEN(texts));
	struct rule_run *run = rule_run_new(rs);
	struct rule_run_stats st;
	struct record r = {0};
	const size_t *idx;
	size_t n;
	struct {
		const char *kind;
		size_t want;	/* rules tried: pinned ones plus the wildcards d and e */
	} cases[] = {
		{"event", 2 + 2}, {"feature", 2 + 2}, {"service", 1 + 2}, {"mars.log", 1 + 2},
		{"vss.writer", 1 + 2}, {"registry", 0 + 2},
	};
	size_t i;
	uint64_t total = 0;

	idx = ruleset_dispatch(rs, "EVENT", &n);
	cr_assert_eq(n, 4);
	cr_expect(idx[0] == 0 && idx[1] == 2 && idx[2] == 3 && idx[3] == 4, "rule order kept");
	for (i = 0; i < MT_ARRAY_LEN(cases); i++) {
		mkrec(&r, cases[i].kind, "x", 1, NULL);
		rule_run_feed(run, &r);
		rule_run_get_stats(run, &st);
		cr_expect_eq(st.evaluations - total, cases[i].want, "kind %s: %llu rules tried",
		    cases[i].kind, (unsigned long long)(st.evaluations - total));
		total = st.evaluations;
	}
	cr_expect_eq(st.records, MT_ARRAY_LEN(cases));
	rule_run_free(run);
	ruleset_free(rs);
	record_free(&r);
}

/* ---- Checks. ---- */

static const struct check *
find_check(const struct report *rep, const char *rule)
{
	size_t i;

	for (i = 0; i < rep->nchecks; i++)
		if (strcmp(rep->checks[i].rule, rule) == 0)
			return &rep->checks[i];
	return NULL;
}

Test(rules_check, fail_pass_not_verifiable)
{
	struct ruleset *rs = load_shipped();
	struct record recs[2] = {{0}};
	struct report *rep;
	const struct check *c;
	const struct finding *f;

	/* Fail: the feature is listed but not installed; the failing check is a finding too. */
	mkrec(&recs[0], "feature", "features.txt", 3, "name", "Windows-Server-Backup",
	    "display_name", "Windows Server Backup", "state", "Available", "installed", "no",
	    "depth", "0", NULL);
	mkrec(&recs[1], "feature", "features.txt", 4, "name", "Migration", "display_name",
	    "Windows Server Migration Tools", "state", "Available", "installed", "no", NULL);
	rep = run_records(rs, recs, 2);
	c = find_check(rep, "wsb-not-installed");
	cr_assert_not_null(c);
	cr_expect_eq(c->status, CHECK_FAIL);
	cr_expect_str_eq(c->detail, "Windows Server Backup: Available");
	/* The checklist states the prerequisite; the finding names the problem. */
	cr_expect_str_eq(c->title, "Windows Server Backup is installed");
	cr_expect_str_eq(c->section, "prerequisites");
	cr_expect_eq(c->severity, SEV_ERROR);
	cr_expect_str_eq(c->ask_file, "features.txt");
	f = find_finding(rep, "wsb-not-installed", NULL);
	cr_assert_not_null(f);
	cr_expect_eq(f->count, 1);
	cr_expect_str_eq(f->message, "Windows Server Backup: Available");
	cr_expect_eq(f->evidence[0].line, 3);
	report_free(rep);

	/* Pass: listed and installed; the detail shows the record that allowed the check. */
	mkrec(&recs[0], "feature", "features.txt", 3, "name", "Windows-Server-Backup",
	    "display_name", "Windows Server Backup", "state", "Installed", "installed", "yes",
	    NULL);
	rep = run_records(rs, recs, 2);
	c = find_check(rep, "wsb-not-installed");
	cr_assert_not_null(c);
	cr_expect_eq(c->status, CHECK_PASS);
	cr_expect_str_eq(c->detail, "Windows Server Backup: Installed");
	cr_expect_null(find_finding(rep, "wsb-not-installed", NULL));
	report_free(rep);

	/* Not verifiable: no record about the feature; the command to ask for is given. */
	rep = run_records(rs, &recs[1], 1);
	c = find_check(rep, "wsb-not-installed");
	cr_assert_not_null(c);
	cr_expect_eq(c->status, CHECK_NOT_VERIFIABLE);
	cr_expect_str_eq(c->detail, "no Get-WindowsFeature output in the bundle");
	cr_expect_str_eq(c->ask, "Get-WindowsFeature | Out-File -Encoding utf8 features.txt");
	cr_expect_eq(rep->nfindings, 0);
	report_free(rep);
	ruleset_free(rs);
	free_records(recs, 2);
}

Test(rules_check, checks_in_rule_order_with_defaults)
{
	static const char *const texts[] = {
		"id: z-check\ntitle: Z\nseverity: warning\ntype: check\n"
		"requires: {kind: service, name: VSS}\nmatch: {kind: service, name: VSS, "
		"start_type: Disabled}\n",
		"id: a-check\ntitle: A\nseverity: error\ntype: check\nrequires: {kind: service}\n"
		"match: {kind: service, state|re: '(?<s>STOPPED)'}\nmessage: '{name} is {s}'\n"
		"min_count: 2\n",
	};
	struct ruleset *rs = load_rules(texts, 2);
	struct record recs[2] = {{0}};
	struct report *rep;

	mkrec(&recs[0], "service", "sc.txt", 1, "name", "VSS", "state", "STOPPED", "start_type",
	    "Manual", NULL);
	mkrec(&recs[1], "service", "sc.txt", 9, "name", "SENS", "state", "STOPPED", NULL);
	rep = run_records(rs, recs, 2);
	cr_assert_eq(rep->nchecks, 2);
	/* Files load in name order (r00 before r01), so z-check comes first. */
	cr_expect_str_eq(rep->checks[0].rule, "z-check");
	cr_expect_eq(rep->checks[0].status, CHECK_PASS);
	cr_expect_str_eq(rep->checks[0].detail, "requirement seen in sc.txt");
	cr_expect_null(rep->checks[0].ask);
	cr_expect_str_eq(rep->checks[1].rule, "a-check");
	cr_expect_eq(rep->checks[1].status, CHECK_FAIL);
	cr_expect_str_eq(rep->checks[1].detail, "SENS is STOPPED");
	report_free(rep);
	rep = run_records(rs, &recs[1], 1);
	cr_expect_eq(rep->checks[0].status, CHECK_NOT_VERIFIABLE);
	cr_expect_str_eq(rep->checks[0].detail, "nothing in the bundle allows this to be checked");
	cr_expect_eq(rep->checks[1].status, CHECK_PASS, "one stopped service is below min_count");
	report_free(rep);
	ruleset_free(rs);
	free_records(recs, 2);
}

/* ---- The shipped rules against records shaped like their samples. ---- */

static size_t
count_rule(const struct report *rep, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < rep->nfindings; i++)
		n += strcmp(rep->findings[i].rule, rule) == 0;
	return n;
}

Test(rules_shipped, vss_writer_timeout)
{
	struct ruleset *rs = load_shipped();
	struct record r = {0};
	struct report *rep;

	mkrec(&r, "event", "Application.xml", 0, "provider", "VSS", "event_id", "8229", "level",
	    "3", "codes", "0x800423F2", "hresult", "0x800423F2", "writer",
	    "Task Scheduler Writer", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(count_rule(rep, "vss-writer-timeout"), 1);
	cr_expect(strstr(find_finding(rep, "vss-writer-timeout", NULL)->message,
	    "writer: Task Scheduler Writer") != NULL);
	report_free(rep);

	mkrec(&r, "event", "Application.xml", 0, "provider", "VSS", "event_id", "8229", "codes",
	    "0x800423F4", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(rep->nfindings, 0, "a non-retryable error is not a time-out");
	report_free(rep);

	mkrec(&r, "mars.log", "CBEngineCurr.errlog", 1, "level", "WARNING", "message",
	    "WSB job failed with VSS errors. Check VSS event logs to resolve the failure.", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(count_rule(rep, "vss-writer-timeout"), 1);
	cr_expect(strstr(find_finding(rep, "vss-writer-timeout", NULL)->message,
	    "writer: not named in this evidence") != NULL);
	/* The WSB and MARS jobs failed too: the time-out explains the WSB failure, which
	 * explains the MARS failure. */
	cr_assert_not_null(find_finding(rep, "mars-backup-failed", NULL));
	cr_assert_not_null(find_finding(rep, "wsb-job-failed", NULL));
	cr_expect_str_eq(find_finding(rep, "mars-backup-failed", NULL)->explained_by,
	    "wsb-job-failed");
	cr_expect_str_eq(find_finding(rep, "wsb-job-failed", NULL)->explained_by,
	    "vss-writer-timeout");
	report_free(rep);

	/* A Stable writer that still shows an old time-out is not a time-out now. */
	mkrec(&r, "vss.writer", "writers.txt", 1, "writer", "Task Scheduler Writer", "state",
	    "1", "state_text", "Stable", "failed", "no", "last_error", "Timed out",
	    "last_error_code", "0x800423F2", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(count_rule(rep, "vss-writer-timeout"), 0);
	cr_expect_eq(count_rule(rep, "vss-writer-failed"), 0);
	report_free(rep);

	mkrec(&r, "vss.writer", "writers.txt", 1, "writer", "Task Scheduler Writer", "state",
	    "9", "state_text", "Failed", "failed", "yes", "last_error", "Timed out",
	    "last_error_code", "0x800423F2", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(count_rule(rep, "vss-writer-timeout"), 1);
	cr_expect_eq(count_rule(rep, "vss-writer-failed"), 1);
	report_free(rep);
	ruleset_free(rs);
	record_free(&r);
}

Test(rules_shipped, vss_writer_failed)
{
	struct ruleset *rs = load_shipped();
	struct record recs[3] = {{0}};
	struct report *rep;
	const struct finding *f;

	mkrec(&recs[0], "vss.writer", "writers.txt", 4, "writer", "System Writer", "state", "7",
	    "state_text", "Failed", "failed", "yes", "last_error", "Non-retryable error",
	    "last_error_code", "0x800423F4", NULL);
	mkrec(&recs[1], "vss.writer", "writers.txt", 10, "writer", "ASR Writer", "state", "5",
	    "state_text", "Waiting for completion", "failed", "no", "last_error", "No error",
	    NULL);
	mkrec(&recs[2], "vss.writer", "writers.txt", 16, "writer",
	    "Microsoft Hyper-V VSS Writer", "state", "8", "state_text", "Failed", "failed", "yes",
	    "last_error", "Inconsistent shadow copy", NULL);
	rep = run_records(rs, recs, 3);
	cr_expect_eq(count_rule(rep, "vss-writer-failed"), 2);
	f = find_finding(rep, "vss-writer-failed", "System Writer");
	cr_assert_not_null(f);
	cr_expect_str_eq(f->message, "VSS writer 'System Writer' is in state [7] Failed; "
	    "last error: Non-retryable error");
	cr_expect_not_null(find_finding(rep, "vss-writer-failed", "Microsoft Hyper-V VSS Writer"));
	cr_expect_null(find_finding(rep, "vss-writer-failed", "ASR Writer"));
	cr_expect_eq(count_rule(rep, "vss-writer-timeout"), 0);
	report_free(rep);
	ruleset_free(rs);
	free_records(recs, 3);
}

Test(rules_shipped, efi_partition_locked)
{
	static const char *const wordings[] = {
		"System state backup operation failed as the EFI system partition is locked. This "
		"can be due to system partition access by a third-party security or back up "
		"software.",
		"System state backup failed as the EFI system partition is locked.",
		"System state back up failed as the EFI system partition is locked.",
	};
	struct ruleset *rs = load_shipped();
	struct record r = {0};
	struct report *rep;
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(wordings); i++) {
		mkrec(&r, "mars.log", "CBEngineCurr.errlog", 5, "level", "FATAL", "message",
		    wordings[i], NULL);
		rep = run_records(rs, &r, 1);
		cr_expect_eq(count_rule(rep, "efi-partition-locked"), 1, "wording %zu", i);
		report_free(rep);
	}
	mkrec(&r, "mars.log", "CBEngineCurr.errlog", 5, "message",
	    "Including the EFI system partition in the System State backup", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(rep->nfindings, 0);
	report_free(rep);
	/* The same text in another kind of record is not a MARS failure. */
	mkrec(&r, "event", "Application.xml", 0, "message",
	    "System state backup failed as the EFI system partition is locked.", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(rep->nfindings, 0);
	report_free(rep);
	ruleset_free(rs);
	record_free(&r);
}

Test(rules_shipped, shadow_storage_insufficient)
{
	static const char *const fire_ids[] = {"24", "25", "35", "36"};
	struct ruleset *rs = load_shipped();
	struct record r = {0};
	struct report *rep;
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(fire_ids); i++) {
		mkrec(&r, "event", "System.xml", 0, "provider", i % 2 ? "volsnap" : "VolSnap",
		    "event_id", fire_ids[i], NULL);
		rep = run_records(rs, &r, 1);
		cr_expect_eq(count_rule(rep, "shadow-storage-insufficient"), 1, "event %s",
		    fire_ids[i]);
		report_free(rep);
	}
	mkrec(&r, "event", "System.xml", 0, "provider", "volsnap", "event_id", "33", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(rep->nfindings, 0);
	report_free(rep);
	mkrec(&r, "event", "System.xml", 0, "provider", "Ntfs", "event_id", "24", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(rep->nfindings, 0);
	report_free(rep);
	mkrec(&r, "mars.log", "CBEngineCurr.errlog", 3, "message",
	    "Backup failed as the shadow copy volume couldn't grow due to insufficient disk "
	    "space on volumes containing system files.", NULL);
	rep = run_records(rs, &r, 1);
	cr_expect_eq(count_rule(rep, "shadow-storage-insufficient"), 1);
	report_free(rep);
	ruleset_free(rs);
	record_free(&r);
}
