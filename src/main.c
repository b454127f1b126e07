/* marstriage command line: options, rule loading, the per-bundle loop, report files and the
 * exit status. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "analyse.h"
#include "bundle.h"
#include "diag.h"
#include "options.h"
#include "output.h"
#include "render.h"
#include "rules.h"
#include "rules_cli.h"
#include "util.h"

enum exit_status { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_UNREADABLE = 3 };

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The rule pack beside the binary (a build tree), else the installed one, else ./rules. */
static const char *
default_rule_dir(const char *argv0, char **owned)
{
	const char *slash = strrchr(argv0, '/');
	char *p;

	*owned = NULL;
	if (slash) {
		p = xasprintf("%.*s/rules", (int)(slash - argv0), argv0);
		if (is_dir(p))
			return *owned = p;
		free(p);
	}
	p = xasprintf("%s/marstriage/rules", MT_DATADIR);
	if (is_dir(p))
		return *owned = p;
	free(p);
	return "rules";
}

static void
list_rules(const struct ruleset *rs)
{
	struct rule_info ri;
	size_t i;

	printf("%-30s %-8s %-9s %s\n", "ID", "TYPE", "SEVERITY", "TITLE");
	for (i = 0; i < ruleset_count(rs); i++) {
		ruleset_info(rs, i, &ri);
		printf("%-30s %-8s %-9s %s\n", ri.id, ri.is_check ? "check" : "finding",
		    severity_name(ri.severity), ri.title);
	}
}

/* Writes every requested format for one bundle. Returns -1 if any write failed. */
static int
write_reports(const struct options *o, const struct report *rep, const char *bundle)
{
	const char *dir = NULL;
	size_t i;
	int rc = 0;

	if (o->output && strcmp(o->output, "-") != 0 && is_dir(o->output))
		dir = o->output;
	for (i = 0; i < o->nformats; i++) {
		const struct renderer *rd = renderer_find(o->formats[i]);
		char *path = (o->output && !dir) ? xstrdup(o->output) :
		    output_default_path(bundle, dir, rd->ext);
		if (output_write(rd, rep, path, o->force) != 0)
			rc = -1;
		else if (strcmp(path, "-") != 0)
			diag(DIAG_INFO, bundle, NULL, 0, "report written to %s", path);
		free(path);
	}
	return rc;
}

static enum exit_status
bundle_status(const struct report *rep, enum severity fail_on)
{
	size_t i;

	if (rep->unreadable)
		return EXIT_UNREADABLE;
	for (i = 0; i < rep->nfindings; i++)
		if (rep->findings[i].severity >= fail_on)
			return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct analysis_opts ao;
	struct ruleset *rs;
	struct strbuf err = STRBUF_INIT;
	char *owned_dir = NULL;
	const char *dirs[OPT_MAX_RULE_DIRS];
	size_t ndirs, i;
	int status = EXIT_CLEAN, write_failed = 0;

	bundle_init_locale();
	if (options_parse(argc, argv, &o) != 0)
		return EXIT_USAGE;
	if (o.help) {
		options_help(stdout);
		return EXIT_CLEAN;
	}
	if (o.version) {
		printf("marstriage %s\n", MT_VERSION);
		return EXIT_CLEAN;
	}
	diag_set_threshold(o.quiet ? DIAG_ERROR : o.verbose ? DIAG_INFO : DIAG_WARNING);
	if (o.nrule_dirs == 0) {
		dirs[0] = default_rule_dir(argv[0], &owned_dir);
		ndirs = 1;
	} else {
		ndirs = o.nrule_dirs;
		memcpy(dirs, o.rule_dirs, ndirs * sizeof dirs[0]);
	}
	/* --test-rules DIR...: the operands are rule directories, not bundles. */
	if (o.test_rules && o.nbundles > 0) {
		ndirs = 0;
		for (i = 0; i < o.nbundles && ndirs < OPT_MAX_RULE_DIRS; i++)
			dirs[ndirs++] = o.bundles[i];
	}
	if ((rs = ruleset_load(dirs, ndirs, &err)) == NULL) {
		fprintf(stderr, "marstriage: %s\n", sb_str(&err));
		sb_free(&err);
		free(owned_dir);
		free(o.bundles);
		return EXIT_USAGE;
	}
	memset(&ao, 0, sizeof ao);
	ao.lim = o.lim;
	ao.rules = rs;
	ao.dump_records = o.dump_records ? stdout : NULL;
	ao.env.tz_known = o.tz_given;
	ao.env.tz_offset_min = o.tz_offset_min;
	ao.tool_version = MT_VERSION;
	if (o.list_rules) {
		list_rules(rs);
		goto done;
	}
	if (o.test_rules) {
		status = rules_cli_test(rs, &ao, stdout);
		goto done;
	}
	if (o.lint_rules) {
		status = rules_cli_lint(rs, stdout);
		goto done;
	}
	if (o.explain) {
		status = rules_cli_explain(rs, o.explain, o.nbundles ? o.bundles[0] : NULL, &ao,
		    stdout);
		goto done;
	}
	if (o.nbundles == 0) {
		fputs("marstriage: no bundle given\nusage: marstriage [options] BUNDLE...\n"
		    "Try 'marstriage --help' for more information.\n", stderr);
		status = EXIT_USAGE;
		goto done;
	}
	if (o.output && strcmp(o.output, "-") != 0 && !is_dir(o.output) &&
	    (o.nbundles > 1 || o.nformats > 1)) {
		diag(DIAG_ERROR, NULL, NULL, 0, "-o %s: with several bundles or formats, -o must "
		    "name an existing directory or '-'", o.output);
		status = EXIT_USAGE;
		goto done;
	}
	for (i = 0; i < o.nbundles; i++) {
		struct report *rep = analyse_bundle(o.bundles[i], &ao);
		int st = bundle_status(rep, o.fail_on);

		if (!o.dump_records || o.output)
			if (write_reports(&o, rep, o.bundles[i]) != 0)
				write_failed = 1;
		if (st > status)
			status = st;
		report_free(rep);
	}
	if (write_failed && status < EXIT_USAGE)
		status = EXIT_USAGE;
done:
	ruleset_free(rs);
	sb_free(&err);
	free(owned_dir);
	free(o.bundles);
	return status;
}
