/* Tests of textin's bulk decoding: random texts built from pieces whose UTF-8 form is known
 * (ASCII runs, NUL, multi-byte characters, surrogate pairs, invalid pieces), decoded whole
 * and in blocks of every size, must give exactly the expected UTF-8. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "textin.h"

#define FFFD "\xef\xbf\xbd"

static uint64_t seed;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(seed >> 33) % n;
}

struct pair {
	struct strbuf in, want;
	uint64_t repl;
};

static void
put16(struct strbuf *sb, unsigned u, int le)
{
	sb_addc(sb, (char)(le ? u & 0xFF : u >> 8));
	sb_addc(sb, (char)(le ? u >> 8 : u & 0xFF));
}

/* A UTF-16 text of about n units with its expected decoding. */
static void
make_utf16(struct pair *p, size_t n, int le)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		unsigned r = rnd(100), c;

		if (r < 80) {		/* a run of ASCII, the common case */
			for (k = rnd(24) + 1; k > 0; k--) {
				c = 1 + rnd(0x7F);
				put16(&p->in, c, le);
				sb_addc(&p->want, (char)c);
			}
		} else if (r < 84) {
			put16(&p->in, 0, le);
			sb_adds(&p->want, FFFD);
			p->repl++;
		} else if (r < 90) {
			put16(&p->in, 0xE9, le);
			sb_adds(&p->want, "\xc3\xa9");
		} else if (r < 94) {
			put16(&p->in, 0x20AC, le);
			sb_adds(&p->want, "\xe2\x82\xac");
		} else if (r < 97) {	/* U+1F600 as a surrogate pair */
			put16(&p->in, 0xD83D, le);
			put16(&p->in, 0xDE00, le);
			sb_adds(&p->want, "\xf0\x9f\x98\x80");
		} else if (r < 98) {	/* a lone high surrogate before ASCII */
			put16(&p->in, 0xD800, le);
			put16(&p->in, 'x', le);
			sb_adds(&p->want, FFFD "x");
			p->repl++;
		} else {		/* a lone low surrogate */
			put16(&p->in, 0xDC00, le);
			sb_adds(&p->want, FFFD);
			p->repl++;
		}
	}
}

