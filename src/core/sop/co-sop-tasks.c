/* co-sop-tasks.c: SOP steps expanded into tasks, and the tasks done (co-sop-tasks.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "core/formats/co-date.h"
#include "core/records/co-list-private.h"
#include "core/sop/co-sop-tasks.h"
#include "core/team/co-team.h"

void
co_sop_task_free (CoSopTask *task)
{
  if (task == NULL)
    return;
  g_free (task->due);
  g_free (task->state);
  g_free (task->done_by);
  g_free (task->done_at);
  g_free (task->reason);
  g_free (task->title);
  g_free (task->text);
  g_free (task->link);
  g_free (task->group_name);
  g_free (task->nickname);
  g_free (task->activity);
  g_free (task->activity_start);
  g_free (task->assignee);
  g_free (task);
}

char *
co_sop_moment (GDateTime *when)
{
  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

/* A stored local moment as a GDateTime, or NULL. */
static GDateTime *
parse_moment (const char *moment)
{
  int year, month, day, hour, minute;

  if (moment == NULL || sscanf (moment, "%d-%d-%d %d:%d", &year, &month, &day, &hour, &minute) != 5)
    return NULL;
  return g_date_time_new_local (year, month, day, hour, minute, 0);
}

CoSopTaskStatus
co_sop_task_status (const CoSopTask *task,
                    GDateTime       *now)
{
  g_autoptr(GDateTime) due = parse_moment (task->due);
  GTimeSpan late;

  if (g_strcmp0 (task->state, "skipped") == 0)
    return CO_SOP_TASK_SKIPPED;
  if (g_strcmp0 (task->state, "sent") == 0)
    {
      g_autoptr(GDateTime) done = task->done_at ? g_date_time_new_from_iso8601 (task->done_at, NULL) : NULL;

      if (done != NULL && due != NULL &&
          g_date_time_difference (done, due) > CO_SOP_LATE_HOURS * G_TIME_SPAN_HOUR)
        return CO_SOP_TASK_LATE;
      return CO_SOP_TASK_SENT;
    }
  if (due == NULL)
    return CO_SOP_TASK_COMING;
  late = g_date_time_difference (now, due);
  if (late < 0)
    return CO_SOP_TASK_COMING;
  if (late < G_TIME_SPAN_HOUR)
    return CO_SOP_TASK_DUE;
  if (late < CO_SOP_MISSED_HOURS * G_TIME_SPAN_HOUR)
    return CO_SOP_TASK_OVERDUE;
  return CO_SOP_TASK_MISSED;
}

const char *
co_sop_status_label (CoSopTaskStatus status)
{
  switch (status)
    {
    case CO_SOP_TASK_COMING: return _("Coming");
    case CO_SOP_TASK_DUE: return _("Due now");
    case CO_SOP_TASK_OVERDUE: return _("Overdue");
    case CO_SOP_TASK_MISSED: return _("Missed");
    case CO_SOP_TASK_SENT: return _("Sent");
    case CO_SOP_TASK_LATE: return _("Sent late");
    case CO_SOP_TASK_SKIPPED: return _("Skipped");
    default: return "";
    }
}

/* A local moment in the user's locale: "Dec 7, 2026 20:00". */
static char *
format_moment (const char *moment)
{
  g_autoptr(GDateTime) when = parse_moment (moment);
  g_autofree char *date = NULL;
  g_autofree char *day = NULL;

  if (when == NULL)
    return NULL;
  day = g_date_time_format (when, "%Y-%m-%d");
  date = co_date_format_display (day);
  return g_strdup_printf ("%s %02d:%02d", date, g_date_time_get_hour (when), g_date_time_get_minute (when));
}

char *
co_sop_task_dup_text (const CoSopTask *task)
{
  g_autofree char *time = format_moment (task->activity_start != NULL ? task->activity_start : task->due);
  CoSopValues values = { task->nickname, task->group_name, task->activity, time, task->link };

  return co_sop_fill (task->text, &values);
}

