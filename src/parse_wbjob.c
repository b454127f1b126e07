/* Parser for Get-WBJob / Get-WBJob -Previous N in PowerShell's list format: one wbjob record
 * per job, with the decimal HResult fields normalised to hex. */
#include <string.h>
#include "parsers_backup.h"

#define EXCERPT_MAX	1024
#define VALUE_MAX	2048	/* bytes of one value, wrapped lines included */

#define BID_JOBTYPE	24	/* "JobType : ..." */
#define BID_KEY		4	/* each other WBJob property line */
#define BID_MAX		64

/* Property name, field name, and whether wrapped lines join without a space (paths). */
static const struct key {
	const char *prop;
	const char *field;
	int path;
} keys[] = {
	{"JobType", "job_type", 0},
	{"StartTime", "start_time", 0},
	{"EndTime", "end_time", 0},
	{"JobState", "job_state", 0},
	{"CurrentOperation", "current_operation", 0},
	{"HResult", "hresult", 0},
	{"DetailedHResult", "detailed_hresult", 0},
	{"ErrorDescription", "error_description", 0},
	{"JobItems", "job_items", 0},
	{"VersionId", "version_id", 0},
	{"SuccessLogPath", "success_log", 1},
	{"FailureLogPath", "failure_log", 1},
};

struct job {
	int open;		/* ctx->rec holds a job being filled */
	unsigned set;		/* keys already set, one bit per row of keys[] */
	int cur;		/* key whose value is being read, -1 if none */
	struct strbuf val;
};

/* Index in keys[] of the property line's name, or -1. */
static int
key_of(const char *s, size_t n, const char **v, size_t *vl)
{
	const char *l;
	size_t ll, i;

	if (n == 0 || s[0] == ' ' || s[0] == '\t' ||
	    cmdout_label_value(s, n, &l, &ll, v, vl) != 0)
		return -1;
	for (i = 0; i < MT_ARRAY_LEN(keys); i++)
		if (strlen(keys[i].prop) == ll && ascii_ncasecmp(l, keys[i].prop, ll) == 0)
			return (int)i;
	return -1;
}

static int
wbjob_bid(const char *name, const char *head, size_t headlen)
{
	const char *l, *v;
	size_t ll, vl, pos = 0;
	int k, jobtype = 0, others = 0, bid = 0;

	(void)name;
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		if ((k = key_of(l, ll, &v, &vl)) < 0)
			continue;
		if (k == 0)
			jobtype++;
		else
			others++;
	}
	if (jobtype)
		bid = BID_JOBTYPE + others * BID_KEY;
	else if (others >= 3)
		bid = others * BID_KEY;
	return bid > BID_MAX ? BID_MAX : bid;
}

/* Sets the value read for the current key. */
static void
value_end(struct parse_ctx *ctx, struct job *j)
{
	const struct key *k;
	char hr[11];

	if (j->cur < 0)
		return;
	k = &keys[j->cur];
	j->cur = -1;
	if (strcmp(k->field, "hresult") == 0 || strcmp(k->field, "detailed_hresult") == 0) {
		if (hresult_normalise(j->val.s ? j->val.s : "", j->val.len, hr) == 0)
			record_sets(&ctx->rec, k->field, hr);
		return;
	}
	record_set(&ctx->rec, k->field, j->val.s ? j->val.s : "", j->val.len);
	if (strcmp(k->field, "start_time") == 0)
		cmdout_set_local_time(ctx, j->val.s ? j->val.s : "", j->val.len);
}

static void
job_end(struct parse_ctx *ctx, struct job *j)
{
	value_end(ctx, j);
	if (j->open)
		parse_emit(ctx);
	j->open = 0;
}

static void
wbjob_line(struct parse_ctx *ctx, struct job *j, const char *s, size_t n)
{
	const char *v, *t = s;
	size_t vl, tl = n;
	int k;

	trim_span(&t, &tl);
	if (tl == 0) {
		job_end(ctx, j);
		return;
	}
	if ((k = key_of(s, n, &v, &vl)) >= 0) {
		value_end(ctx, j);
		if (j->open && (j->set & (1u << k)))
			job_end(ctx, j);	/* a second job without a blank line between */
		if (!j->open) {
			record_begin(&ctx->rec, "wbjob", ctx->entry, textin_lineno(ctx->in));
			record_set_excerpt(&ctx->rec, s, parse_utf8_cut(s, n, EXCERPT_MAX));
			j->open = 1;
			j->set = 0;
		}
		j->set |= 1u << k;
		j->cur = k;
		sb_reset(&j->val);
		cmdout_append(&j->val, NULL, v, vl, VALUE_MAX);
		return;
	}
	if (j->cur >= 0 && (s[0] == ' ' || s[0] == '\t')) {
		/* A value wrapped at the console width continues on indented lines. */
		if (keys[j->cur].path)
			cmdout_append(&j->val, NULL, t, tl, VALUE_MAX);
		else
			cmdout_append(&j->val, " ", t, tl, VALUE_MAX);
		return;
	}
	value_end(ctx, j);	/* an unknown property ends the value before it */
}

static int
wbjob_parse(struct parse_ctx *ctx)
{
	struct job j;
	const char *line;
	size_t len;
	int rc;

	memset(&j, 0, sizeof j);
	j.cur = -1;
	while ((rc = cmdout_getline(ctx, &line, &len)) == 1)
		wbjob_line(ctx, &j, line, len);
	job_end(ctx, &j);
	sb_free(&j.val);
	return rc < 0 ? -1 : 0;
}

static const char *const wbjob_globs[] = {
	"*wbjob*", NULL
};

const struct parser parser_wbjob = {
	"wbjob",
	"Get-WBJob and Get-WBJob -Previous N (list format)",
	wbjob_globs,
	wbjob_bid,
	wbjob_parse
};
