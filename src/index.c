/* The batch index model: rows built from reports (or JSON reports), their status, exit status
 * and rank, the worst-first order and the table of common root causes. */
#include <stdlib.h>
#include <string.h>
#include "index.h"
#include "util.h"

/* The walker appends these to the last inventory note when a bundle-wide limit stops it
 * (see bundle.c); the index reads them back from reports and from JSON reports alike. */
#define WALK_STOPPED "walk stopped"
#define TIME_LIMIT "time limit"

static const char *const status_names[] = {
	"healthy", "problems", "too large", "timeout", "unreadable"
};
static const char *const status_keys[] = {
	"healthy", "problems", "too_large", "timeout", "unreadable"
};

const char *
index_status_name(enum index_status s)
{
	return (unsigned)s < MT_ARRAY_LEN(status_names) ? status_names[s] : "unknown";
}

const char *
index_status_key(enum index_status s)
{
	return (unsigned)s < MT_ARRAY_LEN(status_keys) ? status_keys[s] : "unknown";
}

/* Length of the valid UTF-8 sequence at s (NUL-terminated), or 0: the same rules as the
 * JSON writer's (escape.c), which replaces each invalid byte with U+FFFD. */
static size_t
utf8_valid(const unsigned char *s)
{
	size_t len, i;
	unsigned long c, min;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, c = s[0] & 0x1F, min = 0x80;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, c = s[0] & 0x0F, min = 0x800;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	return len;
}

/* A copy with invalid UTF-8 replaced as the JSON report replaces it, so that a row read back
 * from a JSON report (--merge-index) holds the same text as one built in memory. */
static char *
dup_or_null(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (s == NULL)
		return NULL;
	sb_add(&sb, "", 0);
	while (*p) {
		if ((n = utf8_valid(p)) == 0) {
			sb_adds(&sb, "\xEF\xBF\xBD");
			p++;
		} else {
			sb_add(&sb, (const char *)p, n);
			p += n;
		}
	}
	return sb_detach(&sb);
}

void
index_row_note(struct index_row *row, const char *note)
{
	if (note == NULL || strstr(note, WALK_STOPPED) == NULL)
		return;
	row->walk_stopped = 1;
	if (strstr(note, TIME_LIMIT) != NULL)
		row->timed_out = 1;
}

static void
add_case(struct index_row *row, const struct index_case *c)
{
	row->cases = xrealloc(row->cases, (row->ncases + 1) * sizeof *row->cases);
	row->cases[row->ncases++] = *c;
}

void
index_row_from_report(struct index_row *row, const struct report *r, int want_cases)
{
	size_t i, n, *top;

	row->bundle = dup_or_null(r->bundle ? r->bundle : "");
	row->host = dup_or_null(r->host);
	row->unreadable = r->unreadable;
	row->worst = report_worst(r, &row->has_worst);
	n = r->inventory ? inventory_count(r->inventory) : 0;
	for (i = 0; i < n; i++)
		index_row_note(row, inventory_at(r->inventory, i)->note);
	top = xcalloc(r->nfindings, sizeof *top);
	row->ntop = report_top(r, top);
	if (row->ntop > INDEX_MAX_TOP)
		row->ntop = INDEX_MAX_TOP;
	row->top = xcalloc(row->ntop, sizeof *row->top);
	for (i = 0; i < row->ntop; i++) {
		row->top[i].rule = dup_or_null(r->findings[top[i]].rule ? r->findings[top[i]].rule :
		    "");
		row->top[i].title = dup_or_null(r->findings[top[i]].title);
	}
	free(top);
	for (i = 0; i < r->nchecks; i++) {
		const struct check *c = &r->checks[i];
		if ((unsigned)c->status < MT_ARRAY_LEN(row->checks))
			row->checks[c->status]++;
		if (want_cases) {
			struct index_case k = {1, dup_or_null(c->rule), dup_or_null(c->title), NULL,
			    dup_or_null(c->detail), c->status, c->severity};
			add_case(row, &k);
		}
	}
	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		if ((unsigned)f->severity < MT_ARRAY_LEN(row->findings))
			row->findings[f->severity]++;
		if (want_cases) {
			struct index_case k = {0, dup_or_null(f->rule), dup_or_null(f->title),
			    dup_or_null(f->subject), dup_or_null(f->message), CHECK_PASS,
			    f->severity};
			add_case(row, &k);
		}
	}
}

void
index_row_finish(struct index_row *row, enum severity fail_on)
{
	int s;

	if (row->unreadable)
		row->status = IX_UNREADABLE;
	else if (row->timed_out)
		row->status = IX_TIMEOUT;
	else if (row->walk_stopped)
		row->status = IX_TOO_LARGE;
	else if (row->findings[SEV_WARNING] + row->findings[SEV_ERROR] +
	    row->findings[SEV_CRITICAL] > 0)
		row->status = IX_PROBLEMS;
	else
		row->status = IX_HEALTHY;

	row->exit_status = 0;
	for (s = (int)fail_on; s <= SEV_CRITICAL; s++)
		if (row->findings[s] > 0)
			row->exit_status = 1;
	if (row->status >= IX_TOO_LARGE)
		row->exit_status = 3;

	/* Severity decides; a bundle that could not be read counts as critical, one read only
	 * in part as at least an error. */
	row->rank = row->has_worst ? (int)row->worst + 1 : 0;
	if (row->status == IX_UNREADABLE)
		row->rank = SEV_CRITICAL + 1;
	else if (row->status >= IX_TOO_LARGE && row->rank < SEV_ERROR + 1)
		row->rank = SEV_ERROR + 1;
}

