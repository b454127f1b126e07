/* Parser for `systeminfo` output (list form and `/fo csv`): one system record per machine,
 * with labels recognised in English, German and French, and by their fixed order in any
 * other language. */
#include <string.h>
#include "parsers_more.h"
#include "parsers_backup.h"

#define BID_LABELS	16	/* two key labels (host, OS name, OS version...) at line starts */
#define BID_LABEL_MORE	8	/* each further key label */
#define BID_SHAPE	24	/* any language: host, "Microsoft Windows...", "10.0.20348 ..." */
#define BID_MAX		64

#define MAX_COLS	64	/* CSV columns mapped */
#define HOTFIX_MAX	4096	/* bytes of the space-separated KB list */
#define EXCERPT_MAX	512

enum field {
	F_NONE, F_HOST, F_OS_NAME, F_OS_VERSION, F_OS_CONFIG, F_INSTALL, F_BOOT, F_MANUF,
	F_MODEL, F_SYSTYPE, F_BIOS, F_LOCALE, F_TZ, F_MEMORY, F_PAGEFILE, F_DOMAIN, F_LOGON,
	F_HOTFIX, F_OTHER
};

/* Record field of each enum field that is stored as written. */
static const char *const field_name[] = {
	NULL, "host", "os_name", "os_version", "os_configuration", "install_date",
	"boot_time", "manufacturer", "model", "system_type", "bios", NULL, "time_zone",
	NULL, "page_file", "domain", "logon_server", NULL, NULL
};

/* The order systeminfo prints its lines in (Windows Server 2008 R2 to 2025, every
 * language): used for labels not in the table below. */
static const unsigned char by_position[] = {
	F_HOST, F_OS_NAME, F_OS_VERSION, F_OTHER /* OS Manufacturer */, F_OS_CONFIG,
	F_OTHER /* OS Build Type */, F_OTHER /* Registered Owner */,
	F_OTHER /* Registered Organization */, F_OTHER /* Product ID */, F_INSTALL, F_BOOT,
	F_MANUF, F_MODEL, F_SYSTYPE, F_OTHER /* Processor(s) */, F_BIOS,
	F_OTHER /* Windows Directory */, F_OTHER /* System Directory */,
	F_OTHER /* Boot Device */, F_LOCALE, F_OTHER /* Input Locale */, F_TZ, F_MEMORY,
	F_OTHER /* Available Physical Memory */, F_OTHER /* Virtual Memory: Max Size */,
	F_OTHER /* Virtual Memory: Available */, F_OTHER /* Virtual Memory: In Use */,
	F_PAGEFILE, F_DOMAIN, F_LOGON, F_HOTFIX, F_OTHER /* Network Card(s) */,
	F_OTHER /* Hyper-V Requirements */
};

/*
 * Labels reduced to their lower-case ASCII letters and digits: "Nom de l'hôte" is
 * "nomdelhte". Dropping everything else makes the match immune to the apostrophe used
 * (' or U+2019), to spaces before the colon, and to accented letters damaged by a wrong
 * code page (systeminfo writes the OEM code page when redirected).
 */
