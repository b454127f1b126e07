/* The markup guard of the XML readers (xml_guard.h): refuses a DOCTYPE and markup
 * constructs too large for libxml2 before it sees a byte. */
#include <string.h>
#include "xml_guard.h"
#include "util.h"

void
xml_guard_init(struct xml_guard *g, size_t tag_max, size_t eq_max)
{
	memset(g, 0, sizeof *g);
	g->tag_max = tag_max;
	g->eq_max = eq_max;
}

/* Offset in the chunk of the first "<!DOCTYPE", n if none; the tail of the previous chunk
 * joined to the head of this one counts too (then 0). Updates the tail. */
static size_t
doctype_at(struct xml_guard *g, const char *p, size_t n)
{
	const char *d, *end = p + n;
	char edge[16];
	size_t k, stop = n;

	k = n < 8 ? n : 8;
	memcpy(edge, g->tail, g->taillen);
	memcpy(edge + g->taillen, p, k);
	if (ascii_casestr(edge, g->taillen + k, "<!DOCTYPE"))
		stop = 0;
	else	/* '!' is rare in event XML: find it, then look around it */
		for (d = p + 1; d < end && (d = memchr(d, '!', (size_t)(end - d))) != NULL; d++)
			if (d[-1] == '<' && (size_t)(end - d) >= 8 &&
			    ascii_ncasecmp(d + 1, "DOCTYPE", 7) == 0) {
				stop = (size_t)(d - 1 - p);
				break;
			}
	if (n >= 8) {
		memcpy(g->tail, p + n - 8, 8);
		g->taillen = 8;
	} else {
		k = g->taillen + n > 8 ? g->taillen + n - 8 : 0;
		g->taillen = g->taillen + n - k;
		memmove(g->tail, edge + k, g->taillen);
	}
	return stop;
}

static size_t
count_eq(const char *p, const char *end)
{
	size_t k = 0;

	for (; p < end; p++)
		k += *p == '=';
	return k;
}

/*
 * Construct by construct with memchr over [q, end): text up to '<', then the construct up
 * to its '>' (or a '<' that starts another). The '=' are counted only in a construct long
 * enough to hold too many, or cut by end (so the count carried over is exact). Both counts
 * only grow, so checking them per run gives the verdict of checking them per byte.
 * *tag_at is the chunk offset of the last '<' seen (base is the chunk). Returns 1 when a
 * construct is too large.
 */
static int
scan_slow(struct xml_guard *g, const char *base, const char *q, const char *end,
    size_t *tag_at)
{
	const char *d, *gt, *lt;
	size_t len;

	while (q < end) {
		if (!g->in_tag) {
			if ((q = memchr(q, '<', (size_t)(end - q))) == NULL)
				break;
			g->in_tag = 1;
			g->tag_len = g->tag_eq = 0;
			*tag_at = (size_t)(q - base);
			q++;
			continue;
		}
		gt = memchr(q, '>', (size_t)(end - q));
		lt = memchr(q, '<', (size_t)((gt ? gt : end) - q));
		d = lt ? lt : gt ? gt : end;
		len = (size_t)(d - q);
		if (d == end || g->tag_len + len > g->eq_max)
			g->tag_eq += count_eq(q, d);
		g->tag_len += len;
		if (g->tag_len > g->tag_max || g->tag_eq > g->eq_max)
			return 1;
		if (d == end)
			break;
		if (*d == '>')
			g->in_tag = 0;
		else {
			g->tag_len = g->tag_eq = 0;
			*tag_at = (size_t)(d - base);
		}
		q = d + 1;
	}
	return 0;
}

/* A run [q, end) that cannot reach a bound (see xml_guard): only the state at its end
 * matters, and the last '<' or '>' in it gives that. */
static void
scan_fast(struct xml_guard *g, const char *base, const char *q, const char *end,
    size_t *tag_at)
{
	const char *e = end;

	while (e > q && e[-1] != '<' && e[-1] != '>')
		e--;
	if (e == q) {		/* neither: the run continues what came before */
		if (g->in_tag) {
			g->tag_len += (size_t)(end - q);
			g->tag_eq += count_eq(q, end);
		}
	} else if (e[-1] == '>')
		g->in_tag = 0;
	else {
		g->in_tag = 1;
		g->tag_len = (size_t)(end - e);
		g->tag_eq = count_eq(e, end);
		*tag_at = (size_t)(e - 1 - base);
	}
}

/*
 * The chunk goes in runs no longer than the room left under both bounds by the construct
 * the run continues (a run cannot hold more '=' than bytes): no construct in such a run can
 * pass a bound, so scan_fast, without a search, is enough. Only a construct already at a
 * bound leaves no room; scan_slow then takes the rest of the chunk.
 */
size_t
xml_guard(struct xml_guard *g, const char *p, size_t n, const char **why)
{
	const char *q, *end;
	size_t stop, run, tag_at = 0, room, eq_room;

	*why = NULL;
	stop = doctype_at(g, p, n);
	if (stop < n)
		*why = "DOCTYPE refused";
	end = p + stop;
	for (q = p; q < end; q += run) {
		room = g->in_tag ? g->tag_max - g->tag_len : g->tag_max;
		eq_room = g->in_tag ? g->eq_max - g->tag_eq : g->eq_max;
		if (eq_room < room)
			room = eq_room;
		run = (size_t)(end - q) < room ? (size_t)(end - q) : room;
		if (run > 0)
			scan_fast(g, p, q, q + run, &tag_at);
		else {
			run = (size_t)(end - q);
			if (scan_slow(g, p, q, q + run, &tag_at)) {
				*why = "markup construct too large refused";
				return tag_at;
			}
		}
	}
	return stop;
}
