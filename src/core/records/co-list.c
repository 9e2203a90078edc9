/* co-list.c: the record engine: every list's rows read, added, edited, moved, removed to a
 * trash (deleted_at) so that undo gives them back, and restored, by their CoListSpec. The trash
 * is emptied when the app quits. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/records/co-list-private.h"

G_STATIC_ASSERT (CO_LIST_TIERS == CO_LIST_ALT_ACCOUNTS + 1 && CO_N_LISTS == CO_LIST_LIBRARY + 1);

const CoListSpec *
co_list_spec (CoList list)
{
  g_return_val_if_fail (list < CO_N_LISTS, NULL);
  if (list < CO_N_PLAN_LISTS)
    return &co_plan_list_specs[list];
  if (list <= CO_LIST_ALT_ACCOUNTS)
    return &co_team_list_specs[list - CO_LIST_ROLES];
  if (list == CO_LIST_TIERS)
    return &co_tier_list_spec;
  if (list == CO_LIST_CHALLENGES)
    return &co_challenge_list_spec;
  if (list == CO_LIST_CHANNELS)
    return &co_channel_list_spec;
  if (list == CO_LIST_LIBRARY)
    return &co_library_list_spec;
  return &co_sop_list_spec;
}

/* ---- binding -------------------------------------------------------------------------- */

void
co_list_bind_value (sqlite3_stmt      *stmt,
                    int                index,
                    const CoFieldSpec *field,
                    const char        *stored)
{
  if (stored == NULL)
    sqlite3_bind_null (stmt, index);
  else if (field->type == CO_FIELD_COUNT || field->type == CO_FIELD_MONEY || field->type == CO_FIELD_BOOL ||
           field->type == CO_FIELD_REFERENCE)
    sqlite3_bind_int64 (stmt, index, g_ascii_strtoll (stored, NULL, 10));
  else if (field->type == CO_FIELD_NUMBER)
    sqlite3_bind_double (stmt, index, g_ascii_strtod (stored, NULL));
  else
    sqlite3_bind_text (stmt, index, stored, -1, SQLITE_TRANSIENT);
}

/* ---- items ------------------------------------------------------------------------------- */

struct _CoItem
{
  GObject            parent_instance;

  CoList             list;  /* CO_N_LISTS for the plan itself */
  const CoFieldSpec *fields;
  guint              n_fields;
  gint64             id;
  char              *uuid;
  gint64             parent_id;
  gint64             group_id;
  char             **values;
};

G_DEFINE_FINAL_TYPE (CoItem, co_item, G_TYPE_OBJECT)

static void
co_item_finalize (GObject *object)
{
  CoItem *self = CO_ITEM (object);

  g_free (self->uuid);
  for (guint i = 0; i < self->n_fields; i++)
    g_free (self->values[i]);
  g_free (self->values);

  G_OBJECT_CLASS (co_item_parent_class)->finalize (object);
}

static void
co_item_class_init (CoItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = co_item_finalize;
}

static void
co_item_init (CoItem *self)
{
}

CoItem *
co_item_new (CoList             list,
             const CoFieldSpec *fields,
             guint              n_fields)
{
  CoItem *self = g_object_new (CO_TYPE_ITEM, NULL);

  self->list = list;
  self->fields = fields;
  self->n_fields = n_fields;
  self->values = g_new0 (char *, n_fields);
  return self;
}

void
co_item_read_values (CoItem       *self,
                     sqlite3_stmt *stmt,
                     int           first_column)
{
  for (guint i = 0; i < self->n_fields; i++)
    {
      int column = first_column + (int) i;

      /* Numbers in the form co_field_normalize() gives them: 75, not SQLite's 75.0. */
      if (self->fields[i].type == CO_FIELD_NUMBER && sqlite3_column_type (stmt, column) != SQLITE_NULL)
        self->values[i] = co_number_to_string (sqlite3_column_double (stmt, column));
      else
        self->values[i] = g_strdup ((const char *) sqlite3_column_text (stmt, column));
    }
}

void
co_item_set_ids (CoItem *self,
                 gint64  id,
                 gint64  parent_id,
                 gint64  group_id)
{
  self->id = id;
  self->parent_id = parent_id;
  self->group_id = group_id;
}

gint64 co_item_get_id (CoItem *self) { return self->id; }
const char *co_item_get_uuid (CoItem *self) { return self->uuid; }
gint64 co_item_get_parent_id (CoItem *self) { return self->parent_id; }
gint64 co_item_get_group_id (CoItem *self) { return self->group_id; }
CoList co_item_get_list (CoItem *self) { return self->list; }

