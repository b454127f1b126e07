/* The analysis driver: walks one bundle, decodes and recognises each entry, runs its parser,
 * and feeds every record to the rules and the bundle facts. */
#include <stdlib.h>
#include <string.h>
#include "analyse.h"
#include "bundle.h"
#include "diag.h"
#include "facts.h"
#include "jobs.h"
#include "textin.h"

struct analysis {
	const struct analysis_opts *o;
	const char *bundle;
	struct rule_run *run;
	struct facts facts;
	struct jobs *jobs;
	uint64_t records;
};

static void
on_record(void *ctx, const struct record *r)
{
	struct analysis *a = ctx;

	a->records++;
	if (a->o->dump_records)
		record_write_json(r, a->o->dump_records);
	if (a->run)
		rule_run_feed(a->run, r);
	facts_feed(&a->facts, r);
	jobs_feed(a->jobs, r);
}

static void
parse_entry(struct analysis *a, const struct bundle_entry *e, struct textin *t)
{
	const struct parser *p;
	struct parse_ctx pc;
	const char *head;
	size_t headlen;
	int bid, rc;

	head = textin_head(t, &headlen);
	p = recognise(e->name, head, headlen, &bid);
	if (p == NULL) {
		e->inv->status = INV_SKIPPED;
		inv_set_note(e->inv, "not recognised");
		return;
	}
	memset(&pc, 0, sizeof pc);
	pc.bundle = a->bundle;
	pc.entry = e->path;
	pc.mtime = e->mtime;
	pc.in = t;
	pc.lim = &a->o->lim;
	pc.env = &a->o->env;
	pc.sink.emit = on_record;
	pc.sink.ctx = a;
	rc = p->parse(&pc);
	inv_set_kind(e->inv, p->name);
	e->inv->records = pc.nrecords;
	e->inv->status = rc == 0 ? INV_PARSED : INV_PARTIAL;
	if (pc.note)
		inv_set_note(e->inv, "%s", pc.note);
	if (rc != 0)
		diag(DIAG_WARNING, a->bundle, e->path, 0, "read partly as %s: %s", p->name,
		    pc.note ? pc.note : "stopped early");
	free(pc.note);
	record_free(&pc.rec);
}

static void
on_entry(void *ctx, const struct bundle_entry *e, struct byte_source *src)
{
	struct analysis *a = ctx;
	struct textin *t = textin_open(*src, a->o->lim.max_line);

	if (textin_is_empty(t)) {
		e->inv->status = INV_SKIPPED;
		inv_set_note(e->inv, "empty");
	} else if (textin_is_binary(t)) {
		e->inv->status = INV_SKIPPED;
		inv_set_note(e->inv, "binary");
	} else {
		inv_set_encoding(e->inv, textin_encoding_name(textin_encoding(t)));
		parse_entry(a, e, t);
		e->inv->replacements = textin_replacements(t);
	}
	if (textin_error(t)) {
		if (e->inv->status == INV_PARSED)
			e->inv->status = INV_PARTIAL;
		else if (e->inv->status != INV_PARTIAL)
			e->inv->status = INV_FAILED;
		inv_set_note(e->inv, "%s", textin_error(t));
		diag(DIAG_WARNING, a->bundle, e->path, 0, "%s", textin_error(t));
	}
	diag(DIAG_INFO, a->bundle, e->path, 0, "%s%s%s", inv_status_name(e->inv->status),
	    e->inv->kind ? " as " : "", e->inv->kind ? e->inv->kind : "");
	textin_close(t);
}

static void
count_totals(struct report *rep, uint64_t records)
{
	const struct inventory *inv = rep->inventory;
	struct report_totals *tt = &rep->totals;
	size_t i;

	tt->records = records;
	tt->entries = inventory_count(inv);
	for (i = 0; i < tt->entries; i++) {
		const struct inv_entry *e = inventory_at(inv, i);
		tt->bytes_read += e->bytes_read;
		switch (e->status) {
		case INV_PARSED: tt->parsed++; break;
		case INV_PARTIAL: tt->partial++; break;
		case INV_CONTAINER: tt->containers++; break;
		case INV_SKIPPED: tt->skipped++; break;
		default: tt->failed++; break;
		}
	}
}

struct report *
analyse_bundle(const char *path, const struct analysis_opts *o)
{
	struct analysis a;
	struct report *rep = xcalloc(1, sizeof *rep);
	struct inventory *inv = inventory_new();

	memset(&a, 0, sizeof a);
	a.o = o;
	a.bundle = path;
	a.run = o->rules ? rule_run_new(o->rules) : NULL;
	a.jobs = jobs_new();
	rep->bundle = xstrdup(path);
	rep->tool_version = o->tool_version;
	rep->rules_version = xstrdup(o->rules ? ruleset_version(o->rules) : "none");
	rep->inventory = inv;
	if (bundle_walk(path, &o->lim, inv, on_entry, &a) == BUNDLE_UNREADABLE)
		rep->unreadable = 1;
	facts_finish(&a.facts, rep);
	jobs_finish(a.jobs, rep);
	jobs_free(a.jobs);
	if (o->env.tz_known) {
		int m = o->env.tz_offset_min < 0 ? -o->env.tz_offset_min : o->env.tz_offset_min;
		free(rep->tz_note);
		rep->tz_note = xasprintf("local times converted with UTC%c%02d:%02d (--tz)",
		    o->env.tz_offset_min < 0 ? '-' : '+', m / 60, m % 60);
	}
	if (a.run) {
		rule_run_finish(a.run, rep);
		rule_run_free(a.run);
	}
	count_totals(rep, a.records);
	facts_free(&a.facts);
	return rep;
}
