/* Parser for Windows event XML (wevtutil /f:xml and /f:RenderedXml, Event Viewer "Save as
 * XML"): a libxml2 SAX2 push parse under a synthetic root, one event record per <Event>. */
#include <string.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include "parser.h"
#include "parsers_event.h"
#include "xml_guard.h"
#include "evtxml_scan.h"
#include "timeparse.h"

#define EVENTS_NS	"http://schemas.microsoft.com/win/2004/08/events/event"
#define ROOT_OPEN	"<mt-root>"
#define ROOT_CLOSE	"</mt-root>"

#define CHUNK		65536		/* bytes handed to libxml2 at a time */
#define PREFIX_MIN	1024		/* bytes gathered to see an XML declaration whole */
#define TEXT_MAX	(64 * 1024)	/* one element's text (a Data value, the message) */
#define JOIN_MAX	(64 * 1024)	/* the joined `data` field */
#define FIELD_MAX	1024		/* short System values */
#define NAME_MAX_LEN	64		/* a Data Name or UserData element name */
#define DATA_MAX	256		/* Data elements read per event */
#define DATA_FIELDS	32		/* data.* and userdata.* fields per record */
#define REC_BUDGET	(4 * 1024 * 1024) /* bytes of field values per record */
#define EXCERPT_MAX	1024
#define WRITER_MAX	256
#define STACK_MAX	32
#define TAG_MAX		(64 * 1024)	/* bytes of one markup construct <...> */
#define TAG_EQ_MAX	256		/* '=' in one construct: attributes */

#define BID_EVENT	40	/* "<Event xmlns=" and the events namespace */
#define BID_EVENTS	32	/* "<Events>" and the events namespace */
#define BID_SYSTEM	8	/* "<System>" besides */

#if LIBXML_VERSION >= 21200
typedef const xmlError *mt_xml_error;
#else
typedef xmlErrorPtr mt_xml_error;
#endif

enum el {
	EL_OTHER, EL_EVENT, EL_SYSTEM, EL_PROVIDER, EL_EVENTID, EL_LEVEL, EL_TASK, EL_OPCODE,
	EL_KEYWORDS, EL_TIMECREATED, EL_RECORDID, EL_EXECUTION, EL_CHANNEL, EL_COMPUTER,
	EL_SECURITY, EL_EVENTDATA, EL_DATA, EL_BINARY, EL_USERDATA, EL_UD, EL_RENDERING,
	EL_MESSAGE, EL_RLEVEL
};

static const struct {
	const char *name;
	enum el el;
	const char *field;	/* simple text field, or NULL */
} system_children[] = {
	{"Provider", EL_PROVIDER, NULL},
	{"EventID", EL_EVENTID, NULL},
	{"Level", EL_LEVEL, "level"},
	{"Task", EL_TASK, "task"},
	{"Opcode", EL_OPCODE, "opcode"},
	{"Keywords", EL_KEYWORDS, "keywords"},
	{"TimeCreated", EL_TIMECREATED, NULL},
	{"EventRecordID", EL_RECORDID, NULL},
	{"Execution", EL_EXECUTION, NULL},
	{"Channel", EL_CHANNEL, "channel"},
	{"Computer", EL_COMPUTER, "computer"},
	{"Security", EL_SECURITY, NULL},
};

struct evt {
	struct parse_ctx *ctx;
	xmlParserCtxtPtr px;
	int in_event;
	int depth;			/* 0 = the <Event> element */
	enum el stack[STACK_MAX];
	unsigned char had_child[STACK_MAX];
	struct strbuf text;		/* text of the innermost element, up to TEXT_MAX */
	int text_cut;
	struct strbuf join;		/* Data values joined with "\n" */
	struct strbuf message;
	struct strbuf binary;		/* start of <Binary>, for the SCM service name */
	struct strbuf provider;
	char dataname[NAME_MAX_LEN + 1];
	long event_id;			/* -1 if unknown */
	int has_qualifiers;
	int ndata, nunnamed, nfields;
	size_t budget;			/* bytes of field values set in this record */
	struct parse_codes codes;
	unsigned long cut;		/* values cut at a bound, whole entry */
	unsigned long cut_before;	/* cut when the current event began */
	struct xml_guard guard;	/* DOCTYPE and construct bounds, before libxml2 */
	struct evtxml_scan scan;	/* in front of libxml2 while scanning */
	int scanning;
	/* One event held in memory (evtxml_parse_buffer): its line, no notes, events seen. */
	int buffer;
	long buffer_line;
	int emitted;
	/* First fatal error. */
	int fatal;
	int err_line;
	char err[200];
};

