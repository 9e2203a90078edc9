/* test-team-server.c: the team server on a real PostgreSQL, which tests/pg/with-postgres.sh starts
 * (PGHOST, PGPORT, and PGUSER a superuser), with a keyring of its own (tests/with-keyring.sh). The team is set up by "boss", a login with CREATEROLE
 * and CREATEDB but no superuser rights, as on a managed server; the rights are tried with psql as
 * each teammate, over TCP with their passwords. */
#include "config.h"

#include <gio/gio.h>
#include <libpq-fe.h>
#include <libsecret/secret.h>
#include <stdarg.h>
#include <string.h>

#include "core/store/co-store.h"
#include "core/sync/co-sync.h"
#include "core/sync/co-team-password.h"
#include "core/sync/co-team-server.h"
#include "test-util.h"

#define GROUP_A "0f3c2a52-8a4e-4d5e-9a63-1f1d3b0a0a01"
#define GROUP_B "0f3c2a52-8a4e-4d5e-9a63-1f1d3b0a0b02"

static guint databases;

/* An empty database of its own for a test, owned by boss; its name is returned. The teammates'
 * logins of the test before are dropped: logins belong to the whole server, not to a database. */
static char *
new_database (void)
{
  char *name = g_strdup_printf ("team_%u", ++databases);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s OWNER boss", name);
  PGconn *admin = PQconnectdb ("dbname=postgres");
  PGresult *result;

  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  result = PQexec (admin, "DROP ROLE IF EXISTS li, wang, zhao, chen, sun");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  result = PQexec (admin, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  PQfinish (admin);
  return name;
}

static CoTeamServer *
connect_as_boss (const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s user=boss", database);
  CoTeamServer *server = co_team_server_connect (conninfo, &error);

  g_assert_no_error (error);
  return server;
}

/* A database set up as a team server by boss, with li an editor of group A only, wang a viewer
 * and zhao an owner; each password is the login with "-pw". */
static char *
new_team (void)
{
  g_autoptr(GError) error = NULL;
  char *database = new_database ();
  g_autoptr(CoTeamServer) server = connect_as_boss (database);
  const char *groups[] = { GROUP_A, NULL };
  gboolean already = TRUE;

  g_assert_true (co_team_server_init (server, &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  co_team_server_add_user (server, "li", CO_TEAM_ROLE_EDITOR, groups, "li-pw", NULL, &error);
  g_assert_no_error (error);
  co_team_server_add_user (server, "wang", CO_TEAM_ROLE_VIEWER, NULL, "wang-pw", NULL, &error);
  g_assert_no_error (error);
  co_team_server_add_user (server, "zhao", CO_TEAM_ROLE_OWNER, NULL, "zhao-pw", NULL, &error);
  g_assert_no_error (error);
  return database;
}

/* Runs @sql with psql as @login over TCP with its password; returns whether it succeeded, with
 * what it printed (unaligned, tuples only) in @out and its error in @err. */
static gboolean
psql_as (const char  *login,
         const char  *database,
         const char  *sql,
         char       **out,
         char       **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strdup_printf ("%s-pw", login);
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "PGPASSWORD", password, TRUE);
  const char *argv[] = { "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                         "-U", login, "-d", database, "-c", sql, NULL };
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &stdout_text,
                               &stderr_text, &status, &error));
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_strdup (g_strstrip (stdout_text));
  if (err != NULL)
    *err = g_strdup (g_strstrip (stderr_text));
  return g_spawn_check_wait_status (status, NULL);
}

/* What @sql prints, run by @login; the test fails if it is refused. */
static char *
psql_value (const char *login,
            const char *database,
            const char *sql)
{
  g_autofree char *err = NULL;
  char *out = NULL;

  if (!psql_as (login, database, sql, &out, &err))
    g_error ("%s was refused “%s”: %s", login, sql, err);
  return out;
}

/* @login is refused @sql by PostgreSQL, with an error holding @why. */
static void
assert_refused (const char *login,
                const char *database,
                const char *sql,
                const char *why)
{
  g_autofree char *err = NULL;

  if (psql_as (login, database, sql, NULL, &err))
    g_error ("%s was allowed “%s”", login, sql);
  if (strstr (err, why) == NULL)
    g_error ("%s was refused “%s” with “%s”, not “%s”", login, sql, err, why);
}

static char *
push_sql (const char *change_id,
          const char *key,
          const char *group,
          const char *fields,
          int         base_seq,
          const char *deleted)
{
  return g_strdup_printf ("SELECT communityops.push ('%s', 'members', '%s', %s, '%s', %d, %s)", change_id, key,
                          group != NULL ? group : "NULL", fields, base_seq, deleted);
}

static void
test_conninfo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoTeamServer) server = NULL;
  g_autofree char *remote = NULL, *plain = NULL;

  server = co_team_server_connect ("host=office dbname", &error);
  g_assert_null (server);
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_CONNINFO);
  g_assert_nonnull (strstr (error->message, "dbname"));
  g_clear_error (&error);

  server = co_team_server_connect ("postgresql://[broken", &error);
  g_assert_null (server);
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_CONNINFO);
  g_clear_error (&error);

  /* A host that is not this machine gets TLS unless the string says otherwise: hostaddr leads
   * to this test's server, which has no TLS, so the connection fails for that reason only. */
  remote = g_strdup_printf ("host=team.example hostaddr=127.0.0.1 port=%s dbname=postgres user=boss "
                            "password=boss-pw", g_getenv ("PGPORT"));
  server = co_team_server_connect (remote, &error);
  g_assert_null (server);
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "SSL"));
  g_clear_error (&error);

  plain = g_strdup_printf ("%s sslmode=disable", remote);
  server = co_team_server_connect (plain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (co_team_server_get_login (server), ==, "boss");
  g_clear_pointer (&server, co_team_server_free);

  server = co_team_server_connect ("dbname=postgres user=nobody_here", &error);
  g_assert_null (server);
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_CONNECT);
}

