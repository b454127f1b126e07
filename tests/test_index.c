/* Tests for index.c, render_index.c and render_junit.c: status and exit status of a bundle,
 * worst-first order, the common root causes, and escaping in index.md, index.html, index.json
 * and JUnit XML. */
#include <criterion/criterion.h>
#include <string.h>
#include <libxml/parser.h>
#include "index.h"
#include "render.h"
#include "report.h"
#include "util.h"

static struct finding *
add_finding(struct report *r, enum severity sev, const char *rule, const char *title)
{
	struct finding *f = report_add_finding(r);

	f->severity = sev;
	f->rule = xstrdup(rule);
	f->title = xstrdup(title);
	f->message = xasprintf("message of %s", rule);
	return f;
}

static void
add_check(struct report *r, const char *rule, enum check_status st, const char *detail)
{
	struct check *c = report_add_check(r);

	c->rule = xstrdup(rule);
	c->title = xasprintf("check %s", rule);
	c->status = st;
	c->severity = SEV_ERROR;
	c->detail = xstrdup(detail);
}

static struct report *
new_report(const char *bundle)
{
	struct report *r = report_new();

	r->bundle = xstrdup(bundle);
	r->tool_version = "0.1.0";
	r->rules_version = xstrdup("test");
	r->inventory = inventory_new();
	return r;
}

/* A row from a report, finished with --fail-on error. */
static void
row_of(struct index *ix, struct report *r, const char *stem)
{
	struct index_row *row = index_add(ix);

	report_sort(r);
	index_row_from_report(row, r, 1);
	row->stem = xstrdup(stem);
	index_row_finish(row, ix->fail_on);
	report_free(r);
}

static char *
write_to_string(int (*fn)(const struct index *, FILE *), const struct index *ix)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	cr_assert_not_null(fp);
	cr_assert_eq(fn(ix, fp), 0);
	cr_assert_eq(fclose(fp), 0);
	return buf;
}

/* Five bundles, one of each status. */
static void
sample_index(struct index *ix)
{
	struct report *r;

	index_init(ix, SEV_ERROR, "0.1.0");
	r = new_report("in/healthy.zip");
	add_finding(r, SEV_INFO, "agent.version", "Agent version");
	add_check(r, "wsb.installed", CHECK_PASS, "installed");
	row_of(ix, r, "healthy");

	r = new_report("in/b-vss.zip");
	add_finding(r, SEV_ERROR, "vss-writer-timeout", "A VSS writer timed out");
	add_finding(r, SEV_WARNING, "low-space", "Low disk space");
	add_check(r, "wsb.installed", CHECK_FAIL, "not installed");
	add_check(r, "vss.writers", CHECK_NOT_VERIFIABLE, "no vssadmin output");
	row_of(ix, r, "b-vss");

	r = new_report("in/a-vss.zip");
	add_finding(r, SEV_ERROR, "vss-writer-timeout", "A VSS writer timed out");
	row_of(ix, r, "a-vss");

	r = new_report("in/gone.zip");
	r->unreadable = 1;
	row_of(ix, r, "gone");

	r = new_report("in/slow.zip");
	inv_set_note(inventory_add((struct inventory *)r->inventory, "big.log", 0),
	    "walk stopped: time limit of 1 s reached");
	row_of(ix, r, "slow");
}

Test(row, status_and_exit_status)
{
	struct index ix;

	sample_index(&ix);
	cr_assert_eq(ix.nrows, 5);
	cr_assert_eq(ix.rows[0].status, IX_HEALTHY);
	cr_assert_eq(ix.rows[0].exit_status, 0);
	cr_assert_eq(ix.rows[0].findings[SEV_INFO], 1);
	cr_assert_eq(ix.rows[1].status, IX_PROBLEMS);
	cr_assert_eq(ix.rows[1].exit_status, 1);
	cr_assert_eq(ix.rows[1].checks[CHECK_FAIL], 1);
	cr_assert_eq(ix.rows[1].checks[CHECK_NOT_VERIFIABLE], 1);
	cr_assert_eq(ix.rows[1].ncases, 4, "two checks and two findings");
	cr_assert(ix.rows[1].cases[0].is_check);
	cr_assert_not(ix.rows[1].cases[3].is_check);
	cr_assert_eq(ix.rows[3].status, IX_UNREADABLE);
	cr_assert_eq(ix.rows[3].exit_status, 3);
	cr_assert_eq(ix.rows[4].status, IX_TIMEOUT);
	cr_assert_eq(ix.rows[4].exit_status, 3);
	cr_assert_eq(index_exit_status(&ix), 3);
	cr_assert_str_eq(index_status_key(IX_TOO_LARGE), "too_large");
	index_free(&ix);
}

