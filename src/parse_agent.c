/* Parser for outputs that state the MARS agent's version: report lines such as
 * "MARS Version : 2.0.9085.0", listings of the agent's bin folder that show cbengine.exe
 * with its file version (Get-Item/Get-ChildItem VersionInfo tables and lists, wmic datafile),
 * and the helpers that other parsers use to emit the same `agent` record. */
#include <string.h>
#include "parser.h"
#include "parsers_event.h"

#define EXCERPT_MAX	512
#define BID_LABEL	24	/* "MARS Version : x" */
#define BID_LISTING	16	/* cbengine.exe beside a version */
#define BID_MORE	8

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A version "a.b.c.d" (three or four parts of 1 to 5 digits) at s; returns its length. */
static size_t
version_at(const char *s, size_t n)
{
	size_t i = 0, k;
	int parts = 0;

	for (;;) {
		for (k = 0; i < n && is_digit(s[i]) && k < 6; i++, k++)
			;
		if (k == 0 || k > 5)
			return 0;
		parts++;
		if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1]) && parts < 4) {
			i++;
			continue;
		}
		break;
	}
	if (parts < 3 || (i < n && (is_digit(s[i]) || s[i] == '.' || s[i] == '_' ||
	    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))))
		return 0;
	return i;
}

/* The first version-shaped token of the span, not glued to a preceding word. */
static size_t
find_version(const char *s, size_t n, const char **at)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.' ||
		    (s[i - 1] >= 'A' && s[i - 1] <= 'Z') || (s[i - 1] >= 'a' && s[i - 1] <= 'z'))))
			continue;
		if ((k = version_at(s + i, n - i)) > 0) {
			*at = s + i;
			return k;
		}
	}
	return 0;
}

int
agent_is_version(const char *s, size_t n)
{
	return n > 0 && version_at(s, n) == n;
}

size_t
agent_version_in(const char *s, size_t n, const char **at)
{
	const char *p = s, *end = s + n, *v;
	size_t k;

	/* "version", blanks, at most one of ':' '=' '-', blanks, an optional quote or bracket
	 * and "v", then the version. */
	while ((p = ascii_casestr(p, (size_t)(end - p), "version")) != NULL) {
		p += 7;
		v = p;
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		if (v < end && (*v == ':' || *v == '=' || *v == '-'))
			v++;
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		if (v < end && (*v == '"' || *v == '\'' || *v == '[' || *v == '('))
			v++;
		if (v < end && (*v == 'v' || *v == 'V'))
			v++;
		if ((k = version_at(v, (size_t)(end - v))) > 0) {
			*at = v;
			return k;
		}
	}
	return 0;
}

void
agent_emit(struct parse_ctx *ctx, const char *version, size_t n, const char *source,
    long line, const char *excerpt, size_t elen)
{
	record_begin(&ctx->rec, "agent", ctx->entry, line);
	record_set(&ctx->rec, "version", version, n);
	record_sets(&ctx->rec, "source", source);
	if (excerpt != NULL)
		record_set_excerpt(&ctx->rec, excerpt, parse_utf8_cut(excerpt, elen, EXCERPT_MAX));
	parse_emit(ctx);
}

/* "MARS Version : 2.0.9085.0", "Agent version: ...", "Microsoft Azure Recovery Services
 * Agent Version = ...": a label naming the agent, then the version. */
static size_t
label_version(const char *s, size_t n, const char **at)
{
	const char *colon = memchr(s, ':', n), *eq = memchr(s, '=', n), *sep;
	size_t ll;

	sep = colon && (!eq || colon < eq) ? colon : eq;
	if (sep == NULL)
		return 0;
	ll = (size_t)(sep - s);
	if (ll > 64 || !ascii_casestr(s, ll, "version") || !(ascii_casestr(s, ll, "MARS") ||
	    ascii_casestr(s, ll, "agent") || ascii_casestr(s, ll, "Recovery Services") ||
	    ascii_casestr(s, ll, "Azure Backup")))
		return 0;
	if (ascii_casestr(s, ll, "guest agent") || ascii_casestr(s, ll, "VM agent"))
		return 0;	/* the Azure VM agent is another program */
	return agent_version_in(s, n, at);
}

