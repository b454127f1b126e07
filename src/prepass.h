/* A first, quick pass over a bundle that reads only its systeminfo, tzutil and ipconfig
 * outputs, so the server's time zone, locale and host name are known before the entries
 * that hold local times or events are parsed. */
#ifndef MT_PREPASS_H
#define MT_PREPASS_H

#include <stddef.h>
#include "parser.h"

struct bundle_mem_file;

struct prepass {
	char *host;		/* systeminfo Host Name, else ipconfig's */
	int seen_system;	/* a systeminfo was read: its host wins */
	char *zone_id;		/* tzutil /g, without _dstoff */
	int dst_off;		/* tzutil printed _dstoff */
	char *tz_display;	/* systeminfo Time Zone as written */
	char *locale;		/* systeminfo System Locale tag */
	struct tzone *tz;	/* loaded rules, owned */
	char *tz_note;		/* which offset local times get, for the report; NULL if none */
};

/* Walks the bundle at path (or the files in memory when files is not NULL) with the limits
 * of given, silently, and fills pp. */
void prepass_run(struct prepass *pp, const char *path, const struct bundle_mem_file *files,
    size_t nfiles, const struct limits *lim, const char *codepage);
/* The environment for the full pass: given (--tz, --codepage) first, then what the pass
 * found. env's strings point into pp and given; pp->tz_note is set. */
void prepass_env(struct prepass *pp, const struct parse_env *given, struct parse_env *env);
/* The legacy code page of a locale's console ("ja-jp" -> "cp932"); NULL for Western
 * locales, where the bytes decide between Windows-1252 and cp850. */
const char *prepass_locale_codepage(const char *locale);
void prepass_free(struct prepass *pp);

#endif
