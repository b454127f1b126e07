/* Small shared helpers: allocation that never returns NULL, string buffers, ASCII compares. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util.h"

/* POSIX does not declare memmem; libc or compat/memmem.c provides it. */
void *memmem(const void *, size_t, const void *, size_t);

static void
oom(size_t n)
{
	fprintf(stderr, "marstriage: out of memory (%zu bytes)\n", n);
	exit(70);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

void *
xgrow(void *p, size_t *cap, size_t need, size_t sz)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	if (c == 0)
		c = 8;
	while (c < need) {
		if (c > SIZE_MAX / 2 / sz)
			oom(SIZE_MAX);
		c *= 2;
	}
	*cap = c;
	return xrealloc(p, c * sz);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return xstrdup("");
	sb.s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(sb.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return sb.s;
}

void
sb_add(struct strbuf *sb, const char *p, size_t n)
{
	sb->s = xgrow(sb->s, &sb->cap, sb->len + n + 1, 1);
	if (n)
		memcpy(sb->s + sb->len, p, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void
sb_addc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

void
sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	sb->s = xgrow(sb->s, &sb->cap, sb->len + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

const char *
sb_str(const struct strbuf *sb)
{
	return sb->s ? sb->s : "";
}

char *
sb_detach(struct strbuf *sb)
{
	char *s = sb->s ? sb->s : xstrdup("");

	sb->s = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void
sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Equal bytes, the common case, skip the case folding. */
int
ascii_casecmp(const char *a, const char *b)
{
	int d;

	for (;; a++, b++) {
		if (*a == *b) {
			if (*a == '\0')
				return 0;
			continue;
		}
		if ((d = lower((unsigned char)*a) - lower((unsigned char)*b)) != 0)
			return d;
	}
}

int
ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	int d;

	for (; n > 0; a++, b++, n--) {
		if (*a == *b) {
			if (*a == '\0')
				return 0;
			continue;
		}
		if ((d = lower((unsigned char)*a) - lower((unsigned char)*b)) != 0)
			return d;
	}
	return 0;
}

/* Case-insensitive search with memchr finding the candidates: the next occurrence of each
 * case of the needle's first byte is kept, so every byte is scanned at most twice. */
const char *
ascii_casestr(const char *hay, size_t hlen, const char *needle)
{
	size_t nlen = strlen(needle);
	const char *p, *end, *na, *nb;
	int lo, up;

	if (nlen == 0)
		return hay;
	if (nlen > hlen)
		return NULL;
	lo = lower((unsigned char)*needle);
	up = lo >= 'a' && lo <= 'z' ? lo - 'a' + 'A' : lo;
	end = hay + (hlen - nlen) + 1;	/* where a match may start */
	na = nb = hay;			/* not searched yet */
	for (p = hay; p < end; p++) {
		if (na != NULL && (na < p || p == hay))
			na = memchr(p, lo, (size_t)(end - p));
		if (nb != NULL && (nb < p || p == hay))
			nb = up != lo ? memchr(p, up, (size_t)(end - p)) : NULL;
		if (na == NULL && nb == NULL)
			return NULL;
		p = na == NULL ? nb : nb == NULL ? na : na < nb ? na : nb;
		if (ascii_ncasecmp(p + 1, needle + 1, nlen - 1) == 0)
			return p;
	}
	return NULL;
}

uint64_t
mt_clock_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

const char *
mt_memmem(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	return memmem(hay, hlen, needle, nlen);
}

int
glob_match(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*p == '*') {
			star = p++;
			resume = s;
		} else if (*p == '?' || (*p && lower((unsigned char)*p) == lower((unsigned char)*s))) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++resume;
		} else
			return 0;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

void
trim_span(const char **p, size_t *n)
{
	while (*n > 0 && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

int
has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);

	return n >= pl && memcmp(s, prefix, pl) == 0;
}

int
parse_int64(const char *s, size_t n, int64_t *out)
{
	char buf[32];
	char *end;
	long long v;

	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	if (n > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X')) {
		unsigned long long u = strtoull(buf + 2, &end, 16);
		if (errno || *end || end == buf + 2 || u > INT64_MAX)
			return -1;
		*out = (int64_t)u;
		return 0;
	}
	if (!(isdigit((unsigned char)buf[0]) || buf[0] == '-' || buf[0] == '+'))
		return -1;
	v = strtoll(buf, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int
hresult_normalise(const char *s, size_t n, char out[11])
{
	char buf[32];
	char *end;
	unsigned long long u;
	int hex = 0;
	size_t i;

	trim_span(&s, &n);
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
		hex = 1;
	}
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!hex) {
		/* Bare hex like 80780049 or 800423f2: eight hex digits with a letter or a
		 * leading 8, which no positive decimal HRESULT field would print. */
		int letter = 0, alldig = 1;
		for (i = 0; i < n; i++) {
			if (!isxdigit((unsigned char)buf[i]))
				alldig = 0;
			if (isalpha((unsigned char)buf[i]))
				letter = 1;
		}
		if (alldig && n == 8 && (letter || buf[0] == '8' || buf[0] == 'C' || buf[0] == 'c'))
			hex = 1;
		if (alldig && letter)
			hex = 1;
	}
	errno = 0;
	if (hex) {
		u = strtoull(buf, &end, 16);
		if (errno || *end || u > 0xFFFFFFFFULL)
			return -1;
	} else if (buf[0] == '-') {
		long long v = strtoll(buf, &end, 10);
		if (errno || *end || v < INT32_MIN)
			return -1;
		u = (unsigned long long)(uint32_t)(int32_t)v;
	} else {
		u = strtoull(buf, &end, 10);
		if (errno || *end || u > 0xFFFFFFFFULL || buf[0] == '+')
			return -1;
	}
	snprintf(out, 11, "0x%08X", (unsigned)u);
	return 0;
}
