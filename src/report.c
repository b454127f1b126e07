/* The report model: building it, ordering findings, and the verdict and "ask the customer"
 * views that every renderer shows. */
#include <stdlib.h>
#include <string.h>
#include "report.h"
#include "util.h"

#define NO_INDEX ((size_t)-1)

static const char *const severity_names[] = { "info", "warning", "error", "critical" };

const char *
severity_name(enum severity s)
{
	if ((unsigned)s >= MT_ARRAY_LEN(severity_names))
		return "unknown";
	return severity_names[s];
}

int
severity_parse(const char *name, enum severity *s)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < MT_ARRAY_LEN(severity_names); i++)
		if (ascii_casecmp(name, severity_names[i]) == 0) {
			*s = (enum severity)i;
			return 0;
		}
	return -1;
}

const char *
check_status_name(enum check_status s)
{
	switch (s) {
	case CHECK_PASS:
		return "pass";
	case CHECK_FAIL:
		return "fail";
	case CHECK_NOT_VERIFIABLE:
		return "not verifiable";
	}
	return "unknown";
}

const char *
report_time_quality_name(enum time_quality q)
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

const char *
report_flag_name(unsigned flag)
{
	switch (flag) {
	case INV_F_SUSPICIOUS_NAME:
		return "suspicious_name";
	case INV_F_DUPLICATE_NAME:
		return "duplicate_name";
	case INV_F_ENCRYPTED:
		return "encrypted";
	case INV_F_SPECIAL_FILE:
		return "special_file";
	case INV_F_LIMIT:
		return "limit";
	default:
		return NULL;
	}
}

int
report_is_healthy(const struct report *r)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity >= SEV_WARNING)
			return 0;
	return 1;
}

enum severity
report_worst(const struct report *r, int *any)
{
	enum severity worst = SEV_INFO;
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity > worst)
			worst = r->findings[i].severity;
	if (any != NULL)
		*any = r->nfindings > 0;
	return worst;
}

/* strcmp with NULL sorting before every string. */
static int
nullcmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c;

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = nullcmp(a->rule, b->rule)) != 0)
		return c;
	if ((c = nullcmp(a->subject, b->subject)) != 0)
		return c;
	/* Equal keys only when a rule reports one subject twice; these keep the order total. */
	if ((c = nullcmp(a->first_time, b->first_time)) != 0)
		return c;
	if ((c = nullcmp(a->message, b->message)) != 0)
		return c;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return 0;
}

void
report_sort(struct report *r)
{
	if (r->nfindings > 1)
		qsort(r->findings, r->nfindings, sizeof *r->findings, finding_cmp);
}

/* Makes room for one more element in an array that grows only through this function: its
 * capacity is implied by n (8, 16, 32...), the sizes xgrow produces. */
static void *
append_slot(void *p, size_t n, size_t sz)
{
	size_t cap = 0;

	if (n > 0)
		for (cap = 8; cap < n; cap *= 2)
			;
	p = xgrow(p, &cap, n + 1, sz);
	memset((char *)p + n * sz, 0, sz);
	return p;
}

struct finding *
report_add_finding(struct report *r)
{
	r->findings = append_slot(r->findings, r->nfindings, sizeof *r->findings);
	return &r->findings[r->nfindings++];
}

struct check *
report_add_check(struct report *r)
{
	r->checks = append_slot(r->checks, r->nchecks, sizeof *r->checks);
	return &r->checks[r->nchecks++];
}

struct report *
report_new(void)
{
	return xcalloc(1, sizeof(struct report));
}

static size_t
find_rule(const struct report *r, const char *rule)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i].rule != NULL && strcmp(r->findings[i].rule, rule) == 0)
			return i;
	return NO_INDEX;
}

size_t
report_cause(const struct report *r, size_t i)
{
	size_t cur = i, steps, j;

	if (i >= r->nfindings)
		return NO_INDEX;
	/* More steps than findings means the chain loops. */
	for (steps = 0; steps <= r->nfindings; steps++) {
		if (r->findings[cur].explained_by == NULL)
			break;
		j = find_rule(r, r->findings[cur].explained_by);
		if (j == NO_INDEX || j == cur)
			break;
		cur = j;
	}
	if (steps > r->nfindings || cur == i)
		return NO_INDEX;
	return cur;
}

static int
idx_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return (a > b) - (a < b);
}

