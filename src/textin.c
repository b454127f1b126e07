/* Streaming text decoder: chooses an encoding from an entry's first bytes, then turns the
 * entry into UTF-8 lines block by block, replacing what cannot be decoded with U+FFFD. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include "textin.h"

#define RAW_CAP		65536	/* raw bytes decoded per block */
#define PREFETCH	(2 * TEXTIN_HEAD_MAX + 8)	/* enough raw bytes for the head of UTF-16 text */
#define DETECT_MAX	4096	/* bytes looked at to choose binary, UTF-8 or legacy */
#define NUL_WINDOW	512	/* bytes looked at for the UTF-16 NUL pattern */
#define DEFAULT_LINE	65536
/* Worst case growth of a decoded block: one raw byte can become a 3-byte U+FFFD. */
#define DEC_CAP(n)	(3 * (size_t)(n) + 16)

struct textin {
	struct byte_source src;
	enum text_encoding enc;
	int binary, empty, eof, err;
	size_t max_line;

	unsigned char *raw;	/* undecoded bytes: [rpos, rlen) are pending */
	size_t rpos, rlen;
	char *dec;		/* decoded block, NUL-terminated, never contains NUL */
	size_t dpos, dlen;

	struct strbuf line;	/* a line that spans blocks */
	int pending_cr;		/* the last line ended in CR: skip one LF that follows */
	int cutting;		/* dropping the rest of an over-long line */
	long lineno;

	uint64_t bytes_in, repl, cut;
	char head[TEXTIN_HEAD_MAX + 1];
	size_t headlen;

	iconv_t cd;		/* legacy text other than Windows-1252, else (iconv_t)-1 */
	char charset[32];	/* the code page of legacy text, as the inventory shows it */
};

/* Windows-1252 0x80-0x9F; 0 marks the five undefined bytes. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

/* Magic numbers of formats that are never text. */
static const struct {
	const char *magic;
	size_t len;
} binary_magics[] = {
	{"MZ", 2},			/* PE executable */
	{"%PDF-", 5},
	{"\x89PNG\r\n\x1a\n", 8},
	{"ElfFile\0", 8},		/* .evtx, read by its own parser */
	{"ElfChnk\0", 8},
	{"PK\3\4", 4},
	{"\x7f" "ELF", 4},
	{"regf", 4},			/* registry hive */
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8},	/* OLE compound file */
	{"\x1f\x8b", 2},		/* gzip */
	{"7z\xbc\xaf\x27\x1c", 6},
	{"\xfd" "7zXZ\0", 6},
	{"\x28\xb5\x2f\xfd", 4},	/* zstd */
	{"MSCF\0\0\0\0", 8},		/* cab */
	{"SQLite format 3\0", 16},
};

static size_t
put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Checks the UTF-8 sequence at s, avail > 0 bytes long. Returns its length when valid, 0 when
 * it is a valid start cut short by the end of the buffer, or -k when its first k bytes are
 * invalid (the maximal invalid part, replaced by one U+FFFD). */
static int
utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	int need, k;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;	/* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return -1;
	for (k = 1; k <= need; k++) {
		if ((size_t)k >= avail)
			return 0;
		if (s[k] < lo || s[k] > hi)
			return -k;
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

/*
 * The decoders. Each reads in[0, n), writes at most DEC_CAP(n) bytes of UTF-8 to out and
 * returns how many input bytes it consumed: a sequence cut by the end of the block stays
 * unconsumed unless final is set, in which case it becomes U+FFFD. NUL becomes U+FFFD too.
 */
/*
 * Bulk decoding: most text is ASCII, so eight input bytes are tested at a time and copied
 * when they are all ASCII other than NUL; anything else goes the byte-by-byte way. The masks
 * are built from byte strings, so the tests hold whatever the host's byte order.
 */
static uint64_t
word_of(const char *bytes)
{
	uint64_t w;

	memcpy(&w, bytes, 8);
	return w;
}

/* 1 when the eight bytes at p are all 0x01-0x7F. */
static int
ascii8(const unsigned char *p)
{
	uint64_t w, ones = word_of("\1\1\1\1\1\1\1\1");

	memcpy(&w, p, 8);
	return ((w | (w - ones)) & (ones << 7)) == 0;
}

/* 1 when the eight bytes at p are four UTF-16 units 0x0001-0x007F; le picks the byte order.
 * Per 16-bit lane: w - 1 borrows (and sets the lane's mask bits) only when the unit is 0. */
