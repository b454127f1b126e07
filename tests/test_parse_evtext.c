/* Tests for events exported as text (parse_evtext.c): copied event details in English,
 * German, French and Japanese (UTF-16), with and without their XML, wevtutil /f:text, and
 * Event Viewer's CSV and tab-separated exports; local times; foreign computers. */
#include <criterion/criterion.h>
#include <string.h>
#include "parse_harness.h"
#include "parsers_event.h"
#include "timeparse.h"

static const char copied_en[] =
    "Log Name:      Application\r\n"
    "Source:        VSS\r\n"
    "Date:          1/11/2021 02:57:03 PM\r\n"
    "Event ID:      8229\r\n"
    "Task Category: None\r\n"
    "Level:         Warning\r\n"
    "Keywords:      Classic\r\n"
    "User:          N/A\r\n"
    "Computer:      GF19.contoso.local\r\n"
    "Description:\r\n"
    "A VSS writer has rejected an event with error 0x800423f2, The writer's timeout expired "
    "between the Freeze and Thaw events.\r\n"
    "\r\n"
    "Operation:\r\n"
    "   Freeze Event\r\n"
    "\r\n"
    "Context:\r\n"
    "   Execution Context: Writer\r\n"
    "   Writer Class Id: {e8132975-6f93-4464-a53e-1050253ae220}\r\n"
    "   Writer Name: System Writer\r\n"
    "   Writer Instance ID: {b1c47cec-0e12-4ac6-b84b-9c1d8292a9f3}\r\n";

Test(evtext, copied_details_in_english)
{
	struct run r;

	run_parser(&parser_evtext, "event.txt", 0, copied_en, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(r.h.r[0].kind, "event");
	cr_assert_eq(r.h.r[0].line, 1);
	cr_assert_str_eq(hv(&r.h, 0, "channel"), "Application");
	cr_assert_str_eq(hv(&r.h, 0, "provider"), "VSS");
	cr_assert_str_eq(hv(&r.h, 0, "event_id"), "8229");
	cr_assert_str_eq(hv(&r.h, 0, "level"), "3");
	cr_assert_str_eq(hv(&r.h, 0, "rendered_level"), "Warning");
	cr_assert_str_eq(hv(&r.h, 0, "task_category"), "None");
	cr_assert_str_eq(hv(&r.h, 0, "keywords_text"), "Classic");
	cr_assert_null(hv(&r.h, 0, "user"), "N/A is no user");
	cr_assert_str_eq(hv(&r.h, 0, "computer"), "GF19.contoso.local");
	cr_assert_str_eq(hv(&r.h, 0, "writer"), "System Writer");
	cr_assert_str_eq(hv(&r.h, 0, "hresult"), "0x800423F2");
	cr_assert_str_eq(hv(&r.h, 0, "export"), "viewer-text");
	cr_assert(strncmp(hv(&r.h, 0, "message"), "A VSS writer has rejected", 25) == 0);
	cr_assert(strstr(hv(&r.h, 0, "message"), "Writer Instance ID:") != NULL);
	/* Local time of an unknown zone, month first. */
	cr_assert_eq(r.h.r[0].time.q, TQ_ZONE_UNKNOWN);
	cr_assert_eq(r.h.r[0].time.ms, utc_ms(2021, 1, 11, 14, 57, 3, 0));
	cr_assert_str_eq(record_time_text(&r.h.r[0]), "1/11/2021 02:57:03 PM");
	run_free(&r);
}

Test(evtext, local_time_with_the_servers_offset_and_foreign_computers)
{
	struct parse_env env = {.tz_known = 1, .tz_offset_min = -480, .host = "GF19"};
	struct run r;

	run_parser_env(&parser_evtext, "event.txt", 0, &env, copied_en, strlen(copied_en), 0, &r);
	cr_assert_eq(r.h.r[0].time.q, TQ_ZONE_ASSUMED);
	cr_assert_eq(r.h.r[0].time.ms, utc_ms(2021, 1, 11, 22, 57, 3, 0));
	/* Same first label: the server's own event. */
	cr_assert_str_eq(hv(&r.h, 0, "foreign"), "no");
	run_free(&r);
	env.host = "SRV01";
	run_parser_env(&parser_evtext, "event.txt", 0, &env, copied_en, strlen(copied_en), 0, &r);
	cr_assert_str_eq(hv(&r.h, 0, "foreign"), "yes");
	run_free(&r);
	/* A British server writes the day first. */
	env.locale = "en-gb";
	env.tz_known = 0;
	run_parser_env(&parser_evtext, "event.txt", 0, &env, copied_en, strlen(copied_en), 0, &r);
	cr_assert_eq(r.h.r[0].time.ms, utc_ms(2021, 11, 1, 14, 57, 3, 0));
	run_free(&r);
}

static const char copied_de[] =
    "Protokollname: Application\r\n"
    "Quelle:        VSS\r\n"
    "Datum:         04.03.2024 10:12:58\r\n"
    "Ereignis-ID:   8229\r\n"
    "Aufgabenkategorie:Keine\r\n"
    "Ebene:         Warnung\r\n"
    "Schl\xc3\xbcsselw\xc3\xb6rter:Klassisch\r\n"
    "Benutzer:      Nicht zutreffend\r\n"
    "Computer:      SRV01.contoso.local\r\n"
    "Beschreibung:\r\n"
    "Ein VSS-Writer hat ein Ereignis mit dem Fehler 0x800423f4 zur\xc3\xbc" "ckgewiesen.\r\n"
    "   Writer Name: System Writer\r\n";

Test(evtext, copied_details_in_german)
{
	struct run r;

	run_parser(&parser_evtext, "ereignis.txt", 0, copied_de, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "channel"), "Application");
	cr_assert_str_eq(hv(&r.h, 0, "provider"), "VSS");
	cr_assert_str_eq(hv(&r.h, 0, "event_id"), "8229");
	cr_assert_str_eq(hv(&r.h, 0, "level"), "3");
	cr_assert_str_eq(hv(&r.h, 0, "rendered_level"), "Warnung");
	cr_assert_str_eq(hv(&r.h, 0, "keywords_text"), "Klassisch");
	cr_assert_str_eq(hv(&r.h, 0, "hresult"), "0x800423F4");
	/* Day first: 4 March. */
	cr_assert_eq(r.h.r[0].time.ms, utc_ms(2024, 3, 4, 10, 12, 58, 0));
	run_free(&r);
}

