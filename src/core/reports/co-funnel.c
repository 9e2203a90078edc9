/* co-funnel.c: the funnel per channel: one pass over a period's joiners, read from the
 * memberships_joined index alone (retention's, widened), their stages kept in it by the store's
 * triggers. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "core/formats/co-date.h"
#include "core/members/co-channel.h"
#include "core/records/co-field.h"
#include "core/reports/co-funnel.h"
#include "core/reports/co-report-sql.h"
#include "core/store/co-store-private.h"

static void
row_free (CoFunnelRow *row)
{
  g_free (row->name);
  g_free (row->channel_kind);
  g_free (row);
}

double
co_funnel_rate (gint64 part,
                gint64 whole)
{
  return whole > 0 ? (double) part / (double) whole : NAN;
}

gint64
co_funnel_cost_per (const CoFunnelRow *row,
                    gint64             count)
{
  if (row->cost < 0 || count <= 0)
    return -1;
  /* Rounded half up, in whole fen. */
  return (row->cost + count / 2) / count;
}

/* The row of channel @item, at its @position in the list, added when missing. */
static CoFunnelRow *
channel_row (GPtrArray *by_position,
             guint      position,
             CoItem    *item)
{
  CoFunnelRow *row = by_position->pdata[position];

  if (row == NULL)
    {
      row = g_new0 (CoFunnelRow, 1);
      row->kind = CO_FUNNEL_ROW_CHANNEL;
      row->channel_id = co_item_get_id (item);
      row->name = co_item_dup_title (item);
      row->channel_kind = g_strdup (co_item_get (item, "kind"));
      row->cost = -1;
      by_position->pdata[position] = row;
    }
  return row;
}

static void
add_counts (CoFunnelRow  *row,
            sqlite3_stmt *stmt)
{
  row->joined += sqlite3_column_int64 (stmt, 2);
  row->activated += sqlite3_column_int64 (stmt, 3);
  row->retained += sqlite3_column_int64 (stmt, 4);
  row->converted += sqlite3_column_int64 (stmt, 5);
  row->open += sqlite3_column_int64 (stmt, 6);
}

static CoFunnelRow *
other_row (CoFunnelRowKind kind,
           const char     *name)
{
  CoFunnelRow *row = g_new0 (CoFunnelRow, 1);

  row->kind = kind;
  row->name = g_strdup (name);
  row->cost = -1;
  return row;
}

/* The funnel of @scope: without the channels' costs for a segment's people, which are of every
 * join through them, not only these people's. */
static GPtrArray *
read_funnel (CoStore              *store,
             const CoReportScope  *scope,
             const char           *from,
             const char           *to,
             const char           *today,
             GError              **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr(GPtrArray) by_position = NULL;
  g_autoptr(GHashTable) positions = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GListStore) channels = co_list_items (store, CO_LIST_CHANNELS, 0, error);
  g_autofree char *open_after = co_date_add_days (today, -60);
  g_autofree gint64 *ids = NULL;
  CoFunnelRow *referral, *none, *total;
  sqlite3_stmt *stmt;
  guint n_channels;
  int rc;

  if (channels == NULL)
    return NULL;
  /* Grouped by the stored channel id, named from the list afterwards: a channel in the trash (not
   * in the list) counts as none, as the member's window shows it. */
#define FUNNEL_OF(rows) \
  "SELECT r.channel_id, r.referrer_id IS NOT NULL, count (*), total (r.activated), total (r.retained)," \
  "       total (r.converted), total (r.joined_date > ?4)" \
  " FROM " rows " AND r.deleted_at IS NULL GROUP BY r.channel_id, r.referrer_id IS NOT NULL"
  stmt = co_report_scope_prepare (store, scope, SCOPE_SQL (scope, FUNNEL_OF, "memberships", "id", "joined_date"),
                                  from, to, open_after, error);
#undef FUNNEL_OF
  if (stmt == NULL)
    return NULL;

  n_channels = g_list_model_get_n_items (G_LIST_MODEL (channels));
  ids = g_new0 (gint64, n_channels);
  by_position = g_ptr_array_new_full (n_channels, NULL);
  g_ptr_array_set_size (by_position, n_channels);
  for (guint i = 0; i < n_channels; i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (channels), i);
      ids[i] = co_item_get_id (item);
      g_hash_table_insert (positions, &ids[i], GUINT_TO_POINTER (i + 1));
    }
  referral = other_row (CO_FUNNEL_ROW_REFERRAL, _("Referred by a Member"));
  none = other_row (CO_FUNNEL_ROW_NONE, _("No Channel Recorded"));
  total = other_row (CO_FUNNEL_ROW_TOTAL, _("All Channels"));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 channel_id = sqlite3_column_int64 (stmt, 0);
      guint position = GPOINTER_TO_UINT (g_hash_table_lookup (positions, &channel_id));

      if (position > 0)
        {
          g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (channels), position - 1);
          add_counts (channel_row (by_position, position - 1, item), stmt);
        }
      else
        add_counts (sqlite3_column_int (stmt, 1) ? referral : none, stmt);
      add_counts (total, stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      row_free (referral);
      row_free (none);
      row_free (total);
      return NULL;
    }

  for (guint i = 0; i < n_channels; i++)
    {
      CoFunnelRow *row = by_position->pdata[i];

      if (row == NULL)
        continue;
      g_ptr_array_add (rows, row);
      if (!scope->of_members && !co_channel_cost (store, row->channel_id, from, to, &row->cost, error))
        {
          row_free (referral);
          row_free (none);
          row_free (total);
          return NULL;
        }
      if (row->cost >= 0)
        total->cost = MAX (total->cost, 0) + row->cost;
    }
  if (referral->joined > 0)
    g_ptr_array_add (rows, referral);
  else
    row_free (referral);
  if (none->joined > 0)
    g_ptr_array_add (rows, none);
  else
    row_free (none);
  g_ptr_array_add (rows, total);
  return g_steal_pointer (&rows);
}

