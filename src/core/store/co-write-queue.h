/* co-write-queue.h: a write of the window's that never waits for another connection's write
 * lock. An import, a chat import or a sync round in a worker holds SQLite's write lock from its
 * first row to its COMMIT, seconds on a big workspace; a write on the window's connection
 * meanwhile waited for it with the window frozen, up to the busy timeout (5 s), and then failed
 * (bench-write-lock). co_store_write_queued() runs the write at once when the lock is free (or
 * freed within a few milliseconds); else it keeps it, behind any other kept, and runs it as soon
 * as the lock is free, looked at every 50 ms from the main context. A long write runs in a worker
 * in its turn (co_store_write_queued_in_worker()). */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* One write of the core's (one transaction: refused at its BEGIN, nothing of it was written,
 * and it is run again later). */
typedef gboolean (*CoStoreWriteFunc)   (CoStore       *store,
                                        gpointer       data,
                                        GError       **error);
/* Its outcome: @error NULL when written. */
typedef void     (*CoStoreWrittenFunc) (CoStore       *store,
                                        const GError  *error,
                                        gpointer       data);

/* Runs @write now, or keeps it for when the write lock is free; then calls @done (may be NULL)
 * and frees @data with @data_free. TRUE when it ran now (@done was called already); FALSE when
 * it was kept: written later, in the order asked. */
gboolean co_store_write_queued        (CoStore            *store,
                                      CoStoreWriteFunc    write,
                                      gpointer            data,
                                      GDestroyNotify      data_free,
                                      CoStoreWrittenFunc  done);
/* A write too long for the window's thread (a change to tens of thousands of members): kept in
 * the same order as co_store_write_queued()'s, and when its turn comes run in a worker on a
 * connection of its own to @store's file, waiting there for another connection's write lock;
 * the writes asked after it wait for it. Once committed, @store's listeners are told what it
 * changed, then @done is called on the main context and @data freed. @write must use only @data
 * and the store it is given. */
void     co_store_write_queued_in_worker (CoStore            *store,
                                          CoStoreWriteFunc    write,
                                          gpointer            data,
                                          GDestroyNotify      data_free,
                                          CoStoreWrittenFunc  done);
/* Called on the main context once a worker's write committed, before @store's listeners are told
 * what it changed: for what @store itself must know first (an import's backup, for its undo). */
typedef void     (*CoStoreCommittedFunc) (CoStore     *store,
                                          gpointer     data);
/* co_store_write_queued_in_worker() with @committed (may be NULL). */
void     co_store_write_queued_in_worker_full (CoStore              *store,
                                               CoStoreWriteFunc      write,
                                               CoStoreCommittedFunc  committed,
                                               gpointer              data,
                                               GDestroyNotify        data_free,
                                               CoStoreWrittenFunc    done);
/* Whether one of the kept writes is being written in a worker now (a write of the window's
 * own, not another connection's import). */
gboolean co_store_is_writing_in_worker (CoStore          *store);
/* Calls @callback on the main context once no write of the window's is being written in a
 * worker (at the next iteration when none is): for a window asked to close meanwhile, which
 * closes then. With @cancellable cancelled first, co_store_wait_for_worker_finish() says so. */
void     co_store_wait_for_worker     (CoStore             *store,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             data);
/* FALSE, with G_IO_ERROR_CANCELLED, when the wait was cancelled. */
gboolean co_store_wait_for_worker_finish (CoStore        *store,
                                          GAsyncResult   *result,
                                          GError        **error);
/* The writes kept, not yet run (one running in a worker included). */
guint    co_store_get_n_kept_writes   (CoStore            *store);
/* Runs the writes kept now, for a window that closes: each waits for the lock as long as a write
 * of the window's connection does (5 s). FALSE when some are still kept (the worker holds the
 * lock longer): the window should stay open, or they are lost. */
gboolean co_store_write_kept_before_closing (CoStore      *store);

G_END_DECLS
