/* Tests for report.c: names, building, ordering, verdict and the "ask the customer" list. */
#include <criterion/criterion.h>
#include <string.h>
#include "report.h"
#include "util.h"

static struct finding *
add(struct report *r, enum severity sev, const char *rule, const char *subject)
{
	struct finding *f = report_add_finding(r);

	f->severity = sev;
	f->rule = xstrdup(rule);
	f->subject = subject ? xstrdup(subject) : NULL;
	f->title = xasprintf("title of %s", rule);
	return f;
}

static struct check *
add_check(struct report *r, const char *rule, enum check_status st, const char *ask,
    const char *file)
{
	struct check *c = report_add_check(r);

	c->rule = xstrdup(rule);
	c->title = xasprintf("check %s", rule);
	c->status = st;
	c->severity = SEV_ERROR;
	c->ask = ask ? xstrdup(ask) : NULL;
	c->ask_file = file ? xstrdup(file) : NULL;
	return c;
}

Test(names, severity_round_trip)
{
	enum severity s = SEV_INFO;

	cr_assert_str_eq(severity_name(SEV_INFO), "info");
	cr_assert_str_eq(severity_name(SEV_WARNING), "warning");
	cr_assert_str_eq(severity_name(SEV_ERROR), "error");
	cr_assert_str_eq(severity_name(SEV_CRITICAL), "critical");
	cr_assert_eq(severity_parse("critical", &s), 0);
	cr_assert_eq(s, SEV_CRITICAL);
	cr_assert_eq(severity_parse("Warning", &s), 0);
	cr_assert_eq(s, SEV_WARNING);
	s = SEV_ERROR;
	cr_assert_neq(severity_parse("fatal", &s), 0);
	cr_assert_neq(severity_parse("", &s), 0);
	cr_assert_neq(severity_parse(NULL, &s), 0);
	cr_assert_eq(s, SEV_ERROR, "a failed parse leaves *s alone");
}

Test(names, check_status_and_others)
{
	cr_assert_str_eq(check_status_name(CHECK_PASS), "pass");
	cr_assert_str_eq(check_status_name(CHECK_FAIL), "fail");
	cr_assert_str_eq(check_status_name(CHECK_NOT_VERIFIABLE), "not verifiable");
	cr_assert_str_eq(report_time_quality_name(TQ_UTC), "utc");
	cr_assert_str_eq(report_time_quality_name(TQ_ZONE_UNKNOWN), "zone-unknown");
	cr_assert_str_eq(report_flag_name(INV_F_DUPLICATE_NAME), "duplicate_name");
	cr_assert_null(report_flag_name(INV_F_DUPLICATE_NAME | INV_F_LIMIT));
	cr_assert_null(report_flag_name(0x100));
}

Test(build, appended_entries_are_zeroed_and_survive_growth)
{
	struct report *r = report_new();
	char id[32];
	size_t i;

	for (i = 0; i < 300; i++) {
		struct finding *f = report_add_finding(r);

		cr_assert_null(f->rule);
		cr_assert_null(f->evidence);
		cr_assert_eq(f->count, 0);
		snprintf(id, sizeof id, "rule.%03zu", i);
		f->rule = xstrdup(id);
		f->count = i;
		if (i % 2 == 0) {
			f->evidence = xcalloc(1, sizeof *f->evidence);
			f->nevidence = 1;
			f->evidence[0].file = xstrdup("Temp/CBEngineCurr.errlog");
			f->evidence[0].excerpt = xstrdup("WARNING\tFailed to take snapshot");
		}
		f->references = xcalloc(2, sizeof *f->references);
		f->references[0] = xstrdup("https://learn.microsoft.com/");
		f->nreferences = 1;
	}
	for (i = 0; i < 50; i++) {
		struct check *c = report_add_check(r);

		cr_assert_null(c->ask);
		cr_assert_eq(c->status, CHECK_PASS);
		c->rule = xasprintf("check.%zu", i);
	}
	cr_assert_eq(r->nfindings, 300);
	cr_assert_eq(r->nchecks, 50);
	cr_assert_str_eq(r->findings[0].rule, "rule.000");
	cr_assert_str_eq(r->findings[299].rule, "rule.299");
	cr_assert_eq(r->findings[123].count, 123);
	cr_assert_str_eq(r->checks[49].rule, "check.49");
	r->inventory = inventory_new();
	inv_set_note(inventory_add((struct inventory *)r->inventory, "a.txt", 0), "empty");
	r->bundle = xstrdup("case.zip");
	r->host = xstrdup("SRV01");
	/* Run under ASan: this must free all of it. */
	report_free(r);
	report_free(NULL);
}

