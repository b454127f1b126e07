/* Tests for time zones (tzone.c): Windows names, systeminfo display names, the TZif reader
 * with its POSIX footer, and local-to-UTC conversion around daylight saving changes. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "timeparse.h"
#include "tzone.h"
#include "util.h"

#define ZONEINFO "/usr/share/zoneinfo"

static int64_t
ms_of(int y, int mo, int d, int h, int mi)
{
	return utc_ms(y, mo, d, h, mi, 0, 0);
}

static struct tzone *
load_or_skip(const char *name)
{
	struct tzone *z;

	if (access(ZONEINFO "/Europe/Berlin", R_OK) != 0)
		cr_skip_test("no tz database at " ZONEINFO);
	z = tzone_load(name, NULL);
	cr_assert_not_null(z, "%s", name);
	return z;
}

Test(tzone, windows_ids_map_to_tz_names)
{
	cr_assert_str_eq(tzone_windows_to_iana("Pacific Standard Time"), "America/Los_Angeles");
	cr_assert_str_eq(tzone_windows_to_iana("w. europe standard time"), "Europe/Berlin");
	cr_assert_str_eq(tzone_windows_to_iana("Pacific Standard Time (Mexico)"),
	    "America/Tijuana");
	cr_assert_str_eq(tzone_windows_to_iana("Tokyo Standard Time"), "Asia/Tokyo");
	cr_assert_str_eq(tzone_windows_to_iana("UTC"), "Etc/UTC");
	/* Fixed-offset ids: POSIX signs are reversed in Etc/ names. */
	cr_assert_str_eq(tzone_windows_to_iana("UTC-08"), "Etc/GMT+8");
	cr_assert_str_eq(tzone_windows_to_iana("UTC+12"), "Etc/GMT-12");
	cr_assert_null(tzone_windows_to_iana("Mars Standard Time"));
	cr_assert_null(tzone_windows_to_iana("UTC+99"));
}

Test(tzone, every_mapped_zone_is_in_the_tz_database)
{
	static const char *const ids[] = {
		"Pacific Standard Time", "Eastern Standard Time", "GMT Standard Time",
		"W. Europe Standard Time", "Romance Standard Time", "India Standard Time",
		"China Standard Time", "Tokyo Standard Time", "AUS Eastern Standard Time",
		"FLE Standard Time", "Greenland Standard Time", "Myanmar Standard Time",
		"US Eastern Standard Time", "Argentina Standard Time", "UTC-11", NULL
	};
	size_t i;
	struct tzone *z;

	if (access(ZONEINFO "/Europe/Berlin", R_OK) != 0)
		cr_skip_test("no tz database at " ZONEINFO);
	for (i = 0; ids[i]; i++) {
		z = tzone_load(tzone_windows_to_iana(ids[i]), NULL);
		cr_assert_not_null(z, "%s", ids[i]);
		tzone_free(z);
	}
}

Test(tzone, systeminfo_display_names)
{
	const char *d = "(UTC-08:00) Pacific Time (US & Canada)";
	int m = 1;

	cr_assert_str_eq(tzone_display_to_windows(d, strlen(d)), "Pacific Standard Time");
	d = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna";
	cr_assert_str_eq(tzone_display_to_windows(d, strlen(d)), "W. Europe Standard Time");
	d = "(UTC) Coordinated Universal Time";
	cr_assert_str_eq(tzone_display_to_windows(d, strlen(d)), "UTC");
	d = "(UTC+00:00) Dublin, Edinburgh, Lisbon, London  ";
	cr_assert_str_eq(tzone_display_to_windows(d, strlen(d)), "GMT Standard Time");
	/* German display names are not in the table: the offset is still read. */
	d = "(UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien";
	cr_assert_null(tzone_display_to_windows(d, strlen(d)));
	cr_assert_eq(tzone_display_offset(d, strlen(d), &m), 0);
	cr_assert_eq(m, 60);
	d = "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi";
	cr_assert_eq(tzone_display_offset(d, strlen(d), &m), 0);
	cr_assert_eq(m, 330);
	d = "(GMT-03:30) Newfoundland";
	cr_assert_eq(tzone_display_offset(d, strlen(d), &m), 0);
	cr_assert_eq(m, -210);
	d = "(UTC) Coordinated Universal Time";
	cr_assert_eq(tzone_display_offset(d, strlen(d), &m), 0);
	cr_assert_eq(m, 0);
	d = "Pacific Time";
	cr_assert_eq(tzone_display_offset(d, strlen(d), &m), -1);
	d = "(UTC+25:00) Nowhere";
	cr_assert_eq(tzone_display_offset(d, strlen(d), &m), -1);
}

