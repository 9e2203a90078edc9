/* co-team-server.c: the team's PostgreSQL database (co-team-server.h). The schema and its rights
 * are co-team-server.sql, compiled in as a resource. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>
#include <sys/random.h>

#include "core/sync/co-team-password.h"
#include "core/sync/co-team-server.h"
#include "core/sync/co-team-server-private.h"

G_DEFINE_QUARK (co-team-server-error-quark, co_team_server_error)

#define SCHEMA_RESOURCE "/com/example/CommunityOps/sync/co-team-server.sql"

struct _CoTeamServer
{
  PGconn *conn;
  char   *login;
};

static const char * const role_names[] = {
  [CO_TEAM_ROLE_OWNER] = "owner",
  [CO_TEAM_ROLE_EDITOR] = "editor",
  [CO_TEAM_ROLE_VIEWER] = "viewer",
};

const char *
co_team_role_to_string (CoTeamRole role)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

gboolean
co_team_role_from_string (const char *text,
                          CoTeamRole *role)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_ascii_strcasecmp (text, role_names[i]) == 0)
      {
        *role = i;
        return TRUE;
      }
  return FALSE;
}

/* libpq's messages end with a newline, and some span several lines. */
static char *
server_message (const char *message)
{
  g_autofree char *text = g_strdup (message != NULL ? message : "");

  return g_strdup (g_strstrip (text));
}

/* Whether @host (a libpq host, or NULL for the default) is this machine: a socket folder, or a
 * loopback name or address. */
gboolean
co_team_server_host_is_local (const char *host)
{
  if (host == NULL || *host == '\0')
    host = g_getenv ("PGHOST");
  if (host == NULL || *host == '\0' || host[0] == '/' || host[0] == '@')
    return TRUE;
  return g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_prefix (host, "127.") ||
         strcmp (host, "::1") == 0;
}

CoTeamServer *
co_team_server_connect (const char  *conninfo,
                        GError     **error)
{
  g_autoptr(GPtrArray) keywords = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  char *parse_error = NULL;
  PQconninfoOption *options = PQconninfoParse (conninfo, &parse_error);
  const char *host = NULL, *sslmode = NULL, *timeout = NULL;
  CoTeamServer *self;
  PGresult *result;
  PGconn *conn;

  if (options == NULL)
    {
      g_autofree char *why = server_message (parse_error);

      g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_CONNINFO,
                   /* Translators: %s is libpq's reason, e.g. missing "=" after "host" */
                   _("The connection string cannot be read: %s"), why[0] != '\0' ? why : _("out of memory"));
      PQfreemem (parse_error);
      return NULL;
    }
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    if (option->val != NULL)
      {
        g_ptr_array_add (keywords, option->keyword);
        g_ptr_array_add (values, option->val);
        if (strcmp (option->keyword, "host") == 0)
          host = option->val;
        else if (strcmp (option->keyword, "sslmode") == 0)
          sslmode = option->val;
        else if (strcmp (option->keyword, "connect_timeout") == 0)
          timeout = option->val;
      }
  /* Passwords cross the network only encrypted, unless the user chose otherwise. */
  if (sslmode == NULL && g_getenv ("PGSSLMODE") == NULL && !co_team_server_host_is_local (host))
    {
      g_ptr_array_add (keywords, (char *) "sslmode");
      g_ptr_array_add (values, (char *) "require");
    }
  /* A host that drops packets silently would otherwise hold a round until the system gives up,
   * minutes later: the app shows "offline" and retries instead. */
  if (timeout == NULL && g_getenv ("PGCONNECT_TIMEOUT") == NULL)
    {
      g_ptr_array_add (keywords, (char *) "connect_timeout");
      g_ptr_array_add (values, (char *) "10");
    }
  g_ptr_array_add (keywords, (char *) "fallback_application_name");
  g_ptr_array_add (values, (char *) "CommunityOps");
  g_ptr_array_add (keywords, (char *) "client_encoding");
  g_ptr_array_add (values, (char *) "UTF8");
  g_ptr_array_add (keywords, NULL);
  g_ptr_array_add (values, NULL);
  conn = PQconnectdbParams ((const char * const *) keywords->pdata, (const char * const *) values->pdata, FALSE);
  /* The server asked for a password that the string, PGPASSWORD and ~/.pgpass do not hold: the
   * keyring may, for this very server, database and login. */
  if (PQstatus (conn) != CONNECTION_OK && PQconnectionNeedsPassword (conn))
    {
      CoTeamLogin login = { PQhost (conn), PQport (conn), PQdb (conn), PQuser (conn) };
      g_autofree char *password = co_team_password_lookup (&login, NULL, NULL);

      if (password != NULL)
        {
          g_ptr_array_insert (keywords, 0, (char *) "password");
          g_ptr_array_insert (values, 0, password);
          PQfinish (conn);
          conn = PQconnectdbParams ((const char * const *) keywords->pdata, (const char * const *) values->pdata,
                                    FALSE);
        }
    }
  PQconninfoFree (options);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *why = server_message (PQerrorMessage (conn));

      g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_CONNECT,
                   /* Translators: %s is libpq's reason */
                   _("Could not connect to the team server: %s"), why);
      PQfinish (conn);
      return NULL;
    }
  self = g_new0 (CoTeamServer, 1);
  self->conn = conn;
  result = PQexec (conn, "SELECT current_user");
  self->login = g_strdup (PQresultStatus (result) == PGRES_TUPLES_OK ? PQgetvalue (result, 0, 0) : PQuser (conn));
  PQclear (result);
  return self;
}

