/* co-library-clipboard.c: text and image as one clipboard content: a union of a string provider
 * and a texture provider, so that a chat's input takes the text and an image editor the image. */
#include "config.h"

#include "gui/widgets/co-library-clipboard.h"

gboolean
co_clipboard_set_text_and_image (GtkWidget   *widget,
                                 const char  *text,
                                 GBytes      *image,
                                 GError     **error)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GdkTexture) texture = NULL;
  GdkContentProvider *providers[2];
  guint n = 0;

  if (image != NULL && (texture = gdk_texture_new_from_bytes (image, error)) == NULL)
    return FALSE;
  if (text != NULL)
    providers[n++] = gdk_content_provider_new_typed (G_TYPE_STRING, text);
  if (texture != NULL)
    providers[n++] = gdk_content_provider_new_typed (GDK_TYPE_TEXTURE, texture);
  if (n == 1)
    gdk_clipboard_set_content (clipboard, providers[0]);
  else if (n == 2)
    {
      g_autoptr(GdkContentProvider) both = gdk_content_provider_new_union (providers, n);
      gdk_clipboard_set_content (clipboard, both);
    }
  if (n == 1)
    g_object_unref (providers[0]);
  return TRUE;
}
