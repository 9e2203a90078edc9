/* co-shifts-window.c: a modal window holding a group's week (co-roster-grid) and its shifts
 * (co-list-editor), both brought in line with the store after every change; a shift added from
 * a day opens in the list with its person to choose. What is typed is saved when it closes. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/groups/co-group.h"
#include "core/team/co-team.h"
#include "gui/team/co-shifts-window.h"
#include "gui/widgets/co-list-editor.h"
#include "gui/widgets/co-roster-grid.h"

typedef struct
{
  CoRosterGrid *week;
  CoListEditor *shifts;
} ShiftsWindow;

static void
refresh (GtkWindow *window)
{
  ShiftsWindow *parts = g_object_get_data (G_OBJECT (window), "co-shifts");

  co_roster_grid_refresh (parts->week);
  co_list_editor_refresh (parts->shifts);
}

static void
on_shift_added (GtkWindow *window,
                gint64     id)
{
  ShiftsWindow *parts = g_object_get_data (G_OBJECT (window), "co-shifts");
  g_autofree char *field = g_strdup_printf ("item:%s:%" G_GINT64_FORMAT ":staff_id",
                                            co_list_spec (CO_LIST_SHIFTS)->table, id);
  GtkWidget *row;

  co_list_editor_refresh (parts->shifts);
  row = co_list_editor_lookup (parts->shifts, field);
  if (row != NULL)
    co_reveal_row (row);
}

static gboolean
on_close_request (GtkWindow *window)
{
  ShiftsWindow *parts = g_object_get_data (G_OBJECT (window), "co-shifts");

  co_list_editor_flush (parts->shifts);
  return FALSE;
}

GtkWindow *
co_shifts_window_present (GtkWidget *parent,
                          CoStore   *store,
                          gint64     group_id)
{
  g_autoptr(CoGroup) group = co_group_get (store, group_id, NULL);
  GtkWidget *window, *box, *header, *page;
  ShiftsWindow *parts;
  g_autofree char *title = NULL;

  if (group == NULL)
    return NULL;
  window = adw_window_new ();
  /* Translators: the title of the window editing a group's shifts from the Team page */
  title = g_strdup_printf (_("Shifts of %s"), co_group_get_name (group));
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (parent)));
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 640);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);
  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);

  parts = g_new0 (ShiftsWindow, 1);
  parts->week = CO_ROSTER_GRID (co_roster_grid_new (store, CO_ROSTER_GRID_WEEK, group_id));
  parts->shifts = CO_LIST_EDITOR (co_list_editor_new (store, CO_LIST_SHIFTS, group_id));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (parts->week));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (parts->shifts));
  g_object_set_data_full (G_OBJECT (window), "co-shifts", parts, g_free);

  g_signal_connect_object (parts->week, "shift-added", G_CALLBACK (on_shift_added), window, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (refresh), window, G_CONNECT_SWAPPED);
  g_signal_connect (window, "close-request", G_CALLBACK (on_close_request), NULL);
  refresh (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}
