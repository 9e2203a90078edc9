/* co-write-queue.c: the window's writes kept while another connection writes (co-write-queue.h). */
#include "config.h"

#include "core/store/co-store-private.h"
#include "core/store/co-write-queue.h"

/* The lock is not waited for at all on the window's thread: SQLite's busy handler sleeps, 1 ms
 * then 2, and on a busy machine each sleep lasts longer (a wait of 2 ms held the main thread
 * 3-14 ms in bench-write-lock). A short writer's lock is simply tried again 50 ms later. */
#define WAIT_NOW_MS 0
/* How often a kept write tries again. */
#define RETRY_MS 50
/* A window that closes waits for the lock as any write of the window's did (the busy timeout). */
#define WAIT_AT_CLOSE_MS 5000

typedef struct
{
  CoStoreWriteFunc   write;
  gpointer           data;
  GDestroyNotify     data_free;
  CoStoreWrittenFunc done;
  CoStoreCommittedFunc committed;  /* in_worker: on the main context, before its changes are told */
  gboolean           in_worker;
  GArray            *changes;  /* in_worker: what the worker's store announced */
} Kept;

typedef struct
{
  GQueue   kept;            /* Kept, in the order asked */
  guint    retry_id;        /* holds a reference on the store until the last is written */
  gboolean worker_running;  /* the head of kept is being written in a worker */
  GPtrArray *waiting;       /* GTasks of co_store_wait_for_worker(), returned once none runs */
} Queue;

static GQuark
queue_quark (void)
{
  return g_quark_from_static_string ("co-write-queue");
}

static void
queue_free (Queue *queue)
{
  /* The retry holds the store: none is left once the store goes. */
  g_warn_if_fail (g_queue_is_empty (&queue->kept));
  g_warn_if_fail (queue->waiting == NULL || queue->waiting->len == 0);
  g_clear_pointer (&queue->waiting, g_ptr_array_unref);
  g_free (queue);
}

static Queue *
queue_of (CoStore *store)
{
  Queue *queue = g_object_get_qdata (G_OBJECT (store), queue_quark ());

  if (queue == NULL)
    {
      queue = g_new0 (Queue, 1);
      g_queue_init (&queue->kept);
      g_object_set_qdata_full (G_OBJECT (store), queue_quark (), queue, (GDestroyNotify) queue_free);
    }
  return queue;
}

/* Runs @write waiting @wait_ms at most; FALSE when the lock is still taken. */
static gboolean
try_write (CoStore            *store,
           int                 wait_ms,
           CoStoreWriteFunc    write,
           gpointer            data,
           GDestroyNotify      data_free,
           CoStoreWrittenFunc  done)
{
  g_autoptr(GError) error = NULL;
  gboolean refused = FALSE;

  co_store_write_waiting_at_most (store, wait_ms, write, data, &refused, &error);
  if (refused)
    return FALSE;
  if (done != NULL)
    done (store, error, data);
  if (data_free != NULL)
    data_free (data);
  return TRUE;
}

static void     start_in_worker (CoStore  *store,
                                 Kept     *kept);
static gboolean retry_kept      (gpointer  user_data);

/* The kept writes in order, each waiting @wait_ms at most; FALSE when one still found the lock
 * taken or is being written in a worker (it and those after it stay kept). */
static gboolean
write_kept (CoStore *store,
            int      wait_ms)
{
  Queue *queue = queue_of (store);

  while (!g_queue_is_empty (&queue->kept))
    {
      Kept *kept = g_queue_peek_head (&queue->kept);

      if (kept->in_worker)
        {
          if (!queue->worker_running)
            start_in_worker (store, kept);
          return FALSE;
        }
      if (!try_write (store, wait_ms, kept->write, kept->data, kept->data_free, kept->done))
        return FALSE;
      g_free (g_queue_pop_head (&queue->kept));
    }
  return TRUE;
}

/* ---- a long write in a worker ---------------------------------------------------------------- */

static void
write_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Kept *kept = task_data;
  const char *path = co_store_get_path (source);
  GError *error = NULL;
  g_autoptr(CoStore) worker = co_store_open (path, &error);
  gboolean refused = TRUE;

  if (worker != NULL)
    kept->changes = co_store_record_changes (worker);
  /* An import's or a sync's write lock is waited for here, off the window's thread. */
  while (worker != NULL && refused && co_store_set_full_sync (worker, co_store_get_full_sync (source), &error))
    {
      g_clear_error (&error);
      co_store_write_waiting_at_most (worker, WAIT_AT_CLOSE_MS, kept->write, kept->data, &refused, &error);
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
written_in_worker (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CoStore *store = CO_STORE (source);
  Queue *queue = queue_of (store);
  Kept *kept = g_queue_pop_head (&queue->kept);
  g_autoptr(GError) error = NULL;

  g_assert (kept == g_task_get_task_data (G_TASK (result)));
  queue->worker_running = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (kept->committed != NULL)
        kept->committed (store, kept->data);
      co_store_announce_recorded (store, kept->changes, NULL);
    }
  if (kept->done != NULL)
    kept->done (store, error, kept->data);
  if (kept->data_free != NULL)
    kept->data_free (kept->data);
  g_clear_pointer (&kept->changes, g_array_unref);
  g_free (kept);
  /* The writes asked meanwhile, in their turn. */
  if (!write_kept (store, WAIT_NOW_MS) && queue->retry_id == 0)
    queue->retry_id = g_timeout_add_full (G_PRIORITY_DEFAULT, RETRY_MS, retry_kept, g_object_ref (store),
                                          g_object_unref);
  /* Unless the next of them runs in a worker now. */
  while (!queue->worker_running && queue->waiting != NULL && queue->waiting->len > 0)
    {
      g_autoptr(GTask) task = g_ptr_array_steal_index (queue->waiting, 0);
      g_task_return_boolean (task, TRUE);
    }
}

