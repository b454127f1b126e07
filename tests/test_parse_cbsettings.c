/* Tests for the agent settings parser: leaf elements and attributes by path, UTF-16LE and
 * UTF-8 input, a truncated file, the bounds, a DOCTYPE, and its bids. */
#include <criterion/criterion.h>
#include <string.h>
#include "parse_harness.h"
#include "parsers_xml.h"

#define F(i, name) hv(&r.h, (i), (name))

static const char CBS[] =
    "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n"
    "<CBSettings xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" Version=\"2\">\n"
    "  <ScratchLocation>C:\\Program Files\\Microsoft Azure Recovery Services Agent\\"
    "Scratch</ScratchLocation>\n"
    "  <Proxy Enabled=\"false\">\n"
    "    <Address></Address>\n"
    "    <Port>0</Port>\n"
    "  </Proxy>\n"
    "  <Throttling><WorkHourBandwidth>1048576</WorkHourBandwidth></Throttling>\n"
    "</CBSettings>\n";

static void
check(const struct run *rp)
{
	const struct run r = *rp;

	cr_assert_eq(r.rc, 0, "note: %s", r.note ? r.note : "");
	cr_assert_eq(r.h.n, 5);
	cr_assert_str_eq(r.h.r[0].kind, "mars.settings");
	cr_assert_str_eq(F(0, "path"), "CBSettings");
	cr_assert_str_eq(F(0, "name"), "@Version");
	cr_assert_str_eq(F(0, "value"), "2");
	cr_assert_eq(r.h.r[0].line, 2);
	cr_assert_str_eq(F(1, "path"), "CBSettings/ScratchLocation");
	cr_assert_str_eq(F(1, "name"), "ScratchLocation");
	cr_assert_str_eq(F(1, "value"),
	    "C:\\Program Files\\Microsoft Azure Recovery Services Agent\\Scratch");
	cr_assert_eq(r.h.r[1].line, 3);
	cr_assert_str_eq(F(2, "path"), "CBSettings/Proxy");
	cr_assert_str_eq(F(2, "name"), "@Enabled");
	cr_assert_str_eq(F(2, "value"), "false");
	cr_assert_str_eq(F(3, "path"), "CBSettings/Proxy/Port");
	cr_assert_str_eq(F(3, "value"), "0");
	cr_assert_eq(r.h.r[3].line, 6, "line %ld", r.h.r[3].line);
	cr_assert_str_eq(F(4, "path"), "CBSettings/Throttling/WorkHourBandwidth");
	cr_assert_str_eq(F(4, "value"), "1048576");
	cr_assert_str_eq(record_excerpt(&r.h.r[2]), "CBSettings/Proxy/@Enabled = false");
}

Test(parse_cbsettings, utf16le_bom)
{
	struct run r;
	unsigned char *b;
	size_t n;

	b = utf16le_crlf(CBS, &n);
	run_parser_env(&parser_cbsettings, "Scratch/CBSettings.xml", 0, NULL, b, n, 11, &r);
	check(&r);
	free(b);
	run_free(&r);
}

Test(parse_cbsettings, utf8)
{
	struct run r;

	run_parser(&parser_cbsettings, "Scratch/CBSettings.xml", 0, CBS, &r);
	check(&r);
	run_free(&r);
}

Test(parse_cbsettings, truncated_keeps_leaves_read)
{
	struct run r;
	const char *cut = strstr(CBS, "<Port>");
	char *half = xstrndup(CBS, (size_t)(cut - CBS) + 4);

	run_parser(&parser_cbsettings, "CBSettings.xml", 0, half, &r);
	cr_assert_eq(r.rc, -1);
	cr_assert_not_null(r.note);
	cr_assert(strstr(r.note, "XML error") != NULL, "note: %s", r.note);
	cr_assert_eq(r.h.n, 3);
	cr_assert_str_eq(F(2, "name"), "@Enabled");
	free(half);
	run_free(&r);
}

Test(parse_cbsettings, bounds)
{
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	int i;

	sb_adds(&sb, "<CBSettings><Long>");
	for (i = 0; i < 5000; i++)
		sb_addc(&sb, 'x');
	sb_adds(&sb, "</Long>\n");
	for (i = 0; i < 2500; i++)
		sb_printf(&sb, "<S%d>%d</S%d>\n", i, i, i);
	sb_adds(&sb, "</CBSettings>\n");
	run_parser(&parser_cbsettings, "CBSettings.xml", 0, sb_str(&sb), &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 2000);
	cr_assert_eq(strlen(F(0, "value")), 4096);
	cr_assert_str_eq(F(1999, "path"), "CBSettings/S1998");
	cr_assert_not_null(r.note);
	cr_assert(strstr(r.note, "first 2000") && strstr(r.note, "4 KiB"), "note: %s", r.note);
	sb_free(&sb);
	run_free(&r);
}

Test(parse_cbsettings, doctype_refused)
{
	struct run r;

	run_parser(&parser_cbsettings, "CBSettings.xml", 0,
	    "<CBSettings><A>1</A></CBSettings>\n<!DOCTYPE x [<!ENTITY e \"e\">]>\n", &r);
	cr_assert_eq(r.rc, -1);
	cr_assert_str_eq(r.note, "DOCTYPE refused");
	cr_assert_eq(r.h.n, 1, "what came before the DOCTYPE is kept");
	run_free(&r);
}

Test(parse_cbsettings, bids)
{
	static const char evt[] =
	    "<Events><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
	    "<System><EventID>517</EventID></System></Event></Events>\n";
	static const char nfo[] = "<?xml version=\"1.0\"?>\n<MsInfo><Category/></MsInfo>\n";
	static const char prose[] = "ScratchLocation is C:\\Scratch\n";
	const struct parser *p;
	unsigned char *b;
	size_t n;
	int bid;

	b = utf16le_crlf(CBS, &n);
	p = recognise_bytes("Scratch/CBSettings.xml", b, n, &bid);
	cr_assert_eq(p, &parser_cbsettings);
	free(b);
	cr_assert_gt(parser_cbsettings.bid("CBSettings.xml", CBS, strlen(CBS)), 0);
	cr_assert_gt(parser_cbsettings.bid("x\\cbsettings.bak.xml", CBS, strlen(CBS)), 0);
	cr_assert_eq(parser_cbsettings.bid("settings.xml", CBS, strlen(CBS)), 0);
	cr_assert_eq(parser_cbsettings.bid("CBSettings.xml", evt, strlen(evt)), 0);
	cr_assert_eq(parser_cbsettings.bid("CBSettings.xml", nfo, strlen(nfo)), 0);
	cr_assert_eq(parser_cbsettings.bid("CBSettings.xml", prose, strlen(prose)), 0);
	p = recognise("CBSettings.xml", evt, strlen(evt), &bid);
	cr_assert_eq(p, &parser_evtxml);
}
