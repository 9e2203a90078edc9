/* test-sync-proof.c: the proof asked by issue 16 of the team sync, on a real PostgreSQL that
 * tests/pg/with-postgres.sh starts (PGHOST, PGPORT, PGUSER a superuser, CO_TEST_PG_CTL to restart
 * it). What test-sync.c and test-team-server.c prove one case at a time is proven here at scale:
 * - two, then five teammates editing offline (several kinds of records, different and the same
 *   fields, deletes against edits), syncing in every order (five: random orders from a seed
 *   printed), end with byte-identical exports;
 * - the sync killed with SIGKILL at 50 random moments and the server restarted under it 10 times:
 *   every change made locally reaches the server exactly once, the local file passes
 *   integrity_check after each, and a last round converges;
 * - bad connection input: a clear message, translated in po/zh_CN.po, and the workspace
 *   untouched;
 * - a viewer and a limited editor refused by the server through psql, beyond test-team-server.
 *
 * - the first upload killed between the server's commit and the workspace's: connecting again
 *   finishes it, nothing lost or twice;
 *
 * Run as "test-sync-proof --child-sync PATH BATCH", it is the sync the kill test kills: one
 * round on the workspace PATH in batches of BATCH changes; as "--child-connect PATH CONNINFO",
 * the first connect, which kills itself once the server took its upload. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/exchange/co-exchange.h"
#include "core/members/co-member.h"
#include "core/members/co-tag.h"
#include "core/reports/co-figures.h"
#include "core/sample/co-sample.h"
#include "core/store/co-store-private.h"
#include "core/sync/co-sync-private.h"
#include "core/sync/co-sync.h"
#include "core/sync/co-team-server.h"
#include "test-util.h"

#define PASSWORD "pw-123456"

static guint databases;
static char *sample_dir;  /* the sample workspace, made once: the first teammate's copy of it */

/* ---- the server, as its superuser ---- */

static PGconn *
admin_connect (const char *database)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s", database);
  PGconn *conn = PQconnectdb (conninfo);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "SET client_min_messages = warning"));
  return conn;
}

static void
admin_exec (const char *database,
            const char *sql)
{
  PGconn *conn = admin_connect (database);
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

/* The first column of the first row of @sql ("" without a row). */
static char *
server_value (const char *database,
              const char *sql)
{
  PGconn *conn = admin_connect (database);
  PGresult *result = PQexec (conn, sql);
  char *value;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  value = g_strdup (PQntuples (result) > 0 ? PQgetvalue (result, 0, 0) : "");
  PQclear (result);
  PQfinish (conn);
  return value;
}

static gint64
server_count (const char *database,
              const char *sql)
{
  g_autofree char *value = server_value (database, sql);

  return g_ascii_strtoll (value, NULL, 10);
}

/* Everything the team server holds, as one checksum. */
static char *
server_digest (const char *database)
{
  return server_value (database,
    "SELECT md5 (concat ((SELECT string_agg (r::text, '|' ORDER BY kind, key) FROM communityops.records r),"
    " (SELECT string_agg (c::text, '|' ORDER BY seq) FROM communityops.changes c),"
    " (SELECT string_agg (f::text, '|' ORDER BY seq, field) FROM communityops.conflicts f),"
    " (SELECT string_agg (m::text, '|' ORDER BY key) FROM communityops.meta m),"
    " (SELECT string_agg (t::text, '|' ORDER BY login) FROM communityops.team t),"
    " (SELECT string_agg (relname, '|' ORDER BY relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    "   WHERE nspname = 'communityops'),"
    " (SELECT string_agg (polname || pg_get_expr (polqual, polrelid), '|' ORDER BY polname) FROM pg_policy)))");
}

/* ---- a team ---- */

typedef struct
{
  char    *login;
  char    *dir;
  CoStore *store;
} Client;

typedef struct
{
  char   *database;
  char   *group_a;   /* a group with members, the one the editor li may change */
  Client  clients[5];
  guint   n_clients;
} Team;

/* A team server in a database of its own, set up by boss, with each of @logins an owner (every
 * password PASSWORD), and li an editor of the first group and wang a viewer; boss's workspace
 * (the sample) uploaded, and each login of @logins after boss connected from an empty one. */
static void
team_set_up (Team               *t,
             const char * const *logins)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoTeamServer) server = NULL;
  g_autofree char *create = NULL, *boss_conninfo = NULL;
  const char *groups[2] = { NULL, NULL };
  gboolean already;

  t->database = g_strdup_printf ("proof_%u", ++databases);
  admin_exec ("postgres", "DROP ROLE IF EXISTS zhao, qian, sun, zhou, li, wang");
  create = g_strdup_printf ("CREATE DATABASE %s OWNER boss", t->database);
  admin_exec ("postgres", create);

  boss_conninfo = g_strdup_printf ("dbname=%s user=boss", t->database);
  server = co_team_server_connect (boss_conninfo, &error);
  g_assert_no_error (error);
  g_assert_true (co_team_server_init (server, &already, &error));
  g_assert_no_error (error);
  for (guint i = 1; logins[i] != NULL; i++)
    {
      co_team_server_add_user (server, logins[i], CO_TEAM_ROLE_OWNER, NULL, PASSWORD, NULL, &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; logins[i] != NULL; i++)
    {
      Client *c = &t->clients[t->n_clients++];
      g_autofree char *path = NULL, *conninfo = g_strdup_printf ("dbname=%s user=%s", t->database, logins[i]);

      c->login = g_strdup (logins[i]);
      c->dir = test_temp_dir ();
      path = g_build_filename (c->dir, "test.db", NULL);
      if (i == 0)
        {
          g_autofree char *from = g_build_filename (sample_dir, "test.db", NULL);
          g_autoptr(GFile) source = g_file_new_for_path (from);
          g_autoptr(GFile) target = g_file_new_for_path (path);

          g_assert_true (g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
          g_assert_no_error (error);
        }
      c->store = co_store_open (path, &error);
      g_assert_no_error (error);
      if (i == 0)
        {
          t->group_a = test_sql_rows (c->store, "SELECT uuid FROM groups WHERE id = (SELECT min (group_id) FROM memberships)");
          groups[0] = t->group_a;
          co_team_server_add_user (server, "li", CO_TEAM_ROLE_EDITOR, groups, PASSWORD, NULL, &error);
          g_assert_no_error (error);
          co_team_server_add_user (server, "wang", CO_TEAM_ROLE_VIEWER, NULL, PASSWORD, NULL, &error);
          g_assert_no_error (error);
        }
      g_assert_true (co_sync_connect (c->store, conninfo, FALSE, &error));
      g_assert_no_error (error);
    }
}

static void
team_tear_down (Team *t)
{
  for (guint i = 0; i < t->n_clients; i++)
    {
      g_clear_object (&t->clients[i].store);
      test_remove_tree (t->clients[i].dir);
      g_free (t->clients[i].dir);
      g_free (t->clients[i].login);
    }
  g_free (t->group_a);
  g_free (t->database);
  co_sync_batch_size = 500;
}

static CoSyncRound
sync_ok (Client *c)
{
  g_autoptr(GError) error = NULL;
  CoSyncRound round;

  if (!co_sync_run (c->store, &round, &error))
    g_error ("%s's sync failed: %s", c->login, error->message);
  return round;
}

static GBytes *
export_ok (CoStore *store)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = co_exchange_export (store, 0, &error);

  g_assert_no_error (error);
  return bytes;
}

