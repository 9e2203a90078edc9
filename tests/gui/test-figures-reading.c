/* test-figures-reading.c: the Daily Figures grid read in a worker: while a day is read the
 * spinner turns and the grid shown, another day's, takes no typing; a day asked for and left
 * before it was read never shows; the rows come a few a frame after the reading, and a cell
 * being typed in when the day changes saves to its own day. */
#include "config.h"

#include "core/groups/co-group.h"
#include "core/reports/co-figures.h"
#include "gui/figures/co-figures-page.h"
#include "gui/widgets/co-spinner.h"
#include "gui-test-util.h"

static guint
count_cells (GtkWidget *page)
{
  guint n = 0;

  while (find_widget (page, GTK_TYPE_ENTRY, n) != NULL)
    n++;
  return n;
}

static gboolean
spinner_stopped (gpointer data)
{
  return !co_spinner_is_busy (GTK_SPINNER (find_widget (data, GTK_TYPE_SPINNER, 0)));
}

static gint64
messages_of (Fixture    *f,
             gint64      group_id,
             const char *date)
{
  CoDayFigures day;

  g_assert_true (co_figures_get (f->store, group_id, date, &day, NULL));
  return day.values[CO_FIGURE_MESSAGES];
}

static void
test_figures_read_in_worker (Fixture *f, gconstpointer data)
{
  /* Days long before the sample's figures. */
  const char *day_a = "2021-03-01", *day_b = "2021-03-02", *day_c = "2021-03-03";
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);
  g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), 0);
  gint64 group_id = co_group_get_id (group);
  GtkWidget *page = find_widget (GTK_WIDGET (f->window), CO_TYPE_FIGURES_PAGE, 0);
  GtkWidget *cell;

  g_assert_true (co_group_set_field (f->store, group_id, CO_GROUP_FIELD_FOUNDING_DATE, "2020-01-01", NULL));
  g_assert_true (co_figures_set (f->store, group_id, day_a, CO_FIGURE_MESSAGES, "111", NULL));
  g_assert_true (co_figures_set (f->store, group_id, day_b, CO_FIGURE_MESSAGES, "222", NULL));
  co_window_show_place (f->window, "figures");
  g_assert_nonnull (co_figures_page_get_entry (CO_FIGURES_PAGE (page), group_id, CO_FIGURE_MESSAGES));

  /* Day A asked for and left at once for day B: while they are read, the grid shown takes no
   * typing; A's reading is dropped, B's shows, and its rows come after it, a few a frame. */
  co_figures_page_set_date (CO_FIGURES_PAGE (page), day_a);
  co_figures_page_set_date (CO_FIGURES_PAGE (page), day_b);
  g_assert_false (spinner_stopped (page));
  g_assert_false (gtk_widget_is_sensitive (find_widget (page, GTK_TYPE_ENTRY, 0)));
  wait_until (spinner_stopped, page, "day B to be read");
  g_assert_cmpuint (count_cells (page), ==, 0);
  cell = co_figures_page_get_entry (CO_FIGURES_PAGE (page), group_id, CO_FIGURE_MESSAGES);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "222");
  g_assert_true (gtk_widget_is_sensitive (cell));
  g_assert_cmpuint (count_cells (page), >=, CO_N_FIGURES);

  /* A cell typed in when the day changes is saved to its own day, not to the one asked for. */
  gtk_widget_grab_focus (cell);
  gtk_editable_set_text (GTK_EDITABLE (cell), "333");
  co_figures_page_set_date (CO_FIGURES_PAGE (page), day_c);
  g_assert_cmpint (messages_of (f, group_id, day_b), ==, 333);
  g_assert_cmpint (messages_of (f, group_id, day_c), ==, CO_FIGURE_UNSET);
  wait_until (spinner_stopped, page, "day C to be read");
  g_assert_cmpint (messages_of (f, group_id, day_c), ==, CO_FIGURE_UNSET);
  cell = co_figures_page_get_entry (CO_FIGURES_PAGE (page), group_id, CO_FIGURE_MESSAGES);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cell)), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("figures-read-in-worker", TRUE, test_figures_read_in_worker);

  return g_test_run ();
}
