/* co-chart.c: a chart of co-chart-draw.h in a widget: the widget's font and colour, the light
 * or dark palette, and the values under the pointer. */
#include "config.h"

#include <adwaita.h>

#include "gui/widgets/co-chart.h"

#define LINE_CHART_HEIGHT 280

struct _CoChart
{
  GtkWidget    parent_instance;

  CoChartData *data;
  gboolean     hovering;
  double       hover_x;
  double       hover_y;
};

G_DEFINE_FINAL_TYPE (CoChart, co_chart, GTK_TYPE_WIDGET)

static CoChartStyle
widget_style (CoChart *self)
{
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &color);
  return (CoChartStyle) {
    gtk_widget_get_pango_context (GTK_WIDGET (self)),
    { color.red, color.green, color.blue, color.alpha },
    adw_style_manager_get_dark (adw_style_manager_get_default ()),
  };
}

char *
co_chart_dup_hover_text (CoChart *self,
                         double   x,
                         double   y)
{
  CoChartStyle style;

  g_return_val_if_fail (CO_IS_CHART (self), NULL);

  style = widget_style (self);
  return co_chart_hover_text (self->data, &style, gtk_widget_get_width (GTK_WIDGET (self)),
                              gtk_widget_get_height (GTK_WIDGET (self)), x, y);
}

static void
co_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  CoChart *self = CO_CHART (widget);
  CoChartStyle style = widget_style (self);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  co_chart_draw (self->data, &style, cr, width, height, self->hovering, self->hover_x, self->hover_y);
  cairo_destroy (cr);
}

static void
co_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  CoChart *self = CO_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 600;
    }
  else if (co_chart_data_is_bars (self->data))
    *minimum = *natural = co_chart_data_is_empty (self->data) ? 80 : (int) co_chart_data_bars_height (self->data);
  else
    *minimum = *natural = LINE_CHART_HEIGHT;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           CoChart                  *self)
{
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *controller,
          CoChart                  *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_data (CoChart     *self,
          CoChartData *data)
{
  g_clear_pointer (&self->data, co_chart_data_free);
  self->data = data;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
co_chart_set_lines (CoChart    *self,
                    CoStep      step,
                    const char *unit,
                    const char *from,
                    const char *to)
{
  g_return_if_fail (CO_IS_CHART (self));

  set_data (self, co_chart_data_new_lines (step, unit, from, to));
}

void
co_chart_add_series (CoChart    *self,
                     const char *label,
                     GArray     *points)
{
  g_return_if_fail (CO_IS_CHART (self));

  co_chart_data_add_series (self->data, label, points);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
co_chart_set_bars (CoChart            *self,
                   const char         *legend,
                   const char         *unit,
                   const char * const *labels,
                   const double       *values,
                   guint               n_values)
{
  g_return_if_fail (CO_IS_CHART (self));

  set_data (self, co_chart_data_new_bars (legend, unit, labels, values, n_values));
}

CoChart *
co_chart_new (void)
{
  return g_object_new (CO_TYPE_CHART, NULL);
}

static void
co_chart_finalize (GObject *object)
{
  CoChart *self = CO_CHART (object);

  g_clear_pointer (&self->data, co_chart_data_free);
  G_OBJECT_CLASS (co_chart_parent_class)->finalize (object);
}

static void
co_chart_class_init (CoChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = co_chart_finalize;
  widget_class->snapshot = co_chart_snapshot;
  widget_class->measure = co_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
co_chart_init (CoChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->data = co_chart_data_new_lines (CO_STEP_DAY, "", NULL, NULL);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  /* Light and dark palettes differ. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}
