/* co-challenge-image.h: a check-in challenge's leaderboard (co-challenge.h) as a PNG image to
 * post back in the group: portrait, CO_CHALLENGE_IMAGE_WIDTH pixels wide so that a phone shows
 * it sharp, the challenge's name and days, then rank, name, days, streak and days missed, in the
 * user's language. */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_CHALLENGE_IMAGE_WIDTH 1080
/* At least 4:5, as chat apps show a portrait picture; longer with many rows. */
#define CO_CHALLENGE_IMAGE_MIN_HEIGHT 1350

gboolean co_challenge_leaderboard_png (CoStore     *store,
                                       gint64       challenge_id,
                                       const char  *today,
                                       const char  *path,
                                       GError     **error);

G_END_DECLS
