/* Parser for files that hold several command outputs in a row: a collection script's
 * transcript, a console log with "PS C:\> command" or "C:\>command" prompts, or outputs under
 * "===== command =====" banners. The file is split at those headers; each segment is
 * recognised on its own and read by its own parser through a sub-stream that ends at the next
 * header, and its records keep the line numbers of the whole file. */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include "parser.h"
#include "parsers_event.h"

#define NAME_MAX_LEN	96	/* the command, passed as the segment's name */
#define NOTE_KINDS	8	/* kinds listed in the note */
#define SUBNOTE_MAX	160
#define BID_BASE	16	/* on top of what the segments' parsers bid together */
#define BID_MAX		255

enum hdr { H_NONE, H_PROMPT, H_BANNER };

static int
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "PS C:\Users\x> cmd", "PS>cmd", "C:\Windows\system32>cmd": the command after the prompt. */
static int
prompt(const char *s, size_t n, const char **cmd, size_t *cn)
{
	const char *gt, *path;
	size_t pl;

	if (n >= 3 && memcmp(s, "PS>", 3) == 0) {
		*cmd = s + 3;
		*cn = n - 3;
		return 1;
	}
	if (n >= 5 && memcmp(s, "PS ", 3) == 0)
		path = s + 3;
	else if (n >= 4 && is_letter(s[0]) && s[1] == ':' && s[2] == '\\')
		path = s;
	else
		return 0;
	if ((gt = memchr(path, '>', (size_t)(s + n - path))) == NULL)
		return 0;
	pl = (size_t)(gt - path);
	if (pl < 2 || pl > 260 || memchr(path, '<', pl) || memchr(path, '|', pl) ||
	    memchr(path, '"', pl))
		return 0;
	/* A path: a drive ("C:\"), a share ("\\server") or a provider path ("...::"). */
	if (!(is_letter(path[0]) && path[1] == ':') && !(path[0] == '\\' && path[1] == '\\') &&
	    mt_memmem(path, pl, "::", 2) == NULL)
		return 0;
	*cmd = gt + 1;
	*cn = (size_t)(s + n - *cmd);
	return 1;
}

/* "===== systeminfo =====", "----- vssadmin list writers -----", "#### Get-Service":
 * a run of one banner character, a title with a letter, and optionally the run again.
 * Stars and hashes need four ("*** NO MOUNT POINTS ***" is mountvol output). */
static int
banner(const char *s, size_t n, const char **title, size_t *tn)
{
	size_t i = 0, j, min;
	char c = n ? s[0] : 0;
	int letter = 0;

	if (c != '=' && c != '-' && c != '#' && c != '*' && c != '~')
		return 0;
	min = c == '*' || c == '#' ? 4 : 3;
	while (i < n && s[i] == c)
		i++;
	if (i < min || i >= n || (s[i] != ' ' && s[i] != '\t' && s[i] != '['))
		return 0;
	j = n;
	while (j > i && s[j - 1] == c)
		j--;
	if (j < n && n - j < min)
		return 0;
	*title = s + i;
	*tn = j - i;
	trim_span(title, tn);
	for (i = 0; i < *tn; i++)
		letter |= is_letter((*title)[i]);
	return letter && *tn > 0 && *tn <= 200;
}

static enum hdr
header(const char *s, size_t n, const char **cmd, size_t *cn)
{
	trim_span(&s, &n);
	if (prompt(s, n, cmd, cn)) {
		trim_span(cmd, cn);
		return H_PROMPT;
	}
	if (banner(s, n, cmd, cn))
		return H_BANNER;
	return H_NONE;
}

/* The command as a name for recognition: its first line, bounded, without path. */
static void
segment_name(const char *cmd, size_t cn, char *out, size_t max)
{
	if (cn >= max)
		cn = parse_utf8_cut(cmd, cn, max - 1);
	memcpy(out, cmd, cn);
	out[cn] = '\0';
}

/* --- bid ----------------------------------------------------------------------------------- */

