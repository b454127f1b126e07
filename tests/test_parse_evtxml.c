/* Tests for the Windows event XML parser (parse_evtxml.c). */
#include <criterion/criterion.h>
#include <string.h>
#include "parse_harness.h"
#include "timeparse.h"

#define NS "'http://schemas.microsoft.com/win/2004/08/events/event'"

/* wevtutil qe System /f:xml: no declaration, no root, single quotes, one event a line. */
static const char wevtutil[] =
    "<Event xmlns=" NS "><System><Provider Name='Service Control Manager' "
    "Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' EventSourceName='Service Control Manager'/>"
    "<EventID Qualifiers='16384'>7036</EventID><Version>0</Version><Level>4</Level><Task>0</Task>"
    "<Opcode>0</Opcode><Keywords>0x8080000000000000</Keywords>"
    "<TimeCreated SystemTime='2013-08-22T14:51:44.205667300Z'/><EventRecordID>2</EventRecordID>"
    "<Correlation/><Execution ProcessID='516' ThreadID='1792'/><Channel>System</Channel>"
    "<Computer>windows-n7iefg2</Computer><Security/></System><EventData>"
    "<Data Name='param1'>Windows Event Log</Data><Data Name='param2'>stopped</Data>"
    "<Binary>4500760065006E0074004C006F0067002F0031000000</Binary></EventData></Event>\n"
    "<Event xmlns=" NS "><System><Provider Name='volsnap'/><EventID Qualifiers='32772'>24"
    "</EventID><Level>3</Level><Task>0</Task><Keywords>0x80000000000000</Keywords>"
    "<TimeCreated SystemTime='2024-03-04T10:14:09.123Z'/><EventRecordID>91733</EventRecordID>"
    "<Channel>System</Channel><Computer>SRV01.contoso.com</Computer><Security/></System>"
    "<EventData><Data>C:</Data><Data>C:</Data>"
    "<Binary>000000000300300002000000180000C0000000000000000000000000</Binary></EventData>"
    "</Event>\n";

