/* Tests of rule loading: the shipped rule pack, the pack file, and the error messages
 * (file:line:column) for broken rule files. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rules.h"

/* A temporary rule directory holding the given files; removed by rmdir_files(). */
struct tdir {
	char path[64];
	char files[8][128];
	int n;
};

static void
tdir_new(struct tdir *d)
{
	memset(d, 0, sizeof *d);
	strcpy(d->path, "/tmp/mt-rules-XXXXXX");
	cr_assert_not_null(mkdtemp(d->path));
}

static void
tdir_add(struct tdir *d, const char *name, const char *text)
{
	FILE *fp;

	char dir[sizeof d->path];

	cr_assert(d->n < 8);
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

/* Loads one rule file named name from a fresh directory; returns the ruleset or NULL with
 * the error text in err (relative to the directory: the directory prefix is removed). */
static struct ruleset *
load_text(const char *name, const char *text, struct strbuf *err)
{
	struct tdir d;
	const char *dirs[1];
	struct ruleset *rs;
	char *p;
	size_t pl;

	tdir_new(&d);
	tdir_add(&d, name, text);
	dirs[0] = d.path;
	rs = ruleset_load(dirs, 1, err);
	tdir_free(&d);
	/* Drop "/tmp/mt-rules-XXXXXX/" so tests compare stable text. */
	pl = strlen(d.path) + 1;
	while (err->s && (p = strstr(err->s, d.path)) != NULL) {
		memmove(p, p + pl, strlen(p + pl) + 1);
		err->len -= pl;
	}
	return rs;
}

#define MINIMAL \
	"id: demo-rule\n" \
	"title: A demo rule\n" \
	"severity: warning\n" \
	"match:\n" \
	"  kind: mars.log\n"

static void
expect_error(const char *text, const char *want)
{
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = load_text("broken.yaml", text, &err);

	cr_expect_null(rs, "loaded although broken: %s", text);
	ruleset_free(rs);
	cr_expect(strstr(sb_str(&err), want) != NULL, "error '%s' does not contain '%s'",
	    sb_str(&err), want);
	sb_free(&err);
}

/* ---- The shipped pack. ---- */

Test(rules_load, shipped_pack)
{
	static const char *const ids[] = {
		/* checks */
		"agent-outdated", "network-connectivity", "service-not-running",
		"service-wrong-startup", "scratch-low-space", "antivirus-interference",
		"scheduled-backup-fails", "unsupported-files", "clock-timezone-issue",
		"dotnet-too-old", "reregistration-passphrase", "azure-vm-unsupported",
		"os-unsupported", "wsb-not-installed", "wsb-cmdlets-missing",
		"svi-permission-missing", "wsb-job-failed", "backup-task-disabled",
		/* findings */
		"vss-writer-timeout", "vss-writer-failed", "shadow-storage-insufficient",
		"efi-partition-locked", "system-writer-invalid-path", "vault-credentials-invalid",
		"another-backup-running", "san-policy-offline", "third-party-vss-provider",
		"reboot-pending", "vss-errors", "mars-backup-failed", "system-writer-missing",
		"scratch-location-invalid", "events-from-another-computer",
	};
	const char *dirs[] = {"rules"};
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(dirs, 1, &err);
	size_t i, j;

	cr_assert_not_null(rs, "shipped rules do not load: %s", sb_str(&err));
	cr_expect_str_eq(ruleset_version(rs), "2026.11.2");
	cr_expect_eq(ruleset_count(rs), MT_ARRAY_LEN(ids));
	for (i = 0; i < MT_ARRAY_LEN(ids); i++) {
		struct rule_info ri;
		size_t k;
		int fire = 0, quiet = 0;
		cr_assert_eq(ruleset_find(rs, ids[i], &k), 0, "rule %s missing", ids[i]);
		ruleset_info(rs, k, &ri);
		cr_expect_str_eq(ri.id, ids[i]);
		cr_expect(ri.title != NULL && ri.cause != NULL && ri.resolution != NULL);
		cr_expect(ri.ntests >= 2, "%s has %zu tests", ri.id, ri.ntests);
		cr_expect(ri.nreferences >= 1, "%s has no reference", ri.id);
		for (j = 0; j < ri.ntests; j++) {
			const struct rule_test *t = ruleset_test(rs, k, j);
			cr_expect(t->nfiles >= 1 && t->files[0].len > 0);
			if (t->expect == EXPECT_FIRE)
				fire++;
			else if (t->expect != EXPECT_HISTORY)
				quiet++;
		}
		cr_expect(fire >= 1 && quiet >= 1, "%s: %d fire, %d quiet samples", ri.id, fire,
		    quiet);
		if (ri.is_check)
			cr_expect(ri.ask != NULL && ri.ask_file != NULL, "%s asks for nothing",
			    ri.id);
	}
	cr_assert_eq(ruleset_find(rs, "wsb-not-installed", &i), 0);
	{
		struct rule_info ri;
		ruleset_info(rs, i, &ri);
		cr_expect(ri.is_check);
		cr_expect_eq(ri.severity, SEV_ERROR);
		cr_expect_str_eq(ri.section, "prerequisites");
		cr_expect_str_eq(ri.ask,
		    "Get-WindowsFeature | Out-File -Encoding utf8 features.txt");
		cr_expect_str_eq(ri.ask_file, "features.txt");
	}
	cr_assert_eq(ruleset_find(rs, "vss-writer-failed", &i), 0);
	{
		struct rule_info ri;
		ruleset_info(rs, i, &ri);
		cr_expect(!ri.is_check);
		cr_expect_str_eq(ri.section, "common-errors");
		cr_expect(strstr(ri.file, "vss-writer-failed.yaml") != NULL);
	}
	cr_expect_neq(ruleset_find(rs, "no-such-rule", &i), 0);
	ruleset_free(rs);
	sb_free(&err);
}

Test(rules_load, test_samples_are_kept)
{
	const char *dirs[] = {"rules/vss-writer-failed.yaml"};
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(dirs, 1, &err);
	const struct rule_test *t;

	cr_assert_not_null(rs, "%s", sb_str(&err));
	cr_assert_eq(ruleset_count(rs), 1);
	/* A single file loads without the pack file. */
	cr_expect_str_eq(ruleset_version(rs), "unversioned");
	t = ruleset_test(rs, 0, 1);
	cr_expect_str_eq(t->name, "writer waiting for completion is not failed");
	cr_expect_eq(t->expect_fire, 0);
	cr_assert_eq(t->nfiles, 1);
	cr_expect_str_eq(t->files[0].name, "writers.txt");
	cr_expect(strstr(t->files[0].content, "State: [5] Waiting for completion\n") != NULL);
	cr_expect_eq(t->files[0].len, strlen(t->files[0].content));
	ruleset_free(rs);
	sb_free(&err);
}

Test(rules_load, two_directories_and_pack_versions)
{
	struct tdir a, b;
	const char *dirs[2];
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs;

	tdir_new(&a);
	tdir_new(&b);
	tdir_add(&a, "pack.yaml", "pack:\n  version: 2026.11.0\n");
	tdir_add(&a, "b-rule.yaml", MINIMAL);
	tdir_add(&a, "a-rule.yml", "id: first\ntitle: T\nseverity: info\nmatch: {kind: event}\n");
	tdir_add(&a, "notes.txt", "not a rule");
	tdir_add(&b, "pack.yaml", "pack:\n  version: site-3\n");
	tdir_add(&b, "local.yaml", "id: local\ntitle: T\nseverity: critical\nmatch: {kind: x}\n");
	dirs[0] = a.path;
	dirs[1] = b.path;
	rs = ruleset_load(dirs, 2, &err);
	cr_assert_not_null(rs, "%s", sb_str(&err));
	cr_expect_str_eq(ruleset_version(rs), "2026.11.0+site-3");
	cr_assert_eq(ruleset_count(rs), 3);
	{
		struct rule_info ri;
		ruleset_info(rs, 0, &ri);
		cr_expect_str_eq(ri.id, "first");	/* files are read in name order */
		ruleset_info(rs, 2, &ri);
		cr_expect_str_eq(ri.id, "local");
		cr_expect_eq(ri.severity, SEV_CRITICAL);
		cr_expect_str_eq(ri.section, "general");
	}
	ruleset_free(rs);
	sb_free(&err);

	/* The same id in the second directory is an error naming both places. */
	tdir_add(&b, "dup.yaml", "# comment\nid: first\ntitle: T\nseverity: info\n"
	    "match: {kind: event}\n");
	rs = ruleset_load(dirs, 2, &err);
	cr_expect_null(rs);
	cr_expect(strstr(sb_str(&err), "dup.yaml:2:5: duplicate rule id 'first' (also in ") !=
	    NULL, "%s", sb_str(&err));
	cr_expect(strstr(sb_str(&err), "a-rule.yml:1)") != NULL, "%s", sb_str(&err));
	tdir_free(&a);
	tdir_free(&b);
	sb_free(&err);
}

/* ---- Broken files: every error names file:line:column. ---- */

Test(rules_load, yaml_syntax_error)
{
	expect_error("id: x\ntitle: [unclosed\nseverity: info\n",
	    "broken.yaml:3:9: YAML syntax error: did not find expected ',' or ']' "
	    "(while parsing a flow sequence at line 2)");
	expect_error("id: x\n  title: bad indent\n", "broken.yaml:2:8: YAML syntax error:");
	expect_error("id: x\n\ttitle: tab\n", "broken.yaml:2:1: YAML syntax error:");
}

Test(rules_load, unknown_key)
{
	expect_error(MINIMAL "severty: error\n",
	    "broken.yaml:6:1: unknown key 'severty' (see marstriage-rules(5))");
	expect_error(MINIMAL "tests:\n  - name: t\n    expect: fire\n    file: {}\n",
	    "broken.yaml:9:5: unknown key 'file' in a test (name, expect, files, explained_by)");
}

Test(rules_load, missing_keys)
{
	expect_error("title: T\nseverity: info\nmatch: {kind: x}\n",
	    "broken.yaml:1:1: missing required key 'id'");
	expect_error("id: x\nseverity: info\nmatch: {kind: x}\n",
	    "broken.yaml:1:1: missing required key 'title'");
	expect_error("id: x\ntitle: T\nmatch: {kind: x}\n",
	    "broken.yaml:1:1: missing required key 'severity'");
	expect_error("id: x\ntitle: T\nseverity: info\n",
	    "broken.yaml:1:1: missing required key 'match'");
	expect_error("id: x\ntitle: T\nseverity: info\ntype: check\nmatch: {kind: x}\n",
	    "broken.yaml:1:1: a check needs 'requires'");
}

Test(rules_load, wrong_types_and_values)
{
	expect_error("id: x\ntitle: [a, b]\nseverity: info\nmatch: {kind: x}\n",
	    "broken.yaml:2:8: 'title' must be text, not a list");
	expect_error("id: x\ntitle: T\nseverity: fatal\nmatch: {kind: x}\n",
	    "broken.yaml:3:11: 'severity' must be info, warning, error or critical");
	expect_error("id: Bad_Id\ntitle: T\nseverity: info\nmatch: {kind: x}\n",
	    "broken.yaml:1:5: bad id 'Bad_Id'");
	expect_error(MINIMAL "section: troubleshooting\n",
	    "broken.yaml:6:10: unknown section 'troubleshooting'");
	expect_error(MINIMAL "type: alert\n", "broken.yaml:6:7: 'type' must be finding or check");
	expect_error(MINIMAL "min_count: 0\n",
	    "broken.yaml:6:12: 'min_count' must be a whole number");
	expect_error(MINIMAL "references: https://example.com\n",
	    "broken.yaml:6:13: 'references' must be a list of URLs");
	expect_error(MINIMAL "references: [ftp://example.com]\n",
	    "broken.yaml:6:14: a reference must be an http:// or https:// URL");
	expect_error(MINIMAL "pass_message: ok\n",
	    "broken.yaml:6:1: 'pass_message' is only for rules of type: check");
	expect_error(MINIMAL "ask_file: x.txt\n",
	    "broken.yaml:6:1: 'ask_file' needs 'ask', the command that writes it");
	expect_error("- id: x\n", "broken.yaml:1:1: a rule file holds one mapping");
	expect_error("", "broken.yaml:1:1: empty rule file");
	expect_error(MINIMAL "---\nid: y\n",
	    "broken.yaml:6:1: a rule file holds one YAML document");
	expect_error(MINIMAL "title: again\n",
	    "broken.yaml:6:1: duplicate key 'title' (first at line 2)");
	expect_error("id: &a x\ntitle: *a\nseverity: info\nmatch: {kind: x}\n",
	    "broken.yaml:1:5: YAML anchors are not supported");
}

Test(rules_load, bad_conditions)
{
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  message|re: 'a(b'\n",
	    "broken.yaml:5:15: bad regular expression at offset 3: missing closing parenthesis");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  message|regex: a\n",
	    "broken.yaml:5:3: unknown modifier 'regex'");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  state|gt: high\n",
	    "broken.yaml:5:13: 'state' needs an integer, not 'high'");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  v|version_lt: 2.x\n",
	    "broken.yaml:5:17: 'v' needs a dotted version");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  v|exists: maybe\n",
	    "broken.yaml:5:13: 'v|exists' needs true or false");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  any: {kind: x}\n",
	    "broken.yaml:5:8: 'any' needs a list of conditions");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  not: [a]\n",
	    "broken.yaml:5:8: a condition must be a mapping of field tests");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch: {}\n",
	    "broken.yaml:4:8: empty condition");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  event_id:\n",
	    "broken.yaml:5:12: 'event_id' has no value");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  event_id: []\n",
	    "broken.yaml:5:13: 'event_id' has an empty list");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  bad name: 1\n",
	    "broken.yaml:5:3: bad character in field name 'bad name'");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  m|contains|re: a\n",
	    "broken.yaml:5:3: more than one comparison in 'm|contains|re'");
	expect_error("id: x\ntitle: T\nseverity: info\nmatch:\n  m|re: '(?<count>a)'\n",
	    "broken.yaml:5:9: capture name 'count' is reserved for templates");
}

