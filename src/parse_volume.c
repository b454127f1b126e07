/* Parser for free space and disk layout outputs: fsutil volume diskfree (three layouts, any
 * language), wmic logicaldisk, Get-WmiObject Win32_LogicalDisk, Get-Volume, and diskpart
 * list vol / list disk / san. One volume, disk or san record per volume, disk or policy. */
#include <stdlib.h>
#include <string.h>
#include "parsers_backup.h"

#define EXCERPT_MAX	1024
#define PREV_MAX	512	/* bytes of the line before a dashes line (a table header) */
#define CELL_MAX	256
#define MAXCOLS		12

#define BID_TABLE	24	/* a known table header, a fsutil pair, a wmi block */
#define BID_SAN		16
#define BID_BANNER	8	/* "Microsoft DiskPart version", "DISKPART>" */
#define BID_MORE	4
#define BID_MAX		64

enum role {
	R_NONE, R_VOLUME, R_LETTER, R_LABEL, R_FS, R_FREE, R_TOTAL, R_DRIVETYPE, R_HEALTH,
	R_STATUS, R_TYPE, R_INFO, R_DISK, R_DYN, R_GPT
};

enum tkind {
	T_NONE, T_WMIC, T_GETVOLUME, T_DPVOL, T_DPDISK
};

struct table {
	enum tkind kind;
	size_t n;
	size_t start[MAXCOLS], end[MAXCOLS];	/* code points; end exclusive */
	enum role role[MAXCOLS];
};

enum mode {
	M_NONE, M_TABLE, M_FSUTIL, M_WMILIST
};

struct vol {
	enum mode mode;
	struct table t;
	char prev[PREV_MAX];	/* last non-blank line, for a header above dashes */
	size_t prevlen;
	char cmdvol[64];	/* volume named on a "fsutil volume diskfree X:" line */
	/* a fsutil or Get-WmiObject block being read */
	long start;
	int nvalues;
	int has_free, has_total;
	int64_t avail, total;
	char volume[64], label[CELL_MAX], drivetype[16];
	char excerpt[EXCERPT_MAX];
};

static int
starts(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);

	return n >= l && ascii_ncasecmp(s, prefix, l) == 0;
}

