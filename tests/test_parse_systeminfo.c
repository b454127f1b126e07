/* Tests for the systeminfo parser: English, German, French and by-position labels, the CSV
 * form, UTF-16 input, several machines in one file, and its bids. */
#include <criterion/criterion.h>
#include <string.h>
#include "samples_more.h"

#define F(i, name) hv(&r.h, (i), (name))

Test(parse_systeminfo, english_list_fields)
{
	struct run r;

	run_parser(&parser_systeminfo, "sysinfo.txt", 0, SYSTEMINFO_EN, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(r.h.r[0].kind, "system");
	cr_assert_eq(r.h.r[0].line, 2, "record starts at the Host Name line");
	cr_assert_str_eq(F(0, "host"), "WIN-RIBN7SM07BK");
	cr_assert_str_eq(F(0, "os_name"), "Microsoft Windows Server 2022 Standard");
	cr_assert_str_eq(F(0, "os_version"), "10.0.20348 N/A Build 20348");
	cr_assert_str_eq(F(0, "os_build"), "20348");
	cr_assert_str_eq(F(0, "os_configuration"), "Standalone Server");
	cr_assert_str_eq(F(0, "install_date"), "10/1/2021, 4:15:34 PM");
	cr_assert_str_eq(F(0, "boot_time"), "10/22/2021, 8:36:55 AM");
	cr_assert_str_eq(F(0, "manufacturer"), "Microsoft Corporation");
	cr_assert_str_eq(F(0, "model"), "Virtual Machine");
	cr_assert_str_eq(F(0, "system_type"), "x64-based PC");
	cr_assert_str_eq(F(0, "bios"),
	    "Microsoft Corporation Hyper-V UEFI Release v4.0, 12/17/2019");
	cr_assert_str_eq(F(0, "locale"), "en-us");
	cr_assert_str_eq(F(0, "time_zone"), "(UTC-08:00) Pacific Time (US & Canada)");
	cr_assert_str_eq(F(0, "tz_offset"), "-08:00");
	cr_assert_str_eq(F(0, "total_memory_mb"), "2047");
	cr_assert_str_eq(F(0, "page_file"), "D:\\pagefile.sys");
	cr_assert_str_eq(F(0, "domain"), "WORKGROUP");
	cr_assert_str_eq(F(0, "logon_server"), "\\\\WIN-RIBN7SM07BK");
	cr_assert_str_eq(F(0, "hotfixes"), "KB5004330 KB5005039 KB5005552");
	cr_assert_str_eq(F(0, "hotfix_count"), "3");
	cr_assert_str_eq(F(0, "is_server"), "yes");
	cr_assert_str_eq(F(0, "label_language"), "en");
	cr_assert_str_eq(record_excerpt(&r.h.r[0]), "Host Name:                 WIN-RIBN7SM07BK");
	cr_assert_eq(r.h.r[0].time.q, TQ_NONE);
	run_free(&r);
}

Test(parse_systeminfo, utf16le_crlf_same_fields)
{
	struct run r;
	unsigned char *b;
	size_t n;

	b = utf16le_crlf(SYSTEMINFO_EN, &n);
	run_parser_env(&parser_systeminfo, "sysinfo.txt", 0, NULL, b, n, 7, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "host"), "WIN-RIBN7SM07BK");
	cr_assert_str_eq(F(0, "hotfixes"), "KB5004330 KB5005039 KB5005552");
	cr_assert_str_eq(F(0, "tz_offset"), "-08:00");
	cr_assert_str_eq(F(0, "os_build"), "20348");
	free(b);
	run_free(&r);
}

Test(parse_systeminfo, german_labels)
{
	struct run r;

	run_parser(&parser_systeminfo, "systeminfo.txt", 0, SYSTEMINFO_DE, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "host"), "SRV-DATEI01");
	cr_assert_str_eq(F(0, "os_name"), "Microsoft Windows Server 2019 Standard");
	cr_assert_str_eq(F(0, "os_build"), "17763");
	cr_assert_str_eq(F(0, "os_configuration"), "Mitgliedsserver");
	cr_assert_str_eq(F(0, "install_date"), "15.03.2020, 10:12:33");
	cr_assert_str_eq(F(0, "boot_time"), "01.10.2021, 07:45:12");
	cr_assert_str_eq(F(0, "manufacturer"), "VMware, Inc.");
	cr_assert_str_eq(F(0, "model"), "VMware7,1");
	cr_assert_str_eq(F(0, "locale"), "de");
	cr_assert_str_eq(F(0, "tz_offset"), "+01:00");
	cr_assert_str_eq(F(0, "total_memory_mb"), "8191");
	cr_assert_str_eq(F(0, "domain"), "contoso.local");
	cr_assert_str_eq(F(0, "hotfix_count"), "4");
	cr_assert_str_eq(F(0, "hotfixes"), "KB4514366 KB4512577 KB4589208 KB5005568");
	cr_assert_str_eq(F(0, "label_language"), "de");
	run_free(&r);
}