static const char copied_fr[] =
    "Nom du journal :Application\r\n"
    "Source :       VSS\r\n"
    "Date :         04/03/2024 10:12:58\r\n"
    "ID de l\xe2\x80\x99\xc3\xa9v\xc3\xa9nement :8229\r\n"
    "Cat\xc3\xa9gorie de la t\xc3\xa2" "che :Aucun\r\n"
    "Niveau :       Erreur\r\n"
    "Mots-cl\xc3\xa9s :    Classique\r\n"
    "Utilisateur :  N/A\r\n"
    "Ordinateur :   SRV01\r\n"
    "Description :\r\n"
    "Erreur du service de cliché instantané des volumes : 0x80042302.\r\n";

Test(evtext, copied_details_in_french)
{
	struct run r;

	run_parser(&parser_evtext, "evenement.txt", 0, copied_fr, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "event_id"), "8229");
	cr_assert_str_eq(hv(&r.h, 0, "level"), "2");
	cr_assert_str_eq(hv(&r.h, 0, "computer"), "SRV01");
	cr_assert_str_eq(hv(&r.h, 0, "hresult"), "0x80042302");
	cr_assert_eq(r.h.r[0].time.ms, utc_ms(2024, 3, 4, 10, 12, 58, 0));
	run_free(&r);
}

Test(evtext, french_label_with_damaged_accents)
{
	static const char damaged[] =
	    "Nom du journal :Application\r\nSource : VSS\r\nDate : 04/03/2024 10:12:58\r\n"
	    "ID de l?v?nement :12289\r\nNiveau : Erreur\r\nOrdinateur : SRV01\r\n"
	    "Description :\r\nErreur VSS inattendue.\r\n";
	struct run r;

	run_parser(&parser_evtext, "evenement.txt", 0, damaged, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "event_id"), "12289");
	run_free(&r);
}

