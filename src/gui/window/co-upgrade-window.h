/* co-upgrade-window.h: what shows while a workspace of an older version is upgraded, before the
 * main window: the store opened (and migrated) in a worker meanwhile. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_UPGRADE_WINDOW (co_upgrade_window_get_type ())
G_DECLARE_FINAL_TYPE (CoUpgradeWindow, co_upgrade_window, CO, UPGRADE_WINDOW, AdwApplicationWindow)

CoUpgradeWindow *co_upgrade_window_new               (GtkApplication       *application);
/* Opens the store at @path in a worker thread (co_store_open_deferring_rekey ()); @callback runs
 * on this thread with the window as its source object, which it destroys once the next window
 * shows. */
void             co_upgrade_window_open_store_async  (CoUpgradeWindow      *self,
                                                      const char           *path,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
CoStore         *co_upgrade_window_open_store_finish (CoUpgradeWindow      *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
