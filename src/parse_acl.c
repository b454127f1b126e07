/* Parser for icacls and cacls listings: one acl record per access control entry, and an
 * acl.denied record where the tool could not read a path (an inconclusive result, not a
 * finding). */
#include <stdlib.h>
#include <string.h>
#include "parsers_backup.h"

#define EXCERPT_MAX	1024
#define LINE_MAX_KEEP	2048	/* bytes of a first line kept until the next one is seen */
#define PATH_MAX_KEEP	1024

#define BID_SUMMARY	24	/* "Successfully processed N files; Failed processing M files" */
#define BID_ACE		16	/* first line with an icacls/cacls ACE */
#define BID_MORE	4
#define BID_DENIED	8
#define BID_MAX		64

/* Principals that begin an ACE; they let a single-ACE line be split from a path with spaces. */
static const char *const principals[] = {
	"NT AUTHORITY\\", "BUILTIN\\", "NT SERVICE\\", "CREATOR OWNER", "CREATOR GROUP",
	"Everyone", "APPLICATION PACKAGE AUTHORITY\\", "ALL APPLICATION PACKAGES",
	"ALL RESTRICTED APPLICATION PACKAGES", "Mandatory Label\\", "Window Manager\\",
	"AUTORITE NT\\", "NT-AUTORIT\xc3\x84T\\", "VORDEFINIERT\\", "AUTORIDAD NT\\",
	"AUTORIDADE NT\\", "S-1-", NULL
};

static const char denied[] = "Access is denied.";

struct acl {
	char first[LINE_MAX_KEEP];	/* a first line whose path end is not known yet */
	size_t firstlen;
	long firstline;
	char path[PATH_MAX_KEEP];	/* the path of the listing being read */
	size_t pathlen;
	size_t indent;			/* code points before its continuation ACEs */
};

static int
is_rights_char(char c)
{
	return (c >= 'A' && c <= 'Z') || c == ',';
}

/* Rights as icacls or cacls print them: "(OI)(CI)(F)", "(RX)", "(OI)(CI)F", "F". */
static int
rights_shape(const char *s, size_t n)
{
	size_t i = 0, st;

	if (n == 0)
		return 0;
	while (i < n && s[i] == '(') {
		st = ++i;
		while (i < n && is_rights_char(s[i]))
			i++;
		if (i == st || i >= n || s[i] != ')')
			return 0;
		i++;
	}
	if (i == n)
		return s[n - 1] == ')';
	/* cacls: one trailing letter after the flags */
	return i + 1 == n && strchr("RWCFN", s[i]) != NULL;
}

/* Offset of the ':' between principal and rights in [s, s + n), or 0 when the line holds no
 * ACE. The drive colon at offset 1 is skipped. */
static size_t
ace_sep(const char *s, size_t n)
{
	size_t i;

	for (i = 2; i < n; i++)
		if (s[i] == ':' && rights_shape(s + i + 1, n - i - 1))
			return i;
	return 0;
}

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);

	return n >= l && ascii_ncasecmp(s + n - l, suffix, l) == 0;
}

static int
acl_bid(const char *name, const char *head, size_t headlen)
{
	const char *l;
	size_t ll, pos = 0;
	int bid = 0, aces = 0, summary = 0, den = 0;

	(void)name;
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		trim_span(&l, &ll);
		if (has_prefix(l, ll, "Successfully processed ") &&
		    ascii_casestr(l, ll, "; Failed processing "))
			summary = 1;
		else if (ace_sep(l, ll))
			aces++;
		else if (ends_with(l, ll, denied) && ll > sizeof denied)
			den = 1;
	}
	if (summary)
		bid = BID_SUMMARY;
	if (aces)
		bid += BID_ACE + (aces - 1) * BID_MORE;
	if (bid && den)
		bid += BID_DENIED;
	else if (summary == 0 && aces == 0 && den)
		bid = 0;	/* a denial alone is any tool's message */
	return bid > BID_MAX ? BID_MAX : bid;
}

static void
emit_ace(struct parse_ctx *ctx, long line, const char *excerpt, size_t exlen, const char *path,
    size_t pathlen, const char *ace, size_t acelen)
{
	size_t sep = ace_sep(ace, acelen);
	const char *rights = ace + sep + 1;
	size_t rl = acelen - sep - 1;
	int full;

	if (sep == 0)
		return;
	full = mt_memmem(rights, rl, "(F)", 3) != NULL ||
	    (rights[rl - 1] == 'F' && (rl == 1 || rights[rl - 2] == ')'));
	record_begin(&ctx->rec, "acl", ctx->entry, line);
	record_set_excerpt(&ctx->rec, excerpt, parse_utf8_cut(excerpt, exlen, EXCERPT_MAX));
	record_set(&ctx->rec, "path", path, pathlen);
	record_set(&ctx->rec, "principal", ace, sep);
	record_set(&ctx->rec, "rights", rights, rl);
	record_sets(&ctx->rec, "full_control", full ? "yes" : "no");
	record_sets(&ctx->rec, "inherited", mt_memmem(rights, rl, "(I)", 3) ||
	    mt_memmem(rights, rl, "(ID)", 4) ? "yes" : "no");
	record_sets(&ctx->rec, "deny", mt_memmem(rights, rl, "(DENY)", 6) ? "yes" : "no");
	parse_emit(ctx);
}

