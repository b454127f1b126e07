/* Tests for the renderer table and the Markdown and JSON renderers, on hand-built reports
 * that carry hostile bundle text. */
#include <criterion/criterion.h>
#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include "render.h"
#include "util.h"

/* ---- a tiny JSON reader, enough to check the output and look values up ---- */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jtype t;
	char *s;		/* J_STR: decoded; J_NUM: as written */
	struct jv *items;	/* J_ARR, J_OBJ */
	char **keys;		/* J_OBJ */
	size_t n;
};

struct jp {
	const char *p;
	int err;
};

static void
jp_ws(struct jp *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')
		j->p++;
}

static void
put_utf8(struct strbuf *sb, unsigned long c)
{
	if (c < 0x80) {
		sb_addc(sb, (char)c);
	} else if (c < 0x800) {
		sb_addc(sb, (char)(0xC0 | (c >> 6)));
		sb_addc(sb, (char)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		sb_addc(sb, (char)(0xE0 | (c >> 12)));
		sb_addc(sb, (char)(0x80 | ((c >> 6) & 0x3F)));
		sb_addc(sb, (char)(0x80 | (c & 0x3F)));
	} else {
		sb_addc(sb, (char)(0xF0 | (c >> 18)));
		sb_addc(sb, (char)(0x80 | ((c >> 12) & 0x3F)));
		sb_addc(sb, (char)(0x80 | ((c >> 6) & 0x3F)));
		sb_addc(sb, (char)(0x80 | (c & 0x3F)));
	}
}

static char *
jp_string(struct jp *j)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned long c;
	char hex[5];
	size_t k;

	if (*j->p != '"') {
		j->err = 1;
		return NULL;
	}
	j->p++;
	while (!j->err && *j->p != '"') {
		if ((unsigned char)*j->p < 0x20) {
			j->err = 1;	/* raw control characters are not allowed */
		} else if (*j->p == '\\') {
			j->p++;
			switch (*j->p) {
			case '"': case '\\': case '/':
				sb_addc(&sb, *j->p);
				break;
			case 'n': sb_addc(&sb, '\n'); break;
			case 'r': sb_addc(&sb, '\r'); break;
			case 't': sb_addc(&sb, '\t'); break;
			case 'b': sb_addc(&sb, '\b'); break;
			case 'f': sb_addc(&sb, '\f'); break;
			case 'u':
				for (k = 0; k < 4 && j->p[1 + k] != '\0'; k++)
					hex[k] = j->p[1 + k];
				hex[k] = '\0';
				if (strspn(hex, "0123456789abcdefABCDEF") != 4) {
					j->err = 1;
					break;
				}
				c = strtoul(hex, NULL, 16);
				if (c >= 0xD800 && c <= 0xDFFF)
					j->err = 1;	/* we never write surrogates */
				else
					put_utf8(&sb, c);
				j->p += 4;
				break;
			default:
				j->err = 1;
			}
			if (!j->err)
				j->p++;
		} else
			sb_addc(&sb, *j->p++);
	}
	if (!j->err)
		j->p++;
	return sb_detach(&sb);
}

static void
jv_append(struct jv *v, char *key, struct jv item)
{
	v->items = xrealloc(v->items, (v->n + 1) * sizeof *v->items);
	v->keys = xrealloc(v->keys, (v->n + 1) * sizeof *v->keys);
	v->items[v->n] = item;
	v->keys[v->n] = key;
	v->n++;
}

