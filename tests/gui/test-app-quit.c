/* test-app-quit.c: the app ended by a signal (the session ending, Ctrl+C in a terminal) quits as
 * its Quit action does: the window writes the change it kept behind an import's write lock
 * before it closes, where the signal's default action ended the process and lost it. And the
 * trash emptied at start and at quit in a worker, neither the first frame nor the quit waiting on
 * the main thread for another connection's write lock (nor losing the purge after its busy
 * timeout). */
#include "config.h"

#include <signal.h>

#include "core/groups/co-group.h"
#include "core/store/co-backup.h"
#include "core/store/co-store-private.h"
#include "core/store/co-write-queue.h"
#include "gui/window/co-application.h"
#include "gui-test-util.h"

typedef struct
{
  char     *path;
  CoWindow *window;   /* the main window, once added */
  CoStore  *import;   /* a worker's connection holding the write lock */
  int       signal;
} Run;

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 Run            *run)
{
  if (CO_IS_WINDOW (window))
    run->window = CO_WINDOW (window);
}

static gboolean
window_added (gpointer data)
{
  return ((Run *) data)->window != NULL;
}

static gboolean
create_group (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  return co_group_create (store, data, 0, error) != 0;
}

/* The import's COMMIT, a moment into the window's wait for it. */
static gpointer
commit_soon (gpointer data)
{
  CoStore *import = data;
  g_autoptr(GError) error = NULL;

  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (co_store_commit (import, &error));
  g_assert_no_error (error);
  return NULL;
}

static gboolean
drive (gpointer data)
{
  Run *run = data;
  g_autoptr(CoStore) store = NULL;
  g_autoptr(GError) error = NULL;

  wait_until (window_added, run, "the main window");
  wait_for_window (GTK_WINDOW (run->window));
  g_object_get (run->window, "store", &store, NULL);

  run->import = co_store_open_for_worker_writes (run->path, &error);
  g_assert_no_error (error);
  g_assert_true (co_store_begin (run->import, &error));
  g_assert_false (co_store_write_queued (store, create_group, (gpointer) "信号前建的社群", NULL, NULL));
  g_assert_cmpuint (co_store_get_n_kept_writes (store), ==, 1);

  g_thread_unref (g_thread_new ("commit", commit_soon, run->import));
  g_assert_cmpint (raise (run->signal), ==, 0);
  return G_SOURCE_REMOVE;
}

static void
on_startup (GApplication *app,
            Run          *run)
{
  g_idle_add (drive, run);
}

static void
run_app_and_signal (int signal)
{
  g_autofree char *dir = test_temp_dir ();
  Run run = { .path = g_build_filename (dir, "workspace.db", NULL), .signal = signal };
  g_autoptr(GError) error = NULL;
  g_autoptr(CoApplication) app = NULL;
  g_autoptr(CoStore) reader = NULL;
  char *argv[] = { "community-ops", "--database", run.path, NULL };

  g_object_unref (co_store_open (run.path, &error));
  g_assert_no_error (error);

  app = co_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), &run);
  g_signal_connect_after (app, "startup", G_CALLBACK (on_startup), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);

  /* Ended, with the kept group written, as another connection reads the file. */
  g_clear_object (&run.import);
  reader = co_store_open_for_worker (run.path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (reader, "SELECT count (*) FROM groups WHERE name = '信号前建的社群'"), ==, 1);
  g_clear_object (&reader);
  test_remove_tree (dir);
  g_free (run.path);
}

/* ---- the trash emptied at start and at quit ------------------------------------------------ */

typedef struct
{
  char     *path;
  CoWindow *window;
  CoStore  *import;   /* the write lock, held from before the app starts */
  CoStore  *store;    /* the window's */
} Purge;

static gint64
n_in_trash (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) reader = co_store_open_for_worker (path, NULL, &error);

  g_assert_no_error (error);
  return test_sql_count (reader, "SELECT count (*) FROM groups WHERE deleted_at IS NOT NULL");
}

static gboolean
trash_empty (gpointer data)
{
  return n_in_trash (((Purge *) data)->path) == 0;
}

static void
on_purge_window_added (GtkApplication *app,
                       GtkWindow      *window,
                       Purge          *purge)
{
  if (CO_IS_WINDOW (window))
    purge->window = CO_WINDOW (window);
}

static gboolean
purge_window_added (gpointer data)
{
  return ((Purge *) data)->window != NULL;
}

