/* Parser for boot configuration outputs: bcdedit (one boot record saying UEFI or BIOS with
 * the boot manager and OS loader paths) and mountvol (one mount record per volume, and a
 * boot record when its usage text shows the firmware). */
#include <stdlib.h>
#include <string.h>
#include "parsers_backup.h"

#define EXCERPT_MAX	1024
#define PATH_KEEP	512
#define POINTS_MAX	2048	/* bytes of one volume's joined mount points */

#define BID_STRONG	24	/* "identifier {bootmgr}", mountvol's list heading */
#define BID_VOLUMES	16	/* two "\\?\Volume{...}\" lines without the heading */
#define BID_MORE	4
#define BID_MAX		64

static const char bootmgr_guid[] = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";
static const char list_heading[] = "Possible values for VolumeName along with current mount "
    "points are:";

struct boot {
	/* bcdedit: the section being read */
	int in_section;
	char ident[64];		/* first value of the section: its identifier */
	char path[PATH_KEEP];
	long pathline;
	/* results */
	char bootmgr[PATH_KEEP];
	int has_bootmgr;
	char loader[PATH_KEEP];
	int loader_current;	/* the loader kept is {current} */
	long loaderline;
	int fwbootmgr;
	/* mountvol */
	int usage_e, usage_s, listing;
	char esp[PATH_KEEP];
	int vol_open;
	long vol_line;
	char volume[64];
	struct strbuf points;
};

static int
starts(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);

	return n >= l && ascii_ncasecmp(s, prefix, l) == 0;
}

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);

	return n >= l && ascii_ncasecmp(s + n - l, suffix, l) == 0;
}

