/* Tests of the rule prefilter: which conditions get a guard, the literals taken from regular
 * expressions, and above all that a guard never turns away a record its condition matches
 * (checked against cond_eval on many generated records). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rules_int.h"

static struct ruleset *
load_rule(const char *text)
{
	char dir[] = "/tmp/mt-pf-XXXXXX", path[64];
	const char *dirs[1] = {dir};
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs;
	FILE *fp;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/r.yaml", dir);
	cr_assert_not_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
	rs = ruleset_load(dirs, 1, &err);
	unlink(path);
	rmdir(dir);
	cr_assert_not_null(rs, "rule does not load: %s", sb_str(&err));
	sb_free(&err);
	if (rs->pf == NULL)
		rs->pf = prefilter_build(rs);
	return rs;
}

/* A rule whose match is the given YAML condition (indented by two spaces). */
static struct ruleset *
load_match(const char *cond)
{
	char text[4096];

	snprintf(text, sizeof text, "id: t\ntitle: t\nseverity: error\nsection: general\n"
	    "match:\n%s\nmessage: m\ncause: c\nresolution: r\n", cond);
	return load_rule(text);
}

struct probe {
	struct evalctx e;
	struct prefilter_state *st;
	uint64_t seq;
	struct record r;
};

static void
probe_init(struct probe *p, const struct ruleset *rs)
{
	memset(p, 0, sizeof *p);
	p->e.md = pcre2_match_data_create(rs->maxgroups + 1, NULL);
	p->e.mc = pcre2_match_context_create(NULL);
	p->st = prefilter_state_new(rs->pf);
}

static void
probe_free(struct probe *p)
{
	pcre2_match_data_free(p->e.md);
	pcre2_match_context_free(p->e.mc);
	prefilter_state_free(p->st);
	sb_free(&p->e.buf);
	record_free(&p->r);
}

/* Sets the record (of kind, with one or two fields) and returns what the guard says; the
 * condition's own verdict goes to *truth. */
static int
try_kind(struct probe *p, const struct ruleset *rs, const char *kind, const char *f1,
    const char *v1, const char *f2, const char *v2, int *truth)
{
	const struct cond *k = &rs->rules[0].match;
	int may;

	record_begin(&p->r, kind, "CBEngineCurr.errlog", 1);
	if (v1)
		record_sets(&p->r, f1, v1);
	if (v2)
		record_sets(&p->r, f2, v2);
	p->seq++;
	may = prefilter_may_hold(rs->pf, p->st, k, &p->r, p->seq);
	p->e.r = &p->r;
	p->e.ncaps = 0;
	sb_reset(&p->e.buf);
	*truth = cond_eval(k, &p->e);
	return may;
}

static int
try2(struct probe *p, const struct ruleset *rs, const char *f1, const char *v1, const char *f2,
    const char *v2, int *truth)
{
	return try_kind(p, rs, "mars.log", f1, v1, f2, v2, truth);
}

static int
try(struct probe *p, const struct ruleset *rs, const char *message, int *truth)
{
	return try2(p, rs, "message", message, NULL, NULL, truth);
}

