/* co-today-follow-ups.h: Today's "Follow-ups" (待跟进) section: the follow-ups due today or
 * overdue, with the member and the group; Done and Snooze there, the member's window a click away. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* A new section for the follow-ups due on @today or before. */
GtkWidget *co_today_follow_ups_new (CoStore    *store,
                                    const char *today);

G_END_DECLS