static void
copy_span(char *dst, size_t cap, const char *s, size_t n)
{
	n = parse_utf8_cut(s, n, cap - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* "key   value" of a bcdedit element line: the key has no spaces, the value follows runs of
 * spaces. Returns 0 with the value span set. */
static int
element(const char *s, size_t n, const char **v, size_t *vl)
{
	size_t i = 0;

	if (n == 0 || s[0] == ' ' || s[0] == '\t')
		return -1;
	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	if (i == n)
		return -1;
	*v = s + i;
	*vl = n - i;
	trim_span(v, vl);
	return *vl ? 0 : -1;
}

/* "\\?\Volume{GUID}\" alone on its line. */
static int
volume_line(const char *s, size_t n)
{
	return n == 49 && has_prefix(s, n, "\\\\?\\Volume") && cmdout_is_guid(s + 10, 38) &&
	    s[48] == '\\';
}

static int
boot_bid(const char *name, const char *head, size_t headlen)
{
	const char *l, *v;
	size_t ll, vl, pos = 0;
	int bid = 0, vols = 0, heading = 0, more = 0;

	(void)name;
	while (cmdout_next_line(head, headlen, &pos, &l, &ll)) {
		if (element(l, ll, &v, &vl) == 0 && ((vl == 9 && ascii_ncasecmp(v, "{bootmgr}", 9) == 0) ||
		    (vl == 38 && ascii_ncasecmp(v, bootmgr_guid, 38) == 0) ||
		    (vl == 11 && ascii_ncasecmp(v, "{fwbootmgr}", 11) == 0)))
			bid = BID_STRONG;
		else if (element(l, ll, &v, &vl) == 0 && (ends_with(v, vl, "\\winload.efi") ||
		    ends_with(v, vl, "\\winload.exe")))
			more++;
		trim_span(&l, &ll);
		if (starts(l, ll, list_heading))
			heading = 1;
		else if (volume_line(l, ll))
			vols++;
	}
	if (bid)
		bid += more * BID_MORE;
	if (heading)
		bid += BID_STRONG + vols * BID_MORE;
	else if (vols >= 2)
		bid += BID_VOLUMES + (vols - 2) * BID_MORE;
	return bid > BID_MAX ? BID_MAX : bid;
}

/* --- bcdedit ------------------------------------------------------------------------------ */

static int
is_loader(const char *p)
{
	size_t n = strlen(p);

	return ends_with(p, n, "\\winload.efi") || ends_with(p, n, "\\winload.exe");
}

static void
section_end(struct boot *b)
{
	if (!b->in_section)
		return;
	b->in_section = 0;
	if (ascii_casecmp(b->ident, "{bootmgr}") == 0 ||
	    ascii_casecmp(b->ident, bootmgr_guid) == 0) {
		snprintf(b->bootmgr, sizeof b->bootmgr, "%s", b->path);
		b->has_bootmgr = 1;
	}
	else if (ascii_casecmp(b->ident, "{fwbootmgr}") == 0)
		b->fwbootmgr = 1;
	else if (is_loader(b->path) && (b->loader[0] == '\0' ||
	    (!b->loader_current && ascii_casecmp(b->ident, "{current}") == 0))) {
		snprintf(b->loader, sizeof b->loader, "%s", b->path);
		b->loader_current = ascii_casecmp(b->ident, "{current}") == 0;
		b->loaderline = b->pathline;
	}
}

static void
bcd_line(struct parse_ctx *ctx, struct boot *b, const char *s, size_t n)
{
	const char *v;
	size_t vl;

	if (n > 0 && s[0] == '-' && s[n - 1] == '-') {
		section_end(b);		/* the dashes under a section title */
		b->in_section = 1;
		b->ident[0] = b->path[0] = '\0';
		return;
	}
	if (!b->in_section || element(s, n, &v, &vl) != 0)
		return;
	if (b->ident[0] == '\0')
		copy_span(b->ident, sizeof b->ident, v, vl);
	else if (v[0] == '\\' && (ends_with(v, vl, ".efi") || ends_with(v, vl, ".exe")) &&
	    b->path[0] == '\0') {
		copy_span(b->path, sizeof b->path, v, vl);
		b->pathline = textin_lineno(ctx->in);
	}
}

/* --- mountvol ------------------------------------------------------------------------------ */

static void
volume_end(struct parse_ctx *ctx, struct boot *b)
{
	const char *g;

	if (!b->vol_open)
		return;
	b->vol_open = 0;
	record_begin(&ctx->rec, "mount", ctx->entry, b->vol_line);
	record_set_excerpt(&ctx->rec, b->volume, strlen(b->volume));
	g = strchr(b->volume, '{');
	if (g)
		record_set(&ctx->rec, "volume_guid", g, 38);
	record_sets(&ctx->rec, "volume", b->volume);
	record_set(&ctx->rec, "mount_points", b->points.s ? b->points.s : "", b->points.len);
	record_sets(&ctx->rec, "mounted", b->points.len ? "yes" : "no");
	parse_emit(ctx);
}

static void
mount_line(struct parse_ctx *ctx, struct boot *b, const char *t, size_t tl)
{
	if (volume_line(t, tl)) {
		volume_end(ctx, b);
		b->vol_open = 1;
		b->vol_line = textin_lineno(ctx->in);
		copy_span(b->volume, sizeof b->volume, t, tl);
		sb_reset(&b->points);
		return;
	}
	if (!b->vol_open)
		return;
	if (tl == 0) {
		volume_end(ctx, b);
		return;
	}
	if (strstr(t, "*** ") == t)
		return;		/* "*** NO MOUNT POINTS ***" */
	cmdout_append(&b->points, "\n", t, tl, POINTS_MAX);
}

static void
emit_boot(struct parse_ctx *ctx, struct boot *b, int bcd)
{
	const char *fw = NULL;

	if (bcd) {
		if (b->fwbootmgr || ends_with(b->loader, strlen(b->loader), ".efi") ||
		    ends_with(b->bootmgr, strlen(b->bootmgr), ".efi"))
			fw = "uefi";
		else if (ends_with(b->loader, strlen(b->loader), ".exe"))
			fw = "bios";
	} else if (b->usage_s || b->esp[0])
		fw = "uefi";
	else if (b->usage_e && b->listing)
		fw = "bios";	/* the usage text was complete and had no /S option */
	if (fw == NULL)
		return;
	record_begin(&ctx->rec, "boot", ctx->entry, bcd ? b->loaderline : 0);
	record_sets(&ctx->rec, "firmware", fw);
	if (bcd) {
		if (b->loader[0])
			record_set_excerpt(&ctx->rec, b->loader, strlen(b->loader));
		if (b->bootmgr[0])
			record_sets(&ctx->rec, "bootmgr_path", b->bootmgr);
		if (b->loader[0])
			record_sets(&ctx->rec, "loader_path", b->loader);
		record_sets(&ctx->rec, "source", "bcdedit");
	} else {
		if (b->esp[0])
			record_sets(&ctx->rec, "esp_mount", b->esp);
		record_sets(&ctx->rec, "source", "mountvol");
	}
	parse_emit(ctx);
}

static int
boot_parse(struct parse_ctx *ctx)
{
	struct boot *b = xcalloc(1, sizeof *b);
	const char *line, *t;
	size_t len, tl;
	int rc, bcd = 0;

	while ((rc = cmdout_getline(ctx, &line, &len)) == 1) {
		t = line;
		tl = len;
		trim_span(&t, &tl);
		if (tl == 0)
			section_end(b);
		else if (starts(t, tl, "/E "))
			b->usage_e = 1;
		else if (starts(t, tl, "/S ") && ascii_casestr(t, tl, "EFI System Partition"))
			b->usage_s = 1;
		else if (starts(t, tl, list_heading)) {
			b->listing = 1;
			continue;
		} else if (starts(t, tl, "The EFI System Partition is mounted at ")) {
			copy_span(b->esp, sizeof b->esp, t + 39, tl - 39);
			continue;
		}
		mount_line(ctx, b, t, tl);
		if (!b->vol_open)
			bcd_line(ctx, b, line, len);
	}
	section_end(b);
	volume_end(ctx, b);
	bcd = b->has_bootmgr || b->loader[0] || b->fwbootmgr;
	emit_boot(ctx, b, bcd);
	sb_free(&b->points);
	free(b);
	return rc < 0 ? -1 : 0;
}

static const char *const boot_globs[] = {
	"*bcdedit*", "*mountvol*", "*bcd*", NULL
};

const struct parser parser_boot = {
	"boot",
	"bcdedit and mountvol outputs (UEFI or BIOS, boot paths, volume mount points)",
	boot_globs,
	boot_bid,
	boot_parse
};
