/* Tests for the registry parser: reg query output, regedit exports in UTF-16LE with
 * multi-line hex values, REGEDIT4, reg's error line, and its bids. */
#include <criterion/criterion.h>
#include <string.h>
#include "samples_more.h"

#define F(i, name) hv(&r.h, (i), (name))

/* Index of the record for value name under a key ending in key_end, or (size_t)-1. */
static size_t
find(const struct run *r, const char *key_end, const char *name)
{
	const char *k, *n;
	size_t i, l = strlen(key_end);

	for (i = 0; i < r->h.n; i++) {
		k = record_get(&r->h.r[i], "key");
		n = record_get(&r->h.r[i], "name");
		if (k && n && strlen(k) >= l && strcmp(k + strlen(k) - l, key_end) == 0 &&
		    strcmp(n, name) == 0)
			return i;
	}
	return (size_t)-1;
}

Test(parse_registry, reg_query_values)
{
	struct run r;
	size_t i;

	run_parser(&parser_registry, "dotnet.txt", 0, REG_QUERY, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 13);
	cr_assert_str_eq(r.h.r[0].kind, "registry");
	i = find(&r, "NDP\\v4\\Full", "Release");
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(F(i, "key"),
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full");
	cr_assert_str_eq(F(i, "type"), "REG_DWORD");
	cr_assert_str_eq(F(i, "value"), "528040");
	cr_assert_str_eq(F(i, "value_hex"), "0x80ea8");
	cr_assert_eq(r.h.r[i].line, 6);
	cr_assert_str_eq(record_excerpt(&r.h.r[i]), "    Release    REG_DWORD    0x80ea8");
	i = find(&r, "Full", "InstallPath");
	cr_assert_str_eq(F(i, "value"), "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\");
	i = find(&r, "Setup", "InstallPath");
	cr_assert_str_eq(F(i, "type"), "REG_SZ");
	cr_assert_str_eq(F(i, "value"),
	    "C:\\Program Files\\Microsoft Azure Recovery Services Agent\\");
	i = find(&r, "Setup", "(Default)");
	cr_assert_str_eq(F(i, "value"), "(value not set)");
	i = find(&r, "Setup", "Max Size");
	cr_assert_neq(i, (size_t)-1, "a value name with a space");
	cr_assert_str_eq(F(i, "type"), "REG_QWORD");
	cr_assert_str_eq(F(i, "value"), "8589934592");
	i = find(&r, "Setup", "DependOnService");
	cr_assert_str_eq(F(i, "value"), "RPCSS\nEventSystem");
	i = find(&r, "Setup", "Empty");
	cr_assert_str_eq(F(i, "value"), "");
	i = find(&r, "Setup", "Blob");
	cr_assert_str_eq(F(i, "type"), "REG_BINARY");
	cr_assert_str_eq(F(i, "value"), "0A0BFF");
	run_free(&r);
}

Test(parse_registry, reg_query_missing_key)
{
	static const char text[] =
	    "ERROR: The system was unable to find the specified registry key or value.\n";
	struct run r;

	run_parser(&parser_registry, "mars_reg.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(r.h.r[0].kind, "command.error");
	cr_assert_str_eq(F(0, "command"), "reg");
	cr_assert_str_eq(F(0, "message"),
	    "The system was unable to find the specified registry key or value.");
	run_free(&r);
}

Test(parse_registry, german_default_value_name)
{
	static const char text[] =
	    "\n"
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\n"
	    "    (Standard)    REG_SZ    \n"
	    "    ScratchLocation    REG_SZ    E:\\Scratch\n";
	struct run r;

	run_parser(&parser_registry, "reg.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(F(0, "name"), "(Default)");
	cr_assert_str_eq(F(1, "value"), "E:\\Scratch");
	run_free(&r);
}

static void
check_export(struct run *rp)
{
	struct run r = *rp;
	size_t i;

	cr_assert_eq(r.h.n, 10);
	i = find(&r, "Windows Azure Backup\\Config", "ScratchLocation");
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(F(i, "key"),
	    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Config");
	cr_assert_str_eq(F(i, "type"), "REG_SZ");
	cr_assert_str_eq(F(i, "value"),
	    "C:\\Program Files\\Microsoft Azure Recovery Services Agent\\Scratch\\");
	cr_assert_eq(r.h.r[i].line, 4);
	i = find(&r, "Config", "TraceLevel");
	cr_assert_str_eq(F(i, "type"), "REG_DWORD");
	cr_assert_str_eq(F(i, "value"), "4");
	cr_assert_str_eq(F(i, "value_hex"), "00000004");
	i = find(&r, "CloudBackupProvider", "ScratchLocation");
	cr_assert_str_eq(F(i, "value"), "D:\\MARS\\Scratch");
	i = find(&r, "CloudBackupProvider", "Quoted");
	cr_assert_str_eq(F(i, "value"), "say \"hi\"");
	i = find(&r, "CloudBackupProvider", "(Default)");
	cr_assert_str_eq(F(i, "value"), "default value");
	i = find(&r, "CloudBackupProvider", "ExpandPath");
	cr_assert_str_eq(F(i, "type"), "REG_EXPAND_SZ");
	cr_assert_str_eq(F(i, "value"), "%ProgramFiles%\\MARS");
	cr_assert_eq(r.h.r[i].line, 11, "a continued value is reported at its first line");
	cr_assert_not_null(strstr(record_excerpt(&r.h.r[i]), "\n  00,00"));
	i = find(&r, "CloudBackupProvider", "Blob");
	cr_assert_str_eq(F(i, "type"), "REG_BINARY");
	cr_assert_str_eq(F(i, "value"), "01020AFF");
	i = find(&r, "CloudBackupProvider", "Multi");
	cr_assert_str_eq(F(i, "type"), "REG_MULTI_SZ");
	cr_assert_str_eq(F(i, "value"), "a\nb");
	i = find(&r, "CloudBackupProvider", "Big");
	cr_assert_str_eq(F(i, "type"), "REG_QWORD");
	cr_assert_str_eq(F(i, "value"), "4096");
	cr_assert_eq(find(&r, "CloudBackupProvider", "Gone"), (size_t)-1, "deletions are skipped");
	i = find(&r, "v4\\Full", "Release");
	cr_assert_str_eq(F(i, "value"), "528040");
	cr_assert_str_eq(F(i, "value_hex"), "00080ea8");
}

Test(parse_registry, export_utf8)
{
	struct run r;

	run_parser(&parser_registry, "mars.reg", 0, REG_EXPORT, &r);
	cr_assert_eq(r.rc, 0);
	check_export(&r);
	run_free(&r);
}

Test(parse_registry, export_utf16le_bom_in_small_reads)
{
	struct run r;
	unsigned char *b;
	size_t n;

	b = utf16le_crlf(REG_EXPORT, &n);
	run_parser_env(&parser_registry, "mars.reg", 0, NULL, b, n, 3, &r);
	check_export(&r);
	free(b);
	run_free(&r);
}

Test(parse_registry, regedit4_and_deleted_key)
{
	static const char text[] =
	    "REGEDIT4\n"
	    "\n"
	    "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Old]\n"
	    "\"Stale\"=\"x\"\n"
	    "\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\New]\n"
	    "\"Path\"=hex(2):43,3a,5c,00\n"
	    "\"Odd\"=hex(20):01\n";
	struct run r;

	run_parser(&parser_registry, "old.reg", 0, text, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(F(0, "name"), "Path");
	cr_assert_str_eq(F(0, "value"), "C:\\");
	cr_assert_str_eq(F(1, "type"), "REG_0x20");
	cr_assert_str_eq(F(1, "value"), "01");
	run_free(&r);
}

Test(parse_registry, long_hex_value_is_bounded)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	int i;

	sb_adds(&sb, "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\X]\n"
	    "\"Huge\"=hex:00,\\\n");
	for (i = 0; i < 5000; i++)
		sb_adds(&sb, "  01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,\\\n");
	sb_adds(&sb, "  ff\n\"After\"=dword:00000001\n");
	run_parser(&parser_registry, "big.reg", 0, sb.s, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(F(0, "value_truncated"), "yes");
	cr_assert_leq(strlen(F(0, "value")), 4096);
	cr_assert(strncmp(F(0, "value"), "00010203", 8) == 0);
	cr_assert_str_eq(F(1, "name"), "After");
	cr_assert_eq(r.h.r[1].line, 5006);
	sb_free(&sb);
	run_free(&r);
}

Test(parse_registry, bids_only_on_its_samples)
{
	char why[1024];

	cr_assert_eq(bid_matrix(&parser_registry, why, sizeof why), 0, "%s", why);
}

Test(parse_registry, bid_on_utf16_export)
{
	unsigned char *b;
	size_t n;

	b = utf16le_crlf(REG_EXPORT, &n);
	cr_assert_eq(bid_text(&parser_registry, "x.reg", b, n), 48);
	free(b);
}
