/* Tests for the bundle walker: folders, zip, tar.gz, 7z, nesting, limits, damaged and hostile
 * archives. Archives are made at test time with libarchive's writer, never committed. */
#include <criterion/criterion.h>
#include <sys/stat.h>
#include <dirent.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>
#include "bundle.h"
#include "diag.h"

/* ---- making archives ---- */

enum etype { T_FILE, T_DIR, T_SYMLINK };

struct spec {
	const char *name;
	const void *data;
	size_t len;		/* 0: strlen(data) */
	enum etype type;
	const char *link;
};

enum fmt { F_ZIP, F_TAR, F_7Z };

/* Writes the entries into memory as fmt (gzip-compressed when gz); returns the size. */
static size_t
make_archive(enum fmt fmt, int gz, const char *options, const char *pass, const struct spec *e,
    size_t n, void *buf, size_t cap)
{
	struct archive *a = archive_write_new();
	size_t used = 0, i;

	if (fmt == F_ZIP)
		archive_write_set_format_zip(a);
	else if (fmt == F_7Z)
		archive_write_set_format_7zip(a);
	else
		archive_write_set_format_pax_restricted(a);
	if (gz)
		archive_write_add_filter_gzip(a);
	if (options)
		cr_assert_eq(archive_write_set_options(a, options), ARCHIVE_OK, "%s",
		    archive_error_string(a));
	if (pass)
		archive_write_set_passphrase(a, pass);
	cr_assert_eq(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		size_t len = e[i].data ? (e[i].len ? e[i].len : strlen(e[i].data)) : 0;

		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_mtime(ae, 1709287200, 0);
		if (e[i].type == T_DIR) {
			archive_entry_set_filetype(ae, AE_IFDIR);
			archive_entry_set_perm(ae, 0755);
		} else if (e[i].type == T_SYMLINK) {
			archive_entry_set_filetype(ae, AE_IFLNK);
			archive_entry_set_perm(ae, 0777);
			archive_entry_set_symlink(ae, e[i].link);
		} else {
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, 0644);
			archive_entry_set_size(ae, (la_int64_t)len);
		}
		cr_assert_eq(archive_write_header(a, ae), ARCHIVE_OK, "%s", archive_error_string(a));
		if (len)
			cr_assert_eq(archive_write_data(a, e[i].data, len), (la_ssize_t)len);
		archive_entry_free(ae);
	}
	cr_assert_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	return used;
}

static char tmpdir[64];

static void
make_tmpdir(void)
{
	strcpy(tmpdir, "/tmp/mt_bundle_XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
}

static void
rm_rf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *sub;
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			sub = xasprintf("%s/%s", path, de->d_name);
			rm_rf(sub);
			free(sub);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

static void
cleanup(void)
{
	rm_rf(tmpdir);
}

/* Writes bytes to tmpdir/name and returns the full path (caller frees). */
static char *
put_file(const char *name, const void *p, size_t n)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");

	cr_assert_not_null(fp, "%s", path);
	cr_assert_eq(fwrite(p, 1, n, fp), n, "%zu", n);
	fclose(fp);
	return path;
}

/* ---- a callback that reads every entry ---- */

struct seen {
	struct strbuf log;	/* "path=first bytes;" per call */
	int calls;
	long errors;
	long limit_seen;	/* read errors whose record already had INV_F_LIMIT */
};

static void
collect(void *ctx, const struct bundle_entry *e, struct byte_source *src)
{
	struct seen *s = ctx;
	char buf[4096];
	struct strbuf data = STRBUF_INIT;
	ssize_t r;

	while ((r = src->read(src->ctx, buf, sizeof buf)) > 0)
		if (data.len < 64)
			sb_add(&data, buf, (size_t)r);
	if (r < 0) {
		s->errors++;
		cr_assert_not_null(src->errmsg(src->ctx));
		if (e->inv->flags & INV_F_LIMIT)
			s->limit_seen++;
	}
	if (data.len > 40)
		data.len = 40;
	sb_printf(&s->log, "%s=%.*s;", e->path, (int)data.len, data.s ? data.s : "");
	cr_assert_str_eq(e->inv->path, e->path);
	e->inv->status = INV_PARSED;
	inv_set_kind(e->inv, "test");
	s->calls++;
	sb_free(&data);
}

static const struct inv_entry *
find(const struct inventory *inv, const char *path)
{
	size_t i;

	for (i = 0; i < inventory_count(inv); i++)
		if (strcmp(inventory_at(inv, i)->path, path) == 0)
			return inventory_at(inv, i);
	cr_assert_fail("no inventory record for %s", path);
	return NULL;
}

/* Every path appears once, except records flagged as duplicates. */
static void
assert_each_once(const struct inventory *inv)
{
	size_t i, j, n = inventory_count(inv);

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(inventory_at(inv, i)->path, inventory_at(inv, j)->path) == 0)
				cr_assert(inventory_at(inv, j)->flags & INV_F_DUPLICATE_NAME,
				    "%s listed twice", inventory_at(inv, j)->path);
}

/* Incompressible bytes (xorshift32). */
static void
fill_noise(void *p, size_t n)
{
	unsigned char *b = p;
	uint32_t x = 2463534242u;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (unsigned char)x;
	}
}

static struct limits lim;
static struct inventory *inv;
static struct seen seen;