Test(tzone, berlin_changes_on_the_last_sundays)
{
	struct tzone *z = load_or_skip("Europe/Berlin");

	cr_assert_eq(tzone_std_offset(z), 60);
	cr_assert(tzone_has_dst(z));
	/* 2024: summer time from 31 March 01:00 UTC to 27 October 01:00 UTC. */
	cr_assert_eq(tzone_offset_at(z, ms_of(2024, 3, 31, 0, 59)), 60);
	cr_assert_eq(tzone_offset_at(z, ms_of(2024, 3, 31, 1, 0)), 120);
	cr_assert_eq(tzone_offset_at(z, ms_of(2024, 10, 27, 0, 59)), 120);
	cr_assert_eq(tzone_offset_at(z, ms_of(2024, 10, 27, 1, 0)), 60);
	/* Far beyond the file's transitions the footer rule answers. */
	cr_assert_eq(tzone_offset_at(z, ms_of(2090, 7, 1, 12, 0)), 120);
	cr_assert_eq(tzone_offset_at(z, ms_of(2090, 1, 1, 12, 0)), 60);
	tzone_free(z);
}

Test(tzone, local_to_utc_around_the_changes)
{
	struct tzone *z = load_or_skip("America/Los_Angeles");

	/* Winter: UTC-8. Summer: UTC-7. */
	cr_assert_eq(tzone_local_to_utc(z, ms_of(2024, 1, 15, 12, 0)), ms_of(2024, 1, 15, 20, 0));
	cr_assert_eq(tzone_local_to_utc(z, ms_of(2024, 7, 4, 12, 0)), ms_of(2024, 7, 4, 19, 0));
	/* 3 November 2024, 01:30 happens twice: the first (daylight) one is taken. */
	cr_assert_eq(tzone_local_to_utc(z, ms_of(2024, 11, 3, 1, 30)),
	    ms_of(2024, 11, 3, 8, 30));
	/* 10 March 2024, 02:30 does not exist: read with the offset before the change. */
	cr_assert_eq(tzone_local_to_utc(z, ms_of(2024, 3, 10, 2, 30)),
	    ms_of(2024, 3, 10, 10, 30));
	tzone_free(z);
}

Test(tzone, posix_rules_north_and_south)
{
	struct tzone *z = tzone_from_posix("CET-1CEST,M3.5.0,M10.5.0/3");

	cr_assert_not_null(z);
	cr_assert_eq(tzone_offset_at(z, ms_of(2031, 3, 30, 0, 59)), 60);
	cr_assert_eq(tzone_offset_at(z, ms_of(2031, 3, 30, 1, 0)), 120);
	tzone_free(z);
	/* Sydney: summer from the first Sunday of October to the first Sunday of April. */
	z = tzone_from_posix("AEST-10AEDT,M10.1.0,M4.1.0/3");
	cr_assert_not_null(z);
	cr_assert_eq(tzone_std_offset(z), 600);
	cr_assert_eq(tzone_offset_at(z, ms_of(2030, 1, 15, 0, 0)), 660);
	cr_assert_eq(tzone_offset_at(z, ms_of(2030, 7, 15, 0, 0)), 600);
	tzone_free(z);
	/* Half-hour zone without DST, in the "<+0530>" form. */
	z = tzone_from_posix("<+0530>-5:30");
	cr_assert_not_null(z);
	cr_assert_eq(tzone_offset_at(z, ms_of(2030, 7, 15, 0, 0)), 330);
	cr_assert_not(tzone_has_dst(z));
	tzone_free(z);
	cr_assert_null(tzone_from_posix("PST8PDT,M3.2"));
	cr_assert_null(tzone_from_posix("8"));
	cr_assert_null(tzone_from_posix(""));
}

/* A TZif file built by hand: version 2, one transition, no DST, footer "<-03>3". */
static size_t
make_tzif(unsigned char *b)
{
	size_t o = 0;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		size_t tsize = pass ? 8 : 4;

		memcpy(b + o, "TZif2", 5);
		memset(b + o + 5, 0, 15);
		o += 20;
		/* isut, isstd, leap, time, type, char */
		memset(b + o, 0, 24);
		b[o + 15] = 1;		/* timecnt 1 */
		b[o + 19] = 2;		/* typecnt 2 */
		b[o + 23] = 8;		/* charcnt 8 */
		o += 24;
		/* transition at 2000-01-01T00:00:00Z = 946684800 */
		memset(b + o, 0, tsize);
		b[o + tsize - 4] = 0x38;
		b[o + tsize - 3] = 0x6D;
		b[o + tsize - 2] = 0x43;
		b[o + tsize - 1] = 0x80;
		o += tsize;
		b[o++] = 1;		/* type after it */
		/* type 0: -2 h, type 1: -3 h */
		memcpy(b + o, "\xFF\xFF\xE3\xE0\x00\x00", 6);
		o += 6;
		memcpy(b + o, "\xFF\xFF\xD5\xD0\x00\x04", 6);
		o += 6;
		memcpy(b + o, "-02\0-03\0", 8);
		o += 8;
	}
	memcpy(b + o, "\n<-03>3\n", 8);
	return o + 8;
}

