/* The parsers for backup, shadow copy, storage, permission and boot command outputs, and the
 * small text helpers they share (parse_cmdout.c). */
#ifndef MT_PARSERS_BACKUP_H
#define MT_PARSERS_BACKUP_H

#include <stddef.h>
#include <stdint.h>
#include "parser.h"

extern const struct parser parser_wbadmin;	/* wbadmin start/get versions/get status */
extern const struct parser parser_wsblog;	/* WSB Backup-*.log, Backup_Error-*.log */
extern const struct parser parser_vssadmin;	/* vssadmin shadowstorage/providers/shadows,
						 * diskshadow list writers/shadows */
extern const struct parser parser_wbjob;	/* Get-WBJob list output */
extern const struct parser parser_volume;	/* fsutil diskfree, wmic, Get-Volume, diskpart */
extern const struct parser parser_acl;		/* icacls, cacls */
extern const struct parser parser_boot;		/* bcdedit, mountvol */
extern const struct parser parser_marsmisc;	/* LastBackupFailedFiles*.txt */

/*
 * Helpers shared by these parsers. Spans are [s, s + n) and need not be NUL-terminated;
 * nothing here allocates except cmdout_append, which stays within the bound it is given.
 */

/* Splits "label : value" at the first ':' and trims both sides. Returns 0 when a ':' with a
 * non-empty label before it was found. */
int cmdout_label_value(const char *s, size_t n, const char **lab, size_t *llen,
    const char **val, size_t *vlen);
/* 1 when the trimmed label equals one of the NULL-terminated names (ASCII, any case). */
int cmdout_label_is(const char *lab, size_t llen, const char *const *names);

/* Reads an optionally signed integer written with or without grouping (',' '.' ' ' '\''
 * U+00A0 U+202F between groups of three digits) at the start of the span. Returns the bytes
 * used (0 when there is no number). */
size_t cmdout_grouped_int(const char *s, size_t n, int64_t *v);
/* Reads a size with a unit, "15.681 GB", "1,5 GB", "499 MB", "0 B", "512 bytes", "33,0 Go"
 * (units are powers of 1024; ',' or '.' is the decimal mark; grouping is accepted). Returns
 * the bytes used (0 when the span does not start with such a size). */
size_t cmdout_size(const char *s, size_t n, int64_t *bytes);
/* The decimal inside the first "(N%)" of the span, or -1. */
int cmdout_percent(const char *s, size_t n);

/* Byte offset of code point number cp (0-based) of the span, or n when it is shorter: table
 * columns are counted in characters, not bytes. */
size_t cmdout_cp_offset(const char *s, size_t n, size_t cp);
/* Number of code points in the span. */
size_t cmdout_cp_count(const char *s, size_t n);

/* Sets ctx->rec's time from a local Windows date and time text (month first, or day first
 * when month first cannot be a date): quality TQ_ZONE_ASSUMED with the known offset applied
 * when ctx->env says the zone is known, else TQ_ZONE_UNKNOWN. Returns 0 when set. */
int cmdout_set_local_time(struct parse_ctx *ctx, const char *s, size_t n);

/* Appends [s, s + n) to sb, preceded by sep when sb is not empty, keeping sb within max
 * bytes (cut at a character boundary). */
void cmdout_append(struct strbuf *sb, const char *sep, const char *s, size_t n, size_t max);

/* Sets *line and *len to the next line of a bid head from *pos; returns 0 at the end. */
int cmdout_next_line(const char *head, size_t len, size_t *pos, const char **line,
    size_t *llen);

/* 1 when [s, s + n) is a braced GUID "{8-4-4-4-12}" (hex digits, any case). */
int cmdout_is_guid(const char *s, size_t n);

/* Reads lines until the end or an error: returns 1 with a line, 0 at the end, -1 after
 * noting the read error in ctx. */
int cmdout_getline(struct parse_ctx *ctx, const char **line, size_t *len);

#endif
