/* co-sync-status.h: the sync's status in the window's header bar (synced · syncing · offline
 * since 10:42 · 2 conflicts), hidden while the workspace is not connected; its popover gives the
 * last sync time, Sync Now, the conflicts and the team server's settings. */
#pragma once

#include <gtk/gtk.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

GtkWidget *co_sync_status_new (CoStore *store);

G_END_DECLS
