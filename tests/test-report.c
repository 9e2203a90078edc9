/* test-report.c: daily figures and their checks, and every formula of the report on figures
 * worked out by hand: zero denominators, week boundaries under both week starts, month ends,
 * leap days, per-member activity, retention cohorts with gaps. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "core/document/co-report-document.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-import.h"
#include "core/members/co-member.h"
#include "core/reports/co-goal.h"
#include "core/reports/co-report-data.h"
#include "core/reports/co-report.h"
#include "core/formats/co-date.h"
#include "core/sample/co-sample.h"
#include "core/store/co-store-private.h"
#include "core/today/co-today.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

static void
put_day (Fixture    *f,
         gint64      group,
         const char *date,
         const char *figures)  /* "members_total=100 joined=10 …" */
{
  g_auto(GStrv) pairs = g_strsplit (figures, " ", -1);
  g_autoptr(GError) error = NULL;
  CoDayFigures day;

  co_day_figures_init (&day, group, date);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (pairs[i], "=", 2);
      for (CoFigure figure = 0; figure < CO_N_FIGURES; figure++)
        if (g_str_equal (co_figure_spec (figure)->key, pair[0]))
          day.values[figure] = g_ascii_strtoll (pair[1], NULL, 10);
    }
  g_assert_true (co_figures_put (f->store, &day, &error));
  g_assert_no_error (error);
}

static void
assert_measure (CoReport   *report,
                CoMeasure   measure,
                const char *shown)
{
  g_autofree char *text = co_measure_format (measure, co_report_get (report, measure));
  g_assert_cmpstr (text, ==, shown);
}

static void
test_weeks_and_periods (void)
{
  g_autofree char *monday = co_week_first_day ("2026-11-23", CO_WEEK_STARTS_MONDAY);   /* a Monday */
  g_autofree char *sunday = co_week_first_day ("2026-11-23", CO_WEEK_STARTS_SUNDAY);
  g_autofree char *monday_of_sunday = co_week_first_day ("2026-11-22", CO_WEEK_STARTS_MONDAY);
  g_autofree char *sunday_of_sunday = co_week_first_day ("2026-11-22", CO_WEEK_STARTS_SUNDAY);
  g_autofree char *across_year = co_week_first_day ("2027-01-01", CO_WEEK_STARTS_MONDAY);
  g_autofree char *from = NULL, *to = NULL, *week_from = NULL, *week_to = NULL;

  g_assert_cmpstr (monday, ==, "2026-11-23");
  g_assert_cmpstr (sunday, ==, "2026-11-22");
  g_assert_cmpstr (monday_of_sunday, ==, "2026-11-16");
  g_assert_cmpstr (sunday_of_sunday, ==, "2026-11-22");
  g_assert_cmpstr (across_year, ==, "2026-12-28");

  /* March 2024 (31 days): the 31 days before end on the leap day. */
  co_period_previous ("2024-03-01", "2024-03-31", &from, &to);
  g_assert_cmpstr (from, ==, "2024-01-30");
  g_assert_cmpstr (to, ==, "2024-02-29");
  co_period_previous ("2026-11-23", "2026-11-29", &week_from, &week_to);
  g_assert_cmpstr (week_from, ==, "2026-11-16");
  g_assert_cmpstr (week_to, ==, "2026-11-22");
}

/* The charts' span: a week is charted over the 30 days up to its end, and the caption says so and
 * why; four weeks and more are the period itself, by day up to two years, by month beyond. */
static void
test_chart_span (void)
{
  g_autofree char *week_caption = NULL, *day_caption = NULL, *month_caption = NULL, *years_caption = NULL;
  g_autofree char *week = NULL, *day = NULL, *month = NULL, *years = NULL;
  CoStep step;

  week = co_report_chart_span ("2026-11-30", "2026-12-06", &step, &week_caption);
  g_assert_cmpstr (week, ==, "2026-11-07");
  g_assert_cmpint (step, ==, CO_STEP_DAY);
  g_assert_cmpstr (week_caption, ==, "The 30 days up to 12/06/26, for the trend: the period chosen "
                                     "(11/30/26 – 12/06/26) is too short to show one.");
  day = co_report_chart_span ("2026-12-06", "2026-12-06", &step, &day_caption);
  g_assert_cmpstr (day, ==, "2026-11-07");
  g_assert_nonnull (strstr (day_caption, "one day alone"));
  month = co_report_chart_span ("2026-11-01", "2026-11-30", &step, &month_caption);
  g_assert_cmpstr (month, ==, "2026-11-01");
  g_assert_cmpint (step, ==, CO_STEP_DAY);
  g_assert_cmpstr (month_caption, ==, "The period chosen, 11/01/26 – 11/30/26, by day.");
  years = co_report_chart_span ("2023-01-01", "2026-12-31", &step, &years_caption);
  g_assert_cmpstr (years, ==, "2023-01-01");
  g_assert_cmpint (step, ==, CO_STEP_MONTH);
  g_assert_nonnull (strstr (years_caption, "by month"));
}

static void
test_figures_checked (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CoDayFigures day;

  g_assert_true (co_figures_set (f->store, f->group, "2024-02-29", CO_FIGURE_MEMBERS_TOTAL, "1,000", &error));
  g_assert_true (co_figures_set (f->store, f->group, "2024-02-29", CO_FIGURE_INVITES_SENT, "10", &error));
  g_assert_no_error (error);

  /* Each refusal names the group, the day and the figure, and changes nothing. */
  g_assert_false (co_figures_set (f->store, f->group, "2024-02-29", CO_FIGURE_INVITES_ACCEPTED, "12", &error));
  g_assert_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INCONSISTENT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Test Group, "));
  g_assert_nonnull (strstr (error->message, "29"));  /* the day, in the user's form */
  g_assert_nonnull (strstr (error->message, ": Invitations Accepted (12) is more than Invitations Sent (10)."));
  g_clear_error (&error);
  g_assert_false (co_figures_set (f->store, f->group, "2024-02-29", CO_FIGURE_ACTIVE, "1001", &error));
  g_assert_nonnull (strstr (error->message, "Active Members (1001) is more than Members (1000)"));
  g_clear_error (&error);
  g_assert_false (co_figures_set (f->store, f->group, "2024-02-29", CO_FIGURE_LEFT, "2000", &error));
  g_clear_error (&error);
  g_assert_false (co_figures_set (f->store, f->group, "2024-02-29", CO_FIGURE_JOINED, "-3", &error));
  g_assert_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE);
  /* Where: the day and the figure, as the grid's status line shows it. */
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Test Group, 02/29/24, New Members: "));
  g_assert_nonnull (strstr (error->message, "New Members"));
  g_clear_error (&error);
  g_assert_false (co_figures_set (f->store, f->group, "2023-02-29", CO_FIGURE_JOINED, "3", &error));
  g_assert_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_true (co_figures_get (f->store, f->group, "2024-02-29", &day, &error));
  g_assert_cmpint (day.values[CO_FIGURE_MEMBERS_TOTAL], ==, 1000);
  g_assert_cmpint (day.values[CO_FIGURE_INVITES_SENT], ==, 10);
  g_assert_cmpint (day.values[CO_FIGURE_INVITES_ACCEPTED], ==, CO_FIGURE_UNSET);
  g_assert_cmpint (day.values[CO_FIGURE_JOINED], ==, CO_FIGURE_UNSET);

  /* An empty input unsets a figure. */
  g_assert_true (co_figures_set (f->store, f->group, "2024-02-29", CO_FIGURE_INVITES_SENT, "", &error));
  g_assert_true (co_figures_get (f->store, f->group, "2024-02-29", &day, &error));
  g_assert_cmpint (day.values[CO_FIGURE_INVITES_SENT], ==, CO_FIGURE_UNSET);

  g_assert_true (co_group_set_field (f->store, f->group, CO_GROUP_FIELD_FOUNDING_DATE, "2024-03-01", &error));
  g_assert_false (co_figures_set (f->store, f->group, "2024-02-28", CO_FIGURE_JOINED, "3", &error));
  g_assert_nonnull (strstr (error->message, "the group was founded on "));
  g_clear_error (&error);
}

