/* co-document.c: blocks laid out on pages with pango and cairo. Every page is laid out from the
 * start of the document and only that page drawn, so that printing can ask for any page; a
 * report is a few dozen pages, and laying one out takes milliseconds. */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "core/document/co-document.h"

#define MM (72.0 / 25.4)
#define MARGIN (20 * MM)
#define CELL_PAD 4.0
#define BODY_SIZE 10.0
/* A poster takes at most a third of a page or so. */
#define IMAGE_MAX_HEIGHT (110 * MM)
#define MAX_COLUMNS 32
/* What a layout pass draws besides one page: nothing (counting), or every page in turn (a PDF). */
#define NO_PAGE (-1)
#define EVERY_PAGE (-2)

typedef enum
{
  BLOCK_COVER,
  BLOCK_CONTENTS,
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_TABLE,
  BLOCK_CHART,
  BLOCK_IMAGE,
} BlockKind;

typedef struct
{
  BlockKind    kind;
  guint        level;
  char        *text;
  char        *subtitle;
  GStrv        lines;
  CoTable     *table;
  guint        n_columns;
  double      *weights;
  double      *least;       /* each column's widest date or number, measured on first layout */
  guint        first_number;
  CoChartData *chart;
  double       height;
  GBytes      *image;       /* PNG or JPEG bytes; text is its caption */
  gboolean     jpeg;
  guint        image_width;
  guint        image_height;
} Block;

struct _CoDocument
{
  char      *title;
  char      *language;
  char      *family;
  GArray    *blocks;         /* Block */
  GArray    *heading_pages;  /* guint: the page of each level-1 heading, from the last layout */
  guint      n_pages;
  /* While a PDF is written: told of each page, and asked whether to go on. */
  CoDocumentProgress progress;
  gpointer           progress_data;
  GCancellable      *cancellable;
};

/* One layout of the document: where the text goes, and whether this page is drawn. */
typedef struct
{
  CoDocument   *doc;
  cairo_t      *cr;
  PangoContext *context;
  double        width, height;
  double        left, right, top, bottom;
  double        y;
  guint         page;
  int           target;     /* the page drawn, or NO_PAGE or EVERY_PAGE */
  guint         n_headings;
} Pass;

static void
block_clear (gpointer data)
{
  Block *block = data;

  g_free (block->text);
  g_free (block->subtitle);
  g_strfreev (block->lines);
  g_clear_pointer (&block->table, co_table_free);
  g_free (block->weights);
  g_free (block->least);
  g_clear_pointer (&block->chart, co_chart_data_free);
  g_clear_pointer (&block->image, g_bytes_unref);
}

CoDocument *
co_document_new (const char *title,
                 const char *language)
{
  CoDocument *self = g_new0 (CoDocument, 1);

  self->title = g_strdup (title);
  self->language = g_strdup (language);
  /* Chinese text in a Chinese font; Latin text in one drawn for it. Either falls back to the
   * other for the odd character (a Chinese group name in an English report). */
  self->family = g_strdup (g_str_has_prefix (language, "zh") ? "WenQuanYi Micro Hei" : "DejaVu Sans");
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, block_clear);
  self->heading_pages = g_array_new (FALSE, TRUE, sizeof (guint));
  return self;
}

void
co_document_free (CoDocument *self)
{
  g_array_unref (self->blocks);
  g_array_unref (self->heading_pages);
  g_free (self->title);
  g_free (self->language);
  g_free (self->family);
  g_free (self);
}

static Block *
add_block (CoDocument *self,
           BlockKind   kind)
{
  Block block = { kind };

  g_array_append_val (self->blocks, block);
  return &g_array_index (self->blocks, Block, self->blocks->len - 1);
}

void
co_document_add_cover (CoDocument         *self,
                       const char         *title,
                       const char         *subtitle,
                       const char * const *lines)
{
  Block *block = add_block (self, BLOCK_COVER);

  block->text = g_strdup (title);
  block->subtitle = g_strdup (subtitle);
  block->lines = g_strdupv ((char **) lines);
}

void
co_document_add_contents (CoDocument *self)
{
  add_block (self, BLOCK_CONTENTS);
}

void
co_document_add_heading (CoDocument *self,
                         guint       level,
                         const char *text)
{
  Block *block = add_block (self, BLOCK_HEADING);

  block->level = level;
  block->text = g_strdup (text);
}

