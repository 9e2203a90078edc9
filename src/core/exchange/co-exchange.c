/* co-exchange.c: the JSON exchange format (data/exchange-format.md).
 *
 * One description of the tables drives all of it: which columns a row has in the file, of what
 * type, and which rows they refer to. The columns of the lists, the plan, the groups and the
 * figures are those their editors already describe (CoFieldSpec); the rest are listed here.
 * test-exchange.c checks that every column of every table is exported or named as derived.
 *
 * Reading walks the document three times with the same code: to check it (no store), to list
 * what it would change in a workspace, and to write it, inside one transaction.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/exchange/co-exchange.h"
#include "core/records/co-field.h"
#include "core/reports/co-figures.h"
#include "core/groups/co-group.h"
#include "core/formats/co-json.h"
#include "core/members/co-member.h"
#include "core/plan/co-plan.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"
#include "core/members/co-tier.h"

/* The deepest a document of this format nests is 6 (root, groups, a group, memberships, a
 * membership, its activity, a day); anything much deeper is not one. */
#define MAX_DEPTH 16

G_DEFINE_QUARK (co-exchange-error-quark, co_exchange_error)

/* ---- the tables --------------------------------------------------------------------------- */

/* What a table's rows carry besides their fields. */
enum
{
  HAS_UUID     = 1 << 0,
  HAS_POSITION = 1 << 1,  /* the order of the array */
  HAS_CREATED  = 1 << 2,
  HAS_UPDATED  = 1 << 3,
  HAS_DELETED  = 1 << 4,  /* rows in the trash are left out */
  HAS_GROUP    = 1 << 5,  /* a group_id besides the parent column */
  HAS_NO_ID    = 1 << 6,  /* keyed by its parent (the plan) or by date (figures) */
};

#define LIST_FLAGS (HAS_UUID | HAS_POSITION | HAS_CREATED | HAS_UPDATED | HAS_DELETED)

typedef enum
{
  T_ROLES, T_STAFF, T_ALT_ACCOUNTS, T_MEMBERS,
  T_GROUPS, T_PLAN,
  T_SURVEY, T_STAGE_RULES, T_TYPE_RULES, T_CONTENT, T_ACTIVITIES, T_SPENDS, T_PROBLEMS, T_GOALS,
  T_TASKS, T_TIERS, T_ASSIGNMENTS, T_SHIFTS,
  T_MEMBERSHIPS, T_ACTIVITY, T_TIER_CHANGES, T_FIGURES,
  N_TABLES
} TableId;

typedef struct
{
  const CoFieldSpec *spec;
  char              *name;      /* in the file: a reference's column without "_id" */
  gboolean           required;
} Column;

typedef struct
{
  const char  *table;
  const char  *name;    /* the array's member in the object above */
  const char  *parent;  /* the column naming the row above, or NULL */
  guint        flags;
  const char  *order;   /* how an export orders the rows: stable across an import */
  const char  *title;   /* untranslated, for conflicts */
  int          title_column;
  GArray      *columns;
} Table;

static Table tables[N_TABLES];

/* The tables of the plan's lists and the team, in the order a group's object holds them. */
static const struct { TableId id; CoList list; } list_tables[] = {
  { T_SURVEY, CO_LIST_SURVEY }, { T_STAGE_RULES, CO_LIST_STAGE_RULES },
  { T_TYPE_RULES, CO_LIST_TYPE_RULES }, { T_CONTENT, CO_LIST_CONTENT },
  { T_ACTIVITIES, CO_LIST_ACTIVITIES }, { T_SPENDS, CO_LIST_SPENDS },
  { T_PROBLEMS, CO_LIST_PROBLEMS }, { T_GOALS, CO_LIST_GOALS }, { T_TASKS, CO_LIST_TASKS },
  { T_TIERS, CO_LIST_TIERS }, { T_ASSIGNMENTS, CO_LIST_ASSIGNMENTS }, { T_SHIFTS, CO_LIST_SHIFTS },
  { T_ROLES, CO_LIST_ROLES }, { T_STAFF, CO_LIST_STAFF }, { T_ALT_ACCOUNTS, CO_LIST_ALT_ACCOUNTS },
};