static const struct {
	const char *key;
	unsigned char field;
	const char *lang;	/* NULL when the label is shared by several languages */
} labels[] = {
	{"hostname", F_HOST, NULL},			/* Host Name; de Hostname */
	{"osname", F_OS_NAME, "en"},
	{"osversion", F_OS_VERSION, "en"},
	{"osconfiguration", F_OS_CONFIG, "en"},
	{"originalinstalldate", F_INSTALL, "en"},
	{"systemboottime", F_BOOT, "en"},
	{"systemmanufacturer", F_MANUF, "en"},
	{"systemmodel", F_MODEL, "en"},
	{"systemtype", F_SYSTYPE, "en"},
	{"biosversion", F_BIOS, NULL},			/* BIOS Version; de BIOS-Version */
	{"systemlocale", F_LOCALE, "en"},
	{"timezone", F_TZ, "en"},
	{"totalphysicalmemory", F_MEMORY, "en"},
	{"pagefilelocations", F_PAGEFILE, "en"},
	{"domain", F_DOMAIN, "en"},
	{"logonserver", F_LOGON, "en"},
	{"hotfixs", F_HOTFIX, "en"},
	{"hotfixes", F_HOTFIX, NULL},			/* Hotfix(es): older en, de */
	{"betriebssystemname", F_OS_NAME, "de"},
	{"betriebssystemversion", F_OS_VERSION, "de"},
	{"betriebssystemkonfiguration", F_OS_CONFIG, "de"},
	{"ursprnglichesinstallationsdatum", F_INSTALL, "de"},
	{"systemstartzeit", F_BOOT, "de"},
	{"systemhersteller", F_MANUF, "de"},
	{"systemmodell", F_MODEL, "de"},
	{"systemtyp", F_SYSTYPE, "de"},
	{"systemgebietsschema", F_LOCALE, "de"},
	{"zeitzone", F_TZ, "de"},
	{"gesamterphysischerspeicher", F_MEMORY, "de"},
	{"auslagerungsdateipfade", F_PAGEFILE, "de"},
	{"domne", F_DOMAIN, "de"},
	{"anmeldeserver", F_LOGON, "de"},
	{"nomdelhte", F_HOST, "fr"},
	{"nomdusystmedexploitation", F_OS_NAME, "fr"},
	{"versiondusystme", F_OS_VERSION, "fr"},
	{"configurationdusystmedexploitation", F_OS_CONFIG, "fr"},
	{"datedinstallationoriginale", F_INSTALL, "fr"},
	{"heurededmarragedusystme", F_BOOT, "fr"},
	{"fabricantdusystme", F_MANUF, "fr"},
	{"modledusystme", F_MODEL, "fr"},
	{"typedusystme", F_SYSTYPE, "fr"},
	{"versiondubios", F_BIOS, "fr"},
	{"optionrgionaledusystme", F_LOCALE, "fr"},
	{"fuseauhoraire", F_TZ, "fr"},
	{"mmoirephysiquetotale", F_MEMORY, "fr"},
	{"emplacementsdesfichiersdchange", F_PAGEFILE, "fr"},
	{"domaine", F_DOMAIN, "fr"},
	{"serveurdouverturedesession", F_LOGON, "fr"},
	{"correctifs", F_HOTFIX, "fr"},
};

struct span {
	const char *s;
	size_t n;
};

struct sysinfo {
	int open;		/* a record is being built in ctx->rec */
	int csv_mapped;		/* map[] holds a CSV header */
	size_t col;		/* value column (characters) of the list form, 0 if unknown */
	size_t ordinal;		/* labelled lines read in this block */
	int cur;		/* field of the last labelled line */
	unsigned set;		/* fields already set: a repeated label is ignored */
	int host_labelled;	/* the host came from a recognised label */
	int hotfix_seen;
	long hotfix_count;	/* stated count, -1 if none */
	size_t nkb;
	const char *lang;
	char first[64];		/* key of the block's first label */
	size_t ncols;
	unsigned char map[MAX_COLS];
	struct strbuf kbs;
	struct strbuf cell;
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The label's key: lower-case ASCII letters and digits only. */
static void
label_key(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;
	char c;

	for (i = 0; i < n && o + 1 < cap; i++) {
		c = s[i];
		if (c >= 'A' && c <= 'Z')
			out[o++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || is_digit(c))
			out[o++] = c;
	}
	out[o] = '\0';
}

static int
lookup(const char *key, const char **lang)
{
	size_t i;

	for (i = 0; i < MT_ARRAY_LEN(labels); i++)
		if (strcmp(key, labels[i].key) == 0) {
			if (lang)
				*lang = labels[i].lang;
			return labels[i].field;
		}
	return F_NONE;
}

/* The value column of a "Label:   value" line, in characters; 0 when the gap holds a tab
 * or there is none. */
static size_t
value_column(const char *s, size_t n)
{
	size_t i, j;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] != ':' || s[i + 1] != ' ')
			continue;
		for (j = i + 1; j < n && s[j] == ' '; j++)
			;
		if (j < n && s[j] != '\t')
			return cmdout_cp_count(s, j);
		return 0;
	}
	return 0;
}

