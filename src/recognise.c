/* Recognition: the parser table, the bidding that picks a parser for an entry, and the small
 * services every parser shares (emitting records, notes, error-code extraction). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser.h"
#include "parsers_backup.h"
#include "parsers_event.h"
#include "parsers_more.h"
#include "parsers_xml.h"
#include "tzone.h"

/* Evidence a matching name glob adds to a content bid. Small on purpose: a name never
 * outweighs one line of recognised content, it only breaks near-ties. */
#define GLOB_BONUS 4

/*
 * Bidding order: parsers whose evidence is a fixed header or namespace come first, the
 * line-pattern bidders after them; on equal bids the earlier row wins.
 */
const struct parser *const parser_table[] = {
	&parser_evtxml,
	&parser_msinfo,
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
	&parser_schtask,
	&parser_network,
	&parser_timecfg,
	&parser_pserror,
	&parser_evtext,
	&parser_agent,
	/* Reads lines by shape only: the weakest bidder of one output. */
	&parser_marsmisc,
	/* Bids low, on its name and any XML that is not an event log or msinfo export. */
	&parser_cbsettings,
	/* Bids by asking the others about each command output it holds. */
	&parser_transcript,
	/* Binary: bids through raw_parser_table; listed here for --help. */
	&parser_evtx,
	NULL
};

const struct raw_parser raw_parser_table[] = {
	{&parser_evtx, evtx_bid_raw},
	{NULL, NULL}
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
	return recognise_except(NULL, name, head, headlen, bid);
}

