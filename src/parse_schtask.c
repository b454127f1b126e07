/* Parser for scheduled task exports: Task Scheduler XML (one task, or schtasks /query /xml
 * with many), schtasks /query as a list (/v /fo LIST), CSV or table, and Get-ScheduledTask as
 * a list or table; one `task` record per task, with its path, state and settings. */
#include <string.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include "parsers_backup.h"
#include "parsers_more.h"
#include "xmlstream.h"

#define TASK_NS		"http://schemas.microsoft.com/windows/2004/02/mit/task"
#define BID_XML		40	/* the Task Scheduler namespace on a <Task> or <Tasks> root */
#define BID_LIST	24	/* a TaskName line and a state line */
#define BID_TABLE	24	/* a TaskName column header over its underline */
#define BID_CSV		24	/* a CSV header with "TaskName" */
#define VALUE_MAX	1024	/* bytes kept of one value */
#define MAX_COLS	32
#define TASK_MAX	100000	/* records per entry */

enum key {
	K_NONE, K_PATH, K_NAME, K_FOLDER, K_STATUS, K_STATE_ENABLED, K_RUN_AS, K_LAST_RESULT,
	K_LAST_RUN, K_COMMAND, K_HOST
};

/* English labels of schtasks and Get-ScheduledTask (property names do not change with the
 * language; schtasks's labels do, and only the English ones are known here). */
static const struct {
	const char *label;
	enum key key;
} labels[] = {
	{"TaskName", K_NAME}, {"TaskPath", K_FOLDER}, {"Folder", K_FOLDER},
	{"Status", K_STATUS}, {"State", K_STATUS},
	{"Scheduled Task State", K_STATE_ENABLED}, {"Run As User", K_RUN_AS},
	{"Last Result", K_LAST_RESULT}, {"Last Run Time", K_LAST_RUN},
	{"Task To Run", K_COMMAND}, {"HostName", K_HOST},
};

/* One task being gathered. */
struct task {
	struct strbuf v[K_HOST + 1];
	long line;
	int any;
};

static enum key
label_key(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strlen(labels[i].label) == n && ascii_ncasecmp(s, labels[i].label, n) == 0)
			return labels[i].key;
	return K_NONE;
}

static void
task_reset(struct task *t)
{
	size_t i;

	for (i = 0; i <= K_HOST; i++)
		sb_reset(&t->v[i]);
	t->line = 0;
	t->any = 0;
}

static void
task_free(struct task *t)
{
	size_t i;

	for (i = 0; i <= K_HOST; i++)
		sb_free(&t->v[i]);
}

static void
task_put(struct task *t, enum key k, const char *s, size_t n, long line)
{
	trim_span(&s, &n);
	if (k == K_NONE || n == 0 || (n == 3 && memcmp(s, "N/A", 3) == 0))
		return;
	sb_reset(&t->v[k]);
	cmdout_append(&t->v[k], NULL, s, n, VALUE_MAX);
	if (!t->any || k == K_NAME)
		t->line = line;
	t->any = 1;
}

/* The task's full path from what the export gave: a full TaskName, or a folder and a name. */
static void
full_path(const struct task *t, struct strbuf *out)
{
	const struct strbuf *name = &t->v[K_NAME], *dir = &t->v[K_FOLDER];

	sb_reset(out);
	if (name->len > 0 && name->s[0] == '\\') {
		sb_add(out, name->s, name->len);
		return;
	}
	if (dir->len > 0) {
		sb_add(out, dir->s, dir->len);
		if (dir->s[dir->len - 1] != '\\')
			sb_addc(out, '\\');
	}
	sb_add(out, name->s, name->len);
}

static int
is(const struct strbuf *sb, const char *s)
{
	return sb->len == strlen(s) && ascii_ncasecmp(sb->s, s, sb->len) == 0;
}

/* Emits the gathered task, unless it repeats the one before (schtasks /v writes a task once
 * per trigger). prev keeps the last path emitted. */
