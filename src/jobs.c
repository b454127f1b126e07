/* Backup jobs and timeline markers, rebuilt from the record stream in bounded memory: MARS
 * log lines grouped by job GUID, start and end events of the CloudBackup and Windows Server
 * Backup logs paired by time, Get-WBJob and wbadmin output, and the error and warning events
 * of the providers that matter for a System State backup. */
#include <stdlib.h>
#include <string.h>
#include "jobs.h"
#include "timeparse.h"
#include "util.h"

#define JOBS_MAX 500		/* jobs and event halves kept; older ones are only counted */
#define MARKERS_MAX 1000	/* markers kept before merging them over time buckets */
#define EXCERPT_MAX 300		/* bytes of a line kept as a job's or marker's evidence */
#define HASH_SLOTS 1024		/* more than twice JOBS_MAX */
#define EVICTED_RING 64		/* GUIDs of evicted jobs remembered to ignore their lines */
#define HOUR_MS (3600 * 1000LL)
#define DAY_MS (24 * HOUR_MS)
#define PAIR_MS DAY_MS		/* longest time between a start event and its end event */
#define MERGE_MS (15 * 60 * 1000LL)	/* end events this close belong to one job */
#define NONE ((size_t)-1)

/* How a job record came about: a whole job (MARS GUID group, Get-WBJob, a standalone
 * failure event) or half of one (start or end event, paired when the stream ends). */
enum piece { P_JOB, P_START, P_END };

struct wjob {
	struct job j;
	enum piece piece;
	uint64_t seq;		/* arrival order, to keep sorting stable */
	int has_time;
	/* MARS jobs */
	uint64_t hash;
	int decided;		/* a "Status:" line gave the outcome */
	enum job_outcome status;
	int job_like;		/* a start, status or failure line was seen */
	int other_type;		/* JobType is not Backup */
	int fail_score;		/* strength of the failure line kept as evidence */
};

/* The evicted jobs of one source, in eviction order (about oldest first). */
struct rolling {
	uint64_t with_outcome;
	int has_success;
	int64_t success_ms;
	uint64_t trailing_failed;	/* failures since the last success */
	int64_t trailing_first_ms;
};

struct jobs {
	struct wjob *w;
	size_t n, cap;
	int32_t slot[HASH_SLOTS];	/* 1 + index in w of a MARS job, by GUID hash; 0 empty */
	uint64_t evicted[EVICTED_RING];
	size_t nevicted;
	uint64_t seq;
	struct job_tally older[JOB_SRC_COUNT];
	struct rolling roll[JOB_SRC_COUNT];
	struct tl_marker *m;
	size_t nm, mcap;
	size_t level;			/* index in ladder */
	char *wba_entry;		/* wbadmin lines without a time take the last one */
	int64_t wba_ms;
	enum time_quality wba_q;
};

/* Marker merging steps: bucket width and whether event ids are merged too. The last step
 * leaves at most one marker per source, so the marker count is always bounded. */
static const struct {
	int64_t ms;
	int drop_ids;
} ladder[] = {
	{ 0, 0 }, { HOUR_MS, 0 }, { DAY_MS, 0 }, { 7 * DAY_MS, 0 }, { 30 * DAY_MS, 0 },
	{ 365 * DAY_MS, 0 }, { 365 * DAY_MS, 1 }, { INT64_MAX, 1 }
};

struct jobs *
jobs_new(void)
{
	return xcalloc(1, sizeof(struct jobs));
}

static void
evidence_clear(struct evidence *e)
{
	free(e->file);
	free(e->time);
	free(e->excerpt);
	memset(e, 0, sizeof *e);
}

static char *
iso_time(int64_t ms)
{
	char buf[25];

	format_iso8601(ms, buf);
	return xstrdup(buf);
}

/* At most max bytes of s, cut at a UTF-8 character boundary. */
static char *
bounded_copy(const char *s, size_t max)
{
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return xstrndup(s, n);
}

static void
evidence_set(struct evidence *e, const struct record *r)
{
	evidence_clear(e);
	e->file = xstrdup(r->entry != NULL ? r->entry : "");
	e->line = r->line;
	e->has_record_id = r->has_record_id;
	e->record_id = r->record_id;
	e->time_quality = r->time.q;
	if (r->time.q != TQ_NONE)
		e->time = iso_time(r->time.ms);
	e->excerpt = bounded_copy(record_excerpt(r), EXCERPT_MAX);
}

