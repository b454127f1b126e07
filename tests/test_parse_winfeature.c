/* Tests for the Get-WindowsFeature parser (parse_winfeature.c). */
#include <criterion/criterion.h>
#include <string.h>
#include "parse_harness.h"

static const char one_feature[] =
    "\n"
    "Display Name                                            Name                       Install State\n"
    "------------                                            ----                       -------------\n"
    "[X] Windows Server Backup                               Windows-Server-Backup          Installed\n"
    "\n"
    "\n";

static const char listing[] =
    "PS C:\\Users\\Administrator> Get-WindowsFeature\n"
    "\n"
    "Display Name                                            Name                       Install State\n"
    "------------                                            ----                       -------------\n"
    "[ ] Active Directory Certificate Services               AD-Certificate                 Available\n"
    "    [ ] Certification Authority                         ADCS-Cert-Authority            Available\n"
    "[X] File and Storage Services                           FileAndStorage-Services        Installed\n"
    "    [X] Storage Services                                Storage-Services               Installed\n"
    "    [ ] File and iSCSI Services                         File-Services                  Available\n"
    "        [ ] File Server                                 FS-FileServer                  Available\n"
    "[X] .NET Framework 4.7 Features                         NET-Framework-45-Features      Installed\n"
    "    [X] .NET Framework 4.7                              NET-Framework-45-Core          Installed\n"
    "[ ] Windows Server Backup                               Windows-Server-Backup          Available\n"
    "[ ] Windows Server Migration Tools                      Migration                        Removed\n"
    "\n";

