/* Tests for the HTML renderer: structure checked with libxml2's HTML parser on hand-built
 * reports full of hostile bundle text, and on the report of the injection sample bundle. */
#include <criterion/criterion.h>
#include <cmark.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include "analyse.h"
#include "render.h"
#include "rules.h"
#include "sha256.h"
#include "timeparse.h"
#include "util.h"

#define EVIL_SCRIPT "<script>alert(1)</script>"
#define EVIL_IMG "\"><img src=x onerror=alert(1)>"
#define EVIL_STYLE "</style><b>Evil</b>"

/* ---- building reports ---- */

static void
add_evidence(struct finding *f, const char *file, long line, uint64_t record_id,
    const char *time, enum time_quality q, const char *excerpt)
{
	struct evidence *e;

	f->evidence = xrealloc(f->evidence, (f->nevidence + 1) * sizeof *f->evidence);
	e = &f->evidence[f->nevidence++];
	memset(e, 0, sizeof *e);
	e->file = xstrdup(file);
	e->line = line;
	e->has_record_id = record_id != 0;
	e->record_id = record_id;
	e->time = time != NULL ? xstrdup(time) : NULL;
	e->time_quality = q;
	e->excerpt = excerpt != NULL ? xstrdup(excerpt) : NULL;
}

static struct finding *
add_finding(struct report *r, enum severity sev, const char *rule, const char *subject,
    const char *title, const char *message)
{
	struct finding *f = report_add_finding(r);

	f->rule = xstrdup(rule);
	f->subject = subject != NULL ? xstrdup(subject) : NULL;
	f->severity = sev;
	f->title = xstrdup(title);
	f->message = xstrdup(message);
	f->section = xstrdup("common-errors");
	f->count = 3;
	return f;
}

static void
add_check(struct report *r, const char *rule, const char *title, enum check_status st,
    const char *detail, const char *ask, const char *file)
{
	struct check *c = report_add_check(r);

	c->rule = xstrdup(rule);
	c->title = xstrdup(title);
	c->status = st;
	c->detail = detail != NULL ? xstrdup(detail) : NULL;
	c->ask = ask != NULL ? xstrdup(ask) : NULL;
	c->ask_file = file != NULL ? xstrdup(file) : NULL;
}

static char *
iso(int64_t ms)
{
	char buf[25];

	format_iso8601(ms, buf);
	return xstrdup(buf);
}

