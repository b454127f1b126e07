/* Fuzz target: every parser of the parser table (the command-output parsers, the agent logs,
 * the event exports) and the bidding that picks one. The first byte chooses the parser (the
 * winning bidder, or any), the second the entry name and the time zone facts; the rest is
 * the entry. Oracle: every record
 * serialises to valid JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "limits.h"
#include "memsrc.h"
#include "oracle.h"
#include "parser.h"
#include "textin.h"

/* Names that the parsers' globs favour, so the bidding sees realistic ties. */
static const char *const names[] = {
	"CBEngineCurr.errlog", "Application.xml", "systeminfo.txt", "vssadmin_list_writers.txt",
	"Get-WindowsFeature.txt", "wbadmin_get_versions.txt", "Security.evtx", "services.txt",
	"ipconfig.txt", "reg_query.txt", "diskpart.txt", "unknown.bin",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct limits lim;
	struct parse_env env;
	struct memsrc m;
	struct byte_source bs;
	struct parse_ctx pc;
	const struct parser *p;
	const char *name, *head;
	size_t n, hl;
	int bid;

	if (size < 2)
		return 0;
	for (n = 0; parser_table[n] != NULL; n++)
		;
	limits_default(&lim);
	memset(&env, 0, sizeof env);
	env.tz_known = data[1] & 1;
	env.tz_offset_min = (data[1] & 2) ? -480 : 60;
	name = names[(data[1] >> 2) % (sizeof names / sizeof names[0])];
	bs = memsrc_open(&m, data + 2, size - 2);
	memset(&pc, 0, sizeof pc);
	pc.bundle = "fuzz.zip";
	pc.entry = name;
	pc.mtime = 1773576000;
	pc.in = textin_open(bs, 4096);
	pc.lim = &lim;
	pc.env = &env;
	pc.sink.emit = memsrc_check_record;
	head = textin_head(pc.in, &hl);
	/* An even first byte: the parser the bidding picks, as marstriage runs it; odd: any. */
	p = recognise(name, head, hl, &bid);
	if (data[0] & 1)
		p = parser_table[(data[0] >> 1) % n];
	if (p != NULL) {
		(void)p->bid(name, head, hl);
		(void)p->parse(&pc);
	}
	free(pc.note);
	record_free(&pc.rec);
	textin_close(pc.in);
	return 0;
}
