/* The timeline of the HTML report as inline SVG: a lane per job source and per event
 * source, jobs as bars coloured by outcome, events as markers, the current failure streak
 * shaded, and a UTC axis whose tick step follows the span (hours for a day, weeks or months
 * for a quarter). Coordinates are whole numbers, so no locale can change how they print. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "render_html.h"
#include "timeparse.h"
#include "util.h"

#define VIEW_W 1000
#define X0 200			/* left end of the plot; lane labels go before it */
#define X1 985
#define TOP 34			/* room for the failure window's label */
#define LANE_H 26
#define AXIS_H 36
#define MAX_TICKS 12
#define MIN_MS 60000LL
#define HOUR_MS (3600 * 1000LL)
#define DAY_MS (24 * HOUR_MS)

static const char *const job_lane[] = {
	"MARS agent jobs", "CloudBackup jobs", "WSB jobs (events)", "Get-WBJob jobs",
	"wbadmin jobs"
};
static const char *const marker_lane[] = {
	"VSS events", "volsnap events", "Service Control Mgr", "WSB events",
	"CloudBackup events", "Findings"
};

struct scale {
	int64_t from, to;	/* the times at X0 and X1 */
	int lane_of_job[JOB_SRC_COUNT];	/* -1 when the source has no row */
	int lane_of_marker[TL_SOURCE_COUNT];
	int nlanes;
};

static long
xpos(const struct scale *s, int64_t ms)
{
	double f;

	if (ms <= s->from)
		return X0;
	if (ms >= s->to)
		return X1;
	f = (double)(ms - s->from) / (double)(s->to - s->from);
	return X0 + (long)(f * (X1 - X0) + 0.5);
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The span with some room at both ends; at least an hour, so one job is not a full bar. */
static void
scale_span(struct scale *s, const struct timeline *t)
{
	int64_t from = t->from_ms, to = t->to_ms, pad;

	if (t->window && t->window_to > to)
		to = t->window_to;
	if (to - from < HOUR_MS) {
		pad = (HOUR_MS - (to - from)) / 2;
		from -= pad;
		to += pad;
	}
	pad = (to - from) / 40;
	if (pad < MIN_MS)
		pad = MIN_MS;
	s->from = from - pad;
	s->to = to + pad;
}

static void
scale_lanes(struct scale *s, const struct timeline *t)
{
	size_t i;
	int k;

	for (k = 0; k < JOB_SRC_COUNT; k++)
		s->lane_of_job[k] = -1;
	for (k = 0; k < TL_SOURCE_COUNT; k++)
		s->lane_of_marker[k] = -1;
	for (i = 0; i < t->nrows; i++) {
		if (t->rows[i].is_job && (unsigned)t->rows[i].job_source < JOB_SRC_COUNT)
			s->lane_of_job[t->rows[i].job_source] = 0;
		else if (!t->rows[i].is_job && (unsigned)t->rows[i].source < TL_SOURCE_COUNT)
			s->lane_of_marker[t->rows[i].source] = 0;
	}
	s->nlanes = 0;
	for (k = 0; k < JOB_SRC_COUNT; k++)
		if (s->lane_of_job[k] == 0)
			s->lane_of_job[k] = s->nlanes++;
	for (k = 0; k < TL_SOURCE_COUNT; k++)
		if (s->lane_of_marker[k] == 0)
			s->lane_of_marker[k] = s->nlanes++;
}

static int
lane_mid(int lane)
{
	return TOP + lane * LANE_H + LANE_H / 2;
}

/* ---- the axis ---- */

static void
put_tick(FILE *fp, long x, int y, const char *label)
{
	fprintf(fp, "<line class=\"grid\" x1=\"%ld\" y1=\"%d\" x2=\"%ld\" y2=\"%d\"/>", x, TOP,
	    x, y + 4);
	/* A label centred on a tick near the right edge would be cut off. */
	fprintf(fp, "<text class=\"tick\" x=\"%ld\" y=\"%d\" text-anchor=\"%s\">%s</text>\n",
	    x, y + 18, x + 40 > VIEW_W ? "end" : "middle", label);
}

/* Ticks every 1 to 12 hours or 1, 2, 7 or 14 days at most MAX_TICKS apart... */
static int
fixed_ticks(FILE *fp, const struct scale *s, int y)
{
	static const int64_t steps[] = { HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS, 6 * HOUR_MS,
		12 * HOUR_MS, DAY_MS, 2 * DAY_MS, 7 * DAY_MS, 14 * DAY_MS };
	int64_t step = 0, base, ms, span = s->to - s->from;
	int yy, mo, d, h, mi, sec, msec, n = 0;
	char label[24];
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(steps) && step == 0; i++)
		if (span / steps[i] <= 8)
			step = steps[i];
	if (step == 0)
		return 0;
	base = step >= 7 * DAY_MS ? 4 * DAY_MS : 0;	/* weeks start on Monday */
	for (ms = base + (floor_div(s->from - base, step) + 1) * step; ms < s->to &&
	    n < MAX_TICKS; ms += step, n++) {
		utc_split(ms, &yy, &mo, &d, &h, &mi, &sec, &msec);
		if (step < DAY_MS)
			snprintf(label, sizeof label, "%02d-%02d %02d:%02d", mo, d, h, mi);
		else
			snprintf(label, sizeof label, "%04d-%02d-%02d", yy, mo, d);
		put_tick(fp, xpos(s, ms), y, label);
	}
	return 1;
}

