/* A guarded libxml2 SAX2 push parse of one entry's decoded text, shared by the parsers of
 * small XML documents (msinfo32 exports, agent settings). */
#ifndef MT_XMLSTREAM_H
#define MT_XMLSTREAM_H

#include <libxml/parser.h>
#include "parser.h"

#if LIBXML_VERSION >= 21200
typedef const xmlError *xmlstream_error;
#else
typedef xmlErrorPtr xmlstream_error;
#endif

/*
 * Streams ctx->in through libxml2 with the handlers of sax and user data ud (sax->serror is
 * replaced: a fatal error ends the parse and is noted). Before libxml2 sees a byte, a
 * DOCTYPE is refused and so is a markup construct longer than 64 KiB or with more than 256
 * '='; the XML declaration is cut out (the text is UTF-8 now), keeping its line ends. *pxp
 * is set to the parser context before the first byte is parsed, for line numbers. Returns 0
 * when the whole document was read, -1 when it stopped early (ctx->note says why; handlers
 * already ran for what came before).
 */
int xmlstream_run(struct parse_ctx *ctx, xmlSAXHandler *sax, void *ud,
    xmlParserCtxtPtr *pxp);

/* The head without a BOM and leading white space starts with '<'. */
int xmlstream_head_is_xml(const char *head, size_t len);

#endif