/* Every client's export is the first one's, byte for byte. */
static void
assert_same_workspaces (Team *t)
{
  g_autoptr(GBytes) first = export_ok (t->clients[0].store);

  for (guint i = 1; i < t->n_clients; i++)
    {
      g_autoptr(GBytes) other = export_ok (t->clients[i].store);

      if (!g_bytes_equal (first, other))
        {
          g_autofree char *a = g_build_filename (g_get_tmp_dir (), "test-sync-proof-0.json", NULL);
          g_autofree char *b = g_strdup_printf ("%s/test-sync-proof-%u.json", g_get_tmp_dir (), i);

          g_file_set_contents (a, g_bytes_get_data (first, NULL), g_bytes_get_size (first), NULL);
          g_file_set_contents (b, g_bytes_get_data (other, NULL), g_bytes_get_size (other), NULL);
          g_error ("%s's workspace differs from %s's: diff %s %s", t->clients[i].login, t->clients[0].login, a, b);
        }
    }
}

/* Runs the app with @argv (NULL-terminated, without the program) in @locale; returns its exit
 * status, with what it printed. */
static int
run_app (const char          *locale,
         const char          *password,
         const char * const  *args,
         char               **out,
         char               **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("COMMUNITY_OPS_BIN"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANG", locale, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  if (password != NULL)
    g_subprocess_launcher_setenv (launcher, "PGPASSWORD", password, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* ---- 1. teammates editing offline, syncing in every order ---- */

static const char *const member_fields[] = { "nickname", "real_name", "industry", "contact", "source" };
static const char *const plan_fields[] = { "mission", "vision", "persona", "principles", "naming_rule" };
static const CoFigure day_figures[] = { CO_FIGURE_MESSAGES, CO_FIGURE_POSTS, CO_FIGURE_FEEDBACK,
                                        CO_FIGURE_INVITES_SENT, CO_FIGURE_PARTICIPANTS };

static char *
nth_uuid (CoStore    *store,
          const char *table,
          guint       n)
{
  g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM %s ORDER BY uuid LIMIT 1 OFFSET %u", table, n);

  return test_sql_rows (store, sql);
}

static gint64
row_id (CoStore    *store,
        const char *table,
        const char *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE uuid = '%s'", table, uuid);

  return test_sql_count (store, sql);
}

static char *
member_value (CoStore    *store,
              const char *uuid,
              const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM members WHERE uuid = '%s'", column, uuid);

  return test_sql_rows (store, sql);
}

/* What the round @r of teammate @i writes offline: a field all teammates change (the last to
 * sync wins), one field each of a member, of a plan and of a day's figures (all kept), a new
 * tag put on a member, a new person, a group's slogan; the first deletes a member the second
 * edits, the third moves a goal to the trash while the fourth edits it. */
typedef struct
{
  char *same_member, *diff_member, *deleted_member, *trashed_goal;
  char *plan_group, *figures_group, *figures_date;
} RoundRecords;

static void
round_records_clear (RoundRecords *r)
{
  g_free (r->same_member);
  g_free (r->diff_member);
  g_free (r->deleted_member);
  g_free (r->trashed_goal);
  g_free (r->plan_group);
  g_free (r->figures_group);
  g_free (r->figures_date);
}

static void
round_records_pick (CoStore      *store,
                    guint         round,
                    RoundRecords *r)
{
  g_autofree char *sql = NULL;

  r->same_member = nth_uuid (store, "members", 3 * round);
  r->diff_member = nth_uuid (store, "members", 3 * round + 1);
  r->deleted_member = nth_uuid (store, "members", 3 * round + 2);
  sql = g_strdup_printf ("SELECT uuid FROM goals WHERE deleted_at IS NULL ORDER BY uuid LIMIT 1 OFFSET %u", round);
  r->trashed_goal = test_sql_rows (store, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT g.uuid FROM plans p JOIN groups g ON g.id = p.group_id ORDER BY g.uuid LIMIT 1 OFFSET %u",
                         round % 5);
  r->plan_group = test_sql_rows (store, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT g.uuid || '|' || f.date FROM daily_figures f JOIN groups g ON g.id = f.group_id"
                         " ORDER BY f.date DESC, g.uuid LIMIT 1 OFFSET %u", round);
  {
    g_autofree char *both = test_sql_rows (store, sql);
    g_auto(GStrv) parts = g_strsplit (both, "|", 2);

    r->figures_group = g_strdup (parts[0]);
    r->figures_date = g_strdup (parts[1]);
  }
}

static void
edit_offline (Client             *c,
              guint               i,
              guint               round,
              const RoundRecords *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL, *name = NULL;
  gint64 group = row_id (c->store, "groups", r->plan_group);
  gint64 tag_group, tag, membership;
  CoDayFigures day;

  sql = g_strdup_printf ("UPDATE members SET city = '城市 %u-%s' WHERE uuid = '%s'", round, c->login, r->same_member);
  test_sql_exec (c->store, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE members SET %s = '%s %u' WHERE uuid = '%s'", member_fields[i], c->login, round,
                         r->diff_member);
  test_sql_exec (c->store, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE plans SET %s = '%s 的计划 %u', target_size = %u WHERE group_id = %" G_GINT64_FORMAT,
                         plan_fields[i], c->login, round, 100 * round + i + 1, group);
  test_sql_exec (c->store, sql);
  g_clear_pointer (&sql, g_free);

  g_assert_true (co_figures_get (c->store, row_id (c->store, "groups", r->figures_group), r->figures_date, &day, &error));
  g_assert_no_error (error);
  day.values[day_figures[i]] = 4000 + 10 * round + i;
  g_assert_true (co_figures_put (c->store, &day, &error));
  g_assert_no_error (error);

  tag_group = test_sql_count (c->store, "SELECT min (id) FROM tag_groups");
  name = g_strdup_printf ("%s 的标签 %u", c->login, round);
  tag = co_tag_add (c->store, tag_group, name, &error);
  g_assert_no_error (error);
  /* Not the membership of the member deleted this round, whom the second client tags below. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT min (s.id) FROM memberships s JOIN members m ON m.id = s.member_id"
                         " WHERE m.uuid != '%s'", r->deleted_member);
  membership = test_sql_count (c->store, sql);
  g_assert_cmpint (co_members_set_tag (c->store, &membership, 1, tag, TRUE, &error), ==, 1);
  g_assert_no_error (error);

  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("%s 拉的新人 %u", c->login, round);
  membership = co_member_add (c->store, group, name, &error);
  g_assert_no_error (error);
  g_assert_true (co_member_set (c->store, membership, CO_MEMBER_CITY, "杭州", &error));
  g_assert_no_error (error);

  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE groups SET slogan = '%s 的口号 %u' WHERE id = (SELECT id FROM groups ORDER BY uuid LIMIT 1 OFFSET %u)",
                         c->login, round, i);
  test_sql_exec (c->store, sql);

  g_clear_pointer (&sql, g_free);
  if (i == 0)
    sql = g_strdup_printf ("DELETE FROM members WHERE uuid = '%s'", r->deleted_member);
  else if (i == 1)
    {
      /* ... and tags them: the tag reaches the first, who deleted them, and is left out there. */
      g_autofree char *find = g_strdup_printf ("SELECT s.id FROM memberships s JOIN members m ON m.id = s.member_id"
                                               " WHERE m.uuid = '%s' LIMIT 1", r->deleted_member);

      membership = test_sql_count (c->store, find);
      g_assert_cmpint (co_members_set_tag (c->store, &membership, 1, tag, TRUE, &error), ==, 1);
      g_assert_no_error (error);
      sql = g_strdup_printf ("UPDATE members SET notes = '%s 改了' WHERE uuid = '%s'", c->login, r->deleted_member);
    }
  else if (i == 2)
    sql = g_strdup_printf ("UPDATE goals SET deleted_at = '2026-12-06T10:00:00Z' WHERE uuid = '%s'", r->trashed_goal);
  else if (i == 3)
    sql = g_strdup_printf ("UPDATE goals SET note = '%s 的备注' WHERE uuid = '%s'", c->login, r->trashed_goal);
  if (sql != NULL)
    test_sql_exec (c->store, sql);
}

/* One round: each teammate edits offline, then all sync in @order, twice; every workspace ends
 * the same, with what each one wrote (the last to sync winning a field changed by all), and the
 * others listing the conflict of the field they lost. */
static void
converge_round (Team        *t,
                guint        round,
                const guint *order)
{
  RoundRecords r = { 0 };
  const Client *last = &t->clients[order[t->n_clients - 1]];
  g_autofree char *city = NULL, *expected = NULL, *sql = NULL;
  g_autoptr(GString) order_text = g_string_new (NULL);

  for (guint k = 0; k < t->n_clients; k++)
    g_string_append_printf (order_text, "%s%s", k > 0 ? ", " : "", t->clients[order[k]].login);
  g_test_message ("round %u: %s", round, order_text->str);
  round_records_pick (t->clients[0].store, round, &r);
  for (guint i = 0; i < t->n_clients; i++)
    edit_offline (&t->clients[i], i, round, &r);
  for (guint pass = 0; pass < 2; pass++)
    for (guint k = 0; k < t->n_clients; k++)
      sync_ok (&t->clients[order[k]]);

  assert_same_workspaces (t);
  expected = g_strdup_printf ("城市 %u-%s", round, last->login);
  for (guint i = 0; i < t->n_clients; i++)
    {
      Client *c = &t->clients[i];
      g_autofree char *conflict_sql = NULL, *deleted = NULL, *goal = NULL;

      g_assert_cmpint (test_sql_count (c->store, "SELECT count (*) FROM sync_outbox"), ==, 0);
      city = member_value (c->store, r.same_member, "city");
      g_assert_cmpstr (city, ==, expected);
      g_clear_pointer (&city, g_free);
      for (guint j = 0; j < t->n_clients; j++)
        {
          g_autofree char *value = member_value (c->store, r.diff_member, member_fields[j]);
          g_autofree char *want = g_strdup_printf ("%s %u", t->clients[j].login, round);
          g_autofree char *tag_sql = g_strdup_printf ("SELECT count (*) FROM member_tags mt JOIN tags g ON g.id = mt.tag_id"
                                                      " WHERE g.name = '%s 的标签 %u'", t->clients[j].login, round);
          g_autofree char *plan_sql = g_strdup_printf ("SELECT count (*) FROM plans p JOIN groups g ON g.id = p.group_id"
                                                       " WHERE g.uuid = '%s' AND %s = '%s 的计划 %u'",
                                                       r.plan_group, plan_fields[j], t->clients[j].login, round);

          g_assert_cmpstr (value, ==, want);
          g_assert_cmpint (test_sql_count (c->store, tag_sql), ==, 1);
          g_assert_cmpint (test_sql_count (c->store, plan_sql), ==, 1);
        }
      /* The field all changed: each one but the last lists its value as replaced. */
      conflict_sql = g_strdup_printf ("SELECT count (*) FROM sync_conflicts WHERE kind = 'members' AND key = '%s'"
                                      " AND field = 'city' AND mine = '\"城市 %u-%s\"' AND NOT deleted",
                                      r.same_member, round, c->login);
      g_assert_cmpint (test_sql_count (c->store, conflict_sql), ==, c == last ? 0 : 1);
      /* The delete won against the edit; the goal is in the trash. */
      deleted = g_strdup_printf ("SELECT count (*) FROM members WHERE uuid = '%s'", r.deleted_member);
      g_assert_cmpint (test_sql_count (c->store, deleted), ==, 0);
      if (t->n_clients >= 3)
        {
          goal = g_strdup_printf ("SELECT count (*) FROM goals WHERE uuid = '%s' AND deleted_at IS NOT NULL", r.trashed_goal);
          g_assert_cmpint (test_sql_count (c->store, goal), ==, 1);
        }
    }
  g_free (sql);
  sql = g_strdup_printf ("SELECT target_size FROM plans p JOIN groups g ON g.id = p.group_id WHERE g.uuid = '%s'", r.plan_group);
  g_assert_cmpint (test_sql_count (t->clients[0].store, sql), ==, 100 * round + (last - t->clients) + 1);
  round_records_clear (&r);
}

/* The same, through the command line: --export-json of every workspace, byte for byte. */
static void
assert_same_exported_files (Team *t)
{
  g_autoptr(GBytes) first = NULL;

  for (guint i = 0; i < t->n_clients; i++)
    {
      g_autofree char *json = g_build_filename (t->clients[i].dir, "export.json", NULL);
      const char *args[] = { "--database", co_store_get_path (t->clients[i].store), "--export-json", json, NULL };
      g_autofree char *out = NULL, *err = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_assert_cmpint (run_app ("C.UTF-8", NULL, args, &out, &err), ==, 0);
      bytes = test_read_file (json);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 100000);
      if (first == NULL)
        first = g_bytes_ref (bytes);
      else if (!g_bytes_equal (first, bytes))
        g_error ("--export-json of %s differs from %s's", t->clients[i].login, t->clients[0].login);
    }
}

static void
test_converge_two (void)
{
  const char *logins[] = { "boss", "zhao", NULL };
  const guint orders[][2] = { { 0, 1 }, { 1, 0 }, { 1, 0 }, { 0, 1 } };
  Team t = { 0 };

  team_set_up (&t, logins);
  assert_same_workspaces (&t);
  for (guint round = 0; round < G_N_ELEMENTS (orders); round++)
    converge_round (&t, round, orders[round]);
  assert_same_exported_files (&t);
  team_tear_down (&t);
}

static void
test_converge_five (void)
{
  const char *logins[] = { "boss", "zhao", "qian", "sun", "zhou", NULL };
  const guint32 seed = 20261206;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  const guint n_rounds = 10;
  Team t = { 0 };

  g_test_message ("orders after the first two from g_rand seed %u", seed);
  team_set_up (&t, logins);
  assert_same_workspaces (&t);
  for (guint round = 0; round < n_rounds; round++)
    {
      guint order[5] = { 0, 1, 2, 3, 4 };

      if (round == 1)
        for (guint k = 0; k < 5; k++)
          order[k] = 4 - k;
      else if (round > 1)
        for (guint k = 4; k > 0; k--)
          {
            guint j = g_rand_int_range (rand, 0, k + 1), swap = order[k];

            order[k] = order[j];
            order[j] = swap;
          }
      converge_round (&t, round, order);
    }
  assert_same_exported_files (&t);
  team_tear_down (&t);
}

/* ---- 2. the sync killed, the server restarted ---- */

/* The sync the kill test kills: one round in batches of @batch. */
static int
child_sync (const char *path,
            const char *batch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = co_store_open (path, &error);
  CoSyncRound round;

  co_sync_batch_size = (guint) g_ascii_strtoull (batch, NULL, 10);
  if (store == NULL || !co_sync_run (store, &round, &error))
    {
      fprintf (stderr, "child sync: %s\n", error->message);
      return 1;
    }
  printf ("sent %u, received %u\n", round.sent, round.received);
  return 0;
}

/* PRAGMA integrity_check on a connection of its own, as the app would open the file next. */
static void
assert_intact (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Change number @n, made on @store: each carries the value "proof-N" in one field (a member's
 * notes, a new person's nickname, a group's slogan, a plan's principles), so that the server's
 * changes say how often it arrived. */
static void
write_change (CoStore *store,
              guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = g_strdup_printf ("proof-%u", n);
  g_autofree char *sql = NULL;

  switch (n % 4)
    {
    case 0:
      sql = g_strdup_printf ("UPDATE members SET notes = '%s' WHERE id = (SELECT id FROM members ORDER BY id LIMIT 1 OFFSET %u)",
                             value, n % 300);
      break;
    case 1:
      co_member_add (store, test_sql_count (store, "SELECT min (id) FROM groups"), value, &error);
      g_assert_no_error (error);
      return;
    case 2:
      sql = g_strdup_printf ("UPDATE groups SET slogan = '%s' WHERE id = (SELECT id FROM groups ORDER BY id LIMIT 1 OFFSET %u)",
                             value, n % 5);
      break;
    default:
      sql = g_strdup_printf ("UPDATE plans SET principles = '%s' WHERE group_id = (SELECT group_id FROM plans ORDER BY group_id LIMIT 1 OFFSET %u)",
                             value, n % 5);
    }
  test_sql_exec (store, sql);
}

/* How many times each "proof-N" value is in the server's changes (N → count). */
static GHashTable *
server_proof_counts (const char *database)
{
  GHashTable *counts = g_hash_table_new (g_direct_hash, g_direct_equal);
  PGconn *conn = admin_connect (database);
  PGresult *result = PQexec (conn, "SELECT substr (m[1], 7)::int, count (*) FROM communityops.changes,"
                                   " regexp_matches (fields::text, '\"(proof-[0-9]+)\"', 'g') m GROUP BY 1");

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  for (int row = 0; row < PQntuples (result); row++)
    g_hash_table_insert (counts, GINT_TO_POINTER (atoi (PQgetvalue (result, row, 0))),
                         GINT_TO_POINTER (atoi (PQgetvalue (result, row, 1))));
  PQclear (result);
  PQfinish (conn);
  return counts;
}

/* Nothing of the changes 0..@n-1 is lost nor doubled so far: each is on the server once, or
 * still in the outbox (and on the server at most once: a batch committed there, not yet
 * forgotten here). Returns how many of @from..@to-1 are on the server. */
static guint
check_changes (const char *database,
               CoStore    *store,
               guint       n,
               guint       from,
               guint       to)
{
  g_autoptr(GHashTable) counts = server_proof_counts (database);
  g_autoptr(GHashTable) waiting = g_hash_table_new (g_direct_hash, g_direct_equal);
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT fields FROM sync_outbox", NULL);
  guint on_server = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *fields = (const char *) sqlite3_column_text (stmt, 0);
      const char *found = fields != NULL ? strstr (fields, "\"proof-") : NULL;

      if (found != NULL)
        g_hash_table_add (waiting, GINT_TO_POINTER (atoi (found + strlen ("\"proof-"))));
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < n; i++)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (i)));

      if (count > 1)
        g_error ("change proof-%u arrived %u times", i, count);
      if (count == 0 && !g_hash_table_contains (waiting, GUINT_TO_POINTER (i)))
        g_error ("change proof-%u is lost: neither on the server nor waiting to be sent", i);
      if (count == 1 && i >= from && i < to)
        on_server++;
    }
  g_assert_cmpuint (g_hash_table_size (counts), <=, n);
  return on_server;
}

