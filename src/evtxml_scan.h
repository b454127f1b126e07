/* A scanner for the plain shape of event XML exports, in front of libxml2: it hands a
 * document's events to the SAX2 callbacks as libxml2 would, and gives up, for libxml2 to
 * take over, at the first thing it does not fully understand. */
#ifndef MT_EVTXML_SCAN_H
#define MT_EVTXML_SCAN_H

#include <stddef.h>
#include <libxml/parser.h>
#include "util.h"

#define EVTXML_SCAN_EVENT_MAX	60000	/* bytes of one event it takes (below TEXT_MAX) */
#define EVTXML_SCAN_CUTS	8	/* chunk boundaries kept in what is pending */

struct evtxml_scan {
	const xmlSAXHandler *sax;	/* startElementNs, endElementNs, characters */
	void *ud;
	void (*undo)(void *ud);
	size_t nl;			/* '\n' taken so far: line = 1 + nl */
	int events_open;		/* inside an <Events> */
	size_t events_nl;		/* nl before that <Events> */
	long line;			/* the line libxml2 would give at the current start */
	struct strbuf pend;		/* bytes taken but not scanned yet (an unfinished item) */
	size_t cut[EVTXML_SCAN_CUTS];	/* where in pend the chunks given began */
	size_t ncut;
};

/* 1 unless a test wants libxml2 alone, to compare the two. */
extern int evtxml_scan_enabled;

/* The callbacks for an event are made as it is scanned; when it turns out unfinished or
 * not for the scanner, undo(ud) is called: what they did for it must count for nothing
 * (libxml2, or the scanner with more bytes, will make them again from its start). */
void evtxml_scan_init(struct evtxml_scan *sc, const xmlSAXHandler *sax, void *ud,
    void (*undo)(void *ud));
/* Scans the next chunk of the document (after "<mt-root>"), calling the callbacks for
 * every whole event in it. 0: go on; -1: the scanner gives up, and the caller must hand
 * libxml2 (fed only "<mt-root>" so far) the chunks of evtxml_scan_replay, then the rest. */
int evtxml_scan_push(struct evtxml_scan *sc, const char *p, size_t n);
/* 1 when nothing is pending and no <Events> is open: the document may end here. */
int evtxml_scan_idle(const struct evtxml_scan *sc);
/* The bytes that bring libxml2 to the state the scanner stopped in: newlines and any open
 * <Events> on their lines, then the pending bytes, in the chunks they came in. Calls
 * put(ctx, p, n) for each; stops at its first nonzero return. */
int evtxml_scan_replay(struct evtxml_scan *sc, int (*put)(void *ctx, const char *p, size_t n),
    void *ctx);
void evtxml_scan_free(struct evtxml_scan *sc);

#endif
