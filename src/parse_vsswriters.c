/* Parser for `vssadmin list writers`: one vss.writer record per writer block, read by shape
 * (a quoted name line, indented "label: value" lines, a bracketed state number) so that
 * localised labels work too. */
#include <string.h>
#include "parser.h"

#define EXCERPT_MAX	1024
#define NAME_MAX_LEN	512
#define BLOCK_FIELDS	32	/* field lines read per block; the rest cannot matter */

#define BID_BLOCK	16	/* first writer block */
#define BID_MORE	8	/* each further block */
#define BID_HEADER	16	/* "vssadmin 1.1 - ..." together with writer evidence */
#define BID_WAITING	8	/* "Waiting for responses.", message 10074 of list writers */
#define BID_MAX		64

struct block {
	int open;		/* a block is being read */
	int english;		/* it began with "Writer name:" */
	int nguid;		/* GUID values seen (localised labels) */
	int has_state;
	int state;
	int after_state;	/* the state line was seen: the next plain value is the error */
	int has_error;
	int nfields;		/* field lines read, at most BLOCK_FIELDS */
	struct strbuf text;	/* the block's lines, for the excerpt */
};

/* "<label>: '<name>'" (the name may hold spaces and quotes): 1 with the spans filled. */
static int
name_line(const char *s, size_t n, const char **label, size_t *llen, const char **name,
    size_t *nlen)
{
	const char *colon, *p, *end;
	size_t ind = span_indent(s, n);

	span_rtrim(s, &n);
	if (ind >= n || ind > 1)
		return 0;
	end = s + n;
	colon = memchr(s + ind, ':', n - ind);
	if (colon == NULL || colon == s + ind)
		return 0;
	for (p = colon + 1; p < end && ascii_isblank(*p); p++)
		;
	if (p >= end - 1 || *p != '\'' || end[-1] != '\'')
		return 0;
	*label = s + ind;
	*llen = (size_t)(colon - *label);
	*name = p + 1;
	*nlen = (size_t)(end - 1 - *name);
	return 1;
}

/* An indented "label: value" line. */
static int
field_line(const char *s, size_t n, const char **label, size_t *llen, const char **val,
    size_t *vlen)
{
	const char *colon;
	size_t ind = span_indent(s, n);

	span_rtrim(s, &n);
	if (ind == 0 || ind >= n)
		return 0;
	colon = memchr(s + ind, ':', n - ind);
	if (colon == NULL || colon == s + ind)
		return 0;
	*label = s + ind;
	*llen = (size_t)(colon - *label);
	trim_span(label, llen);
	*val = colon + 1;
	*vlen = (size_t)(s + n - *val);
	trim_span(val, vlen);
	return 1;
}

static int
is_label(const char *l, size_t n, const char *want)
{
	return strlen(want) == n && ascii_ncasecmp(l, want, n) == 0;
}

