/* Parser for raw Windows event log files (.evtx): the entry is held in memory up to a bound,
 * opened with libevtx through a libbfio memory range (nothing touches the disk), and each
 * record's XML goes through the event XML parser, so the records are the same `event` kind
 * as those of XML exports. Built without libevtx, the entries are listed as skipped. */
#include <stdlib.h>
#include <string.h>
#include "parser.h"
#include "parsers_event.h"
#ifdef HAVE_LIBEVTX
#include <libbfio.h>
#include <libevtx.h>
#endif

#define BID_MAGIC	64		/* the eight-byte "ElfFile\0" file signature */
#define SPOOL_START	(1024 * 1024)
#define READ_CHUNK	65536
#define XML_MAX		(4 * 1024 * 1024)	/* one record's XML */

int
evtx_bid_raw(const char *name, const unsigned char *head, size_t len)
{
	(void)name;
	return len >= 8 && memcmp(head, "ElfFile\0", 8) == 0 ? BID_MAGIC : 0;
}

/* Never bids on decoded text: an .evtx file is binary, see evtx_bid_raw. */
static int
evtx_bid(const char *name, const char *head, size_t headlen)
{
	(void)name;
	(void)head;
	(void)headlen;
	return 0;
}

#ifdef HAVE_LIBEVTX

int
evtx_supported(void)
{
	return 1;
}

/* Reads the entry into memory, up to cap bytes. Returns the buffer (caller frees), or NULL
 * after a read error; *more is set when bytes were left unread. */
