/* test-library-ui.c: the Library place. Empty, it says so; the items show, found as you type
 * (pinyin's initials), or "Nothing Found"; the lapsing QR code is said above the list and on
 * Today; Copy puts a text filled for the chosen group, or an image as a texture, on the
 * clipboard and counts the use; an SOP task whose step names a library image copies its text
 * and the image; an item saved from its editor while an import holds the write lock is written
 * once it has finished. */
#include "config.h"

#include <cairo.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/library/co-library.h"
#include "core/records/co-list.h"
#include "core/store/co-write-queue.h"
#include "gui/library/co-library-editor.h"
#include "gui/library/co-library-page.h"
#include "gui/today/co-sop-section.h"
#include "gui/today/co-today-page.h"
#include "gui/widgets/co-tooltip.h"
#include "gui-test-util.h"

static cairo_status_t
append_png (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_png (int width, int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  GByteArray *png = g_byte_array_new ();

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static CoLibraryPage *
library_page (Fixture *f)
{
  GtkWidget *page = find_widget (GTK_WIDGET (f->window), CO_TYPE_LIBRARY_PAGE, 0);

  g_assert_nonnull (page);
  return CO_LIBRARY_PAGE (page);
}

typedef struct
{
  Fixture    *f;
  guint       n;
  const char *first;
} Listed;

static gboolean
listed (gpointer data)
{
  Listed *wait = data;
  CoLibraryPage *page = library_page (wait->f);
  GListModel *items = co_library_page_get_items (page);
  g_autoptr(CoLibraryItem) first = NULL;

  if (co_library_page_is_loading (page) || g_list_model_get_n_items (items) != wait->n)
    return FALSE;
  if (wait->first == NULL)
    return TRUE;
  first = g_list_model_get_item (items, 0);
  return g_strcmp0 (co_library_item_get_title (first), wait->first) == 0;
}

static gboolean
status_shown (gpointer data)
{
  Listed *wait = data;
  GtkWidget *status = find_status_page (wait->f, wait->first);

  return status != NULL && gtk_widget_get_mapped (status);
}

static void
on_text_read (GObject *clipboard, GAsyncResult *result, gpointer data)
{
  char **text = data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
on_texture_read (GObject *clipboard, GAsyncResult *result, gpointer data)
{
  GdkTexture **texture = data;

  *texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (clipboard), result, NULL);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static char *
read_clipboard_text (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_text_read, &text);
  wait_until (is_set, &text, "the clipboard's text");
  return text;
}

static GdkTexture *
read_clipboard_texture (GtkWidget *widget)
{
  GdkTexture *texture = NULL;

  gdk_clipboard_read_texture_async (gtk_widget_get_clipboard (widget), NULL, on_texture_read, &texture);
  wait_until (is_set, &texture, "the clipboard's image");
  return texture;
}

static gboolean
today_loaded (gpointer data)
{
  return !co_today_page_is_loading (data);
}

static void
test_place (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "读书群", 0, NULL);
  g_autoptr(GBytes) qr_png = make_png (40, 40);
  g_autoptr(GBytes) poster_png = make_png (27, 48);
  g_autofree char *today = co_date_today ();
  g_autofree char *tomorrow = co_date_add_days (today, 1);
  CoLibraryNew welcome = { "text", "入群欢迎语", "欢迎 {昵称} 加入{群名}！", "before-launch", NULL, "欢迎", NULL, NULL };
  CoLibraryNew qr = { "qr", "读书群二维码", NULL, NULL, NULL, NULL, tomorrow, qr_png };
  CoLibraryNew poster = { "poster", "春季海报", NULL, "running", NULL, "活动", NULL, poster_png };
  Listed empty = { f, 0, "No Scripts or Images Yet" }, nothing = { f, 0, "Nothing Found" };
  Listed all = { f, 3, "入群欢迎语" }, found = { f, 1, "入群欢迎语" };
  CoLibraryPage *page;
  GtkWidget *group_dropdown;
  gint64 welcome_id, poster_id;

  co_window_show_place (f->window, "library");
  page = library_page (f);
  wait_until (status_shown, &empty, "the empty library's status page");

  welcome_id = co_library_add (f->store, &welcome, NULL);
  g_assert_cmpint (co_library_add (f->store, &qr, NULL), >, 0);
  poster_id = co_library_add (f->store, &poster, NULL);
  wait_until (listed, &all, "the three items to show");
  g_assert_nonnull (co_library_page_get_banner (page));
  g_assert_nonnull (strstr (co_library_page_get_banner (page), "读书群二维码"));
  g_assert_nonnull (strstr (co_library_page_get_banner (page), "Lapses in 1 day"));

  /* Found as you type, by the pinyin's initials; nothing for nonsense. */
  type_into (GTK_WIDGET (co_library_page_get_search (page)), "hyy");
  wait_until (listed, &found, "the welcome message found by “hyy”");
  gtk_editable_set_text (co_library_page_get_search (page), "");
  type_into (GTK_WIDGET (co_library_page_get_search (page)), "zzzq");
  wait_until (status_shown, &nothing, "“Nothing Found”");
  gtk_editable_set_text (co_library_page_get_search (page), "");
  wait_until (listed, &all, "every item again");

  /* Copy the text filled for the group chosen: {群名} filled, {昵称} left for the person. */
  group_dropdown = find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (group_dropdown), 1);
  co_library_page_copy (page, welcome_id);
  {
    g_autofree char *text = read_clipboard_text (GTK_WIDGET (page));
    g_assert_cmpstr (text, ==, "欢迎 {昵称} 加入读书群！");
  }
  g_assert_cmpint (test_sql_count (f->store, "SELECT use_count FROM library_items WHERE title = '入群欢迎语'"), ==, 1);

  /* Copy an image: a texture of its size. */
  co_library_page_copy (page, poster_id);
  {
    g_autoptr(GdkTexture) texture = read_clipboard_texture (GTK_WIDGET (page));
    g_assert_cmpint (gdk_texture_get_width (texture), ==, 27);
    g_assert_cmpint (gdk_texture_get_height (texture), ==, 48);
  }
  g_assert_cmpint (test_sql_count (f->store, "SELECT use_count FROM library_items WHERE title = '春季海报'"), ==, 1);

  /* Today: the QR code to refresh. */
  co_window_show_place (f->window, "today");
  wait_until (today_loaded, find_widget (GTK_WIDGET (f->window), CO_TYPE_TODAY_PAGE, 0), "Today to be read");
  g_assert_nonnull (find_row (f, ADW_TYPE_ACTION_ROW, "读书群二维码"));
  (void) group;
}

