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
 * rules, a repeated id is an error). Returns NULL on error with "file:line:column: message"
 * in err. */
struct ruleset *ruleset_load(const char *const *dirs, size_t ndirs, struct strbuf *err);
void ruleset_free(struct ruleset *rs);
const char *ruleset_version(const struct ruleset *rs);

/* Read-only view of one rule, for --list-rules and the checklist. */
struct rule_info {
	const char *id;
	const char *title;
	enum severity severity;
	const char *section;
	int is_check;		/* a checklist item: pass / fail / not verifiable */
	const char *file;	/* rule file it came from */
	const char *cause;
	const char *resolution;
	const char *ask;	/* command to ask the customer for, or NULL */
};
size_t ruleset_count(const struct ruleset *rs);
void ruleset_info(const struct ruleset *rs, size_t i, struct rule_info *out);

/* One bundle's evaluation state. */
struct rule_run *rule_run_new(const struct ruleset *rs);
void rule_run_feed(struct rule_run *run, const struct record *r);
/* Adds findings and checklist results to rep, then sorts it. */
void rule_run_finish(struct rule_run *run, struct report *rep);
void rule_run_free(struct rule_run *run);

#endif
