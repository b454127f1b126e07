/* The hostile corpus: broken, odd and malicious bundles, generated at test time so that no bomb
 * is ever stored in the repository. Usage: gen DIR [CASE...] writes every case (or the ones
 * named) into DIR; tests/hostile/cases says what marstriage must make of each. */
#include <sys/stat.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <archive.h>
#include <archive_entry.h>

#define MIB ((size_t)1 << 20)

/* A MARS agent log line that no rule finds fault with; the parsers recognise it. */
#define MARS_LINE "1A2C\t2E10\t12/30\t06:12:40.118\t69\tPolicyManager.cs(412)\tNORMAL\t" \
	"PolicyManager::RefreshPolicy :: Policy is up to date. Next scheduled backup: " \
	"SystemStatePolicy\n"
#define EVENTS_NS "http://schemas.microsoft.com/win/2004/08/events/event"

#if defined(__GNUC__) || defined(__clang__)
#define PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PRINTF(a, b)
#endif

static const char *outdir;

/* ---- byte buffers ---- */

struct buf {
	unsigned char *p;
	size_t n, cap;
};

static void die(const char *fmt, ...) PRINTF(1, 2);
static void buf_printf(struct buf *b, const char *fmt, ...) PRINTF(2, 3);

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("gen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n)
			cap *= 2;
		if ((b->p = realloc(b->p, cap)) == NULL)
			die("out of memory");
		b->cap = cap;
	}
	if (p != NULL && n > 0)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void
buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp)
		die("buf_printf: too long");
	buf_add(b, tmp, (size_t)n);
}

static void
buf_fill(struct buf *b, int c, size_t n)
{
	size_t old = b->n;

	buf_add(b, NULL, n);
	memset(b->p + old, c, n);
}

static void
le16(struct buf *b, unsigned v)
{
	unsigned char x[2] = {(unsigned char)v, (unsigned char)(v >> 8)};

	buf_add(b, x, 2);
}

static void
le32(struct buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
	    (unsigned char)(v >> 24)};

	buf_add(b, x, 4);
}

static void
write_file(const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", outdir, name);
	if ((fp = fopen(path, "wb")) == NULL)
		die("%s: %s", path, strerror(errno));
	if ((n > 0 && fwrite(p, 1, n, fp) != n) || fclose(fp) != 0)
		die("%s: write error", path);
}

static void
write_buf(const char *name, const struct buf *b)
{
	write_file(name, b->p, b->n);
}

/* ---- content ---- */

/* Bytes of a repeated pattern, produced piece by piece so gigabytes need no memory. */
struct gen {
	const char *head;	/* written once first, or NULL */
	const char *unit;	/* then repeated */
	size_t unitlen;
	size_t total;		/* bytes in all */
	size_t pos;
};

static size_t
gen_read(struct gen *g, unsigned char *out, size_t n)
{
	size_t k = 0, hl = g->head ? strlen(g->head) : 0, off, c;

	while (k < n && g->pos < g->total) {
		c = n - k;
		if (c > g->total - g->pos)
			c = g->total - g->pos;
		if (g->pos < hl) {
			if (c > hl - g->pos)
				c = hl - g->pos;
			memcpy(out + k, g->head + g->pos, c);
		} else if (g->unitlen == 1)
			memset(out + k, g->unit[0], c);
		else {
			off = (g->pos - hl) % g->unitlen;
			if (c > g->unitlen - off)
				c = g->unitlen - off;
			memcpy(out + k, g->unit + off, c);
		}
		k += c;
		g->pos += c;
	}
	return k;
}

static void
mars_log(struct buf *b, size_t lines)
{
	while (lines-- > 0)
		buf_adds(b, MARS_LINE);
}

static void
event(struct buf *b, int id, long recid, const char *data)
{
	buf_printf(b, "<Event xmlns='%s'><System><Provider Name='VSS'/><EventID Qualifiers='0'>%d"
	    "</EventID><Level>4</Level><TimeCreated SystemTime='2026-03-10T21:26:43.3370000Z'/>"
	    "<EventRecordID>%ld</EventRecordID><Channel>Application</Channel>"
	    "<Computer>CONTOSO-FS01.contoso.com</Computer></System><EventData><Data>%s</Data>"
	    "</EventData></Event>\n", EVENTS_NS, id, recid, data);
}

/* ---- compression ---- */

/* Raw deflate (zip method 8) or gzip (gz != 0) of everything g yields; returns the CRC-32. */
static uint32_t
deflate_gen(struct gen *g, struct buf *out, int gz, int level)
{
	unsigned char in[65536], o[65536];
	z_stream z;
	uLong crc = crc32(0, Z_NULL, 0);
	size_t n;
	int r, flush;

	memset(&z, 0, sizeof z);
	/* A one-byte pattern compresses as well, and many times faster, with run-length matching
	 * only. */
	if (deflateInit2(&z, level, Z_DEFLATED, gz ? 31 : -15, 9,
	    g->unitlen == 1 && g->total > MIB ? Z_RLE : Z_DEFAULT_STRATEGY) != Z_OK)
		die("deflateInit2");
	do {
		n = gen_read(g, in, sizeof in);
		crc = crc32(crc, in, (uInt)n);
		flush = g->pos >= g->total ? Z_FINISH : Z_NO_FLUSH;
		z.next_in = in;
		z.avail_in = (uInt)n;
		do {
			z.next_out = o;
			z.avail_out = sizeof o;
			r = deflate(&z, flush);
			if (r == Z_STREAM_ERROR)
				die("deflate");
			buf_add(out, o, sizeof o - z.avail_out);
		} while (z.avail_out == 0);
	} while (flush != Z_FINISH);
	deflateEnd(&z);
	return (uint32_t)crc;
}

static uint32_t
deflate_buf(const void *p, size_t n, struct buf *out, int gz)
{
	struct gen g = {NULL, p, n ? n : 1, n, 0};

	return deflate_gen(&g, out, gz, 9);
}

