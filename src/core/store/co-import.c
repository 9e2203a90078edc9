/* co-import.c: the backup, the transaction and the announcement every import shares. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/store/co-backup.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"
#include "core/store/co-write-queue.h"

void
co_import_problem_free (CoImportProblem *problem)
{
  g_free (problem->header);
  g_free (problem->message);
  g_free (problem);
}

gboolean
co_import_check_problems (GPtrArray  *problems,
                          GQuark      domain,
                          int         code,
                          GError    **error)
{
  return co_import_check_n_problems (problems->len, domain, code, error);
}

gboolean
co_import_check_n_problems (guint       n_problems,
                            GQuark      domain,
                            int         code,
                            GError    **error)
{
  if (n_problems == 0)
    return TRUE;
  g_set_error (error, domain, code,
               g_dngettext (GETTEXT_PACKAGE, "The file has %u problem; nothing was imported.",
                            "The file has %u problems; nothing was imported.", n_problems),
               n_problems);
  return FALSE;
}

G_DEFINE_QUARK (co-import-error-quark, co_import_error)

/* What undoing the last import takes: the backup made before it, and where the file stood
 * right after it. Kept on the store (one per workspace and session), as qdata: nothing else of
 * the store needs it. */
typedef struct
{
  char        *backup;
  CoWriteMark  after;
} LastImport;

static void
last_import_free (LastImport *last)
{
  g_free (last->backup);
  g_free (last);
}

static GQuark
last_import_quark (void)
{
  return g_quark_from_static_string ("co-import-last");
}

static LastImport *
last_import (CoStore *store)
{
  return g_object_get_qdata (G_OBJECT (store), last_import_quark ());
}

/* Called once everything is written, before listeners are told of it (they may write in turn):
 * inside the import's transaction (the mark does not move with the commit itself), or after
 * another connection's commit. ::changed::imports is for the caller to note or announce. */
static void
remember_import (CoStore *store,
                 char    *backup)
{
  LastImport *last = g_new0 (LastImport, 1);

  last->backup = backup;
  last->after = co_store_write_mark (store);
  g_object_set_qdata_full (G_OBJECT (store), last_import_quark (), last, (GDestroyNotify) last_import_free);
}

gboolean
co_import_write (CoStore            *store,
                 CoImportWriteFunc   write,
                 gpointer            data,
                 GError            **error)
{
  g_autofree char *backup = NULL;
  gboolean outermost;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  outermost = !co_store_in_transaction (store);
  if (!co_store_begin (store, error))
    return FALSE;
  /* Made once the write lock is held: the workspace exactly as the import finds it (no other
   * connection commits in between), and a BEGIN refused while another connection writes has
   * made none, for the write queue to try again (co_import_write_queued()). WAL lets the
   * backup's own connection read meanwhile. */
  if (outermost && (backup = co_backup_before_import (store, error)) == NULL)
    {
      co_store_rollback (store);
      return FALSE;
    }
  if (!write (store, data, error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  if (outermost)
    {
      remember_import (store, g_steal_pointer (&backup));
      co_store_note_change (store, "imports", 0);
    }
  return co_store_commit (store, error);
}

/* ---- in its turn among the window's kept writes ---------------------------------------------- */

typedef struct
{
  CoImportWriteFunc   write;
  gpointer            data;
  GDestroyNotify      data_free;
  CoStoreWrittenFunc  done;
  char               *backup;  /* the worker's, for the window's store to undo with */
} QueuedImport;

static void
queued_import_free (QueuedImport *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job->backup);
  g_free (job);
}

/* On the worker's connection: refused at its BEGIN while another connection writes, before any
 * backup is made, and tried again by the queue. */
static gboolean
import_in_worker (CoStore  *worker,
                  gpointer  data,
                  GError  **error)
{
  QueuedImport *job = data;

  if (!co_import_write (worker, job->write, job->data, error))
    return FALSE;
  g_free (job->backup);
  job->backup = g_strdup (co_import_get_backup (worker));
  return TRUE;
}

/* Before "imports" is told: the window's undo finds the import undoable. */
static void
import_committed (CoStore  *store,
                  gpointer  data)
{
  QueuedImport *job = data;

  remember_import (store, g_steal_pointer (&job->backup));
}

static void
import_written (CoStore      *store,
                const GError *error,
                gpointer      data)
{
  QueuedImport *job = data;

  if (job->done != NULL)
    job->done (store, error, job->data);
}

void
co_import_write_queued (CoStore            *store,
                        CoImportWriteFunc   write,
                        gpointer            data,
                        GDestroyNotify      data_free,
                        CoStoreWrittenFunc  done)
{
  QueuedImport *job = g_new0 (QueuedImport, 1);

  g_return_if_fail (CO_IS_STORE (store));

  job->write = write;
  job->data = data;
  job->data_free = data_free;
  job->done = done;
  co_store_write_queued_in_worker_full (store, import_in_worker, import_committed, job,
                                        (GDestroyNotify) queued_import_free, import_written);
}

/* ---- in a worker of its own ------------------------------------------------------------------ */

typedef struct
{
  char              *db_path;
  gboolean           full_sync;
  CoImportWriteFunc  write;
  gpointer           data;
  GDestroyNotify     data_free;
  char              *backup;     /* the worker's backup, for the window's store to undo with */
  GArray            *changes;    /* what the worker's store announced (co_store_record_changes()) */
} AsyncImport;

static void
async_import_free (AsyncImport *job)
{
  g_free (job->db_path);
  g_free (job->backup);
  g_clear_pointer (&job->changes, g_array_unref);
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job);
}

