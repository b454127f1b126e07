/* Progress on stderr while bundles are analysed: one line redrawn a few times a second with
 * bundles done of the total, the current bundle, elapsed time and rate, and for a single
 * bundle the bytes read so far. Only for a terminal; the caller decides whether to show it. */
#ifndef MT_PROGRESS_H
#define MT_PROGRESS_H

#include <stddef.h>
#include "bundle.h"
#include "index.h"

struct progress;

/* A progress line for total bundles analysed by nslots workers; color: use ANSI colours.
 * Starts a thread that draws the line (not before half a second has passed, so quick runs
 * show nothing). */
struct progress *progress_new(size_t total, int nslots, int color);
/* The watch a worker hands to bundle_watch() for the walks it makes in slot. */
struct bundle_progress *progress_watch(struct progress *p, int slot);
/* Worker slot starts analysing the bundle at path (copied). */
void progress_begin(struct progress *p, int slot, const char *path);
/* Worker slot finished its bundle with this status. */
void progress_end(struct progress *p, int slot, enum index_status st);
/* Stops the drawing thread and clears the line. NULL is allowed. */
void progress_free(struct progress *p);

/* 1 when stderr is a terminal that may show colours: NO_COLOR unset or empty, TERM not
 * "dumb". */
int progress_color_wanted(void);

#endif
