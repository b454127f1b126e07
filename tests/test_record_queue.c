/* Tests of the queue that hands records to the rules thread: order, content, bounds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "record_queue.h"

struct seen {
	long next;		/* the line the next record must have */
	long bad;		/* records that differed from what was pushed */
	size_t big;		/* records with the large value */
};

/* Record i has line i, i % 7 fields named f0.. with values "v<i>-<k>", and every 1000th a
 * value of 9 MiB (over the queue's byte bound). */
static void
make_record(struct record *r, long i, char *big, size_t bigsz)
{
	char name[16], value[64];
	int k;

	record_begin(r, "test.kind", "entry/path.log", i);
	for (k = 0; k < (int)(i % 7); k++) {
		snprintf(name, sizeof name, "f%d", k);
		snprintf(value, sizeof value, "v%ld-%d", i, k);
		record_sets(r, name, value);
	}
	if (i % 1000 == 999)
		record_set(r, "big", big, bigsz);
}

static void
check_record(void *ctx, const struct record *r)
{
	struct seen *s = ctx;
	char name[16], value[64];
	const char *v;
	int k, ok;

	ok = r->line == s->next && strcmp(r->kind, "test.kind") == 0 &&
	    strcmp(r->entry, "entry/path.log") == 0 && r->nfields == (size_t)(r->line % 7) +
	    (r->line % 1000 == 999);
	for (k = 0; ok && k < (int)(r->line % 7); k++) {
		snprintf(name, sizeof name, "f%d", k);
		snprintf(value, sizeof value, "v%ld-%d", r->line, k);
		ok = (v = record_get(r, name)) != NULL && strcmp(v, value) == 0;
	}
	if (ok && r->line % 1000 == 999) {
		v = record_get(r, "big");
		ok = v != NULL && strlen(v) == 9u << 20 && v[0] == 'x' && v[(9u << 20) - 1] == 'y';
		s->big++;
	}
	if (!ok)
		s->bad++;
	s->next = r->line + 1;
}

Test(record_queue, every_record_in_order_and_whole)
{
	struct seen s = {0, 0, 0};
	struct record_sink sink = {check_record, &s};
	struct record_queue *q = record_queue_start(sink);
	struct record r;
	size_t bigsz = 9u << 20;
	char *big = malloc(bigsz);
	long i;

	cr_assert_not_null(q);
	cr_assert_not_null(big);
	memset(big, 'x', bigsz);
	big[bigsz - 1] = 'y';
	memset(&r, 0, sizeof r);
	for (i = 0; i < 5000; i++) {
		make_record(&r, i, big, bigsz);
		record_queue_push(q, &r);
		if (i == 2500) {
			record_queue_drain(q);
			cr_assert_eq(s.next, 2501, "after a drain the sink has seen everything");
		}
	}
	record_queue_free(q);
	cr_assert_eq(s.next, 5000);
	cr_assert_eq(s.bad, 0, "%ld records differ", s.bad);
	cr_assert_eq(s.big, 5);
	record_free(&r);
	free(big);
}

/* A drain with fewer records queued than it takes to wake the rules thread. */
Test(record_queue, drain_of_a_few)
{
	struct seen s = {0, 0, 0};
	struct record_sink sink = {check_record, &s};
	struct record_queue *q = record_queue_start(sink);
	struct record r;
	long i;

	cr_assert_not_null(q);
	memset(&r, 0, sizeof r);
	for (i = 0; i < 3; i++) {
		make_record(&r, i, NULL, 0);
		record_queue_push(q, &r);
	}
	record_queue_drain(q);
	cr_assert_eq(s.next, 3);
	record_queue_free(q);
	record_queue_free(NULL);
	cr_assert_eq(s.bad, 0);
	record_free(&r);
}
