/* test-ui.c: the window on a real store and a temporary database, driven as a user drives it:
 * actions, typed text, selection; checked on what it shows and on what the store holds. */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/reports/co-figures.h"
#include "gui/exchange/co-exchange-dialog.h"
#include "gui/figures/co-figures-page.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-list.h"
#include "gui/members/co-member-window.h"
#include "gui/members/co-members-page.h"
#include "core/plan/co-plan.h"
#include "gui/plan/co-plan-page.h"
#include "gui/window/co-preferences-window.h"
#include "core/store/co-backup.h"
#include "gui/widgets/co-chart.h"
#include "gui/widgets/co-pdf-export.h"
#include "gui/reports/co-reports-page.h"
#include "gui/team/co-team-page.h"
#include "gui/today/co-today-page.h"
#include "core/sample/co-sample.h"
#include "core/team/co-team.h"
#include "gui/window/co-window.h"
#include "test-util.h"

typedef struct
{
  CoStore  *store;
  char     *dir;
  CoWindow *window;
} Fixture;

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  gboolean with_sample = GPOINTER_TO_INT (data);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) keys = g_settings_schema_list_keys (g_settings_schema_source_lookup (
    g_settings_schema_source_get_default (), APP_ID, TRUE));

  /* Settings live in memory for the whole run: each test starts from the defaults. */
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  f->store = test_open_temp_store (&path);
  f->dir = g_path_get_dirname (path);
  if (with_sample)
    g_assert_true (co_sample_create (f->store, NULL));
  f->window = g_object_ref_sink (co_window_new (NULL, f->store));
  gtk_window_present (GTK_WINDOW (f->window));
  /* Until the X server maps the window it has no monitor, and popovers cannot be placed. */
  wait_ms (400);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_ms (50);
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->store);
  test_remove_tree (f->dir);
  g_free (f->dir);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             guint      nth)
{
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, root);
  while (!g_queue_is_empty (queue))
    {
      GtkWidget *widget = g_queue_pop_head (queue);

      if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && nth-- == 0)
        return widget;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (queue, child);
    }
  return NULL;
}

/* The shown row of @type titled @title. */
static GtkWidget *
find_row (Fixture    *f,
          GType       type,
          const char *title)
{
  GtkWidget *row;

  for (guint i = 0; (row = find_widget (GTK_WIDGET (f->window), type, i)) != NULL; i++)
    if (gtk_widget_get_mapped (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return row;
  g_error ("No row “%s” is shown", title);
}

static GtkWidget *
find_status_page (Fixture    *f,
                  const char *title)
{
  GtkWidget *page;

  for (guint i = 0; (page = find_widget (GTK_WIDGET (f->window), ADW_TYPE_STATUS_PAGE, i)) != NULL; i++)
    if (g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (page)), title) == 0)
      return page;
  g_error ("No status page titled “%s”", title);
}

/* The tabs of the selected group (the Reports page has tabs of its own). */
static AdwViewStack *
group_view_stack (Fixture *f)
{
  GtkWidget *stack;

  for (guint i = 0; (stack = find_widget (GTK_WIDGET (f->window), ADW_TYPE_VIEW_STACK, i)) != NULL; i++)
    if (gtk_widget_get_ancestor (stack, CO_TYPE_REPORTS_PAGE) == NULL)
      return ADW_VIEW_STACK (stack);
  g_error ("No group view stack");
}

/* The Plan page of the selected group (the Team page is another CoPlanPage). */
static CoPlanPage *
group_plan_page (CoWindow *window)
{
  GtkWidget *page;

  for (guint i = 0; (page = find_widget (GTK_WIDGET (window), CO_TYPE_PLAN_PAGE, i)) != NULL; i++)
    if (gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK) != NULL)
      return CO_PLAN_PAGE (page);
  g_error ("No group plan page");
}

static GListModel *
sidebar_model (Fixture *f)
{
  GtkWidget *list = find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_VIEW, 0);

  g_assert_nonnull (list);
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

/* The texts of the labels that the sidebar rows show. */
static char *
sidebar_text (Fixture *f)
{
  GtkWidget *list = find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_VIEW, 0);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *label;

  for (guint i = 0; (label = find_widget (list, GTK_TYPE_LABEL, i)) != NULL; i++)
    if (gtk_widget_get_mapped (label))
      g_string_append_printf (text, "%s|", gtk_label_get_label (GTK_LABEL (label)));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static CoGroup *
selected (Fixture *f)
{
  return co_group_get (f->store, co_window_get_selected_group (f->window), NULL);
}

static void
test_sidebar_lists_groups (Fixture *f, gconstpointer data)
{
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);
  g_autofree char *shown = sidebar_text (f);
  guint n_active = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      g_autofree char *summary = co_group_dup_summary (group);
      g_autofree char *row = g_strdup_printf ("%s|%s|", co_group_get_name (group), summary);

      if (co_group_get_archived (group))
        {
          g_assert_null (strstr (shown, co_group_get_name (group)));
          continue;
        }
      n_active++;
      g_assert_nonnull (strstr (shown, row));
    }
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, n_active);
  g_assert_cmpuint (n_active, ==, 6);

  /* Showing archived groups lists the seventh. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-archived", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 7);
}

static void
test_new_group_selected (Fixture *f, gconstpointer data)
{
  g_autoptr(CoGroup) group = NULL;
  guint n_before = g_list_model_get_n_items (sidebar_model (f));
  g_autofree char *shown = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-group", NULL);
  wait_ms (50);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, n_before + 1);
  g_assert_cmpint (co_group_count (f->store, NULL), ==, 7 + 1);

  group = selected (f);
  g_assert_nonnull (group);
  g_assert_cmpstr (co_group_get_name (group), ==, "New Group");
  shown = sidebar_text (f);
  g_assert_nonnull (strstr (shown, "New Group|"));

  /* A second one gets a name of its own. */
  g_clear_object (&group);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-group", NULL);
  group = selected (f);
  g_assert_cmpstr (co_group_get_name (group), ==, "New Group 2");
}

