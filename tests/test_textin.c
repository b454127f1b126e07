/* Tests for the streaming text decoder: encodings, line ends, block boundaries, limits. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "textin.h"

/* A byte source over memory that hands out everything, one byte, or random small chunks,
 * and can fail after a number of bytes. */
enum chunking { ALL, ONE, RANDOM };

struct memsrc {
	const unsigned char *p;
	size_t n, pos;
	enum chunking mode;
	unsigned seed;
	size_t fail_at;		/* (size_t)-1: never */
};

static ssize_t
mem_read(void *ctx, void *buf, size_t n)
{
	struct memsrc *m = ctx;
	size_t k = m->n - m->pos;

	if (m->pos >= m->fail_at)
		return -1;
	if (m->mode == ONE && k > 1)
		k = 1;
	if (m->mode == RANDOM) {
		size_t r;
		m->seed = m->seed * 1103515245u + 12345u;
		r = 1 + (m->seed >> 16) % 37;
		if (k > r)
			k = r;
	}
	if (k > n)
		k = n;
	if (m->fail_at != (size_t)-1 && m->pos + k > m->fail_at)
		k = m->fail_at - m->pos;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (ssize_t)k;
}

static const char *
mem_err(void *ctx)
{
	(void)ctx;
	return "simulated read failure";
}

static struct byte_source
memsrc_init(struct memsrc *m, const void *p, size_t n, enum chunking mode)
{
	struct byte_source s = {mem_read, mem_err, m};

	m->p = p;
	m->n = n;
	m->pos = 0;
	m->mode = mode;
	m->seed = 42;
	m->fail_at = (size_t)-1;
	return s;
}

/* Reads every line and joins them with '|'; returns the count of lines. */
static long
all_lines(struct textin *t, struct strbuf *out)
{
	const char *l;
	size_t n;
	long count = 0;
	int r;

	while ((r = textin_getline(t, &l, &n)) == 1) {
		cr_assert_eq(strlen(l), n, "line must be NUL-terminated and hold no NUL");
		if (count++)
			sb_addc(out, '|');
		sb_add(out, l, n);
	}
	cr_assert_eq(r, 0);
	return count;
}

/* Decodes bytes with the given chunking and returns the joined lines (caller frees). */
static char *
decode_lines(const void *p, size_t n, enum chunking mode, size_t max_line, enum text_encoding *enc,
    uint64_t *repl)
{
	struct memsrc m;
	struct textin *t = textin_open(memsrc_init(&m, p, n, mode), max_line);
	struct strbuf sb = STRBUF_INIT;

	all_lines(t, &sb);
	if (enc)
		*enc = textin_encoding(t);
	if (repl)
		*repl = textin_replacements(t);
	cr_assert_eq(textin_bytes_in(t), n);
	textin_close(t);
	return sb_detach(&sb);
}

