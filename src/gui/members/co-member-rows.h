/* co-member-rows.h: the members list as its view shows it, a row object per position.
 *
 * GtkListView 4.8 makes new widgets for every row an items-changed replaces (fifteen cells a
 * row, about 1 ms each row made and thrown away) and keeps widgets for 200 rows at once: a new
 * search or a cleared one replaced all 200. Here a row stays the same object while the member
 * at its position changes, and tells the cells that watch it; they fill themselves again instead
 * of being made anew. Rows that move keep their member; only the rows added or removed at the
 * end of a change are told to the view. */
#pragma once

#include <gtk/gtk.h>

#include "core/members/co-member.h"

G_BEGIN_DECLS

#define CO_TYPE_MEMBER_ROW (co_member_row_get_type ())
G_DECLARE_FINAL_TYPE (CoMemberRow, co_member_row, CO, MEMBER_ROW, GObject)

/* The member the row shows now; its watchers are told when it is another, or when it changed. */
CoMember   *co_member_row_get_member (CoMemberRow *self);

/* A cell that shows the row is told with @changed(@cell) when the row changes, until it
 * unwatches it: no signal connection, which cost more than the rest of a cell's binding when a
 * scroll binds and unbinds thousands of cells. */
typedef void (*CoMemberRowFunc) (gpointer cell);
void        co_member_row_watch      (CoMemberRow     *self,
                                      gpointer         cell,
                                      CoMemberRowFunc  changed);
void        co_member_row_unwatch    (CoMemberRow     *self,
                                      gpointer         cell);

#define CO_TYPE_MEMBER_ROWS (co_member_rows_get_type ())
G_DECLARE_FINAL_TYPE (CoMemberRows, co_member_rows, CO, MEMBER_ROWS, GObject)

/* A list model of CoMemberRow over @members, a list model of CoMember. A row replaced in place
 * (an items-changed of @members that removes and adds at the same position) is not told to the
 * model's own listeners: a view that selects rows should let go of them itself. */
CoMemberRows *co_member_rows_new (GListModel *members);
/* The view that shows the rows: those in its sight are read at once, the others it keeps by a
 * worker (co_member_list_get_shown()). */
void          co_member_rows_set_view (CoMemberRows  *self,
                                       GtkScrollable *view);

G_END_DECLS
