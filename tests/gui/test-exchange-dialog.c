/* test-exchange-dialog.c: importing a group's JSON file in the window: the preview says what
 * adding or replacing changes, and the import runs in a worker, the window insensitive meanwhile. */
#include "config.h"

#include <string.h>

#include "core/exchange/co-exchange.h"
#include "core/groups/co-group.h"
#include "gui/exchange/co-exchange-dialog.h"
#include "gui-test-util.h"

/* The label of @dialog that lists what an import changes. */
static const char *
import_changes (AdwMessageDialog *dialog)
{
  GtkWidget *label;

  for (guint i = 0; (label = find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, i)) != NULL; i++)
    if (gtk_widget_has_css_class (label, "import-changes"))
      return gtk_label_get_text (GTK_LABEL (label));
  g_assert_not_reached ();
}

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

/* A group's own JSON file, imported: the dialog says the copy gets a new name; choosing to
 * replace says the group is replaced and the button says so; importing adds the copy, and the
 * sidebar shows it once the worker is done. */
static void
test_import_json (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoGroup) group = g_list_model_get_item (sidebar_model (f), 0);
  g_autoptr(GBytes) bytes = co_exchange_export (f->store, co_group_get_id (group), &error);
  CoExchange *exchange = co_exchange_read (bytes, &error);
  guint before = g_list_model_get_n_items (sidebar_model (f));
  g_autofree char *copy = g_strdup_printf ("%s 2", co_group_get_name (group));
  AdwMessageDialog *dialog;
  GtkCheckButton *replace;

  g_assert_no_error (error);
  dialog = co_exchange_dialog_preview (GTK_WIDGET (f->window), f->store, "group.json", exchange);
  wait_for_window (GTK_WINDOW (dialog));
  g_assert_nonnull (strstr (import_changes (dialog), copy));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "import"), ==, "_Import");

  replace = GTK_CHECK_BUTTON (find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, 1));
  gtk_check_button_set_active (replace, TRUE);
  g_assert_nonnull (strstr (import_changes (dialog), "is replaced by the file"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "import"), ==, "_Replace");
  /* Drawn with the new text before it is saved as a picture. */
  wait_for_frame (GTK_WIDGET (dialog));
  save_screenshot (GTK_WIDGET (dialog), "import-json");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, 0)), TRUE);
  /* The import runs in a worker, the window insensitive until it is done. */
  adw_message_dialog_response (dialog, "import");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f->window)));
  wait_until (is_sensitive, f->window, "the import's worker to finish (the window sensitive again)");
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, before + 1);
  g_assert_true (co_group_name_is_taken (f->store, copy, 0));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (f->window)));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("import-json", TRUE, test_import_json);

  return g_test_run ();
}
