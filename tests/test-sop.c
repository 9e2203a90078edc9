/* test-sop.c: group SOPs. Each trigger's moments within the 30 days from today's start, with
 * their boundaries, in local wall-clock time under two time zones; the fields' and the text's
 * refusals and the plan's warnings, translated; a task sent is never marked again by a
 * recomputation; the assignee from the roster; the variables filled; the expansion in a worker
 * giving the same tasks; the calendar file parsed back by libical, and a bad range refused with
 * nothing written. */
#include "config.h"

#include <glib/gstdio.h>
#include <libical/ical.h>
#include <locale.h>
#include <string.h>
#include <time.h>

#include "core/document/co-report-document.h"
#include "core/exchange/co-exchange.h"
#include "core/groups/co-group.h"
#include "core/members/co-member.h"
#include "core/plan/co-plan-check.h"
#include "core/plan/co-template.h"
#include "core/sop/co-sop-ics.h"
#include "core/sop/co-sop-tasks.h"
#include "core/team/co-team.h"
#include "test-util.h"

typedef struct
{
  WorkspaceFixture  workspace;
  CoStore          *store;
  gint64            group;
  gboolean          done;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  workspace_set_up (&f->workspace, data);
  f->store = f->workspace.store;
  f->group = f->workspace.group;
  g_assert_true (co_group_set_field (f->store, f->group, CO_GROUP_FIELD_FOUNDING_DATE, "2026-03-01", NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  workspace_tear_down (&f->workspace, data);
}

static void
set (Fixture    *f,
     CoList      list,
     gint64      id,
     const char *key,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_list_set (f->store, list, id, key, value, &error));
  g_assert_no_error (error);
}

/* A step: trigger, then key/value pairs. */
static gint64
add_step (Fixture    *f,
          const char *title,
          const char *trigger,
          ...)
{
  gint64 id = co_list_add (f->store, CO_LIST_SOP_STEPS, f->group, NULL);
  const char *key;
  va_list args;

  g_assert_cmpint (id, >, 0);
  set (f, CO_LIST_SOP_STEPS, id, "title", title);
  set (f, CO_LIST_SOP_STEPS, id, "trigger", trigger);
  va_start (args, trigger);
  while ((key = va_arg (args, const char *)) != NULL)
    set (f, CO_LIST_SOP_STEPS, id, key, va_arg (args, const char *));
  va_end (args);
  return id;
}

static gint64
add_member (Fixture    *f,
            const char *nickname,
            const char *joined)
{
  gint64 id = co_member_add (f->store, f->group, nickname, NULL);

  g_assert_true (co_member_set (f->store, id, CO_MEMBER_JOINED, joined, NULL));
  return id;
}

static gint64
add_activity (Fixture    *f,
              const char *name,
              const char *date,
              const char *time)
{
  gint64 id = co_list_add (f->store, CO_LIST_ACTIVITIES, f->group, NULL);

  set (f, CO_LIST_ACTIVITIES, id, "name", name);
  set (f, CO_LIST_ACTIVITIES, id, "start_date", date);
  if (time != NULL)
    set (f, CO_LIST_ACTIVITIES, id, "start_time", time);
  return id;
}

/* Monday 2 March 2026, 10:00 local. */
static GDateTime *
monday (void)
{
  return g_date_time_new_local (2026, 3, 2, 10, 0, 0);
}

static void
expand (Fixture *f)
{
  g_autoptr(GDateTime) now = monday ();
  g_autoptr(GError) error = NULL;

  g_assert_true (co_sop_expand (f->store, 0, now, &error));
  g_assert_no_error (error);
}

static char *
dues (Fixture *f,
      gint64   step)
{
  g_autofree char *sql = g_strdup_printf ("SELECT due_at FROM sop_tasks WHERE step_id = %" G_GINT64_FORMAT
                                          " ORDER BY due_at", step);
  return test_sql_rows (f->store, sql);
}

static void
assert_dues (Fixture    *f,
             gint64      step,
             const char *expected)
{
  g_autofree char *rows = dues (f, step);

  g_assert_cmpstr (rows, ==, expected);
}

static void
test_triggers (Fixture *f, gconstpointer data)
{
  gint64 founded_0 = add_step (f, "D+0", "founded", "days", "0", NULL);
  gint64 founded_1 = add_step (f, "D+1", "founded", "days", "1", "time", "08:30", NULL);
  gint64 founded_30 = add_step (f, "D+30", "founded", "days", "30", NULL);
  gint64 founded_31 = add_step (f, "D+31", "founded", "days", "31", NULL);
  gint64 joined = add_step (f, "Welcome", "joined", "days", "1", NULL);
  gint64 before = add_step (f, "Evening before", "activity", "hours", "-18", NULL);
  gint64 after = add_step (f, "Thanks", "activity", "hours", "1.5", NULL);
  gint64 weekly = add_step (f, "Topic", "weekly", "weekday", "mon", "time", "20:00", NULL);
  gint64 sunday = add_step (f, "Review", "weekly", "weekday", "sun", "time", "21:00", NULL);
  gint64 once = add_step (f, "Survey", "once", "date", "2026-03-10", "time", "12:00", NULL);
  gint64 past_once = add_step (f, "Old", "once", "date", "2026-03-01", "time", "23:59", NULL);
  g_autofree char *rows = NULL;

  add_member (f, "小明", "2026-03-01");
  add_member (f, "Old timer", "2026-01-01");
  add_member (f, "Last day", "2026-03-31");  /* the 30th day from today's start */
  add_activity (f, "读书会", "2026-03-05", "14:00");
  add_activity (f, "No time", "2026-03-06", NULL);
  expand (f);

  /* From today's start (2 March 00:00) to 1 April 00:00, excluded. */
  assert_dues (f, founded_0, "");
  assert_dues (f, founded_1, "2026-03-02 08:30");
  assert_dues (f, founded_30, "2026-03-31 09:00");
  assert_dues (f, founded_31, "");
  assert_dues (f, joined, "2026-03-02 09:00");
  assert_dues (f, before, "2026-03-04 20:00");
  assert_dues (f, after, "2026-03-05 15:30");
  rows = dues (f, weekly);
  g_assert_cmpstr (rows, ==, "2026-03-02 20:00, 2026-03-09 20:00, 2026-03-16 20:00, 2026-03-23 20:00, 2026-03-30 20:00");
  g_clear_pointer (&rows, g_free);
  rows = dues (f, sunday);
  g_assert_cmpstr (rows, ==, "2026-03-08 21:00, 2026-03-15 21:00, 2026-03-22 21:00, 2026-03-29 21:00");
  g_clear_pointer (&rows, g_free);
  assert_dues (f, once, "2026-03-10 12:00");
  assert_dues (f, past_once, "");
  /* The last day's member joined on 31 March: D+1 is 1 April, past the window. */
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM sop_tasks t JOIN memberships m ON m.id = t.membership_id"
                                             " JOIN members mb ON mb.id = m.member_id WHERE mb.nickname = 'Last day'"), ==, 0);

  /* Expanding again changes nothing. */
  {
    gint64 before_count = test_sql_count (f->store, "SELECT count (*) FROM sop_tasks");
    expand (f);
    g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM sop_tasks"), ==, before_count);
  }

  /* A step in the trash makes no more tasks from now on. */
  g_assert_true (co_list_remove (f->store, CO_LIST_SOP_STEPS, weekly, NULL));
  expand (f);
  assert_dues (f, weekly, "");
}

