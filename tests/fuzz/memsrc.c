/* A byte source over a buffer, and a record sink that checks records, for the fuzz targets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "memsrc.h"
#include "oracle.h"

static ssize_t
mem_read(void *ctx, void *buf, size_t n)
{
	struct memsrc *m = ctx;

	if (n > m->n - m->pos)
		n = m->n - m->pos;
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

struct byte_source
memsrc_open(struct memsrc *m, const uint8_t *p, size_t n)
{
	struct byte_source bs = {mem_read, NULL, m};

	m->p = p;
	m->n = n;
	m->pos = 0;
	return bs;
}

void
memsrc_check_record(void *ctx, const struct record *r)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	(void)ctx;
	if (fp == NULL)
		oracle_fail("open_memstream");
	record_write_json(r, fp);
	fclose(fp);
	while (len > 0 && out[len - 1] == '\n')
		len--;
	if (!oracle_json(out, len))
		oracle_fail("a record does not serialise to valid JSON");
	free(out);
}
