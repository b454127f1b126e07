/* Parser for the agent's CBSettings.xml, whose layout is not published: every leaf element
 * with text and every attribute becomes one `mars.settings` record, by element path. */
#include <string.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include "parsers_xml.h"
#include "xmlstream.h"

#define EVENTS_NS	"http://schemas.microsoft.com/win/2004/08/events/event"
#define LEAF_MAX	2000		/* records per entry */
#define VALUE_MAX	4096		/* bytes of one value */
#define NAME_MAX_LEN	256		/* bytes of one element or attribute name */
#define PATH_MAX_LEN	1024		/* bytes of the element path */
#define DEPTH_MAX	64		/* elements whose path start is remembered */
#define BID_SETTINGS	16		/* low: event XML and msinfo exports win */

struct cbs {
	struct parse_ctx *ctx;
	xmlParserCtxtPtr px;
	struct strbuf path;		/* "CBSettings/ScratchLocation" */
	size_t at[DEPTH_MAX];		/* path length before each open element */
	int depth;
	int had_child;			/* the innermost element has a child element */
	long line;			/* line of the innermost element's start */
	struct strbuf text;		/* its text, up to VALUE_MAX */
	unsigned long nleaves;
	unsigned long cut;		/* values cut at VALUE_MAX */
	int full;			/* LEAF_MAX reached */
};

static void
emit(struct cbs *st, const char *name, size_t nn, const char *v, size_t n, long line)
{
	struct parse_ctx *ctx = st->ctx;
	struct strbuf ex = STRBUF_INIT;

	if (st->nleaves >= LEAF_MAX) {
		st->full = 1;
		return;
	}
	st->nleaves++;
	trim_span(&v, &n);
	if (n > VALUE_MAX) {
		n = parse_utf8_cut(v, n, VALUE_MAX);
		st->cut++;
	}
	record_begin(&ctx->rec, "mars.settings", ctx->entry, line);
	record_set(&ctx->rec, "path", sb_str(&st->path), st->path.len);
	record_set(&ctx->rec, "name", name, nn);
	record_set(&ctx->rec, "value", v, n);
	sb_add(&ex, sb_str(&st->path), st->path.len);
	if (name[0] == '@') {
		sb_addc(&ex, '/');
		sb_add(&ex, name, nn);
	}
	sb_adds(&ex, " = ");
	sb_add(&ex, v, parse_utf8_cut(v, n, 512));
	record_set_excerpt(&ctx->rec, sb_str(&ex), ex.len);
	sb_free(&ex);
	parse_emit(ctx);
}

static void
on_start(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
    int nb_ns, const xmlChar **ns, int nb_attrs, int nb_defaulted, const xmlChar **attrs)
{
	struct cbs *st = ud;
	char an[NAME_MAX_LEN + 2];
	size_t n = strlen((const char *)localname), len;
	int i;

	(void)prefix;
	(void)uri;
	(void)nb_ns;
	(void)ns;
	(void)nb_defaulted;
	if (st->depth < DEPTH_MAX)
		st->at[st->depth] = st->path.len;
	st->depth++;
	n = parse_utf8_cut((const char *)localname, n, NAME_MAX_LEN);
	if (st->path.len + 1 + n <= PATH_MAX_LEN) {
		if (st->path.len > 0)
			sb_addc(&st->path, '/');
		sb_add(&st->path, (const char *)localname, n);
	}
	st->had_child = 0;
	st->line = xmlSAX2GetLineNumber(st->px);
	sb_reset(&st->text);
	for (i = 0; i < nb_attrs; i++, attrs += 5) {
		len = parse_utf8_cut((const char *)attrs[0], strlen((const char *)attrs[0]),
		    NAME_MAX_LEN);
		an[0] = '@';
		memcpy(an + 1, attrs[0], len);
		an[len + 1] = '\0';
		emit(st, an, len + 1, (const char *)attrs[3], (size_t)(attrs[4] - attrs[3]),
		    st->line);
	}
}

static void
on_chars(void *ud, const xmlChar *ch, int len)
{
	struct cbs *st = ud;
	size_t n = (size_t)len;

	if (len <= 0 || st->had_child || st->text.len > VALUE_MAX)
		return;
	/* One byte past the bound is kept, so a cut value is known to be cut. */
	if (st->text.len + n > VALUE_MAX + 1)
		n = VALUE_MAX + 1 - st->text.len;
	sb_add(&st->text, (const char *)ch, n);
}

static void
on_end(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct cbs *st = ud;
	const char *v = sb_str(&st->text), *name;
	size_t n = st->text.len;

	(void)prefix;
	(void)uri;
	while (n > 0 && (*v == '\r' || *v == '\n' || *v == ' ' || *v == '\t'))
		v++, n--;
	while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' ||
	    v[n - 1] == '\t'))
		n--;
	if (!st->had_child && n > 0) {
		name = (const char *)localname;
		emit(st, name, parse_utf8_cut(name, strlen(name), NAME_MAX_LEN), v, n,
		    st->line);
	}
	sb_reset(&st->text);
	st->had_child = 1;	/* the parent now has a child */
	if (st->depth > 0)
		st->depth--;
	if (st->depth < DEPTH_MAX) {
		st->path.len = st->at[st->depth];
		if (st->path.s)
			st->path.s[st->path.len] = '\0';
	}
}

static int
cbsettings_parse(struct parse_ctx *ctx)
{
	xmlSAXHandler sax;
	struct cbs st;
	int rc;

	memset(&st, 0, sizeof st);
	st.ctx = ctx;
	memset(&sax, 0, sizeof sax);
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_chars;
	sax.cdataBlock = on_chars;
	rc = xmlstream_run(ctx, &sax, &st, &st.px);
	if (rc == 0 && (st.full || st.cut))
		parse_note(ctx, "%s%s%s", st.full ? "settings after the first 2000 dropped" : "",
		    st.full && st.cut ? "; " : "", st.cut ? "values cut at 4 KiB" : "");
	sb_free(&st.path);
	sb_free(&st.text);
	return rc;
}

static const char *const cbsettings_globs[] = {
	"CBSettings*.xml", NULL
};

static int
cbsettings_bid(const char *name, const char *head, size_t headlen)
{
	if (name == NULL || !glob_match(cbsettings_globs[0], parse_basename(name)))
		return 0;
	if (!xmlstream_head_is_xml(head, headlen) ||
	    mt_memmem(head, headlen, EVENTS_NS, strlen(EVENTS_NS)) != NULL ||
	    mt_memmem(head, headlen, "<MsInfo", 7) != NULL)
		return 0;
	return BID_SETTINGS;
}

const struct parser parser_cbsettings = {
	"mars.settings",
	"MARS agent settings file (CBSettings.xml)",
	cbsettings_globs,
	cbsettings_bid,
	cbsettings_parse
};
