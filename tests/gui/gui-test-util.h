/* gui-test-util.h: what the UI tests share: the window on a real store and a temporary
 * database, finders for the widgets a test drives, and waits on conditions (the X server's
 * answer, an idle, a frame, the end of a transition, a widget's state, any condition a test
 * writes), each failing the test loudly when it times out. None waits for a fixed time. */
#pragma once

#include <adwaita.h>

#include "core/store/co-store.h"
#include "gui/members/co-members-page.h"
#include "gui/window/co-window.h"
#include "../test-util.h"

G_BEGIN_DECLS

typedef struct
{
  CoStore  *store;
  char     *dir;
  CoWindow *window;
} Fixture;

/* gtk_test_init() and adw_init(); the tests use temporary databases, not the user's. */
void          gui_test_init           (int           *argc,
                                       char        ***argv);

/* A test on the sample workspace (TRUE) or an empty one (FALSE), under "/ui/@path". */
#define GUI_TEST_ADD(path, sample, func) \
  g_test_add ("/ui/" path, Fixture, GINT_TO_POINTER (sample), \
              fixture_set_up, func, fixture_tear_down)

/* Settings back to their defaults, a store on a temporary database (with the sample workspace
 * when @data is TRUE) and a window on it, shown. */
void          fixture_set_up          (Fixture       *f,
                                       gconstpointer  data);
void          fixture_tear_down       (Fixture       *f,
                                       gconstpointer  data);
/* A new f->window on f->store, presented and waited for. */
void          fixture_open_window     (Fixture       *f);

/* @widget's minimum size across @orientation, for any size the other way. */
int           minimum_size            (GtkWidget     *widget,
                                       GtkOrientation orientation);

/* ---- finders ------------------------------------------------------------------------------- */

/* The @nth widget of @type under @root, breadth first. */
GtkWidget    *find_widget             (GtkWidget     *root,
                                       GType          type,
                                       guint          nth);
/* The shown row of @type titled @title; fails the test if there is none. */
GtkWidget    *find_row                (Fixture       *f,
                                       GType          type,
                                       const char    *title);
GtkWidget    *find_status_page        (Fixture       *f,
                                       const char    *title);
/* The tabs of the selected group (the Reports page has tabs of its own). */
AdwViewStack *group_view_stack        (Fixture       *f);
GListModel   *sidebar_model           (Fixture       *f);
/* The texts of the labels that the sidebar rows show, each followed by "|". */
char         *sidebar_text            (Fixture       *f);
/* What a user types into @focus: an editable or a text view. */
void          type_into               (GtkWidget     *focus,
                                       const char    *text);
/* Chooses @text in the first shown combo row titled @title that has nothing chosen yet,
 * waiting for such a row to show. */
void          choose                  (GtkWidget     *root,
                                       const char    *title,
                                       const char    *text);
/* How many of @widget and what it holds are of @type (and visible, when @visible_only). */
guint         count_type              (GtkWidget     *widget,
                                       GType          type,
                                       gboolean       visible_only);
guint         count_mapped_labels     (GtkWidget     *root,
                                       const char    *text);
/* The mapped cell of a members list under @root that shows @text (a CoMemberCell, which draws
 * its text: no label), or NULL. */
GtkWidget    *find_member_cell        (GtkWidget     *root,
                                       const char    *text);
/* With CO_TEST_SCREENSHOTS set to a folder, saves what @widget shows there as @name.png: the
 * way to look at views a click cannot reach (a two-year custom period). */
void          save_screenshot         (GtkWidget     *widget,
                                       const char    *name);

/* Asserts that @pinned, a row label in a wide grid's pinned first column (co-pinned-cell),
 * stays where it is, in front, when the grid scrolls right to its end, while @cell, another
 * cell of its row, moves left; both stay on one line. The grid must be wider than its scrolled
 * window, which shows a scrollbar that says so. */
void          assert_pinned_when_scrolled (GtkWidget *pinned,
                                           GtkWidget *cell);

/* ---- waiting ------------------------------------------------------------------------------- */

typedef gboolean (*WaitCondition) (gpointer data);

/* Iterates the main context until @condition holds; after @seconds, fails the test with
 * "what we waited for" in the message. */
void          wait_until_within       (guint          seconds,
                                       WaitCondition  condition,
                                       gpointer       data,
                                       const char    *what);
/* The same within 10 s. */
void          wait_until              (WaitCondition  condition,
                                       gpointer       data,
                                       const char    *what);
/* Until every source that was ready to run (idles the pages queued, results of workers that are
 * done, X events) has run. */
void          wait_for_idle           (void);
/* Until the X server has configured @window's surface and GTK has laid the window out. */
void          wait_for_window         (GtkWindow     *window);
/* Until @widget's window has laid out and drawn a frame begun after this call. */
void          wait_for_frame          (GtkWidget     *widget);
/* Until the window has laid out what was just shown under @root, and no stack, leaflet or
 * revealer there is in the middle of a transition: what ends up shown is mapped, and only that. */
void          wait_for_transitions    (GtkWidget     *root);
void          wait_for_css_class      (GtkWidget     *widget,
                                       const char    *css_class,
                                       const char    *what);
/* Until only the caller holds @object: the idles and workers that used it let it go. */
void          wait_for_last_reference (gpointer       object,
                                       const char    *what);
/* The newest message dialog, once one is shown; a reference for the caller. */
AdwMessageDialog *wait_for_message_dialog (void);
/* The button labelled @label under @root (a toast's "_Undo"), once there is one. */
GtkWidget    *wait_for_button         (GtkWidget     *root,
                                       const char    *label);
/* Until the toast just shown has slid in: libadwaita 1.2 may crash when another toast replaces
 * one that is still sliding in, and the imports run in workers follow each other closely. */
void          wait_for_toast_shown    (CoWindow      *window);
/* Whether a members list (CoMemberList) has its worker's answer; waiting for it, and for the
 * sidebar to list a group just created. */
gboolean      members_loaded          (gpointer       model);
void          wait_for_members        (GListModel    *model);
void          wait_for_sidebar_group  (Fixture       *f,
                                       gint64         group);
/* A new group @group's Members page, shown, its list read. */
CoMembersPage *open_members_page      (Fixture       *f,
                                       gint64         group);
/* Whether the import's dialog has read and checked its file (its preview is written). */
gboolean      import_read             (gpointer       dialog);
/* Whether the object *@pointer (a weak pointer) is gone. */
gboolean      is_gone                 (gpointer       pointer);
/* The members import's dialog for @bytes, once its worker has read and checked them. */
AdwMessageDialog *preview_import      (CoMembersPage *page,
                                       const char    *name,
                                       GBytes        *bytes);
/* Import: the dialog closes itself once its worker has written the file. */
void          import_and_wait         (AdwMessageDialog *dialog);

/* ---- writes behind another connection's write lock ------------------------------------------ */

/* A worker's connection to f->store's file holding the write lock, as an import does from its
 * first row to its COMMIT: the window's writes meanwhile are kept (co_store_write_queued()). */
CoStore      *hold_write_lock         (Fixture       *f);
/* Commits and closes @import; then waits until f->store has written every write it kept. */
void          release_write_lock      (Fixture       *f,
                                       CoStore       *import);

G_END_DECLS
