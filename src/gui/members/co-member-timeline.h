/* co-member-timeline.h: the member's timeline in their window: write a note, record activity
 * (a kind, a date, a count), add a follow-up with a due date; then everything that happened,
 * newest first, with Done, Snooze and Remove (and Undo) on what the team wrote. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_MEMBER_TIMELINE (co_member_timeline_get_type ())
G_DECLARE_FINAL_TYPE (CoMemberTimeline, co_member_timeline, CO, MEMBER_TIMELINE, AdwPreferencesGroup)

GtkWidget *co_member_timeline_new (CoStore *store,
                                   gint64   membership_id);

G_END_DECLS
