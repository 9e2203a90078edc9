/* co-new-group-dialog.h: what a new group asks before it is made: its name, platform, parent
 * and the plan it starts from. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_NEW_GROUP_DIALOG (co_new_group_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CoNewGroupDialog, co_new_group_dialog, CO, NEW_GROUP_DIALOG, AdwWindow)

/* A modal dialog over @parent; @parent_id (0: none) is the parent group it proposes. It emits
 * ::created with the new group's id, then closes; Cancel or Escape closes it and makes nothing. */
CoNewGroupDialog *co_new_group_dialog_new (GtkWindow *parent,
                                           CoStore   *store,
                                           gint64     parent_id);

G_END_DECLS
