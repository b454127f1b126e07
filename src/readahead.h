/* Reading ahead on a second thread: a reader thread calls a fetch function (inflating an
 * archive entry's next block) and queues copies of its blocks in a bounded ring, while the
 * calling thread takes them in order and does everything else. */
#ifndef MT_READAHEAD_H
#define MT_READAHEAD_H

#include <stddef.h>
#include <stdint.h>

#define READAHEAD_SLOTS		8		/* blocks queued at most */
#define READAHEAD_SLOT_MAX	(1024 * 1024)	/* a larger block is queued in pieces */
#define READAHEAD_MSG_MAX	512		/* as long as bundle.c's libarchive messages */

/* One fetched block and what came with it. */
struct ra_block {
	const void *data;
	size_t len;
	int status;		/* the fetch function's, e.g. ARCHIVE_OK or ARCHIVE_WARN */
	const char *msg;	/* a message that came with it, or NULL */
	int64_t pos;		/* the fetch function's position after it (compressed bytes) */
};

/*
 * Fills *b with the next block (b->data valid until the next call) and returns 1 if more may
 * follow, 0 if this is the last one (the end, or an error). Called on the reader thread.
 */
typedef int (*ra_fetch_fn)(void *ctx, struct ra_block *b);

struct readahead;

/* Starts a reader thread that calls fetch(ctx) until its last block or readahead_finish.
 * Returns NULL when no thread can be started: the caller then fetches itself. */
struct readahead *readahead_start(ra_fetch_fn fetch, void *ctx);

/* The next block, in fetch order, waiting for it if need be; its data stays valid until
 * the next call. Returns 0 with a block, -1 when there is none (after the last one, or
 * after readahead_finish once the queue is empty). */
int readahead_next(struct readahead *ra, struct ra_block *b);

/* Stops the reader and waits for it: fetch is no longer called, and ctx is the caller's
 * again. Every block fetched can still be taken, none is lost: the caller can account for
 * all that was read from its source. Idempotent. */
void readahead_finish(struct readahead *ra);

/* Finishes, then frees. NULL is accepted. */
void readahead_free(struct readahead *ra);

#endif
