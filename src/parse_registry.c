/* Parser for registry captures: `reg query` output and regedit exports (.reg, version 5.00
 * and REGEDIT4); one registry record per value, with DWORD and QWORD values in decimal and
 * hex(...) data decoded. reg's "ERROR: ..." lines become command.error records. */
#include <stdio.h>
#include <string.h>
#include "parsers_more.h"
#include "parsers_backup.h"
#include "parsers_event.h"

#define BID_REGEDIT	48	/* "Windows Registry Editor Version 5.00" / "REGEDIT4" first */
#define BID_QUERY	24	/* an HKEY_ line followed by a "    name    REG_xxx" line */
#define BID_VALUE	4	/* each further value line */
#define BID_MAX		64

#define DATA_MAX	16384	/* bytes of hex(...) data kept for one value */
#define VALUE_MAX	4096	/* bytes of a value written to a record */
#define EXCERPT_MAX	512

/* hex(N) type numbers. */
static const char *const reg_types[] = {
	"REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
	"REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
	"REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD"
};

/* Names reg query gives the default value on English, German and French systems. */
static const char *const default_names[] = {
	"(Default)", "(Standard)", "(par d\xC3\xA9" "faut)", NULL
};

struct reg {
	int ansi;		/* REGEDIT4: hex(2)/hex(7) strings are in the ANSI code page */
	int deleted_key;	/* inside a "[-HKEY...]" section */
	int pending;		/* a hex value continues on the next line */
	int type;		/* hex(N) of the pending value */
	int cut;		/* its data went beyond DATA_MAX */
	long line;		/* its first line */
	struct strbuf key;
	struct strbuf name;
	struct strbuf data;	/* its bytes */
	struct strbuf out;	/* scratch for decoded values */
	struct strbuf excerpt;
};

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

/* Hex digits (with or without 0x) to an unsigned 64-bit number; -1 when not a number. */
static int
parse_hex64(const char *s, size_t n, uint64_t *v)
{
	size_t i = 0;
	int d;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		i = 2;
	if (i >= n || n - i > 16)
		return -1;
	for (*v = 0; i < n; i++) {
		if ((d = hexval(s[i])) < 0)
			return -1;
		*v = *v << 4 | (uint64_t)d;
	}
	return 0;
}

static void
begin_value(struct parse_ctx *ctx, struct reg *rg, const char *name, size_t nlen,
    const char *type, long line)
{
	struct record *r = &ctx->rec;
	size_t i;

	record_begin(r, "registry", ctx->entry, line);
	record_set(r, "key", rg->key.s ? rg->key.s : "", rg->key.len);
	for (i = 0; default_names[i]; i++)
		if (strlen(default_names[i]) == nlen &&
		    ascii_ncasecmp(name, default_names[i], nlen) == 0) {
			name = "(Default)";
			nlen = 9;
		}
	record_set(r, "name", name, nlen);
	record_sets(r, "type", type);
}

static void
set_value(struct record *r, const char *v, size_t n)
{
	if (n > VALUE_MAX) {
		n = parse_utf8_cut(v, n, VALUE_MAX);
		record_sets(r, "value_truncated", "yes");
	}
	record_set(r, "value", v, n);
}

/* Value names that hold the MARS agent's version under its keys. */
static const char *const version_names[] = {
	"AgentVersion", "CurrentVersion", "ProductVersion", "FileVersion", "Version", NULL
};

/* A version value under the agent's keys (HKLM\SOFTWARE\Microsoft\Windows Azure
 * Backup\Setup and the like) also gives an agent record. */
static void
agent_value(struct parse_ctx *ctx)
{
	const char *key = record_get(&ctx->rec, "key"), *name = record_get(&ctx->rec, "name");
	const char *v = record_get(&ctx->rec, "value");
	char buf[64], ex[EXCERPT_MAX];
	int i;

	if (key == NULL || name == NULL || v == NULL || strlen(v) >= sizeof buf ||
	    !agent_is_version(v, strlen(v)) ||
	    (!ascii_casestr(key, strlen(key), "Windows Azure Backup") &&
	    !ascii_casestr(key, strlen(key), "Azure Recovery Services")))
		return;
	for (i = 0; version_names[i]; i++)
		if (ascii_casecmp(name, version_names[i]) == 0)
			break;
	if (version_names[i] == NULL)
		return;
	snprintf(ex, sizeof ex, "%s\\%s = %s", key, name, v);
	snprintf(buf, sizeof buf, "%s", v);
	agent_emit(ctx, buf, strlen(buf), "registry", ctx->rec.line - ctx->line_base, ex,
	    strlen(ex));
}