void
co_team_server_free (CoTeamServer *self)
{
  if (self == NULL)
    return;
  PQfinish (self->conn);
  g_free (self->login);
  g_free (self);
}

const char *
co_team_server_get_login (CoTeamServer *self)
{
  return self->login;
}

PGconn *
co_team_server_get_conn (CoTeamServer *self)
{
  return self->conn;
}

/* The error a failed statement left, from the server's message. */
static void
set_refused (CoTeamServer  *self,
             PGresult      *result,
             GError       **error)
{
  g_autofree char *why = server_message (PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY));

  if (why[0] == '\0')
    {
      g_free (why);
      why = server_message (PQerrorMessage (self->conn));
    }
  g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_REFUSED,
               /* Translators: %s is PostgreSQL's reason, e.g. permission denied for table records */
               _("The team server refused: %s"), why);
}

/* Runs @sql with @n_params text parameters; returns the result, or NULL with @error set. */
static PGresult *
run (CoTeamServer        *self,
     const char          *sql,
     int                  n_params,
     const char * const  *params,
     GError             **error)
{
  PGresult *result = PQexecParams (self->conn, sql, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_refused (self, result, error);
      PQclear (result);
      return NULL;
    }
  return result;
}

/* Runs @sql, which may be several statements and takes no parameters. */
static gboolean
run_command (CoTeamServer  *self,
             const char    *sql,
             GError       **error)
{
  PGresult *result = PQexec (self->conn, sql);
  gboolean ok = PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK;

  if (!ok)
    set_refused (self, result, error);
  PQclear (result);
  return ok;
}

static void
roll_back (CoTeamServer *self)
{
  PQclear (PQexec (self->conn, "ROLLBACK"));
}

/* The SQLSTATE of the error a failed statement left, to tell the reasons apart. */
static gboolean
failed_with (PGresult   *result,
             const char *sqlstate)
{
  const char *state = PQresultErrorField (result, PG_DIAG_SQLSTATE);

  return state != NULL && strcmp (state, sqlstate) == 0;
}

/* A quoted identifier; NULL only when libpq runs out of memory. */
static char *
quote_identifier (CoTeamServer *self,
                  const char   *name)
{
  char *quoted = PQescapeIdentifier (self->conn, name, strlen (name));
  char *copy = g_strdup (quoted);

  PQfreemem (quoted);
  return copy;
}