Test(rules_load, bad_templates)
{
	expect_error(MINIMAL "message: 'writer {writer'\n",
	    "broken.yaml:6:10: template placeholder '{' is not closed");
	expect_error(MINIMAL "subject: '{count}'\n",
	    "broken.yaml:6:10: '{count}' is only known when all records are seen");
	expect_error(MINIMAL "message: 'a {} b'\n",
	    "broken.yaml:6:10: empty name in template placeholder '{}'");
	expect_error(MINIMAL "message: 'a {x y} b'\n",
	    "broken.yaml:6:10: bad name in template placeholder '{x y}'");
}

Test(rules_load, bad_tests_key)
{
	expect_error(MINIMAL "tests:\n  - name: t\n    expect: maybe\n    files: {a.txt: x}\n",
	    "broken.yaml:8:13: 'expect' must be fire, quiet, history, pass or not-verifiable");
	expect_error(MINIMAL "tests:\n  - name: t\n    expect: fire\n",
	    "broken.yaml:7:5: a test needs 'files:'");
	expect_error(MINIMAL "tests:\n  - name: t\n    expect: fire\n    files: {../x: y}\n",
	    "broken.yaml:9:13: bad test file name '../x'");
	expect_error(MINIMAL "tests:\n  - expect: fire\n    files: {a: y}\n",
	    "broken.yaml:7:5: a test needs a name");
}

