/* co-roster.h: what the team's two grids show, read in one go (so that a page can read it in a
 * worker and only lay it out): each group's week (its shifts with their people, and the active
 * hours nobody covers) and who covers what (each person's roles in each group). */
#pragma once

#include "core/team/co-team.h"

G_BEGIN_DECLS

/* A shift as the week shows it. */
typedef struct
{
  guint  weekday;     /* 0 = Monday, as CO_CHOICE_WEEKDAY */
  char  *start_time;  /* "08:00", or NULL when not set yet */
  char  *end_time;
  char  *person;      /* NULL: nobody chosen yet */
} CoRosterShift;

/* A group's week. */
typedef struct
{
  gint64  group_id;
  char   *group_name;
  GArray *shifts;  /* CoRosterShift with a day, in the group's order of shifts */
  GArray *gaps;    /* CoGap, as co_team_roster_gaps() */
} CoRosterWeek;

void       co_roster_week_free    (CoRosterWeek       *week);
gboolean   co_roster_week_equal   (const CoRosterWeek *a,
                                   const CoRosterWeek *b);
/* Each group's week: every active group's for @group_id 0, else that group's. Stops, with
 * @error set, once @cancellable is cancelled. */
GPtrArray *co_roster_read_weeks   (CoStore            *store,
                                   gint64              group_id,
                                   GCancellable       *cancellable,
                                   GError            **error);

/* People down the side, groups across the top. */
typedef struct
{
  GArray    *group_ids;   /* gint64 */
  GPtrArray *groups;      /* char *: the groups' names */
  GPtrArray *people;      /* char *: the staff's names, in their order */
  GPtrArray *roles;       /* char *: person p's roles in group g at [p * groups->len + g], a line
                           * each, or NULL for none */
} CoRosterMatrix;

void            co_roster_matrix_free (CoRosterMatrix *matrix);
/* For every active group (@group_id 0), else that group. */
CoRosterMatrix *co_roster_read_matrix (CoStore        *store,
                                       gint64          group_id,
                                       GCancellable   *cancellable,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoRosterWeek, co_roster_week_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoRosterMatrix, co_roster_matrix_free)

G_END_DECLS
