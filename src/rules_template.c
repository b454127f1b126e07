/* Rule message templates: "{name}" and "{name|fallback}" placeholders compiled at load
 * time, filled from the matching record when it passes by, and rendered at the end. */
#include <stdlib.h>
#include <string.h>
#include "rules_int.h"
#include "timeparse.h"

static const struct {
	const char *name;
	enum agg_var agg;
} aggregates[] = {
	{"count", AGG_COUNT}, {"first_time", AGG_FIRST_TIME}, {"last_time", AGG_LAST_TIME},
	{"subject", AGG_SUBJECT},
};

size_t
utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	n = max;
	/* Never end inside a multi-byte sequence: back up to the start of the cut one. */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

void
template_free(struct template *t)
{
	size_t i;

	for (i = 0; i < t->nsegs; i++)
		free(t->segs[i].text);
	free(t->segs);
	memset(t, 0, sizeof *t);
}

void
slots_free(struct slots *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->names[i]);
	s->n = 0;
}

static void
add_seg(struct template *t, size_t *cap, const char *text, size_t n, int slot, enum agg_var agg)
{
	struct tseg *g;

	t->segs = xgrow(t->segs, cap, t->nsegs + 1, sizeof *t->segs);
	g = &t->segs[t->nsegs++];
	g->text = xstrndup(text, n);
	g->slot = slot;
	g->agg = agg;
}

void
template_literal(struct template *t, const char *text)
{
	size_t cap = 0;

	memset(t, 0, sizeof *t);
	add_seg(t, &cap, text, strlen(text), -1, AGG_NONE);
}

static int
slot_of(struct lctx *c, const struct ynode *at, struct slots *s, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strlen(s->names[i]) == n && memcmp(s->names[i], name, n) == 0)
			return (int)i;
	if (s->n == RULE_MAX_SLOTS) {
		lerr(c, at, "more than %d different names in templates", RULE_MAX_SLOTS);
		return -1;
	}
	s->names[s->n] = xstrndup(name, n);
	return (int)s->n++;
}

static int
add_var(struct lctx *c, const struct ynode *at, enum tmpl_use use, struct slots *slots,
    struct template *t, size_t *cap, const char *p, size_t n)
{
	const char *bar = memchr(p, '|', n);
	size_t nl = bar ? (size_t)(bar - p) : n, i;
	const char *fb = bar ? bar + 1 : "";
	size_t fbl = bar ? n - nl - 1 : 0;
	int slot;

	if (nl == 0) {
		lerr(c, at, "empty name in template placeholder '{%.*s}'", (int)n, p);
		return -1;
	}
	for (i = 0; i < nl; i++) {
		int ch = (unsigned char)p[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-' || ch == ':')) {
			lerr(c, at, "bad name in template placeholder '{%.*s}'", (int)n, p);
			return -1;
		}
	}
	if (nl > 5 && memcmp(p, "pack.", 5) == 0) {
		/* A pack constant is known now: it becomes literal text. */
		const char *v = pack_const(c->consts, p + 5, nl - 5);
		if (v == NULL) {
			lerr(c, at, "unknown pack constant '%.*s' (constants are set in the pack "
			    "file)", (int)nl, p);
			return -1;
		}
		add_seg(t, cap, v, strlen(v), -1, AGG_NONE);
		return 0;
	}
	for (i = 0; i < MT_ARRAY_LEN(aggregates); i++)
		if (strlen(aggregates[i].name) == nl && memcmp(aggregates[i].name, p, nl) == 0) {
			if (use != TMPL_MESSAGE) {
				lerr(c, at, "'{%s}' is only known when all records are seen; "
				    "use it in message", aggregates[i].name);
				return -1;
			}
			add_seg(t, cap, fb, fbl, -1, aggregates[i].agg);
			return 0;
		}
	if ((slot = slot_of(c, at, slots, p, nl)) < 0)
		return -1;
	add_seg(t, cap, fb, fbl, slot, AGG_NONE);
	return 0;
}

int
template_compile(struct lctx *c, const struct ynode *n, enum tmpl_use use,
    struct slots *slots, struct template *out)
{
	struct strbuf lit = STRBUF_INIT;
	const char *s, *end;
	size_t cap = 0;

