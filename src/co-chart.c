/* co-chart.c: lines over time and bars across groups, drawn with cairo and pango. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "co-chart.h"

#define PAD 8.0
#define LEGEND_HEIGHT 26.0
#define BAR_ROW 28.0
#define LINE_CHART_HEIGHT 280

typedef struct
{
  char   *label;
  GArray *points;  /* CoTrendPoint */
  GArray *days;    /* guint32 Julian day of each point */
} Series;

struct _CoChart
{
  GtkWidget  parent_instance;

  gboolean   bars;
  CoStep     step;
  guint32    first_day;  /* the period's, for the axis */
  guint32    last_day;
  char      *unit;
  GPtrArray *series;   /* Series */
  char      *legend;
  GStrv      labels;
  GArray    *values;   /* double */
  gboolean   hovering;
  double     hover_x;
  double     hover_y;
};

G_DEFINE_FINAL_TYPE (CoChart, co_chart, GTK_TYPE_WIDGET)

/* Readable on both light and dark backgrounds: GNOME's palette, the lighter shades in dark. */
static const char *const light_palette[] = { "#1c71d8", "#e66100", "#26a269", "#813d9c", "#c01c28" };
static const char *const dark_palette[] = { "#62a0ea", "#ffa348", "#57e389", "#c061cb", "#f66151" };

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->label);
  g_array_unref (series->points);
  g_array_unref (series->days);
  g_free (series);
}

static guint32
julian (const char *iso)
{
  GDate date;

  if (iso == NULL)
    return 0;
  g_date_clear (&date, 1);
  g_date_set_parse (&date, iso);
  return g_date_valid (&date) ? g_date_get_julian (&date) : 0;
}

static void
set_color (cairo_t     *cr,
           const GdkRGBA *color,
           double       alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static GdkRGBA
series_color (guint index)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const char *const *palette = dark ? dark_palette : light_palette;
  GdkRGBA color;

  gdk_rgba_parse (&color, palette[index % G_N_ELEMENTS (light_palette)]);
  return color;
}

static GdkRGBA
foreground (CoChart *self)
{
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &color);
  return color;
}

/* A step between axis ticks of 1, 2 or 5 times a power of ten. */
static double
nice_step (double max,
           int    ticks)
{
  double raw = max / ticks;
  double magnitude = pow (10, floor (log10 (raw)));
  double fraction = raw / magnitude;

  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
}

static char *
format_value (double value)
{
  if (fabs (value - round (value)) < 1e-9)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.1f", value);
}

static PangoLayout *
make_layout (CoChart    *self,
             const char *text,
             gboolean    small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (small)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static int
text_width (CoChart    *self,
            const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static gboolean is_empty (CoChart *self);

/* ---- lines ------------------------------------------------------------------------------- */

typedef struct
{
  double  left, top, right, bottom;
  double  y_max, y_step;
  guint32 first_day, last_day;
} Frame;

static gboolean
lines_frame (CoChart *self,
             double   width,
             double   height,
             Frame   *frame)
{
  double max = 0;
  g_autofree char *top_label = NULL;

  frame->first_day = self->first_day ? self->first_day : G_MAXUINT32;
  frame->last_day = self->last_day;
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = self->series->pdata[s];
      for (guint i = 0; i < series->points->len; i++)
        {
          guint32 day = g_array_index (series->days, guint32, i);
          max = MAX (max, g_array_index (series->points, CoTrendPoint, i).value);
          frame->first_day = MIN (frame->first_day, day);
          frame->last_day = MAX (frame->last_day, day);
        }
    }
  if (is_empty (self))
    return FALSE;
  frame->y_step = max > 0 ? nice_step (max, 4) : 1;
  frame->y_max = MAX (ceil (max / frame->y_step), 1) * frame->y_step;
  top_label = format_value (frame->y_max);
  frame->left = PAD + MAX (text_width (self, top_label), text_width (self, self->unit)) + PAD;
  frame->right = width - PAD * 2;
  frame->top = LEGEND_HEIGHT + 28;  /* the unit above the axis, clear of the top value */
  frame->bottom = height - 24;
  return frame->right > frame->left + 20 && frame->bottom > frame->top + 20;
}

static double
x_of_day (const Frame *frame,
          guint32      day)
{
  if (frame->last_day == frame->first_day)
    return (frame->left + frame->right) / 2;
  return frame->left + (frame->right - frame->left) * (day - frame->first_day) /
                       (double) (frame->last_day - frame->first_day);
}

static double
y_of_value (const Frame *frame,
            double       value)
{
  return frame->bottom - (frame->bottom - frame->top) * value / frame->y_max;
}

static guint
bucket_days (CoStep step)
{
  return step == CO_STEP_DAY ? 1 : step == CO_STEP_WEEK ? 7 : 31;
}

/* The point nearest to @x (by day) over every series, and its day. */
static gboolean
nearest_day (CoChart     *self,
             const Frame *frame,
             double       x,
             guint32     *day)
{
  double best = G_MAXDOUBLE;

  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = self->series->pdata[s];
      for (guint i = 0; i < series->days->len; i++)
        {
          guint32 candidate = g_array_index (series->days, guint32, i);
          double distance = fabs (x_of_day (frame, candidate) - x);
          if (distance < best)
            {
              best = distance;
              *day = candidate;
            }
        }
    }
  return best < G_MAXDOUBLE;
}

