/* Reading ahead on a second thread: a reader queues copies of fetched blocks in a ring of
 * slots; the caller takes them in order. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "readahead.h"
#include "util.h"

struct slot {
	unsigned char *data;
	size_t len, cap;
	int status;
	int64_t pos;
	int has_msg;
	char msg[READAHEAD_MSG_MAX];
};

struct readahead {
	ra_fetch_fn fetch;
	void *ctx;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t filled;	/* a slot was published, or the reader stopped */
	pthread_cond_t freed;	/* a slot was given back, or a stop was asked */
	struct slot ring[READAHEAD_SLOTS];
	struct slot spare;	/* what was fetched when a stop came with the ring full */
	size_t head;		/* the oldest published slot */
	size_t count;		/* slots published and not given back */
	int spare_full;
	int taken;		/* the caller holds ring[head] (1) or the spare (2) */
	int stop;		/* the caller asks the reader to stop */
	int done;		/* the reader has stopped */
	int joined;
	int muted;		/* the caller's diag_mute, inherited by the reader */
};

/* Waits for a free slot; NULL when asked to stop instead. Called with the lock held. */
static struct slot *
free_slot(struct readahead *ra)
{
	while (!ra->stop && ra->count == READAHEAD_SLOTS)
		pthread_cond_wait(&ra->freed, &ra->mu);
	if (ra->stop)
		return NULL;
	return &ra->ring[(ra->head + ra->count) % READAHEAD_SLOTS];
}

/* Copies a piece of a block into a slot the reader owns until it publishes it. */
static void
fill_slot(struct slot *s, const struct ra_block *b, const unsigned char *p, size_t n)
{
	if (n > s->cap) {
		s->cap = n;
		free(s->data);
		s->data = xmalloc(n);
	}
	if (n > 0)
		memcpy(s->data, p, n);
	s->len = n;
	s->status = b->status;
	s->pos = b->pos;
	s->has_msg = b->msg != NULL;
	if (b->msg != NULL)
		snprintf(s->msg, sizeof s->msg, "%s", b->msg);
}

static void *
reader_main(void *arg)
{
	struct readahead *ra = arg;
	struct ra_block b;
	struct slot *s;
	const unsigned char *p;
	size_t n, off;
	int more = 1;

	diag_mute(ra->muted);
	pthread_mutex_lock(&ra->mu);
	while (more && !ra->stop) {
		pthread_mutex_unlock(&ra->mu);
		memset(&b, 0, sizeof b);
		more = ra->fetch(ra->ctx, &b);
		pthread_mutex_lock(&ra->mu);
		/* A large block goes in pieces; each piece carries the block's status. */
		p = b.data;
		off = 0;
		do {
			n = b.len - off;
			if (n > READAHEAD_SLOT_MAX)
				n = READAHEAD_SLOT_MAX;
			if ((s = free_slot(ra)) == NULL) {
				/* Stopped: what was fetched is kept, all of it, so that the
				 * caller can account for every byte taken from the source. */
				fill_slot(&ra->spare, &b, b.len ? p + off : p, b.len - off);
				ra->spare_full = 1;
				break;
			}
			pthread_mutex_unlock(&ra->mu);
			fill_slot(s, &b, b.len ? p + off : p, n);
			pthread_mutex_lock(&ra->mu);
			ra->count++;
			pthread_cond_signal(&ra->filled);
			off += n;
		} while (off < b.len);
	}
	ra->done = 1;
	pthread_cond_signal(&ra->filled);
	pthread_mutex_unlock(&ra->mu);
	return NULL;
}

struct readahead *
readahead_start(ra_fetch_fn fetch, void *ctx)
{
	struct readahead *ra = xcalloc(1, sizeof *ra);

	ra->fetch = fetch;
	ra->ctx = ctx;
	ra->muted = diag_muted();
	if (pthread_mutex_init(&ra->mu, NULL) != 0)
		goto fail_mutex;
	if (pthread_cond_init(&ra->filled, NULL) != 0)
		goto fail_filled;
	if (pthread_cond_init(&ra->freed, NULL) != 0)
		goto fail_freed;
	if (pthread_create(&ra->thread, NULL, reader_main, ra) != 0)
		goto fail_thread;
	return ra;
fail_thread:
	pthread_cond_destroy(&ra->freed);
fail_freed:
	pthread_cond_destroy(&ra->filled);
fail_filled:
	pthread_mutex_destroy(&ra->mu);
fail_mutex:
	free(ra);
	return NULL;
}

int
readahead_next(struct readahead *ra, struct ra_block *b)
{
	struct slot *s;

	pthread_mutex_lock(&ra->mu);
	/* The block read before is given back. */
	if (ra->taken == 1) {
		ra->head = (ra->head + 1) % READAHEAD_SLOTS;
		ra->count--;
		pthread_cond_signal(&ra->freed);
	} else if (ra->taken == 2)
		ra->spare_full = 0;
	ra->taken = 0;
	while (ra->count == 0 && !ra->done)
		pthread_cond_wait(&ra->filled, &ra->mu);
	if (ra->count > 0) {
		ra->taken = 1;
		s = &ra->ring[ra->head];
	} else if (ra->spare_full) {
		ra->taken = 2;
		s = &ra->spare;
	} else {
		pthread_mutex_unlock(&ra->mu);
		return -1;
	}
	pthread_mutex_unlock(&ra->mu);
	b->data = s->data;
	b->len = s->len;
	b->status = s->status;
	b->msg = s->has_msg ? s->msg : NULL;
	b->pos = s->pos;
	return 0;
}

void
readahead_finish(struct readahead *ra)
{
	if (ra == NULL || ra->joined)
		return;
	pthread_mutex_lock(&ra->mu);
	ra->stop = 1;
	pthread_cond_signal(&ra->freed);
	pthread_mutex_unlock(&ra->mu);
	pthread_join(ra->thread, NULL);
	ra->joined = 1;
}

void
readahead_free(struct readahead *ra)
{
	size_t i;

	if (ra == NULL)
		return;
	readahead_finish(ra);
	for (i = 0; i < READAHEAD_SLOTS; i++)
		free(ra->ring[i].data);
	free(ra->spare.data);
	pthread_cond_destroy(&ra->freed);
	pthread_cond_destroy(&ra->filled);
	pthread_mutex_destroy(&ra->mu);
	free(ra);
}
