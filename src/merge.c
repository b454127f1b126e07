/* --merge-index: reads back the per-bundle JSON reports of one or more runs (the fields the
 * index needs, with a streaming reader, so a large inventory costs no memory) and gives the
 * same rows a run builds from its reports in memory. */
#define _XOPEN_SOURCE 700	/* realpath() is an XSI function in POSIX.1-2008 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "batch.h"
#include "diag.h"
#include "json_read.h"
#include "merge.h"
#include "render.h"
#include "util.h"

#define REPORT_SUFFIX ".report.json"

struct reading {
	struct json_reader jr;
	struct strbuf key, val;
	struct index_row *row;
	int want_cases;
	struct index_case *found;	/* findings, appended after the checks at the end */
	size_t nfound;
};

static char *
val_dup(struct reading *rd, int rc)
{
	return rc == 1 ? xstrdup(sb_str(&rd->val)) : NULL;
}

static void
push_case(struct index_case **v, size_t *n, const struct index_case *c)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = *c;
}

static int
read_bundle(struct reading *rd)
{
	int rc;

	if (jr_enter(&rd->jr) != 0)
		return -1;
	while ((rc = jr_next(&rd->jr, &rd->key)) == 1) {
		if (strcmp(sb_str(&rd->key), "path") == 0) {
			rc = jr_string(&rd->jr, &rd->val);
			free(rd->row->bundle);
			rd->row->bundle = val_dup(rd, rc);
		} else if (strcmp(sb_str(&rd->key), "host") == 0) {
			rc = jr_string(&rd->jr, &rd->val);
			free(rd->row->host);
			rd->row->host = val_dup(rd, rc);
		} else
			rc = jr_skip(&rd->jr);
		if (rc < 0)
			return -1;
	}
	return rc;
}

/* One object of verdict.top: {rule, title, ...}. */
static int
read_top(struct reading *rd)
{
	struct index_top t = {NULL, NULL};
	int rc;

	if (jr_enter(&rd->jr) != 0)
		return -1;
	while ((rc = jr_next(&rd->jr, &rd->key)) == 1) {
		if (strcmp(sb_str(&rd->key), "rule") == 0) {
			rc = jr_string(&rd->jr, &rd->val);
			free(t.rule);
			t.rule = val_dup(rd, rc);
		} else if (strcmp(sb_str(&rd->key), "title") == 0) {
			rc = jr_string(&rd->jr, &rd->val);
			free(t.title);
			t.title = val_dup(rd, rc);
		} else
			rc = jr_skip(&rd->jr);
		if (rc < 0)
			break;
	}
	if (t.rule == NULL)
		t.rule = xstrdup("");
	if (rd->row->ntop >= INDEX_MAX_TOP) {
		free(t.rule);
		free(t.title);
		return rc;
	}
	rd->row->top = xrealloc(rd->row->top, (rd->row->ntop + 1) * sizeof *rd->row->top);
	rd->row->top[rd->row->ntop++] = t;
	return rc;
}

static int
read_verdict(struct reading *rd)
{
	int rc;

	if (jr_enter(&rd->jr) != 0)
		return -1;
	while ((rc = jr_next(&rd->jr, &rd->key)) == 1) {
		if (strcmp(sb_str(&rd->key), "status") == 0) {
			rc = jr_string(&rd->jr, &rd->val);
			rd->row->unreadable = rc == 1 && strcmp(sb_str(&rd->val), "unreadable") == 0;
		} else if (strcmp(sb_str(&rd->key), "worst_severity") == 0) {
			rc = jr_string(&rd->jr, &rd->val);
			rd->row->has_worst = rc == 1 &&
			    severity_parse(sb_str(&rd->val), &rd->row->worst) == 0;
		} else if (strcmp(sb_str(&rd->key), "top") == 0 &&
		    jr_peek(&rd->jr) == JR_ARRAY) {
			if (jr_enter(&rd->jr) != 0)
				return -1;
			while ((rc = jr_next(&rd->jr, NULL)) == 1)
				if ((rc = jr_peek(&rd->jr) == JR_OBJECT ? read_top(rd) :
				    jr_skip(&rd->jr)) < 0)
					return -1;
		} else
			rc = jr_skip(&rd->jr);
		if (rc < 0)
			return -1;
	}
	return rc;
}

static int
check_status_parse(const char *s, enum check_status *st)
{
	if (strcmp(s, "pass") == 0)
		*st = CHECK_PASS;
	else if (strcmp(s, "fail") == 0)
		*st = CHECK_FAIL;
	else if (strcmp(s, "not_verifiable") == 0)
		*st = CHECK_NOT_VERIFIABLE;
	else
		return -1;
	return 0;
}

