/* Tests for the event XML scanner (evtxml_scan.c): the reader with the scanner in front of
 * libxml2 gives what libxml2 alone gives, on every event XML of testdata/ and on variants
 * that make the scanner give up at every kind of place, read in pieces of several sizes. */
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include "parse_harness.h"
#include "evtxml_scan.h"

static void
same_records(const struct run *a, const struct run *b, const char *what)
{
	size_t i, j;
	const struct record *x, *y;

	cr_assert_eq(a->rc, b->rc, "%s: status", what);
	cr_assert_eq(a->note == NULL, b->note == NULL, "%s: note %s", what,
	    a->note ? a->note : b->note);
	if (a->note)
		cr_assert_str_eq(a->note, b->note, "%s: note", what);
	cr_assert_eq(a->h.n, b->h.n, "%s: records", what);
	for (i = 0; i < a->h.n; i++) {
		x = &a->h.r[i];
		y = &b->h.r[i];
		cr_assert_eq(x->line, y->line, "%s: record %zu line", what, i);
		cr_assert_eq(x->has_record_id, y->has_record_id);
		cr_assert_eq(x->record_id, y->record_id);
		cr_assert_eq(x->time.ms, y->time.ms);
		cr_assert_eq(x->time.q, y->time.q);
		cr_assert_eq(record_time_text(x) == NULL, record_time_text(y) == NULL);
		if (record_time_text(x))
			cr_assert_str_eq(record_time_text(x), record_time_text(y));
		cr_assert_str_eq(record_excerpt(x), record_excerpt(y), "%s: record %zu", what, i);
		cr_assert_eq(x->nfields, y->nfields, "%s: record %zu fields", what, i);
		for (j = 0; j < x->nfields; j++) {
			cr_assert_str_eq(record_field_name(x, j), record_field_name(y, j));
			cr_assert_str_eq(record_field_value(x, j), record_field_value(y, j),
			    "%s: record %zu %s", what, i, record_field_name(x, j));
		}
	}
}

/* Both ways, reading step bytes at a time. */
static void
agree_step(const char *doc, size_t n, size_t step, const char *what)
{
	struct run a, b;

	evtxml_scan_enabled = 1;
	run_parser_env(&parser_evtxml, "System.xml", 0, NULL, doc, n, step, &a);
	evtxml_scan_enabled = 0;
	run_parser_env(&parser_evtxml, "System.xml", 0, NULL, doc, n, step, &b);
	evtxml_scan_enabled = 1;
	same_records(&a, &b, what);
	run_free(&a);
	run_free(&b);
}

static void
agree(const char *doc, size_t n, const char *what)
{
	static const size_t steps[] = {0, 1, 3, 61, 1000, 40000};
	size_t i;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		agree_step(doc, n, steps[i], what);
}

/* Markup libxml2 rejects as soon as it has it whole, held back by the scanner at the end of
 * a chunk, then a refusal at the very start of the next chunk. */
Test(evtxml_scan, held_back_bytes_are_judged_before_a_refusal)
{
	static const char doc[] = "<Events>\n</x><!DOCTYPE a>";

	agree_step(doc, strlen(doc), strlen("<Events>\n</x>"), "held back");
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *s = NULL;
	long len;

	cr_assert_not_null(fp, "%s", path);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	s = xmalloc((size_t)len + 1);
	*n = fread(s, 1, (size_t)len, fp);
	fclose(fp);
	return s;
}

Test(evtxml_scan, agrees_with_libxml2_on_testdata)
{
	glob_t g;
	size_t i, n;
	char *s;

	cr_assert_eq(glob("testdata/bundles/*/*.xml", 0, NULL, &g), 0);
	cr_assert_geq(g.gl_pathc, 10);
	for (i = 0; i < g.gl_pathc; i++) {
		s = slurp(g.gl_pathv[i], &n);
		agree(s, n, g.gl_pathv[i]);
		free(s);
	}
	globfree(&g);
}

#define NS "'http://schemas.microsoft.com/win/2004/08/events/event'"
#define EVENT(id, data) "<Event xmlns=" NS "><System><Provider Name='VSS' Guid=\"{x}\"/>" \
    "<EventID Qualifiers='0'>" id "</EventID><Level>2</Level>" \
    "<TimeCreated SystemTime='2024-03-04T10:12:58.884Z'/><EventRecordID>" id \
    "</EventRecordID><Computer>SRV01</Computer><Security/></System><EventData>" data \
    "</EventData><RenderingInfo Culture='en-US'><Message>Error 0x80042306 &amp; more\r\n" \
    "Writer Name: System Writer\r\n</Message></RenderingInfo></Event>\r\n"

/* Things the scanner leaves to libxml2, or takes itself, in and between events. */
static const char *const oddities[] = {
	"<!-- c -->", "<![CDATA[a<b]]>", "&foo;", "</Bogus>", "]]>", "\r", "\x01", "<?pi x?>",
	"<Events>", "</Events>", "&#x1;", "&#65;&#x42;&#x10000;", "&lt;&gt;&quot;&apos;", "\t",
	"<x:y/>", "<a b='1' b='2'/>", "<a b=1/>", "<a\nb='1'\n/>", "\xc3\xa9", "\xef\xbf\xbe",
	"<a b='&amp;'/>", "<a b='x\ty'/>", "<", ">", "\"", "'", "&#xD800;", "&#1114112;",
	"&#0000065;", "<Event>", "</Event>", "\r\n", "\n\n", "<a xmlns='u' xmlns='v'/>",
	"<a xmlns='u'>t</a>", "<Data Name='HRESULT'>0x80070005</Data>", "<Data/>", "&#X41;",
	"<a/ >", "</Data >", "<Data Name = 'p' >v</Data>", "\xed\xa0\x80", "\xc0\x80", "&amp",
	"<EventData>", "<Data><Data>x</Data></Data>", "\xf4\x90\x80\x80", "\x7f",
	"</x>", "</x><!DOCTYPE a>", "<Ev", "<Event\x01",
};

Test(evtxml_scan, agrees_with_libxml2_on_variants)
{
	static const char head[] = "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
	    "<Events>\r\n";
	static const char body[] = EVENT("1", "<Data Name='a'>x</Data>")
	    EVENT("2", "<Data>y\r\nz</Data><Data Name='ErrorCode'>2147942405</Data>")
	    EVENT("3", "<Binary>00</Binary>") "</Events>\r\n";
	char doc[4096], what[64];
	size_t i, at, n, len = strlen(body);

	for (at = 0; at <= len; at += 1 + at % 7) {	/* the document cut short */
		n = (size_t)snprintf(doc, sizeof doc, "%s%s", head, body);
		snprintf(what, sizeof what, "cut at %zu", at);
		agree(doc, strlen(head) + at, what);
	}
	for (i = 0; i < sizeof oddities / sizeof oddities[0]; i++)
		for (at = 0; at <= len; at += 1 + at % 23) {
			n = (size_t)snprintf(doc, sizeof doc, "%s%.*s%s%s", head, (int)at, body,
			    oddities[i], body + at);
			snprintf(what, sizeof what, "oddity %zu at %zu", i, at);
			agree(doc, n, what);
		}
}