Test(prefilter, contains_values_guard_their_field)
{
	struct ruleset *rs = load_match("  kind: mars.log\n  message|contains:\n"
	    "    - EFI system partition is locked\n    - WSB job failed with VSS errors\n");
	struct probe p;
	int t;

	cr_assert_neq(rs->rules[0].match.guard, 0);
	probe_init(&p, rs);
	cr_assert_eq(try(&p, rs, "Overall progress: 23% (Currently backing up files)", &t), 0);
	cr_assert_eq(t, 0);
	cr_assert_eq(try(&p, rs, "Failed: Hr: = [0x807800C5] : wsb JOB failed with vss errors.",
	    &t), 1);
	cr_assert_eq(t, 1);
	cr_assert_eq(try(&p, rs, "the EFI System Partition is locked", &t), 1);
	cr_assert_eq(t, 1);
	/* At the very start and the very end of the value. */
	cr_assert_eq(try(&p, rs, "EFI system partition is locked", &t), 1);
	cr_assert_eq(try(&p, rs, "x WSB job failed with VSS errors", &t), 1);
	/* One byte short of the literal. */
	cr_assert_eq(try(&p, rs, "EFI system partition is locke", &t), 0);
	/* No such field at all. */
	cr_assert_eq(try2(&p, rs, "data", "EFI system partition is locked", NULL, NULL, &t), 0);
	cr_assert_eq(t, 0);
	/* The rule as a whole: not worth trying unless one of its literals is there. */
	cr_assert_eq(prefilter_rule_live(rs->pf, p.st, 0, &p.r, p.seq), 0);
	cr_assert_eq(try(&p, rs, "x WSB job failed with VSS errors", &t), 1);
	cr_assert_eq(prefilter_rule_live(rs->pf, p.st, 0, &p.r, p.seq), 1);
	probe_free(&p);
	ruleset_free(rs);
}

Test(prefilter, regex_gives_its_fixed_part)
{
	struct ruleset *rs = load_match("  kind: mars.log\n"
	    "  message|re: 'shadow copy volume (?:could ?not|couldn.t|cannot) grow'\n");
	struct probe p;
	int t;

	cr_assert_neq(rs->rules[0].match.guard, 0);
	probe_init(&p, rs);
	cr_assert_eq(try(&p, rs, "Backup failed as the Shadow Copy Volume couldn't grow", &t), 1);
	cr_assert_eq(t, 1);
	cr_assert_eq(try(&p, rs, "Backup failed as the shadow copy storage is full", &t), 0);
	cr_assert_eq(t, 0);
	probe_free(&p);
	ruleset_free(rs);
}

/* Caseless UTF matching lets 'k' match the Kelvin sign (U+212A) and 's' the long s (U+017F):
 * the literal must leave them out, or the guard would turn those matches away. */
Test(prefilter, regex_literal_skips_letters_with_non_ascii_cases)
{
	struct ruleset *rs = load_match("  kind: mars.log\n  message|re: 'blocked kilobytes'\n");
	struct probe p;
	int t;

	probe_init(&p, rs);
	cr_assert_eq(try(&p, rs, "blocked \xe2\x84\xaailobyte\xc5\xbf", &t), 1);
	cr_assert_eq(t, 1, "PCRE2 should match the Kelvin sign caselessly");
	cr_assert_eq(try(&p, rs, "blocked", &t), 0);
	probe_free(&p);
	ruleset_free(rs);
}

Test(prefilter, conditions_without_a_needed_literal_are_not_guarded)
{
	static const char *const conds[] = {
		"  message|re: 'foo|b+ar?'\n",		/* one branch needs nothing */
		"  message|re: 'a(cd|)f'\n",			/* nor does an empty branch */
		"  message|re: 'ab+c?d*'\n",			/* nothing fixed twice */
		"  message|re: 'abc(*ACCEPT)def'\n",		/* a verb can end it early */
		"  message|re: '(?x) a b c d'\n",		/* extended mode */
		"  message|re: '(a)\\1xyz'\n",			/* back reference */
		"  not:\n    message|contains: quiet\n",
		"  any:\n    - message|contains: long enough\n    - level: x\n",
		"  message|exists: true\n",
		"  count|gt: 3\n",
		"  file: '*.errlog'\n",
	};
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(conds); i++) {
		char c[256];
		struct ruleset *rs;
		struct probe p;
		int t;
		snprintf(c, sizeof c, "  kind: mars.log\n%s", conds[i]);
		rs = load_match(c);
		probe_init(&p, rs);
		/* Nothing in the record, yet a mars.log record goes through... */
		cr_assert_eq(try(&p, rs, "zzz", &t), 1, "condition %zu turned a record away", i);
		/* ...and a record of another kind never does. */
		cr_assert_eq(try_kind(&p, rs, "event", "message", "zzz", NULL, NULL, &t), 0);
		probe_free(&p);
		ruleset_free(rs);
	}
}