static const char copied_ja[] =
    "\xe3\x83\xad\xe3\x82\xb0\xe3\x81\xae\xe5\x90\x8d\xe5\x89\x8d:         Application\n"
    "\xe3\x82\xbd\xe3\x83\xbc\xe3\x82\xb9:           VSS\n"
    "\xe6\x97\xa5\xe4\xbb\x98:            2024/03/04 10:12:58\n"
    "\xe3\x82\xa4\xe3\x83\x99\xe3\x83\xb3\xe3\x83\x88 ID:       8229\n"
    "\xe3\x82\xbf\xe3\x82\xb9\xe3\x82\xaf\xe3\x81\xae\xe3\x82\xab\xe3\x83\x86\xe3\x82\xb4"
    "\xe3\x83\xaa:      \xe3\x81\xaa\xe3\x81\x97\n"
    "\xe3\x83\xac\xe3\x83\x99\xe3\x83\xab:           \xe8\xad\xa6\xe5\x91\x8a\n"
    "\xe3\x83\xa6\xe3\x83\xbc\xe3\x82\xb6\xe3\x83\xbc:          N/A\n"
    "\xe3\x82\xb3\xe3\x83\xb3\xe3\x83\x94\xe3\x83\xa5\xe3\x83\xbc\xe3\x82\xbf\xe3\x83\xbc:"
    "       SRV01\n"
    "\xe8\xaa\xac\xe6\x98\x8e:\n"
    "VSS \xe3\x83\xa9\xe3\x82\xa4\xe3\x82\xbf\xe3\x83\xbc\xe3\x81\x8c\xe3\x82\xa8\xe3\x83\xa9"
    "\xe3\x83\xbc 0x800423f2 \xe3\x81\xae\xe3\x82\xa4\xe3\x83\x99\xe3\x83\xb3\xe3\x83\x88"
    "\xe3\x82\x92\xe6\x8b\x92\xe5\x90\xa6\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f\n"
    "   Writer Name: System Writer\n";

Test(evtext, copied_details_in_japanese_utf16)
{
	unsigned char *u;
	size_t n;
	struct run r;
	int bid = 0;

	u = utf16le_crlf(copied_ja, &n);
	cr_assert_eq(recognise_bytes("event.txt", u, n, &bid), &parser_evtext);
	run_parser_env(&parser_evtext, "event.txt", 0, NULL, u, n, 3, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "channel"), "Application");
	cr_assert_str_eq(hv(&r.h, 0, "event_id"), "8229");
	cr_assert_str_eq(hv(&r.h, 0, "level"), "3");
	cr_assert_str_eq(hv(&r.h, 0, "computer"), "SRV01");
	cr_assert_str_eq(hv(&r.h, 0, "hresult"), "0x800423F2");
	cr_assert_str_eq(hv(&r.h, 0, "writer"), "System Writer");
	cr_assert_eq(r.h.r[0].time.ms, utc_ms(2024, 3, 4, 10, 12, 58, 0));
	run_free(&r);
	free(u);
}

Test(evtext, japanese_afternoon_marker)
{
	static const char pm[] =
	    "Log Name: System\nSource: Service Control Manager\n"
	    "Date: 2024/03/04 \xe5\x8d\x88\xe5\xbe\x8c 2:57:03\nEvent ID: 7036\n"
	    "Level: Information\nComputer: SRV01\nDescription:\nx\n";
	struct run r;

	run_parser(&parser_evtext, "e.txt", 0, pm, &r);
	cr_assert_eq(r.h.r[0].time.ms, utc_ms(2024, 3, 4, 14, 57, 3, 0));
	run_free(&r);
}