const char *
co_item_get (CoItem     *self,
             const char *key)
{
  int index;

  g_return_val_if_fail (CO_IS_ITEM (self), NULL);
  index = co_field_find (self->fields, self->n_fields, key);
  g_return_val_if_fail (index >= 0, NULL);
  return self->values[index];
}

gint64
co_item_get_int (CoItem     *self,
                 const char *key,
                 gint64      unset)
{
  const char *value = co_item_get (self, key);
  return value ? g_ascii_strtoll (value, NULL, 10) : unset;
}

/* What names the item in a list: its title field, a goal's metric, or "Untitled". */
char *
co_item_dup_title (CoItem *self)
{
  const CoListSpec *spec;
  const CoFieldSpec *field;
  const char *value;

  g_return_val_if_fail (CO_IS_ITEM (self) && self->list < CO_N_LISTS, NULL);

  spec = co_list_spec (self->list);
  /* A built-in row is named in the user's language until the user names it. */
  if (spec->readonly_key != NULL && co_item_get (self, "name") == NULL &&
      co_item_get (self, spec->readonly_key) != NULL)
    {
      int key = co_field_find (spec->fields, spec->n_fields, spec->readonly_key);
      return g_strdup (co_choice_label (spec->fields[key].choice, co_item_get (self, spec->readonly_key)));
    }
  if (spec->dup_title != NULL)
    {
      char *title = spec->dup_title (self);
      if (title != NULL)
        return title;
    }

  field = &spec->fields[spec->title_field];
  value = self->values[spec->title_field];
  if (value == NULL)
    return g_strdup (_("Untitled"));
  if (field->type == CO_FIELD_LONG_TEXT)
    {
      /* The first line of a long text, shortened. */
      g_auto(GStrv) lines = g_strsplit (value, "\n", 2);
      g_autofree char *line = g_utf8_substring (lines[0], 0, MIN (60, g_utf8_strlen (lines[0], -1)));
      return g_utf8_strlen (lines[0], -1) > 60 || lines[1] ? g_strconcat (line, "…", NULL) : g_steal_pointer (&line);
    }
  return co_field_format (field, value);
}


/* ---- cross-field checks ------------------------------------------------------------------ */

gboolean
co_list_check_order (CoItem      *item,
                     const char  *first_key,
                     const char  *second_key,
                     const char  *message,
                     GError     **error)
{
  const char *first = co_item_get (item, first_key);
  const char *second = co_item_get (item, second_key);

  if (first != NULL && second != NULL && strcmp (second, first) < 0)
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT, message);
      return FALSE;
    }
  return TRUE;
}


/* ---- lists ------------------------------------------------------------------------------- */

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND, _("This item no longer exists."));
}

gboolean
co_list_group_exists (CoStore  *store,
                      gint64    group_id,
                      GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT 1 FROM groups WHERE id = ? AND deleted_at IS NULL",
                                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND, _("The group no longer exists."));
      return FALSE;
    }
  return TRUE;
}

/* Inserts whatever rows of the plan are missing: the plan row and one row for each stage and
 * group type. Notes a change only when it added something. */

static char *
select_sql (const CoListSpec *spec,
            const char       *where)
{
  GString *sql = g_string_new (NULL);

  if (spec->parent_column != NULL)
    g_string_printf (sql, "SELECT t.id, t.uuid, t.%s, t.group_id", spec->parent_column);
  else
    g_string_assign (sql, "SELECT t.id, t.uuid, 0, 0");
  for (guint i = 0; i < spec->n_fields; i++)
    g_string_append_printf (sql, ", t.%s", spec->fields[i].key);
  g_string_append_printf (sql, " FROM %s t WHERE %s", spec->table, where);
  return g_string_free (sql, FALSE);
}

static CoItem *
list_item_from_row (const CoListSpec *spec,
                    sqlite3_stmt     *stmt)
{
  CoItem *item = co_item_new (spec->list, spec->fields, spec->n_fields);

  item->id = sqlite3_column_int64 (stmt, 0);
  item->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  item->parent_id = sqlite3_column_int64 (stmt, 2);
  item->group_id = sqlite3_column_int64 (stmt, 3);
  co_item_read_values (item, stmt, 4);
  return item;
}

