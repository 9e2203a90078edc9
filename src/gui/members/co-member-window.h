/* co-member-window.h: one member of one group: their fields (each saves itself), their tier
 * with why and its history, and their activity, with a way to log today's. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_MEMBER_WINDOW (co_member_window_get_type ())
G_DECLARE_FINAL_TYPE (CoMemberWindow, co_member_window, CO, MEMBER_WINDOW, AdwWindow)

GtkWidget *co_member_window_new (GtkWindow *parent,
                                 CoStore   *store,
                                 gint64     membership_id);

G_END_DECLS