/* ---- zip ---- */

struct zent {
	char *name;
	size_t nlen;
	uint32_t crc, csize, usize, off, attr;
	unsigned method, flags, made;
	struct buf extra;
};

struct zip {
	struct buf b;
	struct zent *e;
	size_t n, cap;
};

/* What an entry's headers say, when it is not the truth. */
struct zopt {
	int stored;		/* method 0 instead of 8 */
	int64_t usize;		/* declared uncompressed size, -1: the real one */
	unsigned flags;		/* general purpose flags (1: encrypted) */
	unsigned method;	/* method written, 0: the real one (99 for AES) */
	uint32_t crc_xor;	/* a wrong CRC */
	uint32_t unix_mode;	/* external attributes, Unix mode in the high half */
	const char *extra;	/* extra field bytes */
	size_t xlen;
};

static const struct zopt ZPLAIN = {0, -1, 0, 0, 0, 0, NULL, 0};

static struct zent *
zip_new_entry(struct zip *z, const char *name, size_t nlen)
{
	struct zent *e;

	if (z->n == z->cap) {
		z->cap = z->cap ? z->cap * 2 : 16;
		if ((z->e = realloc(z->e, z->cap * sizeof *z->e)) == NULL)
			die("out of memory");
	}
	e = &z->e[z->n++];
	memset(e, 0, sizeof *e);
	if ((e->name = malloc(nlen + 1)) == NULL)
		die("out of memory");
	memcpy(e->name, name, nlen);
	e->name[nlen] = '\0';
	e->nlen = nlen;
	return e;
}

/* Adds an entry whose content g yields. */
static void
zip_add_gen(struct zip *z, const char *name, size_t nlen, struct gen *g, const struct zopt *o)
{
	struct zent *e = zip_new_entry(z, name, nlen);
	struct buf data = {NULL, 0, 0};
	size_t total = g->total;

	if (o->stored) {
		unsigned char tmp[65536];
		uLong crc = crc32(0, Z_NULL, 0);
		size_t k;
		while ((k = gen_read(g, tmp, sizeof tmp)) > 0) {
			crc = crc32(crc, tmp, (uInt)k);
			buf_add(&data, tmp, k);
		}
		e->crc = (uint32_t)crc;
		e->method = 0;
	} else {
		e->crc = deflate_gen(g, &data, 0, 9);
		e->method = 8;
	}
	e->crc ^= o->crc_xor;
	if (o->method)
		e->method = o->method;
	e->csize = (uint32_t)data.n;
	e->usize = o->usize >= 0 ? (uint32_t)o->usize : (uint32_t)total;
	e->flags = o->flags;
	e->off = (uint32_t)z->b.n;
	e->made = o->unix_mode ? 0x031E : 0x0014;	/* Unix when a mode is given */
	e->attr = o->unix_mode << 16;
	if (o->xlen)
		buf_add(&e->extra, o->extra, o->xlen);
	le32(&z->b, 0x04034b50);
	le16(&z->b, 20);
	le16(&z->b, e->flags);
	le16(&z->b, e->method);
	le16(&z->b, 0x6000);		/* 12:00 */
	le16(&z->b, 0x5C6F);		/* 2026-03-15 */
	le32(&z->b, e->crc);
	le32(&z->b, e->csize);
	le32(&z->b, e->usize);
	le16(&z->b, (unsigned)nlen);
	le16(&z->b, (unsigned)e->extra.n);
	buf_add(&z->b, name, nlen);
	buf_add(&z->b, e->extra.p, e->extra.n);
	buf_add(&z->b, data.p, data.n);
	free(data.p);
}

static void
zip_add(struct zip *z, const char *name, const void *p, size_t n, const struct zopt *o)
{
	struct gen g = {NULL, NULL, 1, 0, 0};
	char *copy = malloc(n + 1);

	if (copy == NULL)
		die("out of memory");
	memcpy(copy, p, n);
	g.unit = copy;
	g.unitlen = n ? n : 1;
	g.total = n;
	zip_add_gen(z, name, strlen(name), &g, o);
	free(copy);
}

static void
zip_adds(struct zip *z, const char *name, const char *text)
{
	zip_add(z, name, text, strlen(text), &ZPLAIN);
}

static void
zip_addb(struct zip *z, const char *name, const struct buf *b)
{
	zip_add(z, name, b->p, b->n, &ZPLAIN);
}

/* A second directory record for entry i under another name: both point at one local header
 * and one compressed stream. */
static void
zip_alias(struct zip *z, size_t i, const char *name)
{
	struct zent *e = zip_new_entry(z, name, strlen(name)), *src = &z->e[i];
	char *keep = e->name;
	size_t nlen = e->nlen;

	*e = *src;
	e->name = keep;
	e->nlen = nlen;
	memset(&e->extra, 0, sizeof e->extra);
}

/* Writes the central directory and its end record; count < 0 declares the real count. */
static void
zip_finish(struct zip *z, long count)
{
	size_t cd = z->b.n, i;

	for (i = 0; i < z->n; i++) {
		struct zent *e = &z->e[i];
		le32(&z->b, 0x02014b50);
		le16(&z->b, e->made);
		le16(&z->b, 20);
		le16(&z->b, e->flags);
		le16(&z->b, e->method);
		le16(&z->b, 0x6000);
		le16(&z->b, 0x5C6F);
		le32(&z->b, e->crc);
		le32(&z->b, e->csize);
		le32(&z->b, e->usize);
		le16(&z->b, (unsigned)e->nlen);
		le16(&z->b, (unsigned)e->extra.n);
		le16(&z->b, 0);
		le16(&z->b, 0);
		le16(&z->b, 0);
		le32(&z->b, e->attr);
		le32(&z->b, e->off);
		buf_add(&z->b, e->name, e->nlen);
		buf_add(&z->b, e->extra.p, e->extra.n);
	}
	if (count < 0)
		count = (long)z->n;
	le32(&z->b, 0x06054b50);
	le16(&z->b, 0);
	le16(&z->b, 0);
	le16(&z->b, (unsigned)count);
	le16(&z->b, (unsigned)count);
	le32(&z->b, (uint32_t)(z->b.n - cd - 12));
	le32(&z->b, (uint32_t)cd);
	le16(&z->b, 0);
	for (i = 0; i < z->n; i++) {
		free(z->e[i].name);
		free(z->e[i].extra.p);
	}
	free(z->e);
	z->e = NULL;
	z->n = z->cap = 0;
}

