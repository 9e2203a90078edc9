/* co-duplicates-window.h: Find Duplicates: the pairs of members who may be one person, found in
 * a worker with progress, each reviewed side by side, merged (with Undo) or marked as two people. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_DUPLICATES_WINDOW (co_duplicates_window_get_type ())
G_DECLARE_FINAL_TYPE (CoDuplicatesWindow, co_duplicates_window, CO, DUPLICATES_WINDOW, AdwWindow)

/* The pairs among the members of @group_id, or of every group (0). */
GtkWidget *co_duplicates_window_new         (GtkWindow *parent,
                                             CoStore   *store,
                                             gint64     group_id);
/* The pairs listed, once the search has finished (-1 until then). */
int        co_duplicates_window_get_n_pairs (CoDuplicatesWindow *self);

G_END_DECLS
