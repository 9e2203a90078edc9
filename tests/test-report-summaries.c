/* test-report-summaries.c: the reports' summaries per group and day (activity_spans) and per
 * group and month (daily_figure_months) kept by triggers, against what they summarise, on
 * random data written, rewritten and deleted in random order: the tables equal their
 * recomputation from scratch, and the report's DAU, WAU, MAU and monthly trends equal the same
 * figures counted from the rows themselves, to the last digit. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-report.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

#define N_GROUPS 4
#define N_MEMBERSHIPS 80
#define FIRST_DAY "2024-11-01"
#define N_DAYS 800

typedef WorkspaceFixture Fixture;

static gint64 groups[N_GROUPS];

static char *
random_day (void)
{
  return co_date_add_days (FIRST_DAY, g_test_rand_int_range (0, N_DAYS));
}

/* One number of a statement: the first column of its first row, as a double. */
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

static void
exec (CoStore    *store,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

/* Groups (one founded within the data, one without a founding day), memberships, daily figures
 * and activity, each written in random order, then some rewritten and some deleted. */
static void
fill_randomly (CoStore *store)
{
  for (guint g = 0; g < N_GROUPS; g++)
    {
      g_autofree char *name = g_strdup_printf ("Group %u", g);
      groups[g] = co_group_create (store, name, 0, NULL);
      g_assert_cmpint (groups[g], >, 0);
    }
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE groups SET founding_date = '2025-03-17' WHERE id = %" G_GINT64_FORMAT ";"
                                            "UPDATE groups SET founding_date = NULL WHERE id = %" G_GINT64_FORMAT ";"
                                            "UPDATE groups SET founding_date = '2024-01-01' WHERE id IN (%" G_GINT64_FORMAT
                                            ", %" G_GINT64_FORMAT ");",
                                            groups[1], groups[2], groups[0], groups[3]);
    exec (store, sql);
  }
  for (guint m = 1; m <= N_MEMBERSHIPS; m++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO members (id, uuid, nickname, created_at, updated_at) VALUES (%u, 'u%u', 'm%u', '', '');"
        "INSERT INTO memberships (id, member_id, group_id, joined_date, created_at, updated_at)"
        " VALUES (%u, %u, %" G_GINT64_FORMAT ", '" FIRST_DAY "', '', '');",
        m, m, m, m, m, groups[m % N_GROUPS]);
      exec (store, sql);
    }
  /* Daily figures: each figure missing a third of the time. */
  for (guint i = 0; i < 2500; i++)
    {
      g_autofree char *day = random_day ();
      gint64 group = groups[g_test_rand_int_range (0, N_GROUPS)];
      /* A day written again is deleted first: a REPLACE fires no delete trigger, and the app
       * writes figures by upsert (co_figures_put ()). */
      GString *sql = g_string_new (NULL);
      GString *values = g_string_new (NULL);

      g_string_printf (sql, "DELETE FROM daily_figures WHERE group_id = %" G_GINT64_FORMAT " AND date = '%s';"
                       "INSERT INTO daily_figures (group_id, date, updated_at", group, day);
      g_string_append_printf (values, "%" G_GINT64_FORMAT ", '%s', ''", group, day);
      for (CoFigure f = 0; f < CO_N_FIGURES; f++)
        {
          g_string_append_printf (sql, ", %s", co_figure_spec (f)->key);
          if (g_test_rand_int_range (0, 3) == 0)
            g_string_append (values, ", NULL");
          else
            g_string_append_printf (values, ", %d", g_test_rand_int_range (0, 5000));
        }
      g_string_append_printf (sql, ") VALUES (%s)", values->str);
      exec (store, sql->str);
      g_string_free (sql, TRUE);
      g_string_free (values, TRUE);
    }
  exec (store, "UPDATE daily_figures SET members_total = NULL, joined = joined + 7 WHERE random () % 9 = 0;"
               "UPDATE daily_figures SET members_total = abs (random () % 1000) WHERE random () % 9 = 0;"
               "DELETE FROM daily_figures WHERE random () % 10 = 0;");
  /* Activity in random order: a day before others already written changes their day before. */
  for (guint i = 0; i < 6000; i++)
    {
      g_autofree char *day = random_day ();
      guint m = g_test_rand_int_range (1, N_MEMBERSHIPS + 1);
      g_autofree char *sql = g_strdup_printf ("INSERT INTO member_activity (membership_id, group_id, date, kind)"
                                              " VALUES (%u, %" G_GINT64_FORMAT ", '%s', 'spoke')",
                                              m, groups[m % N_GROUPS], day);
      exec (store, sql);
    }
  exec (store, "DELETE FROM member_activity WHERE random () % 7 = 0;"
               "DELETE FROM memberships WHERE id IN (3, 14, 15);");
}

