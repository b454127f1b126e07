/* Bundle walker: opens a folder, an archive or a single file, hands every regular entry to a
 * callback as a byte stream with the size limits enforced, opens nested archives in memory or
 * as streams, and gives every entry exactly one inventory record. Nothing is written to disk. */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>
#include "bundle.h"
#include "diag.h"
#include "readahead.h"
#include "textin.h"
#include "util.h"

#define SNIFF_LEN	512		/* enough for the tar magic at offset 257 */
#define BLOCK		65536
#define RATIO_MIN	((uint64_t)1 << 20)	/* the ratio limit applies above 1 MiB */
#define BUNDLE_RATIO_MIN 1000	/* the bundle-wide ratio limit is never lower */
/* Compressed bytes libarchive may have read ahead before an entry's data starts; added to
 * the measured compressed size so small, well compressed entries are not taken for bombs. */
#define READ_AHEAD	((uint64_t)BLOCK)

/* AK_EXTERNAL: a compression only an external program reads (libarchive would run lrzip,
 * lzop or grzip): recorded, never opened. */
enum akind { AK_NONE, AK_ZIP, AK_7Z, AK_CAB, AK_TAR, AK_COMPRESSED, AK_EXTERNAL };

/* Why an entry's byte stream stopped early. */
enum src_err { SRC_OK, SRC_LIMIT, SRC_DAMAGED, SRC_FATAL };

struct walk {
	const struct limits *lim;
	struct inventory *inv;
	bundle_entry_fn fn;
	void *ctx;
	const char *bundle;	/* the path given, for diagnostics */
	uint64_t total;		/* bytes read at every level */
	uint64_t input;		/* size of the bundle's own files: the base of the bundle ratio */
	uint64_t skipped;	/* bytes decompressed to pass over entries (see pass_over) */
	uint64_t entries;
	struct timespec start;	/* CLOCK_MONOTONIC: the time budget has sub-second precision */
	struct archive *top;	/* the top-level archive, for the progress display */
	struct bundle_progress *watch;	/* the walking thread's progress display, or NULL */
	int read_ahead;		/* inflate entries of the top-level archive on a reader thread */
	uint64_t read_ahead_min;	/* from this declared size up */
	int stop;		/* a bundle-wide limit ended the walk */
};

/* One entry's bytes, from an archive or from a file, counted against the limits. The first
 * bytes are read ahead to recognise nested archives and replayed to whoever reads next. */
struct entry_src {
	struct walk *w;
	size_t idx;		/* the entry's inventory record */
	struct archive *a;	/* NULL when reading fd or mem */
	int fd;
	const unsigned char *mem;	/* an in-memory file (bundle_walk_memory), or NULL */
	size_t memlen, mempos;
	int64_t cstart;		/* compressed position where the data began */
	int64_t declared;	/* size the archive's header declares, -1 if unknown or a file */
	const void *blk;	/* the archive's current data block */
	size_t blklen, blkpos;
	int64_t cpos;		/* compressed position after the last block was fetched */
	struct readahead *ra;	/* the reader thread fetching the blocks, or NULL */
	unsigned char *held;	/* the block being read when the reader started, copied */
	unsigned char sniff[SNIFF_LEN];
	size_t nsniff, spos;
	uint64_t nread;
	int eof;
	enum src_err err;
	char *msg;		/* why it stopped */
	char *warn;		/* a warning about data that was delivered (bad CRC) */
};

/* Input of a nested archive read as a stream: spooled bytes first, then the parent entry. */
struct nest_in {
	struct entry_src *parent;
	const unsigned char *pre;
	size_t npre, ppos;
	unsigned char buf[BLOCK];
};

static _Thread_local struct bundle_totals last_totals;
static _Thread_local struct bundle_progress *watch;
static _Thread_local int read_ahead;
static _Thread_local uint64_t read_ahead_min;

static char *visit_data(struct walk *, struct entry_src *, size_t, const char *, int, int64_t,
    int64_t);

/* ---- names ---- */

static int
is_reserved_device(const char *c, size_t n)
{
	static const char *const names[] = {"CON", "PRN", "AUX", "NUL"};
	const char *dot = memchr(c, '.', n);
	size_t i;

	if (dot != NULL)
		n = (size_t)(dot - c);
	while (n > 0 && c[n - 1] == ' ')
		n--;
	for (i = 0; i < MT_ARRAY_LEN(names); i++)
		if (n == 3 && ascii_ncasecmp(c, names[i], 3) == 0)
			return 1;
	return n == 4 && (ascii_ncasecmp(c, "COM", 3) == 0 || ascii_ncasecmp(c, "LPT", 3) == 0) &&
	    c[3] >= '1' && c[3] <= '9';
}

/* Traversal, absolute paths, drive letters, reserved device names, and control, C1 or
 * bidirectional override characters: names are only displayed, but these deserve a flag. */
static int
name_suspicious(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	const char *c, *end;

	if (*p == '\0' || *p == '/')
		return 1;
	if (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') && p[1] == ':')
		return 1;
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			return 1;
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			return 1;
		if (p[0] == 0xE2 && ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
		    (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)))
			return 1;
	}
	for (c = name; *c; c = *end ? end + 1 : end) {
		end = strchr(c, '/');
		if (end == NULL)
			end = c + strlen(c);
		if ((end - c == 2 && c[0] == '.' && c[1] == '.') ||
		    is_reserved_device(c, (size_t)(end - c)))
			return 1;
	}
	return 0;
}

/* The entry's name as valid UTF-8 with '/' separators and no leading "./". Under a locale
 * that cannot represent a name libarchive gives none at all: a placeholder stands in. */
static char *
entry_name(struct archive_entry *ae)
{
	const char *n = archive_entry_pathname_utf8(ae);
	struct strbuf sb = STRBUF_INIT;
	char *s, *p;

	if (n == NULL)
		n = archive_entry_pathname(ae);
	if (n == NULL)
		n = "(name not readable)";
	utf8_sanitise(n, strlen(n), &sb);
	s = sb_detach(&sb);
	for (p = s; *p; p++)
		if (*p == '\\')
			*p = '/';
	p = s;
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	memmove(s, p, strlen(p) + 1);
	return s;
}

