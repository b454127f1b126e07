/* Tests for SHA-256 (FIPS 180-2 appendix vectors) and base64 (RFC 4648 section 10). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "sha256.h"

static void
hex(const unsigned char d[32], char out[65])
{
	int i;

	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void
expect_digest(const char *msg, const char *want)
{
	unsigned char d[32];
	char h[65];

	sha256(msg, strlen(msg), d);
	hex(d, h);
	cr_expect_str_eq(h, want, "sha256(\"%s\")", msg);
}

Test(sha256, standard_vectors)
{
	expect_digest("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	expect_digest("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	expect_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	expect_digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopj"
	    "klmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

Test(sha256, million_a_in_uneven_pieces)
{
	static char a[1000];
	struct sha256 c;
	unsigned char d[32];
	size_t done = 0, piece = 1;
	char h[65];

	memset(a, 'a', sizeof a);
	sha256_init(&c);
	while (done < 1000000) {
		size_t n = piece < 1000000 - done ? piece : 1000000 - done;

		sha256_update(&c, a, n);
		done += n;
		/* Pieces of 1 to 962 bytes: block boundaries fall at every offset. */
		piece = piece % 900 + 63;
	}
	sha256_final(&c, d);
	hex(d, h);
	cr_assert_str_eq(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths around the padding boundary (55, 56, 63, 64 bytes) hashed whole and byte by byte
 * give the same digest. */
Test(sha256, padding_boundaries_and_split_updates)
{
	static const char text[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789abcdefghijklmnopqrstuvwxyz";
	unsigned char whole[32], split[32];
	struct sha256 c;
	size_t len, i;

	for (len = 50; len <= 72; len++) {
		sha256(text, len, whole);
		sha256_init(&c);
		for (i = 0; i < len; i++)
			sha256_update(&c, text + i, 1);
		sha256_final(&c, split);
		cr_expect(memcmp(whole, split, 32) == 0, "length %zu", len);
	}
	sha256(text, 56, whole);
	sha256(text, 55, split);
	cr_expect(memcmp(whole, split, 32) != 0);
}

Test(base64, rfc4648_vectors)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	char out[16];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		base64_encode((const unsigned char *)v[i].in, strlen(v[i].in), out);
		cr_expect_str_eq(out, v[i].out, "base64(\"%s\")", v[i].in);
	}
}

/* The form a Content-Security-Policy hash source takes: base64 of the raw digest. */
Test(base64, csp_hash_of_a_style)
{
	unsigned char d[32];
	char b64[48];

	sha256("abc", 3, d);
	base64_encode(d, 32, b64);
	cr_assert_str_eq(b64, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
	cr_assert_eq(strlen(b64), 44);
}
