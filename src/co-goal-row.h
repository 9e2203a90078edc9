/* co-goal-row.h: a goal of a plan as a row: its figure now against the target and deadline,
 * and its status (on track, at risk, off track) with the rule in a tooltip. The Overview shows
 * a group's goals with it, the Reports and Today pages those of many groups. */
#pragma once

#include <adwaita.h>

#include "co-report.h"

G_BEGIN_DECLS

/* @group_name, when not NULL, is put before the goal's title. @progress may be NULL when the
 * caller has not computed it; it is filled in. */
GtkWidget *co_goal_row_new (CoStore        *store,
                            CoItem         *goal,
                            const char     *today,
                            const char     *group_name,
                            CoGoalProgress *progress);

G_END_DECLS
