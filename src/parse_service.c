/* Parser for service listings: `sc query`/`sc queryex`/`sc qc` blocks, Get-Service tables and
 * lists, and Win32_Service objects (Get-WmiObject, Get-CimInstance) as tables or lists; one
 * service record per service, with state and start type normalised. Command errors met
 * between them (sc failures, PowerShell error blocks) become command.error records. */
#include <string.h>
#include "parsers_more.h"
#include "parsers_backup.h"

#define BID_SC		24	/* "SERVICE_NAME:" followed by an indented STATE/START_TYPE line */
#define BID_SC_MORE	4	/* each further block */
#define BID_SC_HEADER	8	/* "[SC] QueryServiceConfig SUCCESS" */
#define BID_TABLE	24	/* a header of service columns over its dashes line */
#define BID_LIST	24	/* a list block with Name, a state or start type, and more */
#define BID_ROW		4	/* each table row or list block after the first */
#define BID_MAX		64

#define MAX_COLS	16
#define PREV_MAX	1024	/* bytes of the previous line kept to read a table header */
#define TEXT_MAX	4096	/* bytes of a value joined from continuation lines */
#define MAX_CONT	16	/* continuation lines joined into one value */
#define EXCERPT_MAX	1024

enum form { FORM_NONE, FORM_SC, FORM_LIST, FORM_TABLE };

enum key {
	K_NONE, K_NAME, K_DISPLAY, K_STATUS, K_STATE, K_START, K_PID, K_EXIT, K_SVC_EXIT,
	K_PATH, K_ACCOUNT, K_DELAYED, K_TYPE, K_DEPS, K_OTHER
};

/* Record field of each key stored as written (the others are handled one by one). */
static const char *const key_field[] = {
	NULL, "name", "display_name", NULL, "state_raw", "start_type_raw", "pid", "exit_code",
	"service_exit_code", "binary_path", "account", NULL, "service_type", NULL, NULL
};

/* sc's labels; "TYPE" and "STATE" need the exact match. */
static const struct {
	const char *label;
	enum key key;
} sc_keys[] = {
	{"SERVICE_NAME", K_NAME}, {"DISPLAY_NAME", K_DISPLAY}, {"TYPE", K_TYPE},
	{"STATE", K_STATE}, {"START_TYPE", K_START}, {"WIN32_EXIT_CODE", K_EXIT},
	{"SERVICE_EXIT_CODE", K_SVC_EXIT}, {"BINARY_PATH_NAME", K_PATH},
	{"SERVICE_START_NAME", K_ACCOUNT}, {"DEPENDENCIES", K_DEPS}, {"PID", K_PID},
	{"ERROR_CONTROL", K_OTHER}, {"LOAD_ORDER_GROUP", K_OTHER}, {"TAG", K_OTHER},
	{"CHECKPOINT", K_OTHER}, {"WAIT_HINT", K_OTHER}, {"FLAGS", K_OTHER},
};

/* PowerShell property names (ServiceController and Win32_Service); win32 marks the ones only
 * Win32_Service has. */
static const struct {
	const char *label;
	enum key key;
	int win32;
} ps_keys[] = {
	{"Name", K_NAME, 0}, {"DisplayName", K_DISPLAY, 0},
	{"Status", K_STATUS, 0}, {"State", K_STATE, 1}, {"StartType", K_START, 0},
	{"StartupType", K_START, 0}, {"StartMode", K_START, 1}, {"ProcessId", K_PID, 1},
	{"ExitCode", K_EXIT, 1}, {"ServiceSpecificExitCode", K_SVC_EXIT, 1},
	{"PathName", K_PATH, 1}, {"BinaryPathName", K_PATH, 0}, {"StartName", K_ACCOUNT, 1},
	{"UserName", K_ACCOUNT, 0}, {"DelayedAutoStart", K_DELAYED, 0},
	{"ServiceType", K_TYPE, 0},
	/* Seen in the same objects; they help the bid, and keep a list block open. */
	{"DependentServices", K_OTHER, 0}, {"ServicesDependedOn", K_OTHER, 0},
	{"CanPauseAndContinue", K_OTHER, 0}, {"CanShutdown", K_OTHER, 0},
	{"CanStop", K_OTHER, 0}, {"MachineName", K_OTHER, 0}, {"ServiceName", K_OTHER, 0},
	{"Caption", K_OTHER, 1},
	{"Description", K_OTHER, 0}, {"Started", K_OTHER, 1}, {"AcceptStop", K_OTHER, 1},
	{"SystemName", K_OTHER, 1},
};