/*
 * Splits a top-level line into label and value. The column rule comes first, because
 * labels and values both hold ": " ("Virtual Memory: Max Size:", "[01]: KB5004330"); lines
 * that do not fit it (tabs, characters lost to a bad code page) are split at the first
 * colon followed by two spaces or a tab, then at the first ": ".
 */
static int
split_line(size_t col, const char *s, size_t n, struct span *lab, struct span *val)
{
	size_t off, ln, i;

	span_rtrim(s, &n);
	if (n == 0 || ascii_isblank(s[0]))
		return 0;
	if (col > 0) {
		off = cmdout_cp_offset(s, n, col);
		ln = off;
		if (off < n && s[off - 1] == ' ' && !ascii_isblank(s[off])) {
			span_rtrim(s, &ln);
			if (ln > 1 && s[ln - 1] == ':')
				goto found;
		} else if (off >= n && s[n - 1] == ':') {
			ln = n;
			goto found;
		}
	}
	for (i = 1; i + 1 < n; i++)
		if (s[i] == ':' && (s[i + 1] == '\t' || (s[i + 1] == ' ' && i + 2 < n &&
		    ascii_isblank(s[i + 2])))) {
			ln = i + 1;
			off = i + 1;
			goto found;
		}
	if (n > 1 && s[n - 1] == ':') {
		ln = off = n;
		goto found;
	}
	for (i = 1; i + 1 < n; i++)
		if (s[i] == ':' && s[i + 1] == ' ') {
			ln = i + 1;
			off = i + 1;
			goto found;
		}
	return 0;
found:
	lab->s = s;
	lab->n = ln - 1;
	span_rtrim(lab->s, &lab->n);
	val->s = s + off;
	val->n = n - off;
	trim_span(&val->s, &val->n);
	return lab->n > 0;
}

