/* Normalised records: what every parser emits and every rule reads. A record is built in
 * place, handed to a sink, and forgotten; nothing keeps a pointer into it after the sink
 * returns. */
#ifndef MT_RECORD_H
#define MT_RECORD_H

#include <stdint.h>
#include <string.h>
#include "util.h"

#define REC_MAX_FIELDS 64

enum time_quality {
	TQ_NONE = 0,	/* the record has no time */
	TQ_UTC,	/* exact UTC (event XML SystemTime, ISO 8601 with Z or offset) */
	TQ_ZONE_ASSUMED,/* local time converted with an offset we were given or assumed */
	TQ_ZONE_UNKNOWN /* local time, zone unknown: ms holds it as if it were UTC */
};

struct rec_time {
	int64_t ms;		/* milliseconds since 1970-01-01T00:00:00Z */
	enum time_quality q;
};

struct rec_field {
	size_t name;		/* offsets into the record's arena */
	size_t value;
};

struct record {
	const char *kind;	/* static string, e.g. "mars.log", "event", "vss.writer" */
	const char *entry;	/* bundle entry path, normalised with '/' */
	long line;		/* 1-based line in the decoded entry, 0 if none */
	int has_record_id;
	uint64_t record_id;	/* EventRecordID for events */
	struct rec_time time;
	size_t time_text;	/* offset of the original time text in arena, or (size_t)-1 */
	size_t excerpt;		/* offset of the excerpt (the source line or message), or -1 */
	size_t nfields;
	struct rec_field fields[REC_MAX_FIELDS];
	struct strbuf arena;	/* owns all strings of the record */
	uint64_t names;		/* a bit per field name set (record.c): skips most searches */
};

/* Sinks receive each finished record. The record is only valid during the call. */
struct record_sink {
	void (*emit)(void *ctx, const struct record *r);
	void *ctx;
};

/* Starts a new record, reusing r's arena memory. */
void record_begin(struct record *r, const char *kind, const char *entry, long line);
/* The bit a field name of length len sets in r->names, from its length and its first and
 * last bytes, case folded: names that compare equal share it, so a clear bit means no such
 * field. Inline so that a literal name costs nothing to hash. */
static inline uint64_t
record_name_bit(const char *name, size_t len)
{
	unsigned a, z;

	if (len == 0)
		return 1;
	a = (unsigned char)name[0];
	z = (unsigned char)name[len - 1];
	a += a - 'A' < 26u ? 32u : 0u;
	z += z - 'A' < 26u ? 32u : 0u;
	return (uint64_t)1 << ((a * 7u + z * 3u + (unsigned)len) & 63);
}

/* record_set with the name's length and bit (record_name_bit) already known. */
void record_set_bit(struct record *r, const char *name, size_t len, uint64_t bit,
    const char *value, size_t n);
/* record_get with the name's bit already known, for names looked up again and again. */
const char *record_get_bit(const struct record *r, const char *name, uint64_t bit);

/* Adds a field (copies name and value; value of length n, need not be NUL-terminated).
 * A field set twice keeps the last value. Beyond REC_MAX_FIELDS fields are dropped. */
static inline void
record_set(struct record *r, const char *name, const char *value, size_t n)
{
	size_t len = strlen(name);

	record_set_bit(r, name, len, record_name_bit(name, len), value, n);
}
void record_sets(struct record *r, const char *name, const char *value);
void record_setf(struct record *r, const char *name, const char *fmt, ...) MT_PRINTF(3, 4);
void record_set_time(struct record *r, struct rec_time t, const char *text, size_t n);
void record_set_excerpt(struct record *r, const char *text, size_t n);
/* NULL if absent. Names compare ASCII case-insensitively. */
static inline const char *
record_get(const struct record *r, const char *name)
{
	uint64_t bit = record_name_bit(name, strlen(name));

	return (r->names & bit) ? record_get_bit(r, name, bit) : NULL;
}
const char *record_field_name(const struct record *r, size_t i);
const char *record_field_value(const struct record *r, size_t i);
const char *record_time_text(const struct record *r);	/* NULL if none */
const char *record_excerpt(const struct record *r);	/* NULL if none */
void record_free(struct record *r);

/* Writes r as one JSON object line (the --dump-records format). */
void record_write_json(const struct record *r, FILE *fp);

#endif
