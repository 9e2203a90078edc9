/* co-library-page.c: the Library place (co-library-page.h), built in code as Today is: a bar
 * of search and filters, a note of lapsing QR codes, and a list view of the items found. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/library/co-library.h"
#include "core/library/co-library-search.h"
#include "gui/library/co-library-editor.h"
#include "gui/library/co-library-page.h"
#include "gui/widgets/co-library-clipboard.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"
#include "gui/widgets/co-widget-write.h"

struct _CoLibraryPage
{
  GtkWidget     parent_instance;

  CoStore      *store;
  GtkWidget    *box;
  GtkWidget    *search_entry;
  GtkWidget    *kind_dropdown;
  GtkWidget    *stage_dropdown;
  GtkWidget    *group_dropdown;
  GtkWidget    *banner;        /* the lapsing QR codes, or hidden */
  GtkWidget    *banner_label;
  GtkWidget    *stack;
  GtkWidget    *more_label;
  GListStore   *items;
  GtkSliceListModel *shown;    /* the first of the items, as far as the list was scrolled */
  guint         grow_id;       /* an idle making more items shown */
  GtkAdjustment *scrolling;    /* the list's */
  GArray       *group_ids;     /* of the group drop-down, after "No group" */
  GHashTable   *textures;      /* item id → GdkTexture of its thumbnail */
  CoLibrarySearch *searcher;   /* the searches as you type, on one connection of their own */
  gboolean      searching;     /* the newest search has not answered yet */
  gboolean      stale;         /* the store changed while a search ran */
  gboolean      groups_stale;  /* the group drop-down not read since the groups changed */
  gboolean      refill;        /* the next answer replaces every item listed */
};

G_DEFINE_FINAL_TYPE (CoLibraryPage, co_library_page, GTK_TYPE_WIDGET)

/* The kind filter's entries: keyword, NULL for all. */
static const struct { const char *kind; const char *label; } kinds[] = {
  { NULL, N_("All Kinds") }, { "text", N_("Texts") }, { "image", N_("Images") }, { "poster", N_("Posters") },
  { "slogan", N_("Slogan Images") }, { "qr", N_("Group QR Codes") },
};

static void search_now (CoLibraryPage *self);

/* ---- Copy, edit, remove ------------------------------------------------------------------- */

static gint64
selected_group (CoLibraryPage *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->group_dropdown));

  return selected > 0 && selected <= self->group_ids->len ? g_array_index (self->group_ids, gint64, selected - 1) : 0;
}

/* The library's writes go through co_widget_write(): never waiting for an import's or a sync's
 * write lock. */
static gboolean
write_use (CoStore  *store,
           gpointer  data,
           GError  **error)
{
  return co_library_record_use (store, *(gint64 *) data, error);
}

void
co_library_page_copy (CoLibraryPage *self,
                      gint64         id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoLibraryItem) item = co_library_get (self->store, id, &error);
  g_autoptr(GBytes) image = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;

  if (item == NULL)
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  if (co_library_item_is_image (item))
    {
      image = co_library_dup_image (self->store, id, &error);
      if (image == NULL)
        {
          if (error == NULL)
            g_set_error_literal (&error, CO_LIBRARY_ERROR, CO_LIBRARY_ERROR_NOT_IMAGE, _("This item has no image yet."));
          co_widget_show_error (GTK_WIDGET (self), error);
          return;
        }
    }
  else
    text = co_library_fill_for_group (self->store, item, selected_group (self));
  if (!co_clipboard_set_text_and_image (GTK_WIDGET (self), text, image, &error))
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  co_widget_write (GTK_WIDGET (self), self->store, write_use, g_memdup2 (&id, sizeof id), g_free, NULL);
  /* Translators: a toast; %s is a library item's title */
  message = g_strdup_printf (image != NULL ? _("The image “%s” is on the clipboard") : _("The text of “%s” is on the clipboard"),
                             co_library_item_get_title (item));
  co_widget_add_toast (GTK_WIDGET (self), co_toast_new (message));
}