/* Two groups, two days, no per-member activity. Worked out by hand:
 *   joined 10 + 8 = 18, left 2 + 0 = 2, net growth 16; accepted 5 of 20 sent: 25.0%;
 *   members at the end: A's last (108) + B's last (50) = 158;
 *   mean members: day 1 100 + 50 = 150, day 2 108: 129; mean active: (30 + 10 + 40) / 2 = 40;
 *   interaction 40 / 129 = 31.0%; conversions 4 / 158 = 2.5%; WAU and MAU at least the busiest
 *   day's active members, 03-03's 40 (03-02 has 30 + 10); stickiness: none. */
static void
test_report_from_figures (Fixture *f, gconstpointer data)
{
  gint64 other = co_group_create (f->store, "Group B", 0, NULL);
  gint64 groups[] = { f->group, other };
  g_autoptr(GError) error = NULL;
  g_autoptr(CoReport) report = NULL;

  put_day (f, f->group, "2026-03-02", "members_total=100 joined=10 left_members=2 active=30 invites_sent=20 "
                                      "invites_accepted=5 conversions=4");
  put_day (f, f->group, "2026-03-03", "members_total=108 joined=8 left_members=0 active=40 invites_sent=0 "
                                      "invites_accepted=0");
  put_day (f, other, "2026-03-02", "members_total=50 active=10");
  /* The week before: only a members total, so most figures have no answer. */
  put_day (f, f->group, "2026-02-24", "members_total=90");

  report = co_report_new (f->store, groups, 2, "2026-03-02", "2026-03-08", "2026-11-23", &error);
  g_assert_no_error (error);
  assert_measure (report, CO_MEASURE_JOINED, "18");
  assert_measure (report, CO_MEASURE_NET_GROWTH, "16");
  assert_measure (report, CO_MEASURE_ACCEPTANCE_RATE, "25.0%");
  assert_measure (report, CO_MEASURE_MEMBERS_TOTAL, "158");
  assert_measure (report, CO_MEASURE_DAU, "40.0");
  assert_measure (report, CO_MEASURE_INTERACTION_RATE, "31.0%");
  assert_measure (report, CO_MEASURE_CONVERSION_RATE, "2.5%");
  assert_measure (report, CO_MEASURE_WAU, "40");
  assert_measure (report, CO_MEASURE_MAU, "40");
  {
    g_autofree char *wau = co_report_format_value (report, CO_MEASURE_WAU, FALSE);
    g_autofree char *previous_wau = co_report_format_value (report, CO_MEASURE_WAU, TRUE);
    g_autofree char *dau = co_report_format_value (report, CO_MEASURE_DAU, FALSE);
    g_assert_cmpstr (wau, ==, "≥ 40");
    g_assert_cmpstr (previous_wau, ==, "—");
    g_assert_cmpstr (dau, ==, "40.0");
  }
  g_assert_true (co_report_is_estimate (report, CO_MEASURE_WAU));
  g_assert_cmpstr (co_report_get_first_day (report), ==, "2026-02-24");
  assert_measure (report, CO_MEASURE_STICKINESS, "—");
  assert_measure (report, CO_MEASURE_RETENTION_D1, "—");
  assert_measure (report, CO_MEASURE_PARTICIPATION_RATE, "—");
  g_assert_true (co_report_is_estimate (report, CO_MEASURE_DAU));
  g_assert_false (co_report_is_estimate (report, CO_MEASURE_JOINED));

  /* The period before: members 90, nothing else entered; no division by zero anywhere. */
  g_assert_cmpfloat (co_report_get_previous (report, CO_MEASURE_MEMBERS_TOTAL), ==, 90);
  g_assert_true (isnan (co_report_get_previous (report, CO_MEASURE_JOINED)));
  g_assert_true (isnan (co_report_get_previous (report, CO_MEASURE_ACCEPTANCE_RATE)));
  for (CoMeasure measure = 0; measure < CO_N_MEASURES; measure++)
    {
      g_autofree char *shown = co_measure_format (measure, co_report_get_previous (report, measure));
      g_assert_null (strstr (shown, "nan"));
      g_assert_null (strstr (shown, "inf"));
      g_assert_nonnull (co_measure_formula (measure));
    }
}

/* Dates, times and amounts never split in a PDF table: in seven equal columns of A4 (about 60
 * points of text each) "2026年12月07日" (about 70) gets a line of its own width, the other
 * columns give way, and a long name still wraps. In English too, and in the header row. */
static void
test_pdf_table_keeps_dates_whole (void)
{
  const char *header[] = { "名称", "线上/线下", "开始日期", "开始时间", "负责人", "预算（元）", "已花费（元）" };
  const char *row[] = { "活跃成员奖励与年度优秀成员评选和线下分享会", "线上", "2026年12月07日", "20:00–21:30",
                        "社群运营", "12,500.00", "0.00" };
  const char *english_header[] = { "Name", "Mode", "Start Date", "Start", "Owner", "Budget", "Spent" };
  const char *english_row[] = { "Rewards for the most active members of the month and a meetup", "Online",
                                "12/07/2026", "20:00–21:30", "Operator", "12,500.00", "0.00" };
  g_autoptr(CoTable) table = co_table_new (G_N_ELEMENTS (header), header);
  g_autoptr(CoTable) english = co_table_new (G_N_ELEMENTS (english_header), english_header);
  g_autoptr(CoDocument) document = co_document_new ("测试", "zh-CN");
  g_autoptr(CoDocument) english_document = co_document_new ("Test", "en");
  double width, height;

  co_table_add_row (table, row);
  co_table_add_row (english, english_row);
  co_document_add_table (document, table, G_N_ELEMENTS (header), NULL, 5);
  co_document_add_table (english_document, english, G_N_ELEMENTS (english_header), NULL, 5);
  co_paper_size (CO_PAPER_A4, &width, &height);
  for (guint column = 1; column < G_N_ELEMENTS (row); column++)
    {
      g_test_message ("column %u", column);
      g_assert_cmpuint (co_document_count_cell_lines (document, 0, 1, column, width, height), ==, 1);
      g_assert_cmpuint (co_document_count_cell_lines (english_document, 0, 1, column, width, height), ==, 1);
    }
  g_assert_cmpuint (co_document_count_cell_lines (document, 0, 1, 0, width, height), >, 1);
  g_assert_cmpuint (co_document_count_cell_lines (english_document, 0, 1, 0, width, height), >, 1);
  g_assert_cmpuint (co_document_count_cell_lines (document, 1, 0, 0, width, height), ==, 0);
}

/* A group founded this week with one day entered: DAU 5.0 and WAU at least 5, not "—"; nothing
 * the week before, and the report knows the day its figures begin. A group with nothing has no
 * first day. */
