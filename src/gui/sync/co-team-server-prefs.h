/* co-team-server-prefs.h: Preferences → Team Server: connecting the workspace to the team's
 * PostgreSQL (the password kept in the keyring), and, once connected, who you are there, your
 * role, the sync's status, the team (for an owner), Sync Now and Disconnect. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_TEAM_SERVER_PREFS (co_team_server_prefs_get_type ())
G_DECLARE_FINAL_TYPE (CoTeamServerPrefs, co_team_server_prefs, CO, TEAM_SERVER_PREFS, AdwPreferencesPage)

GtkWidget *co_team_server_prefs_new (CoStore *store);

G_END_DECLS
