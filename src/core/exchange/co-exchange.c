/* co-exchange.c: reading and importing the JSON exchange format (data/exchange-format.md).
 *
 * One description of the tables (co-exchange-tables.c) drives all of it, export included.
 * Reading walks the document three times with the same code: to check it (no store), to list
 * what it would change in a workspace, and to write it, inside one transaction.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/exchange/co-exchange-private.h"
#include "core/formats/co-date.h"
#include "core/formats/co-json.h"
#include "core/library/co-library.h"
#include "core/library/co-library-image.h"
#include "core/groups/co-group.h"
#include "core/members/co-member.h"
#include "core/members/co-tier.h"
#include "core/plan/co-plan.h"
#include "core/records/co-field.h"
#include "core/reports/co-figures.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"

/* The deepest a document of this format nests is 6 (root, groups, a group, memberships, a
 * membership, its activity, a day); anything much deeper is not one. */
#define MAX_DEPTH 16

G_DEFINE_QUARK (co-exchange-error-quark, co_exchange_error)

/* ---- reading and importing ---------------------------------------------------------------- */

struct _CoExchange
{
  JsonNode  *root;
  GPtrArray *warnings;
  guint      n_groups;
  guint      n_members;
};

typedef enum
{
  PASS_CHECK,      /* the file alone: types, ranges, references; no store */
  PASS_CONFLICTS,  /* what the file would change in the store; nothing written */
  PASS_IMPORT,
} Pass;

/* Unknown fields are listed up to this many; then only counted. */
#define MAX_WARNINGS 50

typedef struct
{
  Pass            pass;
  CoStore        *store;
  CoExchangeMode  mode;
  GPtrArray      *warnings;
  guint           n_unknown;
  GPtrArray      *conflicts;
  GHashTable     *refs;         /* table → (uuid → gint64 id), for references; -1: not written */
  GHashTable     *group_names;  /* checking: casefolded names */
  GHashTable     *handles;      /* checking: the members' handles of the file */
  GHashTable     *defaults;     /* "table.column" → its default as SQL */
  GPtrArray      *strings;      /* owned text that values point at */
  char           *now;
  guint           n_groups;
  guint           n_members;
} Walk;

typedef struct
{
  const Column *column;
  gboolean      present;
  int           type;  /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT or SQLITE_TEXT */
  gint64        i;
  double        d;
  const char   *s;
} Value;

static void
walk_init (Walk           *walk,
           Pass            pass,
           CoStore        *store,
           CoExchangeMode  mode)
{
  co_exchange_init_tables ();
  *walk = (Walk) { pass, store, mode };
  walk->warnings = g_ptr_array_new_with_free_func (g_free);
  walk->conflicts = g_ptr_array_new_with_free_func (g_free);
  walk->refs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  walk->group_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->handles = g_hash_table_new (g_str_hash, g_str_equal);
  walk->defaults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  walk->strings = g_ptr_array_new_with_free_func (g_free);
  walk->now = co_store_now ();
}

static void
walk_clear (Walk *walk)
{
  g_clear_pointer (&walk->warnings, g_ptr_array_unref);
  g_clear_pointer (&walk->conflicts, g_ptr_array_unref);
  g_clear_pointer (&walk->refs, g_hash_table_unref);
  g_clear_pointer (&walk->group_names, g_hash_table_unref);
  g_clear_pointer (&walk->handles, g_hash_table_unref);
  g_clear_pointer (&walk->defaults, g_hash_table_unref);
  g_clear_pointer (&walk->strings, g_ptr_array_unref);
  g_clear_pointer (&walk->now, g_free);
}

static gboolean G_GNUC_PRINTF (3, 4)
invalid (GError     **error,
         const char  *path,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: a place in a JSON file such as $.groups[3].goals[0].target, then what is wrong there */
  g_set_error (error, CO_EXCHANGE_ERROR, CO_EXCHANGE_ERROR_INVALID, _("%s: %s"), path, message);
  return FALSE;
}

static GHashTable *
ref_map (Walk       *walk,
         const char *table)
{
  GHashTable *map = g_hash_table_lookup (walk->refs, table);

  if (map == NULL)
    {
      map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (walk->refs, (gpointer) table, map);
    }
  return map;
}

/* Notes that @uuid of @table is row @id; checking refuses a uuid used twice in the file. */
static gboolean
register_uuid (Walk        *walk,
               const char  *table,
               const char  *uuid,
               gint64       id,
               const char  *path,
               GError     **error)
{
  GHashTable *map = ref_map (walk, table);

  if (uuid == NULL)
    return TRUE;
  if (walk->pass == PASS_CHECK && g_hash_table_contains (map, uuid))
    {
      g_autofree char *uuid_path = co_json_path_member (path, "uuid");
      return invalid (error, uuid_path, _("“%s” is also the uuid of another entry of this file."), uuid);
    }
  g_hash_table_insert (map, g_strdup (uuid), g_memdup2 (&id, sizeof id));
  return TRUE;
}