static void
test_report_new_group (Fixture *f, gconstpointer data)
{
  gint64 empty = co_group_create (f->store, "Empty", 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CoReport) report = NULL, nothing = NULL;
  g_autofree char *wau = NULL;

  put_day (f, f->group, "2026-12-05", "active=5");
  report = co_report_new (f->store, &f->group, 1, "2026-11-30", "2026-12-06", "2026-12-06", &error);
  g_assert_no_error (error);
  assert_measure (report, CO_MEASURE_DAU, "5.0");
  assert_measure (report, CO_MEASURE_WAU, "5");
  wau = co_report_format_value (report, CO_MEASURE_WAU, FALSE);
  g_assert_cmpstr (wau, ==, "≥ 5");
  g_assert_true (isnan (co_report_get_previous (report, CO_MEASURE_DAU)));
  g_assert_true (isnan (co_report_get_previous (report, CO_MEASURE_WAU)));
  g_assert_cmpstr (co_report_get_first_day (report), ==, "2026-12-05");

  nothing = co_report_new (f->store, &empty, 1, "2026-11-30", "2026-12-06", "2026-12-06", &error);
  g_assert_no_error (error);
  g_assert_null (co_report_get_first_day (nothing));
  for (CoMeasure measure = 0; measure < CO_N_MEASURES; measure++)
    g_assert_true (isnan (co_report_get (nothing, measure)));
}

/* The members a, b and c of test_report_from_activity(), with their joins and activity. */
static void
add_three_members (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 a = co_member_add (f->store, f->group, "a", NULL);
  gint64 b = co_member_add (f->store, f->group, "b", NULL);
  gint64 c = co_member_add (f->store, f->group, "c", NULL);
  const struct { gint64 id; const char *date; } activity[] = {
    { a, "2026-03-03" }, { a, "2026-03-09" }, { b, "2026-03-02" }, { b, "2026-03-08" }, { c, "2026-03-21" },
  };

  g_assert_true (co_member_set (f->store, a, CO_MEMBER_JOINED, "2026-03-02", &error));
  g_assert_true (co_member_set (f->store, b, CO_MEMBER_JOINED, "2026-03-02", &error));
  g_assert_true (co_member_set (f->store, c, CO_MEMBER_JOINED, "2026-03-20", &error));
  for (guint i = 0; i < G_N_ELEMENTS (activity); i++)
    g_assert_true (co_member_log_activity (f->store, activity[i].id, activity[i].date, "spoke", 1, &error));
  g_assert_no_error (error);
}

/* Per-member activity in a week (2026-03-02 … 03-08), looked at on 2026-04-20:
 *   a joined 03-02, active 03-03 (day 1) and 03-09 (day 7);
 *   b joined 03-02, active 03-02 and 03-08, not on day 1 or day 7;
 *   c joined 03-20 (another week, a gap between the cohorts), active 03-21 (day 1).
 *   Distinct active members per day in the week: 03-02 b, 03-03 a, 03-08 b: 3 / 7 days.
 *   WAU (03-02 … 03-08): a and b, 2; MAU (02-07 … 03-08): 2; stickiness (3/7) / 2 = 21.4%.
 *   Retention of the week's joiners (a, b): day 1 1 of 2, day 7 1 of 2, day 30 0 of 2. */
static void
test_report_from_activity (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoReport) report = NULL;
  g_autoptr(GArray) cohorts = NULL, sunday_cohorts = NULL;

  add_three_members (f);

  report = co_report_new (f->store, &f->group, 1, "2026-03-02", "2026-03-08", "2026-04-20", &error);
  g_assert_no_error (error);
  assert_measure (report, CO_MEASURE_DAU, "0.4");
  assert_measure (report, CO_MEASURE_WAU, "2");
  assert_measure (report, CO_MEASURE_MAU, "2");
  assert_measure (report, CO_MEASURE_STICKINESS, "21.4%");
  assert_measure (report, CO_MEASURE_RETENTION_D1, "50.0%");
  assert_measure (report, CO_MEASURE_RETENTION_D7, "50.0%");
  assert_measure (report, CO_MEASURE_RETENTION_D30, "0.0%");
  g_assert_false (co_report_is_estimate (report, CO_MEASURE_WAU));
  g_assert_cmpstr (co_report_get_first_day (report), ==, "2026-03-02");

  /* Seen on 03-15, day 30 has not come for anyone: no answer rather than 0%. */
  g_clear_pointer (&report, co_report_free);
  report = co_report_new (f->store, &f->group, 1, "2026-03-02", "2026-03-08", "2026-03-15", &error);
  assert_measure (report, CO_MEASURE_RETENTION_D30, "—");

  /* The grid: one row per join week with members, the empty week between left out. */
  cohorts = co_report_retention (f->store, &f->group, 1, "2026-03-01", "2026-03-31", "2026-03-25",
                                 CO_WEEK_STARTS_MONDAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cohorts->len, ==, 2);
  g_assert_cmpstr (g_array_index (cohorts, CoCohort, 0).week, ==, "2026-03-02");
  g_assert_cmpint (g_array_index (cohorts, CoCohort, 0).size, ==, 2);
  g_assert_cmpfloat (g_array_index (cohorts, CoCohort, 0).d1, ==, 0.5);
  g_assert_cmpfloat (g_array_index (cohorts, CoCohort, 0).d7, ==, 0.5);
  g_assert_true (isnan (g_array_index (cohorts, CoCohort, 0).d30));
  g_assert_cmpstr (g_array_index (cohorts, CoCohort, 1).week, ==, "2026-03-16");
  g_assert_cmpfloat (g_array_index (cohorts, CoCohort, 1).d1, ==, 1.0);
  g_assert_true (isnan (g_array_index (cohorts, CoCohort, 1).d7));  /* 03-27 is after 03-25 */

  /* With weeks from Sunday, 03-02 (a Monday) belongs to the week of 03-01. */
  sunday_cohorts = co_report_retention (f->store, &f->group, 1, "2026-03-01", "2026-03-31", "2026-03-25",
                                        CO_WEEK_STARTS_SUNDAY, &error);
  g_assert_cmpstr (g_array_index (sunday_cohorts, CoCohort, 0).week, ==, "2026-03-01");
  g_assert_cmpstr (g_array_index (sunday_cohorts, CoCohort, 1).week, ==, "2026-03-15");
}

/* A group's figures count from its founding day, as the Daily Figures page has it: the activity
 * of test_report_from_activity() with the group founded on 03-05, and a day of figures entered
 * on 03-04 before the founding day moved there. In the week 03-02 … 03-08 only b's 03-08 is left:
 * DAU 1 / 7 days; WAU and MAU 1 (b was active on 03-02, but that was before the group: 03-08 is
 * b's first day of the group in the window); a and b joined before the group, so no retention. */
