/* co-window.c: the sidebar of groups (search, archived filter, matrix indentation, a
 * resizable width) and the content area showing the selected group. Creating, deleting and
 * archiving a group, and the last import, can be undone from a toast or with Ctrl+Z for as long
 * as the app runs. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/document/co-plan-document.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-search-index.h"
#include "core/store/co-write-queue.h"
#include "core/plan/co-plan.h"
#include "core/sample/co-sample.h"
#include "core/store/co-backup.h"
#include "core/store/co-import.h"
#include "gui/exchange/co-exchange-dialog.h"
#include "gui/figures/co-figures-page.h"
#include "gui/library/co-library-page.h"
#include "gui/members/co-member-window.h"
#include "gui/members/co-members-page.h"
#include "gui/overview/co-overview-page.h"
#include "gui/plan/co-plan-page.h"
#include "gui/reports/co-reports-page.h"
#include "gui/team/co-team-page.h"
#include "gui/today/co-today-page.h"
#include "gui/widgets/co-accessible.h"
#include "gui/widgets/co-leaflet.h"
#include "gui/widgets/co-out-of-sight.h"
#include "gui/widgets/co-pdf-export.h"
#include "gui/sync/co-sync-status.h"
#include "gui/widgets/co-reveal.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-text-column-layout.h"
#include "gui/widgets/co-tooltip.h"
#include "gui/widgets/co-widget-write.h"
#include "gui/window/co-group-row.h"
#include "gui/window/co-new-group-dialog.h"
#include "gui/window/co-window.h"

#define SIDEBAR_MIN_WIDTH 200
#define SIDEBAR_MAX_WIDTH 600
#define RESIZE_HANDLE_REACH 5.0
/* The sidebar's first frame makes only the group rows it can show (see show_first_rows ()). */
#define GROUP_ROW_MIN_HEIGHT 40
#define GROUP_ROWS_A_FRAME 10
/* GtkListView (GTK 4.8) keeps this many rows made around the one in view, whatever its height. */
#define LIST_VIEW_ROWS_MADE 200
/* The rows grow in frames no page is being shown in (co_reveal_any_showing()), but after this
 * many frames given up, in the next one whatever shows. */
#define GROWTH_FRAMES_GIVEN_UP 30

typedef enum
{
  UNDO_DELETE,
  UNDO_ARCHIVE,
  UNDO_CREATE,
  UNDO_IMPORT,   /* the store's last import (group_id 0) */
} UndoKind;

typedef struct
{
  UndoKind kind;
  gint64   group_id;
} UndoEntry;

struct _CoWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *sidebar_stack;
  GtkListView          *group_list;
  GtkWidget            *sidebar_separator;
  AdwViewSwitcherTitle *switcher_title;
  AdwHeaderBar         *content_header;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
  GtkWidget            *group_menu_button;
  GtkStack             *content_stack;
  CoOverviewPage       *overview_page;
  CoPlanPage           *plan_page;
  CoMembersPage        *members_page;
  CoMembersPage        *all_members_page;
  CoTeamPage           *team_page;
  CoReportsPage        *reports_page;
  CoTodayPage          *today_page;
  CoLibraryPage        *library_page;
  CoFiguresPage        *figures_page;
  GtkListBox           *places_list;

  CoStore              *store;
  GSettings            *settings;
  GListStore           *groups;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filtered;
  GtkSliceListModel    *shown;         /* the filtered groups the list has, all but at the start */
  GtkSingleSelection   *selection;
  guint                 grow_rows_id;
  guint                 grow_frames_given_up;
  GArray               *undo_stack;
  guint                 n_restoring;  /* backups being restored (restore_backup()) */
  GCancellable         *closing;  /* the wait to close once a worker's write is done */
  gboolean              show_archived;
  gboolean              reloading;
  const char           *place;         /* the place shown instead of a group: its row's name */
  int                   drag_start_width;
};

G_DEFINE_FINAL_TYPE (CoWindow, co_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SHOW_ARCHIVED,
  PROP_ARCHIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CoWindow *
co_window_new (GtkApplication *application,
               CoStore        *store)
{
  return g_object_new (CO_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

static CoGroup *
selected_group (CoWindow *self)
{
  /* NULL once disposed: the property action may still ask for "archived" then. */
  if (self->selection == NULL)
    return NULL;
  return gtk_single_selection_get_selected_item (self->selection);
}

gint64
co_window_get_selected_group (CoWindow *self)
{
  CoGroup *group;

  g_return_val_if_fail (CO_IS_WINDOW (self), 0);
  group = selected_group (self);
  return group ? co_group_get_id (group) : 0;
}

/* The selected group's place among the filtered groups, whether or not the list has them all. */
static guint
selected_position (CoWindow *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position == GTK_INVALID_LIST_POSITION)
    return position;
  return position + gtk_slice_list_model_get_offset (self->shown);
}

static void on_filtered_changed (CoWindow *self);

/* The list given every filtered group, the rows of the start no longer growing. */
static void
show_all_rows (CoWindow *self)
{
  gboolean reloading = self->reloading;

  g_signal_handlers_disconnect_by_func (self->filtered, on_filtered_changed, self);
  if (self->grow_rows_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->group_list), self->grow_rows_id);
      self->grow_rows_id = 0;
    }
  if (gtk_slice_list_model_get_offset (self->shown) == 0 &&
      gtk_slice_list_model_get_size (self->shown) == G_MAXUINT)
    return;
  /* The selected group stays selected: it is only moved in the list. */
  self->reloading = TRUE;
  gtk_slice_list_model_set_size (self->shown, G_MAXUINT);
  gtk_slice_list_model_set_offset (self->shown, 0);
  self->reloading = reloading;
}

/* Groups read again or filtered otherwise: the part of them the list had may no longer be there. */
static void
on_filtered_changed (CoWindow *self)
{
  show_all_rows (self);
}