static gint64
button_item (GtkWidget *button)
{
  CoLibraryItem *item = g_object_get_data (G_OBJECT (button), "co-item");

  return item != NULL ? co_library_item_get_id (item) : 0;
}

static void
on_copy_clicked (GtkButton     *button,
                 CoLibraryPage *self)
{
  co_library_page_copy (self, button_item (GTK_WIDGET (button)));
}

static void
on_edit_clicked (GtkButton     *button,
                 CoLibraryPage *self)
{
  co_library_editor_new (GTK_WIDGET (self), self->store, button_item (GTK_WIDGET (button)), NULL, NULL, NULL);
}

/* An item removed, with its Undo once it is. */
typedef struct
{
  CoLibraryPage *page;
  gint64         id;
  char          *title;
} Removed;

static void
removed_free (gpointer data)
{
  Removed *removed = data;

  g_object_unref (removed->page);
  g_free (removed->title);
  g_free (removed);
}

static gboolean
write_restore (CoStore  *store,
               gpointer  data,
               GError  **error)
{
  return co_list_restore (store, CO_LIST_LIBRARY, *(gint64 *) data, error);
}

static void
on_undo_remove (AdwToast *toast,
                Removed  *removed)
{
  co_widget_write (GTK_WIDGET (removed->page), removed->page->store, write_restore,
                   g_memdup2 (&removed->id, sizeof removed->id), g_free, NULL);
}

static gboolean
write_remove (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  return co_list_remove (store, CO_LIST_LIBRARY, ((Removed *) data)->id, error);
}

static void
item_removed (CoStore      *store,
              const GError *error,
              gpointer      data)
{
  Removed *removed = data, *undo;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (error != NULL)
    return;
  /* Translators: a toast after removing a library item; %s is its title */
  message = g_strdup_printf (_("“%s” removed"), removed->title);
  toast = co_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  /* The toast's own: @removed is freed once written. */
  undo = g_new0 (Removed, 1);
  undo->page = g_object_ref (removed->page);
  undo->id = removed->id;
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_remove), undo,
                         (GClosureNotify) (void (*) (void)) removed_free, 0);
  co_widget_add_toast (GTK_WIDGET (removed->page), toast);
}

static void
on_remove_clicked (GtkButton     *button,
                   CoLibraryPage *self)
{
  CoLibraryItem *item = g_object_get_data (G_OBJECT (button), "co-item");
  Removed *removed;

  if (item == NULL)
    return;
  removed = g_new0 (Removed, 1);
  removed->page = g_object_ref (self);
  removed->id = co_library_item_get_id (item);
  removed->title = g_strdup (co_library_item_get_title (item));
  co_widget_write (GTK_WIDGET (self), self->store, write_remove, removed, removed_free, item_removed);
}

