/* The report model: everything a renderer shows, computed before rendering. Renderers get it
 * const and compute nothing the others need. All strings are owned by the report. */
#ifndef MT_REPORT_H
#define MT_REPORT_H

#include <stdint.h>
#include <stddef.h>
#include "inventory.h"
#include "record.h"

enum severity { SEV_INFO, SEV_WARNING, SEV_ERROR, SEV_CRITICAL };
const char *severity_name(enum severity s);
/* Returns 0 and sets *s for "info", "warning", "error", "critical". */
int severity_parse(const char *name, enum severity *s);

struct evidence {
	char *file;		/* bundle entry path */
	long line;		/* 0 if none */
	int has_record_id;
	uint64_t record_id;
	char *time;		/* ISO 8601 UTC text, or NULL */
	enum time_quality time_quality;
	char *excerpt;		/* the line or event message (bounded), or NULL */
};

struct finding {
	char *rule;
	char *subject;		/* NULL when the rule has none */
	enum severity severity;
	char *title;
	char *message;		/* template filled from the evidence */
	char *section;
	char *cause;		/* Markdown */
	char *resolution;	/* Markdown */
	char **references;
	size_t nreferences;
	uint64_t count;		/* matching records, all of them (evidence keeps a few) */
	char *first_time;	/* ISO text or NULL */
	char *last_time;
	struct evidence *evidence;
	size_t nevidence;
	char *explained_by;	/* rule id of the finding that explains this one, or NULL */
	char *ask;		/* command that confirms the finding on the server, or NULL */
	char *ask_file;		/* file to send back, or NULL */
};

enum check_status { CHECK_PASS, CHECK_FAIL, CHECK_NOT_VERIFIABLE };
const char *check_status_name(enum check_status s);	/* "pass", "fail", "not verifiable" */

struct check {
	char *rule;
	char *title;
	char *section;
	enum check_status status;
	enum severity severity;	/* the rule's severity (used when it fails) */
	char *detail;		/* one line: what was seen */
	char *ask;		/* command for the customer to run, or NULL */
	char *ask_file;		/* file name for them to send back, or NULL */
};

struct report_totals {
	uint64_t entries;
	uint64_t bytes_read;
	uint64_t records;
	uint64_t parsed, partial, skipped, failed, containers;
};

/* Where a backup job was seen; in order of trust for the verdict on backups. */
enum job_source {
	JOB_SRC_MARS,		/* MARS agent log lines grouped by job GUID */
	JOB_SRC_CLOUDBACKUP,	/* the agent's CloudBackup event log */
	JOB_SRC_WSB,		/* Microsoft-Windows-Backup events */
	JOB_SRC_WBJOB,		/* Get-WBJob output */
	JOB_SRC_WBADMIN,	/* wbadmin output */
	JOB_SRC_COUNT
};

enum job_outcome { JOB_UNKNOWN, JOB_SUCCESS, JOB_WARNING, JOB_FAILED };

/* One backup job. A job seen only at one moment has end_ms == start_ms. */
struct job {
	enum job_source source;
	char *id;			/* MARS job GUID, or NULL */
	int64_t start_ms, end_ms;
	enum time_quality time_quality;
	enum job_outcome outcome;	/* JOB_UNKNOWN: no end seen */
	char *hresult;			/* the failure's code, or NULL */
	struct evidence evidence;	/* the line or event that decided the outcome */
};

/* Jobs of one source that were not kept (beyond the job limit), counted by outcome. */
struct job_tally {
	uint64_t jobs, succeeded, warnings, failed, unknown;
	int64_t first_ms, last_ms;	/* start of the oldest and newest; valid when jobs > 0 */
};

/* The state of backups, from one source (the most trusted one that has jobs). A job that
 * completed with warnings counts as a success; jobs without an outcome are skipped. */
struct job_status {
	int basis;			/* enum job_source, or -1 when no job has an outcome */
	uint64_t jobs;			/* jobs of that source with an outcome, kept and older */
	char *last_success;		/* end of the newest successful job, ISO UTC, or NULL */
	size_t last_success_job;	/* its index in jobs, or (size_t)-1 */
	uint64_t failure_streak;	/* failed jobs in a row up to the newest job */
	char *streak_first;		/* start of the first failure of the streak, ISO UTC */
	size_t streak_first_job;	/* its index in jobs, or (size_t)-1 */
	enum time_quality time_quality;	/* of the jobs of the basis */
};

