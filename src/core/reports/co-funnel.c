/* co-funnel.c: the funnel per channel: one pass over a period's joiners, read from the
 * memberships_joined index alone (retention's, widened), their stages kept in it by the store's
 * triggers. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

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

GPtrArray *
co_funnel_new (CoStore       *store,
               const gint64  *group_ids,
               guint          n_groups,
               const char    *from,
               const char    *to,
               const char    *today,
               GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autofree char *groups = co_ids_json (group_ids, n_groups);
  CoFunnelRow *total, *others[2] = { NULL, NULL };
  sqlite3_stmt *stmt;
  int rc;

  /* key: the channel's id; -1 referred by a member; 0 nothing recorded. A channel in the trash
   * counts as none, as the member's window shows it. */
  stmt = co_store_prepare (store,
    "SELECT CASE WHEN c.id IS NOT NULL THEN c.id WHEN r.referrer_id IS NOT NULL THEN -1 ELSE 0 END AS key,"
    "       c.name, c.kind, count (*),"
    "       total (r.activated), total (r.retained), total (r.converted),"
    "       total (date (r.joined_date, '+60 days') > ?4)"
    " FROM " ROWS_OF_GROUPS ("memberships", "joined_date", "?2", "?3") " AND r.deleted_at IS NULL"
    " LEFT JOIN channels c ON c.id = r.channel_id AND c.deleted_at IS NULL"
    " GROUP BY key ORDER BY key <= 0, min (c.position), key DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, groups, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, today, -1, SQLITE_TRANSIENT);

  total = g_new0 (CoFunnelRow, 1);
  total->kind = CO_FUNNEL_ROW_TOTAL;
  total->name = g_strdup (_("All Channels"));
  total->cost = -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CoFunnelRow *row = g_new0 (CoFunnelRow, 1);
      gint64 key = sqlite3_column_int64 (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      row->channel_id = MAX (key, 0);
      row->kind = key > 0 ? CO_FUNNEL_ROW_CHANNEL : key < 0 ? CO_FUNNEL_ROW_REFERRAL : CO_FUNNEL_ROW_NONE;
      row->name = g_strdup (key > 0 ? (name ? name : _("Untitled"))
                            : key < 0 ? _("Referred by a Member") : _("No Channel Recorded"));
      row->channel_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->joined = sqlite3_column_int64 (stmt, 3);
      row->activated = sqlite3_column_int64 (stmt, 4);
      row->retained = sqlite3_column_int64 (stmt, 5);
      row->converted = sqlite3_column_int64 (stmt, 6);
      row->open = sqlite3_column_int64 (stmt, 7);
      row->cost = -1;
      total->joined += row->joined;
      total->activated += row->activated;
      total->retained += row->retained;
      total->converted += row->converted;
      total->open += row->open;
      if (key > 0)
        g_ptr_array_add (rows, row);
      else
        others[key < 0 ? 0 : 1] = row;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      g_clear_pointer (&others[0], row_free);
      g_clear_pointer (&others[1], row_free);
      row_free (total);
      return NULL;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      CoFunnelRow *row = rows->pdata[i];

      if (!co_channel_cost (store, row->channel_id, from, to, &row->cost, error))
        {
          g_clear_pointer (&others[0], row_free);
          g_clear_pointer (&others[1], row_free);
          row_free (total);
          return NULL;
        }
      if (row->cost >= 0)
        total->cost = MAX (total->cost, 0) + row->cost;
    }
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    if (others[i] != NULL)
      g_ptr_array_add (rows, others[i]);
  g_ptr_array_add (rows, total);
  return g_steal_pointer (&rows);
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
