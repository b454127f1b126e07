/* Time zones for local times of a bundle: Windows zone ids and systeminfo display names mapped
 * to tz database names, and a TZif reader (RFC 8536, with its POSIX TZ footer) for the
 * offset in effect at any time. Nothing here uses the C library's zone state. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "timeparse.h"
#include "tzone.h"
#include "util.h"

#define TZ_DIR		"/usr/share/zoneinfo"
#define TZIF_MAX	(256 * 1024)	/* a TZif file is a few KiB */
#define MAX_TRANS	4096
#define MAX_TYPES	64

/* One end of a POSIX daylight saving rule: month, week (5 = last) and weekday of Mm.w.d,
 * or the day of year of Jn (julian, Feb 29 not counted) / n (0-based, counted). */
struct rule_day {
	char form;		/* 'M', 'J' or 'n' */
	int m, w, d;		/* for 'M'; d is also the day of 'J' and 'n' */
	int secs;		/* local time of the change, may be negative or past 24 h */
};

struct tzone {
	size_t ntrans;
	int64_t trans[MAX_TRANS];	/* transition times, seconds UTC, ascending */
	unsigned char idx[MAX_TRANS];	/* type after each transition */
	int ntypes;
	int32_t off[MAX_TYPES];		/* seconds east of UTC */
	unsigned char isdst[MAX_TYPES];
	int has_rule;			/* the footer rule governs times after the last transition */
	int32_t rule_std, rule_dst;	/* seconds east of UTC */
	int rule_has_dst;
	struct rule_day start, end;
	/* The span [memo_lo, memo_hi) of times (seconds UTC) the last answer holds for, and
	 * its offset: records come in time order, mostly, and most fall in the last span. */
	int64_t memo_lo, memo_hi;
	int32_t memo_off;
};