static void
finish(struct parse_ctx *ctx, const char *excerpt, size_t elen)
{
	span_rtrim(excerpt, &elen);
	record_set_excerpt(&ctx->rec, excerpt, parse_utf8_cut(excerpt, elen, EXCERPT_MAX));
	parse_emit(ctx);
	agent_value(ctx);
}

/* --- reg query --- */

/* "    Release    REG_DWORD    0x80ea8": name, type and data spans. */
static int
query_value(const char *s, size_t n, const char **name, size_t *nl, const char **type,
    size_t *tl, const char **data, size_t *dl)
{
	size_t i, j, k, ind = 0;

	while (ind < n && ascii_isblank(s[ind]))
		ind++;
	if (ind == 0 || ind >= n)
		return 0;
	for (i = ind; i + 8 <= n; i++) {
		if (memcmp(s + i, "    REG_", 8) != 0)
			continue;
		for (j = i + 8; j < n && ((s[j] >= 'A' && s[j] <= 'Z') || s[j] == '_'); j++)
			;
		if (j < n && !ascii_isblank(s[j]))
			continue;
		*name = s + ind;
		*nl = i - ind;
		*type = s + i + 4;
		*tl = j - i - 4;
		for (k = 0; k < 4 && j < n && s[j] == ' '; k++)
			j++;
		*data = s + j;
		*dl = n - j;
		span_rtrim(*data, dl);
		return 1;
	}
	return 0;
}

static int
key_line(const char *s, size_t n)
{
	return has_prefix(s, n, "HKEY_") || has_prefix(s, n, "HKLM\\") ||
	    has_prefix(s, n, "HKCU\\") || has_prefix(s, n, "HKCR\\") ||
	    has_prefix(s, n, "HKU\\");
}

static void
query_line(struct parse_ctx *ctx, struct reg *rg, const char *s, size_t n)
{
	const char *name, *type, *data;
	size_t nl, tl, dl, i;
	char tbuf[40], num[24];
	uint64_t v;

	if (key_line(s, n)) {
		sb_reset(&rg->key);
		sb_add(&rg->key, s, n);
		return;
	}
	if (rg->key.len == 0 || !query_value(s, n, &name, &nl, &type, &tl, &data, &dl))
		return;
	snprintf(tbuf, sizeof tbuf, "%.*s", (int)(tl < 39 ? tl : 39), type);
	begin_value(ctx, rg, name, nl, tbuf, textin_lineno(ctx->in));
	if ((strcmp(tbuf, "REG_DWORD") == 0 || strcmp(tbuf, "REG_QWORD") == 0) &&
	    parse_hex64(data, dl, &v) == 0) {
		snprintf(num, sizeof num, "%llu", (unsigned long long)v);
		record_sets(&ctx->rec, "value", num);
		record_set(&ctx->rec, "value_hex", data, dl);
	} else if (strcmp(tbuf, "REG_MULTI_SZ") == 0) {
		/* reg writes the separators as the two characters "\0". */
		sb_reset(&rg->out);
		for (i = 0; i < dl; i++) {
			if (data[i] == '\\' && i + 1 < dl && data[i + 1] == '0') {
				sb_addc(&rg->out, '\n');
				i++;
			} else
				sb_addc(&rg->out, data[i]);
		}
		while (rg->out.len && rg->out.s[rg->out.len - 1] == '\n')
			rg->out.len--;
		set_value(&ctx->rec, sb_str(&rg->out), rg->out.len);
	} else
		set_value(&ctx->rec, data, dl);
	finish(ctx, s, n);
}

/* --- regedit exports --- */

/* A quoted .reg string from s[*i] (at the opening quote) into out, undoing \\ and \". */
static int
reg_string(const char *s, size_t n, size_t *i, struct strbuf *out)
{
	size_t k = *i + 1;

	sb_reset(out);
	sb_add(out, "", 0);
	for (; k < n; k++) {
		if (s[k] == '\\' && k + 1 < n) {
			sb_addc(out, s[++k]);
		} else if (s[k] == '"') {
			*i = k + 1;
			return 0;
		} else
			sb_addc(out, s[k]);
	}
	return -1;
}

/* Adds the "xx,xx,..." bytes of a span to the pending data; returns 1 when the span ends in
 * '\' (the data goes on). */
static int
add_bytes(struct reg *rg, const char *s, size_t n)
{
	size_t i;
	int hi, lo;

	span_rtrim(s, &n);
	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 == n)
			return 1;
		if (i + 1 < n && (hi = hexval(s[i])) >= 0 && (lo = hexval(s[i + 1])) >= 0) {
			if (rg->data.len < DATA_MAX)
				sb_addc(&rg->data, (char)(hi << 4 | lo));
			else
				rg->cut = 1;
			i++;
		}
	}
	return 0;
}

