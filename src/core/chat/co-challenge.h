/* co-challenge.h: check-in challenges (打卡): a group's challenge (a CO_LIST_CHALLENGES row of
 * the record engine: name, keywords, start and end, points per check-in) scores the messages a
 * chat import counts, once a day per member; the leaderboard says who checked in how often. */
#pragma once

#include "core/records/co-list.h"

G_BEGIN_DECLS

/* The group's active challenges, ready to score messages; one import holds one. */
typedef struct _CoChallengeScorer CoChallengeScorer;

CoChallengeScorer *co_challenge_scorer_new   (CoStore            *store,
                                              gint64              group_id,
                                              GError            **error);
void               co_challenge_scorer_free  (CoChallengeScorer  *self);
/* A message of @membership_id on the local day @day (ISO) saying @text: a check-in of each
 * challenge running that day whose keyword it holds, unless the member has checked in to it
 * that day already. Each new check-in adds the challenge's points to the membership's. */
gboolean           co_challenge_scorer_score (CoChallengeScorer  *self,
                                              gint64              membership_id,
                                              const char         *day,
                                              const char         *text,
                                              GError            **error);
/* How many check-ins it has recorded. */
guint              co_challenge_scorer_get_n_checkins (CoChallengeScorer *self);

/* Whether @text holds one of @keywords (separated by spaces, 、, ， or commas). A keyword's
 * capital N standing alone ("打卡第N天") stands for any number, in digits or Chinese. */
gboolean           co_challenge_keywords_match (const char *keywords,
                                                const char *text);

/* One line of a challenge's leaderboard. */
typedef struct
{
  gint64  membership_id;
  char   *name;
  guint   days;            /* days checked in */
  guint   current_streak;  /* days in a row up to the last day (today, or the challenge's end) */
  guint   longest_streak;
  guint   missed;          /* days of the challenge so far without a check-in; today is not over */
  gint64  points;          /* the points the challenge gave */
} CoChallengeRow;

void       co_challenge_row_free     (CoChallengeRow *row);
/* The members who checked in to @challenge_id, as of @today: most days first, then the longest
 * current streak, then by name. */
GPtrArray *co_challenge_leaderboard  (CoStore    *store,
                                      gint64      challenge_id,
                                      const char *today,
                                      GError    **error);
/* A challenge's days in words, as of @today: @dates "Nov 1, 2026 – Nov 21, 2026" and @status
 * "Day 5 of 21", "Starts Nov 1, 2026" or "Ended after 21 days". */
void       co_challenge_describe_days (const char  *start,
                                       const char  *end,
                                       const char  *today,
                                       char       **dates,
                                       char       **status);
/* The challenge of @group_id named @name, or 0 with @error set. */
gint64     co_challenge_find         (CoStore    *store,
                                      gint64      group_id,
                                      const char *name,
                                      GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoChallengeScorer, co_challenge_scorer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoChallengeRow, co_challenge_row_free)

G_END_DECLS
