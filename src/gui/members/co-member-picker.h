/* co-member-picker.h: an entry row to choose one person of a group by typing the start of their
 * nickname or contact (who referred a member): matches drop down under it; Enter takes the first. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_MEMBER_PICKER (co_member_picker_get_type ())
G_DECLARE_FINAL_TYPE (CoMemberPicker, co_member_picker, CO, MEMBER_PICKER, AdwEntryRow)

GtkWidget *co_member_picker_new           (const char     *title);
/* The group to choose from, and a person not to offer (the member themself), or 0. */
void       co_member_picker_set_scope     (CoMemberPicker *self,
                                           CoStore        *store,
                                           gint64          group_id,
                                           gint64          excluded_id);
/* The person chosen (a member id), or 0; ::notify::member-id says it changed. */
gint64     co_member_picker_get_member_id (CoMemberPicker *self);
void       co_member_picker_set_member    (CoMemberPicker *self,
                                           gint64          member_id,
                                           const char     *nickname);
/* Whether something is typed that names nobody chosen. */
gboolean   co_member_picker_is_unresolved (CoMemberPicker *self);

G_END_DECLS