static gboolean
read_value (Walk          *walk,
            const Column  *column,
            JsonNode      *node,
            const char    *path,
            Value         *value,
            GError       **error)
{
  const CoFieldSpec *spec = column->spec;
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  const char *text = type == G_TYPE_STRING ? json_node_get_string (node) : NULL;

  value->present = TRUE;
  value->type = SQLITE_NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    return column->required ? invalid (error, path, _("this field is required.")) : TRUE;

  switch (spec->type)
    {
    case CO_FIELD_TEXT:
    case CO_FIELD_LONG_TEXT:
      {
        glong max = spec->type == CO_FIELD_TEXT ? CO_FIELD_TEXT_MAX : CO_FIELD_LONG_TEXT_MAX;
        g_autofree char *trimmed = NULL;

        if (text == NULL)
          return invalid (error, path, _("this should be text."));
        if (g_utf8_strlen (text, -1) > max)
          return invalid (error, path, _("the text is longer than %ld characters."), max);
        trimmed = g_strstrip (g_strdup (text));
        if (column->required && *trimmed == '\0')
          return invalid (error, path, _("this field is required."));
        break;
      }
    case CO_FIELD_DATE:
      {
        g_autofree char *iso = co_date_parse (text);
        if (text == NULL || g_strcmp0 (iso, text) != 0)
          return invalid (error, path, _("this should be a date written like 2025-03-01."));
        break;
      }
    case CO_FIELD_TIME:
      {
        g_autofree char *time = text != NULL ? co_field_normalize (spec, text, NULL) : NULL;
        if (text == NULL || g_strcmp0 (time, text) != 0)
          return invalid (error, path, _("this should be a time written like 20:30."));
        break;
      }
    case CO_FIELD_CHOICE:
      if (text == NULL)
        return invalid (error, path, _("this should be text."));
      if (co_choice_index (spec->choice, text) < 0)
        return invalid (error, path, _("“%s” is not a known value for %s."), text, _(spec->title));
      break;
    case CO_FIELD_COUNT:
    case CO_FIELD_MONEY:
      {
        gint64 max = spec->type == CO_FIELD_COUNT ? CO_FIELD_COUNT_MAX : CO_FIELD_MONEY_MAX_FEN;

        if (type != G_TYPE_INT64)
          return invalid (error, path, _("this should be a whole number."));
        value->type = SQLITE_INTEGER;
        value->i = json_node_get_int (node);
        if (value->i < 0 || value->i > max)
          {
            g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT, max);
            return invalid (error, path, _("the number should be from 0 to %s."), limit);
          }
        return TRUE;
      }
    case CO_FIELD_NUMBER:
      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        return invalid (error, path, _("this should be a number."));
      value->type = SQLITE_FLOAT;
      value->d = json_node_get_double (node);
      /* The text was checked before json-glib; this is in case of a bug there. */
      if (!isfinite (value->d))
        return invalid (error, path, _("the number is out of range."));
      return TRUE;
    case CO_FIELD_BOOL:
      if (type != G_TYPE_BOOLEAN)
        return invalid (error, path, _("this should be true or false."));
      value->type = SQLITE_INTEGER;
      value->i = json_node_get_boolean (node);
      return TRUE;
    case CO_FIELD_REFERENCE:
      {
        gint64 *id = text != NULL ? g_hash_table_lookup (ref_map (walk, spec->ref_table), text) : NULL;

        if (text == NULL)
          return invalid (error, path, _("this should be the uuid of an entry of this file."));
        if (id == NULL)
          return invalid (error, path, _("no entry of this file has the uuid “%s”."), text);
        value->type = SQLITE_INTEGER;
        value->i = *id;
        return TRUE;
      }
    default:
      g_return_val_if_reached (FALSE);
    }
  value->type = SQLITE_TEXT;
  value->s = text;
  return TRUE;
}

static gboolean
is_column_name (const Table *table,
                const char  *name)
{
  for (guint c = 0; c < table->columns->len; c++)
    if (g_str_equal (g_array_index (table->columns, Column, c).name, name))
      return TRUE;
  return FALSE;
}

/* Members of @object this version does not know: listed, so nothing is dropped in silence. */
static void
warn_unknown (Walk        *walk,
              const Table *table,
              JsonObject  *object,
              const char  *path,
              const char  *const *nested)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if ((table != NULL && ((table->flags & HAS_UUID && g_str_equal (name, "uuid")) || is_column_name (table, name))) ||
          (nested != NULL && g_strv_contains (nested, name)))
        continue;
      if (walk->n_unknown++ < MAX_WARNINGS)
        {
          g_autofree char *member_path = co_json_path_member (path, name);
          g_ptr_array_add (walk->warnings,
                           g_strdup_printf (_("%s: this version does not know this field; it is not imported."),
                                            member_path));
        }
    }
}

static gboolean
read_row (Walk               *walk,
          const Table        *table,
          JsonNode           *node,
          const char         *path,
          const char * const *nested,
          GArray             *values,
          const char        **uuid,
          GError            **error)
{
  JsonObject *object;

  g_array_set_size (values, 0);
  *uuid = NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, _("this should be an object."));
  object = json_node_get_object (node);

  if (table->flags & HAS_UUID && json_object_has_member (object, "uuid") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "uuid")))
    {
      JsonNode *member = json_object_get_member (object, "uuid");

      *uuid = JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING
              ? json_node_get_string (member) : NULL;
      if (*uuid == NULL || !g_uuid_string_is_valid (*uuid))
        {
          g_autofree char *uuid_path = co_json_path_member (path, "uuid");
          return invalid (error, uuid_path, _("this should be a uuid, like 0b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e."));
        }
    }

  for (guint c = 0; c < table->columns->len; c++)
    {
      const Column *column = &g_array_index (table->columns, Column, c);
      JsonNode *member = json_object_get_member (object, column->name);
      Value value = { column, FALSE, SQLITE_NULL, 0, 0, NULL };

      if (member != NULL || column->required)
        {
          g_autofree char *member_path = co_json_path_member (path, column->name);

          if (member == NULL)
            return invalid (error, member_path, _("this field is required."));
          if (!read_value (walk, column, member, member_path, &value, error))
            return FALSE;
        }
      g_array_append_val (values, value);
    }
  if (walk->pass == PASS_CHECK)
    warn_unknown (walk, table, object, path, nested);
  return TRUE;
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            const Value  *value)
{
  switch (value->type)
    {
    case SQLITE_INTEGER: sqlite3_bind_int64 (stmt, index, value->i); break;
    case SQLITE_FLOAT: sqlite3_bind_double (stmt, index, value->d); break;
    case SQLITE_TEXT: sqlite3_bind_text (stmt, index, value->s, -1, SQLITE_STATIC); break;
    default: sqlite3_bind_null (stmt, index);
    }
}

/* What a column gets when the file leaves it out: its default, as in a new row. */
static const char *
column_default (Walk        *walk,
                const Table *table,
                const char  *column)
{
  g_autofree char *key = g_strdup_printf ("%s.%s", table->table, column);
  const char *value = g_hash_table_lookup (walk->defaults, key);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (value != NULL)
    return value;
  sql = g_strdup_printf ("SELECT dflt_value FROM pragma_table_info ('%s') WHERE name = ?", table->table);
  stmt = co_store_prepare (walk->store, sql, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, column, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  if (value == NULL)
    value = g_strdup ("NULL");
  g_hash_table_insert (walk->defaults, g_steal_pointer (&key), (gpointer) value);
  return value;
}

/* Appends ", column = ?N" (@assign) or " AND column IS ?N" for each of @values, N counting
 * from @first; a value the file left out gives the column's default instead of a parameter. */
static void
append_values (Walk        *walk,
               const Table *table,
               GArray      *values,
               GString     *sql,
               gboolean     assign,
               guint        first)
{
  for (guint v = 0; v < values->len; v++)
    {
      const Value *value = &g_array_index (values, Value, v);
      const char *key = value->column->spec->key;
      g_autofree char *param = value->present ? g_strdup_printf ("?%u", first + v) : NULL;

      g_string_append_printf (sql, assign ? ", %s = %s" : " AND %s IS %s", key,
                              param != NULL ? param : column_default (walk, table, key));
    }
}

/* Binds the values the file has, ?N counting from @first as append_values() numbered them. */
static void
bind_values (sqlite3_stmt *stmt,
             GArray       *values,
             int           first)
{
  for (guint v = 0; v < values->len; v++)
    if (g_array_index (values, Value, v).present)
      bind_value (stmt, first + (int) v, &g_array_index (values, Value, v));
}

static gint64
lookup_id (CoStore    *store,
           const char *sql,
           const char *text)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  return co_store_step_int (stmt, 0);
}

