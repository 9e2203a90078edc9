/* co-weekly-notes.h: the free text of a week as people hand it in: 本周总结 (what the week
 * brought) and 下周计划 (what the next one will do), of one group or of every group, the week
 * named by its first day. One record per scope and week (table weekly_notes), carried by the
 * JSON exchange and the team sync like a day's figures. */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *summary;    /* NULL when empty */
  char *next_plan;
} CoWeeklyNotes;

void           co_weekly_notes_free (CoWeeklyNotes *notes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoWeeklyNotes, co_weekly_notes_free)

/* The notes of @group_id (0: every group) for the week starting on @week (an ISO date): both
 * NULL when none were written; NULL only with @error set. */
CoWeeklyNotes *co_weekly_notes_get  (CoStore      *store,
                                     gint64        group_id,
                                     const char   *week,
                                     GError      **error);
/* Saves both texts as typed (blank: none); announces "weekly_notes" when anything changed. */
gboolean       co_weekly_notes_set  (CoStore      *store,
                                     gint64        group_id,
                                     const char   *week,
                                     const char   *summary,
                                     const char   *next_plan,
                                     GError      **error);

/* The notes of the weeks that start from @from to @to (ISO dates) of @group_ids, with those of
 * every group first when @with_every_group; by week, then in the order of @group_ids. */
typedef struct
{
  gint64  group_id;  /* 0: every group */
  char    week[11];
  char   *summary;
  char   *next_plan;
} CoWeeklyNotesRow;

GPtrArray     *co_weekly_notes_list (CoStore      *store,
                                     const gint64 *group_ids,
                                     guint         n_groups,
                                     gboolean      with_every_group,
                                     const char   *from,
                                     const char   *to,
                                     GError      **error);

/* For the sample workspace: the notes of the week before yesterday's week and of yesterday's
 * (what the weekly report opens on), for @group_id and for every group, in the user's language. */
gboolean       co_weekly_notes_add_sample (CoStore    *store,
                                           gint64      group_id,
                                           GError    **error);

G_END_DECLS
