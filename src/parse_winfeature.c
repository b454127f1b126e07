/* Parser for Get-WindowsFeature output, as the default table ("[X] Display Name  Name  Install
 * State") or as Format-List blocks: one feature record per role, role service or feature. */
#include <string.h>
#include "parser.h"

#define FIELD_MAX	512
#define EXCERPT_MAX	1024
#define LIST_KEYS	64	/* "Key : value" lines read per Format-List block */

#define BID_HEADER	24	/* "Display Name ... Install State" */
#define BID_DASHES	8	/* the dashes line under it */
#define BID_ROW_FIRST	16	/* a checkbox row ending in a known install state */
#define BID_ROW		4
#define BID_LIST	16	/* "InstallState : ..." */
#define BID_LIST_MORE	8	/* "DisplayName : " or "FeatureType : " besides it */
#define BID_MAX		64

static const char *const states[] = {
	"Installed", "Available", "Removed", "InstallPending", "UninstallPending", NULL
};

struct row {
	int open;
	int checked;		/* [X] */
	struct strbuf display;
	long line;
	struct strbuf excerpt;
};

struct listblk {
	int open;
	int has_name;
	int installed_true;
	long depth;		/* Format-List Depth, -1 if absent */
	int nkeys;		/* lines read, at most LIST_KEYS */
};

/* Indentation in columns (a tab counts as one level of four). */
static size_t
indent_cols(const char *s, size_t n, size_t *bytes)
{
	size_t i, c = 0;

	for (i = 0; i < n && ascii_isblank(s[i]); i++)
		c += s[i] == '\t' ? 4 : 1;
	if (bytes)
		*bytes = i;
	return c;
}

static int
is_state(const char *s, size_t n)
{
	size_t i;

	for (i = 0; states[i]; i++)
		if (strlen(states[i]) == n && ascii_ncasecmp(s, states[i], n) == 0)
			return 1;
	return 0;
}

/* "[X] " or "[ ] " after the indentation: 1 checked, 0 unchecked, -1 not a row. */
static int
checkbox(const char *s, size_t n, size_t at)
{
	if (at + 3 > n || s[at] != '[' || s[at + 2] != ']')
		return -1;
	if (at + 3 < n && !ascii_isblank(s[at + 3]))
		return -1;
	if (s[at + 1] == 'X' || s[at + 1] == 'x')
		return 1;
	return s[at + 1] == ' ' ? 0 : -1;
}

/* The last whitespace-separated token of [s, s + *n): its span; *n shrinks to before it. */
static int
last_token(const char *s, size_t *n, const char **tok, size_t *len)
{
	size_t e = *n, b;

	while (e > 0 && ascii_isblank(s[e - 1]))
		e--;
	if (e == 0)
		return 0;
	b = e;
	while (b > 0 && !ascii_isblank(s[b - 1]))
		b--;
	*tok = s + b;
	*len = e - b;
	*n = b;
	return 1;
}

/* A table row: checkbox, display name, Name, Install State. */
static int
row_split(const char *s, size_t n, int *checked, size_t *depth_cols, const char **disp,
    size_t *dl, const char **name, size_t *nl, const char **state, size_t *sl)
{
	size_t ib, rest;
	int c;

	span_rtrim(s, &n);
	*depth_cols = indent_cols(s, n, &ib);
	if ((c = checkbox(s, n, ib)) < 0)
		return 0;
	*checked = c;
	s += ib + 3;
	rest = n - ib - 3;
	if (!last_token(s, &rest, state, sl) || !last_token(s, &rest, name, nl))
		return 0;
	*disp = s;
	*dl = rest;
	trim_span(disp, dl);
	return 1;
}

static int
is_dashes(const char *s, size_t n)
{
	size_t i;
	int runs = 0, in = 0;

	span_rtrim(s, &n);
	for (i = 0; i < n; i++) {
		if (s[i] == '-') {
			runs += !in;
			in = 1;
		} else if (ascii_isblank(s[i]))
			in = 0;
		else
			return 0;
	}
	return runs >= 2;
}