void
co_document_add_paragraph (CoDocument *self,
                           const char *text)
{
  add_block (self, BLOCK_PARAGRAPH)->text = g_strdup (text);
}

void
co_document_add_table (CoDocument   *self,
                       CoTable      *table,
                       guint         n_columns,
                       const double *weights,
                       guint         first_number)
{
  Block *block = add_block (self, BLOCK_TABLE);
  const char **row = g_new0 (const char *, co_table_get_n_columns (table) + 1);

  /* A copy: the caller's table lives on. */
  for (guint c = 0; c < co_table_get_n_columns (table); c++)
    row[c] = co_table_get (table, 0, c);
  block->table = co_table_new (co_table_get_n_columns (table), row);
  for (guint r = 1; r < co_table_get_n_rows (table); r++)
    {
      for (guint c = 0; c < co_table_get_n_columns (table); c++)
        row[c] = co_table_get (table, r, c);
      co_table_add_row (block->table, row);
    }
  g_free (row);
  block->n_columns = MIN (MIN (n_columns, co_table_get_n_columns (table)), MAX_COLUMNS);
  block->weights = g_new (double, block->n_columns);
  for (guint c = 0; c < block->n_columns; c++)
    block->weights[c] = weights ? weights[c] : 1;
  block->first_number = first_number;
}

void
co_document_add_image (CoDocument  *self,
                       GBytes      *image,
                       const char  *type,
                       guint        width,
                       guint        height,
                       const char  *caption)
{
  Block *block;

  if (image == NULL || width == 0 || height == 0 || (g_strcmp0 (type, "png") != 0 && g_strcmp0 (type, "jpeg") != 0))
    {
      co_document_add_paragraph (self, caption);
      return;
    }
  block = add_block (self, BLOCK_IMAGE);
  block->image = g_bytes_ref (image);
  block->jpeg = g_str_equal (type, "jpeg");
  block->image_width = width;
  block->image_height = height;
  block->text = g_strdup (caption);
}

void
co_document_add_chart (CoDocument  *self,
                       CoChartData *chart,
                       double       height)
{
  Block *block = add_block (self, BLOCK_CHART);

  block->chart = chart;
  block->height = co_chart_data_is_bars (chart) && !co_chart_data_is_empty (chart)
                  ? co_chart_data_bars_height (chart) : height;
}

/* ---- layout -------------------------------------------------------------------------------- */

static gboolean
drawing (Pass *p)
{
  return p->target == EVERY_PAGE || p->target == (int) p->page;
}

static PangoLayout *
make_layout (Pass       *p,
             const char *text,
             double      size,
             gboolean    bold,
             double      width)
{
  PangoLayout *layout = pango_layout_new (p->context);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, p->doc->family);
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text ? text : "", -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      /* A word, number or address wider than the column breaks anywhere: nothing overflows. */
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return height / (double) PANGO_SCALE;
}

static void
show_layout (Pass        *p,
             PangoLayout *layout,
             double       x,
             double       y,
             double       gray)
{
  if (!drawing (p))
    return;
  cairo_set_source_rgb (p->cr, gray, gray, gray);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
}

