/* Decoded text input: turns an entry's bytes (UTF-8 with or without BOM, UTF-16LE/BE with BOM,
 * BOM-less UTF-16LE, or a legacy code page) into UTF-8, streaming, with invalid sequences
 * replaced by U+FFFD and counted, and binary content detected from the first bytes. */
#ifndef MT_TEXTIN_H
#define MT_TEXTIN_H

#include <stdint.h>
#include "byte_source.h"
#include "util.h"

enum text_encoding {
	ENC_UTF8,
	ENC_UTF8_BOM,
	ENC_UTF16LE_BOM,
	ENC_UTF16BE_BOM,
	ENC_UTF16LE,		/* no BOM, found by the NUL pattern */
	ENC_UTF16BE,
	ENC_LEGACY,		/* single-byte code page (Windows-1252 by default) */
	ENC_BINARY
};

#define TEXTIN_HEAD_MAX 4096

struct textin;

/* Opens a decoder over src. Reads (and buffers) the first bytes to choose the encoding.
 * max_line: bytes of one line kept; the rest of an over-long line is dropped and counted.
 * Never NULL. */
struct textin *textin_open(struct byte_source src, size_t max_line);
/* The same, with the code page of legacy text: an iconv name ("cp850", "CP932", "850"), or
 * NULL to choose between Windows-1252 and cp850 from the bytes. An unknown name falls back
 * to Windows-1252. */
struct textin *textin_open_cp(struct byte_source src, size_t max_line, const char *codepage);
/* 1 when codepage can be used (iconv knows it, or it is Windows-1252). */
int textin_codepage_supported(const char *codepage);
void textin_close(struct textin *t);

enum text_encoding textin_encoding(const struct textin *t);
const char *textin_encoding_name(enum text_encoding e);	/* "utf-8", "utf-16le+bom", ... */
/* The encoding as the inventory shows it: textin_encoding_name, or for legacy text the code
 * page used ("windows-1252", "cp850", "cp932"). */
const char *textin_charset(const struct textin *t);
/* 1 when the first bytes look binary (NULs that are not a UTF-16 pattern, control bytes). */
int textin_is_binary(const struct textin *t);
/* 1 when the entry has no bytes at all. */
int textin_is_empty(const struct textin *t);

/* The first up to TEXTIN_HEAD_MAX bytes of decoded UTF-8 (cut at a character boundary),
 * without consuming them; NUL-terminated. */
const char *textin_head(struct textin *t, size_t *len);

/* Next line, without its line end (CRLF, LF or CR), as UTF-8. The pointer is valid until
 * the next call. Returns 1 for a line, 0 at end of input, -1 on a read error.
 * The line is NUL-terminated and never contains NUL; a line longer than max_line is cut at a
 * character boundary (max_line 0 means 64 KiB); a partial line before a read error is
 * dropped. */
int textin_getline(struct textin *t, const char **line, size_t *len);
/* 1-based number of the line last returned by textin_getline. */
long textin_lineno(const struct textin *t);
/* Next chunk of decoded UTF-8 (line ends untouched). Returns bytes (>0), 0 at end, -1 on
 * error. Do not mix with textin_getline on the same textin. */
long textin_read(struct textin *t, char *buf, size_t n);

/* Binary entries: the raw first bytes read for detection (valid until the first read), and
 * the raw bytes from the start of the entry, those first bytes included. Returns bytes (>0),
 * 0 at end, -1 on error. Do not mix with the decoding reads. */
const unsigned char *textin_raw_head(const struct textin *t, size_t *len);
long textin_read_raw(struct textin *t, void *buf, size_t n);

/* Accounting for the inventory. */
uint64_t textin_bytes_in(const struct textin *t);	/* raw bytes consumed */
uint64_t textin_replacements(const struct textin *t);	/* U+FFFD substitutions */
uint64_t textin_cut_lines(const struct textin *t);	/* lines cut at max_line */
/* The source's error message after a -1, or NULL. */
const char *textin_error(const struct textin *t);

/* Decodes one buffer of UTF-16LE (le=1) or BE (le=0) into UTF-8, replacing unpaired
 * surrogates; exposed for tests and fuzzing. Returns the number of replacements.
 * The UTF-8 is appended to out. */
uint64_t utf16_to_utf8(const unsigned char *in, size_t n, int le, struct strbuf *out);

/* Appends s[0, n) to out as valid UTF-8 without NUL: invalid sequences and NUL become U+FFFD.
 * For names and other short strings taken from a bundle. Returns the number of replacements. */
uint64_t utf8_sanitise(const char *s, size_t n, struct strbuf *out);

#endif
