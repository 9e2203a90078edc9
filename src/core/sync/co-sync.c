/* co-sync.c: the workspace kept in step with the team server (co-sync.h).
 *
 * Capture: stored triggers, made from the record kinds (co-sync-kinds.c) when the workspace
 * connects (and again when a version's differ) and dropped when it disconnects, write each
 * change into sync_outbox. Stored rather
 * than TEMP triggers: imports run in workers on connections of their own, and a TEMP trigger
 * sees only the connection that made it. They check sync_connection.capture, which a pull sets
 * to 0 inside its own transaction while it applies the teammates' changes: no other connection
 * writes meanwhile, so nothing else goes uncaptured.
 *
 * A round pushes the outbox in batches, each one PostgreSQL transaction and one call of
 * communityops.push_batch; the pushed rows leave the outbox only after the commit, and a batch sent again after a
 * broken connection is applied once (push is idempotent per change id). Then it pulls the
 * changes after the last pulled, in order, one's own included (replaying them keeps the server's
 * order), in one local transaction; a field still in the outbox is not overwritten. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <poll.h>
#include <string.h>

#include "core/store/co-backup.h"
#include "core/store/co-store-private.h"
#include "core/sync/co-sync-private.h"
#include "core/sync/co-sync.h"
#include "core/sync/co-team-server-private.h"

G_DEFINE_QUARK (co-sync-error-quark, co_sync_error)

CoSyncPushHook co_sync_push_hook = NULL;
CoSyncUploadHook co_sync_upload_hook = NULL;
guint co_sync_batch_size = 500;

/* A version 4 UUID, as the store's migrations make them. */
#define UUID_SQL \
  "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||" \
  " substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random() % 4), 1) ||" \
  " substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"

typedef struct
{
  CoStore      *store;
  CoTeamServer *server;
  PGconn       *conn;
  gint64        last_seq;
  GHashTable   *pushed;  /* the change ids this round pushed (the server has them), or NULL */
} Session;

static void
session_clear (Session *s)
{
  g_clear_pointer (&s->server, co_team_server_free);
  g_clear_pointer (&s->pushed, g_hash_table_unref);
}

/* ---- the server ---- */

static void
set_server_error (PGconn     *conn,
                  PGresult   *result,
                  GError    **error)
{
  const char *why = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *text = g_strdup (why != NULL ? why : PQerrorMessage (conn));

  g_set_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_SERVER,
               /* Translators: %s is PostgreSQL's or libpq's reason */
               _("The team server failed: %s"), g_strstrip (text));
}

/* Runs @sql with text parameters; NULL with @error set when it fails. */
static PGresult *
pg_run (PGconn              *conn,
        const char          *sql,
        int                  n_params,
        const char * const  *params,
        GError             **error)
{
  PGresult *result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      set_server_error (conn, result, error);
      PQclear (result);
      return NULL;
    }
  return result;
}

static gboolean
pg_command (PGconn      *conn,
            const char  *sql,
            GError     **error)
{
  PGresult *result = pg_run (conn, sql, 0, NULL, error);

  PQclear (result);
  return result != NULL;
}

static const char *
pg_value (PGresult *result,
          int       row,
          int       column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

static gboolean
open_server (Session     *s,
             const char  *conninfo,
             GError     **error)
{
  int version;

  s->server = co_team_server_connect (conninfo, error);
  if (s->server == NULL)
    return FALSE;
  s->conn = co_team_server_get_conn (s->server);
  version = co_team_server_get_schema_version (s->server, error);
  if (version == 0)
    return FALSE;
  if (version > CO_TEAM_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_SERVER,
                   _("The team server was set up by a newer CommunityOps: update the app to sync with it."));
      return FALSE;
    }
  if (version < CO_TEAM_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_SERVER,
                   /* Translators: the numbers are versions of the team server's schema */
                   _("The team server was set up by an older CommunityOps (version %d; this one needs %d): "
                     "whoever set it up upgrades it with --init-team-server, keeping its data."),
                   version, CO_TEAM_SERVER_SCHEMA_VERSION);
      return FALSE;
    }
  return pg_command (s->conn, "SET TIME ZONE 'UTC'", error);
}

/* @conninfo without its password, to be kept in the workspace. */
static char *
strip_password (const char *conninfo)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  GString *out = g_string_new (NULL);

  for (PQconninfoOption *option = options; option != NULL && option->keyword != NULL; option++)
    {
      if (option->val == NULL || strcmp (option->keyword, "password") == 0)
        continue;
      g_string_append_printf (out, "%s%s='", out->len > 0 ? " " : "", option->keyword);
      for (const char *c = option->val; *c != '\0'; c++)
        {
          if (*c == '\'' || *c == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *c);
        }
      g_string_append_c (out, '\'');
    }
  PQconninfoFree (options);
  return g_string_free (out, FALSE);
}

static char *column_text (sqlite3_stmt *stmt,
                          int           column);

/* ---- the triggers ---- */

/* One statement of a trigger's body: the change of the record @row as a row of the outbox. */
static char *
capture_sql (const SyncKind *kind,
             const char     *row,
             const char     *fields,
             const char     *deleted)
{
  g_autofree char *key = co_sync_key_sql (kind, row);
  g_autofree char *group = co_sync_group_sql (kind, row);

  return g_strdup_printf ("INSERT INTO sync_outbox (change_id, kind, key, group_uuid, fields, deleted, base_seq)"
                          " SELECT %s, '%s', k, g, f, d, (SELECT last_seq FROM sync_connection)"
                          " FROM (SELECT %s AS k, %s AS g, %s AS f, %s AS d) WHERE k IS NOT NULL;",
                          UUID_SQL, kind->kind, key, group, fields, deleted);
}

static char *
triggers_sql (const SyncKind *kind)
{
  GString *sql = g_string_new (NULL);
  const char *when = "(SELECT capture FROM sync_connection)";
  g_autofree char *new_fields = co_sync_fields_sql (kind, "NEW");
  g_autofree char *old_fields = co_sync_fields_sql (kind, "OLD");
  g_autofree char *added = NULL, *removed = NULL;

  if (kind->is_day_total)
    {
      /* The day's total as it is now, for the day the row was added to or removed from. */
      g_autofree char *new_total = g_strdup_printf ("json_extract (%s, '$.count') IS NULL", new_fields);
      g_autofree char *old_total = g_strdup_printf ("json_extract (%s, '$.count') IS NULL", old_fields);

      added = capture_sql (kind, "NEW", new_fields, new_total);
      removed = capture_sql (kind, "OLD", old_fields, old_total);
      g_string_append_printf (sql, "CREATE TRIGGER sync_%s_added AFTER INSERT ON %s WHEN %s BEGIN %s END;",
                              kind->kind, kind->kind, when, added);
      g_string_append_printf (sql, "CREATE TRIGGER sync_%s_removed AFTER DELETE ON %s WHEN %s BEGIN %s END;",
                              kind->kind, kind->kind, when, removed);
      g_string_append_printf (sql, "CREATE TRIGGER sync_%s_changed AFTER UPDATE ON %s WHEN %s BEGIN %s %s END;",
                              kind->kind, kind->kind, when, removed, added);
      return g_string_free (sql, FALSE);
    }

  added = capture_sql (kind, "NEW", new_fields, kind->soft_delete ? "NEW.deleted_at IS NOT NULL" : "0");
  removed = capture_sql (kind, "OLD", "'{}'", "1");
  g_string_append_printf (sql, "CREATE TRIGGER sync_%s_added AFTER INSERT ON %s WHEN %s BEGIN %s END;",
                          kind->kind, kind->kind, when, added);
  g_string_append_printf (sql, "CREATE TRIGGER sync_%s_removed AFTER DELETE ON %s WHEN %s BEGIN %s END;",
                          kind->kind, kind->kind, when, removed);
  if (kind->fields->len > 0 || kind->soft_delete)
    {
      /* Only the fields that changed; the trash as the deleted flag. */
      GString *changed = g_string_new ("0");
      GString *fields = g_string_new ("json_remove (");
      g_autofree char *update = NULL;

      g_string_append (fields, new_fields);
      for (guint i = 0; i < kind->fields->len; i++)
        {
          const SyncColumn *column = &g_array_index (kind->fields, SyncColumn, i);

          g_string_append_printf (changed, " OR NEW.%s IS NOT OLD.%s", column->column, column->column);
          g_string_append_printf (fields, ", CASE WHEN NEW.%s IS OLD.%s THEN '$.%s' ELSE '$.\"\"' END",
                                  column->column, column->column, column->name);
        }
      g_string_append (fields, ")");
      if (kind->soft_delete)
        g_string_append (changed, " OR NEW.deleted_at IS NOT OLD.deleted_at");
      update = capture_sql (kind, "NEW", fields->str,
                            kind->soft_delete ? "CASE WHEN NEW.deleted_at IS NOT OLD.deleted_at THEN NEW.deleted_at IS NOT NULL END"
                                              : "NULL");
      g_string_append_printf (sql, "CREATE TRIGGER sync_%s_changed AFTER UPDATE ON %s WHEN %s AND (%s) BEGIN %s END;",
                              kind->kind, kind->kind, when, changed->str, update);
      g_string_free (changed, TRUE);
      g_string_free (fields, TRUE);
    }
  return g_string_free (sql, FALSE);
}