static void
setup(void)
{
	make_tmpdir();
	limits_default(&lim);
	inv = inventory_new();
	memset(&seen, 0, sizeof seen);
	diag_set_threshold(DIAG_FATAL);
}

static void
teardown(void)
{
	inventory_free(inv);
	sb_free(&seen.log);
	cleanup();
}

TestSuite(bundle, .init = setup, .fini = teardown);

static unsigned char abuf[1 << 20];
static unsigned char bbuf[1 << 20];

static const char mars_log[] =
    "1F54\t2A10\t03/01\t10:00:02.125\t03\tdsmfsmanager.cpp(512)\t[00000000]\tWARNING\t"
    "Failed: Hr: = [0x80780049]\r\n";
static const char vss_writers[] =
    "Writer name: 'System Writer'\r\n   State: [5] Waiting for completion\r\n";

Test(bundle, folder_sorted_relative_symlinks_not_followed)
{
	char *p;

	p = xasprintf("%s/sub", tmpdir);
	mkdir(p, 0755);
	free(p);
	free(put_file("b.log", mars_log, strlen(mars_log)));
	free(put_file("a.txt", vss_writers, strlen(vss_writers)));
	free(put_file("sub/c.log", "third\n", 6));
	free(put_file("empty.log", "", 0));
	p = xasprintf("%s/sub/link", tmpdir);
	cr_assert_eq(symlink("../a.txt", p), 0);
	free(p);
	cr_assert_eq(bundle_walk(tmpdir, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 5);
	cr_assert_str_eq(inventory_at(inv, 0)->path, "a.txt");
	cr_assert_str_eq(inventory_at(inv, 1)->path, "b.log");
	cr_assert_str_eq(inventory_at(inv, 2)->path, "empty.log");
	cr_assert_str_eq(inventory_at(inv, 3)->path, "sub/c.log");
	cr_assert_str_eq(inventory_at(inv, 4)->path, "sub/link");
	cr_assert(inventory_at(inv, 4)->flags & INV_F_SPECIAL_FILE);
	cr_assert_eq(inventory_at(inv, 4)->status, INV_SKIPPED);
	cr_assert_eq(seen.calls, 4);
	cr_assert_str_eq(seen.log.s, "a.txt=Writer name: 'System Writer'\r\n   State: ;"
	    "b.log=1F54\t2A10\t03/01\t10:00:02.125\t03\tdsmfsman;empty.log=;sub/c.log=third\n;");
	cr_assert_eq(inventory_at(inv, 1)->bytes_read, strlen(mars_log));
	cr_assert_eq(inventory_at(inv, 1)->size_declared, (int64_t)strlen(mars_log));
	cr_assert_eq(inventory_at(inv, 1)->status, INV_PARSED);
}

Test(bundle, zip_with_directories_and_declared_sizes)
{
	struct spec e[] = {
		{"Logs/", NULL, 0, T_DIR, NULL},
		{"Logs/CBEngineCurr.errlog", mars_log, 0, T_FILE, NULL},
		{"vssadmin_list_writers.txt", vss_writers, 0, T_FILE, NULL},
	};
	size_t n = make_archive(F_ZIP, 0, NULL, NULL, e, 3, abuf, sizeof abuf);
	char *path = put_file("case.zip", abuf, n);
	struct bundle_totals t;

	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 2);
	cr_assert_str_eq(inventory_at(inv, 0)->path, "Logs/CBEngineCurr.errlog");
	cr_assert_eq(inventory_at(inv, 0)->depth, 0);
	cr_assert_eq(inventory_at(inv, 0)->size_declared, (int64_t)strlen(mars_log));
	cr_assert_eq(inventory_at(inv, 0)->bytes_read, strlen(mars_log));
	cr_assert_eq(inventory_at(inv, 1)->bytes_read, strlen(vss_writers));
	cr_assert_eq(seen.calls, 2);
	cr_assert(strstr(seen.log.s, "vssadmin_list_writers.txt=Writer name:") != NULL);
	bundle_last_totals(&t);
	cr_assert_eq(t.entries, 2);
	cr_assert_eq(t.bytes_read, strlen(mars_log) + strlen(vss_writers));
	cr_assert_eq(t.limit_hit, 0);
	free(path);
}

Test(bundle, tar_gz_symlink_listed_not_followed)
{
	struct spec e[] = {
		{"./logs/a.log", mars_log, 0, T_FILE, NULL},
		{"./logs/passwd", NULL, 0, T_SYMLINK, "/etc/passwd"},
		{"./logs/b.log", "second\n", 0, T_FILE, NULL},
	};
	size_t n = make_archive(F_TAR, 1, NULL, NULL, e, 3, abuf, sizeof abuf);
	char *path = put_file("case.tar.gz", abuf, n);

	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 3);
	cr_assert_str_eq(inventory_at(inv, 0)->path, "logs/a.log");
	cr_assert_str_eq(inventory_at(inv, 1)->path, "logs/passwd");
	cr_assert(inventory_at(inv, 1)->flags & INV_F_SPECIAL_FILE);
	cr_assert_eq(inventory_at(inv, 1)->status, INV_SKIPPED);
	cr_assert_eq(inventory_at(inv, 1)->bytes_read, 0);
	cr_assert_eq(seen.calls, 2);
	cr_assert(strstr(seen.log.s, "root:") == NULL);
	cr_assert(strstr(seen.log.s, "logs/b.log=second\n;") != NULL);
	free(path);
}

