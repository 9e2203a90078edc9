/* co-date.c: dates are stored as ISO `YYYY-MM-DD`; users type them as Chinese spreadsheets
 * and forms write them (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/formats/co-date.h"

/* Returns @text as an ISO date, or NULL when it is not a valid calendar date. */
char *
co_date_parse (const char *text)
{
  g_autofree char *trimmed = NULL;
  guint64 parts[3];
  const char *p;
  int n = 0;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  p = trimmed;

  while (n < 3)
    {
      char *end = NULL;

      if (!g_ascii_isdigit (*p))
        return NULL;
      parts[n] = g_ascii_strtoull (p, &end, 10);
      /* Four digits for the year ("25/3/1" is ambiguous), at most two for month and day. */
      if ((n == 0 && end - p != 4) || (n > 0 && end - p > 2))
        return NULL;
      n++;
      p = end;

      if (n == 3)
        break;
      if (*p == '-' || *p == '/' || *p == '.')
        p++;
      else if (g_str_has_prefix (p, n == 1 ? "年" : "月"))
        p += strlen ("年");
      else
        return NULL;
    }
  if (g_str_has_prefix (p, "日"))
    p += strlen ("日");
  if (*p != '\0')
    return NULL;

  if (parts[0] < 1 || parts[0] > 9999 || parts[1] < 1 || parts[1] > 12 || parts[2] < 1 ||
      parts[2] > 31 || !g_date_valid_dmy ((GDateDay) parts[2], (GDateMonth) parts[1],
                                          (GDateYear) parts[0]))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", (guint) parts[0], (guint) parts[1], (guint) parts[2]);
}

/* An ISO date in the user's locale, e.g. 2024年3月5日 or 03/05/2024. */
char *
co_date_format_display (const char *iso_date)
{
  g_autofree char *valid = co_date_parse (iso_date);
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  if (valid == NULL || sscanf (valid, "%d-%d-%d", &y, &m, &d) != 3)
    return NULL;
  /* A date has no time zone; GLib 2.74 looks for the local one on disk each time it is asked
   * (a stat() per call: 4% of the main thread's time while the members list filled its rows). */
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  return dt ? g_date_time_format (dt, "%x") : NULL;
}

/* A stored UTC moment shown as local date and time. */
char *
co_date_time_format_display (const char *iso_moment)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso_moment == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (iso_moment, NULL);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%x %H:%M");
}

char *
co_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static char *
shift (const char *iso_date,
       int         days,
       int         months)
{
  GDate date;
  char buffer[11];

  g_date_clear (&date, 1);
  if (iso_date != NULL)
    g_date_set_parse (&date, iso_date);
  if (!g_date_valid (&date))
    return NULL;
  if (days > 0)
    g_date_add_days (&date, (guint) days);
  else if (days < 0)
    g_date_subtract_days (&date, (guint) -days);
  if (months > 0)
    g_date_add_months (&date, (guint) months);
  else if (months < 0)
    g_date_subtract_months (&date, (guint) -months);
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", &date);
  return g_strdup (buffer);
}

char *
co_date_add_days (const char *iso_date,
                  int         days)
{
  return shift (iso_date, days, 0);
}

char *
co_date_add_months (const char *iso_date,
                    int         months)
{
  return shift (iso_date, 0, months);
}
