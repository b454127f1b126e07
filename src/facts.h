/* Bundle facts gathered from the record stream: host name, OS, agent version and time span,
 * in bounded memory. */
#ifndef MT_FACTS_H
#define MT_FACTS_H

#include <stdint.h>
#include "record.h"
#include "report.h"

#define FACTS_MAX_HOSTS 16

struct facts {
	char *host;		/* from systeminfo when present (authoritative) */
	char *ipconfig_host;	/* from ipconfig /all: the next best */
	char *os;
	char *agent_version;
	struct {
		char *name;
		uint64_t count;
	} computers[FACTS_MAX_HOSTS];	/* event Computer values, most common wins */
	int have_time;
	int64_t tmin, tmax;
	int zone_unknown_times;	/* records whose local zone was unknown */
	const char *zone_note;	/* which offset local times got (not owned), or NULL */
};

void facts_feed(struct facts *f, const struct record *r);
/* Moves what is known into rep (host, os, agent version, time span, tz note). */
void facts_finish(struct facts *f, struct report *rep);
void facts_free(struct facts *f);

#endif
