/* co-chart.h: a report chart (co-chart-draw.h) as a widget: drawn in the widget's font and
 * colour, the palette following the light or dark style, the values under the pointer shown
 * on hover. */
#pragma once

#include <gtk/gtk.h>

#include "core/document/co-chart-draw.h"

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