static unsigned char *
spool(struct parse_ctx *ctx, uint64_t cap, size_t *len, int *more)
{
	unsigned char *buf = NULL;
	char probe;
	size_t size = 0, n = 0, want;
	long r;

	*more = 0;
	for (;;) {
		if (n == size) {
			if (n >= cap)
				break;
			size = size ? size * 2 : SPOOL_START;
			if (size > cap)
				size = (size_t)cap;
			buf = xrealloc(buf, size);
		}
		want = size - n < READ_CHUNK ? size - n : READ_CHUNK;
		r = textin_read_raw(ctx->in, buf + n, want);
		if (r < 0) {
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n >= cap && textin_read_raw(ctx->in, &probe, 1) > 0)
		*more = 1;
	*len = n;
	return buf != NULL ? buf : xmalloc(1);
}

/* The first line of a libevtx error, for a note. */
static void
error_text(libevtx_error_t *err, char *out, size_t n)
{
	char *nl;

	out[0] = '\0';
	if (err != NULL && libevtx_error_sprint(err, out, n) < 0)
		out[0] = '\0';
	if ((nl = strchr(out, '\n')) != NULL)
		*nl = '\0';
}

/* Emits one record. Returns 0, or -1 when it could not be decoded. */
static int
emit_record(struct parse_ctx *ctx, libevtx_record_t *rec, struct strbuf *xml)
{
	libevtx_error_t *err = NULL;
	size_t size = 0;
	int rc = -1;

	if (libevtx_record_get_utf8_xml_string_size(rec, &size, &err) == 1 && size > 1 &&
	    size <= XML_MAX) {
		sb_reset(xml);
		xml->s = xgrow(xml->s, &xml->cap, size + 1, 1);
		if (libevtx_record_get_utf8_xml_string(rec, (uint8_t *)xml->s, size, &err) == 1) {
			xml->s[size - 1] = '\0';
			xml->len = strlen(xml->s);
			if (evtxml_parse_buffer(ctx, xml->s, xml->len, 0) == 1)
				rc = 0;
		}
	}
	libevtx_error_free(&err);
	return rc;
}

static int
record_id_of(libevtx_record_t *rec, uint64_t *id)
{
	libevtx_error_t *err = NULL;
	int ok = libevtx_record_get_identifier(rec, id, &err) == 1;

	libevtx_error_free(&err);
	return ok;
}

struct counts {
	long read, bad, recovered, bad_recovered;
	uint64_t min_id, max_id;
	int have_ids;
};

static void
read_records(struct parse_ctx *ctx, libevtx_file_t *f, struct counts *c, struct strbuf *xml)
{
	libevtx_error_t *err = NULL;
	libevtx_record_t *rec;
	uint64_t id;
	int i, n = 0;

	if (libevtx_file_get_number_of_records(f, &n, &err) != 1)
		n = 0;
	libevtx_error_free(&err);
	for (i = 0; i < n; i++) {
		rec = NULL;
		if (libevtx_file_get_record_by_index(f, i, &rec, &err) != 1) {
			libevtx_error_free(&err);
			c->bad++;
			continue;
		}
		if (emit_record(ctx, rec, xml) == 0) {
			c->read++;
			if (record_id_of(rec, &id)) {
				if (!c->have_ids || id < c->min_id)
					c->min_id = id;
				if (!c->have_ids || id > c->max_id)
					c->max_id = id;
				c->have_ids = 1;
			}
		} else
			c->bad++;
		libevtx_record_free(&rec, &err);
		libevtx_error_free(&err);
	}
}

/* Records found in unused space of the file (events since overwritten). Those whose id lies
 * within the ids of the live records are copies and are left out. */
static void
read_recovered(struct parse_ctx *ctx, libevtx_file_t *f, struct counts *c, struct strbuf *xml)
{
	libevtx_error_t *err = NULL;
	libevtx_record_t *rec;
	uint64_t id;
	int i, n = 0;

	if (libevtx_file_get_number_of_recovered_records(f, &n, &err) != 1)
		n = 0;
	libevtx_error_free(&err);
	for (i = 0; i < n; i++) {
		rec = NULL;
		if (libevtx_file_get_recovered_record_by_index(f, i, &rec, &err) != 1) {
			libevtx_error_free(&err);
			c->bad_recovered++;
			continue;
		}
		if (!record_id_of(rec, &id) || !c->have_ids || id < c->min_id || id > c->max_id) {
			if (emit_record(ctx, rec, xml) == 0)
				c->recovered++;
			else
				c->bad_recovered++;
		}
		libevtx_record_free(&rec, &err);
		libevtx_error_free(&err);
	}
}

static int
evtx_parse(struct parse_ctx *ctx)
{
	libbfio_handle_t *h = NULL;
	libbfio_error_t *berr = NULL;
	libevtx_file_t *f = NULL;
	libevtx_error_t *err = NULL;
	struct counts c;
	struct strbuf xml = STRBUF_INIT, note = STRBUF_INIT;
	struct limits dl;
	const struct limits *lim = ctx->lim;
	uint64_t cap;
	unsigned char *buf;
	size_t len;
	char msg[256];
	int more, rc = 0, corrupt;

	if (lim == NULL) {
		limits_default(&dl);
		lim = &dl;
	}
	/* The file is held in memory to seek in it, under the nested-archive bound. */
	cap = lim->max_nested_spool < lim->max_entry ? lim->max_nested_spool : lim->max_entry;
	if (cap > (uint64_t)SIZE_MAX / 2)
		cap = (uint64_t)SIZE_MAX / 2;
	if ((buf = spool(ctx, cap, &len, &more)) == NULL)
		return parse_read_error(ctx);
	memset(&c, 0, sizeof c);
	if (libbfio_memory_range_initialize(&h, &berr) != 1 ||
	    libbfio_memory_range_set(h, buf, len, &berr) != 1) {
		parse_note(ctx, "evtx: cannot read from memory");
		rc = -1;
		goto out;
	}
	if (libevtx_file_initialize(&f, &err) != 1 ||
	    libevtx_file_open_file_io_handle(f, h, LIBEVTX_OPEN_READ, &err) != 1) {
		error_text(err, msg, sizeof msg);
		parse_note(ctx, "not a readable event log file%s%s", msg[0] ? ": " : "", msg);
		rc = -1;
		goto out;
	}
	read_records(ctx, f, &c, &xml);
	read_recovered(ctx, f, &c, &xml);
	corrupt = libevtx_file_is_corrupted(f, &err) == 1;
	libevtx_error_free(&err);
	libevtx_file_close(f, &err);
	libevtx_error_free(&err);

	sb_printf(&note, "%ld event%s read", c.read, c.read == 1 ? "" : "s");
	if (c.recovered)
		sb_printf(&note, ", %ld recovered from unused space", c.recovered);
	if (c.bad || c.bad_recovered)
		sb_printf(&note, "; %ld record%s could not be decoded and %s skipped",
		    c.bad + c.bad_recovered, c.bad + c.bad_recovered == 1 ? "" : "s",
		    c.bad + c.bad_recovered == 1 ? "was" : "were");
	if (corrupt)
		sb_adds(&note, "; the file is marked damaged");
	if (more)
		sb_printf(&note, "; only the first %llu MiB were read (spool limit)",
		    (unsigned long long)(cap >> 20));
	parse_note(ctx, "%s", note.s);
	if (c.bad || c.bad_recovered || corrupt || more)
		rc = -1;
out:
	libevtx_file_free(&f, &err);
	libevtx_error_free(&err);
	libbfio_handle_free(&h, &berr);
	libbfio_error_free(&berr);
	sb_free(&xml);
	sb_free(&note);
	free(buf);
	return rc;
}

#else /* !HAVE_LIBEVTX */

int
evtx_supported(void)
{
	return 0;
}

static int
evtx_parse(struct parse_ctx *ctx)
{
	parse_note(ctx, "evtx support not built");
	return 1;
}

#endif

static const char *const evtx_globs[] = {
	"*.evtx", NULL
};

const struct parser parser_evtx = {
	"event.evtx",
#ifdef HAVE_LIBEVTX
	"raw Windows event log files (.evtx), through libevtx",
#else
	"raw Windows event log files (.evtx): not built in (needs libevtx), listed as skipped",
#endif
	evtx_globs,
	evtx_bid,
	evtx_parse
};