static guint
find_visible_position (CoWindow *self,
                       gint64    group_id)
{
  GListModel *model = G_LIST_MODEL (self->filtered);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (model, i);
      if (co_group_get_id (group) == group_id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Selects and scrolls to the group at @position in the filtered groups, or selects none. */
static void
select_position (CoWindow *self,
                 guint     position)
{
  guint offset = gtk_slice_list_model_get_offset (self->shown);

  if (position != GTK_INVALID_LIST_POSITION &&
      (position < offset || position - offset >= g_list_model_get_n_items (G_LIST_MODEL (self->shown))))
    {
      show_all_rows (self);
      offset = 0;
    }
  if (position != GTK_INVALID_LIST_POSITION)
    position -= offset;
  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->group_list), "list.scroll-to-item", "u", position);
}

void
co_window_select_group (CoWindow *self,
                        gint64    group_id)
{
  g_return_if_fail (CO_IS_WINDOW (self));

  select_position (self, find_visible_position (self, group_id));
}

static void
show_error_toast (CoWindow     *self,
                  const GError *error)
{
  AdwToast *toast = co_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_undo_toast (CoWindow   *self,
                 const char *title,
                 const char *action,
                 gint64      group_id)
{
  AdwToast *toast = co_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, action);
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (group_id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The bottom switcher shows on narrow windows, where the title has no room for it, and only
 * while a group's pages are shown. */
static void
update_switcher_bar (CoWindow *self)
{
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    adw_view_switcher_title_get_title_visible (self->switcher_title) &&
                                    adw_view_switcher_title_get_view_switcher_enabled (self->switcher_title));
}

/* Brings the actions, the pages and the title in line with the list and its selection. */
static const char *
place_title (const char *place)
{
  if (g_str_equal (place, "today"))
    return _("Today");
  if (g_str_equal (place, "figures"))
    return _("Daily Figures");
  if (g_str_equal (place, "reports"))
    return _("Reports");
  if (g_str_equal (place, "team"))
    return _("Team");
  if (g_str_equal (place, "library"))
    return _("Library");
  return _("All Members");
}

static void
update_content (CoWindow *self)
{
  CoGroup *group = selected_group (self);
  guint n_groups, n_visible;
  gboolean searching;

  /* First the pages: showing another group saves the last one's pending edits, which reloads
   * the list and may replace the CoGroup objects read here. */
  co_overview_page_set_group_id (self->overview_page, group ? co_group_get_id (group) : 0);
  group = selected_group (self);
  co_plan_page_set_group_id (self->plan_page, group ? co_group_get_id (group) : 0);
  group = selected_group (self);
  co_members_page_set_group_id (self->members_page, group ? co_group_get_id (group) : 0);
  group = selected_group (self);

  n_groups = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  n_visible = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  searching = *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';
  gtk_stack_set_visible_child_name (self->sidebar_stack,
                                    n_visible == 0 && searching ? "no-results" : "list");

  if (self->place != NULL)
    gtk_stack_set_visible_child_name (self->content_stack, self->place);
  else if (n_groups == 0)
    {
      /* On a narrow window the welcome page is the only useful thing to show. */
      gtk_stack_set_visible_child_name (self->content_stack, "welcome");
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
    }
  else if (group == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "no-selection");
  else
    gtk_stack_set_visible_child_name (self->content_stack, "group");

  gtk_widget_set_visible (self->group_menu_button, group != NULL);
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, group != NULL);
  update_switcher_bar (self);
  if (self->place != NULL)
    {
      adw_view_switcher_title_set_title (self->switcher_title, place_title (self->place));
      adw_view_switcher_title_set_subtitle (self->switcher_title, "");
    }
  else if (group != NULL)
    {
      g_autofree char *summary = co_group_dup_summary (group);
      adw_view_switcher_title_set_title (self->switcher_title, co_group_get_name (group));
      adw_view_switcher_title_set_subtitle (self->switcher_title, summary ? summary : "");
    }
  else
    {
      adw_view_switcher_title_set_title (self->switcher_title, "");
      adw_view_switcher_title_set_subtitle (self->switcher_title, "");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-group", group != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-subgroup", group != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-tiers", group != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-plan", group != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-plan", group != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-group-json", group != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.move-up", group != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.move-down", group != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.archived", group != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", self->undo_stack->len > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVED]);
}

static gboolean
group_unchanged (CoWindow  *self,
                 guint      position,
                 GPtrArray *items,
                 guint      index)
{
  g_autoptr(CoGroup) shown = g_list_model_get_item (G_LIST_MODEL (self->groups), position);

  return co_group_equal (shown, g_ptr_array_index (items, index));
}

/* Reads the groups again, keeping the selection on the same group where it is still shown. Only
 * the run of groups that changed is replaced: a thousand rows made again for one group's edit,
 * or for none (a sync's "everything may have changed"), held the window for 36–116 ms. */
static void
reload_groups (CoWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) groups = co_group_list (self->store, &error);
  gint64 selected_id = co_window_get_selected_group (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->groups)), first = 0, last = 0;

  if (groups == NULL)
    {
      show_error_toast (self, error);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (groups), i));
  g_ptr_array_set_free_func (items, g_object_unref);
  while (first < MIN (n_shown, items->len) && group_unchanged (self, first, items, first))
    first++;
  while (last < MIN (n_shown, items->len) - first &&
         group_unchanged (self, n_shown - 1 - last, items, items->len - 1 - last))
    last++;

  self->reloading = TRUE;
  if (first + last < MAX (n_shown, items->len))
    g_list_store_splice (self->groups, first, n_shown - first - last, items->pdata + first, items->len - first - last);
  co_window_select_group (self, selected_id);
  self->reloading = FALSE;
  update_content (self);
}

static void
on_store_changed (CoWindow   *self,
                  const char *table,
                  gint64      group_id)
{
  reload_groups (self);
}

static gboolean
text_matches (const char *needle,
              const char *haystack)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

/* Shows archived groups only when asked, and with a search, the groups whose name, slogan,
 * platform or stage holds the text. */