/* The items @stmt returns, as a list; NULL with @error set when a step fails. */
static GListStore *
collect_items (CoStore          *store,
               const CoListSpec *spec,
               sqlite3_stmt     *stmt,
               GError          **error)
{
  g_autoptr(GListStore) items = g_list_store_new (CO_TYPE_ITEM);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CoItem) item = list_item_from_row (spec, stmt);
      g_list_store_append (items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

/* The items of @list under @parent_id (a group, or an activity for spends), in order. */
GListStore *
co_list_items (CoStore  *store,
               CoList    list,
               gint64    parent_id,
               GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  /* Workspace-wide lists have no parent: @parent_id is ignored. */
  g_autofree char *where = g_strdup_printf ("%s%s%s t.deleted_at IS NULL ORDER BY t.position, t.id",
                                            spec->parent_column ? "t." : "",
                                            spec->parent_column ? spec->parent_column : "",
                                            spec->parent_column ? " = ?1 AND" : "");
  g_autofree char *sql = select_sql (spec, where);
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  if (spec->parent_column != NULL)
    sqlite3_bind_int64 (stmt, 1, parent_id);
  return collect_items (store, spec, stmt, error);
}

GListStore *
co_list_items_dated (CoStore       *store,
                     CoList         list,
                     const gint64  *group_ids,
                     guint          n_groups,
                     const char    *date_key,
                     const char    *from,
                     const char    *to,
                     gboolean       include_open,
                     GError       **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *groups = co_ids_json (group_ids, n_groups);
  g_autofree char *where = g_strdup_printf ("t.group_id IN (SELECT value FROM json_each (?1))"
                                            " AND t.deleted_at IS NULL"
                                            " AND (t.%s BETWEEN ?2 AND ?3%s)"
                                            " ORDER BY t.%s, t.position, t.id",
                                            date_key,
                                            include_open ? " OR t.status <> 'resolved'" : "",
                                            date_key);
  g_autofree char *sql = select_sql (spec, where);
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, groups, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
  return collect_items (store, spec, stmt, error);
}

CoItem *
co_list_get (CoStore  *store,
             CoList    list,
             gint64    id,
             GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *sql = select_sql (spec, "t.id = ? AND t.deleted_at IS NULL");
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      CoItem *item = list_item_from_row (spec, stmt);
      sqlite3_reset (stmt);
      return item;
    }
  if (rc == SQLITE_DONE)
    set_not_found (error);
  else
    co_store_set_error (store, error);
  return NULL;
}

/* The group that items under @parent_id belong to, or 0 when the parent is gone. */
static gint64
parent_group (CoStore          *store,
              const CoListSpec *spec,
              gint64            parent_id,
              GError          **error)
{
  sqlite3_stmt *stmt;

  if (g_str_equal (spec->parent_column, "group_id"))
    return co_list_group_exists (store, parent_id, error) ? parent_id : 0;

  stmt = co_store_prepare (store, "SELECT group_id FROM activities WHERE id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, parent_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND, _("The activity no longer exists."));
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}

gint64
co_list_add (CoStore  *store,
             CoList    list,
             gint64    parent_id,
             GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = co_store_now ();
  g_autofree char *insert = NULL;
  g_autofree char *next = NULL;
  sqlite3_stmt *stmt;
  gint64 group_id, position = 0, id;

  g_return_val_if_fail (CO_IS_STORE (store), 0);

  if (spec->key_field >= 0)
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_FIXED,
                           _("This list has one entry for each choice; none can be added."));
      return 0;
    }
  group_id = spec->parent_column ? parent_group (store, spec, parent_id, error) : 0;
  if ((spec->parent_column != NULL && group_id == 0) || !co_store_begin (store, error))
    return 0;

  next = g_strdup_printf ("SELECT coalesce(max(position) + 1, 0) FROM %s WHERE %s = ?1", spec->table,
                          spec->parent_column ? spec->parent_column : "?1");
  stmt = co_store_prepare (store, next, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, parent_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int64 (stmt, 0);

  if (spec->parent_column == NULL)
    insert = g_strdup_printf ("INSERT INTO %s (uuid, position, created_at, updated_at)"
                              " VALUES (?1, ?3, ?4, ?4)", spec->table);
  else if (g_str_equal (spec->parent_column, "group_id"))
    insert = g_strdup_printf ("INSERT INTO %s (uuid, group_id, position, created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?4)", spec->table);
  else
    insert = g_strdup_printf ("INSERT INTO %s (uuid, group_id, position, created_at, updated_at, %s)"
                              " VALUES (?1, ?2, ?3, ?4, ?4, ?5)", spec->table, spec->parent_column);
  stmt = co_store_prepare (store, insert, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, group_id);
  sqlite3_bind_int64 (stmt, 3, position);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  if (spec->parent_column != NULL && !g_str_equal (spec->parent_column, "group_id"))
    sqlite3_bind_int64 (stmt, 5, parent_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;

  id = co_store_last_insert_rowid (store);
  co_store_note_change (store, spec->table, group_id);
  if (!co_store_commit (store, error))
    return 0;
  return id;

failed:
  co_store_rollback (store);
  return 0;
}

/* Whether a reference points at a row that is there and not in the trash. */
static gboolean
reference_exists (CoStore           *store,
                  const CoFieldSpec *field,
                  const char        *stored,
                  GError           **error)
{
  /* The table name comes from the field spec, never from the caller. */
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ? AND deleted_at IS NULL", field->ref_table);
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (stored, NULL, 10));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND,
               _("%s: the chosen entry no longer exists."), _(field->title));
  return FALSE;
}

