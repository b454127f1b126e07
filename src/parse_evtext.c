/* Parser for events exported as text: Event Viewer's "Copy details as text" pastes and
 * wevtutil /f:text blocks (labelled lines, then the description), and Event Viewer's "Save
 * as CSV" and "Save as Text" tables. Labels and level names are read in English, German,
 * French, Spanish and Japanese. Times there are the server's local time. */
#include <stdlib.h>
#include <string.h>
#include "parser.h"
#include "parsers_event.h"
#include "timeparse.h"

#define FIELD_MAX	512		/* a labelled value or table cell */
#define DESC_MAX	(64 * 1024)	/* the description */
#define XML_MAX		(256 * 1024)	/* the "Event Xml:" part of copied details */
#define ROW_MAX		(80 * 1024)	/* one CSV row, quoted line ends included */
#define EXCERPT_MAX	1024
#define LABEL_MAX	48
#define MAX_COLS	16

#define BID_LABEL	8	/* each distinct event label at a line start */
#define BID_HEADER	40	/* a CSV/TSV heading with four or more event columns */
#define BID_ROWS	32	/* rows shaped level, date, source, id without a heading */
#define BID_MORE	8

enum lang { L_EN, L_DE, L_FR, L_ES, L_JA, L_ANY };

enum fld {
	F_LOG, F_SOURCE, F_DATE, F_ID, F_TASK, F_LEVEL, F_OPCODE, F_KEYWORDS, F_USER,
	F_USERNAME, F_COMPUTER, F_DESC, F_XML, F_COUNT
};

/* Labels of copied details and wevtutil text, and column headings of the tables. The match
 * ignores case, spaces and punctuation (see norm()). German, French, Spanish and Japanese
 * spellings are from memory of the localised viewers: the table parser falls back to the
 * viewer's fixed column order when a heading is not known. */
static const struct {
	enum fld f;
	enum lang lang;
	const char *label;
} labels[] = {
	{F_LOG, L_EN, "Log Name"}, {F_LOG, L_DE, "Protokollname"},
	{F_LOG, L_FR, "Nom du journal"}, {F_LOG, L_ES, "Nombre de registro"},
	{F_LOG, L_JA, "ログの名前"},
	{F_SOURCE, L_EN, "Source"}, {F_SOURCE, L_DE, "Quelle"}, {F_SOURCE, L_ES, "Origen"},
	{F_SOURCE, L_JA, "ソース"},
	{F_DATE, L_EN, "Date"}, {F_DATE, L_DE, "Datum"}, {F_DATE, L_ES, "Fecha"},
	{F_DATE, L_JA, "日付"},
	{F_DATE, L_EN, "Date and Time"}, {F_DATE, L_DE, "Datum und Uhrzeit"},
	{F_DATE, L_FR, "Date et heure"}, {F_DATE, L_ES, "Fecha y hora"},
	{F_DATE, L_JA, "日付と時刻"},
	{F_ID, L_EN, "Event ID"}, {F_ID, L_DE, "Ereignis-ID"},
	{F_ID, L_FR, "ID de l'événement"}, {F_ID, L_FR, "ID de l’événement"},
	{F_ID, L_ES, "Id. del evento"}, {F_ID, L_JA, "イベント ID"},
	{F_TASK, L_EN, "Task Category"}, {F_TASK, L_EN, "Task"},
	{F_TASK, L_DE, "Aufgabenkategorie"}, {F_TASK, L_FR, "Catégorie de la tâche"},
	{F_TASK, L_ES, "Categoría de la tarea"}, {F_TASK, L_JA, "タスクのカテゴリ"},
	{F_LEVEL, L_EN, "Level"}, {F_LEVEL, L_DE, "Ebene"}, {F_LEVEL, L_FR, "Niveau"},
	{F_LEVEL, L_ES, "Nivel"}, {F_LEVEL, L_JA, "レベル"},
	{F_OPCODE, L_EN, "Opcode"}, {F_OPCODE, L_DE, "Vorgangscode"},
	{F_OPCODE, L_ES, "Código de operación"}, {F_OPCODE, L_JA, "オペコード"},
	{F_KEYWORDS, L_EN, "Keywords"}, {F_KEYWORDS, L_EN, "Keyword"},
	{F_KEYWORDS, L_DE, "Schlüsselwörter"}, {F_KEYWORDS, L_FR, "Mots-clés"},
	{F_KEYWORDS, L_ES, "Palabras clave"}, {F_KEYWORDS, L_JA, "キーワード"},
	{F_USER, L_EN, "User"}, {F_USER, L_DE, "Benutzer"}, {F_USER, L_FR, "Utilisateur"},
	{F_USER, L_ES, "Usuario"}, {F_USER, L_JA, "ユーザー"},
	{F_USERNAME, L_EN, "User Name"},
	{F_COMPUTER, L_EN, "Computer"}, {F_COMPUTER, L_FR, "Ordinateur"},
	{F_COMPUTER, L_ES, "Equipo"}, {F_COMPUTER, L_JA, "コンピューター"},
	{F_DESC, L_EN, "Description"}, {F_DESC, L_DE, "Beschreibung"},
	{F_DESC, L_ES, "Descripción"}, {F_DESC, L_JA, "説明"},
	{F_XML, L_EN, "Event Xml"}, {F_XML, L_DE, "Ereignis-XML"},
	{F_XML, L_FR, "XML de l'événement"}, {F_XML, L_FR, "XML de l’événement"},
	{F_XML, L_ES, "XML de evento"}, {F_XML, L_JA, "イベント XML"},
};