Test(winfeature, single_row_sample)
{
	struct run r;

	run_parser(&parser_winfeature, "features.txt", 0, one_feature, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(r.h.r[0].kind, "feature");
	cr_assert_eq(r.h.r[0].line, 4);
	cr_assert_str_eq(hv(&r.h, 0, "name"), "Windows-Server-Backup");
	cr_assert_str_eq(hv(&r.h, 0, "display_name"), "Windows Server Backup");
	cr_assert_str_eq(hv(&r.h, 0, "state"), "Installed");
	cr_assert_str_eq(hv(&r.h, 0, "installed"), "yes");
	cr_assert_str_eq(hv(&r.h, 0, "depth"), "0");
	cr_assert(strstr(record_excerpt(&r.h.r[0]), "[X] Windows Server Backup") != NULL);
	run_free(&r);
}

Test(winfeature, full_listing_with_depth)
{
	struct run r;

	run_parser(&parser_winfeature, "features.txt", 0, listing, &r);
	cr_assert_eq(r.h.n, 10);
	cr_assert_str_eq(hv(&r.h, 1, "name"), "ADCS-Cert-Authority");
	cr_assert_str_eq(hv(&r.h, 1, "depth"), "1");
	cr_assert_str_eq(hv(&r.h, 5, "name"), "FS-FileServer");
	cr_assert_str_eq(hv(&r.h, 5, "display_name"), "File Server");
	cr_assert_str_eq(hv(&r.h, 5, "depth"), "2");
	cr_assert_str_eq(hv(&r.h, 6, "display_name"), ".NET Framework 4.7 Features");
	cr_assert_str_eq(hv(&r.h, 8, "name"), "Windows-Server-Backup");
	cr_assert_str_eq(hv(&r.h, 8, "state"), "Available");
	cr_assert_str_eq(hv(&r.h, 8, "installed"), "no");
	cr_assert_str_eq(hv(&r.h, 9, "state"), "Removed");
	cr_assert_str_eq(hv(&r.h, 9, "installed"), "no");
	run_free(&r);
}

Test(winfeature, utf16le_bom_crlf_as_powershell_writes_it)
{
	unsigned char *b;
	size_t n;
	struct run r;

	b = utf16le_crlf(listing, &n);
	run_parser_env(&parser_winfeature, "features.txt", 0, NULL, b, n, 3, &r);
	cr_assert_eq(r.h.n, 10);
	cr_assert_str_eq(hv(&r.h, 8, "name"), "Windows-Server-Backup");
	cr_assert_str_eq(hv(&r.h, 8, "state"), "Available");
	cr_assert_str_eq(hv(&r.h, 3, "installed"), "yes");
	cr_assert_str_eq(hv(&r.h, 3, "depth"), "1");
	cr_assert_eq(recognise_bytes("wsb.txt", b, n, NULL), &parser_winfeature);
	free(b);
	run_free(&r);
}

Test(winfeature, tab_separated_and_wrapped_columns)
{
	struct run r;

	run_parser(&parser_winfeature, "features.txt", 0,
	    "Display Name\tName\tInstall State\n"
	    "[X]\tWindows Server Backup\tWindows-Server-Backup\tInstalled\n"
	    "\n"
	    "Display Name                    Name                   Install State\n"
	    "------------                    ----                   -------------\n"
	    "[X] Remote Server Administration RSAT                       Installed\n"
	    "    Tools\n"
	    "[ ] Windows Server Backup       Windows-Server-Backup      Available\n", &r);
	cr_assert_eq(r.h.n, 3);
	cr_assert_str_eq(hv(&r.h, 0, "display_name"), "Windows Server Backup");
	cr_assert_str_eq(hv(&r.h, 0, "name"), "Windows-Server-Backup");
	cr_assert_str_eq(hv(&r.h, 0, "installed"), "yes");
	cr_assert_str_eq(hv(&r.h, 1, "display_name"), "Remote Server Administration Tools");
	cr_assert_str_eq(hv(&r.h, 1, "name"), "RSAT");
	cr_assert_str_eq(hv(&r.h, 2, "name"), "Windows-Server-Backup");
	cr_assert_str_eq(hv(&r.h, 2, "installed"), "no");
	run_free(&r);
}

Test(winfeature, format_list_form)
{
	static const char fl[] =
	    "\n"
	    "Name                      : Windows-Server-Backup\n"
	    "DisplayName               : Windows Server Backup\n"
	    "Description               : Windows Server Backup allows you to back up and recover\n"
	    "                            your operating system, applications and data.\n"
	    "Installed                 : False\n"
	    "InstallState              : Available\n"
	    "FeatureType               : Feature\n"
	    "Path                      : Windows Server Backup\n"
	    "Depth                     : 1\n"
	    "\n"
	    "Name                      : FS-FileServer\n"
	    "DisplayName               : File Server\n"
	    "Installed                 : True\n"
	    "InstallState              : Installed\n"
	    "Depth                     : 2\n"
	    "\n";
	struct run r;

	run_parser(&parser_winfeature, "wsb.txt", 0, fl, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(hv(&r.h, 0, "name"), "Windows-Server-Backup");
	cr_assert_str_eq(hv(&r.h, 0, "display_name"), "Windows Server Backup");
	cr_assert_str_eq(hv(&r.h, 0, "state"), "Available");
	cr_assert_str_eq(hv(&r.h, 0, "installed"), "no");
	cr_assert_str_eq(hv(&r.h, 0, "depth"), "0");
	cr_assert_eq(r.h.r[0].line, 2);
	cr_assert_str_eq(hv(&r.h, 1, "installed"), "yes");
	cr_assert_str_eq(hv(&r.h, 1, "depth"), "1");
	cr_assert_eq(recognise_bytes("wsb.txt", fl, strlen(fl), NULL), &parser_winfeature);
	run_free(&r);
}

Test(winfeature, bids)
{
	int b1, b2;

	cr_assert_eq(recognise_bytes("renamed.log", one_feature, strlen(one_feature), &b1),
	    &parser_winfeature);
	cr_assert_eq(recognise_bytes("Get-WindowsFeature.txt", one_feature, strlen(one_feature),
	    &b2), &parser_winfeature);
	cr_assert_eq(b2, b1 + 4);
	/* Rows alone, with a header in another language. */
	cr_assert_gt(parser_winfeature.bid(NULL, listing + 250, strlen(listing) - 250), 0);
	cr_assert_eq(parser_winfeature.bid("features.txt", "Install the feature later.\n", 27), 0);
}
