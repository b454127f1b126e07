/* A small streaming JSON reader (RFC 8259) for reading back JSON reports: pull one value at
 * a time, with bounded depth, string and number sizes. */
#include <stdlib.h>
#include <string.h>
#include "json_read.h"

#define NUMBER_MAX 64

void
jr_init(struct json_reader *r, FILE *fp)
{
	memset(r, 0, sizeof *r);
	r->fp = fp;
}

int
jr_failed(const struct json_reader *r)
{
	return r->error;
}

static int
fail(struct json_reader *r)
{
	r->error = 1;
	return -1;
}

/* The next byte that is not white space, left unread; EOF at the end. */
static int
peek_char(struct json_reader *r)
{
	int c;

	do
		c = getc(r->fp);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	if (c != EOF)
		ungetc(c, r->fp);
	return c;
}

/* Consumes the literal word (true, false, null). */
static int
expect_word(struct json_reader *r, const char *w)
{
	for (; *w; w++)
		if (getc(r->fp) != (unsigned char)*w)
			return fail(r);
	return 0;
}

enum jr_type
jr_peek(struct json_reader *r)
{
	int c;

	if (r->error)
		return JR_ERROR;
	c = peek_char(r);
	switch (c) {
	case '{':
		return JR_OBJECT;
	case '[':
		return JR_ARRAY;
	case '"':
		return JR_STRING;
	case 't':
	case 'f':
		return JR_BOOL;
	case 'n':
		return JR_NULL;
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return JR_NUMBER;
		fail(r);
		return JR_ERROR;
	}
}

int
jr_enter(struct json_reader *r)
{
	int c;

	if (r->error)
		return -1;
	c = peek_char(r);
	if ((c != '{' && c != '[') || r->depth >= JR_MAX_DEPTH)
		return fail(r);
	(void)getc(r->fp);
	r->first[r->depth] = 1;
	r->in_object[r->depth] = c == '{';
	r->depth++;
	return 0;
}

static int
hex4(struct json_reader *r, unsigned long *v)
{
	int i, c;

	*v = 0;
	for (i = 0; i < 4; i++) {
		c = getc(r->fp);
		if (c >= '0' && c <= '9')
			*v = *v * 16 + (unsigned long)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v = *v * 16 + (unsigned long)((c | 0x20) - 'a' + 10);
		else
			return fail(r);
	}
	return 0;
}

