/* bench-sop-today.c: the Today place with its SOP tasks, measured as the window lives it: opens
 * Today on a workspace (bench-sop's, kept with BENCH_SOP_KEEP=1, or the sample), first (cold:
 * nothing of it styled or drawn before) and again from another place (warm), then marks a task
 * sent, twice. For each it prints how long until shown, the longest main-loop iteration meanwhile
 * in wall time (the machine's other work included) and in the main thread's processor time (the
 * window's own work), against one frame (16 ms), and where that longest iteration went: the
 * frame's tick callbacks (rows shown a few a frame), its layout, its drawing, and the rest (a
 * worker's result handled, rows built); and when the SOP's task rows were all drawn, with the main
 * thread's processor time until then. The window's start is let settle first (its sidebar grows
 * its rows a few a frame, and a workspace just generated has its members' search index to catch
 * up in a worker that writes): Today's first showing is timed alone (--no-settle: as soon as
 * the window is shown, as before). Run it under a display (xvfb-run):
 *   bench-sop-today [--no-settle] WORKSPACE.db
 *   bench-sop-today --sample        (on a sample workspace made in a temporary folder) */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/members/co-member-search-index.h"
#include "core/sample/co-sample.h"
#include "gui/today/co-sop-section.h"
#include "gui/today/co-today-page.h"
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

/* The main thread's processor time: on 2 cores shared with other programs, an iteration's wall
 * time holds the time others ran too; this is what the window itself did. */
static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

/* The phases of the frame drawn in the current iteration, in processor time: each stamp is
 * taken after every handler of its signal ran. */
enum { BEFORE_PAINT, UPDATE, LAYOUT, PAINT, N_STAMPS };
static gint64 stamps[N_STAMPS];

static void
on_stamp (GdkFrameClock *clock,
          gpointer       phase)
{
  stamps[GPOINTER_TO_INT (phase)] = thread_cpu_us ();
}

