/* The command line: one table of options drives both parsing and --help, with no reliance on
 * getopt_long so it behaves the same on every POSIX system. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "batch.h"
#include "options.h"
#include "parser.h"
#include "render.h"
#include "textin.h"
#include "util.h"

enum opt_id {
	O_FORMAT, O_OUTPUT, O_RULES, O_FAIL_ON, O_LIST_RULES, O_TEST_RULES, O_LINT_RULES, O_EXPLAIN, O_DUMP_RECORDS, O_PROFILE_RULES, O_TZ, O_CODEPAGE, O_FORCE,
	O_QUIET, O_VERBOSE, O_MAX_TOTAL, O_MAX_ENTRY, O_MAX_RATIO, O_MAX_DEPTH, O_MAX_ENTRIES,
	O_MAX_LINE, O_MAX_SPOOL, O_TIMEOUT, O_JOBS, O_SHARD, O_MERGE_INDEX, O_VERSION, O_HELP
};

struct opt {
	enum opt_id id;
	char short_name;	/* 0 if none */
	const char *long_name;
	const char *arg;	/* argument name, NULL for a flag */
	const char *help;
};

static const struct opt opt_table[] = {
	{O_FORMAT, 'f', "format", "FMT", "report format (repeatable): see FORMATS; default md"},
	{O_OUTPUT, 'o', "output", "PATH", "report file, '-' for stdout, or a directory (with "
	    "several bundles: also the index); default BUNDLE.report.EXT beside the bundle"},
	{O_JOBS, 'j', "jobs", "N", "threads (default 1; 0 = one per processor): bundles analysed "
	    "at once, or with at most N/2 bundles each one as a pipeline (reading, parsing, "
	    "rules)"},
	{O_RULES, 'r', "rules", "DIR", "rule directory (repeatable); default the installed pack"},
	{O_FAIL_ON, 0, "fail-on", "LEVEL", "exit 1 when a finding is at or above LEVEL "
	    "(info, warning, error, critical); default error"},
	{O_LIST_RULES, 0, "list-rules", NULL, "list the rules and exit"},
	{O_TEST_RULES, 0, "test-rules", NULL, "run every rule's samples (operands: more rule "
	    "directories) and exit"},
	{O_LINT_RULES, 0, "lint-rules", NULL, "check the rule pack's conventions and exit"},
	{O_EXPLAIN, 0, "explain", "RULE", "print a rule's documentation; with a bundle, why each "
	    "of its conditions held or not"},
	{O_DUMP_RECORDS, 0, "dump-records", NULL, "write every normalised record to stdout as "
	    "JSON Lines instead of a report"},
	{O_PROFILE_RULES, 0, "profile-rules", NULL, "after each bundle, print the time spent "
	    "reading, per parser and per rule to stderr"},
	{O_TZ, 0, "tz", "+HH:MM", "the server's UTC offset, for local times in the bundle"},
	{O_CODEPAGE, 0, "codepage", "NAME", "code page of text that is neither UTF-8 nor UTF-16 "
	    "(cp850, cp437, cp1252, cp932, cp936...); default from the bundle, else Windows-1252"},
	{O_FORCE, 0, "force", NULL, "replace existing report files"},
	{O_QUIET, 'q', "quiet", NULL, "print only errors"},
	{O_VERBOSE, 'v', "verbose", NULL, "also print what happened to each entry"},
	{O_MAX_TOTAL, 0, "max-total", "BYTES", "uncompressed bytes read per bundle (default 4G)"},
	{O_MAX_ENTRY, 0, "max-entry", "BYTES", "uncompressed bytes read per entry (default 1G)"},
	{O_MAX_RATIO, 0, "max-ratio", "N", "compression ratio allowed per entry (default 1000)"},
	{O_MAX_DEPTH, 0, "max-depth", "N", "nesting depth of archives (default 4)"},
	{O_MAX_ENTRIES, 0, "max-entries", "N", "entries per bundle (default 100000)"},
	{O_MAX_LINE, 0, "max-line", "BYTES", "bytes kept of one line (default 64K)"},
	{O_MAX_SPOOL, 0, "max-spool", "BYTES", "bytes of a nested zip, 7z or cab archive, or of "
	    "an .evtx file, held in memory to read it (default 64M)"},
	{O_TIMEOUT, 0, "timeout", "SECONDS", "time budget per bundle (default 300, 0 = none)"},
	{O_SHARD, 0, "shard", "K/N", "analyse only bundles K, K+N, K+2N... of the list, for "
	    "one of N machines; no index or JUnit file (see --merge-index)"},
	{O_MERGE_INDEX, 0, "merge-index", NULL, "build the batch index from the JSON reports "
	    "in the folders given as operands (into -o DIR or the first folder)"},
	{O_VERSION, 0, "version", NULL, "print the version and exit"},
	{O_HELP, 'h', "help", NULL, "print this help and exit"},
};