/* The page's header (the document's title) and footer (its number), cover excepted. */
static void
decorate_page (Pass *p)
{
  g_autoptr(PangoLayout) header = NULL, footer = NULL;
  g_autofree char *number = NULL;
  int footer_width;

  if (!drawing (p) || (p->page == 0 && p->doc->blocks->len > 0 &&
                       g_array_index (p->doc->blocks, Block, 0).kind == BLOCK_COVER))
    return;
  header = make_layout (p, p->doc->title, 8, FALSE, p->right - p->left);
  pango_layout_set_ellipsize (header, PANGO_ELLIPSIZE_END);
  show_layout (p, header, p->left, p->top - 10 * MM, 0.45);
  cairo_set_source_rgb (p->cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (p->cr, 0.5);
  cairo_move_to (p->cr, p->left, p->top - 4 * MM);
  cairo_line_to (p->cr, p->right, p->top - 4 * MM);
  cairo_stroke (p->cr);
  /* Translators: the footer of a PDF page */
  number = g_strdup_printf (_("Page %u of %u"), p->page + 1, MAX (p->doc->n_pages, p->page + 1));
  footer = make_layout (p, number, 8, FALSE, 0);
  pango_layout_get_pixel_size (footer, &footer_width, NULL);
  show_layout (p, footer, (p->width - footer_width) / 2, p->bottom + 6 * MM, 0.45);
}

/* Ends a page of a PDF, and says so. */
static void
show_page (Pass *p)
{
  cairo_show_page (p->cr);
  if (p->doc->progress != NULL)
    p->doc->progress (p->page + 1, p->doc->n_pages, p->doc->progress_data);
}

static void
new_page (Pass *p)
{
  if (p->target == EVERY_PAGE)
    show_page (p);
  p->page++;
  p->y = p->top;
  decorate_page (p);
}

/* Moves to a new page unless @needed points are left on this one. */
static void
ensure_room (Pass   *p,
             double  needed)
{
  if (p->y > p->top && p->y + needed > p->bottom)
    new_page (p);
}

/* Lays a paragraph out line by line, breaking across pages between lines. */
static void
flow_layout (Pass        *p,
             PangoLayout *layout,
             double       x,
             double       gray)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      double line_height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_height = logical.height / (double) PANGO_SCALE;
      baseline = (pango_layout_iter_get_baseline (iter) - logical.y) / (double) PANGO_SCALE;
      ensure_room (p, line_height);
      if (drawing (p))
        {
          cairo_set_source_rgb (p->cr, gray, gray, gray);
          cairo_move_to (p->cr, x + logical.x / (double) PANGO_SCALE, p->y + baseline);
          pango_cairo_show_layout_line (p->cr, pango_layout_iter_get_line_readonly (iter));
        }
      p->y += line_height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
lay_out_cover (Pass  *p,
               Block *block)
{
  double width = p->right - p->left;
  g_autoptr(PangoLayout) title = make_layout (p, block->text, 28, TRUE, width);
  g_autoptr(PangoLayout) subtitle = make_layout (p, block->subtitle, 14, FALSE, width);

  pango_layout_set_alignment (title, PANGO_ALIGN_CENTER);
  pango_layout_set_alignment (subtitle, PANGO_ALIGN_CENTER);
  p->y = p->top + (p->bottom - p->top) * 0.3;
  show_layout (p, title, p->left, p->y, 0.1);
  p->y += layout_height (title) + 8 * MM;
  show_layout (p, subtitle, p->left, p->y, 0.25);
  p->y += layout_height (subtitle) + 16 * MM;
  for (guint i = 0; block->lines && block->lines[i]; i++)
    {
      g_autoptr(PangoLayout) line = make_layout (p, block->lines[i], 11, FALSE, width);
      pango_layout_set_alignment (line, PANGO_ALIGN_CENTER);
      show_layout (p, line, p->left, p->y, 0.4);
      p->y += layout_height (line) + 2 * MM;
    }
  new_page (p);
}

static void
lay_out_contents (Pass *p)
{
  double width = p->right - p->left;
  g_autoptr(PangoLayout) heading = make_layout (p, _("Contents"), 18, TRUE, width);
  guint n = 0;

  show_layout (p, heading, p->left, p->y, 0.1);
  p->y += layout_height (heading) + 6 * MM;
  for (guint i = 0; i < p->doc->blocks->len; i++)
    {
      Block *block = &g_array_index (p->doc->blocks, Block, i);
      g_autofree char *page = NULL;
      g_autoptr(PangoLayout) number = NULL, title = NULL;
      int number_width;

      if (block->kind != BLOCK_HEADING || block->level != 1)
        continue;
      page = g_strdup_printf ("%u", n < p->doc->heading_pages->len
                                    ? g_array_index (p->doc->heading_pages, guint, n) + 1 : 0);
      n++;
      number = make_layout (p, page, 11, FALSE, 0);
      pango_layout_get_pixel_size (number, &number_width, NULL);
      title = make_layout (p, block->text, 11, FALSE, width - number_width - 10 * MM);
      ensure_room (p, layout_height (title));
      show_layout (p, title, p->left, p->y, 0.1);
      show_layout (p, number, p->right - number_width, p->y, 0.1);
      p->y += layout_height (title) + 2.5 * MM;
    }
  new_page (p);
}

static PangoLayout *heading_layout (Pass *p, Block *block);

/* The space above a heading that does not start a page. */
static double
heading_space (Block *block)
{
  return block->level == 1 ? 8 * MM : 4 * MM;
}
static double table_start_height (Pass *p, Block *block);

/* What must fit below a heading for it to stay on its page: the start of what follows. */
static double
start_height (Pass  *p,
              guint  index)
{
  Block *block;

  if (index >= p->doc->blocks->len)
    return 0;
  block = &g_array_index (p->doc->blocks, Block, index);
  switch (block->kind)
    {
    case BLOCK_CHART:
      return block->height;
    case BLOCK_IMAGE:
      return IMAGE_MAX_HEIGHT;
    case BLOCK_TABLE:
      return table_start_height (p, block);
    case BLOCK_HEADING:
      {
        g_autoptr(PangoLayout) layout = heading_layout (p, block);
        return heading_space (block) + layout_height (layout) + 3 * MM + start_height (p, index + 1);
      }
    case BLOCK_PARAGRAPH:
      return 3 * BODY_SIZE * 1.4;  /* three lines */
    case BLOCK_COVER:
    case BLOCK_CONTENTS:
    default:
      return 0;
    }
}

static PangoLayout *
heading_layout (Pass  *p,
                Block *block)
{
  return make_layout (p, block->text, block->level == 1 ? 16 : 12, TRUE, p->right - p->left);
}

static void
lay_out_heading (Pass  *p,
                 Block *block,
                 guint  index)
{
  g_autoptr(PangoLayout) layout = heading_layout (p, block);
  double height = layout_height (layout);

  if (p->y > p->top)
    p->y += heading_space (block);
  /* A heading stays with the start of what follows it. */
  ensure_room (p, height + 3 * MM + MIN (start_height (p, index + 1), p->bottom - p->top - height - 3 * MM));
  if (block->level == 1)
    {
      if (p->n_headings >= p->doc->heading_pages->len)
        g_array_set_size (p->doc->heading_pages, p->n_headings + 1);
      g_array_index (p->doc->heading_pages, guint, p->n_headings++) = p->page;
    }
  show_layout (p, layout, p->left, p->y, 0.1);
  p->y += height + 3 * MM;
}

static void
lay_out_paragraph (Pass  *p,
                   Block *block)
{
  g_autoptr(PangoLayout) layout = make_layout (p, block->text, BODY_SIZE, FALSE, p->right - p->left);

  flow_layout (p, layout, p->left, 0.15);
  p->y += 3 * MM;
}

/* A date, a time, a number or an amount, which a line must not split ("2026年12月07日",
 * "09:00–12:00", "1,234.50", "35%"): a run of digits and the marks that go with them. */
static gboolean
is_unbreakable_char (gunichar c)
{
  return g_unichar_isdigit (c) || (c < 0x80 && strchr (".,:/-+%$", (int) c) != NULL) ||
         c == 0x2013 /* – */ || c == 0x00A5 /* ¥ */ || c == 0xFFE5 /* ￥ */ || c == 0x5E74 /* 年 */ ||
         c == 0x6708 /* 月 */ || c == 0x65E5 /* 日 */ || c == 0x65F6 /* 时 */ || c == 0x5206 /* 分 */;
}

/* The unbreakable runs of @text (with a digit in each) as byte offsets: start, end, start, … */
static GArray *
unbreakable_runs (const char *text)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *start = NULL;
  gboolean digit = FALSE;

  for (const char *c = text; ; c = g_utf8_next_char (c))
    {
      gunichar ch = *c ? g_utf8_get_char (c) : 0;

      if (ch != 0 && is_unbreakable_char (ch))
        {
          if (start == NULL)
            start = c, digit = FALSE;
          digit |= g_unichar_isdigit (ch);
          continue;
        }
      if (start != NULL && digit)
        {
          guint bounds[] = { (guint) (start - text), (guint) (c - text) };
          g_array_append_vals (runs, bounds, 2);
        }
      start = NULL;
      if (ch == 0)
        return runs;
    }
}

