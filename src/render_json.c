/* The JSON renderer: one versioned object per bundle, keys in a fixed order, 2-space
 * indentation, null for what is unknown. */
#include <inttypes.h>
#include <stdlib.h>
#include "escape.h"
#include "render.h"
#include "timeline.h"
#include "timeparse.h"
#include "util.h"

#define SCHEMA_VERSION 1

/* A pretty-printing writer: open containers nest, members are separated and indented. */
struct jw {
	FILE *fp;
	int depth;
	int empty;	/* the innermost open container has no member yet */
};

/* Starts a member: the separator, the indentation and, inside an object, the key. */
static void
jw_member(struct jw *w, const char *key)
{
	int i;

	fputs(w->empty ? "\n" : ",\n", w->fp);
	for (i = 0; i < w->depth; i++)
		fputs("  ", w->fp);
	if (key != NULL) {
		json_put_string(w->fp, key);
		fputs(": ", w->fp);
	}
	w->empty = 0;
}

static void
jw_open(struct jw *w, const char *key, char bracket)
{
	jw_member(w, key);
	fputc(bracket, w->fp);
	w->depth++;
	w->empty = 1;
}

static void
jw_close(struct jw *w, char bracket)
{
	int i;

	w->depth--;
	if (!w->empty) {
		fputc('\n', w->fp);
		for (i = 0; i < w->depth; i++)
			fputs("  ", w->fp);
	}
	fputc(bracket, w->fp);
	w->empty = 0;
}

static void
jw_str(struct jw *w, const char *key, const char *s)
{
	jw_member(w, key);
	json_put_string(w->fp, s);
}

static void
jw_u64(struct jw *w, const char *key, uint64_t v)
{
	jw_member(w, key);
	fprintf(w->fp, "%" PRIu64, v);
}

static void
jw_null(struct jw *w, const char *key)
{
	jw_member(w, key);
	fputs("null", w->fp);
}

static void
put_tool_and_bundle(struct jw *w, const struct report *r)
{
	jw_open(w, "tool", '{');
	jw_str(w, "name", "marstriage");
	jw_str(w, "version", r->tool_version);
	jw_close(w, '}');
	jw_str(w, "rules_version", r->rules_version);
	jw_open(w, "bundle", '{');
	jw_str(w, "path", r->bundle);
	jw_str(w, "host", r->host);
	jw_str(w, "os", r->os);
	jw_str(w, "agent_version", r->agent_version);
	jw_str(w, "time_first", r->time_first);
	jw_str(w, "time_last", r->time_last);
	jw_str(w, "tz_note", r->tz_note);
	jw_close(w, '}');
}

