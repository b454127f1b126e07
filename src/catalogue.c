/* The error-code catalogue: a sorted table of codes and names from the rule pack, looked up
 * by value whatever spelling a record used, and used to decorate codes in report text. */
#include <stdlib.h>
#include <string.h>
#include "catalogue.h"

struct entry {
	int is_name;
	uint32_t value;
	char *key, *name, *meaning;
};

struct catalogue {
	struct entry *e;
	size_t n, cap;
	int sealed;
};

struct catalogue *
catalogue_new(void)
{
	return xcalloc(1, sizeof(struct catalogue));
}

void
catalogue_free(struct catalogue *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->e[i].key);
		free(c->e[i].name);
		free(c->e[i].meaning);
	}
	free(c->e);
	free(c);
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int
catalogue_parse_code(const char *s, size_t n, uint32_t *v)
{
	uint64_t x = 0;
	size_t i;
	int neg = 0;

	trim_span(&s, &n);
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (n > 10)
			return -1;
		for (i = 2; i < n; i++) {
			int h = hexval((unsigned char)s[i]);
			if (h < 0)
				return -1;
			x = x * 16 + (uint64_t)h;
		}
		*v = (uint32_t)x;
		return 0;
	}
	if (n > 0 && s[0] == '-') {
		neg = 1;
		s++;
		n--;
	}
	if (n == 0 || n > 10)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	if (neg) {
		if (x > 0x80000000u)
			return -1;
		*v = (uint32_t)(0x100000000ull - x);
	} else {
		if (x > 0xFFFFFFFFull)
			return -1;
		*v = (uint32_t)x;
	}
	return 0;
}

static int
cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (a->is_name != b->is_name)
		return a->is_name - b->is_name;
	if (a->is_name)
		return ascii_casecmp(a->key, b->key);
	return (a->value > b->value) - (a->value < b->value);
}

static size_t
find(const struct catalogue *c, const struct entry *k)
{
	size_t i;

	if (c->n == 0)
		return (size_t)-1;
	if (c->sealed) {
		const struct entry *e = bsearch(k, c->e, c->n, sizeof *c->e, cmp_entry);
		return e ? (size_t)(e - c->e) : (size_t)-1;
	}
	for (i = 0; i < c->n; i++)
		if (cmp_entry(&c->e[i], k) == 0)
			return i;
	return (size_t)-1;
}

int
catalogue_add(struct catalogue *c, const char *key, const char *name, const char *meaning,
    size_t *other)
{
	struct entry k;
	size_t i;

	memset(&k, 0, sizeof k);
	k.is_name = catalogue_parse_code(key, strlen(key), &k.value) != 0;
	k.key = (char *)key;
	c->sealed = 0;
	if ((i = find(c, &k)) != (size_t)-1) {
		if (other)
			*other = i;
		return -1;
	}
	c->e = xgrow(c->e, &c->cap, c->n + 1, sizeof *c->e);
	k.key = xstrdup(key);
	k.name = name ? xstrdup(name) : NULL;
	k.meaning = meaning ? xstrdup(meaning) : NULL;
	c->e[c->n++] = k;
	return 0;
}

void
catalogue_seal(struct catalogue *c)
{
	if (c->n > 1)
		qsort(c->e, c->n, sizeof *c->e, cmp_entry);
	c->sealed = 1;
}

size_t
catalogue_count(const struct catalogue *c)
{
	return c ? c->n : 0;
}

static void
fill(const struct entry *e, struct code_info *out)
{
	out->is_name = e->is_name;
	out->value = e->value;
	out->key = e->key;
	out->name = e->name;
	out->meaning = e->meaning;
}

void
catalogue_at(const struct catalogue *c, size_t i, struct code_info *out)
{
	fill(&c->e[i], out);
}

int
catalogue_lookup(const struct catalogue *c, const char *code, size_t n, struct code_info *out)
{
	struct entry k;
	char name[128];
	size_t i;

	if (c == NULL || n == 0)
		return -1;
	memset(&k, 0, sizeof k);
	if (catalogue_parse_code(code, n, &k.value) != 0) {
		if (n >= sizeof name)
			return -1;
		memcpy(name, code, n);
		name[n] = '\0';
		k.is_name = 1;
		k.key = name;
	}
	if ((i = find(c, &k)) == (size_t)-1)
		return -1;
	fill(&c->e[i], out);
	return 0;
}

/* 1 for "0x" and 1 to 8 hexadecimal digits: the spelling records use for codes. */
static int
is_code_token(const char *s, size_t n)
{
	size_t i;

	if (n < 3 || n > 10 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return 0;
	for (i = 2; i < n; i++)
		if (hexval((unsigned char)s[i]) < 0)
			return 0;
	return 1;
}

static int
is_decimal(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

static void
add_label(struct strbuf *out, const struct code_info *ci)
{
	sb_adds(out, " (");
	sb_adds(out, ci->name ? ci->name : ci->meaning ? ci->meaning : "known code");
	sb_addc(out, ')');
}

int
catalogue_decorate(const struct catalogue *c, const char *text, struct strbuf *out)
{
	struct code_info ci;
	const char *p = text;
	size_t n = strlen(text), start = out->len, len;
	int any = 0, first = 1;

	if (c == NULL || n == 0) {
		sb_add(out, text, n);
		return 0;
	}
	if (!is_code_token(text, strcspn(text, " "))) {
		/* A portal error name, or a MARS id the pack writes in decimal, alone. */
		if (catalogue_lookup(c, text, n, &ci) == 0 && ci.meaning && (ci.is_name ||
		    (is_decimal(text, n) && is_decimal(ci.key, strlen(ci.key))))) {
			sb_add(out, text, n);
			sb_adds(out, " (");
			sb_adds(out, ci.meaning);
			sb_addc(out, ')');
			return 1;
		}
		sb_add(out, text, n);
		return 0;
	}
	while (*p) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		len = strcspn(p, " ");
		if (!is_code_token(p, len)) {
			/* Not a list of codes after all: leave the text as it was. */
			out->len = start;
			if (out->s)
				out->s[start] = '\0';
			sb_add(out, text, n);
			return 0;
		}
		if (!first)
			sb_adds(out, ", ");
		first = 0;
		sb_add(out, p, len);
		if (catalogue_lookup(c, p, len, &ci) == 0) {
			add_label(out, &ci);
			any = 1;
		}
		p += len;
	}
	if (!any) {
		out->len = start;
		if (out->s)
			out->s[start] = '\0';
		sb_add(out, text, n);
	}
	return any;
}
