/* co-library-clipboard.h: a library item on the clipboard, as Copy puts it from the Library place
 * and from an SOP task: its text, its image as a texture, or both (the paste takes what it can). */
#pragma once

#include <gtk/gtk.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Puts @text (may be NULL) and the image @image (PNG, JPEG, … bytes; may be NULL) on @widget's
 * clipboard. FALSE with @error when the image cannot be read. */
gboolean co_clipboard_set_text_and_image (GtkWidget   *widget,
                                          const char  *text,
                                          GBytes      *image,
                                          GError     **error);

G_END_DECLS
