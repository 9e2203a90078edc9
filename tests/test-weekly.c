/* test-weekly.c: the weekly report as people hand it in. The week's notes saved per group and
 * for every group, blank ones writing nothing, and carried by the JSON exchange (matched by
 * group and week, not doubled); sent and skipped SOP tasks carried by the exchange and found
 * again by a recomputation that never marks them again; the week's SOP completion at the edges
 * of the week and of the grace for late; and the pasted text: figures with their change, an
 * empty week, headings in English and in Chinese. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "core/exchange/co-exchange.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-member.h"
#include "core/records/co-field.h"
#include "core/reports/co-figures.h"
#include "core/reports/co-weekly.h"
#include "core/sop/co-sop-tasks.h"
#include "test-util.h"

typedef struct
{
  WorkspaceFixture  workspace;
  CoStore          *store;
  gint64            group;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  workspace_set_up (&f->workspace, data);
  f->store = f->workspace.store;
  f->group = f->workspace.group;
  g_assert_true (co_group_set_field (f->store, f->group, CO_GROUP_FIELD_FOUNDING_DATE, "2026-01-01", NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  workspace_tear_down (&f->workspace, data);
}

static void
set (CoStore    *store,
     CoList      list,
     gint64      id,
     const char *key,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_list_set (store, list, id, key, value, &error));
  g_assert_no_error (error);
}

static void
set_notes (CoStore    *store,
           gint64      group,
           const char *week,
           const char *summary,
           const char *plan)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_weekly_notes_set (store, group, week, summary, plan, &error));
  g_assert_no_error (error);
}

static void
assert_notes (CoStore    *store,
              gint64      group,
              const char *week,
              const char *summary,
              const char *plan)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoWeeklyNotes) notes = co_weekly_notes_get (store, group, week, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (notes->summary, ==, summary);
  g_assert_cmpstr (notes->next_plan, ==, plan);
}

static void
import (GBytes         *bytes,
        CoStore        *store,
        CoExchangeMode  mode)
{
  g_autoptr(GError) error = NULL;
  CoExchange *exchange = co_exchange_read (bytes, &error);

  g_assert_no_error (error);
  g_assert_true (co_exchange_import (exchange, store, mode, NULL, &error));
  g_assert_no_error (error);
  co_exchange_free (exchange);
}

static GBytes *
export (CoStore *store,
        gint64   group)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = co_exchange_export (store, group, &error);

  g_assert_no_error (error);
  return bytes;
}

/* ---- notes ---------------------------------------------------------------------------------- */

static void
count_change (guint      *changes,
              const char *table)
{
  if (g_str_equal (table, "weekly_notes"))
    (*changes)++;
}