static void
task_emit(struct parse_ctx *ctx, struct task *t, struct strbuf *prev)
{
	struct record *r = &ctx->rec;
	struct strbuf path = STRBUF_INIT, ex = STRBUF_INIT;
	const char *enabled = NULL;
	char code[11];

	if (t->v[K_NAME].len == 0 || ctx->nrecords >= TASK_MAX) {
		task_reset(t);
		return;
	}
	full_path(t, &path);
	if (prev->len == path.len && memcmp(prev->s, path.s, path.len) == 0) {
		sb_free(&path);
		task_reset(t);
		return;
	}
	sb_reset(prev);
	sb_add(prev, path.s, path.len);
	record_begin(r, "task", ctx->entry, t->line);
	record_set(r, "path", path.s, path.len);
	record_sets(r, "name", parse_basename(path.s));
	if (t->v[K_STATUS].len)
		record_set(r, "state", t->v[K_STATUS].s, t->v[K_STATUS].len);
	if (is(&t->v[K_STATE_ENABLED], "Disabled") || is(&t->v[K_STATUS], "Disabled"))
		enabled = "false";
	else if (is(&t->v[K_STATE_ENABLED], "Enabled") || t->v[K_STATUS].len)
		enabled = "true";
	if (enabled)
		record_sets(r, "enabled", enabled);
	if (t->v[K_RUN_AS].len)
		record_set(r, "run_as", t->v[K_RUN_AS].s, t->v[K_RUN_AS].len);
	if (t->v[K_COMMAND].len)
		record_set(r, "command", t->v[K_COMMAND].s, t->v[K_COMMAND].len);
	if (t->v[K_HOST].len)
		record_set(r, "host", t->v[K_HOST].s, t->v[K_HOST].len);
	if (t->v[K_LAST_RESULT].len) {
		record_set(r, "last_result", t->v[K_LAST_RESULT].s, t->v[K_LAST_RESULT].len);
		/* Success (0) and the SCHED_S_ informational codes are no error. */
		if (hresult_normalise(t->v[K_LAST_RESULT].s, t->v[K_LAST_RESULT].len, code) == 0 &&
		    code[2] >= '8')
			record_sets(r, "hresult", code);
	}
	if (t->v[K_LAST_RUN].len)
		(void)cmdout_set_local_time(ctx, t->v[K_LAST_RUN].s, t->v[K_LAST_RUN].len);
	sb_add(&ex, path.s, path.len);
	if (t->v[K_STATUS].len) {
		sb_adds(&ex, ": ");
		sb_add(&ex, t->v[K_STATUS].s, t->v[K_STATUS].len);
	} else if (enabled) {
		sb_adds(&ex, enabled[0] == 't' ? ": enabled" : ": disabled");
	}
	record_set_excerpt(r, ex.s, ex.len);
	parse_emit(ctx);
	sb_free(&path);
	sb_free(&ex);
	task_reset(t);
}

/* ---- text: lists, CSV and tables ---- */

/* Splits one CSV line into at most max fields (quotes doubled inside quoted fields are not
 * unescaped: task values hold none that matter). */
static size_t
csv_split(const char *s, size_t n, const char **f, size_t *fl, size_t max)
{
	size_t i = 0, k = 0, st;

	while (i <= n && k < max) {
		if (i < n && s[i] == '"') {
			st = ++i;
			while (i < n && !(s[i] == '"' && (i + 1 == n || s[i + 1] == ',')))
				i++;
			f[k] = s + st;
			fl[k++] = i - st;
			i += 2;
		} else {
			st = i;
			while (i < n && s[i] != ',')
				i++;
			f[k] = s + st;
			fl[k++] = i - st;
			i++;
		}
	}
	return k;
}

/* Columns of a table from its underline ("====  ====" or "----  ----"): their code point
 * offsets. Returns the count, 0 if the line is no underline. */
static size_t
underline_cols(const char *s, size_t n, size_t *col, size_t max)
{
	size_t i, k = 0;
	int in = 0, any = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '=' || s[i] == '-') {
			if (!in && k < max)
				col[k++] = i;
			in = any = 1;
		} else if (s[i] == ' ') {
			in = 0;
		} else {
			return 0;
		}
	}
	return any ? k : 0;
}

/* The span of column c of a table line (the last column runs to the end). */
static void
column(const char *s, size_t n, const size_t *col, size_t ncol, size_t c, const char **v,
    size_t *vn)
{
	size_t a = cmdout_cp_offset(s, n, col[c]);
	size_t b = c + 1 < ncol ? cmdout_cp_offset(s, n, col[c + 1]) : n;

	*v = s + a;
	*vn = b > a ? b - a : 0;
	trim_span(v, vn);
}

enum form { F_NONE, F_LIST, F_CSV, F_TABLE };

