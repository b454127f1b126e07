/* Parser for msinfo32 exports (.nfo, XML): the System Summary category becomes one `system`
 * record, as systeminfo's, and an `msinfo.item` record per row it does not map. */
#include <string.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include "parsers_xml.h"
#include "xmlstream.h"

#define BID_MSINFO	48	/* "<MsInfo" in the head */
#define ITEM_MAX	500	/* msinfo.item records per entry */
#define TEXT_MAX	4096	/* bytes of one Item or Value */
#define CATEGORY_MAX	256	/* bytes of the category name */
#define EXCERPT_MAX	512

enum field {
	F_HOST, F_OS_NAME, F_OS_VERSION, F_MANUF, F_MODEL, F_SYSTYPE, F_BIOS, F_TZ,
	F_MEMORY, F_COUNT
};

static const char *const field_name[F_COUNT] = {
	"host", "os_name", "os_version", "manufacturer", "model", "system_type", "bios",
	"time_zone", NULL
};

/* Item names reduced to their lower-case ASCII letters and digits, as parse_systeminfo.c
 * does with its labels, so accents damaged or not, and punctuation, do not matter. */
static const struct {
	const char *key;
	enum field field;
	const char *lang;	/* NULL when shared by several languages */
} items[] = {
	{"systemname", F_HOST, NULL},			/* en, de */
	{"osname", F_OS_NAME, "en"},
	{"version", F_OS_VERSION, NULL},		/* en, de, fr */
	{"systemmanufacturer", F_MANUF, "en"},
	{"systemmodel", F_MODEL, "en"},
	{"systemtype", F_SYSTYPE, "en"},
	{"biosversiondate", F_BIOS, "en"},
	{"timezone", F_TZ, "en"},
	{"installedphysicalmemoryram", F_MEMORY, "en"},
	{"betriebssystemname", F_OS_NAME, "de"},
	{"systemhersteller", F_MANUF, "de"},
	{"systemmodell", F_MODEL, "de"},
	{"systemtyp", F_SYSTYPE, "de"},
	{"biosversiondatum", F_BIOS, "de"},
	{"zeitzone", F_TZ, "de"},
	{"installierterphysischerspeicherram", F_MEMORY, "de"},
	{"nomdusystme", F_HOST, "fr"},
	{"nomdusystmedexploitation", F_OS_NAME, "fr"},
	{"fabricantdusystme", F_MANUF, "fr"},
	{"modledusystme", F_MODEL, "fr"},
	{"typedusystme", F_SYSTYPE, "fr"},
	{"versiondatedubios", F_BIOS, "fr"},
	{"fuseauhoraire", F_TZ, "fr"},
	{"mmoirephysiqueinstalleram", F_MEMORY, "fr"},
};

enum el { EL_NONE, EL_ITEM, EL_VALUE };

struct msi {
	struct parse_ctx *ctx;
	xmlParserCtxtPtr px;
	int cat_depth;			/* Category elements open */
	int in_summary;			/* the first top-level Category is open */
	int summary_seen;
	long summary_line;
	char category[CATEGORY_MAX + 1];
	int in_data;			/* a Data row of the summary is open */
	long data_line;
	enum el el;			/* Item or Value open in that row */
	struct strbuf item, value;
	struct strbuf sys[F_COUNT];	/* values of the system record */
	const char *lang;
	int nsys;
	unsigned long nitems;
	unsigned long dropped;		/* rows past ITEM_MAX */
	int emitted;			/* the system record went out */
};

/* Lower-case ASCII letters and digits of [s, s + n), at most cap - 1 of them. */
static void
reduce(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;
	char c;

	for (i = 0; i < n && o + 1 < cap; i++) {
		c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[o++] = c;
	}
	out[o] = '\0';
}

