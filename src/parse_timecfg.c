/* Parser for the server's time settings: `tzutil /g` (the Windows time zone id, one line,
 * usually without a line end) as a timezone record, and `w32tm /query /status` as a
 * timesync record (English labels, or their fixed order in other languages). */
#include <string.h>
#include "parsers_more.h"
#include "parsers_backup.h"

#define BID_TZUTIL	16	/* the whole entry is one time zone id */
#define BID_W32TM	16	/* "Leap Indicator:" or its shape in another language */
#define BID_W32TM_MORE	8	/* each further w32tm label */
#define BID_MAX		64

#define ID_MAX		80	/* longest time zone id accepted ("... Standard Time (Mexico)") */
#define EXCERPT_MAX	1024

enum field {
	W_NONE, W_LEAP, W_STRATUM, W_PRECISION, W_DELAY, W_DISPERSION, W_REFID, W_LASTSYNC,
	W_SOURCE, W_POLL, W_ERROR
};

static const struct {
	const char *label;
	enum field field;
} w32tm_labels[] = {
	{"Leap Indicator", W_LEAP}, {"Stratum", W_STRATUM}, {"Precision", W_PRECISION},
	{"Root Delay", W_DELAY}, {"Root Dispersion", W_DISPERSION},
	{"ReferenceId", W_REFID}, {"Last Successful Sync Time", W_LASTSYNC},
	{"Source", W_SOURCE}, {"Poll Interval", W_POLL}, {"Last Sync Error", W_ERROR},
	{"Phase Offset", W_NONE}, {"ClockRate", W_NONE}, {"State Machine", W_NONE},
	{"Time Source Flags", W_NONE}, {"Server Role", W_NONE},
	{"Time since Last Good Sync Time", W_NONE},
};

/* The order of the first lines in every language. */
static const enum field by_position[] = {
	W_LEAP, W_STRATUM, W_PRECISION, W_DELAY, W_DISPERSION, W_REFID, W_LASTSYNC, W_SOURCE,
	W_POLL
};

struct timecfg {
	int open;		/* a timesync record is being built in ctx->rec */
	size_t ordinal;		/* labelled lines read in it */
	unsigned seen;		/* fields set, one bit each */
	struct strbuf excerpt;
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
ends_with(const char *s, size_t n, const char *suffix, size_t *at)
{
	size_t l = strlen(suffix);

	if (n < l || memcmp(s + n - l, suffix, l) != 0)
		return 0;
	*at = n - l;
	return 1;
}

/*
 * A Windows time zone id: "<Name> Standard Time", with "(Mexico)" and the like after it on
 * a few, "UTC", "UTC+12", "UTC-08"; tzutil adds "_dstoff" when daylight saving time is
 * off. Returns the id's length without the suffix, 0 if the line is not one.
 */
static size_t
zone_id(const char *s, size_t n, int *dstoff)
{
	size_t at, i;

	*dstoff = 0;
	if (ends_with(s, n, "_dstoff", &at)) {
		*dstoff = 1;
		n = at;
	}
	if (n == 0 || n > ID_MAX)
		return 0;
	if (n >= 3 && memcmp(s, "UTC", 3) == 0) {
		if (n == 3 || (n == 6 && (s[3] == '+' || s[3] == '-') && is_digit(s[4]) &&
		    is_digit(s[5])))
			return n;
		return 0;
	}
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    is_digit(s[i]) || s[i] == ' ' || s[i] == '.' || s[i] == '-' || s[i] == '+' ||
		    s[i] == '(' || s[i] == ')'))
			return 0;
	if (s[0] < 'A' || s[0] > 'Z')
		return 0;
	at = n;
	if (s[n - 1] == ')') {
		const char *p = memchr(s, '(', n);

		if (p == NULL || p == s || p[-1] != ' ')
			return 0;
		at = (size_t)(p - s) - 1;
	}
	return ends_with(s, at, " Standard Time", &i) && i > 0 ? n : 0;
}