/* "Key : value" with a one-word key; the spans of both. */
static int
list_line(const char *s, size_t n, const char **key, size_t *kl, const char **val, size_t *vl)
{
	const char *colon;
	size_t i;

	span_rtrim(s, &n);
	if (n == 0 || ascii_isblank(s[0]) || (colon = memchr(s, ':', n)) == NULL)
		return 0;
	*key = s;
	*kl = (size_t)(colon - s);
	trim_span(key, kl);
	if (*kl == 0)
		return 0;
	for (i = 0; i < *kl; i++)
		if (ascii_isblank((*key)[i]))
			return 0;
	*val = colon + 1;
	*vl = (size_t)(s + n - *val);
	trim_span(val, vl);
	return 1;
}

static int
key_is(const char *k, size_t kl, const char *want)
{
	return strlen(want) == kl && ascii_ncasecmp(k, want, kl) == 0;
}

/* Text that ends before the name column: the wrapped rest of a display name. */
static int
wrapped(const char *s, size_t n, size_t name_col, const char **d, size_t *dl)
{
	span_rtrim(s, &n);
	if (name_col == 0 || n == 0 || n >= name_col)
		return 0;
	*d = s;
	*dl = n;
	trim_span(d, dl);
	return *dl > 0;
}

static int
winfeature_bid(const char *name, const char *head, size_t headlen)
{
	const char *p, *d, *nm, *st, *k, *v;
	size_t pos = 0, n, dl, nml, sl, depth, kl, vl;
	int bid = 0, header = 0, rows = 0, list = 0, list_more = 0, checked;

	(void)name;
	while (parse_head_line(head, headlen, &pos, &p, &n)) {
		if (ascii_casestr(p, n, "Display Name") && ascii_casestr(p, n, "Install State"))
			header = 1;
		else if (header == 1 && is_dashes(p, n))
			header = 2;
		else if (row_split(p, n, &checked, &depth, &d, &dl, &nm, &nml, &st, &sl) &&
		    is_state(st, sl))
			rows++;
		else if (list_line(p, n, &k, &kl, &v, &vl)) {
			if (key_is(k, kl, "InstallState"))
				list = 1;
			else if (key_is(k, kl, "DisplayName") || key_is(k, kl, "FeatureType"))
				list_more = 1;
		}
	}
	if (header)
		bid = BID_HEADER + (header == 2 ? BID_DASHES : 0) + rows * BID_ROW;
	else if (rows)
		bid = BID_ROW_FIRST + (rows - 1) * BID_ROW;
	else if (list)
		bid = BID_LIST + (list_more ? BID_LIST_MORE : 0);
	return bid > BID_MAX ? BID_MAX : bid;
}

static void
set_installed(struct record *r, int yes)
{
	record_sets(r, "installed", yes ? "yes" : "no");
}

static void
row_end(struct parse_ctx *ctx, struct row *rw)
{
	const char *st;

	if (!rw->open)
		return;
	rw->open = 0;
	record_set(&ctx->rec, "display_name", sb_str(&rw->display), rw->display.len);
	st = record_get(&ctx->rec, "state");
	set_installed(&ctx->rec, rw->checked || (st && ascii_casecmp(st, "Installed") == 0));
	record_set_excerpt(&ctx->rec, sb_str(&rw->excerpt), rw->excerpt.len);
	parse_emit(ctx);
}

static void
row_begin(struct parse_ctx *ctx, struct row *rw, const char *line, size_t len, int checked,
    size_t depth_cols, size_t base_cols, const char *d, size_t dl, const char *nm, size_t nml,
    const char *st, size_t sl)
{
	struct record *r = &ctx->rec;

	rw->open = 1;
	rw->checked = checked;
	record_begin(r, "feature", ctx->entry, textin_lineno(ctx->in));
	record_set(r, "name", nm, parse_utf8_cut(nm, nml, FIELD_MAX));
	record_set(r, "state", st, parse_utf8_cut(st, sl, FIELD_MAX));
	record_setf(r, "depth", "%zu", (depth_cols > base_cols ? depth_cols - base_cols : 0) / 4);
	sb_reset(&rw->display);
	sb_add(&rw->display, d, parse_utf8_cut(d, dl, FIELD_MAX));
	span_rtrim(line, &len);
	sb_reset(&rw->excerpt);
	sb_add(&rw->excerpt, line, parse_utf8_cut(line, len, EXCERPT_MAX));
}

