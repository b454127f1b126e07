/* Internals of the rule engine shared by the rules_*.c files: the YAML tree the loader reads,
 * and the compiled form of rules, conditions and templates. Only rules_*.c and their tests
 * include this header. A loaded ruleset is read-only; per-bundle state lives in rule_run. */
#ifndef MT_RULES_INT_H
#define MT_RULES_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include "catalogue.h"
#include "rules.h"

/* Bounds that keep loading and evaluation cheap and memory flat. */
#define RULE_MAX_FILE_BYTES	(1024 * 1024)	/* one rule file */
#define RULE_MAX_DEPTH		32		/* YAML nesting */
#define RULE_MAX_NODES		20000		/* YAML nodes in one file */
#define RULE_MAX_SUBJECTS	64		/* distinct subjects kept per rule */
#define RULE_MAX_SLOTS		32		/* distinct names one template may use */
#define RULE_MAX_CAPTURES	32		/* captures kept while evaluating one record */
#define RULE_VALUE_MAX		512		/* bytes kept of a captured or copied value */
#define RULE_EXCERPT_MAX	512		/* bytes kept of an evidence excerpt */
#define RULE_PATH_MAX		1024		/* bytes kept of an evidence file path */
#define RULE_TEXT_MAX		2048		/* bytes of a rendered message */
#define RULE_FIRST_EVIDENCE	3		/* evidence kept: the first three ... */
#define RULE_LAST_EVIDENCE	2		/* ... and the last two matches */
#define RULE_MAX_ERRORS		20		/* broken files reported before giving up */
#define RULE_RE_MATCH_LIMIT	200000		/* pcre2_set_match_limit */
#define RULE_RE_DEPTH_LIMIT	5000		/* pcre2_set_depth_limit */
#define RULE_RE_HEAP_LIMIT	8192		/* pcre2_set_heap_limit, KiB */
#define RULE_MAX_TIMES		64		/* time spans kept per subject for within: */
#define RULE_MAX_KEYS		64		/* join keys kept per rule */
#define RULE_MAX_COMPUTERS	16		/* event computers told apart per run */
#define RULE_MAX_CONSTS		64		/* pack constants */
#define RULE_ZONE_SLACK_MS	(14LL * 3600 * 1000)	/* widest UTC offset: local vs UTC */

/* ---- A YAML document as a small tree (rules_yaml.c). ---- */

enum ynode_type { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ynode_type type;
	long line, col;		/* 1-based position of the node's start */
	char *text;		/* scalar value (NUL-terminated; may hold NULs within len) */
	size_t len;
	int plain;		/* unquoted scalar: may be null or a boolean */
	struct ynode **kids;	/* sequence items, or mapping key, value, key, value ... */
	size_t nkids;
};

/* Parses one YAML document of len bytes. Anchors, aliases and multiple documents are
 * rejected, and so are duplicate mapping keys. Returns NULL with "name:line:col: message"
 * appended to err. */
struct ynode *yaml_tree_parse(const char *name, const char *buf, size_t len,
    struct strbuf *err);
void yaml_tree_free(struct ynode *n);
/* 1 for a plain null scalar ("", "~", "null"). */
int ynode_is_null(const struct ynode *n);
/* For a plain true/false/yes/no scalar returns 0 and sets *b. */
int ynode_bool(const struct ynode *n, int *b);
/* The value node of key in a mapping, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Loader context: the file being read, where errors go, and the pack constants that
 * {pack.NAME} in values and templates stands for (NULL: none known). */
struct pack_consts;
struct lctx {
	const char *file;
	struct strbuf *err;
	int nerrors;		/* errors in this file */
	const struct pack_consts *consts;
};

/* Appends "file:line:col: message" (one line) to the error buffer. */
void lerr(struct lctx *c, const struct ynode *at, const char *fmt, ...) MT_PRINTF(3, 4);

/* ---- Pack constants (rules_load.c). ---- */

struct pack_consts {
	char *names[RULE_MAX_CONSTS];
	char *values[RULE_MAX_CONSTS];
	size_t n;
};

/* The value of constant name (len bytes, without "pack."), or NULL. */
const char *pack_const(const struct pack_consts *pc, const char *name, size_t len);
/* A copy of [text, text + len) with every "{pack.NAME}" replaced by the constant's value;
 * NULL after reporting an unknown constant at `at`. */
char *pack_expand(struct lctx *c, const struct ynode *at, const char *text, size_t len);

/* ---- Conditions (rules_cond.c). ---- */

enum cond_type { COND_ALL, COND_ANY, COND_NOT, COND_TEST };

enum test_op {
	OP_EQ, OP_CONTAINS, OP_STARTSWITH, OP_ENDSWITH, OP_GLOB, OP_RE,
	OP_GT, OP_GTE, OP_LT, OP_LTE, OP_VERSION_LT, OP_VERSION_GTE, OP_EXISTS
};