/* Normalised spellings, matched on the lower-case letters of the raw word. */
static const struct {
	const char *key;
	const char *norm;
} states[] = {
	{"running", "running"}, {"stopped", "stopped"}, {"startpending", "start_pending"},
	{"stoppending", "stop_pending"}, {"continuepending", "continue_pending"},
	{"pausepending", "pause_pending"}, {"paused", "paused"},
}, start_types[] = {
	{"autostart", "auto"}, {"auto", "auto"}, {"automatic", "auto"},
	{"automaticdelayedstart", "auto_delayed"}, {"demandstart", "manual"},
	{"manual", "manual"}, {"disabled", "disabled"}, {"bootstart", "boot"},
	{"boot", "boot"}, {"systemstart", "system"}, {"system", "system"},
};

/* sc's numbers, for words not in the tables above. */
static const char *const state_by_code[] = {
	NULL, "stopped", "start_pending", "stop_pending", "running", "continue_pending",
	"pause_pending", "paused"
};
static const char *const start_by_code[] = {
	"boot", "system", "auto", "manual", "disabled"
};

struct svc {
	int open;		/* a service record is being built in ctx->rec */
	enum form form;
	int win32;		/* a Win32_Service-only property was seen */
	int delayed;
	int ncont;		/* continuation lines joined to the last value */
	enum key last;		/* key of the last field line */
	unsigned set;		/* keys already stored in this record */
	char status[64];	/* "Status": the state for Get-Service, health for WMI */
	struct strbuf deps;
	struct strbuf excerpt;
	struct strbuf tmp;
	/* table form */
	int table;		/* rows follow */
	size_t ncols;
	size_t cstart[MAX_COLS];
	enum key ckey[MAX_COLS];
	int cwin32;
	char prev[PREV_MAX];
	size_t prevlen;
};

static int
eq(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && ascii_ncasecmp(s, word, n) == 0;
}

static enum key
ps_key(const char *s, size_t n, int *win32)
{
	size_t i;

	*win32 = 0;
	for (i = 0; i < MT_ARRAY_LEN(ps_keys); i++)
		if (eq(s, n, ps_keys[i].label)) {
			*win32 = ps_keys[i].win32;
			return ps_keys[i].key;
		}
	return K_NONE;
}

static enum key
sc_key(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(sc_keys); i++)
		if (strlen(sc_keys[i].label) == n && memcmp(s, sc_keys[i].label, n) == 0)
			return sc_keys[i].key;
	return K_NONE;
}

/* "        STATE              : 4  RUNNING": an indented upper-case label (may be empty, as
 * on the DEPENDENCIES continuation "                           : EventSystem"). */
static int
sc_field_line(const char *s, size_t n, const char **lab, size_t *ll, const char **v,
    size_t *vl)
{
	size_t i = 0, st;

	while (i < n && ascii_isblank(s[i]))
		i++;
	if (i == 0)
		return 0;
	st = i;
	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
	    s[i] == '_'))
		i++;
	*lab = s + st;
	*ll = i - st;
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || s[i] != ':')
		return 0;
	*v = s + i + 1;
	*vl = n - i - 1;
	trim_span(v, vl);
	return 1;
}