/* ---- expanding ------------------------------------------------------------------------------ */

/* A recomputation computes every task of the window into a table of this connection's, then
 * brings sop_tasks in line with it: the tasks still due from now on that are no longer expected
 * go, those still expected keep their row (and id) with the assignee of now, the new ones are
 * added. A task sent or skipped is never touched. */
#define SAME_OCCURRENCE(a, b) \
  a ".step_id = " b ".step_id AND ifnull (" a ".membership_id, 0) = ifnull (" b ".membership_id, 0)" \
  " AND ifnull (" a ".activity_id, 0) = ifnull (" b ".activity_id, 0) AND " a ".due_at = " b ".due_at"

static const char prepare_sql[] =
  "CREATE TEMP TABLE IF NOT EXISTS sop_expansion (step_id INTEGER, group_id INTEGER, membership_id INTEGER,"
  "  activity_id INTEGER, due_at TEXT, assignee_id INTEGER);"
  "CREATE UNIQUE INDEX IF NOT EXISTS temp.sop_expansion_occurrence ON sop_expansion"
  "  (step_id, ifnull (membership_id, 0), ifnull (activity_id, 0), due_at);"
  "DELETE FROM sop_expansion;";

static const char expand_sql[] =
  "INSERT OR IGNORE INTO sop_expansion (step_id, group_id, membership_id, activity_id, due_at, assignee_id)"
  " WITH RECURSIVE days (day) AS (SELECT date (?1) UNION ALL SELECT date (day, '+1 day') FROM days"
  "                              WHERE day < date (?2)),"
  " st AS MATERIALIZED (SELECT s.id, s.group_id, s.trigger, ifnull (s.days, 0) AS days, s.hours, s.weekday,"
  "                            s.date, s.time, g.founding_date,"
  "                            coalesce (s.staff_id, (SELECT a.staff_id FROM assignments a"
  "                                                   WHERE a.group_id = s.group_id AND a.role_id = s.role_id"
  "                                                     AND a.deleted_at IS NULL AND a.staff_id IS NOT NULL"
  "                                                   ORDER BY a.position LIMIT 1)) AS assignee"
  "                     FROM sop_steps s JOIN groups g ON g.id = s.group_id"
  "                     WHERE s.deleted_at IS NULL AND g.deleted_at IS NULL AND g.archived = 0"
  "                       AND (?3 = 0 OR s.group_id = ?3))"
  " SELECT step_id, group_id, membership_id, activity_id, due, assignee FROM ("
  "   SELECT id AS step_id, group_id, NULL AS membership_id, NULL AS activity_id,"
  "          strftime ('%Y-%m-%d %H:%M', founding_date || ' ' || ifnull (time, '" CO_SOP_DEFAULT_TIME "'),"
  "                    '+' || days || ' days') AS due, assignee"
  "   FROM st WHERE trigger = 'founded' AND founding_date IS NOT NULL"
  "   UNION ALL"
  "   SELECT st.id, st.group_id, m.id, NULL,"
  "          strftime ('%Y-%m-%d %H:%M', m.joined_date || ' ' || ifnull (st.time, '" CO_SOP_DEFAULT_TIME "'),"
  "                    '+' || st.days || ' days'), st.assignee"
  "   FROM st JOIN memberships m ON m.group_id = st.group_id"
  "     AND m.joined_date >= date (?1, '-' || st.days || ' days') AND m.joined_date <= date (?2, '-' || st.days || ' days')"
  "     AND m.deleted_at IS NULL AND m.left_date IS NULL"
  "   WHERE st.trigger = 'joined'"
  "   UNION ALL"
  "   SELECT st.id, st.group_id, NULL, a.id,"
  "          strftime ('%Y-%m-%d %H:%M', a.start_date || ' ' || a.start_time,"
  "                    printf ('%+d minutes', CAST (round (st.hours * 60) AS INTEGER))), st.assignee"
  "   FROM st JOIN activities a ON a.group_id = st.group_id AND a.deleted_at IS NULL"
  "     AND a.start_date IS NOT NULL AND a.start_time IS NOT NULL"
  "   WHERE st.trigger = 'activity' AND st.hours IS NOT NULL"
  "   UNION ALL"
  "   SELECT st.id, st.group_id, NULL, NULL, days.day || ' ' || st.time, st.assignee"
  "   FROM st JOIN days ON CAST (strftime ('%w', days.day) AS INTEGER) = (instr ('sunmontuewedthufrisat', st.weekday) - 1) / 3"
  "   WHERE st.trigger = 'weekly' AND st.time IS NOT NULL AND st.weekday IS NOT NULL"
  "     AND (st.founding_date IS NULL OR days.day >= st.founding_date)"
  "   UNION ALL"
  "   SELECT id, group_id, NULL, NULL, date || ' ' || time, assignee"
  "   FROM st WHERE trigger = 'once' AND date IS NOT NULL AND time IS NOT NULL)"
  " WHERE due >= ?1 AND due < ?2";

