/* Batch triage: expands the operands into bundles, names their reports, and analyses them
 * with a pool of POSIX threads (never child processes). The rule set is compiled once and
 * shared read-only; everything a bundle's analysis changes belongs to that analysis, so the
 * reports do not depend on the number of threads or on which thread ran which bundle. */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "batch.h"
#include "diag.h"
#include "output.h"
#include "progress.h"
#include "render.h"
#include "util.h"
#include <pthread.h>	/* after record.h until its TQ_UTC no longer clashes with <time.h> */

/* Parsers and libraries recurse on nested input; give workers the stack a main thread has
 * rather than the platform's thread default (512 KiB on macOS). */
#define WORKER_STACK ((size_t)8 << 20)

/* ---- the bundles of a run ---- */

static void
list_add(struct batch_list *bl, const char *path)
{
	bl->paths = xgrow(bl->paths, &bl->cap, bl->n + 1, sizeof *bl->paths);
	bl->paths[bl->n++] = xstrdup(path);
}

void
batch_list_free(struct batch_list *bl)
{
	size_t i;

	for (i = 0; i < bl->n; i++)
		free(bl->paths[i]);
	free(bl->paths);
	memset(bl, 0, sizeof *bl);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	return xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

/* The visible entries of a folder that are all archives, sorted; NULL (with *n 0) if the
 * folder holds anything else, cannot be listed, or holds no archive. */
static char **
folder_archives(const char *path, size_t *n)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	char **names = NULL, *full;
	size_t cap = 0, i;
	int ok = 1;

	*n = 0;
	if ((d = opendir(path)) == NULL)
		return NULL;
	while (ok && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		full = join(path, de->d_name);
		ok = stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
		    output_is_archive_name(de->d_name);
		free(full);
		if (ok) {
			names = xgrow(names, &cap, *n + 1, sizeof *names);
			names[(*n)++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (!ok || *n == 0) {
		for (i = 0; i < *n; i++)
			free(names[i]);
		free(names);
		*n = 0;
		return NULL;
	}
	qsort(names, *n, sizeof *names, name_cmp);
	return names;
}

int
batch_is_bundle_folder(const char *path)
{
	size_t n, i;
	char **names = folder_archives(path, &n);

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return n > 0;
}

static void
add_operand(struct batch_list *bl, const char *path)
{
	struct stat st;
	char **names;
	size_t n, i;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (names = folder_archives(path, &n)) != NULL) {
		bl->expanded = 1;
		for (i = 0; i < n; i++) {
			char *full = join(path, names[i]);
			list_add(bl, full);
			free(full);
			free(names[i]);
		}
		free(names);
		return;
	}
	list_add(bl, path);
}

static int
read_stdin_list(struct batch_list *bl)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, stdin)) > 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len > 0 && memchr(line, '\0', (size_t)len) == NULL)
			add_operand(bl, line);
	}
	free(line);
	if (ferror(stdin)) {
		diag(DIAG_ERROR, NULL, NULL, 0, "cannot read bundle paths from standard input: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
batch_collect(char *const *operands, size_t n, struct batch_list *bl)
{
	size_t i;

	memset(bl, 0, sizeof *bl);
	for (i = 0; i < n; i++) {
		if (strcmp(operands[i], "-") == 0) {
			bl->expanded = 1;
			if (read_stdin_list(bl) != 0)
				return -1;
		} else
			add_operand(bl, operands[i]);
	}
	return 0;
}

/* ---- report names ---- */

struct named {
	char *stem;
	size_t i;
};

static int
named_cmp(const void *pa, const void *pb)
{
	const struct named *a = pa, *b = pb;
	int c = ascii_casecmp(a->stem, b->stem);

	if (c != 0)
		return c;
	return (a->i > b->i) - (a->i < b->i);
}

/* FNV-1a: short, stable across platforms and runs. */
static uint32_t
fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* Renames every stem that shares its name (ASCII case-insensitively) with another, by
 * calling rename_one on it. Returns 1 if any was renamed. */
static int
disambiguate(struct named *v, size_t n, int round, char *const *paths)
{
	size_t i, k, j;
	int any = 0;
	char *s;

	qsort(v, n, sizeof *v, named_cmp);
	for (i = 0; i < n; i = k) {
		for (k = i + 1; k < n && ascii_casecmp(v[i].stem, v[k].stem) == 0; k++)
			;
		if (k - i < 2)
			continue;
		any = 1;
		for (j = i; j < k; j++) {
			/* First a hash of the path; the same path given twice needs a count. */
			if (round == 0)
				s = xasprintf("%s-%06lx", v[j].stem,
				    (unsigned long)(fnv1a(paths[v[j].i]) & 0xFFFFFF));
			else
				s = xasprintf("%s-%zu", v[j].stem, j - i + 1);
			free(v[j].stem);
			v[j].stem = s;
		}
	}
	return any;
}

char **
batch_stems(char *const *paths, size_t n)
{
	struct named *v = xcalloc(n, sizeof *v);
	char **out = xcalloc(n, sizeof *out);
	size_t i;
	int round;

	for (i = 0; i < n; i++) {
		v[i].stem = output_stem(paths[i]);
		v[i].i = i;
	}
	for (round = 0; round < 8 && disambiguate(v, n, round, paths); round++)
		;
	for (i = 0; i < n; i++)
		out[v[i].i] = v[i].stem;
	free(v);
	return out;
}

/* ---- where each format goes ---- */

int
batch_per_bundle(const char *format)
{
	return ascii_casecmp(format, "jsonl") != 0 && ascii_casecmp(format, "junit") != 0;
}

enum batch_dest
batch_dest(const struct batch_opts *bo, const char *format)
{
	if (ascii_casecmp(format, "jsonl") == 0)
		return DEST_STREAM;
	if (ascii_casecmp(format, "junit") == 0 && bo->output != NULL)
		return DEST_COLLECT;
	if (bo->output != NULL && strcmp(bo->output, "-") == 0)
		return DEST_STDOUT;
	return DEST_FILE;
}

/* ---- the worker pool ---- */

enum job_state { J_WAIT, J_SKIP, J_DONE };

struct batch_job {
	const char *path;
	const char *stem;
	enum job_state state;
	char *out;		/* DEST_STDOUT text waiting for the jobs before it */
	size_t outlen;
	struct index_row row;
};

struct pool {
	const struct batch_opts *bo;
	const struct renderer *rd[16];
	enum batch_dest dest[16];
	size_t nrd;
	struct batch_job *jobs;
	size_t njobs;
	size_t next;		/* next job to hand out */
	size_t emit;		/* next job whose stdout text is due */
	int direct;		/* one worker: DEST_STDOUT goes out at once */
	pthread_mutex_t mu;
	struct progress *pg;
	struct output_file stream;	/* jsonl destination */
	int failed;
};

struct worker {
	struct pool *pool;
	int slot;
	pthread_t thread;
};

/* Renders into memory; returns the text (NULL and *len 0 on failure). */
static char *
render_mem(const struct renderer *rd, const struct report *rep, size_t *len)
{
	char *buf = NULL;
	FILE *mem;
	int rc;

	*len = 0;
	if ((mem = open_memstream(&buf, len)) == NULL)
		return NULL;
	rc = rd->render(rep, mem);
	if (fclose(mem) != 0 || rc != 0) {
		free(buf);
		*len = 0;
		return NULL;
	}
	return buf;
}

static char *
file_path(const struct pool *p, const struct batch_job *j, const struct renderer *rd)
{
	const struct batch_opts *bo = p->bo;

	if (bo->output == NULL)
		return output_default_path(j->path, NULL, rd->ext);
	if (bo->output_is_dir)
		return output_path(bo->output, j->stem, rd->ext);
	return xstrdup(bo->output);
}

static void
append_out(struct batch_job *j, const char *text, size_t len)
{
	j->out = xrealloc(j->out, j->outlen + len + 1);
	memcpy(j->out + j->outlen, text, len);
	j->outlen += len;
}

/* Writes the stdout text of finished jobs in operand order. Called with the lock held. */
static void
emit_ready(struct pool *p)
{
	while (p->emit < p->njobs && p->jobs[p->emit].state != J_WAIT) {
		struct batch_job *j = &p->jobs[p->emit++];
		if (j->outlen > 0 && (fwrite(j->out, 1, j->outlen, stdout) != j->outlen ||
		    fflush(stdout) != 0)) {
			diag(DIAG_ERROR, NULL, NULL, 0, "standard output: cannot write");
			p->failed = 1;
		}
		free(j->out);
		j->out = NULL;
		j->outlen = 0;
	}
}

static void
write_outputs(struct pool *p, struct batch_job *j, const struct report *rep)
{
	size_t k, len;
	char *path, *text;

	for (k = 0; k < p->nrd; k++) {
		const struct renderer *rd = p->rd[k];
		switch (p->dest[k]) {
		case DEST_FILE:
			path = file_path(p, j, rd);
			if (output_write(rd, rep, path, p->bo->force) != 0) {
				pthread_mutex_lock(&p->mu);
				p->failed = 1;
				pthread_mutex_unlock(&p->mu);
			} else
				diag(DIAG_INFO, j->path, NULL, 0, "report written to %s", path);
			free(path);
			break;
		case DEST_STDOUT:
			if (p->direct) {
				pthread_mutex_lock(&p->mu);
				if (output_write(rd, rep, "-", 0) != 0)
					p->failed = 1;
				pthread_mutex_unlock(&p->mu);
				break;
			}
			if ((text = render_mem(rd, rep, &len)) != NULL) {
				append_out(j, text, len);
				free(text);
			} else {
				diag(DIAG_ERROR, j->path, NULL, 0, "cannot render the %s report",
				    rd->name);
				pthread_mutex_lock(&p->mu);
				p->failed = 1;
				pthread_mutex_unlock(&p->mu);
			}
			break;
		case DEST_STREAM:
			text = render_mem(rd, rep, &len);
			pthread_mutex_lock(&p->mu);
			if (text == NULL || fwrite(text, 1, len, p->stream.fp) != len ||
			    fflush(p->stream.fp) != 0) {
				diag(DIAG_ERROR, j->path, NULL, 0, "cannot write the %s line",
				    rd->name);
				p->failed = 1;
			}
			pthread_mutex_unlock(&p->mu);
			free(text);
			break;
		case DEST_COLLECT:
			break;
		}
	}
}

/* Links from the index to the bundle's report files, in renderer table order so that a
 * merged index lists them the same way. */
static void
add_links(struct pool *p, struct batch_job *j)
{
	size_t t, k;
	char *name;

	if (p->bo->output == NULL || !p->bo->output_is_dir)
		return;
	for (t = 0; renderer_table[t] != NULL; t++)
		for (k = 0; k < p->nrd; k++)
			if (p->rd[k] == renderer_table[t] && p->dest[k] == DEST_FILE) {
				name = xasprintf("%s.report.%s", j->stem, p->rd[k]->ext);
				index_row_add_link(&j->row, name);
				free(name);
			}
}

static void
do_job(struct pool *p, int slot, size_t i)
{
	struct batch_job *j = &p->jobs[i];
	struct report *rep;

	progress_begin(p->pg, slot, j->path);
	rep = analyse_bundle(j->path, p->bo->ao);
	index_row_from_report(&j->row, rep, p->bo->want_cases);
	j->row.stem = xstrdup(j->stem);
	index_row_finish(&j->row, p->bo->fail_on);
	add_links(p, j);
	write_outputs(p, j, rep);
	report_free(rep);
	pthread_mutex_lock(&p->mu);
	j->state = J_DONE;
	emit_ready(p);
	pthread_mutex_unlock(&p->mu);
	progress_end(p->pg, slot, j->row.status);
}

static void
work(struct pool *p, int slot)
{
	size_t i;

	bundle_watch(progress_watch(p->pg, slot));
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->next < p->njobs && p->jobs[p->next].state == J_SKIP)
			p->next++;
		if (p->next >= p->njobs) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		do_job(p, slot, i);
	}
	bundle_watch(NULL);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;

	work(w->pool, w->slot);
	return NULL;
}

