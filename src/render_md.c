/* The Markdown renderer: a report a person reads top-down, verdict first. Text from the bundle
 * goes through the escapers; cause and resolution are our own rule texts, written as-is. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "render.h"
#include "timeline.h"
#include "util.h"

static const char *const severity_heading[] = { "Info", "Warning", "Error", "Critical" };

static void
put_or_unknown(FILE *fp, const char *s)
{
	if (s != NULL && *s != '\0')
		md_put_text(fp, s);
	else
		fputs("unknown", fp);
}

static void
put_severity_counts(FILE *fp, const struct report *r)
{
	uint64_t n[SEV_CRITICAL + 1] = { 0 };
	int s, first = 1;
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if ((unsigned)r->findings[i].severity <= SEV_CRITICAL)
			n[r->findings[i].severity]++;
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--) {
		if (n[s] == 0)
			continue;
		fprintf(fp, "%s%" PRIu64 " %s%s", first ? "" : ", ", n[s],
		    severity_name((enum severity)s),
		    n[s] > 1 && (s == SEV_WARNING || s == SEV_ERROR) ? "s" : "");
		first = 0;
	}
}

static void
put_check_counts(FILE *fp, const struct report *r)
{
	size_t i, n[3] = { 0, 0, 0 };

	for (i = 0; i < r->nchecks; i++)
		if ((unsigned)r->checks[i].status <= CHECK_NOT_VERIFIABLE)
			n[r->checks[i].status]++;
	fprintf(fp, "checks: %zu pass, %zu fail, %zu not verifiable", n[CHECK_PASS],
	    n[CHECK_FAIL], n[CHECK_NOT_VERIFIABLE]);
}

/* The one line a reader sees first. */
static void
put_verdict_line(FILE *fp, const struct report *r)
{
	if (r->unreadable) {
		fputs("**Verdict: unreadable** \xE2\x80\x94 the bundle could not be read; "
		    "the inventory below says why.", fp);
	} else if (report_is_healthy(r)) {
		fputs("**Verdict: healthy** \xE2\x80\x94 no finding at warning or above; ", fp);
		put_check_counts(fp, r);
		fputc('.', fp);
	} else {
		fputs("**Verdict: problems found** \xE2\x80\x94 ", fp);
		put_severity_counts(fp, r);
		fputs("; ", fp);
		put_check_counts(fp, r);
		fputc('.', fp);
	}
	fputs("\n\n", fp);
}

static void
put_header(FILE *fp, const struct report *r)
{
	fputs("- **Bundle:** ", fp);
	put_or_unknown(fp, r->bundle);
	fputs("\n- **Host:** ", fp);
	put_or_unknown(fp, r->host);
	if (r->os != NULL && *r->os != '\0') {
		fputs("\n- **OS:** ", fp);
		md_put_text(fp, r->os);
	}
	fputs("\n- **MARS agent:** ", fp);
	put_or_unknown(fp, r->agent_version);
	fputs("\n- **Time span:** ", fp);
	if (r->time_first != NULL && r->time_last != NULL &&
	    strcmp(r->time_first, r->time_last) != 0) {
		md_put_text(fp, r->time_first);
		fputs(" to ", fp);
		md_put_text(fp, r->time_last);
	} else
		put_or_unknown(fp, r->time_first != NULL ? r->time_first : r->time_last);
	fputs("\n- **Time zone:** ", fp);
	put_or_unknown(fp, r->tz_note);
	fputs("\n- **Tool:** marstriage ", fp);
	put_or_unknown(fp, r->tool_version);
	fputs(", rules ", fp);
	put_or_unknown(fp, r->rules_version);
	fputs("\n\n", fp);
}

/* severity, title, rule, subject and message on one line. */
static void
put_finding_line(FILE *fp, const struct finding *f)
{
	fprintf(fp, "**%s** \xE2\x80\x94 ", severity_name(f->severity));
	put_or_unknown(fp, f->title);
	fputs(" (", fp);
	md_put_code(fp, f->rule != NULL ? f->rule : "unknown");
	if (f->subject != NULL) {
		fputs(", ", fp);
		md_put_text(fp, f->subject);
	}
	fputc(')', fp);
	if (f->message != NULL && *f->message != '\0') {
		fputs(": ", fp);
		md_put_text(fp, f->message);
	}
	fputc('\n', fp);
}

