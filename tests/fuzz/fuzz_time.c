/* Fuzz target: the time parsers and the number helpers that read values from bundles.
 * Oracles: a parsed ISO 8601 time formats back to the same instant (to the millisecond), the
 * calendar arithmetic round-trips, and a normalised HRESULT is "0x" and eight hex digits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "oracle.h"
#include "timeparse.h"
#include "util.h"

/* Milliseconds of years 1..9999: format_iso8601 has four year digits. */
#define MS_MIN (-62135596800000LL)
#define MS_MAX (253402300799999LL)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char out[25], hr[11];
	int64_t ms, ms2, v;
	int zone, y, mo, d, h, mi, sec, msec, i;

	if (parse_iso8601(s, size, &ms, &zone) == 0 && ms >= MS_MIN && ms <= MS_MAX) {
		format_iso8601(ms, out);
		if (strlen(out) != 24 || parse_iso8601(out, 24, &ms2, &zone) != 0 || ms2 != ms ||
		    !zone)
			oracle_fail("an ISO 8601 time does not round-trip");
	}
	(void)parse_windows_datetime(s, size, 0, &ms);
	(void)parse_windows_datetime(s, size, 1, &ms);
	if (size >= 8) {
		memcpy(&v, data, 8);
		v %= MS_MAX;
		if (v < MS_MIN)
			v = MS_MIN;
		utc_split(v, &y, &mo, &d, &h, &mi, &sec, &msec);
		if (utc_ms(y, mo, d, h, mi, sec, msec) != v || mo < 1 || mo > 12 || d < 1 ||
		    d > 31 || h > 23 || mi > 59 || sec > 59 || msec > 999)
			oracle_fail("utc_split and utc_ms disagree");
	}
	if (hresult_normalise(s, size, hr) == 0) {
		if (strlen(hr) != 10 || hr[0] != '0' || hr[1] != 'x')
			oracle_fail("a normalised HRESULT is not 0x and eight digits");
		for (i = 2; i < 10; i++)
			if (!((hr[i] >= '0' && hr[i] <= '9') || (hr[i] >= 'A' && hr[i] <= 'F')))
				oracle_fail("a normalised HRESULT is not upper-case hex");
	}
	(void)parse_int64(s, size, &v);
	return 0;
}
