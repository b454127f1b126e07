/* Tests for rebuilding backup jobs, the backup status and timeline markers from records:
 * MARS log lines in the layout of the sample bundles, CloudBackup and Windows Server Backup
 * events, Get-WBJob and wbadmin output, and the memory bounds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "jobs.h"
#include "timeline.h"
#include "timeparse.h"
#include "util.h"

#define MIN_MS (60 * 1000LL)
#define HOUR_MS (60 * MIN_MS)
#define DAY_MS (24 * HOUR_MS)

static struct record rec;

static int64_t
t_utc(int mon, int day, int h, int mi, int s)
{
	return utc_ms(2026, mon, day, h, mi, s, 0);
}

static void
set_time(int64_t ms, enum time_quality q)
{
	char text[25];

	format_iso8601(ms, text);
	record_set_time(&rec, (struct rec_time){ ms, q }, text, strlen(text));
}

/* One CBEngineCurr.errlog line as the MARS parser emits it. */
static void
mars(struct jobs *j, long line, int64_t ms, const char *guid, const char *level,
    const char *hresult, const char *message)
{
	char excerpt[512];

	record_begin(&rec, "mars.log", "CBEngineCurr.errlog", line);
	record_sets(&rec, "log", "CBEngine");
	if (guid != NULL)
		record_sets(&rec, "job_id", guid);
	record_sets(&rec, "level", level);
	record_sets(&rec, "message", message);
	if (hresult != NULL)
		record_sets(&rec, "hresult", hresult);
	set_time(ms, TQ_ZONE_UNKNOWN);
	snprintf(excerpt, sizeof excerpt, "2F18\t11A4\t%s\t%s\t%s", guid ? guid : "", level,
	    message);
	record_set_excerpt(&rec, excerpt, strlen(excerpt));
	jobs_feed(j, &rec);
}

/* A whole MARS job: start, an optional failure line, the completion line. */
static void
mars_job(struct jobs *j, long line, int64_t start, const char *guid, int failed)
{
	mars(j, line, start, guid, "NORMAL", NULL,
	    "CCBPJobManager::StartJob :: Starting job. JobType: Backup, DataSourceType: "
	    "SystemState");
	if (failed) {
		mars(j, line + 1, start + 78 * 1000, guid, "WARNING", "0x807800C5",
		    "Failed: Hr: = [0x807800C5] : WSB job failed with VSS errors. Check VSS event "
		    "logs to resolve the failure");
		mars(j, line + 2, start + 80 * 1000, guid, "WARNING", "0x807800C5",
		    "CCBPJobManager::CompleteJob :: Job completed. JobType: Backup, "
		    "Status: Failed, Hr: = [0x807800C5], Duration: 00:01:20");
	} else
		mars(j, line + 2, start + 38 * MIN_MS, guid, "NORMAL", NULL,
		    "CCBPJobManager::CompleteJob :: Job completed. JobType: Backup, Status: "
		    "Succeeded, Duration: 00:38:12");
}

static void
event(struct jobs *j, const char *provider, const char *channel, int id, int level,
    int64_t ms, uint64_t record_id, const char *hresult)
{
	record_begin(&rec, "event", channel != NULL ? "CloudBackup.xml" : "System.xml", 1);
	record_sets(&rec, "provider", provider);
	if (channel != NULL)
		record_sets(&rec, "channel", channel);
	record_setf(&rec, "event_id", "%d", id);
	record_setf(&rec, "level", "%d", level);
	if (hresult != NULL)
		record_sets(&rec, "hresult", hresult);
	rec.has_record_id = 1;
	rec.record_id = record_id;
	set_time(ms, TQ_UTC);
	record_set_excerpt(&rec, provider, strlen(provider));
	jobs_feed(j, &rec);
}

static struct report *
finish(struct jobs *j)
{
	struct report *r = report_new();

	jobs_finish(j, r);
	jobs_free(j);
	return r;
}

static void
teardown(void)
{
	record_free(&rec);
}

TestSuite(jobs, .fini = teardown);