/* The state of backups: one line in the verdict. */
static void
put_backups(FILE *fp, const struct report *r)
{
	struct strbuf sb = STRBUF_INIT;

	report_backups_text(r, &sb);
	fputs("**Backups:** ", fp);
	md_put_text(fp, sb_str(&sb));
	fputs(".\n\n", fp);
	sb_free(&sb);
}

static void
put_verdict(FILE *fp, const struct report *r)
{
	size_t *top, *cause, ntop, i, k;

	fputs("## Verdict\n\n", fp);
	if (r->unreadable)
		fputs("The bundle could not be read as an archive or folder.\n\n", fp);
	if (!r->unreadable)
		put_backups(fp, r);
	if (report_is_healthy(r)) {
		fputs("Nothing at warning or above was found.\n\n", fp);
		return;
	}
	top = xcalloc(r->nfindings, sizeof *top);
	cause = xcalloc(r->nfindings, sizeof *cause);
	ntop = report_top(r, top);
	for (k = 0; k < r->nfindings; k++)
		cause[k] = report_cause(r, k);
	for (i = 0; i < ntop; i++) {
		fputs("- ", fp);
		put_finding_line(fp, &r->findings[top[i]]);
		for (k = 0; k < r->nfindings; k++)
			if (cause[k] == top[i]) {
				fputs("  - explains: ", fp);
				put_finding_line(fp, &r->findings[k]);
			}
	}
	fputc('\n', fp);
	free(cause);
	free(top);
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
put_evidence(FILE *fp, const struct evidence *e)
{
	const char *file = e->file != NULL ? e->file : "unknown";
	char *where;

	fputs("- ", fp);
	if (e->line > 0) {
		where = xasprintf("%s:%ld", file, e->line);
		md_put_code(fp, where);
		free(where);
	} else
		md_put_code(fp, file);
	if (e->has_record_id)
		fprintf(fp, ", event record %" PRIu64, e->record_id);
	if (e->time != NULL) {
		fputs(", ", fp);
		md_put_text(fp, e->time);
		put_time_quality(fp, e->time_quality);
	}
	if (e->excerpt != NULL && *e->excerpt != '\0') {
		fputs(": ", fp);
		md_put_code(fp, e->excerpt);
	}
	fputc('\n', fp);
}

/* A rule text in Markdown, trusted, followed by exactly one blank line. */
static void
put_rule_text(FILE *fp, const char *label, const char *text)
{
	size_t n;

	if (text == NULL || *text == '\0')
		return;
	fprintf(fp, "**%s**\n\n", label);
	n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	fwrite(text, 1, n, fp);
	fputs("\n\n", fp);
}

static void
put_finding(FILE *fp, const struct finding *f)
{
	size_t i;

	fputs("#### ", fp);
	put_or_unknown(fp, f->title);
	if (f->subject != NULL) {
		fputs(": ", fp);
		md_put_text(fp, f->subject);
	}
	fputs("\n\n- **Rule:** ", fp);
	md_put_code(fp, f->rule != NULL ? f->rule : "unknown");
	fprintf(fp, "\n- **Severity:** %s", severity_name(f->severity));
	if (f->section != NULL) {
		fputs("\n- **Section:** ", fp);
		md_put_text(fp, f->section);
	}
	fprintf(fp, "\n- **Matching records:** %" PRIu64, f->count);
	if (f->first_time != NULL) {
		fputs("\n- **First seen:** ", fp);
		md_put_text(fp, f->first_time);
	}
	if (f->last_time != NULL) {
		fputs("\n- **Last seen:** ", fp);
		md_put_text(fp, f->last_time);
	}
	if (f->explained_by != NULL) {
		fputs("\n- **Explained by:** ", fp);
		md_put_code(fp, f->explained_by);
	}
	fputs("\n\n", fp);
	if (f->message != NULL && *f->message != '\0') {
		md_put_text(fp, f->message);
		fputs("\n\n", fp);
	}
	if (f->nevidence > 0) {
		fputs("**Evidence**\n\n", fp);
		for (i = 0; i < f->nevidence; i++)
			put_evidence(fp, &f->evidence[i]);
		fputc('\n', fp);
	}
	put_rule_text(fp, "Cause", f->cause);
	put_rule_text(fp, "Resolution", f->resolution);
	if (f->nreferences > 0) {
		fputs("**References**\n\n", fp);
		for (i = 0; i < f->nreferences; i++)
			fprintf(fp, "- %s\n", f->references[i]);
		fputc('\n', fp);
	}
}

static void
put_findings(FILE *fp, const struct report *r)
{
	size_t i, n;
	int s;

	fputs("## Findings\n\n", fp);
	if (r->nfindings == 0) {
		fputs("No findings.\n\n", fp);
		return;
	}
	/* Findings are sorted by severity already; each severity gets its heading. */
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--) {
		for (i = 0, n = 0; i < r->nfindings; i++)
			if ((int)r->findings[i].severity == s)
				n++;
		if (n == 0)
			continue;
		fprintf(fp, "### %s (%zu)\n\n", severity_heading[s], n);
		for (i = 0; i < r->nfindings; i++)
			if ((int)r->findings[i].severity == s)
				put_finding(fp, &r->findings[i]);
	}
}

