/* co-goal.c: a goal's figure, status and sentence. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/reports/co-goal.h"
#include "core/store/co-store-private.h"

/* On track: at least as far along as the time gone by. At risk: at least three quarters of it. */
#define AT_RISK_SHARE 0.75

/* The ways people write a rate in a unit, lower case; the first found wins. */
static const struct
{
  const char *marker;
  CoGoalPer   per;
} rate_markers[] = {
  { "/月", CO_GOAL_PER_MONTH }, { "每月", CO_GOAL_PER_MONTH }, { "月均", CO_GOAL_PER_MONTH },
  { "/周", CO_GOAL_PER_WEEK }, { "每周", CO_GOAL_PER_WEEK }, { "/星期", CO_GOAL_PER_WEEK },
  { "/天", CO_GOAL_PER_DAY }, { "/日", CO_GOAL_PER_DAY }, { "每天", CO_GOAL_PER_DAY }, { "每日", CO_GOAL_PER_DAY },
  { "日均", CO_GOAL_PER_DAY },
  { "per month", CO_GOAL_PER_MONTH }, { "a month", CO_GOAL_PER_MONTH }, { "/month", CO_GOAL_PER_MONTH },
  { "/mo", CO_GOAL_PER_MONTH }, { "monthly", CO_GOAL_PER_MONTH },
  { "per week", CO_GOAL_PER_WEEK }, { "a week", CO_GOAL_PER_WEEK }, { "/week", CO_GOAL_PER_WEEK },
  { "/wk", CO_GOAL_PER_WEEK }, { "weekly", CO_GOAL_PER_WEEK },
  { "per day", CO_GOAL_PER_DAY }, { "a day", CO_GOAL_PER_DAY }, { "/day", CO_GOAL_PER_DAY },
  { "daily", CO_GOAL_PER_DAY },
};

/* The marker's place in @unit, or -1. ASCII lower case keeps the byte offsets. */
static int
find_rate (const char *unit,
           guint      *index)
{
  g_autofree char *lower = NULL;

  if (unit == NULL)
    return -1;
  lower = g_ascii_strdown (unit, -1);
  for (guint i = 0; i < G_N_ELEMENTS (rate_markers); i++)
    {
      const char *found = strstr (lower, rate_markers[i].marker);
      if (found != NULL)
        {
          *index = i;
          return (int) (found - lower);
        }
    }
  return -1;
}

CoGoalPer
co_goal_unit_per (const char *unit)
{
  guint index;

  return find_rate (unit, &index) >= 0 ? rate_markers[index].per : CO_GOAL_PER_NONE;
}

char *
co_goal_unit_counted (const char *unit)
{
  guint index;
  int at = find_rate (unit, &index);
  GString *counted;

  if (unit == NULL)
    return NULL;
  counted = g_string_new (unit);
  if (at >= 0)
    g_string_erase (counted, at, (gssize) strlen (rate_markers[index].marker));
  g_strstrip (counted->str);
  counted->len = strlen (counted->str);
  if (counted->len == 0)
    {
      g_string_free (counted, TRUE);
      return NULL;
    }
  return g_string_free (counted, FALSE);
}

static double
number_or_nan (const char *text)
{
  return text != NULL && *text != '\0' ? g_ascii_strtod (text, NULL) : NAN;
}

void
co_goal_from_item (CoItem     *item,
                   const char *set_on,
                   CoGoal     *goal)
{
  const char *unit = co_item_get (item, "unit");
  const char *baseline_date = co_item_get (item, "baseline_date");

  goal->measure = co_measure_from_keyword (co_item_get (item, "metric"));
  goal->baseline = number_or_nan (co_item_get (item, "baseline"));
  goal->target = number_or_nan (co_item_get (item, "target"));
  goal->unit = unit != NULL && *unit != '\0' ? unit : NULL;
  goal->start = baseline_date != NULL ? baseline_date : set_on;
  goal->deadline = co_item_get (item, "deadline");
}

CoGoalPer
co_goal_measure_from (const CoGoal  *goal,
                      const char    *today,
                      char         **from)
{
  CoGoalPer per = co_goal_unit_per (goal->unit);

  *from = NULL;
  if (goal->measure >= CO_N_MEASURES)
    return CO_GOAL_PER_NONE;
  if (!co_measure_is_summed (goal->measure))
    {
      /* A level is what it is now: read over the last week, not added up. */
      *from = co_date_add_days (today, -6);
      return CO_GOAL_PER_NONE;
    }
  switch (per)
    {
    case CO_GOAL_PER_MONTH:
      *from = co_date_add_days (today, -29);
      break;
    case CO_GOAL_PER_WEEK:
    case CO_GOAL_PER_DAY:  /* the mean day of the last week: one day alone is mostly not entered yet */
      *from = co_date_add_days (today, -6);
      break;
    case CO_GOAL_PER_NONE:
    default:
      *from = g_strdup (goal->start != NULL ? goal->start : "1970-01-01");
      break;
    }
  return per;
}

