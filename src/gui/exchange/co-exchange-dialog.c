/* co-exchange-dialog.c: JSON export and import in the window. A file is read and checked in a
 * worker thread (the check needs no store); the conflicts are listed on the main thread, which
 * owns the store; the import runs in a worker on a connection of its own. */
#include "config.h"

#include <glib/gi18n.h>

#include "gui/exchange/co-exchange-dialog.h"
#include "gui/widgets/co-toast.h"

/* Conflicts shown in the dialog; the rest are counted. */
#define MAX_SHOWN 200

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("JSON Files"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  return filter;
}

/* ---- export ------------------------------------------------------------------------------- */

static void
export_chosen (GtkNativeDialog *chooser,
               int              response,
               GtkWidget       *widget)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  CoStore *store = g_object_get_data (G_OBJECT (chooser), "store");
  gint64 *group_id = g_object_get_data (G_OBJECT (chooser), "group-id");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;
  path = g_file_get_path (file);
  name = g_file_get_basename (file);
  if (path == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("“%s” is not a local file."), name);
      co_widget_show_error (widget, error);
      return;
    }
  if (!co_exchange_export_to_file (store, *group_id, path, &error))
    {
      co_widget_show_error (widget, error);
      return;
    }
  /* Translators: after an export, the file's name */
  message = g_strdup_printf (_("Exported “%s”"), name);
  co_widget_add_toast (widget, co_toast_new (message));
}

void
co_exchange_dialog_export (GtkWidget  *widget,
                           CoStore    *store,
                           gint64      group_id,
                           const char *suggested_name)
{
  g_autoptr(GtkFileFilter) filter = json_filter ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (group_id != 0 ? _("Export Group as JSON") : _("Export Workspace as JSON"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  g_object_set_data_full (G_OBJECT (chooser), "store", g_object_ref (store), g_object_unref);
  g_object_set_data_full (G_OBJECT (chooser), "group-id", g_memdup2 (&group_id, sizeof group_id), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chosen), widget, 0);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- import ------------------------------------------------------------------------------- */

typedef struct
{
  GtkWidget      *widget;    /* a weak pointer: where toasts go */
  CoStore        *store;
  CoExchange     *exchange;
  GtkCheckButton *replace;   /* NULL when the workspace has none of the file's groups */
  GtkLabel       *changes;
} Preview;

static void
preview_free (Preview *preview)
{
  g_clear_weak_pointer (&preview->widget);
  g_object_unref (preview->store);
  g_clear_pointer (&preview->exchange, co_exchange_free);
  g_free (preview);
}

static CoExchangeMode
preview_mode (Preview *preview)
{
  return preview->replace == NULL || gtk_check_button_get_active (preview->replace)
         ? CO_EXCHANGE_REPLACE : CO_EXCHANGE_AS_NEW;
}

/* The list of what the chosen way of importing changes. */
static void
update_changes (AdwMessageDialog *dialog,
                Preview          *preview)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = co_exchange_list_conflicts (preview->exchange, preview->store,
                                                              preview_mode (preview), &error);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean replaces = preview->replace != NULL && preview_mode (preview) == CO_EXCHANGE_REPLACE;

  if (conflicts == NULL)
    g_string_append (text, error->message);
  else if (conflicts->len == 0)
    g_string_append (text, _("Nothing in the workspace changes: the file’s groups and people are added."));
  for (guint i = 0; conflicts != NULL && i < MIN (conflicts->len, MAX_SHOWN); i++)
    g_string_append_printf (text, "%s• %s", i > 0 ? "\n" : "", (char *) conflicts->pdata[i]);
  if (conflicts != NULL && conflicts->len > MAX_SHOWN)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "… and %u more.", "… and %u more.",
                                                 conflicts->len - MAX_SHOWN), conflicts->len - MAX_SHOWN);
    }
  gtk_label_set_text (preview->changes, text->str);
  adw_message_dialog_set_response_appearance (dialog, "import",
                                              replaces ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_label (dialog, "import", replaces ? _("_Replace") : _("_Import"));
  adw_message_dialog_set_response_enabled (dialog, "import", conflicts != NULL);
}

