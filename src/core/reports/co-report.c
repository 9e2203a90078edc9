/* co-report.c: a period's figures for a set of groups, in a handful of SQL queries that the
 * indexes answer (daily_figures by group and date; activity_days by group, date and the day
 * before; memberships by group and joining day with their returns on days 1, 7 and 30). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/members/co-member-list.h"
#include "core/records/co-choices.h"
#include "core/reports/co-funnel.h"
#include "core/reports/co-report-sql.h"
#include "core/reports/co-report.h"
#include "core/sop/co-sop-tasks.h"
#include "core/store/co-store-private.h"

static const struct
{
  const char *title;
  const char *formula;
  const char *keyword;
  gboolean    rate;
} measures[CO_N_MEASURES] = {
  [CO_MEASURE_MEMBERS_TOTAL] = { N_("Members"), N_("Members total on the last day with figures"), "members-total" },
  [CO_MEASURE_NET_GROWTH] = { N_("Net Growth"), N_("Joined − left"), "net-growth" },
  [CO_MEASURE_ACCEPTANCE_RATE] = { N_("Acceptance Rate"), N_("Invitations accepted ÷ invitations sent"),
                                   "acceptance-rate", TRUE },
  [CO_MEASURE_DAU] = { N_("DAU"), N_("Mean of each day’s distinct active members (from the daily figures "
                                     "when there is no per-member activity)"), "dau" },
  [CO_MEASURE_WAU] = { N_("WAU"), N_("Distinct members active in the 7 days up to the period’s last day; "
                                     "without per-member activity, at least the busiest day’s active members"),
                       "wau" },
  [CO_MEASURE_MAU] = { N_("MAU"), N_("Distinct members active in the 30 days up to the period’s last day; "
                                     "without per-member activity, at least the busiest day’s active members"),
                       "mau" },
  [CO_MEASURE_STICKINESS] = { N_("Stickiness"), N_("DAU ÷ MAU"), "stickiness", TRUE },
  [CO_MEASURE_INTERACTION_RATE] = { N_("Interaction Rate"), N_("DAU ÷ mean members total"), "interaction-rate", TRUE },
  [CO_MEASURE_RETENTION_D1] = { N_("Day-1 Retention"),
                                N_("Of the members who joined in the period, the share active again the day after"),
                                "retention-d1", TRUE },
  [CO_MEASURE_RETENTION_D7] = { N_("Day-7 Retention"),
                                N_("Of the members who joined in the period, the share active again 7 days later"),
                                "retention-d7", TRUE },
  [CO_MEASURE_RETENTION_D30] = { N_("Day-30 Retention"),
                                 N_("Of the members who joined in the period, the share active again 30 days later"),
                                 "retention-d30", TRUE },
  [CO_MEASURE_CONVERSION_RATE] = { N_("Conversion Rate"), N_("Conversions ÷ members total"), "conversion-rate", TRUE },
  [CO_MEASURE_PARTICIPATION_RATE] = { N_("Participation Rate"), N_("Activity participants ÷ members total"),
                                      "participation-rate", TRUE },
  [CO_MEASURE_REGISTRATIONS] = { N_("Registrations"), N_("Sum of the days"), "registrations" },
  [CO_MEASURE_CONVERSIONS] = { N_("Conversions"), N_("Sum of the days"), "conversions" },
  [CO_MEASURE_QUALITY_FEEDBACK] = { N_("Quality Feedback"), N_("Sum of the days"), "quality-feedback" },
  [CO_MEASURE_JOINED] = { N_("New Members"), N_("Sum of the days") },
  [CO_MEASURE_LEFT] = { N_("Members Left"), N_("Sum of the days") },
  [CO_MEASURE_MESSAGES] = { N_("Messages"), N_("Sum of the days") },
  [CO_MEASURE_INVITES_SENT] = { N_("Invitations Sent"), N_("Sum of the days") },
  [CO_MEASURE_INVITES_ACCEPTED] = { N_("Invitations Accepted"), N_("Sum of the days") },
  [CO_MEASURE_POSTS] = { N_("Content Posts"), N_("Sum of the days") },
  [CO_MEASURE_PARTICIPANTS] = { N_("Activity Participants"), N_("Sum of the days") },
  [CO_MEASURE_FEEDBACK] = { N_("Feedback Items"), N_("Sum of the days") },
};

/* The measures that are a daily figure summed over the period; 0 (the members total, which is
 * never summed) for the others. */
static const CoFigure summed[CO_N_MEASURES] = {
  [CO_MEASURE_REGISTRATIONS] = CO_FIGURE_REGISTRATIONS,
  [CO_MEASURE_CONVERSIONS] = CO_FIGURE_CONVERSIONS,
  [CO_MEASURE_QUALITY_FEEDBACK] = CO_FIGURE_QUALITY_FEEDBACK,
  [CO_MEASURE_JOINED] = CO_FIGURE_JOINED,
  [CO_MEASURE_LEFT] = CO_FIGURE_LEFT,
  [CO_MEASURE_MESSAGES] = CO_FIGURE_MESSAGES,
  [CO_MEASURE_INVITES_SENT] = CO_FIGURE_INVITES_SENT,
  [CO_MEASURE_INVITES_ACCEPTED] = CO_FIGURE_INVITES_ACCEPTED,
  [CO_MEASURE_POSTS] = CO_FIGURE_POSTS,
  [CO_MEASURE_PARTICIPANTS] = CO_FIGURE_PARTICIPANTS,
  [CO_MEASURE_FEEDBACK] = CO_FIGURE_FEEDBACK,
};

const char *
co_measure_title (CoMeasure measure)
{
  g_return_val_if_fail (measure < CO_N_MEASURES, NULL);
  return _(measures[measure].title);
}

const char *
co_measure_formula (CoMeasure measure)
{
  g_return_val_if_fail (measure < CO_N_MEASURES, NULL);
  return _(measures[measure].formula);
}

