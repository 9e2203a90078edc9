/* test-plan-page.c: a group's Plan page: an empty list says so, edits to plan fields, goals and
 * spends are there after the database is opened again, and a refused value stays in its row
 * while removing an item can be undone. */
#include "config.h"

#include "core/groups/co-group.h"
#include "core/plan/co-plan-outline.h"
#include "core/plan/co-plan.h"
#include "gui/plan/co-plan-page.h"
#include "gui-test-util.h"

/* The Plan page of the selected group: the window has one. */
static CoPlanPage *
group_plan_page (CoWindow *window)
{
  GtkWidget *page = find_widget (GTK_WIDGET (window), CO_TYPE_PLAN_PAGE, 0);

  g_assert_nonnull (page);
  g_assert_null (find_widget (GTK_WIDGET (window), CO_TYPE_PLAN_PAGE, 1));
  return CO_PLAN_PAGE (page);
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
  /* The page moves the focus when idle, once the section and rows just shown are laid out. */
  wait_for_idle ();
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  return focus;
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

/* An empty list says so. */
static void
test_plan_empty_lists (Fixture *f, gconstpointer data)
{
  CoPlanPage *page;
  GtkWidget *label = NULL;

  co_window_select_group (f->window, co_group_create (f->store, "New Group", 0, NULL));
  g_assert_true (co_plan_ensure (f->store, co_window_get_selected_group (f->window), NULL));
  adw_view_stack_set_visible_child_name (group_view_stack (f),
                                         "plan");
  page = group_plan_page (f->window);
  g_assert_true (co_plan_page_show_field (page, "section:goals"));
  /* The section is filled as it shows, and mapped once the page, shown for the first time, is
   * laid out; the sections cross-fade. */
  wait_for_transitions (GTK_WIDGET (page));
  for (guint i = 0; (label = find_widget (GTK_WIDGET (page), GTK_TYPE_LABEL, i)) != NULL; i++)
    if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), "Nothing here yet") == 0 && gtk_widget_get_mapped (label))
      break;
  g_assert_nonnull (label);
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
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    type_into (focus_plan_field (f->window, edits[i].field), edits[i].typed);

  /* Closing saves what the autosave delay has not written yet. */
  gtk_window_close (GTK_WINDOW (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_for_last_reference (f->window, "the window's idles to let go of it");
  g_assert_finalize_object (f->window);
  wait_for_last_reference (f->store, "the pages' workers to let go of the store");
  g_assert_finalize_object (f->store);
  f->store = co_store_open (path, NULL);
  g_assert_nonnull (f->store);

  plan = co_plan_get (f->store, group, NULL);
  g_assert_cmpstr (co_item_get (plan, "mission"), ==, edits[0].shown);
  saved_goal = co_list_get (f->store, CO_LIST_GOALS, goal, NULL);
  g_assert_cmpstr (co_item_get (saved_goal, "target"), ==, "75");
  saved_spend = co_list_get (f->store, CO_LIST_SPENDS, spend, NULL);
  g_assert_cmpstr (co_item_get (saved_spend, "amount"), ==, "123450");

  fixture_open_window (f);
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
  row = gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW);
  wait_for_css_class (row, "error", "the autosave to refuse a deadline before the baseline date");
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
    GtkWidget *toast_button = wait_for_button (GTK_WIDGET (f->window), "_Undo");
    g_assert_nonnull (toast_button);
    g_signal_emit_by_name (toast_button, "clicked");
  }
  g_clear_object (&after);
  after = co_list_get (f->store, CO_LIST_GOALS, goal, NULL);
  g_assert_nonnull (after);
  g_assert_cmpstr (co_item_get (after, "target"), ==, co_item_get (before, "target"));
}

/* Every combo row of the Plan page's sections and of the Overview shows its value under its
 * title: one layout, whatever the length of the choices or the language. */
static void
test_combo_rows_one_layout (Fixture *f, gconstpointer data)
{
  CoPlanPage *page;
  GtkWidget *row;
  guint n_rows = 0;

  /* The sample's first group: a matrix, with a parent row and every choice of a plan. */
  co_window_select_group (f->window, 1);
  adw_view_stack_set_visible_child_name (group_view_stack (f), "overview");
  wait_for_transitions (GTK_WIDGET (f->window));
  for (guint i = 0; (row = find_widget (GTK_WIDGET (f->window), ADW_TYPE_COMBO_ROW, i)) != NULL; i++, n_rows++)
    g_assert_true (adw_combo_row_get_use_subtitle (ADW_COMBO_ROW (row)));
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  page = group_plan_page (f->window);
  for (guint s = 0; s < co_plan_n_sections; s++)
    {
      const char *section = co_plan_sections[s].name;

      g_assert_true (co_plan_page_show_section (page, section));
      wait_for_transitions (GTK_WIDGET (page));
      for (guint i = 0; (row = find_widget (GTK_WIDGET (page), ADW_TYPE_COMBO_ROW, i)) != NULL; i++, n_rows++)
        {
          g_test_message ("%s: %s", section, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
          g_assert_true (adw_combo_row_get_use_subtitle (ADW_COMBO_ROW (row)));
        }
    }
  /* The overview's category, orientation, platform, stage, … and the plan's. */
  g_assert_cmpuint (n_rows, >, 10);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("plan-empty-lists", TRUE, test_plan_empty_lists);
  GUI_TEST_ADD ("plan-edits-persist", TRUE, test_plan_edits_persist);
  GUI_TEST_ADD ("plan-refusal-and-undo", TRUE, test_plan_refusal_and_undo);
  GUI_TEST_ADD ("combo-rows-one-layout", TRUE, test_combo_rows_one_layout);

  return g_test_run ();
}