static void
test_report_from_founding_day (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoReport) report = NULL;
  g_autoptr(GArray) cohorts = NULL, trend = NULL;

  add_three_members (f);
  put_day (f, f->group, "2026-03-04", "joined=7");
  put_day (f, f->group, "2026-03-06", "joined=5");
  g_assert_true (co_group_set_field (f->store, f->group, CO_GROUP_FIELD_FOUNDING_DATE, "2026-03-05", &error));
  g_assert_no_error (error);

  report = co_report_new (f->store, &f->group, 1, "2026-03-02", "2026-03-08", "2026-04-20", &error);
  g_assert_no_error (error);
  assert_measure (report, CO_MEASURE_DAU, "0.1");
  assert_measure (report, CO_MEASURE_WAU, "1");
  assert_measure (report, CO_MEASURE_MAU, "1");
  assert_measure (report, CO_MEASURE_RETENTION_D1, "—");
  assert_measure (report, CO_MEASURE_JOINED, "5");

  /* The cohorts and the trend start on the founding day too. */
  cohorts = co_report_retention (f->store, &f->group, 1, "2026-03-01", "2026-03-31", "2026-03-25",
                                 CO_WEEK_STARTS_MONDAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cohorts->len, ==, 1);
  g_assert_cmpstr (g_array_index (cohorts, CoCohort, 0).week, ==, "2026-03-16");
  trend = co_report_trend (f->store, &f->group, 1, CO_FIGURE_JOINED, "2026-03-01", "2026-03-31", CO_STEP_DAY,
                           CO_WEEK_STARTS_MONDAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trend->len, ==, 1);
  g_assert_cmpstr (g_array_index (trend, CoTrendPoint, 0).start, ==, "2026-03-06");

  /* Before the founding day, the group has nothing to show. */
  g_clear_pointer (&report, co_report_free);
  report = co_report_new (f->store, &f->group, 1, "2026-02-01", "2026-03-04", "2026-04-20", &error);
  assert_measure (report, CO_MEASURE_DAU, "—");
  assert_measure (report, CO_MEASURE_JOINED, "—");
}

/* A goal of 100 → 200 members from 2026-01-01 to 2026-12-31 (365 days), seen on 2026-07-02, 183
 * days counted: half the time gone. 160 members is 60 % of the way: on track; 145, 45 %, is at
 * least three quarters of 50 %: at risk; 130, 30 %: behind; 200: achieved. After the deadline
 * without 200: missed. Registrations add up from the baseline date. */
static void
test_goal_progress (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 members_goal = co_list_add (f->store, CO_LIST_GOALS, f->group, &error);
  gint64 registrations_goal = co_list_add (f->store, CO_LIST_GOALS, f->group, &error);
  const struct { const char *members; const char *today; CoGoalStatus status; } cases[] = {
    { "160", "2026-07-02", CO_GOAL_ON_TRACK },
    { "145", "2026-07-02", CO_GOAL_AT_RISK },
    { "130", "2026-07-02", CO_GOAL_OFF_TRACK },
    { "200", "2026-07-02", CO_GOAL_ACHIEVED },
  };
  CoGoalProgress progress;

  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, members_goal, "metric", "members-total", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, members_goal, "baseline", "100", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, members_goal, "baseline_date", "2026-01-01", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, members_goal, "target", "200", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, members_goal, "deadline", "2026-12-31", &error));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CoItem) goal = co_list_get (f->store, CO_LIST_GOALS, members_goal, &error);
      g_autofree char *figures = g_strdup_printf ("members_total=%s", cases[i].members);

      put_day (f, f->group, "2026-07-01", figures);
      g_assert_true (co_goal_progress (f->store, goal, cases[i].today, &progress, &error));
      g_test_message ("%s members: progress %.3f of %.3f", cases[i].members, progress.progress, progress.expected);
      g_assert_cmpint (progress.status, ==, cases[i].status);
    }
  {
    g_autoptr(CoItem) goal = co_list_get (f->store, CO_LIST_GOALS, members_goal, &error);
    put_day (f, f->group, "2027-01-05", "members_total=180");
    g_assert_true (co_goal_progress (f->store, goal, "2027-01-06", &progress, &error));
    g_assert_cmpint (progress.status, ==, CO_GOAL_MISSED);
    g_assert_cmpfloat (progress.expected, ==, 1);
  }

  /* 50 registrations by 2026-03-31 from 2026-03-01: 10 + 20 by 03-16 is 60 % at 16 of 31 days. */
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, registrations_goal, "metric", "registrations", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, registrations_goal, "baseline_date", "2026-03-01", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, registrations_goal, "target", "50", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, registrations_goal, "deadline", "2026-03-31", &error));
  put_day (f, f->group, "2026-03-02", "registrations=10");
  put_day (f, f->group, "2026-03-10", "registrations=20");
  {
    g_autoptr(CoItem) goal = co_list_get (f->store, CO_LIST_GOALS, registrations_goal, &error);
    g_assert_true (co_goal_progress (f->store, goal, "2026-03-16", &progress, &error));
    g_assert_cmpfloat (progress.current, ==, 30);
    g_assert_cmpfloat_with_epsilon (progress.expected, 16.0 / 31, 1e-9);
    g_assert_cmpint (progress.status, ==, CO_GOAL_ON_TRACK);
  }

  /* A goal without a metric is not measured; with one and no target, it says so. */
  {
    gint64 empty = co_list_add (f->store, CO_LIST_GOALS, f->group, &error);
    g_autoptr(CoItem) goal = co_list_get (f->store, CO_LIST_GOALS, empty, &error);
    g_autoptr(CoItem) no_target = NULL;
    g_assert_true (co_goal_progress (f->store, goal, "2026-03-16", &progress, &error));
    g_assert_cmpint (progress.status, ==, CO_GOAL_UNMEASURED);
    g_assert_true (co_list_set (f->store, CO_LIST_GOALS, empty, "metric", "registrations", &error));
    no_target = co_list_get (f->store, CO_LIST_GOALS, empty, &error);
    g_assert_true (co_goal_progress (f->store, no_target, "2026-03-16", &progress, &error));
    g_assert_cmpint (progress.status, ==, CO_GOAL_NO_TARGET);
  }

  /* A rate unit counts the last 30 days: on 04-01, 03-03 to 04-01 holds the 20 and not the 10.
   * The deadline passed without 50: missed. */
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, registrations_goal, "unit", "registrations a month",
                              &error));
  {
    g_autoptr(CoItem) goal = co_list_get (f->store, CO_LIST_GOALS, registrations_goal, &error);
    g_autofree char *said = NULL, *planned = NULL;
    g_assert_true (co_goal_progress (f->store, goal, "2026-04-01", &progress, &error));
    g_assert_cmpint (progress.per, ==, CO_GOAL_PER_MONTH);
    g_assert_cmpfloat (progress.current, ==, 20);
    g_assert_cmpint (progress.status, ==, CO_GOAL_MISSED);
    said = co_goal_describe (goal, &progress);
    g_assert_cmpstr (said, ==, "20 registrations in the last 30 days; target 50 registrations a month by 03/31/26");
    planned = co_goal_describe_target (goal);
    g_assert_cmpstr (planned, ==, "Target 50 registrations a month by 03/31/26");
  }
}

/* Joined adds up and members averages, by day, by week under both week starts, and by month
 * across a month's end; a bucket with no figures is left out. */