Test(row, walk_stop_without_time_is_too_large)
{
	struct index_row row;

	memset(&row, 0, sizeof row);
	index_row_note(&row, "parsed; stopped at the bundle limit of 10 bytes; walk stopped");
	index_row_note(&row, NULL);
	index_row_finish(&row, SEV_ERROR);
	cr_assert_eq(row.status, IX_TOO_LARGE);
	memset(&row, 0, sizeof row);
	index_row_note(&row, "time limit mentioned, but the walk went on");
	index_row_finish(&row, SEV_ERROR);
	cr_assert_eq(row.status, IX_HEALTHY, "only a stopped walk counts");
}

Test(row, fail_on_sets_the_exit_status)
{
	struct index_row row;

	memset(&row, 0, sizeof row);
	row.findings[SEV_WARNING] = 2;
	row.has_worst = 1;
	row.worst = SEV_WARNING;
	index_row_finish(&row, SEV_ERROR);
	cr_assert_eq(row.exit_status, 0);
	cr_assert_eq(row.status, IX_PROBLEMS);
	index_row_finish(&row, SEV_WARNING);
	cr_assert_eq(row.exit_status, 1);
}

Test(order, worst_first_then_name)
{
	struct index ix;
	/* a-vss and b-vss both have one error: the tie goes by name. */
	const char *want[] = {"in/gone.zip", "in/a-vss.zip", "in/b-vss.zip", "in/slow.zip",
		"in/healthy.zip"};
	size_t i;

	sample_index(&ix);
	index_sort(&ix);
	for (i = 0; i < MT_ARRAY_LEN(want); i++)
		cr_assert_str_eq(ix.rows[i].bundle, want[i], "row %zu", i);
	index_free(&ix);
}

Test(order, does_not_depend_on_arrival)
{
	struct index a, b;
	char *ja, *jb;
	size_t i;

	sample_index(&a);
	sample_index(&b);
	/* Reverse b's rows before sorting. */
	for (i = 0; i < b.nrows / 2; i++) {
		struct index_row t = b.rows[i];
		b.rows[i] = b.rows[b.nrows - 1 - i];
		b.rows[b.nrows - 1 - i] = t;
	}
	index_sort(&a);
	index_sort(&b);
	ja = write_to_string(index_write_json, &a);
	jb = write_to_string(index_write_json, &b);
	cr_assert_str_eq(ja, jb);
	free(ja);
	free(jb);
	index_free(&a);
	index_free(&b);
}

Test(causes, counted_once_per_bundle)
{
	struct index ix;
	struct index_cause *c;
	size_t n;

	sample_index(&ix);
	n = index_causes(&ix, &c);
	cr_assert_eq(n, 1, "the warning is not a top finding next to an error");
	cr_assert_str_eq(c[0].rule, "vss-writer-timeout");
	cr_assert_str_eq(c[0].title, "A VSS writer timed out");
	cr_assert_eq(c[0].bundles, 2);
	free(c);
	index_free(&ix);
}

static struct index
hostile_index(void)
{
	struct index ix;
	struct report *r;

	index_init(&ix, SEV_ERROR, "0.1.0");
	r = new_report("in/<script>alert(1)</script>|x`y.zip");
	add_finding(r, SEV_ERROR, "rule\"><img src=x>", "Title <b>bold</b> | pipe \xEF\xBF\xBE");
	add_check(r, "c1", CHECK_FAIL, "detail & <tag> \"q\" \x01 ctl");
	row_of(&ix, r, "we ird&<>\"name");
	index_row_add_link(&ix.rows[0], "we ird&<>\"name.report.md");
	index_row_add_link(&ix.rows[0], "javascript:alert(1).report.json");
	return ix;
}

Test(writers, markdown_escapes_and_links)
{
	struct index ix = hostile_index();
	char *md = write_to_string(index_write_md, &ix);
	const char *row;

	cr_assert_not_null(strstr(md, "# Batch triage index"));
	cr_assert_null(strstr(md, "<script>"));
	cr_assert_null(strstr(md, "](javascript:"));
	cr_assert_not_null(strstr(md, "](javascript%3Aalert%281%29.report.json)"));
	cr_assert_not_null(strstr(md, "[md](we%20ird%26%3C%3E%22name.report.md)"));
	/* The bundle row keeps its eleven cells: every '|' inside is escaped. */
	row = strstr(md, "\n| 1 | in/");
	cr_assert_not_null(row);
	{
		size_t bars = 0;
		const char *p;
		for (p = row + 1; *p && *p != '\n'; p++)
			if (*p == '|' && (p == row || p[-1] != '\\'))
				bars++;
		cr_assert_eq(bars, 12, "%zu cell separators", bars);
	}
	free(md);
	index_free(&ix);
}

Test(writers, html_is_inert)
{
	struct index ix = hostile_index();
	char *html = write_to_string(index_write_html, &ix);

	cr_assert_not_null(strstr(html, "Content-Security-Policy"));
	cr_assert_not_null(strstr(html, "default-src 'none'"));
	cr_assert_null(strstr(html, "<script"));
	cr_assert_null(strstr(html, "<img"));
	cr_assert_null(strstr(html, "<b>"));
	cr_assert_not_null(strstr(html, "&lt;script&gt;"));
	cr_assert_not_null(strstr(html, "href=\"javascript%3Aalert%281%29.report.json\""));
	free(html);
	index_free(&ix);
}

