/* bench-util.h: timing and printing the benchmarks' figures. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64  now_us       (void);
double  to_ms        (gint64      us);
double  to_s         (gint64      us);
/* 1234567 → "1,234,567" */
char   *fmt_count    (gint64      n);
/* The value below which @permille of @values (gint64) lie (nearest rank). */
gint64  percentile   (GArray     *values,
                      guint       permille);
guint   count_over   (GArray     *values,
                      gint64      limit);
/* p50, p99 and the largest of @values (µs), in ms. */
void    print_spread (const char *label,
                      GArray     *values);
void    append_us    (GArray     *values,
                      gint64      us);
GArray *new_times    (void);

G_END_DECLS
