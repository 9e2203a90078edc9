/* co-pinned-cell.h: a cell of a wide grid's first column that stays in view while the grid
 * scrolls sideways in its GtkScrolledWindow, so that every row keeps its label. The grid stays
 * one grid (its rows keep one height on both sides); the other cells of a row pass under the
 * pinned one, so attach it after them: the last child is drawn on top.
 *
 * co_wide_scroller_setup() makes a scrolled window say that more columns follow: a scrollbar
 * that stays shown (not an overlay) and a shaded right edge while there is more to the right;
 * its grid takes its natural width and scrolls, rather than being squeezed. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CO_TYPE_PINNED_CELL (co_pinned_cell_get_type ())
G_DECLARE_FINAL_TYPE (CoPinnedCell, co_pinned_cell, CO, PINNED_CELL, GtkWidget)

GtkWidget *co_pinned_cell_new       (GtkWidget         *child);
GtkWidget *co_pinned_cell_get_child (CoPinnedCell      *self);

void       co_wide_scroller_setup     (GtkScrolledWindow *scrolled);
/* gtk_scrolled_window_set_child () for a scrolled window set up so. */
void       co_wide_scroller_set_child (GtkScrolledWindow *scrolled,
                                       GtkWidget         *child);

G_END_DECLS
