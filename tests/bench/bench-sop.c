/* bench-sop.c: SOP tasks at the size of a large workspace.
 *
 * Generates a workspace (by default 1,000 groups, 100,000 members joining over the last year),
 * gives each group an SOP of 20 steps (4 counted from its founding, 6 from each member's joining,
 * 3 from each of its 2 coming activities, 5 weekly, 2 once) assigned by role, and prints: the
 * expansion of the next 30 days, first and again (a recomputation), in this thread and in a
 * worker (with the longest main-loop iteration meanwhile), beside the floor: the same rows
 * written by one hand-written INSERT … SELECT from a copy into a table with the same indexes;
 * then Today's read of its tasks (everyone, one person). Not a test: the `bench` suite only runs
 * it small, to prove that it still works.
 *
 *   bench-sop [--groups N] [--members N]   (BENCH_SOP_KEEP=1 keeps the workspace)
 */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "bench-workspace.h"
#include "core/sop/co-sop-tasks.h"
#include "core/store/co-store-private.h"
#include "../test-util.h"

#define STEPS_PER_GROUP 20

/* This process's CPU time so far: on a machine shared with other work, wall-clock figures carry
 * the others' load; CPU time does not. */
static gint64
cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) usage.ru_utime.tv_sec * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         (gint64) usage.ru_stime.tv_sec * G_USEC_PER_SEC + usage.ru_stime.tv_usec;
}

static int
fail (GError *error)
{
  fprintf (stderr, "bench-sop: %s\n", error->message);
  g_error_free (error);
  return 1;
}

/* 20 steps per group, 2 activities in the coming weeks, a founding date within the last two
 * months, members joining over the last year, and 50 people playing the operator in turn. */
static gboolean
add_sops (CoStore  *store,
          GError  **error)
{
  static const char sql[] =
    "UPDATE memberships SET joined_date = date ('now', 'localtime', '-' || (abs (random ()) % 365) || ' days');"
    "UPDATE groups SET founding_date = date ('now', 'localtime', '-' || (id % 60) || ' days');"
    "INSERT INTO staff (uuid, created_at, updated_at, name)"
    "  WITH RECURSIVE n (value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 50)"
    "  SELECT 'staff-' || value, '', '', '运营' || value FROM n;"
    "INSERT INTO assignments (uuid, group_id, created_at, updated_at, staff_id, role_id)"
    "  SELECT 'as-' || g.id, g.id, '', '', (SELECT id FROM staff WHERE name = '运营' || (1 + g.id % 50)),"
    "         (SELECT id FROM roles WHERE builtin = 'operator') FROM groups g;"
    "INSERT INTO activities (uuid, group_id, created_at, updated_at, name, start_date, start_time)"
    "  WITH n (value) AS (VALUES (1), (2))"
    "  SELECT 'ac-' || g.id || '-' || n.value, g.id, '', '', '活动' || n.value,"
    "         date ('now', 'localtime', '+' || (g.id % 20 + n.value * 5) || ' days'), '19:30'"
    "  FROM groups g, n;"
    "CREATE TEMP TABLE step_kinds (position, title, trigger, days, hours, weekday, date_offset, time);"
    "INSERT INTO step_kinds VALUES"
    "  (0, 'D+0 欢迎语和群规', 'founded', 0, NULL, NULL, NULL, '09:00'),"
    "  (1, 'D+7 第一周小结', 'founded', 7, NULL, NULL, NULL, '20:00'),"
    "  (2, 'D+14', 'founded', 14, NULL, NULL, NULL, '20:00'),"
    "  (3, 'D+30', 'founded', 30, NULL, NULL, NULL, '20:00'),"
    "  (4, '新人欢迎', 'joined', 0, NULL, NULL, NULL, '12:00'),"
    "  (5, '新人第1天', 'joined', 1, NULL, NULL, NULL, '20:00'),"
    "  (6, '新人第3天回访', 'joined', 3, NULL, NULL, NULL, '20:00'),"
    "  (7, '新人第7天', 'joined', 7, NULL, NULL, NULL, '20:00'),"
    "  (8, '新人第14天', 'joined', 14, NULL, NULL, NULL, '20:00'),"
    "  (9, '新人第21天', 'joined', 21, NULL, NULL, NULL, '20:00'),"
    "  (10, '活动前一天', 'activity', NULL, -24, NULL, NULL, NULL),"
    "  (11, '活动前1小时', 'activity', NULL, -1, NULL, NULL, NULL),"
    "  (12, '活动后回顾', 'activity', NULL, 3, NULL, NULL, NULL),"
    "  (13, '每周一 本周话题', 'weekly', NULL, NULL, 'mon', NULL, '20:00'),"
    "  (14, '每周二', 'weekly', NULL, NULL, 'tue', NULL, '20:00'),"
    "  (15, '每周三', 'weekly', NULL, NULL, 'wed', NULL, '20:00'),"
    "  (16, '每周四', 'weekly', NULL, NULL, 'thu', NULL, '20:00'),"
    "  (17, '每周五 本周精华', 'weekly', NULL, NULL, 'fri', NULL, '21:00'),"
    "  (18, '问卷', 'once', NULL, NULL, NULL, 3, '12:00'),"
    "  (19, '月底复盘', 'once', NULL, NULL, NULL, 25, '20:00');"
    "INSERT INTO sop_steps (uuid, group_id, position, created_at, updated_at, title, trigger, days, hours, weekday,"
    "                       date, time, text, role_id)"
    "  SELECT 'st-' || g.id || '-' || k.position, g.id, k.position, '', '', k.title, k.trigger, k.days, k.hours,"
    "         k.weekday, CASE WHEN k.date_offset IS NOT NULL THEN date ('now', 'localtime', '+' || k.date_offset || ' days') END,"
    "         k.time, '{群名} ' || k.title, (SELECT id FROM roles WHERE builtin = 'operator')"
    "  FROM groups g, step_kinds k;"
    "DROP TABLE step_kinds;"
    "ANALYZE;";

  return co_store_exec (store, sql, error);
}

