/* Independent checks for the fuzz targets: what an output must be, whatever the input was.
 * Written from the format specifications, not from the code they check. */
#ifndef MT_FUZZ_ORACLE_H
#define MT_FUZZ_ORACLE_H

#include <stddef.h>

/* 1 when s[0, n) is valid UTF-8 (RFC 3629: no overlongs, surrogates or code points beyond
 * U+10FFFF). */
int oracle_utf8(const char *s, size_t n);
/* 1 when s[0, n) is exactly one JSON value (RFC 8259) with only whitespace around it. */
int oracle_json(const char *s, size_t n);
/* Number of cells of one GitHub-flavoured Markdown table row (leading and trailing pipes
 * optional, "\|" does not split); -1 when the row holds a line break. */
int oracle_md_cells(const char *row, size_t n);
/* Calls abort() with a message on stderr. */
_Noreturn void oracle_fail(const char *what);

#endif
