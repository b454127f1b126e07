/* Tests for legacy code pages in the decoder (textin.c): cmd's OEM output told from ANSI
 * text, a code page given by name through iconv, double-byte pages cut across reads, and the
 * name the inventory shows. */
#include <criterion/criterion.h>
#include <string.h>
#include "parse_harness.h"
#include "textin.h"

/* Reads all lines of bytes joined with "\n", served step bytes at a time. */
static char *
decode_all(const char *bytes, size_t n, size_t step, const char *cp, char *charset,
    size_t cslen, uint64_t *repl)
{
	struct mem_src m = {(const unsigned char *)bytes, n, 0, step};
	struct byte_source src = {mem_read, NULL, &m};
	struct textin *t = textin_open_cp(src, 0, cp);
	struct strbuf sb = STRBUF_INIT;
	const char *l;
	size_t len;

	while (textin_getline(t, &l, &len) == 1) {
		if (sb.len)
			sb_addc(&sb, '\n');
		sb_add(&sb, l, len);
	}
	snprintf(charset, cslen, "%s", textin_charset(t));
	if (repl)
		*repl = textin_replacements(t);
	textin_close(t);
	return sb_detach(&sb);
}

/* `fsutil volume diskfree C:` on a French server, redirected by cmd: code page 850. */
static const char fsutil_cp850[] =
    "Nombre total d'octets libres        : 35\xff" "466\xff" "014\xff" "720\r\n"
    "Nombre total d'octets               : 136\xff" "738\xff" "864\xff" "768\r\n"
    "Nombre total d'octets libres disponibles : 35\xff" "466\xff" "014\xff" "720\r\n"
    "Acc\x8as refus\x82 au r\x82pertoire syst\x8ame\r\n";

Test(codepage, cmd_output_in_cp850_is_read_as_oem)
{
	char cs[32];
	char *s = decode_all(fsutil_cp850, sizeof fsutil_cp850 - 1, 0, NULL, cs, sizeof cs, NULL);

	cr_assert_str_eq(cs, "cp850");
	/* 0xFF is the no-break space in 850; 0x82 é, 0x8A è. */
	cr_assert(strstr(s, "35\xc2\xa0" "466\xc2\xa0" "014\xc2\xa0" "720") != NULL, "%s", s);
	cr_assert(strstr(s, "Acc\xc3\xa8s refus\xc3\xa9 au r\xc3\xa9pertoire syst\xc3\xa8me") !=
	    NULL, "%s", s);
	free(s);
}

/* German text saved by Notepad as "ANSI": Windows-1252, with typographic quotes. */
static const char notepad_1252[] =
    "Sicherung f\xfcr Systemstatus fehlgeschlagen \x84Gr\xf6\xdf" "e\x93 \x96 siehe Protokoll\r\n"
    "Preis: 5 \x80\r\n";

Test(codepage, ansi_text_stays_windows_1252)
{
	char cs[32];
	char *s = decode_all(notepad_1252, sizeof notepad_1252 - 1, 0, NULL, cs, sizeof cs, NULL);

	cr_assert_str_eq(cs, "windows-1252");
	cr_assert(strstr(s, "f\xc3\xbcr") != NULL, "%s", s);
	cr_assert(strstr(s, "\xe2\x80\x9eGr\xc3\xb6\xc3\x9f" "e\xe2\x80\x9c \xe2\x80\x93") != NULL,
	    "%s", s);
	cr_assert(strstr(s, "5 \xe2\x82\xac") != NULL, "%s", s);
	free(s);
}

/* A Japanese server's `vssadmin list writers` through cmd: Shift-JIS (code page 932). */
static const char writers_cp932[] =
    "\x83\x89\x83\x43\x83\x5e\x81\x5b\x96\xbc: 'System Writer'\r\n"
    "   \x83\x89\x83\x43\x83\x5e\x81\x5b ID: {e8132975-6f93-4464-a53e-1050253ae220}\r\n"
    "   \x8f\xf3\x91\xd4: [1] \x88\xc0\x92\xe8\r\n"
    "   \x8d\xc5\x8c\xe3\x82\xcc\x83\x47\x83\x89\x81\x5b: \x83\x47\x83\x89\x81\x5b\x82\xc8\x82\xb5\r\n";