static void
on_activate (GtkListView   *view,
             guint          position,
             CoLibraryPage *self)
{
  g_autoptr(CoLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (item != NULL)
    co_library_editor_new (GTK_WIDGET (self), self->store, co_library_item_get_id (item), NULL, NULL, NULL);
}

static void
on_new_text (CoLibraryPage *self)
{
  co_library_editor_new (GTK_WIDGET (self), self->store, 0, "text", NULL, NULL);
}

static void
on_add_image (CoLibraryPage *self)
{
  co_library_choose_image (GTK_WIDGET (self), self->store);
}

/* ---- rows --------------------------------------------------------------------------------- */

/* A text's first characters shown in its row: more than the widest window shows on one line. */
#define SNIPPET_CHARS 200

static GtkWidget *
icon_button (const char    *icon,
             const char    *tooltip,
             GCallback      callback,
             CoLibraryPage *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  co_tooltip_set_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          CoLibraryPage            *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *thumb = gtk_picture_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("text-x-generic-symbolic");
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *snippet = gtk_label_new (NULL);
  GtkWidget *tags = gtk_label_new (NULL);
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_size_request (thumb, 56, 56);
  gtk_picture_set_can_shrink (GTK_PICTURE (thumb), TRUE);
  gtk_widget_set_valign (thumb, GTK_ALIGN_CENTER);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
  gtk_widget_set_size_request (icon, 56, 56);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_box_append (GTK_BOX (row), thumb);
  gtk_box_append (GTK_BOX (row), icon);

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  {
    GtkWidget *labels[] = { title, snippet, tags };

    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      {
        gtk_label_set_xalign (GTK_LABEL (labels[i]), 0);
        gtk_label_set_ellipsize (GTK_LABEL (labels[i]), PANGO_ELLIPSIZE_END);
        gtk_label_set_single_line_mode (GTK_LABEL (labels[i]), TRUE);
        gtk_box_append (GTK_BOX (texts), labels[i]);
      }
  }
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (snippet, "dim-label");
  gtk_widget_add_css_class (tags, "caption");
  gtk_widget_add_css_class (tags, "dim-label");
  gtk_box_append (GTK_BOX (row), texts);

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "caption-heading");
  gtk_box_append (GTK_BOX (row), badge);
  gtk_box_append (GTK_BOX (row), icon_button ("edit-copy-symbolic", _("Copy"), G_CALLBACK (on_copy_clicked), self));
  gtk_box_append (GTK_BOX (row), icon_button ("document-edit-symbolic", _("Edit"), G_CALLBACK (on_edit_clicked), self));
  gtk_box_append (GTK_BOX (row), icon_button ("user-trash-symbolic", _("Remove"), G_CALLBACK (on_remove_clicked), self));
  gtk_list_item_set_child (list_item, row);
}

typedef struct
{
  gint64  id;
  GBytes *image;
} Decode;

static void
decode_free (Decode *decode)
{
  g_bytes_unref (decode->image);
  g_free (decode);
}

static void
free_texture (gpointer texture)
{
  if (texture != NULL)
    g_object_unref (texture);
}