static void
job_clear(struct job *jb)
{
	free(jb->id);
	free(jb->hresult);
	evidence_clear(&jb->evidence);
}

static void
set_hresult(struct job *jb, const char *hr)
{
	free(jb->hresult);
	jb->hresult = hr != NULL && *hr != '\0' ? xstrdup(hr) : NULL;
}

/* A hash of the GUID, upper-cased, for the job table and the evicted ring. */
static uint64_t
guid_hash(const char *s)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t h = 14695981039346656037ULL, w, low7, ge_a, gt_z;
	size_t n = strlen(s), k;

	/* FNV-1a over eight bytes at a time, upper-cased together (lower-case letters are the
	 * bytes 'a'-'z' without the high bit): one multiply per word, not per byte. */
	while (n > 0) {
		k = n < 8 ? n : 8;
		w = 0;
		memcpy(&w, s, k);
		low7 = w & ~high;
		ge_a = low7 + ones * (0x80 - 'a');
		gt_z = low7 + ones * (0x80 - 'z' - 1);
		w ^= (ge_a & ~gt_z & ~w & high) >> 2;
		h = (h ^ w) * 1099511628211ULL;
		h ^= h >> 29;
		s += k;
		n -= k;
	}
	return h;
}

static void
slot_insert(struct jobs *j, size_t idx)
{
	size_t s = (size_t)(j->w[idx].hash % HASH_SLOTS);

	while (j->slot[s] != 0)
		s = (s + 1) % HASH_SLOTS;
	j->slot[s] = (int32_t)(idx + 1);
}

static void
slots_rebuild(struct jobs *j)
{
	size_t i;

	memset(j->slot, 0, sizeof j->slot);
	for (i = 0; i < j->n; i++)
		if (j->w[i].j.source == JOB_SRC_MARS && j->w[i].piece == P_JOB)
			slot_insert(j, i);
}

static struct wjob *
mars_find(struct jobs *j, const char *id, uint64_t h)
{
	size_t s = (size_t)(h % HASH_SLOTS);
	struct wjob *w;

	while (j->slot[s] != 0) {
		w = &j->w[j->slot[s] - 1];
		if (w->hash == h && ascii_casecmp(w->j.id, id) == 0)
			return w;
		s = (s + 1) % HASH_SLOTS;
	}
	return NULL;
}

static int
was_evicted(const struct jobs *j, uint64_t h)
{
	size_t i, n = j->nevicted < EVICTED_RING ? j->nevicted : EVICTED_RING;

	for (i = 0; i < n; i++)
		if (j->evicted[i] == h)
			return 1;
	return 0;
}

static struct wjob *
wjob_add(struct jobs *j, enum job_source src, enum piece p)
{
	struct wjob *w;

	j->w = xgrow(j->w, &j->cap, j->n + 1, sizeof *j->w);
	w = &j->w[j->n++];
	memset(w, 0, sizeof *w);
	w->j.source = src;
	w->piece = p;
	w->seq = j->seq++;
	return w;
}

static void
wjob_time(struct wjob *w, const struct record *r)
{
	if (r->time.q == TQ_NONE)
		return;
	if (!w->has_time) {
		w->j.start_ms = w->j.end_ms = r->time.ms;
		w->j.time_quality = r->time.q;
		w->has_time = 1;
		return;
	}
	if (r->time.ms < w->j.start_ms)
		w->j.start_ms = r->time.ms;
	if (r->time.ms > w->j.end_ms)
		w->j.end_ms = r->time.ms;
	if (r->time.q > w->j.time_quality)
		w->j.time_quality = r->time.q;
}

/* The outcome of a MARS job from what its lines said. */
static enum job_outcome
mars_outcome(const struct wjob *w)
{
	if (w->decided)
		return w->status;
	return w->fail_score > 0 ? JOB_FAILED : JOB_UNKNOWN;
}

/* Whether a job record stands for a backup job that can be placed in time. */
static int
mars_is_job(const struct wjob *w)
{
	return w->job_like && !w->other_type && w->has_time;
}