/* Test-side UTF-8 to UTF-16 encoder for building realistic samples. */
static void
to_utf16(const char *s, int le, int bom, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp, units[2];
	int i, nu;

	if (bom) {
		sb_add(out, le ? "\xff\xfe" : "\xfe\xff", 2);
	}
	while (*p) {
		if (*p < 0x80)
			cp = *p++;
		else if (*p < 0xE0) {
			cp = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
			p += 2;
		} else if (*p < 0xF0) {
			cp = (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
			p += 3;
		} else {
			cp = (unsigned)(p[0] & 0x07) << 18 | (unsigned)(p[1] & 0x3F) << 12 |
			    (unsigned)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
			p += 4;
		}
		if (cp >= 0x10000) {
			units[0] = 0xD800 + ((cp - 0x10000) >> 10);
			units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			nu = 2;
		} else {
			units[0] = cp;
			nu = 1;
		}
		for (i = 0; i < nu; i++) {
			char b[2];
			b[le ? 0 : 1] = (char)(units[i] & 0xFF);
			b[le ? 1 : 0] = (char)(units[i] >> 8);
			sb_add(out, b, 2);
		}
	}
}

static const char vssadmin_writers[] =
    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\r\n"
    "(C) Copyright 2001-2013 Microsoft Corp.\r\n"
    "\r\n"
    "Waiting for responses.\r\n"
    "These may be delayed if a shadow copy is being prepared.\r\n"
    "\r\n"
    "Writer name: 'System Writer'\r\n"
    "   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}\r\n"
    "   Writer Instance Id: {b1c47cec-0e12-4ac6-b84b-9c1d8292a9f3}\r\n"
    "   State: [5] Waiting for completion\r\n"
    "   Last error: No error\r\n"
    "\r\n"
    "Writer name: 'Microsoft Hyper-V VSS Writer'\r\n"
    "   Writer Id: {66841cd4-6ded-4f4b-8f17-fd23f8ddc3de}\r\n"
    "   Writer Instance Id: {6162e336-7448-4371-93a7-29581512b103}\r\n"
    "   State: [8] Failed\r\n"
    "   Last error: Inconsistent shadow copy\r\n"
    "\r\n";

static const char shadowstorage_ptbr[] =
    "Associa\xc3\xa7\xc3\xa3o de armazenamento de c\xc3\xb3pias de sombra\r\n"
    "   Para o volume: (C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-806e6f6e6963}\\\r\n"
    "   Espa\xc3\xa7o m\xc3\xa1ximo de armazenamento de c\xc3\xb3pias de sombra: 1,5 GB (1%)\r\n";

/* The expected '|'-joined lines of a CRLF text. */
static char *
expected_lines(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = text, *e;

	while (*p) {
		e = strstr(p, "\r\n");
		if (sb.len || p != text)
			sb_addc(&sb, '|');
		sb_add(&sb, p, (size_t)(e - p));
		p = e + 2;
	}
	return sb_detach(&sb);
}

Test(textin, utf16le_bom_vssadmin_every_chunking)
{
	struct strbuf u16 = STRBUF_INIT;
	char *want = expected_lines(vssadmin_writers);
	enum chunking modes[] = {ALL, ONE, RANDOM};
	size_t i;

	to_utf16(vssadmin_writers, 1, 1, &u16);
	for (i = 0; i < MT_ARRAY_LEN(modes); i++) {
		enum text_encoding enc;
		uint64_t repl;
		char *got = decode_lines(u16.s, u16.len, modes[i], 0, &enc, &repl);
		cr_assert_str_eq(got, want, "chunking %zu", i);
		cr_assert_eq(enc, ENC_UTF16LE_BOM);
		cr_assert_eq(repl, 0);
		free(got);
	}
	free(want);
	sb_free(&u16);
}

Test(textin, utf16be_bom_and_bomless_utf16)
{
	struct strbuf be = STRBUF_INIT, le = STRBUF_INIT, nbe = STRBUF_INIT;
	char *want = expected_lines(shadowstorage_ptbr);
	enum text_encoding enc;
	char *got;

	to_utf16(shadowstorage_ptbr, 0, 1, &be);
	to_utf16(shadowstorage_ptbr, 1, 0, &le);
	to_utf16(shadowstorage_ptbr, 0, 0, &nbe);
	got = decode_lines(be.s, be.len, RANDOM, 0, &enc, NULL);
	cr_assert_str_eq(got, want);
	cr_assert_eq(enc, ENC_UTF16BE_BOM);
	free(got);
	got = decode_lines(le.s, le.len, ONE, 0, &enc, NULL);
	cr_assert_str_eq(got, want);
	cr_assert_eq(enc, ENC_UTF16LE);
	cr_assert_str_eq(textin_encoding_name(enc), "utf-16le");
	free(got);
	got = decode_lines(nbe.s, nbe.len, ALL, 0, &enc, NULL);
	cr_assert_str_eq(got, want);
	cr_assert_eq(enc, ENC_UTF16BE);
	free(got);
	free(want);
	sb_free(&be);
	sb_free(&le);
	sb_free(&nbe);
}

Test(textin, utf8_with_and_without_bom)
{
	const char text[] = "\xef\xbb\xbf" "2024-03-01 10:00:00 Gr\xc3\xb6\xc3\x9f" "e OK\n"
	    "zweite Zeile \xe2\x82\xac\n";
	enum text_encoding enc;
	uint64_t repl;
	char *got;

	got = decode_lines(text, sizeof text - 1, ONE, 0, &enc, &repl);
	cr_assert_str_eq(got, "2024-03-01 10:00:00 Gr\xc3\xb6\xc3\x9f" "e OK|zweite Zeile \xe2\x82\xac");
	cr_assert_eq(enc, ENC_UTF8_BOM);
	cr_assert_eq(repl, 0);
	free(got);
	got = decode_lines(text + 3, sizeof text - 4, RANDOM, 0, &enc, &repl);
	cr_assert_str_eq(got, "2024-03-01 10:00:00 Gr\xc3\xb6\xc3\x9f" "e OK|zweite Zeile \xe2\x82\xac");
	cr_assert_eq(enc, ENC_UTF8);
	cr_assert_eq(repl, 0);
	free(got);
}

Test(textin, line_ends_crlf_lf_cr_and_boundaries)
{
	const char text[] = "one\r\ntwo\nthree\rfour\r\rsix\n\nlast";
	enum chunking modes[] = {ALL, ONE, RANDOM};
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(modes); i++) {
		char *got = decode_lines(text, sizeof text - 1, modes[i], 0, NULL, NULL);
		cr_assert_str_eq(got, "one|two|three|four||six||last", "chunking %zu", i);
		free(got);
	}
}

