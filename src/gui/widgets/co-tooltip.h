/* co-tooltip.h: tooltips that keep short Chinese text on one line. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       co_tooltip_install   (void);
GtkWidget *co_tooltip_get_label (GtkWidget *widget);
/* Sets @widget's tooltip (NULL or "" for none) without asking the display anything, and tells
 * screen readers (its description; an icon button is named by it, co-accessible). GTK 4.8's
 * gtk_widget_set_tooltip_text asks where the pointer is whenever a shown widget's tooltip is set:
 * on X11 three round trips to the server, each waiting while the server draws (up to 10 ms under
 * bench-window, seen with perf). Every tooltip set in code is set here; ui/ files set GTK's. */
void        co_tooltip_set_text (GtkWidget  *widget,
                                 const char *text);
/* @widget's tooltip: the one set above, or else GTK's own (from a ui/ file); NULL for none. */
const char *co_tooltip_get_text (GtkWidget  *widget);

G_END_DECLS
