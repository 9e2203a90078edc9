/* co-cli-weekly.c: --weekly-report, the weekly report as the text the Reports page's Copy as
 * Text puts on the clipboard, of a group or of every group (co-weekly.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli/co-cli-private.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-weekly.h"

int
co_cli_print_weekly_report (CoStore      *store,
                            GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  g_autofree char *day = NULL, *from = NULL, *to = NULL, *scope_name = NULL, *text = NULL;
  g_autoptr(CoReportData) data = NULL;
  g_autoptr(CoWeeklyNotes) notes = NULL;
  const char *week_text = NULL, *group_name = NULL;
  gint64 notes_group = 0;
  CoReportRequest request;

  /* The week of yesterday, as the Reports page opens on. */
  if (g_variant_dict_lookup (options, "week", "&s", &week_text) && (day = co_date_parse (week_text)) == NULL)
    {
      g_printerr (_("community-ops: --week: “%s” is not a date like 2026-03-05.\n"), week_text);
      return 1;
    }
  from = co_week_first_day (day != NULL ? day : yesterday, CO_WEEK_STARTS_MONDAY);
  to = co_date_add_days (from, 6);
  if (g_variant_dict_lookup (options, "group", "&s", &group_name))
    {
      g_autoptr(CoGroup) group = NULL;

      notes_group = co_cli_find_group (store, group_name);
      if (notes_group == 0)
        return 1;
      g_array_append_val (ids, notes_group);
      group = co_group_get (store, notes_group, NULL);
      scope_name = g_strdup (group != NULL ? co_group_get_name (group) : group_name);
    }
  else
    {
      g_autoptr(GListStore) groups = co_group_list (store, NULL);

      for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
        {
          g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
          gint64 id = co_group_get_id (group);

          g_array_append_val (ids, id);
        }
      scope_name = g_strdup (_("All Groups"));
    }
  request = (CoReportRequest) {
    .view = CO_REPORT_VIEW_WEEKLY,
    .group_ids = (const gint64 *) ids->data,
    .n_groups = ids->len,
    .from = from,
    .to = to,
    .today = today,
    .week_start = CO_WEEK_STARTS_MONDAY,
    .top_members = 5,
  };
  if ((data = co_report_data_new (store, &request, NULL, &error)) == NULL ||
      (notes = co_weekly_notes_get (store, notes_group, from, &error)) == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  text = co_weekly_text (store, &request, data, scope_name, notes);
  g_print ("%s", text);
  return 0;
}
