/* Tests for the MARS agent version (parse_agent.c and the agent records of the MARS log and
 * registry parsers): report lines, cbengine.exe version listings, startup log lines and the
 * agent's registry keys. */
#include <criterion/criterion.h>
#include <string.h>
#include "parsers_event.h"
#include "parsers_more.h"
#include "parse_harness.h"

static size_t
find_kind(const struct harvest *h, const char *kind)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->r[i].kind, kind) == 0)
			return i;
	return (size_t)-1;
}

/* The report of a public MARS check script. */
static const char report[] =
    "General Information\n"
    "-------------------\n"
    "Virtual Machine    : False\n"
    "Operating System   : Microsoft Windows Server 2016 Datacenter\n"
    "IPv4 Address       : 10.0.0.4\n"
    "Last Reboot Time   : 3/1/2024 6:02:11 AM\n"
    "MARS Version       : 2.0.9085.0\n"
    "\n"
    "Related Windows Services\n"
    "------------------------\n"
    "Microsoft Azure Recovery Services Agent\n"
    "   - State: Running\n";

Test(agent, report_line)
{
	struct run r;
	int bid = 0;

	cr_assert_eq(recognise_bytes("MARS-report.txt", report, strlen(report), &bid),
	    &parser_agent);
	run_parser(&parser_agent, "MARS-report.txt", 0, report, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(r.h.r[0].kind, "agent");
	cr_assert_str_eq(hv(&r.h, 0, "version"), "2.0.9085.0");
	cr_assert_str_eq(hv(&r.h, 0, "source"), "report");
	cr_assert_eq(r.h.r[0].line, 7);
	run_free(&r);
}

/* (Get-Item ...\bin\cbengine.exe).VersionInfo, as a table and as a list, UTF-16. */
static const char versioninfo_table[] =
    "\n"
    "ProductVersion   FileVersion      FileName\n"
    "--------------   -----------      --------\n"
    "2.0.9277.0       2.0.9277.0       C:\\Program Files\\Microsoft Azure Recovery Services "
    "Agent\\bin\\cbengine.exe\n";

static const char versioninfo_list[] =
    "\n"
    "OriginalFilename  : CBEngine.exe\n"
    "FileDescription   : Microsoft Azure Recovery Services Agent Engine\n"
    "ProductName       : Microsoft Azure Recovery Services Agent\n"
    "Comments          :\n"
    "CompanyName       : Microsoft Corporation\n"
    "FileName          : C:\\Program Files\\Microsoft Azure Recovery Services Agent\\bin\\cbengine.exe\n"
    "FileVersion       : 2.0.9262.0\n"
    "ProductVersion    : 2.0.9262.0\n"
    "IsDebug           : False\n";

Test(agent, versioninfo_table_and_list)
{
	unsigned char *u;
	size_t n;
	struct run r;
	int bid = 0;

	run_parser(&parser_agent, "agent-version.txt", 0, versioninfo_table, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "version"), "2.0.9277.0");
	cr_assert_str_eq(hv(&r.h, 0, "source"), "file-listing");
	cr_assert_eq(r.h.r[0].line, 4);
	run_free(&r);
	u = utf16le_crlf(versioninfo_list, &n);
	cr_assert_eq(recognise_bytes("agent-version.txt", u, n, &bid), &parser_agent);
	run_parser_env(&parser_agent, "agent-version.txt", 0, NULL, u, n, 0, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "version"), "2.0.9262.0");
	cr_assert_eq(r.h.r[0].line, 8);
	cr_assert_str_eq(record_excerpt(&r.h.r[0]), "FileVersion       : 2.0.9262.0");
	run_free(&r);
	free(u);
}

Test(agent, wmic_datafile)
{
	static const char wmic[] =
	    "C:\\>wmic datafile where name=\"C:\\\\Program Files\\\\Microsoft Azure Recovery "
	    "Services Agent\\\\bin\\\\cbengine.exe\" get version\n"
	    "Version\n"
	    "2.0.9250.0\n"
	    "\n";
	struct run r;

	cr_assert_gt(parser_agent.bid("ver.txt", wmic, strlen(wmic)), 0);
	run_parser(&parser_agent, "ver.txt", 0, wmic, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "version"), "2.0.9250.0");
	run_free(&r);
}

