/* co-today-follow-ups.h: Today's "Follow-ups" (待跟进) section: the follow-ups due today or
 * overdue, with the member and the group; Done and Snooze there, the member's window a click away. */
#pragma once

#include <adwaita.h>

#include "gui/today/co-today-section.h"

G_BEGIN_DECLS

/* The follow-ups due today or before, read in Today's worker. */
extern const CoTodaySection co_today_follow_ups_section;

G_END_DECLS