static const char *
last_component(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

/* The name of the single member of a bare compressed file: its name without the suffix. */
static char *
raw_member_name(const char *container)
{
	static const char *const sufs[] = {".gz", ".bz2", ".xz", ".zst", ".lz4", ".lzma"};
	const char *base = last_component(container);
	size_t n = strlen(base), i, k;

	for (i = 0; i < MT_ARRAY_LEN(sufs); i++) {
		k = strlen(sufs[i]);
		if (n > k && ascii_casecmp(base + n - k, sufs[i]) == 0)
			return xstrndup(base, n - k);
	}
	return xstrdup(base);
}

/* ---- inventory records and bundle-wide budgets ---- */

static size_t
add_record(struct walk *w, const char *path, const char *name, int depth)
{
	unsigned flags = name_suspicious(name) ? INV_F_SUSPICIOUS_NAME : 0;
	struct inv_entry *e;

	if (inventory_has_path(w->inv, path))
		flags |= INV_F_DUPLICATE_NAME;
	e = inventory_add(w->inv, path, depth);
	e->flags = flags;
	w->entries++;
	return inventory_count(w->inv) - 1;
}

static struct inv_entry *
rec(struct walk *w, size_t idx)
{
	return inventory_at_mut(w->inv, idx);
}

static void
stop_walk(struct walk *w, const char *why)
{
	size_t n = inventory_count(w->inv);

	w->stop = 1;
	if (n > 0)
		inv_append_note(rec(w, n - 1), "%s", why);
	diag(DIAG_WARNING, w->bundle, NULL, 0, "%s", why);
}

/* 1 once the walk has used its time budget. Seconds are not enough: a walk that starts just
 * before a second boundary would lose most of a one-second budget. */
static int
out_of_time(const struct walk *w)
{
	struct timespec now;
	double spent;

	if (w->lim->max_seconds <= 0 || clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return 0;
	spent = (double)(now.tv_sec - w->start.tv_sec) +
	    (double)(now.tv_nsec - w->start.tv_nsec) / 1e9;
	return spent >= (double)w->lim->max_seconds;
}

/* Checked before each entry: the entry count (when the next one would be an entry) and the
 * time budget. */
static int
over_budget(struct walk *w, int is_entry)
{
	char why[128];

	if (w->stop)
		return 1;
	if (is_entry && w->entries >= w->lim->max_entries) {
		snprintf(why, sizeof why, "walk stopped: more than %llu entries",
		    (unsigned long long)w->lim->max_entries);
		stop_walk(w, why);
	} else if (out_of_time(w)) {
		snprintf(why, sizeof why, "walk stopped: time limit of %d s reached",
		    w->lim->max_seconds);
		stop_walk(w, why);
	}
	return w->stop;
}

/* Adds a fact to the note unless the callback already copied it there. */
static void
note_once(struct inv_entry *e, const char *prefix, const char *msg)
{
	if (e->note == NULL || strstr(e->note, msg) == NULL)
		inv_append_note(e, "%s%s", prefix, msg);
}

static void
add_remainder(struct walk *w, const char *path, int depth, const char *after, const char *msg)
{
	struct inv_entry *e = inventory_add(w->inv, path, depth);

	e->status = INV_REMAINDER;
	inv_set_note(e, "unreadable remainder after %s: %s", after, msg);
	diag(DIAG_WARNING, w->bundle, NULL, 0, "%s", e->note);
}

/* ---- an entry's byte stream ---- */

static void
src_fail(struct entry_src *s, enum src_err err, const char *msg)
{
	s->err = err;
	free(s->msg);
	s->msg = xstrdup(msg);
}

/* libarchive's message for the last error, without the line end some messages carry. */
static const char *
arch_msg(struct archive *a, const char *dflt)
{
	static _Thread_local char buf[512];
	const char *m = archive_error_string(a);
	size_t n;

	if (m == NULL || *m == '\0')
		return dflt;
	snprintf(buf, sizeof buf, "%s", m);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return n > 0 ? buf : dflt;
}

/* The next data block of an archive entry. archive_read_data_block and not
 * archive_read_data: a block that comes with a warning (a bad CRC) is still delivered, where
 * archive_read_data drops it. Holes of sparse entries hold nothing to analyse and are not
 * filled in. Returns 1 with a block, 0 at the end, -1 on error. */
/* The entry's next block from the archive, or from the reader thread that fetched it.
 * Returns libarchive's status; *msg is its message, or NULL. */
static int
take_block(struct entry_src *s, const void **b, size_t *len, const char **msg)
{
	struct ra_block rb;
	la_int64_t off;
	int r;

	if (s->ra != NULL && readahead_next(s->ra, &rb) == 0) {
		*b = rb.data;
		*len = rb.len;
		*msg = rb.msg;
		s->cpos = rb.pos;
		return rb.status;
	}
	r = archive_read_data_block(s->a, b, len, &off);
	*msg = r == ARCHIVE_OK || r == ARCHIVE_EOF ? NULL : arch_msg(s->a, NULL);
	s->cpos = archive_filter_bytes(s->a, -1);
	return r;
}

/* The reader thread's fetch: the same call, made ahead. */
static int
fetch_block(void *ctx, struct ra_block *rb)
{
	struct entry_src *s = ctx;
	la_int64_t off;

	rb->status = archive_read_data_block(s->a, &rb->data, &rb->len, &off);
	rb->msg = NULL;
	if (rb->status != ARCHIVE_OK && rb->status != ARCHIVE_EOF)
		rb->msg = arch_msg(s->a, NULL);
	rb->pos = archive_filter_bytes(s->a, -1);
	if (rb->status == ARCHIVE_EOF || rb->status < ARCHIVE_WARN) {
		rb->len = 0;
		return 0;
	}
	return 1;
}

/* The next data block of an archive entry. archive_read_data_block and not
 * archive_read_data: a block that comes with a warning (a bad CRC) is still delivered, where
 * archive_read_data drops it. Holes of sparse entries hold nothing to analyse and are not
 * filled in. Returns 1 with a block, 0 at the end, -1 on error. */
static int
next_block(struct entry_src *s)
{
	const void *b;
	const char *msg;
	size_t len;
	int r, empty;

	for (empty = 0; empty < 64; empty++) {
		r = take_block(s, &b, &len, &msg);
		if (r == ARCHIVE_EOF)
			return 0;
		if (r == ARCHIVE_WARN) {
			free(s->warn);
			s->warn = xstrdup(msg ? msg : "archive warning");
		} else if (r != ARCHIVE_OK) {
			src_fail(s, r == ARCHIVE_FATAL ? SRC_FATAL : SRC_DAMAGED,
			    msg ? msg : "damaged data");
			return -1;
		}
		if (len > 0) {
			s->blk = b;
			s->blklen = len;
			s->blkpos = 0;
			return 1;
		}
	}
	src_fail(s, SRC_DAMAGED, "no progress reading the entry");
	return -1;
}

/* One read from the underlying archive or file. */
static ssize_t
pull(struct entry_src *s, void *buf, size_t n)
{
	ssize_t r;
	size_t k;

	if (s->mem != NULL) {
		k = s->memlen - s->mempos;
		if (k > n)
			k = n;
		memcpy(buf, s->mem + s->mempos, k);
		s->mempos += k;
		return (ssize_t)k;
	}
	if (s->a == NULL) {
		do
			r = read(s->fd, buf, n);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			src_fail(s, SRC_DAMAGED, strerror(errno));
		return r;
	}
	if (s->blkpos == s->blklen && (r = next_block(s)) <= 0)
		return r;
	k = s->blklen - s->blkpos;
	if (k > n)
		k = n;
	memcpy(buf, (const unsigned char *)s->blk + s->blkpos, k);
	s->blkpos += k;
	return (ssize_t)k;
}

static int
ratio_exceeded(const struct entry_src *s)
{
	uint64_t max = s->w->lim->max_ratio, c;
	int64_t pos;

	if (s->a == NULL || max == 0 || s->nread <= RATIO_MIN || s->cstart < 0)
		return 0;
	pos = s->cpos;
	if (pos < s->cstart)
		return 0;
	c = (uint64_t)(pos - s->cstart) + READ_AHEAD;
	return c <= UINT64_MAX / max && s->nread > c * max;
}

/* The bundle as a whole: bytes read at every level against the size of its own files. Each
 * level of a nested (42.zip style) bomb looks harmless; their product cannot hide here. No
 * genuine bundle comes near BUNDLE_RATIO_MIN (deflate itself stops at 1032:1, and an archive
 * inside an archive adds 1), so a low --max-ratio meant for entries does not lower it. */
static int
bundle_ratio_exceeded(const struct walk *w)
{
	uint64_t max = w->lim->max_ratio;

	if (max > 0 && max < BUNDLE_RATIO_MIN)
		max = BUNDLE_RATIO_MIN;

	return max > 0 && w->input > 0 && w->total + w->skipped > RATIO_MIN &&
	    w->input <= UINT64_MAX / max && w->total + w->skipped > w->input * max;
}

static void
bundle_ratio_msg(const struct walk *w, char *buf, size_t n)
{
	uint64_t max = w->lim->max_ratio;

	snprintf(buf, n, "walk stopped: the bundle expands more than %llu times its size",
	    (unsigned long long)(max < BUNDLE_RATIO_MIN ? BUNDLE_RATIO_MIN : max));
}

enum limit_kind { LIM_ENTRY, LIM_TOTAL, LIM_RATIO, LIM_TIME, LIM_BUNDLE_RATIO };

static ssize_t
hit_limit(struct entry_src *s, enum limit_kind which)
{
	const struct limits *lim = s->w->lim;
	char msg[160];

	switch (which) {
	case LIM_TOTAL:
		snprintf(msg, sizeof msg, "stopped at the bundle limit of %llu bytes; walk stopped",
		    (unsigned long long)lim->max_total);
		s->w->stop = 1;
		diag(DIAG_WARNING, s->w->bundle, NULL, 0, "%s", msg);
		break;
	case LIM_RATIO:
		snprintf(msg, sizeof msg, "stopped: compression ratio over %llu:1",
		    (unsigned long long)lim->max_ratio);
		break;
	case LIM_BUNDLE_RATIO:
		bundle_ratio_msg(s->w, msg, sizeof msg);
		if (!s->w->stop)
			diag(DIAG_WARNING, s->w->bundle, NULL, 0, "%s", msg);
		s->w->stop = 1;
		break;
	case LIM_TIME:
		snprintf(msg, sizeof msg, "walk stopped: time limit of %d s reached",
		    lim->max_seconds);
		if (!s->w->stop)
			diag(DIAG_WARNING, s->w->bundle, NULL, 0, "%s", msg);
		s->w->stop = 1;
		break;
	default:
		snprintf(msg, sizeof msg, "stopped at the entry limit of %llu bytes",
		    (unsigned long long)lim->max_entry);
		break;
	}
	src_fail(s, SRC_LIMIT, msg);
	/* Said at once, so the callback sees it in the record too. */
	rec(s->w, s->idx)->flags |= INV_F_LIMIT;
	note_once(rec(s->w, s->idx), "", msg);
	return -1;
}

/* An archive entry with more data than its header declares: sizes that lie are a bomb's
 * trick (libarchive delivers it all, then warns), so the rest is not read. */
static ssize_t
more_than_declared(struct entry_src *s)
{
	char msg[160];

	snprintf(msg, sizeof msg, "holds more than the %lld bytes its header declares: "
	    "the rest is not read", (long long)s->declared);
	src_fail(s, SRC_DAMAGED, msg);
	note_once(rec(s->w, s->idx), "", msg);
	return -1;
}

/* Reads from the entry with max_entry, max_total, max_ratio (of the entry and of the
 * bundle), the time budget and the declared size enforced. A read that would cross a limit
 * returns what fits; the next read finds out whether more data exists. */
static ssize_t
limited_read(struct entry_src *s, void *buf, size_t n)
{
	const struct limits *lim = s->w->lim;
	uint64_t eroom, troom, droom = UINT64_MAX;
	unsigned char probe;
	ssize_t r;

	if (s->err)
		return -1;
	if (s->eof || n == 0)
		return 0;
	if (ratio_exceeded(s))
		return hit_limit(s, LIM_RATIO);
	if (bundle_ratio_exceeded(s->w))
		return hit_limit(s, LIM_BUNDLE_RATIO);
	/* The time budget is checked on every read too, so one huge entry cannot outlast it. */
	if (out_of_time(s->w))
		return hit_limit(s, LIM_TIME);
	eroom = s->nread < lim->max_entry ? lim->max_entry - s->nread : 0;
	troom = s->w->total + s->w->skipped < lim->max_total ?
	    lim->max_total - s->w->total - s->w->skipped : 0;
	if (s->declared >= 0)
		droom = s->nread < (uint64_t)s->declared ? (uint64_t)s->declared - s->nread : 0;
	if (eroom == 0 || troom == 0 || droom == 0) {
		r = pull(s, &probe, 1);
		if (r == 0)
			s->eof = 1;
		if (r <= 0)
			return r;
		if (droom == 0)
			return more_than_declared(s);
		return hit_limit(s, eroom == 0 ? LIM_ENTRY : LIM_TOTAL);
	}
	if (n > BLOCK * 16)
		n = BLOCK * 16;
	if (n > eroom)
		n = (size_t)eroom;
	if (n > troom)
		n = (size_t)troom;
	if (n > droom)
		n = (size_t)droom;
	r = pull(s, buf, n);
	if (r == 0)
		s->eof = 1;
	else if (r > 0) {
		s->nread += (uint64_t)r;
		s->w->total += (uint64_t)r;
		if (s->w->watch != NULL) {
			atomic_store_explicit(&s->w->watch->bytes_read, s->w->total,
			    memory_order_relaxed);
			if (s->w->top != NULL)
				atomic_store_explicit(&s->w->watch->file_read,
				    (uint64_t)(s->a == s->w->top ? s->cpos :
				    archive_filter_bytes(s->w->top, -1)),
				    memory_order_relaxed);
		}
	}
	return r;
}

static ssize_t
src_read(void *ctx, void *buf, size_t n)
{
	struct entry_src *s = ctx;
	size_t k;

	if (s->spos < s->nsniff) {
		k = s->nsniff - s->spos;
		if (k > n)
			k = n;
		memcpy(buf, s->sniff + s->spos, k);
		s->spos += k;
		return (ssize_t)k;
	}
	return limited_read(s, buf, n);
}

static const char *
src_errmsg(void *ctx)
{
	return ((struct entry_src *)ctx)->msg;
}

static void
src_init(struct entry_src *s, struct walk *w, size_t idx, struct archive *a, int fd)
{
	memset(s, 0, sizeof *s);
	s->w = w;
	s->idx = idx;
	s->a = a;
	s->fd = fd;
	s->cstart = a ? archive_filter_bytes(a, -1) : -1;
	s->cpos = s->cstart;
	s->declared = -1;
}

/* Hands the rest of the entry to a reader thread (when it pays and is safe: the top-level
 * archive reads a file, where a nested one would read its parent entry through limits that
 * belong to this thread). The block being read is copied first, since the reader's next
 * fetch ends its life. */
static void
src_read_ahead(struct entry_src *s, int64_t size)
{
	struct walk *w = s->w;

	if (!w->read_ahead || s->a == NULL || s->a != w->top || s->err != SRC_OK || s->eof ||
	    (size >= 0 && (uint64_t)size < w->read_ahead_min))
		return;
	if (s->blkpos < s->blklen) {
		s->held = xmalloc(s->blklen - s->blkpos);
		memcpy(s->held, (const unsigned char *)s->blk + s->blkpos, s->blklen - s->blkpos);
		s->blk = s->held;
		s->blklen -= s->blkpos;
		s->blkpos = 0;
	}
	s->ra = readahead_start(fetch_block, s);
}

static void
src_done(struct entry_src *s)
{
	readahead_free(s->ra);
	free(s->held);
	free(s->msg);
	free(s->warn);
}

/* ---- recognising and opening archives ---- */

/* The name of a compression that only an external program reads, from its magic number;
 * NULL for anything else. */
static const char *
external_compression(const unsigned char *p, size_t n)
{
	if (n >= 4 && memcmp(p, "LRZI", 4) == 0)
		return "lrzip";
	if (n >= 9 && memcmp(p, "\x89LZO\0\r\n\x1a\n", 9) == 0)
		return "lzop";
	if (n >= 8 && memcmp(p, "GRZipII\0", 8) == 0)
		return "grzip";
	return NULL;
}

static enum akind
sniff_kind(const unsigned char *p, size_t n)
{
	if (n >= 4 && (memcmp(p, "PK\3\4", 4) == 0 || memcmp(p, "PK\5\6", 4) == 0))
		return AK_ZIP;
	if (n >= 6 && memcmp(p, "7z\xbc\xaf\x27\x1c", 6) == 0)
		return AK_7Z;
	if (n >= 8 && memcmp(p, "MSCF\0\0\0\0", 8) == 0)
		return AK_CAB;
	if (n >= 262 && memcmp(p + 257, "ustar", 5) == 0)
		return AK_TAR;
	if ((n >= 3 && memcmp(p, "\x1f\x8b\x08", 3) == 0) ||
	    (n >= 10 && memcmp(p, "BZh", 3) == 0 && p[3] >= '1' && p[3] <= '9' &&
	    (memcmp(p + 4, "1AY&SY", 6) == 0 || memcmp(p + 4, "\x17rE8P\x90", 6) == 0)) ||
	    (n >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0) ||
	    (n >= 4 && memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0) ||
	    (n >= 4 && memcmp(p, "\x04\x22\x4d\x18", 4) == 0))
		return AK_COMPRESSED;
	if (external_compression(p, n) != NULL)
		return AK_EXTERNAL;
	return AK_NONE;
}

/* A reader with our formats and in-process filters registered one by one. A filter is only
 * registered when its library is linked in: otherwise libarchive would run an external
 * program. "raw" (any data as one member) only for a bare compressed file. */
static struct archive *
reader_new(int zip_streaming, int raw)
{
	struct archive *a = archive_read_new();

	if (a == NULL)
		return NULL;
	if (zip_streaming)
		archive_read_support_format_zip_streamable(a);
	else
		archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_cab(a);
	if (raw)
		archive_read_support_format_raw(a);
	if (archive_zlib_version() != NULL)
		archive_read_support_filter_gzip(a);
	if (archive_bzlib_version() != NULL)
		archive_read_support_filter_bzip2(a);
	if (archive_liblzma_version() != NULL) {
		archive_read_support_filter_xz(a);
		archive_read_support_filter_lzma(a);
	}
	if (archive_libzstd_version() != NULL)
		archive_read_support_filter_zstd(a);
	if (archive_liblz4_version() != NULL)
		archive_read_support_filter_lz4(a);
	return a;
}

static la_ssize_t
nest_read(struct archive *a, void *ctx, const void **out)
{
	struct nest_in *in = ctx;
	ssize_t r;

	if (in->ppos < in->npre) {
		*out = in->pre + in->ppos;
		r = (ssize_t)(in->npre - in->ppos);
		in->ppos = in->npre;
		return r;
	}
	r = src_read(in->parent, in->buf, sizeof in->buf);
	if (r < 0) {
		archive_set_error(a, EIO, "%s",
		    in->parent->msg ? in->parent->msg : "read error");
		return ARCHIVE_FATAL;
	}
	*out = in->buf;
	return r;
}

/* Where a reader's bytes come from: a file by name, memory, or a parent entry's stream. */
struct reader_in {
	const char *file;
	const void *mem;
	size_t memlen;
	struct nest_in *stream;
};

/* Opens a reader, or returns NULL with *err set (caller frees). */
static struct archive *
reader_open(const struct reader_in *in, int zip_streaming, int raw, char **err)
{
	struct archive *a = reader_new(zip_streaming, raw);
	int r;

	if (a == NULL) {
		*err = xstrdup("out of memory");
		return NULL;
	}
	if (in->file)
		r = archive_read_open_filename(a, in->file, BLOCK);
	else if (in->mem)
		r = archive_read_open_memory(a, in->mem, in->memlen);
	else
		r = archive_read_open(a, in->stream, NULL, nest_read, NULL);
	if (r < ARCHIVE_WARN) {
		*err = xstrdup(arch_msg(a, "not a readable archive"));
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* A zip is read through its central directory; when that cannot even give the first entry
 * (a bad directory offset), the local headers are read in order instead, to salvage. */
static int
zip_needs_streaming(const struct reader_in *in)
{
	struct archive_entry *ae;
	struct archive *a;
	char *err = NULL;
	int r;

	if ((a = reader_open(in, 0, 0, &err)) == NULL) {
		free(err);
		return 1;
	}
	r = archive_read_next_header(a, &ae);
	archive_read_free(a);
	return r == ARCHIVE_FATAL;
}

/* ---- zip central directory check ---- */

/*
 * libarchive reads zips whose entries share compressed data (the layout of zip bombs that
 * need no nesting: 400 entries over one stream) without complaint, and collapses directory
 * records that point at one local header. Both show in the central directory as data spans
 * that overlap, which no zip writer produces. Zips we can seek in are checked before reading.
 */

#define CD_MAX	((uint64_t)64 << 20)	/* larger central directories are not checked */

struct zip_in {
	int fd;				/* -1 when in memory */
	const unsigned char *mem;
	uint64_t size;
};

struct span {
	uint64_t start, end;
};

static uint64_t
le(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

static int
zip_read_at(const struct zip_in *z, uint64_t off, void *buf, size_t n)
{
	unsigned char *b = buf;
	ssize_t r;

	if (off > z->size || n > z->size - off)
		return -1;
	if (z->mem) {
		memcpy(b, z->mem + off, n);
		return 0;
	}
	while (n > 0) {
		r = pread(z->fd, b, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		b += r;
		off += (uint64_t)r;
		n -= (size_t)r;
	}
	return 0;
}

/* Finds the central directory from the end record (and its zip64 form), and the entry count
 * the end record declares. Returns 0 when the directory lies inside the file. */
static int
zip_find_cd(const struct zip_in *z, uint64_t *off, uint64_t *len, uint64_t *count)
{
	size_t n = z->size < 65557 ? (size_t)z->size : 65557, i;
	unsigned char *tail = xmalloc(n ? n : 1), e64[56];
	int found = 0;

	if (n < 22 || zip_read_at(z, z->size - n, tail, n) != 0) {
		free(tail);
		return -1;
	}
	for (i = n - 22;; i--) {
		found = memcmp(tail + i, "PK\5\6", 4) == 0 && i + 22 + le(tail + i + 20, 2) == n;
		if (found || i == 0)
			break;
	}
	if (found) {
		*count = le(tail + i + 10, 2);
		*len = le(tail + i + 12, 4);
		*off = le(tail + i + 16, 4);
		if ((*off == 0xFFFFFFFF || *len == 0xFFFFFFFF || *count == 0xFFFF) && i >= 20 &&
		    memcmp(tail + i - 20, "PK\6\7", 4) == 0) {
			found = zip_read_at(z, le(tail + i - 12, 8), e64, sizeof e64) == 0 &&
			    memcmp(e64, "PK\6\6", 4) == 0;
			*count = le(e64 + 32, 8);
			*len = le(e64 + 40, 8);
			*off = le(e64 + 48, 8);
		}
	}
	free(tail);
	return found && *off <= z->size && *len <= z->size - *off ? 0 : -1;
}

/* Each directory record's span: local header offset to the end of its compressed data
 * (the header's name and extra fields are not counted, so spans are never too long). */
static size_t
zip_spans(const unsigned char *cd, uint64_t len, struct span **out)
{
	size_t n = 0, cap = 0;
	uint64_t p = 0, csize, usize, loff, nlen, xlen, clen, q, xend;

	*out = NULL;
	while (p + 46 <= len && memcmp(cd + p, "PK\1\2", 4) == 0) {
		csize = le(cd + p + 20, 4);
		usize = le(cd + p + 24, 4);
		nlen = le(cd + p + 28, 2);
		xlen = le(cd + p + 30, 2);
		clen = le(cd + p + 32, 2);
		loff = le(cd + p + 42, 4);
		if (p + 46 + nlen + xlen + clen > len)
			break;
		/* zip64 extra field: 64-bit values for the fields that hold 0xFFFFFFFF. */
		for (q = p + 46 + nlen, xend = q + xlen; q + 4 <= xend; q += 4 + le(cd + q + 2, 2)) {
			uint64_t v = q + 4, vend = v + le(cd + q + 2, 2);
			if (le(cd + q, 2) != 1 || vend > xend)
				continue;
			if (usize == 0xFFFFFFFF && v + 8 <= vend)
				v += 8;
			if (csize == 0xFFFFFFFF && v + 8 <= vend) {
				csize = le(cd + v, 8);
				v += 8;
			}
			if (loff == 0xFFFFFFFF && v + 8 <= vend)
				loff = le(cd + v, 8);
		}
		*out = xgrow(*out, &cap, n + 1, sizeof **out);
		(*out)[n].start = loff;
		(*out)[n].end = loff > UINT64_MAX - 30 || csize > UINT64_MAX - 30 - loff ?
		    UINT64_MAX : loff + 30 + csize;
		n++;
		p += 46 + nlen + xlen + clen;
	}
	return n;
}

static int
cmp_spans(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* What a zip's central directory says, for the checks libarchive does not make. */
struct zip_dir {
	int known;		/* the directory was found and read */
	int overlap;		/* two of its records share data */
	uint64_t declared;	/* the entry count of the end record */
	uint64_t records;	/* the records the directory holds */
};

/* Reads the central directory. One that cannot be found or read is libarchive's to report:
 * d->known stays 0. */
static void
zip_directory(const struct zip_in *z, struct zip_dir *d)
{
	struct span *sp;
	uint64_t off, len, end = 0;
	unsigned char *cd;
	size_t n, i;

	memset(d, 0, sizeof *d);
	if (zip_find_cd(z, &off, &len, &d->declared) != 0 || len > CD_MAX)
		return;
	if (z->mem)
		cd = (unsigned char *)z->mem + off;
	else if (zip_read_at(z, off, cd = xmalloc((size_t)len + 1), (size_t)len) != 0) {
		free(cd);
		return;
	}
	n = zip_spans(cd, len, &sp);
	if (n > 1)
		qsort(sp, n, sizeof *sp, cmp_spans);
	for (i = 0; i < n && !d->overlap; i++) {
		d->overlap = i > 0 && sp[i].start < end;
		if (sp[i].end > end)
			end = sp[i].end;
	}
	d->known = 1;
	d->records = n;
	free(sp);
	if (!z->mem)
		free(cd);
}

/* A zip whose end record, directory and entries disagree on the number of entries: entries
 * were hidden or collapsed, or the directory is damaged. An extra record says so. headers
 * is UINT64_MAX when the walk did not reach the end of the archive. */
static void
check_zip_count(struct walk *w, const struct zip_dir *d, uint64_t headers, const char *rest,
    int depth)
{
	struct inv_entry *e;

	if (!d->known || headers == UINT64_MAX ||
	    (d->declared == d->records && d->records == headers))
		return;
	e = inventory_add(w->inv, rest, depth);
	e->status = INV_REMAINDER;
	inv_set_note(e, "entry count mismatch: the end record declares %llu, the directory "
	    "holds %llu, %llu were read", (unsigned long long)d->declared,
	    (unsigned long long)d->records, (unsigned long long)headers);
	diag(DIAG_WARNING, w->bundle, NULL, 0, "%s: %s", rest, e->note);
}

#define OVERLAP_MSG "entries share compressed data (the layout of a zip bomb): not read"

/* ---- walking an archive ---- */

/* 1 when moving past the rest of an entry means decompressing it: in a compressed tar or a
 * bare compressed file, and in a 7z. Zips seek, and an uncompressed stream nested in another
 * archive is counted as its parent entry's bytes. */
static int
skip_decompresses(struct archive *a)
{
	return archive_filter_count(a) > 1 || archive_format(a) == ARCHIVE_FORMAT_7ZIP;
}

/* Passes over the rest of an entry block by block where libarchive's own skip would
 * decompress it unwatched. The bytes count against the bundle's budgets (time, total,
 * bundle ratio), not the entry's, which was read as far as it was wanted: a terabyte of
 * zeros that is skipped as binary ends the walk instead of running for hours. Returns a
 * message when the archive is unusable after it (caller frees). */
static char *
pass_over(struct walk *w, struct entry_src *s, size_t idx)
{
	const void *b;
	const char *msg;
	size_t len;
	char why[192];
	int r;

	for (;;) {
		why[0] = '\0';
		if (out_of_time(w))
			snprintf(why, sizeof why, "walk stopped: time limit of %d s reached",
			    w->lim->max_seconds);
		else if (w->total + w->skipped >= w->lim->max_total)
			snprintf(why, sizeof why, "walk stopped: the bundle limit of %llu bytes "
			    "reached passing over the rest of this entry",
			    (unsigned long long)w->lim->max_total);
		else if (bundle_ratio_exceeded(w))
			bundle_ratio_msg(w, why, sizeof why);
		if (why[0] != '\0') {
			w->stop = 1;
			inv_append_note(rec(w, idx), "%s", why);
			diag(DIAG_WARNING, w->bundle, NULL, 0, "%s", why);
			return NULL;
		}
		r = take_block(s, &b, &len, &msg);
		if (r == ARCHIVE_EOF)
			return NULL;
		if (r == ARCHIVE_FATAL)
			return xstrdup(msg ? msg : "damaged data");
		if (r < ARCHIVE_WARN)
			return NULL;	/* archive_read_data_skip has the last word */
		w->skipped += len;
	}
}

/* Reads one archive entry's header facts and data. Returns a message when the archive is
 * unusable after it (caller frees), else NULL. */
static char *
visit_archive_entry(struct walk *w, struct archive *a, struct archive_entry *ae,
    const char *prefix, const char *name, int depth, const char *hdr_warning)
{
	char *path = xasprintf("%s%s", prefix, *name ? name : "(empty name)");
	size_t idx = add_record(w, path, name, depth);
	struct inv_entry *e = rec(w, idx);
	const char *special = NULL;
	int64_t size = archive_entry_size_is_set(ae) ? archive_entry_size(ae) : -1;
	int64_t mtime = archive_entry_mtime_is_set(ae) ? (int64_t)archive_entry_mtime(ae) : 0;
	struct entry_src s;
	char *fatal = NULL;

	e->size_declared = size;
	if (hdr_warning)
		inv_append_note(e, "warning: %s", hdr_warning);
	if (archive_entry_hardlink(ae) != NULL)
		special = "hard link, not followed";
	else if (archive_entry_filetype(ae) == AE_IFLNK)
		special = "symbolic link, not followed";
	else if (archive_entry_filetype(ae) != AE_IFREG)
		special = "special file, not read";
	if (special) {
		e->flags |= INV_F_SPECIAL_FILE;
		inv_append_note(e, "%s", special);
	} else if (archive_entry_is_encrypted(ae)) {
		/* Reading encrypted data can end the archive; skipping keeps the rest. */
		e->flags |= INV_F_ENCRYPTED;
		inv_append_note(e, "encrypted, not read");
	} else {
		src_init(&s, w, idx, a, -1);
		s.declared = size;
		fatal = visit_data(w, &s, idx, path, depth, size, mtime);
		if (fatal == NULL && !w->stop && skip_decompresses(a))
			fatal = pass_over(w, &s, idx);
		src_done(&s);
	}
	if (fatal == NULL && !w->stop && archive_read_data_skip(a) == ARCHIVE_FATAL)
		fatal = xstrdup(arch_msg(a, "damaged data"));
	free(path);
	return fatal;
}

/* Walks the entries of an open archive. rest is the path of a remainder record; raw_name
 * names the member of a bare compressed file. Returns the number of entries; *headers gets
 * the number of headers (directories too) when the end was reached. When not even
 * the first entry could be read, *unreadable gets the message (caller frees) and no
 * remainder record is made: the caller marks the archive itself failed. */
static uint64_t
walk_archive(struct walk *w, struct archive *a, const char *prefix, const char *rest,
    const char *raw_name, int depth, char **unreadable, uint64_t *headers)
{
	struct archive_entry *ae;
	char *last = NULL, *name, *fatal = NULL;
	uint64_t count = 0, nhdr = 0;
	int r = ARCHIVE_OK, is_dir;

	while (!w->stop) {
		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
			fatal = xstrdup(arch_msg(a, "damaged archive"));
			break;
		}
		nhdr++;
		/* Directories hold no bytes and are not entries. */
		is_dir = archive_entry_filetype(ae) == AE_IFDIR;
		if (over_budget(w, !is_dir))
			break;
		if (is_dir)
			continue;
		if (archive_format(a) == ARCHIVE_FORMAT_RAW && raw_name)
			name = xstrdup(raw_name);
		else
			name = entry_name(ae);
		free(last);
		last = xasprintf("%s%s", prefix, *name ? name : "(empty name)");
		count++;
		if (r == ARCHIVE_FAILED) {
			size_t idx = add_record(w, last, name, depth);
			rec(w, idx)->status = INV_FAILED;
			inv_set_note(rec(w, idx), "%s", arch_msg(a, "unreadable entry"));
		} else
			fatal = visit_archive_entry(w, a, ae, prefix, name, depth,
			    r == ARCHIVE_WARN ? arch_msg(a, "archive warning") : NULL);
		free(name);
		if (fatal)
			break;
	}
	*headers = r == ARCHIVE_EOF ? nhdr : UINT64_MAX;
	*unreadable = NULL;
	if (fatal && count == 0)
		*unreadable = fatal;
	else {
		if (fatal)
			add_remainder(w, rest, depth, last, fatal);
		free(fatal);
	}
	free(last);
	return count;
}

/* Reads the whole entry into memory when it holds at most cap bytes. Returns 1 when it fits,
 * 0 when it is bigger (cap + 1 bytes are in *buf), -1 on a read error. */
static int
spool(struct entry_src *s, uint64_t cap, unsigned char **buf, size_t *len)
{
	size_t size = 0, alloc = 0, want;
	ssize_t r;

	if (cap > SIZE_MAX / 2)
		cap = SIZE_MAX / 2;
	*buf = NULL;
	for (;;) {
		if (size == alloc) {
			if (alloc > cap)
				break;
			alloc = alloc ? alloc * 2 : BLOCK;
			if (alloc > cap + 1)
				alloc = (size_t)cap + 1;
			*buf = xrealloc(*buf, alloc);
		}
		want = alloc - size;
		r = src_read(s, *buf + size, want);
		if (r < 0) {
			*len = size;
			return -1;
		}
		if (r == 0) {
			*len = size;
			return 1;
		}
		size += (size_t)r;
	}
	*len = size;
	return 0;
}

/* Opens a nested archive and walks it. The entry's record becomes a container, or failed. */
static void
open_nested(struct walk *w, struct entry_src *s, size_t idx, const char *path, int depth,
    enum akind kind, int64_t declared)
{
	const struct limits *lim = w->lim;
	struct reader_in in = {NULL, NULL, 0, NULL};
	struct nest_in *stream = NULL;
	unsigned char *buf = NULL;
	size_t len = 0;
	char *prefix, *raw_name = NULL, *err = NULL;
	struct archive *a = NULL;
	struct zip_dir dir = {0, 0, 0, 0};
	int fits = 0, zip_streaming = 0;
	uint64_t n, headers;

	if (kind == AK_ZIP || kind == AK_7Z || kind == AK_CAB) {
		if (declared >= 0 && (uint64_t)declared > lim->max_nested_spool)
			fits = 0;
		else if ((fits = spool(s, lim->max_nested_spool, &buf, &len)) < 0) {
			rec(w, idx)->status = INV_FAILED;
			inv_append_note(rec(w, idx), "nested archive not read");
			free(buf);
			return;
		}
	}
	if (kind == AK_7Z && !fits) {
		rec(w, idx)->flags |= INV_F_LIMIT;
		inv_append_note(rec(w, idx), "7z archive larger than the %llu-byte spool limit: "
		    "not opened", (unsigned long long)lim->max_nested_spool);
		free(buf);
		return;
	}
	if (fits && kind == AK_ZIP) {
		struct zip_in z = {-1, buf, len};
		zip_directory(&z, &dir);
		if (dir.overlap) {
			rec(w, idx)->status = INV_FAILED;
			inv_append_note(rec(w, idx), "%s", OVERLAP_MSG);
			free(buf);
			return;
		}
	}
	if (fits) {
		in.mem = buf;
		in.memlen = len;
		zip_streaming = kind == AK_ZIP && zip_needs_streaming(&in);
	} else {
		stream = xmalloc(sizeof *stream);
		stream->parent = s;
		stream->pre = buf;
		stream->npre = len;
		stream->ppos = 0;
		in.stream = stream;
		zip_streaming = 1;
	}
	if (kind == AK_COMPRESSED)
		raw_name = raw_member_name(path);
	a = reader_open(&in, zip_streaming, kind == AK_COMPRESSED, &err);
	if (a == NULL) {
		rec(w, idx)->status = INV_FAILED;
		if (s->err == SRC_OK)	/* else finish_record says why */
			inv_append_note(rec(w, idx), "%s", err);
	} else {
		prefix = xasprintf("%s!/", path);
		n = walk_archive(w, a, prefix, prefix, raw_name, depth + 1, &err, &headers);
		if (!zip_streaming)
			check_zip_count(w, &dir, headers, prefix, depth + 1);
		if (err != NULL) {
			rec(w, idx)->status = INV_FAILED;
			if (s->err == SRC_OK)
				inv_append_note(rec(w, idx), "%s", err);
		} else {
			rec(w, idx)->status = INV_CONTAINER;
			inv_append_note(rec(w, idx), "%llu %s", (unsigned long long)n,
			    n == 1 ? "entry" : "entries");
		}
		archive_read_free(a);
		free(prefix);
	}
	free(err);
	free(raw_name);
	free(stream);
	free(buf);
}

/* Records what the byte stream says about the entry after it was read. */
static void
finish_record(struct walk *w, struct entry_src *s, size_t idx)
{
	struct inv_entry *e = rec(w, idx);

	e->bytes_read = s->nread;
	if (s->warn)
		note_once(e, "warning: ", s->warn);
	if (s->err == SRC_LIMIT) {
		e->flags |= INV_F_LIMIT;
		note_once(e, "", s->msg);
	} else if (s->err != SRC_OK)
		note_once(e, "read error: ", s->msg);
	if (s->err == SRC_OK || e->status == INV_CONTAINER)
		return;
	if (s->err != SRC_LIMIT && s->nread == 0)
		e->status = INV_FAILED;
	else if (e->status == INV_PARSED)
		e->status = INV_PARTIAL;
}

/* Reads a regular entry: a nested archive is opened, anything else goes to the callback.
 * Returns a message when the archive holding it is unusable afterwards. */
static char *
visit_data(struct walk *w, struct entry_src *s, size_t idx, const char *path, int depth,
    int64_t size, int64_t mtime)
{
	enum akind kind;
	ssize_t r;

	while (s->nsniff < SNIFF_LEN &&
	    (r = limited_read(s, s->sniff + s->nsniff, SNIFF_LEN - s->nsniff)) > 0)
		s->nsniff += (size_t)r;
	/* Something cut short this early is handed on as plain data, never opened. */
	kind = s->err == SRC_OK ? sniff_kind(s->sniff, s->nsniff) : AK_NONE;
	if (kind == AK_EXTERNAL)
		inv_append_note(rec(w, idx), "%s-compressed, which needs an external program: "
		    "not read", external_compression(s->sniff, s->nsniff));
	else if (kind != AK_NONE && depth >= w->lim->max_depth) {
		rec(w, idx)->flags |= INV_F_LIMIT;
		inv_append_note(rec(w, idx), "nesting deeper than %d", w->lim->max_depth);
	} else if (kind != AK_NONE)
		open_nested(w, s, idx, path, depth, kind, size);
	else if (w->fn && (s->nsniff > 0 || s->err == SRC_OK)) {
		struct byte_source bs = {src_read, src_errmsg, s};
		struct bundle_entry e;

		e.path = path;
		e.name = last_component(path);
		e.depth = depth;
		e.size_declared = size;
		e.mtime = mtime;
		e.inv = rec(w, idx);
		e.inv->size_declared = size;
		src_read_ahead(s, size);
		w->fn(w->ctx, &e, &bs);
		/* The archive is this thread's again; blocks fetched ahead stay queued. */
		readahead_finish(s->ra);
	}
	finish_record(w, s, idx);
	return s->err == SRC_FATAL ? xstrdup(s->msg) : NULL;
}

/* ---- folders and files ---- */

/* A file of a folder bundle (nofollow: never through a symbolic link), or the bundle itself
 * when it is a single file. */
static void
visit_file(struct walk *w, const char *full, const char *rel, const struct stat *st,
    int nofollow)
{
	size_t idx = add_record(w, rel, rel, 0);
	struct entry_src s;
	struct stat now;
	int fd;

	rec(w, idx)->size_declared = st->st_size;
	/* O_NONBLOCK: should the file have become a FIFO since lstat, open must not wait. */
	fd = open(full, O_RDONLY | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0) {
		rec(w, idx)->status = INV_FAILED;
		inv_set_note(rec(w, idx), "cannot open: %s", strerror(errno));
		return;
	}
	if (fstat(fd, &now) != 0 || !S_ISREG(now.st_mode)) {
		rec(w, idx)->flags |= INV_F_SPECIAL_FILE;
		inv_set_note(rec(w, idx), "special file, not read");
		close(fd);
		return;
	}
	src_init(&s, w, idx, NULL, fd);
	w->input += (uint64_t)st->st_size;
	free(visit_data(w, &s, idx, rel, 0, st->st_size, (int64_t)st->st_mtime));
	src_done(&s);
	close(fd);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks root/rel recursively in name order, without following symbolic links. Returns 0, or
 * the errno value when the folder cannot be listed. */
static int
walk_dir(struct walk *w, const char *root, const char *rel)
{
	char *dir = xasprintf("%s/%s", root, rel), **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	struct stat st;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		int e = errno;
		free(dir);
		return e;
	}
	while ((de = readdir(d)) != NULL && n <= w->lim->max_entries) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_names);
	for (i = 0; i < n; i++) {
		char *relp = xasprintf("%s%s", rel, names[i]);
		char *full = xasprintf("%s/%s", root, relp);

		if (over_budget(w, 1)) {
			free(relp);
			free(full);
			break;
		}
		if (lstat(full, &st) != 0) {
			size_t idx = add_record(w, relp, relp, 0);
			rec(w, idx)->status = INV_FAILED;
			inv_set_note(rec(w, idx), "cannot read: %s", strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			char *sub = xasprintf("%s/", relp);
			int e = walk_dir(w, root, sub);
			if (e != 0) {
				size_t idx = add_record(w, relp, relp, 0);
				rec(w, idx)->status = INV_FAILED;
				inv_set_note(rec(w, idx), "cannot list folder: %s", strerror(e));
			}
			free(sub);
		} else if (S_ISREG(st.st_mode))
			visit_file(w, full, relp, &st, 1);
		else {
			size_t idx = add_record(w, relp, relp, 0);
			rec(w, idx)->flags |= INV_F_SPECIAL_FILE;
			inv_set_note(rec(w, idx), S_ISLNK(st.st_mode) ?
			    "symbolic link, not followed" : "special file, not read");
		}
		free(relp);
		free(full);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	return 0;
}

/* A top-level file: an archive walked in place, or a single entry. */
static enum bundle_result
walk_file(struct walk *w, const char *path, const struct stat *st)
{
	const char *base = last_component(path);
	unsigned char head[SNIFF_LEN];
	struct reader_in in = {NULL, NULL, 0, NULL};
	struct archive *a;
	struct zip_dir dir = {0, 0, 0, 0};
	enum akind kind;
	char *rest, *raw_name = NULL, *err = NULL;
	ssize_t r = 0;
	size_t got = 0, idx;
	uint64_t headers;
	int fd, streaming;

	if ((fd = open(path, O_RDONLY)) < 0) {
		diag(DIAG_ERROR, path, NULL, 0, "cannot open: %s", strerror(errno));
		return BUNDLE_UNREADABLE;
	}
	while (got < sizeof head && (r = read(fd, head + got, sizeof head - got)) > 0)
		got += (size_t)r;
	if (r < 0) {
		diag(DIAG_ERROR, path, NULL, 0, "cannot read: %s", strerror(errno));
		close(fd);
		return BUNDLE_UNREADABLE;
	}
	if ((kind = sniff_kind(head, got)) == AK_NONE || kind == AK_EXTERNAL) {
		close(fd);
		visit_file(w, path, base, st, 0);
		return BUNDLE_OK;
	}
	w->input = (uint64_t)st->st_size;
	if (kind == AK_ZIP) {
		struct zip_in z = {fd, NULL, (uint64_t)st->st_size};
		zip_directory(&z, &dir);
		if (dir.overlap)
			err = xstrdup(OVERLAP_MSG);
	}
	close(fd);
	in.file = path;
	if (kind == AK_COMPRESSED)
		raw_name = raw_member_name(base);
	streaming = kind == AK_ZIP && err == NULL && zip_needs_streaming(&in);
	a = err ? NULL : reader_open(&in, streaming, kind == AK_COMPRESSED, &err);
	if (a != NULL) {
		rest = xasprintf("%s!/", base);
		w->top = a;
		walk_archive(w, a, "", rest, raw_name, 0, &err, &headers);
		if (!streaming && err == NULL)
			check_zip_count(w, &dir, headers, rest, 0);
		w->top = NULL;
		archive_read_free(a);
		free(rest);
	}
	free(raw_name);
	if (err == NULL)
		return BUNDLE_OK;
	/* Not even one entry: the bundle is unreadable; say why in the inventory too. */
	idx = add_record(w, base, base, 0);
	rec(w, idx)->status = INV_FAILED;
	inv_set_note(rec(w, idx), "not a readable archive: %s", err);
	diag(DIAG_ERROR, path, NULL, 0, "not a readable archive: %s", err);
	free(err);
	return BUNDLE_UNREADABLE;
}

void
bundle_init_locale(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL && setlocale(LC_CTYPE, "UTF-8") == NULL)
		(void)setlocale(LC_CTYPE, "");
}

enum bundle_result
bundle_walk(const char *path, const struct limits *lim, struct inventory *inv,
    bundle_entry_fn fn, void *ctx)
{
	struct walk w;
	struct stat st;
	enum bundle_result res = BUNDLE_OK;

	memset(&w, 0, sizeof w);
	w.lim = lim;
	w.inv = inv;
	w.fn = fn;
	w.ctx = ctx;
	w.bundle = path;
	w.watch = watch;
	w.read_ahead = read_ahead;
	w.read_ahead_min = read_ahead_min;
	if (clock_gettime(CLOCK_MONOTONIC, &w.start) != 0)
		memset(&w.start, 0, sizeof w.start);
	if (watch != NULL) {
		atomic_store_explicit(&watch->bytes_read, 0, memory_order_relaxed);
		atomic_store_explicit(&watch->file_read, 0, memory_order_relaxed);
		atomic_store_explicit(&watch->file_size, 0, memory_order_relaxed);
	}
	if (stat(path, &st) != 0) {
		diag(DIAG_ERROR, path, NULL, 0, "cannot open: %s", strerror(errno));
		res = BUNDLE_UNREADABLE;
	} else if (S_ISDIR(st.st_mode)) {
		int e = walk_dir(&w, path, "");
		if (e != 0) {
			diag(DIAG_ERROR, path, NULL, 0, "cannot list folder: %s", strerror(e));
			res = BUNDLE_UNREADABLE;
		}
	} else if (S_ISREG(st.st_mode)) {
		if (watch != NULL)
			atomic_store_explicit(&watch->file_size, (uint64_t)st.st_size,
			    memory_order_relaxed);
		res = walk_file(&w, path, &st);
	} else {
		diag(DIAG_ERROR, path, NULL, 0, "not a file or folder");
		res = BUNDLE_UNREADABLE;
	}
	last_totals.entries = w.entries;
	last_totals.bytes_read = w.total;
	last_totals.limit_hit = w.stop;
	return res;
}

enum bundle_result
bundle_walk_memory(const struct bundle_mem_file *files, size_t n, const struct limits *lim,
    struct inventory *inv, bundle_entry_fn fn, void *ctx)
{
	struct walk w;
	size_t i, idx;

	memset(&w, 0, sizeof w);
	w.lim = lim;
	w.inv = inv;
	w.fn = fn;
	w.ctx = ctx;
	w.bundle = "(in memory)";
	if (clock_gettime(CLOCK_MONOTONIC, &w.start) != 0)
		memset(&w.start, 0, sizeof w.start);
	for (i = 0; i < n && !over_budget(&w, 1); i++) {
		struct entry_src s;
		idx = add_record(&w, files[i].name, files[i].name, 0);
		rec(&w, idx)->size_declared = (int64_t)files[i].len;
		src_init(&s, &w, idx, NULL, -1);
		w.input += files[i].len;
		s.mem = files[i].data ? files[i].data : (const void *)"";
		s.memlen = files[i].len;
		free(visit_data(&w, &s, idx, files[i].name, 0, (int64_t)files[i].len,
		    files[i].mtime));
		src_done(&s);
	}
	last_totals.entries = w.entries;
	last_totals.bytes_read = w.total;
	last_totals.limit_hit = w.stop;
	return BUNDLE_OK;
}

void
bundle_last_totals(struct bundle_totals *t)
{
	*t = last_totals;
}

void
bundle_watch(struct bundle_progress *p)
{
	watch = p;
}

void
bundle_read_ahead(int on, uint64_t min_size)
{
	read_ahead = on;
	read_ahead_min = min_size;
}