static void
test_init (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = new_database (), *other = new_database ();
  g_autoptr(CoTeamServer) server = connect_as_boss (database);
  g_autoptr(CoTeamServer) other_server = connect_as_boss (other);
  g_autofree char *before = NULL, *after = NULL, *roles = NULL;
  gboolean already = TRUE;

  /* Not set up yet. */
  g_assert_cmpint (co_team_server_get_schema_version (server, &error), ==, 0);
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_NOT_SET_UP);
  g_clear_error (&error);

  g_assert_true (co_team_server_init (server, &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  g_assert_cmpint (co_team_server_get_schema_version (server, &error), ==, CO_TEAM_SERVER_SCHEMA_VERSION);
  roles = psql_value ("boss", database, "SELECT string_agg (rolname, ',' ORDER BY rolname) FROM pg_roles "
                                        "WHERE rolname LIKE 'co_" "team_%'");
  g_assert_nonnull (strstr (roles, "_owner"));
  g_assert_nonnull (strstr (roles, "_editor"));
  g_assert_nonnull (strstr (roles, "_viewer"));

  /* Again: left as it is. */
  before = psql_value ("boss", database, "SELECT count(*) FROM pg_class");
  g_assert_true (co_team_server_init (server, &already, &error));
  g_assert_true (already);
  after = psql_value ("boss", database, "SELECT count(*) FROM pg_class");
  g_assert_cmpstr (before, ==, after);

  /* Set up by a newer version: refused. */
  g_free (psql_value ("boss", database, "UPDATE communityops.meta SET value = '99' WHERE key = 'schema_version'"));
  g_assert_false (co_team_server_init (server, &already, &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_NEWER);
  g_assert_nonnull (strstr (error->message, "99"));
  g_clear_error (&error);

  /* A database with something else in it: refused, and nothing is created. */
  g_free (psql_value ("boss", other, "CREATE TABLE orders (id int)"));
  g_assert_false (co_team_server_init (other_server, &already, &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_NOT_EMPTY);
  g_assert_nonnull (strstr (error->message, "public.orders"));
  g_clear_error (&error);
  g_free (after);
  after = psql_value ("boss", other, "SELECT count(*) FROM pg_namespace WHERE nspname = 'communityops'");
  g_assert_cmpstr (after, ==, "0");
  g_free (psql_value ("boss", other, "DROP TABLE orders; CREATE FUNCTION public.f () RETURNS int LANGUAGE sql AS 'SELECT 1'"));
  g_assert_false (co_team_server_init (other_server, &already, &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_NOT_EMPTY);
  g_assert_nonnull (strstr (error->message, "public.f()"));
}

/* A server as version 1 left it (what version 2 changed undone: kinds and keys in the
 * database's collation, no first upload's number, a record written without its change) is
 * refused by the sync, and upgraded by --init-team-server with its data kept. */
static void
test_upgrade (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = new_team (), *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "test.db", NULL);
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s user=boss", database);
  g_autofree char *a1 = push_sql ("a1a1a1a1-0000-4000-8000-000000000001", "m1", "'" GROUP_A "'",
                                  "{\"nickname\": \"小王\"}", 0, "NULL");
  g_autofree char *a2 = push_sql ("a2a2a2a2-0000-4000-8000-000000000001", "m1", "NULL",
                                  "{\"city\": \"深圳\"}", 1, "NULL");
  const char *unchanged = "UPDATE communityops.records SET fields = fields || '{\"city\": \"psql\"}' WHERE key = 'm1'";
  g_autoptr(CoTeamServer) server = NULL;
  g_autoptr(CoStore) store = co_store_open (path, &error);
  g_autofree char *value = NULL;
  gboolean already = TRUE;

  g_assert_no_error (error);
  g_free (psql_value ("li", database, a1));
  g_free (psql_value ("boss", database,
    "DROP TRIGGER records_follow_change ON communityops.records;"
    " DROP FUNCTION communityops.records_follow_change ();"
    " DROP TRIGGER changes_written ON communityops.changes; DROP FUNCTION communityops.changes_written ();"
    " DROP POLICY records_add ON communityops.records;"
    " CREATE POLICY records_add ON communityops.records FOR INSERT WITH CHECK (communityops.may_write (group_uuid));"
    " DROP FUNCTION communityops.upload_seq ();"
    " ALTER TABLE communityops.records ALTER COLUMN kind TYPE text COLLATE \"default\","
    "   ALTER COLUMN key TYPE text COLLATE \"default\";"
    " UPDATE communityops.meta SET value = '1' WHERE key = 'schema_version'"));
  g_free (psql_value ("li", database, unchanged));  /* what version 1 let through */

  /* The sync refuses it, saying what to do. */
  g_assert_false (co_sync_connect (store, conninfo, FALSE, &error));
  g_assert_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "version 1"));
  g_assert_nonnull (strstr (error->message, "--init-team-server"));
  g_clear_error (&error);

  server = connect_as_boss (database);
  g_assert_cmpint (co_team_server_get_schema_version (server, &error), ==, 1);
  g_assert_true (co_team_server_init (server, &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);
  g_assert_cmpint (co_team_server_get_schema_version (server, &error), ==, CO_TEAM_SERVER_SCHEMA_VERSION);
  value = psql_value ("boss", database, "SELECT string_agg (collation_name, ',' ORDER BY column_name)"
                                        " FROM information_schema.columns WHERE table_schema = 'communityops'"
                                        " AND table_name = 'records' AND column_name IN ('kind', 'key')");
  g_assert_cmpstr (value, ==, "C,C");
  /* Its data kept, its teammates' rights as they were, and the rules of version 2 hold. */
  g_free (value);
  value = psql_value ("boss", database, "SELECT fields::text FROM communityops.records WHERE key = 'm1'");
  g_assert_cmpstr (value, ==, "{\"city\": \"psql\", \"nickname\": \"小王\"}");
  assert_refused ("li", database, unchanged, "only as a change says");
  g_free (value);
  value = psql_value ("li", database, a2);
  g_assert_cmpstr (value, ==, "2");
  assert_refused ("wang", database, a2, "permission denied");
  assert_refused ("li", database,
                  "INSERT INTO communityops.changes (change_id, kind, key, group_uuid, fields) VALUES "
                  "(gen_random_uuid (), 'members', 'm1', '" GROUP_A "', '{\"nickname\": \"said\"}')",
                  "a change is made with its record");

  /* Upgraded once: the next time, left as it is. */
  g_assert_true (co_team_server_init (server, &already, &error));
  g_assert_true (already);
  g_clear_object (&store);
  test_remove_tree (dir);
}

/* A login without CREATEROLE cannot set up a team: refused, nothing created. */
static void
test_init_without_createrole (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = new_database ();
  g_autofree char *sql = g_strdup_printf ("CREATE ROLE plain LOGIN; GRANT ALL ON DATABASE %s TO plain;"
                                          "GRANT CREATE ON SCHEMA public TO plain", database);
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s user=plain", database);
  g_autoptr(CoTeamServer) server = NULL;
  g_autofree char *schemas = NULL;
  gboolean already;
  g_autofree char *admin_info = g_strdup_printf ("dbname=%s", database);
  PGconn *admin = PQconnectdb (admin_info);
  PGresult *result = PQexec (admin, sql);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  PQfinish (admin);
  server = co_team_server_connect (conninfo, &error);
  g_assert_no_error (error);
  g_assert_false (co_team_server_init (server, &already, &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "CREATEROLE"));
  schemas = psql_value ("boss", database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'communityops'");
  g_assert_cmpstr (schemas, ==, "0");
}

static void
test_users (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = new_team ();
  g_autoptr(CoTeamServer) server = connect_as_boss (database);
  g_autoptr(GPtrArray) users = NULL;
  g_autofree char *generated = NULL, *who = NULL, *long_name = g_strnfill (64, 'x');
  const char *groups[] = { GROUP_B, NULL }, *bad_groups[] = { "not-a-uuid", NULL };
  const char *bad_logins[] = { "", "pg_li", long_name, "a\"b", "tab\there" };
  CoTeamUser *li;

  users = co_team_server_list_users (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 4);
  li = users->pdata[1];
  g_assert_cmpstr (li->login, ==, "li");
  g_assert_cmpint (li->role, ==, CO_TEAM_ROLE_EDITOR);
  g_assert_cmpuint (g_strv_length (li->group_uuids), ==, 1);
  g_assert_cmpstr (li->group_uuids[0], ==, GROUP_A);
  g_assert_cmpstr (li->added_by, ==, "boss");
  g_assert_nonnull (li->added_at);
  g_assert_null (((CoTeamUser *) users->pdata[2])->group_uuids);

  /* A made password: 20 characters, and it logs in. */
  g_assert_true (co_team_server_add_user (server, "chen", CO_TEAM_ROLE_EDITOR, groups, NULL, &generated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (generated), ==, 20);
  {
    g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "PGPASSWORD", generated, TRUE);
    const char *argv[] = { "psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-U", "chen", "-d", database,
                           "-c", "SELECT current_user", NULL };
    int status;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &who, NULL,
                                 &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpstr (g_strstrip (who), ==, "chen");
  }

  /* Refused, each with its reason, and nothing added. */
  g_assert_false (co_team_server_add_user (server, "li", CO_TEAM_ROLE_VIEWER, NULL, "x", NULL, &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "editor"));
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (bad_logins); i++)
    {
      g_assert_false (co_team_server_add_user (server, bad_logins[i], CO_TEAM_ROLE_VIEWER, NULL, "x", NULL, &error));
      g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_false (co_team_server_add_user (server, "sun", CO_TEAM_ROLE_VIEWER, groups, "x", NULL, &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (co_team_server_add_user (server, "sun", CO_TEAM_ROLE_EDITOR, bad_groups, "x", NULL, &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID);
  g_clear_error (&error);
  /* A login the cluster has already (here the superuser) is refused by the server. */
  g_assert_false (co_team_server_add_user (server, "co_admin", CO_TEAM_ROLE_VIEWER, NULL, "x", NULL, &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "co_admin"));
  g_clear_error (&error);
  g_clear_pointer (&users, g_ptr_array_unref);
  users = co_team_server_list_users (server, &error);
  g_assert_cmpuint (users->len, ==, 5);

  /* Removing: the login goes too; the last owner stays. */
  g_assert_true (co_team_server_remove_user (server, "chen", &error));
  g_assert_no_error (error);
  g_free (who);
  who = psql_value ("boss", database, "SELECT count(*) FROM pg_roles WHERE rolname = 'chen'");
  g_assert_cmpstr (who, ==, "0");
  g_assert_false (co_team_server_remove_user (server, "chen", &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (co_team_server_remove_user (server, "zhao", &error));
  g_assert_false (co_team_server_remove_user (server, "boss", &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "last owner"));
  g_clear_error (&error);
  g_free (who);
  who = psql_value ("boss", database, "SELECT count(*) FROM communityops.team WHERE login = 'boss'");
  g_assert_cmpstr (who, ==, "1");
}

/* Only an owner adds teammates: an editor's and a viewer's attempts are refused by the server. */
static void
test_users_rights (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = new_team ();
  g_autofree char *conninfo = g_strdup_printf ("host=127.0.0.1 dbname=%s user=li password=li-pw", database);
  g_autoptr(CoTeamServer) li = co_team_server_connect (conninfo, &error);

  g_assert_no_error (error);
  g_assert_false (co_team_server_add_user (li, "sun", CO_TEAM_ROLE_OWNER, NULL, "x", NULL, &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (co_team_server_remove_user (li, "wang", &error));
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_REFUSED);
  g_clear_error (&error);
  assert_refused ("li", database, "INSERT INTO communityops.team (login, role) VALUES ('li2', 'owner')",
                  "permission denied");
  assert_refused ("li", database, "UPDATE communityops.team SET groups = NULL WHERE login = 'li'",
                  "permission denied");
  assert_refused ("wang", database, "DELETE FROM communityops.team", "permission denied");
  assert_refused ("li", database, "CREATE ROLE sun LOGIN", "permission denied");
  /* A teammate the owner zhao adds. */
  {
    g_autofree char *zhao_info = g_strdup_printf ("host=127.0.0.1 dbname=%s user=zhao password=zhao-pw", database);
    g_autoptr(CoTeamServer) zhao = co_team_server_connect (zhao_info, &error);

    g_assert_no_error (error);
    g_assert_true (co_team_server_add_user (zhao, "sun", CO_TEAM_ROLE_VIEWER, NULL, "sun-pw", NULL, &error));
    g_assert_no_error (error);
  }
}

/* The rights on the records, tried with psql as each teammate: every refusal is PostgreSQL's. */
static void
test_rights (void)
{
  g_autofree char *database = new_team ();
  g_autofree char *a1 = push_sql ("a1a1a1a1-0000-4000-8000-000000000001", "m1", "'" GROUP_A "'",
                                  "{\"nickname\": \"小王\"}", 0, "NULL");
  g_autofree char *b1 = push_sql ("b1b1b1b1-0000-4000-8000-000000000001", "m2", "'" GROUP_B "'",
                                  "{\"nickname\": \"小李\"}", 0, "NULL");
  g_autofree char *w1 = push_sql ("c1c1c1c1-0000-4000-8000-000000000001", "m3", "'" GROUP_A "'",
                                  "{\"nickname\": \"x\"}", 0, "NULL");
  g_autofree char *li_b2 = push_sql ("b2b2b2b2-0000-4000-8000-000000000001", "m4", "'" GROUP_B "'",
                                     "{\"nickname\": \"小赵\"}", 0, "NULL");
  g_autofree char *li_b = push_sql ("d1d1d1d1-0000-4000-8000-000000000001", "m2", "'" GROUP_A "'",
                                    "{\"nickname\": \"taken\"}", 0, "NULL");
  g_autofree char *wide = push_sql ("e1e1e1e1-0000-4000-8000-000000000001", "tag1", NULL,
                                    "{\"name\": \"深圳\"}", 0, "NULL");
  g_autofree char *seq = NULL, *count = NULL, *nickname = NULL;

  /* An editor of group A changes group A; the owner changes any group. */
  seq = psql_value ("li", database, a1);
  g_assert_cmpstr (seq, ==, "1");
  g_free (seq);
  seq = psql_value ("boss", database, b1);
  g_assert_cmpstr (seq, ==, "2");

  /* The viewer reads, and changes nothing. */
  count = psql_value ("wang", database, "SELECT count(*) FROM communityops.records");
  g_assert_cmpstr (count, ==, "2");
  assert_refused ("wang", database, w1, "permission denied");
  assert_refused ("wang", database,
                  "INSERT INTO communityops.records (kind, key, group_uuid, seq) VALUES ('members', 'x', '" GROUP_A "', 1)",
                  "permission denied");
  assert_refused ("wang", database, "UPDATE communityops.records SET fields = '{}'", "permission denied");
  assert_refused ("wang", database, "BEGIN; LOCK TABLE communityops.records IN SHARE ROW EXCLUSIVE MODE; COMMIT",
                  "permission denied");

  /* The editor of A cannot touch group B: not by push, not by pretending the record is in A,
   * not by SQL on the tables. */
  assert_refused ("li", database, li_b2, "row-level security");
  assert_refused ("li", database, li_b, "permission denied for the group");
  assert_refused ("li", database, wide, "row-level security");
  assert_refused ("li", database,
                  "INSERT INTO communityops.records (kind, key, group_uuid, seq) VALUES ('members', 'x', '" GROUP_B "', 1)",
                  "row-level security");
  assert_refused ("li", database, "UPDATE communityops.records SET group_uuid = '" GROUP_B "' WHERE key = 'm1'",
                  "only as a change says");
  g_free (count);
  count = psql_value ("li", database, "UPDATE communityops.records SET fields = '{}' WHERE key = 'm2' RETURNING 1");
  g_assert_cmpstr (count, ==, "");  /* the policy hides the row: nothing updated */
  /* Nor write a record of their own group otherwise than as a change says: teammates pull the
   * changes, and a record written without its change would never reach them. */
  assert_refused ("li", database,
                  "UPDATE communityops.records SET fields = fields || '{\"nickname\": \"psql\"}' WHERE key = 'm1'",
                  "only as a change says");
  assert_refused ("li", database, "UPDATE communityops.records SET deleted = true WHERE key = 'm1'",
                  "only as a change says");
  assert_refused ("li", database,
                  "INSERT INTO communityops.records (kind, key, group_uuid, seq) VALUES ('members', 'x', '" GROUP_A "', 1)",
                  "row-level security");
  assert_refused ("li", database,
                  "INSERT INTO communityops.records (kind, key, group_uuid, seq) VALUES ('members', 'm1', '" GROUP_A "', 1)"
                  " ON CONFLICT (kind, key) DO UPDATE SET fields = '{\"nickname\": \"psql\"}'",
                  "row-level security");
  /* A change made by hand, and the record written otherwise than it says. */
  assert_refused ("li", database,
                  "INSERT INTO communityops.changes (change_id, kind, key, group_uuid, fields) VALUES "
                  "(gen_random_uuid (), 'members', 'm1', '" GROUP_A "', '{\"nickname\": \"said\"}');"
                  " UPDATE communityops.records SET fields = fields || '{\"nickname\": \"other\"}',"
                  " seq = currval ('communityops.changes_seq_seq') WHERE key = 'm1'",
                  "only as a change says");
  assert_refused ("li", database,
                  "INSERT INTO communityops.changes (change_id, kind, key, group_uuid, fields) VALUES "
                  "(gen_random_uuid (), 'members', 'x', '" GROUP_A "', '{\"nickname\": \"said\"}');"
                  " INSERT INTO communityops.records (kind, key, group_uuid, fields, seq) VALUES ('members', 'x', '"
                  GROUP_A "', '{\"nickname\": \"other\"}', currval ('communityops.changes_seq_seq'))",
                  "row-level security");
  /* ... nor make a change that teammates would pull without writing its record. */
  assert_refused ("li", database,
                  "INSERT INTO communityops.changes (change_id, kind, key, group_uuid, fields) VALUES "
                  "(gen_random_uuid (), 'members', 'm1', '" GROUP_A "', '{\"nickname\": \"said\"}')",
                  "a change is made with its record");
  /* ... nor pass records off as the first upload's, once it is made. */
  assert_refused ("li", database,
                  "INSERT INTO communityops.changes (change_id, kind, key) VALUES (gen_random_uuid (), 'workspace', 'w');"
                  " INSERT INTO communityops.records (kind, key, group_uuid, seq) VALUES ('members', 'x', '"
                  GROUP_A "', currval ('communityops.changes_seq_seq'))",
                  "row-level security");
  /* ... nor forge a change: another's name, another time, or a number of its own. */
  assert_refused ("li", database,
                  "INSERT INTO communityops.changes (change_id, kind, key, group_uuid, changed_by) VALUES "
                  "(gen_random_uuid (), 'members', 'm1', '" GROUP_A "', 'boss')",
                  "row-level security");
  assert_refused ("li", database,
                  "INSERT INTO communityops.changes (change_id, kind, key, group_uuid, changed_at) VALUES "
                  "(gen_random_uuid (), 'members', 'm1', '" GROUP_A "', now () - interval '1 day')",
                  "row-level security");
  {
    /* After a change of its own, so that the session has a number to compare with. */
    g_autofree char *forged = g_strdup_printf ("%s; INSERT INTO communityops.changes (seq, change_id, kind, key, group_uuid) "
                                               "OVERRIDING SYSTEM VALUE VALUES (1000000, gen_random_uuid (), 'members', "
                                               "'m1', '" GROUP_A "')", w1);

    assert_refused ("li", database, forged, "row-level security");
  }
  assert_refused ("li", database, "DELETE FROM communityops.changes", "permission denied");
  assert_refused ("li", database, "UPDATE communityops.changes SET fields = '{}'", "permission denied");
  assert_refused ("li", database, "CREATE TABLE public.mine (id int)", "permission denied");

  /* Nothing of that got in. */
  g_free (count);
  count = psql_value ("boss", database, "SELECT count(*) FROM communityops.changes");
  g_assert_cmpstr (count, ==, "2");
  nickname = psql_value ("boss", database, "SELECT fields ->> 'nickname' FROM communityops.records WHERE key = 'm2'");
  g_assert_cmpstr (nickname, ==, "小李");
  g_free (nickname);
  nickname = psql_value ("boss", database, "SELECT fields ->> 'nickname' FROM communityops.records WHERE key = 'm1'");
  g_assert_cmpstr (nickname, ==, "小王");
  g_free (count);
  count = psql_value ("boss", database, "SELECT count(*) FROM communityops.records");
  g_assert_cmpstr (count, ==, "2");
}

static void
test_push (void)
{
  g_autofree char *database = new_team ();
  g_autofree char *first = push_sql ("f0000000-0000-4000-8000-000000000001", "m1", "'" GROUP_A "'",
                                     "{\"nickname\": \"小王\", \"city\": \"深圳\", \"notes\": \"\"}", 0, "NULL");
  g_autofree char *li_city = push_sql ("f0000000-0000-4000-8000-000000000002", "m1", NULL,
                                       "{\"city\": \"广州\"}", 1, "NULL");
  g_autofree char *zhao_notes = push_sql ("f0000000-0000-4000-8000-000000000003", "m1", NULL,
                                          "{\"notes\": \"想买年卡\"}", 1, "NULL");
  g_autofree char *zhao_city = push_sql ("f0000000-0000-4000-8000-000000000004", "m1", NULL,
                                         "{\"city\": \"上海\"}", 1, "NULL");
  g_autofree char *li_delete = push_sql ("f0000000-0000-4000-8000-000000000005", "m1", NULL, "{}", 2, "true");
  g_autofree char *zhao_edit = push_sql ("f0000000-0000-4000-8000-000000000006", "m1", NULL,
                                         "{\"nickname\": \"王总\"}", 4, "NULL");
  g_autofree char *zhao_restore = push_sql ("f0000000-0000-4000-8000-000000000007", "m1", NULL,
                                            "{\"nickname\": \"王总\"}", 6, "false");
  g_autofree char *seq = NULL, *again = NULL, *fields = NULL, *conflicts = NULL, *count = NULL;

  seq = psql_value ("li", database, first);
  again = psql_value ("li", database, first);
  /* Sent twice (a cut connection): applied once. */
  g_assert_cmpstr (seq, ==, again);
  g_free (count);
  count = psql_value ("boss", database, "SELECT count(*) FROM communityops.changes");
  g_assert_cmpstr (count, ==, "1");

  /* Two people, two fields, both from change 1: both kept, no conflict. */
  g_free (psql_value ("li", database, li_city));
  g_free (psql_value ("zhao", database, zhao_notes));
  fields = psql_value ("boss", database, "SELECT fields ->> 'city' || '|' || (fields ->> 'notes') FROM communityops.records");
  g_assert_cmpstr (fields, ==, "广州|想买年卡");
  g_free (count);
  count = psql_value ("boss", database, "SELECT count(*) FROM communityops.conflicts");
  g_assert_cmpstr (count, ==, "0");

  /* The same field from the same base: the last received wins, the other value is listed. */
  g_free (seq);
  seq = psql_value ("zhao", database, zhao_city);
  g_free (fields);
  fields = psql_value ("boss", database, "SELECT fields ->> 'city' FROM communityops.records");
  g_assert_cmpstr (fields, ==, "上海");
  conflicts = psql_value ("boss", database,
                          "SELECT seq || '|' || field || '|' || (mine #>> '{}') || '|' || (theirs #>> '{}') || '|' || theirs_by "
                          "FROM communityops.conflicts");
  g_assert_cmpstr (conflicts, ==, "4|city|上海|广州|li");

  /* A delete against an edit made after the deleter's pull: the delete wins, the edit is listed. */
  g_free (psql_value ("li", database, li_delete));
  g_free (conflicts);
  conflicts = psql_value ("boss", database,
                          "SELECT string_agg (field || '|' || coalesce (theirs #>> '{}', '') || '|' || theirs_by, ', ' ORDER BY field) "
                          "FROM communityops.conflicts WHERE seq = 5");
  g_assert_cmpstr (conflicts, ==, "city|上海|zhao, notes|想买年卡|zhao");
  /* An edit of the deleted record is not applied; it is listed for its sender to restore. */
  g_free (psql_value ("zhao", database, zhao_edit));
  g_free (fields);
  fields = psql_value ("boss", database, "SELECT deleted || '|' || (fields ->> 'nickname') FROM communityops.records");
  g_assert_cmpstr (fields, ==, "true|小王");
  g_free (conflicts);
  conflicts = psql_value ("boss", database,
                          "SELECT field || '|' || (mine #>> '{}') || '|' || deleted || '|' || theirs_by FROM communityops.conflicts WHERE seq = 6");
  g_assert_cmpstr (conflicts, ==, "nickname|王总|true|li");
  /* Restore. */
  g_free (psql_value ("zhao", database, zhao_restore));
  g_free (fields);
  fields = psql_value ("boss", database, "SELECT deleted || '|' || (fields ->> 'nickname') FROM communityops.records");
  g_assert_cmpstr (fields, ==, "false|王总");
}

/* A password kept in the keyring (tests/with-keyring.sh gives the test one of its own) is used
 * when the connection string has none; forgotten, the login is refused again. */
static void
test_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = new_team ();
  g_autofree char *conninfo = g_strdup_printf ("host=127.0.0.1 dbname=%s user=li", database);
  CoTeamLogin login = { "127.0.0.1", g_getenv ("PGPORT"), database, "li" };
  CoTeamLogin other_database = { "127.0.0.1", g_getenv ("PGPORT"), "postgres", "li" };
  g_autoptr(CoTeamServer) server = NULL;
  g_autofree char *found = NULL;

  found = co_team_password_lookup (&login, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);
  server = co_team_server_connect (conninfo, &error);
  g_assert_null (server);
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "password"));
  g_clear_error (&error);

  co_team_password_store (&other_database, "wrong", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (co_team_password_store (&login, "li-pw", NULL, &error));
  g_assert_no_error (error);
  found = co_team_password_lookup (&login, NULL, &error);
  g_assert_cmpstr (found, ==, "li-pw");
  server = co_team_server_connect (conninfo, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (co_team_server_get_login (server), ==, "li");
  g_clear_pointer (&server, co_team_server_free);

  g_assert_true (co_team_password_clear (&login, NULL, &error));
  g_assert_no_error (error);
  server = co_team_server_connect (conninfo, &error);
  g_assert_null (server);
  g_assert_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_CONNECT);

  /* The keyring's signals wait for a main loop this test does not run: handled, and the
   * connection to the keyring let go, nothing is left for the leak checker. */
  secret_service_disconnect ();
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Runs the app's command line with @args (NULL-terminated) on @database, @input on its standard
 * input; returns the exit status, with what it printed. */
static int
run_app (const char  *input,
         char       **out,
         char       **err,
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
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* The command line: set up, add with a password from standard input or a made one, list,
 * remove; and bad input refused with a message. */
static void
test_cli (void)
{
  g_autofree char *database = new_database ();
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *workspace = g_build_filename (dir, "workspace.db", NULL);
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s user=boss", database);
  g_autofree char *out = NULL, *err = NULL, *who = NULL;

  g_assert_cmpint (run_app (NULL, &out, &err, "--init-team-server", conninfo, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "“boss” as its owner"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_app (NULL, &out, &err, "--init-team-server", conninfo, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "already"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_app (NULL, &out, &err, "--init-team-server", "dbname=x user", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "The connection string cannot be read"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_app (NULL, &out, &err, "--database", workspace, "--create-sample", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* An editor of one group, the password from standard input. */
  g_assert_cmpint (run_app ("li-pw\n", &out, &err, "--database", workspace, "--team-server", conninfo,
                            "--team-add-user", "li", "--team-role", "editor", "--team-groups",
                            "Trail Running Gear Fans", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "“li” is in the team, as editor.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  who = psql_value ("li", database, "SELECT current_user");
  g_assert_cmpstr (who, ==, "li");
  /* A viewer, the password made and printed once. */
  g_assert_cmpint (run_app ("", &out, &err, "--database", workspace, "--team-server", conninfo,
                            "--team-add-user", "wang", "--team-role", "viewer", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Password (shown only now"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_app (NULL, &out, &err, "--database", workspace, "--team-server", conninfo, "--team-users",
                            NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "login\trole\tgroups\tadded by\tadded\nboss\towner\tall\tboss\t"));
  g_assert_nonnull (strstr (out, "\nli\teditor\tTrail Running Gear Fans\tboss\t"));
  g_assert_nonnull (strstr (out, "\nwang\tviewer\t\tboss\t"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Bad input: each refused with its reason, nothing added. */
  g_assert_cmpint (run_app (NULL, &out, &err, "--database", workspace, "--team-server", conninfo,
                            "--team-add-user", "zhao", "--team-role", "boss", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--team-role owner, editor or viewer"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_app (NULL, &out, &err, "--database", workspace, "--team-server", conninfo,
                            "--team-add-user", "zhao", "--team-role", "editor", "--team-groups", "No Such Group",
                            NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no group named “No Such Group”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_app (NULL, &out, &err, "--database", workspace, "--team-add-user", "zhao", "--team-role",
                            "viewer", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--team-server CONNINFO"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_free (who);
  who = psql_value ("boss", database, "SELECT count(*) FROM communityops.team WHERE login = 'zhao'");
  g_assert_cmpstr (who, ==, "0");

  g_assert_cmpint (run_app (NULL, &out, &err, "--database", workspace, "--team-server", conninfo,
                            "--team-remove-user", "wang", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_app (NULL, &out, &err, "--database", workspace, "--team-server", conninfo,
                            "--team-remove-user", "boss", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "last owner"));
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  PGconn *admin;
  PGresult *result;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("PGHOST") == NULL || g_getenv ("PGPORT") == NULL)
    g_error ("test-team-server runs beside its own PostgreSQL: tests/pg/with-postgres.sh test-team-server");
  admin = PQconnectdb ("dbname=postgres");
  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  result = PQexec (admin, "CREATE ROLE boss LOGIN CREATEROLE CREATEDB PASSWORD 'boss-pw'");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  PQfinish (admin);

  g_test_add_func ("/team-server/conninfo", test_conninfo);
  g_test_add_func ("/team-server/init", test_init);
  g_test_add_func ("/team-server/init-without-createrole", test_init_without_createrole);
  g_test_add_func ("/team-server/upgrade", test_upgrade);
  g_test_add_func ("/team-server/users", test_users);
  g_test_add_func ("/team-server/users-rights", test_users_rights);
  g_test_add_func ("/team-server/rights", test_rights);
  g_test_add_func ("/team-server/push", test_push);
  g_test_add_func ("/team-server/cli", test_cli);
  g_test_add_func ("/team-server/keyring", test_keyring);
  return g_test_run ();
}
