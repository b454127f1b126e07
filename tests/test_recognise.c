/* Tests for recognition and the shared parser services (recognise.c). */
#include <criterion/criterion.h>
#include <string.h>
#include "parse_harness.h"

static const char marslog[] =
    "44B4 3968 10/21 21:02:21.611 69 AzureServiceManagementHelper.cs(320) "
    "0517B3DB-347D-45A8-9DAB-FD7D1EA7D134 FATAL GetImportJobStatus:: Import job with name "
    "'ImportJobName' is not found\n"
    "44B4 3968 10/21 21:02:21.611 71 backupasync.cpp(1184) [000000001B73B830] "
    "0517B3DB-347D-45A8-9DAB-FD7D1EA7D134 WARNING Failed: Hr: = [0x80780054] Offline Backup "
    "Progress: Failed\n";

static const char writers[] =
    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
    "(C) Copyright 2001-2013 Microsoft Corp.\n\n"
    "Writer name: 'System Writer'\n"
    "   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}\n"
    "   Writer Instance Id: {b1c47cec-0e12-4ac6-b84b-9c1d8292a9f3}\n"
    "   State: [1] Stable\n"
    "   Last error: No error\n\n";

static const char events[] =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='VSS'/><EventID Qualifiers='0'>8224</EventID><Level>4</Level>"
    "</System><EventData><Data>idle</Data></EventData></Event>\n";

static const char features[] =
    "Display Name                                            Name                       Install State\n"
    "------------                                            ----                       -------------\n"
    "[X] Windows Server Backup                               Windows-Server-Backup          Installed\n";

static const char prose[] =
    "Hello team,\n\nthe customer says the System State backup fails every night since the\n"
    "update on 10/21. Writer names and the event log are attached separately. Please\n"
    "check the CBEngine log; error 0x800423f2 was mentioned on the phone.\n";

Test(recognise, table_lists_the_parsers_in_bidding_order)
{
	size_t n;

	for (n = 0; parser_table[n]; n++) {
		cr_assert_not_null(parser_table[n]->name);
		cr_assert_not_null(parser_table[n]->description);
		cr_assert_not_null(parser_table[n]->bid);
		cr_assert_not_null(parser_table[n]->parse);
	}
	cr_assert_geq(n, 4);
	cr_assert_eq(parser_table[0], &parser_evtxml);
	cr_assert_str_eq(parser_marslog.name, "mars.log");
	cr_assert_str_eq(parser_evtxml.name, "event");
	cr_assert_str_eq(parser_winfeature.name, "feature");
	cr_assert_str_eq(parser_vsswriters.name, "vss.writer");
}

Test(recognise, renamed_files_are_recognised_by_content)
{
	int bid;

	cr_assert_eq(recognise("CBEngineCurr.errlog", writers, strlen(writers), &bid),
	    &parser_vsswriters);
	cr_assert_gt(bid, 0);
	cr_assert_eq(recognise("Application.xml", marslog, strlen(marslog), &bid),
	    &parser_marslog);
	cr_assert_eq(recognise("vssadmin_writers.txt", events, strlen(events), &bid),
	    &parser_evtxml);
	cr_assert_eq(recognise("CBEngine1.errlog", features, strlen(features), &bid),
	    &parser_winfeature);
	cr_assert_eq(recognise(NULL, marslog, strlen(marslog), &bid), &parser_marslog);
}

Test(recognise, prose_gets_no_bid_whatever_its_name)
{
	static const char *const names[] = {
		"notes.txt", "CBEngineCurr.errlog", "System.xml", "Get-WindowsFeature.txt",
		"vssadmin list writers.txt"
	};
	size_t i;
	int bid = -1;

	for (i = 0; i < MT_ARRAY_LEN(names); i++) {
		cr_assert_null(recognise(names[i], prose, strlen(prose), &bid), "%s", names[i]);
		cr_assert_eq(bid, 0);
	}
	cr_assert_null(recognise("empty.txt", "", 0, &bid));
	cr_assert_eq(bid, 0);
}

Test(recognise, glob_bonus_is_small_and_uses_the_base_name)
{
	int plain, named;

	cr_assert_eq(parser_glob_bonus(&parser_marslog, "Temp/CBEngineCurr.errlog"), 4);
	cr_assert_eq(parser_glob_bonus(&parser_marslog, "C:\\Temp\\cbengine7.ERRLOG"), 4);
	cr_assert_eq(parser_glob_bonus(&parser_marslog, "CBEngine.errlog/readme.txt"), 0);
	cr_assert_eq(parser_glob_bonus(&parser_marslog, NULL), 0);
	recognise("a.txt", marslog, strlen(marslog), &plain);
	recognise("logs/CBEngineCurr.errlog", marslog, strlen(marslog), &named);
	cr_assert_eq(named, plain + 4);
}