const char *
co_measure_keyword (CoMeasure measure)
{
  g_return_val_if_fail (measure < CO_N_MEASURES, NULL);
  return measures[measure].keyword;
}

gboolean
co_measure_is_rate (CoMeasure measure)
{
  g_return_val_if_fail (measure < CO_N_MEASURES, FALSE);
  return measures[measure].rate;
}

char *
co_measure_format (CoMeasure measure,
                   double    value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value) || isinf (value))
    return g_strdup ("—");
  if (measures[measure].rate)
    return g_strconcat (g_ascii_formatd (buffer, sizeof buffer, "%.1f", value * 100), "%", NULL);
  if (measure == CO_MEASURE_DAU)
    return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", value));
  return g_strdup_printf ("%.0f", value);
}

char *
co_measure_format_change (CoMeasure measure,
                          double    value,
                          double    previous)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double change;

  if (isnan (value) || isnan (previous))
    return g_strdup ("—");
  if (measures[measure].rate)
    {
      change = (value - previous) * 100;
      g_ascii_formatd (buffer, sizeof buffer, "%+.1f", change);
      /* Translators: a change of a rate in percentage points (百分点) */
      return g_strdup_printf (_("%s pp"), buffer);
    }
  /* Net growth may turn negative, and a share of nothing means nothing: the difference instead. */
  if (measure == CO_MEASURE_NET_GROWTH || previous <= 0)
    return g_strdup_printf ("%+.0f", value - previous);
  change = (value - previous) / fabs (previous) * 100;
  return g_strconcat (g_ascii_formatd (buffer, sizeof buffer, "%+.1f", change), "%", NULL);
}

/* ---- dates --------------------------------------------------------------------------------- */

static GDate *
parse_date (const char *iso)
{
  GDate *date = g_date_new ();

  g_date_set_parse (date, iso);
  return date;
}

static char *
format_date (const GDate *date)
{
  char buffer[11];

  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  return g_strdup (buffer);
}

char *
co_week_first_day (const char  *date,
                   CoWeekStart  week_start)
{
  g_autoptr(GDate) day = parse_date (date);
  int weekday;

  if (!g_date_valid (day))
    return NULL;
  weekday = g_date_get_weekday (day);  /* Monday 1 … Sunday 7 */
  g_date_subtract_days (day, week_start == CO_WEEK_STARTS_MONDAY ? weekday - 1 : weekday % 7);
  return format_date (day);
}

void
co_period_previous (const char  *from,
                    const char  *to,
                    char       **previous_from,
                    char       **previous_to)
{
  g_autoptr(GDate) start = parse_date (from);
  g_autoptr(GDate) end = parse_date (to);
  int days = g_date_days_between (start, end) + 1;

  g_date_subtract_days (end, days);
  g_date_subtract_days (start, days);
  *previous_from = format_date (start);
  *previous_to = format_date (end);
}

static int
days_in (const char *from,
         const char *to)
{
  g_autoptr(GDate) start = parse_date (from);
  g_autoptr(GDate) end = parse_date (to);

  return g_date_days_between (start, end) + 1;
}

/* ---- one period ------------------------------------------------------------------------------ */

typedef struct
{
  double   sums[CO_N_FIGURES];
  gboolean has[CO_N_FIGURES];
  double   members_end;   /* NAN when no group has a members total */
  double   members_mean;
  double   active_mean;
  gboolean has_activity;
  double   dau;
  double   wau;
  double   mau;
  double   busiest_week;  /* the most active members of one day in the last 7 / 30 days, from */
  double   busiest_month; /* the daily figures: what WAU and MAU are at least */
  double   retained[3];   /* d1, d7, d30: members active again */
  double   measurable[3]; /* … of those whose day has come */
} Period;

static double
column_or_nan (sqlite3_stmt *stmt,
               int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, column);
}