Test(bundle, nested_zip_in_zip)
{
	struct spec inner[] = {{"x.log", mars_log, 0, T_FILE, NULL}};
	size_t ni = make_archive(F_ZIP, 0, NULL, NULL, inner, 1, bbuf, sizeof bbuf);
	struct spec outer[] = {
		{"a.zip", bbuf, ni, T_FILE, NULL},
		{"after.txt", "after\n", 0, T_FILE, NULL},
	};
	size_t n = make_archive(F_ZIP, 0, NULL, NULL, outer, 2, abuf, sizeof abuf);
	char *path = put_file("bundle.zip", abuf, n);
	const struct inv_entry *c, *x;

	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 3);
	c = find(inv, "a.zip");
	cr_assert_eq(c->status, INV_CONTAINER);
	cr_assert_str_eq(c->note, "1 entry");
	cr_assert_eq(c->bytes_read, ni);
	x = find(inv, "a.zip!/x.log");
	cr_assert_eq(x->depth, 1);
	cr_assert_eq(x->status, INV_PARSED);
	cr_assert_eq(x->bytes_read, strlen(mars_log));
	cr_assert(strstr(seen.log.s, "a.zip!/x.log=1F54") != NULL);
	cr_assert(strstr(seen.log.s, "after.txt=after") != NULL);
	free(path);
}

Test(bundle, nested_tar_gz_in_zip_is_streamed)
{
	struct spec inner[] = {
		{"logs/", NULL, 0, T_DIR, NULL},
		{"logs/x.log", mars_log, 0, T_FILE, NULL},
		{"logs/y.log", "why\n", 0, T_FILE, NULL},
	};
	size_t ni = make_archive(F_TAR, 1, NULL, NULL, inner, 3, bbuf, sizeof bbuf);
	struct spec outer[] = {{"dir/logs.tar.gz", bbuf, ni, T_FILE, NULL}};
	size_t n = make_archive(F_ZIP, 0, NULL, NULL, outer, 1, abuf, sizeof abuf);
	char *path = put_file("bundle.zip", abuf, n);

	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 3);
	cr_assert_eq(find(inv, "dir/logs.tar.gz")->status, INV_CONTAINER);
	cr_assert_str_eq(find(inv, "dir/logs.tar.gz")->note, "2 entries");
	cr_assert_eq(find(inv, "dir/logs.tar.gz!/logs/y.log")->bytes_read, 4);
	cr_assert(strstr(seen.log.s, "dir/logs.tar.gz!/logs/x.log=1F54") != NULL);
	free(path);
}

Test(bundle, depth_limit)
{
	struct spec l3[] = {{"x.log", "deep\n", 0, T_FILE, NULL}};
	size_t n3 = make_archive(F_ZIP, 0, NULL, NULL, l3, 1, bbuf, sizeof bbuf);
	static unsigned char cbuf[1 << 16];
	struct spec l2[] = {{"b.zip", bbuf, n3, T_FILE, NULL}};
	size_t n2 = make_archive(F_ZIP, 0, NULL, NULL, l2, 1, cbuf, sizeof cbuf);
	struct spec l1[] = {{"a.zip", cbuf, n2, T_FILE, NULL}};
	size_t n1 = make_archive(F_ZIP, 0, NULL, NULL, l1, 1, abuf, sizeof abuf);
	char *path = put_file("outer.zip", abuf, n1);
	const struct inv_entry *b;

	lim.max_depth = 1;
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 2);
	cr_assert_eq(find(inv, "a.zip")->status, INV_CONTAINER);
	b = find(inv, "a.zip!/b.zip");
	cr_assert_eq(b->status, INV_SKIPPED);
	cr_assert(b->flags & INV_F_LIMIT);
	cr_assert_str_eq(b->note, "nesting deeper than 1");
	cr_assert_eq(seen.calls, 0);
	free(path);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void
put_le(unsigned char *p, uint32_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Joins single-entry zips (no comments) into one zip, so that entries can be written with
 * different options (libarchive only takes options before the archive is opened). */
static size_t
splice_zips(unsigned char *out, unsigned char **part, const size_t *len, int k)
{
	size_t o = 0, cd_start, base[8];
	int i;

	for (i = 0; i < k; i++) {
		const unsigned char *eocd = part[i] + len[i] - 22;
		cr_assert(memcmp(eocd, "PK\5\6", 4) == 0);
		base[i] = o;
		memcpy(out + o, part[i], le32(eocd + 16));
		o += le32(eocd + 16);
	}
	cd_start = o;
	for (i = 0; i < k; i++) {
		const unsigned char *eocd = part[i] + len[i] - 22;
		memcpy(out + o, part[i] + le32(eocd + 16), le32(eocd + 12));
		put_le(out + o + 42, le32(out + o + 42) + (uint32_t)base[i], 4);
		o += le32(eocd + 12);
	}
	memcpy(out + o, part[0] + len[0] - 22, 22);
	put_le(out + o + 8, (uint32_t)k, 2);
	put_le(out + o + 10, (uint32_t)k, 2);
	put_le(out + o + 12, (uint32_t)(o - cd_start), 4);
	put_le(out + o + 16, (uint32_t)cd_start, 4);
	return o + 22;
}

Test(bundle, encrypted_entry_skipped_neighbours_read)
{
	static unsigned char p0[4096], p1[4096], p2[4096];
	struct spec e0[] = {{"before.log", "before\n", 0, T_FILE, NULL}};
	struct spec e1[] = {{"secret.log", "secret data\n", 0, T_FILE, NULL}};
	struct spec e2[] = {{"after.log", "after\n", 0, T_FILE, NULL}};
	unsigned char *parts[3] = {p0, p1, p2};
	size_t lens[3], n;
	char *path;
	const struct inv_entry *s;

	lens[0] = make_archive(F_ZIP, 0, NULL, NULL, e0, 1, p0, sizeof p0);
	lens[1] = make_archive(F_ZIP, 0, "zip:encryption=zipcrypt", "pw", e1, 1, p1, sizeof p1);
	lens[2] = make_archive(F_ZIP, 0, NULL, NULL, e2, 1, p2, sizeof p2);
	n = splice_zips(abuf, parts, lens, 3);
	path = put_file("enc.zip", abuf, n);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 3);
	s = find(inv, "secret.log");
	cr_assert(s->flags & INV_F_ENCRYPTED);
	cr_assert_eq(s->status, INV_SKIPPED);
	cr_assert_eq(s->bytes_read, 0);
	cr_assert_str_eq(seen.log.s, "before.log=before\n;after.log=after\n;");
	free(path);
}

