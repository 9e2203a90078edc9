/* co-tier.c: member tiers: defaults, computation from criteria, explanation, the 20/80 picture. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/formats/co-csv.h"
#include "core/members/co-tier.h"
#include "core/records/co-list-private.h"

/* The tiers as the record engine edits them (CO_LIST_TIERS). */
static const CoFieldSpec tier_fields[] = {
  { "name", CO_FIELD_TEXT, 0, N_("Name"), N_("Leave empty to keep the built-in name") },
  { "min_points", CO_FIELD_COUNT, 0, N_("Points at Least"), NULL },
  { "min_active_days", CO_FIELD_COUNT, 0, N_("Active Days at Least"), NULL },
  { "window_days", CO_FIELD_COUNT, 0, N_("Active Days Counted Over"),
    N_("The last N days; 30 when empty") },
  { "manual_only", CO_FIELD_BOOL, 0, N_("Set by Hand Only"),
    N_("Members get this tier only when you set it") },
  { "benefits", CO_FIELD_LONG_TEXT, 0, N_("Benefits"),
    N_("For example: promotion to admin, offline events, red packets, coupons") },
  { "builtin", CO_FIELD_CHOICE, CO_CHOICE_BUILTIN_TIER, N_("Built-in Tier"), NULL },
};

/* Active days are counted over at least one day. */
static gboolean
check_tier (CoStore *store,
            CoItem  *item,
            GError **error)
{
  if (co_item_get_int (item, "window_days", 1) > 0)
    return TRUE;
  g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
                       _("Active days are counted over at least one day."));
  return FALSE;
}

const CoListSpec co_tier_list_spec = { CO_LIST_TIERS, "tiers", "group_id", CO_FIELDS (tier_fields), -1, 0,
                                      N_("Tiers"), N_("Add Tier"), check_tier, "builtin" };

/* DOMAIN.md §3: each tier with criteria and benefits. The numbers are a starting point. */
static const struct
{
  const char *builtin;
  int         min_points;       /* -1: none */
  int         min_active_days;  /* -1: none */
  const char *benefits;
} defaults[] = {
  { "new", -1, -1, N_("Welcome message and the newcomer guide") },
  { "active", -1, 4, N_("Points, red packets, early sign-up for activities") },
  { "core", 500, 12, N_("Promotion to admin, offline events, an interview feature, coupons") },
};

gboolean
co_tiers_ensure (CoStore  *store,
                 gint64    group_id,
                 GError  **error)
{
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT 1 FROM tiers WHERE group_id = ? AND deleted_at IS NULL",
                                         error);
  gboolean has_tiers;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  has_tiers = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (has_tiers)
    return TRUE;

  if (!co_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      /* A built-in tier in the trash would hold its keyword: take it out for good first. */
      stmt = co_store_prepare (store, "DELETE FROM tiers WHERE group_id = ? AND builtin = ?", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, group_id);
      sqlite3_bind_text (stmt, 2, defaults[i].builtin, -1, SQLITE_STATIC);
      if (!co_store_step_done (store, stmt, error))
        goto failed;
      stmt = co_store_prepare (store, "INSERT INTO tiers (uuid, group_id, position, created_at, updated_at,"
                                      " builtin, min_points, min_active_days, window_days)"
                                      " VALUES (?, ?, ?, ?, ?, ?, nullif (?, -1), nullif (?, -1), ?)", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, group_id);
      sqlite3_bind_int (stmt, 3, (int) i);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, defaults[i].builtin, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 7, defaults[i].min_points);
      sqlite3_bind_int (stmt, 8, defaults[i].min_active_days);
      sqlite3_bind_int (stmt, 9, CO_TIER_DEFAULT_WINDOW);
      if (!co_store_step_done (store, stmt, error))
        goto failed;
    }
  co_store_note_change (store, "tiers", group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

GListStore *
co_tiers_list (CoStore  *store,
               gint64    group_id,
               GError  **error)
{
  return co_list_items (store, CO_LIST_TIERS, group_id, error);
}

char *
co_tier_dup_benefits (CoItem *tier)
{
  const char *builtin = co_item_get (tier, "builtin");

  if (co_item_get (tier, "benefits") != NULL)
    return g_strdup (co_item_get (tier, "benefits"));
  for (guint i = 0; builtin != NULL && i < G_N_ELEMENTS (defaults); i++)
    if (g_str_equal (defaults[i].builtin, builtin))
      return g_strdup (_(defaults[i].benefits));
  return NULL;
}

char *
co_tier_dup_criteria (CoItem *tier)
{
  gint64 points = co_item_get_int (tier, "min_points", 0);
  gint64 days = co_item_get_int (tier, "min_active_days", 0);
  gint64 window = co_item_get_int (tier, "window_days", CO_TIER_DEFAULT_WINDOW);
  GString *text = g_string_new (NULL);

  if (co_item_get_int (tier, "manual_only", 0))
    return g_strdup (_("Set by hand only"));
  if (points > 0)
    g_string_append_printf (text, _("%d points or more"), (int) points);
  if (days > 0)
    {
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append_printf (text, _("active on %d of the last %d days"), (int) days, (int) window);
    }
  if (text->len == 0)
    g_string_append (text, _("Everyone"));
  return g_string_free (text, FALSE);
}

/* ---- computing ---------------------------------------------------------------------------- */

typedef struct
{
  gint64   id;
  gint64   min_points;
  gint64   min_active_days;
  gint64   window;
  gboolean manual_only;
  GHashTable *active_days;  /* membership id → active days in this tier's window; shared */
} Tier;

/* Active days per membership of the group in the @window days up to @today. */
static GHashTable *
count_active_days (CoStore     *store,
                   gint64       group_id,
                   const char  *today,
                   gint64       window,
                   GError     **error)
{
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT membership_id, count (DISTINCT date) FROM member_activity"
    " WHERE group_id = ?1 AND date > date (?2, '-' || ?3 || ' days') AND date <= ?2"
    " GROUP BY membership_id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, window);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (days, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&days);
}

static int
days_of (GHashTable *days,
         gint64      membership_id)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (days, &membership_id));
}