static int
text_parse(struct parse_ctx *ctx)
{
	struct task t;
	struct strbuf prev = STRBUF_INIT, header = STRBUF_INIT, folder = STRBUF_INIT;
	enum key keys[MAX_COLS];
	size_t col[MAX_COLS], ncol = 0, nf, i;
	const char *line, *lab, *val, *f[MAX_COLS];
	size_t len, llen, vlen, fl[MAX_COLS];
	enum form form = F_NONE;
	enum key k;
	long lineno = 0, header_line = 0;
	int rc;

	memset(&t, 0, sizeof t);
	while ((rc = cmdout_getline(ctx, &line, &len)) > 0) {
		lineno++;
		span_rtrim(line, &len);
		if (len == 0) {
			if (form == F_LIST)
				task_emit(ctx, &t, &prev);
			if (form == F_TABLE)
				form = F_NONE;
			continue;
		}
		/* "Folder: \Microsoft\OnlineBackup" heads each schtasks table. */
		if (form != F_LIST && cmdout_label_value(line, len, &lab, &llen, &val, &vlen) == 0 &&
		    llen == 6 && ascii_ncasecmp(lab, "Folder", 6) == 0 && vlen > 0 &&
		    val[0] == '\\') {
			sb_reset(&folder);
			cmdout_append(&folder, NULL, val, vlen, VALUE_MAX);
			form = F_NONE;
			continue;
		}
		if (form == F_CSV || (form == F_NONE && line[0] == '"' &&
		    mt_memmem(line, len, "\"TaskName\"", 10) != NULL)) {
			nf = csv_split(line, len, f, fl, MAX_COLS);
			if (form == F_NONE || (fl[0] > 0 && nf > 0 &&
			    label_key(f[0], fl[0]) == keys[0] && keys[0] != K_NONE)) {
				/* A header (schtasks repeats it for each folder). */
				for (i = 0; i < nf; i++)
					keys[i] = label_key(f[i], fl[i]);
				ncol = nf;
				form = F_CSV;
				continue;
			}
			for (i = 0; i < nf && i < ncol; i++)
				task_put(&t, keys[i], f[i], fl[i], lineno);
			task_emit(ctx, &t, &prev);
			continue;
		}
		if (form == F_TABLE) {
			for (i = 0; i < ncol; i++) {
				column(line, len, col, ncol, i, &val, &vlen);
				task_put(&t, keys[i], val, vlen, lineno);
			}
			if (t.v[K_FOLDER].len == 0 && folder.len)
				task_put(&t, K_FOLDER, folder.s, folder.len, lineno);
			task_emit(ctx, &t, &prev);
			continue;
		}
		if (form == F_NONE && header.len > 0 && header_line == lineno - 1 &&
		    (ncol = underline_cols(line, len, col, MAX_COLS)) > 0) {
			for (i = 0; i < ncol; i++) {
				column(header.s, header.len, col, ncol, i, &val, &vlen);
				keys[i] = label_key(val, vlen);
			}
			for (i = 0; i < ncol && keys[i] != K_NAME; i++)
				;
			if (i < ncol) {
				form = F_TABLE;
				continue;
			}
		}
		if (cmdout_label_value(line, len, &lab, &llen, &val, &vlen) == 0 &&
		    (k = label_key(lab, llen)) != K_NONE) {
			/* A new task starts where its first label repeats. */
			if (form == F_LIST && t.v[k].len > 0 && (k == K_NAME || k == K_HOST ||
			    k == K_FOLDER))
				task_emit(ctx, &t, &prev);
			form = F_LIST;
			task_put(&t, k, val, vlen, lineno);
			continue;
		}
		sb_reset(&header);
		cmdout_append(&header, NULL, line, len, VALUE_MAX);
		header_line = lineno;
	}
	if (form == F_LIST)
		task_emit(ctx, &t, &prev);
	task_free(&t);
	sb_free(&prev);
	sb_free(&header);
	sb_free(&folder);
	return rc < 0 ? -1 : 0;
}

/* ---- Task Scheduler XML ---- */

enum xel { X_OTHER, X_URI, X_ENABLED, X_POLICY, X_USERID, X_COMMAND, X_ARGS };

struct xtask {
	struct parse_ctx *ctx;
	xmlParserCtxtPtr px;
	int depth;		/* depth of the current element; 1 = the root */
	int task_depth;		/* depth of the open <Task>, 0 if none */
	int settings_depth;	/* depth of its <Settings>, 0 if none is open */
	enum xel el;		/* the leaf being read */
	struct strbuf text;
	struct strbuf comment;	/* the comment before a <Task> (schtasks /xml names it so) */
	struct strbuf uri, enabled, policy, userid, command, args;
	long line;
};