/* "Label: value" at column 0 (labels hold no ':'). */
static int
label_line(const char *s, size_t n, const char **lab, size_t *ll, const char **v, size_t *vl)
{
	const char *c;

	if (n == 0 || ascii_isblank(s[0]) || (c = memchr(s, ':', n)) == NULL || c == s)
		return 0;
	*lab = s;
	*ll = (size_t)(c - s);
	span_rtrim(*lab, ll);
	*v = c + 1;
	*vl = (size_t)(s + n - *v);
	trim_span(v, vl);
	return *ll > 0;
}

static enum field
w32tm_field(const char *lab, size_t ll, int *known)
{
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(w32tm_labels); i++)
		if (strlen(w32tm_labels[i].label) == ll &&
		    ascii_ncasecmp(lab, w32tm_labels[i].label, ll) == 0) {
			*known = 1;
			return w32tm_labels[i].field;
		}
	*known = 0;
	return W_NONE;
}

/* "3(not synchronized)", "0(no warning)": the shape of the leap indicator's value. */
static int
leap_shape(const char *v, size_t n)
{
	return n >= 3 && v[0] >= '0' && v[0] <= '3' && (v[1] == '(' || (v[1] == ' ' &&
	    v[2] == '('));
}

/* The number at the start of a value, and the text in the parentheses after it. */
static void
set_number(struct record *r, const char *name, const char *text_name, const char *v,
    size_t n)
{
	const char *p, *q;
	size_t i = 0;

	if (i < n && v[i] == '-')
		i++;
	while (i < n && is_digit(v[i]))
		i++;
	if (i > 0 && is_digit(v[i - 1]))
		record_set(r, name, v, i);
	else
		record_set(r, name, v, n);
	if (text_name && (p = memchr(v, '(', n)) != NULL &&
	    (q = memchr(p, ')', n - (size_t)(p - v))) != NULL)
		record_set(r, text_name, p + 1, (size_t)(q - p - 1));
}

static void
sync_begin(struct parse_ctx *ctx, struct timecfg *tc)
{
	tc->open = 1;
	tc->ordinal = 0;
	tc->seen = 0;
	sb_reset(&tc->excerpt);
	record_begin(&ctx->rec, "timesync", ctx->entry, textin_lineno(ctx->in));
}

static void
sync_end(struct parse_ctx *ctx, struct timecfg *tc)
{
	struct record *r = &ctx->rec;
	const char *src;

	if (!tc->open)
		return;
	tc->open = 0;
	if ((tc->seen & (1u << W_LEAP | 1u << W_SOURCE | 1u << W_STRATUM)) == 0)
		return;
	if ((src = record_get(r, "source")) != NULL)
		record_sets(r, "free_running", ascii_casecmp(src, "Local CMOS Clock") == 0 ||
		    ascii_casecmp(src, "Free-running System Clock") == 0 ? "yes" : "no");
	if (tc->excerpt.len)
		record_set_excerpt(r, tc->excerpt.s, tc->excerpt.len);
	parse_emit(ctx);
}

static void
sync_field(struct record *r, struct timecfg *tc, enum field f, const char *v, size_t n)
{
	const char *p;

	if (f == W_NONE || (tc->seen & (1u << f)))
		return;
	tc->seen |= 1u << f;
	switch (f) {
	case W_LEAP:
		set_number(r, "leap", "leap_text", v, n);
		break;
	case W_STRATUM:
		set_number(r, "stratum", "stratum_text", v, n);
		break;
	case W_POLL:
		record_set(r, "poll", v, n);
		/* "10 (1024s)" */
		if ((p = memchr(v, '(', n)) != NULL)
			set_number(r, "poll_seconds", NULL, p + 1, n - (size_t)(p + 1 - v));
		break;
	case W_SOURCE:
		record_set(r, "source", v, n);
		break;
	case W_LASTSYNC:
		record_set(r, "last_sync", v, n);
		break;
	case W_REFID:
		record_set(r, "reference_id", v, n);
		break;
	case W_ERROR:
		record_set(r, "last_sync_error", v, n);
		break;
	default:
		break;
	}
}

