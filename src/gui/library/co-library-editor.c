/* co-library-editor.c: the window of one library item (co-library-editor.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/library/co-library.h"
#include "gui/library/co-library-editor.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-widget-write.h"

typedef struct
{
  CoStore    *store;
  gint64      id;
  char       *kind;
  GBytes     *image;      /* a new image chosen here, or given */
  GtkWidget  *window;
  GtkWidget  *title_row;
  GtkWidget  *kind_row;   /* a new image: poster, slogan or QR code */
  GtkWidget  *picture;
  GtkWidget  *expires_row;
  GtkWidget  *text_view;
  GtkWidget  *stage_row;
  GtkWidget  *type_row;
  GtkWidget  *topic_row;
  GtkWidget  *error_label;
} Editor;

static const char *const image_kinds[] = { "poster", "slogan", "qr" };

static void
editor_free (Editor *editor)
{
  g_clear_object (&editor->store);
  g_clear_pointer (&editor->image, g_bytes_unref);
  g_free (editor->kind);
  g_free (editor);
}

/* A combo row of a choice kind with "Not Set" first. */
static GtkWidget *
choice_row (CoChoiceKind  kind,
            const char   *title,
            const char   *keyword)
{
  GtkWidget *row = co_combo_row_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n;
  const CoChoice *choices = co_choices_get (kind, &n);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_string_list_append (labels, _("Not Set"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (labels, co_choice_label (kind, choices[i].keyword));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), (guint) (co_choice_index (kind, keyword) + 1));
  return row;
}

static const char *
chosen_keyword (GtkWidget    *row,
                CoChoiceKind  kind)
{
  guint n, selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));
  const CoChoice *choices = co_choices_get (kind, &n);

  return selected > 0 && selected <= n ? choices[selected - 1].keyword : NULL;
}

static void
show_image (Editor *editor)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) stored = NULL;
  GBytes *image = editor->image;

  if (image == NULL && editor->id != 0)
    image = stored = co_library_dup_image (editor->store, editor->id, NULL);
  if (image != NULL)
    texture = gdk_texture_new_from_bytes (image, NULL);
  gtk_picture_set_paintable (GTK_PICTURE (editor->picture), GDK_PAINTABLE (texture));
}

static void
show_error (Editor       *editor,
            const GError *error)
{
  gtk_label_set_text (GTK_LABEL (editor->error_label), error->message);
  gtk_widget_set_visible (editor->error_label, TRUE);
}

static void
on_image_chosen (GtkNativeDialog *chooser,
                 int              response,
                 Editor          *editor)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *image;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);
  if ((image = co_library_read_image_file (path, &error)) == NULL)
    {
      show_error (editor, error);
      return;
    }
  g_clear_pointer (&editor->image, g_bytes_unref);
  editor->image = image;
  gtk_widget_set_visible (editor->error_label, FALSE);
  /* A new group QR code lasts its seven days from today. */
  if (g_str_equal (editor->kind, "qr") && editor->id != 0)
    {
      g_autofree char *today = co_date_today ();
      g_autofree char *expires = co_date_add_days (today, CO_LIBRARY_QR_DAYS);

      gtk_editable_set_text (GTK_EDITABLE (editor->expires_row), expires);
    }
  show_image (editor);
}

static GtkFileChooserNative *
image_chooser (GtkWindow *parent)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Choose an Image"), parent,
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Images (PNG, JPEG, WebP, GIF)"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_filter_add_mime_type (filter, "image/gif");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  return chooser;
}

