/* co-segment.h: segments (分群), saved filters of members with a live count: "深圳的核心成员",
 * "30 天没说话的种子用户". A segment is the workspace's: on a group's Members page it narrows
 * that group's members, on All Members everyone's.
 *
 * The filter is stored as JSON naming tags and tiers by uuid, so that it travels with them in
 * the exchange file. It is read defensively: a filter that cannot be read, or names a tag or tier
 * deleted since, makes the segment broken (a message saying why), never a crash or a list of
 * everyone. */
#pragma once

#include <gio/gio.h>

#include "core/members/co-member-list.h"
#include "core/members/co-segment-filter.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64           id;
  char            *uuid;
  char            *name;
  char            *json;     /* as stored */
  CoSegmentFilter *filter;   /* NULL when the JSON could not be read */
  char            *broken;   /* why it cannot be used, or NULL */
} CoSegment;

void        co_segment_free       (CoSegment   *segment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoSegment, co_segment_free)

/* Every segment, by name's order of creation, each checked. */
GPtrArray  *co_segments_list      (CoStore                *store,
                                   GError                **error);
CoSegment  *co_segment_get        (CoStore                *store,
                                   gint64                  segment_id,
                                   GError                **error);
/* By name, in any case; NULL with @error naming the segments there are. */
CoSegment  *co_segment_find       (CoStore                *store,
                                   const char             *name,
                                   GError                **error);
gint64      co_segment_add        (CoStore                *store,
                                   const char             *name,
                                   const CoSegmentFilter  *filter,
                                   GError                **error);
gboolean    co_segment_rename     (CoStore                *store,
                                   gint64                  segment_id,
                                   const char             *name,
                                   GError                **error);
gboolean    co_segment_set_filter (CoStore                *store,
                                   gint64                  segment_id,
                                   const CoSegmentFilter  *filter,
                                   GError                **error);
gboolean    co_segment_delete     (CoStore                *store,
                                   gint64                  segment_id,
                                   GError                **error);

/* The criteria of @query a segment can hold: what it shows (seed users, core members, those
 * slipping away), its tier; the search text and source are not criteria. For "Save as Segment". */
CoSegmentFilter *co_segment_filter_from_query (CoStore             *store,
                                               const CoMemberQuery *query);

/* How many memberships of @group_id (0: of every group) the filter matches, current members
 * only; @today NULL is today. -1 on error. */
gint64      co_segment_count      (CoStore                *store,
                                   gint64                  group_id,
                                   const CoSegmentFilter  *filter,
                                   const char             *today,
                                   GError                **error);
/* The same in a worker, on a read connection of its own: a million members take longer than a
 * frame. */
void        co_segment_count_async  (CoStore               *store,
                                     gint64                 group_id,
                                     const CoSegmentFilter *filter,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data);
gint64      co_segment_count_finish (GAsyncResult          *result,
                                     GError               **error);

/* "@张三 @李四": the nicknames of the memberships' people, each once, in the order given, to
 * paste into the group. @n_people is set to how many. */
char       *co_members_mentions   (CoStore                *store,
                                   const gint64           *ids,
                                   guint                   n_ids,
                                   guint                  *n_people,
                                   GError                **error);

G_END_DECLS
