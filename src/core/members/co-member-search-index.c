/* co-member-search-index.c: catching the members' substring index up with new members.
 *
 * Each member's trigrams cost some 18 µs to index (a million: 18 s of processor time), more
 * than the rest of a CSV import's row: triggers keep the index in step for edits, renames,
 * removals and a member whose id was given again, and members added since indexed_to are
 * indexed here, in order, outside the writer's transaction. */
#include "config.h"

#include "core/members/co-member-search-index.h"
#include "core/store/co-store-private.h"

/* Some 9 ms a step on the 2-core machine: well inside a frame. */
#define ROWS_PER_IDLE 500

gboolean
co_member_search_index_step (CoStore  *store,
                             guint     max_rows,
                             GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 last;

  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store,
    "SELECT max (id) FROM (SELECT id FROM members WHERE id > (SELECT indexed_to FROM members_fts_state)"
    " ORDER BY id LIMIT ?)", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int (stmt, 1, (int) max_rows);
  last = co_store_step_int (stmt, 0);
  if (last == 0)
    {
      co_store_rollback (store);
      return FALSE;
    }
  if ((stmt = co_store_prepare (store, "INSERT OR REPLACE INTO members_fts (rowid, text) SELECT id, " CO_MEMBERS_FTS_TEXT
                                       " FROM members WHERE id > (SELECT indexed_to FROM members_fts_state) AND id <= ?",
                                error)) == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, last);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  if ((stmt = co_store_prepare (store, "UPDATE members_fts_state SET indexed_to = ?", error)) == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, last);
  if (!co_store_step_done (store, stmt, error) || !co_store_commit (store, error))
    goto failed;
  return TRUE;

failed:
  if (co_store_in_transaction (store))
    co_store_rollback (store);
  return FALSE;
}

static gboolean
index_some (gpointer data)
{
  CoStore *store = data;
  g_autoptr(GError) error = NULL;

  /* A write of someone else's under way: next time. */
  if (co_store_in_transaction (store))
    return G_SOURCE_CONTINUE;
  if (co_member_search_index_step (store, ROWS_PER_IDLE, &error))
    return G_SOURCE_CONTINUE;
  if (error != NULL)
    g_warning ("Could not index the members for searching: %s", error->message);
  g_object_steal_data (G_OBJECT (store), "co-member-search-index-idle");
  return G_SOURCE_REMOVE;
}

static void
remove_idle (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

static void
start (CoStore *store)
{
  guint id;

  if (g_object_get_data (G_OBJECT (store), "co-member-search-index-idle") != NULL)
    return;
  /* Below drawing and input: the window stays as quick as without it. */
  id = g_idle_add_full (G_PRIORITY_LOW, index_some, store, NULL);
  g_object_set_data_full (G_OBJECT (store), "co-member-search-index-idle", GUINT_TO_POINTER (id),
                          remove_idle);
}

static void
members_changed (CoStore    *store,
                 const char *table,
                 gint64      group_id)
{
  start (store);
}

void
co_member_search_index_keep (CoStore *store)
{
  g_return_if_fail (CO_IS_STORE (store));

  if (g_object_get_data (G_OBJECT (store), "co-member-search-index-kept") != NULL)
    return;
  g_object_set_data (G_OBJECT (store), "co-member-search-index-kept", GINT_TO_POINTER (1));
  g_signal_connect (store, "changed::members", G_CALLBACK (members_changed), NULL);
  start (store);
}