Test(textin, line_counts_and_numbers)
{
	struct memsrc m;
	struct textin *t = textin_open(memsrc_init(&m, "a\r\n\r\n", 5, ONE), 0);
	const char *l;
	size_t n;

	cr_assert_eq(textin_getline(t, &l, &n), 1);
	cr_assert_eq(textin_lineno(t), 1);
	cr_assert_eq(textin_getline(t, &l, &n), 1);
	cr_assert_eq(n, 0);
	cr_assert_eq(textin_lineno(t), 2);
	cr_assert_eq(textin_getline(t, &l, &n), 0);
	textin_close(t);
}

Test(textin, surrogates_and_odd_bytes)
{
	/* "A" U+1F600 "B", then a lone high surrogate before "C", a lone low one, an odd byte. */
	const unsigned char le[] = {
		0xFF, 0xFE, 'A', 0, 0x3D, 0xD8, 0x00, 0xDE, 'B', 0, '\n', 0,
		0x3D, 0xD8, 'C', 0, 0x00, 0xDE, 'D', 0, 'E'
	};
	struct strbuf sb = STRBUF_INIT;
	enum chunking modes[] = {ALL, ONE, RANDOM};
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(modes); i++) {
		struct memsrc m;
		struct textin *t = textin_open(memsrc_init(&m, le, sizeof le, modes[i]), 0);
		sb_reset(&sb);
		cr_assert_eq(all_lines(t, &sb), 2);
		cr_assert_eq(textin_encoding(t), ENC_UTF16LE_BOM);
		cr_assert_str_eq(sb_str(&sb), "A\xf0\x9f\x98\x80" "B|\xef\xbf\xbd" "C\xef\xbf\xbd"
		    "D\xef\xbf\xbd", "chunking %zu", i);
		cr_assert_eq(textin_replacements(t), 3);
		textin_close(t);
	}
	sb_free(&sb);
}

Test(textin, utf16_to_utf8_direct)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char be[] = {0x00, 'S', 0x00, 0xE3, 0xD8, 0x3D, 0xDE, 0x00, 0xDC, 0x00};

	cr_assert_eq(utf16_to_utf8(be, sizeof be, 0, &sb), 1);
	cr_assert_str_eq(sb.s, "S\xc3\xa3\xf0\x9f\x98\x80\xef\xbf\xbd");
	sb_reset(&sb);
	cr_assert_eq(utf16_to_utf8((const unsigned char *)"a\0\0\0", 4, 1, &sb), 1);
	cr_assert_str_eq(sb.s, "a\xef\xbf\xbd");
	sb_free(&sb);
}

Test(textin, invalid_utf8_is_replaced_and_counted)
{
	/* Enough valid multi-byte text that the damage does not make it look legacy. */
	const char text[] = "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc bad \xc3\x28 cut \xe2\x82 end \xff"
	    " surrogate \xed\xa0\x80!\n";
	enum text_encoding enc;
	uint64_t repl;
	char *got = decode_lines(text, sizeof text - 1, ONE, 0, &enc, &repl);

	cr_assert_eq(enc, ENC_UTF8);
	cr_assert_str_eq(got, "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc bad \xef\xbf\xbd( cut \xef\xbf\xbd"
	    " end \xef\xbf\xbd surrogate \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!");
	cr_assert_eq(repl, 6);
	free(got);
	/* A sequence cut by the end of the entry. */
	got = decode_lines("\xc3\xbc\xc3\xbc ok \xe2\x82", 10, ONE, 0, &enc, &repl);
	cr_assert_str_eq(got, "\xc3\xbc\xc3\xbc ok \xef\xbf\xbd");
	cr_assert_eq(repl, 1);
	free(got);
}

