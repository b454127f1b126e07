/* Tests for the Windows Server Backup job log parser. */
#include "parse_backup_harness.h"

static const char error_log[] =
    "Error in backup of C:\\windows\\\\systemroot\\ during enumerate: Error [0x8007007b] "
    "The filename, directory name, or volume label syntax is incorrect.\n"
    "Error in backup of C:\\Data during 2020\\Q1 report.xlsx during write: Error "
    "[0x80070005] Access is denied.\n"
    "\n";

Test(wsblog, kb4053355_line)
{
	struct h_run *r = h_parse(&parser_wsblog, "Backup_Error-04-03-2021_10-15-33.log",
	    error_log);

	cr_assert_eq(r->rc, 0);
	cr_assert_eq(r->n, 2);
	cr_assert_str_eq(r->rec[0].kind, "wsb.log");
	h_expect(r, 0, "path", "C:\\windows\\\\systemroot\\");
	h_expect(r, 0, "phase", "enumerate");
	h_expect(r, 0, "hresult", "0x8007007B");
	h_expect(r, 0, "message",
	    "The filename, directory name, or volume label syntax is incorrect.");
	cr_assert_eq(r->rec[0].line, 1);
	h_expect(r, 1, "path", "C:\\Data during 2020\\Q1 report.xlsx");
	h_expect(r, 1, "phase", "write");
	h_expect(r, 1, "hresult", "0x80070005");
	cr_assert_eq(r->rec[1].line, 2);
	h_free(r);
}

Test(wsblog, utf16_log)
{
	size_t n;
	unsigned char *u = h_utf16le(error_log, &n);
	struct h_run *r = h_parse_env(&parser_wsblog, "Backup_Error-x.log", u, n, NULL);

	cr_assert_eq(r->n, 2);
	h_expect(r, 0, "hresult", "0x8007007B");
	cr_assert_geq(h_bid_bytes(&parser_wsblog, "Backup_Error-x.log", u, n), 24);
	h_free(r);
	free(u);
}

Test(wsblog, other_code_lines_kept_without_path)
{
	struct h_run *r = h_parse(&parser_wsblog, "Backup_Error-x.log",
	    "Error in backup of C:\\x during enumerate: Error [0x80070003] The system cannot find "
	    "the path specified.\n"
	    "Backup failed: Error [0x80780049] None of the items included in backup were backed "
	    "up.\n"
	    "Backed up C:\\Windows\\System32\\config\\SYSTEM\n");

	cr_assert_eq(r->n, 2);
	h_expect(r, 1, "hresult", "0x80780049");
	h_expect(r, 1, "path", NULL);
	h_free(r);
}

Test(wsblog, bids)
{
	cr_assert_geq(h_bid(&parser_wsblog, "x.log", error_log), 24);
	cr_assert_eq(h_bid(&parser_wsblog, "Backup_Error-x.log", h_prose), 0);
	cr_assert_eq(h_bid(&parser_wsblog, "Backup-x.log",
	    "C:\\Windows\\System32\\config\\SYSTEM\nC:\\Windows\\System32\\config\\SAM\n"), 0);
	cr_assert_eq(h_bid(&parser_wsblog, "x.txt",
	    "wbadmin 1.0 - Backup command-line tool\n(C) Copyright Microsoft Corporation.\n\n"
	    "ERROR - A Volume Shadow Copy Service operation error has\noccurred: (0x800423f2)\n"),
	    0);
}
