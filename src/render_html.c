/* The HTML renderer: one self-contained page that loads nothing and runs no script. Its only
 * style block is allowed by hash in a strict Content-Security-Policy; every string from the
 * bundle goes through html_put; rule texts go through cmark in safe mode, with links kept
 * only to learn.microsoft.com and images reduced to their text. */
#include <cmark.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "render.h"
#include "render_html.h"
#include "sha256.h"
#include "timeline.h"
#include "util.h"

#define REF_PREFIX "https://learn.microsoft.com/"

/* The page's whole style, in pieces (C compilers need not take longer literals). Its SHA-256
 * goes into the policy, so it is written byte for byte as hashed. Colours are variables so
 * that dark mode and print only change those. */
static const char *const css[] = {
	":root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;"
	"--card:#f6f8fa;--link:#0b57d0;--ok:#1a7f37;--warn:#9a6700;--fail:#cf222e;--crit:#82071e;"
	"--unk:#8c959f;--info:#0969da;--win:#cf222e;--s0:#8250df;--s1:#bc4c00;--s2:#0969da;"
	"--s3:#1b7c83;--s4:#bf3989;--s5:#cf222e}\n"
	"@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;"
	"--line:#3d444d;--card:#151b23;--link:#58a6ff;--ok:#3fb950;--warn:#d29922;--fail:#f85149;"
	"--crit:#ff7b72;--unk:#6e7681;--info:#58a6ff;--win:#f85149;--s0:#ab7df8;--s1:#db6d28;"
	"--s2:#4493f8;--s3:#39c5cf;--s4:#db61a2;--s5:#f85149}}\n",
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;max-width:1200px;padding:1rem 1.5rem 3rem;background:var(--bg);"
	"color:var(--fg);font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"Helvetica Neue\",Arial,sans-serif}\n"
	"h1{font-size:1.5rem;margin:.5rem 0;overflow-wrap:anywhere}"
	"h2{font-size:1.25rem;margin:2rem 0 .75rem;padding-bottom:.25rem;"
	"border-bottom:1px solid var(--line)}h3{font-size:1.1rem;margin:1.5rem 0 .5rem}"
	"h4{font-size:1rem;margin:0 0 .5rem}h5{font-size:.95rem;margin:1rem 0 .25rem}\n"
	"a{color:var(--link)}code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,"
	"Consolas,\"Liberation Mono\",monospace;font-size:.875em}\n"
	"code{overflow-wrap:anywhere}pre{white-space:pre-wrap;"
	"overflow-wrap:anywhere;margin:.25rem 0}\n"
	"nav{font-size:.9rem;color:var(--muted)}nav a{margin-right:.75rem}\n"
	".facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}"
	".facts dt{font-weight:600;color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}\n"
	".card{border:1px solid var(--line);border-left:.5rem solid var(--unk);border-radius:6px;"
	"background:var(--card);padding:.75rem 1.25rem;margin:1rem 0}\n"
	".card.v-problems{border-left-color:var(--fail)}"
	".card.v-healthy{border-left-color:var(--ok)}"
	".card.v-unreadable{border-left-color:var(--warn)}\n"
	".card h2{border:0;margin:.25rem 0 .5rem;padding:0}"
	".headline{font-size:1.2rem;margin:.25rem 0}.headline strong{font-size:1.35rem}\n"
	".v-problems .headline strong{color:var(--fail)}"
	".v-healthy .headline strong{color:var(--ok)}"
	".v-unreadable .headline strong{color:var(--warn)}\n"
	".top{padding-left:1.25rem}.top>li{margin:.5rem 0}.chain{color:var(--muted);"
	"font-size:.9rem}.explains{margin:.25rem 0;padding-left:1.25rem}\n"
	".sev{display:inline-block;min-width:4.5em;text-align:center;border-radius:3px;"
	"padding:0 .35em;font-size:.8rem;font-weight:600;color:#fff;background:var(--info);"
	"vertical-align:.1em}.sev.s-warning{background:var(--warn)}"
	".sev.s-error{background:var(--fail)}"
	".sev.s-critical{background:var(--crit)}\n",
	"table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}"
	"th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;"
	"overflow-wrap:break-word}th{background:var(--card)}td.num{text-align:right}"
	"td code{overflow-wrap:break-word}\n"
	".wide{overflow-x:auto}.st{font-weight:600;white-space:nowrap}.st.pass{color:var(--ok)}"
	".st.fail{color:var(--fail)}.st.nv{color:var(--warn);font-style:italic}\n"
	"tr.fail td{background:rgba(207,34,46,.07)}\n"
	".finding{border:1px solid var(--line);border-radius:6px;padding:.75rem 1.25rem;"
	"margin:1rem 0}.finding:target{outline:2px solid var(--link)}\n"
	".meta{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem;font-size:.9rem;"
	"margin:.5rem 0}.meta dt{color:var(--muted)}.meta dd{margin:0}\n"
	"details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}"
	".evidence ol{padding-left:1.5rem}.evidence li{margin:.4rem 0}"
	".evidence li:target{outline:2px solid var(--link)}\n"
	".excerpt{background:var(--card);border:1px solid var(--line);border-radius:4px;"
	"padding:.25rem .5rem;max-height:12rem;overflow:auto}\n"
	".ask{background:var(--card);border:1px solid var(--line);"
	"border-radius:6px;padding:.75rem}\n"
	".note{color:var(--muted);font-size:.9rem}\n",
	".tl{width:100%;height:auto;display:block;border:1px solid var(--line);border-radius:6px;"
	"background:var(--bg)}\n"
	".tl text{fill:var(--fg);font-size:12px;font-family:system-ui,-apple-system,\"Segoe UI\","
	"Roboto,sans-serif}.tl .lbl{font-weight:600}.tl .tick{fill:var(--muted);font-size:11px}\n"
	".tl .lane{fill:var(--card)}.tl .grid{stroke:var(--line);stroke-width:1}"
	".tl .axis{stroke:var(--muted);stroke-width:1}\n"
	".tl .win{fill:var(--win);fill-opacity:.12;stroke:var(--win);stroke-opacity:.6;"
	"stroke-dasharray:4 3}.tl .wintext{fill:var(--fail);font-weight:600}\n"
	".o-succeeded{fill:var(--ok)}.o-warning{fill:var(--warn)}.o-failed{fill:var(--fail)}"
	".o-unknown{fill:var(--unk)}.tl .agg{stroke:var(--fg);stroke-width:.5;stroke-opacity:.5}\n"
	".m0{fill:var(--s0);stroke:var(--s0)}.m1{fill:var(--s1);stroke:var(--s1)}"
	".m2{fill:var(--s2);stroke:var(--s2)}.m3{fill:var(--s3);stroke:var(--s3)}"
	".m4{fill:var(--s4);stroke:var(--s4)}.m5{fill:var(--s5);stroke:var(--s5)}\n"
	".tl .lv3{fill:var(--bg);stroke-width:2.5}.tl .lv1{stroke:var(--fg);stroke-width:1.5}"
	".tl .span{stroke-width:3;stroke-opacity:.6}\n"
	".legend{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;font-size:.85rem;"
	"color:var(--muted);margin:.5rem 0}.sw{display:inline-block;width:1.4em;height:.8em;"
	"border-radius:2px;vertical-align:-.05em;margin-right:.35em}\n"
	".sw.o-succeeded{background:var(--ok)}.sw.o-warning{background:var(--warn)}"
	".sw.o-failed{background:var(--fail)}.sw.o-unknown{background:var(--unk)}"
	".sw.win{background:var(--win);opacity:.25;border:1px dashed var(--win)}\n"
	"footer{margin-top:2rem;color:var(--muted);font-size:.85rem}\n",
	"@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--card:#f4f4f4;"
	"--link:#000}body{max-width:none;padding:0;font-size:10.5pt}nav{display:none}"
	".card,.finding,tr,.tl{break-inside:avoid}h2,h3,h4{break-after:avoid}"
	".excerpt{max-height:none;overflow:visible}a{text-decoration:none}"
	".wide{overflow:visible}td,td code{overflow-wrap:anywhere}}\n"
	/* Printed, the collapsed blocks are shown; a browser without ::details-content drops only
	 * this rule. */
	"@media print{details::details-content{content-visibility:visible}}\n"
};