size_t
report_top(const struct report *r, size_t *idx)
{
	enum severity min;
	size_t i, k, t, n = 0;
	int any;

	if (report_is_healthy(r))
		return 0;
	min = report_worst(r, &any) >= SEV_ERROR ? SEV_ERROR : SEV_WARNING;
	for (i = 0; i < r->nfindings; i++) {
		if (r->findings[i].severity < min)
			continue;
		t = report_cause(r, i);
		if (t == NO_INDEX)
			t = i;
		for (k = 0; k < n && idx[k] != t; k++)
			;
		if (k == n)
			idx[n++] = t;
	}
	qsort(idx, n, sizeof *idx, idx_cmp);
	return n;
}

/* One candidate for the ask block: a check that failed or could not be judged, or a finding
 * (at warning or above, not explained by another) that needs confirming on the server. */
struct ask_src {
	const char *rule;
	const char *command;
	const char *file;
};

static int
same_ask(const struct ask_src *c, const struct report_ask *a)
{
	return strcmp(c->command, a->command) == 0 && nullcmp(c->file, a->file) == 0;
}

static size_t
ask_sources(const struct report *r, struct ask_src **out)
{
	struct ask_src *s = xcalloc(r->nchecks + r->nfindings + 1, sizeof *s);
	size_t n = 0, i;

	for (i = 0; i < r->nchecks; i++) {
		const struct check *c = &r->checks[i];
		if (c->ask == NULL || c->status == CHECK_PASS)
			continue;
		s[n].rule = c->rule;
		s[n].command = c->ask;
		s[n++].file = c->ask_file;
	}
	for (i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		if (f->ask == NULL || f->severity < SEV_WARNING || f->explained_by != NULL)
			continue;
		s[n].rule = f->rule;
		s[n].command = f->ask;
		s[n++].file = f->ask_file;
	}
	*out = s;
	return n;
}

size_t
report_asks(const struct report *r, struct report_ask **out)
{
	struct report_ask *a = NULL;
	struct ask_src *src;
	size_t nsrc = ask_sources(r, &src), n = 0, i, k, j;

	for (i = 0; i < nsrc; i++) {
		for (k = 0; k < n && !same_ask(&src[i], &a[k]); k++)
			;
		if (k < n)
			continue;
		a = append_slot(a, n, sizeof *a);
		a[n].command = src[i].command;
		a[n].file = src[i].file;
		n++;
	}
	/* Second pass: the distinct rules behind each ask. */
	for (k = 0; k < n; k++) {
		a[k].rules = xcalloc(nsrc, sizeof *a[k].rules);
		for (i = 0; i < nsrc; i++) {
			if (!same_ask(&src[i], &a[k]) || src[i].rule == NULL)
				continue;
			for (j = 0; j < a[k].nrules && strcmp(a[k].rules[j], src[i].rule) != 0; j++)
				;
			if (j == a[k].nrules)
				a[k].rules[a[k].nrules++] = src[i].rule;
		}
	}
	free(src);
	*out = a;
	return n;
}

void
report_asks_free(struct report_ask *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(a[i].rules);
	free(a);
}

static void
finding_free(struct finding *f)
{
	size_t i;

	free(f->rule);
	free(f->subject);
	free(f->title);
	free(f->message);
	free(f->section);
	free(f->cause);
	free(f->resolution);
	for (i = 0; i < f->nreferences; i++)
		free(f->references[i]);
	free(f->references);
	free(f->first_time);
	free(f->last_time);
	for (i = 0; i < f->nevidence; i++) {
		free(f->evidence[i].file);
		free(f->evidence[i].time);
		free(f->evidence[i].excerpt);
	}
	free(f->evidence);
	free(f->explained_by);
	free(f->ask);
	free(f->ask_file);
}

static void
check_free(struct check *c)
{
	free(c->rule);
	free(c->title);
	free(c->section);
	free(c->detail);
	free(c->ask);
	free(c->ask_file);
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nfindings; i++)
		finding_free(&r->findings[i]);
	free(r->findings);
	for (i = 0; i < r->nchecks; i++)
		check_free(&r->checks[i]);
	free(r->checks);
	report_jobs_free(r);
	/* The report owns the inventory; the pointer is const only for the renderers. */
	if (r->inventory != NULL)
		inventory_free((struct inventory *)r->inventory);
	free(r->bundle);
	free(r->host);
	free(r->os);
	free(r->agent_version);
	free(r->time_first);
	free(r->time_last);
	free(r->tz_note);
	free(r->rules_version);
	free(r);
}