static void
test_welcome_then_sample (Fixture *f, gconstpointer data)
{
  GtkWidget *welcome = find_status_page (f, "Welcome to CommunityOps");

  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 0);
  g_assert_true (gtk_widget_get_mapped (welcome));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-sample", NULL);
  wait_ms (50);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 6);
  g_assert_false (gtk_widget_get_mapped (welcome));
  g_assert_cmpint (co_window_get_selected_group (f->window), !=, 0);
}

/* Types into the search entry, as a user would after Ctrl+F, and waits for the list. */
static void
search_for (Fixture    *f,
            const char *text)
{
  GtkWidget *focus;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (GTK_EDITABLE (focus), text);
  wait_ms (400);  /* GtkSearchEntry waits 150 ms before search-changed */
}

static void
test_search_filters (Fixture *f, gconstpointer data)
{
  GListModel *model = sidebar_model (f);
  GtkWidget *no_results;
  g_autofree char *shown = NULL;

  search_for (f, "literature");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  shown = sidebar_text (f);
  g_assert_nonnull (strstr (shown, "Literature Exchange Group 1|"));
  g_assert_null (strstr (shown, "Trail Running Gear Fans"));

  /* Platform and stage are searched too. */
  search_for (f, "QQ");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  search_for (f, "no such group");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  no_results = find_status_page (f, "No Results Found");
  g_assert_true (gtk_widget_get_mapped (no_results));

  search_for (f, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
}

static void
test_delete_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoGroup) before = NULL;
  g_autoptr(CoGroup) after = NULL;
  g_autoptr(CoGroup) gone = NULL;
  gint64 id;

  /* A child of the matrix, so that parent and position matter too; with a name that is not
   * valid markup, for the toast. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), 2);
  id = co_window_get_selected_group (f->window);
  g_assert_true (co_group_set_field (f->store, id, CO_GROUP_FIELD_NAME, "R&D <Team>", NULL));
  before = selected (f);
  g_assert_cmpstr (co_group_get_name (before), ==, "R&D <Team>");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-group", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 5);
  gone = co_group_get (f->store, id, &error);
  g_assert_null (gone);
  g_assert_error (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NOT_FOUND);
  g_assert_cmpint (co_window_get_selected_group (f->window), !=, id);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 6);
  after = co_group_get (f->store, id, NULL);
  g_assert_nonnull (after);
  g_assert_cmpstr (co_group_get_uuid (after), ==, co_group_get_uuid (before));
  for (guint field = 0; field < CO_N_GROUP_FIELDS; field++)
    g_assert_cmpstr (co_group_get_field (after, field), ==, co_group_get_field (before, field));
  g_assert_cmpint (co_group_get_parent_id (after), ==, co_group_get_parent_id (before));
  g_assert_cmpint (co_group_get_position (after), ==, co_group_get_position (before));
  g_assert_cmpint (co_window_get_selected_group (f->window), ==, id);
}

static void
test_archive_and_undo (Fixture *f, gconstpointer data)
{
  gint64 id = co_window_get_selected_group (f->window);
  g_autoptr(CoGroup) group = NULL;

  g_assert_cmpint (id, !=, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.archived", NULL);
  group = co_group_get (f->store, id, NULL);
  g_assert_true (co_group_get_archived (group));
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 5);
  g_clear_object (&group);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  group = co_group_get (f->store, id, NULL);
  g_assert_false (co_group_get_archived (group));
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 6);
}

static void
test_move (Fixture *f, gconstpointer data)
{
  g_autoptr(CoGroup) group = NULL;

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), 4);  /* Trail Running */
  group = selected (f);
  g_assert_cmpstr (co_group_get_name (group), ==, "Trail Running Gear Fans");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.move-up", NULL);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (sidebar_model (f))), ==, 3);
  g_assert_cmpint (co_window_get_selected_group (f->window), ==, co_group_get_id (group));
}

static AdwEntryRow *
entry_row (Fixture *f,
           guint    nth)
{
  GtkWidget *row = find_widget (GTK_WIDGET (f->window), ADW_TYPE_ENTRY_ROW, nth);

  g_assert_nonnull (row);
  return ADW_ENTRY_ROW (row);
}

/* Fields save themselves; a refused value stays in the field with the reason, nothing saved. */
static void
test_overview_autosave_and_errors (Fixture *f, gconstpointer data)
{
  AdwEntryRow *name = entry_row (f, 0);
  AdwEntryRow *date = entry_row (f, 2);
  gint64 id = co_window_get_selected_group (f->window);
  g_autoptr(CoGroup) group = NULL;
  g_autofree char *shown = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "Research Platform Matrix");

  gtk_editable_set_text (GTK_EDITABLE (name), "  Research Matrix  ");
  wait_ms (800);
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_name (group), ==, "Research Matrix");
  g_clear_object (&group);
  shown = sidebar_text (f);
  g_assert_nonnull (strstr (shown, "Research Matrix|"));

  gtk_editable_set_text (GTK_EDITABLE (name), "   ");
  wait_ms (800);
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_name (group), ==, "Research Matrix");
  g_clear_object (&group);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (name), "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name)), ==,
                   "Name: A group needs a name.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "   ");

  gtk_editable_set_text (GTK_EDITABLE (name), "Growth Hackers Paid Circle");
  wait_ms (800);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name)), ==,
                   "Name: Another group is already called “Growth Hackers Paid Circle”.");
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_name (group), ==, "Research Matrix");
  g_clear_object (&group);

  gtk_editable_set_text (GTK_EDITABLE (name), "Research Matrix 2026");
  wait_ms (800);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (name), "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name)), ==, "Name");

  /* Dates: typed the Chinese way, stored and shown as ISO; nonsense refused. */
  gtk_editable_set_text (GTK_EDITABLE (date), "2027年1月9日");
  wait_ms (800);
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE), ==, "2027-01-09");
  g_clear_object (&group);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, "2027-01-09");

  gtk_editable_set_text (GTK_EDITABLE (date), "2027-02-30");
  wait_ms (800);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (date), "error"));
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE), ==, "2027-01-09");
}