static int
ascii16x4(const unsigned char *p, int le)
{
	uint64_t w, ones, mask;

	ones = le ? word_of("\1\0\1\0\1\0\1\0") : word_of("\0\1\0\1\0\1\0\1");
	mask = le ? word_of("\x80\xff\x80\xff\x80\xff\x80\xff") :
	    word_of("\xff\x80\xff\x80\xff\x80\xff\x80");
	memcpy(&w, p, 8);
	return ((w | (w - ones)) & mask) == 0;
}

static size_t
utf8_decode(const unsigned char *in, size_t n, int final, char *out, size_t *olen,
    uint64_t *repl)
{
	size_t i = 0, o = 0;
	int k;

	while (i < n) {
		if (n - i >= 8 && ascii8(in + i)) {
			memcpy(out + o, in + i, 8);
			o += 8;
			i += 8;
			continue;
		}
		if (in[i] - 1u < 0x7F) {	/* 0x01-0x7F */
			out[o++] = (char)in[i++];
			continue;
		}
		k = in[i] == 0 ? -1 : utf8_seq(in + i, n - i);
		if (k > 0) {
			memcpy(out + o, in + i, (size_t)k);
			o += (size_t)k;
			i += (size_t)k;
		} else if (k == 0 && !final)
			break;
		else {
			o += put_utf8(out + o, 0xFFFD);
			(*repl)++;
			i += k == 0 ? n - i : (size_t)-k;
		}
	}
	*olen = o;
	return i;
}

static size_t
cp1252_decode(const unsigned char *in, size_t n, char *out, size_t *olen, uint64_t *repl)
{
	size_t i, o = 0;
	unsigned cp;

	for (i = 0; i < n; i++) {
		cp = in[i];
		if (cp >= 0x80 && cp <= 0x9F)
			cp = cp1252_high[cp - 0x80];
		if (cp == 0) {
			cp = 0xFFFD;
			(*repl)++;
		}
		o += put_utf8(out + o, cp);
	}
	*olen = o;
	return n;
}

/* A code page through iconv. NUL and bytes the code page does not define become U+FFFD; a
 * multi-byte character cut by the end of the block waits for the next one unless final. */
static size_t
iconv_decode(iconv_t cd, const unsigned char *in, size_t n, int final, char *out,
    size_t *olen, uint64_t *repl)
{
	size_t i = 0, o = 0, run, il, ol, r;
	char *ip, *op;

	while (i < n) {
		if (in[i] == 0) {
			o += put_utf8(out + o, 0xFFFD);
			(*repl)++;
			i++;
			continue;
		}
		/* A run without NUL: no code page has NUL inside a character. */
		for (run = i; run < n && in[run] != 0; run++)
			;
		ip = (char *)(in + i);
		il = run - i;
		op = out + o;
		ol = DEC_CAP(n) - o;
		r = iconv(cd, &ip, &il, &op, &ol);
		o = (size_t)(op - out);
		i = (size_t)((const unsigned char *)ip - in);
		if (r != (size_t)-1)
			continue;
		if (errno == EILSEQ || (errno == EINVAL && (final || run < n))) {
			o += put_utf8(out + o, 0xFFFD);
			(*repl)++;
			i++;
			iconv(cd, NULL, NULL, NULL, NULL);
		} else
			break;		/* cut character: wait for more; or no room */
	}
	*olen = o;
	return i;
}

static size_t
utf16_decode(const unsigned char *in, size_t n, int le, int final, char *out, size_t *olen,
    uint64_t *repl)
{
	size_t i = 0, o = 0;
	unsigned u, u2;

	while (i + 1 < n) {
		if (n - i >= 8 && ascii16x4(in + i, le)) {
			out[o] = (char)in[i + !le];
			out[o + 1] = (char)in[i + 2 + !le];
			out[o + 2] = (char)in[i + 4 + !le];
			out[o + 3] = (char)in[i + 6 + !le];
			o += 4;
			i += 8;
			continue;
		}
		u = le ? (unsigned)(in[i] | in[i + 1] << 8) : (unsigned)(in[i] << 8 | in[i + 1]);
		if (u - 1u < 0x7F) {		/* ASCII, the common case */
			out[o++] = (char)u;
			i += 2;
			continue;
		}
		if (u == 0 || (u >= 0xDC00 && u <= 0xDFFF)) {	/* NUL, lone low surrogate */
			o += put_utf8(out + o, 0xFFFD);
			(*repl)++;
			i += 2;
			continue;
		}
		if (u < 0xD800 || u > 0xDBFF) {
			o += put_utf8(out + o, u);
			i += 2;
			continue;
		}
		if (n - i < 4) {		/* high surrogate at the end of the block */
			if (!final)
				break;
			o += put_utf8(out + o, 0xFFFD);
			(*repl)++;
			i += 2;
			continue;
		}
		u2 = le ? (unsigned)(in[i + 2] | in[i + 3] << 8) :
		    (unsigned)(in[i + 2] << 8 | in[i + 3]);
		if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
			o += put_utf8(out + o, 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00));
			i += 4;
		} else {
			o += put_utf8(out + o, 0xFFFD);
			(*repl)++;
			i += 2;
		}
	}
	if (final && i < n) {			/* odd trailing byte */
		o += put_utf8(out + o, 0xFFFD);
		(*repl)++;
		i = n;
	}
	*olen = o;
	return i;
}

