/* co-tooltip.h: tooltips that keep short Chinese text on one line. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       co_tooltip_install   (void);
GtkWidget *co_tooltip_get_label (GtkWidget *widget);
/* Sets the tooltip of @widget, just made and in no window yet. GTK 4.8 asks the display where
 * the pointer is whenever a shown widget's tooltip is set: on X11 a round trip, for each of the
 * three buttons of the some two hundred rows a list view makes (bench-library). */
void       co_tooltip_set_text_of_new (GtkWidget  *widget,
                                       const char *text);

G_END_DECLS
