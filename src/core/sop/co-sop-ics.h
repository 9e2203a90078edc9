/* co-sop-ics.h: activities and SOP tasks as an iCalendar file (RFC 5545, written by libical) for
 * GNOME Calendar, Outlook or a phone. */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Writes the activities starting and the SOP tasks due from @from to @to (ISO dates, inclusive)
 * of @group_id (0: every group) to @path, whole or not at all. Timed events are in UTC, an
 * activity without a start time is a whole-day event. */
gboolean co_sop_export_ics (CoStore     *store,
                            const char  *path,
                            gint64       group_id,
                            const char  *from,
                            const char  *to,
                            GError     **error);

G_END_DECLS