Test(bundle, duplicate_and_suspicious_names)
{
	struct spec e[] = {
		{"logs/x.log", "one\n", 0, T_FILE, NULL},
		{"logs/x.log", "two\n", 0, T_FILE, NULL},
		{"../evil.log", "evil\n", 0, T_FILE, NULL},
		{"C:\\Windows\\Temp\\a.log", "drive\n", 0, T_FILE, NULL},
		{"dir/CON.txt", "device\n", 0, T_FILE, NULL},
		{"red\x1b[31m.log", "esc\n", 0, T_FILE, NULL},
		{"/etc/abs.log", "abs\n", 0, T_FILE, NULL},
		{"console.log", "fine\n", 0, T_FILE, NULL},
	};
	size_t n = make_archive(F_TAR, 0, NULL, NULL, e, MT_ARRAY_LEN(e), abuf, sizeof abuf);
	char *path = put_file("names.tar", abuf, n);

	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 8);
	cr_assert_eq(inventory_at(inv, 0)->flags, 0);
	cr_assert_eq(inventory_at(inv, 1)->flags, INV_F_DUPLICATE_NAME);
	cr_assert_str_eq(inventory_at(inv, 2)->path, "../evil.log");
	cr_assert_eq(inventory_at(inv, 2)->flags, INV_F_SUSPICIOUS_NAME);
	cr_assert_str_eq(inventory_at(inv, 3)->path, "C:/Windows/Temp/a.log");
	cr_assert_eq(inventory_at(inv, 3)->flags, INV_F_SUSPICIOUS_NAME);
	cr_assert_eq(inventory_at(inv, 4)->flags, INV_F_SUSPICIOUS_NAME);
	cr_assert_eq(inventory_at(inv, 5)->flags, INV_F_SUSPICIOUS_NAME);
	cr_assert_eq(inventory_at(inv, 6)->flags, INV_F_SUSPICIOUS_NAME);
	cr_assert_eq(inventory_at(inv, 7)->flags, 0);
	/* Suspicious names are still analysed. */
	cr_assert_eq(seen.calls, 8);
	cr_assert(strstr(seen.log.s, "../evil.log=evil") != NULL);
	free(path);
}

Test(bundle, entry_limit_then_next_entry_read)
{
	static char big[5000];
	struct spec e[] = {
		{"big.log", big, sizeof big, T_FILE, NULL},
		{"small.log", "small\n", 0, T_FILE, NULL},
	};
	size_t n;
	char *path;
	const struct inv_entry *b;

	memset(big, 'A', sizeof big);
	n = make_archive(F_ZIP, 0, NULL, NULL, e, 2, abuf, sizeof abuf);
	path = put_file("limit.zip", abuf, n);
	lim.max_entry = 1000;
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	b = find(inv, "big.log");
	cr_assert(b->flags & INV_F_LIMIT);
	cr_assert_eq(b->bytes_read, 1000);
	cr_assert_eq(b->status, INV_PARTIAL);
	cr_assert(strstr(b->note, "entry limit of 1000 bytes") != NULL);
	cr_assert_eq(find(inv, "small.log")->status, INV_PARSED);
	cr_assert_eq(find(inv, "small.log")->flags, 0);
	cr_assert(strstr(seen.log.s, "small.log=small\n;") != NULL);
	cr_assert_eq(seen.errors, 1);
	cr_assert_eq(seen.limit_seen, 1, "the callback sees the limit in the record");
	free(path);
}

Test(bundle, entry_exactly_at_limit_is_not_cut)
{
	char *path = put_file("exact.log", "0123456789", 10);

	lim.max_entry = 10;
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_at(inv, 0)->flags, 0);
	cr_assert_eq(inventory_at(inv, 0)->bytes_read, 10);
	cr_assert_eq(seen.errors, 0);
	free(path);
}

