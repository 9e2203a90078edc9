/* co-preferences-window.h: the Preferences window. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_PREFERENCES_WINDOW (co_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CoPreferencesWindow, co_preferences_window, CO, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

CoPreferencesWindow *co_preferences_window_new (CoStore *store);

G_END_DECLS