static void
test_trend (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) weekly = NULL, sunday_weekly = NULL, monthly = NULL, members = NULL;

  put_day (f, f->group, "2026-01-30", "members_total=100 joined=3");  /* a Friday */
  put_day (f, f->group, "2026-02-01", "members_total=110 joined=10"); /* a Sunday */
  put_day (f, f->group, "2026-02-02", "members_total=120 joined=5");  /* a Monday */
  put_day (f, f->group, "2026-02-20", "members_total=150");

  weekly = co_report_trend (f->store, &f->group, 1, CO_FIGURE_JOINED, "2026-01-01", "2026-02-28",
                            CO_STEP_WEEK, CO_WEEK_STARTS_MONDAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weekly->len, ==, 2);
  g_assert_cmpstr (g_array_index (weekly, CoTrendPoint, 0).start, ==, "2026-01-26");
  g_assert_cmpfloat (g_array_index (weekly, CoTrendPoint, 0).value, ==, 13);
  g_assert_cmpstr (g_array_index (weekly, CoTrendPoint, 1).start, ==, "2026-02-02");
  g_assert_cmpfloat (g_array_index (weekly, CoTrendPoint, 1).value, ==, 5);

  sunday_weekly = co_report_trend (f->store, &f->group, 1, CO_FIGURE_JOINED, "2026-01-01", "2026-02-28",
                                   CO_STEP_WEEK, CO_WEEK_STARTS_SUNDAY, &error);
  g_assert_cmpuint (sunday_weekly->len, ==, 2);
  g_assert_cmpstr (g_array_index (sunday_weekly, CoTrendPoint, 0).start, ==, "2026-01-25");
  g_assert_cmpfloat (g_array_index (sunday_weekly, CoTrendPoint, 0).value, ==, 3);
  g_assert_cmpstr (g_array_index (sunday_weekly, CoTrendPoint, 1).start, ==, "2026-02-01");
  g_assert_cmpfloat (g_array_index (sunday_weekly, CoTrendPoint, 1).value, ==, 15);

  monthly = co_report_trend (f->store, &f->group, 1, CO_FIGURE_JOINED, "2026-01-01", "2026-02-28",
                             CO_STEP_MONTH, CO_WEEK_STARTS_MONDAY, &error);
  g_assert_cmpuint (monthly->len, ==, 2);
  g_assert_cmpstr (g_array_index (monthly, CoTrendPoint, 0).start, ==, "2026-01-01");
  g_assert_cmpfloat (g_array_index (monthly, CoTrendPoint, 1).value, ==, 15);

  members = co_report_trend (f->store, &f->group, 1, CO_FIGURE_MEMBERS_TOTAL, "2026-01-01", "2026-02-28",
                             CO_STEP_MONTH, CO_WEEK_STARTS_MONDAY, &error);
  g_assert_cmpfloat (g_array_index (members, CoTrendPoint, 1).value, ==, (110 + 120 + 150) / 3.0);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3_stmt *stmt = co_store_prepare (f->store, sql, NULL);
  gint64 value;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* The tables the triggers keep (activity days with the day before, returns on days 1, 7 and
 * 30) agree with counting the activity itself, whatever order activity arrives in, when a
 * joining day moves, and after members are purged. */
static void
test_activity_days_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gint64 members[12];

  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      g_autofree char *name = g_strdup_printf ("m%u", m);
      g_autofree char *joined = g_strdup_printf ("2026-03-%02d", 1 + m);
      members[m] = co_member_add (f->store, f->group, name, &error);
      g_assert_true (co_member_set (f->store, members[m], CO_MEMBER_JOINED, joined, &error));
    }
  /* 300 activities on random days of March and April, in no order, some on the same day. */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *date = g_strdup_printf ("2026-%02d-%02d", g_rand_int_range (rand, 3, 5),
                                               g_rand_int_range (rand, 1, 31));
      g_assert_true (co_member_log_activity (f->store, members[g_rand_int_range (rand, 0, 12)], date, "spoke", 1,
                                             &error));
    }
  g_assert_true (co_member_set (f->store, members[3], CO_MEMBER_JOINED, "2026-03-20", &error));
  g_assert_true (co_members_remove (f->store, &members[5], 1, &error));
  g_assert_true (co_members_purge_trash (f->store, &error));

  /* Distinct members over every window of 7 and 30 days, both ways. */
  for (guint day = 1; day <= 30; day++)
    for (guint w = 0; w < 2; w++)
      {
        guint length = w ? 30 : 7;
        g_autofree char *kept = g_strdup_printf (
          "SELECT count (*) FROM activity_days WHERE date BETWEEN date ('2026-04-%02u', '-%u days') AND '2026-04-%02u'"
          " AND (prev_date IS NULL OR prev_date < date ('2026-04-%02u', '-%u days'))", day, length - 1, day, day,
          length - 1);
        g_autofree char *counted = g_strdup_printf (
          "SELECT count (DISTINCT membership_id) FROM member_activity"
          " WHERE date BETWEEN date ('2026-04-%02u', '-%u days') AND '2026-04-%02u'", day, length - 1, day);
        g_assert_cmpint (query_int (f, kept), ==, query_int (f, counted));
      }
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM activity_days"), ==,
                   query_int (f, "SELECT count (*) FROM (SELECT DISTINCT membership_id, date FROM member_activity)"));
  g_assert_cmpint (query_int (f, "SELECT sum (rows) FROM activity_days"), ==,
                   query_int (f, "SELECT count (*) FROM member_activity"));
  for (guint n = 0; n < 3; n++)
    {
      static const char *const columns[] = { "returned_d1", "returned_d7", "returned_d30" };
      static const int days[] = { 1, 7, 30 };
      g_autofree char *kept = g_strdup_printf ("SELECT sum (%s) FROM memberships", columns[n]);
      g_autofree char *counted = g_strdup_printf (
        "SELECT count (*) FROM memberships s WHERE EXISTS (SELECT 1 FROM member_activity a"
        " WHERE a.membership_id = s.id AND a.date = date (s.joined_date, '+%d days'))", days[n]);
      g_assert_cmpint (query_int (f, kept), ==, query_int (f, counted));
    }
}

/* Changes: percent for counts, points for rates, a difference from zero or below, — when
 * unknown; the report's table carries them with the formula. */
static void
test_changes_and_table (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoReport) report = NULL;
  g_autoptr(CoTable) table = NULL;
  g_autoptr(GBytes) csv = NULL;
  const struct { CoMeasure measure; double value, previous; const char *shown; } changes[] = {
    { CO_MEASURE_MESSAGES, 150, 120, "+25.0%" },
    { CO_MEASURE_MESSAGES, 90, 120, "-25.0%" },
    { CO_MEASURE_MESSAGES, 5, 0, "+5" },
    { CO_MEASURE_NET_GROWTH, 1, -1, "+2" },
    { CO_MEASURE_NET_GROWTH, -23, 44, "-67" },
    { CO_MEASURE_ACCEPTANCE_RATE, 0.25, 0.2, "+5.0 pp" },
    { CO_MEASURE_ACCEPTANCE_RATE, NAN, 0.2, "—" },
    { CO_MEASURE_MESSAGES, 10, NAN, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autofree char *shown = co_measure_format_change (changes[i].measure, changes[i].value, changes[i].previous);
      g_assert_cmpstr (shown, ==, changes[i].shown);
    }

  put_day (f, f->group, "2026-03-01", "members_total=100 joined=4 left_members=1 messages=50");
  put_day (f, f->group, "2026-03-08", "members_total=103 joined=6 left_members=2 messages=75");
  report = co_report_new (f->store, &f->group, 1, "2026-03-08", "2026-03-14", "2026-03-20", &error);
  g_assert_no_error (error);
  table = co_report_table (report);
  g_assert_cmpuint (co_table_get_n_rows (table), ==, CO_N_MEASURES + 1);
  g_assert_cmpstr (co_table_get (table, 1 + CO_MEASURE_NET_GROWTH, 1), ==, "4");
  g_assert_cmpstr (co_table_get (table, 1 + CO_MEASURE_NET_GROWTH, 2), ==, "3");
  g_assert_cmpstr (co_table_get (table, 1 + CO_MEASURE_NET_GROWTH, 3), ==, "+1");
  g_assert_cmpstr (co_table_get (table, 1 + CO_MEASURE_MESSAGES, 3), ==, "+50.0%");
  g_assert_cmpstr (co_table_get (table, 1 + CO_MEASURE_ACCEPTANCE_RATE, 1), ==, "—");
  g_assert_cmpstr (co_table_get (table, 1 + CO_MEASURE_WAU, 4), ==, "Estimate");
  csv = co_table_to_csv (table);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (csv, NULL),
                                   "\xEF\xBB\xBF" "Figure,This Period,Previous Period,Change,Estimate,Formula\r\n"));
}

