/* bench-window.c: the stall watchdog. The window on a workspace, driven as a person uses it: it
 * starts (the time from main() to the first frame), opens every place of the sidebar and every
 * section of it (a sidebar of sections, a row of view buttons: Team's, every view of Reports), the
 * largest group and every page of it, two other periods of Reports, types two searches
 * key by key in the group's members and in All Members and sets each of their filters, moves the
 * pointer over the sidebar and over both lists, exports the report and the group's plan as PDF,
 * and scrolls All Members from top to bottom. For each action it prints the time until its
 * result is shown (the window idle, no spinner turning, no list loading, no report computing,
 * no PDF being written, no sync round running) and the longest main-loop iteration
 * meanwhile, the time the window could not answer, beside the floor of one frame (16 ms). The
 * places, sections and pages are read from the window: one added later is driven too. Run it under a
 * display (xvfb-run); bench-window.sh runs it on an empty and on a big workspace and compares.
 *   bench-window [--first-frame-only] WORKSPACE.db
 *   bench-window --place NAME WORKSPACE.db   (only that place and its sections, shown three times,
 *                with another place between)
 *   bench-window --group-page NAME WORKSPACE.db   (only the largest group's page NAME: shown three
 *                times with another page between, each of its sections if it has a sidebar of
 *                them or its filters if it is the members page, then on it another group and
 *                the largest again, three times)
 *   bench-window --search TEXT WORKSPACE.db  (only All Members' search for TEXT and its clear, three times)
 *   bench-window --scroll WORKSPACE.db  (only All Members shown and scrolled)
 *   bench-window --scroll-after PLACE[,PLACE…] WORKSPACE.db  (the same after those places were
 *                shown, "group" for the largest group's pages: the widgets of places not shown
 *                cost nothing while All Members scrolls, which they did before 2026-12-07)
 * BENCH_GIVE_UP_S=N ends each action after N seconds instead of 60: on 2026-12-07, under
 * xvfb-run on a loaded machine, the window drew frames without end (GTK's own tick callbacks on
 * the window, none of the app's) and never settled, each action taking the minute; the most
 * processor time in one iteration is still the action's, the next action starting later.
 * With BENCH_ITER_LOG=1 it writes to stderr each iteration that took over 8 ms of the main
 * thread's processor time or over 16 ms in all (ITER start end cpu_ms busy busy_ms, monotonic µs;
 * busy leaves out the wait in poll), each frame that did (FRAME start
 * end cpu_ms), each action's own step that did (STEP start end cpu_ms: the call that changes
 * what is shown) and each action's span (ACTION start end what), to match with
 * `perf record -k CLOCK_MONOTONIC`.
 *   bench-window --pdf WORKSPACE.db  (only Export as PDF: the Reports page's twice, then the largest
 *                group's plan; the whole run exports each once after the Reports page's scopes and
 *                the group's pages)
 *   bench-window --sync WORKSPACE.db | --sample  (under tests/pg/with-postgres.sh: the team server
 *                set up, the workspace connected to it (uploaded) with All Members shown, a change
 *                made here pushed, one and then 1,000 changes of a teammate pulled; run it on a copy)
 *   bench-window --sample        (on a sample workspace made in a temporary folder)
 *   bench-window --import N[,N…] WORKSPACE.db   (CSV imports of N new members each into the largest
 *                group through the members page's import dialog, read and written; run it on a
 *                copy: the rows stay, and each import makes a backup of the workspace) */
#include "config.h"

#include <adwaita.h>
#include <execinfo.h>
#include <gdk/x11/gdkx.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-list.h"
#include "core/sample/co-sample.h"
#include "core/store/co-store-private.h"
#include "core/sync/co-sync.h"
#include "core/sync/co-team-server.h"
#include "gui/members/co-member-cell.h"
#include "gui/members/co-member-rows.h"
#include "gui/members/co-members-page.h"
#include "gui/plan/co-plan-page.h"
#include "gui/reports/co-reports-page.h"
#include "gui/sync/co-sync-agent.h"
#include "gui/today/co-today-page.h"
#include "gui/widgets/co-pdf-export.h"
#include "gui/window/co-window.h"
#include "bench-util.h"
#include "test-util.h"

#define FRAME_US (16 * G_TIME_SPAN_MILLISECOND)
/* A result is shown once the window has done nothing for this long after its last work. */
#define SETTLE_US (300 * G_TIME_SPAN_MILLISECOND)
/* An iteration that took less than this did nothing worth naming (a timer looked at). */
#define WORK_US 500
/* An action that has not settled by then is reported as such (an import into a big workspace,
 * which copies it first, is given longer). */
static gint64 give_up_us = 60 * G_TIME_SPAN_SECOND;

typedef struct
{
  GMainLoop *loop;
  gint64     start;
  gint64     first_frame;
  gint64     first_frame_cpu;   /* the main thread's processor time until then */
  gint64     frame_start;
  gint64     frame_start_cpu;
  gint64     longest_frame;
  gint64     longest_frame_cpu;  /* the most processor time of the main thread one frame took */
  guint      frames;
  guint      slow_frames;
  guint      slow_frames_cpu;
  GArray    *frame_cpu;         /* each frame's, while scrolling (gint64 µs) */
} Frames;

static CoWindow *window;
/* The import dialog open, if any: at work while its "work" page (with the bar) is shown. */
static GtkWidget *import_dialog;
/* What else keeps an action's result on its way (a sync round), or NULL. */
static gboolean (*also_busy) (void);
static gint64 worst_overall;
static guint over_overall, not_shown;

