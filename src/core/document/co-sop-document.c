/* co-sop-document.c: the report document's SOP section (co-sop-document.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/document/co-sop-document.h"
#include "core/formats/co-csv.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-weekly.h"
#include "core/sop/co-sop-tasks.h"

/* A table of @rows, named by group or by person in its first column. */
static void
add_table (CoDocument *document,
           CoStore    *store,
           GPtrArray  *rows,
           gboolean    by_person)
{
  /* The words of the Weekly Report's (co-weekly.c): a task is missed, not a goal. */
  const char *header[] = { by_person ? _("Person") : _("Group"), C_("SOP tasks", "On Time"), C_("SOP tasks", "Late"),
                           C_("SOP tasks", "Skipped"), C_("SOP tasks", "Missed"), C_("SOP tasks", "Still Due") };
  const double weights[] = { 3, 1, 1, 1, 1, 1 };
  g_autoptr(CoTable) table = co_table_new (G_N_ELEMENTS (header), header);

  for (guint i = 0; i < rows->len; i++)
    {
      const CoSopCompletion *row = rows->pdata[i];
      g_autoptr(CoGroup) group = NULL;
      char *cells[5];
      const char *name;

      if (row->on_time + row->late + row->skipped + row->missed + row->open == 0)
        continue;
      group = by_person ? NULL : co_group_get (store, row->group_id, NULL);
      name = by_person ? (row->assignee ? row->assignee : _("Nobody assigned")) : (group ? co_group_get_name (group) : "");
      cells[0] = g_strdup_printf ("%u", row->on_time);
      cells[1] = g_strdup_printf ("%u", row->late);
      cells[2] = g_strdup_printf ("%u", row->skipped);
      cells[3] = g_strdup_printf ("%u", row->missed);
      cells[4] = g_strdup_printf ("%u", row->open);
      {
        const char *line[] = { name, cells[0], cells[1], cells[2], cells[3], cells[4] };
        co_table_add_row (table, line);
      }
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        g_free (cells[c]);
    }
  if (co_table_get_n_rows (table) > 1)
    co_document_add_table (document, table, G_N_ELEMENTS (header), weights, 1);
}

void
co_sop_document_add_completion (CoDocument   *document,
                                CoStore      *store,
                                const gint64 *ids,
                                guint         n_ids,
                                const char   *from,
                                const char   *to)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *after = co_date_add_days (to, 1);
  g_autofree char *from_moment = g_strconcat (from, " 00:00", NULL);
  g_autofree char *to_moment = g_strconcat (after, " 00:00", NULL);
  g_autoptr(GPtrArray) by_group = co_sop_completion (store, ids, n_ids, from_moment, to_moment, FALSE, now, NULL);
  g_autoptr(GPtrArray) by_person = co_sop_completion (store, ids, n_ids, from_moment, to_moment, TRUE, now, NULL);

  co_document_add_heading (document, 1, _("SOP Completion"));
  if (by_group == NULL || by_person == NULL || by_person->len == 0)
    {
      co_document_add_paragraph (document, _("No SOP task was due in the period."));
      return;
    }
  co_document_add_paragraph (document, co_weekly_completion_rule ());
  co_document_add_heading (document, 2, _("By Group"));
  add_table (document, store, by_group, FALSE);
  co_document_add_heading (document, 2, _("By Person"));
  add_table (document, store, by_person, TRUE);
}
