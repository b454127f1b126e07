/* Tests for the MARS agent log parser (parse_marslog.c). */
#include <criterion/criterion.h>
#include <string.h>
#include "parse_harness.h"
#include "timeparse.h"

/* A CBEngine log written across New Year: native (.cpp, with [pointer]) and managed (.cs)
 * lines, tab separated as the agent writes them, a stack trace continuing one message. */
static const char december_log[] =
    "0B7C\t1A20\t12/30\t23:15:02.117\t71\tsystemstatebackup.cpp(812)\t[0000000002F4E5A0]\t"
    "6e1d0b52-4e2a-4c7b-9c30-7d3b1a2e5f11\tWARNING\tWSB job failed with VSS errors. Check VSS "
    "event logs to resolve the failure. Failed: Hr: = [0x80042306]\n"
    "0B7C\t1A20\t12/31\t23:59:59.999\t69\tSystemStateBackupProvider.cs(145)\t"
    "6E1D0B52-4E2A-4C7B-9C30-7D3B1A2E5F11\tFATAL\tUnable to perform the operation as Windows "
    "Server Backup job failed with error message: None of the items included in backup were "
    "backed up. Detailed error : The filename, directory name or volume label syntax is "
    "incorrect HResult: 80780049 DetailedHResult: 8007007B (0x1873D)\n"
    "44B4\t3968\t01/02\t09:58:22.002\t69\tAadTokenProvider.cs(88)\t"
    "0517B3DB-347D-45A8-9DAB-FD7D1EA7D134\tWARNING\tException in GetAADToken | Params: "
    "{Data = }{Message = AADSTS500021: Access to 'contoso' tenant is denied.\n"
    "   at Microsoft.Internal.CloudBackup.Aad.TokenProvider.GetToken()\n"
    "   at Microsoft.Internal.CloudBackup.Engine.Run()}\n"
    "44B4\t3968\t01/02\t09:58:23.500\t71\tbackupasync.cpp(1607)\t[000000001B73B830]\t"
    "0517B3DB-347D-45A8-9DAB-FD7D1EA7D134\tWARNING\tPollAzureImportJob failed with error "
    "code: 1b7afbe0\n";

/* The KB3119587 excerpt as published, with spaces between the fields. */
static const char kb_log[] =
    "44B4 3968 10/21 21:02:21.611 69 AzureServiceManagementHelper.cs(320) "
    "0517B3DB-347D-45A8-9DAB-FD7D1EA7D134 FATAL GetImportJobStatus:: Import job with name "
    "'ImportJobName' is not found\n"
    "44B4 3968 10/21 21:02:21.611 71 backupasync.cpp(1589) [000000001B73B830] "
    "0517B3DB-347D-45A8-9DAB-FD7D1EA7D134 NORMAL PollAzureImportJob :: Import Job: "
    "'ImportJobName' is in pending state: '1'\n"
    "44B4 3968 10/21 21:02:21.611 71 backupasync.cpp(1184) [000000001B73B830] "
    "0517B3DB-347D-45A8-9DAB-FD7D1EA7D134 WARNING Failed: Hr: = [0x80780054] Offline Backup "
    "Progress: Failed\n";

static int64_t
jan2_2025(void)
{
	return utc_ms(2025, 1, 2, 10, 0, 0, 0) / 1000;
}

Test(marslog, native_line_fields)
{
	struct run r;
	const struct record *rec;

	run_parser(&parser_marslog, "Temp/CBEngineCurr.errlog", jan2_2025(), december_log, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 4);
	cr_assert_eq(r.nrecords, 4);
	rec = &r.h.r[0];
	cr_assert_str_eq(rec->kind, "mars.log");
	cr_assert_eq(rec->line, 1);
	cr_assert_str_eq(hv(&r.h, 0, "log"), "CBEngine");
	cr_assert_str_eq(hv(&r.h, 0, "pid"), "0B7C");
	cr_assert_str_eq(hv(&r.h, 0, "tid"), "1A20");
	cr_assert_str_eq(hv(&r.h, 0, "source"), "systemstatebackup.cpp");
	cr_assert_str_eq(hv(&r.h, 0, "source_line"), "812");
	cr_assert_str_eq(hv(&r.h, 0, "pointer"), "0000000002F4E5A0");
	cr_assert_str_eq(hv(&r.h, 0, "job_id"), "6E1D0B52-4E2A-4C7B-9C30-7D3B1A2E5F11");
	cr_assert_str_eq(hv(&r.h, 0, "level"), "WARNING");
	cr_assert_str_eq(hv(&r.h, 0, "message"), "WSB job failed with VSS errors. Check VSS "
	    "event logs to resolve the failure. Failed: Hr: = [0x80042306]");
	cr_assert_str_eq(hv(&r.h, 0, "hresult"), "0x80042306");
	cr_assert_str_eq(hv(&r.h, 0, "codes"), "0x80042306");
	cr_assert(strncmp(record_excerpt(rec), "0B7C\t1A20\t12/30", 15) == 0);
	run_free(&r);
}

