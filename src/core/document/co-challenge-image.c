/* co-challenge-image.c: a challenge's leaderboard drawn with pango on a cairo image
 * (co-challenge-image.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "core/chat/co-challenge.h"
#include "core/document/co-challenge-image.h"
#include "core/document/co-report-document.h"

/* In pixels. */
#define MARGIN 64.0
#define HEADER_HEIGHT 330.0
#define COLUMNS_TOP (HEADER_HEIGHT + 32.0)
#define COLUMNS_HEIGHT 64.0
#define ROW_HEIGHT 96.0
#define NUMBER_WIDTH 128.0
#define FOOTER_HEIGHT 150.0

typedef struct { double r, g, b; } Color;

static const Color header_color = { 0.118, 0.420, 0.322 };  /* a deep green */
static const Color background = { 0.984, 0.980, 0.965 };
static const Color stripe = { 0.937, 0.957, 0.945 };
static const Color ink = { 0.122, 0.137, 0.157 };
static const Color quiet = { 0.420, 0.451, 0.478 };
static const Color white = { 1, 1, 1 };
static const Color medals[] = { { 0.878, 0.647, 0.149 }, { 0.612, 0.655, 0.698 }, { 0.761, 0.478, 0.290 } };

typedef struct
{
  cairo_t      *cr;
  PangoContext *context;
  const char   *family;
} Painter;

static void
set_color (cairo_t     *cr,
           const Color *color)
{
  cairo_set_source_rgb (cr, color->r, color->g, color->b);
}

/* @text in @size pixels within @width from @x, its top at @y; ellipsized when too long. */
static void
draw_text (Painter        *p,
           const char     *text,
           double          size,
           gboolean        bold,
           const Color    *color,
           double          x,
           double          y,
           double          width,
           PangoAlignment  alignment)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (p->context);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, p->family);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text, -1);
  set_color (p->cr, color);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
}

/* The same, centred vertically on @middle. */
static void
draw_text_centered (Painter        *p,
                    const char     *text,
                    double          size,
                    gboolean        bold,
                    const Color    *color,
                    double          x,
                    double          middle,
                    double          width,
                    PangoAlignment  alignment)
{
  /* A line of text is about 1.3 times its size high in both fonts. */
  draw_text (p, text, size, bold, color, x, middle - size * 0.65, width, alignment);
}

static void
draw_header (Painter    *p,
             CoItem     *challenge,
             const char *today,
             double      width)
{
  const char *name = co_item_get (challenge, "name");
  g_autofree char *dates = NULL, *status = NULL, *title = NULL;

  co_challenge_describe_days (co_item_get (challenge, "start_date"), co_item_get (challenge, "end_date"), today, &dates, &status);
  set_color (p->cr, &header_color);
  cairo_rectangle (p->cr, 0, 0, width, HEADER_HEIGHT);
  cairo_fill (p->cr);
  /* Translators: above a check-in challenge's name in its leaderboard picture */
  draw_text (p, _("Check-in Leaderboard"), 34, FALSE, &white, MARGIN, 58, width - 2 * MARGIN, PANGO_ALIGN_LEFT);
  title = g_strdup (name != NULL && *name != '\0' ? name : _("Check-in Challenge"));
  draw_text (p, title, 68, TRUE, &white, MARGIN, 108, width - 2 * MARGIN, PANGO_ALIGN_LEFT);
  draw_text (p, dates, 34, FALSE, &white, MARGIN, 214, width - 2 * MARGIN, PANGO_ALIGN_LEFT);
  draw_text (p, status, 34, TRUE, &white, MARGIN, 260, width - 2 * MARGIN, PANGO_ALIGN_LEFT);
}

static void
draw_columns (Painter *p,
              double   width)
{
  double middle = COLUMNS_TOP + COLUMNS_HEIGHT / 2;
  double numbers = width - MARGIN - 3 * NUMBER_WIDTH;

  /* Translators: the columns of a check-in leaderboard picture: rank, member, days checked in, current streak, days missed */
  draw_text_centered (p, C_("leaderboard", "Rank"), 30, FALSE, &quiet, MARGIN, middle, 96, PANGO_ALIGN_CENTER);
  draw_text_centered (p, C_("leaderboard", "Member"), 30, FALSE, &quiet, MARGIN + 120, middle, numbers - MARGIN - 120,
                      PANGO_ALIGN_LEFT);
  draw_text_centered (p, C_("leaderboard", "Days"), 30, FALSE, &quiet, numbers, middle, NUMBER_WIDTH, PANGO_ALIGN_RIGHT);
  draw_text_centered (p, C_("leaderboard", "Streak"), 30, FALSE, &quiet, numbers + NUMBER_WIDTH, middle, NUMBER_WIDTH,
                      PANGO_ALIGN_RIGHT);
  draw_text_centered (p, C_("leaderboard", "Missed"), 30, FALSE, &quiet, numbers + 2 * NUMBER_WIDTH, middle,
                      NUMBER_WIDTH, PANGO_ALIGN_RIGHT);
}

