/* test-today.c: the Today place lists the sample's coming activities with their
 * announcements. */
#include "config.h"

#include <string.h>

#include "gui/today/co-today-page.h"
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

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("today-page", TRUE, test_today_page);

  return g_test_run ();
}