	memset(out, 0, sizeof *out);
	if (n->type != Y_SCALAR || ynode_is_null(n)) {
		lerr(c, n, "a template must be text");
		return -1;
	}
	out->set = 1;
	s = n->text;
	end = s + n->len;
	while (s < end) {
		const char *close;
		if (s[0] == '{' && s + 1 < end && s[1] == '{') {
			sb_addc(&lit, '{');
			s += 2;
			continue;
		}
		if (s[0] == '}' && s + 1 < end && s[1] == '}') {
			sb_addc(&lit, '}');
			s += 2;
			continue;
		}
		if (s[0] != '{') {
			sb_addc(&lit, *s++);
			continue;
		}
		close = memchr(s, '}', (size_t)(end - s));
		if (close == NULL) {
			lerr(c, n, "template placeholder '{' is not closed (write {{ for a brace)");
			goto fail;
		}
		if (lit.len > 0) {
			add_seg(out, &cap, lit.s, lit.len, -1, AGG_NONE);
			sb_reset(&lit);
		}
		if (add_var(c, n, use, slots, out, &cap, s + 1, (size_t)(close - s - 1)) < 0)
			goto fail;
		s = close + 1;
	}
	if (lit.len > 0)
		add_seg(out, &cap, lit.s, lit.len, -1, AGG_NONE);
	sb_free(&lit);
	return 0;
fail:
	sb_free(&lit);
	template_free(out);
	return -1;
}

/* *dst becomes a bounded copy of v, or NULL for NULL; its memory is kept when it holds that
 * text already (rules fill slots on every match, mostly with the values of the last). */
static void
set_value(char **dst, const char *v)
{
	size_t n;

	if (v == NULL) {
		free(*dst);
		*dst = NULL;
		return;
	}
	n = utf8_cut(v, strlen(v), RULE_VALUE_MAX);
	if (*dst != NULL && strncmp(*dst, v, n) == 0 && (*dst)[n] == '\0')
		return;
	free(*dst);
	*dst = xstrndup(v, n);
}

void
slots_fill(const struct slots *s, const struct evalctx *e, char **vals)
{
	const struct record *r = e->r;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const char *nm = s->names[i], *v;
		if (strcmp(nm, "file") == 0)
			v = r->entry;
		else if (strcmp(nm, "kind") == 0)
			v = r->kind;
		else if (strcmp(nm, "excerpt") == 0)
			v = record_excerpt(r);
		else if (strcmp(nm, "line") == 0) {
			free(vals[i]);
			vals[i] = r->line > 0 ? xasprintf("%ld", r->line) : NULL;
			continue;
		} else if (strcmp(nm, "time") == 0) {
			if (r->time.q != TQ_NONE) {
				free(vals[i]);
				vals[i] = xmalloc(25);
				format_iso8601(r->time.ms, vals[i]);
				continue;
			}
			v = record_time_text(r);
		} else if ((v = evalctx_capture(e, nm)) == NULL)
			v = record_get(r, nm);
		set_value(&vals[i], v);
	}
}

void
template_render(const struct template *t, char *const *vals, const struct aggregates *agg,
    const struct catalogue *cat, struct strbuf *sb)
{
	size_t start = sb->len, i;

	for (i = 0; i < t->nsegs; i++) {
		const struct tseg *g = &t->segs[i];
		const char *v = NULL;
		char num[24];
		if (g->slot < 0 && g->agg == AGG_NONE)
			v = g->text;
		else if (g->slot >= 0)
			v = vals ? vals[g->slot] : NULL;
		else if (agg != NULL) {
			switch (g->agg) {
			case AGG_COUNT:
				snprintf(num, sizeof num, "%llu", (unsigned long long)agg->count);
				v = num;
				break;
			case AGG_FIRST_TIME:
				v = agg->first_time;
				break;
			case AGG_LAST_TIME:
				v = agg->last_time;
				break;
			case AGG_SUBJECT:
				v = agg->subject;
				break;
			default:
				break;
			}
		}
		if (v == NULL || *v == '\0')
			v = g->text;	/* the fallback */
		else if (g->slot >= 0 && cat != NULL) {
			/* A record's code, shown with its name wherever it appears. */
			catalogue_decorate(cat, v, sb);
			v = "";
		}
		sb_adds(sb, v);
		if (sb->len - start > RULE_TEXT_MAX) {
			sb->len = start + utf8_cut(sb->s + start, sb->len - start, RULE_TEXT_MAX);
			sb->s[sb->len] = '\0';
			break;
		}
	}
}
