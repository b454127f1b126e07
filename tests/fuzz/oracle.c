/* Independent checks for the fuzz targets: a UTF-8 validator, a strict JSON validator and a
 * GFM table row splitter, written from the specifications. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oracle.h"

#define JSON_DEPTH 512

_Noreturn void
oracle_fail(const char *what)
{
	fprintf(stderr, "oracle: %s\n", what);
	abort();
}

int
oracle_utf8(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, need;
	unsigned lo, hi;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xBF;
		if (s[i] >= 0xC2 && s[i] <= 0xDF)
			need = 1;
		else if (s[i] >= 0xE0 && s[i] <= 0xEF) {
			need = 2;
			if (s[i] == 0xE0)
				lo = 0xA0;
			if (s[i] == 0xED)
				hi = 0x9F;
		} else if (s[i] >= 0xF0 && s[i] <= 0xF4) {
			need = 3;
			if (s[i] == 0xF0)
				lo = 0x90;
			if (s[i] == 0xF4)
				hi = 0x8F;
		} else
			return 0;
		if (n - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if (s[i + k] < lo || s[i + k] > hi)
				return 0;
			lo = 0x80;
			hi = 0xBF;
		}
		i += need + 1;
	}
	return 1;
}

/* ---- JSON ---- */

struct jp {
	const unsigned char *s;
	size_t n, i;
	int depth;
};

static int value(struct jp *p);

static void
ws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	    p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static int
lit(struct jp *p, const char *w)
{
	size_t k = strlen(w);

	if (p->n - p->i < k || memcmp(p->s + p->i, w, k) != 0)
		return 0;
	p->i += k;
	return 1;
}

static int
hex4(struct jp *p, unsigned *v)
{
	size_t k;
	int c;

	*v = 0;
	if (p->n - p->i < 4)
		return 0;
	for (k = 0; k < 4; k++) {
		c = p->s[p->i++];
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return 0;
	}
	return 1;
}

/* A string: raw bytes valid UTF-8 with no control character; escapes well formed, and a
 * \u surrogate escape paired (a lone one is valid JSON text but not a Unicode string, and
 * we never mean to write one). */
static int
string(struct jp *p)
{
	size_t start;
	unsigned u, u2;

	if (p->i >= p->n || p->s[p->i] != '"')
		return 0;
	p->i++;
	start = p->i;
	while (p->i < p->n && p->s[p->i] != '"') {
		if (p->s[p->i] < 0x20)
			return 0;
		if (p->s[p->i] != '\\') {
			p->i++;
			continue;
		}
		if (!oracle_utf8((const char *)p->s + start, p->i - start))
			return 0;
		if (++p->i >= p->n)
			return 0;
		switch (p->s[p->i++]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			break;
		case 'u':
			if (!hex4(p, &u))
				return 0;
			if (u >= 0xDC00 && u <= 0xDFFF)
				return 0;
			if (u >= 0xD800 && u <= 0xDBFF) {
				if (!lit(p, "\\u") || !hex4(p, &u2) || u2 < 0xDC00 || u2 > 0xDFFF)
					return 0;
			}
			break;
		default:
			return 0;
		}
		start = p->i;
	}
	if (p->i >= p->n || !oracle_utf8((const char *)p->s + start, p->i - start))
		return 0;
	p->i++;
	return 1;
}

static int
digits(struct jp *p)
{
	size_t k = p->i;

	while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
		p->i++;
	return p->i > k;
}

static int
number(struct jp *p)
{
	if (p->i < p->n && p->s[p->i] == '-')
		p->i++;
	if (p->i < p->n && p->s[p->i] == '0')
		p->i++;
	else if (!digits(p))
		return 0;
	if (p->i < p->n && p->s[p->i] == '.') {
		p->i++;
		if (!digits(p))
			return 0;
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (!digits(p))
			return 0;
	}
	return 1;
}

static int
container(struct jp *p, char open, char close)
{
	int first = 1;

	if (++p->depth > JSON_DEPTH)
		return 0;
	p->i++;
	ws(p);
	if (p->i < p->n && p->s[p->i] == (unsigned char)close) {
		p->i++;
		p->depth--;
		return 1;
	}
	for (;;) {
		if (!first) {
			ws(p);
			if (p->i >= p->n)
				return 0;
			if (p->s[p->i] == (unsigned char)close) {
				p->i++;
				p->depth--;
				return 1;
			}
			if (p->s[p->i] != ',')
				return 0;
			p->i++;
		}
		first = 0;
		ws(p);
		if (open == '{') {
			if (!string(p))
				return 0;
			ws(p);
			if (p->i >= p->n || p->s[p->i] != ':')
				return 0;
			p->i++;
		}
		if (!value(p))
			return 0;
	}
}

static int
value(struct jp *p)
{
	ws(p);
	if (p->i >= p->n)
		return 0;
	switch (p->s[p->i]) {
	case '{':
		return container(p, '{', '}');
	case '[':
		return container(p, '[', ']');
	case '"':
		return string(p);
	case 't':
		return lit(p, "true");
	case 'f':
		return lit(p, "false");
	case 'n':
		return lit(p, "null");
	default:
		return number(p);
	}
}

int
oracle_json(const char *s, size_t n)
{
	struct jp p = {(const unsigned char *)s, n, 0, 0};

	if (!value(&p))
		return 0;
	ws(&p);
	return p.i == n;
}

/* ---- Markdown tables ---- */

int
oracle_md_cells(const char *row, size_t n)
{
	size_t i, start = 0, end = n, pipes = 0, last = (size_t)-1;
	int cells;

	if (memchr(row, '\n', n) != NULL || memchr(row, '\r', n) != NULL)
		return -1;
	while (start < end && (row[start] == ' ' || row[start] == '\t'))
		start++;
	while (end > start && (row[end - 1] == ' ' || row[end - 1] == '\t'))
		end--;
	for (i = start; i < end; i++) {
		if (row[i] == '\\') {
			i++;		/* a backslash escapes the next character */
			continue;
		}
		if (row[i] == '|') {
			pipes++;
			last = i;
		}
	}
	cells = (int)pipes + 1;
	/* A leading pipe opens the row and a trailing unescaped one closes it. */
	if (start < end && row[start] == '|')
		cells--;
	if (pipes > 0 && last == end - 1 && !(pipes == 1 && last == start))
		cells--;
	return cells;
}