/* Time the main loop spent waiting in poll() since it was last reset: an iteration's time less
 * this is the time it kept the main thread busy. */
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
clock_us (clockid_t clock)
{
  struct timespec now;

  clock_gettime (clock, &now);
  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static gint64
thread_cpu_us (void)
{
  return clock_us (CLOCK_THREAD_CPUTIME_ID);
}

/* BENCH_ITER_STACKS=MS: a long iteration's stacks. A watcher thread looks at the main thread's
 * processor time every 5 ms; once an iteration has taken more than MS of it, and every 10 ms
 * after, it has the main thread write its stack to stderr (STACK start cpu_ms, then the frames,
 * as backtrace_symbols_fd() names them: addresses in the app are for addr2line). For the
 * iteration that comes once a run and is gone before a profiler is pointed at it. */
static pthread_t main_thread;
static clockid_t main_clock;
static gint64 stacks_after_us;
static volatile gint64 iteration_begin_cpu = -1;  /* the main thread's processor time as its iteration began */
static volatile gint64 iteration_begin;

static void
write_stack (int signal)
{
  void *frames[64];
  char line[80];
  int n = backtrace (frames, G_N_ELEMENTS (frames));
  int length = snprintf (line, sizeof line, "STACK %" G_GINT64_FORMAT " %.1f\n", iteration_begin,
                         (clock_us (main_clock) - iteration_begin_cpu) / 1000.0);

  if (write (2, line, length) < 0)
    return;
  backtrace_symbols_fd (frames, n, 2);
}

static gpointer
watch_stacks (gpointer data)
{
  gint64 last = 0;

  for (;;)
    {
      gint64 begin = iteration_begin_cpu, cpu;

      g_usleep (5000);
      cpu = clock_us (main_clock);
      if (begin < 0 || begin != iteration_begin_cpu)
        continue;
      if (cpu - begin > stacks_after_us && cpu - last >= 10000)
        {
          last = cpu;
          pthread_kill (main_thread, SIGUSR2);
        }
    }
  return NULL;
}

static void
start_watching_stacks (void)
{
  if (g_getenv ("BENCH_ITER_STACKS") == NULL)
    return;
  stacks_after_us = g_ascii_strtoll (g_getenv ("BENCH_ITER_STACKS"), NULL, 10) * 1000;
  main_thread = pthread_self ();
  pthread_getcpuclockid (main_thread, &main_clock);
  signal (SIGUSR2, write_stack);
  g_thread_unref (g_thread_new ("bench-stacks", watch_stacks, NULL));
}

static void
before_paint (GdkFrameClock *clock,
              Frames        *f)
{
  f->frame_start = g_get_monotonic_time ();
  f->frame_start_cpu = thread_cpu_us ();
}

/* A frame's own work (layout, which reads the rows it shows, and drawing) is what stalls the
 * main loop; the wait for the next frame is not. */
static void
after_paint (GdkFrameClock *clock,
             Frames        *f)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us () - f->frame_start_cpu;

  if (f->first_frame == 0)
    {
      f->first_frame = now;
      f->first_frame_cpu = thread_cpu_us ();
      g_main_loop_quit (f->loop);
    }
  f->longest_frame = MAX (f->longest_frame, now - f->frame_start);
  if (now - f->frame_start > FRAME_US)
    f->slow_frames++;
  f->longest_frame_cpu = MAX (f->longest_frame_cpu, cpu);
  f->slow_frames_cpu += cpu > FRAME_US;
  if (f->frame_cpu != NULL)
    g_array_append_val (f->frame_cpu, cpu);
  if (g_getenv ("BENCH_ITER_LOG") && cpu > 8000)
    fprintf (stderr, "FRAME %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %.1f\n", f->frame_start, now, cpu / 1000.0);
  f->frames++;
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

/* Whether something shown is still on its way: a spinner turning, a member list loading, a
 * report computing, a plan being checked or its section filled, rows shown empty until a worker
 * has read them. */
static gboolean
is_busy (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if ((GTK_IS_SPINNER (widget) && gtk_spinner_get_spinning (GTK_SPINNER (widget))) ||
      (CO_IS_TODAY_PAGE (widget) && co_today_page_is_loading (CO_TODAY_PAGE (widget))) ||
      (CO_IS_PLAN_PAGE (widget) && co_plan_page_is_loading (CO_PLAN_PAGE (widget))) ||
      (CO_IS_REPORTS_PAGE (widget) && (co_reports_page_is_computing (CO_REPORTS_PAGE (widget)) ||
                                       co_reports_page_get_n_running (CO_REPORTS_PAGE (widget)) > 0)))
    return TRUE;
  if (CO_IS_MEMBERS_PAGE (widget))
    {
      GListModel *model = co_members_page_get_model (CO_MEMBERS_PAGE (widget));

      if (CO_IS_MEMBER_LIST (model) && (co_member_list_is_loading (CO_MEMBER_LIST (model)) ||
                                        co_member_list_is_reading (CO_MEMBER_LIST (model))))
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (is_busy (child))
      return TRUE;
  return FALSE;
}

static gboolean
import_at_work (void)
{
  GtkWidget *stack = import_dialog != NULL ? find_widget (import_dialog, GTK_TYPE_STACK, FALSE) : NULL;

  return stack != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "work") == 0;
}

typedef struct
{
  gint64 longest;
  gint64 longest_cpu;  /* the most processor time one iteration took */
  guint  over;
  guint  iterations;
  gint64 last_work;
  gint64 cpu;      /* the main thread's processor time over all of them */
} Watch;

/* The iterations while the import dialog is at work, apart: its workers' time, without the pages
 * reading again after it (which the action's own line counts). */
static Watch at_work;

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* One main-loop iteration, timed; it waits @wait_ms at most, so that the caller can look again
 * (a search's pause between keys may be due). */
static void
iterate (Watch *watch,
         guint  wait_ms)
{
  g_autoptr(GSource) wake = g_timeout_source_new (wait_ms);
  gint64 begin = g_get_monotonic_time (), begin_cpu = thread_cpu_us (), busy;
  gboolean importing = import_at_work ();

  g_source_set_callback (wake, wake_up, NULL, NULL);
  g_source_attach (wake, NULL);
  poll_us = 0;
  iteration_begin = begin;
  iteration_begin_cpu = begin_cpu;
  g_main_context_iteration (NULL, TRUE);
  iteration_begin_cpu = -1;
  g_source_destroy (wake);
  busy = g_get_monotonic_time () - begin - poll_us;
  if (g_getenv ("BENCH_ITER_LOG") && (thread_cpu_us () - begin_cpu > 8000 || busy > FRAME_US))
    fprintf (stderr, "ITER %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %.1f busy %.1f\n", begin, g_get_monotonic_time (),
             (thread_cpu_us () - begin_cpu) / 1000.0, busy / 1000.0);
  watch->longest = MAX (watch->longest, busy);
  watch->longest_cpu = MAX (watch->longest_cpu, thread_cpu_us () - begin_cpu);
  watch->cpu += thread_cpu_us () - begin_cpu;
  watch->over += busy > FRAME_US;
  watch->iterations++;
  if (busy >= WORK_US)
    watch->last_work = g_get_monotonic_time ();
  /* Not the iteration that ends the work: the import's end is announced in it, and what the
   * pages do then is the next line's. */
  if (importing && import_at_work ())
    {
      at_work.longest = MAX (at_work.longest, busy);
      at_work.longest_cpu = MAX (at_work.longest_cpu, thread_cpu_us () - begin_cpu);
      at_work.cpu += thread_cpu_us () - begin_cpu;
      at_work.over += busy > FRAME_US;
      at_work.iterations++;
    }
}

/* "longest main-loop iteration … main thread's CPU …" for the iterations of @watch. */
static char *
watch_text (const Watch *watch)
{
  return g_strdup_printf ("longest main-loop iteration %7.2f ms (floor 16 ms)%s, most CPU in one %6.2f ms;"
                          " over 16 ms: %u of %u; main thread's CPU %.0f ms",
                          to_ms (watch->longest), watch->longest > FRAME_US ? " MISSED" : "",
                          to_ms (watch->longest_cpu), watch->over, watch->iterations, to_ms (watch->cpu));
}

/* Iterates until the window has shown the result of what was just done (@step_us: the time the
 * doing itself kept the main thread), and prints the action's line. */
static void
settle (const char *what,
        gint64      start,
        gint64      step_us,
        gint64      step_cpu_us)
{
  Watch watch = { step_us, step_cpu_us, step_us > FRAME_US, 1, g_get_monotonic_time (), step_cpu_us };
  gint64 give_up = start + give_up_us;
  gboolean busy = TRUE;
  g_autofree char *text = NULL;

  if (g_getenv ("BENCH_ITER_LOG") && step_cpu_us > 8000)
    fprintf (stderr, "STEP %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %.1f\n", start, start + step_us, step_cpu_us / 1000.0);
  while (g_get_monotonic_time () < give_up)
    {
      iterate (&watch, 50);
      busy = is_busy (GTK_WIDGET (window)) || import_at_work () || co_pdf_export_running (GTK_WIDGET (window)) ||
             (also_busy != NULL && also_busy ());
      /* BENCH_GIVE_UP_S counts from the import's end: its writing is not what never settles. */
      if (import_at_work () && g_getenv ("BENCH_GIVE_UP_S"))
        give_up = MAX (give_up, g_get_monotonic_time () + give_up_us);
      if (busy)
        watch.last_work = g_get_monotonic_time ();
      else if (g_get_monotonic_time () - watch.last_work >= SETTLE_US)
        break;
    }
  if (g_getenv ("BENCH_ITER_LOG"))
    fprintf (stderr, "ACTION %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s\n", start, g_get_monotonic_time (), what);
  text = watch_text (&watch);
  printf ("%-44s %s %8.1f ms; %s\n", what, busy ? "NOT SHOWN after" : "shown in", to_ms (watch.last_work - start), text);
  worst_overall = MAX (worst_overall, watch.longest);
  over_overall += watch.over;
  not_shown += busy;
}

/* Runs @action (timed as the first iteration), then waits for what it shows. */
#define ACT(what, action)                                      \
  G_STMT_START {                                               \
    gint64 act_start = g_get_monotonic_time ();                \
    gint64 act_cpu = thread_cpu_us ();                         \
    action;                                                    \
    settle (what, act_start, g_get_monotonic_time () - act_start, \
            thread_cpu_us () - act_cpu);                       \
  } G_STMT_END

/* Types @text into @entry a key at a time, 150 ms apart (a quick typist), then waits for the
 * matches. */
static void
type_search (GtkWidget  *entry,
             const char *what,
             const char *text)
{
  gint64 start = g_get_monotonic_time ();
  Watch typing = { .last_work = start };
  g_autofree char *line = NULL;

  for (const char *end = g_utf8_next_char (text); ; end = g_utf8_next_char (end))
    {
      g_autofree char *prefix = g_strndup (text, end - text);
      gint64 key = g_get_monotonic_time (), deadline, key_us;

      gtk_editable_set_text (GTK_EDITABLE (entry), prefix);
      key_us = g_get_monotonic_time () - key;
      typing.longest = MAX (typing.longest, key_us);
      typing.over += key_us > FRAME_US;
      deadline = key + 150 * G_TIME_SPAN_MILLISECOND;
      if (*end == '\0')
        break;
      while (g_get_monotonic_time () < deadline)
        iterate (&typing, 10);
    }
  line = g_strdup_printf ("%s (while typing: longest %.2f ms)", what, to_ms (typing.longest));
  worst_overall = MAX (worst_overall, typing.longest);
  over_overall += typing.over;
  settle (line, start, 0, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  settle ("  search cleared", g_get_monotonic_time (), 0, 0);
}

/* The pointer moved down over @widget (a list) from its top, a row's height (32 px) every 50 ms
 * for 20 rows, as a person's mouse goes over a list: each row it enters is hovered. The X server
 * moves it (XWarpPointer), so that GTK gets the motion and crossing events a mouse makes. */
static void
move_pointer_over (GtkWidget  *widget,
                   const char *what)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  gint64 start = g_get_monotonic_time ();
  Watch moving = { .last_work = start };
  graphene_point_t top, in_native;
  double native_x, native_y;
  Window root, child;
  int root_x, root_y, x, y;
  unsigned int mask;
  g_autofree char *text = NULL;

  if (!gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (40, 8), &top) ||
      !XQueryPointer (display, DefaultRootWindow (display), &root, &child, &root_x, &root_y, &x, &y, &mask))
    {
      printf ("%s: the pointer could not be placed\n", what);
      not_shown++;
      return;
    }
  gtk_native_get_surface_transform (native, &native_x, &native_y);
  in_native = GRAPHENE_POINT_INIT (top.x + native_x, top.y + native_y);
  for (guint row = 0; row < 20; row++)
    {
      gint64 deadline = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;

      XWarpPointer (display, None, gdk_x11_surface_get_xid (surface), 0, 0, 0, 0, (int) in_native.x,
                    (int) in_native.y + (int) row * 32);
      XFlush (display);
      while (g_get_monotonic_time () < deadline)
        iterate (&moving, 10);
    }
  text = watch_text (&moving);
  printf ("%-44s %s\n", what, text);
  if (g_getenv ("BENCH_ITER_LOG"))
    fprintf (stderr, "ACTION %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s\n", start, g_get_monotonic_time (), what);
  worst_overall = MAX (worst_overall, moving.longest);
  over_overall += moving.over;
  /* Back where it was: the next actions find it as before. */
  XWarpPointer (display, None, root, 0, 0, 0, 0, root_x, root_y);
  XFlush (display);
  settle ("  the pointer back", g_get_monotonic_time (), 0, 0);
}

/* The group with the most memberships: the one whose pages are the heaviest. */
static gint64
largest_group (CoStore *store)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
                                         "SELECT group_id FROM memberships WHERE deleted_at IS NULL "
                                         "GROUP BY group_id ORDER BY count(*) DESC LIMIT 1", NULL);
  gint64 group = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    group = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  if (group == 0)
    {
      g_autoptr(GListStore) groups = co_group_list (store, NULL);

      if (g_list_model_get_n_items (G_LIST_MODEL (groups)) > 0)
        {
          g_autoptr(CoGroup) first = g_list_model_get_item (G_LIST_MODEL (groups), 0);

          group = co_group_get_id (first);
        }
    }
  return group;
}

