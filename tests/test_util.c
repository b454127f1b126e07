/* Tests for the shared helpers in util.c. */
#include <criterion/criterion.h>
#include <string.h>
#include "util.h"

Test(hresult, forms_normalise_to_one_spelling)
{
	char out[11];

	cr_assert_eq(hresult_normalise("0x800423f2", 10, out), 0);
	cr_assert_str_eq(out, "0x800423F2");
	cr_assert_eq(hresult_normalise("-2147212302", 11, out), 0);
	cr_assert_str_eq(out, "0x800423F2");
	cr_assert_eq(hresult_normalise("2147942455", 10, out), 0);
	cr_assert_str_eq(out, "0x80070037");
	cr_assert_eq(hresult_normalise("80780049", 8, out), 0);
	cr_assert_str_eq(out, "0x80780049");
	cr_assert_eq(hresult_normalise("8007007B", 8, out), 0);
	cr_assert_str_eq(out, "0x8007007B");
	cr_assert_eq(hresult_normalise(" 0 ", 3, out), 0);
	cr_assert_str_eq(out, "0x00000000");
}

Test(hresult, rejects_garbage_and_overflow)
{
	char out[11];

	cr_assert_neq(hresult_normalise("0x1FFFFFFFF", 11, out), 0);
	cr_assert_neq(hresult_normalise("hello", 5, out), 0);
	cr_assert_neq(hresult_normalise("", 0, out), 0);
	cr_assert_neq(hresult_normalise("-99999999999", 12, out), 0);
}

Test(strbuf, grows_and_detaches)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	int i;

	cr_assert_str_eq(sb_str(&sb), "");
	for (i = 0; i < 1000; i++)
		sb_printf(&sb, "%d,", i);
	cr_assert(strncmp(sb.s, "0,1,2,", 6) == 0);
	cr_assert_eq(sb.len, strlen(sb.s));
	s = sb_detach(&sb);
	cr_assert_null(sb.s);
	cr_assert(strstr(s, ",999,") != NULL);
	free(s);
}

Test(ascii, case_insensitive_helpers)
{
	const char hay[] = "WSB job FAILED with VSS errors";

	cr_assert_eq(ascii_casecmp("VSS", "vss"), 0);
	cr_assert_neq(ascii_casecmp("VSS", "vsa"), 0);
	cr_assert_eq(ascii_casestr(hay, sizeof hay - 1, "failed with vss") , hay + 8);
	cr_assert_null(ascii_casestr(hay, 10, "failed"));
}

Test(glob, star_and_question)
{
	cr_assert(glob_match("CBEngine*.errlog", "CBEngineCurr.errlog"));
	cr_assert(glob_match("cbengine*.ERRLOG", "CBEngine12.errlog"));
	cr_assert(glob_match("*.x?l", "events.xml"));
	cr_assert_not(glob_match("CBEngine*.errlog", "CBUICurr.errlog"));
	cr_assert_not(glob_match("a*b", "a"));
}

Test(parse_int64, decimal_hex_and_bounds)
{
	int64_t v;

	cr_assert_eq(parse_int64("379893", 6, &v), 0);
	cr_assert_eq(v, 379893);
	cr_assert_eq(parse_int64("0x70bf0", 7, &v), 0);
	cr_assert_eq(v, 0x70bf0);
	cr_assert_eq(parse_int64("-5", 2, &v), 0);
	cr_assert_eq(v, -5);
	cr_assert_neq(parse_int64("12ab", 4, &v), 0);
	cr_assert_neq(parse_int64("", 0, &v), 0);
	cr_assert_neq(parse_int64("99999999999999999999999", 23, &v), 0);
}

Test(span, trim_and_indent)
{
	const char line[] = "  \tState: [1] Stable \t\r";
	size_t n = sizeof line - 1;

	cr_assert(ascii_isblank(' '));
	cr_assert(ascii_isblank('\t'));
	cr_assert_not(ascii_isblank('\r'));
	cr_assert_eq(span_indent(line, n), 3);
	span_rtrim(line, &n);
	cr_assert_eq(n, strlen("  \tState: [1] Stable"));
	n = 3;
	span_rtrim("   ", &n);
	cr_assert_eq(n, 0);
	cr_assert_eq(span_indent("", 0), 0);
}