Test(writers, json_and_junit_are_well_formed)
{
	struct index ix = hostile_index();
	char *js = write_to_string(index_write_json, &ix);
	char *xml = write_to_string(index_write_junit, &ix);
	xmlDocPtr doc;
	xmlNodePtr root;

	cr_assert_not_null(strstr(js, "\"bundles\": ["));
	cr_assert_not_null(strstr(js, "\"status\": \"problems\""));
	cr_assert_not_null(strstr(js, "\\\"name\""), "quotes escaped in JSON");
	doc = xmlReadMemory(xml, (int)strlen(xml), "junit.xml", NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc, "JUnit XML parses");
	root = xmlDocGetRootElement(doc);
	cr_assert_str_eq((const char *)root->name, "testsuites");
	cr_assert_not_null(strstr(xml, "tests=\"3\" failures=\"2\" errors=\"0\" skipped=\"0\""));
	cr_assert_not_null(strstr(xml, "classname=\"we ird&amp;&lt;&gt;&quot;name.checklist\""));
	cr_assert_null(strstr(xml, "\xEF\xBF\xBE"), "U+FFFE is not an XML character");
	xmlFreeDoc(doc);
	free(js);
	free(xml);
	index_free(&ix);
}

Test(junit, statuses_become_failures_skips_and_errors)
{
	struct index ix;
	char *xml;

	sample_index(&ix);
	index_sort(&ix);
	xml = write_to_string(index_write_junit, &ix);
	/* 1 + 2 + 5 + 1 + 3 test cases: one per bundle for reading it, one per check and
	 * finding. */
	cr_assert_not_null(strstr(xml, "<testsuites name=\"marstriage\" tests=\"12\" failures=\"3\" "
	    "errors=\"2\" skipped=\"1\">"), "%s", xml);
	cr_assert_not_null(strstr(xml, "<skipped message=\"not verifiable: no vssadmin output\"/>"));
	cr_assert_not_null(strstr(xml, "<error type=\"unreadable\""));
	cr_assert_not_null(strstr(xml, "<error type=\"timeout\""));
	cr_assert_not_null(strstr(xml, "<failure type=\"error\" message=\"not installed\">"));
	cr_assert_not_null(strstr(xml, "<system-out>warning: message of low-space</system-out>"),
	    "a warning below --fail-on passes");
	free(xml);
	index_free(&ix);
}

Test(junit, renderer_row_renders_one_suite)
{
	struct report *r = new_report("case.zip");
	const struct renderer *rd = renderer_find("junit");
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	add_finding(r, SEV_CRITICAL, "x", "X");
	report_sort(r);
	cr_assert_not_null(rd);
	fp = open_memstream(&buf, &len);
	cr_assert_eq(rd->render(r, fp), 0);
	fclose(fp);
	cr_assert_not_null(strstr(buf, "<testsuite name=\"case.zip\" tests=\"2\" failures=\"1\""));
	cr_assert_not_null(strstr(buf, "classname=\"case.findings\""));
	free(buf);
	report_free(r);
}

Test(jsonl, one_line_same_values)
{
	struct report *r = new_report("a \"quoted\"\nname.zip");
	char *one = NULL, *pretty = NULL, *p;
	size_t n1 = 0, n2 = 0, k;
	FILE *fp;

	add_finding(r, SEV_ERROR, "x", "two  spaces\tand a tab");
	report_sort(r);
	fp = open_memstream(&one, &n1);
	cr_assert_eq(render_jsonl.render(r, fp), 0);
	fclose(fp);
	fp = open_memstream(&pretty, &n2);
	cr_assert_eq(render_json.render(r, fp), 0);
	fclose(fp);
	cr_assert_eq(strchr(one, '\n'), one + n1 - 1, "exactly one line");
	cr_assert_not_null(strstr(one, "\"title\":\"two  spaces\\tand a tab\""),
	    "spaces inside strings kept");
	cr_assert_not_null(strstr(one, "\"path\":\"a \\\"quoted\\\"\\nname.zip\""));
	cr_assert(strncmp(one, "{\"schema_version\":1,\"tool\":{", 28) == 0, "%.40s", one);
	/* Only layout went: the pretty text has every non-blank byte of the line, in order. */
	cr_assert_gt(n2, n1);
	for (p = one, k = 0; *p != '\n'; p++) {
		while (k < n2 && pretty[k] != *p && (pretty[k] == ' ' || pretty[k] == '\n'))
			k++;
		cr_assert(k < n2 && pretty[k] == *p, "byte %zu", (size_t)(p - one));
		k++;
	}
	free(one);
	free(pretty);
	report_free(r);
}
