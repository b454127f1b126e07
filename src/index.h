/* The batch index: one row per bundle (verdict, root cause, worst severity, counts, links to
 * its reports), sorted worst first, and the root causes most common across the batch. Rows
 * come from reports as they finish or from per-bundle JSON reports (--merge-index); both
 * fill the same raw facts and index_row_finish derives the rest, so both give the same
 * index. All strings are owned by the row. */
#ifndef MT_INDEX_H
#define MT_INDEX_H

#include <stdint.h>
#include <stdio.h>
#include "report.h"

/* What became of a bundle, from worst to best as the index shows it. */
enum index_status {
	IX_HEALTHY,		/* no finding at warning or above */
	IX_PROBLEMS,		/* findings at warning or above */
	IX_TOO_LARGE,		/* a bundle-wide size or entry limit stopped the walk */
	IX_TIMEOUT,		/* the time budget (--timeout) stopped the walk */
	IX_UNREADABLE		/* the top level could not be read at all */
};
/* "healthy", "problems", "too large", "timeout", "unreadable". */
const char *index_status_name(enum index_status s);
/* The same as JSON keys: "healthy", "problems", "too_large", "timeout", "unreadable". */
const char *index_status_key(enum index_status s);

/* One check or finding of a bundle, kept for the JUnit output. */
struct index_case {
	int is_check;
	char *rule;
	char *title;
	char *subject;		/* findings: NULL when none */
	char *text;		/* checks: the detail; findings: the message */
	enum check_status status;	/* checks only */
	enum severity severity;
};

#define INDEX_MAX_TOP 64	/* top findings kept per bundle; a verdict has a handful */

struct index_top {
	char *rule;
	char *title;
};

struct index_row {
	/* Raw facts, filled from a report or a JSON report. */
	char *bundle;		/* the bundle's path as given */
	char *stem;		/* report file name stem, unique in the batch */
	char *host;		/* NULL if unknown */
	int unreadable;
	int walk_stopped;	/* a bundle-wide limit ended the walk early */
	int timed_out;		/* ... and it was the time budget */
	int has_worst;
	enum severity worst;
	struct index_top *top;	/* the verdict's top findings, in report order */
	size_t ntop;
	uint64_t findings[4];	/* by severity: info, warning, error, critical */
	uint64_t checks[3];	/* by check status: pass, fail, not verifiable */
	struct index_case *cases;	/* checks then findings, only when asked for */
	size_t ncases;
	char **links;		/* report files relative to the index, renderer table order */
	size_t nlinks;
	/* Derived by index_row_finish. */
	enum index_status status;
	int exit_status;	/* 0, 1 (a finding at or above --fail-on) or 3 (not read fully) */
	int rank;		/* sort rank, higher is worse */
};

struct index {
	struct index_row *rows;
	size_t nrows, cap;
	enum severity fail_on;
	const char *tool_version;
};

/* Fills row's raw facts from a report (with checks and findings in cases when want_cases). */
void index_row_from_report(struct index_row *row, const struct report *r, int want_cases);
/* Notes one inventory entry's note: the walker's "walk stopped" marks a bundle-wide limit,
 * with "time limit" for the time budget. */
void index_row_note(struct index_row *row, const char *note);
/* Derives status, exit status and rank from the raw facts. */
void index_row_finish(struct index_row *row, enum severity fail_on);
void index_row_free(struct index_row *row);
void index_row_add_link(struct index_row *row, const char *link);

void index_init(struct index *ix, enum severity fail_on, const char *tool_version);
/* Appends a zeroed row and returns it (valid until the next index_add). */
struct index_row *index_add(struct index *ix);
/* Sorts worst first: rank, then findings at the worst severity, then bundle path and stem
 * (byte order), so the order never depends on how the rows arrived. */
void index_sort(struct index *ix);
/* The worst per-bundle exit status; 0 for an empty index. */
int index_exit_status(const struct index *ix);
void index_free(struct index *ix);

/* The most common root causes: each distinct top finding rule with the number of bundles
 * whose verdict names it, most common first (ties by rule id). Strings point into ix. */
struct index_cause {
	const char *rule;
	const char *title;
	size_t bundles;
};
size_t index_causes(const struct index *ix, struct index_cause **out);

/* Writers (render_index.c); each returns 0 or -1 on a write error. */
int index_write_md(const struct index *ix, FILE *fp);
int index_write_html(const struct index *ix, FILE *fp);
int index_write_json(const struct index *ix, FILE *fp);
/* JUnit XML (render_junit.c): one testsuite per row, in index order; rows need cases. */
int index_write_junit(const struct index *ix, FILE *fp);
/* The --fail-on level the JUnit renderer of a single report uses (default error): findings
 * at or above it are failures. Set before any rendering starts. */
void render_junit_fail_on(enum severity s);

#endif