/* The vss-writer-timeout sample: one success, then two failures with 0x807800C5. */
Test(jobs, mars_success_then_failures)
{
	struct jobs *j = jobs_new();
	struct report *r;
	int64_t d1 = t_utc(3, 8, 22, 30, 0), d2 = d1 + DAY_MS, d3 = d2 + DAY_MS;
	char iso[25];

	mars_job(j, 10, d1, "D95BAFC8-F2A4-427B-9CF4-BB99F4BEA973", 0);
	mars(j, 20, d1 + 14 * HOUR_MS, NULL, "WARNING", NULL,
	    "TokenCache::GetToken :: Cached service token expires in 00:04:12, refreshing");
	mars_job(j, 30, d2, "9B1F282E-4067-4358-8EE2-07F8DA94E3E8", 1);
	mars_job(j, 40, d3, "94C9C950-0925-4474-9B57-5BD13653F8DD", 1);
	r = finish(j);

	cr_assert_eq(r->njobs, 3, "lines without a job GUID make no job");
	cr_expect_eq(r->jobs[0].outcome, JOB_SUCCESS);
	cr_expect_eq(r->jobs[0].evidence.line, 12, "the completion line decides a success");
	cr_expect_eq(r->jobs[0].end_ms, d1 + 38 * MIN_MS);
	cr_expect_null(r->jobs[0].hresult);
	cr_expect_eq(r->jobs[1].outcome, JOB_FAILED);
	cr_expect_str_eq(r->jobs[1].hresult, "0x807800C5");
	cr_expect_eq(r->jobs[1].evidence.line, 31, "the failure line is the evidence");
	cr_expect_str_eq(r->jobs[1].id, "9B1F282E-4067-4358-8EE2-07F8DA94E3E8");
	cr_expect_eq(r->jobs[1].time_quality, TQ_ZONE_UNKNOWN);
	cr_expect_eq(r->jobs[2].start_ms, d3);

	cr_expect_eq(r->backups.basis, JOB_SRC_MARS);
	cr_expect_eq(r->backups.jobs, 3);
	cr_expect_eq(r->backups.failure_streak, 2);
	cr_expect_eq(r->backups.streak_first_job, 1);
	cr_expect_eq(r->backups.last_success_job, 0);
	format_iso8601(d2, iso);
	cr_expect_str_eq(r->backups.streak_first, iso);
	format_iso8601(d1 + 38 * MIN_MS, iso);
	cr_expect_str_eq(r->backups.last_success, iso);
	cr_expect_eq(r->nmarkers, 0);
	report_free(r);
}

/* near-miss: a VSS retry warning with a code inside a job that then succeeds. */
Test(jobs, warning_with_code_does_not_fail_a_job)
{
	struct jobs *j = jobs_new();
	struct report *r;
	int64_t d = t_utc(3, 9, 23, 30, 0);
	const char *g = "6018366C-0000-4000-8000-000000000001";

	mars(j, 1, d, g, "NORMAL", NULL, "CCBPJobManager::StartJob :: Starting job. JobType: "
	    "Backup, DataSourceType: SystemState");
	mars(j, 2, d + 13000, g, "WARNING", "0x80042316", "VssHelper::WaitForSnapshot :: VSS "
	    "reported VSS_E_SNAPSHOT_SET_IN_PROGRESS (0x80042316); another shadow copy is being "
	    "created, retrying in 30 seconds");
	mars(j, 3, d + 38 * MIN_MS, g, "NORMAL", NULL, "CCBPJobManager::CompleteJob :: Job "
	    "completed. JobType: Backup, Status: Succeeded, Duration: 00:38:30");
	r = finish(j);
	cr_assert_eq(r->njobs, 1);
	cr_expect_eq(r->jobs[0].outcome, JOB_SUCCESS);
	cr_expect_eq(r->backups.failure_streak, 0);
	cr_expect_not_null(r->backups.last_success);
	report_free(r);
}

/* Without a completion line: FATAL with a code fails the job, a job with only its start has
 * no outcome and is skipped by the streak, non-backup jobs and bare GUID lines are no jobs. */