/* Parses a size with an optional K, M, G or T suffix (powers of 1024). */
static int
parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mult = 1;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	switch (*end) {
	case 'k': case 'K': mult = 1ULL << 10; end++; break;
	case 'm': case 'M': mult = 1ULL << 20; end++; break;
	case 'g': case 'G': mult = 1ULL << 30; end++; break;
	case 't': case 'T': mult = 1ULL << 40; end++; break;
	default: break;
	}
	if (*end != '\0' || v > UINT64_MAX / mult)
		return -1;
	*out = v * mult;
	return 0;
}

static int
parse_tz(const char *s, int *minutes)
{
	int h, m = 0, sign;

	if ((s[0] != '+' && s[0] != '-') || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9')
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	h = (s[1] - '0') * 10 + (s[2] - '0');
	s += 3;
	if (*s == ':')
		s++;
	if (*s) {
		if (s[0] < '0' || s[0] > '5' || s[1] < '0' || s[1] > '9' || s[2] != '\0')
			return -1;
		m = (s[0] - '0') * 10 + (s[1] - '0');
	}
	if (h > 14)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

/* K/N: shard K of N, 1 <= K <= N. */
static int
parse_shard(const char *s, unsigned long *k, unsigned long *n)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	*k = strtoul(s, &end, 10);
	if (*end != '/' || end[1] < '0' || end[1] > '9')
		return -1;
	*n = strtoul(end + 1, &end, 10);
	if (*end != '\0' || *k < 1 || *k > *n || *n > 1000000)
		return -1;
	return 0;
}

static int usage_error(const char *fmt, ...) MT_PRINTF(1, 2);

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("marstriage: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'marstriage --help' for more information.\n", stderr);
	return -1;
}

static int
apply(struct options *o, const struct opt *d, const char *arg)
{
	uint64_t v;

	switch (d->id) {
	case O_FORMAT:
		if (renderer_find(arg) == NULL)
			return usage_error("unknown format '%s' (see --help)", arg);
		if (o->nformats == OPT_MAX_FORMATS)
			return usage_error("too many -f options");
		o->formats[o->nformats++] = arg;
		return 0;
	case O_OUTPUT:
		o->output = arg;
		return 0;
	case O_RULES:
		if (o->nrule_dirs == OPT_MAX_RULE_DIRS)
			return usage_error("too many -r options");
		o->rule_dirs[o->nrule_dirs++] = arg;
		return 0;
	case O_FAIL_ON:
		if (severity_parse(arg, &o->fail_on))
			return usage_error("--fail-on takes info, warning, error or critical, not '%s'", arg);
		return 0;
	case O_LIST_RULES: o->list_rules = 1; return 0;
	case O_TEST_RULES: o->test_rules = 1; return 0;
	case O_LINT_RULES: o->lint_rules = 1; return 0;
	case O_EXPLAIN: o->explain = arg; return 0;
	case O_DUMP_RECORDS: o->dump_records = 1; return 0;
	case O_PROFILE_RULES: o->profile_rules = 1; return 0;
	case O_TZ:
		if (parse_tz(arg, &o->tz_offset_min))
			return usage_error("--tz takes an offset such as +01:00 or -08:00, not '%s'", arg);
		o->tz_given = 1;
		return 0;
	case O_CODEPAGE:
		if (!textin_codepage_supported(arg))
			return usage_error("--codepage: unknown code page '%s'", arg);
		o->codepage = arg;
		return 0;
	case O_FORCE: o->force = 1; return 0;
	case O_MERGE_INDEX: o->merge_index = 1; return 0;
	case O_SHARD:
		if (parse_shard(arg, &o->shard, &o->nshards))
			return usage_error("--shard takes K/N with 1 <= K <= N, such as 2/4, not "
			    "'%s'", arg);
		return 0;
	case O_QUIET: o->quiet = 1; return 0;
	case O_VERBOSE: o->verbose = 1; return 0;
	case O_VERSION: o->version = 1; return 0;
	case O_HELP: o->help = 1; return 0;
	default:
		break;
	}
	if (parse_size(arg, &v))
		return usage_error("not a number: '%s'", arg);
	switch (d->id) {
	case O_MAX_TOTAL: o->lim.max_total = v; break;
	case O_MAX_ENTRY: o->lim.max_entry = v; break;
	case O_MAX_RATIO: o->lim.max_ratio = v; break;
	case O_MAX_ENTRIES: o->lim.max_entries = v; break;
	case O_MAX_SPOOL: o->lim.max_nested_spool = v; break;
	case O_MAX_LINE:
		if (v < 256)
			return usage_error("--max-line must be at least 256, not '%s'", arg);
		o->lim.max_line = v;
		break;
	case O_MAX_DEPTH:
		if (v > 32)
			return usage_error("--max-depth must be at most 32, not '%s'", arg);
		o->lim.max_depth = (int)v;
		break;
	case O_TIMEOUT:
		if (v > 86400)
			return usage_error("--timeout must be at most 86400, not '%s'", arg);
		o->lim.max_seconds = (int)v;
		break;
	case O_JOBS:
		if (v > BATCH_MAX_JOBS)
			return usage_error("-j must be at most %d, not '%s'", BATCH_MAX_JOBS, arg);
		o->jobs = (int)v;
		o->jobs_given = 1;
		break;
	default:
		break;
	}
	return 0;
}

