/* Tests of the reader thread's ring: order, pieces, statuses, and nothing lost at a stop. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "readahead.h"

/* A source of numbered blocks: block i holds len(i) bytes, byte k of the stream is k * 7
 * mod 251. The last one (if limited) carries status -30 and a message. */
struct numbered {
	size_t nblocks;		/* 0: endless */
	size_t i;
	uint64_t off;		/* bytes handed out */
	unsigned char buf[3 * READAHEAD_SLOT_MAX];
};

static size_t
block_len(size_t i)
{
	static const size_t lens[] = {1, 0, 4096, 65536, 3, 2 * READAHEAD_SLOT_MAX + 17, 100};

	return lens[i % (sizeof lens / sizeof lens[0])];
}

static int
numbered_fetch(void *ctx, struct ra_block *b)
{
	struct numbered *n = ctx;
	size_t k, len = block_len(n->i);

	if (n->nblocks && n->i + 1 == n->nblocks) {
		b->data = NULL;
		b->len = 0;
		b->status = -30;
		b->msg = "damaged data at the end";
		b->pos = (int64_t)n->i;
		n->i++;
		return 0;
	}
	for (k = 0; k < len; k++)
		n->buf[k] = (unsigned char)((n->off + k) * 7 % 251);
	b->data = n->buf;
	b->len = len;
	b->status = n->i % 5 == 4 ? -20 : 0;	/* a warning now and then */
	b->msg = b->status ? "a warning" : NULL;
	b->pos = (int64_t)n->i;
	n->off += len;
	n->i++;
	return 1;
}

/* Checks a taken block against the stream; returns its length. */
static size_t
check_block(const struct ra_block *b, uint64_t off)
{
	const unsigned char *p = b->data;
	size_t k;

	for (k = 0; k < b->len && p[k] == (unsigned char)((off + k) * 7 % 251); k++)
		;
	cr_assert_eq(k, b->len, "byte %llu differs", (unsigned long long)(off + k));
	return b->len;
}

Test(readahead, every_block_in_order_with_its_status_and_pieces)
{
	static struct numbered n;
	struct readahead *ra;
	struct ra_block b;
	uint64_t off = 0;
	size_t blocks = 0, warnings = 0, big_pieces = 0;
	int last_status = 0;

	memset(&n, 0, sizeof n);
	n.nblocks = 40;
	ra = readahead_start(numbered_fetch, &n);
	cr_assert_not_null(ra);
	while (readahead_next(ra, &b) == 0) {
		cr_assert_leq(b.len, READAHEAD_SLOT_MAX);
		if (b.len == READAHEAD_SLOT_MAX)
			big_pieces++;
		off += check_block(&b, off);
		if (b.status == -20) {
			cr_assert_str_eq(b.msg, "a warning");
			warnings++;
		} else if (b.status == 0)
			cr_assert_null(b.msg);
		last_status = b.status;
		blocks++;
	}
	readahead_free(ra);
	cr_assert_eq(off, n.off, "took %llu bytes of %llu", (unsigned long long)off,
	    (unsigned long long)n.off);
	cr_assert_eq(last_status, -30);
	/* 39 blocks of data, the 5 large ones in three pieces each, and the last. */
	cr_assert_eq(blocks, 39 + 5 * 2 + 1, "%zu blocks", blocks);
	cr_assert_eq(big_pieces, 10);
	/* Blocks 4, 9 ... 34 warn; block 19 is a large one, in three pieces. */
	cr_assert_eq(warnings, 7 + 2, "%zu warnings", warnings);
}

Test(readahead, last_block_keeps_its_message)
{
	static struct numbered n;
	struct readahead *ra;
	struct ra_block b;
	char msg[64] = "";

	memset(&n, 0, sizeof n);
	n.nblocks = 3;
	ra = readahead_start(numbered_fetch, &n);
	cr_assert_not_null(ra);
	while (readahead_next(ra, &b) == 0)
		if (b.msg)
			snprintf(msg, sizeof msg, "%s", b.msg);
	cr_assert_str_eq(msg, "damaged data at the end");
	cr_assert_eq(readahead_next(ra, &b), -1, "nothing after the last block");
	readahead_free(ra);
}

/* Stopped with the ring full and the reader holding one more block: every byte the source
 * gave is still handed out, so the caller can account for it. */
Test(readahead, a_stop_loses_nothing)
{
	static struct numbered n;
	struct readahead *ra;
	struct ra_block b;
	uint64_t off = 0;
	int i;

	memset(&n, 0, sizeof n);
	ra = readahead_start(numbered_fetch, &n);	/* endless */
	cr_assert_not_null(ra);
	for (i = 0; i < 3; i++) {
		cr_assert_eq(readahead_next(ra, &b), 0);
		off += check_block(&b, off);
	}
	readahead_finish(ra);
	readahead_finish(ra);	/* idempotent */
	while (readahead_next(ra, &b) == 0)
		off += check_block(&b, off);
	cr_assert_eq(off, n.off, "took %llu bytes of the %llu fetched",
	    (unsigned long long)off, (unsigned long long)n.off);
	cr_assert_gt(n.i, 3, "the reader read ahead");
	readahead_free(ra);
}

Test(readahead, stop_before_anything_is_taken)
{
	static struct numbered n;
	struct readahead *ra;
	struct ra_block b;
	uint64_t off = 0;

	memset(&n, 0, sizeof n);
	ra = readahead_start(numbered_fetch, &n);
	cr_assert_not_null(ra);
	readahead_finish(ra);
	while (readahead_next(ra, &b) == 0)
		off += check_block(&b, off);
	cr_assert_eq(off, n.off);
	readahead_free(ra);
	readahead_free(NULL);
}
