/* Time arithmetic and parsing for the time forms found in bundles, with 64-bit integers and
 * no dependence on the local machine's time zone. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "timeparse.h"

/* Howard Hinnant's days_from_civil, valid for the whole int64 range we use. */
int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int64_t
utc_ms(int y, int mon, int day, int h, int min, int s, int ms)
{
	int64_t days = days_from_civil(y, (unsigned)mon, (unsigned)day);

	return ((days * 24 + h) * 60 + min) * 60000 + (int64_t)s * 1000 + ms;
}

void
utc_split(int64_t ms, int *y, int *mon, int *day, int *h, int *min, int *s, int *msec)
{
	int64_t days = ms / 86400000, rem = ms % 86400000, z, era, yy;
	unsigned doe, yoe, doy, mp, d, m;

	if (rem < 0) {
		rem += 86400000;
		days--;
	}
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (m <= 2));
	*mon = (int)m;
	*day = (int)d;
	*h = (int)(rem / 3600000);
	*min = (int)(rem / 60000 % 60);
	*s = (int)(rem / 1000 % 60);
	*msec = (int)(rem % 1000);
}

static int
digits(const char *s, size_t n, size_t at, size_t count, int *out)
{
	int v = 0;
	size_t i;

	if (at + count > n)
		return -1;
	for (i = 0; i < count; i++) {
		if (!isdigit((unsigned char)s[at + i]))
			return -1;
		v = v * 10 + (s[at + i] - '0');
	}
	*out = v;
	return 0;
}

static int
valid_fields(int y, int mon, int day, int h, int mi, int se)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return y >= 1601 && y <= 9999 && mon >= 1 && mon <= 12 && day >= 1 &&
	    day <= mdays[mon - 1] && h <= 23 && mi <= 59 && se <= 60;
}

int
parse_iso8601(const char *s, size_t n, int64_t *ms, int *had_zone)
{
	int y, mon, day, h, mi, se, frac = 0, oh, om;
	size_t i = 19, fd = 0;
	int64_t v;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (digits(s, n, 0, 4, &y) || n < 19 || s[4] != '-' || digits(s, n, 5, 2, &mon) ||
	    s[7] != '-' || digits(s, n, 8, 2, &day) || (s[10] != 'T' && s[10] != ' ') ||
	    digits(s, n, 11, 2, &h) || s[13] != ':' || digits(s, n, 14, 2, &mi) ||
	    s[16] != ':' || digits(s, n, 17, 2, &se))
		return -1;
	if (!valid_fields(y, mon, day, h, mi, se))
		return -1;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		while (i < n && isdigit((unsigned char)s[i])) {
			if (fd < 3)
				frac = frac * 10 + (s[i] - '0');
			fd++;
			i++;
		}
		if (fd == 0 || fd > 9)
			return -1;
		while (fd < 3) {
			frac *= 10;
			fd++;
		}
	}
	v = utc_ms(y, mon, day, h, mi, se > 59 ? 59 : se, frac);
	*had_zone = 0;
	if (i == n) {
		*ms = v;
		return 0;
	}
	if (s[i] == 'Z' && i + 1 == n) {
		*had_zone = 1;
		*ms = v;
		return 0;
	}
	if ((s[i] == '+' || s[i] == '-') && !digits(s, n, i + 1, 2, &oh) &&
	    ((i + 6 == n && s[i + 3] == ':' && !digits(s, n, i + 4, 2, &om)) ||
	     (i + 5 == n && !digits(s, n, i + 3, 2, &om))) && oh <= 23 && om <= 59) {
		int64_t off = ((int64_t)oh * 60 + om) * 60000;
		*had_zone = 1;
		*ms = s[i] == '+' ? v - off : v + off;
		return 0;
	}
	return -1;
}

/* Writes v (0 <= v < 10^n) as n decimal digits, zero-padded. */
static void
put_digits(char *out, int v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
format_iso8601(int64_t ms, char out[25])
{
	int y, mon, day, h, mi, se, msec;

	utc_split(ms, &y, &mon, &day, &h, &mi, &se, &msec);
	if (y < 0 || y > 9999) {
		snprintf(out, 25, "invalid");
		return;
	}
	/* What "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" gives, without printf: evidence of every
	 * rule match is stamped with it. */
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, mon, 2);
	out[7] = '-';
	put_digits(out + 8, day, 2);
	out[10] = 'T';
	put_digits(out + 11, h, 2);
	out[13] = ':';
	put_digits(out + 14, mi, 2);
	out[16] = ':';
	put_digits(out + 17, se, 2);
	out[19] = '.';
	put_digits(out + 20, msec, 3);
	out[23] = 'Z';
	out[24] = '\0';
}

/* Reads an unsigned number of 1..maxd digits at *i. */
static int
number(const char *s, size_t n, size_t *i, size_t maxd, int *out)
{
	size_t st = *i;
	int v = 0;

	while (*i < n && *i - st < maxd && isdigit((unsigned char)s[*i]))
		v = v * 10 + (s[(*i)++] - '0');
	if (*i == st)
		return -1;
	*out = v;
	return 0;
}

int
parse_windows_datetime(const char *s, size_t n, int day_first, int64_t *ms)
{
	int a, b, y, h = 0, mi = 0, se = 0, mon, day;
	size_t i = 0;
	char sep;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (number(s, n, &i, 2, &a) || i >= n)
		return -1;
	sep = s[i];
	if (sep != '/' && sep != '.' && sep != '-')
		return -1;
	i++;
	if (number(s, n, &i, 2, &b) || i >= n || s[i] != sep)
		return -1;
	i++;
	if (number(s, n, &i, 4, &y))
		return -1;
	if (y < 100)
		y += 2000;
	mon = day_first || sep == '.' ? b : a;
	day = day_first || sep == '.' ? a : b;
	while (i < n && (s[i] == ',' || s[i] == ' ' || s[i] == '-'))
		i++;
	if (i < n) {
		if (number(s, n, &i, 2, &h) || i >= n || s[i] != ':')
			return -1;
		i++;
		if (number(s, n, &i, 2, &mi))
			return -1;
		if (i < n && s[i] == ':') {
			i++;
			if (number(s, n, &i, 2, &se))
				return -1;
		}
		while (i < n && s[i] == ' ')
			i++;
		if (i + 1 < n + 0 && (s[i] == 'P' || s[i] == 'p') && (s[i + 1] == 'M' || s[i + 1] == 'm')) {
			if (h < 12)
				h += 12;
		} else if (i + 1 < n && (s[i] == 'A' || s[i] == 'a') && (s[i + 1] == 'M' || s[i + 1] == 'm')) {
			if (h == 12)
				h = 0;
		}
	}
	if (!valid_fields(y, mon, day, h, mi, se))
		return -1;
	*ms = utc_ms(y, mon, day, h, mi, se > 59 ? 59 : se, 0);
	return 0;
}
