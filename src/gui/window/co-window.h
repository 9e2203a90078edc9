/* co-window.h: the main window: the sidebar of groups and the selected group's pages. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_WINDOW (co_window_get_type ())
G_DECLARE_FINAL_TYPE (CoWindow, co_window, CO, WINDOW, AdwApplicationWindow)

CoWindow *co_window_new                (GtkApplication *application,
                                        CoStore        *store);
gint64    co_window_get_selected_group (CoWindow      *self);
void      co_window_select_group       (CoWindow      *self,
                                        gint64         group_id);

/* The places of the sidebar, in its order ("today", "figures", "reports", "team", "members", and
 * any added later). */
GStrv     co_window_get_places         (CoWindow      *self);

/* Shows a place of the sidebar: "today", "figures", "reports", "team" or "members". */
void      co_window_show_place         (CoWindow      *self,
                                        const char    *place);

G_END_DECLS