/* ...or on the first of every 1, 3, 6 or 12 months, or of every few years. */
static void
month_ticks(FILE *fp, const struct scale *s, int y)
{
	static const int steps[] = { 1, 3, 6, 12, 24, 60, 120, 600, 1200, 6000 };
	int64_t span = s->to - s->from, ms;
	int yy, mo, d, h, mi, sec, msec, step = 0, n;
	char label[24];
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(steps) && step == 0; i++)
		if (span / ((int64_t)steps[i] * 30 * DAY_MS) <= 8)
			step = steps[i];
	if (step == 0)
		step = steps[MT_ARRAY_LEN(steps) - 1];
	utc_split(s->from, &yy, &mo, &d, &h, &mi, &sec, &msec);
	mo = ((mo - 1) / step + 1) * step + 1;	/* the next month on the step */
	for (n = 0; n < MAX_TICKS; n++, mo += step) {
		yy += (mo - 1) / 12;
		mo = (mo - 1) % 12 + 1;
		if (yy > 9999)
			break;
		ms = utc_ms(yy, mo, 1, 0, 0, 0, 0);
		if (ms >= s->to)
			break;
		if (step >= 12)
			snprintf(label, sizeof label, "%04d", yy);
		else
			snprintf(label, sizeof label, "%04d-%02d", yy, mo);
		put_tick(fp, xpos(s, ms), y, label);
	}
}

static void
put_axis(FILE *fp, const struct scale *s, const struct report *r)
{
	int y = TOP + s->nlanes * LANE_H;

	fprintf(fp, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", X0, y, X1,
	    y);
	if (!fixed_ticks(fp, s, y))
		month_ticks(fp, s, y);
	fprintf(fp, "<text class=\"lbl\" x=\"8\" y=\"%d\">UTC</text>", y + 18);
	if (r->tz_note != NULL && strstr(r->tz_note, "unknown") != NULL)
		fprintf(fp, "<text class=\"tick\" x=\"40\" y=\"%d\">agent log: zone unknown</text>",
		    y + 18);
	fputc('\n', fp);
}

/* ---- rows ---- */