static void
on_replace_clicked (GtkButton *button,
                    Editor    *editor)
{
  GtkFileChooserNative *chooser = image_chooser (GTK_WINDOW (editor->window));

  g_signal_connect (chooser, "response", G_CALLBACK (on_image_chosen), editor);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_kind_changed (GtkWidget  *row,
                 GParamSpec *pspec,
                 Editor     *editor)
{
  gboolean qr = g_str_equal (image_kinds[adw_combo_row_get_selected (ADW_COMBO_ROW (row))], "qr");

  gtk_widget_set_visible (editor->expires_row, qr);
}

/* The item as the editor asked for it, written through co_widget_write(): while an import or a
 * sync round holds the write lock the editor says so (a toast), Save off, and closes once it is
 * written. A value refused (no title, not an image…) is shown above the fields as before, not as
 * the window's error: the write keeps it in @refusal and says it ran. */
typedef struct
{
  GtkWidget *window;
  GtkWidget *save;
  gint64     id;
  char      *kind;
  char      *title;
  char      *body;
  const char *stage;       /* keywords of co_choices_get () */
  const char *group_type;
  char      *topic;
  char      *expires;
  GBytes    *image;        /* a new image, or NULL */
  GError    *refusal;
} ItemWrite;

static void
item_write_free (ItemWrite *write)
{
  g_object_unref (write->window);
  g_object_unref (write->save);
  g_free (write->kind);
  g_free (write->title);
  g_free (write->body);
  g_free (write->topic);
  g_free (write->expires);
  g_clear_pointer (&write->image, g_bytes_unref);
  g_clear_error (&write->refusal);
  g_free (write);
}

static gboolean
write_item (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  ItemWrite *write = data;
  g_autoptr(GError) local_error = NULL;
  CoLibraryNew values = {
    .kind = write->kind, .title = write->title, .body = write->body, .stage = write->stage,
    .group_type = write->group_type, .topic = write->topic, .expires = write->expires, .image = write->image,
  };
  gboolean ok;

  if (write->id == 0)
    ok = co_library_add (store, &values, &local_error) != 0;
  else
    /* The image first: it is checked already; then the fields, the expiry as shown. Run again
     * when the second found the lock taken, the image is written the same again. */
    ok = (write->image == NULL || co_library_set_image (store, write->id, write->image, &local_error)) &&
         co_library_update (store, write->id, &values, &local_error);
  if (!ok && local_error->domain != CO_STORE_ERROR)
    {
      write->refusal = g_steal_pointer (&local_error);
      return TRUE;
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

static void
item_written (CoStore      *store,
              const GError *error,
              gpointer      data)
{
  ItemWrite *write = data;
  Editor *editor = g_object_get_data (G_OBJECT (write->window), "co-editor");

  /* Closed meanwhile: written all the same, nothing left to show it in. */
  if (!gtk_widget_get_visible (write->window) || editor == NULL)
    return;
  if (error == NULL && write->refusal == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (write->window));
      return;
    }
  gtk_widget_set_sensitive (write->save, TRUE);
  if (write->refusal != NULL)
    show_error (editor, write->refusal);
}

static void
on_save_clicked (GtkButton *button,
                 Editor    *editor)
{
  g_autofree char *body = NULL;
  g_autofree char *expires = NULL;
  const char *kind = editor->kind;
  const char *expires_text = gtk_editable_get_text (GTK_EDITABLE (editor->expires_row));
  ItemWrite *write;

  if (editor->kind_row != NULL)
    kind = image_kinds[adw_combo_row_get_selected (ADW_COMBO_ROW (editor->kind_row))];
  if (editor->text_view != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->text_view));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  if (g_str_equal (kind, "qr") && *expires_text != '\0' && (expires = co_date_parse (expires_text)) == NULL)
    {
      /* Translators: a QR code's expiry date that is not a date */
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date like 2026-03-05."), expires_text);
      gtk_label_set_text (GTK_LABEL (editor->error_label), message);
      gtk_widget_set_visible (editor->error_label, TRUE);
      return;
    }
  write = g_new0 (ItemWrite, 1);
  write->window = g_object_ref (editor->window);
  write->save = g_object_ref (GTK_WIDGET (button));
  write->id = editor->id;
  write->kind = g_strdup (kind);
  write->title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->title_row)));
  write->body = g_steal_pointer (&body);
  write->stage = chosen_keyword (editor->stage_row, CO_CHOICE_PHASE);
  write->group_type = chosen_keyword (editor->type_row, CO_CHOICE_GROUP_TYPE);
  write->topic = g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->topic_row)));
  write->expires = g_str_equal (kind, "qr") ? g_steal_pointer (&expires) : NULL;
  write->image = editor->image != NULL ? g_bytes_ref (editor->image) : NULL;
  gtk_widget_set_visible (editor->error_label, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  co_widget_write (editor->error_label, editor->store, write_item, write, (GDestroyNotify) item_write_free,
                   item_written);
}