static gboolean
compute_group (CoStore     *store,
               gint64       group_id,
               const char  *today,
               int         *n_changed,
               GError     **error)
{
  g_autoptr(GListStore) items = NULL;
  g_autoptr(GArray) tiers = g_array_new (FALSE, TRUE, sizeof (Tier));
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (gint64) * 4);
  sqlite3_stmt *stmt;
  int rc;

  if (!co_tiers_ensure (store, group_id, error) || (items = co_tiers_list (store, group_id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);
      Tier tier = {
        co_item_get_id (item), co_item_get_int (item, "min_points", 0),
        co_item_get_int (item, "min_active_days", 0),
        co_item_get_int (item, "window_days", CO_TIER_DEFAULT_WINDOW),
        co_item_get_int (item, "manual_only", 0) != 0, NULL,
      };

      /* Tiers usually share one window: count each window once. */
      for (guint j = 0; j < i && tier.active_days == NULL; j++)
        if (g_array_index (tiers, Tier, j).window == tier.window)
          tier.active_days = g_array_index (tiers, Tier, j).active_days;
      if (tier.active_days == NULL)
        {
          tier.active_days = count_active_days (store, group_id, today, tier.window, error);
          if (tier.active_days == NULL)
            return FALSE;
          g_ptr_array_add (tables, tier.active_days);
        }
      g_array_append_val (tiers, tier);
    }

  /* Decide first, write after: a statement still reading would see its own updates. */
  stmt = co_store_prepare (store, "SELECT id, points, tier_id, active_days FROM memberships"
                                  " WHERE group_id = ? AND deleted_at IS NULL AND tier_manual = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0), points = sqlite3_column_int64 (stmt, 1);
      gint64 current = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 2);
      gint64 stored_days = sqlite3_column_int64 (stmt, 3);
      const Tier *chosen = &g_array_index (tiers, Tier, 0);  /* the lowest tier is the floor */
      gint64 row[4];

      for (guint i = tiers->len; i-- > 1;)
        {
          const Tier *tier = &g_array_index (tiers, Tier, i);
          if (!tier->manual_only && points >= tier->min_points &&
              days_of (tier->active_days, id) >= tier->min_active_days)
            {
              chosen = tier;
              break;
            }
        }
      row[0] = id;
      row[1] = current;
      row[2] = chosen->id;
      row[3] = days_of (chosen->active_days, id);
      if (row[1] != row[2] || row[3] != stored_days)
        g_array_append_vals (changes, row, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return FALSE;
    }

  for (guint i = 0; i < changes->len; i++)
    {
      const gint64 *row = (const gint64 *) changes->data + 4 * i;

      /* A first tier is not a promotion: only moves between tiers are logged. */
      if (row[1] != row[2] && row[1] != 0)
        {
          stmt = co_store_prepare (store, "INSERT INTO tier_changes (membership_id, date, from_tier_id, to_tier_id)"
                                          " VALUES (?, ?, nullif (?, 0), ?)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, row[0]);
          sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 3, row[1]);
          sqlite3_bind_int64 (stmt, 4, row[2]);
          if (!co_store_step_done (store, stmt, error))
            return FALSE;
        }
      if (row[1] != row[2])
        (*n_changed)++;
      stmt = co_store_prepare (store, "UPDATE memberships SET tier_id = ?2, active_days = ?3 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, row[0]);
      sqlite3_bind_int64 (stmt, 2, row[2]);
      sqlite3_bind_int64 (stmt, 3, row[3]);
      if (!co_store_step_done (store, stmt, error))
        return FALSE;
    }
  if (changes->len > 0)
    co_store_note_change (store, "memberships", group_id);
  return TRUE;
}

int
co_tiers_compute (CoStore     *store,
                  gint64       group_id,
                  const char  *today,
                  GError     **error)
{
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (gint64));
  int n_changed = 0;

  if (group_id != 0)
    g_array_append_val (groups, group_id);
  else
    {
      sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id FROM groups WHERE deleted_at IS NULL", error);
      if (stmt == NULL)
        return -1;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_array_append_val (groups, (gint64) { sqlite3_column_int64 (stmt, 0) });
      sqlite3_reset (stmt);
    }

  if (!co_store_begin (store, error))
    return -1;
  for (guint i = 0; i < groups->len; i++)
    if (!compute_group (store, g_array_index (groups, gint64, i), today, &n_changed, error))
      {
        co_store_rollback (store);
        return -1;
      }
  if (!co_store_commit (store, error))
    return -1;
  return n_changed;
}