static struct report *
hostile_report(void)
{
	struct report *r = report_new();
	struct inventory *inv = inventory_new();
	int64_t d = utc_ms(2026, 3, 9, 22, 30, 0, 0);
	struct inv_entry *e;
	struct finding *f;
	size_t i;

	r->bundle = xstrdup("case " EVIL_SCRIPT ".zip");
	r->host = xstrdup("SRV" EVIL_IMG);
	r->os = xstrdup("Windows Server 2019 " EVIL_STYLE);
	r->agent_version = xstrdup("2.0.9262.0");
	r->time_first = xstrdup("2026-03-08T22:30:00.000Z");
	r->time_last = xstrdup("2026-03-10T22:31:21.000Z");
	r->tz_note = xstrdup("the server's time zone is unknown");
	r->tool_version = "0.1.0";
	r->rules_version = xstrdup("2026.11.0");

	f = add_finding(r, SEV_ERROR, "vss-writer-failed", "System Writer " EVIL_STYLE,
	    "A VSS writer is in a failed state", "Writer " EVIL_IMG " failed");
	add_evidence(f, "vss" EVIL_IMG ".txt", 43, 0, NULL, TQ_NONE,
	    "Writer name: '" EVIL_SCRIPT "'\n   State: [9] Failed");
	f->cause = xstrdup("The **VSS** writer failed. " EVIL_SCRIPT "\n\n<img src=x>\n\n"
	    "See [the page](https://learn.microsoft.com/azure/backup/) or "
	    "[this](javascript:alert(1)) or [that](https://evil.example/x) and "
	    "![pic](https://evil.example/p.png).\n");
	f->resolution = xstrdup("1. Restart `VSS`.\n2. Run `vssadmin list writers`.\n");
	f->references = xcalloc(2, sizeof *f->references);
	f->references[0] = xstrdup("https://learn.microsoft.com/azure/backup/backup-azure-system-"
	    "state-troubleshoot");
	f->references[1] = xstrdup("https://evil.example/\"onmouseover=alert(1)");
	f->nreferences = 2;

	/* The same rule again, for another subject: anchors and evidence ids stay unique. */
	f = add_finding(r, SEV_ERROR, "vss-writer-failed", "WMI Writer", "A VSS writer is in a "
	    "failed state", "Writer WMI failed");
	add_evidence(f, "vss.txt", 60, 0, NULL, TQ_NONE, "Writer name: 'WMI Writer'");

	f = add_finding(r, SEV_ERROR, "vss-writer-timeout", NULL, "A VSS writer timed out",
	    "seen 5 time(s) javascript:alert(1)");
	f->explained_by = xstrdup("vss-writer-failed");
	for (i = 0; i < 4; i++)
		add_evidence(f, i % 2 ? "Application.xml" : "CBEngine`x`|y.errlog", 2 + (long)i,
		    i % 2 ? 90131 + i : 0, "2026-03-09T22:31:21.772Z",
		    i % 2 ? TQ_UTC : TQ_ZONE_UNKNOWN, EVIL_SCRIPT " " EVIL_IMG);
	f = add_finding(r, SEV_WARNING, "disk-space", "C:", "Little free space", "2.1 GB free");
	f->explained_by = xstrdup("vss-writer-timeout");	/* a chain of two steps */
	report_sort(r);

	add_check(r, "vss-writer-failed", "VSS writers are stable", CHECK_FAIL,
	    "System Writer | [9] " EVIL_STYLE, "vssadmin list writers\n" EVIL_SCRIPT,
	    "vss-writers.txt");
	add_check(r, "wsb-not-installed", "WSB is installed", CHECK_PASS, "Installed",
	    "Get-WindowsFeature", NULL);
	add_check(r, "efi", "EFI partition", CHECK_NOT_VERIFIABLE, NULL, "mountvol", "mv.txt");

	e = inventory_add(inv, "logs.zip!/" EVIL_IMG ".txt", 1);
	e->status = INV_SKIPPED;
	e->flags = INV_F_SUSPICIOUS_NAME;
	e->size_declared = -1;
	inv_set_note(e, "binary %s", EVIL_SCRIPT);
	r->inventory = inv;
	r->totals.entries = 1;

	r->jobs = xcalloc(3, sizeof *r->jobs);
	r->njobs = 3;
	for (i = 0; i < 3; i++) {
		struct job *jb = &r->jobs[i];

		jb->source = JOB_SRC_MARS;
		jb->id = xstrdup("9B1F282E-4067-4358-8EE2-07F8DA94E3E8");
		jb->start_ms = d + ((int64_t)i - 1) * 86400000;
		jb->end_ms = jb->start_ms + 80000;
		jb->time_quality = TQ_ZONE_UNKNOWN;
		jb->outcome = i == 0 ? JOB_SUCCESS : JOB_FAILED;
		jb->hresult = i == 0 ? NULL : xstrdup("0x807800C5");
		jb->evidence.file = xstrdup("CBEngine" EVIL_IMG ".errlog");
		jb->evidence.line = 30 + (long)i;
	}
	r->markers = xcalloc(1, sizeof *r->markers);
	r->nmarkers = 1;
	r->markers[0].source = TL_VSS;
	r->markers[0].event_id = 8229;
	r->markers[0].level = 3;
	r->markers[0].first_ms = r->markers[0].last_ms = d + 81000;
	r->markers[0].count = 1;
	r->markers[0].time_quality = TQ_UTC;
	r->markers[0].evidence.file = xstrdup("App" EVIL_STYLE ".xml");
	r->backups.basis = JOB_SRC_MARS;
	r->backups.jobs = 3;
	r->backups.failure_streak = 2;
	r->backups.streak_first_job = 1;
	r->backups.streak_first = iso(d);
	r->backups.last_success_job = 0;
	r->backups.last_success = iso(d - 86400000 + 80000);
	r->backups.time_quality = TQ_ZONE_UNKNOWN;
	return r;
}