/* Days from @from to @to, both counted; 0 or less when @to is before @from. */
static int
days_counted (const char *from,
              const char *to)
{
  GDate first, last;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_parse (&first, from);
  g_date_set_parse (&last, to);
  if (!g_date_valid (&first) || !g_date_valid (&last))
    return 0;
  return g_date_days_between (&first, &last) + 1;
}

void
co_goal_assess (const CoGoal   *goal,
                CoGoalPer       per,
                double          current,
                const char     *today,
                CoGoalProgress *progress)
{
  double value, baseline;
  const char *start;

  progress->measure = goal->measure;
  progress->per = per;
  progress->current = current;
  progress->progress = progress->expected = NAN;
  if (goal->measure >= CO_N_MEASURES)
    {
      progress->status = CO_GOAL_UNMEASURED;
      return;
    }
  if (isnan (goal->target))
    {
      progress->status = CO_GOAL_NO_TARGET;
      return;
    }
  if (isnan (current))
    {
      progress->status = CO_GOAL_NO_DATA;
      return;
    }

  /* Rates are stored as percentages in goals ("60" for 60 %), measured as shares. */
  value = co_measure_is_rate (goal->measure) ? current * 100 : current;
  baseline = isnan (goal->baseline) ? 0 : goal->baseline;
  progress->progress = goal->target != baseline ? (value - baseline) / (goal->target - baseline)
                                                : (value >= goal->target ? 1 : 0);
  /* A rate measured as a share and targeted in percent may land a hair below the target. */
  if (progress->progress >= 1 - 1e-9)
    {
      progress->status = CO_GOAL_ACHIEVED;
      return;
    }
  if (goal->deadline == NULL)
    {
      progress->status = CO_GOAL_NO_DEADLINE;
      return;
    }
  if (strcmp (today, goal->deadline) > 0)
    {
      progress->expected = 1;
      progress->status = CO_GOAL_MISSED;
      return;
    }

  /* Today counts as gone by: nothing reached on a goal's first day is already behind its pace. */
  start = goal->start != NULL && strcmp (goal->start, goal->deadline) <= 0 ? goal->start : today;
  progress->expected = CLAMP ((double) days_counted (start, today) / days_counted (start, goal->deadline), 0, 1);
  if (progress->progress >= progress->expected)
    progress->status = CO_GOAL_ON_TRACK;
  else if (progress->progress >= AT_RISK_SHARE * progress->expected)
    progress->status = CO_GOAL_AT_RISK;
  else
    progress->status = CO_GOAL_OFF_TRACK;
}

const char *
co_goal_status_label (CoGoalStatus status)
{
  switch (status)
    {
    case CO_GOAL_ACHIEVED: return _("Achieved");
    case CO_GOAL_ON_TRACK: return _("On track");
    case CO_GOAL_AT_RISK: return _("At risk");
    case CO_GOAL_OFF_TRACK: return _("Behind");
    case CO_GOAL_MISSED: return _("Missed");
    case CO_GOAL_NO_TARGET: return _("No target");
    case CO_GOAL_NO_DEADLINE: return _("No deadline");
    case CO_GOAL_UNMEASURED: return _("Tracked by hand");
    case CO_GOAL_NO_DATA:
    default: return _("No figures yet");
    }
}

gboolean
co_goal_needs_attention (CoGoalStatus status)
{
  return status == CO_GOAL_AT_RISK || status == CO_GOAL_OFF_TRACK || status == CO_GOAL_MISSED;
}

/* "1000", "2.5": as a person would type it. */
static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%.0f", value);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.10g", value));
}

/* A number with its unit: "1000 members", "50%". */
static char *
with_unit (const char *number,
           const char *unit)
{
  if (unit == NULL)
    return g_strdup (number);
  if (unit[0] == '%')
    return g_strconcat (number, unit, NULL);
  /* Translators: a number and its unit, as a goal's user wrote it: "1000 members", "50 个注册/月" */
  return g_strdup_printf (_("%s %s"), number, unit);
}

/* The goal's figure now, said the way it was measured. */
static char *
describe_current (const CoGoal         *goal,
                  const CoGoalProgress *progress)
{
  g_autofree char *number = NULL, *amount = NULL, *counted = NULL, *since = NULL;

  if (co_measure_is_rate (goal->measure))
    amount = co_measure_format (goal->measure, progress->current);
  else
    {
      number = co_measure_format (goal->measure, progress->current);
      counted = co_goal_unit_counted (goal->unit);
      amount = with_unit (number, counted);
    }
  if (!co_measure_is_summed (goal->measure))
    /* Translators: a goal's figure now: "360 members now" */
    return g_strdup_printf (_("%s now"), amount);
  switch (progress->per)
    {
    case CO_GOAL_PER_MONTH:
      /* Translators: a goal's figure counted per month: "12 registrations in the last 30 days" */
      return g_strdup_printf (_("%s in the last 30 days"), amount);
    case CO_GOAL_PER_WEEK:
      /* Translators: a goal's figure counted per week: "12 registrations in the last 7 days" */
      return g_strdup_printf (_("%s in the last 7 days"), amount);
    case CO_GOAL_PER_DAY:
      /* Translators: a goal's figure counted per day: "3.5 registrations a day over the last 7 days" */
      return g_strdup_printf (_("%s a day over the last 7 days"), amount);
    case CO_GOAL_PER_NONE:
    default:
      since = co_date_format_display (goal->start);
      if (since == NULL)
        /* Translators: a goal's figure added up: "120 registrations so far" */
        return g_strdup_printf (_("%s so far"), amount);
      /* Translators: a goal's figure added up since its start: "120 registrations since 12/1/2026" */
      return g_strdup_printf (_("%s since %s"), amount, since);
    }
}

