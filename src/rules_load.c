/* Loading the rule pack: finding rule files, reading the pack files (version, constants,
 * success) and the code catalogue first, then checking every key of every rule, compiling
 * conditions and templates, and building the per-kind dispatch table. */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "rules_int.h"

/* Sections of the troubleshooting guide a rule can belong to (marstriage-rules(5)). */
static const char *const sections[] = {
	"basic-troubleshooting", "prerequisites", "common-errors", "limitations", "general",
};

#define DEFAULT_PASS "requirement seen in {file}"
#define DEFAULT_MISSING "nothing in the bundle allows this to be checked"

/* ---- Scalar helpers. ---- */

/* Copies a text value; one_line values lose trailing white space and may not hold a line
 * break (a folded YAML scalar ends with one). */
static int
get_text(struct lctx *c, const char *key, const struct ynode *v, int one_line, char **out)
{
	size_t n;

	if (v->type != Y_SCALAR) {
		lerr(c, v, "'%s' must be text, not a %s", key,
		    v->type == Y_SEQ ? "list" : "mapping");
		return -1;
	}
	if (ynode_is_null(v)) {
		lerr(c, v, "'%s' is empty", key);
		return -1;
	}
	if (strlen(v->text) != v->len) {
		lerr(c, v, "'%s' holds a NUL character", key);
		return -1;
	}
	n = v->len;
	if (one_line) {
		while (n > 0 && (v->text[n - 1] == '\n' || v->text[n - 1] == ' ' ||
		    v->text[n - 1] == '\t' || v->text[n - 1] == '\r'))
			n--;
		if (n == 0 || memchr(v->text, '\n', n) != NULL) {
			lerr(c, v, "'%s' must be one non-empty line", key);
			return -1;
		}
	}
	free(*out);
	*out = xstrndup(v->text, n);
	return 0;
}

