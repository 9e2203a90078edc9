/* test-team-page.c: the Team place: roles assigned on the groups' Plan pages show in the Team
 * page's matrix, removing a person who holds roles asks first and can be undone, a built-in
 * role's name shows its translated default until the user types one, and the duty roster keeps
 * the groups' names in view while the week scrolls and edits a group's shifts. */
#include "config.h"

#include "core/team/co-team.h"
#include "gui/plan/co-plan-page.h"
#include "gui/team/co-team-page.h"
#include "gui/widgets/co-list-editor.h"
#include "gui/widgets/co-pinned-cell.h"
#include "gui/widgets/co-roster-grid.h"
#include "gui/widgets/co-tooltip.h"
#include "gui-test-util.h"

static CoPlanPage *
mapped_plan_page (Fixture *f)
{
  GtkWidget *page;

  for (guint i = 0; (page = find_widget (GTK_WIDGET (f->window), CO_TYPE_PLAN_PAGE, i)) != NULL; i++)
    if (gtk_widget_get_mapped (page))
      return CO_PLAN_PAGE (page);
  g_error ("No plan page is shown");
}

static gboolean
grids_loaded (gpointer root)
{
  GtkWidget *grid;

  for (guint i = 0; (grid = find_widget (root, CO_TYPE_ROSTER_GRID, i)) != NULL; i++)
    if (co_roster_grid_is_loading (CO_ROSTER_GRID (grid)))
      return FALSE;
  return TRUE;
}

/* The roster's grids are read in a worker and laid out a few cells a frame. */
static void
wait_for_grids (CoTeamPage *team)
{
  wait_until (grids_loaded, team, "the roster's grids to be laid out");
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
      wait_for_idle ();
      page = mapped_plan_page (f);
      g_assert_true (co_plan_page_show_section (page, "team"));
      /* The section is filled as it shows. */
      wait_for_idle ();
      /* The group left's blocks are freed a frame each: its hidden button may still be there. */
      for (guint i = 0; (button = find_widget (GTK_WIDGET (page), ADW_TYPE_BUTTON_CONTENT, i)) != NULL; i++)
        if (g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (button)), "Assign a Role") == 0 &&
            gtk_widget_get_mapped (button))
          break;
      g_assert_nonnull (button);
      g_signal_emit_by_name (gtk_widget_get_parent (button), "clicked");
      /* Each waits for its empty row to show. */
      choose (GTK_WIDGET (page), "Person", "Zhang San");
      choose (GTK_WIDGET (page), "Role", "Host");
      wait_for_idle ();
    }

  co_window_show_place (f->window, "team");
  wait_for_idle ();
  team = CO_TEAM_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_TEAM_PAGE, 0));
  g_assert_true (co_team_page_show_section (team, "matrix"));
  /* The sections cross-fade: until the fade ends, the section left is mapped too. */
  wait_for_transitions (GTK_WIDGET (team));
  wait_for_grids (team);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (team), "Zhang San"), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (team), "Host"), ==, 2);

  /* Removing the person asks first, since they hold roles; the roles go with them and Undo
   * brings all back. */
  {
    g_autofree char *expander_field = g_strdup_printf ("expander:staff:%" G_GINT64_FORMAT, person);
    g_autoptr(AdwMessageDialog) dialog = NULL;
    GtkWidget *expander;
    GtkWidget *button = NULL;

    g_assert_true (co_team_page_show_field (team, expander_field));
    /* The page moves the focus when idle. */
    wait_for_idle ();
    expander = gtk_root_get_focus (GTK_ROOT (f->window));
    expander = gtk_widget_get_ancestor (expander, ADW_TYPE_EXPANDER_ROW);
    g_assert_nonnull (expander);
    for (guint i = 0; (button = find_widget (expander, GTK_TYPE_BUTTON, i)) != NULL; i++)
      if (g_strcmp0 (co_tooltip_get_text (button), "Remove") == 0)
        break;
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    dialog = wait_for_message_dialog ();
    g_assert_nonnull (co_list_get (f->store, CO_LIST_STAFF, person, NULL));  /* not yet */
    g_assert_nonnull (dialog);
    adw_message_dialog_response (dialog, "remove");
    wait_for_idle ();
    g_assert_null (co_list_get (f->store, CO_LIST_STAFF, person, NULL));
    g_assert_cmpuint (co_team_count_duties (f->store, person), ==, 0);
    button = wait_for_button (GTK_WIDGET (f->window), "_Undo");
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
  wait_for_idle ();
  team = CO_TEAM_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_TEAM_PAGE, 0));
  g_assert_true (co_team_page_show_field (team, field));
  /* The page moves the focus when idle. */
  wait_for_idle ();
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
  wait_for_idle ();
  g_clear_object (&role);
  role = co_list_get (f->store, CO_LIST_ROLES, host, NULL);
  g_assert_null (co_item_get (role, "name"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "Host");
}

