/* test-reveal.c: a view shown a few widgets a frame (co-reveal.h). The Weekly Report on the
 * sample arrives with its bottom hidden, then everything shown in order within
 * some frames; so do the Reports place's first view, the figures, whose goal rows would hold
 * the page's first frame for several; a part holding the focus is never hidden; an owner not shown shows all at once;
 * in batches (Today's task rows), none is shown before the frame after the next, then as many
 * each frame; with a most (Reports), never more than it a frame. */
#include "config.h"

#include "gui/reports/co-reports-page.h"
#include "gui/today/co-today-page.h"
#include "gui/widgets/co-reveal.h"
#include "gui-test-util.h"

static gboolean
data_arrived (gpointer data)
{
  return co_reports_page_get_n_running (data) == 0;
}

static gboolean
shown_whole (gpointer data)
{
  return !co_reports_page_is_computing (data);
}

static gboolean
today_shown (gpointer data)
{
  return !co_today_page_is_loading (data);
}

/* Today's sections come a few rows a frame, then all of them are there. */
static void
test_today (Fixture *f, gconstpointer data)
{
  CoTodayPage *today = CO_TODAY_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_TODAY_PAGE, 0));

  co_window_show_place (f->window, "today");
  wait_until (today_shown, today, "Today read and shown whole");
  wait_for_frame (GTK_WIDGET (today));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (today), "Goals at Risk"), ==, 1);
  save_screenshot (GTK_WIDGET (f->window), "reveal-today");
}

static void
test_weekly (Fixture *f, gconstpointer data)
{
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  AdwViewStack *views = ADW_VIEW_STACK (find_widget (GTK_WIDGET (reports), ADW_TYPE_VIEW_STACK, 0));
  guint hidden_at_first;

  co_window_show_place (f->window, "reports");
  wait_until (shown_whole, reports, "the figures view");
  adw_view_stack_set_visible_child_name (views, "weekly");
  wait_until ((WaitCondition) co_reports_page_is_computing, reports, "the weekly report to be asked for");
  wait_until (data_arrived, reports, "the weekly report's data");
  /* The problem log at the bottom is not shown yet. */
  hidden_at_first = count_mapped_labels (GTK_WIDGET (reports), "Problems and Suggestions");
  g_assert_cmpuint (hidden_at_first, ==, 0);
  g_assert_true (co_reports_page_is_computing (reports));
  wait_until (shown_whole, reports, "the weekly report shown whole");
  wait_for_frame (GTK_WIDGET (reports));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (reports), "Problems and Suggestions"), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (reports), "Highlights"), ==, 1);
  save_screenshot (GTK_WIDGET (f->window), "reveal-weekly");
}

/* The action rows under @root (the goals), and how many of them are shown. */
static guint
count_rows (GtkWidget *root,
            guint     *n_mapped)
{
  GtkWidget *row;
  guint n = 0;

  *n_mapped = 0;
  for (; (row = find_widget (root, ADW_TYPE_ACTION_ROW, n)) != NULL; n++)
    *n_mapped += gtk_widget_get_mapped (row);
  return n;
}

static void
test_figures (Fixture *f, gconstpointer data)
{
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  guint n_rows, n_mapped;

  co_window_show_place (f->window, "reports");
  wait_until ((WaitCondition) co_reports_page_is_computing, reports, "the figures to be asked for");
  wait_until (data_arrived, reports, "the figures' data");
  /* The table first; the goals after it, a few a frame: the last is not shown yet. */
  n_rows = count_rows (GTK_WIDGET (reports), &n_mapped);
  g_assert_cmpuint (n_rows, >=, 10);
  g_assert_cmpuint (n_mapped, <, n_rows);
  g_assert_true (co_reports_page_is_computing (reports));
  wait_until (shown_whole, reports, "the figures shown whole");
  wait_for_frame (GTK_WIDGET (reports));
  g_assert_cmpuint (count_rows (GTK_WIDGET (reports), &n_mapped), ==, n_rows);
  g_assert_cmpuint (n_mapped, ==, n_rows);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (reports), "Goals"), ==, 1);
  save_screenshot (GTK_WIDGET (f->window), "reveal-figures");
}