static const char delete_sql[] =
  "DELETE FROM sop_tasks WHERE state = 'due' AND due_at >= ?4 AND (?3 = 0 OR group_id = ?3)"
  "  AND NOT EXISTS (SELECT 1 FROM sop_expansion e WHERE " SAME_OCCURRENCE ("e", "sop_tasks") ")";

static const char reassign_sql[] =
  "UPDATE sop_tasks SET assignee_id = e.assignee_id FROM sop_expansion e"
  " WHERE sop_tasks.state = 'due' AND " SAME_OCCURRENCE ("e", "sop_tasks")
  "   AND sop_tasks.assignee_id IS NOT e.assignee_id";

static const char insert_sql[] =
  "INSERT OR IGNORE INTO sop_tasks (step_id, group_id, membership_id, activity_id, due_at, assignee_id)"
  " SELECT step_id, group_id, membership_id, activity_id, due_at, assignee_id FROM sop_expansion";

/* In order, after prepare_sql: the first computes, the others write. */
static const char * const expansion_steps[] = { expand_sql, delete_sql, reassign_sql, insert_sql };

typedef struct
{
  char   *from;   /* the start of now's day */
  char   *to;     /* CO_SOP_HORIZON_DAYS days later */
  char   *now;
  gint64  group_id;
} Window;

static void
window_init (Window    *window,
             GDateTime *now,
             gint64     group_id)
{
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_days (start, CO_SOP_HORIZON_DAYS);

  window->from = co_sop_moment (start);
  window->to = co_sop_moment (end);
  window->now = co_sop_moment (now);
  window->group_id = group_id;
}

static void
window_clear (Window *window)
{
  g_free (window->from);
  g_free (window->to);
  g_free (window->now);
}

static void
bind_window (sqlite3_stmt *stmt,
             const Window *window)
{
  int now_index = sqlite3_bind_parameter_index (stmt, "?4");

  sqlite3_bind_text (stmt, 1, window->from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, window->to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, window->group_id);
  if (now_index > 0)
    sqlite3_bind_text (stmt, now_index, window->now, -1, SQLITE_TRANSIENT);
}

gboolean
co_sop_expand (CoStore    *store,
               gint64      group_id,
               GDateTime  *now,
               GError    **error)
{
  Window window;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  window_init (&window, now, group_id);
  if (!co_store_begin (store, error))
    goto out;
  ok = co_store_exec (store, prepare_sql, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (expansion_steps); i++)
    {
      stmt = co_store_prepare (store, expansion_steps[i], error);
      if (stmt != NULL)
        bind_window (stmt, &window);
      ok = stmt != NULL && co_store_step_done (store, stmt, error);
    }
  if (!ok)
    {
      co_store_rollback (store);
      goto out;
    }
  co_store_note_change (store, "sop_tasks", group_id);
  ok = co_store_commit (store, error);
out:
  window_clear (&window);
  return ok;
}

