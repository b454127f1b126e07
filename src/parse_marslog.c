/* Parser for the MARS agent's trace logs (CBEngine*.errlog, CBUICurr.errlog,
 * GatewayProvider*.errlog, OBInstaller*.errlog, OBManagedlog*): one mars.log record per log
 * line, continuation lines joined to the line they continue. */
#include <string.h>
#include "parser.h"
#include "parsers_event.h"
#include "timeparse.h"

#define MSG_MAX		(16 * 1024)	/* bytes of one message, continuations included */
#define EXCERPT_MAX	1024
#define FIELD_MAX	512

/* Bid: the first line of the leading pattern is strong evidence, each further one adds. */
#define BID_FIRST	24
#define BID_MORE	4
#define BID_MAX		64

/* The leading fields every log line starts with: PID TID MM/DD HH:MM:SS[.fff]. */
struct lead {
	const char *pid, *tid, *date;
	size_t pidlen, tidlen, datelen, timetextlen;
	int mon, day, h, mi, s, ms;
	size_t end;		/* offset just after the time */
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_hexc(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Next token of [s, s + n) from *pos, split on runs of spaces and tabs; 0 at the end. */
static int
next_token(const char *s, size_t n, size_t *pos, const char **tok, size_t *len)
{
	size_t i = *pos;

	while (i < n && ascii_isblank(s[i]))
		i++;
	if (i >= n)
		return 0;
	*tok = s + i;
	while (i < n && !ascii_isblank(s[i]))
		i++;
	*len = (size_t)(s + i - *tok);
	*pos = i;
	return 1;
}

static int
all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_hexc(s[i]))
			return 0;
	return n > 0;
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return n > 0;
}

/* Reads 1 or 2 digits at *p (bounded by end) into *v. */
static int
num2(const char **p, const char *end, int *v)
{
	int k = 0;

	*v = 0;
	while (*p < end && is_digit(**p) && k < 2) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k > 0 ? 0 : -1;
}

static int
parse_date(const char *s, size_t n, int *mon, int *day)
{
	const char *p = s, *end = s + n;

	if (num2(&p, end, mon) != 0 || p >= end || *p++ != '/' || num2(&p, end, day) != 0 ||
	    p != end)
		return -1;
	return (*mon >= 1 && *mon <= 12 && *day >= 1 && *day <= 31) ? 0 : -1;
}

static int
parse_clock(const char *s, size_t n, int *h, int *mi, int *sec, int *ms)
{
	const char *p = s, *end = s + n;
	int k;

	if (num2(&p, end, h) != 0 || p >= end || *p++ != ':' || num2(&p, end, mi) != 0 ||
	    p >= end || *p++ != ':' || num2(&p, end, sec) != 0)
		return -1;
	*ms = 0;
	if (p < end && (*p == '.' || *p == ',')) {
		p++;
		for (k = 0; p < end && is_digit(*p); p++, k++)
			if (k < 3)
				*ms = *ms * 10 + (*p - '0');
		if (k == 0)
			return -1;
		for (; k < 3; k++)
			*ms *= 10;
	}
	if (p != end)
		return -1;
	return (*h <= 23 && *mi <= 59 && *sec <= 60) ? 0 : -1;
}

/* Matches the leading pattern; 0 and *ld filled on success. */
static int
lead_match(const char *s, size_t n, struct lead *ld)
{
	const char *tok;
	size_t pos = 0, len;

	if (!next_token(s, n, &pos, &tok, &len) || len > 8 || !all_hex(tok, len))
		return -1;
	ld->pid = tok;
	ld->pidlen = len;
	if (!next_token(s, n, &pos, &tok, &len) || len > 8 || !all_hex(tok, len))
		return -1;
	ld->tid = tok;
	ld->tidlen = len;
	if (!next_token(s, n, &pos, &tok, &len) || parse_date(tok, len, &ld->mon, &ld->day) != 0)
		return -1;
	ld->date = tok;
	ld->datelen = len;
	if (!next_token(s, n, &pos, &tok, &len) ||
	    parse_clock(tok, len, &ld->h, &ld->mi, &ld->s, &ld->ms) != 0)
		return -1;
	ld->timetextlen = (size_t)(tok + len - ld->date);
	ld->end = pos;
	return 0;
}

static int
marslog_bid(const char *name, const char *head, size_t headlen)
{
	const char *line;
	size_t pos = 0, n;
	struct lead ld;
	int bid = 0;

	(void)name;
	while (parse_head_line(head, headlen, &pos, &line, &n))
		if (lead_match(line, n, &ld) == 0) {
			bid = bid ? bid + BID_MORE : BID_FIRST;
			if (bid >= BID_MAX)
				return BID_MAX;
		}
	return bid;
}

/* What every line of one entry shares, worked out once: the log name, and the date of the
 * entry's mtime that line dates are read against. */
