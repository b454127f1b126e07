/* Writing report files safely: to a temporary file beside the target, renamed into place, so
 * a half-written report never looks complete and an existing report is kept unless asked. */
#ifndef MT_OUTPUT_H
#define MT_OUTPUT_H

#include "render.h"

/* Renders r with rd into path ("-" = stdout). force: replace an existing file. Returns 0, or
 * -1 after a diag() message. */
int output_write(const struct renderer *rd, const struct report *r, const char *path, int force);
/* The default report path for a bundle: BUNDLE.report.EXT, with an archive suffix such as
 * .zip or .tar.gz and trailing slashes dropped, or
 * DIR/BASENAME.report.EXT when dir is not NULL. Caller frees. */
char *output_default_path(const char *bundle, const char *dir, const char *ext);

#endif
