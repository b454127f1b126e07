/* A byte source over a buffer, for the fuzz targets. */
#ifndef MT_FUZZ_MEMSRC_H
#define MT_FUZZ_MEMSRC_H

#include <stddef.h>
#include <stdint.h>
#include "byte_source.h"
#include "record.h"

struct memsrc {
	const uint8_t *p;
	size_t n, pos;
};

/* A source reading m (which must outlive it) from its start. */
struct byte_source memsrc_open(struct memsrc *m, const uint8_t *p, size_t n);
/* A record sink that checks every record serialises to valid JSON (aborts if not). */
void memsrc_check_record(void *ctx, const struct record *r);

#endif
