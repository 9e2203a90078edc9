/* co-read-worker.c: a read of the workspace in a worker thread (co-read-worker.h). */
#include "config.h"

#include "core/store/co-read-worker.h"
#include "core/store/co-store-private.h"

typedef struct
{
  char           *path;
  CoReadFunc      read;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job->path);
  g_free (job);
}

static void
read_in_worker (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  g_autoptr(CoStore) reader = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;
  if ((reader = co_store_open_for_worker (job->path, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = job->read (reader, job->data, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error != NULL ? error
                         : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled"));
  else
    g_task_return_pointer (task, result, job->result_free);
}

void
co_read_in_worker (CoStore             *store,
                   CoReadFunc           read,
                   gpointer             data,
                   GDestroyNotify       data_free,
                   GDestroyNotify       result_free,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  /* No source object: the worker must never hold the last reference to the store. */
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (CO_IS_STORE (store));

  job->path = g_strdup (co_store_get_path (store));
  job->read = read;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  g_task_set_source_tag (task, co_read_in_worker);
  /* A result that arrives after its request was cancelled is dropped, never delivered. */
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, read_in_worker);
}

gpointer
co_read_in_worker_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
