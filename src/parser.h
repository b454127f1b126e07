/* Parsers are plug-ins that bid: each input kind is one parse_<kind>.c file exporting one
 * const struct parser, listed in the table in recognise.c. */
#ifndef MT_PARSER_H
#define MT_PARSER_H

#include <stdint.h>
#include <stddef.h>
#include "record.h"
#include "textin.h"
#include "limits.h"

/* What a parser knows about the bundle while it parses (filled by the analysis driver). */
struct parse_env {
	int tz_known;		/* the server's UTC offset is known (--tz, systeminfo...) */
	int tz_offset_min;	/* local = UTC + offset */
};

struct parse_ctx {
	const char *bundle;	/* bundle path, for messages */
	const char *entry;	/* entry display path */
	int64_t mtime;		/* entry mtime (seconds), 0 if unknown: gives MARS log years */
	struct textin *in;
	const struct limits *lim;
	const struct parse_env *env;
	struct record rec;	/* scratch record the parser fills and emits */
	struct record_sink sink;
	uint64_t nrecords;	/* counted by parse_emit */
	char *note;		/* set by the parser via parse_note() for partial results */
};

/* Bids are bits of evidence (libarchive's convention): 0 = no, larger = surer. Name globs
 * add a little; content decides. */
struct parser {
	const char *name;		/* record family, shown in the inventory: "mars.log" */
	const char *description;	/* one line for --help */
	const char *const *globs;	/* NULL-terminated name globs that add evidence */
	int (*bid)(const char *name, const char *head, size_t headlen);
	/* Returns 0 when the whole entry was read, -1 when it stopped early (ctx->note says
	 * why; records already emitted stand). */
	int (*parse)(struct parse_ctx *ctx);
};

/* Sends ctx->rec to the sink and counts it. */
void parse_emit(struct parse_ctx *ctx);
/* Records why parsing stopped early or what was odd (printf-style, replaces the note). */
void parse_note(struct parse_ctx *ctx, const char *fmt, ...) MT_PRINTF(2, 3);

/* The table, in bidding order (cheap, sure bidders first), NULL-terminated. */
extern const struct parser *const parser_table[];
/* Chooses the parser for an entry; NULL when nobody bids. *bid gets the winning bid. */
const struct parser *recognise(const char *name, const char *head, size_t headlen, int *bid);
/* Adds glob evidence: returns the bonus for name under p's globs. */
int parser_glob_bonus(const struct parser *p, const char *name);

#endif