GtkWidget *
co_library_editor_new (GtkWidget   *parent,
                       CoStore     *store,
                       gint64       id,
                       const char  *kind,
                       GBytes      *image,
                       const char  *title)
{
  Editor *editor = g_new0 (Editor, 1);
  g_autoptr(CoLibraryItem) item = NULL;
  GtkWidget *box, *overlay, *header, *cancel, *save, *page, *group, *scrolled;
  gboolean is_image;

  editor->store = g_object_ref (store);
  editor->id = id;
  if (id != 0)
    {
      g_autoptr(GError) error = NULL;

      if ((item = co_library_get (store, id, &error)) == NULL)
        {
          co_widget_show_error (parent, error);
          editor_free (editor);
          return NULL;
        }
      kind = co_library_item_get_kind (item);
    }
  editor->kind = g_strdup (kind != NULL ? kind : "text");
  editor->image = image != NULL ? g_bytes_ref (image) : NULL;
  is_image = co_library_kind_is_image (editor->kind);

  editor->window = adw_window_new ();
  g_object_set_data_full (G_OBJECT (editor->window), "co-editor", editor, (GDestroyNotify) editor_free);
  gtk_window_set_modal (GTK_WINDOW (editor->window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (editor->window), GTK_WINDOW (gtk_widget_get_root (parent)));
  gtk_window_set_default_size (GTK_WINDOW (editor->window), 560, 680);
  gtk_window_set_title (GTK_WINDOW (editor->window),
                        id != 0 ? _("Edit Library Item") : is_image ? _("New Image") : _("New Text"));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), editor->window);
  save = gtk_button_new_with_mnemonic (id != 0 ? _("_Save") : _("_Add"));
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect (save, "clicked", G_CALLBACK (on_save_clicked), editor);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_window_set_default_widget (GTK_WINDOW (editor->window), save);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  /* Where a save kept behind an import's write lock says so. */
  overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);
  adw_window_set_content (ADW_WINDOW (editor->window), overlay);

  group = adw_preferences_group_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  editor->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (editor->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (editor->error_label), 0);
  gtk_widget_add_css_class (editor->error_label, "error");
  gtk_widget_set_margin_bottom (editor->error_label, 12);
  gtk_widget_set_visible (editor->error_label, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor->error_label);

  editor->title_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->title_row), _("Title"));
  gtk_editable_set_text (GTK_EDITABLE (editor->title_row),
                         item != NULL ? co_library_item_get_title (item) : title != NULL ? title : "");
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (editor->title_row), TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor->title_row);

  /* A new image's kind: a poster, a slogan image or a group QR code. */
  if (is_image && id == 0)
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

      editor->kind_row = co_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->kind_row), _("Kind of Item"));
      for (guint i = 0; i < G_N_ELEMENTS (image_kinds); i++)
        gtk_string_list_append (labels, co_choice_label (CO_CHOICE_LIBRARY_KIND, image_kinds[i]));
      adw_combo_row_set_model (ADW_COMBO_ROW (editor->kind_row), G_LIST_MODEL (labels));
      for (guint i = 0; i < G_N_ELEMENTS (image_kinds); i++)
        if (g_str_equal (image_kinds[i], editor->kind))
          adw_combo_row_set_selected (ADW_COMBO_ROW (editor->kind_row), i);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor->kind_row);
    }

  editor->expires_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->expires_row),
                                 _("Last Day It Works (7 days from today when empty)"));
  if (item != NULL && co_library_item_get_expires (item) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (editor->expires_row), co_library_item_get_expires (item));
  gtk_widget_set_visible (editor->expires_row, g_str_equal (editor->kind, "qr"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor->expires_row);
  if (editor->kind_row != NULL)
    g_signal_connect (editor->kind_row, "notify::selected", G_CALLBACK (on_kind_changed), editor);

  if (is_image)
    {
      GtkWidget *image_group = adw_preferences_group_new ();
      GtkWidget *replace = gtk_button_new_with_mnemonic (_("_Choose Another Image…"));

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (image_group), _("Image"));
      gtk_widget_add_css_class (replace, "flat");
      g_signal_connect (replace, "clicked", G_CALLBACK (on_replace_clicked), editor);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (image_group), replace);
      editor->picture = gtk_picture_new ();
      gtk_picture_set_can_shrink (GTK_PICTURE (editor->picture), TRUE);
      gtk_widget_set_size_request (editor->picture, -1, 240);
      gtk_widget_add_css_class (editor->picture, "card");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (image_group), editor->picture);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (image_group));
      show_image (editor);
    }
  else
    {
      GtkWidget *text_group = adw_preferences_group_new ();
      GtkTextBuffer *buffer;

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (text_group), _("Text"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (text_group),
                                             _("Variables, filled on Copy: {昵称} nickname, {群名} group, {活动} activity,"
                                               " {时间} time, {链接} link"));
      editor->text_view = gtk_text_view_new ();
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (editor->text_view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (editor->text_view), 8);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (editor->text_view), 8);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (editor->text_view), 8);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (editor->text_view), 8);
      gtk_accessible_update_property (GTK_ACCESSIBLE (editor->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Text"), -1);
      buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->text_view));
      if (item != NULL && co_library_item_get_body (item) != NULL)
        gtk_text_buffer_set_text (buffer, co_library_item_get_body (item), -1);
      scrolled = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), editor->text_view);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
      gtk_widget_add_css_class (scrolled, "card");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (text_group), scrolled);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (text_group));
    }

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Tags"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The library is searched and filtered by them."));
  editor->stage_row = choice_row (CO_CHOICE_PHASE, _("Phase"), item ? co_library_item_get_stage (item) : NULL);
  editor->type_row = choice_row (CO_CHOICE_GROUP_TYPE, _("Group Type"),
                                 item ? co_library_item_get_group_type (item) : NULL);
  editor->topic_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->topic_row), _("Topic"));
  if (item != NULL && co_library_item_get_topic (item) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (editor->topic_row), co_library_item_get_topic (item));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor->stage_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor->type_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor->topic_row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  gtk_window_present (GTK_WINDOW (editor->window));
  gtk_widget_grab_focus (editor->title_row);
  return editor->window;
}

