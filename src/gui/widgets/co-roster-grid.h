/* co-roster-grid.h: the team's grids, brought in line with the store on every refresh: the
 * week's duty roster (each day's shifts and the active hours nobody covers) and who covers what
 * (people down the side, groups across the top, each person's roles in each group). The Team
 * page shows them for every active group, each group's week with "Edit Shifts" (the action
 * "team.edit-shifts" with the group's id, for the page to answer); a group's Plan page shows the
 * week of that group, a + on each day adding a shift there. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

typedef enum
{
  CO_ROSTER_GRID_WEEK,
  CO_ROSTER_GRID_MATRIX,
} CoRosterGridKind;

#define CO_TYPE_ROSTER_GRID_KIND (co_roster_grid_kind_get_type ())
GType co_roster_grid_kind_get_type (void);

#define CO_TYPE_ROSTER_GRID (co_roster_grid_get_type ())
G_DECLARE_FINAL_TYPE (CoRosterGrid, co_roster_grid, CO, ROSTER_GRID, AdwPreferencesGroup)

/* @group_id 0: every active group. */
GtkWidget *co_roster_grid_new       (CoStore          *store,
                                     CoRosterGridKind  kind,
                                     gint64            group_id);
void       co_roster_grid_set_store (CoRosterGrid     *self,
                                     CoStore          *store);
/* Reads the grid again: one group's at once; every group's in a worker, a reading under way
 * dropped, then laid out a few cells a frame (the first few groups, more as the person scrolls
 * towards the last), a spinner turning meanwhile. */
void       co_roster_grid_refresh   (CoRosterGrid     *self);
/* Whether a reading or its laying out is under way. */
gboolean   co_roster_grid_is_loading (CoRosterGrid    *self);

G_END_DECLS
