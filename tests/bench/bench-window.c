/* bench-window.c: the window on a workspace, measured as a person meets it. Prints the time from
 * main() to the first frame the window paints, the time Today and the Reports place (every group's
 * week) take to show, then opens the All Members place, waits for the
 * whole list, scrolls it from top to bottom one screen a frame, and prints the longest frame and
 * the peak resident memory (VmHWM). Run it under a display (xvfb-run); bench-window.sh runs it
 * on an empty and on a big workspace and compares. */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "core/members/co-member-list.h"
#include "gui/members/co-members-page.h"
#include "gui/reports/co-reports-page.h"
#include "gui/window/co-window.h"

typedef struct
{
  GMainLoop *loop;
  gint64     start;
  gint64     first_frame;
  gint64     frame_start;
  gint64     longest_frame;
  guint      frames;
  guint      slow_frames;
} Bench;

static double
to_ms (gint64 us)
{
  return us / 1000.0;
}

static void
before_paint (GdkFrameClock *clock,
              Bench         *b)
{
  b->frame_start = g_get_monotonic_time ();
}

/* A frame's own work (layout, which reads the rows it shows, and drawing) is what stalls the
 * main loop; the wait for the next frame is not. */
static void
after_paint (GdkFrameClock *clock,
             Bench         *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->first_frame == 0)
    {
      b->first_frame = now;
      g_main_loop_quit (b->loop);
    }
  b->longest_frame = MAX (b->longest_frame, now - b->frame_start);
  if (now - b->frame_start > 16 * G_TIME_SPAN_MILLISECOND)
    b->slow_frames++;
  b->frames++;
}

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             gboolean   mapped)
{
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, root);
  while (!g_queue_is_empty (queue))
    {
      GtkWidget *widget = g_queue_pop_head (queue);

      if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (!mapped || gtk_widget_get_mapped (widget)))
        return widget;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (queue, child);
    }
  return NULL;
}

static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10) / 1024.0;
}

int
main (int    argc,
      char **argv)
{
  Bench b = { .start = g_get_monotonic_time () };
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = NULL;
  CoWindow *window;
  GtkWidget *page, *scrolled;
  GListModel *model;
  GtkAdjustment *adjustment;
  gint64 list_start;
  gboolean first_frame_only = argc == 3 && g_str_equal (argv[1], "--first-frame-only");
  const char *path = argv[argc - 1];

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc != 2 && !first_frame_only)
    {
      fprintf (stderr, "usage: bench-window [--first-frame-only] WORKSPACE.db (under a display)\n");
      return 2;
    }
  gtk_init ();
  adw_init ();
  store = co_store_open (path, &error);
  if (store == NULL)
    {
      fprintf (stderr, "bench-window: %s\n", error->message);
      return 1;
    }
  b.loop = g_main_loop_new (NULL, FALSE);
  window = co_window_new (NULL, store);
  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "before-paint", G_CALLBACK (before_paint), &b);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint), &b);
  gtk_window_present (GTK_WINDOW (window));
  g_main_loop_run (b.loop);
  printf ("first frame: %.1f ms after main(); peak memory so far %.1f MB\n", to_ms (b.first_frame - b.start),
          peak_rss_mb ());
  if (first_frame_only)
    return 0;

  /* Today and the Reports place (every group's week, figures view): built on the main thread
   * when shown, so their time is a pause the user sees. */
  {
    gint64 start = g_get_monotonic_time ();
    co_window_show_place (window, "today");
    printf ("today: shown in %.1f ms\n", to_ms (g_get_monotonic_time () - start));
    wait_ms (100);
    start = g_get_monotonic_time ();
    co_window_show_place (window, "reports");
    co_reports_page_get_table (CO_REPORTS_PAGE (find_widget (GTK_WIDGET (window), CO_TYPE_REPORTS_PAGE, FALSE)));
    printf ("reports, every group's week: shown in %.1f ms\n", to_ms (g_get_monotonic_time () - start));
    wait_ms (100);
  }

  /* Every group's members, as big as the workspace gets. */
  list_start = g_get_monotonic_time ();
  co_window_show_place (window, "members");
  wait_ms (100);
  page = find_widget (GTK_WIDGET (window), CO_TYPE_MEMBERS_PAGE, TRUE);
  model = co_members_page_get_model (CO_MEMBERS_PAGE (page));
  while (co_member_list_is_loading (CO_MEMBER_LIST (model)))
    g_main_context_iteration (NULL, TRUE);
  printf ("all members: %u rows listed in %.1f ms\n", g_list_model_get_n_items (model),
          to_ms (g_get_monotonic_time () - list_start));

  /* Top to bottom as a scrollbar dragged down takes it: a new screen of rows each frame, from
   * everywhere in the list; then up to 500 screens one after the other from the top, as a wheel
   * does. */
  wait_ms (300);  /* the list lays out its new length */
  scrolled = find_widget (page, GTK_TYPE_SCROLLED_WINDOW, TRUE);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* A list shorter than two screens does not scroll, and draws no frame for trying. */
  for (int pass = 0; pass < 2 && gtk_adjustment_get_upper (adjustment) > 2 * gtk_adjustment_get_page_size (adjustment);
       pass++)
    {
      gint64 scroll_start = g_get_monotonic_time ();
      double page_size = gtk_adjustment_get_page_size (adjustment);
      double upper = gtk_adjustment_get_upper (adjustment) - page_size;
      guint steps = pass == 0 ? 500 : (guint) MIN (500, upper / page_size);

      b.longest_frame = 0;
      b.slow_frames = 0;
      b.frames = 0;
      for (guint step = 1; step <= steps; step++)
        {
          guint frames = b.frames;

          gtk_adjustment_set_value (adjustment, pass == 0 ? upper * step / steps : page_size * step);
          gint64 deadline = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;

          /* A step that changes nothing on screen draws no frame: do not wait for one forever. */
          while (b.frames == frames && g_get_monotonic_time () < deadline)
            g_main_context_iteration (NULL, FALSE);
        }
      printf ("scrolling (%s): %u frames in %.1f s; longest frame %.1f ms, frames over 16 ms: %u\n",
              pass == 0 ? "top to bottom by the scrollbar" : "screen by screen", b.frames,
              to_ms (g_get_monotonic_time () - scroll_start) / 1000.0, to_ms (b.longest_frame), b.slow_frames);
    }
  printf ("peak memory (VmHWM) with the members page open: %.1f MB\n", peak_rss_mb ());

  gtk_window_destroy (GTK_WINDOW (window));
  g_main_loop_unref (b.loop);
  return 0;
}