/* The summaries equal their recomputation from activity_days and daily_figures. */
static void
assert_summaries_exact (CoStore *store)
{
  GString *spans = g_string_new ("SELECT group_id, CAST (julianday (date) AS INTEGER) AS day");
  GString *months = g_string_new ("SELECT group_id, strftime ('%Y-%m-01', date) AS month");
  GString *kept_spans = g_string_new ("SELECT group_id, day");
  GString *kept_months = g_string_new ("SELECT group_id, month");
  g_autofree char *sql = NULL;

  for (int k = 1; k <= 30; k++)
    {
      g_string_append_printf (spans, ", sum (coalesce (julianday (date) - julianday (prev_date), 1e9) >= %d)", k);
      g_string_append_printf (kept_spans, ", a%d", k);
    }
  g_string_append (spans, " FROM activity_days GROUP BY 1, 2");
  /* Rows summing to nothing (everything of that day deleted since) are as good as none. */
  g_string_append (kept_spans, " FROM activity_spans WHERE a1 > 0");
  for (CoFigure f = 0; f < CO_N_FIGURES; f++)
    {
      const char *key = co_figure_spec (f)->key;
      g_string_append_printf (months, ", coalesce (sum (%s), 0), coalesce (sum ((%s IS NOT NULL) << (substr (date, 9) - 1)), 0)",
                              key, key);
      g_string_append_printf (kept_months, ", s_%s, d_%s", key, key);
    }
  g_string_append (months, " FROM daily_figures GROUP BY 1, 2");
  g_string_append (kept_months, " FROM daily_figure_months WHERE s_members_total <> 0 OR d_members_total <> 0"
                                " OR d_joined <> 0 OR d_active <> 0 OR d_messages <> 0 OR d_left_members <> 0"
                                " OR d_invites_sent <> 0 OR d_invites_accepted <> 0 OR d_registrations <> 0"
                                " OR d_conversions <> 0 OR d_posts <> 0 OR d_participants <> 0 OR d_feedback <> 0"
                                " OR d_quality_feedback <> 0");
  g_assert_cmpfloat (sql_number (store, "SELECT count (*) FROM activity_days"), >, 1000);
  sql = g_strdup_printf ("SELECT count (*) FROM (%s EXCEPT %s)", spans->str, kept_spans->str);
  g_assert_cmpfloat (sql_number (store, sql), ==, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM (%s EXCEPT %s)", kept_spans->str, spans->str);
  g_assert_cmpfloat (sql_number (store, sql), ==, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM (%s EXCEPT %s)", months->str, kept_months->str);
  g_assert_cmpfloat (sql_number (store, sql), ==, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM (%s EXCEPT %s)", kept_months->str, months->str);
  g_assert_cmpfloat (sql_number (store, sql), ==, 0);
  g_string_free (spans, TRUE);
  g_string_free (months, TRUE);
  g_string_free (kept_spans, TRUE);
  g_string_free (kept_months, TRUE);
}

static char *
ids_json (const gint64 *ids,
          guint         n)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/* Distinct members of the groups active from @from (or their founding day) to @to: counted from
 * member_activity itself, as the definition has it. */
static double
distinct_active (CoStore    *store,
                 const char *groups_json,
                 const char *from,
                 const char *to)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT count (*) FROM (SELECT DISTINCT a.membership_id FROM member_activity a"
    " JOIN groups g ON g.id = a.group_id WHERE a.group_id IN (SELECT value FROM json_each ('%s'))"
    " AND a.date BETWEEN max ('%s', coalesce (g.founding_date, '')) AND '%s')", groups_json, from, to);

  return sql_number (store, sql);
}

/* Active member-days from @from (or the founding day) to @to. */
static double
member_days (CoStore    *store,
             const char *groups_json,
             const char *from,
             const char *to)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT count (*) FROM (SELECT DISTINCT a.membership_id, a.date FROM member_activity a"
    " JOIN groups g ON g.id = a.group_id WHERE a.group_id IN (SELECT value FROM json_each ('%s'))"
    " AND a.date BETWEEN max ('%s', coalesce (g.founding_date, '')) AND '%s')", groups_json, from, to);

  return sql_number (store, sql);
}

static void
assert_period (CoStore    *store,
               CoReport   *report,
               const char *groups_json,
               const char *from,
               const char *to,
               const char *today,
               gboolean    previous)
{
  const char *last = strcmp (to, today) < 0 ? to : today;
  g_autofree char *week = co_date_add_days (to, -6);
  g_autofree char *month = co_date_add_days (to, -29);
  double (*get) (CoReport *, CoMeasure) = previous ? co_report_get_previous : co_report_get;
  double mau = distinct_active (store, groups_json, month, to);
  double days = member_days (store, groups_json, from, last);
  GDate first, end;

  g_date_clear (&first, 1);
  g_date_clear (&end, 1);
  g_date_set_parse (&first, from);
  g_date_set_parse (&end, last);
  if (mau == 0 && days == 0)
    return;  /* no activity: the daily figures' floors, not these */
  g_assert_cmpfloat (get (report, CO_MEASURE_MAU), ==, mau);
  g_assert_cmpfloat (get (report, CO_MEASURE_WAU), ==, distinct_active (store, groups_json, week, to));
  if (strcmp (from, last) <= 0)
    g_assert_cmpfloat (get (report, CO_MEASURE_DAU), ==, days / (g_date_days_between (&first, &end) + 1));
}

/* The monthly trend as the days' query reads it: each day's figure over the groups, then the
 * mean (a level) or the sum of a month's days. */
static GArray *
trend_by_days (CoStore    *store,
               const char *groups_json,
               CoFigure    figure,
               const char *from,
               const char *to)
{
  const char *key = co_figure_spec (figure)->key;
  g_autofree char *sql = g_strdup_printf (
    "SELECT strftime ('%%Y-%%m-01', date) AS bucket, %s (value) FROM"
    " (SELECT r.date AS date, sum (r.%s) AS value FROM groups g JOIN daily_figures r ON r.group_id = g.id"
    "  AND r.date BETWEEN max ('%s', coalesce (g.founding_date, '')) AND '%s'"
    "  WHERE g.id IN (SELECT value FROM json_each ('%s')) AND r.%s IS NOT NULL GROUP BY r.date)"
    " GROUP BY bucket ORDER BY bucket", co_figure_is_level (figure) ? "avg" : "sum", key, from, to, groups_json, key);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = co_store_prepare (store, sql, &error);
  GArray *points = g_array_new (FALSE, TRUE, sizeof (CoTrendPoint));

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CoTrendPoint point = { .value = sqlite3_column_double (stmt, 1) };
      g_strlcpy (point.start, (const char *) sqlite3_column_text (stmt, 0), sizeof point.start);
      g_array_append_val (points, point);
    }
  sqlite3_reset (stmt);
  return points;
}