/* ---- small writers ---- */

/* Text that must stay on one line (a command to paste): as text_put_line, then escaped. */
static void
put_line(FILE *fp, const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	if (s == NULL)
		return;
	if ((m = open_memstream(&buf, &len)) == NULL) {
		html_put(fp, s);
		return;
	}
	text_put_line(m, s);
	if (fclose(m) == 0 && buf != NULL)
		html_put(fp, buf);
	free(buf);
}

static void
put_or_unknown(FILE *fp, const char *s)
{
	if (s != NULL && *s != '\0')
		html_put(fp, s);
	else
		fputs("<span class=\"note\">unknown</span>", fp);
}

/* An anchor name: prefix, the slug of a and, when given, "-" and the slug of b. */
static char *
make_anchor(const char *prefix, const char *a, const char *b)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (m == NULL)
		return xstrdup(prefix);
	fputs(prefix, m);
	slug_put(m, a);
	if (b != NULL) {
		fputc('-', m);
		slug_put(m, b);
	}
	if (fclose(m) != 0 || buf == NULL) {
		free(buf);
		return xstrdup(prefix);
	}
	return buf;
}

/* Anchors of every finding, unique ("-2", "-3" added to repeats), and the number of the
 * first evidence of each: evidence is numbered per rule across the rule's findings. */
