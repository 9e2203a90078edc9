/* bench-library.c: the library of 10,000 items (texts in Chinese and English, and small images)
 * searched as you type: each prefix of each search word typed one character at a time. Printed
 * side by side in one run, as the machine's load changes from minute to minute:
 *   - the Library place's searcher (co-library-search.h: in a worker, one connection kept open),
 *     from the keystroke to the result;
 *   - the same with a connection opened for each search (as the Library did before);
 *   - the floors: the query itself on the calling thread on an open connection, and the searcher
 *     on an empty library (the hand-off to the worker and back);
 *   - the Library place in a window (under a display): for each keystroke the main thread's
 *     processor time from the keystroke until its rows are drawn, and the time to the first rows,
 *     against the members search's targets (p99 ≤ 16 ms and ≤ 100 ms).
 *
 *   bench-library [--items N] */
#include "config.h"

#include <adwaita.h>
#include <cairo.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/library/co-library.h"
#include "core/library/co-library-search.h"
#include "core/store/co-store-private.h"
#include "gui/library/co-library-page.h"
#include "bench-util.h"
#include "../test-util.h"

/* The members search's targets: main-thread time per keystroke, and its first rows. */
#define FRAME_US 16000
#define FIRST_ROWS_US 100000

static const char *const search_words[] = {
  "欢迎", "hyy", "群规 活动", "打卡提醒", "welcome", "check-in", "qgtx", "不存在的素材", "海报",
};

static const char *const phrases[] = {
  "入群欢迎语", "群规", "每周话题", "活动预告", "打卡提醒", "沉默成员唤醒", "早报", "今日精华", "新人破冰", "续费提醒",
  "Welcome message", "Group rules", "Topic of the week", "Check-in reminder", "Morning brief",
};

static cairo_status_t
append_png (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
small_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 64, 64);
  GByteArray *png = g_byte_array_new ();

  cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static void
fill (CoStore *store,
      guint    n_items)
{
  g_autoptr(GBytes) png = small_png ();
  g_autoptr(GError) error = NULL;
  gint64 started = now_us ();

  g_assert_true (co_store_begin (store, &error));
  for (guint i = 0; i < n_items; i++)
    {
      const char *phrase = phrases[i % G_N_ELEMENTS (phrases)];
      g_autofree char *title = g_strdup_printf ("%s %u", phrase, i);
      g_autofree char *body = g_strdup_printf ("【%s】欢迎 {昵称} 加入{群名}！第 %u 版：先看群公告和群规，活动报名请点{链接}。"
                                               " Welcome to {group}, version %u.", phrase, i, i);
      gboolean image = i % 20 == 0;
      CoLibraryNew item = { image ? (i % 40 == 0 ? "poster" : "qr") : "text", title, image ? NULL : body,
                            i % 3 == 0 ? "running" : "before-launch", NULL, phrase, NULL, image ? png : NULL };

      if (co_library_add (store, &item, &error) == 0)
        g_error ("%s", error->message);
    }
  g_assert_true (co_store_commit (store, &error));
  printf ("library: %u items (%u images) written in %.1f s\n", n_items, n_items / 20, to_s (now_us () - started));
}

/* The main thread's processor time: on a machine shared with other programs, wall time holds
 * their work too. */
static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

/* Every keystroke of every search word, in order, each called with the text typed so far. */
typedef void (*KeystrokeFunc) (const char *typed,
                               gboolean    last,
                               gpointer    data);

static guint
type_words (KeystrokeFunc keystroke,
            gpointer      data)
{
  guint n = 0;

  for (guint w = 0; w < G_N_ELEMENTS (search_words); w++)
    for (const char *end = g_utf8_next_char (search_words[w]); ; end = g_utf8_next_char (end))
      {
        g_autofree char *typed = g_strndup (search_words[w], (gsize) (end - search_words[w]));

        keystroke (typed, *end == '\0', data);
        n++;
        if (*end == '\0')
          break;
      }
  return n;
}

/* ---- the searches, without the page -------------------------------------------------------- */

typedef struct
{
  CoStore         *store;
  CoLibrarySearch *searcher;
  GArray          *times;
  guint            n_matches;
} Searches;