static void
test_notes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_text = g_strnfill (CO_FIELD_LONG_TEXT_MAX + 1, 'x');
  guint changes = 0;
  gulong handler;

  /* Nothing written for a week left blank: no empty record to travel. */
  set_notes (f->store, f->group, "2026-03-02", "  \n ", "");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM weekly_notes"), ==, 0);
  assert_notes (f->store, f->group, "2026-03-02", NULL, NULL);

  /* A group's week and every group's week are apart; the text is kept as typed. */
  set_notes (f->store, f->group, "2026-03-02", "新增 12 人\n直播 38 人", NULL);
  set_notes (f->store, 0, "2026-03-02", "两个群都在增长", "周一复盘");
  assert_notes (f->store, f->group, "2026-03-02", "新增 12 人\n直播 38 人", NULL);
  assert_notes (f->store, 0, "2026-03-02", "两个群都在增长", "周一复盘");
  assert_notes (f->store, f->group, "2026-03-09", NULL, NULL);

  /* Saved again: the same record; the same text again announces nothing. */
  handler = g_signal_connect_swapped (f->store, "changed", G_CALLBACK (count_change), &changes);
  set_notes (f->store, f->group, "2026-03-02", "新增 12 人\n直播 38 人", "下周邀请 100 人");
  g_assert_cmpuint (changes, ==, 1);
  set_notes (f->store, f->group, "2026-03-02", "新增 12 人\n直播 38 人", "下周邀请 100 人");
  g_assert_cmpuint (changes, ==, 1);
  g_signal_handler_disconnect (f->store, handler);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM weekly_notes"), ==, 2);
  assert_notes (f->store, f->group, "2026-03-02", "新增 12 人\n直播 38 人", "下周邀请 100 人");

  /* Refused with the reason, nothing changed. */
  g_assert_false (co_weekly_notes_set (f->store, f->group, "2026-03-02", long_text, NULL, &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (co_weekly_notes_set (f->store, f->group, "next week", "x", NULL, &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  assert_notes (f->store, f->group, "2026-03-02", "新增 12 人\n直播 38 人", "下周邀请 100 人");

  /* Deleting the group takes its notes, not every group's. */
  test_sql_exec (f->store, "DELETE FROM groups");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM weekly_notes"), ==, 1);
}

static void
test_notes_exchange (Fixture *f, gconstpointer data)
{
  static const char rows_sql[] =
    "SELECT ifnull (g.name, '*'), n.week, n.summary, n.next_plan FROM weekly_notes n"
    " LEFT JOIN groups g ON g.id = n.group_id ORDER BY n.week, g.name";
  g_autofree char *other_path = NULL;
  g_autoptr(CoStore) other = test_open_temp_store (&other_path);
  g_autoptr(GBytes) bytes = NULL, group_bytes = NULL, again = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gint64 second = co_group_create (f->store, "第二个群", 0, NULL);

  set_notes (f->store, f->group, "2026-03-02", "本周新增 12 人", "下周邀请 100 人");
  set_notes (f->store, second, "2026-03-02", "第二个群的总结", NULL);
  set_notes (f->store, 0, "2026-03-02", "两个群都在增长", "周一复盘");
  set_notes (f->store, 0, "2026-03-09", NULL, "周五决定是否开 3 群");
  before = test_sql_rows (f->store, rows_sql);

  /* Into another workspace and back out: the same notes, the same bytes. */
  bytes = export (f->store, 0);
  import (bytes, other, CO_EXCHANGE_REPLACE);
  after = test_sql_rows (other, rows_sql);
  g_assert_cmpstr (after, ==, before);
  again = export (other, 0);
  g_assert_true (g_bytes_equal (again, bytes));

  /* A teammate's notes of the same week meet the workspace's (matched by group and week):
   * replacing takes the file's, nothing doubled. */
  set_notes (other, 0, "2026-03-02", "另一位同事写的", NULL);
  import (bytes, other, CO_EXCHANGE_REPLACE);
  g_clear_pointer (&after, g_free);
  after = test_sql_rows (other, rows_sql);
  g_assert_cmpstr (after, ==, before);

  /* As new groups: the copies bring their notes; every group's notes are the workspace's. */
  import (bytes, f->store, CO_EXCHANGE_AS_NEW);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM weekly_notes WHERE group_id IS NULL"), ==, 2);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM weekly_notes n JOIN groups g ON g.id = n.group_id"
                                             " WHERE g.name = '第二个群 2' AND n.summary = '第二个群的总结'"), ==, 1);

  /* A group's file holds its own notes only. */
  group_bytes = export (f->store, second);
  g_assert_nonnull (strstr (g_bytes_get_data (group_bytes, NULL), "第二个群的总结"));
  g_assert_null (strstr (g_bytes_get_data (group_bytes, NULL), "两个群都在增长"));
  g_assert_null (strstr (g_bytes_get_data (group_bytes, NULL), "本周新增 12 人"));
}

/* ---- sent and skipped tasks ----------------------------------------------------------------- */

static gint64
add_step (CoStore    *store,
          gint64      group,
          const char *title,
          const char *trigger,
          const char *key,
          const char *value,
          const char *date,
          const char *time)
{
  gint64 id = co_list_add (store, CO_LIST_SOP_STEPS, group, NULL);

  g_assert_cmpint (id, >, 0);
  set (store, CO_LIST_SOP_STEPS, id, "title", title);
  set (store, CO_LIST_SOP_STEPS, id, "trigger", trigger);
  if (key != NULL)
    set (store, CO_LIST_SOP_STEPS, id, key, value);
  if (date != NULL)
    set (store, CO_LIST_SOP_STEPS, id, "date", date);
  if (time != NULL)
    set (store, CO_LIST_SOP_STEPS, id, "time", time);
  return id;
}

static void
expand_at (CoStore   *store,
           GDateTime *now)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_sop_expand (store, 0, now, &error));
  g_assert_no_error (error);
}

