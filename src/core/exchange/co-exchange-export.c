/* co-exchange-export.c: writing the JSON exchange format: the whole workspace or one group with
 * what it uses, rows in a fixed order, so that an export repeats byte for byte. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/exchange/co-exchange-private.h"
#include "core/formats/co-json.h"
#include "core/groups/co-group.h"
#include "core/plan/co-plan.h"
#include "core/store/co-store-private.h"

typedef struct
{
  CoStore      *store;
  CoJsonWriter *writer;
  gint64        group_id;  /* 0: the whole workspace */
} Export;

typedef gboolean (*NestedFunc) (Export  *export,
                                gint64   row_id,
                                GError **error);

/* SELECT id, uuid, the columns (references as the uuid of a row that is not in the trash). */
static char *
select_sql (const Table *table,
            const char  *where)
{
  GString *sql = g_string_new ("SELECT ");

  g_string_append (sql, table->flags & HAS_NO_ID ? "NULL, " : "t.id, ");
  g_string_append (sql, table->flags & HAS_UUID ? "t.uuid" : "NULL");
  for (guint c = 0; c < table->columns->len; c++)
    {
      const CoFieldSpec *spec = g_array_index (table->columns, Column, c).spec;

      if (spec->type == CO_FIELD_REFERENCE)
        {
          const Table *target = co_exchange_table_named (spec->ref_table);
          g_string_append_printf (sql, ", (SELECT r.uuid FROM %s r WHERE r.id = t.%s%s)", spec->ref_table,
                                  spec->key, target->flags & HAS_DELETED ? " AND r.deleted_at IS NULL" : "");
        }
      else
        g_string_append_printf (sql, ", t.%s", spec->key);
    }
  g_string_append_printf (sql, " FROM %s t WHERE %s", table->table, where);
  if (table->flags & HAS_DELETED)
    g_string_append (sql, " AND t.deleted_at IS NULL");
  if (table->order != NULL)
    g_string_append_printf (sql, " ORDER BY %s", table->order);
  return g_string_free (sql, FALSE);
}

/* The columns of the current row from @first on, as members; NULL ones are left out. */
static void
write_columns (CoJsonWriter  *writer,
               const Table   *table,
               sqlite3_stmt  *stmt,
               int            first)
{
  for (guint c = 0; c < table->columns->len; c++)
    {
      const Column *column = &g_array_index (table->columns, Column, c);
      int i = first + (int) c;

      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_NULL:
          continue;
        case SQLITE_INTEGER:
          co_json_writer_member (writer, column->name);
          if (column->spec->type == CO_FIELD_BOOL)
            co_json_writer_bool (writer, sqlite3_column_int64 (stmt, i) != 0);
          else if (column->spec->type == CO_FIELD_NUMBER)
            co_json_writer_double (writer, sqlite3_column_double (stmt, i));
          else
            co_json_writer_int (writer, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          co_json_writer_member (writer, column->name);
          co_json_writer_double (writer, sqlite3_column_double (stmt, i));
          break;
        default:
          co_json_writer_member (writer, column->name);
          co_json_writer_string (writer, (const char *) sqlite3_column_text (stmt, i));
        }
    }
}

