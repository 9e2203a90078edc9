/* co-member-merge.c: one person as the review shows them, and merging two members into one with
 * undo.
 *
 * A merge first keeps every row of both members (and of what hangs off them, found from the
 * schema's foreign keys, so that a table added later is kept too) in the merge's record; undo
 * deletes both and writes those rows back with their ids. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "core/members/co-member-merge.h"
#include "core/store/co-store-private.h"

/* ---- people ------------------------------------------------------------------------------ */

void
co_person_free (CoPerson *person)
{
  g_free (person->uuid);
  g_free (person->updated_at);
  for (guint i = 0; i < CO_N_MEMBER_FIELDS; i++)
    g_free (person->values[i]);
  g_free (person);
}

/* The person's fields as SQL columns, by CoMemberField. */
static const char *
person_column (CoMemberField field)
{
  switch (field)
    {
    case CO_MEMBER_NICKNAME: return "nickname";
    case CO_MEMBER_REAL_NAME: return "real_name";
    case CO_MEMBER_CITY: return "city";
    case CO_MEMBER_INDUSTRY: return "industry";
    case CO_MEMBER_CONTACT: return "contact";
    case CO_MEMBER_SOURCE: return "source";
    case CO_MEMBER_NOTES: return "notes";
    default: return NULL;
    }
}

CoPerson *
co_person_get (CoStore  *store,
               gint64    member_id,
               GError  **error)
{
  g_autoptr(GString) groups = g_string_new (NULL), tiers = g_string_new (NULL);
  CoPerson *person;
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT uuid, updated_at, nickname, real_name, city, industry, contact, source, notes,"
    "       (SELECT sum (points) FROM memberships WHERE member_id = ?1 AND deleted_at IS NULL),"
    "       (SELECT max (last_active) FROM memberships WHERE member_id = ?1 AND deleted_at IS NULL),"
    "       (SELECT min (joined_date) FROM memberships WHERE member_id = ?1 AND deleted_at IS NULL)"
    " FROM members WHERE id = ?1", error);
  static const CoMemberField columns[] = {
    CO_MEMBER_NICKNAME, CO_MEMBER_REAL_NAME, CO_MEMBER_CITY, CO_MEMBER_INDUSTRY, CO_MEMBER_CONTACT,
    CO_MEMBER_SOURCE, CO_MEMBER_NOTES, CO_MEMBER_POINTS, CO_MEMBER_LAST_ACTIVE, CO_MEMBER_JOINED,
  };
  g_autoptr(GArray) memberships = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, member_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND, _("The member was removed."));
      return NULL;
    }
  person = g_new0 (CoPerson, 1);
  person->id = member_id;
  person->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  person->updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    person->values[columns[i]] = g_strdup ((const char *) sqlite3_column_text (stmt, 2 + i));
  sqlite3_reset (stmt);

  /* Each group with the tier there, as the lists show them. */
  stmt = co_store_prepare (store, "SELECT s.id FROM memberships s JOIN groups g ON g.id = s.group_id"
                                  " WHERE s.member_id = ? AND s.deleted_at IS NULL ORDER BY g.name", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, member_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_array_append_val (memberships, (gint64) { sqlite3_column_int64 (stmt, 0) });
      sqlite3_reset (stmt);
    }
  for (guint i = 0; i < memberships->len; i++)
    {
      g_autoptr(CoMember) member = co_member_get_by_id (store, g_array_index (memberships, gint64, i), NULL);
      g_autofree char *group = member ? co_member_dup_display (member, CO_MEMBER_GROUP) : NULL;
      g_autofree char *tier = member ? co_member_dup_display (member, CO_MEMBER_TIER) : NULL;

      if (member == NULL)
        continue;
      g_string_append_printf (groups, "%s%s", groups->len ? "、" : "", group);
      if (tier != NULL && *tier != '\0')
        g_string_append_printf (tiers, "%s%s", tiers->len ? "、" : "", tier);
    }
  person->values[CO_MEMBER_GROUP] = groups->len ? g_strdup (groups->str) : NULL;
  person->values[CO_MEMBER_TIER] = tiers->len ? g_strdup (tiers->str) : NULL;
  return person;
}

