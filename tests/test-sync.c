/* test-sync.c: two (or three) workspaces of teammates kept in step through a team server on a
 * real PostgreSQL, which tests/pg/with-postgres.sh starts (PGHOST, PGPORT, PGUSER a superuser).
 * Each test has a database of its own, set up by "boss" (an owner), with zhao another owner, li
 * an editor of one group only and wang a viewer; they log in on the socket. */
#include "config.h"

#include <gio/gio.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <string.h>

#include "core/exchange/co-exchange.h"
#include "core/groups/co-group.h"
#include "core/members/co-member.h"
#include "core/reports/co-figures.h"
#include "core/reports/co-weekly-notes.h"
#include "core/sample/co-sample.h"
#include "core/sop/co-sop-tasks.h"
#include "core/store/co-store-private.h"
#include "core/sync/co-sync-private.h"
#include "core/sync/co-sync.h"
#include "core/sync/co-team-server.h"
#include "test-util.h"

static guint databases;
static char *sample_dir;  /* the sample workspace, made once: each test copies it */

typedef struct
{
  char    *database;
  char    *dirs[3];
  CoStore *a;       /* boss's workspace: the sample, uploaded */
  CoStore *b;       /* zhao's, downloaded */
  char    *group_a; /* a group of the sample with members, which li may change */
} Team;

static PGconn *
admin_connect (const char *database)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s", database);
  PGconn *conn = PQconnectdb (conninfo);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static void
admin_exec (PGconn     *conn,
            const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
}

/* The first column of the first row of @sql, run by the superuser on @database. */
static char *
server_value (const char *database,
              const char *sql)
{
  PGconn *conn = admin_connect (database);
  PGresult *result = PQexec (conn, sql);
  char *value;

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  value = g_strdup (PQntuples (result) > 0 ? PQgetvalue (result, 0, 0) : "");
  PQclear (result);
  PQfinish (conn);
  return value;
}

static char *
conninfo_for (const char *database,
              const char *login)
{
  return g_strdup_printf ("dbname=%s user=%s", database, login);
}

static CoStore *
open_store (char **dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  CoStore *store;

  *dir = test_temp_dir ();
  path = g_build_filename (*dir, "test.db", NULL);
  store = co_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

static void
connect_ok (CoStore    *store,
            const char *database,
            const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = conninfo_for (database, login);

  g_assert_true (co_sync_connect (store, conninfo, FALSE, &error));
  g_assert_no_error (error);
}

static CoSyncRound
sync_ok (CoStore *store)
{
  g_autoptr(GError) error = NULL;
  CoSyncRound round;

  g_assert_true (co_sync_run (store, &round, &error));
  g_assert_no_error (error);
  return round;
}

/* A copy of the sample workspace in @dir; its path is returned. */
static char *
copy_sample (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = g_build_filename (sample_dir, "test.db", NULL);
  char *to = g_build_filename (dir, "test.db", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);

  g_assert_true (g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return to;
}

/* A team whose boss has connected the sample workspace (uploaded) and zhao an empty one
 * (downloaded). */
static void
team_set_up (Team          *t,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *create = NULL, *boss_conninfo = NULL;
  g_autoptr(CoTeamServer) server = NULL;
  const char *groups[2] = { NULL, NULL };
  PGconn *admin = admin_connect ("postgres");
  gboolean already;

  t->database = g_strdup_printf ("sync_%u", ++databases);
  admin_exec (admin, "DROP ROLE IF EXISTS li, wang, zhao");
  create = g_strdup_printf ("CREATE DATABASE %s OWNER boss", t->database);
  admin_exec (admin, create);
  PQfinish (admin);

  t->dirs[0] = test_temp_dir ();
  {
    g_autofree char *path = copy_sample (t->dirs[0]);

    t->a = co_store_open (path, &error);
    g_assert_no_error (error);
  }
  t->group_a = test_sql_rows (t->a, "SELECT uuid FROM groups WHERE id = (SELECT min (group_id) FROM memberships)");
  groups[0] = t->group_a;

  boss_conninfo = conninfo_for (t->database, "boss");
  server = co_team_server_connect (boss_conninfo, &error);
  g_assert_no_error (error);
  g_assert_true (co_team_server_init (server, &already, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      const char *logins[] = { "zhao", "li", "wang" };
      CoTeamRole roles[] = { CO_TEAM_ROLE_OWNER, CO_TEAM_ROLE_EDITOR, CO_TEAM_ROLE_VIEWER };

      co_team_server_add_user (server, logins[i], roles[i], i == 1 ? groups : NULL, "pw-123456", NULL, &error);
      g_assert_no_error (error);
    }

  connect_ok (t->a, t->database, "boss");
  t->b = open_store (&t->dirs[1]);
  connect_ok (t->b, t->database, "zhao");
}

static void
team_tear_down (Team          *t,
                gconstpointer  data)
{
  g_clear_object (&t->a);
  g_clear_object (&t->b);
  for (guint i = 0; i < G_N_ELEMENTS (t->dirs); i++)
    if (t->dirs[i] != NULL)
      {
        test_remove_tree (t->dirs[i]);
        g_free (t->dirs[i]);
      }
  g_free (t->database);
  g_free (t->group_a);
  co_sync_push_hook = NULL;
  co_sync_batch_size = 500;
}

static void
assert_same_workspace (CoStore *a,
                       CoStore *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) one = co_exchange_export (a, 0, &error);
  g_autoptr(GBytes) other = NULL;

  g_assert_no_error (error);
  other = co_exchange_export (b, 0, &error);
  g_assert_no_error (error);
  if (!g_bytes_equal (one, other))
    {
      g_autofree char *one_path = g_build_filename (g_get_tmp_dir (), "test-sync-a.json", NULL);
      g_autofree char *other_path = g_build_filename (g_get_tmp_dir (), "test-sync-b.json", NULL);

      g_file_set_contents (one_path, g_bytes_get_data (one, NULL), g_bytes_get_size (one), NULL);
      g_file_set_contents (other_path, g_bytes_get_data (other, NULL), g_bytes_get_size (other), NULL);
      g_error ("The two workspaces differ: diff %s %s", one_path, other_path);
    }
}

/* A member of the sample, by its place in uuid order. */
static char *
member_uuid (CoStore *store,
             guint    n)
{
  g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM members ORDER BY uuid LIMIT 1 OFFSET %u", n);

  return test_sql_rows (store, sql);
}

static char *
member_value (CoStore    *store,
              const char *uuid,
              const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM members WHERE uuid = '%s'", column, uuid);

  return test_sql_rows (store, sql);
}

static void
set_member (CoStore    *store,
            const char *uuid,
            const char *column,
            const char *value)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE members SET %s = '%s' WHERE uuid = '%s'", column, value, uuid);

  test_sql_exec (store, sql);
}

static guint
outbox (CoStore *store)
{
  return test_sql_count (store, "SELECT count (*) FROM sync_outbox");
}

/* Every column of the schema travels or is named as staying local: a table another branch adds
 * fails here until the exchange (and with it the sync) carries it, or it is named local. */
static void
test_every_column (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CoStore) store = open_store (&dir);
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info (m.name) p"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'", NULL);
  guint checked = 0, travelling = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      const char *column = (const char *) sqlite3_column_text (stmt, 1);

      checked++;
      if (co_sync_column_travels (table, column))
        {
          g_assert_false (co_sync_column_local_only (table, column));
          travelling++;
          continue;
        }
      if (!co_sync_column_local_only (table, column))
        g_error ("%s.%s neither travels nor is named as staying local", table, column);
    }
  sqlite3_reset (stmt);
  g_assert_cmpuint (checked, >, 150);
  g_assert_cmpuint (travelling, >, 120);
  /* Derived from the exchange, with the keys it lacks. */
  g_assert_true (co_sync_column_travels ("memberships", "member_id"));
  g_assert_true (co_sync_column_travels ("memberships", "referrer_id"));
  g_assert_true (co_sync_column_travels ("member_handles", "handle"));
  g_assert_true (co_sync_column_travels ("groups", "deleted_at"));
  g_assert_false (co_sync_column_travels ("members", "id"));
  g_assert_false (co_sync_column_travels ("activity_days", "rows"));
  test_remove_tree (dir);
}

