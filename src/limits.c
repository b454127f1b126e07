/* The default resource limits for reading one bundle. */
#include "limits.h"

void
limits_default(struct limits *l)
{
	l->max_total = (uint64_t)4 << 30;	/* 4 GiB */
	l->max_entry = (uint64_t)1 << 30;	/* 1 GiB */
	l->max_ratio = 1000;
	l->max_depth = 4;
	l->max_entries = 100000;
	l->max_line = (uint64_t)64 << 10;	/* 64 KiB */
	l->max_nested_spool = (uint64_t)64 << 20;	/* 64 MiB */
	l->max_seconds = 300;
}