/* Every value set in a record counts against REC_BUDGET, so an event that repeats an
 * element endlessly cannot grow the record without bound. */
static int
spend(struct evt *st, size_t n)
{
	if (st->budget + n + 32 > REC_BUDGET) {
		st->cut++;
		return 0;
	}
	st->budget += n + 32;
	return 1;
}

static void
put(struct evt *st, const char *name, const char *v, size_t n)
{
	if (spend(st, n))
		record_set(&st->ctx->rec, name, v, n);
}

/* Writes v (not negative) in decimal so that it ends at end; returns where it starts. */
static char *
decimal(char *end, unsigned long long v)
{
	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return end;
}

static void
putnum(struct evt *st, const char *name, unsigned long long v)
{
	char buf[24], *p = decimal(buf + sizeof buf, v);

	put(st, name, p, (size_t)(buf + sizeof buf - p));
}

/* strcmp() == 0 inline: the names compared are a few bytes long, and most differ early. */
static int
eq(const xmlChar *a, const char *b)
{
	while (*a == (unsigned char)*b && *b != '\0') {
		a++;
		b++;
	}
	return *a == (unsigned char)*b;
}

/* The value of attribute name among SAX2's five-pointer attribute records. */
static int
attr(int nb, const xmlChar **attrs, const char *name, const char **v, size_t *n)
{
	int i;

	for (i = 0; i < nb; i++, attrs += 5)
		if (eq(attrs[0], name)) {
			*v = (const char *)attrs[3];
			*n = (size_t)(attrs[4] - attrs[3]);
			return 1;
		}
	return 0;
}

static void
put_attr(struct evt *st, int nb, const xmlChar **attrs, const char *name, const char *field)
{
	const char *v;
	size_t n;

	if (attr(nb, attrs, name, &v, &n)) {
		trim_span(&v, &n);
		put(st, field, v, parse_utf8_cut(v, n, FIELD_MAX));
	}
}

/* The field of a System child that is kept as its text, or NULL. */
static const char *
simple_field(enum el el)
{
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(system_children); i++)
		if (system_children[i].el == el)
			return system_children[i].field;
	return NULL;
}

static enum el
classify(enum el parent, const xmlChar *name)
{
	size_t i;

	switch (parent) {
	case EL_EVENT:
		if (eq(name, "System"))
			return EL_SYSTEM;
		if (eq(name, "EventData"))
			return EL_EVENTDATA;
		if (eq(name, "UserData"))
			return EL_USERDATA;
		if (eq(name, "RenderingInfo"))
			return EL_RENDERING;
		return EL_OTHER;
	case EL_SYSTEM:
		for (i = 0; i < MT_ARRAY_LEN(system_children); i++)
			if (name[0] == (unsigned char)system_children[i].name[0] &&
			    eq(name, system_children[i].name))
				return system_children[i].el;
		return EL_OTHER;
	case EL_EVENTDATA:
		if (eq(name, "Data"))
			return EL_DATA;
		return eq(name, "Binary") ? EL_BINARY : EL_OTHER;
	case EL_USERDATA:
	case EL_UD:
		return EL_UD;
	case EL_RENDERING:
		if (eq(name, "Message"))
			return EL_MESSAGE;
		return eq(name, "Level") ? EL_RLEVEL : EL_OTHER;
	default:
		return EL_OTHER;
	}
}

/* sb_reset(&st->text), inline: it runs at every element's start and end. */
static void
text_reset(struct evt *st)
{
	st->text.len = 0;
	if (st->text.s)
		st->text.s[0] = '\0';
}

static enum el
current(const struct evt *st)
{
	return st->depth < STACK_MAX ? st->stack[st->depth] : EL_OTHER;
}

