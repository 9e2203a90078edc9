/* test-library.c: the script and material library. Images checked by their headers (PNG, JPEG,
 * WebP, GIF, with their sizes) and refused when they are not one or too large (a 200 MB file
 * before it is read), translated, with nothing written; a QR code's expiry (7 days by default,
 * lapsing within 2, expired, refreshed with a new image); uses counted; search by words, tags
 * and pinyin, also in a worker; an SOP task names its step's item; and the JSON exchange
 * carrying items with their image's bytes identical, a bad image in a file refused by its path;
 * every built-in template's starter library in each language, linked from its plan. */
#include "config.h"

#include <cairo.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <locale.h>
#include <string.h>

#include "core/document/co-plan-document.h"
#include "core/exchange/co-exchange.h"
#include "core/formats/co-date.h"
#include "core/library/co-library.h"
#include "core/library/co-library-image.h"
#include "core/library/co-library-search.h"
#include "core/library/co-library-template.h"
#include "core/plan/co-template.h"
#include "core/records/co-list.h"
#include "core/sop/co-sop.h"
#include "core/sop/co-sop-tasks.h"
#include "test-util.h"

static cairo_status_t
append_png (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A real PNG of @width × @height. */
static GBytes *
make_png (int width, int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  GByteArray *png = g_byte_array_new ();

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static guint
count_items (CoStore *store)
{
  return (guint) test_sql_count (store, "SELECT count(*) FROM library_items");
}

static gint64
add_text (CoStore    *store,
          const char *title,
          const char *body,
          const char *stage,
          const char *topic)
{
  g_autoptr(GError) error = NULL;
  CoLibraryNew item = { "text", title, body, stage, NULL, topic, NULL, NULL };
  gint64 id = co_library_add (store, &item, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_headers (void)
{
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 'J', 'F', 0xff, 0xc0, 0x00, 0x11, 0x08,
                                 0x01, 0xe0, 0x02, 0x80, 0x03 };
  static const guint8 gif[] = { 'G', 'I', 'F', '8', '9', 'a', 0x40, 0x01, 0xf0, 0x00 };
  static const guint8 webp_lossless[] = { 'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L',
                                          0, 0, 0, 0, 0x2f, 0x63, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0 };
  static const guint8 webp_extended[] = { 'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X',
                                          10, 0, 0, 0, 0, 0, 0, 0, 0x37, 0x04, 0x00, 0x7f, 0x07, 0x00, 0, 0 };
  static const guint8 jpeg_scan_first[] = { 0xff, 0xd8, 0xff, 0xda, 0x00, 0x04, 0, 0, 0xff, 0xd9 };
  g_autoptr(GBytes) png = make_png (3, 2);
  CoImageInfo info;
  gsize size;
  const guint8 *data = g_bytes_get_data (png, &size);

  g_assert_true (co_image_read_header (data, size, &info));
  g_assert_cmpstr (info.type, ==, "png");
  g_assert_cmpuint (info.width, ==, 3);
  g_assert_cmpuint (info.height, ==, 2);
  /* Cut short inside the IHDR chunk: not an image. */
  g_assert_false (co_image_read_header (data, 20, &info));

  g_assert_true (co_image_read_header (jpeg, sizeof jpeg, &info));
  g_assert_cmpstr (info.type, ==, "jpeg");
  g_assert_cmpuint (info.width, ==, 640);
  g_assert_cmpuint (info.height, ==, 480);
  g_assert_false (co_image_read_header (jpeg_scan_first, sizeof jpeg_scan_first, &info));
  g_assert_false (co_image_read_header (jpeg, 12, &info));

  g_assert_true (co_image_read_header (gif, sizeof gif, &info));
  g_assert_cmpstr (info.type, ==, "gif");
  g_assert_cmpuint (info.width, ==, 320);
  g_assert_cmpuint (info.height, ==, 240);

  g_assert_true (co_image_read_header (webp_lossless, sizeof webp_lossless, &info));
  g_assert_cmpstr (info.type, ==, "webp");
  g_assert_cmpuint (info.width, ==, 100);
  g_assert_cmpuint (info.height, ==, 1);
  g_assert_true (co_image_read_header (webp_extended, sizeof webp_extended, &info));
  g_assert_cmpuint (info.width, ==, 1080);
  g_assert_cmpuint (info.height, ==, 1920);

  g_assert_false (co_image_read_header ((const guint8 *) "hello, world, this is text, not an image", 40, &info));
  g_assert_false (co_image_read_header (NULL, 0, &info));
}

/* Not an image, too large, or a file of 200 MB: each a translated message and no row. */
static void
test_bad_images (WorkspaceFixture *f, gconstpointer data)
{
  g_autofree char *text_path = g_build_filename (f->dir, "notes.png", NULL);
  g_autofree char *huge_path = g_build_filename (f->dir, "huge.png", NULL);
  g_autoptr(GBytes) png = make_png (4, 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) image = NULL;
  GByteArray *big = g_byte_array_sized_new (CO_LIBRARY_IMAGE_MAX_BYTES + 1);
  g_autoptr(GBytes) too_big = NULL;
  CoLibraryNew poster = { "poster", "海报", NULL, NULL, NULL, NULL, NULL, NULL };
  int fd;

  /* A text file named .png. */
  g_assert_true (g_file_set_contents (text_path, "欢迎加入！这不是图片。", -1, NULL));
  image = co_library_read_image_file (text_path, &error);
  g_assert_null (image);
  g_assert_error (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_NOT_IMAGE);
  g_assert_nonnull (strstr (error->message, "PNG, JPEG, WebP or GIF"));
  g_clear_error (&error);

  /* 200 MB (sparse): refused before it is read, saying its size. */
  fd = g_open (huge_path, O_CREAT | O_WRONLY, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 200 * 1000 * 1000), ==, 0);
  g_close (fd, NULL);
  image = co_library_read_image_file (huge_path, &error);
  g_assert_null (image);
  g_assert_error (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "200.0"));
  g_assert_nonnull (strstr (error->message, "up to 20.0"));
  g_clear_error (&error);

  /* Bytes over the limit, though they begin as a PNG. */
  g_byte_array_append (big, g_bytes_get_data (png, NULL), (guint) g_bytes_get_size (png));
  g_byte_array_set_size (big, CO_LIBRARY_IMAGE_MAX_BYTES + 1);
  too_big = g_byte_array_free_to_bytes (big);
  poster.image = too_big;
  g_assert_cmpint (co_library_add (f->store, &poster, &error), ==, 0);
  g_assert_error (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* An image kind without an image, a text with one. */
  poster.image = NULL;
  g_assert_cmpint (co_library_add (f->store, &poster, &error), ==, 0);
  g_assert_error (error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_NOT_IMAGE);
  g_clear_error (&error);
  {
    CoLibraryNew text = { "text", "欢迎语", "你好", NULL, NULL, NULL, NULL, png };
    g_assert_cmpint (co_library_add (f->store, &text, &error), ==, 0);
    g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
    g_clear_error (&error);
  }
  g_assert_cmpuint (count_items (f->store), ==, 0);

  /* In Chinese. */
  {
    const char *old = g_getenv ("LANGUAGE");
    g_autofree char *kept = g_strdup (old);

    g_setenv ("LANGUAGE", "zh_CN", TRUE);
    setlocale (LC_ALL, "zh_CN.UTF-8");
    image = co_library_read_image_file (text_path, &error);
    g_assert_null (image);
    g_assert_nonnull (strstr (error->message, "图片"));
    g_clear_error (&error);
    if (kept != NULL)
      g_setenv ("LANGUAGE", kept, TRUE);
    else
      g_unsetenv ("LANGUAGE");
    setlocale (LC_ALL, "C.UTF-8");
  }
}

/* A field refused after the row was begun leaves no row. */
static void
test_nothing_half_written (WorkspaceFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CoLibraryNew bad_stage = { "text", "欢迎语", "欢迎 {昵称}", "someday", NULL, NULL, NULL, NULL };
  CoLibraryNew bad_variable = { "text", "欢迎语", "欢迎 {外号}", NULL, NULL, NULL, NULL, NULL };
  CoLibraryNew expiring_text = { "text", "欢迎语", "欢迎", NULL, NULL, NULL, "2026-12-01", NULL };
  CoLibraryNew no_title = { "text", "  ", "欢迎", NULL, NULL, NULL, NULL, NULL };

  g_assert_cmpint (co_library_add (f->store, &bad_stage, &error), ==, 0);
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_cmpint (co_library_add (f->store, &bad_variable, &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "{外号}"));
  g_clear_error (&error);
  g_assert_cmpint (co_library_add (f->store, &expiring_text, &error), ==, 0);
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
  g_clear_error (&error);
  g_assert_cmpint (co_library_add (f->store, &no_title, &error), ==, 0);
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_cmpuint (count_items (f->store), ==, 0);

  /* An edit whose last field is refused changes nothing. */
  {
    gint64 id = add_text (f->store, "欢迎语", "欢迎 {昵称}", "before-launch", "欢迎");
    CoLibraryNew edit = { NULL, "新欢迎语", "欢迎 {外号}", "running", NULL, "新人", NULL, NULL };
    g_autofree char *before = test_sql_rows (f->store, "SELECT title, body, stage, topic FROM library_items");
    g_autofree char *after = NULL;

    g_assert_false (co_library_update (f->store, id, &edit, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    after = test_sql_rows (f->store, "SELECT title, body, stage, topic FROM library_items");
    g_assert_cmpstr (after, ==, before);
    edit.body = "欢迎 {昵称}，看群公告";
    g_assert_true (co_library_update (f->store, id, &edit, &error));
    g_clear_pointer (&after, g_free);
    after = test_sql_rows (f->store, "SELECT title, body, stage, group_type, topic FROM library_items");
    g_assert_cmpstr (after, ==, "新欢迎语|欢迎 {昵称}，看群公告|running|-|新人");
    test_sql_exec (f->store, "DELETE FROM library_items");
  }
  /* An image stays an image. */
  {
    g_autoptr(GBytes) png = make_png (2, 2);
    CoLibraryNew poster = { "poster", "海报", NULL, NULL, NULL, NULL, NULL, png };
    gint64 id = co_library_add (f->store, &poster, &error);

    g_assert_no_error (error);
    g_assert_false (co_list_set (f->store, CO_LIST_LIBRARY, id, "kind", "text", &error));
    g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
    g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM library_items WHERE kind = 'poster'"), ==, 1);
  }
}

static void
test_qr (WorkspaceFixture *f, gconstpointer data)
{
  g_autoptr(GBytes) qr_image = make_png (50, 50);
  g_autoptr(GBytes) new_image = make_png (60, 60);
  g_autoptr(GError) error = NULL;
  g_autofree char *today = co_date_today ();
  g_autofree char *in_seven = co_date_add_days (today, 7);
  g_autofree char *in_two = co_date_add_days (today, 2);
  g_autofree char *yesterday = co_date_add_days (today, -1);
  CoLibraryNew qr = { "qr", "读书群二维码", NULL, NULL, NULL, NULL, NULL, qr_image };
  gint64 id = co_library_add (f->store, &qr, &error);
  g_autoptr(CoLibraryItem) item = NULL;
  g_autoptr(GPtrArray) lapsing = NULL;
  g_autofree char *described = NULL;
  int left;

  g_assert_no_error (error);
  item = co_library_get (f->store, id, &error);
  g_assert_cmpstr (co_library_item_get_expires (item), ==, in_seven);
  g_assert_cmpint (co_library_qr_state (item, NULL, &left), ==, CO_QR_VALID);
  g_assert_cmpint (left, ==, 7);
  g_assert_cmpuint (co_library_item_get_width (item), ==, 50);
  described = co_library_describe_expiry (item, NULL);
  g_assert_cmpstr (described, ==, "Lapses in 7 days");
  lapsing = co_library_lapsing_qr (f->store, NULL, &error);
  g_assert_cmpuint (lapsing->len, ==, 0);
  g_clear_pointer (&lapsing, g_ptr_array_unref);

  /* Two days left: lapsing, and Today's list has it. */
  g_assert_true (co_list_set (f->store, CO_LIST_LIBRARY, id, "expires", in_two, &error));
  g_clear_object (&item);
  item = co_library_get (f->store, id, &error);
  g_assert_cmpint (co_library_qr_state (item, NULL, &left), ==, CO_QR_LAPSING);
  g_assert_cmpint (left, ==, 2);
  lapsing = co_library_lapsing_qr (f->store, NULL, &error);
  g_assert_cmpuint (lapsing->len, ==, 1);
  g_clear_pointer (&lapsing, g_ptr_array_unref);
  /* On its last day, and the day after. */
  g_clear_pointer (&described, g_free);
  described = co_library_describe_expiry (item, in_two);
  g_assert_cmpstr (described, ==, "Lapses after today");
  g_assert_cmpint (co_library_qr_state (item, in_seven, &left), ==, CO_QR_EXPIRED);
  g_assert_cmpint (left, ==, -5);

  g_assert_true (co_list_set (f->store, CO_LIST_LIBRARY, id, "expires", yesterday, &error));
  g_clear_object (&item);
  item = co_library_get (f->store, id, &error);
  g_assert_cmpint (co_library_qr_state (item, NULL, NULL), ==, CO_QR_EXPIRED);
  g_clear_pointer (&described, g_free);
  described = co_library_describe_expiry (item, NULL);
  g_assert_cmpstr (described, ==, "Expired 1 day ago");

  /* A new QR code: its image replaced, seven days again. */
  g_assert_true (co_library_set_image (f->store, id, new_image, &error));
  g_assert_no_error (error);
  g_clear_object (&item);
  item = co_library_get (f->store, id, &error);
  g_assert_cmpstr (co_library_item_get_expires (item), ==, in_seven);
  g_assert_cmpuint (co_library_item_get_width (item), ==, 60);
  {
    g_autoptr(GBytes) stored = co_library_dup_image (f->store, id, &error);
    g_assert_true (g_bytes_equal (stored, new_image));
  }
  /* A text is no QR code. */
  {
    gint64 text = add_text (f->store, "群规", "不发广告", NULL, NULL);
    g_autoptr(CoLibraryItem) rules = co_library_get (f->store, text, &error);
    g_assert_cmpint (co_library_qr_state (rules, NULL, NULL), ==, CO_QR_NOT_A_QR);
    g_assert_null (co_library_describe_expiry (rules, NULL));
    g_assert_false (co_library_set_image (f->store, text, new_image, &error));
    g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
  }
}

/* Copy counts; an SOP task names its step's item. */
static void
test_uses (WorkspaceFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_text (f->store, "欢迎语", "欢迎 {昵称} 加入{群名}", "before-launch", NULL);
  gint64 step = co_list_add (f->store, CO_LIST_SOP_STEPS, f->group, &error);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autoptr(CoLibraryItem) item = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *filled = NULL;

  g_assert_true (co_library_record_use (f->store, id, &error));
  g_assert_true (co_library_record_use (f->store, id, &error));
  item = co_library_get (f->store, id, &error);
  g_assert_cmpuint (co_library_item_get_use_count (item), ==, 2);
  g_assert_nonnull (co_library_item_get_last_used (item));

  filled = co_library_fill_for_group (f->store, item, f->group);
  g_assert_cmpstr (filled, ==, "欢迎 {昵称} 加入Test Group");

  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "title", "欢迎", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "trigger", "weekly", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "weekday", "mon", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "time", "20:00", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "library_item_id", id_text, &error));
  g_assert_no_error (error);
  g_assert_true (co_sop_expand (f->store, 0, now, &error));
  tasks = co_sop_tasks (f->store, NULL, "2100-01-01 00:00", f->group, 0, TRUE, 1, &error);
  g_assert_cmpuint (tasks->len, ==, 1);
  g_assert_cmpint (((CoSopTask *) tasks->pdata[0])->library_item_id, ==, id);

  /* An item in the trash is not to be named, nor counted. */
  g_assert_true (co_list_remove (f->store, CO_LIST_LIBRARY, id, &error));
  g_assert_false (co_list_set (f->store, CO_LIST_CONTENT, co_list_add (f->store, CO_LIST_CONTENT, f->group, NULL),
                               "library_item_id", id_text, &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND);
}

static char *
titles (GPtrArray *items)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    g_string_append_printf (text, "%s%s", i ? "," : "", co_library_item_get_title (items->pdata[i]));
  return g_string_free (text, FALSE);
}

static char *
find (CoStore *store, const char *search, const char *kind, const char *stage, guint limit, guint *n)
{
  g_autoptr(GError) error = NULL;
  CoLibraryQuery query = { search, kind, stage, NULL, limit };
  g_autoptr(GPtrArray) items = co_library_find (store, &query, n, &error);

  g_assert_no_error (error);
  return titles (items);
}

static void
on_found (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
test_search (WorkspaceFixture *f, gconstpointer data)
{
  g_autoptr(GBytes) png = make_png (8, 8);
  CoLibraryNew poster = { "poster", "读书会海报", NULL, "running", NULL, "活动", NULL, png };
  guint n = 0;
  char *found;

  add_text (f->store, "入群欢迎语", "欢迎 {昵称} 加入！先看群公告。", "before-launch", "欢迎");
  add_text (f->store, "Group rules", "No ads. Be kind.", "before-launch", "rules");
  add_text (f->store, "打卡提醒", "今天还没打卡的小伙伴抓紧啦", "running", "打卡");
  g_assert_cmpint (co_library_add (f->store, &poster, NULL), >, 0);

#define FIND(search, kind, stage, expected) \
  found = find (f->store, search, kind, stage, 0, &n); g_assert_cmpstr (found, ==, expected); g_free (found)
  FIND (NULL, NULL, NULL, "入群欢迎语,Group rules,打卡提醒,读书会海报");
  FIND ("欢迎", NULL, NULL, "入群欢迎语");
  /* Pinyin of the title, in full, by initials, and of the topic. */
  FIND ("hyy", NULL, NULL, "入群欢迎语");
  FIND ("ruqun", NULL, NULL, "入群欢迎语");
  FIND ("daka", NULL, NULL, "打卡提醒");
  FIND ("huodong", NULL, NULL, "读书会海报");
  /* Words of the text, in any case, each word anywhere. */
  FIND ("ADS kind", NULL, NULL, "Group rules");
  FIND ("欢迎 公告", NULL, NULL, "入群欢迎语");
  FIND ("欢迎 打卡", NULL, NULL, "");
  /* Tags: the topic as a word, the phase and the kind as filters. */
  FIND ("rules", NULL, NULL, "Group rules");
  FIND (NULL, NULL, "running", "打卡提醒,读书会海报");
  FIND (NULL, "image", NULL, "读书会海报");
  FIND (NULL, "text", "before-launch", "入群欢迎语,Group rules");
  /* A tag's label or keyword as a word: the phase, the kind. */
  FIND ("running", NULL, NULL, "打卡提醒,读书会海报");
  FIND ("Poster", NULL, NULL, "读书会海报");
  FIND ("launch rules", NULL, NULL, "Group rules");
#undef FIND
  /* A limit still counts every match. */
  found = find (f->store, NULL, NULL, NULL, 2, &n);
  g_assert_cmpstr (found, ==, "入群欢迎语,Group rules");
  g_assert_cmpuint (n, ==, 4);
  g_free (found);

}

static GPtrArray *
wait_for_answer (CoLibrarySearch  *searcher,
                 GAsyncResult    **result,
                 guint            *n,
                 GError          **error)
{
  GPtrArray *items;

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  items = co_library_search_finish (searcher, *result, n, error);
  g_clear_object (result);
  return items;
}

/* Searched as you type: every search on one connection, opened once; a search asked for while
 * another runs supersedes it, which answers "cancelled", never with its items; a change written
 * meanwhile is found by the next search; stopped, the running search answers "cancelled". */
static void
test_search_as_you_type (WorkspaceFixture *f, gconstpointer data)
{
  g_autoptr(CoLibrarySearch) searcher = co_library_search_new (f->store);
  const char *typed[] = { "h", "hy", "hyy" };
  GAsyncResult *results[G_N_ELEMENTS (typed)] = { NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  CoLibraryQuery welcome = { "欢迎", NULL, NULL, NULL, 0 };
  char *found;
  guint n = 0;

  add_text (f->store, "入群欢迎语", "欢迎 {昵称} 加入！先看群公告。", "before-launch", "欢迎");
  add_text (f->store, "Group rules", "No ads. Be kind.", "before-launch", "rules");

  /* Three keystrokes without waiting: only the last one's answer has items. */
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      CoLibraryQuery query = { typed[i], NULL, NULL, NULL, 0 };

      co_library_search_find (searcher, &query, on_found, &results[i]);
    }
  g_assert_true (co_library_search_is_busy (searcher));
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autoptr(GPtrArray) answer = wait_for_answer (searcher, &results[i], &n, &error);

      if (i + 1 < G_N_ELEMENTS (typed))
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_null (answer);
          g_clear_error (&error);
          continue;
        }
      g_assert_no_error (error);
      found = titles (answer);
      g_assert_cmpstr (found, ==, "入群欢迎语");
      g_assert_cmpuint (n, ==, 1);
      g_free (found);
    }
  g_assert_false (co_library_search_is_busy (searcher));

  /* Written since: found by the next search, on the same connection. */
  add_text (f->store, "欢迎新人", "新人请先改群昵称。", "running", "欢迎");
  co_library_search_find (searcher, &welcome, on_found, &result);
  items = wait_for_answer (searcher, &result, &n, &error);
  g_assert_no_error (error);
  found = titles (items);
  g_assert_cmpstr (found, ==, "入群欢迎语,欢迎新人");
  g_assert_cmpuint (n, ==, 2);
  g_free (found);
  g_assert_cmpuint (co_library_search_get_n_opened (searcher), ==, 1);

  /* Stopped (the Library place goes away): the running search answers "cancelled". */
  co_library_search_find (searcher, &welcome, on_found, &result);
  co_library_search_stop (searcher);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = wait_for_answer (searcher, &result, &n, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (items);
  g_assert_false (co_library_search_is_busy (searcher));
}

/* Export and import into another workspace: the items, their image's bytes identical, and the
 * SOP step and content item that name them. */
static void
test_exchange (WorkspaceFixture *f, gconstpointer data)
{
  const char *rows_sql = "SELECT uuid, kind, title, body, stage, group_type, topic, expires, image_type, image_width,"
                         " image_height, hex (image) FROM library_items ORDER BY uuid";
  const char *links_sql = "SELECT l.title FROM sop_steps s JOIN library_items l ON l.id = s.library_item_id"
                          " UNION ALL SELECT l.title FROM content_items c JOIN library_items l ON l.id = c.library_item_id";
  g_autoptr(GBytes) png = make_png (30, 20);
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = NULL;
  g_autoptr(CoStore) other = test_open_temp_store (&other_path);
  CoLibraryNew qr = { "qr", "群二维码", "扫码入群", "running", "startup", "拉新", "2026-12-20", png };
  gint64 qr_id = co_library_add (f->store, &qr, &error);
  gint64 text_id = add_text (f->store, "欢迎语", "欢迎 {昵称}", "before-launch", "欢迎");
  gint64 step = co_list_add (f->store, CO_LIST_SOP_STEPS, f->group, &error);
  gint64 content = co_list_add (f->store, CO_LIST_CONTENT, f->group, &error);
  g_autofree char *qr_text = g_strdup_printf ("%" G_GINT64_FORMAT, qr_id);
  g_autofree char *text_text = g_strdup_printf ("%" G_GINT64_FORMAT, text_id);
  g_autofree char *before = NULL, *after = NULL, *links_before = NULL, *links_after = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CoExchange *exchange;

  g_assert_no_error (error);
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "library_item_id", text_text, &error));
  g_assert_true (co_list_set (f->store, CO_LIST_CONTENT, content, "library_item_id", qr_text, &error));
  before = test_sql_rows (f->store, rows_sql);
  links_before = test_sql_rows (f->store, links_sql);

  bytes = co_exchange_export (f->store, 0, &error);
  g_assert_no_error (error);
  exchange = co_exchange_read (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (co_exchange_import (exchange, other, CO_EXCHANGE_REPLACE, NULL, &error));
  g_assert_no_error (error);
  co_exchange_free (exchange);
  after = test_sql_rows (other, rows_sql);
  links_after = test_sql_rows (other, links_sql);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (links_after, ==, links_before);
  g_assert_cmpstr (links_after, ==, "欢迎语, 群二维码");
  {
    g_autoptr(GBytes) stored = NULL;
    gint64 other_id = test_sql_count (other, "SELECT id FROM library_items WHERE kind = 'qr'");

    stored = co_library_dup_image (other, other_id, &error);
    g_assert_true (g_bytes_equal (stored, png));
  }

  /* A file whose image is not one: refused where it is, nothing written. */
  {
    g_autofree char *json = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    g_autofree char *encoded = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
    g_autofree char *bad_encoded = g_base64_encode ((const guchar *) "plain text, no image", 20);
    g_autofree char *bad_path = NULL;
    g_autoptr(CoStore) third = test_open_temp_store (&bad_path);
    g_autoptr(GString) bad = g_string_new (json);
    g_autoptr(GBytes) bad_bytes = NULL;

    g_assert_cmpuint (g_string_replace (bad, encoded, bad_encoded, 1), ==, 1);
    bad_bytes = g_string_free_to_bytes (g_steal_pointer (&bad));
    exchange = co_exchange_read (bad_bytes, &error);
    if (exchange != NULL)
      {
        g_assert_false (co_exchange_import (exchange, third, CO_EXCHANGE_REPLACE, NULL, &error));
        co_exchange_free (exchange);
      }
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "$.library_items[0].image"));
    g_assert_cmpint (test_sql_count (third, "SELECT count(*) FROM library_items"), ==, 0);
  }
}