/* The tooltip: what, when, where. */
static void
put_row_title(FILE *fp, const struct tl_row *w)
{
	struct strbuf sb = STRBUF_INIT;
	char when[48];

	fputs("<title>", fp);
	html_put(fp, w->is_job ? job_source_title(w->job_source) : tl_source_title(w->source));
	fputs(": ", fp);
	tl_row_what(w, &sb);
	html_put(fp, sb_str(&sb));
	sb_free(&sb);
	tl_row_time_text(w, when);
	fprintf(fp, "\n%s %s", when, w->time_quality == TQ_ZONE_UNKNOWN ?
	    "(local time, zone unknown)" : "UTC");
	if (w->job_id != NULL) {
		fputs("\njob ", fp);
		html_put(fp, w->job_id);
	}
	if (w->evidence != NULL && w->evidence->file != NULL) {
		fputs(w->count > 1 ? "\nfirst: " : "\n", fp);
		html_put(fp, w->evidence->file);
		if (w->evidence->line > 0)
			fprintf(fp, ":%ld", w->evidence->line);
		if (w->evidence->has_record_id)
			fprintf(fp, ", event record %" PRIu64, w->evidence->record_id);
	}
	fputs("</title>", fp);
}

/* A job as a bar; merged jobs as a bar split by outcome from the top (failed, warning, no
 * end, succeeded), each part as tall as its share, so that a few failures among many
 * successes neither vanish nor colour the whole bar. */
static void
put_job(FILE *fp, const struct scale *s, const struct tl_row *w)
{
	static const enum job_outcome order[] = { JOB_FAILED, JOB_WARNING, JOB_UNKNOWN,
		JOB_SUCCESS };
	long x1 = xpos(s, w->first_ms), x2 = xpos(s, w->last_ms), h, left;
	int y = lane_mid(s->lane_of_job[w->job_source]) - (LANE_H - 10) / 2;
	uint64_t rest;
	size_t i;

	if (x2 - x1 < 4) {
		x1 -= (4 - (x2 - x1)) / 2;
		x2 = x1 + 4;
	}
	if (w->count <= 1) {
		fprintf(fp, "<rect class=\"o-%s\" x=\"%ld\" y=\"%d\" width=\"%ld\" "
		    "height=\"%d\" rx=\"2\">", job_outcome_name(w->outcome), x1, y, x2 - x1,
		    LANE_H - 10);
		put_row_title(fp, w);
		fputs("</rect>\n", fp);
		return;
	}
	fputs("<g>", fp);
	put_row_title(fp, w);
	left = LANE_H - 10;
	rest = w->count;
	for (i = 0; i < MT_ARRAY_LEN(order) && left > 0 && rest > 0; i++) {
		uint64_t n = w->outcomes[order[i]];

		if (n == 0)
			continue;
		/* Every outcome present gets at least 2 units; the last part takes what is left. */
		h = n == rest ? left : (long)((n * (uint64_t)(LANE_H - 10) + rest / 2) / w->count);
		if (h < 2)
			h = 2;
		if (h > left)
			h = left;
		fprintf(fp, "<rect class=\"o-%s agg\" x=\"%ld\" y=\"%ld\" width=\"%ld\" "
		    "height=\"%ld\"/>", job_outcome_name(order[i]), x1,
		    (long)y + (LANE_H - 10) - left, x2 - x1, h);
		left -= h;
		rest -= n;
	}
	fputs("</g>\n", fp);
}

static const char *
finding_class(enum severity sev)
{
	return sev >= SEV_ERROR ? "o-failed" : sev == SEV_WARNING ? "o-warning" : "o-unknown";
}