static int
count_changes (CoStore *store)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (store), "test-changes"));
}

static void
on_changed_count (CoStore *store)
{
  g_object_set_data (G_OBJECT (store), "test-changes", GINT_TO_POINTER (count_changes (store) + 1));
}

/* Choosing a parent writes once and settles (a nested notify once made it loop). */
static void
test_overview_parent (Fixture *f, gconstpointer data)
{
  AdwComboRow *parent = ADW_COMBO_ROW (find_row (f, ADW_TYPE_COMBO_ROW, "Parent Group"));
  gint64 id;
  g_autoptr(CoGroup) group = NULL;

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), 3);  /* Growth Hackers */
  id = co_window_get_selected_group (f->window);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (parent)), ==, "Parent Group");
  g_signal_connect (f->store, "changed::groups", G_CALLBACK (on_changed_count), NULL);
  adw_combo_row_set_selected (parent, 1);  /* the first group: the research matrix */
  wait_ms (200);
  g_assert_cmpint (count_changes (f->store), ==, 1);
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpint (co_group_get_parent_id (group), !=, 0);
}

/* A focused field keeps what the user typed; its stored form shows when the focus leaves. */
static void
test_focused_field_not_rewritten (Fixture *f, gconstpointer data)
{
  AdwEntryRow *date = entry_row (f, 2);
  AdwEntryRow *slogan = entry_row (f, 1);

  gtk_widget_grab_focus (GTK_WIDGET (date));
  wait_ms (100);
  gtk_editable_set_text (GTK_EDITABLE (date), "2025/3/1");
  wait_ms (800);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, "2025/3/1");
  gtk_widget_grab_focus (GTK_WIDGET (slogan));
  wait_ms (100);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, "2025-03-01");
}

/* An empty list says so. */
static void
test_plan_empty_lists (Fixture *f, gconstpointer data)
{
  CoPlanPage *page;
  GtkWidget *label = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-group", NULL);
  g_assert_true (co_plan_ensure (f->store, co_window_get_selected_group (f->window), NULL));
  adw_view_stack_set_visible_child_name (group_view_stack (f),
                                         "plan");
  page = group_plan_page (f->window);
  g_assert_true (co_plan_page_show_field (page, "section:goals"));
  wait_ms (400);
  for (guint i = 0; (label = find_widget (GTK_WIDGET (page), GTK_TYPE_LABEL, i)) != NULL; i++)
    if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), "Nothing here yet") == 0 && gtk_widget_get_mapped (label))
      break;
  g_assert_nonnull (label);
}

/* A choice saves at once; an edit not yet saved is saved when another group is selected. */
static void
test_overview_choice_and_flush (Fixture *f, gconstpointer data)
{
  gint64 id = co_window_get_selected_group (f->window);
  AdwComboRow *platform = ADW_COMBO_ROW (find_row (f, ADW_TYPE_COMBO_ROW, "Platform"));
  AdwEntryRow *slogan = entry_row (f, 1);
  g_autoptr(CoGroup) group = NULL;

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (platform)), ==, "Platform");
  adw_combo_row_set_selected (platform, 4);  /* after "Not Set": WeChat, WeCom, QQ, Telegram */
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_PLATFORM), ==, "telegram");
  g_clear_object (&group);

  gtk_editable_set_text (GTK_EDITABLE (slogan), "Typed, then switched away at once");
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), 3);
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_SLOGAN), ==, "Typed, then switched away at once");
}

/* A new window opens where the last one was left: same group, size and sidebar width. */
static void
test_state_persists (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  CoWindow *second;
  gint64 chosen;
  int width, height, sidebar_width;

  g_settings_set_int (settings, "sidebar-width", 345);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), 3);
  chosen = co_window_get_selected_group (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 640);
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_cmpint (g_settings_get_int64 (settings, "last-group"), ==, chosen);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);

  second = g_object_ref_sink (co_window_new (NULL, f->store));
  g_assert_cmpint (co_window_get_selected_group (second), ==, chosen);
  gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  gtk_widget_get_size_request (gtk_widget_get_ancestor (GTK_WIDGET (find_widget (GTK_WIDGET (second), GTK_TYPE_LIST_VIEW, 0)),
                                                        GTK_TYPE_BOX),
                               &sidebar_width, NULL);
  g_assert_cmpint (sidebar_width, ==, 345);
  gtk_window_destroy (GTK_WINDOW (second));
  g_assert_finalize_object (second);
}

static gint64
first_item (CoStore *store,
            CoList   list,
            gint64   parent)
{
  g_autoptr(GListStore) items = co_list_items (store, list, parent, NULL);
  g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (items), 0);

  return co_item_get_id (item);
}

/* Shows @field on the Plan page and returns the editable that has the focus there. */
static GtkWidget *
focus_plan_field (CoWindow   *window,
                  const char *field)
{
  CoPlanPage *page = group_plan_page (window);
  GtkWidget *focus;

  g_assert_true (co_plan_page_show_field (page, field));
  wait_ms (600);  /* the focus moves once the section's transition has laid it out */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  return focus;
}

static void
type_into (GtkWidget  *focus,
           const char *text)
{
  if (GTK_IS_TEXT_VIEW (focus))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (focus), text);
}

static char *
shown_text (GtkWidget *focus)
{
  GtkTextIter start, end;

  if (!GTK_IS_TEXT_VIEW (focus))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (focus)));
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus)), &start, &end);
  return gtk_text_buffer_get_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus)), &start, &end, FALSE);
}

/* A plan field, a goal and a spend edited on the Plan page are there after the window is
 * closed and the database opened again. */