Test(agent, other_versions_are_not_the_agents)
{
	static const char vm_agent[] =
	    "Guest Agent Version : 2.7.41491.1102\nOS Version : 10.0.17763\n";
	static const char folder[] =
	    " Directory of C:\\Program Files\\Microsoft Azure Recovery Services Agent\\bin\n\n"
	    "03/01/2024  06:02 AM         2,711,552 cbengine.exe\n";
	struct run r;

	cr_assert_eq(parser_agent.bid("x.txt", vm_agent, strlen(vm_agent)), 0);
	run_parser(&parser_agent, "dir.txt", 0, folder, &r);
	cr_assert_eq(r.h.n, 0, "a dir listing shows no version");
	run_free(&r);
}

Test(agent, version_in_free_text)
{
	const char *at = NULL, *s = "CBEngine service starting. Version: 2.0.9277.0";
	size_t k = agent_version_in(s, strlen(s), &at);

	cr_assert_eq(k, 10);
	cr_assert(strncmp(at, "2.0.9277.0", 10) == 0);
	s = "Installing version v2.0.9294.0 of the agent";
	cr_assert_eq(agent_version_in(s, strlen(s), &at), 10);
	s = "Version: 2.0";
	cr_assert_eq(agent_version_in(s, strlen(s), &at), 0);
	s = "Version: 2.0.9277.0.1.2";
	cr_assert_eq(agent_version_in(s, strlen(s), &at), 0);
	cr_assert(agent_is_version("2.0.9277.0", 10));
	cr_assert_not(agent_is_version("2.0.9277.0x", 11));
	cr_assert_not(agent_is_version("", 0));
}

Test(agent, mars_log_startup_line)
{
	static const char log[] =
	    "2D5C\t2D60\t03/09\t04:12:08.550\t69\tCBEngineService.cs(88)\tNORMAL\t"
	    "CBEngine service starting. Version: 2.0.9277.0\n"
	    "2D5C\t2D60\t03/09\t04:12:09.062\t71\tcbengine.cpp(341)\t[000000001A3C2F10]\tNORMAL\t"
	    "CCBEngine::Initialize :: OS version 10.0.17763.1\n"
	    "2D5C\t2D60\t03/09\t04:12:10.454\t69\tProxyHelper.cs(64)\tNORMAL\t"
	    "Loaded .NET Framework version 4.8.4084.0\n";
	struct run r;
	size_t i;

	run_parser(&parser_marslog, "CBEngineCurr.errlog", 1710000000, log, &r);
	cr_assert_eq(r.h.n, 4, "three log records and one agent record");
	cr_assert_str_eq(r.h.r[0].kind, "mars.log");
	cr_assert_str_eq(r.h.r[1].kind, "agent");
	i = find_kind(&r.h, "agent");
	cr_assert_str_eq(hv(&r.h, i, "version"), "2.0.9277.0");
	cr_assert_str_eq(hv(&r.h, i, "source"), "mars.log");
	cr_assert_eq(r.h.r[i].line, 1);
	run_free(&r);
}

Test(agent, registry_setup_key)
{
	static const char reg[] =
	    "Windows Registry Editor Version 5.00\n"
	    "\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Setup]\n"
	    "\"InstallPath\"=\"C:\\\\Program Files\\\\Microsoft Azure Recovery Services Agent\\\\\"\n"
	    "\"CurrentVersion\"=\"2.0.9262.0\"\n"
	    "\"MajorVersion\"=dword:00000002\n"
	    "\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n"
	    "\"CurrentVersion\"=\"6.3\"\n"
	    "\"CurrentBuild\"=\"17763\"\n";
	static const char query[] =
	    "\n"
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Setup\n"
	    "    InstallPath    REG_SZ    C:\\Program Files\\Microsoft Azure Recovery Services Agent\\\n"
	    "    AgentVersion    REG_SZ    2.0.9277.0\n";
	unsigned char *u;
	size_t n, i;
	struct run r;

	u = utf16le_crlf(reg, &n);
	run_parser_env(&parser_registry, "mars.reg", 0, NULL, u, n, 0, &r);
	i = find_kind(&r.h, "agent");
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(hv(&r.h, i, "version"), "2.0.9262.0");
	cr_assert_str_eq(hv(&r.h, i, "source"), "registry");
	cr_assert_eq(r.h.r[i].line, 5);
	cr_assert_eq(r.h.n, 6, "5 values and one agent record: %zu", r.h.n);
	run_free(&r);
	free(u);
	run_parser(&parser_registry, "setup.txt", 0, query, &r);
	i = find_kind(&r.h, "agent");
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(hv(&r.h, i, "version"), "2.0.9277.0");
	run_free(&r);
}
