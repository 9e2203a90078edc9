/* co-team-page.h: the workspace's Team place: today's duty and friend-adding targets, who
 * covers what, every group's duty roster, the staff, the roles and the alt accounts. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_TEAM_PAGE (co_team_page_get_type ())
G_DECLARE_FINAL_TYPE (CoTeamPage, co_team_page, CO, TEAM_PAGE, GtkWidget)

void     co_team_page_set_store    (CoTeamPage *self,
                                    CoStore    *store);
gboolean co_team_page_show_section (CoTeamPage *self,
                                    const char *name);
gboolean co_team_page_show_field   (CoTeamPage *self,
                                    const char *field);
void     co_team_page_flush        (CoTeamPage *self);

G_END_DECLS