GPtrArray *
co_funnel_new (CoStore       *store,
               const gint64  *group_ids,
               guint          n_groups,
               const char    *from,
               const char    *to,
               const char    *today,
               GError       **error)
{
  g_autoptr(CoReportScope) scope = co_report_scope_new (group_ids, n_groups, FALSE);

  return read_funnel (store, scope, from, to, today, error);
}

GPtrArray *
co_funnel_new_for_members (CoStore       *store,
                           const gint64  *membership_ids,
                           guint          n_memberships,
                           const char    *from,
                           const char    *to,
                           const char    *today,
                           GError       **error)
{
  g_autoptr(CoReportScope) scope = co_report_scope_new (membership_ids, n_memberships, TRUE);

  return read_funnel (store, scope, from, to, today, error);
}

static char *
format_count (gint64 count)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

static char *
format_rate (gint64 part,
             gint64 whole)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double rate = co_funnel_rate (part, whole);

  if (isnan (rate))
    return g_strdup ("—");
  return g_strconcat (g_ascii_formatd (buffer, sizeof buffer, "%.1f", rate * 100), "%", NULL);
}

static char *
format_money (gint64 fen)
{
  return fen < 0 ? g_strdup ("—") : co_money_format (fen);
}

CoTable *
co_funnel_table (GPtrArray *rows)
{
  const char *header[CO_FUNNEL_TABLE_COLUMNS] = {
    _("Channel"), C_("funnel", "Joined"), _("Activated"), _("Activated %"), _("Retained"), _("Retained %"),
    _("Converted"), _("Converted %"), _("Cost (yuan)"), _("Cost per Join"), _("Cost per Conversion"),
  };
  CoTable *table = co_table_new (G_N_ELEMENTS (header), header);

  for (guint i = 0; i < rows->len; i++)
    {
      CoFunnelRow *row = rows->pdata[i];
      g_autofree char *joined = format_count (row->joined);
      g_autofree char *activated = format_count (row->activated);
      g_autofree char *activated_rate = format_rate (row->activated, row->joined);
      g_autofree char *retained = format_count (row->retained);
      g_autofree char *retained_rate = format_rate (row->retained, row->joined);
      g_autofree char *converted = format_count (row->converted);
      g_autofree char *converted_rate = format_rate (row->converted, row->joined);
      g_autofree char *cost = format_money (row->cost);
      g_autofree char *per_join = format_money (co_funnel_cost_per (row, row->joined));
      g_autofree char *per_conversion = format_money (co_funnel_cost_per (row, row->converted));
      const char *cells[CO_FUNNEL_TABLE_COLUMNS] = {
        row->name, joined, activated, activated_rate, retained, retained_rate, converted, converted_rate,
        cost, per_join, per_conversion,
      };

      co_table_add_row (table, cells);
    }
  return table;
}

/* "12 (33.3%)": a stage's count and its share of those who joined. */
static char *
stage_cell (gint64 count,
            gint64 joined)
{
  double rate = co_funnel_rate (count, joined);

  if (isnan (rate))
    return g_strdup_printf ("%d", (int) count);
  /* Translators: a funnel stage's count and its share of those who joined, "12 (33.3%)" */
  return g_strdup_printf (_("%d (%.1f%%)"), (int) count, rate * 100);
}

CoTable *
co_funnel_summary_table (GPtrArray *rows)
{
  const char *header[CO_FUNNEL_SUMMARY_COLUMNS] = {
    _("Channel"), C_("funnel", "Joined"), _("Activated"), _("Retained"), _("Converted"), _("Cost per Join"),
    _("Cost per Conversion"),
  };
  CoTable *table = co_table_new (G_N_ELEMENTS (header), header);

  for (guint i = 0; i < rows->len; i++)
    {
      CoFunnelRow *row = rows->pdata[i];
      g_autofree char *joined = format_count (row->joined);
      g_autofree char *activated = stage_cell (row->activated, row->joined);
      g_autofree char *retained = stage_cell (row->retained, row->joined);
      g_autofree char *converted = stage_cell (row->converted, row->joined);
      g_autofree char *per_join = format_money (co_funnel_cost_per (row, row->joined));
      g_autofree char *per_conversion = format_money (co_funnel_cost_per (row, row->converted));
      const char *cells[CO_FUNNEL_SUMMARY_COLUMNS] = {
        row->name, joined, activated, retained, converted, per_join, per_conversion,
      };

      co_table_add_row (table, cells);
    }
  return table;
}
