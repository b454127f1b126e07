/* Tests of the rule pack's commands: --test-rules through the whole pipeline with an
 * in-memory bundle, --lint-rules on each convention, and --explain with and without a
 * bundle. */
#include <criterion/criterion.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bundle.h"
#include "diag.h"
#include "rules_cli.h"
#include "rules_int.h"

struct tdir {
	char path[64];
	char files[16][160];
	int n;
};

static void
tdir_new(struct tdir *d)
{
	memset(d, 0, sizeof *d);
	strcpy(d->path, "/tmp/mt-cli-XXXXXX");
	cr_assert_not_null(mkdtemp(d->path));
}

static void
tdir_add(struct tdir *d, const char *name, const char *text)
{
	char dir[sizeof d->path];
	FILE *fp;

	cr_assert(d->n < 16);
	memcpy(dir, d->path, sizeof dir);
	snprintf(d->files[d->n], sizeof d->files[d->n], "%s/%s", dir, name);
	fp = fopen(d->files[d->n], "w");
	cr_assert_not_null(fp);
	fputs(text, fp);
	fclose(fp);
	d->n++;
}

static void
tdir_free(struct tdir *d)
{
	int i;

	for (i = 0; i < d->n; i++)
		unlink(d->files[i]);
	rmdir(d->path);
}

static struct ruleset *
load_dir(struct tdir *d)
{
	const char *dirs[1] = {d->path};
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(dirs, 1, &err);

	cr_assert_not_null(rs, "%s", sb_str(&err));
	sb_free(&err);
	return rs;
}

static void
default_opts(struct analysis_opts *ao, const struct ruleset *rs)
{
	memset(ao, 0, sizeof *ao);
	limits_default(&ao->lim);
	ao->rules = rs;
	ao->tool_version = "test";
}