/* A table cell's layout: lines break anywhere in words too long for the column, never inside a
 * date or a number (the column is made wide enough for them: see column_widths()). */
static PangoLayout *
make_cell_layout (Pass       *p,
                  const char *text,
                  gboolean    header,
                  double      width)
{
  PangoLayout *layout = make_layout (p, text, header ? 9 : 9.5, header, width);
  g_autoptr(GArray) runs = unbreakable_runs (text ? text : "");
  PangoAttrList *attributes = pango_attr_list_new ();

  for (guint i = 0; i + 1 < runs->len; i += 2)
    {
      PangoAttribute *attribute = pango_attr_allow_breaks_new (FALSE);
      attribute->start_index = g_array_index (runs, guint, i);
      attribute->end_index = g_array_index (runs, guint, i + 1);
      pango_attr_list_insert (attributes, attribute);
    }
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  return layout;
}

/* One row of a table: its height, and drawn when this page is. */
static double
lay_out_row (Pass          *p,
             Block         *block,
             guint          row,
             const double  *widths,
             gboolean       draw)
{
  PangoLayout *cells[MAX_COLUMNS];
  guint n = block->n_columns;
  double height = 0, x = p->left;

  for (guint c = 0; c < n; c++)
    {
      cells[c] = make_cell_layout (p, co_table_get (block->table, row, c), row == 0, widths[c] - 2 * CELL_PAD);
      if (c >= block->first_number)
        pango_layout_set_alignment (cells[c], PANGO_ALIGN_RIGHT);
      height = MAX (height, layout_height (cells[c]) + 2 * CELL_PAD);
    }
  if (draw && drawing (p))
    {
      if (row == 0)
        {
          cairo_set_source_rgb (p->cr, 0.92, 0.93, 0.95);
          cairo_rectangle (p->cr, p->left, p->y, p->right - p->left, height);
          cairo_fill (p->cr);
        }
      cairo_set_source_rgb (p->cr, 0.8, 0.8, 0.8);
      cairo_set_line_width (p->cr, 0.4);
      cairo_move_to (p->cr, p->left, p->y + height);
      cairo_line_to (p->cr, p->right, p->y + height);
      cairo_stroke (p->cr);
      for (guint c = 0; c < n; c++)
        {
          show_layout (p, cells[c], x + CELL_PAD, p->y + CELL_PAD, 0.1);
          x += widths[c];
        }
    }
  for (guint c = 0; c < n; c++)
    g_object_unref (cells[c]);
  return height;
}

