/* co-preferences-window.c: settings live in GSettings; rows are bound to their keys. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/store/co-backup.h"
#include "gui/sync/co-team-server-prefs.h"
#include "gui/window/co-preferences-window.h"
#include "gui/window/co-window.h"

struct _CoPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwActionRow         *database_row;
  GtkSwitch            *show_archived_switch;
  GtkSwitch            *full_sync_switch;
  GtkSpinButton        *slipping_days_spin;
  AdwComboRow          *week_start_row;
  AdwComboRow          *paper_size_row;
  GtkSpinButton        *backups_kept_spin;

  GSettings            *settings;
  CoStore              *store;
};

G_DEFINE_FINAL_TYPE (CoPreferencesWindow, co_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

CoPreferencesWindow *
co_preferences_window_new (CoStore *store)
{
  CoPreferencesWindow *self = g_object_new (CO_TYPE_PREFERENCES_WINDOW, NULL);

  adw_action_row_set_subtitle (self->database_row, co_store_get_path (store));
  self->store = g_object_ref (store);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (co_team_server_prefs_new (store)));
  return self;
}

static void
on_copy_path_clicked (CoPreferencesWindow *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  gdk_clipboard_set_text (clipboard, adw_action_row_get_subtitle (self->database_row));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Path copied")));
}

/* The main window the preferences were opened over, or else the app's. */
static GtkWindow *
main_window (CoPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GApplication *app = g_application_get_default ();

  if (CO_IS_WINDOW (parent))
    return parent;
  for (GList *l = GTK_IS_APPLICATION (app) ? gtk_application_get_windows (GTK_APPLICATION (app)) : NULL; l; l = l->next)
    if (CO_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
close_preferences (gpointer self)
{
  gtk_window_close (self);
  return G_SOURCE_REMOVE;
}

/* The main window restores it (win.restore-backup): it shows the workspace as it was, says when
 * it is done and why not; the preferences close, their workspace gone. */
static void
on_restore_response (AdwMessageDialog    *dialog,
                     const char          *response,
                     CoPreferencesWindow *self)
{
  GtkListBox *list = g_object_get_data (G_OBJECT (dialog), "list");
  GtkListBoxRow *row = list ? gtk_list_box_get_selected_row (list) : NULL;
  GtkWindow *window = main_window (self);

  if (!g_str_equal (response, "restore") || row == NULL || window == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-backup", "s",
                              g_object_get_data (G_OBJECT (row), "path"));
  /* Once the dialog, transient for them, is gone. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_preferences, g_object_ref (self), g_object_unref);
}

/* The backups, newest first, with when and why each was made and its size; one restored on
 * confirmation. */
static void
on_restore_activated (CoPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = co_backup_list (self->store, &error);
  GtkWidget *dialog, *list, *scrolled;

  if (backups == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore from Backup?"),
                                   backups->len > 0
                                   ? _("The workspace is replaced by the backup you choose. The workspace as it is now "
                                       "is kept as a backup first, so this can be undone.")
                                   : _("There are no backups yet. One is made each day the app starts."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (backups->len > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "restore", _("_Restore"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_DESTRUCTIVE);
      list = gtk_list_box_new ();
      gtk_widget_add_css_class (list, "boxed-list");
      for (guint i = 0; i < backups->len; i++)
        {
          CoBackup *backup = backups->pdata[i];
          g_autofree char *made = g_date_time_format (backup->made, "%x %X");
          g_autofree char *size = g_format_size ((guint64) backup->size);
          /* Translators: why a backup was made, and its size */
          g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), co_backup_reason_label (backup->reason), size);
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), made);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          g_object_set_data_full (G_OBJECT (row), "path", g_strdup (backup->path), g_free);
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      gtk_list_box_select_row (GTK_LIST_BOX (list), gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
      scrolled = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
      g_object_set_data (G_OBJECT (dialog), "list", list);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
sync_mode_to_switch (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_boolean (value, g_str_equal (g_variant_get_string (variant, NULL), "full"));
  return TRUE;
}

static GVariant *
switch_to_sync_mode (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  return g_variant_new_string (g_value_get_boolean (value) ? "full" : "normal");
}

static void
co_preferences_window_dispose (GObject *object)
{
  CoPreferencesWindow *self = CO_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (co_preferences_window_parent_class)->dispose (object);
}

/* A combo row bound to an enum setting whose rows are its nicks in order (@data, NULL-ended). */
static gboolean
nick_to_row (GValue   *value,
             GVariant *variant,
             gpointer  data)
{
  const char *const *nicks = data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
row_to_nick (const GValue       *value,
             const GVariantType *type,
             gpointer            data)
{
  const char *const *nicks = data;
  guint row = g_value_get_uint (value);

  return row < g_strv_length ((char **) nicks) ? g_variant_new_string (nicks[row]) : NULL;
}

static const char *const week_starts[] = { "monday", "sunday", NULL };
static const char *const paper_sizes[] = { "a4", "letter", NULL };

static void
co_preferences_window_class_init (CoPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/CommunityOps/co-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CoPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, CoPreferencesWindow, show_archived_switch);
  gtk_widget_class_bind_template_child (widget_class, CoPreferencesWindow, full_sync_switch);
  gtk_widget_class_bind_template_child (widget_class, CoPreferencesWindow, slipping_days_spin);
  gtk_widget_class_bind_template_child (widget_class, CoPreferencesWindow, week_start_row);
  gtk_widget_class_bind_template_child (widget_class, CoPreferencesWindow, paper_size_row);
  gtk_widget_class_bind_template_child (widget_class, CoPreferencesWindow, backups_kept_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_path_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_restore_activated);
}

static void
co_preferences_window_init (CoPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "slipping-days", self->slipping_days_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backups-kept", self->backups_kept_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "week-start", self->week_start_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, nick_to_row, row_to_nick, (gpointer) week_starts, NULL);
  g_settings_bind_with_mapping (self->settings, "paper-size", self->paper_size_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, nick_to_row, row_to_nick, (gpointer) paper_sizes, NULL);
  g_settings_bind (self->settings, "show-archived", self->show_archived_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "sync-mode", self->full_sync_switch, "active",
                                G_SETTINGS_BIND_DEFAULT, sync_mode_to_switch, switch_to_sync_mode,
                                NULL, NULL);
}