static void
decode_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Decode *decode = data;
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (decode->image, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

/* A decoded thumbnail: kept, and the rows of its item bound again to show it. */
static void
on_decoded (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(CoLibraryPage) self = data;
  gint64 id = ((Decode *) g_task_get_task_data (G_TASK (result)))->id;
  GdkTexture *texture = g_task_propagate_pointer (G_TASK (result), NULL);

  if (self->textures == NULL)
    {
      free_texture (texture);
      return;
    }
  /* A failed decode stays NULL: the row goes without a picture rather than trying again. */
  g_hash_table_insert (self->textures, g_memdup2 (&id, sizeof id), texture);
  for (guint i = 0; texture != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(CoLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (co_library_item_get_id (item) == id)
        g_list_model_items_changed (G_LIST_MODEL (self->items), i, 1, 1);
    }
}

/* The item's thumbnail, or NULL while a worker decodes it: a poster of 1080×1920 takes longer
 * than a frame to decode. */
static GdkTexture *
thumbnail (CoLibraryPage *self,
           CoLibraryItem *item)
{
  gint64 id = co_library_item_get_id (item);
  GdkTexture *texture = NULL;
  g_autoptr(GTask) task = NULL;
  Decode *decode;
  GBytes *image;

  if (co_library_item_get_image_size (item) == 0 ||
      g_hash_table_lookup_extended (self->textures, &id, NULL, (gpointer *) &texture))
    return texture;
  if ((image = co_library_dup_image (self->store, id, NULL)) == NULL)
    return NULL;
  /* Being decoded: no second task for it meanwhile. */
  g_hash_table_insert (self->textures, g_memdup2 (&id, sizeof id), NULL);
  decode = g_new0 (Decode, 1);
  decode->id = id;
  decode->image = image;
  task = g_task_new (NULL, NULL, on_decoded, g_object_ref (self));
  g_task_set_task_data (task, decode, (GDestroyNotify) decode_free);
  g_task_run_in_thread (task, decode_thread);
  return NULL;
}

/* "Running · Startup group · #欢迎 · Used 23 times, last 12/5/26" */
static char *
describe_tags (CoLibraryItem *item)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *stage = co_choice_label (CO_CHOICE_PHASE, co_library_item_get_stage (item));
  const char *type = co_choice_label (CO_CHOICE_GROUP_TYPE, co_library_item_get_group_type (item));
  guint uses = co_library_item_get_use_count (item);

  g_ptr_array_add (parts, g_strdup (co_choice_label (CO_CHOICE_LIBRARY_KIND, co_library_item_get_kind (item))));
  if (stage != NULL)
    g_ptr_array_add (parts, g_strdup (stage));
  if (type != NULL)
    g_ptr_array_add (parts, g_strdup (type));
  if (co_library_item_get_topic (item) != NULL)
    g_ptr_array_add (parts, g_strdup_printf ("#%s", co_library_item_get_topic (item)));
  if (uses == 0)
    g_ptr_array_add (parts, g_strdup (_("Not used yet")));
  else
    {
      g_autofree char *last = co_date_time_format_display (co_library_item_get_last_used (item));
      /* Translators: how often a library item was copied, and when last */
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Used %u time, last %s",
                                                            "Used %u times, last %s", uses), uses, last ? last : ""));
    }
  g_ptr_array_add (parts, NULL);
  /* Translators: between the tags of a library item */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         CoLibraryPage            *self)
{
  CoLibraryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *thumb = gtk_widget_get_first_child (row);
  GtkWidget *icon = gtk_widget_get_next_sibling (thumb);
  GtkWidget *texts = gtk_widget_get_next_sibling (icon);
  GtkWidget *title = gtk_widget_get_first_child (texts);
  GtkWidget *snippet = gtk_widget_get_next_sibling (title);
  GtkWidget *tags = gtk_widget_get_next_sibling (snippet);
  GtkWidget *badge = gtk_widget_get_next_sibling (texts);
  gboolean image = co_library_item_is_image (item);
  g_autofree char *expiry = co_library_describe_expiry (item, NULL);
  g_autofree char *described = describe_tags (item);
  g_autofree char *subtitle = NULL;
  int days_left;

  gtk_widget_set_visible (thumb, image);
  gtk_widget_set_visible (icon, !image);
  gtk_picture_set_paintable (GTK_PICTURE (thumb), image ? GDK_PAINTABLE (thumbnail (self, item)) : NULL);
  gtk_label_set_text (GTK_LABEL (title), co_library_item_get_title (item));
  if (image && co_library_item_get_width (item) > 0)
    /* Translators: an image's size in pixels */
    subtitle = g_strdup_printf (_("%u × %u pixels"), co_library_item_get_width (item), co_library_item_get_height (item));
  else if (!image)
    /* One line, ellipsized: the start of a long script is all it shows, and measuring the whole
     * of it for each of the rows a list view makes costs the window its frames. */
    subtitle = g_strdelimit (g_utf8_substring (co_library_item_get_body (item) ? co_library_item_get_body (item) : "",
                                               0, SNIPPET_CHARS), "\n", ' ');
  gtk_label_set_text (GTK_LABEL (snippet), subtitle ? subtitle : _("No image yet"));
  gtk_label_set_text (GTK_LABEL (tags), described);

  gtk_label_set_text (GTK_LABEL (badge), expiry ? expiry : "");
  gtk_widget_set_visible (badge, expiry != NULL);
  gtk_widget_remove_css_class (badge, "warning");
  gtk_widget_remove_css_class (badge, "error");
  gtk_widget_remove_css_class (badge, "success");
  switch (co_library_qr_state (item, NULL, &days_left))
    {
    case CO_QR_EXPIRED:
      gtk_widget_add_css_class (badge, "error");
      break;
    case CO_QR_LAPSING:
      gtk_widget_add_css_class (badge, "warning");
      break;
    case CO_QR_VALID:
      gtk_widget_add_css_class (badge, "success");
      break;
    case CO_QR_NOT_A_QR:
    default:
      break;
    }

  for (GtkWidget *button = gtk_widget_get_next_sibling (badge); button != NULL; button = gtk_widget_get_next_sibling (button))
    g_object_set_data_full (G_OBJECT (button), "co-item", g_object_ref (item), g_object_unref);
}