static void
test_plan_edits_persist (Fixture *f, gconstpointer data)
{
  gint64 group = co_window_get_selected_group (f->window);
  gint64 goal = first_item (f->store, CO_LIST_GOALS, group);
  gint64 activity = first_item (f->store, CO_LIST_ACTIVITIES, group);
  gint64 spend = first_item (f->store, CO_LIST_SPENDS, activity);
  g_autofree char *goal_field = g_strdup_printf ("item:goals:%" G_GINT64_FORMAT ":target", goal);
  g_autofree char *spend_field = g_strdup_printf ("item:activity_spends:%" G_GINT64_FORMAT ":amount", spend);
  g_autofree char *path = g_strdup (co_store_get_path (f->store));
  g_autoptr(CoItem) plan = NULL;
  g_autoptr(CoItem) saved_goal = NULL;
  g_autoptr(CoItem) saved_spend = NULL;
  struct { const char *field; const char *typed; const char *shown; } edits[] = {
    { "plan:mission", "让每位研究者当天拿到全文。\nSecond line.", "让每位研究者当天拿到全文。\nSecond line." },
    { goal_field, "75", "75" },
    { spend_field, "¥1,234.5", "1234.50" },
  };

  adw_view_stack_set_visible_child_name (group_view_stack (f),
                                         "plan");
  wait_ms (100);
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    type_into (focus_plan_field (f->window, edits[i].field), edits[i].typed);

  /* Closing saves what the autosave delay has not written yet. */
  gtk_window_close (GTK_WINDOW (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->store);
  f->store = co_store_open (path, NULL);
  g_assert_nonnull (f->store);

  plan = co_plan_get (f->store, group, NULL);
  g_assert_cmpstr (co_item_get (plan, "mission"), ==, edits[0].shown);
  saved_goal = co_list_get (f->store, CO_LIST_GOALS, goal, NULL);
  g_assert_cmpstr (co_item_get (saved_goal, "target"), ==, "75");
  saved_spend = co_list_get (f->store, CO_LIST_SPENDS, spend, NULL);
  g_assert_cmpstr (co_item_get (saved_spend, "amount"), ==, "123450");

  f->window = g_object_ref_sink (co_window_new (NULL, f->store));
  gtk_window_present (GTK_WINDOW (f->window));
  /* Until the X server maps the window it has no monitor, and popovers cannot be placed. */
  wait_ms (400);
  g_assert_cmpint (co_window_get_selected_group (f->window), ==, group);
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *shown = shown_text (focus_plan_field (f->window, edits[i].field));
      g_assert_cmpstr (shown, ==, edits[i].shown);
    }
}

/* A refused value stays in its row with the reason, and removing an item can be undone. */
static void
test_plan_refusal_and_undo (Fixture *f, gconstpointer data)
{
  gint64 group = co_window_get_selected_group (f->window);
  gint64 goal = first_item (f->store, CO_LIST_GOALS, group);
  g_autofree char *deadline_field = g_strdup_printf ("item:goals:%" G_GINT64_FORMAT ":deadline", goal);
  g_autofree char *baseline_field = g_strdup_printf ("item:goals:%" G_GINT64_FORMAT ":baseline_date", goal);
  g_autoptr(CoItem) before = co_list_get (f->store, CO_LIST_GOALS, goal, NULL);
  g_autoptr(CoItem) after = NULL;
  CoPlanPage *page;
  GtkWidget *row;
  GtkWidget *remove = NULL;
  GtkWidget *focus;

  adw_view_stack_set_visible_child_name (group_view_stack (f),
                                         "plan");
  type_into (focus_plan_field (f->window, baseline_field), "2026-01-01");
  focus = focus_plan_field (f->window, deadline_field);
  type_into (focus, "2025-12-31");
  wait_ms (800);
  row = gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Deadline: The deadline is before the baseline date.");
  after = co_list_get (f->store, CO_LIST_GOALS, goal, NULL);
  g_assert_cmpstr (co_item_get (after, "deadline"), ==, co_item_get (before, "deadline"));

  /* The goal's Remove button, then Undo in the toast. */
  page = group_plan_page (f->window);
  for (guint i = 0; (remove = find_widget (gtk_widget_get_ancestor (row, ADW_TYPE_EXPANDER_ROW), GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (remove), "Remove") == 0)
      break;
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  g_assert_null (co_list_get (f->store, CO_LIST_GOALS, goal, NULL));
  g_assert_true (co_plan_page_show_field (page, "section:goals"));
  {
    GtkWidget *toast_button = NULL;
    for (guint i = 0; (toast_button = find_widget (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, i)) != NULL; i++)
      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (toast_button)), "_Undo") == 0)
        break;
    g_assert_nonnull (toast_button);
    g_signal_emit_by_name (toast_button, "clicked");
  }
  g_clear_object (&after);
  after = co_list_get (f->store, CO_LIST_GOALS, goal, NULL);
  g_assert_nonnull (after);
  g_assert_cmpstr (co_item_get (after, "target"), ==, co_item_get (before, "target"));
}

static CoPlanPage *
mapped_plan_page (Fixture *f)
{
  GtkWidget *page;

  for (guint i = 0; (page = find_widget (GTK_WIDGET (f->window), CO_TYPE_PLAN_PAGE, i)) != NULL; i++)
    if (gtk_widget_get_mapped (page))
      return CO_PLAN_PAGE (page);
  g_error ("No plan page is shown");
}

/* Chooses @text in the first combo row titled @title that has nothing chosen yet. */
static void
choose (GtkWidget  *root,
        const char *title,
        const char *text)
{
  GtkWidget *row;

  for (guint i = 0; (row = find_widget (root, ADW_TYPE_COMBO_ROW, i)) != NULL; i++)
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) != 0 ||
          adw_combo_row_get_selected (ADW_COMBO_ROW (row)) != 0 || !gtk_widget_get_mapped (row))
        continue;
      for (guint n = 0; n < g_list_model_get_n_items (model); n++)
        if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), n), text) == 0)
          {
            adw_combo_row_set_selected (ADW_COMBO_ROW (row), n);
            return;
          }
    }
  g_error ("No empty “%s” row offers “%s”", title, text);
}

