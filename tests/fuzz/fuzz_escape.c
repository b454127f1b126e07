/* Fuzz target: the output escapers, each with an oracle, then every renderer over a report
 * whose bundle-supplied strings are the input.
 *   html_put: the output holds no '<', '>', '"' or '\'' (so no tag or attribute from input).
 *   json_put_stringn: the output is one valid JSON string.
 *   md_put_cell: a two-cell table row always has two cells.
 *   md_put_text, md_put_code: CommonMark (cmark) reads them as plain text and one code span.
 *   text_put_line, diag_put_escaped, slug_put: one line, no control character, their alphabet.
 *   Renderers: JSON and JSON Lines parse; every row of a Markdown table has the header's
 *   column count; HTML and JUnit XML hold as many '<' as when every '<' of the input is
 *   replaced by '~'. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmark.h>
#include "diag.h"
#include "escape.h"
#include "inventory.h"
#include "oracle.h"
#include "render.h"
#include "report.h"
#include "util.h"

typedef void (*put_fn)(FILE *, const char *);

static char *
capture(put_fn put, const char *pre, const char *s, const char *post, size_t *len)
{
	char *out = NULL;
	FILE *fp = open_memstream(&out, len);

	if (fp == NULL)
		oracle_fail("open_memstream");
	fputs(pre, fp);
	put(fp, s);
	fputs(post, fp);
	fclose(fp);
	return out;
}

static void
put_json(FILE *fp, const char *s)
{
	json_put_string(fp, s);
}

/* 1 when every tag of html is one of the names in allowed (space separated, with spaces
 * around each), counting the tags named counted. */
static int
only_tags(const char *html, const char *allowed, const char *counted, int *count)
{
	const char *p = html;
	char name[32];
	size_t k;

	*count = 0;
	while ((p = strchr(p, '<')) != NULL) {
		p++;
		if (*p == '/')
			p++;
		for (k = 0; k + 1 < sizeof name && p[k] >= 'a' && p[k] <= 'z'; k++)
			name[k] = p[k];
		name[k] = '\0';
		if (k == 0)
			return 0;
		{
			char key[40];
			snprintf(key, sizeof key, " %s ", name);
			if (strstr(allowed, key) == NULL)
				return 0;
		}
		if (p[-1] != '/' && strcmp(name, counted) == 0)
			(*count)++;
	}
	return 1;
}

static void
check_escapers(const char *s)
{
	char *out, *html;
	size_t len, i;
	int n;

	out = capture(html_put, "", s, "", &len);
	if (strpbrk(out, "<>\"'") != NULL || !oracle_utf8(out, len))
		oracle_fail("html_put let markup through");
	free(out);

	out = capture(put_json, "", s, "", &len);
	if (!oracle_json(out, len) || out[0] != '"')
		oracle_fail("json_put_string is not one JSON string");
	free(out);

	{
		char *cell = capture(md_put_cell, "| ", s, " | x |", &len);
		if (oracle_md_cells(cell, len) != 2)
			oracle_fail("md_put_cell changed the column count");
		free(cell);
	}

	out = capture(md_put_text, "x ", s, "", &len);
	html = cmark_markdown_to_html(out, len, CMARK_OPT_DEFAULT);
	if (!only_tags(html, " p ", "p", &n) || n != 1)
		oracle_fail("md_put_text: CommonMark sees markup");
	free(html);
	free(out);

	out = capture(md_put_code, "x ", s, "", &len);
	html = cmark_markdown_to_html(out, len, CMARK_OPT_DEFAULT);
	if (!only_tags(html, " p code ", "code", &n) || n != 1)
		oracle_fail("md_put_code is not one code span");
	free(html);
	free(out);

	out = capture(text_put_line, "", s, "", &len);
	if (!oracle_utf8(out, len))
		oracle_fail("text_put_line gave invalid UTF-8");
	for (i = 0; i < len; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7F)
			oracle_fail("text_put_line let a control character through");
	free(out);

	out = capture(diag_put_escaped, "", s, "", &len);
	if (!oracle_utf8(out, len))
		oracle_fail("diag_put_escaped gave invalid UTF-8");
	for (i = 0; i < len; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7F ||
		    ((unsigned char)out[i] == 0xC2 && i + 1 < len &&
		    (unsigned char)out[i + 1] >= 0x80 && (unsigned char)out[i + 1] <= 0x9F))
			oracle_fail("diag_put_escaped let a control character through");
	free(out);

	out = capture(slug_put, "", s, "", &len);
	if (len == 0 || strspn(out, "abcdefghijklmnopqrstuvwxyz0123456789-") != len)
		oracle_fail("slug_put left its alphabet");
	free(out);
}