int
co_team_server_get_schema_version (CoTeamServer  *self,
                                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  PGresult *result = run (self, "SELECT to_regclass ('communityops.meta') IS NOT NULL", 0, NULL, error);
  int version = 0;

  if (result == NULL)
    return 0;
  if (strcmp (PQgetvalue (result, 0, 0), "t") == 0)
    {
      PQclear (result);
      result = run (self, "SELECT value FROM communityops.meta WHERE key = 'schema_version'", 0, NULL, &local_error);
      if (result != NULL && PQntuples (result) == 1)
        version = atoi (PQgetvalue (result, 0, 0));
    }
  PQclear (result);
  if (version <= 0)
    g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_NOT_SET_UP,
                 _("The database “%s” is not a CommunityOps team server: set it up with "
                   "--init-team-server first."),
                 PQdb (self->conn));
  return version;
}

/* The first thing found in the database that is not PostgreSQL's own, as "schema.name", or NULL
 * for an empty database. */
static char *
find_foreign_content (CoTeamServer  *self,
                      GError       **error)
{
  static const char sql[] =
    "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'"
    " UNION ALL SELECT n.nspname || '.' || p.proname || '()' FROM pg_proc p"
    "  JOIN pg_namespace n ON n.oid = p.pronamespace"
    "  WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'"
    " UNION ALL SELECT nspname FROM pg_namespace"
    "  WHERE nspname NOT IN ('public', 'information_schema') AND nspname !~ '^pg_'"
    " LIMIT 1";
  PGresult *result = run (self, sql, 0, NULL, error);
  char *found;

  if (result == NULL)
    return NULL;
  found = PQntuples (result) > 0 ? g_strdup (PQgetvalue (result, 0, 0)) : g_strdup ("");
  PQclear (result);
  return found;
}

/* The team's group role for @role: "co_<database>_<role>", cut to PostgreSQL's 63 bytes. */
static char *
team_role_name (CoTeamServer *self,
                CoTeamRole    role)
{
  g_autofree char *database = g_utf8_make_valid (PQdb (self->conn), -1);
  const char *end = database;

  while (*end != '\0' && g_utf8_next_char (end) - database <= 48)
    end = g_utf8_next_char (end);
  return g_strdup_printf ("co_%.*s_%s", (int) (end - database), database, role_names[role]);
}

/* Creates the group role @name unless it exists (left by a team database dropped earlier). */
static gboolean
ensure_group_role (CoTeamServer  *self,
                   const char    *name,
                   GError       **error)
{
  const char *params[] = { name };
  PGresult *result = run (self, "SELECT 1 FROM pg_roles WHERE rolname = $1", 1, params, error);
  gboolean exists;
  g_autofree char *quoted = NULL, *sql = NULL;

  if (result == NULL)
    return FALSE;
  exists = PQntuples (result) > 0;
  PQclear (result);
  if (exists)
    return TRUE;
  quoted = quote_identifier (self, name);
  sql = g_strdup_printf ("CREATE ROLE %s NOLOGIN", quoted);
  result = PQexec (self->conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      if (failed_with (result, "42501"))
        g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_REFUSED,
                     /* Translators: %s is a PostgreSQL login */
                     _("The login “%s” may not create roles: set up the team with a login that has "
                       "CREATEROLE, such as the database’s owner."),
                     self->login);
      else
        set_refused (self, result, error);
      PQclear (result);
      return FALSE;
    }
  PQclear (result);
  return TRUE;
}

static char *meta_value (CoTeamServer  *self,
                         const char    *key,
                         GError       **error);

static char *
load_schema (const char * const  *quoted_roles,
             const char          *quoted_database)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (SCHEMA_RESOURCE, 0, NULL);
  g_autoptr(GString) sql = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_string_replace (sql, "@OWNER@", quoted_roles[CO_TEAM_ROLE_OWNER], 0);
  g_string_replace (sql, "@EDITOR@", quoted_roles[CO_TEAM_ROLE_EDITOR], 0);
  g_string_replace (sql, "@VIEWER@", quoted_roles[CO_TEAM_ROLE_VIEWER], 0);
  g_string_replace (sql, "@DATABASE@", quoted_database, 0);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* The part of @schema run again over an older version's server. */