void
index_row_add_link(struct index_row *row, const char *link)
{
	row->links = xrealloc(row->links, (row->nlinks + 1) * sizeof *row->links);
	row->links[row->nlinks++] = xstrdup(link);
}

void
index_row_free(struct index_row *row)
{
	size_t i;

	free(row->bundle);
	free(row->stem);
	free(row->host);
	for (i = 0; i < row->ntop; i++) {
		free(row->top[i].rule);
		free(row->top[i].title);
	}
	free(row->top);
	for (i = 0; i < row->ncases; i++) {
		free(row->cases[i].rule);
		free(row->cases[i].title);
		free(row->cases[i].subject);
		free(row->cases[i].text);
	}
	free(row->cases);
	for (i = 0; i < row->nlinks; i++)
		free(row->links[i]);
	free(row->links);
	memset(row, 0, sizeof *row);
}

void
index_init(struct index *ix, enum severity fail_on, const char *tool_version)
{
	memset(ix, 0, sizeof *ix);
	ix->fail_on = fail_on;
	ix->tool_version = tool_version;
}

struct index_row *
index_add(struct index *ix)
{
	ix->rows = xgrow(ix->rows, &ix->cap, ix->nrows + 1, sizeof *ix->rows);
	memset(&ix->rows[ix->nrows], 0, sizeof ix->rows[0]);
	return &ix->rows[ix->nrows++];
}

static uint64_t
at_worst(const struct index_row *r)
{
	return r->has_worst ? r->findings[r->worst] : 0;
}

static int
strcmp_null(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct index_row *a = pa, *b = pb;
	uint64_t na = at_worst(a), nb = at_worst(b);
	int c;

	if (a->rank != b->rank)
		return a->rank > b->rank ? -1 : 1;
	if (na != nb)
		return na > nb ? -1 : 1;
	if ((c = strcmp_null(a->bundle, b->bundle)) != 0)
		return c;
	return strcmp_null(a->stem, b->stem);
}

void
index_sort(struct index *ix)
{
	if (ix->nrows > 1)
		qsort(ix->rows, ix->nrows, sizeof *ix->rows, row_cmp);
}

int
index_exit_status(const struct index *ix)
{
	size_t i;
	int st = 0;

	for (i = 0; i < ix->nrows; i++)
		if (ix->rows[i].exit_status > st)
			st = ix->rows[i].exit_status;
	return st;
}

void
index_free(struct index *ix)
{
	size_t i;

	for (i = 0; i < ix->nrows; i++)
		index_row_free(&ix->rows[i]);
	free(ix->rows);
	memset(ix, 0, sizeof *ix);
}

static int
cause_cmp(const void *pa, const void *pb)
{
	const struct index_cause *a = pa, *b = pb;

	if (a->bundles != b->bundles)
		return a->bundles > b->bundles ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

static int
cause_rule_cmp(const void *pa, const void *pb)
{
	const struct index_cause *a = pa, *b = pb;
	int c = strcmp(a->rule, b->rule);

	return c != 0 ? c : strcmp_null(a->title, b->title);
}

size_t
index_causes(const struct index *ix, struct index_cause **out)
{
	struct index_cause *c = NULL;
	size_t n = 0, cap = 0, i, k, m;

	/* Every (bundle, rule) pair once: a rule repeated in one verdict counts once. */
	for (i = 0; i < ix->nrows; i++) {
		const struct index_row *r = &ix->rows[i];
		for (k = 0; k < r->ntop; k++) {
			for (m = 0; m < k && strcmp(r->top[m].rule, r->top[k].rule) != 0; m++)
				;
			if (m < k)
				continue;
			c = xgrow(c, &cap, n + 1, sizeof *c);
			c[n].rule = r->top[k].rule;
			c[n].title = r->top[k].title;
			c[n].bundles = 1;
			n++;
		}
	}
	if (n == 0) {
		*out = NULL;
		free(c);
		return 0;
	}
	/* Merge equal rules, keeping the smallest title (a merge may mix rule pack versions). */
	qsort(c, n, sizeof *c, cause_rule_cmp);
	for (i = 0, m = 0; i < n; i++) {
		if (m > 0 && strcmp(c[m - 1].rule, c[i].rule) == 0) {
			c[m - 1].bundles++;
			if (c[m - 1].title == NULL)
				c[m - 1].title = c[i].title;
		} else
			c[m++] = c[i];
	}
	qsort(c, m, sizeof *c, cause_cmp);
	*out = c;
	return m;
}