/* The window gone, the trash being emptied in a worker, waiting for the lock: released. */
static gboolean
release_once_purging (gpointer data)
{
  Purge *purge = data;
  g_autoptr(GError) error = NULL;

  if (!co_store_is_writing_in_worker (purge->store))
    return G_SOURCE_CONTINUE;
  g_assert_cmpint (n_in_trash (purge->path), ==, 1);
  g_assert_true (co_store_commit (purge->import, &error));
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

static gboolean
drive_purge (gpointer data)
{
  Purge *purge = data;
  g_autoptr(GError) error = NULL;
  gint64 group;

  /* The first frame, while the purge at start waits for the lock in its worker. */
  wait_until (purge_window_added, purge, "the main window");
  wait_for_window (GTK_WINDOW (purge->window));
  g_object_get (purge->window, "store", &purge->store, NULL);
  g_assert_cmpint (n_in_trash (purge->path), ==, 1);
  g_assert_true (co_store_commit (purge->import, &error));
  g_assert_no_error (error);
  wait_until (trash_empty, purge, "the trash emptied at start");

  /* A group deleted in this run goes at quit, once the lock held then is free. */
  group = co_group_create (purge->store, "退出时清空", 0, &error);
  g_assert_no_error (error);
  g_assert_true (co_group_trash (purge->store, group, &error));
  g_assert_no_error (error);
  g_assert_true (co_store_begin (purge->import, &error));
  g_assert_no_error (error);
  g_timeout_add (10, release_once_purging, purge);
  gtk_window_close (GTK_WINDOW (purge->window));
  return G_SOURCE_REMOVE;
}

static void
on_purge_startup (GApplication *app,
                  Purge        *purge)
{
  g_idle_add (drive_purge, purge);
}

static void
run_app_purging_trash (void)
{
  g_autofree char *dir = test_temp_dir ();
  Purge purge = { .path = g_build_filename (dir, "workspace.db", NULL) };
  g_autoptr(GError) error = NULL;
  g_autoptr(CoApplication) app = NULL;
  char *argv[] = { "community-ops", "--database", purge.path, NULL };

  /* A group an earlier run deleted but ended before it emptied the trash. */
  {
    g_autoptr(CoStore) earlier = co_store_open (purge.path, &error);
    gint64 group = co_group_create (earlier, "上次删除的社群", 0, &error);

    g_assert_no_error (error);
    g_assert_true (co_group_trash (earlier, group, &error));
    g_assert_no_error (error);
  }
  purge.import = co_store_open_for_worker_writes (purge.path, &error);
  g_assert_no_error (error);
  g_assert_true (co_store_begin (purge.import, &error));
  g_assert_no_error (error);

  app = co_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (on_purge_window_added), &purge);
  g_signal_connect_after (app, "startup", G_CALLBACK (on_purge_startup), &purge);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);

  /* Emptied before the app ended. */
  g_assert_cmpint (n_in_trash (purge.path), ==, 0);
  g_clear_object (&purge.store);
  g_clear_object (&purge.import);
  test_remove_tree (dir);
  g_free (purge.path);
}

static void
test_trash_emptied_in_worker (void)
{
  if (g_test_subprocess ())
    {
      run_app_purging_trash ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* ---- the daily backup made before the app ends --------------------------------------------- */

static gboolean
quit_at_once (gpointer app)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_startup_quit (GApplication *app)
{
  g_idle_add (quit_at_once, app);
}

/* Quit as soon as it has started, the app still makes the day's copy of a workspace that takes
 * a while to copy (200 MB), and then ends: no partial copy left, one daily backup. */
static void
run_app_quitting_at_once (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *backups_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CoApplication) app = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GDir) listing = NULL;
  char *argv[] = { "community-ops", "--database", path, NULL };
  const char *name;

  {
    g_autoptr(CoStore) earlier = co_store_open (path, &error);

    g_assert_no_error (error);
    test_sql_exec (earlier, "CREATE TABLE filler AS WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                            "WHERE i < 50000) SELECT i, randomblob (4000) AS bytes FROM n");
    g_assert_true (co_backup_daily_due (earlier));
  }

  app = co_application_new ();
  g_signal_connect_after (app, "startup", G_CALLBACK (on_startup_quit), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);

  backups = co_backup_list_for (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  g_assert_cmpint (((CoBackup *) backups->pdata[0])->reason, ==, CO_BACKUP_DAILY);
  backups_dir = co_backup_dir_for (path, &error);
  listing = g_dir_open (backups_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (g_str_has_suffix (name, ".partial"));
  test_remove_tree (dir);
}

static void
test_daily_backup_finished (void)
{
  if (g_test_subprocess ())
    {
      run_app_quitting_at_once ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Each in a process of its own: an app starts once a process. */
static void
test_signal_quits (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      run_app_and_signal (GPOINTER_TO_INT (data));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);
  g_test_add_data_func ("/ui/app-quit/sigterm", GINT_TO_POINTER (SIGTERM), test_signal_quits);
  g_test_add_data_func ("/ui/app-quit/sigint", GINT_TO_POINTER (SIGINT), test_signal_quits);
  g_test_add_func ("/ui/app-quit/trash-emptied-in-worker", test_trash_emptied_in_worker);
  g_test_add_func ("/ui/app-quit/daily-backup-finished", test_daily_backup_finished);
  return g_test_run ();
}
