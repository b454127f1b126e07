/* The batch index writers: index.md, index.html and index.json from a sorted index. No
 * timestamps or other run-dependent text, so a sharded run merges to the same bytes. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "index.h"
#include "util.h"

static const enum index_status summary_order[] = {
	IX_PROBLEMS, IX_HEALTHY, IX_UNREADABLE, IX_TIMEOUT, IX_TOO_LARGE
};

static size_t
count_status(const struct index *ix, enum index_status s)
{
	size_t i, n = 0;

	for (i = 0; i < ix->nrows; i++)
		n += ix->rows[i].status == s;
	return n;
}

/* A relative link, percent-encoded: only unreserved characters and '/' stay as they are, so
 * no name can start a scheme, a query or a fragment, or break out of the link syntax. */
static void
put_url(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' ||
		    *p == '~' || *p == '/')
			fputc(*p, fp);
		else
			fprintf(fp, "%%%02X", *p);
	}
}

/* The format of a link: the text after the last ".report.", else after the last dot. */
static const char *
link_label(const char *link)
{
	const char *p = link, *hit = NULL, *dot;

	while ((p = strstr(p, ".report.")) != NULL) {
		hit = p + 8;
		p++;
	}
	if (hit != NULL && *hit != '\0')
		return hit;
	dot = strrchr(link, '.');
	return dot && dot[1] ? dot + 1 : link;
}

static const char *
worst_name(const struct index_row *r)
{
	return r->has_worst ? severity_name(r->worst) : NULL;
}

/* ---- Markdown ---- */

static void
md_cause(FILE *fp, const struct index_row *r)
{
	if (r->ntop == 0) {
		fputs("\xE2\x80\x94", fp);
		return;
	}
	md_put_cell(fp, r->top[0].title ? r->top[0].title : r->top[0].rule);
	fputs(" (", fp);
	md_put_code(fp, r->top[0].rule);
	fputc(')', fp);
	if (r->ntop > 1)
		fprintf(fp, " and %zu more", r->ntop - 1);
}

int
index_write_md(const struct index *ix, FILE *fp)
{
	struct index_cause *c;
	size_t nc, i, k;

	fputs("# Batch triage index\n\n", fp);
	fprintf(fp, "%zu bundle%s, sorted worst first. Exit status %d (--fail-on %s).\n\n",
	    ix->nrows, ix->nrows == 1 ? "" : "s", index_exit_status(ix),
	    severity_name(ix->fail_on));
	fputs("| Bundles |", fp);
	for (i = 0; i < MT_ARRAY_LEN(summary_order); i++)
		fprintf(fp, " %s |", index_status_name(summary_order[i]));
	fputs("\n|---:|", fp);
	for (i = 0; i < MT_ARRAY_LEN(summary_order); i++)
		fputs("---:|", fp);
	fprintf(fp, "\n| %zu |", ix->nrows);
	for (i = 0; i < MT_ARRAY_LEN(summary_order); i++)
		fprintf(fp, " %zu |", count_status(ix, summary_order[i]));
	fputs("\n\n## Most common root causes\n\n", fp);
	nc = index_causes(ix, &c);
	if (nc == 0)
		fputs("None: no bundle has a finding at warning or above.\n", fp);
	else {
		fputs("| Root cause | Rule | Bundles |\n|---|---|---:|\n", fp);
		for (i = 0; i < nc; i++) {
			fputs("| ", fp);
			md_put_cell(fp, c[i].title ? c[i].title : c[i].rule);
			fputs(" | ", fp);
			md_put_code(fp, c[i].rule);
			fprintf(fp, " | %zu |\n", c[i].bundles);
		}
	}
	free(c);
	fputs("\n## Bundles\n\n", fp);
	fputs("| # | Bundle | Verdict | Worst | Root cause | Critical | Error | Warning | "
	    "Checks failed | Not verifiable | Reports |\n"
	    "|---:|---|---|---|---|---:|---:|---:|---:|---:|---|\n", fp);
	for (i = 0; i < ix->nrows; i++) {
		const struct index_row *r = &ix->rows[i];
		fprintf(fp, "| %zu | ", i + 1);
		md_put_cell(fp, r->bundle);
		fprintf(fp, " | %s | %s | ", index_status_name(r->status),
		    r->has_worst ? severity_name(r->worst) : "\xE2\x80\x94");
		md_cause(fp, r);
		fprintf(fp, " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %" PRIu64
		    " | ", r->findings[SEV_CRITICAL], r->findings[SEV_ERROR],
		    r->findings[SEV_WARNING], r->checks[CHECK_FAIL],
		    r->checks[CHECK_NOT_VERIFIABLE]);
		for (k = 0; k < r->nlinks; k++) {
			fprintf(fp, "%s[", k ? ", " : "");
			md_put_text(fp, link_label(r->links[k]));
			fputs("](", fp);
			put_url(fp, r->links[k]);
			fputc(')', fp);
		}
		fputs(" |\n", fp);
	}
	fprintf(fp, "\nWritten by marstriage %s.\n", ix->tool_version ? ix->tool_version : "");
	return ferror(fp) ? -1 : 0;
}

