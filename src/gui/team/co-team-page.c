/* co-team-page.c: the Team place. Its sections are in the template; what it reads from the store
 * are the rows of today's lists, the grids and the list editors. Nothing is read before the page
 * first shows (across a thousand groups the grids are most of what a start would otherwise wait
 * for), and no section before it shows: text views filled while their page is hidden keep the
 * height they measured at no width (GTK 4.8). After that, every committed change refreshes the
 * sections shown so far, and "on duty now" follows the clock while the page shows. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/groups/co-group.h"
#include "core/team/co-team.h"
#include "gui/team/co-shifts-window.h"
#include "gui/team/co-sop-load-group.h"
#include "gui/team/co-team-page.h"
#include "gui/widgets/co-list-editor.h"
#include "gui/widgets/co-roster-grid.h"

struct _CoTeamPage
{
  GtkWidget     parent_instance;

  AdwLeaflet   *leaflet;
  GtkStack     *sections;
  GtkListBox   *on_duty_list;
  GtkListBox   *targets_list;
  CoRosterGrid *matrix_grid;
  CoRosterGrid *roster_grid;
  CoListEditor *staff_editor;
  CoListEditor *roles_editor;
  CoListEditor *alt_editor;
  CoListEditor *channels_editor;

  CoStore      *store;
  GHashTable   *filled;     /* the section pages read so far */
  gboolean      loaded;     /* shown at least once */
  guint         minute_id;
};

G_DEFINE_FINAL_TYPE (CoTeamPage, co_team_page, GTK_TYPE_WIDGET)

static void
refresh_today (CoTeamPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GListStore) groups = co_group_list (self->store, NULL);
  g_autoptr(GListStore) alts = co_list_items (self->store, CO_LIST_ALT_ACCOUNTS, 0, NULL);

  co_list_box_remove_rows (self->on_duty_list);
  for (guint g = 0; groups && g < g_list_model_get_n_items (G_LIST_MODEL (groups)); g++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), g);
      g_autoptr(GPtrArray) names = NULL;
      g_autofree char *joined = NULL;
      GtkWidget *row;

      if (co_group_get_archived (group))
        continue;
      names = co_team_on_duty (self->store, co_group_get_id (group), now);
      g_ptr_array_add (names, NULL);
      /* Translators: separates the names of people on duty */
      joined = g_strjoinv (_(", "), (char **) names->pdata);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), co_group_get_name (group));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), *joined ? joined : _("Nobody on duty"));
      gtk_list_box_append (self->on_duty_list, row);
    }

  co_list_box_remove_rows (self->targets_list);
  for (guint i = 0; alts && i < g_list_model_get_n_items (G_LIST_MODEL (alts)); i++)
    {
      g_autoptr(CoItem) alt = g_list_model_get_item (G_LIST_MODEL (alts), i);
      g_autofree char *title = co_item_dup_title (alt);
      g_autofree char *owner = co_team_dup_name (self->store, CO_LIST_STAFF, co_item_get_int (alt, "owner_id", 0));
      g_autofree char *target = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label;
      gint64 friends = co_item_get_int (alt, "daily_friend_target", 0);

      /* Translators: an alt account's friend-adding target for today */
      target = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Add %d friend", "Add %d friends", (gulong) friends),
                                (int) friends);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), owner ? owner : _("No owner"));
      label = gtk_label_new (target);
      gtk_widget_add_css_class (label, friends > 0 ? "accent" : "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->targets_list, row);
    }
}

static gboolean
is_filled (CoTeamPage *self,
           gpointer    widget)
{
  return g_hash_table_contains (self->filled, gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_PAGE));
}

/* Brings the sections read so far in line with the store. */
static void
refresh (CoTeamPage *self)
{
  CoListEditor *editors[] = { self->staff_editor, self->roles_editor, self->alt_editor,
                             self->channels_editor };
  CoRosterGrid *grids[] = { self->matrix_grid, self->roster_grid };

  if (self->store == NULL || !self->loaded)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
    if (is_filled (self, editors[i]))
      co_list_editor_refresh (editors[i]);
  for (guint i = 0; i < G_N_ELEMENTS (grids); i++)
    if (is_filled (self, grids[i]))
      co_roster_grid_refresh (grids[i]);
  if (is_filled (self, self->on_duty_list))
    refresh_today (self);
}

/* Reads a section the first time it shows. */
static void
fill_section (CoTeamPage *self,
              GtkWidget  *page)
{
  if (page == NULL || !self->loaded || g_hash_table_contains (self->filled, page))
    return;
  g_hash_table_add (self->filled, page);
  refresh (self);
}

