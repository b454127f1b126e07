/* The JSON Lines renderer: the JSON report (same schema, same keys and order) on one line,
 * so a batch can stream one object per bundle as each finishes. */
#include <stdlib.h>
#include "render.h"

/* The JSON renderer writes whitespace outside strings only as layout (a line break inside a
 * string is always escaped), so dropping it there gives the same value on one line. */
static int
jsonl_render(const struct report *r, FILE *fp)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *mem;
	int rc, in_string = 0, escaped = 0;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		return -1;
	rc = render_json.render(r, mem);
	if (fclose(mem) != 0 || buf == NULL) {
		free(buf);
		return -1;
	}
	for (i = 0; i < len; i++) {
		char c = buf[i];
		if (in_string) {
			if (escaped)
				escaped = 0;
			else if (c == '\\')
				escaped = 1;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"')
			in_string = 1;
		else if (c == ' ' || c == '\n' || c == '\t' || c == '\r')
			continue;
		putc(c, fp);
	}
	putc('\n', fp);
	free(buf);
	return rc != 0 || ferror(fp) ? -1 : 0;
}

const struct renderer render_jsonl = {
	"jsonl", "jsonl", "JSON Lines: the JSON report on one line; in a batch, one line per "
	    "bundle on standard output as each finishes", jsonl_render
};
