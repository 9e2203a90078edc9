/* co-tooltip.h: tooltips that keep short Chinese text on one line. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       co_tooltip_install   (void);
GtkWidget *co_tooltip_get_label (GtkWidget *widget);

G_END_DECLS
