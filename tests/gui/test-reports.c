/* test-reports.c: the Reports page: two years of days in a chart whose every point can be
 * hovered, tables without "nan" or "inf", the report exported as PDF in a worker, a new group's
 * weekly report, and the charts' caption. */
#include "config.h"

#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-figures.h"
#include "gui/reports/co-reports-page.h"
#include "gui/widgets/co-chart.h"
#include "gui/widgets/co-pdf-export.h"
#include "gui-test-util.h"

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
  /* The page reads the store when idle after a change (or when its table is asked for), and the
   * charts shown get their size when the window next lays out. */
  wait_for_idle ();
  wait_for_frame (GTK_WIDGET (reports));
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
  table = co_reports_page_get_table (reports);
  g_assert_cmpstr (co_table_get (table, 0, 0), ==, "Week Joined");
  g_assert_cmpuint (co_table_get_n_rows (table), >, 10);
  adw_view_stack_set_visible_child_name (views, "figures");
  table = co_reports_page_get_table (reports);
  g_assert_cmpuint (co_table_get_n_rows (table), ==, CO_N_MEASURES + 1);
  for (guint row = 1; row < co_table_get_n_rows (table); row++)
    for (guint column = 1; column < 4; column++)
      {
        g_assert_null (strstr (co_table_get (table, row, column), "nan"));
        g_assert_null (strstr (co_table_get (table, row, column), "inf"));
      }
}

static gboolean
export_done (gpointer data)
{
  return !co_pdf_export_running (data);
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
  CoDocument *document;

  co_window_show_place (f->window, "reports");
  document = co_reports_page_make_document (reports, &error);
  g_assert_no_error (error);
  co_pdf_export (GTK_WIDGET (reports), document, file);
  g_assert_true (co_pdf_export_running (GTK_WIDGET (reports)));
  /* As long as before the split: a slow machine writes the document's pages slowly. */
  wait_until_within (20, export_done, reports, "the PDF export's worker to finish");
  g_assert_false (co_pdf_export_running (GTK_WIDGET (reports)));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* Whole: a PDF ends with its end-of-file marker. */
  g_assert_cmpuint (length, >, 1000);
  g_assert_nonnull (g_strstr_len (contents + length - 16, 16, "%%EOF"));
  test_remove_tree (dir);
}

static gboolean
label_starting_with (GtkWidget  *root,
                     const char *start)
{
  GtkWidget *label;

  for (guint i = 0; (label = find_widget (root, GTK_TYPE_LABEL, i)) != NULL; i++)
    if (gtk_widget_get_mapped (label) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)), start))
      return TRUE;
  return FALSE;
}

static const char *
key_figure_value (CoTable    *table,
                  const char *title)
{
  for (guint row = 1; row < co_table_get_n_rows (table); row++)
    if (g_str_equal (co_table_get (table, row, 0), "Key Figures") && g_str_equal (co_table_get (table, row, 1), title))
      return co_table_get (table, row, 2);
  g_assert_not_reached ();
}

/* A group with one day of figures (5 active members): its weekly report shows DAU 5.0 and WAU
 * at least 5, says it is the first week, names in one line the figures it has not, and shows no
 * "—" or "— (last week —)". A group with none shows
 * a status instead of twelve empty cards. The charts of a week say they show 30 days, and why. */
static void
test_reports_new_group_week (Fixture *f, gconstpointer data)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  g_autoptr(GError) error = NULL;
  gint64 fresh = co_group_create (f->store, "Brand New Group", 0, &error);
  gint64 empty = co_group_create (f->store, "Empty Group", 0, &error);
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  AdwViewStack *views = ADW_VIEW_STACK (find_widget (GTK_WIDGET (reports), ADW_TYPE_VIEW_STACK, 0));
  CoDayFigures day;
  CoTable *table;

  g_assert_no_error (error);
  co_day_figures_init (&day, fresh, yesterday);
  day.values[CO_FIGURE_ACTIVE] = 5;
  g_assert_true (co_figures_put (f->store, &day, &error));
  wait_for_idle ();

  co_window_show_place (f->window, "reports");
  co_reports_page_show_week (reports, fresh, yesterday);
  adw_view_stack_set_visible_child_name (views, "weekly");
  table = co_reports_page_get_table (reports);
  wait_for_transitions (GTK_WIDGET (reports));
  g_assert_cmpstr (key_figure_value (table, "DAU"), ==, "5.0");
  g_assert_cmpstr (key_figure_value (table, "WAU"), ==, "≥ 5");
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (reports), "— (last week —)"), ==, 0);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (reports), "First week with figures"), ==, 2);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (reports), "—"), ==, 0);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (reports),
                                         "No figures this week or last for: Members, Net Growth, Messages, "
                                         "Interaction Rate, Invitations Sent, Acceptance Rate, Registrations, "
                                         "Conversions, Content Posts, Quality Feedback."), ==, 1);
  g_assert_true (label_starting_with (GTK_WIDGET (reports), "The first week with figures: none before "));
  save_screenshot (GTK_WIDGET (f->window), "reports-new-group-week");

  co_reports_page_show_week (reports, empty, yesterday);
  table = co_reports_page_get_table (reports);
  wait_for_transitions (GTK_WIDGET (reports));
  g_assert_nonnull (find_status_page (f, "No Figures Yet"));
  g_assert_false (label_starting_with (GTK_WIDGET (reports), "No figures this week or last for: "));

  adw_view_stack_set_visible_child_name (views, "charts");
  table = co_reports_page_get_table (reports);
  wait_for_transitions (GTK_WIDGET (reports));
  g_assert_true (label_starting_with (GTK_WIDGET (reports), "The 30 days up to "));
  save_screenshot (GTK_WIDGET (f->window), "reports-week-charts");
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("reports-long-range", TRUE, test_reports_long_range);
  GUI_TEST_ADD ("reports-export-pdf", TRUE, test_reports_export_pdf);
  GUI_TEST_ADD ("reports-new-group-week", TRUE, test_reports_new_group_week);

  return g_test_run ();
}