static void
roll_add(struct rolling *rl, enum job_outcome o, int64_t start_ms, int64_t end_ms)
{
	if (o == JOB_UNKNOWN)
		return;
	rl->with_outcome++;
	if (o == JOB_FAILED) {
		if (rl->trailing_failed++ == 0)
			rl->trailing_first_ms = start_ms;
	} else {
		rl->has_success = 1;
		rl->success_ms = end_ms;
		rl->trailing_failed = 0;
	}
}

static void
tally_add(struct job_tally *t, enum job_outcome o, int64_t ms)
{
	if (t->jobs == 0 || ms < t->first_ms)
		t->first_ms = ms;
	if (t->jobs == 0 || ms > t->last_ms)
		t->last_ms = ms;
	t->jobs++;
	switch (o) {
	case JOB_SUCCESS: t->succeeded++; break;
	case JOB_WARNING: t->warnings++; break;
	case JOB_FAILED: t->failed++; break;
	default: t->unknown++; break;
	}
}

/* Counts the oldest kept job in its source's tally and drops it. A start event is not
 * counted: its end, or the lack of one, is. */
static void
evict_oldest(struct jobs *j)
{
	size_t i, old = NONE;
	struct wjob *w;
	enum job_outcome o;

	/* A job that cannot be placed in time goes first, then the one that started first. */
	for (i = 0; i < j->n; i++) {
		if (!j->w[i].has_time) {
			old = i;
			break;
		}
		if (old == NONE || j->w[i].j.start_ms < j->w[old].j.start_ms)
			old = i;
	}
	if (old == NONE)
		return;
	w = &j->w[old];
	if (w->j.source == JOB_SRC_MARS) {
		j->evicted[j->nevicted++ % EVICTED_RING] = w->hash;
		if (mars_is_job(w)) {
			o = mars_outcome(w);
			tally_add(&j->older[w->j.source], o, w->j.start_ms);
			roll_add(&j->roll[w->j.source], o, w->j.start_ms, w->j.end_ms);
		}
	} else if (w->piece != P_START && w->has_time) {
		tally_add(&j->older[w->j.source], w->j.outcome, w->j.start_ms);
		roll_add(&j->roll[w->j.source], w->j.outcome, w->j.start_ms, w->j.end_ms);
	}
	job_clear(&w->j);
	j->w[old] = j->w[--j->n];
	slots_rebuild(j);
}

static void
limit_jobs(struct jobs *j)
{
	while (j->n > JOBS_MAX)
		evict_oldest(j);
}

/* The word after "Status:" on a job's completion line, as an outcome; 0 when the line has
 * none that can be read. */
static int
mars_status(const char *msg, enum job_outcome *o)
{
	size_t n = strlen(msg);
	const char *p = ascii_casestr(msg, n, "Status:");

	if (p == NULL || ascii_casestr(msg, n, "job") == NULL)
		return 0;
	for (p += 7; *p == ' ' || *p == '\t'; p++)
		;
	n = strlen(p);
	if (ascii_ncasecmp(p, "succe", 5) == 0 || ascii_ncasecmp(p, "complete", 8) == 0) {
		*o = ascii_casestr(p, n, "warn") != NULL ? JOB_WARNING : JOB_SUCCESS;
		return 1;
	}
	if (ascii_ncasecmp(p, "warn", 4) == 0 || ascii_ncasecmp(p, "partial", 7) == 0) {
		*o = JOB_WARNING;
		return 1;
	}
	if (ascii_ncasecmp(p, "fail", 4) == 0 || ascii_ncasecmp(p, "error", 5) == 0 ||
	    ascii_ncasecmp(p, "cancel", 6) == 0 || ascii_ncasecmp(p, "abort", 5) == 0 ||
	    ascii_ncasecmp(p, "stop", 4) == 0 || ascii_ncasecmp(p, "terminat", 8) == 0 ||
	    ascii_ncasecmp(p, "timed", 5) == 0) {
		*o = JOB_FAILED;
		return 1;
	}
	return 0;
}

