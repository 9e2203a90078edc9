/* co-field-row.h: a preferences row that edits one CoFieldSpec value and saves itself. */
#pragma once

#include <adwaita.h>

#include "core/records/co-field.h"

G_BEGIN_DECLS

/* Saves @input (as typed; NULL or "" unsets) for @key; returns FALSE with a message a user can
 * act on, which the row then shows in place of its title. */
typedef gboolean (*CoFieldSaveFunc) (const char  *key,
                                     const char  *input,
                                     gpointer     user_data,
                                     GError     **error);

GtkWidget *co_field_row_new       (const CoFieldSpec *spec,
                                   CoFieldSaveFunc    save,
                                   gpointer           user_data,
                                   GDestroyNotify     destroy);
void       co_field_row_set_value (GtkWidget         *row,
                                   const char        *stored);
void       co_field_row_flush     (GtkWidget         *row);
void       co_field_row_reset     (GtkWidget         *row,
                                   const char        *stored);
gboolean   co_field_row_focus     (GtkWidget         *row);
void       co_field_row_set_references (GtkWidget    *row,
                                        GStrv         names,
                                        GArray       *ids);
gboolean   co_is_field_row        (GtkWidget         *widget);

/* An AdwComboRow in the app's one layout for them: the chosen value under the title, whatever
 * the language and the length of the choices. Every combo row of a page is made with it. */
GtkWidget *co_combo_row_new       (void);

G_END_DECLS