/* Groups compared by a figure, and the week's most active members. */
static void
test_compare_and_top_members (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 other = co_group_create (f->store, "Other", 0, &error);
  gint64 groups[] = { f->group, other };
  g_autoptr(GArray) messages = NULL, members = NULL, top = NULL;
  gint64 a = co_member_add (f->store, f->group, "a", NULL);
  gint64 b = co_member_add (f->store, f->group, "b", NULL);
  gint64 c = co_member_add (f->store, other, "c", NULL);

  put_day (f, f->group, "2026-03-02", "members_total=100 messages=10");
  put_day (f, f->group, "2026-03-03", "members_total=110 messages=20");
  put_day (f, other, "2026-03-02", "members_total=50 messages=40");
  put_day (f, other, "2026-02-20", "members_total=900 messages=999");  /* before the period */

  messages = co_report_compare (f->store, groups, 2, CO_FIGURE_MESSAGES, "2026-03-01", "2026-03-07", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpint (g_array_index (messages, CoGroupValue, 0).group_id, ==, other);
  g_assert_cmpfloat (g_array_index (messages, CoGroupValue, 0).value, ==, 40);
  g_assert_cmpfloat (g_array_index (messages, CoGroupValue, 1).value, ==, 30);
  members = co_report_compare (f->store, groups, 2, CO_FIGURE_MEMBERS_TOTAL, "2026-03-01", "2026-03-07", &error);
  g_assert_cmpint (g_array_index (members, CoGroupValue, 0).group_id, ==, f->group);
  g_assert_cmpfloat (g_array_index (members, CoGroupValue, 0).value, ==, 105);

  /* b: two days; a: one day but more actions; c: three actions on one day. */
  g_assert_true (co_member_log_activity (f->store, a, "2026-03-02", "spoke", 5, &error));
  g_assert_true (co_member_log_activity (f->store, b, "2026-03-02", "spoke", 1, &error));
  g_assert_true (co_member_log_activity (f->store, b, "2026-03-04", "posted", 1, &error));
  g_assert_true (co_member_log_activity (f->store, c, "2026-03-05", "spoke", 3, &error));
  g_assert_true (co_member_log_activity (f->store, a, "2026-03-09", "spoke", 9, &error));  /* next week */
  top = co_report_top_members (f->store, groups, 2, "2026-03-02", "2026-03-08", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (top->len, ==, 2);
  g_assert_cmpstr (g_array_index (top, CoTopMember, 0).nickname, ==, "b");
  g_assert_cmpint (g_array_index (top, CoTopMember, 0).days, ==, 2);
  g_assert_cmpstr (g_array_index (top, CoTopMember, 1).nickname, ==, "a");
  g_assert_cmpint (g_array_index (top, CoTopMember, 1).actions, ==, 5);
}

/* Today: announcements the evening before, half a day and an hour before; groups without
 * yesterday's figures, except those founded later. */
static void
test_today (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 later = co_group_create (f->store, "Founded later", 0, &error);
  gint64 done = co_group_create (f->store, "Figures in", 0, &error);
  gint64 groups[] = { f->group, later, done };
  gint64 soon = co_list_add (f->store, CO_LIST_ACTIVITIES, f->group, &error);
  gint64 untimed = co_list_add (f->store, CO_LIST_ACTIVITIES, f->group, &error);
  gint64 far = co_list_add (f->store, CO_LIST_ACTIVITIES, f->group, &error);
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 3, 2, 9, 0, 0);
  g_autoptr(GArray) due = NULL, missing = NULL;
  g_autofree char *evening = NULL, *half_day = NULL, *hour = NULL;
  CoDueActivity *first;

  g_assert_true (co_group_set_field (f->store, later, CO_GROUP_FIELD_FOUNDING_DATE, "2026-03-05", &error));
  put_day (f, done, "2026-03-01", "members_total=10");
  missing = co_today_missing_figures (f->store, groups, 3, "2026-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpint (g_array_index (missing, gint64, 0), ==, f->group);

  g_assert_true (co_list_set (f->store, CO_LIST_ACTIVITIES, soon, "name", "Lecture", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_ACTIVITIES, soon, "start_date", "2026-03-03", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_ACTIVITIES, soon, "start_time", "19:30", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_ACTIVITIES, untimed, "start_date", "2026-03-04", &error));
  g_assert_true (co_list_set (f->store, CO_LIST_ACTIVITIES, far, "start_date", "2026-03-20", &error));
  g_assert_false (co_list_set (f->store, CO_LIST_ACTIVITIES, far, "start_time", "7pm", &error));
  g_clear_error (&error);
  due = co_today_activities (f->store, groups, 3, now, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);
  first = &g_array_index (due, CoDueActivity, 0);
  g_assert_cmpstr (co_item_get (first->activity, "name"), ==, "Lecture");
  evening = g_date_time_format (first->due[CO_ANNOUNCE_EVENING_BEFORE], "%F %R");
  half_day = g_date_time_format (first->due[CO_ANNOUNCE_HALF_DAY_BEFORE], "%F %R");
  hour = g_date_time_format (first->due[CO_ANNOUNCE_HOUR_BEFORE], "%F %R");
  g_assert_cmpstr (evening, ==, "2026-03-02 20:00");
  g_assert_cmpstr (half_day, ==, "2026-03-03 07:30");
  g_assert_cmpstr (hour, ==, "2026-03-03 18:30");
  g_assert_false (g_array_index (due, CoDueActivity, 1).has_time);
  g_assert_null (g_array_index (due, CoDueActivity, 1).due[CO_ANNOUNCE_HOUR_BEFORE]);
  g_assert_nonnull (g_array_index (due, CoDueActivity, 1).due[CO_ANNOUNCE_EVENING_BEFORE]);
}

/* The problem log of a week: logged in it, or still open from before. */
static void
test_problems_of_week (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const struct { const char *date; const char *status; } problems[] = {
    { "2026-02-01", "open" }, { "2026-02-01", "resolved" }, { "2026-03-03", "resolved" }, { "2026-03-20", "open" },
  };
  g_autoptr(GListStore) week = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    {
      gint64 id = co_list_add (f->store, CO_LIST_PROBLEMS, f->group, &error);
      g_assert_true (co_list_set (f->store, CO_LIST_PROBLEMS, id, "date", problems[i].date, &error));
      g_assert_true (co_list_set (f->store, CO_LIST_PROBLEMS, id, "status", problems[i].status, &error));
    }
  week = co_list_items_dated (f->store, CO_LIST_PROBLEMS, &f->group, 1, "date", "2026-03-02", "2026-03-08",
                              TRUE, &error);
  g_assert_no_error (error);
  /* The open one from February, the one of the week; the future open one is open too. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (week)), ==, 3);
}

/* A PDF written whole or not at all: cancelled, or into a folder that is not there, the file
 * already there keeps its bytes and nothing is left beside it. */
static void
test_pdf_written_whole (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *nowhere = g_build_filename (f->dir, "missing", "report.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path (nowhere);
  g_autoptr(CoDocument) document = co_report_document_new (f->store, &f->group, 1, "Test Group", "2026-03-02",
                                                           "2026-03-08", "2026-03-20", CO_WEEK_STARTS_MONDAY,
                                                           &error);
  g_autofree char *kept = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "an older export", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (co_document_write_pdf (document, CO_PAPER_A4, file, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (co_document_write_pdf (document, CO_PAPER_LETTER, missing, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "an older export");
  listing = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_null (strstr (name, ".partial"));

  /* One page drawn alone, as printing asks for it, has ink on it. */
  {
    double width, height, x, y, ink_width, ink_height;
    cairo_surface_t *surface;
    cairo_t *cr;

    co_paper_size (CO_PAPER_A4, &width, &height);
    g_assert_cmpuint (co_document_count_pages (document, width, height), >=, 3);
    surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cr = cairo_create (surface);
    co_document_draw_page (document, cr, 2, width, height);
    cairo_destroy (cr);
    cairo_recording_surface_ink_extents (surface, &x, &y, &ink_width, &ink_height);
    cairo_surface_destroy (surface);
    g_assert_cmpfloat (ink_width, >, width / 2);
    g_assert_cmpfloat (ink_height, >, 100);
  }

  /* And written, it replaces the old one; Letter and A4 differ in pages' size only. */
  g_assert_true (co_document_write_pdf (document, CO_PAPER_LETTER, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&kept, g_free);
  g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
  g_assert_true (g_str_has_prefix (kept, "%PDF-"));
}

static CoFiguresImport *
read_figures (Fixture    *f,
              const char *text,
              GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  return co_figures_import_read (f->store, bytes, error);
}

/* Chinese headers, a WeCom statistics export, and a day already there that the file completes. */
static void
test_figures_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoFiguresImport) ours = NULL, wecom = NULL;
  CoDayFigures day;

  put_day (f, f->group, "2026-03-02", "members_total=100 posts=3");
  ours = read_figures (f, "\xEF\xBB\xBF日期,群名称,群成员数,新增人数,退群人数,邀请数,接受数\r\n"
                          "2026/3/2,test group,120,25,5,40,20\r\n"
                          "2026年3月3日,Test Group,130,12,2,,\r\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (co_figures_import_get_problems (ours)->len, ==, 0);
  g_assert_cmpuint (co_figures_import_get_n_days (ours), ==, 2);
  g_assert_true (co_figures_import_commit (ours, &error));
  g_assert_true (co_figures_get (f->store, f->group, "2026-03-02", &day, &error));
  g_assert_cmpint (day.values[CO_FIGURE_MEMBERS_TOTAL], ==, 120);
  g_assert_cmpint (day.values[CO_FIGURE_INVITES_ACCEPTED], ==, 20);
  g_assert_cmpint (day.values[CO_FIGURE_POSTS], ==, 3);  /* kept: the file has no posts */

  wecom = read_figures (f, "统计日期,群名,群总人数,发言成员数,群消息数\n2026-03-04,Test Group,131,40,388\n", &error);
  g_assert_no_error (error);
  g_assert_true (co_figures_import_commit (wecom, &error));
  g_assert_true (co_figures_get (f->store, f->group, "2026-03-04", &day, &error));
  g_assert_cmpint (day.values[CO_FIGURE_ACTIVE], ==, 40);
  g_assert_cmpint (day.values[CO_FIGURE_MESSAGES], ==, 388);
}

/* Every bad line is listed with its line and column, and nothing is saved. */
static void
test_figures_import_bad (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoFiguresImport) bad = NULL;
  g_autoptr(CoFiguresImport) no_group_column = NULL;
  GPtrArray *problems;
  CoDayFigures day;
  const char *expected[][2] = {
    { "3:3", "cannot be negative" },
    { "4:5", "Invitations Accepted (9) is more than Invitations Sent (3)" },
    { "5:4", "Members Left (50) is more than Members (10)" },
    { "6:2", "no group named “Nowhere”" },
    { "7:1", "“2026-02-30” is not a date" },
    { "8:1", "appears twice in the file" },
    { "9:1", "the group was founded on" },
  };

  g_assert_true (co_group_set_field (f->store, f->group, CO_GROUP_FIELD_FOUNDING_DATE, "2026-01-01", &error));
  bad = read_figures (f, "date,group,members_total,left,invites_accepted,invites_sent\n"
                         "2026-03-01,Test Group,10,1,1,2\n"
                         "2026-03-02,Test Group,-5,,,\n"
                         "2026-03-03,Test Group,10,0,9,3\n"
                         "2026-03-04,Test Group,10,50,,\n"
                         "2026-03-05,Nowhere,10,0,,\n"
                         "2026-02-30,Test Group,10,0,,\n"
                         "2026-03-01,Test Group,11,0,,\n"
                         "2025-12-31,Test Group,11,0,,\n", &error);
  g_assert_no_error (error);
  problems = co_figures_import_get_problems (bad);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < problems->len; i++)
    {
      CoImportProblem *problem = problems->pdata[i];
      g_autofree char *where = g_strdup_printf ("%u:%u", problem->line, problem->column);

      g_test_message ("%s %s", where, problem->message);
      g_assert_cmpstr (where, ==, expected[i][0]);
      g_assert_nonnull (strstr (problem->message, expected[i][1]));
    }
  g_assert_false (co_figures_import_commit (bad, &error));
  g_assert_error (error, CO_FIGURES_ERROR, CO_FIGURES_ERROR_INVALID_VALUE);
  g_assert_true (co_figures_get (f->store, f->group, "2026-03-01", &day, NULL));
  g_assert_cmpint (day.values[CO_FIGURE_MEMBERS_TOTAL], ==, CO_FIGURE_UNSET);  /* the good line too */
  g_clear_error (&error);

  no_group_column = read_figures (f, "date,members_total\n2026-03-01,10\n", &error);
  g_assert_null (no_group_column);
  g_assert_nonnull (strstr (error->message, "Line 1"));
  g_clear_error (&error);

  /* Found by fuzzing (tests/fuzz/crashes/figures-leak-…): two date columns, the first date
   * leaked when the second was read. Now the file is refused for saying one thing twice. */
  {
    g_autoptr(CoFiguresImport) twice = read_figures (f, "统计日期,群名称,统计日期,群名称\n"
                                                        "2026-03-07,Test Group,2026-03-08,Test Group\n", &error);
    g_assert_null (twice);
    g_assert_nonnull (strstr (error->message, "column 3 (统计日期): says the same as column 1"));
  }
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static CoReportData *
read_async (CoStore               *store,
            const CoReportRequest *request,
            GCancellable          *cancellable,
            GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  co_report_data_new_async (store, request, cancellable, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return co_report_data_new_finish (result, error);
}

static void
assert_same_table (CoTable *a,
                   CoTable *b)
{
  g_autoptr(GBytes) csv_a = co_table_to_csv (a);
  g_autoptr(GBytes) csv_b = co_table_to_csv (b);

  g_assert_cmpmem (g_bytes_get_data (csv_a, NULL), g_bytes_get_size (csv_a),
                   g_bytes_get_data (csv_b, NULL), g_bytes_get_size (csv_b));
  co_table_free (a);
  co_table_free (b);
}

static void
assert_same_trend (GArray *a,
                   GArray *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpmem (a->data, a->len * sizeof (CoTrendPoint), b->data, b->len * sizeof (CoTrendPoint));
}

/* Each view's data read in a worker on its own connection is the data read here, on the sample
 * workspace's every group; a cancelled request says so, and a request cancelled while it runs
 * too (never a result that was asked to stop). */
static void
test_data_async (void)
{
  g_autofree char *path = NULL;
  CoStore *store = test_open_temp_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) groups = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *today = co_date_today ();
  g_autofree char *to = co_date_add_days (today, -1);
  g_autofree char *from = co_date_add_days (today, -90);
  CoReportRequest request = { .from = from, .to = to, .today = today, .week_start = CO_WEEK_STARTS_MONDAY,
                              .figure = CO_FIGURE_ACTIVE, .top_members = 5 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CoReportView views[] = { CO_REPORT_VIEW_FIGURES, CO_REPORT_VIEW_CHARTS, CO_REPORT_VIEW_RETENTION,
                           CO_REPORT_VIEW_WEEKLY };

  co_sample_create (store, &error);
  g_assert_no_error (error);
  groups = co_group_list (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);
      g_array_append_val (ids, id);
    }
  g_assert_cmpuint (ids->len, >, 1);
  request.group_ids = (gint64 *) ids->data;
  request.n_groups = ids->len;

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autoptr(CoReportData) sync = NULL, async = NULL;

      request.view = views[v];
      sync = co_report_data_new (store, &request, NULL, &error);
      g_assert_no_error (error);
      async = read_async (store, &request, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (sync);
      g_assert_nonnull (async);
      switch (views[v])
        {
        case CO_REPORT_VIEW_FIGURES:
          assert_same_table (co_report_table (sync->report), co_report_table (async->report));
          g_assert_cmpfloat (co_report_get (async->report, CO_MEASURE_MEMBERS_TOTAL), >, 0);
          break;
        case CO_REPORT_VIEW_CHARTS:
          g_assert_cmpint (sync->step, ==, async->step);
          assert_same_trend (sync->trend, async->trend);
          g_assert_cmpuint (async->trend->len, >, 30);
          assert_same_trend (sync->joined, async->joined);
          assert_same_trend (sync->left, async->left);
          g_assert_nonnull (async->compared);
          g_assert_cmpuint (async->compared->len, ==, sync->compared->len);
          g_assert_cmpuint (async->compared->len, >, 1);
          g_assert_cmpmem (sync->compared->data, sync->compared->len * sizeof (CoGroupValue),
                           async->compared->data, async->compared->len * sizeof (CoGroupValue));
          break;
        case CO_REPORT_VIEW_RETENTION:
          g_assert_cmpuint (async->cohorts->len, >, 0);
          assert_same_table (co_retention_table (sync->cohorts), co_retention_table (async->cohorts));
          break;
        case CO_REPORT_VIEW_WEEKLY:
          assert_same_table (co_report_table (sync->report), co_report_table (async->report));
          assert_same_trend (sync->trend, async->trend);
          g_assert_cmpuint (async->top->len, ==, sync->top->len);
          for (guint i = 0; i < async->top->len; i++)
            g_assert_cmpstr (g_array_index (async->top, CoTopMember, i).nickname, ==,
                             g_array_index (sync->top, CoTopMember, i).nickname);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* Cancelled before it starts, and right after it was asked for (the worker may be reading). */
  request.view = CO_REPORT_VIEW_FIGURES;
  g_cancellable_cancel (cancellable);
  g_assert_null (read_async (store, &request, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (co_report_data_new (store, &request, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  {
    g_autoptr(GCancellable) running = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;

    request.view = CO_REPORT_VIEW_RETENTION;
    co_report_data_new_async (store, &request, running, got_result, &result);
    g_cancellable_cancel (running);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_null (co_report_data_new_finish (result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  g_assert_finalize_object (store);
}

static void
document_made (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* The report document made in a worker (Export as PDF and Print in the app) is the one made on
 * the caller's thread, to the byte of its HTML. */
static void
test_document_async (void)
{
  g_autofree char *path = NULL;
  CoStore *store = test_open_temp_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) groups = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *today = co_date_today ();
  g_autofree char *to = co_date_add_days (today, -1);
  g_autofree char *from = co_date_add_days (today, -83);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *sync_path = g_build_filename (dir, "sync.html", NULL);
  g_autofree char *async_path = g_build_filename (dir, "async.html", NULL);
  g_autofree char *sync_html = NULL, *async_html = NULL;
  g_autoptr(CoDocument) sync = NULL, async = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  co_sample_create (store, &error);
  g_assert_no_error (error);
  groups = co_group_list (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);
      g_array_append_val (ids, id);
    }
  sync = co_report_document_new (store, (gint64 *) ids->data, ids->len, "All Groups", from, to, today,
                                 CO_WEEK_STARTS_MONDAY, &error);
  g_assert_no_error (error);
  co_report_document_new_async (store, (gint64 *) ids->data, ids->len, NULL, "All Groups", from, to, today,
                                CO_WEEK_STARTS_MONDAY, NULL, document_made, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  async = co_report_document_new_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (co_document_write_html (sync, sync_path, &error));
  g_assert_true (co_document_write_html (async, async_path, &error));
  g_assert_true (g_file_get_contents (sync_path, &sync_html, NULL, NULL));
  g_assert_true (g_file_get_contents (async_path, &async_html, NULL, NULL));
  g_assert_cmpuint (strlen (sync_html), >, 10000);
  g_assert_cmpstr (async_html, ==, sync_html);
  g_assert_finalize_object (store);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/weeks-and-periods", test_weeks_and_periods);
  g_test_add_func ("/report/chart-span", test_chart_span);
  g_test_add_func ("/report/pdf-table-keeps-dates-whole", test_pdf_table_keeps_dates_whole);
  g_test_add_func ("/report/data-async", test_data_async);
  g_test_add_func ("/report/document-async", test_document_async);
#define ADD(path, func) g_test_add (path, Fixture, NULL, workspace_set_up, func, workspace_tear_down)
  ADD ("/report/figures-checked", test_figures_checked);
  ADD ("/report/from-figures", test_report_from_figures);
  ADD ("/report/new-group", test_report_new_group);
  ADD ("/report/from-activity", test_report_from_activity);
  ADD ("/report/from-founding-day", test_report_from_founding_day);
  ADD ("/report/figures-import", test_figures_import);
  ADD ("/report/figures-import-bad", test_figures_import_bad);
  ADD ("/report/goal-progress", test_goal_progress);
  ADD ("/report/trend", test_trend);
  ADD ("/report/activity-days-kept", test_activity_days_kept);
  ADD ("/report/pdf-written-whole", test_pdf_written_whole);
  ADD ("/report/changes-and-table", test_changes_and_table);
  ADD ("/report/compare-and-top-members", test_compare_and_top_members);
  ADD ("/report/today", test_today);
  ADD ("/report/problems-of-week", test_problems_of_week);
  return g_test_run ();
}
