/* Normalised records: building them in a reusable arena, reading fields, and the JSON Lines
 * form used by --dump-records. */
#include <stdarg.h>
#include <string.h>
#include "escape.h"
#include "record.h"
#include "timeparse.h"

#define NONE ((size_t)-1)

void
record_begin(struct record *r, const char *kind, const char *entry, long line)
{
	r->kind = kind;
	r->entry = entry;
	r->line = line;
	r->has_record_id = 0;
	r->record_id = 0;
	r->time.ms = 0;
	r->time.q = TQ_NONE;
	r->time_text = NONE;
	r->excerpt = NONE;
	r->nfields = 0;
	r->names = 0;
	sb_reset(&r->arena);
	/* Offset 0 is never a valid string start, so a zeroed record reads as empty. */
	sb_addc(&r->arena, '\0');
}

/* Copies s[0, n) and a NUL into the arena in one step (every value of every record comes
 * through here); the arena stays NUL-terminated like any strbuf. */
static size_t
arena_put(struct record *r, const char *s, size_t n)
{
	struct strbuf *a = &r->arena;
	size_t off = a->len;

	if (off + n + 2 > a->cap)
		a->s = xgrow(a->s, &a->cap, off + n + 2, 1);
	if (n)
		memcpy(a->s + off, s, n);
	a->s[off + n] = '\0';
	a->len = off + n + 1;
	a->s[a->len] = '\0';
	return off;
}

/* ascii_casecmp(a, b) == 0, with the first bytes compared inline: field names mostly differ
 * there, and records are searched by name for every field set and every rule test. */
static int
same_name(const char *a, const char *b)
{
	return ((*a ^ *b) & ~0x20) == 0 && ascii_casecmp(a, b) == 0;
}

void
record_set_bit(struct record *r, const char *name, size_t len, uint64_t bit, const char *value,
    size_t n)
{
	size_t i;

	for (i = 0; (r->names & bit) && i < r->nfields; i++)
		if (same_name(r->arena.s + r->fields[i].name, name)) {
			r->fields[i].value = arena_put(r, value, n);
			return;
		}
	if (r->nfields >= REC_MAX_FIELDS)
		return;
	r->fields[r->nfields].name = arena_put(r, name, len);
	r->fields[r->nfields].value = arena_put(r, value, n);
	r->nfields++;
	r->names |= bit;
}

void
record_sets(struct record *r, const char *name, const char *value)
{
	record_set(r, name, value, strlen(value));
}

void
record_setf(struct record *r, const char *name, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf)
		n = sizeof buf - 1;
	record_set(r, name, buf, (size_t)n);
}

void
record_set_time(struct record *r, struct rec_time t, const char *text, size_t n)
{
	r->time = t;
	r->time_text = text ? arena_put(r, text, n) : NONE;
}

void
record_set_excerpt(struct record *r, const char *text, size_t n)
{
	r->excerpt = arena_put(r, text, n);
}

const char *
record_get_bit(const struct record *r, const char *name, uint64_t bit)
{
	size_t i;

	if (!(r->names & bit))
		return NULL;
	for (i = 0; i < r->nfields; i++)
		if (same_name(r->arena.s + r->fields[i].name, name))
			return r->arena.s + r->fields[i].value;
	return NULL;
}

const char *
record_field_name(const struct record *r, size_t i)
{
	return r->arena.s + r->fields[i].name;
}

const char *
record_field_value(const struct record *r, size_t i)
{
	return r->arena.s + r->fields[i].value;
}

const char *
record_time_text(const struct record *r)
{
	return r->time_text == NONE ? NULL : r->arena.s + r->time_text;
}

const char *
record_excerpt(const struct record *r)
{
	return r->excerpt == NONE ? NULL : r->arena.s + r->excerpt;
}

void
record_free(struct record *r)
{
	sb_free(&r->arena);
}

static const char *
time_quality_name(enum time_quality q)
{
	switch (q) {
	case TQ_UTC:
		return "utc";
	case TQ_ZONE_ASSUMED:
		return "zone-assumed";
	case TQ_ZONE_UNKNOWN:
		return "zone-unknown";
	default:
		return "none";
	}
}

void
record_write_json(const struct record *r, FILE *fp)
{
	char iso[25];
	size_t i;

	fputs("{\"kind\":", fp);
	json_put_string(fp, r->kind);
	fputs(",\"file\":", fp);
	json_put_string(fp, r->entry);
	if (r->line > 0)
		fprintf(fp, ",\"line\":%ld", r->line);
	if (r->has_record_id)
		fprintf(fp, ",\"event_record_id\":%llu", (unsigned long long)r->record_id);
	if (r->time.q != TQ_NONE) {
		format_iso8601(r->time.ms, iso);
		fputs(",\"time\":", fp);
		json_put_string(fp, iso);
		fprintf(fp, ",\"time_quality\":\"%s\"", time_quality_name(r->time.q));
	}
	if (record_time_text(r)) {
		fputs(",\"time_text\":", fp);
		json_put_string(fp, record_time_text(r));
	}
	fputs(",\"fields\":{", fp);
	for (i = 0; i < r->nfields; i++) {
		if (i)
			fputc(',', fp);
		json_put_string(fp, record_field_name(r, i));
		fputc(':', fp);
		json_put_string(fp, record_field_value(r, i));
	}
	fputc('}', fp);
	if (record_excerpt(r)) {
		fputs(",\"excerpt\":", fp);
		json_put_string(fp, record_excerpt(r));
	}
	fputs("}\n", fp);
}
