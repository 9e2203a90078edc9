/* test-report-segment.c: a saved segment as a report's scope: the report, retention, funnel and
 * top members are of its people only, whatever their group; the daily figures, a group's, are
 * left out rather than shown wrong; the worker reads the same; the PDF's document names it. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/document/co-report-document.h"
#include "core/groups/co-group.h"
#include "core/members/co-segment.h"
#include "core/reports/co-funnel.h"
#include "core/reports/co-report-data.h"
#include "core/reports/co-report.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

#define FROM "2026-11-01"
#define TO "2026-11-30"
#define TODAY "2026-12-06"

static double
sql_number (CoStore    *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = co_store_prepare (store, sql, &error);
  double value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_double (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* Two groups of 15 memberships each; one in three a core member (the segment); activity and
 * daily figures for everyone, joins over November. */
static void
fill (CoStore *store)
{
  gint64 groups[2] = { co_group_create (store, "北京群", 0, NULL), co_group_create (store, "上海群", 0, NULL) };
  g_autoptr(GError) error = NULL;

  for (guint m = 1; m <= 30; m++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO members (id, uuid, nickname, created_at, updated_at) VALUES (%u, 'u%u', '成员%u', '', '');"
        "INSERT INTO memberships (id, member_id, group_id, joined_date, core, created_at, updated_at)"
        " VALUES (%u, %u, %" G_GINT64_FORMAT ", date ('" FROM "', '+%u days'), %d, '', '');",
        m, m, m, m, m, groups[m % 2], m - 1, m % 3 == 0);
      g_assert_true (co_store_exec (store, sql, &error));
      g_assert_no_error (error);
    }
  /* Member m active on the day they joined and every m-th day after, through December. */
  g_assert_true (co_store_exec (store,
    "WITH RECURSIVE d (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 40)"
    " INSERT INTO member_activity (membership_id, group_id, date, kind)"
    " SELECT s.id, s.group_id, date (s.joined_date, '+' || d.n || ' days'), 'spoke' FROM memberships s, d"
    " WHERE d.n % s.id = 0 AND date (s.joined_date, '+' || d.n || ' days') <= '" TODAY "';"
    "INSERT INTO daily_figures (group_id, date, members_total, messages, updated_at)"
    " SELECT id, '2026-11-15', 100, 1000, '' FROM groups;", &error));
  g_assert_no_error (error);
}

