/* Parser for wbadmin outputs (start systemstatebackup, get versions, get status): one wbadmin
 * record per notable line or ERROR block, one wbadmin.version record per backup version. */
#include <string.h>
#include "parsers_backup.h"

#define EXCERPT_MAX	1024
#define MSG_MAX		2048	/* bytes of one ERROR block's message */

#define BID_HEADER	32	/* "wbadmin 1.0 - Backup command-line tool" */
#define BID_PHRASE	8	/* each line wbadmin alone prints */
#define BID_MAX		64

/* Lines that only wbadmin prints, as line starts: two of them make a bid without the header. */
static const char *const phrases[] = {
	"The backup of the system state ", "Starting System State Backup",
	"Starting a backup", "System writer is not found in the backup",
	"Summary of the backup operation:", "Log of files successfully backed up",
	"Log of files for which backup failed", "Retrieving volume information...",
	"Version identifier:", "Can recover:", "Backup time:", "Overall progress:",
	"Creating a shadow copy of the volumes specified for backup",
	"Creating the shadow copy of volumes requested for backup",
	"The backup operation successfully completed", NULL
};

enum {
	V_TARGET = 1, V_ID = 2, V_RECOVER = 4
};

struct wb {
	int in_error;		/* collecting an "ERROR - " block */
	long error_line;
	struct strbuf msg;
	struct strbuf excerpt;
	int log_expect;		/* 1: success log path comes next, 2: failure log path */
	char progress[8];	/* last "Overall progress" percentage */
	int outcome;		/* a succeeded or failed line was seen */
	int version_open;	/* ctx->rec holds a wbadmin.version being filled */
	unsigned vset;		/* its fields already set (each is set once) */
};

static int
is_header(const char *s, size_t n)
{
	return has_prefix(s, n, "wbadmin 1.") && mt_memmem(s, n, " - ", 3) != NULL;
}

static int
wbadmin_bid(const char *name, const char *head, size_t headlen)
{
	const char *l;
	size_t ll, pos = 0, i;
	int bid = 0, header = 0, lines = 0;

	(void)name;
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		trim_span(&l, &ll);
		if (is_header(l, ll)) {
			header = 1;
			continue;
		}
		for (i = 0; phrases[i]; i++)
			if (ll >= strlen(phrases[i]) &&
			    ascii_ncasecmp(l, phrases[i], strlen(phrases[i])) == 0) {
				lines++;
				break;
			}
	}
	if (header)
		bid = BID_HEADER + lines * BID_PHRASE;
	else if (lines >= 2)
		bid = lines * BID_PHRASE;
	return bid > BID_MAX ? BID_MAX : bid;
}

static int
starts(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);

	return n >= l && ascii_ncasecmp(s, prefix, l) == 0;
}

/* Sets the record time from the last "[...]" of the line, if it holds a date. */
static void
bracket_time(struct parse_ctx *ctx, const char *s, size_t n)
{
	size_t open, close;

	for (close = n; close > 0 && s[close - 1] != ']'; close--)
		;
	if (close == 0)
		return;
	close--;
	for (open = close; open > 0 && s[open - 1] != '['; open--)
		;
	if (open == 0)
		return;
	cmdout_set_local_time(ctx, s + open, close - open);
}

static void
version_end(struct parse_ctx *ctx, struct wb *w)
{
	if (!w->version_open)
		return;
	w->version_open = 0;
	if (record_get(&ctx->rec, "can_recover") == NULL)
		record_sets(&ctx->rec, "system_state", "no");
	parse_emit(ctx);
}

static void
event_begin(struct parse_ctx *ctx, struct wb *w, const char *event, long line, const char *s,
    size_t n)
{
	version_end(ctx, w);
	record_begin(&ctx->rec, "wbadmin", ctx->entry, line);
	record_sets(&ctx->rec, "event", event);
	record_set_excerpt(&ctx->rec, s, parse_utf8_cut(s, n, EXCERPT_MAX));
}