/* ---- tar ---- */

static void
tar_header(struct buf *b, const char *name, size_t size, char type, const char *link)
{
	unsigned char h[512];
	unsigned sum = 0;
	size_t i;

	memset(h, 0, sizeof h);
	snprintf((char *)h, 100, "%s", name);
	snprintf((char *)h + 100, 8, "%07o", type == '3' || type == '4' ? 0600 : 0644);
	snprintf((char *)h + 108, 8, "%07o", 0);
	snprintf((char *)h + 116, 8, "%07o", 0);
	snprintf((char *)h + 124, 12, "%011lo", (unsigned long)size);
	snprintf((char *)h + 136, 12, "%011lo", 1773576000UL);	/* 2026-03-15 12:00 UTC */
	memset(h + 148, ' ', 8);
	h[156] = (unsigned char)type;
	if (link)
		snprintf((char *)h + 157, 100, "%s", link);
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	if (type == '3' || type == '4') {
		snprintf((char *)h + 329, 8, "%07o", 1);
		snprintf((char *)h + 337, 8, "%07o", 3);
	}
	for (i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	buf_add(b, h, 512);
}

static void
tar_file(struct buf *b, const char *name, const void *p, size_t n)
{
	tar_header(b, name, n, '0', NULL);
	buf_add(b, p, n);
	buf_fill(b, 0, (512 - n % 512) % 512);
}

/* A pax extended header giving a path of any length to the next entry. */
static void
tar_pax_path(struct buf *b, const char *path)
{
	struct buf rec = {NULL, 0, 0};
	size_t n = strlen(path) + strlen(" path=\n"), len = n, digits;

	/* The record starts with its own length in decimal. */
	for (;;) {
		char tmp[32];
		digits = (size_t)snprintf(tmp, sizeof tmp, "%zu", len);
		if (n + digits == len)
			break;
		len = n + digits;
	}
	buf_printf(&rec, "%zu path=", len);
	buf_adds(&rec, path);
	buf_adds(&rec, "\n");
	tar_header(b, "PaxHeader", rec.n, 'x', NULL);
	buf_add(b, rec.p, rec.n);
	buf_fill(b, 0, (512 - rec.n % 512) % 512);
	free(rec.p);
}

static void
tar_end(struct buf *b)
{
	buf_fill(b, 0, 1024);
}

/* ---- other formats, through libarchive's writer ---- */

static la_ssize_t
aw_write(struct archive *a, void *ctx, const void *p, size_t n)
{
	(void)a;
	buf_add(ctx, p, n);
	return (la_ssize_t)n;
}

enum aw_filter { AW_NONE, AW_BZIP2, AW_XZ, AW_ZSTD };

static struct archive *
aw_open(struct buf *out, int format_7z, enum aw_filter f)
{
	struct archive *a = archive_write_new();

	if (format_7z) {
		archive_write_set_format_7zip(a);
		/* Stored: the content decides the size, and truncation cuts real data. */
		archive_write_set_format_option(a, "7zip", "compression", "store");
	} else
		archive_write_set_format_pax_restricted(a);
	if (f == AW_BZIP2)
		archive_write_add_filter_bzip2(a);
	else if (f == AW_XZ)
		archive_write_add_filter_xz(a);
	else if (f == AW_ZSTD) {
		archive_write_add_filter_zstd(a);
		archive_write_set_filter_option(a, "zstd", "compression-level", "19");
	}
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open(a, out, NULL, aw_write, NULL) != ARCHIVE_OK)
		die("archive_write_open: %s", archive_error_string(a));
	return a;
}

static void
aw_add_gen(struct archive *a, const char *name, struct gen *g)
{
	struct archive_entry *e = archive_entry_new();
	unsigned char tmp[65536];
	size_t k;

	archive_entry_set_pathname(e, name);
	archive_entry_set_size(e, (la_int64_t)g->total);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, 1773576000, 0);
	if (archive_write_header(a, e) != ARCHIVE_OK)
		die("archive_write_header: %s", archive_error_string(a));
	while ((k = gen_read(g, tmp, sizeof tmp)) > 0)
		if (archive_write_data(a, tmp, k) < 0)
			die("archive_write_data: %s", archive_error_string(a));
	archive_entry_free(e);
}

static void
aw_add(struct archive *a, const char *name, const struct buf *b)
{
	struct gen g = {NULL, NULL, 1, 0, 0};
	char *copy = malloc(b->n + 1);

	if (copy == NULL)
		die("out of memory");
	memcpy(copy, b->p, b->n);
	g.unit = copy;
	g.unitlen = b->n ? b->n : 1;
	g.total = b->n;
	aw_add_gen(a, name, &g);
	free(copy);
}

static void
aw_close(struct archive *a)
{
	if (archive_write_close(a) != ARCHIVE_OK)
		die("archive_write_close: %s", archive_error_string(a));
	archive_write_free(a);
}

/* ---- the cases ---- */

static void
small_bundle(struct zip *z)
{
	struct buf log = {NULL, 0, 0}, ev = {NULL, 0, 0};

	mars_log(&log, 40);
	zip_addb(z, "CBEngineCurr.errlog", &log);
	event(&ev, 8224, 61402, "ok");
	event(&ev, 8224, 61403, "ok");
	zip_addb(z, "Application.xml", &ev);
	free(log.p);
	free(ev.p);
}

/* 42.zip style: every level holds sixteen copies of the level below; the bottom is 1 MiB of
 * agent log. Six levels: 16^5 MiB, a terabyte, from a file of some kilobytes. */