/* co_report_scope_prepare (), stepped to its one row: NULL with @error set when there is none. */
static sqlite3_stmt *
period_row (CoStore              *store,
            const char           *sql,
            const CoReportScope  *scope,
            const char           *from,
            const char           *to,
            const char           *extra,
            GError              **error)
{
  sqlite3_stmt *stmt = co_report_scope_prepare (store, scope, sql, from, to, extra, error);

  if (stmt != NULL && sqlite3_step (stmt) != SQLITE_ROW)
    {
      co_store_set_error (store, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  return stmt;
}

/* Collects the rows of @stmt with @read_row; NULL with @error set when a step fails. */
static GArray *
collect_rows (CoStore       *store,
              sqlite3_stmt  *stmt,
              GArray        *rows,
              void         (*read_row) (sqlite3_stmt *stmt, GArray *rows),
              GError       **error)
{
  g_autoptr(GArray) owned = rows;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    read_row (stmt, owned);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&owned);
}

/* The rows r of activity_spans (co-store.c, migration 19 → 20) of the groups from their first
 * day to @to, with g.day the first day's number: a few thousand rows for a thousand groups' month,
 * where activity_days has hundreds of thousands. */
#define SPANS_OF_GROUPS(from, to) \
  "(SELECT id, CAST (julianday (first) AS INTEGER) AS day FROM " GROUPS_FROM (from) ") g" \
  " JOIN activity_spans r ON r.group_id = g.id AND r.day BETWEEN g.day AND CAST (julianday (" to ") AS INTEGER)"
#define SPAN_CASE(k) " WHEN " #k " - 1 THEN r.a" #k
/* The members active on r's day and not since the window's first day g.day: a 30-day window at most. */
#define FIRST_IN_WINDOW \
  "CASE r.day - g.day" SPAN_CASE (1) SPAN_CASE (2) SPAN_CASE (3) SPAN_CASE (4) SPAN_CASE (5) SPAN_CASE (6) \
  SPAN_CASE (7) SPAN_CASE (8) SPAN_CASE (9) SPAN_CASE (10) SPAN_CASE (11) SPAN_CASE (12) SPAN_CASE (13) \
  SPAN_CASE (14) SPAN_CASE (15) SPAN_CASE (16) SPAN_CASE (17) SPAN_CASE (18) SPAN_CASE (19) SPAN_CASE (20) \
  SPAN_CASE (21) SPAN_CASE (22) SPAN_CASE (23) SPAN_CASE (24) SPAN_CASE (25) SPAN_CASE (26) SPAN_CASE (27) \
  SPAN_CASE (28) SPAN_CASE (29) SPAN_CASE (30) " END"

/* The groups' daily figures of a period, in one pass over the days' rows: the sums of the flows
 * and whether any day had each; the members' and the active members' mean of the days; and each
 * group's last members total in the period, added up. */
static gboolean
read_daily_figures (CoStore              *store,
                    const CoReportScope  *scope,
                    const char           *from,
                    const char           *to,
                    Period               *period,
                    GError              **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  sqlite3_stmt *stmt;

  g_string_append (sql, "(SELECT sum ((SELECT members_total FROM daily_figures d WHERE d.group_id = g.id"
                        " AND d.date BETWEEN g.first AND ?3 AND d.members_total IS NOT NULL"
                        " ORDER BY d.date DESC LIMIT 1)) FROM " GROUPS_FROM ("?2") "), avg (members), avg (active)");
  for (guint f = 0; f < CO_N_FIGURES; f++)
    g_string_append_printf (sql, ", total (s%u), total (n%u)", f, f);
  g_string_append (sql, " FROM (SELECT sum (members_total) AS members, sum (active) AS active");
  for (guint f = 0; f < CO_N_FIGURES; f++)
    g_string_append_printf (sql, ", total (%s) AS s%u, count (%s) AS n%u", co_figure_spec (f)->key, f,
                            co_figure_spec (f)->key, f);
  g_string_append (sql, " FROM " ROWS_OF_GROUPS ("daily_figures", "date", "?2", "?3") " GROUP BY r.date)");
  if ((stmt = period_row (store, sql->str, scope, from, to, NULL, error)) == NULL)
    return FALSE;
  period->members_end = column_or_nan (stmt, 0);
  period->members_mean = column_or_nan (stmt, 1);
  period->active_mean = column_or_nan (stmt, 2);
  for (guint f = 0; f < CO_N_FIGURES; f++)
    {
      period->sums[f] = sqlite3_column_double (stmt, 3 + 2 * f);
      period->has[f] = sqlite3_column_int64 (stmt, 3 + 2 * f + 1) > 0;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Without per-member activity, the busiest day's active members in the groups' daily figures
 * are a floor for WAU and MAU: as many were active that day, so at least as many in its week
 * and month. */
static gboolean
read_busiest_days (CoStore              *store,
                   const CoReportScope  *scope,
                   const char           *from,
                   const char           *to,
                   Period               *period,
                   GError              **error)
{
  sqlite3_stmt *stmt = period_row (store,
    "SELECT (SELECT max (active) FROM (SELECT sum (r.active) AS active"
    "        FROM " ROWS_OF_GROUPS ("daily_figures", "date", "date (?3, '-6 days')", "?3")
    "        WHERE r.active IS NOT NULL GROUP BY r.date)),"
    "       (SELECT max (active) FROM (SELECT sum (r.active) AS active"
    "        FROM " ROWS_OF_GROUPS ("daily_figures", "date", "date (?3, '-29 days')", "?3")
    "        WHERE r.active IS NOT NULL GROUP BY r.date))",
    scope, from, to, NULL, error);

  if (stmt == NULL)
    return FALSE;
  period->busiest_week = column_or_nan (stmt, 0);
  period->busiest_month = column_or_nan (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Per-member activity: the members active per day from ?2 to ?4 added up, and the distinct
 * members in the last 7 and the last 30 days to ?3, each counted on their first day in the
 * window (the day before it is outside, or before the group's founding day); the groups' from
 * the summaries of activity_spans, a segment's people's from their own rows. */
#define ACTIVITY_OF_GROUPS \
  "SELECT (SELECT total (r.a1) FROM " SPANS_OF_GROUPS ("?2", "?4") ")," \
  "       (SELECT total (" FIRST_IN_WINDOW ") FROM " SPANS_OF_GROUPS ("date (?3, '-6 days')", "?3") ")," \
  "       (SELECT total (" FIRST_IN_WINDOW ") FROM " SPANS_OF_GROUPS ("date (?3, '-29 days')", "?3") ")"
#define ACTIVITY_OF_MEMBERS \
  "SELECT (SELECT count (*) FROM " ROWS_OF_MEMBERS ("activity_days", "membership_id", "date", "?2", "?4") ")," \
  "       (SELECT count (*) FROM " ROWS_OF_MEMBERS ("activity_days", "membership_id", "date", "date (?3, '-6 days')", "?3") \
  "        WHERE " FIRST_OF_MEMBER ("date (?3, '-6 days')") ")," \
  "       (SELECT count (*) FROM " ROWS_OF_MEMBERS ("activity_days", "membership_id", "date", "date (?3, '-29 days')", "?3") \
  "        WHERE " FIRST_OF_MEMBER ("date (?3, '-29 days')") ")"
/* Retention of the period's joiners, counting only those whose day N has come. */
#define RETENTION_OF(rows) \
  "SELECT total (joined_date <= date (?4, '-1 days') AND returned_d1), total (joined_date <= date (?4, '-1 days'))," \
  "       total (joined_date <= date (?4, '-7 days') AND returned_d7), total (joined_date <= date (?4, '-7 days'))," \
  "       total (joined_date <= date (?4, '-30 days') AND returned_d30), total (joined_date <= date (?4, '-30 days'))" \
  " FROM " rows " AND r.deleted_at IS NULL"

/* The period of @scope. A segment's people have their activity and retention counted from their
 * own rows, as the groups' are; the daily figures, which are the groups', are left unknown, and
 * their number stands for the members total. */
static gboolean
compute_period (CoStore              *store,
                const CoReportScope  *scope,
                const char           *from,
                const char           *to,
                const char           *today,
                Period               *period,
                GError              **error)
{
  const char *last = strcmp (to, today) < 0 ? to : today;
  sqlite3_stmt *stmt;

  memset (period, 0, sizeof *period);
  period->busiest_week = period->busiest_month = NAN;
  if (scope->of_members)
    {
      period->members_end = period->members_mean = scope->n_ids;
      period->active_mean = NAN;
    }
  else if (!read_daily_figures (store, scope, from, to, period, error))
    return FALSE;

  stmt = period_row (store, scope->of_members ? ACTIVITY_OF_MEMBERS : ACTIVITY_OF_GROUPS, scope, from, to, last,
                     error);
  if (stmt == NULL)
    return FALSE;
  period->mau = sqlite3_column_double (stmt, 2);
  /* A long period may have activity only in its first weeks, before the MAU's 30 days. */
  period->has_activity = period->mau > 0 || sqlite3_column_double (stmt, 0) > 0;
  period->wau = period->has_activity ? sqlite3_column_double (stmt, 1) : NAN;
  period->dau = strcmp (from, last) <= 0 && period->has_activity
                ? sqlite3_column_double (stmt, 0) / days_in (from, last) : NAN;
  if (!period->has_activity)
    period->mau = NAN;
  sqlite3_reset (stmt);

  /* With per-member activity, the floors are not shown, and not read. */
  if (!period->has_activity && !scope->of_members && !read_busiest_days (store, scope, from, to, period, error))
    return FALSE;

  stmt = period_row (store, SCOPE_SQL (scope, RETENTION_OF, "memberships", "id", "joined_date"), scope, from, to,
                     today, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      period->retained[i] = sqlite3_column_double (stmt, 2 * i);
      period->measurable[i] = sqlite3_column_double (stmt, 2 * i + 1);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* @part ÷ @whole, or NAN: a zero denominator has no answer. */
static double
ratio (double part,
       double whole)
{
  return whole > 0 && !isnan (part) ? part / whole : NAN;
}

static double
measure_of (const Period *period,
            CoMeasure     measure)
{
  double dau = period->has_activity ? period->dau : period->active_mean;

  if (measure < CO_N_MEASURES && summed[measure] != 0)
    return period->has[summed[measure]] ? period->sums[summed[measure]] : NAN;
  switch (measure)
    {
    case CO_MEASURE_MEMBERS_TOTAL:
      return period->members_end;
    case CO_MEASURE_NET_GROWTH:
      return period->has[CO_FIGURE_JOINED] || period->has[CO_FIGURE_LEFT]
             ? period->sums[CO_FIGURE_JOINED] - period->sums[CO_FIGURE_LEFT] : NAN;
    case CO_MEASURE_ACCEPTANCE_RATE:
      return ratio (period->sums[CO_FIGURE_INVITES_ACCEPTED], period->sums[CO_FIGURE_INVITES_SENT]);
    case CO_MEASURE_DAU:
      return dau;
    case CO_MEASURE_WAU:
      return period->has_activity ? period->wau : period->busiest_week;
    case CO_MEASURE_MAU:
      return period->has_activity ? period->mau : period->busiest_month;
    case CO_MEASURE_STICKINESS:
      return ratio (period->dau, period->mau);
    case CO_MEASURE_INTERACTION_RATE:
      return ratio (dau, period->members_mean);
    case CO_MEASURE_RETENTION_D1:
    case CO_MEASURE_RETENTION_D7:
    case CO_MEASURE_RETENTION_D30:
      {
        guint i = measure - CO_MEASURE_RETENTION_D1;
        return period->has_activity ? ratio (period->retained[i], period->measurable[i]) : NAN;
      }
    case CO_MEASURE_CONVERSION_RATE:
      return period->has[CO_FIGURE_CONVERSIONS] ? ratio (period->sums[CO_FIGURE_CONVERSIONS], period->members_end) : NAN;
    case CO_MEASURE_PARTICIPATION_RATE:
      return period->has[CO_FIGURE_PARTICIPANTS] ? ratio (period->sums[CO_FIGURE_PARTICIPANTS], period->members_end)
                                                 : NAN;
    default:
      g_return_val_if_reached (NAN);
    }
}

struct _CoReport
{
  Period   current;
  Period   previous;
  char    *first_day;  /* of any figures or activity of the groups, or NULL */
  gboolean of_people;  /* a segment's: the daily figures do not apply */
};

/* The first day with anything of @scope to show: of the groups' daily figures or activity,
 * each group's first day from its index, then the first of those (min () over a join would read
 * every row of every group); of a segment's people, their first active day. */
#define FIRST_DAY_OF_GROUPS \
  "SELECT min (figures, activity), figures, activity FROM" \
  " (SELECT (SELECT min ((SELECT min (r.date) FROM daily_figures r WHERE r.group_id = g.id AND r.date >= g.first))" \
  "          FROM " GROUPS_FROM ("''") ") AS figures," \
  "         (SELECT min ((SELECT min (r.date) FROM activity_days r WHERE r.group_id = g.id AND r.date >= g.first))" \
  "          FROM " GROUPS_FROM ("''") ") AS activity)"
#define FIRST_DAY_OF_MEMBERS \
  "SELECT min (r.date) FROM " ROWS_OF_MEMBERS ("activity_days", "membership_id", "date", "''", "'9999-12-31'")

static CoReport *
report_new (CoStore              *store,
            const CoReportScope  *scope,
            const char           *from,
            const char           *to,
            const char           *today,
            GError              **error)
{
  g_autoptr(CoReport) self = g_new0 (CoReport, 1);
  g_autofree char *previous_from = NULL, *previous_to = NULL;
  sqlite3_stmt *stmt;

  self->of_people = scope->of_members;
  co_period_previous (from, to, &previous_from, &previous_to);
  if (!compute_period (store, scope, from, to, today, &self->current, error) ||
      !compute_period (store, scope, previous_from, previous_to, today, &self->previous, error))
    return NULL;
  stmt = period_row (store, scope->of_members ? FIRST_DAY_OF_MEMBERS : FIRST_DAY_OF_GROUPS, scope, from, to, NULL,
                     error);
  if (stmt == NULL)
    return NULL;
  /* The first column that is not NULL: the groups' min () of two is NULL when either is. */
  for (int column = 0; column < sqlite3_column_count (stmt) && self->first_day == NULL; column++)
    if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
      self->first_day = g_strdup ((const char *) sqlite3_column_text (stmt, column));
  sqlite3_reset (stmt);
  return g_steal_pointer (&self);
}

CoReport *
co_report_new (CoStore      *store,
               const gint64 *group_ids,
               guint         n_groups,
               const char   *from,
               const char   *to,
               const char   *today,
               GError      **error)
{
  g_autoptr(CoReportScope) scope = co_report_scope_new (group_ids, n_groups, FALSE);

  return report_new (store, scope, from, to, today, error);
}

CoReport *
co_report_new_for_members (CoStore      *store,
                           const gint64 *membership_ids,
                           guint         n_memberships,
                           const char   *from,
                           const char   *to,
                           const char   *today,
                           GError      **error)
{
  g_autoptr(CoReportScope) scope = co_report_scope_new (membership_ids, n_memberships, TRUE);

  return report_new (store, scope, from, to, today, error);
}

char *
co_report_segment_note (guint n_members)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
    /* Translators: under a segment's report: how many people, and what is left out */
    "The %u member of this segment today, in any group: their activity, retention and channels. The daily "
    "figures (members total, growth, messages, invitations, conversions…) are counted per group, not per person: "
    "they do not apply to a segment and are left out.",
    "The %u members of this segment today, in any group: their activity, retention and channels. The daily "
    "figures (members total, growth, messages, invitations, conversions…) are counted per group, not per person: "
    "they do not apply to a segment and are left out.", n_members), n_members);
}

gboolean
co_report_is_of_people (CoReport *self)
{
  return self->of_people;
}

gboolean
co_measure_applies_to_people (CoMeasure measure)
{
  switch (measure)
    {
    case CO_MEASURE_MEMBERS_TOTAL:
    case CO_MEASURE_DAU:
    case CO_MEASURE_WAU:
    case CO_MEASURE_MAU:
    case CO_MEASURE_STICKINESS:
    case CO_MEASURE_INTERACTION_RATE:
    case CO_MEASURE_RETENTION_D1:
    case CO_MEASURE_RETENTION_D7:
    case CO_MEASURE_RETENTION_D30:
      return TRUE;
    default:
      return FALSE;
    }
}

void
co_report_free (CoReport *self)
{
  g_free (self->first_day);
  g_free (self);
}

const char *
co_report_get_first_day (CoReport *self)
{
  return self->first_day;
}

char *
co_report_format_value (CoReport  *self,
                        CoMeasure  measure,
                        gboolean   previous)
{
  const Period *period = previous ? &self->previous : &self->current;
  double value = measure_of (period, measure);
  g_autofree char *text = co_measure_format (measure, value);

  if (!period->has_activity && !isnan (value) && (measure == CO_MEASURE_WAU || measure == CO_MEASURE_MAU))
    /* Translators: a figure known only as a floor: "≥ 12" (WAU without per-member activity) */
    return g_strdup_printf (_("≥ %s"), text);
  return g_steal_pointer (&text);
}

double
co_report_get (CoReport  *self,
               CoMeasure  measure)
{
  return measure_of (&self->current, measure);
}

double
co_report_get_previous (CoReport  *self,
                        CoMeasure  measure)
{
  return measure_of (&self->previous, measure);
}

gboolean
co_report_is_estimate (CoReport  *self,
                       CoMeasure  measure)
{
  /* A segment's figures are its people's own: never from the daily figures. */
  if (self->current.has_activity || self->of_people)
    return FALSE;
  return measure == CO_MEASURE_DAU || measure == CO_MEASURE_INTERACTION_RATE || measure == CO_MEASURE_WAU ||
         measure == CO_MEASURE_MAU || measure == CO_MEASURE_STICKINESS ||
         (measure >= CO_MEASURE_RETENTION_D1 && measure <= CO_MEASURE_RETENTION_D30);
}

CoTable *
co_report_tiers_for_members (CoStore       *store,
                             const gint64  *membership_ids,
                             guint          n_memberships,
                             GError       **error)
{
  const char *header[] = { _("Tier"), _("Members") };
  g_autoptr(CoTable) table = co_table_new (G_N_ELEMENTS (header), header);
  g_autofree char *members = co_ids_json (membership_ids, n_memberships);
  /* Tiers are a group's: the same name in several groups is one row. */
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT t.name, t.builtin, count (*) AS n FROM json_each (?1) s JOIN memberships r ON r.id = s.value"
    " LEFT JOIN tiers t ON t.id = r.tier_id WHERE r.deleted_at IS NULL"
    " GROUP BY coalesce (t.name, t.builtin) ORDER BY n DESC, 1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, members, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *builtin = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 2));
      const char *row[] = { name ? name : builtin ? co_choice_label (CO_CHOICE_BUILTIN_TIER, builtin) : _("No Tier"),
                            count };

      co_table_add_row (table, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&table);
}

static void
read_cohort (sqlite3_stmt *stmt,
             GArray       *rows)
{
  CoCohort cohort = { .size = sqlite3_column_int64 (stmt, 1) };
  double *shares[] = { &cohort.d1, &cohort.d7, &cohort.d30 };

  g_strlcpy (cohort.week, (const char *) sqlite3_column_text (stmt, 0), sizeof cohort.week);
  /* A cohort's share on day N counts only when all of it has reached day N. */
  for (guint i = 0; i < 3; i++)
    *shares[i] = sqlite3_column_double (stmt, 3 + 2 * i) < cohort.size
                 ? NAN : ratio (sqlite3_column_double (stmt, 2 + 2 * i), cohort.size);
  g_array_append_val (rows, cohort);
}

/* The cohorts of @scope. */
static GArray *
read_cohorts (CoStore              *store,
              const CoReportScope  *scope,
              const char           *from,
              const char           *to,
              const char           *today,
              CoWeekStart           week_start,
              GError              **error)
{
  sqlite3_stmt *stmt;

  /* date (d, '-6 days', 'weekday N'): the first day N on or before d. */
#define COHORTS_OF(rows) \
    "SELECT date (joined_date, '-6 days', 'weekday ' || ?5) AS week, count (*)," \
    "       total (returned_d1), total (joined_date <= date (?4, '-1 days'))," \
    "       total (returned_d7), total (joined_date <= date (?4, '-7 days'))," \
    "       total (returned_d30), total (joined_date <= date (?4, '-30 days'))" \
    " FROM " rows " AND r.deleted_at IS NULL GROUP BY week ORDER BY week"
  stmt = co_report_scope_prepare (store, scope, SCOPE_SQL (scope, COHORTS_OF, "memberships", "id", "joined_date"),
                                  from, to, today, error);
#undef COHORTS_OF
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 5, week_start == CO_WEEK_STARTS_MONDAY ? 1 : 0);
  return collect_rows (store, stmt, g_array_new (FALSE, TRUE, sizeof (CoCohort)), read_cohort, error);
}

GArray *
co_report_retention (CoStore       *store,
                     const gint64  *group_ids,
                     guint          n_groups,
                     const char    *from,
                     const char    *to,
                     const char    *today,
                     CoWeekStart    week_start,
                     GError       **error)
{
  g_autoptr(CoReportScope) scope = co_report_scope_new (group_ids, n_groups, FALSE);

  return read_cohorts (store, scope, from, to, today, week_start, error);
}

GArray *
co_report_retention_for_members (CoStore       *store,
                                 const gint64  *membership_ids,
                                 guint          n_memberships,
                                 const char    *from,
                                 const char    *to,
                                 const char    *today,
                                 CoWeekStart    week_start,
                                 GError       **error)
{
  g_autoptr(CoReportScope) scope = co_report_scope_new (membership_ids, n_memberships, TRUE);

  return read_cohorts (store, scope, from, to, today, week_start, error);
}

/* ---- one measure ----------------------------------------------------------------------------- */

CoMeasure
co_measure_from_keyword (const char *keyword)
{
  for (CoMeasure measure = 0; keyword != NULL && measure < CO_N_MEASURES; measure++)
    if (g_strcmp0 (measures[measure].keyword, keyword) == 0)
      return measure;
  return CO_N_MEASURES;
}

gboolean
co_measure_is_summed (CoMeasure measure)
{
  g_return_val_if_fail (measure < CO_N_MEASURES, FALSE);
  return summed[measure] != 0 || measure == CO_MEASURE_NET_GROWTH;
}

gboolean
co_report_measure (CoStore       *store,
                   const gint64  *group_ids,
                   guint          n_groups,
                   CoMeasure      measure,
                   const char    *from,
                   const char    *to,
                   const char    *today,
                   double        *value,
                   GError       **error)
{
  g_autoptr(CoReportScope) scope = co_report_scope_new (group_ids, n_groups, FALSE);
  Period period;

  *value = NAN;
  if (!compute_period (store, scope, from, to, today, &period, error))
    return FALSE;
  *value = measure_of (&period, measure);
  return TRUE;
}

/* A period shorter than this is charted over the 30 days up to its end. */
#define SHORTEST_TREND 28
/* Two years of days still read as days; beyond, months. */
#define LONGEST_BY_DAY 731

char *
co_report_chart_span (const char  *from,
                      const char  *to,
                      CoStep      *step,
                      char       **caption)
{
  g_autofree char *from_text = co_date_format_display (from);
  g_autofree char *to_text = co_date_format_display (to);
  int days = days_in (from, to);
  char *first;

  *step = days - 1 > LONGEST_BY_DAY ? CO_STEP_MONTH : CO_STEP_DAY;
  if (days >= SHORTEST_TREND)
    {
      if (caption != NULL)
        *caption = *step == CO_STEP_MONTH
          /* Translators: under the trend charts of a long period */
          ? g_strdup_printf (_("The period chosen, %s – %s, by month: more than two years of days are "
                               "too many to tell apart."), from_text, to_text)
          /* Translators: under the trend charts */
          : g_strdup_printf (_("The period chosen, %s – %s, by day."), from_text, to_text);
      return g_strdup (from);
    }
  first = co_date_add_days (to, -29);
  if (caption != NULL)
    *caption = days == 1
        /* Translators: under the trend charts of a day: the span they show, and why */
        ? g_strdup_printf (_("The 30 days up to %s, for the trend: one day alone shows none."), to_text)
        /* Translators: under the trend charts of a week: the span they show, and why */
        : g_strdup_printf (_("The 30 days up to %s, for the trend: the period chosen (%s – %s) is too short "
                             "to show one."), to_text, from_text, to_text);
  return first;
}

static void
read_trend_point (sqlite3_stmt *stmt,
                  GArray       *rows)
{
  CoTrendPoint point = { .value = sqlite3_column_double (stmt, 1) };

  g_strlcpy (point.start, (const char *) sqlite3_column_text (stmt, 0), sizeof point.start);
  g_array_append_val (rows, point);
}

/* A month's total of a figure over the groups: the sum of its values, and the days (bit N − 1
 * for day N) on which any group had one. */
typedef struct
{
  double  sum;
  guint32 days;
} MonthTotal;

static MonthTotal *
month_total (GHashTable *months,
             const char *day)
{
  g_autofree char *month = g_strdup_printf ("%.8s01", day);
  MonthTotal *total = g_hash_table_lookup (months, month);

  if (total == NULL)
    {
      total = g_new0 (MonthTotal, 1);
      g_hash_table_insert (months, g_steal_pointer (&month), total);
    }
  return total;
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  return strcmp (((const CoTrendPoint *) a)->start, ((const CoTrendPoint *) b)->start);
}

/* co_report_trend () by month, the same to the last digit, in a few thousand rows: the months
 * wholly in the period from daily_figure_months (co-store.c, migration 19 → 20); the days of its
 * partial first and last months, and of a group's first month when it starts mid-month, from the
 * daily figures. NULL with @error unset when the period has no whole month (the caller reads
 * the days). */
static GArray *
trend_by_month (CoStore              *store,
                const CoReportScope  *scope,
                CoFigure              figure,
                const char           *from,
                const char           *to,
                GError              **error)
{
  const char *column = co_figure_spec (figure)->key;
  g_autofree char *month_of_from = g_strdup_printf ("%.8s01", from);
  g_autofree char *after_to = co_date_add_days (to, 1);
  /* The whole months: [first_full, tail_start). */
  g_autofree char *first_full = g_str_equal (from + 8, "01") ? g_strdup (from) : co_date_add_months (month_of_from, 1);
  g_autofree char *tail_start = g_str_has_suffix (after_to, "-01") ? g_strdup (after_to) : g_strdup_printf ("%.8s01", to);
  g_autoptr(GHashTable) months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *summary_sql = NULL, *days_sql = NULL;
  GArray *points;
  GHashTableIter iter;
  gpointer key, value;

  if (strcmp (first_full, tail_start) >= 0)
    return NULL;
  summary_sql = g_strdup_printf ("SELECT r.month, r.s_%s, r.d_%s FROM " GROUPS_FROM ("?2")
                                 " JOIN daily_figure_months r ON r.group_id = g.id"
                                 " AND r.month >= max (g.first, ?4) AND r.month < ?5",
                                 column, column);
  /* Each group's days before the first whole month, from the last partial one, and of its
   * first month when it starts within the whole months (its founding day). */
  days_sql = g_strdup_printf ("WITH g AS (" GROUPS_OF ("?2") "),"
                              " ranges (id, a, b) AS (SELECT id, first, date (?4, '-1 days') FROM g"
                              "  UNION ALL SELECT id, max (first, ?5), ?3 FROM g"
                              "  UNION ALL SELECT id, first, date (first, 'start of month', '+1 months', '-1 days') FROM g"
                              "   WHERE first > ?4 AND first < ?5 AND substr (first, 9) <> '01')"
                              " SELECT r.date, sum (r.%s) FROM ranges JOIN daily_figures r"
                              "  ON r.group_id = ranges.id AND r.date BETWEEN ranges.a AND ranges.b"
                              " WHERE r.%s IS NOT NULL GROUP BY r.date",
                              column, column);
  for (int pass = 0; pass < 2; pass++)
    {
      sqlite3_stmt *stmt = co_report_scope_prepare (store, scope, pass == 0 ? summary_sql : days_sql, from, to,
                                                    first_full, error);
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 5, tail_start, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *day = (const char *) sqlite3_column_text (stmt, 0);
          MonthTotal *total = month_total (months, day);

          total->sum += sqlite3_column_double (stmt, 1);
          total->days |= pass == 0 ? (guint32) sqlite3_column_int64 (stmt, 2) : 1u << (atoi (day + 8) - 1);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          co_store_set_error (store, error);
          return NULL;
        }
    }
  points = g_array_new (FALSE, TRUE, sizeof (CoTrendPoint));
  g_hash_table_iter_init (&iter, months);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      MonthTotal *total = value;
      CoTrendPoint point;

      /* A month without any value is left out, as the days' query leaves it out. */
      if (total->days == 0)
        continue;
      g_strlcpy (point.start, key, sizeof point.start);
      point.value = co_figure_is_level (figure) ? total->sum / __builtin_popcount (total->days) : total->sum;
      g_array_append_val (points, point);
    }
  g_array_sort (points, compare_points);
  return points;
}

GArray *
co_report_trend (CoStore       *store,
                 const gint64  *group_ids,
                 guint          n_groups,
                 CoFigure       figure,
                 const char    *from,
                 const char    *to,
                 CoStep         step,
                 CoWeekStart    week_start,
                 GError       **error)
{
  g_autoptr(CoReportScope) scope = co_report_scope_new (group_ids, n_groups, FALSE);
  g_autofree char *sql = NULL;
  const char *column = co_figure_spec (figure)->key;
  const char *bucket = step == CO_STEP_DAY ? "date"
                       : step == CO_STEP_MONTH ? "strftime ('%Y-%m-01', date)"
                       : week_start == CO_WEEK_STARTS_MONDAY ? "date (date, '-6 days', 'weekday 1')"
                       : "date (date, '-6 days', 'weekday 0')";
  sqlite3_stmt *stmt;

  if (step == CO_STEP_MONTH)
    {
      g_autoptr(GError) local_error = NULL;
      GArray *points = trend_by_month (store, scope, figure, from, to, &local_error);

      if (points != NULL || local_error != NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return points;
        }
    }
  /* Each day's figure for all the groups first; then the days of a bucket together. */
  sql = g_strdup_printf ("SELECT %s AS bucket, %s (value) FROM"
                         " (SELECT r.date AS date, sum (%s) AS value"
                         "  FROM " ROWS_OF_GROUPS ("daily_figures", "date", "?2", "?3")
                         "  AND %s IS NOT NULL GROUP BY r.date)"
                         " GROUP BY bucket ORDER BY bucket",
                         bucket, co_figure_is_level (figure) ? "avg" : "sum", column, column);
  stmt = co_report_scope_prepare (store, scope, sql, from, to, NULL, error);
  if (stmt == NULL)
    return NULL;
  return collect_rows (store, stmt, g_array_new (FALSE, TRUE, sizeof (CoTrendPoint)), read_trend_point, error);
}

static void
read_group_value (sqlite3_stmt *stmt,
                  GArray       *rows)
{
  CoGroupValue row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_double (stmt, 1) };

  g_array_append_val (rows, row);
}

GArray *
co_report_compare (CoStore       *store,
                   const gint64  *group_ids,
                   guint          n_groups,
                   CoFigure       figure,
                   const char    *from,
                   const char    *to,
                   GError       **error)
{
  g_autoptr(CoReportScope) scope = co_report_scope_new (group_ids, n_groups, FALSE);
  const char *column = co_figure_spec (figure)->key;
  g_autofree char *sql = g_strdup_printf ("SELECT r.group_id, %s (%s) AS value"
                                          " FROM " ROWS_OF_GROUPS ("daily_figures", "date", "?2", "?3")
                                          " AND %s IS NOT NULL GROUP BY r.group_id"
                                          " ORDER BY value DESC, r.group_id",
                                          co_figure_is_level (figure) ? "avg" : "sum", column, column);
  sqlite3_stmt *stmt = co_report_scope_prepare (store, scope, sql, from, to, NULL, error);

  if (stmt == NULL)
    return NULL;
  return collect_rows (store, stmt, g_array_new (FALSE, TRUE, sizeof (CoGroupValue)),
                       read_group_value, error);
}

static void
clear_top_member (gpointer data)
{
  g_free (((CoTopMember *) data)->nickname);
}

static void
read_top_member (sqlite3_stmt *stmt,
                 GArray       *rows)
{
  CoTopMember row = {
    g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
    sqlite3_column_int64 (stmt, 1),
    sqlite3_column_int64 (stmt, 2),
    sqlite3_column_int64 (stmt, 3),
  };

  g_array_append_val (rows, row);
}

/* The top members of @scope. */
static GArray *
read_top_members (CoStore              *store,
                  const CoReportScope  *scope,
                  const char           *from,
                  const char           *to,
                  guint                 limit,
                  GError              **error)
{
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (CoTopMember));
  sqlite3_stmt *stmt;

  g_array_set_clear_func (rows, clear_top_member);
#define TOP_OF(rows) \
    "SELECT m.nickname, s.group_id, a.days, a.actions" \
    " FROM (SELECT r.membership_id, count (DISTINCT r.date) AS days, sum (r.count) AS actions" \
    "       FROM " rows \
    "       GROUP BY r.membership_id ORDER BY days DESC, actions DESC, r.membership_id" \
    "       LIMIT CAST (?4 AS INTEGER)) a" \
    " JOIN memberships s ON s.id = a.membership_id JOIN members m ON m.id = s.member_id" \
    " WHERE s.deleted_at IS NULL ORDER BY a.days DESC, a.actions DESC, m.sort_key"
  stmt = co_report_scope_prepare (store, scope, SCOPE_SQL (scope, TOP_OF, "member_activity", "membership_id", "date"),
                                  from, to, limit_text, error);
#undef TOP_OF
  if (stmt == NULL)
    {
      g_array_unref (rows);
      return NULL;
    }
  return collect_rows (store, stmt, rows, read_top_member, error);
}

