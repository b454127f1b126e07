/* The analysis driver: walks one bundle, decodes and recognises each entry, runs its parser,
 * and feeds every record to the rules and the bundle facts. */
#include <stdlib.h>
#include <string.h>
#include "analyse.h"
#include "bundle.h"
#include "diag.h"
#include "facts.h"
#include "jobs.h"
#include "prepass.h"
#include "record_queue.h"
#include "textin.h"

/* --profile-rules: where a bundle's time went. */
#define PROF_PARSERS 64

struct prof {
	uint64_t read_ns;		/* in the entries' byte sources: decompression, limits */
	struct {
		const struct parser *p;
		uint64_t entries, bytes, records, ns;	/* ns: parsing, rules excluded */
	} parser[PROF_PARSERS];
	size_t nparsers;
};

struct analysis {
	const struct analysis_opts *o;
	const char *bundle;
	struct rule_run *run;
	struct facts facts;
	struct jobs *jobs;
	uint64_t records;
	struct prepass pp;	/* what a first pass learnt: zone, locale, host */
	struct parse_env env;	/* the options' environment completed by the first pass */
	struct limits lim;	/* the options' limits, with what the first pass left of the time */
	struct prof *prof;	/* --profile-rules, else NULL */
	struct record_queue *rq;	/* the rules thread's queue, or NULL */
};

/* What every record goes to, in the order parsed: on the rules thread when there is one. */
static void
consume_record(void *ctx, const struct record *r)
{
	struct analysis *a = ctx;

	if (a->o->dump_records)
		record_write_json(r, a->o->dump_records);
	if (a->run)
		rule_run_feed(a->run, r);
	if (a->o->on_record)
		a->o->on_record(a->o->on_record_ctx, r);
	facts_feed(&a->facts, r);
	jobs_feed(a->jobs, r);
}

static void
on_record(void *ctx, const struct record *r)
{
	struct analysis *a = ctx;

	a->records++;
	if (a->rq != NULL)
		record_queue_push(a->rq, r);
	else
		consume_record(a, r);
}

/* Runs the parser with the clock on: its time, less what the rules and the reading took
 * meanwhile, goes to its row. */
static int
profiled_parse(struct analysis *a, const struct parser *p, struct parse_ctx *pc)
{
	uint64_t t0 = mt_clock_ns(), rules0 = a->run ? rule_run_profile_ns(a->run) : 0;
	uint64_t read0 = a->prof->read_ns, dt;
	size_t i;
	int rc;

	rc = p->parse(pc);
	dt = mt_clock_ns() - t0 - (a->prof->read_ns - read0) -
	    (a->run ? rule_run_profile_ns(a->run) - rules0 : 0);
	for (i = 0; i < a->prof->nparsers && a->prof->parser[i].p != p; i++)
		;
	if (i == PROF_PARSERS)
		return rc;
	if (i == a->prof->nparsers) {
		a->prof->parser[i].p = p;
		a->prof->nparsers++;
	}
	a->prof->parser[i].entries++;
	a->prof->parser[i].bytes += textin_bytes_in(pc->in);
	a->prof->parser[i].records += pc->nrecords;
	a->prof->parser[i].ns += dt;
	return rc;
}