/* "[N] text": the state number (0..9999) and where the text starts; -1 if not this shape. */
static int
state_value(const char *s, size_t n, size_t *text_at)
{
	size_t i = 1;
	int v = 0;

	if (n < 3 || s[0] != '[')
		return -1;
	while (i < n && i < 5 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (s[i++] - '0');
	if (i == 1 || i >= n || s[i] != ']')
		return -1;
	*text_at = i + 1;
	return v;
}

static int
vsswriters_bid(const char *name, const char *head, size_t headlen)
{
	const char *p, *l, *v;
	size_t pos = 0, n, ll, vl, at;
	int blocks = 0, guid_seen = 0, state_seen = 0, in_block = 0, english = 0, bid;

	(void)name;
	while (parse_head_line(head, headlen, &pos, &p, &n)) {
		if (name_line(p, n, &l, &ll, &v, &vl)) {
			english = is_label(l, ll, "Writer name");
			blocks += english;
			in_block = 1;
			guid_seen = state_seen = 0;
		} else if (in_block && field_line(p, n, &l, &ll, &v, &vl)) {
			if (parse_is_guid(v, vl, 1))
				guid_seen = 1;
			else if (state_value(v, vl, &at) >= 0)
				state_seen = 1;
			if (guid_seen && state_seen) {
				/* A localised block counts once it showed both shapes. */
				blocks += !english;
				in_block = 0;
			}
		} else if (span_indent(p, n) == 0)
			in_block = 0;
	}
	bid = blocks ? BID_BLOCK + BID_MORE * (blocks - 1) : 0;
	if (ascii_casestr(head, headlen, "Waiting for responses."))
		bid += BID_WAITING;
	if (bid && ascii_casestr(head, headlen, "vssadmin 1.1 - Volume Shadow Copy Service"))
		bid += BID_HEADER;
	return bid > BID_MAX ? BID_MAX : bid;
}

/* Error texts vssadmin prints and the VSS_E_WRITERERROR codes they stand for. */
static const struct {
	const char *text;
	const char *code;
} last_errors[] = {
	{"No error", "0x00000000"},
	{"Inconsistent shadow copy", "0x800423F0"},
	{"Out of resources", "0x800423F1"},
	{"Timed out", "0x800423F2"},
	{"Retryable error", "0x800423F3"},
	{"Non-retryable error", "0x800423F4"},
};

static void
set_last_error(struct record *r, const char *v, size_t n)
{
	struct parse_codes codes;
	size_t i;

	record_set(r, "last_error", v, parse_utf8_cut(v, n, NAME_MAX_LEN));
	for (i = 0; i < MT_ARRAY_LEN(last_errors); i++)
		if (is_label(v, n, last_errors[i].text)) {
			record_sets(r, "last_error_code", last_errors[i].code);
			return;
		}
	/* A localised text may still carry the code itself. */
	parse_codes_init(&codes);
	parse_codes_scan(&codes, v, n, 0);
	if (codes.first_hr >= 0)
		record_sets(r, "last_error_code", codes.code[codes.first_hr]);
}

static void
block_add_text(struct block *b, const char *s, size_t n)
{
	if (b->text.len >= EXCERPT_MAX)
		return;
	if (b->text.len)
		sb_addc(&b->text, '\n');
	span_rtrim(s, &n);
	sb_add(&b->text, s, parse_utf8_cut(s, n, EXCERPT_MAX - b->text.len));
}

/* Emits the block if it is a writer: English blocks always, others only with a state. */
static void
block_end(struct parse_ctx *ctx, struct block *b)
{
	if (!b->open)
		return;
	b->open = 0;
	if (!b->english && !b->has_state)
		return;
	record_set_excerpt(&ctx->rec, b->text.s, parse_utf8_cut(b->text.s, b->text.len,
	    EXCERPT_MAX));
	parse_emit(ctx);
}

static void
block_begin(struct parse_ctx *ctx, struct block *b, const char *label, size_t llen,
    const char *name, size_t nlen)
{
	memset(b, 0, offsetof(struct block, text));
	b->open = 1;
	b->english = is_label(label, llen, "Writer name");
	sb_reset(&b->text);
	record_begin(&ctx->rec, "vss.writer", ctx->entry, textin_lineno(ctx->in));
	record_set(&ctx->rec, "writer", name, parse_utf8_cut(name, nlen, NAME_MAX_LEN));
}

static void
block_field(struct parse_ctx *ctx, struct block *b, const char *l, size_t ll, const char *v,
    size_t vl)
{
	struct record *r = &ctx->rec;
	size_t at;
	int st;

	if (is_label(l, ll, "Writer Id") || (parse_is_guid(v, vl, 1) && b->nguid == 0 &&
	    !is_label(l, ll, "Writer Instance Id"))) {
		record_set(r, "writer_id", v, vl);
		b->nguid++;
	} else if (is_label(l, ll, "Writer Instance Id") || (parse_is_guid(v, vl, 1) &&
	    b->nguid == 1)) {
		record_set(r, "instance_id", v, vl);
		b->nguid++;
	} else if ((st = state_value(v, vl, &at)) >= 0) {
		const char *t = v + at;
		size_t tl = vl - at;

		trim_span(&t, &tl);
		record_setf(r, "state", "%d", st);
		record_set(r, "state_text", t, parse_utf8_cut(t, tl, NAME_MAX_LEN));
		record_sets(r, "failed", st >= 6 && st <= 15 ? "yes" : "no");
		b->has_state = 1;
		b->after_state = 1;
	} else if (is_label(l, ll, "Last error") || (b->after_state && !b->has_error)) {
		set_last_error(r, v, vl);
		b->has_error = 1;
	}
}

static int
vsswriters_parse(struct parse_ctx *ctx)
{
	struct block b;
	const char *line, *l, *v;
	size_t len, ll, vl;
	int rc;

	memset(&b, 0, sizeof b);
	while ((rc = textin_getline(ctx->in, &line, &len)) == 1) {
		if (name_line(line, len, &l, &ll, &v, &vl)) {
			block_end(ctx, &b);
			block_begin(ctx, &b, l, ll, v, vl);
			block_add_text(&b, line, len);
		} else if (b.open && field_line(line, len, &l, &ll, &v, &vl)) {
			if (++b.nfields > BLOCK_FIELDS)
				continue;
			block_field(ctx, &b, l, ll, v, vl);
			block_add_text(&b, line, len);
		} else if (b.open && span_indent(line, len) == 0)
			block_end(ctx, &b);	/* a blank or unindented line ends the block */
	}
	block_end(ctx, &b);
	sb_free(&b.text);
	if (rc < 0)
		return parse_read_error(ctx);
	return 0;
}

static const char *const vsswriters_globs[] = {
	"*writer*", "*vssadmin*", NULL
};

const struct parser parser_vsswriters = {
	"vss.writer",
	"vssadmin list writers",
	vsswriters_globs,
	vsswriters_bid,
	vsswriters_parse
};
