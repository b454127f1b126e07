/* Text helpers shared by the command-output parsers: label/value lines, grouped numbers,
 * sizes with units, table columns counted in characters, and local times. */
#include <string.h>
#include "parsers_backup.h"
#include "timeparse.h"

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_hexdigit(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Length of a space-like separator at s: ' ', '\t', U+00A0 or U+202F; 0 if none. */
static size_t
space_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 1 && (u[0] == ' ' || u[0] == '\t'))
		return 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)
		return 3;
	return 0;
}

int
cmdout_label_value(const char *s, size_t n, const char **lab, size_t *llen,
    const char **val, size_t *vlen)
{
	const char *c = memchr(s, ':', n);
	const char *l, *v;
	size_t ln, vn;

	if (c == NULL)
		return -1;
	l = s;
	ln = (size_t)(c - s);
	trim_span(&l, &ln);
	if (ln == 0)
		return -1;
	v = c + 1;
	vn = n - (size_t)(v - s);
	trim_span(&v, &vn);
	*lab = l;
	*llen = ln;
	*val = v;
	*vlen = vn;
	return 0;
}

int
cmdout_label_is(const char *lab, size_t llen, const char *const *names)
{
	for (; *names; names++)
		if (strlen(*names) == llen && ascii_ncasecmp(lab, *names, llen) == 0)
			return 1;
	return 0;
}

/* A group separator followed by exactly three digits at s[i]: returns its length. */
static size_t
group_sep(const char *s, size_t n, size_t i)
{
	size_t l;

	if (i < n && (s[i] == ',' || s[i] == '.' || s[i] == '\''))
		l = 1;
	else if ((l = space_len(s + i, n - i)) == 0 || s[i] == '\t')
		return 0;
	if (i + l + 3 > n || !is_digit((unsigned char)s[i + l]) ||
	    !is_digit((unsigned char)s[i + l + 1]) || !is_digit((unsigned char)s[i + l + 2]))
		return 0;
	if (i + l + 3 < n && is_digit((unsigned char)s[i + l + 3]))
		return 0;
	return l;
}

size_t
cmdout_grouped_int(const char *s, size_t n, int64_t *v)
{
	size_t i = 0, l, digits = 0;
	int neg = 0;
	int64_t x = 0;

	if (i < n && s[i] == '-') {
		neg = 1;
		i++;
	}
	if (i >= n || !is_digit((unsigned char)s[i]))
		return 0;
	for (;;) {
		if (i < n && is_digit((unsigned char)s[i])) {
			if (++digits > 18)
				return 0;	/* beyond any volume size: not a count */
			x = x * 10 + (s[i] - '0');
			i++;
		} else if ((l = group_sep(s, n, i)) != 0) {
			i += l;
		} else
			break;
	}
	*v = neg ? -x : x;
	return i;
}

/* Multiplier of the unit word at [s, s + n), 0 if it is not a size unit. */
static int64_t
unit_mult(const char *s, size_t n)
{
	static const char pfx[] = "KMGTPE";
	const char *p;
	int64_t m = 1;

	if (n == 0)
		return 0;
	if ((n == 1 && (s[0] == 'B' || s[0] == 'b' || s[0] == 'o')) ||
	    (n == 4 && ascii_ncasecmp(s, "byte", 4) == 0) ||
	    (n == 5 && ascii_ncasecmp(s, "bytes", 5) == 0) ||
	    (n == 5 && ascii_ncasecmp(s, "octet", 5) == 0) ||
	    (n == 6 && ascii_ncasecmp(s, "octets", 6) == 0))
		return 1;
	p = strchr(pfx, s[0] >= 'a' && s[0] <= 'z' ? s[0] - 'a' + 'A' : s[0]);
	if (p == NULL || s[0] == '\0')
		return 0;
	if (n == 3 && s[1] == 'i')
		s++, n--;		/* KiB, MiB... */
	if (n != 2 || (s[1] != 'B' && s[1] != 'b' && s[1] != 'o'))
		return 0;
	for (; p >= pfx; p--)
		m *= 1024;
	return m;
}

