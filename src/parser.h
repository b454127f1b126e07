/* Parsers are plug-ins that bid: each input kind is one parse_<kind>.c file exporting one
 * const struct parser, listed in the table in recognise.c. */
#ifndef MT_PARSER_H
#define MT_PARSER_H

#include <stdint.h>
#include <stddef.h>
#include "record.h"
#include "textin.h"
#include "limits.h"

struct tzone;

/* What a parser knows about the bundle while it parses (filled by the analysis driver, from
 * the options and from a first pass over the bundle's small command outputs). */
struct parse_env {
	int tz_known;		/* the server's UTC offset is known (--tz, systeminfo...) */
	int tz_offset_min;	/* local = UTC + offset (the standard offset when tz is set) */
	const struct tzone *tz;	/* the zone's DST rules from the tz database, or NULL */
	const char *codepage;	/* code page of legacy text (--codepage or the bundle's
				 * locale), or NULL: Windows-1252, or cp850 when the bytes
				 * look like an OEM code page */
	const char *locale;	/* the server's locale tag ("en-gb"), or NULL */
	const char *host;	/* the bundle's host name (systeminfo, ipconfig), or NULL */
};

/* Converts a local wall-clock time (ms as if it were UTC) with what env knows: quality
 * TQ_ZONE_ASSUMED with the zone's offset at that time applied, else TQ_ZONE_UNKNOWN with
 * ms unchanged. env may be NULL. */
struct rec_time parse_local_time(const struct parse_env *env, int64_t local_ms);
/* The offset (minutes, local = UTC + offset) at a UTC time; 0 when the zone is unknown. */
int parse_env_offset_at(const struct parse_env *env, int64_t utc_ms);
/* How the server writes short dates: 0 month first, 1 day first, 2 year first; -1 when the
 * locale is unknown. */
int parse_env_date_order(const struct parse_env *env);

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
	long line_base;		/* added to every record's line by parse_emit: the line before
				 * a transcript segment in its file */
};

/* Bids are bits of evidence (libarchive's convention): 0 = no, larger = surer. Name globs
 * add a little; content decides. */
struct parser {
	const char *name;		/* record family, shown in the inventory: "mars.log" */
	const char *description;	/* one line for --help */
	const char *const *globs;	/* NULL-terminated name globs that add evidence */
	int (*bid)(const char *name, const char *head, size_t headlen);
	/* Returns 0 when the whole entry was read, -1 when it stopped early (ctx->note says
	 * why; records already emitted stand), 1 when it cannot read such entries at all
	 * (ctx->note says why: the entry is listed as skipped). */
	int (*parse)(struct parse_ctx *ctx);
};

/* Sends ctx->rec to the sink and counts it. Adds ctx->line_base to a record's line, and
 * marks an event recorded on another computer than env->host with `foreign`. */
void parse_emit(struct parse_ctx *ctx);
/* Records why parsing stopped early or what was odd (printf-style, replaces the note). */
void parse_note(struct parse_ctx *ctx, const char *fmt, ...) MT_PRINTF(2, 3);

/* The table, in bidding order (cheap, sure bidders first), NULL-terminated. */
extern const struct parser *const parser_table[];
/* Chooses the parser for an entry; NULL when nobody bids. *bid gets the winning bid. */
const struct parser *recognise(const char *name, const char *head, size_t headlen, int *bid);
/* The same without the parser skip (a transcript recognising its own segments). */
const struct parser *recognise_except(const struct parser *skip, const char *name,
    const char *head, size_t headlen, int *bid);

/* Binary formats: the decoder marks them binary, so instead of the decoded head their
 * parsers bid on the raw first bytes (same scale of bids) and read the entry with
 * textin_read_raw. Listed here rather than as a member of struct parser so that text
 * parsers need not change. */
struct raw_parser {
	const struct parser *parser;
	int (*bid_raw)(const char *name, const unsigned char *head, size_t len);
};
extern const struct raw_parser raw_parser_table[];	/* {NULL, NULL}-terminated */
const struct parser *recognise_raw(const char *name, const unsigned char *head, size_t len,
    int *bid);
/* Adds glob evidence: returns the bonus for name under p's globs. */
int parser_glob_bonus(const struct parser *p, const char *name);

/* The parsers (one parse_<kind>.c each). */
extern const struct parser parser_marslog;
extern const struct parser parser_evtxml;
extern const struct parser parser_winfeature;
extern const struct parser parser_vsswriters;

/* Error codes found in free text, shared by the parsers so every record kind spells them
 * alike: HRESULTs as "0x%08X", short MARS ids (0x1FBD3) as "0x" + upper-case hex. */
#define PARSE_MAX_CODES 32

struct parse_codes {
	size_t n;
	int first_hr;			/* index of the first HRESULT, -1 if none */
	char code[PARSE_MAX_CODES][12];
};

void parse_codes_init(struct parse_codes *c);
/* Adds one code (already spelled as above) unless present; 0x00000000 is ignored. */
void parse_codes_add(struct parse_codes *c, const char *code, int is_hresult);
/* Scans [s, s + n) for "0x" + 8 hex digits, and 8 bare hex digits after "error code:",
 * "hresult:", "hr =" and the like; with short_ids, also "0x" + 1 to 7 hex digits. */
void parse_codes_scan(struct parse_codes *c, const char *s, size_t n, int short_ids);
/* Sets the fields `codes` (space separated) and `hresult` (first HRESULT) if any. */
void parse_codes_set(const struct parse_codes *c, struct record *r);

/* Length of the longest prefix of [s, s + n) that fits max bytes and does not end inside
 * a UTF-8 sequence. */
size_t parse_utf8_cut(const char *s, size_t n, size_t max);
/* Base name of a path ('/' or '\\' separated). */
const char *parse_basename(const char *path);
/* Next line of a bid head from *pos, without its line end; 0 at the end of the head. */
int parse_head_line(const char *head, size_t len, size_t *pos, const char **line, size_t *n);
/* 1 when [s, s + n) is a GUID 8-4-4-4-12 in hex digits: in braces when braced, else bare. */
int parse_is_guid(const char *s, size_t n, int braced);
/* Notes the read error of ctx->in ("read error: ...") and returns -1. */
int parse_read_error(struct parse_ctx *ctx);

#endif