static gboolean
filter_group (gpointer item,
              gpointer user_data)
{
  CoWindow *self = user_data;
  CoGroup *group = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;
  g_autofree char *summary = NULL;

  if (!self->show_archived && co_group_get_archived (group))
    return FALSE;
  if (*text == '\0')
    return TRUE;

  needle = g_utf8_casefold (text, -1);
  summary = co_group_dup_summary (group);
  return text_matches (needle, co_group_get_name (group)) ||
         text_matches (needle, co_group_get_field (group, CO_GROUP_FIELD_SLOGAN)) ||
         text_matches (needle, summary);
}

static void
refilter (CoWindow *self)
{
  gint64 selected_id = co_window_get_selected_group (self);

  self->reloading = TRUE;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  co_window_select_group (self, selected_id);
  self->reloading = FALSE;
  update_content (self);
}

static void
on_search_changed (CoWindow *self)
{
  refilter (self);
}

static void
on_stop_search (CoWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
on_selection_changed (CoWindow *self)
{
  if (self->reloading)
    return;
  if (selected_group (self) != NULL && self->place != NULL)
    {
      self->place = NULL;
      gtk_list_box_unselect_all (self->places_list);
    }
  g_settings_set_int64 (self->settings, "last-group", co_window_get_selected_group (self));
  update_content (self);
  if (selected_group (self) != NULL && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* A place (the Team, every group's members): no group selected, the place's page shown. */
static void
on_place_activated (CoWindow      *self,
                    GtkListBoxRow *row)
{
  co_overview_page_flush (self->overview_page);
  co_plan_page_flush (self->plan_page);
  /* The field that had focus belongs to the group being left; the Team page must not inherit it. */
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  self->place = gtk_widget_get_name (GTK_WIDGET (row));
  if (g_str_equal (self->place, "members"))
    co_members_page_show_all_groups (self->all_members_page);
  self->reloading = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->reloading = FALSE;
  update_content (self);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

GStrv
co_window_get_places (CoWindow *self)
{
  g_autoptr(GStrvBuilder) places = g_strv_builder_new ();

  g_return_val_if_fail (CO_IS_WINDOW (self), NULL);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->places_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row))
      g_strv_builder_add (places, gtk_widget_get_name (row));
  return g_strv_builder_end (places);
}

void
co_window_show_place (CoWindow   *self,
                      const char *place)
{
  g_return_if_fail (CO_IS_WINDOW (self));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->places_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_str_equal (gtk_widget_get_name (row), place))
      {
        gtk_list_box_select_row (self->places_list, GTK_LIST_BOX_ROW (row));
        on_place_activated (self, GTK_LIST_BOX_ROW (row));
        return;
      }
  g_return_if_reached ();
}

static void
on_group_activated (CoWindow *self,
                    guint     position)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, GTK_WIDGET (co_group_row_new ()));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  co_group_row_set_group (CO_GROUP_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item));
}

static void push_undo (CoWindow *self,
                       UndoKind  kind,
                       gint64    group_id);

/* A group just made in the dialog: shown, on its Overview, its name ready to change. */
static void
on_group_created (CoWindow *self,
                  gint64    id)
{
  g_autoptr(CoGroup) group = co_group_get (self->store, id, NULL);
  g_autofree char *title = NULL;

  /* A search that would hide the new group ends. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  co_window_select_group (self, id);
  adw_view_stack_set_visible_child_name (self->view_stack, "overview");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  co_overview_page_focus_name (self->overview_page);
  if (group != NULL)
    {
      /* Translators: a toast after making a group; %s is its name */
      title = g_strdup_printf (_("“%s” created"), co_group_get_name (group));
      push_undo (self, UNDO_CREATE, id);
      show_undo_toast (self, title, "win.undo-create", id);
    }
}

static void
create_group (CoWindow *self,
              gint64    parent_id)
{
  CoNewGroupDialog *dialog;

  /* What is typed in the current group is saved before the dialog can make another. */
  co_overview_page_flush (self->overview_page);
  co_plan_page_flush (self->plan_page);
  dialog = co_new_group_dialog_new (GTK_WINDOW (self), self->store, parent_id);
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_group_created), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_group_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  create_group (CO_WINDOW (widget), 0);
}

static void
new_subgroup_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);

  create_group (self, co_window_get_selected_group (self));
}

static void
push_undo (CoWindow *self,
           UndoKind  kind,
           gint64    group_id)
{
  UndoEntry entry = { kind, group_id };

  g_array_append_val (self->undo_stack, entry);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", TRUE);
}