static void
start_in_worker (CoStore *store,
                 Kept    *kept)
{
  g_autoptr(GTask) task = g_task_new (store, NULL, written_in_worker, NULL);

  queue_of (store)->worker_running = TRUE;
  g_task_set_source_tag (task, start_in_worker);
  g_task_set_task_data (task, kept, NULL);
  g_task_run_in_thread (task, write_in_thread);
}

static gboolean
retry_kept (gpointer user_data)
{
  CoStore *store = user_data;

  if (!write_kept (store, WAIT_NOW_MS))
    return G_SOURCE_CONTINUE;
  queue_of (store)->retry_id = 0;
  return G_SOURCE_REMOVE;
}

gboolean
co_store_write_queued (CoStore            *store,
                       CoStoreWriteFunc    write,
                       gpointer            data,
                       GDestroyNotify      data_free,
                       CoStoreWrittenFunc  done)
{
  Queue *queue;
  Kept *kept;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  queue = queue_of (store);
  /* Behind the writes kept: in the order asked. */
  if (g_queue_is_empty (&queue->kept) && try_write (store, WAIT_NOW_MS, write, data, data_free, done))
    return TRUE;
  kept = g_new0 (Kept, 1);
  kept->write = write;
  kept->data = data;
  kept->data_free = data_free;
  kept->done = done;
  g_queue_push_tail (&queue->kept, kept);
  if (queue->retry_id == 0)
    queue->retry_id = g_timeout_add_full (G_PRIORITY_DEFAULT, RETRY_MS, retry_kept, g_object_ref (store),
                                          g_object_unref);
  return FALSE;
}

void
co_store_write_queued_in_worker (CoStore            *store,
                                 CoStoreWriteFunc    write,
                                 gpointer            data,
                                 GDestroyNotify      data_free,
                                 CoStoreWrittenFunc  done)
{
  co_store_write_queued_in_worker_full (store, write, NULL, data, data_free, done);
}

void
co_store_write_queued_in_worker_full (CoStore              *store,
                                      CoStoreWriteFunc      write,
                                      CoStoreCommittedFunc  committed,
                                      gpointer              data,
                                      GDestroyNotify        data_free,
                                      CoStoreWrittenFunc    done)
{
  Queue *queue;
  Kept *kept;

  g_return_if_fail (CO_IS_STORE (store));
  g_return_if_fail (write != NULL);

  queue = queue_of (store);
  kept = g_new0 (Kept, 1);
  kept->write = write;
  kept->data = data;
  kept->data_free = data_free;
  kept->done = done;
  kept->committed = committed;
  kept->in_worker = TRUE;
  g_queue_push_tail (&queue->kept, kept);
  if (g_queue_get_length (&queue->kept) == 1)
    start_in_worker (store, kept);
}

gboolean
co_store_is_writing_in_worker (CoStore *store)
{
  Queue *queue = g_object_get_qdata (G_OBJECT (store), queue_quark ());

  return queue != NULL && queue->worker_running;
}

void
co_store_wait_for_worker (CoStore             *store,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             data)
{
  g_autoptr(GTask) task = NULL;
  Queue *queue;

  g_return_if_fail (CO_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, data);
  g_task_set_source_tag (task, co_store_wait_for_worker);
  /* Cancelled, the wait ends with G_IO_ERROR_CANCELLED when the worker does. */
  g_task_set_check_cancellable (task, TRUE);
  queue = queue_of (store);
  if (!queue->worker_running)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (queue->waiting == NULL)
    queue->waiting = g_ptr_array_new ();
  g_ptr_array_add (queue->waiting, g_steal_pointer (&task));
}

gboolean
co_store_wait_for_worker_finish (CoStore       *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
co_store_get_n_kept_writes (CoStore *store)
{
  Queue *queue = g_object_get_qdata (G_OBJECT (store), queue_quark ());

  return queue != NULL ? queue->kept.length : 0;
}

gboolean
co_store_write_kept_before_closing (CoStore *store)
{
  Queue *queue;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  queue = g_object_get_qdata (G_OBJECT (store), queue_quark ());
  if (queue == NULL || g_queue_is_empty (&queue->kept))
    return TRUE;
  if (!write_kept (store, WAIT_AT_CLOSE_MS))
    return FALSE;
  g_clear_handle_id (&queue->retry_id, g_source_remove);
  return TRUE;
}
