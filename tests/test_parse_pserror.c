/* Tests for the command-error reader: Windows PowerShell error blocks (UTF-16 too),
 * PowerShell 7's one-line form, native commands under PowerShell, sc, net, reg and w32tm
 * failures, look-alike list output that is not an error, and bids. */
#include <criterion/criterion.h>
#include <string.h>
#include "samples_more.h"

#define F(i, name) hv(&r.h, (i), (name))

static void
check_wbjob(struct run *rp)
{
	struct run r = *rp;

	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(r.h.r[0].kind, "command.error");
	cr_assert_eq(r.h.r[0].line, 1);
	cr_assert_str_eq(F(0, "command"), "Get-WBJob");
	cr_assert_str_eq(F(0, "message"), "The term 'Get-WBJob' is not recognized as the name of "
	    "a cmdlet, function, script file, or operable program. Check the spelling of the "
	    "name, or if a path was included, verify that the path is correct and try again.");
	cr_assert_str_eq(F(0, "category"), "ObjectNotFound");
	cr_assert_str_eq(F(0, "category_info"),
	    "ObjectNotFound: (Get-WBJob:String) [], CommandNotFoundException");
	cr_assert_str_eq(F(0, "target"), "Get-WBJob");
	cr_assert_str_eq(F(0, "exception"), "CommandNotFoundException");
	cr_assert_str_eq(F(0, "error_id"), "CommandNotFoundException");
	cr_assert_null(F(0, "error_code"));
	cr_assert(strncmp(record_excerpt(&r.h.r[0]), "Get-WBJob : The term", 20) == 0);
	cr_assert_not_null(strstr(record_excerpt(&r.h.r[0]), "+ FullyQualifiedErrorId"));
}

Test(parse_pserror, powershell_block)
{
	struct run r;

	run_parser(&parser_pserror, "wbjob.txt", 0, PS_ERROR, &r);
	cr_assert_eq(r.rc, 0);
	check_wbjob(&r);
	run_free(&r);
}

Test(parse_pserror, powershell_block_utf16le_bom_crlf)
{
	struct run r;
	unsigned char *b;
	size_t n;

	b = utf16le_crlf(PS_ERROR, &n);
	run_parser_env(&parser_pserror, "wbjob.txt", 0, NULL, b, n, 2, &r);
	check_wbjob(&r);
	cr_assert_gt(bid_text(&parser_pserror, "wbjob.txt", b, n), 0);
	free(b);
	run_free(&r);
}

Test(parse_pserror, sc_access_denied)
{
	struct run r;

	run_parser(&parser_pserror, "sc.txt", 0, SC_DENIED, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "command"), "sc");
	cr_assert_str_eq(F(0, "operation"), "OpenService");
	cr_assert_str_eq(F(0, "error_code"), "5");
	cr_assert_str_eq(F(0, "message"), "Access is denied.");
	cr_assert_str_eq(record_excerpt(&r.h.r[0]), "[SC] OpenService FAILED 5:\nAccess is denied.");
	run_free(&r);
}