Test(textin, legacy_windows_1252)
{
	const char text[] = "Espa\xe7o m\xe1ximo: 1,5 GB \x80 \x93quoted\x94 \x81\r\n";
	enum text_encoding enc;
	uint64_t repl;
	char *got = decode_lines(text, sizeof text - 1, RANDOM, 0, &enc, &repl);

	cr_assert_eq(enc, ENC_LEGACY);
	cr_assert_str_eq(textin_encoding_name(enc), "windows-1252");
	cr_assert_str_eq(got, "Espa\xc3\xa7o m\xc3\xa1ximo: 1,5 GB \xe2\x82\xac \xe2\x80\x9cquoted"
	    "\xe2\x80\x9d \xef\xbf\xbd");
	cr_assert_eq(repl, 1);
	free(got);
}

Test(textin, overlong_lines_are_cut)
{
	struct strbuf text = STRBUF_INIT;
	enum chunking modes[] = {ALL, ONE, RANDOM};
	size_t i;

	for (i = 0; i < 1000; i++)
		sb_addc(&text, 'x');
	sb_adds(&text, "\nnext\n");
	/* A multi-byte character across the cut is not split. */
	sb_adds(&text, "abcd\xc3\xa9\xc3\xa9\xc3\xa9\nend");
	for (i = 0; i < MT_ARRAY_LEN(modes); i++) {
		struct memsrc m;
		struct textin *t = textin_open(memsrc_init(&m, text.s, text.len, modes[i]), 5);
		struct strbuf sb = STRBUF_INIT;
		cr_assert_eq(all_lines(t, &sb), 4);
		cr_assert_str_eq(sb.s, "xxxxx|next|abcd|end", "chunking %zu", i);
		cr_assert_eq(textin_cut_lines(t), 2);
		textin_close(t);
		sb_free(&sb);
	}
	sb_free(&text);
}