Test(jobs, mars_without_status_lines)
{
	struct jobs *j = jobs_new();
	struct report *r;
	int64_t d = t_utc(3, 4, 22, 0, 0);

	mars(j, 1, d, "4462EBFC-0000-4000-8000-000000000001", "NORMAL", NULL,
	    "CCBPJobManager::StartJob :: Starting job. JobType: Backup, DataSourceType: "
	    "SystemState");
	mars(j, 2, d + 5000, "4462EBFC-0000-4000-8000-000000000001", "WARNING", NULL,
	    "CSSBProvider::CheckSystemPartition :: CreateFile on system partition failed, error "
	    "32 (ERROR_SHARING_VIOLATION), retrying");
	mars(j, 3, d + 25000, "4462EBFC-0000-4000-8000-000000000001", "FATAL", "0x80070020",
	    "Failed: Hr: = [0x80070020] : System state backup operation failed as the EFI system "
	    "partition is locked.");
	mars(j, 4, d + DAY_MS, "8DE4AB47-0000-4000-8000-000000000002", "NORMAL", NULL,
	    "CCBPJobManager::StartJob :: Starting job. JobType: Backup, DataSourceType: "
	    "SystemState");
	mars(j, 5, d + DAY_MS + HOUR_MS, "AAAAAAAA-0000-4000-8000-000000000003", "NORMAL", NULL,
	    "CCBPJobManager::StartJob :: Starting job. JobType: Recovery, DataSourceType: Files");
	mars(j, 6, d + DAY_MS + HOUR_MS, "BBBBBBBB-0000-4000-8000-000000000004", "NORMAL", NULL,
	    "PolicyManager::RefreshPolicy :: Policy is up to date");
	r = finish(j);
	cr_assert_eq(r->njobs, 2, "a recovery job and a bare GUID are not backup jobs");
	cr_expect_eq(r->jobs[0].outcome, JOB_FAILED);
	cr_expect_eq(r->jobs[0].evidence.line, 3, "FATAL with a code outranks a warning");
	cr_expect_str_eq(r->jobs[0].hresult, "0x80070020");
	cr_expect_eq(r->jobs[1].outcome, JOB_UNKNOWN);
	cr_expect_eq(r->jobs[1].evidence.line, 4, "a job without an end cites its start");
	cr_expect_eq(r->backups.failure_streak, 1, "the unfinished job is skipped");
	cr_expect_null(r->backups.last_success);
	report_free(r);
}

/* Logs read out of order (CBEngineCurr before CBEngine1) still give jobs in time order, and
 * GUIDs match whatever their case. */
Test(jobs, mars_out_of_order_and_guid_case)
{
	struct jobs *j = jobs_new();
	struct report *r;
	int64_t d = t_utc(3, 1, 21, 0, 0);

	mars_job(j, 1, d + 2 * DAY_MS, "CCCCCCCC-0000-4000-8000-00000000000C", 1);
	mars_job(j, 1, d, "aaaaaaaa-0000-4000-8000-00000000000a", 0);
	mars(j, 9, d + 10 * MIN_MS, "AAAAAAAA-0000-4000-8000-00000000000A", "NORMAL", NULL,
	    "WsbJobMonitor::Poll :: WSB job state: Running.");
	mars_job(j, 1, d + DAY_MS, "BBBBBBBB-0000-4000-8000-00000000000B", 1);
	r = finish(j);
	cr_assert_eq(r->njobs, 3);
	cr_expect(r->jobs[0].start_ms < r->jobs[1].start_ms);
	cr_expect(r->jobs[1].start_ms < r->jobs[2].start_ms);
	cr_expect_eq(r->jobs[0].outcome, JOB_SUCCESS);
	cr_expect_eq(r->backups.failure_streak, 2);
	cr_expect_eq(r->backups.streak_first_job, 1);
	report_free(r);
}