/* ---- in a worker ---------------------------------------------------------------------------- */

typedef struct
{
  char   *path;
  Window  window;
} ExpandJob;

static void
expand_job_free (ExpandJob *job)
{
  g_free (job->path);
  window_clear (&job->window);
  g_free (job);
}

static gboolean
run_sql (sqlite3     *db,
         const char  *sql,
         const Window *window,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      if (window != NULL)
        bind_window (stmt, window);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_WRITE, _("The SOP’s tasks could not be written: %s"),
               sqlite3_errmsg (db));
  return FALSE;
}

static void
expand_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  ExpandJob *job = data;
  g_autoptr(sqlite3) db = NULL;
  GError *error = NULL;
  gboolean ok;

  if (sqlite3_open_v2 (job->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_task_return_new_error (task, CO_STORE_ERROR, CO_STORE_ERROR_OPEN, _("Could not open “%s”: %s"),
                               job->path, db ? sqlite3_errmsg (db) : "");
      return;
    }
  sqlite3_busy_timeout (db, 10000);
  /* The tasks are computed in a read transaction, into a table of this connection's: the
   * workspace stays writable meanwhile. Only bringing sop_tasks in line with them writes. */
  ok = run_sql (db, "PRAGMA foreign_keys = ON", NULL, &error) && run_sql (db, "BEGIN", NULL, &error);
  if (ok && sqlite3_exec (db, prepare_sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (&error, CO_STORE_ERROR, CO_STORE_ERROR_WRITE, _("The SOP’s tasks could not be written: %s"),
                   sqlite3_errmsg (db));
      ok = FALSE;
    }
  ok = ok && run_sql (db, expansion_steps[0], &job->window, &error) && run_sql (db, "COMMIT", NULL, &error) &&
       !g_cancellable_set_error_if_cancelled (cancellable, &error) && run_sql (db, "BEGIN IMMEDIATE", NULL, &error);
  for (guint i = 1; ok && i < G_N_ELEMENTS (expansion_steps); i++)
    ok = run_sql (db, expansion_steps[i], &job->window, &error);
  if (!ok || g_cancellable_set_error_if_cancelled (cancellable, &error) || !run_sql (db, "COMMIT", NULL, &error))
    {
      if (!sqlite3_get_autocommit (db))
        run_sql (db, "ROLLBACK", NULL, NULL);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
co_sop_expand_async (CoStore             *store,
                     GDateTime           *now,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  /* The worker needs the file's path alone: the task holds no reference on the store, which the
   * caller passes again to _finish. */
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ExpandJob *job = g_new0 (ExpandJob, 1);

  job->path = g_strdup (co_store_get_path (store));
  window_init (&job->window, now, 0);
  g_task_set_source_tag (task, co_sop_expand_async);
  g_task_set_task_data (task, job, (GDestroyNotify) expand_job_free);
  g_task_run_in_thread (task, expand_in_thread);
}

gboolean
co_sop_expand_finish (CoStore       *store,
                      GAsyncResult  *result,
                      GError       **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  /* Another connection wrote: the pages showing tasks read them again. */
  co_store_announce_change (store, "sop_tasks", 0);
  return TRUE;
}

/* ---- reading and doing ---------------------------------------------------------------------- */

#define TASK_COLUMNS \
  "SELECT t.id, t.step_id, t.group_id, ifnull (t.assignee_id, 0), t.due_at, t.state, t.done_by, t.done_at," \
  "       t.reason, s.title, s.text, s.link, g.name, mb.nickname, a.name, a.start_date || ' ' || a.start_time," \
  "       p.name, ifnull (s.library_item_id, 0)" \
  " FROM sop_tasks t JOIN sop_steps s ON s.id = t.step_id AND s.deleted_at IS NULL" \
  " JOIN groups g ON g.id = t.group_id AND g.deleted_at IS NULL" \
  " LEFT JOIN memberships m ON m.id = t.membership_id LEFT JOIN members mb ON mb.id = m.member_id" \
  " LEFT JOIN activities a ON a.id = t.activity_id LEFT JOIN staff p ON p.id = t.assignee_id"

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static CoSopTask *
read_task (sqlite3_stmt *stmt)
{
  CoSopTask *task = g_new0 (CoSopTask, 1);

  task->id = sqlite3_column_int64 (stmt, 0);
  task->step_id = sqlite3_column_int64 (stmt, 1);
  task->group_id = sqlite3_column_int64 (stmt, 2);
  task->assignee_id = sqlite3_column_int64 (stmt, 3);
  task->due = dup_column (stmt, 4);
  task->state = dup_column (stmt, 5);
  task->done_by = dup_column (stmt, 6);
  task->done_at = dup_column (stmt, 7);
  task->reason = dup_column (stmt, 8);
  task->title = dup_column (stmt, 9);
  task->text = dup_column (stmt, 10);
  task->link = dup_column (stmt, 11);
  task->group_name = dup_column (stmt, 12);
  task->nickname = dup_column (stmt, 13);
  task->activity = dup_column (stmt, 14);
  task->activity_start = dup_column (stmt, 15);
  task->assignee = dup_column (stmt, 16);
  task->library_item_id = sqlite3_column_int64 (stmt, 17);
  return task;
}

GPtrArray *
co_sop_tasks (CoStore     *store,
              const char  *from,
              const char  *to,
              gint64       group_id,
              gint64       person_id,
              gboolean     open_only,
              guint        limit,
              GError     **error)
{
  /* Those still due read from sop_tasks_due in its order, so that a LIMIT stops early even
   * when a thousand groups post at 20:00. */
  sqlite3_stmt *stmt = co_store_prepare (store,
                                         open_only
                                         ? TASK_COLUMNS
                                           " WHERE t.state = 'due' AND t.due_at >= ifnull (?1, '') AND t.due_at < ?2"
                                           "   AND (?3 = 0 OR t.group_id = ?3) AND (?4 = 0 OR t.assignee_id = ?4)"
                                           " ORDER BY t.due_at, t.id LIMIT ?6"
                                         : TASK_COLUMNS
                                           " WHERE t.due_at >= ifnull (?1, '') AND t.due_at < ?2"
                                           "   AND (?3 = 0 OR t.group_id = ?3) AND (?4 = 0 OR t.assignee_id = ?4)"
                                           " ORDER BY t.due_at, t.id LIMIT ?6", error);
  GPtrArray *tasks;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (from != NULL)
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, group_id);
  sqlite3_bind_int64 (stmt, 4, person_id);
  sqlite3_bind_int64 (stmt, 6, limit > 0 ? (gint64) limit : -1);
  tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) co_sop_task_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tasks, read_task (stmt));
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      sqlite3_reset (stmt);
      g_ptr_array_unref (tasks);
      return NULL;
    }
  sqlite3_reset (stmt);
  return tasks;
}