/* A UTF-8 text of about n pieces with its expected decoding. */
static void
make_utf8(struct pair *p, size_t n)
{
	static const char *const multi[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
	size_t i, k;

	for (i = 0; i < n; i++) {
		unsigned r = rnd(100), c;

		if (r < 85) {
			for (k = rnd(30) + 1; k > 0; k--) {
				c = 1 + rnd(0x7F);
				sb_addc(&p->in, (char)c);
				sb_addc(&p->want, (char)c);
			}
		} else if (r < 88) {
			sb_addc(&p->in, '\0');
			sb_adds(&p->want, FFFD);
			p->repl++;
		} else if (r < 96) {
			const char *m = multi[rnd(3)];
			sb_adds(&p->in, m);
			sb_adds(&p->want, m);
		} else {		/* a stray continuation byte or 0xFF */
			sb_addc(&p->in, rnd(2) ? '\x80' : '\xff');
			sb_adds(&p->want, FFFD);
			p->repl++;
		}
	}
}

struct chunked {
	const char *p;
	size_t len, pos, step;
};

static ssize_t
chunk_read(void *ctx, void *buf, size_t n)
{
	struct chunked *c = ctx;
	size_t k = c->len - c->pos;

	if (k > c->step)
		k = c->step;
	if (k > n)
		k = n;
	memcpy(buf, c->p + c->pos, k);
	c->pos += k;
	return (ssize_t)k;
}

/* Decodes src through textin, read in pieces of step bytes; returns the UTF-8. */
static char *
through_textin(const char *src, size_t len, size_t step, uint64_t *repl)
{
	struct chunked c = {src, len, 0, step};
	struct byte_source bs = {chunk_read, NULL, &c};
	struct textin *t = textin_open(bs, 0);
	struct strbuf out = STRBUF_INIT;
	char buf[777];
	long k;

	while ((k = textin_read(t, buf, sizeof buf)) > 0)
		sb_add(&out, buf, (size_t)k);
	cr_assert_eq(k, 0);
	*repl = textin_replacements(t);
	textin_close(t);
	return sb_detach(&out);
}

Test(textin_bulk, utf16_direct_matches_reference)
{
	int round, le;

	seed = 1;
	for (round = 0; round < 300; round++) {
		struct pair p = {STRBUF_INIT, STRBUF_INIT, 0};
		struct strbuf out = STRBUF_INIT;
		uint64_t repl;

		le = round % 2;
		make_utf16(&p, 1 + rnd(200), le);
		if (round % 7 == 0) {	/* an odd byte at the end */
			sb_addc(&p.in, 'A');
			sb_adds(&p.want, FFFD);
			p.repl++;
		}
		repl = utf16_to_utf8((const unsigned char *)p.in.s, p.in.len, le, &out);
		cr_assert_eq(out.len, p.want.len, "round %d: length %zu, want %zu", round, out.len,
		    p.want.len);
		cr_assert(memcmp(out.s, p.want.s, out.len) == 0, "round %d differs", round);
		cr_assert_eq(repl, p.repl);
		sb_free(&out);
		sb_free(&p.in);
		sb_free(&p.want);
	}
}

Test(textin_bulk, utf8_sanitise_matches_reference)
{
	int round;

	seed = 2;
	for (round = 0; round < 300; round++) {
		struct pair p = {STRBUF_INIT, STRBUF_INIT, 0};
		struct strbuf out = STRBUF_INIT;
		uint64_t repl;

		make_utf8(&p, 1 + rnd(200));
		repl = utf8_sanitise(p.in.s, p.in.len, &out);
		cr_assert_eq(out.len, p.want.len, "round %d", round);
		cr_assert(memcmp(out.s, p.want.s, out.len) == 0, "round %d differs", round);
		cr_assert_eq(repl, p.repl);
		sb_free(&out);
		sb_free(&p.in);
		sb_free(&p.want);
	}
}

/* Block boundaries fall everywhere, inside the eight-byte groups too. */
Test(textin_bulk, utf16le_with_bom_in_blocks_of_every_size)
{
	struct pair p = {STRBUF_INIT, STRBUF_INIT, 0};
	size_t step;

	seed = 3;
	sb_add(&p.in, "\xff\xfe", 2);
	make_utf16(&p, 3000, 1);
	for (step = 1; step <= 40; step++) {
		uint64_t repl;
		char *got = through_textin(p.in.s, p.in.len, step * 13 + step % 3, &repl);
		cr_assert_str_eq(got, p.want.s, "step %zu", step);
		cr_assert_eq(repl, p.repl);
		free(got);
	}
	sb_free(&p.in);
	sb_free(&p.want);
}

Test(textin_bulk, utf8_in_blocks_of_every_size)
{
	struct pair p = {STRBUF_INIT, STRBUF_INIT, 0};
	size_t step;

	seed = 4;
	/* Mostly ASCII at first, so detection says UTF-8, not binary or legacy. */
	sb_adds(&p.in, "1A2C 0F40 03/14 02:20:03.877 71 start\r\n");
	sb_adds(&p.want, "1A2C 0F40 03/14 02:20:03.877 71 start\r\n");
	make_utf8(&p, 4000);
	for (step = 1; step <= 40; step++) {
		uint64_t repl;
		char *got = through_textin(p.in.s, p.in.len, step * 17 + step % 5, &repl);
		cr_assert_str_eq(got, p.want.s, "step %zu", step);
		cr_assert_eq(repl, p.repl);
		free(got);
	}
	sb_free(&p.in);
	sb_free(&p.want);
}