static void
run_pg_ctl (const char *mode)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { g_getenv ("CO_TEST_PG_CTL"), "restart", "-m", mode, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("pg_ctl restart failed: %s", err);
}

static GPid
spawn_sync (const char *path,
            gboolean    with_cli)
{
  g_autoptr(GError) error = NULL;
  const char *cli[] = { g_getenv ("COMMUNITY_OPS_BIN"), "--database", path, "--sync", NULL };
  const char *helper[] = { g_test_get_filename (G_TEST_BUILT, "test-sync-proof", NULL), "--child-sync", path, "7",
                           NULL };
  GPid pid;

  g_assert_true (g_spawn_async (NULL, (char **) (with_cli ? cli : helper), NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

/* A teammate (zhao) writes and syncs between some rounds: boss's sync has changes to pull. */
static void
teammate_writes (Client *zhao,
                 guint   round)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE members SET city = 'zhao %u' WHERE id IN"
                                          " (SELECT id FROM members ORDER BY id DESC LIMIT 20 OFFSET %u)",
                                          round, (round * 7) % 200);

  test_sql_exec (zhao->store, sql);
  sync_ok (zhao);
}

static void
test_kill_and_restart (void)
{
  const char *logins[] = { "boss", "zhao", NULL };
  const guint32 seed = 1612;
  /* Under the sanitizers every process starts and runs some five times slower: the full count
   * runs in the plain build, this one looks for memory errors on fewer kills. */
  const gboolean sanitized = g_getenv ("CO_TEST_SANITIZED") != NULL;
  const guint n_kills = sanitized ? 12 : 50, n_restarts = sanitized ? 3 : 10, per_round = 24;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Team t = { 0 };
  Client *boss, *zhao;
  g_autofree char *path = NULL;
  guint kills = 0, restarts = 0, finished = 0, next = 0;
  guint killed_before = 0, killed_mid = 0, killed_after = 0;
  gint64 duration[2] = { 0, 0 };  /* of an unhindered round: the helper's, the app's */
  double window[2];
  gint64 start = g_get_monotonic_time ();

  g_test_message ("%u kills and %u restarts%s, kill moments from g_rand seed %u", n_kills, n_restarts,
                  sanitized ? " (a sanitizer build)" : "", seed);
  team_set_up (&t, logins);
  boss = &t.clients[0];
  zhao = &t.clients[1];
  path = g_strdup (co_store_get_path (boss->store));

  /* How long a round takes when nothing stops it: the kills land within that. */
  for (guint with_cli = 0; with_cli < 2; with_cli++)
    {
      gint64 began;
      GPid pid;
      int status;

      for (guint i = 0; i < per_round; i++)
        write_change (boss->store, next++);
      teammate_writes (zhao, 1000 + with_cli);
      began = g_get_monotonic_time ();
      pid = spawn_sync (path, with_cli);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
      duration[with_cli] = g_get_monotonic_time () - began;
      g_spawn_close_pid (pid);
      check_changes (t.database, boss->store, next, 0, 0);
    }
  g_test_message ("an unhindered round: %" G_GINT64_FORMAT " ms (batches of 7), %" G_GINT64_FORMAT " ms (the app)",
                  duration[0] / 1000, duration[1] / 1000);
  /* The kills land at a moment drawn from the window, which follows what a round takes here
   * (changes made meanwhile, the outbox left by the kills): wider when a kill came before any
   * change reached the server, narrower when the round finished first. */
  window[0] = duration[0];
  window[1] = duration[1];

  for (guint round = 0; kills < n_kills || restarts < n_restarts; round++)
    {
      /* Every sixth round the server restarts under the sync, the others end in SIGKILL. */
      gboolean restart = restarts < n_restarts && (round % 6 == 5 || kills >= n_kills);
      gboolean with_cli = round % 2;
      guint spawned_at, waiting;
      gint64 delay = g_rand_int_range (rand, 0, (gint32) window[with_cli] + 1);
      gint64 deadline;
      GPid pid;
      int status;

      g_assert_cmpuint (round, <, 300);
      for (guint i = 0; i < per_round; i++)
        write_change (boss->store, next++);
      if (round % 3 == 0)
        teammate_writes (zhao, round);
      spawned_at = next;
      waiting = next - check_changes (t.database, boss->store, next, 0, next);
      pid = spawn_sync (path, with_cli);
      /* Changes keep being made here while it syncs, each committed before the next. */
      deadline = g_get_monotonic_time () + delay;
      while (g_get_monotonic_time () < deadline)
        {
          write_change (boss->store, next++);
          g_usleep (MIN (50000, MAX (0, deadline - g_get_monotonic_time ())));
        }
      if (restart)
        {
          run_pg_ctl (round % 12 == 5 ? "fast" : "immediate");
          g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
          /* It failed with a message or finished: never a crash. */
          g_assert_true (WIFEXITED (status));
          g_assert_cmpint (WEXITSTATUS (status), <=, 1);
          restarts++;
        }
      else
        {
          kill (pid, SIGKILL);
          g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
          if (WIFSIGNALED (status))
            {
              guint sent;

              g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
              kills++;
              /* Of the changes waiting when it started, how many it sent before it died. */
              sent = check_changes (t.database, boss->store, next, 0, spawned_at) - (spawned_at - waiting);
              if (sent == 0)
                {
                  killed_before++;
                  window[with_cli] *= 1.15;
                }
              else if (sent < waiting)
                killed_mid++;
              else
                killed_after++;
            }
          else
            {
              g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
              finished++;
              window[with_cli] *= 0.8;
            }
        }
      g_spawn_close_pid (pid);
      assert_intact (path);
      assert_intact (co_store_get_path (zhao->store));
      check_changes (t.database, boss->store, next, 0, 0);
    }
  g_test_message ("%u kills (%u before any change waiting reached the server, %u with part of them there,"
                  " %u after all of them), %u rounds finished before their kill, %u restarts; %u changes made;"
                  " kill windows at the end %.0f ms (batches of 7), %.0f ms (the app)",
                  kills, killed_before, killed_mid, killed_after, finished, restarts, next,
                  window[0] / 1000, window[1] / 1000);

  /* A last round, and everything converges: each change on the server once, none waiting. */
  sync_ok (boss);
  sync_ok (zhao);
  sync_ok (boss);
  g_assert_cmpint (test_sql_count (boss->store, "SELECT count (*) FROM sync_outbox"), ==, 0);
  g_assert_cmpint (test_sql_count (boss->store, "SELECT count (*) FROM sync_refused"), ==, 0);
  {
    g_autoptr(GHashTable) counts = server_proof_counts (t.database);

    g_assert_cmpuint (g_hash_table_size (counts), ==, next);
    for (guint i = 0; i < next; i++)
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (counts, GUINT_TO_POINTER (i))), ==, 1);
  }
  assert_same_workspaces (&t);
  assert_intact (path);
  /* The kills landed in every part of a round. */
  g_assert_cmpuint (killed_mid + killed_after, >, 0);
  g_assert_cmpuint (killed_before, >, 0);
  g_test_message ("kill test: %.1f s", (g_get_monotonic_time () - start) / 1e6);
  team_tear_down (&t);
}