/* Windows zone ids and their tz names (the "001" territory of CLDR's windowsZones). */
static const struct {
	const char *win;
	const char *iana;
} win_zones[] = {
	{"Dateline Standard Time", "Etc/GMT+12"},
	{"UTC-11", "Etc/GMT+11"},
	{"Hawaiian Standard Time", "Pacific/Honolulu"},
	{"Alaskan Standard Time", "America/Anchorage"},
	{"Pacific Standard Time (Mexico)", "America/Tijuana"},
	{"Pacific Standard Time", "America/Los_Angeles"},
	{"US Mountain Standard Time", "America/Phoenix"},
	{"Mountain Standard Time (Mexico)", "America/Mazatlan"},
	{"Mountain Standard Time", "America/Denver"},
	{"Central America Standard Time", "America/Guatemala"},
	{"Central Standard Time (Mexico)", "America/Mexico_City"},
	{"Central Standard Time", "America/Chicago"},
	{"Canada Central Standard Time", "America/Regina"},
	{"SA Pacific Standard Time", "America/Bogota"},
	{"Eastern Standard Time (Mexico)", "America/Cancun"},
	{"Eastern Standard Time", "America/New_York"},
	{"US Eastern Standard Time", "America/Indiana/Indianapolis"},
	{"Venezuela Standard Time", "America/Caracas"},
	{"Paraguay Standard Time", "America/Asuncion"},
	{"Atlantic Standard Time", "America/Halifax"},
	{"Central Brazilian Standard Time", "America/Cuiaba"},
	{"SA Western Standard Time", "America/La_Paz"},
	{"Pacific SA Standard Time", "America/Santiago"},
	{"Newfoundland Standard Time", "America/St_Johns"},
	{"E. South America Standard Time", "America/Sao_Paulo"},
	{"Argentina Standard Time", "America/Argentina/Buenos_Aires"},
	{"SA Eastern Standard Time", "America/Cayenne"},
	{"Greenland Standard Time", "America/Godthab"},
	{"Montevideo Standard Time", "America/Montevideo"},
	{"UTC-02", "Etc/GMT+2"},
	{"Azores Standard Time", "Atlantic/Azores"},
	{"Cape Verde Standard Time", "Atlantic/Cape_Verde"},
	{"UTC", "Etc/UTC"},
	{"GMT Standard Time", "Europe/London"},
	{"Greenwich Standard Time", "Atlantic/Reykjavik"},
	{"Morocco Standard Time", "Africa/Casablanca"},
	{"W. Europe Standard Time", "Europe/Berlin"},
	{"Central Europe Standard Time", "Europe/Budapest"},
	{"Romance Standard Time", "Europe/Paris"},
	{"Central European Standard Time", "Europe/Warsaw"},
	{"W. Central Africa Standard Time", "Africa/Lagos"},
	{"GTB Standard Time", "Europe/Bucharest"},
	{"Middle East Standard Time", "Asia/Beirut"},
	{"Egypt Standard Time", "Africa/Cairo"},
	{"E. Europe Standard Time", "Europe/Chisinau"},
	{"South Africa Standard Time", "Africa/Johannesburg"},
	{"FLE Standard Time", "Europe/Kiev"},
	{"Israel Standard Time", "Asia/Jerusalem"},
	{"Jordan Standard Time", "Asia/Amman"},
	{"Arabic Standard Time", "Asia/Baghdad"},
	{"Turkey Standard Time", "Europe/Istanbul"},
	{"Arab Standard Time", "Asia/Riyadh"},
	{"Russian Standard Time", "Europe/Moscow"},
	{"E. Africa Standard Time", "Africa/Nairobi"},
	{"Iran Standard Time", "Asia/Tehran"},
	{"Arabian Standard Time", "Asia/Dubai"},
	{"Azerbaijan Standard Time", "Asia/Baku"},
	{"Mauritius Standard Time", "Indian/Mauritius"},
	{"Georgian Standard Time", "Asia/Tbilisi"},
	{"Afghanistan Standard Time", "Asia/Kabul"},
	{"West Asia Standard Time", "Asia/Tashkent"},
	{"Pakistan Standard Time", "Asia/Karachi"},
	{"India Standard Time", "Asia/Kolkata"},
	{"Sri Lanka Standard Time", "Asia/Colombo"},
	{"Nepal Standard Time", "Asia/Kathmandu"},
	{"Central Asia Standard Time", "Asia/Almaty"},
	{"Bangladesh Standard Time", "Asia/Dhaka"},
	{"Myanmar Standard Time", "Asia/Yangon"},
	{"SE Asia Standard Time", "Asia/Bangkok"},
	{"N. Central Asia Standard Time", "Asia/Novosibirsk"},
	{"China Standard Time", "Asia/Shanghai"},
	{"North Asia Standard Time", "Asia/Krasnoyarsk"},
	{"Singapore Standard Time", "Asia/Singapore"},
	{"W. Australia Standard Time", "Australia/Perth"},
	{"Taipei Standard Time", "Asia/Taipei"},
	{"Ulaanbaatar Standard Time", "Asia/Ulaanbaatar"},
	{"Tokyo Standard Time", "Asia/Tokyo"},
	{"Korea Standard Time", "Asia/Seoul"},
	{"Cen. Australia Standard Time", "Australia/Adelaide"},
	{"AUS Central Standard Time", "Australia/Darwin"},
	{"E. Australia Standard Time", "Australia/Brisbane"},
	{"AUS Eastern Standard Time", "Australia/Sydney"},
	{"West Pacific Standard Time", "Pacific/Port_Moresby"},
	{"Tasmania Standard Time", "Australia/Hobart"},
	{"Vladivostok Standard Time", "Asia/Vladivostok"},
	{"New Zealand Standard Time", "Pacific/Auckland"},
	{"UTC+12", "Etc/GMT-12"},
	{"Fiji Standard Time", "Pacific/Fiji"},
	{"Tonga Standard Time", "Pacific/Tongatapu"},
	{"Samoa Standard Time", "Pacific/Apia"},
};

/* English display names as systeminfo prints them after "(UTC+hh:mm) ". Older and newer
 * Windows spell a few differently; both are listed. */