/* Every capture trigger there is, whatever version made it. */
static gboolean
drop_triggers (CoStore  *store,
               GError  **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'sync_*'", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, column_text (stmt, 0));
  sqlite3_reset (stmt);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TRIGGER \"%s\"", (const char *) names->pdata[i]);

      if (!co_store_exec (store, sql, error))
        return FALSE;
    }
  return TRUE;
}

/* The triggers this version makes, made again when they differ from those there (checked by
 * each round: a new version's columns are then captured). */
static gboolean
create_triggers (CoStore  *store,
                 GError  **error)
{
  guint n_kinds;
  const SyncKind *kinds = co_sync_kinds (&n_kinds);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *checksum = NULL;
  sqlite3_stmt *stmt;
  gboolean same;

  for (guint i = 0; i < n_kinds; i++)
    {
      g_autofree char *kind_sql = triggers_sql (&kinds[i]);

      g_string_append (sql, kind_sql);
    }
  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, sql->str, sql->len);
  stmt = co_store_prepare (store, "SELECT triggers = ? FROM sync_connection", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, checksum, -1, SQLITE_TRANSIENT);
  same = co_store_step_int (stmt, 0) == 1;
  if (same)
    return TRUE;
  if (!drop_triggers (store, error) || !co_store_exec (store, sql->str, error))
    return FALSE;
  stmt = co_store_prepare (store, "UPDATE sync_connection SET triggers = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, checksum, -1, SQLITE_TRANSIENT);
  return co_store_step_done (store, stmt, error);
}

/* ---- applying a change ---- */

/* The SQL expression of the value of @column in the fields JSON (parameter 1). */
static char *
field_value_sql (const SyncColumn *column)
{
  g_autofree char *value = g_strdup_printf ("json_extract (?1, '$.%s')", column->name);

  if (column->bytes)
    return g_strdup_printf ("co_unbase64 (%s)", value);
  if (column->ref_table == NULL)
    return g_steal_pointer (&value);
  if (co_sync_key_parts (column) == 2)
    return g_strdup_printf ("(SELECT s.id FROM memberships s WHERE s.group_id = (SELECT id FROM groups WHERE uuid = substr (%s, 1, 36))"
                            " AND s.member_id = (SELECT id FROM members WHERE uuid = substr (%s, 38)))", value, value);
  return g_strdup_printf ("(SELECT id FROM %s WHERE uuid = %s)", column->ref_table, value);
}

/* The SQL expression of a key column from the key's parts, parameters @param on. */
static char *
key_value_sql (const SyncColumn *column,
               guint             param)
{
  if (column->ref_table == NULL)
    return g_strdup_printf ("?%u", param);
  if (co_sync_key_parts (column) == 2)
    /* Each uuid through its index, then the membership through (group_id, member_id). */
    return g_strdup_printf ("(SELECT s.id FROM memberships s WHERE s.group_id = (SELECT id FROM groups WHERE uuid = ?%u)"
                            " AND s.member_id = (SELECT id FROM members WHERE uuid = ?%u))", param, param + 1);
  return g_strdup_printf ("(SELECT id FROM %s WHERE uuid = ?%u)", column->ref_table, param);
}

static char *
key_where_sql (const SyncKind *kind)
{
  GString *sql = g_string_new (NULL);
  guint param = 2;

  for (guint i = 0; i < kind->key->len; i++)
    {
      const SyncColumn *column = &g_array_index (kind->key, SyncColumn, i);
      g_autofree char *value = key_value_sql (column, param);

      g_string_append_printf (sql, "%s%s IS %s", i > 0 ? " AND " : "", column->column, value);
      param += co_sync_key_parts (column);
    }
  return g_string_free (sql, FALSE);
}

static guint
key_n_parts (const SyncKind *kind)
{
  guint n = 0;

  for (guint i = 0; i < kind->key->len; i++)
    n += co_sync_key_parts (&g_array_index (kind->key, SyncColumn, i));
  return n;
}

/* Binds the fields JSON as parameter 1 and the key's parts from 2 on (an empty part is NULL). */
static void
bind_change (sqlite3_stmt *stmt,
             const char   *fields,
             char        **parts)
{
  sqlite3_bind_text (stmt, 1, fields, -1, SQLITE_TRANSIENT);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      sqlite3_bind_text (stmt, i + 2, parts[i], -1, SQLITE_TRANSIENT);
}

static gboolean
run_change (CoStore     *store,
            const char  *sql,
            const char  *fields,
            char       **parts,
            GError     **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_change (stmt, fields, parts);
  return co_store_step_done (store, stmt, error);
}

static gint64
count_change (CoStore     *store,
              const char  *sql,
              const char  *fields,
              char       **parts)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return 0;
  bind_change (stmt, fields, parts);
  return co_store_step_int (stmt, 0);
}

/* The fields of the record's changes still in the outbox, and whether one deletes or restores. */
static GHashTable *
pending_fields (CoStore    *store,
                const char *kind,
                const char *key,
                gboolean   *pending_delete)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT j.key FROM sync_outbox o, json_each (o.fields) j WHERE o.kind = ?1 AND o.key = ?2", NULL);

  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (fields, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  stmt = co_store_prepare (store,
    "SELECT count (*) FROM sync_outbox WHERE kind = ?1 AND key = ?2 AND deleted IS NOT NULL", NULL);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  *pending_delete = co_store_step_int (stmt, 0) > 0;
  return fields;
}

/* The record as the server has it now: a pulled change that restores a record deleted here, or
 * changes one this workspace does not have, carries only some of its fields. */
static char *
server_record (Session    *s,
               const char *kind,
               const char *key)
{
  const char *params[] = { kind, key };
  PGresult *result;

  if (s->conn == NULL)
    return NULL;  /* applying "use mine" here: the record comes with the next pull */
  result = pg_run (s->conn, "SELECT fields::text FROM communityops.records"
                                      " WHERE kind = $1 AND key = $2 AND NOT deleted", 2, params, NULL);
  char *fields = NULL;

  if (result != NULL && PQntuples (result) == 1)
    fields = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  return fields;
}

static gboolean
insert_record (CoStore         *store,
               const SyncKind  *kind,
               const char      *fields_json,
               JsonObject      *fields,
               char           **parts,
               GError         **error)
{
  GString *columns = g_string_new (NULL), *values = g_string_new (NULL);
  g_autofree char *sql = NULL;
  g_autofree char *now = co_store_now ();
  guint param = 2;
  gboolean ok;

  for (guint i = 0; i < kind->key->len; i++)
    {
      const SyncColumn *column = &g_array_index (kind->key, SyncColumn, i);
      g_autofree char *value = key_value_sql (column, param);

      g_string_append_printf (columns, "%s%s", columns->len > 0 ? ", " : "", column->column);
      g_string_append_printf (values, "%s%s", values->len > 0 ? ", " : "", value);
      if (kind->group_parent != NULL && strcmp (column->column, kind->group_parent) == 0)
        {
          g_string_append (columns, ", group_id");
          g_string_append_printf (values, ", (SELECT group_id FROM %s WHERE id = %s)", kind->group_parent_table, value);
        }
      param += co_sync_key_parts (column);
    }
  for (guint i = 0; i < kind->fields->len; i++)
    {
      const SyncColumn *column = &g_array_index (kind->fields, SyncColumn, i);
      g_autofree char *value = NULL;

      if (!json_object_has_member (fields, column->name))
        continue;
      value = field_value_sql (column);
      g_string_append_printf (columns, ", %s", column->column);
      g_string_append_printf (values, ", %s", value);
      if (kind->group_parent != NULL && strcmp (column->column, kind->group_parent) == 0)
        {
          g_string_append (columns, ", group_id");
          g_string_append_printf (values, ", (SELECT group_id FROM %s WHERE id = %s)", kind->group_parent_table, value);
        }
    }
  if (kind->has_created)
    g_string_append_printf (columns, ", created_at");
  if (kind->has_created)
    g_string_append_printf (values, ", '%s'", now);
  if (kind->has_updated)
    {
      g_string_append_printf (columns, ", updated_at");
      g_string_append_printf (values, ", '%s'", now);
    }
  sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", kind->kind, columns->str, values->str);
  g_string_free (columns, TRUE);
  g_string_free (values, TRUE);
  ok = run_change (store, sql, fields_json, parts, error);
  /* The extended code (SQLITE_CONSTRAINT_NOTNULL, _UNIQUE, ...): its low byte is the kind. */
  if (!ok && (co_store_errcode (store) & 0xff) == SQLITE_CONSTRAINT)
    {
      /* A record this workspace cannot take (a second group of the same name, a reference
       * whose row is gone): left out, the others applied. */
      g_message ("A pulled %s record was left out: %s", kind->kind, (*error)->message);
      g_clear_error (error);
      return TRUE;
    }
  return ok;
}

