/* co-sop-section.h: Today's SOP tasks (core/sop/co-sop-tasks.h): those due now, overdue and
 * coming today, for one person of the team or everyone, read in a worker, each with Copy (the text with its
 * variables filled, on the clipboard), Sent and Skip (asks why). It keeps the tasks made in a
 * worker as steps, groups, the roster, members or activities change, and while the app runs sends
 * a desktop notification (with Copy and Sent) when a task comes due, and one summary of the
 * overdue tasks at start. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_SOP_SECTION (co_sop_section_get_type ())
G_DECLARE_FINAL_TYPE (CoSopSection, co_sop_section, CO, SOP_SECTION, AdwPreferencesGroup)

GtkWidget *co_sop_section_new     (CoStore      *store);
/* Reads the tasks again now, in a worker (tests, benchmarks). */
void       co_sop_section_reload  (CoSopSection *self);
/* Whether the tasks are being made in a worker. */
gboolean   co_sop_section_is_expanding (CoSopSection *self);
/* Whether the tasks are being read in a worker, a reading is due, or rows wait to be shown. */
gboolean   co_sop_section_is_reading   (CoSopSection *self);

G_END_DECLS