struct entry_facts {
	const char *log;
	size_t loglen;
	int y;			/* the mtime's local year, if mtime > 0 */
	int64_t mdays;		/* the mtime's local date, in days since the epoch */
};

/* `log`: the base name without extension, "Curr", rotation digits and a ".LOG" infix. */
static void
log_name(struct entry_facts *ef, const char *entry)
{
	const char *b = parse_basename(entry), *dot;
	size_t n = strlen(b), full;

	dot = strrchr(b, '.');
	if (dot && dot != b)
		n = (size_t)(dot - b);
	full = n;
	if (n > 4 && ascii_ncasecmp(b + n - 4, "Curr", 4) == 0)
		n -= 4;
	while (n > 0 && is_digit(b[n - 1]))
		n--;
	if (n > 4 && ascii_ncasecmp(b + n - 4, ".log", 4) == 0)
		n -= 4;
	while (n > 0 && is_digit(b[n - 1]))
		n--;
	ef->log = b;
	ef->loglen = n ? n : full;
}

static void
entry_facts(struct parse_ctx *ctx, struct entry_facts *ef)
{
	int64_t mt;
	int mon, day, h, mi, s, ms;

	log_name(ef, ctx->entry);
	if (ctx->mtime <= 0)
		return;
	mt = ctx->mtime * 1000;
	mt += (int64_t)parse_env_offset_at(ctx->env, mt) * 60000;
	utc_split(mt, &ef->y, &mon, &day, &h, &mi, &s, &ms);
	ef->mdays = days_from_civil(ef->y, (unsigned)mon, (unsigned)day);
}

static int
days_in_month(int y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : md[m - 1];
}

/*
 * The line carries no year: take the entry mtime's year, or the year before when the line's
 * date lies more than one day after the mtime's date (Dec -> Jan roll-over; the day of slack
 * absorbs the difference between the mtime's zone and the log's).
 */
static void
set_time(struct parse_ctx *ctx, const struct entry_facts *ef, const struct lead *ld)
{
	struct record *r = &ctx->rec;
	struct rec_time t = {0, TQ_NONE};
	int y = ef->y;

	if (ctx->mtime <= 0) {
		record_set_time(r, t, ld->date, ld->timetextlen);
		record_sets(r, "time_note", "year unknown");
		return;
	}
	if (days_from_civil(y, (unsigned)ld->mon, (unsigned)ld->day) > ef->mdays + 1)
		y--;
	if (ld->day > days_in_month(y, ld->mon)) {
		record_set_time(r, t, ld->date, ld->timetextlen);
		record_sets(r, "time_note", "year unknown");
		return;
	}
	t = parse_local_time(ctx->env, utc_ms(y, ld->mon, ld->day, ld->h, ld->mi, ld->s, ld->ms));
	record_set_time(r, t, ld->date, ld->timetextlen);
}

static const char *const levels[] = {
	"NORMAL", "WARNING", "WARN", "FATAL", "ERROR", "INFO", "INFORMATION", "VERBOSE",
	"CRITICAL", "DEBUG", "TRACE", NULL
};

static const char *
level_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; levels[i]; i++)
		if (strlen(levels[i]) == n && ascii_ncasecmp(s, levels[i], n) == 0)
			return levels[i];
	return NULL;
}

/* Starts a record from a line that matched the leading pattern; the message goes to msg. */
static void
begin_line(struct parse_ctx *ctx, const struct entry_facts *ef, const char *s, size_t n,
    const struct lead *ld, struct strbuf *msg)
{
	struct record *r = &ctx->rec;
	const char *tok, *lv, *open;
	char guid[37];
	size_t pos = ld->end, len, save, i;

	record_begin(r, "mars.log", ctx->entry, textin_lineno(ctx->in));
	record_set(r, "log", ef->log, ef->loglen);
	record_set(r, "pid", ld->pid, ld->pidlen);
	record_set(r, "tid", ld->tid, ld->tidlen);
	set_time(ctx, ef, ld);
	record_set_excerpt(r, s, parse_utf8_cut(s, n, EXCERPT_MAX));

	/* The optional fields come in a fixed order; each is recognised by its shape. */
	save = pos;
	if (next_token(s, n, &pos, &tok, &len) && len <= 4 && all_digits(tok, len))
		save = pos;
	pos = save;
	if (next_token(s, n, &pos, &tok, &len) && len > 3 && tok[len - 1] == ')' &&
	    (open = memchr(tok, '(', len)) != NULL && open > tok &&
	    all_digits(open + 1, (size_t)(tok + len - 1 - open - 1))) {
		record_set(r, "source", tok, parse_utf8_cut(tok, (size_t)(open - tok), FIELD_MAX));
		len = (size_t)(tok + len - 1 - open - 1);
		record_set(r, "source_line", open + 1, len > 32 ? 32 : len);
		save = pos;
	}
	pos = save;
	if (next_token(s, n, &pos, &tok, &len) && len > 2 && tok[0] == '[' &&
	    tok[len - 1] == ']' && all_hex(tok + 1, len - 2)) {
		record_set(r, "pointer", tok + 1, len - 2 > 32 ? 32 : len - 2);
		save = pos;
	}
	pos = save;
	if (next_token(s, n, &pos, &tok, &len) && (parse_is_guid(tok, len, 0) ||
	    parse_is_guid(tok, len, 1))) {
		if (len == 38)
			tok++;
		for (i = 0; i < 36; i++)
			guid[i] = (tok[i] >= 'a' && tok[i] <= 'f') ? (char)(tok[i] - 'a' + 'A') :
			    tok[i];
		guid[36] = '\0';
		record_sets(r, "job_id", guid);
		save = pos;
	}
	pos = save;
	if (next_token(s, n, &pos, &tok, &len) && (lv = level_name(tok, len)) != NULL) {
		/* Only known names: a message starting with an upper-case word ("WSB job
		 * failed ...") must keep it. */
		record_sets(r, "level", lv);
		save = pos;
	}
	pos = save;
	tok = s + pos;
	len = n - pos;
	trim_span(&tok, &len);
	sb_reset(msg);
	sb_add(msg, tok, parse_utf8_cut(tok, len, MSG_MAX));
}