/* Level names as the viewer shows them, and the Level numbers of event XML. */
static const struct {
	const char *name;
	int level;
} level_names[] = {
	{"Critical", 1}, {"Kritisch", 1}, {"Critique", 1}, {"Crítico", 1}, {"重大", 1},
	{"Error", 2}, {"Fehler", 2}, {"Erreur", 2}, {"エラー", 2},
	{"Warning", 3}, {"Warnung", 3}, {"Avertissement", 3}, {"Advertencia", 3}, {"警告", 3},
	{"Information", 4}, {"Informationen", 4}, {"Información", 4}, {"情報", 4},
	{"Verbose", 5}, {"Ausführlich", 5}, {"Commentaires", 5}, {"Detallado", 5},
	{"詳細", 5},
	{"Audit Success", 0}, {"Audit Failure", 0}, {"Überwachung erfolgreich", 0},
	{"Überwachungsfehler", 0}, {"Succès de l'audit", 0}, {"Échec de l'audit", 0},
	{"成功の監査", 0}, {"失敗の監査", 0},
};

/*
 * A label or word reduced for comparison: ASCII letters in lower case and every non-ASCII
 * byte kept, spaces and ASCII punctuation dropped, and the apostrophe U+2019 dropped like
 * "'". With ascii_only, non-ASCII bytes are dropped too, so a label whose accents were
 * damaged by a wrong code page ("ID de l?v?nement") still matches.
 */