gboolean
co_sop_count_open (CoStore     *store,
                   const char  *from,
                   const char  *split,
                   const char  *to,
                   gint64       person_id,
                   guint       *before,
                   guint       *after,
                   GError     **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
                                         "SELECT ifnull (sum (t.due_at < ?2), 0), ifnull (sum (t.due_at >= ?2), 0)"
                                         " FROM sop_tasks t JOIN sop_steps s ON s.id = t.step_id AND s.deleted_at IS NULL"
                                         " JOIN groups g ON g.id = t.group_id AND g.deleted_at IS NULL"
                                         " WHERE t.due_at >= ?1 AND t.due_at < ?3 AND t.state = 'due'"
                                         "   AND (?4 = 0 OR t.assignee_id = ?4)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, split, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, person_id);
  *before = *after = 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *before = sqlite3_column_int (stmt, 0);
      *after = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

CoSopTask *
co_sop_task_get (CoStore  *store,
                 gint64    task_id,
                 GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, TASK_COLUMNS " WHERE t.id = ?", error);
  CoSopTask *task = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, task_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    task = read_task (stmt);
  sqlite3_reset (stmt);
  if (task == NULL)
    g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND,
                 _("The task is no longer there: its step or its group changed."));
  return task;
}

static gboolean
finish_task (CoStore     *store,
             gint64       task_id,
             const char  *state,
             const char  *who,
             const char  *reason,
             const char  *done_at,
             GError     **error)
{
  g_autoptr(CoSopTask) task = co_sop_task_get (store, task_id, error);
  g_autofree char *now = done_at != NULL ? g_strdup (done_at) : co_store_now ();
  sqlite3_stmt *stmt;

  if (task == NULL)
    return FALSE;
  if (!g_str_equal (task->state, "due"))
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT,
                   g_str_equal (task->state, "sent") ? _("“%s” was already marked sent by %s.")
                                                     : _("“%s” was already skipped by %s."),
                   task->title ? task->title : "", task->done_by ? task->done_by : "?");
      return FALSE;
    }
  if (!co_store_begin (store, error))
    return FALSE;
  /* The outcome is what travels; a trigger sets the task's state from it (migration 17). */
  stmt = co_store_prepare (store,
                           "INSERT INTO sop_outcomes (group_id, step_id, due_at, member_id, activity_id, state, done_by,"
                           "                          done_at, reason)"
                           " SELECT t.group_id, t.step_id, t.due_at, m.member_id, t.activity_id, ?1, ?2, ?3, ?4"
                           " FROM sop_tasks t LEFT JOIN memberships m ON m.id = t.membership_id WHERE t.id = ?5",
                           error);
  if (stmt == NULL)
    {
      co_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, who, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (reason != NULL)
    sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, task_id);
  if (!co_store_step_done (store, stmt, error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  co_store_note_change (store, "sop_tasks", task->group_id);
  return co_store_commit (store, error);
}

static gboolean
check_who (const char  *who,
           GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (who != NULL ? who : ""));

  if (*trimmed != '\0')
    return TRUE;
  g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE, _("Say who did it."));
  return FALSE;
}

