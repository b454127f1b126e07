/* A scanner for the plain shape of event XML exports (evtxml_scan.h): whole events of
 * ASCII-named elements, quoted attributes without references, text with the predefined
 * entities and character references; anything else gives up to libxml2. */
#include <string.h>
#include "evtxml_scan.h"

#define NAME_LEN	128	/* bytes of an element or attribute name */
#define ATTRS_MAX	32	/* attributes of one element, xmlns included */
#define DEPTH_MAX	64	/* elements open in one event */

#define MORE	0	/* the event goes on past the bytes at hand */
#define BAD	(-1)	/* not for this scanner */

int evtxml_scan_enabled = 1;

/* One pass over one event, calling the callbacks as it goes. */
struct pass {
	struct evtxml_scan *sc;
	const char *base, *p, *end;
	size_t nl;
};

/* Byte classes: C_PLAIN text taken as is (printable ASCII and tab, less '&', '<', '>'),
 * C_NAME a name's bytes, C_START its first, C_BLANK blanks, C_VALUE an attribute value's
 * plain bytes (not '<', '&', controls). */
enum { C_PLAIN = 1, C_NAME = 2, C_START = 4, C_BLANK = 8, C_VALUE = 16 };
static const unsigned char cls[256] = {
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  9,  8,  0,  0,  8,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	25, 17, 17, 17, 17, 17,  0, 17, 17, 17, 17, 17, 17, 19, 19, 17,
	19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 17, 17,  0, 17, 16, 17,
	17, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23,
	23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 17, 17, 17, 17, 23,
	17, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23,
	23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 17, 17, 17, 17, 17,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
};

static int
is_blank(int c)
{
	return cls[c] & C_BLANK;
}

/* Skips blanks, counting newlines; returns how many were skipped. */
static size_t
skip_blanks(struct pass *x)
{
	const char *p0 = x->p;

	while (x->p < x->end && is_blank((unsigned char)*x->p))
		x->nl += *x->p++ == '\n';
	return (size_t)(x->p - p0);
}

/* Length of the UTF-8 character at p (*p >= 0x80) if it is an XML character, BAD if not,
 * MORE if it is cut by end. */
static int
utf8_char(const unsigned char *p, const unsigned char *end)
{
	unsigned lo = 0x80, hi = 0xBF;
	int n, i;

	if (*p < 0xC2 || *p > 0xF4)
		return BAD;
	n = *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
	if (*p == 0xE0)
		lo = 0xA0;
	else if (*p == 0xED)
		hi = 0x9F;
	else if (*p == 0xF0)
		lo = 0x90;
	else if (*p == 0xF4)
		hi = 0x8F;
	for (i = 1; i < n; i++) {
		if (p + i >= end)
			return MORE;
		if (p[i] < (i == 1 ? lo : 0x80) || p[i] > (i == 1 ? hi : 0xBF))
			return BAD;
	}
	if (n == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)
		return BAD;	/* U+FFFE, U+FFFF */
	return n;
}

/* A name at x->p: its length, BAD, or MORE. */
static int
name(struct pass *x)
{
	const char *p = x->p;

	if (p >= x->end)
		return MORE;
	if (!(cls[(unsigned char)*p] & C_START))
		return BAD;
	while (p < x->end && (cls[(unsigned char)*p] & C_NAME))
		p++;
	if (p == x->end)
		return MORE;
	if (p - x->p > NAME_LEN)
		return BAD;
	return (int)(p - x->p);
}