Test(sort, severity_then_rule_then_subject)
{
	struct report *r = report_new();

	add(r, SEV_WARNING, "b.rule", NULL);
	add(r, SEV_CRITICAL, "z.rule", NULL);
	add(r, SEV_ERROR, "mars.job.failed", "job 2");
	add(r, SEV_ERROR, "mars.job.failed", "job 1");
	add(r, SEV_ERROR, "mars.job.failed", NULL);
	add(r, SEV_ERROR, "a.rule", "x");
	add(r, SEV_INFO, "a.rule", NULL);
	add(r, SEV_WARNING, "a.rule", NULL);
	report_sort(r);
	cr_assert_str_eq(r->findings[0].rule, "z.rule");
	cr_assert_str_eq(r->findings[1].rule, "a.rule");
	cr_assert_str_eq(r->findings[2].rule, "mars.job.failed");
	cr_assert_null(r->findings[2].subject);
	cr_assert_str_eq(r->findings[3].subject, "job 1");
	cr_assert_str_eq(r->findings[4].subject, "job 2");
	cr_assert_str_eq(r->findings[5].rule, "a.rule");
	cr_assert_eq(r->findings[5].severity, SEV_WARNING);
	cr_assert_str_eq(r->findings[6].rule, "b.rule");
	cr_assert_eq(r->findings[7].severity, SEV_INFO);
	report_free(r);
}

Test(sort, independent_of_insertion_order)
{
	static const char *const rules[] = { "c", "a", "b", "a", "c", "b" };
	struct report *x = report_new(), *y = report_new();
	size_t i;

	for (i = 0; i < 6; i++) {
		add(x, (enum severity)(i % 3), rules[i], i % 2 ? "s" : NULL);
		add(y, (enum severity)((5 - i) % 3), rules[5 - i], (5 - i) % 2 ? "s" : NULL);
	}
	report_sort(x);
	report_sort(y);
	for (i = 0; i < 6; i++) {
		cr_assert_str_eq(x->findings[i].rule, y->findings[i].rule);
		cr_assert_eq(x->findings[i].severity, y->findings[i].severity);
		cr_assert_eq(x->findings[i].subject == NULL, y->findings[i].subject == NULL);
	}
	report_free(x);
	report_free(y);
}

Test(verdict, healthy_only_below_warning)
{
	struct report *r = report_new();
	size_t top[4];
	int any = 1;

	cr_assert(report_is_healthy(r));
	cr_assert_eq(report_worst(r, &any), SEV_INFO);
	cr_assert_eq(any, 0);
	add(r, SEV_INFO, "agent.version", NULL);
	cr_assert(report_is_healthy(r));
	cr_assert_eq(report_top(r, top), 0);
	add(r, SEV_WARNING, "disk.space.low", "C:");
	cr_assert_not(report_is_healthy(r));
	cr_assert_eq(report_worst(r, &any), SEV_WARNING);
	cr_assert_eq(any, 1);
	report_sort(r);
	/* No error: the warnings are the top. */
	cr_assert_eq(report_top(r, top), 1);
	cr_assert_str_eq(r->findings[top[0]].rule, "disk.space.low");
	report_free(r);
}

Test(verdict, top_replaces_explained_findings_with_their_cause)
{
	struct report *r = report_new();
	size_t top[8], n;

	/* The VSS writer failure (a warning) explains two MARS errors. */
	add(r, SEV_ERROR, "mars.job.failed", "job 1")->explained_by = xstrdup("vss.writer.failed");
	add(r, SEV_ERROR, "mars.snapshot.failed", NULL)->explained_by = xstrdup("mars.job.failed");
	add(r, SEV_WARNING, "vss.writer.failed", "System Writer");
	add(r, SEV_CRITICAL, "disk.full", NULL);
	add(r, SEV_WARNING, "other.warning", NULL);
	add(r, SEV_ERROR, "named.cause.absent", NULL)->explained_by = xstrdup("not.in.report");
	report_sort(r);
	n = report_top(r, top);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(r->findings[top[0]].rule, "disk.full");
	cr_assert_str_eq(r->findings[top[1]].rule, "named.cause.absent");
	cr_assert_str_eq(r->findings[top[2]].rule, "vss.writer.failed");
	cr_assert(top[0] < top[1] && top[1] < top[2], "report order");
	cr_assert_eq(report_worst(r, NULL), SEV_CRITICAL);
	report_free(r);
}

