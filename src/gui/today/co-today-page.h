/* co-today-page.h: the Today place: what the workspace needs from its team today: who is on
 * duty, the announcements of coming activities, seed users waiting for a reply, goals at risk,
 * and the groups whose figures for yesterday are missing. Rows lead to where the work is done
 * (win.open-group, win.enter-figures). */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_TODAY_PAGE (co_today_page_get_type ())
G_DECLARE_FINAL_TYPE (CoTodayPage, co_today_page, CO, TODAY_PAGE, GtkWidget)

void     co_today_page_set_store  (CoTodayPage *self,
                                   CoStore     *store);
/* Whether a reading is due or under way (read in a worker: co-today-section.h), or its rows are
 * still appearing (a few a frame). */
gboolean co_today_page_is_loading (CoTodayPage *self);

G_END_DECLS
