/* Tests for json_read.c: values, escapes, errors and bounds of the streaming JSON reader. */
#include <criterion/criterion.h>
#include <string.h>
#include "json_read.h"
#include "util.h"

static FILE *
mem(const char *s)
{
	FILE *fp = fmemopen((void *)s, strlen(s), "r");

	cr_assert_not_null(fp);
	return fp;
}

/* Skips one value and says whether all of s was a single valid value. */
static int
valid(const char *s)
{
	struct json_reader r;
	FILE *fp = mem(s);
	int ok, c;

	jr_init(&r, fp);
	ok = jr_skip(&r) == 0 && !jr_failed(&r);
	while ((c = getc(fp)) == ' ' || c == '\n')
		;
	fclose(fp);
	return ok && c == EOF;
}

Test(reader, accepts_and_rejects)
{
	cr_assert(valid("{\"a\": [1, -2.5e3, \"x\\u00e9\", null, true, false, {}], \"b\": []}"));
	cr_assert(valid("[]"));
	cr_assert_not(valid("{\"a\": [1, 2}"));
	cr_assert_not(valid("{\"a\": \"raw\ncontrol\"}"));
	cr_assert_not(valid("{\"a\": \"bad \\q escape\"}"));
	cr_assert_not(valid("{\"a\" 1}"));
	cr_assert_not(valid("\"cut \\u12"));
	cr_assert_not(valid("[\"unterminated"));
	cr_assert_not(valid("[1,,2]"));
	cr_assert_not(valid("{\"a\": nul}"));
	cr_assert_not(valid(""));
}

Test(reader, walks_members_and_reads_strings)
{
	struct json_reader r;
	struct strbuf key = STRBUF_INIT, val = STRBUF_INIT;
	FILE *fp = mem("{\"path\": \"a\\\"b\\\\c\\/d\\n\", \"n\": 42, \"s\": null, "
	    "\"u\": \"\\ud83d\\ude00 \\u00e9 \\udc00\", \"skip\": {\"x\": [1, {\"y\": 2}]}}");
	int64_t n = 0;
	int seen = 0;

	jr_init(&r, fp);
	cr_assert_eq(jr_peek(&r), JR_OBJECT);
	cr_assert_eq(jr_enter(&r), 0);
	while (jr_next(&r, &key) == 1) {
		if (strcmp(sb_str(&key), "path") == 0) {
			cr_assert_eq(jr_string(&r, &val), 1);
			cr_assert_str_eq(sb_str(&val), "a\"b\\c/d\n");
		} else if (strcmp(sb_str(&key), "n") == 0) {
			cr_assert_eq(jr_int(&r, &n), 1);
		} else if (strcmp(sb_str(&key), "s") == 0) {
			cr_assert_eq(jr_string(&r, &val), 0, "null is no string");
			cr_assert_str_eq(sb_str(&val), "");
		} else if (strcmp(sb_str(&key), "u") == 0) {
			cr_assert_eq(jr_string(&r, &val), 1);
			cr_assert_str_eq(sb_str(&val), "\xF0\x9F\x98\x80 \xC3\xA9 \xEF\xBF\xBD");
		} else
			cr_assert_eq(jr_skip(&r), 0);
		seen++;
	}
	cr_assert_eq(seen, 5);
	cr_assert_eq(n, 42);
	cr_assert_not(jr_failed(&r));
	cr_assert_eq(r.depth, 0);
	sb_free(&key);
	sb_free(&val);
	fclose(fp);
}

Test(reader, depth_is_bounded)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	for (i = 0; i < JR_MAX_DEPTH + 5; i++)
		sb_addc(&sb, '[');
	for (i = 0; i < JR_MAX_DEPTH + 5; i++)
		sb_addc(&sb, ']');
	cr_assert_not(valid(sb_str(&sb)), "too deep");
	sb_reset(&sb);
	for (i = 0; i < JR_MAX_DEPTH - 1; i++)
		sb_addc(&sb, '[');
	for (i = 0; i < JR_MAX_DEPTH - 1; i++)
		sb_addc(&sb, ']');
	cr_assert(valid(sb_str(&sb)), "deep but within the bound");
	sb_free(&sb);
}

Test(reader, long_strings_are_cut_at_a_character)
{
	struct strbuf in = STRBUF_INIT, val = STRBUF_INIT;
	struct json_reader r;
	FILE *fp;
	size_t i;

	sb_addc(&in, '"');
	sb_addc(&in, 'x');
	for (i = 0; i < JR_STRING_MAX; i++)
		sb_adds(&in, "\xC3\xA9");
	sb_adds(&in, "\"");
	fp = mem(sb_str(&in));
	jr_init(&r, fp);
	cr_assert_eq(jr_string(&r, &val), 1);
	cr_assert_leq(val.len, JR_STRING_MAX + 3);
	cr_assert_eq(val.len % 2, 1, "the last character is whole");
	cr_assert_eq((unsigned char)val.s[val.len - 1], 0xA9);
	fclose(fp);
	sb_free(&in);
	sb_free(&val);
}

Test(reader, errors_stick)
{
	struct json_reader r;
	FILE *fp = mem("{\"a\": @}");
	struct strbuf key = STRBUF_INIT;

	jr_init(&r, fp);
	cr_assert_eq(jr_enter(&r), 0);
	cr_assert_eq(jr_next(&r, &key), 1);
	cr_assert_eq(jr_skip(&r), -1);
	cr_assert(jr_failed(&r));
	cr_assert_eq(jr_next(&r, &key), -1);
	cr_assert_eq(jr_peek(&r), JR_ERROR);
	sb_free(&key);
	fclose(fp);
}
