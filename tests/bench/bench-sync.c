/* bench-sync.c: the team server's figures, each beside its floor measured in the same run, on a
 * PostgreSQL of its own (run it under tests/pg/with-postgres.sh):
 *
 * - the first teammate's upload of a large workspace (by default 100 groups, 100,000 members
 *   each in one group, 1,000,000 activity rows; co_sync_connect: the records COPYed into a
 *   temporary table, then communityops.upload), beside psql's \copy of the same rows into a
 *   plain table without indexes, rights or JSON checks; then a second, empty workspace downloads
 *   the team's;
 * - a change seen by a second client: the first changes a member and syncs, the second waits on
 *   its LISTEN connection in a thread of its own and pulls (--latency changes, one at a time);
 * - --clients workspaces of another team, each making --changes changes offline, then syncing
 *   at once, in threads of their own, until every one has every change: the time, and the
 *   changes the server took per second.
 *
 * Each figure is printed with the processor time it took, this process's and the server's (the
 * postmaster and its children): on a machine shared with other work the wall time carries the
 * others, the ratio to the floor measured beside it much less.
 *
 *   tests/pg/with-postgres.sh build/tests/bench/bench-sync [--groups N] [--members N] [--activity N]
 *       [--latency N] [--clients N] [--changes N] [--upload-only] [--dir DIR]
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

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

static gint64
admin_count (const char *database,
             const char *sql)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s", database);
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result = PQexec (conn, sql);
  gint64 n = PQresultStatus (result) == PGRES_TUPLES_OK ? g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10) : -1;

  PQclear (result);
  PQfinish (conn);
  return n;
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

/* ---- processor time ---- */

static gint64
timeval_us (struct timeval tv)
{
  return (gint64) tv.tv_sec * G_USEC_PER_SEC + tv.tv_usec;
}

/* This process's, with the children it waited for (psql). */
static gint64
own_cpu_us (void)
{
  struct rusage self, children;

  getrusage (RUSAGE_SELF, &self);
  getrusage (RUSAGE_CHILDREN, &children);
  return timeval_us (self.ru_utime) + timeval_us (self.ru_stime) +
         timeval_us (children.ru_utime) + timeval_us (children.ru_stime);
}

/* Fields 14–17 of /proc/PID/stat (utime, stime, cutime, cstime), in µs; with @ppid its parent. */
static gint64
proc_cpu_us (const char *pid,
             gboolean    with_children,
             long       *ppid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  long ticks = sysconf (_SC_CLK_TCK);
  gint64 sum;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after_name = strrchr (stat, ')')) == NULL)
    return 0;
  /* After the name: state, ppid, …; utime is the 12th field from there. */
  fields = g_strsplit (after_name + 2, " ", 16);
  if (g_strv_length (fields) < 16)
    return 0;
  if (ppid != NULL)
    *ppid = strtol (fields[1], NULL, 10);
  sum = g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10);
  if (with_children)
    sum += g_ascii_strtoll (fields[13], NULL, 10) + g_ascii_strtoll (fields[14], NULL, 10);
  return sum * G_USEC_PER_SEC / ticks;
}

/* The server's: the postmaster's, with its children gone (a closed connection's backend) and
 * those still running. with-postgres.sh keeps the data folder beside the socket (PGHOST). */
static gint64
server_cpu_us (void)
{
  g_autofree char *pid_path = g_build_filename (g_getenv ("PGHOST"), "data", "postmaster.pid", NULL);
  g_autofree char *pid_file = NULL;
  g_auto(GStrv) lines = NULL;
  long postmaster;
  gint64 sum;
  GDir *proc;
  const char *name;

  if (!g_file_get_contents (pid_path, &pid_file, NULL, NULL))
    return 0;
  lines = g_strsplit (pid_file, "\n", 2);
  postmaster = strtol (lines[0], NULL, 10);
  sum = proc_cpu_us (lines[0], TRUE, NULL);
  proc = g_dir_open ("/proc", 0, NULL);
  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      long ppid = 0;
      gint64 cpu;

      if (!g_ascii_isdigit (name[0]))
        continue;
      cpu = proc_cpu_us (name, FALSE, &ppid);
      if (ppid == postmaster)
        sum += cpu;
    }
  if (proc != NULL)
    g_dir_close (proc);
  return sum;
}