static void
c_bomb_nested(const char *name)
{
	struct buf level = {NULL, 0, 0};
	struct gen g = {NULL, MARS_LINE, sizeof MARS_LINE - 1, MIB, 0};
	int depth, i;

	{
		struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
		for (i = 0; i < 16; i++) {
			char n[32];
			snprintf(n, sizeof n, "CBEngine%d.errlog", i);
			g.pos = 0;
			zip_add_gen(&z, n, strlen(n), &g, &ZPLAIN);
		}
		zip_finish(&z, -1);
		level = z.b;
	}
	for (depth = 1; depth < 5; depth++) {
		struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
		for (i = 0; i < 16; i++) {
			char n[48];
			snprintf(n, sizeof n, "level%d-%d.zip", depth, i);
			zip_add(&z, n, level.p, level.n, &ZPLAIN);
		}
		zip_finish(&z, -1);
		free(level.p);
		level = z.b;
	}
	write_buf(name, &level);
	free(level.p);
}

/* Forty zips, each holding the next: only --max-depth levels are opened. */
static void
c_bomb_deep(const char *name)
{
	struct buf level = {NULL, 0, 0};
	int depth;

	mars_log(&level, 20);
	for (depth = 40; depth > 0; depth--) {
		struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
		char n[32];
		if (depth == 40)
			snprintf(n, sizeof n, "CBEngineCurr.errlog");
		else
			snprintf(n, sizeof n, "d%02d.zip", depth + 1);
		zip_add(&z, n, level.p, level.n, &ZPLAIN);
		zip_finish(&z, -1);
		free(level.p);
		level = z.b;
	}
	write_buf(name, &level);
	free(level.p);
}

/* Four hundred directory records over one local header and one 64 MiB stream. */
static void
overlap_zip(struct buf *out)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct gen g = {NULL, MARS_LINE, sizeof MARS_LINE - 1, 64 * MIB, 0};
	int i;

	zip_add_gen(&z, "CBEngine0.errlog", 16, &g, &ZPLAIN);
	for (i = 1; i < 400; i++) {
		char n[32];
		snprintf(n, sizeof n, "CBEngine%d.errlog", i);
		zip_alias(&z, 0, n);
	}
	zip_finish(&z, -1);
	*out = z.b;
}

static void
c_bomb_overlap(const char *name)
{
	struct buf b;

	overlap_zip(&b);
	write_buf(name, &b);
	free(b.p);
}

/* The overlapping zip among ordinary entries: only it is refused. */
static void
c_bomb_overlap_nested(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct buf b;

	overlap_zip(&b);
	small_bundle(&z);
	zip_addb(&z, "logs.zip", &b);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(b.p);
	free(z.b.p);
}

/* Entries overlapping the way "better zip bombs" do: each local header starts inside the
 * data span the previous directory record claims. */
static void
c_bomb_overlap_quoted(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	size_t i;

	for (i = 0; i < 8; i++) {
		char n[32];
		snprintf(n, sizeof n, "part%zu.log", i);
		zip_adds(&z, n, MARS_LINE MARS_LINE MARS_LINE);
	}
	/* Every record claims its data runs to the end of the entries. */
	for (i = 0; i < z.n; i++)
		z.e[i].csize = (uint32_t)(z.b.n - z.e[i].off - 30 - z.e[i].nlen);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
}

/* One entry of 256 MiB of spaces after a log line: deflate's best ratio, about 1000:1. */
static void
c_bomb_ratio(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct gen g = {MARS_LINE, " ", 1, 256 * MIB, 0};

	zip_add_gen(&z, "CBEngineCurr.errlog", 19, &g, &ZPLAIN);
	small_bundle(&z);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
}

/* A tar.zst whose one log entry expands 5000-fold and more. */
static void
c_bomb_ratio_zst(const char *name)
{
	struct buf out = {NULL, 0, 0};
	struct gen g = {NULL, MARS_LINE, sizeof MARS_LINE - 1, 512 * MIB, 0};
	struct archive *a = aw_open(&out, 0, AW_ZSTD);

	aw_add_gen(a, "CBEngineCurr.errlog", &g);
	aw_close(a);
	write_buf(name, &out);
	free(out.p);
}

/* A tar.zst whose first entry is 2 GiB of zeros, skipped as binary after its first bytes:
 * moving past it means decompressing it all, so the budgets must watch that too. */
static void
c_bomb_skip(const char *name)
{
	struct buf out = {NULL, 0, 0}, log = {NULL, 0, 0};
	struct gen g = {NULL, "", 1, 2048 * MIB, 0};
	struct archive *a = aw_open(&out, 0, AW_ZSTD);

	aw_add_gen(a, "memory.dmp", &g);
	mars_log(&log, 20);
	aw_add(a, "CBEngineCurr.errlog", &log);
	aw_close(a);
	write_buf(name, &out);
	free(out.p);
	free(log.p);
}

/* An honest big binary (8 MiB of noise, a memory dump say) before a log in a tar.gz: passing
 * over it is real work, and the log after it is still read. */
static void
c_big_binary(const char *name)
{
	struct buf tar = {NULL, 0, 0}, gz = {NULL, 0, 0}, noise = {NULL, 0, 0}, log = {NULL, 0, 0};
	uint32_t x = 362436069u;
	size_t i;

	buf_add(&noise, "MDMP", 4);
	for (i = 4; i < 8 * MIB; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf_add(&noise, &(unsigned char){(unsigned char)x}, 1);
	}
	tar_file(&tar, "memory.dmp", noise.p, noise.n);
	mars_log(&log, 20);
	tar_file(&tar, "CBEngineCurr.errlog", log.p, log.n);
	tar_end(&tar);
	deflate_buf(tar.p, tar.n, &gz, 1);
	write_buf(name, &gz);
	free(tar.p);
	free(gz.p);
	free(noise.p);
	free(log.p);
}

