/* Fuzz target: the event XML reader alone (wevtutil and Event Viewer exports), with a
 * dictionary of its markup. Oracles: every event record serialises to valid JSON, and a
 * document holding a DOCTYPE never yields an entity's expansion. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "limits.h"
#include "memsrc.h"
#include "oracle.h"
#include "parser.h"
#include "textin.h"
#include "util.h"

static int saw_marker;

/* The sink: the JSON check, and a look for the text only an expanded entity could give. */
static void
emit(void *ctx, const struct record *r)
{
	size_t i;

	memsrc_check_record(ctx, r);
	for (i = 0; i < r->nfields; i++)
		if (strstr(record_field_value(r, i), "EXPANDED-ENTITY") != NULL)
			saw_marker = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct limits lim;
	static const struct parse_env env;
	struct memsrc m;
	struct byte_source bs = memsrc_open(&m, data, size);
	struct parse_ctx pc;

	limits_default(&lim);
	memset(&pc, 0, sizeof pc);
	pc.bundle = "fuzz.zip";
	pc.entry = "Application.xml";
	pc.in = textin_open(bs, 0);
	pc.lim = &lim;
	pc.env = &env;
	pc.sink.emit = emit;
	saw_marker = 0;
	(void)parser_evtxml.parse(&pc);
	/* The dictionary defines an entity whose text is the marker; it must stay unexpanded
	 * unless the marker was in the input as plain text. */
	if (saw_marker && mt_memmem((const char *)data, size, "EXPANDED-ENTITY", 15) == NULL)
		oracle_fail("an entity was expanded");
	free(pc.note);
	record_free(&pc.rec);
	textin_close(pc.in);
	return 0;
}
