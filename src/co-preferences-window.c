/* co-preferences-window.c: settings live in GSettings; rows are bound to their keys. */
#include "config.h"

#include <glib/gi18n.h>

#include "co-preferences-window.h"

struct _CoPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwActionRow         *database_row;
  GtkSwitch            *show_archived_switch;
  GtkSwitch            *full_sync_switch;
  GtkSpinButton        *slipping_days_spin;
  AdwComboRow          *week_start_row;
  AdwComboRow          *paper_size_row;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (CoPreferencesWindow, co_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

CoPreferencesWindow *
co_preferences_window_new (CoStore *store)
{
  CoPreferencesWindow *self = g_object_new (CO_TYPE_PREFERENCES_WINDOW, NULL);

  adw_action_row_set_subtitle (self->database_row, co_store_get_path (store));
  return self;
}

static void
on_copy_path_clicked (CoPreferencesWindow *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  gdk_clipboard_set_text (clipboard, adw_action_row_get_subtitle (self->database_row));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Path copied")));
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

  G_OBJECT_CLASS (co_preferences_window_parent_class)->dispose (object);
}

static gboolean
week_start_to_row (GValue   *value,
                   GVariant *variant,
                   gpointer  data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "sunday") ? 1 : 0);
  return TRUE;
}

static GVariant *
row_to_week_start (const GValue       *value,
                   const GVariantType *type,
                   gpointer            data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "sunday" : "monday");
}

static gboolean
paper_size_to_row (GValue   *value,
                   GVariant *variant,
                   gpointer  data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "letter") ? 1 : 0);
  return TRUE;
}

static GVariant *
row_to_paper_size (const GValue       *value,
                   const GVariantType *type,
                   gpointer            data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "letter" : "a4");
}

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
  gtk_widget_class_bind_template_callback (widget_class, on_copy_path_clicked);
}

static void
co_preferences_window_init (CoPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "slipping-days", self->slipping_days_spin, "value", G_SETTINGS_BIND_DEFAULT);
  /* The enum's values are the rows' positions: Monday 0, Sunday 1. */
  g_settings_bind_with_mapping (self->settings, "week-start", self->week_start_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, week_start_to_row, row_to_week_start, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "paper-size", self->paper_size_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, paper_size_to_row, row_to_paper_size, NULL, NULL);
  g_settings_bind (self->settings, "show-archived", self->show_archived_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "sync-mode", self->full_sync_switch, "active",
                                G_SETTINGS_BIND_DEFAULT, sync_mode_to_switch, switch_to_sync_mode,
                                NULL, NULL);
}