/* Headers declare 1 KiB; the stream holds 64 MiB. */
static void
c_lying_size(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct gen g = {NULL, MARS_LINE, sizeof MARS_LINE - 1, 64 * MIB, 0};
	struct zopt o = ZPLAIN;

	o.usize = 1024;
	zip_add_gen(&z, "CBEngineCurr.errlog", 19, &g, &o);
	small_bundle(&z);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
}

/* A tar header declaring less than follows: the rest is read as headers and is garbage. */
static void
c_lying_size_tar(const char *name)
{
	struct buf b = {NULL, 0, 0}, log = {NULL, 0, 0};

	mars_log(&log, 100);
	tar_header(&b, "CBEngineCurr.errlog", 1024, '0', NULL);
	buf_add(&b, log.p, log.n);
	buf_fill(&b, 0, (512 - log.n % 512) % 512);
	tar_file(&b, "after.errlog", log.p, 512);
	tar_end(&b);
	write_buf(name, &b);
	free(b.p);
	free(log.p);
}

static void
c_encrypted(const char *name)
{
	/* The AES extra field: vendor version 2, "AE", strength 3, real method deflate. */
	static const char aes[] = "\x01\x99\x07\x00\x02\x00" "AE" "\x03\x08\x00";
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct buf log = {NULL, 0, 0};
	struct zopt crypt = ZPLAIN, aesopt = ZPLAIN;

	mars_log(&log, 30);
	zip_addb(&z, "a-first.errlog", &log);
	crypt.flags = 1;
	zip_add(&z, "b-zipcrypto.errlog", log.p, log.n, &crypt);
	aesopt.flags = 1;
	aesopt.method = 99;
	aesopt.extra = aes;
	aesopt.xlen = sizeof aes - 1;
	zip_add(&z, "c-aes.errlog", log.p, log.n, &aesopt);
	zip_addb(&z, "d-last.errlog", &log);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
	free(log.p);
}

static void
c_special_tar(const char *name)
{
	struct buf b = {NULL, 0, 0}, log = {NULL, 0, 0};

	mars_log(&log, 10);
	tar_header(&b, "logs/", 0, '5', NULL);
	tar_file(&b, "logs/CBEngineCurr.errlog", log.p, log.n);
	tar_header(&b, "logs/hardlink.errlog", 0, '1', "logs/CBEngineCurr.errlog");
	tar_header(&b, "logs/passwd", 0, '2', "/etc/passwd");
	tar_header(&b, "logs/loop", 0, '2', "loop");
	tar_header(&b, "logs/chardev", 0, '3', NULL);
	tar_header(&b, "logs/blockdev", 0, '4', NULL);
	tar_header(&b, "logs/fifo", 0, '6', NULL);
	tar_file(&b, "logs/z-after.errlog", log.p, log.n);
	tar_end(&b);
	write_buf(name, &b);
	free(b.p);
	free(log.p);
}

static void
c_symlink_zip(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct zopt link = ZPLAIN;

	link.stored = 1;
	link.unix_mode = 0120777;
	zip_add(&z, "passwd.log", "/etc/passwd", 11, &link);
	small_bundle(&z);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
}

static void
c_duplicates(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct buf log = {NULL, 0, 0};
	int i;

	for (i = 1; i <= 3; i++) {
		log.n = 0;
		mars_log(&log, (size_t)i * 5);
		zip_addb(&z, "CBEngineCurr.errlog", &log);
	}
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
	free(log.p);
}

static void
c_names(const char *name)
{
	static const char *const names[] = {
		"../../../../etc/cron.d/evil.log",
		"..\\..\\Windows\\System32\\evil.log",
		"/etc/shadow.log",
		"C:\\Windows\\win.ini",
		"CON",
		"logs/nul.txt",
		"COM1.log",
		"LPT9",
		"esc\033[31mred\033[0m.log",
		"new\nline.log",
		"bidi\xe2\x80\xaegol.exe",
		"c1\302\23331m.log",
		"<script>alert(1)</script>.log",
		"latin1-\xe9t\xe9.log",
		"ok/normal.log",
	};
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		zip_adds(&z, names[i], MARS_LINE);
	zip_add(&z, "", MARS_LINE, sizeof MARS_LINE - 1, &ZPLAIN);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
}

static void
c_huge_names(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct buf tar = {NULL, 0, 0};
	char *n = malloc(65535 + 1), *big = malloc(MIB + 1);

	if (n == NULL || big == NULL)
		die("out of memory");
	memset(n, 'a', 65535);
	memcpy(n + 65535 - 4, ".log", 4);
	n[65535] = '\0';
	zip_adds(&z, n, MARS_LINE);
	memset(big, 'b', MIB);
	memcpy(big + MIB - 4, ".log", 4);
	big[MIB] = '\0';
	tar_pax_path(&tar, big);
	tar_file(&tar, "placeholder", MARS_LINE, sizeof MARS_LINE - 1);
	tar_file(&tar, "CBEngineCurr.errlog", MARS_LINE, sizeof MARS_LINE - 1);
	tar_end(&tar);
	zip_addb(&z, "huge-pax-name.tar", &tar);
	zip_adds(&z, "z-after.errlog", MARS_LINE);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
	free(tar.p);
	free(n);
	free(big);
}

static void
five_logs(struct zip *z)
{
	struct buf log = {NULL, 0, 0};
	int i;

	mars_log(&log, 200);
	for (i = 1; i <= 5; i++) {
		char n[32];
		snprintf(n, sizeof n, "CBEngine%d.errlog", i);
		zip_addb(z, n, &log);
	}
	free(log.p);
}

static void
c_truncated_zip(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};

	five_logs(&z);
	zip_finish(&z, -1);
	write_file(name, z.b.p, z.b.n * 6 / 10);
	free(z.b.p);
}

