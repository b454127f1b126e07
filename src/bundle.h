/* Reading a bundle: a zip, tar (plain, gz, bz2, xz, zstd), 7z or cab archive, a folder, or a
 * single file, with nested archives opened recursively. Nothing is extracted to disk; every
 * entry is handed to a callback as a byte stream and gets exactly one inventory record. */
#ifndef MT_BUNDLE_H
#define MT_BUNDLE_H

#include <stdint.h>
#include "byte_source.h"
#include "inventory.h"
#include "limits.h"

struct bundle_entry {
	const char *path;	/* display path ("a/b.zip!/c.log"), '\' turned into '/' */
	const char *name;	/* last component of the innermost path */
	int depth;
	int64_t size_declared;	/* -1 if unknown */
	int64_t mtime;		/* seconds since the epoch, 0 if unknown */
	struct inv_entry *inv;	/* this entry's inventory record, for the callback to fill */
};

/* Called once per regular, non-archive entry. src yields the entry's uncompressed bytes, with
 * the limits enforced (a read past a limit returns -1 and sets the entry's inventory note and
 * INV_F_LIMIT). The callback sets inv->status, kind, records; the walker fills bytes_read. */
typedef void (*bundle_entry_fn)(void *ctx, const struct bundle_entry *e, struct byte_source *src);

enum bundle_result {
	BUNDLE_OK = 0,		/* walked (possibly with damaged or skipped entries) */
	BUNDLE_UNREADABLE = 3	/* the top-level input could not be opened or read at all */
};

/* Sets LC_CTYPE to a UTF-8 locale (C.UTF-8, else the environment's) so that libarchive can
 * give non-ASCII entry names; call once before the first bundle_walk. */
void bundle_init_locale(void);

/* Walks the bundle at path (file or directory). Messages for the top level go to diag. */
enum bundle_result bundle_walk(const char *path, const struct limits *lim,
    struct inventory *inv, bundle_entry_fn fn, void *ctx);

/* One file of an in-memory bundle, such as a rule sample of --test-rules. */
struct bundle_mem_file {
	const char *name;	/* relative path, '/' between folders */
	const void *data;
	size_t len;
	int64_t mtime;		/* seconds since the epoch, 0 if unknown */
};

/* Walks the files, in the given order, as bundle_walk walks a folder: the same limits,
 * nested archives and inventory records. */
enum bundle_result bundle_walk_memory(const struct bundle_mem_file *files, size_t n,
    const struct limits *lim, struct inventory *inv, bundle_entry_fn fn, void *ctx);

/* Totals of the last walk, for the report. */
struct bundle_totals {
	uint64_t entries;
	uint64_t bytes_read;
	int limit_hit;		/* a bundle-wide limit (max_total, max_entries, time) stopped it */
};
void bundle_last_totals(struct bundle_totals *t);

/* Live progress of the walks made by the calling thread, for a progress display running on
 * another thread: while set, the walker stores how far it got into *p as it reads (the
 * fields are atomic; read them with atomic_load). NULL stops it. */
struct bundle_progress {
	_Atomic uint64_t bytes_read;	/* uncompressed bytes read, all levels */
	_Atomic uint64_t file_read;	/* bytes of the bundle file consumed (archives only) */
	_Atomic uint64_t file_size;	/* the bundle file's size; 0 for a folder */
};
void bundle_watch(struct bundle_progress *p);

/* For the walks made by the calling thread: when on, an entry of the top-level archive whose
 * declared size is at least min_size (or unknown) is inflated on a second thread while the
 * callback reads it. The callback sees the same bytes, limits and messages either way. */
void bundle_read_ahead(int on, uint64_t min_size);

#endif