gboolean
co_sop_task_mark_sent (CoStore     *store,
                       gint64       task_id,
                       const char  *who,
                       GError     **error)
{
  return check_who (who, error) && finish_task (store, task_id, "sent", who, NULL, NULL, error);
}

gboolean
co_sop_task_skip (CoStore     *store,
                  gint64       task_id,
                  const char  *who,
                  const char  *reason,
                  GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  if (*trimmed == '\0')
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE, _("Say why the task is skipped."));
      return FALSE;
    }
  return check_who (who, error) && finish_task (store, task_id, "skipped", who, trimmed, NULL, error);
}

GArray *
co_sop_load_by_person (CoStore    *store,
                       GDateTime  *now,
                       GError    **error)
{
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_days (start, 1);
  g_autoptr(GDateTime) missed = g_date_time_add_hours (now, -CO_SOP_MISSED_HOURS);
  g_autofree char *start_text = co_sop_moment (start);
  g_autofree char *end_text = co_sop_moment (end);
  g_autofree char *now_text = co_sop_moment (now);
  g_autofree char *missed_text = co_sop_moment (missed);
  sqlite3_stmt *stmt = co_store_prepare (store,
                                         "SELECT t.assignee_id,"
                                         "       sum (t.due_at >= ?1 AND t.due_at < ?2),"
                                         "       sum (t.due_at < ?3 AND t.due_at > ?4)"
                                         " FROM sop_tasks t JOIN sop_steps s ON s.id = t.step_id AND s.deleted_at IS NULL"
                                         " WHERE t.state = 'due' AND t.due_at > min (?1, ?4) AND t.due_at < ?2"
                                         "   AND t.assignee_id IS NOT NULL"
                                         " GROUP BY t.assignee_id", error);
  GArray *loads;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, start_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, end_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, missed_text, -1, SQLITE_TRANSIENT);
  loads = g_array_new (FALSE, TRUE, sizeof (CoSopLoad));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CoSopLoad load = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 2) };
      g_array_append_val (loads, load);
    }
  sqlite3_reset (stmt);
  return loads;
}

