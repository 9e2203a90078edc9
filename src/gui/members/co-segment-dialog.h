/* co-segment-dialog.h: a segment's name and criteria, with how many members match as they are
 * chosen: for a new segment (from the Members page's current filter) or one to edit. */
#pragma once

#include <adwaita.h>

#include "core/members/co-segment.h"

G_BEGIN_DECLS

#define CO_TYPE_SEGMENT_DIALOG (co_segment_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CoSegmentDialog, co_segment_dialog, CO, SEGMENT_DIALOG, AdwWindow)

/* @segment_id 0: a new segment with the criteria @filter; else that segment, @filter ignored.
 * @group_id: the group whose tiers can be chosen and whose members are counted (0: every
 * group, no tier). ::saved (gint64 segment_id) once written. */
CoSegmentDialog *co_segment_dialog_new       (GtkWindow             *parent,
                                              CoStore               *store,
                                              gint64                 group_id,
                                              gint64                 segment_id,
                                              const CoSegmentFilter *filter);
/* For tests: the count shown, -1 while counting. */
gint64           co_segment_dialog_get_count (CoSegmentDialog       *self);

G_END_DECLS