static void
on_section_shown (CoTeamPage *self)
{
  if (!self->loaded)
    return;
  fill_section (self, gtk_stack_get_visible_child (self->sections));
  /* On a narrow window, choosing a section goes to it. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_sections_clicked (CoTeamPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
load (CoTeamPage *self)
{
  if (self->loaded || self->store == NULL)
    return;
  self->loaded = TRUE;
  on_section_shown (self);
}

static void
co_team_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (co_team_page_parent_class)->map (widget);
  load (CO_TEAM_PAGE (widget));
}

static gboolean
on_minute (gpointer data)
{
  CoTeamPage *self = data;

  if (self->loaded && gtk_widget_get_mapped (GTK_WIDGET (self)) && is_filled (self, self->on_duty_list))
    refresh_today (self);
  return G_SOURCE_CONTINUE;
}

/* "Edit Shifts" beside a group's week in the roster: its shifts, edited over this page. */
static void
edit_shifts_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  CoTeamPage *self = CO_TEAM_PAGE (widget);

  co_shifts_window_present (widget, self->store, g_variant_get_int64 (parameter));
}

static void
on_store_changed (CoTeamPage *self)
{
  /* Every change may matter: the page shows every group. */
  refresh (self);
}

/* ---- public ------------------------------------------------------------------------------- */

void
co_team_page_set_store (CoTeamPage *self,
                        CoStore    *store)
{
  g_return_if_fail (CO_IS_TEAM_PAGE (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  co_list_editor_set_store (self->staff_editor, store);
  co_list_editor_set_store (self->roles_editor, store);
  co_list_editor_set_store (self->alt_editor, store);
  co_list_editor_set_store (self->channels_editor, store);
  co_roster_grid_set_store (self->matrix_grid, store);
  co_roster_grid_set_store (self->roster_grid, store);
  /* Each person's SOP tasks, under who is on duty (co-sop-load-group.c). */
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (self->on_duty_list),
                                                                           ADW_TYPE_PREFERENCES_PAGE)),
                            ADW_PREFERENCES_GROUP (co_sop_load_group_new (store)));
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
}

/* Shows the section called @name ("today", "matrix", "staff", …). */
gboolean
co_team_page_show_section (CoTeamPage *self,
                           const char *name)
{
  GtkWidget *page;

  g_return_val_if_fail (CO_IS_TEAM_PAGE (self), FALSE);

  page = gtk_stack_get_child_by_name (self->sections, name);
  if (page == NULL)
    return FALSE;
  load (self);
  gtk_stack_set_visible_child (self->sections, page);
  return TRUE;
}

/* Shows the row of a person, a role or an alt account ("expander:staff:3",
 * "item:roles:2:name", …), opening its section and item. */
gboolean
co_team_page_show_field (CoTeamPage *self,
                         const char *field)
{
  CoListEditor *editors[] = { self->staff_editor, self->roles_editor, self->alt_editor,
                             self->channels_editor };

  g_return_val_if_fail (CO_IS_TEAM_PAGE (self), FALSE);

  load (self);
  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (editors); i++)
    if (co_list_editor_holds (editors[i], field))
      {
        GtkWidget *widget;

        fill_section (self, gtk_widget_get_ancestor (GTK_WIDGET (editors[i]), ADW_TYPE_PREFERENCES_PAGE));
        widget = co_list_editor_lookup (editors[i], field);
        return widget != NULL && co_reveal_row (widget);
      }
  return FALSE;
}

/* Saves what is typed and not saved yet. */
void
co_team_page_flush (CoTeamPage *self)
{
  g_return_if_fail (CO_IS_TEAM_PAGE (self));

  co_list_editor_flush (self->staff_editor);
  co_list_editor_flush (self->roles_editor);
  co_list_editor_flush (self->alt_editor);
  co_list_editor_flush (self->channels_editor);
}

static void
co_team_page_dispose (GObject *object)
{
  CoTeamPage *self = CO_TEAM_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->staff_editor != NULL)
    co_team_page_flush (self);
  g_clear_handle_id (&self->minute_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_TEAM_PAGE);
  g_clear_pointer (&self->filled, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (co_team_page_parent_class)->dispose (object);
}

static void
co_team_page_class_init (CoTeamPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_team_page_dispose;
  widget_class->map = co_team_page_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "team.edit-shifts", "x", edit_shifts_action);

  g_type_ensure (CO_TYPE_LIST_EDITOR);
  g_type_ensure (CO_TYPE_ROSTER_GRID);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, sections);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, on_duty_list);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, targets_list);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, matrix_grid);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, roster_grid);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, staff_editor);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, roles_editor);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, alt_editor);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, channels_editor);
  gtk_widget_class_bind_template_callback (widget_class, on_section_shown);
  gtk_widget_class_bind_template_callback (widget_class, on_sections_clicked);
}

static void
co_team_page_init (CoTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->filled = g_hash_table_new (NULL, NULL);
  self->minute_id = g_timeout_add_seconds (60, on_minute, self);
}