static void
on_found (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
search_kept (const char *typed, gboolean last, gpointer data)
{
  Searches *s = data;
  CoLibraryQuery query = { typed, NULL, NULL, NULL, CO_LIBRARY_PAGE_LIMIT };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = now_us ();

  co_library_search_find (s->searcher, &query, on_found, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  items = co_library_search_finish (s->searcher, result, &s->n_matches, &error);
  g_assert_no_error (error);
  append_us (s->times, now_us () - started);
  if (last && s->store != NULL)
    printf ("  “%s”: %u matches\n", typed, s->n_matches);
}

/* As the Library searched until now: a connection opened in the worker for every search. */
static void
find_opening (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CoLibraryQuery query = { data, NULL, NULL, NULL, CO_LIBRARY_PAGE_LIMIT };
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) reader = co_store_open_for_worker (co_store_get_path (source), cancellable, &error);
  GPtrArray *items = reader != NULL ? co_library_find (reader, &query, NULL, &error) : NULL;

  g_assert_no_error (error);
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
search_opening (const char *typed, gboolean last, gpointer data)
{
  Searches *s = data;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 started = now_us ();
  GTask *task = g_task_new (s->store, NULL, on_found, &result);

  g_task_set_task_data (task, g_strdup (typed), g_free);
  g_task_run_in_thread (task, find_opening);
  g_object_unref (task);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  items = g_task_propagate_pointer (G_TASK (result), NULL);
  append_us (s->times, now_us () - started);
}

static void
search_here (const char *typed, gboolean last, gpointer data)
{
  Searches *s = data;
  CoLibraryQuery query = { typed, NULL, NULL, NULL, CO_LIBRARY_PAGE_LIMIT };
  g_autoptr(GPtrArray) items = NULL;
  gint64 started = now_us ();

  items = co_library_find (s->store, &query, NULL, NULL);
  append_us (s->times, now_us () - started);
}

static void
search_each_way (const char *typed, gboolean last, gpointer data)
{
  Searches *all = data;

  search_kept (typed, last, &all[0]);
  search_opening (typed, last, &all[1]);
  search_here (typed, last, &all[2]);
  search_kept (typed, last, &all[3]);
}

/* Typed without waiting for the answers: only the last keystroke's is delivered. */
static void
bench_superseded (CoLibrarySearch *searcher)
{
  const char *word = "打卡提醒";
  guint n_answers = 0, n_cancelled = 0;
  GAsyncResult *results[8] = { NULL };
  guint n = 0;
  gint64 started = now_us ();

  for (const char *end = g_utf8_next_char (word); n < G_N_ELEMENTS (results); end = g_utf8_next_char (end))
    {
      g_autofree char *typed = g_strndup (word, (gsize) (end - word));
      CoLibraryQuery query = { typed, NULL, NULL, NULL, CO_LIBRARY_PAGE_LIMIT };

      co_library_search_find (searcher, &query, on_found, &results[n++]);
      if (*end == '\0')
        break;
    }
  while (results[n - 1] == NULL)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) items = NULL;

      while (results[i] == NULL)
        g_main_context_iteration (NULL, TRUE);
      items = co_library_search_finish (searcher, results[i], NULL, &error);
      n_answers += items != NULL;
      n_cancelled += g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_object_unref (results[i]);
    }
  printf ("  typed without waiting (“%s”, %u keystrokes): %u answered with items, %u superseded; the last in %.1f ms\n",
          word, n, n_answers, n_cancelled, to_ms (now_us () - started));
}

/* ---- the page -------------------------------------------------------------------------------- */

typedef struct
{
  CoLibraryPage *page;
  GArray        *main_thread;  /* per keystroke: the main thread's processor time until drawn */
  GArray        *first_rows;   /* per keystroke: to the first change of the list */
  GArray        *longest;      /* per keystroke: the longest iteration (processor time) */
  gint64         started;
  gboolean       changed;       /* the list changed since the keystroke */
  gint64         first_change;  /* the first frame drawn after it changed */
  guint          frames;
} Typing;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Typing *t)
{
  t->changed = TRUE;
}

static void
on_after_paint (GdkFrameClock *clock, Typing *t)
{
  t->frames++;
  if (t->changed && t->first_change == 0)
    t->first_change = now_us ();
}

/* Iterates until the page has answered and drawn it, and nothing is pending; the main thread's
 * processor time meanwhile, and its longest iteration. */
static gint64
settle (Typing *t, gint64 *longest)
{
  gint64 start_cpu = thread_cpu_us ();
  guint frames = t->frames;

  *longest = 0;
  while (co_library_page_is_loading (t->page) || g_main_context_pending (NULL) || t->frames == frames)
    {
      gint64 begin = thread_cpu_us ();

      g_main_context_iteration (NULL, TRUE);
      *longest = MAX (*longest, thread_cpu_us () - begin);
      /* A search that changed nothing on screen draws no frame. */
      if (!co_library_page_is_loading (t->page) && !g_main_context_pending (NULL) && now_us () - t->started > 500000)
        break;
    }
  return thread_cpu_us () - start_cpu;
}