static struct jv
jp_value(struct jp *j, int depth)
{
	struct jv v;

	memset(&v, 0, sizeof v);
	jp_ws(j);
	if (j->err || depth > 64) {
		j->err = 1;
		return v;
	}
	if (*j->p == '{' || *j->p == '[') {
		char close = *j->p == '{' ? '}' : ']';

		v.t = *j->p == '{' ? J_OBJ : J_ARR;
		j->p++;
		jp_ws(j);
		if (*j->p == close) {
			j->p++;
			return v;
		}
		for (;;) {
			char *key = NULL;

			jp_ws(j);
			if (v.t == J_OBJ) {
				key = jp_string(j);
				jp_ws(j);
				if (*j->p == ':')
					j->p++;
				else
					j->err = 1;
			}
			jv_append(&v, key, jp_value(j, depth + 1));
			jp_ws(j);
			if (j->err)
				return v;
			if (*j->p == ',') {
				j->p++;
				continue;
			}
			if (*j->p == close)
				j->p++;
			else
				j->err = 1;
			return v;
		}
	}
	if (*j->p == '"') {
		v.t = J_STR;
		v.s = jp_string(j);
	} else if (strncmp(j->p, "null", 4) == 0) {
		v.t = J_NULL;
		j->p += 4;
	} else if (strncmp(j->p, "true", 4) == 0 || strncmp(j->p, "false", 5) == 0) {
		v.t = J_BOOL;
		j->p += *j->p == 't' ? 4 : 5;
	} else if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) {
		size_t n = strspn(j->p, "-0123456789.eE+");

		v.t = J_NUM;
		v.s = xstrndup(j->p, n);
		j->p += n;
	} else
		j->err = 1;
	return v;
}

static void
jv_free(struct jv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		jv_free(&v->items[i]);
		free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->s);
}

/* Looks up a dotted path such as "findings.1.evidence.0.line"; NULL if absent. */
static const struct jv *
jget(const struct jv *v, const char *path)
{
	char seg[64];
	size_t len, i;

	while (v != NULL && *path != '\0') {
		len = strcspn(path, ".");
		cr_assert_lt(len, sizeof seg);
		memcpy(seg, path, len);
		seg[len] = '\0';
		path += len + (path[len] == '.');
		if (v->t == J_ARR) {
			i = strtoul(seg, NULL, 10);
			v = i < v->n ? &v->items[i] : NULL;
		} else if (v->t == J_OBJ) {
			for (i = 0; i < v->n && strcmp(v->keys[i], seg) != 0; i++)
				;
			v = i < v->n ? &v->items[i] : NULL;
		} else
			v = NULL;
	}
	return v;
}

static const char *
jstr(const struct jv *root, const char *path)
{
	const struct jv *v = jget(root, path);

	cr_assert_not_null(v, "%s missing", path);
	cr_assert_eq(v->t, J_STR, "%s is not a string", path);
	return v->s;
}

static const char *
jnum(const struct jv *root, const char *path)
{
	const struct jv *v = jget(root, path);

	cr_assert_not_null(v, "%s missing", path);
	cr_assert_eq(v->t, J_NUM, "%s is not a number", path);
	return v->s;
}

static int
jnull(const struct jv *root, const char *path)
{
	const struct jv *v = jget(root, path);

	cr_assert_not_null(v, "%s missing", path);
	return v->t == J_NULL;
}

static size_t
jlen(const struct jv *root, const char *path)
{
	const struct jv *v = jget(root, path);

	cr_assert_not_null(v, "%s missing", path);
	cr_assert(v->t == J_ARR || v->t == J_OBJ, "%s is not a container", path);
	return v->n;
}

static struct jv
parse_json(const char *text)
{
	struct jp j = { text, 0 };
	struct jv v = jp_value(&j, 0);

	jp_ws(&j);
	cr_assert_eq(j.err, 0, "JSON syntax error near: %.60s", j.p);
	cr_assert_eq(*j.p, '\0', "trailing text: %.60s", j.p);
	return v;
}

/* 1 if text is one well-formed JSON value, for testing the reader itself. */
static int
json_ok(const char *text)
{
	struct jp j = { text, 0 };
	struct jv v = jp_value(&j, 0);
	int ok;

	jp_ws(&j);
	ok = !j.err && *j.p == '\0';
	jv_free(&v);
	return ok;
}

