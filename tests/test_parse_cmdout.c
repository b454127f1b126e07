/* Tests for the text helpers shared by the command-output parsers. */
#include <criterion/criterion.h>
#include <string.h>
#include "parsers_backup.h"

static size_t
size_of(const char *s, int64_t *v)
{
	return cmdout_size(s, strlen(s), v);
}

Test(cmdout, sizes_with_units_and_locale_marks)
{
	int64_t v;

	cr_assert_eq(size_of("15.681 GB (39%)", &v), 9);
	cr_assert_eq(v, 16837345542);
	cr_assert_eq(size_of("1,5 GB", &v), 6);
	cr_assert_eq(v, 1610612736);
	cr_assert_eq(size_of("499 MB", &v), 6);
	cr_assert_eq(v, 523239424);
	cr_assert_eq(size_of("0 B", &v), 3);
	cr_assert_eq(v, 0);
	cr_assert_eq(size_of("512 bytes", &v), 9);
	cr_assert_eq(v, 512);
	cr_assert_eq(size_of("33,0 Go", &v), 7);
	cr_assert_eq(v, 35433480192);
	cr_assert_eq(size_of("2 TiB", &v), 5);
	cr_assert_eq(v, 2199023255552);
	cr_assert_eq(size_of("1,024,000 bytes", &v), 15);
	cr_assert_eq(v, 1024000);
	cr_assert_eq(size_of("UNBOUNDED (100%)", &v), 0);
	cr_assert_eq(size_of("12 apples", &v), 0);
	cr_assert_eq(size_of("99999999999999999999 GB", &v), 0);
}

Test(cmdout, grouped_integers)
{
	int64_t v;

	cr_assert_eq(cmdout_grouped_int("35,466,014,720 ( 33.0 GB)", 25, &v), 14);
	cr_assert_eq(v, 35466014720);
	cr_assert_eq(cmdout_grouped_int("35 466 014 720 (33,0 Go)", 24, &v), 14);
	cr_assert_eq(v, 35466014720);
	cr_assert_eq(cmdout_grouped_int("2\xe2\x80\xaf" "147\xc2\xa0" "483'648", 16, &v), 16);
	cr_assert_eq(v, 2147483648);
	cr_assert_eq(cmdout_grouped_int("-4,096", 6, &v), 6);
	cr_assert_eq(v, -4096);
	cr_assert_eq(cmdout_grouped_int("76787392512", 11, &v), 11);
	cr_assert_eq(cmdout_grouped_int("890.5 GB", 8, &v), 3);
	cr_assert_eq(cmdout_grouped_int("1,23", 4, &v), 1);
	cr_assert_eq(cmdout_grouped_int("GB", 2, &v), 0);
	cr_assert_eq(cmdout_grouped_int("1234567890123456789012", 22, &v), 0);
}

Test(cmdout, percent_label_value_and_columns)
{
	const char *l, *v;
	size_t ll, vl;

	cr_assert_eq(cmdout_percent("UNBOUNDED (100%)", 16), 100);
	cr_assert_eq(cmdout_percent("1,5 GB ( 1 %)", 13), 1);
	cr_assert_eq(cmdout_percent("(C:)\\\\?\\Volume", 14), -1);
	cr_assert_eq(cmdout_label_value("   For volume: (C:)x  ", 22, &l, &ll, &v, &vl), 0);
	cr_assert_eq(ll, 10);
	cr_assert_eq(strncmp(v, "(C:)x", vl), 0);
	cr_assert_neq(cmdout_label_value("  : x", 5, &l, &ll, &v, &vl), 0);
	cr_assert_eq(cmdout_cp_offset("\xc3\xa9t\xc3\xa9 x", 7, 3), 5);
	cr_assert_eq(cmdout_cp_offset("ab", 2, 5), 2);
	cr_assert_eq(cmdout_cp_count("\xc3\xa9t\xc3\xa9", 5), 3);
	cr_assert(cmdout_is_guid("{b5946137-7b9f-4925-af80-51abd60b20d5}", 38));
	cr_assert(!cmdout_is_guid("{b5946137-7b9f-4925-af80-51abd60b20dX}", 38));
}

Test(cmdout, append_stays_within_bound_at_a_character_boundary)
{
	struct strbuf sb = STRBUF_INIT;

	cmdout_append(&sb, " ", "abc", 3, 6);
	cmdout_append(&sb, " ", "\xc3\xa9\xc3\xa9", 4, 6);
	cr_assert_str_eq(sb.s, "abc \xc3\xa9");
	cmdout_append(&sb, " ", "z", 1, 6);
	cr_assert_str_eq(sb.s, "abc \xc3\xa9");
	sb_free(&sb);
}