typedef struct
{
  gint64 wall, own, server;
} Clock;

static Clock
clock_start (void)
{
  return (Clock) { now_us (), own_cpu_us (), server_cpu_us () };
}

static Clock
clock_since (Clock start)
{
  return (Clock) { now_us () - start.wall, own_cpu_us () - start.own, server_cpu_us () - start.server };
}

static char *
clock_text (Clock c)
{
  return g_strdup_printf ("%.2f s (processor: here %.2f s, server %.2f s)", to_s (c.wall), to_s (c.own),
                          to_s (c.server));
}

/* ---- the workspaces ---- */

static CoStore *
open_workspace (const char  *dir,
                const char  *name,
                GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return co_store_open (path, error);
}

/* A generated workspace in @dir: a copy of the one an earlier run kept in @keep_dir, or made now
 * (and kept there when @keep_dir is not NULL). */
static CoStore *
generated_workspace (const char  *keep_dir,
                     const char  *dir,
                     gint         n_groups,
                     gint64       n_members,
                     gint64       n_activity,
                     GError     **error)
{
  g_autofree char *name = g_strdup_printf ("generated-%d-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ".db",
                                           n_groups, n_members, n_activity);
  g_autofree char *kept = keep_dir != NULL ? g_build_filename (keep_dir, name, NULL) : NULL;
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  Bench b = { 0 };

  if (kept == NULL || !g_file_test (kept, G_FILE_TEST_EXISTS))
    {
      gboolean generated;

      b.dir = g_strdup (dir);
      b.db_path = g_strdup (kept != NULL ? kept : path);
      b.dates = bench_make_dates ();
      b.group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      b.store = co_store_open (b.db_path, error);
      generated = b.store != NULL && bench_generate (&b, n_groups, n_members, n_activity, error);
      g_free (b.dir);
      g_free (b.db_path);
      g_ptr_array_unref (b.dates);
      g_array_unref (b.group_ids);
      if (!generated && kept != NULL)
        g_unlink (kept);  /* not to be taken for a whole one next time */
      if (!generated || kept == NULL)
        return generated ? b.store : NULL;
      g_object_unref (b.store);
    }
  else
    printf ("generated workspace: the one kept in %s\n", kept);
  {
    g_autoptr(GFile) source = g_file_new_for_path (kept);
    g_autoptr(GFile) target = g_file_new_for_path (path);

    if (!g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
      return NULL;
  }
  return co_store_open (path, error);
}

static void
print_workspace (CoStore *store)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT (SELECT count (*) FROM memberships),"
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

/* A team server set up by a login without superuser rights, as on a managed server: row-level
 * security applies to it. */
static gboolean
make_team (const char  *database,
           GError     **error)
{
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s OWNER boss", database);
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s user=boss", database);
  g_autoptr(CoTeamServer) server = NULL;
  gboolean already;

  if (!admin_exec ("postgres", create))
    return FALSE;
  server = co_team_server_connect (conninfo, error);
  return server != NULL && co_team_server_init (server, &already, error);
}

static gboolean
add_login (const char  *database,
           const char  *login,
           CoTeamRole   role,
           GError     **error)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s user=boss", database);
  g_autoptr(CoTeamServer) server = co_team_server_connect (conninfo, error);

  return server != NULL &&
         co_team_server_add_user (server, login, role, NULL, "bench-password", NULL, error);
}

/* ---- the first upload, and the floor ---- */