/* Everything fp received, as a string to free. */
static char *
slurp(FILE *fp)
{
	long n;
	char *s;

	cr_assert_eq(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	s = xmalloc((size_t)n + 1);
	cr_assert_eq(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	return s;
}

#define MARS_LINE(text) \
	"1A2C 0F40 03/14 02:11:45.120 71 x.cpp(1) [00] 6F1C3B2A-9E2D-4C11-8F4B-2D7A51C0E9A1 " \
	"FATAL " text "\n"

static const char good_rule[] =
	"id: locked\ntitle: Locked\nseverity: error\n"
	"match: {kind: mars.log, message|contains: is locked}\n"
	"cause: c\nresolution: r\nreferences: [https://example.com/a]\n"
	"tests:\n"
	"  - name: fires\n    expect: fire\n    files:\n      CBEngineCurr.errlog: |\n"
	"        " MARS_LINE("The EFI system partition is locked.")
	"  - name: quiet\n    expect: quiet\n    files:\n      CBEngineCurr.errlog: |\n"
	"        " MARS_LINE("Nothing to see.")
	"  - name: wrong on purpose\n    expect: quiet\n    files:\n      logs/CBEngine1.errlog: |\n"
	"        " MARS_LINE("The partition is locked.");

Test(rules_cli, test_runs_samples_through_the_pipeline)
{
	struct tdir d;
	struct ruleset *rs;
	struct analysis_opts ao;
	FILE *out = tmpfile();
	char *text;
	int rc;

	diag_set_threshold(DIAG_ERROR);
	tdir_new(&d);
	tdir_add(&d, "locked.yaml", good_rule);
	rs = load_dir(&d);
	default_opts(&ao, rs);
	rc = rules_cli_test(rs, &ao, out);
	text = slurp(out);
	cr_expect_eq(rc, 1, "one sample fails");
	cr_expect(strstr(text, "ok   locked: fires\n") != NULL, "%s", text);
	cr_expect(strstr(text, "ok   locked: quiet\n") != NULL, "%s", text);
	cr_expect(strstr(text, "FAIL locked: wrong on purpose (") != NULL, "%s", text);
	cr_expect(strstr(text, "locked.yaml:19): expected quiet; got: findings locked (error)")
	    != NULL, "%s", text);
	cr_expect(strstr(text, "2 passed, 1 failed\n") != NULL, "%s", text);
	free(text);
	ruleset_free(rs);
	tdir_free(&d);
}

Test(rules_cli, memory_bundle_gives_mars_lines_a_year)
{
	struct bundle_mem_file f = {"CBEngineCurr.errlog",
	    MARS_LINE("The EFI system partition is locked."), 0, 0};
	struct tdir d;
	struct ruleset *rs;
	struct analysis_opts ao;
	struct report *rep;

	diag_set_threshold(DIAG_ERROR);
	f.len = strlen(f.data);
	f.mtime = 1773446400;	/* 2026-03-14T00:00:00Z */
	tdir_new(&d);
	tdir_add(&d, "locked.yaml", good_rule);
	rs = load_dir(&d);
	default_opts(&ao, rs);
	rep = analyse_memory("sample", &f, 1, &ao);
	cr_expect_str_eq(rep->bundle, "sample");
	cr_assert_eq(rep->nfindings, 1);
	cr_expect_str_eq(rep->findings[0].first_time, "2026-03-14T02:11:45.120Z");
	cr_expect_str_eq(rep->findings[0].evidence[0].file, "CBEngineCurr.errlog");
	cr_expect_eq(rep->findings[0].evidence[0].line, 1);
	cr_expect_eq(inventory_count(rep->inventory), 1);
	report_free(rep);
	/* An empty sample is an empty bundle, not an error. */
	rep = analyse_memory("empty", NULL, 0, &ao);
	cr_expect_eq(rep->nfindings, 0);
	cr_expect_eq(rep->unreadable, 0);
	report_free(rep);
	ruleset_free(rs);
	tdir_free(&d);
}

Test(rules_cli, lint_names_each_problem)
{
	struct tdir d;
	struct ruleset *rs;
	FILE *out = tmpfile();
	char *text;

	tdir_new(&d);
	tdir_add(&d, "locked.yaml", good_rule);
	/* no quiet sample, no references, file name differs, explains an unknown rule */
	tdir_add(&d, "other-name.yaml",
	    "id: loud\ntitle: T\nseverity: info\nmatch: {kind: x}\ncause: c\nresolution: r\n"
	    "explains: [nothing-here]\n"
	    "tests:\n  - {name: f, expect: fire, files: {a.txt: x}}\n");
	/* a check without ask, and a loop of explains */
	tdir_add(&d, "chk.yaml",
	    "id: chk\ntitle: T\nseverity: info\ntype: check\nrequires: {kind: x}\n"
	    "match: {kind: x}\ncause: c\nresolution: r\nreferences: [https://example.com/]\n"
	    "explains: [loop]\n"
	    "tests:\n  - {name: f, expect: fire, files: {a.txt: x}}\n"
	    "  - {name: q, expect: not-verifiable, files: {a.txt: x}}\n");
	tdir_add(&d, "loop.yaml",
	    "id: loop\ntitle: T\nseverity: info\nmatch: {kind: y, any: [{a: b}, {c: d, "
	    "set: {what: \"value {c}\"}}]}\ncause: c\nresolution: r\n"
	    "references: [https://example.com/]\nexplains: [chk]\n"
	    "tests:\n  - {name: f, expect: fire, files: {a.txt: x}}\n"
	    "  - {name: q, expect: quiet, files: {a.txt: x}}\n");
	rs = load_dir(&d);
	cr_expect_eq(rules_cli_lint(rs, out), 1);
	text = slurp(out);
	cr_expect(strstr(text, "other-name.yaml:1: loud: no near miss that stays quiet") != NULL,
	    "%s", text);
	cr_expect(strstr(text, "loud: no references") != NULL, "%s", text);
	cr_expect(strstr(text, "loud: the id does not match the file name 'other-name'") != NULL,
	    "%s", text);
	cr_expect(strstr(text, "loud: explains 'nothing-here', which is not a rule") != NULL,
	    "%s", text);
	cr_expect(strstr(text, "chk: a check needs ask and ask_file") != NULL, "%s", text);
	cr_expect(strstr(text, "chk: a check needs check_title") != NULL, "%s", text);
	cr_expect(strstr(text, "chk: explains 'loop', which explains it back") != NULL, "%s",
	    text);
	cr_expect(strstr(text, "loop: set: value 'value {c}' is not filled in") != NULL, "%s",
	    text);
	cr_expect(strstr(text, "locked:") == NULL, "the good rule has no problem: %s", text);
	cr_expect(strstr(text, "4 rules checked, 9 problems\n") != NULL, "%s", text);
	free(text);
	ruleset_free(rs);
	tdir_free(&d);
}

Test(rules_cli, lint_and_test_the_shipped_pack)
{
	const char *dirs[] = {"rules"};
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(dirs, 1, &err);
	struct analysis_opts ao;
	FILE *out = tmpfile();
	char *text;

	cr_assert_not_null(rs, "%s", sb_str(&err));
	diag_set_threshold(DIAG_ERROR);
	cr_expect_eq(rules_cli_lint(rs, out), 0);
	text = slurp(out);
	cr_expect(strstr(text, " 0 problems\n") != NULL, "%s", text);
	free(text);
	default_opts(&ao, rs);
	out = tmpfile();
	cr_expect_eq(rules_cli_test(rs, &ao, out), 0);
	text = slurp(out);
	cr_expect(strstr(text, " 0 failed\n") != NULL, "%s", text);
	free(text);
	ruleset_free(rs);
	sb_free(&err);
}

Test(rules_cli, explain_documents_and_traces)
{
	struct tdir d, b;
	struct ruleset *rs;
	struct analysis_opts ao;
	FILE *out = tmpfile();
	char *text;

	diag_set_threshold(DIAG_ERROR);
	tdir_new(&d);
	tdir_add(&d, "locked.yaml", good_rule);
	rs = load_dir(&d);
	default_opts(&ao, rs);
	cr_expect_eq(rules_cli_explain(rs, "locked", NULL, &ao, out), 0);
	text = slurp(out);
	cr_expect(strstr(text, "locked: Locked\n") != NULL, "%s", text);
	cr_expect(strstr(text, "type: finding, severity: error") != NULL, "%s", text);
	cr_expect(strstr(text, "  match:\n") != NULL, "%s", text);
	cr_expect(strstr(text, "kind: 'mars.log'") != NULL, "%s", text);
	cr_expect(strstr(text, "message|contains: 'is locked'") != NULL, "%s", text);
	cr_expect(strstr(text, "fire: fires") != NULL, "%s", text);
	free(text);

	tdir_new(&b);
	tdir_add(&b, "CBEngineCurr.errlog", MARS_LINE("Nothing to see.")
	    MARS_LINE("The EFI system partition is locked."));
	out = tmpfile();
	cr_expect_eq(rules_cli_explain(rs, "locked", b.path, &ao, out), 0);
	text = slurp(out);
	cr_expect(strstr(text, "(2 records):") != NULL, "%s", text);
	cr_expect(strstr(text, "kind: 'mars.log'  -- held on 2 records: CBEngineCurr.errlog:1, "
	    "CBEngineCurr.errlog:2\n") != NULL, "%s", text);
	cr_expect(strstr(text, "message|contains: 'is locked'  -- held on 1 record: "
	    "CBEngineCurr.errlog:2\n") != NULL, "%s", text);
	cr_expect(strstr(text, "result: 1 finding") != NULL, "%s", text);
	free(text);
	out = tmpfile();
	cr_expect_eq(rules_cli_explain(rs, "no-such", NULL, &ao, out), 2);
	fclose(out);
	ruleset_free(rs);
	tdir_free(&b);
	tdir_free(&d);
}