/* Runs @sql, an UPDATE of item @id binding @value first, then checks the item. */
static gboolean
update_item (CoStore           *store,
             const CoListSpec  *spec,
             gint64             id,
             const char        *sql,
             const CoFieldSpec *field,
             const char        *value,
             GError           **error)
{
  g_autofree char *now = co_store_now ();
  g_autoptr(CoItem) item = NULL;
  sqlite3_stmt *stmt;

  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, sql, error);
  if (stmt == NULL)
    goto failed;
  if (field != NULL)
    co_list_bind_value (stmt, 1, field, value);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  if (sqlite3_changes (sqlite3_db_handle (stmt)) == 0)
    {
      set_not_found (error);
      goto failed;
    }

  /* Checked after the write, so that a restored item is checked like an edited one. */
  item = co_list_get (store, spec->list, id, NULL);
  if (item != NULL && spec->check != NULL && !spec->check (store, item, error))
    goto failed;
  co_store_note_change (store, spec->table, item ? item->group_id : 0);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

gboolean
co_list_set (CoStore     *store,
             CoList       list,
             gint64       id,
             const char  *key,
             const char  *input,
             GError     **error)
{
  const CoListSpec *spec = co_list_spec (list);
  int index = co_field_find (spec->fields, spec->n_fields, key);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);
  g_return_val_if_fail (index >= 0, FALSE);

  if (index == spec->key_field || g_strcmp0 (key, spec->readonly_key) == 0)
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_FIXED, _("This field cannot be changed."));
      return FALSE;
    }
  stored = co_field_normalize (&spec->fields[index], input, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (spec->fields[index].type == CO_FIELD_REFERENCE && stored != NULL &&
      !reference_exists (store, &spec->fields[index], stored, error))
    return FALSE;
  /* The column name comes from the spec, never from the caller. */
  sql = g_strdup_printf ("UPDATE %s SET %s = ?1, updated_at = ?2 WHERE id = ?3 AND deleted_at IS NULL",
                         spec->table, spec->fields[index].key);
  return update_item (store, spec, id, sql, &spec->fields[index], stored, error);
}

gint64
co_list_add_with (CoStore            *store,
                  CoList              list,
                  gint64              parent_id,
                  const char * const *keys,
                  const char * const *inputs,
                  GError            **error)
{
  gint64 id;

  g_return_val_if_fail (CO_IS_STORE (store), 0);

  if (!co_store_begin (store, error))
    return 0;
  id = co_list_add (store, list, parent_id, error);
  for (guint i = 0; id != 0 && keys[i] != NULL; i++)
    if (inputs[i] != NULL && !co_list_set (store, list, id, keys[i], inputs[i], error))
      id = 0;
  if (id == 0)
    {
      co_store_rollback (store);
      return 0;
    }
  return co_store_commit (store, error) ? id : 0;
}

/* Moves the rows that point at item @id from deleted_at @from to @to, NULL meaning not in the
 * trash: one stamp for an item and its dependents lets Undo bring back exactly those, not a
 * shift removed on its own before. */