static size_t
decode(const struct textin *t, const unsigned char *in, size_t n, int final, char *out,
    size_t *olen, uint64_t *repl)
{
	if (t->enc == ENC_LEGACY && t->cd != (iconv_t)-1)
		return iconv_decode(t->cd, in, n, final, out, olen, repl);
	switch (t->enc) {
	case ENC_UTF16LE_BOM:
	case ENC_UTF16LE:
		return utf16_decode(in, n, 1, final, out, olen, repl);
	case ENC_UTF16BE_BOM:
	case ENC_UTF16BE:
		return utf16_decode(in, n, 0, final, out, olen, repl);
	case ENC_LEGACY:
		return cp1252_decode(in, n, out, olen, repl);
	default:
		return utf8_decode(in, n, final, out, olen, repl);
	}
}

uint64_t
utf16_to_utf8(const unsigned char *in, size_t n, int le, struct strbuf *out)
{
	uint64_t repl = 0;
	size_t olen;

	out->s = xgrow(out->s, &out->cap, out->len + DEC_CAP(n) + 1, 1);
	utf16_decode(in, n, le, 1, out->s + out->len, &olen, &repl);
	out->len += olen;
	out->s[out->len] = '\0';
	return repl;
}

uint64_t
utf8_sanitise(const char *s, size_t n, struct strbuf *out)
{
	uint64_t repl = 0;
	size_t olen;

	out->s = xgrow(out->s, &out->cap, out->len + DEC_CAP(n) + 1, 1);
	utf8_decode((const unsigned char *)s, n, 1, out->s + out->len, &olen, &repl);
	out->len += olen;
	out->s[out->len] = '\0';
	return repl;
}

/* The BOM-less UTF-16 test: ASCII-heavy UTF-16 has NUL in every other byte, on one side. */
static enum text_encoding
detect_utf16(const unsigned char *p, size_t n)
{
	size_t i, pairs, even = 0, odd = 0;

	if (n > NUL_WINDOW)
		n = NUL_WINDOW;
	pairs = n / 2;
	for (i = 0; i < pairs; i++) {
		even += p[2 * i] == 0;
		odd += p[2 * i + 1] == 0;
	}
	if (odd * 4 > pairs && even * 8 <= odd)
		return ENC_UTF16LE;
	if (even * 4 > pairs && odd * 8 <= even)
		return ENC_UTF16BE;
	return ENC_UTF8;
}

static int
has_binary_magic(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(binary_magics); i++)
		if (n >= binary_magics[i].len &&
		    memcmp(p, binary_magics[i].magic, binary_magics[i].len) == 0)
			return 1;
	return 0;
}

/* Binary if the window holds more than a trace of NULs, or of control bytes other than tab,
 * line feed, form feed and carriage return. */
static int
looks_binary(const unsigned char *p, size_t n)
{
	size_t i, nul = 0, ctl = 0;

	if (n > DETECT_MAX)
		n = DETECT_MAX;
	for (i = 0; i < n; i++) {
		if (p[i] == 0)
			nul++;
		else if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\f' &&
		    p[i] != '\r')
			ctl++;
	}
	return nul * 64 > n || ctl * 16 > n;
}

/* Legacy when the window has invalid UTF-8 and no more valid multi-byte sequences than
 * invalid ones: a UTF-8 file with one damaged byte stays UTF-8. */
