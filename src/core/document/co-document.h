/* co-document.h: documents (the report, and later the plan) typeset with pango onto cairo, for
 * PDF files and for printing, with no GTK. A document is a list of blocks — a cover, the
 * contents, headings, paragraphs, tables, charts — laid out twice: the first pass finds the page
 * of every heading for the contents and the number of pages for the footers.
 *
 * Typesetting: an explicit font family for the language (WenQuanYi Micro Hei for Chinese, DejaVu
 * Sans otherwise) with the language set on the text, so that Pango breaks lines by its rules (no
 * line starts with closing punctuation); words, numbers and addresses too long for their column
 * break anywhere rather than overflow; a table that runs over a page repeats its header row. */
#pragma once

#include <gio/gio.h>

#include "core/document/co-chart-draw.h"
#include "core/formats/co-csv.h"

G_BEGIN_DECLS

typedef enum
{
  CO_PAPER_A4,
  CO_PAPER_LETTER,
} CoPaper;

typedef struct _CoDocument CoDocument;

/* @language: "zh-CN" or "en"; @title goes in every page's header. */
CoDocument *co_document_new           (const char         *title,
                                       const char         *language);
void        co_document_free          (CoDocument         *self);

/* A page of its own: the title, a subtitle and a few lines (date, version). */
void        co_document_add_cover     (CoDocument         *self,
                                       const char         *title,
                                       const char         *subtitle,
                                       const char * const *lines);
/* The headings of level 1 with their pages. */
void        co_document_add_contents  (CoDocument         *self);
/* Level 1 starts a numbered section in the contents; level 2 is a subheading. */
void        co_document_add_heading   (CoDocument         *self,
                                       guint               level,
                                       const char         *text);
void        co_document_add_paragraph (CoDocument         *self,
                                       const char         *text);
/* The first @n_columns of @table (copied), their widths in proportion to @weights (NULL: equal);
 * columns from @first_number on are right-aligned. */
void        co_document_add_table     (CoDocument         *self,
                                       CoTable            *table,
                                       guint               n_columns,
                                       const double       *weights,
                                       guint               first_number);
/* A picture (a poster): @image's bytes of @type ("png" or "jpeg"; another type gives only the
 * caption) of @width × @height pixels, fitted to the text's width and a page's third, with
 * @caption below. */
void        co_document_add_image     (CoDocument         *self,
                                       GBytes             *image,
                                       const char         *type,
                                       guint               width,
                                       guint               height,
                                       const char         *caption);
/* Takes @chart; @height in points (bar charts take what they need). */
void        co_document_add_chart     (CoDocument         *self,
                                       CoChartData        *chart,
                                       double              height);

/* Draws page @page (from 0) on @cr, @width × @height points: what printing calls for each page.
 * The number of pages is known after co_document_count_pages(). */
guint       co_document_count_pages   (CoDocument         *self,
                                       double              width,
                                       double              height);
void        co_document_draw_page     (CoDocument         *self,
                                       cairo_t            *cr,
                                       guint               page,
                                       double              width,
                                       double              height);

/* For tests: the lines that cell (@row, @column) of the @nth_table (from 0) takes on paper of
 * @width × @height points; 0 when there is no such cell. */
guint       co_document_count_cell_lines (CoDocument      *self,
                                          guint            nth_table,
                                          guint            row,
                                          guint            column,
                                          double           width,
                                          double           height);

/* Called after each page is written, from the thread that writes. */
typedef void (*CoDocumentProgress)    (guint               page,
                                       guint               n_pages,
                                       gpointer            user_data);

/* Writes a PDF to a temporary file beside @file and renames it: a failure, or @cancellable,
 * never leaves half a file, and an existing file stays as it was. Safe in a worker thread: the
 * document holds no reference to the store. */
gboolean    co_document_write_pdf     (CoDocument         *self,
                                       CoPaper             paper,
                                       GFile              *file,
                                       CoDocumentProgress  progress,
                                       gpointer            user_data,
                                       GCancellable       *cancellable,
                                       GError            **error);

/* The same blocks as an HTML file, its charts as SVG files beside it: the equivalent document
 * bench-pdf hands to an office suite to compare with. */
gboolean    co_document_write_html    (CoDocument         *self,
                                       const char         *path,
                                       GError            **error);

/* The paper's size in points. */
void        co_paper_size             (CoPaper             paper,
                                       double             *width,
                                       double             *height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoDocument, co_document_free)

G_END_DECLS
