/* Parser and shared reader for command errors in console captures: PowerShell error blocks
 * ("X : message", "At line:", "+ CategoryInfo", "+ FullyQualifiedErrorId"), PowerShell 7's
 * one-line form, `[SC] ... FAILED n:`, `System error n has occurred.`, "ERROR: ..." lines of
 * reg and w32tm's "The following error occurred:"; each becomes one command.error record. */
#include <string.h>
#include "parsers_more.h"

#define BID_FQEID	16	/* "+ FullyQualifiedErrorId : ..." */
#define BID_CATEGORY	8	/* "+ CategoryInfo : ..." */
#define BID_NOTCMDLET	8	/* "... is not recognized as the name of a cmdlet" */
#define BID_FAILED	16	/* "[SC] ... FAILED 1060:", "System error 5 has occurred." */
#define BID_REGERR	16	/* reg's "unable to find the specified registry key or value" */
#define BID_W32TM	12	/* w32tm's "The following error occurred:" */
#define BID_MAX		32	/* stays below the parsers whose output holds such errors */

#define MAX_MSG_LINES	10	/* message lines of a PowerShell block before "At line:" */
#define MAX_BLANKS	2	/* blank lines between "FAILED n:" and its message */

enum form {
	F_NONE,
	F_PS,		/* Windows PowerShell error block */
	F_CONCISE,	/* PowerShell 7 "Verb-Noun: message" */
	F_SC,
	F_NET,
	F_ERRLINE,	/* "ERROR: ..." */
	F_W32TM
};

enum state {
	S_IDLE,
	S_CAND,		/* "X : message" seen, not yet confirmed by "At" or "+" lines */
	S_TAIL,		/* a confirmed PowerShell block: "At", "+ ..." lines */
	S_WAITMSG	/* sc/net: the message comes on a later line */
};

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ascii_isblank(s[i]) && s[i] != '\r')
			return 0;
	return 1;
}

