/* co-list-editor.h: a preferences group that edits one list of the record engine
 * (core/records/co-list.h): an expander per item with a row per field, buttons to move and
 * remove an item (undone from a toast) and one to add. The Plan page and the Team page show
 * their lists with it.
 *
 * Its rows answer to references ("expander:staff:3", "item:goals:7:target", "section:shifts"), so
 * that a page can show a plan-check finding or a new item. An editor shows nothing until its page
 * refreshes it, and it rebuilds its rows only when the items change, so a row being typed in keeps
 * its focus. */
#pragma once

#include <adwaita.h>

#include "core/records/co-list.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_TYPE_LIST_EDITOR (co_list_editor_get_type ())
G_DECLARE_FINAL_TYPE (CoListEditor, co_list_editor, CO, LIST_EDITOR, AdwPreferencesGroup)

GtkWidget *co_list_editor_new       (CoStore      *store,
                                     CoList        list,
                                     gint64        parent_id);
void       co_list_editor_set_store (CoListEditor *self,
                                     CoStore      *store);
void       co_list_editor_refresh   (CoListEditor *self);
/* An item's rows built when its expander first opens (or a row of it is looked up), not with the
 * list, the items shown one a frame (co-reveal) and their summaries in two lines at most: for the
 * Team page's workspace-wide lists, whose fourteen roles held the window for 76 ms (45 to build
 * their rows, the rest to measure their summaries, which wrapped at any length), and the Plan
 * page's (the launch checklist's tasks: 85 ms). */
void       co_list_editor_set_lazy  (CoListEditor *self,
                                     gboolean      lazy);
void       co_list_editor_flush     (CoListEditor *self);
gboolean   co_list_editor_holds     (CoListEditor *self,
                                     const char   *reference);
GtkWidget *co_list_editor_lookup    (CoListEditor *self,
                                     const char   *reference);

/* Shows @row: its section in the stack of sections, the expanders around it opened, then the
 * focus in it. Returns FALSE when it is not in a section. */
gboolean   co_reveal_row            (GtkWidget    *row);
/* Removes the rows of @box, leaving its placeholder (GTK 4.8 has no gtk_list_box_remove_all). */
void       co_list_box_remove_rows  (GtkListBox   *box);

G_END_DECLS