/* Each column's widest unbreakable run, padded; at most half the page, so that one odd cell
 * cannot squeeze the others to nothing. Measured once: the fonts do not change. */
static const double *
least_widths (Pass  *p,
              Block *block)
{
  if (block->least != NULL)
    return block->least;
  block->least = g_new0 (double, block->n_columns);
  for (guint row = 0; row < co_table_get_n_rows (block->table); row++)
    for (guint c = 0; c < block->n_columns; c++)
      {
        const char *text = co_table_get (block->table, row, c);
        g_autoptr(GArray) runs = unbreakable_runs (text ? text : "");

        for (guint i = 0; i + 1 < runs->len; i += 2)
          {
            guint start = g_array_index (runs, guint, i), end = g_array_index (runs, guint, i + 1);
            g_autofree char *run = g_strndup (text + start, end - start);
            g_autoptr(PangoLayout) layout = make_layout (p, run, row == 0 ? 9 : 9.5, row == 0, 0);
            int width;

            pango_layout_get_size (layout, &width, NULL);
            block->least[c] = MAX (block->least[c], width / (double) PANGO_SCALE + 2 * CELL_PAD + 1);
          }
      }
  for (guint c = 0; c < block->n_columns; c++)
    block->least[c] = MIN (block->least[c], (p->right - p->left) / 2);
  return block->least;
}

/* The columns share the width by their weights; one too narrow for its widest date or number
 * gets that much, and the others share the rest, until none is too narrow. */
static void
column_widths (Pass   *p,
               Block  *block,
               double *widths)
{
  const double *least = least_widths (p, block);
  gboolean fixed[MAX_COLUMNS] = { FALSE };

  for (guint round = 0; round <= block->n_columns; round++)
    {
      double total = 0, rest = p->right - p->left;
      gboolean changed = FALSE;

      for (guint c = 0; c < block->n_columns; c++)
        {
          if (fixed[c])
            rest -= widths[c];
          else
            total += block->weights[c];
        }
      for (guint c = 0; c < block->n_columns; c++)
        if (!fixed[c])
          widths[c] = total > 0 ? MAX (rest, 0) * block->weights[c] / total : 0;
      for (guint c = 0; c < block->n_columns; c++)
        if (!fixed[c] && widths[c] < least[c])
          {
            widths[c] = least[c];
            fixed[c] = changed = TRUE;
          }
      if (!changed)
        break;
    }
}