Test(parse_pserror, sc_failures_one_line_and_at_end)
{
	static const char text[] =
	    "[SC] OpenService FAILED 5: Access is denied.\n"
	    "[SC] StartService FAILED 1058:\n"
	    "\n"
	    "The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.\n"
	    "\n"
	    "[SC] OpenService FAILED 1060:";
	struct run r;

	run_parser(&parser_pserror, "sc.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 3);
	cr_assert_str_eq(F(0, "message"), "Access is denied.");
	cr_assert_str_eq(F(1, "operation"), "StartService");
	cr_assert_str_eq(F(1, "error_code"), "1058");
	cr_assert(strncmp(F(1, "message"), "The service cannot be started", 29) == 0);
	cr_assert_str_eq(F(2, "error_code"), "1060");
	cr_assert_null(F(2, "message"), "no message was captured");
	cr_assert_eq(r.h.r[2].line, 6);
	run_free(&r);
}

Test(parse_pserror, net_system_error)
{
	static const char text[] =
	    "System error 1060 has occurred.\n"
	    "\n"
	    "The specified service does not exist as an installed service.\n"
	    "\n";
	struct run r;

	run_parser(&parser_pserror, "net.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "command"), "net");
	cr_assert_str_eq(F(0, "error_code"), "1060");
	cr_assert_str_eq(F(0, "message"),
	    "The specified service does not exist as an installed service.");
	run_free(&r);
}

Test(parse_pserror, powershell7_concise)
{
	static const char text[] =
	    "Get-WBJob: The term 'Get-WBJob' is not recognized as a name of a cmdlet, function, script file, or executable program.\n"
	    "Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\n"
	    "\n"
	    "Get-Service: Cannot find any service with service name 'obengine'.";
	struct run r;

	run_parser(&parser_pserror, "ps7.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(F(0, "command"), "Get-WBJob");
	cr_assert_not_null(strstr(F(0, "message"), "executable program. Check the spelling"));
	cr_assert_null(F(0, "error_id"));
	cr_assert_str_eq(F(1, "command"), "Get-Service");
	cr_assert_str_eq(F(1, "message"), "Cannot find any service with service name 'obengine'.");
	run_free(&r);
}

Test(parse_pserror, native_command_under_powershell)
{
	static const char text[] =
	    "reg.exe : ERROR: The system was unable to find the specified registry key or value.\n"
	    "At C:\\Support\\collect.ps1:41 char:5\n"
	    "+     reg query \"HKLM\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Setup\" /v InstallPath ...\n"
	    "+     ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
	    "    + CategoryInfo          : NotSpecified: (ERROR: The syst...y or value.:String) [], RemoteException\n"
	    "    + FullyQualifiedErrorId : NativeCommandError\n";
	struct run r;

	run_parser(&parser_pserror, "collect.log", 0, text, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "command"), "reg");
	cr_assert_str_eq(F(0, "error_id"), "NativeCommandError");
	cr_assert_str_eq(F(0, "target"), "ERROR: The syst...y or value.");
	cr_assert_str_eq(F(0, "exception"), "RemoteException");
	run_free(&r);
}

Test(parse_pserror, tail_without_head_and_hresult)
{
	static const char text[] =
	    "Start-OBBackup : The backup operation failed. Exception from HRESULT: 0x80042306\n"
	    "    + CategoryInfo          : InvalidOperation: (:) [Start-OBBackup], CBServiceException\n"
	    "    + FullyQualifiedErrorId : BackupFailed,Microsoft.Internal.CloudBackup.Commands.StartOBBackup\n"
	    "\n"
	    "    + CategoryInfo          : ObjectNotFound: (vault:String) [Get-OBPolicy], CBServiceException\n"
	    "    + FullyQualifiedErrorId : PolicyNotFound\n";
	struct run r;

	run_parser(&parser_pserror, "mars.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(F(0, "command"), "Start-OBBackup");
	cr_assert_str_eq(F(0, "hresult"), "0x80042306");
	cr_assert_str_eq(F(0, "category"), "InvalidOperation");
	cr_assert_str_eq(F(1, "command"), "Get-OBPolicy", "taken from the CategoryInfo activity");
	cr_assert_null(F(1, "message"));
	cr_assert_eq(r.h.r[1].line, 5);
	run_free(&r);
}

Test(parse_pserror, list_output_is_not_an_error)
{
	static const char text[] =
	    "\n"
	    "TcpTestSucceeded : True\n"
	    "RemotePort       : 443\n"
	    "\n"
	    "Name : VSS\n"
	    "Note : the service must be running\n"
	    "WARNING: something to check\n";
	struct run r;

	run_parser(&parser_pserror, "x.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 0);
	run_free(&r);
}

Test(parse_pserror, reader_keeps_own_record_apart)
{
	struct parse_ctx ctx;
	struct cmderr e;
	struct run out;

	/* A caller holding its own record gets it back untouched when no error is ready. */
	memset(&ctx, 0, sizeof ctx);
	memset(&out, 0, sizeof out);
	cmderr_init(&e, "reg");
	cr_assert_eq(cmderr_line(&e, "ERROR: Invalid key name.", 24, 3), 1);
	cr_assert(cmderr_ready(&e));
	ctx.entry = "x";
	ctx.sink.emit = harvest_emit;
	ctx.sink.ctx = &out.h;
	cmderr_emit(&e, &ctx);
	cr_assert_not(cmderr_ready(&e));
	cr_assert_eq(out.h.n, 1);
	cr_assert_str_eq(hv(&out.h, 0, "command"), "reg");
	cr_assert_str_eq(hv(&out.h, 0, "message"), "Invalid key name.");
	cr_assert_eq(out.h.r[0].line, 3);
	record_free(&ctx.rec);
	harvest_free(&out.h);
}

Test(parse_pserror, bids_only_on_its_samples)
{
	char why[1024];

	cr_assert_eq(bid_matrix(&parser_pserror, why, sizeof why), 0, "%s", why);
}