/* Adds every "KB<digits>" of the span to the hotfix list. */
static void
scan_kbs(struct sysinfo *st, const char *s, size_t n)
{
	size_t i, j;

	for (i = 0; i + 2 < n; i++) {
		if ((s[i] != 'K' && s[i] != 'k') || (s[i + 1] != 'B' && s[i + 1] != 'b'))
			continue;
		if (i > 0 && ((s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
		    (s[i - 1] >= 'a' && s[i - 1] <= 'z') || is_digit(s[i - 1])))
			continue;
		for (j = i + 2; j < n && is_digit(s[j]); j++)
			;
		if (j == i + 2 || j - i > 12)
			continue;
		if (st->kbs.len + 1 + (j - i) < HOTFIX_MAX) {
			if (st->kbs.len)
				sb_addc(&st->kbs, ' ');
			sb_add(&st->kbs, "KB", 2);
			sb_add(&st->kbs, s + i + 2, j - i - 2);
		}
		st->nkb++;
		i = j - 1;
	}
}

/* "(UTC-08:00) Pacific Time" -> "-08:00"; "(UTC) Dublin..." -> "+00:00". */
static void
set_tz_offset(struct record *r, const char *s, size_t n)
{
	const char *p = mt_memmem(s, n, "(UTC", 4);
	size_t i;

	if (p == NULL)
		p = mt_memmem(s, n, "(GMT", 4);
	if (p == NULL)
		return;
	i = (size_t)(p - s) + 4;
	if (i < n && s[i] == ')') {
		record_sets(r, "tz_offset", "+00:00");
		return;
	}
	if (i + 6 <= n && (s[i] == '+' || s[i] == '-') && is_digit(s[i + 1]) &&
	    is_digit(s[i + 2]) && s[i + 3] == ':' && is_digit(s[i + 4]) && is_digit(s[i + 5]))
		record_set(r, "tz_offset", s + i, 6);
}

/* "10.0.20348 N/A Build 20348" -> "20348": the third part of the version number, else the
 * last run of digits. */
static void
set_build(struct record *r, const char *s, size_t n)
{
	size_t i = 0, dots = 0, st, e;

	while (i < n && (is_digit(s[i]) || s[i] == '.')) {
		if (s[i] == '.' && ++dots == 2) {
			st = ++i;
			while (i < n && is_digit(s[i]))
				i++;
			if (i > st) {
				record_set(r, "os_build", s + st, i - st);
				return;
			}
			break;
		}
		i++;
	}
	for (e = n; e > 0 && !is_digit(s[e - 1]); e--)
		;
	for (st = e; st > 0 && is_digit(s[st - 1]); st--)
		;
	if (e > st)
		record_set(r, "os_build", s + st, e - st);
}

static void
set_field(struct sysinfo *st, struct record *r, int f, const char *v, size_t n)
{
	const char *semi;
	int64_t mb;

	if (f == F_NONE || f == F_OTHER || (st->set & (1u << f)))
		return;
	st->set |= 1u << f;
	switch (f) {
	case F_HOTFIX:
		st->hotfix_seen = 1;
		if (cmdout_grouped_int(v, n, &mb) > 0 && mb >= 0)
			st->hotfix_count = (long)mb;
		scan_kbs(st, v, n);
		return;
	case F_MEMORY:
		if (cmdout_grouped_int(v, n, &mb) > 0)
			record_setf(r, "total_memory_mb", "%lld", (long long)mb);
		return;
	case F_LOCALE:
		/* "en-us;English (United States)": the tag. */
		semi = memchr(v, ';', n);
		record_set(r, "locale", v, semi ? (size_t)(semi - v) : n);
		return;
	default:
		break;
	}
	record_set(r, field_name[f], v, n);
	if (f == F_OS_NAME)
		record_sets(r, "is_server", ascii_casestr(v, n, "server") ? "yes" : "no");
	else if (f == F_OS_VERSION)
		set_build(r, v, n);
	else if (f == F_TZ)
		set_tz_offset(r, v, n);
}

static void
block_begin(struct parse_ctx *ctx, struct sysinfo *st, const char *line, size_t len)
{
	st->open = 1;
	st->ordinal = 0;
	st->cur = F_NONE;
	st->set = 0;
	st->host_labelled = 0;
	st->hotfix_seen = 0;
	st->hotfix_count = -1;
	st->nkb = 0;
	st->lang = NULL;
	st->first[0] = '\0';
	sb_reset(&st->kbs);
	record_begin(&ctx->rec, "system", ctx->entry, textin_lineno(ctx->in));
	span_rtrim(line, &len);
	record_set_excerpt(&ctx->rec, line, parse_utf8_cut(line, len, EXCERPT_MAX));
}

static void
block_end(struct parse_ctx *ctx, struct sysinfo *st)
{
	struct record *r = &ctx->rec;

	if (!st->open)
		return;
	st->open = 0;
	if (record_get(r, "host") == NULL && record_get(r, "os_name") == NULL)
		return;		/* not a systeminfo block after all */
	if (st->hotfix_seen) {
		record_setf(r, "hotfix_count", "%ld",
		    st->hotfix_count >= 0 ? st->hotfix_count : (long)st->nkb);
		if (st->kbs.len)
			record_set(r, "hotfixes", st->kbs.s, st->kbs.len);
	}
	record_sets(r, "label_language", st->lang ? st->lang : "position");
	parse_emit(ctx);
}

/* Next CSV cell of [s, s + n) from *pos into st->cell; 0 when the row has no more. */
static int
csv_cell(struct sysinfo *st, const char *s, size_t n, size_t *pos)
{
	size_t i = *pos, b;

	if (i > n)
		return 0;
	sb_reset(&st->cell);
	sb_add(&st->cell, "", 0);
	if (i < n && s[i] == '"') {
		for (i++; i < n; ) {
			for (b = i; i < n && s[i] != '"'; i++)
				;
			sb_add(&st->cell, s + b, i - b);
			if (i + 1 < n && s[i + 1] == '"') {
				sb_addc(&st->cell, '"');
				i += 2;
			} else {
				i++;
				break;
			}
		}
		while (i < n && s[i] != ',')
			i++;
	} else {
		for (b = i; i < n && s[i] != ','; i++)
			;
		sb_add(&st->cell, s + b, i - b);
	}
	*pos = i + 1;
	return 1;
}

/* A CSV row is data when its second cell is an OS name ("Microsoft Windows ..."). */
static int
csv_is_data(struct sysinfo *st, const char *s, size_t n)
{
	size_t pos = 0;

	if (!csv_cell(st, s, n, &pos) || !csv_cell(st, s, n, &pos))
		return 0;
	return st->cell.len >= 9 && ascii_ncasecmp(st->cell.s, "Microsoft", 9) == 0;
}

static void
csv_header(struct sysinfo *st, const char *s, size_t n)
{
	char key[64];
	size_t pos = 0;
	int f;

	st->ncols = 0;
	st->lang = NULL;
	while (st->ncols < MAX_COLS && csv_cell(st, s, n, &pos)) {
		label_key(st->cell.s, st->cell.len, key, sizeof key);
		f = lookup(key, st->lang ? NULL : &st->lang);
		if (f == F_NONE)
			f = st->ncols < sizeof by_position ? by_position[st->ncols] : F_NONE;
		st->map[st->ncols++] = (unsigned char)f;
	}
	st->csv_mapped = 1;
}

static void
csv_row(struct parse_ctx *ctx, struct sysinfo *st, const char *s, size_t n)
{
	const char *lang = st->lang;
	size_t pos = 0, i = 0;
	int f;

	block_begin(ctx, st, s, n);
	st->lang = st->csv_mapped ? lang : NULL;
	while (i < MAX_COLS && csv_cell(st, s, n, &pos)) {
		if (st->csv_mapped)
			f = i < st->ncols ? st->map[i] : F_NONE;
		else
			f = i < sizeof by_position ? by_position[i] : F_NONE;
		set_field(st, &ctx->rec, f, st->cell.s, st->cell.len);
		i++;
	}
	block_end(ctx, st);
	st->lang = lang;
}

/* One line of the list form. */
static void
list_line(struct parse_ctx *ctx, struct sysinfo *st, const char *line, size_t len)
{
	struct span lab, val;
	const char *lang = NULL;
	char key[64];
	int f;

	if (len > 0 && ascii_isblank(line[0])) {
		if (st->open && st->cur == F_HOTFIX)
			scan_kbs(st, line, len);
		return;
	}
	if (!split_line(st->open ? st->col : value_column(line, len), line, len, &lab, &val)) {
		/* A blank line after the fields ends the block; before them it is the usual
		 * empty first line. */
		if (st->open && st->ordinal > 1 && len == 0)
			block_end(ctx, st);
		return;
	}
	label_key(lab.s, lab.n, key, sizeof key);
	f = lookup(key, &lang);
	if (st->open && ((key[0] && strcmp(key, st->first) == 0) ||
	    (f == F_HOST && st->host_labelled)))
		block_end(ctx, st);	/* the next machine's output */
	else if (st->open && f == F_HOST && st->ordinal > 0)
		st->open = 0;		/* what came before the host line was something else */
	if (!st->open) {
		block_begin(ctx, st, line, len);
		st->col = value_column(line, len);
		snprintf(st->first, sizeof st->first, "%s", key);
	}
	if (f == F_NONE)
		f = st->ordinal < sizeof by_position ? by_position[st->ordinal] : F_NONE;
	else {
		if (st->lang == NULL)
			st->lang = lang;
		if (f == F_HOST)
			st->host_labelled = 1;
	}
	st->ordinal++;
	st->cur = f;
	set_field(st, &ctx->rec, f, val.s, val.n);
}

static int
systeminfo_parse(struct parse_ctx *ctx)
{
	struct sysinfo st;
	const char *line;
	size_t len;
	int rc;

	memset(&st, 0, sizeof st);
	while ((rc = cmdout_getline(ctx, &line, &len)) == 1) {
		span_rtrim(line, &len);
		if (len > 0 && line[0] == '"') {
			block_end(ctx, &st);
			if (csv_is_data(&st, line, len))
				csv_row(ctx, &st, line, len);
			else
				csv_header(&st, line, len);
		} else
			list_line(ctx, &st, line, len);
	}
	block_end(ctx, &st);
	sb_free(&st.kbs);
	sb_free(&st.cell);
	return rc < 0 ? -1 : 0;
}

/* Counts key fields among the labels of a head (list or CSV header). */
static int
bid_labels(const char *head, size_t headlen)
{
	struct sysinfo st;
	struct span lab, val;
	const char *l;
	size_t ll, pos = 0, cpos;
	char key[64];
	unsigned seen = 0;
	int f, n = 0;

	memset(&st, 0, sizeof st);
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		if (ll > 0 && l[0] == '"') {
			cpos = 0;
			while (csv_cell(&st, l, ll, &cpos)) {
				label_key(st.cell.s, st.cell.len, key, sizeof key);
				if ((f = lookup(key, NULL)) != F_NONE)
					seen |= 1u << f;
			}
		} else if (split_line(0, l, ll, &lab, &val)) {
			label_key(lab.s, lab.n, key, sizeof key);
			if ((f = lookup(key, NULL)) != F_NONE)
				seen |= 1u << f;
		}
	}
	sb_free(&st.cell);
	for (f = F_HOST; f < F_OTHER; f++)
		n += (seen >> f) & 1;
	/* Host and domain labels alone are too common to count for much. */
	if (n < 2 || !(seen & (1u << F_OS_NAME | 1u << F_OS_VERSION | 1u << F_HOTFIX |
	    1u << F_BOOT | 1u << F_SYSTYPE)))
		return 0;
	return n;
}

