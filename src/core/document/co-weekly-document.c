/* co-weekly-document.c: the report document's weekly notes (co-weekly-document.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/document/co-weekly-document.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-weekly-notes.h"

static void
add_text (CoDocument *document,
          const char *title,
          const char *text)
{
  g_autofree char *paragraph = NULL;

  if (text == NULL)
    return;
  /* Translators: a weekly note in the PDF: 本周总结 or 下周计划, then its text */
  paragraph = g_strdup_printf (_("%s: %s"), title, text);
  co_document_add_paragraph (document, paragraph);
}

void
co_weekly_document_add_notes (CoDocument   *document,
                              CoStore      *store,
                              const gint64 *ids,
                              guint         n_ids,
                              const char   *from,
                              const char   *to,
                              CoWeekStart   week_start)
{
  g_autofree char *first_week = co_week_first_day (from, week_start);
  g_autoptr(GPtrArray) rows = co_weekly_notes_list (store, ids, n_ids, n_ids > 1, first_week, to, NULL);

  co_document_add_heading (document, 1, _("Weekly Notes"));
  if (rows == NULL || rows->len == 0)
    {
      co_document_add_paragraph (document, _("No summary or plan was written for these weeks. Write them in the "
                                             "Reports page’s Weekly Report."));
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      const CoWeeklyNotesRow *row = rows->pdata[i];
      g_autofree char *last = co_date_add_days (row->week, 6);
      g_autofree char *first_text = co_date_format_display (row->week);
      g_autofree char *last_text = co_date_format_display (last);
      g_autoptr(CoGroup) group = row->group_id != 0 ? co_group_get (store, row->group_id, NULL) : NULL;
      /* Translators: a heading of the PDF's weekly notes: whose, then the week's first and last day */
      g_autofree char *heading = g_strdup_printf (_("%s, %s – %s"),
                                                  group != NULL ? co_group_get_name (group) : _("All Groups"),
                                                  first_text, last_text);

      co_document_add_heading (document, 2, heading);
      add_text (document, _("This Week’s Summary"), row->summary);
      add_text (document, _("Next Week’s Plan"), row->next_plan);
    }
}
