/* co-member-window.h: one member of one group: their details (each field saves itself, the tier
 * with why, who referred them), and their timeline (co-member-timeline.h); in another group too,
 * or removed from this one, with Undo. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_MEMBER_WINDOW (co_member_window_get_type ())
G_DECLARE_FINAL_TYPE (CoMemberWindow, co_member_window, CO, MEMBER_WINDOW, AdwWindow)

GtkWidget *co_member_window_new (GtkWindow *parent,
                                 CoStore   *store,
                                 gint64     membership_id);
/* Shows the timeline rather than the details (opened from a follow-up). */
void       co_member_window_show_timeline (CoMemberWindow *self);

G_END_DECLS
