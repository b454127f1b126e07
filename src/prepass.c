/* The first pass over a bundle: reads the entries that recognise as systeminfo, tzutil or
 * ipconfig output (alone or inside a transcript), and nothing else past their first bytes,
 * to learn the server's time zone, locale and host name. Its messages are muted: the full
 * pass repeats them. */
#include <stdlib.h>
#include <string.h>
#include "bundle.h"
#include "diag.h"
#include "parsers_event.h"
#include "parsers_more.h"
#include "prepass.h"
#include "textin.h"
#include "tzone.h"

#define PREPASS_SECONDS 60	/* the pass is one of two: it gets a share of the budget */

struct pre {
	struct prepass *pp;
	const struct limits *lim;
	const char *codepage;
};

static void
keep(char **slot, const char *v)
{
	if (*slot == NULL && v != NULL && *v != '\0')
		*slot = xstrdup(v);
}

static void
on_pre_record(void *ctx, const struct record *r)
{
	struct prepass *pp = ctx;
	const char *v;

	if (strcmp(r->kind, "system") == 0) {
		/* The first systeminfo is the server's; the host of ipconfig gives way to it. */
		if (pp->seen_system)
			return;
		pp->seen_system = 1;
		if ((v = record_get(r, "host")) != NULL && *v) {
			free(pp->host);
			pp->host = xstrdup(v);
		}
		keep(&pp->tz_display, record_get(r, "time_zone"));
		keep(&pp->locale, record_get(r, "locale"));
	} else if (strcmp(r->kind, "timezone") == 0) {
		if (pp->zone_id == NULL && (v = record_get(r, "zone_id")) && *v) {
			pp->zone_id = xstrdup(v);
			v = record_get(r, "dst_disabled");
			pp->dst_off = v && strcmp(v, "yes") == 0;
		}
	} else if (strcmp(r->kind, "network.ipconfig") == 0)
		keep(&pp->host, record_get(r, "host"));
}

static void
on_pre_entry(void *ctx, const struct bundle_entry *e, struct byte_source *src)
{
	struct pre *pr = ctx;
	struct textin *t = textin_open_cp(*src, pr->lim->max_line, pr->codepage);
	const struct parser *p;
	struct parse_ctx pc;
	const char *head;
	size_t len;

	e->inv->status = INV_SKIPPED;
	if (textin_is_empty(t) || textin_is_binary(t)) {
		textin_close(t);
		return;
	}
	head = textin_head(t, &len);
	p = recognise(e->name, head, len, NULL);
	if (p == &parser_systeminfo || p == &parser_timecfg || p == &parser_network ||
	    p == &parser_transcript) {
		memset(&pc, 0, sizeof pc);
		pc.bundle = "";
		pc.entry = e->path;
		pc.mtime = e->mtime;
		pc.in = t;
		pc.lim = pr->lim;
		pc.sink.emit = on_pre_record;
		pc.sink.ctx = pr->pp;
		p->parse(&pc);
		free(pc.note);
		record_free(&pc.rec);
	}
	textin_close(t);
}

void
prepass_run(struct prepass *pp, const char *path, const struct bundle_mem_file *files,
    size_t nfiles, const struct limits *lim, const char *codepage)
{
	struct inventory *scratch = inventory_new();
	struct limits l = *lim;
	struct pre pr;

	memset(pp, 0, sizeof *pp);
	if (l.max_seconds <= 0 || l.max_seconds > PREPASS_SECONDS)
		l.max_seconds = PREPASS_SECONDS;
	pr.pp = pp;
	pr.lim = &l;
	pr.codepage = codepage;
	diag_mute(1);
	if (files != NULL)
		bundle_walk_memory(files, nfiles, &l, scratch, on_pre_entry, &pr);
	else
		bundle_walk(path, &l, scratch, on_pre_entry, &pr);
	diag_mute(0);
	inventory_free(scratch);
}

