/* Parser for Windows Server Backup's per-job logs (Backup-*.log, Backup_Error-*.log): one
 * wsb.log record per "Error in backup of <path> during <phase>: Error [0x...] <text>" line. */
#include <string.h>
#include "parsers_backup.h"

#define EXCERPT_MAX	1024
#define MSG_MAX		2048

#define BID_FIRST	24	/* the first error line of the known shape */
#define BID_MORE	4
#define BID_MAX		64

static const char lead[] = "Error in backup of ";

/* Finds "Error [<code>]" in [s, s + n): sets the code span and returns the offset of
 * "Error [", or n when absent. */
static size_t
find_code(const char *s, size_t n, const char **code, size_t *clen)
{
	const char *p = s, *end = s + n, *close;

	while ((p = ascii_casestr(p, (size_t)(end - p), "Error [")) != NULL) {
		close = memchr(p + 7, ']', (size_t)(end - p - 7));
		if (close && close - (p + 7) <= 16 && close > p + 7) {
			*code = p + 7;
			*clen = (size_t)(close - *code);
			return (size_t)(p - s);
		}
		p += 7;
	}
	return n;
}

static int
is_error_line(const char *s, size_t n)
{
	const char *c;
	size_t cl;

	trim_span(&s, &n);
	return has_prefix(s, n, lead) && find_code(s, n, &c, &cl) < n;
}

static int
wsblog_bid(const char *name, const char *head, size_t headlen)
{
	const char *l;
	size_t ll, pos = 0;
	int bid = 0;

	(void)name;
	while (cmdout_next_line(head, headlen, &pos, &l, &ll))
		if (is_error_line(l, ll)) {
			bid = bid ? bid + BID_MORE : BID_FIRST;
			if (bid >= BID_MAX)
				return BID_MAX;
		}
	return bid;
}

/* Last occurrence of needle in [s, s + n), or NULL. */
static const char *
last_of(const char *s, size_t n, const char *needle)
{
	const char *p = s, *found = NULL, *end = s + n;
	size_t nl = strlen(needle);

	while ((p = mt_memmem(p, (size_t)(end - p), needle, nl)) != NULL) {
		found = p;
		p++;
	}
	return found;
}

static void
error_line(struct parse_ctx *ctx, const char *s, size_t n)
{
	const char *code, *msg, *head, *during;
	size_t clen, at, hl, ml;
	char hr[11];

	at = find_code(s, n, &code, &clen);
	record_begin(&ctx->rec, "wsb.log", ctx->entry, textin_lineno(ctx->in));
	record_set_excerpt(&ctx->rec, s, parse_utf8_cut(s, n, EXCERPT_MAX));
	if (at < n && hresult_normalise(code, clen, hr) == 0)
		record_sets(&ctx->rec, "hresult", hr);
	if (at < n) {
		msg = code + clen + 1;
		ml = (size_t)(s + n - msg);
		trim_span(&msg, &ml);
		record_set(&ctx->rec, "message", msg, parse_utf8_cut(msg, ml, MSG_MAX));
	} else
		record_set(&ctx->rec, "message", s, parse_utf8_cut(s, n, MSG_MAX));
	if (has_prefix(s, n, lead) && at < n) {
		/* "<path> during <phase>:" before the code; the path may hold spaces. */
		head = s + strlen(lead);
		hl = (size_t)(s + at - head);
		while (hl > 0 && (head[hl - 1] == ' ' || head[hl - 1] == ':'))
			hl--;
		if ((during = last_of(head, hl, " during ")) != NULL) {
			record_set(&ctx->rec, "phase", during + 8, (size_t)(head + hl - during - 8));
			hl = (size_t)(during - head);
		}
		record_set(&ctx->rec, "path", head, hl);
	}
	parse_emit(ctx);
}

static int
wsblog_parse(struct parse_ctx *ctx)
{
	const char *line, *c;
	size_t len, cl;
	int rc;

	while ((rc = cmdout_getline(ctx, &line, &len)) == 1) {
		trim_span(&line, &len);
		/* Other lines with a bracketed code are kept too, without path and phase. */
		if (is_error_line(line, len) ||
		    (find_code(line, len, &c, &cl) < len && has_prefix(c, cl, "0x")))
			error_line(ctx, line, len);
	}
	return rc < 0 ? -1 : 0;
}

static const char *const wsblog_globs[] = {
	"Backup_Error-*.log", "Backup-*.log", NULL
};

const struct parser parser_wsblog = {
	"wsb.log",
	"Windows Server Backup job logs (Backup-*.log, Backup_Error-*.log)",
	wsblog_globs,
	wsblog_bid,
	wsblog_parse
};