static void
run_parser(struct analysis *a, const struct bundle_entry *e, struct textin *t,
    const struct parser *p)
{
	struct parse_ctx pc;
	int rc;

	memset(&pc, 0, sizeof pc);
	pc.bundle = a->bundle;
	pc.entry = e->path;
	pc.mtime = e->mtime;
	pc.in = t;
	pc.lim = &a->lim;
	pc.env = &a->env;
	pc.sink.emit = on_record;
	pc.sink.ctx = a;
	if (a->prof)
		rc = profiled_parse(a, p, &pc);
	else
		rc = p->parse(&pc);
	e->inv->records = pc.nrecords;
	if (rc > 0) {
		/* The parser cannot read such entries (a format support not built in). */
		e->inv->status = INV_SKIPPED;
		inv_set_note(e->inv, "%s", pc.note ? pc.note : p->name);
		free(pc.note);
		record_free(&pc.rec);
		return;
	}
	inv_set_kind(e->inv, p->name);
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
parse_entry(struct analysis *a, const struct bundle_entry *e, struct textin *t)
{
	const struct parser *p;
	const char *head;
	size_t headlen;
	int bid;

	head = textin_head(t, &headlen);
	p = recognise(e->name, head, headlen, &bid);
	if (p == NULL) {
		e->inv->status = INV_SKIPPED;
		inv_set_note(e->inv, "not recognised");
		return;
	}
	run_parser(a, e, t, p);
}

/* Binary entries: only the parsers of binary formats bid, on the raw first bytes. */
static void
parse_binary(struct analysis *a, const struct bundle_entry *e, struct textin *t)
{
	const struct parser *p;
	const unsigned char *raw;
	size_t rawlen;

	raw = textin_raw_head(t, &rawlen);
	p = recognise_raw(e->name, raw, rawlen, NULL);
	if (p == NULL) {
		e->inv->status = INV_SKIPPED;
		inv_set_note(e->inv, "binary");
		return;
	}
	run_parser(a, e, t, p);
}

/* A byte source that times its reads (--profile-rules). */
struct timed_src {
	struct byte_source in;
	uint64_t *ns;
};

static ssize_t
timed_read(void *ctx, void *buf, size_t n)
{
	struct timed_src *ts = ctx;
	uint64_t t0 = mt_clock_ns();
	ssize_t r = ts->in.read(ts->in.ctx, buf, n);

	*ts->ns += mt_clock_ns() - t0;
	return r;
}

static const char *
timed_errmsg(void *ctx)
{
	struct timed_src *ts = ctx;

	return ts->in.errmsg ? ts->in.errmsg(ts->in.ctx) : NULL;
}

static void
on_entry(void *ctx, const struct bundle_entry *e, struct byte_source *src)
{
	struct analysis *a = ctx;
	struct timed_src ts;
	struct byte_source bs = *src;
	struct textin *t;

	if (a->prof) {
		ts.in = *src;
		ts.ns = &a->prof->read_ns;
		bs.read = timed_read;
		bs.errmsg = timed_errmsg;
		bs.ctx = &ts;
	}
	t = textin_open_cp(bs, a->lim.max_line, a->env.codepage);

	if (textin_is_empty(t)) {
		e->inv->status = INV_SKIPPED;
		inv_set_note(e->inv, "empty");
	} else if (textin_is_binary(t)) {
		parse_binary(a, e, t);
	} else {
		inv_set_encoding(e->inv, textin_charset(t));
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
	/* --max-line: the entry was read, but not all of every line. */
	if (textin_cut_lines(t) > 0) {
		e->inv->flags |= INV_F_LIMIT;
		inv_append_note(e->inv, "%llu line%s cut at the %llu-byte line limit",
		    (unsigned long long)textin_cut_lines(t), textin_cut_lines(t) == 1 ? "" : "s",
		    (unsigned long long)(a->lim.max_line ? a->lim.max_line : 65536));
	}
	diag(DIAG_INFO, a->bundle, e->path, 0, "%s%s%s", inv_status_name(e->inv->status),
	    e->inv->kind ? " as " : "", e->inv->kind ? e->inv->kind : "");
	textin_close(t);
	/* The records point at the entry's path, which the walker frees next. */
	if (a->rq != NULL)
		record_queue_drain(a->rq);
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

static double
secs(uint64_t ns)
{
	return (double)ns / 1e9;
}

/* The --profile-rules table: t holds the clock at the start, after the first pass, after
 * the walk and at the end. */
static void
print_profile(const struct analysis *a, const uint64_t *t, FILE *fp)
{
	const struct prof *pf = a->prof;
	uint64_t parsing = 0, rules = a->run ? rule_run_profile_ns(a->run) : 0;
	size_t i;

	for (i = 0; i < pf->nparsers; i++)
		parsing += pf->parser[i].ns;
	fprintf(fp, "marstriage: profile of %s: %.3f s\n", a->bundle, secs(t[3] - t[0]));
	fprintf(fp, "  first pass (zone, locale, host)  %9.3f s\n", secs(t[1] - t[0]));
	fprintf(fp, "  reading (decompression, limits)  %9.3f s\n", secs(pf->read_ns));
	fprintf(fp, "  decoding and parsing             %9.3f s\n", secs(parsing));
	fprintf(fp, "  rules                            %9.3f s\n", secs(rules));
	fprintf(fp, "  walking, other                   %9.3f s\n",
	    secs(t[2] - t[1] - pf->read_ns - parsing - rules));
	fprintf(fp, "  findings and report              %9.3f s\n", secs(t[3] - t[2]));
	fprintf(fp, "  %-24s %8s %10s %11s %9s %8s\n", "parser", "entries", "MB in", "records",
	    "seconds", "MB/s");
	for (i = 0; i < pf->nparsers; i++)
		fprintf(fp, "  %-24s %8llu %10.2f %11llu %9.3f %8.0f\n", pf->parser[i].p->name,
		    (unsigned long long)pf->parser[i].entries, (double)pf->parser[i].bytes / 1e6,
		    (unsigned long long)pf->parser[i].records, secs(pf->parser[i].ns),
		    pf->parser[i].ns ? (double)pf->parser[i].bytes * 1e3 /
		    (double)pf->parser[i].ns : 0.0);
	if (a->run)
		rule_run_profile_print(a->run, fp);
}

/* Walks a bundle on disk (files NULL) or in memory, and builds its report. */
static struct report *
analyse(const char *path, const struct bundle_mem_file *files, size_t nfiles,
    const struct analysis_opts *o)
{
	struct analysis a;
	struct report *rep = xcalloc(1, sizeof *rep);
	struct inventory *inv = inventory_new();
	uint64_t t[4] = {0, 0, 0, 0}, t_pre;

	memset(&a, 0, sizeof a);
	a.o = o;
	a.bundle = path;
	a.run = o->rules ? rule_run_new(o->rules) : NULL;
	a.jobs = jobs_new();
	if (o->profile) {
		a.prof = xcalloc(1, sizeof *a.prof);
		if (a.run)
			rule_run_profile(a.run);
		t[0] = mt_clock_ns();
	}
	rep->bundle = xstrdup(path);
	rep->tool_version = o->tool_version;
	rep->rules_version = xstrdup(o->rules ? ruleset_version(o->rules) : "none");
	rep->inventory = inv;
	/* The zone, locale and host first, so local times and events are read with them. */
	t_pre = mt_clock_ns();
	prepass_run(&a.pp, path, files, nfiles, &o->lim, o->env.codepage);
	/* The two passes share the time budget; the main one gets at least a second. */
	a.lim = o->lim;
	if (a.lim.max_seconds > 0) {
		uint64_t spent = (mt_clock_ns() - t_pre) / 1000000000u;
		a.lim.max_seconds = spent < (uint64_t)a.lim.max_seconds ?
		    a.lim.max_seconds - (int)spent : 1;
	}
	prepass_env(&a.pp, &o->env, &a.env);
	a.facts.zone_note = a.pp.tz_note;
	if (a.prof)
		t[1] = mt_clock_ns();
	/* The profile times reading, parsing and rules one inside the other: it needs them on
	 * one thread, so it does without the pipeline. */
	bundle_read_ahead(o->pipeline && !o->profile, o->read_ahead_min);
	if (o->pipeline && !o->profile) {
		struct record_sink sink = {consume_record, &a};
		a.rq = record_queue_start(sink);
	}
	if (files != NULL)
		bundle_walk_memory(files, nfiles, &a.lim, inv, on_entry, &a);
	else if (bundle_walk(path, &a.lim, inv, on_entry, &a) == BUNDLE_UNREADABLE)
		rep->unreadable = 1;
	bundle_read_ahead(0, 0);
	record_queue_free(a.rq);
	a.rq = NULL;
	if (a.prof)
		t[2] = mt_clock_ns();
	facts_finish(&a.facts, rep);
	jobs_finish(a.jobs, rep);
	jobs_free(a.jobs);
	if (a.run)
		rule_run_finish(a.run, rep);
	if (a.prof) {
		t[3] = mt_clock_ns();
		print_profile(&a, t, stderr);
		free(a.prof);
	}
	rule_run_free(a.run);
	count_totals(rep, a.records);
	facts_free(&a.facts);
	prepass_free(&a.pp);
	return rep;
}

struct report *
analyse_bundle(const char *path, const struct analysis_opts *o)
{
	return analyse(path, NULL, 0, o);
}

struct report *
analyse_memory(const char *name, const struct bundle_mem_file *files, size_t nfiles,
    const struct analysis_opts *o)
{
	static const struct bundle_mem_file none = {"", "", 0, 0};

	return analyse(name, nfiles ? files : &none, nfiles, o);
}