static void
event_begin(struct evt *st)
{
	struct parse_ctx *ctx = st->ctx;

	record_begin(&ctx->rec, "event", ctx->entry,
	    st->buffer ? st->buffer_line : st->scanning ? st->scan.line :
	    xmlSAX2GetLineNumber(st->px));
	st->in_event = 1;
	st->depth = 0;
	st->stack[0] = EL_EVENT;
	st->had_child[0] = 0;
	sb_reset(&st->join);
	sb_reset(&st->message);
	sb_reset(&st->binary);
	sb_reset(&st->provider);
	st->event_id = -1;
	st->has_qualifiers = 0;
	st->ndata = st->nunnamed = st->nfields = 0;
	st->budget = 0;
	st->cut_before = st->cut;
	parse_codes_init(&st->codes);
}

static void
start_system_child(struct evt *st, enum el el, int nb, const xmlChar **attrs)
{
	struct rec_time t = {0, TQ_NONE};
	const char *v;
	size_t n;
	int zone;

	switch (el) {
	case EL_PROVIDER:
		if (attr(nb, attrs, "Name", &v, &n)) {
			trim_span(&v, &n);
			n = parse_utf8_cut(v, n, FIELD_MAX);
			put(st, "provider", v, n);
			sb_reset(&st->provider);
			sb_add(&st->provider, v, n);
		}
		put_attr(st, nb, attrs, "Guid", "provider_guid");
		put_attr(st, nb, attrs, "EventSourceName", "event_source");
		break;
	case EL_EVENTID:
		if (attr(nb, attrs, "Qualifiers", &v, &n)) {
			put_attr(st, nb, attrs, "Qualifiers", "qualifiers");
			st->has_qualifiers = 1;
		}
		break;
	case EL_TIMECREATED:
		if (attr(nb, attrs, "SystemTime", &v, &n)) {
			trim_span(&v, &n);
			n = parse_utf8_cut(v, n, FIELD_MAX);
			if (parse_iso8601(v, n, &t.ms, &zone) == 0)
				t.q = zone ? TQ_UTC : TQ_ZONE_UNKNOWN;
			if (spend(st, n))
				record_set_time(&st->ctx->rec, t, v, n);
		}
		break;
	case EL_EXECUTION:
		put_attr(st, nb, attrs, "ProcessID", "process_id");
		put_attr(st, nb, attrs, "ThreadID", "thread_id");
		break;
	case EL_SECURITY:
		put_attr(st, nb, attrs, "UserID", "user_id");
		break;
	default:
		break;
	}
}

static void
on_start(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
    int nb_ns, const xmlChar **ns, int nb_attrs, int nb_defaulted, const xmlChar **attrs)
{
	struct evt *st = ud;
	enum el el;
	const char *v;
	size_t n;

	(void)prefix;
	(void)uri;
	(void)nb_ns;
	(void)ns;
	(void)nb_defaulted;
	if (!st->in_event) {
		if (eq(localname, "Event"))
			event_begin(st);
		return;
	}
	el = classify(current(st), localname);
	if (st->depth < STACK_MAX)
		st->had_child[st->depth] = 1;
	st->depth++;
	if (st->depth < STACK_MAX) {
		st->stack[st->depth] = el;
		st->had_child[st->depth] = 0;
	}
	text_reset(st);
	st->text_cut = 0;
	if (el == EL_DATA) {
		st->dataname[0] = '\0';
		if (attr(nb_attrs, attrs, "Name", &v, &n)) {
			trim_span(&v, &n);
			n = parse_utf8_cut(v, n, NAME_MAX_LEN);
			memcpy(st->dataname, v, n);
			st->dataname[n] = '\0';
		}
	} else
		start_system_child(st, el, nb_attrs, attrs);
}

static void
on_chars(void *ud, const xmlChar *ch, int len)
{
	struct evt *st = ud;
	size_t n = (size_t)len;

	if (!st->in_event || st->depth == 0 || current(st) == EL_OTHER || len <= 0)
		return;
	if (st->text.len + n > TEXT_MAX) {
		n = parse_utf8_cut((const char *)ch, n, TEXT_MAX - st->text.len);
		st->cut += !st->text_cut;
		st->text_cut = 1;
	}
	sb_add(&st->text, (const char *)ch, n);
}