/* Console code pages of locales whose text is not Western European. */
static const struct {
	const char *tag;
	const char *codepage;
} locale_pages[] = {
	{"ja", "cp932"},
	{"zh-tw", "cp950"}, {"zh-hk", "cp950"}, {"zh-mo", "cp950"}, {"zh-hant", "cp950"},
	{"zh", "cp936"},
	{"ko", "cp949"},
	{"ru", "cp866"}, {"uk", "cp866"}, {"be", "cp866"}, {"bg", "cp866"}, {"kk", "cp866"},
	{"mk", "cp866"}, {"sr-cyrl", "cp866"},
	{"pl", "cp852"}, {"cs", "cp852"}, {"sk", "cp852"}, {"hu", "cp852"}, {"hr", "cp852"},
	{"sl", "cp852"}, {"ro", "cp852"}, {"bs", "cp852"}, {"sr", "cp852"},
	{"el", "cp737"},
	{"tr", "cp857"}, {"az", "cp857"},
	{"he", "cp862"},
	{"th", "cp874"},
	{"vi", "cp1258"},
	{"lt", "cp775"}, {"lv", "cp775"}, {"et", "cp775"},
};

const char *
prepass_locale_codepage(const char *locale)
{
	size_t i, n;

	if (locale == NULL)
		return NULL;
	for (i = 0; i < MT_ARRAY_LEN(locale_pages); i++) {
		n = strlen(locale_pages[i].tag);
		if (ascii_ncasecmp(locale, locale_pages[i].tag, n) == 0 &&
		    (locale[n] == '\0' || locale[n] == '-' || locale[n] == '_'))
			return locale_pages[i].codepage;
	}
	return NULL;
}

static char *
offset_text(int m)
{
	int a = m < 0 ? -m : m;

	return xasprintf("UTC%c%02d:%02d", m < 0 ? '-' : '+', a / 60, a % 60);
}

/* Loads the rules of a Windows zone id; NULL when unknown or not installed. */
static struct tzone *
load_windows(const char *win, const char **iana)
{
	*iana = win ? tzone_windows_to_iana(win) : NULL;
	return *iana ? tzone_load(*iana, NULL) : NULL;
}

void
prepass_env(struct prepass *pp, const struct parse_env *given, struct parse_env *env)
{
	const char *win = NULL, *iana = NULL, *from = NULL;
	char *off;
	int m;

	*env = *given;
	if (env->codepage == NULL)
		env->codepage = prepass_locale_codepage(pp->locale);
	if (env->locale == NULL)
		env->locale = pp->locale;
	if (env->host == NULL)
		env->host = pp->host;
	free(pp->tz_note);
	pp->tz_note = NULL;
	if (given->tz_known) {
		off = offset_text(given->tz_offset_min);
		pp->tz_note = xasprintf("local times converted with %s (--tz)", off);
		free(off);
		return;
	}
	if (pp->zone_id && (pp->tz = load_windows(pp->zone_id, &iana)) != NULL) {
		win = pp->zone_id;
		from = "tzutil";
	} else if (pp->tz_display &&
	    (win = tzone_display_to_windows(pp->tz_display, strlen(pp->tz_display))) != NULL &&
	    (pp->tz = load_windows(win, &iana)) != NULL)
		from = "systeminfo";
	if (pp->tz != NULL) {
		env->tz_known = 1;
		env->tz_offset_min = tzone_std_offset(pp->tz);
		off = offset_text(env->tz_offset_min);
		if (pp->dst_off && from[0] == 't') {
			/* tzutil's _dstoff: the zone's standard offset all year. */
			pp->tz_note = xasprintf("local times converted with %s, the standard offset "
			    "of %s (%s says daylight saving time is off)", off, win, from);
			tzone_free(pp->tz);
			pp->tz = NULL;
		} else if (tzone_has_dst(pp->tz)) {
			env->tz = pp->tz;
			pp->tz_note = xasprintf("local times converted with %s (%s, %s, daylight "
			    "saving time applied; from %s)", off, win, iana, from);
		} else
			pp->tz_note = xasprintf("local times converted with %s (%s, %s; from %s)",
			    off, win, iana, from);
		free(off);
		return;
	}
	if (pp->tz_display && tzone_display_offset(pp->tz_display, strlen(pp->tz_display),
	    &m) == 0) {
		env->tz_known = 1;
		env->tz_offset_min = m;
		off = offset_text(m);
		pp->tz_note = xasprintf("local times converted with %s, the offset of "
		    "systeminfo's time zone; daylight saving time, if the zone has it, is not "
		    "applied", off);
		free(off);
	}
}

void
prepass_free(struct prepass *pp)
{
	free(pp->host);
	free(pp->zone_id);
	free(pp->tz_display);
	free(pp->locale);
	free(pp->tz_note);
	tzone_free(pp->tz);
	memset(pp, 0, sizeof *pp);
}
