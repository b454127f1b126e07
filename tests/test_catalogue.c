/* Tests of the error-code catalogue: code spellings, lookups, decoration of report text, and
 * the shipped catalogue of the rule pack. */
#include <criterion/criterion.h>
#include <string.h>
#include "catalogue.h"
#include "rules.h"

static struct catalogue *
sample(void)
{
	struct catalogue *c = catalogue_new();

	cr_assert_eq(catalogue_add(c, "0x800423F2", "VSS_E_WRITERERROR_TIMEOUT", "time-out", NULL),
	    0);
	cr_assert_eq(catalogue_add(c, "0x80780049", NULL, "nothing was backed up", NULL), 0);
	cr_assert_eq(catalogue_add(c, "0x1FBD3", NULL, "agent too old", NULL), 0);
	cr_assert_eq(catalogue_add(c, "34513", NULL, "bad vault credentials", NULL), 0);
	cr_assert_eq(catalogue_add(c, "SSJobFailedOnWSB", NULL, "the WSB job failed", NULL), 0);
	catalogue_seal(c);
	return c;
}

Test(catalogue, every_spelling_of_a_code)
{
	static const char *const forms[] = {
		"0x800423F2", "0x800423f2", "2147754994", "-2147212302", " 0x800423F2 ",
	};
	uint32_t v;
	size_t i;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		cr_expect_eq(catalogue_parse_code(forms[i], strlen(forms[i]), &v), 0, "%s",
		    forms[i]);
		cr_expect_eq(v, 0x800423F2u, "%s", forms[i]);
	}
	cr_expect_eq(catalogue_parse_code("0x1FBD3", 7, &v), 0);
	cr_expect_eq(v, 0x1FBD3u);
	cr_expect_neq(catalogue_parse_code("0x123456789", 11, &v), 0, "more than 32 bits");
	cr_expect_neq(catalogue_parse_code("4294967296", 10, &v), 0);
	cr_expect_neq(catalogue_parse_code("-2147483649", 11, &v), 0);
	cr_expect_neq(catalogue_parse_code("0x", 2, &v), 0);
	cr_expect_neq(catalogue_parse_code("12ab", 4, &v), 0);
	cr_expect_neq(catalogue_parse_code("", 0, &v), 0);
}

Test(catalogue, lookup_by_value_or_name)
{
	struct catalogue *c = sample();
	struct code_info ci;

	cr_assert_eq(catalogue_lookup(c, "-2147212302", 11, &ci), 0);
	cr_expect_str_eq(ci.name, "VSS_E_WRITERERROR_TIMEOUT");
	cr_expect_str_eq(ci.key, "0x800423F2");
	cr_expect_eq(ci.is_name, 0);
	cr_assert_eq(catalogue_lookup(c, "0x86D1", 6, &ci), 0, "34513 in hex");
	cr_expect_str_eq(ci.meaning, "bad vault credentials");
	cr_assert_eq(catalogue_lookup(c, "ssjobfailedonwsb", 16, &ci), 0);
	cr_expect_eq(ci.is_name, 1);
	cr_expect_null(ci.name);
	cr_expect_neq(catalogue_lookup(c, "0x80070005", 10, &ci), 0);
	cr_expect_neq(catalogue_lookup(c, "NoSuchName", 10, &ci), 0);
	cr_expect_eq(catalogue_count(c), 5);
	/* The same code twice, in another spelling, is refused. */
	cr_expect_neq(catalogue_add(c, "2147754994", NULL, "again", NULL), 0);
	cr_expect_neq(catalogue_add(c, "SSJOBFAILEDONWSB", NULL, "again", NULL), 0);
	catalogue_free(c);
}

static void
expect_decorated(const struct catalogue *c, const char *in, const char *want, int rc)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, "> ");
	cr_expect_eq(catalogue_decorate(c, in, &sb), rc, "%s", in);
	cr_expect_str_eq(sb_str(&sb), want);
	sb_free(&sb);
}

Test(catalogue, decorate)
{
	struct catalogue *c = sample();

	expect_decorated(c, "0x800423F2", "> 0x800423F2 (VSS_E_WRITERERROR_TIMEOUT)", 1);
	expect_decorated(c, "0x800423F2 0x80070005 0x80780049",
	    "> 0x800423F2 (VSS_E_WRITERERROR_TIMEOUT), 0x80070005, "
	    "0x80780049 (nothing was backed up)", 1);
	expect_decorated(c, "0x1FBD3", "> 0x1FBD3 (agent too old)", 1);
	expect_decorated(c, "SSJobFailedOnWSB", "> SSJobFailedOnWSB (the WSB job failed)", 1);
	expect_decorated(c, "34513", "> 34513 (bad vault credentials)", 1);
	/* Text that is not only codes, unknown codes, and decimal numbers the catalogue
	 * lists in hex, stay as they are. */
	expect_decorated(c, "0x800423F2 failed", "> 0x800423F2 failed", 0);
	expect_decorated(c, "0x80070005", "> 0x80070005", 0);
	expect_decorated(c, "2147754994", "> 2147754994", 0);
	expect_decorated(c, "System Writer", "> System Writer", 0);
	expect_decorated(c, "", "> ", 0);
	expect_decorated(NULL, "0x800423F2", "> 0x800423F2", 0);
	catalogue_free(c);
}

Test(catalogue, shipped_catalogue)
{
	static const char *const must[] = {
		"0x800423F0", "0x800423F1", "0x800423F2", "0x800423F3", "0x800423F4",
		"0x80780049", "0x8007007B", "0x80070005", "0x80070570", "0x8007018B",
		"0x1FBD3", "0x1FC07", "0x18770", "0x1873D", "34506", "34513", "100050", "100110",
		"SSJobFailedOnWSB", "SalLowDiskSpace", "AnotherWSBJobRunning",
	};
	const char *dirs[] = {"rules"};
	struct strbuf err = STRBUF_INIT;
	struct ruleset *rs = ruleset_load(dirs, 1, &err);
	const struct catalogue *c;
	struct code_info ci;
	size_t i;

	cr_assert_not_null(rs, "%s", sb_str(&err));
	c = ruleset_catalogue(rs);
	for (i = 0; i < sizeof must / sizeof must[0]; i++)
		cr_expect_eq(catalogue_lookup(c, must[i], strlen(must[i]), &ci), 0, "%s missing",
		    must[i]);
	cr_assert_eq(catalogue_lookup(c, "-2147212302", 11, &ci), 0);
	cr_expect_str_eq(ci.name, "VSS_E_WRITERERROR_TIMEOUT");
	for (i = 0; i < catalogue_count(c); i++) {
		catalogue_at(c, i, &ci);
		cr_expect(ci.meaning != NULL && *ci.meaning != '\0', "%s has no meaning", ci.key);
	}
	ruleset_free(rs);
	sb_free(&err);
}
