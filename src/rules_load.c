/* Loading the rule pack: finding rule files, checking every key of every rule, compiling
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

static int
get_test(struct lctx *c, const struct ynode *n, struct rule_test_int *t)
{
	const struct ynode *v;
	char *s = NULL;
	size_t i;

	t->pub.line = n->line;
	if (n->type != Y_MAP) {
		lerr(c, n, "each test is a mapping with name, expect and files");
		return -1;
	}
	for (i = 0; i < n->nkids; i += 2) {
		const char *k = n->kids[i]->text;
		if (strcmp(k, "name") != 0 && strcmp(k, "expect") != 0 && strcmp(k, "files") != 0) {
			lerr(c, n->kids[i], "unknown key '%s' in a test (name, expect, files)", k);
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
	if (v->type != Y_SCALAR ||
	    (strcmp(v->text, "fire") != 0 && strcmp(v->text, "quiet") != 0)) {
		lerr(c, v, "'expect' must be fire or quiet");
		return -1;
	}
	t->pub.expect_fire = strcmp(v->text, "fire") == 0;
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
		if (get_test(c, v->kids[i], &r->tests[i]) < 0)
			return -1;
	}
	return 0;
}

enum rkey {
	K_ID, K_TITLE, K_SEVERITY, K_SECTION, K_TYPE, K_MATCH, K_SUBJECT, K_MESSAGE,
	K_MIN_COUNT, K_CAUSE, K_RESOLUTION, K_REFERENCES, K_TESTS,
	/* checks only, from here on */
	K_REQUIRES, K_ASK, K_ASK_FILE, K_PASS_MESSAGE, K_MISSING_MESSAGE, K_NKEYS
};

static const char *const rkeys[K_NKEYS] = {
	"id", "title", "severity", "section", "type", "match", "subject", "message",
	"min_count", "cause", "resolution", "references", "tests",
	"requires", "ask", "ask_file", "pass_message", "missing_message",
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
	if (get_text(c, "title", key[K_TITLE], 1, &r->title) < 0)
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
	if (key[K_CAUSE] != NULL && get_text(c, "cause", key[K_CAUSE], 0, &r->cause) < 0)
		return -1;
	if (key[K_RESOLUTION] != NULL &&
	    get_text(c, "resolution", key[K_RESOLUTION], 0, &r->resolution) < 0)
		return -1;
	if (key[K_REFERENCES] != NULL && get_refs(c, key[K_REFERENCES], r) < 0)
		return -1;
	if (key[K_TESTS] != NULL && get_tests(c, key[K_TESTS], r) < 0)
		return -1;
	if (!r->is_check)
		return 0;

	if (key[K_ASK] != NULL && get_text(c, "ask", key[K_ASK], 1, &r->ask) < 0)
		return -1;
	if (key[K_ASK_FILE] != NULL) {
		if (get_text(c, "ask_file", key[K_ASK_FILE], 1, &r->ask_file) < 0)
			return -1;
		if (strpbrk(r->ask_file, "/\\") != NULL) {
			lerr(c, key[K_ASK_FILE], "'ask_file' is a file name, not a path");
			return -1;
		}
	}
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
	r->missing = xstrdup(DEFAULT_MISSING);
	if (key[K_MISSING_MESSAGE] != NULL &&
	    get_text(c, "missing_message", key[K_MISSING_MESSAGE], 1, &r->missing) < 0)
		return -1;
	return 0;
}

/* ---- The pack file. ---- */

static int
pack_load(struct ruleset *rs, struct lctx *c, const struct ynode *root)
{
	const struct ynode *p = ynode_get(root, "pack"), *v;
	char *ver = NULL;
	size_t i;

	if (root->nkids != 2) {
		lerr(c, root, "a pack file holds only 'pack:'");
		return -1;
	}
	if (p->type != Y_MAP) {
		lerr(c, p, "'pack' must be a mapping with 'version:'");
		return -1;
	}
	for (i = 0; i < p->nkids; i += 2)
		if (strcmp(p->kids[i]->text, "version") != 0) {
			lerr(c, p->kids[i], "unknown key '%s' in pack", p->kids[i]->text);
			return -1;
		}
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

/* Returns the number of errors. */
static int
load_file(struct ruleset *rs, const char *path, struct strbuf *err)
{
	struct lctx c = {path, err, 0};
	struct ynode *root;
	size_t len;
	char *buf;

	if ((buf = read_file(path, &len, err)) == NULL)
		return 1;
	root = yaml_tree_parse(path, buf, len, err);
	free(buf);
	if (root == NULL)
		return 1;
	if (root->type != Y_MAP)
		lerr(&c, root, "a rule file holds one mapping (id: ..., title: ..., ...)");
	else if (ynode_get(root, "pack") != NULL)
		pack_load(rs, &c, root);
	else
		add_rule(rs, &c, root);
	yaml_tree_free(root);
	return c.nerrors;
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

static int
load_dir(struct ruleset *rs, const char *dir, struct strbuf *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int nerr = 0;

	if ((d = opendir(dir)) == NULL) {
		if (err->len > 0)
			sb_addc(err, '\n');
		sb_printf(err, "%s: %s", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL)
		if (is_rule_name(de->d_name)) {
			names = xgrow(names, &cap, n + 1, sizeof *names);
			names[n++] = xasprintf("%s/%s", dir, de->d_name);
		}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_names);
	for (i = 0; i < n; i++) {
		struct stat st;
		if (nerr < RULE_MAX_ERRORS && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			nerr += load_file(rs, names[i], err) > 0;
		free(names[i]);
	}
	free(names);
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

static void
build_dispatch(struct ruleset *rs)
{
	size_t *caps = NULL, kcap = 0, wcap = 0, i, j;

	for (i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		const char **k1 = NULL, **k2 = NULL;
		size_t n1 = 0, n2 = 0;
		int wild = cond_kinds(&r->match, &k1, &n1) < 0;
		if (!wild && r->is_check)
			wild = cond_kinds(&r->requires, &k2, &n2) < 0;
		if (wild) {
			add_index(&rs->wild, &rs->nwild, &wcap, i);
		} else {
			for (j = 0; j < n1 + n2; j++) {
				const char *kind = j < n1 ? k1[j] : k2[j - n1];
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
				add_index(&rs->kinds[m].idx, &rs->kinds[m].n, &caps[m], i);
			}
		}
		free(k1);
		free(k2);
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
	int nerr = 0;
	size_t i;

	for (i = 0; i < ndirs && nerr < RULE_MAX_ERRORS; i++) {
		struct stat st;
		if (stat(dirs[i], &st) == 0 && S_ISREG(st.st_mode))
			nerr += load_file(rs, dirs[i], err) > 0;
		else
			nerr += load_dir(rs, dirs[i], err);
	}
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
	build_dispatch(rs);
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
	free(rs);
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