/* "Name                : obengine": a property name at column 0, spaces, ':'. */
static int
list_line(const char *s, size_t n, const char **lab, size_t *ll, const char **v, size_t *vl)
{
	size_t i = 0;

	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
	    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
		i++;
	if (i == 0 || i >= n || s[i] != ' ')
		return 0;
	*lab = s;
	*ll = i;
	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || s[i] != ':' || (i + 1 < n && s[i + 1] != ' '))
		return 0;
	*v = s + i + 1;
	*vl = n - i - 1;
	trim_span(v, vl);
	return 1;
}

/* The lower-case letters of the first word after an optional number ("4  RUNNING",
 * "2   AUTO_START  (DELAYED)", "Start Pending"); *code gets the number or -1. */
static void
word_key(const char *s, size_t n, char *out, size_t cap, int *code)
{
	size_t i = 0, o = 0;

	*code = -1;
	if (i < n && s[i] >= '0' && s[i] <= '9') {
		*code = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && *code < 1000)
			*code = *code * 10 + (s[i++] - '0');
		while (i < n && ascii_isblank(s[i]))
			i++;
	}
	for (; i < n && s[i] != '(' && o + 1 < cap; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			out[o++] = (char)(s[i] - 'A' + 'a');
		else if (s[i] >= 'a' && s[i] <= 'z')
			out[o++] = s[i];
	}
	out[o] = '\0';
}

static void
normalise(struct record *r, const char *field, const char *raw, int delayed)
{
	char key[32];
	const char *norm = NULL;
	size_t i;
	int code;

	word_key(raw, strlen(raw), key, sizeof key, &code);
	if (strcmp(field, "state") == 0) {
		for (i = 0; i < MT_ARRAY_LEN(states); i++)
			if (strcmp(key, states[i].key) == 0)
				norm = states[i].norm;
		if (norm == NULL && code > 0 && code < (int)MT_ARRAY_LEN(state_by_code))
			norm = state_by_code[code];
	} else {
		for (i = 0; i < MT_ARRAY_LEN(start_types); i++)
			if (strcmp(key, start_types[i].key) == 0)
				norm = start_types[i].norm;
		if (norm == NULL && code >= 0 && code < (int)MT_ARRAY_LEN(start_by_code))
			norm = start_by_code[code];
		if (norm && delayed && strcmp(norm, "auto") == 0)
			norm = "auto_delayed";
	}
	record_sets(r, field, norm ? norm : "unknown");
}

static int
ends_truncated(const char *v)
{
	size_t n = v ? strlen(v) : 0;

	return (n >= 3 && strcmp(v + n - 3, "...") == 0) ||
	    (n >= 3 && strcmp(v + n - 3, "\xE2\x80\xA6") == 0);
}

static void
excerpt_add(struct svc *sv, const char *s, size_t n)
{
	span_rtrim(s, &n);
	cmdout_append(&sv->excerpt, "\n", s, n, EXCERPT_MAX);
}

static void
svc_begin(struct parse_ctx *ctx, struct svc *sv, enum form form)
{
	sv->open = 1;
	sv->form = form;
	sv->win32 = 0;
	sv->delayed = 0;
	sv->ncont = 0;
	sv->last = K_NONE;
	sv->set = 0;
	sv->status[0] = '\0';
	sb_reset(&sv->deps);
	sb_reset(&sv->excerpt);
	record_begin(&ctx->rec, "service", ctx->entry, textin_lineno(ctx->in));
}

