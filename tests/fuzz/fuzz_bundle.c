/* Fuzz target: the bundle walker. The input is a bundle, walked in memory (nested archives are
 * opened from memory there) and as a file (the top-level path, with seeking). Oracles: every
 * entry's bytes are read as lines without fault, nothing is read past a declared size, and
 * the bytes of the records add up to the walk's total. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bundle.h"
#include "diag.h"
#include "oracle.h"
#include "textin.h"

static struct limits lim;
static char dir[4000], file[4096];

/* The private folder goes when the fuzzer exits. */
static void
cleanup(void)
{
	unlink(file);
	rmdir(dir);
}

static void
on_entry(void *ctx, const struct bundle_entry *e, struct byte_source *src)
{
	struct textin *t = textin_open(*src, 4096);
	const char *line;
	size_t len;

	(void)ctx;
	if (e->path == NULL || e->inv == NULL)
		oracle_fail("entry without a path or a record");
	while (textin_getline(t, &line, &len) == 1)
		if (strlen(line) != len || !oracle_utf8(line, len))
			oracle_fail("a decoded line is not NUL-free UTF-8");
	e->inv->status = INV_PARSED;
	textin_close(t);
}

static void
check(struct inventory *inv)
{
	struct bundle_totals t;
	uint64_t sum = 0;
	size_t i, n = inventory_count(inv);

	bundle_last_totals(&t);
	for (i = 0; i < n; i++) {
		const struct inv_entry *e = inventory_at(inv, i);
		if (e->path == NULL || !oracle_utf8(e->path, strlen(e->path)))
			oracle_fail("an inventory path is not UTF-8");
		if (e->size_declared >= 0 && e->bytes_read > (uint64_t)e->size_declared)
			oracle_fail("an entry was read past its declared size");
		sum += e->bytes_read;
	}
	if (sum != t.bytes_read)
		oracle_fail("the records' bytes do not add up to the walk's total");
	if (t.entries > n)
		oracle_fail("more entries than inventory records");
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "%s/fuzz_bundle.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		oracle_fail("mkdtemp");
	snprintf(file, sizeof file, "%s/bundle.zip", dir);
	atexit(cleanup);
	limits_default(&lim);
	lim.max_total = 16 << 20;
	lim.max_entry = 4 << 20;
	lim.max_entries = 2000;
	lim.max_nested_spool = 4 << 20;
	lim.max_seconds = 20;
	bundle_init_locale();
	diag_set_threshold(DIAG_FATAL);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle_mem_file f = {"fuzz.zip", data, size, 0};
	struct inventory *inv = inventory_new();
	FILE *fp;

	bundle_walk_memory(&f, 1, &lim, inv, on_entry, NULL);
	check(inv);
	inventory_free(inv);

	if ((fp = fopen(file, "wb")) == NULL || fwrite(data, 1, size, fp) != size ||
	    fclose(fp) != 0)
		oracle_fail("cannot write the bundle file");
	inv = inventory_new();
	bundle_walk(file, &lim, inv, on_entry, NULL);
	check(inv);
	inventory_free(inv);
	return 0;
}
