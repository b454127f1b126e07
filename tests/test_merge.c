/* Tests for merge.c: a row read back from a JSON report equals the row built from the report
 * in memory, so a merged index is the index of a single run. */
#include <criterion/criterion.h>
#include <string.h>
#include "index.h"
#include "merge.h"
#include "render.h"
#include "report.h"
#include "util.h"

static struct report *
sample(void)
{
	struct report *r = report_new();
	struct finding *f;
	struct check *c;

	r->bundle = xstrdup("inbox/case \"7\" \xC3\xA9 caf\xE9 \xED\xA0\x80.zip");
	r->host = xstrdup("SRV-01");
	r->tool_version = "0.1.0";
	r->rules_version = xstrdup("test");
	r->inventory = inventory_new();
	inv_set_note(inventory_add((struct inventory *)r->inventory, "a.log", 0), "parsed");
	inv_set_note(inventory_add((struct inventory *)r->inventory, "b.log", 0),
	    "walk stopped: time limit of 5 s reached");
	f = report_add_finding(r);
	f->severity = SEV_CRITICAL;
	f->rule = xstrdup("vss-writer-failed");
	f->subject = xstrdup("System Writer");
	f->title = xstrdup("A VSS writer failed");
	f->message = xstrdup("Writer \"System\"\nfailed");
	f = report_add_finding(r);
	f->severity = SEV_ERROR;
	f->rule = xstrdup("job-failed");
	f->title = xstrdup("Backups fail");
	f->explained_by = xstrdup("vss-writer-failed");
	f = report_add_finding(r);
	f->severity = SEV_INFO;
	f->rule = xstrdup("agent");
	f->title = NULL;
	c = report_add_check(r);
	c->rule = xstrdup("wsb");
	c->title = xstrdup("WSB installed");
	c->status = CHECK_NOT_VERIFIABLE;
	c->severity = SEV_ERROR;
	c->detail = xstrdup("no feature list");
	c = report_add_check(r);
	c->rule = xstrdup("space");
	c->title = xstrdup("Space");
	c->status = CHECK_FAIL;
	c->severity = SEV_WARNING;
	report_sort(r);
	return r;
}

static void
assert_same_str(const char *a, const char *b, const char *what)
{
	if (a == NULL || b == NULL)
		cr_assert_eq(a, b, "%s: %s vs %s", what, a ? a : "NULL", b ? b : "NULL");
	else
		cr_assert_str_eq(a, b, "%s", what);
}

Test(merge, json_report_gives_the_same_row)
{
	struct report *r = sample();
	struct index_row mine, back;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp;

	memset(&mine, 0, sizeof mine);
	memset(&back, 0, sizeof back);
	index_row_from_report(&mine, r, 1);
	index_row_finish(&mine, SEV_ERROR);
	fp = open_memstream(&buf, &len);
	cr_assert_eq(render_json.render(r, fp), 0);
	fclose(fp);
	fp = fmemopen(buf, len, "r");
	cr_assert_eq(merge_read_report(fp, &back, 1), 0);
	fclose(fp);
	index_row_finish(&back, SEV_ERROR);

	assert_same_str(mine.bundle, back.bundle, "bundle");
	cr_assert_not_null(strstr(mine.bundle, "caf\xEF\xBF\xBD "), "invalid UTF-8 replaced");
	assert_same_str(mine.host, back.host, "host");
	cr_assert_eq(back.status, IX_TIMEOUT);
	cr_assert_eq(mine.status, back.status);
	cr_assert_eq(mine.exit_status, back.exit_status);
	cr_assert_eq(mine.rank, back.rank);
	cr_assert_eq(mine.has_worst, back.has_worst);
	cr_assert_eq(mine.worst, back.worst);
	cr_assert(memcmp(mine.findings, back.findings, sizeof mine.findings) == 0);
	cr_assert(memcmp(mine.checks, back.checks, sizeof mine.checks) == 0);
	cr_assert_eq(mine.ntop, 1);
	cr_assert_eq(mine.ntop, back.ntop);
	assert_same_str(mine.top[0].rule, back.top[0].rule, "top rule");
	assert_same_str(mine.top[0].title, back.top[0].title, "top title");
	cr_assert_eq(mine.ncases, 5);
	cr_assert_eq(mine.ncases, back.ncases);
	for (i = 0; i < mine.ncases; i++) {
		cr_assert_eq(mine.cases[i].is_check, back.cases[i].is_check, "case %zu", i);
		assert_same_str(mine.cases[i].rule, back.cases[i].rule, "rule");
		assert_same_str(mine.cases[i].title, back.cases[i].title, "title");
		assert_same_str(mine.cases[i].subject, back.cases[i].subject, "subject");
		assert_same_str(mine.cases[i].text, back.cases[i].text, "text");
		cr_assert_eq(mine.cases[i].severity, back.cases[i].severity);
		if (mine.cases[i].is_check)
			cr_assert_eq(mine.cases[i].status, back.cases[i].status);
	}
	index_row_free(&mine);
	index_row_free(&back);
	free(buf);
	report_free(r);
}

Test(merge, rejects_what_is_not_a_report)
{
	static const char *const bad[] = {
		"{\"schema_version\": 2, \"bundle\": {\"path\": \"x\"}}",
		"{\"bundle\": {\"path\": \"x\"}}",
		"{\"schema_version\": 1}",
		"{\"schema_version\": 1, \"bundle\": {\"path\": \"x\"}",
		"[1, 2]",
		"",
	};
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(bad); i++) {
		struct index_row row;
		FILE *fp = fmemopen((void *)bad[i], strlen(bad[i]) + 1, "r");
		memset(&row, 0, sizeof row);
		cr_assert_eq(merge_read_report(fp, &row, 1), -1, "%s", bad[i]);
		index_row_free(&row);
		fclose(fp);
	}
}

Test(merge, unknown_members_and_odd_types_are_skipped)
{
	static const char doc[] = "{\"schema_version\": 1, \"extra\": {\"deep\": [[[]]]}, "
	    "\"bundle\": {\"path\": \"b.zip\", \"host\": 7}, \"verdict\": {\"status\": "
	    "\"unreadable\", \"worst_severity\": null, \"top\": [\"x\", {\"rule\": \"r\"}]}, "
	    "\"findings\": [{\"severity\": \"bogus\"}, 3], \"checklist\": \"no\"}";
	struct index_row row;
	FILE *fp = fmemopen((void *)doc, strlen(doc), "r");

	memset(&row, 0, sizeof row);
	cr_assert_eq(merge_read_report(fp, &row, 0), 0);
	fclose(fp);
	index_row_finish(&row, SEV_ERROR);
	cr_assert_str_eq(row.bundle, "b.zip");
	cr_assert_null(row.host);
	cr_assert_eq(row.status, IX_UNREADABLE);
	cr_assert_eq(row.ntop, 1);
	cr_assert_str_eq(row.top[0].rule, "r");
	cr_assert_eq(row.findings[SEV_ERROR] + row.findings[SEV_INFO], 0);
	index_row_free(&row);
}