Test(bundle, total_limit_stops_the_walk)
{
	static char k[1000];
	struct spec e[] = {
		{"1.log", k, sizeof k, T_FILE, NULL},
		{"2.log", k, sizeof k, T_FILE, NULL},
		{"3.log", k, sizeof k, T_FILE, NULL},
	};
	size_t n;
	char *path;
	struct bundle_totals t;

	memset(k, 'k', sizeof k);
	n = make_archive(F_TAR, 1, NULL, NULL, e, 3, abuf, sizeof abuf);
	path = put_file("total.tgz", abuf, n);
	lim.max_total = 1500;
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 2);
	cr_assert(inventory_at(inv, 1)->flags & INV_F_LIMIT);
	cr_assert_eq(inventory_at(inv, 1)->bytes_read, 500);
	cr_assert(strstr(inventory_at(inv, 1)->note, "bundle limit") != NULL);
	bundle_last_totals(&t);
	cr_assert_eq(t.limit_hit, 1);
	cr_assert_eq(t.bytes_read, 1500);
	free(path);
}

Test(bundle, entry_count_limit)
{
	int i;

	for (i = 0; i < 5; i++) {
		char name[16];
		snprintf(name, sizeof name, "%d.log", i);
		free(put_file(name, "x\n", 2));
	}
	lim.max_entries = 2;
	cr_assert_eq(bundle_walk(tmpdir, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 2);
	cr_assert_str_eq(inventory_at(inv, 1)->note, "walk stopped: more than 2 entries");
	{
		struct bundle_totals t;
		bundle_last_totals(&t);
		cr_assert_eq(t.limit_hit, 1);
		cr_assert_eq(t.entries, 2);
	}
}

Test(bundle, truncated_zip_keeps_entries_before_damage)
{
	static unsigned char noise[20000];
	struct spec e[] = {
		{"first.log", mars_log, 0, T_FILE, NULL},
		{"second.bin", noise, sizeof noise, T_FILE, NULL},
		{"third.log", "third\n", 0, T_FILE, NULL},
	};
	size_t n;
	char *path;
	const struct inv_entry *r;

	fill_noise(noise, sizeof noise);
	n = make_archive(F_ZIP, 0, "zip:compression=store", NULL, e, 3, abuf, sizeof abuf);
	(void)n;
	/* Cut in the middle of the second entry's data: no central directory left. */
	path = put_file("cut.zip", abuf, 10000);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(find(inv, "first.log")->status, INV_PARSED);
	cr_assert_eq(find(inv, "first.log")->bytes_read, strlen(mars_log));
	r = inventory_at(inv, inventory_count(inv) - 1);
	cr_assert_eq(r->status, INV_REMAINDER);
	cr_assert_str_eq(r->path, "cut.zip!/");
	cr_assert(strncmp(r->note, "unreadable remainder after second.bin: ", 39) == 0, "%s",
	    r->note);
	cr_assert_neq(find(inv, "second.bin")->status, INV_PARSED);
	cr_assert(strstr(seen.log.s, "first.log=1F54") != NULL);
	assert_each_once(inv);
	free(path);
}

Test(bundle, single_file_and_text_named_zip)
{
	char *log = put_file("CBEngine.errlog", mars_log, strlen(mars_log));
	char *fake = put_file("x.zip", vss_writers, strlen(vss_writers));
	struct inventory *inv2 = inventory_new();

	cr_assert_eq(bundle_walk(log, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 1);
	cr_assert_str_eq(inventory_at(inv, 0)->path, "CBEngine.errlog");
	cr_assert_eq(inventory_at(inv, 0)->bytes_read, strlen(mars_log));
	cr_assert_eq(bundle_walk(fake, &lim, inv2, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv2), 1);
	cr_assert_str_eq(inventory_at(inv2, 0)->path, "x.zip");
	cr_assert_eq(inventory_at(inv2, 0)->status, INV_PARSED);
	cr_assert(strstr(seen.log.s, "x.zip=Writer name:") != NULL);
	inventory_free(inv2);
	free(log);
	free(fake);
}

Test(bundle, missing_path_is_unreadable)
{
	char *p = xasprintf("%s/does-not-exist.zip", tmpdir);

	cr_assert_eq(bundle_walk(p, &lim, inv, collect, &seen), BUNDLE_UNREADABLE);
	cr_assert_eq(inventory_count(inv), 0);
	free(p);
}

Test(bundle, bare_gz_is_one_entry)
{
	struct archive *a = archive_write_new();
	size_t used = 0;
	struct archive_entry *ae = archive_entry_new();
	char *path;

	archive_write_set_format_raw(a);
	archive_write_add_filter_gzip(a);
	archive_write_open_memory(a, abuf, sizeof abuf, &used);
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_pathname(ae, "data");
	archive_write_header(a, ae);
	archive_write_data(a, mars_log, strlen(mars_log));
	archive_entry_free(ae);
	archive_write_close(a);
	archive_write_free(a);
	path = put_file("CBEngineCurr.errlog.gz", abuf, used);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 1);
	cr_assert_str_eq(inventory_at(inv, 0)->path, "CBEngineCurr.errlog");
	cr_assert_eq(inventory_at(inv, 0)->bytes_read, strlen(mars_log));
	free(path);
}

Test(bundle, big_nested_zip_streams_big_7z_skipped)
{
	static char k[4000];
	struct spec inner[] = {
		{"one.log", k, sizeof k, T_FILE, NULL},
		{"two.log", "two\n", 0, T_FILE, NULL},
	};
	static unsigned char zbuf[1 << 16], sbuf[1 << 16];
	size_t nz, ns, n;
	char *path;

	memset(k, 'z', sizeof k);
	nz = make_archive(F_ZIP, 0, "zip:compression=store", NULL, inner, 2, zbuf, sizeof zbuf);
	ns = make_archive(F_7Z, 0, NULL, NULL, inner, 2, sbuf, sizeof sbuf);
	{
		struct spec outer[] = {
			{"big.zip", zbuf, nz, T_FILE, NULL},
			{"big.7z", sbuf, ns, T_FILE, NULL},
			{"z.log", "last\n", 0, T_FILE, NULL},
		};
		n = make_archive(F_ZIP, 0, NULL, NULL, outer, 3, abuf, sizeof abuf);
	}
	path = put_file("outer.zip", abuf, n);
	lim.max_nested_spool = 100;
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(find(inv, "big.zip")->status, INV_CONTAINER);
	cr_assert_eq(find(inv, "big.zip!/one.log")->bytes_read, sizeof k);
	cr_assert_eq(find(inv, "big.zip!/two.log")->status, INV_PARSED);
	cr_assert_eq(find(inv, "big.7z")->status, INV_SKIPPED);
	cr_assert(find(inv, "big.7z")->flags & INV_F_LIMIT);
	cr_assert(strstr(find(inv, "big.7z")->note, "spool limit") != NULL);
	cr_assert_eq(find(inv, "z.log")->status, INV_PARSED);
	assert_each_once(inv);
	free(path);
}

Test(bundle, seven_zip_top_level_and_nested_in_memory)
{
	struct spec inner[] = {{"Logs/x.log", mars_log, 0, T_FILE, NULL}};
	size_t ns = make_archive(F_7Z, 0, NULL, NULL, inner, 1, bbuf, sizeof bbuf);
	struct spec outer[] = {{"inner.7z", bbuf, ns, T_FILE, NULL}, {"y.log", "y\n", 0, T_FILE,
	    NULL}};
	size_t n = make_archive(F_7Z, 0, NULL, NULL, outer, 2, abuf, sizeof abuf);
	char *path = put_file("case.7z", abuf, n);

	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 3);
	cr_assert_eq(find(inv, "inner.7z")->status, INV_CONTAINER);
	cr_assert_eq(find(inv, "inner.7z!/Logs/x.log")->bytes_read, strlen(mars_log));
	cr_assert_eq(find(inv, "y.log")->status, INV_PARSED);
	free(path);
}

