/* co-sync-kinds.c: the sync's record kinds, derived from the JSON exchange's tables
 * (co-exchange-tables.c), so that a column the exchange carries travels to teammates too. What
 * the exchange does not say is here: the key of each record on the wire, the tables the
 * exchange carries inside other objects, and the columns that stay in this workspace.
 *
 * A key is the record's uuid, or for a table without one the keys of the rows it joins and its
 * own values, joined by "/": a membership is "group uuid/member uuid", a day's figures
 * "group uuid/2026-12-06". Member activity has no uuid, and its rows are not one per event: a
 * chat import adds rows to a day that the CSV import also counted. Its record is the day's
 * total per kind, keyed by membership, date and kind: two teammates counting the same day end
 * with the same number, and no uuid column has to be filled for a million rows.
 *
 * The app never changes a record's key columns (a membership does not move to another group:
 * src/core has no UPDATE of them); the capture would send such an UPDATE as a change of the
 * other fields of the new key only. */
#include "config.h"

#include <string.h>

#include "core/exchange/co-exchange-private.h"
#include "core/sync/co-sync-private.h"

/* The keys of the tables without a uuid. */
static const struct { const char *table; const char *columns[5]; } keys[] = {
  { "plans", { "group_id" } },
  { "memberships", { "group_id", "member_id" } },
  { "member_activity", { "membership_id", "date", "kind" } },
  /* A membership's move to a tier on a day: moving to the same tier twice a day says nothing more. */
  { "tier_changes", { "membership_id", "date", "to_tier_id" } },
  { "challenge_checkins", { "challenge_id", "membership_id", "date" } },
  { "daily_figures", { "group_id", "date" } },
  { "plan_selections", { "group_id", "kind", "keyword" } },
  { "alt_account_groups", { "alt_id", "group_id" } },
  { "member_handles", { "handle" } },
  { "member_aliases", { "member_id", "kind", "value" } },
  { "member_not_duplicates", { "member_id", "other_id" } },
  { "member_tags", { "tag_id", "member_id" } },
  /* A week's notes, of a group or (an empty part) of every group: two teammates writing the same
   * week's meet in one record, field by field. */
  { "weekly_notes", { "group_id", "week" } },
  /* A task sent or skipped, as every workspace makes the task again: "step uuid/2026-12-07
   * 20:00/member uuid/activity uuid", the parts a task lacks empty. */
  { "sop_outcomes", { "step_id", "due_at", "member_id", "activity_id" } },
};

/* The references that no editor describes: the parent columns. */
static const struct { const char *column; const char *table; } parent_refs[] = {
  { "group_id", "groups" }, { "parent_id", "groups" }, { "activity_id", "activities" },
  { "membership_id", "memberships" }, { "member_id", "members" }, { "challenge_id", "challenges" },
  { "alt_id", "alt_accounts" }, { "other_id", "members" }, { "tag_id", "tags" }, { "step_id", "sop_steps" },
};

/* Columns that stay in this workspace: kept by the store, derived from what travels, or about
 * this workspace only. The test of every column names any other that does not travel. */
static const char *const local_only[] = {
  "*.id", "*.created_at", "*.updated_at",
  "member_activity.id", "member_activity.group_id",  /* its membership's */
  "activity_spends.group_id",                        /* its activity's */
  "activity_days.*",                                 /* from member_activity, by triggers */
  "activity_spans.*", "daily_figure_months.*",      /* the reports' summaries, by triggers */
  "memberships.returned_d1", "memberships.returned_d7", "memberships.returned_d30",
  "tier_changes.id",
  /* The chat import's memory of the messages it counted in this workspace (as in the exchange). */
  "chat_messages.*",
  /* A name's sort key and pinyin, from the nickname in this workspace's language, by triggers. */
  "members.sort_key", "members.pinyin", "names_collation.*",
  /* The members' search index and its own tables, kept by triggers (migration 18). */
  "members_fts.*", "members_fts_data.*", "members_fts_idx.*", "members_fts_content.*", "members_fts_config.*",
  "members_fts_terms.*", "members_fts_state.*",
  /* A membership's funnel stages, from its activity, by triggers. */
  "memberships.activated", "memberships.retained", "memberships.converted",
  /* A merge's undo: the rows as they were, by this workspace's ids (nor does the exchange carry it). */
  "member_merges.*",
  /* SOP tasks are made again from the steps in each workspace; what was sent or skipped travels
   * as sop_outcomes, which set the tasks' state by triggers. */
  "sop_tasks.*",
  /* A library item's uses are this workspace's; its pinyin is from its title, by triggers. */
  "library_items.use_count", "library_items.last_used", "library_items.pinyin",
  /* The sync's own state. */
  "sync_connection.*", "sync_outbox.*", "sync_conflicts.*", "sync_refused.*", "sync_record_changes.*",
  NULL,
};

static GArray *kinds;

static const char *
parent_table (const char *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (parent_refs); i++)
    if (strcmp (parent_refs[i].column, column) == 0)
      return parent_refs[i].table;
  return NULL;
}