GArray *
co_report_top_members (CoStore       *store,
                       const gint64  *group_ids,
                       guint          n_groups,
                       const char    *from,
                       const char    *to,
                       guint          limit,
                       GError       **error)
{
  g_autoptr(CoReportScope) scope = co_report_scope_new (group_ids, n_groups, FALSE);

  return read_top_members (store, scope, from, to, limit, error);
}

GArray *
co_report_top_members_for_members (CoStore       *store,
                                   const gint64  *membership_ids,
                                   guint          n_memberships,
                                   const char    *from,
                                   const char    *to,
                                   guint          limit,
                                   GError       **error)
{
  g_autoptr(CoReportScope) scope = co_report_scope_new (membership_ids, n_memberships, TRUE);

  return read_top_members (store, scope, from, to, limit, error);
}

CoTable *
co_report_table (CoReport *self)
{
  const char *header[] = { _("Figure"), _("This Period"), _("Previous Period"), _("Change"),
                           _("Estimate"), _("Formula") };
  CoTable *table = co_table_new (G_N_ELEMENTS (header), header);

  for (CoMeasure measure = 0; measure < CO_N_MEASURES; measure++)
    {
      double value, previous;
      g_autofree char *value_text = NULL;
      g_autofree char *previous_text = NULL;
      g_autofree char *change = NULL;

      if (self->of_people && !co_measure_applies_to_people (measure))
        continue;
      value = co_report_get (self, measure);
      previous = co_report_get_previous (self, measure);
      value_text = co_report_format_value (self, measure, FALSE);
      previous_text = co_report_format_value (self, measure, TRUE);
      change = co_measure_format_change (measure, value, previous);
      const char *row[] = { co_measure_title (measure), value_text, previous_text, change,
                            co_report_is_estimate (self, measure) ? _("Estimate") : "",
                            co_measure_formula (measure) };

      co_table_add_row (table, row);
    }
  return table;
}