/* A group other than @group, to open @group from. */
static gint64
another_group (CoStore *store,
               gint64   group)
{
  g_autoptr(GListStore) groups = co_group_list (store, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) other = g_list_model_get_item (G_LIST_MODEL (groups), i);

      if (co_group_get_id (other) != group)
        return co_group_get_id (other);
    }
  return 0;
}

/* @n_rows new members in the columns of a real export, each with a contact nobody has (@tag
 * differs from one import to the next). */
static GBytes *
members_csv (guint       n_rows,
             const char *tag)
{
  static const char * const cities[] = { "上海", "北京", "杭州", "深圳", "成都", "宁波" };
  static const char * const industries[] = { "教育", "电商", "金融", "医疗", "制造" };
  GString *csv = g_string_new ("nickname,real_name,city,industry,contact,source,joined,points,notes\n");

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (csv, "%s-导入%s-%06u,王%u,%s,%s,wx-%s-%06u,小红书,2026-%02u-%02u,%u,%s\n",
                            cities[i % G_N_ELEMENTS (cities)], tag, i, i % 97, cities[i % G_N_ELEMENTS (cities)],
                            industries[i % G_N_ELEMENTS (industries)], tag, i, 1 + i % 12, 1 + i % 28, i % 1000,
                            i % 3 == 0 ? "群内活跃" : "");
  return g_string_free_to_bytes (csv);
}

/* A CSV of @n_rows new members imported into the group shown, as a person does: the file read
 * and previewed in the dialog, then Import, until the dialog has closed and the members page
 * shows the rows (the search index's catch-up after it counts too). */