char *
co_tier_explain (CoStore  *store,
                 CoMember *member)
{
  g_autoptr(GListStore) tiers = co_tiers_list (store, co_member_get_group_id (member), NULL);
  gint64 tier_id = co_member_get_tier_id (member);
  GString *text = g_string_new (NULL);
  guint n = tiers ? g_list_model_get_n_items (G_LIST_MODEL (tiers)) : 0;

  if (tier_id == 0)
    {
      g_string_append (text, _("Tiers have not been computed for this member yet."));
      return g_string_free (text, FALSE);
    }
  if (co_member_get_tier_manual (member))
    {
      g_string_append (text, _("Set by hand; computing tiers leaves it alone."));
      return g_string_free (text, FALSE);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CoItem) tier = g_list_model_get_item (G_LIST_MODEL (tiers), i);
      g_autofree char *name = NULL;
      g_autofree char *criteria = NULL;

      if (co_item_get_id (tier) != tier_id)
        continue;
      name = co_item_dup_title (tier);
      criteria = co_tier_dup_criteria (tier);
      /* Translators: a member's tier, its criteria, and the member's own figures. */
      g_string_append_printf (text, _("%s (%s): has %d points, active on %d days."),
                              name, criteria, (int) co_member_get_points (member), co_member_get_active_days (member));
      if (i + 1 < n)
        {
          g_autoptr(CoItem) next = g_list_model_get_item (G_LIST_MODEL (tiers), i + 1);
          g_autofree char *next_name = co_item_dup_title (next);
          g_autofree char *next_criteria = co_tier_dup_criteria (next);
          g_string_append_c (text, ' ');
          g_string_append_printf (text, _("Next: %s needs %s."), next_name, next_criteria);
        }
      return g_string_free (text, FALSE);
    }
  g_string_append (text, _("The member’s tier was removed; compute tiers again."));
  return g_string_free (text, FALSE);
}

void
co_tier_change_free (CoTierChange *change)
{
  g_free (change->date);
  g_free (change->from);
  g_free (change->to);
  g_free (change);
}

static char *
tier_name (sqlite3_stmt *stmt,
           int           name_column)
{
  const char *name = (const char *) sqlite3_column_text (stmt, name_column);
  const char *builtin = (const char *) sqlite3_column_text (stmt, name_column + 1);

  if (name != NULL)
    return g_strdup (name);
  return g_strdup (builtin ? co_choice_label (CO_CHOICE_BUILTIN_TIER, builtin) : NULL);
}

