/* Parser for the shadow copy listings other than `vssadmin list writers`: vssadmin list
 * shadowstorage / providers / shadows and diskshadow list writers / list shadows, one record
 * per association, provider, shadow copy or writer. */
#include <string.h>
#include "parsers_backup.h"

#define EXCERPT_MAX	1024
#define NAME_MAX_LEN	512

#define BID_HEADER	8	/* "vssadmin 1.1 - ..." or "Microsoft DiskShadow version" */
#define BID_BLOCK	24	/* first block of a known shape */
#define BID_MORE	4	/* each further block or confirming line */
#define BID_MAX		64

static const char ms_provider_id[] = "{b5946137-7b9f-4925-af80-51abd60b20d5}";

enum mode {
	M_NONE,
	M_STORAGE,	/* vssadmin shadowstorage association (or an unknown block) */
	M_PROVIDER,	/* vssadmin provider */
	M_SET,		/* vssadmin shadow copy set, no shadow open */
	M_SHADOW,	/* vssadmin shadow copy */
	M_DSWRITER,	/* diskshadow writer */
	M_DSSHADOW	/* diskshadow shadow copy */
};

/* Storage slots, filled by English label or else in the order vssadmin prints them. */
enum { S_FOR, S_ON, S_USED, S_ALLOC, S_MAX, S_N };

struct vs {
	enum mode mode;
	unsigned set;		/* fields of ctx->rec already set (bit per slot or field) */
	int nvol, nsize;	/* storage values placed by shape */
	char set_id[40];	/* vssadmin: current set and its creation time */
	char created[64];
	/* diskshadow writer, kept here because its file list lines are records too */
	struct strbuf wname;
	char writer_id[40], instance_id[40], state_text[64], last_error[128], error_code[11];
	int state;
	long wline;
};

static int
indent_of(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return (int)i;
}

static int
starts(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);

	return n >= l && ascii_ncasecmp(s, prefix, l) == 0;
}

/* The braced GUID at the start of [s, s + n), as a span; 0 if none. */
static size_t
guid_at(const char *s, size_t n)
{
	return n >= 38 && cmdout_is_guid(s, 38) ? 38 : 0;
}