static void
copy_span(char *dst, size_t cap, const char *s, size_t n)
{
	n = parse_utf8_cut(s, n, cap - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Sets free_bytes, total_bytes and free_pct (whole percent, rounded down). */
static void
set_bytes(struct record *r, int has_free, int64_t avail, int has_total, int64_t total)
{
	int64_t pct;

	if (has_free)
		record_setf(r, "free_bytes", "%lld", (long long)avail);
	if (has_total)
		record_setf(r, "total_bytes", "%lld", (long long)total);
	if (!has_free || !has_total || avail < 0 || total <= 0 || avail > total)
		return;
	pct = avail <= INT64_MAX / 100 ? avail * 100 / total : avail / (total / 100);
	record_setf(r, "free_pct", "%d", (int)(pct > 100 ? 100 : pct));
}

static void
begin(struct parse_ctx *ctx, const char *kind, long line, const char *s, size_t n)
{
	record_begin(&ctx->rec, kind, ctx->entry, line);
	record_set_excerpt(&ctx->rec, s, parse_utf8_cut(s, n, EXCERPT_MAX));
}

/* --- fsutil volume diskfree ------------------------------------------------------------ */

/* A "<label with bytes/octets> : <count>" line: 0 with *v set. The count is the plain or
 * grouped number, or the byte count in parentheses of "890.5 GB (956,301,750,272 bytes)". */
static int
fsutil_value(const char *s, size_t n, const char **lab, size_t *ll, int64_t *v)
{
	const char *val, *p, *w;
	size_t vl, used, wl;

	if (cmdout_label_value(s, n, lab, ll, &val, &vl) != 0 || vl == 0)
		return -1;
	if (!ascii_casestr(*lab, *ll, "byte") && !ascii_casestr(*lab, *ll, "octet"))
		return -1;
	if ((p = memchr(val, '(', vl)) != NULL) {
		for (p++; p < val + vl && *p == ' '; p++)
			;
		used = cmdout_grouped_int(p, (size_t)(val + vl - p), v);
		w = p + used;
		wl = (size_t)(val + vl - w);
		trim_span(&w, &wl);
		if (used > 0 && (starts(w, wl, "byte") || starts(w, wl, "octet")))
			return 0;
	}
	used = cmdout_grouped_int(val, vl, v);
	if (used > 0 && (used == vl || val[used] == ' ' || val[used] == '('))
		return 0;
	return -1;
}

static void
fsutil_end(struct parse_ctx *ctx, struct vol *w)
{
	w->mode = M_NONE;
	if (!w->has_free && !w->has_total)
		return;
	begin(ctx, "volume", w->start, w->excerpt, strlen(w->excerpt));
	if (w->cmdvol[0])
		record_sets(&ctx->rec, "volume", w->cmdvol);
	w->cmdvol[0] = '\0';	/* it named this output only */
	set_bytes(&ctx->rec, w->has_free, w->avail, w->has_total, w->total);
	record_sets(&ctx->rec, "source", "fsutil");
	parse_emit(ctx);
}

static void
fsutil_line(struct parse_ctx *ctx, struct vol *w, const char *s, size_t n, const char *lab,
    size_t ll, int64_t v)
{
	int slot;

	if (w->mode != M_FSUTIL) {
		w->mode = M_FSUTIL;
		w->start = textin_lineno(ctx->in);
		w->nvalues = 0;
		w->has_free = w->has_total = 0;
		copy_span(w->excerpt, sizeof w->excerpt, s, n);
	}
	/* English labels say which value it is; in other languages the first line is the
	 * free bytes and the second the total, in all three layouts. */
	if (ascii_casestr(lab, ll, "quota") || ascii_casestr(lab, ll, "avail") ||
	    ascii_casestr(lab, ll, "unavailable") || ascii_casestr(lab, ll, "used") ||
	    ascii_casestr(lab, ll, "reserved"))
		slot = -1;
	else if (starts(lab, ll, "Total free bytes") || starts(lab, ll, "Total # of free bytes"))
		slot = 0;
	else if (starts(lab, ll, "Total bytes") || starts(lab, ll, "Total # of bytes"))
		slot = 1;
	else if (starts(lab, ll, "Total"))
		slot = -1;
	else
		slot = w->nvalues;
	w->nvalues++;
	if (slot == 0 && !w->has_free) {
		w->avail = v;
		w->has_free = 1;
	} else if (slot == 1 && !w->has_total) {
		w->total = v;
		w->has_total = 1;
	}
}

/* "fsutil volume diskfree C:" (possibly after a prompt): remembers the volume. */
static void
command_line(struct vol *w, const char *s, size_t n)
{
	const char *tok = s + n;
	size_t tl = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '"'))
		n--;
	tok = s + n;
	while (tok > s && tok[-1] != ' ' && tok[-1] != '"')
		tok--;
	tl = (size_t)(s + n - tok);
	if (tl >= 2 && tok[1] == ':' && (tl == 2 || (tl == 3 && tok[2] == '\\')))
		tl = 2;
	if (tl > 0 && !starts(tok, tl, "diskfree"))
		copy_span(w->cmdvol, sizeof w->cmdvol, tok, tl);
}

/* --- tables ------------------------------------------------------------------------------ */

/* The dash groups of a line made only of '-' runs and spaces (at least two groups). */
static int
dash_groups(const char *s, size_t n, struct table *t)
{
	size_t i = 0, cp = 0;

	t->n = 0;
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			cp++;
			continue;
		}
		if (s[i] != '-' || t->n >= MAXCOLS)
			return 0;
		t->start[t->n] = cp;
		while (i < n && s[i] == '-') {
			i++;
			cp++;
		}
		t->end[t->n] = cp;
		t->role[t->n] = R_NONE;
		t->n++;
	}
	return t->n >= 2;
}

/* The header word(s) above column i. */
static void
header_cell(const char *h, size_t hn, const struct table *t, size_t i, const char **c,
    size_t *cl)
{
	size_t a = cmdout_cp_offset(h, hn, t->start[i]);
	size_t b = cmdout_cp_offset(h, hn, t->end[i]);

	*c = h + a;
	*cl = b - a;
	trim_span(c, cl);
}