static guint
count_mapped_labels (GtkWidget  *root,
                     const char *text)
{
  GtkWidget *label;
  guint n = 0;

  for (guint i = 0; (label = find_widget (root, GTK_TYPE_LABEL, i)) != NULL; i++)
    n += gtk_widget_get_mapped (label) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), text) == 0;
  return n;
}

/* A person given a role in two groups on their Plan pages shows in both groups' columns of
 * the Team page's matrix. */
static void
test_assign_and_matrix (Fixture *f, gconstpointer data)
{
  gint64 person = co_list_add (f->store, CO_LIST_STAFF, 0, NULL);
  CoTeamPage *team;

  g_assert_true (co_list_set (f->store, CO_LIST_STAFF, person, "name", "Zhang San", NULL));
  adw_view_stack_set_visible_child_name (group_view_stack (f),
                                         "plan");
  for (guint position = 3; position <= 4; position++)
    {
      CoPlanPage *page;
      GtkWidget *button = NULL;

      gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), position);
      wait_ms (300);
      page = mapped_plan_page (f);
      g_assert_true (co_plan_page_show_section (page, "team"));
      wait_ms (600);
      for (guint i = 0; (button = find_widget (GTK_WIDGET (page), ADW_TYPE_BUTTON_CONTENT, i)) != NULL; i++)
        if (g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (button)), "Assign a Role") == 0)
          break;
      g_assert_nonnull (button);
      g_signal_emit_by_name (gtk_widget_get_parent (button), "clicked");
      wait_ms (600);
      choose (GTK_WIDGET (page), "Person", "Zhang San");
      wait_ms (100);
      choose (GTK_WIDGET (page), "Role", "Host");
      wait_ms (300);
    }

  co_window_show_place (f->window, "team");
  wait_ms (300);
  team = CO_TEAM_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_TEAM_PAGE, 0));
  g_assert_true (co_team_page_show_section (team, "matrix"));
  wait_ms (600);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (team), "Zhang San"), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (team), "Host"), ==, 2);

  /* Removing the person asks first, since they hold roles; the roles go with them and Undo
   * brings all back. */
  {
    g_autofree char *expander_field = g_strdup_printf ("expander:staff:%" G_GINT64_FORMAT, person);
    g_autolist(GtkWidget) toplevels = NULL;
    GtkWidget *expander;
    GtkWidget *button = NULL;
    AdwMessageDialog *dialog = NULL;

    g_assert_true (co_team_page_show_field (team, expander_field));
    wait_ms (300);
    expander = gtk_root_get_focus (GTK_ROOT (f->window));
    expander = gtk_widget_get_ancestor (expander, ADW_TYPE_EXPANDER_ROW);
    g_assert_nonnull (expander);
    for (guint i = 0; (button = find_widget (expander, GTK_TYPE_BUTTON, i)) != NULL; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (button), "Remove") == 0)
        break;
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    wait_ms (100);
    g_assert_nonnull (co_list_get (f->store, CO_LIST_STAFF, person, NULL));  /* not yet */
    toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l != NULL; l = l->next)
      if (ADW_IS_MESSAGE_DIALOG (l->data))
        dialog = l->data;
    g_assert_nonnull (dialog);
    g_list_foreach (toplevels, (GFunc) (void (*) (void)) g_object_ref, NULL);
    adw_message_dialog_response (dialog, "remove");
    wait_ms (100);
    g_assert_null (co_list_get (f->store, CO_LIST_STAFF, person, NULL));
    g_assert_cmpuint (co_team_count_duties (f->store, person), ==, 0);
    for (guint i = 0; (button = find_widget (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, i)) != NULL; i++)
      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), "_Undo") == 0)
        break;
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    g_assert_cmpuint (co_team_count_duties (f->store, person), ==, 2);
  }
}

/* A built-in role's name field shows its translated default without saving it; what the user
 * types is saved, and clearing the field brings the default back. */
static void
test_builtin_role_defaults (Fixture *f, gconstpointer data)
{
  gint64 host = co_role_find_builtin (f->store, "host");
  g_autofree char *field = g_strdup_printf ("item:roles:%" G_GINT64_FORMAT ":name", host);
  g_autoptr(CoItem) role = NULL;
  CoTeamPage *team;
  GtkWidget *focus;

  co_window_show_place (f->window, "team");
  wait_ms (300);
  team = CO_TEAM_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_TEAM_PAGE, 0));
  g_assert_true (co_team_page_show_field (team, field));
  wait_ms (600);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (GTK_IS_EDITABLE (focus));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "Host");
  co_team_page_flush (team);
  role = co_list_get (f->store, CO_LIST_ROLES, host, NULL);
  g_assert_null (co_item_get (role, "name"));

  type_into (focus, "Weekly host");
  co_team_page_flush (team);
  g_clear_object (&role);
  role = co_list_get (f->store, CO_LIST_ROLES, host, NULL);
  g_assert_cmpstr (co_item_get (role, "name"), ==, "Weekly host");

  type_into (focus, "");
  co_team_page_flush (team);
  gtk_root_set_focus (GTK_ROOT (f->window), NULL);
  wait_ms (100);
  g_clear_object (&role);
  role = co_list_get (f->store, CO_LIST_ROLES, host, NULL);
  g_assert_null (co_item_get (role, "name"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "Host");
}

/* The Members page: import a small CSV through the preview (which lists a bad file's problems
 * and will not import it), filter "not yet replied", select two and mark them replied. */
