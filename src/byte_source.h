/* A pull-style byte stream: how bundle entries hand their bytes to the decoder. */
#ifndef MT_BYTE_SOURCE_H
#define MT_BYTE_SOURCE_H

#include <stddef.h>
#include <sys/types.h>

struct byte_source {
	/* Reads up to n bytes into buf: returns the count, 0 at end, -1 on error (the
	 * source keeps the message, see errmsg). */
	ssize_t (*read)(void *ctx, void *buf, size_t n);
	/* Message of the last error, or NULL. May be NULL itself. */
	const char *(*errmsg)(void *ctx);
	void *ctx;
};

#endif
