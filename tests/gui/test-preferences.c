/* test-preferences.c: the Preferences window: the database in use, a switch bound to its
 * setting, and Restore from Backup bringing the workspace back as it was. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "core/groups/co-group.h"
#include "core/store/co-backup.h"
#include "core/store/co-write-queue.h"
#include "gui/widgets/co-widget-write.h"
#include "gui/window/co-preferences-window.h"
#include "gui-test-util.h"

/* The preferences show the database in use and write the settings they are bound to. */
static void
test_preferences (Fixture *f, gconstpointer data)
{
  CoPreferencesWindow *preferences = co_preferences_window_new (f->store);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *row = NULL;
  GtkWidget *full_sync;
  g_autofree char *mode = NULL;

  gtk_window_present (GTK_WINDOW (preferences));
  wait_for_window (GTK_WINDOW (preferences));
  for (guint i = 0; (row = find_widget (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), co_store_get_path (f->store)) == 0)
      break;
  g_assert_nonnull (row);

  full_sync = find_widget (GTK_WIDGET (preferences), GTK_TYPE_SWITCH, 1);
  /* Its row says what it protects against, in words a user has. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_ancestor (full_sync,
                                                                                                 ADW_TYPE_ACTION_ROW))),
                   ==, "Keep Changes Through a Power Cut");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (full_sync)));
  gtk_switch_set_active (GTK_SWITCH (full_sync), TRUE);
  mode = g_settings_get_string (settings, "sync-mode");
  g_assert_cmpstr (mode, ==, "full");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static gboolean
has_n_groups (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (sidebar_model (f)) == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->window),
                                                                                              "expected"));
}

static void
wait_for_n_groups (Fixture *f,
                   guint    n)
{
  g_object_set_data (G_OBJECT (f->window), "expected", GUINT_TO_POINTER (n));
  wait_until (has_n_groups, f, "the sidebar to show the restored workspace");
}

/* A label shown in @root whose text has @part. */
static gboolean
shows_text_with (GtkWidget  *root,
                 const char *part)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), part))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shows_text_with (child, part))
      return TRUE;
  return FALSE;
}

static gboolean
shows_restored (gpointer window)
{
  return shows_text_with (window, "Restored; the workspace before it is kept as a backup");
}

static gboolean
shows_cannot_be_restored (gpointer window)
{
  return shows_text_with (window, "cannot be restored: it is not a CommunityOps backup.");
}

static gboolean
shows_restoring (gpointer window)
{
  return shows_text_with (window, "Restoring the backup… The window can be used meanwhile.");
}

/* Restore from Backup in Preferences: the backups listed newest first, the chosen one restored
 * on confirmation by the main window, in a worker: the response returns before it is done (the
 * sidebar still shows the group made after the backup), the preferences close, and the window
 * shows the workspace as it was then, and says so. */
static void
test_restore_from_backup (Fixture *f, gconstpointer data)
{
  CoPreferencesWindow *preferences = co_preferences_window_new (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = co_backup_create (f->store, CO_BACKUP_BY_HAND, &error);
  guint before = g_list_model_get_n_items (sidebar_model (f));
  g_autoptr(AdwMessageDialog) dialog = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  GtkWidget *row = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (backup);
  /* The sidebar reads the groups again as the store tells of the change, before this returns. */
  g_assert_cmpint (co_group_create (f->store, "After the backup", 0, &error), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, before + 1);

  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &preferences);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (preferences));
  wait_for_window (GTK_WINDOW (preferences));
  for (guint i = 0; (row = find_widget (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "_Restore from Backup…") == 0)
      break;
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activated");
  dialog = wait_for_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "restore");
  /* Released while its transient parent lives: finalized, the dialog unsets the parent. */
  g_clear_object (&dialog);
  /* Not on the main thread: nothing restored yet as the response returns. */
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, before + 1);
  wait_until (is_gone, &preferences, "the preferences to close");
  wait_for_n_groups (f, before);
  wait_until (shows_restored, f->window, "the toast saying it is restored");
  /* A backup of the workspace as it was, first: the one restored and the one from before it. */
  backups = co_backup_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 2);
  g_assert_cmpint (((CoBackup *) backups->pdata[0])->reason, ==, CO_BACKUP_BEFORE_RESTORE);
}

/* A restore waits its turn while another connection writes: the window goes on (frames drawn),
 * says that it is restoring, and restores once the lock is free. */
static void
test_restore_behind_lock (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = co_backup_create (f->store, CO_BACKUP_BY_HAND, &error);
  guint before = g_list_model_get_n_items (sidebar_model (f));
  CoStore *import;

  g_assert_no_error (error);
  g_assert_cmpint (co_group_create (f->store, "After the backup", 0, &error), >, 0);
  g_assert_no_error (error);
  import = hold_write_lock (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-backup", "s", backup);
  wait_until (shows_restoring, f->window, "the toast saying a restore is under way");
  wait_for_frame (GTK_WIDGET (f->window));
  save_screenshot (GTK_WIDGET (f->window), "restore-behind-lock");
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, before + 1);
  release_write_lock (f, import);
  wait_for_n_groups (f, before);
  wait_until (shows_restored, f->window, "the toast saying it is restored");
  wait_for_frame (GTK_WIDGET (f->window));
  save_screenshot (GTK_WIDGET (f->window), "restored");
}