/* One finding (is_check 0) or check (1): counted, and kept as a case when wanted. */
static int
read_item(struct reading *rd, int is_check)
{
	struct index_case c;
	int rc, have_sev = 0, have_status = 0;
	char **slot;

	memset(&c, 0, sizeof c);
	c.is_check = is_check;
	if (jr_enter(&rd->jr) != 0)
		return -1;
	while ((rc = jr_next(&rd->jr, &rd->key)) == 1) {
		const char *k = sb_str(&rd->key);
		slot = NULL;
		if (strcmp(k, "rule") == 0)
			slot = &c.rule;
		else if (strcmp(k, "title") == 0)
			slot = &c.title;
		else if (strcmp(k, "subject") == 0 && !is_check)
			slot = &c.subject;
		else if (strcmp(k, is_check ? "detail" : "message") == 0)
			slot = &c.text;
		if (slot != NULL) {
			rc = jr_string(&rd->jr, &rd->val);
			free(*slot);
			*slot = val_dup(rd, rc);
		} else if (strcmp(k, "severity") == 0) {
			rc = jr_string(&rd->jr, &rd->val);
			have_sev = rc == 1 && severity_parse(sb_str(&rd->val), &c.severity) == 0;
		} else if (strcmp(k, "status") == 0 && is_check) {
			rc = jr_string(&rd->jr, &rd->val);
			have_status = rc == 1 && check_status_parse(sb_str(&rd->val), &c.status) == 0;
		} else
			rc = jr_skip(&rd->jr);
		if (rc < 0)
			break;
	}
	if (is_check && have_status)
		rd->row->checks[c.status]++;
	if (!is_check && have_sev)
		rd->row->findings[c.severity]++;
	if (rc == 0 && rd->want_cases && (is_check ? have_status : have_sev)) {
		if (is_check)
			push_case(&rd->row->cases, &rd->row->ncases, &c);
		else
			push_case(&rd->found, &rd->nfound, &c);
		return 0;
	}
	free(c.rule);
	free(c.title);
	free(c.subject);
	free(c.text);
	return rc;
}

static int
read_entry(struct reading *rd)
{
	int rc;

	if (jr_enter(&rd->jr) != 0)
		return -1;
	while ((rc = jr_next(&rd->jr, &rd->key)) == 1) {
		if (strcmp(sb_str(&rd->key), "note") == 0) {
			if ((rc = jr_string(&rd->jr, &rd->val)) == 1)
				index_row_note(rd->row, sb_str(&rd->val));
		} else
			rc = jr_skip(&rd->jr);
		if (rc < 0)
			return -1;
	}
	return rc;
}

/* An array whose objects go to fn(rd, arg); anything else is skipped. */
static int
read_array(struct reading *rd, int (*fn)(struct reading *, int), int arg)
{
	int rc;

	if (jr_peek(&rd->jr) != JR_ARRAY)
		return jr_skip(&rd->jr);
	if (jr_enter(&rd->jr) != 0)
		return -1;
	while ((rc = jr_next(&rd->jr, NULL)) == 1)
		if ((jr_peek(&rd->jr) == JR_OBJECT ? fn(rd, arg) : jr_skip(&rd->jr)) < 0)
			return -1;
	return rc;
}

static int
read_entry_arg(struct reading *rd, int unused)
{
	(void)unused;
	return read_entry(rd);
}

int
merge_read_report(FILE *fp, struct index_row *row, int want_cases)
{
	struct reading rd;
	int64_t version = 0;
	int rc;
	size_t i;

	memset(&rd, 0, sizeof rd);
	jr_init(&rd.jr, fp);
	rd.row = row;
	rd.want_cases = want_cases;
	rc = jr_peek(&rd.jr) == JR_OBJECT ? jr_enter(&rd.jr) : -1;
	while (rc == 0 && (rc = jr_next(&rd.jr, &rd.key)) == 1) {
		const char *k = sb_str(&rd.key);
		if (strcmp(k, "schema_version") == 0)
			rc = jr_int(&rd.jr, &version);
		else if (strcmp(k, "bundle") == 0)
			rc = jr_peek(&rd.jr) == JR_OBJECT ? read_bundle(&rd) : jr_skip(&rd.jr);
		else if (strcmp(k, "verdict") == 0)
			rc = jr_peek(&rd.jr) == JR_OBJECT ? read_verdict(&rd) : jr_skip(&rd.jr);
		else if (strcmp(k, "findings") == 0)
			rc = read_array(&rd, read_item, 0);
		else if (strcmp(k, "checklist") == 0)
			rc = read_array(&rd, read_item, 1);
		else if (strcmp(k, "inventory") == 0)
			rc = read_array(&rd, read_entry_arg, 0);
		else
			rc = jr_skip(&rd.jr);
		if (rc > 0)
			rc = 0;
	}
	/* Findings after the checks, as a report in memory gives them. */
	for (i = 0; i < rd.nfound; i++)
		push_case(&row->cases, &row->ncases, &rd.found[i]);
	free(rd.found);
	sb_free(&rd.key);
	sb_free(&rd.val);
	if (rc != 0 || jr_failed(&rd.jr) || version != 1 || row->bundle == NULL)
		return -1;
	return 0;
}

