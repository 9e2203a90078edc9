/* co-read-worker.h: a read of the workspace in a worker thread, on a connection of its own (WAL
 * lets it read while the store writes), its result delivered in the caller's thread-default main
 * context: for a page whose reading could hold the window longer than a frame. The read runs the
 * core's ordinary read functions on @reader, a store that is never written to. */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Returns what was read (freed with the @result_free given), or NULL with @error set. Its
 * queries stop once @cancellable is cancelled. */
typedef gpointer (*CoReadFunc) (CoStore       *reader,
                                gpointer       data,
                                GCancellable  *cancellable,
                                GError       **error);

void     co_read_in_worker        (CoStore             *store,
                                   CoReadFunc           read,
                                   gpointer             data,
                                   GDestroyNotify       data_free,
                                   GDestroyNotify       result_free,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
/* What the read returned, owned by the caller; NULL with @error when it failed or was cancelled. */
gpointer co_read_in_worker_finish (GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