static gboolean
bench_upload (CoStore     *store,
              const char  *dir,
              GError     **error)
{
  g_autofree char *dump = g_build_filename (dir, "records.copy", NULL);
  g_autofree char *copy_out = NULL, *copy_in = NULL, *records = NULL, *upload_text = NULL, *floor_text = NULL;
  Clock start, upload, floor;

  if (!make_team ("bench_sync", error))
    return FALSE;
  start = clock_start ();
  if (!co_sync_connect (store, "dbname=bench_sync user=boss", FALSE, error))
    return FALSE;
  upload = clock_since (start);
  records = fmt_count (admin_count ("bench_sync", "SELECT count (*) FROM communityops.records"));

  /* The floor: the same rows into a plain table with psql's \copy. */
  copy_out = g_strdup_printf ("\\copy (SELECT kind, key, group_uuid, fields, deleted FROM communityops.records)"
                              " TO '%s'", dump);
  if (!run_psql ("bench_sync", copy_out) ||
      !admin_exec ("bench_sync", "CREATE TABLE plain (kind text, key text, group_uuid uuid, fields jsonb, deleted boolean)"))
    return FALSE;
  copy_in = g_strdup_printf ("\\copy plain FROM '%s'", dump);
  start = clock_start ();
  if (!run_psql ("bench_sync", copy_in))
    return FALSE;
  floor = clock_since (start);
  g_unlink (dump);

  upload_text = clock_text (upload);
  floor_text = clock_text (floor);
  printf ("first upload of %s records (read, COPY, communityops.upload): %s\n"
          "  floor, psql \\copy of the same rows into a plain table: %s\n"
          "  upload / floor: %.1f× wall, %.1f× processor (target ≤ 3×)\n",
          records, upload_text, floor_text, (double) upload.wall / (double) MAX (floor.wall, 1),
          (double) (upload.own + upload.server) / (double) MAX (floor.own + floor.server, 1));
  fflush (stdout);
  return TRUE;
}

/* ---- a change seen by a second client ---- */

typedef struct
{
  CoStore        *store;
  const char     *member;    /* the uuid of the member changed */
  CoSyncListener *listener;
  GMutex          lock;
  GCond           cond;
  char           *expected;  /* the value the second client waits for; NULL: stop */
  gint64          seen_at;   /* when it had it, 0 before */
  GError         *error;
} Watcher;

/* The first value of @sql with the text parameter @param (NULL: none). */
static char *
sql_text (CoStore    *store,
          const char *sql,
          const char *param)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, NULL);
  char *text = NULL;

  if (stmt != NULL && param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return text;
}

/* The second client: told by the server, it pulls, until it has the value waited for. */
static gpointer
watch (gpointer data)
{
  Watcher *w = data;

  for (;;)
    {
      g_autofree char *expected = NULL, *city = NULL;

      g_mutex_lock (&w->lock);
      while (w->expected != NULL && w->seen_at != 0)
        g_cond_wait (&w->cond, &w->lock);
      expected = g_strdup (w->expected);
      g_mutex_unlock (&w->lock);
      if (expected == NULL)
        return NULL;
      if (!co_sync_listener_wait (w->listener, 10000, &w->error) && w->error != NULL)
        return NULL;
      if (!co_sync_run (w->store, NULL, &w->error))
        return NULL;
      city = sql_text (w->store, "SELECT city FROM members WHERE uuid = ?", w->member);
      if (g_strcmp0 (city, expected) == 0)
        {
          g_mutex_lock (&w->lock);
          w->seen_at = now_us ();
          g_cond_broadcast (&w->cond);
          g_mutex_unlock (&w->lock);
        }
    }
}