/* The moments are the local wall clock's, whatever the zone; the calendar file turns them into
 * UTC by the zone. */
static void
test_time_zones (Fixture *f, gconstpointer data)
{
  static const struct { const char *zone; const char *utc; } zones[] = {
    { "Asia/Shanghai", "20260304T120000Z" },
    { "America/New_York", "20260305T010000Z" },
  };
  const char *old_tz = g_getenv ("TZ");
  gint64 step = add_step (f, "Evening before", "activity", "hours", "-18", "text", "{活动} {time}", NULL);

  add_activity (f, "读书会", "2026-03-05", "14:00");
  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autofree char *dir = test_temp_dir ();
      g_autofree char *path = g_build_filename (dir, "cal.ics", NULL);
      g_autofree char *text = NULL;
      g_autofree char *rows = NULL;
      g_autofree char *expected = g_strdup_printf ("DTSTART:%s", zones[z].utc);

      g_setenv ("TZ", zones[z].zone, TRUE);
      tzset ();
      test_sql_exec (f->store, "DELETE FROM sop_tasks");
      expand (f);
      rows = dues (f, step);
      g_assert_cmpstr (rows, ==, "2026-03-04 20:00");
      g_assert_true (co_sop_export_ics (f->store, path, 0, "2026-03-01", "2026-03-31", NULL));
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_nonnull (strstr (text, expected));
      test_remove_tree (dir);
    }
  if (old_tz != NULL)
    g_setenv ("TZ", old_tz, TRUE);
  else
    g_unsetenv ("TZ");
  /* libc's zone too, which SQLite's date functions read. */
  tzset ();
}

