/* Time arithmetic and parsing for the time forms found in bundles; 64-bit, no libc time zone
 * state, so results do not depend on the machine running marstriage. */
#ifndef MT_TIMEPARSE_H
#define MT_TIMEPARSE_H

#include <stdint.h>
#include <stddef.h>

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
/* Milliseconds since the epoch for a broken-down UTC time. */
int64_t utc_ms(int y, int mon, int day, int h, int min, int s, int ms);
/* Inverse: splits ms into fields (UTC). */
void utc_split(int64_t ms, int *y, int *mon, int *day, int *h, int *min, int *s, int *msec);
/* ISO 8601 "YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)"; returns 0 and sets *ms;
 * *had_zone is 1 when Z or an offset was present. */
int parse_iso8601(const char *s, size_t n, int64_t *ms, int *had_zone);
/* Formats ms as "YYYY-MM-DDTHH:MM:SS.mmmZ" into out (25 bytes). */
void format_iso8601(int64_t ms, char out[25]);
/* US-style "M/D/YYYY[,] h:mm[:ss] [AM|PM]" and "D/M/YYYY HH:MM" variants as found in
 * Windows command output (month-first unless day_first). Returns 0 on success; ms is the
 * local wall-clock time expressed as if UTC. */
int parse_windows_datetime(const char *s, size_t n, int day_first, int64_t *ms);

#endif