static const char *
schema_rules (const char *schema)
{
  const char *rules = strstr (schema, "\n-- ---- What follows is run again");

  g_assert (rules != NULL);
  return rules;
}

/* Brings a server an older version set up to this version, in one transaction: the tables'
 * changes, then every function, grant, policy and trigger made again. */
static gboolean
upgrade (CoTeamServer  *self,
         int            found,
         GError       **error)
{
  g_autofree char *schema = NULL, *quoted_database = NULL, *version = NULL;
  char *role_names_found[3] = { NULL }, *quoted_roles[3] = { NULL };
  gboolean ok = FALSE;

  if (!run_command (self, "BEGIN", error))
    return FALSE;
  for (CoTeamRole role = 0; role < G_N_ELEMENTS (role_names); role++)
    {
      g_autofree char *key = g_strdup_printf ("%s_role", role_names[role]);

      if ((role_names_found[role] = meta_value (self, key, error)) == NULL)
        goto out;
      quoted_roles[role] = quote_identifier (self, role_names_found[role]);
    }
  quoted_database = quote_identifier (self, PQdb (self->conn));
  schema = load_schema ((const char * const *) quoted_roles, quoted_database);
  version = g_strdup_printf ("%d", CO_TEAM_SERVER_SCHEMA_VERSION);
  /* 1 → 2: kinds and keys byte by byte, as co-team-server.sql says why; no index on the records'
   * numbers, which nothing read and every upload filled. */
  if (found < 2 &&
      !run_command (self, "ALTER TABLE communityops.records ALTER COLUMN kind TYPE text COLLATE \"C\","
                          "  ALTER COLUMN key TYPE text COLLATE \"C\";"
                          " DROP INDEX IF EXISTS communityops.records_seq", error))
    goto out;
  if (!run_command (self, schema_rules (schema), error))
    goto out;
  {
    const char *params[] = { version };
    PGresult *result = run (self, "UPDATE communityops.meta SET value = $1 WHERE key = 'schema_version'",
                            1, params, error);

    if (result == NULL)
      goto out;
    PQclear (result);
  }
  ok = run_command (self, "COMMIT", error);

out:
  if (!ok)
    roll_back (self);
  for (guint i = 0; i < G_N_ELEMENTS (quoted_roles); i++)
    {
      g_free (role_names_found[i]);
      g_free (quoted_roles[i]);
    }
  return ok;
}

