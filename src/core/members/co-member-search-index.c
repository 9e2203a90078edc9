/* co-member-search-index.c: catching the members' substring index up with new members.
 *
 * Each member's trigrams cost some 18 µs to index (a million: 18 s of processor time), more
 * than the rest of a CSV import's row: triggers keep the index in step for edits, renames,
 * removals and a member whose id was given again, and members added since indexed_to are
 * indexed here, in order, outside the writer's transaction: in a worker on a connection of its
 * own, a few hundred at a time, so that the window's thread never waits for it nor for the lock
 * it needs (an import on another connection holds it for seconds). */
#include "config.h"

#include "core/members/co-member-search-index.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"

/* Some 9 ms a step on the 2-core machine: a write of the window's waits that long at most. */
#define ROWS_PER_STEP 500
/* Between two steps the lock is left free at least this long, as long as the step took if
 * longer: the window's writes get their turn, and the processor is shared with drawing. */
#define PAUSE_US (10 * G_TIME_SPAN_MILLISECOND)
/* How long the worker leaves a lock taken by another connection before it tries again. */
#define BUSY_RETRY_US (200 * G_TIME_SPAN_MILLISECOND)

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

/* The catch-up of one store: at most one worker, started again when members were added while
 * it ran. Shared by the store and its worker, which may outlive it. */
typedef struct
{
  GCancellable *cancellable;  /* cancelled once the store is gone */
  gboolean      running;      /* these three: the main thread's */
  gboolean      again;
  gboolean      deferred;     /* until the last import can no longer be undone */
  guint         n_refused;    /* steps put off for another connection's lock or snapshot (atomic) */
} Keeper;

static void
keeper_clear (Keeper *keeper)
{
  g_object_unref (keeper->cancellable);
}

static void
keeper_unref (Keeper *keeper)
{
  g_atomic_rc_box_release_full (keeper, (GDestroyNotify) keeper_clear);
}

/* The store is gone: its worker stops after its step. */
static void
keeper_drop (Keeper *keeper)
{
  g_cancellable_cancel (keeper->cancellable);
  keeper_unref (keeper);
}

static Keeper *
get_keeper (CoStore *store)
{
  return g_object_get_data (G_OBJECT (store), "co-member-search-index-keeper");
}

typedef struct
{
  char     *path;
  Keeper   *keeper;
  GWeakRef  store;   /* no reference: the window may close while the worker runs */
} IndexJob;

static void
index_job_free (IndexJob *job)
{
  g_free (job->path);
  keeper_unref (job->keeper);
  g_weak_ref_clear (&job->store);
  g_free (job);
}

static gboolean
has_unindexed (CoStore *store)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM members"
                                                " WHERE id > (SELECT indexed_to FROM members_fts_state))", NULL);

  /* Unreadable now (the file being replaced): the step says why. */
  return stmt == NULL || co_store_step_int (stmt, 1) != 0;
}

static void
index_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  IndexJob *job = task_data;
  GError *error = NULL;
  g_autoptr(CoStore) own = co_store_open_for_worker_writes (job->path, &error);

  if (own == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  while (!g_cancellable_is_cancelled (cancellable))
    {
      gint64 start = g_get_monotonic_time ();

      /* Most changes of members add none: looked at without the write lock. */
      if (!has_unindexed (own))
        break;
      if (!co_store_log_has_room (own))
        {
          /* A reader's long snapshot (a backup) holds the log: later, rather than growing it. */
          g_atomic_int_inc (&job->keeper->n_refused);
          g_usleep (BUSY_RETRY_US);
        }
      else if (co_member_search_index_step (own, ROWS_PER_STEP, &error))
        g_usleep (MAX (g_get_monotonic_time () - start, PAUSE_US));
      else if (error == NULL)
        break;  /* every member indexed */
      else if (co_store_is_busy (own))
        {
          /* Another connection writes: later, rather than waiting for it. */
          g_clear_error (&error);
          g_atomic_int_inc (&job->keeper->n_refused);
          g_usleep (BUSY_RETRY_US);
        }
      else
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void start (CoStore *store);

static void
indexed (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  IndexJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(CoStore) store = g_weak_ref_get (&job->store);
  g_autoptr(GError) error = NULL;

  gboolean done = g_task_propagate_boolean (G_TASK (result), &error);

  /* The store gone: the worker only stopped (its file may be gone too). */
  if (store == NULL || get_keeper (store) != job->keeper)
    return;
  if (!done)
    g_warning ("Could not index the members for searching: %s", error->message);
  job->keeper->running = FALSE;
  if (job->keeper->again && error == NULL)
    start (store);
}

static void
start (CoStore *store)
{
  Keeper *keeper = get_keeper (store);
  g_autoptr(GTask) task = NULL;
  IndexJob *job;

  if (keeper->running)
    {
      keeper->again = TRUE;
      return;
    }
  /* Its commits would count as a change since the import, whose undo would then be refused;
   * meanwhile the search reads the new members one by one, and finds the same. */
  keeper->deferred = co_import_can_undo (store);
  if (keeper->deferred)
    return;
  keeper->running = TRUE;
  keeper->again = FALSE;
  job = g_new0 (IndexJob, 1);
  job->path = g_strdup (co_store_get_path (store));
  job->keeper = g_atomic_rc_box_acquire (keeper);
  g_weak_ref_init (&job->store, store);
  task = g_task_new (NULL, keeper->cancellable, indexed, NULL);
  g_task_set_source_tag (task, co_member_search_index_keep);
  g_task_set_task_data (task, job, (GDestroyNotify) index_job_free);
  g_task_run_in_thread (task, index_in_thread);
}

/* Members added (a member is added with a membership), or anything written after an import
 * (which can then no longer be undone). */
static void
store_changed (CoStore    *store,
               const char *table,
               gint64      group_id)
{
  if (g_str_equal (table, "members") || g_str_equal (table, "memberships") || get_keeper (store)->deferred)
    start (store);
}

void
co_member_search_index_keep (CoStore *store)
{
  Keeper *keeper;

  g_return_if_fail (CO_IS_STORE (store));

  if (get_keeper (store) != NULL)
    return;
  keeper = g_atomic_rc_box_new0 (Keeper);
  keeper->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (store), "co-member-search-index-keeper", keeper, (GDestroyNotify) keeper_drop);
  g_signal_connect (store, "changed", G_CALLBACK (store_changed), NULL);
  start (store);
}

guint
co_member_search_index_get_n_refused (CoStore *store)
{
  Keeper *keeper = get_keeper (store);

  return keeper != NULL ? (guint) g_atomic_int_get (&keeper->n_refused) : 0;
}

gboolean
co_member_search_index_is_running (CoStore *store)
{
  Keeper *keeper = get_keeper (store);

  return keeper != NULL && keeper->running;
}
