/* co-library-search.h: the library searched as you type. Each search runs in a worker, one at a
 * time, on one read connection of the searcher's own, opened by the first search and closed with
 * the searcher (opening one for every keystroke cost as much as the search itself); a search asked
 * for while another runs stops that one's statement (SQLite's interrupt) and is run next, and the
 * one it supersedes answers G_IO_ERROR_CANCELLED, never with its stale items. The Library place
 * keeps one while it lives. */
#pragma once

#include <gio/gio.h>

#include "core/library/co-library.h"

G_BEGIN_DECLS

#define CO_TYPE_LIBRARY_SEARCH (co_library_search_get_type ())
G_DECLARE_FINAL_TYPE (CoLibrarySearch, co_library_search, CO, LIBRARY_SEARCH, GObject)

/* Searches the workspace @store is open on (its file: the searches read on their own). */
CoLibrarySearch *co_library_search_new       (CoStore               *store);
/* Searches @query (copied); @callback gets the items, or G_IO_ERROR_CANCELLED once a newer
 * search superseded this one or co_library_search_stop() was called. */
void             co_library_search_find      (CoLibrarySearch       *self,
                                              const CoLibraryQuery  *query,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
/* The items found (CoLibraryItem), @n_matches how many matched in all. */
GPtrArray       *co_library_search_finish    (CoLibrarySearch       *self,
                                              GAsyncResult          *result,
                                              guint                 *n_matches,
                                              GError               **error);
/* Stops the search running and the one waiting: both answer G_IO_ERROR_CANCELLED. The
 * connection is closed with the searcher, once its last search has answered. */
void             co_library_search_stop      (CoLibrarySearch       *self);
/* Whether a search runs or waits to. */
gboolean         co_library_search_is_busy   (CoLibrarySearch       *self);
/* For tests: how many connections the searcher opened so far. */
guint            co_library_search_get_n_opened (CoLibrarySearch    *self);

G_END_DECLS