static int
is_hresult_name(const char *name)
{
	int c = *name | 0x20;

	if (c != 'h' && c != 'e' && c != 'd' && c != 's')
		return 0;	/* the usual names (param1, ...), without a call */
	return ascii_casecmp(name, "HRESULT") == 0 || ascii_casecmp(name, "ErrorCode") == 0 ||
	    ascii_casecmp(name, "DetailedHRESULT") == 0 ||
	    ascii_casecmp(name, "SppErrorCode") == 0;
}

/* Codes in one value: a decimal or hex HRESULT field by name, else a scan of its text. */
static void
codes_from(struct evt *st, const char *name, const char *v, size_t n)
{
	char out[11];

	if (is_hresult_name(name) && hresult_normalise(v, n, out) == 0)
		parse_codes_add(&st->codes, out, 1);
	else
		parse_codes_scan(&st->codes, v, n, 0);
}

static void
end_data(struct evt *st)
{
	char name[NAME_MAX_LEN + 8], num[8], *d;
	const char *v = sb_str(&st->text);
	size_t n = st->text.len, room, k;

	if (++st->ndata > DATA_MAX) {
		st->cut++;
		return;
	}
	/* "data." and the Data Name, or the count of unnamed values (at most DATA_MAX). */
	memcpy(name, "data.", 5);
	if (st->dataname[0]) {
		k = strlen(st->dataname);
		memcpy(name + 5, st->dataname, k + 1);
	} else {
		d = decimal(num + sizeof num, (unsigned)++st->nunnamed);
		k = (size_t)(num + sizeof num - d);
		memcpy(name + 5, d, k);
		name[5 + k] = '\0';
	}
	if (st->nfields < DATA_FIELDS) {
		put(st, name, v, n);
		st->nfields++;
	}
	codes_from(st, st->dataname, v, n);
	if (st->join.len < JOIN_MAX) {
		if (st->ndata > 1)
			sb_addc(&st->join, '\n');
		room = JOIN_MAX > st->join.len ? JOIN_MAX - st->join.len : 0;
		sb_add(&st->join, v, parse_utf8_cut(v, n, room));
	}
}

static void
end_userdata_leaf(struct evt *st, const xmlChar *localname)
{
	char name[NAME_MAX_LEN + 16];
	const char *v = sb_str(&st->text);
	size_t n = st->text.len, ln = strlen((const char *)localname);

	trim_span(&v, &n);
	if (n == 0 || st->nfields >= DATA_FIELDS)
		return;
	ln = parse_utf8_cut((const char *)localname, ln, NAME_MAX_LEN);
	memcpy(name, "userdata.", 9);
	memcpy(name + 9, localname, ln);
	name[9 + ln] = '\0';
	put(st, name, v, n);
	st->nfields++;
	codes_from(st, name + 9, v, n);
}

static void
end_event_id(struct evt *st, const char *v, size_t n)
{
	int64_t id;

	if (parse_int64(v, n, &id) != 0 || id < 0 || id > 0xFFFFFFFFLL)
		return;
	st->event_id = (long)(id & 0xFFFF);
	putnum(st, "event_id", (unsigned long long)st->event_id);
	/* Some exports write a classic event's qualifiers into the high word. */
	if (!st->has_qualifiers && id > 0xFFFF)
		putnum(st, "qualifiers", (unsigned long long)(id >> 16));
}

static void
end_child(struct evt *st, enum el el, const xmlChar *localname)
{
	const char *v = sb_str(&st->text), *field;
	size_t n = st->text.len;
	int64_t rid;

	if (el == EL_OTHER)
		return;		/* most elements: nothing to keep */
	if (el != EL_DATA && el != EL_MESSAGE)
		trim_span(&v, &n);
	switch (el) {
	case EL_EVENTID:
		end_event_id(st, v, n);
		break;
	case EL_RECORDID:
		if (parse_int64(v, n, &rid) == 0 && rid >= 0) {
			st->ctx->rec.has_record_id = 1;
			st->ctx->rec.record_id = (uint64_t)rid;
			putnum(st, "record_id", (unsigned long long)rid);
		}
		break;
	case EL_DATA:
		end_data(st);
		break;
	case EL_BINARY:
		put(st, "binary", v, n);
		sb_reset(&st->binary);
		sb_add(&st->binary, v, n < 1024 ? n : 1024);
		break;
	case EL_UD:
		if (!st->had_child[st->depth])
			end_userdata_leaf(st, localname);
		break;
	case EL_MESSAGE:
		sb_reset(&st->message);
		sb_add(&st->message, v, n);
		put(st, "message", v, n);
		break;
	case EL_RLEVEL:
		put(st, "rendered_level", v, parse_utf8_cut(v, n, FIELD_MAX));
		break;
	default:
		if ((field = simple_field(el)) != NULL && n > 0)
			put(st, field, v, parse_utf8_cut(v, n, FIELD_MAX));
		break;
	}
}