static const char *
status_cell(enum check_status s)
{
	switch (s) {
	case CHECK_PASS:
		return "pass";
	case CHECK_FAIL:
		return "**fail**";
	default:
		return "*not verifiable*";
	}
}

static void
put_checklist(FILE *fp, const struct report *r)
{
	size_t i;

	fputs("## Checklist\n\n", fp);
	if (r->nchecks == 0) {
		fputs("No checks were run.\n\n", fp);
		return;
	}
	fputs("| Status | Check | Rule | Detail | Ask for |\n", fp);
	fputs("| --- | --- | --- | --- | --- |\n", fp);
	for (i = 0; i < r->nchecks; i++) {
		const struct check *c = &r->checks[i];

		fprintf(fp, "| %s | ", status_cell(c->status));
		md_put_cell(fp, c->title);
		fputs(" | ", fp);
		md_put_cell(fp, c->rule);
		fputs(" | ", fp);
		md_put_cell(fp, c->detail);
		fputs(" | ", fp);
		if (c->status != CHECK_PASS && c->ask != NULL) {
			md_put_cell(fp, c->ask);
			if (c->ask_file != NULL) {
				fputs(" (send back ", fp);
				md_put_cell(fp, c->ask_file);
				fputc(')', fp);
			}
		}
		fputs(" |\n", fp);
	}
	fputc('\n', fp);
}

/* Where a timeline row's first piece of evidence is: entry and line, event record id. */
static void
put_row_where(FILE *fp, const struct tl_row *w)
{
	const struct evidence *e = w->evidence;
	char *where;

	if (e == NULL || e->file == NULL) {
		fputs(w->is_job ? "older jobs, counted only" : "", fp);
		return;
	}
	if (w->count > 1)
		fputs("first: ", fp);
	/* Escaped text rather than a code span: a table splits cells on '|' even there. */
	if (e->line > 0) {
		where = xasprintf("%s:%ld", e->file, e->line);
		md_put_cell(fp, where);
		free(where);
	} else
		md_put_cell(fp, e->file);
	if (e->has_record_id)
		fprintf(fp, ", event record %" PRIu64, e->record_id);
}

/* The timeline as a table: jobs, error and warning events and the evidence of findings, in
 * time order, merged per source over hours, days or weeks when there are many. */
static void
put_timeline(FILE *fp, const struct report *r)
{
	struct strbuf sb = STRBUF_INIT;
	struct timeline t;
	char when[48];
	size_t i;

	fputs("## Timeline\n\n", fp);
	timeline_build(r, 40, &t);
	if (t.nrows == 0) {
		fputs("No backup job, error or warning event or timed evidence was found.\n\n", fp);
		timeline_free(&t);
		return;
	}
	fputs("Times are UTC", fp);
	if (t.zone_unknown)
		fputs("; \xE2\x80\xA0 marks local times of an unknown zone, shown as written", fp);
	fputs(". Time zone: ", fp);
	put_or_unknown(fp, r->tz_note);
	fputs(".", fp);
	if (t.bucket_ms > 0)
		fputs(" Rows of one source are merged over time to keep the table short.", fp);
	fputs("\n\n| Time (UTC) | Source | What | Where |\n| --- | --- | --- | --- |\n", fp);
	for (i = 0; i < t.nrows; i++) {
		const struct tl_row *w = &t.rows[i];

		tl_row_time_text(w, when);
		fprintf(fp, "| %s%s | ", when,
		    w->time_quality == TQ_ZONE_UNKNOWN ? " \xE2\x80\xA0" : "");
		md_put_cell(fp, w->is_job ? job_source_title(w->job_source) :
		    tl_source_title(w->source));
		fputs(" | ", fp);
		sb_reset(&sb);
		tl_row_what(w, &sb);
		md_put_cell(fp, sb_str(&sb));
		fputs(" | ", fp);
		put_row_where(fp, w);
		fputs(" |\n", fp);
	}
	fputc('\n', fp);
	sb_free(&sb);
	timeline_free(&t);
}

