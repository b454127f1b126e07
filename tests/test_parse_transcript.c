/* Tests for transcripts (parse_transcript.c): console logs with cmd and PowerShell prompts,
 * a PowerShell transcript, outputs under banners; each segment read by its own parser with
 * the line numbers of the whole file; and single outputs left to their own parsers. */
/* The samples are whole command outputs, longer than the 4095 bytes C99 promises for one
 * literal; every compiler we use accepts them. */
#if defined(__clang__)
#pragma clang diagnostic ignored "-Woverlength-strings"
#endif
#include <criterion/criterion.h>
#include <string.h>
#include "parsers_event.h"
#include "samples_more.h"

/* A console log: three commands at a cmd prompt. */
static const char console[] =
    "C:\\Windows\\system32>tzutil /g\n"
    "Pacific Standard Time\n"
    "C:\\Windows\\system32>sc query obengine\n"
    "\n"
    "SERVICE_NAME: obengine\n"
    "        TYPE               : 10  WIN32_OWN_PROCESS\n"
    "        STATE              : 1  STOPPED\n"
    "        WIN32_EXIT_CODE    : 1077  (0x435)\n"
    "        SERVICE_EXIT_CODE  : 0  (0x0)\n"
    "        CHECKPOINT         : 0x0\n"
    "        WAIT_HINT          : 0x0\n"
    "\n"
    "C:\\Windows\\system32>vssadmin list writers\n"
    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
    "(C) Copyright 2001-2013 Microsoft Corp.\n"
    "\n"
    "Waiting for responses.\n"
    "These may be delayed if a shadow copy is being prepared.\n"
    "\n"
    "Writer name: 'System Writer'\n"
    "   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}\n"
    "   Writer Instance Id: {c381e88f-38c0-48fd-8712-b8bc076f3787}\n"
    "   State: [8] Failed\n"
    "   Last error: Timed out\n"
    "\n"
    "C:\\Windows\\system32>\n";

static size_t
find_kind(const struct harvest *h, const char *kind, size_t from)
{
	size_t i;

	for (i = from; i < h->n; i++)
		if (strcmp(h->r[i].kind, kind) == 0)
			return i;
	return (size_t)-1;
}

Test(transcript, cmd_console_log)
{
	struct run r;
	size_t i;
	int bid = 0;

	cr_assert_eq(recognise_bytes("console.log", console, strlen(console), &bid),
	    &parser_transcript);
	run_parser(&parser_transcript, "console.log", 0, console, &r);
	cr_assert_eq(r.rc, 0, "%s", r.note);
	i = find_kind(&r.h, "timezone", 0);
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(hv(&r.h, i, "zone_id"), "Pacific Standard Time");
	cr_assert_eq(r.h.r[i].line, 2);
	i = find_kind(&r.h, "service", 0);
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(hv(&r.h, i, "name"), "obengine");
	cr_assert_str_eq(hv(&r.h, i, "state"), "stopped");
	cr_assert_str_eq(hv(&r.h, i, "exit_code"), "1077");
	cr_assert_eq(r.h.r[i].line, 5);
	i = find_kind(&r.h, "vss.writer", 0);
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(hv(&r.h, i, "writer"), "System Writer");
	cr_assert_str_eq(hv(&r.h, i, "failed"), "yes");
	cr_assert_eq(r.h.r[i].line, 20);
	cr_assert_eq(r.nrecords, r.h.n);
	cr_assert(strstr(r.note, "read as time, service, vss.writer") != NULL, "%s", r.note);
	run_free(&r);
}

/* Start-Transcript output: its header, then prompts "PS C:\...>" with the commands. */
static const char ps_transcript[] =
    "**********************\n"
    "Windows PowerShell transcript start\n"
    "Start time: 20240304101258\n"
    "Username: CONTOSO\\admin\n"
    "RunAs User: CONTOSO\\admin\n"
    "Machine: SRV01 (Microsoft Windows NT 10.0.17763.0)\n"
    "Host Application: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\n"
    "Process ID: 4242\n"
    "PSVersion: 5.1.17763.5576\n"
    "**********************\n"
    "Transcript started, output file is C:\\Temp\\collect.txt\n"
    "PS C:\\Users\\admin> Get-WindowsFeature Windows-Server-Backup\n"
    "\n"
    "Display Name                                            Name                       Install State\n"
    "------------                                            ----                       -------------\n"
    "[ ] Windows Server Backup                               Windows-Server-Backup          Available\n"
    "\n"
    "\n"
    "PS C:\\Users\\admin> Get-WBJob -Previous 1\n"
    "Get-WBJob : The term 'Get-WBJob' is not recognized as the name of a cmdlet, function, "
    "script file, or operable program. Check the spelling of the name, or if a path was "
    "included, verify that the path is correct and try again.\n"
    "At line:1 char:1\n"
    "+ Get-WBJob -Previous 1\n"
    "+ ~~~~~~~~~\n"
    "    + CategoryInfo          : ObjectNotFound: (Get-WBJob:String) [], "
    "CommandNotFoundException\n"
    "    + FullyQualifiedErrorId : CommandNotFoundException\n"
    "\n"
    "PS C:\\Users\\admin> Stop-Transcript\n"
    "**********************\n"
    "Windows PowerShell transcript end\n"
    "End time: 20240304101301\n"
    "**********************\n";