/* A reference in text at x->p ('&'): its bytes into out[4], their count, BAD or MORE. */
static int
reference(struct pass *x, char *out, size_t *used)
{
	static const struct {
		const char *s;
		char c;
	} ent[] = {{"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}};
	const char *p = x->p + 1, *semi;
	unsigned long v = 0;
	size_t i, k;
	int hex;

	for (semi = p; semi < x->end && semi - p < 10 && *semi != ';'; semi++)
		;
	if (semi == x->end)
		return MORE;
	if (*semi != ';')
		return BAD;
	*used = (size_t)(semi + 1 - x->p);
	if (*p != '#') {
		for (i = 0; i < sizeof ent / sizeof ent[0]; i++)
			if ((size_t)(semi + 1 - p) == strlen(ent[i].s) &&
			    memcmp(p, ent[i].s, strlen(ent[i].s)) == 0) {
				out[0] = ent[i].c;
				return 1;
			}
		return BAD;
	}
	hex = p[1] == 'x';
	p += 1 + hex;
	if (p == semi || semi - p > 7)
		return BAD;
	for (; p < semi; p++) {
		if (*p >= '0' && *p <= '9')
			v = v * (hex ? 16 : 10) + (unsigned long)(*p - '0');
		else if (hex && (*p | 0x20) >= 'a' && (*p | 0x20) <= 'f')
			v = v * 16 + (unsigned long)((*p | 0x20) - 'a' + 10);
		else
			return BAD;
	}
	/* XML characters, less the controls (kept for libxml2 to judge). */
	if (v < 0x20 || (v >= 0xD800 && v < 0xE000) || v == 0xFFFE || v == 0xFFFF ||
	    v > 0x10FFFF)
		return BAD;
	if (v < 0x80) {
		out[0] = (char)v;
		k = 1;
	} else if (v < 0x800) {
		out[0] = (char)(0xC0 | v >> 6);
		out[1] = (char)(0x80 | (v & 0x3F));
		k = 2;
	} else if (v < 0x10000) {
		out[0] = (char)(0xE0 | v >> 12);
		out[1] = (char)(0x80 | (v >> 6 & 0x3F));
		out[2] = (char)(0x80 | (v & 0x3F));
		k = 3;
	} else {
		out[0] = (char)(0xF0 | v >> 18);
		out[1] = (char)(0x80 | (v >> 12 & 0x3F));
		out[2] = (char)(0x80 | (v >> 6 & 0x3F));
		out[3] = (char)(0x80 | (v & 0x3F));
		k = 4;
	}
	return (int)k;
}

static void
chars(struct pass *x, const char *p, size_t n)
{
	if (n > 0 && x->sc->sax->characters)
		x->sc->sax->characters(x->sc->ud, (const xmlChar *)p, (int)n);
}

/* Text up to the next '<': a line end "\r\n" goes as "\n", as libxml2 gives it. */
static int
text(struct pass *x)
{
	const char *run = x->p;
	char out[4];
	size_t used;
	int c, k;

	while (x->p < x->end) {
		while (x->p < x->end && (cls[(unsigned char)*x->p] & C_PLAIN))
			x->p++;
		if (x->p == x->end)
			break;
		c = (unsigned char)*x->p;
		if (c == '<')
			break;
		if (c == '\n') {
			x->nl++;
			x->p++;
		} else if (c == '>') {
			if (x->p[-1] == ']' && x->p[-2] == ']')
				return BAD;	/* "]]>" */
			x->p++;
		} else if (c == '\r') {
			if (x->p + 1 >= x->end)
				return MORE;
			if (x->p[1] != '\n')
				return BAD;
			chars(x, run, (size_t)(x->p - run));
			run = ++x->p;
		} else if (c == '&') {
			if ((k = reference(x, out, &used)) <= 0)
				return k;
			chars(x, run, (size_t)(x->p - run));
			chars(x, out, (size_t)k);
			x->p += used;
			run = x->p;
		} else if (c >= 0x80) {
			if ((k = utf8_char((const unsigned char *)x->p,
			    (const unsigned char *)x->end)) <= 0)
				return k;
			x->p += k;
		} else
			return BAD;
	}
	if (x->p == x->end)
		return MORE;
	chars(x, run, (size_t)(x->p - run));
	return 1;
}

/* An attribute value at x->p (the quote): plain characters only. */
static int
value(struct pass *x, const char **v, size_t *n)
{
	char q = *x->p;
	const char *p;
	int k;

	if (q != '"' && q != '\'')
		return BAD;
	for (p = x->p + 1; p < x->end && *p != q;) {
		if (cls[(unsigned char)*p] & C_VALUE)
			p++;
		else if ((unsigned char)*p < 0x80)
			return BAD;	/* '<', '&', a control */
		else {
			if ((k = utf8_char((const unsigned char *)p,
			    (const unsigned char *)x->end)) <= 0)
				return k;
			p += k;
		}
	}
	if (p == x->end)
		return MORE;
	*v = x->p + 1;
	*n = (size_t)(p - *v);
	x->p = p + 1;
	return 1;
}

/* A start tag at x->p ('<' and a name start): 1 (*empty set for "/>"), BAD or MORE. */
static int
start_tag(struct pass *x, const char **el, size_t *ellen, int *empty)
{
	char names[ATTRS_MAX][NAME_LEN + 1], elname[NAME_LEN + 1];
	const xmlChar *attrs[ATTRS_MAX * 5];
	const char *an[ATTRS_MAX], *v;
	size_t anl[ATTRS_MAX], nattr = 0, nall = 0, i, n, blanks;
	int k;

	x->p++;
	if ((k = name(x)) <= 0)
		return k;
	*el = x->p;
	*ellen = (size_t)k;
	x->p += k;
	for (;;) {
		blanks = skip_blanks(x);
		if (x->p >= x->end)
			return MORE;
		if (*x->p == '>') {
			x->p++;
			*empty = 0;
			break;
		}
		if (*x->p == '/') {
			if (x->p + 1 >= x->end)
				return MORE;
			if (x->p[1] != '>')
				return BAD;
			x->p += 2;
			*empty = 1;
			break;
		}
		if (blanks == 0 || nall >= ATTRS_MAX)
			return BAD;
		if ((k = name(x)) <= 0)
			return k;
		an[nall] = x->p;
		anl[nall] = (size_t)k;
		for (i = 0; i < nall; i++)
			if (anl[i] == anl[nall] && memcmp(an[i], an[nall], anl[i]) == 0)
				return BAD;	/* the same attribute twice */
		x->p += k;
		skip_blanks(x);
		if (x->p >= x->end)
			return MORE;
		if (*x->p != '=')
			return BAD;
		x->p++;
		skip_blanks(x);
		if (x->p >= x->end)
			return MORE;
		if ((k = value(x, &v, &n)) <= 0)
			return k;
		nall++;
		if (anl[nall - 1] == 5 && memcmp(an[nall - 1], "xmlns", 5) == 0)
			continue;	/* a namespace, not an attribute */
		memcpy(names[nattr], an[nall - 1], anl[nall - 1]);
		names[nattr][anl[nall - 1]] = '\0';
		attrs[nattr * 5] = (const xmlChar *)names[nattr];
		attrs[nattr * 5 + 1] = NULL;
		attrs[nattr * 5 + 2] = NULL;
		attrs[nattr * 5 + 3] = (const xmlChar *)v;
		attrs[nattr * 5 + 4] = (const xmlChar *)(v + n);
		nattr++;
	}
	memcpy(elname, *el, *ellen);
	elname[*ellen] = '\0';
	x->sc->line = 1 + (long)x->nl;
	if (x->sc->sax->startElementNs)
		x->sc->sax->startElementNs(x->sc->ud, (const xmlChar *)elname, NULL, NULL, 0, NULL,
		    (int)nattr, 0, attrs);
	if (*empty && x->sc->sax->endElementNs)
		x->sc->sax->endElementNs(x->sc->ud, (const xmlChar *)elname, NULL, NULL);
	return 1;
}

/* An end tag at x->p ("</") that must close the element named [el, el + ellen). */
static int
end_tag(struct pass *x, const char *el, size_t ellen)
{
	char elname[NAME_LEN + 1];
	int k;

	x->p += 2;
	if ((k = name(x)) <= 0)
		return k;
	if ((size_t)k != ellen || memcmp(x->p, el, ellen) != 0)
		return BAD;
	x->p += k;
	skip_blanks(x);
	if (x->p >= x->end)
		return MORE;
	if (*x->p != '>')
		return BAD;
	x->p++;
	if (x->sc->sax->endElementNs) {
		memcpy(elname, el, ellen);
		elname[ellen] = '\0';
		x->sc->sax->endElementNs(x->sc->ud, (const xmlChar *)elname, NULL, NULL);
	}
	return 1;
}

/* One event at x->p ("<Event"): its length, BAD or MORE. */
static long
event(struct pass *x)
{
	const char *el[DEPTH_MAX];
	size_t ellen[DEPTH_MAX], depth = 0;
	int k, empty;

	do {
		if (x->p - x->base > EVTXML_SCAN_EVENT_MAX)
			return BAD;
		if (x->p >= x->end)
			return MORE;
		if (*x->p != '<')
			k = text(x);
		else if (x->p + 1 >= x->end)
			k = MORE;
		else if (x->p[1] == '/') {
			k = depth > 0 ? end_tag(x, el[depth - 1], ellen[depth - 1]) : BAD;
			depth -= k > 0;
		} else if (depth >= DEPTH_MAX)
			k = BAD;
		else {
			k = start_tag(x, &el[depth], &ellen[depth], &empty);
			depth += k > 0 && !empty;
		}
		if (k <= 0)
			return k;
	} while (depth > 0);
	if (x->p - x->base > EVTXML_SCAN_EVENT_MAX)
		return BAD;
	return (long)(x->p - x->base);
}

static int
starts(const char *p, const char *end, const char *s, size_t n)
{
	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/* 1 when [p, end), shorter than s, may be the start of s. */
static int
may_start(const char *p, const char *end, const char *s)
{
	size_t k = (size_t)(end - p);

	return k < strlen(s) && memcmp(p, s, k) == 0;
}

/* Takes the whole items of [*q, end): blanks, <Events>, </Events>, events. 0 when what is
 * left is an unfinished item, BAD when it is not for this scanner. */
static int
items(struct evtxml_scan *sc, const char **q, const char *end)
{
	struct pass x;
	const char *p = *q;
	long len;
	int rc = 0;

	for (;;) {
		while (p < end && is_blank((unsigned char)*p))
			sc->nl += *p++ == '\n';
		*q = p;
		if (p == end)
			break;
		if (starts(p, end, "<Events>", 8)) {
			if (sc->events_open) {
				rc = BAD;
				break;
			}
			sc->events_open = 1;
			sc->events_nl = sc->nl;
			p += 8;
		} else if (starts(p, end, "</Events>", 9)) {
			if (!sc->events_open) {
				rc = BAD;
				break;
			}
			sc->events_open = 0;
			p += 9;
		} else if (end - p > 6 && memcmp(p, "<Event", 6) == 0 &&
		    (is_blank((unsigned char)p[6]) || p[6] == '>' || p[6] == '/')) {
			memset(&x, 0, sizeof x);
			x.sc = sc;
			x.base = x.p = p;
			x.end = end;
			x.nl = sc->nl;
			if ((len = event(&x)) <= 0) {
				if (sc->undo)	/* the callbacks made for it count for nothing */
					sc->undo(sc->ud);
				rc = (int)len;
				break;
			}
			sc->nl = x.nl;
			p += len;
		} else {
			/* Unfinished, but only if it may still become one of the above: the
			 * bytes held back are always a start of what the scanner takes. */
			if (!may_start(p, end, "<Events>") && !may_start(p, end, "</Events>") &&
			    !may_start(p, end, "<Event "))
				rc = BAD;
			break;
		}
	}
	return rc;
}

void
evtxml_scan_init(struct evtxml_scan *sc, const xmlSAXHandler *sax, void *ud,
    void (*undo)(void *ud))
{
	memset(sc, 0, sizeof *sc);
	sc->sax = sax;
	sc->ud = ud;
	sc->undo = undo;
}

int
evtxml_scan_push(struct evtxml_scan *sc, const char *p, size_t n)
{
	const char *q, *end;
	size_t used, i, k;
	int rc;

	if (sc->pend.len > 0) {
		sc->cut[sc->ncut++] = sc->pend.len;
		sb_add(&sc->pend, p, n);
		q = sc->pend.s;
		end = q + sc->pend.len;
	} else {
		q = p;
		end = p + n;
	}
	rc = items(sc, &q, end);
	if (sc->pend.len > 0) {
		/* Drop what was taken from the front of pend, and the cuts in it. */
		used = (size_t)(q - sc->pend.s);
		memmove(sc->pend.s, q, sc->pend.len - used);
		sc->pend.len -= used;
		sc->pend.s[sc->pend.len] = '\0';
		for (i = k = 0; i < sc->ncut; i++)
			if (sc->cut[i] > used && sc->cut[i] - used < sc->pend.len)
				sc->cut[k++] = sc->cut[i] - used;
		sc->ncut = k;
	} else if (q < end)
		sb_add(&sc->pend, q, (size_t)(end - q));
	if (rc < 0 || sc->ncut >= EVTXML_SCAN_CUTS || sc->pend.len > EVTXML_SCAN_EVENT_MAX)
		return -1;
	return 0;
}

int
evtxml_scan_idle(const struct evtxml_scan *sc)
{
	return sc->pend.len == 0 && !sc->events_open;
}

static int
newlines(size_t n, int (*put)(void *ctx, const char *p, size_t n), void *ctx)
{
	static const char nl[] = "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"
	    "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n";
	size_t k;

	for (; n > 0; n -= k) {
		k = n < sizeof nl - 1 ? n : sizeof nl - 1;
		if (put(ctx, nl, k) != 0)
			return -1;
	}
	return 0;
}

int
evtxml_scan_replay(struct evtxml_scan *sc, int (*put)(void *ctx, const char *p, size_t n),
    void *ctx)
{
	size_t i, from = 0;

	if (sc->events_open) {
		if (newlines(sc->events_nl, put, ctx) != 0 || put(ctx, "<Events>", 8) != 0 ||
		    newlines(sc->nl - sc->events_nl, put, ctx) != 0)
			return -1;
	} else if (newlines(sc->nl, put, ctx) != 0)
		return -1;
	for (i = 0; i <= sc->ncut; i++) {
		size_t to = i < sc->ncut ? sc->cut[i] : sc->pend.len;

		if (to > from && put(ctx, sc->pend.s + from, to - from) != 0)
			return -1;
		from = to;
	}
	return 0;
}

void
evtxml_scan_free(struct evtxml_scan *sc)
{
	sb_free(&sc->pend);
}
