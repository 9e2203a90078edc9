/* co-member-cell.h: a cell of the members list, one line of text that it draws itself.
 *
 * GtkListView 4.8 keeps widgets for 200 rows and binds a new member to many of them each scroll
 * frame. A GtkLabel asks for a resize whenever its text is set, which goes up through its row to
 * the list view, so that every frame measured and allocated the rows again; and measuring a
 * label shapes its text two or three times (its whole width, then ellipsized). The columns have
 * their widths and a cell's text is one line: this cell is as high as a line of Latin and Chinese
 * text in its font, has no width of its own, and a new text only redraws it. It draws its text
 * as a GtkLabel ellipsized at the end would (its CSS name is "label", so the theme styles it as
 * one), and tells assistive technologies its text as its label (once in sight: the list keeps
 * most of its rows out of sight, and telling cost more than the rest of setting a text). */
#pragma once

#include <gtk/gtk.h>

#include "gui/members/co-member-rows.h"

G_BEGIN_DECLS

#define CO_TYPE_MEMBER_CELL (co_member_cell_get_type ())
G_DECLARE_FINAL_TYPE (CoMemberCell, co_member_cell, CO, MEMBER_CELL, GtkWidget)

/* A cell whose text is aligned by @xalign (0 start, 1 end); @numeric for figures of one width. */
GtkWidget  *co_member_cell_new      (float     xalign,
                                     gboolean  numeric);
/* Redraws the cell if @text differs; never changes its size. */
void        co_member_cell_set_text (CoMemberCell *self,
                                     const char   *text);
const char *co_member_cell_get_text (CoMemberCell *self);

/* @widget (an icon) shown before the text, at its natural width, when visible. */
void        co_member_cell_set_start_widget (CoMemberCell *self,
                                             GtkWidget    *widget);
GtkWidget  *co_member_cell_get_start_widget (CoMemberCell *self);

/* The row the cell shows, held and watched until another or NULL (and when the cell goes):
 * @changed(cell) when it changes. */
void        co_member_cell_show_row (CoMemberCell    *self,
                                     CoMemberRow     *row,
                                     CoMemberRowFunc  changed);
CoMemberRow *co_member_cell_get_row (CoMemberCell    *self);

/* The height of one line of @widget's font, Latin and Chinese together (the Chinese fallback
 * font is the taller): measured once a font. */
int         co_member_cell_line_height (GtkWidget *widget);

G_END_DECLS