static void
list_end(struct parse_ctx *ctx, struct listblk *lb)
{
	const char *st;

	if (!lb->open)
		return;
	lb->open = 0;
	if (!lb->has_name)
		return;
	st = record_get(&ctx->rec, "state");
	set_installed(&ctx->rec, lb->installed_true || (st && ascii_casecmp(st, "Installed") == 0));
	/* Format-List counts top-level features as Depth 1. */
	record_setf(&ctx->rec, "depth", "%ld", lb->depth > 0 ? lb->depth - 1 : 0);
	parse_emit(ctx);
}

static void
list_field(struct parse_ctx *ctx, struct listblk *lb, const char *k, size_t kl, const char *v,
    size_t vl)
{
	struct record *r = &ctx->rec;
	int64_t d;

	if (!lb->open) {
		lb->open = 1;
		lb->has_name = lb->installed_true = 0;
		lb->depth = -1;
		lb->nkeys = 0;
		record_begin(r, "feature", ctx->entry, textin_lineno(ctx->in));
	}
	if (++lb->nkeys > LIST_KEYS)
		return;
	vl = parse_utf8_cut(v, vl, FIELD_MAX);
	if (key_is(k, kl, "Name")) {
		record_set(r, "name", v, vl);
		record_set_excerpt(r, v, vl);
		lb->has_name = 1;
	} else if (key_is(k, kl, "DisplayName"))
		record_set(r, "display_name", v, vl);
	else if (key_is(k, kl, "InstallState"))
		record_set(r, "state", v, vl);
	else if (key_is(k, kl, "Installed"))
		lb->installed_true = key_is(v, vl, "True");
	else if (key_is(k, kl, "Depth") && parse_int64(v, vl, &d) == 0 && d >= 0 && d < 1000)
		lb->depth = (long)d;
}

static int
winfeature_parse(struct parse_ctx *ctx)
{
	struct row rw;
	struct listblk lb;
	const char *line, *d, *nm, *st, *k, *v;
	size_t len, dl, nml, sl, depth, kl, vl, base = 0, name_col = 0, ib;
	int rc, checked;

	memset(&rw, 0, sizeof rw);
	memset(&lb, 0, sizeof lb);
	while ((rc = textin_getline(ctx->in, &line, &len)) == 1) {
		if (is_dashes(line, len)) {
			/* Column starts: the display column gives depth 0, the second the
			 * name column that bounds wrapped display text. */
			row_end(ctx, &rw);
			base = indent_cols(line, len, &ib);
			name_col = ib;
			while (name_col < len && line[name_col] == '-')
				name_col++;
			while (name_col < len && ascii_isblank(line[name_col]))
				name_col++;
		} else if (row_split(line, len, &checked, &depth, &d, &dl, &nm, &nml, &st, &sl)) {
			row_end(ctx, &rw);
			list_end(ctx, &lb);
			row_begin(ctx, &rw, line, len, checked, depth, base, d, dl, nm, nml, st,
			    sl);
		} else if (list_line(line, len, &k, &kl, &v, &vl)) {
			row_end(ctx, &rw);
			list_field(ctx, &lb, k, kl, v, vl);
		} else if (rw.open && wrapped(line, len, name_col, &d, &dl)) {
			/* A display name wrapped under its own column (Format-Table -Wrap). */
			if (rw.display.len + 1 + dl <= FIELD_MAX) {
				sb_addc(&rw.display, ' ');
				sb_add(&rw.display, d, dl);
			}
		} else {
			size_t n = len;

			span_rtrim(line, &n);
			if (n == 0) {
				row_end(ctx, &rw);
				list_end(ctx, &lb);
			}
		}
	}
	row_end(ctx, &rw);
	list_end(ctx, &lb);
	sb_free(&rw.display);
	sb_free(&rw.excerpt);
	if (rc < 0)
		return parse_read_error(ctx);
	return 0;
}

static const char *const winfeature_globs[] = {
	"*feature*", NULL
};

const struct parser parser_winfeature = {
	"feature",
	"Get-WindowsFeature output (table or Format-List)",
	winfeature_globs,
	winfeature_bid,
	winfeature_parse
};