static void
test_refusals (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 step = add_step (f, "Topic", "weekly", NULL);
  g_autoptr(CoItem) item = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_false (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "weekday", "funday", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "funday"));
  g_clear_error (&error);
  g_assert_false (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "time", "8pm", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "time", "25:00", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "text", "欢迎 {名字}", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "{名字}"));
  g_clear_error (&error);
  g_assert_false (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "days", "-1", &error));
  g_clear_error (&error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM sop_steps WHERE weekday IS NOT NULL OR time IS NOT NULL"
                                             " OR text IS NOT NULL OR days IS NOT NULL"), ==, 0);

  /* What cannot fire, or cannot be filled, is a warning. */
  set (f, CO_LIST_SOP_STEPS, step, "text", "{昵称} 你好，{活动} 见 {链接}");
  item = co_list_get (f->store, CO_LIST_SOP_STEPS, step, NULL);
  problems = co_sop_step_problems (f->store, item);
  g_assert_cmpuint (problems->len, ==, 5);
  g_assert_nonnull (strstr (problems->pdata[0], "weekday"));
  g_assert_nonnull (strstr (problems->pdata[1], "{昵称}"));
  g_assert_nonnull (strstr (problems->pdata[2], "{活动}"));
  g_assert_nonnull (strstr (problems->pdata[3], "{链接}"));
  g_assert_nonnull (strstr (problems->pdata[4], "assigned"));
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_object (&item);

  /* An activity step, while no activity has a start time. */
  step = add_step (f, "Announce", "activity", "hours", "-2", "text", "{活动} {时间}", "staff_id", NULL, NULL);
  add_activity (f, "No time", "2026-03-06", NULL);
  item = co_list_get (f->store, CO_LIST_SOP_STEPS, step, NULL);
  problems = co_sop_step_problems (f->store, item);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (strstr (problems->pdata[0], "start date and time"));
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_object (&item);
  add_activity (f, "Timed", "2026-03-07", "19:30");
  item = co_list_get (f->store, CO_LIST_SOP_STEPS, step, NULL);
  problems = co_sop_step_problems (f->store, item);
  g_assert_cmpuint (problems->len, ==, 1);  /* nobody assigned */
}

static void
test_translated (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 step = add_step (f, "话题", "weekly", NULL);

  test_bind_translations ();
  setlocale (LC_ALL, "zh_CN.UTF-8");
  g_assert_false (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "text", "{foo}", &error));
  g_assert_nonnull (strstr (error->message, "变量"));
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_fill (void)
{
  CoSopValues values = { "小明", "读书群", "读书会", "3月5日 14:00", NULL };
  g_autofree char *zh = co_sop_fill ("欢迎 {昵称} 加入{群名}！{活动}在{时间}，报名：{链接}", &values);
  g_autofree char *en = co_sop_fill ("Hi {nickname}, {group}: {activity} at {time} {unclosed", &values);

  g_assert_cmpstr (zh, ==, "欢迎 小明 加入读书群！读书会在3月5日 14:00，报名：{链接}");
  g_assert_cmpstr (en, ==, "Hi 小明, 读书群: 读书会 at 3月5日 14:00 {unclosed");
  g_assert_true (co_sop_check_variables ("{昵称}{nickname} {", NULL));
  g_assert_false (co_sop_check_variables ("{nick}", NULL));
}

static gint64
task_of (Fixture    *f,
         gint64      step,
         const char *due)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM sop_tasks WHERE step_id = %" G_GINT64_FORMAT
                                          " AND due_at = '%s'", step, due);
  return test_sql_count (f->store, sql);
}

