/* co-goal-row.h: a goal of a plan as a row: its figure now against the target and deadline,
 * and its status (on track, at risk, behind, missed, …) with the rule in a tooltip. The Overview shows
 * a group's goals with it, the Reports and Today pages those of many groups. */
#pragma once

#include <adwaita.h>

#include "core/reports/co-goal.h"

G_BEGIN_DECLS

/* @progress is co_goal_progress()'s (its status is "no data" when that failed); @group_name,
 * when not NULL, is put before the goal's title. */
GtkWidget *co_goal_row_new (CoItem               *goal,
                            const CoGoalProgress *progress,
                            const char           *group_name);

G_END_DECLS
