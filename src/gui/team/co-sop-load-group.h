/* co-sop-load-group.h: the Team place's SOP tasks by person: how many each has due today and how many
 * are overdue (core/sop/co-sop-tasks.h), read again as the store changes while shown. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_SOP_LOAD_GROUP (co_sop_load_group_get_type ())
G_DECLARE_FINAL_TYPE (CoSopLoadGroup, co_sop_load_group, CO, SOP_LOAD_GROUP, AdwPreferencesGroup)

GtkWidget *co_sop_load_group_new (CoStore *store);

G_END_DECLS