/* A group's arrays, in the file's order; spends are inside their activity. */
static const TableId group_tables[] = {
  T_SURVEY, T_STAGE_RULES, T_TYPE_RULES, T_CONTENT, T_ACTIVITIES, T_PROBLEMS, T_GOALS, T_TASKS,
  T_TIERS, T_ASSIGNMENTS, T_SHIFTS, T_MEMBERSHIPS, T_FIGURES,
};

/* Columns no editor describes. */
static const CoFieldSpec archived_spec = { "archived", CO_FIELD_BOOL, 0, N_("Archived"), NULL, NULL };
static const CoFieldSpec member_ref_spec = { "member_id", CO_FIELD_REFERENCE, 0, N_("Member"), NULL, "members" };
static const CoFieldSpec membership_specs[] = {
  { "tier_manual", CO_FIELD_BOOL, 0, N_("Tier Set by Hand"), NULL, NULL },
  { "active_days", CO_FIELD_COUNT, 0, N_("Active Days"), NULL, NULL },
};
static const CoFieldSpec activity_specs[] = {
  { "date", CO_FIELD_DATE, 0, N_("Date"), NULL, NULL },
  { "kind", CO_FIELD_TEXT, 0, N_("Kind"), NULL, NULL },
  { "count", CO_FIELD_COUNT, 0, N_("Count"), NULL, NULL },
};
static const CoFieldSpec tier_change_specs[] = {
  { "date", CO_FIELD_DATE, 0, N_("Date"), NULL, NULL },
  { "from_tier_id", CO_FIELD_REFERENCE, 0, N_("From"), NULL, "tiers" },
  { "to_tier_id", CO_FIELD_REFERENCE, 0, N_("To"), NULL, "tiers" },
  { "manual", CO_FIELD_BOOL, 0, N_("Set by Hand"), NULL, NULL },
};
static const CoFieldSpec date_spec = { "date", CO_FIELD_DATE, 0, N_("Date"), NULL, NULL };

static void
add_column (Table             *table,
            const CoFieldSpec *spec,
            gboolean           required)
{
  Column column = { spec, NULL, required };

  if (spec->type == CO_FIELD_REFERENCE && g_str_has_suffix (spec->key, "_id"))
    column.name = g_strndup (spec->key, strlen (spec->key) - strlen ("_id"));
  else
    column.name = g_strdup (spec->key);
  g_array_append_val (table->columns, column);
}

static void
set_table (TableId     id,
           const char *table,
           const char *name,
           const char *parent,
           guint       flags,
           const char *order,
           const char *title)
{
  tables[id] = (Table) { table, name, parent, flags, order, title, -1, g_array_new (FALSE, FALSE, sizeof (Column)) };
}