Test(prefilter, alternatives_in_groups_and_branches)
{
	struct ruleset *rs = load_match("  kind: mars.log\n"
	    "  message|re: '\\b(SnapshotFailed|ShadowCopyMissing)\\b|^Job completed.*Failed'\n");
	struct probe p;
	int t;

	cr_assert_neq(rs->rules[0].match.guard, 0);
	probe_init(&p, rs);
	cr_assert_eq(try(&p, rs, "Error: SnapshotFailed", &t), 1);
	cr_assert_eq(t, 1);
	cr_assert_eq(try(&p, rs, "Job completed. Status: Failed", &t), 1);
	cr_assert_eq(t, 1);
	cr_assert_eq(try(&p, rs, "Status: Succeeded, no snapshot problem", &t), 0);
	probe_free(&p);
	ruleset_free(rs);
}

/* Past 64 kinds the prefilter stops telling kinds apart, and must stay right. */
Test(prefilter, many_kinds_still_guard_by_literals)
{
	char cond[2048];
	size_t n = 0;
	struct ruleset *rs;
	struct probe p;
	int i, t;

	n += (size_t)snprintf(cond + n, sizeof cond - n, "  kind: [");
	for (i = 0; i < 70; i++)
		n += (size_t)snprintf(cond + n, sizeof cond - n, "%sk%d", i ? ", " : "", i);
	snprintf(cond + n, sizeof cond - n, "]\n  message|contains: needle\n");
	rs = load_match(cond);
	probe_init(&p, rs);
	cr_assert_eq(try_kind(&p, rs, "k65", "message", "a needle here", NULL, NULL, &t), 1);
	cr_assert_eq(t, 1);
	cr_assert_eq(try_kind(&p, rs, "k3", "message", "no such thing", NULL, NULL, &t), 0);
	cr_assert_eq(t, 0);
	probe_free(&p);
	ruleset_free(rs);
}

/* `file:` globs test the entry path: their plain runs guard it like a field. */
Test(prefilter, file_globs_guard_the_entry_path)
{
	static const char *const paths[] = {
		"WindowsAzure/Logs/WaAppAgent.log", "bundle/windowsazure/GuestAgent.log",
		"Logs/CBEngineCurr.errlog", "WindowsAzur/x", "x/WindowsAzure",
	};
	struct ruleset *rs = load_match("  file: ['WindowsAzure/*', '*/WindowsAzure/*']\n");
	const struct cond *k = &rs->rules[0].match;
	struct probe p;
	size_t i;
	int may, t;

	probe_init(&p, rs);
	cr_assert_neq(k->guard, 0);
	for (i = 0; i < MT_ARRAY_LEN(paths); i++) {
		record_begin(&p.r, "mars.log", paths[i], 1);
		p.seq++;
		may = prefilter_may_hold(rs->pf, p.st, k, &p.r, p.seq);
		p.e.r = &p.r;
		p.e.ncaps = 0;
		sb_reset(&p.e.buf);
		t = cond_eval(k, &p.e);
		cr_assert(may || !t, "%s turned away", paths[i]);
		cr_assert_eq(may, i < 2, "%s: guard says %d", paths[i], may);
		cr_assert_eq(t, i < 2);
	}
	probe_free(&p);
	ruleset_free(rs);
}