static void
c_truncated_targz(const char *name)
{
	struct buf tar = {NULL, 0, 0}, gz = {NULL, 0, 0}, log = {NULL, 0, 0};
	int i;

	for (i = 1; i <= 5; i++) {
		char n[32];
		log.n = 0;
		mars_log(&log, 200 + (size_t)i);
		/* Different content per entry, so the gzip stream does not shrink to nothing. */
		buf_printf(&log, "entry %d\n", i);
		snprintf(n, sizeof n, "CBEngine%d.errlog", i);
		tar_file(&tar, n, log.p, log.n);
	}
	tar_end(&tar);
	deflate_buf(tar.p, tar.n, &gz, 1);
	write_file(name, gz.p, gz.n * 6 / 10);
	free(tar.p);
	free(gz.p);
	free(log.p);
}

static void
c_truncated_7z(const char *name)
{
	struct buf out = {NULL, 0, 0}, log = {NULL, 0, 0};
	struct archive *a = aw_open(&out, 1, AW_NONE);
	int i;

	for (i = 1; i <= 3; i++) {
		char n[32];
		log.n = 0;
		mars_log(&log, 100);
		snprintf(n, sizeof n, "CBEngine%d.errlog", i);
		aw_add(a, n, &log);
	}
	aw_close(a);
	write_file(name, out.p, out.n * 7 / 10);
	free(out.p);
	free(log.p);
}

/* The middle entry's deflate stream is overwritten with noise. */
static void
c_corrupt_deflate(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct buf log = {NULL, 0, 0};
	size_t i, start;

	mars_log(&log, 500);
	for (i = 0; i < 300; i++)
		buf_printf(&log, "%zu %zx\n", i * 7919, i * 104729);
	zip_addb(&z, "a.errlog", &log);
	zip_addb(&z, "b-corrupt.errlog", &log);
	zip_addb(&z, "c.errlog", &log);
	start = z.e[1].off + 30 + z.e[1].nlen;
	for (i = z.e[1].csize / 3; i < z.e[1].csize / 2; i++)
		z.b.p[start + i] = (unsigned char)(i * 131 + 7);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
	free(log.p);
}

static void
c_bad_crc(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct buf log = {NULL, 0, 0};
	struct zopt o = ZPLAIN;

	mars_log(&log, 50);
	o.crc_xor = 0x5A5A5A5A;
	zip_add(&z, "CBEngineCurr.errlog", log.p, log.n, &o);
	zip_addb(&z, "after.errlog", &log);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
	free(log.p);
}

/* The end record declares more entries than the directory holds, or fewer. */
static void
c_count_high(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};

	small_bundle(&z);
	zip_adds(&z, "third.errlog", MARS_LINE);
	zip_finish(&z, 9);
	write_buf(name, &z.b);
	free(z.b.p);
}

static void
c_count_low(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};

	small_bundle(&z);
	zip_adds(&z, "third.errlog", MARS_LINE);
	zip_finish(&z, 1);
	write_buf(name, &z.b);
	free(z.b.p);
}

/* Magic numbers of compressions libarchive would hand to an external program. */
static const struct {
	const char *name;
	const char *magic;
	size_t len;
} ext_magic[] = {
	{"logs.tar.lrz", "LRZI\0\6", 6},
	{"logs.tar.lzo", "\x89LZO\0\r\n\x1a\n", 9},
	{"logs.tar.grz", "GRZipII\0\2\4:)", 13},
};

static void
ext_payload(struct buf *b, size_t i)
{
	size_t k;

	buf_add(b, ext_magic[i].magic, ext_magic[i].len);
	for (k = 0; k < 512; k++)
		buf_add(b, &(unsigned char){(unsigned char)(k * 37 + 11)}, 1);
}

static void
c_external(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct buf b = {NULL, 0, 0};
	size_t i;

	for (i = 0; i < sizeof ext_magic / sizeof ext_magic[0]; i++) {
		b.n = 0;
		ext_payload(&b, i);
		zip_addb(&z, ext_magic[i].name, &b);
	}
	small_bundle(&z);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
	free(b.p);
}

static void
c_external_top(const char *name)
{
	struct buf b = {NULL, 0, 0};

	ext_payload(&b, 0);
	write_buf(name, &b);
	free(b.p);
}

static void
c_not_archive(const char *name)
{
	struct buf log = {NULL, 0, 0};

	mars_log(&log, 20);
	write_buf(name, &log);
	free(log.p);
}

static void
c_random(const char *name)
{
	unsigned char b[8192];
	uint32_t x = 2463534242u;
	size_t i;

	for (i = 0; i < sizeof b; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (unsigned char)x;
	}
	write_file(name, b, sizeof b);
}

static void
c_fake_magic(const char *name)
{
	struct buf b = {NULL, 0, 0};

	buf_add(&b, "PK\3\4", 4);
	buf_fill(&b, 0xFF, 200);
	write_buf(name, &b);
	free(b.p);
}

static void
c_empty_zip(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};

	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
}

static void
c_zero(const char *name)
{
	write_file(name, "", 0);
}

static void
c_many_entries(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	int i;

	for (i = 0; i < 150; i++) {
		char n[32];
		snprintf(n, sizeof n, "e%03d.errlog", i);
		zip_adds(&z, n, MARS_LINE);
	}
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
}

/* Ordinary logs, for the limit flags: the first entry is 40 KiB, later ones small. */
static void
c_limits(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0}, inner = {{NULL, 0, 0}, NULL, 0, 0};
	struct buf log = {NULL, 0, 0}, line = {NULL, 0, 0};

	mars_log(&log, 250);
	zip_addb(&z, "a-big.errlog", &log);
	small_bundle(&inner);
	zip_finish(&inner, -1);
	zip_addb(&z, "b-inner.zip", &inner.b);
	buf_adds(&line, MARS_LINE);
	buf_adds(&line, "1A2C\t2E10\t12/30\t06:12:41.118\t69\tPolicyManager.cs(412)\tNORMAL\t");
	buf_fill(&line, 'x', 2000);
	buf_adds(&line, "\n" MARS_LINE);
	zip_addb(&z, "c-longline.errlog", &line);
	zip_adds(&z, "d-small.errlog", MARS_LINE);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
	free(inner.b.p);
	free(log.p);
	free(line.p);
}