/* ---- searching ---------------------------------------------------------------------------- */

static void
show_banner (CoLibraryPage *self)
{
  g_autoptr(GPtrArray) lapsing = co_library_lapsing_qr (self->store, NULL, NULL);
  guint n = lapsing != NULL ? lapsing->len : 0;
  g_autofree char *text = NULL;

  if (n == 1)
    {
      g_autofree char *expiry = co_library_describe_expiry (lapsing->pdata[0], NULL);
      /* Translators: the Library's banner: a QR code's title, then "Lapses in 1 day" or "Expired 2 days ago" */
      text = g_strdup_printf (_("Group QR code “%s”: %s. Refresh it: make a new one in WeChat and replace its image."),
                              co_library_item_get_title (lapsing->pdata[0]), expiry);
    }
  else if (n > 1)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u group QR code lapses within two days or has expired: refresh it.",
                                         "%u group QR codes lapse within two days or have expired: refresh them.", n), n);
  gtk_label_set_text (GTK_LABEL (self->banner_label), text ? text : "");
  gtk_widget_set_visible (self->banner, text != NULL);
}

/* The list view makes a row for up to some two hundred items around the one in view, each a
 * dozen widgets: replacing them all on a keystroke took the window 100–300 ms. It lists 20
 * (a tall window's screenful) at first, and 20 more whenever it is within a screenful of its
 * end. */
#define ROWS_AT_FIRST 20

static gboolean
grow_shown (gpointer data)
{
  CoLibraryPage *self = data;
  guint size = gtk_slice_list_model_get_size (self->shown);

  self->grow_id = 0;
  if (size < g_list_model_get_n_items (G_LIST_MODEL (self->items)))
    gtk_slice_list_model_set_size (self->shown, size + ROWS_AT_FIRST);
  return G_SOURCE_REMOVE;
}

static void
on_scrolled (GtkAdjustment *adjustment,
             CoLibraryPage *self)
{
  double page = gtk_adjustment_get_page_size (adjustment);

  /* Within a screenful of the end: more, after this frame's layout. */
  if (self->grow_id == 0 && gtk_adjustment_get_value (adjustment) + 2 * page >= gtk_adjustment_get_upper (adjustment))
    self->grow_id = g_idle_add (grow_shown, self);
}

/* Only the items that differ from those listed are replaced: a letter more typed mostly keeps the
 * first matches, and GtkListView keeps their rows as they are (it makes some two hundred, each a
 * dozen widgets). After a change to the library every item is replaced: an image's new bytes
 * are not in its fields. */
static void
replace_items (CoLibraryPage *self,
               GPtrArray     *items)
{
  GListModel *listed = G_LIST_MODEL (self->items);
  guint n_listed = g_list_model_get_n_items (listed), first = 0, last = 0;

  for (; !self->refill && first < MIN (n_listed, items->len); first++)
    {
      g_autoptr(CoLibraryItem) item = g_list_model_get_item (listed, first);

      if (!co_library_item_equal (item, items->pdata[first]))
        break;
    }
  for (; !self->refill && last < MIN (n_listed, items->len) - first; last++)
    {
      g_autoptr(CoLibraryItem) item = g_list_model_get_item (listed, n_listed - 1 - last);

      if (!co_library_item_equal (item, items->pdata[items->len - 1 - last]))
        break;
    }
  self->refill = FALSE;
  if (first + last == n_listed && n_listed == items->len)
    return;
  /* Another answer starts at its first screenful again, at the top when its first item is
   * another; the rows past it go first, before the items they show change. */
  if (first == 0)
    gtk_adjustment_set_value (self->scrolling, 0);
  if (first < gtk_slice_list_model_get_size (self->shown))
    gtk_slice_list_model_set_size (self->shown, ROWS_AT_FIRST);
  g_list_store_splice (self->items, first, n_listed - first - last, items->pdata + first, items->len - first - last);
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(CoLibraryPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const char *search;
  guint n_matches;

  items = co_library_search_finish (CO_LIBRARY_SEARCH (source), result, &n_matches, &error);
  /* A search a newer keystroke stopped: the newer one is under way, and answers. Or the page is
   * gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    return;
  self->searching = FALSE;
  if (items == NULL)
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  replace_items (self, items);
  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (items->len > 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
  else if (*search == '\0' && gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown)) == 0 &&
           gtk_drop_down_get_selected (GTK_DROP_DOWN (self->stage_dropdown)) == 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
  else
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "no-results");
  if (n_matches > items->len)
    {
      /* Translators: under the library's list when it is cut short */
      g_autofree char *more = g_strdup_printf (_("Showing %u of %u items: type more to narrow the search."),
                                               items->len, n_matches);
      gtk_label_set_text (GTK_LABEL (self->more_label), more);
    }
  gtk_widget_set_visible (self->more_label, n_matches > items->len);
  if (self->stale)
    {
      self->stale = FALSE;
      search_now (self);
    }
}

