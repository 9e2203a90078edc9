/* test-write-queue.c: the window's writes while another connection holds the write lock
 * (co-write-queue.h): run at once when the lock is free; kept, not waited for, while it is
 * taken, then written in the order asked once it is freed, each told its outcome; a write that
 * fails for another reason is told so at once and not run again. */
#include "config.h"

#include "core/store/co-store-private.h"
#include "core/store/co-write-queue.h"
#include "test-util.h"

typedef struct
{
  int      value;
  GString *told;   /* "value:ok" or "value:error", in the order told */
  guint    n_runs;
  GThread *thread; /* that ran it last */
} Write;

static gboolean
insert_value (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  Write *write = data;
  g_autofree char *sql = g_strdup_printf ("INSERT INTO kept (value) VALUES (%d)", write->value);

  write->n_runs++;
  write->thread = g_thread_self ();
  if (!co_store_begin (store, error))
    return FALSE;
  if (write->value < 0)
    {
      g_set_error_literal (error, CO_STORE_ERROR, CO_STORE_ERROR_WRITE, "a value below zero");
      co_store_rollback (store);
      return FALSE;
    }
  if (!co_store_exec (store, sql, error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  co_store_note_change (store, "kept", write->value);
  return co_store_commit (store, error);
}

static void
note_announced (CoStore    *store,
                const char *table,
                gint64      group_id,
                GString    *announced)
{
  g_string_append_printf (announced, "%s%s:%" G_GINT64_FORMAT, announced->len > 0 ? " " : "", table, group_id);
}

static void
told (CoStore      *store,
      const GError *error,
      gpointer      data)
{
  Write *write = data;

  g_string_append_printf (write->told, "%s%d:%s", write->told->len > 0 ? " " : "", write->value,
                          error == NULL ? "ok" : "error");
}

static gboolean
none_kept (gpointer store)
{
  return co_store_get_n_kept_writes (store) == 0;
}

static void
wait_for (GSourceFunc  condition,
          gpointer     data)
{
  gint64 give_up = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_kept_while_locked (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CoStore) store = test_open_temp_store (&path);
  g_autoptr(CoStore) worker = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) order = g_string_new (NULL);
  Write first = { 1, order }, second = { 2, order }, third = { 3, order }, refused = { -1, order };

  test_sql_exec (store, "CREATE TABLE kept (id INTEGER PRIMARY KEY, value INTEGER)");

  /* The lock free: written now. */
  g_assert_true (co_store_write_queued (store, insert_value, &first, NULL, told));
  g_assert_cmpstr (order->str, ==, "1:ok");
  g_assert_cmpint (test_sql_count (store, "SELECT count(*) FROM kept"), ==, 1);

  /* Another connection holds the write lock, as an import in a worker does. */
  worker = co_store_open_for_worker_writes (path, &error);
  g_assert_no_error (error);
  g_assert_true (co_store_begin (worker, &error));
  g_assert_true (co_store_exec (worker, "INSERT INTO kept (value) VALUES (100)", &error));

  /* Kept, not waited for (the busy timeout would wait 5 s, then fail); the next behind it. */
  g_assert_false (co_store_write_queued (store, insert_value, &second, NULL, told));
  g_assert_false (co_store_write_queued (store, insert_value, &third, NULL, told));
  g_assert_cmpuint (co_store_get_n_kept_writes (store), ==, 2);
  g_assert_cmpstr (order->str, ==, "1:ok");
  /* Tried again meanwhile, still kept. */
  {
    gint64 until = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (second.n_runs, >=, 2);
  g_assert_cmpuint (third.n_runs, ==, 0);
  g_assert_cmpuint (co_store_get_n_kept_writes (store), ==, 2);
  g_assert_cmpstr (order->str, ==, "1:ok");

  /* The import commits: the kept writes follow it, in order. */
  g_assert_true (co_store_commit (worker, &error));
  wait_for (none_kept, store);
  g_assert_cmpstr (order->str, ==, "1:ok 2:ok 3:ok");
  g_assert_cmpuint (third.n_runs, ==, 1);
  {
    g_autofree char *rows = test_sql_rows (store, "SELECT value FROM kept ORDER BY id");
    g_assert_cmpstr (rows, ==, "1, 100, 2, 3");
  }

  /* Committed: another connection reads them. */
  {
    g_autoptr(CoStore) reader = co_store_open_for_worker (path, NULL, &error);
    g_autofree char *rows = NULL;

    g_assert_no_error (error);
    rows = test_sql_rows (reader, "SELECT value FROM kept ORDER BY id");
    g_assert_cmpstr (rows, ==, "1, 100, 2, 3");
  }

  /* A write failing for another reason: told at once, not run again. */
  g_assert_true (co_store_write_queued (store, insert_value, &refused, NULL, told));
  g_assert_cmpstr (order->str, ==, "1:ok 2:ok 3:ok -1:error");
  g_assert_cmpuint (refused.n_runs, ==, 1);
  g_assert_cmpuint (co_store_get_n_kept_writes (store), ==, 0);
}

static gpointer
commit_later (gpointer data)
{
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (co_store_commit (data, NULL));
  return NULL;
}

/* A window that closes writes what it kept: waiting for the lock as long as the busy timeout,
 * and saying so when the lock is held longer, the writes still kept for later. */
static void
test_kept_before_closing (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CoStore) store = test_open_temp_store (&path);
  g_autoptr(CoStore) worker = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) order = g_string_new (NULL);
  Write first = { 1, order }, second = { 2, order };
  GThread *thread;

  test_sql_exec (store, "CREATE TABLE kept (id INTEGER PRIMARY KEY, value INTEGER)");
  g_assert_true (co_store_write_kept_before_closing (store));  /* nothing kept */
  worker = co_store_open_for_worker_writes (path, &error);
  g_assert_no_error (error);

  /* Held longer than the wait: still kept, nothing lost. */
  g_assert_true (co_store_begin (worker, &error));
  g_assert_false (co_store_write_queued (store, insert_value, &first, NULL, told));
  g_assert_false (co_store_write_kept_before_closing (store));
  g_assert_cmpuint (co_store_get_n_kept_writes (store), ==, 1);
  g_assert_cmpstr (order->str, ==, "");

  /* Freed while the window waits: written before it closes, in order. */
  g_assert_false (co_store_write_queued (store, insert_value, &second, NULL, told));
  thread = g_thread_new ("commit", commit_later, worker);
  g_assert_true (co_store_write_kept_before_closing (store));
  g_thread_join (thread);
  g_assert_cmpuint (co_store_get_n_kept_writes (store), ==, 0);
  g_assert_cmpstr (order->str, ==, "1:ok 2:ok");
  {
    g_autoptr(CoStore) reader = co_store_open_for_worker (path, NULL, &error);
    g_autofree char *rows = NULL;

    g_assert_no_error (error);
    rows = test_sql_rows (reader, "SELECT value FROM kept ORDER BY id");
    g_assert_cmpstr (rows, ==, "1, 2");
  }
}

