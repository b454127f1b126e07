/* Tests for the first pass over a bundle (prepass.c) through the analysis driver: the
 * server's zone from systeminfo or tzutil applied to local times, the offset the report
 * names, the host that marks other computers' events as foreign, and the code page a
 * locale suggests. */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>
#include "analyse.h"
#include "bundle.h"
#include "prepass.h"
#include "timeparse.h"

#define SYSTEMINFO(host, locale, zone) \
	"\r\n" \
	"Host Name:                 " host "\r\n" \
	"OS Name:                   Microsoft Windows Server 2019 Standard\r\n" \
	"OS Version:                10.0.17763 N/A Build 17763\r\n" \
	"OS Manufacturer:           Microsoft Corporation\r\n" \
	"OS Configuration:          Member Server\r\n" \
	"System Boot Time:          3/1/2024, 6:02:11 AM\r\n" \
	"System Type:               x64-based PC\r\n" \
	"System Locale:             " locale "\r\n" \
	"Time Zone:                 " zone "\r\n" \
	"Domain:                    contoso.local\r\n" \
	"Hotfix(s):                 1 Hotfix(s) Installed.\r\n" \
	"                           [01]: KB5034768\r\n"

static const char systeminfo_pst[] =
    SYSTEMINFO("SRV01", "en-us;English (United States)", "(UTC-08:00) Pacific Time (US & Canada)");

/* A MARS log line on 9 March (PST, UTC-8) and one on 11 July (PDT, UTC-7). */
static const char cbengine[] =
    "2D5C\t2D60\t03/09\t04:12:08.550\t69\tCBEngineService.cs(88)\tNORMAL\t"
    "CBEngine service starting. Version: 2.0.9277.0\n"
    "2D5C\t2D60\t07/11\t04:12:08.550\t69\tPolicyManager.cs(412)\tNORMAL\tPolicy is up to date\n";

#define EVENT(computer, id) \
	"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" \
	"<Provider Name='VSS'/><EventID Qualifiers='0'>8224</EventID><Level>4</Level>" \
	"<TimeCreated SystemTime='2024-07-11T11:12:08.000Z'/><EventRecordID>" id \
	"</EventRecordID><Channel>Application</Channel><Computer>" computer "</Computer>" \
	"</System><EventData><Data>idle</Data></EventData></Event>\n"

static const char events[] = EVENT("SRV01.contoso.local", "1") EVENT("LAPTOP7", "2");

struct seen {
	struct record r[16];
	size_t n;
};

static void
keep(void *ctx, const struct record *src)
{
	struct seen *s = ctx;
	struct record *d;
	size_t i;

	if (s->n == 16)
		return;
	d = &s->r[s->n++];
	memset(d, 0, sizeof *d);
	record_begin(d, src->kind, src->entry, src->line);
	d->time = src->time;
	for (i = 0; i < src->nfields; i++)
		record_sets(d, record_field_name(src, i), record_field_value(src, i));
}

static void
seen_free(struct seen *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		record_free(&s->r[i]);
	s->n = 0;
}

static const struct record *
nth(const struct seen *s, const char *kind, int k)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->r[i].kind, kind) == 0 && k-- == 0)
			return &s->r[i];
	return NULL;
}

/* Analyses files in memory; the MARS log's mtime places its lines in 2024. */
static struct report *
run(struct bundle_mem_file *files, size_t n, struct parse_env *env, struct seen *s)
{
	struct analysis_opts o;

	memset(&o, 0, sizeof o);
	limits_default(&o.lim);
	if (env)
		o.env = *env;
	o.tool_version = "test";
	o.on_record = keep;
	o.on_record_ctx = s;
	return analyse_memory("case.zip", files, n, &o);
}

static void
skip_without_tzdata(void)
{
	if (access("/usr/share/zoneinfo/America/Los_Angeles", R_OK) != 0)
		cr_skip_test("no tz database");
}

