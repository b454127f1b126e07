/* The analysis driver: walks one bundle, decodes and recognises each entry, runs its parser,
 * feeds every record to the rules, and builds the report. */
#ifndef MT_ANALYSE_H
#define MT_ANALYSE_H

#include <stdio.h>
#include "limits.h"
#include "parser.h"
#include "report.h"
#include "rules.h"

struct analysis_opts {
	struct limits lim;
	const struct ruleset *rules;
	FILE *dump_records;		/* --dump-records: JSON Lines of every record, or NULL */
	struct parse_env env;		/* --tz given: env.tz_known set */
	const char *tool_version;
};

/* Never NULL; report->unreadable is set when the top level could not be read. */
struct report *analyse_bundle(const char *path, const struct analysis_opts *opts);

#endif
