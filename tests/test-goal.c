/* test-goal.c: a goal's status and sentence, over every metric the app knows, with and without
 * a baseline, a target and a deadline, before and after the deadline, reached and not, and with
 * rate units (每月, "a month"). No store: co_goal_assess() and co_goal_describe_values() are pure. */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "core/reports/co-goal.h"

/* 2026-12-01 to 2027-02-28: 90 days; on 2026-12-30 30 of them are gone (a third). */
#define START "2026-12-01"
#define TODAY "2026-12-30"
#define DEADLINE "2027-02-28"
#define AFTER "2027-03-01"

static void
test_unit_rates (void)
{
  const struct { const char *unit; CoGoalPer per; const char *counted; } cases[] = {
    { "个注册/月", CO_GOAL_PER_MONTH, "个注册" },
    { "人/月", CO_GOAL_PER_MONTH, "人" },
    { "条评测/月", CO_GOAL_PER_MONTH, "条评测" },
    { "每月新增人数", CO_GOAL_PER_MONTH, "新增人数" },
    { "条/周", CO_GOAL_PER_WEEK, "条" },
    { "每天", CO_GOAL_PER_DAY, NULL },
    { "registrations a month", CO_GOAL_PER_MONTH, "registrations" },
    { "Items per Week", CO_GOAL_PER_WEEK, "Items" },
    { "posts/day", CO_GOAL_PER_DAY, "posts" },
    { "members", CO_GOAL_PER_NONE, "members" },
    { "名成员", CO_GOAL_PER_NONE, "名成员" },
    { "%", CO_GOAL_PER_NONE, "%" },
    { NULL, CO_GOAL_PER_NONE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *counted = co_goal_unit_counted (cases[i].unit);
      g_test_message ("%s", cases[i].unit);
      g_assert_cmpint (co_goal_unit_per (cases[i].unit), ==, cases[i].per);
      g_assert_cmpstr (counted, ==, cases[i].counted);
    }
}

static CoGoal
goal_of (CoMeasure   measure,
         double      baseline,
         double      target,
         const char *unit,
         const char *deadline)
{
  CoGoal goal = { measure, baseline, target, unit, START, deadline };
  return goal;
}

/* @share of the way to the target (from the baseline, or 0), in the measure's own terms (rates
 * as shares). */
static double
figure_at (const CoGoal *goal,
           double        share)
{
  double baseline = isnan (goal->baseline) ? 0 : goal->baseline;
  double value = baseline + share * (goal->target - baseline);
  return co_measure_is_rate (goal->measure) ? value / 100 : value;
}

static CoGoalStatus
status_of (const CoGoal *goal,
           double        current,
           const char   *today)
{
  CoGoalProgress progress;
  g_autofree char *from = NULL;
  CoGoalPer per = co_goal_measure_from (goal, today, &from);

  co_goal_assess (goal, per, current, today, &progress);
  return progress.status;
}

/* Every metric, with and without a baseline: reached, ahead and behind the time, nothing reached,
 * the deadline passed, no deadline, no target, no figures. */
static void
test_status_every_metric (void)
{
  for (CoMeasure measure = 0; measure < CO_N_MEASURES; measure++)
    {
      const char *unit = co_measure_is_rate (measure) ? "%" : "members";

      if (co_measure_keyword (measure) == NULL)
        continue;
      for (guint with_baseline = 0; with_baseline < 2; with_baseline++)
        {
          CoGoal goal = goal_of (measure, with_baseline ? 10 : NAN, 40, unit, DEADLINE);
          CoGoal open_ended = goal_of (measure, with_baseline ? 10 : NAN, 40, unit, NULL);
          CoGoal no_target = goal_of (measure, with_baseline ? 10 : NAN, NAN, unit, DEADLINE);

          g_test_message ("%s, baseline %u", co_measure_keyword (measure), with_baseline);
          g_assert_cmpint (co_measure_from_keyword (co_measure_keyword (measure)), ==, measure);
          g_assert_cmpint (status_of (&goal, figure_at (&goal, 1), TODAY), ==, CO_GOAL_ACHIEVED);
          g_assert_cmpint (status_of (&goal, figure_at (&goal, 1.2), AFTER), ==, CO_GOAL_ACHIEVED);
          /* A third of the time gone: 40 % of the way is on track, 30 % at risk, 20 % behind. */
          g_assert_cmpint (status_of (&goal, figure_at (&goal, 0.4), TODAY), ==, CO_GOAL_ON_TRACK);
          g_assert_cmpint (status_of (&goal, figure_at (&goal, 0.3), TODAY), ==, CO_GOAL_AT_RISK);
          g_assert_cmpint (status_of (&goal, figure_at (&goal, 0.2), TODAY), ==, CO_GOAL_OFF_TRACK);
          /* Nothing reached is behind as soon as time passes, even on the first day. */
          g_assert_cmpint (status_of (&goal, figure_at (&goal, 0), TODAY), ==, CO_GOAL_OFF_TRACK);
          g_assert_cmpint (status_of (&goal, figure_at (&goal, 0), START), ==, CO_GOAL_OFF_TRACK);
          g_assert_cmpint (status_of (&goal, figure_at (&goal, 0.9), AFTER), ==, CO_GOAL_MISSED);
          g_assert_cmpint (status_of (&goal, figure_at (&goal, 0.9), DEADLINE), ==, CO_GOAL_AT_RISK);
          g_assert_cmpint (status_of (&goal, NAN, TODAY), ==, CO_GOAL_NO_DATA);
          g_assert_cmpint (status_of (&open_ended, figure_at (&open_ended, 0.5), TODAY), ==, CO_GOAL_NO_DEADLINE);
          g_assert_cmpint (status_of (&open_ended, figure_at (&open_ended, 1), TODAY), ==, CO_GOAL_ACHIEVED);
          g_assert_cmpint (status_of (&no_target, 5, TODAY), ==, CO_GOAL_NO_TARGET);
        }
    }
  {
    /* A custom metric, or none, has no figure here. */
    CoGoal custom = goal_of (co_measure_from_keyword ("custom"), NAN, 60, "%", DEADLINE);
    g_assert_cmpint (custom.measure, ==, CO_N_MEASURES);
    g_assert_cmpint (status_of (&custom, NAN, TODAY), ==, CO_GOAL_UNMEASURED);
  }
  {
    /* Going down (complaints from 40 to 10): a third of the way at a third of the time. */
    CoGoal down = goal_of (co_measure_from_keyword ("quality-feedback"), 40, 10, "items", DEADLINE);
    g_assert_cmpint (status_of (&down, 30, TODAY), ==, CO_GOAL_ON_TRACK);
    g_assert_cmpint (status_of (&down, 40, TODAY), ==, CO_GOAL_OFF_TRACK);
    g_assert_cmpint (status_of (&down, 10, TODAY), ==, CO_GOAL_ACHIEVED);
  }
}

/* Where the figure is read from: levels over the last week, counts from the start or, with a
 * rate unit, over the last 30 or 7 days. */
static void
test_measured_from (void)
{
  const struct { const char *metric; const char *unit; CoGoalPer per; const char *from; } cases[] = {
    { "members-total", "名种子用户", CO_GOAL_PER_NONE, "2026-12-24" },
    { "dau", "人/月", CO_GOAL_PER_NONE, "2026-12-24" },  /* a level has no rate */
    { "acceptance-rate", "%", CO_GOAL_PER_NONE, "2026-12-24" },
    { "registrations", "个注册/月", CO_GOAL_PER_MONTH, "2026-12-01" },
    { "net-growth", "members a month", CO_GOAL_PER_MONTH, "2026-12-01" },
    { "quality-feedback", "条/周", CO_GOAL_PER_WEEK, "2026-12-24" },
    { "conversions", "每天", CO_GOAL_PER_DAY, "2026-12-24" },
    { "conversions", "个", CO_GOAL_PER_NONE, "2026-11-15" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CoGoal goal = { co_measure_from_keyword (cases[i].metric), NAN, 10, cases[i].unit, "2026-11-15", DEADLINE };
      g_autofree char *from = NULL;

      g_test_message ("%s in %s", cases[i].metric, cases[i].unit);
      g_assert_cmpint (co_goal_measure_from (&goal, TODAY, &from), ==, cases[i].per);
      g_assert_cmpstr (from, ==, cases[i].from);
    }
}

static char *
describe (const char *metric,
          double      baseline,
          double      target,
          const char *unit,
          const char *deadline,
          double      current,
          const char *today)
{
  CoGoal goal = { co_measure_from_keyword (metric), baseline, target, unit, START, deadline };
  CoGoalProgress progress;
  g_autofree char *from = NULL;
  CoGoalPer per = co_goal_measure_from (&goal, today, &from);

  co_goal_assess (&goal, per, current, today, &progress);
  return co_goal_describe_values (&goal, &progress);
}

/* The figure now and the target say the goal's own metric and unit. Dates are the C locale's. */
static void
test_wording (void)
{
  const struct { const char *said, *expected; } cases[] = {
    { describe ("members-total", 0, 1000, "members", DEADLINE, 360, TODAY),
      "360 members now; target 1000 members (baseline 0 members) by 02/28/27" },
    { describe ("registrations", NAN, 50, "registrations a month", DEADLINE, 0, TODAY),
      "0 registrations in the last 30 days; target 50 registrations a month by 02/28/27" },
    { describe ("net-growth", NAN, 200, "人/月", DEADLINE, 35, TODAY),
      "35 人 in the last 30 days; target 200 人/月 by 02/28/27" },
    { describe ("quality-feedback", NAN, 3, "items a week", NULL, 2, TODAY),
      "2 items in the last 7 days; target 3 items a week" },
    { describe ("conversions", NAN, 120, "conversions", DEADLINE, 40, TODAY),
      "40 conversions since 12/01/26; target 120 conversions by 02/28/27" },
    { describe ("acceptance-rate", 35, 50, "%", DEADLINE, 0.42, TODAY),
      "42.0% now; target 50% (baseline 35%) by 02/28/27" },
    /* A rate is in percent whatever unit was typed. */
    { describe ("conversion-rate", NAN, 5, NULL, DEADLINE, 0.025, TODAY),
      "2.5% now; target 5% by 02/28/27" },
    { describe ("dau", NAN, 100, "members", DEADLINE, 12.5, TODAY),
      "12.5 members now; target 100 members by 02/28/27" },
    { describe ("mau", NAN, 300, NULL, DEADLINE, 120, AFTER), "120 now; target 300 by 02/28/27" },
    { describe ("wau", NAN, 80, "members", DEADLINE, NAN, TODAY), "Target 80 members by 02/28/27" },
    { describe ("custom", NAN, 60, "%", DEADLINE, NAN, TODAY), "Target 60% by 02/28/27" },
    { describe ("custom", NAN, 60, "%", NULL, NAN, TODAY), "Target 60%" },
    { describe ("members-total", NAN, NAN, "members", DEADLINE, 360, TODAY), "360 members now" },
    { describe ("members-total", NAN, NAN, NULL, NULL, NAN, TODAY), NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (cases[i].said, ==, cases[i].expected);
      g_free ((char *) cases[i].said);
    }
}

/* The labels: one for each status, and those to act on. */
static void
test_labels (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (CoGoalStatus status = CO_GOAL_NO_DATA; status <= CO_GOAL_UNMEASURED; status++)
    g_assert_true (g_hash_table_add (seen, (gpointer) co_goal_status_label (status)));
  g_assert_cmpstr (co_goal_status_label (CO_GOAL_OFF_TRACK), ==, "Behind");
  g_assert_true (co_goal_needs_attention (CO_GOAL_MISSED));
  g_assert_true (co_goal_needs_attention (CO_GOAL_OFF_TRACK));
  g_assert_true (co_goal_needs_attention (CO_GOAL_AT_RISK));
  g_assert_false (co_goal_needs_attention (CO_GOAL_ON_TRACK));
  g_assert_false (co_goal_needs_attention (CO_GOAL_NO_DATA));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/goal/unit-rates", test_unit_rates);
  g_test_add_func ("/goal/status-every-metric", test_status_every_metric);
  g_test_add_func ("/goal/measured-from", test_measured_from);
  g_test_add_func ("/goal/wording", test_wording);
  g_test_add_func ("/goal/labels", test_labels);
  return g_test_run ();
}
