/* Test harness for parsers: runs a parser over bytes in memory through the real decoder and
 * keeps a copy of every record it emits. Included by the tests/test_parse_*.c files. */
#ifndef MT_TEST_PARSE_HARNESS_H
#define MT_TEST_PARSE_HARNESS_H

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include "parser.h"
#include "textin.h"

/* Bytes served in pieces of at most step bytes, to cross every buffer boundary. */
struct mem_src {
	const unsigned char *p;
	size_t n, off, step;
};

static inline ssize_t
mem_read(void *ctx, void *buf, size_t n)
{
	struct mem_src *m = ctx;
	size_t k = m->n - m->off;

	if (k > n)
		k = n;
	if (m->step && k > m->step)
		k = m->step;
	memcpy(buf, m->p + m->off, k);
	m->off += k;
	return (ssize_t)k;
}

struct harvest {
	struct record *r;
	size_t n, cap;
};

static inline void
harvest_emit(void *c, const struct record *src)
{
	struct harvest *h = c;
	struct record *d;
	size_t i;

	h->r = xgrow(h->r, &h->cap, h->n + 1, sizeof *h->r);
	d = &h->r[h->n++];
	memset(d, 0, sizeof *d);
	record_begin(d, src->kind, src->entry, src->line);
	d->has_record_id = src->has_record_id;
	d->record_id = src->record_id;
	for (i = 0; i < src->nfields; i++)
		record_sets(d, record_field_name(src, i), record_field_value(src, i));
	if (record_time_text(src) || src->time.q != TQ_NONE)
		record_set_time(d, src->time, record_time_text(src),
		    record_time_text(src) ? strlen(record_time_text(src)) : 0);
	if (record_excerpt(src))
		record_set_excerpt(d, record_excerpt(src), strlen(record_excerpt(src)));
}

static inline void
harvest_free(struct harvest *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		record_free(&h->r[i]);
	free(h->r);
	memset(h, 0, sizeof *h);
}

/* The value of field name in record i, or NULL. */
static inline const char *
hv(const struct harvest *h, size_t i, const char *name)
{
	return i < h->n ? record_get(&h->r[i], name) : NULL;
}

struct run {
	struct harvest h;
	int rc;
	char *note;
	uint64_t nrecords;
};

/* Runs p over bytes as entry (mtime in seconds, 0 unknown), reading step bytes at a time
 * (0: as much as asked). */
static inline void
run_parser_env(const struct parser *p, const char *entry, int64_t mtime,
    const struct parse_env *env, const void *bytes, size_t n, size_t step, struct run *out)
{
	struct mem_src m = {bytes, n, 0, step};
	struct byte_source src = {mem_read, NULL, &m};
	struct parse_ctx ctx;

	memset(&ctx, 0, sizeof ctx);
	memset(out, 0, sizeof *out);
	ctx.bundle = "bundle.zip";
	ctx.entry = entry;
	ctx.mtime = mtime;
	ctx.env = env;
	ctx.in = textin_open(src, 0);
	ctx.sink.emit = harvest_emit;
	ctx.sink.ctx = &out->h;
	out->rc = p->parse(&ctx);
	out->note = ctx.note;
	out->nrecords = ctx.nrecords;
	record_free(&ctx.rec);
	textin_close(ctx.in);
}

static inline void
run_parser(const struct parser *p, const char *entry, int64_t mtime, const char *text,
    struct run *out)
{
	run_parser_env(p, entry, mtime, NULL, text, strlen(text), 0, out);
}

static inline void
run_free(struct run *r)
{
	harvest_free(&r->h);
	free(r->note);
	r->note = NULL;
}

/* Recognises bytes the way the analysis driver does: the decoded head and the name. */
static inline const struct parser *
recognise_bytes(const char *name, const void *bytes, size_t n, int *bid)
{
	struct mem_src m = {bytes, n, 0, 0};
	struct byte_source src = {mem_read, NULL, &m};
	struct textin *t = textin_open(src, 0);
	const struct parser *p;
	const char *head;
	size_t hl;

	head = textin_head(t, &hl);
	p = recognise(name, head, hl, bid);
	textin_close(t);
	return p;
}

/* ASCII/UTF-8 (BMP only) text as Windows PowerShell 5.1 `>` writes it: UTF-16LE with a
 * BOM, LF turned into CRLF. Caller frees. */
static inline unsigned char *
utf16le_crlf(const char *s, size_t *outlen)
{
	size_t n = strlen(s), o = 0, i;
	unsigned char *b = xmalloc(4 * n + 2);
	unsigned cp;

	b[o++] = 0xFF;
	b[o++] = 0xFE;
	for (i = 0; i < n; ) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			cp = c;
			i++;
		} else if ((c & 0xE0) == 0xC0 && i + 1 < n) {
			cp = (unsigned)(c & 0x1F) << 6 | ((unsigned char)s[i + 1] & 0x3F);
			i += 2;
		} else if (i + 2 < n) {
			cp = (unsigned)(c & 0x0F) << 12 | (unsigned)((unsigned char)s[i + 1] & 0x3F) << 6 |
			    ((unsigned char)s[i + 2] & 0x3F);
			i += 3;
		} else {
			cp = 0xFFFD;
			i++;
		}
		if (cp == '\n') {
			b[o++] = '\r';
			b[o++] = 0;
		}
		b[o++] = (unsigned char)(cp & 0xFF);
		b[o++] = (unsigned char)(cp >> 8);
	}
	*outlen = o;
	return b;
}

#endif
