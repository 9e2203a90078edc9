/* co-accessible.h: accessible names where GTK 4.8 and libadwaita 1.2 leave a control without one
 * (a screen reader then reads its type: "GtkImage", "GtkToggleButton") or read its label twice. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* From now on, each widget, as it is shown, gets the name it lacks:
 * - a button, menu button or drop-down without a label: its tooltip's words; a menu button
 *   without a tooltip: its label's;
 * - a drop-down's button: the drop-down's name;
 * - a button with a mnemonic: its label once, not "_Import… Import…";
 * - a preferences row (entry, combo, expander rows): its title; a check button, switch or spin
 *   button in a row without a label of its own: the row's;
 * - a list row (list box, list view, column view, flow box, stack sidebar): its first label,
 *   or its child's own name (a sidebar group row's);
 * - an entry without a label: its placeholder.
 * Names follow later changes of the tooltip, title, label or row content. Called once, by the
 * window's class. */
void co_accessible_init (void);

G_END_DECLS