/* One line to paste: the command, and where its output goes unless it names the file. */
static void
put_ask_line(FILE *fp, const struct report_ask *a)
{
	text_put_line(fp, a->command);
	if (a->file != NULL && strstr(a->command, a->file) == NULL) {
		fputs(" > ", fp);
		text_put_line(fp, a->file);
	}
	fputc('\n', fp);
}

static void
put_asks(FILE *fp, const struct report *r)
{
	struct report_ask *a;
	size_t n, i, k, run, fence = 2;

	fputs("## Ask the customer\n\n", fp);
	n = report_asks(r, &a);
	if (n == 0) {
		fputs("Nothing to ask for.\n\n", fp);
		return;
	}
	for (i = 0; i < n; i++) {
		if ((run = md_backtick_run(a[i].command)) > fence)
			fence = run;
		if ((run = md_backtick_run(a[i].file)) > fence)
			fence = run;
	}
	fputs("Please run these commands on the server as an administrator and send back "
	    "the files they write:\n\n", fp);
	for (k = 0; k <= fence; k++)
		fputc('`', fp);
	fputs("text\n", fp);
	for (i = 0; i < n; i++)
		put_ask_line(fp, &a[i]);
	for (k = 0; k <= fence; k++)
		fputc('`', fp);
	fputs("\n\n", fp);
	report_asks_free(a, n);
}

static void
put_entry(FILE *fp, const struct inv_entry *e)
{
	unsigned bit;
	int first = 1;

	fputs("| ", fp);
	md_put_cell(fp, e->path);
	fprintf(fp, " | %s | ", inv_status_name(e->status));
	md_put_cell(fp, e->kind);
	fprintf(fp, " | %" PRIu64 " | %" PRIu64, e->records, e->bytes_read);
	if (e->size_declared >= 0 && (uint64_t)e->size_declared != e->bytes_read)
		fprintf(fp, " of %" PRId64, e->size_declared);
	fputs(" | ", fp);
	md_put_cell(fp, e->encoding);
	fprintf(fp, " | %" PRIu64 " | ", e->replacements);
	for (bit = 1; bit != 0 && bit <= e->flags; bit <<= 1)
		if ((e->flags & bit) && report_flag_name(bit) != NULL) {
			fprintf(fp, "%s%s", first ? "" : ", ", report_flag_name(bit));
			first = 0;
		}
	fputs(" | ", fp);
	md_put_cell(fp, e->note);
	fputs(" |\n", fp);
}

static void
put_inventory(FILE *fp, const struct report *r)
{
	const struct report_totals *t = &r->totals;
	size_t i, n = r->inventory ? inventory_count(r->inventory) : 0;

	fputs("## Inventory\n\n", fp);
	if (n == 0)
		fputs("No entries.\n\n", fp);
	else {
		fputs("| Path | Status | Kind | Records | Bytes | Encoding | Replacements | Flags "
		    "| Note |\n", fp);
		fputs("| --- | --- | --- | ---: | ---: | --- | ---: | --- | --- |\n", fp);
		for (i = 0; i < n; i++)
			put_entry(fp, inventory_at(r->inventory, i));
		fputc('\n', fp);
	}
	fprintf(fp, "**Totals:** %" PRIu64 " entries, %" PRIu64 " bytes read, %" PRIu64
	    " records; %" PRIu64 " parsed, %" PRIu64 " partial, %" PRIu64 " skipped, %" PRIu64
	    " failed, %" PRIu64 " containers.\n", t->entries, t->bytes_read, t->records,
	    t->parsed, t->partial, t->skipped, t->failed, t->containers);
}

static int
md_render(const struct report *r, FILE *fp)
{
	fputs("# marstriage report: ", fp);
	put_or_unknown(fp, r->bundle);
	fputs("\n\n", fp);
	put_verdict_line(fp, r);
	put_header(fp, r);
	put_verdict(fp, r);
	put_checklist(fp, r);
	put_timeline(fp, r);
	put_findings(fp, r);
	put_asks(fp, r);
	put_inventory(fp, r);
	return ferror(fp) ? -1 : 0;
}

const struct renderer render_md = {
	"md", "md", "Markdown report", md_render
};