static void
import_members (guint n_rows)
{
  GtkWidget *page = find_widget (GTK_WIDGET (window), CO_TYPE_MEMBERS_PAGE, TRUE);
  g_autofree char *tag = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () % 1000000);
  g_autofree char *name = g_strdup_printf ("bench-%u.csv", n_rows);
  g_autofree char *reading = g_strdup_printf ("import %u rows: read and previewed", n_rows);
  g_autofree char *writing = g_strdup_printf ("import %u rows: written and shown", n_rows);
  g_autoptr(GBytes) bytes = members_csv (n_rows, tag);
  g_autofree char *at_work_text = NULL;

  if (page == NULL)
    {
      printf ("import %u rows: no members page shown\n", n_rows);
      not_shown++;
      return;
    }
  ACT (reading, import_dialog = GTK_WIDGET (co_members_page_preview_import (CO_MEMBERS_PAGE (page), CO_IMPORT_MEMBERS,
                                                                            name, bytes));
                g_object_add_weak_pointer (G_OBJECT (import_dialog), (gpointer *) &import_dialog));
  if (import_dialog == NULL)
    return;
  at_work = (Watch) { 0 };
  ACT (writing, adw_message_dialog_response (ADW_MESSAGE_DIALOG (import_dialog), "import"));
  at_work_text = watch_text (&at_work);
  printf ("  of which while the rows were written (the dialog's bar shown): %s\n", at_work_text);
  if (import_dialog != NULL)
    {
      printf ("import %u rows: the dialog stayed open: %s\n", n_rows,
              adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (import_dialog)));
      gtk_window_destroy (GTK_WINDOW (import_dialog));
    }
}

/* The file chooser an export shows (without a portal, GtkFileChooserNative's own dialog). */
static GtkWidget *
file_chooser_shown (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (item) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return GTK_WIDGET (item);
    }
  return NULL;
}

/* Export as PDF as a person does it: @action on @widget (the document made, then the file
 * chooser shown), then the chooser answered with a file in a folder of its own, until the PDF is
 * written. */
static void
export_pdf (GtkWidget  *widget,
            const char *action,
            const char *what)
{
  g_autofree char *asked = g_strdup_printf ("%s: until the file chooser", what);
  g_autofree char *written = g_strdup_printf ("%s: the PDF written", what);
  g_autofree char *dir = g_dir_make_tmp ("bench-window-pdf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.pdf", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *contents = NULL;
  gsize length = 0;
  GtkWidget *chooser;

  ACT (asked, gtk_widget_activate_action (widget, action, NULL));
  if ((chooser = file_chooser_shown ()) == NULL)
    {
      printf ("%s: no file chooser shown\n", what);
      not_shown++;
      test_remove_tree (dir);
      return;
    }
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "bench.pdf");
  ACT (written, gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT));
  if (!g_file_get_contents (path, &contents, &length, NULL) || !g_str_has_prefix (contents, "%PDF-"))
    {
      printf ("%s: no PDF written\n", what);
      not_shown++;
    }
  else
    printf ("%s: %.2f MB written\n", what, length / 1e6);
  test_remove_tree (dir);
}

/* ---- the team server (--sync, beside tests/pg/with-postgres.sh's PostgreSQL) ---- */

#define TEAM_DATABASE "bench_window"

static CoStore *team_store;
static gboolean connecting;
static char *connect_error;

/* @sql run by @login (or the administrator) on @database; its first value in @value, if any. */
static gboolean
sql_as (const char *login,
        const char *database,
        const char *sql,
        gint64     *value)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s%s%s", database, login ? " user=" : "", login ? login : "");
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result = PQexec (conn, sql);
  gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK;

  if (!ok)
    fprintf (stderr, "bench-window: %s: %s", sql, PQerrorMessage (conn));
  else if (value != NULL)
    *value = PQntuples (result) > 0 ? g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10) : 0;
  PQclear (result);
  PQfinish (conn);
  return ok;
}

/* A team of two on a database of its own: "boss" (the workspace's login, owner) and "teammate"
 * (an editor of every group), set up by a login without superuser rights as bench-sync does. */
static gboolean
make_team (void)
{
  g_autoptr(CoTeamServer) server = NULL;
  g_autoptr(GError) error = NULL;
  gboolean already;

  if (!sql_as (NULL, "postgres", "CREATE ROLE boss LOGIN CREATEROLE CREATEDB", NULL) ||
      !sql_as (NULL, "postgres", "CREATE DATABASE " TEAM_DATABASE " OWNER boss", NULL))
    return FALSE;
  server = co_team_server_connect ("dbname=" TEAM_DATABASE " user=boss", &error);
  if (server == NULL || !co_team_server_init (server, &already, &error) ||
      !co_team_server_add_user (server, "teammate", CO_TEAM_ROLE_EDITOR, NULL, "bench-password", NULL, &error))
    {
      fprintf (stderr, "bench-window: the team server: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* As Preferences → Team Server connects: co_sync_connect() in a worker on a connection of its
 * own (the first teammate uploads the workspace), then the pages read again and the agent starts. */
static void
connect_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(CoStore) store = co_store_open_deferring_rekey (task_data, &error);

  if (store == NULL || !co_sync_connect (store, "dbname=" TEAM_DATABASE " user=boss", FALSE, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;

  connecting = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error) || !co_store_announce_all_changed_soon (team_store, &error))
    {
      connect_error = g_strdup (error->message);
      return;
    }
  co_sync_agent_reload (co_sync_agent_get (team_store));
}

static void
start_connecting (void)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_connected, NULL);

  connecting = TRUE;
  g_task_set_task_data (task, g_strdup (co_store_get_path (team_store)), g_free);
  g_task_run_in_thread (task, connect_in_thread);
}

/* The teammate's notes an action waits for, and on how many members. */
static char *pulled_notes;
static guint pulled_n;

/* The teammate changed the first members by uuid (their key): read by the uuids' index, not a
 * scan of a million rows between the window's iterations. */
static guint
count_pulled (void)
{
  sqlite3_stmt *stmt = co_store_prepare (team_store,
                                         "SELECT count(*) FROM (SELECT notes FROM members ORDER BY uuid LIMIT ?2)"
                                         " WHERE notes = ?1", NULL);
  guint n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, pulled_notes, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, pulled_n);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* Until no round runs, nothing is left to send and what the teammate changed is here. */
static gboolean
sync_under_way (void)
{
  CoSyncAgent *agent = co_sync_agent_get (team_store);
  g_autoptr(CoSyncStatus) status = NULL;

  if (connecting || co_sync_agent_get_state (agent) == CO_SYNC_AGENT_SYNCING)
    return TRUE;
  if (connect_error != NULL || co_sync_agent_get_state (agent) != CO_SYNC_AGENT_SYNCED)
    return FALSE;
  if (pulled_notes != NULL && count_pulled () < pulled_n)
    return TRUE;
  status = co_sync_get_status (team_store, NULL);
  return status != NULL && status->n_outbox > 0;
}

/* Settles @what with the sync's round counted as its work, and says when a round failed. */
static void
settle_sync (const char *what,
             gint64      start)
{
  CoSyncAgent *agent = co_sync_agent_get (team_store);

  also_busy = sync_under_way;
  settle (what, start, 0, 0);
  also_busy = NULL;
  if (connect_error != NULL || co_sync_agent_get_error (agent) != NULL)
    {
      printf ("%s: failed: %s\n", what, connect_error != NULL ? connect_error : co_sync_agent_get_error (agent));
      not_shown++;
    }
}

/* @n members' notes (fewer if the team has fewer) changed to @notes by the teammate on the
 * server, in one transaction, as their app pushes them; how many, or 0 when refused. */
static guint
teammate_changes (guint       n,
                  const char *notes)
{
  gint64 changed = 0;
  g_autofree char *sql = g_strdup_printf (
    "SELECT count (communityops.push (gen_random_uuid (), r.kind, r.key, r.group_uuid,"
    "                                 jsonb_build_object ('notes', '%s'),"
    "                                 (SELECT max (seq) FROM communityops.changes), NULL))"
    "  FROM (SELECT kind, key, group_uuid FROM communityops.records"
    "        WHERE kind = 'members' AND NOT deleted ORDER BY key LIMIT %u) r", notes, n);

  return sql_as ("teammate", TEAM_DATABASE, sql, &changed) ? (guint) changed : 0;
}