/* Where the principal starts in "<path> <principal>" (the text before the ACE's ':'), when
 * no continuation line told the path's length. */
static size_t
principal_start(const char *s, size_t n)
{
	size_t i, k, l, best = 0;

	for (i = 1; i < n && best == 0; i++) {
		if (s[i - 1] != ' ')
			continue;
		for (k = 0; principals[k]; k++) {
			l = strlen(principals[k]);
			if (i + l <= n && ascii_ncasecmp(s + i, principals[k], l) == 0) {
				best = i;
				break;
			}
		}
	}
	if (best)
		return best;
	/* DOMAIN\name: the domain has no spaces, so the split is the space before the last
	 * backslash; without a backslash, the last space. */
	for (i = n; i > 0 && s[i - 1] != '\\'; i--)
		;
	if (i == 0)
		i = n;
	for (; i > 0 && s[i - 1] != ' '; i--)
		;
	return i;
}

/* Emits the held first line, split by the principal heuristics. */
static void
first_flush(struct parse_ctx *ctx, struct acl *a)
{
	size_t sep, ps, pl;

	if (a->firstlen == 0)
		return;
	sep = ace_sep(a->first, a->firstlen);
	ps = principal_start(a->first, sep);
	pl = ps;
	while (pl > 0 && a->first[pl - 1] == ' ')
		pl--;
	if (ps > 0 && pl > 0) {
		a->pathlen = parse_utf8_cut(a->first, pl, sizeof a->path);
		memcpy(a->path, a->first, a->pathlen);
		emit_ace(ctx, a->firstline, a->first, a->firstlen, a->path, a->pathlen,
		    a->first + ps, a->firstlen - ps);
	}
	a->firstlen = 0;
}

static void
denied_line(struct parse_ctx *ctx, struct acl *a, const char *s, size_t n)
{
	size_t pl = n - strlen(denied);

	record_begin(&ctx->rec, "acl.denied", ctx->entry, textin_lineno(ctx->in));
	record_set_excerpt(&ctx->rec, s, parse_utf8_cut(s, n, EXCERPT_MAX));
	while (pl > 0 && (s[pl - 1] == ' ' || s[pl - 1] == ':'))
		pl--;
	if (pl > 0)
		record_set(&ctx->rec, "path", s, pl);
	else
		record_set(&ctx->rec, "path", a->path, a->pathlen);
	parse_emit(ctx);
}

static void
acl_line(struct parse_ctx *ctx, struct acl *a, const char *s, size_t n)
{
	const char *t = s;
	size_t tl = n, ind, indcp, cut;

	trim_span(&t, &tl);
	ind = (size_t)(t - s);
	if (tl == 0 || (has_prefix(t, tl, "Successfully processed ") &&
	    ascii_casestr(t, tl, "; Failed processing "))) {
		first_flush(ctx, a);
		a->pathlen = 0;
		return;
	}
	if (ends_with(t, tl, denied)) {
		first_flush(ctx, a);
		denied_line(ctx, a, t, tl);
		return;
	}
	if (ind > 0 && ace_sep(t, tl) && (a->firstlen || a->pathlen)) {
		indcp = cmdout_cp_count(s, ind);
		if (a->firstlen) {
			/* The continuation's indent is the path's length plus one. */
			cut = cmdout_cp_offset(a->first, a->firstlen, indcp);
			if (indcp >= 2 && cut < a->firstlen && a->first[cut - 1] == ' ') {
				a->pathlen = parse_utf8_cut(a->first, cut - 1, sizeof a->path);
				memcpy(a->path, a->first, a->pathlen);
				emit_ace(ctx, a->firstline, a->first, a->firstlen, a->path,
				    a->pathlen, a->first + cut, a->firstlen - cut);
				a->firstlen = 0;
			} else
				first_flush(ctx, a);
		}
		emit_ace(ctx, textin_lineno(ctx->in), t, tl, a->path, a->pathlen, t, tl);
		return;
	}
	if (ind == 0 && ace_sep(t, tl)) {
		first_flush(ctx, a);
		a->firstlen = parse_utf8_cut(t, tl, sizeof a->first);
		memcpy(a->first, t, a->firstlen);
		a->firstline = textin_lineno(ctx->in);
		a->pathlen = 0;
		return;
	}
	first_flush(ctx, a);
}

static int
acl_parse(struct parse_ctx *ctx)
{
	struct acl *a = xcalloc(1, sizeof *a);
	const char *line;
	size_t len;
	int rc;

	while ((rc = cmdout_getline(ctx, &line, &len)) == 1)
		acl_line(ctx, a, line, len);
	first_flush(ctx, a);
	free(a);
	return rc < 0 ? -1 : 0;
}

static const char *const acl_globs[] = {
	"*icacls*", "*cacls*", "*acl*", "*System Volume Information*", NULL
};

const struct parser parser_acl = {
	"acl",
	"icacls and cacls permission listings",
	acl_globs,
	acl_bid,
	acl_parse
};