static void
put_marker(FILE *fp, const struct scale *s, const struct tl_row *w)
{
	long x = xpos(s, w->first_ms), x2 = xpos(s, w->last_ms);
	int y = lane_mid(s->lane_of_marker[w->source]), r = w->count > 1 ? 6 : 5;
	int lv = w->level >= 1 && w->level <= 3 ? w->level : 3;

	fputs("<g>", fp);
	put_row_title(fp, w);
	if (x2 > x + 2)
		fprintf(fp, "<line class=\"span m%d\" x1=\"%ld\" y1=\"%d\" x2=\"%ld\" y2=\"%d\"/>",
		    (int)w->source, x, y, x2, y);
	if (w->source == TL_FINDING)
		fprintf(fp, "<path class=\"%s lv%d\" d=\"M%ld %dl%d %dl%d %dl%d %dz\"/>",
		    finding_class(w->severity), lv == 3 ? 2 : lv, x, y - r - 1, r + 1, r + 1,
		    -(r + 1), r + 1, -(r + 1), -(r + 1));
	else
		fprintf(fp, "<circle class=\"m%d lv%d\" cx=\"%ld\" cy=\"%d\" r=\"%d\"/>",
		    (int)w->source, lv, x, y, lv == 3 ? r - 1 : r);
	fputs("</g>\n", fp);
}

static void
put_window(FILE *fp, const struct scale *s, const struct timeline *t)
{
	long x1 = xpos(s, t->window_from), x2 = xpos(s, t->window_to);
	char when[20];

	if (x2 - x1 < 4)
		x2 = x1 + 4;
	fprintf(fp, "<rect class=\"win\" x=\"%ld\" y=\"%d\" width=\"%ld\" height=\"%d\"/>\n", x1,
	    TOP - 4, x2 - x1, s->nlanes * LANE_H + 8);
	tl_time_text(t->window_from, when);
	when[16] = '\0';
	if (x1 > X1 - 260)
		fprintf(fp, "<text class=\"wintext\" x=\"%ld\" y=\"%d\" text-anchor=\"end\">"
		    "failing since %s</text>\n", x2, TOP - 12, when);
	else
		fprintf(fp, "<text class=\"wintext\" x=\"%ld\" y=\"%d\">failing since %s</text>\n",
		    x1, TOP - 12, when);
}

void
html_svg_timeline(FILE *fp, const struct report *r, const struct timeline *t)
{
	struct strbuf sb = STRBUF_INIT;
	struct scale s;
	size_t i;
	int k, h;

	memset(&s, 0, sizeof s);
	scale_span(&s, t);
	scale_lanes(&s, t);
	h = TOP + s.nlanes * LANE_H + AXIS_H;
	fprintf(fp, "<svg class=\"tl\" viewBox=\"0 0 %d %d\" "
	    "role=\"img\" aria-labelledby=\"tl-title tl-desc\">\n", VIEW_W, h);
	fputs("<title id=\"tl-title\">Timeline of backup jobs and events (UTC)</title>\n"
	    "<desc id=\"tl-desc\">Backups: ", fp);
	report_backups_text(r, &sb);
	html_put(fp, sb_str(&sb));
	sb_free(&sb);
	fputs(".</desc>\n", fp);
	for (k = 0; k < s.nlanes; k++)
		if (k % 2 == 0)
			fprintf(fp, "<rect class=\"lane\" x=\"0\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\"/>\n", TOP + k * LANE_H, VIEW_W, LANE_H);
	put_axis(fp, &s, r);
	if (t->window)
		put_window(fp, &s, t);
	for (k = 0; k < JOB_SRC_COUNT; k++)
		if (s.lane_of_job[k] >= 0)
			fprintf(fp, "<text class=\"lbl\" x=\"8\" y=\"%d\">%s</text>\n",
			    lane_mid(s.lane_of_job[k]) + 4, job_lane[k]);
	for (k = 0; k < TL_SOURCE_COUNT; k++)
		if (s.lane_of_marker[k] >= 0)
			fprintf(fp, "<text class=\"lbl\" x=\"8\" y=\"%d\">%s</text>\n",
			    lane_mid(s.lane_of_marker[k]) + 4, marker_lane[k]);
	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].is_job && (unsigned)t->rows[i].job_source < JOB_SRC_COUNT)
			put_job(fp, &s, &t->rows[i]);
	for (i = 0; i < t->nrows; i++)
		if (!t->rows[i].is_job && (unsigned)t->rows[i].source < TL_SOURCE_COUNT)
			put_marker(fp, &s, &t->rows[i]);
	fputs("</svg>\n", fp);
}