static void
draw_row (Painter              *p,
          const CoChallengeRow *row,
          guint                 rank,
          double                top,
          double                width)
{
  double middle = top + ROW_HEIGHT / 2;
  double numbers = width - MARGIN - 3 * NUMBER_WIDTH;
  char text[32];

  if (rank % 2 == 1)
    {
      set_color (p->cr, &stripe);
      cairo_rectangle (p->cr, MARGIN / 2, top, width - MARGIN, ROW_HEIGHT);
      cairo_fill (p->cr);
    }
  g_snprintf (text, sizeof text, "%u", rank);
  if (rank <= G_N_ELEMENTS (medals))
    {
      set_color (p->cr, &medals[rank - 1]);
      cairo_arc (p->cr, MARGIN + 48, middle, 30, 0, 2 * G_PI);
      cairo_fill (p->cr);
      draw_text_centered (p, text, 34, TRUE, &white, MARGIN, middle, 96, PANGO_ALIGN_CENTER);
    }
  else
    draw_text_centered (p, text, 34, FALSE, &quiet, MARGIN, middle, 96, PANGO_ALIGN_CENTER);
  draw_text_centered (p, row->name, 36, rank <= G_N_ELEMENTS (medals), &ink, MARGIN + 120, middle,
                      numbers - MARGIN - 136, PANGO_ALIGN_LEFT);
  g_snprintf (text, sizeof text, "%u", row->days);
  draw_text_centered (p, text, 38, TRUE, &ink, numbers, middle, NUMBER_WIDTH, PANGO_ALIGN_RIGHT);
  g_snprintf (text, sizeof text, "%u", row->current_streak);
  draw_text_centered (p, text, 38, FALSE, &ink, numbers + NUMBER_WIDTH, middle, NUMBER_WIDTH, PANGO_ALIGN_RIGHT);
  g_snprintf (text, sizeof text, "%u", row->missed);
  draw_text_centered (p, text, 38, FALSE, &quiet, numbers + 2 * NUMBER_WIDTH, middle, NUMBER_WIDTH, PANGO_ALIGN_RIGHT);
}

gboolean
co_challenge_leaderboard_png (CoStore     *store,
                              gint64       challenge_id,
                              const char  *today,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(CoItem) challenge = co_list_get (store, CO_LIST_CHALLENGES, challenge_id, error);
  g_autoptr(GPtrArray) rows = NULL;
  const char *language = co_document_language ();
  const double width = CO_CHALLENGE_IMAGE_WIDTH;
  double rows_top = COLUMNS_TOP + COLUMNS_HEIGHT, height;
  cairo_surface_t *surface;
  cairo_status_t status;
  Painter p = { NULL };
  g_autofree char *footer = NULL;

  if (challenge == NULL || (rows = co_challenge_leaderboard (store, challenge_id, today, error)) == NULL)
    return FALSE;
  height = MAX (CO_CHALLENGE_IMAGE_MIN_HEIGHT, rows_top + MAX (rows->len, 1) * ROW_HEIGHT + FOOTER_HEIGHT);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  p.cr = cairo_create (surface);
  p.context = pango_cairo_create_context (p.cr);
  pango_context_set_language (p.context, pango_language_from_string (language));
  /* As the documents do: a Chinese font for Chinese, falling back either way for the odd name. */
  p.family = g_str_has_prefix (language, "zh") ? "WenQuanYi Micro Hei" : "DejaVu Sans";

  set_color (p.cr, &background);
  cairo_paint (p.cr);
  draw_header (&p, challenge, today, width);
  draw_columns (&p, width);
  for (guint i = 0; i < rows->len; i++)
    draw_row (&p, rows->pdata[i], i + 1, rows_top + i * ROW_HEIGHT, width);
  if (rows->len == 0)
    draw_text_centered (&p, _("Nobody has checked in yet."), 36, FALSE, &quiet, MARGIN, rows_top + ROW_HEIGHT / 2,
                        width - 2 * MARGIN, PANGO_ALIGN_CENTER);
  else
    {
      footer = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member checked in", "%u members checked in",
                                             rows->len), rows->len);
      draw_text_centered (&p, footer, 30, FALSE, &quiet, MARGIN, rows_top + rows->len * ROW_HEIGHT + FOOTER_HEIGHT / 2,
                          width - 2 * MARGIN, PANGO_ALIGN_CENTER);
    }

  g_object_unref (p.context);
  cairo_destroy (p.cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