/* ---- 2b. the first upload killed between the server's commit and the workspace's ---- */

static gboolean
kill_self (void)
{
  kill (getpid (), SIGKILL);
  return FALSE;
}

/* The first teammate's connect, killed right after the server took its upload. */
static int
child_connect (const char *path,
               const char *conninfo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = co_store_open (path, &error);

  co_sync_upload_hook = kill_self;
  if (store == NULL || !co_sync_connect (store, conninfo, FALSE, &error))
    fprintf (stderr, "child connect: %s\n", error->message);
  return 1;
}

/* Killed in that window, the file knows the upload is its own: connecting again finishes, and
 * what was changed meanwhile is sent; the team holds every record once. */
static void
test_kill_after_upload (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoTeamServer) server = NULL;
  Team t = { 0 };
  Client *boss = &t.clients[0], *zhao = &t.clients[1];
  g_autofree char *create = NULL, *boss_conninfo = NULL, *zhao_conninfo = NULL, *from = NULL, *path = NULL;
  g_autofree char *local_workspace = NULL, *server_workspace = NULL, *member = NULL, *sql = NULL, *city = NULL;
  g_autoptr(GFile) source = NULL, target = NULL;
  const char *argv[5];
  gint64 records;
  gboolean already;
  GPid pid;
  int status;

  t.database = g_strdup_printf ("proof_%u", ++databases);
  t.n_clients = 2;
  admin_exec ("postgres", "DROP ROLE IF EXISTS zhao, qian, sun, zhou, li, wang");
  create = g_strdup_printf ("CREATE DATABASE %s OWNER boss", t.database);
  admin_exec ("postgres", create);
  boss_conninfo = g_strdup_printf ("dbname=%s user=boss", t.database);
  zhao_conninfo = g_strdup_printf ("dbname=%s user=zhao", t.database);
  server = co_team_server_connect (boss_conninfo, &error);
  g_assert_no_error (error);
  g_assert_true (co_team_server_init (server, &already, &error));
  g_assert_true (co_team_server_add_user (server, "zhao", CO_TEAM_ROLE_OWNER, NULL, PASSWORD, NULL, &error));
  g_assert_no_error (error);
  boss->login = g_strdup ("boss");
  zhao->login = g_strdup ("zhao");
  boss->dir = test_temp_dir ();
  zhao->dir = test_temp_dir ();
  path = g_build_filename (boss->dir, "test.db", NULL);
  from = g_build_filename (sample_dir, "test.db", NULL);
  source = g_file_new_for_path (from);
  target = g_file_new_for_path (path);
  g_assert_true (g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  argv[0] = g_test_get_filename (G_TEST_BUILT, "test-sync-proof", NULL);
  argv[1] = "--child-connect";
  argv[2] = path;
  argv[3] = boss_conninfo;
  argv[4] = NULL;
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  assert_intact (path);

  /* The server holds the upload, made by this file, which has not seen it end. */
  boss->store = co_store_open (path, &error);
  g_assert_no_error (error);
  local_workspace = test_sql_rows (boss->store, "SELECT workspace_uuid FROM sync_connection WHERE last_seq = 0");
  server_workspace = server_value (t.database, "SELECT value FROM communityops.meta WHERE key = 'workspace'");
  g_assert_cmpstr (local_workspace, !=, "");
  g_assert_cmpstr (local_workspace, ==, server_workspace);
  records = server_count (t.database, "SELECT count (*) FROM communityops.records");
  g_assert_cmpint (records, >, 1000);

  /* A change made meanwhile, offline. */
  member = nth_uuid (boss->store, "members", 3);
  sql = g_strdup_printf ("UPDATE members SET city = 'after the kill' WHERE uuid = '%s'", member);
  test_sql_exec (boss->store, sql);

  g_assert_true (co_sync_connect (boss->store, boss_conninfo, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (boss->store, "SELECT count (*) FROM sync_connection WHERE last_seq > 0"), ==, 1);
  sync_ok (boss);
  g_assert_cmpint (test_sql_count (boss->store, "SELECT count (*) FROM sync_outbox"), ==, 0);

  /* Nothing lost, nothing twice: one upload, the change made meanwhile, the records as many. */
  g_assert_cmpint (server_count (t.database, "SELECT count (*) FROM communityops.changes WHERE kind = 'workspace'"),
                   ==, 1);
  g_assert_cmpint (server_count (t.database, "SELECT count (*) FROM communityops.records"), ==, records);
  g_free (sql);
  sql = g_strdup_printf ("SELECT fields ->> 'city' FROM communityops.records WHERE kind = 'members' AND key = '%s'",
                         member);
  city = server_value (t.database, sql);
  g_assert_cmpstr (city, ==, "after the kill");
  g_free (path);
  path = g_build_filename (zhao->dir, "test.db", NULL);
  zhao->store = co_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (co_sync_connect (zhao->store, zhao_conninfo, FALSE, &error));
  g_assert_no_error (error);
  assert_same_workspaces (&t);
  team_tear_down (&t);
}

/* ---- 3. bad input ---- */

/* One string of a .po file, its quoted lines joined and unescaped. */
static void
append_po_string (GString    *out,
                  const char *line)
{
  const char *start = strchr (line, '"'), *end = strrchr (line, '"');

  for (const char *c = start + 1; c < end; c++)
    {
      if (*c == '\\' && c + 1 < end)
        {
          c++;
          g_string_append_c (out, *c == 'n' ? '\n' : *c == 't' ? '\t' : *c);
        }
      else
        g_string_append_c (out, *c);
    }
}

/* The zh_CN translation of @msgid in po/zh_CN.po: the test fails when it is missing, empty or
 * fuzzy. */
static char *
zh_cn_translation (const char *msgid)
{
  g_autofree char *po_path = g_test_build_filename (G_TEST_DIST, "..", "po", "zh_CN.po", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) id = g_string_new (NULL), str = g_string_new (NULL);
  GString *current = NULL;
  gboolean fuzzy = FALSE;

  g_assert_true (g_file_get_contents (po_path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "msgid "))
        {
          if (strcmp (id->str, msgid) == 0)
            break;
          g_string_truncate (id, 0);
          g_string_truncate (str, 0);
          current = id;
          append_po_string (id, line);
        }
      else if (g_str_has_prefix (line, "msgstr "))
        {
          current = str;
          append_po_string (str, line);
        }
      else if (line[0] == '"' && current != NULL)
        append_po_string (current, line);
      else if (line[0] == '\0' && strcmp (id->str, msgid) != 0)
        {
          current = NULL;
          fuzzy = FALSE;
        }
      else if (g_str_has_prefix (line, "#,") && strstr (line, "fuzzy") != NULL)
        fuzzy = TRUE;
    }
  if (strcmp (id->str, msgid) != 0)
    g_error ("po/zh_CN.po has no “%s”", msgid);
  g_assert_false (fuzzy);
  g_assert_cmpstr (str->str, !=, "");
  g_assert_cmpstr (str->str, !=, msgid);
  return g_strdup (str->str);
}