guint
co_merge_default_choice (const CoPerson *keep,
                         const CoPerson *other)
{
  guint take = 0;

  for (guint field = 0; field < CO_N_MEMBER_FIELDS; field++)
    if ((CO_MERGE_PERSON_FIELDS & (1u << field)) && keep->values[field] == NULL && other->values[field] != NULL)
      take |= 1u << field;
  return take;
}

GStrv
co_member_dup_aliases (CoStore     *store,
                       gint64       member_id,
                       const char  *kind,
                       GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT value FROM member_aliases WHERE member_id = ? AND kind = ?"
                                                " ORDER BY value", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return g_strv_builder_end (builder);
}

gint64
co_member_find_person (CoStore     *store,
                       gint64       group_id,
                       const char  *text,
                       GError     **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT m.id FROM members m WHERE (m.uuid = ?1 OR m.nickname = ?1)"
    " AND EXISTS (SELECT 1 FROM memberships s WHERE s.member_id = m.id AND s.deleted_at IS NULL"
    "             AND (?2 = 0 OR s.group_id = ?2))"
    " ORDER BY m.uuid = ?1 DESC LIMIT 2", error);
  gint64 found = 0;
  guint n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, group_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (n++ == 0)
        found = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_reset (stmt);
  if (n == 0)
    g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND, _("No member is called “%s”."), text);
  else if (n > 1)
    g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE,
                 _("Several members are called “%s”: name one by its uuid (--find-duplicates prints them)."),
                 text);
  return n == 1 ? found : 0;
}

/* ---- merging ----------------------------------------------------------------------------- */

/* A foreign key of the schema that points at members or at a table hanging off them. */
typedef struct
{
  char     *table;
  char     *column;
  char     *parent;
  char     *parent_column;
  gboolean  cascade;   /* ON DELETE CASCADE; else SET NULL or nothing */
} ForeignKey;

static void
foreign_key_clear (ForeignKey *key)
{
  g_free (key->table);
  g_free (key->column);
  g_free (key->parent);
  g_free (key->parent_column);
}

/* Kept by triggers from member_activity: never copied, rebuilt. */
static gboolean
is_derived (const char *table)
{
  return g_str_equal (table, "activity_days");
}

/* Every foreign key of the workspace's tables. */
static GArray *
read_foreign_keys (CoStore  *store,
                   GError  **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (ForeignKey));
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                                " AND name NOT LIKE 'sqlite%' ORDER BY name", error);

  g_array_set_clear_func (keys, (GDestroyNotify) foreign_key_clear);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  for (guint i = 0; i < tables->len; i++)
    {
      stmt = co_store_prepare (store, "SELECT \"from\", \"table\", coalesce (\"to\", 'id'), on_delete"
                                      " FROM pragma_foreign_key_list (?)", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, tables->pdata[i], -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          ForeignKey key = {
            g_strdup (tables->pdata[i]),
            g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
            g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
            g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
            g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 3), "CASCADE") == 0,
          };
          g_array_append_val (keys, key);
        }
      sqlite3_reset (stmt);
    }
  return g_steal_pointer (&keys);
}

/* A table whose rows go with the two members, and which of its rows: @condition reads the
 * members' ids as the JSON array ?1. */
typedef struct
{
  char *table;
  char *condition;
  guint depth;    /* members 0, memberships 1, …: the order in which they are written back */
} Captured;

static void
captured_clear (Captured *captured)
{
  g_free (captured->table);
  g_free (captured->condition);
}

static Captured *
find_captured (GArray     *captured,
               const char *table)
{
  for (guint i = 0; i < captured->len; i++)
    if (g_str_equal (g_array_index (captured, Captured, i).table, table))
      return &g_array_index (captured, Captured, i);
  return NULL;
}