/* Copies [s, s + n) into dst (cap bytes), cut at a character boundary. */
static void
put(char *dst, size_t cap, const char *s, size_t n)
{
	n = parse_utf8_cut(s, n, cap - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Appends sep (when dst is not empty) and [s, s + n) to dst, within cap bytes. */
static void
append(char *dst, size_t cap, const char *sep, const char *s, size_t n)
{
	size_t len = strlen(dst), sl = *dst ? strlen(sep) : 0;

	if (len + sl + 1 >= cap)
		return;
	memcpy(dst + len, sep, sl);
	len += sl;
	n = parse_utf8_cut(s, n, cap - 1 - len);
	memcpy(dst + len, s, n);
	dst[len + n] = '\0';
}

static int
starts(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);

	return n >= l && memcmp(s, prefix, l) == 0;
}

/* A span of a line. */
struct span {
	const char *s;
	size_t n;
};

/* "[SC] <operation> FAILED <n>:<message>": the operation, number and message spans. */
static int
sc_failed(const char *s, size_t n, struct span *op, struct span *code, struct span *msg)
{
	const char *f, *end = s + n, *p;

	if (!starts(s, n, "[SC] "))
		return 0;
	f = mt_memmem(s, n, " FAILED ", 8);
	if (f == NULL)
		return 0;
	for (p = f + 8; p < end && is_digit(*p); p++)
		;
	if (p == f + 8 || p - (f + 8) > 10 || (p < end && *p != ':'))
		return 0;
	op->s = s + 5;
	op->n = (size_t)(f - op->s);
	code->s = f + 8;
	code->n = (size_t)(p - code->s);
	if (p < end)
		p++;
	msg->s = p;
	msg->n = (size_t)(end - p);
	trim_span(&msg->s, &msg->n);
	return 1;
}

/* "System error <n> has occurred." (net start/stop): the number span. */
static int
net_error(const char *s, size_t n, struct span *code)
{
	const char *p, *end = s + n;

	if (!starts(s, n, "System error "))
		return 0;
	for (p = s + 13; p < end && is_digit(*p); p++)
		;
	if (p == s + 13 || p - (s + 13) > 10 || !starts(p, (size_t)(end - p), " has occurred"))
		return 0;
	code->s = s + 13;
	code->n = (size_t)(p - code->s);
	return 1;
}

/* "<token> : <message>" (Windows PowerShell) or "<Verb-Noun>: <message>" (PowerShell 7):
 * returns the form and sets the token and message spans. */
static int
ps_start(const char *s, size_t n, const char **tok, size_t *tl, const char **msg, size_t *ml)
{
	size_t i;
	int dash = 0;

	if (n == 0 || !(is_alpha(s[0]) || is_digit(s[0]) || s[0] == '.' || s[0] == '\\' ||
	    s[0] == '&' || s[0] == '_'))
		return F_NONE;
	for (i = 0; i < n && i < 128 && !ascii_isblank(s[i]); i++) {
		if (s[i] == '-' && i > 0 && is_alpha(s[i - 1]) && i + 1 < n && is_alpha(s[i + 1]))
			dash = 1;
		if (s[i] == ':' && i + 1 < n && s[i + 1] == ' ' && dash) {
			*tok = s;
			*tl = i;
			*msg = s + i + 2;
			*ml = n - i - 2;
			trim_span(msg, ml);
			return *ml ? F_CONCISE : F_NONE;
		}
	}
	if (i == 0 || i + 3 > n || s[i] != ' ' || s[i + 1] != ':' || s[i + 2] != ' ')
		return F_NONE;
	*tok = s;
	*tl = i;
	*msg = s + i + 3;
	*ml = n - i - 3;
	trim_span(msg, ml);
	return *ml ? F_PS : F_NONE;
}

static int
at_line(const char *s, size_t n)
{
	return starts(s, n, "At line:") || (starts(s, n, "At ") &&
	    mt_memmem(s, n, " char:", 6) != NULL);
}

/* A "+ ..." line of a PowerShell block: returns its text after '+' and spaces. */
static int
plus_line(const char *s, size_t n, const char **t, size_t *tl)
{
	size_t i = 0;

	while (i < n && ascii_isblank(s[i]))
		i++;
	if (i >= n || s[i] != '+' || (i + 1 < n && !ascii_isblank(s[i + 1])))
		return 0;
	*t = s + i + 1;
	*tl = n - i - 1;
	trim_span(t, tl);
	return 1;
}

/* "Label : value" inside a "+" line, for the given label. */
static int
plus_field(const char *t, size_t tl, const char *label, const char **v, size_t *vl)
{
	size_t l = strlen(label), i;

	if (tl < l || memcmp(t, label, l) != 0)
		return 0;
	for (i = l; i < tl && ascii_isblank(t[i]); i++)
		;
	if (i >= tl || t[i] != ':')
		return 0;
	*v = t + i + 1;
	*vl = tl - i - 1;
	trim_span(v, vl);
	return 1;
}

static void
begin(struct cmderr *e, int form, long lineno, const char *s, size_t n)
{
	memset(&e->cur, 0, sizeof e->cur);
	e->cur.form = form;
	e->cur.line = lineno;
	put(e->cur.excerpt, sizeof e->cur.excerpt, s, n);
}

static void
complete(struct cmderr *e)
{
	if (e->cur.form != F_NONE && e->ndone < (int)MT_ARRAY_LEN(e->done))
		e->done[e->ndone++] = e->cur;
	e->cur.form = F_NONE;
	e->state = S_IDLE;
}

static void
discard(struct cmderr *e)
{
	e->cur.form = F_NONE;
	e->state = S_IDLE;
}

/* The command as a name: "reg.exe" and "C:\Windows\system32\sc.exe" become "reg", "sc". */
static void
set_command(struct cmderr_block *b, const char *s, size_t n)
{
	size_t i, st = 0;

	if (n > 4 && ascii_ncasecmp(s + n - 4, ".exe", 4) == 0) {
		for (i = 0; i < n; i++)
			if (s[i] == '\\' || s[i] == '/')
				st = i + 1;
		s += st;
		n -= st + 4;
	}
	put(b->command, sizeof b->command, s, n);
}

/* Tries the starts of every form on a line: 1 when the line was taken, -1 when it is a
 * CategoryInfo/FullyQualifiedErrorId line that opened a block to be read as its tail, 0
 * otherwise (an unconfirmed "X : message" candidate also gives 0). */
static int
try_start(struct cmderr *e, const char *s, size_t n, long lineno)
{
	struct span op, code, m;
	const char *tok, *msg;
	size_t tl, ml;
	int form;

	if (sc_failed(s, n, &op, &code, &m)) {
		begin(e, F_SC, lineno, s, n);
		put(e->cur.operation, sizeof e->cur.operation, op.s, op.n);
		put(e->cur.code, sizeof e->cur.code, code.s, code.n);
		put(e->cur.message, sizeof e->cur.message, m.s, m.n);
		put(e->cur.command, sizeof e->cur.command, "sc", 2);
		if (m.n)
			complete(e);
		else
			e->state = S_WAITMSG;
		return 1;
	}
	if (net_error(s, n, &code)) {
		begin(e, F_NET, lineno, s, n);
		put(e->cur.code, sizeof e->cur.code, code.s, code.n);
		put(e->cur.command, sizeof e->cur.command, "net", 3);
		e->state = S_WAITMSG;
		return 1;
	}
	if (starts(s, n, "ERROR: ") || starts(s, n, "The following error occurred: ")) {
		int w32 = s[0] == 'T';
		size_t off = w32 ? 30 : 7;

		msg = s + off;
		ml = n - off;
		trim_span(&msg, &ml);
		if (ml == 0)
			return 0;
		begin(e, w32 ? F_W32TM : F_ERRLINE, lineno, s, n);
		put(e->cur.message, sizeof e->cur.message, msg, ml);
		if (w32)
			put(e->cur.command, sizeof e->cur.command, "w32tm", 5);
		else if (e->default_command)
			put(e->cur.command, sizeof e->cur.command, e->default_command,
			    strlen(e->default_command));
		else if (ascii_casestr(msg, ml, "registry"))
			put(e->cur.command, sizeof e->cur.command, "reg", 3);
		complete(e);
		return 1;
	}
	if (plus_line(s, n, &tok, &tl) && (plus_field(tok, tl, "CategoryInfo", &msg, &ml) ||
	    plus_field(tok, tl, "FullyQualifiedErrorId", &msg, &ml))) {
		/* The tail of a block whose first lines were lost or never printed. */
		begin(e, F_PS, lineno, "", 0);
		e->state = S_TAIL;
		return -1;	/* read it as a tail line */
	}
	if ((form = ps_start(s, n, &tok, &tl, &msg, &ml)) != F_NONE) {
		begin(e, form, lineno, s, n);
		set_command(&e->cur, tok, tl);
		put(e->cur.message, sizeof e->cur.message, msg, ml);
		e->cur.nlines = 1;
		e->state = S_CAND;
		return 0;	/* unconfirmed: the caller may read the line too */
	}
	return 0;
}

static int
tail_line(struct cmderr *e, const char *s, size_t n)
{
	const char *t, *v;
	size_t tl, vl, i;

	if (at_line(s, n)) {
		append(e->cur.excerpt, sizeof e->cur.excerpt, "\n", s, n);
		return 1;
	}
	if (!plus_line(s, n, &t, &tl))
		return 0;
	append(e->cur.excerpt, sizeof e->cur.excerpt, "\n", s, n);
	if (plus_field(t, tl, "CategoryInfo", &v, &vl)) {
		put(e->cur.category, sizeof e->cur.category, v, vl);
	} else if (plus_field(t, tl, "FullyQualifiedErrorId", &v, &vl)) {
		put(e->cur.error_id, sizeof e->cur.error_id, v, vl);
		complete(e);		/* always the last line of a block */
	} else if (e->cur.command[0] == '\0' && tl > 0 && t[0] != '~') {
		/* "+ Get-WBJob -Previous 1": the command line as typed. */
		for (i = 0; i < tl && !ascii_isblank(t[i]); i++)
			;
		set_command(&e->cur, t, i);
	}
	return 1;
}

void
cmderr_init(struct cmderr *e, const char *default_command)
{
	memset(e, 0, sizeof *e);
	e->default_command = default_command;
}

int
cmderr_line(struct cmderr *e, const char *s, size_t n, long lineno)
{
	const char *t;
	size_t tl;
	int r;

	span_rtrim(s, &n);
	switch (e->state) {
	case S_CAND:
		if (at_line(s, n) || plus_line(s, n, &t, &tl)) {
			e->cur.form = F_PS;
			e->state = S_TAIL;
			return tail_line(e, s, n);
		}
		if (is_blank(s, n)) {
			if (e->cur.form == F_CONCISE)
				complete(e);
			else
				discard(e);
			return 0;
		}
		if (e->cur.nlines < MAX_MSG_LINES && !starts(s, n, "[SC] ") &&
		    !starts(s, n, "ERROR: ") && !starts(s, n, "System error ")) {
			append(e->cur.message, sizeof e->cur.message, " ", s, n);
			append(e->cur.excerpt, sizeof e->cur.excerpt, "\n", s, n);
			e->cur.nlines++;
			return 0;
		}
		if (e->cur.form == F_CONCISE)
			complete(e);
		else
			discard(e);
		break;
	case S_TAIL:
		if (tail_line(e, s, n))
			return 1;
		complete(e);
		if (is_blank(s, n))
			return 1;
		break;
	case S_WAITMSG:
		if (is_blank(s, n)) {
			if (++e->cur.blanks > MAX_BLANKS)
				complete(e);
			return 1;
		}
		if (starts(s, n, "[SC] ") || starts(s, n, "SERVICE_NAME:") ||
		    starts(s, n, "System error ") || starts(s, n, "ERROR: ")) {
			complete(e);
			break;
		}
		put(e->cur.message, sizeof e->cur.message, s, n);
		append(e->cur.excerpt, sizeof e->cur.excerpt, "\n", s, n);
		complete(e);
		return 1;
	default:
		break;
	}
	r = try_start(e, s, n, lineno);
	if (r < 0)
		return tail_line(e, s, n);
	return r;
}

void
cmderr_finish(struct cmderr *e)
{
	if (e->state == S_CAND && e->cur.form != F_CONCISE)
		discard(e);
	else if (e->state != S_IDLE)
		complete(e);
}

int
cmderr_ready(const struct cmderr *e)
{
	return e->ndone > 0;
}

/* Splits "ObjectNotFound: (obengine:String) [Get-Service], ServiceCommandException" into
 * category, target, activity and exception fields. */
static void
set_category(struct record *r, struct cmderr_block *b)
{
	const char *c = b->category, *p, *q, *end = c + strlen(c);
	size_t n;

	record_sets(r, "category_info", c);
	p = strchr(c, ':');
	n = p ? (size_t)(p - c) : strlen(c);
	record_set(r, "category", c, n);
	if ((p = strchr(c, '(')) != NULL && (q = strrchr(p, ')')) != NULL) {
		const char *colon = NULL, *t;

		for (t = p + 1; t < q; t++)
			if (*t == ':')
				colon = t;
		/* "(target:Type)": the type is one word after the last ':'. */
		if (colon && memchr(colon, ' ', (size_t)(q - colon)) == NULL)
			q = colon;
		record_set(r, "target", p + 1, (size_t)(q - p - 1));
	}
	if ((p = strchr(c, '[')) != NULL && (q = strchr(p, ']')) != NULL) {
		if (q > p + 1 && b->command[0] == '\0')
			put(b->command, sizeof b->command, p + 1, (size_t)(q - p - 1));
		for (p = q + 1; p < end && (*p == ',' || ascii_isblank(*p)); p++)
			;
		if (p < end)
			record_set(r, "exception", p, (size_t)(end - p));
	}
}

void
cmderr_emit(struct cmderr *e, struct parse_ctx *ctx)
{
	struct record *r = &ctx->rec;
	struct cmderr_block *b;
	struct parse_codes codes;
	int i;

	for (i = 0; i < e->ndone; i++) {
		b = &e->done[i];
		record_begin(r, "command.error", ctx->entry, b->line);
		if (b->category[0])
			set_category(r, b);
		if (b->command[0])
			record_sets(r, "command", b->command);
		if (b->message[0])
			record_sets(r, "message", b->message);
		if (b->error_id[0])
			record_sets(r, "error_id", b->error_id);
		if (b->code[0])
			record_sets(r, "error_code", b->code);
		if (b->operation[0])
			record_sets(r, "operation", b->operation);
		parse_codes_init(&codes);
		parse_codes_scan(&codes, b->message, strlen(b->message), 0);
		parse_codes_set(&codes, r);
		if (b->excerpt[0])
			record_set_excerpt(r, b->excerpt, strlen(b->excerpt));
		parse_emit(ctx);
	}
	e->ndone = 0;
}

int
cmderr_bid(const char *head, size_t headlen)
{
	struct span op, code, msg;
	const char *p = head, *end = head + headlen, *nl, *t, *v;
	size_t n, tl, vl;
	int bid = 0, fq = 0, cat = 0, failed = 0;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		span_rtrim(p, &n);
		if (plus_line(p, n, &t, &tl)) {
			if (plus_field(t, tl, "FullyQualifiedErrorId", &v, &vl))
				fq = 1;
			else if (plus_field(t, tl, "CategoryInfo", &v, &vl))
				cat = 1;
		} else if (sc_failed(p, n, &op, &code, &msg) || net_error(p, n, &code)) {
			failed = 1;
		} else if (starts(p, n, "ERROR: ") && ascii_casestr(p, n,
		    "unable to find the specified registry key")) {
			bid += BID_REGERR;
		} else if (starts(p, n, "The following error occurred: ")) {
			bid += BID_W32TM;
		}
	}
	bid += fq * BID_FQEID + cat * BID_CATEGORY + failed * BID_FAILED;
	if (ascii_casestr(head, headlen, "is not recognized as the name of a cmdlet") ||
	    ascii_casestr(head, headlen, "is not recognized as a name of a cmdlet"))
		bid += BID_NOTCMDLET;
	return bid > BID_MAX ? BID_MAX : bid;
}

static int
pserror_bid(const char *name, const char *head, size_t headlen)
{
	(void)name;
	return cmderr_bid(head, headlen);
}

static int
pserror_parse(struct parse_ctx *ctx)
{
	struct cmderr e;
	const char *line;
	size_t len;
	int rc;

	cmderr_init(&e, NULL);
	while ((rc = textin_getline(ctx->in, &line, &len)) == 1) {
		cmderr_line(&e, line, len, textin_lineno(ctx->in));
		if (cmderr_ready(&e))
			cmderr_emit(&e, ctx);
	}
	cmderr_finish(&e);
	cmderr_emit(&e, ctx);
	if (rc < 0) {
		parse_note(ctx, "read error: %s",
		    textin_error(ctx->in) ? textin_error(ctx->in) : "unknown");
		return -1;
	}
	return 0;
}

static const char *const pserror_globs[] = {
	"*error*", "*.err", NULL
};

const struct parser parser_pserror = {
	"command.error",
	"PowerShell error blocks and sc, net, reg, w32tm failure messages",
	pserror_globs,
	pserror_bid,
	pserror_parse
};