gboolean
co_team_server_init (CoTeamServer  *self,
                     gboolean      *already_set_up,
                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *foreign = NULL, *schema = NULL, *quoted_database = NULL, *quoted_login = NULL;
  g_autofree char *version = g_strdup_printf ("%d", CO_TEAM_SERVER_SCHEMA_VERSION);
  char *role_names_made[3] = { NULL }, *quoted_roles[3] = { NULL };
  gboolean ok = FALSE;
  int found;

  *already_set_up = FALSE;
  found = co_team_server_get_schema_version (self, &local_error);
  if (found > CO_TEAM_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_NEWER,
                   _("The team server “%s” was set up by a newer version of CommunityOps (version %d; "
                     "this one knows up to %d). Update CommunityOps first."),
                   PQdb (self->conn), found, CO_TEAM_SERVER_SCHEMA_VERSION);
      return FALSE;
    }
  if (found == CO_TEAM_SERVER_SCHEMA_VERSION)
    {
      *already_set_up = TRUE;
      return TRUE;
    }
  if (found > 0)
    return upgrade (self, found, error);
  if ((foreign = find_foreign_content (self, error)) == NULL)
    return FALSE;
  if (foreign[0] != '\0')
    {
      g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_NOT_EMPTY,
                   /* Translators: the first %s is a database, the second something in it, e.g. public.orders */
                   _("The database “%s” already holds other data (%s): a team server needs a database "
                     "of its own. Nothing was changed."),
                   PQdb (self->conn), foreign);
      return FALSE;
    }

  if (!run_command (self, "BEGIN", error))
    return FALSE;
  for (CoTeamRole role = 0; role < G_N_ELEMENTS (role_names); role++)
    {
      role_names_made[role] = team_role_name (self, role);
      quoted_roles[role] = quote_identifier (self, role_names_made[role]);
      if (!ensure_group_role (self, role_names_made[role], error))
        goto out;
    }
  quoted_database = quote_identifier (self, PQdb (self->conn));
  quoted_login = quote_identifier (self, self->login);
  schema = load_schema ((const char * const *) quoted_roles, quoted_database);
  {
    g_autofree char *grant = g_strdup_printf ("GRANT %s TO %s", quoted_roles[CO_TEAM_ROLE_OWNER], quoted_login);
    const char *meta[] = { version, role_names_made[0], role_names_made[1], role_names_made[2], self->login };
    PGresult *result;

    if (!run_command (self, schema, error) || !run_command (self, grant, error))
      goto out;
    result = run (self,
                  "INSERT INTO communityops.meta (key, value) VALUES ('schema_version', $1),"
                  "  ('owner_role', $2), ('editor_role', $3), ('viewer_role', $4);"
                  , 4, meta, error);
    if (result == NULL)
      goto out;
    PQclear (result);
    result = run (self, "INSERT INTO communityops.team (login, role) VALUES ($1, 'owner')", 1, meta + 4, error);
    if (result == NULL)
      goto out;
    PQclear (result);
  }
  ok = run_command (self, "COMMIT", error);

out:
  if (!ok)
    roll_back (self);
  for (guint i = 0; i < G_N_ELEMENTS (quoted_roles); i++)
    {
      g_free (role_names_made[i]);
      g_free (quoted_roles[i]);
    }
  return ok;
}

void
co_team_user_free (CoTeamUser *user)
{
  if (user == NULL)
    return;
  g_free (user->login);
  g_strfreev (user->group_uuids);
  g_free (user->added_by);
  g_clear_pointer (&user->added_at, g_date_time_unref);
  g_free (user);
}

GPtrArray *
co_team_server_list_users (CoTeamServer  *self,
                           GError       **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) co_team_user_free);
  PGresult *result;

  if (co_team_server_get_schema_version (self, error) == 0)
    return NULL;
  result = run (self,
                "SELECT login, role, array_to_string (groups, ','), added_by,"
                "       to_char (added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                "  FROM communityops.team ORDER BY login",
                0, NULL, error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      CoTeamUser *user = g_new0 (CoTeamUser, 1);

      user->login = g_strdup (PQgetvalue (result, i, 0));
      if (!co_team_role_from_string (PQgetvalue (result, i, 1), &user->role))
        user->role = CO_TEAM_ROLE_VIEWER;
      if (!PQgetisnull (result, i, 2))
        user->group_uuids = g_strsplit (PQgetvalue (result, i, 2), ",", -1);
      user->added_by = g_strdup (PQgetvalue (result, i, 3));
      user->added_at = g_date_time_new_from_iso8601 (PQgetvalue (result, i, 4), NULL);
      g_ptr_array_add (users, user);
    }
  PQclear (result);
  return g_steal_pointer (&users);
}

