/* co-member-row-menu.h: the menu of a row of the members list, on a right-click, the Menu key
 * or Shift+F10. It acts on the selection, which a right-click outside it replaces by the row.
 * Its items are in ui/co-members-page.ui ("row_menu"), one section per kind of action: add
 * yours there, naming an action of the page. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The popover of @model for @view, whose parent @view is: unparent it before @view goes. */
GtkWidget *co_member_row_menu_new          (GtkColumnView *view,
                                            GMenuModel    *model);
/* A right-click on @cell, the child of @item in one of the view's columns, opens the view's menu. */
void       co_member_row_menu_attach_cell  (GtkWidget     *cell,
                                            GtkListItem   *item);
/* Opens the menu at the focused row, for the selection; FALSE when nothing is selected. */
gboolean   co_member_row_menu_popup        (GtkColumnView *view);

G_END_DECLS
