/* The renderer table: every output format by its -f name. Adding a format is one new row. */
#include <stddef.h>
#include "render.h"
#include "util.h"

const struct renderer *const renderer_table[] = {
	&render_md,
	&render_json,
	&render_html,
	&render_jsonl,
	&render_junit,
	NULL
};

const struct renderer *
renderer_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; renderer_table[i] != NULL; i++)
		if (ascii_casecmp(renderer_table[i]->name, name) == 0)
			return renderer_table[i];
	return NULL;
}