typedef struct
{
  GtkWidget *parent;
  CoStore   *store;
} Choosing;

static void
on_new_image_chosen (GtkNativeDialog *chooser,
                     int              response,
                     Choosing        *choosing)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) image = NULL;
  char *dot;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);
  if ((image = co_library_read_image_file (path, &error)) == NULL)
    {
      co_widget_show_error (choosing->parent, error);
      return;
    }
  title = g_filename_display_basename (path);
  if ((dot = strrchr (title, '.')) != NULL && dot != title)
    *dot = '\0';
  co_library_editor_new (choosing->parent, choosing->store, 0, "poster", image, title);
}

static void
choosing_free (gpointer data)
{
  Choosing *choosing = data;

  g_object_unref (choosing->parent);
  g_object_unref (choosing->store);
  g_free (choosing);
}

void
co_library_choose_image (GtkWidget *parent,
                         CoStore   *store)
{
  GtkFileChooserNative *chooser = image_chooser (GTK_WINDOW (gtk_widget_get_root (parent)));
  Choosing *choosing = g_new0 (Choosing, 1);

  choosing->parent = g_object_ref (parent);
  choosing->store = g_object_ref (store);
  g_object_set_data_full (G_OBJECT (chooser), "co-choosing", choosing, choosing_free);
  g_signal_connect (chooser, "response", G_CALLBACK (on_new_image_chosen), choosing);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
