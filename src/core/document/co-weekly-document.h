/* co-weekly-document.h: the report document's weekly notes: each week's 本周总结 and 下周计划
 * of the period, of every group (in a report of several) and of each group
 * (core/reports/co-weekly-notes.h). */
#pragma once

#include "core/document/co-document.h"
#include "core/reports/co-report.h"

G_BEGIN_DECLS

/* Adds the section for the weeks that overlap @from to @to (ISO dates, inclusive) of @ids. */
void co_weekly_document_add_notes (CoDocument   *document,
                                   CoStore      *store,
                                   const gint64 *ids,
                                   guint         n_ids,
                                   const char   *from,
                                   const char   *to,
                                   CoWeekStart   week_start);

G_END_DECLS
