/* co-leaflet.h: an AdwLeaflet whose layout does not restyle its pages. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* libadwaita 1.2 sets the style classes of a leaflet's four shadow widgets each time the leaflet
 * is laid out, and GTK 4.8 restyles every widget after a widget whose classes were set: with the
 * shadow widgets first among the leaflet's children, the whole window, shown or not, on every
 * frame whose layout reaches the window (a list view scrolled is one). Moving them after the
 * pages leaves only themselves to restyle. Call it once the leaflet has its pages. */
void co_leaflet_put_shadow_last (AdwLeaflet *leaflet);

G_END_DECLS