Test(prefilter, all_picks_one_need_and_any_joins_fields)
{
	struct ruleset *rs = load_match("  any:\n"
	    "    - all:\n        - kind: event\n        - provider: VSS\n"
	    "        - codes|contains: '0x800423F2'\n"
	    "    - all:\n        - kind: mars.log\n"
	    "        - message|contains|all: [WSB job, failed with VSS errors]\n");
	struct probe p;
	int t;

	cr_assert_neq(rs->rules[0].match.guard, 0);
	probe_init(&p, rs);
	/* The mars.log branch needs its longest value; a record with only the short one is
	 * turned away, which cond_eval agrees with. */
	cr_assert_eq(try(&p, rs, "WSB job started", &t), 0);
	cr_assert_eq(t, 0);
	cr_assert_eq(try(&p, rs, "WSB job failed with VSS errors", &t), 1);
	cr_assert_eq(t, 1);
	/* For an event only the event branch counts, guarded by its codes field. */
	cr_assert_eq(try_kind(&p, rs, "event", "codes", "0x800423F2 0x807800C5", "provider",
	    "VSS", &t), 1);
	cr_assert_eq(t, 1);
	cr_assert_eq(try_kind(&p, rs, "event", "codes", "0x80042306", "provider", "VSS", &t), 0);
	cr_assert_eq(try_kind(&p, rs, "event", "message", "WSB job failed with VSS errors", NULL,
	    NULL, &t), 0);
	/* A kind no branch is for is turned away at once. */
	cr_assert_eq(try_kind(&p, rs, "vss.writer", "codes", "0x800423F2", NULL, NULL, &t), 0);
	probe_free(&p);
	ruleset_free(rs);
}

/* The guarantee, on generated records: whenever a condition holds, its guard let it through;
 * and the guards do turn most records away. */
Test(prefilter, never_turns_away_a_match)
{
	static const char *const conds[] = {
		"  message|contains: [timed out, 'Hr: = [0x', VSS errors]\n",
		"  message|re: 'Job completed\\b.*\\bStatus:\\s*Failed\\b'\n",
		"  message|re: '\\b(SnapshotFailed|ShadowCopyMissing|WSBSnapshotDisappeared)\\b'\n",
		"  message|re: '^Completed[.:] (?i)with errors'\n",
		"  message|re: 'error code[: ]+0x[0-9a-f]{8}'\n",
		"  message|startswith: 'Failed: '\n",
		"  message|endswith: ' retrying'\n",
		"  all:\n    - message|contains: JobState\n    - message|re: 'HResult: 0x[1-9A-F]'\n",
		"  message|contains|all: [job, failed]\n",
		"  any:\n    - message|re: 'could ?not grow'\n    - level: FATAL\n",
	};
	static const char *const words[] = {
		"WSB", "job", "failed", "with", "VSS", "errors", "Job", "completed", "Status:",
		"Failed", "Succeeded", "timed", "out", "Hr:", "=", "[0x807800C5]", "error", "code:",
		"0x800423f2", "JobState:", "HResult:", "0x0,", "0x80780049", "Completed.", "with",
		"ERRORS", "SnapshotFailed", "WSBSnapshotDisappeared", "could", "not", "couldnot",
		"grow", "retrying", "Failed:", "\xe2\x84\xaa", "\xc3\xa9t\xc3\xa9", "shadow", "copy",
		"(x)", "\\d", "{8}", "retrying.",
	};
	size_t i, round, w, turned = 0, held = 0;
	uint64_t seed = 42;

	for (i = 0; i < MT_ARRAY_LEN(conds); i++) {
		char c[512], msg[512];
		struct ruleset *rs;
		struct probe p;
		snprintf(c, sizeof c, "  kind: mars.log\n%s", conds[i]);
		rs = load_match(c);
		cr_assert_neq(rs->rules[0].match.guard, 0, "condition %zu has no guard", i);
		probe_init(&p, rs);
		for (round = 0; round < 4000; round++) {
			size_t n = 0, k;
			int t, may;
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			k = 1 + (size_t)(seed >> 60);
			msg[0] = '\0';
			for (w = 0; w < k; w++) {
				seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
				n += (size_t)snprintf(msg + n, sizeof msg - n, "%s%s", w ? " " : "",
				    words[(seed >> 33) % MT_ARRAY_LEN(words)]);
			}
			may = try2(&p, rs, "message", msg, "level", round % 7 ? "NORMAL" : "FATAL",
			    &t);
			cr_assert(may || !t, "condition %zu: guard turned away '%s'", i, msg);
			held += (size_t)t;
			turned += (size_t)!may;
		}
		probe_free(&p);
		ruleset_free(rs);
	}
	cr_assert_gt(held, 100);
	cr_assert_gt(turned, 10000);
}
