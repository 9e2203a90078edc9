/* co-spinner.h: a spinner that turns only while it is seen. GTK animates a spinning GtkSpinner
 * on a page not shown as well, and the window is redrawn every frame for it: the Today page's
 * placeholder, left spinning until the page was first opened, kept the idle app at 2.4% of a
 * core. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether what @spinner stands for is under way: it spins while this is TRUE and it is mapped. */
void     co_spinner_set_busy (GtkSpinner *spinner,
                              gboolean    busy);
gboolean co_spinner_is_busy  (GtkSpinner *spinner);

G_END_DECLS