static int
valid_id(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

/* ---- One rule. ---- */

static void
rule_free(struct rule *r)
{
	size_t i, j;

	free(r->id);
	free(r->title);
	free(r->check_title);
	free(r->section);
	free(r->file);
	free(r->cause);
	free(r->resolution);
	free(r->ask);
	free(r->ask_file);
	free(r->missing);
	for (i = 0; i < r->nrefs; i++)
		free(r->refs[i]);
	free(r->refs);
	for (i = 0; i < r->nexplains; i++)
		free(r->explains[i]);
	free(r->explains);
	cond_free(&r->within_of);
	cond_free(&r->join_of);
	template_free(&r->join_key);
	slots_free(&r->join_slots);
	free(r->join_default);
	cond_free(&r->without);
	cond_free(&r->esc_when);
	cond_free(&r->match);
	cond_free(&r->requires);
	template_free(&r->subject);
	template_free(&r->message);
	template_free(&r->pass);
	slots_free(&r->subj_slots);
	slots_free(&r->msg_slots);
	slots_free(&r->pass_slots);
	for (i = 0; i < r->ntests; i++) {
		struct rule_test_int *t = &r->tests[i];
		for (j = 0; j < t->pub.nfiles; j++) {
			free((char *)t->files[j].name);
			free((char *)t->files[j].content);
		}
		free(t->files);
		free((char *)t->pub.name);
		free((char *)t->pub.explained_by);
	}
	free(r->tests);
	memset(r, 0, sizeof *r);
}

static int
get_refs(struct lctx *c, const struct ynode *v, struct rule *r)
{
	size_t i;

	if (v->type != Y_SEQ) {
		lerr(c, v, "'references' must be a list of URLs");
		return -1;
	}
	r->refs = xcalloc(v->nkids ? v->nkids : 1, sizeof *r->refs);
	for (i = 0; i < v->nkids; i++) {
		const struct ynode *u = v->kids[i];
		if (get_text(c, "references", u, 1, &r->refs[i]) < 0)
			return -1;
		r->nrefs++;
		if (strncmp(r->refs[i], "https://", 8) != 0 &&
		    strncmp(r->refs[i], "http://", 7) != 0) {
			lerr(c, u, "a reference must be an http:// or https:// URL");
			return -1;
		}
	}
	return 0;
}

static int
valid_test_path(const char *s)
{
	const char *p = s;

	if (*s == '\0' || *s == '/' || strchr(s, '\\') != NULL)
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return 1;
}

static const char *const expect_names[] = {
	"quiet", "fire", "history", "pass", "not-verifiable",
};

const char *
rule_expect_name(enum rule_expect e)
{
	if ((unsigned)e >= MT_ARRAY_LEN(expect_names))
		return "unknown";
	return expect_names[e];
}

static int
get_test(struct lctx *c, const struct ynode *n, int is_check, struct rule_test_int *t)
{
	static const char *const keys[] = {"name", "expect", "files", "explained_by"};
	const struct ynode *v;
	char *s = NULL;
	size_t i, k;

	t->pub.line = n->line;
	if (n->type != Y_MAP) {
		lerr(c, n, "each test is a mapping with name, expect and files");
		return -1;
	}
	for (i = 0; i < n->nkids; i += 2) {
		for (k = 0; k < MT_ARRAY_LEN(keys); k++)
			if (strcmp(n->kids[i]->text, keys[k]) == 0)
				break;
		if (k == MT_ARRAY_LEN(keys)) {
			lerr(c, n->kids[i], "unknown key '%s' in a test (name, expect, files, "
			    "explained_by)", n->kids[i]->text);
			return -1;
		}
	}
	if ((v = ynode_get(n, "name")) == NULL) {
		lerr(c, n, "a test needs a name");
		return -1;
	}
	if (get_text(c, "name", v, 1, &s) < 0)
		return -1;
	t->pub.name = s;
	s = NULL;
	if ((v = ynode_get(n, "expect")) == NULL) {
		lerr(c, n, "a test needs 'expect: fire' or 'expect: quiet'");
		return -1;
	}
	for (k = 0; k < MT_ARRAY_LEN(expect_names); k++)
		if (v->type == Y_SCALAR && strcmp(v->text, expect_names[k]) == 0)
			break;
	if (k == MT_ARRAY_LEN(expect_names)) {
		lerr(c, v, "'expect' must be fire, quiet, history, pass or not-verifiable");
		return -1;
	}
	t->pub.expect = (enum rule_expect)k;
	t->pub.expect_fire = t->pub.expect == EXPECT_FIRE;
	if (!is_check && (t->pub.expect == EXPECT_PASS ||
	    t->pub.expect == EXPECT_NOT_VERIFIABLE)) {
		lerr(c, v, "'expect: %s' is only for rules of type: check", v->text);
		return -1;
	}
	if ((v = ynode_get(n, "explained_by")) != NULL) {
		if (get_text(c, "explained_by", v, 1, &s) < 0)
			return -1;
		t->pub.explained_by = s;
		s = NULL;
	}
	if ((v = ynode_get(n, "files")) == NULL || v->type != Y_MAP || v->nkids == 0) {
		lerr(c, v ? v : n, "a test needs 'files:', a mapping of file name to content");
		return -1;
	}
	t->files = xcalloc(v->nkids / 2, sizeof *t->files);
	t->pub.files = t->files;
	for (i = 0; i < v->nkids; i += 2) {
		const struct ynode *name = v->kids[i], *body = v->kids[i + 1];
		if (!valid_test_path(name->text) || strlen(name->text) != name->len) {
			lerr(c, name, "bad test file name '%s' (a relative path without . or ..)",
			    name->text);
			return -1;
		}
		if (body->type != Y_SCALAR) {
			lerr(c, body, "the content of test file '%s' must be text", name->text);
			return -1;
		}
		t->files[t->pub.nfiles].name = xstrdup(name->text);
		t->files[t->pub.nfiles].content = xstrndup(body->text, body->len);
		t->files[t->pub.nfiles].len = body->len;
		t->pub.nfiles++;
	}
	return 0;
}

static int
get_tests(struct lctx *c, const struct ynode *v, struct rule *r)
{
	size_t i;

	if (v->type != Y_SEQ) {
		lerr(c, v, "'tests' must be a list of samples");
		return -1;
	}
	r->tests = xcalloc(v->nkids ? v->nkids : 1, sizeof *r->tests);
	for (i = 0; i < v->nkids; i++) {
		r->ntests++;
		if (get_test(c, v->kids[i], r->is_check, &r->tests[i]) < 0)
			return -1;
	}
	return 0;
}

enum rkey {
	K_ID, K_TITLE, K_SEVERITY, K_SECTION, K_TYPE, K_MATCH, K_SUBJECT, K_MESSAGE,
	K_MIN_COUNT, K_CAUSE, K_RESOLUTION, K_REFERENCES, K_TESTS,
	K_EXPLAINS, K_WITHIN, K_JOIN, K_WITHOUT, K_ESCALATE, K_HISTORY, K_SCOPE,
	K_ASK, K_ASK_FILE,	/* a check's data to ask for; a finding's way to confirm it */
	/* checks only, from here on */
	K_REQUIRES, K_PASS_MESSAGE, K_MISSING_MESSAGE, K_CHECK_TITLE, K_NKEYS
};

static const char *const rkeys[K_NKEYS] = {
	"id", "title", "severity", "section", "type", "match", "subject", "message",
	"min_count", "cause", "resolution", "references", "tests",
	"explains", "within", "join", "without", "escalate", "history", "scope",
	"ask", "ask_file",
	"requires", "pass_message", "missing_message", "check_title",
};

static int
get_min_count(struct lctx *c, const struct ynode *v, struct rule *r)
{
	int64_t n;

	if (v->type != Y_SCALAR || parse_int64(v->text, v->len, &n) != 0 || n < 1 ||
	    n > 1000000000) {
		lerr(c, v, "'min_count' must be a whole number from 1 to 1000000000");
		return -1;
	}
	r->min_count = (uint64_t)n;
	return 0;
}

/* get_text, then {pack.NAME} replaced. */
static int
get_text_x(struct lctx *c, const char *key, const struct ynode *v, int one_line, char **out)
{
	char *x;

	if (get_text(c, key, v, one_line, out) < 0)
		return -1;
	if ((x = pack_expand(c, v, *out, strlen(*out))) == NULL)
		return -1;
	free(*out);
	*out = x;
	return 0;
}

/* Checks that a mapping holds only the listed keys. */
static int
only_keys(struct lctx *c, const char *what, const struct ynode *v, const char *const *keys,
    size_t nkeys)
{
	size_t i, k;

	if (v->type != Y_MAP) {
		lerr(c, v, "'%s' must be a mapping", what);
		return -1;
	}
	for (i = 0; i < v->nkids; i += 2) {
		for (k = 0; k < nkeys; k++)
			if (strcmp(v->kids[i]->text, keys[k]) == 0)
				break;
		if (k == nkeys) {
			lerr(c, v->kids[i], "unknown key '%s' in %s", v->kids[i]->text, what);
			return -1;
		}
	}
	return 0;
}

static int
get_explains(struct lctx *c, const struct ynode *v, struct rule *r)
{
	size_t i, j;

	if (v->type != Y_SEQ || v->nkids == 0) {
		lerr(c, v, "'explains' must be a list of rule ids");
		return -1;
	}
	r->explains = xcalloc(v->nkids, sizeof *r->explains);
	for (i = 0; i < v->nkids; i++) {
		if (get_text(c, "explains", v->kids[i], 1, &r->explains[i]) < 0)
			return -1;
		r->nexplains++;
		if (!valid_id(r->explains[i])) {
			lerr(c, v->kids[i], "bad rule id '%s' in 'explains'", r->explains[i]);
			return -1;
		}
		if (strcmp(r->explains[i], r->id) == 0) {
			lerr(c, v->kids[i], "a rule cannot explain itself");
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(r->explains[j], r->explains[i]) == 0) {
				lerr(c, v->kids[i], "'%s' is listed twice in 'explains'",
				    r->explains[i]);
				return -1;
			}
	}
	return 0;
}

static int
get_within(struct lctx *c, const struct ynode *v, struct rule *r, uint32_t *maxgroups)
{
	static const char *const keys[] = {"minutes", "of"};
	const struct ynode *m, *of;
	int64_t n;

	if (only_keys(c, "within", v, keys, MT_ARRAY_LEN(keys)) < 0)
		return -1;
	if ((m = ynode_get(v, "minutes")) == NULL || (of = ynode_get(v, "of")) == NULL) {
		lerr(c, v, "'within' needs 'minutes' and 'of'");
		return -1;
	}
	if (m->type != Y_SCALAR || parse_int64(m->text, m->len, &n) != 0 || n < 0 ||
	    n > 525600) {
		lerr(c, m, "'within: minutes' must be a whole number from 0 to 525600");
		return -1;
	}
	r->within_ms = n * 60000;
	r->has_within = 1;
	return cond_compile(c, of, &r->within_of, maxgroups);
}

static int
get_join(struct lctx *c, const struct ynode *v, struct rule *r, uint32_t *maxgroups)
{
	static const char *const keys[] = {"of", "key", "default"};
	const struct ynode *of, *k, *d;

	if (only_keys(c, "join", v, keys, MT_ARRAY_LEN(keys)) < 0)
		return -1;
	if ((of = ynode_get(v, "of")) == NULL) {
		lerr(c, v, "'join' needs 'of'");
		return -1;
	}
	r->has_join = 1;
	if (cond_compile(c, of, &r->join_of, maxgroups) < 0)
		return -1;
	if ((k = ynode_get(v, "key")) != NULL) {
		if (!r->subject.set) {
			lerr(c, k, "'join: key' is compared with the subject: the rule needs "
			    "'subject'");
			return -1;
		}
		if (template_compile(c, k, TMPL_RECORD, &r->join_slots, &r->join_key) < 0)
			return -1;
	}
	if ((d = ynode_get(v, "default")) != NULL) {
		if (k == NULL) {
			lerr(c, d, "'join: default' needs 'join: key'");
			return -1;
		}
		if (get_text_x(c, "default", d, 1, &r->join_default) < 0)
			return -1;
	}
	return 0;
}

static int
get_escalate(struct lctx *c, const struct ynode *v, struct rule *r, uint32_t *maxgroups)
{
	static const char *const keys[] = {"severity", "when"};
	const struct ynode *sv, *w;

	if (only_keys(c, "escalate", v, keys, MT_ARRAY_LEN(keys)) < 0)
		return -1;
	if ((sv = ynode_get(v, "severity")) == NULL || (w = ynode_get(v, "when")) == NULL) {
		lerr(c, v, "'escalate' needs 'severity' and 'when'");
		return -1;
	}
	if (sv->type != Y_SCALAR || severity_parse(sv->text, &r->esc_severity) != 0) {
		lerr(c, sv, "'escalate: severity' must be info, warning, error or critical");
		return -1;
	}
	if (r->esc_severity <= r->severity) {
		lerr(c, sv, "'escalate: severity' must be above the rule's severity (%s)",
		    severity_name(r->severity));
		return -1;
	}
	r->has_escalate = 1;
	return cond_compile(c, w, &r->esc_when, maxgroups);
}

static int
get_bool(struct lctx *c, const char *key, const struct ynode *v, int *b)
{
	if (ynode_bool(v, b) != 0) {
		lerr(c, v, "'%s' must be true or false", key);
		return -1;
	}
	return 0;
}

static int
get_ask_file(struct lctx *c, const struct ynode *v, struct rule *r)
{
	if (get_text(c, "ask_file", v, 1, &r->ask_file) < 0)
		return -1;
	if (strpbrk(r->ask_file, "/\\") != NULL) {
		lerr(c, v, "'ask_file' is a file name, not a path");
		return -1;
	}
	return 0;
}

/* Fills r from the mapping; the caller frees r on failure. */
static int
rule_compile(struct lctx *c, const struct ynode *root, struct rule *r, uint32_t *maxgroups)
{
	static const enum rkey required[] = {K_ID, K_TITLE, K_SEVERITY, K_MATCH};
	const struct ynode *key[K_NKEYS] = {0}, *kpos[K_NKEYS] = {0};
	const struct ynode *v;
	size_t i;
	int k;

	for (i = 0; i < root->nkids; i += 2) {
		for (k = 0; k < K_NKEYS; k++)
			if (strcmp(root->kids[i]->text, rkeys[k]) == 0)
				break;
		if (k == K_NKEYS) {
			lerr(c, root->kids[i], "unknown key '%s' (see marstriage-rules(5))",
			    root->kids[i]->text);
			return -1;
		}
		kpos[k] = root->kids[i];
		key[k] = root->kids[i + 1];
	}
	for (i = 0; i < MT_ARRAY_LEN(required); i++)
		if (key[required[i]] == NULL) {
			lerr(c, root, "missing required key '%s'", rkeys[required[i]]);
			return -1;
		}

	v = key[K_ID];
	r->line = v->line;
	r->col = v->col;
	if (get_text(c, "id", v, 1, &r->id) < 0)
		return -1;
	if (!valid_id(r->id)) {
		lerr(c, v, "bad id '%s': use lower-case letters, digits and '-'", r->id);
		return -1;
	}
	if (get_text_x(c, "title", key[K_TITLE], 1, &r->title) < 0)
		return -1;
	v = key[K_SEVERITY];
	if (v->type != Y_SCALAR || severity_parse(v->text, &r->severity) != 0) {
		lerr(c, v, "'severity' must be info, warning, error or critical");
		return -1;
	}
	r->section = xstrdup("general");
	if ((v = key[K_SECTION]) != NULL) {
		for (i = 0; i < MT_ARRAY_LEN(sections); i++)
			if (v->type == Y_SCALAR && strcmp(v->text, sections[i]) == 0)
				break;
		if (i == MT_ARRAY_LEN(sections)) {
			lerr(c, v, "unknown section '%s' (basic-troubleshooting, prerequisites, "
			    "common-errors, limitations, general)",
			    v->type == Y_SCALAR ? v->text : "");
			return -1;
		}
		free(r->section);
		r->section = xstrdup(sections[i]);
	}
	if ((v = key[K_TYPE]) != NULL) {
		if (v->type != Y_SCALAR || (strcmp(v->text, "finding") != 0 &&
		    strcmp(v->text, "check") != 0)) {
			lerr(c, v, "'type' must be finding or check");
			return -1;
		}
		r->is_check = strcmp(v->text, "check") == 0;
	}
	if (!r->is_check)
		for (k = K_REQUIRES; k < K_NKEYS; k++)
			if (key[k] != NULL) {
				lerr(c, kpos[k], "'%s' is only for rules of type: check", rkeys[k]);
				return -1;
			}
	if (r->is_check && key[K_REQUIRES] == NULL) {
		lerr(c, root, "a check needs 'requires': the records that make it verifiable");
		return -1;
	}

	if (cond_compile(c, key[K_MATCH], &r->match, maxgroups) < 0)
		return -1;
	if (r->is_check && cond_compile(c, key[K_REQUIRES], &r->requires, maxgroups) < 0)
		return -1;
	if (key[K_SUBJECT] != NULL && template_compile(c, key[K_SUBJECT], TMPL_RECORD,
	    &r->subj_slots, &r->subject) < 0)
		return -1;
	if (key[K_MESSAGE] != NULL) {
		if (template_compile(c, key[K_MESSAGE], TMPL_MESSAGE, &r->msg_slots,
		    &r->message) < 0)
			return -1;
	} else
		template_literal(&r->message, r->title);
	r->min_count = 1;
	if (key[K_MIN_COUNT] != NULL && get_min_count(c, key[K_MIN_COUNT], r) < 0)
		return -1;
	if (key[K_CAUSE] != NULL && get_text_x(c, "cause", key[K_CAUSE], 0, &r->cause) < 0)
		return -1;
	if (key[K_RESOLUTION] != NULL &&
	    get_text_x(c, "resolution", key[K_RESOLUTION], 0, &r->resolution) < 0)
		return -1;
	if (key[K_REFERENCES] != NULL && get_refs(c, key[K_REFERENCES], r) < 0)
		return -1;
	if (key[K_ASK] != NULL && get_text_x(c, "ask", key[K_ASK], 1, &r->ask) < 0)
		return -1;
	if (key[K_ASK_FILE] != NULL && get_ask_file(c, key[K_ASK_FILE], r) < 0)
		return -1;
	if (key[K_ASK_FILE] != NULL && key[K_ASK] == NULL) {
		lerr(c, kpos[K_ASK_FILE], "'ask_file' needs 'ask', the command that writes it");
		return -1;
	}
	if (key[K_EXPLAINS] != NULL && get_explains(c, key[K_EXPLAINS], r) < 0)
		return -1;
	if (key[K_WITHIN] != NULL && get_within(c, key[K_WITHIN], r, maxgroups) < 0)
		return -1;
	if (key[K_JOIN] != NULL && get_join(c, key[K_JOIN], r, maxgroups) < 0)
		return -1;
	if (key[K_WITHOUT] != NULL) {
		r->has_without = 1;
		if (cond_compile(c, key[K_WITHOUT], &r->without, maxgroups) < 0)
			return -1;
	}
	if (key[K_ESCALATE] != NULL && get_escalate(c, key[K_ESCALATE], r, maxgroups) < 0)
		return -1;
	r->history = 1;
	if (key[K_HISTORY] != NULL && get_bool(c, "history", key[K_HISTORY], &r->history) < 0)
		return -1;
	if ((v = key[K_SCOPE]) != NULL) {
		if (v->type == Y_SCALAR && strcmp(v->text, "this-server") == 0)
			r->scope = SCOPE_THIS_SERVER;
		else if (v->type == Y_SCALAR && strcmp(v->text, "other-computers") == 0)
			r->scope = SCOPE_OTHER_COMPUTERS;
		else {
			lerr(c, v, "'scope' must be this-server or other-computers");
			return -1;
		}
	}
	if (key[K_TESTS] != NULL && get_tests(c, key[K_TESTS], r) < 0)
		return -1;
	if (!r->is_check)
		return 0;

	if (key[K_PASS_MESSAGE] != NULL) {
		if (template_compile(c, key[K_PASS_MESSAGE], TMPL_RECORD, &r->pass_slots,
		    &r->pass) < 0)
			return -1;
	} else {
		static char def[] = DEFAULT_PASS;
		struct ynode d = {Y_SCALAR, 0, 0, def, sizeof def - 1, 0, NULL, 0};
		if (template_compile(c, &d, TMPL_RECORD, &r->pass_slots, &r->pass) < 0)
			return -1;
	}
	if (key[K_CHECK_TITLE] != NULL &&
	    get_text_x(c, "check_title", key[K_CHECK_TITLE], 1, &r->check_title) < 0)
		return -1;
	r->missing = xstrdup(DEFAULT_MISSING);
	if (key[K_MISSING_MESSAGE] != NULL &&
	    get_text_x(c, "missing_message", key[K_MISSING_MESSAGE], 1, &r->missing) < 0)
		return -1;
	return 0;
}

/* ---- Pack constants. ---- */

const char *
pack_const(const struct pack_consts *pc, const char *name, size_t len)
{
	size_t i;

	if (pc == NULL)
		return NULL;
	for (i = 0; i < pc->n; i++)
		if (strlen(pc->names[i]) == len && memcmp(pc->names[i], name, len) == 0)
			return pc->values[i];
	return NULL;
}

char *
pack_expand(struct lctx *c, const struct ynode *at, const char *text, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = text, *end = text + len, *close, *v;

	while (p < end) {
		const char *open = mt_memmem(p, (size_t)(end - p), "{pack.", 6);
		if (open == NULL) {
			sb_add(&sb, p, (size_t)(end - p));
			break;
		}
		sb_add(&sb, p, (size_t)(open - p));
		close = memchr(open, '}', (size_t)(end - open));
		if (close == NULL) {
			sb_add(&sb, open, (size_t)(end - open));
			break;
		}
		v = pack_const(c->consts, open + 6, (size_t)(close - open - 6));
		if (v == NULL) {
			lerr(c, at, "unknown pack constant '%.*s' (constants are set in the "
			    "pack file)", (int)(close - open - 1), open + 1);
			sb_free(&sb);
			return NULL;
		}
		sb_adds(&sb, v);
		p = close + 1;
	}
	return sb_detach(&sb);
}

static int
valid_const_name(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static int
get_consts(struct ruleset *rs, struct lctx *c, const struct ynode *v)
{
	struct pack_consts *pc = &rs->consts;
	size_t i, j;

	if (v->type != Y_MAP) {
		lerr(c, v, "'constants' must be a mapping of name to value");
		return -1;
	}
	for (i = 0; i < v->nkids; i += 2) {
		const struct ynode *k = v->kids[i], *val = v->kids[i + 1];
		char *text = NULL;
		if (!valid_const_name(k->text)) {
			lerr(c, k, "bad constant name '%s': use lower-case letters, digits and '_'",
			    k->text);
			return -1;
		}
		if (get_text(c, k->text, val, 1, &text) < 0)
			return -1;
		for (j = 0; j < pc->n && strcmp(pc->names[j], k->text) != 0; j++)
			;
		if (j < pc->n) {
			/* A later pack (a site's) overrides the shipped value. */
			free(pc->values[j]);
			pc->values[j] = text;
			continue;
		}
		if (pc->n == RULE_MAX_CONSTS) {
			lerr(c, k, "more than %d pack constants", RULE_MAX_CONSTS);
			free(text);
			return -1;
		}
		pc->names[pc->n] = xstrdup(k->text);
		pc->values[pc->n++] = text;
	}
	return 0;
}

/* ---- The pack file. ---- */

static int
pack_load(struct ruleset *rs, struct lctx *c, const struct ynode *root)
{
	static const char *const keys[] = {"version", "constants", "success"};
	const struct ynode *p = ynode_get(root, "pack"), *v;
	char *ver = NULL;

	if (root->nkids != 2) {
		lerr(c, root, "a pack file holds only 'pack:'");
		return -1;
	}
	if (p->type != Y_MAP) {
		lerr(c, p, "'pack' must be a mapping with 'version:'");
		return -1;
	}
	if (only_keys(c, "pack", p, keys, MT_ARRAY_LEN(keys)) < 0)
		return -1;
	if ((v = ynode_get(p, "version")) == NULL) {
		lerr(c, p, "'pack' needs a 'version'");
		return -1;
	}
	if (get_text(c, "version", v, 1, &ver) < 0)
		return -1;
	if (rs->version == NULL)
		rs->version = ver;
	else {
		/* A site pack on top of the shipped one: both versions stay visible. */
		char *both = xasprintf("%s+%s", rs->version, ver);
		free(rs->version);
		free(ver);
		rs->version = both;
	}
	if ((v = ynode_get(p, "constants")) != NULL && get_consts(rs, c, v) < 0)
		return -1;
	if ((v = ynode_get(p, "success")) != NULL) {
		/* A later pack's success condition replaces the earlier one. */
		cond_free(&rs->success);
		rs->has_success = 0;
		if (cond_compile(c, v, &rs->success, &rs->maxgroups) < 0)
			return -1;
		rs->has_success = 1;
	}
	return 0;
}

/* ---- The code catalogue. ---- */

static int
valid_code_name(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 100 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static int
codes_load(struct ruleset *rs, struct lctx *c, const struct ynode *root)
{
	static const char *const keys[] = {"code", "name", "meaning"};
	const struct ynode *list = ynode_get(root, "codes");
	size_t i;

	if (root->nkids != 2) {
		lerr(c, root, "a codes file holds only 'codes:'");
		return -1;
	}
	if (list->type != Y_SEQ) {
		lerr(c, list, "'codes' must be a list of {code, name, meaning}");
		return -1;
	}
	for (i = 0; i < list->nkids; i++) {
		const struct ynode *e = list->kids[i], *v;
		char *code = NULL, *name = NULL, *meaning = NULL;
		uint32_t val;
		size_t other;
		int rc = -1;

		if (only_keys(c, "codes", e, keys, MT_ARRAY_LEN(keys)) < 0)
			return -1;
		if ((v = ynode_get(e, "code")) == NULL) {
			lerr(c, e, "a code needs 'code'");
			return -1;
		}
		if (get_text(c, "code", v, 1, &code) < 0)
			goto next;
		if (catalogue_parse_code(code, strlen(code), &val) != 0 && !valid_code_name(code)) {
			lerr(c, v, "'%s' is neither a code (0x... or decimal) nor an error name",
			    code);
			goto next;
		}
		if ((v = ynode_get(e, "name")) != NULL && get_text(c, "name", v, 1, &name) < 0)
			goto next;
		if ((v = ynode_get(e, "meaning")) == NULL) {
			lerr(c, e, "code '%s' needs 'meaning'", code);
			goto next;
		}
		if (get_text(c, "meaning", v, 1, &meaning) < 0)
			goto next;
		if (catalogue_add(rs->codes, code, name, meaning, &other) != 0) {
			struct code_info ci;
			catalogue_at(rs->codes, other, &ci);
			lerr(c, ynode_get(e, "code"), "code '%s' is already in the catalogue (as "
			    "'%s')", code, ci.key);
			goto next;
		}
		rc = 0;
next:
		free(code);
		free(name);
		free(meaning);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ---- Files and directories. ---- */

static char *
read_file(const char *path, size_t *len, struct strbuf *err)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;

	if (fp == NULL) {
		if (err->len > 0)
			sb_addc(err, '\n');
		sb_printf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(RULE_MAX_FILE_BYTES + 1);
	n = fread(buf, 1, RULE_MAX_FILE_BYTES + 1, fp);
	if (ferror(fp) || n > RULE_MAX_FILE_BYTES) {
		if (err->len > 0)
			sb_addc(err, '\n');
		if (n > RULE_MAX_FILE_BYTES)
			sb_printf(err, "%s: larger than %d bytes", path, RULE_MAX_FILE_BYTES);
		else
			sb_printf(err, "%s: read error", path);
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void
add_rule(struct ruleset *rs, struct lctx *c, const struct ynode *root)
{
	struct rule r;
	size_t i;

	memset(&r, 0, sizeof r);
	if (rule_compile(c, root, &r, &rs->maxgroups) < 0) {
		rule_free(&r);
		return;
	}
	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i].id, r.id) == 0) {
			struct ynode at = {Y_SCALAR, r.line, r.col, NULL, 0, 0, NULL, 0};
			lerr(c, &at, "duplicate rule id '%s' (also in %s:%ld)", r.id,
			    rs->rules[i].file, rs->rules[i].line);
			rule_free(&r);
			return;
		}
	r.file = xstrdup(c->file);
	rs->rules = xgrow(rs->rules, &rs->cap, rs->nrules + 1, sizeof *rs->rules);
	rs->rules[rs->nrules++] = r;
}

/* One file of the pack, parsed; it is compiled once every pack file has been read, so
 * that constants are known whatever the order of the names. */
struct pfile {
	char *path;
	struct ynode *root;	/* NULL when it could not be read or parsed */
	int errors;
};

enum ftype { F_RULE, F_PACK, F_CODES };

static enum ftype
file_type(const struct ynode *root)
{
	if (root->type == Y_MAP && ynode_get(root, "pack") != NULL)
		return F_PACK;
	if (root->type == Y_MAP && ynode_get(root, "codes") != NULL)
		return F_CODES;
	return F_RULE;
}

static void
read_one(struct pfile *f, struct strbuf *err)
{
	size_t len;
	char *buf;

	if ((buf = read_file(f->path, &len, err)) == NULL) {
		f->errors = 1;
		return;
	}
	f->root = yaml_tree_parse(f->path, buf, len, err);
	free(buf);
	if (f->root == NULL)
		f->errors = 1;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_rule_name(const char *s)
{
	size_t n = strlen(s);

	if (s[0] == '.')
		return 0;
	return (n > 5 && strcmp(s + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(s + n - 4, ".yml") == 0);
}

/* Appends the rule files of dir, in name order, to *files. Returns 0, or 1 when the
 * directory cannot be read. */
static int
list_dir(const char *dir, struct pfile **files, size_t *n, size_t *cap, struct strbuf *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, ncap = 0, i;

	if ((d = opendir(dir)) == NULL) {
		if (err->len > 0)
			sb_addc(err, '\n');
		sb_printf(err, "%s: %s", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL)
		if (is_rule_name(de->d_name)) {
			names = xgrow(names, &ncap, nn + 1, sizeof *names);
			names[nn++] = xasprintf("%s/%s", dir, de->d_name);
		}
	closedir(d);
	if (nn > 0)
		qsort(names, nn, sizeof *names, cmp_names);
	for (i = 0; i < nn; i++) {
		struct stat st;
		if (stat(names[i], &st) != 0 || !S_ISREG(st.st_mode)) {
			free(names[i]);
			continue;
		}
		*files = xgrow(*files, cap, *n + 1, sizeof **files);
		memset(&(*files)[*n], 0, sizeof **files);
		(*files)[(*n)++].path = names[i];
	}
	free(names);
	return 0;
}

/* Reads every file, then compiles pack files, codes files and rules, in that order.
 * Returns the number of files with errors. */
static int
load_files(struct ruleset *rs, struct pfile *files, size_t n, struct strbuf *err)
{
	static const enum ftype order[] = {F_PACK, F_CODES, F_RULE};
	size_t i, pass;
	int nerr = 0;

	for (i = 0; i < n; i++) {
		if (nerr >= RULE_MAX_ERRORS)
			break;
		read_one(&files[i], err);
		nerr += files[i].errors;
	}
	for (pass = 0; pass < MT_ARRAY_LEN(order); pass++)
		for (i = 0; i < n; i++) {
			struct lctx c = {files[i].path, err, 0, &rs->consts};
			const struct ynode *root = files[i].root;
			enum ftype t;

			if (root == NULL || nerr >= RULE_MAX_ERRORS)
				continue;
			t = file_type(root);
			if (t != order[pass])
				continue;
			if (root->type != Y_MAP)
				lerr(&c, root, "a rule file holds one mapping (id: ..., title: ..., "
				    "...)");
			else if (t == F_PACK)
				pack_load(rs, &c, root);
			else if (t == F_CODES)
				codes_load(rs, &c, root);
			else
				add_rule(rs, &c, root);
			if (c.nerrors > 0)
				nerr++;
		}
	return nerr;
}

/* ---- Dispatch. ---- */

static void
add_index(size_t **idx, size_t *n, size_t *cap, size_t i)
{
	if (*n > 0 && (*idx)[*n - 1] == i)
		return;
	*idx = xgrow(*idx, cap, *n + 1, sizeof **idx);
	(*idx)[(*n)++] = i;
}

/* The conditions a rule evaluates on every record: their kinds decide its dispatch. */
static size_t
rule_conds(const struct rule *r, const struct cond **out)
{
	size_t n = 0;

	out[n++] = &r->match;
	if (r->is_check)
		out[n++] = &r->requires;
	if (r->has_within)
		out[n++] = &r->within_of;
	if (r->has_join)
		out[n++] = &r->join_of;
	if (r->has_without)
		out[n++] = &r->without;
	return n;
}

static void
build_dispatch(struct ruleset *rs)
{
	size_t *caps = NULL, kcap = 0, wcap = 0, i, j, c;

	for (i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		const struct cond *conds[5];
		const char **kv[5] = {NULL};
		size_t nk[5] = {0}, nc = rule_conds(r, conds);
		int wild = 0;

		for (c = 0; c < nc && !wild; c++)
			wild = cond_kinds(conds[c], &kv[c], &nk[c]) < 0;
		if (wild)
			add_index(&rs->wild, &rs->nwild, &wcap, i);
		for (c = 0; c < nc && !wild; c++)
			for (j = 0; j < nk[c]; j++) {
				const char *kind = kv[c][j];
				size_t m;
				for (m = 0; m < rs->nkinds; m++)
					if (ascii_casecmp(rs->kinds[m].kind, kind) == 0)
						break;
				if (m == rs->nkinds) {
					size_t old = kcap;
					rs->kinds = xgrow(rs->kinds, &kcap, m + 1,
					    sizeof *rs->kinds);
					caps = xrealloc(caps, kcap * sizeof *caps);
					for (; old < kcap; old++)
						caps[old] = 0;
					memset(&rs->kinds[m], 0, sizeof rs->kinds[m]);
					rs->kinds[m].kind = xstrdup(kind);
					rs->nkinds++;
				}
				/* Kinds are visited rule by rule: a rule already last in
				 * this kind's list is not added twice. */
				add_index(&rs->kinds[m].idx, &rs->kinds[m].n, &caps[m], i);
			}
		for (c = 0; c < nc; c++)
			free(kv[c]);
	}
	/* Each kind's list also holds the wildcard rules, merged in rule order. */
	for (i = 0; i < rs->nkinds; i++) {
		struct kind_rules *kr = &rs->kinds[i];
		size_t *m = xcalloc(kr->n + rs->nwild, sizeof *m), a = 0, b = 0, n = 0;
		while (a < kr->n || b < rs->nwild) {
			if (b == rs->nwild || (a < kr->n && kr->idx[a] < rs->wild[b]))
				m[n++] = kr->idx[a++];
			else
				m[n++] = rs->wild[b++];
		}
		free(kr->idx);
		kr->idx = m;
		kr->n = n;
	}
	free(caps);
	if (rs->has_success) {
		const char **kv = NULL;
		size_t nk = 0;
		if (cond_kinds(&rs->success, &kv, &nk) < 0)
			rs->success_wild = 1;
		else {
			rs->success_kinds = xcalloc(nk ? nk : 1, sizeof *rs->success_kinds);
			for (j = 0; j < nk; j++)
				rs->success_kinds[rs->nsuccess_kinds++] = xstrdup(kv[j]);
		}
		free(kv);
	}
}

int
ruleset_success_kind(const struct ruleset *rs, const char *kind)
{
	size_t i;

	if (!rs->has_success)
		return 0;
	if (rs->success_wild)
		return 1;
	for (i = 0; i < rs->nsuccess_kinds; i++)
		if (ascii_casecmp(rs->success_kinds[i], kind) == 0)
			return 1;
	return 0;
}

const size_t *
ruleset_dispatch(const struct ruleset *rs, const char *kind, size_t *n)
{
	size_t i;

	for (i = 0; i < rs->nkinds; i++)
		if (ascii_casecmp(rs->kinds[i].kind, kind) == 0) {
			*n = rs->kinds[i].n;
			return rs->kinds[i].idx;
		}
	*n = rs->nwild;
	return rs->wild;
}

/* ---- Public interface. ---- */

struct ruleset *
ruleset_load(const char *const *dirs, size_t ndirs, struct strbuf *err)
{
	struct ruleset *rs = xcalloc(1, sizeof *rs);
	struct pfile *files = NULL;
	size_t nfiles = 0, cap = 0, i;
	int nerr = 0;

	rs->codes = catalogue_new();
	for (i = 0; i < ndirs && nerr < RULE_MAX_ERRORS; i++) {
		struct stat st;
		if (stat(dirs[i], &st) == 0 && S_ISREG(st.st_mode)) {
			files = xgrow(files, &cap, nfiles + 1, sizeof *files);
			memset(&files[nfiles], 0, sizeof *files);
			files[nfiles++].path = xstrdup(dirs[i]);
		} else
			nerr += list_dir(dirs[i], &files, &nfiles, &cap, err);
	}
	if (nerr == 0)
		nerr = load_files(rs, files, nfiles, err);
	for (i = 0; i < nfiles; i++) {
		free(files[i].path);
		yaml_tree_free(files[i].root);
	}
	free(files);
	if (nerr == 0 && rs->nrules == 0) {
		if (err->len > 0)
			sb_addc(err, '\n');
		sb_printf(err, "%s: no rules found", ndirs > 0 ? dirs[0] : "(no rule directory)");
		nerr = 1;
	}
	if (nerr > 0) {
		ruleset_free(rs);
		return NULL;
	}
	if (rs->version == NULL)
		rs->version = xstrdup("unversioned");
	catalogue_seal(rs->codes);
	build_dispatch(rs);
	rs->pf = prefilter_build(rs);
	return rs;
}

void
ruleset_free(struct ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nrules; i++)
		rule_free(&rs->rules[i]);
	free(rs->rules);
	for (i = 0; i < rs->nkinds; i++) {
		free(rs->kinds[i].kind);
		free(rs->kinds[i].idx);
	}
	free(rs->kinds);
	free(rs->wild);
	free(rs->version);
	for (i = 0; i < rs->consts.n; i++) {
		free(rs->consts.names[i]);
		free(rs->consts.values[i]);
	}
	catalogue_free(rs->codes);
	prefilter_free(rs->pf);
	cond_free(&rs->success);
	for (i = 0; i < rs->nsuccess_kinds; i++)
		free(rs->success_kinds[i]);
	free(rs->success_kinds);
	free(rs);
}

const struct catalogue *
ruleset_catalogue(const struct ruleset *rs)
{
	return rs->codes;
}

const char *
ruleset_version(const struct ruleset *rs)
{
	return rs->version;
}

size_t
ruleset_count(const struct ruleset *rs)
{
	return rs->nrules;
}

void
ruleset_info(const struct ruleset *rs, size_t i, struct rule_info *out)
{
	const struct rule *r = &rs->rules[i];

	memset(out, 0, sizeof *out);
	out->id = r->id;
	out->title = r->title;
	out->check_title = r->check_title ? r->check_title : r->title;
	out->severity = r->severity;
	out->section = r->section;
	out->is_check = r->is_check;
	out->file = r->file;
	out->cause = r->cause;
	out->resolution = r->resolution;
	out->ask = r->ask;
	out->ask_file = r->ask_file;
	out->references = (const char *const *)r->refs;
	out->nreferences = r->nrefs;
	out->ntests = r->ntests;
	out->line = r->line;
}

int
ruleset_find(const struct ruleset *rs, const char *id, size_t *i)
{
	size_t k;

	for (k = 0; k < rs->nrules; k++)
		if (strcmp(rs->rules[k].id, id) == 0) {
			*i = k;
			return 0;
		}
	return -1;
}

const struct rule_test *
ruleset_test(const struct ruleset *rs, size_t i, size_t j)
{
	return &rs->rules[i].tests[j].pub;
}