static void
test_focus_and_unmapped (Fixture *f, gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *labels[10];
  CoReveal reveal;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_box_append (GTK_BOX (box), labels[i] = gtk_label_new ("row"));
  gtk_box_append (GTK_BOX (box), entry);
  gtk_window_set_child (GTK_WINDOW (window), box);

  /* Not shown: nothing paces the showing, so all of it is shown at once. */
  co_reveal_init (&reveal, box);
  co_reveal_add_tree (&reveal, box);
  co_reveal_start (&reveal);
  g_assert_false (co_reveal_is_pending (&reveal));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_assert_true (gtk_widget_get_visible (labels[i]));

  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (entry);
  g_assert_true (gtk_widget_get_focus_child (entry) != NULL || gtk_widget_has_focus (entry));
  co_reveal_add_tree (&reveal, box);
  /* The field being typed in stays; the rows are hidden, then shown in order. */
  g_assert_true (gtk_widget_get_visible (entry));
  g_assert_false (gtk_widget_get_visible (labels[0]));
  co_reveal_start (&reveal);
  g_assert_true (gtk_widget_get_visible (labels[0]));
  g_assert_false (gtk_widget_get_visible (labels[G_N_ELEMENTS (labels) - 1]));
  g_assert_true (co_reveal_is_pending (&reveal));
  wait_until ((WaitCondition) gtk_widget_get_visible, labels[G_N_ELEMENTS (labels) - 1], "the last row shown");
  g_assert_false (co_reveal_is_pending (&reveal));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_assert_true (gtk_widget_get_visible (labels[i]));
  co_reveal_clear (&reveal);
  gtk_window_destroy (GTK_WINDOW (window));
}

static guint n_frames;

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  n_frames++;
  return G_SOURCE_CONTINUE;
}

static guint
count_visible (GtkWidget **labels,
               guint       n_labels)
{
  guint n = 0;

  for (guint i = 0; i < n_labels; i++)
    n += gtk_widget_get_visible (labels[i]);
  return n;
}

static void
test_batch (Fixture *f, gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *labels[12];
  CoReveal reveal;
  guint counter, first_frame;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_box_append (GTK_BOX (box), labels[i] = gtk_label_new ("row"));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));

  co_reveal_init (&reveal, box);
  co_reveal_set_batch (&reveal, 5);
  co_reveal_add_tree (&reveal, box);
  co_reveal_start (&reveal);
  /* None now: the next frame may be a page's first, the costliest. */
  g_assert_cmpuint (count_visible (labels, G_N_ELEMENTS (labels)), ==, 0);
  counter = gtk_widget_add_tick_callback (window, count_frame, NULL, NULL);
  first_frame = n_frames;
  wait_until ((WaitCondition) gtk_widget_get_visible, labels[0], "the first batch shown");
  /* Five at once, in order, in the frame after the next at the earliest. */
  g_assert_cmpuint (n_frames - first_frame, >=, 2);
  g_assert_cmpuint (count_visible (labels, G_N_ELEMENTS (labels)), ==, 5);
  g_assert_true (gtk_widget_get_visible (labels[4]));
  wait_until ((WaitCondition) gtk_widget_get_visible, labels[5], "the second batch shown");
  g_assert_cmpuint (count_visible (labels, G_N_ELEMENTS (labels)), ==, 10);
  wait_until ((WaitCondition) gtk_widget_get_visible, labels[G_N_ELEMENTS (labels) - 1], "the last row shown");
  g_assert_cmpuint (count_visible (labels, G_N_ELEMENTS (labels)), ==, G_N_ELEMENTS (labels));
  g_assert_false (co_reveal_is_pending (&reveal));
  gtk_widget_remove_tick_callback (window, counter);
  co_reveal_clear (&reveal);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkWidget **labels;
  guint       n_labels;
  guint       last;       /* visible at the last frame */
  guint       most_new;   /* the most shown between two frames */
} Growth;

static gboolean
count_growth (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  Growth *growth = data;
  guint now = count_visible (growth->labels, growth->n_labels);

  growth->most_new = MAX (growth->most_new, now - growth->last);
  growth->last = now;
  return G_SOURCE_CONTINUE;
}

/* At most so many a frame: cheap labels would grow the number to sixteen. */
static void
test_most (Fixture *f, gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *labels[40];
  Growth growth = { labels, G_N_ELEMENTS (labels), 0, 0 };
  CoReveal reveal;
  guint counter;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_box_append (GTK_BOX (box), labels[i] = gtk_label_new ("row"));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));

  co_reveal_init (&reveal, box);
  co_reveal_set_most (&reveal, 2);
  co_reveal_add_tree (&reveal, box);
  co_reveal_start (&reveal);
  growth.last = count_visible (labels, G_N_ELEMENTS (labels));
  g_assert_cmpuint (growth.last, <=, 2);
  counter = gtk_widget_add_tick_callback (window, count_growth, &growth, NULL);
  wait_until ((WaitCondition) gtk_widget_get_visible, labels[G_N_ELEMENTS (labels) - 1], "the last row shown");
  g_assert_cmpuint (growth.most_new, <=, 2);
  g_assert_false (co_reveal_is_pending (&reveal));
  gtk_widget_remove_tick_callback (window, counter);
  co_reveal_clear (&reveal);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("reveal/weekly", TRUE, test_weekly);
  GUI_TEST_ADD ("reveal/figures", TRUE, test_figures);
  GUI_TEST_ADD ("reveal/today", TRUE, test_today);
  GUI_TEST_ADD ("reveal/focus-and-unmapped", FALSE, test_focus_and_unmapped);
  GUI_TEST_ADD ("reveal/batch", FALSE, test_batch);
  GUI_TEST_ADD ("reveal/most", FALSE, test_most);

  return g_test_run ();
}