static void
test_sent_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 step = add_step (f, "Topic", "weekly", "weekday", "mon", "time", "20:00", "text", "本周话题 {群名}", NULL);
  gint64 skipped = add_step (f, "Survey", "once", "date", "2026-03-03", "time", "12:00", NULL);
  gint64 sent, skip;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  expand (f);
  sent = task_of (f, step, "2026-03-09 20:00");
  skip = task_of (f, skipped, "2026-03-03 12:00");
  /* A recomputation with nothing changed keeps every row as it was. */
  {
    g_autofree char *rows = test_sql_rows (f->store, "SELECT id, due_at FROM sop_tasks ORDER BY id");
    g_autofree char *again = NULL;

    expand (f);
    again = test_sql_rows (f->store, "SELECT id, due_at FROM sop_tasks ORDER BY id");
    g_assert_cmpstr (again, ==, rows);
  }
  g_assert_cmpint (sent, >, 0);
  g_assert_true (co_sop_task_mark_sent (f->store, sent, "小王", &error));
  g_assert_no_error (error);
  g_assert_false (co_sop_task_skip (f->store, skip, "小王", "  ", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (co_sop_task_skip (f->store, skip, "小王", "群里在办活动", &error));
  before = test_sql_rows (f->store, "SELECT id, state, done_by, done_at, reason FROM sop_tasks WHERE state != 'due' ORDER BY id");

  /* The step moves to Tuesdays and the one-time step to another day: recomputed, the tasks done
   * stay as they were, and the new moments are due. */
  set (f, CO_LIST_SOP_STEPS, step, "weekday", "tue");
  set (f, CO_LIST_SOP_STEPS, skipped, "date", "2026-03-04");
  expand (f);
  expand (f);
  after = test_sql_rows (f->store, "SELECT id, state, done_by, done_at, reason FROM sop_tasks WHERE state != 'due' ORDER BY id");
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (strstr (after, "sent|小王"));
  g_assert_cmpint (task_of (f, step, "2026-03-10 20:00"), >, 0);
  g_assert_cmpint (task_of (f, step, "2026-03-16 20:00"), ==, -1);
  g_assert_cmpint (task_of (f, skipped, "2026-03-04 12:00"), >, 0);

  /* Marking it again is refused, and says by whom. */
  g_assert_false (co_sop_task_mark_sent (f->store, sent, "小李", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
  g_assert_nonnull (strstr (error->message, "小王"));
}

static void
test_status_and_text (Fixture *f, gconstpointer data)
{
  gint64 step = add_step (f, "Welcome", "joined", "days", "0", "time", "09:00",
                          "text", "欢迎 {昵称} 加入 {群名}，群规见 {链接}", "link", "https://example.com/rules", NULL);
  g_autoptr(GDateTime) now = monday ();
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  add_member (f, "小明", "2026-03-02");
  expand (f);
  tasks = co_sop_tasks (f->store, "2026-03-02 00:00", "2026-03-03 00:00", 0, 0, TRUE, 0, NULL);
  g_assert_cmpuint (tasks->len, ==, 1);
  {
    g_autoptr(CoGroup) group = co_group_get (f->store, f->group, NULL);
    name = g_strdup (co_group_get_name (group));
  }
  text = co_sop_task_dup_text (tasks->pdata[0]);
  expected = g_strdup_printf ("欢迎 小明 加入 %s，群规见 https://example.com/rules", name);
  g_assert_cmpstr (text, ==, expected);
  /* 09:00, an hour later it is overdue, a day later missed. */
  g_assert_cmpint (co_sop_task_status (tasks->pdata[0], now), ==, CO_SOP_TASK_OVERDUE);
  later = g_date_time_new_local (2026, 3, 2, 9, 30, 0);
  g_assert_cmpint (co_sop_task_status (tasks->pdata[0], later), ==, CO_SOP_TASK_DUE);
  g_clear_pointer (&later, g_date_time_unref);
  later = g_date_time_new_local (2026, 3, 3, 9, 1, 0);
  g_assert_cmpint (co_sop_task_status (tasks->pdata[0], later), ==, CO_SOP_TASK_MISSED);
  g_clear_pointer (&later, g_date_time_unref);
  later = g_date_time_new_local (2026, 3, 2, 8, 0, 0);
  g_assert_cmpint (co_sop_task_status (tasks->pdata[0], later), ==, CO_SOP_TASK_COMING);
  (void) step;
}

static void
test_assignee (Fixture *f, gconstpointer data)
{
  gint64 wang = co_list_add (f->store, CO_LIST_STAFF, 0, NULL);
  gint64 li = co_list_add (f->store, CO_LIST_STAFF, 0, NULL);
  gint64 assignment = co_list_add (f->store, CO_LIST_ASSIGNMENTS, f->group, NULL);
  g_autofree char *wang_text = g_strdup_printf ("%" G_GINT64_FORMAT, wang);
  g_autofree char *li_text = g_strdup_printf ("%" G_GINT64_FORMAT, li);
  g_autofree char *role = g_strdup_printf ("%" G_GINT64_FORMAT, co_role_find_builtin (f->store, "operator"));
  gint64 step = add_step (f, "Topic", "weekly", "weekday", "mon", "time", "20:00", "role_id", role, NULL);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GArray) loads = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 3, 2, 21, 30, 0);

  set (f, CO_LIST_STAFF, wang, "name", "小王");
  set (f, CO_LIST_STAFF, li, "name", "小李");
  set (f, CO_LIST_ASSIGNMENTS, assignment, "staff_id", wang_text);
  set (f, CO_LIST_ASSIGNMENTS, assignment, "role_id", role);
  expand (f);
  tasks = co_sop_tasks (f->store, NULL, "2026-04-01 00:00", 0, wang, FALSE, 0, NULL);
  g_assert_cmpuint (tasks->len, ==, 5);
  g_assert_cmpstr (((CoSopTask *) tasks->pdata[0])->assignee, ==, "小王");
  loads = co_sop_load_by_person (f->store, now, NULL);
  g_assert_cmpuint (loads->len, ==, 1);
  g_assert_cmpint (g_array_index (loads, CoSopLoad, 0).person_id, ==, wang);
  g_assert_cmpuint (g_array_index (loads, CoSopLoad, 0).due, ==, 1);
  g_assert_cmpuint (g_array_index (loads, CoSopLoad, 0).overdue, ==, 1);

  /* The roster changes: the tasks still due go to the new person. */
  set (f, CO_LIST_ASSIGNMENTS, assignment, "staff_id", li_text);
  expand (f);
  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = co_sop_tasks (f->store, "2026-03-03 00:00", "2026-04-01 00:00", 0, li, FALSE, 0, NULL);
  g_assert_cmpuint (tasks->len, ==, 4);
  /* A person chosen on the step wins over the role. */
  set (f, CO_LIST_SOP_STEPS, step, "staff_id", wang_text);
  expand (f);
  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = co_sop_tasks (f->store, "2026-03-03 00:00", "2026-04-01 00:00", 0, li, FALSE, 0, NULL);
  g_assert_cmpuint (tasks->len, ==, 0);
}

static void
on_expanded (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (co_sop_expand_finish (f->store, result, &error));
  g_assert_no_error (error);
  f->done = TRUE;
}

static void
on_changed (CoStore    *store,
            const char *table,
            gint64      group_id,
            gboolean   *noticed)
{
  if (g_str_equal (table, "sop_tasks"))
    *noticed = TRUE;
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = monday ();
  gboolean noticed = FALSE;

  add_step (f, "Topic", "weekly", "weekday", "mon", "time", "20:00", NULL);
  add_step (f, "Welcome", "joined", "days", "0", NULL);
  add_member (f, "小明", "2026-03-10");
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), &noticed);
  co_sop_expand_async (f->store, now, NULL, on_expanded, f);
  while (!f->done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (noticed);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM sop_tasks"), ==, 6);
}

