/* test-today.c: the Today place lists the sample's coming activities with their
 * announcements; with nobody on duty, it says where shifts are set and goes to the roster. */
#include "config.h"

#include <string.h>

#include "gui/team/co-team-page.h"
#include "gui/today/co-today-page.h"
#include "gui/widgets/co-roster-grid.h"
#include "gui-test-util.h"

/* Today lists the sample's coming activities with their announcements. */
static void
test_today_page (Fixture *f, gconstpointer data)
{
  GtkWidget *today = find_widget (GTK_WIDGET (f->window), CO_TYPE_TODAY_PAGE, 0);
  GtkWidget *row;
  gboolean evening = FALSE, seeds = FALSE;

  co_window_show_place (f->window, "today");
  /* The page reads the store when first shown, and when idle after a change. */
  wait_for_idle ();
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

static gboolean
team_roster_mapped (gpointer data)
{
  Fixture *f = data;
  GtkWidget *team = find_widget (GTK_WIDGET (f->window), CO_TYPE_TEAM_PAGE, 0);
  GtkWidget *grid;

  for (guint i = 0; (grid = find_widget (team, CO_TYPE_ROSTER_GRID, i)) != NULL; i++)
    if (gtk_widget_get_mapped (grid) &&
        g_str_equal (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (grid)), "The Week"))
      return TRUE;
  return FALSE;
}

/* With nobody on duty, Today says that shifts are set in each group's plan, and its button
 * shows the Team page's roster, where each group's week leads to them. */
static void
test_nobody_on_duty (Fixture *f, gconstpointer data)
{
  GtkWidget *today = find_widget (GTK_WIDGET (f->window), CO_TYPE_TODAY_PAGE, 0);
  GtkWidget *row, *button;
  gboolean said = FALSE;

  co_window_show_place (f->window, "today");
  wait_for_idle ();
  for (guint i = 0; (row = find_widget (today, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Nobody is on duty right now"))
      {
        said = TRUE;
        g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "the Team page’s Duty Roster"));
        g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "set on the Team page"));
      }
  g_assert_true (said);
  button = wait_for_button (today, "_Duty Roster");
  g_signal_emit_by_name (button, "clicked");
  wait_until (team_roster_mapped, f, "the Team page's duty roster to show");
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("today-page", TRUE, test_today_page);
  /* An empty workspace: nobody is on duty at any hour. */
  GUI_TEST_ADD ("nobody-on-duty", FALSE, test_nobody_on_duty);

  return g_test_run ();
}