static void
search_now (CoLibraryPage *self)
{
  guint kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_dropdown));
  guint stage = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->stage_dropdown));
  guint n_phases;
  const CoChoice *phases = co_choices_get (CO_CHOICE_PHASE, &n_phases);
  CoLibraryQuery query = { gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                           kind < G_N_ELEMENTS (kinds) ? kinds[kind].kind : NULL,
                           stage > 0 && stage <= n_phases ? phases[stage - 1].keyword : NULL, NULL,
                           CO_LIBRARY_PAGE_LIMIT };

  if (self->store == NULL)
    return;
  /* A newer keystroke stops the older search. */
  self->searching = TRUE;
  self->stale = FALSE;
  co_library_search_find (self->searcher, &query, on_found, g_object_ref (self));
}

static void
fill_groups (CoLibraryPage *self)
{
  g_autoptr(GListStore) groups = co_group_list (self->store, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 chosen = selected_group (self);
  guint position = 0;

  g_array_set_size (self->group_ids, 0);
  gtk_string_list_append (names, _("Fill for No Group"));
  for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);
      /* Translators: the library's group chooser: Copy fills {群名} with this group's name */
      g_autofree char *label = g_strdup_printf (_("Fill for %s"), co_group_get_name (group));

      if (co_group_get_archived (group))
        continue;
      g_array_append_val (self->group_ids, id);
      gtk_string_list_append (names, label);
      if (id == chosen)
        position = self->group_ids->len;
    }
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->group_dropdown), G_LIST_MODEL (names));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->group_dropdown), position);
  self->groups_stale = FALSE;
}

/* The group drop-down is read when the page is shown: a thousand groups (and the rows of its
 * list) cost some 9 ms at each start of the window otherwise. */
static void
on_groups_changed (CoLibraryPage *self)
{
  self->groups_stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    fill_groups (self);
}

static void
on_map (CoLibraryPage *self)
{
  if (self->groups_stale)
    fill_groups (self);
}

static void
on_library_changed (CoLibraryPage *self)
{
  g_hash_table_remove_all (self->textures);
  self->refill = TRUE;
  show_banner (self);
  if (self->searching)
    self->stale = TRUE;
  else
    search_now (self);
}

