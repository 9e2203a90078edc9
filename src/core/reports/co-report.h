/* co-report.h: the report math of DOMAIN.md §4: a period's figures for a set of groups, every
 * derived figure with its formula, the same for the period before, and retention cohorts.
 *
 * A figure that cannot be computed (a zero denominator, no figures entered, stickiness without
 * per-member activity) is NAN, and shows as "—", never as NaN or inf. */
#pragma once

#include "core/formats/co-csv.h"
#include "core/members/co-segment-filter.h"
#include "core/records/co-list.h"
#include "core/reports/co-figures.h"

G_BEGIN_DECLS

typedef enum
{
  CO_WEEK_STARTS_MONDAY,
  CO_WEEK_STARTS_SUNDAY,
} CoWeekStart;

/* What a report shows, in the order it shows them; those with a goal metric keyword first. */
typedef enum
{
  CO_MEASURE_MEMBERS_TOTAL,
  CO_MEASURE_NET_GROWTH,
  CO_MEASURE_ACCEPTANCE_RATE,
  CO_MEASURE_DAU,
  CO_MEASURE_WAU,
  CO_MEASURE_MAU,
  CO_MEASURE_STICKINESS,
  CO_MEASURE_INTERACTION_RATE,
  CO_MEASURE_RETENTION_D1,
  CO_MEASURE_RETENTION_D7,
  CO_MEASURE_RETENTION_D30,
  CO_MEASURE_CONVERSION_RATE,
  CO_MEASURE_PARTICIPATION_RATE,
  CO_MEASURE_REGISTRATIONS,
  CO_MEASURE_CONVERSIONS,
  CO_MEASURE_QUALITY_FEEDBACK,
  CO_MEASURE_JOINED,
  CO_MEASURE_LEFT,
  CO_MEASURE_MESSAGES,
  CO_MEASURE_INVITES_SENT,
  CO_MEASURE_INVITES_ACCEPTED,
  CO_MEASURE_POSTS,
  CO_MEASURE_PARTICIPANTS,
  CO_MEASURE_FEEDBACK,
  CO_N_MEASURES
} CoMeasure;

/* The first day of the week @date is in, and the same span just before [@from, @to]. */
char        *co_week_first_day      (const char   *date,
                                     CoWeekStart   week_start);
void         co_period_previous     (const char   *from,
                                     const char   *to,
                                     char        **previous_from,
                                     char        **previous_to);

const char  *co_measure_title       (CoMeasure     measure);
const char  *co_measure_formula     (CoMeasure     measure);
/* The goal metric (CO_CHOICE_METRIC) it answers, or NULL. */
const char  *co_measure_keyword     (CoMeasure     measure);
gboolean     co_measure_is_rate     (CoMeasure     measure);
/* A figure of the days added up (registrations, net growth, …), not a level (members, DAU). */
gboolean     co_measure_is_summed   (CoMeasure     measure);
/* The measure whose keyword is @keyword, or CO_N_MEASURES. */
CoMeasure    co_measure_from_keyword (const char  *keyword);
/* "—" for NAN, "12.5%" for rates, "1,234" for counts, one decimal for averages. */
char        *co_measure_format      (CoMeasure     measure,
                                     double        value);

typedef struct _CoReport CoReport;

/* The figures of @group_ids from @from to @to (inclusive ISO dates), and of the same number of
 * days before. @today bounds what can be measured yet (retention of last week's joiners). */
CoReport    *co_report_new          (CoStore      *store,
                                     const gint64 *group_ids,
                                     guint         n_groups,
                                     const char   *from,
                                     const char   *to,
                                     const char   *today,
                                     GError      **error);
void         co_report_free         (CoReport     *self);
double       co_report_get          (CoReport     *self,
                                     CoMeasure     measure);
double       co_report_get_previous (CoReport     *self,
                                     CoMeasure     measure);
/* The first day of any figures or per-member activity of the groups, at any time; NULL when
 * they have none: a new group's report says so rather than show a wall of "—". */
const char  *co_report_get_first_day (CoReport    *self);
/* The value of @measure in the period (or the one before) as shown: co_measure_format(), and
 * "≥ 12" for a WAU or MAU known only as a floor (the busiest day's active members, without
 * per-member activity). */
char        *co_report_format_value (CoReport     *self,
                                     CoMeasure     measure,
                                     gboolean      previous);
/* TRUE when there is no per-member activity and a figure comes from the daily figures alone
 * (DAU, interaction rate), is a floor (WAU, MAU), or cannot be had (stickiness, retention). */
gboolean     co_report_is_estimate  (CoReport     *self,
                                     CoMeasure     measure);

/* The report of a set of people rather than groups: a segment's current members
 * (co_report_segment_members ()), whatever their group. Their activity (DAU, WAU, MAU,
 * stickiness; the interaction rate over their number), their retention and their number are
 * theirs; the daily figures are a group's, not a person's: those measures are NAN, and
 * co_report_table () leaves them out. */
CoReport    *co_report_new_for_members (CoStore      *store,
                                        const gint64 *membership_ids,
                                        guint         n_memberships,
                                        const char   *from,
                                        const char   *to,
                                        const char   *today,
                                        GError      **error);
