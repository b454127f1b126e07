/* Escaping of untrusted text for each output format. Every string taken from a bundle passes
 * through one of these before it reaches an output. */
#ifndef MT_ESCAPE_H
#define MT_ESCAPE_H

#include <stdio.h>
#include <stddef.h>

/* A JSON string literal with quotes; invalid UTF-8 becomes U+FFFD, controls are escaped.
 * NULL prints null. */
void json_put_string(FILE *fp, const char *s);
void json_put_stringn(FILE *fp, const char *s, size_t n);
/* Markdown inline text: punctuation that Markdown or HTML would interpret is backslash-
 * escaped, newlines become spaces, controls are dropped. */
void md_put_text(FILE *fp, const char *s);
/* A Markdown table cell: as md_put_text, and '|' escaped. */
void md_put_cell(FILE *fp, const char *s);
/* Markdown inline code span that cannot be broken out of (backtick fences sized to fit). */
void md_put_code(FILE *fp, const char *s);
/* HTML text or attribute value: & < > " ' escaped, controls dropped. */
void html_put(FILE *fp, const char *s);
/* An anchor-safe slug: [a-z0-9-] only; "x" when s has no ASCII letter or digit. */
void slug_put(FILE *fp, const char *s);
/* Text for a code block or other literal context: valid UTF-8 on one line, line breaks
 * become spaces, controls and invalid bytes are dropped, nothing else changes. */
void text_put_line(FILE *fp, const char *s);
/* The longest run of backticks in s as text_put_line or md_put_code writes it, for sizing a
 * code fence. */
size_t md_backtick_run(const char *s);

#endif
