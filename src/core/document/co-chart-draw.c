/* co-chart-draw.c: lines over time and bars across groups. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "core/document/co-chart-draw.h"

#define PAD 8.0
#define LEGEND_HEIGHT 26.0
#define BAR_ROW 28.0

typedef struct
{
  char   *label;
  GArray *points;  /* CoTrendPoint */
  GArray *days;    /* guint32 Julian day of each point */
} Series;

struct _CoChartData
{
  gboolean   bars;
  CoStep     step;
  guint32    first_day;  /* the period's, for the axis */
  guint32    last_day;
  char      *unit;
  GPtrArray *series;   /* Series */
  char      *legend;
  GStrv      labels;
  GArray    *values;   /* double */
};

/* Readable on both light and dark backgrounds: GNOME's palette, the lighter shades in dark. */
static const guint32 light_palette[] = { 0x1c71d8, 0xe66100, 0x26a269, 0x813d9c, 0xc01c28 };
static const guint32 dark_palette[] = { 0x62a0ea, 0xffa348, 0x57e389, 0xc061cb, 0xf66151 };

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
set_color (cairo_t      *cr,
           const CoRgba *color,
           double        alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static CoRgba
series_color (const CoChartStyle *style,
              guint               index)
{
  guint32 rgb = (style->dark ? dark_palette : light_palette)[index % G_N_ELEMENTS (light_palette)];

  return (CoRgba) { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0, 1 };
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
make_layout (const CoChartStyle *style,
             const char         *text,
             gboolean    small)
{
  PangoLayout *layout = pango_layout_new (style->context);

  pango_layout_set_text (layout, text, -1);

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
text_width (const CoChartStyle *style,
            const char         *text)
{
  g_autoptr(PangoLayout) layout = make_layout (style, text, TRUE);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}



/* ---- lines ------------------------------------------------------------------------------- */

typedef struct
{
  double  left, top, right, bottom;
  double  y_max, y_step;
  guint32 first_day, last_day;
} Frame;

static gboolean
lines_frame (const CoChartData  *self,
             const CoChartStyle *style,
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
  if (co_chart_data_is_empty (self))
    return FALSE;
  frame->y_step = max > 0 ? nice_step (max, 4) : 1;
  frame->y_max = MAX (ceil (max / frame->y_step), 1) * frame->y_step;
  top_label = format_value (frame->y_max);
  frame->left = PAD + MAX (text_width (style, top_label), text_width (style, self->unit)) + PAD;
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
nearest_day (const CoChartData *self,
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
lines_hover_text (const CoChartData *self,
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
draw_legend (const CoChartData  *self,
             const CoChartStyle *style,
             cairo_t *cr,
             double   width)
{
  const CoRgba *fg = &style->foreground;
  double x = PAD;

  for (guint s = 0; s < (self->bars ? 1 : self->series->len); s++)
    {
      const char *label = self->bars ? self->legend : ((Series *) self->series->pdata[s])->label;
      g_autoptr(PangoLayout) layout = make_layout (style, label, TRUE);
      CoRgba color = series_color (style, s);
      int text_w, text_h;

      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      set_color (cr, &color, 1);
      cairo_rectangle (cr, x, 8, 12, 12);
      cairo_fill (cr);
      set_color (cr, fg, 0.85);
      show_text (cr, layout, x + 18, 14 - text_h / 2.0);
      x += 18 + text_w + 20;
      if (x > width)
        break;
    }
}

static void
draw_lines (const CoChartData  *self,
            const CoChartStyle *style,
            cairo_t *cr,
            double   width,
            double   height,
            gboolean hovering,
            double   hover_x)
{
  const CoRgba *fg = &style->foreground;
  Frame frame;
  gboolean long_range;
  double last_label_end = -G_MAXDOUBLE;

  if (!lines_frame (self, style, width, height, &frame))
    return;
  /* More than about three months of days or weeks: one label a month. */
  long_range = frame.last_day - frame.first_day > 100;

  /* The unit, grid and y labels. */
  {
    g_autoptr(PangoLayout) unit = make_layout (style, self->unit, TRUE);
    set_color (cr, fg, 0.7);
    show_text (cr, unit, PAD, LEGEND_HEIGHT);
  }
  cairo_set_line_width (cr, 1);
  for (double value = 0; value <= frame.y_max + frame.y_step / 2; value += frame.y_step)
    {
      double y = round (y_of_value (&frame, value)) + 0.5;
      g_autofree char *text = format_value (value);
      g_autoptr(PangoLayout) layout = make_layout (style, text, TRUE);
      int text_w, text_h;

      set_color (cr, fg, value == 0 ? 0.45 : 0.12);
      cairo_move_to (cr, frame.left, y);
      cairo_line_to (cr, frame.right, y);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      set_color (cr, fg, 0.7);
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
      layout = make_layout (style, text, TRUE);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      if (x - text_w / 2.0 < last_label_end + 12 || x + text_w / 2.0 > width)
        continue;
      set_color (cr, fg, 0.7);
      show_text (cr, layout, MAX (0, x - text_w / 2.0), frame.bottom + 4);
      set_color (cr, fg, 0.45);
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
      CoRgba color = series_color (style, s);
      gboolean dots = series->points->len <= 60;

      set_color (cr, &color, 1);
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
  if (hovering)
    {
      guint32 day;
      g_autofree char *text = NULL;

      if (hover_x >= frame.left - PAD && hover_x <= frame.right + PAD &&
          nearest_day (self, &frame, hover_x, &day) &&
          (text = lines_hover_text (self, &frame, day)) != NULL)
        {
          double x = x_of_day (&frame, day);
          g_autoptr(PangoLayout) layout = make_layout (style, text, TRUE);
          int text_w, text_h;
          double box_x;

          set_color (cr, fg, 0.5);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, round (x) + 0.5, frame.top);
          cairo_line_to (cr, round (x) + 0.5, frame.bottom);
          cairo_stroke (cr);
          pango_layout_get_pixel_size (layout, &text_w, &text_h);
          box_x = x + 10 + text_w + 12 > width ? x - 10 - text_w - 12 : x + 10;
          cairo_set_source_rgba (cr, style->dark ? 0.2 : 1, style->dark ? 0.2 : 1, style->dark ? 0.2 : 1, 0.95);
          cairo_rectangle (cr, box_x, frame.top + 4, text_w + 12, text_h + 8);
          cairo_fill_preserve (cr);
          set_color (cr, fg, 0.3);
          cairo_stroke (cr);
          set_color (cr, fg, 1);
          show_text (cr, layout, box_x + 6, frame.top + 8);
        }
    }
}

/* ---- bars -------------------------------------------------------------------------------- */

static double
bars_label_width (const CoChartData  *self,
                  const CoChartStyle *style,
                  double   width)
{
  double widest = 0;

  for (guint i = 0; self->labels && self->labels[i]; i++)
    widest = MAX (widest, text_width (style, self->labels[i]));
  return MIN (widest, width * 0.35);
}

static int
bar_at (const CoChartData *self,
        double   y)
{
  int row = (int) floor ((y - LEGEND_HEIGHT - PAD) / BAR_ROW);

  return row >= 0 && (guint) row < self->values->len ? row : -1;
}

static void
draw_bars (const CoChartData  *self,
           const CoChartStyle *style,
           cairo_t *cr,
           double   width,
           gboolean hovering,
           double   hover_y)
{
  const CoRgba *fg = &style->foreground;
  CoRgba color = series_color (style, 0);
  double label_width = bars_label_width (self, style, width);
  double max = 0, value_width = 0, bar_left, bar_room;
  int hovered = hovering ? bar_at (self, hover_y) : -1;

  for (guint i = 0; i < self->values->len; i++)
    {
      g_autofree char *text = format_value (g_array_index (self->values, double, i));
      max = MAX (max, g_array_index (self->values, double, i));
      value_width = MAX (value_width, text_width (style, text));
    }
  bar_left = PAD + label_width + PAD;
  bar_room = MAX (width - bar_left - value_width - 2 * PAD, 10);
  for (guint i = 0; i < self->values->len; i++)
    {
      double value = g_array_index (self->values, double, i);
      double top = LEGEND_HEIGHT + PAD + i * BAR_ROW;
      double length = max > 0 ? bar_room * value / max : 0;
      g_autofree char *text = format_value (value);
      g_autoptr(PangoLayout) label = make_layout (style, self->labels[i], TRUE);
      g_autoptr(PangoLayout) number = make_layout (style, text, TRUE);
      int text_h;

      if ((int) i == hovered)
        {
          set_color (cr, fg, 0.08);
          cairo_rectangle (cr, 0, top, width, BAR_ROW);
          cairo_fill (cr);
        }
      pango_layout_set_width (label, (int) (label_width * PANGO_SCALE));
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, NULL, &text_h);
      set_color (cr, fg, 0.85);
      show_text (cr, label, PAD, top + (BAR_ROW - text_h) / 2);
      set_color (cr, &color, 1);
      cairo_rectangle (cr, bar_left, top + 5, MAX (length, 1), BAR_ROW - 10);
      cairo_fill (cr);
      set_color (cr, fg, 0.85);
      show_text (cr, number, bar_left + length + PAD / 2, top + (BAR_ROW - text_h) / 2);
    }
  if (self->unit && *self->unit)
    {
      g_autoptr(PangoLayout) unit = make_layout (style, self->unit, TRUE);
      int text_w;
      pango_layout_get_pixel_size (unit, &text_w, NULL);
      set_color (cr, fg, 0.7);
      show_text (cr, unit, width - PAD - text_w, 8);
    }
}

gboolean
co_chart_data_is_empty (const CoChartData *self)
{
  if (self->bars)
    return self->values->len == 0;
  for (guint s = 0; s < self->series->len; s++)
    if (((Series *) self->series->pdata[s])->points->len > 0)
      return FALSE;
  return TRUE;
}


gboolean
co_chart_data_is_bars (const CoChartData *self)
{
  return self->bars;
}

double
co_chart_data_bars_height (const CoChartData *self)
{
  return LEGEND_HEIGHT + 2 * PAD + self->values->len * BAR_ROW;
}

char *
co_chart_hover_text (const CoChartData  *self,
                     const CoChartStyle *style,
                     double              width,
                     double              height,
                     double              x,
                     double              y)
{
  if (co_chart_data_is_empty (self))
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

      if (!lines_frame (self, style, width, height, &frame) ||
          !nearest_day (self, &frame, x, &day))
        return NULL;
      return lines_hover_text (self, &frame, day);
    }
}


void
co_chart_draw (const CoChartData  *self,
               const CoChartStyle *style,
               cairo_t            *cr,
               double              width,
               double              height,
               gboolean            hovering,
               double              hover_x,
               double              hover_y)
{
  if (co_chart_data_is_empty (self))
    {
      g_autoptr(PangoLayout) layout = make_layout (style, _("No figures in this period"), FALSE);
      int text_w, text_h;

      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      set_color (cr, &style->foreground, 0.55);
      show_text (cr, layout, (width - text_w) / 2, (height - text_h) / 2);
      return;
    }
  draw_legend (self, style, cr, width);
  if (self->bars)
    draw_bars (self, style, cr, width, hovering, hover_y);
  else
    draw_lines (self, style, cr, width, height, hovering, hover_x);
}

static CoChartData *
data_new (void)
{
  CoChartData *self = g_new0 (CoChartData, 1);

  self->series = g_ptr_array_new_with_free_func (series_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  return self;
}

CoChartData *
co_chart_data_new_lines (CoStep      step,
                         const char *unit,
                         const char *from,
                         const char *to)
{
  CoChartData *self = data_new ();

  self->step = step;
  self->unit = g_strdup (unit ? unit : "");
  self->first_day = julian (from);
  self->last_day = julian (to);
  return self;
}

void
co_chart_data_add_series (CoChartData *self,
                          const char  *label,
                          GArray      *points)
{
  Series *series;

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
}

CoChartData *
co_chart_data_new_bars (const char         *legend,
                        const char         *unit,
                        const char * const *labels,
                        const double       *values,
                        guint               n_values)
{
  CoChartData *self = data_new ();

  self->bars = TRUE;
  self->legend = g_strdup (legend);
  self->unit = g_strdup (unit ? unit : "");
  self->labels = g_strdupv ((char **) labels);
  g_array_append_vals (self->values, values, n_values);
  return self;
}

void
co_chart_data_free (CoChartData *self)
{
  g_ptr_array_unref (self->series);
  g_array_unref (self->values);
  g_strfreev (self->labels);
  g_free (self->legend);
  g_free (self->unit);
  g_free (self);
}