Test(verdict, cause_chains_loops_and_self)
{
	struct report *r = report_new();
	size_t i;

	add(r, SEV_ERROR, "a", NULL)->explained_by = xstrdup("b");
	add(r, SEV_ERROR, "b", NULL)->explained_by = xstrdup("c");
	add(r, SEV_ERROR, "c", NULL);
	add(r, SEV_ERROR, "loop1", NULL)->explained_by = xstrdup("loop2");
	add(r, SEV_ERROR, "loop2", NULL)->explained_by = xstrdup("loop1");
	add(r, SEV_ERROR, "self", NULL)->explained_by = xstrdup("self");
	cr_assert_eq(report_cause(r, 0), 2);
	cr_assert_eq(report_cause(r, 1), 2);
	cr_assert_eq(report_cause(r, 2), (size_t)-1);
	cr_assert_eq(report_cause(r, 3), (size_t)-1);
	cr_assert_eq(report_cause(r, 4), (size_t)-1);
	cr_assert_eq(report_cause(r, 5), (size_t)-1);
	cr_assert_eq(report_cause(r, 99), (size_t)-1);
	for (i = 0; i < r->nfindings; i++)
		cr_assert_neq(report_cause(r, i), i);
	report_free(r);
}

Test(asks, failing_and_unverifiable_checks_deduplicated)
{
	struct report *r = report_new();
	struct report_ask *a;
	size_t n;

	add_check(r, "vss.writers.stable", CHECK_NOT_VERIFIABLE, "vssadmin list writers",
	    "vss-writers.txt");
	add_check(r, "wsb.installed", CHECK_PASS, "Get-WindowsFeature", "features.txt");
	add_check(r, "vss.system.writer", CHECK_FAIL, "vssadmin list writers",
	    "vss-writers.txt");
	add_check(r, "vss.writers.stable", CHECK_NOT_VERIFIABLE, "vssadmin list writers",
	    "vss-writers.txt");
	add_check(r, "disk.space", CHECK_NOT_VERIFIABLE, "fsutil volume diskfree C:", NULL);
	add_check(r, "no.ask", CHECK_FAIL, NULL, NULL);
	add_check(r, "vss.other", CHECK_FAIL, "vssadmin list writers", "other.txt");
	n = report_asks(r, &a);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(a[0].command, "vssadmin list writers");
	cr_assert_str_eq(a[0].file, "vss-writers.txt");
	cr_assert_eq(a[0].nrules, 2);
	cr_assert_str_eq(a[0].rules[0], "vss.writers.stable");
	cr_assert_str_eq(a[0].rules[1], "vss.system.writer");
	cr_assert_str_eq(a[1].command, "fsutil volume diskfree C:");
	cr_assert_null(a[1].file);
	cr_assert_str_eq(a[2].file, "other.txt");
	cr_assert_eq(a[2].nrules, 1);
	report_asks_free(a, n);
	report_free(r);
}

Test(asks, none_when_everything_passes)
{
	struct report *r = report_new();
	struct report_ask *a = (struct report_ask *)1;

	add_check(r, "wsb.installed", CHECK_PASS, "Get-WindowsFeature", "features.txt");
	cr_assert_eq(report_asks(r, &a), 0);
	cr_assert_null(a);
	report_asks_free(a, 0);
	report_free(r);
}

/* A finding's ask confirms it on the server; it joins the block after the checks' asks,
 * once, and only for findings that are live problems of their own. */
Test(asks, findings_that_need_confirming)
{
	struct report *r = report_new();
	struct report_ask *a = NULL;
	struct finding *f;
	size_t n;

	add_check(r, "vss.writers.stable", CHECK_NOT_VERIFIABLE, "vssadmin list writers",
	    "vss-writers.txt");
	f = report_add_finding(r);
	f->rule = xstrdup("vss-writer-failed");
	f->severity = SEV_ERROR;
	f->ask = xstrdup("vssadmin list writers");
	f->ask_file = xstrdup("vss-writers.txt");
	f = report_add_finding(r);
	f->rule = xstrdup("shadow-storage-insufficient");
	f->severity = SEV_ERROR;
	f->ask = xstrdup("vssadmin list shadowstorage");
	f->ask_file = xstrdup("shadowstorage.txt");
	f = report_add_finding(r);
	f->rule = xstrdup("explained");
	f->severity = SEV_ERROR;
	f->explained_by = xstrdup("vss-writer-failed");
	f->ask = xstrdup("explained command");
	f = report_add_finding(r);
	f->rule = xstrdup("history");
	f->severity = SEV_INFO;
	f->ask = xstrdup("history command");
	n = report_asks(r, &a);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(a[0].command, "vssadmin list writers");
	cr_assert_eq(a[0].nrules, 2);
	cr_assert_str_eq(a[0].rules[0], "vss.writers.stable");
	cr_assert_str_eq(a[0].rules[1], "vss-writer-failed");
	cr_assert_str_eq(a[1].command, "vssadmin list shadowstorage");
	cr_assert_str_eq(a[1].file, "shadowstorage.txt");
	report_asks_free(a, n);
	report_free(r);
}
