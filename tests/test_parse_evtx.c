/* Tests for raw .evtx files (parse_evtx.c): a real Windows 10 System log whose damaged part
 * libevtx cannot decode (read from ../shared/data/evtx/ beside the repository; skipped when
 * absent), cut copies of it, and files that only look like event logs. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "parse_harness.h"
#include "parsers_event.h"

#define SAMPLE "../shared/data/evtx/System-win10-2018.evtx"

static unsigned char *sample;
static size_t sample_len;

static void
load_sample(void)
{
	FILE *fp = fopen(SAMPLE, "rb");
	size_t cap = 2 << 20;

	if (fp == NULL)
		return;
	sample = xmalloc(cap);
	sample_len = fread(sample, 1, cap, fp);
	fclose(fp);
}

static void
free_sample(void)
{
	free(sample);
	sample = NULL;
}

/* Runs the evtx parser the way the driver does for a binary entry, with limits lim. */
static void
run_evtx(const void *bytes, size_t n, const struct limits *lim, struct run *out)
{
	struct mem_src m = {bytes, n, 0, 0};
	struct byte_source src = {mem_read, NULL, &m};
	struct parse_ctx ctx;

	memset(&ctx, 0, sizeof ctx);
	memset(out, 0, sizeof *out);
	ctx.bundle = "bundle.zip";
	ctx.entry = "winevt/Logs/System.evtx";
	ctx.lim = lim;
	ctx.in = textin_open(src, 0);
	cr_assert(textin_is_binary(ctx.in));
	ctx.sink.emit = harvest_emit;
	ctx.sink.ctx = &out->h;
	out->rc = parser_evtx.parse(&ctx);
	out->note = ctx.note;
	out->nrecords = ctx.nrecords;
	record_free(&ctx.rec);
	textin_close(ctx.in);
}

TestSuite(evtx, .init = load_sample, .fini = free_sample);

/* Most tests need libevtx; a build without it lists .evtx entries as skipped. */
static void
need_libevtx(void)
{
	if (!evtx_supported())
		cr_skip_test("built without libevtx");
}

Test(evtx, without_libevtx_entries_are_skipped)
{
	static const unsigned char head[] = "ElfFile\0\0\0\0\0\0\0\0\0";
	struct run r;

	if (evtx_supported())
		cr_skip_test("built with libevtx");
	run_evtx(head, sizeof head, NULL, &r);
	cr_assert_eq(r.rc, 1);
	cr_assert_str_eq(r.note, "evtx support not built");
	cr_assert_eq(r.h.n, 0);
	run_free(&r);
}

Test(evtx, recognised_by_its_signature_not_as_text)
{
	static const unsigned char head[] = "ElfFile\0\0\0\0\0\0\0\0\0";
	int bid = 0;

	cr_assert_eq(recognise_raw("System.evtx", head, sizeof head, &bid), &parser_evtx);
	cr_assert_gt(bid, 48);
	cr_assert_null(recognise_raw("System.evtx", (const unsigned char *)"ElfChnk\0", 8, NULL));
	cr_assert_eq(parser_evtx.bid("System.evtx", "ElfFile", 7), 0);
}

Test(evtx, real_log_with_a_damaged_part)
{
	struct limits lim;
	struct run r;

	need_libevtx();
	if (sample == NULL)
		cr_skip_test("%s not present", SAMPLE);
	limits_default(&lim);
	run_evtx(sample, sample_len, &lim, &r);
	/* Every live record decodes; the 25 recovered ones from the damaged part do not. */
	cr_assert_eq(r.h.n, 1160);
	cr_assert_eq(r.nrecords, 1160);
	cr_assert_eq(r.rc, -1, "a file with undecodable records is read partly");
	cr_assert(strstr(r.note, "1160 events read") != NULL, "%s", r.note);
	cr_assert(strstr(r.note, "25 records could not be decoded") != NULL, "%s", r.note);
	cr_assert(strstr(r.note, "marked damaged") != NULL, "%s", r.note);
	/* The same fields as the XML exports give. */
	cr_assert_str_eq(r.h.r[0].kind, "event");
	cr_assert_eq(r.h.r[0].line, 0);
	cr_assert(r.h.r[0].has_record_id);
	cr_assert_eq(r.h.r[0].record_id, 1);
	cr_assert_str_eq(hv(&r.h, 0, "provider"), "Microsoft-Windows-Kernel-General");
	cr_assert_str_eq(hv(&r.h, 0, "event_id"), "12");
	cr_assert_str_eq(hv(&r.h, 0, "channel"), "System");
	cr_assert_str_eq(hv(&r.h, 0, "computer"), "DESKTOP-1N4R894");
	cr_assert_str_eq(hv(&r.h, 0, "data.BuildVersion"), "17134");
	cr_assert_eq(r.h.r[0].time.q, TQ_UTC);
	cr_assert_str_eq(record_time_text(&r.h.r[0]), "2018-07-06T18:37:44.881628300Z");
	/* The last live record is Volsnap 33 with its qualifiers. */
	cr_assert_str_eq(hv(&r.h, 1159, "provider"), "Volsnap");
	cr_assert_str_eq(hv(&r.h, 1159, "event_id"), "33");
	cr_assert_str_eq(hv(&r.h, 1159, "qualifiers"), "16390");
	cr_assert_eq(r.h.r[1159].record_id, 1422);
	run_free(&r);
}