static gboolean
bench_latency (CoStore     *first,
               CoStore     *second,
               guint        n_changes,
               GError     **error)
{
  g_autoptr(GArray) times = new_times ();
  g_autofree char *member = sql_text (first, "SELECT uuid FROM members ORDER BY id LIMIT 1", NULL);
  Watcher w = { second, member, NULL };
  GThread *thread;
  sqlite3_stmt *stmt;
  Clock start, total;
  g_autofree char *total_text = NULL;
  gboolean ok = TRUE;

  w.listener = co_sync_listen (second, error);
  if (w.listener == NULL)
    return FALSE;
  g_mutex_init (&w.lock);
  g_cond_init (&w.cond);
  w.expected = g_strdup ("");
  w.seen_at = 1;  /* nothing to wait for yet */
  thread = g_thread_new ("second client", watch, &w);
  start = clock_start ();
  for (guint i = 0; ok && i < n_changes; i++)
    {
      g_autofree char *city = g_strdup_printf ("城市 %u", i);
      gint64 changed_at = now_us ();

      g_mutex_lock (&w.lock);
      g_free (w.expected);
      w.expected = g_strdup (city);
      w.seen_at = 0;
      g_cond_broadcast (&w.cond);
      g_mutex_unlock (&w.lock);

      /* As the app does after a change: the change, then a round. */
      stmt = co_store_prepare (first, "UPDATE members SET city = ? WHERE uuid = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, city, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, member, -1, SQLITE_TRANSIENT);
          ok = co_store_step_done (first, stmt, error) && co_sync_run (first, NULL, error);
        }

      g_mutex_lock (&w.lock);
      while (ok && w.seen_at == 0 && w.error == NULL && now_us () - changed_at < 30 * G_USEC_PER_SEC)
        g_cond_wait_until (&w.cond, &w.lock, g_get_monotonic_time () + G_USEC_PER_SEC);
      if (ok && w.seen_at == 0)
        {
          ok = FALSE;
          if (w.error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "the second client never saw change %u", i);
        }
      else if (ok)
        append_us (times, w.seen_at - changed_at);
      g_mutex_unlock (&w.lock);
    }
  total = clock_since (start);
  g_mutex_lock (&w.lock);
  g_clear_pointer (&w.expected, g_free);
  g_cond_broadcast (&w.cond);
  g_mutex_unlock (&w.lock);
  /* A change wakes the watcher out of its wait for a notice. */
  if (ok)
    ok = co_store_exec (first, "UPDATE members SET city = 'stop' WHERE id = (SELECT min (id) FROM members)", error) &&
         co_sync_run (first, NULL, error);
  g_thread_join (thread);
  if (w.error != NULL)
    {
      g_clear_error (error);
      g_propagate_error (error, g_steal_pointer (&w.error));
      ok = FALSE;
    }
  co_sync_listener_free (w.listener);
  g_mutex_clear (&w.lock);
  g_cond_clear (&w.cond);
  if (!ok)
    return FALSE;

  total_text = clock_text (total);
  printf ("a change seen by a second client (the first: the change, a round; the second: LISTEN, a round),"
          " %u changes one after another: %s in all\n", times->len, total_text);
  print_spread ("change → in the second workspace", times);
  printf ("  target p50 ≤ 1 s: %s; p99 ≤ 3 s: %s\n", percentile (times, 500) <= G_USEC_PER_SEC ? "met" : "NOT MET",
          percentile (times, 990) <= 3 * G_USEC_PER_SEC ? "met" : "NOT MET");
  fflush (stdout);
  return TRUE;
}

/* ---- clients converging ---- */

typedef struct
{
  CoStore *store;
  guint    rounds;
  GError  *error;
} Client;

/* A client syncs until a round brings nothing and sends nothing after every client has pushed;
 * the main thread decides when every one has everything. */
static gpointer
sync_once (gpointer data)
{
  Client *c = data;
  CoSyncRound round;

  if (co_sync_run (c->store, &round, &c->error))
    c->rounds++;
  return NULL;
}

static gboolean
run_clients_at_once (Client  *clients,
                     guint    n_clients)
{
  g_autofree GThread **threads = g_new (GThread *, n_clients);
  gboolean ok = TRUE;

  for (guint i = 0; i < n_clients; i++)
    threads[i] = g_thread_new ("client", sync_once, &clients[i]);
  for (guint i = 0; i < n_clients; i++)
    {
      g_thread_join (threads[i]);
      ok = ok && clients[i].error == NULL;
    }
  return ok;
}

