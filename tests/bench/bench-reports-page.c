/* bench-reports-page.c: the Reports place on a workspace, measured as the window lives it: opens
 * it, then shows each view and changes the period a few times, and prints for each step how long
 * its figures took to arrive and the longest main-loop iteration meanwhile (the time the window
 * could not answer), against one frame (16 ms). Run it under a display (xvfb-run):
 *   bench-reports-page WORKSPACE.db */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "core/formats/co-date.h"
#include "gui/reports/co-reports-page.h"
#include "gui/window/co-window.h"

#define FRAME_US 16000

/* Time the main loop spent waiting in poll() since it was last reset: an iteration's time less
 * this is what it kept the main thread busy. */
static gint64 poll_us;

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 start = g_get_monotonic_time ();
  gint result = g_poll (fds, n_fds, timeout);

  poll_us += g_get_monotonic_time () - start;
  return result;
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, root);
  while (!g_queue_is_empty (queue))
    {
      GtkWidget *widget = g_queue_pop_head (queue);

      if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
        return widget;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (queue, child);
    }
  return NULL;
}

static gint64 worst_overall;
static guint over_overall, iterations_overall;

/* Iterates until the page's figures are in, with the step that started it counted in. */
static void
measure (CoReportsPage *reports,
         const char    *what,
         gint64         step_us)
{
  gint64 start = g_get_monotonic_time () - step_us, longest = step_us;
  guint over = step_us > FRAME_US, iterations = 1;
  gboolean settled = FALSE;

  /* Until the request is asked for (when idle), then back, then the frame that shows it. */
  while (!settled)
    {
      gint64 begin = g_get_monotonic_time (), busy;

      poll_us = 0;
      g_main_context_iteration (NULL, TRUE);
      busy = g_get_monotonic_time () - begin - poll_us;
      longest = MAX (longest, busy);
      over += busy > FRAME_US;
      iterations++;
      settled = !co_reports_page_is_computing (reports) && co_reports_page_get_n_running (reports) == 0 &&
                !g_main_context_pending (NULL);
    }
  printf ("%-34s figures in %7.1f ms; longest main-loop iteration %6.2f ms; over 16 ms: %u of %u\n", what,
          (g_get_monotonic_time () - start) / 1000.0, longest / 1000.0, over, iterations);
  worst_overall = MAX (worst_overall, longest);
  over_overall += over;
  iterations_overall += iterations;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = NULL;
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  g_autofree char *month = co_date_add_days (today, -30);
  g_autofree char *quarter = co_date_add_days (today, -90);
  CoReportsPage *reports;
  AdwViewStack *views;
  CoWindow *window;
  static const char *const view_names[] = { "charts", "retention", "weekly", "figures" };
  gint64 start;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc != 2)
    {
      fprintf (stderr, "usage: bench-reports-page WORKSPACE.db (under a display)\n");
      return 2;
    }
  gtk_init ();
  adw_init ();
  if ((store = co_store_open (argv[1], &error)) == NULL)
    {
      fprintf (stderr, "bench-reports-page: %s\n", error->message);
      return 1;
    }
  window = co_window_new (NULL, store);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, TRUE);
  g_main_context_set_poll_func (NULL, timed_poll);
  reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (window), CO_TYPE_REPORTS_PAGE));
  views = ADW_VIEW_STACK (find_widget (GTK_WIDGET (reports), ADW_TYPE_VIEW_STACK));

  start = g_get_monotonic_time ();
  co_window_show_place (window, "reports");
  measure (reports, "open the place (every group's week)", g_get_monotonic_time () - start);
  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    {
      g_autofree char *what = g_strdup_printf ("the %s view", view_names[i]);
      start = g_get_monotonic_time ();
      adw_view_stack_set_visible_child_name (views, view_names[i]);
      measure (reports, what, g_get_monotonic_time () - start);
    }
  start = g_get_monotonic_time ();
  co_reports_page_set_period (reports, month, yesterday);
  measure (reports, "period: the last 30 days", g_get_monotonic_time () - start);
  start = g_get_monotonic_time ();
  co_reports_page_set_period (reports, quarter, yesterday);
  co_reports_page_set_period (reports, month, yesterday);
  measure (reports, "period: 90 days, at once 30", g_get_monotonic_time () - start);
  start = g_get_monotonic_time ();
  co_reports_page_show_week (reports, 0, yesterday);
  measure (reports, "period: the week again", g_get_monotonic_time () - start);
  printf ("overall: longest main-loop iteration %.2f ms; over 16 ms: %u of %u\n", worst_overall / 1000.0,
          over_overall, iterations_overall);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