static gboolean
is_local_only (const char *table,
               const char *column)
{
  g_autofree char *exact = g_strdup_printf ("%s.%s", table, column);
  g_autofree char *any_table = g_strdup_printf ("*.%s", column);
  g_autofree char *any_column = g_strdup_printf ("%s.*", table);

  return g_strv_contains (local_only, exact) || g_strv_contains (local_only, any_table) ||
         g_strv_contains (local_only, any_column);
}

static void
add_column (GArray     *columns,
            const char *column,
            const char *ref_table)
{
  SyncColumn c = { g_strdup (column), NULL, ref_table, FALSE };

  if (ref_table != NULL && g_str_has_suffix (column, "_id"))
    c.name = g_strndup (column, strlen (column) - strlen ("_id"));
  else
    c.name = g_strdup (column);
  g_array_append_val (columns, c);
}

static gboolean
has_column (GArray     *columns,
            const char *column)
{
  for (guint i = 0; i < columns->len; i++)
    if (strcmp (g_array_index (columns, SyncColumn, i).column, column) == 0)
      return TRUE;
  return FALSE;
}

static SyncKind *
new_kind (const char *table,
          gboolean    has_uuid)
{
  SyncKind kind = { table, g_array_new (FALSE, FALSE, sizeof (SyncColumn)),
                    g_array_new (FALSE, FALSE, sizeof (SyncColumn)), FALSE, FALSE, FALSE, FALSE, NULL, NULL };
  gboolean found = has_uuid;

  if (has_uuid)
    add_column (kind.key, "uuid", NULL);
  for (guint i = 0; !has_uuid && i < G_N_ELEMENTS (keys); i++)
    if (strcmp (keys[i].table, table) == 0)
      {
        found = TRUE;
        for (guint c = 0; keys[i].columns[c] != NULL; c++)
          add_column (kind.key, keys[i].columns[c], parent_table (keys[i].columns[c]));
      }
  if (!found)
    {
      /* A table the exchange carries without a uuid and without a key here: it does not travel,
       * and the test of every column says so. */
      g_warning ("The sync has no key for the table “%s”", table);
      g_array_unref (kind.key);
      g_array_unref (kind.fields);
      return NULL;
    }
  kind.is_day_total = strcmp (table, "member_activity") == 0;
  g_array_append_val (kinds, kind);
  return &g_array_index (kinds, SyncKind, kinds->len - 1);
}

static void
add_field (SyncKind   *kind,
           const char *column,
           const char *ref_table)
{
  if (has_column (kind->key, column) || has_column (kind->fields, column) || is_local_only (kind->kind, column))
    return;
  add_column (kind->fields, column, ref_table);
}

static void
init_kinds (void)
{
  static gsize initialized = 0;

  if (!g_once_init_enter (&initialized))
    return;

  co_exchange_init_tables ();
  kinds = g_array_new (FALSE, FALSE, sizeof (SyncKind));
  /* The exchange's order puts a row's parents and references before it; the sync uploads and
   * downloads in this order. Groups come before the plan's lists, after the team's. */
  for (guint i = 0; i < N_TABLES; i++)
    {
      /* Channels name a plan's activity (which the exchange writes inside the channel, read after
       * the groups): they come after the plans' lists, before the memberships that name them. */
      TableId t = i == T_MEMBERSHIPS - 1 ? T_CHANNELS : i >= T_CHANNELS && i < T_MEMBERSHIPS - 1 ? i + 1 : i;
      const Table *table = &co_exchange_tables[t];
      SyncKind *kind = new_kind (table->table, (table->flags & HAS_UUID) != 0);

      if (kind == NULL)
        continue;
      kind->soft_delete = (table->flags & HAS_DELETED) != 0;
      kind->has_created = (table->flags & HAS_CREATED) != 0;
      kind->has_updated = (table->flags & HAS_UPDATED) != 0;
      if (table->parent != NULL)
        add_field (kind, table->parent, parent_table (table->parent));
      if (t == T_GROUPS)
        add_field (kind, "parent_id", "groups");
      if (table->flags & HAS_GROUP)
        {
          kind->group_parent = table->parent;
          kind->group_parent_table = parent_table (table->parent);
        }
      for (guint c = 0; c < table->columns->len; c++)
        {
          const CoFieldSpec *spec = g_array_index (table->columns, Column, c).spec;

          add_field (kind, spec->key, spec->type == CO_FIELD_REFERENCE ? spec->ref_table : NULL);
        }
      if (table->flags & HAS_POSITION)
        add_field (kind, "position", NULL);
      if (t == T_CHANNELS)
        add_field (kind, "activity_id", "activities");
      /* A library item's image, which the exchange writes inside the item: its bytes in base64
       * (JSON holds no bytes), its kind and size as they are. */
      if (t == T_LIBRARY)
        {
          add_field (kind, "image", NULL);
          g_array_index (kind->fields, SyncColumn, kind->fields->len - 1).bytes = TRUE;
          add_field (kind, "image_type", NULL);
          add_field (kind, "image_width", NULL);
          add_field (kind, "image_height", NULL);
        }
    }
  /* What the exchange carries inside a group, an alt account and a member. */
  new_kind ("plan_selections", FALSE);
  new_kind ("alt_account_groups", FALSE);
  add_field (new_kind ("member_handles", FALSE), "member_id", "members");
  new_kind ("member_aliases", FALSE);
  new_kind ("member_not_duplicates", FALSE);
  new_kind ("member_tags", FALSE);

  g_once_init_leave (&initialized, 1);
}