static void
test_members_import_and_reply (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "Seeds", 0, NULL);
  const char *bad = "昵称,积分\n甲,-1\n";
  const char *good = "昵称,联系方式,种子用户\n甲,wx1,是\n乙,wx2,是\n丙,wx3,否\n丁,wx4,是\n";
  g_autoptr(GBytes) bad_bytes = g_bytes_new (bad, strlen (bad));
  g_autoptr(GBytes) good_bytes = g_bytes_new (good, strlen (good));
  CoMembersPage *page;
  AdwMessageDialog *dialog;
  GtkDropDown *show;
  GtkColumnView *view;
  GtkSelectionModel *selection;
  GListModel *model;
  CoMemberQuery unreplied = { .group_id = group, .show = CO_MEMBER_SHOW_UNREPLIED };
  g_autoptr(GArray) waiting = NULL;

  /* The sidebar reloads after the group is created; then it can be selected. */
  for (int tries = 0; tries < 50 && co_window_get_selected_group (f->window) != group; tries++)
    {
      wait_ms (50);
      co_window_select_group (f->window, group);
    }
  g_assert_cmpint (co_window_get_selected_group (f->window), ==, group);
  adw_view_stack_set_visible_child_name (group_view_stack (f),
                                         "members");
  wait_ms (100);
  /* The group's page, in the view stack; the other one lists every group's members. */
  for (guint i = 0; (page = CO_MEMBERS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_MEMBERS_PAGE, i))); i++)
    if (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK) != NULL)
      break;
  g_assert_nonnull (page);
  model = co_members_page_get_model (page);

  dialog = co_members_page_preview_import (page, CO_IMPORT_MEMBERS, "bad.csv", bad_bytes);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "import"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1 problem"));
  adw_message_dialog_response (dialog, "cancel");
  wait_ms (100);

  dialog = co_members_page_preview_import (page, CO_IMPORT_MEMBERS, "seeds.csv", good_bytes);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "import"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "4 rows"));
  adw_message_dialog_response (dialog, "import");
  wait_ms (300);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  show = GTK_DROP_DOWN (find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, 0));
  gtk_drop_down_set_selected (show, CO_MEMBER_SHOW_UNREPLIED);
  wait_ms (300);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0));
  selection = gtk_column_view_get_model (view);
  gtk_selection_model_select_item (selection, 0, FALSE);
  gtk_selection_model_select_item (selection, 1, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.mark-replied", NULL));
  wait_ms (300);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  waiting = co_member_query_ids (f->store, &unreplied, NULL);
  g_assert_cmpuint (waiting->len, ==, 1);
}

/* The All Members place lists every group's members; a member's window shows why they are in
 * their tier, and choosing another tier there sets it by hand. */
static void
test_all_members_and_member_window (Fixture *f, gconstpointer data)
{
  CoMembersPage *page = NULL;
  GListModel *model;
  g_autoptr(CoMember) member = NULL;
  GtkWidget *window;
  AdwComboRow *tier_row;
  guint target;

  co_window_show_place (f->window, "members");
  for (guint i = 0; (page = CO_MEMBERS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_MEMBERS_PAGE, i))); i++)
    if (gtk_widget_get_mapped (GTK_WIDGET (page)))
      break;
  g_assert_nonnull (page);
  model = co_members_page_get_model (page);
  for (int tries = 0; tries < 100 && g_list_model_get_n_items (model) < 450; tries++)
    wait_ms (20);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 450);  /* the sample's four groups */

  member = g_list_model_get_item (model, 0);
  window = co_member_window_new (GTK_WINDOW (f->window), f->store, co_member_get_id (member));
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (100);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, co_member_get (member, CO_MEMBER_NICKNAME));
  tier_row = ADW_COMBO_ROW (find_widget (window, ADW_TYPE_COMBO_ROW, 0));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (tier_row)), "points"));
  target = (adw_combo_row_get_selected (tier_row) + 1) % 3;
  adw_combo_row_set_selected (tier_row, target);
  co_member_reload (member, f->store);
  g_assert_true (co_member_get_tier_manual (member));
  /* The window reads the member again once the store is done telling everyone. */
  for (int tries = 0; tries < 100 && !strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (tier_row)), "Set by hand");
       tries++)
    wait_ms (20);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (tier_row)), "Set by hand"));
  gtk_window_destroy (GTK_WINDOW (window));
  wait_ms (50);
}

/* The Overview lists the plan's goals with where they stand, and follows new figures. */
static void
test_overview_goals (Fixture *f, gconstpointer data)
{
  gint64 group, goal;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *deadline = g_date_time_format (later, "%Y-%m-%d");
  GtkWidget *row;
  CoDayFigures day;

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), 4);  /* Trail Running, founded */
  wait_ms (100);
  group = co_window_get_selected_group (f->window);
  goal = co_list_add (f->store, CO_LIST_GOALS, group, NULL);
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, goal, "metric", "members-total", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, goal, "target", "300", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, goal, "deadline", deadline, NULL));
  wait_ms (200);
  row = find_row (f, ADW_TYPE_ACTION_ROW, "Members in total");
  g_assert_nonnull (row);

  /* Figures for today: the goal shows them and is reached. */
  co_day_figures_init (&day, group, today);
  day.values[CO_FIGURE_MEMBERS_TOTAL] = 320;
  g_assert_true (co_figures_put (f->store, &day, NULL));
  wait_ms (200);
  row = find_row (f, ADW_TYPE_ACTION_ROW, "Members in total");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "320 of 300"));
  g_assert_nonnull (find_widget (row, GTK_TYPE_LABEL, 0));
  {
    gboolean achieved = FALSE;
    GtkWidget *label;
    for (guint i = 0; (label = find_widget (row, GTK_TYPE_LABEL, i)) != NULL; i++)
      achieved |= g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), "Achieved") == 0;
    g_assert_true (achieved);
  }
}

/* The weekly report's figure @title, as its table (and CSV export) has it. */
static char *
weekly_value (CoReportsPage *reports,
              const char    *title)
{
  CoTable *table = co_reports_page_get_table (reports);

  for (guint row = 1; table != NULL && row < co_table_get_n_rows (table); row++)
    if (g_str_equal (co_table_get (table, row, 0), "Key Figures") && g_str_equal (co_table_get (table, row, 1), title))
      return g_strdup (co_table_get (table, row, 2));
  return NULL;
}

/* Enter a day's figures in the grid with Enter moving down; a refused value stays, marked, and
 * changes nothing; the weekly report then shows what was entered. */