static char *
lines_hover_text (CoChart     *self,
                  const Frame *frame,
                  guint32      day)
{
  GString *text = g_string_new (NULL);

  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = self->series->pdata[s];
      for (guint i = 0; i < series->days->len; i++)
        if (g_array_index (series->days, guint32, i) == day)
          {
            CoTrendPoint *point = &g_array_index (series->points, CoTrendPoint, i);
            g_autofree char *value = format_value (point->value);
            if (text->len == 0)
              g_string_append (text, point->start);
            /* TRANSLATORS: a line of a chart's hover box: series name, value, unit. */
            g_string_append_printf (text, _("\n%s: %s %s"), series->label, value, self->unit);
          }
    }
  return g_string_free (text, text->len == 0);
}

static void
draw_legend (CoChart *self,
             cairo_t *cr,
             double   width)
{
  GdkRGBA fg = foreground (self);
  double x = PAD;

  for (guint s = 0; s < (self->bars ? 1 : self->series->len); s++)
    {
      const char *label = self->bars ? self->legend : ((Series *) self->series->pdata[s])->label;
      g_autoptr(PangoLayout) layout = make_layout (self, label, TRUE);
      GdkRGBA color = series_color (s);
      int text_w, text_h;

      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, x, 8, 12, 12);
      cairo_fill (cr);
      set_color (cr, &fg, 0.85);
      show_text (cr, layout, x + 18, 14 - text_h / 2.0);
      x += 18 + text_w + 20;
      if (x > width)
        break;
    }
}