static void
forget_undo (CoWindow *self,
             UndoKind  kind,
             gint64    group_id)
{
  for (guint i = self->undo_stack->len; i > 0; i--)
    {
      UndoEntry *entry = &g_array_index (self->undo_stack, UndoEntry, i - 1);
      if (entry->kind == kind && entry->group_id == group_id)
        {
          g_array_remove_index (self->undo_stack, i - 1);
          break;
        }
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", self->undo_stack->len > 0);
}

/* After the selected group leaves the list, the one that took its place is selected. */
static void
select_near (CoWindow *self,
             guint     position)
{
  guint n_visible = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  if (n_visible == 0)
    return;
  select_position (self, MIN (position, n_visible - 1));
}

/* ---- a group's writes ---------------------------------------------------------------------- */

/* A group deleted, restored, archived or moved from the window: through co_widget_write(), so
 * that while an import or a sync round holds the write lock it is kept and the window goes on.
 * What follows the write (the Undo toast, the selection) is done once it is written, the
 * selection only where the person has not chosen another since. */
typedef struct
{
  CoWindow *window;
  gint64    group_id;
  gint64    selected;   /* the group selected when asked (0: none) */
  guint     position;   /* its place among the filtered groups then */
  gboolean  archived;   /* set_archived (): the state asked for */
  int       direction;  /* move_action (): -1 up, 1 down */
  char     *title;      /* the Undo toast's, named as the group was */
} GroupWrite;

static GroupWrite *
group_write_new (CoWindow *self,
                 gint64    group_id)
{
  GroupWrite *write = g_new0 (GroupWrite, 1);

  write->window = g_object_ref (self);
  write->group_id = group_id;
  write->selected = co_window_get_selected_group (self);
  write->position = selected_position (self);
  return write;
}

static void
group_write_free (GroupWrite *write)
{
  g_object_unref (write->window);
  g_free (write->title);
  g_free (write);
}

/* Runs @write of @data (a GroupWrite) from the window, @done after it is written. */
static void
write_group (CoWindow          *self,
             CoStoreWriteFunc   write,
             GroupWrite        *data,
             CoStoreWrittenFunc done)
{
  co_widget_write (GTK_WIDGET (self->toast_overlay), self->store, write, data, (GDestroyNotify) group_write_free,
                   done);
}

/* Whether the window is as it was when @write was asked: its group still selected, or none
 * selected now that it has left the list; no place chosen instead. */
static gboolean
selection_unchanged (GroupWrite *write)
{
  CoWindow *self = write->window;
  gint64 selected;

  if (self->store == NULL || self->place != NULL)
    return FALSE;
  selected = co_window_get_selected_group (self);
  return selected == write->selected || (selected == 0 && write->selected == write->group_id);
}

static gboolean
write_trash (CoStore  *store,
             gpointer  data,
             GError  **error)
{
  return co_group_trash (store, ((GroupWrite *) data)->group_id, error);
}

static gboolean
write_restore (CoStore  *store,
               gpointer  data,
               GError  **error)
{
  return co_group_restore (store, ((GroupWrite *) data)->group_id, error);
}

static gboolean
write_archived (CoStore  *store,
                gpointer  data,
                GError  **error)
{
  GroupWrite *write = data;

  return co_group_set_archived (store, write->group_id, write->archived, error);
}

/* The group that took the place of the one that left the list is selected, if it was selected
 * and none is now. */
static void
select_near_when_left (CoStore      *store,
                       const GError *error,
                       gpointer      data)
{
  GroupWrite *write = data;

  if (error == NULL && write->selected == write->group_id && write->window->store != NULL &&
      write->window->place == NULL && co_window_get_selected_group (write->window) == 0)
    select_near (write->window, write->position);
}

static void
deleted (CoStore      *store,
         const GError *error,
         gpointer      data)
{
  GroupWrite *write = data;

  if (error != NULL || write->window->store == NULL)
    return;
  push_undo (write->window, UNDO_DELETE, write->group_id);
  show_undo_toast (write->window, write->title, "win.undo-delete", write->group_id);
  select_near_when_left (store, error, data);
}

static void
delete_group_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);
  CoGroup *group = selected_group (self);
  GroupWrite *write;

  if (group == NULL)
    return;
  write = group_write_new (self, co_group_get_id (group));
  /* Translators: a toast after deleting a group; %s is its name */
  write->title = g_strdup_printf (_("“%s” deleted"), co_group_get_name (group));

  co_overview_page_flush (self->overview_page);
  co_plan_page_flush (self->plan_page);
  write_group (self, write_trash, write, deleted);
}

/* An Undo's group back in the list: selected, unless another was chosen since. */
static void
select_undone (CoStore      *store,
               const GError *error,
               gpointer      data)
{
  GroupWrite *write = data;

  if (error == NULL && selection_unchanged (write))
    co_window_select_group (write->window, write->group_id);
}

static void
restore_group (CoWindow *self,
               gint64    id)
{
  forget_undo (self, UNDO_DELETE, id);
  write_group (self, write_restore, group_write_new (self, id), select_undone);
}

static void
unarchive_group (CoWindow *self,
                 gint64    id)
{
  GroupWrite *write = group_write_new (self, id);

  forget_undo (self, UNDO_ARCHIVE, id);
  write->archived = FALSE;
  write_group (self, write_archived, write, select_undone);
}

/* Undoing a new group puts it in the trash, as deleting it would. */
static void
uncreate_group (CoWindow *self,
                gint64    id)
{
  forget_undo (self, UNDO_CREATE, id);
  co_overview_page_flush (self->overview_page);
  co_plan_page_flush (self->plan_page);
  write_group (self, write_trash, group_write_new (self, id), select_near_when_left);
}

/* ---- a backup restored ---------------------------------------------------------------------- */

/* A backup restored from the window (Preferences, or an import's undo): the file is replaced in
 * a worker in its turn among the window's writes (co_widget_write_full()), the window usable
 * meanwhile, a toast saying so if it takes over half a second; every page reads again once it
 * is done. */
typedef struct
{
  CoWindow *window;
  char     *path;
  gint64    selected;       /* the group selected when asked */
  gboolean  undoes_import;  /* the backup from just before the last import, as its undo */
} RestoreWrite;

static void
restore_write_free (RestoreWrite *restore)
{
  g_object_unref (restore->window);
  g_free (restore->path);
  g_free (restore);
}

static gboolean
write_restored_backup (CoStore  *store,
                       gpointer  data,
                       GError  **error)
{
  return co_backup_restore (store, ((RestoreWrite *) data)->path, error);
}

/* The error is co_widget_write()'s to show. */
static void
backup_restored (CoStore      *store,
                 const GError *error,
                 gpointer      data)
{
  RestoreWrite *restore = data;
  CoWindow *self = restore->window;

  self->n_restoring--;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-backup", self->n_restoring == 0);
  if (error != NULL || self->store == NULL)
    return;
  if (restore->undoes_import)
    co_import_forget (store);
  co_window_select_group (self, restore->selected);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (restore->undoes_import
                                              ? _("Import undone")
                                              : _("Restored; the workspace before it is kept as a backup")));
}

static void
restore_backup (CoWindow   *self,
                const char *path,
                gboolean    undoes_import)
{
  RestoreWrite *restore = g_new0 (RestoreWrite, 1);

  restore->window = g_object_ref (self);
  restore->path = g_strdup (path);
  restore->selected = co_window_get_selected_group (self);
  restore->undoes_import = undoes_import;
  /* One at a time: a second would only replace the first. */
  self->n_restoring++;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-backup", FALSE);
  co_widget_write_full (GTK_WIDGET (self->toast_overlay), self->store, write_restored_backup, restore,
                        (GDestroyNotify) restore_write_free, backup_restored, CO_WIDGET_WRITE_RESTORE);
}

