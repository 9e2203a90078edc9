/* test-group-open.c: what opening a group reads. The Overview's parent chooser lists the
 * window's groups as the sidebar has them (a group renamed or added shows there, without the page
 * reading every group again), less the group itself and its subgroups, changed in place from one
 * group to the next; the Plan page hidden
 * behind the Overview reads nothing (its start page lists no template) and, once shown, shows
 * what changed meanwhile. */
#include "config.h"

#include <string.h>

#include "core/groups/co-group.h"
#include "core/plan/co-plan.h"
#include "gui/plan/co-plan-page.h"
#include "gui/overview/co-overview-page.h"
#include "gui/plan/co-plan-start.h"
#include "gui-test-util.h"

/* The names the parent chooser offers, each followed by "|". */
static char *
parent_choices (Fixture *f)
{
  AdwComboRow *parent = ADW_COMBO_ROW (find_row (f, ADW_TYPE_COMBO_ROW, "Parent Group"));
  GListModel *names = adw_combo_row_get_model (parent);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      g_autoptr(GtkStringObject) name = g_list_model_get_item (names, i);

      g_string_append_printf (text, "%s|", gtk_string_object_get_string (name));
    }
  return g_string_free (text, FALSE);
}

typedef struct
{
  Fixture    *f;
  const char *name;
  gboolean    offered;
} Choice;

static gboolean
choice_is (gpointer data)
{
  Choice *choice = data;
  g_autofree char *choices = parent_choices (choice->f);
  g_autofree char *item = g_strdup_printf ("|%s|", choice->name);
  g_autofree char *all = g_strdup_printf ("|%s", choices);

  return (strstr (all, item) != NULL) == choice->offered;
}

static void
wait_for_choice (Fixture    *f,
                 const char *name,
                 gboolean    offered)
{
  Choice choice = { f, name, offered };
  g_autofree char *what = g_strdup_printf ("the parent chooser %s “%s”", offered ? "to offer" : "not to offer",
                                           name);

  wait_until (choice_is, &choice, what);
}

/* The first group of the sidebar with subgroups under it: the research matrix. */
static CoGroup *
group_with_subgroups (Fixture *f,
                      gint64  *child_id)
{
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) child = g_list_model_get_item (G_LIST_MODEL (groups), i);

      if (co_group_get_parent_id (child) != 0)
        {
          *child_id = co_group_get_id (child);
          return co_group_get (f->store, co_group_get_parent_id (child), NULL);
        }
    }
  g_assert_not_reached ();
}

/* What the chooser should offer for @id: every group but it and its subgroups, in the sidebar's
 * order, as read from the store. */
static char *
expected_choices (Fixture *f,
                  gint64   id)
{
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);
  g_autoptr(GHashTable) excluded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GString *text = g_string_new ("None (top level)|");

  g_hash_table_add (excluded, g_memdup2 (&id, sizeof id));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 group_id = co_group_get_id (group), parent_id = co_group_get_parent_id (group);

      if (g_hash_table_contains (excluded, &parent_id))
        g_hash_table_add (excluded, g_memdup2 (&group_id, sizeof group_id));
      if (!g_hash_table_contains (excluded, &group_id))
        g_string_append_printf (text, "%s|", co_group_get_name (group));
    }
  return g_string_free (text, FALSE);
}

/* Opening one group after another changes the chooser's list in place (only the choices that
 * differ), and it offers what it would offer read afresh, whichever group came before. */
static void
test_parents_when_groups_change (Fixture *f, gconstpointer data)
{
  GListModel *groups = sidebar_model (f);  /* those shown: not the archived one */
  guint n = g_list_model_get_n_items (groups);
  GListModel *model = NULL;

  adw_view_stack_set_visible_child_name (group_view_stack (f), "overview");
  wait_for_frame (GTK_WIDGET (f->window));
  g_assert_cmpuint (n, >, 3);
  /* Down the sidebar, then up it, then every other one. */
  for (guint step = 0; step < 3 * n; step++)
    {
      guint position = step < n ? step : step < 2 * n ? 2 * n - 1 - step : (step * 2) % n;
      g_autoptr(CoGroup) group = g_list_model_get_item (groups, position);
      g_autofree char *expected = expected_choices (f, co_group_get_id (group));
      g_autofree char *shown = NULL;
      AdwComboRow *parent;

      co_window_select_group (f->window, co_group_get_id (group));
      wait_for_idle ();
      parent = ADW_COMBO_ROW (find_row (f, ADW_TYPE_COMBO_ROW, "Parent Group"));
      shown = parent_choices (f);
      g_assert_cmpstr (shown, ==, expected);
      if (model != NULL)
        g_assert_true (adw_combo_row_get_model (parent) == model);
      model = adw_combo_row_get_model (parent);
    }
}

