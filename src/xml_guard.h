/* The markup guard in front of libxml2, for every XML reader: what may be handed to it. */
#ifndef MT_XML_GUARD_H
#define MT_XML_GUARD_H

#include <stddef.h>

/* State carried from one chunk of a document to the next. */
struct xml_guard {
	size_t tag_max;		/* bytes of one construct "<...>" besides its '<' and '>' */
	size_t eq_max;		/* '=' in one construct */
	char tail[8];		/* the last bytes seen, for a "<!DOCTYPE" across chunks */
	size_t taillen;
	int in_tag;		/* inside a construct: tag_len, tag_eq count it so far */
	size_t tag_len, tag_eq;
};

void xml_guard_init(struct xml_guard *g, size_t tag_max, size_t eq_max);
/* Looks at the next chunk [p, p + n) of the document: a DOCTYPE is refused (entity
 * expansion has no safe bound), and so is a construct longer than tag_max or with more
 * than eq_max '=' (libxml2 is quadratic in the attribute count). Returns the length of the
 * part of the chunk that may be parsed; *why is set when the rest is refused. The verdict
 * is the one of reading byte by byte: a '<' starts a construct (also inside one), a '>'
 * ends it, every other byte of it counts. */
size_t xml_guard(struct xml_guard *g, const char *p, size_t n, const char **why);

#endif
