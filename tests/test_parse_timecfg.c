/* Tests for the time settings parser: tzutil /g with and without a line end, _dstoff,
 * w32tm /query /status in English and by position, the w32time-stopped error, and bids. */
#include <criterion/criterion.h>
#include <string.h>
#include "samples_more.h"

#define F(i, name) hv(&r.h, (i), (name))

Test(parse_timecfg, tzutil_without_line_end)
{
	struct run r;

	run_parser(&parser_timecfg, "tzutil.txt", 0, TZUTIL, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(r.h.r[0].kind, "timezone");
	cr_assert_str_eq(F(0, "zone_id"), "Pacific Standard Time");
	cr_assert_str_eq(F(0, "dst_disabled"), "no");
	cr_assert_eq(r.h.r[0].line, 1);
	run_free(&r);
}

Test(parse_timecfg, tzutil_utf16_dstoff_and_echo)
{
	static const char text[] = "C:\\Users\\admin>tzutil /g\n"
	    "W. Europe Standard Time_dstoff";
	struct run r;
	unsigned char *b;
	size_t n;

	b = utf16le_crlf(text, &n);
	run_parser_env(&parser_timecfg, "tz.txt", 0, NULL, b, n, 0, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "zone_id"), "W. Europe Standard Time");
	cr_assert_str_eq(F(0, "dst_disabled"), "yes");
	cr_assert_eq(r.h.r[0].line, 2);
	cr_assert_gt(bid_text(&parser_timecfg, "tz.txt", b, n), 0);
	free(b);
	run_free(&r);
}

Test(parse_timecfg, zone_id_forms)
{
	static const char *const ok[] = {
		"UTC", "UTC-08", "UTC+12", "Pacific Standard Time (Mexico)",
		"E. South America Standard Time", "Mid-Atlantic Standard Time",
	};
	static const char *const bad[] = {
		"Standard Time", "UTC+1", "pacific standard time", "Time zone: Pacific Standard Time",
		"Pacific Daylight Time",
	};
	struct run r;
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(ok); i++) {
		run_parser(&parser_timecfg, "tz.txt", 0, ok[i], &r);
		cr_assert_eq(r.h.n, 1, "%s", ok[i]);
		cr_assert_str_eq(F(0, "zone_id"), ok[i]);
		run_free(&r);
	}
	for (i = 0; i < MT_ARRAY_LEN(bad); i++) {
		run_parser(&parser_timecfg, "tz.txt", 0, bad[i], &r);
		cr_assert_eq(r.h.n, 0, "%s", bad[i]);
		run_free(&r);
	}
}

Test(parse_timecfg, w32tm_free_running)
{
	struct run r;

	run_parser(&parser_timecfg, "w32tm.txt", 0, W32TM, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(r.h.r[0].kind, "timesync");
	cr_assert_str_eq(F(0, "leap"), "3");
	cr_assert_str_eq(F(0, "leap_text"), "not synchronized");
	cr_assert_str_eq(F(0, "stratum"), "0");
	cr_assert_str_eq(F(0, "source"), "Local CMOS Clock");
	cr_assert_str_eq(F(0, "free_running"), "yes");
	cr_assert_str_eq(F(0, "last_sync"), "unspecified");
	cr_assert_str_eq(F(0, "poll"), "10 (1024s)");
	cr_assert_str_eq(F(0, "poll_seconds"), "1024");
	cr_assert_str_eq(F(0, "reference_id"), "0x00000000 (unspecified)");
	cr_assert_eq(r.h.r[0].line, 1);
	cr_assert(strncmp(record_excerpt(&r.h.r[0]), "Leap Indicator: 3(not synchronized)\n", 36) == 0);
	run_free(&r);
}

Test(parse_timecfg, w32tm_domain_synced_with_tzutil_first)
{
	static const char text[] =
	    "Eastern Standard Time\n"
	    "\n"
	    "Leap Indicator: 0(no warning)\n"
	    "Stratum: 4 (secondary reference - syncd by (S)NTP)\n"
	    "Precision: -23 (119.209ns per tick)\n"
	    "Root Delay: 0.0312500s\n"
	    "Root Dispersion: 7.7756484s\n"
	    "ReferenceId: 0xC0A80101 (source IP:  192.168.1.1)\n"
	    "Last Successful Sync Time: 10/22/2021 8:30:12 AM\n"
	    "Source: DC01.contoso.local\n"
	    "Poll Interval: 10 (1024s)\n";
	struct run r;

	run_parser(&parser_timecfg, "time.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(r.h.r[0].kind, "timezone");
	cr_assert_str_eq(F(0, "zone_id"), "Eastern Standard Time");
	cr_assert_str_eq(r.h.r[1].kind, "timesync");
	cr_assert_str_eq(F(1, "stratum"), "4");
	cr_assert_str_eq(F(1, "source"), "DC01.contoso.local");
	cr_assert_str_eq(F(1, "free_running"), "no");
	cr_assert_str_eq(F(1, "last_sync"), "10/22/2021 8:30:12 AM");
	cr_assert_eq(r.h.r[1].line, 3);
	run_free(&r);
}

Test(parse_timecfg, w32tm_other_language_by_position)
{
	static const char text[] =
	    "Indicateur de saut : 0(aucun avertissement)\n"
	    "Strate : 1 (référence principale - synchronisée par radio)\n"
	    "Précision : -23 (119.209ns par battement)\n"
	    "Délai de la racine : 0.0000000s\n"
	    "Dispersion de la racine : 10.0000000s\n"
	    "ID de référence : 0x4C4F434C (valeur source : \"LOCL\")\n"
	    "Dernière synchronisation réussie : 04/10/2021 06:35:02\n"
	    "Source : Free-running System Clock\n"
	    "Intervalle d’interrogation : 6 (64s)\n";
	struct run r;

	cr_assert_gt(bid_text(&parser_timecfg, "w.txt", text, strlen(text)), 0);
	run_parser(&parser_timecfg, "w.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "leap"), "0");
	cr_assert_str_eq(F(0, "stratum"), "1");
	cr_assert_str_eq(F(0, "source"), "Free-running System Clock");
	cr_assert_str_eq(F(0, "free_running"), "yes");
	cr_assert_str_eq(F(0, "last_sync"), "04/10/2021 06:35:02");
	cr_assert_str_eq(F(0, "poll_seconds"), "64");
	run_free(&r);
}

Test(parse_timecfg, w32time_not_running)
{
	static const char text[] =
	    "The following error occurred: The service has not been started. (0x80070426)\n";
	struct run r;

	run_parser(&parser_timecfg, "w32tm.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(r.h.r[0].kind, "command.error");
	cr_assert_str_eq(F(0, "command"), "w32tm");
	cr_assert_str_eq(F(0, "hresult"), "0x80070426");
	run_free(&r);
}

Test(parse_timecfg, bids_only_on_its_samples)
{
	char why[1024];

	cr_assert_eq(bid_matrix(&parser_timecfg, why, sizeof why), 0, "%s", why);
}