Test(prepass, systeminfo_zone_applies_with_daylight_saving)
{
	struct bundle_mem_file f[] = {
		/* The log comes first: the zone is known before it is parsed all the same. */
		{"CBEngineCurr.errlog", cbengine, sizeof cbengine - 1, 1721000000},
		{"Application.xml", events, sizeof events - 1, 0},
		{"systeminfo.txt", systeminfo_pst, sizeof systeminfo_pst - 1, 0},
	};
	struct seen s = {0};
	struct report *rep;
	const struct record *r;

	skip_without_tzdata();
	rep = run(f, 3, NULL, &s);
	r = nth(&s, "mars.log", 0);
	cr_assert_not_null(r);
	cr_assert_eq(r->time.q, TQ_ZONE_ASSUMED);
	cr_assert_eq(r->time.ms, utc_ms(2024, 3, 9, 12, 12, 8, 550));
	r = nth(&s, "mars.log", 1);
	cr_assert_eq(r->time.ms, utc_ms(2024, 7, 11, 11, 12, 8, 550), "summer: UTC-7");
	cr_assert_str_eq(record_get(nth(&s, "agent", 0), "version"), "2.0.9277.0");
	/* Events: the server's own, and one from a laptop. */
	cr_assert_str_eq(record_get(nth(&s, "event", 0), "foreign"), "no");
	cr_assert_str_eq(record_get(nth(&s, "event", 1), "foreign"), "yes");
	cr_assert_str_eq(rep->host, "SRV01");
	cr_assert_str_eq(rep->agent_version, "2.0.9277.0");
	cr_assert(strstr(rep->tz_note, "UTC-08:00") != NULL, "%s", rep->tz_note);
	cr_assert(strstr(rep->tz_note, "Pacific Standard Time") != NULL, "%s", rep->tz_note);
	cr_assert(strstr(rep->tz_note, "daylight saving time applied") != NULL, "%s",
	    rep->tz_note);
	report_free(rep);
	seen_free(&s);
}

Test(prepass, tzutil_wins_over_systeminfo_and_dstoff_keeps_standard_time)
{
	static const char tz[] = "W. Europe Standard Time";
	static const char tzoff[] = "W. Europe Standard Time_dstoff";
	struct bundle_mem_file f[] = {
		{"CBEngineCurr.errlog", cbengine, sizeof cbengine - 1, 1721000000},
		{"systeminfo.txt", systeminfo_pst, sizeof systeminfo_pst - 1, 0},
		{"tzutil.txt", tz, sizeof tz - 1, 0},
	};
	struct seen s = {0};
	struct report *rep;

	skip_without_tzdata();
	rep = run(f, 3, NULL, &s);
	cr_assert_eq(nth(&s, "mars.log", 1)->time.ms, utc_ms(2024, 7, 11, 2, 12, 8, 550));
	cr_assert(strstr(rep->tz_note, "from tzutil") != NULL, "%s", rep->tz_note);
	report_free(rep);
	seen_free(&s);
	f[2].data = tzoff;
	f[2].len = sizeof tzoff - 1;
	rep = run(f, 3, NULL, &s);
	cr_assert_eq(nth(&s, "mars.log", 1)->time.ms, utc_ms(2024, 7, 11, 3, 12, 8, 550),
	    "standard time all year: UTC+1");
	cr_assert(strstr(rep->tz_note, "daylight saving time is off") != NULL, "%s",
	    rep->tz_note);
	report_free(rep);
	seen_free(&s);
}

Test(prepass, unknown_display_name_gives_its_fixed_offset)
{
	static const char si[] = SYSTEMINFO("SRV02", "de;Deutsch (Deutschland)",
	    "(UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien");
	struct bundle_mem_file f[] = {
		{"CBEngineCurr.errlog", cbengine, sizeof cbengine - 1, 1721000000},
		{"si.txt", si, sizeof si - 1, 0},
	};
	struct seen s = {0};
	struct report *rep = run(f, 2, NULL, &s);

	cr_assert_eq(nth(&s, "mars.log", 1)->time.ms, utc_ms(2024, 7, 11, 3, 12, 8, 550));
	cr_assert(strstr(rep->tz_note, "UTC+01:00") != NULL, "%s", rep->tz_note);
	cr_assert(strstr(rep->tz_note, "not applied") != NULL, "%s", rep->tz_note);
	report_free(rep);
	seen_free(&s);
}