/* UTF-16LE (or, for REGEDIT4, ANSI) strings separated by NULs, joined with '\n'. */
static void
decode_strings(struct reg *rg, int multi)
{
	const unsigned char *p = (const unsigned char *)rg->data.s;
	size_t n = rg->data.len, i, st, unit = rg->ansi ? 1 : 2;

	sb_reset(&rg->out);
	sb_add(&rg->out, "", 0);
	for (st = i = 0; i + unit <= n; i += unit) {
		if (p[i] != 0 || (unit == 2 && p[i + 1] != 0))
			continue;
		if (i > st || multi) {
			if (rg->out.len)
				sb_addc(&rg->out, '\n');
			if (unit == 2)
				utf16_to_utf8(p + st, i - st, 1, &rg->out);
			else
				utf8_sanitise((const char *)p + st, i - st, &rg->out);
		}
		st = i + unit;
		if (!multi)
			return;
	}
	if (st < n && n - st >= unit) {
		if (rg->out.len)
			sb_addc(&rg->out, '\n');
		if (unit == 2)
			utf16_to_utf8(p + st, (n - st) & ~(size_t)1, 1, &rg->out);
		else
			utf8_sanitise((const char *)p + st, n - st, &rg->out);
	}
	/* A multi-string ends in an empty string: drop the separators it left. */
	while (rg->out.len && rg->out.s[rg->out.len - 1] == '\n')
		rg->out.s[--rg->out.len] = '\0';
}

/* Writes the value of a finished hex(...) data. */
static void
hex_value(struct parse_ctx *ctx, struct reg *rg)
{
	struct record *r = &ctx->rec;
	const unsigned char *p = (const unsigned char *)sb_str(&rg->data);
	size_t n = rg->data.len, i;
	uint64_t v = 0;
	char num[24];

	if (rg->type == 1 || rg->type == 2 || rg->type == 6 || rg->type == 7) {
		decode_strings(rg, rg->type == 7);
		set_value(r, rg->out.s, rg->out.len);
	} else if ((rg->type == 4 || rg->type == 5) && n == 4) {
		for (i = 0; i < 4; i++)
			v |= (uint64_t)p[rg->type == 4 ? i : 3 - i] << (8 * i);
		snprintf(num, sizeof num, "%llu", (unsigned long long)v);
		record_sets(r, "value", num);
		record_setf(r, "value_hex", "0x%08llx", (unsigned long long)v);
	} else if (rg->type == 11 && n == 8) {
		for (i = 0; i < 8; i++)
			v |= (uint64_t)p[i] << (8 * i);
		snprintf(num, sizeof num, "%llu", (unsigned long long)v);
		record_sets(r, "value", num);
		record_setf(r, "value_hex", "0x%llx", (unsigned long long)v);
	} else {
		/* Binary data as reg query prints it: upper-case hex, no separators. */
		sb_reset(&rg->out);
		sb_add(&rg->out, "", 0);
		for (i = 0; i < n && rg->out.len + 2 <= VALUE_MAX; i++)
			sb_printf(&rg->out, "%02X", p[i]);
		if (i < n)
			rg->cut = 1;
		record_set(r, "value", rg->out.s, rg->out.len);
	}
	if (rg->cut)
		record_sets(r, "value_truncated", "yes");
}

static void
end_pending(struct parse_ctx *ctx, struct reg *rg)
{
	if (!rg->pending)
		return;
	rg->pending = 0;
	hex_value(ctx, rg);
	finish(ctx, sb_str(&rg->excerpt), rg->excerpt.len);
}

/* "hex(2):" -> 2, "hex:" -> 3 (binary); -1 when s does not start a hex value. */
static int
hex_type(const char *s, size_t n, size_t *used)
{
	size_t i;
	int t = 0, d;

	if (has_prefix(s, n, "hex:")) {
		*used = 4;
		return 3;
	}
	if (!has_prefix(s, n, "hex("))
		return -1;
	for (i = 4; i < n && i < 12 && (d = hexval(s[i])) >= 0; i++)
		t = t * 16 + d;
	if (i == 4 || i + 1 >= n || s[i] != ')' || s[i + 1] != ':')
		return -1;
	*used = i + 2;
	return t;
}