/* Preferences' Restore from Backup, once confirmed: the backup's path. */
static void
restore_backup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  restore_backup (CO_WINDOW (widget), g_variant_get_string (parameter, NULL), FALSE);
}

/* The last import, undone by restoring the backup made just before it; refused, with the way
 * to restore that backup anyway, when the workspace changed since. */
static void
undo_import (CoWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char *backup;
  AdwToast *toast;

  forget_undo (self, UNDO_IMPORT, 0);
  if ((backup = co_import_get_undo_backup (self->store, &error)) != NULL)
    {
      restore_backup (self, backup, TRUE);
      return;
    }
  toast = co_toast_new (error->message);
  adw_toast_set_timeout (toast, 0);
  if (g_error_matches (error, CO_IMPORT_ERROR, CO_IMPORT_ERROR_CHANGED_SINCE))
    {
      adw_toast_set_button_label (toast, _("_Restore…"));
      adw_toast_set_action_name (toast, "win.restore-before-import");
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_restore_before_import (AdwMessageDialog *dialog,
                          const char       *response,
                          CoWindow         *self)
{
  if (g_str_equal (response, "restore"))
    restore_backup (self, g_object_get_data (G_OBJECT (dialog), "backup"), FALSE);
}

/* Restoring the backup from before the import loses what was done since: asked first. */
static void
restore_before_import_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);
  const char *backup = co_import_get_backup (self->store);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) made = NULL;
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (backup == NULL)
    return;
  file = g_file_new_for_path (backup);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  made = info ? g_file_info_get_modification_date_time (info) : NULL;
  when = made ? g_date_time_format (made, "%X") : g_strdup ("");
  /* Translators: %s is the time the import was made, e.g. 14:05:10 */
  body = g_strdup_printf (_("The workspace goes back to how it was at %s, just before the import. Everything "
                            "changed since then is lost as well, not only the import. The workspace as it is "
                            "now is kept as a backup first (Preferences, Backups)."), when);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore the Workspace From Before the Import?"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "restore", _("_Restore"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "backup", g_strdup (backup), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_before_import), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Any page's import: the newest import is the one Ctrl+Z undoes (only the last can be). */
static void
on_imported (CoWindow   *self,
             const char *table,
             gint64      group_id)
{
  forget_undo (self, UNDO_IMPORT, 0);
  push_undo (self, UNDO_IMPORT, 0);
}

static void
undo_create_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  uncreate_group (CO_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
undo_import_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  undo_import (CO_WINDOW (widget));
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  restore_group (CO_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
undo_archive_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  unarchive_group (CO_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);
  UndoEntry entry;

  if (self->undo_stack->len == 0)
    return;
  entry = g_array_index (self->undo_stack, UndoEntry, self->undo_stack->len - 1);
  switch (entry.kind)
    {
    case UNDO_DELETE:
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Undone")));
      restore_group (self, entry.group_id);
      break;
    case UNDO_ARCHIVE:
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Undone")));
      unarchive_group (self, entry.group_id);
      break;
    case UNDO_CREATE:
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Undone")));
      uncreate_group (self, entry.group_id);
      break;
    case UNDO_IMPORT:
      /* Says itself whether it was undone. */
      undo_import (self);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
get_archived (CoWindow *self)
{
  CoGroup *group = selected_group (self);
  return group != NULL && co_group_get_archived (group);
}

static void
archive_written (CoStore      *store,
                 const GError *error,
                 gpointer      data)
{
  GroupWrite *write = data;

  if (error != NULL || write->window->store == NULL || !write->archived)
    return;
  push_undo (write->window, UNDO_ARCHIVE, write->group_id);
  show_undo_toast (write->window, write->title, "win.undo-archive", write->group_id);
  select_near_when_left (store, error, data);
}

static void
set_archived (CoWindow *self,
              gboolean  archived)
{
  CoGroup *group = selected_group (self);
  GroupWrite *write;

  if (group == NULL || co_group_get_archived (group) == archived)
    return;
  write = group_write_new (self, co_group_get_id (group));
  write->archived = archived;
  /* Translators: a toast after archiving a group; %s is its name */
  write->title = g_strdup_printf (_("“%s” archived"), co_group_get_name (group));
  write_group (self, write_archived, write, archive_written);
}

static gboolean
write_move (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  GroupWrite *write = data;

  return co_group_move (store, write->group_id, write->direction, error);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);
  GroupWrite *write = group_write_new (self, co_window_get_selected_group (self));

  write->direction = g_str_equal (action_name, "win.move-up") ? -1 : 1;
  write_group (self, write_move, write, NULL);
}

static gboolean
write_sample (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  return co_sample_create (store, error);
}

/* The sample's first group shown, unless a group or a place was chosen meanwhile. */
static void
sample_written (CoStore      *store,
                const GError *error,
                gpointer      data)
{
  GroupWrite *write = data;

  if (error == NULL && selection_unchanged (write))
    gtk_single_selection_set_selected (write->window->selection, 0);
}

static void
open_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);

  write_group (self, write_sample, group_write_new (self, 0), sample_written);
}

/* From the Members page: tiers and the seed target live with the plan. */
/* A row of Today: a group's page. */
static void
open_group_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);
  gint64 group_id;
  const char *page;

  g_variant_get (parameter, "(x&s)", &group_id, &page);
  co_window_select_group (self, group_id);
  if (co_window_get_selected_group (self) == group_id)
    adw_view_stack_set_visible_child_name (self->view_stack, page);
}