static void
mode_toggled (GtkCheckButton   *button,
              AdwMessageDialog *dialog)
{
  if (gtk_check_button_get_active (button))
    update_changes (dialog, g_object_get_data (G_OBJECT (dialog), "preview"));
}

/* An import runs in a worker on a connection of its own, with the window insensitive: a large
 * file takes seconds, and the window should go on drawing meanwhile. */
typedef struct
{
  GtkWidget *widget;  /* where the result is shown; NULL once it is gone */
  AdwToast  *toast;   /* "Importing…", until done */
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_weak_pointer (&job->widget);
  g_clear_object (&job->toast);
  g_free (job);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  ImportJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_groups = 0;
  gboolean imported = co_exchange_import_finish (CO_STORE (source), result, &n_groups, &error);

  adw_toast_dismiss (job->toast);
  if (job->widget != NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (gtk_widget_get_root (job->widget)), TRUE);
      if (!imported)
        co_widget_show_error (job->widget, error);
      else
        {
          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u group", "Imported %u groups",
                                                  n_groups), n_groups);
          co_widget_add_toast (job->widget, co_import_toast_new (message));
        }
    }
  import_job_free (job);
}

static void
preview_response (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          data)
{
  Preview *preview = g_object_get_data (G_OBJECT (dialog), "preview");
  ImportJob *job;

  if (!g_str_equal (response, "import") || preview->widget == NULL)
    return;
  job = g_new0 (ImportJob, 1);
  g_set_weak_pointer (&job->widget, preview->widget);
  job->toast = g_object_ref (co_toast_new (_("Importing…")));
  adw_toast_set_timeout (job->toast, 0);
  co_widget_add_toast (preview->widget, job->toast);
  gtk_widget_set_sensitive (GTK_WIDGET (gtk_widget_get_root (preview->widget)), FALSE);
  /* The backup and the writing run in a worker on a connection of their own; the window's
   * pages learn of the new rows from ::changed. */
  co_exchange_import_async (g_steal_pointer (&preview->exchange), preview->store, preview_mode (preview),
                            import_done, job);
}

static GtkWidget *
scrolled_label (GtkLabel *label)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_xalign (label, 0);
  gtk_label_set_yalign (label, 0);
  gtk_label_set_selectable (label, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (label), 8);
  gtk_widget_set_margin_bottom (GTK_WIDGET (label), 8);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (label));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 220);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_widget_add_css_class (GTK_WIDGET (label), "import-changes");
  return scrolled;
}

static GtkWidget *
heading_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

