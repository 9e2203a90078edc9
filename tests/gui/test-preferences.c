/* test-preferences.c: the Preferences window: the database in use, a switch bound to its
 * setting, and Restore from Backup bringing the workspace back as it was. */
#include "config.h"

#include "core/groups/co-group.h"
#include "core/store/co-backup.h"
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

/* Restore from Backup in Preferences: the backups listed newest first, the chosen one restored
 * on confirmation, and the sidebar shows the workspace as it was then. */
static void
test_restore_from_backup (Fixture *f, gconstpointer data)
{
  CoPreferencesWindow *preferences = co_preferences_window_new (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = co_backup_create (f->store, CO_BACKUP_BY_HAND, &error);
  guint before = g_list_model_get_n_items (sidebar_model (f));
  g_autoptr(AdwMessageDialog) dialog = NULL;
  GtkWidget *row = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (backup);
  /* The sidebar reads the groups again as the store tells of the change, before this returns. */
  g_assert_cmpint (co_group_create (f->store, "After the backup", 0, &error), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, before + 1);

  gtk_window_present (GTK_WINDOW (preferences));
  wait_for_window (GTK_WINDOW (preferences));
  for (guint i = 0; (row = find_widget (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "_Restore from Backup…") == 0)
      break;
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activated");
  dialog = wait_for_message_dialog ();
  g_assert_nonnull (dialog);
  /* Restored, and the store's pages told, before the response returns. */
  adw_message_dialog_response (dialog, "restore");
  /* Released while its transient parent lives: finalized, the dialog unsets the parent. */
  g_clear_object (&dialog);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, before);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("preferences", FALSE, test_preferences);
  GUI_TEST_ADD ("restore-from-backup", TRUE, test_restore_from_backup);

  return g_test_run ();
}