static gint64
task_due (CoStore    *store,
          const char *due)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM sop_tasks WHERE due_at = '%s'", due);

  return test_sql_count (store, sql);
}

static void
test_outcomes_exchange (Fixture *f, gconstpointer data)
{
  static const char rows_sql[] =
    "SELECT s.title, t.due_at, ifnull (mb.nickname, '-'), t.state, ifnull (t.done_by, '-'), ifnull (t.reason, '-')"
    " FROM sop_tasks t JOIN sop_steps s ON s.id = t.step_id LEFT JOIN memberships m ON m.id = t.membership_id"
    " LEFT JOIN members mb ON mb.id = m.member_id WHERE t.state != 'due' ORDER BY t.due_at, mb.nickname";
  g_autoptr(GDateTime) monday = g_date_time_new_local (2026, 3, 2, 8, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_new_local (2026, 3, 4, 8, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = NULL;
  g_autoptr(CoStore) other = test_open_temp_store (&other_path);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gint64 zhang = co_member_add (f->store, f->group, "张三", NULL);
  gint64 li = co_member_add (f->store, f->group, "李四", NULL);

  g_assert_true (co_member_set (f->store, zhang, CO_MEMBER_JOINED, "2026-03-02", NULL));
  g_assert_true (co_member_set (f->store, li, CO_MEMBER_JOINED, "2026-03-02", NULL));
  add_step (f->store, f->group, "欢迎", "joined", "days", "0", NULL, "10:00");
  add_step (f->store, f->group, "问卷", "once", NULL, NULL, "2026-03-03", "12:00");
  expand_at (f->store, monday);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM sop_tasks"), ==, 3);

  /* Zhang's welcome sent, Li's skipped, the survey sent; each recorded as an outcome. */
  {
    g_autofree char *sql = NULL;
    gint64 zhang_task, li_task;

    sql = g_strdup_printf ("SELECT t.id FROM sop_tasks t WHERE t.membership_id = %" G_GINT64_FORMAT, zhang);
    zhang_task = test_sql_count (f->store, sql);
    g_free (sql);
    sql = g_strdup_printf ("SELECT t.id FROM sop_tasks t WHERE t.membership_id = %" G_GINT64_FORMAT, li);
    li_task = test_sql_count (f->store, sql);
    g_assert_true (co_sop_task_mark_sent (f->store, zhang_task, "小王", &error));
    g_assert_no_error (error);
    g_assert_true (co_sop_task_skip (f->store, li_task, "小王", "他已退群", &error));
    g_assert_no_error (error);
    g_assert_true (co_sop_task_mark_sent (f->store, task_due (f->store, "2026-03-03 12:00"), "小李", &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM sop_outcomes"), ==, 3);
  before = test_sql_rows (f->store, rows_sql);
  g_assert_nonnull (strstr (before, "欢迎|2026-03-02 10:00|张三|sent|小王|-"));
  g_assert_nonnull (strstr (before, "欢迎|2026-03-02 10:00|李四|skipped|小王|他已退群"));

  /* A teammate's workspace, which never made these tasks, gets them done. */
  bytes = export (f->store, 0);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "\"sop_outcomes\""));
  import (bytes, other, CO_EXCHANGE_REPLACE);
  after = test_sql_rows (other, rows_sql);
  g_assert_cmpstr (after, ==, before);

  /* Its recomputations, then and later, never mark them again nor make them twice. */
  expand_at (other, monday);
  expand_at (other, later);
  g_clear_pointer (&after, g_free);
  after = test_sql_rows (other, rows_sql);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (test_sql_count (other, "SELECT count (*) FROM sop_tasks WHERE due_at < '2026-03-04'"), ==, 3);
  g_assert_false (co_sop_task_mark_sent (other, task_due (other, "2026-03-03 12:00"), "小王", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
  g_clear_error (&error);

  /* The same file again: the same outcomes, once. */
  import (bytes, other, CO_EXCHANGE_REPLACE);
  g_assert_cmpint (test_sql_count (other, "SELECT count (*) FROM sop_outcomes"), ==, 3);
  g_clear_pointer (&after, g_free);
  after = test_sql_rows (other, rows_sql);
  g_assert_cmpstr (after, ==, before);

  /* An outcome that goes (a teammate's undo through the sync) gives the task back. */
  test_sql_exec (other, "DELETE FROM sop_outcomes WHERE state = 'skipped'");
  g_assert_cmpint (test_sql_count (other, "SELECT count (*) FROM sop_tasks WHERE state = 'due'"
                                          " AND due_at = '2026-03-02 10:00'"), ==, 1);
}

/* ---- completion ----------------------------------------------------------------------------- */

/* An outcome as the exchange or the sync brings it: the trigger sets its task. */
static void
add_outcome (CoStore    *store,
             const char *due,
             const char *state,
             const char *done_at_local)
{
  g_autofree char *sql = NULL;
  g_autofree char *done_at = NULL;

  if (done_at_local != NULL)
    {
      int y, mo, d, h, mi;
      g_autoptr(GDateTime) local = NULL, utc = NULL;

      g_assert_cmpint (sscanf (done_at_local, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), ==, 5);
      local = g_date_time_new_local (y, mo, d, h, mi, 0);
      utc = g_date_time_to_utc (local);
      done_at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
    }
  sql = g_strdup_printf ("INSERT INTO sop_outcomes (group_id, step_id, due_at, state, done_by, done_at, reason)"
                         " SELECT group_id, step_id, due_at, '%s', '小王', '%s', %s FROM sop_tasks"
                         " WHERE due_at = '%s'", state, done_at != NULL ? done_at : "2026-03-01T00:00:00Z",
                         g_str_equal (state, "skipped") ? "'活动冲突'" : "NULL", due);
  test_sql_exec (store, sql);
}

static CoReportData *
weekly_data (CoStore      *store,
             const gint64 *ids,
             guint         n_ids,
             const char   *from,
             const char   *to)
{
  g_autoptr(GError) error = NULL;
  CoReportRequest request = {
    .view = CO_REPORT_VIEW_WEEKLY, .group_ids = ids, .n_groups = n_ids, .from = from, .to = to,
    .today = "2026-12-06", .week_start = CO_WEEK_STARTS_MONDAY, .top_members = 5,
  };
  CoReportData *data = co_report_data_new (store, &request, NULL, &error);

  g_assert_no_error (error);
  return data;
}

static void
test_completion (Fixture *f, gconstpointer data)
{
  static const struct { const char *date, *time; } moments[] = {
    { "2026-03-01", "23:59" },  /* the Sunday before: not this week */
    { "2026-03-02", "00:00" },  /* the week's first minute */
    { "2026-03-03", "09:00" },
    { "2026-03-04", "09:00" },
    { "2026-03-05", "09:00" },
    { "2026-03-06", "09:00" },
    { "2026-03-08", "23:59" },  /* the week's last minute */
    { "2026-03-09", "00:00" },  /* the next Monday: not this week */
  };
  g_autoptr(GDateTime) before = g_date_time_new_local (2026, 2, 28, 8, 0, 0);
  g_autoptr(CoReportData) week = NULL;
  CoSopCompletion *row;

  for (guint i = 0; i < G_N_ELEMENTS (moments); i++)
    add_step (f->store, f->group, "步骤", "once", NULL, NULL, moments[i].date, moments[i].time);
  expand_at (f->store, before);
  /* Sent at the first minute exactly two hours after (on time) and a minute more (late);
   * skipped; sent within the grace; the week's last minute's never done (missed). */
  add_outcome (f->store, "2026-03-02 00:00", "sent", "2026-03-02 02:00");
  add_outcome (f->store, "2026-03-03 09:00", "sent", "2026-03-03 11:01");
  add_outcome (f->store, "2026-03-04 09:00", "skipped", NULL);
  add_outcome (f->store, "2026-03-05 09:00", "sent", "2026-03-05 09:30");
  add_outcome (f->store, "2026-03-06 09:00", "sent", "2026-03-07 09:00");
  add_outcome (f->store, "2026-03-01 23:59", "sent", "2026-03-02 00:05");
  add_outcome (f->store, "2026-03-09 00:00", "skipped", NULL);

  week = weekly_data (f->store, &f->group, 1, "2026-03-02", "2026-03-08");
  g_assert_cmpuint (week->sop_by_group->len, ==, 1);
  row = week->sop_by_group->pdata[0];
  g_assert_cmpuint (row->on_time, ==, 2);
  g_assert_cmpuint (row->late, ==, 2);
  g_assert_cmpuint (row->skipped, ==, 1);
  g_assert_cmpuint (row->missed, ==, 1);
  g_assert_cmpuint (row->open, ==, 0);
  /* Nobody is assigned: one row, for nobody. */
  g_assert_cmpuint (week->sop_by_person->len, ==, 1);
  g_assert_null (((CoSopCompletion *) week->sop_by_person->pdata[0])->assignee);
  {
    g_autofree char *line = co_weekly_completion_line (row);
    g_assert_cmpstr (line, ==, "On time 2 · Late 2 · Skipped 1 · Missed 1");
  }
}

/* ---- the text ------------------------------------------------------------------------------- */

static void
put_figures (CoStore    *store,
             gint64      group,
             const char *date,
             gint64      members,
             gint64      joined,
             gint64      messages)
{
  g_autoptr(GError) error = NULL;
  CoDayFigures day;

  co_day_figures_init (&day, group, date);
  day.values[CO_FIGURE_MEMBERS_TOTAL] = members;
  day.values[CO_FIGURE_JOINED] = joined;
  day.values[CO_FIGURE_LEFT] = 0;
  day.values[CO_FIGURE_MESSAGES] = messages;
  co_figures_put (store, &day, &error);
  g_assert_no_error (error);
}

static char *
week_text (Fixture    *f,
           const char *from,
           const char *to)
{
  g_autoptr(CoReportData) data = weekly_data (f->store, &f->group, 1, from, to);
  g_autoptr(CoWeeklyNotes) notes = co_weekly_notes_get (f->store, f->group, from, NULL);
  CoReportRequest request = {
    .view = CO_REPORT_VIEW_WEEKLY, .group_ids = &f->group, .n_groups = 1, .from = from, .to = to,
    .today = "2026-12-06",
  };

  return co_weekly_text (f->store, &request, data, "读书群", notes);
}

static void
test_text (Fixture *f, gconstpointer data)
{
  g_autofree char *english = NULL, *chinese = NULL, *empty = NULL;
  gint64 problem = co_list_add (f->store, CO_LIST_PROBLEMS, f->group, NULL);

  /* The week before: 100 members, 10 joined, 200 messages a day; this week 112, 8, 150. */
  for (guint d = 0; d < 7; d++)
    {
      g_autofree char *before = co_date_add_days ("2026-02-23", (int) d);
      g_autofree char *this_week = co_date_add_days ("2026-03-02", (int) d);

      put_figures (f->store, f->group, before, 100, d == 0 ? 10 : 0, 200);
      put_figures (f->store, f->group, this_week, 112, d == 0 ? 8 : 0, 150);
    }
  set (f->store, CO_LIST_PROBLEMS, problem, "problem", "周末没人回复");
  set (f->store, CO_LIST_PROBLEMS, problem, "suggestion", "周末轮值");
  set (f->store, CO_LIST_PROBLEMS, problem, "date", "2026-03-04");
  set_notes (f->store, f->group, "2026-03-02", "  直播来了 38 人  ", "邀请下一批 100 人");

  english = week_text (f, "2026-03-02", "2026-03-08");
  g_test_message ("%s", english);
  g_assert_true (g_str_has_prefix (english, "Weekly report: 读书群, "));
  /* Members 112 against 100, +12 %; joined 8 against 10: net growth down 2; messages −25 %. */
  g_assert_nonnull (strstr (english, "\nFigures this week\nMembers: 112 (↑12.0%)\n"));
  g_assert_nonnull (strstr (english, "\nNet Growth: 8 (↓2)\n"));
  g_assert_nonnull (strstr (english, "\nMessages: 1050 (↓25.0%)\n"));
  g_assert_nonnull (strstr (english, "\nProblems\n1. 周末没人回复"));
  g_assert_nonnull (strstr (english, "   Suggestion: 周末轮值\n"));
  g_assert_nonnull (strstr (english, "\nThis week\n直播来了 38 人\n"));
  g_assert_nonnull (strstr (english, "\nNext week\n邀请下一批 100 人\n"));
  /* Short lines, no tables. */
  g_assert_null (strstr (english, "\t"));
  g_assert_null (strstr (english, "|"));
  {
    g_auto(GStrv) lines = g_strsplit (english, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      g_assert_cmpuint (g_utf8_strlen (lines[i], -1), <=, 80);
  }

  /* A week without figures says so, and has no parts with nothing to say; a problem still
   * open is still listed. */
  empty = week_text (f, "2026-04-06", "2026-04-12");
  g_test_message ("%s", empty);
  g_assert_nonnull (strstr (empty, "\nFigures this week\nNo figures were entered this week.\n"));
  g_assert_nonnull (strstr (empty, "\nProblems\n1. 周末没人回复 (Open)\n"));
  g_assert_null (strstr (empty, "Highlights"));
  g_assert_null (strstr (empty, "This week\n"));
  g_assert_null (strstr (empty, "SOP tasks"));

  /* In Chinese, as operators write it. */
  setlocale (LC_ALL, "zh_CN.UTF-8");
  chinese = week_text (f, "2026-03-02", "2026-03-08");
  setlocale (LC_ALL, "C.UTF-8");
  g_test_message ("%s", chinese);
  g_assert_true (g_str_has_prefix (chinese, "【社群周报】读书群（"));
  g_assert_nonnull (strstr (chinese, "\n【本周数据】\n成员 112（较上周↑12.0%）\n"));
  g_assert_nonnull (strstr (chinese, "\n【问题与建议】\n1. 周末没人回复"));
  g_assert_nonnull (strstr (chinese, "\n【本周总结】\n直播来了 38 人\n"));
  g_assert_nonnull (strstr (chinese, "\n【下周计划】\n邀请下一批 100 人\n"));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  test_bind_translations ();

  g_test_add ("/weekly/notes", Fixture, NULL, fixture_set_up, test_notes, fixture_tear_down);
  g_test_add ("/weekly/notes-exchange", Fixture, NULL, fixture_set_up, test_notes_exchange, fixture_tear_down);
  g_test_add ("/weekly/outcomes-exchange", Fixture, NULL, fixture_set_up, test_outcomes_exchange, fixture_tear_down);
  g_test_add ("/weekly/completion", Fixture, NULL, fixture_set_up, test_completion, fixture_tear_down);
  g_test_add ("/weekly/text", Fixture, NULL, fixture_set_up, test_text, fixture_tear_down);
  return g_test_run ();
}