Test(parse_systeminfo, french_labels_nbsp_memory)
{
	struct run r;

	run_parser(&parser_systeminfo, "systeminfo.txt", 0, SYSTEMINFO_FR, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "host"), "SRV-COMPTA");
	cr_assert_str_eq(F(0, "os_name"), "Microsoft Windows Server 2016 Datacenter");
	cr_assert_str_eq(F(0, "os_version"), "10.0.14393 N/A version 14393");
	cr_assert_str_eq(F(0, "os_build"), "14393");
	cr_assert_str_eq(F(0, "os_configuration"), "Contrôleur principal de domaine");
	cr_assert_str_eq(F(0, "boot_time"), "04/10/2021, 06:30:02");
	cr_assert_str_eq(F(0, "bios"), "American Megatrends Inc. 090008 , 07/12/2018");
	cr_assert_str_eq(F(0, "total_memory_mb"), "16349");
	cr_assert_str_eq(F(0, "domain"), "compta.local");
	cr_assert_str_eq(F(0, "hotfixes"), "KB4601050 KB4561600");
	cr_assert_str_eq(F(0, "label_language"), "fr");
	run_free(&r);
}

Test(parse_systeminfo, other_language_by_position)
{
	struct run r;

	run_parser(&parser_systeminfo, "systeminfo.txt", 0, SYSTEMINFO_PT, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "host"), "SRV-BACKUP");
	cr_assert_str_eq(F(0, "os_name"), "Microsoft Windows Server 2022 Datacenter");
	cr_assert_str_eq(F(0, "os_build"), "20348");
	cr_assert_str_eq(F(0, "boot_time"), "20/09/2022, 06:01:02");
	cr_assert_str_eq(F(0, "model"), "Virtual Machine");
	cr_assert_str_eq(F(0, "tz_offset"), "-03:00");
	cr_assert_str_eq(F(0, "total_memory_mb"), "16383");
	cr_assert_str_eq(F(0, "page_file"), "D:\\pagefile.sys");
	cr_assert_str_eq(F(0, "hotfix_count"), "0", "Hotfix(es): N/A");
	cr_assert_null(F(0, "hotfixes"));
	cr_assert_str_eq(F(0, "label_language"), "position");
	run_free(&r);
}