Test(marslog, managed_line_has_no_pointer)
{
	struct run r;

	run_parser(&parser_marslog, "CBEngineCurr.errlog", jan2_2025(), december_log, &r);
	cr_assert_null(hv(&r.h, 1, "pointer"));
	cr_assert_str_eq(hv(&r.h, 1, "source"), "SystemStateBackupProvider.cs");
	cr_assert_str_eq(hv(&r.h, 1, "source_line"), "145");
	cr_assert_str_eq(hv(&r.h, 1, "level"), "FATAL");
	cr_assert_str_eq(hv(&r.h, 1, "job_id"), "6E1D0B52-4E2A-4C7B-9C30-7D3B1A2E5F11");
	/* Bare HResult / DetailedHResult as KB4053355 prints them, and the MARS id. */
	cr_assert_str_eq(hv(&r.h, 1, "codes"), "0x80780049 0x8007007B 0x1873D");
	cr_assert_str_eq(hv(&r.h, 1, "hresult"), "0x80780049");
	run_free(&r);
}

Test(marslog, december_lines_take_the_previous_year)
{
	struct run r;
	const struct record *rec;

	run_parser(&parser_marslog, "CBEngineCurr.errlog", jan2_2025(), december_log, &r);
	rec = &r.h.r[0];
	cr_assert_eq(rec->time.q, TQ_ZONE_UNKNOWN);
	cr_assert_eq(rec->time.ms, utc_ms(2024, 12, 30, 23, 15, 2, 117));
	cr_assert_str_eq(record_time_text(rec), "12/30\t23:15:02.117");
	cr_assert_eq(r.h.r[1].time.ms, utc_ms(2024, 12, 31, 23, 59, 59, 999));
	cr_assert_eq(r.h.r[2].time.ms, utc_ms(2025, 1, 2, 9, 58, 22, 2));
	cr_assert_eq(r.h.r[3].time.ms, utc_ms(2025, 1, 2, 9, 58, 23, 500));
	cr_assert_null(hv(&r.h, 0, "time_note"));
	run_free(&r);
}