static void
copy_span(char *dst, size_t cap, const char *s, size_t n)
{
	n = parse_utf8_cut(s, n, cap - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* "<size> <unit> (N%)" or a word such as UNBOUNDED followed by "(N%)". */
static int
size_value(const char *v, size_t vl, int64_t *bytes, int *pct, int *unbounded)
{
	*pct = cmdout_percent(v, vl);
	*unbounded = 0;
	if (cmdout_size(v, vl, bytes) > 0)
		return 1;
	if (*pct >= 0 && vl > 0 && !(v[0] >= '0' && v[0] <= '9') && v[0] != '(') {
		*unbounded = 1;
		return 1;
	}
	return 0;
}

static int
volume_value(const char *v, size_t vl)
{
	return mt_memmem(v, vl, "\\\\?\\Volume{", 11) != NULL ||
	    (vl >= 4 && v[0] == '(' && v[2] == ':' && v[3] == ')');
}

static int
vssadmin_bid(const char *name, const char *head, size_t headlen)
{
	const char *l, *lab, *v;
	size_t ll, pos = 0, labl, vl;
	int64_t b;
	int bid = 0, header = 0, blocks = 0, more = 0, vols = 0, sizes = 0, pct, unb;

	(void)name;
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		trim_span(&l, &ll);
		if (starts(l, ll, "vssadmin 1.") || starts(l, ll, "Microsoft DiskShadow version"))
			header = 1;
		else if (starts(l, ll, "Shadow Copy Storage association") ||
		    starts(l, ll, "Provider name: '") ||
		    starts(l, ll, "Contents of shadow copy set ID: {") ||
		    starts(l, ll, "* WRITER ") || starts(l, ll, "* Shadow copy ID = {"))
			blocks++;
		else if (starts(l, ll, "Provider Id: {") || starts(l, ll, "Shadow Copy ID: {") ||
		    starts(l, ll, "- Writer Failure code:") || starts(l, ll, "- Shadow copy set: {") ||
		    starts(l, ll, "- Writer ID"))
			more++;
		else if (cmdout_label_value(l, ll, &lab, &labl, &v, &vl) == 0) {
			if (volume_value(v, vl))
				vols++;
			else if (size_value(v, vl, &b, &pct, &unb) && pct >= 0)
				sizes++;
		}
	}
	/* Localised shadowstorage: volume values followed by sizes with percentages. */
	if (blocks == 0 && vols >= 1 && sizes >= 2)
		blocks = 1;
	if (blocks)
		bid = BID_BLOCK + (blocks - 1 + more) * BID_MORE + header * BID_HEADER;
	else if (header && !ascii_casestr(head, headlen, "Writer name:"))
		bid = BID_HEADER;	/* "No items found", an error: still this command */
	return bid > BID_MAX ? BID_MAX : bid;
}

static void
put_once(struct parse_ctx *ctx, struct vs *s, unsigned bit, const char *name, const char *v,
    size_t vl)
{
	if (s->set & bit)
		return;
	s->set |= bit;
	record_set(&ctx->rec, name, v, parse_utf8_cut(v, vl, NAME_MAX_LEN));
}

static void
begin(struct parse_ctx *ctx, struct vs *s, enum mode m, const char *kind, const char *line,
    size_t len)
{
	s->mode = m;
	s->set = 0;
	s->nvol = s->nsize = 0;
	record_begin(&ctx->rec, kind, ctx->entry, textin_lineno(ctx->in));
	record_set_excerpt(&ctx->rec, line, parse_utf8_cut(line, len, EXCERPT_MAX));
}

static void
writer_emit(struct parse_ctx *ctx, struct vs *s)
{
	struct record *r = &ctx->rec;

	record_begin(r, "vss.writer", ctx->entry, s->wline);
	record_set(r, "writer", s->wname.s, s->wname.len);
	record_set_excerpt(r, s->wname.s, s->wname.len);
	if (s->writer_id[0])
		record_sets(r, "writer_id", s->writer_id);
	if (s->instance_id[0])
		record_sets(r, "instance_id", s->instance_id);
	if (s->state >= 0) {
		record_setf(r, "state", "%d", s->state);
		record_sets(r, "state_text", s->state_text);
		record_sets(r, "failed", s->state >= 6 && s->state <= 15 ? "yes" : "no");
	}
	if (s->last_error[0])
		record_sets(r, "last_error", s->last_error);
	if (s->error_code[0])
		record_sets(r, "last_error_code", s->error_code);
	record_sets(r, "source", "diskshadow");
	parse_emit(ctx);
}

/* Ends the open block, emitting its record when it holds what its kind needs. */
static void
finish(struct parse_ctx *ctx, struct vs *s)
{
	const char *v;
	int ms;

	switch (s->mode) {
	case M_STORAGE:
		if (s->set & ((1u << S_FOR) | (1u << S_USED) | (1u << S_ALLOC) | (1u << S_MAX)))
			parse_emit(ctx);
		break;
	case M_PROVIDER:
		v = record_get(&ctx->rec, "provider_id");
		ms = v && ascii_casecmp(v, ms_provider_id) == 0;
		v = record_get(&ctx->rec, "name");
		ms = ms || (v && starts(v, strlen(v), "Microsoft"));
		record_sets(&ctx->rec, "microsoft", ms ? "yes" : "no");
		parse_emit(ctx);
		break;
	case M_SHADOW:
	case M_DSSHADOW:
		parse_emit(ctx);
		break;
	case M_DSWRITER:
		writer_emit(ctx, s);
		break;
	default:
		break;
	}
	/* The set line and creation time stay known for the set's further shadows. */
	s->mode = s->mode == M_SHADOW ? M_SET : M_NONE;
}

static void
storage_size(struct parse_ctx *ctx, struct vs *s, int slot, const char *v, size_t vl)
{
	static const char *const names[S_N] = {NULL, NULL, "used", "allocated", "max"};
	char f[24];
	int64_t bytes = 0;
	int pct, unb;

	if (s->set & (1u << slot) || !size_value(v, vl, &bytes, &pct, &unb))
		return;
	s->set |= 1u << slot;
	snprintf(f, sizeof f, "%s_bytes", names[slot]);
	if (unb)
		record_sets(&ctx->rec, f, "");
	else
		record_setf(&ctx->rec, f, "%lld", (long long)bytes);
	if (pct >= 0) {
		snprintf(f, sizeof f, "%s_pct", names[slot]);
		record_setf(&ctx->rec, f, "%d", pct);
	}
	if (slot == S_MAX)
		record_sets(&ctx->rec, "max_unbounded", unb ? "yes" : "no");
}

static void
storage_field(struct parse_ctx *ctx, struct vs *s, const char *l, size_t ll, const char *v,
    size_t vl)
{
	int64_t b;
	int pct, unb, slot = -1;

	if (ll == 10 && ascii_ncasecmp(l, "For volume", 10) == 0)
		slot = S_FOR;
	else if (ascii_casestr(l, ll, "Storage volume"))
		slot = S_ON;
	else if (starts(l, ll, "Used "))
		slot = S_USED;
	else if (starts(l, ll, "Allocated "))
		slot = S_ALLOC;
	else if (starts(l, ll, "Maximum "))
		slot = S_MAX;
	else if (volume_value(v, vl))
		slot = s->nvol++ == 0 ? S_FOR : S_ON;
	else if (size_value(v, vl, &b, &pct, &unb))
		slot = s->nsize < 3 ? S_USED + s->nsize++ : -1;
	if (slot == S_FOR)
		put_once(ctx, s, 1u << S_FOR, "for_volume", v, vl);
	else if (slot == S_ON)
		put_once(ctx, s, 1u << S_ON, "storage_volume", v, vl);
	else if (slot >= S_USED)
		storage_size(ctx, s, slot, v, vl);
}

/* Strips one pair of surrounding quotes. */
static void
unquote(const char **v, size_t *vl)
{
	if (*vl >= 2 && ((*v)[0] == '\'' || (*v)[0] == '"') && (*v)[*vl - 1] == (*v)[0]) {
		(*v)++;
		*vl -= 2;
	}
}

enum {
	F_ID = 1 << 8, F_TYPE = 1 << 9, F_VERSION = 1 << 10, F_ORIG = 1 << 11,
	F_PROVIDER = 1 << 12, F_ATTR = 1 << 13, F_SETID = 1 << 14, F_CREATED = 1 << 15,
	F_SVOL = 1 << 16, F_MACHINE = 1 << 17
};

static void
provider_field(struct parse_ctx *ctx, struct vs *s, const char *l, size_t ll, const char *v,
    size_t vl)
{
	if (ascii_casestr(l, ll, "type"))
		put_once(ctx, s, F_TYPE, "type", v, vl);
	else if (cmdout_is_guid(v, vl))
		put_once(ctx, s, F_ID, "provider_id", v, vl);
	else if (starts(l, ll, "Version"))
		put_once(ctx, s, F_VERSION, "version", v, vl);
}

static void
set_created(struct parse_ctx *ctx, struct vs *s, const char *v, size_t vl)
{
	if (s->set & F_CREATED)
		return;
	s->set |= F_CREATED;
	record_set(&ctx->rec, "created", v, vl);
	cmdout_set_local_time(ctx, v, vl);
}

/* vssadmin list shadows: a set line, its creation time, then shadow blocks. */
static void
shadow_field(struct parse_ctx *ctx, struct vs *s, const char *line, size_t len, const char *l,
    size_t ll, const char *v, size_t vl)
{
	size_t g;

	if (starts(l, ll, "Contained ")) {
		copy_span(s->created, sizeof s->created, v, vl);
		return;
	}
	if (starts(l, ll, "Shadow Copy ID") && (g = guid_at(v, vl)) != 0) {
		finish(ctx, s);
		begin(ctx, s, M_SHADOW, "vss.shadow", line, len);
		record_set(&ctx->rec, "shadow_id", v, g);
		if (s->set_id[0])
			record_sets(&ctx->rec, "set_id", s->set_id);
		if (s->created[0])
			set_created(ctx, s, s->created, strlen(s->created));
		record_sets(&ctx->rec, "source", "vssadmin");
		return;
	}
	if (s->mode != M_SHADOW)
		return;
	if (starts(l, ll, "Original Volume"))
		put_once(ctx, s, F_ORIG, "original_volume", v, vl);
	else if (starts(l, ll, "Shadow Copy Volume"))
		put_once(ctx, s, F_SVOL, "shadow_volume", v, vl);
	else if (starts(l, ll, "Originating Machine"))
		put_once(ctx, s, F_MACHINE, "originating_machine", v, vl);
	else if (starts(l, ll, "Provider")) {
		unquote(&v, &vl);
		put_once(ctx, s, F_PROVIDER, "provider", v, vl);
	} else if (starts(l, ll, "Type"))
		put_once(ctx, s, F_TYPE, "type", v, vl);
	else if (starts(l, ll, "Attributes"))
		put_once(ctx, s, F_ATTR, "attributes", v, vl);
}

/* "Path = <path>, Filespec = <spec>" of a diskshadow file list line. */
static void
file_list(struct parse_ctx *ctx, struct vs *s, const char *line, size_t len, const char *v,
    size_t vl)
{
	const char *spec = NULL, *p = v, *end = v + vl, *q;
	size_t pl;

	if (!starts(v, vl, "Path = "))
		return;
	while ((q = ascii_casestr(p, (size_t)(end - p), ", Filespec = ")) != NULL) {
		spec = q;
		p = q + 1;
	}
	pl = (spec ? (size_t)(spec - v) : vl) - 7;
	record_begin(&ctx->rec, "vss.writer.file", ctx->entry, textin_lineno(ctx->in));
	record_set_excerpt(&ctx->rec, line, parse_utf8_cut(line, len, EXCERPT_MAX));
	record_set(&ctx->rec, "writer", s->wname.s, s->wname.len);
	record_set(&ctx->rec, "path", v + 7, pl);
	if (spec)
		record_set(&ctx->rec, "filespec", spec + 13, (size_t)(end - spec - 13));
	parse_emit(ctx);
}

/* diskshadow "- label = value" / "- label: value" lines. */
static void
ds_field(struct parse_ctx *ctx, struct vs *s, const char *line, size_t len, const char *t,
    size_t tl)
{
	const char *eq = memchr(t, '=', tl), *co = memchr(t, ':', tl), *sep, *l, *v;
	size_t ll, vl, g, i;
	char hr[11];

	sep = eq && (!co || eq < co) ? eq : co;
	if (sep == NULL)
		return;
	l = t;
	ll = (size_t)(sep - t);
	trim_span(&l, &ll);
	v = sep + 1;
	vl = (size_t)(t + tl - v);
	trim_span(&v, &vl);
	g = guid_at(v, vl);
	if (s->mode == M_DSWRITER) {
		if (starts(l, ll, "Writer ID") && g)
			copy_span(s->writer_id, sizeof s->writer_id, v, g);
		else if ((starts(l, ll, "Writer Instance ID") || starts(l, ll, "Instance ID")) && g)
			copy_span(s->instance_id, sizeof s->instance_id, v, g);
		else if (starts(l, ll, "Status") && vl > 0 && v[0] >= '0' && v[0] <= '9') {
			for (s->state = 0, i = 0; i < vl && i < 4 && v[i] >= '0' && v[i] <= '9'; i++)
				s->state = s->state * 10 + (v[i] - '0');
			for (; i < vl && (v[i] == ' ' || v[i] == '('); i++)
				;
			copy_span(s->state_text, sizeof s->state_text, v + i,
			    vl - i - (vl > i && v[vl - 1] == ')'));
		} else if (starts(l, ll, "Writer Failure code")) {
			for (i = 0; i < vl && v[i] != ' '; i++)
				;
			if (hresult_normalise(v, i, hr) == 0)
				snprintf(s->error_code, sizeof s->error_code, "%s", hr);
			for (; i < vl && (v[i] == ' ' || v[i] == '('); i++)
				;
			copy_span(s->last_error, sizeof s->last_error, v + i,
			    vl - i - (vl > i && v[vl - 1] == ')'));
		} else if (starts(l, ll, "File List"))
			file_list(ctx, s, line, len, v, vl);
		return;
	}
	if (s->mode != M_DSSHADOW)
		return;
	if (starts(l, ll, "Shadow copy set") && g)
		put_once(ctx, s, F_SETID, "set_id", v, g);
	else if (starts(l, ll, "Original volume name"))
		put_once(ctx, s, F_ORIG, "original_volume", v, vl);
	else if (starts(l, ll, "Creation time"))
		set_created(ctx, s, v, vl);
	else if (starts(l, ll, "Shadow copy device name"))
		put_once(ctx, s, F_SVOL, "shadow_volume", v, vl);
	else if (starts(l, ll, "Originating machine"))
		put_once(ctx, s, F_MACHINE, "originating_machine", v, vl);
	else if (starts(l, ll, "Provider ID") && g)
		put_once(ctx, s, F_PROVIDER, "provider", v, g);
	else if (starts(l, ll, "Type"))
		put_once(ctx, s, F_TYPE, "type", v, vl);
	else if (starts(l, ll, "Attributes"))
		put_once(ctx, s, F_ATTR, "attributes", v, vl);
}

/* diskshadow "* WRITER ..." and "* Shadow copy ID = {...}" lines. */
static int
ds_start(struct parse_ctx *ctx, struct vs *s, const char *line, size_t len, const char *t,
    size_t tl)
{
	const char *v;
	size_t vl, g;

	if (starts(t, tl, "* WRITER ")) {
		finish(ctx, s);
		s->mode = M_DSWRITER;
		v = t + 9;
		vl = tl - 9;
		trim_span(&v, &vl);
		unquote(&v, &vl);
		sb_reset(&s->wname);
		cmdout_append(&s->wname, NULL, v, vl, NAME_MAX_LEN);
		s->writer_id[0] = s->instance_id[0] = s->state_text[0] = '\0';
		s->last_error[0] = s->error_code[0] = '\0';
		s->state = -1;
		s->wline = textin_lineno(ctx->in);
		return 1;
	}
	if (starts(t, tl, "* Shadow copy ID")) {
		v = memchr(t, '=', tl);
		if (v == NULL)
			return 0;
		v++;
		vl = (size_t)(t + tl - v);
		trim_span(&v, &vl);
		if ((g = guid_at(v, vl)) == 0)
			return 0;
		finish(ctx, s);
		begin(ctx, s, M_DSSHADOW, "vss.shadow", line, len);
		record_set(&ctx->rec, "shadow_id", v, g);
		record_sets(&ctx->rec, "source", "diskshadow");
		return 1;
	}
	return 0;
}

static int
is_error_line(const char *t, size_t tl)
{
	return starts(t, tl, "Error:") || ascii_casestr(t, tl, "don't have the correct permissions");
}

static void
error_record(struct parse_ctx *ctx, struct vs *s, const char *t, size_t tl)
{
	struct parse_codes codes;

	finish(ctx, s);
	record_begin(&ctx->rec, "vssadmin.error", ctx->entry, textin_lineno(ctx->in));
	record_set_excerpt(&ctx->rec, t, parse_utf8_cut(t, tl, EXCERPT_MAX));
	record_set(&ctx->rec, "message", t, parse_utf8_cut(t, tl, EXCERPT_MAX));
	parse_codes_init(&codes);
	parse_codes_scan(&codes, t, tl, 0);
	parse_codes_set(&codes, &ctx->rec);
	parse_emit(ctx);
}

static void
vss_line(struct parse_ctx *ctx, struct vs *s, const char *line, size_t len)
{
	const char *t = line, *l, *v;
	size_t tl = len, ll, vl;
	int ind = indent_of(line, len);

	trim_span(&t, &tl);
	if (tl == 0) {
		if (s->mode != M_DSWRITER)	/* writer metadata has blank lines inside */
			finish(ctx, s);
		return;
	}
	if (ds_start(ctx, s, line, len, t, tl))
		return;
	if ((s->mode == M_DSWRITER || s->mode == M_DSSHADOW) && t[0] == '-' && ind > 0) {
		ds_field(ctx, s, line, len, t + 1, tl - 1);
		return;
	}
	if (is_error_line(t, tl)) {
		error_record(ctx, s, t, tl);
		return;
	}
	if (ind == 0) {
		finish(ctx, s);
		s->set_id[0] = s->created[0] = '\0';
		if (starts(t, tl, "Contents of shadow copy set ID") &&
		    cmdout_label_value(t, tl, &l, &ll, &v, &vl) == 0) {
			s->mode = M_SET;
			copy_span(s->set_id, sizeof s->set_id, v, guid_at(v, vl));
		} else if (starts(t, tl, "Provider name") &&
		    cmdout_label_value(t, tl, &l, &ll, &v, &vl) == 0) {
			begin(ctx, s, M_PROVIDER, "vss.provider", line, len);
			unquote(&v, &vl);
			record_set(&ctx->rec, "name", v, parse_utf8_cut(v, vl, NAME_MAX_LEN));
		} else if (!starts(t, tl, "DISKSHADOW>") && !starts(t, tl, "* ")) {
			/* An association header, English or not; kept only if it fills. */
			begin(ctx, s, M_STORAGE, "vss.shadowstorage", line, len);
		}
		return;
	}
	if (cmdout_label_value(t, tl, &l, &ll, &v, &vl) != 0)
		return;
	if (starts(l, ll, "Contained ") || starts(l, ll, "Shadow Copy ID"))
		shadow_field(ctx, s, line, len, l, ll, v, vl);
	else if (s->mode == M_STORAGE)
		storage_field(ctx, s, l, ll, v, vl);
	else if (s->mode == M_PROVIDER)
		provider_field(ctx, s, l, ll, v, vl);
	else if (s->mode == M_SET || s->mode == M_SHADOW)
		shadow_field(ctx, s, line, len, l, ll, v, vl);
}

static int
vssadmin_parse(struct parse_ctx *ctx)
{
	struct vs s;
	const char *line;
	size_t len;
	int rc;

	memset(&s, 0, sizeof s);
	s.state = -1;
	while ((rc = cmdout_getline(ctx, &line, &len)) == 1)
		vss_line(ctx, &s, line, len);
	finish(ctx, &s);
	sb_free(&s.wname);
	return rc < 0 ? -1 : 0;
}

static const char *const vssadmin_globs[] = {
	"*vssadmin*", "*shadowstorage*", "*diskshadow*", "*shadows*", "*providers*", NULL
};

const struct parser parser_vssadmin = {
	"vssadmin",
	"vssadmin list shadowstorage/providers/shadows, diskshadow list writers/shadows",
	vssadmin_globs,
	vssadmin_bid,
	vssadmin_parse
};