/* Appends a continuation line, within MSG_MAX. */
static void
continue_line(struct strbuf *msg, const char *s, size_t n)
{
	size_t room;

	if (msg->len + 1 >= MSG_MAX)
		return;
	room = MSG_MAX - msg->len - 1;
	sb_addc(msg, '\n');
	sb_add(msg, s, parse_utf8_cut(s, n, room));
}

/*
 * A startup line names the agent's version ("CBEngine service starting. Version:
 * 2.0.9277.0"): it gives an agent record besides the log record. Only MARS's own 2.0.x
 * versions, or lines that say the version is the agent's, count, so an OS or .NET version
 * in a message does not.
 */
static void
agent_line(struct parse_ctx *ctx, const char *m, size_t n, long line)
{
	const char *at;
	size_t k = agent_version_in(m, n, &at);

	if (k == 0)
		return;
	if (!has_prefix(at, k, "2.0.") && !ascii_casestr(m, n, "agent version") &&
	    !ascii_casestr(m, n, "MARS version"))
		return;
	if (ascii_casestr(m, n, ".NET") || ascii_casestr(m, n, "OS version") ||
	    ascii_casestr(m, n, "PowerShell"))
		return;
	agent_emit(ctx, at, k, "mars.log", line, m, n);
}

static void
finish(struct parse_ctx *ctx, struct strbuf *msg)
{
	struct parse_codes codes;
	const char *m = sb_str(msg);
	size_t n = msg->len;
	long line = ctx->rec.line;

	while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' ' || m[n - 1] == '\t' ||
	    m[n - 1] == '\r'))
		n--;
	record_set(&ctx->rec, "message", m, n);
	parse_codes_init(&codes);
	parse_codes_scan(&codes, m, n, 1);
	parse_codes_set(&codes, &ctx->rec);
	parse_emit(ctx);
	agent_line(ctx, m, n, line);
}

static int
marslog_parse(struct parse_ctx *ctx)
{
	struct strbuf msg = STRBUF_INIT;
	struct entry_facts ef;
	struct lead ld;
	const char *line;
	size_t len;
	long orphans = 0;
	int pending = 0, rc;

	memset(&ef, 0, sizeof ef);
	entry_facts(ctx, &ef);
	while ((rc = textin_getline(ctx->in, &line, &len)) == 1) {
		if (lead_match(line, len, &ld) == 0) {
			if (pending)
				finish(ctx, &msg);
			begin_line(ctx, &ef, line, len, &ld, &msg);
			pending = 1;
		} else if (pending)
			continue_line(&msg, line, len);
		else if (len > 0)
			orphans++;
	}
	if (pending)
		finish(ctx, &msg);
	sb_free(&msg);
	if (rc < 0)
		return parse_read_error(ctx);
	if (orphans)
		parse_note(ctx, "%ld line%s before the first log line skipped", orphans,
		    orphans == 1 ? "" : "s");
	return 0;
}

static const char *const marslog_globs[] = {
	"CBEngine*.errlog", "CBUI*.errlog", "GatewayProvider*.errlog", "OBInstaller*.errlog",
	"OBManagedlog*", "*.errlog", NULL
};

const struct parser parser_marslog = {
	"mars.log",
	"MARS agent trace logs (CBEngine*.errlog and siblings)",
	marslog_globs,
	marslog_bid,
	marslog_parse
};
