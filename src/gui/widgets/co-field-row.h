/* co-field-row.h: a preferences row that edits one CoFieldSpec value and saves itself, through
 * co_widget_write(): never waiting for an import's or a sync's write lock (the save is kept
 * meanwhile, and the row shows what was typed until it is written). */
#pragma once

#include <adwaita.h>

#include "core/records/co-field.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

/* The record a row saves into, as its caller names it. */
typedef struct
{
  gint64 id;    /* the record's */
  guint  kind;  /* the caller's: which table (a list, a group's field or its plan) */
} CoFieldTarget;

/* Asked at each save, on the main thread: the store the row's value goes into, and in @target
 * the record the row edits now. NULL: nothing to save into (yet). */
typedef CoStore *(*CoFieldTargetFunc) (gpointer             user_data,
                                       CoFieldTarget       *target);
/* Writes @input (as typed; NULL or "" unsets) for @key into @target. Run through
 * co_widget_write(): now or, while an import or a sync holds the write lock, later, so it uses
 * its arguments only. Returns FALSE with a message a user can act on, which the row then shows
 * in place of its title. */
typedef gboolean (*CoFieldWriteFunc)  (CoStore             *store,
                                       const CoFieldTarget *target,
                                       const char          *key,
                                       const char          *input,
                                       GError             **error);
/* A row that writes nothing, for a form: checks @input (as typed) for @key at once and keeps it
 * (FALSE with a message, shown as a save's is). */
typedef gboolean (*CoFieldCheckFunc)  (const char          *key,
                                       const char          *input,
                                       gpointer             user_data,
                                       GError             **error);

GtkWidget *co_field_row_new       (const CoFieldSpec *spec,
                                   CoFieldTargetFunc  target,
                                   CoFieldWriteFunc   write,
                                   gpointer           user_data,
                                   GDestroyNotify     destroy);
GtkWidget *co_field_row_new_checked (const CoFieldSpec *spec,
                                     CoFieldCheckFunc   check,
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