struct anchors {
	char **finding;
	char **rule_slug;
	size_t *first_evidence;
	size_t n;
};

static void
anchors_make(const struct report *r, struct anchors *a)
{
	size_t i, k, dup;
	char *base, *s;

	a->n = r->nfindings;
	a->finding = xcalloc(a->n + 1, sizeof *a->finding);
	a->rule_slug = xcalloc(a->n + 1, sizeof *a->rule_slug);
	a->first_evidence = xcalloc(a->n + 1, sizeof *a->first_evidence);
	for (i = 0; i < a->n; i++) {
		const struct finding *f = &r->findings[i];

		base = make_anchor("finding-", f->rule, f->subject);
		s = xstrdup(base);
		for (dup = 2;; dup++) {
			for (k = 0; k < i && strcmp(a->finding[k], s) != 0; k++)
				;
			if (k == i)
				break;
			free(s);
			s = xasprintf("%s-%zu", base, dup);
		}
		free(base);
		a->finding[i] = s;
		a->rule_slug[i] = make_anchor("", f->rule, NULL);
		a->first_evidence[i] = 1;
		for (k = 0; k < i; k++)
			if (strcmp(a->rule_slug[k], a->rule_slug[i]) == 0)
				a->first_evidence[i] += r->findings[k].nevidence;
	}
}

static void
anchors_free(struct anchors *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->finding[i]);
		free(a->rule_slug[i]);
	}
	free(a->finding);
	free(a->rule_slug);
	free(a->first_evidence);
}

static void
put_evidence_id(FILE *fp, const struct anchors *a, size_t fi, size_t k)
{
	fprintf(fp, "evidence-%s-%zu", a->rule_slug[fi], a->first_evidence[fi] + k);
}

/* "file:line, event record N" of a piece of evidence, escaped. */
static void
put_where(FILE *fp, const struct evidence *e)
{
	fputs("<code>", fp);
	html_put(fp, e->file != NULL ? e->file : "unknown");
	if (e->line > 0)
		fprintf(fp, ":%ld", e->line);
	fputs("</code>", fp);
	if (e->has_record_id)
		fprintf(fp, ", event record %" PRIu64, e->record_id);
}

static void
put_time_quality(FILE *fp, enum time_quality q)
{
	if (q == TQ_ZONE_ASSUMED)
		fputs(" (local time, zone assumed)", fp);
	else if (q == TQ_ZONE_UNKNOWN)
		fputs(" (local time, zone unknown)", fp);
}

static void
put_sev(FILE *fp, enum severity s)
{
	fprintf(fp, "<span class=\"sev s-%s\">%s</span>", severity_name(s), severity_name(s));
}

/* ---- rule texts through cmark ---- */

static int
allowed_link(const char *url)
{
	return url != NULL && (strncmp(url, REF_PREFIX, strlen(REF_PREFIX)) == 0 ||
	    (url[0] == '#' && url[1] != '\0'));
}

/* Replaces node by its children. */
static void
unwrap(cmark_node *node)
{
	cmark_node *c;

	while ((c = cmark_node_first_child(node)) != NULL)
		cmark_node_insert_before(node, c);
	cmark_node_free(node);
}

/* Rule text (Markdown) as HTML. Safe mode drops raw HTML and dangerous URLs; links that do
 * not go to Microsoft's documentation or within the page lose their link, and images become
 * their alternative text, so the page never points elsewhere by itself. */
static void
put_markdown(FILE *fp, const char *text)
{
	cmark_node *doc, *node, **drop = NULL;
	cmark_event_type ev;
	cmark_iter *it;
	size_t n = 0, cap = 0, i;
	char *html;

	doc = cmark_parse_document(text, strlen(text), CMARK_OPT_SAFE);
	if (doc == NULL)
		return;
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(node) == CMARK_NODE_IMAGE ||
		    (cmark_node_get_type(node) == CMARK_NODE_LINK &&
		    !allowed_link(cmark_node_get_url(node)))) {
			drop = xgrow(drop, &cap, n + 1, sizeof *drop);
			drop[n++] = node;
		}
	}
	cmark_iter_free(it);
	/* Inner nodes first, so that an outer node still holds them when it is unwrapped. */
	for (i = n; i-- > 0;)
		unwrap(drop[i]);
	free(drop);
	html = cmark_render_html(doc, CMARK_OPT_SAFE);
	if (html != NULL)
		fputs(html, fp);
	cmark_get_default_mem_allocator()->free(html);
	cmark_node_free(doc);
}