/* The tables deleting the members cascades to, with the rows of each, parents first. */
static GArray *
capture_plan (GArray *keys)
{
  GArray *captured = g_array_new (FALSE, FALSE, sizeof (Captured));
  gboolean grew = TRUE;

  g_array_set_clear_func (captured, (GDestroyNotify) captured_clear);
  g_array_append_val (captured, ((Captured) { g_strdup ("members"),
                                              g_strdup ("id IN (SELECT value FROM json_each (?1))"), 0 }));
  /* Each round reaches one table further; a table reached by several keys takes them all. */
  for (guint round = 0; grew && round < 8; round++)
    {
      g_autoptr(GHashTable) conditions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autoptr(GHashTable) depths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      grew = FALSE;
      for (guint i = 0; i < keys->len; i++)
        {
          const ForeignKey *key = &g_array_index (keys, ForeignKey, i);
          Captured *parent = find_captured (captured, key->parent);
          const char *before;
          char *condition;

          if (!key->cascade || parent == NULL || g_str_equal (key->table, "members") || is_derived (key->table))
            continue;
          before = g_hash_table_lookup (conditions, key->table);
          condition = g_strdup_printf ("%s%s\"%s\" IN (SELECT \"%s\" FROM \"%s\" WHERE %s)",
                                       before ? before : "", before ? " OR " : "", key->column,
                                       key->parent_column, key->parent, parent->condition);
          g_hash_table_insert (conditions, g_strdup (key->table), condition);
          g_hash_table_insert (depths, g_strdup (key->table),
                               GUINT_TO_POINTER (MAX (GPOINTER_TO_UINT (g_hash_table_lookup (depths, key->table)),
                                                      parent->depth + 1)));
        }
      GHashTableIter iter;
      gpointer table, condition;
      g_hash_table_iter_init (&iter, conditions);
      while (g_hash_table_iter_next (&iter, &table, &condition))
        {
          Captured *known = find_captured (captured, table);
          guint depth = GPOINTER_TO_UINT (g_hash_table_lookup (depths, table));

          if (known == NULL)
            {
              g_array_append_val (captured, ((Captured) { g_strdup (table), g_strdup (condition), depth }));
              grew = TRUE;
            }
          else if (!g_str_equal (known->condition, condition) || known->depth != depth)
            {
              g_free (known->condition);
              known->condition = g_strdup (condition);
              known->depth = depth;
              grew = TRUE;
            }
        }
    }
  return captured;
}

static int
compare_depth (gconstpointer a,
               gconstpointer b)
{
  const Captured *x = a, *y = b;
  return x->depth != y->depth ? (x->depth < y->depth ? -1 : 1) : strcmp (x->table, y->table);
}

static void
add_value (JsonBuilder  *builder,
           sqlite3_stmt *stmt,
           int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      json_builder_add_null_value (builder);
      break;
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      json_builder_add_double_value (builder, sqlite3_column_double (stmt, column));
      break;
    case SQLITE_BLOB:
      {
        /* Bytes (a name's sort key) are not text: {"blob": base64}. */
        g_autofree char *encoded = g_base64_encode (sqlite3_column_blob (stmt, column),
                                                    sqlite3_column_bytes (stmt, column));

        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "blob");
        json_builder_add_string_value (builder, encoded);
        json_builder_end_object (builder);
      }
      break;
    default:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
    }
}

/* Every row of the two members and of what hangs off them, and the references to them that
 * deleting them would clear, as JSON. */