/* A password of 20 letters and digits, none that look alike, from the kernel's random source. */
static char *
make_password (void)
{
  static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  guint8 bytes[20];
  char *password = g_new0 (char, G_N_ELEMENTS (bytes) + 1);
  gsize done = 0;

  while (done < sizeof bytes)
    {
      ssize_t got = getrandom (bytes + done, sizeof bytes - done, 0);

      if (got > 0)
        done += got;
    }
  /* 256 is not a multiple of the alphabet's 56: the first 224 values map evenly, others are drawn again. */
  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
    {
      while (bytes[i] >= 224)
        while (getrandom (&bytes[i], 1, 0) != 1)
          ;
      password[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
    }
  return password;
}

/* Whether @login can be a teammate's login: 1 to 63 bytes, printable, not PostgreSQL's own. */
static gboolean
check_login (const char  *login,
             GError     **error)
{
  gsize length = login != NULL ? strlen (login) : 0;

  if (length == 0 || length > 63 || !g_utf8_validate (login, -1, NULL))
    {
      g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID,
                   _("A login is 1 to 63 bytes long: “%s” is not."), login != NULL ? login : "");
      return FALSE;
    }
  for (const char *c = login; *c != '\0'; c = g_utf8_next_char (c))
    if (!g_unichar_isprint (g_utf8_get_char (c)) || *c == '"')
      {
        g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID,
                     _("The login “%s” holds a character a login cannot have (a control character or a "
                       "double quote)."),
                     login);
        return FALSE;
      }
  if (g_str_has_prefix (login, "pg_"))
    {
      g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID,
                   _("A login may not begin with “pg_”, which PostgreSQL keeps for itself."));
      return FALSE;
    }
  return TRUE;
}

static char *
meta_value (CoTeamServer  *self,
            const char    *key,
            GError       **error)
{
  PGresult *result = run (self, "SELECT value FROM communityops.meta WHERE key = $1", 1, &key, error);
  char *value = NULL;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 1)
    value = g_strdup (PQgetvalue (result, 0, 0));
  else
    g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_NOT_SET_UP,
                 _("The team server lacks its “%s” setting: set it up again."), key);
  PQclear (result);
  return value;
}

/* The team's row for @login: its role, or FALSE when @login is not in the team. */
static gboolean
find_user (CoTeamServer  *self,
           const char    *login,
           CoTeamRole    *role,
           GError       **error)
{
  PGresult *result = run (self, "SELECT role FROM communityops.team WHERE login = $1", 1, &login, error);
  gboolean found;

  if (result == NULL)
    return FALSE;
  found = PQntuples (result) == 1 && co_team_role_from_string (PQgetvalue (result, 0, 0), role);
  PQclear (result);
  return found;
}

