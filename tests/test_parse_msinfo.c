/* Tests for the msinfo32 export parser: the system record and the other summary rows, UTF-16LE
 * and UTF-8 input, a German export, a truncated file, a DOCTYPE, and its bids. */
#include <criterion/criterion.h>
#include <string.h>
#include "parse_harness.h"
#include "parsers_xml.h"

#define F(i, name) hv(&r.h, (i), (name))

/* The shape msinfo32 /nfo writes: CDATA items, nested categories inside the summary. */
static const char NFO_EN[] =
    "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
    "<MsInfo>\n"
    "<Metadata>\n"
    "<Version>8.0</Version>\n"
    "<CreationUTC>03/14/24 09:12:44</CreationUTC>\n"
    "</Metadata>\n"
    "<Category name=\"System Summary\">\n"
    "<Data>\n<Item><![CDATA[OS Name]]></Item>\n"
    "<Value><![CDATA[Microsoft Windows Server 2019 Standard]]></Value>\n</Data>\n"
    "<Data>\n<Item><![CDATA[Version]]></Item>\n"
    "<Value><![CDATA[10.0.17763 Build 17763]]></Value>\n</Data>\n"
    "<Data>\n<Item><![CDATA[OS Manufacturer]]></Item>\n"
    "<Value><![CDATA[Microsoft Corporation]]></Value>\n</Data>\n"
    "<Data>\n<Item><![CDATA[System Name]]></Item>\n"
    "<Value><![CDATA[CONTOSO-FS01]]></Value>\n</Data>\n"
    "<Data>\n<Item><![CDATA[System Manufacturer]]></Item>\n"
    "<Value><![CDATA[Microsoft Corporation]]></Value>\n</Data>\n"
    "<Data>\n<Item><![CDATA[System Model]]></Item>\n"
    "<Value><![CDATA[Virtual Machine]]></Value>\n</Data>\n"
    "<Data>\n<Item><![CDATA[System Type]]></Item>\n"
    "<Value><![CDATA[x64-based PC]]></Value>\n</Data>\n"
    "<Data>\n<Item><![CDATA[BIOS Version/Date]]></Item>\n"
    "<Value><![CDATA[Microsoft Corporation Hyper-V UEFI Release v4.0, 11/1/2019]]>"
    "</Value>\n</Data>\n"
    "<Data>\n<Item><![CDATA[Time Zone]]></Item>\n"
    "<Value><![CDATA[Pacific Standard Time]]></Value>\n</Data>\n"
    "<Data>\n<Item><![CDATA[Installed Physical Memory (RAM)]]></Item>\n"
    "<Value><![CDATA[16.0 GB]]></Value>\n</Data>\n"
    "<Data>\n<Item><![CDATA[Boot Device]]></Item>\n"
    "<Value><![CDATA[\\Device\\HarddiskVolume1]]></Value>\n</Data>\n"
    "<Category name=\"Hardware Resources\">\n"
    "<Category name=\"Conflicts/Sharing\">\n"
    "<Data>\n<Resource><![CDATA[IRQ 0]]></Resource>\n"
    "<Device><![CDATA[System timer]]></Device>\n</Data>\n"
    "</Category>\n"
    "</Category>\n"
    "</Category>\n"
    "</MsInfo>\n";

static const char NFO_DE[] =
    "<?xml version=\"1.0\"?>\n<MsInfo><Category name=\"Systemübersicht\">\n"
    "<Data><Item>Betriebssystemname</Item>"
    "<Value>Microsoft Windows Server 2022 Datacenter</Value></Data>\n"
    "<Data><Item>Systemname</Item><Value>SRV-BACKUP</Value></Data>\n"
    "<Data><Item>Installierter physischer Speicher (RAM)</Item><Value>8,00 GB</Value></Data>\n"
    "<Data><Item>Prozessor</Item><Value>Intel(R) Xeon(R)</Value></Data>\n"
    "</Category></MsInfo>\n";

static void
check_en(const struct run *rp)
{
	const struct run r = *rp;
	size_t last = r.h.n - 1;

	cr_assert_eq(r.rc, 0, "note: %s", r.note ? r.note : "");
	cr_assert_eq(r.h.n, 3, "two unmapped rows and the system record");
	cr_assert_str_eq(r.h.r[0].kind, "msinfo.item");
	cr_assert_str_eq(F(0, "category"), "System Summary");
	cr_assert_str_eq(F(0, "item"), "OS Manufacturer");
	cr_assert_str_eq(F(0, "value"), "Microsoft Corporation");
	cr_assert_eq(r.h.r[0].line, 16, "line %ld", r.h.r[0].line);
	cr_assert_str_eq(F(1, "item"), "Boot Device");
	cr_assert_str_eq(F(1, "value"), "\\Device\\HarddiskVolume1");
	cr_assert_str_eq(r.h.r[last].kind, "system");
	cr_assert_eq(r.h.r[last].line, 7);
	cr_assert_str_eq(F(last, "host"), "CONTOSO-FS01");
	cr_assert_str_eq(F(last, "os_name"), "Microsoft Windows Server 2019 Standard");
	cr_assert_str_eq(F(last, "is_server"), "yes");
	cr_assert_str_eq(F(last, "os_version"), "10.0.17763 Build 17763");
	cr_assert_str_eq(F(last, "os_build"), "17763");
	cr_assert_str_eq(F(last, "manufacturer"), "Microsoft Corporation");
	cr_assert_str_eq(F(last, "model"), "Virtual Machine");
	cr_assert_str_eq(F(last, "system_type"), "x64-based PC");
	cr_assert_str_eq(F(last, "bios"),
	    "Microsoft Corporation Hyper-V UEFI Release v4.0, 11/1/2019");
	cr_assert_str_eq(F(last, "time_zone"), "Pacific Standard Time");
	cr_assert_str_eq(F(last, "total_memory_mb"), "16384");
	cr_assert_str_eq(F(last, "label_language"), "en");
	cr_assert_str_eq(record_excerpt(&r.h.r[last]),
	    "System Summary: CONTOSO-FS01, Microsoft Windows Server 2019 Standard");
}

