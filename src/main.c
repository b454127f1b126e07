/* marstriage command line: options, rule loading, the run over the bundles (one or a
 * batch), the batch index, and the exit status. */
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/parser.h>
#include "analyse.h"
#include "batch.h"
#include "bundle.h"
#include "diag.h"
#include "index.h"
#include "merge.h"
#include "options.h"
#include "output.h"
#include "progress.h"
#include "render.h"
#include "rules.h"
#include "rules_cli.h"
#include "util.h"
#include <time.h>	/* after record.h until its TQ_UTC no longer clashes with <time.h> */

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

static int
processors(void)
{
#ifdef _SC_NPROCESSORS_ONLN
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n > 0)
		return n > BATCH_MAX_JOBS ? BATCH_MAX_JOBS : (int)n;
#endif
	return 1;
}

/* Writes one file of the index (or the batch JUnit file) into dir. */
static int
write_index_file(const char *dir, const char *name, const struct index *ix,
    int (*fn)(const struct index *, FILE *), int force)
{
	struct output_file of;
	size_t n = strlen(dir);
	char *path = xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
	int rc = -1;

	if (output_open(&of, path, force) == 0) {
		rc = output_close(&of, fn(ix, of.fp) == 0);
		if (rc == 0)
			diag(DIAG_INFO, NULL, NULL, 0, "index written to %s", path);
	}
	free(path);
	return rc;
}

static int
write_index(const char *dir, const struct index *ix, int force)
{
	int rc = 0;

	rc |= write_index_file(dir, "index.md", ix, index_write_md, force);
	rc |= write_index_file(dir, "index.html", ix, index_write_html, force);
	rc |= write_index_file(dir, "index.json", ix, index_write_json, force);
	return rc;
}

/* The JUnit document of a run: DIR/junit.xml, or the -o file or stdout. */
static int
write_junit(const char *output, int output_is_dir, const struct index *ix, int force)
{
	struct output_file of;

	if (output_is_dir)
		return write_index_file(output, "junit.xml", ix, index_write_junit, force);
	if (output_open(&of, output, force) != 0)
		return -1;
	return output_close(&of, index_write_junit(ix, of.fp) == 0);
}

static int
has_format(const struct options *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->nformats; i++)
		if (ascii_casecmp(o->formats[i], name) == 0)
			return 1;
	return 0;
}

/* -o names a directory: an existing one, or one to make when the name ends in '/'. */
static int
output_dir(const char *output)
{
	size_t n;

	if (output == NULL || strcmp(output, "-") == 0)
		return 0;
	if (is_dir(output))
		return 1;
	n = strlen(output);
	if (n > 1 && output[n - 1] == '/') {
		if (mkdir(output, 0777) == 0 || is_dir(output))
			return 1;
		diag(DIAG_ERROR, NULL, NULL, 0, "-o %s: cannot make the folder", output);
		return -1;
	}
	return 0;
}

/* --merge-index DIR...: the index (and with -f junit the JUnit file) from the JSON reports
 * of earlier runs. */
static int
run_merge(const struct options *o)
{
	const char *outdir = o->output ? o->output : o->nbundles ? o->bundles[0] : NULL;
	int junit = has_format(o, "junit"), status, rc, dir;
	struct index ix;

	if (o->nbundles == 0) {
		diag(DIAG_ERROR, NULL, NULL, 0, "--merge-index needs the folders of the JSON "
		    "reports");
		return EXIT_USAGE;
	}
	if ((dir = output_dir(outdir)) <= 0) {
		if (dir == 0)
			diag(DIAG_ERROR, NULL, NULL, 0, "--merge-index: %s is not a folder", outdir);
		return EXIT_USAGE;
	}
	index_init(&ix, o->fail_on, MT_VERSION);
	rc = merge_reports((const char *const *)o->bundles, o->nbundles, outdir, junit, &ix);
	index_sort(&ix);
	if (write_index(outdir, &ix, o->force) != 0)
		rc = -1;
	if (junit && write_junit(outdir, 1, &ix, o->force) != 0)
		rc = -1;
	status = index_exit_status(&ix);
	if (rc != 0 && status < EXIT_USAGE)
		status = EXIT_USAGE;
	index_free(&ix);
	return status;
}

/* Entries from this size up are inflated on a second thread when there is one to spare:
 * 1 MiB, or MARSTRIAGE_READAHEAD_MIN bytes (0: every entry, which the tests use). */
static uint64_t
read_ahead_min(void)
{
	const char *v = getenv("MARSTRIAGE_READAHEAD_MIN");
	int64_t n;

	if (v != NULL && *v != '\0' && parse_int64(v, strlen(v), &n) == 0 && n >= 0)
		return (uint64_t)n;
	return 1024 * 1024;
}

/* The bundles: analysed (on -j threads), reports written, and for a batch into a folder
 * the index. */