gboolean     co_report_is_of_people (CoReport     *self);
/* The sentence a segment's report opens with: its @n_members people, and what is left out. */
char        *co_report_segment_note (guint         n_members);
/* Whether @measure means something for a set of people (see co_report_new_for_members ()). */
gboolean     co_measure_applies_to_people (CoMeasure measure);
/* The memberships a segment's @filter matches today in every group, for the reports of its
 * people; NULL with @error set when it cannot be read. */
GArray      *co_report_segment_members (CoStore               *store,
                                        const CoSegmentFilter *filter,
                                        const char            *today,
                                        GError               **error);

/* The change from @previous to @value: "+12.5%" for counts, "+1.2 pp" for rates, the difference
 * ("+2") for net growth and for a count that was 0 before, "—" when either is unknown. */
char        *co_measure_format_change (CoMeasure   measure,
                                       double      value,
                                       double      previous);

/* Every measure with its value, the previous period's, the change, whether it is an estimate
 * and its formula: the report's table, on screen, in CSV and on the command line. */
CoTable     *co_report_table        (CoReport     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoReport, co_report_free)

/* One measure of @group_ids from @from to @to, without the period before: NAN when it cannot be
 * computed. */
gboolean     co_report_measure      (CoStore      *store,
                                     const gint64 *group_ids,
                                     guint         n_groups,
                                     CoMeasure     measure,
                                     const char   *from,
                                     const char   *to,
                                     const char   *today,
                                     double       *value,
                                     GError      **error);

/* One row of the retention grid: the members who joined in a week, and how many of them were
 * active again 1, 7 and 30 days after joining (NAN where that day has not come yet). */
typedef struct
{
  char   week[11];
  gint64 size;
  double d1;
  double d7;
  double d30;
} CoCohort;

GArray      *co_report_retention    (CoStore      *store,
                                     const gint64 *group_ids,
                                     guint         n_groups,
                                     const char   *from,
                                     const char   *to,
                                     const char   *today,
                                     CoWeekStart   week_start,
                                     GError      **error);

GArray      *co_report_retention_for_members (CoStore      *store,
                                              const gint64 *membership_ids,
                                              guint         n_memberships,
                                              const char   *from,
                                              const char   *to,
                                              const char   *today,
                                              CoWeekStart   week_start,
                                              GError      **error);

/* How many of the people of @membership_ids are in each tier (by name, the tiers being each
 * group's), the most first, and without one: tier, members. */
CoTable     *co_report_tiers_for_members (CoStore      *store,
                                          const gint64 *membership_ids,
                                          guint         n_memberships,
                                          GError      **error);

/* The cohorts as a table: week, joined, D1, D7, D30. */
CoTable     *co_retention_table     (GArray       *cohorts);

/* A daily figure over time, for the trend charts: per day, week or month, the counts of the
 * days added up, a level (members total) as the mean of its days; buckets without figures are
 * left out. */
typedef enum
{
  CO_STEP_DAY,
  CO_STEP_WEEK,
  CO_STEP_MONTH,
} CoStep;

typedef struct
{
  char   start[11];  /* the bucket's first day */
  double value;
} CoTrendPoint;

/* The span the trend charts of [@from, @to] show, the same on the page and in the PDF: the
 * period by day, by month beyond two years, and for a period shorter than four weeks the 30
 * days up to @to, as a week has too few points for a trend. Returns the first day; sets @step,
 * and @caption (when not NULL) to a sentence that says which span and why. */
char        *co_report_chart_span   (const char   *from,
                                     const char   *to,
                                     CoStep       *step,
                                     char        **caption);

GArray      *co_report_trend        (CoStore      *store,
                                     const gint64 *group_ids,
                                     guint         n_groups,
                                     CoFigure      figure,
                                     const char   *from,
                                     const char   *to,
                                     CoStep        step,
                                     CoWeekStart   week_start,
                                     GError      **error);

/* A daily figure of each group over a period, for comparing groups: the days' sum, or for a
 * level (members total) the mean of its days. The largest first; groups without figures are
 * left out. */
typedef struct
{
  gint64 group_id;
  double value;
} CoGroupValue;

GArray      *co_report_compare      (CoStore      *store,
                                     const gint64 *group_ids,
                                     guint         n_groups,
                                     CoFigure      figure,
                                     const char   *from,
                                     const char   *to,
                                     GError      **error);

/* The members most active in a period (the weekly report's highlights): by distinct active
 * days, then by the number of things they did. Empty without per-member activity. */
typedef struct
{
  char   *nickname;
  gint64  group_id;
  gint64  days;
  gint64  actions;
} CoTopMember;

GArray      *co_report_top_members  (CoStore      *store,
                                     const gint64 *group_ids,
                                     guint         n_groups,
                                     const char   *from,
                                     const char   *to,
                                     guint         limit,
                                     GError      **error);

GArray      *co_report_top_members_for_members (CoStore      *store,
                                                const gint64 *membership_ids,
                                                guint         n_memberships,
                                                const char   *from,
                                                const char   *to,
                                                guint         limit,
                                                GError      **error);


G_END_DECLS