/* Event Viewer "Save All Events As... XML": declaration, <Events> root, RenderingInfo. */
static const char viewer[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n"
    "<Events><Event xmlns=" NS "><System><Provider Name='VSS'/>"
    "<EventID Qualifiers='0'>8229</EventID><Level>3</Level><Task>0</Task>"
    "<Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='2024-03-04T10:12:58.884085600Z'/>"
    "<EventRecordID>120456</EventRecordID><Channel>Application</Channel>"
    "<Computer>SRV01.contoso.com</Computer><Security/></System><EventData>"
    "<Data>0x800423f2, The writer's timeout expired between the Freeze and Thaw events.</Data>"
    "<Data>\n\nOperation:\n   Freeze Event\n\nContext:\n   Execution Context: Writer\n"
    "   Writer Class Id: {e8132975-6f93-4464-a53e-1050253ae220}\n"
    "   Writer Name: System Writer\n"
    "   Writer Instance ID: {b1c47cec-0e12-4ac6-b84b-9c1d8292a9f3}\n"
    "   Command Line: C:\\Windows\\system32\\svchost.exe -k netsvcs -p\n"
    "   Process ID: 1236</Data>"
    "<Binary>2D20436F64653A20575254575254494330303030303331342D2043616C6C3A2057525457525449</Binary>"
    "</EventData><RenderingInfo Culture='en-US'><Message>A VSS writer has rejected an event "
    "with error 0x800423f2, The writer's timeout expired between the Freeze and Thaw events.\n"
    ". Changes that the writer made to the writer components while handling the event will "
    "not be available to the requester. Check the event log for related events from the "
    "application hosting the VSS writer.\n\nOperation:\n   Freeze Event\n\nContext:\n"
    "   Execution Context: Writer\n   Writer Class Id: {e8132975-6f93-4464-a53e-1050253ae220}\n"
    "   Writer Name: System Writer\n</Message><Level>Warning</Level><Task></Task>"
    "<Opcode></Opcode><Channel>Application</Channel><Provider></Provider><Keywords>"
    "<Keyword>Classic</Keyword></Keywords></RenderingInfo></Event>"
    "<Event xmlns=" NS "><System><Provider Name='Microsoft-Windows-Backup' "
    "Guid='{1db28f2e-8f80-4027-8c5a-a11f7f10f62d}'/><EventID>5</EventID><Version>2</Version>"
    "<Level>2</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>"
    "<TimeCreated SystemTime='2024-03-04T10:25:41.8840856Z'/><EventRecordID>4711</EventRecordID>"
    "<Correlation/><Execution ProcessID='2716' ThreadID='4400'/>"
    "<Channel>Microsoft-Windows-Backup</Channel><Computer>SRV01.contoso.com</Computer>"
    "<Security UserID='S-1-5-18'/></System><EventData>"
    "<Data Name='BackupTemplateID'>{4dd5e4fc-a6b0-4bd2-9a8c-e1c8d6b2f0a1}</Data>"
    "<Data Name='HRESULT'>2147942455</Data><Data Name='DetailedHRESULT'>-2147024773</Data>"
    "<Data Name='ErrorMessage'>%%2147942455</Data><Data Name='BackupState'>3</Data>"
    "</EventData></Event></Events>";

static const struct record *
find(const struct run *r, const char *provider)
{
	size_t i;

	for (i = 0; i < r->h.n; i++)
		if (hv(&r->h, i, "provider") && strcmp(hv(&r->h, i, "provider"), provider) == 0)
			return &r->h.r[i];
	return NULL;
}

Test(evtxml, wevtutil_scm_7036_fields)
{
	struct run r;
	const struct record *e;

	run_parser(&parser_evtxml, "System.xml", 0, wevtutil, &r);
	cr_assert_eq(r.rc, 0, "note: %s", r.note ? r.note : "");
	cr_assert_eq(r.h.n, 2);
	e = &r.h.r[0];
	cr_assert_str_eq(e->kind, "event");
	cr_assert_eq(e->line, 1);
	cr_assert_eq(r.h.r[1].line, 2);
	cr_assert(e->has_record_id);
	cr_assert_eq(e->record_id, 2);
	cr_assert_eq(e->time.q, TQ_UTC);
	cr_assert_eq(e->time.ms, utc_ms(2013, 8, 22, 14, 51, 44, 205));
	cr_assert_str_eq(record_time_text(e), "2013-08-22T14:51:44.205667300Z");
	cr_assert_str_eq(hv(&r.h, 0, "provider"), "Service Control Manager");
	cr_assert_str_eq(hv(&r.h, 0, "provider_guid"), "{555908d1-a6d7-4695-8e1e-26931d2012f4}");
	cr_assert_str_eq(hv(&r.h, 0, "event_source"), "Service Control Manager");
	cr_assert_str_eq(hv(&r.h, 0, "event_id"), "7036");
	cr_assert_str_eq(hv(&r.h, 0, "qualifiers"), "16384");
	cr_assert_str_eq(hv(&r.h, 0, "level"), "4");
	cr_assert_str_eq(hv(&r.h, 0, "task"), "0");
	cr_assert_str_eq(hv(&r.h, 0, "opcode"), "0");
	cr_assert_str_eq(hv(&r.h, 0, "keywords"), "0x8080000000000000");
	cr_assert_str_eq(hv(&r.h, 0, "channel"), "System");
	cr_assert_str_eq(hv(&r.h, 0, "computer"), "windows-n7iefg2");
	cr_assert_str_eq(hv(&r.h, 0, "record_id"), "2");
	cr_assert_str_eq(hv(&r.h, 0, "process_id"), "516");
	cr_assert_str_eq(hv(&r.h, 0, "thread_id"), "1792");
	cr_assert_null(hv(&r.h, 0, "user_id"));
	cr_assert_str_eq(hv(&r.h, 0, "data.param1"), "Windows Event Log");
	cr_assert_str_eq(hv(&r.h, 0, "data.param2"), "stopped");
	cr_assert_str_eq(hv(&r.h, 0, "data"), "Windows Event Log\nstopped");
	cr_assert_str_eq(hv(&r.h, 0, "binary"), "4500760065006E0074004C006F0067002F0031000000");
	cr_assert_str_eq(hv(&r.h, 0, "service"), "EventLog");
	cr_assert_null(hv(&r.h, 0, "codes"));
	cr_assert_null(hv(&r.h, 0, "hresult"));
	cr_assert_null(hv(&r.h, 0, "message"));
	cr_assert_str_eq(record_excerpt(e), "Service Control Manager 7036: Windows Event Log\nstopped");
	run_free(&r);
}

Test(evtxml, volsnap_24_unnamed_data)
{
	struct run r;

	run_parser(&parser_evtxml, "System.xml", 0, wevtutil, &r);
	cr_assert_str_eq(hv(&r.h, 1, "provider"), "volsnap");
	cr_assert_str_eq(hv(&r.h, 1, "event_id"), "24");
	cr_assert_str_eq(hv(&r.h, 1, "qualifiers"), "32772");
	cr_assert_str_eq(hv(&r.h, 1, "level"), "3");
	cr_assert_str_eq(hv(&r.h, 1, "data.1"), "C:");
	cr_assert_str_eq(hv(&r.h, 1, "data.2"), "C:");
	cr_assert_null(hv(&r.h, 1, "data.3"));
	cr_assert_null(hv(&r.h, 1, "service"));	/* only SCM 7036 names a service */
	cr_assert_eq(r.h.r[1].record_id, 91733);
	run_free(&r);
}

Test(evtxml, event_viewer_vss_8229_writer_timeout)
{
	struct run r;
	const struct record *e;

	run_parser(&parser_evtxml, "Application.xml", 0, viewer, &r);
	cr_assert_eq(r.rc, 0, "note: %s", r.note ? r.note : "");
	cr_assert_eq(r.h.n, 2);
	e = find(&r, "VSS");
	cr_assert_not_null(e);
	cr_assert_eq(e->line, 2);
	cr_assert_str_eq(record_get(e, "event_id"), "8229");
	cr_assert_str_eq(record_get(e, "qualifiers"), "0");
	cr_assert_str_eq(record_get(e, "writer"), "System Writer");
	cr_assert_str_eq(record_get(e, "hresult"), "0x800423F2");
	cr_assert_str_eq(record_get(e, "codes"), "0x800423F2");
	cr_assert_str_eq(record_get(e, "rendered_level"), "Warning");
	cr_assert(strncmp(record_get(e, "message"), "A VSS writer has rejected an event with "
	    "error 0x800423f2", 56) == 0);
	cr_assert(strncmp(record_excerpt(e), "A VSS writer has rejected", 25) == 0);
	cr_assert(strstr(record_get(e, "data"), "Writer Name: System Writer") != NULL);
	cr_assert(strncmp(record_get(e, "data.2"), "\n\nOperation:", 12) == 0);
	cr_assert_eq(e->time.ms, utc_ms(2024, 3, 4, 10, 12, 58, 884));
	run_free(&r);
}

Test(evtxml, wsb_decimal_hresults_are_normalised)
{
	struct run r;
	const struct record *e;

	run_parser(&parser_evtxml, "Backup.xml", 0, viewer, &r);
	e = find(&r, "Microsoft-Windows-Backup");
	cr_assert_not_null(e);
	cr_assert_str_eq(record_get(e, "event_id"), "5");
	cr_assert_null(record_get(e, "qualifiers"));
	cr_assert_str_eq(record_get(e, "data.HRESULT"), "2147942455");
	cr_assert_str_eq(record_get(e, "codes"), "0x80070037 0x8007007B");
	cr_assert_str_eq(record_get(e, "hresult"), "0x80070037");
	cr_assert_str_eq(record_get(e, "user_id"), "S-1-5-18");
	cr_assert_str_eq(record_get(e, "channel"), "Microsoft-Windows-Backup");
	cr_assert_str_eq(record_get(e, "provider_guid"), "{1db28f2e-8f80-4027-8c5a-a11f7f10f62d}");
	cr_assert_null(record_get(e, "writer"));
	run_free(&r);
}

Test(evtxml, rendered_xml_and_userdata)
{
	static const char doc[] =
	    "<Event xmlns=" NS "><System><Provider Name='Service Control Manager' "
	    "Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' EventSourceName='Service Control Manager'/>"
	    "<EventID Qualifiers='16384'>7036</EventID><Level>4</Level>"
	    "<TimeCreated SystemTime='2024-03-04T09:00:00.000Z'/><EventRecordID>77</EventRecordID>"
	    "<Channel>System</Channel><Computer>SRV01</Computer><Security/></System><EventData>"
	    "<Data Name='param1'>Volume Shadow Copy</Data><Data Name='param2'>running</Data>"
	    "<Binary>5600530053002F0034000000</Binary></EventData>"
	    "<RenderingInfo Culture='en-US'><Message>The Volume Shadow Copy service entered the "
	    "running state.</Message><Level>Information</Level><Task></Task><Opcode></Opcode>"
	    "<Channel>System</Channel><Provider>Microsoft-Windows-Service Control Manager</Provider>"
	    "<Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo></Event>\n"
	    "<Event xmlns=" NS "><System><Provider Name='Microsoft-Windows-Eventlog' "
	    "Guid='{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}'/><EventID>104</EventID><Level>4</Level>"
	    "<TimeCreated SystemTime='2024-03-04T09:01:00.000Z'/><EventRecordID>78</EventRecordID>"
	    "<Channel>System</Channel><Computer>SRV01</Computer><Security UserID='S-1-5-21-1-2-3-500'/>"
	    "</System><UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/"
	    "windows/eventlog'><SubjectUserName>Administrator</SubjectUserName>"
	    "<SubjectDomainName>CONTOSO</SubjectDomainName><Channel>System</Channel>"
	    "<BackupPath></BackupPath></LogFileCleared></UserData></Event>\n";
	struct run r;

	run_parser(&parser_evtxml, "System.xml", 0, doc, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(hv(&r.h, 0, "service"), "VSS");
	cr_assert_str_eq(hv(&r.h, 0, "message"),
	    "The Volume Shadow Copy service entered the running state.");
	cr_assert_str_eq(hv(&r.h, 0, "rendered_level"), "Information");
	cr_assert_str_eq(hv(&r.h, 0, "channel"), "System");
	cr_assert_str_eq(hv(&r.h, 0, "provider"), "Service Control Manager");
	cr_assert_str_eq(record_excerpt(&r.h.r[0]),
	    "The Volume Shadow Copy service entered the running state.");
	cr_assert_str_eq(hv(&r.h, 1, "userdata.SubjectUserName"), "Administrator");
	cr_assert_str_eq(hv(&r.h, 1, "userdata.SubjectDomainName"), "CONTOSO");
	cr_assert_str_eq(hv(&r.h, 1, "userdata.Channel"), "System");
	cr_assert_null(hv(&r.h, 1, "userdata.BackupPath"));
	cr_assert_null(hv(&r.h, 1, "userdata.LogFileCleared"));
	cr_assert_str_eq(hv(&r.h, 1, "user_id"), "S-1-5-21-1-2-3-500");
	cr_assert_str_eq(hv(&r.h, 1, "event_id"), "104");
	run_free(&r);
}

Test(evtxml, classic_unnamed_data_and_odd_fields)
{
	static const char doc[] =
	    "<Events><Event xmlns=" NS "><System><Provider Name='PowerShell'/>"
	    "<EventID Qualifiers='0'>400</EventID><Level>4</Level><Task>4</Task>"
	    "<Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='2020-09-20T06:30:07.000000000Z'/>"
	    "<EventRecordID>18</EventRecordID><Channel>Windows PowerShell</Channel>"
	    "<Computer>WIN-6CNOVHMFLR0</Computer><Security/></System><EventData><Data>Available</Data>"
	    "<Data>None</Data><Data>\tNewEngineState=Available\n\tPreviousEngineState=None\n"
	    "\tHostName=ConsoleHost &amp; more &lt;text&gt;</Data></EventData></Event>"
	    "<Event xmlns=" NS "><System><Provider Name='Service Control Manager'/>"
	    "<EventID>3221232481</EventID><Level>2</Level><TimeCreated SystemTime='not a time'/>"
	    "<EventRecordID>-5</EventRecordID></System><EventData><Data Name='param1'>30000</Data>"
	    "<Data Name='param2'>obengine</Data></EventData></Event>"
	    "<Event xmlns=" NS "><System><EventID>banana</EventID></System></Event></Events>";
	struct run r;

	run_parser(&parser_evtxml, "PowerShell.xml", 0, doc, &r);
	cr_assert_eq(r.rc, 0, "note: %s", r.note ? r.note : "");
	cr_assert_eq(r.h.n, 3);
	cr_assert_str_eq(hv(&r.h, 0, "data.1"), "Available");
	cr_assert_str_eq(hv(&r.h, 0, "data.2"), "None");
	cr_assert(strstr(hv(&r.h, 0, "data.3"), "HostName=ConsoleHost & more <text>") != NULL);
	cr_assert_null(hv(&r.h, 0, "opcode"));
	/* A classic event ID with its qualifiers in the high word. */
	cr_assert_str_eq(hv(&r.h, 1, "event_id"), "7009");
	cr_assert_str_eq(hv(&r.h, 1, "qualifiers"), "49152");
	cr_assert_eq(r.h.r[1].time.q, TQ_NONE);
	cr_assert_str_eq(record_time_text(&r.h.r[1]), "not a time");
	cr_assert_not(r.h.r[1].has_record_id);
	cr_assert_null(hv(&r.h, 1, "record_id"));
	/* Nothing usable, still a record. */
	cr_assert_null(hv(&r.h, 2, "event_id"));
	cr_assert_str_eq(record_excerpt(&r.h.r[2]), "event");
	run_free(&r);
}

Test(evtxml, doctype_is_refused)
{
	static const char doc[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n"
	    "<Events><Event xmlns=" NS "><System><Provider Name='&lol2;'/></System></Event></Events>\n";
	struct run r;

	run_parser(&parser_evtxml, "evil.xml", 0, doc, &r);
	cr_assert_eq(r.rc, -1);
	cr_assert_eq(r.h.n, 0);
	cr_assert_str_eq(r.note, "DOCTYPE refused");
	run_free(&r);
}

Test(evtxml, doctype_across_chunk_boundaries_is_refused)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	size_t pad;

	for (pad = 16370; pad < 16392; pad += 3) {
		sb_reset(&sb);
		sb_adds(&sb, "<Events><!-- ");
		while (sb.len < pad)
			sb_addc(&sb, 'x');
		sb_adds(&sb, " --><!DOCTYPE x [<!ENTITY a \"b\">]></Events>");
		run_parser_env(&parser_evtxml, "evil.xml", 0, NULL, sb.s, sb.len, 0, &r);
		cr_assert_eq(r.rc, -1);
		cr_assert_str_eq(r.note, "DOCTYPE refused", "pad %zu: %s", pad, r.note);
		run_free(&r);
	}
	sb_free(&sb);
}

Test(evtxml, parse_error_keeps_earlier_events)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;

	sb_add(&sb, wevtutil, strlen(wevtutil));
	sb_adds(&sb, "<Event xmlns=" NS "><System><Provider Name='VSS'/></Sys></Event>\n");
	run_parser(&parser_evtxml, "System.xml", 0, sb.s, &r);
	cr_assert_eq(r.rc, -1);
	cr_assert_eq(r.h.n, 2);
	cr_assert_not_null(r.note);
	cr_assert(strstr(r.note, "XML error at line 3") != NULL, "note: %s", r.note);
	sb_free(&sb);
	run_free(&r);
}

Test(evtxml, truncated_file_keeps_earlier_events)
{
	struct run r;

	run_parser_env(&parser_evtxml, "System.xml", 0, NULL, wevtutil, strlen(wevtutil) - 60, 0,
	    &r);
	cr_assert_eq(r.rc, -1);
	cr_assert_eq(r.h.n, 1);
	cr_assert(strstr(r.note, "XML error") != NULL);
	run_free(&r);
}

Test(evtxml, utf16le_export_in_small_reads)
{
	unsigned char *b;
	size_t n;
	struct run r;

	b = utf16le_crlf(viewer, &n);
	run_parser_env(&parser_evtxml, "Application.xml", 0, NULL, b, n, 13, &r);
	cr_assert_eq(r.rc, 0, "note: %s", r.note ? r.note : "");
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(hv(&r.h, 0, "writer"), "System Writer");
	cr_assert_str_eq(hv(&r.h, 1, "hresult"), "0x80070037");
	cr_assert_eq(recognise_bytes("export.txt", b, n, NULL), &parser_evtxml);
	free(b);
	run_free(&r);
}

Test(evtxml, many_events_on_one_line)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	int i;

	sb_adds(&sb, "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n<Events>");
	for (i = 0; i < 3000; i++)
		sb_printf(&sb, "<Event xmlns=" NS "><System><Provider Name='VSS'/><EventID "
		    "Qualifiers='0'>8224</EventID><Level>4</Level><EventRecordID>%d</EventRecordID>"
		    "</System><EventData><Data>idle</Data></EventData></Event>", i + 1);
	sb_adds(&sb, "</Events>");
	run_parser(&parser_evtxml, "Application.xml", 0, sb.s, &r);
	cr_assert_eq(r.rc, 0, "note: %s", r.note ? r.note : "");
	cr_assert_eq(r.h.n, 3000);
	cr_assert_eq(r.h.r[2999].record_id, 3000);
	cr_assert_eq(r.h.r[2999].line, 2);
	sb_free(&sb);
	run_free(&r);
}