Test(evtx, service_control_manager_events_keep_their_data)
{
	struct run r;
	size_t i, n7040 = 0, n7045 = 0;

	need_libevtx();
	if (sample == NULL)
		cr_skip_test("%s not present", SAMPLE);
	run_evtx(sample, sample_len, NULL, &r);
	for (i = 0; i < r.h.n; i++) {
		if (strcmp(hv(&r.h, i, "provider"), "Service Control Manager") != 0)
			continue;
		cr_assert_not_null(hv(&r.h, i, "qualifiers"), "record %zu", i);
		if (strcmp(hv(&r.h, i, "event_id"), "7040") == 0) {
			n7040++;
			cr_assert_not_null(hv(&r.h, i, "data.param1"), "record %zu", i);
		} else if (strcmp(hv(&r.h, i, "event_id"), "7045") == 0) {
			n7045++;
			cr_assert_not_null(hv(&r.h, i, "data.ImagePath"), "record %zu", i);
		}
	}
	cr_assert_eq(n7040, 52);
	cr_assert_eq(n7045, 19);
	run_free(&r);
}

Test(evtx, a_cut_file_gives_its_whole_chunks)
{
	struct run r;

	need_libevtx();
	if (sample == NULL)
		cr_skip_test("%s not present", SAMPLE);
	run_evtx(sample, 500000, NULL, &r);
	cr_assert_eq(r.h.n, 799);
	cr_assert_str_eq(hv(&r.h, 0, "event_id"), "12");
	run_free(&r);
}

Test(evtx, the_spool_limit_reads_the_start)
{
	struct limits lim;
	struct run r;

	need_libevtx();
	if (sample == NULL)
		cr_skip_test("%s not present", SAMPLE);
	limits_default(&lim);
	lim.max_nested_spool = 512 << 10;
	run_evtx(sample, sample_len, &lim, &r);
	cr_assert_eq(r.rc, -1);
	cr_assert_gt(r.h.n, 700);
	cr_assert_lt(r.h.n, 1160);
	cr_assert(strstr(r.note, "only the first") != NULL, "%s", r.note);
	run_free(&r);
}

Test(evtx, signature_without_a_log_is_not_readable)
{
	unsigned char junk[8192];
	struct run r;
	size_t i;

	need_libevtx();
	memcpy(junk, "ElfFile\0", 8);
	for (i = 8; i < sizeof junk; i++)
		junk[i] = (unsigned char)(i * 131 + 7);
	run_evtx(junk, sizeof junk, NULL, &r);
	cr_assert_eq(r.rc, -1);
	cr_assert_eq(r.h.n, 0);
	cr_assert(strstr(r.note, "not a readable event log file") != NULL ||
	    strstr(r.note, "0 events read; the file is marked damaged") != NULL, "%s", r.note);
	run_free(&r);
	/* A header alone. */
	run_evtx(junk, 8, NULL, &r);
	cr_assert_eq(r.rc, -1);
	cr_assert_eq(r.h.n, 0);
	run_free(&r);
}

Test(evtx, header_of_the_real_file_with_garbage_chunks)
{
	unsigned char *b;
	struct run r;
	size_t i;

	need_libevtx();
	if (sample == NULL)
		cr_skip_test("%s not present", SAMPLE);
	/* The 4 KiB file header kept, every chunk overwritten: no record, no crash. */
	b = xmalloc(sample_len);
	memcpy(b, sample, sample_len);
	for (i = 4096; i < sample_len; i++)
		b[i] = (unsigned char)(i * 7);
	run_evtx(b, sample_len, NULL, &r);
	cr_assert_eq(r.h.n, 0);
	run_free(&r);
	free(b);
}
