/* The rule engine: rule files (YAML) are loaded and compiled once per run, applied to every
 * record as it streams past, and turned into findings and checklist results at the end. Only
 * matches (first and last few), counts and captured fields are kept, so memory stays flat. */
#ifndef MT_RULES_H
#define MT_RULES_H

#include <stddef.h>
#include "record.h"
#include "report.h"
#include "util.h"

struct ruleset;
struct rule_run;

/* Loads every *.yaml / *.yml file of each directory (sorted by name; later directories add
 * rules, a repeated id is an error); a path naming a regular file loads that file. Returns
 * NULL on error with "file:line:column: message" in err, one line per error (several broken
 * files are all reported, the first error of each). The rule language is described in
 * marstriage-rules(5). A loaded ruleset is read-only and may be shared by several runs. */
struct ruleset *ruleset_load(const char *const *dirs, size_t ndirs, struct strbuf *err);
void ruleset_free(struct ruleset *rs);
const char *ruleset_version(const struct ruleset *rs);

/* Read-only view of one rule, for --list-rules and the checklist. */
struct rule_info {
	const char *id;
	const char *title;
	const char *check_title;	/* checks: the prerequisite as the checklist states it */
	enum severity severity;
	const char *section;
	int is_check;		/* a checklist item: pass / fail / not verifiable */
	const char *file;	/* rule file it came from */
	const char *cause;
	const char *resolution;
	const char *ask;	/* command to ask the customer for, or NULL */
	/* Added after the first version of this header: */
	const char *ask_file;	/* file name the customer sends back, or NULL */
	const char *const *references;
	size_t nreferences;
	size_t ntests;		/* samples under tests:, see ruleset_test() */
	long line;		/* line of the rule's id in file */
};
size_t ruleset_count(const struct ruleset *rs);
void ruleset_info(const struct ruleset *rs, size_t i, struct rule_info *out);

/* Index of the rule with this id: returns 0 and sets *i, or -1. */
int ruleset_find(const struct ruleset *rs, const char *id, size_t *i);

/* The samples a rule file carries under tests: (for --test-rules). A sample "fires" when
 * running its files as a bundle gives a finding with the rule's id (for a check: the check
 * fails); "quiet" when it gives none. */
struct rule_test_file {
	const char *name;	/* relative path inside the sample bundle */
	const char *content;	/* as written in the rule file (UTF-8) */
	size_t len;
};
/* What a sample expects, after the whole pack ran on it. */
enum rule_expect {
	EXPECT_QUIET,		/* no finding of the rule (a check: does not fail) */
	EXPECT_FIRE,		/* a current finding (a check: fails) */
	EXPECT_HISTORY,		/* a finding downgraded to history by a later success */
	EXPECT_PASS,		/* checks: the check passes */
	EXPECT_NOT_VERIFIABLE	/* checks: the bundle does not allow judging it */
};
struct rule_test {
	const char *name;
	int expect_fire;	/* 1: expect: fire, 0: anything else */
	const struct rule_test_file *files;
	size_t nfiles;
	long line;		/* line of the sample in the rule file */
	/* Added after the first version of this header: */
	enum rule_expect expect;
	const char *explained_by;	/* expected explained_by of the finding, or NULL */
};
/* "fire", "quiet", "history", "pass", "not-verifiable". */
const char *rule_expect_name(enum rule_expect e);
const struct rule_test *ruleset_test(const struct ruleset *rs, size_t i, size_t j);

/* The pack's error-code catalogue (never NULL; may be empty). */
struct catalogue;
const struct catalogue *ruleset_catalogue(const struct ruleset *rs);

/* One bundle's evaluation state. */
struct rule_run *rule_run_new(const struct ruleset *rs);
void rule_run_feed(struct rule_run *run, const struct record *r);
/* Adds findings and checklist results to rep, then sorts it. Call once; the run's state is
 * handed to the report. rep->host, when set, decides which event computers are this server
 * (see marstriage-rules(5), TRAPS); set it before. */
void rule_run_finish(struct rule_run *run, struct report *rep);
void rule_run_free(struct rule_run *run);
/* --profile-rules: from now on the run times every rule on every record (two clock reads
 * each, so it is off unless asked for). */
void rule_run_profile(struct rule_run *run);
/* Nanoseconds spent in the rules so far; 0 when not profiling. */
uint64_t rule_run_profile_ns(const struct rule_run *run);
/* Writes the time per rule, slowest first, and what the prefilter spared. */
void rule_run_profile_print(const struct rule_run *run, FILE *fp);

#endif