/* Applies one pulled change; *applied tells whether it changed anything here. */
static gboolean
apply_change (Session     *s,
              const char  *kind_name,
              const char  *key,
              const char  *fields_json,
              int          deleted,   /* -1: NULL */
              gboolean     respect_outbox,
              gboolean     only_if_missing,  /* one's own change: here already, unless restored */
              GError     **error)
{
  const SyncKind *kind = co_sync_kind_named (kind_name);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GHashTable) pending = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *where = NULL, *exists_sql = NULL, *full = NULL;
  gboolean pending_delete = FALSE;
  JsonObject *fields;

  if (kind == NULL)
    return TRUE;  /* a kind of a newer version: it comes with the record, when this one updates */
  parts = g_strsplit (key, "/", -1);
  if (g_strv_length (parts) != key_n_parts (kind) || !json_parser_load_from_data (parser, fields_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return TRUE;
  fields = json_node_get_object (json_parser_get_root (parser));
  if (respect_outbox)
    pending = pending_fields (s->store, kind_name, key, &pending_delete);
  where = key_where_sql (kind);
  exists_sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE %s", kind->kind, where);
  if (only_if_missing && (deleted == 1 || count_change (s->store, exists_sql, fields_json, parts) > 0))
    return TRUE;
  co_store_note_change (s->store, kind_name, 0);

  if (kind->is_day_total)
    {
      g_autofree char *remove = g_strdup_printf ("DELETE FROM member_activity WHERE %s", where);

      if (pending_delete || (pending != NULL && g_hash_table_size (pending) > 0))
        return TRUE;
      if (!run_change (s->store, remove, fields_json, parts, error))
        return FALSE;
      if (deleted == 1 || !json_object_has_member (fields, "count") || json_object_get_null_member (fields, "count"))
        return TRUE;
      return insert_record (s->store, kind, fields_json, fields, parts, error);
    }

  if (deleted == 1)
    {
      g_autofree char *sql = NULL;

      if (pending_delete)
        return TRUE;
      if (kind->soft_delete)
        sql = g_strdup_printf ("UPDATE %s SET deleted_at = strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now')"
                               " WHERE %s AND deleted_at IS NULL", kind->kind, where);
      else
        sql = g_strdup_printf ("DELETE FROM %s WHERE %s", kind->kind, where);
      return run_change (s->store, sql, fields_json, parts, error);
    }

  if (count_change (s->store, exists_sql, fields_json, parts) == 0)
    {
      gboolean complete = TRUE;

      for (guint i = 0; i < kind->fields->len && complete; i++)
        complete = json_object_has_member (fields, g_array_index (kind->fields, SyncColumn, i).name);
      if (!complete)
        {
          g_autoptr(JsonParser) full_parser = json_parser_new ();

          full = server_record (s, kind_name, key);
          if (full == NULL || !json_parser_load_from_data (full_parser, full, -1, NULL))
            return TRUE;
          return insert_record (s->store, kind, full, json_node_get_object (json_parser_get_root (full_parser)),
                                parts, error);
        }
      return insert_record (s->store, kind, fields_json, fields, parts, error);
    }

  {
    GString *set = g_string_new (NULL);
    g_autofree char *sql = NULL;
    gboolean ok = TRUE;

    for (guint i = 0; i < kind->fields->len; i++)
      {
        const SyncColumn *column = &g_array_index (kind->fields, SyncColumn, i);
        g_autofree char *value = NULL;

        if (!json_object_has_member (fields, column->name) ||
            (pending != NULL && g_hash_table_contains (pending, column->name)))
          continue;
        value = field_value_sql (column);
        g_string_append_printf (set, "%s%s = %s", set->len > 0 ? ", " : "", column->column, value);
      }
    if (deleted == 0 && kind->soft_delete && !pending_delete)
      g_string_append_printf (set, "%sdeleted_at = NULL", set->len > 0 ? ", " : "");
    if (set->len > 0 && kind->has_updated)
      g_string_append (set, ", updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ', 'now')");
    if (set->len > 0)
      {
        sql = g_strdup_printf ("UPDATE %s SET %s WHERE %s", kind->kind, set->str, where);
        ok = run_change (s->store, sql, fields_json, parts, error);
      }
    g_string_free (set, TRUE);
    return ok;
  }
}

/* ---- push and pull ---- */

typedef struct
{
  gint64 id;
  char  *change_id, *kind, *key, *group_uuid, *fields, *deleted, *base_seq;
  char  *refused;
} Outgoing;

static void
outgoing_clear (gpointer data)
{
  Outgoing *o = data;

  g_free (o->change_id);
  g_free (o->kind);
  g_free (o->key);
  g_free (o->group_uuid);
  g_free (o->fields);
  g_free (o->deleted);
  g_free (o->base_seq);
  g_free (o->refused);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static GArray *
next_batch (CoStore  *store,
            GError  **error)
{
  GArray *batch = g_array_new (FALSE, TRUE, sizeof (Outgoing));
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT id, change_id, kind, key, group_uuid, fields, deleted, base_seq FROM sync_outbox ORDER BY id LIMIT ?", error);

  g_array_set_clear_func (batch, outgoing_clear);
  if (stmt == NULL)
    return batch;
  sqlite3_bind_int (stmt, 1, co_sync_batch_size);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Outgoing o = { sqlite3_column_int64 (stmt, 0), column_text (stmt, 1), column_text (stmt, 2),
                     column_text (stmt, 3), column_text (stmt, 4), column_text (stmt, 5),
                     sqlite3_column_type (stmt, 6) == SQLITE_NULL ? NULL
                       : g_strdup (sqlite3_column_int (stmt, 6) ? "true" : "false"),
                     column_text (stmt, 7), NULL };
      g_array_append_val (batch, o);
    }
  sqlite3_reset (stmt);
  return batch;
}

static void
set_broken (GError **error)
{
  g_set_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_SERVER,
               _("The connection to the team server broke; the changes not sent stay to send at the next sync."));
}

/* @batch as communityops.push_batch takes it. */
static char *
batch_json (GArray *batch)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < batch->len; i++)
    {
      Outgoing *o = &g_array_index (batch, Outgoing, i);
      JsonNode *fields = json_from_string (o->fields, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "change_id");
      json_builder_add_string_value (builder, o->change_id);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, o->kind);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, o->key);
      json_builder_set_member_name (builder, "group_uuid");
      if (o->group_uuid != NULL)
        json_builder_add_string_value (builder, o->group_uuid);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "fields");
      if (fields != NULL)
        json_builder_add_value (builder, fields);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "base_seq");
      json_builder_add_int_value (builder, g_ascii_strtoll (o->base_seq, NULL, 10));
      json_builder_set_member_name (builder, "deleted");
      if (o->deleted != NULL)
        json_builder_add_boolean_value (builder, strcmp (o->deleted, "true") == 0);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Sends @batch in one transaction, one round trip (communityops.push_batch); a change the server
 * refuses is marked with its reason, the others applied. */