Test(tzone, tzif_in_memory_and_damaged)
{
	unsigned char b[256];
	size_t n = make_tzif(b), cut;
	struct tzone *z = tzone_from_tzif(b, n);

	cr_assert_not_null(z);
	cr_assert_eq(tzone_offset_at(z, ms_of(1999, 6, 1, 0, 0)), -120);
	cr_assert_eq(tzone_offset_at(z, ms_of(2010, 6, 1, 0, 0)), -180);
	cr_assert_eq(tzone_std_offset(z), -180);
	tzone_free(z);
	/* Cut anywhere inside the data, the image is refused or read without crashing. */
	for (cut = 0; cut < n; cut++) {
		z = tzone_from_tzif(b, cut);
		if (cut < 44 + 4 + 1 + 12 + 8)
			cr_assert_null(z, "cut %zu", cut);
		tzone_free(z);
	}
	b[0] = 'X';
	cr_assert_null(tzone_from_tzif(b, n));
}

Test(tzone, names_that_are_not_plain_are_refused)
{
	cr_assert_null(tzone_load("../../etc/passwd", NULL));
	cr_assert_null(tzone_load("/etc/localtime", NULL));
	cr_assert_null(tzone_load("Europe/Berlin;rm", NULL));
	cr_assert_null(tzone_load("", NULL));
	cr_assert_null(tzone_load("Nowhere/Atlantis", NULL));
}

/* The offset of z at t computed afresh: a query far away first moves the memo of the last
 * span elsewhere. */
static int
offset_afresh(const struct tzone *z, int64_t t)
{
	(void)tzone_offset_at(z, t < 0 ? ms_of(2300, 6, 1, 0, 0) : ms_of(1800, 6, 1, 0, 0));
	return tzone_offset_at(z, t);
}

/* Each answer holds for a span of times that the next query may fall in: answers through
 * that memo, times in order or not, must be those computed afresh. */
Test(tzone, remembered_spans_agree_with_fresh_answers)
{
	static const char *const names[] = {
		"Europe/Berlin", "Australia/Sydney", "America/New_York", "Asia/Kolkata", "UTC",
	};
	static const char *const posix[] = {
		"CET-1CEST,M3.5.0,M10.5.0/3", "AEST-10AEDT,M10.1.0,M4.1.0/3", "<+0530>-5:30",
		"EST5EDT,M3.2.0/-1,M11.1.0/26",
	};
	struct tzone *z[MT_ARRAY_LEN(names) + MT_ARRAY_LEN(posix)];
	size_t nz = 0, i, k;
	int64_t t, start = ms_of(1965, 1, 1, 0, 0), step = 7 * 3600 * 1000 + 61 * 1000 + 7;

	for (i = 0; i < MT_ARRAY_LEN(names); i++)
		if ((z[nz] = tzone_load(names[i], NULL)) != NULL)
			nz++;
	for (i = 0; i < MT_ARRAY_LEN(posix); i++) {
		z[nz] = tzone_from_posix(posix[i]);
		cr_assert_not_null(z[nz], "%s", posix[i]);
		nz++;
	}
	for (i = 0; i < nz; i++) {
		/* In order, over the changes of a century. */
		for (t = start; t < ms_of(2060, 1, 1, 0, 0); t += step) {
			int got = tzone_offset_at(z[i], t);
			cr_assert_eq(got, offset_afresh(z[i], t), "zone %zu at %lld", i, (long long)t);
			(void)tzone_offset_at(z[i], t - step / 2);	/* back in the same span */
		}
		/* Out of order, either side of each change of 2024. */
		for (k = 0; k < 5000; k++) {
			t = ms_of(2024, 1, 1, 0, 0) + (int64_t)((k * 2654435761u) % 366000u) * 86400;
			cr_assert_eq(tzone_offset_at(z[i], t), offset_afresh(z[i], t),
			    "zone %zu at %lld", i, (long long)t);
		}
		tzone_free(z[i]);
	}
}