/* CloudBackup: 1 starts, 3/10/11 end, 18 fails on its own; Get-WinEvent lists newest first. */
Test(jobs, cloudbackup_events_pair_in_any_order)
{
	struct jobs *j = jobs_new();
	struct report *r;
	int64_t d = t_utc(3, 5, 22, 0, 0);

	event(j, "CloudBackup", "CloudBackup", 11, 2, d + DAY_MS + 90000, 6, NULL);
	event(j, "CloudBackup", "CloudBackup", 1, 4, d + DAY_MS, 5, NULL);
	event(j, "CloudBackup", "CloudBackup", 18, 2, d + 12 * HOUR_MS, 4, NULL);
	event(j, "CloudBackup", "CloudBackup", 3, 4, d + 40 * MIN_MS, 3, NULL);
	event(j, "Microsoft-Windows-CloudBackup", "CloudBackup", 1, 4, d, 2, NULL);
	r = finish(j);
	cr_assert_eq(r->njobs, 3);
	cr_expect_eq(r->jobs[0].source, JOB_SRC_CLOUDBACKUP);
	cr_expect_eq(r->jobs[0].outcome, JOB_SUCCESS);
	cr_expect_eq(r->jobs[0].end_ms, d + 40 * MIN_MS);
	cr_expect_eq(r->jobs[0].evidence.record_id, 3, "the end event decides");
	cr_expect_eq(r->jobs[1].outcome, JOB_FAILED);
	cr_expect_eq(r->jobs[1].start_ms, r->jobs[1].end_ms, "18 is a failure at one moment");
	cr_expect_eq(r->jobs[2].outcome, JOB_FAILED);
	cr_expect_eq(r->jobs[2].start_ms, d + DAY_MS);
	cr_expect_eq(r->backups.basis, JOB_SRC_CLOUDBACKUP);
	cr_expect_eq(r->backups.failure_streak, 2);
	/* Level 2 events are markers too; the channel names the source when the provider
	 * does not. */
	cr_expect_eq(r->nmarkers, 2);
	cr_expect_eq(r->markers[0].source, TL_CLOUDBACKUP);
	report_free(r);
}

/* Windows Server Backup: 9 and 5 for one job merge; 19 fails to start on its own. */
Test(jobs, wsb_events)
{
	struct jobs *j = jobs_new();
	struct report *r;
	int64_t d = t_utc(3, 6, 21, 0, 0);
	const char *p = "Microsoft-Windows-Backup";

	event(j, p, NULL, 1, 4, d, 100, NULL);
	event(j, p, NULL, 4, 4, d + 20 * MIN_MS, 101, NULL);
	event(j, p, NULL, 1, 4, d + DAY_MS, 102, NULL);
	event(j, p, NULL, 9, 2, d + DAY_MS + 70000, 103, "0x80042306");
	event(j, p, NULL, 5, 2, d + DAY_MS + 75000, 104, "0x80070037");
	event(j, p, NULL, 19, 2, d + 2 * DAY_MS, 105, "0x8078005D");
	r = finish(j);
	cr_assert_eq(r->njobs, 3);
	cr_expect_eq(r->jobs[0].outcome, JOB_SUCCESS);
	cr_expect_eq(r->jobs[1].outcome, JOB_FAILED);
	cr_expect_str_eq(r->jobs[1].hresult, "0x80042306", "the first failure event is kept");
	cr_expect_eq(r->jobs[1].end_ms, d + DAY_MS + 75000);
	cr_expect_eq(r->jobs[2].start_ms, d + 2 * DAY_MS);
	cr_expect_str_eq(r->jobs[2].hresult, "0x8078005D");
	cr_expect_eq(r->backups.basis, JOB_SRC_WSB);
	cr_expect_eq(r->backups.failure_streak, 2);
	cr_expect_eq(r->nmarkers, 3, "the three error events");
	report_free(r);
}