/* ---- HTML ---- */

static const char html_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>Batch triage index</title>\n"
    "<style>\n"
    ":root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--line:#d0d7de;--muted:#57606a;"
    "--bad:#b42318;--warn:#9a6700;--ok:#1a7f37}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--line:#30363d;"
    "--muted:#8b949e;--bad:#ff7b72;--warn:#d29922;--ok:#3fb950}}\n"
    "body{font:15px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg);"
    "margin:2em auto;max-width:80em;padding:0 1em}\n"
    "table{border-collapse:collapse;margin:1em 0}\n"
    "th,td{border:1px solid var(--line);padding:.3em .6em;text-align:left;"
    "vertical-align:top}\n"
    "td.n,th.n{text-align:right}\n"
    "code{font-family:ui-monospace,monospace}\n"
    ".problems .v,.unreadable .v,.timeout .v,.too_large .v{color:var(--bad);"
    "font-weight:bold}\n"
    ".healthy .v{color:var(--ok)}\n"
    ".muted{color:var(--muted)}\n"
    "@media print{body{margin:0;max-width:none}a{color:inherit}}\n"
    "</style>\n"
    "</head>\n"
    "<body>\n"
    "<h1>Batch triage index</h1>\n";

static void
html_cause(FILE *fp, const struct index_row *r)
{
	if (r->ntop == 0) {
		fputs("<span class=\"muted\">\xE2\x80\x94</span>", fp);
		return;
	}
	html_put(fp, r->top[0].title ? r->top[0].title : r->top[0].rule);
	fputs(" <code>", fp);
	html_put(fp, r->top[0].rule);
	fputs("</code>", fp);
	if (r->ntop > 1)
		fprintf(fp, " <span class=\"muted\">and %zu more</span>", r->ntop - 1);
}