static void
timecfg_line(struct parse_ctx *ctx, struct timecfg *tc, const char *s, size_t n)
{
	const char *lab, *v;
	size_t ll, vl, idlen;
	enum field f;
	int known, dstoff;

	if ((idlen = zone_id(s, n, &dstoff)) != 0) {
		sync_end(ctx, tc);
		record_begin(&ctx->rec, "timezone", ctx->entry, textin_lineno(ctx->in));
		record_set(&ctx->rec, "zone_id", s, idlen);
		record_sets(&ctx->rec, "dst_disabled", dstoff ? "yes" : "no");
		record_set_excerpt(&ctx->rec, s, n);
		parse_emit(ctx);
		return;
	}
	if (!label_line(s, n, &lab, &ll, &v, &vl)) {
		if (n == 0)
			sync_end(ctx, tc);
		return;
	}
	f = w32tm_field(lab, ll, &known);
	if (f == W_LEAP || (!known && !tc->open && leap_shape(v, vl)))
		sync_end(ctx, tc);	/* a new status begins */
	if (!tc->open) {
		if (f != W_LEAP && !(!known && leap_shape(v, vl)))
			return;
		sync_begin(ctx, tc);
	}
	if (!known && tc->ordinal < MT_ARRAY_LEN(by_position))
		f = by_position[tc->ordinal];
	tc->ordinal++;
	cmdout_append(&tc->excerpt, "\n", s, n, EXCERPT_MAX);
	sync_field(&ctx->rec, tc, f, v, vl);
}

static int
timecfg_parse(struct parse_ctx *ctx)
{
	struct timecfg tc;
	struct cmderr ce;
	const char *line;
	size_t len;
	int rc, taken;

	memset(&tc, 0, sizeof tc);
	cmderr_init(&ce, NULL);
	while ((rc = cmdout_getline(ctx, &line, &len)) == 1) {
		span_rtrim(line, &len);
		taken = cmderr_line(&ce, line, len, textin_lineno(ctx->in));
		if (cmderr_ready(&ce)) {
			sync_end(ctx, &tc);
			cmderr_emit(&ce, ctx);
		}
		if (!taken)
			timecfg_line(ctx, &tc, line, len);
	}
	sync_end(ctx, &tc);
	cmderr_finish(&ce);
	cmderr_emit(&ce, ctx);
	sb_free(&tc.excerpt);
	return rc < 0 ? -1 : 0;
}

static int
timecfg_bid(const char *name, const char *head, size_t headlen)
{
	const char *l, *lab, *v;
	size_t ll, pos = 0, labl, vl;
	int ids = 0, other = 0, labels = 0, shape = 0, dstoff, known, k = 0, bid = 0;

	(void)name;
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		span_rtrim(l, &ll);
		if (ll == 0)
			continue;
		if (zone_id(l, ll, &dstoff)) {
			ids++;
		} else if (label_line(l, ll, &lab, &labl, &v, &vl)) {
			w32tm_field(lab, labl, &known);
			if (known)
				labels++;
			else if (!ascii_casestr(l, ll, "tzutil"))
				other++;
			/* Another language: "x: 3(...)", "y: 0 (...)", "z: -23 (...)". */
			if (k == 0 && leap_shape(v, vl))
				k = 1;
			else if (k == 1 && vl > 2 && is_digit(v[0]) && memchr(v, '(', vl))
				k = 2;
			else if (k == 2 && vl > 2 && v[0] == '-' && memchr(v, '(', vl))
				shape = 1;
			else
				k = 0;
		} else if (!ascii_casestr(l, ll, "tzutil"))
			other++;
	}
	if (labels >= 2 && ascii_casestr(head, headlen, "Leap Indicator"))
		bid = BID_W32TM + (labels - 2) * BID_W32TM_MORE;
	else if (shape)
		bid = BID_W32TM;
	else if (ids == 1 && other == 0 && labels == 0)
		bid = BID_TZUTIL;
	return bid > BID_MAX ? BID_MAX : bid;
}

static const char *const timecfg_globs[] = {
	"*tzutil*", "*timezone*", "*time_zone*", "*w32tm*", "*timesync*", "*time.txt", NULL
};

const struct parser parser_timecfg = {
	"time",
	"tzutil /g (time zone id) and w32tm /query /status",
	timecfg_globs,
	timecfg_bid,
	timecfg_parse
};