/* The XML part of copied details gives the exact event: UTC time, record id, data. */
static const char copied_with_xml[] =
    "Log Name:      System\r\n"
    "Source:        Service Control Manager\r\n"
    "Date:          3/4/2024 2:12:58 AM\r\n"
    "Event ID:      7036\r\n"
    "Level:         Information\r\n"
    "Computer:      SRV01.contoso.local\r\n"
    "Description:\r\n"
    "The Volume Shadow Copy service entered the stopped state.\r\n"
    "Event Xml:\r\n"
    "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\r\n"
    "  <System>\r\n"
    "    <Provider Name=\"Service Control Manager\" Guid=\"{555908d1-a6d7-4695-8e1e-26931d2012f4}\" "
    "EventSourceName=\"Service Control Manager\" />\r\n"
    "    <EventID Qualifiers=\"16384\">7036</EventID>\r\n"
    "    <Level>4</Level>\r\n"
    "    <TimeCreated SystemTime=\"2024-03-04T10:12:58.123456700Z\" />\r\n"
    "    <EventRecordID>5531</EventRecordID>\r\n"
    "    <Channel>System</Channel>\r\n"
    "    <Computer>SRV01.contoso.local</Computer>\r\n"
    "  </System>\r\n"
    "  <EventData>\r\n"
    "    <Data Name=\"param1\">Volume Shadow Copy</Data>\r\n"
    "    <Data Name=\"param2\">stopped</Data>\r\n"
    "    <Binary>5600530053002F0031000000</Binary>\r\n"
    "  </EventData>\r\n"
    "</Event>\r\n";

