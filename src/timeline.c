/* The timeline view: jobs, markers and the evidence of findings as rows on one time axis,
 * merged over ever wider time buckets until they fit the room a renderer has. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "timeline.h"
#include "timeparse.h"
#include "util.h"

#define HOUR_MS (3600 * 1000LL)
#define DAY_MS (24 * HOUR_MS)
#define NONE ((size_t)-1)

static const char *const job_source_names[] = {
	"mars-log", "cloudbackup", "wsb-events", "get-wbjob", "wbadmin"
};
static const char *const job_source_titles[] = {
	"MARS agent log", "CloudBackup events", "Windows Server Backup events", "Get-WBJob",
	"wbadmin"
};
static const char *const outcome_names[] = { "unknown", "succeeded", "warning", "failed" };
static const char *const tl_source_names[] = {
	"vss", "volsnap", "service-control-manager", "windows-server-backup", "cloudbackup",
	"finding"
};
static const char *const tl_source_titles[] = {
	"VSS", "volsnap", "Service Control Manager", "Windows Server Backup", "CloudBackup",
	"Finding"
};

const char *
job_source_name(enum job_source s)
{
	return (unsigned)s < MT_ARRAY_LEN(job_source_names) ? job_source_names[s] : "unknown";
}

const char *
job_source_title(enum job_source s)
{
	return (unsigned)s < MT_ARRAY_LEN(job_source_titles) ? job_source_titles[s] : "unknown";
}

const char *
job_outcome_name(enum job_outcome o)
{
	return (unsigned)o < MT_ARRAY_LEN(outcome_names) ? outcome_names[o] : "unknown";
}

const char *
tl_source_name(enum tl_source s)
{
	return (unsigned)s < MT_ARRAY_LEN(tl_source_names) ? tl_source_names[s] : "unknown";
}

const char *
tl_source_title(enum tl_source s)
{
	return (unsigned)s < MT_ARRAY_LEN(tl_source_titles) ? tl_source_titles[s] : "unknown";
}

const char *
tl_level_name(int level)
{
	switch (level) {
	case 1:
		return "critical";
	case 2:
		return "error";
	case 3:
		return "warning";
	default:
		return "info";
	}
}

/* Merging steps, as for the markers of the model: bucket width, and whether event ids and
 * rules are merged too. The last step leaves one row per lane. */
static const struct {
	int64_t ms;
	int drop_ids;
} ladder[] = {
	{ 0, 0 }, { HOUR_MS, 0 }, { DAY_MS, 0 }, { 7 * DAY_MS, 0 }, { 30 * DAY_MS, 0 },
	{ 365 * DAY_MS, 0 }, { 365 * DAY_MS, 1 }, { INT64_MAX, 1 }
};

static int
nullcmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct tl_row *a = pa, *b = pb;

	if (a->first_ms != b->first_ms)
		return a->first_ms < b->first_ms ? -1 : 1;
	if (a->is_job != b->is_job)
		return a->is_job ? -1 : 1;
	if (a->is_job && a->job_source != b->job_source)
		return a->job_source < b->job_source ? -1 : 1;
	if (!a->is_job && a->source != b->source)
		return a->source < b->source ? -1 : 1;
	if (a->event_id != b->event_id)
		return a->event_id < b->event_id ? -1 : 1;
	if (a->last_ms != b->last_ms)
		return a->last_ms < b->last_ms ? -1 : 1;
	return nullcmp(a->rule, b->rule);
}

/* Rows that may be merged: one lane and, unless ids are dropped, one event id or rule. */
static int
same_kind(const struct tl_row *a, const struct tl_row *b)
{
	if (a->is_job != b->is_job)
		return 0;
	if (a->is_job)
		return a->job_source == b->job_source;
	return a->source == b->source && a->event_id == b->event_id &&
	    nullcmp(a->rule, b->rule) == 0;
}

/* The bucket of ms; week buckets start on Monday (1970-01-05), as the axis ticks do. */
static int64_t
bucket_of(int64_t ms, int64_t width)
{
	if (width == INT64_MAX)
		return 0;
	if (width == 7 * DAY_MS)
		ms -= 4 * DAY_MS;
	return ms >= 0 ? ms / width : -((-ms + width - 1) / width);
}

