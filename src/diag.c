/* Diagnostics: the one function that writes messages to stderr, with bundle text escaped so
 * a hostile entry name cannot drive the terminal. */
#include <stdarg.h>
#include <string.h>
#include "diag.h"

static enum diag_level threshold = DIAG_WARNING;
/* Set while the calling thread makes a pass whose messages the main pass repeats. */
static _Thread_local int muted;

static const char *const level_names[] = {"debug", "info", "warning", "error", "fatal"};

void
diag_set_threshold(enum diag_level min)
{
	threshold = min;
}

void
diag_mute(int on)
{
	muted = on;
}

int
diag_muted(void)
{
	return muted;
}

/* Length of the valid UTF-8 sequence at s, or 0 if invalid. */
static size_t
utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F))
			return 0;
		return 3;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		if ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
			return 0;
		return 4;
	}
	return 0;
}

void
diag_put_escaped(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		size_t n = utf8_len(s);
		/* C1 controls (U+0080..U+009F) and bidi overrides are shown escaped too. */
		int c1 = n == 2 && s[0] == 0xC2 && s[1] < 0xA0;
		int bidi = n == 3 && s[0] == 0xE2 && ((s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE) ||
		    (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9));
		if (n == 0 || (n == 1 && (*s < 0x20 || *s == 0x7F))) {
			fprintf(fp, "\\x%02X", *s);
			s++;
		} else if (c1 || bidi) {
			size_t i;
			for (i = 0; i < n; i++)
				fprintf(fp, "\\x%02X", s[i]);
			s += n;
		} else {
			fwrite(s, 1, n, fp);
			s += n;
		}
	}
}

void
diag(enum diag_level lvl, const char *bundle, const char *entry, long line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (lvl < threshold || muted)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* One message is one line even when several threads report at once. */
	flockfile(stderr);
	fputs("marstriage: ", stderr);
	if (bundle) {
		diag_put_escaped(stderr, bundle);
		fputc(':', stderr);
		if (entry) {
			diag_put_escaped(stderr, entry);
			fputc(':', stderr);
			if (line > 0)
				fprintf(stderr, "%ld:", line);
		}
		fputc(' ', stderr);
	}
	fprintf(stderr, "%s: ", level_names[lvl]);
	diag_put_escaped(stderr, msg);
	fputc('\n', stderr);
	funlockfile(stderr);
}