Test(parse_systeminfo, csv_form)
{
	struct run r;

	run_parser(&parser_systeminfo, "systeminfo.csv", 0, SYSTEMINFO_CSV, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_eq(r.h.r[0].line, 2);
	cr_assert_str_eq(F(0, "host"), "SRV-APP02");
	cr_assert_str_eq(F(0, "os_build"), "14393");
	cr_assert_str_eq(F(0, "os_configuration"), "Member Server");
	cr_assert_str_eq(F(0, "manufacturer"), "HPE");
	cr_assert_str_eq(F(0, "model"), "ProLiant DL380 Gen10");
	cr_assert_str_eq(F(0, "bios"), "HPE U30, 5/21/2019");
	cr_assert_str_eq(F(0, "tz_offset"), "+05:30");
	cr_assert_str_eq(F(0, "total_memory_mb"), "65210");
	cr_assert_str_eq(F(0, "domain"), "corp.example.com");
	cr_assert_str_eq(F(0, "hotfixes"), "KB4494175 KB5005573");
	cr_assert_str_eq(F(0, "hotfix_count"), "2");
	cr_assert_str_eq(F(0, "is_server"), "yes");
	cr_assert_str_eq(F(0, "label_language"), "en");
	run_free(&r);
}

Test(parse_systeminfo, two_machines_and_preamble)
{
	static const char text[] =
	    "C:\\Users\\admin>systeminfo\n"
	    "Collected by: support script 1.2\n"
	    SYSTEMINFO_EN
	    "\n"
	    "Host Name:                 CLIENT7\n"
	    "OS Name:                   Microsoft Windows 10 Enterprise\n"
	    "OS Version:                10.0.19044 N/A Build 19044\n"
	    "Time Zone:                 (UTC) Coordinated Universal Time\n"
	    "Hotfix(s):                 N/A\n";
	struct run r;

	run_parser(&parser_systeminfo, "sysinfo.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(F(0, "host"), "WIN-RIBN7SM07BK");
	cr_assert_str_eq(F(0, "os_build"), "20348");
	cr_assert_str_eq(F(1, "host"), "CLIENT7");
	cr_assert_str_eq(F(1, "is_server"), "no");
	cr_assert_str_eq(F(1, "tz_offset"), "+00:00");
	cr_assert_str_eq(F(1, "hotfix_count"), "0");
	cr_assert_eq(r.h.r[1].line, 48);
	run_free(&r);
}

Test(parse_systeminfo, tabs_instead_of_padding)
{
	static const char text[] =
	    "Host Name:\tTABHOST\n"
	    "OS Name:\tMicrosoft Windows Server 2012 R2 Standard\n"
	    "OS Version:\t6.3.9600 N/A Build 9600\n"
	    "Virtual Memory: Max Size:\t3,199 MB\n"
	    "Total Physical Memory:\t4,095 MB\n";
	struct run r;

	run_parser(&parser_systeminfo, "s.txt", 0, text, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "host"), "TABHOST");
	cr_assert_str_eq(F(0, "os_build"), "9600");
	cr_assert_str_eq(F(0, "total_memory_mb"), "4095");
	run_free(&r);
}

Test(parse_systeminfo, hotfix_list_is_bounded)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	int i;

	sb_adds(&sb, "Host Name:                 BIG\n"
	    "OS Name:                   Microsoft Windows Server 2019 Datacenter\n"
	    "Hotfix(s):                 2000 Hotfix(s) Installed.\n");
	for (i = 0; i < 2000; i++)
		sb_printf(&sb, "                           [%02d]: KB%d\n", i + 1, 4000000 + i);
	run_parser(&parser_systeminfo, "s.txt", 0, sb.s, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "hotfix_count"), "2000");
	cr_assert_leq(strlen(F(0, "hotfixes")), 4096);
	cr_assert(strncmp(F(0, "hotfixes"), "KB4000000 KB4000001 ", 20) == 0);
	sb_free(&sb);
	run_free(&r);
}

Test(parse_systeminfo, bids_only_on_its_samples)
{
	char why[1024];

	cr_assert_eq(bid_matrix(&parser_systeminfo, why, sizeof why), 0, "%s", why);
}

Test(parse_systeminfo, bid_strength)
{
	int en = bid_text(&parser_systeminfo, "x.txt", SYSTEMINFO_EN, strlen(SYSTEMINFO_EN));
	int pt = bid_text(&parser_systeminfo, "x.txt", SYSTEMINFO_PT, strlen(SYSTEMINFO_PT));

	cr_assert_geq(en, 48, "many labels: a sure bid");
	cr_assert_gt(pt, 0);
	cr_assert_lt(pt, en, "a bid by shape is weaker than one by labels");
}

Test(parse_systeminfo, repeated_labels_keep_the_first_value)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	int i;

	sb_adds(&sb, "Host Name:                 H1\n"
	    "OS Name:                   Microsoft Windows Server 2019 Standard\n");
	for (i = 0; i < 20000; i++)
		sb_adds(&sb, "Domain:                    repeated.example\n");
	run_parser(&parser_systeminfo, "s.txt", 0, sb.s, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "domain"), "repeated.example");
	cr_assert_lt(max_arena(&parser_systeminfo, sb.s), 4096, "the record stays small");
	sb_free(&sb);
	run_free(&r);
}

Test(parse_systeminfo, csv_without_header_by_position)
{
	static const char text[] =
	    "\"SRV-NH\",\"Microsoft Windows Server 2019 Standard\",\"10.0.17763 N/A Build 17763\","
	    "\"Microsoft Corporation\",\"Member Server\",\"Multiprocessor Free\",\"User\",\"\","
	    "\"00429-00000-00001-AA123\",\"1/2/2020, 3:04:05 PM\",\"2/3/2021, 4:05:06 AM\","
	    "\"Microsoft Corporation\",\"Virtual Machine\",\"x64-based PC\"\n";
	struct run r;

	cr_assert_eq(bid_text(&parser_systeminfo, "x.csv", text, strlen(text)), 24);
	run_parser(&parser_systeminfo, "x.csv", 0, text, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "host"), "SRV-NH");
	cr_assert_str_eq(F(0, "os_build"), "17763");
	cr_assert_str_eq(F(0, "boot_time"), "2/3/2021, 4:05:06 AM");
	cr_assert_str_eq(F(0, "model"), "Virtual Machine");
	cr_assert_str_eq(F(0, "label_language"), "position");
	run_free(&r);
}
