/* Parts of the HTML report shared by its files: the timeline drawing. */
#ifndef MT_RENDER_HTML_H
#define MT_RENDER_HTML_H

#include <stdio.h>
#include "report.h"
#include "timeline.h"

/* The timeline as an inline SVG element: one lane per job source and marker source, the
 * failure window shaded, a UTC axis. Styled only through classes of the page's style. */
void html_svg_timeline(FILE *fp, const struct report *r, const struct timeline *t);

#endif
