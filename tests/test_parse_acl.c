/* Tests for the icacls / cacls parser. */
#include "parse_backup_harness.h"

static const char icacls_ok[] =
    "C:\\System Volume Information NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n"
    "\n"
    "Successfully processed 1 files; Failed processing 0 files\n";

static const char icacls_denied[] =
    "C:\\System Volume Information: Access is denied.\n"
    "Successfully processed 0 files; Failed processing 1 files\n";

static const char icacls_many[] =
    "C:\\Program Files\\Microsoft Azure Recovery Services Agent\\Scratch "
    "BUILTIN\\Administrators:(I)(OI)(CI)(F)\n"
    "                                                                   "
    "NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)\n"
    "                                                                   "
    "CONTOSO\\Backup Operators:(OI)(CI)(RX)\n"
    "                                                                   "
    "Everyone:(DENY)(W)\n"
    "\n"
    "Successfully processed 1 files; Failed processing 0 files\n";

static const char cacls[] =
    "C:\\System Volume Information NT AUTHORITY\\system:(OI)(CI)F\n"
    "\n";

Test(acl, icacls_system_full_control)
{
	struct h_run *r = h_parse(&parser_acl, "icacls_svi.txt", icacls_ok);

	cr_assert_eq(r->rc, 0);
	cr_assert_eq(r->n, 1);
	cr_assert_str_eq(r->rec[0].kind, "acl");
	h_expect(r, 0, "path", "C:\\System Volume Information");
	h_expect(r, 0, "principal", "NT AUTHORITY\\SYSTEM");
	h_expect(r, 0, "rights", "(OI)(CI)(F)");
	h_expect(r, 0, "full_control", "yes");
	h_expect(r, 0, "inherited", "no");
	h_expect(r, 0, "deny", "no");
	cr_assert_eq(r->rec[0].line, 1);
	h_free(r);
}

Test(acl, icacls_access_denied_is_inconclusive)
{
	struct h_run *r = h_parse(&parser_acl, "icacls_svi.txt", icacls_denied);

	cr_assert_eq(r->n, 1);
	cr_assert_str_eq(r->rec[0].kind, "acl.denied");
	h_expect(r, 0, "path", "C:\\System Volume Information");
	h_free(r);
}

Test(acl, icacls_continuation_lines_give_the_path)
{
	struct h_run *r = h_parse(&parser_acl, "icacls.txt", icacls_many);
	const char *path = "C:\\Program Files\\Microsoft Azure Recovery Services Agent\\Scratch";

	cr_assert_eq(r->n, 4);
	h_expect(r, 0, "path", path);
	h_expect(r, 0, "principal", "BUILTIN\\Administrators");
	h_expect(r, 0, "inherited", "yes");
	h_expect(r, 1, "path", path);
	h_expect(r, 1, "principal", "NT AUTHORITY\\SYSTEM");
	cr_assert_eq(r->rec[1].line, 2);
	h_expect(r, 2, "principal", "CONTOSO\\Backup Operators");
	h_expect(r, 2, "rights", "(OI)(CI)(RX)");
	h_expect(r, 2, "full_control", "no");
	h_expect(r, 3, "principal", "Everyone");
	h_expect(r, 3, "deny", "yes");
	h_free(r);
}

Test(acl, single_ace_with_domain_principal)
{
	struct h_run *r = h_parse(&parser_acl, "icacls.txt",
	    "D:\\Backup Data\\Scratch Area CONTOSO\\svc backup:(OI)(CI)(M)\n"
	    "Successfully processed 1 files; Failed processing 0 files\n");

	cr_assert_eq(r->n, 1);
	h_expect(r, 0, "path", "D:\\Backup Data\\Scratch Area");
	h_expect(r, 0, "principal", "CONTOSO\\svc backup");
	h_free(r);
}

Test(acl, cacls_and_utf16)
{
	size_t n;
	unsigned char *u = h_utf16le(cacls, &n);
	struct h_run *r = h_parse_env(&parser_acl, "cacls.txt", u, n, NULL);

	cr_assert_eq(r->n, 1);
	h_expect(r, 0, "path", "C:\\System Volume Information");
	h_expect(r, 0, "principal", "NT AUTHORITY\\system");
	h_expect(r, 0, "rights", "(OI)(CI)F");
	h_expect(r, 0, "full_control", "yes");
	cr_assert_geq(h_bid_bytes(&parser_acl, "cacls.txt", u, n), 16);
	h_free(r);
	free(u);
}

Test(acl, bids)
{
	cr_assert_geq(h_bid(&parser_acl, "x.txt", icacls_ok), 40);
	cr_assert_geq(h_bid(&parser_acl, "x.txt", icacls_denied), 24);
	cr_assert_geq(h_bid(&parser_acl, "x.txt", icacls_many), 40);
	cr_assert_eq(h_bid(&parser_acl, "icacls.txt", h_prose), 0);
	cr_assert_eq(h_bid(&parser_acl, "x.txt", "[SC] OpenService FAILED 5:\n\nAccess is denied.\n"),
	    0);
	cr_assert_eq(h_bid(&parser_acl, "x.txt",
	    "SERVICE_NAME: VSS\n        TYPE               : 10  WIN32_OWN_PROCESS\n"
	    "        START_TYPE         : 3   DEMAND_START\n"), 0);
}
