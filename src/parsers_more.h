/* The parsers for system, service, registry, time, network and command-error outputs, and the
 * command-error reader they share (parse_pserror.c). */
#ifndef MT_PARSERS_MORE_H
#define MT_PARSERS_MORE_H

#include <stddef.h>
#include "parser.h"

extern const struct parser parser_systeminfo;	/* systeminfo (list and CSV), any language */
extern const struct parser parser_schtask;	/* Task Scheduler XML, schtasks, Get-ScheduledTask */
extern const struct parser parser_service;	/* sc query/qc, Get-Service, Win32_Service */
extern const struct parser parser_registry;	/* reg query, regedit .reg exports */
extern const struct parser parser_timecfg;	/* tzutil /g, w32tm /query /status */
extern const struct parser parser_network;	/* ipconfig, netsh winhttp, Test-NetConnection */
extern const struct parser parser_pserror;	/* PowerShell error blocks, sc/net/reg failures */

/*
 * The command-error reader: recognises, line by line, the error blocks that console captures
 * hold between (or instead of) a command's normal output, and turns each into one
 * command.error record. It keeps its own bounded copy of a block, so a parser can feed it
 * every line while it builds a record of its own in ctx->rec.
 *
 * Use: cmderr_init once; for each line call cmderr_line; whenever cmderr_ready is then true,
 * finish (emit) the record being built in ctx->rec, and call cmderr_emit, which uses
 * ctx->rec for the error records. At the end of input call cmderr_finish, then the same.
 */
#define CMDERR_TEXT_MAX	1024

struct cmderr_block {
	int form;			/* which shape of error; 0 = none */
	long line;			/* line of its first line */
	int nlines;			/* message lines read */
	int blanks;			/* blank lines met while waiting for a message */
	char command[128];
	char message[CMDERR_TEXT_MAX];
	char category[512];		/* CategoryInfo as written */
	char error_id[256];		/* FullyQualifiedErrorId */
	char operation[64];		/* the failing call of sc ("OpenService") */
	char code[16];			/* Win32 error number of sc and net */
	char excerpt[CMDERR_TEXT_MAX];
};

struct cmderr {
	int state;
	const char *default_command;	/* for "ERROR: ..." lines, NULL if unknown */
	struct cmderr_block cur;
	int ndone;
	struct cmderr_block done[2];
};

/* default_command names the tool whose "ERROR: ..." lines this file holds ("reg"), or NULL. */
void cmderr_init(struct cmderr *e, const char *default_command);
/* Feeds one line (lineno as textin_lineno gives it). Returns 1 when the line is part of an
 * error and should not be read as the caller's own content, 0 otherwise. */
int cmderr_line(struct cmderr *e, const char *s, size_t n, long lineno);
/* Ends input: a block still open is completed if it is complete enough to be an error. */
void cmderr_finish(struct cmderr *e);
/* 1 when completed errors wait for cmderr_emit. */
int cmderr_ready(const struct cmderr *e);
/* Emits the completed errors through ctx (overwriting ctx->rec). */
void cmderr_emit(struct cmderr *e, struct parse_ctx *ctx);

/* Bid for error blocks in a head (used by parser_pserror). */
int cmderr_bid(const char *head, size_t headlen);

#endif