static void
merge_into(struct tl_row *a, const struct tl_row *b)
{
	size_t k;

	a->count += b->count;
	for (k = 0; k < 4; k++)
		a->outcomes[k] += b->outcomes[k];
	if (b->outcome > a->outcome)
		a->outcome = b->outcome;
	if (b->level < a->level)
		a->level = b->level;
	if (b->severity > a->severity)
		a->severity = b->severity;
	if (b->last_ms > a->last_ms)
		a->last_ms = b->last_ms;
	if (b->time_quality > a->time_quality)
		a->time_quality = b->time_quality;
	if (a->evidence == NULL)
		a->evidence = b->evidence;
	a->job_id = NULL;
	if (nullcmp(a->hresult, b->hresult) != 0)
		a->hresult = NULL;
}

/* One pass of merging at ladder step lv. Rows are sorted by time, so the rows of one bucket
 * are next to each other and the first of each kind is the earliest. */
static void
merge_rows(struct timeline *t, size_t lv)
{
	int64_t width = ladder[lv].ms, key;
	size_t i, k, n = 0;
	struct tl_row *b;

	for (i = 0; i < t->nrows; i++) {
		b = &t->rows[i];
		if (ladder[lv].drop_ids && !b->is_job) {
			b->event_id = 0;
			b->rule = NULL;
		}
		key = bucket_of(b->first_ms, width);
		for (k = n; k > 0; k--) {
			if (bucket_of(t->rows[k - 1].first_ms, width) != key)
				break;
			if (same_kind(&t->rows[k - 1], b)) {
				merge_into(&t->rows[k - 1], b);
				break;
			}
		}
		if (k == 0 || !same_kind(&t->rows[k - 1], b) ||
		    bucket_of(t->rows[k - 1].first_ms, width) != key)
			t->rows[n++] = *b;
	}
	t->nrows = n;
	if (t->nrows > 1)
		qsort(t->rows, t->nrows, sizeof *t->rows, row_cmp);
}

static struct tl_row *
add_row(struct timeline *t, size_t *cap)
{
	struct tl_row *w;

	t->rows = xgrow(t->rows, cap, t->nrows + 1, sizeof *t->rows);
	w = &t->rows[t->nrows++];
	memset(w, 0, sizeof *w);
	w->count = 1;
	return w;
}

static void
add_jobs(const struct report *r, struct timeline *t, size_t *cap)
{
	struct tl_row *w;
	size_t i;
	int s;

	for (i = 0; i < r->njobs; i++) {
		const struct job *jb = &r->jobs[i];

		w = add_row(t, cap);
		w->is_job = 1;
		w->job_source = jb->source;
		w->first_ms = jb->start_ms;
		w->last_ms = jb->end_ms > jb->start_ms ? jb->end_ms : jb->start_ms;
		w->time_quality = jb->time_quality;
		w->outcome = jb->outcome;
		w->outcomes[(unsigned)jb->outcome < 4 ? jb->outcome : 0] = 1;
		w->job_id = jb->id;
		w->hresult = jb->hresult;
		w->evidence = &jb->evidence;
	}
	/* Jobs beyond the kept ones: one merged row per source. */
	for (s = 0; s < JOB_SRC_COUNT; s++) {
		const struct job_tally *o = &r->older[s];

		if (o->jobs == 0)
			continue;
		w = add_row(t, cap);
		w->is_job = 1;
		w->job_source = (enum job_source)s;
		w->first_ms = o->first_ms;
		w->last_ms = o->last_ms;
		w->count = o->jobs;
		w->outcomes[JOB_UNKNOWN] = o->unknown;
		w->outcomes[JOB_SUCCESS] = o->succeeded;
		w->outcomes[JOB_WARNING] = o->warnings;
		w->outcomes[JOB_FAILED] = o->failed;
		w->outcome = o->failed ? JOB_FAILED : o->warnings ? JOB_WARNING :
		    o->succeeded ? JOB_SUCCESS : JOB_UNKNOWN;
		w->time_quality = TQ_UTC;
		for (i = 0; i < r->njobs; i++)
			if (r->jobs[i].source == (enum job_source)s &&
			    r->jobs[i].time_quality > w->time_quality)
				w->time_quality = r->jobs[i].time_quality;
	}
}