Test(bundle, non_ascii_names_with_utf8_locale)
{
	struct spec e[] = {{"Gr\xc3\xb6\xc3\x9f" "e/\xe6\x97\xa5\xe5\xbf\x97.log", "x\n", 0, T_FILE,
	    NULL}};
	size_t n;
	char *path;

	bundle_init_locale();
	n = make_archive(F_ZIP, 0, NULL, NULL, e, 1, abuf, sizeof abuf);
	path = put_file("intl.zip", abuf, n);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 1);
	cr_assert_str_eq(inventory_at(inv, 0)->path,
	    "Gr\xc3\xb6\xc3\x9f" "e/\xe6\x97\xa5\xe5\xbf\x97.log");
	cr_assert_eq(inventory_at(inv, 0)->flags, 0);
	free(path);
}

Test(bundle, corrupt_crc_keeps_data_with_warning)
{
	struct spec e[] = {{"a.log", "abcdefghijklmnop\n", 0, T_FILE, NULL},
	    {"b.log", "b\n", 0, T_FILE, NULL}};
	size_t n = make_archive(F_ZIP, 0, "zip:compression=store", NULL, e, 2, abuf, sizeof abuf);
	unsigned char *p = (unsigned char *)mt_memmem((const char *)abuf, n, "abcdefgh", 8);
	char *path;
	const struct inv_entry *a;

	cr_assert_not_null(p);
	p[0] = 'X';
	path = put_file("crc.zip", abuf, n);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	a = find(inv, "a.log");
	cr_assert_eq(a->bytes_read, 17, "%llu %s", (unsigned long long)a->bytes_read, a->note);
	cr_assert_not_null(a->note);
	cr_assert(strstr(a->note, "warning:") != NULL, "%s", a->note);
	cr_assert(strstr(seen.log.s, "a.log=Xbcdefgh") != NULL);
	cr_assert_eq(find(inv, "b.log")->status, INV_PARSED);
	free(path);
}

Test(bundle, garbage_with_zip_magic_fails_cleanly)
{
	char junk[300];
	char *path;

	memset(junk, 0xEE, sizeof junk);
	memcpy(junk, "PK\3\4", 4);
	path = put_file("junk.zip", junk, sizeof junk);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_UNREADABLE);
	cr_assert_geq(inventory_count(inv), 1);
	cr_assert_eq(seen.calls, 0);
	free(path);
}

Test(bundle, nested_garbage_archive_is_failed_and_walk_goes_on)
{
	char junk[300];
	struct spec e[] = {
		{"broken.zip", junk, sizeof junk, T_FILE, NULL},
		{"ok.log", "ok\n", 0, T_FILE, NULL},
	};
	size_t n;
	char *path;

	memset(junk, 0xEE, sizeof junk);
	memcpy(junk, "7z\xbc\xaf\x27\x1c", 6);
	n = make_archive(F_ZIP, 0, NULL, NULL, e, 2, abuf, sizeof abuf);
	path = put_file("outer.zip", abuf, n);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(find(inv, "broken.zip")->status, INV_FAILED, "%d %s", find(inv, "broken.zip")->status, find(inv, "broken.zip")->note);
	cr_assert_not_null(find(inv, "broken.zip")->note);
	cr_assert_eq(find(inv, "ok.log")->status, INV_PARSED);
	free(path);
}