static void
watch_frames (GtkWidget *window)
{
  static const char *const signals[N_STAMPS] = { "before-paint", "update", "layout", "paint" };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  for (int i = 0; i < N_STAMPS; i++)
    g_signal_connect_after (clock, signals[i], G_CALLBACK (on_stamp), GINT_TO_POINTER (i));
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

static CoTodayPage *today;
static CoSopSection *section;
static gint64 worst_cpu;

static gboolean
busy (void)
{
  return co_sop_section_is_expanding (section) || co_sop_section_is_reading (section) ||
         co_today_page_is_loading (today) || g_main_context_pending (NULL);
}

/* Iterates until nothing is pending, with the step (@step_us, @step_cpu_us) counted in. */
static void
measure (const char *what,
         gint64      step_us,
         gint64      step_cpu_us)
{
  gint64 start = g_get_monotonic_time () - step_us, longest = step_us, longest_cpu = step_cpu_us;
  gint64 phases[N_STAMPS] = { 0 };  /* the longest iteration's tick, layout, paint; other */
  guint over = step_cpu_us > FRAME_US, iterations = 1;
  gint64 tasks_shown = 0, tasks_cpu = 0;  /* when the SOP section's rows were all drawn, the CPU until then */
  gint64 start_cpu = thread_cpu_us () - step_cpu_us;

  phases[N_STAMPS - 1] = step_cpu_us;
  while (busy ())
    {
      gint64 begin = g_get_monotonic_time (), begin_cpu = thread_cpu_us (), wall, cpu;

      poll_us = 0;
      memset (stamps, 0, sizeof stamps);
      g_main_context_iteration (NULL, TRUE);
      wall = g_get_monotonic_time () - begin - poll_us;
      cpu = thread_cpu_us () - begin_cpu;
      /* Rows are made visible in a frame's tick, before its layout and drawing. */
      if (tasks_shown == 0 && !co_sop_section_is_expanding (section) && !co_sop_section_is_reading (section))
        {
          tasks_shown = g_get_monotonic_time ();
          tasks_cpu = thread_cpu_us () - start_cpu;
        }
      longest = MAX (longest, wall);
      over += cpu > FRAME_US;
      iterations++;
      if (cpu > longest_cpu || cpu > FRAME_US)
        {
          gboolean framed = stamps[BEFORE_PAINT] != 0 && stamps[PAINT] != 0;
          gint64 split[N_STAMPS] = { framed ? stamps[UPDATE] - stamps[BEFORE_PAINT] : 0,
                                     framed ? stamps[LAYOUT] - stamps[UPDATE] : 0,
                                     framed ? stamps[PAINT] - stamps[LAYOUT] : 0, 0 };

          split[3] = cpu - split[0] - split[1] - split[2];
          if (cpu > FRAME_US)
            printf ("    iteration %u, %.1f ms after the start: %.2f ms CPU (ticks %.1f, layout %.1f, paint %.1f, "
                    "other %.1f)\n", iterations - 1, (g_get_monotonic_time () - start) / 1000.0, cpu / 1000.0,
                    split[0] / 1000.0, split[1] / 1000.0, split[2] / 1000.0, split[3] / 1000.0);
          if (cpu > longest_cpu)
            {
              longest_cpu = cpu;
              memcpy (phases, split, sizeof phases);
            }
        }
    }
  worst_cpu = MAX (worst_cpu, longest_cpu);
  if (tasks_shown != 0)
    printf ("%-32s its SOP tasks shown in %6.1f ms, %6.1f ms of the main thread's CPU\n", what,
            (tasks_shown - start) / 1000.0, tasks_cpu / 1000.0);
  printf ("%-32s shown in %6.1f ms; longest iteration %6.2f ms wall, %6.2f ms CPU%s (ticks %.1f, layout %.1f, "
          "paint %.1f, other %.1f); CPU over 16 ms: %u of %u\n", what, (g_get_monotonic_time () - start) / 1000.0,
          longest / 1000.0, longest_cpu / 1000.0, longest_cpu > FRAME_US ? " MISSED" : "", phases[0] / 1000.0,
          phases[1] / 1000.0, phases[2] / 1000.0, phases[3] / 1000.0, over, iterations);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates until the window drew no frame for SETTLE_US and the members' search index has
 * caught up (a workspace just generated has 100,000 members to index, in a worker that writes). */
#define SETTLE_US (300 * G_TIME_SPAN_MILLISECOND)

static void
settle (CoStore *store)
{
  guint wake_id = g_timeout_add (50, wake_up, NULL);
  gint64 start = g_get_monotonic_time (), last_frame = start;

  while (g_get_monotonic_time () - last_frame < SETTLE_US || co_member_search_index_is_running (store))
    {
      stamps[PAINT] = 0;
      g_main_context_iteration (NULL, TRUE);
      if (stamps[PAINT] != 0)
        last_frame = g_get_monotonic_time ();
    }
  g_source_remove (wake_id);
  printf ("%-32s settled after %.1f s (the window's frames, the members' search index)\n", "the window's start",
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

#define ACT(what, call)                                        \
  G_STMT_START {                                               \
    gint64 act_start = g_get_monotonic_time ();                \
    gint64 act_cpu = thread_cpu_us ();                         \
    call;                                                      \
    measure (what, g_get_monotonic_time () - act_start,        \
             thread_cpu_us () - act_cpu);                      \
  } G_STMT_END

/* The first task waiting: its Sent button is of the suggested style. */
static GtkWidget *
find_sent_button (void)
{
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, section);
  while (!g_queue_is_empty (queue))
    {
      GtkWidget *widget = g_queue_pop_head (queue);

      if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "suggested-action"))
        return widget;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (queue, child);
    }
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = NULL;
  g_autofree char *sample_dir = NULL, *sample_path = NULL;
  g_auto(GStrv) places = NULL;
  const char *path = argv[argc - 1];
  gboolean no_settle = argc == 3 && g_str_equal (argv[1], "--no-settle");
  const char *other;
  CoWindow *window;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc != 2 + no_settle)
    {
      fprintf (stderr, "usage: bench-sop-today [--no-settle] WORKSPACE.db | --sample (under a display)\n");
      return 2;
    }
  if (g_str_equal (path, "--sample"))
    {
      g_autoptr(CoStore) made = NULL;

      sample_dir = g_dir_make_tmp ("bench-sop-today-XXXXXX", &error);
      path = sample_path = g_build_filename (sample_dir, "sample.db", NULL);
      if (sample_dir == NULL || (made = co_store_open (path, &error)) == NULL || !co_sample_create (made, &error))
        {
          fprintf (stderr, "bench-sop-today: %s\n", error->message);
          return 1;
        }
    }
  gtk_init ();
  adw_init ();
  /* A blinking cursor redraws the window twice a second: not work anyone asked for. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  if ((store = co_store_open (path, &error)) == NULL)
    {
      fprintf (stderr, "bench-sop-today: %s\n", error->message);
      return 1;
    }
  window = co_window_new (NULL, store);
  places = co_window_get_places (window);
  other = g_str_equal (places[0], "today") ? places[1] : places[0];
  /* The window starts on another place, so that Today's first showing is cold. */
  co_window_show_place (window, other);
  gtk_widget_realize (GTK_WIDGET (window));
  watch_frames (GTK_WIDGET (window));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, TRUE);
  g_main_context_set_poll_func (NULL, timed_poll);
  today = CO_TODAY_PAGE (find_widget (GTK_WIDGET (window), CO_TYPE_TODAY_PAGE));
  section = CO_SOP_SECTION (find_widget (GTK_WIDGET (window), CO_TYPE_SOP_SECTION));
  /* Whatever the window did at start, done: its workers, and its frames (the sidebar's rows
   * grow a few a frame), so that Today's first showing is timed alone. */
  measure ("the window's start", 0, 0);
  if (!no_settle)
    settle (store);

  ACT ("Today (first)", co_window_show_place (window, "today"));
  for (guint i = 0; i < 2; i++)
    {
      ACT ("  another place", co_window_show_place (window, other));
      ACT ("Today (again)", co_window_show_place (window, "today"));
    }

  /* The SOP section alone: its read and rows, as the Today page's other sections are not ours. */
  ACT ("the SOP section read again", co_sop_section_reload (section));

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *sent = find_sent_button ();

      if (sent == NULL)
        break;
      ACT (i == 0 ? "a task marked sent" : "another task marked sent", g_signal_emit_by_name (sent, "clicked"));
    }
  printf ("overall: the most processor time in one iteration %.2f ms (floor 16 ms)%s\n", worst_cpu / 1000.0,
          worst_cpu > FRAME_US ? " MISSED" : "");
  gtk_window_destroy (GTK_WINDOW (window));
  if (sample_dir != NULL)
    {
      g_autofree char *wal = g_strconcat (sample_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (sample_path, "-shm", NULL);

      g_remove (wal);
      g_remove (shm);
      g_remove (sample_path);
      g_rmdir (sample_dir);
    }
  return 0;
}