static char *
describe_target (const CoGoal *goal)
{
  gboolean rate = goal->measure < CO_N_MEASURES && co_measure_is_rate (goal->measure);
  const char *unit = rate ? "%" : goal->unit;
  g_autofree char *number = format_number (goal->target);
  g_autofree char *target = with_unit (number, unit);
  g_autofree char *baseline_number = NULL, *baseline = NULL;

  if (isnan (goal->baseline))
    return g_steal_pointer (&target);
  baseline_number = format_number (goal->baseline);
  baseline = with_unit (baseline_number, unit);
  /* Translators: a goal's target and the baseline it started from: "50% (baseline 35%)" */
  return g_strdup_printf (_("%s (baseline %s)"), target, baseline);
}

char *
co_goal_describe_values (const CoGoal         *goal,
                         const CoGoalProgress *progress)
{
  g_autofree char *current = NULL, *target = NULL, *deadline = NULL;

  if (goal->measure < CO_N_MEASURES && !isnan (progress->current))
    current = describe_current (goal, progress);
  if (isnan (goal->target))
    return g_steal_pointer (&current);
  target = describe_target (goal);
  deadline = co_date_format_display (goal->deadline);
  if (current != NULL && deadline != NULL)
    /* Translators: a goal's figure now, its target and its deadline:
     * "360 members now; target 1000 members by 3/6/2027" */
    return g_strdup_printf (_("%s; target %s by %s"), current, target, deadline);
  if (current != NULL)
    /* Translators: a goal's figure now and its target, with no deadline */
    return g_strdup_printf (_("%s; target %s"), current, target);
  if (deadline != NULL)
    /* Translators: a goal without figures: its target and its deadline */
    return g_strdup_printf (_("Target %s by %s"), target, deadline);
  /* Translators: a goal without figures or deadline: its target */
  return g_strdup_printf (_("Target %s"), target);
}

char *
co_goal_describe (CoItem               *item,
                  const CoGoalProgress *progress)
{
  CoGoal goal;

  co_goal_from_item (item, NULL, &goal);
  return co_goal_describe_values (&goal, progress);
}

char *
co_goal_describe_target (CoItem *item)
{
  CoGoalProgress nothing = { .per = CO_GOAL_PER_NONE, .current = NAN };
  CoGoal goal;

  co_goal_from_item (item, NULL, &goal);
  nothing.measure = goal.measure;
  return co_goal_describe_values (&goal, &nothing);
}

const char *
co_goal_rule (void)
{
  return _("Progress is the share of the way from the baseline to the target; time is the share of the days "
           "from the baseline date (or the day the goal was set) to the deadline that have gone by, today "
           "included. On track: progress at least equals time. At risk: progress is at least three quarters "
           "of time. Behind: less. Missed: the deadline passed without reaching the target. A unit such as "
           "“a month” (每月) counts the last 30 days.");
}

/* The day @goal was set: its row's creation, in UTC (near enough for counting days). */
static char *
day_set (CoStore *store,
         CoItem  *goal)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT substr (created_at, 1, 10) FROM goals WHERE id = ?", NULL);
  char *day = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, co_item_get_id (goal));
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    day = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return day;
}

gboolean
co_goal_progress (CoStore         *store,
                  CoItem          *item,
                  const char      *today,
                  CoGoalProgress  *progress,
                  GError         **error)
{
  g_autofree char *set_on = day_set (store, item);
  g_autofree char *from = NULL;
  gint64 group_id = co_item_get_group_id (item);
  double current = NAN;
  CoGoal goal;
  CoGoalPer per;

  co_goal_from_item (item, set_on, &goal);
  per = co_goal_measure_from (&goal, today, &from);
  if (from != NULL && strcmp (from, today) <= 0)
    {
      if (!co_report_measure (store, &group_id, 1, goal.measure, from, today, today, &current, error))
        {
          co_goal_assess (&goal, per, NAN, today, progress);
          return FALSE;
        }
      if (per == CO_GOAL_PER_DAY)
        current /= 7;
    }
  co_goal_assess (&goal, per, current, today, progress);
  return TRUE;
}