static size_t
norm(const char *s, size_t n, int ascii_only, char *out, size_t max)
{
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < n && o + 1 < max; i++) {
		c = (unsigned char)s[i];
		if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x99) {
			i += 2;
			continue;
		}
		if (c >= 0x80) {
			if (!ascii_only)
				out[o++] = (char)c;
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			out[o++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return o;
}

/* The field a label names, or -1; *lang gets its language. */
static int
label_field(const char *s, size_t n, enum lang *lang)
{
	char a[LABEL_MAX * 2], b[LABEL_MAX * 2];
	size_t i, al, bl;

	if (n == 0 || n > LABEL_MAX)
		return -1;
	norm(s, n, 0, a, sizeof a);
	for (i = 0; i < MT_ARRAY_LEN(labels); i++) {
		norm(labels[i].label, strlen(labels[i].label), 0, b, sizeof b);
		if (strcmp(a, b) == 0) {
			*lang = labels[i].lang;
			return (int)labels[i].f;
		}
	}
	/* Damaged accents: compare the ASCII letters alone when there are enough of them. */
	al = norm(s, n, 1, a, sizeof a);
	for (i = 0; al >= 6 && i < MT_ARRAY_LEN(labels); i++) {
		bl = norm(labels[i].label, strlen(labels[i].label), 1, b, sizeof b);
		if (bl == al && bl < strlen(labels[i].label) && strcmp(a, b) == 0) {
			*lang = labels[i].lang;
			return (int)labels[i].f;
		}
	}
	return -1;
}

/* The Level number of a level name, or -1. */
static int
level_number(const char *s, size_t n)
{
	char a[64], b[64];
	size_t i;

	trim_span(&s, &n);
	if (n == 0 || n >= 48)
		return -1;
	norm(s, n, 0, a, sizeof a);
	for (i = 0; i < MT_ARRAY_LEN(level_names); i++) {
		norm(level_names[i].name, strlen(level_names[i].name), 0, b, sizeof b);
		if (strcmp(a, b) == 0)
			return level_names[i].level;
	}
	return -1;
}

/* Splits "Label:   value" at the first ':' or full-width colon. Returns 0 when the part
 * before it is a known label; *f, *lang, *v, *vn are set. */
static int
split_label(const char *s, size_t n, int *f, enum lang *lang, const char **v, size_t *vn)
{
	const char *c = memchr(s, ':', n), *fw = mt_memmem(s, n, "\xEF\xBC\x9A", 3), *lab = s;
	size_t ln, skip = 1;

	if (fw != NULL && (c == NULL || fw < c)) {
		c = fw;
		skip = 3;
	}
	if (c == NULL)
		return -1;
	ln = (size_t)(c - s);
	trim_span(&lab, &ln);
	if ((*f = label_field(lab, ln, lang)) < 0)
		return -1;
	*v = c + skip;
	*vn = (size_t)(s + n - *v);
	trim_span(v, vn);
	return 0;
}

/* "Event[12]:", the start of a wevtutil /f:text block. */
static int
wevtutil_start(const char *s, size_t n)
{
	size_t i;

	trim_span(&s, &n);
	if (n < 9 || memcmp(s, "Event[", 6) != 0 || s[n - 1] != ':' || s[n - 2] != ']')
		return 0;
	for (i = 6; i < n - 2; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return i > 6;
}

/* --- times -------------------------------------------------------------------------------- */

static int
digits(const char *s, size_t n, size_t *i, int max, int *v)
{
	int k = 0, x = 0;

	while (*i < n && s[*i] >= '0' && s[*i] <= '9' && k < max) {
		x = x * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	*v = x;
	return k;
}

/* Year first: "2021/01/11 14:57:03", "2021-01-11 2:57:03 PM", "2021/01/11 午後 2:57:03". */
static int
year_first(const char *s, size_t n, int64_t *ms)
{
	size_t i = 0;
	int y, mo, d, h = 0, mi = 0, se = 0, pm = 0, am = 0;
	char sep;

	if (digits(s, n, &i, 4, &y) != 4 || i >= n || (s[i] != '/' && s[i] != '-' &&
	    s[i] != '.'))
		return -1;
	sep = s[i++];
	if (digits(s, n, &i, 2, &mo) == 0 || i >= n || s[i] != sep)
		return -1;
	i++;
	if (digits(s, n, &i, 2, &d) == 0)
		return -1;
	pm = mt_memmem(s + i, n - i, "\xE5\x8D\x88\xE5\xBE\x8C", 6) != NULL ||
	    ascii_casestr(s + i, n - i, "PM") != NULL;
	am = mt_memmem(s + i, n - i, "\xE5\x8D\x88\xE5\x89\x8D", 6) != NULL ||
	    ascii_casestr(s + i, n - i, "AM") != NULL;
	while (i < n && (s[i] < '0' || s[i] > '9'))
		i++;
	if (i < n) {
		if (digits(s, n, &i, 2, &h) == 0 || i >= n || s[i] != ':')
			return -1;
		i++;
		if (digits(s, n, &i, 2, &mi) == 0)
			return -1;
		if (i < n && s[i] == ':') {
			i++;
			digits(s, n, &i, 2, &se);
		}
	}
	if (pm && h < 12)
		h += 12;
	else if (am && h == 12)
		h = 0;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || y < 1970)
		return -1;
	*ms = utc_ms(y, mo, d, h, mi, se > 59 ? 59 : se, 0);
	return 0;
}

/* Sets ctx->rec's time from a date as the viewer or wevtutil writes it. lang is the
 * labels' language: German, French and Spanish write the day first, English follows the
 * server's locale (month first when unknown, the other order when that is no date). */
static void
set_time(struct parse_ctx *ctx, const char *s, size_t n, enum lang lang)
{
	struct rec_time t = {0, TQ_NONE};
	int64_t ms;
	int zone, day_first;

	trim_span(&s, &n);
	if (n == 0)
		return;
	if (n >= 19 && s[4] == '-' && (s[10] == 'T' || s[10] == ' ') &&
	    parse_iso8601(s, n, &ms, &zone) == 0) {
		t.ms = ms;
		t.q = TQ_UTC;
		if (!zone)
			t = parse_local_time(ctx->env, ms);
	} else if (year_first(s, n, &ms) == 0)
		t = parse_local_time(ctx->env, ms);
	else {
		day_first = lang == L_DE || lang == L_FR || lang == L_ES ||
		    ((lang == L_EN || lang == L_ANY) && parse_env_date_order(ctx->env) == 1);
		if (parse_windows_datetime(s, n, day_first, &ms) == 0 ||
		    parse_windows_datetime(s, n, !day_first, &ms) == 0)
			t = parse_local_time(ctx->env, ms);
	}
	record_set_time(&ctx->rec, t, s, parse_utf8_cut(s, n, FIELD_MAX));
}

/* --- one event ---------------------------------------------------------------------------- */

struct ev {
	long line;
	enum lang lang;
	int nfields;
	char val[F_COUNT][FIELD_MAX + 1];
	struct strbuf desc;
};

static void
ev_reset(struct ev *e, long line)
{
	int i;

	e->line = line;
	e->lang = L_ANY;
	e->nfields = 0;
	for (i = 0; i < F_COUNT; i++)
		e->val[i][0] = '\0';
	sb_reset(&e->desc);
}

static void
ev_set(struct ev *e, int f, const char *v, size_t n)
{
	n = parse_utf8_cut(v, n, FIELD_MAX);
	memcpy(e->val[f], v, n);
	e->val[f][n] = '\0';
	e->nfields++;
}

static void
desc_add(struct strbuf *d, const char *s, size_t n)
{
	if (d->len >= DESC_MAX)
		return;
	if (d->len > 0)
		sb_addc(d, '\n');
	sb_add(d, s, parse_utf8_cut(s, n, DESC_MAX - d->len));
}

static void
put(struct record *r, const char *name, const char *v)
{
	if (v[0] != '\0')
		record_sets(r, name, v);
}

/* "N/A", "-" and the like say there is nothing. */
static int
empty_value(const char *v)
{
	return v[0] == '\0' || strcmp(v, "N/A") == 0 || strcmp(v, "-") == 0;
}

/* The value after "Writer Name:" in the description (VSS events). */
static void
set_writer(struct record *r, const char *d, size_t n)
{
	const char *p = ascii_casestr(d, n, "Writer Name:"), *e;
	size_t k;

	if (p == NULL)
		return;
	p += 12;
	for (e = p; e < d + n && *e != '\n' && *e != '\r'; e++)
		;
	k = (size_t)(e - p);
	trim_span(&p, &k);
	if (k > 0)
		record_set(r, "writer", p, parse_utf8_cut(p, k, 256));
}

static void
ev_emit(struct parse_ctx *ctx, struct ev *e, const char *form)
{
	struct record *r = &ctx->rec;
	struct parse_codes codes;
	struct strbuf ex = STRBUF_INIT;
	const char *d;
	size_t dn;
	int lv;
	int64_t id;

	if (e->nfields == 0)
		return;
	record_begin(r, "event", ctx->entry, e->line);
	put(r, "channel", e->val[F_LOG]);
	put(r, "provider", e->val[F_SOURCE]);
	if (parse_int64(e->val[F_ID], strlen(e->val[F_ID]), &id) == 0 && id >= 0)
		record_setf(r, "event_id", "%lld", (long long)(id & 0xFFFF));
	if (e->val[F_LEVEL][0]) {
		record_sets(r, "rendered_level", e->val[F_LEVEL]);
		if ((lv = level_number(e->val[F_LEVEL], strlen(e->val[F_LEVEL]))) >= 0)
			record_setf(r, "level", "%d", lv);
	}
	if (!empty_value(e->val[F_TASK]))
		record_sets(r, "task_category", e->val[F_TASK]);
	if (!empty_value(e->val[F_OPCODE]))
		record_sets(r, "opcode_text", e->val[F_OPCODE]);
	if (!empty_value(e->val[F_KEYWORDS]))
		record_sets(r, "keywords_text", e->val[F_KEYWORDS]);
	if (!empty_value(e->val[F_USER])) {
		record_sets(r, "user", e->val[F_USER]);
		if (has_prefix(e->val[F_USER], strlen(e->val[F_USER]), "S-1-"))
			record_sets(r, "user_id", e->val[F_USER]);
	}
	if (!empty_value(e->val[F_USERNAME]))
		record_sets(r, "user", e->val[F_USERNAME]);
	put(r, "computer", e->val[F_COMPUTER]);
	set_time(ctx, e->val[F_DATE], strlen(e->val[F_DATE]), e->lang);
	d = sb_str(&e->desc);
	dn = e->desc.len;
	while (dn > 0 && (d[dn - 1] == '\n' || d[dn - 1] == ' ' || d[dn - 1] == '\t'))
		dn--;
	while (dn > 0 && (*d == '\n' || *d == ' ' || *d == '\t')) {
		d++;
		dn--;
	}
	if (dn > 0) {
		record_set(r, "message", d, dn);
		set_writer(r, d, dn);
	}
	parse_codes_init(&codes);
	parse_codes_scan(&codes, d, dn, 0);
	parse_codes_set(&codes, r);
	record_sets(r, "export", form);
	if (dn > 0)
		record_set_excerpt(r, d, parse_utf8_cut(d, dn, EXCERPT_MAX));
	else {
		sb_adds(&ex, e->val[F_SOURCE][0] ? e->val[F_SOURCE] : "event");
		if (e->val[F_ID][0])
			sb_printf(&ex, " %s", e->val[F_ID]);
		record_set_excerpt(r, ex.s, parse_utf8_cut(ex.s, ex.len, EXCERPT_MAX));
		sb_free(&ex);
	}
	parse_emit(ctx);
}

/* --- labelled blocks: copied details and wevtutil /f:text ---------------------------------- */

enum bstate { B_NONE, B_FIELDS, B_DESC, B_XML };

struct blocks {
	struct ev ev;
	enum bstate st;
	const char *form;
	struct strbuf xml;
	long xml_bad;
};

/* Ends the block: the event's XML, when the copy has it, gives the exact record (UTC time,
 * record id, data); otherwise the labelled fields do. */
static void
block_end(struct parse_ctx *ctx, struct blocks *b)
{
	const char *x = sb_str(&b->xml), *ev;

	if (b->st == B_NONE)
		return;
	if (b->xml.len == 0 || (ev = mt_memmem(x, b->xml.len, "<Event", 6)) == NULL ||
	    evtxml_parse_buffer(ctx, ev, b->xml.len - (size_t)(ev - x), b->ev.line) != 1) {
		b->xml_bad += b->xml.len > 0;
		ev_emit(ctx, &b->ev, b->form);
	}
	sb_reset(&b->xml);
	b->st = B_NONE;
}

static void
block_line(struct parse_ctx *ctx, struct blocks *b, const char *s, size_t n)
{
	const char *v, *t = s;
	size_t vn, tn = n;
	enum lang lang;
	int f;

	trim_span(&t, &tn);
	if (b->st == B_XML) {
		if (b->xml.len + n + 1 <= XML_MAX) {
			sb_add(&b->xml, s, n);
			sb_addc(&b->xml, '\n');
		}
		if (mt_memmem(s, n, "</Event>", 8))
			block_end(ctx, b);
		return;
	}
	if (wevtutil_start(s, n)) {
		block_end(ctx, b);
		ev_reset(&b->ev, textin_lineno(ctx->in));
		b->st = B_FIELDS;
		b->form = "wevtutil-text";
		return;
	}
	if (split_label(t, tn, &f, &lang, &v, &vn) == 0) {
		if (f == F_LOG && (b->st == B_DESC || (b->st == B_FIELDS &&
		    b->ev.val[F_LOG][0]))) {
			block_end(ctx, b);
		}
		if (b->st == B_NONE && f == F_LOG) {
			ev_reset(&b->ev, textin_lineno(ctx->in));
			b->st = B_FIELDS;
			b->form = "viewer-text";
		}
		if (f == F_XML && b->st != B_NONE) {
			b->st = B_XML;
			sb_reset(&b->xml);
			return;
		}
		if (b->st == B_FIELDS) {
			if (b->ev.lang == L_ANY || b->ev.lang == L_EN)
				b->ev.lang = lang;
			if (f == F_DESC) {
				b->st = B_DESC;
				if (vn > 0)
					desc_add(&b->ev.desc, v, vn);
			} else
				ev_set(&b->ev, f, v, vn);
			return;
		}
	}
	if (b->st == B_DESC)
		desc_add(&b->ev.desc, s, n);
}

/* --- tables: Save as CSV / Save as Text ----------------------------------------------------- */

struct table {
	char sep;
	int role[MAX_COLS];		/* enum fld per column, -1 unknown */
	int ncols;
	enum lang lang;
	struct strbuf row;		/* the row being read, across quoted line ends */
	int in_quote;
	long row_line;
	long cut;
};

/* Splits one row into cells (quotes removed, "" unescaped). Returns the cell count. */
static int
split_row(const char *s, size_t n, char sep, struct strbuf *cells, size_t *off, int max)
{
	size_t i = 0;
	int k = 0, q;

	sb_reset(cells);
	while (k < max) {
		off[k++] = cells->len;
		q = i < n && s[i] == '"';
		if (q)
			i++;
		while (i < n) {
			if (q && s[i] == '"') {
				if (i + 1 < n && s[i + 1] == '"') {
					sb_addc(cells, '"');
					i += 2;
					continue;
				}
				q = 0;
				i++;
				continue;
			}
			if (!q && s[i] == sep)
				break;
			sb_addc(cells, s[i++]);
		}
		sb_addc(cells, '\0');
		if (i >= n)
			break;
		i++;		/* the separator */
	}
	return k;
}

static const char *
cell(const struct strbuf *cells, const size_t *off, int ncells, int i, size_t *n)
{
	const char *c;

	if (i < 0 || i >= ncells) {
		*n = 0;
		return "";
	}
	c = cells->s + off[i];
	*n = strlen(c);
	trim_span(&c, n);
	return c;
}

/* The viewer's columns, in its fixed order: a heading that is not known keeps its place. */
static const int default_roles[] = {F_LEVEL, F_DATE, F_SOURCE, F_ID, F_TASK, F_DESC};

/* Reads a heading row. Returns the number of known event columns. */
static int
table_heading(struct table *tb, const char *s, size_t n, char sep)
{
	struct strbuf cells = STRBUF_INIT;
	size_t off[MAX_COLS], cn;
	const char *c;
	enum lang lang;
	int k, i, f, known = 0;

	k = split_row(s, n, sep, &cells, off, MAX_COLS);
	tb->sep = sep;
	tb->ncols = k;
	tb->lang = L_ANY;
	for (i = 0; i < MAX_COLS; i++)
		tb->role[i] = i < (int)MT_ARRAY_LEN(default_roles) ? default_roles[i] : -1;
	for (i = 0; i < k; i++) {
		c = cell(&cells, off, k, i, &cn);
		if ((f = label_field(c, cn, &lang)) >= 0) {
			tb->role[i] = f;
			if (tb->lang == L_ANY || tb->lang == L_EN)
				tb->lang = lang;
			known++;
		}
	}
	/* The description column has no heading in the viewer's exports. */
	if (k < MAX_COLS && k >= 5)
		tb->role[k] = F_DESC;
	sb_free(&cells);
	return known;
}

static void
table_row(struct parse_ctx *ctx, struct table *tb, struct ev *e, const char *s, size_t n)
{
	struct strbuf cells = STRBUF_INIT;
	size_t off[MAX_COLS], cn;
	const char *c;
	int k, i;

	k = split_row(s, n, tb->sep, &cells, off, MAX_COLS);
	if (k < 4) {
		sb_free(&cells);
		return;
	}
	ev_reset(e, tb->row_line);
	e->lang = tb->lang;
	for (i = 0; i < k; i++) {
		c = cell(&cells, off, k, i, &cn);
		if (tb->role[i] == F_DESC)
			desc_add(&e->desc, c, cn);
		else if (tb->role[i] >= 0 && cn > 0)
			ev_set(e, tb->role[i], c, cn);
	}
	ev_emit(ctx, e, tb->sep == '\t' ? "viewer-tsv" : "viewer-csv");
	sb_free(&cells);
}

/* Feeds one line to the row being read; a quote left open continues the row. */
static void
table_line(struct parse_ctx *ctx, struct table *tb, struct ev *e, const char *s, size_t n)
{
	size_t i;

	if (tb->row.len == 0) {
		if (n == 0)
			return;
		tb->row_line = textin_lineno(ctx->in);
	} else if (tb->row.len < ROW_MAX)
		sb_addc(&tb->row, '\n');
	if (tb->row.len + n <= ROW_MAX)
		sb_add(&tb->row, s, n);
	else
		tb->cut++;
	for (i = 0; i < n; i++)
		if (s[i] == '"')
			tb->in_quote = !tb->in_quote;
	if (tb->in_quote && tb->row.len < ROW_MAX)
		return;
	table_row(ctx, tb, e, tb->row.s, tb->row.len);
	sb_reset(&tb->row);
	tb->in_quote = 0;
}

/* A data row without a heading: level name, date, source, number. */
static int
looks_row(const char *s, size_t n, char sep)
{
	struct strbuf cells = STRBUF_INIT;
	size_t off[MAX_COLS], cn;
	const char *c;
	int k, ok = 0;
	int64_t id;

	k = split_row(s, n, sep, &cells, off, MAX_COLS);
	if (k >= 5) {
		c = cell(&cells, off, k, 0, &cn);
		ok = level_number(c, cn) >= 0;
		c = cell(&cells, off, k, 3, &cn);
		ok = ok && parse_int64(c, cn, &id) == 0 && id >= 0 && id <= 0xFFFF;
		c = cell(&cells, off, k, 1, &cn);
		ok = ok && cn >= 8 && c[0] >= '0' && c[0] <= '9';
	}
	sb_free(&cells);
	return ok;
}

/* The separator of a table heading or row: tab or comma; 0 when the line is neither. */
static char
table_sep(const char *s, size_t n, int *known)
{
	struct table tb;
	const char seps[] = {'\t', ','};
	size_t i;

	for (i = 0; i < sizeof seps; i++) {
		if (memchr(s, seps[i], n) == NULL)
			continue;
		memset(&tb, 0, sizeof tb);
		if ((*known = table_heading(&tb, s, n, seps[i])) >= 4)
			return seps[i];
		if (looks_row(s, n, seps[i])) {
			*known = 0;
			return seps[i];
		}
	}
	return 0;
}

/* --- the parser ------------------------------------------------------------------------------ */

static int
evtext_parse(struct parse_ctx *ctx)
{
	struct blocks b;
	struct table tb;
	struct ev *row_ev = NULL;
	const char *line, *s;
	size_t len, n;
	int rc, mode = 0, known;	/* mode: 0 undecided, 1 blocks, 2 table */

	memset(&b, 0, sizeof b);
	memset(&tb, 0, sizeof tb);
	while ((rc = textin_getline(ctx->in, &line, &len)) == 1) {
		if (mode == 0) {
			s = line;
			n = len;
			trim_span(&s, &n);
			if (n == 0)
				continue;
			if ((tb.sep = table_sep(s, n, &known)) != 0) {
				mode = 2;
				row_ev = xcalloc(1, sizeof *row_ev);
				if (known >= 4) {
					table_heading(&tb, s, n, tb.sep);
					continue;
				}
				table_heading(&tb, "", 0, tb.sep);
			} else
				mode = 1;
		}
		if (mode == 2)
			table_line(ctx, &tb, row_ev, line, len);
		else
			block_line(ctx, &b, line, len);
	}
	if (mode == 2 && tb.row.len > 0)
		table_row(ctx, &tb, row_ev, tb.row.s, tb.row.len);
	block_end(ctx, &b);
	if (b.xml_bad)
		parse_note(ctx, "%ld event XML part%s not readable: read from the labels",
		    b.xml_bad, b.xml_bad == 1 ? "" : "s");
	if (tb.cut)
		parse_note(ctx, "%ld row%s longer than %d KiB cut", tb.cut, tb.cut == 1 ? "" : "s",
		    ROW_MAX / 1024);
	sb_free(&b.ev.desc);
	sb_free(&b.xml);
	sb_free(&tb.row);
	if (row_ev) {
		sb_free(&row_ev->desc);
		free(row_ev);
	}
	if (rc < 0)
		return parse_read_error(ctx);
	return 0;
}

static int
evtext_bid(const char *name, const char *head, size_t headlen)
{
	const char *l, *v, *t;
	size_t pos = 0, n, vn, tn;
	enum lang lang;
	unsigned seen = 0;
	int f, bid = 0, nlab = 0, first = 1, known;

	(void)name;
	while (parse_head_line(head, headlen, &pos, &l, &n)) {
		t = l;
		tn = n;
		trim_span(&t, &tn);
		if (tn == 0)
			continue;
		if (first) {
			first = 0;
			if (table_sep(t, tn, &known) != 0)
				return known >= 4 ? BID_HEADER + (known >= 5 ? BID_MORE : 0) : BID_ROWS;
		}
		if (wevtutil_start(t, tn))
			bid = BID_MORE;
		else if (split_label(t, tn, &f, &lang, &v, &vn) == 0 && f != F_XML &&
		    !(seen & (1u << f))) {
			seen |= 1u << f;
			nlab++;
		}
	}
	/* Log name and event id are what make labelled lines an event. */
	if (nlab < 4 || !(seen & (1u << F_ID)) || !((seen & (1u << F_LOG)) ||
	    (seen & (1u << F_SOURCE))))
		return 0;
	bid += nlab * BID_LABEL;
	return bid > 72 ? 72 : bid;
}

static const char *const evtext_globs[] = {
	"*.csv", "*.txt", NULL
};

const struct parser parser_evtext = {
	"event.text",
	"events as text: Event Viewer CSV and TXT exports, copied event details, wevtutil "
	    "/f:text",
	evtext_globs,
	evtext_bid,
	evtext_parse
};