static void
svc_end(struct parse_ctx *ctx, struct svc *sv)
{
	struct record *r = &ctx->rec;
	const char *src, *v;

	if (!sv->open)
		return;
	sv->open = 0;
	if (record_get(r, "name") == NULL)
		return;
	src = sv->form == FORM_SC ? "sc" : sv->win32 ? "win32_service" : "get-service";
	record_sets(r, "source", src);
	if (sv->status[0]) {
		if (sv->win32)
			record_sets(r, "status", sv->status);
		else if (record_get(r, "state_raw") == NULL)
			record_sets(r, "state_raw", sv->status);
	}
	if ((v = record_get(r, "state_raw")) != NULL)
		normalise(r, "state", v, 0);
	if ((v = record_get(r, "start_type_raw")) != NULL)
		normalise(r, "start_type", v, sv->delayed);
	if (sv->deps.len)
		record_set(r, "dependencies", sv->deps.s, sv->deps.len);
	if (ends_truncated(record_get(r, "name")) || ends_truncated(record_get(r, "display_name")))
		record_sets(r, "truncated", "yes");
	if (sv->excerpt.len)
		record_set_excerpt(r, sv->excerpt.s, sv->excerpt.len);
	parse_emit(ctx);
}

/* Stores one value under its key. */
static void
set_key(struct svc *sv, struct record *r, enum key k, const char *v, size_t n)
{
	size_t i;

	sv->last = k;
	sv->ncont = 0;
	if (k == K_NONE || k == K_OTHER)
		return;
	/* The first value stands: sc qc repeats TYPE after sc query, and a record's memory
	 * must not grow with repeated lines. */
	if (k != K_DEPS && (sv->set & (1u << k)))
		return;
	sv->set |= 1u << k;
	switch (k) {
	case K_STATUS:
		n = parse_utf8_cut(v, n, sizeof sv->status - 1);
		memcpy(sv->status, v, n);
		sv->status[n] = '\0';
		return;
	case K_DELAYED:
		sv->delayed = eq(v, n, "True");
		return;
	case K_DEPS:
		if (n)
			cmdout_append(&sv->deps, " ", v, n, TEXT_MAX);
		return;
	case K_PID:
	case K_EXIT:
	case K_SVC_EXIT:
		/* "1077  (0x435)": the decimal number. */
		for (i = 0; i < n && !ascii_isblank(v[i]); i++)
			;
		n = i;
		break;
	case K_START:
		if (ascii_casestr(v, n, "DELAYED"))
			sv->delayed = 1;
		break;
	default:
		break;
	}
	record_set(r, key_field[k], v, n);
}

/* A list value wrapped onto the next line (long paths, display names). */
static void
continue_value(struct svc *sv, struct record *r, const char *s, size_t n)
{
	const char *old;

	if (sv->last != K_PATH && sv->last != K_DISPLAY && sv->last != K_ACCOUNT)
		return;
	if (++sv->ncont > MAX_CONT || (old = record_get(r, key_field[sv->last])) == NULL)
		return;
	trim_span(&s, &n);
	sb_reset(&sv->tmp);
	sb_adds(&sv->tmp, old);
	cmdout_append(&sv->tmp, " ", s, n, TEXT_MAX);
	record_set(r, key_field[sv->last], sv->tmp.s, sv->tmp.len);
}

static int
dashes_line(const char *s, size_t n)
{
	size_t i;
	int dash = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = 1;
		else if (s[i] != ' ')
			return 0;
	}
	return dash;
}

/* Reads a table header from the previous line over its dashes line; 1 when it names a
 * service column set. */
static int
table_header(struct svc *sv, const char *dl, size_t dn)
{
	const char *h;
	size_t i = 0, st, off, end, hl;
	int name = 0, what = 0, w;
	enum key k;

	sv->ncols = 0;
	sv->cwin32 = 0;
	while (i < dn && sv->ncols < MAX_COLS) {
		while (i < dn && dl[i] == ' ')
			i++;
		if (i >= dn)
			break;
		for (st = i; i < dn && dl[i] == '-'; i++)
			;
		/* The header is column-aligned with the dashes, counted in characters. */
		off = cmdout_cp_offset(sv->prev, sv->prevlen, st);
		end = cmdout_cp_offset(sv->prev, sv->prevlen, i);
		h = sv->prev + off;
		hl = end - off;
		trim_span(&h, &hl);
		k = ps_key(h, hl, &w);
		sv->cstart[sv->ncols] = st;
		sv->ckey[sv->ncols++] = k;
		name |= k == K_NAME;
		what |= k == K_STATUS || k == K_STATE || k == K_START || k == K_DISPLAY;
		sv->cwin32 |= w;
	}
	return name && what;
}

