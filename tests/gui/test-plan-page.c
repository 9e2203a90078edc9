/* test-plan-page.c: a group's Plan page: an empty list says so, edits to plan fields, goals and
 * spends are there after the database is opened again, and a refused value stays in its row
 * while removing an item can be undone; a check-in challenge's Leaderboard button opens its
 * leaderboard, which exports the image. */
#include "config.h"

#include <cairo.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/store/co-store-private.h"
#include "gui/plan/co-leaderboard-window.h"
#include "core/plan/co-plan-outline.h"
#include "core/plan/co-plan.h"
#include "gui/plan/co-plan-page.h"
#include "gui/widgets/co-tooltip.h"
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
    if (g_strcmp0 (co_tooltip_get_text (remove), "Remove") == 0)
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

static CoLeaderboardWindow *
leaderboard_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CO_IS_LEADERBOARD_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return CO_LEADERBOARD_WINDOW (window);
    }
  return NULL;
}

static gboolean
leaderboard_shown (gpointer data)
{
  return leaderboard_window () != NULL;
}

/* The titles of the action rows under @root, each followed by "|". */
static char *
row_titles (GtkWidget *root)
{
  GString *titles = g_string_new (NULL);
  GtkWidget *row;

  for (guint i = 0; (row = find_widget (root, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    g_string_append_printf (titles, "%s|", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_string_free (titles, FALSE);
}

/* A challenge of the Running section: its Leaderboard button opens the leaderboard as of today,
 * whose export writes the picture. */
static void
test_challenge_leaderboard (Fixture *f, gconstpointer data)
{
  gint64 group = co_window_get_selected_group (f->window);
  gint64 challenge = co_list_add (f->store, CO_LIST_CHALLENGES, group, NULL);
  g_autofree char *today = co_date_today ();
  g_autofree char *first = co_date_add_days (today, -2);
  g_autofree char *field = g_strdup_printf ("item:challenges:%" G_GINT64_FORMAT ":name", challenge);
  g_autofree char *sql = NULL, *titles = NULL;
  g_autofree char *png = g_build_filename (f->dir, "board.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (png);
  g_autoptr(GError) error = NULL;
  CoLeaderboardWindow *window;
  GtkWidget *button = NULL;
  cairo_surface_t *image;

  g_assert_true (co_list_set (f->store, CO_LIST_CHALLENGES, challenge, "name", "21天晨跑", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_CHALLENGES, challenge, "start_date", first, NULL));
  /* Zoe every day up to today, Adam on the first day only: Zoe first. */
  sql = g_strdup_printf ("INSERT INTO members (uuid, nickname, created_at, updated_at) VALUES"
                         " ('lb-a', 'Adam', 'x', 'x'), ('lb-z', 'Zoe', 'x', 'x');"
                         "INSERT INTO memberships (member_id, group_id, created_at, updated_at)"
                         " SELECT id, %" G_GINT64_FORMAT ", 'x', 'x' FROM members WHERE uuid GLOB 'lb-*';"
                         "INSERT INTO challenge_checkins SELECT %" G_GINT64_FORMAT ", s.id, date ('%s', d.column2)"
                         " FROM memberships s JOIN members m ON m.id = s.member_id JOIN (VALUES ('Zoe', '-2 days'),"
                         " ('Zoe', '-1 days'), ('Zoe', '+0 days'), ('Adam', '-2 days')) d ON d.column1 = m.nickname;",
                         group, challenge, today);
  g_assert_true (co_store_exec (f->store, sql, NULL));

  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  focus_plan_field (f->window, field);
  for (guint i = 0; (button = find_widget (GTK_WIDGET (group_plan_page (f->window)), GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), "plan.challenge-leaderboard") == 0)
      break;
  g_assert_nonnull (button);
  g_assert_cmpint (g_variant_get_int64 (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button))), ==,
                   challenge);
  g_assert_true (gtk_widget_get_mapped (button));
  g_signal_emit_by_name (button, "clicked");
  wait_until (leaderboard_shown, NULL, "the leaderboard window");
  window = leaderboard_window ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "21天晨跑");
  titles = row_titles (GTK_WIDGET (window));
  g_assert_cmpstr (titles, ==, "Zoe|Adam|");
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (window), "3 days"), ==, 1);

  g_assert_true (co_leaderboard_window_export (window, file, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1080);
  cairo_surface_destroy (image);
  save_screenshot (GTK_WIDGET (window), "leaderboard");
  gtk_window_destroy (GTK_WINDOW (window));
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
  GUI_TEST_ADD ("challenge-leaderboard", TRUE, test_challenge_leaderboard);

  return g_test_run ();
}