static void
keystroke_page (const char *typed, gboolean last, gpointer data)
{
  Typing *t = data;
  gint64 longest, cpu;

  t->first_change = 0;
  t->started = now_us ();

  {
    gint64 begin = thread_cpu_us ();

    gtk_editable_set_text (co_library_page_get_search (t->page), typed);
    cpu = thread_cpu_us () - begin;
  }
  cpu += settle (t, &longest);
  append_us (t->main_thread, cpu);
  append_us (t->longest, longest);
  if (t->first_change != 0)
    append_us (t->first_rows, t->first_change - t->started);
  if (longest > FRAME_US || (t->first_change != 0 && t->first_change - t->started > FIRST_ROWS_US))
    printf ("    “%s”: %.1f ms of the main thread, its longest iteration %.1f ms; first rows drawn after %.1f ms\n",
            typed, to_ms (cpu), to_ms (longest), t->first_change ? to_ms (t->first_change - t->started) : 0);

}

static void
bench_page (CoStore *store)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (CO_TYPE_LIBRARY_PAGE, NULL);
  GtkWidget *entry;
  g_autoptr(GArray) main_thread = new_times ();
  g_autoptr(GArray) first_rows = new_times ();
  g_autoptr(GArray) longest = new_times ();
  Typing t = { CO_LIBRARY_PAGE (page), main_thread, first_rows, longest };
  gint64 ignored;
  guint n;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), page);
  co_library_page_set_store (CO_LIBRARY_PAGE (page), store);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), &t);
  t.started = now_us ();
  settle (&t, &ignored);
  /* What is measured is the page's: the search entry's own wait for a pause (150 ms) is not. */
  for (entry = GTK_WIDGET (co_library_page_get_search (CO_LIBRARY_PAGE (page)));
       entry != NULL && !GTK_IS_SEARCH_ENTRY (entry); entry = gtk_widget_get_parent (entry))
    ;
  if (entry != NULL)
    gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), 0);
  g_signal_connect (co_library_page_get_items (CO_LIBRARY_PAGE (page)), "items-changed",
                    G_CALLBACK (on_items_changed), &t);
  n = type_words (keystroke_page, &t);
  printf ("the Library place in a window, %u keystrokes:\n", n);
  print_spread ("  main thread's processor time per keystroke, until drawn", main_thread);
  print_spread ("  the longest iteration of each keystroke (processor time)", longest);
  print_spread ("  keystroke to the first frame drawn with its rows (first rows)", first_rows);
  printf ("  targets (the members search's): main-thread time per keystroke p99 %.2f ms <= 16 ms: %s;"
          " first rows p99 %.1f ms <= 100 ms: %s\n",
          to_ms (percentile (main_thread, 990)), percentile (main_thread, 990) <= FRAME_US ? "met" : "NOT met",
          to_ms (percentile (first_rows, 990)), percentile (first_rows, 990) <= FIRST_ROWS_US ? "met" : "NOT met");
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

int
main (int argc, char *argv[])
{
  int n_items = 10000;
  GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &n_items, "How many items", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *empty_path = NULL;
  g_autoptr(CoStore) store = NULL;
  g_autoptr(CoStore) empty = NULL;
  g_autoptr(CoLibrarySearch) searcher = NULL;
  g_autoptr(CoLibrarySearch) empty_searcher = NULL;
  g_autoptr(GArray) kept = new_times ();
  g_autoptr(GArray) opening = new_times ();
  g_autoptr(GArray) here = new_times ();
  g_autoptr(GArray) floor = new_times ();
  guint n_queries;

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  store = test_open_temp_store (&path);
  empty = test_open_temp_store (&empty_path);
  fill (store, (guint) n_items);
  searcher = co_library_search_new (store);
  empty_searcher = co_library_search_new (empty);

  /* Each keystroke searched each way in turn, so that all meet the same load. */
  {
    Searches all[] = { { store, searcher, kept, 0 }, { store, NULL, opening, 0 }, { store, NULL, here, 0 },
                       { NULL, empty_searcher, floor, 0 } };

    n_queries = type_words (search_each_way, all);
  }
  printf ("search as you type, %u keystrokes over %d items, keystroke to result:\n", n_queries, n_items);
  print_spread ("  the searcher, one connection kept (the Library place)", kept);
  printf ("    connections it opened: %u\n", co_library_search_get_n_opened (searcher));
  print_spread ("  a connection opened for each search (before)", opening);
  print_spread ("  floor: the query on the calling thread, connection open", here);
  print_spread ("  floor: the searcher on an empty library (the hand-off)", floor);
  bench_superseded (searcher);
  printf ("  target (the members search's first rows): p99 <= %.0f ms: %s\n", to_ms (FIRST_ROWS_US),
          percentile (kept, 990) <= FIRST_ROWS_US ? "met" : "NOT met");

  if (gtk_init_check ())
    {
      adw_init ();
      g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
      bench_page (store);
    }
  else
    printf ("the Library place in a window: skipped (no display; run it under xvfb-run)\n");

  g_clear_object (&searcher);
  g_clear_object (&empty_searcher);
  for (const char *const *p = (const char *const[]) { path, empty_path, NULL }; *p != NULL; p++)
    {
      g_autofree char *dir = g_path_get_dirname (*p);
      test_remove_tree (dir);
    }
  return 0;
}