/* "JobType: X": 1 when X is a backup, 0 when it is something else, -1 when absent. */
static int
mars_backup_type(const char *msg)
{
	const char *p = ascii_casestr(msg, strlen(msg), "JobType:");

	if (p == NULL)
		return -1;
	for (p += 8; *p == ' ' || *p == '\t'; p++)
		;
	return ascii_ncasecmp(p, "backup", 6) == 0;
}

/* How strongly a line says that its job failed: 4 FATAL or ERROR with a code, 3 without,
 * 2 a warning with "fail" and a code, 1 a warning with "fail"; 0 for anything else (a
 * warning with a code but no failure, such as a VSS retry, does not fail a job). */
static int
mars_fail_score(const char *level, const char *msg, const char *hr)
{
	if (level == NULL)
		return 0;
	if (ascii_casecmp(level, "FATAL") == 0 || ascii_casecmp(level, "ERROR") == 0 ||
	    ascii_casecmp(level, "CRITICAL") == 0)
		return hr != NULL ? 4 : 3;
	/* The message is searched last: most lines are NORMAL. */
	if (ascii_casecmp(level, "WARNING") == 0 && ascii_casestr(msg, strlen(msg), "fail") != NULL)
		return hr != NULL ? 2 : 1;
	return 0;
}

static void
feed_mars(struct jobs *j, const struct record *r)
{
	const char *id = record_get(r, "job_id"), *msg, *level, *hr;
	struct wjob *w;
	enum job_outcome o;
	uint64_t h;
	size_t n;
	int type, score, has_j;

	if (id == NULL || *id == '\0')
		return;
	h = guid_hash(id);
	if ((w = mars_find(j, id, h)) == NULL) {
		if (was_evicted(j, h))
			return;
		w = wjob_add(j, JOB_SRC_MARS, P_JOB);
		w->j.id = xstrdup(id);
		w->hash = h;
		evidence_set(&w->j.evidence, r);
		slot_insert(j, (size_t)(w - j->w));
	}
	wjob_time(w, r);
	if ((msg = record_get(r, "message")) == NULL)
		msg = "";
	level = record_get(r, "level");
	hr = record_get(r, "hresult");
	/* Every word looked for below but "fail" has a 'j' ("JobType:", "Starting job",
	 * "ScheduledJob", and "job" beside "Status:"): most messages have none and are not
	 * searched for them. */
	n = strlen(msg);
	has_j = memchr(msg, 'j', n) != NULL || memchr(msg, 'J', n) != NULL;
	if (has_j && (type = mars_backup_type(msg)) >= 0) {
		w->job_like = 1;
		w->other_type = !type;
	}
	if (has_j && !w->job_like && (ascii_casestr(msg, n, "Starting job") != NULL ||
	    ascii_casestr(msg, n, "ScheduledJob") != NULL))
		w->job_like = 1;
	if (!w->decided && has_j && mars_status(msg, &o)) {
		w->decided = w->job_like = 1;
		w->status = o;
		if (o != JOB_FAILED || w->fail_score == 0) {
			evidence_set(&w->j.evidence, r);
			set_hresult(&w->j, o == JOB_FAILED ? hr : NULL);
		} else if (w->j.hresult == NULL)
			set_hresult(&w->j, hr);
	} else if (!w->decided && (score = mars_fail_score(level, msg, hr)) > w->fail_score) {
		w->fail_score = score;
		w->job_like = 1;
		evidence_set(&w->j.evidence, r);
		set_hresult(&w->j, hr);
	}
	limit_jobs(j);
}

/* ---- events ---- */

static int
event_number(const struct record *r, const char *field, int64_t *v)
{
	const char *s = record_get(r, field);

	return s != NULL && parse_int64(s, strlen(s), v) == 0;
}