/* 1 when [s, s + n) starts with a version number "N.N.N". */
static int
is_version(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && (is_digit(s[i]) || s[i] == '.'); i++)
		;
	return i >= 5 && memchr(s, '.', i) != NULL;
}

/* A CSV data row without a header (/nh): a name, "Microsoft ...", a version. */
static int
csv_shape(const char *l, size_t ll)
{
	struct sysinfo st;
	size_t pos = 0;
	int ok = 0;

	memset(&st, 0, sizeof st);
	if (ll > 0 && l[0] == '"' && csv_is_data(&st, l, ll)) {
		pos = 0;
		csv_cell(&st, l, ll, &pos);
		csv_cell(&st, l, ll, &pos);
		ok = csv_cell(&st, l, ll, &pos) && is_version(st.cell.s, st.cell.len);
	}
	sb_free(&st.cell);
	return ok;
}

/* Any language: the first three labelled lines hold a name, "Microsoft ..." and a version
 * "N.N.N" (or a CSV row holds them). */
static int
bid_shape(const char *head, size_t headlen)
{
	struct span lab, val;
	const char *l;
	size_t ll, pos = 0;
	int k = 0;

	while (k < 3 && cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		if (ll == 0 && k == 0)
			continue;
		if (k == 0 && csv_shape(l, ll))
			return 1;
		if (!split_line(0, l, ll, &lab, &val) || val.n == 0)
			return 0;
		if (k == 0 && (memchr(val.s, ' ', val.n) || memchr(val.s, ':', val.n)))
			return 0;
		if (k == 1 && (val.n < 9 || ascii_ncasecmp(val.s, "Microsoft", 9) != 0))
			return 0;
		if (k == 2 && !is_version(val.s, val.n))
			return 0;
		k++;
	}
	return k == 3;
}

static int
systeminfo_bid(const char *name, const char *head, size_t headlen)
{
	int n, bid = 0;

	(void)name;
	n = bid_labels(head, headlen);
	if (n >= 2)
		bid = BID_LABELS + (n - 2) * BID_LABEL_MORE;
	else if (bid_shape(head, headlen))
		bid = BID_SHAPE;
	return bid > BID_MAX ? BID_MAX : bid;
}

static const char *const systeminfo_globs[] = {
	"*systeminfo*", "*sysinfo*", NULL
};

const struct parser parser_systeminfo = {
	"system",
	"systeminfo (list and CSV forms; English, German, French labels, others by position)",
	systeminfo_globs,
	systeminfo_bid,
	systeminfo_parse
};