static GtkWidget *
row_button (GtkWidget  *row,
            const char *tooltip)
{
  GtkWidget *button;

  for (guint i = 0; (button = find_widget (row, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (co_tooltip_get_text (button), tooltip) == 0)
      return button;
  g_assert_not_reached ();
}

static GtkWidget *
task_row (Fixture *f, const char *title)
{
  GtkWidget *section = find_widget (GTK_WIDGET (f->window), CO_TYPE_SOP_SECTION, 0);
  GtkWidget *row;

  for (guint i = 0; section != NULL && (row = find_widget (section, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title))
      return row;
  return NULL;
}

typedef struct
{
  Fixture    *f;
  const char *title;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *wait = data;

  return task_row (wait->f, wait->title) != NULL;
}

/* An SOP task whose step names a library poster: Copy puts the step's text and the poster. */
static void
test_task_copy (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "读书群", 0, NULL);
  g_autoptr(GBytes) poster_png = make_png (30, 20);
  g_autofree char *today = co_date_today ();
  CoLibraryNew poster = { "poster", "春季海报", NULL, NULL, NULL, NULL, NULL, poster_png };
  gint64 poster_id = co_library_add (f->store, &poster, NULL);
  g_autofree char *poster_text = g_strdup_printf ("%" G_GINT64_FORMAT, poster_id);
  gint64 step = co_list_add (f->store, CO_LIST_SOP_STEPS, group, NULL);
  RowWait wait = { f, "活动预告" };
  GtkWidget *row;
  GdkContentFormats *formats;

  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "title", "活动预告", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "trigger", "once", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "date", today, NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "time", "00:00", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "text", "{群名}春季读书会报名开始", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "library_item_id", poster_text, NULL));
  co_window_show_place (f->window, "today");
  wait_until (row_shown, &wait, "the SOP task to show on Today");
  row = task_row (f, "活动预告");
  g_signal_emit_by_name (row_button (row, "Copy the Text"), "clicked");
  formats = gdk_clipboard_get_formats (gtk_widget_get_clipboard (row));
  g_assert_true (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE));
  g_assert_true (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING));
  {
    g_autofree char *text = read_clipboard_text (row);
    g_autoptr(GdkTexture) texture = read_clipboard_texture (row);

    g_assert_cmpstr (text, ==, "读书群春季读书会报名开始");
    g_assert_cmpint (gdk_texture_get_width (texture), ==, 30);
  }
  g_assert_cmpint (test_sql_count (f->store, "SELECT use_count FROM library_items"), ==, 1);
}