const SyncKind *
co_sync_kinds (guint *n_kinds)
{
  init_kinds ();
  *n_kinds = kinds->len;
  return (const SyncKind *) kinds->data;
}

const SyncKind *
co_sync_kind_named (const char *name)
{
  init_kinds ();
  for (guint i = 0; i < kinds->len; i++)
    if (strcmp (g_array_index (kinds, SyncKind, i).kind, name) == 0)
      return &g_array_index (kinds, SyncKind, i);
  return NULL;
}

gboolean
co_sync_column_travels (const char *table,
                        const char *column)
{
  const SyncKind *kind = co_sync_kind_named (table);

  if (kind == NULL)
    return FALSE;
  return has_column (kind->key, column) || has_column (kind->fields, column) ||
         (kind->soft_delete && strcmp (column, "deleted_at") == 0);
}

gboolean
co_sync_column_local_only (const char *table,
                           const char *column)
{
  return is_local_only (table, column);
}

guint
co_sync_key_parts (const SyncColumn *column)
{
  return column->ref_table != NULL && strcmp (column->ref_table, "memberships") == 0 ? 2 : 1;
}

char *
co_sync_wire_sql (const SyncColumn *column,
                  const char       *row)
{
  if (column->bytes)
    return g_strdup_printf ("co_base64 (%s.%s)", row, column->column);
  if (column->ref_table == NULL)
    return g_strdup_printf ("%s.%s", row, column->column);
  if (strcmp (column->ref_table, "memberships") == 0)
    return g_strdup_printf ("(SELECT g.uuid || '/' || m.uuid FROM memberships s JOIN groups g ON g.id = s.group_id"
                            " JOIN members m ON m.id = s.member_id WHERE s.id = %s.%s)", row, column->column);
  return g_strdup_printf ("(SELECT uuid FROM %s WHERE id = %s.%s)", column->ref_table, row, column->column);
}

char *
co_sync_key_sql (const SyncKind *kind,
                 const char     *row)
{
  GString *sql = g_string_new (NULL);

  for (guint i = 0; i < kind->key->len; i++)
    {
      const SyncColumn *column = &g_array_index (kind->key, SyncColumn, i);
      g_autofree char *wire = co_sync_wire_sql (column, row);

      if (i > 0)
        g_string_append (sql, " || '/' || ");
      /* An empty reference is an empty part; one whose row is gone (a cascade) makes no key. */
      if (column->ref_table != NULL)
        g_string_append_printf (sql, "CASE WHEN %s.%s IS NULL THEN '' ELSE %s END", row, column->column, wire);
      else
        g_string_append_printf (sql, "coalesce (%s, '')", wire);
    }
  return g_string_free (sql, FALSE);
}

char *
co_sync_group_sql (const SyncKind *kind,
                   const char     *row)
{
  if (strcmp (kind->kind, "groups") == 0)
    return g_strdup_printf ("%s.uuid", row);
  if (has_column (kind->key, "group_id") || has_column (kind->fields, "group_id") || kind->group_parent != NULL)
    return g_strdup_printf ("(SELECT uuid FROM groups WHERE id = %s.group_id)", row);
  if (has_column (kind->key, "membership_id") || has_column (kind->fields, "membership_id"))
    return g_strdup_printf ("(SELECT g.uuid FROM memberships s JOIN groups g ON g.id = s.group_id"
                            " WHERE s.id = %s.membership_id)", row);
  return g_strdup ("NULL");
}

char *
co_sync_fields_sql (const SyncKind *kind,
                    const char     *row)
{
  GString *sql = g_string_new ("json_object (");

  for (guint i = 0; i < kind->fields->len; i++)
    {
      const SyncColumn *column = &g_array_index (kind->fields, SyncColumn, i);
      g_autofree char *wire = NULL;

      if (kind->is_day_total && strcmp (column->column, "count") == 0)
        wire = g_strdup_printf ("(SELECT sum (a.count) FROM member_activity a WHERE a.membership_id = %s.membership_id"
                                " AND a.date = %s.date AND a.kind = %s.kind)", row, row, row);
      else
        wire = co_sync_wire_sql (column, row);
      g_string_append_printf (sql, "%s'%s', %s", i > 0 ? ", " : "", column->name, wire);
    }
  g_string_append (sql, ")");
  return g_string_free (sql, FALSE);
}
