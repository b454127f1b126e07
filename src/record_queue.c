/* Handing records to a second thread through a bounded ring of record copies. */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "record_queue.h"

/* A slot whose arena grew past this (a record near its 4 MiB budget) gives the memory back
 * after use, so that the queue's memory stays bounded whatever the input. */
#define SLOT_KEEP	(64 * 1024)

#define FIELDS_AT	offsetof(struct record, fields)
#define FIELDS_END	(FIELDS_AT + sizeof ((struct record *)0)->fields)

struct record_queue {
	struct record_sink sink;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t pushed;	/* records were queued, or a drain or a stop was asked */
	pthread_cond_t popped;	/* records were passed on */
	struct record ring[RECORD_QUEUE_SLOTS];
	size_t head;		/* the oldest queued record */
	size_t count;		/* records queued, those being passed on included */
	size_t bytes;		/* their arenas' bytes */
	int rules_waiting;	/* the rules thread sleeps on pushed */
	int pushers_waiting;	/* threads sleep on popped */
	int stop;
	int muted;		/* the caller's diag_mute, inherited */
};

/* Records are passed on in runs: the rules thread is woken when this many are queued (or on
 * a drain), not for each one, which would cost a system call per record. */
#define WAKE_AT		(RECORD_QUEUE_SLOTS / 2)

static void *
rules_main(void *arg)
{
	struct record_queue *q = arg;
	struct record *r;
	size_t i, n, h, nbytes;

	diag_mute(q->muted);
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (q->count == 0 && !q->stop) {
			q->rules_waiting = 1;
			pthread_cond_wait(&q->pushed, &q->mu);
			q->rules_waiting = 0;
		}
		if (q->count == 0)
			break;
		/* The queued slots are this thread's until they are given back. */
		n = q->count;
		h = q->head;
		pthread_mutex_unlock(&q->mu);
		nbytes = 0;
		for (i = 0; i < n; i++) {
			r = &q->ring[(h + i) % RECORD_QUEUE_SLOTS];
			q->sink.emit(q->sink.ctx, r);
			nbytes += r->arena.len;
			if (r->arena.cap > SLOT_KEEP)
				sb_free(&r->arena);
		}
		pthread_mutex_lock(&q->mu);
		q->head = (h + n) % RECORD_QUEUE_SLOTS;
		q->count -= n;
		q->bytes -= nbytes;
		if (q->pushers_waiting)
			pthread_cond_broadcast(&q->popped);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

struct record_queue *
record_queue_start(struct record_sink sink)
{
	struct record_queue *q = xcalloc(1, sizeof *q);

	q->sink = sink;
	q->muted = diag_muted();
	if (pthread_mutex_init(&q->mu, NULL) != 0)
		goto fail_mutex;
	if (pthread_cond_init(&q->pushed, NULL) != 0)
		goto fail_pushed;
	if (pthread_cond_init(&q->popped, NULL) != 0)
		goto fail_popped;
	if (pthread_create(&q->thread, NULL, rules_main, q) != 0)
		goto fail_thread;
	return q;
fail_thread:
	pthread_cond_destroy(&q->popped);
fail_popped:
	pthread_cond_destroy(&q->pushed);
fail_pushed:
	pthread_mutex_destroy(&q->mu);
fail_mutex:
	free(q);
	return NULL;
}

void
record_queue_push(struct record_queue *q, const struct record *r)
{
	struct record *slot;
	struct strbuf arena;

	pthread_mutex_lock(&q->mu);
	/* A record larger than the byte bound waits for an empty queue and goes alone. */
	while (q->count == RECORD_QUEUE_SLOTS ||
	    (q->count > 0 && q->bytes + r->arena.len > RECORD_QUEUE_BYTES)) {
		if (q->rules_waiting)
			pthread_cond_signal(&q->pushed);
		q->pushers_waiting++;
		pthread_cond_wait(&q->popped, &q->mu);
		q->pushers_waiting--;
	}
	slot = &q->ring[(q->head + q->count) % RECORD_QUEUE_SLOTS];
	pthread_mutex_unlock(&q->mu);
	/* Every member of the record but the unused part of its field table, then its own
	 * copy of the arena. */
	arena = slot->arena;
	memcpy(slot, r, FIELDS_AT);
	memcpy(slot->fields, r->fields, r->nfields * sizeof r->fields[0]);
	memcpy((char *)slot + FIELDS_END, (const char *)r + FIELDS_END,
	    sizeof *r - FIELDS_END);
	slot->arena = arena;
	sb_reset(&slot->arena);
	sb_add(&slot->arena, r->arena.s, r->arena.len);
	pthread_mutex_lock(&q->mu);
	q->count++;
	q->bytes += r->arena.len;
	if (q->rules_waiting && (q->count >= WAKE_AT || q->bytes >= RECORD_QUEUE_BYTES / 2))
		pthread_cond_signal(&q->pushed);
	pthread_mutex_unlock(&q->mu);
}

void
record_queue_drain(struct record_queue *q)
{
	pthread_mutex_lock(&q->mu);
	while (q->count > 0) {
		if (q->rules_waiting)
			pthread_cond_signal(&q->pushed);
		q->pushers_waiting++;
		pthread_cond_wait(&q->popped, &q->mu);
		q->pushers_waiting--;
	}
	pthread_mutex_unlock(&q->mu);
}

void
record_queue_free(struct record_queue *q)
{
	size_t i;

	if (q == NULL)
		return;
	record_queue_drain(q);
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_signal(&q->pushed);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	for (i = 0; i < RECORD_QUEUE_SLOTS; i++)
		sb_free(&q->ring[i].arena);
	pthread_cond_destroy(&q->popped);
	pthread_cond_destroy(&q->pushed);
	pthread_mutex_destroy(&q->mu);
	free(q);
}