static void
test_ics (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sop.ics", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  icalcomponent *calendar;
  guint n_events = 0, n_all_day = 0;
  gboolean found_text = FALSE;

  add_step (f, "本周话题", "weekly", "weekday", "mon", "time", "20:00", "text", "{群名} 本周话题", NULL);
  add_activity (f, "读书会", "2026-03-05", "14:00");
  add_activity (f, "线下见面", "2026-03-07", NULL);
  add_activity (f, "Later", "2026-05-07", NULL);
  expand (f);

  /* Refused: nothing written. */
  g_assert_false (co_sop_export_ics (f->store, path, 0, "2026-03-31", "2026-03-01", &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (co_sop_export_ics (f->store, path, 0, "2026-03-01", "2026-03-15", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  calendar = icalparser_parse_string (text);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalrestriction_check (calendar), ==, 1);
  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT); event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      struct icaltimetype start = icalcomponent_get_dtstart (event);
      const char *description = icalcomponent_get_description (event);

      n_events++;
      n_all_day += start.is_date;
      g_assert_nonnull (icalcomponent_get_uid (event));
      if (description != NULL && strstr (description, "本周话题") != NULL && strstr (description, "{群名}") == NULL)
        found_text = TRUE;
    }
  /* Two activities and the Mondays 2 and 9 March. */
  g_assert_cmpuint (n_events, ==, 4);
  g_assert_cmpuint (n_all_day, ==, 1);
  g_assert_true (found_text);
  icalcomponent_free (calendar);
  test_remove_tree (dir);
}

/* The Chinese launch template brings its SOP, written in Chinese, with built-in roles; saving
 * a plan as a template keeps it, roles by keyword and no people. */
static void
test_template (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/com/example/CommunityOps/templates/launch-13-steps.zh_CN.json",
                                                     0, &error);
  g_autoptr(JsonNode) root = co_template_parse (bytes, "launch", &error);
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *json = NULL;
  gint64 group, copy;

  g_assert_no_error (error);
  group = co_template_create_group (f->store, "启动群", 0, NULL, root, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM sop_steps s JOIN groups g ON g.id = s.group_id"
                                             " WHERE g.name = '启动群'"), ==, 9);
  rows = test_sql_rows (f->store, "SELECT s.title, s.trigger, r.builtin FROM sop_steps s JOIN groups g ON g.id = s.group_id"
                                  " JOIN roles r ON r.id = s.role_id WHERE g.name = '启动群' ORDER BY s.position LIMIT 2");
  g_assert_cmpstr (rows, ==, "开群欢迎语和群规|founded|owner, 新人入群欢迎|joined|admin");

  /* Someone is named on a step: the saved template leaves them out and keeps the role. */
  test_sql_exec (f->store, "INSERT INTO staff (uuid, created_at, updated_at, name) VALUES ('u-1', '', '', '小王')");
  test_sql_exec (f->store, "UPDATE sop_steps SET staff_id = (SELECT id FROM staff) WHERE title = '新人入群欢迎'");
  saved = co_template_from_plan (f->store, group, "我的模板", &error);
  g_assert_no_error (error);
  json = json_to_string (saved, FALSE);
  g_assert_nonnull (strstr (json, "\"sop_steps\""));
  g_assert_nonnull (strstr (json, "\"role\":\"admin\""));
  g_assert_null (strstr (json, "staff_id"));
  copy = co_template_create_group (f->store, "复制群", 0, NULL, saved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM sop_steps s JOIN groups g ON g.id = s.group_id"
                                             " JOIN roles r ON r.id = s.role_id WHERE g.name = '复制群'"), ==, 9);
  (void) copy;
}