/* The header with the first row: what must fit on a page for a table to start there. */
static double
table_start_height (Pass  *p,
                    Block *block)
{
  double widths[MAX_COLUMNS];

  column_widths (p, block, widths);
  return lay_out_row (p, block, 0, widths, FALSE) +
         (co_table_get_n_rows (block->table) > 1 ? lay_out_row (p, block, 1, widths, FALSE) : 0);
}

static void
lay_out_table (Pass  *p,
               Block *block)
{
  double widths[MAX_COLUMNS];

  column_widths (p, block, widths);
  ensure_room (p, table_start_height (p, block));
  p->y += lay_out_row (p, block, 0, widths, TRUE);
  for (guint row = 1; row < co_table_get_n_rows (block->table); row++)
    {
      double height = lay_out_row (p, block, row, widths, FALSE);

      if (p->y + height > p->bottom)
        {
          /* A table over a page break repeats its header row. */
          new_page (p);
          p->y += lay_out_row (p, block, 0, widths, TRUE);
        }
      p->y += lay_out_row (p, block, row, widths, TRUE);
    }
  p->y += 4 * MM;
}

static void
lay_out_chart (Pass  *p,
               Block *block)
{
  CoChartStyle style = { p->context, { 0.15, 0.15, 0.15, 1 }, FALSE };

  ensure_room (p, block->height);
  if (drawing (p))
    {
      cairo_save (p->cr);
      cairo_translate (p->cr, p->left, p->y);
      co_chart_draw (block->chart, &style, p->cr, p->right - p->left, block->height, FALSE, 0, 0);
      cairo_restore (p->cr);
    }
  p->y += block->height + 4 * MM;
}

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         at;
} PngReader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *data,
          unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->at + length > reader->length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->at, length);
  reader->at += length;
  return CAIRO_STATUS_SUCCESS;
}

/* The image's surface: a PNG decoded by cairo; a JPEG as its own bytes, which a PDF embeds as
 * they are (on other surfaces it stays blank). NULL when it cannot be read. */
static cairo_surface_t *
image_surface (Block *block)
{
  PngReader reader = { NULL, 0, 0 };
  cairo_surface_t *surface;

  reader.data = g_bytes_get_data (block->image, &reader.length);
  if (block->jpeg)
    {
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) block->image_width, (int) block->image_height);
      cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, reader.data, reader.length,
                                   (cairo_destroy_func_t) g_bytes_unref, g_bytes_ref (block->image));
    }
  else
    surface = cairo_image_surface_create_from_png_stream (read_png, &reader);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

/* A poster: as wide as the text or as tall as IMAGE_MAX_HEIGHT, whichever is less, centred,
 * with its caption below. */
static void
lay_out_image (Pass  *p,
               Block *block)
{
  double scale = MIN ((p->right - p->left) / block->image_width, IMAGE_MAX_HEIGHT / block->image_height);
  double width = block->image_width * scale, height = block->image_height * scale;
  g_autoptr(PangoLayout) caption = make_layout (p, block->text ? block->text : "", BODY_SIZE, FALSE,
                                                p->right - p->left);

  ensure_room (p, height + 2 * MM + layout_height (caption));
  if (drawing (p))
    {
      cairo_surface_t *surface = image_surface (block);

      if (surface != NULL)
        {
          cairo_save (p->cr);
          cairo_translate (p->cr, p->left + (p->right - p->left - width) / 2, p->y);
          cairo_scale (p->cr, scale, scale);
          cairo_set_source_surface (p->cr, surface, 0, 0);
          cairo_paint (p->cr);
          cairo_restore (p->cr);
          cairo_surface_destroy (surface);
        }
    }
  p->y += height + 2 * MM;
  pango_layout_set_alignment (caption, PANGO_ALIGN_CENTER);
  flow_layout (p, caption, p->left, 0.4);
  p->y += 4 * MM;
}

