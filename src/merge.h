/* --merge-index: the batch index rebuilt from the per-bundle JSON reports that one or more
 * runs (shards) wrote, the same index a single run over all bundles writes. */
#ifndef MT_MERGE_H
#define MT_MERGE_H

#include "index.h"

/* Adds one row per DIR/NAME.report.json of each directory to ix, with links (relative to
 * outdir) to every NAME.report.EXT found beside it for the per-bundle formats; want_cases:
 * keep checks and findings for JUnit. Rows are finished with ix->fail_on. Returns 0, or -1
 * when a directory or a report could not be read (after diag() messages; readable reports
 * are still added). */
int merge_reports(const char *const *dirs, size_t ndirs, const char *outdir, int want_cases,
    struct index *ix);
/* Reads one JSON report (for tests): fills row's raw facts. Returns 0 or -1. */
int merge_read_report(FILE *fp, struct index_row *row, int want_cases);

#endif
