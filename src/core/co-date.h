/* co-date.h: calendar dates as users type them and as the database stores them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *co_date_parse          (const char *text);
char *co_date_format_display (const char *iso_date);
char *co_date_time_format_display (const char *iso_moment);

G_END_DECLS
