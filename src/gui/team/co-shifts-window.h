/* co-shifts-window.h: a group's shifts, edited from the Team page's duty roster without leaving
 * it: the group's week (a + on each day adds a shift covering that day's first gap) and its
 * list of shifts, the same widgets as the Team section of the group's plan. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Shows the window over @parent's window; NULL when the group is gone. */
GtkWindow *co_shifts_window_present (GtkWidget *parent,
                                     CoStore   *store,
                                     gint64     group_id);

G_END_DECLS