static void
put_rule_text(FILE *fp, const char *label, const char *text)
{
	if (text == NULL || *text == '\0')
		return;
	fprintf(fp, "<h5>%s</h5>\n<div class=\"ruletext\">\n", label);
	put_markdown(fp, text);
	fputs("</div>\n", fp);
}

/* ---- sections ---- */

static void
put_head(FILE *fp, const struct report *r)
{
	unsigned char digest[32];
	struct sha256 c;
	char b64[48];
	size_t i;

	sha256_init(&c);
	for (i = 0; i < MT_ARRAY_LEN(css); i++)
		sha256_update(&c, css[i], strlen(css[i]));
	sha256_final(&c, digest);
	base64_encode(digest, sizeof digest, b64);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", fp);
	fprintf(fp, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'sha256-%s'; base-uri 'none'; form-action 'none'\">\n", b64);
	fputs("<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"color-scheme\" content=\"light dark\">\n", fp);
	fputs("<title>marstriage report: ", fp);
	put_line(fp, r->bundle != NULL ? r->bundle : "unknown");
	fputs("</title>\n<style>", fp);
	for (i = 0; i < MT_ARRAY_LEN(css); i++)
		fputs(css[i], fp);
	fputs("</style>\n</head>\n<body>\n", fp);
}

static void
put_fact(FILE *fp, const char *label, const char *value)
{
	fprintf(fp, "<dt>%s</dt><dd>", label);
	put_or_unknown(fp, value);
	fputs("</dd>\n", fp);
}

static void
put_header(FILE *fp, const struct report *r)
{
	fputs("<header>\n<h1>marstriage report: ", fp);
	put_or_unknown(fp, r->bundle);
	fputs("</h1>\n<nav><a href=\"#verdict\">Verdict</a><a href=\"#checklist\">Checklist</a>"
	    "<a href=\"#timeline\">Timeline</a><a href=\"#findings\">Findings</a>"
	    "<a href=\"#ask\">Ask the customer</a><a href=\"#inventory\">Inventory</a></nav>\n",
	    fp);
	fputs("<dl class=\"facts\">\n", fp);
	put_fact(fp, "Bundle", r->bundle);
	put_fact(fp, "Host", r->host);
	if (r->os != NULL && *r->os != '\0')
		put_fact(fp, "OS", r->os);
	put_fact(fp, "MARS agent", r->agent_version);
	fputs("<dt>Time span</dt><dd>", fp);
	if (r->time_first != NULL && r->time_last != NULL &&
	    strcmp(r->time_first, r->time_last) != 0) {
		html_put(fp, r->time_first);
		fputs(" to ", fp);
		html_put(fp, r->time_last);
	} else
		put_or_unknown(fp, r->time_first != NULL ? r->time_first : r->time_last);
	fputs("</dd>\n", fp);
	put_fact(fp, "Time zone", r->tz_note);
	fputs("<dt>Tool</dt><dd>marstriage ", fp);
	put_or_unknown(fp, r->tool_version);
	fputs(", rules ", fp);
	put_or_unknown(fp, r->rules_version);
	fputs("</dd>\n</dl>\n</header>\n", fp);
}

static void
put_counts(FILE *fp, const struct report *r)
{
	uint64_t n[SEV_CRITICAL + 1] = { 0 };
	size_t i, c[3] = { 0, 0, 0 };
	int s, first = 1;

	for (i = 0; i < r->nfindings; i++)
		if ((unsigned)r->findings[i].severity <= SEV_CRITICAL)
			n[r->findings[i].severity]++;
	for (s = SEV_CRITICAL; s >= SEV_INFO && !report_is_healthy(r); s--) {
		if (n[s] == 0)
			continue;
		fprintf(fp, "%s%" PRIu64 " %s%s", first ? "" : ", ", n[s],
		    severity_name((enum severity)s),
		    n[s] > 1 && (s == SEV_WARNING || s == SEV_ERROR) ? "s" : "");
		first = 0;
	}
	for (i = 0; i < r->nchecks; i++)
		if ((unsigned)r->checks[i].status <= CHECK_NOT_VERIFIABLE)
			c[r->checks[i].status]++;
	fprintf(fp, "%schecks: %zu pass, %zu fail, %zu not verifiable.", first ? "" : "; ",
	    c[CHECK_PASS], c[CHECK_FAIL], c[CHECK_NOT_VERIFIABLE]);
}