static void
add_markers(const struct report *r, struct timeline *t, size_t *cap)
{
	struct tl_row *w;
	size_t i, k;
	int64_t ms;
	int zone;

	for (i = 0; i < r->nmarkers; i++) {
		const struct tl_marker *m = &r->markers[i];

		w = add_row(t, cap);
		w->source = m->source;
		w->event_id = m->event_id;
		w->level = m->level;
		w->first_ms = m->first_ms;
		w->last_ms = m->last_ms;
		w->time_quality = m->time_quality;
		w->count = m->count;
		w->evidence = &m->evidence;
	}
	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];

		for (k = 0; k < f->nevidence; k++) {
			const struct evidence *e = &f->evidence[k];

			if (e->time == NULL || e->time_quality == TQ_NONE ||
			    parse_iso8601(e->time, strlen(e->time), &ms, &zone) != 0)
				continue;
			w = add_row(t, cap);
			w->source = TL_FINDING;
			w->rule = f->rule;
			w->severity = f->severity;
			w->level = f->severity >= SEV_CRITICAL ? 1 :
			    f->severity >= SEV_ERROR ? 2 : 3;
			w->first_ms = w->last_ms = ms;
			w->time_quality = e->time_quality;
			w->evidence = e;
		}
	}
}

/* The newest end among the jobs of the source the backup status comes from. */
static int64_t
basis_end(const struct report *r, int64_t fallback)
{
	int64_t end = fallback;
	int any = 0;
	size_t i;

	for (i = 0; i < r->njobs; i++) {
		if ((int)r->jobs[i].source != r->backups.basis)
			continue;
		if (!any || r->jobs[i].end_ms > end)
			end = r->jobs[i].end_ms;
		any = 1;
	}
	return end;
}

static void
set_window(const struct report *r, struct timeline *t)
{
	const struct job_status *st = &r->backups;
	int64_t from;
	int zone;

	if (st->failure_streak == 0 || st->streak_first == NULL)
		return;
	if (st->streak_first_job != NONE && st->streak_first_job < r->njobs)
		from = r->jobs[st->streak_first_job].start_ms;
	else if (parse_iso8601(st->streak_first, strlen(st->streak_first), &from, &zone) != 0)
		return;
	t->window = 1;
	t->window_from = from;
	t->window_to = basis_end(r, t->nrows > 0 ? t->to_ms : from);
	if (t->window_to < from)
		t->window_to = from;
}

void
timeline_build(const struct report *r, size_t max_rows, struct timeline *t)
{
	size_t cap = 0, i, lv = 0;

	memset(t, 0, sizeof *t);
	if (max_rows < 16)
		max_rows = 16;
	add_jobs(r, t, &cap);
	add_markers(r, t, &cap);
	if (t->nrows > 1)
		qsort(t->rows, t->nrows, sizeof *t->rows, row_cmp);
	while (t->nrows > max_rows && lv + 1 < MT_ARRAY_LEN(ladder)) {
		lv++;
		merge_rows(t, lv);
	}
	t->bucket_ms = ladder[lv].ms;
	for (i = 0; i < t->nrows; i++) {
		if (i == 0 || t->rows[i].first_ms < t->from_ms)
			t->from_ms = t->rows[i].first_ms;
		if (i == 0 || t->rows[i].last_ms > t->to_ms)
			t->to_ms = t->rows[i].last_ms;
		if (t->rows[i].time_quality == TQ_ZONE_UNKNOWN)
			t->zone_unknown = 1;
	}
	set_window(r, t);
}

void
timeline_free(struct timeline *t)
{
	free(t->rows);
	memset(t, 0, sizeof *t);
}

void
tl_time_text(int64_t ms, char out[20])
{
	int y, mo, d, h, mi, s, msec;

	utc_split(ms, &y, &mo, &d, &h, &mi, &s, &msec);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	snprintf(out, 20, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, s);
}

void
tl_row_time_text(const struct tl_row *w, char out[48])
{
	char a[20], b[20];

	tl_time_text(w->first_ms, a);
	tl_time_text(w->last_ms, b);
	if (strcmp(a, b) == 0)
		snprintf(out, 48, "%s", a);
	else if (strncmp(a, b, 11) == 0)
		snprintf(out, 48, "%s to %s", a, b + 11);
	else
		snprintf(out, 48, "%s to %s", a, b);
}