Test(recognise, utf16_heads_are_recognised_after_decoding)
{
	unsigned char *b;
	size_t n;

	b = utf16le_crlf(marslog, &n);
	cr_assert_eq(recognise_bytes("x.bin", b, n, NULL), &parser_marslog);
	free(b);
	b = utf16le_crlf(prose, &n);
	cr_assert_null(recognise_bytes("CBEngineCurr.errlog", b, n, NULL));
	free(b);
}

static int emitted;

static void
count_emit(void *c, const struct record *r)
{
	(void)c;
	if (strcmp(r->kind, "mars.log") == 0)
		emitted++;
}

Test(recognise, emit_counts_and_note_replaces)
{
	struct parse_ctx ctx;

	memset(&ctx, 0, sizeof ctx);
	ctx.sink.emit = count_emit;
	record_begin(&ctx.rec, "mars.log", "a", 1);
	parse_emit(&ctx);
	parse_emit(&ctx);
	cr_assert_eq(ctx.nrecords, 2);
	cr_assert_eq(emitted, 2);
	ctx.sink.emit = NULL;
	parse_emit(&ctx);
	cr_assert_eq(ctx.nrecords, 3);
	parse_note(&ctx, "stopped at line %d", 7);
	cr_assert_str_eq(ctx.note, "stopped at line 7");
	parse_note(&ctx, "%s", "DOCTYPE refused");
	cr_assert_str_eq(ctx.note, "DOCTYPE refused");
	free(ctx.note);
	record_free(&ctx.rec);
}

static const char *
scan(const char *s, int short_ids, const char **hr)
{
	static struct parse_codes c;
	static char out[PARSE_MAX_CODES * 12];
	size_t i;

	parse_codes_init(&c);
	parse_codes_scan(&c, s, strlen(s), short_ids);
	out[0] = '\0';
	for (i = 0; i < c.n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, c.code[i]);
	}
	*hr = c.first_hr >= 0 ? c.code[c.first_hr] : NULL;
	return out;
}

Test(codes, hresults_in_text)
{
	const char *hr;

	cr_assert_str_eq(scan("error 0x800423f2, The writer's timeout expired", 0, &hr),
	    "0x800423F2");
	cr_assert_str_eq(hr, "0x800423F2");
	cr_assert_str_eq(scan("Failed: Hr: = [0x80780054] Offline", 0, &hr), "0x80780054");
	cr_assert_str_eq(scan("Error [0x8007007b] The filename", 0, &hr), "0x8007007B");
	cr_assert_str_eq(scan("failed with error code: 1b7afbe0", 0, &hr), "0x1B7AFBE0");
	cr_assert_str_eq(scan("HResult: 80780049 DetailedHResult: 8007007B", 0, &hr),
	    "0x80780049 0x8007007B");
	cr_assert_str_eq(hr, "0x80780049");
	cr_assert_str_eq(scan("hr = 0x80042302; again hr = 0x80042302", 0, &hr), "0x80042302");
}

Test(codes, what_is_not_a_code)
{
	const char *hr;

	cr_assert_str_eq(scan("pointer 0x000000001B73B830 and 0x80070005abc", 0, &hr), "");
	cr_assert_null(hr);
	cr_assert_str_eq(scan("hr = 0x00000000, The operation completed successfully", 0, &hr), "");
	cr_assert_str_eq(scan("version 1b7afbe0 id a0x80070005", 0, &hr), "");
	cr_assert_str_eq(scan("(0x18770) and 0x1FBD3", 0, &hr), "");
	cr_assert_str_eq(scan("error code: 123", 0, &hr), "");
}

Test(codes, short_mars_ids_when_asked)
{
	const char *hr;

	cr_assert_str_eq(scan("do not match (0x1FBD3); see 0x1fc07 and 0x0", 1, &hr),
	    "0x1FBD3 0x1FC07");
	cr_assert_null(hr);
	cr_assert_str_eq(scan("(0x18770) HResult: 80780049", 1, &hr), "0x18770 0x80780049");
	cr_assert_str_eq(hr, "0x80780049");
}

