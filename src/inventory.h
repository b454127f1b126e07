/* The inventory: one record for every entry of every archive level, saying what became of it
 * (parsed as KIND with N records, skipped and why, failed and why). */
#ifndef MT_INVENTORY_H
#define MT_INVENTORY_H

#include <stdint.h>
#include <stddef.h>

enum inv_status {
	INV_PARSED,		/* a parser read it: kind, records */
	INV_PARTIAL,		/* parsed up to a limit or an error: note says where */
	INV_CONTAINER,		/* a nested archive that was opened and walked */
	INV_SKIPPED,		/* not analysed: note says why (binary, unknown, empty, limit...) */
	INV_FAILED,		/* could not be read: note has the library's message */
	INV_REMAINDER		/* the unreadable rest of a damaged archive */
};

struct inv_entry {
	char *path;		/* full display path, nested levels joined with "!/" */
	int depth;		/* 0 for entries of the top-level bundle */
	enum inv_status status;
	char *kind;		/* parser name for INV_PARSED/INV_PARTIAL, else NULL */
	uint64_t records;
	int64_t size_declared;	/* -1 if unknown */
	uint64_t bytes_read;	/* uncompressed bytes actually read */
	char *encoding;		/* decoder's choice, or NULL */
	uint64_t replacements;	/* U+FFFD substitutions while decoding */
	char *note;		/* why skipped/failed/partial; extra facts; or NULL */
	unsigned flags;		/* INV_F_* */
};

#define INV_F_SUSPICIOUS_NAME 0x01	/* traversal, absolute, reserved device, control chars */
#define INV_F_DUPLICATE_NAME  0x02
#define INV_F_ENCRYPTED       0x04
#define INV_F_SPECIAL_FILE    0x08	/* symlink, hardlink, device: listed, not followed */
#define INV_F_LIMIT           0x10	/* a limit stopped it */

struct inventory;

struct inventory *inventory_new(void);
void inventory_free(struct inventory *inv);
/* Adds an entry for path (copied) with status INV_SKIPPED and no note; returns it for the
 * caller to fill. The pointer stays valid until the next inventory_add. */
struct inv_entry *inventory_add(struct inventory *inv, const char *path, int depth);
/* Replaces e's note (copied; printf-style). */
void inv_set_note(struct inv_entry *e, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Adds to e's note, after "; " when it already has one (printf-style). */
void inv_append_note(struct inv_entry *e, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void inv_set_kind(struct inv_entry *e, const char *kind);
void inv_set_encoding(struct inv_entry *e, const char *enc);
size_t inventory_count(const struct inventory *inv);
const struct inv_entry *inventory_at(const struct inventory *inv, size_t i);
struct inv_entry *inventory_at_mut(struct inventory *inv, size_t i);
/* 1 if path was already added (for duplicate detection). */
int inventory_has_path(const struct inventory *inv, const char *path);
const char *inv_status_name(enum inv_status s);	/* "parsed", "partial", ... */

#endif
