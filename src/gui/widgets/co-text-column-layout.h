/* co-text-column-layout.h: a column of wrapping labels beside other widgets, measured without
 * GTK 4.8's nested searches over its text.
 *
 * libadwaita 1.2 puts such a column in a horizontal box twice: an action row's title and
 * subtitle (box.title in box.header), and a preferences group's title and description (the
 * labels box in its header). It takes the width the widgets beside it leave. GTK 4.8's
 * GtkBoxLayout finds the horizontal box's height by a binary search over heights, asking the
 * column at each for its width at that height; the column answers by a binary search over
 * widths, and each wrapping label by a search of its own, laying its text out at every step:
 * hundreds of text layouts a row each time it is measured (most of Today's 25–37 ms frames
 * under perf). A column of wrapping labels is as narrow as its longest word at any height, so
 * asked for its width at a height, it answers its width at any height, and the row's search
 * ends at its first step. Its height, for the width it is given, is measured as before. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CO_TYPE_TEXT_COLUMN_LAYOUT (co_text_column_layout_get_type ())
G_DECLARE_FINAL_TYPE (CoTextColumnLayout, co_text_column_layout, CO, TEXT_COLUMN_LAYOUT, GtkLayoutManager)

/* From now on, every action row (combo and expander rows' too) and every preferences group, as
 * it is realized, lays its text column out with a CoTextColumnLayout. Once per process; later
 * calls do nothing. */
void co_text_column_layout_install (void);
/* Lays the text column of @widget (an action row or a preferences group) out with a
 * CoTextColumnLayout, if it has one; done by the hook above, and by tests. */
void co_text_column_layout_apply   (GtkWidget *widget);

G_END_DECLS
