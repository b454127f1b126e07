/* The server's time zone: Windows zone names mapped to tz database names, and a small TZif
 * reader that gives DST-aware offsets, so local times of a bundle can be turned into UTC
 * without touching the process's own TZ. */
#ifndef MT_TZONE_H
#define MT_TZONE_H

#include <stddef.h>
#include <stdint.h>

struct tzone;

/* The tz database name of a Windows zone id ("Pacific Standard Time" ->
 * "America/Los_Angeles"), compared ASCII case-insensitively; NULL when not in the table. */
const char *tzone_windows_to_iana(const char *win_id);
/* The Windows zone id of an English systeminfo display name ("(UTC-08:00) Pacific Time (US &
 * Canada)"); NULL when not in the table. */
const char *tzone_display_to_windows(const char *display, size_t n);
/* The offset of a "(UTC-08:00) ..." or "(GMT+01:00) ..." display name, in minutes; returns 0
 * when found. "(UTC) ..." is +00:00. */
int tzone_display_offset(const char *display, size_t n, int *minutes);

/* Loads the rules of zone iana ("Europe/Berlin") from dir, or from /usr/share/zoneinfo when
 * dir is NULL. NULL when the name is not a plain relative name, the file is missing or it is
 * not a TZif file. The caller frees with tzone_free. */
struct tzone *tzone_load(const char *iana, const char *dir);
/* Reads a TZif image (version 1 to 4) from memory; NULL when it is not one. */
struct tzone *tzone_from_tzif(const unsigned char *p, size_t n);
/* Rules from a POSIX TZ string alone ("CET-1CEST,M3.5.0,M10.5.0/3"); NULL when unreadable. */
struct tzone *tzone_from_posix(const char *s);
void tzone_free(struct tzone *z);

/* The offset in effect at a UTC time, in minutes (local = UTC + offset). */
int tzone_offset_at(const struct tzone *z, int64_t utc_ms);
/* The standard (winter) offset, in minutes. */
int tzone_std_offset(const struct tzone *z);
/* 1 when the zone has daylight saving time at some point of its rules. */
int tzone_has_dst(const struct tzone *z);
/* The UTC time of a local wall-clock time (ms as if UTC). A time that occurs twice (the hour
 * repeated when DST ends) is read as the first; a time skipped when DST starts is read with
 * the offset before the change. */
int64_t tzone_local_to_utc(const struct tzone *z, int64_t local_ms);

#endif
