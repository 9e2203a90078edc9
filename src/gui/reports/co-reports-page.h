/* co-reports-page.h: the Reports place: a period (day, week, month, custom) of a scope (one
 * group, a group with its subgroups, a chosen batch, all groups), seen as the table of figures
 * with their change and formulas, as charts, as the retention grid, and as the weekly report a
 * practitioner hands in. Each table exports as CSV. */
#pragma once

#include <adwaita.h>

#include "core/document/co-document.h"
#include "core/formats/co-csv.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_REPORTS_PAGE (co_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (CoReportsPage, co_reports_page, CO, REPORTS_PAGE, GtkWidget)

void co_reports_page_set_store  (CoReportsPage *self,
                                 CoStore       *store);
/* Saves the weekly notes being typed (before the window closes). */
void co_reports_page_flush      (CoReportsPage *self);
/* Shows @group_id (0: all groups) over the week that holds @date (NULL: yesterday). */
void co_reports_page_show_week  (CoReportsPage *self,
                                 gint64         group_id,
                                 const char    *date);
/* Shows a custom period of the scope shown, from @from to @to (ISO dates). */
void co_reports_page_set_period (CoReportsPage *self,
                                 const char    *from,
                                 const char    *to);
/* The report shown, as a document for PDF and printing. */
CoDocument *co_reports_page_make_document (CoReportsPage *self,
                                           GError       **error);
/* For tests: the table the visible view shows and exports, once its data has arrived. */
CoTable *co_reports_page_get_table (CoReportsPage *self);
/* For tests: whether the shown view's data is being read (the spinner shows), or the weekly view
 * is still appearing (a few widgets a frame). */
gboolean co_reports_page_is_computing (CoReportsPage *self);
/* For tests: the requests whose result has not come back yet, superseded ones included. */
guint    co_reports_page_get_n_running (CoReportsPage *self);

G_END_DECLS