int
index_write_html(const struct index *ix, FILE *fp)
{
	struct index_cause *c;
	size_t nc, i, k;

	fputs(html_head, fp);
	fprintf(fp, "<p>%zu bundle%s, sorted worst first. Exit status %d "
	    "(<code>--fail-on %s</code>).</p>\n", ix->nrows, ix->nrows == 1 ? "" : "s",
	    index_exit_status(ix), severity_name(ix->fail_on));
	fputs("<table>\n<tr><th class=\"n\">Bundles</th>", fp);
	for (i = 0; i < MT_ARRAY_LEN(summary_order); i++)
		fprintf(fp, "<th class=\"n\">%s</th>", index_status_name(summary_order[i]));
	fprintf(fp, "</tr>\n<tr><td class=\"n\">%zu</td>", ix->nrows);
	for (i = 0; i < MT_ARRAY_LEN(summary_order); i++)
		fprintf(fp, "<td class=\"n\">%zu</td>", count_status(ix, summary_order[i]));
	fputs("</tr>\n</table>\n<h2>Most common root causes</h2>\n", fp);
	nc = index_causes(ix, &c);
	if (nc == 0)
		fputs("<p>None: no bundle has a finding at warning or above.</p>\n", fp);
	else {
		fputs("<table>\n<tr><th>Root cause</th><th>Rule</th><th class=\"n\">Bundles</th>"
		    "</tr>\n", fp);
		for (i = 0; i < nc; i++) {
			fputs("<tr><td>", fp);
			html_put(fp, c[i].title ? c[i].title : c[i].rule);
			fputs("</td><td><code>", fp);
			html_put(fp, c[i].rule);
			fprintf(fp, "</code></td><td class=\"n\">%zu</td></tr>\n", c[i].bundles);
		}
		fputs("</table>\n", fp);
	}
	free(c);
	fputs("<h2>Bundles</h2>\n<table>\n<tr><th class=\"n\">#</th><th>Bundle</th>"
	    "<th>Verdict</th><th>Worst</th><th>Root cause</th><th class=\"n\">Critical</th>"
	    "<th class=\"n\">Error</th><th class=\"n\">Warning</th>"
	    "<th class=\"n\">Checks failed</th><th class=\"n\">Not verifiable</th>"
	    "<th>Reports</th></tr>\n", fp);
	for (i = 0; i < ix->nrows; i++) {
		const struct index_row *r = &ix->rows[i];
		fprintf(fp, "<tr class=\"%s\"><td class=\"n\">%zu</td><td>",
		    index_status_key(r->status), i + 1);
		html_put(fp, r->bundle);
		fprintf(fp, "</td><td class=\"v\">%s</td><td>%s</td><td>",
		    index_status_name(r->status), r->has_worst ? severity_name(r->worst) : "");
		html_cause(fp, r);
		fprintf(fp, "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64
		    "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64
		    "</td><td class=\"n\">%" PRIu64 "</td><td>", r->findings[SEV_CRITICAL],
		    r->findings[SEV_ERROR], r->findings[SEV_WARNING], r->checks[CHECK_FAIL],
		    r->checks[CHECK_NOT_VERIFIABLE]);
		for (k = 0; k < r->nlinks; k++) {
			fputs(k ? " <a href=\"" : "<a href=\"", fp);
			put_url(fp, r->links[k]);
			fputs("\">", fp);
			html_put(fp, link_label(r->links[k]));
			fputs("</a>", fp);
		}
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n<p class=\"muted\">Written by marstriage ", fp);
	html_put(fp, ix->tool_version ? ix->tool_version : "");
	fputs(".</p>\n</body>\n</html>\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* ---- JSON ---- */

static void
json_key(FILE *fp, int indent, const char *key)
{
	fprintf(fp, "%*s", indent, "");
	json_put_string(fp, key);
	fputs(": ", fp);
}

static void
json_row(FILE *fp, const struct index_row *r)
{
	size_t k;

	fputs("    {\n", fp);
	json_key(fp, 6, "bundle");
	json_put_string(fp, r->bundle);
	fputs(",\n", fp);
	json_key(fp, 6, "report");
	json_put_string(fp, r->stem);
	fputs(",\n", fp);
	json_key(fp, 6, "host");
	json_put_string(fp, r->host);
	fputs(",\n", fp);
	json_key(fp, 6, "status");
	json_put_string(fp, index_status_key(r->status));
	fputs(",\n", fp);
	json_key(fp, 6, "exit_status");
	fprintf(fp, "%d,\n", r->exit_status);
	json_key(fp, 6, "worst_severity");
	json_put_string(fp, worst_name(r));
	fputs(",\n", fp);
	json_key(fp, 6, "root_causes");
	fputc('[', fp);
	for (k = 0; k < r->ntop; k++) {
		fputs(k ? ", {\"rule\": " : "{\"rule\": ", fp);
		json_put_string(fp, r->top[k].rule);
		fputs(", \"title\": ", fp);
		json_put_string(fp, r->top[k].title);
		fputc('}', fp);
	}
	fputs("],\n", fp);
	json_key(fp, 6, "findings");
	fprintf(fp, "{\"critical\": %" PRIu64 ", \"error\": %" PRIu64 ", \"warning\": %" PRIu64
	    ", \"info\": %" PRIu64 "},\n", r->findings[SEV_CRITICAL], r->findings[SEV_ERROR],
	    r->findings[SEV_WARNING], r->findings[SEV_INFO]);
	json_key(fp, 6, "checks");
	fprintf(fp, "{\"pass\": %" PRIu64 ", \"fail\": %" PRIu64 ", \"not_verifiable\": %"
	    PRIu64 "},\n", r->checks[CHECK_PASS], r->checks[CHECK_FAIL],
	    r->checks[CHECK_NOT_VERIFIABLE]);
	json_key(fp, 6, "reports");
	fputc('[', fp);
	for (k = 0; k < r->nlinks; k++) {
		if (k)
			fputs(", ", fp);
		json_put_string(fp, r->links[k]);
	}
	fputs("]\n    }", fp);
}

int
index_write_json(const struct index *ix, FILE *fp)
{
	struct index_cause *c;
	size_t nc, i;

	fputs("{\n", fp);
	json_key(fp, 2, "schema_version");
	fputs("1,\n", fp);
	json_key(fp, 2, "tool");
	fputs("{\"name\": \"marstriage\", \"version\": ", fp);
	json_put_string(fp, ix->tool_version);
	fputs("},\n", fp);
	json_key(fp, 2, "fail_on");
	json_put_string(fp, severity_name(ix->fail_on));
	fputs(",\n", fp);
	json_key(fp, 2, "exit_status");
	fprintf(fp, "%d,\n", index_exit_status(ix));
	json_key(fp, 2, "summary");
	fprintf(fp, "{\"bundles\": %zu", ix->nrows);
	for (i = 0; i < MT_ARRAY_LEN(summary_order); i++) {
		fputs(", ", fp);
		json_put_string(fp, index_status_key(summary_order[i]));
		fprintf(fp, ": %zu", count_status(ix, summary_order[i]));
	}
	fputs("},\n", fp);
	json_key(fp, 2, "root_causes");
	fputc('[', fp);
	nc = index_causes(ix, &c);
	for (i = 0; i < nc; i++) {
		fputs(i ? ",\n    {\"rule\": " : "\n    {\"rule\": ", fp);
		json_put_string(fp, c[i].rule);
		fputs(", \"title\": ", fp);
		json_put_string(fp, c[i].title);
		fprintf(fp, ", \"bundles\": %zu}", c[i].bundles);
	}
	free(c);
	fputs(nc ? "\n  ],\n" : "],\n", fp);
	json_key(fp, 2, "bundles");
	fputc('[', fp);
	for (i = 0; i < ix->nrows; i++) {
		fputs(i ? ",\n" : "\n", fp);
		json_row(fp, &ix->rows[i]);
	}
	fputs(ix->nrows ? "\n  ]\n}\n" : "]\n}\n", fp);
	return ferror(fp) ? -1 : 0;
}