static int
is_failure_id(int64_t id)
{
	static const int ids[] = { 5, 9, 49, 517, 518, 519, 521, 527, 528, 544, 546, 547, 565 };
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(ids); i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* The job half an event of a backup log stands for; 0 when it is not one. */
static int
event_piece(enum tl_source src, int64_t id, enum piece *p, enum job_outcome *o)
{
	*o = JOB_UNKNOWN;
	if (src == TL_CLOUDBACKUP) {
		switch (id) {
		case 1: *p = P_START; return 1;
		case 3: *p = P_END; *o = JOB_SUCCESS; return 1;
		case 10: *p = P_END; *o = JOB_WARNING; return 1;
		case 11: *p = P_END; *o = JOB_FAILED; return 1;
		case 18: *p = P_JOB; *o = JOB_FAILED; return 1;	/* failed before starting */
		default: return 0;
		}
	}
	if (src == TL_WSB) {
		if (id == 1) {
			*p = P_START;
			return 1;
		}
		if (id == 4 || id == 7) {
			*p = P_END;
			*o = id == 4 ? JOB_SUCCESS : JOB_WARNING;
			return 1;
		}
		if (id >= 19 && id <= 22) {	/* failed to start */
			*p = P_JOB;
			*o = JOB_FAILED;
			return 1;
		}
		if (is_failure_id(id)) {
			*p = P_END;
			*o = JOB_FAILED;
			return 1;
		}
	}
	return 0;
}

static int
event_source(const struct record *r, enum tl_source *src)
{
	const char *prov = record_get(r, "provider"), *chan = record_get(r, "channel");

	if (prov != NULL) {
		if (ascii_casecmp(prov, "VSS") == 0)
			*src = TL_VSS;
		else if (ascii_casecmp(prov, "volsnap") == 0)
			*src = TL_VOLSNAP;
		else if (ascii_casecmp(prov, "Service Control Manager") == 0)
			*src = TL_SCM;
		else if (ascii_casecmp(prov, "Microsoft-Windows-Backup") == 0)
			*src = TL_WSB;
		else if (ascii_casecmp(prov, "CloudBackup") == 0)
			*src = TL_CLOUDBACKUP;
		else
			prov = NULL;
	}
	if (prov == NULL && chan != NULL && ascii_casecmp(chan, "CloudBackup") == 0)
		*src = TL_CLOUDBACKUP;
	else if (prov == NULL)
		return 0;
	return 1;
}

/* The bucket of ms; week buckets start on Monday (1970-01-05). */
static int64_t
bucket_of(int64_t ms, int64_t width)
{
	if (width <= 0)
		return ms;
	if (width == INT64_MAX)
		return 0;
	if (width == 7 * DAY_MS)
		ms -= 4 * DAY_MS;
	return ms >= 0 ? ms / width : -((-ms + width - 1) / width);
}

static int
marker_cmp(const void *pa, const void *pb)
{
	const struct tl_marker *a = pa, *b = pb;

	if (a->first_ms != b->first_ms)
		return a->first_ms < b->first_ms ? -1 : 1;
	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	if (a->event_id != b->event_id)
		return a->event_id < b->event_id ? -1 : 1;
	return 0;
}

/* Merges markers of one source (and id) in one bucket of the current ladder step into the
 * earliest of them. Markers are sorted by time first, so the earliest comes first. */
static void
markers_merge(struct jobs *j)
{
	int64_t width = ladder[j->level].ms;
	int drop = ladder[j->level].drop_ids;
	size_t i, k, n = 0;
	struct tl_marker *a, *b;

	if (j->nm > 1)
		qsort(j->m, j->nm, sizeof *j->m, marker_cmp);
	for (i = 0; i < j->nm; i++) {
		b = &j->m[i];
		if (drop)
			b->event_id = 0;
		for (k = n; k > 0; k--) {
			a = &j->m[k - 1];
			if (bucket_of(a->first_ms, width) != bucket_of(b->first_ms, width))
				break;
			if (a->source == b->source && a->event_id == b->event_id)
				break;
		}
		a = k > 0 ? &j->m[k - 1] : NULL;
		if (width > 0 && a != NULL && a->source == b->source &&
		    a->event_id == b->event_id &&
		    bucket_of(a->first_ms, width) == bucket_of(b->first_ms, width)) {
			a->count += b->count;
			if (b->last_ms > a->last_ms)
				a->last_ms = b->last_ms;
			if (b->level < a->level)
				a->level = b->level;
			if (b->time_quality > a->time_quality)
				a->time_quality = b->time_quality;
			evidence_clear(&b->evidence);
		} else
			j->m[n++] = *b;
	}
	j->nm = n;
}

static void
marker_add(struct jobs *j, enum tl_source src, unsigned id, int level, const struct record *r)
{
	struct tl_marker *m;

	j->m = xgrow(j->m, &j->mcap, j->nm + 1, sizeof *j->m);
	m = &j->m[j->nm++];
	memset(m, 0, sizeof *m);
	m->source = src;
	m->event_id = ladder[j->level].drop_ids ? 0 : id;
	m->level = level;
	m->first_ms = m->last_ms = r->time.ms;
	m->time_quality = r->time.q;
	m->count = 1;
	evidence_set(&m->evidence, r);
	if (j->nm <= MARKERS_MAX)
		return;
	/* Leave room for half the limit of new markers before the next merge, so merging
	 * costs a constant amount per event. */
	markers_merge(j);
	while (j->nm > MARKERS_MAX / 2 && j->level + 1 < MT_ARRAY_LEN(ladder)) {
		j->level++;
		markers_merge(j);
	}
}

static void
feed_event(struct jobs *j, const struct record *r)
{
	enum tl_source src;
	enum job_outcome o;
	enum piece p;
	struct wjob *w;
	int64_t id, level;

	if (r->time.q == TQ_NONE || !event_source(r, &src) || !event_number(r, "event_id", &id))
		return;
	if (event_number(r, "level", &level) && level >= 1 && level <= 3 && id >= 0)
		marker_add(j, src, (unsigned)id, (int)level, r);
	if (!event_piece(src, id, &p, &o))
		return;
	w = wjob_add(j, src == TL_WSB ? JOB_SRC_WSB : JOB_SRC_CLOUDBACKUP, p);
	wjob_time(w, r);
	w->j.outcome = o;
	evidence_set(&w->j.evidence, r);
	if (o == JOB_FAILED)
		set_hresult(&w->j, record_get(r, "hresult"));
	limit_jobs(j);
}

/* ---- Get-WBJob and wbadmin ---- */

static int
is_zero_code(const char *hr)
{
	return hr == NULL || *hr == '\0' || strcmp(hr, "0x00000000") == 0;
}

/* The end of a Get-WBJob job in the record's time base: the start's offset between the
 * written local time and the record time applies to the end as well. */
static void
wbjob_end(struct wjob *w, const struct record *r)
{
	const char *st = record_get(r, "start_time"), *et = record_get(r, "end_time");
	int64_t s, e;
	int df;

	if (st == NULL || et == NULL)
		return;
	for (df = 0; df <= 1; df++)
		if (parse_windows_datetime(st, strlen(st), df, &s) == 0 &&
		    parse_windows_datetime(et, strlen(et), df, &e) == 0 && e >= s) {
			w->j.end_ms = r->time.ms + (e - s);
			return;
		}
}

static void
feed_wbjob(struct jobs *j, const struct record *r)
{
	const char *hr = record_get(r, "hresult"), *dhr = record_get(r, "detailed_hresult");
	const char *state = record_get(r, "job_state");
	struct wjob *w;

	if (r->time.q == TQ_NONE)
		return;
	w = wjob_add(j, JOB_SRC_WBJOB, P_JOB);
	wjob_time(w, r);
	wbjob_end(w, r);
	evidence_set(&w->j.evidence, r);
	if (!is_zero_code(hr) || !is_zero_code(dhr)) {
		w->j.outcome = JOB_FAILED;
		set_hresult(&w->j, !is_zero_code(hr) ? hr : dhr);
	} else if (state != NULL && ascii_ncasecmp(state, "Completed", 9) == 0)
		w->j.outcome = JOB_SUCCESS;
	limit_jobs(j);
}

static void
feed_wbadmin(struct jobs *j, const struct record *r)
{
	const char *ev = record_get(r, "event");
	enum job_outcome o = JOB_UNKNOWN;
	enum time_quality q;
	int64_t ms;
	enum piece p;
	struct wjob *w;

	if (ev == NULL)
		return;
	if (strcmp(ev, "backup_started") == 0)
		p = P_START;
	else if (strcmp(ev, "backup_succeeded") == 0)
		p = P_END, o = JOB_SUCCESS;
	else if (strcmp(ev, "backup_failed") == 0 || strcmp(ev, "error") == 0)
		p = P_END, o = JOB_FAILED;
	else
		return;
	if (r->time.q != TQ_NONE) {
		ms = r->time.ms;
		q = r->time.q;
		free(j->wba_entry);
		j->wba_entry = xstrdup(r->entry != NULL ? r->entry : "");
		j->wba_ms = ms;
		j->wba_q = q;
	} else if (j->wba_entry != NULL && r->entry != NULL &&
	    strcmp(j->wba_entry, r->entry) == 0) {
		ms = j->wba_ms;
		q = j->wba_q;
	} else
		return;
	w = wjob_add(j, JOB_SRC_WBADMIN, p);
	w->has_time = 1;
	w->j.start_ms = w->j.end_ms = ms;
	w->j.time_quality = q;
	w->j.outcome = o;
	evidence_set(&w->j.evidence, r);
	if (o == JOB_FAILED)
		set_hresult(&w->j, record_get(r, "hresult"));
	limit_jobs(j);
}

void
jobs_feed(struct jobs *j, const struct record *r)
{
	if (j == NULL || r == NULL || r->kind == NULL)
		return;
	if (strcmp(r->kind, "mars.log") == 0)
		feed_mars(j, r);
	else if (strcmp(r->kind, "event") == 0)
		feed_event(j, r);
	else if (strcmp(r->kind, "wbjob") == 0)
		feed_wbjob(j, r);
	else if (strcmp(r->kind, "wbadmin") == 0)
		feed_wbadmin(j, r);
}

/* ---- finishing ---- */

static int
wjob_cmp(const void *pa, const void *pb)
{
	const struct wjob *a = pa, *b = pb;

	if (a->j.start_ms != b->j.start_ms)
		return a->j.start_ms < b->j.start_ms ? -1 : 1;
	if (a->j.source != b->j.source)
		return a->j.source < b->j.source ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* The enum is ordered unknown, success, warning, failed. */
static enum job_outcome
worse(enum job_outcome a, enum job_outcome b)
{
	return b > a ? b : a;
}

/* Turns the halves of one event source into jobs: an end event closes the start before it
 * (within a day), end events shortly after a closed job add to it, and an end without a
 * start stands alone. The halves are sorted by time already. */
static void
pair_source(struct wjob *w, size_t n, enum job_source src, struct wjob *out, size_t *nout)
{
	size_t i, cur = NONE;
	struct wjob *c;
	int open = 0;

	for (i = 0; i < n; i++) {
		if (w[i].j.source != src)
			continue;
		c = cur != NONE ? &out[cur] : NULL;
		if (w[i].piece == P_END && c != NULL && open &&
		    w[i].j.start_ms - c->j.start_ms <= PAIR_MS) {
			c->j.end_ms = w[i].j.start_ms;
			c->j.outcome = w[i].j.outcome;
			evidence_clear(&c->j.evidence);
			c->j.evidence = w[i].j.evidence;
			free(c->j.hresult);
			c->j.hresult = w[i].j.hresult;
			open = 0;
		} else if (w[i].piece == P_END && c != NULL && !open &&
		    w[i].j.start_ms - c->j.end_ms <= MERGE_MS) {
			if (w[i].j.end_ms > c->j.end_ms)
				c->j.end_ms = w[i].j.end_ms;
			if (worse(c->j.outcome, w[i].j.outcome) != c->j.outcome) {
				c->j.outcome = w[i].j.outcome;
				evidence_clear(&c->j.evidence);
				c->j.evidence = w[i].j.evidence;
				free(c->j.hresult);
				c->j.hresult = w[i].j.hresult;
			} else {
				evidence_clear(&w[i].j.evidence);
				free(w[i].j.hresult);
			}
		} else {
			cur = (*nout)++;
			out[cur] = w[i];
			open = w[i].piece == P_START;
		}
		memset(&w[i].j, 0, sizeof w[i].j);
	}
}

/* Backup status from the jobs of the most trusted source that has any with an outcome. */
static void
compute_status(struct jobs *j, struct report *rep)
{
	struct job_status *st = &rep->backups;
	const struct rolling *rl;
	size_t i;
	int s, done = 0;

	st->basis = -1;
	st->last_success_job = st->streak_first_job = NONE;
	for (s = 0; s < JOB_SRC_COUNT && st->basis < 0; s++) {
		if (j->roll[s].with_outcome > 0)
			st->basis = s;
		for (i = 0; i < rep->njobs && st->basis < 0; i++)
			if ((int)rep->jobs[i].source == s && rep->jobs[i].outcome != JOB_UNKNOWN)
				st->basis = s;
	}
	if (st->basis < 0)
		return;
	rl = &j->roll[st->basis];
	st->jobs = rl->with_outcome;
	for (i = rep->njobs; i-- > 0;) {
		const struct job *jb = &rep->jobs[i];

		if ((int)jb->source != st->basis || jb->outcome == JOB_UNKNOWN)
			continue;
		st->jobs++;
		if (st->time_quality == TQ_NONE)
			st->time_quality = jb->time_quality;
		if (done)
			continue;
		if (jb->outcome == JOB_FAILED) {
			st->failure_streak++;
			st->streak_first_job = i;
		} else {
			st->last_success_job = i;
			st->last_success = iso_time(jb->end_ms);
			done = 1;
		}
	}
	if (st->streak_first_job != NONE)
		st->streak_first = iso_time(rep->jobs[st->streak_first_job].start_ms);
	if (done)
		return;
	/* Every kept job failed: the streak goes on into the older ones. */
	if (rl->trailing_failed > 0) {
		st->failure_streak += rl->trailing_failed;
		st->streak_first_job = NONE;
		free(st->streak_first);
		st->streak_first = iso_time(rl->trailing_first_ms);
	}
	if (rl->has_success)
		st->last_success = iso_time(rl->success_ms);
}

void
jobs_finish(struct jobs *j, struct report *rep)
{
	struct wjob *out;
	size_t i, n = 0;
	int s;

	if (j == NULL || rep == NULL)
		return;
	out = xcalloc(j->n + 1, sizeof *out);
	for (i = 0; i < j->n; i++) {
		struct wjob *w = &j->w[i];

		if (w->j.source != JOB_SRC_MARS)
			continue;
		if (mars_is_job(w)) {
			w->j.outcome = mars_outcome(w);
			out[n++] = *w;
		} else
			job_clear(&w->j);
		memset(&w->j, 0, sizeof w->j);
	}
	if (j->n > 1)
		qsort(j->w, j->n, sizeof *j->w, wjob_cmp);
	for (s = 0; s < JOB_SRC_COUNT; s++)
		if (s != JOB_SRC_MARS)
			pair_source(j->w, j->n, (enum job_source)s, out, &n);
	if (n > 1)
		qsort(out, n, sizeof *out, wjob_cmp);
	report_jobs_free(rep);
	rep->jobs = xcalloc(n + 1, sizeof *rep->jobs);
	for (i = 0; i < n; i++)
		rep->jobs[i] = out[i].j;
	rep->njobs = n;
	free(out);
	j->n = 0;
	memcpy(rep->older, j->older, sizeof rep->older);
	compute_status(j, rep);

	markers_merge(j);
	rep->markers = j->m;
	rep->nmarkers = j->nm;
	rep->marker_bucket_ms = ladder[j->level].ms;
	j->m = NULL;
	j->nm = j->mcap = 0;
}

void
jobs_free(struct jobs *j)
{
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; i < j->n; i++)
		job_clear(&j->w[i].j);
	free(j->w);
	for (i = 0; i < j->nm; i++)
		evidence_clear(&j->m[i].evidence);
	free(j->m);
	free(j->wba_entry);
	free(j);
}

void
report_jobs_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->njobs; i++)
		job_clear(&r->jobs[i]);
	free(r->jobs);
	r->jobs = NULL;
	r->njobs = 0;
	for (i = 0; i < r->nmarkers; i++)
		evidence_clear(&r->markers[i].evidence);
	free(r->markers);
	r->markers = NULL;
	r->nmarkers = 0;
	free(r->backups.last_success);
	free(r->backups.streak_first);
	memset(&r->backups, 0, sizeof r->backups);
	r->backups.basis = -1;
	r->backups.last_success_job = r->backups.streak_first_job = NONE;
	memset(r->older, 0, sizeof r->older);
}