static void
init_tables (void)
{
  static gsize initialized = 0;

  if (!g_once_init_enter (&initialized))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (list_tables); i++)
    {
      const CoListSpec *spec = co_list_spec (list_tables[i].list);
      Table *table = &tables[list_tables[i].id];

      set_table (list_tables[i].id, spec->table, spec->table, spec->parent_column,
                 LIST_FLAGS | (list_tables[i].list == CO_LIST_SPENDS ? HAS_GROUP : 0), "t.position, t.id",
                 spec->title);
      table->title_column = spec->title_field;
      /* Inside their activity: "spends" says enough. */
      if (list_tables[i].list == CO_LIST_SPENDS)
        table->name = "spends";
      for (guint f = 0; f < spec->n_fields; f++)
        add_column (table, &spec->fields[f], (int) f == spec->key_field);
    }

  set_table (T_GROUPS, "groups", "groups", NULL, LIST_FLAGS, NULL, N_("Group"));
  tables[T_GROUPS].title_column = CO_GROUP_FIELD_NAME;
  for (CoGroupField f = 0; f < CO_N_GROUP_FIELDS; f++)
    add_column (&tables[T_GROUPS], co_group_field_spec (f), f == CO_GROUP_FIELD_NAME);
  add_column (&tables[T_GROUPS], &archived_spec, FALSE);

  set_table (T_PLAN, "plans", "plan", "group_id", HAS_UPDATED | HAS_NO_ID, NULL, N_("Plan"));
  {
    guint n_fields;
    const CoFieldSpec *fields = co_plan_fields (&n_fields);
    for (guint f = 0; f < n_fields; f++)
      add_column (&tables[T_PLAN], &fields[f], FALSE);
  }

  /* People are ordered by uuid: their ids differ from one workspace to the next. */
  set_table (T_MEMBERS, "members", "members", NULL, HAS_UUID | HAS_CREATED | HAS_UPDATED, "t.uuid",
             N_("Member"));
  tables[T_MEMBERS].title_column = 0;
  {
    static const CoMemberField member_columns[] = {
      CO_MEMBER_NICKNAME, CO_MEMBER_REAL_NAME, CO_MEMBER_CITY, CO_MEMBER_INDUSTRY, CO_MEMBER_CONTACT,
      CO_MEMBER_SOURCE, CO_MEMBER_NOTES,
    };
    static const CoMemberField membership_columns[] = {
      CO_MEMBER_JOINED, CO_MEMBER_LEFT, CO_MEMBER_INVITED, CO_MEMBER_TIER, CO_MEMBER_SEED, CO_MEMBER_CORE,
      CO_MEMBER_POINTS, CO_MEMBER_LAST_ACTIVE, CO_MEMBER_REPLIED, CO_MEMBER_REPLIED_BY,
    };

    for (guint f = 0; f < G_N_ELEMENTS (member_columns); f++)
      add_column (&tables[T_MEMBERS], co_member_field_spec (member_columns[f]), f == 0);

    set_table (T_MEMBERSHIPS, "memberships", "memberships", "group_id", HAS_CREATED | HAS_UPDATED | HAS_DELETED,
               "(SELECT uuid FROM members m WHERE m.id = t.member_id)", N_("Member"));
    add_column (&tables[T_MEMBERSHIPS], &member_ref_spec, TRUE);
    for (guint f = 0; f < G_N_ELEMENTS (membership_columns); f++)
      add_column (&tables[T_MEMBERSHIPS], co_member_field_spec (membership_columns[f]), FALSE);
    for (guint f = 0; f < G_N_ELEMENTS (membership_specs); f++)
      add_column (&tables[T_MEMBERSHIPS], &membership_specs[f], FALSE);
  }

  set_table (T_ACTIVITY, "member_activity", "activity", "membership_id", HAS_GROUP, "t.date, t.kind, t.id",
             N_("Activity"));
  for (guint f = 0; f < G_N_ELEMENTS (activity_specs); f++)
    add_column (&tables[T_ACTIVITY], &activity_specs[f], f < 2);

  set_table (T_TIER_CHANGES, "tier_changes", "tier_changes", "membership_id", 0, "t.date, t.id",
             N_("Tier Change"));
  for (guint f = 0; f < G_N_ELEMENTS (tier_change_specs); f++)
    add_column (&tables[T_TIER_CHANGES], &tier_change_specs[f], f == 0);

  set_table (T_FIGURES, "daily_figures", "figures", "group_id", HAS_UPDATED | HAS_NO_ID, "t.date", N_("Daily Figures"));
  add_column (&tables[T_FIGURES], &date_spec, TRUE);
  for (CoFigure f = 0; f < CO_N_FIGURES; f++)
    add_column (&tables[T_FIGURES], co_figure_spec (f), FALSE);

  g_once_init_leave (&initialized, 1);
}

static const Table *
table_named (const char *sql_name)
{
  for (guint i = 0; i < N_TABLES; i++)
    if (g_str_equal (tables[i].table, sql_name))
      return &tables[i];
  return NULL;
}

gboolean
co_exchange_holds_column (const char *table_name,
                          const char *column)
{
  const Table *table;

  init_tables ();
  table = table_named (table_name);
  if (table == NULL)
    return FALSE;
  if ((g_str_equal (column, "uuid") && table->flags & HAS_UUID) ||
      (table->parent != NULL && g_str_equal (column, table->parent)) ||
      (g_str_equal (column, "parent_id") && table == &tables[T_GROUPS]))
    return TRUE;
  for (guint c = 0; c < table->columns->len; c++)
    if (g_str_equal (g_array_index (table->columns, Column, c).spec->key, column))
      return TRUE;
  return FALSE;
}

/* ---- export ------------------------------------------------------------------------------- */

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
          const Table *target = table_named (spec->ref_table);
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