CoTable *
co_retention_table (GArray *cohorts)
{
  const char *header[] = { _("Week Joined"), _("New Members"), _("Day 1"), _("Day 7"), _("Day 30") };
  CoTable *table = co_table_new (G_N_ELEMENTS (header), header);

  for (guint i = 0; i < cohorts->len; i++)
    {
      CoCohort *cohort = &g_array_index (cohorts, CoCohort, i);
      g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, cohort->size);
      g_autofree char *d1 = co_measure_format (CO_MEASURE_RETENTION_D1, cohort->d1);
      g_autofree char *d7 = co_measure_format (CO_MEASURE_RETENTION_D7, cohort->d7);
      g_autofree char *d30 = co_measure_format (CO_MEASURE_RETENTION_D30, cohort->d30);
      const char *row[] = { cohort->week, size, d1, d7, d30 };

      co_table_add_row (table, row);
    }
  return table;
}

/* ---- a segment's people ------------------------------------------------------------------ */

GArray *
co_report_segment_members (CoStore               *store,
                           const CoSegmentFilter *filter,
                           const char            *today,
                           GError               **error)
{
  CoMemberQuery query = { .group_id = 0, .show = CO_MEMBER_SHOW_ALL, .segment = filter, .today = today };

  return co_member_query_ids (store, &query, error);
}

