/* co-today.h: what is due across the workspace today: the announcements of coming activities
 * (the evening before, half a day before, one hour before, as DOMAIN.md §2 schedules them) and
 * the groups whose figures for a day are missing. The Today page adds who is on duty
 * (co-team.h), seed users waiting for a reply (co-member.h) and goals at risk (co-report.h). */
#pragma once

#include "core/records/co-list.h"

G_BEGIN_DECLS

typedef enum
{
  CO_ANNOUNCE_EVENING_BEFORE,
  CO_ANNOUNCE_HALF_DAY_BEFORE,
  CO_ANNOUNCE_HOUR_BEFORE,
  CO_N_ANNOUNCEMENTS
} CoAnnouncement;

/* The hour of "the evening before". */
#define CO_ANNOUNCE_EVENING_HOUR 20

const char *co_announcement_title (CoAnnouncement announcement);

typedef struct
{
  CoItem    *activity;
  GDateTime *start;                     /* local; midnight of its day when it has no start time */
  gboolean   has_time;
  GDateTime *due[CO_N_ANNOUNCEMENTS];   /* NULL when it cannot be scheduled: no start time */
} CoDueActivity;

/* The activities of @group_ids starting from @now's day for @days days, with the moments
 * their announcements are due, soonest first. */
GArray     *co_today_activities   (CoStore       *store,
                                   const gint64  *group_ids,
                                   guint          n_groups,
                                   GDateTime     *now,
                                   guint          days,
                                   GError       **error);

/* Those of @group_ids with no daily figures for @date that existed by then (founded on or
 * before it, or without a founding date). */
GArray     *co_today_missing_figures (CoStore      *store,
                                      const gint64 *group_ids,
                                      guint         n_groups,
                                      const char   *date,
                                      GError      **error);

/* A follow-up due (待跟进): what, for whom, in which group. */
typedef struct
{
  gint64  id;
  gint64  membership_id;
  gint64  group_id;
  char   *group_name;
  char   *nickname;
  char   *body;
  char   *due_date;
} CoDueFollowUp;

void        co_due_follow_up_free    (CoDueFollowUp *follow_up);
/* The open follow-ups due on @date or before, in groups not archived, the most overdue first. */
GPtrArray  *co_today_follow_ups      (CoStore       *store,
                                      const char    *date,
                                      GError       **error);

G_END_DECLS
