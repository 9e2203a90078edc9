/* co-conflicts-window.h: the sync's conflicts (a field changed here and by a teammate, or a
 * record deleted by a teammate while edited here), each with Use Mine / Keep Theirs or Restore,
 * and the changes the server refused, with its reason. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_CONFLICTS_WINDOW (co_conflicts_window_get_type ())
G_DECLARE_FINAL_TYPE (CoConflictsWindow, co_conflicts_window, CO, CONFLICTS_WINDOW, AdwWindow)

GtkWidget *co_conflicts_window_new (GtkWindow *parent,
                                    CoStore   *store);

G_END_DECLS