static int
looks_legacy(const unsigned char *p, size_t n, int final)
{
	size_t i = 0, bad = 0, multi = 0;
	int k;

	if (n > DETECT_MAX) {
		n = DETECT_MAX;
		final = 0;
	}
	while (i < n) {
		k = utf8_seq(p + i, n - i);
		if (k == 0 && !final)
			break;
		if (k <= 0) {
			bad++;
			i += k == 0 ? n - i : (size_t)-k;
		} else {
			multi += k > 1;
			i += (size_t)k;
		}
	}
	return bad > 0 && bad >= multi;
}

static enum text_encoding
detect(const unsigned char *p, size_t n, int final, size_t *bom, int *binary)
{
	enum text_encoding e;

	*bom = 0;
	*binary = 0;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		*bom = 3;
		return ENC_UTF8_BOM;
	}
	if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		*bom = 2;
		return ENC_UTF16LE_BOM;
	}
	if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		*bom = 2;
		return ENC_UTF16BE_BOM;
	}
	if (n == 0)
		return ENC_UTF8;
	if (has_binary_magic(p, n)) {
		*binary = 1;
		return ENC_BINARY;
	}
	if ((e = detect_utf16(p, n)) != ENC_UTF8)
		return e;
	if (looks_binary(p, n)) {
		*binary = 1;
		return ENC_BINARY;
	}
	return looks_legacy(p, n, final) ? ENC_LEGACY : ENC_UTF8;
}

/* One read from the source into the free end of raw. */
static void
pull(struct textin *t, size_t want)
{
	ssize_t r = t->src.read(t->src.ctx, t->raw + t->rlen, want);

	if (r < 0 || (size_t)r > want)
		t->err = 1;
	else if (r == 0)
		t->eof = 1;
	else {
		t->rlen += (size_t)r;
		t->bytes_in += (uint64_t)r;
	}
}

static void
make_head(struct textin *t)
{
	size_t n = t->rlen - t->rpos, olen, len;
	uint64_t ignored = 0;
	char *tmp = xmalloc(DEC_CAP(n) + 1);

	decode(t, t->raw + t->rpos, n, t->eof, tmp, &olen, &ignored);
	if (t->cd != (iconv_t)-1)
		iconv(t->cd, NULL, NULL, NULL, NULL);
	len = olen < TEXTIN_HEAD_MAX ? olen : TEXTIN_HEAD_MAX;
	while (len > 0 && len < olen && ((unsigned char)tmp[len] & 0xC0) == 0x80)
		len--;
	memcpy(t->head, tmp, len);
	t->head[len] = '\0';
	t->headlen = len;
	free(tmp);
}

/*
 * Which Western code page legacy bytes are in. cmd's `>` writes the OEM code page (850, 437),
 * Notepad and most programs the ANSI one (1252). Their accented letters lie apart: OEM has
 * them at 0x80-0xA5, where Windows-1252 has punctuation (quotes, dashes, the euro sign) or
 * nothing, and 1252 at 0xC0-0xFF, where OEM has box drawing. Only bytes inside a word (a
 * letter or another high byte on both sides) count, so 1252 punctuation next to spaces
 * does not look like OEM letters; the no-break space between the digit groups of localised
 * numbers counts too. The page with more of them wins, 1252 on a tie.
 */
static int
word_byte(const unsigned char *p, size_t n, size_t i)
{
	unsigned a = i > 0 ? p[i - 1] : ' ', b = i + 1 < n ? p[i + 1] : ' ';

	return (a >= 0x80 || ((a | 0x20) - 'a') < 26u) && (b >= 0x80 || ((b | 0x20) - 'a') < 26u);
}

static int
looks_oem(const unsigned char *p, size_t n)
{
	size_t i, low = 0, high = 0;

	if (n > DETECT_MAX)
		n = DETECT_MAX;
	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			continue;
		/* The no-break space that groups digits: 0xFF in OEM, 0xA0 in 1252. */
		if ((p[i] == 0xFF || p[i] == 0xA0) && i > 0 && i + 1 < n &&
		    (unsigned)(p[i - 1] - '0') < 10 && (unsigned)(p[i + 1] - '0') < 10) {
			low += p[i] == 0xFF;
			high += p[i] == 0xA0;
			continue;
		}
		if (!word_byte(p, n, i))
			continue;
		if (p[i] <= 0xA5)
			low++;
		else if (p[i] >= 0xC0)
			high++;
	}
	return low > high;
}

static int
is_cp1252_name(const char *cp)
{
	return ascii_casecmp(cp, "windows-1252") == 0 || ascii_casecmp(cp, "cp1252") == 0 ||
	    ascii_casecmp(cp, "1252") == 0;
}