/* ---- directories ---- */

static void
free_parts(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char **
split_path(const char *abs, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	const char *p = abs, *e;

	*n = 0;
	while (*p) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e && *e != '/'; e++)
			;
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = xstrndup(p, (size_t)(e - p));
		p = e;
	}
	return v;
}

/* The path from directory from to directory to, "" or ending in '/'; NULL if either cannot
 * be resolved. */
static char *
relative_dir(const char *from, const char *to)
{
	char *a = realpath(from, NULL), *b = realpath(to, NULL);
	char **pa, **pb;
	size_t na, nb, k, i;
	struct strbuf sb = STRBUF_INIT;

	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		return NULL;
	}
	pa = split_path(a, &na);
	pb = split_path(b, &nb);
	for (k = 0; k < na && k < nb && strcmp(pa[k], pb[k]) == 0; k++)
		;
	sb_add(&sb, "", 0);
	for (i = k; i < na; i++)
		sb_adds(&sb, "../");
	for (i = k; i < nb; i++)
		sb_printf(&sb, "%s/", pb[i]);
	free_parts(pa, na);
	free_parts(pb, nb);
	free(a);
	free(b);
	return sb_detach(&sb);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_links(struct index_row *row, const char *dir, const char *rel, const char *stem)
{
	struct stat st;
	size_t t;
	char *path, *link;

	for (t = 0; renderer_table[t] != NULL; t++) {
		if (!batch_per_bundle(renderer_table[t]->name))
			continue;
		path = xasprintf("%s/%s.report.%s", dir, stem, renderer_table[t]->ext);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			link = xasprintf("%s%s.report.%s", rel, stem, renderer_table[t]->ext);
			index_row_add_link(row, link);
			free(link);
		}
		free(path);
	}
}

static int
merge_one(const char *dir, const char *rel, const char *name, int want_cases,
    struct index *ix)
{
	size_t nl = strlen(name), sl = strlen(REPORT_SUFFIX);
	char *path = xasprintf("%s/%s", dir, name);
	struct index_row *row;
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "r")) == NULL) {
		diag(DIAG_ERROR, NULL, NULL, 0, "%s: cannot open: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	row = index_add(ix);
	rc = merge_read_report(fp, row, want_cases);
	fclose(fp);
	if (rc != 0) {
		diag(DIAG_ERROR, NULL, NULL, 0, "%s: not a marstriage JSON report "
		    "(schema_version 1)", path);
		index_row_free(row);
		ix->nrows--;
		free(path);
		return -1;
	}
	row->stem = xstrndup(name, nl - sl);
	add_links(row, dir, rel, row->stem);
	index_row_finish(row, ix->fail_on);
	free(path);
	return 0;
}

int
merge_reports(const char *const *dirs, size_t ndirs, const char *outdir, int want_cases,
    struct index *ix)
{
	size_t d, i, n, cap, sl = strlen(REPORT_SUFFIX);
	struct dirent *de;
	char **names, *rel;
	DIR *dp;
	int rc = 0;

	for (d = 0; d < ndirs; d++) {
		if ((rel = relative_dir(outdir, dirs[d])) == NULL ||
		    (dp = opendir(dirs[d])) == NULL) {
			diag(DIAG_ERROR, NULL, NULL, 0, "%s: cannot read the folder: %s", dirs[d],
			    strerror(errno));
			free(rel);
			rc = -1;
			continue;
		}
		names = NULL;
		n = cap = 0;
		while ((de = readdir(dp)) != NULL) {
			size_t nl = strlen(de->d_name);
			if (de->d_name[0] == '.' || nl <= sl ||
			    strcmp(de->d_name + nl - sl, REPORT_SUFFIX) != 0)
				continue;
			names = xgrow(names, &cap, n + 1, sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
		closedir(dp);
		if (n > 1)
			qsort(names, n, sizeof *names, name_cmp);
		for (i = 0; i < n; i++)
			if (merge_one(dirs[d], rel, names[i], want_cases, ix) != 0)
				rc = -1;
		free_parts(names, n);
		free(rel);
	}
	return rc;
}
