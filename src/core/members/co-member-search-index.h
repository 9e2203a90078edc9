/* co-member-search-index.h: the members' substring index (migration 21) caught up with the
 * members added since it was last, a few hundred at a time in a worker, so that adding members
 * (a CSV import of 100,000) never waits for it, nor the window for the catch-up. Until then, the search reads those members one by
 * one (co-member-list.c): it finds the same rows either way. */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Indexes up to @max_rows members not yet in the index; FALSE once none is left (or on error). */
gboolean co_member_search_index_step (CoStore  *store,
                                      guint     max_rows,
                                      GError  **error);
/* Keeps the index caught up while the main loop runs: now, and after each change of the members,
 * in a worker on a connection of its own, in steps of a few milliseconds with pauses between
 * them. A step finding the write lock taken (an import), or the write-ahead log full while a
 * reader's snapshot holds it (co_store_log_has_room()), is tried again later, never waited for. */
void     co_member_search_index_keep (CoStore  *store);
/* For tests: whether the worker runs, and how many steps it put off for the lock or the log. */
gboolean co_member_search_index_is_running  (CoStore *store);
guint    co_member_search_index_get_n_refused (CoStore *store);

G_END_DECLS