Test(evtxml, data_is_bounded)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	const struct record *e;
	int i;

	sb_adds(&sb, "<Event xmlns=" NS "><System><Provider Name='Odd'/><EventID>1</EventID>"
	    "</System><EventData>");
	for (i = 1; i <= 300; i++) {
		if (i == 100)
			sb_adds(&sb, "<Data>hr = 0x80042302</Data>");
		else
			sb_printf(&sb, "<Data>value %d</Data>", i);
	}
	sb_adds(&sb, "<Data>");
	for (i = 0; i < 100000; i++)
		sb_addc(&sb, 'y');
	sb_adds(&sb, "</Data></EventData></Event>");
	run_parser(&parser_evtxml, "odd.xml", 0, sb.s, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 1);
	e = &r.h.r[0];
	cr_assert_str_eq(record_get(e, "data.1"), "value 1");
	cr_assert_str_eq(record_get(e, "data.32"), "value 32");
	cr_assert_null(record_get(e, "data.33"));
	cr_assert_str_eq(record_get(e, "hresult"), "0x80042302");
	cr_assert_str_eq(record_get(e, "provider"), "Odd");
	cr_assert(strstr(record_get(e, "data"), "value 256") != NULL);
	cr_assert(strstr(record_get(e, "data"), "value 257") == NULL);
	cr_assert_leq(strlen(record_get(e, "data")), 64 * 1024);
	cr_assert_leq(strlen(record_excerpt(e)), 1024);
	cr_assert_not_null(r.note);
	sb_free(&sb);
	run_free(&r);

	/* One huge value is cut to its bound. */
	sb_adds(&sb, "<Event xmlns=" NS "><System><Provider Name='Odd'/></System><EventData><Data>");
	for (i = 0; i < 100000; i++)
		sb_addc(&sb, 'z');
	sb_adds(&sb, "</Data></EventData></Event>");
	run_parser(&parser_evtxml, "odd.xml", 0, sb.s, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_eq(strlen(hv(&r.h, 0, "data.1")), 64 * 1024);
	sb_free(&sb);
	run_free(&r);
}

