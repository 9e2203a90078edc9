/* co-team-server-private.h: the libpq connection of a CoTeamServer, for the sync
 * (co-sync.c), which pushes and pulls on it. */
#pragma once

#include <libpq-fe.h>

#include "core/sync/co-team-server.h"

G_BEGIN_DECLS

PGconn *co_team_server_get_conn (CoTeamServer *self);

G_END_DECLS
