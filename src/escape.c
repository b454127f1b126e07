/* Escaping of untrusted text for JSON, Markdown and HTML output: every byte sequence comes out
 * as valid UTF-8 that the target format shows literally. */
#include <string.h>
#include "escape.h"
#include "util.h"

#define INVALID (-1L)

/* Decodes the UTF-8 sequence at s (n > 0 bytes). Returns its length and sets *cp; an invalid
 * byte (stray continuation, overlong form, surrogate, beyond U+10FFFF, cut short) yields
 * length 1 and INVALID, so decoding resumes at the next byte. */
static size_t
utf8_next(const unsigned char *s, size_t n, long *cp)
{
	size_t len, i;
	long c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2, c = s[0] & 0x1F, min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3, c = s[0] & 0x0F, min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		*cp = INVALID;
		return 1;
	}
	if (n < len) {
		*cp = INVALID;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = INVALID;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = INVALID;
		return 1;
	}
	*cp = c;
	return len;
}

/* Line and paragraph separators that some viewers and JavaScript treat as line ends. */
static int
is_line_break(long c)
{
	return c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == 0x85 ||
	    c == 0x2028 || c == 0x2029;
}

/* Invisible characters that can make displayed text lie: C0 and C1 controls, DEL, bidi
 * overrides and marks, and the zero-width no-break space. */
static int
is_hidden(long c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E ||
	    c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0xFEFF;
}

void
json_put_stringn(FILE *fp, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	long c;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	while (i < n) {
		len = utf8_next(p + i, n - i, &c);
		switch (c) {
		case INVALID:
			fputs("\xEF\xBF\xBD", fp);
			break;
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\b':
			fputs("\\b", fp);
			break;
		case '\f':
			fputs("\\f", fp);
			break;
		default:
			if (is_hidden(c) || is_line_break(c))
				fprintf(fp, "\\u%04lx", c);
			else
				fwrite(p + i, 1, len, fp);
			break;
		}
		i += len;
	}
	fputc('"', fp);
}

void
json_put_string(FILE *fp, const char *s)
{
	json_put_stringn(fp, s, s == NULL ? 0 : strlen(s));
}

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Appends s to sb as one line of visible text: invalid bytes and hidden characters are
 * dropped and line breaks become spaces, so that what follows sees only what is shown. */
static void
clean_line(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, i, len;
	long c;

	sb_add(sb, "", 0);
	if (s == NULL)
		return;
	n = strlen(s);
	for (i = 0; i < n; i += len) {
		len = utf8_next(p + i, n - i, &c);
		if (c == INVALID)
			continue;
		if (is_line_break(c))
			sb_addc(sb, ' ');
		else if (!is_hidden(c))
			sb_add(sb, s + i, len);
	}
}

/* 1 if the text at s starts with prefix, ASCII case-insensitively. */
static int
starts_ci(const char *s, const char *prefix)
{
	for (; *prefix != '\0'; s++, prefix++)
		if (*s == '\0' || (*s | 0x20) != *prefix)
			return 0;
	return 1;
}

/* Markdown escaping shared by md_put_text and md_put_cell. Punctuation that starts inline
 * syntax (emphasis, code, links, images, autolinks, HTML, entities, strikethrough, math,
 * table pipes) is always escaped; punctuation that matters only at the start of a line
 * (list markers, setext heading underlines, "1." lists) is escaped at the start of the
 * text, which is where a renderer may put a line start. "http://" and "www." are broken up
 * so that extended autolinks do not turn them into links either. */
static void
md_put(FILE *fp, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *start, *p;
	int digits = 1;

	clean_line(&sb, s);
	/* Leading spaces could make an indented code block. */
	for (start = sb.s; *start == ' '; start++)
		;
	for (p = start; *p != '\0'; p++) {
		switch (*p) {
		/* '(' ')' '!' need no escape: with '[' and ']' escaped no link or image can
		 * start, and leaving them keeps the raw Markdown readable in a terminal. */
		case '\\': case '`': case '*': case '_': case '[': case ']':
		case '<': case '>': case '#': case '|': case '~': case '@': case '$':
			fputc('\\', fp);
			break;
		case '&':
			/* Only "&name;" and "&#...;" are entities. */
			if (p[1] == '#' || is_alnum((unsigned char)p[1]))
				fputc('\\', fp);
			break;
		case '-': case '+': case '=':
			if (p == start)
				fputc('\\', fp);
			break;
		case '.':
			/* "1. " starts an ordered list; "2.0" does not. */
			if ((digits && p > start && !is_alnum((unsigned char)p[1])) ||
			    (p - sb.s >= 3 && starts_ci(p - 3, "www")))
				fputc('\\', fp);
			break;
		case ':':
			if (p[1] == '/' && p[2] == '/')
				fputc('\\', fp);
			break;
		default:
			break;
		}
		if (*p < '0' || *p > '9')
			digits = 0;
		fputc(*p, fp);
	}
	sb_free(&sb);
}

void
md_put_text(FILE *fp, const char *s)
{
	md_put(fp, s);
}

void
md_put_cell(FILE *fp, const char *s)
{
	/* md_put escapes '|' everywhere; a GFM table splits cells on unescaped '|' only, and
	 * every backslash it emits is paired with the character it escapes. */
	md_put(fp, s);
}

size_t
md_backtick_run(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, run = 0, longest = 0;

	clean_line(&sb, s);
	for (i = 0; i < sb.len; i++) {
		run = sb.s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	sb_free(&sb);
	return longest;
}

void
text_put_line(FILE *fp, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	clean_line(&sb, s);
	fwrite(sb.s, 1, sb.len, fp);
	sb_free(&sb);
}

void
md_put_code(FILE *fp, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, longest;
	int pad;

	if (s == NULL)
		return;
	clean_line(&sb, s);
	longest = md_backtick_run(s);
	/* A fence longer than every backtick run inside cannot be closed early. The renderer
	 * strips one space at each end when both ends have one, so pad when the text holds a
	 * backtick (it may start or end with one) or itself starts and ends with a space; and
	 * when it is empty, for a bare pair of backticks is no code span at all. */
	pad = longest > 0 || sb.len == 0 || (sb.s[0] == ' ' && sb.s[sb.len - 1] == ' ');
	for (i = 0; i <= longest; i++)
		fputc('`', fp);
	if (pad)
		fputc(' ', fp);
	if (sb.len)
		fwrite(sb.s, 1, sb.len, fp);
	if (pad)
		fputc(' ', fp);
	for (i = 0; i <= longest; i++)
		fputc('`', fp);
	sb_free(&sb);
}

void
html_put(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, i, len;
	long c;

	if (s == NULL)
		return;
	n = strlen(s);
	for (i = 0; i < n; i += len) {
		len = utf8_next(p + i, n - i, &c);
		switch (c) {
		case INVALID:
			break;
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		case '\t':
		case '\n':
			fputc((int)c, fp);
			break;
		case '\r':
			break;
		default:
			if (is_line_break(c))
				fputc('\n', fp);
			else if (!is_hidden(c))
				fwrite(p + i, 1, len, fp);
			break;
		}
	}
}

void
slug_put(FILE *fp, const char *s)
{
	int dash = 0, any = 0;
	unsigned char c;

	for (; s != NULL && *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && any)
				fputc('-', fp);
			fputc(c, fp);
			dash = 0;
			any = 1;
		} else
			dash = 1;
	}
	if (!any)
		fputc('x', fp);
}
