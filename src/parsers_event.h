/* The parsers for raw and text event logs, transcripts of several commands and agent version
 * listings, and the entry points into the event XML parser they share. */
#ifndef MT_PARSERS_EVENT_H
#define MT_PARSERS_EVENT_H

#include <stddef.h>
#include "parser.h"

extern const struct parser parser_evtx;		/* raw .evtx files (libevtx) */
extern const struct parser parser_evtext;	/* Event Viewer CSV/TXT, copied details,
						 * wevtutil /f:text */
extern const struct parser parser_transcript;	/* several command outputs in one file */
extern const struct parser parser_agent;	/* MARS agent version listings */

/* Raw bid of parser_evtx: the "ElfFile" file header. */
int evtx_bid_raw(const char *name, const unsigned char *head, size_t len);
/* 1 when the evtx parser was built with libevtx. */
int evtx_supported(void);

/* Parses one event's XML held in memory (a record of a .evtx file, the XML part of copied
 * event details) and emits it as an `event` record whose line is line (0: none). Returns 1
 * when an event was emitted, 0 when the XML held none, -1 when it is not well-formed (nothing
 * is emitted then, and ctx->note is left alone). */
int evtxml_parse_buffer(struct parse_ctx *ctx, const char *xml, size_t len, long line);

/* The agent version in free text: a four-part version "2.0.9277.0" after a word
 * "version" (any case) within the span. Returns its length and sets *at, or 0. */
size_t agent_version_in(const char *s, size_t n, const char **at);
/* 1 when the span is exactly a version of three or four numbers ("2.0.9277.0"). */
int agent_is_version(const char *s, size_t n);
/* Emits an `agent` record (version, source) at line of ctx's entry with the excerpt given
 * (NULL: none), overwriting ctx->rec. */
void agent_emit(struct parse_ctx *ctx, const char *version, size_t n, const char *source,
    long line, const char *excerpt, size_t elen);

#endif