/* Timeline marker sources: events by provider, and the evidence of findings. */
enum tl_source { TL_VSS, TL_VOLSNAP, TL_SCM, TL_WSB, TL_CLOUDBACKUP, TL_FINDING,
	TL_SOURCE_COUNT };

/* An error or warning event on the timeline, or several merged (count > 1). */
struct tl_marker {
	enum tl_source source;
	unsigned event_id;		/* 0 when events of several ids were merged */
	int level;			/* most severe event level: 1 critical, 2 error, 3 warning */
	int64_t first_ms, last_ms;
	enum time_quality time_quality;
	uint64_t count;
	struct evidence evidence;	/* the first event */
};

struct report {
	char *bundle;		/* as given on the command line */
	char *host;		/* NULL if unknown */
	char *os;
	char *agent_version;
	char *time_first;	/* earliest / latest record time, ISO UTC, or NULL */
	char *time_last;
	char *tz_note;		/* which offset was applied to local times, or NULL */
	const char *tool_version;
	char *rules_version;
	int unreadable;		/* the top-level bundle could not be read */

	struct finding *findings;	/* sorted: severity desc, rule, subject */
	size_t nfindings;
	struct check *checks;		/* in rule-pack order */
	size_t nchecks;
	const struct inventory *inventory;	/* owned by the report */
	struct report_totals totals;

	/* Backup jobs and timeline markers (jobs.c); see the declarations after this struct. */
	struct job *jobs;		/* kept jobs, sorted by start */
	size_t njobs;
	struct job_tally older[JOB_SRC_COUNT];	/* older jobs, counted only */
	struct job_status backups;	/* last success and failure streak */
	struct tl_marker *markers;	/* sorted by first_ms */
	size_t nmarkers;
	int64_t marker_bucket_ms;	/* 0: one marker per event; else events were merged per
					 * source and id over buckets of this width */
};

/* Frees the jobs, backup status and markers of r (jobs.c); report_free calls it. */
void report_jobs_free(struct report *r);

/* Verdict helpers used by every renderer. */
int report_is_healthy(const struct report *r);	/* no finding at warning or above */
enum severity report_worst(const struct report *r, int *any);
/* Sorts findings into report order; call after adding them all. */
void report_sort(struct report *r);
struct finding *report_add_finding(struct report *r);	/* zeroed, appended */
struct check *report_add_check(struct report *r);
/* A zeroed report from the heap, for report_free. */
struct report *report_new(void);
/* Frees every string, finding, check and the inventory, then r itself (which must come from
 * the heap). NULL is allowed. */
void report_free(struct report *r);

/* Index in r->findings of the finding that explains finding i: the first finding whose rule
 * is f->explained_by, followed to the end of the chain. (size_t)-1 when finding i has no
 * cause in the report (none named, not present, or a loop). */
size_t report_cause(const struct report *r, size_t i);
/* The verdict's top findings as indices into r->findings, in report order: every finding at
 * error or above (or, when there is none, every warning), each replaced by its report_cause
 * when it has one, without repeats. idx needs room for r->nfindings. Returns the count; 0
 * when the report is healthy. */
size_t report_top(const struct report *r, size_t *idx);

/* One line of the "ask the customer" block: a command of a failing or not verifiable check,
 * deduplicated on (command, file). Strings point into the report. */
struct report_ask {
	const char *command;
	const char *file;	/* file to send back, or NULL */
	const char **rules;	/* distinct rule ids asking for it, in checklist order */
	size_t nrules;
};
/* Sets *out to the asks in checklist order (NULL when none) and returns their count; free
 * with report_asks_free. */
size_t report_asks(const struct report *r, struct report_ask **out);
void report_asks_free(struct report_ask *a, size_t n);

/* Output names: "utc", "zone-assumed", "zone-unknown", "none" (as in --dump-records). */
const char *report_time_quality_name(enum time_quality q);
/* "suspicious_name", "duplicate_name", "encrypted", "special_file", "limit" for one INV_F_*
 * bit; NULL for anything else. */
const char *report_flag_name(unsigned flag);

#endif