static gboolean
has_finding (GPtrArray  *findings,
             const char *rule,
             const char *field_prefix)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CoFinding *finding = findings->pdata[i];
      if (g_str_equal (finding->rule, rule) && g_str_has_prefix (finding->field, field_prefix))
        return TRUE;
    }
  return FALSE;
}

/* The plan check warns about a group without SOP, and about a step without anyone to do it. */
static void
test_plan_check (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) findings = co_plan_check (f->store, f->group, NULL);
  g_autofree char *field = NULL;
  gint64 step;

  g_assert_true (has_finding (findings, "no-sop", "section:sop_steps"));
  g_clear_pointer (&findings, g_ptr_array_unref);
  step = add_step (f, "Topic", "weekly", "weekday", "mon", "time", "20:00", "text", "本周话题", NULL);
  findings = co_plan_check (f->store, f->group, NULL);
  field = g_strdup_printf ("item:sop_steps:%" G_GINT64_FORMAT ":role_id", step);
  g_assert_false (has_finding (findings, "no-sop", ""));
  g_assert_true (has_finding (findings, "sop-step-unassigned", field));
  g_assert_false (has_finding (findings, "sop-step", ""));

  /* A role nobody of the group plays reaches nobody either. */
  {
    g_autofree char *host = g_strdup_printf ("%" G_GINT64_FORMAT, co_role_find_builtin (f->store, "host"));
    g_autoptr(CoItem) item = NULL;
    g_autoptr(GPtrArray) problems = NULL;

    set (f, CO_LIST_SOP_STEPS, step, "role_id", host);
    item = co_list_get (f->store, CO_LIST_SOP_STEPS, step, NULL);
    g_assert_false (co_sop_step_has_assignee (f->store, item));
    problems = co_sop_step_problems (f->store, item);
    g_assert_cmpuint (problems->len, ==, 1);
    g_assert_nonnull (strstr (problems->pdata[0], "plays the role"));
    g_clear_pointer (&findings, g_ptr_array_unref);
    findings = co_plan_check (f->store, f->group, NULL);
    g_assert_true (has_finding (findings, "sop-step-unassigned", field));
  }
}