/* Everything in the workspace file, as a checksum of the schema and one of each table's rows:
 * "schema:…, groups:…, …", which says what changed when it differs. But the names' sort keys:
 * the app makes them again for the language it runs in (members.sort_key and pinyin,
 * names_collation), and the runs here are in English and in Chinese. */
static char *
workspace_digest (const char *path)
{
  g_autoptr(GChecksum) schema = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  GString *digest = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < 4; c++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, c);
          g_checksum_update (schema, (const guchar *) (value != NULL ? value : "\x01"), -1);
          g_checksum_update (schema, (const guchar *) "\x02", 1);
        }
      if (strcmp ((const char *) sqlite3_column_text (stmt, 0), "table") == 0)
        g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  g_string_append_printf (digest, "schema:%.12s", g_checksum_get_string (schema));
  for (guint i = 0; i < tables->len; i++)
    {
      g_autoptr(GChecksum) rows = g_checksum_new (G_CHECKSUM_SHA256);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (const char *) tables->pdata[i]);

      if (strcmp (tables->pdata[i], "names_collation") == 0)
        continue;
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const char *column = sqlite3_column_name (stmt, c);
            const char *value = (const char *) sqlite3_column_text (stmt, c);

            if (strcmp (tables->pdata[i], "members") == 0 && (strcmp (column, "sort_key") == 0 || strcmp (column, "pinyin") == 0))
              continue;
            g_checksum_update (rows, (const guchar *) (value != NULL ? value : "\x01"), -1);
            g_checksum_update (rows, (const guchar *) "\x02", 1);
          }
      sqlite3_finalize (stmt);
      g_string_append_printf (digest, ", %s:%.12s", (const char *) tables->pdata[i], g_checksum_get_string (rows));
    }
  sqlite3_close (db);
  return g_string_free (digest, FALSE);
}