typedef struct
{
  const char *title;
  GtkWindow  *window;
} Window;

static gboolean
find_window (gpointer data)
{
  Window *wanted = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (gtk_widget_get_mapped (GTK_WIDGET (window)) && g_strcmp0 (gtk_window_get_title (window), wanted->title) == 0)
        {
          wanted->window = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* The Team page's duty roster keeps each group's name in view while the week scrolls sideways,
 * and edits: a group's "Edit Shifts" opens its week and shifts over the page, where a day's +
 * adds a shift and its person is chosen; the store holds it and the roster shows it. */
static void
test_roster_pinned_and_edit (Fixture *f, gconstpointer data)
{
  Window shifts_window = { "Shifts of Literature Exchange Group 1", NULL };
  CoTeamPage *team;
  GtkWidget *cell = NULL, *grid, *heading, *edit = NULL, *add = NULL, *widget;
  g_autoptr(GListStore) shifts = NULL;
  g_autoptr(CoItem) shift = NULL;
  g_autofree char *person = NULL;
  gint64 group_id;
  int row = -1;

  co_window_show_place (f->window, "team");
  wait_for_idle ();
  team = CO_TEAM_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_TEAM_PAGE, 0));
  g_assert_true (co_team_page_show_section (team, "roster"));
  wait_for_transitions (GTK_WIDGET (team));
  wait_for_grids (team);

  /* The second group's name (Literature Exchange Group 1, with no shifts), in the pinned column,
   * and its Monday. */
  for (guint i = 0; (cell = find_widget (GTK_WIDGET (team), CO_TYPE_PINNED_CELL, i)) != NULL; i++)
    {
      grid = gtk_widget_get_parent (cell);
      gtk_grid_query_child (GTK_GRID (grid), cell, NULL, &row, NULL, NULL);
      if (gtk_widget_get_mapped (cell) && row == 2)
        break;
    }
  g_assert_nonnull (cell);
  heading = co_pinned_cell_get_child (CO_PINNED_CELL (cell));
  assert_pinned_when_scrolled (heading, gtk_grid_get_child_at (GTK_GRID (gtk_widget_get_parent (cell)), 1, 2));

  for (guint i = 0; (widget = find_widget (heading, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "team.edit-shifts") == 0)
      edit = widget;
  g_assert_nonnull (edit);
  group_id = g_variant_get_int64 (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (edit)));
  g_signal_emit_by_name (edit, "clicked");
  wait_until (find_window, &shifts_window, "the group's shifts to show");

  /* Monday's + adds a shift covering the day's active hours; its person is chosen below. */
  for (guint i = 0; (widget = find_widget (GTK_WIDGET (shifts_window.window), GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (co_tooltip_get_text (widget), "Add a Shift on Monday") == 0)
      add = widget;
  g_assert_nonnull (add);
  g_signal_emit_by_name (add, "clicked");
  shifts = co_list_items (f->store, CO_LIST_SHIFTS, group_id, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shifts)), ==, 1);
  choose (GTK_WIDGET (shifts_window.window), "Person", "Li Lei");
  co_list_editor_flush (CO_LIST_EDITOR (find_widget (GTK_WIDGET (shifts_window.window), CO_TYPE_LIST_EDITOR, 0)));

  g_clear_object (&shifts);
  shifts = co_list_items (f->store, CO_LIST_SHIFTS, group_id, NULL);
  shift = g_list_model_get_item (G_LIST_MODEL (shifts), 0);
  person = co_team_dup_name (f->store, CO_LIST_STAFF, co_item_get_int (shift, "staff_id", 0));
  g_assert_cmpstr (person, ==, "Li Lei");
  g_assert_cmpstr (co_item_get (shift, "weekday"), ==, "mon");
  /* The Team page's roster, under the window, shows it once read again. */
  wait_for_grids (team);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (team), "08:00–23:00 Li Lei"), ==, 1);
  gtk_window_destroy (shifts_window.window);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("assign-and-matrix", TRUE, test_assign_and_matrix);
  GUI_TEST_ADD ("builtin-role-defaults", TRUE, test_builtin_role_defaults);
  GUI_TEST_ADD ("roster-pinned-and-edit", TRUE, test_roster_pinned_and_edit);

  return g_test_run ();
}