Test(prepass, the_tz_option_wins_and_no_zone_says_so)
{
	struct bundle_mem_file f[] = {
		{"CBEngineCurr.errlog", cbengine, sizeof cbengine - 1, 1721000000},
		{"systeminfo.txt", systeminfo_pst, sizeof systeminfo_pst - 1, 0},
	};
	struct parse_env env = {.tz_known = 1, .tz_offset_min = 330};
	struct seen s = {0};
	struct report *rep = run(f, 2, &env, &s);

	cr_assert_eq(nth(&s, "mars.log", 1)->time.ms, utc_ms(2024, 7, 10, 22, 42, 8, 550));
	cr_assert_str_eq(rep->tz_note, "local times converted with UTC+05:30 (--tz)");
	report_free(rep);
	seen_free(&s);
	/* Without systeminfo nor --tz the times stay as written and the report says so. */
	rep = run(f, 1, NULL, &s);
	cr_assert_eq(nth(&s, "mars.log", 1)->time.q, TQ_ZONE_UNKNOWN);
	cr_assert(strstr(rep->tz_note, "unknown") != NULL, "%s", rep->tz_note);
	cr_assert_null(record_get(nth(&s, "agent", 0), "foreign"));
	report_free(rep);
	seen_free(&s);
}

Test(prepass, host_from_ipconfig_when_there_is_no_systeminfo)
{
	static const char ipconfig[] =
	    "\r\nWindows IP Configuration\r\n\r\n"
	    "   Host Name . . . . . . . . . . . . : SRV03\r\n"
	    "   Primary Dns Suffix  . . . . . . . : contoso.local\r\n"
	    "   Node Type . . . . . . . . . . . . : Hybrid\r\n"
	    "   IP Routing Enabled. . . . . . . . : No\r\n";
	struct bundle_mem_file f[] = {
		{"Application.xml", events, sizeof events - 1, 0},
		{"ipconfig.txt", ipconfig, sizeof ipconfig - 1, 0},
	};
	struct seen s = {0};
	struct report *rep = run(f, 2, NULL, &s);

	cr_assert_str_eq(record_get(nth(&s, "event", 0), "foreign"), "yes");
	cr_assert_str_eq(record_get(nth(&s, "event", 1), "foreign"), "yes");
	cr_assert_str_eq(rep->host, "SRV03", "ipconfig's host before the events' computers");
	report_free(rep);
	seen_free(&s);
}

Test(prepass, japanese_locale_reads_shift_jis)
{
	static const char si[] = SYSTEMINFO("SRV04", "ja;Japanese", "(UTC+09:00) Osaka, Sapporo, Tokyo");
	/* "状態: [1] 安定" in Shift-JIS, as cmd redirected it. */
	static const char sjis[] =
	    "Writer name: 'System Writer'\r\n"
	    "   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}\r\n"
	    "   Writer Instance Id: {c381e88f-38c0-48fd-8712-b8bc076f3787}\r\n"
	    "   \x8f\xf3\x91\xd4: [1] \x88\xc0\x92\xe8\r\n"
	    "   Last error: No error\r\n";
	struct bundle_mem_file f[] = {
		{"si.txt", si, sizeof si - 1, 0},
		{"writers.txt", sjis, sizeof sjis - 1, 0},
	};
	struct seen s = {0};
	struct report *rep = run(f, 2, NULL, &s);
	const struct inv_entry *e = inventory_at(rep->inventory, 1);

	cr_assert_str_eq(e->path, "writers.txt");
	cr_assert_str_eq(e->encoding, "cp932");
	cr_assert_eq(e->replacements, 0);
	report_free(rep);
	seen_free(&s);
	cr_assert_str_eq(prepass_locale_codepage("ja-jp"), "cp932");
	cr_assert_str_eq(prepass_locale_codepage("zh-tw"), "cp950");
	cr_assert_str_eq(prepass_locale_codepage("zh-cn"), "cp936");
	cr_assert_str_eq(prepass_locale_codepage("ru"), "cp866");
	cr_assert_null(prepass_locale_codepage("de-de"));
	cr_assert_null(prepass_locale_codepage("en-us"));
	cr_assert_null(prepass_locale_codepage(NULL));
	cr_assert_null(prepass_locale_codepage("jam"));
}