/* A layout pass on @cr, from the top of the first page. */
static void
pass_init (Pass       *p,
           CoDocument *self,
           cairo_t    *cr,
           double      width,
           double      height,
           int         target)
{
  Pass start = { self, cr, pango_cairo_create_context (cr), width, height, MARGIN, width - MARGIN, MARGIN + 6 * MM,
                 height - MARGIN - 4 * MM, 0, 0, target, 0 };
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoFontDescription *font = pango_font_description_new ();

  *p = start;
  /* Points on every surface, and metrics that do not depend on the device: the same breaks on
   * paper, in the PDF and in the counting pass. */
  pango_cairo_context_set_resolution (p->context, 72);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (p->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_language (p->context, pango_language_from_string (self->language));
  pango_font_description_set_family (font, self->family);
  pango_font_description_set_size (font, 9 * PANGO_SCALE);
  pango_context_set_font_description (p->context, font);  /* the charts' text */
  pango_font_description_free (font);
  p->y = p->top;
}

/* Lays the document out, drawing page @target (or none, or every one); returns the number of
 * pages. Drawing one page, it stops once that page is done. */
static guint
lay_out (CoDocument *self,
         cairo_t    *cr,
         double      width,
         double      height,
         int         target)
{
  Pass p;

  pass_init (&p, self, cr, width, height, target);
  decorate_page (&p);
  for (guint i = 0; i < self->blocks->len && (target < 0 || (int) p.page <= target) &&
                   !g_cancellable_is_cancelled (self->cancellable); i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      switch (block->kind)
        {
        case BLOCK_COVER: lay_out_cover (&p, block); break;
        case BLOCK_CONTENTS: lay_out_contents (&p); break;
        case BLOCK_HEADING: lay_out_heading (&p, block, i); break;
        case BLOCK_PARAGRAPH: lay_out_paragraph (&p, block); break;
        case BLOCK_TABLE: lay_out_table (&p, block); break;
        case BLOCK_CHART: lay_out_chart (&p, block); break;
        case BLOCK_IMAGE: lay_out_image (&p, block); break;
        default: g_assert_not_reached ();
        }
    }
  g_object_unref (p.context);
  if (target == EVERY_PAGE && p.y > p.top)
    show_page (&p);
  /* A last page left empty by a block that ended on a page break is not a page. */
  return p.y > p.top ? p.page + 1 : MAX (p.page, 1);
}

guint
co_document_count_cell_lines (CoDocument *self,
                              guint       nth_table,
                              guint       row,
                              guint       column,
                              double      width,
                              double      height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);
  double widths[MAX_COLUMNS];
  guint lines = 0;
  Pass p;

  pass_init (&p, self, cr, width, height, NO_PAGE);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      if (block->kind != BLOCK_TABLE || nth_table-- > 0)
        continue;
      if (row < co_table_get_n_rows (block->table) && column < block->n_columns)
        {
          g_autoptr(PangoLayout) layout = NULL;

          column_widths (&p, block, widths);
          layout = make_cell_layout (&p, co_table_get (block->table, row, column), row == 0,
                                     widths[column] - 2 * CELL_PAD);
          lines = (guint) pango_layout_get_line_count (layout);
        }
      break;
    }
  g_object_unref (p.context);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return lines;
}

guint
co_document_count_pages (CoDocument *self,
                         double      width,
                         double      height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);

  /* Twice: the contents show the pages the first count found. */
  self->n_pages = lay_out (self, cr, width, height, NO_PAGE);
  self->n_pages = lay_out (self, cr, width, height, NO_PAGE);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return self->n_pages;
}

void
co_document_draw_page (CoDocument *self,
                       cairo_t    *cr,
                       guint       page,
                       double      width,
                       double      height)
{
  lay_out (self, cr, width, height, (int) page);
}

void
co_paper_size (CoPaper  paper,
               double  *width,
               double  *height)
{
  *width = paper == CO_PAPER_LETTER ? 8.5 * 72 : 210 * MM;
  *height = paper == CO_PAPER_LETTER ? 11 * 72 : 297 * MM;
}