static int
agent_bid(const char *name, const char *head, size_t headlen)
{
	const char *l, *at;
	size_t pos = 0, n;
	int bid = 0, cb = 0, label = 0;

	(void)name;
	while (parse_head_line(head, headlen, &pos, &l, &n)) {
		if (label_version(l, n, &at))
			label = label ? label + BID_MORE : BID_LABEL;
		else if (ascii_casestr(l, n, "cbengine.exe")) {
			cb = 1;
			if (find_version(l, n, &at))
				bid = bid ? bid : BID_LISTING;
		}
	}
	if (cb && bid == 0 && (ascii_casestr(head, headlen, "FileVersion") ||
	    ascii_casestr(head, headlen, "ProductVersion") ||
	    mt_memmem(head, headlen, "Version\r\n", 9) || mt_memmem(head, headlen, "Version\n", 8)))
		bid = BID_LISTING;
	bid += label;
	return bid > 64 ? 64 : bid;
}

/* State of a Format-List block or wmic table: a version seen, waiting for cbengine.exe. */
struct block {
	char version[32];
	char text[128];		/* the version's line, for the excerpt */
	long line;
	int cbengine;
	int after_header;	/* the previous line was wmic's "Version" heading */
};

static void
block_end(struct parse_ctx *ctx, struct block *b)
{
	if (b->version[0] && b->cbengine)
		agent_emit(ctx, b->version, strlen(b->version), "file-listing", b->line, b->text,
		    strlen(b->text));
	memset(b, 0, sizeof *b);
}

static int
agent_parse(struct parse_ctx *ctx)
{
	struct block b;
	const char *line, *at, *s;
	size_t len, k, n;
	int rc, mentions = 0;

	memset(&b, 0, sizeof b);
	while ((rc = textin_getline(ctx->in, &line, &len)) == 1) {
		s = line;
		n = len;
		trim_span(&s, &n);
		if (n == 0) {
			block_end(ctx, &b);
			continue;
		}
		if (ascii_casestr(s, n, "cbengine")) {
			mentions = 1;
			b.cbengine = 1;
		}
		if ((k = label_version(s, n, &at)) > 0) {
			agent_emit(ctx, at, k, "report", textin_lineno(ctx->in), s, n);
			continue;
		}
		if (ascii_casestr(s, n, "cbengine.exe") && (k = find_version(s, n, &at)) > 0) {
			agent_emit(ctx, at, k, "file-listing", textin_lineno(ctx->in), s, n);
			b.version[0] = '\0';
			continue;
		}
		/* Format-List: "FileVersion : 2.0.9277.0"; wmic: "Version" then the value. */
		if ((has_prefix(s, n, "FileVersion") || has_prefix(s, n, "ProductVersion") ||
		    b.after_header) && (k = find_version(s, n, &at)) > 0 && k < sizeof b.version &&
		    (b.version[0] == '\0' || has_prefix(s, n, "FileVersion"))) {
			memcpy(b.version, at, k);
			b.version[k] = '\0';
			k = parse_utf8_cut(s, n, sizeof b.text - 1);
			memcpy(b.text, s, k);
			b.text[k] = '\0';
			b.line = textin_lineno(ctx->in);
			if (b.after_header && mentions)
				b.cbengine = 1;
		}
		b.after_header = n == 7 && ascii_ncasecmp(s, "Version", 7) == 0;
	}
	block_end(ctx, &b);
	if (rc < 0)
		return parse_read_error(ctx);
	return 0;
}

static const char *const agent_globs[] = {
	"*version*", "*cbengine*", NULL
};

const struct parser parser_agent = {
	"agent",
	"MARS agent version: report lines, cbengine.exe version listings",
	agent_globs,
	agent_bid,
	agent_parse
};
