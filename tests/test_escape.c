/* Tests for escape.c: hostile bundle text must come out inert in every output format. */
#include <criterion/criterion.h>
#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "util.h"

typedef void (*put_fn)(FILE *, const char *);

static char *
capture(put_fn put, const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	cr_assert_not_null(fp);
	put(fp, s);
	fclose(fp);
	return buf;
}

static char *
capture_json_n(const char *s, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	cr_assert_not_null(fp);
	json_put_stringn(fp, s, n);
	fclose(fp);
	return buf;
}

static void
expect(put_fn put, const char *in, const char *want)
{
	char *got = capture(put, in);

	cr_expect_str_eq(got, want, "input [%s]", in);
	free(got);
}

/* Renders Markdown with raw HTML allowed, so that anything not escaped would show up. */
static char *
md_to_html(const char *md)
{
	return cmark_markdown_to_html(md, strlen(md), CMARK_OPT_UNSAFE);
}

/* The HTML cmark makes of md_put_text(s) at the start of a paragraph. */
static char *
md_text_html(put_fn put, const char *s)
{
	char *md = capture(put, s), *html = md_to_html(md);

	free(md);
	return html;
}

static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k, len;

	for (i = 0; p[i] != '\0'; i += len) {
		if (p[i] < 0x80)
			len = 1;
		else if (p[i] >= 0xC2 && p[i] <= 0xDF)
			len = 2;
		else if (p[i] >= 0xE0 && p[i] <= 0xEF)
			len = 3;
		else if (p[i] >= 0xF0 && p[i] <= 0xF4)
			len = 4;
		else
			return 0;
		for (k = 1; k < len; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

Test(json, plain_and_hostile_strings)
{
	expect(json_put_string, "CBEngine", "\"CBEngine\"");
	expect(json_put_string, "\"><img src=x onerror=alert(1)>",
	    "\"\\\"><img src=x onerror=alert(1)>\"");
	expect(json_put_string, "C:\\Windows\\Temp", "\"C:\\\\Windows\\\\Temp\"");
	expect(json_put_string, "a/b", "\"a/b\"");
	expect(json_put_string, "line1\r\nline2\tx", "\"line1\\r\\nline2\\tx\"");
	expect(json_put_string, "\x1b[31mred\x7f", "\"\\u001b[31mred\\u007f\"");
	expect(json_put_string, "a\xE2\x80\xA8" "b\xE2\x80\xA9", "\"a\\u2028b\\u2029\"");
	expect(json_put_string, "\xE2\x80\xAEtxt.exe", "\"\\u202etxt.exe\"");
	expect(json_put_string, "Gr\xC3\xB6\xC3\x9F" "e \xF0\x9F\x92\xBE",
	    "\"Gr\xC3\xB6\xC3\x9F" "e \xF0\x9F\x92\xBE\"");
	expect(json_put_string, NULL, "null");
}

Test(json, invalid_utf8_becomes_replacement_characters)
{
	/* stray byte, truncated sequence, overlong '/', UTF-16 surrogate, beyond U+10FFFF */
	expect(json_put_string, "a\xFFz", "\"a\xEF\xBF\xBDz\"");
	expect(json_put_string, "\xE2\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
	expect(json_put_string, "\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
	expect(json_put_string, "\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	expect(json_put_string, "\xF4\x90\x80\x80x",
	    "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx\"");
}

Test(json, counted_string_keeps_nul_and_stops_at_n)
{
	char *got = capture_json_n("a\0b\xC3\xA9zzz", 5);

	cr_assert_str_eq(got, "\"a\\u0000b\xC3\xA9\"");
	free(got);
	/* A multi-byte character cut by n is invalid, not read past n. */
	got = capture_json_n("\xC3\xA9", 1);
	cr_assert_str_eq(got, "\"\xEF\xBF\xBD\"");
	free(got);
}

Test(json, every_byte_gives_valid_output_without_raw_controls)
{
	char in[256], *got;
	size_t i;

	for (i = 0; i < 255; i++)
		in[i] = (char)(i + 1);
	in[255] = '\0';
	got = capture(json_put_string, in);
	cr_assert(valid_utf8(got));
	for (i = 0; got[i] != '\0'; i++)
		cr_assert((unsigned char)got[i] >= 0x20 && got[i] != 0x7f, "raw control at %zu", i);
	free(got);
}

Test(markdown, punctuation_is_escaped)
{
	expect(md_put_text, "[x](javascript:alert(1))",
	    "\\[x\\](javascript:alert(1))");
	expect(md_put_text, "<script>alert(1)</script>",
	    "\\<script\\>alert(1)\\</script\\>");
	expect(md_put_text, "*a* _b_ `c` ~d~ |e| \\f",
	    "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\|e\\| \\\\f");
	expect(md_put_text, "Writer failed - state 8.", "Writer failed - state 8.");
	expect(md_put_text, "- item", "\\- item");
	expect(md_put_text, "+ item", "\\+ item");
	expect(md_put_text, "2019. ", "2019\\. ");
	expect(md_put_text, "2019.", "2019\\.");
	expect(md_put_text, "2.0.9262.0", "2.0.9262.0");
	expect(md_put_text, "1.\x01 hidden", "1\\. hidden");
	expect(md_put_text, "# title", "\\# title");
	expect(md_put_text, "R&D &amp; &#60;", "R\\&D \\&amp; \\&\\#60;");
	expect(md_put_text, "see https://evil.example and www.evil.example",
	    "see https\\://evil.example and www\\.evil.example");
	expect(md_put_text, "admin@example.com", "admin\\@example.com");
	/* Look-ahead and look-behind see the text as shown, without the dropped characters. */
	expect(md_put_text, "&\x01" "amp; www\x1b.evil.example http:\x7f//x",
	    "\\&amp; www\\.evil.example http\\://x");
	expect(md_put_text, "C$ and $x$", "C\\$ and \\$x\\$");
	expect(md_put_text, NULL, "");
}

Test(markdown, line_breaks_become_spaces_controls_vanish)
{
	expect(md_put_text, "first\nsecond\r\nthird", "first second  third");
	expect(md_put_text, "\x1b[31mred\x1b[0m", "\\[31mred\\[0m");
	expect(md_put_text, "a\xE2\x80\xA8" "b", "a b");
	expect(md_put_text, "\xE2\x80\xAEgpj.exe", "gpj.exe");
	expect(md_put_text, "ok\xFFok\xC0\xAF", "okok");
	expect(md_put_text, "\n\n  # not a heading", "\\# not a heading");
}

Test(markdown, hostile_text_renders_inert)
{
	static const char *const hostile[] = {
		"[x](javascript:alert(1))",
		"![x](http://evil.example/t.png)",
		"<script>alert(1)</script>",
		"\"><img src=x onerror=alert(1)>",
		"</style><style>body{display:none}</style>",
		"<http://evil.example>",
		"<javascript:alert(1)>",
		"[a]: http://evil.example\n\n[a]",
		"*emph* **strong** `code`",
		"# Heading\n=====\n---",
		"1. one\n2. two",
		"&lt;script&gt;",
		"    indented code",
		"a\\\nb",
	};
	size_t i;
	char *html;

	for (i = 0; i < MT_ARRAY_LEN(hostile); i++) {
		html = md_text_html(md_put_text, hostile[i]);
		cr_expect(strncmp(html, "<p>", 3) == 0, "[%s] -> %s", hostile[i], html);
		cr_expect(strstr(html, "<a") == NULL, "[%s] -> %s", hostile[i], html);
		cr_expect(strstr(html, "<img") == NULL, "[%s] -> %s", hostile[i], html);
		cr_expect(strstr(html, "<script") == NULL, "[%s] -> %s", hostile[i], html);
		cr_expect(strstr(html, "<style") == NULL, "[%s] -> %s", hostile[i], html);
		cr_expect(strstr(html, "</style") == NULL, "[%s] -> %s", hostile[i], html);
		cr_expect(strstr(html, "<em>") == NULL, "[%s] -> %s", hostile[i], html);
		cr_expect(strstr(html, "<strong>") == NULL, "[%s] -> %s", hostile[i], html);
		cr_expect(strstr(html, "<code>") == NULL, "[%s] -> %s", hostile[i], html);
		cr_expect(strstr(html, "<br") == NULL, "[%s] -> %s", hostile[i], html);
		/* One paragraph: nothing became a heading, list, rule or second block. */
		cr_expect(strstr(html, "</p>\n") == html + strlen(html) - 5,
		    "[%s] -> %s", hostile[i], html);
		free(html);
	}
	html = md_text_html(md_put_text, "&lt;b&gt; 1 < 2 & 3 > 2");
	cr_expect_str_eq(html, "<p>&amp;lt;b&amp;gt; 1 &lt; 2 &amp; 3 &gt; 2</p>\n");
	free(html);
}

/* Cells of a GFM table row: '|' splits unless it is the second half of a backslash pair
 * (the GFM scanner pairs a backslash with any ASCII punctuation that follows it). */
static int
gfm_cells(const char *row)
{
	int pipes = 0;
	const char *p;

	for (p = row; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0' && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
		    p[1]) != NULL)
			p++;
		else if (*p == '|')
			pipes++;
	}
	return pipes - 1;
}

Test(markdown, table_cells_keep_the_column_count)
{
	static const char *const cells[] = {
		"a|b", "a\\|b", "a\\\\|b", "||", "`|`", "\\", "x\\", "line\n| --- |\nrow",
		"\xE2\x80\xA8|", "", NULL,
	};
	size_t i;
	char *row = NULL;
	size_t len = 0;
	FILE *fp;

	for (i = 0; i < MT_ARRAY_LEN(cells); i++) {
		fp = open_memstream(&row, &len);
		fputs("| ", fp);
		md_put_cell(fp, cells[i]);
		fputs(" | ", fp);
		md_put_cell(fp, cells[i]);
		fputs(" |", fp);
		fclose(fp);
		cr_expect_eq(gfm_cells(row), 2, "cell [%s] -> row %s", cells[i] ? cells[i] : "NULL",
		    row);
		cr_expect(strchr(row, '\n') == NULL);
		free(row);
		row = NULL;
	}
}

/* What cmark shows inside the code span md_put_code makes of s. */
static char *
code_content(const char *s)
{
	char *md = capture(md_put_code, s), *html = md_to_html(md), *a, *b, *out;

	a = strstr(html, "<code>");
	b = strstr(html, "</code>");
	cr_assert(a != NULL && b != NULL && a < b, "%s -> %s", md, html);
	a += 6;
	out = strndup(a, (size_t)(b - a));
	cr_assert(strstr(b + 7, "<code>") == NULL, "one span only: %s", html);
	free(md);
	free(html);
	return out;
}

Test(markdown, code_span_holds_its_text)
{
	char *got;

	expect(md_put_code, "CBEngineCurr.errlog:1589", "`CBEngineCurr.errlog:1589`");
	expect(md_put_code, "a`b", "`` a`b ``");
	expect(md_put_code, "``` x", "```` ``` x ````");
	expect(md_put_code, "two\nlines", "`two lines`");
	got = code_content("a`b``c");
	cr_expect_str_eq(got, "a`b``c");
	free(got);
	got = code_content("`starts and ends`");
	cr_expect_str_eq(got, "`starts and ends`");
	free(got);
	got = code_content("</code><script>alert(1)</script>");
	cr_expect_str_eq(got, "&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
	free(got);
	got = code_content("[x](javascript:alert(1)) *no* \\emph");
	cr_expect_str_eq(got, "[x](javascript:alert(1)) *no* \\emph");
	free(got);
	/* A dropped control between backticks must not make a run longer than the fence. */
	got = code_content("``\x1b`");
	cr_expect_str_eq(got, "```");
	free(got);
	got = code_content("  padded  ");
	cr_expect_str_eq(got, "  padded  ");
	free(got);
}

Test(html, entities_and_controls)
{
	expect(html_put, "\"><img src=x onerror=alert(1)>",
	    "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
	expect(html_put, "</style><script>x='1'&y</script>",
	    "&lt;/style&gt;&lt;script&gt;x=&#39;1&#39;&amp;y&lt;/script&gt;");
	expect(html_put, "\x1b]0;title\x07ok", "]0;titleok");
	expect(html_put, "a\r\nb\tc\xE2\x80\xA8" "d", "a\nb\tc\nd");
	expect(html_put, "bad\xFF\xFEutf", "badutf");
	expect(html_put, "\xE2\x80\xAE" "fdp.exe", "fdp.exe");
	expect(html_put, "Syst\xC3\xA8me", "Syst\xC3\xA8me");
}

Test(slug, only_lower_case_letters_digits_and_dashes)
{
	expect(slug_put, "vss.writer.failed", "vss-writer-failed");
	expect(slug_put, "System Writer {E8132975-6F93}", "system-writer-e8132975-6f93");
	expect(slug_put, "--\"><script>--", "script");
	expect(slug_put, "Gr\xC3\xB6\xC3\x9F" "e", "gr-e");
	expect(slug_put, "", "x");
	expect(slug_put, "!!!", "x");
	expect(slug_put, NULL, "x");
}

Test(text_line, literal_on_one_line)
{
	expect(text_put_line, "wevtutil qe System /f:xml > system.xml",
	    "wevtutil qe System /f:xml > system.xml");
	expect(text_put_line, "a\nb\x1b\xFF", "a b");
	cr_expect_eq(md_backtick_run("a``b```c"), 3);
	cr_expect_eq(md_backtick_run("``\x01``"), 4);
	cr_expect_eq(md_backtick_run("``\n``"), 2);
	cr_expect_eq(md_backtick_run(NULL), 0);
}
