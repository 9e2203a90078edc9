/* co-changed-by.h: "Changed by 张三, 10:42" on a record a teammate changed last (the team sync's
 * co_sync_changed_by()); hidden for a workspace that is not connected, or a record no teammate
 * changed. */
#pragma once

#include <gtk/gtk.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

GtkWidget *co_changed_by_new    (void);
/* Shows the latest change of the @n records @tables[i] with the id @ids[i]. */
void       co_changed_by_update (GtkWidget          *label,
                                 CoStore            *store,
                                 const char * const *tables,
                                 const gint64       *ids,
                                 guint               n);

/* A time as the sync shows it: the hour today, else the day too. */
char      *co_format_sync_time  (GDateTime          *time);

G_END_DECLS