static enum xel
xel_of(const char *name)
{
	static const struct {
		const char *name;
		enum xel el;
	} els[] = {
		{"URI", X_URI}, {"Enabled", X_ENABLED}, {"MultipleInstancesPolicy", X_POLICY},
		{"UserId", X_USERID}, {"Command", X_COMMAND}, {"Arguments", X_ARGS},
	};
	size_t i;

	for (i = 0; i < sizeof els / sizeof els[0]; i++)
		if (strcmp(name, els[i].name) == 0)
			return els[i].el;
	return X_OTHER;
}

static void
xtask_begin(struct xtask *st)
{
	sb_reset(&st->uri);
	sb_reset(&st->enabled);
	sb_reset(&st->policy);
	sb_reset(&st->userid);
	sb_reset(&st->command);
	sb_reset(&st->args);
	st->line = xmlSAX2GetLineNumber(st->px);
}

static void
xtask_end(struct xtask *st)
{
	struct parse_ctx *ctx = st->ctx;
	struct record *r = &ctx->rec;
	struct strbuf path = STRBUF_INIT, ex = STRBUF_INIT;
	const char *c = st->comment.s;
	size_t cn = st->comment.len;
	int disabled;

	if (ctx->nrecords >= TASK_MAX)
		return;
	if (c != NULL)
		trim_span(&c, &cn);
	if (st->uri.len)
		sb_add(&path, st->uri.s, st->uri.len);
	else if (cn > 0 && c[0] == '\\')
		sb_add(&path, c, cn);
	else
		sb_adds(&path, parse_basename(ctx->entry));
	/* Settings/Enabled is true unless it says false. */
	disabled = st->enabled.len == 5 && ascii_ncasecmp(st->enabled.s, "false", 5) == 0;
	record_begin(r, "task", ctx->entry, st->line);
	record_set(r, "path", path.s, path.len);
	record_sets(r, "name", parse_basename(path.s));
	record_sets(r, "enabled", disabled ? "false" : "true");
	record_sets(r, "multiple_instances", st->policy.len ? st->policy.s : "IgnoreNew");
	if (st->userid.len)
		record_set(r, "run_as", st->userid.s, st->userid.len);
	if (st->command.len) {
		sb_add(&ex, st->command.s, st->command.len);
		if (st->args.len) {
			sb_addc(&ex, ' ');
			sb_add(&ex, st->args.s, st->args.len);
		}
		record_set(r, "command", ex.s, parse_utf8_cut(ex.s, ex.len, VALUE_MAX));
		sb_reset(&ex);
	}
	sb_add(&ex, path.s, path.len);
	sb_adds(&ex, disabled ? ": disabled" : ": enabled");
	record_set_excerpt(r, ex.s, ex.len);
	parse_emit(ctx);
	sb_free(&path);
	sb_free(&ex);
}

static void
x_start(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
    int nb_ns, const xmlChar **ns, int nb_attrs, int nb_defaulted, const xmlChar **attrs)
{
	struct xtask *st = ud;

	(void)prefix, (void)nb_ns, (void)ns, (void)nb_attrs, (void)nb_defaulted, (void)attrs;
	st->depth++;
	st->el = X_OTHER;
	sb_reset(&st->text);
	if (uri == NULL || strcmp((const char *)uri, TASK_NS) != 0)
		return;
	if (st->task_depth == 0 && strcmp((const char *)localname, "Task") == 0) {
		st->task_depth = st->depth;
		xtask_begin(st);
	} else if (st->task_depth > 0 && st->depth == st->task_depth + 1 &&
	    strcmp((const char *)localname, "Settings") == 0) {
		st->settings_depth = st->depth;
	} else if (st->task_depth > 0) {
		st->el = xel_of((const char *)localname);
		/* Triggers have an Enabled of their own: only the task's settings count. */
		if ((st->el == X_ENABLED || st->el == X_POLICY) &&
		    st->depth != st->settings_depth + 1)
			st->el = X_OTHER;
	}
}

static void
x_chars(void *ud, const xmlChar *ch, int len)
{
	struct xtask *st = ud;

	if (st->el != X_OTHER && len > 0)
		cmdout_append(&st->text, NULL, (const char *)ch, (size_t)len, VALUE_MAX);
}