static void
put_utf8(struct strbuf *sb, unsigned long cp)
{
	char b[4];

	if (cp < 0x80) {
		b[0] = (char)cp;
		sb_add(sb, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		sb_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		sb_add(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		sb_add(sb, b, 4);
	}
}

/* \u escapes: a surrogate pair is one character; a lone surrogate becomes U+FFFD. */
static int
unicode_escape(struct json_reader *r, unsigned long *cp)
{
	unsigned long lo;
	int c;

	if (hex4(r, cp) != 0)
		return -1;
	if (*cp >= 0xDC00 && *cp <= 0xDFFF) {
		*cp = 0xFFFD;
	} else if (*cp >= 0xD800 && *cp <= 0xDBFF) {
		if ((c = getc(r->fp)) != '\\') {
			if (c != EOF)
				ungetc(c, r->fp);
			*cp = 0xFFFD;
			return 0;
		}
		if (getc(r->fp) != 'u' || hex4(r, &lo) != 0)
			return fail(r);
		if (lo >= 0xDC00 && lo <= 0xDFFF)
			*cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
		else
			*cp = 0xFFFD;	/* the second escape is lost with it: rare, and harmless */
	}
	return 0;
}

/* Reads a string (the opening quote next) into out, or only consumes it when out is NULL.
 * Control characters must be escaped; bytes are otherwise copied as they are (the writers
 * of the output formats check UTF-8 again). */
static int
read_string(struct json_reader *r, struct strbuf *out)
{
	unsigned long cp;
	int c;
	char ch;

	if (peek_char(r) != '"')
		return fail(r);
	(void)getc(r->fp);
	if (out) {
		sb_reset(out);
		sb_add(out, "", 0);
	}
	for (;;) {
		c = getc(r->fp);
		if (c == EOF || c < 0x20)
			return fail(r);
		if (c == '"')
			return 0;
		if (c == '\\') {
			switch (c = getc(r->fp)) {
			case '"': case '\\': case '/': cp = (unsigned long)c; break;
			case 'b': cp = '\b'; break;
			case 'f': cp = '\f'; break;
			case 'n': cp = '\n'; break;
			case 'r': cp = '\r'; break;
			case 't': cp = '\t'; break;
			case 'u':
				if (unicode_escape(r, &cp) != 0)
					return fail(r);
				if (cp == 0)
					cp = 0xFFFD;	/* keeps strings NUL-free */
				break;
			default:
				return fail(r);
			}
			if (out && out->len + 4 <= JR_STRING_MAX)
				put_utf8(out, cp);
			continue;
		}
		ch = (char)c;
		/* At the cap, the character under way is completed; the rest is dropped. */
		if (out && (out->len < JR_STRING_MAX ||
		    ((c & 0xC0) == 0x80 && out->len < JR_STRING_MAX + 3)))
			sb_add(out, &ch, 1);
	}
}

static int
read_number(struct json_reader *r, char *buf)
{
	size_t n = 0;
	int c;

	for (;;) {
		c = getc(r->fp);
		if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' ||
		    c == 'E'))
			break;
		if (n + 1 >= NUMBER_MAX)
			return fail(r);
		buf[n++] = (char)c;
	}
	if (c != EOF)
		ungetc(c, r->fp);
	buf[n] = '\0';
	return n > 0 ? 0 : fail(r);
}

int
jr_next(struct json_reader *r, struct strbuf *key)
{
	int c, d;

	if (r->error || r->depth == 0)
		return fail(r);
	d = r->depth - 1;
	c = peek_char(r);
	if (c == (r->in_object[d] ? '}' : ']')) {
		(void)getc(r->fp);
		r->depth--;
		return 0;
	}
	if (!r->first[d]) {
		if (c != ',')
			return fail(r);
		(void)getc(r->fp);
	}
	r->first[d] = 0;
	if (!r->in_object[d])
		return 1;
	if (read_string(r, key) != 0)
		return -1;
	if (peek_char(r) != ':')
		return fail(r);
	(void)getc(r->fp);
	return 1;
}

int
jr_skip(struct json_reader *r)
{
	char num[NUMBER_MAX];
	int depth, rc;

	switch (jr_peek(r)) {
	case JR_OBJECT:
	case JR_ARRAY:
		depth = r->depth;
		if (jr_enter(r) != 0)
			return -1;
		while ((rc = jr_next(r, NULL)) == 1)
			if (jr_skip(r) != 0)
				return -1;
		return rc == 0 && r->depth == depth ? 0 : fail(r);
	case JR_STRING:
		return read_string(r, NULL);
	case JR_NUMBER:
		return read_number(r, num);
	case JR_BOOL:
		return expect_word(r, peek_char(r) == 't' ? "true" : "false");
	case JR_NULL:
		return expect_word(r, "null");
	default:
		return fail(r);
	}
}

int
jr_string(struct json_reader *r, struct strbuf *out)
{
	enum jr_type t = jr_peek(r);

	if (t == JR_STRING)
		return read_string(r, out) == 0 ? 1 : -1;
	sb_reset(out);
	return jr_skip(r) == 0 ? 0 : -1;
}

int
jr_int(struct json_reader *r, int64_t *v)
{
	char num[NUMBER_MAX];

	if (jr_peek(r) != JR_NUMBER)
		return jr_skip(r) == 0 ? 0 : -1;
	if (read_number(r, num) != 0)
		return -1;
	return parse_int64(num, strlen(num), v) == 0 ? 1 : 0;
}
