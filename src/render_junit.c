/* The JUnit XML renderer, so CI systems show triage results natively: each bundle is a test
 * suite; reading it is one test case, each check is one (fail: failure, not verifiable:
 * skipped) and each finding is one (a failure at or above --fail-on). */
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "index.h"
#include "output.h"
#include "render.h"
#include "util.h"

static enum severity junit_fail_on = SEV_ERROR;

void
render_junit_fail_on(enum severity s)
{
	junit_fail_on = s;
}

/* XML 1.0 text or attribute value. html_put already drops invalid UTF-8 and controls and
 * escapes markup; U+FFFE and U+FFFF are the characters XML forbids beyond that. */
static void
xml_put(FILE *fp, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	if (s == NULL)
		return;
	for (p = s; *p; p++) {
		if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBF &&
		    ((unsigned char)p[2] == 0xBE || (unsigned char)p[2] == 0xBF)) {
			p += 2;
			continue;
		}
		sb_addc(&sb, *p);
	}
	html_put(fp, sb_str(&sb));
	sb_free(&sb);
}

/* A class name per bundle: Jenkins splits class names on dots into packages. */
static void
put_classname(FILE *fp, const char *stem, const char *group)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	for (p = stem; *p; p++)
		sb_addc(&sb, *p == '.' ? '_' : *p);
	sb_addc(&sb, '.');
	sb_adds(&sb, group);
	xml_put(fp, sb_str(&sb));
	sb_free(&sb);
}

struct counts {
	size_t tests, failures, errors, skipped;
};

static int
finding_fails(const struct index_case *c, enum severity fail_on)
{
	return !c->is_check && c->severity >= fail_on;
}

static struct counts
row_counts(const struct index_row *r, enum severity fail_on)
{
	struct counts n = {1 + r->ncases, 0, r->status >= IX_TOO_LARGE, 0};
	size_t i;

	for (i = 0; i < r->ncases; i++) {
		const struct index_case *c = &r->cases[i];
		if (c->is_check && c->status == CHECK_FAIL)
			n.failures++;
		else if (c->is_check && c->status == CHECK_NOT_VERIFIABLE)
			n.skipped++;
		else if (finding_fails(c, fail_on))
			n.failures++;
	}
	return n;
}

static void
put_counts(FILE *fp, struct counts n)
{
	fprintf(fp, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\"", n.tests,
	    n.failures, n.errors, n.skipped);
}

static void
put_property(FILE *fp, const char *name, const char *value)
{
	fprintf(fp, "      <property name=\"%s\" value=\"", name);
	xml_put(fp, value);
	fputs("\"/>\n", fp);
}

/* "rule: title" for a check, "rule (subject): title" for a finding. */
static void
put_case_name(FILE *fp, const struct index_case *c)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, c->rule ? c->rule : "");
	if (c->subject)
		sb_printf(&sb, " (%s)", c->subject);
	if (c->title)
		sb_printf(&sb, ": %s", c->title);
	xml_put(fp, sb_str(&sb));
	sb_free(&sb);
}

static void
put_case(FILE *fp, const char *stem, const struct index_case *c, enum severity fail_on)
{
	const char *sev = severity_name(c->severity);

	fputs("    <testcase classname=\"", fp);
	put_classname(fp, stem, c->is_check ? "checklist" : "findings");
	fputs("\" name=\"", fp);
	put_case_name(fp, c);
	fputs("\"", fp);
	if (c->is_check && c->status == CHECK_FAIL) {
		fprintf(fp, ">\n      <failure type=\"%s\" message=\"", sev);
		xml_put(fp, c->text);
		fputs("\">", fp);
		xml_put(fp, c->text);
		fputs("</failure>\n    </testcase>\n", fp);
	} else if (c->is_check && c->status == CHECK_NOT_VERIFIABLE) {
		fputs(">\n      <skipped message=\"not verifiable: ", fp);
		xml_put(fp, c->text);
		fputs("\"/>\n    </testcase>\n", fp);
	} else if (finding_fails(c, fail_on)) {
		fprintf(fp, ">\n      <failure type=\"%s\" message=\"", sev);
		xml_put(fp, c->text ? c->text : c->title);
		fputs("\">", fp);
		xml_put(fp, c->text ? c->text : c->title);
		fputs("</failure>\n    </testcase>\n", fp);
	} else if (!c->is_check) {
		fprintf(fp, ">\n      <system-out>%s: ", sev);
		xml_put(fp, c->text ? c->text : c->title);
		fputs("</system-out>\n    </testcase>\n", fp);
	} else
		fputs("/>\n", fp);
}

static void
put_suite(FILE *fp, const struct index_row *r, enum severity fail_on)
{
	char *own = r->stem ? NULL : output_stem(r->bundle);
	const char *stem = r->stem ? r->stem : own;
	char st[16];
	size_t i;

	fputs("  <testsuite name=\"", fp);
	xml_put(fp, r->bundle);
	fputc('"', fp);
	put_counts(fp, row_counts(r, fail_on));
	fputs(">\n    <properties>\n", fp);
	put_property(fp, "status", index_status_key(r->status));
	put_property(fp, "worst_severity", r->has_worst ? severity_name(r->worst) : "");
	put_property(fp, "root_cause", r->ntop ? r->top[0].rule : "");
	snprintf(st, sizeof st, "%d", r->exit_status);
	put_property(fp, "exit_status", st);
	fputs("    </properties>\n    <testcase classname=\"", fp);
	put_classname(fp, stem, "bundle");
	fputs("\" name=\"read the whole bundle\"", fp);
	if (r->status >= IX_TOO_LARGE) {
		fprintf(fp, ">\n      <error type=\"%s\" message=\"", index_status_key(r->status));
		fputs(r->status == IX_UNREADABLE ? "the bundle could not be read" :
		    r->status == IX_TIMEOUT ? "the time budget (--timeout) ran out" :
		    "a size or entry limit stopped the walk", fp);
		fputs("\"/>\n    </testcase>\n", fp);
	} else
		fputs("/>\n", fp);
	for (i = 0; i < r->ncases; i++)
		put_case(fp, stem, &r->cases[i], fail_on);
	fputs("  </testsuite>\n", fp);
	free(own);
}

int
index_write_junit(const struct index *ix, FILE *fp)
{
	struct counts all = {0, 0, 0, 0}, n;
	size_t i;

	for (i = 0; i < ix->nrows; i++) {
		n = row_counts(&ix->rows[i], ix->fail_on);
		all.tests += n.tests;
		all.failures += n.failures;
		all.errors += n.errors;
		all.skipped += n.skipped;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"marstriage\"", fp);
	put_counts(fp, all);
	fputs(">\n", fp);
	for (i = 0; i < ix->nrows; i++)
		put_suite(fp, &ix->rows[i], ix->fail_on);
	fputs("</testsuites>\n", fp);
	return ferror(fp) ? -1 : 0;
}

static int
junit_render(const struct report *r, FILE *fp)
{
	struct index ix;
	struct index_row *row;
	int rc;

	index_init(&ix, junit_fail_on, r->tool_version);
	row = index_add(&ix);
	index_row_from_report(row, r, 1);
	index_row_finish(row, junit_fail_on);
	rc = index_write_junit(&ix, fp);
	index_free(&ix);
	return rc;
}

const struct renderer render_junit = {
	"junit", "junit.xml", "JUnit XML for CI: a test suite per bundle, a test case per check "
	    "and finding", junit_render
};
