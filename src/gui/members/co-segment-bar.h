/* co-segment-bar.h: the Members page's segments: a drop-down of the saved segments, each with
 * its live count in the page's group (or every group), and a menu to save the current filter as a
 * segment, edit or delete the chosen one, copy its members' @-mentions, and manage tags.
 *
 * Choosing a segment emits ::changed; the page adds co_segment_bar_get_filter() to its query. A
 * broken segment says why beside the drop-down and lists nobody. */
#pragma once

#include <adwaita.h>

#include "core/members/co-member-list.h"

G_BEGIN_DECLS

#define CO_TYPE_SEGMENT_BAR (co_segment_bar_get_type ())
G_DECLARE_FINAL_TYPE (CoSegmentBar, co_segment_bar, CO, SEGMENT_BAR, GtkWidget)

/* The page's current query, to save as a segment. */
typedef void (*CoCurrentQueryFunc) (gpointer       data,
                                    CoMemberQuery *query);

GtkWidget             *co_segment_bar_new          (void);
void                   co_segment_bar_set_store    (CoSegmentBar       *self,
                                                    CoStore            *store,
                                                    CoCurrentQueryFunc  current_query,
                                                    GListModel         *shown,
                                                    gpointer            data);
/* 0: every group. Counts again. */
void                   co_segment_bar_set_group_id (CoSegmentBar       *self,
                                                    gint64              group_id);
/* The chosen segment's criteria; NULL when none is chosen. */
const CoSegmentFilter *co_segment_bar_get_filter   (CoSegmentBar       *self);
/* Chooses the segment @segment_id (0: none). */
void                   co_segment_bar_select       (CoSegmentBar       *self,
                                                    gint64              segment_id);
/* For tests: the drop-down, and the count shown for @segment_id (-1: not counted yet). */
GtkDropDown           *co_segment_bar_get_dropdown (CoSegmentBar       *self);
gint64                 co_segment_bar_get_count    (CoSegmentBar       *self,
                                                    gint64              segment_id);

/* Puts "@张三 @李四 …" of the memberships @ids on the clipboard and says how many in a toast. */
void                   co_members_copy_mentions    (GtkWidget          *widget,
                                                    CoStore            *store,
                                                    const gint64       *ids,
                                                    guint               n_ids);

G_END_DECLS