static int
transcript_bid(const char *name, const char *head, size_t headlen)
{
	const char *l, *cmd = NULL, *seg = head, *c;
	size_t pos = 0, n, cn = 0, at, seglen, k;
	char sname[NAME_MAX_LEN];
	enum hdr h, cur = H_NONE;
	int nh = 0, sum = 0, nrec = 0, b, preamble;

	(void)name;
	preamble = mt_memmem(head, headlen, "Windows PowerShell transcript start", 35) != NULL;
	for (;;) {
		at = pos;
		h = H_NONE;
		if (parse_head_line(head, headlen, &pos, &l, &n))
			h = header(l, n, &c, &k);
		else
			at = headlen;
		if (h == H_NONE && at < headlen)
			continue;
		/* The segment before this header (or the end of the head); a banner on the
		 * head's last line leaves none. */
		seglen = head + at > seg ? (size_t)(head + at - seg) : 0;
		if (cur != H_NONE && seglen > 0) {
			segment_name(cmd, cn, sname, sizeof sname);
			if (recognise_except(&parser_transcript, sname, seg, seglen, &b) && b > 0) {
				sum += b;
				nrec++;
			}
		}
		if (at >= headlen)
			break;
		nh++;
		cur = h;
		cmd = c;
		cn = k;
		seg = h == H_PROMPT ? head + at : head + (pos < headlen ? pos : headlen);
	}
	if ((nh < 2 && !(preamble && nh >= 1)) || nrec == 0)
		return 0;
	sum += BID_BASE;
	return sum > BID_MAX ? BID_MAX : sum;
}

/* --- segments as sub-streams ------------------------------------------------------------- */

struct seg_src {
	struct textin *parent;
	struct strbuf cur;		/* the line being handed out, with its "\n" */
	size_t curpos;
	int ended;			/* the segment reached a header or the end */
	int eof;			/* the parent is at its end */
	int err;
	/* The header that ended the segment. */
	struct strbuf next;
	long next_line;
	enum hdr next_kind;
};

static ssize_t
seg_read(void *c, void *buf, size_t n)
{
	struct seg_src *s = c;
	const char *l, *cmd;
	size_t len, k, cn;
	enum hdr h;
	int rc;

	while (s->curpos >= s->cur.len) {
		if (s->ended)
			return 0;
		rc = textin_getline(s->parent, &l, &len);
		if (rc < 0) {
			s->err = 1;
			return -1;
		}
		if (rc == 0) {
			s->ended = s->eof = 1;
			return 0;
		}
		if ((h = header(l, len, &cmd, &cn)) != H_NONE) {
			sb_reset(&s->next);
			sb_add(&s->next, l, len);
			s->next_line = textin_lineno(s->parent);
			s->next_kind = h;
			s->ended = 1;
			return 0;
		}
		sb_reset(&s->cur);
		sb_add(&s->cur, l, len);
		sb_addc(&s->cur, '\n');
		s->curpos = 0;
	}
	k = s->cur.len - s->curpos;
	if (k > n)
		k = n;
	memcpy(buf, s->cur.s + s->curpos, k);
	s->curpos += k;
	return (ssize_t)k;
}

static const char *
seg_errmsg(void *c)
{
	struct seg_src *s = c;

	return s->err ? textin_error(s->parent) : NULL;
}

struct summary {
	int segments, read, unknown, partial;
	const char *kinds[NOTE_KINDS];
	int nkinds;
	struct strbuf subnotes;
};

static void
add_kind(struct summary *sm, const char *kind)
{
	int i;

	for (i = 0; i < sm->nkinds; i++)
		if (strcmp(sm->kinds[i], kind) == 0)
			return;
	if (sm->nkinds < NOTE_KINDS)
		sm->kinds[sm->nkinds++] = kind;
}

/* Reads one segment: recognition on its own head, then its parser. */
static void
run_segment(struct parse_ctx *ctx, struct seg_src *ss, const char *name, long base,
    struct summary *sm)
{
	struct byte_source src = {seg_read, seg_errmsg, ss};
	struct textin *sub = textin_open(src, ctx->lim ? (size_t)ctx->lim->max_line : 0);
	const struct parser *p = NULL;
	struct parse_ctx pc;
	const char *head;
	char drain[4096];
	size_t hl;
	int rc, bid;

