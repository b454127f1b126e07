/* A guarded libxml2 SAX2 push parse of one entry's decoded text (see xmlstream.h). */
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include "xml_guard.h"
#include "xmlstream.h"

#define CHUNK		65536		/* bytes handed to libxml2 at a time */
#define PREFIX_MIN	1024		/* bytes gathered to see an XML declaration whole */
#define TAG_MAX		(64 * 1024)	/* bytes of one markup construct <...> */
#define TAG_EQ_MAX	256		/* '=' in one construct: libxml2 is quadratic in them */

struct xs {
	struct parse_ctx *ctx;
	xmlParserCtxtPtr px;
	struct xml_guard guard;		/* DOCTYPE and construct bounds, before libxml2 */
	int fatal;
	int err_line;
	char err[200];
};

/* libxml2 hands the structured error handler the handlers' user data, which is the
 * caller's: errors are read back from the context instead, and this keeps them off stderr. */
static void
quiet(void *ud, xmlstream_error err)
{
	(void)ud;
	(void)err;
}

/* 1 after a fatal error, with its line and message kept. */
static int
failed(struct xs *st)
{
	const xmlError *err = xmlCtxtGetLastError(st->px);
	size_t n;

	if (st->fatal)
		return 1;
	if (err == NULL || err->level != XML_ERR_FATAL)
		return 0;
	st->fatal = 1;
	st->err_line = err->line;
	snprintf(st->err, sizeof st->err, "%s", err->message ? err->message : "parse error");
	n = strlen(st->err);
	while (n > 0 && (st->err[n - 1] == '\n' || st->err[n - 1] == ' '))
		st->err[--n] = '\0';
	return 1;
}

static int
feed(struct xs *st, const char *p, size_t n, int terminate)
{
	const char *why = NULL;
	size_t ok = n > 0 ? xml_guard(&st->guard, p, n, &why) : 0;

	if (ok > 0 || why == NULL)
		xmlParseChunk(st->px, p, (int)ok, why ? 0 : terminate);
	if (failed(st)) {
		parse_note(st->ctx, "XML error at line %d: %s", st->err_line, st->err);
		return -1;
	}
	if (why) {
		parse_note(st->ctx, "%s", why);
		return -1;
	}
	return 0;
}

/* The start of the document, without a BOM and with the declaration replaced by its line
 * ends. */
static int
feed_prefix(struct xs *st, const char *p, size_t n)
{
	const char *end = p + n, *q, *decl;
	char nl[PREFIX_MIN];
	size_t k = 0;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (q = p; q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'); q++)
		;
	if (end - q > 6 && memcmp(q, "<?xml", 5) == 0 && (q[5] == ' ' || q[5] == '\t' ||
	    q[5] == '\r' || q[5] == '\n' || q[5] == '?') &&
	    (decl = mt_memmem(q, (size_t)(end - q), "?>", 2)) != NULL) {
		for (; p < decl + 2; p++)
			if (*p == '\n' && k < sizeof nl)
				nl[k++] = '\n';
		if (k > 0 && feed(st, nl, k, 0) != 0)
			return -1;
	}
	return feed(st, p, (size_t)(end - p), 0);
}

int
xmlstream_run(struct parse_ctx *ctx, xmlSAXHandler *sax, void *ud, xmlParserCtxtPtr *pxp)
{
	struct xs st;
	struct strbuf pre = STRBUF_INIT;
	char *buf;
	long got = 0;
	int rc = 0;

	memset(&st, 0, sizeof st);
	st.ctx = ctx;
	xml_guard_init(&st.guard, TAG_MAX, TAG_EQ_MAX);
	sax->initialized = XML_SAX2_MAGIC;
	sax->serror = quiet;
	xmlInitParser();
	st.px = xmlCreatePushParserCtxt(sax, ud, NULL, 0, NULL);
	if (st.px == NULL) {
		parse_note(ctx, "XML parser could not be created");
		return -1;
	}
	*pxp = st.px;
	/* No entity substitution, no DTD loading, no network; the decoder made it UTF-8. */
	xmlCtxtUseOptions(st.px, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);
	buf = xmalloc(CHUNK);
	while (pre.len < PREFIX_MIN && (got = textin_read(ctx->in, buf, CHUNK)) > 0)
		sb_add(&pre, buf, (size_t)got);
	if (got >= 0 && feed_prefix(&st, sb_str(&pre), pre.len) != 0)
		rc = -1;
	while (rc == 0 && got > 0 && (got = textin_read(ctx->in, buf, CHUNK)) > 0)
		if (feed(&st, buf, (size_t)got, 0) != 0)
			rc = -1;
	if (rc == 0 && got < 0)
		rc = parse_read_error(ctx);
	if (rc == 0 && feed(&st, NULL, 0, 1) != 0)
		rc = -1;
	xmlFreeParserCtxt(st.px);
	*pxp = NULL;
	free(buf);
	sb_free(&pre);
	return rc;
}

int
xmlstream_head_is_xml(const char *head, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
	    head[i] == '\n'))
		i++;
	return i < len && head[i] == '<';
}