/* The workspace connected, a change made here pushed, and a teammate's changes pulled, with All
 * Members shown: each round runs in a worker, and what it wrote the pages read again. */
static void
bench_sync (CoStore *store)
{
  static const guint teammates[] = { 1, 1000 };
  gint64 start;

  team_store = store;
  if (!make_team ())
    {
      not_shown++;
      return;
    }
  ACT ("place: members", co_window_show_place (window, "members"));
  {
    /* A million members take minutes to upload: BENCH_GIVE_UP_S is for the window's answers. */
    gint64 give_up_before = give_up_us;

    give_up_us = MAX (give_up_us, 30 * 60 * G_TIME_SPAN_SECOND);
    start = g_get_monotonic_time ();
    start_connecting ();
    settle_sync ("team: connected, the workspace uploaded", start);
    give_up_us = give_up_before;
  }

  start = g_get_monotonic_time ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListStore) groups = co_group_list (store, NULL);
    g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), 0);
    g_autofree char *slogan = g_strdup_printf ("bench %" G_GINT64_FORMAT, g_get_real_time ());

    if (!co_group_set_field (store, co_group_get_id (group), CO_GROUP_FIELD_SLOGAN, slogan, &error))
      printf ("team: a change made here: %s\n", error->message);
  }
  settle_sync ("team: a change made here, pushed", start);

  for (guint i = 0; i < G_N_ELEMENTS (teammates); i++)
    {
      g_autofree char *what = NULL;

      pulled_notes = g_strdup_printf ("bench %" G_GINT64_FORMAT, g_get_real_time ());
      pulled_n = teammate_changes (teammates[i], pulled_notes);
      what = pulled_n == 1 ? g_strdup ("team: a teammate's change pulled")
                           : g_strdup_printf ("team: a teammate's %u changes pulled", pulled_n);
      if (pulled_n > 0)
        settle_sync (what, g_get_monotonic_time ());
      else
        not_shown++;
      g_clear_pointer (&pulled_notes, g_free);
    }
  g_clear_pointer (&connect_error, g_free);
}

static void
collect_drop_downs (GtkWidget *widget,
                    GPtrArray *found)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_DROP_DOWN (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_drop_downs (child, found);
}

/* Each filter of @page (its drop-downs: which members, tier, source, segment; one added later
 * too) set to its first choices in turn, then back to all, named "@prefix: filter …". */
static void
visit_filters (GtkWidget  *page,
               const char *prefix)
{
  g_autoptr(GPtrArray) drop_downs = g_ptr_array_new ();

  collect_drop_downs (page, drop_downs);
  for (guint i = 0; i < drop_downs->len; i++)
    {
      GtkDropDown *drop_down = g_ptr_array_index (drop_downs, i);
      GListModel *choices = gtk_drop_down_get_model (drop_down);
      guint n = choices != NULL ? g_list_model_get_n_items (choices) : 0;
      const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (drop_down));
      /* Named by its tooltip, or by the widget it is part of (the segments' bar). */
      g_autofree char *name = g_strdup (tooltip != NULL ? tooltip
                                                        : G_OBJECT_TYPE_NAME (gtk_widget_get_parent (GTK_WIDGET (drop_down))));

      for (guint choice = 1; choice < MIN (n, 4); choice++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (choices, choice);
          g_autofree char *what = g_strdup_printf ("%s: filter %s: %s", prefix, name,
                                                   GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item))
                                                                               : "a choice");

          ACT (what, gtk_drop_down_set_selected (drop_down, choice));
        }
      if (n > 1)
        {
          g_autofree char *what = g_strdup_printf ("%s: filter %s: all again", prefix, name);

          ACT (what, gtk_drop_down_set_selected (drop_down, 0));
        }
    }
}

/* Each page of @stack shown in turn, named "@prefix: page". */
static void
visit_pages (AdwViewStack *stack,
             const char   *prefix)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (stack);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      const char *name = adw_view_stack_page_get_name (page);
      g_autofree char *what = g_strdup_printf ("%s: %s", prefix, name);

      if (name == NULL || !gtk_widget_get_visible (adw_view_stack_page_get_child (page)))
        continue;
      ACT (what, adw_view_stack_set_visible_child_name (stack, name));
    }
}

/* Each page of the GtkStack @stack shown in turn, named "@prefix: page". */
static void
visit_stack_pages (GtkStack   *stack,
                   const char *prefix)
{
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (stack);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkStackPage *page = GTK_STACK_PAGE (item);
      const char *name = gtk_stack_page_get_name (page);
      g_autofree char *what = g_strdup_printf ("%s: %s", prefix, name);

      if (name == NULL || !gtk_widget_get_visible (gtk_stack_page_get_child (page)))
        continue;
      ACT (what, gtk_stack_set_visible_child_name (stack, name));
    }
}

/* The stacks of sections a person switches between in what the window shows (a sidebar of
 * sections, a row of view buttons), each once, in the order found. Not a group's views, switched
 * in the header: those are the group page's lines. */
static GPtrArray *
section_stacks (void)
{
  GPtrArray *stacks = g_ptr_array_new ();
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, window);
  while (!g_queue_is_empty (queue))
    {
      GtkWidget *widget = g_queue_pop_head (queue);
      gpointer stack = NULL;

      if (!gtk_widget_get_mapped (widget) || ADW_IS_VIEW_SWITCHER_TITLE (widget) || ADW_IS_VIEW_SWITCHER_BAR (widget))
        continue;
      if (GTK_IS_STACK_SIDEBAR (widget))
        stack = gtk_stack_sidebar_get_stack (GTK_STACK_SIDEBAR (widget));
      else if (GTK_IS_STACK_SWITCHER (widget))
        stack = gtk_stack_switcher_get_stack (GTK_STACK_SWITCHER (widget));
      else if (ADW_IS_VIEW_SWITCHER (widget))
        stack = adw_view_switcher_get_stack (ADW_VIEW_SWITCHER (widget));
      if (stack != NULL && !g_ptr_array_find (stacks, stack, NULL))
        g_ptr_array_add (stacks, stack);
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (queue, child);
    }
  return stacks;
}

/* Every section of the place @place shown: read from the window, so that a section added later
 * is driven too. */
static void
visit_sections (const char *place)
{
  g_autoptr(GPtrArray) stacks = section_stacks ();
  g_autofree char *prefix = g_strdup_printf ("  %s section", place);

  for (guint i = 0; i < stacks->len; i++)
    if (ADW_IS_VIEW_STACK (stacks->pdata[i]))
      visit_pages (stacks->pdata[i], prefix);
    else
      visit_stack_pages (stacks->pdata[i], prefix);
}

/* Each section of a page with a sidebar of sections (the Plan's) shown in turn, named
 * "@prefix: section", then the first again. */
static void
visit_page_sections (GtkWidget  *page,
                     const char *prefix)
{
  GtkWidget *sidebar = find_widget (page, GTK_TYPE_STACK_SIDEBAR, TRUE);
  GtkStack *stack = sidebar != NULL ? gtk_stack_sidebar_get_stack (GTK_STACK_SIDEBAR (sidebar)) : NULL;
  g_autoptr(GtkSelectionModel) sections = stack != NULL ? gtk_stack_get_pages (stack) : NULL;
  g_autofree char *first = NULL;

  for (guint i = 0; sections != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (sections)); i++)
    {
      g_autoptr(GObject) section = g_list_model_get_item (G_LIST_MODEL (sections), i);
      const char *name = gtk_stack_page_get_name (GTK_STACK_PAGE (section));
      g_autofree char *what = g_strdup_printf ("%s: %s", prefix, name);

      if (first == NULL)
        first = g_strdup (name);
      ACT (what, gtk_stack_set_visible_child_name (stack, name));
    }
  if (first != NULL)
    ACT ("  the first section again", gtk_stack_set_visible_child_name (stack, first));
}