static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k, len;

	for (i = 0; p[i] != '\0'; i += len) {
		if (p[i] < 0x80)
			len = 1;
		else if (p[i] >= 0xC2 && p[i] <= 0xDF)
			len = 2;
		else if (p[i] >= 0xE0 && p[i] <= 0xEF)
			len = 3;
		else if (p[i] >= 0xF0 && p[i] <= 0xF4)
			len = 4;
		else
			return 0;
		for (k = 1; k < len; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

/* ---- a realistic report with hostile strings where a bundle supplies text ---- */

static void
add_evidence(struct finding *f, const char *file, long line, int has_id, uint64_t id,
    const char *time, enum time_quality q, const char *excerpt)
{
	struct evidence *e;

	f->evidence = xrealloc(f->evidence, (f->nevidence + 1) * sizeof *f->evidence);
	e = &f->evidence[f->nevidence++];
	memset(e, 0, sizeof *e);
	e->file = xstrdup(file);
	e->line = line;
	e->has_record_id = has_id;
	e->record_id = id;
	e->time = time ? xstrdup(time) : NULL;
	e->time_quality = q;
	e->excerpt = excerpt ? xstrdup(excerpt) : NULL;
}

static struct finding *
add_finding(struct report *r, enum severity sev, const char *rule, const char *subject,
    const char *title, const char *message)
{
	struct finding *f = report_add_finding(r);

	f->severity = sev;
	f->rule = xstrdup(rule);
	f->subject = subject ? xstrdup(subject) : NULL;
	f->title = xstrdup(title);
	f->message = xstrdup(message);
	f->section = xstrdup("VSS");
	f->count = 1;
	return f;
}

static void
add_check(struct report *r, const char *rule, const char *title, enum check_status st,
    const char *detail, const char *ask, const char *file)
{
	struct check *c = report_add_check(r);

	c->rule = xstrdup(rule);
	c->title = xstrdup(title);
	c->section = xstrdup("Prerequisites");
	c->status = st;
	c->severity = SEV_ERROR;
	c->detail = detail ? xstrdup(detail) : NULL;
	c->ask = ask ? xstrdup(ask) : NULL;
	c->ask_file = file ? xstrdup(file) : NULL;
}

static struct report *
problem_report(void)
{
	struct report *r = report_new();
	struct inventory *inv = inventory_new();
	struct inv_entry *e;
	struct finding *f;

	r->bundle = xstrdup("case-1234.zip");
	r->host = xstrdup("SRV-BACKUP01");
	r->os = xstrdup("Microsoft Windows Server 2019 Standard");
	r->agent_version = xstrdup("2.0.9262.0");
	r->time_first = xstrdup("2024-03-01T01:00:00.000Z");
	r->time_last = xstrdup("2024-03-02T02:03:04.000Z");
	r->tool_version = "0.1.0";
	r->rules_version = xstrdup("2024.03");

	f = add_finding(r, SEV_ERROR, "mars.job.failed", "job 5F1C",
	    "System State backup job failed",
	    "Job failed with 0x80042302 | see `CBEngine` <script>alert(1)</script>");
	f->explained_by = xstrdup("vss.writer.failed");
	f->count = 3;
	f->first_time = xstrdup("2024-03-01T01:00:00.000Z");
	f->last_time = xstrdup("2024-03-02T02:03:04.000Z");
	add_evidence(f, "Temp/CBEngineCurr.errlog", 1589, 0, 0, "2024-03-01T01:00:00.000Z",
	    TQ_ZONE_UNKNOWN, "1A2C\t0E50\t03/01 01:00:00.000\t71\tbackupasync.cpp(1589)\t"
	    "WARNING\tFailed: Hr: = [0x80042302] `x` | [a](javascript:alert(1))");
	f->cause = xstrdup("The **VSS** service failed.\n");
	f->resolution = xstrdup("Restart the `VSS` service.\n\n- step one\n");
	f->references = xcalloc(1, sizeof *f->references);
	f->references[0] = xstrdup("https://learn.microsoft.com/azure/backup/");
	f->nreferences = 1;

	f = add_finding(r, SEV_CRITICAL, "vss.writer.failed", "System Writer",
	    "A VSS writer is in a failed state",
	    "Writer \"System Writer\" state [8] Failed\x1b[31m\nLast error: Timed out");
	add_evidence(f, "Logs/System.xml", 0, 1, 4521, "2024-03-01T00:59:58.120Z", TQ_UTC,
	    "Volume Shadow Copy Service error: \"\"><img src=x onerror=alert(1)>");
	add_evidence(f, "vss|writers\xFF.txt", 42, 0, 0, NULL, TQ_NONE, NULL);

	add_finding(r, SEV_WARNING, "disk.space.low", "C:",
	    "Little free space on the system volume", "2.1 GB free");
	add_finding(r, SEV_INFO, "agent.version", NULL, "MARS agent version", "2.0.9262.0");
	report_sort(r);

	add_check(r, "vss.writers.stable", "VSS writers are stable", CHECK_FAIL,
	    "System Writer | state [8] Failed", "vssadmin list writers", "vss-writers.txt");
	add_check(r, "wsb.installed", "Windows Server Backup is installed", CHECK_PASS,
	    "Windows-Server-Backup [X] Installed", "Get-WindowsFeature", "features.txt");
	add_check(r, "vss.writer.system", "System Writer is listed", CHECK_NOT_VERIFIABLE,
	    NULL, "vssadmin list writers", "vss-writers.txt");
	add_check(r, "disk.free", "Enough free space", CHECK_NOT_VERIFIABLE, "no disk listing",
	    "fsutil volume diskfree C:", "diskfree.txt");

	e = inventory_add(inv, "Temp/CBEngineCurr.errlog", 0);
	e->status = INV_PARSED;
	inv_set_kind(e, "mars.log");
	inv_set_encoding(e, "UTF-16LE");
	e->records = 1200;
	e->size_declared = 400000;
	e->bytes_read = 400000;
	e = inventory_add(inv, "logs.zip!/<script>|evil`\n.txt", 1);
	e->status = INV_SKIPPED;
	e->flags = INV_F_SUSPICIOUS_NAME | INV_F_LIMIT;
	e->size_declared = -1;
	inv_set_note(e, "binary | %s", "not text\nsecond line");
	r->inventory = inv;
	r->totals.entries = 2;
	r->totals.bytes_read = 400000;
	r->totals.records = 1200;
	r->totals.parsed = 1;
	r->totals.skipped = 1;
	return r;
}

static struct report *
healthy_report(void)
{
	struct report *r = report_new();

	r->bundle = xstrdup("case-5678.zip");
	r->tool_version = "0.1.0";
	r->rules_version = xstrdup("2024.03");
	r->inventory = inventory_new();
	add_finding(r, SEV_INFO, "agent.version", NULL, "MARS agent version", "2.0.9262.0");
	add_check(r, "wsb.installed", "Windows Server Backup is installed", CHECK_PASS,
	    "installed", "Get-WindowsFeature", "features.txt");
	return r;
}

static char *
render(const char *fmt, const struct report *r)
{
	const struct renderer *rd = renderer_find(fmt);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	cr_assert_not_null(rd, "no renderer %s", fmt);
	fp = open_memstream(&buf, &len);
	cr_assert_not_null(fp);
	cr_assert_eq(rd->render(r, fp), 0);
	cr_assert_eq(fclose(fp), 0);
	cr_assert_eq(strlen(buf), len, "no NUL bytes in the output");
	return buf;
}

/* ---- the table ---- */

Test(table, lists_md_and_json)
{
	size_t i;

	cr_assert_eq(renderer_find("md"), &render_md);
	cr_assert_eq(renderer_find("json"), &render_json);
	cr_assert_null(renderer_find("docx"));
	cr_assert_null(renderer_find(NULL));
	for (i = 0; renderer_table[i] != NULL; i++) {
		cr_assert_not_null(renderer_table[i]->description);
		cr_assert_not_null(renderer_table[i]->ext);
		cr_assert_eq(renderer_find(renderer_table[i]->name), renderer_table[i]);
	}
	cr_assert_geq(i, 2);
}

Test(table, write_error_is_reported)
{
	struct report *r = problem_report();
	FILE *fp = fopen("/dev/null", "r");
	size_t i;

	cr_assert_not_null(fp);
	for (i = 0; renderer_table[i] != NULL; i++) {
		clearerr(fp);
		cr_expect_eq(renderer_table[i]->render(r, fp), -1, "%s", renderer_table[i]->name);
	}
	fclose(fp);
	report_free(r);
}

/* ---- JSON ---- */

Test(json, reader_rejects_what_it_should)
{
	cr_assert(json_ok("{\"a\": [1, \"x\\u00e9\", null, {}], \"b\": []}"));
	cr_assert_not(json_ok("{\"a\": [1, 2}"));
	cr_assert_not(json_ok("{\"a\": \"raw\ncontrol\"}"));
	cr_assert_not(json_ok("{\"a\": \"bad \\q escape\"}"));
	cr_assert_not(json_ok("{\"a\": 1} trailing"));
	cr_assert_not(json_ok("{\"a\" 1}"));
	cr_assert_not(json_ok("\"cut \\u12"));
	cr_assert_not(json_ok("[\"unterminated"));
}

Test(json, problem_report_values)
{
	struct report *r = problem_report();
	char *out = render("json", r);
	struct jv v;
	static const char *const keys[] = { "schema_version", "tool", "rules_version", "bundle",
		"verdict", "findings", "checklist", "jobs", "timeline", "ask_customer", "inventory",
		"totals" };
	static const char start[] = "{\n  \"schema_version\": 1,\n  \"tool\": {\n    \"name\"";
	size_t i;

	cr_assert(valid_utf8(out));
	cr_assert_eq(out[strlen(out) - 1], '\n');
	cr_assert(strncmp(out, start, strlen(start)) == 0, "%.60s", out);
	v = parse_json(out);
	cr_assert_eq(v.t, J_OBJ);
	cr_assert_eq(v.n, MT_ARRAY_LEN(keys));
	for (i = 0; i < v.n; i++)
		cr_assert_str_eq(v.keys[i], keys[i], "key order");
	cr_assert_str_eq(jnum(&v, "schema_version"), "1");
	cr_assert_str_eq(jstr(&v, "tool.name"), "marstriage");
	cr_assert_str_eq(jstr(&v, "tool.version"), "0.1.0");
	cr_assert_str_eq(jstr(&v, "rules_version"), "2024.03");
	cr_assert_str_eq(jstr(&v, "bundle.host"), "SRV-BACKUP01");
	cr_assert(jnull(&v, "bundle.tz_note"));
	cr_assert_str_eq(jstr(&v, "verdict.status"), "problems");
	cr_assert_str_eq(jstr(&v, "verdict.worst_severity"), "critical");
	/* The job failure is explained by the writer failure: one top item. */
	cr_assert_eq(jlen(&v, "verdict.top"), 1);
	cr_assert_str_eq(jstr(&v, "verdict.top.0.rule"), "vss.writer.failed");
	cr_assert_str_eq(jstr(&v, "verdict.top.0.subject"), "System Writer");

	cr_assert_eq(jlen(&v, "findings"), 4);
	cr_assert_str_eq(jstr(&v, "findings.0.rule"), "vss.writer.failed");
	cr_assert_str_eq(jstr(&v, "findings.0.message"),
	    "Writer \"System Writer\" state [8] Failed\x1b[31m\nLast error: Timed out");
	cr_assert_str_eq(jnum(&v, "findings.0.evidence.0.event_record_id"), "4521");
	cr_assert(jnull(&v, "findings.0.evidence.0.line"));
	cr_assert_str_eq(jstr(&v, "findings.0.evidence.0.time_quality"), "utc");
	cr_assert_str_eq(jstr(&v, "findings.0.evidence.1.file"), "vss|writers\xEF\xBF\xBD.txt");
	cr_assert_str_eq(jnum(&v, "findings.0.evidence.1.line"), "42");
	cr_assert(jnull(&v, "findings.0.evidence.1.time"));
	cr_assert(jnull(&v, "findings.0.evidence.1.excerpt"));
	cr_assert(jnull(&v, "findings.0.cause"));
	cr_assert_eq(jlen(&v, "findings.0.references"), 0);
	cr_assert_str_eq(jstr(&v, "findings.1.rule"), "mars.job.failed");
	cr_assert_str_eq(jstr(&v, "findings.1.explained_by"), "vss.writer.failed");
	cr_assert_str_eq(jnum(&v, "findings.1.count"), "3");
	cr_assert_str_eq(jstr(&v, "findings.1.evidence.0.time_quality"), "zone-unknown");
	cr_assert_str_eq(jnum(&v, "findings.1.evidence.0.line"), "1589");
	cr_assert_str_eq(jstr(&v, "findings.1.cause"), "The **VSS** service failed.\n");
	cr_assert_str_eq(jstr(&v, "findings.1.references.0"),
	    "https://learn.microsoft.com/azure/backup/");
	cr_assert_str_eq(jstr(&v, "findings.3.severity"), "info");
	cr_assert(jnull(&v, "findings.3.subject"));

	cr_assert_eq(jlen(&v, "checklist"), 4);
	cr_assert_str_eq(jstr(&v, "checklist.0.status"), "fail");
	cr_assert_str_eq(jstr(&v, "checklist.1.status"), "pass");
	cr_assert_str_eq(jstr(&v, "checklist.2.status"), "not_verifiable");
	cr_assert(jnull(&v, "checklist.2.detail"));
	cr_assert_str_eq(jstr(&v, "checklist.3.ask_file"), "diskfree.txt");

	cr_assert_eq(jlen(&v, "ask_customer"), 2);
	cr_assert_str_eq(jstr(&v, "ask_customer.0.command"), "vssadmin list writers");
	cr_assert_str_eq(jstr(&v, "ask_customer.0.file"), "vss-writers.txt");
	cr_assert_eq(jlen(&v, "ask_customer.0.for"), 2);
	cr_assert_str_eq(jstr(&v, "ask_customer.0.for.1"), "vss.writer.system");
	cr_assert_str_eq(jstr(&v, "ask_customer.1.for.0"), "disk.free");

	cr_assert_eq(jlen(&v, "inventory"), 2);
	cr_assert_str_eq(jstr(&v, "inventory.0.kind"), "mars.log");
	cr_assert_str_eq(jstr(&v, "inventory.0.status"), "parsed");
	cr_assert_str_eq(jnum(&v, "inventory.0.size_declared"), "400000");
	cr_assert_str_eq(jstr(&v, "inventory.1.path"), "logs.zip!/<script>|evil`\n.txt");
	cr_assert_str_eq(jnum(&v, "inventory.1.depth"), "1");
	cr_assert(jnull(&v, "inventory.1.size_declared"));
	cr_assert(jnull(&v, "inventory.1.kind"));
	cr_assert_eq(jlen(&v, "inventory.1.flags"), 2);
	cr_assert_str_eq(jstr(&v, "inventory.1.flags.0"), "suspicious_name");
	cr_assert_str_eq(jstr(&v, "inventory.1.flags.1"), "limit");
	cr_assert_str_eq(jstr(&v, "inventory.1.note"), "binary | not text\nsecond line");
	cr_assert_str_eq(jnum(&v, "totals.records"), "1200");
	cr_assert_str_eq(jnum(&v, "totals.skipped"), "1");
	jv_free(&v);
	free(out);
	report_free(r);
}

Test(json, layout_is_two_space_indented_and_deterministic)
{
	struct report *r = problem_report();
	char *a = render("json", r), *b = render("json", r), *line, *save = NULL;
	size_t spaces;

	cr_assert_str_eq(a, b);
	cr_assert(strstr(a, "\"references\": []") != NULL, "empty array on one line");
	for (line = strtok_r(a, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		spaces = strspn(line, " ");
		cr_assert_eq(spaces % 2, 0, "odd indentation: [%s]", line);
		cr_assert_neq(line[spaces], '\0', "blank line");
		cr_assert(line[strlen(line) - 1] != ' ', "trailing space: [%s]", line);
	}
	free(a);
	free(b);
	report_free(r);
}

Test(json, healthy_and_unreadable)
{
	struct report *r = healthy_report();
	char *out = render("json", r);
	struct jv v = parse_json(out);

	cr_assert_str_eq(jstr(&v, "verdict.status"), "healthy");
	cr_assert_str_eq(jstr(&v, "verdict.worst_severity"), "info");
	cr_assert_eq(jlen(&v, "verdict.top"), 0);
	cr_assert_eq(jlen(&v, "ask_customer"), 0);
	cr_assert_eq(jlen(&v, "inventory"), 0);
	cr_assert(jnull(&v, "bundle.host"));
	cr_assert(strstr(out, "\"top\": []") != NULL);
	jv_free(&v);
	free(out);

	r->unreadable = 1;
	out = render("json", r);
	v = parse_json(out);
	cr_assert_str_eq(jstr(&v, "verdict.status"), "unreadable");
	jv_free(&v);
	free(out);
	report_free(r);

	r = report_new();
	out = render("json", r);
	v = parse_json(out);
	cr_assert(jnull(&v, "verdict.worst_severity"));
	cr_assert(jnull(&v, "bundle.path"));
	cr_assert_eq(jlen(&v, "findings"), 0);
	cr_assert_str_eq(jnum(&v, "totals.entries"), "0");
	jv_free(&v);
	free(out);
	report_free(r);
}

/* ---- Markdown ---- */

/* Cells of a GFM table row ('|' splits unless a backslash pair takes it). */
static int
gfm_cells(const char *row)
{
	int pipes = 0;
	const char *p;

	for (p = row; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0' && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
		    p[1]) != NULL)
			p++;
		else if (*p == '|')
			pipes++;
	}
	return pipes - 1;
}

/* The lines of the section that starts with heading, up to the next "## ". */
static char *
section(const char *md, const char *heading)
{
	const char *a = strstr(md, heading), *b;

	cr_assert_not_null(a, "no section %s", heading);
	b = strstr(a + strlen(heading), "\n## ");
	return xstrndup(a, b ? (size_t)(b - a) + 1 : strlen(a));
}

static void
check_table(const char *md, const char *heading, int columns, int rows)
{
	char *s = section(md, heading), *line, *save = NULL;
	int n = 0;

	for (line = strtok_r(s, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		if (line[0] == '|') {
			cr_expect_eq(gfm_cells(line), columns, "row [%s]", line);
			n++;
		}
	cr_expect_eq(n, rows + 2, "%s: header, delimiter and %d rows", heading, rows);
	free(s);
}

Test(markdown, problem_report_layout)
{
	static const char head[] = "# marstriage report: case-1234.zip\n\n"
	    "**Verdict: problems found** \xE2\x80\x94 1 critical, 1 error, 1 warning, 1 info; "
	    "checks: 1 pass, 1 fail, 2 not verifiable.\n\n";
	struct report *r = problem_report();
	char *md = render("md", r), *s;

	cr_assert(valid_utf8(md));
	cr_assert(strncmp(md, head, strlen(head)) == 0, "%s", md);
	cr_assert(strstr(md, "- **Host:** SRV-BACKUP01\n") != NULL);
	cr_assert(strstr(md, "- **Time zone:** unknown\n") != NULL);
	cr_assert(strstr(md, "- **Time span:** 2024-03-01T01:00:00.000Z to "
	    "2024-03-02T02:03:04.000Z\n") != NULL);

	/* Order of the sections: what a reader needs first, then the details. */
	cr_assert(strstr(md, "## Verdict") < strstr(md, "## Checklist"));
	cr_assert(strstr(md, "## Checklist") < strstr(md, "## Timeline"));
	cr_assert(strstr(md, "## Timeline") < strstr(md, "## Findings"));
	cr_assert(strstr(md, "## Findings") < strstr(md, "### Critical (1)"));
	cr_assert(strstr(md, "### Critical (1)") < strstr(md, "### Error (1)"));
	cr_assert(strstr(md, "### Info (1)") < strstr(md, "## Ask the customer"));
	cr_assert(strstr(md, "## Ask the customer") < strstr(md, "## Inventory"));

	s = section(md, "## Verdict");
	cr_assert(strstr(s, "\n- **critical** \xE2\x80\x94 A VSS writer is in a failed state "
	    "(`vss.writer.failed`, System Writer): ") != NULL, "%s", s);
	cr_assert(strstr(s, "\n  - explains: **error** \xE2\x80\x94 System State backup job failed")
	    != NULL, "%s", s);
	cr_assert(strstr(s, "disk.space.low") == NULL, "warnings are not top when errors exist");
	free(s);

	/* Evidence: path and line in a code span; bundle text escaped or in code. */
	cr_assert(strstr(md, "- `Temp/CBEngineCurr.errlog:1589`, 2024-03-01T01:00:00.000Z "
	    "(local time, zone unknown): `` 1A2C 0E50 ") != NULL, "%s", md);
	cr_assert(strstr(md, "- `Logs/System.xml`, event record 4521, 2024-03-01T00:59:58.120Z: "
	    "`Volume Shadow") != NULL, "%s", md);
	cr_assert(strstr(md, "- `vss|writers.txt:42`\n") != NULL, "%s", md);
	cr_assert(strstr(md, "Job failed with 0x80042302 \\| see \\`CBEngine\\` "
	    "\\<script\\>alert(1)\\</script\\>") != NULL);
	/* Rule texts are Markdown, written as they are. */
	cr_assert(strstr(md, "**Cause**\n\nThe **VSS** service failed.\n\n") != NULL);
	cr_assert(strstr(md, "Restart the `VSS` service.\n\n- step one\n\n") != NULL);
	cr_assert(strstr(md, "- https://learn.microsoft.com/azure/backup/\n") != NULL);
	cr_assert(strstr(md, "- **Explained by:** `vss.writer.failed`\n") != NULL);

	/* Tables keep their columns whatever the cells hold. */
	check_table(md, "## Checklist", 5, 4);
	check_table(md, "## Inventory", 9, 2);
	cr_assert(strstr(md, "| **fail** | VSS writers are stable | vss.writers.stable | "
	    "System Writer \\| state \\[8\\] Failed | vssadmin list writers (send back "
	    "vss-writers.txt) |\n") != NULL, "%s", md);
	cr_assert(strstr(md, "| 1200 | 400000 | UTF-16LE | 0 |  | ") != NULL, "%s", md);
	cr_assert(strstr(md, "suspicious_name, limit") != NULL);

	/* The ask block: deduplicated, one command per line, ready to paste. */
	s = section(md, "## Ask the customer");
	cr_assert(strstr(s, "```text\nvssadmin list writers > vss-writers.txt\n"
	    "fsutil volume diskfree C: > diskfree.txt\n```\n") != NULL, "%s", s);
	cr_assert(strstr(s, "Get-WindowsFeature") == NULL, "passing checks ask for nothing");
	free(s);

	cr_assert(strstr(md, "**Totals:** 2 entries, 400000 bytes read, 1200 records; 1 parsed, "
	    "0 partial, 1 skipped, 0 failed, 0 containers.\n") != NULL);
	cr_assert(strchr(md, '\x1b') == NULL);
	free(md);
	report_free(r);
}

Test(markdown, renders_without_live_html_or_links)
{
	struct report *r = problem_report();
	char *md = render("md", r), *html;

	html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_UNSAFE);
	cr_assert(strstr(html, "<script") == NULL);
	cr_assert(strstr(html, "<img") == NULL);
	cr_assert(strstr(html, "javascript:alert(1)</a>") == NULL);
	cr_assert(strstr(html, "href=\"javascript") == NULL);
	/* The only link-like text is the rule file's own reference, which stays plain. */
	cr_assert(strstr(html, "<a ") == NULL, "%s", html);
	cr_assert(strstr(html, "<h1>marstriage report: case-1234.zip</h1>") != NULL);
	cr_assert(strstr(html, "<strong>VSS</strong>") != NULL, "rule Markdown is rendered");
	free(html);
	free(md);
	report_free(r);
}

Test(markdown, healthy_unknowns_and_determinism)
{
	struct report *r = healthy_report();
	char *md = render("md", r), *again = render("md", r);

	cr_assert_str_eq(md, again);
	cr_assert(strstr(md, "\n**Verdict: healthy** \xE2\x80\x94 no finding at warning or above; "
	    "checks: 1 pass, 0 fail, 0 not verifiable.\n") != NULL, "%s", md);
	cr_assert(strstr(md, "- **Host:** unknown\n") != NULL);
	cr_assert(strstr(md, "- **MARS agent:** unknown\n") != NULL);
	cr_assert(strstr(md, "- **Time span:** unknown\n") != NULL);
	cr_assert(strstr(md, "**OS:**") == NULL, "OS only when known");
	cr_assert(strstr(md, "Nothing at warning or above was found.") != NULL);
	cr_assert(strstr(md, "Nothing to ask for.") != NULL);
	cr_assert(strstr(md, "No entries.") != NULL);
	free(md);
	free(again);

	r->unreadable = 1;
	md = render("md", r);
	cr_assert(strstr(md, "\n**Verdict: unreadable**") != NULL);
	free(md);
	report_free(r);
}

Test(markdown, ask_fence_outgrows_backticks)
{
	struct report *r = report_new();
	char *md;

	add_check(r, "odd.ask", "Odd ask", CHECK_FAIL, "x", "echo ```` done", NULL);
	md = render("md", r);
	cr_assert(strstr(md, "`````text\necho ```` done\n`````\n") != NULL, "%s", md);
	free(md);
	report_free(r);
}