static CoSegmentFilter *
core_members (void)
{
  CoSegmentFilter *filter = co_segment_filter_new ();

  filter->core = 1;
  return filter;
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CoSegmentFilter) filter = core_members ();
  g_autoptr(GArray) members = NULL;
  g_autoptr(CoReport) report = NULL;
  g_autoptr(CoTable) table = NULL;
  g_autoptr(GArray) cohorts = NULL;
  g_autoptr(GPtrArray) funnel = NULL;
  g_autoptr(GArray) top = NULL;
  g_autoptr(GError) error = NULL;
  gint64 joined = 0;
  CoFunnelRow *total;

  fill (f->store);
  members = co_report_segment_members (f->store, filter, TODAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 10);
  for (guint i = 0; i < members->len; i++)
    g_assert_cmpint (g_array_index (members, gint64, i) % 3, ==, 0);

  report = co_report_new_for_members (f->store, (gint64 *) members->data, members->len, FROM, TO, TODAY, &error);
  g_assert_no_error (error);
  g_assert_true (co_report_is_of_people (report));
  g_assert_cmpfloat (co_report_get (report, CO_MEASURE_MEMBERS_TOTAL), ==, 10);
  /* Their own distinct active members, not the groups' (which count the other 20 too). */
  g_assert_cmpfloat (co_report_get (report, CO_MEASURE_MAU), ==,
                     sql_number (f->store, "SELECT count (DISTINCT membership_id) FROM member_activity"
                                           " WHERE membership_id % 3 = 0 AND date BETWEEN date ('" TO "', '-29 days')"
                                           " AND '" TO "'"));
  g_assert_cmpfloat (co_report_get (report, CO_MEASURE_WAU), ==,
                     sql_number (f->store, "SELECT count (DISTINCT membership_id) FROM member_activity"
                                           " WHERE membership_id % 3 = 0 AND date BETWEEN date ('" TO "', '-6 days')"
                                           " AND '" TO "'"));
  g_assert_cmpfloat (co_report_get (report, CO_MEASURE_DAU), ==,
                     sql_number (f->store, "SELECT count (DISTINCT membership_id || date) / 30.0 FROM member_activity"
                                           " WHERE membership_id % 3 = 0 AND date BETWEEN '" FROM "' AND '" TO "'"));
  g_assert_cmpfloat (co_report_get (report, CO_MEASURE_MAU), <,
                     sql_number (f->store, "SELECT count (DISTINCT membership_id) FROM member_activity"
                                           " WHERE date BETWEEN date ('" TO "', '-29 days') AND '" TO "'"));
  /* Every one of them joined a day after, and m-th days: day-1 retention is of those active again on day 1. */
  g_assert_cmpfloat (co_report_get (report, CO_MEASURE_RETENTION_D1), ==, 0);
  /* The daily figures are the groups': unknown for people, and not in the table. */
  g_assert_true (isnan (co_report_get (report, CO_MEASURE_MESSAGES)));
  g_assert_false (co_report_is_estimate (report, CO_MEASURE_DAU));
  table = co_report_table (report);
  for (guint row = 1; row < co_table_get_n_rows (table); row++)
    g_assert_cmpstr (co_table_get (table, row, 0), !=, co_measure_title (CO_MEASURE_MESSAGES));
  g_assert_cmpuint (co_table_get_n_rows (table), ==, 1 + 9);

  cohorts = co_report_retention_for_members (f->store, (gint64 *) members->data, members->len, FROM, TO, TODAY,
                                             CO_WEEK_STARTS_MONDAY, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cohorts->len; i++)
    joined += g_array_index (cohorts, CoCohort, i).size;
  g_assert_cmpint (joined, ==, 10);

  funnel = co_funnel_new_for_members (f->store, (gint64 *) members->data, members->len, FROM, TO, TODAY, &error);
  g_assert_no_error (error);
  total = funnel->pdata[funnel->len - 1];
  g_assert_cmpint (total->kind, ==, CO_FUNNEL_ROW_TOTAL);
  g_assert_cmpint (total->joined, ==, 10);
  g_assert_cmpint (total->cost, ==, -1);

  /* No tier set: all ten in one row, the other twenty not counted. */
  {
    g_autoptr(CoTable) tiers = co_report_tiers_for_members (f->store, (gint64 *) members->data, members->len, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (co_table_get_n_rows (tiers), ==, 2);
    g_assert_cmpstr (co_table_get (tiers, 1, 0), ==, "No Tier");
    g_assert_cmpstr (co_table_get (tiers, 1, 1), ==, "10");
  }

  top = co_report_top_members_for_members (f->store, (gint64 *) members->data, members->len, FROM, TO, 5, &error);
  g_assert_no_error (error);
  /* The most active of the segment is its member 3 (every third day), not member 1 or 2. */
  g_assert_cmpuint (top->len, ==, 5);
  g_assert_cmpstr (g_array_index (top, CoTopMember, 0).nickname, ==, "成员3");
}

static void
test_worker (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CoSegmentFilter) filter = core_members ();
  gint64 none = 0;
  CoReportRequest request = {
    .view = CO_REPORT_VIEW_FIGURES, .group_ids = &none, .n_groups = 0, .from = FROM, .to = TO, .today = TODAY,
    .segment = filter,
  };
  g_autoptr(CoReportData) figures = NULL;
  g_autoptr(CoReportData) charts = NULL;
  g_autoptr(GError) error = NULL;

  fill (f->store);
  figures = co_report_data_new (f->store, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (figures->n_members, ==, 10);
  g_assert_true (co_report_is_of_people (figures->report));
  g_assert_null (figures->goals);
  g_assert_nonnull (figures->tiers);
  request.view = CO_REPORT_VIEW_CHARTS;
  charts = co_report_data_new (f->store, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (charts->trend);
  g_assert_null (charts->compared);
}

static void
test_document (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CoSegmentFilter) filter = core_members ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CoDocument) document = NULL;
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *html = NULL;

  fill (f->store);
  document = co_report_document_new_for_segment (f->store, filter, "核心成员", FROM, TO, TODAY,
                                                 CO_WEEK_STARTS_MONDAY, &error);
  g_assert_no_error (error);
  g_assert_true (co_document_write_html (document, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "核心成员 (Segment)"));
  g_assert_nonnull (strstr (html, "The 10 members of this segment"));
  g_assert_null (strstr (html, co_measure_title (CO_MEASURE_MESSAGES)));
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/report-segment/report", Fixture, NULL, workspace_set_up, test_report, workspace_tear_down);
  g_test_add ("/report-segment/worker", Fixture, NULL, workspace_set_up, test_worker, workspace_tear_down);
  g_test_add ("/report-segment/document", Fixture, NULL, workspace_set_up, test_document, workspace_tear_down);
  return g_test_run ();
}