static void
test_figures_grid_to_weekly_report (Fixture *f, gconstpointer data)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  CoFiguresPage *grid = CO_FIGURES_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_FIGURES_PAGE, 0));
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  gint64 trail = 0, below = 0;  /* the row under Trail Running's */
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);
  g_autofree char *messages_before = NULL, *messages_after = NULL, *expected = NULL, *typed = NULL;
  GtkWidget *messages, *members, *next;
  CoDayFigures day;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      if (g_str_equal (co_group_get_name (group), "Trail Running Gear Fans"))
        trail = co_group_get_id (group);
      if (g_str_equal (co_group_get_name (group), "Neighbourhood Mutual Aid"))
        below = co_group_get_id (group);
    }
  g_assert_cmpint (trail, !=, 0);

  /* The weekly report of the week holding yesterday, before. */
  co_window_show_place (f->window, "reports");
  co_reports_page_show_week (reports, trail, yesterday);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_widget (GTK_WIDGET (reports), ADW_TYPE_VIEW_STACK, 0)),
                                         "weekly");
  wait_ms (100);
  messages_before = weekly_value (reports, "Messages");
  g_assert_nonnull (messages_before);

  /* Yesterday's messages typed over, and Enter: saved, and the cell below has focus. */
  co_window_show_place (f->window, "figures");
  co_figures_page_set_date (grid, yesterday);
  wait_ms (100);
  g_assert_true (co_figures_get (f->store, trail, yesterday, &day, NULL));
  messages = co_figures_page_get_entry (grid, trail, CO_FIGURE_MESSAGES);
  g_assert_nonnull (messages);
  g_assert_cmpint (g_ascii_strtoll (gtk_editable_get_text (GTK_EDITABLE (messages)), NULL, 10), ==,
                   day.values[CO_FIGURE_MESSAGES]);
  gtk_widget_grab_focus (messages);
  typed = g_strdup_printf ("%" G_GINT64_FORMAT, day.values[CO_FIGURE_MESSAGES] + 1000);
  gtk_editable_set_text (GTK_EDITABLE (messages), typed);
  g_signal_emit_by_name (messages, "activate");
  wait_ms (50);
  next = co_figures_page_get_entry (grid, below, CO_FIGURE_MESSAGES);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), next) ||
                 gtk_root_get_focus (GTK_ROOT (f->window)) == next);
  g_assert_true (co_figures_get (f->store, trail, yesterday, &day, NULL));
  g_assert_cmpint (day.values[CO_FIGURE_MESSAGES], ==, g_ascii_strtoll (typed, NULL, 10));

  /* More left than there are members: refused, the cell keeps the text, marked, and the store
   * is as it was. */
  members = co_figures_page_get_entry (grid, trail, CO_FIGURE_LEFT);
  gtk_widget_grab_focus (members);
  gtk_editable_set_text (GTK_EDITABLE (members), "100000");
  g_signal_emit_by_name (members, "activate");
  wait_ms (50);
  g_assert_true (gtk_widget_has_css_class (members, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (members)), ==, "100000");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (members), "Trail Running Gear Fans"));
  {
    CoDayFigures after;
    g_assert_true (co_figures_get (f->store, trail, yesterday, &after, NULL));
    g_assert_cmpint (after.values[CO_FIGURE_LEFT], ==, day.values[CO_FIGURE_LEFT]);
  }
  gtk_editable_set_text (GTK_EDITABLE (members), "");
  g_signal_emit_by_name (members, "activate");

  /* The weekly report now counts the 1,000 messages more. */
  co_window_show_place (f->window, "reports");
  wait_ms (100);
  messages_after = weekly_value (reports, "Messages");
  expected = g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (messages_before, NULL, 10) + 1000);
  g_assert_cmpstr (messages_after, ==, expected);
}

/* With CO_TEST_SCREENSHOTS set to a folder, saves what @widget shows there as @name.png: the
 * way to look at views a click cannot reach (a two-year custom period). */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *folder = g_getenv ("CO_TEST_SCREENSHOTS");
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (folder == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/%s.png", folder, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* Two years of days in a chart: every point can be hovered, and the tables export. */
static void
test_reports_long_range (Fixture *f, gconstpointer data)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  g_autofree char *two_years = co_date_add_days (today, -730);
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  AdwViewStack *views = ADW_VIEW_STACK (find_widget (GTK_WIDGET (reports), ADW_TYPE_VIEW_STACK, 0));
  CoChart *trend;
  CoTable *table;
  g_autofree char *hover = NULL;
  guint points = 0;

  co_window_show_place (f->window, "reports");
  co_reports_page_show_week (reports, 0, yesterday);
  co_reports_page_set_period (reports, two_years, yesterday);
  adw_view_stack_set_visible_child_name (views, "charts");
  wait_ms (300);
  table = co_reports_page_get_table (reports);
  for (guint row = 1; row < co_table_get_n_rows (table); row++)
    points += g_str_equal (co_table_get (table, row, 0), "Members");
  /* A year of sample figures, one point a day. */
  g_assert_cmpuint (points, >=, 364);
  trend = CO_CHART (find_widget (GTK_WIDGET (reports), CO_TYPE_CHART, 0));
  hover = co_chart_dup_hover_text (trend, gtk_widget_get_width (GTK_WIDGET (trend)) * 0.75, 100);
  g_assert_nonnull (hover);
  g_assert_nonnull (strstr (hover, "Members: "));
  save_screenshot (GTK_WIDGET (f->window), "reports-two-years");

  adw_view_stack_set_visible_child_name (views, "retention");
  wait_ms (100);
  table = co_reports_page_get_table (reports);
  g_assert_cmpstr (co_table_get (table, 0, 0), ==, "Week Joined");
  g_assert_cmpuint (co_table_get_n_rows (table), >, 10);
  adw_view_stack_set_visible_child_name (views, "figures");
  wait_ms (100);
  table = co_reports_page_get_table (reports);
  g_assert_cmpuint (co_table_get_n_rows (table), ==, CO_N_MEASURES + 1);
  for (guint row = 1; row < co_table_get_n_rows (table); row++)
    for (guint column = 1; column < 4; column++)
      {
        g_assert_null (strstr (co_table_get (table, row, column), "nan"));
        g_assert_null (strstr (co_table_get (table, row, column), "inf"));
      }
}

