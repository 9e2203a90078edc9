/* co-group-row.h: one group in the sidebar: its name, and its platform and stage at a glance. */
#pragma once

#include <gtk/gtk.h>

#include "core/groups/co-group.h"

G_BEGIN_DECLS

#define CO_TYPE_GROUP_ROW (co_group_row_get_type ())
G_DECLARE_FINAL_TYPE (CoGroupRow, co_group_row, CO, GROUP_ROW, GtkWidget)

CoGroupRow *co_group_row_new       (void);
void        co_group_row_set_group (CoGroupRow *self,
                                    CoGroup    *group);

G_END_DECLS