/* A report whose every bundle-supplied string is s. */
static struct report *
make_report(const char *s)
{
	struct report *r = report_new();
	struct inventory *inv = inventory_new();
	struct finding *f;
	struct check *c;
	struct inv_entry *e;

	r->bundle = xstrdup(s);
	r->host = xstrdup(s);
	r->os = xstrdup(s);
	r->agent_version = xstrdup(s);
	r->rules_version = xstrdup("1");
	r->tool_version = "0.1.0";
	f = report_add_finding(r);
	f->rule = xstrdup("vss-writer-timeout");
	f->subject = xstrdup(s);
	f->severity = SEV_ERROR;
	f->title = xstrdup("A VSS writer timed out");
	f->message = xstrdup(s);
	f->section = xstrdup("vss");
	f->cause = xstrdup("The writer did not answer in time.");
	f->resolution = xstrdup("Restart the service.");
	f->count = 1;
	f->evidence = xcalloc(1, sizeof *f->evidence);
	f->nevidence = 1;
	f->evidence[0].file = xstrdup(s);
	f->evidence[0].line = 7;
	f->evidence[0].excerpt = xstrdup(s);
	c = report_add_check(r);
	c->rule = xstrdup("wsb-not-installed");
	c->title = xstrdup("Windows Server Backup is installed");
	c->section = xstrdup("prerequisites");
	c->status = CHECK_FAIL;
	c->severity = SEV_ERROR;
	c->detail = xstrdup(s);
	e = inventory_add(inv, s, 0);
	e->status = INV_PARTIAL;
	e->kind = xstrdup("mars.log");
	e->size_declared = 10;
	e->bytes_read = 10;
	e->flags = INV_F_SUSPICIOUS_NAME | INV_F_LIMIT;
	inv_set_note(e, "%s", s);
	e = inventory_add(inv, "second.log", 0);
	e->status = INV_PARSED;
	r->inventory = inv;
	r->totals.entries = 2;
	r->totals.bytes_read = 10;
	return r;
}

static char *
render(const struct renderer *rd, const char *s, size_t *len)
{
	struct report *r = make_report(s);
	char *out = NULL;
	FILE *fp = open_memstream(&out, len);

	if (fp == NULL)
		oracle_fail("open_memstream");
	if (rd->render(r, fp) != 0)
		oracle_fail("a renderer failed on a memory stream");
	fclose(fp);
	report_free(r);
	return out;
}

static size_t
count_char(const char *s, size_t n, char c)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

/* Every row of a Markdown table has as many cells as the table's first row. */
static void
check_md_tables(const char *out, size_t len)
{
	const char *p = out, *end = out + len, *nl;
	int want = -1, cells;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (p < nl && *p == '|') {
			cells = oracle_md_cells(p, (size_t)(nl - p));
			if (want < 0)
				want = cells;
			else if (cells != want)
				oracle_fail("a Markdown table row has the wrong column count");
		} else
			want = -1;
	}
}

static void
check_renderers(const char *s, size_t n)
{
	char *plain = xmalloc(n + 1), *out, *base;
	size_t i, len, blen;
	const char *p, *nl;

	/* The same text with '~' for '<' (a character no keyword of the output holds): escaping
	 * done right, both outputs hold as many '<'. */
	for (i = 0; i <= n; i++)
		plain[i] = s[i] == '<' ? '~' : s[i];
	for (i = 0; renderer_table[i] != NULL; i++) {
		const struct renderer *rd = renderer_table[i];
		out = render(rd, s, &len);
		if (!oracle_utf8(out, len))
			oracle_fail("a renderer wrote invalid UTF-8");
		if (strcmp(rd->name, "json") == 0 && !oracle_json(out, len))
			oracle_fail("the JSON report does not parse");
		if (strcmp(rd->name, "jsonl") == 0)
			for (p = out; p < out + len; p = nl + 1) {
				nl = memchr(p, '\n', (size_t)(out + len - p));
				if (nl == NULL)
					nl = out + len;
				if (nl > p && !oracle_json(p, (size_t)(nl - p)))
					oracle_fail("a JSON Lines line does not parse");
			}
		if (strcmp(rd->name, "md") == 0)
			check_md_tables(out, len);
		if (strcmp(rd->name, "html") == 0 || strcmp(rd->name, "junit") == 0) {
			base = render(rd, plain, &blen);
			if (count_char(out, len, '<') != count_char(base, blen, '<'))
				oracle_fail("markup from the input reached HTML or XML output");
			free(base);
		}
		free(out);
	}
	free(plain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 4096)
		return 0;
	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	check_escapers(s);
	check_renderers(s, strlen(s));
	free(s);
	return 0;
}
