/* Fuzz target: the rule loader over one YAML rule file, then the loaded rules over a few
 * records, so that whatever compiles is also evaluated and turned into a report. Oracle: no
 * fault and no leak, and a rejected file always says why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "oracle.h"
#include "record.h"
#include "report.h"
#include "rules.h"
#include "util.h"

static char dir[4000], file[4096];

/* The private folder goes when the fuzzer exits. */
static void
cleanup(void)
{
	unlink(file);
	rmdir(dir);
}

static void
feed(struct rule_run *run)
{
	static const char *const lines[] = {
		"Failed to take a snapshot of the volume, hr = 0x80042302",
		"VSS writer 'System Writer' failed: retryable error",
		"",
	};
	struct record r;
	size_t i;

	memset(&r, 0, sizeof r);
	for (i = 0; i < MT_ARRAY_LEN(lines); i++) {
		struct rec_time t = {1773576000000LL + (int64_t)i * 1000, TQ_UTC};
		record_begin(&r, i == 1 ? "event" : "mars.log", "CBEngineCurr.errlog", (long)i + 1);
		record_set_time(&r, t, "2026-03-15T12:00:00Z", 20);
		record_set_excerpt(&r, lines[i], strlen(lines[i]));
		record_sets(&r, "level", i == 0 ? "ERROR" : "WARNING");
		record_sets(&r, "message", lines[i]);
		record_sets(&r, "event_id", "8193");
		record_sets(&r, "hresult", "0x80042302");
		record_sets(&r, "writer", "System Writer");
		rule_run_feed(run, &r);
	}
	record_free(&r);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "%s/fuzz_rules.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		oracle_fail("mkdtemp");
	snprintf(file, sizeof file, "%s/rule.yaml", dir);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dirs[1] = {file};
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs;
	FILE *fp;

	if ((fp = fopen(file, "wb")) == NULL || fwrite(data, 1, size, fp) != size ||
	    fclose(fp) != 0)
		oracle_fail("cannot write the rule file");
	rs = ruleset_load(dirs, 1, &err);
	if (rs == NULL) {
		if (err.len == 0)
			oracle_fail("a rule file was rejected without a message");
	} else {
		struct rule_run *run = rule_run_new(rs);
		struct report *rep = report_new();
		feed(run);
		rule_run_finish(run, rep);
		rule_run_free(run);
		report_free(rep);
		ruleset_free(rs);
	}
	sb_free(&err);
	return 0;
}