static const struct opt *
find_long(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(opt_table); i++)
		if (strlen(opt_table[i].long_name) == n &&
		    strncmp(opt_table[i].long_name, name, n) == 0)
			return &opt_table[i];
	return NULL;
}

static const struct opt *
find_short(char c)
{
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(opt_table); i++)
		if (opt_table[i].short_name == c)
			return &opt_table[i];
	return NULL;
}

int
options_parse(int argc, char **argv, struct options *o)
{
	int i, only_operands = 0;

	memset(o, 0, sizeof *o);
	o->fail_on = SEV_ERROR;
	o->jobs = 1;
	limits_default(&o->lim);
	o->bundles = xcalloc((size_t)argc, sizeof *o->bundles);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *arg = NULL;
		const struct opt *d;

		if (only_operands || a[0] != '-' || a[1] == '\0') {
			o->bundles[o->nbundles++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_operands = 1;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
			if ((d = find_long(a + 2, n)) == NULL)
				return usage_error("unknown option '%s'", a);
			if (d->arg && eq)
				arg = eq + 1;
			else if (d->arg && i + 1 < argc)
				arg = argv[++i];
			else if (d->arg)
				return usage_error("option '%s' needs an argument", a);
			else if (eq)
				return usage_error("option '%s' takes no argument", a);
		} else {
			if ((d = find_short(a[1])) == NULL)
				return usage_error("unknown option '%s'", a);
			if (d->arg && a[2])
				arg = a + 2;
			else if (d->arg && i + 1 < argc)
				arg = argv[++i];
			else if (d->arg)
				return usage_error("option '%s' needs an argument", a);
			else if (a[2])
				return usage_error("unknown option '%s' (write flags separately)", a);
		}
		if (apply(o, d, arg))
			return -1;
	}
	if (o->nformats == 0)
		o->formats[o->nformats++] = "md";
	return 0;
}

void
options_help(FILE *fp)
{
	size_t i;

	fputs("usage: marstriage [options] BUNDLE...\n"
	    "       marstriage -j N -o DIR [options] BUNDLE|FOLDER|-...\n"
	    "       marstriage --merge-index [-o DIR] DIR...\n"
	    "Triage an Azure Backup (MARS agent) System State support bundle: a zip, tar, 7z or\n"
	    "cab archive, or a folder, of agent logs, event logs and command outputs. A folder\n"
	    "that holds only archives is a folder of bundles; '-' reads bundle paths from stdin.\n\n"
	    "Options:\n", fp);
	for (i = 0; i < MT_ARRAY_LEN(opt_table); i++) {
		const struct opt *d = &opt_table[i];
		char left[64];

		if (d->short_name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", d->short_name, d->long_name,
			    d->arg ? " " : "", d->arg ? d->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", d->long_name,
			    d->arg ? " " : "", d->arg ? d->arg : "");
		fprintf(fp, "  %-26s %s\n", left, d->help);
	}
	fputs("\nFormats:\n", fp);
	for (i = 0; renderer_table[i]; i++)
		fprintf(fp, "  %-10s %s\n", renderer_table[i]->name, renderer_table[i]->description);
	fputs("\nRecognised inputs:\n", fp);
	for (i = 0; parser_table[i]; i++)
		fprintf(fp, "  %-18s %s\n", parser_table[i]->name, parser_table[i]->description);
	fputs("\nExit status (with several bundles, the worst of them): 0 nothing at or above\n"
	    "--fail-on, 1 findings at or above it, 2 usage or rule-file error or a report not\n"
	    "written, 3 a bundle could not be read at all, or not to the end (--timeout,\n"
	    "--max-total, --max-entries).\n"
	    "See marstriage(1), marstriage-rules(5) and marstriage-records(7).\n", fp);
}