/* The value after "Writer Name:" up to the end of its line, from data or message. */
static void
set_writer(struct evt *st)
{
	const struct strbuf *src[2];
	const char *p, *e, *end;
	size_t i, n;

	src[0] = &st->join;
	src[1] = &st->message;
	for (i = 0; i < 2; i++) {
		p = ascii_casestr(sb_str(src[i]), src[i]->len, "Writer Name:");
		if (p == NULL)
			continue;
		end = sb_str(src[i]) + src[i]->len;
		p += strlen("Writer Name:");
		for (e = p; e < end && *e != '\n' && *e != '\r'; e++)
			;
		n = (size_t)(e - p);
		trim_span(&p, &n);
		if (n > 0) {
			put(st, "writer", p, parse_utf8_cut(p, n, WRITER_MAX));
			return;
		}
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* SCM 7036 carries "<ShortName>/<n>" (NUL-terminated) as UTF-16LE hex in <Binary>. */
static void
set_service(struct evt *st)
{
	unsigned char bytes[512];
	struct strbuf u = STRBUF_INIT;
	const char *h = sb_str(&st->binary), *p;
	size_t nb = 0, i, n;
	int hi, lo;

	if (st->event_id != 7036 || ascii_casecmp(sb_str(&st->provider),
	    "Service Control Manager") != 0)
		return;
	for (i = 0; i + 1 < st->binary.len && nb < sizeof bytes; i += 2) {
		if ((hi = hexval(h[i])) < 0 || (lo = hexval(h[i + 1])) < 0)
			break;
		bytes[nb++] = (unsigned char)(hi << 4 | lo);
	}
	utf16_to_utf8(bytes, nb & ~(size_t)1, 1, &u);
	p = sb_str(&u);
	for (n = 0; n < u.len && p[n] != '/' && p[n] != '\0'; n++)
		if ((unsigned char)p[n] < 0x20)
			break;
	if (n > 0 && n < u.len && (p[n] == '/' || p[n] == '\0'))
		put(st, "service", p, n);
	sb_free(&u);
}

static void
event_end(struct evt *st)
{
	struct parse_ctx *ctx = st->ctx;
	struct strbuf ex = STRBUF_INIT;
	char num[24], *d;

	st->in_event = 0;
	if (st->ndata > 0)
		put(st, "data", sb_str(&st->join), st->join.len);
	set_writer(st);
	set_service(st);
	parse_codes_scan(&st->codes, sb_str(&st->message), st->message.len, 0);
	parse_codes_set(&st->codes, &ctx->rec);
	if (st->message.len > 0)
		record_set_excerpt(&ctx->rec, st->message.s,
		    parse_utf8_cut(st->message.s, st->message.len, EXCERPT_MAX));
	else {
		sb_adds(&ex, st->provider.len ? st->provider.s : "event");
		if (st->event_id >= 0) {
			d = decimal(num + sizeof num, (unsigned long long)st->event_id);
			*--d = ' ';
			sb_add(&ex, d, (size_t)(num + sizeof num - d));
		}
		if (st->join.len) {
			sb_adds(&ex, ": ");
			sb_add(&ex, st->join.s, parse_utf8_cut(st->join.s, st->join.len,
			    EXCERPT_MAX));
		}
		record_set_excerpt(&ctx->rec, ex.s, parse_utf8_cut(ex.s, ex.len, EXCERPT_MAX));
		sb_free(&ex);
	}
	parse_emit(ctx);
	st->emitted++;
}

static void
on_end(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct evt *st = ud;

	(void)prefix;
	(void)uri;
	if (!st->in_event)
		return;
	if (st->depth == 0) {
		event_end(st);
		return;
	}
	end_child(st, current(st), localname);
	st->depth--;
	text_reset(st);
}

static void
on_error(void *ud, mt_xml_error err)
{
	struct evt *st = ud;
	size_t n;

	if (err == NULL || err->level != XML_ERR_FATAL || st->fatal)
		return;
	st->fatal = 1;
	st->err_line = err->line;
	snprintf(st->err, sizeof st->err, "%s", err->message ? err->message : "parse error");
	n = strlen(st->err);
	while (n > 0 && (st->err[n - 1] == '\n' || st->err[n - 1] == ' '))
		st->err[--n] = '\0';
}

/* An event the scanner began is dropped: it will begin again. */
static void
scan_undo(void *ud)
{
	struct evt *st = ud;

	if (st->in_event) {
		st->in_event = 0;
		st->cut = st->cut_before;
	}
}

static int
put_libxml(void *ud, const char *p, size_t n)
{
	struct evt *st = ud;

	xmlParseChunk(st->px, p, (int)n, 0);
	return st->fatal ? -1 : 0;
}

/* libxml2 takes over from the scanner: what the scanner holds goes to it first, unless
 * nothing is left unfinished (libxml2 would only see blanks). */
static void
scan_stop(struct evt *st)
{
	st->scanning = 0;
	if (!evtxml_scan_idle(&st->scan))
		(void)evtxml_scan_replay(&st->scan, put_libxml, st);
	evtxml_scan_free(&st->scan);
}

static int
note_fatal(struct evt *st)
{
	if (!st->buffer)
		parse_note(st->ctx, "XML error at line %d: %s", st->err_line, st->err);
	return -1;
}

/* Hands bytes to the scanner or libxml2; -1 after a refusal or a fatal error (noted). Bytes
 * before a refused construct are still parsed, so the events they hold are kept. */
static int
feed(struct evt *st, const char *p, size_t n, int terminate)
{
	const char *why = NULL;
	size_t ok = n > 0 ? xml_guard(&st->guard, p, n, &why) : 0;

	if (st->scanning) {
		/* On a refusal, libxml2 judges what the scanner holds before the note. */
		if (evtxml_scan_push(&st->scan, p, ok) != 0 || why != NULL)
			scan_stop(st);
	} else if (ok > 0 || why == NULL)
		xmlParseChunk(st->px, p, (int)ok, why ? 0 : terminate);
	if (st->fatal)
		return note_fatal(st);
	if (why) {
		if (!st->buffer)
			parse_note(st->ctx, "%s", why);
		return -1;
	}
	return 0;
}

/* The start of the document: an XML declaration is cut out (the text is UTF-8 now, whatever
 * it says), keeping its line ends so line numbers stay true. */
static int
feed_prefix(struct evt *st, struct strbuf *pre)
{
	const char *p = sb_str(pre), *end = p + pre->len, *q, *decl;
	char nl[PREFIX_MIN];
	size_t k = 0;

	q = p;
	if (end - q >= 3 && memcmp(q, "\xEF\xBB\xBF", 3) == 0)
		q += 3;
	while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
		q++;
	if (end - q > 6 && memcmp(q, "<?xml", 5) == 0 && (q[5] == ' ' || q[5] == '\t' ||
	    q[5] == '\r' || q[5] == '\n' || q[5] == '?') &&
	    (decl = mt_memmem(q, (size_t)(end - q), "?>", 2)) != NULL) {
		for (; p < decl + 2; p++)
			if (*p == '\n' && k < sizeof nl)
				nl[k++] = '\n';
		if (feed(st, nl, k, 0) != 0)
			return -1;
	}
	return feed(st, p, (size_t)(end - p), 0);
}

static int
evtxml_parse(struct parse_ctx *ctx)
{
	xmlSAXHandler sax;
	struct evt st;
	struct strbuf pre = STRBUF_INIT;
	char *buf = xmalloc(CHUNK);
	long got = 0;
	int rc = 0;

	memset(&st, 0, sizeof st);
	st.ctx = ctx;
	xml_guard_init(&st.guard, TAG_MAX, TAG_EQ_MAX);
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_chars;
	sax.cdataBlock = on_chars;
	sax.serror = on_error;

	xmlInitParser();
	st.px = xmlCreatePushParserCtxt(&sax, &st, NULL, 0, NULL);
	if (st.px == NULL) {
		free(buf);
		parse_note(ctx, "XML parser could not be created");
		return -1;
	}
	/* No entity substitution, no DTD loading, no network; the decoder made it UTF-8. */
	xmlCtxtUseOptions(st.px, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);

	if (feed(&st, ROOT_OPEN, strlen(ROOT_OPEN), 0) != 0)
		rc = -1;
	if (evtxml_scan_enabled) {
		evtxml_scan_init(&st.scan, &sax, &st, scan_undo);
		st.scanning = 1;
	}
	while (rc == 0 && pre.len < PREFIX_MIN && (got = textin_read(ctx->in, buf, CHUNK)) > 0)
		sb_add(&pre, buf, (size_t)got);
	if (rc == 0 && got >= 0 && feed_prefix(&st, &pre) != 0)
		rc = -1;
	while (rc == 0 && got > 0 && (got = textin_read(ctx->in, buf, CHUNK)) > 0)
		if (feed(&st, buf, (size_t)got, 0) != 0)
			rc = -1;
	if (st.scanning) {	/* the end, or a read error: libxml2 has the last word */
		scan_stop(&st);
		if (rc == 0 && st.fatal)
			rc = note_fatal(&st);
	}
	if (rc == 0 && got < 0)
		rc = parse_read_error(ctx);
	if (rc == 0 && feed(&st, ROOT_CLOSE, strlen(ROOT_CLOSE), 1) != 0)
		rc = -1;
	if (rc == 0 && st.cut)
		parse_note(ctx, "%lu value%s cut at a size bound", st.cut, st.cut == 1 ? "" : "s");

	xmlFreeParserCtxt(st.px);
	free(buf);
	sb_free(&pre);
	sb_free(&st.text);
	sb_free(&st.join);
	sb_free(&st.message);
	sb_free(&st.binary);
	sb_free(&st.provider);
	return rc;
}

int
evtxml_parse_buffer(struct parse_ctx *ctx, const char *xml, size_t len, long line)
{
	xmlSAXHandler sax;
	struct evt st;
	const char *p = xml, *decl;
	int rc = 0;

	memset(&st, 0, sizeof st);
	st.ctx = ctx;
	xml_guard_init(&st.guard, TAG_MAX, TAG_EQ_MAX);
	st.buffer = 1;
	st.buffer_line = line;
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_chars;
	sax.cdataBlock = on_chars;
	sax.serror = on_error;
	xmlInitParser();
	st.px = xmlCreatePushParserCtxt(&sax, &st, NULL, 0, NULL);
	if (st.px == NULL)
		return -1;
	xmlCtxtUseOptions(st.px, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);
	/* A declaration cannot follow the synthetic root: drop it. */
	while (p < xml + len && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (xml + len - p > 5 && memcmp(p, "<?xml", 5) == 0 &&
	    (decl = mt_memmem(p, (size_t)(xml + len - p), "?>", 2)) != NULL)
		p = decl + 2;
	if (feed(&st, ROOT_OPEN, strlen(ROOT_OPEN), 0) != 0 ||
	    feed(&st, p, (size_t)(xml + len - p), 0) != 0 ||
	    feed(&st, ROOT_CLOSE, strlen(ROOT_CLOSE), 1) != 0)
		rc = -1;
	xmlFreeParserCtxt(st.px);
	sb_free(&st.text);
	sb_free(&st.join);
	sb_free(&st.message);
	sb_free(&st.binary);
	sb_free(&st.provider);
	if (st.emitted > 0)
		return 1;
	return rc;
}

static int
evtxml_bid(const char *name, const char *head, size_t headlen)
{
	int bid = 0;

	(void)name;
	if (mt_memmem(head, headlen, EVENTS_NS, strlen(EVENTS_NS)) == NULL)
		return 0;
	if (mt_memmem(head, headlen, "<Event xmlns=", 13))
		bid = BID_EVENT;
	else if (mt_memmem(head, headlen, "<Events>", 8))
		bid = BID_EVENTS;
	if (bid && mt_memmem(head, headlen, "<System>", 8))
		bid += BID_SYSTEM;
	return bid;
}

static const char *const evtxml_globs[] = {
	"*.xml", NULL
};

const struct parser parser_evtxml = {
	"event",
	"Windows event XML (wevtutil /f:xml, /f:RenderedXml, Event Viewer XML)",
	evtxml_globs,
	evtxml_bid,
	evtxml_parse
};
