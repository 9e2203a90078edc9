/* test-app-quit.c: the app ended by a signal (the session ending, Ctrl+C in a terminal) quits as
 * its Quit action does: the window writes the change it kept behind an import's write lock
 * before it closes, where the signal's default action ended the process and lost it. */
#include "config.h"

#include <signal.h>

#include "core/groups/co-group.h"
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
  return g_test_run ();
}
