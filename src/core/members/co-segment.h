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

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Each criterion narrows the list; one left unset (NULL, -1, 0) does not. */
typedef struct
{
  char   *tier;         /* a tier's uuid: the tier is of one group */
  GStrv   tags;         /* tags' uuids: people with every one of them */
  int     seed;         /* -1: any; 0: not a seed user; 1: a seed user */
  int     core;         /* -1: any; 0: not a core member; 1: a core member */
  char   *joined_from;  /* ISO dates, either may be NULL */
  char   *joined_to;
  guint   active_days;  /* active in the last N days */
  guint   silent_days;  /* not active for at least N days (never active included) */
  gint64  min_points;   /* -1: any */
  /* More criteria (the source, an open follow-up) are a field here, a member in the JSON
   * (co-segment.c) and a line of SQL (co-member-list.c's append_segment ()). */
} CoSegmentFilter;

CoSegmentFilter *co_segment_filter_new       (void);
void             co_segment_filter_free      (CoSegmentFilter       *filter);
CoSegmentFilter *co_segment_filter_copy      (const CoSegmentFilter *filter);
gboolean         co_segment_filter_is_empty  (const CoSegmentFilter *filter);
gboolean         co_segment_filter_has_tag   (const CoSegmentFilter *filter,
                                              const char            *tag_uuid);
void             co_segment_filter_add_tag   (CoSegmentFilter       *filter,
                                              const char            *tag_uuid);
/* The filter as the compact JSON the store keeps. */
char            *co_segment_filter_to_json   (const CoSegmentFilter *filter);
/* Reads what co_segment_filter_to_json() wrote, or refuses it with a message; members it does
 * not know are left alone (a newer version's criteria). */
CoSegmentFilter *co_segment_filter_from_json (const char            *json,
                                              GError               **error);
/* Why the filter cannot be used in the workspace (a tag or tier it names is gone), or NULL. */
char            *co_segment_filter_check     (CoStore               *store,
                                              const CoSegmentFilter *filter);
/* "Core members · 深圳 · quiet 30 days": the criteria in words. */
char            *co_segment_filter_describe  (CoStore               *store,
                                              const CoSegmentFilter *filter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoSegmentFilter, co_segment_filter_free)

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