/* Runs the jobs on nthreads threads; the calling thread does the work itself when it is one
 * thread or when no thread could be started. */
static void
run_pool(struct pool *p, int nthreads)
{
	struct worker *w;
	pthread_attr_t attr;
	int i, started = 0;

	if (nthreads <= 1) {
		work(p, 0);
		return;
	}
	w = xcalloc((size_t)nthreads, sizeof *w);
	pthread_attr_init(&attr);
	(void)pthread_attr_setstacksize(&attr, WORKER_STACK);
	for (i = 0; i < nthreads; i++) {
		w[i].pool = p;
		w[i].slot = i;
		if (pthread_create(&w[i].thread, &attr, worker_main, &w[i]) != 0) {
			diag(DIAG_WARNING, NULL, NULL, 0, "could only start %d of %d threads",
			    i, nthreads);
			break;
		}
		started++;
	}
	pthread_attr_destroy(&attr);
	if (started == 0)
		work(p, 0);
	for (i = 0; i < started; i++)
		pthread_join(w[i].thread, NULL);
	free(w);
}

int
batch_run(const struct batch_opts *bo, const struct batch_list *bl, char *const *stems,
    struct index *ix)
{
	struct pool p;
	size_t i, todo = 0;
	int nthreads, stream = 0;

	memset(&p, 0, sizeof p);
	p.bo = bo;
	for (i = 0; i < bo->nformats && p.nrd < MT_ARRAY_LEN(p.rd); i++) {
		p.rd[p.nrd] = renderer_find(bo->formats[i]);
		p.dest[p.nrd] = batch_dest(bo, bo->formats[i]);
		stream |= p.dest[p.nrd] == DEST_STREAM;
		p.nrd++;
	}
	if (stream && output_open(&p.stream, bo->output && !bo->output_is_dir ? bo->output : "-",
	    bo->force) != 0)
		return -1;
	p.njobs = bl->n;
	p.jobs = xcalloc(p.njobs ? p.njobs : 1, sizeof *p.jobs);
	for (i = 0; i < p.njobs; i++) {
		p.jobs[i].path = bl->paths[i];
		p.jobs[i].stem = stems[i];
		if (bo->nshards > 0 && i % bo->nshards != bo->shard - 1)
			p.jobs[i].state = J_SKIP;
		else
			todo++;
	}
	nthreads = bo->jobs < 1 ? 1 : bo->jobs;
	if ((size_t)nthreads > todo)
		nthreads = todo > 0 ? (int)todo : 1;
	p.direct = nthreads == 1;
	pthread_mutex_init(&p.mu, NULL);
	if (bo->progress && todo > 0)
		p.pg = progress_new(todo, nthreads, bo->color);
	run_pool(&p, nthreads);
	progress_free(p.pg);
	pthread_mutex_destroy(&p.mu);
	if (stream && output_close(&p.stream, !p.failed) != 0)
		p.failed = 1;
	for (i = 0; i < p.njobs; i++) {
		if (p.jobs[i].state == J_DONE) {
			*index_add(ix) = p.jobs[i].row;
			memset(&p.jobs[i].row, 0, sizeof p.jobs[i].row);
		}
		free(p.jobs[i].out);
	}
	free(p.jobs);
	return p.failed ? -1 : 0;
}