static void
event_line(struct parse_ctx *ctx, struct wb *w, const char *event, const char *s, size_t n)
{
	struct parse_codes codes;

	event_begin(ctx, w, event, textin_lineno(ctx->in), s, n);
	record_set(&ctx->rec, "message", s, parse_utf8_cut(s, n, MSG_MAX));
	bracket_time(ctx, s, n);
	parse_codes_init(&codes);
	parse_codes_scan(&codes, s, n, 0);
	parse_codes_set(&codes, &ctx->rec);
	if (w->progress[0] && strcmp(event, "system_writer_missing") != 0)
		record_sets(&ctx->rec, "progress", w->progress);
	parse_emit(ctx);
}

static void
error_end(struct parse_ctx *ctx, struct wb *w)
{
	struct parse_codes codes;

	if (!w->in_error)
		return;
	w->in_error = 0;
	event_begin(ctx, w, "error", w->error_line, w->excerpt.s ? w->excerpt.s : "",
	    w->excerpt.len);
	record_set(&ctx->rec, "message", w->msg.s ? w->msg.s : "", w->msg.len);
	if (w->progress[0])
		record_sets(&ctx->rec, "progress", w->progress);
	parse_codes_init(&codes);
	parse_codes_scan(&codes, w->msg.s, w->msg.len, 0);
	parse_codes_set(&codes, &ctx->rec);
	parse_emit(ctx);
}

static void
log_path(struct parse_ctx *ctx, struct wb *w, const char *s, size_t n)
{
	event_begin(ctx, w, "log_path", textin_lineno(ctx->in), s, n);
	record_set(&ctx->rec, "log_path", s, n);
	record_sets(&ctx->rec, "log_type", w->log_expect == 2 ? "failure" : "success");
	parse_emit(ctx);
	w->log_expect = 0;
}

static int
looks_like_path(const char *s, size_t n)
{
	return (n >= 3 && s[1] == ':' && s[2] == '\\') || has_prefix(s, n, "\\\\");
}

/* "Backup time:", "Backup target:"/"Backup location:", "Version identifier:", "Can recover:". */
static int
version_line(struct parse_ctx *ctx, struct wb *w, const char *s, size_t n)
{
	static const char *const k_time[] = {"Backup time", NULL};
	static const char *const k_target[] = {"Backup target", "Backup location", NULL};
	static const char *const k_id[] = {"Version identifier", NULL};
	static const char *const k_recover[] = {"Can recover", NULL};
	const char *l, *v;
	size_t ll, vl;

	if (cmdout_label_value(s, n, &l, &ll, &v, &vl) != 0)
		return 0;
	if (cmdout_label_is(l, ll, k_time)) {
		version_end(ctx, w);
		record_begin(&ctx->rec, "wbadmin.version", ctx->entry, textin_lineno(ctx->in));
		record_set_excerpt(&ctx->rec, s, parse_utf8_cut(s, n, EXCERPT_MAX));
		record_set(&ctx->rec, "backup_time", v, vl);
		cmdout_set_local_time(ctx, v, vl);
		w->version_open = 1;
		w->vset = 0;
		return 1;
	}
	if (!w->version_open)
		return 0;
	if (cmdout_label_is(l, ll, k_target) && !(w->vset & V_TARGET)) {
		record_set(&ctx->rec, "target", v, vl);
		w->vset |= V_TARGET;
	} else if (cmdout_label_is(l, ll, k_id) && !(w->vset & V_ID)) {
		record_set(&ctx->rec, "version_id", v, vl);
		w->vset |= V_ID;
	} else if (cmdout_label_is(l, ll, k_recover) && !(w->vset & V_RECOVER)) {
		record_set(&ctx->rec, "can_recover", v, vl);
		record_sets(&ctx->rec, "system_state",
		    ascii_casestr(v, vl, "System State") ? "yes" : "no");
		w->vset |= V_RECOVER;
	} else
		return 0;
	return 1;
}

/* "Overall progress: 57% (...)": keeps the percentage. */
static void
progress_line(struct wb *w, const char *s, size_t n)
{
	const char *l, *v;
	size_t ll, vl, i;

	if (cmdout_label_value(s, n, &l, &ll, &v, &vl) != 0)
		return;
	for (i = 0; i < vl && i + 1 < sizeof w->progress && v[i] >= '0' && v[i] <= '9'; i++)
		w->progress[i] = v[i];
	if (i > 0 && i < vl && v[i] == '%') {
		w->progress[i] = '%';
		w->progress[i + 1] = '\0';
	} else
		w->progress[0] = '\0';
}