static enum role
getvolume_role(const char *c, size_t cl)
{
	static const struct {
		const char *name;
		enum role role;
	} names[] = {
		{"DriveLetter", R_LETTER}, {"FriendlyName", R_LABEL}, {"FileSystemLabel", R_LABEL},
		{"FileSystemType", R_FS}, {"FileSystem", R_FS}, {"DriveType", R_DRIVETYPE},
		{"HealthStatus", R_HEALTH}, {"OperationalStatus", R_STATUS},
		{"SizeRemaining", R_FREE}, {"Size", R_TOTAL},
	};
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(names); i++)
		if (strlen(names[i].name) == cl && ascii_ncasecmp(c, names[i].name, cl) == 0)
			return names[i].role;
	return R_NONE;
}

/* Decides what table a dashes line under header h starts. */
static enum tkind
table_kind(const char *h, size_t hn, struct table *t)
{
	static const enum role vol[] = {R_VOLUME, R_LETTER, R_LABEL, R_FS, R_TYPE, R_TOTAL,
		R_STATUS, R_INFO};
	static const enum role disk[] = {R_DISK, R_STATUS, R_TOTAL, R_FREE, R_DYN, R_GPT};
	const char *c;
	size_t cl, i;
	int letter = 0, size = 0;

	/* diskpart: fixed column widths, the same in every language */
	if (t->n == 8 && t->end[1] - t->start[1] == 3 && t->end[2] - t->start[2] == 11) {
		memcpy(t->role, vol, sizeof vol);
		return T_DPVOL;
	}
	if (t->n == 6 && t->end[4] - t->start[4] == 3 && t->end[5] - t->start[5] == 3 &&
	    mt_memmem(h, hn, "###", 3)) {
		memcpy(t->role, disk, sizeof disk);
		return T_DPDISK;
	}
	for (i = 0; i < t->n; i++) {
		header_cell(h, hn, t, i, &c, &cl);
		t->role[i] = getvolume_role(c, cl);
		letter |= t->role[i] == R_LETTER;
		size |= t->role[i] == R_FREE;
	}
	return letter && size ? T_GETVOLUME : T_NONE;
}

/* wmic's header: column names separated by spaces, with FreeSpace and Size. */
static int
wmic_header(const char *s, size_t n, struct table *t)
{
	static const struct {
		const char *name;
		enum role role;
	} names[] = {
		{"Caption", R_VOLUME}, {"DeviceID", R_VOLUME}, {"Name", R_VOLUME},
		{"FreeSpace", R_FREE}, {"Size", R_TOTAL}, {"FileSystem", R_FS},
		{"VolumeName", R_LABEL}, {"DriveType", R_DRIVETYPE},
	};
	size_t i = 0, st, k, cp = 0;
	int vol = 0, fr = 0, sz = 0;
	enum role r;

	t->n = 0;
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			cp++;
			continue;
		}
		if (t->n >= MAXCOLS)
			return 0;
		st = i;
		t->start[t->n] = cp;
		while (i < n && s[i] != ' ' && s[i] != '\t') {
			if ((unsigned char)s[i] >= 0x80 || s[i] == ':')
				return 0;
			i++;
			cp++;
		}
		r = R_NONE;
		for (k = 0; k < MT_ARRAY_LEN(names); k++)
			if (strlen(names[k].name) == i - st &&
			    ascii_ncasecmp(s + st, names[k].name, i - st) == 0)
				r = names[k].role;
		vol |= r == R_VOLUME;
		fr |= r == R_FREE;
		sz |= r == R_TOTAL;
		t->role[t->n++] = r;
	}
	for (k = 0; k < t->n; k++)
		t->end[k] = k + 1 < t->n ? t->start[k + 1] : (size_t)-1;
	t->kind = T_WMIC;
	return vol && fr && sz;
}

static int
right_aligned(const struct table *t, size_t i)
{
	return t->kind != T_WMIC && (t->role[i] == R_FREE || t->role[i] == R_TOTAL);
}

/* Cell i of a row: left-aligned cells lie under their dashes (the last runs to the end of
 * the line); right-aligned ones may also spill left into the gap before their dashes. */
static void
cell(const char *s, size_t n, const struct table *t, size_t i, const char **c, size_t *cl)
{
	size_t from, to, a, b;

	if (right_aligned(t, i)) {
		from = i > 0 ? t->end[i - 1] : 0;
		to = t->end[i];
	} else {
		from = t->start[i];
		to = i + 1 == t->n ? (size_t)-1 : t->end[i];
	}
	a = cmdout_cp_offset(s, n, from);
	b = to == (size_t)-1 ? n : cmdout_cp_offset(s, n, to);
	*c = s + a;
	*cl = b > a ? b - a : 0;
	trim_span(c, cl);
}