Test(jobs, get_wbjob_and_wbadmin)
{
	struct jobs *j = jobs_new();
	struct report *r;
	int64_t d = t_utc(3, 4, 10, 0, 3);

	record_begin(&rec, "wbjob", "Get-WBJob.txt", 2);
	record_sets(&rec, "start_time", "3/4/2026 10:00:03 AM");
	record_sets(&rec, "end_time", "3/4/2026 10:25:41 AM");
	record_sets(&rec, "job_state", "Completed");
	record_sets(&rec, "hresult", "0x80780049");
	record_sets(&rec, "detailed_hresult", "0x8007007B");
	set_time(d, TQ_ZONE_UNKNOWN);
	jobs_feed(j, &rec);
	record_begin(&rec, "wbjob", "Get-WBJob.txt", 20);
	record_sets(&rec, "start_time", "3/3/2026 10:00:00 AM");
	record_sets(&rec, "end_time", "3/3/2026 10:20:00 AM");
	record_sets(&rec, "job_state", "Completed");
	record_sets(&rec, "hresult", "0x00000000");
	set_time(d - DAY_MS - 3000, TQ_ZONE_UNKNOWN);
	jobs_feed(j, &rec);
	/* wbadmin: a start with a time, then the failure line without one. */
	record_begin(&rec, "wbadmin", "wbadmin.txt", 5);
	record_sets(&rec, "event", "backup_started");
	set_time(d + 2 * DAY_MS, TQ_ZONE_UNKNOWN);
	jobs_feed(j, &rec);
	record_begin(&rec, "wbadmin", "wbadmin.txt", 9);
	record_sets(&rec, "event", "backup_failed");
	record_sets(&rec, "hresult", "0x800423F2");
	jobs_feed(j, &rec);
	r = finish(j);
	cr_assert_eq(r->njobs, 3);
	cr_expect_eq(r->jobs[0].source, JOB_SRC_WBJOB);
	cr_expect_eq(r->jobs[0].outcome, JOB_SUCCESS);
	cr_expect_eq(r->jobs[1].outcome, JOB_FAILED);
	cr_expect_str_eq(r->jobs[1].hresult, "0x80780049");
	cr_expect_eq(r->jobs[1].end_ms, d + 25 * MIN_MS + 38000, "end from EndTime");
	cr_expect_eq(r->jobs[2].source, JOB_SRC_WBADMIN);
	cr_expect_eq(r->jobs[2].outcome, JOB_FAILED);
	cr_expect_eq(r->jobs[2].evidence.line, 9);
	cr_expect_eq(r->backups.basis, JOB_SRC_WBJOB, "Get-WBJob is trusted before wbadmin");
	cr_expect_eq(r->backups.failure_streak, 1);
	report_free(r);
}

/* The agent log is the basis whenever it has jobs; other sources stay on the timeline. */
Test(jobs, mars_is_the_basis)
{
	struct jobs *j = jobs_new();
	struct report *r;
	int64_t d = t_utc(3, 6, 21, 0, 0);

	event(j, "Microsoft-Windows-Backup", NULL, 1, 4, d + 5000, 1, NULL);
	event(j, "Microsoft-Windows-Backup", NULL, 5, 2, d + 60000, 2, "0x80070037");
	mars_job(j, 1, d, "DDDDDDDD-0000-4000-8000-00000000000D", 0);
	r = finish(j);
	cr_assert_eq(r->njobs, 2);
	cr_expect_eq(r->backups.basis, JOB_SRC_MARS);
	cr_expect_eq(r->backups.failure_streak, 0);
	report_free(r);
}

