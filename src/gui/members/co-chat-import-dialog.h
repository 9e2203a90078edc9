/* co-chat-import-dialog.h: Import Chat… on a group's Members page: a file chooser, then one
 * dialog that reads the export in a worker (progress, Cancel), lets the user choose the chat of
 * an export holding several, previews what it holds, and imports it in a worker (progress,
 * Cancel); a toast with Undo Import at the end. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Asks for a chat export, then opens the dialog on it; toasts go to @widget. */
void              co_chat_import_dialog_choose (GtkWidget *widget,
                                                CoStore   *store,
                                                gint64     group_id);
/* Opens the dialog on @file and starts reading it: what choosing a file does. */
AdwMessageDialog *co_chat_import_dialog_open   (GtkWidget *widget,
                                                CoStore   *store,
                                                gint64     group_id,
                                                GFile     *file);

G_END_DECLS
