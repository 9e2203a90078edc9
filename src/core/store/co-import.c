/* co-import.c: the backup, the transaction and the announcement every import shares. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/store/co-backup.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"

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
  if (problems->len == 0)
    return TRUE;
  g_set_error (error, domain, code,
               g_dngettext (GETTEXT_PACKAGE, "The file has %u problem; nothing was imported.",
                            "The file has %u problems; nothing was imported.", problems->len),
               problems->len);
  return FALSE;
}

gboolean
co_import_write (CoStore            *store,
                 CoImportWriteFunc   write,
                 gpointer            data,
                 GError            **error)
{
  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  if (!co_store_in_transaction (store) && !co_backup_before_import (store, error))
    return FALSE;
  if (!co_store_begin (store, error))
    return FALSE;
  if (!write (store, data, error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  return co_store_commit (store, error);
}

typedef struct
{
  char              *db_path;
  gboolean           full_sync;
  CoImportWriteFunc  write;
  gpointer           data;
  GDestroyNotify     data_free;
} AsyncImport;

static void
async_import_free (AsyncImport *job)
{
  g_free (job->db_path);
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job);
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

  if (store != NULL && co_store_set_full_sync (store, job->full_sync, &error) &&
      co_import_write (store, job->write, job->data, &error))
    g_task_return_boolean (task, TRUE);
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

  /* The rows came through another connection: this one's listeners read everything again. */
  return g_task_propagate_boolean (G_TASK (result), error) && co_store_announce_all_changed (store, error);
}

gpointer
co_import_get_data (GAsyncResult *result)
{
  AsyncImport *job = g_task_get_task_data (G_TASK (result));

  return job->data;
}