GPtrArray *
co_tier_changes (CoStore  *store,
                 gint64    membership_id,
                 GError  **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) co_tier_change_free);
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT c.date, c.manual, f.name, f.builtin, t.name, t.builtin FROM tier_changes c"
    " LEFT JOIN tiers f ON f.id = c.from_tier_id LEFT JOIN tiers t ON t.id = c.to_tier_id"
    " WHERE c.membership_id = ? ORDER BY c.id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, membership_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CoTierChange *change = g_new0 (CoTierChange, 1);

      change->date = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      change->manual = sqlite3_column_int (stmt, 1) != 0;
      change->from = tier_name (stmt, 2);
      change->to = tier_name (stmt, 4);
      g_ptr_array_add (changes, change);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&changes);
}

void
co_tier_share_free (CoTierShare *share)
{
  g_free (share->name);
  g_free (share);
}

GPtrArray *
co_tiers_distribution (CoStore     *store,
                       gint64       group_id,
                       const char  *today,
                       gint64      *total_members,
                       gint64      *total_activity,
                       GError     **error)
{
  g_autoptr(GPtrArray) shares = g_ptr_array_new_with_free_func ((GDestroyNotify) co_tier_share_free);
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT t.id, t.name, t.builtin,"
    "       (SELECT count (*) FROM memberships s WHERE s.group_id = ?1 AND s.tier_id = t.id"
    "        AND s.deleted_at IS NULL AND s.left_date IS NULL),"
    "       (SELECT coalesce (sum (a.count), 0) FROM memberships s JOIN member_activity a"
    "        ON a.membership_id = s.id WHERE s.group_id = ?1 AND s.tier_id = t.id AND s.deleted_at IS NULL AND s.left_date IS NULL"
    "        AND a.date > date (?2, '-30 days') AND a.date <= ?2)"
    " FROM tiers t WHERE t.group_id = ?1 AND t.deleted_at IS NULL ORDER BY t.position", error);

  G_STATIC_ASSERT (CO_TIER_DEFAULT_WINDOW == 30);

  if (stmt == NULL)
    return NULL;
  *total_members = *total_activity = 0;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CoTierShare *share = g_new0 (CoTierShare, 1);

      share->tier_id = sqlite3_column_int64 (stmt, 0);
      share->name = tier_name (stmt, 1);
      share->members = sqlite3_column_int64 (stmt, 3);
      share->activity = sqlite3_column_int64 (stmt, 4);
      *total_members += share->members;
      *total_activity += share->activity;
      g_ptr_array_add (shares, share);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&shares);
}

/* What spreadsheets call the built-in tiers, whatever language the app runs in. */
static const char *const tier_aliases[][2] = {
  { "new", "新用户" }, { "new", "新人" }, { "new", "新成员" },
  { "active", "活跃" }, { "active", "活跃用户" }, { "active", "活跃成员" },
  { "core", "核心" }, { "core", "核心用户" }, { "core", "高价值" }, { "core", "高价值用户" },
  { "core", "high-value" },
};

GHashTable *
co_tiers_by_name (CoStore *store,
                  gint64   group_id)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GListStore) tiers = co_tiers_list (store, group_id, NULL);
  guint n_choices;
  const CoChoice *choices = co_choices_get (CO_CHOICE_BUILTIN_TIER, &n_choices);

  for (guint i = 0; tiers != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (tiers)); i++)
    {
      g_autoptr(CoItem) tier = g_list_model_get_item (G_LIST_MODEL (tiers), i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, co_item_get_id (tier));
      const char *builtin = co_item_get (tier, "builtin");
      g_autofree char *title = co_item_dup_title (tier);

      g_hash_table_insert (names, co_csv_fold (title), g_strdup (id));
      /* A built-in tier also answers to its keyword and its name in English and Chinese. */
      for (guint c = 0; builtin != NULL && c < n_choices; c++)
        if (g_str_equal (choices[c].keyword, builtin))
          {
            g_hash_table_insert (names, co_csv_fold (choices[c].keyword), g_strdup (id));
            g_hash_table_insert (names, co_csv_fold (choices[c].label), g_strdup (id));
          }
      for (guint a = 0; builtin != NULL && a < G_N_ELEMENTS (tier_aliases); a++)
        if (g_str_equal (tier_aliases[a][0], builtin))
          g_hash_table_insert (names, co_csv_fold (tier_aliases[a][1]), g_strdup (id));
    }
  return names;
}

gint64
co_tiers_find (CoStore    *store,
               gint64      group_id,
               const char *name)
{
  g_autoptr(GHashTable) names = co_tiers_by_name (store, group_id);
  g_autofree char *folded = co_csv_fold (name ? name : "");
  const char *id = g_hash_table_lookup (names, folded);

  return id ? g_ascii_strtoll (id, NULL, 10) : 0;
}
