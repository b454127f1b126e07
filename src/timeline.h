/* The timeline view every renderer shows: backup jobs, event markers and the evidence of
 * findings on one time axis, merged into fewer rows when there are too many to show. */
#ifndef MT_TIMELINE_H
#define MT_TIMELINE_H

#include <stddef.h>
#include <stdint.h>
#include "report.h"
#include "util.h"

/* Output names ("mars-log", "cloudbackup", "wsb-events", "get-wbjob", "wbadmin") and titles
 * for people ("MARS agent log", ...). */
const char *job_source_name(enum job_source s);
const char *job_source_title(enum job_source s);
/* "unknown", "succeeded", "warning", "failed". */
const char *job_outcome_name(enum job_outcome o);
/* "vss", "volsnap", "service-control-manager", "windows-server-backup", "cloudbackup",
 * "finding", and titles ("VSS", "volsnap", "Service Control Manager", ...). */
const char *tl_source_name(enum tl_source s);
const char *tl_source_title(enum tl_source s);
/* "critical", "error", "warning" for event levels 1 to 3, else "info". */
const char *tl_level_name(int level);

/* One row: a job, a marker, the evidence of a finding, or several of one kind merged. */
struct tl_row {
	int is_job;
	enum job_source job_source;	/* jobs */
	enum tl_source source;		/* markers and findings */
	int64_t first_ms, last_ms;
	enum time_quality time_quality;	/* the least exact of the merged */
	uint64_t count;			/* jobs or events in the row */
	uint64_t outcomes[4];		/* jobs by enum job_outcome */
	enum job_outcome outcome;	/* jobs: failed, else warning, else success, else unknown */
	unsigned event_id;		/* markers: 0 when ids were merged */
	int level;			/* markers: most severe event level */
	const char *rule;		/* findings: the rule id */
	enum severity severity;		/* findings */
	const char *job_id;		/* a single MARS job: its GUID */
	const char *hresult;		/* a single job: its failure code */
	const struct evidence *evidence;	/* the first one; borrowed from the report */
};

struct timeline {
	struct tl_row *rows;		/* by first_ms, then jobs before markers */
	size_t nrows;
	int64_t from_ms, to_ms;		/* the span of all rows; valid when nrows > 0 */
	int64_t bucket_ms;		/* 0, or the width rows were merged over */
	int window;			/* a failure streak is going on: */
	int64_t window_from, window_to;	/* from its first failed job to the newest job */
	int zone_unknown;		/* some rows carry local times of an unknown zone */
};

/* Builds the view of r with at most max_rows rows (at least 16): jobs and markers are merged
 * per source (and event id, or rule) over ever wider time buckets until they fit. Strings
 * and evidence are borrowed from r, which must outlive t. */
void timeline_build(const struct report *r, size_t max_rows, struct timeline *t);
void timeline_free(struct timeline *t);

/* "YYYY-MM-DD HH:MM:SS" (UTC) into out. */
void tl_time_text(int64_t ms, char out[20]);
/* A row's time for people: one time, or "first to last", the second without its date when
 * both fall on one day. */
void tl_row_time_text(const struct tl_row *w, char out[48]);
/* What a row stands for, as plain text for a person ("backup job failed, 0x807800C5",
 * "5 events 8229, worst warning"); appended to sb. Renderers escape it. */
void tl_row_what(const struct tl_row *w, struct strbuf *sb);
/* The state of backups in one sentence of plain text ("2 failed jobs in a row since ...;
 * last success ..."), appended to sb. */
void report_backups_text(const struct report *r, struct strbuf *sb);

#endif
