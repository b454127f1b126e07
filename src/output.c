/* Writing report files safely: a temporary file beside the target, renamed (or, without
 * --force, hard-linked so an existing report is never replaced) into place. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "diag.h"
#include "output.h"
#include "util.h"

/* Archive suffixes dropped from a bundle's name: case-1234.zip -> case-1234.report.md. */
static const char *const bundle_suffixes[] = {
	".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tgz", ".tbz2", ".txz", ".tzst", ".tar",
	".zip", ".7z", ".cab", ".gz", ".bz2", ".xz", ".zst",
};

static size_t
strip_suffix(const char *s, size_t n)
{
	size_t i, sl;

	for (i = 0; i < MT_ARRAY_LEN(bundle_suffixes); i++) {
		sl = strlen(bundle_suffixes[i]);
		if (n > sl && s[n - sl - 1] != '/' &&
		    ascii_casecmp(s + n - sl, bundle_suffixes[i]) == 0)
			return n - sl;
	}
	return n;
}

char *
output_default_path(const char *bundle, const char *dir, const char *ext)
{
	size_t n = strlen(bundle);
	const char *base;
	char *stem, *p;

	while (n > 1 && bundle[n - 1] == '/')
		n--;
	stem = xstrndup(bundle, n);
	stem[strip_suffix(stem, n)] = '\0';
	if (dir == NULL) {
		p = xasprintf("%s.report.%s", stem, ext);
	} else {
		base = strrchr(stem, '/');
		base = base ? base + 1 : stem;
		n = strlen(dir);
		p = xasprintf("%s%s%s.report.%s", dir, n && dir[n - 1] == '/' ? "" : "/", base, ext);
	}
	free(stem);
	return p;
}

static int
fail(const char *path, const char *what)
{
	diag(DIAG_ERROR, NULL, NULL, 0, "%s: %s: %s", path, what, strerror(errno));
	return -1;
}

int
output_write(const struct renderer *rd, const struct report *r, const char *path, int force)
{
	char *tmp;
	FILE *fp;
	mode_t mask;
	int fd, rc;

	if (strcmp(path, "-") == 0) {
		if (rd->render(r, stdout) != 0 || fflush(stdout) != 0)
			return fail("standard output", "cannot write");
		return 0;
	}
	if (!force && access(path, F_OK) == 0) {
		diag(DIAG_ERROR, NULL, NULL, 0, "%s: exists; use --force to replace it", path);
		return -1;
	}
	tmp = xasprintf("%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		rc = fail(path, "cannot create a temporary file beside it");
		free(tmp);
		return rc;
	}
	/* mkstemp makes 0600; a report is an ordinary file, so honour the umask instead. */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return fail(path, "cannot write");
	}
	rc = rd->render(r, fp);
	if (fflush(fp) != 0 || ferror(fp))
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	if (rc != 0) {
		rc = fail(path, "cannot write");
	} else if (force) {
		if (rename(tmp, path) != 0)
			rc = fail(path, "cannot rename the finished report into place");
	} else if (link(tmp, path) != 0) {
		/* Some file systems have no hard links: fall back to a checked rename. */
		if (errno == EEXIST)
			rc = fail(path, "appeared while writing; kept");
		else if (access(path, F_OK) != 0 && rename(tmp, path) == 0)
			rc = 0;
		else
			rc = fail(path, "cannot move the finished report into place");
	}
	unlink(tmp);
	free(tmp);
	return rc;
}
