/* co-label.h: labels that wrap only between words. Pango may break Chinese between any two
 * characters, inside a word ("新增人/数"); a short Chinese heading has no spaces, so it stays
 * whole, and an English one wraps at its spaces. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Wraps @label, at spaces only: call it after the label's text is set. */
void co_label_wrap_between_words (GtkLabel *label);

G_END_DECLS