Test(marslog, a_day_of_slack_keeps_the_mtime_year)
{
	struct run r;

	/* The file's last line is dated a day after its mtime (the log's zone is ahead). */
	run_parser(&parser_marslog, "CBEngineCurr.errlog", utc_ms(2025, 1, 1, 22, 0, 0, 0) / 1000,
	    "0B7C 1A20 01/02 00:30:00.000 71 a.cpp(1) NORMAL late\n", &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_eq(r.h.r[0].time.ms, utc_ms(2025, 1, 2, 0, 30, 0, 0));
	run_free(&r);
}

Test(marslog, continuation_lines_join_the_message)
{
	struct run r;

	run_parser(&parser_marslog, "CBEngineCurr.errlog", jan2_2025(), december_log, &r);
	cr_assert_str_eq(hv(&r.h, 2, "message"), "Exception in GetAADToken | Params: {Data = }"
	    "{Message = AADSTS500021: Access to 'contoso' tenant is denied.\n"
	    "   at Microsoft.Internal.CloudBackup.Aad.TokenProvider.GetToken()\n"
	    "   at Microsoft.Internal.CloudBackup.Engine.Run()}");
	cr_assert_eq(r.h.r[2].line, 3);
	cr_assert_eq(r.h.r[3].line, 6);
	cr_assert_null(hv(&r.h, 2, "hresult"));
	cr_assert_null(hv(&r.h, 2, "codes"));
	run_free(&r);
}

Test(marslog, error_code_without_0x_is_an_hresult)
{
	struct run r;

	run_parser(&parser_marslog, "CBEngineCurr.errlog", jan2_2025(), december_log, &r);
	cr_assert_str_eq(hv(&r.h, 3, "hresult"), "0x1B7AFBE0");
	cr_assert_str_eq(hv(&r.h, 3, "codes"), "0x1B7AFBE0");
	run_free(&r);
}

Test(marslog, published_space_separated_sample)
{
	struct run r;

	run_parser(&parser_marslog, "CBEngine3.errlog", utc_ms(2016, 11, 2, 0, 0, 0, 0) / 1000,
	    kb_log, &r);
	cr_assert_eq(r.h.n, 3);
	cr_assert_str_eq(hv(&r.h, 0, "log"), "CBEngine");
	cr_assert_str_eq(hv(&r.h, 0, "source"), "AzureServiceManagementHelper.cs");
	cr_assert_null(hv(&r.h, 0, "pointer"));
	cr_assert_str_eq(hv(&r.h, 0, "message"),
	    "GetImportJobStatus:: Import job with name 'ImportJobName' is not found");
	cr_assert_str_eq(hv(&r.h, 1, "level"), "NORMAL");
	cr_assert_str_eq(hv(&r.h, 1, "pointer"), "000000001B73B830");
	cr_assert_str_eq(hv(&r.h, 2, "hresult"), "0x80780054");
	cr_assert_eq(r.h.r[2].time.ms, utc_ms(2016, 10, 21, 21, 2, 21, 611));
	run_free(&r);
}

Test(marslog, without_mtime_the_year_is_unknown)
{
	struct run r;

	run_parser(&parser_marslog, "CBEngineCurr.errlog", 0, kb_log, &r);
	cr_assert_eq(r.h.r[0].time.q, TQ_NONE);
	cr_assert_str_eq(record_time_text(&r.h.r[0]), "10/21 21:02:21.611");
	cr_assert_str_eq(hv(&r.h, 0, "time_note"), "year unknown");
	run_free(&r);
}

Test(marslog, known_zone_converts_to_utc)
{
	struct parse_env env = {.tz_known = 1, .tz_offset_min = 60};
	struct run r;

	run_parser_env(&parser_marslog, "CBEngineCurr.errlog",
	    utc_ms(2016, 11, 2, 0, 0, 0, 0) / 1000, &env, kb_log, strlen(kb_log), 0, &r);
	cr_assert_eq(r.h.r[0].time.q, TQ_ZONE_ASSUMED);
	cr_assert_eq(r.h.r[0].time.ms, utc_ms(2016, 10, 21, 20, 2, 21, 611));
	run_free(&r);
}

Test(marslog, log_names_drop_rotation_and_curr)
{
	static const char *const names[][2] = {
		{"Temp/CBEngineCurr.errlog", "CBEngine"},
		{"CBEngine12.errlog", "CBEngine"},
		{"logs\\CBUICurr.errlog", "CBUI"},
		{"GatewayProvider0.errlog", "GatewayProvider"},
		{"Windows/Temp/OBInstaller0Curr.errlog", "OBInstaller"},
		{"OBManagedlog.LOGCurr.errlog", "OBManagedlog"},
		{"engine-log.txt", "engine-log"},
	};
	struct run r;
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(names); i++) {
		run_parser(&parser_marslog, names[i][0], jan2_2025(), kb_log, &r);
		cr_assert_str_eq(hv(&r.h, 0, "log"), names[i][1], "for %s", names[i][0]);
		run_free(&r);
	}
}

Test(marslog, utf16le_log_decodes)
{
	unsigned char *b;
	size_t n;
	struct run r;

	b = utf16le_crlf(december_log, &n);
	run_parser_env(&parser_marslog, "CBEngineCurr.errlog", jan2_2025(), NULL, b, n, 7, &r);
	cr_assert_eq(r.h.n, 4);
	cr_assert_str_eq(hv(&r.h, 3, "message"), "PollAzureImportJob failed with error code: "
	    "1b7afbe0");
	cr_assert(strstr(hv(&r.h, 2, "message"), "Engine.Run()}") != NULL);
	free(b);
	run_free(&r);
}