/* A finding in the verdict: severity, title, message, and links to its first evidence. */
static void
put_top_finding(FILE *fp, const struct report *r, const struct anchors *a, size_t i)
{
	const struct finding *f = &r->findings[i];
	size_t k;

	put_sev(fp, f->severity);
	fprintf(fp, " <a href=\"#%s\">", a->finding[i]);
	put_or_unknown(fp, f->title);
	if (f->subject != NULL) {
		fputs(": ", fp);
		html_put(fp, f->subject);
	}
	fputs("</a>", fp);
	if (f->message != NULL && *f->message != '\0') {
		fputs(" \xE2\x80\x94 ", fp);
		html_put(fp, f->message);
	}
	if (f->nevidence > 0) {
		fputs("<div class=\"chain\">Evidence: ", fp);
		for (k = 0; k < f->nevidence && k < 3; k++) {
			fputs(k > 0 ? "; " : "", fp);
			fputs("<a href=\"#", fp);
			put_evidence_id(fp, a, i, k);
			fputs("\">", fp);
			put_where(fp, &f->evidence[k]);
			fputs("</a>", fp);
		}
		if (f->nevidence > 3)
			fprintf(fp, "; %zu more", f->nevidence - 3);
		fputs("</div>", fp);
	}
}

static void
put_verdict(FILE *fp, const struct report *r, const struct anchors *a)
{
	struct strbuf sb = STRBUF_INIT;
	size_t *top, *cause, ntop, i, k;
	const char *cls, *word;
	int any;

	if (r->unreadable)
		cls = "v-unreadable", word = "Unreadable";
	else if (report_is_healthy(r))
		cls = "v-healthy", word = "Healthy";
	else
		cls = "v-problems", word = "Problems found";
	fprintf(fp, "<section id=\"verdict\" class=\"card %s\">\n<h2>Verdict</h2>\n"
	    "<p class=\"headline\"><strong>%s</strong> \xE2\x80\x94 ", cls, word);
	if (r->unreadable)
		fputs("the bundle could not be read; the inventory below says why.", fp);
	else {
		if (report_is_healthy(r))
			fputs("no finding at warning or above; ", fp);
		put_counts(fp, r);
	}
	fputs("</p>\n", fp);
	if (!r->unreadable) {
		report_backups_text(r, &sb);
		fputs("<p class=\"backups\"><strong>Backups:</strong> ", fp);
		html_put(fp, sb_str(&sb));
		fputs(".</p>\n", fp);
		sb_free(&sb);
	}
	if (report_is_healthy(r)) {
		fputs("<p>Nothing at warning or above was found.</p>\n</section>\n", fp);
		return;
	}
	top = xcalloc(r->nfindings, sizeof *top);
	cause = xcalloc(r->nfindings, sizeof *cause);
	ntop = report_top(r, top);
	for (k = 0; k < r->nfindings; k++)
		cause[k] = report_cause(r, k);
	fputs("<ol class=\"top\">\n", fp);
	for (i = 0; i < ntop; i++) {
		fputs("<li>", fp);
		put_top_finding(fp, r, a, top[i]);
		for (k = 0, any = 0; k < r->nfindings; k++) {
			if (cause[k] != top[i])
				continue;
			fputs(any ? "" : "\n<ul class=\"explains\">", fp);
			fputs("<li>explains: ", fp);
			put_top_finding(fp, r, a, k);
			fputs("</li>", fp);
			any = 1;
		}
		fputs(any ? "</ul>" : "", fp);
		fputs("</li>\n", fp);
	}
	fputs("</ol>\n</section>\n", fp);
	free(cause);
	free(top);
}

static void
put_check_row(FILE *fp, const struct check *c)
{
	static const char *const cls[] = { "pass", "fail", "nv" };
	unsigned st = (unsigned)c->status <= CHECK_NOT_VERIFIABLE ? c->status : 2;

	fprintf(fp, "<tr class=\"%s\"><td><span class=\"st %s\">%s</span></td><td>", cls[st],
	    cls[st], check_status_name((enum check_status)st));
	html_put(fp, c->title);
	fputs("</td><td><code>", fp);
	html_put(fp, c->rule);
	fputs("</code></td><td>", fp);
	html_put(fp, c->detail);
	fputs("</td><td>", fp);
	if (c->status != CHECK_PASS && c->ask != NULL) {
		fputs("<code>", fp);
		put_line(fp, c->ask);
		fputs("</code>", fp);
		if (c->ask_file != NULL) {
			fputs(" (send back <code>", fp);
			put_line(fp, c->ask_file);
			fputs("</code>)", fp);
		}
	}
	fputs("</td></tr>\n", fp);
}