static gboolean
push_batch (Session  *s,
            GArray   *batch,
            guint    *sent,
            GError  **error)
{
  g_autofree char *json = batch_json (batch);
  const char *params[] = { json };
  PGresult *result;

  if (!pg_command (s->conn, "BEGIN", NULL))
    {
      set_broken (error);
      return FALSE;
    }
  result = PQexecParams (s->conn, "SELECT change_id, refused FROM communityops.push_batch ($1)", 1, NULL,
                         params, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) != (int) batch->len)
    {
      if (PQstatus (s->conn) == CONNECTION_OK)
        set_server_error (s->conn, result, error);
      else
        set_broken (error);
      PQclear (result);
      return FALSE;
    }
  /* In the batch's order. */
  for (guint i = 0; i < batch->len; i++)
    {
      Outgoing *o = &g_array_index (batch, Outgoing, i);

      if (PQgetisnull (result, i, 1))
        {
          (*sent)++;
          if (s->pushed == NULL)
            s->pushed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_add (s->pushed, g_strdup (o->change_id));
        }
      else
        o->refused = g_strdup (PQgetvalue (result, i, 1));
    }
  PQclear (result);
  if (co_sync_push_hook != NULL && !co_sync_push_hook (s->conn, batch->len, FALSE))
    {
      set_broken (error);
      return FALSE;
    }
  if (!pg_command (s->conn, "COMMIT", NULL))
    {
      set_broken (error);
      return FALSE;
    }
  if (co_sync_push_hook != NULL && !co_sync_push_hook (s->conn, batch->len, TRUE))
    {
      set_broken (error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
forget_batch (CoStore  *store,
              GArray   *batch,
              guint    *refused,
              GError  **error)
{
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;

  if (!co_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < batch->len; i++)
    {
      Outgoing *o = &g_array_index (batch, Outgoing, i);

      if (o->refused == NULL)
        continue;
      stmt = co_store_prepare (store,
        "INSERT OR IGNORE INTO sync_refused (change_id, kind, key, group_uuid, fields, deleted, reason, refused_at)"
        " SELECT change_id, kind, key, group_uuid, fields, deleted, ?2, ?3 FROM sync_outbox WHERE id = ?1", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, o->id);
      sqlite3_bind_text (stmt, 2, o->refused, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      if (!co_store_step_done (store, stmt, error))
        goto failed;
      (*refused)++;
    }
  stmt = co_store_prepare (store, "DELETE FROM sync_outbox WHERE id <= ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, g_array_index (batch, Outgoing, batch->len - 1).id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

static gboolean
push (Session      *s,
      CoSyncRound  *round,
      GError      **error)
{
  for (;;)
    {
      g_autoptr(GArray) batch = next_batch (s->store, error);

      if (batch->len == 0)
        return error == NULL || *error == NULL;
      if (!push_batch (s, batch, &round->sent, error))
        {
          if (PQtransactionStatus (s->conn) == PQTRANS_INTRANS || PQtransactionStatus (s->conn) == PQTRANS_INERROR)
            PQclear (PQexec (s->conn, "ROLLBACK"));
          return FALSE;
        }
      if (!forget_batch (s->store, batch, &round->refused, error))
        return FALSE;
    }
}

/* The conflicts of the changes pulled that concern this workspace: a value of mine that a
 * teammate's change replaced, my edit of a record they had deleted, my edits their delete threw
 * away. */
static gboolean
record_conflicts (Session      *s,
                  const char   *from_seq,
                  const char   *to_seq,
                  CoSyncRound  *round,
                  GError      **error)
{
  const char *params[] = { from_seq, to_seq };
  PGresult *result = pg_run (s->conn,
    "SELECT c.seq, ch.kind, ch.key, c.field,"
    "       CASE WHEN c.deleted THEN c.mine ELSE c.theirs END::text,"
    "       CASE WHEN c.deleted THEN NULL ELSE c.mine END::text,"
    "       CASE WHEN c.deleted THEN c.theirs_by ELSE ch.changed_by END,"
    "       to_char (CASE WHEN c.deleted THEN c.theirs_at ELSE ch.changed_at END, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    "       c.deleted OR coalesce (ch.deleted, false)"
    " FROM communityops.conflicts c JOIN communityops.changes ch ON ch.seq = c.seq"
    " WHERE c.seq > $1 AND c.seq <= $2"
    "   AND ((c.deleted AND ch.changed_by = current_user) OR (NOT c.deleted AND c.theirs_by = current_user))"
    " ORDER BY c.seq, c.field", 2, params, error);

  if (result == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++)
    {
      sqlite3_stmt *stmt = co_store_prepare (s->store,
        "INSERT OR IGNORE INTO sync_conflicts (seq, kind, key, field, mine, theirs, theirs_by, theirs_at, deleted)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

      if (stmt == NULL)
        {
          PQclear (result);
          return FALSE;
        }
      for (int c = 0; c < 8; c++)
        if (pg_value (result, row, c) != NULL)
          sqlite3_bind_text (stmt, c + 1, pg_value (result, row, c), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 9, strcmp (PQgetvalue (result, row, 8), "t") == 0);
      if (!co_store_step_done (s->store, stmt, error))
        {
          PQclear (result);
          return FALSE;
        }
      round->conflicts += sqlite3_changes (sqlite3_db_handle (stmt));
    }
  PQclear (result);
  return TRUE;
}

static gboolean
set_capture (CoStore   *store,
             gboolean   capture,
             GError   **error)
{
  return co_store_exec (store, capture ? "UPDATE sync_connection SET capture = 1"
                                       : "UPDATE sync_connection SET capture = 0", error);
}

/* Pulls and applies the changes after s->last_seq, in chunks, within the caller's transaction. */
static gboolean
pull_changes (Session      *s,
              CoSyncRound  *round,
              GError      **error)
{
  g_autofree char *first = g_strdup_printf ("%" G_GINT64_FORMAT, s->last_seq);
  const char *range_params[] = { first };
  gint64 own_done_until = 0;
  PGresult *range;

  /* The changes this round pushed are here already (but for a record restored by "use mine",
   * which comes back with its change). They are replayed when any other change lies among them
   * (a teammate's, or one's own from another computer), to keep the server's order; a change
   * arriving later comes after them all. */
  range = pg_run (s->conn, "SELECT max (seq), count (*) FROM communityops.changes WHERE seq > $1",
                  1, range_params, error);
  if (range == NULL)
    return FALSE;
  if (s->pushed != NULL && !PQgetisnull (range, 0, 0) &&
      g_ascii_strtoll (PQgetvalue (range, 0, 1), NULL, 10) == g_hash_table_size (s->pushed))
    own_done_until = g_ascii_strtoll (PQgetvalue (range, 0, 0), NULL, 10);
  PQclear (range);

  for (;;)
    {
      g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, s->last_seq);
      const char *params[] = { from };
      PGresult *result = pg_run (s->conn,
        "SELECT seq, kind, key, fields::text, deleted, changed_by,"
        "       to_char (changed_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), change_id"
        " FROM communityops.changes WHERE seq > $1 ORDER BY seq LIMIT 20000", 1, params, error);
      int n;

      if (result == NULL)
        return FALSE;
      n = PQntuples (result);
      for (int row = 0; row < n; row++)
        {
          const char *deleted = pg_value (result, row, 4);
          const char *fields = PQgetvalue (result, row, 3);
          gint64 seq = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10);
          gboolean own = s->pushed != NULL && g_hash_table_contains (s->pushed, PQgetvalue (result, row, 7));
          sqlite3_stmt *stmt;

          if (!apply_change (s, PQgetvalue (result, row, 1), PQgetvalue (result, row, 2), fields,
                             deleted == NULL ? -1 : deleted[0] == 't', TRUE, own && seq <= own_done_until, error))
            {
              PQclear (result);
              return FALSE;
            }
          if (strcmp (fields, "{}") != 0 || deleted != NULL)
            {
              stmt = co_store_prepare (s->store, "INSERT OR REPLACE INTO sync_record_changes VALUES (?, ?, ?, ?)", error);
              if (stmt == NULL)
                {
                  PQclear (result);
                  return FALSE;
                }
              for (int c = 0; c < 4; c++)
                sqlite3_bind_text (stmt, c + 1, PQgetvalue (result, row, c == 0 ? 1 : c == 1 ? 2 : c + 3), -1,
                                   SQLITE_TRANSIENT);
              if (!co_store_step_done (s->store, stmt, error))
                {
                  PQclear (result);
                  return FALSE;
                }
            }
          s->last_seq = seq;
          if (strcmp (PQgetvalue (result, row, 5), co_team_server_get_login (s->server)) != 0)
            round->received++;
        }
      PQclear (result);
      if (n < 20000)
        break;
    }
  {
    g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, s->last_seq);
    return record_conflicts (s, first, last, round, error);
  }
}

static gboolean
save_last_seq (Session  *s,
               GError  **error)
{
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt = co_store_prepare (s->store, "UPDATE sync_connection SET last_seq = ?, last_sync = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, s->last_seq);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  return co_store_step_done (s->store, stmt, error);
}

static gboolean
pull (Session      *s,
      CoSyncRound  *round,
      GError      **error)
{
  if (!co_store_begin (s->store, error))
    return FALSE;
  if (!create_triggers (s->store, error) || !set_capture (s->store, FALSE, error) ||
      !pull_changes (s, round, error) || !set_capture (s->store, TRUE, error) || !save_last_seq (s, error))
    {
      co_store_rollback (s->store);
      return FALSE;
    }
  return co_store_commit (s->store, error);
}

/* ---- connecting ---- */

static gboolean
read_connection (CoStore  *store,
                 char    **conninfo,
                 gint64   *last_seq)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT conninfo, last_seq FROM sync_connection", NULL);
  gboolean found = FALSE;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      if (conninfo != NULL)
        *conninfo = column_text (stmt, 0);
      if (last_seq != NULL)
        *last_seq = sqlite3_column_int64 (stmt, 1);
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return found;
}

static gboolean
local_has_data (CoStore *store)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT EXISTS (SELECT 1 FROM groups) OR EXISTS (SELECT 1 FROM members)", NULL);

  return stmt != NULL && co_store_step_int (stmt, 0) != 0;
}

/* ---- the first upload's records, as COPY's binary format ---- */

/* The records travel in COPY's binary format (PostgreSQL's documentation, COPY, "Binary
 * Format"): a header, then each record as its five columns, each a length and its bytes, then a
 * trailer. The server takes a uuid's 16 bytes and a boolean's one as they are, and a text without
 * unescaping it: the COPY took 0.4 s less of its processor than the same records as text, for a
 * million. */
#define COPY_BINARY_HEADER "PGCOPY\n\377\r\n\0" "\0\0\0\0" "\0\0\0\0"  /* signature, flags, no extension */

static void
append_int16 (GString *out,
              gint16   value)
{
  guint16 big_endian = GUINT16_TO_BE ((guint16) value);

  g_string_append_len (out, (const char *) &big_endian, sizeof big_endian);
}

static void
append_int32 (GString *out,
              gint32   value)
{
  guint32 big_endian = GUINT32_TO_BE ((guint32) value);

  g_string_append_len (out, (const char *) &big_endian, sizeof big_endian);
}

/* A column's value: its length and its bytes, or NULL. */
static void
append_column (GString    *out,
               const void *bytes,
               gsize       length)
{
  if (bytes == NULL)
    {
      append_int32 (out, -1);
      return;
    }
  append_int32 (out, (gint32) length);
  g_string_append_len (out, bytes, length);
}

/* A uuid's 16 bytes from its text, as PostgreSQL reads one (uuid.c: string_to_uuid): hex digits
 * in either case, a hyphen allowed after any four of them, braces around it all. */
static gboolean
parse_uuid (const char *text,
            guint8      uuid[16])
{
  const char *p = text;
  gboolean braces = *p == '{';

  if (braces)
    p++;
  for (guint i = 0; i < 16; i++)
    {
      int high = g_ascii_xdigit_value (p[0]);
      int low = high < 0 ? -1 : g_ascii_xdigit_value (p[1]);

      if (low < 0)
        return FALSE;
      uuid[i] = (guint8) (high << 4 | low);
      p += 2;
      if (*p == '-' && i % 2 == 1 && i < 15)
        p++;
    }
  if (braces && *p++ != '}')
    return FALSE;
  return *p == '\0';
}

/* A record's group from its uuid's text @text (NULL: none): in @bytes, @uuid with its bytes or
 * NULL. */
static gboolean
group_uuid_bytes (const char    *text,
                  guint8         uuid[16],
                  const guint8 **bytes,
                  GError       **error)
{
  *bytes = NULL;
  if (text == NULL)
    return TRUE;
  if (!parse_uuid (text, uuid))
    {
      g_set_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_SERVER, _("“%s” is not the id of a group."), text);
      return FALSE;
    }
  *bytes = uuid;
  return TRUE;
}

/* One record as a row of pg_temp.upload (kind, key, group_uuid, fields, deleted). */
static void
append_record (GString      *out,
               const char   *kind,
               const char   *key,
               gsize         key_length,
               const guint8 *group_uuid,
               const char   *fields,
               gboolean      deleted)
{
  guint8 deleted_byte = deleted ? 1 : 0;

  append_int16 (out, 5);
  append_column (out, kind, strlen (kind));
  append_column (out, key, key_length);
  append_column (out, group_uuid, 16);
  if (fields == NULL)
    append_int32 (out, -1);
  else
    {
      gsize length = strlen (fields);

      /* jsonb: its version, 1, then the text. */
      append_int32 (out, (gint32) (1 + length));
      g_string_append_c (out, 1);
      g_string_append_len (out, fields, length);
    }
  append_column (out, &deleted_byte, 1);
}

/* Sends what @out holds once it is more than @at_least bytes (0: whatever it holds). */
static gboolean
send_copy (Session  *s,
           GString  *out,
           gsize     at_least,
           GError  **error)
{
  if (out->len == 0 || out->len < at_least)
    return TRUE;
  if (PQputCopyData (s->conn, out->str, out->len) != 1)
    {
      set_broken (error);
      return FALSE;
    }
  g_string_truncate (out, 0);
  return TRUE;
}

static int
compare_kind_names (gconstpointer a,
                    gconstpointer b)
{
  return strcmp ((*(const SyncKind * const *) a)->kind, (*(const SyncKind * const *) b)->kind);
}

/* Whether the records of @kind are uploaded in this workspace's order (the order of its ids),
 * which the next teammates' downloads keep: a list's records of equal positions (a group's tiers)
 * are in the order of their ids wherever the app reads them. */
static gboolean
keeps_local_order (const SyncKind *kind)
{
  for (guint i = 0; i < kind->fields->len; i++)
    if (strcmp (g_array_index (kind->fields, SyncColumn, i).column, "position") == 0)
      return TRUE;
  return FALSE;
}

/* A day total on its way: member_activity's rows of one membership, date and kind, summed. */
typedef struct
{
  guint32 membership;  /* the membership's place in the order of their keys */
  guint32 date;        /* the date's and the kind's places among every row's, in byte order */
  guint32 kind;
  gint64  count;
} DayTotal;

static int
compare_day_totals (gconstpointer a,
                    gconstpointer b)
{
  const DayTotal *x = a, *y = b;

  if (x->membership != y->membership)
    return x->membership < y->membership ? -1 : 1;
  if (x->date != y->date)
    return x->date < y->date ? -1 : 1;
  return (x->kind > y->kind) - (x->kind < y->kind);
}

/* The distinct texts of a column, numbered as they come. */
typedef struct
{
  GHashTable *numbers;  /* text → its number + 1 */
  GPtrArray  *texts;    /* by number */
} Texts;

static guint32
texts_number (Texts      *t,
              const char *text)
{
  gpointer found = g_hash_table_lookup (t->numbers, text);
  char *copy;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  copy = g_strdup (text);
  g_ptr_array_add (t->texts, copy);
  g_hash_table_insert (t->numbers, copy, GUINT_TO_POINTER (t->texts->len));
  return t->texts->len - 1;
}

static int
compare_texts (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Each text's place in byte order, by its number; @t's texts are left in that order. */
static guint32 *
texts_sort (Texts *t)
{
  guint32 *place = g_new (guint32, t->texts->len);

  g_ptr_array_sort (t->texts, compare_texts);
  for (guint i = 0; i < t->texts->len; i++)
    place[GPOINTER_TO_UINT (g_hash_table_lookup (t->numbers, t->texts->pdata[i])) - 1] = i;
  return place;
}

static void
texts_clear (Texts *t)
{
  g_hash_table_unref (t->numbers);
  g_ptr_array_unref (t->texts);
}

/* A membership whose day totals are on their way. */
typedef struct
{
  char    *key;
  guint8   group_uuid[16];
  gboolean has_group;
} DayTotalsMembership;

static void
day_totals_membership_clear (gpointer data)
{
  g_free (((DayTotalsMembership *) data)->key);
}

/* The day totals (co-sync-kinds.c), in the order of their keys: a membership's key, the date,
 * the kind. SQLite summing a million rows by GROUP BY and sorting the keys they made took 2 s of
 * the client's 2.7: here the rows are read in the table's order, each membership, date and kind
 * numbered in byte order, and sorted as numbers (24 bytes a row in memory). A membership's keys
 * all have one length (two uuids), so that the order of the parts is the keys' byte order. A day
 * total's group is its membership's (member_activity.group_id is a copy of it). */
static gboolean
copy_day_totals (Session  *s,
                 GString  *out,
                 GError  **error)
{
  const SyncKind *kind = co_sync_kind_named ("memberships");
  g_autofree char *key_sql = co_sync_key_sql (kind, "s");
  g_autofree char *group_sql = co_sync_group_sql (kind, "s");
  g_autofree char *sql = g_strdup_printf ("SELECT s.id, %s, %s FROM memberships s ORDER BY 2", key_sql, group_sql);
  g_autoptr(GHashTable) places = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) memberships = g_array_new (FALSE, FALSE, sizeof (DayTotalsMembership));
  Texts dates = { g_hash_table_new (g_str_hash, g_str_equal), g_ptr_array_new_with_free_func (g_free) };
  Texts kinds = { g_hash_table_new (g_str_hash, g_str_equal), g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GString) key = g_string_new (NULL);
  g_autofree guint32 *date_places = NULL, *kind_places = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_array_set_clear_func (memberships, day_totals_membership_clear);
  stmt = co_store_prepare (s->store, sql, error);
  if (stmt == NULL)
    goto out;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      DayTotalsMembership m = { NULL };
      const guint8 *group;

      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        continue;  /* its group or member gone: no key */
      if (!group_uuid_bytes ((const char *) sqlite3_column_text (stmt, 2), m.group_uuid, &group, error))
        {
          sqlite3_reset (stmt);
          goto out;
        }
      m.key = column_text (stmt, 1);
      m.has_group = group != NULL;
      g_array_append_val (memberships, m);
      g_hash_table_insert (places, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (memberships->len));
    }
  sqlite3_reset (stmt);

  stmt = co_store_prepare (s->store, "SELECT count (*) FROM member_activity", error);
  if (stmt == NULL)
    goto out;
  totals = g_array_sized_new (FALSE, FALSE, sizeof (DayTotal), co_store_step_int (stmt, 0));
  stmt = co_store_prepare (s->store, "SELECT membership_id, date, kind, count FROM member_activity", error);
  if (stmt == NULL)
    goto out;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 membership = sqlite3_column_int64 (stmt, 0);
      gpointer place = g_hash_table_lookup (places, &membership);
      DayTotal total;

      if (place == NULL)
        continue;
      total.membership = GPOINTER_TO_UINT (place) - 1;
      total.date = texts_number (&dates, (const char *) sqlite3_column_text (stmt, 1));
      total.kind = texts_number (&kinds, (const char *) sqlite3_column_text (stmt, 2));
      total.count = sqlite3_column_int64 (stmt, 3);
      g_array_append_val (totals, total);
    }
  sqlite3_reset (stmt);

  date_places = texts_sort (&dates);
  kind_places = texts_sort (&kinds);
  for (guint i = 0; i < totals->len; i++)
    {
      DayTotal *total = &g_array_index (totals, DayTotal, i);

      total->date = date_places[total->date];
      total->kind = kind_places[total->kind];
    }
  g_array_sort (totals, compare_day_totals);

  for (guint i = 0; i < totals->len;)
    {
      const DayTotal *first = &g_array_index (totals, DayTotal, i);
      const DayTotalsMembership *m = &g_array_index (memberships, DayTotalsMembership, first->membership);
      gint64 count = 0;
      char fields[48];

      for (; i < totals->len && compare_day_totals (first, &g_array_index (totals, DayTotal, i)) == 0; i++)
        count += g_array_index (totals, DayTotal, i).count;
      g_string_assign (key, m->key);
      g_string_append_c (key, '/');
      g_string_append (key, dates.texts->pdata[first->date]);
      g_string_append_c (key, '/');
      g_string_append (key, kinds.texts->pdata[first->kind]);
      g_snprintf (fields, sizeof fields, "{\"count\":%" G_GINT64_FORMAT "}", count);
      append_record (out, "member_activity", key->str, key->len, m->has_group ? m->group_uuid : NULL, fields, FALSE);
      if (!send_copy (s, out, 1 << 20, error))
        goto out;
    }
  ok = TRUE;

