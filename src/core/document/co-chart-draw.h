/* co-chart-draw.h: the report charts, drawn with cairo and pango and nothing else, so that the
 * Reports page (CoChart) and the PDF report draw the same charts: figures over time as lines
 * (placed by date over the whole period, so that missing days leave a gap, not a kink) and
 * groups compared as horizontal bars; axes with labels and the unit, a legend, and the values
 * under a pointer. */
#pragma once

#include <pango/pangocairo.h>

#include "core/reports/co-report.h"

G_BEGIN_DECLS

typedef struct
{
  double red, green, blue, alpha;
} CoRgba;

typedef struct
{
  PangoContext *context;     /* the font; the chart's text is a little smaller */
  CoRgba        foreground;  /* text and axes */
  gboolean      dark;        /* the palette for a dark background */
} CoChartStyle;

typedef struct _CoChartData CoChartData;

/* Lines of buckets of @step from @from to @to (ISO dates: the axis spans the whole period,
 * figures or not), with @unit on the y axis. */
CoChartData *co_chart_data_new_lines  (CoStep              step,
                                       const char         *unit,
                                       const char         *from,
                                       const char         *to);
/* Adds a line; @points (CoTrendPoint) is copied. */
void         co_chart_data_add_series (CoChartData        *self,
                                       const char         *label,
                                       GArray             *points);
/* One bar per label, @legend naming what the bars measure. */
CoChartData *co_chart_data_new_bars   (const char         *legend,
                                       const char         *unit,
                                       const char * const *labels,
                                       const double       *values,
                                       guint               n_values);
void         co_chart_data_free       (CoChartData        *self);
gboolean     co_chart_data_is_empty   (const CoChartData  *self);
gboolean     co_chart_data_is_bars    (const CoChartData  *self);
/* The height a bar chart needs; line charts take what they are given. */
double       co_chart_data_bars_height (const CoChartData *self);

/* Draws in the rectangle (0, 0, @width, @height); with @hovering, the values at the pointer. */
void         co_chart_draw            (const CoChartData  *self,
                                       const CoChartStyle *style,
                                       cairo_t            *cr,
                                       double              width,
                                       double              height,
                                       gboolean            hovering,
                                       double              hover_x,
                                       double              hover_y);
/* What the pointer at @x, @y shows, or NULL. */
char        *co_chart_hover_text      (const CoChartData  *self,
                                       const CoChartStyle *style,
                                       double              width,
                                       double              height,
                                       double              x,
                                       double              y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoChartData, co_chart_data_free)

G_END_DECLS