static gboolean
move_dependents (CoStore           *store,
                 const CoListSpec  *spec,
                 gint64             id,
                 const char        *from,
                 const char        *to,
                 GError           **error)
{
  for (guint t = 0; spec->dependent_tables != NULL && spec->dependent_tables[t] != NULL; t++)
    {
      /* "IS" rather than "=" so that a NULL @from matches. */
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted_at = ?1 WHERE %s = ?2 AND deleted_at IS ?3",
                                              spec->dependent_tables[t], spec->dependent_column);
      sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, to, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, id);
      sqlite3_bind_text (stmt, 3, from, -1, SQLITE_TRANSIENT);
      if (!co_store_step_done (store, stmt, error))
        return FALSE;
      co_store_note_change (store, spec->dependent_tables[t], 0);
    }
  return TRUE;
}

gboolean
co_list_remove (CoStore  *store,
                CoList    list,
                gint64    id,
                GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *sql = NULL;
  g_autofree char *now = co_store_now ();
  g_autoptr(CoItem) item = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  if (spec->key_field >= 0)
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_FIXED,
                           _("This list has one entry for each choice; none can be removed."));
      return FALSE;
    }
  item = co_list_get (store, list, id, error);
  if (item == NULL)
    return FALSE;
  /* Built-in roles stay: the staffing rules and the sample rely on them. */
  if (spec->readonly_key != NULL && co_item_get (item, spec->readonly_key) != NULL)
    {
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_FIXED,
                           _("Built-in roles cannot be removed; rename them or leave them unused."));
      return FALSE;
    }
  if (!co_store_begin (store, error))
    return FALSE;
  sql = g_strdup_printf ("UPDATE %s SET deleted_at = ?1 WHERE id = ?2 AND deleted_at IS NULL", spec->table);
  stmt = co_store_prepare (store, sql, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!co_store_step_done (store, stmt, error) || !move_dependents (store, spec, id, NULL, now, error))
    goto failed;
  co_store_note_change (store, spec->table, item->group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

gboolean
co_list_restore (CoStore  *store,
                 CoList    list,
                 gint64    id,
                 GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *stamp_sql = g_strdup_printf ("SELECT deleted_at FROM %s WHERE id = ?", spec->table);
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted_at = NULL, updated_at = ?2"
                                          " WHERE id = ?3 AND deleted_at IS NOT NULL", spec->table);
  g_autofree char *stamp = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, stamp_sql, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    stamp = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (!update_item (store, spec, id, sql, NULL, NULL, error) ||
      !move_dependents (store, spec, id, stamp, NULL, error))
    goto failed;
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

/* Swaps the item with its neighbour above (@direction < 0) or below; nothing at either end. */
gboolean
co_list_move (CoStore  *store,
              CoList    list,
              gint64    id,
              int       direction,
              GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *same_parent = NULL;
  g_autofree char *neighbour = NULL;
  g_autofree char *swap = NULL;
  g_autoptr(CoItem) item = NULL;
  sqlite3_stmt *stmt;
  gint64 position, other_id, other_position;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  item = co_list_get (store, list, id, error);
  if (item == NULL || !co_store_begin (store, error))
    return FALSE;

  same_parent = spec->parent_column ? g_strdup_printf ("o.%1$s = t.%1$s", spec->parent_column)
                                     : g_strdup ("1");
  neighbour = g_strdup_printf ("SELECT t.position, o.id, o.position FROM %1$s t JOIN %1$s o"
                               " ON %2$s AND o.deleted_at IS NULL AND o.position %3$s t.position"
                               " WHERE t.id = ? ORDER BY o.position %4$s LIMIT 1",
                               spec->table, same_parent, direction < 0 ? "<" : ">",
                               direction < 0 ? "DESC" : "ASC");
  stmt = co_store_prepare (store, neighbour, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      co_store_rollback (store);
      return TRUE;
    }
  position = sqlite3_column_int64 (stmt, 0);
  other_id = sqlite3_column_int64 (stmt, 1);
  other_position = sqlite3_column_int64 (stmt, 2);

  swap = g_strdup_printf ("UPDATE %s SET position = ? WHERE id = ?", spec->table);
  stmt = co_store_prepare (store, swap, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, other_position);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, position);
  sqlite3_bind_int64 (stmt, 2, other_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;

  co_store_note_change (store, spec->table, item->group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

gboolean
co_list_purge_trash (CoStore  *store,
                     GError  **error)
{
  if (!co_store_begin (store, error))
    return FALSE;
  for (CoList list = 0; list < CO_N_LISTS; list++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE deleted_at IS NOT NULL",
                                              co_list_spec (list)->table);
      if (!co_store_exec (store, sql, error))
        {
          co_store_rollback (store);
          return FALSE;
        }
    }
  return co_store_commit (store, error);
}