Test(evtxml, attribute_flood_is_refused)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	int i;

	sb_adds(&sb, "<Event xmlns=" NS "><System><Provider Name='ok'/></System></Event>\n<Event");
	for (i = 0; i < 1000; i++)
		sb_printf(&sb, " a%d='1'", i);
	sb_adds(&sb, "/>\n");
	run_parser(&parser_evtxml, "flood.xml", 0, sb.s, &r);
	cr_assert_eq(r.rc, -1);
	cr_assert_eq(r.h.n, 1);
	cr_assert(strstr(r.note, "refused") != NULL);
	sb_free(&sb);
	run_free(&r);
}

Test(evtxml, bids)
{
	static const char eventsonly[] = "<?xml version=\"1.0\"?>\n<Events>\n<Event xmlns"
	    "=\"http://schemas.microsoft.com/win/2004/08/events/event\">";
	int b1, b2;

	cr_assert_eq(recognise_bytes("System.txt", wevtutil, strlen(wevtutil), &b1),
	    &parser_evtxml);
	cr_assert_eq(recognise_bytes("System.xml", wevtutil, strlen(wevtutil), &b2),
	    &parser_evtxml);
	cr_assert_eq(b2, b1 + 4);
	cr_assert_gt(parser_evtxml.bid(NULL, eventsonly, strlen(eventsonly)), 0);
	cr_assert_eq(parser_evtxml.bid("x.xml", "<Objs Version=\"1.1.0.1\">", 24), 0);
}

Test(evtxml, repeated_elements_do_not_grow_a_record)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	int i;

	sb_adds(&sb, "<Event xmlns=" NS "><System><Provider Name='Odd'/>");
	for (i = 0; i < 200000; i++)
		sb_adds(&sb, "<Level>4</Level>");
	sb_adds(&sb, "<EventID>9</EventID></System></Event>");
	run_parser(&parser_evtxml, "odd.xml", 0, sb.s, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "level"), "4");
	cr_assert_str_eq(hv(&r.h, 0, "provider"), "Odd");
	/* The repeats used up the record's budget: later values are dropped, not kept. */
	cr_assert_null(hv(&r.h, 0, "event_id"));
	cr_assert(strstr(r.note, "cut") != NULL);
	sb_free(&sb);
	run_free(&r);
}
