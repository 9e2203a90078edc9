/* co-report-document.h: the report as a document (co-document.h): a period of one group, a
 * batch or all, with the key figures and their change, the charts, retention, goal progress,
 * highlights and the problem log — what the command line exports as PDF and the app prints. */
#pragma once

#include "core/document/co-document.h"
#include "core/reports/co-report.h"

G_BEGIN_DECLS

/* The document's language from the current locale: "zh-CN" or "en". */
const char *co_document_language       (void);

/* @scope_name names the groups ("All Groups", a group's name); @today bounds what can be
 * measured yet. */
CoDocument *co_report_document_new     (CoStore      *store,
                                        const gint64 *group_ids,
                                        guint         n_groups,
                                        const char   *scope_name,
                                        const char   *from,
                                        const char   *to,
                                        const char   *today,
                                        CoWeekStart   week_start,
                                        GError      **error);

/* The report of a saved segment's people (co_report_new_for_members ()), named on its cover
 * and in its page header: their key figures, retention and funnel; the daily figures, which
 * are a group's, left out and said so. */
CoDocument *co_report_document_new_for_segment (CoStore               *store,
                                                const CoSegmentFilter *segment,
                                                const char            *segment_name,
                                                const char            *from,
                                                const char            *to,
                                                const char            *today,
                                                CoWeekStart            week_start,
                                                GError               **error);

/* Either of the above in a worker thread, on a read connection of its own (co-read-worker.h):
 * the report of a thousand groups reads for seconds. @segment, when not NULL, asks for its
 * report (@scope_name then the segment's name) instead of @group_ids'. */
void        co_report_document_new_async  (CoStore               *store,
                                           const gint64          *group_ids,
                                           guint                  n_groups,
                                           const CoSegmentFilter *segment,
                                           const char            *scope_name,
                                           const char            *from,
                                           const char            *to,
                                           const char            *today,
                                           CoWeekStart            week_start,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
CoDocument *co_report_document_new_finish (GAsyncResult          *result,
                                           GError               **error);

G_END_DECLS