/* The first saved segment in the Reports scope chooser, chosen as a person does; FALSE when
 * the workspace has none. */
static gboolean
choose_segment_scope (CoReportsPage *reports)
{
  GtkDropDown *scope = GTK_DROP_DOWN (find_widget (GTK_WIDGET (reports), GTK_TYPE_DROP_DOWN, TRUE));
  GListModel *titles = gtk_drop_down_get_model (scope);

  for (guint i = 0; i < g_list_model_get_n_items (titles); i++)
    {
      g_autoptr(GtkStringObject) title = g_list_model_get_item (titles, i);

      if (g_str_has_suffix (gtk_string_object_get_string (title), "(Segment)"))
        {
          gtk_drop_down_set_selected (scope, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* All Members from top to bottom as a scrollbar dragged down takes it (a new screen of rows
 * each frame, from everywhere in the list), then screen by screen as a wheel does. Each frame is
 * timed by the clock and by the main thread's processor time (the clock holds the time other
 * programs ran on a shared machine), and so is each main-loop iteration, the scroll's step in
 * its own. */
/* The rows in sight in @scrolled, and how many of them are shown empty, their member not yet read
 * (co_member_list_get_shown() left it to a worker). */
static void
count_rows_in_sight (GtkWidget *widget,
                     GtkWidget *scrolled,
                     GHashTable *seen,
                     guint      *in_sight,
                     guint      *empty)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      CoMemberRow *row = CO_IS_MEMBER_CELL (child) ? co_member_cell_get_row (CO_MEMBER_CELL (child)) : NULL;
      graphene_rect_t bounds;

      if (!CO_IS_MEMBER_CELL (child))
        {
          count_rows_in_sight (child, scrolled, seen, in_sight, empty);
          continue;
        }
      /* GtkListView 4.8 hides the rows it keeps out of sight (unmapped). */
      if (row == NULL || !gtk_widget_get_mapped (child) || !g_hash_table_add (seen, row) ||
          !gtk_widget_compute_bounds (child, scrolled, &bounds) ||
          bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= gtk_widget_get_height (scrolled))
        continue;
      (*in_sight)++;
      *empty += co_member_row_get_member (row) == NULL || co_member_get_member_id (co_member_row_get_member (row)) == 0;
    }
}

static void
scroll_all_members (Frames *frames)
{
  GtkWidget *page = find_widget (GTK_WIDGET (window), CO_TYPE_MEMBERS_PAGE, TRUE);
  GtkWidget *scrolled = page != NULL ? find_widget (page, GTK_TYPE_SCROLLED_WINDOW, TRUE) : NULL;
  GtkAdjustment *adjustment = scrolled != NULL ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)) : NULL;

  /* A list shorter than two screens does not scroll, and draws no frame for trying. */
  for (int pass = 0; adjustment != NULL && pass < 2 &&
       gtk_adjustment_get_upper (adjustment) > 2 * gtk_adjustment_get_page_size (adjustment); pass++)
    {
      gint64 scroll_start = g_get_monotonic_time ();
      double page_size = gtk_adjustment_get_page_size (adjustment);
      double upper = gtk_adjustment_get_upper (adjustment) - page_size;
      guint steps = pass == 0 ? 500 : (guint) MIN (500, upper / page_size);
      Watch watch = { 0 };
      guint in_sight = 0, empty = 0, steps_with_empty = 0;
      /* A step's processor time with its frame's: a dragged scrollbar's or a wheel's event is
       * handled in the frame that draws it, one main-loop iteration. */
      g_autoptr(GArray) step_cpus = g_array_new (FALSE, FALSE, sizeof (gint64));
      /* And everything from one step to the next: the frame, and rows a worker read meanwhile. */
      g_autoptr(GArray) cycle_cpus = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 cycle_start_cpu = -1;

      frames->longest_frame = 0;
      frames->longest_frame_cpu = 0;
      frames->slow_frames = 0;
      frames->slow_frames_cpu = 0;
      frames->frames = 0;
      frames->frame_cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint step = 1; step <= steps; step++)
        {
          guint before = frames->frames;
          gint64 deadline = g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND;
          gint64 step_start = g_get_monotonic_time (), step_cpu = thread_cpu_us ();

          if (cycle_start_cpu >= 0)
            {
              gint64 cycle = step_cpu - cycle_start_cpu;
              g_array_append_val (cycle_cpus, cycle);
            }
          cycle_start_cpu = step_cpu;

          /* The step is watched for its stacks as an iteration is. */
          iteration_begin = step_start;
          iteration_begin_cpu = step_cpu;
          gtk_adjustment_set_value (adjustment, pass == 0 ? upper * step / steps : page_size * step);
          iteration_begin_cpu = -1;
          step_cpu = thread_cpu_us () - step_cpu;
          if (g_getenv ("BENCH_ITER_LOG") && step_cpu > 8000)
            fprintf (stderr, "STEP %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %.1f\n", step_start,
                     g_get_monotonic_time (), step_cpu / 1000.0);
          watch.longest = MAX (watch.longest, g_get_monotonic_time () - step_start);
          watch.longest_cpu = MAX (watch.longest_cpu, step_cpu);
          watch.over += step_cpu > FRAME_US;
          watch.cpu += step_cpu;
          /* A step that changes nothing on screen draws no frame: do not wait for one forever. */
          while (frames->frames == before && g_get_monotonic_time () < deadline)
            iterate (&watch, 5);
          if (frames->frames > before)
            {
              gint64 with_frame = step_cpu + g_array_index (frames->frame_cpu, gint64, frames->frame_cpu->len - 1);
              g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
              guint empty_before = empty;

              gint64 counting = thread_cpu_us ();

              g_array_append_val (step_cpus, with_frame);
              count_rows_in_sight (scrolled, scrolled, seen, &in_sight, &empty);
              /* The counting is the benchmark's, not the window's. */
              cycle_start_cpu += thread_cpu_us () - counting;
              steps_with_empty += empty > empty_before;
            }
        }
      printf ("scrolling All Members (%s): the main thread's CPU a frame: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms\n",
              pass == 0 ? "top to bottom by the scrollbar" : "screen by screen",
              to_ms (percentile (frames->frame_cpu, 500)), to_ms (percentile (frames->frame_cpu, 900)),
              to_ms (percentile (frames->frame_cpu, 990)));
      g_clear_pointer (&frames->frame_cpu, g_array_unref);
      printf ("scrolling All Members (%s): the main thread's CPU a step with its frame: p50 %.1f ms, p90 %.1f ms, "
              "p99 %.1f ms (floor 16 ms)\n", pass == 0 ? "top to bottom by the scrollbar" : "screen by screen",
              to_ms (percentile (step_cpus, 500)), to_ms (percentile (step_cpus, 900)), to_ms (percentile (step_cpus, 990)));
      printf ("scrolling All Members (%s): the main thread's CPU from a step to the next: p50 %.1f ms, "
              "p90 %.1f ms, p99 %.1f ms (floor 16 ms)\n", pass == 0 ? "top to bottom by the scrollbar" : "screen by screen",
              to_ms (percentile (cycle_cpus, 500)), to_ms (percentile (cycle_cpus, 900)), to_ms (percentile (cycle_cpus, 990)));
      printf ("scrolling All Members (%s): %u frames in %.1f s; longest frame %.1f ms (floor 16 ms)%s, "
              "frames over 16 ms: %u; by the main thread's CPU: longest frame %.1f ms%s, frames over 16 ms: %u; "
              "most CPU in one main-loop iteration %.2f ms, main thread's CPU %.0f ms\n",
              pass == 0 ? "top to bottom by the scrollbar" : "screen by screen", frames->frames,
              to_ms (g_get_monotonic_time () - scroll_start) / 1000.0, to_ms (frames->longest_frame),
              frames->longest_frame > FRAME_US ? " MISSED" : "", frames->slow_frames,
              to_ms (frames->longest_frame_cpu), MAX (frames->longest_frame_cpu, watch.longest_cpu) > FRAME_US ? " MISSED" : "",
              frames->slow_frames_cpu, to_ms (watch.longest_cpu), to_ms (watch.cpu));
      printf ("scrolling All Members (%s): rows in sight shown empty in a step's frame (read by a worker "
              "after it): %u of %u, in %u steps\n", pass == 0 ? "top to bottom by the scrollbar" : "screen by screen",
              empty, in_sight, steps_with_empty);
      worst_overall = MAX (worst_overall, frames->longest_frame);
      over_overall += frames->slow_frames;
    }
}