static void
table_row(struct parse_ctx *ctx, struct vol *w, const char *s, size_t n)
{
	struct table *t = &w->t;
	struct record *r = &ctx->rec;
	const char *c, *letter = NULL, *label = NULL, *name = NULL;
	size_t cl, i, lel = 0, lal = 0, nal = 0;
	int64_t v, avail = 0, total = 0;
	int has_free = 0, has_total = 0, human = t->kind != T_WMIC;
	char buf[8];

	begin(ctx, t->kind == T_DPDISK ? "disk" : "volume", textin_lineno(ctx->in), s, n);
	for (i = 0; i < t->n; i++) {
		cell(s, n, t, i, &c, &cl);
		switch (t->role[i]) {
		case R_VOLUME:
			name = c;
			nal = cl;
			break;
		case R_LETTER:
			letter = c;
			lel = cl;
			break;
		case R_LABEL:
			label = c;
			lal = cl;
			if (cl)
				record_set(r, "label", c, cl);
			break;
		case R_FS:
			if (cl)
				record_set(r, "file_system", c, cl);
			break;
		case R_FREE:
		case R_TOTAL:
			if (cl == 0)
				break;
			if (human ? cmdout_size(c, cl, &v) == cl : cmdout_grouped_int(c, cl, &v) == cl) {
				if (t->role[i] == R_FREE) {
					avail = v;
					has_free = 1;
				} else {
					total = v;
					has_total = 1;
				}
			}
			if (t->kind == T_DPDISK)
				record_set(r, t->role[i] == R_FREE ? "free" : "size", c, cl);
			break;
		case R_DRIVETYPE:
			if (cl)
				record_set(r, "drive_type", c, cl);
			break;
		case R_HEALTH:
			if (cl)
				record_set(r, "health", c, cl);
			break;
		case R_STATUS:
			if (cl)
				record_set(r, "status", c, cl);
			break;
		case R_TYPE:
			if (cl)
				record_set(r, "type", c, cl);
			break;
		case R_INFO:
			if (cl)
				record_set(r, "info", c, cl);
			break;
		case R_DISK:
			while (cl > 0 && !(c[0] >= '0' && c[0] <= '9')) {
				c++;
				cl--;
			}
			record_set(r, "disk", c, cl);
			break;
		case R_DYN:
			record_sets(r, "dynamic", cl && c[0] == '*' ? "yes" : "no");
			break;
		case R_GPT:
			record_sets(r, "gpt", cl && c[0] == '*' ? "yes" : "no");
			break;
		default:
			break;
		}
	}
	if (t->kind == T_DPDISK) {
		if (has_total)
			record_setf(r, "size_bytes", "%lld", (long long)total);
		if (has_free)
			record_setf(r, "free_bytes", "%lld", (long long)avail);
		record_sets(r, "source", "diskpart");
		parse_emit(ctx);
		return;
	}
	if (t->kind == T_DPVOL && nal) {
		/* "Volume 3": the number, for rules that name a volume without letter. */
		const char *d = name;
		size_t dl = nal;

		while (dl > 0 && !(d[0] >= '0' && d[0] <= '9')) {
			d++;
			dl--;
		}
		if (dl)
			record_set(r, "volume_number", d, dl);
	}
	if (lel == 1) {
		snprintf(buf, sizeof buf, "%c:", letter[0]);
		record_sets(r, "volume", buf);
	} else if (nal && t->kind == T_WMIC)
		record_set(r, "volume", name, nal);
	else if (lal)
		record_set(r, "volume", label, lal);
	else if (nal)
		record_set(r, "volume", name, nal);
	set_bytes(r, has_free, avail, has_total, total);
	if (human && (has_free || has_total))
		record_sets(r, "approx", "yes");
	record_sets(r, "source", t->kind == T_WMIC ? "wmic" :
	    t->kind == T_GETVOLUME ? "get-volume" : "diskpart");
	parse_emit(ctx);
}