/* Where a test reads its value: a record field or one of the record's own properties.
 * SRC_SET is "set: {name: value}": always true, and sets captures. */
enum test_src { SRC_FIELD, SRC_KIND, SRC_FILE, SRC_SET };

struct capname {
	char *name;
	uint32_t group;
};

struct regex {
	pcre2_code *code;
	struct capname *names;	/* named groups: their values become captured fields */
	size_t nnames;
};

struct cond {
	enum cond_type type;
	struct cond *kids;	/* COND_ALL, COND_ANY: the terms; COND_NOT: one */
	size_t nkids;
	/* COND_TEST */
	enum test_src src;
	char *field;
	enum test_op op;
	int all;		/* |all: every listed value must hold, not any one */
	int exists;		/* OP_EXISTS: the wanted answer */
	char **vals;		/* the values as written */
	int64_t *nums;		/* OP_GT ... OP_LTE: the values parsed */
	struct regex *res;	/* OP_RE: one compiled pattern per value */
	size_t nvals;
	char **setnames;	/* SRC_SET: the names, vals holding their values */
	unsigned guard;		/* its prefilter guard + 1 (rules_prefilter.c), 0 for none */
};

/* Compiles a condition mapping; returns 0, or -1 after reporting errors. maxgroups grows to
 * the largest capture group count seen, for sizing match data. */
int cond_compile(struct lctx *c, const struct ynode *n, struct cond *out, uint32_t *maxgroups);
void cond_free(struct cond *k);
/* Kinds a condition can match: returns 0 and an allocated list (strings borrowed from the
 * condition) when it pins `kind`, or -1 when any kind may match. */
int cond_kinds(const struct cond *k, const char ***kinds, size_t *nkinds);

/* Per-evaluation scratch: captures found so far and the PCRE2 state of one run. */
struct capture {
	const char *name;	/* borrowed from the rule */
	size_t value;		/* offset in buf */
};

struct evalctx {
	const struct record *r;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	struct strbuf buf;
	struct capture caps[RULE_MAX_CAPTURES];
	size_t ncaps;
	uint64_t re_failures;	/* matches stopped by a limit or an error */
};

int cond_eval(const struct cond *k, struct evalctx *e);
/* A capture's value by name (the last one set wins), or NULL. */
const char *evalctx_capture(const struct evalctx *e, const char *name);

/* Compares dotted numeric versions ("2.0.9083.0"): returns 0 and sets *cmp to <0, 0, >0;
 * -1 when either is not a version. */
int version_compare(const char *a, const char *b, int *cmp);

/* ---- Templates (rules_template.c). ---- */

/* Values known only when the rule is finished, not when a record matches. */
enum agg_var { AGG_NONE, AGG_COUNT, AGG_FIRST_TIME, AGG_LAST_TIME, AGG_SUBJECT };

struct tseg {
	char *text;		/* literal text, or the fallback of a variable ("" if none) */
	int slot;		/* -1 for literal text or an aggregate */
	enum agg_var agg;
};

/* The names a group of templates copies from each matching record. */
struct slots {
	char *names[RULE_MAX_SLOTS];
	size_t n;
};

struct template {
	struct tseg *segs;
	size_t nsegs;
	int set;		/* given in the rule file */
};

/* Template kinds decide which variables are allowed. */
enum tmpl_use { TMPL_MESSAGE, TMPL_RECORD };

int template_compile(struct lctx *c, const struct ynode *n, enum tmpl_use use,
    struct slots *slots, struct template *out);
/* A template that is just this text (no placeholders). */
void template_literal(struct template *t, const char *text);
void template_free(struct template *t);
void slots_free(struct slots *s);
/* Copies each slot's value from the record being evaluated (record properties such as file
 * and line, then captures, then fields), bounded; vals[i] is replaced (freed first) and is
 * NULL when the record has no such value. */
void slots_fill(const struct slots *s, const struct evalctx *e, char **vals);
/* Renders t into sb with slot values and aggregates (agg may be NULL); a missing or empty
 * value shows its fallback. A value that is a list of codes, or a portal error name, known
 * to cat (which may be NULL) is decorated by catalogue_decorate. Bounded by RULE_TEXT_MAX. */
struct aggregates {
	uint64_t count;
	const char *first_time, *last_time, *subject;
};
void template_render(const struct template *t, char *const *vals, const struct aggregates *agg,
    const struct catalogue *cat, struct strbuf *sb);
/* Truncates n so that s[0..n) stays valid UTF-8 at its end and n <= max. */
size_t utf8_cut(const char *s, size_t n, size_t max);

/* ---- Rules and the ruleset (rules_load.c). ---- */

struct rule_test_int {
	struct rule_test pub;
	struct rule_test_file *files;
};

/* Which records a rule counts, by the computer an event was recorded on. */
enum rule_scope { SCOPE_THIS_SERVER, SCOPE_OTHER_COMPUTERS };