Test(transcript, powershell_transcript_in_utf16)
{
	unsigned char *u;
	size_t n, i;
	struct run r;
	int bid = 0;

	u = utf16le_crlf(ps_transcript, &n);
	cr_assert_eq(recognise_bytes("collect.txt", u, n, &bid), &parser_transcript);
	run_parser_env(&parser_transcript, "collect.txt", 0, NULL, u, n, 7, &r);
	i = find_kind(&r.h, "feature", 0);
	cr_assert_neq(i, (size_t)-1, "%s", r.note);
	cr_assert_str_eq(hv(&r.h, i, "name"), "Windows-Server-Backup");
	cr_assert_str_eq(hv(&r.h, i, "installed"), "no");
	cr_assert_eq(r.h.r[i].line, 16);
	i = find_kind(&r.h, "command.error", 0);
	cr_assert_neq(i, (size_t)-1, "%s", r.note);
	cr_assert_str_eq(hv(&r.h, i, "command"), "Get-WBJob");
	cr_assert_eq(r.h.r[i].line, 20);
	/* The transcript header and Stop-Transcript are segments nobody reads. */
	cr_assert(strstr(r.note, "not recognised") != NULL, "%s", r.note);
	run_free(&r);
	free(u);
}

/* A collection script that prints a banner before each output. */
static const char banners[] =
    "Collecting diagnostics on SRV01\n"
    "===== systeminfo =====\n"
    SYSTEMINFO_EN
    "\n"
    "===== ipconfig /all =====\n"
    IPCONFIG
    "\n"
    "===== reg export =====\n"
    REG_EXPORT;

Test(transcript, banners_between_outputs)
{
	struct run r;
	size_t i;
	int bid = 0;

	cr_assert_eq(recognise_bytes("collect.log", banners, strlen(banners), &bid),
	    &parser_transcript);
	run_parser(&parser_transcript, "collect.log", 0, banners, &r);
	i = find_kind(&r.h, "system", 0);
	cr_assert_neq(i, (size_t)-1, "%s", r.note);
	cr_assert_str_eq(hv(&r.h, i, "host"), "WIN-RIBN7SM07BK");
	cr_assert_str_eq(hv(&r.h, i, "tz_offset"), "-08:00");
	i = find_kind(&r.h, "network.ipconfig", 0);
	cr_assert_neq(i, (size_t)-1, "%s", r.note);
	i = find_kind(&r.h, "registry", 0);
	cr_assert_neq(i, (size_t)-1, "%s", r.note);
	cr_assert_str_eq(hv(&r.h, i, "name"), "ScratchLocation");
	cr_assert(strstr(r.note, "system, network, registry") != NULL, "%s", r.note);
	run_free(&r);
}

Test(transcript, single_outputs_stay_with_their_parsers)
{
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(samples_more); i++)
		cr_assert_eq(parser_transcript.bid("x.txt", samples_more[i].text,
		    strlen(samples_more[i].text)), 0, "%s", samples_more[i].name);
}

Test(transcript, one_prompt_is_a_command_echo_not_a_transcript)
{
	static const char one[] = "C:\\>sc query obengine\n" SC_QUERY;
	int bid = 0;

	cr_assert_eq(parser_transcript.bid("sc.txt", one, strlen(one)), 0);
	cr_assert_eq(recognise_bytes("sc.txt", one, strlen(one), &bid), &parser_service);
}

Test(transcript, mountvol_stars_and_table_dashes_are_not_banners)
{
	static const char mountvol[] =
	    "Possible values for VolumeName along with current mount points are:\n\n"
	    "    \\\\?\\Volume{2a6b8f1e-0000-0000-0000-100000000000}\\\n"
	    "        *** NO MOUNT POINTS ***\n\n"
	    "    \\\\?\\Volume{2a6b8f1e-0000-0000-0000-501f00000000}\\\n"
	    "        C:\\\n\n"
	    "----------  ---  -----------\n"
	    "---- Backup ----\n";

	cr_assert_eq(parser_transcript.bid("mountvol.txt", mountvol, strlen(mountvol)), 0);
}

Test(transcript, unrecognised_segments_are_counted)
{
	static const char mixed[] =
	    "C:\\>echo hello\n"
	    "hello\n"
	    "C:\\>tzutil /g\n"
	    "W. Europe Standard Time\n"
	    "C:\\>dir\n"
	    " Volume in drive C has no label.\n";
	struct run r;

	run_parser(&parser_transcript, "c.txt", 0, mixed, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "zone_id"), "W. Europe Standard Time");
	cr_assert_eq(r.h.r[0].line, 4);
	cr_assert(strstr(r.note, "3 segments, 1 read as time; 2 not recognised") != NULL, "%s",
	    r.note);
	run_free(&r);
}

Test(transcript, provider_and_share_prompts)
{
	static const char prompts[] =
	    "PS Microsoft.PowerShell.Core\\FileSystem::\\\\fs01\\share> tzutil /g\n"
	    "UTC\n"
	    "PS>w32tm /query /status\n"
	    W32TM;
	struct run r;
	size_t i;

	cr_assert_gt(parser_transcript.bid("p.txt", prompts, strlen(prompts)), 0);
	run_parser(&parser_transcript, "p.txt", 0, prompts, &r);
	i = find_kind(&r.h, "timezone", 0);
	cr_assert_neq(i, (size_t)-1, "%s", r.note);
	cr_assert_str_eq(hv(&r.h, i, "zone_id"), "UTC");
	i = find_kind(&r.h, "timesync", 0);
	cr_assert_neq(i, (size_t)-1, "%s", r.note);
	cr_assert_str_eq(hv(&r.h, i, "free_running"), "yes");
	cr_assert_eq(r.h.r[i].line, 4);
	run_free(&r);
}

Test(transcript, banner_on_the_last_line_of_the_head)
{
	static const char tail[] = "C:\\>tzutil /g\nUTC\nC:\\>tzutil /g\nUTC\n===== next =====";
	int bid;

	/* The segment after a final banner is empty, not of negative length. */
	bid = parser_transcript.bid("t.txt", tail, strlen(tail));
	cr_assert_gt(bid, 0);
}