void
co_sop_completion_free (CoSopCompletion *completion)
{
  if (completion == NULL)
    return;
  g_free (completion->assignee);
  g_free (completion);
}

/* A period's tasks counted by co_sop_task_status()'s rule, in SQL: a week of a thousand groups'
 * tasks is summed where it lies rather than read row by row. ?1 the groups (JSON), ?2 and ?3 the
 * period, ?4 the moment CO_SOP_MISSED_HOURS before now; due moments are local time, done_at UTC. */
#define COMPLETION_SQL(key) \
  "SELECT " key "," \
  "  ifnull (sum (t.state = 'sent' AND NOT " SENT_LATE "), 0)," \
  "  ifnull (sum (t.state = 'sent' AND " SENT_LATE "), 0)," \
  "  ifnull (sum (t.state = 'skipped'), 0)," \
  "  ifnull (sum (t.state = 'due' AND t.due_at <= ?4), 0)," \
  "  ifnull (sum (t.state = 'due' AND t.due_at > ?4), 0)" \
  " FROM sop_tasks t JOIN json_each (?1) j ON j.value = t.group_id" \
  " JOIN sop_steps s ON s.id = t.step_id AND s.deleted_at IS NULL" \
  " JOIN groups g ON g.id = t.group_id AND g.deleted_at IS NULL" \
  " LEFT JOIN staff p ON p.id = t.assignee_id" \
  " WHERE t.due_at >= ?2 AND t.due_at < ?3" \
  " GROUP BY " key " ORDER BY min (t.due_at), min (t.id)"
#define SENT_LATE \
  "ifnull (round ((julianday (t.done_at) - julianday (t.due_at, 'utc')) * 86400) > " G_STRINGIFY (CO_SOP_LATE_HOURS) \
  " * 3600, 0)"

GPtrArray *
co_sop_completion (CoStore       *store,
                   const gint64  *group_ids,
                   guint          n_groups,
                   const char    *from,
                   const char    *to,
                   gboolean       by_person,
                   GDateTime     *now,
                   GError       **error)
{
  g_autoptr(GDateTime) missed = g_date_time_add_hours (now, -CO_SOP_MISSED_HOURS);
  g_autofree char *missed_text = co_sop_moment (missed);
  g_autofree char *ids = co_ids_json (group_ids, n_groups);
  g_autoptr(GHashTable) groups = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt = co_store_prepare (store, by_person ? COMPLETION_SQL ("p.name") : COMPLETION_SQL ("t.group_id"),
                                         error);
  GPtrArray *rows;
  int rc;

  if (stmt == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) co_sop_completion_free);
  /* By group: a row for each, in the order given, those without tasks too. */
  for (guint g = 0; !by_person && g < n_groups; g++)
    {
      CoSopCompletion *row = g_new0 (CoSopCompletion, 1);

      row->group_id = group_ids[g];
      g_hash_table_insert (groups, &row->group_id, row);
      g_ptr_array_add (rows, row);
    }
  sqlite3_bind_text (stmt, 1, ids, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, missed_text, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CoSopCompletion *row;

      if (by_person)
        {
          row = g_new0 (CoSopCompletion, 1);
          row->assignee = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          g_ptr_array_add (rows, row);
        }
      else
        {
          gint64 group_id = sqlite3_column_int64 (stmt, 0);
          row = g_hash_table_lookup (groups, &group_id);
        }
      row->on_time = sqlite3_column_int (stmt, 1);
      row->late = sqlite3_column_int (stmt, 2);
      row->skipped = sqlite3_column_int (stmt, 3);
      row->missed = sqlite3_column_int (stmt, 4);
      row->open = sqlite3_column_int (stmt, 5);
    }
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      g_clear_pointer (&rows, g_ptr_array_unref);
    }
  sqlite3_reset (stmt);
  return rows;
}