/* One table row: columns by position, a value running into the next column kept whole. */
static void
table_row(struct parse_ctx *ctx, struct svc *sv, const char *s, size_t n)
{
	const char *v;
	size_t c, st, end, pos = 0, vl;

	svc_begin(ctx, sv, FORM_TABLE);
	sv->win32 = sv->cwin32;
	excerpt_add(sv, s, n);
	for (c = 0; c < sv->ncols; c++) {
		st = cmdout_cp_offset(s, n, sv->cstart[c]);
		if (st < pos)
			st = pos;
		if (c + 1 < sv->ncols) {
			end = cmdout_cp_offset(s, n, sv->cstart[c + 1]);
			if (end < st)
				end = st;
			while (end < n && end > st && !ascii_isblank(s[end - 1]) && !ascii_isblank(s[end]))
				end++;
		} else
			end = n;
		pos = end;
		v = s + st;
		vl = end - st;
		trim_span(&v, &vl);
		set_key(sv, &ctx->rec, sv->ckey[c], v, vl);
	}
	svc_end(ctx, sv);
}

static void
keep_prev(struct svc *sv, const char *s, size_t n)
{
	n = parse_utf8_cut(s, n, sizeof sv->prev - 1);
	memcpy(sv->prev, s, n);
	sv->prev[n] = '\0';
	sv->prevlen = n;
}

static void
service_line(struct parse_ctx *ctx, struct svc *sv, const char *s, size_t n)
{
	const char *lab, *v;
	size_t ll, vl;
	enum key k;
	int w;

	if (sv->table) {
		if (n == 0)
			sv->table = 0;
		else
			table_row(ctx, sv, s, n);
		return;
	}
	if (dashes_line(s, n) && sv->prevlen && table_header(sv, s, n)) {
		svc_end(ctx, sv);
		sv->table = 1;
		return;
	}
	if (has_prefix(s, n, "SERVICE_NAME:") || (has_prefix(s, n, "DISPLAY_NAME:") &&
	    sv->open && sv->form == FORM_SC)) {
		lab = s;
		ll = 12;
		v = s + 13;
		vl = n - 13;
		trim_span(&v, &vl);
		k = sc_key(lab, ll);
		if (k == K_NAME) {
			const char *cur = sv->open && sv->form == FORM_SC ?
			    record_get(&ctx->rec, "name") : NULL;

			/* sc query and sc qc of one service read as one record. */
			if (cur == NULL || strlen(cur) != vl || ascii_ncasecmp(cur, v, vl) != 0) {
				svc_end(ctx, sv);
				svc_begin(ctx, sv, FORM_SC);
			}
		}
		excerpt_add(sv, s, n);
		set_key(sv, &ctx->rec, k, v, vl);
	} else if (sv->open && sv->form == FORM_SC && sc_field_line(s, n, &lab, &ll, &v, &vl)) {
		excerpt_add(sv, s, n);
		if (ll == 0 && sv->last == K_DEPS)
			cmdout_append(&sv->deps, " ", v, vl, TEXT_MAX);
		else if (ll > 0)
			set_key(sv, &ctx->rec, sc_key(lab, ll), v, vl);
	} else if (list_line(s, n, &lab, &ll, &v, &vl) && (k = ps_key(lab, ll, &w)) != K_NONE) {
		if (!sv->open || sv->form != FORM_LIST ||
		    (k == K_NAME && (sv->set & (1u << K_NAME)))) {
			svc_end(ctx, sv);
			svc_begin(ctx, sv, FORM_LIST);
		}
		sv->win32 |= w;
		excerpt_add(sv, s, n);
		set_key(sv, &ctx->rec, k, v, vl);
	} else if (n == 0) {
		if (sv->open && sv->form == FORM_LIST)
			svc_end(ctx, sv);
	} else if (sv->open && sv->form == FORM_LIST && ascii_isblank(s[0])) {
		continue_value(sv, &ctx->rec, s, n);
	}
	if (n)
		keep_prev(sv, s, n);
}

