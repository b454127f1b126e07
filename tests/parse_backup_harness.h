/* Test harness for the backup and storage parsers: runs a parser over a sample held in
 * memory (through the real decoder) and keeps copies of the records it emits. The helpers
 * are static inline so that a test file may use only some of them. */
#ifndef MT_PARSE_BACKUP_HARNESS_H
#define MT_PARSE_BACKUP_HARNESS_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "parsers_backup.h"
#include "textin.h"

#define H_MAX_RECORDS 64

struct h_record {
	char kind[32];
	long line;
	struct rec_time time;
	char time_text[64];
	char excerpt[256];
	size_t nfields;
	char *name[REC_MAX_FIELDS];
	char *value[REC_MAX_FIELDS];
};

struct h_run {
	size_t n;
	uint64_t emitted;
	int rc;
	struct h_record rec[H_MAX_RECORDS];
};

struct h_mem {
	const unsigned char *p;
	size_t n, pos;
};

static inline ssize_t
h_mem_read(void *ctx, void *buf, size_t n)
{
	struct h_mem *m = ctx;
	size_t k = m->n - m->pos;

	if (k > n)
		k = n;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (ssize_t)k;
}

static inline void
h_copy(char *dst, size_t cap, const char *s)
{
	snprintf(dst, cap, "%s", s ? s : "");
}

static inline void
h_emit(void *ctx, const struct record *r)
{
	struct h_run *run = ctx;
	struct h_record *h;
	size_t i;

	if (run->n >= H_MAX_RECORDS)
		return;
	h = &run->rec[run->n++];
	h_copy(h->kind, sizeof h->kind, r->kind);
	h->line = r->line;
	h->time = r->time;
	h_copy(h->time_text, sizeof h->time_text, record_time_text(r));
	h_copy(h->excerpt, sizeof h->excerpt, record_excerpt(r));
	h->nfields = r->nfields;
	for (i = 0; i < r->nfields; i++) {
		h->name[i] = xstrdup(record_field_name(r, i));
		h->value[i] = xstrdup(record_field_value(r, i));
	}
}

static inline void
h_free(struct h_run *run)
{
	size_t i, j;

	for (i = 0; i < run->n; i++)
		for (j = 0; j < run->rec[i].nfields; j++) {
			free(run->rec[i].name[j]);
			free(run->rec[i].value[j]);
		}
	free(run);
}

/* Runs p over the n bytes of text as entry `name`; env may be NULL (zone unknown). */
static inline struct h_run *
h_parse_env(const struct parser *p, const char *name, const void *text, size_t n,
    const struct parse_env *env)
{
	static const struct parse_env noenv = {.tz_known = 0};
	struct h_run *run = xcalloc(1, sizeof *run);
	struct h_mem m = {text, n, 0};
	struct byte_source src = {h_mem_read, NULL, &m};
	struct limits lim;
	struct parse_ctx ctx;

	memset(&ctx, 0, sizeof ctx);
	memset(&lim, 0, sizeof lim);
	lim.max_line = 64 * 1024;
	ctx.bundle = "bundle.zip";
	ctx.entry = name;
	ctx.in = textin_open(src, 0);
	ctx.lim = &lim;
	ctx.env = env ? env : &noenv;
	ctx.sink.emit = h_emit;
	ctx.sink.ctx = run;
	run->rc = p->parse(&ctx);
	run->emitted = ctx.nrecords;
	textin_close(ctx.in);
	record_free(&ctx.rec);
	free(ctx.note);
	return run;
}

static inline struct h_run *
h_parse(const struct parser *p, const char *name, const char *text)
{
	return h_parse_env(p, name, text, strlen(text), NULL);
}

/* The bid p gives on the decoded head of the n bytes of text. */
static inline int
h_bid_bytes(const struct parser *p, const char *name, const void *text, size_t n)
{
	struct h_mem m = {text, n, 0};
	struct byte_source src = {h_mem_read, NULL, &m};
	struct textin *t = textin_open(src, 0);
	const char *head;
	size_t hl;
	int bid;

	head = textin_head(t, &hl);
	bid = p->bid(name, head, hl);
	textin_close(t);
	return bid;
}

static inline int
h_bid(const struct parser *p, const char *name, const char *text)
{
	return h_bid_bytes(p, name, text, strlen(text));
}

/* The value of field `name` of record i, or NULL. */
static inline const char *
h_get(const struct h_run *run, size_t i, const char *name)
{
	size_t j;

	cr_assert_lt(i, run->n, "record %zu asked, %zu emitted", i, run->n);
	for (j = 0; j < run->rec[i].nfields; j++)
		if (strcmp(run->rec[i].name[j], name) == 0)
			return run->rec[i].value[j];
	return NULL;
}

/* Asserts that field `name` of record i is `want` (NULL: absent). */
#define h_expect(run, i, name, want) do { \
	const char *h_v_ = h_get((run), (i), (name)); \
	const char *h_w_ = (want); \
	if (h_w_ == NULL) \
		cr_assert_null(h_v_, "record %d field %s: expected absent, got \"%s\"", \
		    (int)(i), (name), h_v_ ? h_v_ : ""); \
	else { \
		cr_assert_not_null(h_v_, "record %d field %s: absent, expected \"%s\"", \
		    (int)(i), (name), h_w_); \
		cr_assert_str_eq(h_v_, h_w_, "record %d field %s", (int)(i), (name)); \
	} \
} while (0)

/* UTF-16LE with a BOM and CRLF line ends, as PowerShell 5.1 and wmic write redirected
 * output; text must be ASCII or UTF-8 of the Basic Multilingual Plane. The caller frees. */
static inline unsigned char *
h_utf16le(const char *text, size_t *outlen)
{
	size_t n = strlen(text), i = 0, o = 0;
	unsigned char *out = xmalloc(2 + n * 4 + 2);
	unsigned cp;

	out[o++] = 0xFF;
	out[o++] = 0xFE;
	while (i < n) {
		unsigned char c = (unsigned char)text[i];

		if (c < 0x80) {
			cp = c;
			i++;
		} else if ((c & 0xE0) == 0xC0) {
			cp = ((c & 0x1Fu) << 6) | ((unsigned char)text[i + 1] & 0x3Fu);
			i += 2;
		} else {
			cp = ((c & 0x0Fu) << 12) | (((unsigned char)text[i + 1] & 0x3Fu) << 6) |
			    ((unsigned char)text[i + 2] & 0x3Fu);
			i += 3;
		}
		if (cp == '\n') {
			out[o++] = '\r';
			out[o++] = 0;
		}
		out[o++] = (unsigned char)(cp & 0xFF);
		out[o++] = (unsigned char)(cp >> 8);
	}
	*outlen = o;
	return out;
}

/* Prose that mentions the commands and their words without being their output. */
static const char h_prose[] =
    "Notes from the call with the customer\r\n"
    "\r\n"
    "We ran wbadmin start systemstatebackup and vssadmin list shadowstorage on the server.\r\n"
    "The customer said the backup of the system state failed again last night and that\r\n"
    "the Shadow Copy Storage association looked fine. Free space: Total free bytes were\r\n"
    "low on C: (about 2 GB). icacls on System Volume Information showed SYSTEM with (F).\r\n"
    "diskpart list vol shows Volume 0 and Volume 1; bcdedit shows winload.efi, so UEFI.\r\n"
    "Next step: run Get-WBJob -Previous 1 and send the JobType and HResult lines.\r\n";

#endif