/* The scan looks for 'x' and for ':' / '=' and works back from them: codes must still come
 * out in the order they are written, labels with several separators once, and nothing that
 * does not start a word. */
Test(codes, found_in_order_from_their_rare_bytes)
{
	const char *hr;

	cr_assert_str_eq(scan("hr := 80070005 then 0X1fbd3 and ERROR CODE [ 0x80042306", 1, &hr),
	    "0x80070005 0x1FBD3 0x80042306");
	cr_assert_str_eq(hr, "0x80070005");
	cr_assert_str_eq(scan("DetailedHResult[: 8007007B, thr: 80070006, hr:80070057", 0, &hr),
	    "0x8007007B 0x80070057");
	cr_assert_str_eq(scan("0xdeadbeef0x12345678 x0x80070005 0x", 0, &hr), "");
	cr_assert_str_eq(scan("code: 0x80070005 Error code: 0x8007000E hresult=0X8007001f", 0,
	    &hr), "0x80070005 0x8007000E 0x8007001F");
	cr_assert_str_eq(scan("hr:", 0, &hr), "");
	cr_assert_str_eq(scan("Hr: = [0x807800C5] : WSB job failed; HResult: 0x0, "
	    "DetailedHResult: 0x800423F2", 1, &hr), "0x807800C5 0x800423F2");
	cr_assert_str_eq(hr, "0x807800C5");
}

Test(codes, set_writes_codes_and_hresult)
{
	struct parse_codes c;
	struct record r;

	memset(&r, 0, sizeof r);
	record_begin(&r, "event", "x", 0);
	parse_codes_init(&c);
	parse_codes_set(&c, &r);
	cr_assert_null(record_get(&r, "codes"));
	parse_codes_add(&c, "0x1FBD3", 0);
	parse_codes_add(&c, "0x80070005", 1);
	parse_codes_add(&c, "0x00000000", 1);
	parse_codes_set(&c, &r);
	cr_assert_str_eq(record_get(&r, "codes"), "0x1FBD3 0x80070005");
	cr_assert_str_eq(record_get(&r, "hresult"), "0x80070005");
	record_free(&r);
}

Test(codes, utf8_cut_keeps_characters_whole)
{
	const char s[] = "ab\xC3\xA9\xE2\x82\xAC";	/* "abé€" */

	cr_assert_eq(parse_utf8_cut(s, 7, 10), 7);
	cr_assert_eq(parse_utf8_cut(s, 7, 3), 2);
	cr_assert_eq(parse_utf8_cut(s, 7, 4), 4);
	cr_assert_eq(parse_utf8_cut(s, 7, 6), 4);
	cr_assert_eq(parse_utf8_cut(s, 7, 0), 0);
	cr_assert_str_eq(parse_basename("a/b\\c.txt"), "c.txt");
	cr_assert_str_eq(parse_basename("plain"), "plain");
}

Test(codes, head_lines_and_guids)
{
	const char head[] = "one\r\ntwo\n\nthree";
	const char *l;
	size_t pos = 0, n;

	cr_assert(parse_head_line(head, sizeof head - 1, &pos, &l, &n));
	cr_assert_eq(n, 3);
	cr_assert(strncmp(l, "one", 3) == 0);
	cr_assert(parse_head_line(head, sizeof head - 1, &pos, &l, &n));
	cr_assert(n == 3 && strncmp(l, "two", 3) == 0);
	cr_assert(parse_head_line(head, sizeof head - 1, &pos, &l, &n));
	cr_assert_eq(n, 0);
	cr_assert(parse_head_line(head, sizeof head - 1, &pos, &l, &n));
	cr_assert(n == 5 && strncmp(l, "three", 5) == 0);
	cr_assert_not(parse_head_line(head, sizeof head - 1, &pos, &l, &n));

	cr_assert(parse_is_guid("{e8132975-6f93-4464-a53e-1050253ae220}", 38, 1));
	cr_assert(parse_is_guid("0517B3DB-347D-45A8-9DAB-FD7D1EA7D134", 36, 0));
	cr_assert_not(parse_is_guid("0517B3DB-347D-45A8-9DAB-FD7D1EA7D134", 36, 1));
	cr_assert_not(parse_is_guid("{0517B3DB-347D-45A8-9DAB_FD7D1EA7D134}", 38, 1));
	cr_assert_not(parse_is_guid("0517B3DB-347D-45A8-9DAB-FD7D1EA7D13G", 36, 0));
}