static int
lookup(struct msi *st, const char *item, size_t n)
{
	char key[64];
	size_t i;

	reduce(item, n, key, sizeof key);
	for (i = 0; i < MT_ARRAY_LEN(items); i++)
		if (strcmp(key, items[i].key) == 0) {
			if (st->lang == NULL && items[i].lang)
				st->lang = items[i].lang;
			return (int)items[i].field;
		}
	return -1;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "10.0.17763 Build 17763" -> "17763": the third part of the version, else the last run of
 * digits. */
static void
set_build(struct record *r, const char *s, size_t n)
{
	size_t i = 0, dots = 0, b, e;

	while (i < n && (is_digit(s[i]) || s[i] == '.')) {
		if (s[i] == '.' && ++dots == 2) {
			for (b = ++i; i < n && is_digit(s[i]); i++)
				;
			if (i > b) {
				record_set(r, "os_build", s + b, i - b);
				return;
			}
			break;
		}
		i++;
	}
	for (e = n; e > 0 && !is_digit(s[e - 1]); e--)
		;
	for (b = e; b > 0 && is_digit(s[b - 1]); b--)
		;
	if (e > b)
		record_set(r, "os_build", s + b, e - b);
}

/* "16.0 GB", "16,0 GB", "4096 MB", "1.00 TB" -> megabytes; -1 when unreadable. */
static long long
memory_mb(const char *s, size_t n)
{
	long long whole = 0, frac = 0, scale = 1, unit;
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	if (i == n || !is_digit(s[i]))
		return -1;
	for (; i < n && is_digit(s[i]) && whole < 100000000; i++)
		whole = whole * 10 + (s[i] - '0');
	if (i < n && (s[i] == '.' || s[i] == ','))
		for (i++; i < n && is_digit(s[i]) && scale < 1000000; i++) {
			frac = frac * 10 + (s[i] - '0');
			scale *= 10;
		}
	while (i < n && s[i] == ' ')
		i++;
	if (n - i >= 2 && ascii_ncasecmp(s + i, "TB", 2) == 0)
		unit = 1024 * 1024;
	else if (n - i >= 2 && ascii_ncasecmp(s + i, "GB", 2) == 0)
		unit = 1024;
	else if (n - i >= 2 && ascii_ncasecmp(s + i, "MB", 2) == 0)
		unit = 1;
	else
		return -1;
	return whole * unit + frac * unit / scale;
}

static void
system_emit(struct msi *st)
{
	struct parse_ctx *ctx = st->ctx;
	struct record *r = &ctx->rec;
	struct strbuf ex = STRBUF_INIT;
	long long mb;
	int f;

	if (st->emitted || st->nsys == 0)
		return;
	st->emitted = 1;
	record_begin(r, "system", ctx->entry, st->summary_line);
	for (f = 0; f < F_COUNT; f++) {
		if (st->sys[f].len == 0)
			continue;
		if (f == F_MEMORY) {
			if ((mb = memory_mb(st->sys[f].s, st->sys[f].len)) >= 0)
				record_setf(r, "total_memory_mb", "%lld", mb);
			continue;
		}
		record_set(r, field_name[f], st->sys[f].s, st->sys[f].len);
		if (f == F_OS_NAME)
			record_sets(r, "is_server",
			    ascii_casestr(st->sys[f].s, st->sys[f].len, "server") ? "yes" : "no");
		else if (f == F_OS_VERSION)
			set_build(r, st->sys[f].s, st->sys[f].len);
	}
	record_sets(r, "label_language", st->lang ? st->lang : "en");
	record_sets(r, "source", "msinfo32");
	sb_adds(&ex, st->category[0] ? st->category : "System Summary");
	if (st->sys[F_HOST].len) {
		sb_adds(&ex, ": ");
		sb_add(&ex, st->sys[F_HOST].s, st->sys[F_HOST].len);
	}
	if (st->sys[F_OS_NAME].len) {
		sb_adds(&ex, ", ");
		sb_add(&ex, st->sys[F_OS_NAME].s, st->sys[F_OS_NAME].len);
	}
	record_set_excerpt(r, ex.s, parse_utf8_cut(ex.s, ex.len, EXCERPT_MAX));
	sb_free(&ex);
	parse_emit(ctx);
}

static void
span_trim(const char **v, size_t *n)
{
	while (*n > 0 && (**v == ' ' || **v == '\t' || **v == '\r' || **v == '\n')) {
		(*v)++;
		(*n)--;
	}
	while (*n > 0 && ((*v)[*n - 1] == ' ' || (*v)[*n - 1] == '\t' ||
	    (*v)[*n - 1] == '\r' || (*v)[*n - 1] == '\n'))
		(*n)--;
}

static void
row_end(struct msi *st)
{
	struct parse_ctx *ctx = st->ctx;
	struct strbuf ex = STRBUF_INIT;
	const char *it = sb_str(&st->item), *v = sb_str(&st->value);
	size_t in = st->item.len, vn = st->value.len;
	int f;

	span_trim(&it, &in);
	span_trim(&v, &vn);
	in = parse_utf8_cut(it, in, TEXT_MAX);
	vn = parse_utf8_cut(v, vn, TEXT_MAX);
	if (in == 0)
		return;
	f = lookup(st, it, in);
	if (f < 0 && st->sys[F_OS_NAME].len == 0 && has_prefix(v, vn, "Microsoft Windows"))
		f = F_OS_NAME;	/* an item name of a language not in the table */
	if (f >= 0) {
		if (st->sys[f].len == 0 && vn > 0) {
			sb_add(&st->sys[f], v, vn);
			st->nsys++;
		}
		return;
	}
	if (st->nitems >= ITEM_MAX) {
		st->dropped++;
		return;
	}
	st->nitems++;
	record_begin(&ctx->rec, "msinfo.item", ctx->entry, st->data_line);
	record_sets(&ctx->rec, "category", st->category);
	record_set(&ctx->rec, "item", it, in);
	record_set(&ctx->rec, "value", v, vn);
	sb_add(&ex, it, in);
	sb_adds(&ex, ": ");
	sb_add(&ex, v, vn);
	record_set_excerpt(&ctx->rec, ex.s, parse_utf8_cut(ex.s, ex.len, EXCERPT_MAX));
	sb_free(&ex);
	parse_emit(ctx);
}

static int
eq(const xmlChar *a, const char *b)
{
	return strcmp((const char *)a, b) == 0;
}

static void
on_start(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
    int nb_ns, const xmlChar **ns, int nb_attrs, int nb_defaulted, const xmlChar **attrs)
{
	struct msi *st = ud;
	size_t n;
	int i;

	(void)prefix;
	(void)uri;
	(void)nb_ns;
	(void)ns;
	(void)nb_defaulted;
	if (eq(localname, "Category")) {
		if (++st->cat_depth == 1 && !st->summary_seen) {
			st->summary_seen = st->in_summary = 1;
			st->summary_line = xmlSAX2GetLineNumber(st->px);
			for (i = 0; i < nb_attrs; i++, attrs += 5)
				if (ascii_casecmp((const char *)attrs[0], "name") == 0) {
					n = parse_utf8_cut((const char *)attrs[3],
					    (size_t)(attrs[4] - attrs[3]), CATEGORY_MAX);
					memcpy(st->category, attrs[3], n);
					st->category[n] = '\0';
				}
		}
		return;
	}
	if (!st->in_summary || st->cat_depth != 1)
		return;
	if (eq(localname, "Data")) {
		st->in_data = 1;
		st->data_line = xmlSAX2GetLineNumber(st->px);
		sb_reset(&st->item);
		sb_reset(&st->value);
		st->el = EL_NONE;
	} else if (st->in_data && eq(localname, "Item"))
		st->el = EL_ITEM;
	else if (st->in_data && eq(localname, "Value"))
		st->el = EL_VALUE;
}

static void
on_chars(void *ud, const xmlChar *ch, int len)
{
	struct msi *st = ud;
	struct strbuf *sb;
	size_t n = (size_t)len;

	if (len <= 0 || !st->in_data || st->el == EL_NONE)
		return;
	sb = st->el == EL_ITEM ? &st->item : &st->value;
	if (sb->len >= TEXT_MAX + 4)
		return;
	if (sb->len + n > TEXT_MAX + 4)
		n = TEXT_MAX + 4 - sb->len;
	sb_add(sb, (const char *)ch, n);
}

static void
on_end(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct msi *st = ud;

	(void)prefix;
	(void)uri;
	if (eq(localname, "Category")) {
		if (st->cat_depth > 0 && --st->cat_depth == 0 && st->in_summary) {
			st->in_summary = 0;
			system_emit(st);
		}
		return;
	}
	if (!st->in_data)
		return;
	if (eq(localname, "Data") && st->cat_depth == 1) {
		st->in_data = 0;
		row_end(st);
	} else if (eq(localname, "Item") || eq(localname, "Value"))
		st->el = EL_NONE;
}

static int
msinfo_parse(struct parse_ctx *ctx)
{
	xmlSAXHandler sax;
	struct msi st;
	int rc, f;

	memset(&st, 0, sizeof st);
	st.ctx = ctx;
	memset(&sax, 0, sizeof sax);
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_chars;
	sax.cdataBlock = on_chars;
	rc = xmlstream_run(ctx, &sax, &st, &st.px);
	/* A summary cut short by an error or the end of the entry still describes the host. */
	system_emit(&st);
	if (rc == 0 && st.dropped)
		parse_note(ctx, "%lu System Summary rows after the first %d dropped",
		    st.dropped, ITEM_MAX);
	sb_free(&st.item);
	sb_free(&st.value);
	for (f = 0; f < F_COUNT; f++)
		sb_free(&st.sys[f]);
	return rc;
}

static int
msinfo_bid(const char *name, const char *head, size_t headlen)
{
	(void)name;
	if (!xmlstream_head_is_xml(head, headlen) || mt_memmem(head, headlen, "<MsInfo", 7) ==
	    NULL)
		return 0;
	return BID_MSINFO;
}

static const char *const msinfo_globs[] = {
	"*.nfo", NULL
};

const struct parser parser_msinfo = {
	"msinfo",
	"msinfo32 exports (.nfo)",
	msinfo_globs,
	msinfo_bid,
	msinfo_parse
};