static const struct {
	const char *display;
	const char *win;
} display_zones[] = {
	{"International Date Line West", "Dateline Standard Time"},
	{"Coordinated Universal Time-11", "UTC-11"},
	{"Hawaii", "Hawaiian Standard Time"},
	{"Alaska", "Alaskan Standard Time"},
	{"Baja California", "Pacific Standard Time (Mexico)"},
	{"Pacific Time (US & Canada)", "Pacific Standard Time"},
	{"Arizona", "US Mountain Standard Time"},
	{"Chihuahua, La Paz, Mazatlan", "Mountain Standard Time (Mexico)"},
	{"La Paz, Mazatlan", "Mountain Standard Time (Mexico)"},
	{"Mountain Time (US & Canada)", "Mountain Standard Time"},
	{"Central America", "Central America Standard Time"},
	{"Central Time (US & Canada)", "Central Standard Time"},
	{"Guadalajara, Mexico City, Monterrey", "Central Standard Time (Mexico)"},
	{"Saskatchewan", "Canada Central Standard Time"},
	{"Bogota, Lima, Quito, Rio Branco", "SA Pacific Standard Time"},
	{"Bogota, Lima, Quito", "SA Pacific Standard Time"},
	{"Chetumal", "Eastern Standard Time (Mexico)"},
	{"Eastern Time (US & Canada)", "Eastern Standard Time"},
	{"Indiana (East)", "US Eastern Standard Time"},
	{"Caracas", "Venezuela Standard Time"},
	{"Asuncion", "Paraguay Standard Time"},
	{"Atlantic Time (Canada)", "Atlantic Standard Time"},
	{"Cuiaba", "Central Brazilian Standard Time"},
	{"Georgetown, La Paz, Manaus, San Juan", "SA Western Standard Time"},
	{"Santiago", "Pacific SA Standard Time"},
	{"Newfoundland", "Newfoundland Standard Time"},
	{"Brasilia", "E. South America Standard Time"},
	{"City of Buenos Aires", "Argentina Standard Time"},
	{"Buenos Aires", "Argentina Standard Time"},
	{"Cayenne, Fortaleza", "SA Eastern Standard Time"},
	{"Greenland", "Greenland Standard Time"},
	{"Montevideo", "Montevideo Standard Time"},
	{"Coordinated Universal Time-02", "UTC-02"},
	{"Azores", "Azores Standard Time"},
	{"Cabo Verde Is.", "Cape Verde Standard Time"},
	{"Cape Verde Is.", "Cape Verde Standard Time"},
	{"Coordinated Universal Time", "UTC"},
	{"Dublin, Edinburgh, Lisbon, London", "GMT Standard Time"},
	{"Monrovia, Reykjavik", "Greenwich Standard Time"},
	{"Casablanca", "Morocco Standard Time"},
	{"Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "W. Europe Standard Time"},
	{"Belgrade, Bratislava, Budapest, Ljubljana, Prague", "Central Europe Standard Time"},
	{"Brussels, Copenhagen, Madrid, Paris", "Romance Standard Time"},
	{"Sarajevo, Skopje, Warsaw, Zagreb", "Central European Standard Time"},
	{"West Central Africa", "W. Central Africa Standard Time"},
	{"Athens, Bucharest", "GTB Standard Time"},
	{"Beirut", "Middle East Standard Time"},
	{"Cairo", "Egypt Standard Time"},
	{"Chisinau", "E. Europe Standard Time"},
	{"Harare, Pretoria", "South Africa Standard Time"},
	{"Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius", "FLE Standard Time"},
	{"Helsinki, Kiev, Riga, Sofia, Tallinn, Vilnius", "FLE Standard Time"},
	{"Jerusalem", "Israel Standard Time"},
	{"Amman", "Jordan Standard Time"},
	{"Baghdad", "Arabic Standard Time"},
	{"Istanbul", "Turkey Standard Time"},
	{"Kuwait, Riyadh", "Arab Standard Time"},
	{"Moscow, St. Petersburg", "Russian Standard Time"},
	{"Moscow, St. Petersburg, Volgograd", "Russian Standard Time"},
	{"Nairobi", "E. Africa Standard Time"},
	{"Tehran", "Iran Standard Time"},
	{"Abu Dhabi, Muscat", "Arabian Standard Time"},
	{"Baku", "Azerbaijan Standard Time"},
	{"Port Louis", "Mauritius Standard Time"},
	{"Tbilisi", "Georgian Standard Time"},
	{"Kabul", "Afghanistan Standard Time"},
	{"Ashgabat, Tashkent", "West Asia Standard Time"},
	{"Islamabad, Karachi", "Pakistan Standard Time"},
	{"Chennai, Kolkata, Mumbai, New Delhi", "India Standard Time"},
	{"Sri Jayawardenepura", "Sri Lanka Standard Time"},
	{"Kathmandu", "Nepal Standard Time"},
	{"Astana", "Central Asia Standard Time"},
	{"Dhaka", "Bangladesh Standard Time"},
	{"Yangon (Rangoon)", "Myanmar Standard Time"},
	{"Bangkok, Hanoi, Jakarta", "SE Asia Standard Time"},
	{"Novosibirsk", "N. Central Asia Standard Time"},
	{"Beijing, Chongqing, Hong Kong, Urumqi", "China Standard Time"},
	{"Krasnoyarsk", "North Asia Standard Time"},
	{"Kuala Lumpur, Singapore", "Singapore Standard Time"},
	{"Perth", "W. Australia Standard Time"},
	{"Taipei", "Taipei Standard Time"},
	{"Ulaanbaatar", "Ulaanbaatar Standard Time"},
	{"Osaka, Sapporo, Tokyo", "Tokyo Standard Time"},
	{"Seoul", "Korea Standard Time"},
	{"Adelaide", "Cen. Australia Standard Time"},
	{"Darwin", "AUS Central Standard Time"},
	{"Brisbane", "E. Australia Standard Time"},
	{"Canberra, Melbourne, Sydney", "AUS Eastern Standard Time"},
	{"Guam, Port Moresby", "West Pacific Standard Time"},
	{"Hobart", "Tasmania Standard Time"},
	{"Vladivostok", "Vladivostok Standard Time"},
	{"Auckland, Wellington", "New Zealand Standard Time"},
	{"Coordinated Universal Time+12", "UTC+12"},
	{"Fiji", "Fiji Standard Time"},
	{"Nuku'alofa", "Tonga Standard Time"},
	{"Samoa", "Samoa Standard Time"},
};

/* Fixed offsets: Windows "UTC-08" is tz "Etc/GMT+8" (POSIX signs are reversed). */
static const char *const etc_zones[] = {
	"Etc/GMT+12", "Etc/GMT+11", "Etc/GMT+10", "Etc/GMT+9", "Etc/GMT+8", "Etc/GMT+7",
	"Etc/GMT+6", "Etc/GMT+5", "Etc/GMT+4", "Etc/GMT+3", "Etc/GMT+2", "Etc/GMT+1",
	"Etc/UTC", "Etc/GMT-1", "Etc/GMT-2", "Etc/GMT-3", "Etc/GMT-4", "Etc/GMT-5",
	"Etc/GMT-6", "Etc/GMT-7", "Etc/GMT-8", "Etc/GMT-9", "Etc/GMT-10", "Etc/GMT-11",
	"Etc/GMT-12", "Etc/GMT-13", "Etc/GMT-14"
};

const char *
tzone_windows_to_iana(const char *win_id)
{
	size_t i;
	int h;

	for (i = 0; i < MT_ARRAY_LEN(win_zones); i++)
		if (ascii_casecmp(win_zones[i].win, win_id) == 0)
			return win_zones[i].iana;
	if (ascii_ncasecmp(win_id, "UTC", 3) == 0 && (win_id[3] == '+' || win_id[3] == '-') &&
	    win_id[4] >= '0' && win_id[4] <= '9' && win_id[5] >= '0' && win_id[5] <= '9' &&
	    win_id[6] == '\0') {
		h = (win_id[4] - '0') * 10 + (win_id[5] - '0');
		h = win_id[3] == '-' ? -h : h;
		if (h >= -12 && h <= 14)
			return etc_zones[h + 12];
	}
	return NULL;
}

/* The text after the "(UTC...)" prefix, trimmed. */
static void
display_rest(const char **s, size_t *n)
{
	const char *p = *s, *e = *s + *n, *q;

	trim_span(&p, n);
	e = p + *n;
	if (p < e && *p == '(' && (q = memchr(p, ')', (size_t)(e - p))) != NULL)
		p = q + 1;
	*n = (size_t)(e - p);
	trim_span(&p, n);
	*s = p;
}

const char *
tzone_display_to_windows(const char *display, size_t n)
{
	const char *s = display;
	size_t i;

	display_rest(&s, &n);
	for (i = 0; i < MT_ARRAY_LEN(display_zones); i++)
		if (strlen(display_zones[i].display) == n &&
		    ascii_ncasecmp(display_zones[i].display, s, n) == 0)
			return display_zones[i].win;
	return NULL;
}

int
tzone_display_offset(const char *s, size_t n, int *minutes)
{
	size_t i = 0;
	int sign, h, m = 0;

	trim_span(&s, &n);
	if (n < 5 || s[0] != '(' || (ascii_ncasecmp(s + 1, "UTC", 3) != 0 &&
	    ascii_ncasecmp(s + 1, "GMT", 3) != 0))
		return -1;
	i = 4;
	if (i < n && s[i] == ')') {
		*minutes = 0;
		return 0;
	}
	if (i >= n || (s[i] != '+' && s[i] != '-'))
		return -1;
	sign = s[i++] == '-' ? -1 : 1;
	if (i + 2 > n || s[i] < '0' || s[i] > '9' || s[i + 1] < '0' || s[i + 1] > '9')
		return -1;
	h = (s[i] - '0') * 10 + (s[i + 1] - '0');
	i += 2;
	if (i < n && s[i] == ':') {
		if (i + 3 > n || s[i + 1] < '0' || s[i + 1] > '5' || s[i + 2] < '0' ||
		    s[i + 2] > '9')
			return -1;
		m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
		i += 3;
	}
	if (i >= n || s[i] != ')' || h > 14)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

/* --- POSIX TZ strings -------------------------------------------------------------------- */

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A zone abbreviation: three or more letters, or "<...>". */
static const char *
posix_name(const char *s)
{
	const char *p = s;

	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		return *p == '>' ? p + 1 : NULL;
	}
	while (is_alpha(*p))
		p++;
	return p - s >= 3 ? p : NULL;
}

static const char *
posix_num(const char *s, int max, int *v)
{
	int n = 0, k = 0;

	while (is_digit(*s) && k < 4) {
		n = n * 10 + (*s++ - '0');
		k++;
	}
	if (k == 0 || n > max)
		return NULL;
	*v = n;
	return s;
}

/* [+-]hh[:mm[:ss]] in seconds; hours up to 167 (RFC 8536 extension). */
static const char *
posix_time(const char *s, int *secs)
{
	int sign = 1, h, m = 0, sec = 0;

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	if ((s = posix_num(s, 167, &h)) == NULL)
		return NULL;
	if (*s == ':') {
		if ((s = posix_num(s + 1, 59, &m)) == NULL)
			return NULL;
		if (*s == ':' && (s = posix_num(s + 1, 59, &sec)) == NULL)
			return NULL;
	}
	*secs = sign * (h * 3600 + m * 60 + sec);
	return s;
}

static const char *
posix_day(const char *s, struct rule_day *r)
{
	r->secs = 7200;
	if (*s == 'M') {
		r->form = 'M';
		if ((s = posix_num(s + 1, 12, &r->m)) == NULL || r->m < 1 || *s != '.')
			return NULL;
		if ((s = posix_num(s + 1, 5, &r->w)) == NULL || r->w < 1 || *s != '.')
			return NULL;
		if ((s = posix_num(s + 1, 6, &r->d)) == NULL)
			return NULL;
	} else if (*s == 'J') {
		r->form = 'J';
		if ((s = posix_num(s + 1, 365, &r->d)) == NULL || r->d < 1)
			return NULL;
	} else {
		r->form = 'n';
		if ((s = posix_num(s, 365, &r->d)) == NULL)
			return NULL;
	}
	if (*s == '/')
		s = posix_time(s + 1, &r->secs);
	return s;
}

/* Parses s into z's rule; returns 0 when the whole string was read. */
static int
posix_parse(const char *s, struct tzone *z)
{
	int off;

	if ((s = posix_name(s)) == NULL || (s = posix_time(s, &off)) == NULL)
		return -1;
	z->rule_std = -off;
	z->rule_dst = z->rule_std + 3600;
	z->rule_has_dst = 0;
	if (*s == '\0')
		return 0;
	if ((s = posix_name(s)) == NULL)
		return -1;
	if (*s != ',' && *s != '\0') {
		if ((s = posix_time(s, &off)) == NULL)
			return -1;
		z->rule_dst = -off;
	}
	if (*s == '\0') {
		/* No rule given: POSIX leaves it to the implementation; take the US one. */
		z->start = (struct rule_day){'M', 3, 2, 0, 7200};
		z->end = (struct rule_day){'M', 11, 1, 0, 7200};
	} else if (*s != ',' || (s = posix_day(s + 1, &z->start)) == NULL || *s != ',' ||
	    (s = posix_day(s + 1, &z->end)) == NULL || *s != '\0')
		return -1;
	z->rule_has_dst = 1;
	return 0;
}

static int
leap_year(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int64_t y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap_year(y) ? 29 : md[m - 1];
}

/* Seconds since the epoch of 00:00 local (as if UTC) on the rule's day of year y. */
static int64_t
rule_day_start(const struct rule_day *r, int64_t y)
{
	int64_t days, wd1;
	int day;

	switch (r->form) {
	case 'J':
		days = days_from_civil(y, 1, 1) + r->d - 1;
		if (leap_year(y) && r->d >= 60)
			days++;
		break;
	case 'n':
		days = days_from_civil(y, 1, 1) + r->d;
		break;
	default:
		days = days_from_civil(y, (unsigned)r->m, 1);
		wd1 = ((days % 7) + 7 + 4) % 7;		/* 1970-01-01 was a Thursday */
		day = 1 + (int)((r->d - wd1 + 7) % 7) + (r->w - 1) * 7;
		while (day > month_days(y, r->m))
			day -= 7;
		days += day - 1;
		break;
	}
	return days * 86400;
}

/* Narrows [*lo, *hi) to the side of the change at c that t is on. */
static void
span_cut(int64_t t, int64_t c, int64_t *lo, int64_t *hi)
{
	if (t < c) {
		if (c < *hi)
			*hi = c;
	} else if (c > *lo)
		*lo = c;
}

/* The offset of the footer rule at t, and the span [*lo, *hi) around t it holds for (within
 * the local standard year of t, which the rule's dates are computed for). */
static int32_t
rule_offset(const struct tzone *z, int64_t t, int64_t *lo, int64_t *hi)
{
	int64_t start, end;
	int y, mo, d, h, mi, s, ms;

	if (!z->rule_has_dst)
		return z->rule_std;
	utc_split((t + z->rule_std) * 1000, &y, &mo, &d, &h, &mi, &s, &ms);
	*lo = days_from_civil(y, 1, 1) * 86400 - z->rule_std;
	*hi = days_from_civil((int64_t)y + 1, 1, 1) * 86400 - z->rule_std;
	start = rule_day_start(&z->start, y) + z->start.secs - z->rule_std;
	end = rule_day_start(&z->end, y) + z->end.secs - z->rule_dst;
	span_cut(t, start, lo, hi);
	span_cut(t, end, lo, hi);
	if (start < end)
		return t >= start && t < end ? z->rule_dst : z->rule_std;
	return t >= end && t < start ? z->rule_std : z->rule_dst;	/* southern hemisphere */
}

struct tzone *
tzone_from_posix(const char *s)
{
	struct tzone *z = xcalloc(1, sizeof *z);

	if (s == NULL || posix_parse(s, z) != 0) {
		free(z);
		return NULL;
	}
	z->has_rule = 1;
	return z;
}

/* --- TZif --------------------------------------------------------------------------------- */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzif_hdr {
	uint32_t isut, isstd, leap, time, type, chars;
};

static int
tzif_header(const unsigned char *p, size_t n, struct tzif_hdr *h, int *version)
{
	if (n < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	*version = p[4] == 0 ? 1 : p[4] - '0';
	h->isut = be32(p + 20);
	h->isstd = be32(p + 24);
	h->leap = be32(p + 28);
	h->time = be32(p + 32);
	h->type = be32(p + 36);
	h->chars = be32(p + 40);
	if (h->type == 0 || h->type > 256 || h->time > 100000 || h->chars > 65536 ||
	    h->leap > 10000 || h->isut > 256 || h->isstd > 256)
		return -1;
	return 0;
}

static size_t
tzif_block_len(const struct tzif_hdr *h, size_t tsize)
{
	return h->time * tsize + h->time + h->type * 6 + h->chars + h->leap * (tsize + 4) +
	    h->isstd + h->isut;
}

/* Reads a data block (times of tsize bytes) into z. */
static int
tzif_block(const unsigned char *p, const struct tzif_hdr *h, size_t tsize, struct tzone *z)
{
	const unsigned char *tt = p, *ix = p + h->time * tsize, *ti = ix + h->time;
	size_t i, skip = 0;

	if (h->type > MAX_TYPES)
		return -1;
	/* Keep the newest transitions when there are too many: only recent times matter. */
	if (h->time > MAX_TRANS)
		skip = h->time - MAX_TRANS;
	z->ntrans = h->time - skip;
	for (i = 0; i < z->ntrans; i++) {
		z->trans[i] = tsize == 8 ? be64(tt + (i + skip) * 8) :
		    (int64_t)(int32_t)be32(tt + (i + skip) * 4);
		z->idx[i] = ix[i + skip];
		if (z->idx[i] >= h->type || (i > 0 && z->trans[i] < z->trans[i - 1]))
			return -1;
	}
	z->ntypes = (int)h->type;
	for (i = 0; i < h->type; i++) {
		z->off[i] = (int32_t)be32(ti + i * 6);
		z->isdst[i] = ti[i * 6 + 4];
		if (z->off[i] < -26 * 3600 || z->off[i] > 26 * 3600)
			return -1;
	}
	return 0;
}

struct tzone *
tzone_from_tzif(const unsigned char *p, size_t n)
{
	struct tzone *z;
	struct tzif_hdr h, h2;
	size_t len1, len2;
	int version, v2;
	char footer[128];
	const unsigned char *f, *e;

	if (tzif_header(p, n, &h, &version) != 0)
		return NULL;
	len1 = tzif_block_len(&h, 4);
	if (44 + len1 > n)
		return NULL;
	z = xcalloc(1, sizeof *z);
	if (version >= 2 && tzif_header(p + 44 + len1, n - 44 - len1, &h2, &v2) == 0 &&
	    (len2 = tzif_block_len(&h2, 8)) <= n - 88 - len1) {
		if (tzif_block(p + 88 + len1, &h2, 8, z) != 0)
			goto bad;
		/* The footer: "\n" POSIX-TZ "\n". An empty one means no rule. */
		f = p + 88 + len1 + len2;
		e = p + n;
		if (f < e && *f == '\n' && e - f > 1) {
			const unsigned char *nl = memchr(f + 1, '\n', (size_t)(e - f - 1));

			if (nl && nl - f - 1 > 0 && (size_t)(nl - f - 1) < sizeof footer) {
				memcpy(footer, f + 1, (size_t)(nl - f - 1));
				footer[nl - f - 1] = '\0';
				if (posix_parse(footer, z) == 0)
					z->has_rule = 1;
			}
		}
	} else if (tzif_block(p + 44, &h, 4, z) != 0)
		goto bad;
	return z;
bad:
	free(z);
	return NULL;
}

static int
plain_name(const char *s)
{
	const char *p;

	if (s == NULL || *s == '\0' || *s == '/' || strstr(s, "..") || strlen(s) > 64)
		return 0;
	for (p = s; *p; p++)
		if (!is_alpha(*p) && !is_digit(*p) && *p != '/' && *p != '_' && *p != '-' &&
		    *p != '+')
			return 0;
	return 1;
}

struct tzone *
tzone_load(const char *iana, const char *dir)
{
	unsigned char *buf;
	char *path;
	FILE *fp;
	size_t n;
	struct tzone *z = NULL;

	if (!plain_name(iana))
		return NULL;
	path = xasprintf("%s/%s", dir ? dir : TZ_DIR, iana);
	fp = fopen(path, "rb");
	free(path);
	if (fp == NULL)
		return NULL;
	buf = xmalloc(TZIF_MAX);
	n = fread(buf, 1, TZIF_MAX, fp);
	if (!ferror(fp) && n < TZIF_MAX)
		z = tzone_from_tzif(buf, n);
	fclose(fp);
	free(buf);
	return z;
}

void
tzone_free(struct tzone *z)
{
	free(z);
}

/* Offset in seconds at a UTC time in seconds. */
/* The offset at t, and the span [*lo, *hi) around t it holds for. */
static int32_t
offset_span(const struct tzone *z, int64_t t, int64_t *lo, int64_t *hi)
{
	size_t a = 0, b = z->ntrans;
	int i;

	*lo = INT64_MIN;
	*hi = INT64_MAX;
	if (z->ntrans == 0 || t < z->trans[0]) {
		if (z->ntrans == 0 && z->has_rule)
			return rule_offset(z, t, lo, hi);
		if (z->ntrans > 0)
			*hi = z->trans[0];
		/* Before the first transition: the first standard-time type. */
		for (i = 0; i < z->ntypes; i++)
			if (!z->isdst[i])
				return z->off[i];
		return z->ntypes ? z->off[0] : 0;
	}
	if (t >= z->trans[z->ntrans - 1] && z->has_rule) {
		int32_t off = rule_offset(z, t, lo, hi);
		if (*lo < z->trans[z->ntrans - 1])
			*lo = z->trans[z->ntrans - 1];
		return off;
	}
	while (b - a > 1) {
		size_t mid = a + (b - a) / 2;

		if (z->trans[mid] <= t)
			a = mid;
		else
			b = mid;
	}
	*lo = z->trans[a];
	if (a + 1 < z->ntrans)
		*hi = z->trans[a + 1];
	return z->off[z->idx[a]];
}

/* offset_span through the memo of the last span. A zone belongs to one bundle's analysis,
 * so one thread: the memo is its only state that changes after loading. */
static int32_t
offset_secs(const struct tzone *z, int64_t t)
{
	struct tzone *m = (struct tzone *)z;

	if (t >= z->memo_lo && t < z->memo_hi)
		return z->memo_off;
	m->memo_off = offset_span(z, t, &m->memo_lo, &m->memo_hi);
	return m->memo_off;
}

/* Floor division: times before 1970 round down. */
static int64_t
secs_of(int64_t ms)
{
	return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

int
tzone_offset_at(const struct tzone *z, int64_t utc_ms)
{
	return offset_secs(z, secs_of(utc_ms)) / 60;
}

int
tzone_std_offset(const struct tzone *z)
{
	int i;

	if (z->has_rule)
		return z->rule_std / 60;
	for (i = (int)z->ntrans - 1; i >= 0; i--)
		if (!z->isdst[z->idx[i]])
			return z->off[z->idx[i]] / 60;
	return z->ntypes ? z->off[0] / 60 : 0;
}

int
tzone_has_dst(const struct tzone *z)
{
	int i;

	if (z->has_rule && z->rule_has_dst)
		return 1;
	for (i = 0; i < z->ntypes; i++)
		if (z->isdst[i])
			return 1;
	return 0;
}

int64_t
tzone_local_to_utc(const struct tzone *z, int64_t local_ms)
{
	int64_t guess = local_ms - (int64_t)tzone_std_offset(z) * 60000, u, best = 0;
	int64_t cand[2];
	int i, found = 0;

	/* The offsets a day before and after: one of them is the right one, or both when the
	 * time is in the repeated hour. */
	cand[0] = tzone_offset_at(z, guess - 86400000);
	cand[1] = tzone_offset_at(z, guess + 86400000);
	for (i = 0; i < 2; i++) {
		u = local_ms - cand[i] * 60000;
		if (tzone_offset_at(z, u) == cand[i] && (!found || u < best)) {
			best = u;
			found = 1;
		}
	}
	return found ? best : local_ms - cand[0] * 60000;
}