size_t
cmdout_size(const char *s, size_t n, int64_t *bytes)
{
	size_t i = 0, st, l, nsep = 0, last = 0, fd = 0;
	char first = 0;
	int64_t ip = 0, frac = 0, mult, scale = 1;
	double f;

	if (i >= n || !is_digit((unsigned char)s[i]))
		return 0;
	st = i;
	/* The last separator is the decimal mark unless it repeats the first one (then the
	 * number is only grouped, as in "1,024 MB"). */
	while (i < n && (is_digit((unsigned char)s[i]) || s[i] == ',' || s[i] == '.')) {
		if (s[i] == ',' || s[i] == '.') {
			if (nsep++ == 0)
				first = s[i];
			last = i;
		}
		i++;
	}
	if (i > st && (s[i - 1] == ',' || s[i - 1] == '.'))
		return 0;
	if (nsep > 1 && s[last] == first)
		last = i;		/* grouping only */
	else if (nsep == 0)
		last = i;
	for (l = st; l < last; l++) {
		if (!is_digit((unsigned char)s[l]))
			continue;
		if (ip > (INT64_MAX - 9) / 10)
			return 0;
		ip = ip * 10 + (s[l] - '0');
	}
	for (l = last + 1; l < i; l++) {
		if (fd >= 6)
			break;
		frac = frac * 10 + (s[l] - '0');
		scale *= 10;
		fd++;
	}
	while (i < n && (l = space_len(s + i, n - i)) != 0)
		i += l;
	st = i;
	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
		i++;
	if ((mult = unit_mult(s + st, i - st)) == 0)
		return 0;
	if (ip > INT64_MAX / mult / 2)
		return 0;
	f = (double)frac / (double)scale * (double)mult + 0.5;
	*bytes = ip * mult + (int64_t)f;
	return i;
}

int
cmdout_percent(const char *s, size_t n)
{
	size_t i, j, l;
	int v;

	for (i = 0; i < n; i++) {
		if (s[i] != '(')
			continue;
		j = i + 1;
		while (j < n && (l = space_len(s + j, n - j)) != 0)
			j += l;
		v = 0;
		l = j;
		while (j < n && is_digit((unsigned char)s[j]) && j - l < 4)
			v = v * 10 + (s[j++] - '0');
		if (j == l)
			continue;
		while (j < n && (l = space_len(s + j, n - j)) != 0)
			j += l;
		if (j < n && s[j] == '%')
			return v;
	}
	return -1;
}

size_t
cmdout_cp_offset(const char *s, size_t n, size_t cp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (cp-- == 0)
			return i;
	}
	return n;
}

size_t
cmdout_cp_count(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

int
cmdout_set_local_time(struct parse_ctx *ctx, const char *s, size_t n)
{
	struct rec_time t;
	int64_t ms;
	/* The server's locale says which comes first; without it month first is tried first. */
	int day_first = parse_env_date_order(ctx->env) == 1;

	trim_span(&s, &n);
	if (n == 0 || (parse_windows_datetime(s, n, day_first, &ms) != 0 &&
	    parse_windows_datetime(s, n, !day_first, &ms) != 0))
		return -1;
	t = parse_local_time(ctx->env, ms);
	record_set_time(&ctx->rec, t, s, n);
	return 0;
}

void
cmdout_append(struct strbuf *sb, const char *sep, const char *s, size_t n, size_t max)
{
	size_t seplen = sb->len && sep ? strlen(sep) : 0;

	if (sb->len + seplen >= max)
		return;
	if (seplen)
		sb_add(sb, sep, seplen);
	n = parse_utf8_cut(s, n, max - sb->len);
	sb_add(sb, s, n);
}

int
cmdout_next_line(const char *head, size_t len, size_t *pos, const char **line, size_t *llen)
{
	size_t i = *pos, st;

	if (i >= len)
		return 0;
	st = i;
	while (i < len && head[i] != '\n' && head[i] != '\r')
		i++;
	*line = head + st;
	*llen = i - st;
	if (i < len && head[i] == '\r')
		i++;
	if (i < len && head[i] == '\n')
		i++;
	*pos = i;
	return 1;
}

int
cmdout_is_guid(const char *s, size_t n)
{
	static const char shape[] = "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}";
	size_t i;

	if (n != sizeof shape - 1)
		return 0;
	for (i = 0; i < n; i++)
		if (shape[i] == 'x' ? !is_hexdigit((unsigned char)s[i]) : s[i] != shape[i])
			return 0;
	return 1;
}

int
cmdout_getline(struct parse_ctx *ctx, const char **line, size_t *len)
{
	int rc = textin_getline(ctx->in, line, len);

	if (rc < 0) {
		const char *e = textin_error(ctx->in);

		parse_note(ctx, "read error: %s", e ? e : "unknown");
	}
	return rc;
}