const struct parser *
recognise_except(const struct parser *skip, const char *name, const char *head,
    size_t headlen, int *bid)
{
	const struct parser *best = NULL;
	int best_bid = 0, b;
	size_t i;

	for (i = 0; parser_table[i]; i++) {
		if (parser_table[i] == skip)
			continue;
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

const struct parser *
recognise_raw(const char *name, const unsigned char *head, size_t len, int *bid)
{
	const struct parser *best = NULL;
	int best_bid = 0, b;
	size_t i;

	for (i = 0; raw_parser_table[i].parser; i++) {
		b = raw_parser_table[i].bid_raw(name, head, len);
		if (b <= 0)
			continue;
		b += parser_glob_bonus(raw_parser_table[i].parser, name);
		if (b > best_bid) {
			best_bid = b;
			best = raw_parser_table[i].parser;
		}
	}
	if (bid)
		*bid = best_bid;
	return best;
}

struct rec_time
parse_local_time(const struct parse_env *env, int64_t local_ms)
{
	struct rec_time t;

	t.ms = local_ms;
	t.q = TQ_ZONE_UNKNOWN;
	if (env == NULL || !env->tz_known)
		return t;
	if (env->tz != NULL)
		t.ms = tzone_local_to_utc(env->tz, local_ms);
	else
		t.ms -= (int64_t)env->tz_offset_min * 60000;
	t.q = TQ_ZONE_ASSUMED;
	return t;
}

int
parse_env_offset_at(const struct parse_env *env, int64_t utc_ms)
{
	if (env == NULL || !env->tz_known)
		return 0;
	return env->tz ? tzone_offset_at(env->tz, utc_ms) : env->tz_offset_min;
}

/* Locales whose short date is not day first: month first (US style) and year first. */
static const char *const month_first[] = {
	"en-us", "en-ph", "en-bz", "fil", "es-us", NULL
};
static const char *const year_first[] = {
	"ja", "zh", "ko", "hu", "lt", "mn", "sv", "fr-ca", "en-za", "eu", NULL
};

static int
locale_in(const char *loc, const char *const *list)
{
	size_t i, n;

	for (i = 0; list[i]; i++) {
		n = strlen(list[i]);
		if (ascii_ncasecmp(loc, list[i], n) == 0 && (loc[n] == '\0' || loc[n] == '-'))
			return 1;
	}
	return 0;
}

int
parse_env_date_order(const struct parse_env *env)
{
	if (env == NULL || env->locale == NULL || env->locale[0] == '\0')
		return -1;
	if (locale_in(env->locale, month_first))
		return 0;
	if (locale_in(env->locale, year_first))
		return 2;
	return 1;
}

/* The first DNS label of a computer name: "SRV01" of "srv01.contoso.local". */
static size_t
host_label(const char *s)
{
	size_t n = strcspn(s, ".");

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

/* An event is foreign when its computer is not the bundle's host. Names are compared by
 * their first label, as systeminfo gives the short name and events the full one. */
static void
mark_foreign(struct parse_ctx *ctx)
{
	const char *c, *h;
	size_t cn, hn;

	if (ctx->env == NULL || ctx->env->host == NULL || strcmp(ctx->rec.kind, "event") != 0 ||
	    (c = record_get(&ctx->rec, "computer")) == NULL || *c == '\0')
		return;
	h = ctx->env->host;
	cn = host_label(c);
	hn = host_label(h);
	record_sets(&ctx->rec, "foreign", cn == hn && ascii_ncasecmp(c, h, cn) == 0 ?
	    "no" : "yes");
}

void
parse_emit(struct parse_ctx *ctx)
{
	if (ctx->line_base > 0 && ctx->rec.line > 0)
		ctx->rec.line += ctx->line_base;
	mark_foreign(ctx);
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
static const struct {
	const char *s;
	size_t n;
} code_labels[] = {
	{"error code", 10}, {"detailedhresult", 15}, {"hresult", 7}, {"hr", 2}
};

/* If a code label ends at s[at..], returns the offset of the value after ':' / '=' / '[',
 * else 0. */
static size_t
after_label(const char *s, size_t n, size_t at)
{
	size_t i, l = 0;
	int sep = 0, first;

	if (at > 0 && is_alnum((unsigned char)s[at - 1]))
		return 0;
	first = s[at] | 0x20;
	for (i = 0; i < MT_ARRAY_LEN(code_labels); i++) {
		l = code_labels[i].n;
		if (first == code_labels[i].s[0] && at + l <= n &&
		    ascii_ncasecmp(s + at, code_labels[i].s, l) == 0)
			break;
	}
	if (i == MT_ARRAY_LEN(code_labels))
		return 0;
	for (at += l; at < n; at++) {
		if (s[at] == ':' || s[at] == '=')
			sep = 1;
		else if (s[at] != ' ' && s[at] != '\t' && s[at] != '[')
			break;
	}
	return sep ? at : 0;
}

/*
 * The scan finds its two kinds of code by their rarest bytes, with memchr, because every
 * message of every record goes through it: "0x" codes by their 'x', labelled codes by the
 * ':' or '=' after the label. Both must start a word, and neither can start inside the
 * other, so handling them in the order they start gives what reading byte by byte would.
 */

/* Finds the next occurrence of either of two bytes; the positions asked for only grow, and
 * each byte's next occurrence is kept, so every byte is looked at once per kind. */
struct finder {
	const char *end;
	const char *next[2];	/* NULL: none left */
	int fresh[2];
	int byte[2];
};

static void
finder_init(struct finder *f, const char *end, int a, int b)
{
	f->end = end;
	f->byte[0] = a;
	f->byte[1] = b;
	f->fresh[0] = f->fresh[1] = 0;
	f->next[0] = f->next[1] = NULL;
}

static const char *
finder_next(struct finder *f, const char *p)
{
	int i;

	for (i = 0; i < 2; i++)
		if (!f->fresh[i] || (f->next[i] != NULL && f->next[i] < p)) {
			f->next[i] = p < f->end ? memchr(p, f->byte[i], (size_t)(f->end - p)) : NULL;
			f->fresh[i] = 1;
		}
	if (f->next[0] == NULL || (f->next[1] != NULL && f->next[1] < f->next[0]))
		return f->next[1];
	return f->next[0];
}

/* Position of the next "0x" at or after from that starts a word, or n. */
static size_t
next_hex_code(struct finder *xs, const char *s, size_t n, size_t from)
{
	const char *x;

	if (from + 1 >= n)
		return n;
	for (x = s + from + 1; (x = finder_next(xs, x)) != NULL; x++)
		if (x[-1] == '0' && (x - 1 == s || !is_alnum((unsigned char)x[-2])))
			return (size_t)(x - 1 - s);
	return n;
}

static int
is_label_sep(char ch)
{
	return ch == ':' || ch == '=' || ch == ' ' || ch == '\t' || ch == '[';
}

/* Position of the next code label at or after from that is followed by ':' or '=', or n;
 * *v gets the value's offset. */
static size_t
next_label(struct finder *seps, const char *s, size_t n, size_t from, size_t *v)
{
	const char *q = s + from;
	size_t k, i, l;

	while ((q = finder_next(seps, q)) != NULL) {
		/* Back over the separators to where a label would end. */
		for (k = (size_t)(q - s); k > from && is_label_sep(s[k - 1]); k--)
			;
		for (i = 0; i < MT_ARRAY_LEN(code_labels); i++) {
			l = code_labels[i].n;
			if (k >= from + l && (s[k - 1] | 0x20) == code_labels[i].s[l - 1] &&
			    (*v = after_label(s, n, k - l)) != 0)
				return k - l;
		}
		/* The rest of this run of separators cannot end another label. */
		while (q < s + n && is_label_sep(*q))
			q++;
	}
	return n;
}

void
parse_codes_scan(struct parse_codes *c, const char *s, size_t n, int short_ids)
{
	struct finder xs, seps;
	size_t hx, lb, len, v = 0;

	if (n < 3)
		return;
	finder_init(&xs, s + n, 'x', 'X');
	finder_init(&seps, s + n, ':', '=');
	hx = next_hex_code(&xs, s, n, 0);
	lb = next_label(&seps, s, n, 0, &v);
	while (hx < n || lb < n) {
		if (hx < lb) {
			len = hex_run(s, n, hx + 2);
			if (hx + 2 + len >= n || !is_alnum((unsigned char)s[hx + 2 + len]))
				add_hex(c, s + hx + 2, len, short_ids);
			hx = next_hex_code(&xs, s, n, hx + 2 + len);
		} else {
			len = hex_run(s, n, v);
			if (len == 8 && (v + len >= n || !is_alnum((unsigned char)s[v + len])))
				add_hex(c, s + v, len, 0);
			lb = next_label(&seps, s, n, v, &v);
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
