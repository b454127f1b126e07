/* Tests for time arithmetic and the time forms of Windows outputs. */
#include <stdio.h>
#include <criterion/criterion.h>
#include "timeparse.h"

Test(iso8601, event_system_time_forms)
{
	int64_t ms;
	int zone;
	char out[25];

	cr_assert_eq(parse_iso8601("2013-08-22T14:51:44.205667300Z", 30, &ms, &zone), 0);
	cr_assert_eq(zone, 1);
	format_iso8601(ms, out);
	cr_assert_str_eq(out, "2013-08-22T14:51:44.205Z");
	cr_assert_eq(parse_iso8601("2022-04-25T15:51:07.8840856Z", 28, &ms, &zone), 0);
	format_iso8601(ms, out);
	cr_assert_str_eq(out, "2022-04-25T15:51:07.884Z");
	cr_assert_eq(parse_iso8601("2026-03-01T01:30:00+02:00", 25, &ms, &zone), 0);
	format_iso8601(ms, out);
	cr_assert_str_eq(out, "2026-02-28T23:30:00.000Z");
	cr_assert_eq(parse_iso8601("2026-03-01T01:30:00", 19, &ms, &zone), 0);
	cr_assert_eq(zone, 0);
}

/* The formatter writes digits itself: it must give what printf gives, over the years it
 * accepts, and "invalid" outside them. */
Test(iso8601, format_matches_printf)
{
	static const int64_t edges[] = {
		0, 1, 999, 86399999, 86400000, -1, -86400000, -62167219200000LL,
		-62167219200001LL, 253402300799999LL, 253402300800000LL, 1700000000123LL,
	};
	char out[25], want[25];
	int64_t ms;
	size_t i;
	int y, mon, day, h, mi, se, msec;

	for (i = 0; i < sizeof edges / sizeof edges[0] + 4000; i++) {
		ms = i < sizeof edges / sizeof edges[0] ? edges[i] :
		    (int64_t)(i * 7919) * 86400007 % 253402300800000LL + (int64_t)i * 137;
		utc_split(ms, &y, &mon, &day, &h, &mi, &se, &msec);
		if (y < 0 || y > 9999)
			snprintf(want, sizeof want, "invalid");
		else
			snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mon,
			    day, h, mi, se, msec);
		format_iso8601(ms, out);
		cr_assert_str_eq(out, want, "ms %lld", (long long)ms);
	}
}

Test(iso8601, rejects_malformed)
{
	int64_t ms;
	int zone;

	cr_assert_neq(parse_iso8601("2026-13-01T00:00:00Z", 20, &ms, &zone), 0);
	cr_assert_neq(parse_iso8601("2026-02-30T00:00:00Z", 20, &ms, &zone), 0);
	cr_assert_neq(parse_iso8601("yesterday", 9, &ms, &zone), 0);
	cr_assert_neq(parse_iso8601("2026-01-01T00:00:00.1234567890Z", 31, &ms, &zone), 0);
	cr_assert_neq(parse_iso8601("2026-01-01T00:00:00Zjunk", 24, &ms, &zone), 0);
}

Test(civil, round_trip_over_centuries)
{
	int64_t ms;
	int y, mo, d, h, mi, s, msec;

	for (ms = -11644473600000LL; ms < 253402300800000LL; ms += 86400000LL * 97 + 3723001) {
		char a[25];
		utc_split(ms, &y, &mo, &d, &h, &mi, &s, &msec);
		cr_assert_eq(utc_ms(y, mo, d, h, mi, s, msec), ms);
		format_iso8601(ms, a);
	}
	cr_assert_eq(days_from_civil(1970, 1, 1), 0);
	cr_assert_eq(days_from_civil(2000, 3, 1), 11017);
}

Test(windows_datetime, us_and_day_first_forms)
{
	int64_t ms;
	char out[25];

	cr_assert_eq(parse_windows_datetime("10/22/2021, 8:36:55 AM", 22, 0, &ms), 0);
	format_iso8601(ms, out);
	cr_assert_str_eq(out, "2021-10-22T08:36:55.000Z");
	cr_assert_eq(parse_windows_datetime("3/4/2021 10:25:41 PM", 20, 0, &ms), 0);
	format_iso8601(ms, out);
	cr_assert_str_eq(out, "2021-03-04T22:25:41.000Z");
	cr_assert_eq(parse_windows_datetime("21/04/2009 11:04", 16, 1, &ms), 0);
	format_iso8601(ms, out);
	cr_assert_str_eq(out, "2009-04-21T11:04:00.000Z");
	cr_assert_eq(parse_windows_datetime("12/1/2020 12:05 AM", 18, 0, &ms), 0);
	format_iso8601(ms, out);
	cr_assert_str_eq(out, "2020-12-01T00:05:00.000Z");
	cr_assert_eq(parse_windows_datetime("15.03.2026 09:00:01", 19, 0, &ms), 0);
	format_iso8601(ms, out);
	cr_assert_str_eq(out, "2026-03-15T09:00:01.000Z");
	cr_assert_neq(parse_windows_datetime("13/13/2021", 10, 0, &ms), 0);
}
