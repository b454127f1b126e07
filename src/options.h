/* The command line: one table of options drives both parsing and --help. */
#ifndef MT_OPTIONS_H
#define MT_OPTIONS_H

#include <stddef.h>
#include "limits.h"
#include "report.h"

#define OPT_MAX_FORMATS 8
#define OPT_MAX_RULE_DIRS 16

struct options {
	const char *formats[OPT_MAX_FORMATS];	/* -f, repeatable; default "md" */
	size_t nformats;
	const char *output;			/* -o: file, directory or "-" */
	const char *rule_dirs[OPT_MAX_RULE_DIRS];	/* -r, repeatable */
	size_t nrule_dirs;
	enum severity fail_on;			/* --fail-on, default error */
	int list_rules;
	int test_rules;				/* --test-rules [DIR...] */
	int lint_rules;
	const char *explain;			/* --explain RULE */
	int dump_records;
	int profile_rules;			/* --profile-rules */
	int version;
	int help;
	int quiet;
	int verbose;
	int force;				/* replace existing reports */
	int tz_given;
	int tz_offset_min;			/* --tz +HH:MM */
	const char *codepage;			/* --codepage NAME, or NULL */
	struct limits lim;
	int jobs;				/* -j: worker threads; 0 = one per processor */
	int jobs_given;
	int merge_index;			/* --merge-index DIR...: operands are folders */
	unsigned long shard, nshards;		/* --shard K/N; nshards 0 = no sharding */
	char **bundles;				/* operands (pointers into argv) */
	size_t nbundles;
};

/* Parses argv into o. Returns 0, or -1 after printing a usage message to stderr. */
int options_parse(int argc, char **argv, struct options *o);
/* Writes the --help text (options, formats and parsers from their tables). */
void options_help(FILE *fp);

#endif