out:
  texts_clear (&dates);
  texts_clear (&kinds);
  return ok;
}

/* Each record of the workspace as a row of COPY, in the order of the server's index on
 * (kind, key), byte by byte: the index then fills at its right edge, page after page, instead of
 * splitting pages all over it for keys in random order (uuids), which took two thirds of the
 * server's time. Groups (parents first) and lists keep this workspace's order: few records. */
static gboolean
copy_records (Session  *s,
              GError  **error)
{
  guint n_kinds;
  const SyncKind *kinds = co_sync_kinds (&n_kinds);
  g_autofree const SyncKind **in_order = g_new (const SyncKind *, n_kinds);
  g_autoptr(GString) out = g_string_sized_new (2 << 20);

  g_string_append_len (out, COPY_BINARY_HEADER, sizeof COPY_BINARY_HEADER - 1);
  for (guint k = 0; k < n_kinds; k++)
    in_order[k] = &kinds[k];
  qsort (in_order, n_kinds, sizeof *in_order, compare_kind_names);
  for (guint k = 0; k < n_kinds; k++)
    {
      const SyncKind *kind = in_order[k];
      g_autofree char *key = NULL, *group = NULL, *fields = NULL, *sql = NULL;
      sqlite3_stmt *stmt;

      if (kind->is_day_total)
        {
          if (!copy_day_totals (s, out, error))
            return FALSE;
          continue;
        }
      /* ORDER BY 1: SQLite's BINARY collation compares bytes, as COLLATE "C" does. */
      key = co_sync_key_sql (kind, "r");
      group = co_sync_group_sql (kind, "r");
      fields = co_sync_fields_sql (kind, "r");
      sql = g_strdup_printf ("SELECT %s, %s, %s, %s FROM %s r ORDER BY %s", key, group, fields,
                             kind->soft_delete ? "r.deleted_at IS NOT NULL" : "0", kind->kind,
                             strcmp (kind->kind, "groups") == 0 ? "r.parent_id IS NOT NULL, r.id"
                             : keeps_local_order (kind) ? "r.id" : "1");
      stmt = co_store_prepare (s->store, sql, error);
      if (stmt == NULL)
        return FALSE;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *record_key = (const char *) sqlite3_column_text (stmt, 0);
          guint8 uuid[16];
          const guint8 *group_uuid;

          if (record_key == NULL)
            continue;
          if (!group_uuid_bytes ((const char *) sqlite3_column_text (stmt, 1), uuid, &group_uuid, error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          append_record (out, kind->kind, record_key, sqlite3_column_bytes (stmt, 0), group_uuid,
                         (const char *) sqlite3_column_text (stmt, 2), sqlite3_column_int (stmt, 3));
          if (!send_copy (s, out, 1 << 20, error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
        }
      sqlite3_reset (stmt);
    }
  append_int16 (out, -1);  /* the trailer */
  return send_copy (s, out, 0, error);
}

/* The first teammate: the workspace's records COPYed into a temporary table, then written by
 * communityops.upload in one set-based statement, as one change, in one transaction. */
static gboolean
upload (Session     *s,
        const char  *workspace,
        GError     **error)
{
  PGresult *result;
  const char *params[] = { workspace };

  if (!pg_command (s->conn, "BEGIN", error) ||
      !pg_command (s->conn, "CREATE TEMP TABLE upload (kind text, key text, group_uuid uuid, fields jsonb,"
                            " deleted boolean NOT NULL) ON COMMIT DROP", error))
    goto failed;
  result = PQexec (s->conn, "COPY pg_temp.upload (kind, key, group_uuid, fields, deleted) FROM STDIN (FORMAT binary)");
  if (PQresultStatus (result) != PGRES_COPY_IN)
    {
      set_server_error (s->conn, result, error);
      PQclear (result);
      goto failed;
    }
  PQclear (result);
  if (!copy_records (s, error))
    {
      PQputCopyEnd (s->conn, "cancelled");
      PQclear (PQgetResult (s->conn));
      goto failed;
    }
  if (PQputCopyEnd (s->conn, NULL) != 1)
    {
      set_broken (error);
      goto failed;
    }
  result = PQgetResult (s->conn);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      set_server_error (s->conn, result, error);
      PQclear (result);
      while ((result = PQgetResult (s->conn)) != NULL)
        PQclear (result);
      goto failed;
    }
  PQclear (result);
  while ((result = PQgetResult (s->conn)) != NULL)
    PQclear (result);
  result = pg_run (s->conn, "SELECT communityops.upload ($1)", 1, params, error);
  if (result == NULL)
    goto failed;
  s->last_seq = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return pg_command (s->conn, "COMMIT", error);

failed:
  PQclear (PQexec (s->conn, "ROLLBACK"));
  return FALSE;
}

/* Inserts @n_rows records of @kind from @result (key, fields, deleted); a group's parent is
 * noted in @parents to be set once every group is there. */
static gboolean
insert_downloaded (Session         *s,
                   const SyncKind  *kind,
                   PGresult        *result,
                   GPtrArray       *parents,
                   GError         **error)
{
  for (int row = 0; row < PQntuples (result); row++)
    {
      const char *key = PQgetvalue (result, row, 0);
      const char *fields_json = PQgetvalue (result, row, 1);
      gboolean deleted = PQgetvalue (result, row, 2)[0] == 't';
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_auto(GStrv) parts = g_strsplit (key, "/", -1);
      JsonObject *fields;

      /* A record deleted for good is not there; one in the trash is. */
      if ((deleted && !kind->soft_delete) || g_strv_length (parts) != key_n_parts (kind) ||
          !json_parser_load_from_data (parser, fields_json, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      fields = json_node_get_object (json_parser_get_root (parser));
      if (!insert_record (s->store, kind, fields_json, fields, parts, error))
        return FALSE;
      if (deleted && !apply_change (s, kind->kind, key, "{}", 1, FALSE, FALSE, error))
        return FALSE;
      if (strcmp (kind->kind, "groups") == 0 && json_object_has_member (fields, "parent") &&
          !json_object_get_null_member (fields, "parent"))
        {
          g_ptr_array_add (parents, g_strdup (key));
          g_ptr_array_add (parents, g_strdup (fields_json));
        }
    }
  return TRUE;
}

/* The next teammates: the team's records as they are now, kind by kind (parents first), from
 * one snapshot, inserted into the emptied workspace. Faster than replaying every change, and
 * the snapshot's last change is where the next pull starts. */
static gboolean
download (Session  *s,
          GError  **error)
{
  guint n_kinds;
  const SyncKind *kinds = co_sync_kinds (&n_kinds);
  g_autoptr(GPtrArray) parents = g_ptr_array_new_with_free_func (g_free);
  PGresult *result;

  if (!pg_command (s->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  result = pg_run (s->conn, "SELECT coalesce (max (seq), 0) FROM communityops.changes", 0, NULL, error);
  if (result == NULL)
    goto failed;
  s->last_seq = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  for (guint k = 0; k < n_kinds; k++)
    {
      const char *params[] = { kinds[k].kind };

      /* In the order they were last written. The first upload's records share its change's
       * number: among them, the order the server stored them in (ctid), which is the order they
       * were sent in unless PostgreSQL put a row in an earlier page's free space: a list's in
       * the uploader's order, whose ids order a group's tiers of equal positions (copy_records ()),
       * the others by key. */
      result = pg_run (s->conn, "DECLARE records NO SCROLL CURSOR FOR SELECT key, fields::text, deleted"
                                " FROM communityops.records WHERE kind = $1 ORDER BY seq, ctid", 1, params, error);
      if (result == NULL)
        goto failed;
      PQclear (result);
      do
        {
          result = pg_run (s->conn, "FETCH 10000 FROM records", 0, NULL, error);
          if (result == NULL)
            goto failed;
          if (!insert_downloaded (s, &kinds[k], result, parents, error))
            {
              PQclear (result);
              goto failed;
            }
        }
      while (PQntuples (result) > 0 && (PQclear (result), TRUE));
      PQclear (result);
      if (!pg_command (s->conn, "CLOSE records", error))
        goto failed;
    }
  /* Each group's parent, now that every group is there. */
  for (guint i = 0; i < parents->len; i += 2)
    if (!apply_change (s, "groups", parents->pdata[i], parents->pdata[i + 1], -1, FALSE, FALSE, error))
      goto failed;
  return pg_command (s->conn, "COMMIT", error);

failed:
  PQclear (PQexec (s->conn, "ROLLBACK"));
  return FALSE;
}

/* Empties every table that travels, children first, for the team's workspace to replace it. */
static gboolean
clear_local (CoStore  *store,
             GError  **error)
{
  guint n_kinds;
  const SyncKind *kinds = co_sync_kinds (&n_kinds);

  for (guint k = n_kinds; k-- > 0;)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", kinds[k].kind);

      if (!co_store_exec (store, sql, error))
        return FALSE;
    }
  return co_store_exec (store, "DELETE FROM chat_messages", error) && co_store_note_all_changed (store, error);
}

static gboolean
save_connection (Session     *s,
                 const char  *conninfo,
                 const char  *workspace,
                 GError     **error)
{
  g_autofree char *kept = strip_password (conninfo);
  sqlite3_stmt *stmt = co_store_prepare (s->store,
    "INSERT INTO sync_connection (id, conninfo, login, workspace_uuid, last_seq, last_sync, capture)"
    " VALUES (1, ?, ?, ?, ?, strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), 1)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kept, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, co_team_server_get_login (s->server), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, workspace, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, s->last_seq);
  return co_store_step_done (s->store, stmt, error);
}

/* The workspace the team server holds (NULL and no error for none yet). */
static char *
server_workspace (Session  *s,
                  GError  **error)
{
  PGresult *result = pg_run (s->conn, "SELECT value FROM communityops.meta WHERE key = 'workspace'", 0, NULL,
                             error);
  char *workspace;

  if (result == NULL)
    return NULL;
  workspace = PQntuples (result) > 0 ? g_strdup (PQgetvalue (result, 0, 0)) : NULL;
  PQclear (result);
  return workspace;
}

/* The workspace this file began to upload and has not seen the server take: its connection is
 * saved before the upload with last_seq 0, which a connection that uploaded or downloaded never
 * has (the upload is a change). NULL when there is none. */
static char *
pending_upload (CoStore *store)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT workspace_uuid FROM sync_connection WHERE last_seq = 0",
                                         NULL);
  char *workspace = NULL;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    workspace = column_text (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return workspace;
}

/* Finishes the upload of @workspace, whose connection is saved: uploads it unless the server
 * holds it already (this file's upload, whose answer a kill or a broken connection lost), then
 * notes where the next pull starts. An upload the server did not take leaves the workspace
 * unconnected; one whose answer was lost stays to finish at the next connect or sync. */
static gboolean
finish_upload (Session     *s,
               const char  *workspace,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *held = server_workspace (s, &local_error);
  gboolean ok;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (held != NULL && strcmp (held, workspace) != 0)
    {
      g_set_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_BOTH_HOLD_DATA,
                   _("A teammate’s workspace reached the team server before this one’s upload: connect again "
                     "to replace this workspace’s data with the team’s (a backup is made first)."));
      co_sync_disconnect (s->store, NULL);
      return FALSE;
    }
  if (held != NULL)
    {
      const char *params[] = { workspace };
      PGresult *result = pg_run (s->conn, "SELECT seq FROM communityops.changes WHERE kind = 'workspace'"
                                          " AND key = $1", 1, params, error);

      if (result == NULL)
        return FALSE;
      ok = PQntuples (result) == 1;
      if (ok)
        s->last_seq = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
      else
        set_server_error (s->conn, result, error);
      PQclear (result);
      if (!ok)
        return FALSE;
    }
  else if (!upload (s, workspace, &local_error))
    {
      g_autofree char *now_held = NULL;

      /* Refused, or rolled back: nothing of it is there. */
      if (PQstatus (s->conn) == CONNECTION_OK && (now_held = server_workspace (s, NULL)) == NULL)
        co_sync_disconnect (s->store, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (co_sync_upload_hook != NULL && !co_sync_upload_hook ())
    {
      set_broken (error);
      return FALSE;
    }
  if (!co_store_begin (s->store, error))
    return FALSE;
  if (!save_last_seq (s, error))
    {
      co_store_rollback (s->store);
      return FALSE;
    }
  return co_store_commit (s->store, error);
}

gboolean
co_sync_connect (CoStore     *store,
                 const char  *conninfo,
                 gboolean     replace_local,
                 GError     **error)
{
  Session s = { store, NULL, NULL, 0, NULL };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *workspace = NULL, *pending = pending_upload (store);
  gboolean ok = FALSE;

  if (pending == NULL && read_connection (store, NULL, NULL))
    {
      g_set_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_CONNECTED,
                   _("This workspace is connected to a team server already: disconnect it first."));
      return FALSE;
    }
  if (!open_server (&s, conninfo, error))
    goto out;
  workspace = server_workspace (&s, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto out;
    }
  if (pending != NULL)
    {
      /* Connecting again after an upload whose end this file did not see. */
      if (workspace == NULL || strcmp (workspace, pending) == 0)
        {
          ok = finish_upload (&s, pending, error);
          goto out;
        }
      if (!co_sync_disconnect (store, error))
        goto out;
    }

  if (workspace == NULL)
    {
      char uuid[37];

      /* The connection is saved, and changes captured, before the upload: a file killed after
       * the server took it knows the workspace there is its own. */
      co_uuid_random (uuid);
      if (!co_store_begin (store, error))
        goto out;
      if (!save_connection (&s, conninfo, uuid, error) || !create_triggers (store, error))
        {
          co_store_rollback (store);
          goto out;
        }
      if (co_store_commit (store, error))
        ok = finish_upload (&s, uuid, error);
      goto out;
    }
  else
    {
      if (local_has_data (store))
        {
          g_autofree char *backup = NULL;

          if (!replace_local)
            {
              g_set_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_BOTH_HOLD_DATA,
                           _("This workspace holds groups or members, and so does the team server: connecting "
                             "would replace them with the team’s. Connect again choosing to replace this "
                             "workspace’s data (a backup is made first), or connect from a new workspace."));
              goto out;
            }
          backup = co_backup_create (store, CO_BACKUP_BEFORE_IMPORT, error);
          if (backup == NULL)
            goto out;
        }
      if (!co_store_begin (store, error))
        goto out;
      if (!clear_local (store, error) || !download (&s, error))
        {
          co_store_rollback (store);
          goto out;
        }
    }
  if (!save_connection (&s, conninfo, workspace, error) || !create_triggers (store, error))
    {
      co_store_rollback (store);
      goto out;
    }
  ok = co_store_commit (store, error);

out:
  session_clear (&s);
  return ok;
}

gboolean
co_sync_disconnect (CoStore  *store,
                    GError  **error)
{
  if (!co_store_begin (store, error))
    return FALSE;
  if (!drop_triggers (store, error) ||
      !co_store_exec (store, "DELETE FROM sync_connection; DELETE FROM sync_outbox; DELETE FROM sync_conflicts;"
                             " DELETE FROM sync_refused; DELETE FROM sync_record_changes;", error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  co_store_note_change (store, "sync_connection", 0);
  return co_store_commit (store, error);
}

gboolean
co_sync_run (CoStore      *store,
             CoSyncRound  *round,
             GError      **error)
{
  Session s = { store, NULL, NULL, 0, NULL };
  g_autofree char *conninfo = NULL;
  CoSyncRound local = { 0 };
  gboolean ok;

  if (round == NULL)
    round = &local;
  *round = (CoSyncRound) { 0 };
  if (!read_connection (store, &conninfo, &s.last_seq))
    {
      g_set_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_NOT_CONNECTED,
                   _("This workspace is not connected to a team server."));
      return FALSE;
    }
  ok = open_server (&s, conninfo, error);
  if (ok && s.last_seq == 0)
    {
      /* The upload this file began: finished first, or made again. */
      g_autofree char *pending = pending_upload (store);

      ok = finish_upload (&s, pending, error);
    }
  ok = ok && push (&s, round, error) && pull (&s, round, error);
  session_clear (&s);
  return ok;
}

/* A round done in a worker, and the tables it wrote: only their listeners read again. */
typedef struct
{
  CoSyncRound  round;
  GHashTable  *tables;
} RoundResult;

static void
round_result_free (RoundResult *result)
{
  g_hash_table_unref (result->tables);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RoundResult, round_result_free)

static void
note_table_written (CoStore    *store,
                    const char *table,
                    gint64      group_id,
                    GHashTable *tables)
{
  g_hash_table_add (tables, g_strdup (table));
}

static void
run_in_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = co_store_open (task_data, &error);
  RoundResult *result = g_new0 (RoundResult, 1);

  result->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (store != NULL)
    g_signal_connect (store, "changed", G_CALLBACK (note_table_written), result->tables);
  if (store == NULL || !co_sync_run (store, &result->round, &error))
    {
      round_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) round_result_free);
}

void
co_sync_run_async (CoStore             *store,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, co_sync_run_async);
  g_task_set_task_data (task, g_strdup (co_store_get_path (store)), g_free);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
co_sync_run_finish (CoStore       *store,
                    GAsyncResult  *result,
                    CoSyncRound   *round,
                    GError       **error)
{
  g_autoptr(RoundResult) done = g_task_propagate_pointer (G_TASK (result), error);
  GHashTableIter iter;
  const char *table;

  if (done == NULL)
    return FALSE;
  if (round != NULL)
    *round = done->round;
  if (g_hash_table_size (done->tables) == 0)
    return TRUE;
  /* The worker wrote on its own connection: the listeners of what it wrote read again. Not every
   * table: each page reading again on the main thread took the window well over a frame. */
  g_hash_table_iter_init (&iter, done->tables);
  while (g_hash_table_iter_next (&iter, (gpointer *) &table, NULL))
    co_store_announce_change (store, table, 0);
  return TRUE;
}

/* ---- status, conflicts, refusals ---- */

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

CoSyncStatus *
co_sync_get_status (CoStore  *store,
                    GError  **error)
{
  CoSyncStatus *status = g_new0 (CoSyncStatus, 1);
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT conninfo, login, last_sync, (SELECT count (*) FROM sync_outbox),"
    " (SELECT count (*) FROM sync_conflicts WHERE NOT resolved), (SELECT count (*) FROM sync_refused)"
    " FROM sync_connection", error);

  if (stmt == NULL)
    {
      g_free (status);
      return NULL;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      status->connected = TRUE;
      status->conninfo = column_text (stmt, 0);
      status->login = column_text (stmt, 1);
      status->last_sync = column_time (stmt, 2);
      status->n_outbox = sqlite3_column_int (stmt, 3);
      status->n_conflicts = sqlite3_column_int (stmt, 4);
      status->n_refused = sqlite3_column_int (stmt, 5);
    }
  sqlite3_reset (stmt);
  return status;
}

void
co_sync_status_free (CoSyncStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->conninfo);
  g_free (status->login);
  g_clear_pointer (&status->last_sync, g_date_time_unref);
  g_free (status);
}

void
co_sync_conflict_free (CoSyncConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->kind);
  g_free (conflict->key);
  g_free (conflict->field);
  g_free (conflict->mine);
  g_free (conflict->theirs);
  g_free (conflict->theirs_by);
  g_clear_pointer (&conflict->theirs_at, g_date_time_unref);
  g_free (conflict);
}

