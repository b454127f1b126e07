/* Parser for the MARS agent's LastBackupFailedFiles*.txt lists: one failed_file record per
 * line that names a path and an error code, in whichever order and with whichever separator
 * the line uses (the layout is not documented, so it is read by shape). */
#include <string.h>
#include "parsers_backup.h"

#define EXCERPT_MAX	1024

#define BID_FIRST	16	/* first line of path + code */
#define BID_MORE	4
#define BID_MAX		48

static int
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* c is one of set (never the terminating NUL). */
static int
is_sep(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

static int
is_word(int c)
{
	return is_hex(c) || (c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z') || c == '_';
}

/* Start of a path at s[i]: "X:\", "\\?\" or "\\server". */
static int
path_at(const char *s, size_t n, size_t i)
{
	if (i + 2 < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')) &&
	    s[i + 1] == ':' && s[i + 2] == '\\' && (i == 0 || !is_word((unsigned char)s[i - 1])))
		return 1;
	return i + 2 < n && s[i] == '\\' && s[i + 1] == '\\' &&
	    (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '"' || s[i - 1] == ',');
}

/* An error code token at s[i] ("0x8007000E", "8007000E", "[0x...]" inner, "-2147024891"):
 * returns its length and writes the normalised code, or 0. */
static size_t
code_at(const char *s, size_t n, size_t i, char out[11])
{
	size_t j = i, st;

	if (i > 0 && is_word((unsigned char)s[i - 1]))
		return 0;
	if (j < n && s[j] == '-') {
		st = ++j;
		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j - st != 10)
			return 0;
	} else {
		if (j + 1 < n && s[j] == '0' && (s[j + 1] == 'x' || s[j + 1] == 'X'))
			j += 2;
		st = j;
		while (j < n && is_hex((unsigned char)s[j]))
			j++;
		if (j - st != 8 || (st == i && s[st] != '8' && s[st] != 'C' && s[st] != 'c'))
			return 0;
	}
	if (j < n && is_word((unsigned char)s[j]))
		return 0;
	return hresult_normalise(s + i, j - i, out) == 0 ? j - i : 0;
}

/* Finds the path and the first code of a line. Returns 0 when both are present. */
static int
split_line(const char *s, size_t n, size_t *pst, size_t *pend, char hr[11])
{
	size_t i, cst = n, end;
	int quoted;

	for (*pst = 0; *pst < n && !path_at(s, n, *pst); (*pst)++)
		;
	/* a code starts a token: the start of the line or after a separator */
	for (i = 0; i < n && cst == n; i++)
		if ((i == 0 || is_sep(s[i - 1], " \t,;[(\"|:=")) && code_at(s, n, i, hr))
			cst = i;
	if (*pst == n || cst == n)
		return -1;
	quoted = *pst > 0 && s[*pst - 1] == '"';
	end = cst > *pst ? cst : n;
	for (i = *pst; i < end; i++)
		if (s[i] == '\t' || (quoted && s[i] == '"'))
			break;
	end = i;
	while (end > *pst && is_sep(s[end - 1], " ,;|[(\""))
		end--;
	*pend = end;
	return end > *pst ? 0 : -1;
}

static int
marsmisc_bid(const char *name, const char *head, size_t headlen)
{
	const char *l;
	size_t ll, pos = 0, ps, pe;
	char hr[11];
	int bid = 0;

	(void)name;
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		trim_span(&l, &ll);
		if (ll > 0 && l[0] == '"') {
			l++;
			ll--;
		}
		/* the line must begin with its path or its code: log lines begin otherwise */
		if (ll == 0 || (!path_at(l, ll, 0) && code_at(l, ll, 0, hr) == 0))
			continue;
		if (split_line(l, ll, &ps, &pe, hr) == 0) {
			bid = bid ? bid + BID_MORE : BID_FIRST;
			if (bid >= BID_MAX)
				return BID_MAX;
		}
	}
	return bid;
}

static int
marsmisc_parse(struct parse_ctx *ctx)
{
	const char *line;
	size_t len, ps, pe;
	char hr[11];
	long skipped = 0;
	int rc;

	while ((rc = cmdout_getline(ctx, &line, &len)) == 1) {
		trim_span(&line, &len);
		if (len == 0)
			continue;
		if (split_line(line, len, &ps, &pe, hr) != 0) {
			skipped++;
			continue;
		}
		record_begin(&ctx->rec, "failed_file", ctx->entry, textin_lineno(ctx->in));
		record_set_excerpt(&ctx->rec, line, parse_utf8_cut(line, len, EXCERPT_MAX));
		record_set(&ctx->rec, "path", line + ps, pe - ps);
		record_sets(&ctx->rec, "hresult", hr);
		parse_emit(ctx);
	}
	if (skipped && rc == 0)
		parse_note(ctx, "%ld line%s without a path and an error code skipped", skipped,
		    skipped == 1 ? "" : "s");
	return rc < 0 ? -1 : 0;
}

static const char *const marsmisc_globs[] = {
	"LastBackupFailedFiles*.txt", NULL
};

const struct parser parser_marsmisc = {
	"failed_file",
	"MARS agent LastBackupFailedFiles*.txt lists",
	marsmisc_globs,
	marsmisc_bid,
	marsmisc_parse
};
