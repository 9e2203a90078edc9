/* co-date.h: calendar dates as users type them and as the database stores them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *co_date_parse          (const char *text);
char *co_date_format_display (const char *iso_date);
char *co_date_time_format_display (const char *iso_moment);

/* Local today as ISO; an ISO date @days (or @months, kept within the month) later; NULL for a
 * date that is not one. */
char *co_date_today          (void);
char *co_date_add_days       (const char *iso_date,
                              int         days);
char *co_date_add_months     (const char *iso_date,
                              int         months);

G_END_DECLS