static CoSyncConflict *
conflict_from_row (sqlite3_stmt *stmt)
{
  CoSyncConflict *conflict = g_new0 (CoSyncConflict, 1);

  conflict->id = sqlite3_column_int64 (stmt, 0);
  conflict->kind = column_text (stmt, 1);
  conflict->key = column_text (stmt, 2);
  conflict->field = column_text (stmt, 3);
  conflict->mine = column_text (stmt, 4);
  conflict->theirs = column_text (stmt, 5);
  conflict->theirs_by = column_text (stmt, 6);
  conflict->theirs_at = column_time (stmt, 7);
  conflict->deleted = sqlite3_column_int (stmt, 8);
  return conflict;
}

#define CONFLICT_COLUMNS "id, kind, key, field, mine, theirs, theirs_by, theirs_at, deleted"

GPtrArray *
co_sync_list_conflicts (CoStore  *store,
                        GError  **error)
{
  GPtrArray *conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) co_sync_conflict_free);
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT " CONFLICT_COLUMNS " FROM sync_conflicts WHERE NOT resolved ORDER BY seq, id", error);

  if (stmt == NULL)
    {
      g_ptr_array_unref (conflicts);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (conflicts, conflict_from_row (stmt));
  sqlite3_reset (stmt);
  return conflicts;
}