static void
x_end(void *ud, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct xtask *st = ud;
	struct strbuf *to = NULL;
	const char *v = st->text.s;
	size_t n = st->text.len;

	(void)localname, (void)prefix, (void)uri;
	switch (st->el) {
	case X_URI: to = &st->uri; break;
	case X_ENABLED: to = &st->enabled; break;
	case X_POLICY: to = &st->policy; break;
	case X_USERID: to = &st->userid; break;
	case X_COMMAND: to = &st->command; break;
	case X_ARGS: to = &st->args; break;
	default: break;
	}
	if (to != NULL && v != NULL) {
		trim_span(&v, &n);
		sb_reset(to);
		sb_add(to, v, n);
	}
	st->el = X_OTHER;
	if (st->depth == st->settings_depth)
		st->settings_depth = 0;
	if (st->task_depth > 0 && st->depth == st->task_depth) {
		xtask_end(st);
		st->task_depth = 0;
		sb_reset(&st->comment);
	}
	st->depth--;
}

static void
x_comment(void *ud, const xmlChar *value)
{
	struct xtask *st = ud;

	if (st->task_depth == 0) {
		sb_reset(&st->comment);
		cmdout_append(&st->comment, NULL, (const char *)value, strlen((const char *)value),
		    VALUE_MAX);
	}
}

static int
xml_parse(struct parse_ctx *ctx)
{
	xmlSAXHandler sax;
	struct xtask st;
	int rc;

	memset(&st, 0, sizeof st);
	st.ctx = ctx;
	memset(&sax, 0, sizeof sax);
	sax.startElementNs = x_start;
	sax.endElementNs = x_end;
	sax.characters = x_chars;
	sax.cdataBlock = x_chars;
	sax.comment = x_comment;
	rc = xmlstream_run(ctx, &sax, &st, &st.px);
	sb_free(&st.text);
	sb_free(&st.comment);
	sb_free(&st.uri);
	sb_free(&st.enabled);
	sb_free(&st.policy);
	sb_free(&st.userid);
	sb_free(&st.command);
	sb_free(&st.args);
	return rc;
}

static int
schtask_parse(struct parse_ctx *ctx)
{
	size_t n;
	const char *head = textin_head(ctx->in, &n);

	int rc = xmlstream_head_is_xml(head, n) ? xml_parse(ctx) : text_parse(ctx);

	if (ctx->nrecords >= TASK_MAX && ctx->note == NULL)
		parse_note(ctx, "tasks read up to the limit of %d; any after it dropped", TASK_MAX);
	return rc;
}

/* ---- bidding ---- */

static int
bid_text(const char *head, size_t len)
{
	const char *line, *lab, *val;
	size_t pos = 0, n, llen, vlen, prevlen = 0;
	const char *prev = NULL;
	size_t col[MAX_COLS], ncol, i;
	int name = 0, state = 0;
	enum key k;

	while (cmdout_next_line(head, len, &pos, &line, &n)) {
		span_rtrim(line, &n);
		if (line[0] == '"' && mt_memmem(line, n, "\"TaskName\"", 10) != NULL &&
		    (mt_memmem(line, n, "\"Status\"", 8) != NULL ||
		    mt_memmem(line, n, "\"Scheduled Task State\"", 22) != NULL))
			return BID_CSV;
		if (prev != NULL && (ncol = underline_cols(line, n, col, MAX_COLS)) > 1) {
			for (i = 0; i < ncol; i++) {
				const char *v;
				size_t vn;

				column(prev, prevlen, col, ncol, i, &v, &vn);
				if (label_key(v, vn) == K_NAME)
					return BID_TABLE;
			}
		}
		if (cmdout_label_value(line, n, &lab, &llen, &val, &vlen) == 0) {
			k = label_key(lab, llen);
			name |= k == K_NAME;
			state |= k == K_STATUS || k == K_STATE_ENABLED;
			if (name && state)
				return BID_LIST;
		}
		prev = line;
		prevlen = n;
	}
	return 0;
}

static int
schtask_bid(const char *name, const char *head, size_t headlen)
{
	(void)name;
	if (xmlstream_head_is_xml(head, headlen))
		return mt_memmem(head, headlen, TASK_NS, strlen(TASK_NS)) != NULL &&
		    mt_memmem(head, headlen, "<Task", 5) != NULL ? BID_XML : 0;
	return bid_text(head, headlen);
}

static const char *const schtask_globs[] = {"*task*", "*Task*", NULL};

const struct parser parser_schtask = {
	"task",
	"scheduled tasks: Task Scheduler XML, schtasks /query, Get-ScheduledTask",
	schtask_globs,
	schtask_bid,
	schtask_parse
};