/* A long write in a worker: in its turn, waiting there for the lock; the writes asked after it
 * wait for it; its change announced on the window's store. */
static void
test_in_worker (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CoStore) store = test_open_temp_store (&path);
  g_autoptr(CoStore) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) order = g_string_new (NULL);
  g_autoptr(GString) announced = g_string_new (NULL);
  Write alone = { 5, order }, long_write = { 10, order }, after = { 11, order };

  test_sql_exec (store, "CREATE TABLE kept (id INTEGER PRIMARY KEY, value INTEGER)");
  g_signal_connect (store, "changed", G_CALLBACK (note_announced), announced);

  /* The lock free: written in the worker, told once back on this thread. */
  co_store_write_queued_in_worker (store, insert_value, &alone, NULL, told);
  g_assert_cmpuint (co_store_get_n_kept_writes (store), ==, 1);
  g_assert_cmpstr (order->str, ==, "");
  wait_for (none_kept, store);
  g_assert_cmpstr (order->str, ==, "5:ok");
  g_assert_true (alone.thread != g_thread_self ());
  g_assert_cmpstr (announced->str, ==, "kept:5");

  /* Behind an import's lock: kept, and a write asked after it waits for it. */
  import = co_store_open_for_worker_writes (path, &error);
  g_assert_no_error (error);
  g_assert_true (co_store_begin (import, &error));
  co_store_write_queued_in_worker (store, insert_value, &long_write, NULL, told);
  g_assert_false (co_store_write_queued (store, insert_value, &after, NULL, told));
  g_assert_cmpuint (co_store_get_n_kept_writes (store), ==, 2);
  {
    gint64 until = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (after.n_runs, ==, 0);
  g_assert_cmpstr (order->str, ==, "5:ok");

  g_assert_true (co_store_commit (import, &error));
  wait_for (none_kept, store);
  g_assert_cmpstr (order->str, ==, "5:ok 10:ok 11:ok");
  g_assert_true (long_write.thread != g_thread_self ());
  g_assert_true (after.thread == g_thread_self ());
  g_assert_cmpstr (announced->str, ==, "kept:5 kept:10 kept:11");
  {
    g_autofree char *rows = test_sql_rows (store, "SELECT value FROM kept ORDER BY id");
    g_assert_cmpstr (rows, ==, "5, 10, 11");
  }
}