AdwMessageDialog *
co_exchange_dialog_preview (GtkWidget  *widget,
                            CoStore    *store,
                            const char *name,
                            CoExchange *exchange)
{
  Preview *preview = g_new0 (Preview, 1);
  GPtrArray *warnings = co_exchange_get_warnings (exchange);
  guint n_groups = co_exchange_get_n_groups (exchange), n_members = co_exchange_get_n_members (exchange);
  g_autofree char *heading = g_strdup_printf (_("Import “%s”?"), name);
  g_autofree char *groups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u group", "%u groups", n_groups), n_groups);
  g_autofree char *members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", n_members),
                                              n_members);
  /* Translators: what a file holds: "3 groups · 120 members" */
  g_autofree char *body = g_strdup_printf (_("%s · %s"), groups, members);
  GtkWidget *dialog, *box;

  g_set_weak_pointer (&preview->widget, widget);
  preview->store = g_object_ref (store);
  preview->exchange = exchange;
  preview->changes = GTK_LABEL (gtk_label_new (NULL));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, -1);
  g_object_set_data_full (G_OBJECT (dialog), "preview", preview, (GDestroyNotify) preview_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "import", _("_Import"), NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  /* Adding and replacing differ only when the workspace has some of the file's groups; else
   * the file's identities are kept, so that a later file of the same groups replaces them. */
  if (co_exchange_has_known_groups (exchange, store))
    {
      GtkWidget *add = gtk_check_button_new_with_mnemonic (_("Add as _new groups; keep the people and team"
                                                             " as they are here"));
      GtkWidget *replace = gtk_check_button_new_with_mnemonic (_("_Replace the groups this workspace has;"
                                                                 " update people and team from the file"));

      gtk_check_button_set_group (GTK_CHECK_BUTTON (replace), GTK_CHECK_BUTTON (add));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (add), TRUE);
      preview->replace = GTK_CHECK_BUTTON (replace);
      gtk_box_append (GTK_BOX (box), add);
      gtk_box_append (GTK_BOX (box), replace);
      g_signal_connect_object (add, "toggled", G_CALLBACK (mode_toggled), dialog, 0);
      g_signal_connect_object (replace, "toggled", G_CALLBACK (mode_toggled), dialog, 0);
    }
  gtk_box_append (GTK_BOX (box), heading_label (_("What Changes")));
  gtk_box_append (GTK_BOX (box), scrolled_label (preview->changes));
  if (warnings->len > 0)
    {
      GtkLabel *list = GTK_LABEL (gtk_label_new (NULL));
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < warnings->len; i++)
        g_string_append_printf (text, "%s• %s", i > 0 ? "\n" : "", (char *) warnings->pdata[i]);
      gtk_label_set_text (list, text->str);
      gtk_box_append (GTK_BOX (box), heading_label (_("Not Imported")));
      gtk_box_append (GTK_BOX (box), scrolled_label (list));
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  update_changes (ADW_MESSAGE_DIALOG (dialog), preview);

  g_signal_connect (dialog, "response", G_CALLBACK (preview_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

typedef struct
{
  CoStore *store;
  GFile   *file;
} ImportRequest;

static void
import_request_free (ImportRequest *request)
{
  g_object_unref (request->store);
  g_object_unref (request->file);
  g_free (request);
}

/* In a worker: reading and checking need no store. */
static void
read_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  ImportRequest *request = data;
  g_autofree char *path = g_file_get_path (request->file);
  GError *error = NULL;
  CoExchange *exchange = NULL;

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_basename (request->file);
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("“%s” is not a local file."), name);
    }
  else
    exchange = co_exchange_read_file (path, &error);
  if (exchange != NULL)
    g_task_return_pointer (task, exchange, (GDestroyNotify) co_exchange_free);
  else
    g_task_return_error (task, error);
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GtkWidget *widget = GTK_WIDGET (source);
  ImportRequest *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  CoExchange *exchange = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *name = g_file_get_basename (request->file);

  if (exchange == NULL)
    co_widget_show_error (widget, error);
  else
    co_exchange_dialog_preview (widget, request->store, name, exchange);
}

static void
import_chosen (GtkNativeDialog *chooser,
               int              response,
               GtkWidget       *widget)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GTask) task = NULL;
  ImportRequest *request;

  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;
  request = g_new0 (ImportRequest, 1);
  request->store = g_object_ref (g_object_get_data (G_OBJECT (chooser), "store"));
  request->file = g_steal_pointer (&file);
  task = g_task_new (widget, NULL, read_done, NULL);
  g_task_set_task_data (task, request, (GDestroyNotify) import_request_free);
  g_task_run_in_thread (task, read_in_thread);
}

void
co_exchange_dialog_import (GtkWidget *widget,
                           CoStore   *store)
{
  g_autoptr(GtkFileFilter) filter = json_filter ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import from JSON"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data_full (G_OBJECT (chooser), "store", g_object_ref (store), g_object_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_chosen), widget, 0);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