/* Upload then download gives the same workspace; each one's writes, whatever the path, reach
 * the other, and an UPDATE sends only the columns it changed. */
static void
test_upload_download (Team *t, gconstpointer data)
{
  g_autofree char *uuid = member_uuid (t->a, 0);
  g_autofree char *fields = NULL, *city = NULL;
  CoSyncRound round;

  assert_same_workspace (t->a, t->b);
  g_assert_cmpuint (outbox (t->a), ==, 0);
  g_assert_cmpuint (outbox (t->b), ==, 0);

  set_member (t->a, uuid, "city", "杭州");
  g_assert_cmpuint (outbox (t->a), ==, 1);
  fields = test_sql_rows (t->a, "SELECT fields FROM sync_outbox");
  g_assert_cmpstr (fields, ==, "{\"city\":\"杭州\"}");
  /* Writing the same value again is no change. */
  set_member (t->a, uuid, "city", "杭州");
  g_assert_cmpuint (outbox (t->a), ==, 1);
  round = sync_ok (t->a);
  g_assert_cmpuint (round.sent, ==, 1);
  g_assert_cmpuint (outbox (t->a), ==, 0);

  /* A group, its activity and a new member's day from an import on the other side. */
  test_sql_exec (t->b, "UPDATE groups SET slogan = 'Run far' WHERE id = (SELECT min (id) FROM groups)");
  test_sql_exec (t->b, "INSERT INTO member_activity (membership_id, group_id, date, kind, count)"
                       " SELECT id, group_id, '2026-12-01', 'spoke', 3 FROM memberships ORDER BY id LIMIT 1");
  test_sql_exec (t->b, "INSERT INTO member_handles (handle, member_id) SELECT 'telegram:run', min (id) FROM members");
  test_sql_exec (t->b, "UPDATE goals SET deleted_at = '2026-12-06T10:00:00Z' WHERE id = (SELECT min (id) FROM goals)");
  g_assert_cmpint (test_sql_count (t->b, "SELECT count (*) FROM sync_outbox WHERE deleted"), ==, 1);
  round = sync_ok (t->b);
  g_assert_cmpuint (round.sent, ==, 4);
  g_assert_cmpuint (round.received, ==, 1);  /* a's; its own are here already */
  city = member_value (t->b, uuid, "city");
  g_assert_cmpstr (city, ==, "杭州");
  sync_ok (t->a);
  assert_same_workspace (t->a, t->b);

  /* The core's own write paths: a new group (with its tiers), a person added, a field set. */
  {
    g_autoptr(GError) error = NULL;
    gint64 group = co_group_create (t->b, "新社群", 0, &error);
    gint64 membership;

    g_assert_no_error (error);
    membership = co_member_add (t->b, group, "新人", &error);
    g_assert_no_error (error);
    g_assert_true (co_member_set (t->b, membership, CO_MEMBER_CITY, "苏州", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (outbox (t->b), >=, 4);
    sync_ok (t->b);
    sync_ok (t->a);
    g_assert_cmpint (test_sql_count (t->a, "SELECT count (*) FROM members m JOIN memberships s ON s.member_id = m.id"
                                           " JOIN groups g ON g.id = s.group_id"
                                           " WHERE g.name = '新社群' AND m.nickname = '新人' AND m.city = '苏州'"), ==, 1);
    assert_same_workspace (t->a, t->b);
  }

  /* A day the upload carried, counted again: the same record on the server, not a second. */
  {
    g_autofree char *before = server_value (t->database, "SELECT count (*) FROM communityops.records"
                                                         " WHERE kind = 'member_activity'");
    g_autofree char *after = NULL, *changed = NULL;

    g_assert_cmpint (g_ascii_strtoll (before, NULL, 10), >, 1000);
    test_sql_exec (t->a, "UPDATE member_activity SET count = count + 1000 WHERE id = (SELECT min (id) FROM member_activity)");
    sync_ok (t->a);
    after = server_value (t->database, "SELECT count (*) FROM communityops.records WHERE kind = 'member_activity'");
    g_assert_cmpstr (after, ==, before);
    changed = server_value (t->database, "SELECT count (*) FROM communityops.records WHERE kind = 'member_activity'"
                                         " AND (fields ->> 'count')::int > 1000");
    g_assert_cmpstr (changed, ==, "1");
    sync_ok (t->b);
    assert_same_workspace (t->a, t->b);
  }
}

/* The weekly report's parts travel: a task sent on one side is sent on the other, where a
 * recomputation leaves it so; a week's notes are one record, whose summary edited on one side
 * and plan on the other are both kept. */
static void
test_weekly (Team *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *group_sql = g_strdup_printf ("SELECT id FROM groups WHERE uuid = '%s'", t->group_a);
  gint64 group_a = test_sql_count (t->a, group_sql), group_b = test_sql_count (t->b, group_sql);
  /* One alone at its step and time: the key below leaves out whose task it is (two members'
   * welcome at one moment share it, as the sample has at some hours of the day). */
  gint64 task = test_sql_count (t->a, "SELECT min (id) FROM sop_tasks t WHERE state = 'due' AND NOT EXISTS"
                                      " (SELECT 1 FROM sop_tasks o WHERE o.step_id = t.step_id"
                                      " AND o.due_at = t.due_at AND o.id <> t.id)");
  g_autofree char *key_sql = g_strdup_printf ("SELECT s.uuid || ' ' || t.due_at FROM sop_tasks t"
                                              " JOIN sop_steps s ON s.id = t.step_id WHERE t.id = %" G_GINT64_FORMAT,
                                              task);
  g_autofree char *key = test_sql_rows (t->a, key_sql);
  g_autofree char *state_sql = g_strdup_printf ("SELECT t.state || '|' || t.done_by FROM sop_tasks t"
                                                " JOIN sop_steps s ON s.id = t.step_id"
                                                " WHERE s.uuid || ' ' || t.due_at = '%s'", key);
  g_autofree char *state = NULL;
  g_autoptr(CoWeeklyNotes) notes_a = NULL, notes_b = NULL;

  g_assert_cmpint (task, >, 0);
  g_assert_true (co_sop_task_mark_sent (t->a, task, "老板", &error));
  g_assert_no_error (error);
  g_assert_true (co_weekly_notes_set (t->a, group_a, "2026-11-30", "本周新增", NULL, &error));
  g_assert_no_error (error);
  sync_ok (t->a);
  sync_ok (t->b);
  /* Then each edits a field of the week's notes: both kept. */
  g_assert_true (co_weekly_notes_set (t->a, group_a, "2026-11-30", "本周新增 30 人", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (co_weekly_notes_set (t->b, group_b, "2026-11-30", "本周新增", "下周开 3 群", &error));
  g_assert_no_error (error);
  sync_ok (t->a);
  sync_ok (t->b);
  sync_ok (t->a);

  state = test_sql_rows (t->b, state_sql);
  g_assert_cmpstr (state, ==, "sent|老板");
  g_assert_true (co_sop_expand (t->b, 0, now, &error));
  g_assert_no_error (error);
  g_clear_pointer (&state, g_free);
  state = test_sql_rows (t->b, state_sql);
  g_assert_cmpstr (state, ==, "sent|老板");

  notes_a = co_weekly_notes_get (t->a, group_a, "2026-11-30", &error);
  notes_b = co_weekly_notes_get (t->b, group_b, "2026-11-30", &error);
  g_assert_cmpstr (notes_a->summary, ==, "本周新增 30 人");
  g_assert_cmpstr (notes_b->summary, ==, "本周新增 30 人");
  g_assert_cmpstr (notes_a->next_plan, ==, "下周开 3 群");
  g_assert_cmpstr (notes_b->next_plan, ==, "下周开 3 群");
  g_assert_cmpint (test_sql_count (t->a, "SELECT count (*) FROM sync_conflicts"), ==, 0);
  assert_same_workspace (t->a, t->b);
}

/* One member edited on both sides in different fields: both edits are kept on both sides. */
static void
test_field_merge (Team *t, gconstpointer data)
{
  g_autofree char *uuid = member_uuid (t->a, 1);
  g_autofree char *a_city = NULL, *a_notes = NULL, *b_city = NULL, *b_notes = NULL;

  set_member (t->a, uuid, "city", "成都");
  set_member (t->b, uuid, "notes", "喜欢越野");
  sync_ok (t->a);
  sync_ok (t->b);
  sync_ok (t->a);
  a_city = member_value (t->a, uuid, "city");
  a_notes = member_value (t->a, uuid, "notes");
  b_city = member_value (t->b, uuid, "city");
  b_notes = member_value (t->b, uuid, "notes");
  g_assert_cmpstr (a_city, ==, "成都");
  g_assert_cmpstr (b_city, ==, "成都");
  g_assert_cmpstr (a_notes, ==, "喜欢越野");
  g_assert_cmpstr (b_notes, ==, "喜欢越野");
  g_assert_cmpint (test_sql_count (t->a, "SELECT count (*) FROM sync_conflicts"), ==, 0);
  g_assert_cmpint (test_sql_count (t->b, "SELECT count (*) FROM sync_conflicts"), ==, 0);
  assert_same_workspace (t->a, t->b);

  /* A day's figures saved whole on both sides, each with another figure changed: both kept. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *date = test_sql_rows (t->a, "SELECT max (date) FROM daily_figures");
    g_autofree char *group = test_sql_rows (t->a, "SELECT g.uuid FROM daily_figures f JOIN groups g ON g.id = f.group_id"
                                                  " ORDER BY f.date DESC, g.uuid LIMIT 1");
    g_autofree char *group_sql = g_strdup_printf ("SELECT id FROM groups WHERE uuid = '%s'", group);
    CoStore *stores[] = { t->a, t->b };
    CoFigure figures[] = { CO_FIGURE_POSTS, CO_FIGURE_FEEDBACK };

    for (guint i = 0; i < 2; i++)
      {
        CoDayFigures day;

        g_assert_true (co_figures_get (stores[i], test_sql_count (stores[i], group_sql), date, &day, &error));
        g_assert_no_error (error);
        day.values[figures[i]] = 4242;
        g_assert_true (co_figures_put (stores[i], &day, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (outbox (stores[i]), ==, 1);
      }
    sync_ok (t->a);
    sync_ok (t->b);
    sync_ok (t->a);
    for (guint i = 0; i < 2; i++)
      {
        CoDayFigures day;

        g_assert_true (co_figures_get (stores[i], test_sql_count (stores[i], group_sql), date, &day, &error));
        g_assert_cmpint (day.values[CO_FIGURE_POSTS], ==, 4242);
        g_assert_cmpint (day.values[CO_FIGURE_FEEDBACK], ==, 4242);
      }
    g_assert_cmpint (test_sql_count (t->a, "SELECT count (*) FROM sync_conflicts"), ==, 0);
  }
}

/* The same field on both sides: the last pushed wins, and the side whose value was replaced
 * lists the conflict with both values; "use mine" writes it again for everyone. */
static void
test_same_field (Team *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = member_uuid (t->a, 2);
  g_autofree char *city = NULL, *by = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(CoSyncStatus) status = NULL;
  g_autoptr(GDateTime) at = NULL;
  CoSyncConflict *conflict;
  CoSyncRound round;
  gint64 id;

  set_member (t->a, uuid, "city", "北京");
  set_member (t->b, uuid, "city", "上海");
  sync_ok (t->a);
  round = sync_ok (t->b);      /* b's pushed last: b wins */
  g_assert_cmpuint (round.conflicts, ==, 0);
  round = sync_ok (t->a);
  g_assert_cmpuint (round.conflicts, ==, 1);
  city = member_value (t->a, uuid, "city");
  g_assert_cmpstr (city, ==, "上海");

  status = co_sync_get_status (t->a, &error);
  g_assert_no_error (error);
  g_assert_true (status->connected);
  g_assert_cmpstr (status->login, ==, "boss");
  g_assert_cmpuint (status->n_conflicts, ==, 1);
  g_assert_nonnull (status->last_sync);
  g_assert_null (strstr (status->conninfo, "password"));
  conflicts = co_sync_list_conflicts (t->a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = conflicts->pdata[0];
  g_assert_cmpstr (conflict->kind, ==, "members");
  g_assert_cmpstr (conflict->key, ==, uuid);
  g_assert_cmpstr (conflict->field, ==, "city");
  g_assert_cmpstr (conflict->mine, ==, "\"北京\"");
  g_assert_cmpstr (conflict->theirs, ==, "\"上海\"");
  g_assert_cmpstr (conflict->theirs_by, ==, "zhao");
  g_assert_nonnull (conflict->theirs_at);
  g_assert_false (conflict->deleted);
  g_assert_cmpint (test_sql_count (t->b, "SELECT count (*) FROM sync_conflicts"), ==, 0);

  /* Who changed it, for the member window. */
  id = test_sql_count (t->a, "SELECT id FROM members WHERE uuid = (SELECT key FROM sync_conflicts)");
  g_assert_true (co_sync_changed_by (t->a, "members", id, &by, &at));
  g_assert_cmpstr (by, ==, "zhao");

  g_assert_true (co_sync_use_mine (t->a, conflict->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&city, g_free);
  city = member_value (t->a, uuid, "city");
  g_assert_cmpstr (city, ==, "北京");
  g_assert_false (co_sync_keep_theirs (t->a, conflict->id, &error));
  g_assert_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  sync_ok (t->a);
  sync_ok (t->b);
  g_clear_pointer (&city, g_free);
  city = member_value (t->b, uuid, "city");
  g_assert_cmpstr (city, ==, "北京");
  assert_same_workspace (t->a, t->b);

  /* Again, and this time "keep theirs": resolved, their value stays, nothing to send. */
  set_member (t->a, uuid, "city", "广州");
  set_member (t->b, uuid, "city", "天津");
  sync_ok (t->a);
  sync_ok (t->b);
  g_assert_cmpuint (sync_ok (t->a).conflicts, ==, 1);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = co_sync_list_conflicts (t->a, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_true (co_sync_keep_theirs (t->a, ((CoSyncConflict *) conflicts->pdata[0])->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&status, co_sync_status_free);
  status = co_sync_get_status (t->a, &error);
  g_assert_cmpuint (status->n_conflicts, ==, 0);
  g_assert_cmpuint (status->n_outbox, ==, 0);
  g_clear_pointer (&city, g_free);
  city = member_value (t->a, uuid, "city");
  g_assert_cmpstr (city, ==, "天津");
}

/* A member deleted on one side while edited on the other: the delete wins, the editor lists
 * the edit and can restore the member with it. */
static void
test_delete_against_edit (Team *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = member_uuid (t->a, 3);
  g_autofree char *delete = g_strdup_printf ("DELETE FROM members WHERE uuid = '%s'", uuid);
  g_autofree char *exists = g_strdup_printf ("SELECT count (*) FROM members WHERE uuid = '%s'", uuid);
  g_autofree char *notes = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  CoSyncConflict *conflict;
  CoSyncRound round;

  test_sql_exec (t->a, delete);
  set_member (t->b, uuid, "notes", "刚续费");
  sync_ok (t->a);
  round = sync_ok (t->b);
  g_assert_cmpuint (round.conflicts, ==, 1);
  g_assert_cmpint (test_sql_count (t->b, exists), ==, 0);
  conflicts = co_sync_list_conflicts (t->b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = conflicts->pdata[0];
  g_assert_true (conflict->deleted);
  g_assert_cmpstr (conflict->field, ==, "notes");
  g_assert_cmpstr (conflict->mine, ==, "\"刚续费\"");
  g_assert_cmpstr (conflict->theirs_by, ==, "boss");

  /* Restored, with the edit, on both sides. */
  g_assert_true (co_sync_use_mine (t->b, conflict->id, &error));
  g_assert_no_error (error);
  sync_ok (t->b);
  g_assert_cmpint (test_sql_count (t->b, exists), ==, 1);
  notes = member_value (t->b, uuid, "notes");
  g_assert_cmpstr (notes, ==, "刚续费");
  sync_ok (t->a);
  g_assert_cmpint (test_sql_count (t->a, exists), ==, 1);
  g_clear_pointer (&notes, g_free);
  notes = member_value (t->a, uuid, "notes");
  g_assert_cmpstr (notes, ==, "刚续费");
}

/* The same login on a second computer: its changes made elsewhere are applied here. */
static void
test_same_login_elsewhere (Team *t, gconstpointer data)
{
  g_autofree char *dir = NULL;
  g_autoptr(CoStore) laptop = open_store (&dir);
  g_autofree char *uuid = member_uuid (t->a, 8);
  g_autofree char *city = NULL;

  connect_ok (laptop, t->database, "boss");
  set_member (laptop, uuid, "notes", "laptop");
  set_member (t->a, uuid, "city", "青岛");
  g_assert_cmpuint (sync_ok (t->a).sent, ==, 1);
  sync_ok (laptop);
  city = member_value (laptop, uuid, "city");
  g_assert_cmpstr (city, ==, "青岛");
  sync_ok (t->a);
  g_clear_pointer (&city, g_free);
  city = member_value (t->a, uuid, "notes");
  g_assert_cmpstr (city, ==, "laptop");
  assert_same_workspace (t->a, laptop);
  test_remove_tree (dir);
}

static PGconn *terminate_at;
static guint break_after;

/* Kills the push's connection from another one once the batch is sent, before its commit. */
static gboolean
kill_mid_batch (gpointer conn,
                guint    n_pushed,
                gboolean committed)
{
  if (!committed && n_pushed == 3)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT pg_terminate_backend (%d)", PQbackendPID (conn));
      admin_exec (terminate_at, sql);
    }
  return TRUE;
}

/* Breaks after the commit, before the outbox is emptied. */
static gboolean
break_after_commit (gpointer conn,
                    guint    n_pushed,
                    gboolean committed)
{
  return !committed || ++break_after > 1;
}

/* A push cut half-way is sent again and applied once. */
static void
test_push_again (Team *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = server_value (t->database, "SELECT count (*) FROM communityops.changes");
  g_autofree char *after = NULL, *again = NULL;
  guint64 n_before = g_ascii_strtoull (before, NULL, 10);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *uuid = member_uuid (t->a, 10 + i);
      set_member (t->a, uuid, "source", "线下活动");
    }
  g_assert_cmpuint (outbox (t->a), ==, 3);

  /* The connection dies mid-batch: nothing reached the server, everything stays to send. */
  terminate_at = admin_connect (t->database);
  co_sync_push_hook = kill_mid_batch;
  g_assert_false (co_sync_run (t->a, NULL, &error));
  g_assert_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_SERVER);
  g_clear_error (&error);
  PQfinish (terminate_at);
  g_assert_cmpuint (outbox (t->a), ==, 3);
  after = server_value (t->database, "SELECT count (*) FROM communityops.changes");
  g_assert_cmpuint (g_ascii_strtoull (after, NULL, 10), ==, n_before);

  /* It dies after the commit: the server has the changes, the outbox too. */
  co_sync_push_hook = break_after_commit;
  g_assert_false (co_sync_run (t->a, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpuint (outbox (t->a), ==, 3);
  g_clear_pointer (&after, g_free);
  after = server_value (t->database, "SELECT count (*) FROM communityops.changes");
  g_assert_cmpuint (g_ascii_strtoull (after, NULL, 10), ==, n_before + 3);

  /* Sent again: applied once. */
  co_sync_push_hook = NULL;
  sync_ok (t->a);
  g_assert_cmpuint (outbox (t->a), ==, 0);
  again = server_value (t->database, "SELECT count (*) FROM communityops.changes");
  g_assert_cmpuint (g_ascii_strtoull (again, NULL, 10), ==, n_before + 3);
  sync_ok (t->b);
  assert_same_workspace (t->a, t->b);
}

/* A viewer's change and an editor's outside their groups are refused, kept here and listed;
 * the editor's change in their group goes through. Batches of one change. */
static void
test_refused (Team *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *li_dir = NULL;
  g_autoptr(CoStore) viewer = open_store (&dir);
  g_autoptr(CoStore) editor = open_store (&li_dir);
  g_autofree char *uuid = member_uuid (t->a, 4);
  g_autofree char *city = NULL, *server_city = NULL, *sql = NULL, *seed = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  CoSyncRound round;

  co_sync_batch_size = 1;
  connect_ok (viewer, t->database, "wang");
  set_member (viewer, uuid, "city", "深圳");
  round = sync_ok (viewer);
  g_assert_cmpuint (round.sent, ==, 0);
  g_assert_cmpuint (round.refused, ==, 1);
  g_assert_cmpuint (outbox (viewer), ==, 0);
  city = member_value (viewer, uuid, "city");
  g_assert_cmpstr (city, ==, "深圳");
  refused = co_sync_list_refused (viewer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_nonnull (strstr (((CoSyncRefusal *) refused->pdata[0])->reason, "permission denied"));
  sql = g_strdup_printf ("SELECT coalesce (fields ->> 'city', '') FROM communityops.records WHERE key = '%s'", uuid);
  server_city = server_value (t->database, sql);
  g_assert_cmpstr (server_city, !=, "深圳");

  /* li may change the first group's memberships, not another group's. */
  connect_ok (editor, t->database, "li");
  g_free (sql);
  sql = g_strdup_printf ("UPDATE memberships SET seed = 1 - seed WHERE id IN ("
                         " (SELECT min (s.id) FROM memberships s JOIN groups g ON g.id = s.group_id WHERE g.uuid = '%s'),"
                         " (SELECT min (s.id) FROM memberships s JOIN groups g ON g.id = s.group_id WHERE g.uuid <> '%s'))",
                         t->group_a, t->group_a);
  test_sql_exec (editor, sql);
  g_assert_cmpuint (outbox (editor), ==, 2);
  round = sync_ok (editor);
  g_assert_cmpuint (round.sent, ==, 1);
  g_assert_cmpuint (round.refused, ==, 1);
  g_clear_pointer (&refused, g_ptr_array_unref);
  refused = co_sync_list_refused (editor, &error);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_cmpstr (((CoSyncRefusal *) refused->pdata[0])->kind, ==, "memberships");
  g_assert_false (g_str_has_prefix (((CoSyncRefusal *) refused->pdata[0])->key, t->group_a));
  /* The change in li's group reached the owner. */
  sync_ok (t->a);
  seed = g_strdup_printf ("SELECT s.seed FROM memberships s JOIN groups g ON g.id = s.group_id WHERE g.uuid = '%s'"
                          " ORDER BY s.id LIMIT 1", t->group_a);
  g_assert_cmpint (test_sql_count (t->a, seed), ==, test_sql_count (editor, seed));
  test_remove_tree (dir);
  test_remove_tree (li_dir);
}

/* Offline, everything keeps working and the outbox grows; the next sync sends it. */
static void
test_offline (Team *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = member_uuid (t->a, 5);
  g_autofree char *city = NULL;
  g_autoptr(CoSyncStatus) status = NULL;

  test_sql_exec (t->a, "CREATE TEMP TABLE saved AS SELECT conninfo FROM sync_connection;"
                       "UPDATE sync_connection SET conninfo = 'host=127.0.0.1 port=1 dbname=nowhere'");
  set_member (t->a, uuid, "city", "西安");
  g_assert_false (co_sync_run (t->a, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  set_member (t->a, uuid, "notes", "离线时改的");
  test_sql_exec (t->a, "UPDATE groups SET slogan = 'offline' WHERE id = (SELECT max (id) FROM groups)");
  status = co_sync_get_status (t->a, &error);
  g_assert_cmpuint (status->n_outbox, ==, 3);

  test_sql_exec (t->a, "UPDATE sync_connection SET conninfo = (SELECT conninfo FROM saved)");
  g_assert_cmpuint (sync_ok (t->a).sent, ==, 3);
  sync_ok (t->b);
  city = member_value (t->b, uuid, "city");
  g_assert_cmpstr (city, ==, "西安");
  assert_same_workspace (t->a, t->b);

  /* Triggers of another version (here: one missing) are made again by the next round. */
  test_sql_exec (t->a, "DROP TRIGGER sync_members_changed; UPDATE sync_connection SET triggers = 'older'");
  set_member (t->a, uuid, "city", "兰州");
  g_assert_cmpuint (outbox (t->a), ==, 0);
  sync_ok (t->a);
  set_member (t->a, uuid, "city", "兰州市");
  g_assert_cmpuint (outbox (t->a), ==, 1);
  g_assert_cmpint (test_sql_count (t->a, "SELECT count (*) FROM sqlite_master WHERE name GLOB 'sync_*_changed'"), >, 20);
}

/* A workspace holding data is not replaced by the team's unless asked, after a backup; bad
 * connection strings are refused and leave the workspace unconnected. */
/* The first upload is the owner's: a limited editor's and a viewer's are refused by the server,
 * which keeps nothing of them; the owner's brings every record, as one change. */
static void
test_upload_rights (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = g_strdup_printf ("sync_%u", ++databases);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s OWNER boss", database);
  g_autofree char *boss = conninfo_for (database, "boss");
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = copy_sample (dir);
  g_autofree char *group = NULL, *n_records = NULL, *n_changes = NULL, *pointing = NULL;
  g_autoptr(CoTeamServer) server = NULL;
  g_autoptr(CoStore) store = co_store_open (path, &error);
  const char *groups[2] = { NULL, NULL };
  const char *logins[] = { "li", "wang" };
  PGconn *admin = admin_connect ("postgres");
  gboolean already;

  g_assert_no_error (error);
  admin_exec (admin, "DROP ROLE IF EXISTS li, wang, zhao");
  admin_exec (admin, create);
  PQfinish (admin);
  server = co_team_server_connect (boss, &error);
  g_assert_true (co_team_server_init (server, &already, &error));
  group = test_sql_rows (store, "SELECT uuid FROM groups WHERE id = (SELECT min (group_id) FROM memberships)");
  groups[0] = group;
  g_assert_true (co_team_server_add_user (server, "li", CO_TEAM_ROLE_EDITOR, groups, "pw-123456", NULL, &error));
  g_assert_true (co_team_server_add_user (server, "wang", CO_TEAM_ROLE_VIEWER, NULL, "pw-123456", NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autofree char *conninfo = conninfo_for (database, logins[i]);
      g_autofree char *kept = NULL;

      g_assert_false (co_sync_connect (store, conninfo, FALSE, &error));
      g_assert_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_SERVER);
      g_clear_error (&error);
      kept = server_value (database, "SELECT (SELECT count (*) FROM communityops.records) + (SELECT count (*)"
                                     " FROM communityops.changes) + (SELECT count (*) FROM communityops.meta"
                                     " WHERE key = 'workspace')");
      g_assert_cmpstr (kept, ==, "0");
      g_assert_cmpint (test_sql_count (store, "SELECT count (*) FROM sync_connection"), ==, 0);
    }

  connect_ok (store, database, "boss");
  n_records = server_value (database, "SELECT count (*) FROM communityops.records");
  g_assert_cmpint (g_ascii_strtoll (n_records, NULL, 10), >, test_sql_count (store, "SELECT count (*) FROM members"));
  n_changes = server_value (database, "SELECT count (*) FROM communityops.changes");
  g_assert_cmpstr (n_changes, ==, "1");
  pointing = server_value (database, "SELECT count (*) FROM communityops.records r JOIN communityops.changes c"
                                     " ON c.seq = r.seq AND c.kind = 'workspace'");
  g_assert_cmpstr (pointing, ==, n_records);

  /* The next teammate has every member (numbered mostly as the uploader did: the server keeps
   * no order among an upload's rows, and the exports order ties by uuid). */
  {
    g_autofree char *other_dir = NULL, *li = conninfo_for (database, "li");
    g_autoptr(CoStore) other = open_store (&other_dir);
    const char *order = "SELECT group_concat (uuid) FROM (SELECT uuid FROM members ORDER BY uuid)";
    g_autofree char *here = test_sql_rows (store, order);
    g_autofree char *there = NULL;

    g_assert_true (co_sync_connect (other, li, FALSE, &error));
    g_assert_no_error (error);
    there = test_sql_rows (other, order);
    g_assert_cmpstr (there, ==, here);
    test_remove_tree (other_dir);
  }
  test_remove_tree (dir);
}

/* What the first upload sends: each day total is its rows summed, keyed and grouped as its
 * membership; a text arrives as it was, tabs, line breaks and backslashes included; a group's
 * uuid is read as PostgreSQL reads one, and one that is not a uuid stops the upload before the
 * server keeps anything; a kind's records are stored in the order of their keys. */
static void
test_upload_records (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = g_strdup_printf ("sync_%u", ++databases);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s OWNER boss", database);
  g_autofree char *boss = conninfo_for (database, "boss");
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = copy_sample (dir);
  g_autofree char *group = NULL, *set_uuid = NULL, *kept = NULL, *notes = NULL, *notes_there = NULL;
  g_autofree char *day = NULL, *day_key = NULL, *day_sql = NULL, *day_there = NULL;
  g_autofree char *days = NULL, *days_there = NULL, *group_there = NULL, *odd_groups = NULL;
  g_autoptr(CoTeamServer) server = NULL;
  g_autoptr(CoStore) store = co_store_open (path, &error);
  const char *kinds[] = { "members", "memberships", "member_activity" };
  PGconn *admin = admin_connect ("postgres");
  gboolean already;

  g_assert_no_error (error);
  admin_exec (admin, create);
  PQfinish (admin);
  server = co_team_server_connect (boss, &error);
  g_assert_true (co_team_server_init (server, &already, &error));
  g_assert_no_error (error);

  /* A group whose uuid is not one: refused, nothing kept, the workspace not connected. */
  group = test_sql_rows (store, "SELECT uuid FROM groups WHERE id = (SELECT min (group_id) FROM memberships)");
  test_sql_exec (store, "UPDATE groups SET uuid = 'not-a-uuid' WHERE id = (SELECT min (group_id) FROM memberships)");
  g_assert_false (co_sync_connect (store, boss, FALSE, &error));
  g_assert_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "not-a-uuid"));
  g_clear_error (&error);
  kept = server_value (database, "SELECT (SELECT count (*) FROM communityops.records) + (SELECT count (*)"
                                 " FROM communityops.changes) + (SELECT count (*) FROM communityops.meta"
                                 " WHERE key = 'workspace')");
  g_assert_cmpstr (kept, ==, "0");
  g_assert_cmpint (test_sql_count (store, "SELECT count (*) FROM sync_connection"), ==, 0);

  /* In capitals and braces it is one, for PostgreSQL. */
  set_uuid = g_strdup_printf ("UPDATE groups SET uuid = '{' || upper ('%s') || '}' WHERE uuid = 'not-a-uuid'", group);
  test_sql_exec (store, set_uuid);
  test_sql_exec (store, "UPDATE members SET notes = 'tab' || char (9) || 'line' || char (10) || 'return' || char (13)"
                        " || 'back\\slash \\N 备注' WHERE id = (SELECT min (id) FROM members)");
  /* A day counted in two rows, another row between them. */
  test_sql_exec (store, "INSERT INTO member_activity (membership_id, group_id, date, kind, count)"
                        " SELECT id, group_id, '2026-11-30', 'posted', 2 FROM memberships ORDER BY id LIMIT 1");
  test_sql_exec (store, "INSERT INTO member_activity (membership_id, group_id, date, kind, count)"
                        " SELECT id, group_id, '2026-11-30', 'spoke', 4 FROM memberships ORDER BY id LIMIT 1");
  test_sql_exec (store, "INSERT INTO member_activity (membership_id, group_id, date, kind, count)"
                        " SELECT id, group_id, '2026-11-30', 'posted', 3 FROM memberships ORDER BY id LIMIT 1");
  connect_ok (store, database, "boss");

  group_there = server_value (database, "SELECT group_uuid FROM communityops.records"
                                        " WHERE kind = 'groups' AND key LIKE '{%'");
  g_assert_cmpstr (group_there, ==, group);
  notes = test_sql_rows (store, "SELECT notes FROM members WHERE id = (SELECT min (id) FROM members)");
  notes_there = server_value (database, "SELECT r.fields ->> 'notes' FROM communityops.records r"
                                        " WHERE r.kind = 'members' AND r.fields ->> 'notes' LIKE 'tab%'");
  g_assert_cmpstr (notes_there, ==, notes);
  g_assert_nonnull (strstr (notes_there, "\t"));

  /* Each day total as SQLite sums it, under its membership's key and group. */
  day = test_sql_rows (store, "SELECT sum (count) FROM member_activity WHERE date = '2026-11-30' AND kind = 'posted'"
                              " AND membership_id = (SELECT min (id) FROM memberships)");
  g_assert_cmpint (g_ascii_strtoll (day, NULL, 10), >=, 5);
  day_key = test_sql_rows (store, "SELECT g.uuid || '/' || m.uuid || '/2026-11-30/posted' FROM memberships s"
                                  " JOIN groups g ON g.id = s.group_id JOIN members m ON m.id = s.member_id"
                                  " WHERE s.id = (SELECT min (id) FROM memberships)");
  day_sql = g_strdup_printf ("SELECT fields ->> 'count' FROM communityops.records WHERE kind = 'member_activity'"
                             " AND key = '%s'", day_key);
  day_there = server_value (database, day_sql);
  g_assert_cmpstr (day_there, ==, day);
  days = test_sql_rows (store, "SELECT group_concat (k || '=' || n, ',') FROM"
                               " (SELECT g.uuid || '/' || m.uuid || '/' || a.date || '/' || a.kind AS k, sum (a.count) AS n"
                               "  FROM member_activity a JOIN memberships s ON s.id = a.membership_id"
                               "  JOIN groups g ON g.id = s.group_id JOIN members m ON m.id = s.member_id"
                               "  GROUP BY a.membership_id, a.date, a.kind ORDER BY k)");
  days_there = server_value (database, "SELECT string_agg (key || '=' || (fields ->> 'count'), ',' ORDER BY key)"
                                       " FROM communityops.records WHERE kind = 'member_activity'");
  g_assert_cmpstr (days_there, ==, days);
  odd_groups = server_value (database, "SELECT count (*) FROM communityops.records r JOIN communityops.records s"
                                       " ON s.kind = 'memberships'"
                                       "   AND s.key = split_part (r.key, '/', 1) || '/' || split_part (r.key, '/', 2)"
                                       " WHERE r.kind = 'member_activity' AND r.group_uuid IS DISTINCT FROM s.group_uuid");
  g_assert_cmpstr (odd_groups, ==, "0");

  /* Sent in the order of their keys, byte by byte, for the index to fill at its right edge: the
   * rows are stored in that order, but for the few PostgreSQL puts in an earlier page's free
   * space (keys in random order would leave every other one out of order). */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) > 100 AND count (*) FILTER (WHERE previous >= key) * 100"
                                              " < count (*) FROM (SELECT key, lag (key) OVER (ORDER BY ctid) AS previous"
                                              "  FROM communityops.records WHERE kind = '%s') r", kinds[i]);
      g_autofree char *in_order = server_value (database, sql);

      g_assert_cmpstr (in_order, ==, "t");
    }
  test_remove_tree (dir);
}

static void
test_connect_refused (Team *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *conninfo = conninfo_for (t->database, "zhao");
  g_autoptr(CoStore) other = open_store (&dir);
  g_autofree char *backups = NULL;
  g_autoptr(CoSyncStatus) status = NULL;

  test_sql_exec (other, "INSERT INTO groups (uuid, name, created_at, updated_at)"
                        " VALUES ('6a1e0000-0000-4000-8000-000000000001', 'My own', '2026-01-01', '2026-01-01')");
  g_assert_false (co_sync_connect (other, conninfo, FALSE, &error));
  g_assert_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_BOTH_HOLD_DATA);
  g_clear_error (&error);
  g_assert_cmpint (test_sql_count (other, "SELECT count (*) FROM groups WHERE name = 'My own'"), ==, 1);
  g_assert_cmpint (test_sql_count (other, "SELECT count (*) FROM sync_connection"), ==, 0);

  g_assert_false (co_sync_connect (other, "host=nowhere dbname", FALSE, &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_CONNINFO);
  g_clear_error (&error);
  g_assert_false (co_sync_connect (other, "dbname=no_such_database", FALSE, &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_CONNECT);
  g_clear_error (&error);
  g_assert_false (co_sync_run (other, NULL, &error));
  g_assert_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  /* Replacing: a backup first, then the team's workspace. The password given is not kept. */
  g_clear_pointer (&conninfo, g_free);
  conninfo = g_strdup_printf ("host=127.0.0.1 port=%s dbname=%s user=zhao password=pw-123456 sslmode=disable",
                              g_getenv ("PGPORT"), t->database);
  g_assert_true (co_sync_connect (other, conninfo, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (other, "SELECT count (*) FROM groups WHERE name = 'My own'"), ==, 0);
  backups = g_build_filename (dir, "backups", NULL);
  assert_same_workspace (t->a, other);
  status = co_sync_get_status (other, &error);
  g_assert_null (strstr (status->conninfo, "pw-123456"));
  g_assert_nonnull (strstr (status->conninfo, "user='zhao'"));
  {
    g_autofree char *path = g_strdup (co_store_get_path (other));
    gchar *bytes = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
    g_assert_null (g_strstr_len (bytes, length, "pw-123456"));
    g_free (bytes);
  }

  g_assert_false (co_sync_connect (other, conninfo, TRUE, &error));
  g_assert_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_CONNECTED);
  g_clear_error (&error);
  g_assert_true (co_sync_disconnect (other, &error));
  g_assert_no_error (error);
  test_sql_exec (other, "UPDATE groups SET slogan = 'not captured'");
  g_assert_cmpint (test_sql_count (other, "SELECT count (*) FROM sync_outbox"), ==, 0);
  test_remove_tree (dir);
}

/* A teammate's push wakes a listener; the asynchronous round pulls it and tells the store about
 * the table it wrote, and only that one (every page reading every table again stalled the window). */
static void
on_changed (CoStore    *store,
            const char *table,
            gint64      group,
            gpointer    user_data)
{
  g_hash_table_add (user_data, g_strdup (table));
}

static void
on_synced (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CoSyncRound *round = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (co_sync_run_finish (CO_STORE (source), result, round, &error));
  g_assert_no_error (error);
  round->sent = 1000;  /* done */
}

static void
test_listen_async (Team *t, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSyncListener) listener = co_sync_listen (t->b, &error);
  g_autofree char *uuid = member_uuid (t->a, 6);
  g_autofree char *city = NULL;
  CoSyncRound round = { 0 };
  g_autoptr(GHashTable) changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_no_error (error);
  g_assert_cmpint (co_sync_listener_get_fd (listener), >=, 0);
  g_assert_false (co_sync_listener_check (listener, &error));
  g_assert_no_error (error);
  set_member (t->a, uuid, "city", "厦门");
  sync_ok (t->a);
  g_assert_true (co_sync_listener_wait (listener, 5000, &error));
  g_assert_no_error (error);

  g_signal_connect (t->b, "changed", G_CALLBACK (on_changed), changed);
  co_sync_run_async (t->b, NULL, on_synced, &round);
  while (round.sent != 1000)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (round.received, ==, 1);
  g_assert_true (g_hash_table_contains (changed, "members"));
  g_assert_cmpuint (g_hash_table_size (changed), ==, 1);
  g_signal_handlers_disconnect_by_func (t->b, on_changed, changed);
  city = member_value (t->b, uuid, "city");
  g_assert_cmpstr (city, ==, "厦门");
}

/* Runs the app with the arguments up to NULL; returns its exit status, with what it printed. */
static int
run_app (char **out,
         char **err,
         ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) g_getenv ("COMMUNITY_OPS_BIN"));
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* --connect-team, --sync and --disconnect-team on a third teammate's workspace. */
static void
test_cli (Team *t, gconstpointer data)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = copy_sample (dir);
  g_autofree char *conninfo = conninfo_for (t->database, "wang");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *uuid = member_uuid (t->a, 7);
  g_autofree char *sql = g_strdup_printf ("UPDATE members SET city = '南京' WHERE uuid = '%s'", uuid);
  g_autoptr(CoStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_app (&out, &err, "--database", path, "--connect-team", conninfo, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--replace-local"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_app (&out, &err, "--database", path, "--connect-team", conninfo, "--replace-local", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "“wang”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A teammate's change received; the viewer's own refused and listed. */
  set_member (t->a, uuid, "notes", "从命令行收到");
  sync_ok (t->a);
  store = co_store_open (path, &error);
  g_assert_no_error (error);
  test_sql_exec (store, sql);
  g_clear_object (&store);
  g_assert_cmpint (run_app (&out, &err, "--database", path, "--sync", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Sent 0 changes, received 1.\n"));
  g_assert_nonnull (strstr (out, "Refused by the server"));
  g_assert_nonnull (strstr (out, "{\"city\":\"南京\"}"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* --team-status: the connection, the login, and the refusal kept. */
  g_assert_cmpint (run_app (&out, &err, "--database", path, "--team-status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Signed in as: wang\n"));
  g_assert_nonnull (strstr (out, t->database));
  g_assert_nonnull (strstr (out, "Refused changes: 1\n"));
  g_assert_nonnull (strstr (out, "{\"city\":\"南京\"}"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_app (&out, &err, "--database", path, "--disconnect-team", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Disconnected"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_app (&out, &err, "--database", path, "--sync", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not connected"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_app (&out, &err, "--database", path, "--team-status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "not connected"));
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  PGconn *admin;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("PGHOST") == NULL || g_getenv ("PGPORT") == NULL)
    g_error ("test-sync runs beside its own PostgreSQL: tests/pg/with-postgres.sh test-sync");
  admin = admin_connect ("postgres");
  admin_exec (admin, "CREATE ROLE boss LOGIN CREATEROLE CREATEDB PASSWORD 'boss-pw'");
  PQfinish (admin);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CoStore) sample = open_store (&sample_dir);

    g_assert_true (co_sample_create (sample, &error));
    g_assert_no_error (error);
  }

  g_test_add_func ("/sync/every-column", test_every_column);
  g_test_add_func ("/sync/upload-rights", test_upload_rights);
  g_test_add_func ("/sync/upload-records", test_upload_records);
#define TEAM_TEST(path, func) g_test_add (path, Team, NULL, team_set_up, func, team_tear_down)
  TEAM_TEST ("/sync/upload-download", test_upload_download);
  TEAM_TEST ("/sync/field-merge", test_field_merge);
  TEAM_TEST ("/sync/same-field", test_same_field);
  TEAM_TEST ("/sync/delete-against-edit", test_delete_against_edit);
  TEAM_TEST ("/sync/same-login-elsewhere", test_same_login_elsewhere);
  TEAM_TEST ("/sync/push-again", test_push_again);
  TEAM_TEST ("/sync/refused", test_refused);
  TEAM_TEST ("/sync/offline", test_offline);
  TEAM_TEST ("/sync/connect-refused", test_connect_refused);
  TEAM_TEST ("/sync/listen-async", test_listen_async);
  TEAM_TEST ("/sync/cli", test_cli);
  TEAM_TEST ("/sync/weekly", test_weekly);
  status = g_test_run ();
  test_remove_tree (sample_dir);
  g_free (sample_dir);
  return status;
}
