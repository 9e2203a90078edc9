/* co-member-cell.h: a cell of the members list, one line of text high.
 *
 * GtkListView 4.8 measures every row it keeps widgets for (200) when it lays out, and a scroll
 * binds a new member to many of them each frame: measuring a GtkLabel shapes its text two or
 * three times (its whole width, then ellipsized), half of a scroll frame's time. The columns
 * have their widths, and a cell's text is one line: this cell asks its child for nothing, is as
 * high as a line of Latin and Chinese text in its font, and gives its child all its room; the
 * label then lays out its text once, when drawn. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CO_TYPE_MEMBER_CELL (co_member_cell_get_type ())
G_DECLARE_FINAL_TYPE (CoMemberCell, co_member_cell, CO, MEMBER_CELL, GtkWidget)

/* A cell showing @child, whose text is @label's (@child itself, or a box holding it). */
GtkWidget *co_member_cell_new       (GtkWidget *child,
                                     GtkLabel  *label);
GtkLabel  *co_member_cell_get_label (CoMemberCell *self);

/* The height of one line of @widget's font, Latin and Chinese together (the Chinese fallback
 * font is the taller): measured once a font. */
int        co_member_cell_line_height (GtkWidget *widget);

G_END_DECLS