static void
put_verdict(struct jw *w, const struct report *r)
{
	size_t *top, ntop, i;
	enum severity worst;
	int any;

	jw_open(w, "verdict", '{');
	if (r->unreadable)
		jw_str(w, "status", "unreadable");
	else
		jw_str(w, "status", report_is_healthy(r) ? "healthy" : "problems");
	worst = report_worst(r, &any);
	if (any)
		jw_str(w, "worst_severity", severity_name(worst));
	else
		jw_null(w, "worst_severity");
	top = xcalloc(r->nfindings, sizeof *top);
	ntop = report_top(r, top);
	jw_open(w, "top", '[');
	for (i = 0; i < ntop; i++) {
		const struct finding *f = &r->findings[top[i]];

		jw_open(w, NULL, '{');
		jw_str(w, "rule", f->rule);
		jw_str(w, "subject", f->subject);
		jw_str(w, "severity", severity_name(f->severity));
		jw_str(w, "title", f->title);
		jw_str(w, "message", f->message);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	free(top);
	jw_close(w, '}');
}

static void
put_evidence(struct jw *w, const struct evidence *e)
{
	jw_open(w, NULL, '{');
	jw_str(w, "file", e->file);
	if (e->line > 0) {
		jw_member(w, "line");
		fprintf(w->fp, "%ld", e->line);
	} else
		jw_null(w, "line");
	if (e->has_record_id)
		jw_u64(w, "event_record_id", e->record_id);
	else
		jw_null(w, "event_record_id");
	jw_str(w, "time", e->time);
	jw_str(w, "time_quality", report_time_quality_name(e->time_quality));
	jw_str(w, "excerpt", e->excerpt);
	jw_close(w, '}');
}

static void
put_finding(struct jw *w, const struct finding *f)
{
	size_t i;

	jw_open(w, NULL, '{');
	jw_str(w, "rule", f->rule);
	jw_str(w, "subject", f->subject);
	jw_str(w, "severity", severity_name(f->severity));
	jw_str(w, "title", f->title);
	jw_str(w, "message", f->message);
	jw_str(w, "section", f->section);
	jw_u64(w, "count", f->count);
	jw_str(w, "first_time", f->first_time);
	jw_str(w, "last_time", f->last_time);
	jw_str(w, "explained_by", f->explained_by);
	jw_open(w, "evidence", '[');
	for (i = 0; i < f->nevidence; i++)
		put_evidence(w, &f->evidence[i]);
	jw_close(w, ']');
	jw_str(w, "cause", f->cause);
	jw_str(w, "resolution", f->resolution);
	jw_open(w, "references", '[');
	for (i = 0; i < f->nreferences; i++)
		jw_str(w, NULL, f->references[i]);
	jw_close(w, ']');
	jw_close(w, '}');
}

static const char *
check_status_key(enum check_status s)
{
	switch (s) {
	case CHECK_PASS:
		return "pass";
	case CHECK_FAIL:
		return "fail";
	default:
		return "not_verifiable";
	}
}

static void
put_checklist(struct jw *w, const struct report *r)
{
	size_t i;

	jw_open(w, "checklist", '[');
	for (i = 0; i < r->nchecks; i++) {
		const struct check *c = &r->checks[i];

		jw_open(w, NULL, '{');
		jw_str(w, "rule", c->rule);
		jw_str(w, "title", c->title);
		jw_str(w, "section", c->section);
		jw_str(w, "status", check_status_key(c->status));
		jw_str(w, "severity", severity_name(c->severity));
		jw_str(w, "detail", c->detail);
		jw_str(w, "ask", c->ask);
		jw_str(w, "ask_file", c->ask_file);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void
jw_time(struct jw *w, const char *key, int64_t ms)
{
	char buf[25];

	format_iso8601(ms, buf);
	jw_str(w, key, buf);
}

/* Where a job's outcome or a marker's first event was read. */
static void
put_where(struct jw *w, const struct evidence *e)
{
	jw_str(w, "file", e->file);
	if (e->line > 0)
		jw_u64(w, "line", (uint64_t)e->line);
	else
		jw_null(w, "line");
	if (e->has_record_id)
		jw_u64(w, "event_record_id", e->record_id);
	else
		jw_null(w, "event_record_id");
	jw_str(w, "excerpt", e->excerpt);
}

static void
put_jobs(struct jw *w, const struct report *r)
{
	const struct job_status *st = &r->backups;
	size_t i;
	int s;

	jw_open(w, "jobs", '{');
	if (st->basis >= 0 && st->basis < JOB_SRC_COUNT && st->jobs > 0)
		jw_str(w, "basis", job_source_name((enum job_source)st->basis));
	else
		jw_null(w, "basis");
	jw_u64(w, "jobs_with_outcome", st->jobs);
	jw_str(w, "last_success", st->last_success);
	jw_u64(w, "failure_streak", st->failure_streak);
	jw_str(w, "streak_first_failure", st->streak_first);
	jw_str(w, "time_quality", report_time_quality_name(st->time_quality));
	jw_open(w, "list", '[');
	for (i = 0; i < r->njobs; i++) {
		const struct job *jb = &r->jobs[i];

		jw_open(w, NULL, '{');
		jw_str(w, "source", job_source_name(jb->source));
		jw_str(w, "id", jb->id);
		jw_time(w, "start", jb->start_ms);
		jw_time(w, "end", jb->end_ms);
		jw_str(w, "time_quality", report_time_quality_name(jb->time_quality));
		jw_str(w, "outcome", job_outcome_name(jb->outcome));
		jw_str(w, "hresult", jb->hresult);
		put_where(w, &jb->evidence);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_open(w, "older", '[');
	for (s = 0; s < JOB_SRC_COUNT; s++) {
		const struct job_tally *o = &r->older[s];

		if (o->jobs == 0)
			continue;
		jw_open(w, NULL, '{');
		jw_str(w, "source", job_source_name((enum job_source)s));
		jw_u64(w, "jobs", o->jobs);
		jw_u64(w, "succeeded", o->succeeded);
		jw_u64(w, "warning", o->warnings);
		jw_u64(w, "failed", o->failed);
		jw_u64(w, "unknown", o->unknown);
		jw_time(w, "first_start", o->first_ms);
		jw_time(w, "last_start", o->last_ms);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
}

/* The span of everything timed, the failure window, and the error and warning events. */
static void
put_timeline(struct jw *w, const struct report *r)
{
	struct timeline t;
	size_t i;

	timeline_build(r, (size_t)-1, &t);
	jw_open(w, "timeline", '{');
	if (t.nrows > 0) {
		jw_time(w, "from", t.from_ms);
		jw_time(w, "to", t.to_ms);
	} else {
		jw_null(w, "from");
		jw_null(w, "to");
	}
	if (t.window) {
		jw_open(w, "failure_window", '{');
		jw_time(w, "from", t.window_from);
		jw_time(w, "to", t.window_to);
		jw_close(w, '}');
	} else
		jw_null(w, "failure_window");
	if (r->marker_bucket_ms > 0 && r->marker_bucket_ms < INT64_MAX)
		jw_u64(w, "markers_merged_over_seconds", (uint64_t)(r->marker_bucket_ms / 1000));
	else if (r->marker_bucket_ms > 0)
		jw_str(w, "markers_merged_over_seconds", "all");
	else
		jw_null(w, "markers_merged_over_seconds");
	jw_open(w, "markers", '[');
	for (i = 0; i < r->nmarkers; i++) {
		const struct tl_marker *m = &r->markers[i];

		jw_open(w, NULL, '{');
		jw_str(w, "source", tl_source_name(m->source));
		if (m->event_id != 0)
			jw_u64(w, "event_id", m->event_id);
		else
			jw_null(w, "event_id");
		jw_str(w, "level", tl_level_name(m->level));
		jw_u64(w, "count", m->count);
		jw_time(w, "first", m->first_ms);
		jw_time(w, "last", m->last_ms);
		jw_str(w, "time_quality", report_time_quality_name(m->time_quality));
		put_where(w, &m->evidence);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
	timeline_free(&t);
}

static void
put_asks(struct jw *w, const struct report *r)
{
	struct report_ask *a;
	size_t n, i, k;

	n = report_asks(r, &a);
	jw_open(w, "ask_customer", '[');
	for (i = 0; i < n; i++) {
		jw_open(w, NULL, '{');
		jw_str(w, "command", a[i].command);
		jw_str(w, "file", a[i].file);
		jw_open(w, "for", '[');
		for (k = 0; k < a[i].nrules; k++)
			jw_str(w, NULL, a[i].rules[k]);
		jw_close(w, ']');
		jw_close(w, '}');
	}
	jw_close(w, ']');
	report_asks_free(a, n);
}

static void
put_entry(struct jw *w, const struct inv_entry *e)
{
	unsigned bit;

	jw_open(w, NULL, '{');
	jw_str(w, "path", e->path);
	jw_u64(w, "depth", e->depth < 0 ? 0 : (uint64_t)e->depth);
	jw_str(w, "status", inv_status_name(e->status));
	jw_str(w, "kind", e->kind);
	jw_u64(w, "records", e->records);
	if (e->size_declared >= 0)
		jw_u64(w, "size_declared", (uint64_t)e->size_declared);
	else
		jw_null(w, "size_declared");
	jw_u64(w, "bytes_read", e->bytes_read);
	jw_str(w, "encoding", e->encoding);
	jw_u64(w, "replacements", e->replacements);
	jw_open(w, "flags", '[');
	for (bit = 1; bit != 0 && bit <= e->flags; bit <<= 1)
		if ((e->flags & bit) && report_flag_name(bit) != NULL)
			jw_str(w, NULL, report_flag_name(bit));
	jw_close(w, ']');
	jw_str(w, "note", e->note);
	jw_close(w, '}');
}

static void
put_inventory(struct jw *w, const struct report *r)
{
	size_t i, n = r->inventory ? inventory_count(r->inventory) : 0;
	const struct report_totals *t = &r->totals;

	jw_open(w, "inventory", '[');
	for (i = 0; i < n; i++)
		put_entry(w, inventory_at(r->inventory, i));
	jw_close(w, ']');
	jw_open(w, "totals", '{');
	jw_u64(w, "entries", t->entries);
	jw_u64(w, "bytes_read", t->bytes_read);
	jw_u64(w, "records", t->records);
	jw_u64(w, "parsed", t->parsed);
	jw_u64(w, "partial", t->partial);
	jw_u64(w, "skipped", t->skipped);
	jw_u64(w, "failed", t->failed);
	jw_u64(w, "containers", t->containers);
	jw_close(w, '}');
}

static int
json_render(const struct report *r, FILE *fp)
{
	struct jw w = { fp, 1, 1 };
	size_t i;

	fputc('{', fp);
	jw_member(&w, "schema_version");
	fprintf(fp, "%d", SCHEMA_VERSION);
	put_tool_and_bundle(&w, r);
	put_verdict(&w, r);
	jw_open(&w, "findings", '[');
	for (i = 0; i < r->nfindings; i++)
		put_finding(&w, &r->findings[i]);
	jw_close(&w, ']');
	put_checklist(&w, r);
	put_jobs(&w, r);
	put_timeline(&w, r);
	put_asks(&w, r);
	put_inventory(&w, r);
	jw_close(&w, '}');
	fputc('\n', fp);
	return ferror(fp) ? -1 : 0;
}

const struct renderer render_json = {
	"json", "json", "JSON, one object per bundle (schema_version 1)", json_render
};