static int
service_parse(struct parse_ctx *ctx)
{
	struct svc sv;
	struct cmderr ce;
	const char *line;
	size_t len;
	int rc, taken;

	memset(&sv, 0, sizeof sv);
	cmderr_init(&ce, NULL);
	while ((rc = cmdout_getline(ctx, &line, &len)) == 1) {
		span_rtrim(line, &len);
		taken = cmderr_line(&ce, line, len, textin_lineno(ctx->in));
		if (cmderr_ready(&ce)) {
			svc_end(ctx, &sv);
			cmderr_emit(&ce, ctx);
		}
		if (!taken)
			service_line(ctx, &sv, line, len);
	}
	svc_end(ctx, &sv);
	cmderr_finish(&ce);
	cmderr_emit(&ce, ctx);
	sb_free(&sv.deps);
	sb_free(&sv.excerpt);
	sb_free(&sv.tmp);
	return rc < 0 ? -1 : 0;
}

static int
service_bid(const char *name, const char *head, size_t headlen)
{
	struct svc sv;
	const char *l, *lab, *v;
	size_t ll, pos = 0, labl, vl;
	int sc = 0, sc_ok = 0, sc_hdr = 0, tables = 0, rows = 0, blocks = 0, bid = 0;
	int has_name = 0, has_state = 0, has_more = 0, w, in_table = 0;
	enum key k;

	(void)name;
	memset(&sv, 0, sizeof sv);
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		span_rtrim(l, &ll);
		if (in_table) {
			if (ll == 0)
				in_table = 0;
			else
				rows++;
		} else if (has_prefix(l, ll, "SERVICE_NAME:")) {
			sc++;
		} else if (sc && sc_field_line(l, ll, &lab, &labl, &v, &vl) &&
		    (sc_key(lab, labl) == K_STATE || sc_key(lab, labl) == K_START)) {
			sc_ok = 1;
		} else if (has_prefix(l, ll, "[SC] QueryServiceConfig SUCCESS")) {
			sc_hdr = 1;
		} else if (dashes_line(l, ll) && sv.prevlen && table_header(&sv, l, ll)) {
			tables++;
			in_table = 1;
		} else if (list_line(l, ll, &lab, &labl, &v, &vl) &&
		    (k = ps_key(lab, labl, &w)) != K_NONE) {
			has_name |= k == K_NAME;
			has_state |= k == K_STATUS || k == K_STATE || k == K_START;
			has_more |= k != K_NAME && k != K_STATUS && k != K_STATE;
		} else if (ll == 0 && has_name && has_state && has_more) {
			blocks++;
			has_name = has_state = has_more = 0;
		}
		if (ll)
			keep_prev(&sv, l, ll);
	}
	if (has_name && has_state && has_more)
		blocks++;
	if (sc && sc_ok)
		bid = BID_SC + (sc - 1) * BID_SC_MORE + sc_hdr * BID_SC_HEADER;
	else if (tables)
		bid = BID_TABLE + (rows > 1 ? rows - 1 : 0) * BID_ROW;
	else if (blocks)
		bid = BID_LIST + (blocks - 1) * BID_ROW;
	return bid > BID_MAX ? BID_MAX : bid;
}

static const char *const service_globs[] = {
	"*service*", "*sc_q*", "*scq*", "sc.txt", NULL
};

const struct parser parser_service = {
	"service",
	"sc query/queryex/qc, Get-Service (table, list), Win32_Service (table, list)",
	service_globs,
	service_bid,
	service_parse
};
