/* Tests for the service parser: sc query/qc blocks, Get-Service tables and lists,
 * Win32_Service lists and tables, UTF-16 input, errors between services, and its bids. */
#include <criterion/criterion.h>
#include <string.h>
#include "samples_more.h"

#define F(i, name) hv(&r.h, (i), (name))

/* Index of the service record named name, or (size_t)-1. */
static size_t
find(const struct run *r, const char *name)
{
	size_t i;
	const char *v;

	for (i = 0; i < r->h.n; i++)
		if (strcmp(r->h.r[i].kind, "service") == 0 && (v = record_get(&r->h.r[i], "name"))
		    && strcmp(v, name) == 0)
			return i;
	return (size_t)-1;
}

Test(parse_service, sc_qc_blocks)
{
	struct run r;

	run_parser(&parser_service, "sc_qc.txt", 0, SC_QC, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(r.h.r[0].kind, "service");
	cr_assert_eq(r.h.r[0].line, 3);
	cr_assert_str_eq(F(0, "name"), "VSS");
	cr_assert_str_eq(F(0, "display_name"), "Volume Shadow Copy");
	cr_assert_str_eq(F(0, "start_type"), "manual");
	cr_assert_str_eq(F(0, "start_type_raw"), "3   DEMAND_START");
	cr_assert_str_eq(F(0, "binary_path"), "C:\\Windows\\system32\\vssvc.exe");
	cr_assert_str_eq(F(0, "account"), "LocalSystem");
	cr_assert_str_eq(F(0, "service_type"), "10  WIN32_OWN_PROCESS");
	cr_assert_str_eq(F(0, "dependencies"), "RPCSS");
	cr_assert_str_eq(F(0, "source"), "sc");
	cr_assert_null(F(0, "state"), "sc qc does not show the state");
	cr_assert_str_eq(F(1, "name"), "BITS");
	cr_assert_str_eq(F(1, "start_type"), "auto_delayed");
	cr_assert_str_eq(F(1, "start_type_raw"), "2   AUTO_START  (DELAYED)");
	cr_assert_str_eq(F(1, "dependencies"), "RpcSs EventSystem");
	cr_assert_str_eq(F(1, "binary_path"), "C:\\Windows\\System32\\svchost.exe -k netsvcs -p");
	cr_assert(strncmp(record_excerpt(&r.h.r[1]), "SERVICE_NAME: BITS\n", 19) == 0);
	run_free(&r);
}

Test(parse_service, several_sc_query_blocks)
{
	struct run r;
	size_t i;

	run_parser(&parser_service, "services.txt", 0, SC_QUERY, &r);
	cr_assert_eq(r.h.n, 4);
	i = find(&r, "obengine");
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(F(i, "display_name"), "Microsoft Azure Recovery Services Agent");
	cr_assert_str_eq(F(i, "state"), "running");
	cr_assert_str_eq(F(i, "state_raw"), "4  RUNNING");
	cr_assert_str_eq(F(i, "exit_code"), "0");
	i = find(&r, "VSS");
	cr_assert_str_eq(F(i, "state"), "stopped");
	i = find(&r, "wbengine");
	cr_assert_str_eq(F(i, "exit_code"), "1077");
	cr_assert_str_eq(F(i, "service_exit_code"), "0");
	i = find(&r, "swprv");
	cr_assert_str_eq(F(i, "state"), "start_pending");
	cr_assert_str_eq(F(i, "pid"), "3188");
	cr_assert_eq(r.h.r[i].line, 30);
	run_free(&r);
}

Test(parse_service, sc_query_and_qc_of_one_service_merge)
{
	static const char text[] =
	    "SERVICE_NAME: obengine\n"
	    "        TYPE               : 10  WIN32_OWN_PROCESS\n"
	    "        STATE              : 1  STOPPED\n"
	    "        WIN32_EXIT_CODE    : 1067  (0x42b)\n"
	    "        SERVICE_EXIT_CODE  : 0  (0x0)\n"
	    "\n"
	    "[SC] QueryServiceConfig SUCCESS\n"
	    "\n"
	    "SERVICE_NAME: obengine\n"
	    "        TYPE               : 10  WIN32_OWN_PROCESS\n"
	    "        START_TYPE         : 4   DISABLED\n"
	    "        BINARY_PATH_NAME   : \"C:\\Program Files\\Microsoft Azure Recovery Services Agent\\bin\\cbengine.exe\"\n"
	    "        DISPLAY_NAME       : Microsoft Azure Recovery Services Agent\n"
	    "        SERVICE_START_NAME : LocalSystem\n";
	struct run r;

	run_parser(&parser_service, "obengine.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "state"), "stopped");
	cr_assert_str_eq(F(0, "exit_code"), "1067");
	cr_assert_str_eq(F(0, "start_type"), "disabled");
	cr_assert_str_eq(F(0, "binary_path"),
	    "\"C:\\Program Files\\Microsoft Azure Recovery Services Agent\\bin\\cbengine.exe\"");
	run_free(&r);
}

Test(parse_service, access_denied_and_missing_service)
{
	static const char text[] =
	    "[SC] OpenService FAILED 5:\n"
	    "\n"
	    "Access is denied.\n"
	    "\n"
	    "SERVICE_NAME: VSS\n"
	    "        TYPE               : 10  WIN32_OWN_PROCESS\n"
	    "        STATE              : 4  RUNNING\n"
	    "\n"
	    "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n"
	    "\n"
	    "The specified service does not exist as an installed service.\n"
	    "\n";
	struct run r;

	run_parser(&parser_service, "sc.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 3);
	cr_assert_str_eq(r.h.r[0].kind, "command.error");
	cr_assert_str_eq(F(0, "command"), "sc");
	cr_assert_str_eq(F(0, "error_code"), "5");
	cr_assert_str_eq(F(0, "message"), "Access is denied.");
	cr_assert_str_eq(r.h.r[1].kind, "service");
	cr_assert_str_eq(F(1, "state"), "running");
	cr_assert_str_eq(r.h.r[2].kind, "command.error");
	cr_assert_str_eq(F(2, "error_code"), "1060");
	cr_assert_str_eq(F(2, "operation"), "EnumQueryServicesStatus:OpenService");
	cr_assert_str_eq(F(2, "message"),
	    "The specified service does not exist as an installed service.");
	cr_assert_eq(r.h.r[2].line, 9);
	run_free(&r);
}

Test(parse_service, get_service_table_truncated_names)
{
	struct run r;
	size_t i;

	run_parser(&parser_service, "services.txt", 0, GET_SERVICE_TABLE, &r);
	cr_assert_eq(r.h.n, 6);
	cr_assert_str_eq(F(0, "name"), "obengine");
	cr_assert_str_eq(F(0, "state"), "running");
	cr_assert_str_eq(F(0, "state_raw"), "Running");
	cr_assert_str_eq(F(0, "display_name"), "Microsoft Azure Recovery Services A...");
	cr_assert_str_eq(F(0, "truncated"), "yes");
	cr_assert_str_eq(F(0, "source"), "get-service");
	cr_assert_eq(r.h.r[0].line, 4);
	cr_assert_null(F(1, "truncated"));
	cr_assert_str_eq(F(1, "state"), "stopped");
	i = find(&r, "BrokerInfrastru...");
	cr_assert_neq(i, (size_t)-1, "a truncated short name is kept as written");
	cr_assert_str_eq(F(i, "truncated"), "yes");
	i = find(&r, "wbengine");
	cr_assert_neq(i, (size_t)-1, "a status wider than its column");
	cr_assert_str_eq(F(i, "state"), "start_pending");
	cr_assert_str_eq(F(i, "display_name"), "Block Level Backup Engine Service");
	run_free(&r);
}

Test(parse_service, powershell7_ellipsis_and_utf16)
{
	static const char text[] =
	    "\n"
	    "Status   Name               DisplayName\n"
	    "------   ----               -----------\n"
	    "Running  obengine           Microsoft Azure Recovery Services Age…\n"
	    "Stopped  VSS                Volumeschattenkopie\n";
	struct run r;
	unsigned char *b;
	size_t n;

	b = utf16le_crlf(text, &n);
	run_parser_env(&parser_service, "svc.txt", 0, NULL, b, n, 5, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(F(0, "display_name"), "Microsoft Azure Recovery Services Age…");
	cr_assert_str_eq(F(0, "truncated"), "yes");
	cr_assert_str_eq(F(1, "display_name"), "Volumeschattenkopie");
	free(b);
	run_free(&r);
}

Test(parse_service, get_service_format_list)
{
	struct run r;

	run_parser(&parser_service, "obengine.txt", 0, GET_SERVICE_LIST, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(F(0, "name"), "obengine");
	cr_assert_str_eq(F(0, "display_name"), "Microsoft Azure Recovery Services Agent");
	cr_assert_str_eq(F(0, "state"), "stopped");
	cr_assert_str_eq(F(0, "start_type"), "disabled");
	cr_assert_str_eq(F(0, "start_type_raw"), "Disabled");
	cr_assert_str_eq(F(0, "service_type"), "Win32OwnProcess");
	cr_assert_str_eq(F(0, "source"), "get-service");
	cr_assert_null(F(0, "status"));
	cr_assert_eq(r.h.r[0].line, 2);
	cr_assert_str_eq(F(1, "name"), "VSS");
	cr_assert_str_eq(F(1, "state"), "running");
	cr_assert_str_eq(F(1, "start_type"), "manual");
	run_free(&r);
}

Test(parse_service, win32_service_lists)
{
	struct run r;

	run_parser(&parser_service, "wmi_services.txt", 0, WIN32_SERVICE_LIST, &r);
	cr_assert_eq(r.h.n, 3);
	cr_assert_str_eq(F(0, "name"), "obengine");
	cr_assert_str_eq(F(0, "source"), "win32_service");
	cr_assert_str_eq(F(0, "state"), "running");
	cr_assert_str_eq(F(0, "status"), "OK");
	cr_assert_str_eq(F(0, "start_type"), "auto");
	cr_assert_str_eq(F(0, "pid"), "2412");
	cr_assert_str_eq(F(1, "exit_code"), "1077");
	cr_assert_str_eq(F(1, "start_type"), "manual");
	cr_assert_str_eq(F(2, "name"), "swprv");
	cr_assert_str_eq(F(2, "state"), "start_pending");
	cr_assert_str_eq(F(2, "start_type"), "auto_delayed");
	cr_assert_str_eq(F(2, "binary_path"), "C:\\Windows\\System32\\svchost.exe -k swprv");
	cr_assert_str_eq(F(2, "account"), "LocalSystem");
	run_free(&r);
}

Test(parse_service, win32_service_table)
{
	struct run r;

	run_parser(&parser_service, "cim.txt", 0, WIN32_SERVICE_TABLE, &r);
	cr_assert_eq(r.h.n, 3);
	cr_assert_str_eq(F(0, "source"), "win32_service");
	cr_assert_str_eq(F(0, "pid"), "2412");
	cr_assert_str_eq(F(0, "state"), "running");
	cr_assert_str_eq(F(0, "status"), "OK");
	cr_assert_str_eq(F(2, "name"), "wbengine");
	cr_assert_str_eq(F(2, "start_type"), "disabled");
	cr_assert_str_eq(F(2, "exit_code"), "1077");
	run_free(&r);
}

Test(parse_service, missing_service_powershell_error)
{
	static const char text[] =
	    "Get-Service : Cannot find any service with service name 'obengine'.\n"
	    "At line:1 char:1\n"
	    "+ Get-Service obengine\n"
	    "+ ~~~~~~~~~~~~~~~~~~~~\n"
	    "    + CategoryInfo          : ObjectNotFound: (obengine:String) [Get-Service], ServiceCommandException\n"
	    "    + FullyQualifiedErrorId : NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand\n"
	    "\n"
	    GET_SERVICE_TABLE;
	struct run r;

	run_parser(&parser_service, "services.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 7);
	cr_assert_str_eq(r.h.r[0].kind, "command.error");
	cr_assert_str_eq(F(0, "command"), "Get-Service");
	cr_assert_str_eq(F(0, "target"), "obengine");
	cr_assert_str_eq(F(0, "error_id"),
	    "NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand");
	cr_assert_str_eq(r.h.r[1].kind, "service");
	cr_assert_str_eq(F(1, "name"), "obengine");
	run_free(&r);
}

Test(parse_service, unknown_words_and_codes)
{
	static const char text[] =
	    "SERVICE_NAME: odd\n"
	    "        STATE              : 7  PAUSED\n"
	    "        START_TYPE         : 1   SYSTEM_START\n"
	    "\n"
	    "SERVICE_NAME: odder\n"
	    "        STATE              : 9  SOMETHING_NEW\n"
	    "        START_TYPE         : 0   BOOT_START\n";
	struct run r;

	run_parser(&parser_service, "sc.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(F(0, "state"), "paused");
	cr_assert_str_eq(F(0, "start_type"), "system");
	cr_assert_str_eq(F(1, "state"), "unknown");
	cr_assert_str_eq(F(1, "start_type"), "boot");
	run_free(&r);
}

Test(parse_service, bids_only_on_its_samples)
{
	char why[1024];

	cr_assert_eq(bid_matrix(&parser_service, why, sizeof why), 0, "%s", why);
}

Test(parse_service, outbids_error_reader_on_mixed_file)
{
	static const char text[] = SC_DENIED SC_QUERY;
	int svc = bid_text(&parser_service, "sc.txt", text, strlen(text));
	int err = bid_text(&parser_pserror, "sc.txt", text, strlen(text));

	cr_assert_gt(svc, err);
}

Test(parse_service, repeated_keys_keep_the_first_value)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	int i;

	sb_adds(&sb, "Name        : VSS\nDisplayName : Volume Shadow Copy\n");
	for (i = 0; i < 20000; i++)
		sb_adds(&sb, "DisplayName : again and again, a line that must not pile up\n");
	sb_adds(&sb, "Status      : Running\n\n");
	run_parser(&parser_service, "svc.txt", 0, sb.s, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "display_name"), "Volume Shadow Copy");
	cr_assert_str_eq(F(0, "state"), "running");
	cr_assert_lt(max_arena(&parser_service, sb.s), 4096, "the record stays small");
	sb_free(&sb);
	run_free(&r);
}