static gboolean
shown_at_least (gpointer data)
{
  Listed *wait = data;
  GtkWidget *view = find_widget (GTK_WIDGET (library_page (wait->f)), GTK_TYPE_LIST_VIEW, 0);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)))) >= wait->n;
}

/* A long answer is listed a screenful or two at a time, more as the list is scrolled to its
 * end, until every item is there: a keystroke replaces a few rows, not two hundred. */
static void
test_long_list (Fixture *f, gconstpointer data)
{
  const guint n_items = 120;
  Listed all = { f, n_items, NULL }, everything = { f, n_items, NULL };
  GtkWidget *view, *scrolled;
  GtkAdjustment *adjustment;
  GListModel *shown;
  guint first_shown;

  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *title = g_strdup_printf ("话术 %03u", i);
      CoLibraryNew text = { "text", title, "早上好", NULL, NULL, NULL, NULL, NULL };

      g_assert_cmpint (co_library_add (f->store, &text, NULL), >, 0);
    }
  co_window_show_place (f->window, "library");
  wait_until (listed, &all, "the items to be read");
  wait_for_idle ();
  view = find_widget (GTK_WIDGET (library_page (f)), GTK_TYPE_LIST_VIEW, 0);
  shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  first_shown = g_list_model_get_n_items (shown);
  g_assert_cmpuint (first_shown, >=, 20);
  g_assert_cmpuint (first_shown, <, n_items);

  /* Scrolled to the end again and again: every item comes. */
  scrolled = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  for (guint i = 0; i < n_items && g_list_model_get_n_items (shown) < n_items; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      wait_for_frame (view);
    }
  wait_until (shown_at_least, &everything, "every item listed after scrolling");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_items);

  /* Another search starts at its first screenful again. */
  type_into (GTK_WIDGET (co_library_page_get_search (library_page (f))), "1");
  wait_until (listed, &(Listed) { f, 39, NULL }, "the items with a 1 in their title");
  wait_for_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), <, 39);
}

static GtkWidget *
button_labelled (GtkWidget  *root,
                 const char *label)
{
  GtkWidget *button;

  for (guint i = 0; (button = find_widget (root, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0)
      return button;
  g_error ("No button “%s”", label);
}

/* An item's editor saved while an import holds the write lock: Save returns at once, the item is
 * kept to be written and the editor stays, Save off; once the import has finished it is written,
 * the editor closes and the library lists the new title. */
static void
test_editor_while_importing (Fixture *f, gconstpointer data)
{
  CoLibraryNew welcome = { "text", "入群欢迎语", "欢迎 {昵称} 加入{群名}！", NULL, NULL, NULL, NULL, NULL };
  Listed renamed = { f, 1, "新人欢迎语" };
  g_autoptr(CoStore) import = NULL;
  g_autoptr(GtkWidget) editor = NULL;
  GtkWidget *save;
  gint64 id = co_library_add (f->store, &welcome, NULL);

  co_window_show_place (f->window, "library");
  editor = g_object_ref (co_library_editor_new (GTK_WIDGET (library_page (f)), f->store, id, NULL, NULL, NULL));
  wait_for_window (GTK_WINDOW (editor));
  gtk_editable_set_text (GTK_EDITABLE (find_widget (editor, ADW_TYPE_ENTRY_ROW, 0)), "新人欢迎语");
  save = button_labelled (editor, "_Save");

  import = hold_write_lock (f);
  g_signal_emit_by_name (save, "clicked");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM library_items WHERE title = '新人欢迎语'"), ==, 0);
  wait_for_idle ();
  g_assert_true (gtk_widget_get_visible (editor));
  g_assert_false (gtk_widget_get_sensitive (save));

  release_write_lock (f, g_steal_pointer (&import));
  g_assert_false (gtk_widget_get_visible (editor));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM library_items WHERE title = '新人欢迎语'"), ==, 1);
  wait_until (listed, &renamed, "the library to list the new title");
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("library/place", FALSE, test_place);
  GUI_TEST_ADD ("library/task-copy", FALSE, test_task_copy);
  GUI_TEST_ADD ("library/long-list", FALSE, test_long_list);
  GUI_TEST_ADD ("library/editor-while-importing", FALSE, test_editor_while_importing);

  return g_test_run ();
}
