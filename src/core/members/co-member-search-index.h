/* co-member-search-index.h: the members' substring index (migration 21) caught up with the
 * members added since it was last, a few hundred at a time, so that adding members (a CSV
 * import of 100,000) never waits for it. Until then, the search reads those members one by
 * one (co-member-list.c): it finds the same rows either way. */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Indexes up to @max_rows members not yet in the index; FALSE once none is left (or on error). */
gboolean co_member_search_index_step (CoStore  *store,
                                      guint     max_rows,
                                      GError  **error);
/* Keeps the index caught up while the main loop runs: now, and after each change of the members,
 * in idle moments, a few milliseconds at a time. */
void     co_member_search_index_keep (CoStore  *store);

G_END_DECLS