gint64
co_sop_find_person (CoStore     *store,
                    const char  *name,
                    GError     **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
                                         "SELECT id FROM staff WHERE deleted_at IS NULL AND name = ? COLLATE NOCASE"
                                         " ORDER BY position LIMIT 1", error);
  gint64 id;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  id = co_store_step_int (stmt, 0);
  if (id == 0)
    g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND,
                 _("Nobody named “%s” is in the team."), name);
  return id;
}

/* ---- the sample workspace ------------------------------------------------------------------- */

/* The steps of @plan_template's "sop_steps" (a built-in template's JSON) on @group_id. */
static gboolean
add_sample_steps (CoStore     *store,
                  gint64       group_id,
                  JsonArray   *steps,
                  GError     **error)
{
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);
      gint64 id = co_list_add (store, CO_LIST_SOP_STEPS, group_id, error);
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      if (id == 0)
        return FALSE;
      json_object_iter_init (&iter, step);
      while (json_object_iter_next (&iter, &key, &node))
        {
          const char *value = json_node_get_string (node);
          g_autofree char *role = NULL;

          if (g_str_equal (key, "role"))
            {
              role = g_strdup_printf ("%" G_GINT64_FORMAT, co_role_find_builtin (store, value));
              key = "role_id", value = role;
            }
          if (!co_list_set (store, CO_LIST_SOP_STEPS, id, key, value, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
co_sop_add_sample (CoStore       *store,
                   const gint64  *group_ids,
                   guint          n_groups,
                   JsonNode      *launch_template,
                   GError       **error)
{
  JsonObject *lists = json_object_get_object_member (json_node_get_object (launch_template), "lists");
  JsonArray *steps = json_object_get_array_member (lists, "sop_steps");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) week_ago = g_date_time_add_days (now, -7);
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autofree char *from = co_sop_moment (week_ago);
  g_autofree char *to = co_sop_moment (today);
  g_autoptr(GPtrArray) past = NULL;

  /* Groups whose template brought an SOP keep theirs. */
  for (guint g = 0; g < n_groups; g++)
    if (co_sop_count_steps (store, group_ids[g]) == 0 && !add_sample_steps (store, group_ids[g], steps, error))
      return FALSE;
  /* The tasks of a week ago and since, as the app would have made them then. */
  if (!co_sop_expand (store, 0, week_ago, error) || !co_sop_expand (store, 0, now, error))
    return FALSE;
  past = co_sop_tasks (store, from, to, 0, 0, TRUE, 0, error);
  if (past == NULL)
    return FALSE;
  /* Done in time, late, skipped, and left (missed), in turn. */
  for (guint i = 0; i < past->len; i++)
    {
      const CoSopTask *task = past->pdata[i];
      g_autoptr(GDateTime) due = parse_moment (task->due);
      g_autoptr(GDateTime) done = g_date_time_add_minutes (due, i % 4 == 1 ? 5 * 60 : 10);
      g_autoptr(GDateTime) done_utc = g_date_time_to_utc (done);
      g_autofree char *done_at = g_date_time_format (done_utc, "%Y-%m-%dT%H:%M:%SZ");
      const char *who = task->assignee != NULL ? task->assignee : _("Wang Fang");

      if (i % 4 == 3)
        continue;
      if (!finish_task (store, task->id, i % 4 == 2 ? "skipped" : "sent", who,
                        i % 4 == 2 ? _("The group was busy with an activity that evening") : NULL, done_at, error))
        return FALSE;
    }
  return TRUE;
}
