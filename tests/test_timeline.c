/* Tests for the timeline view (rows, merging for a day and for three months, the failure
 * window) and its texts, on hand-built reports. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "render.h"
#include "timeline.h"
#include "timeparse.h"
#include "util.h"

#define MIN_MS (60 * 1000LL)
#define HOUR_MS (60 * MIN_MS)
#define DAY_MS (24 * HOUR_MS)

static size_t job_cap, marker_cap;

static struct job *
add_job(struct report *r, enum job_source src, int64_t start, int64_t end,
    enum job_outcome o, const char *hresult, long line)
{
	struct job *jb;

	if (r->njobs == 0)
		job_cap = 0;
	r->jobs = xgrow(r->jobs, &job_cap, r->njobs + 1, sizeof *r->jobs);
	jb = &r->jobs[r->njobs++];
	memset(jb, 0, sizeof *jb);
	jb->source = src;
	jb->start_ms = start;
	jb->end_ms = end;
	jb->outcome = o;
	jb->time_quality = src == JOB_SRC_MARS ? TQ_ZONE_UNKNOWN : TQ_UTC;
	jb->hresult = hresult != NULL ? xstrdup(hresult) : NULL;
	jb->evidence.file = xstrdup("CBEngineCurr.errlog");
	jb->evidence.line = line;
	return jb;
}

static void
add_marker(struct report *r, enum tl_source src, unsigned id, int level, int64_t ms,
    uint64_t record_id)
{
	struct tl_marker *m;

	if (r->nmarkers == 0)
		marker_cap = 0;
	r->markers = xgrow(r->markers, &marker_cap, r->nmarkers + 1, sizeof *r->markers);
	m = &r->markers[r->nmarkers++];
	memset(m, 0, sizeof *m);
	m->source = src;
	m->event_id = id;
	m->level = level;
	m->first_ms = m->last_ms = ms;
	m->time_quality = TQ_UTC;
	m->count = 1;
	m->evidence.file = xstrdup("Application.xml");
	m->evidence.line = 1;
	m->evidence.has_record_id = 1;
	m->evidence.record_id = record_id;
}

static void
add_finding_evidence(struct report *r, const char *rule, enum severity sev, const char *time)
{
	struct finding *f = report_add_finding(r);

	f->rule = xstrdup(rule);
	f->severity = sev;
	f->evidence = xcalloc(2, sizeof *f->evidence);
	f->nevidence = 2;
	f->evidence[0].file = xstrdup("Application.xml");
	f->evidence[0].time = xstrdup(time);
	f->evidence[0].time_quality = TQ_UTC;
	f->evidence[1].file = xstrdup("vssadmin-writers.txt");	/* no time: not on the axis */
}

static char *
iso(int64_t ms)
{
	char buf[25];

	format_iso8601(ms, buf);
	return xstrdup(buf);
}

static struct report *
small_report(void)
{
	struct report *r = report_new();
	int64_t d = utc_ms(2026, 3, 8, 22, 30, 0, 0);

	add_job(r, JOB_SRC_MARS, d, d + 38 * MIN_MS, JOB_SUCCESS, NULL, 25);
	add_job(r, JOB_SRC_MARS, d + DAY_MS, d + DAY_MS + 80000, JOB_FAILED, "0x807800C5", 36);
	add_job(r, JOB_SRC_MARS, d + 2 * DAY_MS, d + 2 * DAY_MS + 80000, JOB_FAILED,
	    "0x807800C5", 48);
	add_marker(r, TL_VSS, 8229, 3, d + DAY_MS + 81000, 90131);
	add_marker(r, TL_VSS, 8229, 3, d + 2 * DAY_MS + 81000, 90171);
	add_finding_evidence(r, "vss-writer-timeout", SEV_ERROR, "2026-03-09T22:31:21.772Z");
	r->backups.basis = JOB_SRC_MARS;
	r->backups.jobs = 3;
	r->backups.failure_streak = 2;
	r->backups.streak_first_job = 1;
	r->backups.streak_first = iso(d + DAY_MS);
	r->backups.last_success_job = 0;
	r->backups.last_success = iso(d + 38 * MIN_MS);
	r->backups.time_quality = TQ_ZONE_UNKNOWN;
	return r;
}

Test(timeline, rows_in_time_order_with_window)
{
	struct report *r = small_report();
	struct timeline t;
	int64_t d = utc_ms(2026, 3, 8, 22, 30, 0, 0);
	size_t i;

	timeline_build(r, 40, &t);
	cr_assert_eq(t.nrows, 6, "3 jobs, 2 markers, 1 timed piece of evidence");
	for (i = 1; i < t.nrows; i++)
		cr_expect_geq(t.rows[i].first_ms, t.rows[i - 1].first_ms);
	cr_expect(t.rows[0].is_job);
	cr_expect_eq(t.rows[0].outcome, JOB_SUCCESS);
	cr_expect_str_eq(t.rows[1].hresult, "0x807800C5");
	cr_expect_eq(t.rows[2].source, TL_VSS);
	cr_expect_eq(t.rows[3].source, TL_FINDING);
	cr_expect_str_eq(t.rows[3].rule, "vss-writer-timeout");
	cr_expect_eq(t.rows[3].evidence, &r->findings[0].evidence[0]);
	cr_expect_eq(t.bucket_ms, 0);
	cr_expect(t.zone_unknown);
	cr_expect_eq(t.from_ms, d);
	cr_expect_eq(t.to_ms, d + 2 * DAY_MS + 81000);
	cr_expect(t.window);
	cr_expect_eq(t.window_from, d + DAY_MS);
	cr_expect_eq(t.window_to, d + 2 * DAY_MS + 80000, "to the end of the newest job");
	timeline_free(&t);
	report_free(r);
}

