/* co-member-columns.h: the columns of the members list: which show and in what order, chosen
 * from a menu or by dragging a header, remembered in GSettings ("member-columns"). */
#pragma once

#include <gtk/gtk.h>

#include "core/members/co-member.h"

G_BEGIN_DECLS

/* The columns the list can show, in their first order, with their width: @n is set. */
typedef struct
{
  CoMemberField field;
  int           width;
  gboolean      shown;   /* before a user chooses */
} CoMemberColumn;

const CoMemberColumn *co_member_columns_all (guint *n);

/* Orders @view's columns (each with its field as the "field" data) as the settings say, and
 * keeps the settings as the user changes them; fills @button's popover with the chooser. The
 * group column is left to the page. */
void co_member_columns_bind  (GtkColumnView *view,
                              GtkMenuButton *button,
                              GSettings     *settings);
/* Shows the columns of @fields that were hidden, after the nickname, in their order, one a
 * frame: what an import just filled in is on screen. */
void     co_member_columns_reveal       (GtkColumnView       *view,
                                         const CoMemberField *fields,
                                         guint                n_fields);
gboolean co_member_columns_is_revealing (GtkColumnView       *view);

G_END_DECLS