/* Markers: errors and warnings of the watched providers only. */
Test(jobs, markers_by_provider_and_level)
{
	struct jobs *j = jobs_new();
	struct report *r;
	int64_t d = t_utc(3, 11, 21, 15, 9);

	event(j, "volsnap", NULL, 24, 3, d, 1, NULL);
	event(j, "VSS", NULL, 8224, 4, d + 1000, 2, NULL);
	event(j, "VSS", NULL, 12289, 2, d + 2000, 3, "0x80042409");
	event(j, "Service Control Manager", NULL, 7036, 4, d + 3000, 4, NULL);
	event(j, "Service Control Manager", NULL, 7034, 2, d + 4000, 5, NULL);
	event(j, "SQLWRITER", NULL, 24583, 2, d + 5000, 6, NULL);
	event(j, "Microsoft-Windows-Backup", NULL, 51, 3, d + 6000, 7, NULL);
	r = finish(j);
	cr_assert_eq(r->nmarkers, 4);
	cr_expect_eq(r->markers[0].source, TL_VOLSNAP);
	cr_expect_eq(r->markers[0].event_id, 24);
	cr_expect_eq(r->markers[0].level, 3);
	cr_expect_eq(r->markers[0].evidence.record_id, 1);
	cr_expect_eq(r->markers[1].source, TL_VSS);
	cr_expect_eq(r->markers[2].source, TL_SCM);
	cr_expect_eq(r->markers[3].source, TL_WSB);
	cr_expect_eq(r->marker_bucket_ms, 0);
	cr_expect_eq(r->njobs, 0, "event 51 is no job");
	cr_expect_eq(r->backups.basis, -1);
	report_free(r);
}

/* A storm of events stays bounded: merged per source and id over time buckets, with every
 * event counted. */
Test(jobs, dense_markers_are_merged)
{
	struct jobs *j = jobs_new();
	struct report *r;
	int64_t d = t_utc(1, 1, 0, 0, 0);
	uint64_t total = 0;
	size_t i;

	for (i = 0; i < 20000; i++)
		event(j, "VSS", NULL, i % 3 ? 8193 : 12289, 2, d + (int64_t)i * 5 * MIN_MS,
		    i + 1, NULL);
	r = finish(j);
	cr_assert_leq(r->nmarkers, 1000);
	cr_assert_gt(r->marker_bucket_ms, 0);
	for (i = 0; i < r->nmarkers; i++) {
		total += r->markers[i].count;
		cr_expect(r->markers[i].event_id == 8193 || r->markers[i].event_id == 12289);
		if (i > 0)
			cr_expect_geq(r->markers[i].first_ms, r->markers[i - 1].first_ms);
	}
	cr_expect_eq(total, 20000);
	cr_expect_eq(r->markers[0].evidence.record_id, 1, "a merged marker cites its first");
	report_free(r);
}

/* More jobs than are kept: the oldest are counted, and the streak and last success still
 * reach into them. */
Test(jobs, many_jobs_are_bounded_and_counted)
{
	struct jobs *j = jobs_new();
	struct report *r;
	int64_t d = t_utc(1, 1, 22, 0, 0);
	char guid[40], iso[25];
	uint64_t kept = 0;
	int i;

	for (i = 0; i < 2000; i++) {
		snprintf(guid, sizeof guid, "%08X-0000-4000-8000-000000000000", i);
		mars_job(j, 3 * i + 1, d + (int64_t)i * HOUR_MS, guid, i >= 1000);
	}
	r = finish(j);
	cr_assert_leq(r->njobs, 500);
	cr_expect_eq(r->older[JOB_SRC_MARS].jobs + r->njobs, 2000);
	cr_expect_eq(r->older[JOB_SRC_MARS].succeeded, 1000);
	for (i = 0; i < (int)r->njobs; i++)
		kept += r->jobs[i].outcome == JOB_FAILED;
	cr_expect_eq(kept + r->older[JOB_SRC_MARS].failed, 1000);
	cr_expect_eq(r->backups.jobs, 2000);
	cr_expect_eq(r->backups.failure_streak, 1000);
	format_iso8601(d + 1000 * HOUR_MS, iso);
	cr_expect_str_eq(r->backups.streak_first, iso);
	format_iso8601(d + 999 * HOUR_MS + 38 * MIN_MS, iso);
	cr_expect_str_eq(r->backups.last_success, iso);
	cr_expect_eq(r->backups.last_success_job, (size_t)-1, "it was not kept");
	report_free(r);
}

Test(jobs, nothing_fed)
{
	struct report *r = finish(jobs_new());

	cr_expect_eq(r->njobs, 0);
	cr_expect_eq(r->nmarkers, 0);
	cr_expect_eq(r->backups.basis, -1);
	cr_expect_null(r->backups.last_success);
	jobs_feed(NULL, NULL);
	report_free(r);
}