static void
draw_lines (CoChart *self,
            cairo_t *cr,
            double   width,
            double   height)
{
  GdkRGBA fg = foreground (self);
  Frame frame;
  gboolean long_range;
  double last_label_end = -G_MAXDOUBLE;

  if (!lines_frame (self, width, height, &frame))
    return;
  /* More than about three months of days or weeks: one label a month. */
  long_range = frame.last_day - frame.first_day > 100;

  /* The unit, grid and y labels. */
  {
    g_autoptr(PangoLayout) unit = make_layout (self, self->unit, TRUE);
    set_color (cr, &fg, 0.7);
    show_text (cr, unit, PAD, LEGEND_HEIGHT);
  }
  cairo_set_line_width (cr, 1);
  for (double value = 0; value <= frame.y_max + frame.y_step / 2; value += frame.y_step)
    {
      double y = round (y_of_value (&frame, value)) + 0.5;
      g_autofree char *text = format_value (value);
      g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);
      int text_w, text_h;

      set_color (cr, &fg, value == 0 ? 0.45 : 0.12);
      cairo_move_to (cr, frame.left, y);
      cairo_line_to (cr, frame.right, y);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      set_color (cr, &fg, 0.7);
      show_text (cr, layout, frame.left - PAD - text_w, y - text_h / 2.0);
    }

  /* X labels from the calendar, not the figures: the period's days (or weeks) when they have
   * room, each month's first day on a long period or by month. */
  for (guint32 day = frame.first_day; day <= frame.last_day; day++)
    {
      GDate date;
      char text[16];
      double x = x_of_day (&frame, day);
      g_autoptr(PangoLayout) layout = NULL;
      int text_w, text_h;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, day);
      if (long_range || self->step == CO_STEP_MONTH)
        {
          if (g_date_get_day (&date) != 1)
            continue;
          g_date_strftime (text, sizeof text, "%Y-%m", &date);
        }
      else
        {
          if (self->step == CO_STEP_WEEK && (day - frame.first_day) % 7 != 0)
            continue;
          g_date_strftime (text, sizeof text, "%m-%d", &date);
        }
      layout = make_layout (self, text, TRUE);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      if (x - text_w / 2.0 < last_label_end + 12 || x + text_w / 2.0 > width)
        continue;
      set_color (cr, &fg, 0.7);
      show_text (cr, layout, MAX (0, x - text_w / 2.0), frame.bottom + 4);
      set_color (cr, &fg, 0.45);
      cairo_move_to (cr, round (x) + 0.5, frame.bottom);
      cairo_line_to (cr, round (x) + 0.5, frame.bottom + 3);
      cairo_stroke (cr);
      last_label_end = x + text_w / 2.0;
    }

  /* The lines, broken where buckets are missing; dots where a point stands alone or few. */
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = self->series->pdata[s];
      GdkRGBA color = series_color (s);
      gboolean dots = series->points->len <= 60;

      gdk_cairo_set_source_rgba (cr, &color);
      for (guint i = 0; i < series->points->len; i++)
        {
          guint32 day = g_array_index (series->days, guint32, i);
          double x = x_of_day (&frame, day);
          double y = y_of_value (&frame, g_array_index (series->points, CoTrendPoint, i).value);
          gboolean joined = i > 0 && day - g_array_index (series->days, guint32, i - 1) <= bucket_days (self->step);

          if (joined)
            cairo_line_to (cr, x, y);
          else
            {
              cairo_stroke (cr);
              cairo_move_to (cr, x, y);
            }
          if (dots || (!joined && (i + 1 == series->points->len ||
                                   g_array_index (series->days, guint32, i + 1) - day > bucket_days (self->step))))
            {
              cairo_stroke (cr);
              cairo_arc (cr, x, y, 3, 0, 2 * G_PI);
              cairo_fill (cr);
              cairo_move_to (cr, x, y);
            }
        }
      cairo_stroke (cr);
    }

  /* The values under the pointer. */
  if (self->hovering)
    {
      guint32 day;
      g_autofree char *text = NULL;

      if (self->hover_x >= frame.left - PAD && self->hover_x <= frame.right + PAD &&
          nearest_day (self, &frame, self->hover_x, &day) &&
          (text = lines_hover_text (self, &frame, day)) != NULL)
        {
          double x = x_of_day (&frame, day);
          g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);
          int text_w, text_h;
          double box_x;

          set_color (cr, &fg, 0.5);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, round (x) + 0.5, frame.top);
          cairo_line_to (cr, round (x) + 0.5, frame.bottom);
          cairo_stroke (cr);
          pango_layout_get_pixel_size (layout, &text_w, &text_h);
          box_x = x + 10 + text_w + 12 > width ? x - 10 - text_w - 12 : x + 10;
          {
            gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
            cairo_set_source_rgba (cr, dark ? 0.2 : 1, dark ? 0.2 : 1, dark ? 0.2 : 1, 0.95);
          }
          cairo_rectangle (cr, box_x, frame.top + 4, text_w + 12, text_h + 8);
          cairo_fill_preserve (cr);
          set_color (cr, &fg, 0.3);
          cairo_stroke (cr);
          set_color (cr, &fg, 1);
          show_text (cr, layout, box_x + 6, frame.top + 8);
        }
    }
}

/* ---- bars -------------------------------------------------------------------------------- */

static double
bars_label_width (CoChart *self,
                  double   width)
{
  double widest = 0;

  for (guint i = 0; self->labels && self->labels[i]; i++)
    widest = MAX (widest, text_width (self, self->labels[i]));
  return MIN (widest, width * 0.35);
}

static int
bar_at (CoChart *self,
        double   y)
{
  int row = (int) floor ((y - LEGEND_HEIGHT - PAD) / BAR_ROW);

  return row >= 0 && (guint) row < self->values->len ? row : -1;
}

static void
draw_bars (CoChart *self,
           cairo_t *cr,
           double   width)
{
  GdkRGBA fg = foreground (self);
  GdkRGBA color = series_color (0);
  double label_width = bars_label_width (self, width);
  double max = 0, value_width = 0, bar_left, bar_room;
  int hovered = self->hovering ? bar_at (self, self->hover_y) : -1;

  for (guint i = 0; i < self->values->len; i++)
    {
      g_autofree char *text = format_value (g_array_index (self->values, double, i));
      max = MAX (max, g_array_index (self->values, double, i));
      value_width = MAX (value_width, text_width (self, text));
    }
  bar_left = PAD + label_width + PAD;
  bar_room = MAX (width - bar_left - value_width - 2 * PAD, 10);
  for (guint i = 0; i < self->values->len; i++)
    {
      double value = g_array_index (self->values, double, i);
      double top = LEGEND_HEIGHT + PAD + i * BAR_ROW;
      double length = max > 0 ? bar_room * value / max : 0;
      g_autofree char *text = format_value (value);
      g_autoptr(PangoLayout) label = make_layout (self, self->labels[i], TRUE);
      g_autoptr(PangoLayout) number = make_layout (self, text, TRUE);
      int text_h;

      if ((int) i == hovered)
        {
          set_color (cr, &fg, 0.08);
          cairo_rectangle (cr, 0, top, width, BAR_ROW);
          cairo_fill (cr);
        }
      pango_layout_set_width (label, (int) (label_width * PANGO_SCALE));
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, NULL, &text_h);
      set_color (cr, &fg, 0.85);
      show_text (cr, label, PAD, top + (BAR_ROW - text_h) / 2);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, bar_left, top + 5, MAX (length, 1), BAR_ROW - 10);
      cairo_fill (cr);
      set_color (cr, &fg, 0.85);
      show_text (cr, number, bar_left + length + PAD / 2, top + (BAR_ROW - text_h) / 2);
    }
  if (self->unit && *self->unit)
    {
      g_autoptr(PangoLayout) unit = make_layout (self, self->unit, TRUE);
      int text_w;
      pango_layout_get_pixel_size (unit, &text_w, NULL);
      set_color (cr, &fg, 0.7);
      show_text (cr, unit, width - PAD - text_w, 8);
    }
}

