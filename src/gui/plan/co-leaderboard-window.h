/* co-leaderboard-window.h: a check-in challenge's leaderboard (core/chat/co-challenge.h) in a
 * window over the Plan page: each member's rank, days, streaks and days missed as of today, and
 * Export as Image… for the picture to post in the group. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_LEADERBOARD_WINDOW (co_leaderboard_window_get_type ())
G_DECLARE_FINAL_TYPE (CoLeaderboardWindow, co_leaderboard_window, CO, LEADERBOARD_WINDOW, AdwWindow)

GtkWidget *co_leaderboard_window_new    (GtkWindow            *parent,
                                         CoStore              *store,
                                         gint64                challenge_id);
/* What Export as Image… does once a file is chosen: the PNG, then a toast saying where. */
gboolean   co_leaderboard_window_export (CoLeaderboardWindow  *self,
                                         GFile                *file,
                                         GError              **error);

G_END_DECLS
