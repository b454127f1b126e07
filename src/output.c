/* Writing report files safely: a temporary file beside the target, renamed (or, without
 * --force, hard-linked so an existing report is never replaced) into place; and the names
 * reports get. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "diag.h"
#include "output.h"
#include "util.h"
#include <pthread.h>	/* after record.h until its TQ_UTC no longer clashes with <time.h> */

/* Archive suffixes dropped from a bundle's name: case-1234.zip -> case-1234.report.md. The
 * first ones hold files; the last four compress a single file. */
static const char *const bundle_suffixes[] = {
	".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tgz", ".tbz2", ".txz", ".tzst", ".tar",
	".zip", ".7z", ".cab", ".gz", ".bz2", ".xz", ".zst",
};
#define NCONTAINER_SUFFIXES (MT_ARRAY_LEN(bundle_suffixes) - 4)

/* Length of s[0, n) without a suffix from the first nsuf of bundle_suffixes. */
static size_t
strip_suffix(const char *s, size_t n, size_t nsuf)
{
	size_t i, sl;

	for (i = 0; i < nsuf; i++) {
		sl = strlen(bundle_suffixes[i]);
		if (n > sl && s[n - sl - 1] != '/' &&
		    ascii_casecmp(s + n - sl, bundle_suffixes[i]) == 0)
			return n - sl;
	}
	return n;
}

int
output_is_archive_name(const char *name)
{
	size_t n = strlen(name);

	return strip_suffix(name, n, NCONTAINER_SUFFIXES) != n;
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
	stem[strip_suffix(stem, n, MT_ARRAY_LEN(bundle_suffixes))] = '\0';
	if (dir == NULL) {
		p = xasprintf("%s.report.%s", stem, ext);
	} else {
		base = strrchr(stem, '/');
		base = base ? base + 1 : stem;
		p = output_path(dir, base, ext);
	}
	free(stem);
	return p;
}

char *
output_stem(const char *bundle)
{
	size_t n = strlen(bundle);
	const char *base;
	char *stem;

	while (n > 1 && bundle[n - 1] == '/')
		n--;
	for (base = bundle + n; base > bundle && base[-1] != '/'; base--)
		;
	n -= (size_t)(base - bundle);
	n = strip_suffix(base, n, MT_ARRAY_LEN(bundle_suffixes));
	if (n == 0 || (n == 1 && base[0] == '.') || (n == 2 && base[0] == '.' && base[1] == '.') ||
	    base[0] == '/')
		return xstrdup("bundle");
	stem = xstrndup(base, n);
	return stem;
}

char *
output_path(const char *dir, const char *stem, const char *ext)
{
	size_t n = strlen(dir);

	return xasprintf("%s%s%s.report.%s", dir, n && dir[n - 1] == '/' ? "" : "/", stem, ext);
}

/* The umask, read once: reading it means setting it, which must not race between threads. */
static pthread_once_t umask_once = PTHREAD_ONCE_INIT;
static mode_t file_mode;

static void
read_umask(void)
{
	mode_t mask = umask(0);

	umask(mask);
	file_mode = 0666 & ~mask;
}

static int
fail(const char *path, const char *what)
{
	diag(DIAG_ERROR, NULL, NULL, 0, "%s: %s: %s", path, what, strerror(errno));
	return -1;
}

int
output_replaceable(const char *path, int force)
{
	struct stat st;

	if (strcmp(path, "-") == 0)
		return 0;
	/* Only an ordinary file is ever replaced: renaming over a symbolic link, a device or a
	 * FIFO would change what the path means (think of /dev/null, or a link placed there). */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag(DIAG_ERROR, NULL, NULL, 0, "%s: exists and is not a regular file; not replaced%s",
		    path, S_ISCHR(st.st_mode) ? " (to discard the report: -o - >/dev/null)" : "");
		return -1;
	}
	if (!force && access(path, F_OK) == 0) {
		diag(DIAG_ERROR, NULL, NULL, 0, "%s: exists; use --force to replace it", path);
		return -1;
	}
	return 0;
}

int
output_open(struct output_file *of, const char *path, int force)
{
	int fd;

	memset(of, 0, sizeof *of);
	of->force = force;
	if (strcmp(path, "-") == 0) {
		of->fp = stdout;
		return 0;
	}
	if (output_replaceable(path, force) != 0)
		return -1;
	of->tmp = xasprintf("%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(of->tmp)) < 0) {
		fail(path, "cannot create a temporary file beside it");
		free(of->tmp);
		of->tmp = NULL;
		return -1;
	}
	/* mkstemp makes 0600; a report is an ordinary file, so honour the umask instead. */
	pthread_once(&umask_once, read_umask);
	(void)fchmod(fd, file_mode);
	if ((of->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(of->tmp);
		free(of->tmp);
		of->tmp = NULL;
		return fail(path, "cannot write");
	}
	of->path = xstrdup(path);
	return 0;
}

int
output_close(struct output_file *of, int ok)
{
	int rc = 0;

	if (of->fp == NULL)
		return -1;
	if (of->path == NULL) {
		if (!ok || fflush(stdout) != 0 || ferror(stdout))
			rc = fail("standard output", "cannot write");
		of->fp = NULL;
		return rc;
	}
	if (fflush(of->fp) != 0 || ferror(of->fp))
		ok = 0;
	if (fclose(of->fp) != 0)
		ok = 0;
	of->fp = NULL;
	if (!ok) {
		rc = fail(of->path, "cannot write");
	} else if (of->force) {
		if (rename(of->tmp, of->path) != 0)
			rc = fail(of->path, "cannot rename the finished report into place");
	} else if (link(of->tmp, of->path) != 0) {
		/* Some file systems have no hard links: fall back to a checked rename. */
		if (errno == EEXIST)
			rc = fail(of->path, "appeared while writing; kept");
		else if (access(of->path, F_OK) != 0 && rename(of->tmp, of->path) == 0)
			rc = 0;
		else
			rc = fail(of->path, "cannot move the finished report into place");
	}
	unlink(of->tmp);
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
	return rc;
}

int
output_write(const struct renderer *rd, const struct report *r, const char *path, int force)
{
	struct output_file of;

	if (output_open(&of, path, force) != 0)
		return -1;
	return output_close(&of, rd->render(r, of.fp) == 0);
}