/* Whether a row of @table, in the trash or not, has @uuid. */
static gboolean
uuid_taken (Walk        *walk,
            const Table *table,
            const char  *uuid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE uuid = ?", table->table);
  return lookup_id (walk->store, sql, uuid) != 0;
}

/* Inserts a row; @uuid NULL or taken gets a new one. The columns the file left out keep their
 * defaults. Returns the new id, or 0 with @error naming @path. */
static gint64
insert_row (Walk         *walk,
            const Table  *table,
            GArray       *values,
            const char   *uuid,
            gint64        parent_id,
            gint64        group_id,
            gint64        position,
            const char   *path,
            GError      **error)
{
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GString) params = g_string_new (NULL);
  g_autofree char *sql = NULL;
  char fresh[37];
  sqlite3_stmt *stmt;

#define ADD_COLUMN(name, param) \
  g_string_append_printf (columns, "%s%s", columns->len ? ", " : "", name), \
  g_string_append_printf (params, "%s?%d", params->len ? ", " : "", param)

  if (table->flags & HAS_UUID)
    {
      if (uuid == NULL || uuid_taken (walk, table, uuid))
        {
          co_uuid_random (fresh);
          uuid = fresh;
        }
      ADD_COLUMN ("uuid", 1);
    }
  if (table->parent != NULL)
    ADD_COLUMN (table->parent, 2);
  if (table->flags & HAS_GROUP)
    ADD_COLUMN ("group_id", 3);
  if (table->flags & HAS_POSITION)
    ADD_COLUMN ("position", 4);
  if (table->flags & HAS_CREATED)
    ADD_COLUMN ("created_at", 5);
  if (table->flags & HAS_UPDATED)
    ADD_COLUMN ("updated_at", 5);
  for (guint v = 0; v < values->len; v++)
    if (g_array_index (values, Value, v).present)
      ADD_COLUMN (g_array_index (values, Value, v).column->spec->key, 6 + (int) v);
#undef ADD_COLUMN

  sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", table->table, columns->str, params->str);
  stmt = co_store_prepare (walk->store, sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, parent_id);
  sqlite3_bind_int64 (stmt, 3, group_id);
  sqlite3_bind_int64 (stmt, 4, position);
  sqlite3_bind_text (stmt, 5, walk->now, -1, SQLITE_STATIC);
  bind_values (stmt, values, 6);
  if (!co_store_step_done (walk->store, stmt, error))
    {
      g_prefix_error (error, _("%s: "), path);
      return 0;
    }
  return co_store_last_insert_rowid (walk->store);
}

/* Sets every column of row @id from @values; those the file left out get their defaults. A
 * row that matched by another key (a built-in role) takes the file's uuid when it is free. */
static gboolean
update_row (Walk         *walk,
            const Table  *table,
            GArray       *values,
            const char   *uuid,
            gint64        id,
            const char   *path,
            GError      **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_string_printf (sql, "UPDATE %s SET updated_at = ?1", table->table);
  append_values (walk, table, values, sql, TRUE, 4);
  if (uuid != NULL && !uuid_taken (walk, table, uuid))
    g_string_append (sql, ", uuid = ?3");
  g_string_append (sql, " WHERE id = ?2");

  stmt = co_store_prepare (walk->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, walk->now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);
  bind_values (stmt, values, 4);
  if (!co_store_step_done (walk->store, stmt, error))
    {
      g_prefix_error (error, _("%s: "), path);
      return FALSE;
    }
  return TRUE;
}

/* Whether row @id of @table holds other values than @values. */
static gboolean
row_differs (Walk        *walk,
             const Table *table,
             GArray      *values,
             gint64       id)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_string_printf (sql, "SELECT 1 FROM %s WHERE id = ?1", table->table);
  append_values (walk, table, values, sql, FALSE, 2);
  stmt = co_store_prepare (walk->store, sql->str, NULL);
  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_values (stmt, values, 2);
  return co_store_step_int (stmt, 0) == 0;
}

static const Value *
value_of (GArray     *values,
          const char *key)
{
  for (guint v = 0; v < values->len; v++)
    if (g_str_equal (g_array_index (values, Value, v).column->spec->key, key))
      return &g_array_index (values, Value, v);
  return NULL;
}

/* The workspace's row that is the file's: a built-in role by its keyword (each workspace makes
 * its own uuids for them), anything else by uuid. */
static gint64
match_row (Walk        *walk,
           const Table *table,
           GArray      *values,
           const char  *uuid)
{
  g_autofree char *sql = NULL;
  const Value *builtin = table == &co_exchange_tables[T_ROLES] ? value_of (values, "builtin") : NULL;
  gint64 id = 0;

  if (builtin != NULL && builtin->type == SQLITE_TEXT)
    id = lookup_id (walk->store, "SELECT id FROM roles WHERE builtin = ? AND deleted_at IS NULL", builtin->s);
  if (table == &co_exchange_tables[T_WEEKLY_NOTES])
    {
      /* A week's notes by their group and week: a teammate's notes of the same week are the same. */
      const Value *group = value_of (values, "group_id");
      sqlite3_stmt *stmt = co_store_prepare (walk->store, "SELECT id FROM weekly_notes"
                                                          " WHERE ifnull (group_id, 0) = ?1 AND week = ?2", NULL);

      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, group->type == SQLITE_INTEGER ? group->i : 0);
      sqlite3_bind_text (stmt, 2, value_of (values, "week")->s, -1, SQLITE_STATIC);
      return co_store_step_int (stmt, 0);
    }
  if (id == 0 && uuid != NULL)
    {
      sql = g_strdup_printf ("SELECT id FROM %s WHERE uuid = ?%s", table->table,
                             table->flags & HAS_DELETED ? " AND deleted_at IS NULL" : "");
      id = lookup_id (walk->store, sql, uuid);
    }
  return id;
}

static const char *
row_title (const Table *table,
           GArray      *values,
           const char  *uuid)
{
  const Value *title = table->title_column >= 0 ? &g_array_index (values, Value, table->title_column) : NULL;

  if (title != NULL && title->type == SQLITE_TEXT && *title->s != '\0')
    return title->s;
  if (table == &co_exchange_tables[T_ROLES] && value_of (values, "builtin")->type == SQLITE_TEXT)
    return co_choice_label (CO_CHOICE_BUILTIN_ROLE, value_of (values, "builtin")->s);
  return uuid != NULL ? uuid : "";
}

static JsonArray *
array_member (JsonObject  *object,
              const char  *name,
              const char  *path,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *member_path = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  member_path = co_json_path_member (path, name);
  invalid (error, member_path, _("this should be a list."));
  return NULL;
}

