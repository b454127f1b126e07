/* The rule pack's own commands: --test-rules, --lint-rules and --explain. */
#include "rules_cli.h"

int
rules_cli_test(const struct ruleset *rs, const struct analysis_opts *ao, FILE *out)
{
	(void)rs;
	(void)ao;
	fputs("marstriage: --test-rules is not available yet\n", out);
	return 2;
}

int
rules_cli_lint(const struct ruleset *rs, FILE *out)
{
	(void)rs;
	fputs("marstriage: --lint-rules is not available yet\n", out);
	return 2;
}

int
rules_cli_explain(const struct ruleset *rs, const char *id, const char *bundle,
    const struct analysis_opts *ao, FILE *out)
{
	(void)rs;
	(void)id;
	(void)bundle;
	(void)ao;
	fputs("marstriage: --explain is not available yet\n", out);
	return 2;
}