/* A member's timeline from anywhere (Today's follow-ups), by membership id. */
static void
open_member_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);

  GtkWidget *window = co_member_window_new (GTK_WINDOW (self), self->store, g_variant_get_int64 (parameter));

  co_member_window_show_timeline (CO_MEMBER_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

/* A toast's "Open": a file just written, in the app the desktop opens it with. */
static void
open_uri_action (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
cancel_pdf_export_action (GtkWidget  *widget,
                          const char *action,
                          GVariant   *parameter)
{
  co_pdf_export_cancel (GTK_WINDOW (widget));
}

/* The selected group's plan as a document: read here, on the main thread. */
static CoDocument *
plan_document (CoWindow  *self,
               GError   **error)
{
  gint64 group_id = co_window_get_selected_group (self);

  return group_id ? co_plan_document_new (self->store, &group_id, 1, TRUE, error) : NULL;
}

static void
export_plan_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);
  CoGroup *group = selected_group (self);
  g_autoptr(GError) error = NULL;
  CoDocument *document;
  g_autofree char *name = NULL;

  if (group == NULL)
    return;
  /* Translators: the file name an exported plan is offered: the group's name */
  name = g_strdup_printf (_("%s plan.pdf"), co_group_get_name (group));
  if ((document = plan_document (self, &error)) == NULL)
    show_error_toast (self, error);
  else
    co_pdf_export_ask (GTK_WIDGET (self->content_stack), document, _("Export Plan as PDF"), name);
}

static void
print_plan_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  CoDocument *document = plan_document (self, &error);

  if (document == NULL)
    show_error_toast (self, error);
  else
    co_pdf_print (GTK_WIDGET (self->content_stack), document, _("Community Plan"));
}

static void
export_json_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);
  CoGroup *group = g_str_equal (action, "win.export-group-json") ? selected_group (self) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (group != NULL)
    name = g_strdup_printf ("%s.json", co_group_get_name (group));
  else
    /* Translators: the file name a whole workspace is exported to, with today's date */
    name = g_strdup_printf (_("CommunityOps workspace %s.json"), date);
  co_exchange_dialog_export (GTK_WIDGET (self->content_stack), self->store,
                             group != NULL ? co_group_get_id (group) : 0, name);
}

static void
import_json_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);

  co_exchange_dialog_import (GTK_WIDGET (self->content_stack), self->store);
}

/* Today's missing figures: the grid, on that day. */
static void
enter_figures_action (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);

  co_figures_page_set_date (self->figures_page, g_variant_get_string (parameter, NULL));
  co_window_show_place (self, "figures");
}

static gboolean
write_plan_ensure (CoStore  *store,
                   gpointer  data,
                   GError  **error)
{
  return co_plan_ensure (store, ((GroupWrite *) data)->group_id, error);
}

/* The tiers live with the plan: shown once it is there, if the group still is. */
static void
show_tiers (CoStore      *store,
            const GError *error,
            gpointer      data)
{
  GroupWrite *write = data;

  if (error != NULL || !selection_unchanged (write))
    return;
  adw_view_stack_set_visible_child_name (write->window->view_stack, "plan");
  co_plan_page_show_section (write->window->plan_page, "tiers");
}

static void
edit_tiers_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);
  CoGroup *group = selected_group (self);

  if (group == NULL)
    return;
  write_group (self, write_plan_ensure, group_write_new (self, co_group_get_id (group)), show_tiers);
}

/* Every group's week, on the Team page. */
static void
show_duty_roster_action (GtkWidget  *widget,
                         const char *action,
                         GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);

  co_window_show_place (self, "team");
  co_team_page_show_section (self->team_page, "roster");
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CoWindow *self = CO_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  adw_leaflet_navigate (CO_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The sidebar's right edge is a handle: dragging it sets the width, kept in GSettings.
 * AdwLeaflet has no resizable pane of its own, and GtkPaned cannot fold. */
static gboolean
near_resize_handle (CoWindow *self,
                    double    x)
{
  graphene_point_t origin = GRAPHENE_POINT_INIT (0, 0), at;

  if (adw_leaflet_get_folded (self->leaflet) ||
      !gtk_widget_compute_point (self->sidebar_separator, GTK_WIDGET (self->leaflet), &origin, &at))
    return FALSE;
  return ABS (x - at.x) <= RESIZE_HANDLE_REACH;
}

static void
on_resize_begin (GtkGestureDrag *gesture,
                 double          x,
                 double          y,
                 CoWindow       *self)
{
  if (!near_resize_handle (self, x))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_start_width = gtk_widget_get_width (self->sidebar);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_resize_update (GtkGestureDrag *gesture,
                  double          offset_x,
                  double          offset_y,
                  CoWindow       *self)
{
  int width = CLAMP (self->drag_start_width + (int) offset_x, SIDEBAR_MIN_WIDTH, SIDEBAR_MAX_WIDTH);

  gtk_widget_set_size_request (self->sidebar, width, -1);
}

static void
on_resize_end (GtkGestureDrag *gesture,
               double          offset_x,
               double          offset_y,
               CoWindow       *self)
{
  int width;

  gtk_widget_get_size_request (self->sidebar, &width, NULL);
  g_settings_set_int (self->settings, "sidebar-width", width);
}

static void
on_pointer_motion (GtkEventControllerMotion *motion,
                   double                    x,
                   double                    y,
                   CoWindow                 *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->leaflet),
                                   near_resize_handle (self, x) ? "col-resize" : NULL);
}

static void
setup_resize_handle (CoWindow *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_resize_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_resize_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_resize_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self->leaflet), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (motion, "motion", G_CALLBACK (on_pointer_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self->leaflet), motion);
}

static void
close_when_written (GObject      *store,
                    GAsyncResult *result,
                    gpointer      data)
{
  /* Cancelled: the window is gone. */
  if (!co_store_wait_for_worker_finish (CO_STORE (store), result, NULL))
    return;
  g_clear_object (&CO_WINDOW (data)->closing);
  gtk_window_close (GTK_WINDOW (data));
}

