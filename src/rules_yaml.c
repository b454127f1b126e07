/* Reading a rule file: libyaml's event stream turned into a small tree of scalars, sequences
 * and mappings that keeps each node's line and column for error messages. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "rules_int.h"

void
lerr(struct lctx *c, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;

	c->nerrors++;
	if (c->err->len > 0)
		sb_addc(c->err, '\n');
	if (at != NULL)
		sb_printf(c->err, "%s:%ld:%ld: ", c->file, at->line, at->col);
	else
		sb_printf(c->err, "%s: ", c->file);
	va_start(ap, fmt);
	{
		char msg[512];
		vsnprintf(msg, sizeof msg, fmt, ap);
		sb_adds(c->err, msg);
	}
	va_end(ap);
}

static struct ynode *
node_new(enum ynode_type t, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof *n);

	n->type = t;
	n->line = (long)m->line + 1;
	n->col = (long)m->column + 1;
	return n;
}

static void
node_add(struct ynode *parent, struct ynode *kid, size_t *cap)
{
	parent->kids = xgrow(parent->kids, cap, parent->nkids + 1, sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
}

void
yaml_tree_free(struct ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		yaml_tree_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

static void
syntax_error(const char *name, const yaml_parser_t *p, struct strbuf *err)
{
	const yaml_mark_t *m = &p->problem_mark;

	if (err->len > 0)
		sb_addc(err, '\n');
	sb_printf(err, "%s:%lu:%lu: YAML syntax error: %s", name, (unsigned long)m->line + 1,
	    (unsigned long)m->column + 1, p->problem ? p->problem : "unknown problem");
	if (p->context)
		sb_printf(err, " (%s at line %lu)", p->context,
		    (unsigned long)p->context_mark.line + 1);
}

/* line and col are 1-based. */
static void
tree_error(const char *name, long line, long col, const char *msg, struct strbuf *err)
{
	if (err->len > 0)
		sb_addc(err, '\n');
	sb_printf(err, "%s:%ld:%ld: %s", name, line, col, msg);
}

static void
mark_error(const char *name, const yaml_mark_t *m, const char *msg, struct strbuf *err)
{
	tree_error(name, (long)m->line + 1, (long)m->column + 1, msg, err);
}

/* Mapping keys must be unique scalars; YAML requires it and libyaml does not check. */
static int
check_keys(const char *name, const struct ynode *map, struct strbuf *err)
{
	size_t i, j;

	for (i = 0; i < map->nkids; i += 2) {
		const struct ynode *k = map->kids[i];
		if (k->type != Y_SCALAR) {
			tree_error(name, k->line, k->col, "mapping keys must be plain text", err);
			return -1;
		}
		for (j = 0; j < i; j += 2) {
			const struct ynode *o = map->kids[j];
			if (o->len == k->len && memcmp(o->text, k->text, k->len) == 0) {
				char msg[160];
				snprintf(msg, sizeof msg,
				    "duplicate key '%.64s' (first at line %ld)", k->text, o->line);
				tree_error(name, k->line, k->col, msg, err);
				return -1;
			}
		}
	}
	return 0;
}

struct ynode *
yaml_tree_parse(const char *name, const char *buf, size_t len, struct strbuf *err)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct ynode *stack[RULE_MAX_DEPTH + 1];
	size_t caps[RULE_MAX_DEPTH + 1];
	struct ynode *root = NULL;
	size_t depth = 0, nodes = 0;
	int docs = 0, done = 0, failed = 0;

	if (!yaml_parser_initialize(&p)) {
		tree_error(name, 1, 1, "cannot start the YAML parser", err);
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done && !failed) {
		struct ynode *n = NULL;
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(name, &p, err);
			failed = 1;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				mark_error(name, &ev.start_mark,
				    "a rule file holds one YAML document", err);
				failed = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			mark_error(name, &ev.start_mark, "YAML aliases are not supported", err);
			failed = 1;
			break;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.anchor) {
				mark_error(name, &ev.start_mark, "YAML anchors are not supported",
				    err);
				failed = 1;
				break;
			}
			n = node_new(Y_SCALAR, &ev.start_mark);
			n->text = xstrndup((const char *)ev.data.scalar.value,
			    ev.data.scalar.length);
			n->len = ev.data.scalar.length;
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if ((ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.anchor :
			    ev.data.mapping_start.anchor) != NULL) {
				mark_error(name, &ev.start_mark, "YAML anchors are not supported",
				    err);
				failed = 1;
				break;
			}
			if (depth >= RULE_MAX_DEPTH) {
				mark_error(name, &ev.start_mark, "nested too deeply", err);
				failed = 1;
				break;
			}
			n = node_new(ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP,
			    &ev.start_mark);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			if (stack[depth]->type == Y_MAP && check_keys(name, stack[depth], err) < 0)
				failed = 1;
			break;
		default:
			break;
		}
		if (n != NULL) {
			if (++nodes > RULE_MAX_NODES) {
				mark_error(name, &ev.start_mark, "too many YAML nodes", err);
				yaml_tree_free(n);
				failed = 1;
			} else {
				if (depth == 0)
					root = n;
				else
					node_add(stack[depth - 1], n, &caps[depth - 1]);
				if (n->type != Y_SCALAR) {
					caps[depth] = 0;
					stack[depth++] = n;
				}
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (failed) {
		yaml_tree_free(root);
		return NULL;
	}
	if (root == NULL)
		tree_error(name, 1, 1, "empty rule file", err);
	return root;
}

int
ynode_is_null(const struct ynode *n)
{
	return n->type == Y_SCALAR && n->plain && (n->len == 0 || strcmp(n->text, "~") == 0 ||
	    ascii_casecmp(n->text, "null") == 0);
}

int
ynode_bool(const struct ynode *n, int *b)
{
	static const char *const yes[] = {"true", "yes", "on"};
	static const char *const no[] = {"false", "no", "off"};
	size_t i;

	if (n->type != Y_SCALAR || !n->plain)
		return -1;
	for (i = 0; i < MT_ARRAY_LEN(yes); i++) {
		if (ascii_casecmp(n->text, yes[i]) == 0) {
			*b = 1;
			return 0;
		}
		if (ascii_casecmp(n->text, no[i]) == 0) {
			*b = 0;
			return 0;
		}
	}
	return -1;
}

const struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != Y_MAP)
		return NULL;
	for (i = 0; i + 1 < map->nkids; i += 2)
		if (strcmp(map->kids[i]->text, key) == 0)
			return map->kids[i + 1];
	return NULL;
}