/* The floor: the rows the expansion wrote, copied aside, then written again by one INSERT …
 * SELECT into a table with sop_tasks' columns and indexes. */
static gboolean
run_floor (CoStore  *store,
           gint64   *floor_us,
           GError  **error)
{
  gint64 start;

  if (!co_store_exec (store,
                      "CREATE TEMP TABLE made AS SELECT step_id, group_id, membership_id, activity_id, due_at,"
                      "  assignee_id FROM sop_tasks;"
                      "CREATE TEMP TABLE floor_tasks (id INTEGER PRIMARY KEY, step_id INTEGER NOT NULL, group_id"
                      "  INTEGER NOT NULL, membership_id INTEGER, activity_id INTEGER, due_at TEXT NOT NULL,"
                      "  assignee_id INTEGER, state TEXT NOT NULL DEFAULT 'due', done_by TEXT, done_at TEXT, reason TEXT);"
                      "CREATE UNIQUE INDEX temp.floor_occurrence ON floor_tasks"
                      "  (step_id, ifnull (membership_id, 0), ifnull (activity_id, 0), due_at);"
                      "CREATE INDEX temp.floor_due ON floor_tasks (due_at, state);"
                      "CREATE INDEX temp.floor_group ON floor_tasks (group_id, due_at);",
                      error))
    return FALSE;
  start = now_us ();
  if (!co_store_exec (store,
                      "BEGIN; INSERT INTO floor_tasks (step_id, group_id, membership_id, activity_id, due_at, assignee_id)"
                      "  SELECT * FROM made; COMMIT;", error))
    return FALSE;
  *floor_us = now_us () - start;
  return co_store_exec (store, "DROP TABLE made; DROP TABLE floor_tasks;", error);
}

/* The main loop's longest iteration while a worker expands: a 1 ms timeout notes the gaps. */
typedef struct
{
  gint64   last;
  gint64   longest;
  gboolean done;
  gint64   finished;
  GError  *error;
  CoStore *store;
} Watch;

static gboolean
on_tick (gpointer data)
{
  Watch *watch = data;
  gint64 now = now_us ();

  watch->longest = MAX (watch->longest, now - watch->last);
  watch->last = now;
  return G_SOURCE_CONTINUE;
}