static gboolean
export_spends (Export  *export,
               gint64   activity_id,
               GError **error)
{
  return export_rows (export, &tables[T_SPENDS], "t.activity_id = ?1", activity_id, NULL, error);
}

static gboolean
export_membership_days (Export  *export,
                        gint64   membership_id,
                        GError **error)
{
  return export_rows (export, &tables[T_ACTIVITY], "t.membership_id = ?1", membership_id, NULL, error) &&
         export_rows (export, &tables[T_TIER_CHANGES], "t.membership_id = ?1", membership_id, NULL, error);
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

static gboolean
export_plan (Export  *export,
             gint64   group_id,
             GError **error)
{
  g_autofree char *sql = select_sql (&tables[T_PLAN], "t.group_id = ?1");
  sqlite3_stmt *stmt = co_store_prepare (export->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  co_json_writer_member (export->writer, "plan");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      co_json_writer_begin_object (export->writer);
      write_columns (export->writer, &tables[T_PLAN], stmt, 2);
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
  for (guint i = 0; i < G_N_ELEMENTS (group_tables); i++)
    {
      TableId id = group_tables[i];
      NestedFunc nested = id == T_ACTIVITIES ? export_spends : id == T_MEMBERSHIPS ? export_membership_days : NULL;

      if (!export_rows (export, &tables[id], "t.group_id = ?1", group_id, nested, error))
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
    "  SELECT id, printf ('%010d.%012d', position, id) FROM groups g"
    "   WHERE deleted_at IS NULL AND (?1 = 0 OR id = ?1) AND (?1 != 0 OR parent_id IS NULL OR NOT EXISTS"
    "     (SELECT 1 FROM groups p WHERE p.id = g.parent_id AND p.deleted_at IS NULL))"
    "  UNION ALL"
    "  SELECT g.id, tree.path || '/' || printf ('%010d.%012d', g.position, g.id) FROM groups g"
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
  g_autofree char *group_sql = select_sql (&tables[T_GROUPS], "t.id = ?1");
  /* A group's document has the team rows and people that group uses; ?1 is the group. */
  const char *roles = "?1 = 0 OR t.id IN (SELECT role_id FROM assignments WHERE group_id = ?1 AND deleted_at IS NULL)";
  const char *staff = "?1 = 0 OR t.id IN (SELECT staff_id FROM assignments WHERE group_id = ?1 AND deleted_at IS NULL"
                      " UNION SELECT staff_id FROM shifts WHERE group_id = ?1 AND deleted_at IS NULL"
                      " UNION SELECT a.owner_id FROM alt_accounts a JOIN alt_account_groups l ON l.alt_id = a.id"
                      "   WHERE l.group_id = ?1 AND a.deleted_at IS NULL)";
  const char *alts = "?1 = 0 OR t.id IN (SELECT alt_id FROM alt_account_groups WHERE group_id = ?1)";
  const char *members = "?1 = 0 OR t.id IN (SELECT member_id FROM memberships WHERE group_id = ?1 AND deleted_at IS NULL)";

  if (group_ids == NULL)
    return FALSE;

  co_json_writer_begin_object (export->writer);
  co_json_writer_member (export->writer, "format");
  co_json_writer_string (export->writer, CO_EXCHANGE_FORMAT);
  co_json_writer_member (export->writer, "version");
  co_json_writer_int (export->writer, CO_EXCHANGE_VERSION);
  co_json_writer_member (export->writer, "scope");
  co_json_writer_string (export->writer, export->group_id == 0 ? "workspace" : "group");

  if (!export_rows (export, &tables[T_ROLES], roles, export->group_id, NULL, error) ||
      !export_rows (export, &tables[T_STAFF], staff, export->group_id, NULL, error) ||
      !export_rows (export, &tables[T_ALT_ACCOUNTS], alts, export->group_id, export_alt_groups, error) ||
      !export_rows (export, &tables[T_MEMBERS], members, export->group_id, NULL, error))
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
      write_columns (export->writer, &tables[T_GROUPS], stmt, 2);
      sqlite3_reset (stmt);
      if (!export_group_content (export, id, error))
        return FALSE;
      co_json_writer_end_object (export->writer);
    }
  co_json_writer_end_array (export->writer);
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

  init_tables ();
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
  init_tables ();
  *walk = (Walk) { pass, store, mode };
  walk->warnings = g_ptr_array_new_with_free_func (g_free);
  walk->conflicts = g_ptr_array_new_with_free_func (g_free);
  walk->refs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  walk->group_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
  const Value *builtin = table == &tables[T_ROLES] ? value_of (values, "builtin") : NULL;
  gint64 id = 0;

  if (builtin != NULL && builtin->type == SQLITE_TEXT)
    id = lookup_id (walk->store, "SELECT id FROM roles WHERE builtin = ? AND deleted_at IS NULL", builtin->s);
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
  if (table == &tables[T_ROLES] && value_of (values, "builtin")->type == SQLITE_TEXT)
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

/* The groups an alt account is in: uuids of groups of the file. */
static gboolean
walk_alt_groups (Walk        *walk,
                 JsonObject  *object,
                 const char  *path,
                 gint64       alt_id,
                 GError     **error)
{
  GError *local_error = NULL;
  JsonArray *array = array_member (object, "groups", path, &local_error);

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
      gint64 *group_id = uuid != NULL ? g_hash_table_lookup (ref_map (walk, "groups"), uuid) : NULL;
      sqlite3_stmt *stmt;

      if (group_id == NULL)
        {
          g_autofree char *groups_path = co_json_path_member (path, "groups");
          g_autofree char *item_path = co_json_path_index (groups_path, i);
          return invalid (error, item_path, _("this should be the uuid of a group of this file."));
        }
      if (walk->pass != PASS_IMPORT)
        continue;
      stmt = co_store_prepare (walk->store, "INSERT OR IGNORE INTO alt_account_groups (alt_id, group_id)"
                                            " VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, alt_id);
      sqlite3_bind_int64 (stmt, 2, *group_id);
      if (!co_store_step_done (walk->store, stmt, error))
        return FALSE;
    }
  return TRUE;
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
  const Table *table = &tables[id];
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

      if (!read_row (walk, table, node, item_path, id == T_ALT_ACCOUNTS ? alt_nested : NULL, values, &uuid, error))
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
           !walk_alt_groups (walk, json_node_get_object (node), item_path, row_id, error)))
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
  static const char * const membership_nested[] = { "activity", "tier_changes", NULL };
  const Table *table = &tables[id];
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
           !walk_rows (walk, T_TIER_CHANGES, json_node_get_object (node), item_path, row_id, group_id, error)))
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
  for (int i = G_N_ELEMENTS (group_tables) - 1; i >= -(int) G_N_ELEMENTS (others); i--)
    {
      const char *table = i >= 0 ? tables[group_tables[i]].table : others[-i - 1];
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
      if (!read_row (walk, &tables[T_PLAN], plan, plan_path, NULL, values, &unused, error))
        return FALSE;
      if (walk->pass == PASS_IMPORT &&
          insert_row (walk, &tables[T_PLAN], values, NULL, group_id, group_id, 0, plan_path, error) == 0)
        return FALSE;
    }
  if (!walk_selections (walk, group, path, group_id, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (group_tables); i++)
    if (!walk_rows (walk, group_tables[i], group, path, group_id, group_id, error))
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
  static const char * const nested[] = {
    "parent", "plan", "selections", "survey_items", "stage_rules", "type_rules", "content_items", "activities",
    "problems", "goals", "checklist_tasks", "tiers", "assignments", "shifts", "memberships", "figures", NULL,
  };
  const Table *table = &tables[T_GROUPS];
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (Value));
  g_autofree char *parent_path = co_json_path_member (path, "parent");
  const char *uuid, *parent_uuid = NULL;
  JsonNode *parent;
  Value *name;
  gint64 existing = 0, group_id = -1, parent_id = 0;

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
    "format", "version", "scope", "roles", "staff", "alt_accounts", "members", "groups", NULL,
  };
  GError *local_error = NULL;
  JsonArray *groups;

  if (walk->pass == PASS_CHECK)
    warn_unknown (walk, NULL, root, "$", known);
  if (!walk_workspace_rows (walk, T_ROLES, root, error) ||
      !walk_workspace_rows (walk, T_STAFF, root, error) ||
      !walk_workspace_rows (walk, T_MEMBERS, root, error))
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
  return walk_workspace_rows (walk, T_ALT_ACCOUNTS, root, error);
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
