/* co-today-qr-codes.c: Today's lapsing group QR codes (co-today-qr-codes.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "core/library/co-library.h"
#include "gui/today/co-today-qr-codes.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-widget-write.h"

/* A new image of a QR code, written through co_widget_write(): never waiting for an import's or
 * a sync's write lock. */
typedef struct
{
  gint64     id;
  GBytes    *image;
  GtkWidget *button;  /* the row's, where it says so once written */
} NewImage;

static void
new_image_free (NewImage *new_image)
{
  g_bytes_unref (new_image->image);
  g_object_unref (new_image->button);
  g_free (new_image);
}

static gboolean
write_image (CoStore  *store,
             gpointer  data,
             GError  **error)
{
  NewImage *new_image = data;

  return co_library_set_image (store, new_image->id, new_image->image, error);
}

static void
image_written (CoStore      *store,
               const GError *error,
               gpointer      data)
{
  GtkWidget *button = ((NewImage *) data)->button;

  if (error == NULL)
    co_widget_add_toast (button, co_toast_new (_("The group QR code was replaced: it lasts seven days from today")));
}

static void
on_image_chosen (GtkNativeDialog *chooser,
                 int              response,
                 GtkWidget       *button)
{
  CoStore *store = g_object_get_data (G_OBJECT (button), "co-store");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  NewImage *new_image;
  GBytes *image;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);
  if ((image = co_library_read_image_file (path, &error)) == NULL)
    {
      co_widget_show_error (button, error);
      return;
    }
  new_image = g_new0 (NewImage, 1);
  new_image->id = *(gint64 *) g_object_get_data (G_OBJECT (button), "co-id");
  new_image->image = image;
  new_image->button = g_object_ref (button);
  co_widget_write (button, store, write_image, new_image, (GDestroyNotify) new_image_free, image_written);
}

static void
on_replace_clicked (GtkButton *button)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Choose the New QR Code"), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Images (PNG, JPEG, WebP, GIF)"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_image_chosen), button, 0);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gpointer
read_lapsing (CoStore              *reader,
              const CoTodayContext *context,
              GCancellable         *cancellable)
{
  GPtrArray *lapsing = co_library_lapsing_qr (reader, context->today, NULL);

  return lapsing != NULL ? lapsing : g_ptr_array_new ();
}

static GtkWidget *
show_lapsing (CoStore              *store,
              const CoTodayContext *context,
              gpointer              data)
{
  GPtrArray *lapsing = data;
  const char *today = context->today;
  GtkWidget *section;

  if (lapsing->len == 0)
    return NULL;
  section = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (section), _("Group QR Codes to Refresh"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (section),
                                         _("A WeChat group QR code works for seven days: make a new one in the group and"
                                           " replace the library’s picture before it lapses."));
  for (guint i = 0; i < lapsing->len; i++)
    {
      CoLibraryItem *item = lapsing->pdata[i];
      gint64 id = co_library_item_get_id (item);
      g_autofree char *expiry = co_library_describe_expiry (item, today);
      /* Translators: Today's row of a lapsing QR code: "Lapses in 1 day — refresh" */
      g_autofree char *subtitle = g_strdup_printf (_("%s — refresh"), expiry);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Replace Image…"));
      int days_left;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), co_library_item_get_title (item));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (
        co_library_qr_state (item, today, &days_left) == CO_QR_EXPIRED ? "dialog-error-symbolic" : "dialog-warning-symbolic"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "co-store", g_object_ref (store), g_object_unref);
      g_object_set_data_full (G_OBJECT (button), "co-id", g_memdup2 (&id, sizeof id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_replace_clicked), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      co_today_row_set_key (row, id);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (section), row);
    }
  return section;
}

const CoTodaySection co_today_qr_codes_section = { read_lapsing, show_lapsing, (GDestroyNotify) g_ptr_array_unref };