static char *
snapshot (CoStore   *store,
          GArray    *keys,
          const char *ids_json,
          GError   **error)
{
  g_autoptr(GArray) captured = capture_plan (keys);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_array_sort (captured, compare_depth);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint i = 0; i < captured->len; i++)
    {
      const Captured *table = &g_array_index (captured, Captured, i);
      g_autofree char *columns = NULL;
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;
      int n_columns;

      /* The stored columns: a generated one is computed again when the row is written back. */
      stmt = co_store_prepare (store, "SELECT group_concat ('\"' || name || '\"', ', ') FROM pragma_table_xinfo (?)"
                                      " WHERE hidden = 0", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, table->table, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        columns = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      sql = g_strdup_printf ("SELECT %s FROM \"%s\" WHERE %s", columns, table->table, table->condition);
      if ((stmt = co_store_prepare (store, sql, error)) == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_STATIC);
      n_columns = sqlite3_column_count (stmt);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, table->table);
      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      for (int c = 0; c < n_columns; c++)
        json_builder_add_string_value (builder, sqlite3_column_name (stmt, c));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "rows");
      json_builder_begin_array (builder);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          json_builder_begin_array (builder);
          for (int c = 0; c < n_columns; c++)
            add_value (builder, stmt, c);
          json_builder_end_array (builder);
        }
      sqlite3_reset (stmt);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* References that deleting the members sets to NULL (who referred whom): put back by rowid. */
  json_builder_set_member_name (builder, "references");
  json_builder_begin_array (builder);
  for (guint i = 0; i < keys->len; i++)
    {
      const ForeignKey *key = &g_array_index (keys, ForeignKey, i);
      const Captured *parent = find_captured (captured, key->parent);
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;

      if (key->cascade || parent == NULL)
        continue;
      sql = g_strdup_printf ("SELECT rowid, \"%s\" FROM \"%s\" WHERE \"%s\" IN (SELECT \"%s\" FROM \"%s\" WHERE %s)",
                             key->column, key->table, key->column, key->parent_column, key->parent,
                             parent->condition);
      if ((stmt = co_store_prepare (store, sql, error)) == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, key->table);
          json_builder_add_string_value (builder, key->column);
          json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
          add_value (builder, stmt, 1);
          json_builder_end_array (builder);
        }
      sqlite3_reset (stmt);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
exec_ids (CoStore     *store,
          const char  *sql,
          gint64       a,
          gint64       b,
          GError     **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  return co_store_step_done (store, stmt, error);
}

/* Two memberships of one group become @keep: what the merge says about each column. */
static gboolean
combine_memberships (CoStore  *store,
                     GArray   *keys,
                     gint64    keep,
                     gint64    other,
                     const char *now,
                     GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
    "UPDATE memberships AS k SET"
    /* The earliest join and invitation; still in the group when either is. */
    "  joined_date = coalesce (min (k.joined_date, o.joined_date), k.joined_date, o.joined_date),"
    "  invited_date = coalesce (min (k.invited_date, o.invited_date), k.invited_date, o.invited_date),"
    "  left_date = CASE WHEN k.left_date IS NULL OR o.left_date IS NULL THEN NULL"
    "                   ELSE max (k.left_date, o.left_date) END,"
    /* The higher tier (the later in the group's order), set by hand when either was. */
    "  tier_id = CASE WHEN (SELECT position FROM tiers WHERE id = o.tier_id)"
    "                      > coalesce ((SELECT position FROM tiers WHERE id = k.tier_id), -1)"
    "                 THEN o.tier_id ELSE coalesce (k.tier_id, o.tier_id) END,"
    "  tier_manual = k.tier_manual OR o.tier_manual,"
    "  active_days = max (k.active_days, o.active_days),"
    "  seed = k.seed OR o.seed, core = k.core OR o.core,"
    /* The first reply, with who gave it. */
    "  replied_by = CASE WHEN k.replied_date IS NULL OR o.replied_date < k.replied_date"
    "                    THEN coalesce (o.replied_by, k.replied_by) ELSE coalesce (k.replied_by, o.replied_by) END,"
    "  replied_date = coalesce (min (k.replied_date, o.replied_date), k.replied_date, o.replied_date),"
    "  points = k.points + o.points,"
    "  last_active = coalesce (max (k.last_active, o.last_active), k.last_active, o.last_active),"
    "  referrer_id = coalesce (k.referrer_id, o.referrer_id),"
    "  deleted_at = CASE WHEN k.deleted_at IS NULL OR o.deleted_at IS NULL THEN NULL ELSE k.deleted_at END,"
    "  created_at = min (k.created_at, o.created_at), updated_at = ?3"
    " FROM memberships AS o WHERE k.id = ?1 AND o.id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, keep);
  sqlite3_bind_int64 (stmt, 2, other);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    return FALSE;

  /* What hangs off the other membership moves over (activity, tier changes, check-ins); a
   * check-in both made on the same day stays one. */
  for (guint i = 0; i < keys->len; i++)
    {
      const ForeignKey *key = &g_array_index (keys, ForeignKey, i);
      g_autofree char *sql = NULL;

      if (!g_str_equal (key->parent, "memberships") || is_derived (key->table))
        continue;
      sql = g_strdup_printf ("UPDATE OR IGNORE \"%s\" SET \"%s\" = ?1 WHERE \"%s\" = ?2",
                             key->table, key->column, key->column);
      if (!exec_ids (store, sql, keep, other, error))
        return FALSE;
    }
  /* The active days follow the activity: rebuilt as migration 6 built them. */
  return exec_ids (store, "DELETE FROM activity_days WHERE membership_id IN (?1, ?2)", keep, other, error) &&
         exec_ids (store,
                   "INSERT INTO activity_days (membership_id, date, group_id, prev_date, rows)"
                   "  SELECT membership_id, date, group_id, lag (date) OVER (ORDER BY date), n"
                   "  FROM (SELECT membership_id, date, min (group_id) AS group_id, count (*) AS n"
                   "        FROM member_activity WHERE membership_id = ?1 GROUP BY date)"
                   "  ORDER BY date", keep, other, error) &&
         exec_ids (store, "DELETE FROM memberships WHERE id = ?2", keep, other, error);
}