static void
test_random (Fixture       *f,
             gconstpointer  data)
{
  fill_randomly (f->store);
  assert_summaries_exact (f->store);

  for (guint round = 0; round < 60; round++)
    {
      /* Any subset of the groups, not empty. */
      gint64 scope[N_GROUPS];
      guint n = 0, mask = g_test_rand_int_range (1, 1 << N_GROUPS);
      g_autofree char *json = NULL, *from = random_day (), *to = NULL, *today = random_day ();
      g_autofree char *previous_from = NULL, *previous_to = NULL;
      g_autoptr(CoReport) report = NULL;
      g_autoptr(GError) error = NULL;
      CoFigure figure = g_test_rand_int_range (0, CO_N_FIGURES);

      for (guint g = 0; g < N_GROUPS; g++)
        if (mask & (1u << g))
          scope[n++] = groups[g];
      json = ids_json (scope, n);
      /* A day, a week, a month, or up to the whole span. */
      to = co_date_add_days (from, round % 4 == 0 ? 0 : round % 4 == 1 ? 6 : round % 4 == 2 ? 30
                                   : g_test_rand_int_range (0, N_DAYS));
      report = co_report_new (f->store, scope, n, from, to, today, &error);
      g_assert_no_error (error);
      co_period_previous (from, to, &previous_from, &previous_to);
      assert_period (f->store, report, json, from, to, today, FALSE);
      assert_period (f->store, report, json, previous_from, previous_to, today, TRUE);

      {
        g_autoptr(GArray) ours = co_report_trend (f->store, scope, n, figure, from, to, CO_STEP_MONTH,
                                                  CO_WEEK_STARTS_MONDAY, &error);
        g_autoptr(GArray) days = trend_by_days (f->store, json, figure, from, to);

        g_assert_no_error (error);
        g_assert_cmpuint (ours->len, ==, days->len);
        for (guint i = 0; i < ours->len; i++)
          {
            g_assert_cmpstr (g_array_index (ours, CoTrendPoint, i).start, ==, g_array_index (days, CoTrendPoint, i).start);
            g_assert_cmpfloat (g_array_index (ours, CoTrendPoint, i).value, ==, g_array_index (days, CoTrendPoint, i).value);
          }
      }
    }
}

