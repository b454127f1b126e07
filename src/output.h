/* Writing report files safely: to a temporary file beside the target, renamed into place, so
 * a half-written report never looks complete and an existing report is kept unless asked. */
#ifndef MT_OUTPUT_H
#define MT_OUTPUT_H

#include <stdio.h>
#include "render.h"

/* Renders r with rd into path ("-" = stdout). force: replace an existing file. Returns 0, or
 * -1 after a diag() message. */
int output_write(const struct renderer *rd, const struct report *r, const char *path, int force);
/* The default report path for a bundle: BUNDLE.report.EXT, with an archive suffix such as
 * .zip or .tar.gz and trailing slashes dropped, or
 * DIR/BASENAME.report.EXT when dir is not NULL. Caller frees. */
char *output_default_path(const char *bundle, const char *dir, const char *ext);

/* An output file being written: fp writes to a temporary file beside path (or to stdout for
 * "-"); output_close moves it into place. */
struct output_file {
	FILE *fp;
	char *path;		/* NULL for stdout */
	char *tmp;
	int force;
};
/* 0 if a report may be written at path ("-", a new file, or with force an existing
 * ordinary file); else -1 after a diag() message. output_open checks it again. */
int output_replaceable(const char *path, int force);
/* Returns 0 with of->fp ready, or -1 after a diag() message (the target exists and force
 * is 0, or no temporary file can be made). */
int output_open(struct output_file *of, const char *path, int force);
/* ok: the content is complete; it is moved into place (stdout: flushed). Otherwise the
 * temporary file is removed. Returns 0, or -1 after a diag() message. */
int output_close(struct output_file *of, int ok);

/* The report name stem of a bundle: its last path component without an archive suffix
 * ("inbox/case-1234.zip" -> "case-1234"); "bundle" when nothing usable is left. Caller
 * frees. */
char *output_stem(const char *bundle);
/* DIR/STEM.report.EXT (one '/' between). Caller frees. */
char *output_path(const char *dir, const char *stem, const char *ext);
/* 1 if name ends (ASCII case-insensitively) in the suffix of an archive that holds files:
 * .zip, .7z, .cab, .tar and compressed tars. A bare .gz or .xz is not one. */
int output_is_archive_name(const char *name);

#endif
