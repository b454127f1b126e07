/* The inventory: a growable array of entry records plus a hash set of their paths, so that
 * duplicate names are found in constant time even in bundles with 100,000 entries. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "inventory.h"
#include "util.h"

struct inventory {
	struct inv_entry *v;
	size_t n, cap;
	size_t *slots;		/* open addressing: index + 1 into v, 0 = empty */
	size_t nslots;		/* a power of two, kept at least twice n */
};

static const char *const status_names[] = {
	"parsed", "partial", "container", "skipped", "failed", "unreadable-remainder"
};

/* FNV-1a: short, well spread for path strings. */
static size_t
path_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

static void
slot_insert(size_t *slots, size_t nslots, const char *path, size_t idx1)
{
	size_t i = path_hash(path) & (nslots - 1);

	while (slots[i] != 0)
		i = (i + 1) & (nslots - 1);
	slots[i] = idx1;
}

/* Doubles the slot table when it is half full, re-inserting every path. */
static void
slots_grow(struct inventory *inv)
{
	size_t i, n = inv->nslots ? inv->nslots * 2 : 64;

	free(inv->slots);
	inv->slots = xcalloc(n, sizeof *inv->slots);
	inv->nslots = n;
	for (i = 0; i < inv->n; i++)
		slot_insert(inv->slots, n, inv->v[i].path, i + 1);
}

struct inventory *
inventory_new(void)
{
	return xcalloc(1, sizeof(struct inventory));
}

void
inventory_free(struct inventory *inv)
{
	size_t i;

	if (inv == NULL)
		return;
	for (i = 0; i < inv->n; i++) {
		free(inv->v[i].path);
		free(inv->v[i].kind);
		free(inv->v[i].encoding);
		free(inv->v[i].note);
	}
	free(inv->v);
	free(inv->slots);
	free(inv);
}

struct inv_entry *
inventory_add(struct inventory *inv, const char *path, int depth)
{
	struct inv_entry *e;

	if ((inv->n + 1) * 2 > inv->nslots)
		slots_grow(inv);
	inv->v = xgrow(inv->v, &inv->cap, inv->n + 1, sizeof *inv->v);
	e = &inv->v[inv->n++];
	memset(e, 0, sizeof *e);
	e->path = xstrdup(path);
	e->depth = depth;
	e->status = INV_SKIPPED;
	e->size_declared = -1;
	slot_insert(inv->slots, inv->nslots, e->path, inv->n);
	return e;
}

static char *vformat(const char *fmt, va_list ap) MT_PRINTF(1, 0);

/* Formats into a newly allocated string. */
static char *
vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	char *s;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	s = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	s[0] = '\0';
	if (n > 0)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

void
inv_set_note(struct inv_entry *e, const char *fmt, ...)
{
	va_list ap;
	char *s;

	/* Format before freeing the old note: fmt's arguments may point into it. */
	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	free(e->note);
	e->note = s;
}

void
inv_append_note(struct inv_entry *e, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	if (e->note != NULL && e->note[0] != '\0') {
		char *joined = xasprintf("%s; %s", e->note, s);
		free(s);
		s = joined;
	}
	free(e->note);
	e->note = s;
}

void
inv_set_kind(struct inv_entry *e, const char *kind)
{
	char *k = kind ? xstrdup(kind) : NULL;

	free(e->kind);
	e->kind = k;
}

void
inv_set_encoding(struct inv_entry *e, const char *enc)
{
	char *s = enc ? xstrdup(enc) : NULL;

	free(e->encoding);
	e->encoding = s;
}

size_t
inventory_count(const struct inventory *inv)
{
	return inv->n;
}

const struct inv_entry *
inventory_at(const struct inventory *inv, size_t i)
{
	return i < inv->n ? &inv->v[i] : NULL;
}

struct inv_entry *
inventory_at_mut(struct inventory *inv, size_t i)
{
	return i < inv->n ? &inv->v[i] : NULL;
}

int
inventory_has_path(const struct inventory *inv, const char *path)
{
	size_t i;

	if (inv->nslots == 0)
		return 0;
	for (i = path_hash(path) & (inv->nslots - 1); inv->slots[i] != 0;
	    i = (i + 1) & (inv->nslots - 1))
		if (strcmp(inv->v[inv->slots[i] - 1].path, path) == 0)
			return 1;
	return 0;
}

const char *
inv_status_name(enum inv_status s)
{
	if ((size_t)s >= MT_ARRAY_LEN(status_names))
		return "unknown";
	return status_names[s];
}
