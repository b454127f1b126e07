/* Fuzz target: the event XML reader alone (wevtutil and Event Viewer exports), with a
 * dictionary of its markup. Oracles: every event record serialises to valid JSON, a
 * document holding a DOCTYPE never yields an entity's expansion, and the reader with its
 * scanner in front of libxml2 gives what libxml2 alone gives (records, note, status). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "limits.h"
#include "memsrc.h"
#include "oracle.h"
#include "parser.h"
#include "textin.h"
#include "util.h"
#include "evtxml_scan.h"

static int saw_marker;
static struct strbuf seen;	/* the records of a run, written out */

/* Every part of a record, in order. */
static void
put_record(const struct record *r)
{
	size_t i;
	const char *t = record_time_text(r), *e = record_excerpt(r);

	sb_printf(&seen, "%s %s %ld %d %llu %lld %d|", r->kind, r->entry, r->line,
	    r->has_record_id, (unsigned long long)r->record_id, (long long)r->time.ms,
	    (int)r->time.q);
	sb_printf(&seen, "t=%s|e=%s|", t ? t : "(none)", e ? e : "(none)");
	for (i = 0; i < r->nfields; i++)
		sb_printf(&seen, "%s=%s|", record_field_name(r, i), record_field_value(r, i));
	sb_addc(&seen, '\n');
}

/* The sink: the JSON check, and a look for the text only an expanded entity could give. */
static void
emit(void *ctx, const struct record *r)
{
	size_t i;

	memsrc_check_record(ctx, r);
	put_record(r);
	for (i = 0; i < r->nfields; i++)
		if (strstr(record_field_value(r, i), "EXPANDED-ENTITY") != NULL)
			saw_marker = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input served step bytes at a time (0: all it asks), so chunks end anywhere. */
struct stepped {
	struct memsrc m;
	struct byte_source inner;
	size_t step;
};

static ssize_t
stepped_read(void *ctx, void *buf, size_t n)
{
	struct stepped *s = ctx;

	if (s->step && n > s->step)
		n = s->step;
	return s->inner.read(s->inner.ctx, buf, n);
}

/* One run of the reader; its records go to seen, its note to *note. */
static int
run(const uint8_t *data, size_t size, size_t step, char **note)
{
	static struct limits lim;
	static const struct parse_env env;
	struct stepped sm;
	struct byte_source bs = {stepped_read, NULL, &sm};
	struct parse_ctx pc;
	int rc;

	sm.inner = memsrc_open(&sm.m, data, size);
	sm.step = step;
	limits_default(&lim);
	memset(&pc, 0, sizeof pc);
	pc.bundle = "fuzz.zip";
	pc.entry = "Application.xml";
	pc.in = textin_open(bs, 0);
	pc.lim = &lim;
	pc.env = &env;
	pc.sink.emit = emit;
	rc = parser_evtxml.parse(&pc);
	*note = pc.note;
	record_free(&pc.rec);
	textin_close(pc.in);
	return rc;
}

/* The reader with its scanner, then libxml2 alone, both reading step bytes at a time. */
static void
both_ways(const uint8_t *data, size_t size, size_t step)
{
	struct strbuf first = STRBUF_INIT;
	char *note1, *note2;
	int rc1, rc2;

	saw_marker = 0;
	sb_reset(&seen);
	evtxml_scan_enabled = 1;
	rc1 = run(data, size, step, &note1);
	/* The dictionary defines an entity whose text is the marker; it must stay unexpanded
	 * unless the marker was in the input as plain text. */
	if (saw_marker && mt_memmem((const char *)data, size, "EXPANDED-ENTITY", 15) == NULL)
		oracle_fail("an entity was expanded");
	sb_add(&first, sb_str(&seen), seen.len);
	sb_reset(&seen);
	evtxml_scan_enabled = 0;
	rc2 = run(data, size, step, &note2);
	evtxml_scan_enabled = 1;
	if (rc1 != rc2 || first.len != seen.len || memcmp(sb_str(&first), sb_str(&seen),
	    seen.len) != 0 || (note1 == NULL) != (note2 == NULL) ||
	    (note1 && strcmp(note1, note2) != 0))
		oracle_fail("the scanner and libxml2 disagree");
	free(note1);
	free(note2);
	sb_free(&first);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	both_ways(data, size, 0);
	if (size > 0)	/* and in pieces of 1 to 64 bytes, chosen by the last byte */
		both_ways(data, size, 1 + data[size - 1] % 64);
	return 0;
}
