/* co-out-of-sight.h: a scrolled window's content hidden while the scrolled window is out of sight
 * (on a page of a stack not shown).
 *
 * GTK 4.8 styles every shown widget of a window again at each crossing of the pointer from one
 * widget to another (gtk_synthesize_crossing_events() takes :hover off every ancestor up to the
 * window and puts it back, and the change reaches every descendant), those on pages out of sight
 * too, which are unmapped but shown. A list's 200 rows of fifteen cells are 6,000 of them: with
 * every place visited, the pointer moving over a list of members held the window 20–30 ms at
 * each row. A hidden widget's style is left alone. While its content is hidden, a scrolled window
 * keeps the minimum size it had with it, so that nothing around it changes size. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* From now on, @window's content (whatever its child is then) is hidden from the moment
 * @window is unmapped until it is mapped again. Calling it again does nothing. */
void co_out_of_sight_hide_content (GtkScrolledWindow *window);

/* The same for every scrolled window in @page (the outermost of each branch), found each time
 * @page is unmapped: a page of a stack, whose content may be built later. */
void co_out_of_sight_hide_page (GtkWidget *page);

/* co_out_of_sight_hide_page() for each page of @stack (a GtkStack or an AdwViewStack). */
void co_out_of_sight_hide_pages (GtkWidget *stack);

G_END_DECLS