struct rule {
	char *id, *title, *section, *file;
	char *check_title;	/* checks: the prerequisite as the checklist states it */
	char *cause, *resolution, *ask, *ask_file, *missing;
	enum severity severity;
	int is_check;
	long line, col;		/* where the id is */
	uint64_t min_count;
	char **refs;
	size_t nrefs;
	struct cond match;
	struct cond requires;	/* checks only */
	struct template subject, message, pass;
	struct slots subj_slots, msg_slots, pass_slots;
	struct rule_test_int *tests;
	size_t ntests;
	/* Correlation and the verdict (marstriage-rules(5), CORRELATION). */
	char **explains;	/* rule ids this rule's findings explain */
	size_t nexplains;
	int has_within;
	int64_t within_ms;
	struct cond within_of;
	int has_join;
	struct cond join_of;
	struct template join_key;	/* unset: join on existence only */
	struct slots join_slots;
	char *join_default;	/* the key assumed when no record met join_of, or NULL */
	int has_without;
	struct cond without;
	int has_escalate;
	enum severity esc_severity;
	struct cond esc_when;
	int history;		/* matches older than the last successful backup are history */
	enum rule_scope scope;
};

/* Dispatch: the rules to try for records of one kind. */
struct kind_rules {
	char *kind;
	size_t *idx;
	size_t n;
};

struct ruleset {
	struct rule *rules;
	size_t nrules, cap;
	char *version;
	struct pack_consts consts;
	struct catalogue *codes;	/* never NULL after loading */
	int has_success;
	struct cond success;		/* pack success: records of a successful backup */
	char **success_kinds;		/* kinds success may match (copies) */
	size_t nsuccess_kinds;
	int success_wild;		/* success may match any kind */
	uint32_t maxgroups;
	struct kind_rules *kinds;	/* kinds some rule pins, each with its rules + wildcards */
	size_t nkinds;
	size_t *wild;			/* rules that may match any kind */
	size_t nwild;
	struct prefilter *pf;		/* literals the conditions need (rules_prefilter.c) */
};

/* Rules tried for records of this kind, in rule order. */
const size_t *ruleset_dispatch(const struct ruleset *rs, const char *kind, size_t *n);
/* 1 when records of this kind may meet the pack's success condition. */
int ruleset_success_kind(const struct ruleset *rs, const char *kind);

/* Evaluation statistics of a run (rules_eval.c), for tests and --stats. */
struct rule_run_stats {
	uint64_t records;	/* records fed */
	uint64_t evaluations;	/* rule conditions evaluated */
	uint64_t re_failures;	/* regular expression matches stopped by a limit */
};
void rule_run_get_stats(const struct rule_run *run, struct rule_run_stats *st);

/* ---- The prefilter (rules_prefilter.c). ---- */

/* Gives every condition evaluated per record (match, requires, within, join, without,
 * escalate, the pack's success) a guard when it cannot hold unless a field contains one of a
 * few literal strings; the ruleset then owns the result. */
struct prefilter;
struct prefilter *prefilter_build(struct ruleset *rs);
void prefilter_free(struct prefilter *pf);
size_t prefilter_literals(const struct prefilter *pf);

/* One run's scratch: which fields were scanned and which literals found, per record. */
struct prefilter_state;
struct prefilter_stats {
	uint64_t scans;		/* field values scanned */
	uint64_t bytes;		/* bytes scanned */
	uint64_t skipped;	/* evaluations the guards saved */
};
struct prefilter_state *prefilter_state_new(const struct prefilter *pf);
void prefilter_state_free(struct prefilter_state *st);
void prefilter_get_stats(const struct prefilter_state *st, struct prefilter_stats *out);
/* 0 when k cannot hold for r: none of the literals it needs is in r. seq numbers the record
 * (any value that changes with each record; never 0): each field is scanned once per seq.
 * 1 when k may hold, or has no guard. */
int prefilter_may_hold(const struct prefilter *pf, struct prefilter_state *st,
    const struct cond *k, const struct record *r, uint64_t seq);
/* Scans r's fields for the literals (done by the first call of the two below for a record
 * anyway; separate so that it can be timed). */
void prefilter_scan_record(const struct prefilter *pf, struct prefilter_state *st,
    const struct record *r, uint64_t seq);
/* 0 when none of the conditions rule i evaluates per record can hold for r: trying it would
 * change nothing. The same seq numbering. */
int prefilter_rule_live(const struct prefilter *pf, struct prefilter_state *st, size_t rule,
    const struct record *r, uint64_t seq);
/* After prefilter_scan_record for a record: a bit per rule, set when prefilter_rule_live
 * would say 1 for it (rules below the ruleset's count only); NULL without a prefilter. Lets
 * the feeding loop test each rule without a call. */
const uint64_t *prefilter_live(const struct prefilter *pf, const struct prefilter_state *st);

#endif