Test(bundle, compression_ratio_limit)
{
	static char zeros[3 << 20];
	struct spec e[] = {
		{"zeros.bin", zeros, sizeof zeros, T_FILE, NULL},
		{"next.log", "next\n", 0, T_FILE, NULL},
	};
	static unsigned char zbuf[1 << 20];
	size_t n = make_archive(F_ZIP, 0, NULL, NULL, e, 2, zbuf, sizeof zbuf);
	char *path = put_file("ratio.zip", zbuf, n);
	const struct inv_entry *z;
	struct inventory *inv2 = inventory_new();

	cr_assert_lt(n, 64 << 10);
	/* 3 MiB of zeros compress about 1000:1; a limit of 10:1 stops it. */
	lim.max_ratio = 10;
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	z = find(inv, "zeros.bin");
	cr_assert(z->flags & INV_F_LIMIT);
	cr_assert(strstr(z->note, "compression ratio over 10:1") != NULL, "%s", z->note);
	cr_assert_lt(z->bytes_read, sizeof zeros);
	cr_assert_eq(find(inv, "next.log")->status, INV_PARSED);
	/* The default limit lets it through. */
	limits_default(&lim);
	cr_assert_eq(bundle_walk(path, &lim, inv2, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_at(inv2, 0)->flags, 0);
	cr_assert_eq(inventory_at(inv2, 0)->bytes_read, sizeof zeros);
	inventory_free(inv2);
	free(path);
}

/* Under the C locale libarchive cannot convert non-ASCII names at all (hence
 * bundle_init_locale): the entry is still listed, with a placeholder and the warning. */
Test(bundle, non_ascii_names_in_c_locale_are_listed)
{
	struct spec e[] = {{"Gr\xc3\xb6\xc3\x9f" "e.log", "x\n", 0, T_FILE, NULL},
	    {"plain.log", "y\n", 0, T_FILE, NULL}};
	size_t n;
	char *path;

	bundle_init_locale();	/* to write the UTF-8 name */
	n = make_archive(F_ZIP, 0, NULL, NULL, e, 2, abuf, sizeof abuf);
	setlocale(LC_CTYPE, "C");
	path = put_file("intl.zip", abuf, n);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 2);
	cr_assert_str_eq(inventory_at(inv, 0)->path, "(name not readable)");
	cr_assert_not_null(inventory_at(inv, 0)->note);
	cr_assert(strstr(inventory_at(inv, 0)->note, "warning: ") != NULL);
	cr_assert_eq(inventory_at(inv, 0)->bytes_read, 2);
	cr_assert_str_eq(inventory_at(inv, 1)->path, "plain.log");
	free(path);
}

/* libarchive's gzip reader fills 64 KiB of output at a time, so a truncated tar.gz loses the
 * last block before the damage; what comes before it is read, then a remainder record. */
Test(bundle, truncated_tar_gz)
{
	static char noise[300000];
	struct strbuf log = STRBUF_INIT;
	struct spec e[3];
	size_t n, i;
	char *path;

	for (i = 0; i < 4000; i++)
		sb_printf(&log, "2024-03-01 10:%02zu:%02zu.%03zu\tINFO\tjob %zu progressing\n",
		    i / 60 % 60, i % 60, i % 1000, i);
	fill_noise(noise, sizeof noise);
	e[0] = (struct spec){"a.log", log.s, log.len, T_FILE, NULL};
	e[1] = (struct spec){"b.bin", noise, sizeof noise, T_FILE, NULL};
	e[2] = (struct spec){"c.log", "c\n", 0, T_FILE, NULL};
	n = make_archive(F_TAR, 1, NULL, NULL, e, 3, abuf, sizeof abuf);
	path = put_file("cut.tar.gz", abuf, n - sizeof noise / 2);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(find(inv, "a.log")->status, INV_PARSED);
	cr_assert_eq(find(inv, "a.log")->bytes_read, log.len);
	cr_assert_neq(find(inv, "b.bin")->status, INV_PARSED);
	cr_assert_eq(inventory_count(inv), 3);
	cr_assert_eq(inventory_at(inv, 2)->status, INV_REMAINDER);
	cr_assert_str_eq(inventory_at(inv, 2)->path, "cut.tar.gz!/");
	cr_assert(strncmp(inventory_at(inv, 2)->note, "unreadable remainder after b.bin: ", 34) == 0,
	    "%s", inventory_at(inv, 2)->note);
	assert_each_once(inv);
	sb_free(&log);
	free(path);
}

Test(bundle, tiny_truncated_tar_gz_is_unreadable)
{
	struct spec e[] = {{"a.log", mars_log, 0, T_FILE, NULL}};
	size_t n = make_archive(F_TAR, 1, NULL, NULL, e, 1, abuf, sizeof abuf);
	char *path = put_file("cut.tar.gz", abuf, n / 2);

	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_UNREADABLE);
	cr_assert_eq(inventory_count(inv), 1);
	cr_assert_eq(inventory_at(inv, 0)->status, INV_FAILED);
	cr_assert(strncmp(inventory_at(inv, 0)->note, "not a readable archive: ", 24) == 0);
	cr_assert_eq(seen.calls, 0);
	free(path);
}