static gboolean walk_rows (Walk        *walk,
                           TableId      id,
                           JsonObject  *parent,
                           const char  *parent_path,
                           gint64       parent_id,
                           gint64       group_id,
                           GError     **error);

/* A list of uuids of rows of the file (@ref_table) under @name of @object, each linked to the row
 * @owner_id by @sql (?1 the owner, ?2 the row named); a uuid the file lacks is refused with
 * @message. An alt account's groups, a person's tags. */
static gboolean
walk_uuid_links (Walk        *walk,
                 JsonObject  *object,
                 const char  *path,
                 gint64       owner_id,
                 const char  *name,
                 const char  *ref_table,
                 const char  *sql,
                 const char  *message,
                 GError     **error)
{
  GError *local_error = NULL;
  JsonArray *array = array_member (object, name, path, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *uuid = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;
      gint64 *ref_id = uuid != NULL ? g_hash_table_lookup (ref_map (walk, ref_table), uuid) : NULL;
      sqlite3_stmt *stmt;

      if (ref_id == NULL)
        {
          g_autofree char *list_path = co_json_path_member (path, name);
          g_autofree char *item_path = co_json_path_index (list_path, i);
          return invalid (error, item_path, "%s", message);
        }
      if (walk->pass != PASS_IMPORT)
        continue;
      if ((stmt = co_store_prepare (walk->store, sql, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, owner_id);
      sqlite3_bind_int64 (stmt, 2, *ref_id);
      if (!co_store_step_done (walk->store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The groups an alt account is in: uuids of groups of the file. */
static gboolean
walk_alt_groups (Walk        *walk,
                 JsonObject  *object,
                 const char  *path,
                 gint64       alt_id,
                 GError     **error)
{
  return walk_uuid_links (walk, object, path, alt_id, "groups", "groups",
                          "INSERT OR IGNORE INTO alt_account_groups (alt_id, group_id) VALUES (?1, ?2)",
                          _("this should be the uuid of a group of this file."), error);
}

/* "telegram:user123": a platform in small letters and digits, a colon, the platform's id. */
static gboolean
is_handle (const char *text)
{
  const char *colon = text != NULL ? strchr (text, ':') : NULL;

  if (colon == NULL || colon == text || colon[1] == '\0' || g_utf8_strlen (text, -1) > CO_FIELD_TEXT_MAX ||
      g_ascii_isspace (colon[1]) || g_ascii_isspace (text[strlen (text) - 1]))
    return FALSE;
  for (const char *c = text; c < colon; c++)
    if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c))
      return FALSE;
  return TRUE;
}

/* A member's handles, as a chat import found them. One handle is one member's: a file giving
 * it to two is refused; one the workspace gives another member already stays theirs. */
static gboolean
walk_member_handles (Walk        *walk,
                     JsonObject  *object,
                     const char  *path,
                     gint64       member_id,
                     GError     **error)
{
  GError *local_error = NULL;
  JsonArray *array = array_member (object, "handles", path, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *handle = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                           ? json_node_get_string (node) : NULL;
      sqlite3_stmt *stmt;

      if (walk->pass == PASS_CHECK)
        {
          g_autofree char *handles_path = co_json_path_member (path, "handles");
          g_autofree char *item_path = co_json_path_index (handles_path, i);
          const char *owner;

          if (!is_handle (handle))
            return invalid (error, item_path, _("this should be a handle written like telegram:user123."));
          owner = g_hash_table_lookup (walk->handles, handle);
          if (owner != NULL && !g_str_equal (owner, path))
            return invalid (error, item_path, _("“%s” is also a handle of another member of this file."), handle);
          if (owner == NULL)
            {
              char *owner_path = g_strdup (path);

              g_ptr_array_add (walk->strings, owner_path);
              g_hash_table_insert (walk->handles, (gpointer) handle, owner_path);
            }
          continue;
        }
      stmt = co_store_prepare (walk->store, "INSERT OR IGNORE INTO member_handles (handle, member_id) VALUES (?, ?)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, handle, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, member_id);
      if (!co_store_step_done (walk->store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* A member's former nicknames and contacts (aliases), which imports match like their own, and
 * the members said not to be the same person (uuids of the file's members or the workspace's:
 * the pair is written once both are there, which the second of the two finds). */
static gboolean
walk_member_identities (Walk        *walk,
                        JsonObject  *object,
                        const char  *path,
                        gint64       member_id,
                        GError     **error)
{
  static const struct { const char *name; const char *kind; } lists[] = {
    { "nickname_aliases", "nickname" }, { "contact_aliases", "contact" }, { "not_same_as", NULL },
  };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      GError *local_error = NULL;
      JsonArray *array = array_member (object, lists[l].name, path, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          const char *text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                             ? json_node_get_string (node) : NULL;
          sqlite3_stmt *stmt;

          if (walk->pass == PASS_CHECK)
            {
              g_autofree char *list_path = co_json_path_member (path, lists[l].name);
              g_autofree char *item_path = co_json_path_index (list_path, i);
              g_autofree char *stripped = text ? g_strstrip (g_strdup (text)) : NULL;

              if (stripped == NULL || *stripped == '\0' || g_utf8_strlen (text, -1) > CO_FIELD_TEXT_MAX)
                return lists[l].kind != NULL
                       ? invalid (error, item_path, _("this should be a former nickname or contact: text of up"
                                                      " to %d characters."), CO_FIELD_TEXT_MAX)
                       : invalid (error, item_path, _("this should be the uuid of a member."));
              continue;
            }
          stmt = co_store_prepare (walk->store, lists[l].kind != NULL
            ? "INSERT OR IGNORE INTO member_aliases (member_id, kind, value) VALUES (?1, ?2, ?3)"
            : "INSERT OR IGNORE INTO member_not_duplicates (member_id, other_id)"
              " SELECT min (?1, id), max (?1, id) FROM members WHERE uuid = ?3 AND id <> ?1", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, member_id);
          sqlite3_bind_text (stmt, 2, lists[l].kind, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
          if (!co_store_step_done (walk->store, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* A person's tags: uuids of tags of the file. */
static gboolean
walk_member_tags (Walk        *walk,
                  JsonObject  *object,
                  const char  *path,
                  gint64       member_id,
                  GError     **error)
{
  return walk_uuid_links (walk, object, path, member_id, "tags", "tags",
                          "INSERT OR IGNORE INTO member_tags (tag_id, member_id) VALUES (?2, ?1)",
                          _("this should be the uuid of a tag of this file."), error);
}

/* A library item's image, in base64: checked as the library checks a file (an image of a known
 * kind, not over the limit). A workspace's item keeps its own image unless the file's replace it. */
static gboolean
walk_library_image (Walk        *walk,
                    JsonObject  *object,
                    const char  *path,
                    gint64       item_id,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, "image");
  g_autofree char *image_path = co_json_path_member (path, "image");
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  guchar *data;
  gsize size;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, image_path, _("this should be an image’s bytes in base64."));
  /* Base64 is four characters for three bytes: a larger text is refused before decoding it. */
  if (strlen (json_node_get_string (node)) / 4 * 3 > CO_LIBRARY_IMAGE_MAX_BYTES + 3)
    return invalid (error, image_path, _("the image is larger than the library keeps."));
  data = g_base64_decode (json_node_get_string (node), &size);
  image = g_bytes_new_take (data, size);
  if (!co_library_check_image (image, &local_error))
    return invalid (error, image_path, "%s", local_error->message);
  if (walk->pass != PASS_IMPORT || item_id <= 0)
    return TRUE;
  stmt = co_store_prepare (walk->store, "UPDATE library_items SET image = ?1, image_type = ?2, image_width = ?3,"
                                        " image_height = ?4 WHERE id = ?5 AND (image IS NULL OR ?6)", error);
  if (stmt == NULL)
    return FALSE;
  {
    CoImageInfo info;

    co_image_read_header (g_bytes_get_data (image, NULL), size, &info);
    sqlite3_bind_blob64 (stmt, 1, g_bytes_get_data (image, NULL), size, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, info.type, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, info.width);
    sqlite3_bind_int64 (stmt, 4, info.height);
    sqlite3_bind_int64 (stmt, 5, item_id);
    sqlite3_bind_int (stmt, 6, walk->mode == CO_EXCHANGE_REPLACE);
  }
  return co_store_step_done (walk->store, stmt, error);
}

/* Roles, staff, alt accounts and members: rows of the workspace, not of a group. The same
 * person (uuid) or built-in role is matched, then kept or updated as @walk->mode says. */
static gboolean
walk_workspace_rows (Walk        *walk,
                     TableId      id,
                     JsonObject  *root,
                     GError     **error)
{
  static const char * const alt_nested[] = { "groups", NULL };
  static const char * const member_nested[] = { "handles", "nickname_aliases", "contact_aliases", "not_same_as", "tags",
                                                NULL };
  static const char * const channel_nested[] = { "activity", NULL };
  static const char * const library_nested[] = { "image", NULL };
  const Table *table = &co_exchange_tables[id];
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (Value));
  g_autofree char *path = co_json_path_member ("$", table->name);
  GError *local_error = NULL;
  JsonArray *array = array_member (root, table->name, "$", &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = co_json_path_index (path, i);
      JsonNode *node = json_array_get_element (array, i);
      const char *uuid;
      gint64 row_id = -1;

      if (!read_row (walk, table, node, item_path,
                     id == T_ALT_ACCOUNTS ? alt_nested : id == T_MEMBERS ? member_nested
                     : id == T_CHANNELS ? channel_nested : id == T_LIBRARY ? library_nested : NULL,
                     values, &uuid, error))
        return FALSE;
      if (id == T_MEMBERS)
        walk->n_members++;

      if (walk->pass != PASS_CHECK && (row_id = match_row (walk, table, values, uuid)) != 0)
        {
          if (walk->pass == PASS_CONFLICTS && row_differs (walk, table, values, row_id))
            g_ptr_array_add (walk->conflicts, g_strdup_printf (walk->mode == CO_EXCHANGE_REPLACE
              ? _("“%s” (%s) is in the workspace already, with other details: the file’s replace them.")
              : _("“%s” (%s) is in the workspace already, with other details: the workspace’s are kept."),
              row_title (table, values, uuid), _(table->title)));
          if (walk->pass == PASS_IMPORT && walk->mode == CO_EXCHANGE_REPLACE &&
              !update_row (walk, table, values, uuid, row_id, item_path, error))
            return FALSE;
        }
      else if (walk->pass == PASS_IMPORT &&
               (row_id = insert_row (walk, table, values, uuid, 0, 0, i, item_path, error)) == 0)
        return FALSE;
      else if (walk->pass != PASS_IMPORT)
        row_id = -1;

      if (!register_uuid (walk, table->table, uuid, row_id, item_path, error) ||
          (id == T_ALT_ACCOUNTS && walk->pass != PASS_CONFLICTS &&
           !walk_alt_groups (walk, json_node_get_object (node), item_path, row_id, error)) ||
          (id == T_MEMBERS && walk->pass != PASS_CONFLICTS &&
           (!walk_member_handles (walk, json_node_get_object (node), item_path, row_id, error) ||
            !walk_member_identities (walk, json_node_get_object (node), item_path, row_id, error) ||
            !walk_member_tags (walk, json_node_get_object (node), item_path, row_id, error))) ||
          (id == T_LIBRARY && walk->pass != PASS_CONFLICTS &&
           !walk_library_image (walk, json_node_get_object (node), item_path, row_id, error)))
        return FALSE;
    }
  return TRUE;
}

/* Each channel's activity, once the groups' activities are known: the file writes it as the
 * channel's "activity", the uuid of an activity of the file. A channel the workspace keeps as it
 * is (not replaced) keeps its own cost or activity. */
static gboolean
walk_channel_activities (Walk        *walk,
                         JsonObject  *root,
                         GError     **error)
{
  JsonArray *array = json_object_has_member (root, "channels") &&
                     JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "channels"))
                     ? json_object_get_array_member (root, "channels") : NULL;

  for (guint i = 0; array != NULL && walk->pass != PASS_CONFLICTS && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *activity = object != NULL ? json_object_get_member (object, "activity") : NULL;
      const char *uuid = object != NULL && json_object_has_member (object, "uuid")
                         ? json_object_get_string_member (object, "uuid") : NULL;
      const char *text = activity != NULL && JSON_NODE_HOLDS_VALUE (activity) &&
                         json_node_get_value_type (activity) == G_TYPE_STRING ? json_node_get_string (activity) : NULL;
      gint64 *activity_id = text != NULL ? g_hash_table_lookup (ref_map (walk, "activities"), text) : NULL;
      gint64 *channel_id = uuid != NULL ? g_hash_table_lookup (ref_map (walk, "channels"), uuid) : NULL;
      sqlite3_stmt *stmt;

      if (activity == NULL)
        continue;
      if (activity_id == NULL)
        {
          g_autofree char *item_path = co_json_path_index ("$.channels", i);
          g_autofree char *activity_path = co_json_path_member (item_path, "activity");
          return invalid (error, activity_path, _("this should be the uuid of an activity of this file."));
        }
      if (walk->pass != PASS_IMPORT || channel_id == NULL || *channel_id <= 0)
        continue;
      stmt = co_store_prepare (walk->store, "UPDATE channels SET activity_id = ?1 WHERE id = ?2 AND cost IS NULL"
                                            " AND (activity_id IS NULL OR ?3)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *activity_id);
      sqlite3_bind_int64 (stmt, 2, *channel_id);
      sqlite3_bind_int (stmt, 3, walk->mode == CO_EXCHANGE_REPLACE);
      if (!co_store_step_done (walk->store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Rows of a group's table, in the array @id's name of @parent; @parent_id is the row above. */
static gboolean
walk_rows (Walk        *walk,
           TableId      id,
           JsonObject  *parent,
           const char  *parent_path,
           gint64       parent_id,
           gint64       group_id,
           GError     **error)
{
  static const char * const activity_nested[] = { "spends", NULL };
  static const char * const membership_nested[] = { "activity", "tier_changes", "checkins", "notes", "follow_ups",
                                                     NULL };
  const Table *table = &co_exchange_tables[id];
  const char * const *nested = id == T_ACTIVITIES ? activity_nested : id == T_MEMBERSHIPS ? membership_nested : NULL;
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (Value));
  g_autofree char *path = co_json_path_member (parent_path, table->name);
  GError *local_error = NULL;
  JsonArray *array = array_member (parent, table->name, parent_path, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = co_json_path_index (path, i);
      JsonNode *node = json_array_get_element (array, i);
      const char *uuid;
      gint64 row_id = -1;

      if (!read_row (walk, table, node, item_path, nested, values, &uuid, error))
        return FALSE;
      /* A copy is a new thing: its rows get new uuids. */
      if (walk->pass == PASS_IMPORT &&
          (row_id = insert_row (walk, table, values, walk->mode == CO_EXCHANGE_AS_NEW ? NULL : uuid,
                                parent_id, group_id, i, item_path, error)) == 0)
        return FALSE;
      /* Tiers are referred to within their group; other uuids must be unique in the file. */
      if (table->flags & HAS_UUID &&
          !register_uuid (walk, id == T_TIERS ? "tiers" : table->table, uuid, row_id, item_path, error))
        return FALSE;

      if (id == T_ACTIVITIES &&
          !walk_rows (walk, T_SPENDS, json_node_get_object (node), item_path, row_id, group_id, error))
        return FALSE;
      if (id == T_MEMBERSHIPS &&
          (!walk_rows (walk, T_ACTIVITY, json_node_get_object (node), item_path, row_id, group_id, error) ||
           !walk_rows (walk, T_TIER_CHANGES, json_node_get_object (node), item_path, row_id, group_id, error) ||
           !walk_rows (walk, T_CHECKINS, json_node_get_object (node), item_path, row_id, group_id, error) ||
           !walk_rows (walk, T_NOTES, json_node_get_object (node), item_path, row_id, group_id, error) ||
           !walk_rows (walk, T_FOLLOW_UPS, json_node_get_object (node), item_path, row_id, group_id, error)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
walk_selections (Walk        *walk,
                 JsonObject  *group,
                 const char  *group_path,
                 gint64       group_id,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (group, "selections");
  g_autofree char *path = co_json_path_member (group_path, "selections");
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, path, _("this should be an object."));

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &member))
    {
      g_autofree char *kind_path = co_json_path_member (path, name);
      CoChoiceKind kind = 0;
      gboolean known = FALSE;
      JsonArray *array;

      for (guint k = 0; k < G_N_ELEMENTS (co_plan_selection_kinds) && !known; k++)
        if (g_str_equal (name, co_plan_selection_kind_name (co_plan_selection_kinds[k])))
          kind = co_plan_selection_kinds[k], known = TRUE;
      if (!known)
        {
          if (walk->pass == PASS_CHECK && walk->n_unknown++ < MAX_WARNINGS)
            g_ptr_array_add (walk->warnings,
                             g_strdup_printf (_("%s: this version does not know this field; it is not imported."),
                                              kind_path));
          continue;
        }
      if (!JSON_NODE_HOLDS_ARRAY (member))
        return invalid (error, kind_path, _("this should be a list."));
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *keyword = JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING
                                ? json_node_get_string (element) : NULL;
          sqlite3_stmt *stmt;

          if (keyword == NULL || co_choice_index (kind, keyword) < 0)
            {
              g_autofree char *item_path = co_json_path_index (kind_path, i);
              return invalid (error, item_path, _("this is not a known value for %s."),
                              co_choice_kind_title (kind));
            }
          if (walk->pass != PASS_IMPORT)
            continue;
          stmt = co_store_prepare (walk->store, "INSERT OR IGNORE INTO plan_selections (group_id, kind, keyword)"
                                                " VALUES (?, ?, ?)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, group_id);
          sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, keyword, -1, SQLITE_STATIC);
          if (!co_store_step_done (walk->store, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Removes everything a replaced group owns, but not the group: its place and children stay. */
static gboolean
clear_group (Walk    *walk,
             gint64   group_id,
             GError **error)
{
  static const char * const others[] = { "plans", "plan_selections", "alt_account_groups" };

  /* Backwards: memberships go before the tiers they point at. */
  for (int i = G_N_ELEMENTS (co_exchange_group_tables) - 1; i >= -(int) G_N_ELEMENTS (others); i--)
    {
      const char *table = i >= 0 ? co_exchange_tables[co_exchange_group_tables[i]].table : others[-i - 1];
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE group_id = ?", table);
      sqlite3_stmt *stmt = co_store_prepare (walk->store, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, group_id);
      if (!co_store_step_done (walk->store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* What a group owns: its plan, its selections and each of its arrays. */
static gboolean
walk_group_plan (Walk        *walk,
                 JsonObject  *group,
                 const char  *path,
                 gint64       group_id,
                 GError     **error)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (Value));
  g_autofree char *plan_path = co_json_path_member (path, "plan");
  JsonNode *plan = json_object_get_member (group, "plan");
  const char *unused;

  if (plan != NULL && !JSON_NODE_HOLDS_NULL (plan))
    {
      if (!read_row (walk, &co_exchange_tables[T_PLAN], plan, plan_path, NULL, values, &unused, error))
        return FALSE;
      if (walk->pass == PASS_IMPORT &&
          insert_row (walk, &co_exchange_tables[T_PLAN], values, NULL, group_id, group_id, 0, plan_path, error) == 0)
        return FALSE;
    }
  if (!walk_selections (walk, group, path, group_id, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (co_exchange_group_tables); i++)
    if (!walk_rows (walk, co_exchange_group_tables[i], group, path, group_id, group_id, error))
      return FALSE;
  if (walk->pass != PASS_IMPORT)
    return TRUE;
  /* A file written by hand may leave out what every group has: the built-in tiers, and the
   * stage and type rules of a plan. */
  return (plan == NULL || JSON_NODE_HOLDS_NULL (plan) || co_plan_ensure (walk->store, group_id, error)) &&
         (json_object_has_member (group, "tiers") || co_tiers_ensure (walk->store, group_id, error));
}

static gboolean
walk_group (Walk        *walk,
            JsonNode    *node,
            const char  *path,
            GError     **error)
{
  /* A group's own members and its arrays, those of co_exchange_group_tables: a table added
   * there is known here without a second list to keep. */
  const char *nested[3 + CO_EXCHANGE_N_GROUP_TABLES + 1] = { "parent", "plan", "selections" };
  const Table *table = &co_exchange_tables[T_GROUPS];
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (Value));
  g_autofree char *parent_path = co_json_path_member (path, "parent");
  const char *uuid, *parent_uuid = NULL;
  JsonNode *parent;
  Value *name;
  gint64 existing = 0, group_id = -1, parent_id = 0;

  for (guint i = 0; i < CO_EXCHANGE_N_GROUP_TABLES; i++)
    nested[3 + i] = co_exchange_tables[co_exchange_group_tables[i]].name;
  if (!read_row (walk, table, node, path, nested, values, &uuid, error))
    return FALSE;
  name = &g_array_index (values, Value, CO_GROUP_FIELD_NAME);
  parent = json_object_get_member (json_node_get_object (node), "parent");
  if (parent != NULL && !JSON_NODE_HOLDS_NULL (parent))
    {
      parent_uuid = JSON_NODE_HOLDS_VALUE (parent) && json_node_get_value_type (parent) == G_TYPE_STRING
                    ? json_node_get_string (parent) : NULL;
      if (parent_uuid == NULL || !g_uuid_string_is_valid (parent_uuid))
        return invalid (error, parent_path, _("this should be a uuid, like 0b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e."));
    }
  walk->n_groups++;
  g_hash_table_remove (walk->refs, "tiers");

  if (walk->pass == PASS_CHECK)
    {
      char *folded = g_utf8_casefold (name->s, -1);
      if (!g_hash_table_add (walk->group_names, folded))
        {
          g_autofree char *name_path = co_json_path_member (path, "name");
          return invalid (error, name_path, _("another group of this file has this name."));
        }
      return register_uuid (walk, "groups", uuid, -1, path, error) &&
             walk_group_plan (walk, json_node_get_object (node), path, -1, error);
    }

  if (walk->mode == CO_EXCHANGE_REPLACE && uuid != NULL)
    existing = lookup_id (walk->store, "SELECT id FROM groups WHERE uuid = ? AND deleted_at IS NULL", uuid);
  if (existing != 0 && walk->pass == PASS_CONFLICTS)
    {
      g_autoptr(CoGroup) group = co_group_get (walk->store, existing, NULL);
      g_ptr_array_add (walk->conflicts,
                       g_strdup_printf (_("The group “%s” is replaced by the file’s, with its plan, lists, tiers,"
                                          " members and figures."), group ? co_group_get_name (group) : name->s));
    }
  if (co_group_name_is_taken (walk->store, name->s, existing))
    {
      char *unused = co_group_unused_name (walk->store, name->s);

      if (walk->pass == PASS_CONFLICTS)
        g_ptr_array_add (walk->conflicts,
                         g_strdup_printf (_("A group named “%s” exists already: the imported one is named “%s”."),
                                          name->s, unused));
      g_ptr_array_add (walk->strings, unused);
      name->s = unused;
    }
  if (walk->pass == PASS_CONFLICTS)
    return register_uuid (walk, "groups", uuid, existing != 0 ? existing : -1, path, error);

  if (parent_uuid != NULL)
    {
      gint64 *in_file = g_hash_table_lookup (ref_map (walk, "groups"), parent_uuid);
      parent_id = in_file != NULL ? *in_file
                  : lookup_id (walk->store, "SELECT id FROM groups WHERE uuid = ? AND deleted_at IS NULL", parent_uuid);
    }
  if (existing != 0)
    {
      group_id = existing;
      if (!clear_group (walk, group_id, error) || !update_row (walk, table, values, NULL, group_id, path, error))
        return FALSE;
    }
  else
    {
      sqlite3_stmt *stmt = co_store_prepare (walk->store, "SELECT coalesce (max (position) + 1, 0) FROM groups"
                                                          " WHERE parent_id IS ?", error);
      gint64 position;

      if (stmt == NULL)
        return FALSE;
      if (parent_id > 0)
        sqlite3_bind_int64 (stmt, 1, parent_id);
      position = co_store_step_int (stmt, 0);
      group_id = insert_row (walk, table, values, walk->mode == CO_EXCHANGE_AS_NEW ? NULL : uuid, 0, 0, position,
                             path, error);
      if (group_id == 0)
        return FALSE;
      if (parent_id > 0)
        {
          stmt = co_store_prepare (walk->store, "UPDATE groups SET parent_id = ? WHERE id = ?", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, parent_id);
          sqlite3_bind_int64 (stmt, 2, group_id);
          if (!co_store_step_done (walk->store, stmt, error))
            return FALSE;
        }
    }
  return register_uuid (walk, "groups", uuid, group_id, path, error) &&
         walk_group_plan (walk, json_node_get_object (node), path, group_id, error);
}

static gboolean
walk_document (Walk        *walk,
               JsonObject  *root,
               GError     **error)
{
  static const char * const known[] = {
    "format", "version", "scope", "roles", "staff", "alt_accounts", "channels", "members", "groups", "tag_groups",
    "tags", "segments", "weekly_notes", "library_items", NULL,
  };
  GError *local_error = NULL;
  JsonArray *groups;

  if (walk->pass == PASS_CHECK)
    warn_unknown (walk, NULL, root, "$", known);
  /* Tags before the people who have them. */
  if (!walk_workspace_rows (walk, T_ROLES, root, error) ||
      !walk_workspace_rows (walk, T_STAFF, root, error) ||
      !walk_workspace_rows (walk, T_CHANNELS, root, error) ||
      /* The library before the groups' SOP steps and content calendars that name its items. */
      !walk_workspace_rows (walk, T_LIBRARY, root, error) ||
      !walk_workspace_rows (walk, T_TAG_GROUPS, root, error) ||
      !walk_workspace_rows (walk, T_TAGS, root, error) ||
      !walk_workspace_rows (walk, T_MEMBERS, root, error) ||
      !walk_workspace_rows (walk, T_SEGMENTS, root, error))
    return FALSE;

  groups = array_member (root, "groups", "$", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
    {
      g_autofree char *path = co_json_path_index ("$.groups", i);
      if (!walk_group (walk, json_array_get_element (groups, i), path, error))
        return FALSE;
    }
  return walk_workspace_rows (walk, T_ALT_ACCOUNTS, root, error) && walk_channel_activities (walk, root, error) &&
         walk_workspace_rows (walk, T_WEEKLY_NOTES, root, error);
}

CoExchange *
co_exchange_read (GBytes  *bytes,
                  GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = co_json_parse (bytes, CO_EXCHANGE_MAX_BYTES, MAX_DEPTH, &local_error);
  JsonObject *object;
  JsonNode *node;
  CoExchange *self;
  Walk walk;

  if (root == NULL)
    {
      g_set_error_literal (error, CO_EXCHANGE_ERROR, CO_EXCHANGE_ERROR_INVALID, local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, "$", _("this should be an object: the file is not a CommunityOps exchange file."));
      return NULL;
    }
  object = json_node_get_object (root);
  node = json_object_get_member (object, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_str_equal (json_node_get_string (node), CO_EXCHANGE_FORMAT))
    {
      invalid (error, "$.format", _("this should be “%s”: the file is not a CommunityOps exchange file."),
               CO_EXCHANGE_FORMAT);
      return NULL;
    }
  node = json_object_get_member (object, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1)
    {
      invalid (error, "$.version", _("this should be a whole number from 1."));
      return NULL;
    }
  if (json_node_get_int (node) > CO_EXCHANGE_VERSION)
    {
      invalid (error, "$.version", _("the file is of version %d; this CommunityOps reads up to version %d."
                                     " A newer CommunityOps reads it."),
               (int) MIN (json_node_get_int (node), G_MAXINT), CO_EXCHANGE_VERSION);
      return NULL;
    }

  walk_init (&walk, PASS_CHECK, NULL, CO_EXCHANGE_AS_NEW);
  if (!walk_document (&walk, object, error))
    {
      walk_clear (&walk);
      return NULL;
    }
  if (walk.n_unknown > MAX_WARNINGS)
    g_ptr_array_add (walk.warnings, g_strdup_printf (ngettext ("… and %u more field this version does not know.",
                                                               "… and %u more fields this version does not know.",
                                                               walk.n_unknown - MAX_WARNINGS),
                                                     walk.n_unknown - MAX_WARNINGS));
  self = g_new0 (CoExchange, 1);
  self->root = g_steal_pointer (&root);
  self->warnings = g_steal_pointer (&walk.warnings);
  self->n_groups = walk.n_groups;
  self->n_members = walk.n_members;
  walk_clear (&walk);
  return self;
}

CoExchange *
co_exchange_read_file (const char  *path,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GBytes) bytes = NULL;
  CoExchange *self;
  GStatBuf info;
  gsize length;

  /* The size before reading it all: a huge file is refused without filling the memory. */
  if (g_stat (path, &info) == 0 && (guint64) info.st_size > CO_EXCHANGE_MAX_BYTES)
    {
      g_autofree char *size = g_format_size_full (info.st_size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (CO_EXCHANGE_MAX_BYTES, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, CO_EXCHANGE_ERROR, CO_EXCHANGE_ERROR_TOO_LARGE,
                   _("“%s” is %s, more than the %s that can be read."), display, size, limit);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, CO_EXCHANGE_ERROR, CO_EXCHANGE_ERROR_INVALID, _("Could not read “%s”: %s"),
                   display, local_error->message);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  self = co_exchange_read (bytes, &local_error);
  if (self == NULL)
    g_set_error (error, CO_EXCHANGE_ERROR, local_error->code, _("“%s” cannot be imported. %s"), display,
                 local_error->message);
  return self;
}

void
co_exchange_free (CoExchange *self)
{
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self);
}

GPtrArray *
co_exchange_get_warnings (CoExchange *self)
{
  return self->warnings;
}

guint
co_exchange_get_n_groups (CoExchange *self)
{
  return self->n_groups;
}

guint
co_exchange_get_n_members (CoExchange *self)
{
  return self->n_members;
}

gboolean
co_exchange_has_known_groups (CoExchange *self,
                              CoStore    *store)
{
  JsonNode *node = json_object_get_member (json_node_get_object (self->root), "groups");
  JsonArray *groups = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
    {
      JsonObject *group = json_array_get_object_element (groups, i);
      JsonNode *uuid = json_object_get_member (group, "uuid");

      if (uuid != NULL && JSON_NODE_HOLDS_VALUE (uuid) &&
          lookup_id (store, "SELECT id FROM groups WHERE uuid = ? AND deleted_at IS NULL",
                     json_node_get_string (uuid)) != 0)
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
co_exchange_list_conflicts (CoExchange      *self,
                            CoStore         *store,
                            CoExchangeMode   mode,
                            GError         **error)
{
  GPtrArray *conflicts = NULL;
  Walk walk;

  g_return_val_if_fail (CO_IS_STORE (store), NULL);

  walk_init (&walk, PASS_CONFLICTS, store, mode);
  if (walk_document (&walk, json_node_get_object (self->root), error))
    conflicts = g_steal_pointer (&walk.conflicts);
  walk_clear (&walk);
  return conflicts;
}

typedef struct
{
  CoExchange     *exchange;
  CoExchangeMode  mode;
  guint           n_groups;
  gboolean        owned;  /* the asynchronous import frees the exchange */
} ExchangeWrite;

static void
exchange_write_free (ExchangeWrite *job)
{
  if (job->owned)
    co_exchange_free (job->exchange);
  g_free (job);
}

static gboolean
write_document (CoStore  *store,
                gpointer  data,
                GError  **error)
{
  ExchangeWrite *job = data;
  Walk walk;
  gboolean ok;

  walk_init (&walk, PASS_IMPORT, store, job->mode);
  ok = walk_document (&walk, json_node_get_object (job->exchange->root), error) &&
       co_store_note_all_changed (store, error);
  job->n_groups = walk.n_groups;
  walk_clear (&walk);
  return ok;
}

gboolean
co_exchange_import (CoExchange      *self,
                    CoStore         *store,
                    CoExchangeMode   mode,
                    guint           *n_groups,
                    GError         **error)
{
  ExchangeWrite job = { self, mode, 0, FALSE };
  gboolean ok;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  ok = co_import_write (store, write_document, &job, error);
  if (n_groups != NULL)
    *n_groups = job.n_groups;
  return ok;
}

void
co_exchange_import_async (CoExchange          *self,
                          CoStore             *store,
                          CoExchangeMode       mode,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  ExchangeWrite *job = g_new0 (ExchangeWrite, 1);

  job->exchange = self;
  job->mode = mode;
  job->owned = TRUE;
  co_import_write_async (store, write_document, job, (GDestroyNotify) exchange_write_free, callback, user_data);
}

gboolean
co_exchange_import_finish (CoStore       *store,
                           GAsyncResult  *result,
                           guint         *n_groups,
                           GError       **error)
{
  ExchangeWrite *job = co_import_get_data (result);

  if (n_groups != NULL)
    *n_groups = job->n_groups;
  return co_import_write_finish (store, result, error);
}

