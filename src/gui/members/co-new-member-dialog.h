/* co-new-member-dialog.h: adding one member to a group by hand (Ctrl+Shift+N on the Members page). */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_NEW_MEMBER_DIALOG (co_new_member_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CoNewMemberDialog, co_new_member_dialog, CO, NEW_MEMBER_DIALOG, AdwWindow)

/* ::added (gint64 membership id) when the member was added; the dialog closes itself then. */
GtkWidget *co_new_member_dialog_new (GtkWindow *parent,
                                     CoStore   *store,
                                     gint64     group_id);

G_END_DECLS
