/* co-toast.h: toasts whose text comes from users (group names, typed values) or from errors. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToast *co_toast_new        (const char   *text);
/* What an import wrote, with "Undo" (the window's Ctrl+Z for the last import). */
AdwToast *co_import_toast_new (const char   *text);
void      co_widget_add_toast (GtkWidget    *widget,
                               AdwToast     *toast);
void      co_widget_show_error (GtkWidget   *widget,
                                const GError *error);

G_END_DECLS