static char *
cities_digest (CoStore *store)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT uuid, coalesce (city, '') FROM members ORDER BY uuid", NULL);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_checksum_update (sum, sqlite3_column_text (stmt, 0), -1);
      g_checksum_update (sum, sqlite3_column_text (stmt, 1), -1);
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
bench_converge (const char  *dir,
                guint        n_clients,
                guint        n_changes,
                GError     **error)
{
  g_autofree Client *clients = g_new0 (Client, n_clients);
  g_autofree char *setup_dir = g_build_filename (dir, "clients", NULL);
  g_autofree char *push_text = NULL, *total_text = NULL, *changes = NULL;
  gint64 changes_before, changes_after;
  Clock start, push, total;
  guint rounds = 1;
  gboolean ok = FALSE, same = FALSE;

  g_mkdir_with_parents (setup_dir, 0700);
  if (!make_team ("bench_converge", error))
    return FALSE;
  for (guint i = 0; i < n_clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("client-%u.db", i);
      g_autofree char *login = g_strdup_printf ("client%u", i);
      g_autofree char *conninfo = g_strdup_printf ("dbname=bench_converge user=%s", login);

      clients[i].store = open_workspace (setup_dir, name, error);
      if (clients[i].store == NULL)
        goto out;
      if (i == 0)
        {
          /* The team's workspace: enough members for every client to change its own. */
          g_autofree char *path = g_build_filename (setup_dir, name, NULL);
          Bench b = { clients[0].store, setup_dir, FALSE, path, bench_make_dates (),
                      g_array_new (FALSE, FALSE, sizeof (gint64)), 0 };
          gboolean generated = bench_generate (&b, n_clients, (gint64) n_clients * n_changes, 0, error);

          g_ptr_array_unref (b.dates);
          g_array_unref (b.group_ids);
          if (!generated)
            goto out;
        }
      /* The first uploads: an owner; the others edit. */
      if (!add_login ("bench_converge", login, i == 0 ? CO_TEAM_ROLE_OWNER : CO_TEAM_ROLE_EDITOR, error) || !co_sync_connect (clients[i].store, conninfo, FALSE, error))
        goto out;
    }

  /* Offline, each changes members of its own: every n_clients-th member, from its number on. */
  for (guint i = 0; i < n_clients; i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE members SET city = 'client %u' WHERE id IN (SELECT id FROM members"
                                              " ORDER BY id LIMIT %u OFFSET %u)", i, n_changes, i * n_changes);

      if (!co_store_exec (clients[i].store, sql, error))
        goto out;
    }

  changes_before = admin_count ("bench_converge", "SELECT count (*) FROM communityops.changes");
  start = clock_start ();
  if (!run_clients_at_once (clients, n_clients))
    goto out;
  push = clock_since (start);
  changes_after = admin_count ("bench_converge", "SELECT count (*) FROM communityops.changes");
  /* A second round at once pulls what the others pushed after one's own round; a third, if the
   * second was not enough, shows it. */
  while (!same && rounds < 5)
    {
      g_autofree char *first = NULL;

      if (!run_clients_at_once (clients, n_clients))
        goto out;
      rounds++;
      first = cities_digest (clients[0].store);
      same = TRUE;
      for (guint i = 1; same && i < n_clients; i++)
        {
          g_autofree char *other = cities_digest (clients[i].store);

          same = strcmp (first, other) == 0;
        }
    }
  total = clock_since (start);
  if (!same)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the clients still differ after %u rounds", rounds);
      goto out;
    }

  changes = fmt_count (changes_after - changes_before);
  push_text = clock_text (push);
  total_text = clock_text (total);
  printf ("%u clients, each %u changes made offline, then syncing at once:\n"
          "  the first round (every client pushes its changes and pulls): %s; the server took %s changes,"
          " %.0f a second\n"
          "  every client with every change after %u rounds each: %s\n",
          n_clients, n_changes, push_text, changes, (double) (changes_after - changes_before) / to_s (MAX (push.wall, 1)),
          rounds, total_text);
  fflush (stdout);
  ok = TRUE;