static CoSyncConflict *
find_conflict (CoStore  *store,
               gint64    id,
               GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT " CONFLICT_COLUMNS " FROM sync_conflicts WHERE id = ? AND NOT resolved", error);
  CoSyncConflict *conflict = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    conflict = conflict_from_row (stmt);
  sqlite3_reset (stmt);
  if (conflict == NULL)
    g_set_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_NOT_FOUND, _("This conflict is resolved already."));
  return conflict;
}

static gboolean
resolve (CoStore    *store,
         const char *sql,
         gint64      id,
         GError    **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  co_store_note_change (store, "sync_conflicts", 0);
  return co_store_step_done (store, stmt, error);
}

gboolean
co_sync_keep_theirs (CoStore  *store,
                     gint64    conflict_id,
                     GError  **error)
{
  g_autoptr(CoSyncConflict) conflict = find_conflict (store, conflict_id, error);

  if (conflict == NULL || !co_store_begin (store, error))
    return FALSE;
  /* Keeping a delete resolves every field it threw away. */
  if (!resolve (store, conflict->deleted
                  ? "UPDATE sync_conflicts SET resolved = 1 WHERE deleted AND (kind, key) ="
                    " (SELECT kind, key FROM sync_conflicts WHERE id = ?)"
                  : "UPDATE sync_conflicts SET resolved = 1 WHERE id = ?", conflict_id, error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  return co_store_commit (store, error);
}

gboolean
co_sync_use_mine (CoStore  *store,
                  gint64    conflict_id,
                  GError  **error)
{
  g_autoptr(CoSyncConflict) conflict = find_conflict (store, conflict_id, error);
  Session s = { store, NULL, NULL, 0, NULL };
  g_autofree char *fields = NULL;
  sqlite3_stmt *stmt;

  if (conflict == NULL || !co_store_begin (store, error))
    return FALSE;
  /* My value(s) as a change of the outbox, pushed at the next round; a deleted record is
   * restored with every field of mine its delete threw away. */
  stmt = co_store_prepare (store,
    conflict->deleted
      ? "SELECT json_group_object (field, json (coalesce (mine, 'null'))) FROM sync_conflicts"
        " WHERE deleted AND NOT resolved AND (kind, key) = (SELECT kind, key FROM sync_conflicts WHERE id = ?)"
      : "SELECT json_object (field, json (coalesce (mine, 'null'))) FROM sync_conflicts WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    fields = column_text (stmt, 0);
  sqlite3_reset (stmt);
  stmt = co_store_prepare (store,
    "INSERT INTO sync_outbox (change_id, kind, key, group_uuid, fields, deleted, base_seq)"
    " SELECT " UUID_SQL ", ?, ?, NULL, ?, ?, last_seq FROM sync_connection", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, conflict->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, conflict->key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, fields != NULL ? fields : "{}", -1, SQLITE_TRANSIENT);
  if (conflict->deleted)
    sqlite3_bind_int (stmt, 4, 0);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  /* Here at once for a record still here; a deleted one comes back with the next pull. */
  if (!set_capture (store, FALSE, error) ||
      !apply_change (&s, conflict->kind, conflict->key, fields != NULL ? fields : "{}", conflict->deleted ? 0 : -1,
                     FALSE, FALSE, error) ||
      !set_capture (store, TRUE, error))
    goto failed;
  if (!resolve (store, conflict->deleted
                  ? "UPDATE sync_conflicts SET resolved = 1 WHERE deleted AND (kind, key) ="
                    " (SELECT kind, key FROM sync_conflicts WHERE id = ?)"
                  : "UPDATE sync_conflicts SET resolved = 1 WHERE id = ?", conflict_id, error))
    goto failed;
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

void
co_sync_refusal_free (CoSyncRefusal *refusal)
{
  if (refusal == NULL)
    return;
  g_free (refusal->kind);
  g_free (refusal->key);
  g_free (refusal->fields);
  g_free (refusal->reason);
  g_clear_pointer (&refusal->refused_at, g_date_time_unref);
  g_free (refusal);
}

GPtrArray *
co_sync_list_refused (CoStore  *store,
                      GError  **error)
{
  GPtrArray *refused = g_ptr_array_new_with_free_func ((GDestroyNotify) co_sync_refusal_free);
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT kind, key, fields, reason, refused_at FROM sync_refused ORDER BY id", error);

  if (stmt == NULL)
    {
      g_ptr_array_unref (refused);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CoSyncRefusal *refusal = g_new0 (CoSyncRefusal, 1);

      refusal->kind = column_text (stmt, 0);
      refusal->key = column_text (stmt, 1);
      refusal->fields = column_text (stmt, 2);
      refusal->reason = column_text (stmt, 3);
      refusal->refused_at = column_time (stmt, 4);
      g_ptr_array_add (refused, refusal);
    }
  sqlite3_reset (stmt);
  return refused;
}

gboolean
co_sync_changed_by (CoStore     *store,
                    const char  *table,
                    gint64       id,
                    char       **login,
                    GDateTime  **at)
{
  const SyncKind *kind = co_sync_kind_named (table);
  g_autofree char *key = NULL, *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (kind == NULL)
    return FALSE;
  key = co_sync_key_sql (kind, "r");
  sql = g_strdup_printf ("SELECT c.changed_by, c.changed_at FROM sync_record_changes c, %s r"
                         " WHERE r.rowid = ?1 AND c.kind = '%s' AND c.key = %s", kind->kind, kind->kind, key);
  stmt = co_store_prepare (store, sql, NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      if (login != NULL)
        *login = column_text (stmt, 0);
      if (at != NULL)
        *at = column_time (stmt, 1);
    }
  sqlite3_reset (stmt);
  return found;
}

/* ---- notices ---- */

struct _CoSyncListener
{
  Session session;
};

CoSyncListener *
co_sync_listen (CoStore  *store,
                GError  **error)
{
  g_autofree char *conninfo = NULL;
  CoSyncListener *listener;

  if (!read_connection (store, &conninfo, NULL))
    {
      g_set_error (error, CO_SYNC_ERROR, CO_SYNC_ERROR_NOT_CONNECTED,
                   _("This workspace is not connected to a team server."));
      return NULL;
    }
  listener = g_new0 (CoSyncListener, 1);
  if (!open_server (&listener->session, conninfo, error) ||
      !pg_command (listener->session.conn, "LISTEN communityops", error))
    {
      co_sync_listener_free (listener);
      return NULL;
    }
  return listener;
}

int
co_sync_listener_get_fd (CoSyncListener *listener)
{
  return PQsocket (listener->session.conn);
}

gboolean
co_sync_listener_check (CoSyncListener  *listener,
                        GError         **error)
{
  PGconn *conn = listener->session.conn;
  gboolean notified = FALSE;
  PGnotify *notify;

  if (!PQconsumeInput (conn))
    {
      set_broken (error);
      return FALSE;
    }
  while ((notify = PQnotifies (conn)) != NULL)
    {
      notified = TRUE;
      PQfreemem (notify);
    }
  return notified;
}

gboolean
co_sync_listener_wait (CoSyncListener  *listener,
                       int              timeout_ms,
                       GError         **error)
{
  struct pollfd fd = { co_sync_listener_get_fd (listener), POLLIN, 0 };
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      int left = (int) ((end - g_get_monotonic_time ()) / 1000);
      GError *local_error = NULL;

      if (co_sync_listener_check (listener, &local_error))
        return TRUE;
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (left <= 0 || poll (&fd, 1, left) <= 0)
        return co_sync_listener_check (listener, error);
    }
}

void
co_sync_listener_free (CoSyncListener *listener)
{
  if (listener == NULL)
    return;
  session_clear (&listener->session);
  g_free (listener);
}
