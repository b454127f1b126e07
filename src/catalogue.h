/* The error-code catalogue of the rule pack: HRESULTs, MARS message ids and portal error
 * names with their symbolic names and meanings, read from the pack's codes files, so that
 * every code in a report can be shown as "0x800423F2 (VSS_E_WRITERERROR_TIMEOUT)". */
#ifndef MT_CATALOGUE_H
#define MT_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

struct catalogue;

/* One entry. A numeric code has is_name 0 and its value; a portal error name has is_name 1
 * and key holds it. name is the symbolic name (for a portal error, the error name itself);
 * meaning is one line of plain text. */
struct code_info {
	int is_name;
	uint32_t value;
	const char *key;	/* the code as the pack spells it: "0x800423F2", "34513", a name */
	const char *name;	/* NULL when the pack gives only a meaning */
	const char *meaning;
};

struct catalogue *catalogue_new(void);
void catalogue_free(struct catalogue *c);
/* Adds an entry; returns -1 when the same code or name is already there (its index in
 * *other). key is parsed as described in catalogue_parse_code; anything else is a name. */
int catalogue_add(struct catalogue *c, const char *key, const char *name, const char *meaning,
    size_t *other);
/* Sorts the entries; call once after the last catalogue_add. */
void catalogue_seal(struct catalogue *c);
size_t catalogue_count(const struct catalogue *c);
void catalogue_at(const struct catalogue *c, size_t i, struct code_info *out);

/* Parses a numeric code: "0x" with 1 to 8 hexadecimal digits, or a decimal number from
 * -2147483648 to 4294967295 (negative values are HRESULTs written as signed). Returns 0. */
int catalogue_parse_code(const char *s, size_t n, uint32_t *v);
/* The entry for a code in any spelling catalogue_parse_code knows, or for a name (ASCII
 * case-insensitive); returns 0 and fills out, or -1. */
int catalogue_lookup(const struct catalogue *c, const char *code, size_t n,
    struct code_info *out);
/* Appends text with every space-separated token that is a known "0x" code followed by
 * " (NAME)" (or " (meaning)" when it has no name), the tokens then separated by ", ". A
 * text that is exactly a known portal error name, or a decimal number the catalogue lists
 * in decimal (a MARS id such as 34513), gets " (meaning)". Any other text is appended
 * unchanged. Returns 1 when something was decorated. */
int catalogue_decorate(const struct catalogue *c, const char *text, struct strbuf *out);

#endif