static void
on_expanded (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Watch *watch = data;

  co_sop_expand_finish (watch->store, result, &watch->error);
  watch->finished = now_us ();
  watch->done = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  gint n_groups = 1000;
  gint64 n_members = 100000;
  GOptionEntry entries[] = {
    { "groups", 0, 0, G_OPTION_ARG_INT, &n_groups, "Groups", "N" },
    { "members", 0, 0, G_OPTION_ARG_INT64, &n_members, "Members", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— SOP tasks at size");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) missed = g_date_time_add_hours (now, -CO_SOP_MISSED_HOURS);
  g_autoptr(GDateTime) start_of_day = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                             g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (start_of_day, 1);
  g_autofree char *from = co_sop_moment (missed);
  g_autofree char *to = co_sop_moment (tomorrow);
  Bench b = { 0 };
  gint64 start, first_us, again_us, floor_us = 0, n_tasks, cpu_start, first_cpu, again_cpu;
  Watch watch = { 0 };
  guint tick;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (g_steal_pointer (&error));

  b.dir = g_dir_make_tmp ("bench-sop-XXXXXX", &error);
  if (b.dir == NULL)
    return fail (g_steal_pointer (&error));
  b.own_dir = TRUE;
  b.db_path = g_build_filename (b.dir, "workspace.db", NULL);
  b.dates = bench_make_dates ();
  b.group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  b.store = co_store_open (b.db_path, &error);
  if (b.store == NULL || !bench_generate (&b, n_groups, n_members, 0, &error) || !add_sops (b.store, &error))
    return fail (g_steal_pointer (&error));
  printf ("bench-sop: %d groups × %d steps, %s members joining over a year; SQLite %s\n", n_groups, STEPS_PER_GROUP,
          fmt_count (n_members), sqlite3_libversion ());

  start = now_us ();
  cpu_start = cpu_us ();
  if (!co_sop_expand (b.store, 0, now, &error))
    return fail (g_steal_pointer (&error));
  first_us = now_us () - start;
  first_cpu = cpu_us () - cpu_start;
  n_tasks = test_sql_count (b.store, "SELECT count (*) FROM sop_tasks");
  start = now_us ();
  cpu_start = cpu_us ();
  if (!co_sop_expand (b.store, 0, now, &error))
    return fail (g_steal_pointer (&error));
  again_us = now_us () - start;
  again_cpu = cpu_us () - cpu_start;
  if (!run_floor (b.store, &floor_us, &error))
    return fail (g_steal_pointer (&error));
  printf ("expand: %s tasks for 30 days in %.0f ms, %.0f ms of CPU (again, recomputing: %.0f ms, %.0f ms of CPU); "
          "floor, the same rows by one INSERT … SELECT into the same indexes: %.0f ms\n",
          fmt_count (n_tasks), to_ms (first_us), to_ms (first_cpu), to_ms (again_us), to_ms (again_cpu), to_ms (floor_us));

  /* In a worker, as the app runs it. */
  watch.store = b.store;
  watch.last = start = now_us ();
  tick = g_timeout_add (1, on_tick, &watch);
  co_sop_expand_async (b.store, now, NULL, on_expanded, &watch);
  while (!watch.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  if (watch.error != NULL)
    return fail (watch.error);
  printf ("expand in a worker: %.0f ms; the main loop's longest iteration meanwhile: %.1f ms\n",
          to_ms (watch.finished - start), to_ms (watch.longest));

  /* What Today reads. */
  {
    g_autoptr(GPtrArray) tasks = NULL;
    g_autoptr(GPtrArray) mine = NULL;
    g_autoptr(GArray) loads = NULL;
    gint64 person = test_sql_count (b.store, "SELECT id FROM staff WHERE name = '运营1'");

    g_autofree char *now_text = co_sop_moment (now);
    guint waiting, later;

    /* As the Today section reads them: the first 30 rows, and the counts. */
    start = now_us ();
    tasks = co_sop_tasks (b.store, from, to, 0, 0, TRUE, 30, &error);
    if (tasks == NULL || !co_sop_count_open (b.store, from, now_text, to, 0, &waiting, &later, &error))
      return fail (g_steal_pointer (&error));
    printf ("today, everyone: %u waiting and %u later today counted, the first %u read, in %.1f ms\n", waiting, later,
            tasks->len, to_ms (now_us () - start));
    start = now_us ();
    mine = co_sop_tasks (b.store, from, to, 0, person, TRUE, 30, &error);
    if (mine == NULL || !co_sop_count_open (b.store, from, now_text, to, person, &waiting, &later, &error))
      return fail (g_steal_pointer (&error));
    printf ("today, one person: %u waiting and %u later, the first %u read, in %.1f ms\n", waiting, later, mine->len,
            to_ms (now_us () - start));
    start = now_us ();
    loads = co_sop_load_by_person (b.store, now, &error);
    printf ("team: every person's counts in %.1f ms\n", to_ms (now_us () - start));
  }

  /* The weekly report's completion, as its worker reads it: a week of every group's tasks, by
   * group and by person. */
  {
    g_autoptr(GDateTime) week_end = g_date_time_add_days (start_of_day, 7);
    g_autofree char *week_from = co_sop_moment (start_of_day);
    g_autofree char *week_to = co_sop_moment (week_end);
    g_autoptr(GPtrArray) by_group = NULL, by_person = NULL;
    gint64 week_tasks;
    g_autofree char *count_sql = NULL;

    start = now_us ();
    cpu_start = cpu_us ();
    by_group = co_sop_completion (b.store, (const gint64 *) b.group_ids->data, b.group_ids->len, week_from, week_to,
                                  FALSE, now, &error);
    by_person = by_group != NULL ? co_sop_completion (b.store, (const gint64 *) b.group_ids->data, b.group_ids->len,
                                                      week_from, week_to, TRUE, now, &error) : NULL;
    if (by_person == NULL)
      return fail (g_steal_pointer (&error));
    count_sql = g_strdup_printf ("SELECT count (*) FROM sop_tasks WHERE due_at >= '%s' AND due_at < '%s'",
                                 week_from, week_to);
    first_us = now_us () - start;
    first_cpu = cpu_us () - cpu_start;
    week_tasks = test_sql_count (b.store, count_sql);
    printf ("weekly report: the SOP completion of a week (%s tasks) by group and by person in %.0f ms, %.0f ms of CPU\n",
            fmt_count (week_tasks), to_ms (first_us), to_ms (first_cpu));
  }

  g_clear_object (&b.store);
  if (g_getenv ("BENCH_SOP_KEEP") == NULL)
    test_remove_tree (b.dir);
  else
    printf ("kept: %s\n", b.db_path);
  return 0;
}