/* A wmic row: the volume cell is set and the number cells are numbers or empty. */
static int
wmic_row_ok(const char *s, size_t n, const struct table *t)
{
	const char *c;
	size_t cl, i;
	int64_t v;
	int vol = 0;

	for (i = 0; i < t->n; i++) {
		cell(s, n, t, i, &c, &cl);
		if (t->role[i] == R_VOLUME && cl)
			vol = 1;
		if ((t->role[i] == R_FREE || t->role[i] == R_TOTAL) && cl &&
		    cmdout_grouped_int(c, cl, &v) != cl)
			return 0;
	}
	return vol;
}

/* --- Get-WmiObject Win32_LogicalDisk list and diskpart san -------------------------------- */

static void
wmilist_end(struct parse_ctx *ctx, struct vol *w)
{
	w->mode = M_NONE;
	begin(ctx, "volume", w->start, w->excerpt, strlen(w->excerpt));
	record_sets(&ctx->rec, "volume", w->volume);
	if (w->label[0])
		record_sets(&ctx->rec, "label", w->label);
	if (w->drivetype[0])
		record_sets(&ctx->rec, "drive_type", w->drivetype);
	set_bytes(&ctx->rec, w->has_free, w->avail, w->has_total, w->total);
	record_sets(&ctx->rec, "source", "wmi");
	parse_emit(ctx);
}

static void
wmilist_line(struct vol *w, const char *lab, size_t ll, const char *v, size_t vl)
{
	int64_t x;

	if (starts(lab, ll, "FreeSpace") && ll == 9 && cmdout_grouped_int(v, vl, &x) == vl &&
	    vl) {
		w->avail = x;
		w->has_free = 1;
	} else if (ll == 4 && starts(lab, ll, "Size") && cmdout_grouped_int(v, vl, &x) == vl &&
	    vl) {
		w->total = x;
		w->has_total = 1;
	} else if (ll == 10 && starts(lab, ll, "VolumeName"))
		copy_span(w->label, sizeof w->label, v, vl);
	else if (ll == 9 && starts(lab, ll, "DriveType"))
		copy_span(w->drivetype, sizeof w->drivetype, v, vl);
}

static void
san_line(struct parse_ctx *ctx, const char *s, size_t n, const char *v, size_t vl)
{
	static const char *const ids[] = {
		"OnlineAll", "OfflineAll", "OfflineShared", "OfflineInternal", NULL
	};
	char id[32];
	size_t i, k = 0;

	begin(ctx, "san", textin_lineno(ctx->in), s, n);
	record_set(&ctx->rec, "policy", v, vl);
	for (i = 0; i < vl && k + 1 < sizeof id; i++)
		if (v[i] != ' ')
			id[k++] = v[i];
	id[k] = '\0';
	for (i = 0; ids[i]; i++)
		if (ascii_casecmp(id, ids[i]) == 0)
			record_sets(&ctx->rec, "policy_id", ids[i]);
	record_sets(&ctx->rec, "source", "diskpart");
	parse_emit(ctx);
}

/* --- driver ------------------------------------------------------------------------------ */