/* The 13-step launch template brings its starter library, in the user's language, and links
 * its content calendar to it; a second group shares the items; a template saved from a plan
 * keeps its links. */
static void
test_template (WorkspaceFixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) templates = co_template_list ();
  g_autoptr(JsonNode) launch = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *links = NULL;
  g_autofree char *saved_text = NULL;
  gint64 second;

  for (guint i = 0; i < templates->len && launch == NULL; i++)
    {
      CoTemplateInfo *info = templates->pdata[i];
      if (info->resource != NULL && strstr (info->resource, "launch-13-steps") != NULL)
        launch = co_template_load (info, &error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (launch);
  g_assert_true (co_template_apply (f->store, f->group, launch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM library_items WHERE kind = 'text'"), ==, 8);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM library_items WHERE title = 'Group rules'"
                                             " AND body LIKE '{group} rules%'"), ==, 1);
  links = test_sql_rows (f->store, "SELECT c.slot, l.title FROM content_items c JOIN library_items l"
                                   " ON l.id = c.library_item_id ORDER BY c.position");
  g_assert_cmpstr (links, ==, "morning-report|Morning brief, evening-report|Best of the day, "
                              "rules-reminder|Group rules, rules-reminder|Group rules");

  second = co_template_create_group (f->store, "Second", 0, NULL, launch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, 0);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM library_items"), ==, 8);

  /* Saved as a template: the links by title, the items in its library. */
  saved = co_template_from_plan (f->store, second, "Mine", &error);
  g_assert_no_error (error);
  saved_text = json_to_string (saved, FALSE);
  g_assert_nonnull (strstr (saved_text, "\"library\":\"Group rules\""));
  g_assert_nonnull (strstr (saved_text, "\"title\":\"Morning brief\""));
  g_assert_null (strstr (saved_text, "Wake a quiet member"));
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

/* How many of the group's content items and SOP steps name library item @id. */
static gint64
count_links (CoStore    *store,
             gint64      group,
             gint64      id,
             const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE group_id = %" G_GINT64_FORMAT
                                          " AND library_item_id = %" G_GINT64_FORMAT, table, group, id);

  return test_sql_count (store, sql);
}

/* Whether the Library finds item @id by its topic within its phase. */
static gboolean
found_by_tags (CoStore       *store,
               CoLibraryItem *item)
{
  CoLibraryQuery query = { co_library_item_get_topic (item), "text", co_library_item_get_stage (item), NULL, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = co_library_find (store, &query, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    if (co_library_item_get_id (found->pdata[i]) == co_library_item_get_id (item))
      return TRUE;
  return FALSE;
}

/* A step that brings a text of the library fills its variables: the text uses only those the
 * step knows ({昵称} from a member joining, {活动} from an activity, {链接} from its link). */
static void
assert_step_knows_variables (CoStore       *store,
                             gint64         group,
                             CoLibraryItem *item)
{
  g_autofree char *sql = g_strdup_printf ("SELECT trigger, link FROM sop_steps WHERE group_id = %" G_GINT64_FORMAT
                                          " AND library_item_id = %" G_GINT64_FORMAT, group,
                                          co_library_item_get_id (item));
  g_autofree char *steps = test_sql_rows (store, sql);
  const char *body = co_library_item_get_body (item);
  g_auto(GStrv) rows = g_strsplit (steps, ", ", -1);

  for (guint i = 0; rows[i] != NULL && *rows[i] != '\0'; i++)
    {
      if (strstr (body, "{昵称}") != NULL || strstr (body, "{nickname}") != NULL)
        g_assert_true (g_str_has_prefix (rows[i], "joined|"));
      if (strstr (body, "{活动}") != NULL || strstr (body, "{activity}") != NULL)
        g_assert_true (g_str_has_prefix (rows[i], "activity|"));
      if (strstr (body, "{链接}") != NULL || strstr (body, "{link}") != NULL)
        g_assert_false (g_str_has_suffix (rows[i], "|-"));
    }
}

/* Every built-in template, in each language, brings a starter library of its own, written in
 * that language: each item tagged by phase and topic, named by the plan's content calendar or
 * SOP or found by its tags in the Library; its content calendar and SOP name some of them; no
 * template reuses another's items by a shared title. */
static void
test_builtin_template_libraries (WorkspaceFixture *f, gconstpointer data)
{
  const char *language = data;
  gboolean chinese = g_str_has_prefix (language, "zh");
  g_autoptr(GPtrArray) templates = NULL;
  gint64 expected = 0;
  guint n_templates = 0;

  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, chinese ? "zh_CN.UTF-8" : "C.UTF-8");
  templates = co_template_list ();
  for (guint t = 0; t < templates->len; t++)
    {
      CoTemplateInfo *info = templates->pdata[t];
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonArray *library;
      gint64 group, content_links = 0, step_links = 0;

      if (info->resource == NULL)
        continue;
      g_test_message ("%s: %s", language, info->resource);
      g_assert_true (strstr (info->resource, chinese ? ".zh_CN.json" : ".en.json") != NULL);
      root = co_template_load (info, &error);
      g_assert_no_error (error);
      library = json_object_get_array_member (json_node_get_object (root), "library");
      g_assert_nonnull (library);
      g_assert_cmpuint (json_array_get_length (library), >=, 6);
      group = co_template_create_group (f->store, info->name, 0, NULL, root, &error);
      g_assert_no_error (error);
      g_assert_cmpint (group, >, 0);
      g_assert_cmpuint (test_sql_count (f->store, "SELECT count(*) FROM library_items"), ==,
                        expected + json_array_get_length (library));
      expected += json_array_get_length (library);

      for (guint i = 0; i < json_array_get_length (library); i++)
        {
          const char *title = json_object_get_string_member (json_array_get_object_element (library, i), "title");
          g_autoptr(CoLibraryItem) item = co_library_get (f->store, co_library_find_title (f->store, title), &error);
          gint64 content, steps;

          g_assert_no_error (error);
          g_assert_nonnull (item);
          g_assert_cmpstr (co_library_item_get_kind (item), ==, "text");
          g_assert_nonnull (co_library_item_get_stage (item));
          g_assert_nonnull (co_library_item_get_topic (item));
          g_assert_cmpuint (strlen (co_library_item_get_body (item)), >, 40);
          g_assert_true (has_han (title) == chinese);
          g_assert_true (has_han (co_library_item_get_topic (item)) == chinese);
          g_assert_true (has_han (co_library_item_get_body (item)) == chinese);
          content = count_links (f->store, group, co_library_item_get_id (item), "content_items");
          steps = count_links (f->store, group, co_library_item_get_id (item), "sop_steps");
          if (content + steps == 0)
            g_assert_true (found_by_tags (f->store, item));
          assert_step_knows_variables (f->store, group, item);
          content_links += content;
          step_links += steps;
        }
      g_assert_cmpint (content_links, >=, 3);
      g_assert_cmpint (co_sop_count_steps (f->store, group), >=, 5);
      g_assert_cmpint (step_links, >=, 1);
      n_templates++;
    }
  g_assert_cmpuint (n_templates, ==, 4);
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
}

/* Whether @needle is in the @length bytes of @data, NUL bytes and all. */
static gboolean
bytes_contain (const char *data,
               gsize       length,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The plan's PDF prints the images its content calendar and SOP name: a PNG drawn, a JPEG
 * embedded as it is; an image no item of the plan names is left out. */
static void
test_plan_pdf (WorkspaceFixture *f, gconstpointer data)
{
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20, 0x03, 1, 0x22, 0,
                                 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9 };
  g_autoptr(GBytes) png = make_png (90, 160);
  g_autoptr(GBytes) jpeg_bytes = g_bytes_new_static (jpeg, sizeof jpeg);
  g_autoptr(GBytes) unused_png = make_png (10, 10);
  CoLibraryNew poster = { "poster", "春季海报", NULL, NULL, NULL, NULL, NULL, png };
  CoLibraryNew photo = { "slogan", "口号图", NULL, NULL, NULL, NULL, NULL, jpeg_bytes };
  CoLibraryNew unused = { "poster", "没用上的海报", NULL, NULL, NULL, NULL, NULL, unused_png };
  g_autoptr(GError) error = NULL;
  gint64 poster_id = co_library_add (f->store, &poster, &error);
  gint64 photo_id = co_library_add (f->store, &photo, &error);
  g_autofree char *poster_text = g_strdup_printf ("%" G_GINT64_FORMAT, poster_id);
  g_autofree char *photo_text = g_strdup_printf ("%" G_GINT64_FORMAT, photo_id);
  gint64 content = co_list_add (f->store, CO_LIST_CONTENT, f->group, &error);
  gint64 step = co_list_add (f->store, CO_LIST_SOP_STEPS, f->group, &error);
  g_autoptr(GPtrArray) images = NULL;
  g_autofree char *path = g_build_filename (f->dir, "plan.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *pdf = NULL;
  gsize length;
  CoDocument *document;

  g_assert_cmpint (co_library_add (f->store, &unused, &error), >, 0);
  g_assert_true (co_list_set (f->store, CO_LIST_CONTENT, content, "library_item_id", poster_text, &error));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "library_item_id", photo_text, &error));
  g_assert_no_error (error);
  images = co_library_plan_images (f->store, f->group, &error);
  g_assert_cmpuint (images->len, ==, 2);

  document = co_plan_document_new (f->store, &f->group, 1, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (co_document_write_pdf (document, CO_PAPER_A4, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  co_document_free (document);
  g_assert_true (g_file_get_contents (path, &pdf, &length, NULL));
  /* The JPEG as its own bytes; the PNG as an image of its size. */
  g_assert_true (bytes_contain (pdf, length, "/DCTDecode"));
  g_assert_true (bytes_contain (pdf, length, "/Width 90"));
  g_assert_false (bytes_contain (pdf, length, "/Width 10\n"));
  g_assert_false (bytes_contain (pdf, length, "/Width 10 "));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  test_bind_translations ();

  g_test_add_func ("/library/headers", test_headers);
  g_test_add ("/library/bad-images", WorkspaceFixture, NULL, workspace_set_up, test_bad_images, workspace_tear_down);
  g_test_add ("/library/nothing-half-written", WorkspaceFixture, NULL, workspace_set_up, test_nothing_half_written,
              workspace_tear_down);
  g_test_add ("/library/qr", WorkspaceFixture, NULL, workspace_set_up, test_qr, workspace_tear_down);
  g_test_add ("/library/uses", WorkspaceFixture, NULL, workspace_set_up, test_uses, workspace_tear_down);
  g_test_add ("/library/search", WorkspaceFixture, NULL, workspace_set_up, test_search, workspace_tear_down);
  g_test_add ("/library/search-as-you-type", WorkspaceFixture, NULL, workspace_set_up, test_search_as_you_type,
              workspace_tear_down);
  g_test_add ("/library/exchange", WorkspaceFixture, NULL, workspace_set_up, test_exchange, workspace_tear_down);
  g_test_add ("/library/plan-pdf", WorkspaceFixture, NULL, workspace_set_up, test_plan_pdf, workspace_tear_down);
  g_test_add ("/library/template", WorkspaceFixture, NULL, workspace_set_up, test_template, workspace_tear_down);
  g_test_add ("/library/builtin-templates/en", WorkspaceFixture, "en", workspace_set_up,
              test_builtin_template_libraries, workspace_tear_down);
  g_test_add ("/library/builtin-templates/zh_CN", WorkspaceFixture, "zh_CN", workspace_set_up,
              test_builtin_template_libraries, workspace_tear_down);
  return g_test_run ();
}
