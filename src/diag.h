/* Diagnostics: one printing function for every message marstriage writes to stderr, as
 * "marstriage: BUNDLE:ENTRY:LINE: LEVEL: text", with everything from the bundle escaped. */
#ifndef MT_DIAG_H
#define MT_DIAG_H

#include "util.h"

enum diag_level {
	DIAG_DEBUG,
	DIAG_INFO,
	DIAG_WARNING,
	DIAG_ERROR,
	DIAG_FATAL
};

/* Minimum level printed (default DIAG_WARNING; -q raises it, -v lowers it). */
void diag_set_threshold(enum diag_level min);
/* While on, the calling thread's messages are dropped (a first pass over a bundle whose
 * messages the full pass repeats). */
void diag_mute(int on);
/* 1 while the calling thread's messages are muted, for a thread it starts to inherit. */
int diag_muted(void);
/* bundle, entry may be NULL; line 0 means none. Text is escaped for the terminal. */
void diag(enum diag_level lvl, const char *bundle, const char *entry, long line,
    const char *fmt, ...) MT_PRINTF(5, 6);
/* Writes s to fp with C0/C1 controls, DEL and invalid UTF-8 shown as \xNN escapes. */
void diag_put_escaped(FILE *fp, const char *s);

#endif