/* The app run with @args on the workspace @path fails, in English and in Chinese, with @msgid
 * (a format with one %s at most) and, in English, with @detail in its reason; the workspace and
 * the team server are as they were. */
static void
assert_refused_cli (const char         *database,
                    const char         *path,
                    const char * const *args,
                    const char         *password,
                    const char         *msgid,
                    const char         *detail)
{
  g_autofree char *before = workspace_digest (path), *server_before = server_digest (database);
  g_autofree char *translated = zh_cn_translation (msgid);
  const char *locales[] = { "C.UTF-8", "zh_CN.UTF-8" };

  for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
    {
      g_autofree char *out = NULL, *err = NULL, *after = NULL, *server_after = NULL;
      const char *format = l == 0 ? msgid : translated;
      const char *hole = strstr (format, "%s");
      g_autofree char *prefix = g_strdup_printf ("community-ops: %.*s", hole != NULL ? (int) (hole - format) : (int) strlen (format), format);
      g_autofree char *suffix = g_strdup (hole != NULL ? hole + 2 : "");
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();

      g_ptr_array_add (argv, (gpointer) "--database");
      g_ptr_array_add (argv, (gpointer) path);
      for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (argv, (gpointer) args[i]);
      g_ptr_array_add (argv, NULL);
      g_assert_cmpint (run_app (locales[l], password, (const char * const *) argv->pdata, &out, &err), ==, 1);
      if (!g_str_has_prefix (err, prefix) || (hole == NULL && strcmp (err + strlen (prefix), "\n") != 0) ||
          (l == 0 && detail != NULL && strstr (err, detail) == NULL) ||
          (*suffix != '\0' && strstr (err, suffix) == NULL))
        g_error ("%s %s in %s said “%s”, not “%s” with “%s”", args[0], args[1] != NULL ? args[1] : "", locales[l], err,
                 format, detail != NULL ? detail : "");
      g_test_message ("%s: %s", locales[l], g_strstrip (err));
      after = workspace_digest (path);
      g_assert_cmpstr (after, ==, before);
      server_after = server_digest (database);
      g_assert_cmpstr (server_after, ==, server_before);
    }
}