/* The run's last line, then the window closed. The exit status: an action whose result was never
 * shown fails the run, whatever the machine's speed. */
static int
finish_run (void)
{
  printf ("overall: longest main-loop iteration %.2f ms (floor 16 ms); iterations over 16 ms: %u; "
          "actions never shown: %u\n", to_ms (worst_overall), over_overall, not_shown);
  gtk_window_destroy (GTK_WINDOW (window));
  return not_shown > 0 ? 1 : 0;
}

int
main (int    argc,
      char **argv)
{
  Frames frames = { .start = g_get_monotonic_time () };
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = NULL;
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  g_autofree char *month = co_date_add_days (today, -30);
  g_autofree char *quarter = co_date_add_days (today, -90);
  g_auto(GStrv) places = NULL;
  gboolean first_frame_only = argc == 3 && g_str_equal (argv[1], "--first-frame-only");
  gboolean only_sync = argc == 3 && g_str_equal (argv[1], "--sync");
  gboolean sample = (argc == 2 || only_sync) && g_str_equal (argv[argc - 1], "--sample");
  gboolean only_scroll = (argc == 3 && g_str_equal (argv[1], "--scroll")) ||
                         (argc == 4 && g_str_equal (argv[1], "--scroll-after"));
  g_auto(GStrv) shown_before = argc == 4 && g_str_equal (argv[1], "--scroll-after") ? g_strsplit (argv[2], ",", -1) : NULL;
  const char *only_place = argc == 4 && g_str_equal (argv[1], "--place") ? argv[2] : NULL;
  const char *only_page = argc == 4 && g_str_equal (argv[1], "--group-page") ? argv[2] : NULL;
  const char *imports = argc == 4 && g_str_equal (argv[1], "--import") ? argv[2] : NULL;
  const char *only_search = argc == 4 && g_str_equal (argv[1], "--search") ? argv[2] : NULL;
  gboolean only_pdf = argc == 3 && g_str_equal (argv[1], "--pdf");
  g_autofree char *sample_dir = NULL, *sample_path = NULL;
  const char *path = argv[argc - 1];
  GtkWidget *widget;
  gint64 group;
  int status;

  setvbuf (stdout, NULL, _IOLBF, 0);
  start_watching_stacks ();
  if (g_getenv ("BENCH_GIVE_UP_S"))
    give_up_us = g_ascii_strtoll (g_getenv ("BENCH_GIVE_UP_S"), NULL, 10) * G_TIME_SPAN_SECOND;
  if (argc != 2 && !first_frame_only && !only_scroll && only_place == NULL && only_page == NULL && imports == NULL &&
      only_search == NULL && !only_pdf && !only_sync)
    {
      fprintf (stderr, "usage: bench-window [--first-frame-only | --scroll | --scroll-after PLACE[,PLACE…] | --place NAME |"
                       " --group-page NAME | --search TEXT | --import N[,N…] | --pdf | --sync]"
                       " WORKSPACE.db"
                       " | --sample (under a display)\n");
      return 2;
    }
  if (sample)
    {
      g_autoptr(CoStore) made = NULL;

      sample_dir = g_dir_make_tmp ("bench-window-XXXXXX", &error);
      path = sample_path = g_build_filename (sample_dir, "sample.db", NULL);
      if (sample_dir == NULL || (made = co_store_open (path, &error)) == NULL || !co_sample_create (made, &error))
        {
          fprintf (stderr, "bench-window: %s\n", error->message);
          return 1;
        }
    }
  gtk_init ();
  adw_init ();
  /* A blinking cursor redraws the window twice a second: not work anyone asked for. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  /* The PDFs it exports are not the user's recent files. */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  store = co_store_open_deferring_rekey (path, &error);
  if (store == NULL)
    {
      fprintf (stderr, "bench-window: %s\n", error->message);
      return 1;
    }
  frames.loop = g_main_loop_new (NULL, FALSE);
  window = co_window_new (NULL, store);
  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "before-paint", G_CALLBACK (before_paint), &frames);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint), &frames);
  gtk_window_present (GTK_WINDOW (window));
  g_main_loop_run (frames.loop);
  printf ("first frame: %.1f ms after main(), %.1f ms of the main thread's processor time; peak memory so far %.1f MB\n",
          to_ms (frames.first_frame - frames.start), to_ms (frames.first_frame_cpu), peak_rss_mb ());
  if (first_frame_only)
    return 0;

  g_main_context_set_poll_func (NULL, timed_poll);
  settle ("start: the first screen complete", frames.first_frame, 0, 0);

  places = co_window_get_places (window);
  if (imports != NULL)
    {
      g_auto(GStrv) sizes = g_strsplit (imports, ",", -1);

      if (g_getenv ("BENCH_GIVE_UP_S") == NULL)
        give_up_us = 10 * 60 * G_TIME_SPAN_SECOND;
      /* Found before the action: the bench's own count of a million memberships is not the
       * window's. The window may have started on it: it is opened from another group. */
      group = largest_group (store);
      if (co_window_get_selected_group (window) == group)
        ACT ("another group first", co_window_select_group (window, another_group (store, group)));
      ACT ("the largest group", co_window_select_group (window, group));
      ACT ("  group page: members", adw_view_stack_set_visible_child_name (
             ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, TRUE)), "members"));
      /* As a person returns to it: from another group, its Members page shown at once. */
      ACT ("another group, on its members page", co_window_select_group (window, another_group (store, group)));
      ACT ("the largest group again, on its members page", co_window_select_group (window, group));
      for (guint i = 0; sizes[i] != NULL; i++)
        import_members ((guint) g_ascii_strtoull (sizes[i], NULL, 10));
      return finish_run ();
    }
  if (only_scroll)
    {
      /* A window whose other places were shown first: their widgets are still there. */
      for (guint i = 0; shown_before != NULL && shown_before[i] != NULL; i++)
        {
          g_autofree char *what = g_strdup_printf ("place: %s", shown_before[i]);

          if (g_str_equal (shown_before[i], "group"))
            {
              ACT ("the largest group", co_window_select_group (window, largest_group (store)));
              visit_pages (ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, TRUE)), "  group page");
            }
          else if (g_strv_contains ((const char *const *) places, shown_before[i]))
            {
              ACT (what, co_window_show_place (window, shown_before[i]));
              visit_sections (shown_before[i]);
            }
          else
            {
              g_autofree char *names = g_strjoinv (", ", places);

              fprintf (stderr, "bench-window: no place “%s”; the places are: %s, and group\n", shown_before[i], names);
              return 2;
            }
        }
      ACT ("place: members (to scroll)", co_window_show_place (window, "members"));
      scroll_all_members (&frames);
      return finish_run ();
    }
  if (only_search != NULL)
    {
      g_autofree char *what = g_strdup_printf ("  all members: search “%s”", only_search);

      ACT ("place: members", co_window_show_place (window, "members"));
      for (guint i = 0; i < 3 && (widget = find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, TRUE)) != NULL; i++)
        type_search (widget, what, only_search);
      return finish_run ();
    }
  if (only_sync)
    {
      bench_sync (store);
      status = finish_run ();
      g_clear_object (&store);
      if (sample_dir != NULL)
        test_remove_tree (sample_dir);
      return status;
    }
  if (only_pdf)
    {
      /* The report of every group's week twice, then the largest group's plan. */
      ACT ("place: reports", co_window_show_place (window, "reports"));
      for (guint i = 0; i < 2; i++)
        export_pdf (find_widget (GTK_WIDGET (window), CO_TYPE_REPORTS_PAGE, TRUE), "reports.export-pdf",
                    i == 0 ? "  reports: Export as PDF (first)" : "  reports: Export as PDF (again)");
      if ((group = largest_group (store)) != 0)
        {
          ACT ("the largest group", co_window_select_group (window, group));
          export_pdf (GTK_WIDGET (window), "win.export-plan", "  its plan: Export as PDF");
        }
      return finish_run ();
    }
  if (only_place != NULL && !g_strv_contains ((const char *const *) places, only_place))
    {
      g_autofree char *names = g_strjoinv (", ", places);

      fprintf (stderr, "bench-window: no place “%s”; the places are: %s\n", only_place, names);
      return 2;
    }
  if (only_place != NULL)
    {
      /* The place cold, then warm twice, each time from another place. */
      const char *other = g_str_equal (places[0], only_place) ? places[1] : places[0];

      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *what = g_strdup_printf ("place: %s (%s)", only_place, i == 0 ? "first" : "again");

          if (other != NULL)
            ACT ("  another place", co_window_show_place (window, other));
          ACT (what, co_window_show_place (window, only_place));
          visit_sections (only_place);
        }
      return finish_run ();
    }
  if (only_page != NULL)
    {
      /* The page cold, then warm twice, each time from another page; then the groups changed
       * while it shows, as a person goes through the sidebar. */
      const char *other = g_str_equal (only_page, "overview") ? "members" : "overview";
      AdwViewStack *pages;

      group = largest_group (store);
      ACT ("another group first", co_window_select_group (window, another_group (store, group)));
      ACT ("the largest group", co_window_select_group (window, group));
      pages = ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, TRUE));
      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *what = g_strdup_printf ("  group page: %s (%s)", only_page, i == 0 ? "first" : "again");

          ACT ("  another page", adw_view_stack_set_visible_child_name (pages, other));
          ACT (what, adw_view_stack_set_visible_child_name (pages, only_page));
        }
      visit_page_sections (adw_view_stack_get_visible_child (pages), "    section");
      if ((widget = find_widget (adw_view_stack_get_visible_child (pages), CO_TYPE_MEMBERS_PAGE, TRUE)) != NULL)
        {
          visit_filters (widget, "  group members");
          move_pointer_over (find_widget (widget, GTK_TYPE_COLUMN_VIEW, TRUE), "  group members: the pointer over 20 rows");
        }
      for (guint i = 0; i < 3; i++)
        {
          ACT ("  on it, another group", co_window_select_group (window, another_group (store, group)));
          ACT ("  on it, the largest group again", co_window_select_group (window, group));
        }
      return finish_run ();
    }
  move_pointer_over (find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW, TRUE), "the pointer over 20 groups of the sidebar");
  for (guint i = 0; places[i] != NULL; i++)
    {
      g_autofree char *what = g_strdup_printf ("place: %s", places[i]);

      ACT (what, co_window_show_place (window, places[i]));
      visit_sections (places[i]);
      if (g_str_equal (places[i], "reports"))
        {
          CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (window), CO_TYPE_REPORTS_PAGE, TRUE));

          ACT ("  reports period: the last 30 days", co_reports_page_set_period (reports, month, yesterday));
          ACT ("  reports period: 90 days, at once 30", co_reports_page_set_period (reports, quarter, yesterday);
                                                        co_reports_page_set_period (reports, month, yesterday));
          ACT ("  reports period: the week again", co_reports_page_show_week (reports, 0, yesterday));
          /* A saved segment as the scope: its people, read in the worker, in every view. */
          {
            gboolean chosen = FALSE;

            ACT ("  reports scope: a saved segment", chosen = choose_segment_scope (reports));
            if (chosen)
              visit_pages (ADW_VIEW_STACK (find_widget (GTK_WIDGET (reports), ADW_TYPE_VIEW_STACK, TRUE)),
                           "  reports view of the segment");
            ACT ("  reports scope: all groups again", co_reports_page_show_week (reports, 0, yesterday));
          }
          export_pdf (GTK_WIDGET (reports), "reports.export-pdf", "  reports: Export as PDF");
        }
      if (g_str_equal (places[i], "members") &&
          (widget = find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, TRUE)) != NULL)
        {
          type_search (widget, "  all members: search “wx00” (most contacts)", "wx00");
          type_search (widget, "  all members: search “王”", "王");
          visit_filters (find_widget (GTK_WIDGET (window), CO_TYPE_MEMBERS_PAGE, TRUE), "  all members");
          move_pointer_over (find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, TRUE),
                             "  all members: the pointer over 20 rows");
        }
    }

  if ((group = largest_group (store)) != 0)
    {
      GtkWidget *members;

      ACT ("the largest group", co_window_select_group (window, group));
      visit_pages (ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, TRUE)), "  group page");
      export_pdf (GTK_WIDGET (window), "win.export-plan", "  its plan: Export as PDF");
      ACT ("  group page: members, again", adw_view_stack_set_visible_child_name (
             ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, TRUE)), "members"));
      members = find_widget (GTK_WIDGET (window), CO_TYPE_MEMBERS_PAGE, TRUE);
      if (members != NULL && (widget = find_widget (members, GTK_TYPE_SEARCH_ENTRY, TRUE)) != NULL)
        type_search (widget, "  group members: search “wx0”", "wx0");
      if (members != NULL)
        {
          visit_filters (members, "  group members");
          move_pointer_over (find_widget (members, GTK_TYPE_COLUMN_VIEW, TRUE), "  group members: the pointer over 20 rows");
        }
    }

  ACT ("place: members (to scroll)", co_window_show_place (window, "members"));
  scroll_all_members (&frames);
  printf ("peak memory (VmHWM): %.1f MB\n", peak_rss_mb ());
  status = finish_run ();
  g_main_loop_unref (frames.loop);
  g_clear_object (&store);
  if (sample_dir != NULL)
    test_remove_tree (sample_dir);
  return status;
}