/* A founding day moved and a membership merged away: the summaries follow. */
static void
test_after_changes (Fixture       *f,
                    gconstpointer  data)
{
  fill_randomly (f->store);
  exec (f->store, "UPDATE groups SET founding_date = '2025-06-02' WHERE founding_date = '2024-01-01';"
                  "DELETE FROM activity_days WHERE membership_id = 7;"
                  "DELETE FROM groups WHERE id = (SELECT max (id) FROM groups);");
  assert_summaries_exact (f->store);
}

/* A workspace of before the summaries: they are filled when it is upgraded, equal to what the
 * triggers keep. Version 19 is the last without them (co-store.c, migration 19 → 20). */
static void
test_migrated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(CoStore) store = NULL;
  GString *sql = g_string_new ("BEGIN; INSERT INTO groups (id, uuid, name, created_at, updated_at) VALUES"
                               " (1, 'g1', 'G1', 'x', 'x'), (2, 'g2', 'G2', 'x', 'x'), (3, 'g3', 'G3', 'x', 'x');");
  sqlite3 *db;

  g_assert_true (co_store_create_at_version (path, 19, &error));
  g_assert_no_error (error);
  /* Memberships without their members: this connection does not check the foreign keys, and
   * has not the functions the members' triggers call. */
  for (guint m = 1; m <= N_MEMBERSHIPS; m++)
    g_string_append_printf (sql, "INSERT INTO memberships (id, member_id, group_id, joined_date, created_at, updated_at)"
                                 " VALUES (%u, %u, %u, '" FIRST_DAY "', 'x', 'x');", m, m, m % 3 + 1);
  for (guint i = 0; i < 6000; i++)
    {
      g_autofree char *day = random_day ();
      guint m = g_test_rand_int_range (1, N_MEMBERSHIPS + 1);
      g_string_append_printf (sql, "INSERT OR IGNORE INTO member_activity (membership_id, group_id, date, kind)"
                                   " VALUES (%u, %u, '%s', 'spoke');", m, m % 3 + 1, day);
    }
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *day = random_day ();
      g_string_append_printf (sql, "INSERT OR IGNORE INTO daily_figures (group_id, date, updated_at, joined, members_total)"
                                   " VALUES (%d, '%s', 'x', %d, NULLIF (%d, 0));", g_test_rand_int_range (1, 4), day,
                              g_test_rand_int_range (0, 50), g_test_rand_int_range (0, 3) * 100);
    }
  g_string_append (sql, "DELETE FROM member_activity WHERE random () % 7 = 0; COMMIT;");
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql->str, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_string_free (sql, TRUE);

  store = co_store_open (path, &error);
  g_assert_no_error (error);
  assert_summaries_exact (store);
  g_clear_object (&store);
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/report-summaries/random", Fixture, NULL, workspace_set_up, test_random, workspace_tear_down);
  g_test_add ("/report-summaries/after-changes", Fixture, NULL, workspace_set_up, test_after_changes,
              workspace_tear_down);
  g_test_add_func ("/report-summaries/migrated", test_migrated);
  return g_test_run ();
}
