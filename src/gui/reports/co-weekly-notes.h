/* co-weekly-notes.h: the Weekly Report's own parts, kept apart from the Reports page: Copy as
 * Text at its top; at its end how the week's SOP tasks went, and the week's 本周总结 and 下周计划,
 * which save as they are typed. */
#pragma once

#include <gtk/gtk.h>

#include "core/reports/co-report-data.h"

G_BEGIN_DECLS

#define CO_TYPE_WEEKLY_SECTION (co_weekly_section_get_type ())
G_DECLARE_FINAL_TYPE (CoWeeklySection, co_weekly_section, CO, WEEKLY_SECTION, GtkBox)

CoWeeklySection *co_weekly_section_new  (CoStore         *store);
/* Adds the parts to @box, which shows the week @from to @to of @ids, named @scope_name, whose
 * notes are those of @notes_group (0: every group; -1: none, the scope is neither one group nor
 * all), from @data (taken; NULL when it could not be read). */
void             co_weekly_section_show (CoWeeklySection *self,
                                         GtkBox          *box,
                                         GArray          *ids,
                                         const char      *from,
                                         const char      *to,
                                         gint64           notes_group,
                                         const char      *scope_name,
                                         CoReportData    *data);
/* Saves what is typed and not saved yet (the page going away, a test). */
void             co_weekly_section_save (CoWeeklySection *self);

G_END_DECLS