	if (textin_is_empty(sub)) {
		textin_close(sub);
		return;
	}
	sm->segments++;
	head = textin_head(sub, &hl);
	if (!textin_is_binary(sub))
		p = recognise_except(&parser_transcript, name, head, hl, &bid);
	if (p == NULL)
		sm->unknown++;
	else {
		memset(&pc, 0, sizeof pc);
		pc.bundle = ctx->bundle;
		pc.entry = ctx->entry;
		pc.mtime = ctx->mtime;
		pc.in = sub;
		pc.lim = ctx->lim;
		pc.env = ctx->env;
		pc.sink = ctx->sink;
		pc.line_base = ctx->line_base + base;
		rc = p->parse(&pc);
		ctx->nrecords += pc.nrecords;
		sm->read++;
		add_kind(sm, p->name);
		if (rc != 0) {
			sm->partial++;
			if (pc.note && sm->subnotes.len < SUBNOTE_MAX * 2)
				sb_printf(&sm->subnotes, "; %s from line %ld: %.*s", p->name, base + 1,
				    (int)parse_utf8_cut(pc.note, strlen(pc.note), SUBNOTE_MAX),
				    pc.note);
		}
		free(pc.note);
		record_free(&pc.rec);
	}
	/* Whatever the parser left unread belongs to this segment. */
	while (textin_read(sub, drain, sizeof drain) > 0)
		;
	textin_close(sub);
}

static int
transcript_parse(struct parse_ctx *ctx)
{
	struct seg_src ss;
	struct summary sm;
	struct strbuf note = STRBUF_INIT;
	char name[NAME_MAX_LEN];
	const char *cmd;
	size_t cn;
	long base = 0;
	int i, rc = 0;

	memset(&ss, 0, sizeof ss);
	memset(&sm, 0, sizeof sm);
	ss.parent = ctx->in;
	name[0] = '\0';
	/* Lines before the first header are a segment too (a script's own messages). */
	for (;;) {
		run_segment(ctx, &ss, name, base, &sm);
		if (ss.err || ss.eof || ss.next_kind == H_NONE)
			break;
		/* The header starts the next segment: a prompt line is the command echo that
		 * parsers know; a banner is not part of the output. */
		header(ss.next.s, ss.next.len, &cmd, &cn);
		segment_name(cmd, cn, name, sizeof name);
		sb_reset(&ss.cur);
		ss.curpos = 0;
		if (ss.next_kind == H_PROMPT) {
			sb_add(&ss.cur, ss.next.s, ss.next.len);
			sb_addc(&ss.cur, '\n');
			base = ss.next_line - 1;
		} else
			base = ss.next_line;
		ss.next_kind = H_NONE;
		ss.ended = 0;
	}
	sb_printf(&note, "%d segment%s", sm.segments, sm.segments == 1 ? "" : "s");
	if (sm.read) {
		sb_printf(&note, ", %d read as ", sm.read);
		for (i = 0; i < sm.nkinds; i++)
			sb_printf(&note, "%s%s", i ? ", " : "", sm.kinds[i]);
	}
	if (sm.unknown)
		sb_printf(&note, "; %d not recognised", sm.unknown);
	if (sm.subnotes.len)
		sb_adds(&note, sm.subnotes.s);
	parse_note(ctx, "%s", note.s);
	if (ss.err)
		rc = parse_read_error(ctx);
	else if (sm.partial)
		rc = -1;
	sb_free(&note);
	sb_free(&sm.subnotes);
	sb_free(&ss.cur);
	sb_free(&ss.next);
	return rc;
}

static const char *const transcript_globs[] = {
	"*transcript*", "*trace*.txt", "*console*", NULL
};

const struct parser parser_transcript = {
	"transcript",
	"several command outputs in one file (prompts, transcripts, banners), each read by "
	    "its own parser",
	transcript_globs,
	transcript_bid,
	transcript_parse
};
