/* Tests for batch.c and output.c names: report stems, folders of bundles, reading bundle
 * paths, and where each format goes. */
#include <criterion/criterion.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "batch.h"
#include "output.h"
#include "util.h"

#define TMP "tests/tmp/test_batch"

static void
touch(const char *path)
{
	FILE *fp = fopen(path, "w");

	cr_assert_not_null(fp, "%s", path);
	fputs("x", fp);
	fclose(fp);
}

static void
fresh(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s' && mkdir -p '%s'", dir, dir);

	cr_assert_eq(system(cmd), 0);
	free(cmd);
}

Test(names, stems)
{
	char *s;

	s = output_stem("inbox/case-1234.zip");
	cr_assert_str_eq(s, "case-1234");
	free(s);
	s = output_stem("a/b/Case.TAR.GZ");
	cr_assert_str_eq(s, "Case");
	free(s);
	s = output_stem("testdata/bundles/healthy/");
	cr_assert_str_eq(s, "healthy");
	free(s);
	s = output_stem("..");
	cr_assert_str_eq(s, "bundle");
	free(s);
	s = output_stem("/");
	cr_assert_str_eq(s, "bundle");
	free(s);
	s = output_path("out/", "x", "md");
	cr_assert_str_eq(s, "out/x.report.md");
	free(s);
	cr_assert(output_is_archive_name("a.ZIP"));
	cr_assert(output_is_archive_name("a.tar.zst"));
	cr_assert_not(output_is_archive_name("CBEngine.errlog.gz"), "a bare .gz is not a bundle");
	cr_assert_not(output_is_archive_name(".zip"));
}

Test(names, unique_and_stable)
{
	char *paths[] = {"a/case.zip", "b/case.zip", "c/other.zip", "d/CASE.tar.gz",
		"a/case.zip"};
	char **s1 = batch_stems(paths, 5), **s2;
	char *rev[5];
	size_t i, k;

	cr_assert_str_eq(s1[2], "other", "a name nobody shares is kept");
	for (i = 0; i < 5; i++)
		for (k = i + 1; k < 5; k++)
			cr_assert(ascii_casecmp(s1[i], s1[k]) != 0, "%s vs %s", s1[i], s1[k]);
	cr_assert_eq(strncmp(s1[0], "case-", 5), 0);
	cr_assert_eq(strlen(s1[1]), strlen("case-") + 6);
	/* The same path twice: told apart by a count after the hash. */
	cr_assert_str_eq(s1[0] + 11, "-1", "%s", s1[0]);
	cr_assert_str_eq(s1[4] + 11, "-2", "%s", s1[4]);
	/* Names depend on the paths, not on their order (for a shared name). */
	for (i = 0; i < 5; i++)
		rev[i] = paths[4 - i];
	s2 = batch_stems(rev, 5);
	cr_assert_str_eq(s1[1], s2[3]);
	cr_assert_str_eq(s1[3], s2[1]);
	for (i = 0; i < 5; i++) {
		free(s1[i]);
		free(s2[i]);
	}
	free(s1);
	free(s2);
}

Test(folders, bundle_folder_rule)
{
	fresh(TMP "/inbox");
	touch(TMP "/inbox/b.zip");
	touch(TMP "/inbox/a.7z");
	touch(TMP "/inbox/.DS_Store");
	cr_assert(batch_is_bundle_folder(TMP "/inbox"));
	cr_assert(batch_is_bundle_folder(TMP "/inbox/"));
	fresh(TMP "/logs");
	touch(TMP "/logs/nested.zip");
	touch(TMP "/logs/CBEngineCurr.errlog");
	cr_assert_not(batch_is_bundle_folder(TMP "/logs"), "a log beside an archive: one bundle");
	fresh(TMP "/empty");
	cr_assert_not(batch_is_bundle_folder(TMP "/empty"));
	fresh(TMP "/sub");
	touch(TMP "/sub/a.zip");
	cr_assert_eq(mkdir(TMP "/sub/extracted", 0777), 0);
	cr_assert_not(batch_is_bundle_folder(TMP "/sub"), "a subfolder: one bundle");
	cr_assert_not(batch_is_bundle_folder("testdata/bundles/healthy"));
}

Test(folders, collect_expands_in_name_order)
{
	struct batch_list bl;
	char *ops[] = {TMP "/inbox2", "x.zip", TMP "/logs2"};

	fresh(TMP "/inbox2");
	touch(TMP "/inbox2/c.zip");
	touch(TMP "/inbox2/a.tgz");
	touch(TMP "/inbox2/B.cab");
	fresh(TMP "/logs2");
	touch(TMP "/logs2/a.log");
	cr_assert_eq(batch_collect(ops, 3, &bl), 0);
	cr_assert_eq(bl.n, 5);
	cr_assert(bl.expanded);
	cr_assert_str_eq(bl.paths[0], TMP "/inbox2/B.cab");
	cr_assert_str_eq(bl.paths[1], TMP "/inbox2/a.tgz");
	cr_assert_str_eq(bl.paths[2], TMP "/inbox2/c.zip");
	cr_assert_str_eq(bl.paths[3], "x.zip");
	cr_assert_str_eq(bl.paths[4], TMP "/logs2");
	batch_list_free(&bl);
}

Test(dest, formats_go_where_documented)
{
	struct batch_opts bo;

	memset(&bo, 0, sizeof bo);
	cr_assert_eq(batch_dest(&bo, "md"), DEST_FILE);
	cr_assert_eq(batch_dest(&bo, "jsonl"), DEST_STREAM);
	cr_assert_eq(batch_dest(&bo, "junit"), DEST_FILE, "beside each bundle without -o");
	bo.output = "-";
	cr_assert_eq(batch_dest(&bo, "json"), DEST_STDOUT);
	cr_assert_eq(batch_dest(&bo, "junit"), DEST_COLLECT);
	bo.output = "out";
	bo.output_is_dir = 1;
	cr_assert_eq(batch_dest(&bo, "md"), DEST_FILE);
	cr_assert_eq(batch_dest(&bo, "junit"), DEST_COLLECT);
	cr_assert_eq(batch_dest(&bo, "jsonl"), DEST_STREAM);
	cr_assert(batch_per_bundle("md"));
	cr_assert_not(batch_per_bundle("JUnit"));
}
