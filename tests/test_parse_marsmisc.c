/* Tests for the LastBackupFailedFiles*.txt parser. */
#include "parse_backup_harness.h"

/* The list's layout is not documented: the parser must read the usual shapes. */
static const char failed_files[] =
    "C:\\Data\\Finance\\ledger 2021.xlsx\t0x80070005\n"
    "C:\\Data\\Finance\\corrupt.db 0x80070570\n"
    "\"C:\\Users\\jdoe\\OneDrive\\notes.docx\",0x8007018B\n"
    "0x80070002 C:\\Data\\Temp\\gone.tmp\n"
    "\\\\?\\C:\\Data\\very long path\\file.bin\t-2147024893\n"
    "\n"
    "Total failed files: 5\n";

Test(marsmisc, failed_file_lines_in_several_shapes)
{
	struct h_run *r = h_parse(&parser_marsmisc, "LastBackupFailedFiles1a2b.txt",
	    failed_files);

	cr_assert_eq(r->rc, 0);
	cr_assert_eq(r->n, 5);
	cr_assert_str_eq(r->rec[0].kind, "failed_file");
	h_expect(r, 0, "path", "C:\\Data\\Finance\\ledger 2021.xlsx");
	h_expect(r, 0, "hresult", "0x80070005");
	h_expect(r, 1, "path", "C:\\Data\\Finance\\corrupt.db");
	h_expect(r, 1, "hresult", "0x80070570");
	h_expect(r, 2, "path", "C:\\Users\\jdoe\\OneDrive\\notes.docx");
	h_expect(r, 2, "hresult", "0x8007018B");
	h_expect(r, 3, "path", "C:\\Data\\Temp\\gone.tmp");
	h_expect(r, 3, "hresult", "0x80070002");
	h_expect(r, 4, "path", "\\\\?\\C:\\Data\\very long path\\file.bin");
	h_expect(r, 4, "hresult", "0x80070003");
	cr_assert_eq(r->rec[4].line, 5);
	h_free(r);
}

Test(marsmisc, utf16_list)
{
	size_t n;
	unsigned char *u = h_utf16le(failed_files, &n);
	struct h_run *r = h_parse_env(&parser_marsmisc, "LastBackupFailedFiles1a2b.txt", u, n,
	    NULL);

	cr_assert_eq(r->n, 5);
	h_expect(r, 1, "hresult", "0x80070570");
	cr_assert_geq(h_bid_bytes(&parser_marsmisc, "x.txt", u, n), 16);
	h_free(r);
	free(u);
}

Test(marsmisc, bids)
{
	cr_assert_geq(h_bid(&parser_marsmisc, "x.txt", failed_files), 16);
	cr_assert_eq(h_bid(&parser_marsmisc, "LastBackupFailedFiles1.txt", h_prose), 0);
	cr_assert_eq(h_bid(&parser_marsmisc, "x.txt",
	    "Error in backup of C:\\windows\\\\systemroot\\ during enumerate: Error [0x8007007b] "
	    "The filename, directory name, or volume label syntax is incorrect.\n"), 0);
	cr_assert_eq(h_bid(&parser_marsmisc, "x.txt",
	    "44B4 3968 10/21 21:02:21.611 71 backupasync.cpp(1184) [000000001B73B830] "
	    "0517B3DB-347D-45A8-9DAB-FD7D1EA7D134 WARNING Failed: Hr: = [0x80780054] C:\\x\n"), 0);
	cr_assert_eq(h_bid(&parser_marsmisc, "x.txt",
	    "C:\\System Volume Information NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n"), 0);
}
