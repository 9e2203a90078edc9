/* co-upgrade-window.c: "Updating Your Workspace", shown at once when a newer app opens an older
 * workspace: the copy made before and the migrations take minutes on a million members, and a
 * window that does not appear looks like an app broken by its update. */
#include "config.h"

#include <glib/gi18n.h>

#include "gui/window/co-upgrade-window.h"

struct _CoUpgradeWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (CoUpgradeWindow, co_upgrade_window, ADW_TYPE_APPLICATION_WINDOW)

static void
co_upgrade_window_class_init (CoUpgradeWindowClass *klass)
{
}

static void
co_upgrade_window_init (CoUpgradeWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("CommunityOps"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 480);
  /* Stopping halfway loses nothing (each step is a transaction) but only delays the upgrade. */
  gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "software-update-available-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Updating Your Workspace"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("This version of CommunityOps keeps its data in a new way. A copy "
                                     "of the workspace as it was is kept among the backups. On a large "
                                     "workspace this can take a few minutes."));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_spinner_start (GTK_SPINNER (spinner));
  adw_status_page_set_child (ADW_STATUS_PAGE (status), spinner);
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), box);
}

CoUpgradeWindow *
co_upgrade_window_new (GtkApplication *application)
{
  return g_object_new (CO_TYPE_UPGRADE_WINDOW, "application", application, NULL);
}

static void
open_store_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  CoStore *store = co_store_open_deferring_rekey (task_data, &error);

  if (store != NULL)
    g_task_return_pointer (task, store, g_object_unref);
  else
    g_task_return_error (task, error);
}

/* The connection is opened in the worker and then used on the main thread only: SQLite allows
 * it (the library is serialized by default, and the worker is done with it). */
void
co_upgrade_window_open_store_async (CoUpgradeWindow     *self,
                                    const char          *path,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CO_IS_UPGRADE_WINDOW (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, co_upgrade_window_open_store_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_store_in_thread);
}

CoStore *
co_upgrade_window_open_store_finish (CoUpgradeWindow  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
