/* co-weekly.h: the weekly report as people hand it in, as plain text for pasting into WeChat or
 * DingTalk: short lines, no tables; the key figures with their change against the week before,
 * goals and their progress, highlights, problems, how the SOP's tasks went, 本周总结 and
 * 下周计划. The same text on the Reports page's Copy as Text and `--weekly-report`. */
#pragma once

#include "core/reports/co-report-data.h"
#include "core/reports/co-weekly-notes.h"
#include "core/sop/co-sop-tasks.h"

G_BEGIN_DECLS

/* What "late" and "missed" mean, in a sentence for the page and the PDF. */
const char *co_weekly_completion_rule (void);
/* "On time 5 · Late 1 · Skipped 0 · Missed 2", and " · Still due 3" when some are. */
char       *co_weekly_completion_line (const CoSopCompletion *row);
/* The sum of @rows. */
void        co_weekly_completion_total (GPtrArray       *rows,
                                        CoSopCompletion *total);

/* The text of the week @request asks for (a CO_REPORT_VIEW_WEEKLY request), from @data (what
 * co_report_data_new() read for it) and the week's @notes (NULL: none), named @scope_name.
 * Reads the goals, activities and problems of the week through @store. */
char       *co_weekly_text            (CoStore               *store,
                                       const CoReportRequest *request,
                                       CoReportData          *data,
                                       const char            *scope_name,
                                       const CoWeeklyNotes   *notes);

G_END_DECLS
