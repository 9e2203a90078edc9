/* co-chart.h: the report charts, drawn with cairo: figures over time as lines (one line per
 * series, placed by date so that missing days leave a gap, not a kink), and groups compared
 * as horizontal bars. Axes carry labels and the unit; a legend names the series; the values
 * under the pointer are shown on hover. Colours follow the light or dark style. */
#pragma once

#include <gtk/gtk.h>

#include "co-report.h"

G_BEGIN_DECLS

#define CO_TYPE_CHART (co_chart_get_type ())
G_DECLARE_FINAL_TYPE (CoChart, co_chart, CO, CHART, GtkWidget)

CoChart *co_chart_new         (void);
/* Empties the chart and makes it a line chart of buckets of @step from @from to @to (ISO
 * dates: the axis spans the whole period, figures or not), with @unit on the y axis. */
void     co_chart_set_lines   (CoChart             *self,
                               CoStep               step,
                               const char          *unit,
                               const char          *from,
                               const char          *to);
/* Adds a line; @points (CoTrendPoint) is copied. */
void     co_chart_add_series  (CoChart             *self,
                               const char          *label,
                               GArray              *points);
/* Makes it a bar chart: one bar per label, @legend naming what the bars measure. */
void     co_chart_set_bars    (CoChart             *self,
                               const char          *legend,
                               const char          *unit,
                               const char * const  *labels,
                               const double        *values,
                               guint                n_values);
/* Where the pointer would be for the tests: the hover text at @x, @y, or NULL. */
char    *co_chart_dup_hover_text (CoChart          *self,
                                  double            x,
                                  double            y);

G_END_DECLS