/* The report exported as PDF from the Reports page: written in a worker, then there. */
static void
test_reports_export_pdf (Fixture *f, gconstpointer data)
{
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  CoDocument *document;

  co_window_show_place (f->window, "reports");
  wait_ms (50);
  document = co_reports_page_make_document (reports, &error);
  g_assert_no_error (error);
  co_pdf_export (GTK_WIDGET (reports), document, file);
  g_assert_true (co_pdf_export_running (GTK_WIDGET (reports)));
  while (co_pdf_export_running (GTK_WIDGET (reports)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (co_pdf_export_running (GTK_WIDGET (reports)));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* Whole: a PDF ends with its end-of-file marker. */
  g_assert_cmpuint (length, >, 1000);
  g_assert_nonnull (g_strstr_len (contents + length - 16, 16, "%%EOF"));
  wait_ms (50);
  test_remove_tree (dir);
}

/* Today lists the sample's coming activities with their announcements. */
static void
test_today_page (Fixture *f, gconstpointer data)
{
  GtkWidget *today = find_widget (GTK_WIDGET (f->window), CO_TYPE_TODAY_PAGE, 0);
  GtkWidget *row;
  gboolean evening = FALSE, seeds = FALSE;

  co_window_show_place (f->window, "today");
  wait_ms (100);
  for (guint i = 0; (row = find_widget (today, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
      evening |= g_str_equal (title, "The evening before");
      seeds |= subtitle != NULL && strstr (subtitle, "seed users waiting") != NULL;
    }
  g_assert_true (evening);
  g_assert_true (seeds);
}

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
  wait_ms (50);
  for (guint i = 0; (row = find_widget (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), co_store_get_path (f->store)) == 0)
      break;
  g_assert_nonnull (row);

  full_sync = find_widget (GTK_WIDGET (preferences), GTK_TYPE_SWITCH, 1);
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
  g_autolist(GtkWidget) toplevels = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *row = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (backup);
  g_assert_cmpint (co_group_create (f->store, "After the backup", 0, &error), >, 0);
  wait_ms (100);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, before + 1);

  gtk_window_present (GTK_WINDOW (preferences));
  wait_ms (50);
  for (guint i = 0; (row = find_widget (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "_Restore from Backup…") == 0)
      break;
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activated");
  wait_ms (50);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);
  g_list_foreach (toplevels, (GFunc) (void (*) (void)) g_object_ref, NULL);
  adw_message_dialog_response (dialog, "restore");
  wait_ms (200);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, before);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

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
  wait_ms (100);
  g_assert_nonnull (strstr (import_changes (dialog), copy));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "import"), ==, "_Import");

  replace = GTK_CHECK_BUTTON (find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, 1));
  gtk_check_button_set_active (replace, TRUE);
  g_assert_nonnull (strstr (import_changes (dialog), "is replaced by the file"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "import"), ==, "_Replace");
  wait_ms (100);
  save_screenshot (GTK_WIDGET (dialog), "import-json");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, 0)), TRUE);
  /* The import runs in a worker, the window insensitive until it is done. */
  adw_message_dialog_response (dialog, "import");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f->window)));
  for (guint i = 0; i < 100 && g_list_model_get_n_items (sidebar_model (f)) == before; i++)
    wait_ms (50);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, before + 1);
  g_assert_true (co_group_name_is_taken (f->store, copy, 0));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (f->window)));
}

int
main (int   argc,
      char *argv[])
{
  /* gtk_test_init() runs g_test_init(); the tests use temporary databases, not the user's. */
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, sample, func) \
  g_test_add ("/ui/" path, Fixture, GINT_TO_POINTER (sample), fixture_set_up, func, fixture_tear_down)
  ADD ("sidebar-lists-groups", TRUE, test_sidebar_lists_groups);
  ADD ("restore-from-backup", TRUE, test_restore_from_backup);
  ADD ("new-group-selected", TRUE, test_new_group_selected);
  ADD ("welcome-then-sample", FALSE, test_welcome_then_sample);
  ADD ("search-filters", TRUE, test_search_filters);
  ADD ("delete-and-undo", TRUE, test_delete_and_undo);
  ADD ("archive-and-undo", TRUE, test_archive_and_undo);
  ADD ("move", TRUE, test_move);
  ADD ("overview-autosave-and-errors", TRUE, test_overview_autosave_and_errors);
  ADD ("overview-choice-and-flush", TRUE, test_overview_choice_and_flush);
  ADD ("overview-parent", TRUE, test_overview_parent);
  ADD ("focused-field-not-rewritten", TRUE, test_focused_field_not_rewritten);
  ADD ("plan-empty-lists", TRUE, test_plan_empty_lists);
  ADD ("preferences", FALSE, test_preferences);
  ADD ("state-persists", TRUE, test_state_persists);
  ADD ("plan-edits-persist", TRUE, test_plan_edits_persist);
  ADD ("plan-refusal-and-undo", TRUE, test_plan_refusal_and_undo);
  ADD ("assign-and-matrix", TRUE, test_assign_and_matrix);
  ADD ("builtin-role-defaults", TRUE, test_builtin_role_defaults);
  ADD ("members-import-and-reply", FALSE, test_members_import_and_reply);
  ADD ("all-members-and-member-window", TRUE, test_all_members_and_member_window);
  ADD ("overview-goals", TRUE, test_overview_goals);
  ADD ("figures-grid-to-weekly-report", TRUE, test_figures_grid_to_weekly_report);
  ADD ("today-page", TRUE, test_today_page);
  ADD ("reports-long-range", TRUE, test_reports_long_range);
  ADD ("reports-export-pdf", TRUE, test_reports_export_pdf);
  ADD ("import-json", TRUE, test_import_json);
#undef ADD

  return g_test_run ();
}
