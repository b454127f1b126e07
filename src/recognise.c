/* Recognition: the parser table, the bidding that picks a parser for an entry, and the small
 * services every parser shares (emitting records, notes, error-code extraction). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser.h"
#include "parsers_backup.h"
#include "parsers_more.h"

/* Evidence a matching name glob adds to a content bid. Small on purpose: a name never
 * outweighs one line of recognised content, it only breaks near-ties. */
#define GLOB_BONUS 4

/*
 * Bidding order: parsers whose evidence is a fixed header or namespace come first, the
 * line-pattern bidders after them; on equal bids the earlier row wins.
 */
const struct parser *const parser_table[] = {
	&parser_evtxml,
	&parser_vsswriters,
	&parser_winfeature,
	&parser_marslog,
	&parser_vssadmin,
	&parser_wbadmin,
	&parser_wbjob,
	&parser_wsblog,
	&parser_volume,
	&parser_acl,
	&parser_boot,
	&parser_registry,
	&parser_systeminfo,
	&parser_service,
	&parser_network,
	&parser_timecfg,
	&parser_pserror,
	/* Reads lines by shape only: the weakest bidder, last. */
	&parser_marsmisc,
	NULL
};

static int
is_hex(int ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

const char *
parse_basename(const char *path)
{
	const char *b = path, *p;

	for (p = path; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return b;
}

int
parse_head_line(const char *head, size_t len, size_t *pos, const char **line, size_t *n)
{
	const char *p = head + *pos, *end = head + len, *nl;

	if (*pos >= len)
		return 0;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (nl == NULL)
		nl = end;
	*line = p;
	*n = (size_t)(nl - p);
	if (*n > 0 && p[*n - 1] == '\r')
		(*n)--;
	*pos = (size_t)(nl - head) + 1;
	return 1;
}

int
parse_is_guid(const char *s, size_t n, int braced)
{
	size_t i;

	if (braced) {
		if (n != 38 || s[0] != '{' || s[37] != '}')
			return 0;
		s++;
		n -= 2;
	}
	if (n != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!is_hex((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

int
parse_read_error(struct parse_ctx *ctx)
{
	const char *e = textin_error(ctx->in);

	parse_note(ctx, "read error: %s", e ? e : "unknown");
	return -1;
}

int
parser_glob_bonus(const struct parser *p, const char *name)
{
	const char *const *g;
	const char *base;

	if (name == NULL || p->globs == NULL)
		return 0;
	base = parse_basename(name);
	for (g = p->globs; *g; g++)
		if (glob_match(*g, base))
			return GLOB_BONUS;
	return 0;
}

const struct parser *
recognise(const char *name, const char *head, size_t headlen, int *bid)
{
	const struct parser *best = NULL;
	int best_bid = 0, b;
	size_t i;

	for (i = 0; parser_table[i]; i++) {
		b = parser_table[i]->bid(name, head, headlen);
		if (b <= 0)
			continue;	/* a name alone never decides */
		b += parser_glob_bonus(parser_table[i], name);
		if (b > best_bid) {
			best_bid = b;
			best = parser_table[i];
		}
	}
	if (bid)
		*bid = best_bid;
	return best;
}

void
parse_emit(struct parse_ctx *ctx)
{
	if (ctx->sink.emit)
		ctx->sink.emit(ctx->sink.ctx, &ctx->rec);
	ctx->nrecords++;
}

void
parse_note(struct parse_ctx *ctx, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb.s = xgrow(NULL, &sb.cap, (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	free(ctx->note);
	ctx->note = sb.s;
}

size_t
parse_utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	n = max;
	/* Back off over continuation bytes to the start of the cut character. */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

void
parse_codes_init(struct parse_codes *c)
{
	c->n = 0;
	c->first_hr = -1;
}

void
parse_codes_add(struct parse_codes *c, const char *code, int is_hresult)
{
	size_t i;

	if (strcmp(code, "0x00000000") == 0)
		return;		/* success is not an error code */
	for (i = 0; i < c->n; i++)
		if (strcmp(c->code[i], code) == 0) {
			if (is_hresult && c->first_hr < 0)
				c->first_hr = (int)i;
			return;
		}
	if (c->n >= PARSE_MAX_CODES)
		return;
	snprintf(c->code[c->n], sizeof c->code[0], "%s", code);
	if (is_hresult && c->first_hr < 0)
		c->first_hr = (int)c->n;
	c->n++;
}

static int
is_alnum(int ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    ch == '_';
}

static size_t
hex_run(const char *s, size_t n, size_t at)
{
	size_t i = at;

	while (i < n && is_hex((unsigned char)s[i]))
		i++;
	return i - at;
}

/* Adds the hex digits [s, s + len) as a code: eight digits are an HRESULT. */
static void
add_hex(struct parse_codes *c, const char *s, size_t len, int short_ids)
{
	char buf[12], out[11];
	size_t i;

	if (len == 8) {
		buf[0] = '0';
		buf[1] = 'x';
		memcpy(buf + 2, s, 8);
		if (hresult_normalise(buf, 10, out) == 0)
			parse_codes_add(c, out, 1);
	} else if (short_ids && len >= 1 && len < 8) {
		for (i = 0; i < len && s[i] == '0'; i++)
			;
		if (i == len)
			return;		/* 0x0: no error */
		buf[0] = '0';
		buf[1] = 'x';
		for (i = 0; i < len; i++)
			buf[2 + i] = (s[i] >= 'a' && s[i] <= 'f') ? (char)(s[i] - 'a' + 'A') : s[i];
		buf[2 + len] = '\0';
		parse_codes_add(c, buf, 0);
	}
}

/* Labels after which eight bare hex digits are an HRESULT (compared case-insensitively). */
static const char *const code_labels[] = {
	"error code", "detailedhresult", "hresult", "hr", NULL
};

/* If a code label ends at s[at..], returns the offset of the value after ':' / '=' / '[',
 * else 0. */
static size_t
after_label(const char *s, size_t n, size_t at)
{
	size_t i, l;
	int sep = 0;

	if (at > 0 && is_alnum((unsigned char)s[at - 1]))
		return 0;
	for (i = 0; code_labels[i]; i++) {
		l = strlen(code_labels[i]);
		if (at + l <= n && ascii_ncasecmp(s + at, code_labels[i], l) == 0)
			break;
	}
	if (code_labels[i] == NULL)
		return 0;
	for (at += l; at < n; at++) {
		if (s[at] == ':' || s[at] == '=')
			sep = 1;
		else if (s[at] != ' ' && s[at] != '\t' && s[at] != '[')
			break;
	}
	return sep ? at : 0;
}

void
parse_codes_scan(struct parse_codes *c, const char *s, size_t n, int short_ids)
{
	size_t i, len, v;

	for (i = 0; i < n; i++) {
		if (s[i] == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
		    (i == 0 || !is_alnum((unsigned char)s[i - 1]))) {
			len = hex_run(s, n, i + 2);
			if (i + 2 + len >= n || !is_alnum((unsigned char)s[i + 2 + len]))
				add_hex(c, s + i + 2, len, short_ids);
			i += 1 + len;
			continue;
		}
		if ((v = after_label(s, n, i)) != 0) {
			len = hex_run(s, n, v);
			if (len == 8 && (v + len >= n || !is_alnum((unsigned char)s[v + len])))
				add_hex(c, s + v, len, 0);
			i = v > i ? v - 1 : i;
		}
	}
}

void
parse_codes_set(const struct parse_codes *c, struct record *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (c->n == 0)
		return;
	for (i = 0; i < c->n; i++) {
		if (i)
			sb_addc(&sb, ' ');
		sb_adds(&sb, c->code[i]);
	}
	record_set(r, "codes", sb.s, sb.len);
	if (c->first_hr >= 0)
		record_sets(r, "hresult", c->code[c->first_hr]);
	sb_free(&sb);
}
