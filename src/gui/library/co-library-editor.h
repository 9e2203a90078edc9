/* co-library-editor.h: the window that adds or edits a library item: its title, its text (with
 * the variables) or its image (chosen from a file, shown), a QR code's expiry, and its tags
 * (phase, group type, topic). Nothing is written until Save; a refusal is shown in place. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Edits item @id, or adds a text (@id 0, @image NULL) or an image item of @kind (@image its bytes,
 * @title its suggested title). Presented over @parent. */
GtkWidget *co_library_editor_new (GtkWidget   *parent,
                                  CoStore     *store,
                                  gint64       id,
                                  const char  *kind,
                                  GBytes      *image,
                                  const char  *title);

/* Opens a file chooser for an image, then the editor for a new image item, or says in a toast
 * why the file cannot be added. */
void       co_library_choose_image (GtkWidget *parent,
                                    CoStore   *store);

G_END_DECLS
