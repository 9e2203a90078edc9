/* co-member-tags.h: tags where members are: a section of a member's window, and a button of the
 * Members page's selection bar that sets or takes off tags on every selected member. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* The member window's "Tags" group; it shows nothing until it has its member. */
GtkWidget *co_member_tags_group_new        (void);
void       co_member_tags_group_set_member (GtkWidget  *group,
                                            CoStore    *store,
                                            gint64      membership_id);

/* The memberships a selection holds, as a new GArray of gint64. */
typedef GArray *(*CoSelectedIdsFunc) (gpointer data);

/* "Tags" with a popover of the workspace's tags, checked when every selected person has the tag,
 * half-checked when some have it; toggling one sets it on (or takes it off) all of them. */
GtkWidget *co_selection_tags_button_new    (CoStore           *store,
                                            CoSelectedIdsFunc  selected_ids,
                                            gpointer           data);

G_END_DECLS