Test(codepage, shift_jis_by_name_across_every_read_boundary)
{
	char cs[32], *s;
	size_t step;
	uint64_t repl = 1;

	for (step = 1; step <= 7; step++) {
		s = decode_all(writers_cp932, sizeof writers_cp932 - 1, step, "cp932", cs,
		    sizeof cs, &repl);
		cr_assert_str_eq(cs, "cp932");
		cr_assert_eq(repl, 0, "step %zu", step);
		/* ライター名, 状態: [1] 安定, 最後のエラー: エラーなし */
		cr_assert(strstr(s, "\xe3\x83\xa9\xe3\x82\xa4\xe3\x82\xbf\xe3\x83\xbc\xe5\x90\x8d: "
		    "'System Writer'") != NULL, "step %zu: %s", step, s);
		cr_assert(strstr(s, "\xe7\x8a\xb6\xe6\x85\x8b: [1] \xe5\xae\x89\xe5\xae\x9a") !=
		    NULL, "%s", s);
		cr_assert(strstr(s, "\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc\xe3\x81\xaa\xe3\x81\x97") !=
		    NULL, "%s", s);
		free(s);
	}
}

Test(codepage, bytes_the_code_page_lacks_and_nul_are_replaced)
{
	/* 0x81 0x20 is no Shift-JIS character; a NUL inside the text (a trace of one in a
	 * longer text, or the entry would be binary); a lead byte at the very end. */
	static const char bad[] = "ok \x81\x20 and\0nul in a line long enough to be text "
	    "and not binary, which needs more than sixty-four bytes \x83";
	char cs[32];
	uint64_t repl = 0;
	char *s = decode_all(bad, sizeof bad - 1, 0, "932", cs, sizeof cs, &repl);

	cr_assert_str_eq(cs, "cp932");
	cr_assert_geq(repl, 3);
	cr_assert(strstr(s, "ok \xef\xbf\xbd") != NULL, "%s", s);
	cr_assert(strstr(s, "and\xef\xbf\xbdnul") != NULL, "%s", s);
	cr_assert(strchr(s, '\0') == s + strlen(s));
	free(s);
}

Test(codepage, explicit_page_overrides_the_guess_and_utf8_is_untouched)
{
	char cs[32], *s;

	/* Forced to 1252, the cp850 bytes are read as 1252. */
	s = decode_all(fsutil_cp850, sizeof fsutil_cp850 - 1, 0, "cp1252", cs, sizeof cs, NULL);
	cr_assert_str_eq(cs, "windows-1252");
	cr_assert(strstr(s, "Acc\xc5\xa0s") != NULL, "%s", s);
	free(s);
	/* Valid UTF-8 is never sent through a code page. */
	s = decode_all("Gr\xc3\xb6\xc3\x9f" "e\n", 8, 0, "cp850", cs, sizeof cs, NULL);
	cr_assert_str_eq(cs, "utf-8");
	cr_assert_str_eq(s, "Gr\xc3\xb6\xc3\x9f" "e");
	free(s);
	/* cp866 Cyrillic: "Ошибка" */
	s = decode_all("\x8e\xe8\xa8\xa1\xaa\xa0\r\n", 8, 0, "cp866", cs, sizeof cs, NULL);
	cr_assert_str_eq(cs, "cp866");
	cr_assert_str_eq(s, "\xd0\x9e\xd1\x88\xd0\xb8\xd0\xb1\xd0\xba\xd0\xb0");
	free(s);
}

Test(codepage, names_are_checked)
{
	cr_assert(textin_codepage_supported("cp850"));
	cr_assert(textin_codepage_supported("CP437"));
	cr_assert(textin_codepage_supported("932"));
	cr_assert(textin_codepage_supported("windows-1252"));
	cr_assert_not(textin_codepage_supported("no-such-codepage"));
	cr_assert_not(textin_codepage_supported(""));
	cr_assert_not(textin_codepage_supported("cp850cp850cp850cp850cp850cp850"));
}

Test(codepage, unknown_name_falls_back_to_windows_1252)
{
	char cs[32];
	char *s = decode_all("caf\xe9\n", 5, 0, "no-such-codepage", cs, sizeof cs, NULL);

	cr_assert_str_eq(cs, "windows-1252");
	cr_assert_str_eq(s, "caf\xc3\xa9");
	free(s);
}