/* Three months of daily jobs and events do not fit 40 rows: they are merged per lane over
 * weeks, and nothing is lost from the counts. */
Test(timeline, three_months_are_merged)
{
	struct report *r = report_new();
	struct timeline t;
	int64_t d = utc_ms(2026, 1, 1, 21, 0, 0, 0);
	uint64_t jobs = 0, failed = 0, events = 0;
	size_t i;

	for (i = 0; i < 91; i++) {
		add_job(r, JOB_SRC_MARS, d + (int64_t)i * DAY_MS, d + (int64_t)i * DAY_MS + HOUR_MS,
		    i >= 80 ? JOB_FAILED : JOB_SUCCESS, i >= 80 ? "0x80070020" : NULL, (long)i);
		add_marker(r, TL_VSS, 8224 + (i % 2), 3, d + (int64_t)i * DAY_MS + 2 * HOUR_MS, i);
	}
	timeline_build(r, 40, &t);
	cr_assert_leq(t.nrows, 40);
	cr_expect_geq(t.bucket_ms, 7 * DAY_MS);
	for (i = 0; i < t.nrows; i++) {
		if (t.rows[i].is_job) {
			jobs += t.rows[i].count;
			failed += t.rows[i].outcomes[JOB_FAILED];
			cr_expect_eq(t.rows[i].count, t.rows[i].outcomes[JOB_SUCCESS] +
			    t.rows[i].outcomes[JOB_FAILED]);
			if (t.rows[i].outcomes[JOB_FAILED] > 0)
				cr_expect_eq(t.rows[i].outcome, JOB_FAILED, "worst outcome shown");
		} else
			events += t.rows[i].count;
	}
	cr_expect_eq(jobs, 91);
	cr_expect_eq(failed, 11);
	cr_expect_eq(events, 91);
	cr_expect_eq(t.from_ms, d);
	timeline_free(&t);

	/* With room for every row nothing is merged. */
	timeline_build(r, 1000, &t);
	cr_expect_eq(t.nrows, 182);
	cr_expect_eq(t.bucket_ms, 0);
	timeline_free(&t);
	report_free(r);
}

/* A day of hourly jobs fits as it is. */
Test(timeline, one_day_is_not_merged)
{
	struct report *r = report_new();
	struct timeline t;
	int64_t d = utc_ms(2026, 3, 1, 0, 0, 0, 0);
	int i;

	for (i = 0; i < 24; i++)
		add_job(r, JOB_SRC_CLOUDBACKUP, d + i * HOUR_MS, d + i * HOUR_MS + 20 * MIN_MS,
		    JOB_SUCCESS, NULL, i);
	timeline_build(r, 40, &t);
	cr_expect_eq(t.nrows, 24);
	cr_expect_eq(t.bucket_ms, 0);
	cr_expect_not(t.zone_unknown);
	cr_expect_not(t.window);
	timeline_free(&t);
	report_free(r);
}

/* However many lanes and ids, the last step leaves one row per lane. */
Test(timeline, always_fits)
{
	struct report *r = report_new();
	struct timeline t;
	int64_t d = utc_ms(2000, 1, 1, 0, 0, 0, 0);
	int i;

	for (i = 0; i < 3000; i++)
		add_marker(r, (enum tl_source)(i % 5), (unsigned)i, 2, d + (int64_t)i * 40 * DAY_MS,
		    (uint64_t)i);
	r->older[JOB_SRC_WSB].jobs = 7;
	r->older[JOB_SRC_WSB].failed = 7;
	r->older[JOB_SRC_WSB].first_ms = d;
	r->older[JOB_SRC_WSB].last_ms = d + DAY_MS;
	timeline_build(r, 16, &t);
	cr_assert_leq(t.nrows, 16);
	cr_expect_geq(t.nrows, 6);
	timeline_free(&t);
	report_free(r);
}