static int
vol_line(struct parse_ctx *ctx, struct vol *w, const char *s, size_t n)
{
	const char *t = s, *lab, *v;
	size_t tl = n, ll, vl;
	int64_t x;

	trim_span(&t, &tl);
	switch (w->mode) {
	case M_TABLE:
		if (w->t.kind == T_WMIC) {
			if (tl == 0)
				return 0;	/* wmic's CR CR LF line ends read as blank lines */
			if (wmic_row_ok(s, n, &w->t)) {
				table_row(ctx, w, s, n);
				return 0;
			}
		} else if (tl > 0) {
			table_row(ctx, w, s, n);
			return 0;
		}
		w->mode = M_NONE;
		break;
	case M_FSUTIL:
		if (fsutil_value(t, tl, &lab, &ll, &x) == 0) {
			fsutil_line(ctx, w, t, tl, lab, ll, x);
			return 0;
		}
		fsutil_end(ctx, w);
		break;
	case M_WMILIST:
		if (tl > 0 && cmdout_label_value(t, tl, &lab, &ll, &v, &vl) == 0 &&
		    !(ll == 8 && starts(lab, ll, "DeviceID"))) {
			wmilist_line(w, lab, ll, v, vl);
			return 0;
		}
		wmilist_end(ctx, w);
		break;
	default:
		break;
	}
	if (tl == 0)
		return 0;
	if (dash_groups(t, tl, &w->t)) {
		/* positions are those of the untrimmed line */
		dash_groups(s, n, &w->t);
		if ((w->t.kind = table_kind(w->prev, w->prevlen, &w->t)) != T_NONE)
			w->mode = M_TABLE;
		return 0;
	}
	if (wmic_header(s, n, &w->t)) {
		w->mode = M_TABLE;
		return 0;
	}
	if (fsutil_value(t, tl, &lab, &ll, &x) == 0) {
		fsutil_line(ctx, w, t, tl, lab, ll, x);
		return 0;
	}
	if (cmdout_label_value(t, tl, &lab, &ll, &v, &vl) == 0) {
		if (starts(lab, ll, "SAN Policy")) {
			san_line(ctx, t, tl, v, vl);
			return 0;
		}
		if (ll == 8 && starts(lab, ll, "DeviceID") && vl > 0) {
			w->mode = M_WMILIST;
			w->start = textin_lineno(ctx->in);
			w->has_free = w->has_total = 0;
			w->label[0] = w->drivetype[0] = '\0';
			copy_span(w->volume, sizeof w->volume, v, vl);
			copy_span(w->excerpt, sizeof w->excerpt, t, tl);
			return 0;
		}
	}
	if (ascii_casestr(t, tl, "diskfree"))
		command_line(w, t, tl);
	w->prevlen = parse_utf8_cut(s, n, sizeof w->prev);
	memcpy(w->prev, s, w->prevlen);
	return 0;
}

static int
volume_parse(struct parse_ctx *ctx)
{
	struct vol *w = xcalloc(1, sizeof *w);
	const char *line;
	size_t len;
	int rc;

	while ((rc = cmdout_getline(ctx, &line, &len)) == 1)
		vol_line(ctx, w, line, len);
	if (w->mode == M_FSUTIL)
		fsutil_end(ctx, w);
	else if (w->mode == M_WMILIST)
		wmilist_end(ctx, w);
	free(w);
	return rc < 0 ? -1 : 0;
}

static int
volume_bid(const char *name, const char *head, size_t headlen)
{
	struct table t;
	const char *l, *t0, *lab, *v, *prev = "";
	size_t ll, tl, pos = 0, prevlen = 0, labl, vl;
	int64_t x;
	int bid = 0, fs = 0, banner = 0, wmi = 0;

	(void)name;
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		t0 = l;
		tl = ll;
		trim_span(&t0, &tl);
		if (tl == 0)
			continue;
		if (starts(t0, tl, "Microsoft DiskPart version") || starts(t0, tl, "DISKPART>"))
			banner = 1;
		if (dash_groups(l, ll, &t) && table_kind(prev, prevlen, &t) != T_NONE)
			bid = bid ? bid + BID_MORE : BID_TABLE;
		else if (wmic_header(l, ll, &t))
			bid = bid ? bid + BID_MORE : BID_TABLE;
		else if (fsutil_value(t0, tl, &lab, &labl, &x) == 0) {
			if (++fs == 2)
				bid = bid ? bid + BID_MORE : BID_TABLE;
		} else if (cmdout_label_value(t0, tl, &lab, &labl, &v, &vl) == 0) {
			if (starts(lab, labl, "SAN Policy"))
				bid = bid ? bid + BID_MORE : BID_SAN;
			else if ((labl == 8 && starts(lab, labl, "DeviceID")) ||
			    (labl == 9 && starts(lab, labl, "FreeSpace")) ||
			    (labl == 4 && starts(lab, labl, "Size")))
				if (++wmi == 3)
					bid = bid ? bid + BID_MORE : BID_TABLE;
		}
		prev = l;
		prevlen = ll;
	}
	if (bid && banner)
		bid += BID_BANNER;
	return bid > BID_MAX ? BID_MAX : bid;
}

static const char *const volume_globs[] = {
	"*diskfree*", "*fsutil*", "*diskpart*", "*logicaldisk*", "*volume*", "*wmic*", NULL
};

const struct parser parser_volume = {
	"volume",
	"fsutil volume diskfree, wmic logicaldisk, Get-Volume, diskpart list vol/disk and san",
	volume_globs,
	volume_bid,
	volume_parse
};
