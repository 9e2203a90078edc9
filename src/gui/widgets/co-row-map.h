/* co-row-map.h: the rows a page or a list editor shows, by reference ("plan:mission",
 * "item:goals:3:target", "expander:staff:2"): how a plan-check finding or a new item finds its
 * row, and how values are brought up to date in place. A GHashTable of reference → widget; the
 * widgets belong to the widget tree, not to the map. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GHashTable *co_row_map_new    (void);
/* Takes @reference. */
void        co_row_map_add    (GHashTable *map,
                               char       *reference,
                               GtkWidget  *widget);
GtkWidget  *co_row_map_lookup (GHashTable *map,
                               const char *format,
                               ...) G_GNUC_PRINTF (2, 3);
/* Saves what is typed in the map's field rows and not saved yet. */
void        co_row_map_flush  (GHashTable *map);

G_END_DECLS