static void
outcome_counts(const struct tl_row *w, struct strbuf *sb)
{
	static const enum job_outcome order[] = { JOB_SUCCESS, JOB_WARNING, JOB_FAILED,
		JOB_UNKNOWN };
	static const char *const words[] = { "without an end", "succeeded", "with warnings",
		"failed" };
	const char *sep = ": ";
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(order); i++) {
		if (w->outcomes[order[i]] == 0)
			continue;
		sb_printf(sb, "%s%llu %s", sep, (unsigned long long)w->outcomes[order[i]],
		    words[order[i]]);
		sep = ", ";
	}
}

void
tl_row_what(const struct tl_row *w, struct strbuf *sb)
{
	if (w->is_job && w->count == 1) {
		switch (w->outcome) {
		case JOB_SUCCESS:
			sb_adds(sb, "backup job succeeded");
			break;
		case JOB_WARNING:
			sb_adds(sb, "backup job completed with warnings");
			break;
		case JOB_FAILED:
			sb_adds(sb, "backup job failed");
			if (w->hresult != NULL)
				sb_printf(sb, ", %s", w->hresult);
			break;
		default:
			sb_adds(sb, "backup job, no end seen");
			break;
		}
	} else if (w->is_job) {
		sb_printf(sb, "%llu backup jobs", (unsigned long long)w->count);
		outcome_counts(w, sb);
	} else if (w->source == TL_FINDING) {
		if (w->count > 1)
			sb_printf(sb, "%llu pieces of evidence of ", (unsigned long long)w->count);
		else
			sb_adds(sb, "evidence of ");
		sb_adds(sb, w->rule != NULL ? w->rule : "several findings");
		sb_printf(sb, " (%s)", severity_name(w->severity));
	} else {
		if (w->count > 1)
			sb_printf(sb, "%llu events ", (unsigned long long)w->count);
		else
			sb_adds(sb, "event ");
		if (w->event_id != 0)
			sb_printf(sb, "%u", w->event_id);
		else
			sb_adds(sb, "of several ids");
		sb_printf(sb, ", %s%s", w->count > 1 ? "worst " : "", tl_level_name(w->level));
	}
}

/* An ISO time of the model as "YYYY-MM-DD HH:MM:SS"; the ISO text itself when unreadable. */
static void
add_iso(struct strbuf *sb, const char *iso)
{
	char out[20];
	int64_t ms;
	int zone;

	if (parse_iso8601(iso, strlen(iso), &ms, &zone) == 0) {
		tl_time_text(ms, out);
		sb_adds(sb, out);
	} else
		sb_adds(sb, iso);
}

void
report_backups_text(const struct report *r, struct strbuf *sb)
{
	const struct job_status *st = &r->backups;

	/* A report built without jobs_finish has basis 0 and no jobs. */
	if (st->basis < 0 || st->basis >= JOB_SRC_COUNT || st->jobs == 0) {
		sb_adds(sb, "no backup job with an outcome was found");
		return;
	}
	if (st->failure_streak == 1) {
		sb_adds(sb, "the newest job failed");
		if (st->streak_first != NULL) {
			sb_adds(sb, " (started ");
			add_iso(sb, st->streak_first);
			sb_adds(sb, ")");
		}
		sb_adds(sb, "; ");
	} else if (st->failure_streak > 1) {
		sb_printf(sb, "%llu failed jobs in a row", (unsigned long long)st->failure_streak);
		if (st->streak_first != NULL) {
			sb_adds(sb, " since ");
			add_iso(sb, st->streak_first);
		}
		sb_adds(sb, "; ");
	} else
		sb_adds(sb, "the newest job succeeded; ");
	if (st->last_success != NULL) {
		sb_adds(sb, "last success ");
		add_iso(sb, st->last_success);
	} else
		sb_adds(sb, "no successful job in the bundle");
	sb_printf(sb, " (%s, %llu job%s", job_source_title((enum job_source)st->basis),
	    (unsigned long long)st->jobs, st->jobs == 1 ? "" : "s");
	if (st->time_quality == TQ_ZONE_UNKNOWN)
		sb_adds(sb, "; local times of an unknown zone");
	else if (st->time_quality == TQ_ZONE_ASSUMED)
		sb_adds(sb, "; local times converted to UTC");
	else
		sb_adds(sb, "; UTC");
	sb_adds(sb, ")");
}
