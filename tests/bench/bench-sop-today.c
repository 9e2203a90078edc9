/* bench-sop-today.c: the Today place with its SOP tasks, measured as the window lives it: opens
 * Today on a workspace (bench-sop's, kept with BENCH_SOP_KEEP=1), waits until the tasks are made
 * in the worker and shown, then marks one sent; prints how long each took to show and the longest
 * main-loop iteration meanwhile, against one frame (16 ms). Run it under a display (xvfb-run):
 *   bench-sop-today WORKSPACE.db */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "gui/today/co-sop-section.h"
#include "gui/window/co-window.h"

#define FRAME_US 16000

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

/* Iterates until nothing is pending and the section makes no tasks, with the step counted in. */
static void
measure (CoSopSection *section,
         const char   *what,
         gint64        step_us)
{
  gint64 start = g_get_monotonic_time () - step_us, longest = step_us;
  guint over = step_us > FRAME_US, iterations = 1;

  while (co_sop_section_is_expanding (section) || co_sop_section_is_reading (section) ||
         g_main_context_pending (NULL))
    {
      gint64 begin = g_get_monotonic_time (), busy;

      poll_us = 0;
      g_main_context_iteration (NULL, TRUE);
      busy = g_get_monotonic_time () - begin - poll_us;
      longest = MAX (longest, busy);
      over += busy > FRAME_US;
      iterations++;
    }
  printf ("%-36s shown in %7.1f ms; longest main-loop iteration %6.2f ms; over 16 ms: %u of %u\n", what,
          (g_get_monotonic_time () - start) / 1000.0, longest / 1000.0, over, iterations);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = NULL;
  CoSopSection *section;
  CoWindow *window;
  GtkWidget *sent = NULL;
  gint64 start;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc != 2)
    {
      fprintf (stderr, "usage: bench-sop-today WORKSPACE.db (under a display)\n");
      return 2;
    }
  gtk_init ();
  adw_init ();
  if ((store = co_store_open (argv[1], &error)) == NULL)
    {
      fprintf (stderr, "bench-sop-today: %s\n", error->message);
      return 1;
    }
  window = co_window_new (NULL, store);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, TRUE);
  g_main_context_set_poll_func (NULL, timed_poll);
  section = CO_SOP_SECTION (find_widget (GTK_WIDGET (window), CO_TYPE_SOP_SECTION));
  /* Whatever the window did at start, done. */
  measure (section, "the window's start", 0);

  start = g_get_monotonic_time ();
  co_window_show_place (window, "today");
  measure (section, "Today with its SOP tasks", g_get_monotonic_time () - start);

  /* The SOP section alone: its read and rows, as the Today page's other sections are not ours. */
  start = g_get_monotonic_time ();
  co_sop_section_reload (section);
  printf ("%-36s asked in %7.1f ms\n", "the SOP section alone", (g_get_monotonic_time () - start) / 1000.0);
  measure (section, "… then read in a worker and drawn", 0);

  /* The first task waiting has a Sent button of the suggested style. */
  {
    g_autoptr(GQueue) queue = g_queue_new ();

    g_queue_push_tail (queue, section);
    while (!g_queue_is_empty (queue) && sent == NULL)
      {
        GtkWidget *widget = g_queue_pop_head (queue);

        if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "suggested-action"))
          sent = widget;
        for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
          g_queue_push_tail (queue, child);
      }
  }
  if (sent != NULL)
    {
      start = g_get_monotonic_time ();
      g_signal_emit_by_name (sent, "clicked");
      measure (section, "a task marked sent", g_get_monotonic_time () - start);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
