/* co-plan-page.h: the Plan page of a group: the four phases, goals, launch checklist, tiers,
 * the group's team and the plan check, built from the outline of co-plan-outline.h. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_PLAN_PAGE (co_plan_page_get_type ())
G_DECLARE_FINAL_TYPE (CoPlanPage, co_plan_page, CO, PLAN_PAGE, GtkWidget)

void     co_plan_page_set_store    (CoPlanPage *self,
                                    CoStore    *store);
void     co_plan_page_set_group_id (CoPlanPage *self,
                                    gint64      group_id);
gboolean co_plan_page_show_section (CoPlanPage *self,
                                    const char *name);
void     co_plan_page_flush        (CoPlanPage *self);
gboolean co_plan_page_show_field   (CoPlanPage *self,
                                    const char *field);
gboolean co_plan_page_is_loading   (CoPlanPage *self);

G_END_DECLS