/* The rows of @table WHERE @where (?1 bound to @key) as the array @table->name. */
static gboolean
export_rows (Export      *export,
             const Table *table,
             const char  *where,
             gint64       key,
             NestedFunc   nested,
             GError     **error)
{
  g_autofree char *sql = select_sql (table, where);
  sqlite3_stmt *stmt = co_store_prepare (export->store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, key);

  co_json_writer_member (export->writer, table->name);
  co_json_writer_begin_array (export->writer);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      co_json_writer_begin_object (export->writer);
      if (table->flags & HAS_UUID)
        {
          co_json_writer_member (export->writer, "uuid");
          co_json_writer_string (export->writer, (const char *) sqlite3_column_text (stmt, 1));
        }
      write_columns (export->writer, table, stmt, 2);
      if (nested != NULL && !nested (export, sqlite3_column_int64 (stmt, 0), error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      co_json_writer_end_object (export->writer);
    }
  co_json_writer_end_array (export->writer);
  if (rc != SQLITE_DONE)
    co_store_set_error (export->store, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* A library item's image: its bytes in base64, as the merge's snapshot keeps a blob. */
static gboolean
export_library_image (Export  *export,
                      gint64   item_id,
                      GError **error)
{
  sqlite3_stmt *stmt = co_store_prepare (export->store, "SELECT image FROM library_items WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    {
      g_autofree char *encoded = g_base64_encode (sqlite3_column_blob (stmt, 0),
                                                  (gsize) sqlite3_column_bytes (stmt, 0));

      co_json_writer_member (export->writer, "image");
      co_json_writer_string (export->writer, encoded);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
export_spends (Export  *export,
               gint64   activity_id,
               GError **error)
{
  return export_rows (export, &co_exchange_tables[T_SPENDS], "t.activity_id = ?1", activity_id, NULL, error);
}

static gboolean
export_membership_days (Export  *export,
                        gint64   membership_id,
                        GError **error)
{
  return export_rows (export, &co_exchange_tables[T_ACTIVITY], "t.membership_id = ?1", membership_id, NULL, error) &&
         export_rows (export, &co_exchange_tables[T_TIER_CHANGES], "t.membership_id = ?1", membership_id, NULL, error) &&
         /* Not those of a challenge in the trash, which the file does not hold. */
         export_rows (export, &co_exchange_tables[T_CHECKINS], "t.membership_id = ?1 AND t.challenge_id IN"
                      " (SELECT id FROM challenges WHERE deleted_at IS NULL)", membership_id, NULL, error) &&
         export_rows (export, &co_exchange_tables[T_NOTES], "t.membership_id = ?1", membership_id, NULL, error) &&
         export_rows (export, &co_exchange_tables[T_FOLLOW_UPS], "t.membership_id = ?1", membership_id, NULL, error);
}

/* The groups an alt account is in, of those the file holds. */
static gboolean
export_alt_groups (Export  *export,
                   gint64   alt_id,
                   GError **error)
{
  sqlite3_stmt *stmt = co_store_prepare (export->store,
    "SELECT g.uuid FROM alt_account_groups a JOIN groups g ON g.id = a.group_id"
    " WHERE a.alt_id = ?1 AND g.deleted_at IS NULL AND (?2 = 0 OR g.id = ?2) ORDER BY g.uuid", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, alt_id);
  sqlite3_bind_int64 (stmt, 2, export->group_id);
  co_json_writer_member (export->writer, "groups");
  co_json_writer_begin_array (export->writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    co_json_writer_string (export->writer, (const char *) sqlite3_column_text (stmt, 0));
  co_json_writer_end_array (export->writer);
  sqlite3_reset (stmt);
  return TRUE;
}

/* A channel's activity, whose spends are its cost: the uuid of an activity of the file. */
static gboolean
export_channel_activity (Export  *export,
                         gint64   channel_id,
                         GError **error)
{
  sqlite3_stmt *stmt = co_store_prepare (export->store,
    "SELECT a.uuid FROM channels c JOIN activities a ON a.id = c.activity_id"
    " JOIN groups g ON g.id = a.group_id AND g.deleted_at IS NULL"
    " WHERE c.id = ?1 AND a.deleted_at IS NULL AND (?2 = 0 OR a.group_id = ?2)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, channel_id);
  sqlite3_bind_int64 (stmt, 2, export->group_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      co_json_writer_member (export->writer, "activity");
      co_json_writer_string (export->writer, (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* A member's lists, each of text by one query: their handles ("telegram:user123", as a chat
 * import found them), former nicknames and contacts (aliases, after a merge), the members said
 * not to be the same person, and their tags, by uuid. */
static gboolean
export_member_nested (Export  *export,
                      gint64   member_id,
                      GError **error)
{
  static const struct { const char *name; const char *sql; } lists[] = {
    { "handles", "SELECT handle FROM member_handles WHERE member_id = ?1 ORDER BY handle" },
    { "nickname_aliases", "SELECT value FROM member_aliases WHERE member_id = ?1 AND kind = 'nickname' ORDER BY value" },
    { "contact_aliases", "SELECT value FROM member_aliases WHERE member_id = ?1 AND kind = 'contact' ORDER BY value" },
    { "not_same_as", "SELECT m.uuid FROM member_not_duplicates d JOIN members m"
                     " ON m.id = CASE d.member_id WHEN ?1 THEN d.other_id ELSE d.member_id END"
                     " WHERE d.member_id = ?1 OR d.other_id = ?1 ORDER BY m.uuid" },
    { "tags", "SELECT t.uuid FROM member_tags mt JOIN tags t ON t.id = mt.tag_id WHERE mt.member_id = ?1"
              " ORDER BY t.uuid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      sqlite3_stmt *stmt = co_store_prepare (export->store, lists[i].sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, member_id);
      co_json_writer_member (export->writer, lists[i].name);
      co_json_writer_begin_array (export->writer);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        co_json_writer_string (export->writer, (const char *) sqlite3_column_text (stmt, 0));
      co_json_writer_end_array (export->writer);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

static gboolean
export_plan (Export  *export,
             gint64   group_id,
             GError **error)
{
  g_autofree char *sql = select_sql (&co_exchange_tables[T_PLAN], "t.group_id = ?1");
  sqlite3_stmt *stmt = co_store_prepare (export->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  co_json_writer_member (export->writer, "plan");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      co_json_writer_begin_object (export->writer);
      write_columns (export->writer, &co_exchange_tables[T_PLAN], stmt, 2);
      co_json_writer_end_object (export->writer);
    }
  else
    co_json_writer_null (export->writer);
  sqlite3_reset (stmt);

  stmt = co_store_prepare (export->store, "SELECT keyword FROM plan_selections WHERE group_id = ?1 AND kind = ?2"
                                          " ORDER BY keyword", error);
  if (stmt == NULL)
    return FALSE;
  co_json_writer_member (export->writer, "selections");
  co_json_writer_begin_object (export->writer);
  for (guint k = 0; k < G_N_ELEMENTS (co_plan_selection_kinds); k++)
    {
      const char *kind = co_plan_selection_kind_name (co_plan_selection_kinds[k]);

      sqlite3_bind_int64 (stmt, 1, group_id);
      sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
      co_json_writer_member (export->writer, kind);
      co_json_writer_begin_array (export->writer);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        co_json_writer_string (export->writer, (const char *) sqlite3_column_text (stmt, 0));
      co_json_writer_end_array (export->writer);
      sqlite3_reset (stmt);
    }
  co_json_writer_end_object (export->writer);
  return TRUE;
}

/* A group's object after its own fields: its parent, plan and every array it owns. */
static gboolean
export_group_content (Export  *export,
                      gint64   group_id,
                      GError **error)
{
  sqlite3_stmt *stmt = co_store_prepare (export->store, "SELECT p.uuid FROM groups g JOIN groups p ON p.id = g.parent_id"
                                                        " WHERE g.id = ?1 AND p.deleted_at IS NULL", error);
  g_autofree char *parent = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    parent = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  co_json_writer_member (export->writer, "parent");
  co_json_writer_string (export->writer, parent);

  if (!export_plan (export, group_id, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (co_exchange_group_tables); i++)
    {
      TableId id = co_exchange_group_tables[i];
      NestedFunc nested = id == T_ACTIVITIES ? export_spends : id == T_MEMBERSHIPS ? export_membership_days : NULL;
      /* An outcome names rows of the file only: not a step or activity in the trash, nor a
       * member no longer in the group. */
      const char *where = id != T_SOP_OUTCOMES ? "t.group_id = ?1"
        : "t.group_id = ?1 AND t.step_id IN (SELECT id FROM sop_steps WHERE deleted_at IS NULL)"
          " AND (t.activity_id IS NULL OR t.activity_id IN (SELECT id FROM activities WHERE deleted_at IS NULL))"
          " AND (t.member_id IS NULL OR t.member_id IN (SELECT member_id FROM memberships"
          "                                             WHERE group_id = ?1 AND deleted_at IS NULL))";

      if (!export_rows (export, &co_exchange_tables[id], where, group_id, nested, error))
        return FALSE;
    }
  return TRUE;
}

/* The groups of the export, parents before their children, siblings in sidebar order. */
static GArray *
export_group_ids (Export  *export,
                  GError **error)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = co_store_prepare (export->store,
    "WITH RECURSIVE tree (id, path) AS ("
    "  SELECT id, printf ('%010d.%s', position, uuid) FROM groups g"
    "   WHERE deleted_at IS NULL AND (?1 = 0 OR id = ?1) AND (?1 != 0 OR parent_id IS NULL OR NOT EXISTS"
    "     (SELECT 1 FROM groups p WHERE p.id = g.parent_id AND p.deleted_at IS NULL))"
    "  UNION ALL"
    "  SELECT g.id, tree.path || '/' || printf ('%010d.%s', g.position, g.uuid) FROM groups g"
    "   JOIN tree ON g.parent_id = tree.id WHERE g.deleted_at IS NULL AND ?1 = 0)"
    " SELECT id FROM tree ORDER BY path", error);

  if (stmt == NULL)
    {
      g_array_unref (ids);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, export->group_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (export->group_id != 0 && ids->len == 0)
    {
      g_set_error_literal (error, CO_EXCHANGE_ERROR, CO_EXCHANGE_ERROR_INVALID, _("The group no longer exists."));
      g_array_unref (ids);
      return NULL;
    }
  return ids;
}

static gboolean
export_document (Export  *export,
                 GError **error)
{
  g_autoptr(GArray) group_ids = export_group_ids (export, error);
  g_autofree char *group_sql = select_sql (&co_exchange_tables[T_GROUPS], "t.id = ?1");
  /* A group's document has the team rows and people that group uses; ?1 is the group. */
  const char *roles = "?1 = 0 OR t.id IN (SELECT role_id FROM assignments WHERE group_id = ?1 AND deleted_at IS NULL"
                      " UNION SELECT role_id FROM sop_steps WHERE group_id = ?1)";
  const char *staff = "?1 = 0 OR t.id IN (SELECT staff_id FROM assignments WHERE group_id = ?1 AND deleted_at IS NULL"
                      " UNION SELECT staff_id FROM sop_steps WHERE group_id = ?1"
                      " UNION SELECT staff_id FROM shifts WHERE group_id = ?1 AND deleted_at IS NULL"
                      " UNION SELECT a.owner_id FROM alt_accounts a JOIN alt_account_groups l ON l.alt_id = a.id"
                      "   WHERE l.group_id = ?1 AND a.deleted_at IS NULL"
                      " UNION SELECT n.author_id FROM member_notes n JOIN memberships s ON s.id = n.membership_id"
                      "   WHERE s.group_id = ?1 AND n.deleted_at IS NULL"
                      " UNION SELECT f.author_id FROM follow_ups f JOIN memberships s ON s.id = f.membership_id"
                      "   WHERE s.group_id = ?1 AND f.deleted_at IS NULL)";
  const char *alts = "?1 = 0 OR t.id IN (SELECT alt_id FROM alt_account_groups WHERE group_id = ?1)";
  /* The channels the group's members came through. */
  const char *channels = "?1 = 0 OR t.id IN (SELECT channel_id FROM memberships WHERE group_id = ?1 AND deleted_at IS NULL)";
  /* The group's members, and whoever brought one of them in, whom their membership names. */
  const char *members = "?1 = 0 OR t.id IN (SELECT member_id FROM memberships WHERE group_id = ?1 AND deleted_at IS NULL"
                        " UNION SELECT referrer_id FROM memberships WHERE group_id = ?1 AND deleted_at IS NULL)";

  if (group_ids == NULL)
    return FALSE;

  co_json_writer_begin_object (export->writer);
  co_json_writer_member (export->writer, "format");
  co_json_writer_string (export->writer, CO_EXCHANGE_FORMAT);
  co_json_writer_member (export->writer, "version");
  co_json_writer_int (export->writer, CO_EXCHANGE_VERSION);
  co_json_writer_member (export->writer, "scope");
  co_json_writer_string (export->writer, export->group_id == 0 ? "workspace" : "group");

  if (!export_rows (export, &co_exchange_tables[T_ROLES], roles, export->group_id, NULL, error) ||
      !export_rows (export, &co_exchange_tables[T_STAFF], staff, export->group_id, NULL, error) ||
      !export_rows (export, &co_exchange_tables[T_ALT_ACCOUNTS], alts, export->group_id, export_alt_groups, error) ||
      !export_rows (export, &co_exchange_tables[T_CHANNELS], channels, export->group_id, export_channel_activity, error) ||
      /* The library is the workspace's, and what SOP steps and content calendars name. */
      !export_rows (export, &co_exchange_tables[T_LIBRARY], "1", 0, export_library_image, error) ||
      /* Tags and segments are the workspace's, small, and what a group's people and lists use. */
      !export_rows (export, &co_exchange_tables[T_TAG_GROUPS], "1", 0, NULL, error) ||
      !export_rows (export, &co_exchange_tables[T_TAGS], "1", 0, NULL, error) ||
      !export_rows (export, &co_exchange_tables[T_MEMBERS], members, export->group_id, export_member_nested, error) ||
      !export_rows (export, &co_exchange_tables[T_SEGMENTS], "1", 0, NULL, error))
    return FALSE;

  co_json_writer_member (export->writer, "groups");
  co_json_writer_begin_array (export->writer);
  for (guint i = 0; i < group_ids->len; i++)
    {
      gint64 id = g_array_index (group_ids, gint64, i);
      sqlite3_stmt *stmt = co_store_prepare (export->store, group_sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          co_store_set_error (export->store, error);
          sqlite3_reset (stmt);
          return FALSE;
        }
      co_json_writer_begin_object (export->writer);
      co_json_writer_member (export->writer, "uuid");
      co_json_writer_string (export->writer, (const char *) sqlite3_column_text (stmt, 1));
      write_columns (export->writer, &co_exchange_tables[T_GROUPS], stmt, 2);
      sqlite3_reset (stmt);
      if (!export_group_content (export, id, error))
        return FALSE;
      co_json_writer_end_object (export->writer);
    }
  co_json_writer_end_array (export->writer);
  /* The weeks' notes of the groups of the file, and of every group in a workspace's. */
  if (!export_rows (export, &co_exchange_tables[T_WEEKLY_NOTES],
                    "?1 = 0 AND (t.group_id IS NULL OR t.group_id IN (SELECT id FROM groups WHERE deleted_at IS NULL))"
                    " OR ?1 != 0 AND t.group_id = ?1", export->group_id, NULL, error))
    return FALSE;
  co_json_writer_end_object (export->writer);
  return TRUE;
}

GBytes *
co_exchange_export (CoStore  *store,
                    gint64    group_id,
                    GError  **error)
{
  g_autoptr(CoJsonWriter) writer = co_json_writer_new ();
  Export export = { store, writer, group_id };
  gboolean ok;

  g_return_val_if_fail (CO_IS_STORE (store), NULL);

  co_exchange_init_tables ();
  /* One read transaction: the document is one moment of the workspace. */
  if (!co_store_begin (store, error))
    return NULL;
  ok = export_document (&export, error);
  co_store_rollback (store);
  if (!ok)
    return NULL;
  return co_json_writer_finish (writer);
}

gboolean
co_exchange_export_to_file (CoStore     *store,
                            gint64       group_id,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GBytes) bytes = co_exchange_export (store, group_id, error);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize length;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  if (length > CO_EXCHANGE_MAX_BYTES)
    {
      g_autofree char *size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (CO_EXCHANGE_MAX_BYTES, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, CO_EXCHANGE_ERROR, CO_EXCHANGE_ERROR_TOO_LARGE,
                   _("The export would be %s, more than the %s an import reads. To move the whole workspace,"
                     " copy a backup instead."), size, limit);
      return FALSE;
    }
  if (!g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644, &local_error))
    {
      g_set_error (error, CO_EXCHANGE_ERROR, CO_EXCHANGE_ERROR_INVALID, _("Could not write “%s”: %s"),
                   display, local_error->message);
      return FALSE;
    }
  return TRUE;
}