/* ---- widget ------------------------------------------------------------------------------ */

static gboolean
is_empty (CoChart *self)
{
  if (self->bars)
    return self->values->len == 0;
  for (guint s = 0; s < self->series->len; s++)
    if (((Series *) self->series->pdata[s])->points->len > 0)
      return FALSE;
  return TRUE;
}

char *
co_chart_dup_hover_text (CoChart *self,
                         double   x,
                         double   y)
{
  g_return_val_if_fail (CO_IS_CHART (self), NULL);

  if (is_empty (self))
    return NULL;
  if (self->bars)
    {
      int row = bar_at (self, y);
      g_autofree char *value = NULL;

      if (row < 0)
        return NULL;
      value = format_value (g_array_index (self->values, double, row));
      return g_strdup_printf ("%s: %s %s", self->labels[row], value, self->unit);
    }
  else
    {
      Frame frame;
      guint32 day;

      if (!lines_frame (self, gtk_widget_get_width (GTK_WIDGET (self)),
                        gtk_widget_get_height (GTK_WIDGET (self)), &frame) ||
          !nearest_day (self, &frame, x, &day))
        return NULL;
      return lines_hover_text (self, &frame, day);
    }
}

static void
co_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  CoChart *self = CO_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (is_empty (self))
    {
      GdkRGBA fg = foreground (self);
      g_autoptr(PangoLayout) layout = make_layout (self, _("No figures in this period"), FALSE);
      int text_w, text_h;

      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      set_color (cr, &fg, 0.55);
      show_text (cr, layout, (width - text_w) / 2, (height - text_h) / 2);
    }
  else
    {
      draw_legend (self, cr, width);
      if (self->bars)
        draw_bars (self, cr, width);
      else
        draw_lines (self, cr, width, height);
    }
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
  else if (self->bars && self->values->len > 0)
    *minimum = *natural = (int) (LEGEND_HEIGHT + 2 * PAD + self->values->len * BAR_ROW);
  else
    *minimum = *natural = self->bars ? 80 : LINE_CHART_HEIGHT;
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
clear (CoChart *self)
{
  g_ptr_array_set_size (self->series, 0);
  g_array_set_size (self->values, 0);
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->legend, g_free);
  g_clear_pointer (&self->unit, g_free);
}

void
co_chart_set_lines (CoChart    *self,
                    CoStep      step,
                    const char *unit,
                    const char *from,
                    const char *to)
{
  g_return_if_fail (CO_IS_CHART (self));

  clear (self);
  self->bars = FALSE;
  self->step = step;
  self->first_day = julian (from);
  self->last_day = julian (to);
  self->unit = g_strdup (unit);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
co_chart_add_series (CoChart    *self,
                     const char *label,
                     GArray     *points)
{
  Series *series;

  g_return_if_fail (CO_IS_CHART (self));
  g_return_if_fail (!self->bars);

  series = g_new0 (Series, 1);
  series->label = g_strdup (label);
  series->points = g_array_copy (points);
  series->days = g_array_sized_new (FALSE, FALSE, sizeof (guint32), points->len);
  for (guint i = 0; i < points->len; i++)
    {
      guint32 day = julian (g_array_index (points, CoTrendPoint, i).start);
      g_array_append_val (series->days, day);
    }
  g_ptr_array_add (self->series, series);
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

  clear (self);
  self->bars = TRUE;
  self->legend = g_strdup (legend);
  self->unit = g_strdup (unit);
  self->labels = g_strdupv ((char **) labels);
  g_array_append_vals (self->values, values, n_values);
  gtk_widget_queue_resize (GTK_WIDGET (self));
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

  clear (self);
  g_ptr_array_unref (self->series);
  g_array_unref (self->values);
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

  self->series = g_ptr_array_new_with_free_func (series_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  self->unit = g_strdup ("");
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  /* Light and dark palettes differ. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}
