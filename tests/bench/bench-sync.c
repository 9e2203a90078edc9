/* bench-sync.c: the first teammate's upload of a large workspace to the team server, and the
 * next teammate's download, on a PostgreSQL of its own (run it under tests/pg/with-postgres.sh).
 *
 * Generates a workspace (by default 100 groups, 100,000 members each in one group, 1,000,000
 * activity rows), connects it to a new team server (co_sync_connect: the records COPYed into a
 * temporary table, then communityops.upload), and prints the time beside the floor: psql's
 * \copy of the same rows (the server's changes as uploaded) into a plain table without
 * indexes, rights or JSON checks. Then a second, empty workspace downloads the team's.
 *
 *   tests/pg/with-postgres.sh build/tests/bench/bench-sync [--groups N] [--members N] [--activity N]
 */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>

#include "bench-util.h"
#include "bench-workspace.h"
#include "core/store/co-store-private.h"
#include "core/sync/co-sync.h"
#include "core/sync/co-team-server.h"
#include "../test-util.h"

static int
fail (const char *what,
      GError     *error)
{
  fprintf (stderr, "bench-sync: %s: %s\n", what, error != NULL ? error->message : "failed");
  g_clear_error (&error);
  return 1;
}

static gboolean
admin_exec (const char *database,
            const char *sql)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s", database);
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result = PQexec (conn, sql);
  gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK;

  if (!ok)
    fprintf (stderr, "bench-sync: %s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
  return ok;
}

static gboolean
run_psql (const char *database,
          const char *command)
{
  const char *argv[] = { "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", command, NULL };
  int status = 0;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                       NULL, NULL, &status, NULL) && g_spawn_check_wait_status (status, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  gint n_groups = 100;
  gint64 n_members = 100000, n_activity = 1000000;
  const GOptionEntry entries[] = {
    { "groups", 0, 0, G_OPTION_ARG_INT, &n_groups, "Groups (default 100)", "N" },
    { "members", 0, 0, G_OPTION_ARG_INT64, &n_members, "Members, one membership each (default 100,000)", "N" },
    { "activity", 0, 0, G_OPTION_ARG_INT64, &n_activity, "Activity rows (default 1,000,000)", "N" },
    { NULL },
  };
  g_autoptr(CoTeamServer) server = NULL;
  g_autofree char *dump = NULL, *copy_out = NULL, *copy_in = NULL;
  g_autofree char *records = NULL, *records_n = NULL, *sql = NULL;
  Bench b = { 0 };
  CoStore *second;
  gint64 start, upload_us, floor_us, download_us;
  gboolean already;
  char *second_dir, *second_path;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("options", g_steal_pointer (&error));
  if (g_getenv ("PGHOST") == NULL)
    return fail ("run it beside a PostgreSQL of its own: tests/pg/with-postgres.sh bench-sync", NULL);

  b.dir = g_dir_make_tmp ("bench-sync-XXXXXX", &error);
  if (b.dir == NULL)
    return fail ("temporary folder", g_steal_pointer (&error));
  b.own_dir = TRUE;
  b.db_path = g_build_filename (b.dir, "workspace.db", NULL);
  b.dates = bench_make_dates ();
  b.group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  b.store = co_store_open (b.db_path, &error);
  if (b.store == NULL || !bench_generate (&b, n_groups, n_members, n_activity, &error))
    return fail ("generating", g_steal_pointer (&error));
  {
    sqlite3_stmt *stmt = co_store_prepare (b.store, "SELECT (SELECT count (*) FROM memberships),"
                                           " (SELECT count (*) FROM member_activity),"
                                           " (SELECT count (*) FROM (SELECT 1 FROM member_activity"
                                           "  GROUP BY membership_id, date, kind))", NULL);
    g_autofree char *memberships = NULL, *activity = NULL, *days = NULL;

    sqlite3_step (stmt);
    memberships = fmt_count (sqlite3_column_int64 (stmt, 0));
    activity = fmt_count (sqlite3_column_int64 (stmt, 1));
    days = fmt_count (sqlite3_column_int64 (stmt, 2));
    sqlite3_reset (stmt);
    printf ("workspace: %s memberships, %s activity rows (%s day totals, which is what travels)\n",
            memberships, activity, days);
  }

  /* A team server set up by a login without superuser rights, as on a managed server:
   * row-level security applies to it. */
  if (!admin_exec ("postgres", "CREATE ROLE boss LOGIN CREATEROLE CREATEDB") ||
      !admin_exec ("postgres", "CREATE DATABASE bench_sync OWNER boss"))
    return 1;
  server = co_team_server_connect ("dbname=bench_sync user=boss", &error);
  if (server == NULL || !co_team_server_init (server, &already, &error))
    return fail ("setting up the team server", g_steal_pointer (&error));
  g_clear_pointer (&server, co_team_server_free);

  start = now_us ();
  if (!co_sync_connect (b.store, "dbname=bench_sync user=boss", FALSE, &error))
    return fail ("uploading", g_steal_pointer (&error));
  upload_us = now_us () - start;
  records = g_strdup_printf ("SELECT count (*) FROM communityops.records");
  {
    g_autofree char *conninfo = g_strdup ("dbname=bench_sync");
    PGconn *conn = PQconnectdb (conninfo);
    PGresult *result = PQexec (conn, records);

    records_n = fmt_count (g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10));
    PQclear (result);
    PQfinish (conn);
  }

  /* The floor: the same rows into a plain table with psql's \copy. */
  dump = g_build_filename (b.dir, "records.copy", NULL);
  copy_out = g_strdup_printf ("\\copy (SELECT kind, key, group_uuid, fields, deleted FROM communityops.changes"
                              " ORDER BY seq) TO '%s'", dump);
  if (!run_psql ("bench_sync", copy_out) ||
      !admin_exec ("bench_sync", "CREATE TABLE plain (kind text, key text, group_uuid uuid, fields jsonb, deleted boolean)"))
    return fail ("the floor's file", NULL);
  copy_in = g_strdup_printf ("\\copy plain FROM '%s'", dump);
  start = now_us ();
  if (!run_psql ("bench_sync", copy_in))
    return fail ("psql \\copy", NULL);
  floor_us = now_us () - start;

  printf ("upload (read, COPY, communityops.upload): %.1f s for %s records; floor, psql \\copy of the same rows "
          "into a plain table: %.1f s (%.1f×)\n", to_s (upload_us), records_n, to_s (floor_us),
          (double) upload_us / (double) MAX (floor_us, 1));
  fflush (stdout);

  /* The next teammate downloads it. */
  second_dir = g_dir_make_tmp ("bench-sync-XXXXXX", &error);
  second_path = g_build_filename (second_dir, "workspace.db", NULL);
  second = co_store_open (second_path, &error);
  if (second == NULL)
    return fail ("the second workspace", g_steal_pointer (&error));
  start = now_us ();
  if (!co_sync_connect (second, "dbname=bench_sync user=boss", FALSE, &error))
    return fail ("downloading", g_steal_pointer (&error));
  download_us = now_us () - start;
  printf ("download (the team’s records inserted in one transaction): %.1f s\n", to_s (download_us));

  g_object_unref (second);
  g_clear_object (&b.store);
  test_remove_tree (second_dir);
  test_remove_tree (b.dir);
  g_free (second_dir);
  g_free (second_path);
  return 0;
}