/* A 7z of 200 KiB inside a zip: over a small --max-entry it cannot be spooled to be opened. */
static void
c_nested_7z(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct buf out = {NULL, 0, 0}, noise = {NULL, 0, 0};
	struct archive *a = aw_open(&out, 1, AW_NONE);
	uint32_t x = 88172645u;
	size_t i;

	for (i = 0; i < 200 * 1024; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf_add(&noise, &(unsigned char){(unsigned char)x}, 1);
	}
	aw_add(a, "noise.bin", &noise);
	aw_close(a);
	zip_addb(&z, "inner.7z", &out);
	small_bundle(&z);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
	free(out.p);
	free(noise.p);
}

/* Text that decodes badly in every way the decoder knows, each a log the parsers read. */
static void
c_text(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct buf b = {NULL, 0, 0};
	size_t i;

	/* UTF-16LE with BOM, a lone surrogate and an odd final byte. */
	buf_add(&b, "\xff\xfe", 2);
	for (i = 0; i < sizeof MARS_LINE - 1; i++) {
		buf_add(&b, &MARS_LINE[i], 1);
		buf_add(&b, "", 1);
	}
	buf_add(&b, "\x00\xd8" "A\0", 4);
	buf_add(&b, "x", 1);
	zip_addb(&z, "utf16-odd.errlog", &b);
	/* A UTF-16 BOM before UTF-8 text. */
	b.n = 0;
	buf_add(&b, "\xff\xfe", 2);
	mars_log(&b, 5);
	zip_addb(&z, "bom-lies.errlog", &b);
	/* NUL bytes and invalid UTF-8 inside lines. */
	b.n = 0;
	mars_log(&b, 5);
	buf_add(&b, "1A2C\t2E10\t12/30\t06:12:40.118\t69\tA.cs(1)\tNORMAL\tnul\0byte \xff\xfe\xc0\x80"
	    " \xed\xa0\x80\n", 61);
	mars_log(&b, 5);
	zip_addb(&z, "nul-invalid.errlog", &b);
	/* Lines ended by CR alone. */
	b.n = 0;
	for (i = 0; i < 10; i++) {
		buf_add(&b, MARS_LINE, sizeof MARS_LINE - 2);
		buf_add(&b, "\r", 1);
	}
	zip_addb(&z, "cr-only.errlog", &b);
	/* A 20 MiB line without a line end, between good lines. */
	{
		struct gen g = {MARS_LINE "1A2C\t2E10\t12/30\t06:12:40.118\t69\tA.cs(1)\tNORMAL\t",
		    "long line ", 10, 20 * MIB, 0};
		zip_add_gen(&z, "long-line.errlog", 16, &g, &ZPLAIN);
	}
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
	free(b.p);
}

static void
c_xml(const char *name)
{
	struct zip z = {{NULL, 0, 0}, NULL, 0, 0};
	struct buf b = {NULL, 0, 0};
	int i;

	/* Billion laughs. */
	buf_printf(&b, "<?xml version='1.0'?>\n<!DOCTYPE Event [\n<!ENTITY a \"lol\">\n");
	for (i = 1; i < 12; i++)
		buf_printf(&b, "<!ENTITY %c \"&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;\">\n", 'a' + i,
		    'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
		    'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1);
	buf_printf(&b, "]>\n");
	event(&b, 8224, 1, "&l;");
	zip_addb(&z, "laughs.xml", &b);
	/* A parameter-entity bomb, which libxml2 does not stop. */
	b.n = 0;
	buf_printf(&b, "<!DOCTYPE Event [\n<!ENTITY %% a \"<!ENTITY &#37; b 'x'>\">\n");
	for (i = 0; i < 30; i++)
		buf_printf(&b, "<!ENTITY %% p%d \"%%a;%%a;%%a;%%a;%%a;%%a;%%a;%%a;\">\n", i);
	buf_printf(&b, "%%p29;\n]>\n");
	event(&b, 8224, 2, "x");
	zip_addb(&z, "param-bomb.xml", &b);
	/* External entity. */
	b.n = 0;
	buf_printf(&b, "<?xml version='1.0'?>\n<!DOCTYPE Event [<!ENTITY x SYSTEM "
	    "\"file:///etc/passwd\">]>\n");
	event(&b, 8224, 3, "&x;");
	zip_addb(&z, "xxe.xml", &b);
	/* Events, then a DOCTYPE: the events before it stay. */
	b.n = 0;
	event(&b, 8224, 4, "before");
	event(&b, 8224, 5, "before");
	buf_printf(&b, "<!DOCTYPE x [<!ENTITY y SYSTEM \"file:///etc/passwd\">]>\n");
	event(&b, 8224, 6, "&y;");
	zip_addb(&z, "doctype-late.xml", &b);
	/* XInclude: inert, libxml2 is never asked to process it. */
	b.n = 0;
	event(&b, 8224, 7, "<xi:include xmlns:xi='http://www.w3.org/2001/XInclude' "
	    "href='file:///etc/passwd' parse='text'/>");
	zip_addb(&z, "xinclude.xml", &b);
	/* Three good events, then broken markup. */
	b.n = 0;
	event(&b, 8224, 8, "one");
	event(&b, 8224, 9, "two");
	event(&b, 8224, 10, "three");
	buf_printf(&b, "<Event xmlns='%s'><System><<<>>>&&&</System>\n", EVENTS_NS);
	event(&b, 8224, 11, "never");
	zip_addb(&z, "mid-error.xml", &b);
	/* Missing and absurd fields. */
	b.n = 0;
	buf_printf(&b, "<Event xmlns='%s'><System><Provider Name='VSS'/><EventID>abc</EventID>"
	    "<TimeCreated SystemTime='9999-99-99T99:99:99Z'/><EventRecordID>"
	    "99999999999999999999999</EventRecordID></System></Event>\n", EVENTS_NS);
	buf_printf(&b, "<Event xmlns='%s'><System><EventID>-5</EventID><TimeCreated "
	    "SystemTime='0000-01-01T00:00:00Z'/></System><EventData><Data Name=''>x</Data>"
	    "</EventData></Event>\n", EVENTS_NS);
	buf_printf(&b, "<Event xmlns='%s'></Event>\n", EVENTS_NS);
	buf_printf(&b, "<Event xmlns='%s'><System><EventID>4294967296</EventID><TimeCreated "
	    "SystemTime='1601-01-01T00:00:00.00000000000000Z'/></System><EventData>", EVENTS_NS);
	for (i = 0; i < 400; i++)
		buf_printf(&b, "<Data Name='n%d'>%d</Data>", i, i);
	buf_printf(&b, "</EventData></Event>\n");
	zip_addb(&z, "absurd.xml", &b);
	/* Deep nesting, past libxml2's own depth limit. */
	b.n = 0;
	buf_printf(&b, "<Event xmlns='%s'><System><EventID>1</EventID></System>"
	    "<UserData>", EVENTS_NS);
	for (i = 0; i < 300; i++)
		buf_adds(&b, "<n>");
	for (i = 0; i < 300; i++)
		buf_adds(&b, "</n>");
	buf_printf(&b, "</UserData></Event>\n");
	event(&b, 8224, 12, "after");
	zip_addb(&z, "deep.xml", &b);
	/* One element with 100,000 attributes. */
	b.n = 0;
	event(&b, 8224, 13, "before");
	buf_printf(&b, "<Event xmlns='%s'><System ", EVENTS_NS);
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "a%d='x' ", i);
	buf_printf(&b, "/></Event>\n");
	zip_addb(&z, "attributes.xml", &b);
	zip_finish(&z, -1);
	write_buf(name, &z.b);
	free(z.b.p);
	free(b.p);
}