Test(bundle, nested_gz_member_named_after_container)
{
	struct archive *a = archive_write_new();
	struct archive_entry *ae = archive_entry_new();
	size_t used = 0, n;
	char *path;

	archive_write_set_format_raw(a);
	archive_write_add_filter_gzip(a);
	archive_write_open_memory(a, bbuf, sizeof bbuf, &used);
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_pathname(ae, "data");
	archive_write_header(a, ae);
	archive_write_data(a, vss_writers, strlen(vss_writers));
	archive_entry_free(ae);
	archive_write_close(a);
	archive_write_free(a);
	{
		struct spec e[] = {{"cmd/writers.txt.gz", bbuf, used, T_FILE, NULL}};
		n = make_archive(F_ZIP, 0, NULL, NULL, e, 1, abuf, sizeof abuf);
	}
	path = put_file("b.zip", abuf, n);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 2);
	cr_assert_eq(find(inv, "cmd/writers.txt.gz")->status, INV_CONTAINER);
	cr_assert_eq(find(inv, "cmd/writers.txt.gz!/writers.txt")->bytes_read, strlen(vss_writers));
	free(path);
}

/* Points the local header offset of the second directory record at the first entry. */
static void
make_overlapping(unsigned char *zip, size_t n, uint32_t offset)
{
	const unsigned char *eocd = zip + n - 22;
	unsigned char *cd = zip + le32(eocd + 16);
	size_t first = 46 + (size_t)(cd[28] | cd[29] << 8) + (size_t)(cd[30] | cd[31] << 8) +
	    (size_t)(cd[32] | cd[33] << 8);

	cr_assert(memcmp(cd + first, "PK\1\2", 4) == 0);
	put_le(cd + first + 42, offset, 4);
}

Test(bundle, overlapping_zip_entries_are_refused)
{
	static char k[20000];
	struct spec e[] = {
		{"a.log", k, sizeof k, T_FILE, NULL},
		{"b.log", k, sizeof k, T_FILE, NULL},
	};
	size_t n;
	char *path;

	memset(k, 'q', sizeof k);
	n = make_archive(F_ZIP, 0, NULL, NULL, e, 2, abuf, sizeof abuf);
	make_overlapping(abuf, n, 0);
	path = put_file("bomb.zip", abuf, n);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_UNREADABLE);
	cr_assert_eq(inventory_count(inv), 1);
	cr_assert_eq(inventory_at(inv, 0)->status, INV_FAILED);
	cr_assert(strstr(inventory_at(inv, 0)->note, "zip bomb") != NULL);
	cr_assert_eq(seen.calls, 0);
	free(path);
}

Test(bundle, overlapping_nested_zip_fails_neighbours_read)
{
	static char k[20000];
	struct spec in[] = {
		{"a.log", k, sizeof k, T_FILE, NULL},
		{"b.log", k, sizeof k, T_FILE, NULL},
	};
	size_t ni, n;
	char *path;

	memset(k, 'q', sizeof k);
	ni = make_archive(F_ZIP, 0, NULL, NULL, in, 2, bbuf, sizeof bbuf);
	/* The second header inside the first entry's data, as in quoted-overlap bombs. */
	make_overlapping(bbuf, ni, 40);
	{
		struct spec out[] = {
			{"bomb.zip", bbuf, ni, T_FILE, NULL},
			{"ok.log", "ok\n", 0, T_FILE, NULL},
		};
		n = make_archive(F_ZIP, 0, NULL, NULL, out, 2, abuf, sizeof abuf);
	}
	path = put_file("outer.zip", abuf, n);
	cr_assert_eq(bundle_walk(path, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 2);
	cr_assert_eq(find(inv, "bomb.zip")->status, INV_FAILED);
	cr_assert(strstr(find(inv, "bomb.zip")->note, "zip bomb") != NULL);
	cr_assert_str_eq(seen.log.s, "ok.log=ok\n;");
	free(path);
}

Test(bundle, folder_with_zip_inside)
{
	struct spec e[] = {{"vssadmin.txt", vss_writers, 0, T_FILE, NULL}};
	size_t n = make_archive(F_ZIP, 0, NULL, NULL, e, 1, abuf, sizeof abuf);
	char *p = xasprintf("%s/cmd", tmpdir);

	mkdir(p, 0755);
	free(p);
	free(put_file("cmd/outputs.zip", abuf, n));
	free(put_file("top.log", "top\n", 4));
	cr_assert_eq(bundle_walk(tmpdir, &lim, inv, collect, &seen), BUNDLE_OK);
	cr_assert_eq(inventory_count(inv), 3);
	cr_assert_str_eq(inventory_at(inv, 0)->path, "cmd/outputs.zip");
	cr_assert_eq(inventory_at(inv, 0)->status, INV_CONTAINER);
	cr_assert_str_eq(inventory_at(inv, 1)->path, "cmd/outputs.zip!/vssadmin.txt");
	cr_assert_eq(inventory_at(inv, 1)->depth, 1);
	cr_assert_eq(inventory_at(inv, 1)->bytes_read, strlen(vss_writers));
	cr_assert_str_eq(inventory_at(inv, 2)->path, "top.log");
}
