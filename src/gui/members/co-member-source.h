/* co-member-source.h: where a member came from, in their window: the "Source" section (the
 * channel, chosen from the workspace's list and saved at once; who referred them; whom they
 * referred), and the channel chooser row it is made with, for any form that asks for a channel. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* A combo row titled "Channel": "Not Recorded" and the channels of @store's list, in its order.
 * Listen to its "notify::selected" for a choice. */
GtkWidget *co_channel_row_new         (CoStore   *store);
/* The channel chosen (channels.id), 0 for none. */
gint64     co_channel_row_get_channel (GtkWidget *row);
/* Shows @channel_id (0 or a channel no longer in the list: "Not Recorded"), without notifying
 * a choice of the user's. */
void       co_channel_row_set_channel (GtkWidget *row,
                                       gint64     channel_id);
/* Reads the channels again, keeping the choice. */
void       co_channel_row_refresh     (GtkWidget *row);

#define CO_TYPE_MEMBER_SOURCE_GROUP (co_member_source_group_get_type ())
G_DECLARE_FINAL_TYPE (CoMemberSourceGroup, co_member_source_group, CO, MEMBER_SOURCE_GROUP, AdwPreferencesGroup)

/* Empty until given its membership; then it follows the store's changes by itself. */
GtkWidget *co_member_source_group_new (void);
void       co_member_source_group_set_member (CoMemberSourceGroup *self,
                                              CoStore             *store,
                                              gint64               membership_id);

G_END_DECLS
