/* Batch triage: the bundles of a run, expanded from the operands, analysed by a pool of
 * POSIX threads that share one read-only rule set, with reports written as each bundle
 * finishes and one index row kept per bundle. */
#ifndef MT_BATCH_H
#define MT_BATCH_H

#include <stddef.h>
#include "analyse.h"
#include "index.h"

#define BATCH_MAX_JOBS 256

/* The bundles of a run, in operand order. */
struct batch_list {
	char **paths;
	size_t n, cap;
	int expanded;		/* '-' or a folder of bundles was among the operands */
};

/* Expands the operands: "-" reads bundle paths from stdin, one a line (empty lines are
 * skipped); a folder of bundles gives its archives in name order; anything else is one
 * bundle. Returns 0, or -1 after a diag() message. */
int batch_collect(char *const *operands, size_t n, struct batch_list *bl);
void batch_list_free(struct batch_list *bl);
/* 1 if path is a folder of bundles: a folder whose entries (hidden ones aside) are all
 * regular files named like archives (output_is_archive_name), at least one. A folder with
 * anything else in it is one bundle. */
int batch_is_bundle_folder(const char *path);
/* Report name stems, unique in the list: the bundle's base name, and when two bundles
 * share it (ASCII case-insensitively, for case-insensitive file systems), a dash and six
 * hex digits of a hash of the path as given. Depends only on the list, so every shard of a
 * run names every bundle the same way. Free each and the array. */
char **batch_stems(char *const *paths, size_t n);

struct batch_opts {
	const struct analysis_opts *ao;
	const char *const *formats;	/* distinct renderer names */
	size_t nformats;
	const char *output;	/* -o as given ("-", a file or a directory), or NULL */
	int output_is_dir;
	int force;
	int jobs;		/* worker threads, 1..BATCH_MAX_JOBS */
	int progress;		/* draw a progress line on stderr */
	int color;
	enum severity fail_on;
	unsigned long shard, nshards;	/* analyse only bundle i with i % nshards == shard - 1;
					 * nshards 0: all */
	int want_cases;		/* keep checks and findings in the rows (JUnit) */
};

/* Where a format goes for this run. */
enum batch_dest {
	DEST_FILE,		/* a file per bundle: beside it, in the directory, or -o FILE */
	DEST_STDOUT,		/* stdout, in operand order */
	DEST_STREAM,		/* one line per bundle as each finishes (jsonl) */
	DEST_COLLECT		/* one document for the run, written from the index (junit) */
};
enum batch_dest batch_dest(const struct batch_opts *bo, const char *format);
/* 1 if the renderer writes one file per bundle when the output is a directory (not jsonl
 * or junit). */
int batch_per_bundle(const char *format);

/* Analyses the bundles of the list (of the shard) and writes their reports; adds one row
 * per analysed bundle to ix (with links to its report files when the output is a
 * directory). stems: from batch_stems. Returns 0, or -1 when a report could not be
 * written (after a diag() message). */
int batch_run(const struct batch_opts *bo, const struct batch_list *bl, char *const *stems,
    struct index *ix);

#endif