Test(textin, binary_detection)
{
	static const unsigned char pe[64] = {'M', 'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff};
	static const unsigned char evtx[] = "ElfFile\0\0\0\0\0\0\0\0\0\x01\0\0\0";
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	unsigned char noise[600];
	size_t i;
	struct memsrc m;
	struct textin *t;

	t = textin_open(memsrc_init(&m, pe, sizeof pe, ALL), 0);
	cr_assert(textin_is_binary(t));
	cr_assert_eq(textin_encoding(t), ENC_BINARY);
	textin_close(t);
	t = textin_open(memsrc_init(&m, evtx, sizeof evtx - 1, ONE), 0);
	cr_assert(textin_is_binary(t));
	textin_close(t);
	t = textin_open(memsrc_init(&m, png, sizeof png - 1, ALL), 0);
	cr_assert(textin_is_binary(t));
	textin_close(t);
	for (i = 0; i < sizeof noise; i++)
		noise[i] = (unsigned char)((i * 7919 + 13) % 251);
	t = textin_open(memsrc_init(&m, noise, sizeof noise, ALL), 0);
	cr_assert(textin_is_binary(t));
	textin_close(t);
}

Test(textin, stray_nul_in_text_is_replaced)
{
	struct strbuf text = STRBUF_INIT;
	struct memsrc m;
	struct textin *t;
	const char *l;
	size_t n;
	int i;

	for (i = 0; i < 40; i++)
		sb_adds(&text, "2024-03-01 10:00:00 INFO service started normally\n");
	sb_add(&text, "tail\0end\n", 9);
	t = textin_open(memsrc_init(&m, text.s, text.len, ALL), 0);
	cr_assert_not(textin_is_binary(t));
	cr_assert_eq(textin_encoding(t), ENC_UTF8);
	for (i = 0; i < 41; i++)
		cr_assert_eq(textin_getline(t, &l, &n), 1);
	cr_assert_str_eq(l, "tail\xef\xbf\xbd" "end");
	cr_assert_eq(textin_replacements(t), 1);
	textin_close(t);
	sb_free(&text);
}

Test(textin, empty_entry)
{
	struct memsrc m;
	struct textin *t = textin_open(memsrc_init(&m, "", 0, ALL), 0);
	const char *l;
	size_t n;

	cr_assert(textin_is_empty(t));
	cr_assert_not(textin_is_binary(t));
	cr_assert_eq(textin_getline(t, &l, &n), 0);
	cr_assert_eq(textin_head(t, &n)[0], '\0');
	cr_assert_eq(n, 0);
	textin_close(t);
}

Test(textin, head_does_not_consume)
{
	struct strbuf text = STRBUF_INIT, u16 = STRBUF_INIT;
	struct memsrc m;
	struct textin *t;
	const char *head, *l;
	size_t hl, n;
	long lines = 0;
	int i;

	for (i = 0; i < 2000; i++)
		sb_printf(&text, "Line %04d \xc3\xa9t\xc3\xa9\r\n", i);
	to_utf16(text.s, 1, 1, &u16);
	t = textin_open(memsrc_init(&m, u16.s, u16.len, RANDOM), 0);
	head = textin_head(t, &hl);
	cr_assert(hl > 4000 && hl <= TEXTIN_HEAD_MAX);
	cr_assert_eq(strlen(head), hl);
	cr_assert(strncmp(head, "Line 0000 \xc3\xa9t\xc3\xa9\r\nLine 0001", 26) == 0);
	cr_assert_neq(((unsigned char)head[hl - 1] & 0xC0), 0xC0, "head cut inside a character");
	cr_assert_eq(textin_getline(t, &l, &n), 1);
	cr_assert_str_eq(l, "Line 0000 \xc3\xa9t\xc3\xa9");
	lines = 1;
	while (textin_getline(t, &l, &n) == 1)
		if (++lines == 2000)
			cr_assert_str_eq(l, "Line 1999 \xc3\xa9t\xc3\xa9");
	cr_assert_eq(lines, 2000);
	cr_assert_eq(textin_lineno(t), 2000);
	cr_assert_eq(textin_bytes_in(t), u16.len);
	textin_close(t);
	sb_free(&text);
	sb_free(&u16);
}

Test(textin, read_gives_whole_text_across_blocks)
{
	struct strbuf text = STRBUF_INIT, u16 = STRBUF_INIT, got = STRBUF_INIT;
	struct memsrc m;
	struct textin *t;
	char buf[1000];
	long r;
	int i;

	/* More than one 64 KiB block, with a surrogate pair in every line. */
	for (i = 0; i < 5000; i++)
		sb_printf(&text, "%d \xf0\x9f\x98\x80 record\r\n", i);
	to_utf16(text.s, 0, 1, &u16);
	t = textin_open(memsrc_init(&m, u16.s, u16.len, RANDOM), 0);
	while ((r = textin_read(t, buf, sizeof buf)) > 0)
		sb_add(&got, buf, (size_t)r);
	cr_assert_eq(r, 0);
	cr_assert_eq(got.len, text.len);
	cr_assert(memcmp(got.s, text.s, text.len) == 0);
	cr_assert_eq(textin_replacements(t), 0);
	textin_close(t);
	sb_free(&text);
	sb_free(&u16);
	sb_free(&got);
}

Test(textin, read_error_is_reported)
{
	struct strbuf text = STRBUF_INIT;
	struct memsrc m;
	struct byte_source s;
	struct textin *t;
	const char *l;
	size_t n;
	int r, lines = 0, i;

	for (i = 0; i < 20000; i++)
		sb_adds(&text, "0123456789\n");
	s = memsrc_init(&m, text.s, text.len, ALL);
	m.fail_at = 100000;
	t = textin_open(s, 0);
	cr_assert_null(textin_error(t));
	while ((r = textin_getline(t, &l, &n)) == 1)
		lines++;
	cr_assert_eq(r, -1);
	cr_assert_eq(lines, 100000 / 11);
	cr_assert_str_eq(textin_error(t), "simulated read failure");
	textin_close(t);
	sb_free(&text);
}