Test(evtext, copied_details_with_their_xml)
{
	struct run r;
	int bid = 0;

	cr_assert_eq(recognise_bytes("event.txt", copied_with_xml, strlen(copied_with_xml), &bid),
	    &parser_evtext, "the labels outbid the XML inside");
	run_parser(&parser_evtext, "event.txt", 0, copied_with_xml, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert(r.h.r[0].has_record_id);
	cr_assert_eq(r.h.r[0].record_id, 5531);
	cr_assert_eq(r.h.r[0].line, 1);
	cr_assert_eq(r.h.r[0].time.q, TQ_UTC);
	cr_assert_str_eq(hv(&r.h, 0, "data.param1"), "Volume Shadow Copy");
	cr_assert_str_eq(hv(&r.h, 0, "service"), "VSS");
	run_free(&r);
}

static const char wevtutil_text[] =
    "Event[0]:\r\n"
    "  Log Name: System\r\n"
    "  Source: Microsoft-Windows-Backup\r\n"
    "  Date: 2024-03-04T10:25:41.884\r\n"
    "  Event ID: 517\r\n"
    "  Task: N/A\r\n"
    "  Level: Error\r\n"
    "  Opcode: Info\r\n"
    "  Keyword: N/A\r\n"
    "  User: S-1-5-18\r\n"
    "  User Name: NT AUTHORITY\\SYSTEM\r\n"
    "  Computer: SRV01\r\n"
    "  Description: \r\n"
    "The backup operation that started at '2024-03-04T10:20:02.500000000Z' has failed with "
    "following error code '0x807800C5' (There was a failure in preparing the backup image "
    "of one of the volumes in the backup set.).\r\n"
    "\r\n"
    "Event[1]:\r\n"
    "  Log Name: System\r\n"
    "  Source: Service Control Manager\r\n"
    "  Date: 2024-03-04T10:26:00.000Z\r\n"
    "  Event ID: 7036\r\n"
    "  Task: N/A\r\n"
    "  Level: Information\r\n"
    "  Computer: SRV01\r\n"
    "  Description: \r\n"
    "The Windows Modules Installer service entered the stopped state.\r\n";

Test(evtext, wevtutil_text_blocks)
{
	struct run r;
	int bid = 0;

	cr_assert_eq(recognise_bytes("sys.txt", wevtutil_text, strlen(wevtutil_text), &bid),
	    &parser_evtext);
	run_parser(&parser_evtext, "sys.txt", 0, wevtutil_text, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_eq(r.h.r[0].line, 1);
	cr_assert_eq(r.h.r[1].line, 16);
	cr_assert_str_eq(hv(&r.h, 0, "export"), "wevtutil-text");
	cr_assert_str_eq(hv(&r.h, 0, "provider"), "Microsoft-Windows-Backup");
	cr_assert_str_eq(hv(&r.h, 0, "event_id"), "517");
	cr_assert_str_eq(hv(&r.h, 0, "level"), "2");
	cr_assert_str_eq(hv(&r.h, 0, "user_id"), "S-1-5-18");
	cr_assert_str_eq(hv(&r.h, 0, "user"), "NT AUTHORITY\\SYSTEM");
	cr_assert_str_eq(hv(&r.h, 0, "opcode_text"), "Info");
	cr_assert_null(hv(&r.h, 0, "task_category"));
	cr_assert_str_eq(hv(&r.h, 0, "hresult"), "0x807800C5");
	/* Without a zone the ISO time is local; with Z it is UTC. */
	cr_assert_eq(r.h.r[0].time.q, TQ_ZONE_UNKNOWN);
	cr_assert_eq(r.h.r[1].time.q, TQ_UTC);
	cr_assert_str_eq(hv(&r.h, 1, "message"),
	    "The Windows Modules Installer service entered the stopped state.");
	run_free(&r);
}

static const char csv_en[] =
    "Level,Date and Time,Source,Event ID,Task Category\r\n"
    "Error,3/4/2024 10:12:58 AM,Service Control Manager,7023,None,\"The Windows Update service "
    "terminated with the following error: \r\nThe system cannot find the file specified.\"\r\n"
    "Warning,3/4/2024 10:11:00 AM,volsnap,36,None,\"The shadow copies of volume C: were aborted "
    "because the shadow copy storage could not grow due to a user imposed limit.\"\r\n"
    "Information,3/4/2024 10:10:00 AM,Service Control Manager,7036,None,The Windows Update "
    "service entered the running state.\r\n";

Test(evtext, event_viewer_csv)
{
	struct run r;
	int bid = 0;

	cr_assert_eq(recognise_bytes("System.csv", csv_en, strlen(csv_en), &bid), &parser_evtext);
	run_parser(&parser_evtext, "System.csv", 0, csv_en, &r);
	cr_assert_eq(r.h.n, 3);
	cr_assert_eq(r.h.r[0].line, 2);
	cr_assert_eq(r.h.r[1].line, 4, "a quoted line end belongs to the row");
	cr_assert_str_eq(hv(&r.h, 0, "export"), "viewer-csv");
	cr_assert_str_eq(hv(&r.h, 0, "level"), "2");
	cr_assert_str_eq(hv(&r.h, 0, "event_id"), "7023");
	cr_assert_str_eq(hv(&r.h, 0, "message"), "The Windows Update service terminated with the "
	    "following error: \nThe system cannot find the file specified.");
	cr_assert_str_eq(hv(&r.h, 1, "provider"), "volsnap");
	cr_assert_str_eq(hv(&r.h, 1, "event_id"), "36");
	cr_assert_str_eq(hv(&r.h, 2, "level"), "4");
	cr_assert_eq(r.h.r[2].time.ms, utc_ms(2024, 3, 4, 10, 10, 0, 0));
	run_free(&r);
}

static const char csv_de[] =
    "Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie\r\n"
    "Fehler,04.03.2024 10:12:58,Service Control Manager,7023,Keine,\"Der Dienst \"\"Windows "
    "Update\"\" wurde mit folgendem Fehler beendet: Das System kann die angegebene Datei nicht "
    "finden.\"\r\n";

Test(evtext, german_csv)
{
	struct run r;

	run_parser(&parser_evtext, "System.csv", 0, csv_de, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "level"), "2");
	cr_assert_str_eq(hv(&r.h, 0, "rendered_level"), "Fehler");
	cr_assert_str_eq(hv(&r.h, 0, "task_category"), "Keine");
	cr_assert(strncmp(hv(&r.h, 0, "message"), "Der Dienst \"Windows Update\" wurde", 33) == 0,
	    "%s", hv(&r.h, 0, "message"));
	cr_assert_eq(r.h.r[0].time.ms, utc_ms(2024, 3, 4, 10, 12, 58, 0));
	run_free(&r);
}

/* "Save as Text": tab separated, UTF-16LE, Japanese headings, year first. */
static const char tsv_ja[] =
    "\xe3\x83\xac\xe3\x83\x99\xe3\x83\xab\t\xe6\x97\xa5\xe4\xbb\x98\xe3\x81\xa8\xe6\x99\x82"
    "\xe5\x88\xbb\t\xe3\x82\xbd\xe3\x83\xbc\xe3\x82\xb9\t\xe3\x82\xa4\xe3\x83\x99\xe3\x83\xb3"
    "\xe3\x83\x88 ID\t\xe3\x82\xbf\xe3\x82\xb9\xe3\x82\xaf\xe3\x81\xae\xe3\x82\xab\xe3\x83\x86"
    "\xe3\x82\xb4\xe3\x83\xaa\n"
    "\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc\t2024/03/04 10:12:58\tVSS\t12289\t\xe3\x81\xaa"
    "\xe3\x81\x97\t\xe4\xba\x88\xe6\x9c\x9f\xe3\x81\x97\xe3\x81\xaa\xe3\x81\x84\xe3\x82\xa8"
    "\xe3\x83\xa9\xe3\x83\xbc 0x80042306\n"
    "\xe6\x83\x85\xe5\xa0\xb1\t2024/03/04 10:10:00\tVSS\t8224\t\xe3\x81\xaa\xe3\x81\x97\t"
    "VSS \xe3\x82\xb5\xe3\x83\xbc\xe3\x83\x93\xe3\x82\xb9\n";

Test(evtext, japanese_tab_separated_utf16)
{
	unsigned char *u;
	size_t n;
	struct run r;
	int bid = 0;

	u = utf16le_crlf(tsv_ja, &n);
	cr_assert_eq(recognise_bytes("Application.txt", u, n, &bid), &parser_evtext);
	run_parser_env(&parser_evtext, "Application.txt", 0, NULL, u, n, 5, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(hv(&r.h, 0, "export"), "viewer-tsv");
	cr_assert_str_eq(hv(&r.h, 0, "level"), "2");
	cr_assert_str_eq(hv(&r.h, 0, "provider"), "VSS");
	cr_assert_str_eq(hv(&r.h, 0, "event_id"), "12289");
	cr_assert_str_eq(hv(&r.h, 0, "hresult"), "0x80042306");
	cr_assert_str_eq(hv(&r.h, 1, "level"), "4");
	cr_assert_eq(r.h.r[1].time.ms, utc_ms(2024, 3, 4, 10, 10, 0, 0));
	run_free(&r);
	free(u);
}

Test(evtext, rows_without_a_heading)
{
	static const char rows[] =
	    "Error,3/4/2024 10:12:58 AM,Service Control Manager,7023,None,The service failed.\n"
	    "Warning,3/4/2024 10:11:00 AM,volsnap,36,None,The shadow copies were aborted.\n";
	struct run r;
	int bid = 0;

	cr_assert_eq(recognise_bytes("export.csv", rows, strlen(rows), &bid), &parser_evtext);
	run_parser(&parser_evtext, "export.csv", 0, rows, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(hv(&r.h, 1, "event_id"), "36");
	cr_assert_str_eq(hv(&r.h, 1, "message"), "The shadow copies were aborted.");
	run_free(&r);
}

Test(evtext, other_csv_and_lists_are_not_events)
{
	static const char other[] =
	    "Name,Status,StartType,Path,Size\nobengine,Running,Automatic,C:\\x,12\n";
	static const char getservice[] =
	    "Name        : obengine\nDisplayName : Microsoft Azure Recovery Services Agent\n"
	    "Status      : Running\nStartType   : Automatic\n";
	static const char w32tm[] =
	    "Leap Indicator: 0(no warning)\nStratum: 3 (secondary reference)\n"
	    "Source: time.windows.com,0x9\nPoll Interval: 10 (1024s)\n";

	cr_assert_eq(parser_evtext.bid("a.csv", other, strlen(other)), 0);
	cr_assert_eq(parser_evtext.bid("a.txt", getservice, strlen(getservice)), 0);
	cr_assert_eq(parser_evtext.bid("a.txt", w32tm, strlen(w32tm)), 0);
}

Test(evtext, several_pasted_events_in_a_row)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;

	sb_adds(&sb, copied_en);
	sb_adds(&sb, "\r\n");
	sb_adds(&sb, copied_en);
	run_parser(&parser_evtext, "events.txt", 0, sb.s, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_eq(r.h.r[1].line, 22);
	cr_assert(strstr(hv(&r.h, 0, "message"), "Log Name") == NULL);
	run_free(&r);
	sb_free(&sb);
}
