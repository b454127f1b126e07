/* The rule pack's own commands: --test-rules runs each rule's samples through the real
 * pipeline, --lint-rules checks the pack's conventions, --explain documents a rule (and, with a
 * bundle, says why each of its conditions held or not). */
#ifndef MT_RULES_CLI_H
#define MT_RULES_CLI_H

#include <stdio.h>
#include "analyse.h"
#include "rules.h"

/* Each returns the exit status: 0 all good, 1 a sample or a convention failed, 2 bad usage
 * (e.g. unknown rule id). Output goes to out, one line per rule or sample. */
int rules_cli_test(const struct ruleset *rs, const struct analysis_opts *ao, FILE *out);
int rules_cli_lint(const struct ruleset *rs, FILE *out);
int rules_cli_explain(const struct ruleset *rs, const char *id, const char *bundle,
    const struct analysis_opts *ao, FILE *out);

#endif