Test(rules_load, pack_errors)
{
	expect_error("pack:\n  version: 1\n  author: x\n",
	    "broken.yaml:3:3: unknown key 'author' in pack");
	expect_error("pack:\n  name: x\n", "broken.yaml:2:3: unknown key 'name' in pack");
	expect_error("pack: {}\n", "broken.yaml:1:7: 'pack' needs a 'version'");
}

Test(rules_load, several_broken_files_all_reported)
{
	struct tdir d;
	const char *dirs[1];
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs;

	tdir_new(&d);
	tdir_add(&d, "a.yaml", MINIMAL "colour: red\n");
	tdir_add(&d, "b.yaml", "id: b\ntitle: T\nseverity: loud\nmatch: {kind: x}\n");
	tdir_add(&d, "c.yaml", "id: c\ntitle: T\nseverity: info\nmatch: {kind: x}\n");
	dirs[0] = d.path;
	rs = ruleset_load(dirs, 1, &err);
	cr_expect_null(rs);
	cr_expect(strstr(sb_str(&err), "/a.yaml:6:1: unknown key 'colour'") != NULL, "%s",
	    sb_str(&err));
	cr_expect(strstr(sb_str(&err), "/b.yaml:3:11: 'severity' must be") != NULL, "%s",
	    sb_str(&err));
	cr_expect(strchr(sb_str(&err), '\n') != NULL, "one line per error");
	tdir_free(&d);
	sb_free(&err);
}

Test(rules_load, missing_directory_and_no_rules)
{
	const char *dirs[] = {"/nonexistent/marstriage-rules"};
	struct strbuf err = STRBUF_INIT;
	struct tdir d;

	cr_expect_null(ruleset_load(dirs, 1, &err));
	cr_expect(strstr(sb_str(&err), "/nonexistent/marstriage-rules: ") != NULL);
	sb_reset(&err);
	tdir_new(&d);
	tdir_add(&d, "pack.yaml", "pack:\n  version: 1\n");
	dirs[0] = d.path;
	cr_expect_null(ruleset_load(dirs, 1, &err));
	cr_expect(strstr(sb_str(&err), ": no rules found") != NULL, "%s", sb_str(&err));
	tdir_free(&d);
	sb_free(&err);
}
