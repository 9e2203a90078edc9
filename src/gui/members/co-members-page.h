/* co-members-page.h: the Members page of a group: the members list (a million rows scroll
 * smoothly), filters, actions on a selection, seed users and their reply queue, the tiers'
 * 20/80 picture, CSV import with a preview and CSV export, chat import (co-chat-import-dialog). */
#pragma once

#include <adwaita.h>

#include "core/members/co-member-import.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_MEMBERS_PAGE (co_members_page_get_type ())
G_DECLARE_FINAL_TYPE (CoMembersPage, co_members_page, CO, MEMBERS_PAGE, GtkWidget)

void            co_members_page_set_store      (CoMembersPage *self,
                                                CoStore       *store);
void            co_members_page_set_group_id   (CoMembersPage *self,
                                                gint64         group_id);
/* Makes this the workspace's members page: every group's members, with a Group column; what
 * belongs to one group (tiers, seed target, import, invitations) is not offered. */
void            co_members_page_show_all_groups (CoMembersPage *self);
/* Shows the preview of an import of @bytes (named @name) and returns its dialog; what the
 * Import menu does once a file is chosen. */
AdwMessageDialog *co_members_page_preview_import (CoMembersPage *self,
                                                  CoImportKind   kind,
                                                  const char    *name,
                                                  GBytes        *bytes);
/* Opens the chat import's dialog on @file (a group's page only) and returns it; what Import
 * Chat… does once a file is chosen. */
AdwMessageDialog *co_members_page_import_chat  (CoMembersPage *self,
                                                GFile         *file);
/* The list model the column view shows, for tests. */
GListModel     *co_members_page_get_model      (CoMembersPage *self);
/* TRUE until the tiers, sources and seed users asked for last are shown (read in a worker). */
gboolean        co_members_page_is_reading_summary (CoMembersPage *self);

G_END_DECLS
