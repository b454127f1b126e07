/* The analysis driver: walks one bundle, decodes and recognises each entry, runs its parser,
 * feeds every record to the rules, and builds the report. */
#ifndef MT_ANALYSE_H
#define MT_ANALYSE_H

#include <stdint.h>
#include <stdio.h>
#include "limits.h"
#include "parser.h"
#include "report.h"
#include "rules.h"

struct analysis_opts {
	struct limits lim;
	const struct ruleset *rules;
	FILE *dump_records;		/* --dump-records: JSON Lines of every record, or NULL */
	int profile;			/* --profile-rules: time per parser and rule to stderr */
	/* Spare threads for the bundle: large entries are inflated on one, the records go
	 * through the rules on another, while this one decodes and parses. */
	int pipeline;
	uint64_t read_ahead_min;	/* the declared size from which an entry is read ahead */
	struct parse_env env;		/* --tz given: env.tz_known set */
	const char *tool_version;
	/* Called with every record after the rules saw it (--explain), or NULL. */
	void (*on_record)(void *ctx, const struct record *r);
	void *on_record_ctx;
};

/* Never NULL; report->unreadable is set when the top level could not be read. */
struct report *analyse_bundle(const char *path, const struct analysis_opts *opts);

/* The same for files held in memory (the samples of --test-rules); name is the bundle's
 * name in the report. */
struct bundle_mem_file;
struct report *analyse_memory(const char *name, const struct bundle_mem_file *files,
    size_t nfiles, const struct analysis_opts *opts);

#endif