/* The steps travel in the JSON exchange, their role and person found again by uuid. */
static void
test_exchange (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = NULL;
  g_autoptr(CoStore) other = test_open_temp_store (&other_path);
  g_autofree char *role = g_strdup_printf ("%" G_GINT64_FORMAT, co_role_find_builtin (f->store, "host"));
  gint64 wang = co_list_add (f->store, CO_LIST_STAFF, 0, NULL);
  g_autofree char *wang_text = g_strdup_printf ("%" G_GINT64_FORMAT, wang);
  g_autoptr(GBytes) bytes = NULL;
  CoExchange *exchange;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  static const char rows_sql[] =
    "SELECT s.uuid, s.title, s.trigger, s.days, s.hours, s.weekday, s.date, s.time, s.text, s.link, r.builtin, p.name"
    " FROM sop_steps s LEFT JOIN roles r ON r.id = s.role_id LEFT JOIN staff p ON p.id = s.staff_id ORDER BY s.position";

  set (f, CO_LIST_STAFF, wang, "name", "小王");
  add_step (f, "活动前一天预告", "activity", "hours", "-24", "text", "明天{时间}：{活动}", "role_id", role, NULL);
  add_step (f, "本周话题", "weekly", "weekday", "mon", "time", "20:00", "text", "{群名} 本周话题 {链接}",
            "link", "https://example.com/t", "staff_id", wang_text, NULL);
  add_step (f, "问卷", "once", "date", "2026-03-10", "time", "12:00", NULL);
  add_step (f, "欢迎", "joined", "days", "0", NULL);
  before = test_sql_rows (f->store, rows_sql);

  bytes = co_exchange_export (f->store, 0, &error);
  g_assert_no_error (error);
  exchange = co_exchange_read (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (co_exchange_import (exchange, other, CO_EXCHANGE_REPLACE, NULL, &error));
  g_assert_no_error (error);
  co_exchange_free (exchange);
  after = test_sql_rows (other, rows_sql);
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (strstr (after, "|host|"));
  g_assert_nonnull (strstr (after, "|小王"));

  /* One group's document brings the role and the person its steps name, though nobody of the
   * group plays that role. */
  {
    g_autofree char *third_path = NULL;
    g_autoptr(CoStore) third = test_open_temp_store (&third_path);
    g_autoptr(GBytes) group_bytes = co_exchange_export (f->store, f->group, &error);
    CoExchange *group_exchange;

    g_assert_no_error (error);
    group_exchange = co_exchange_read (group_bytes, &error);
    g_assert_no_error (error);
    g_assert_true (co_exchange_import (group_exchange, third, CO_EXCHANGE_REPLACE, NULL, &error));
    g_assert_no_error (error);
    co_exchange_free (group_exchange);
    g_clear_pointer (&after, g_free);
    after = test_sql_rows (third, rows_sql);
    g_assert_cmpstr (after, ==, before);
  }
}

/* The week's review: each task on time, late, skipped, missed or open, by group and by person. */
static void
test_completion (Fixture *f, gconstpointer data)
{
  gint64 wang = co_list_add (f->store, CO_LIST_STAFF, 0, NULL);
  g_autofree char *wang_text = g_strdup_printf ("%" G_GINT64_FORMAT, wang);
  g_autoptr(GDateTime) thursday = g_date_time_new_local (2026, 3, 5, 12, 0, 0);
  g_autoptr(GPtrArray) by_group = NULL;
  g_autoptr(GPtrArray) by_person = NULL;
  CoSopCompletion *row;

  set (f, CO_LIST_STAFF, wang, "name", "小王");
  /* Every day at 09:00 from Monday 2 March to Sunday 8 March, by Wang. */
  for (guint d = 0; d < 7; d++)
    {
      g_autofree char *date = g_strdup_printf ("2026-03-%02u", 2 + d);
      add_step (f, "Daily", "once", "date", date, "time", "09:00", "staff_id", d == 6 ? NULL : wang_text, NULL);
    }
  expand (f);
  /* Monday sent on time, Tuesday late (3 hours after), Wednesday skipped. */
  {
    g_autoptr(GDateTime) ten_past = g_date_time_new_local (2026, 3, 2, 9, 10, 0);
    g_autoptr(GDateTime) three_hours_on = g_date_time_new_local (2026, 3, 3, 12, 0, 0);
    g_autoptr(GDateTime) ten_past_utc = g_date_time_to_utc (ten_past);
    g_autoptr(GDateTime) three_hours_on_utc = g_date_time_to_utc (three_hours_on);
    g_autofree char *first = g_date_time_format (ten_past_utc, "%Y-%m-%dT%H:%M:%SZ");
    g_autofree char *second = g_date_time_format (three_hours_on_utc, "%Y-%m-%dT%H:%M:%SZ");
    g_autofree char *sql = g_strdup_printf (
      "UPDATE sop_tasks SET state = 'sent', done_by = '小王', done_at = '%s' WHERE due_at = '2026-03-02 09:00';"
      "UPDATE sop_tasks SET state = 'sent', done_by = '小王', done_at = '%s' WHERE due_at = '2026-03-03 09:00';"
      "UPDATE sop_tasks SET state = 'skipped', done_by = '小王', reason = '活动' WHERE due_at = '2026-03-04 09:00';",
      first, second);

    test_sql_exec (f->store, sql);
  }
  by_group = co_sop_completion (f->store, &f->group, 1, "2026-03-02 00:00", "2026-03-09 00:00", FALSE, thursday, NULL);
  g_assert_cmpuint (by_group->len, ==, 1);
  row = by_group->pdata[0];
  /* On Thursday at noon, Thursday's is overdue but not missed, Friday to Sunday are coming. */
  g_assert_cmpuint (row->on_time, ==, 1);
  g_assert_cmpuint (row->late, ==, 1);
  g_assert_cmpuint (row->skipped, ==, 1);
  g_assert_cmpuint (row->missed, ==, 0);
  g_assert_cmpuint (row->open, ==, 4);

  /* As of the next Monday: Thursday to Sunday missed; Sunday's had nobody. */
  {
    g_autoptr(GDateTime) monday_after = g_date_time_new_local (2026, 3, 9, 12, 0, 0);
    by_person = co_sop_completion (f->store, &f->group, 1, "2026-03-02 00:00", "2026-03-09 00:00", TRUE, monday_after, NULL);
  }
  g_assert_cmpuint (by_person->len, ==, 2);
  row = by_person->pdata[0];
  g_assert_cmpstr (row->assignee, ==, "小王");
  g_assert_cmpuint (row->on_time + row->late + row->skipped + row->missed, ==, 6);
  g_assert_cmpuint (row->missed, ==, 3);
  row = by_person->pdata[1];
  g_assert_null (row->assignee);
  g_assert_cmpuint (row->missed, ==, 1);

  /* The report document's section, by group and by person. */
  {
    g_autofree char *dir = test_temp_dir ();
    g_autofree char *path = g_build_filename (dir, "report.html", NULL);
    g_autofree char *html = NULL;
    g_autoptr(CoDocument) document = co_report_document_new (f->store, &f->group, 1, "读书群", "2026-03-02",
                                                             "2026-03-08", "2026-03-09", CO_WEEK_STARTS_MONDAY, NULL);

    g_assert_nonnull (document);
    g_assert_true (co_document_write_html (document, path, NULL));
    g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
    g_assert_nonnull (strstr (html, "SOP Completion"));
    g_assert_nonnull (strstr (html, "By Person"));
    g_assert_nonnull (strstr (html, "小王"));
    g_assert_nonnull (strstr (html, "Nobody assigned"));
    test_remove_tree (dir);
  }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  test_bind_translations ();

  g_test_add_func ("/sop/fill", test_fill);
  g_test_add ("/sop/triggers", Fixture, NULL, fixture_set_up, test_triggers, fixture_tear_down);
  g_test_add ("/sop/time-zones", Fixture, NULL, fixture_set_up, test_time_zones, fixture_tear_down);
  g_test_add ("/sop/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/sop/translated", Fixture, NULL, fixture_set_up, test_translated, fixture_tear_down);
  g_test_add ("/sop/sent-kept", Fixture, NULL, fixture_set_up, test_sent_kept, fixture_tear_down);
  g_test_add ("/sop/status-and-text", Fixture, NULL, fixture_set_up, test_status_and_text, fixture_tear_down);
  g_test_add ("/sop/assignee", Fixture, NULL, fixture_set_up, test_assignee, fixture_tear_down);
  g_test_add ("/sop/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/sop/template", Fixture, NULL, fixture_set_up, test_template, fixture_tear_down);
  g_test_add ("/sop/plan-check", Fixture, NULL, fixture_set_up, test_plan_check, fixture_tear_down);
  g_test_add ("/sop/exchange", Fixture, NULL, fixture_set_up, test_exchange, fixture_tear_down);
  g_test_add ("/sop/completion", Fixture, NULL, fixture_set_up, test_completion, fixture_tear_down);
  g_test_add ("/sop/ics", Fixture, NULL, fixture_set_up, test_ics, fixture_tear_down);
  return g_test_run ();
}