static gboolean
note_groups (CoStore  *store,
             gint64    a,
             gint64    b)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT DISTINCT group_id FROM memberships"
                                                " WHERE member_id IN (?1, ?2)", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    co_store_note_change (store, "memberships", sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  co_store_note_change (store, "members", 0);
  return TRUE;
}

static gboolean
merge_in_transaction (CoStore  *store,
                      gint64    keep_id,
                      gint64    other_id,
                      guint     take_from_other,
                      gint64   *merge_id,
                      GError  **error)
{
  g_autoptr(GArray) keys = read_foreign_keys (store, error);
  gint64 ids[2] = { keep_id, other_id };
  g_autofree char *ids_json = co_ids_json (ids, 2);
  g_autofree char *saved = NULL;
  g_autofree char *now = co_store_now ();
  g_autofree char *other_nickname = NULL;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) assignments = g_string_new (NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  char uuid[37];

  if (keys == NULL)
    return FALSE;
  if (keep_id == other_id)
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE, _("A member cannot be merged with themself."));
      return FALSE;
    }
  stmt = co_store_prepare (store, "SELECT (SELECT count (*) FROM members WHERE id IN (?1, ?2)),"
                                  " (SELECT nickname FROM members WHERE id = ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, keep_id);
  sqlite3_bind_int64 (stmt, 2, other_id);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int64 (stmt, 0) != 2)
    {
      sqlite3_reset (stmt);
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND, _("The member was removed."));
      return FALSE;
    }
  other_nickname = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);
  if ((saved = snapshot (store, keys, ids_json, error)) == NULL)
    return FALSE;

  /* Every nickname and contact of both, before any changes: those not kept become aliases. */
  if (!exec_ids (store,
                 "INSERT OR IGNORE INTO member_aliases (member_id, kind, value)"
                 " SELECT ?1, kind, value FROM member_identities WHERE member_id IN (?1, ?2)", keep_id, other_id, error))
    return FALSE;

  /* Memberships: one per group, the other's moved over where the kept member has none. */
  stmt = co_store_prepare (store, "SELECT k.id, o.id FROM memberships o JOIN memberships k"
                                  " ON k.group_id = o.group_id AND k.member_id = ?1 WHERE o.member_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, keep_id);
  sqlite3_bind_int64 (stmt, 2, other_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_array_append_val (pairs, (gint64) { sqlite3_column_int64 (stmt, 0) });
      g_array_append_val (pairs, (gint64) { sqlite3_column_int64 (stmt, 1) });
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < pairs->len; i += 2)
    if (!combine_memberships (store, keys, g_array_index (pairs, gint64, i), g_array_index (pairs, gint64, i + 1),
                              now, error))
      return FALSE;

  /* Everything else that names the other member names the kept one: memberships in other
   * groups, handles, aliases, referrals, earlier merges, "not the same person". */
  for (guint i = 0; i < keys->len; i++)
    {
      const ForeignKey *key = &g_array_index (keys, ForeignKey, i);
      g_autofree char *move = NULL;

      if (!g_str_equal (key->parent, "members"))
        continue;
      move = g_strdup_printf ("UPDATE OR IGNORE \"%s\" SET \"%s\" = ?1 WHERE \"%s\" = ?2",
                              key->table, key->column, key->column);
      if (!exec_ids (store, move, keep_id, other_id, error))
        return FALSE;
    }
  if (!exec_ids (store, "UPDATE memberships SET referrer_id = NULL WHERE member_id = ?1 AND referrer_id = ?1"
                        "", keep_id, other_id, error) ||
      !exec_ids (store, "DELETE FROM member_not_duplicates WHERE member_id = ?1 AND other_id = ?1",
                 keep_id, other_id, error))
    return FALSE;

  /* The person's fields chosen from the other member. */
  for (guint field = 0; field < CO_N_MEMBER_FIELDS; field++)
    if ((take_from_other & CO_MERGE_PERSON_FIELDS & (1u << field)))
      g_string_append_printf (assignments, "%s = o.%s, ", person_column (field), person_column (field));
  sql = g_strdup_printf ("UPDATE members AS k SET %supdated_at = ?3 FROM members AS o WHERE k.id = ?1 AND o.id = ?2",
                         assignments->str);
  if ((stmt = co_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, keep_id);
  sqlite3_bind_int64 (stmt, 2, other_id);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error) ||
      !exec_ids (store, "DELETE FROM members WHERE id = ?2", keep_id, other_id, error) ||
      /* An alias is what the member is no longer called. */
      !exec_ids (store, "DELETE FROM member_aliases AS a WHERE member_id = ?1 AND EXISTS"
                        " (SELECT 1 FROM members m WHERE m.id = a.member_id AND"
                        "  ((a.kind = 'nickname' AND m.nickname = a.value) OR (a.kind = 'contact' AND m.contact = a.value)))",
                 keep_id, other_id, error) ||
      !note_groups (store, keep_id, keep_id))
    return FALSE;

  co_uuid_random (uuid);
  stmt = co_store_prepare (store, "INSERT INTO member_merges (uuid, member_id, merged_nickname, snapshot, created_at)"
                                  " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, keep_id);
  sqlite3_bind_text (stmt, 3, other_nickname, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, saved, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    return FALSE;
  *merge_id = co_store_last_insert_rowid (store);
  co_store_note_change (store, "member_merges", 0);
  return TRUE;
}

gint64
co_members_merge (CoStore  *store,
                  gint64    keep_id,
                  gint64    other_id,
                  guint     take_from_other,
                  GError  **error)
{
  gint64 merge_id = 0;

  if (!co_store_begin (store, error))
    return 0;
  /* The groups of both are told of the change, so note them before the other's rows move. */
  note_groups (store, keep_id, other_id);
  if (!merge_in_transaction (store, keep_id, other_id, take_from_other, &merge_id, error) ||
      !co_store_commit (store, error))
    {
      co_store_rollback (store);
      return 0;
    }
  return merge_id;
}

/* Binds a JSON value of a snapshot. */
static void
bind_json (sqlite3_stmt *stmt,
           int           index,
           JsonNode     *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    sqlite3_bind_null (stmt, index);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      gsize size = 0;
      guchar *bytes = g_base64_decode (json_object_get_string_member (json_node_get_object (node), "blob"), &size);

      sqlite3_bind_blob (stmt, index, bytes, (int) size, g_free);
    }
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    sqlite3_bind_double (stmt, index, json_node_get_double (node));
  else
    sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
}

