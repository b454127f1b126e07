/* Renderers: one row per output format in a name table; each writes a const report. */
#ifndef MT_RENDER_H
#define MT_RENDER_H

#include <stdio.h>
#include "report.h"

struct renderer {
	const char *name;	/* -f value */
	const char *ext;	/* default output file extension */
	const char *description;
	/* Returns 0, or -1 on a write error (errno set). */
	int (*render)(const struct report *r, FILE *fp);
};

extern const struct renderer *const renderer_table[];	/* NULL-terminated */
const struct renderer *renderer_find(const char *name);

extern const struct renderer render_md;
extern const struct renderer render_json;
extern const struct renderer render_html;	/* render_html.c */
extern const struct renderer render_jsonl;	/* render_jsonl.c */
extern const struct renderer render_junit;	/* render_junit.c */

#endif