/* ---- PDF ---------------------------------------------------------------------------------- */

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} Sink;

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error == NULL &&
      !g_output_stream_write_all (sink->stream, data, length, NULL, sink->cancellable, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return sink->error ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

gboolean
co_document_write_pdf (CoDocument          *self,
                       CoPaper              paper,
                       GFile               *file,
                       CoDocumentProgress   progress,
                       gpointer             user_data,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *partial_name = g_strdup_printf (".%s.%08x.partial", base, g_random_int ());
  g_autoptr(GFile) partial = g_file_get_child (parent, partial_name);
  g_autoptr(GFileOutputStream) out = NULL;
  Sink sink = { NULL, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  gboolean written;

  co_paper_size (paper, &width, &height);
  out = g_file_create (partial, G_FILE_CREATE_NONE, cancellable, error);
  if (out == NULL)
    return FALSE;
  sink.stream = G_OUTPUT_STREAM (out);
  co_document_count_pages (self, width, height);
  surface = cairo_pdf_surface_create_for_stream (write_to_stream, &sink, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "CommunityOps " PACKAGE_VERSION);
  cr = cairo_create (surface);
  /* Every page in one pass, the progress told as each is shown. */
  self->progress = progress;
  self->progress_data = user_data;
  self->cancellable = cancellable;
  lay_out (self, cr, width, height, EVERY_PAGE);
  self->progress = NULL;
  self->progress_data = NULL;
  self->cancellable = NULL;
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (sink.error == NULL && cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    sink.error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("The PDF could not be made: %s"),
                              cairo_status_to_string (cairo_surface_status (surface)));
  cairo_surface_destroy (surface);
  if (sink.error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &sink.error);
  written = sink.error == NULL &&
            g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &sink.error) &&
            g_file_move (partial, file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &sink.error);
  if (!written)
    {
      g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
      g_file_delete (partial, NULL, NULL);
      g_propagate_error (error, sink.error);
    }
  return written;
}

/* ---- HTML ---------------------------------------------------------------------------------- */

/* <tag>text</tag>, the text escaped. */
static void
append_element (GString    *html,
                const char *tag,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append_printf (html, "<%s>%s</%s>", tag, escaped, tag);
}

static gboolean
write_svg_chart (CoDocument  *self,
                 Block       *block,
                 const char  *path)
{
  cairo_surface_t *surface = cairo_svg_surface_create (path, 480, block->height);
  cairo_t *cr = cairo_create (surface);
  PangoContext *context = pango_cairo_create_context (cr);
  PangoFontDescription *font = pango_font_description_from_string (self->family);
  CoChartStyle style = { context, { 0.15, 0.15, 0.15, 1 }, FALSE };
  gboolean written;

  pango_font_description_set_size (font, 9 * PANGO_SCALE);
  pango_context_set_font_description (context, font);
  pango_font_description_free (font);
  co_chart_draw (block->chart, &style, cr, 480, block->height, FALSE, 0, 0);
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  written = cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy (surface);
  return written;
}

gboolean
co_document_write_html (CoDocument  *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GString) html = g_string_new ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
  g_autofree char *dir = g_path_get_dirname (path);
  guint n_charts = 0;

  append_element (html, "title", self->title);
  g_string_append (html, "</head><body>\n");
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      switch (block->kind)
        {
        case BLOCK_COVER:
          append_element (html, "h1", block->text);
          append_element (html, "p", block->subtitle);
          for (guint l = 0; block->lines && block->lines[l]; l++)
            append_element (html, "p", block->lines[l]);
          break;
        case BLOCK_CONTENTS:
          break;  /* an office suite makes its own */
        case BLOCK_HEADING:
          append_element (html, block->level == 1 ? "h2" : "h3", block->text);
          break;
        case BLOCK_PARAGRAPH:
          append_element (html, "p", block->text);
          break;
        case BLOCK_TABLE:
          g_string_append (html, "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n");
          for (guint row = 0; row < co_table_get_n_rows (block->table); row++)
            {
              g_string_append (html, "<tr>");
              for (guint c = 0; c < block->n_columns; c++)
                append_element (html, row == 0 ? "th" : "td", co_table_get (block->table, row, c));
              g_string_append (html, "</tr>\n");
            }
          g_string_append (html, "</table>\n");
          break;
        case BLOCK_CHART:
          {
            g_autofree char *name = g_strdup_printf ("chart-%u.svg", n_charts++);
            g_autofree char *svg = g_build_filename (dir, name, NULL);

            if (!write_svg_chart (self, block, svg))
              {
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", svg);
                return FALSE;
              }
            g_string_append_printf (html, "<p><img src=\"%s\" width=\"480\" height=\"%.0f\"></p>\n", name,
                                    block->height);
          }
          break;
        case BLOCK_IMAGE:
          {
            g_autofree char *encoded = g_base64_encode (g_bytes_get_data (block->image, NULL),
                                                        g_bytes_get_size (block->image));

            g_string_append_printf (html, "<p><img src=\"data:image/%s;base64,%s\"></p>\n",
                                    block->jpeg ? "jpeg" : "png", encoded);
            append_element (html, "p", block->text);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_string_append (html, "</body></html>\n");
  return g_file_set_contents (path, html->str, (gssize) html->len, error);
}