static char *
render(const char *fmt, const struct report *r)
{
	const struct renderer *rd = renderer_find(fmt);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	cr_assert_not_null(rd, "no renderer %s", fmt);
	fp = open_memstream(&buf, &len);
	cr_assert_not_null(fp);
	cr_assert_eq(rd->render(r, fp), 0);
	cr_assert_eq(fclose(fp), 0);
	cr_assert_eq(strlen(buf), len, "no NUL bytes in the output");
	return buf;
}

/* ---- checking a page ---- */

struct page {
	htmlDocPtr doc;
	char **ids;
	size_t nids;
	struct strbuf text;	/* all text nodes, joined with newlines */
	size_t links_out;	/* <a href> to learn.microsoft.com */
	size_t links_in;	/* <a href="#..."> */
	size_t styles;
	char *style;		/* text of the style element */
	char *csp;		/* content of the policy meta */
	size_t evidence_ids;
	size_t svg_failed;	/* SVG shapes of class o-failed */
};

static const char *const banned[] = {
	"script", "img", "iframe", "frame", "object", "embed", "link", "base", "form", "input",
	"button", "audio", "video", "source", "image", "use", "foreignobject", "animate", "set",
	"applet", "textarea", "select"
};

static void
walk(struct page *p, xmlNodePtr n)
{
	xmlAttrPtr a;
	xmlChar *v;
	size_t i;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content != NULL) {
			sb_adds(&p->text, (const char *)n->content);
			sb_addc(&p->text, '\n');
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; i < sizeof banned / sizeof banned[0]; i++)
			cr_expect(ascii_casecmp((const char *)n->name, banned[i]) != 0,
			    "element <%s> in the page", n->name);
		for (a = n->properties; a != NULL; a = a->next) {
			cr_expect(ascii_ncasecmp((const char *)a->name, "on", 2) != 0,
			    "attribute %s on <%s>", a->name, n->name);
			cr_expect(ascii_casecmp((const char *)a->name, "style") != 0,
			    "style attribute on <%s>", n->name);
			cr_expect(ascii_casecmp((const char *)a->name, "src") != 0 &&
			    ascii_casecmp((const char *)a->name, "srcset") != 0 &&
			    ascii_ncasecmp((const char *)a->name, "xlink", 5) != 0,
			    "attribute %s on <%s>", a->name, n->name);
		}
		if ((v = xmlGetProp(n, (const xmlChar *)"id")) != NULL) {
			for (i = 0; i < p->nids; i++)
				cr_expect_str_neq(p->ids[i], (const char *)v, "id %s twice", v);
			p->ids = xrealloc(p->ids, (p->nids + 1) * sizeof *p->ids);
			p->ids[p->nids++] = xstrdup((const char *)v);
			if (strncmp((const char *)v, "evidence-", 9) == 0)
				p->evidence_ids++;
			xmlFree(v);
		}
		if (ascii_casecmp((const char *)n->name, "a") == 0 &&
		    (v = xmlGetProp(n, (const xmlChar *)"href")) != NULL) {
			if (v[0] == '#')
				p->links_in++;
			else {
				cr_expect(strncmp((const char *)v, "https://learn.microsoft.com/",
				    28) == 0, "link to %s", v);
				p->links_out++;
			}
			xmlFree(v);
		}
		if (ascii_casecmp((const char *)n->name, "style") == 0) {
			p->styles++;
			free(p->style);
			p->style = (char *)xmlNodeGetContent(n);
		}
		if (ascii_casecmp((const char *)n->name, "meta") == 0 &&
		    (v = xmlGetProp(n, (const xmlChar *)"http-equiv")) != NULL) {
			cr_expect(ascii_casecmp((const char *)v, "Content-Security-Policy") == 0,
			    "meta http-equiv=%s", v);
			xmlFree(v);
			free(p->csp);
			p->csp = (char *)xmlGetProp(n, (const xmlChar *)"content");
		}
		if ((v = xmlGetProp(n, (const xmlChar *)"class")) != NULL) {
			if (strncmp((const char *)v, "o-failed", 8) == 0)
				p->svg_failed++;
			xmlFree(v);
		}
		walk(p, n->children);
	}
}

