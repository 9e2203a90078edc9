/* test-reports.c: the Reports page: two years of days in a chart whose every point can be
 * hovered, tables without "nan" or "inf", the report exported as PDF in a worker, a new group's
 * weekly report, the charts' caption, and figures read in a worker behind a spinner, the result
 * of a period changed meanwhile never shown. */
#include "config.h"

#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-figures.h"
#include "core/reports/co-report.h"
#include "gui/reports/co-reports-page.h"
#include "gui/widgets/co-chart.h"
#include "gui/widgets/co-pdf-export.h"
#include "gui/widgets/co-spinner.h"
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

typedef struct
{
  CoReportsPage *reports;
  const char    *stale_title;
  gboolean       stale_seen;
} Superseded;

/* Every request back, the superseded one too; notes meanwhile whether the superseded period's
 * figures ever showed. */
static gboolean
all_back_watching (gpointer data)
{
  Superseded *watch = data;

  watch->stale_seen |= count_mapped_labels (GTK_WIDGET (watch->reports), watch->stale_title) > 0;
  /* Back, and the view shown whole (it comes a few widgets a frame). */
  return co_reports_page_get_n_running (watch->reports) == 0 && !co_reports_page_is_computing (watch->reports);
}

static gboolean
is_computing (gpointer data)
{
  return co_reports_page_is_computing (data);
}

static char *
figures_title (const char *from,
               const char *to)
{
  g_autofree char *from_text = co_date_format_display (from);
  g_autofree char *to_text = co_date_format_display (to);

  return g_strdup_printf ("All Groups · %s – %s", from_text, to_text);
}

/* The period changed twice quickly: a spinner shows while the figures are read in a worker,
 * the window's controls stay usable, and the figures shown are the second period's, the first
 * one's result dropped, never shown even for a moment. */
static void
test_reports_period_superseded (Fixture *f, gconstpointer data)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *first_to = co_date_add_days (today, -1);
  /* Ten days: never a calendar week, which the page showed first (seven days to yesterday were
   * last week on a Monday, and the week's title was taken for the stale period's). */
  g_autofree char *first_from = co_date_add_days (today, -10);
  g_autofree char *second_to = co_date_add_days (today, -120);
  g_autofree char *second_from = co_date_add_days (today, -180);
  g_autofree char *first_title = figures_title (first_from, first_to);
  g_autofree char *second_title = figures_title (second_from, second_to);
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  GtkWidget *spinner = find_widget (GTK_WIDGET (reports), GTK_TYPE_SPINNER, 0);
  GtkWidget *period = find_widget (GTK_WIDGET (reports), GTK_TYPE_DROP_DOWN, 1);
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CoReport) expected = NULL, first = NULL;
  g_autoptr(CoTable) expected_table = NULL, first_table = NULL;
  Superseded watch = { reports, first_title, FALSE };
  gboolean differ = FALSE;
  CoTable *table;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);
      if (!co_group_get_archived (group))
        g_array_append_val (ids, id);
    }
  expected = co_report_new (f->store, (gint64 *) ids->data, ids->len, second_from, second_to, today, NULL);
  first = co_report_new (f->store, (gint64 *) ids->data, ids->len, first_from, first_to, today, NULL);
  expected_table = co_report_table (expected);
  first_table = co_report_table (first);
  /* Else the test could not tell the two periods' figures apart. */
  for (guint row = 1; row < co_table_get_n_rows (expected_table); row++)
    differ |= g_strcmp0 (co_table_get (expected_table, row, 1), co_table_get (first_table, row, 1)) != 0;
  g_assert_true (differ);

  co_window_show_place (f->window, "reports");
  co_reports_page_show_week (reports, 0, first_to);
  co_reports_page_get_table (reports);
  g_assert_false (co_reports_page_is_computing (reports));
  g_assert_false (gtk_widget_get_mapped (spinner));

  /* The first period: its request starts when idle, and the spinner shows. */
  co_reports_page_set_period (reports, first_from, first_to);
  wait_until (is_computing, reports, "the first period's figures to be asked for");
  g_assert_true (gtk_widget_get_mapped (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_true (gtk_widget_is_sensitive (period));
  /* Changed again before the first came back. */
  co_reports_page_set_period (reports, second_from, second_to);
  g_assert_cmpuint (co_reports_page_get_n_running (reports), ==, 2);
  wait_until (all_back_watching, &watch, "both periods' results");
  g_assert_false (watch.stale_seen);
  g_assert_false (co_reports_page_is_computing (reports));
  g_assert_false (gtk_widget_get_mapped (spinner));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (reports), second_title), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (reports), first_title), ==, 0);
  table = co_reports_page_get_table (reports);
  g_assert_cmpuint (co_table_get_n_rows (table), ==, co_table_get_n_rows (expected_table));
  for (guint row = 1; row < co_table_get_n_rows (table); row++)
    for (guint column = 0; column < 4; column++)
      g_assert_cmpstr (co_table_get (table, row, column), ==, co_table_get (expected_table, row, column));
}

static gboolean
spinner_stopped (gpointer data)
{
  return !co_spinner_is_busy (data);
}

/* Export as PDF makes the document in a worker (a thousand groups' report reads for seconds):
 * the call comes back at once with the spinner turning; the file chooser follows. */
static void
test_reports_export_pdf_in_worker (Fixture *f, gconstpointer data)
{
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  GtkWidget *spinner = find_widget (GTK_WIDGET (reports), GTK_TYPE_SPINNER, 0);
  GtkWidget *chooser = NULL;

  co_window_show_place (f->window, "reports");
  co_reports_page_get_table (reports);
  wait_until (spinner_stopped, spinner, "the figures shown");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reports), "reports.export-pdf", NULL));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_true (gtk_widget_get_mapped (spinner));
  wait_until (spinner_stopped, spinner, "the document made");
  /* The chooser, offering the period's file name. */
  for (guint i = 0; chooser == NULL && i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (gtk_window_get_toplevels (), i);
      if (GTK_IS_FILE_CHOOSER (window))
        chooser = GTK_WIDGET (window);
    }
  g_assert_nonnull (chooser);
  g_assert_true (g_str_has_prefix (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser)), "report-"));
  gtk_window_destroy (GTK_WINDOW (chooser));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("reports-long-range", TRUE, test_reports_long_range);
  GUI_TEST_ADD ("reports-export-pdf", TRUE, test_reports_export_pdf);
  GUI_TEST_ADD ("reports-export-pdf-in-worker", TRUE, test_reports_export_pdf_in_worker);
  GUI_TEST_ADD ("reports-new-group-week", TRUE, test_reports_new_group_week);
  GUI_TEST_ADD ("reports-period-superseded", TRUE, test_reports_period_superseded);

  return g_test_run ();
}
