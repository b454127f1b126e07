/* Backup jobs and the timeline: rebuilt from the record stream (MARS logs, CloudBackup and
 * Windows Server Backup events, Get-WBJob, wbadmin) in bounded memory, then moved into the
 * report for the verdict and the timeline. */
#ifndef MT_JOBS_H
#define MT_JOBS_H

#include "record.h"
#include "report.h"

struct jobs;

struct jobs *jobs_new(void);
void jobs_feed(struct jobs *j, const struct record *r);
/* Moves the jobs, streaks and timeline markers into rep. */
void jobs_finish(struct jobs *j, struct report *rep);
void jobs_free(struct jobs *j);

#endif