static gboolean
shows_closing_once_saved (gpointer window)
{
  return shows_text_with (window, "Saving the changes… The window closes once they are saved.");
}

static gboolean
is_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

/* The window closed while a write of its own runs in a worker (the restore, waiting for the
 * lock): it stays open, says that it closes once the change is saved, and does. (It said that
 * an import or a sync was writing, and stayed open.) */
static void
test_close_while_restoring (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = co_backup_create (f->store, CO_BACKUP_BY_HAND, &error);
  CoStore *import;

  g_assert_no_error (error);
  import = hold_write_lock (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-backup", "s", backup);
  gtk_window_close (GTK_WINDOW (f->window));
  wait_until (shows_closing_once_saved, f->window, "the toast saying the window closes once saved");
  wait_for_frame (GTK_WIDGET (f->window));
  save_screenshot (GTK_WIDGET (f->window), "close-while-restoring");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  release_write_lock (f, import);
  wait_until (is_hidden, f->window, "the window to close once the restore is done");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 0);
}

static gboolean
create_group (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  return co_group_create (store, data, 0, error) != 0;
}

static gboolean
shows_translated (gpointer data)
{
  Fixture *f = data;

  return shows_text_with (GTK_WIDGET (f->window), _(g_object_get_data (G_OBJECT (f->window), "text")));
}

/* Waits for the toast saying @text (in the language of the moment), and saves a screenshot. */
static void
screenshot_toast (Fixture    *f,
                  const char *text,
                  const char *name,
                  const char *language)
{
  g_autofree char *file = g_strdup_printf ("%s-%s", name, language);

  g_object_set_data (G_OBJECT (f->window), "text", (gpointer) text);
  wait_until (shows_translated, f, text);
  wait_for_toast_shown (f->window);
  save_screenshot (GTK_WIDGET (f->window), file);
}

/* The write queue's toasts, in English and in Chinese, for screenshots (CO_TEST_SCREENSHOTS):
 * a write kept behind another connection's lock, one written in a worker, a restore, and the
 * window closed while it runs. */
static void
test_queue_toasts (Fixture *f, gconstpointer data)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  GtkWidget *overlay = find_widget (GTK_WIDGET (f->window), ADW_TYPE_TOAST_OVERLAY, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = co_backup_create (f->store, CO_BACKUP_BY_HAND, &error);
  const char *languages[] = { "en", "zh_CN" };

  g_assert_no_error (error);
  test_bind_translations ();
  textdomain (GETTEXT_PACKAGE);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      CoStore *import;

      if (i == 1 && setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
        g_error ("The zh_CN.UTF-8 locale is missing: run build-aux/install-deps");
      import = hold_write_lock (f);
      co_widget_write (overlay, f->store, create_group, (gpointer) "Kept", NULL, NULL);
      screenshot_toast (f, "An import or a sync is writing to the workspace: this change is saved as soon as it is "
                        "done.", "toast-kept", languages[i]);
      release_write_lock (f, import);

      import = hold_write_lock (f);
      co_widget_write_full (overlay, f->store, create_group, (gpointer) "In a worker", NULL, NULL,
                            CO_WIDGET_WRITE_IN_WORKER);
      screenshot_toast (f, "Saving the change… The window can be used meanwhile.", "toast-in-worker", languages[i]);
      release_write_lock (f, import);

      import = hold_write_lock (f);
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-backup", "s", backup);
      screenshot_toast (f, "Restoring the backup… The window can be used meanwhile.", "toast-restoring", languages[i]);
      release_write_lock (f, import);
      screenshot_toast (f, "Restored; the workspace before it is kept as a backup", "toast-restored", languages[i]);
    }
  setlocale (LC_ALL, saved);
}

/* A file that is not a backup: refused with why, in the window, and nothing changed. */
static void
test_restore_not_a_backup (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "broken.db", NULL);
  guint before = g_list_model_get_n_items (sidebar_model (f));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;

  g_assert_true (g_file_set_contents (path, "SQLite format 3 but not really a database, only its first bytes",
                                      -1, &error));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-backup", "s", path);
  wait_until (shows_cannot_be_restored, f->window, "the toast saying why it cannot be restored");
  wait_for_frame (GTK_WIDGET (f->window));
  save_screenshot (GTK_WIDGET (f->window), "restore-refused");
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, before);
  backups = co_backup_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 0);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("preferences", FALSE, test_preferences);
  GUI_TEST_ADD ("restore-from-backup", TRUE, test_restore_from_backup);
  GUI_TEST_ADD ("restore-behind-lock", TRUE, test_restore_behind_lock);
  GUI_TEST_ADD ("restore-not-a-backup", TRUE, test_restore_not_a_backup);
  GUI_TEST_ADD ("close-while-restoring", TRUE, test_close_while_restoring);
  GUI_TEST_ADD ("queue-toasts", TRUE, test_queue_toasts);

  return g_test_run ();
}
