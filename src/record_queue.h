/* Handing records to a second thread: the parsing thread pushes copies into a bounded queue,
 * and a rules thread passes them, in the order pushed, to a sink (the rules, the bundle facts,
 * the job timeline). */
#ifndef MT_RECORD_QUEUE_H
#define MT_RECORD_QUEUE_H

#include "record.h"

#define RECORD_QUEUE_SLOTS	256		/* records queued at most */
#define RECORD_QUEUE_BYTES	(8 * 1024 * 1024) /* and their arenas' bytes, unless alone */

struct record_queue;

/* Starts the thread that calls sink.emit for each record pushed. NULL when no thread can be
 * started: the caller then calls the sink itself. */
struct record_queue *record_queue_start(struct record_sink sink);

/* Queues a copy of r (waiting while the queue is full). r->entry and r->kind are kept as
 * pointers: they must stay valid until the next record_queue_drain. */
void record_queue_push(struct record_queue *q, const struct record *r);

/* Returns once the sink has seen every record pushed so far. */
void record_queue_drain(struct record_queue *q);

/* Drains, stops the thread and frees. NULL is accepted. */
void record_queue_free(struct record_queue *q);

#endif