static void
export_value(struct parse_ctx *ctx, struct reg *rg, const char *s, size_t n)
{
	size_t i = 0, used;
	const char *d;
	size_t dl;
	char tbuf[24];
	uint64_t v;
	int t;

	if (s[0] == '@') {
		sb_reset(&rg->name);
		sb_adds(&rg->name, "(Default)");
		i = 1;
	} else if (reg_string(s, n, &i, &rg->name) != 0)
		return;
	if (i >= n || s[i] != '=')
		return;
	d = s + i + 1;
	dl = n - i - 1;
	if (dl == 1 && d[0] == '-')
		return;		/* a deletion */
	if (dl > 0 && d[0] == '"') {
		i = 0;
		begin_value(ctx, rg, rg->name.s, rg->name.len, "REG_SZ", textin_lineno(ctx->in));
		reg_string(d, dl, &i, &rg->out);
		set_value(&ctx->rec, rg->out.s, rg->out.len);
		finish(ctx, s, n);
	} else if (has_prefix(d, dl, "dword:")) {
		begin_value(ctx, rg, rg->name.s, rg->name.len, "REG_DWORD",
		    textin_lineno(ctx->in));
		d += 6;
		dl -= 6;
		trim_span(&d, &dl);
		if (dl <= 8 && parse_hex64(d, dl, &v) == 0) {
			record_setf(&ctx->rec, "value", "%llu", (unsigned long long)v);
			record_set(&ctx->rec, "value_hex", d, dl);
		} else
			set_value(&ctx->rec, d, dl);
		finish(ctx, s, n);
	} else if ((t = hex_type(d, dl, &used)) >= 0) {
		if (t < (int)MT_ARRAY_LEN(reg_types))
			snprintf(tbuf, sizeof tbuf, "%s", reg_types[t]);
		else
			snprintf(tbuf, sizeof tbuf, "REG_0x%X", (unsigned)t);
		begin_value(ctx, rg, rg->name.s, rg->name.len, tbuf, textin_lineno(ctx->in));
		rg->type = t;
		rg->cut = 0;
		sb_reset(&rg->data);
		sb_reset(&rg->excerpt);
		cmdout_append(&rg->excerpt, "", s, n, EXCERPT_MAX);
		rg->pending = 1;
		if (!add_bytes(rg, d + used, dl - used))
			end_pending(ctx, rg);
	}
}

static void
export_line(struct parse_ctx *ctx, struct reg *rg, const char *s, size_t n)
{
	if (rg->pending) {
		cmdout_append(&rg->excerpt, "\n", s, n, EXCERPT_MAX);
		if (!add_bytes(rg, s, n))
			end_pending(ctx, rg);
		return;
	}
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		rg->deleted_key = s[1] == '-';
		sb_reset(&rg->key);
		sb_add(&rg->key, s + 1 + rg->deleted_key, n - 2 - rg->deleted_key);
		return;
	}
	if (rg->key.len && !rg->deleted_key && n > 0 && (s[0] == '"' || s[0] == '@'))
		export_value(ctx, rg, s, n);
}

static int
regedit_header(const char *s, size_t n)
{
	return has_prefix(s, n, "Windows Registry Editor Version") || has_prefix(s, n, "REGEDIT4");
}

static int
registry_parse(struct parse_ctx *ctx)
{
	struct reg rg;
	struct cmderr ce;
	const char *line;
	size_t len;
	int rc, exported = 0;

	memset(&rg, 0, sizeof rg);
	cmderr_init(&ce, "reg");
	while ((rc = cmdout_getline(ctx, &line, &len)) == 1) {
		span_rtrim(line, &len);
		if (regedit_header(line, len)) {
			end_pending(ctx, &rg);
			exported = 1;
			rg.ansi = has_prefix(line, len, "REGEDIT4");
			sb_reset(&rg.key);
			continue;
		}
		if (exported) {
			export_line(ctx, &rg, line, len);
			continue;
		}
		cmderr_line(&ce, line, len, textin_lineno(ctx->in));
		if (cmderr_ready(&ce))
			cmderr_emit(&ce, ctx);
		query_line(ctx, &rg, line, len);
	}
	end_pending(ctx, &rg);
	cmderr_finish(&ce);
	cmderr_emit(&ce, ctx);
	sb_free(&rg.key);
	sb_free(&rg.name);
	sb_free(&rg.data);
	sb_free(&rg.out);
	sb_free(&rg.excerpt);
	return rc < 0 ? -1 : 0;
}

static int
registry_bid(const char *name, const char *head, size_t headlen)
{
	const char *l, *a, *b, *c;
	size_t ll, pos = 0, al, bl, cl;
	int in_key = 0, values = 0, first = 1;

	(void)name;
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		span_rtrim(l, &ll);
		if (first && ll > 0) {
			if (regedit_header(l, ll))
				return BID_REGEDIT;
			first = 0;
		}
		if (key_line(l, ll))
			in_key = 1;
		else if (in_key && query_value(l, ll, &a, &al, &b, &bl, &c, &cl))
			values++;
	}
	if (values == 0)
		return 0;
	values = BID_QUERY + (values - 1) * BID_VALUE;
	return values > BID_MAX ? BID_MAX : values;
}

static const char *const registry_globs[] = {
	"*.reg", "*reg*.txt", "*registry*", NULL
};

const struct parser parser_registry = {
	"registry",
	"reg query output and regedit exports (.reg)",
	registry_globs,
	registry_bid,
	registry_parse
};