static void
put_check_table(FILE *fp, const struct report *r, int passing)
{
	size_t i;

	fputs("<div class=\"wide\"><table>\n<thead><tr><th>Status</th><th>Check</th><th>Rule</th>"
	    "<th>Detail</th><th>Ask for</th></tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < r->nchecks; i++)
		if ((r->checks[i].status == CHECK_PASS) == passing)
			put_check_row(fp, &r->checks[i]);
	fputs("</tbody>\n</table></div>\n", fp);
}

/* Failing and unverifiable checks in a table, in checklist order; the passing ones below it
 * in a collapsed block, so that what needs doing is seen at once. */
static void
put_checklist(FILE *fp, const struct report *r)
{
	size_t i, pass = 0;

	fputs("<section id=\"checklist\">\n<h2>Checklist</h2>\n", fp);
	if (r->nchecks == 0) {
		fputs("<p>No checks were run.</p>\n</section>\n", fp);
		return;
	}
	for (i = 0; i < r->nchecks; i++)
		pass += r->checks[i].status == CHECK_PASS;
	if (pass < r->nchecks)
		put_check_table(fp, r, 0);
	else
		fputs("<p>Every check passes.</p>\n", fp);
	if (pass > 0) {
		fprintf(fp, "<details><summary>%zu passing check%s</summary>\n", pass,
		    pass == 1 ? "" : "s");
		put_check_table(fp, r, 1);
		fputs("</details>\n", fp);
	}
	fputs("</section>\n", fp);
}

static void
put_legend(FILE *fp, const struct timeline *t)
{
	fputs("<div class=\"legend\"><span><span class=\"sw o-succeeded\"></span>job succeeded"
	    "</span><span><span class=\"sw o-warning\"></span>completed with warnings</span>"
	    "<span><span class=\"sw o-failed\"></span>failed</span><span><span class=\"sw "
	    "o-unknown\"></span>no end seen</span>", fp);
	if (t->window)
		fputs("<span><span class=\"sw win\"></span>failing since the first failure of "
		    "the current streak</span>", fp);
	fputs("<span>filled marker: error; ring: warning; diamond: evidence of a finding"
	    "</span></div>\n", fp);
}

static void
put_timeline_table(FILE *fp, const struct report *r)
{
	struct strbuf sb = STRBUF_INIT;
	struct timeline t;
	char when[48];
	size_t i;

	timeline_build(r, 40, &t);
	fprintf(fp, "<details><summary>The timeline as a table (%zu row%s)</summary>\n"
	    "<div class=\"wide\"><table>\n<thead><tr><th>Time (UTC)</th><th>Source</th>"
	    "<th>What</th><th>Where</th></tr></thead>\n<tbody>\n", t.nrows,
	    t.nrows == 1 ? "" : "s");
	for (i = 0; i < t.nrows; i++) {
		const struct tl_row *w = &t.rows[i];

		tl_row_time_text(w, when);
		fprintf(fp, "<tr><td class=\"mono\">%s%s</td><td>", when,
		    w->time_quality == TQ_ZONE_UNKNOWN ? " \xE2\x80\xA0" : "");
		html_put(fp, w->is_job ? job_source_title(w->job_source) :
		    tl_source_title(w->source));
		fputs("</td><td>", fp);
		sb_reset(&sb);
		tl_row_what(w, &sb);
		html_put(fp, sb_str(&sb));
		fputs("</td><td>", fp);
		if (w->evidence != NULL && w->evidence->file != NULL) {
			fputs(w->count > 1 ? "first: " : "", fp);
			put_where(fp, w->evidence);
		} else if (w->is_job)
			fputs("older jobs, counted only", fp);
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n</table></div>\n</details>\n", fp);
	sb_free(&sb);
	timeline_free(&t);
}

static void
put_timeline(FILE *fp, const struct report *r)
{
	struct timeline t;

	fputs("<section id=\"timeline\">\n<h2>Timeline</h2>\n", fp);
	timeline_build(r, 400, &t);
	if (t.nrows == 0) {
		fputs("<p>No backup job, error or warning event or timed evidence was found.</p>\n"
		    "</section>\n", fp);
		timeline_free(&t);
		return;
	}
	fputs("<p class=\"note\">Times are UTC", fp);
	if (t.zone_unknown)
		fputs("; \xE2\x80\xA0 in the table marks local times of an unknown zone, shown "
		    "as written", fp);
	fputs(". Time zone: ", fp);
	put_or_unknown(fp, r->tz_note);
	fputs(".</p>\n", fp);
	html_svg_timeline(fp, r, &t);
	put_legend(fp, &t);
	timeline_free(&t);
	put_timeline_table(fp, r);
	fputs("</section>\n", fp);
}

static void
put_evidence(FILE *fp, const struct anchors *a, size_t fi, size_t k, const struct evidence *e)
{
	fputs("<li id=\"", fp);
	put_evidence_id(fp, a, fi, k);
	fputs("\">", fp);
	put_where(fp, e);
	if (e->time != NULL) {
		fputs(", ", fp);
		html_put(fp, e->time);
		put_time_quality(fp, e->time_quality);
	}
	if (e->excerpt != NULL && *e->excerpt != '\0') {
		fputs("<pre class=\"excerpt\">", fp);
		html_put(fp, e->excerpt);
		fputs("</pre>", fp);
	}
	fputs("</li>\n", fp);
}

static void
put_meta(FILE *fp, const char *label, const char *value, int code)
{
	if (value == NULL)
		return;
	fprintf(fp, "<dt>%s</dt><dd>%s", label, code ? "<code>" : "");
	html_put(fp, value);
	fprintf(fp, "%s</dd>\n", code ? "</code>" : "");
}

static void
put_finding(FILE *fp, const struct report *r, const struct anchors *a, size_t fi)
{
	const struct finding *f = &r->findings[fi];
	size_t i;

	fprintf(fp, "<article class=\"finding\" id=\"%s\">\n<h4>", a->finding[fi]);
	put_sev(fp, f->severity);
	fputs(" ", fp);
	put_or_unknown(fp, f->title);
	if (f->subject != NULL) {
		fputs(": ", fp);
		html_put(fp, f->subject);
	}
	fputs("</h4>\n", fp);
	if (f->message != NULL && *f->message != '\0') {
		fputs("<p>", fp);
		html_put(fp, f->message);
		fputs("</p>\n", fp);
	}
	fputs("<dl class=\"meta\">\n", fp);
	put_meta(fp, "Rule", f->rule != NULL ? f->rule : "unknown", 1);
	put_meta(fp, "Section", f->section, 0);
	fprintf(fp, "<dt>Matching records</dt><dd>%" PRIu64 "</dd>\n", f->count);
	put_meta(fp, "First seen", f->first_time, 0);
	put_meta(fp, "Last seen", f->last_time, 0);
	if (f->explained_by != NULL) {
		size_t c;

		/* The link goes to the finding named, the first step of the chain. */
		for (c = 0; c < r->nfindings; c++)
			if (c != fi && r->findings[c].rule != NULL &&
			    strcmp(r->findings[c].rule, f->explained_by) == 0)
				break;
		if (c == r->nfindings)
			c = (size_t)-1;
		fputs("<dt>Explained by</dt><dd>", fp);
		if (c != (size_t)-1)
			fprintf(fp, "<a href=\"#%s\">", a->finding[c]);
		fputs("<code>", fp);
		html_put(fp, f->explained_by);
		fputs(c != (size_t)-1 ? "</code></a>" : "</code>", fp);
		fputs("</dd>\n", fp);
	}
	fputs("</dl>\n", fp);
	if (f->nevidence > 0) {
		fprintf(fp, "<details class=\"evidence\"><summary>Evidence (%zu of %" PRIu64
		    " matching records)</summary>\n<ol>\n", f->nevidence,
		    f->count > f->nevidence ? f->count : (uint64_t)f->nevidence);
		for (i = 0; i < f->nevidence; i++)
			put_evidence(fp, a, fi, i, &f->evidence[i]);
		fputs("</ol>\n</details>\n", fp);
	}
	put_rule_text(fp, "Cause", f->cause);
	put_rule_text(fp, "Resolution", f->resolution);
	if (f->nreferences > 0) {
		fputs("<h5>References</h5>\n<ul>\n", fp);
		for (i = 0; i < f->nreferences; i++) {
			const char *ref = f->references[i];

			fputs("<li>", fp);
			if (allowed_link(ref) && ref[0] != '#') {
				fputs("<a rel=\"noreferrer\" href=\"", fp);
				html_put(fp, ref);
				fputs("\">", fp);
				html_put(fp, ref);
				fputs("</a>", fp);
			} else
				html_put(fp, ref);
			fputs("</li>\n", fp);
		}
		fputs("</ul>\n", fp);
	}
	fputs("</article>\n", fp);
}

static void
put_findings(FILE *fp, const struct report *r, const struct anchors *a)
{
	static const char *const heading[] = { "Info", "Warning", "Error", "Critical" };
	size_t i, n;
	int s;

	fputs("<section id=\"findings\">\n<h2>Findings</h2>\n", fp);
	if (r->nfindings == 0)
		fputs("<p>No findings.</p>\n", fp);
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--) {
		for (i = 0, n = 0; i < r->nfindings; i++)
			if ((int)r->findings[i].severity == s)
				n++;
		if (n == 0)
			continue;
		fprintf(fp, "<h3>%s (%zu)</h3>\n", heading[s], n);
		for (i = 0; i < r->nfindings; i++)
			if ((int)r->findings[i].severity == s)
				put_finding(fp, r, a, i);
	}
	fputs("</section>\n", fp);
}

static void
put_asks(FILE *fp, const struct report *r)
{
	struct report_ask *a;
	size_t n, i;

	fputs("<section id=\"ask\">\n<h2>Ask the customer</h2>\n", fp);
	n = report_asks(r, &a);
	if (n == 0) {
		fputs("<p>Nothing to ask for.</p>\n</section>\n", fp);
		return;
	}
	fputs("<p>Please run these commands on the server as an administrator and send back the "
	    "files they write:</p>\n<pre class=\"ask\">", fp);
	for (i = 0; i < n; i++) {
		put_line(fp, a[i].command);
		if (a[i].file != NULL && strstr(a[i].command, a[i].file) == NULL) {
			fputs(" &gt; ", fp);
			put_line(fp, a[i].file);
		}
		fputc('\n', fp);
	}
	fputs("</pre>\n</section>\n", fp);
	report_asks_free(a, n);
}

static void
put_entry(FILE *fp, const struct inv_entry *e)
{
	unsigned bit;
	int first = 1;

	fputs("<tr><td><code>", fp);
	html_put(fp, e->path);
	fprintf(fp, "</code></td><td>%s</td><td>", inv_status_name(e->status));
	html_put(fp, e->kind);
	fprintf(fp, "</td><td class=\"num\">%" PRIu64 "</td><td class=\"num\">%" PRIu64,
	    e->records, e->bytes_read);
	if (e->size_declared >= 0 && (uint64_t)e->size_declared != e->bytes_read)
		fprintf(fp, " of %" PRId64, e->size_declared);
	fputs("</td><td>", fp);
	html_put(fp, e->encoding);
	fprintf(fp, "</td><td class=\"num\">%" PRIu64 "</td><td>", e->replacements);
	for (bit = 1; bit != 0 && bit <= e->flags; bit <<= 1)
		if ((e->flags & bit) && report_flag_name(bit) != NULL) {
			fprintf(fp, "%s%s", first ? "" : ", ", report_flag_name(bit));
			first = 0;
		}
	fputs("</td><td>", fp);
	html_put(fp, e->note);
	fputs("</td></tr>\n", fp);
}

static void
put_inventory(FILE *fp, const struct report *r)
{
	const struct report_totals *t = &r->totals;
	size_t i, n = r->inventory ? inventory_count(r->inventory) : 0;

	fputs("<section id=\"inventory\">\n<h2>Inventory</h2>\n", fp);
	if (n == 0)
		fputs("<p>No entries.</p>\n", fp);
	else {
		fputs("<div class=\"wide\"><table>\n<thead><tr><th>Path</th><th>Status</th>"
		    "<th>Kind</th><th>Records</th><th>Bytes</th><th>Encoding</th>"
		    "<th>Replacements</th><th>Flags</th><th>Note</th></tr></thead>\n<tbody>\n", fp);
		for (i = 0; i < n; i++)
			put_entry(fp, inventory_at(r->inventory, i));
		fputs("</tbody>\n</table></div>\n", fp);
	}
	fprintf(fp, "<p><strong>Totals:</strong> %" PRIu64 " entries, %" PRIu64 " bytes read, %"
	    PRIu64 " records; %" PRIu64 " parsed, %" PRIu64 " partial, %" PRIu64 " skipped, %"
	    PRIu64 " failed, %" PRIu64 " containers.</p>\n</section>\n", t->entries,
	    t->bytes_read, t->records, t->parsed, t->partial, t->skipped, t->failed,
	    t->containers);
}

static int
html_render(const struct report *r, FILE *fp)
{
	struct anchors a;

	anchors_make(r, &a);
	put_head(fp, r);
	put_header(fp, r);
	put_verdict(fp, r, &a);
	put_checklist(fp, r);
	put_timeline(fp, r);
	put_findings(fp, r, &a);
	put_asks(fp, r);
	put_inventory(fp, r);
	fputs("<footer>Written by marstriage ", fp);
	put_or_unknown(fp, r->tool_version);
	fputs(". This page loads nothing and runs no script.</footer>\n</body>\n</html>\n", fp);
	anchors_free(&a);
	return ferror(fp) ? -1 : 0;
}

const struct renderer render_html = {
	"html", "html", "HTML, one self-contained page", html_render
};