static void
test_bad_input (void)
{
  const char *logins[] = { "boss", "zhao", NULL };
  g_autoptr(GError) error = NULL;
  Team t = { 0 };
  g_autofree char *fresh_dir = NULL, *fresh = NULL, *sample = NULL, *sample_copy_dir = test_temp_dir ();
  g_autofree char *port = g_strdup (g_getenv ("PGPORT"));
  int closed_port;

  team_set_up (&t, logins);
  /* An unconnected workspace with data, and an empty one. */
  {
    g_autofree char *from = g_build_filename (sample_dir, "test.db", NULL);
    g_autoptr(GFile) source = g_file_new_for_path (from);
    g_autoptr(GFile) target = NULL;

    sample = g_build_filename (sample_copy_dir, "test.db", NULL);
    target = g_file_new_for_path (sample);
    g_assert_true (g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_object_unref (test_open_temp_store (&fresh));
    fresh_dir = g_path_get_dirname (fresh);
  }
  {
    /* A port nothing listens on: one just let go. */
    GSocketListener *listener = g_socket_listener_new ();
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                                  &bound, &error));
    g_assert_no_error (error);
    closed_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    g_socket_listener_close (listener);
    g_object_unref (listener);
  }
  admin_exec ("postgres", "CREATE DATABASE shop OWNER boss");
  admin_exec ("shop", "CREATE TABLE orders (id int); ALTER TABLE orders OWNER TO boss; INSERT INTO orders VALUES (1)");

  {
    g_autofree char *wrong_password = g_strdup_printf ("host=127.0.0.1 port=%s dbname=%s user=zhao password=wrong sslmode=disable",
                                                       port, t.database);
    g_autofree char *unreachable = g_strdup_printf ("host=127.0.0.1 port=%d dbname=%s user=zhao connect_timeout=2",
                                                    closed_port, t.database);
    g_autofree char *not_ours = g_strdup ("dbname=shop user=boss");
    g_autofree char *quoted_or = g_strdup ("dbname=x' OR 1=1");
    g_autofree char *semicolon = g_strdup_printf ("dbname=%s; DROP TABLE communityops.changes", t.database);
    g_autofree char *quoted_name = g_strdup_printf ("dbname='%s; DROP TABLE communityops.changes; --' user=zhao", t.database);
    g_autofree char *quoted_user = g_strdup_printf ("dbname=%s user='zhao\\' OR \\'1\\'=\\'1'", t.database);
    g_autofree char *quoted_password = g_strdup_printf ("host=127.0.0.1 port=%s dbname=%s user=zhao sslmode=disable"
                                                        " password='x\\' OR \\'1\\'=\\'1'", port, t.database);
    g_autofree char *set_role = g_strdup_printf ("dbname=%s user=wang options='-c role=boss'", t.database);
    g_autofree char *set_session = g_strdup_printf ("postgresql:///%s?user=wang&options=-c%%20session_authorization%%3Dboss",
                                                    t.database);
    g_autofree char *row_security = g_strdup_printf ("dbname=%s user=li options='-c row_security=off'", t.database);
    const char *connect_failed = "Could not connect to the team server: %s";
    const char *unreadable = "The connection string cannot be read: %s";
    struct { const char *path, *conninfo, *msgid, *detail; } cases[] = {
      { sample, wrong_password, connect_failed, "password authentication failed for user \"zhao\"" },
      { sample, unreachable, connect_failed, "Connection refused" },
      { sample, not_ours, "The database “%s” is not a CommunityOps team server: set it up with --init-team-server first.", NULL },
      { sample, quoted_or, unreadable, "missing \"=\" after \"OR\"" },
      { sample, semicolon, unreadable, "missing \"=\" after \"DROP\"" },
      { sample, quoted_name, connect_failed, "does not exist" },
      { sample, quoted_user, connect_failed, "role \"zhao' OR '1'='1\" does not exist" },
      { sample, quoted_password, connect_failed, "password authentication failed" },
      { sample, set_role, connect_failed, "permission denied to set role \"boss\"" },
      { sample, set_session, connect_failed, "permission denied to set session authorization" },
      /* The limited editor asks to see past row-level security: the server refuses the download. */
      { fresh, row_security, "The team server failed: %s", "row-level security" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        const char *args[] = { "--connect-team", cases[i].conninfo, NULL };

        assert_refused_cli (t.database, cases[i].path, args, NULL, cases[i].msgid, cases[i].detail);
      }
  }
  /* The shop is as it was. */
  g_assert_cmpint (server_count ("shop", "SELECT count (*) FROM pg_namespace WHERE nspname = 'communityops'"), ==, 0);
  g_assert_cmpint (server_count ("shop", "SELECT count (*) FROM orders"), ==, 1);

  /* A connected workspace with changes to send: each bad case keeps them, and them only. */
  {
    Client *zhao = &t.clients[1];
    const char *sync[] = { "--sync", NULL };
    g_autofree char *tcp = g_strdup_printf ("host=127.0.0.1 port=%s dbname=%s user=zhao sslmode=disable", port, t.database);
    g_autofree char *path = g_strdup (co_store_get_path (zhao->store));
    g_autofree char *out = NULL, *err = NULL;
    const char *ok_sync[] = { "--database", path, "--sync", NULL };

    /* Zhao's workspace made again, connected over TCP with the password from PGPASSWORD. */
    g_clear_object (&zhao->store);
    {
      g_autofree char *wal = g_strdup_printf ("%s-wal", path), *shm = g_strdup_printf ("%s-shm", path);
      const char *connect[] = { "--database", path, "--connect-team", tcp, NULL };

      g_remove (path);
      g_remove (wal);
      g_remove (shm);
      g_assert_cmpint (run_app ("C.UTF-8", PASSWORD, connect, &out, &err), ==, 0);
    }
    zhao->store = co_store_open (path, &error);
    g_assert_no_error (error);
    test_sql_exec (zhao->store, "UPDATE groups SET slogan = 'not sent yet' WHERE id = (SELECT min (id) FROM groups)");
    g_assert_cmpint (test_sql_count (zhao->store, "SELECT count (*) FROM sync_outbox"), ==, 1);

    assert_refused_cli (t.database, path, sync, "wrong", "Could not connect to the team server: %s",
                        "password authentication failed for user \"zhao\"");
    /* The server stopped: nothing answers. */
    {
      const char *stop[] = { g_getenv ("CO_TEST_PG_CTL"), "stop", "-m", "fast", NULL };
      const char *start[] = { g_getenv ("CO_TEST_PG_CTL"), "start", NULL };
      g_autofree char *before = workspace_digest (path), *after = NULL;
      g_autofree char *translated = zh_cn_translation ("Could not connect to the team server: %s");
      g_autofree char *prefix = g_strndup (translated, strstr (translated, "%s") - translated);
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) stop, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_clear_pointer (&err, g_free);
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (run_app ("C.UTF-8", PASSWORD, ok_sync, &out, &err), ==, 1);
      g_assert_true (g_str_has_prefix (err, "community-ops: Could not connect to the team server: "));
      g_assert_nonnull (strstr (err, "Connection refused"));
      g_clear_pointer (&err, g_free);
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (run_app ("zh_CN.UTF-8", PASSWORD, ok_sync, &out, &err), ==, 1);
      g_assert_nonnull (strstr (err, prefix));
      after = workspace_digest (path);
      g_assert_cmpstr (after, ==, before);
      g_assert_true (g_spawn_sync (NULL, (char **) start, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
    /* A newer version set the server up. */
    {
      g_autofree char *newer = g_strdup_printf ("UPDATE communityops.meta SET value = '%d' WHERE key = 'schema_version'",
                                                CO_TEAM_SERVER_SCHEMA_VERSION + 1);

      admin_exec (t.database, newer);
    }
    assert_refused_cli (t.database, path, sync, PASSWORD,
                        "The team server was set up by a newer CommunityOps: update the app to sync with it.", NULL);
    {
      const char *connect[] = { "--connect-team", tcp, NULL };

      assert_refused_cli (t.database, fresh, connect, PASSWORD,
                          "The team server was set up by a newer CommunityOps: update the app to sync with it.", NULL);
    }
    /* An older one: refused until it is upgraded, saying how. */
    {
      g_autofree char *older = g_strdup_printf ("UPDATE communityops.meta SET value = '%d' WHERE key = 'schema_version'",
                                                CO_TEAM_SERVER_SCHEMA_VERSION - 1);
      g_autofree char *msgid = zh_cn_translation ("The team server was set up by an older CommunityOps (version %d; "
                                                  "this one needs %d): whoever set it up upgrades it with "
                                                  "--init-team-server, keeping its data.");
      g_autofree char *zh = g_strndup (msgid, strcspn (msgid, "%"));  /* up to the first number */
      g_autofree char *before = workspace_digest (path);
      g_autofree char *after = NULL;

      admin_exec (t.database, older);
      g_clear_pointer (&err, g_free);
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (run_app ("C.UTF-8", PASSWORD, ok_sync, &out, &err), ==, 1);
      g_assert_nonnull (strstr (err, "set up by an older CommunityOps"));
      g_assert_nonnull (strstr (err, "--init-team-server"));
      g_clear_pointer (&err, g_free);
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (run_app ("zh_CN.UTF-8", PASSWORD, ok_sync, &out, &err), ==, 1);
      g_assert_cmpuint (strlen (zh), >, 0);
      g_assert_nonnull (strstr (err, zh));
      g_assert_nonnull (strstr (err, "--init-team-server"));
      after = workspace_digest (path);
      g_assert_cmpstr (after, ==, before);
    }
    {
      g_autofree char *current = g_strdup_printf ("UPDATE communityops.meta SET value = '%d' WHERE key = 'schema_version'",
                                                  CO_TEAM_SERVER_SCHEMA_VERSION);

      admin_exec (t.database, current);
    }

    /* And the change waiting all along is sent once, when all is well again. */
    g_clear_pointer (&err, g_free);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_app ("C.UTF-8", PASSWORD, ok_sync, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "Sent 1 changes"));
    g_assert_cmpint (server_count (t.database, "SELECT count (*) FROM communityops.changes WHERE fields ->> 'slogan' = 'not sent yet'"),
                     ==, 1);
  }
  admin_exec ("postgres", "DROP DATABASE shop");
  test_remove_tree (sample_copy_dir);
  test_remove_tree (fresh_dir);
  team_tear_down (&t);
}

/* ---- 4. rights, through psql ---- */

/* Runs @sql with psql as @login over TCP with its password; whether it succeeded, with what it
 * printed or its error in @text. */
static gboolean
psql_as (const char  *login,
         const char  *database,
         const char  *sql,
         char       **text)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "PGPASSWORD", PASSWORD, TRUE);
  const char *argv[] = { "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                         "-U", login, "-d", database, "-c", sql, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  gboolean ok;

  env = g_environ_setenv (env, "PGSSLMODE", "disable", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  ok = g_spawn_check_wait_status (status, NULL);
  *text = g_strdup (g_strstrip (ok ? out : err));
  return ok;
}

static void
test_psql_rights (void)
{
  const char *logins[] = { "boss", NULL };
  Team t = { 0 };
  g_autofree char *owner_role = NULL, *in_a = NULL, *in_b = NULL, *boss_seq = NULL, *text = NULL;
  g_autofree char *before = NULL, *after = NULL;

  team_set_up (&t, logins);
  owner_role = g_strdup_printf ("co_%s_owner", t.database);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT key FROM communityops.records WHERE kind = 'memberships' AND group_uuid = '%s'"
                                            " ORDER BY key LIMIT 1", t.group_a);
    in_a = server_value (t.database, sql);
    g_free (sql);
    sql = g_strdup_printf ("SELECT key FROM communityops.records WHERE kind = 'memberships' AND group_uuid <> '%s'"
                           " ORDER BY key LIMIT 1", t.group_a);
    in_b = server_value (t.database, sql);
  }
  boss_seq = server_value (t.database, "SELECT max (seq) FROM communityops.changes");
  g_assert_cmpstr (in_a, !=, "");
  g_assert_cmpstr (in_b, !=, "");

  /* What they may do, they can: the refusals below are about rights, not the login. */
  {
    g_autofree char *push = g_strdup_printf ("SELECT communityops.push (gen_random_uuid (), 'memberships', '%s', NULL,"
                                             " '{\"seed\": true}', %s, NULL) > 0", in_a, boss_seq);

    g_assert_true (psql_as ("li", t.database, push, &text));
    g_assert_cmpstr (text, ==, "t");
    g_clear_pointer (&text, g_free);
    g_assert_true (psql_as ("wang", t.database, "SELECT count (*) > 0 FROM communityops.records", &text));
    g_assert_cmpstr (text, ==, "t");
    g_clear_pointer (&text, g_free);
  }

  before = server_digest (t.database);
  {
    g_autofree char *forged_conflict = g_strdup_printf ("INSERT INTO communityops.conflicts (seq, field) VALUES (%s, 'x')", boss_seq);
    g_autofree char *set_owner = g_strdup_printf ("SET ROLE %s", owner_role);
    g_autofree char *grant_owner = g_strdup_printf ("GRANT %s TO CURRENT_USER", owner_role);
    g_autofree char *batch_b = g_strdup_printf ("SELECT refused FROM communityops.push_batch ('[{\"change_id\": \"%s\","
                                                " \"kind\": \"memberships\", \"key\": \"%s\", \"fields\": {\"seed\": true},"
                                                " \"base_seq\": 0}]')", "0d0d0d0d-0000-4000-8000-000000000001", in_b);
    g_autofree char *batch_a = g_strdup_printf ("SELECT refused FROM communityops.push_batch ('[{\"change_id\": \"%s\","
                                                " \"kind\": \"memberships\", \"key\": \"%s\", \"fields\": {\"seed\": false},"
                                                " \"base_seq\": 0}]')", "0d0d0d0d-0000-4000-8000-000000000002", in_a);
    g_autofree char *delete_a = g_strdup_printf ("DELETE FROM communityops.records WHERE key = '%s'", in_a);
    struct { const char *login, *sql, *why; } refused[] = {
      /* The viewer: no table, no function that writes. */
      { "wang", "DELETE FROM communityops.records", "permission denied" },
      { "wang", "TRUNCATE communityops.changes", "permission denied" },
      { "wang", "INSERT INTO communityops.changes (change_id, kind, key) VALUES (gen_random_uuid (), 'members', 'x')",
        "permission denied" },
      { "wang", forged_conflict, "permission denied" },
      { "wang", "UPDATE communityops.meta SET value = '0' WHERE key = 'schema_version'", "permission denied" },
      { "wang", "SELECT communityops.upload (gen_random_uuid ())", "permission denied" },
      { "wang", batch_a, NULL },  /* refused in its result, below */
      { "wang", set_owner, "permission denied to set role" },
      { "wang", grant_owner, "must have admin option" },
      { "wang", "ALTER TABLE communityops.records DISABLE ROW LEVEL SECURITY", "must be owner" },
      { "wang", "DROP POLICY records_read ON communityops.records", "must be owner" },
      { "wang", "CREATE FUNCTION communityops.evil () RETURNS int LANGUAGE sql AS 'SELECT 1'", "permission denied for schema" },
      /* The editor of one group: nothing of the others, nothing of the team's setup. */
      { "li", delete_a, "permission denied" },
      { "li", "TRUNCATE communityops.records", "permission denied" },
      { "li", forged_conflict, "row-level security" },
      { "li", "UPDATE communityops.meta SET value = '0' WHERE key = 'schema_version'", "permission denied" },
      { "li", "INSERT INTO communityops.meta (key, value) VALUES ('x', 'y')", "permission denied" },
      { "li", "SELECT communityops.upload (gen_random_uuid ())", "workspace already" },
      { "li", batch_b, NULL },
      { "li", "SET row_security = off; SELECT count (*) FROM communityops.records", "row-level security" },
      { "li", set_owner, "permission denied to set role" },
      { "li", "SET SESSION AUTHORIZATION boss", "permission denied to set session authorization" },
      { "li", "ALTER POLICY records_change ON communityops.records USING (true)", "must be owner" },
      { "li", "CREATE TABLE communityops.mine (id int)", "permission denied for schema" },
      { "li", "UPDATE communityops.team SET role = 'owner' WHERE login = 'li'", "permission denied" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autofree char *said = NULL;
        gboolean ok = psql_as (refused[i].login, t.database, refused[i].sql, &said);

        if (refused[i].why == NULL)
          {
            /* push_batch answers each change: refused, with the reason, and nothing kept. */
            if (!ok || said[0] == '\0')
              g_error ("%s: “%s” gave “%s”", refused[i].login, refused[i].sql, said);
            continue;
          }
        if (ok)
          g_error ("%s was allowed “%s”: %s", refused[i].login, refused[i].sql, said);
        if (strstr (said, refused[i].why) == NULL)
          g_error ("%s was refused “%s” with “%s”, not “%s”", refused[i].login, refused[i].sql, said, refused[i].why);
      }
  }
  after = server_digest (t.database);
  g_assert_cmpstr (after, ==, before);
  /* No function of the team's runs with its owner's rights: each runs with the caller's. */
  g_assert_cmpint (server_count (t.database, "SELECT count (*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                                             " WHERE n.nspname = 'communityops' AND p.prosecdef"), ==, 0);
  team_tear_down (&t);
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (argc == 4 && strcmp (argv[1], "--child-sync") == 0)
    return child_sync (argv[2], argv[3]);
  if (argc == 4 && strcmp (argv[1], "--child-connect") == 0)
    return child_connect (argv[2], argv[3]);
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("PGHOST") == NULL || g_getenv ("CO_TEST_PG_CTL") == NULL)
    g_error ("test-sync-proof runs beside its own PostgreSQL: tests/pg/with-postgres.sh test-sync-proof");
  admin_exec ("postgres", "CREATE ROLE boss LOGIN CREATEROLE CREATEDB PASSWORD '" PASSWORD "'");
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;
    g_autoptr(CoStore) sample = NULL;

    sample_dir = test_temp_dir ();
    path = g_build_filename (sample_dir, "test.db", NULL);
    sample = co_store_open (path, &error);
    g_assert_no_error (error);
    g_assert_true (co_sample_create (sample, &error));
    g_assert_no_error (error);
  }

  g_test_add_func ("/sync-proof/converge-two", test_converge_two);
  g_test_add_func ("/sync-proof/converge-five", test_converge_five);
  g_test_add_func ("/sync-proof/kill-and-restart", test_kill_and_restart);
  g_test_add_func ("/sync-proof/kill-after-upload", test_kill_after_upload);
  g_test_add_func ("/sync-proof/bad-input", test_bad_input);
  g_test_add_func ("/sync-proof/psql-rights", test_psql_rights);
  status = g_test_run ();
  test_remove_tree (sample_dir);
  g_free (sample_dir);
  return status;
}