static void
test_parents_follow_the_sidebar (Fixture *f, gconstpointer data)
{
  gint64 child_id = 0, other_id;
  g_autoptr(CoGroup) parent = group_with_subgroups (f, &child_id);
  g_autoptr(CoGroup) child = co_group_get (f->store, child_id, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *choices = NULL;

  co_window_select_group (f->window, co_group_get_id (parent));
  adw_view_stack_set_visible_child_name (group_view_stack (f), "overview");
  /* The chooser lists every group once the page has been drawn. */
  wait_for_frame (GTK_WIDGET (f->window));
  wait_for_idle ();
  choices = parent_choices (f);
  g_assert_true (g_str_has_prefix (choices, "None (top level)|"));
  /* Neither the group itself nor its subgroups: a group cannot go under them. */
  wait_for_choice (f, co_group_get_name (parent), FALSE);
  wait_for_choice (f, co_group_get_name (child), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (
                      ADW_COMBO_ROW (find_row (f, ADW_TYPE_COMBO_ROW, "Parent Group")))), <,
                    g_list_model_get_n_items (sidebar_model (f)) + 1);

  /* Another group renamed, a group added: the chooser follows the window's list of groups,
   * which the window reads again after the Overview hears of the change. */
  other_id = co_group_create (f->store, "新来的群", 0, &error);
  g_assert_no_error (error);
  wait_for_choice (f, "新来的群", TRUE);
  g_assert_true (co_group_set_field (f->store, other_id, CO_GROUP_FIELD_NAME, "改过名的群", &error));
  g_assert_no_error (error);
  wait_for_choice (f, "改过名的群", TRUE);
  wait_for_choice (f, "新来的群", FALSE);
  /* Its subgroup renamed stays out of it. */
  g_assert_true (co_group_set_field (f->store, child_id, CO_GROUP_FIELD_NAME, "改过名的子群", &error));
  g_assert_no_error (error);
  wait_for_idle ();
  wait_for_choice (f, "改过名的子群", FALSE);
  g_assert_cmpint (co_overview_page_get_group_id (CO_OVERVIEW_PAGE (find_widget (GTK_WIDGET (f->window),
                                                                                  CO_TYPE_OVERVIEW_PAGE, 0))),
                   ==, co_group_get_id (parent));
}

/* The template rows the Plan page's start page shows. */
static guint
count_template_rows (Fixture *f)
{
  GtkWidget *start = find_widget (GTK_WIDGET (f->window), CO_TYPE_PLAN_START, 0);
  GtkWidget *row;
  guint n = 0;

  g_assert_nonnull (start);
  for (guint i = 0; (row = find_widget (start, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    n += g_object_get_data (G_OBJECT (row), "co-template") != NULL;
  return n;
}

static gboolean
shows_template_rows (gpointer data)
{
  return count_template_rows (data) > 0;
}

static const char *
plan_shows (Fixture *f)
{
  GtkWidget *page = find_widget (GTK_WIDGET (f->window), CO_TYPE_PLAN_PAGE, 0);

  return gtk_stack_get_visible_child_name (GTK_STACK (find_widget (page, GTK_TYPE_STACK, 0)));
}

static gboolean
plan_shows_editor (gpointer data)
{
  return g_strcmp0 (plan_shows (data), "editor") == 0;
}

static void
test_plan_hidden_reads_when_shown (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = co_group_create (f->store, "还没有方案的群", 0, &error);

  g_assert_no_error (error);
  adw_view_stack_set_visible_child_name (group_view_stack (f), "overview");
  co_window_select_group (f->window, id);
  wait_for_idle ();
  g_assert_false (co_plan_exists (f->store, id));
  /* Hidden behind the Overview: nothing listed, nothing parsed. */
  g_assert_cmpuint (count_template_rows (f), ==, 0);

  /* Shown: how to start a plan, from the built-in templates (their rows a frame each). */
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  wait_until (shows_template_rows, f, "the start page's template rows");
  g_assert_cmpstr (plan_shows (f), ==, "start");

  /* The plan started elsewhere while the page is hidden: shown again, it is the editor. */
  adw_view_stack_set_visible_child_name (group_view_stack (f), "overview");
  wait_for_idle ();
  g_assert_true (co_plan_ensure (f->store, id, &error));
  g_assert_no_error (error);
  wait_for_idle ();
  g_assert_cmpstr (plan_shows (f), ==, "start");
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  wait_until (plan_shows_editor, f, "the Plan page to show the plan started while it was hidden");
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("group-open/parents-follow-the-sidebar", TRUE, test_parents_follow_the_sidebar);
  GUI_TEST_ADD ("group-open/parents-when-groups-change", TRUE, test_parents_when_groups_change);
  GUI_TEST_ADD ("group-open/plan-hidden-reads-when-shown", TRUE, test_plan_hidden_reads_when_shown);

  return g_test_run ();
}