static void
wbadmin_line(struct parse_ctx *ctx, struct wb *w, const char *s, size_t n)
{
	if (w->log_expect) {
		if (looks_like_path(s, n)) {
			log_path(ctx, w, s, n);
			return;
		}
		w->log_expect = 0;
	}
	if (starts(s, n, "Log of files successfully backed up") ||
	    starts(s, n, "Log of files for which backup failed")) {
		const char *l, *v;
		size_t ll, vl;

		/* The path is on the next line, or after the colon in a joined capture. */
		w->log_expect = starts(s, n, "Log of files for") ? 2 : 1;
		if (cmdout_label_value(s, n, &l, &ll, &v, &vl) == 0 && looks_like_path(v, vl))
			log_path(ctx, w, v, vl);
		return;
	}
	if (has_prefix(s, n, "ERROR - ") || (n == 7 && memcmp(s, "ERROR -", 7) == 0)) {
		error_end(ctx, w);
		w->in_error = 1;
		w->error_line = textin_lineno(ctx->in);
		sb_reset(&w->msg);
		sb_reset(&w->excerpt);
		cmdout_append(&w->excerpt, NULL, s, n, EXCERPT_MAX);
		if (n > 8)
			cmdout_append(&w->msg, NULL, s + 8, n - 8, MSG_MAX);
		return;
	}
	if (starts(s, n, "System writer is not found in the backup"))
		event_line(ctx, w, "system_writer_missing", s, n);
	else if (starts(s, n, "Starting") && (ascii_casestr(s, n, "backup") ||
	    ascii_casestr(s, n, "back up")) && !starts(s, n, "Starting to back up the files"))
		event_line(ctx, w, "backup_started", s, n);
	else if (starts(s, n, "The backup") && ascii_casestr(s, n, "successfully completed")) {
		event_line(ctx, w, "backup_succeeded", s, n);
		w->outcome = 1;
	} else if (starts(s, n, "The backup") && (ascii_casestr(s, n, " failed") ||
	    ascii_casestr(s, n, "stopped before completing") ||
	    ascii_casestr(s, n, "did not complete"))) {
		event_line(ctx, w, "backup_failed", s, n);
		w->outcome = 1;
	} else if (starts(s, n, "Overall progress:"))
		progress_line(w, s, n);
	else
		version_line(ctx, w, s, n);
}

static int
wbadmin_parse(struct parse_ctx *ctx)
{
	struct wb w;
	const char *line;
	size_t len;
	int rc;

	memset(&w, 0, sizeof w);
	while ((rc = cmdout_getline(ctx, &line, &len)) == 1) {
		trim_span(&line, &len);
		if (w.in_error) {
			if (len > 0 && !has_prefix(line, len, "ERROR - ") &&
			    !starts(line, len, "Log of files") &&
			    !starts(line, len, "The backup")) {
				cmdout_append(&w.msg, " ", line, len, MSG_MAX);
				cmdout_append(&w.excerpt, "\n", line, len, EXCERPT_MAX);
				continue;
			}
			error_end(ctx, &w);
		}
		if (len == 0) {
			version_end(ctx, &w);
			continue;
		}
		wbadmin_line(ctx, &w, line, len);
	}
	error_end(ctx, &w);
	version_end(ctx, &w);
	if (w.progress[0] && !w.outcome && rc == 0) {
		/* get status, or a capture cut before the end: the job was still running. */
		record_begin(&ctx->rec, "wbadmin", ctx->entry, 0);
		record_sets(&ctx->rec, "event", "in_progress");
		record_sets(&ctx->rec, "progress", w.progress);
		parse_emit(ctx);
	}
	sb_free(&w.msg);
	sb_free(&w.excerpt);
	return rc < 0 ? -1 : 0;
}

static const char *const wbadmin_globs[] = {
	"*wbadmin*", NULL
};

const struct parser parser_wbadmin = {
	"wbadmin",
	"wbadmin start systemstatebackup, get versions and get status outputs",
	wbadmin_globs,
	wbadmin_bid,
	wbadmin_parse
};
