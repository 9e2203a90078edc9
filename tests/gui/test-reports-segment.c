/* test-reports-segment.c: a saved segment in the Reports scope chooser: chosen, its report is
 * read in the worker behind the spinner and shows only what applies to a set of people, the
 * charts say they do not apply, and the PDF's document is the segment's. */
#include "config.h"

#include <string.h>

#include "core/formats/co-date.h"
#include "core/members/co-segment.h"
#include "core/reports/co-report.h"
#include "gui/reports/co-reports-page.h"
#include "gui/widgets/co-chart.h"
#include "gui-test-util.h"

/* Mapped labels whose text holds @part. */
static guint
count_mapped_labels_containing (GtkWidget  *root,
                                const char *part)
{
  GtkWidget *label;
  guint n = 0;

  for (guint i = 0; (label = find_widget (root, GTK_TYPE_LABEL, i)) != NULL; i++)
    n += gtk_widget_get_mapped (label) && strstr (gtk_label_get_label (GTK_LABEL (label)), part) != NULL;
  return n;
}

static gboolean
is_idle (gpointer data)
{
  return co_reports_page_get_n_running (data) == 0 && !co_reports_page_is_computing (data);
}

static void
test_reports_segment (Fixture *f, gconstpointer data)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  g_autoptr(CoSegmentFilter) filter = co_segment_filter_new ();
  g_autoptr(GError) error = NULL;
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  AdwViewStack *views = ADW_VIEW_STACK (find_widget (GTK_WIDGET (reports), ADW_TYPE_VIEW_STACK, 0));
  GtkDropDown *scope = GTK_DROP_DOWN (find_widget (GTK_WIDGET (reports), GTK_TYPE_DROP_DOWN, 0));
  GtkWidget *spinner = find_widget (GTK_WIDGET (reports), GTK_TYPE_SPINNER, 0);
  GtkWidget *chart;
  GListModel *titles;
  guint position = GTK_INVALID_LIST_POSITION;
  CoTable *table;
  CoDocument *document;

  filter->core = 1;
  g_assert_cmpint (co_segment_add (f->store, "Core People", filter, &error), >, 0);
  g_assert_no_error (error);
  wait_for_idle ();

  co_window_show_place (f->window, "reports");
  co_reports_page_show_week (reports, 0, yesterday);
  co_reports_page_get_table (reports);
  wait_until (is_idle, reports, "the first report");
  titles = gtk_drop_down_get_model (scope);
  for (guint i = 0; i < g_list_model_get_n_items (titles); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (titles), i), "Core People (Segment)"))
      position = i;
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);

  /* Chosen: read in the worker, the spinner turning meanwhile. */
  adw_view_stack_set_visible_child_name (views, "figures");
  gtk_drop_down_set_selected (scope, position);
  wait_until ((WaitCondition) co_reports_page_is_computing, reports, "the segment's report to be asked for");
  g_assert_true (gtk_widget_get_mapped (spinner));
  save_screenshot (GTK_WIDGET (f->window), "reports-segment-computing");
  wait_until (is_idle, reports, "the segment's report");
  table = co_reports_page_get_table (reports);
  /* The measures of a set of people only, none of the daily figures'. */
  g_assert_cmpuint (co_table_get_n_rows (table), ==, 1 + 9);
  for (guint row = 1; row < co_table_get_n_rows (table); row++)
    g_assert_cmpstr (co_table_get (table, row, 0), !=, "Messages");
  g_assert_true (count_mapped_labels_containing (GTK_WIDGET (reports), "of this segment today, in any group") == 1);
  save_screenshot (GTK_WIDGET (f->window), "reports-segment");

  /* The charts are of daily figures: they say so, and show none. */
  adw_view_stack_set_visible_child_name (views, "charts");
  co_reports_page_get_table (reports);
  wait_until (is_idle, reports, "the segment's charts");
  chart = find_widget (GTK_WIDGET (reports), CO_TYPE_CHART, 0);
  g_assert_false (gtk_widget_get_mapped (chart));
  g_assert_true (count_mapped_labels_containing (GTK_WIDGET (reports), "they do not apply to a segment") == 1);

  document = co_reports_page_make_document (reports, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  co_document_free (document);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("reports-segment", TRUE, test_reports_segment);

  return g_test_run ();
}
