/* Resource limits applied while reading one bundle; every limit has a default and a flag. */
#ifndef MT_LIMITS_H
#define MT_LIMITS_H

#include <stdint.h>

struct limits {
	uint64_t max_total;	/* uncompressed bytes read from one bundle, all levels */
	uint64_t max_entry;	/* uncompressed bytes read from one entry */
	uint64_t max_ratio;	/* uncompressed / compressed for one entry (if known) */
	int max_depth;		/* archive nesting depth (top level is 0) */
	uint64_t max_entries;	/* entries per bundle, all levels */
	uint64_t max_line;	/* bytes of one decoded line kept; the rest is cut */
	uint64_t max_nested_spool; /* bytes of a nested archive or .evtx held in memory to seek in it */
	int max_seconds;	/* wall-clock budget for one bundle, 0 = none */
};

/* Fills in the documented defaults. */
void limits_default(struct limits *l);

#endif