out:
  for (guint i = 0; i < n_clients; i++)
    {
      if (clients[i].error != NULL && error != NULL && *error == NULL)
        g_propagate_error (error, g_steal_pointer (&clients[i].error));
      g_clear_error (&clients[i].error);
      g_clear_object (&clients[i].store);
    }
  return ok;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autofree char *keep_dir = NULL;
  gint n_groups = 100, n_latency = 100, n_clients = 10, n_changes = 1000;
  gboolean upload_only = FALSE;
  gint64 n_members = 100000, n_activity = 1000000;
  const GOptionEntry entries[] = {
    { "groups", 0, 0, G_OPTION_ARG_INT, &n_groups, "Groups (default 100)", "N" },
    { "members", 0, 0, G_OPTION_ARG_INT64, &n_members, "Members, one membership each (default 100,000)", "N" },
    { "activity", 0, 0, G_OPTION_ARG_INT64, &n_activity, "Activity rows (default 1,000,000)", "N" },
    { "latency", 0, 0, G_OPTION_ARG_INT, &n_latency, "Changes seen by a second client (default 100)", "N" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &n_clients, "Clients converging (default 10)", "N" },
    { "changes", 0, 0, G_OPTION_ARG_INT, &n_changes, "Changes each client makes (default 1,000)", "N" },
    { "upload-only", 0, 0, G_OPTION_ARG_NONE, &upload_only, "The first upload and its floor alone", NULL },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &keep_dir,
      "Keep the generated workspace in DIR, and use the one an earlier run kept there (generating takes long)",
      "DIR" },
    { NULL },
  };
  CoStore *store, *second;
  Clock start;
  g_autofree char *dir = NULL, *download_text = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("options", g_steal_pointer (&error));
  if (n_groups < 1 || n_members < 1 || n_activity < 0 || n_latency < 1 || n_clients < 2 || n_changes < 1)
    return fail ("--groups, --members, --latency and --changes take at least 1, --clients 2", NULL);
  if (g_getenv ("PGHOST") == NULL)
    return fail ("run it beside a PostgreSQL of its own: tests/pg/with-postgres.sh bench-sync", NULL);
  if (keep_dir != NULL && g_mkdir_with_parents (keep_dir, 0700) != 0)
    return fail ("--dir", NULL);

  dir = g_dir_make_tmp ("bench-sync-XXXXXX", &error);
  if (dir == NULL)
    return fail ("temporary folder", g_steal_pointer (&error));
  if (!admin_exec ("postgres", "CREATE ROLE boss LOGIN CREATEROLE CREATEDB"))
    return 1;

  store = generated_workspace (keep_dir, dir, n_groups, n_members, n_activity, &error);
  if (store == NULL)
    return fail ("generating", g_steal_pointer (&error));
  print_workspace (store);
  if (!bench_upload (store, dir, &error))
    return fail ("uploading", g_steal_pointer (&error));
  if (upload_only)
    {
      g_object_unref (store);
      test_remove_tree (dir);
      return 0;
    }

  /* The next teammate downloads it. */
  second = open_workspace (dir, "second.db", &error);
  if (second == NULL || !add_login ("bench_sync", "teammate", CO_TEAM_ROLE_EDITOR, &error))
    return fail ("the second workspace", g_steal_pointer (&error));
  start = clock_start ();
  if (!co_sync_connect (second, "dbname=bench_sync user=teammate", FALSE, &error))
    return fail ("downloading", g_steal_pointer (&error));
  download_text = clock_text (clock_since (start));
  printf ("download of the same into an empty workspace (one transaction): %s\n", download_text);
  fflush (stdout);

  if (!bench_latency (store, second, n_latency, &error))
    return fail ("a change seen by a second client", g_steal_pointer (&error));
  g_object_unref (second);
  g_object_unref (store);

  if (!bench_converge (dir, n_clients, n_changes, &error))
    return fail ("clients converging", g_steal_pointer (&error));

  test_remove_tree (dir);
  return 0;
}