void
co_library_page_set_store (CoLibraryPage *self,
                           CoStore       *store)
{
  g_return_if_fail (CO_IS_LIBRARY_PAGE (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  self->searcher = co_library_search_new (store);
  g_signal_connect_object (store, "changed::library_items", G_CALLBACK (on_library_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::groups", G_CALLBACK (on_groups_changed), self, G_CONNECT_SWAPPED);
  on_groups_changed (self);
  show_banner (self);
  search_now (self);
}

GtkEditable *
co_library_page_get_search (CoLibraryPage *self)
{
  return GTK_EDITABLE (self->search_entry);
}

GListModel *
co_library_page_get_items (CoLibraryPage *self)
{
  return G_LIST_MODEL (self->items);
}

gboolean
co_library_page_is_loading (CoLibraryPage *self)
{
  return self->searching;
}

const char *
co_library_page_get_banner (CoLibraryPage *self)
{
  return gtk_widget_get_visible (self->banner) ? gtk_label_get_text (GTK_LABEL (self->banner_label)) : NULL;
}

/* ---- the page ----------------------------------------------------------------------------- */

static GtkWidget *
status_page (const char    *icon,
             const char    *title,
             const char    *description,
             CoLibraryPage *self,
             gboolean       with_buttons)
{
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (status), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (status), description);
  if (with_buttons)
    {
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *text = gtk_button_new_with_mnemonic (_("New _Text"));
      GtkWidget *image = gtk_button_new_with_mnemonic (_("Add _Image…"));

      gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (text, "pill");
      gtk_widget_add_css_class (text, "suggested-action");
      gtk_widget_add_css_class (image, "pill");
      g_signal_connect_swapped (text, "clicked", G_CALLBACK (on_new_text), self);
      g_signal_connect_swapped (image, "clicked", G_CALLBACK (on_add_image), self);
      gtk_box_append (GTK_BOX (buttons), text);
      gtk_box_append (GTK_BOX (buttons), image);
      adw_status_page_set_child (ADW_STATUS_PAGE (status), buttons);
    }
  return status;
}

static GtkWidget *
dropdown (const char *const *labels,
          const char         *accessible)
{
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (labels);

  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return dropdown;
}

static void
co_library_page_dispose (GObject *object)
{
  CoLibraryPage *self = CO_LIBRARY_PAGE (object);

  /* The connection closes once the search running, stopped, has answered. */
  if (self->searcher != NULL)
    co_library_search_stop (self->searcher);
  g_clear_object (&self->searcher);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_handle_id (&self->grow_id, g_source_remove);
  g_clear_object (&self->shown);
  g_clear_object (&self->items);
  g_clear_pointer (&self->group_ids, g_array_unref);
  g_clear_pointer (&self->textures, g_hash_table_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (co_library_page_parent_class)->dispose (object);
}

static void
co_library_page_class_init (CoLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = co_library_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
co_library_page_init (CoLibraryPage *self)
{
  g_autoptr(GStrvBuilder) kind_labels = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) stage_labels = g_strv_builder_new ();
  g_auto(GStrv) kind_strv = NULL;
  g_auto(GStrv) stage_strv = NULL;
  GtkWidget *bar, *filters, *new_text, *add_image, *clamp, *scrolled, *view;
  GtkListItemFactory *factory;
  guint n_phases;
  const CoChoice *phases = co_choices_get (CO_CHOICE_PHASE, &n_phases);

  self->items = g_list_store_new (CO_TYPE_LIBRARY_ITEM);
  self->group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->textures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, free_texture);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);

  /* The search and the filters, wrapping onto a second line on a narrow window. */
  bar = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (bar), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (bar), 2);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (bar), 1);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (bar), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (bar), 6);
  gtk_widget_set_margin_top (bar, 12);
  gtk_widget_set_margin_bottom (bar, 6);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_box_append (GTK_BOX (self->box), bar);

  self->search_entry = gtk_search_entry_new ();
  g_object_set (self->search_entry, "placeholder-text", _("Search titles, texts and topics (pinyin too)"), NULL);
  gtk_widget_set_hexpand (self->search_entry, TRUE);
  gtk_widget_set_size_request (self->search_entry, 260, -1);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_now), self);
  gtk_flow_box_append (GTK_FLOW_BOX (bar), self->search_entry);

  filters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_strv_builder_add (kind_labels, _(kinds[i].label));
  kind_strv = g_strv_builder_end (kind_labels);
  self->kind_dropdown = dropdown ((const char *const *) kind_strv, _("Kind of Item"));
  g_strv_builder_add (stage_labels, _("Every Phase"));
  for (guint i = 0; i < n_phases; i++)
    g_strv_builder_add (stage_labels, co_choice_label (CO_CHOICE_PHASE, phases[i].keyword));
  stage_strv = g_strv_builder_end (stage_labels);
  self->stage_dropdown = dropdown ((const char *const *) stage_strv, _("Phase"));
  self->group_dropdown = dropdown (NULL, _("Group whose name Copy fills in"));
  co_tooltip_set_text (self->group_dropdown, _("Copy fills {群名} with this group’s name"));
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (search_now), self);
  g_signal_connect_swapped (self->stage_dropdown, "notify::selected", G_CALLBACK (search_now), self);
  new_text = gtk_button_new_from_icon_name ("document-new-symbolic");
  co_tooltip_set_text (new_text, _("New Text"));
  g_signal_connect_swapped (new_text, "clicked", G_CALLBACK (on_new_text), self);
  add_image = gtk_button_new_from_icon_name ("insert-image-symbolic");
  co_tooltip_set_text (add_image, _("Add Image…"));
  g_signal_connect_swapped (add_image, "clicked", G_CALLBACK (on_add_image), self);
  gtk_box_append (GTK_BOX (filters), self->kind_dropdown);
  gtk_box_append (GTK_BOX (filters), self->stage_dropdown);
  gtk_box_append (GTK_BOX (filters), self->group_dropdown);
  gtk_box_append (GTK_BOX (filters), new_text);
  gtk_box_append (GTK_BOX (filters), add_image);
  gtk_flow_box_append (GTK_FLOW_BOX (bar), filters);

  /* The lapsing QR codes (AdwBanner is libadwaita 1.3: a card in the warning colour). */
  self->banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->banner_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->banner_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->banner_label), 0);
  gtk_widget_set_hexpand (self->banner_label, TRUE);
  gtk_box_append (GTK_BOX (self->banner), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_box_append (GTK_BOX (self->banner), self->banner_label);
  gtk_widget_add_css_class (self->banner, "co-library-banner");
  gtk_widget_add_css_class (self->banner, "card");
  gtk_widget_set_margin_start (self->banner, 12);
  gtk_widget_set_margin_end (self->banner, 12);
  gtk_widget_set_margin_bottom (self->banner, 6);
  gtk_widget_set_visible (self->banner, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->banner);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), self);
  self->shown = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->items)), 0, ROWS_AT_FIRST);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown)))),
                            factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "rich-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Library"), -1);
  g_signal_connect (view, "activate", G_CALLBACK (on_activate), self);
  /* A scrollable clamp: the list view stays the scrolled window's scrollable, which keeps it
   * making only the rows shown. */
  clamp = adw_clamp_scrollable_new ();
  adw_clamp_scrollable_set_maximum_size (ADW_CLAMP_SCROLLABLE (clamp), 1000);
  adw_clamp_scrollable_set_child (ADW_CLAMP_SCROLLABLE (clamp), view);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_margin_top (scrolled, 6);
  /* Scrolled near the end, or a window taller than the rows listed: more. */
  self->scrolling = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_signal_connect (self->scrolling, "value-changed", G_CALLBACK (on_scrolled), self);
  g_signal_connect (self->scrolling, "changed", G_CALLBACK (on_scrolled), self);

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "list");
  gtk_stack_add_named (GTK_STACK (self->stack),
                       status_page ("folder-pictures-symbolic", _("No Scripts or Images Yet"),
                                    _("Keep the texts the team posts again and again (welcome messages, rules, the"
                                      " week’s topic, announcements) and the posters and group QR codes beside them."),
                                    self, TRUE), "empty");
  gtk_stack_add_named (GTK_STACK (self->stack),
                       status_page ("edit-find-symbolic", _("Nothing Found"),
                                    _("Try other words, or the pinyin’s initials (“hyy” for 欢迎语)."), self, FALSE),
                       "no-results");
  gtk_box_append (GTK_BOX (self->box), self->stack);

  self->more_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->more_label, "dim-label");
  gtk_widget_set_margin_bottom (self->more_label, 6);
  gtk_widget_set_visible (self->more_label, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->more_label);
}
