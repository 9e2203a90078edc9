/* test-upgrade.c: the app on a workspace of an older version: the "Updating Your Workspace"
 * window shows first, the main loop keeps running while the worker upgrades, and the main window
 * follows with the workspace's data. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "core/store/co-store-private.h"
#include "gui/window/co-application.h"
#include "gui/window/co-upgrade-window.h"
#include "gui-test-util.h"

typedef struct
{
  char      *dir;
  sqlite3   *lock;  /* holds the write lock: the upgrade cannot end before the test lets it */
  GPtrArray *added; /* the windows in the order the app added them */
  guint      ticks; /* runs of a timeout while the worker upgrades */
} Run;

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 Run            *run)
{
  g_ptr_array_add (run->added, g_object_ref (window));
}

static gboolean
count_tick (gpointer data)
{
  ((Run *) data)->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
ticked_enough (gpointer data)
{
  return ((Run *) data)->ticks >= 10;
}

static gboolean
main_window_added (gpointer data)
{
  Run *run = data;
  return run->added->len >= 2;
}

static gboolean
group_listed (gpointer data)
{
  Fixture f = { .window = data };
  g_autofree char *shown = sidebar_text (&f);
  return strstr (shown, "升级前的社群") != NULL;
}

static gboolean
drive (gpointer data)
{
  GApplication *app = g_application_get_default ();
  Run *run = data;
  GtkWindow *upgrade_window;
  AdwStatusPage *status;
  guint tick_source;
  g_autofree char *backups = g_build_filename (run->dir, "backups", NULL);
  g_autoptr(GDir) backups_dir = NULL;
  const char *name;
  gboolean copied = FALSE;

  /* The updating window first, shown, and alone while the upgrade cannot go on. */
  g_assert_cmpuint (run->added->len, ==, 1);
  g_assert_true (CO_IS_UPGRADE_WINDOW (run->added->pdata[0]));
  upgrade_window = run->added->pdata[0];
  wait_for_window (upgrade_window);
  status = ADW_STATUS_PAGE (find_widget (GTK_WIDGET (upgrade_window), ADW_TYPE_STATUS_PAGE, 0));
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Updating Your Workspace");
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (status), GTK_TYPE_SPINNER, 0)));

  /* The main loop runs meanwhile: a timeout fires again and again. */
  tick_source = g_timeout_add (10, count_tick, run);
  wait_until (ticked_enough, run, "the main loop to run while the workspace is upgraded");
  g_source_remove (tick_source);
  g_assert_cmpuint (run->added->len, ==, 1);

  /* Let go: the main window follows with the group, and the updating window is gone. */
  g_assert_cmpint (sqlite3_exec (run->lock, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  wait_until (main_window_added, run, "the main window after the upgrade");
  g_assert_true (CO_IS_WINDOW (run->added->pdata[1]));
  wait_for_window (run->added->pdata[1]);
  wait_until (group_listed, run->added->pdata[1], "the workspace's group in the sidebar");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (upgrade_window)));
  g_assert_null (g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), upgrade_window));

  /* The copy the window speaks of is among the backups. */
  backups_dir = g_dir_open (backups, 0, NULL);
  g_assert_nonnull (backups_dir);
  while ((name = g_dir_read_name (backups_dir)) != NULL)
    copied |= strstr (name, "before-migration") != NULL;
  g_assert_true (copied);

  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
on_startup (GApplication *app,
            Run          *run)
{
  g_idle_add (drive, run);
}

static void
test_upgrade_window_first (void)
{
  Run run = { .dir = test_temp_dir (), .added = g_ptr_array_new_with_free_func (g_object_unref) };
  g_autofree char *path = g_build_filename (run.dir, "workspace.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CoApplication) app = NULL;
  char *argv[] = { "community-ops", "--database", path, NULL };

  /* A workspace one version behind, with a group in it, in the write-ahead log mode the app
   * leaves it in (in which a write waits for a lock rather than failing at once). */
  g_assert_true (co_store_create_at_version (path, CO_STORE_SCHEMA_VERSION - 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &run.lock), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (run.lock,
                                 "PRAGMA journal_mode = WAL;"
                                 "INSERT INTO groups (uuid, name, created_at, updated_at)"
                                 " VALUES ('7f0c1c0e-5a4e-4d0e-9b59-1b8f2f8e0c01', '升级前的社群', '', '');"
                                 "BEGIN IMMEDIATE",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (co_store_needs_upgrade (path));

  app = co_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), &run);
  g_signal_connect_after (app, "startup", G_CALLBACK (on_startup), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);

  g_assert_cmpuint (run.added->len, ==, 2);
  g_assert_false (co_store_needs_upgrade (path));
  sqlite3_close (run.lock);
  g_ptr_array_unref (run.added);
  test_remove_tree (run.dir);
  g_free (run.dir);
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);
  g_test_add_func ("/ui/upgrade/window-first", test_upgrade_window_first);
  return g_test_run ();
}
