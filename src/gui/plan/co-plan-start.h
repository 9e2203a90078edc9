/* co-plan-start.h: what a group without a plan shows on its Plan page: the templates to start
 * from, the plan of another group to copy, or an empty plan. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_PLAN_START (co_plan_start_get_type ())
G_DECLARE_FINAL_TYPE (CoPlanStart, co_plan_start, CO, PLAN_START, AdwPreferencesPage)

void     co_plan_start_set_store  (CoPlanStart *self,
                                   CoStore     *store);
/* Lists the templates and the other groups' plans again, for @group_id. */
void     co_plan_start_fill       (CoPlanStart *self,
                                   gint64       group_id);
gboolean co_plan_start_is_loading (CoPlanStart *self);

G_END_DECLS