/* A folder bundle with a symbolic link out of it, a link loop, a FIFO and an ordinary log. */
static void
c_folder(const char *name)
{
	char path[4096], file[4200];
	struct buf log = {NULL, 0, 0};

	snprintf(path, sizeof path, "%s/%s", outdir, name);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die("%s: %s", path, strerror(errno));
	snprintf(file, sizeof file, "%s/passwd.log", path);
	unlink(file);
	if (symlink("/etc/passwd", file) != 0)
		die("symlink: %s", strerror(errno));
	snprintf(file, sizeof file, "%s/loop", path);
	unlink(file);
	if (symlink("loop", file) != 0)
		die("symlink: %s", strerror(errno));
	snprintf(file, sizeof file, "%s/fifo", path);
	unlink(file);
	if (mkfifo(file, 0600) != 0)
		die("mkfifo: %s", strerror(errno));
	mars_log(&log, 10);
	snprintf(file, sizeof file, "%s/CBEngineCurr.errlog", name);
	write_buf(file, &log);
	free(log.p);
}

static void
c_fifo(const char *name)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", outdir, name);
	unlink(path);
	if (mkfifo(path, 0600) != 0)
		die("mkfifo: %s", strerror(errno));
}

static const struct {
	const char *name;
	void (*make)(const char *name);
} cases[] = {
	{"bomb-nested.zip", c_bomb_nested},
	{"bomb-deep.zip", c_bomb_deep},
	{"bomb-overlap.zip", c_bomb_overlap},
	{"bomb-overlap-nested.zip", c_bomb_overlap_nested},
	{"bomb-overlap-quoted.zip", c_bomb_overlap_quoted},
	{"bomb-ratio.zip", c_bomb_ratio},
	{"bomb-ratio.tar.zst", c_bomb_ratio_zst},
	{"bomb-skip.tar.zst", c_bomb_skip},
	{"big-binary.tar.gz", c_big_binary},
	{"lying-size.zip", c_lying_size},
	{"lying-size.tar", c_lying_size_tar},
	{"encrypted.zip", c_encrypted},
	{"special.tar", c_special_tar},
	{"symlink.zip", c_symlink_zip},
	{"duplicates.zip", c_duplicates},
	{"names.zip", c_names},
	{"huge-names.zip", c_huge_names},
	{"truncated.zip", c_truncated_zip},
	{"truncated.tar.gz", c_truncated_targz},
	{"truncated.7z", c_truncated_7z},
	{"corrupt-deflate.zip", c_corrupt_deflate},
	{"bad-crc.zip", c_bad_crc},
	{"count-high.zip", c_count_high},
	{"count-low.zip", c_count_low},
	{"external.zip", c_external},
	{"external.tar.lrz", c_external_top},
	{"not-archive.zip", c_not_archive},
	{"random.zip", c_random},
	{"fake-magic.zip", c_fake_magic},
	{"empty.zip", c_empty_zip},
	{"zero-bytes.zip", c_zero},
	{"many-entries.zip", c_many_entries},
	{"limits.zip", c_limits},
	{"nested-7z.zip", c_nested_7z},
	{"text.zip", c_text},
	{"xml.zip", c_xml},
	{"folder", c_folder},
	{"fifo.zip", c_fifo},
};

int
main(int argc, char **argv)
{
	size_t i;
	int j, found;

	if (argc < 2) {
		fputs("usage: gen DIR [CASE...]\n", stderr);
		return 2;
	}
	outdir = argv[1];
	if (mkdir(outdir, 0755) != 0 && errno != EEXIST)
		die("%s: %s", outdir, strerror(errno));
	for (j = 2; j < argc; j++) {
		for (i = 0, found = 0; i < sizeof cases / sizeof cases[0]; i++)
			found |= strcmp(cases[i].name, argv[j]) == 0;
		if (!found)
			die("no case %s", argv[j]);
	}
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (j = 2, found = argc == 2; j < argc; j++)
			found |= strcmp(cases[i].name, argv[j]) == 0;
		if (found)
			cases[i].make(cases[i].name);
	}
	return 0;
}
