/* The progress line: workers report bundles starting and ending, a drawing thread redraws
 * one line on stderr from those counts and from the walkers' live byte counts. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "progress.h"
#include "util.h"
#include <pthread.h>	/* after record.h until its TQ_UTC no longer clashes with <time.h> */
#include <time.h>

#define TICK_MS 200
#define QUIET_MS 500	/* nothing is drawn before this much time has passed */
#define BIG_BUNDLE ((uint64_t)64 << 20)

struct slot {
	struct bundle_progress bp;
	char *path;		/* NULL when idle */
	unsigned long started;	/* sequence number of the start, to find the latest */
};

struct progress {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	int stop;
	int drawn;
	int color;
	size_t total, done, problems, unreadable;
	unsigned long seq;
	struct slot *slots;
	int nslots;
	struct timespec t0;
};

static double
seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static int
term_width(void)
{
#ifdef TIOCGWINSZ
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
		return ws.ws_col;
#endif
	return 80;
}

/* Appends a path for the terminal: the last component only, controls replaced. */
static void
add_name(struct strbuf *sb, const char *path)
{
	const unsigned char *p;
	const char *base = strrchr(path, '/');

	if (base != NULL && base[1] != '\0')
		path = base + 1;
	for (p = (const unsigned char *)path; *p; p++) {
		if (*p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			sb_addc(sb, '?');
		else
			sb_addc(sb, (char)*p);
	}
}

static void
add_bytes(struct strbuf *sb, uint64_t n)
{
	if (n >= (uint64_t)1 << 30)
		sb_printf(sb, "%.1f GiB", (double)n / (double)(1 << 30));
	else
		sb_printf(sb, "%.1f MiB", (double)n / (double)(1 << 20));
}

static void
add_colored(struct strbuf *sb, int color, const char *code, size_t n, const char *what)
{
	if (color && n > 0)
		sb_printf(sb, "\033[%sm%zu %s\033[0m", code, n, what);
	else
		sb_printf(sb, "%zu %s", n, what);
}

/* Cuts the line to width - 1 columns (counting characters, not bytes), so it never wraps
 * and the carriage return always goes back to its start. Colour codes do not count. */
static void
fit(struct strbuf *sb, int width, int color)
{
	size_t i, cols = 0;
	int esc = 0;

	for (i = 0; i < sb->len; i++) {
		unsigned char c = (unsigned char)sb->s[i];
		if (esc) {
			esc = c != 'm';
			continue;
		}
		if (c == 0x1B) {
			esc = 1;
			continue;
		}
		if ((c & 0xC0) != 0x80 && ++cols >= (size_t)width) {
			sb->len = i;
			sb->s[i] = '\0';
			/* A cut colour span must not leak into the next line. */
			if (color)
				sb_adds(sb, "\033[0m");
			return;
		}
	}
}

static void
draw(struct progress *p)
{
	struct strbuf sb = STRBUF_INIT;
	const struct slot *cur = NULL;
	double el;
	int i;

	el = seconds_since(&p->t0);
	if (el * 1000 < QUIET_MS)
		return;
	pthread_mutex_lock(&p->mu);
	for (i = 0; i < p->nslots; i++)
		if (p->slots[i].path && (cur == NULL || p->slots[i].started > cur->started))
			cur = &p->slots[i];
	if (p->total > 1) {
		sb_printf(&sb, "[%zu/%zu] %zu%%  ", p->done, p->total, p->done * 100 / p->total);
		add_colored(&sb, p->color, "31", p->problems, "problems");
		sb_adds(&sb, "  ");
		add_colored(&sb, p->color, "33", p->unreadable, "not read");
		sb_printf(&sb, "  %02d:%02d  %.1f/s", (int)el / 60, (int)el % 60,
		    el > 0 ? (double)p->done / el : 0.0);
		if (cur != NULL) {
			uint64_t read = atomic_load(&cur->bp.bytes_read);
			sb_adds(&sb, "  ");
			add_name(&sb, cur->path);
			/* Worth saying only when one bundle keeps the others waiting. */
			if (read >= BIG_BUNDLE) {
				sb_adds(&sb, " (");
				add_bytes(&sb, read);
				sb_adds(&sb, " read)");
			}
		}
	} else if (cur != NULL) {
		uint64_t read = atomic_load(&cur->bp.bytes_read);
		uint64_t fr = atomic_load(&cur->bp.file_read);
		uint64_t fs = atomic_load(&cur->bp.file_size);
		add_name(&sb, cur->path);
		sb_adds(&sb, ": ");
		add_bytes(&sb, read);
		sb_adds(&sb, " read");
		if (fs > 0 && fr > 0 && fr <= fs) {
			sb_printf(&sb, ", %d%% of ", (int)(fr * 100 / fs));
			add_bytes(&sb, fs);
		}
		sb_printf(&sb, "  %02d:%02d  ", (int)el / 60, (int)el % 60);
		add_bytes(&sb, el > 0 ? (uint64_t)((double)read / el) : 0);
		sb_adds(&sb, "/s");
	}
	pthread_mutex_unlock(&p->mu);
	if (sb.len > 0) {
		fit(&sb, term_width(), p->color);
		flockfile(stderr);
		/* Back to the line start after drawing: a message printed meanwhile starts at
		 * column 0 and the next drawing goes below it. */
		fprintf(stderr, "\r%s\033[K\r", sb.s);
		fflush(stderr);
		funlockfile(stderr);
		p->drawn = 1;
	}
	sb_free(&sb);
}

static void *
ticker(void *arg)
{
	struct progress *p = arg;
	struct timespec until;

	pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += TICK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&p->cv, &p->mu, &until);
		if (p->stop)
			break;
		pthread_mutex_unlock(&p->mu);
		draw(p);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct progress *
progress_new(size_t total, int nslots, int color)
{
	struct progress *p = xcalloc(1, sizeof *p);

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->total = total;
	p->color = color;
	p->nslots = nslots > 0 ? nslots : 1;
	p->slots = xcalloc((size_t)p->nslots, sizeof *p->slots);
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	if (pthread_create(&p->thread, NULL, ticker, p) != 0) {
		/* No progress line is no reason to stop: everything else still works. */
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
		free(p->slots);
		free(p);
		return NULL;
	}
	return p;
}

struct bundle_progress *
progress_watch(struct progress *p, int slot)
{
	if (p == NULL || slot < 0 || slot >= p->nslots)
		return NULL;
	return &p->slots[slot].bp;
}

void
progress_begin(struct progress *p, int slot, const char *path)
{
	if (p == NULL || slot < 0 || slot >= p->nslots)
		return;
	pthread_mutex_lock(&p->mu);
	free(p->slots[slot].path);
	p->slots[slot].path = xstrdup(path);
	p->slots[slot].started = ++p->seq;
	pthread_mutex_unlock(&p->mu);
}

void
progress_end(struct progress *p, int slot, enum index_status st)
{
	if (p == NULL || slot < 0 || slot >= p->nslots)
		return;
	pthread_mutex_lock(&p->mu);
	free(p->slots[slot].path);
	p->slots[slot].path = NULL;
	p->done++;
	if (st == IX_PROBLEMS)
		p->problems++;
	else if (st != IX_HEALTHY)
		p->unreadable++;
	pthread_mutex_unlock(&p->mu);
}

void
progress_free(struct progress *p)
{
	int i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	if (p->drawn) {
		flockfile(stderr);
		fputs("\r\033[K", stderr);
		fflush(stderr);
		funlockfile(stderr);
	}
	for (i = 0; i < p->nslots; i++)
		free(p->slots[i].path);
	free(p->slots);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

int
progress_color_wanted(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (nc != NULL && *nc != '\0')
		return 0;
	return term == NULL || strcmp(term, "dumb") != 0;
}