gboolean
co_team_server_add_user (CoTeamServer        *self,
                         const char          *login,
                         CoTeamRole           role,
                         const char * const  *group_uuids,
                         const char          *password,
                         char               **generated_password,
                         GError             **error)
{
  g_autofree char *made = NULL, *group_role = NULL, *quoted_login = NULL;
  g_autofree char *quoted_role = NULL, *literal = NULL, *sql = NULL, *groups = NULL;
  g_autofree char *role_key = g_strdup_printf ("%s_role", role_names[role]);
  const char *params[3];
  CoTeamRole existing;
  PGresult *result;
  char *encrypted, *escaped;

  if (co_team_server_get_schema_version (self, error) == 0 || !check_login (login, error))
    return FALSE;
  if (group_uuids != NULL && role != CO_TEAM_ROLE_EDITOR)
    {
      g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID,
                   _("Only an editor can be limited to some groups: an owner and a viewer see every group."));
      return FALSE;
    }
  if (group_uuids != NULL)
    for (guint i = 0; group_uuids[i] != NULL; i++)
      if (!g_uuid_string_is_valid (group_uuids[i]))
        {
          g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID,
                       _("“%s” is not the id of a group."), group_uuids[i]);
          return FALSE;
        }
  if (find_user (self, login, &existing, NULL))
    {
      g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID,
                   /* Translators: the first %s is a login, the second its role (owner, editor or viewer) */
                   _("“%s” is already in the team, as %s."), login, role_names[existing]);
      return FALSE;
    }
  if ((group_role = meta_value (self, role_key, error)) == NULL)
    return FALSE;
  if (password == NULL)
    password = made = make_password ();
  encrypted = PQencryptPasswordConn (self->conn, password, login, NULL);
  if (encrypted == NULL)
    {
      g_autofree char *why = server_message (PQerrorMessage (self->conn));

      g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_REFUSED,
                   _("The team server refused: %s"), why);
      return FALSE;
    }
  escaped = PQescapeLiteral (self->conn, encrypted, strlen (encrypted));
  literal = g_strdup (escaped);
  PQfreemem (escaped);
  PQfreemem (encrypted);
  quoted_login = quote_identifier (self, login);
  quoted_role = quote_identifier (self, group_role);
  /* An owner adds and removes teammates: that takes CREATEROLE. */
  sql = g_strdup_printf ("CREATE ROLE %s LOGIN %s PASSWORD %s IN ROLE %s", quoted_login,
                         role == CO_TEAM_ROLE_OWNER ? "CREATEROLE" : "NOCREATEROLE", literal, quoted_role);

  if (!run_command (self, "BEGIN", error))
    return FALSE;
  result = PQexec (self->conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      if (failed_with (result, "42710"))
        g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_REFUSED,
                     _("The server already has a login named “%s”: choose another name."), login);
      else if (failed_with (result, "42501"))
        g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_REFUSED,
                     _("Only an owner of the team can add teammates: “%s” may not create logins."),
                     self->login);
      else
        set_refused (self, result, error);
      PQclear (result);
      roll_back (self);
      return FALSE;
    }
  PQclear (result);
  if (group_uuids != NULL)
    {
      g_autofree char *list = g_strjoinv (",", (char **) group_uuids);

      groups = g_strdup_printf ("{%s}", list);
    }
  params[0] = login;
  params[1] = role_names[role];
  params[2] = groups;
  result = run (self, "INSERT INTO communityops.team (login, role, groups) VALUES ($1, $2, $3::uuid[])",
                3, params, error);
  if (result == NULL)
    {
      roll_back (self);
      return FALSE;
    }
  PQclear (result);
  if (!run_command (self, "COMMIT", error))
    {
      roll_back (self);
      return FALSE;
    }
  if (generated_password != NULL)
    *generated_password = g_steal_pointer (&made);
  return TRUE;
}

gboolean
co_team_server_remove_user (CoTeamServer  *self,
                            const char    *login,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *quoted = NULL, *sql = NULL;
  CoTeamRole role;
  PGresult *result;

  if (co_team_server_get_schema_version (self, error) == 0)
    return FALSE;
  if (!find_user (self, login, &role, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID,
                     _("“%s” is not in the team."), login);
      return FALSE;
    }
  /* The lock makes two owners removing each other at once wait for one another: the count
   * below then sees the other's removal, and the team is never left without an owner. */
  if (!run_command (self, "BEGIN", error) ||
      !run_command (self, "LOCK TABLE communityops.team IN SHARE ROW EXCLUSIVE MODE", error))
    {
      roll_back (self);
      return FALSE;
    }
  result = run (self, "DELETE FROM communityops.team WHERE login = $1", 1, &login, error);
  if (result == NULL)
    {
      roll_back (self);
      return FALSE;
    }
  PQclear (result);
  result = run (self, "SELECT count(*) FROM communityops.team WHERE role = 'owner'", 0, NULL, error);
  if (result == NULL || (role == CO_TEAM_ROLE_OWNER && atoi (PQgetvalue (result, 0, 0)) == 0))
    {
      if (result != NULL)
        g_set_error (error, CO_TEAM_SERVER_ERROR, CO_TEAM_SERVER_ERROR_INVALID,
                     _("“%s” is the team’s last owner: make someone else an owner first."), login);
      PQclear (result);
      roll_back (self);
      return FALSE;
    }
  PQclear (result);
  quoted = quote_identifier (self, login);
  sql = g_strdup_printf ("DROP ROLE %s", quoted);
  if (!run_command (self, sql, error) || !run_command (self, "COMMIT", error))
    {
      roll_back (self);
      return FALSE;
    }
  return TRUE;
}