static gboolean
restore (CoStore     *store,
         JsonObject  *saved,
         GError     **error)
{
  JsonArray *tables = json_object_get_array_member (saved, "tables");
  JsonArray *references = json_object_get_array_member (saved, "references");
  JsonArray *members = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *ids_json = NULL;
  sqlite3_stmt *stmt;

  /* The members' rows come first: their ids are what goes away. */
  members = json_object_get_array_member (json_array_get_object_element (tables, 0), "rows");
  for (guint r = 0; r < json_array_get_length (members); r++)
    g_array_append_val (ids, (gint64) { json_array_get_int_element (json_array_get_array_element (members, r), 0) });
  ids_json = co_ids_json ((const gint64 *) ids->data, ids->len);
  stmt = co_store_prepare (store, "SELECT count (*) FROM members WHERE id IN (SELECT value FROM json_each (?1))"
                                  " AND uuid NOT IN (SELECT value ->> 1 FROM json_each (?2))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_STATIC);
  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
    g_autofree char *rows = NULL;
    json_node_set_array (node, members);
    rows = json_to_string (node, FALSE);
    sqlite3_bind_text (stmt, 2, rows, -1, SQLITE_TRANSIENT);
  }
  if (co_store_step_int (stmt, 0) > 0)
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE,
                   _("The merge cannot be undone: a member added since took the place of one of the two."));
      return FALSE;
    }
  stmt = co_store_prepare (store, "DELETE FROM members WHERE id IN (SELECT value FROM json_each (?1))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_STATIC);
  if (!co_store_step_done (store, stmt, error))
    return FALSE;

  for (guint t = 0; t < json_array_get_length (tables); t++)
    {
      JsonObject *table = json_array_get_object_element (tables, t);
      JsonArray *columns = json_object_get_array_member (table, "columns");
      JsonArray *rows = json_object_get_array_member (table, "rows");
      g_autoptr(GString) sql = g_string_new (NULL);
      guint n_columns = json_array_get_length (columns);

      if (json_array_get_length (rows) == 0)
        continue;
      /* OR REPLACE: a row a trigger made as its parent came back gives way to the row as it was. */
      g_string_printf (sql, "INSERT OR REPLACE INTO \"%s\" (", json_object_get_string_member (table, "name"));
      for (guint c = 0; c < n_columns; c++)
        g_string_append_printf (sql, "%s\"%s\"", c ? ", " : "", json_array_get_string_element (columns, c));
      g_string_append (sql, ") VALUES (");
      for (guint c = 0; c < n_columns; c++)
        g_string_append (sql, c ? ", ?" : "?");
      g_string_append (sql, ")");
      if ((stmt = co_store_prepare (store, sql->str, error)) == NULL)
        return FALSE;
      for (guint r = 0; r < json_array_get_length (rows); r++)
        {
          JsonArray *row = json_array_get_array_element (rows, r);

          for (guint c = 0; c < n_columns; c++)
            bind_json (stmt, (int) c + 1, json_array_get_element (row, c));
          if (!co_store_step_done (store, stmt, error))
            return FALSE;
        }
    }
  for (guint i = 0; i < json_array_get_length (references); i++)
    {
      JsonArray *reference = json_array_get_array_element (references, i);
      g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET \"%s\" = ?2 WHERE rowid = ?1",
                                              json_array_get_string_element (reference, 0),
                                              json_array_get_string_element (reference, 1));

      if ((stmt = co_store_prepare (store, sql, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, json_array_get_int_element (reference, 2));
      bind_json (stmt, 2, json_array_get_element (reference, 3));
      if (!co_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
co_members_merge_undo (CoStore  *store,
                       gint64    merge_id,
                       GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *saved = NULL;
  sqlite3_stmt *stmt;
  gint64 keep_id = 0;

  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, "SELECT snapshot, member_id FROM member_merges WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, merge_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      saved = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      keep_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (saved == NULL)
    {
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND,
                   _("The merge cannot be undone: one of the members was removed since."));
      goto failed;
    }
  if (!json_parser_load_from_data (parser, saved, -1, error))
    goto failed;
  note_groups (store, keep_id, keep_id);
  if (!restore (store, json_node_get_object (json_parser_get_root (parser)), error))
    goto failed;
  co_store_note_change (store, "member_merges", 0);
  stmt = co_store_prepare (store, "SELECT value ->> 0 FROM json_each (?1, '$.tables[0].rows')", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, saved, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    note_groups (store, sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}