/* Chooses the code page of legacy text: the one given, else cp850 for OEM-looking bytes,
 * else Windows-1252 (built in, needs no iconv). */
static void
choose_codepage(struct textin *t, const char *codepage)
{
	const char *cp = codepage;
	char name[40];

	if (cp == NULL || *cp == '\0')
		cp = looks_oem(t->raw, t->rlen) ? "cp850" : "windows-1252";
	if (!is_cp1252_name(cp) && strlen(cp) < 24) {
		/* "850" alone means cp850, as Windows names code pages by number. */
		snprintf(name, sizeof name, "%s%s", cp[0] >= '0' && cp[0] <= '9' ? "CP" : "", cp);
		t->cd = iconv_open("UTF-8", name);
		if (t->cd != (iconv_t)-1) {
			char *c;

			snprintf(t->charset, sizeof t->charset, "%s%s",
			    cp[0] >= '0' && cp[0] <= '9' ? "cp" : "", cp);
			for (c = t->charset; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
			return;
		}
	}
	snprintf(t->charset, sizeof t->charset, "windows-1252");
}

int
textin_codepage_supported(const char *codepage)
{
	char name[40];
	iconv_t cd;

	if (codepage == NULL || *codepage == '\0' || strlen(codepage) >= 24)
		return 0;
	if (is_cp1252_name(codepage))
		return 1;
	snprintf(name, sizeof name, "%s%s",
	    codepage[0] >= '0' && codepage[0] <= '9' ? "CP" : "", codepage);
	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

struct textin *
textin_open(struct byte_source src, size_t max_line)
{
	return textin_open_cp(src, max_line, NULL);
}

struct textin *
textin_open_cp(struct byte_source src, size_t max_line, const char *codepage)
{
	struct textin *t = xcalloc(1, sizeof *t);
	size_t bom;

	t->src = src;
	t->cd = (iconv_t)-1;
	t->max_line = max_line ? max_line : DEFAULT_LINE;
	t->raw = xmalloc(RAW_CAP);
	t->dec = xmalloc(DEC_CAP(RAW_CAP) + 1);
	t->dec[0] = '\0';
	while (t->rlen < PREFETCH && !t->eof && !t->err)
		pull(t, PREFETCH - t->rlen);
	t->empty = t->rlen == 0 && t->eof;
	t->enc = detect(t->raw, t->rlen, t->eof, &bom, &t->binary);
	t->rpos = bom;
	if (t->enc == ENC_LEGACY)
		choose_codepage(t, codepage);
	make_head(t);
	return t;
}

void
textin_close(struct textin *t)
{
	if (t == NULL)
		return;
	if (t->cd != (iconv_t)-1)
		iconv_close(t->cd);
	free(t->raw);
	free(t->dec);
	sb_free(&t->line);
	free(t);
}

/* Decodes the next block into dec. Returns 1 when dec has bytes, 0 at the end, -1 after a
 * read error (bytes read before the error are decoded and handed out first). */
static int
fill(struct textin *t)
{
	size_t used;
	int done;

	t->dpos = t->dlen = 0;
	t->dec[0] = '\0';
	for (;;) {
		if (t->rpos > 0) {
			memmove(t->raw, t->raw + t->rpos, t->rlen - t->rpos);
			t->rlen -= t->rpos;
			t->rpos = 0;
		}
		if (!t->eof && !t->err)
			pull(t, RAW_CAP - t->rlen);
		done = t->eof || t->err;
		if (t->rlen == 0 && done)
			return t->err ? -1 : 0;
		used = decode(t, t->raw, t->rlen, done, t->dec, &t->dlen, &t->repl);
		t->rpos = used;
		t->dec[t->dlen] = '\0';
		if (t->dlen > 0)
			return 1;
		if (done && used == t->rlen)
			return t->err ? -1 : 0;
	}
}

/* Length of p[0, n) cut to at most max bytes at a character boundary. */
static size_t
cut_len(const char *p, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)p[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/* Adds a piece of the current line to the line buffer, up to max_line. */
static void
line_add(struct textin *t, const char *p, size_t n)
{
	size_t room, k;

	if (t->cutting)
		return;
	room = t->max_line - t->line.len;
	k = cut_len(p, n, room);
	sb_add(&t->line, p, k);
	if (k < n) {
		t->cutting = 1;
		t->cut++;
	}
}

enum text_encoding
textin_encoding(const struct textin *t)
{
	return t->enc;
}

const char *
textin_encoding_name(enum text_encoding e)
{
	switch (e) {
	case ENC_UTF8:
		return "utf-8";
	case ENC_UTF8_BOM:
		return "utf-8+bom";
	case ENC_UTF16LE_BOM:
		return "utf-16le+bom";
	case ENC_UTF16BE_BOM:
		return "utf-16be+bom";
	case ENC_UTF16LE:
		return "utf-16le";
	case ENC_UTF16BE:
		return "utf-16be";
	case ENC_LEGACY:
		return "windows-1252";
	case ENC_BINARY:
		return "binary";
	}
	return "unknown";
}

const char *
textin_charset(const struct textin *t)
{
	if (t->enc == ENC_LEGACY && t->charset[0])
		return t->charset;
	return textin_encoding_name(t->enc);
}

const unsigned char *
textin_raw_head(const struct textin *t, size_t *len)
{
	*len = t->rlen;
	return t->raw;
}

long
textin_read_raw(struct textin *t, void *buf, size_t n)
{
	size_t k;
	ssize_t r;

	if (n == 0)
		return 0;
	if (n > (size_t)0x7FFFFFFF)
		n = 0x7FFFFFFF;
	/* The bytes prefetched for detection come first. */
	if (t->rpos < t->rlen) {
		k = t->rlen - t->rpos;
		if (k > n)
			k = n;
		memcpy(buf, t->raw + t->rpos, k);
		t->rpos += k;
		return (long)k;
	}
	if (t->err)
		return -1;
	if (t->eof)
		return 0;
	r = t->src.read(t->src.ctx, buf, n);
	if (r < 0 || (size_t)r > n) {
		t->err = 1;
		return -1;
	}
	if (r == 0)
		t->eof = 1;
	t->bytes_in += (uint64_t)r;
	return (long)r;
}

int
textin_is_binary(const struct textin *t)
{
	return t->binary;
}

int
textin_is_empty(const struct textin *t)
{
	return t->empty;
}

const char *
textin_head(struct textin *t, size_t *len)
{
	if (len)
		*len = t->headlen;
	return t->head;
}

int
textin_getline(struct textin *t, const char **line, size_t *len)
{
	char *p;
	size_t k, avail;
	int r, partial = 0;

	sb_reset(&t->line);
	t->cutting = 0;
	for (;;) {
		if (t->dpos == t->dlen) {
			r = fill(t);
			if (r < 0)
				return -1;
			if (r == 0) {
				if (!partial)
					return 0;
				break;
			}
		}
		if (t->pending_cr) {
			t->pending_cr = 0;
			if (t->dec[t->dpos] == '\n') {
				t->dpos++;
				continue;
			}
		}
		p = t->dec + t->dpos;
		avail = t->dlen - t->dpos;
		k = strcspn(p, "\r\n");	/* dec holds no NUL but its terminator */
		if (k == avail) {
			line_add(t, p, k);
			partial = 1;
			t->dpos = t->dlen;
			continue;
		}
		t->pending_cr = p[k] == '\r';
		t->dpos += k + 1;
		if (partial) {
			line_add(t, p, k);
			break;
		}
		/* The whole line is in this block: hand it out in place. */
		*len = cut_len(p, k, t->max_line);
		if (*len < k)
			t->cut++;
		p[*len] = '\0';
		*line = p;
		t->lineno++;
		return 1;
	}
	*line = sb_str(&t->line);
	*len = t->line.len;
	t->lineno++;
	return 1;
}

long
textin_lineno(const struct textin *t)
{
	return t->lineno;
}

long
textin_read(struct textin *t, char *buf, size_t n)
{
	size_t k;
	int r;

	if (n == 0)
		return 0;
	if (t->dpos == t->dlen && (r = fill(t)) <= 0)
		return r;
	k = t->dlen - t->dpos;
	if (k > n)
		k = n;
	if (k > (size_t)0x7FFFFFFF)
		k = 0x7FFFFFFF;
	memcpy(buf, t->dec + t->dpos, k);
	t->dpos += k;
	return (long)k;
}

uint64_t
textin_bytes_in(const struct textin *t)
{
	return t->bytes_in;
}

uint64_t
textin_replacements(const struct textin *t)
{
	return t->repl;
}

uint64_t
textin_cut_lines(const struct textin *t)
{
	return t->cut;
}

const char *
textin_error(const struct textin *t)
{
	const char *m = NULL;

	if (!t->err)
		return NULL;
	if (t->src.errmsg != NULL)
		m = t->src.errmsg(t->src.ctx);
	return m ? m : "read error";
}