static int
run_bundles(const struct options *o, const struct analysis_opts *ao)
{
	const char *formats[OPT_MAX_FORMATS];
	struct batch_opts bo;
	struct analysis_opts bundle_ao;
	struct batch_list bl;
	struct index ix;
	char **stems;
	size_t i, k, nformats = 0;
	int dir, status, rc, want_index, to_stdout;

	if ((dir = output_dir(o->output)) < 0)
		return EXIT_USAGE;
	/* With --dump-records and no -o the records are the output. */
	for (i = 0; i < o->nformats && (!o->dump_records || o->output); i++) {
		for (k = 0; k < nformats && ascii_casecmp(formats[k], o->formats[i]) != 0; k++)
			;
		if (k == nformats)
			formats[nformats++] = o->formats[i];
	}
	if (batch_collect(o->bundles, o->nbundles, &bl) != 0)
		return EXIT_USAGE;
	if (o->output && strcmp(o->output, "-") != 0 && !dir && (nformats > 1 ||
	    (bl.n > 1 && nformats == 1 && batch_per_bundle(formats[0])))) {
		diag(DIAG_ERROR, NULL, NULL, 0, "-o %s: with several bundles or formats, -o must "
		    "name a directory or '-' (a file takes only -f jsonl or -f junit for several "
		    "bundles)", o->output);
		batch_list_free(&bl);
		return EXIT_USAGE;
	}
	/* A report file that cannot be written is said before the analysis, not after. */
	if (o->output && !dir && output_replaceable(o->output, o->force) != 0) {
		batch_list_free(&bl);
		return EXIT_USAGE;
	}
	if (bl.n == 0)
		diag(DIAG_WARNING, NULL, NULL, 0, "no bundle to analyse");

	memset(&bo, 0, sizeof bo);
	bundle_ao = *ao;
	bo.ao = &bundle_ao;
	bo.formats = formats;
	bo.nformats = nformats;
	bo.output = o->output;
	bo.output_is_dir = dir;
	bo.force = o->force;
	bo.jobs = o->jobs == 0 ? processors() : o->jobs;
	if (o->dump_records)
		bo.jobs = 1;	/* records of one bundle at a time */
	/* Threads left over when there are fewer bundles than -j asks for: each bundle reads
	 * ahead and applies the rules beside its parsing. */
	bundle_ao.pipeline = bo.jobs >= 2 && bl.n <= (size_t)bo.jobs / 2;
	bo.fail_on = o->fail_on;
	bo.shard = o->shard;
	bo.nshards = o->nshards;
	/* The progress line is for a terminal, and not for one the reports go to. */
	to_stdout = o->dump_records;
	for (i = 0; i < nformats; i++) {
		enum batch_dest d = batch_dest(&bo, formats[i]);
		if (d == DEST_STDOUT || (d == DEST_STREAM && (o->output == NULL || dir)) ||
		    (o->output != NULL && strcmp(o->output, "-") == 0))
			to_stdout = 1;
	}
	bo.progress = !o->quiet && isatty(STDERR_FILENO) && !(to_stdout && isatty(STDOUT_FILENO));
	bo.color = bo.progress && progress_color_wanted();
	/* A shard writing into a shared folder leaves the index and the JUnit file of the
	 * batch to --merge-index. */
	for (i = 0; i < nformats; i++)
		if (batch_dest(&bo, formats[i]) == DEST_COLLECT && !(dir && o->nshards > 0))
			bo.want_cases = 1;
	want_index = dir && o->nshards == 0 && (bl.n > 1 || bl.expanded);

	stems = batch_stems(bl.paths, bl.n);
	index_init(&ix, o->fail_on, MT_VERSION);
	rc = batch_run(&bo, &bl, stems, &ix);
	index_sort(&ix);
	if (want_index && write_index(o->output, &ix, o->force) != 0)
		rc = -1;
	if (bo.want_cases && write_junit(o->output, dir, &ix, o->force) != 0)
		rc = -1;
	status = index_exit_status(&ix);
	if (rc != 0 && status < EXIT_USAGE)
		status = EXIT_USAGE;
	index_free(&ix);
	for (i = 0; i < bl.n; i++)
		free(stems[i]);
	free(stems);
	batch_list_free(&bl);
	return status;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct analysis_opts ao;
	struct ruleset *rs = NULL;
	struct strbuf err = STRBUF_INIT;
	char *owned_dir = NULL;
	const char *dirs[OPT_MAX_RULE_DIRS];
	size_t ndirs, i;
	int status = EXIT_CLEAN;

	bundle_init_locale();
	if (options_parse(argc, argv, &o) != 0) {
		free(o.bundles);
		return EXIT_USAGE;
	}
	if (o.help || o.version) {
		if (o.help)
			options_help(stdout);
		else
			printf("marstriage %s\n", MT_VERSION);
		free(o.bundles);
		return EXIT_CLEAN;
	}
	/* Process-wide settings, all made before any thread starts. */
	diag_set_threshold(o.quiet ? DIAG_ERROR : o.verbose ? DIAG_INFO : DIAG_WARNING);
	render_junit_fail_on(o.fail_on);
	xmlInitParser();
	tzset();	/* libarchive converts local times: settle the zone before threads read it */
	if (o.merge_index) {
		status = run_merge(&o);
		goto done;
	}
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
	/* Loaded and compiled once; every bundle and every thread shares it read-only. */
	if ((rs = ruleset_load(dirs, ndirs, &err)) == NULL) {
		fprintf(stderr, "marstriage: %s\n", sb_str(&err));
		status = EXIT_USAGE;
		goto done;
	}
	memset(&ao, 0, sizeof ao);
	ao.lim = o.lim;
	ao.rules = rs;
	ao.dump_records = o.dump_records ? stdout : NULL;
	ao.profile = o.profile_rules;
	ao.env.tz_known = o.tz_given;
	ao.env.tz_offset_min = o.tz_offset_min;
	ao.env.codepage = o.codepage;
	ao.tool_version = MT_VERSION;
	ao.read_ahead_min = read_ahead_min();
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
	status = run_bundles(&o, &ao);
done:
	ruleset_free(rs);
	sb_free(&err);
	free(owned_dir);
	free(o.bundles);
	xmlCleanupParser();
	return status;
}
