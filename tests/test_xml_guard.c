/* Tests for the XML markup guard (xml_guard.c): its verdicts, over any chunking,
 * are those of a byte-by-byte reading written here from its contract. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "xml_guard.h"

#define NBITS (sizeof bits / sizeof bits[0])

struct verdict {
	size_t accepted;	/* bytes of the document handed on */
	const char *why;	/* NULL when nothing was refused */
};

/* chunk[i] is the chunk holding byte i, as its start offset. */
static struct verdict
reference(const char *s, size_t n, size_t tag_max, size_t eq_max, const size_t *chunk)
{
	struct verdict v = {n, NULL};
	size_t i, start = 0, len = 0, eq = 0;
	int in_tag = 0;

	for (i = 0; i < n; i++) {
		/* The last byte of a "<!DOCTYPE" (the guard needs all of it). */
		if (i >= 8 && s[i - 8] == '<' && s[i - 7] == '!' &&
		    strncasecmp(s + i - 6, "DOCTYPE", 7) == 0) {
			v.accepted = i - 8 > chunk[i] ? i - 8 : chunk[i];
			v.why = "DOCTYPE refused";
			return v;
		}
		if (s[i] == '<') {
			in_tag = 1;
			start = i;
			len = eq = 0;
		} else if (s[i] == '>')
			in_tag = 0;
		else if (in_tag) {
			len++;
			eq += s[i] == '=';
			if (len > tag_max || eq > eq_max) {
				v.accepted = start > chunk[i] ? start : chunk[i];
				v.why = "markup construct too large refused";
				return v;
			}
		}
	}
	return v;
}

static unsigned long seed = 12345;

static size_t
rnd(size_t n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (size_t)((seed >> 33) % n);
}

/* Feeds s in chunks of random sizes up to maxchunk; checks against the reference. */
static void
check(const char *s, size_t n, size_t tag_max, size_t eq_max, size_t maxchunk)
{
	struct xml_guard g;
	struct verdict want, got = {n, NULL};
	size_t *chunk = malloc((n + 1) * sizeof *chunk), at = 0, k, i, ok;
	size_t sizes[64], nsizes = 0;

	xml_guard_init(&g, tag_max, eq_max);
	while (at < n) {
		k = 1 + rnd(maxchunk);
		if (k > n - at)
			k = n - at;
		for (i = at; i < at + k; i++)
			chunk[i] = at;
		if (nsizes < 64)
			sizes[nsizes++] = k;
		ok = xml_guard(&g, s + at, k, &got.why);
		if (got.why) {
			cr_assert_leq(ok, k);
			got.accepted = at + ok;
			break;
		}
		cr_assert_eq(ok, k);
		at += k;
	}
	want = reference(s, n, tag_max, eq_max, chunk);
	cr_assert_eq(got.accepted, want.accepted, "accepted %zu, want %zu (bounds %zu %zu, %zu "
	    "bytes, first chunk %zu)", got.accepted, want.accepted, tag_max, eq_max, n, sizes[0]);
	cr_assert((got.why == NULL) == (want.why == NULL));
	if (got.why)
		cr_assert_str_eq(got.why, want.why);
	free(chunk);
}

/* Random markup over few bytes, so constructs, '=' runs and DOCTYPEs are frequent. */
static size_t
random_doc(char *s, size_t max, int eq_weight)
{
	static const char *const bits[] = {"<", ">", "=", "a", "b c", "<!DOCTYPE", "<!doctype",
	    "<!DOC", "TYPE", "<!", "\n"};
	size_t n = 0, len = 1 + rnd(max), b;
	const char *w;

	while (n < len) {
		b = rnd(NBITS + (size_t)eq_weight);
		w = b < NBITS ? bits[b] : "=";
		if (b == 5 || b == 6) {
			if (rnd(40) != 0)
				w = "x";	/* a DOCTYPE ends the test: seldom */
		}
		if (n + strlen(w) > max)
			break;
		memcpy(s + n, w, strlen(w));
		n += strlen(w);
	}
	return n;
}

Test(xml_guard, agrees_with_bytewise_reading_small_bounds)
{
	static const size_t bounds[][2] = {{9, 1}, {12, 3}, {20, 8}, {64, 16}, {300, 40},
	    {40, 300}};
	char s[800];
	size_t b, i, n;

	for (b = 0; b < sizeof bounds / sizeof bounds[0]; b++)
		for (i = 0; i < 3000; i++) {
			n = random_doc(s, sizeof s, (int)(i % 8));
			check(s, n, bounds[b][0], bounds[b][1], 1 + rnd(i % 2 ? 8 : 300));
		}
}

/* The real bounds: a construct at each side of them, anywhere in a document, in chunks up
 * to the reader's size and beyond. */
Test(xml_guard, agrees_with_bytewise_reading_real_bounds)
{
	size_t n = 200 * 1024, i, at, len, k, round;
	char *s = malloc(n);

	for (round = 0; round < 200; round++) {
		for (i = 0; i < n; i++)
			s[i] = "<a b='c'>text</a>\n"[i % 18];
		at = rnd(n - 70000);
		s[at] = '<';
		if (round % 2) {	/* 255 to 258 '=', among other bytes */
			len = 255 + rnd(4);
			for (i = at + 1, k = 0; k < len; i++)
				if (rnd(3) == 0) {
					s[i] = '=';
					k++;
				} else
					s[i] = 'x';
		} else {		/* 65535 to 65538 bytes */
			len = 65535 + rnd(4);
			for (i = at + 1; i < at + 1 + len; i++)
				s[i] = rnd(50) == 0 ? '=' : 'y';
			if (rnd(2))
				s[at + 1 + rnd(len)] = '<';	/* restarts it: accepted */
		}
		s[i] = '>';
		check(s, n, 64 * 1024, 256, 1 + rnd(round % 3 ? 65536 + 1024 : 300));
	}
	free(s);
}