static void
checkpoint_in_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  const char *db_path = task_data;
  g_autoptr(sqlite3) db = NULL;
  int log_frames = 0, copied = 0;
  gint64 started = g_get_monotonic_time ();

  /* Passive: it waits for no reader and no writer, and copies what no reader needs any more;
   * a later commit's own checkpoint does the rest. A failure leaves the log as it was, which
   * every connection reads correctly: nothing to report. */
  int rc = sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL);

  /* A first read finds the log: until then a new connection takes the file for one without. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA schema_version", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied);
  g_debug ("import: the checkpoint after it, in the background: %d of %d pages of the log, %.3f s (%s)", copied,
           log_frames, (g_get_monotonic_time () - started) / 1e6, sqlite3_errstr (rc));
}

/* Copies the import's pages from the log into the database on a connection of its own, after
 * the import is shown rather than in its COMMIT: the work is the same, later (a large import
 * into a big workspace writes 60,000 pages: one to two seconds the import would otherwise
 * wait). Started at once, so that the window's next commit finds it under way and does not
 * checkpoint on the main thread (its own checkpoint gives way to a running one). */
static void
checkpoint_in_background (const char *db_path)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_source_tag (task, checkpoint_in_background);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, checkpoint_in_thread);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AsyncImport *job = task_data;
  GError *error = NULL;
  g_autoptr(CoStore) store = co_store_open (job->db_path, &error);

  /* No checkpoint in the import's COMMIT: checkpoint_in_background() below. */
  if (store != NULL)
    job->changes = co_store_record_changes (store);
  if (store != NULL && co_store_set_full_sync (store, job->full_sync, &error) &&
      co_store_exec (store, "PRAGMA wal_autocheckpoint = 0", &error) &&
      co_import_write (store, job->write, job->data, &error))
    {
      job->backup = g_strdup (co_import_get_backup (store));
      g_clear_object (&store);
      checkpoint_in_background (job->db_path);
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, error);
}

void
co_import_write_async (CoStore            *store,
                       CoImportWriteFunc   write,
                       gpointer            data,
                       GDestroyNotify      data_free,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (store, NULL, callback, user_data);
  AsyncImport *job = g_new0 (AsyncImport, 1);

  job->db_path = g_strdup (co_store_get_path (store));
  job->full_sync = co_store_get_full_sync (store);
  job->write = write;
  job->data = data;
  job->data_free = data_free;
  g_task_set_source_tag (task, co_import_write_async);
  g_task_set_task_data (task, job, (GDestroyNotify) async_import_free);
  g_task_run_in_thread (task, write_in_thread);
}

gboolean
co_import_write_finish (CoStore       *store,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  AsyncImport *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  /* The rows came through another connection: this store, which sees the import's commit, can
   * undo it, and its listeners are told what the write told the worker's (without this
   * connection taking the write lock, which another worker's write may hold): a members import
   * into one group has the pages of that group's members read again, not every page of every
   * group (a write that touched everything, a JSON workspace, says so itself). "imports" last,
   * as co_import_write() notes it. */
  remember_import (store, g_steal_pointer (&job->backup));
  co_store_announce_recorded (store, job->changes, "imports");
  co_store_announce_change (store, "imports", 0);
  return TRUE;
}

gpointer
co_import_get_data (GAsyncResult *result)
{
  AsyncImport *job = g_task_get_task_data (G_TASK (result));

  return job->data;
}

gboolean
co_import_can_undo (CoStore *store)
{
  LastImport *last = last_import (store);
  CoWriteMark now;

  if (last == NULL)
    return FALSE;
  now = co_store_write_mark (store);
  return co_write_mark_equal (&last->after, &now);
}

const char *
co_import_get_backup (CoStore *store)
{
  LastImport *last = last_import (store);

  return last ? last->backup : NULL;
}

const char *
co_import_get_undo_backup (CoStore  *store,
                           GError  **error)
{
  LastImport *last;

  g_return_val_if_fail (CO_IS_STORE (store), NULL);

  last = last_import (store);
  if (last == NULL)
    {
      g_set_error_literal (error, CO_IMPORT_ERROR, CO_IMPORT_ERROR_NOTHING_TO_UNDO,
                           _("There is no import to undo."));
      return NULL;
    }
  /* A write kept behind another connection's lock came after the import too: it would be
   * written before the restore and lost with it. */
  if (!co_import_can_undo (store) || co_store_get_n_kept_writes (store) > 0)
    {
      g_set_error_literal (error, CO_IMPORT_ERROR, CO_IMPORT_ERROR_CHANGED_SINCE,
                           _("The workspace was changed after the import, so the import cannot be undone on "
                             "its own. The backup made just before it can be restored, but that also takes "
                             "back every change made since."));
      return NULL;
    }
  return last->backup;
}

void
co_import_forget (CoStore *store)
{
  g_object_set_qdata (G_OBJECT (store), last_import_quark (), NULL);
}

gboolean
co_import_undo (CoStore  *store,
                GError  **error)
{
  const char *backup;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  if ((backup = co_import_get_undo_backup (store, error)) == NULL ||
      !co_backup_restore (store, backup, error))
    return FALSE;
  /* Undone once: the workspace is no longer the one right after the import. */
  co_import_forget (store);
  return TRUE;
}
