/* bench-library.c: the library of 10,000 items (texts in Chinese and English, and small images)
 * searched as you type: each prefix of each search word typed one character at a time, run as
 * the Library place runs it (in a worker, the first CO_LIBRARY_PAGE_LIMIT matches and their
 * count), timed from the keystroke to the result; printed beside the members search's target
 * (first rows within 100 ms at p99).
 *
 *   bench-library [--items N] */
#include "config.h"

#include <cairo.h>
#include <stdio.h>

#include "core/library/co-library.h"
#include "core/store/co-store-private.h"
#include "bench-util.h"
#include "../test-util.h"

/* The Library place's limit (gui/library/co-library-page.h). */
#define PAGE_LIMIT 500
/* The members search's target for its first rows. */
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

static void
on_found (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
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
  g_autofree char *path = NULL;
  g_autoptr(CoStore) store = NULL;
  g_autoptr(GArray) worker = new_times ();
  g_autoptr(GArray) direct = new_times ();
  guint n_queries = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  store = test_open_temp_store (&path);
  fill (store, (guint) n_items);

  for (guint w = 0; w < G_N_ELEMENTS (search_words); w++)
    {
      const char *word = search_words[w];

      for (const char *end = g_utf8_next_char (word); ; end = g_utf8_next_char (end))
        {
          g_autofree char *typed = g_strndup (word, (gsize) (end - word));
          CoLibraryQuery query = { typed, NULL, NULL, NULL, PAGE_LIMIT };
          g_autoptr(GAsyncResult) result = NULL;
          g_autoptr(GPtrArray) items = NULL;
          g_autoptr(GPtrArray) again = NULL;
          guint n_matches, n_again;
          gint64 started = now_us ();

          co_library_find_async (store, &query, NULL, on_found, &result);
          while (result == NULL)
            g_main_context_iteration (NULL, TRUE);
          items = co_library_find_finish (result, &n_matches, &error);
          g_assert_no_error (error);
          append_us (worker, now_us () - started);

          started = now_us ();
          again = co_library_find (store, &query, &n_again, &error);
          append_us (direct, now_us () - started);
          g_assert_cmpuint (n_again, ==, n_matches);
          n_queries++;
          if (*end == '\0')
            {
              printf ("  “%s”: %u matches\n", typed, n_matches);
              break;
            }
        }
    }
  printf ("search as you type, %u keystrokes over %d items:\n", n_queries, n_items);
  print_spread ("  in a worker, keystroke to result (the Library place)", worker);
  print_spread ("  on the calling thread", direct);
  printf ("  target (the members search's first rows): p99 <= %.0f ms: %s\n", to_ms (FIRST_ROWS_US),
          percentile (worker, 990) <= FIRST_ROWS_US ? "met" : "NOT met");
  {
    g_autofree char *dir = g_path_get_dirname (path);
    test_remove_tree (dir);
  }
  return 0;
}
