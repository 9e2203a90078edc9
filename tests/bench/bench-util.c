/* bench-util.c: timing and printing the benchmarks' figures. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench-util.h"

gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

double
to_ms (gint64 us)
{
  return us / 1000.0;
}

double
to_s (gint64 us)
{
  return us / 1000000.0;
}

/* 1234567 → "1,234,567" */
char *
fmt_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n < 0 ? -(guint64) n : (guint64) n);
  GString *out = g_string_new (n < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* The value below which @permille of @values lie (nearest rank). */
gint64
percentile (GArray *values,
            guint   permille)
{
  g_autoptr(GArray) sorted = NULL;
  guint rank;

  if (values->len == 0)
    return 0;
  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_int64);
  rank = (values->len * permille + 999) / 1000;
  return g_array_index (sorted, gint64, CLAMP (rank, 1, values->len) - 1);
}

guint
count_over (GArray *values,
            gint64  limit)
{
  guint n = 0;

  for (guint i = 0; i < values->len; i++)
    if (g_array_index (values, gint64, i) > limit)
      n++;
  return n;
}

void
print_spread (const char *label,
              GArray     *values)
{
  printf ("  %-34s p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (n=%u)\n", label,
          to_ms (percentile (values, 500)), to_ms (percentile (values, 990)),
          to_ms (percentile (values, 1000)), values->len);
}

void
append_us (GArray *values,
           gint64  us)
{
  g_array_append_val (values, us);
}

GArray *
new_times (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}
