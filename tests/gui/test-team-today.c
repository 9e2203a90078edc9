/* test-team-today.c: the Team place's On Duty Now, read in a worker and shown a few rows a
 * frame: with more groups than it lists, those with somebody on duty come first and the others
 * are counted in a last row; read again after a change, it shows the change in the rows it had. */
#include "config.h"

#include "core/groups/co-group.h"
#include "core/records/co-choices.h"
#include "core/records/co-list.h"
#include "gui/team/co-team-page.h"
#include "gui-test-util.h"

#define N_GROUPS 120
/* The rows On Duty Now lists on its own (MAX_DUTY_ROWS of co-team-page.c), the last one
 * counting the groups left over. */
#define N_ROWS 100

static GtkListBox *
on_duty_list (GtkWidget *team)
{
  GtkWidget *group, *list;

  /* The group's own list of rows, empty, is hidden; the page's is the one shown. */
  for (guint i = 0; (group = find_widget (team, ADW_TYPE_PREFERENCES_GROUP, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), "On Duty Now") == 0)
      for (guint l = 0; (list = find_widget (group, GTK_TYPE_LIST_BOX, l)) != NULL; l++)
        if (gtk_widget_get_visible (list))
          return GTK_LIST_BOX (list);
  g_error ("On Duty Now is not on the Team place");
}

static AdwActionRow *
row_at (GtkWidget *team,
        guint      index)
{
  return ADW_ACTION_ROW (gtk_list_box_get_row_at_index (on_duty_list (team), (int) index));
}

typedef struct
{
  GtkWidget  *team;
  guint       index;
  const char *title;   /* what the row at @index says once the reading shows */
} Shown;

static gboolean
rows_shown (gpointer data)
{
  Shown *shown = data;
  AdwActionRow *row = row_at (shown->team, shown->index);

  return row != NULL && row_at (shown->team, N_ROWS - 1) != NULL && row_at (shown->team, N_ROWS) == NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), shown->title) == 0;
}

/* A shift of "Li Lei" in @group_id covering the whole of today. */
static void
add_shift (Fixture *f,
           gint64   person,
           gint64   group_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *person_text = g_strdup_printf ("%" G_GINT64_FORMAT, person);
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
  gint64 shift = co_list_add (f->store, CO_LIST_SHIFTS, group_id, NULL);

  g_assert_cmpint (shift, >, 0);
  g_assert_true (co_list_set (f->store, CO_LIST_SHIFTS, shift, "staff_id", person_text, NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SHIFTS, shift, "weekday",
                              weekdays[g_date_time_get_day_of_week (now) - 1].keyword, NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SHIFTS, shift, "start_time", "00:00", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SHIFTS, shift, "end_time", "23:59", NULL));
}

static void
test_on_duty_capped (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 groups[N_GROUPS];
  gint64 person = co_list_add (f->store, CO_LIST_STAFF, 0, NULL);
  GtkWidget *team;
  AdwActionRow *first_row;
  Shown shown;

  /* The shifts end at 23:59: in the day's last minute nobody is on duty. */
  if (g_date_time_get_hour (now) == 23 && g_date_time_get_minute (now) >= 58)
    {
      g_test_skip ("the shifts of the test end at 23:59");
      return;
    }
  g_assert_true (co_list_set (f->store, CO_LIST_STAFF, person, "name", "Li Lei", NULL));
  for (guint i = 0; i < N_GROUPS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Group %03u", i);

      groups[i] = co_group_create (f->store, name, 0, NULL);
      g_assert_cmpint (groups[i], >, 0);
    }
  /* Far down the groups' order, past the rows listed. */
  add_shift (f, person, groups[110]);

  co_window_show_place (f->window, "team");
  team = find_widget (GTK_WIDGET (f->window), CO_TYPE_TEAM_PAGE, 0);
  shown = (Shown) { team, N_ROWS - 1, "21 more groups" };
  wait_until (rows_shown, &shown, "On Duty Now to show its rows");
  first_row = row_at (team, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first_row)), ==, "Group 110");
  g_assert_cmpstr (adw_action_row_get_subtitle (first_row), ==, "Li Lei");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_at (team, 1))), ==, "Group 000");
  g_assert_cmpstr (adw_action_row_get_subtitle (row_at (team, 1)), ==, "Nobody on duty");
  g_assert_cmpstr (adw_action_row_get_subtitle (row_at (team, N_ROWS - 1)), ==, "Nobody on duty");

  /* Somebody on duty in one more group, past the rows listed too: read again, the same rows
   * show it second, the groups with nobody on duty after them. */
  add_shift (f, person, groups[115]);
  shown = (Shown) { team, 1, "Group 115" };
  wait_until (rows_shown, &shown, "On Duty Now to show the second shift");
  g_assert_true (row_at (team, 0) == first_row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_at (team, N_ROWS - 1))), ==,
                   "21 more groups");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_at (team, 1))), ==, "Group 115");
  g_assert_cmpstr (adw_action_row_get_subtitle (row_at (team, 1)), ==, "Li Lei");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_at (team, 2))), ==, "Group 000");
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("team-on-duty-capped", FALSE, test_on_duty_capped);

  return g_test_run ();
}