Test(parse_msinfo, utf16le_bom_export)
{
	struct run r;
	unsigned char *b;
	size_t n;

	b = utf16le_crlf(NFO_EN, &n);
	run_parser_env(&parser_msinfo, "msinfo.nfo", 0, NULL, b, n, 13, &r);
	check_en(&r);
	free(b);
	run_free(&r);
}

Test(parse_msinfo, utf8_export)
{
	struct run r;

	run_parser(&parser_msinfo, "msinfo.nfo", 0, NFO_EN, &r);
	check_en(&r);
	run_free(&r);
}

Test(parse_msinfo, german_item_names)
{
	struct run r;

	run_parser(&parser_msinfo, "msinfo.nfo", 0, NFO_DE, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(F(0, "item"), "Prozessor");
	cr_assert_str_eq(F(0, "category"), "Systemübersicht");
	cr_assert_str_eq(F(1, "host"), "SRV-BACKUP");
	cr_assert_str_eq(F(1, "os_name"), "Microsoft Windows Server 2022 Datacenter");
	cr_assert_str_eq(F(1, "total_memory_mb"), "8192");
	cr_assert_str_eq(F(1, "label_language"), "de");
	run_free(&r);
}

Test(parse_msinfo, truncated_keeps_rows_read)
{
	struct run r;
	const char *cut = strstr(NFO_EN, "<Data>\n<Item><![CDATA[System Type]]>");
	char *half = xstrndup(NFO_EN, (size_t)(cut - NFO_EN) + 20);

	run_parser(&parser_msinfo, "msinfo.nfo", 0, half, &r);
	cr_assert_eq(r.rc, -1);
	cr_assert_not_null(r.note);
	cr_assert(strstr(r.note, "XML error") != NULL, "note: %s", r.note);
	cr_assert_eq(r.h.n, 2, "the OS Manufacturer row and the system record");
	cr_assert_str_eq(r.h.r[1].kind, "system");
	cr_assert_str_eq(F(1, "host"), "CONTOSO-FS01");
	cr_assert_null(F(1, "system_type"));
	free(half);
	run_free(&r);
}

Test(parse_msinfo, doctype_refused)
{
	struct run r;

	run_parser(&parser_msinfo, "msinfo.nfo", 0,
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE MsInfo [<!ENTITY a \"aaaa\">]>\n"
	    "<MsInfo><Category name=\"System Summary\"><Data><Item>System Name</Item>"
	    "<Value>&a;</Value></Data></Category></MsInfo>\n", &r);
	cr_assert_eq(r.rc, -1);
	cr_assert_str_eq(r.note, "DOCTYPE refused");
	cr_assert_eq(r.h.n, 0);
	run_free(&r);
}

Test(parse_msinfo, row_bound)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	int i;

	sb_adds(&sb, "<MsInfo><Category name=\"System Summary\">\n");
	for (i = 0; i < 700; i++)
		sb_printf(&sb, "<Data><Item>Row %d</Item><Value>v</Value></Data>\n", i);
	sb_adds(&sb, "</Category></MsInfo>\n");
	run_parser(&parser_msinfo, "msinfo.nfo", 0, sb_str(&sb), &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 500, "no system record: nothing mapped");
	cr_assert_not_null(r.note);
	cr_assert(strstr(r.note, "200 System Summary rows") != NULL, "note: %s", r.note);
	sb_free(&sb);
	run_free(&r);
}

Test(parse_msinfo, bids)
{
	static const char evt[] =
	    "<Events><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
	    "<System><EventID>517</EventID></System></Event></Events>\n";
	static const char prose[] = "The MsInfo export was not collected.\n";
	const struct parser *p;
	unsigned char *b;
	size_t n;
	int bid;

	b = utf16le_crlf(NFO_EN, &n);
	p = recognise_bytes("diag/msinfo.nfo", b, n, &bid);
	cr_assert_eq(p, &parser_msinfo);
	cr_assert_gt(bid, 40);
	free(b);
	cr_assert_eq(parser_msinfo.bid("x.nfo", evt, strlen(evt)), 0);
	cr_assert_eq(parser_msinfo.bid("x.nfo", prose, strlen(prose)), 0);
	cr_assert_gt(parser_msinfo.bid("export.txt", NFO_DE, strlen(NFO_DE)), 0);
}