typedef struct
{
  GString *order;     /* the same as the writes' */
  gboolean done;
  GError  *error;
} Wait;

static void
waited (GObject      *store,
        GAsyncResult *result,
        gpointer      data)
{
  Wait *wait = data;

  if (co_store_wait_for_worker_finish (CO_STORE (store), result, &wait->error))
    g_string_append_printf (wait->order, "%swaited", wait->order->len > 0 ? " " : "");
  wait->done = TRUE;
}

static gboolean
is_done (gpointer wait)
{
  return ((Wait *) wait)->done;
}

/* A window asked to close while its write runs in a worker waits for it: told once it is
 * written (after its own outcome), at once when none runs; cancelled, told so. */
static void
test_wait_for_worker (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CoStore) store = test_open_temp_store (&path);
  g_autoptr(CoStore) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) order = g_string_new (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Write first = { 1, order }, second = { 2, order };
  Wait idle = { order }, behind = { order }, cancelled = { order };

  test_sql_exec (store, "CREATE TABLE kept (id INTEGER PRIMARY KEY, value INTEGER)");
  co_store_wait_for_worker (store, NULL, waited, &idle);
  wait_for (is_done, &idle);
  g_assert_no_error (idle.error);
  g_assert_cmpstr (order->str, ==, "waited");
  g_string_truncate (order, 0);

  /* Two writes in a worker, the first behind an import's lock: the wait lasts until both are written. */
  import = co_store_open_for_worker_writes (path, &error);
  g_assert_no_error (error);
  g_assert_true (co_store_begin (import, &error));
  co_store_write_queued_in_worker (store, insert_value, &first, NULL, told);
  co_store_write_queued_in_worker (store, insert_value, &second, NULL, told);
  co_store_wait_for_worker (store, NULL, waited, &behind);
  co_store_wait_for_worker (store, cancellable, waited, &cancelled);
  g_cancellable_cancel (cancellable);
  {
    gint64 until = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_false (behind.done);
  g_assert_true (co_store_commit (import, &error));
  wait_for (is_done, &behind);
  wait_for (is_done, &cancelled);
  g_assert_no_error (behind.error);
  g_assert_cmpstr (order->str, ==, "1:ok 2:ok waited");
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
}

int
main (int    argc,
      char **argv)
{
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/write-queue/kept-while-locked", test_kept_while_locked);
  g_test_add_func ("/write-queue/kept-before-closing", test_kept_before_closing);
  g_test_add_func ("/write-queue/in-worker", test_in_worker);
  g_test_add_func ("/write-queue/wait-for-worker", test_wait_for_worker);
  return g_test_run ();
}