static int
has_id(const struct page *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nids; i++)
		if (strcmp(p->ids[i], id) == 0)
			return 1;
	return 0;
}

static void
page_load(struct page *p, const char *html)
{
	memset(p, 0, sizeof *p);
	p->doc = htmlReadMemory(html, (int)strlen(html), "report.html", "UTF-8",
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	cr_assert_not_null(p->doc);
	walk(p, xmlDocGetRootElement(p->doc));
	sb_add(&p->text, "", 0);
}

/* Every in-page link points at an element of the page. */
static void
check_internal_links(struct page *p, xmlNodePtr n)
{
	xmlChar *v;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (ascii_casecmp((const char *)n->name, "a") == 0 &&
		    (v = xmlGetProp(n, (const xmlChar *)"href")) != NULL) {
			if (v[0] == '#')
				cr_expect(has_id(p, (const char *)v + 1), "no target for %s", v);
			xmlFree(v);
		}
		check_internal_links(p, n->children);
	}
}

static void
page_free(struct page *p)
{
	size_t i;

	for (i = 0; i < p->nids; i++)
		free(p->ids[i]);
	free(p->ids);
	sb_free(&p->text);
	xmlFree(p->style);
	xmlFree(p->csp);
	xmlFreeDoc(p->doc);
}

/* The policy allows the page's one style block by its hash and nothing else. */
static void
check_policy(const struct page *p, const char *html)
{
	unsigned char d[32];
	char b64[48], *want;

	cr_assert_eq(p->styles, 1);
	cr_assert_not_null(p->csp);
	sha256(p->style, strlen(p->style), d);
	base64_encode(d, 32, b64);
	want = xasprintf("default-src 'none'; style-src 'sha256-%s'; base-uri 'none'; "
	    "form-action 'none'", b64);
	cr_expect_str_eq(p->csp, want);
	free(want);
	cr_expect(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n", 62) == 0, "charset comes first");
	cr_expect(strstr(html, "<script") == NULL);
	cr_expect(strstr(html, "http://") == NULL, "no plain-http URL anywhere");
}

Test(html, hostile_report_structure)
{
	struct report *r = hostile_report();
	char *html = render("html", r);
	struct page p;
	const char *order[] = { "id=\"verdict\"", "id=\"checklist\"", "id=\"timeline\"",
		"id=\"findings\"", "id=\"ask\"", "id=\"inventory\"" };
	size_t i;

	page_load(&p, html);
	check_policy(&p, html);
	check_internal_links(&p, xmlDocGetRootElement(p.doc));
	for (i = 1; i < sizeof order / sizeof order[0]; i++)
		cr_expect(strstr(html, order[i - 1]) < strstr(html, order[i]), "%s before %s",
		    order[i - 1], order[i]);

	/* Bundle text shows as text. */
	cr_expect(strstr(p.text.s, "case " EVIL_SCRIPT ".zip") != NULL);
	cr_expect(strstr(p.text.s, "SRV" EVIL_IMG) != NULL);
	cr_expect(strstr(p.text.s, "System Writer " EVIL_STYLE) != NULL);
	cr_expect(strstr(p.text.s, "CBEngine" EVIL_IMG ".errlog:31") != NULL, "job tooltip");
	cr_expect(strstr(p.text.s, "App" EVIL_STYLE ".xml") != NULL, "marker tooltip");
	cr_expect(strstr(html, "<b>Evil</b>") == NULL);

	/* Stable anchors, unique ids, evidence numbered per rule. */
	cr_expect(has_id(&p, "finding-vss-writer-failed-system-writer-style-b-evil-b"));
	cr_expect(has_id(&p, "finding-vss-writer-failed-wmi-writer"));
	cr_expect(has_id(&p, "finding-vss-writer-timeout"));
	cr_expect(has_id(&p, "finding-disk-space-c"));
	cr_expect(has_id(&p, "evidence-vss-writer-failed-1"));
	cr_expect(has_id(&p, "evidence-vss-writer-failed-2"));
	cr_expect(has_id(&p, "evidence-vss-writer-timeout-4"));
	cr_expect_eq(p.evidence_ids, 6);

	/* Verdict card: the cause, what it explains, the backups line. */
	cr_expect(strstr(html, "<section id=\"verdict\" class=\"card v-problems\">") != NULL);
	cr_expect(strstr(p.text.s, "2 failed jobs in a row since 2026-03-09 22:30:00") != NULL);
	cr_expect(strstr(html, "<li>explains: <span class=\"sev s-error\">error</span> <a href="
	    "\"#finding-vss-writer-timeout\">") != NULL, "%s", html);

	/* "Explained by" links to the finding it names, not to the end of the chain. */
	cr_expect(strstr(html, "<dt>Explained by</dt><dd><a href=\"#finding-vss-writer-failed-"
	    "system-writer-style-b-evil-b\"><code>vss-writer-failed</code></a>") != NULL);
	cr_expect(strstr(html, "<dt>Explained by</dt><dd><a href=\"#finding-vss-writer-timeout\">"
	    "<code>vss-writer-timeout</code></a>") != NULL);

	/* Checklist: status words, not only colours; the ask stays on one line. */
	cr_expect(strstr(html, "<span class=\"st fail\">fail</span>") != NULL);
	cr_expect(strstr(html, "<span class=\"st nv\">not verifiable</span>") != NULL);
	cr_expect(strstr(html, "<details><summary>1 passing check</summary>") != NULL,
	    "passing checks are folded away");
	cr_expect(strstr(html, "class=\"st fail\"") < strstr(html, "class=\"st nv\""));
	cr_expect(strstr(html, "class=\"st nv\"") < strstr(html, "class=\"st pass\""));
	cr_expect(strstr(html, "<pre class=\"ask\">vssadmin list writers &lt;script&gt;"
	    "alert(1)&lt;/script&gt; &gt; vss-writers.txt\nmountvol &gt; mv.txt\n</pre>") != NULL,
	    "%s", html);

	/* Rule Markdown through cmark: formatting kept, raw HTML and foreign links not. */
	cr_expect(strstr(html, "<strong>VSS</strong>") != NULL);
	cr_expect(strstr(html, "<a href=\"https://learn.microsoft.com/azure/backup/\">the page"
	    "</a>") != NULL);
	cr_expect(strstr(html, "evil.example/x") == NULL, "the foreign link is dropped");
	cr_expect(strstr(p.text.s, "or this or that and pic.") != NULL, "%s", p.text.s);
	cr_expect(strstr(html, "<li>Restart <code>VSS</code>.</li>") != NULL);
	cr_expect_eq(p.links_out, 2, "the rule text's link and the learn reference");
	cr_expect(strstr(p.text.s, "https://evil.example/\"onmouseover=alert(1)") != NULL,
	    "a foreign reference is shown as text");
	cr_expect_gt(p.links_in, 10);

	/* Timeline: jobs as bars coloured by outcome, the failure window, a UTC axis. */
	cr_expect(strstr(html, "<svg class=\"tl\"") != NULL);
	cr_expect_eq(p.svg_failed, 2 + 4, "2 failed jobs, 4 timed pieces of evidence");
	cr_expect(strstr(html, "<rect class=\"win\"") != NULL);
	cr_expect(strstr(html, "failing since 2026-03-09 22:30</text>") != NULL);
	cr_expect(strstr(html, ">UTC</text>") != NULL);
	page_free(&p);
	free(html);
	report_free(r);
}

Test(html, deterministic_and_write_errors)
{
	struct report *r = hostile_report();
	char *a = render("html", r), *b = render("html", r);
	FILE *fp = fopen("/dev/null", "r");

	cr_expect_str_eq(a, b);
	cr_assert_not_null(fp);
	cr_expect_eq(render_html.render(r, fp), -1);
	fclose(fp);
	free(a);
	free(b);
	report_free(r);
}

Test(html, healthy_and_unreadable)
{
	struct report *r = report_new();
	struct page p;
	char *html;

	r->bundle = xstrdup("case.zip");
	r->inventory = inventory_new();
	add_check(r, "wsb", "WSB is installed", CHECK_PASS, "Installed", NULL, NULL);
	html = render("html", r);
	page_load(&p, html);
	check_policy(&p, html);
	cr_expect(strstr(html, "class=\"card v-healthy\"") != NULL);
	cr_expect(strstr(p.text.s, "Healthy") != NULL);
	cr_expect(strstr(p.text.s, "Every check passes.") != NULL);
	cr_expect(strstr(p.text.s, "no backup job with an outcome was found") != NULL);
	cr_expect(strstr(p.text.s, "No backup job, error or warning event or timed evidence") !=
	    NULL);
	cr_expect(strstr(html, "<svg") == NULL);
	cr_expect(strstr(p.text.s, "Nothing to ask for.") != NULL);
	cr_expect(strstr(p.text.s, "unknown") != NULL, "unknown host");
	page_free(&p);
	free(html);

	r->unreadable = 1;
	html = render("html", r);
	cr_expect(strstr(html, "class=\"card v-unreadable\"") != NULL);
	cr_expect(strstr(html, "<strong>Unreadable</strong>") != NULL);
	free(html);
	report_free(r);
}

/* ---- the injection sample bundle, through the whole pipeline ---- */

static struct report *
analyse_injection(struct ruleset **rs)
{
	const char *dirs[] = { "rules" };
	struct strbuf err = STRBUF_INIT;
	struct analysis_opts o;

	*rs = ruleset_load(dirs, 1, &err);
	cr_assert_not_null(*rs, "rules: %s", sb_str(&err));
	sb_free(&err);
	memset(&o, 0, sizeof o);
	limits_default(&o.lim);
	o.rules = *rs;
	o.tool_version = "0.1.0";
	return analyse_bundle("testdata/bundles/injection", &o);
}

Test(injection, payloads_are_text_in_every_format)
{
	struct ruleset *rs;
	struct report *r = analyse_injection(&rs);
	char *html = render("html", r), *md = render("md", r), *json = render("json", r);
	char *from_md;
	struct page p;

	cr_assert_gt(r->nfindings, 0);
	cr_assert_gt(r->njobs, 0, "the injection bundle has backup jobs");

	page_load(&p, html);
	check_policy(&p, html);
	check_internal_links(&p, xmlDocGetRootElement(p.doc));
	cr_expect(strstr(p.text.s, "<img src=x onerror=alert(1)>.txt") != NULL,
	    "the file name is text");
	cr_expect(strstr(p.text.s, "x|y`backtick`.log") != NULL);
	cr_expect(strstr(p.text.s, "</style>") != NULL);
	cr_expect(strstr(p.text.s, "javascript:alert(1)") != NULL);
	cr_expect(strstr(html, "<b>Evil</b>") == NULL);
	page_free(&p);

	/* Markdown shown by a renderer that passes raw HTML: still nothing live. */
	from_md = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_UNSAFE);
	cr_expect(strstr(from_md, "<script") == NULL);
	cr_expect(strstr(from_md, "<img") == NULL);
	cr_expect(strstr(from_md, "<b>Evil") == NULL);
	cr_expect(strstr(from_md, "href=\"javascript") == NULL);
	cr_expect(strstr(from_md, "&lt;img src=x onerror=alert(1)&gt;.txt") != NULL, "%s",
	    from_md);
	free(from_md);

	/* JSON keeps the text as it was. */
	cr_expect(strstr(json, "\"path\": \"<img src=x onerror=alert(1)>.txt\"") != NULL);
	cr_expect(strstr(json, "\"path\": \"x|y`backtick`.log\"") != NULL);
	free(html);
	free(md);
	free(json);
	report_free(r);
	ruleset_free(rs);
}
