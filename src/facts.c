/* Bundle facts gathered from the record stream: host name, OS, agent version and time span. */
#include <stdlib.h>
#include <string.h>
#include "facts.h"
#include "timeparse.h"
#include "util.h"

static void
keep_first(char **slot, const char *v)
{
	if (*slot == NULL && v != NULL && *v != '\0')
		*slot = xstrdup(v);
}

static void
count_computer(struct facts *f, const char *name)
{
	size_t i;

	for (i = 0; i < FACTS_MAX_HOSTS && f->computers[i].name; i++)
		if (ascii_casecmp(f->computers[i].name, name) == 0) {
			f->computers[i].count++;
			return;
		}
	if (i < FACTS_MAX_HOSTS) {
		f->computers[i].name = xstrdup(name);
		f->computers[i].count = 1;
	}
}

void
facts_feed(struct facts *f, const struct record *r)
{
	const char *v;

	if (strcmp(r->kind, "system") == 0) {
		keep_first(&f->host, record_get(r, "host"));
		keep_first(&f->os, record_get(r, "os_name"));
	} else if (strcmp(r->kind, "network.ipconfig") == 0) {
		keep_first(&f->ipconfig_host, record_get(r, "host"));
	} else if (strcmp(r->kind, "event") == 0 && (v = record_get(r, "computer")) && *v) {
		count_computer(f, v);
	} else if (strcmp(r->kind, "agent") == 0) {
		keep_first(&f->agent_version, record_get(r, "version"));
	}
	if (r->time.q == TQ_NONE)
		return;
	if (r->time.q == TQ_ZONE_UNKNOWN)
		f->zone_unknown_times = 1;
	if (!f->have_time || r->time.ms < f->tmin)
		f->tmin = r->time.ms;
	if (!f->have_time || r->time.ms > f->tmax)
		f->tmax = r->time.ms;
	f->have_time = 1;
}

void
facts_finish(struct facts *f, struct report *rep)
{
	char iso[25];
	size_t i, best = 0;

	if (f->host == NULL && f->ipconfig_host) {
		f->host = f->ipconfig_host;
		f->ipconfig_host = NULL;
	}
	if (f->host == NULL && f->computers[0].name) {
		for (i = 1; i < FACTS_MAX_HOSTS && f->computers[i].name; i++)
			if (f->computers[i].count > f->computers[best].count)
				best = i;
		f->host = xstrdup(f->computers[best].name);
	}
	rep->host = f->host;
	rep->os = f->os;
	rep->agent_version = f->agent_version;
	f->host = f->os = f->agent_version = NULL;
	if (f->have_time) {
		format_iso8601(f->tmin, iso);
		rep->time_first = xstrdup(iso);
		format_iso8601(f->tmax, iso);
		rep->time_last = xstrdup(iso);
	}
	if (f->zone_note)
		rep->tz_note = xstrdup(f->zone_note);
	else if (f->zone_unknown_times)
		rep->tz_note = xstrdup("the server's time zone is unknown: agent log times are "
		    "shown as written (give --tz to convert them)");
}

void
facts_free(struct facts *f)
{
	size_t i;

	free(f->host);
	free(f->ipconfig_host);
	free(f->os);
	free(f->agent_version);
	for (i = 0; i < FACTS_MAX_HOSTS; i++)
		free(f->computers[i].name);
	memset(f, 0, sizeof *f);
}