static gboolean
co_window_close_request (GtkWindow *window)
{
  CoWindow *self = CO_WINDOW (window);
  int width, height;

  /* What is typed is saved first: behind a worker's lock, it is kept with the others. */
  co_overview_page_flush (self->overview_page);
  co_plan_page_flush (self->plan_page);
  co_team_page_flush (self->team_page);
  co_reports_page_flush (self->reports_page);
  /* A change kept while an import or a sync writes would be lost with the window. */
  if (!co_store_write_kept_before_closing (self->store))
    {
      AdwToast *toast;

      /* A write of the window's own in a worker (a large selection's, a restore, the daily
       * figures' import) ends by itself: the window closes then. */
      if (co_store_is_writing_in_worker (self->store))
        {
          if (self->closing != NULL)
            return TRUE;
          toast = co_toast_new (_("Saving the changes… The window closes once they are saved."));
          self->closing = g_cancellable_new ();
          co_store_wait_for_worker (self->store, self->closing, close_when_written, self);
        }
      else
        toast = co_toast_new (_("Changes are still waiting for an import or a sync to finish writing: "
                                "close the window once it has finished"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return TRUE;
    }
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  return GTK_WINDOW_CLASS (co_window_parent_class)->close_request (window);
}

/* The rows of the groups not in the first frame, a few more each frame above and below. */
static gboolean
grow_rows (GtkWidget     *list,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  CoWindow *self = user_data;
  guint offset = gtk_slice_list_model_get_offset (self->shown);
  guint size = gtk_slice_list_model_get_size (self->shown);
  guint n_groups = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint new_offset = offset > GROUP_ROWS_A_FRAME ? offset - GROUP_ROWS_A_FRAME : 0;
  guint new_size = size + (offset - new_offset) + GROUP_ROWS_A_FRAME;
  /* Past the rows the list view makes, the rest costs no widgets: all of it at once. */
  gboolean done = (new_offset == 0 && new_size >= n_groups) || new_size >= LIST_VIEW_ROWS_MADE;
  guint selected;

  /* A page just opened shows its rows a few a frame (Today, at the start): its frames first. */
  if (!done && co_reveal_any_showing () && self->grow_frames_given_up < GROWTH_FRAMES_GIVEN_UP)
    {
      self->grow_frames_given_up++;
      return G_SOURCE_CONTINUE;
    }
  self->grow_frames_given_up = 0;
  if (done)
    {
      self->grow_rows_id = 0;
      show_all_rows (self);
    }
  else
    {
      self->reloading = TRUE;
      gtk_slice_list_model_set_size (self->shown, new_size);
      gtk_slice_list_model_set_offset (self->shown, new_offset);
      self->reloading = FALSE;
    }
  /* A new offset replaces the list's items: GTK 4.8 then loses its place in them (a scroll of
   * the user's own in these few frames is undone too). */
  selected = gtk_single_selection_get_selected (self->selection);
  if (selected != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (list, "list.scroll-to-item", "u", selected);
  return done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* The height the sidebar's list of groups gets at the start: the window's (the tallest
 * monitor's when maximized) less what the sidebar shows above the list. */
static int
first_list_height (CoWindow *self)
{
  int width, height = 0;

  if (!g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (height <= 0)
    {
      GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());

      for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
        {
          g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
          GdkRectangle geometry;

          gdk_monitor_get_geometry (monitor, &geometry);
          height = MAX (height, geometry.height);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (self->sidebar); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != GTK_WIDGET (self->sidebar_stack) && gtk_widget_get_visible (child))
      {
        int natural;

        gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
        height -= natural;
      }
  return height;
}

/* A GtkListView of GTK 4.8 makes 200 rows around the one in view whatever its height: for a
 * thousand groups, 40-200 ms before the first frame. The list starts as the rows it can show
 * from the group at @position (in the filtered groups) on, and grows after the first frame. */
static void
show_first_rows (CoWindow *self,
                 guint     position)
{
  guint n_groups = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint rows = MAX (first_list_height (self), 0) / GROUP_ROW_MIN_HEIGHT + 1;

  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  if (n_groups <= rows)
    {
      show_all_rows (self);
      return;
    }
  /* A GtkListView not allocated yet does not scroll: it shows the start of its list, the
   * selected group at its top (or in the last screen of groups). */
  self->reloading = TRUE;
  gtk_slice_list_model_set_offset (self->shown, MIN (position, n_groups - rows));
  gtk_slice_list_model_set_size (self->shown, rows);
  self->reloading = FALSE;
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (on_filtered_changed), self);
}

/* What may take long runs after the first frame, not before it: the members added since the
 * search index was last caught up, the sort keys of another language (co-store.h), the rows of
 * the sidebar not shown. */
static void
start_background_work (GdkFrameClock *clock,
                       CoWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, start_background_work, self);
  if (self->store == NULL)  /* disposed */
    return;
  if (gtk_slice_list_model_get_size (self->shown) != G_MAXUINT && self->grow_rows_id == 0)
    self->grow_rows_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->group_list), grow_rows, self, NULL);
  co_member_search_index_keep (self->store);
  co_store_rekey_names_in_background (self->store);
}

static void
on_realize (CoWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (start_background_work), self, 0);
}

static void
co_window_constructed (GObject *object)
{
  CoWindow *self = CO_WINDOW (object);
  gint64 last_group;
  guint position;

  G_OBJECT_CLASS (co_window_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  co_overview_page_set_store (self->overview_page, self->store);
  co_overview_page_set_groups (self->overview_page, G_LIST_MODEL (self->groups));
  co_plan_page_set_store (self->plan_page, self->store);
  co_members_page_set_store (self->members_page, self->store);
  co_members_page_set_store (self->all_members_page, self->store);
  co_team_page_set_store (self->team_page, self->store);
  co_reports_page_set_store (self->reports_page, self->store);
  co_today_page_set_store (self->today_page, self->store);
  co_figures_page_set_store (self->figures_page, self->store);
  co_library_page_set_store (self->library_page, self->store);
  adw_header_bar_pack_start (self->content_header, co_sync_status_new (self->store));
  g_signal_connect_object (self->store, "changed::groups", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed::imports", G_CALLBACK (on_imported), self, G_CONNECT_SWAPPED);
  /* No row is made before show_first_rows () chooses them. */
  gtk_slice_list_model_set_size (self->shown, 0);
  reload_groups (self);

  last_group = g_settings_get_int64 (self->settings, "last-group");
  position = find_visible_position (self, last_group);
  if (position == GTK_INVALID_LIST_POSITION && g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    position = 0;
  show_first_rows (self, position);
  select_position (self, position);
  update_content (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->group_list));
}

static void
co_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CoWindow *self = CO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SHOW_ARCHIVED:
      g_value_set_boolean (value, self->show_archived);
      break;
    case PROP_ARCHIVED:
      g_value_set_boolean (value, get_archived (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
co_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CoWindow *self = CO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SHOW_ARCHIVED:
      if (self->show_archived != g_value_get_boolean (value))
        {
          self->show_archived = g_value_get_boolean (value);
          refilter (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ARCHIVED:
      set_archived (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
co_window_dispose (GObject *object)
{
  CoWindow *self = CO_WINDOW (object);

  g_cancellable_cancel (self->closing);
  g_clear_object (&self->closing);
  /* The overview page saves pending edits as it goes: the list must not reload meanwhile. */
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->shown);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->groups);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->undo_stack, g_array_unref);

  G_OBJECT_CLASS (co_window_parent_class)->dispose (object);
}

static void
co_window_class_init (CoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  /* Names for what GTK and libadwaita leave unnamed, on every widget the app shows. */
  co_accessible_init ();

  object_class->constructed = co_window_constructed;
  object_class->dispose = co_window_dispose;
  object_class->get_property = co_window_get_property;
  object_class->set_property = co_window_set_property;
  window_class->close_request = co_window_close_request;
  /* Every window of the app, its dialogs included, shows tooltips through it. */
  co_tooltip_install ();
  /* And measures its action rows without GTK 4.8's nested searches over their text. */
  co_text_column_layout_install ();

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CO_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_ARCHIVED] =
    g_param_spec_boolean ("show-archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether the selected group is archived; the "win.archived" check item toggles it. */
  properties[PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CO_TYPE_OVERVIEW_PAGE);
  g_type_ensure (CO_TYPE_PLAN_PAGE);
  g_type_ensure (CO_TYPE_TEAM_PAGE);
  g_type_ensure (CO_TYPE_MEMBERS_PAGE);
  g_type_ensure (CO_TYPE_REPORTS_PAGE);
  g_type_ensure (CO_TYPE_TODAY_PAGE);
  g_type_ensure (CO_TYPE_FIGURES_PAGE);
  g_type_ensure (CO_TYPE_LIBRARY_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, group_list);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, group_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, plan_page);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, members_page);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, all_members_page);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, reports_page);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, today_page);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, library_page);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, figures_page);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, team_page);
  gtk_widget_class_bind_template_child (widget_class, CoWindow, places_list);
  gtk_widget_class_bind_template_callback (widget_class, on_place_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_group_activated);

  gtk_widget_class_install_action (widget_class, "win.new-group", NULL, new_group_action);
  gtk_widget_class_install_action (widget_class, "win.new-subgroup", NULL, new_subgroup_action);
  gtk_widget_class_install_action (widget_class, "win.delete-group", NULL, delete_group_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "x", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.undo-archive", "x", undo_archive_action);
  gtk_widget_class_install_action (widget_class, "win.undo-create", "x", undo_create_action);
  gtk_widget_class_install_action (widget_class, "win.undo-import", NULL, undo_import_action);
  gtk_widget_class_install_action (widget_class, "win.restore-before-import", NULL, restore_before_import_action);
  gtk_widget_class_install_action (widget_class, "win.restore-backup", "s", restore_backup_action);
  gtk_widget_class_install_action (widget_class, "win.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.edit-tiers", NULL, edit_tiers_action);
  gtk_widget_class_install_action (widget_class, "win.open-group", "(xs)", open_group_action);
  gtk_widget_class_install_action (widget_class, "win.open-member", "x", open_member_action);
  gtk_widget_class_install_action (widget_class, "win.enter-figures", "s", enter_figures_action);
  gtk_widget_class_install_action (widget_class, "win.show-duty-roster", NULL, show_duty_roster_action);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-pdf-export", NULL, cancel_pdf_export_action);
  gtk_widget_class_install_action (widget_class, "win.export-plan", NULL, export_plan_action);
  gtk_widget_class_install_action (widget_class, "win.print-plan", NULL, print_plan_action);
  gtk_widget_class_install_action (widget_class, "win.export-json", NULL, export_json_action);
  gtk_widget_class_install_action (widget_class, "win.export-group-json", NULL, export_json_action);
  gtk_widget_class_install_action (widget_class, "win.import-json", NULL, import_json_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-archived", "show-archived");
  gtk_widget_class_install_property_action (widget_class, "win.archived", "archived");
}

static void
co_window_init (CoWindow *self)
{
  GtkListItemFactory *factory;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  co_leaflet_put_shadow_last (self->leaflet);
  /* Out of sight, a place's or a tab's lists are not styled at each crossing of the pointer: the
   * members list's rows alone are 6,000 widgets, the Team page's sections 1,300. */
  co_out_of_sight_hide_pages (GTK_WIDGET (self->content_stack));
  co_out_of_sight_hide_pages (GTK_WIDGET (self->view_stack));
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);

  self->undo_stack = g_array_new (FALSE, FALSE, sizeof (UndoEntry));
  self->settings = g_settings_new (APP_ID);
  self->groups = g_list_store_new (CO_TYPE_GROUP);
  self->filter = gtk_custom_filter_new (filter_group, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->groups)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->shown = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), 0, G_MAXUINT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->group_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->group_list, GTK_SELECTION_MODEL (self->selection));

  /* Delete acts on the sidebar only: elsewhere it belongs to the text being edited. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("win.delete-group")));
  gtk_widget_add_controller (GTK_WIDGET (self->group_list), shortcuts);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->group_list));

  g_settings_bind (self->settings, "show-archived", self, "show-archived", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "last-page", self->view_stack, "visible-child-name", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_swapped (self->switcher_title, "notify::title-visible", G_CALLBACK (update_switcher_bar), self);
  gtk_widget_set_size_request (self->sidebar, g_settings_get_int (self->settings, "sidebar-width"), -1);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  setup_resize_handle (self);
}