Test(timeline, texts)
{
	struct strbuf sb = STRBUF_INIT;
	struct tl_row w;
	char when[48];

	memset(&w, 0, sizeof w);
	w.is_job = 1;
	w.count = 1;
	w.outcome = JOB_FAILED;
	w.hresult = "0x807800C5";
	w.first_ms = utc_ms(2026, 3, 9, 22, 30, 0, 92);
	w.last_ms = utc_ms(2026, 3, 9, 22, 31, 20, 504);
	tl_row_what(&w, &sb);
	cr_expect_str_eq(sb_str(&sb), "backup job failed, 0x807800C5");
	tl_row_time_text(&w, when);
	cr_expect_str_eq(when, "2026-03-09 22:30:00 to 22:31:20");
	w.last_ms += DAY_MS;
	tl_row_time_text(&w, when);
	cr_expect_str_eq(when, "2026-03-09 22:30:00 to 2026-03-10 22:31:20");

	sb_reset(&sb);
	w.count = 12;
	w.outcomes[JOB_SUCCESS] = 10;
	w.outcomes[JOB_FAILED] = 2;
	tl_row_what(&w, &sb);
	cr_expect_str_eq(sb_str(&sb), "12 backup jobs: 10 succeeded, 2 failed");

	sb_reset(&sb);
	memset(&w, 0, sizeof w);
	w.source = TL_VSS;
	w.count = 1;
	w.event_id = 8229;
	w.level = 3;
	tl_row_what(&w, &sb);
	cr_expect_str_eq(sb_str(&sb), "event 8229, warning");
	sb_reset(&sb);
	w.count = 5;
	w.event_id = 0;
	w.level = 2;
	tl_row_what(&w, &sb);
	cr_expect_str_eq(sb_str(&sb), "5 events of several ids, worst error");

	sb_reset(&sb);
	memset(&w, 0, sizeof w);
	w.source = TL_FINDING;
	w.count = 1;
	w.rule = "efi-partition-locked";
	w.severity = SEV_CRITICAL;
	tl_row_what(&w, &sb);
	cr_expect_str_eq(sb_str(&sb), "evidence of efi-partition-locked (critical)");
	sb_free(&sb);

	cr_expect_str_eq(job_source_name(JOB_SRC_WBJOB), "get-wbjob");
	cr_expect_str_eq(tl_source_title(TL_SCM), "Service Control Manager");
	cr_expect_str_eq(job_outcome_name((enum job_outcome)9), "unknown");
	cr_expect_str_eq(tl_level_name(1), "critical");
}

Test(timeline, backups_sentence)
{
	struct strbuf sb = STRBUF_INIT;
	struct report *r = small_report();

	report_backups_text(r, &sb);
	cr_expect_str_eq(sb_str(&sb), "2 failed jobs in a row since 2026-03-09 22:30:00; last "
	    "success 2026-03-08 23:08:00 (MARS agent log, 3 jobs; local times of an unknown "
	    "zone)");
	sb_reset(&sb);
	r->backups.failure_streak = 1;
	free(r->backups.last_success);
	r->backups.last_success = NULL;
	r->backups.time_quality = TQ_UTC;
	r->backups.basis = JOB_SRC_WSB;
	report_backups_text(r, &sb);
	cr_expect_str_eq(sb_str(&sb), "the newest job failed (started 2026-03-09 22:30:00); no "
	    "successful job in the bundle (Windows Server Backup events, 3 jobs; UTC)");
	sb_reset(&sb);
	r->backups.basis = -1;
	report_backups_text(r, &sb);
	cr_expect_str_eq(sb_str(&sb), "no backup job with an outcome was found");
	sb_free(&sb);
	report_free(r);
}

/* The Markdown report shows the same rows as a table; bundle text stays in its cell. */
Test(timeline, markdown_table)
{
	struct report *r = small_report();
	char *buf = NULL, *sec, *end;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	free(r->jobs[1].evidence.file);
	r->jobs[1].evidence.file = xstrdup("logs|x`y`.errlog");
	cr_assert_not_null(fp);
	cr_assert_eq(render_md.render(r, fp), 0);
	cr_assert_eq(fclose(fp), 0);
	sec = strstr(buf, "## Timeline\n\n");
	cr_assert_not_null(sec);
	end = strstr(sec + 1, "\n## ");
	cr_assert_not_null(end);
	*end = '\0';
	cr_expect(strstr(buf, "## Checklist") < sec, "after the checklist");
	cr_expect(strstr(sec, "| Time (UTC) | Source | What | Where |\n") != NULL);
	cr_expect(strstr(sec, "| 2026-03-08 22:30:00 to 23:08:00 \xE2\x80\xA0 | MARS agent log | "
	    "backup job succeeded | CBEngineCurr.errlog:25 |\n") != NULL, "%s", sec);
	cr_expect(strstr(sec, "| 2026-03-09 22:30:00 to 22:31:20 \xE2\x80\xA0 | MARS agent log | "
	    "backup job failed, 0x807800C5 | logs\\|x\\`y\\`.errlog:36 |\n") != NULL, "%s", sec);
	cr_expect(strstr(sec, "| 2026-03-09 22:31:21 | VSS | event 8229, warning | "
	    "Application.xml:1, event record 90131 |\n") != NULL, "%s", sec);
	cr_expect(strstr(sec, "| Finding | evidence of vss-writer-timeout (error) |") != NULL);
	cr_expect(strstr(buf, "**Backups:** 2 failed jobs in a row since 2026-03-09 22:30:00; "
	    "last success") != NULL);
	free(buf);
	report_free(r);
}
