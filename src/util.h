/* Small shared helpers: allocation that never returns NULL, a growable string buffer, and
 * bounded string utilities. */
#ifndef MT_UTIL_H
#define MT_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__) || defined(__clang__)
#define MT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define MT_PRINTF(a, b)
#endif

#define MT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation wrappers: on failure they print a message and exit(70); they never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array of *cap elements of size sz so that it holds at least need elements. */
void *xgrow(void *p, size_t *cap, size_t need, size_t sz);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) MT_PRINTF(1, 2);

/* A growable byte string, always NUL-terminated once anything was added. */
struct strbuf {
	char *s;
	size_t len;
	size_t cap;
};
#define STRBUF_INIT {NULL, 0, 0}

void sb_add(struct strbuf *sb, const char *p, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) MT_PRINTF(2, 3);
/* Empties the buffer but keeps its memory. Inline: every record and rule test starts so. */
static inline void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->s)
		sb->s[0] = '\0';
}
/* Returns the contents ("" when empty); valid until the next change. */
const char *sb_str(const struct strbuf *sb);
/* Hands the string to the caller (never NULL) and leaves the buffer empty. */
char *sb_detach(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/* Case-insensitive ASCII helpers (locale independent). */
int ascii_casecmp(const char *a, const char *b);
int ascii_ncasecmp(const char *a, const char *b, size_t n);
/* Finds needle in the first hlen bytes of hay, ASCII case-insensitively; NULL if absent. */
const char *ascii_casestr(const char *hay, size_t hlen, const char *needle);
/* memmem for platforms that lack it. */
const char *mt_memmem(const char *hay, size_t hlen, const char *needle, size_t nlen);
/* A monotonic clock in nanoseconds, for timing (--profile-rules); 0 if unavailable. */
uint64_t mt_clock_ns(void);
/* Shell-style glob with * and ?, ASCII case-insensitive, '/' not special. */
int glob_match(const char *pattern, const char *name);
/* Trims ASCII spaces and tabs from both ends of [*p, *p + *n). */
void trim_span(const char **p, size_t *n);

/* 1 for an ASCII space or tab. Inline: parsers call it on every byte. */
static inline int
ascii_isblank(char c)
{
	return c == ' ' || c == '\t';
}

/* Drops trailing spaces, tabs and CRs from the span s of length *n. */
static inline void
span_rtrim(const char *s, size_t *n)
{
	while (*n > 0 && (ascii_isblank(s[*n - 1]) || s[*n - 1] == '\r'))
		(*n)--;
}

/* Number of leading spaces and tabs in the span s of length n. */
static inline size_t
span_indent(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && ascii_isblank(s[i]))
		i++;
	return i;
}
/* 1 if s (of length n) starts with prefix. */
int has_prefix(const char *s, size_t n, const char *prefix);

/* Parses an unsigned or signed decimal, or 0x-hex, integer filling all of [s, s+n);
 * returns 0 on success. */
int parse_int64(const char *s, size_t n, int64_t *out);

/* Normalises an HRESULT written as hex (with or without 0x), signed or unsigned decimal,
 * into "0x%08X" in out (11 bytes). Returns 0 on success. */
int hresult_normalise(const char *s, size_t n, char out[11]);

#endif