Test(marslog, lines_before_the_first_record_are_noted)
{
	struct run r;

	run_parser(&parser_marslog, "CBEngineCurr.errlog", jan2_2025(),
	    "Log opened\n\n0B7C 1A20 01/02 08:00:00.000 71 a.cpp(1) NORMAL start\n", &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 1);
	cr_assert_not_null(r.note);
	cr_assert(strstr(r.note, "1 line") != NULL);
	run_free(&r);
}

Test(marslog, joined_message_is_bounded)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	int i;

	sb_adds(&sb, "0B7C 1A20 01/02 08:00:00.000 71 a.cpp(1) ERROR start\n");
	for (i = 0; i < 2000; i++)
		sb_adds(&sb, "   at Some.Deep.Frame.Of.A.Very.Long.Stack.Trace()\n");
	sb_adds(&sb, "0B7C 1A20 01/02 08:00:01.000 71 a.cpp(2) NORMAL next\n");
	run_parser(&parser_marslog, "CBEngineCurr.errlog", jan2_2025(), sb.s, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_leq(strlen(hv(&r.h, 0, "message")), 16 * 1024);
	cr_assert_geq(strlen(hv(&r.h, 0, "message")), 15 * 1024);
	cr_assert_str_eq(hv(&r.h, 1, "message"), "next");
	sb_free(&sb);
	run_free(&r);
}

Test(marslog, missing_optional_fields_and_unknown_level)
{
	struct run r;

	run_parser(&parser_marslog, "CBEngineCurr.errlog", jan2_2025(),
	    "1F 2E 1/2 8:00:00 Service started\n", &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_null(hv(&r.h, 0, "source"));
	cr_assert_null(hv(&r.h, 0, "level"));
	cr_assert_null(hv(&r.h, 0, "job_id"));
	cr_assert_str_eq(hv(&r.h, 0, "message"), "Service started");
	cr_assert_eq(r.h.r[0].time.ms, utc_ms(2025, 1, 2, 8, 0, 0, 0));
	run_free(&r);
}

Test(marslog, bid_counts_lines_and_names_add_a_little)
{
	int b1, b2;

	cr_assert_eq(recognise_bytes("notes.txt", kb_log, strlen(kb_log), &b1), &parser_marslog);
	cr_assert_eq(recognise_bytes("CBEngineCurr.errlog", kb_log, strlen(kb_log), &b2),
	    &parser_marslog);
	cr_assert_gt(b2, b1);
	cr_assert_gt(parser_marslog.bid(NULL, kb_log, strlen(kb_log)),
	    parser_marslog.bid(NULL, kb_log, 120));
	cr_assert_eq(parser_marslog.bid(NULL, "hello\nworld\n", 12), 0);
}

/* A source that delivers its bytes, then fails. */
struct failing {
	const char *s;
	size_t n, off;
};

static ssize_t
failing_read(void *c, void *buf, size_t n)
{
	struct failing *f = c;
	size_t k = f->n - f->off;

	if (k == 0)
		return -1;
	if (k > n)
		k = n;
	memcpy(buf, f->s + f->off, k);
	f->off += k;
	return (ssize_t)k;
}

static const char *
failing_msg(void *c)
{
	(void)c;
	return "inflate: invalid distance";
}

Test(marslog, read_error_keeps_records_and_says_why)
{
	struct failing f = {kb_log, sizeof kb_log - 1, 0};
	struct byte_source src = {failing_read, failing_msg, &f};
	struct harvest h = {NULL, 0, 0};
	struct parse_ctx ctx;
	int rc;

	memset(&ctx, 0, sizeof ctx);
	ctx.entry = "CBEngineCurr.errlog";
	ctx.mtime = jan2_2025();
	ctx.in = textin_open(src, 0);
	ctx.sink.emit = harvest_emit;
	ctx.sink.ctx = &h;
	rc = parser_marslog.parse(&ctx);
	cr_assert_eq(rc, -1);
	cr_assert_eq(h.n, 3);
	cr_assert_str_eq(ctx.note, "read error: inflate: invalid distance");
	free(ctx.note);
	record_free(&ctx.rec);
	textin_close(ctx.in);
	harvest_free(&h);
}
