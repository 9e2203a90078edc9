/* co-segment-filter.h: a segment's criteria (co-segment.h), as the members query applies them
 * (co-member-list.h) and as the store keeps them: JSON naming tags and tiers by uuid, so that
 * they travel with them in the exchange file. The JSON is read defensively: what cannot be read
 * is refused with a message, never applied in part. */
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

G_END_DECLS
