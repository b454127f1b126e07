/* SHA-256 (FIPS 180-4), for the Content-Security-Policy hash of the HTML report's style. */
#ifndef MT_SHA256_H
#define MT_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed so far */
	unsigned char buf[64];
	size_t nbuf;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
void sha256_final(struct sha256 *c, unsigned char digest[32]);
/* The digest of data in one call. */
void sha256(const void *data, size_t n, unsigned char digest[32]);
/* Standard base64 with padding of n bytes; out needs 4 * ((n + 2) / 3) + 1 bytes. */
void base64_encode(const unsigned char *in, size_t n, char *out);

#endif
