/* test-widget-writes.c: the shared widgets' writes while an import in a worker holds the write
 * lock (hold_write_lock()): a list editor's item added, edited, moved, removed and brought back,
 * a task's check box, a goal, and a shift added from the roster grid, each returns at once and
 * is kept, then written and shown once the import commits (the window froze up to 5 s, then the
 * change failed with "database is locked"). */
#include "config.h"

#include "core/groups/co-group.h"
#include "core/records/co-list.h"
#include "core/store/co-write-queue.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-list-editor.h"
#include "gui/widgets/co-roster-grid.h"
#include "gui/widgets/co-tooltip.h"
#include "gui-test-util.h"

/* @widget in a window of its own, in a toast overlay as on a page. */
static GtkWidget *
show_alone (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), widget);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), scrolled);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 900);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  return window;
}

/* As a page does: the editor read again after each change the store commits. */
static void
on_store_changed (CoStore      *store,
                  const char   *table,
                  gint64        group_id,
                  CoListEditor *editor)
{
  co_list_editor_refresh (editor);
}

static CoListEditor *
list_editor (Fixture *f,
             CoList   list,
             gint64   parent_id)
{
  CoListEditor *editor = CO_LIST_EDITOR (co_list_editor_new (f->store, list, parent_id));

  g_signal_connect_object (f->store, "changed", G_CALLBACK (on_store_changed), editor, 0);
  co_list_editor_refresh (editor);
  return editor;
}

static GtkWidget *
add_button (CoListEditor *editor,
            const char   *label)
{
  GtkWidget *content;

  for (guint i = 0; (content = find_widget (GTK_WIDGET (editor), ADW_TYPE_BUTTON_CONTENT, i)) != NULL; i++)
    if (g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (content)), label) == 0)
      return gtk_widget_get_parent (content);
  g_error ("No button “%s”", label);
}

/* The button of @tooltip in the rows of item @reference ("expander:checklist_tasks:3"). */
static GtkWidget *
item_button (CoListEditor *editor,
             const char   *reference,
             const char   *tooltip)
{
  GtkWidget *expander = co_list_editor_lookup (editor, reference);
  GtkWidget *button;

  g_assert_nonnull (expander);
  for (guint i = 0; (button = find_widget (expander, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (co_tooltip_get_text (button), tooltip) == 0)
      return button;
  g_error ("No button “%s” in %s", tooltip, reference);
}

static gint64
n_tasks (Fixture *f)
{
  return test_sql_count (f->store, "SELECT count(*) FROM checklist_tasks WHERE deleted_at IS NULL");
}

static gint64
last_task (Fixture *f)
{
  return test_sql_count (f->store, "SELECT max(id) FROM checklist_tasks");
}

static char *
task_title (Fixture *f,
            gint64   id)
{
  g_autoptr(CoItem) item = co_list_get (f->store, CO_LIST_TASKS, id, NULL);

  return item != NULL ? g_strdup (co_item_get (item, "title")) : NULL;
}

/* "KIND:TABLE:ID", then ":FIELD" when given: a row's reference in a list editor. */
static char *
reference (const char *kind,
           const char *table,
           gint64      id,
           const char *field)
{
  return g_strdup_printf ("%s:%s:%" G_GINT64_FORMAT "%s%s", kind, table, id, field ? ":" : "", field ? field : "");
}

typedef struct
{
  CoListEditor *editor;
  char         *reference;
} Lookup;

static gboolean
row_shown (gpointer data)
{
  Lookup *lookup = data;

  return co_list_editor_lookup (lookup->editor, lookup->reference) != NULL;
}

/* The toast that says a change is kept until the import is done. */
#define KEPT_TOAST "An import or a sync is writing to the workspace: this change is saved as soon as it is done."

static gboolean
kept_toast_shown (gpointer window)
{
  return count_mapped_labels (window, KEPT_TOAST) > 0;
}

static gboolean
kept_toast_gone (gpointer window)
{
  return !kept_toast_shown (window);
}

/* A task added while the import writes: the click returns at once, the item is kept and has no
 * rows, a toast says so; a second click adds nothing more. Once written it is opened to type
 * in; what was typed meanwhile in another task, saved by the click, is written before it; its
 * title typed while the lock is held again is kept, then written, the last of two edits. */
static void
test_list_add_while_importing (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "文献交流1群", 0, NULL);
  gint64 first = co_list_add (f->store, CO_LIST_TASKS, group, NULL);
  CoListEditor *editor = list_editor (f, CO_LIST_TASKS, group);
  GtkWidget *window = show_alone (GTK_WIDGET (editor));
  GtkWidget *add = add_button (editor, "Add Task");
  g_autofree char *first_title_ref = reference ("item", "checklist_tasks", first, "title");
  GtkWidget *first_title;
  g_autoptr(CoStore) import = NULL;
  g_autofree char *title = NULL;
  Lookup opened = { editor, NULL };
  GtkWidget *expander, *new_title;
  g_autofree char *first_ref = reference ("expander", "checklist_tasks", first, NULL);
  g_autofree char *added_ref = NULL;
  gint64 added;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (co_list_editor_lookup (editor, first_ref)), TRUE);
  first_title = co_list_editor_lookup (editor, first_title_ref);
  g_assert_nonnull (first_title);

  import = hold_write_lock (f);
  gtk_editable_set_text (GTK_EDITABLE (first_title), "联系赞助商");
  g_signal_emit_by_name (add, "clicked");
  /* The title typed (flushed by the click), then the new task: both kept, in order. */
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 2);
  g_assert_false (gtk_widget_get_sensitive (add));
  g_signal_emit_by_name (add, "clicked");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 2);
  g_assert_cmpint (n_tasks (f), ==, 1);
  title = task_title (f, first);
  g_assert_null (title);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (first_title)), ==, "联系赞助商");
  wait_until (kept_toast_shown, window, "a toast to say the new task is kept");
  wait_for_frame (window);
  save_screenshot (window, "list-add-kept");

  release_write_lock (f, g_steal_pointer (&import));
  wait_until (kept_toast_gone, window, "the toast to go once the task is written");
  g_assert_cmpint (n_tasks (f), ==, 2);
  title = task_title (f, first);
  g_assert_cmpstr (title, ==, "联系赞助商");
  g_clear_pointer (&title, g_free);
  added = last_task (f);
  g_assert_cmpint (added, !=, first);
  g_assert_true (gtk_widget_get_sensitive (add));
  opened.reference = reference ("item", "checklist_tasks", added, "title");
  wait_until (row_shown, &opened, "the new task's rows");
  added_ref = reference ("expander", "checklist_tasks", added, NULL);
  expander = co_list_editor_lookup (editor, added_ref);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (expander)));
  new_title = co_list_editor_lookup (editor, opened.reference);

  /* Its title, typed twice while kept: the last is written, and stays shown. */
  import = hold_write_lock (f);
  gtk_editable_set_text (GTK_EDITABLE (new_title), "印海报");
  co_list_editor_flush (editor);
  gtk_editable_set_text (GTK_EDITABLE (new_title), "印海报和传单");
  co_list_editor_flush (editor);
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 2);
  /* A page reading the store meanwhile does not put the older value back. */
  co_list_editor_refresh (editor);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (new_title)), ==, "印海报和传单");
  title = task_title (f, added);
  g_assert_null (title);

  release_write_lock (f, g_steal_pointer (&import));
  title = task_title (f, added);
  g_assert_cmpstr (title, ==, "印海报和传单");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (new_title)), ==, "印海报和传单");
  g_assert_false (gtk_widget_has_css_class (new_title, "error"));
  g_free (opened.reference);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gint64
position_of (Fixture *f,
             gint64   id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT position FROM checklist_tasks WHERE id = %" G_GINT64_FORMAT, id);

  return test_sql_count (f->store, sql);
}

static gboolean
is_removed (Fixture *f,
            gint64   id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM checklist_tasks WHERE id = %" G_GINT64_FORMAT
                                          " AND deleted_at IS NOT NULL", id);

  return test_sql_count (f->store, sql) == 1;
}

/* A task moved, marked done, removed and brought back while the import writes: each click
 * returns at once and is kept, then written and shown. */
static void
test_list_move_remove_while_importing (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "文献交流1群", 0, NULL);
  gint64 first = co_list_add (f->store, CO_LIST_TASKS, group, NULL);
  gint64 second = co_list_add (f->store, CO_LIST_TASKS, group, NULL);
  CoListEditor *editor;
  GtkWidget *window, *done, *undo;
  g_autofree char *first_ref = reference ("expander", "checklist_tasks", first, NULL);
  g_autofree char *done_ref = reference ("done", "checklist_tasks", second, NULL);
  g_autoptr(CoStore) import = NULL;
  g_autofree char *sql = NULL;

  co_list_set (f->store, CO_LIST_TASKS, first, "title", "联系赞助商", NULL);
  co_list_set (f->store, CO_LIST_TASKS, second, "title", "印海报", NULL);
  editor = list_editor (f, CO_LIST_TASKS, group);
  window = show_alone (GTK_WIDGET (editor));
  g_assert_cmpint (position_of (f, first), <, position_of (f, second));

  import = hold_write_lock (f);
  g_signal_emit_by_name (item_button (editor, first_ref, "Move Down"), "clicked");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_cmpint (position_of (f, first), <, position_of (f, second));
  release_write_lock (f, g_steal_pointer (&import));
  g_assert_cmpint (position_of (f, first), >, position_of (f, second));
  /* Shown in the new order. */
  g_assert_true (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (co_list_editor_lookup (editor, first_ref))) == 1);

  done = co_list_editor_lookup (editor, done_ref);
  import = hold_write_lock (f);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (done), TRUE);
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  sql = g_strdup_printf ("SELECT count(*) FROM checklist_tasks WHERE id = %" G_GINT64_FORMAT " AND done = 1", second);
  g_assert_cmpint (test_sql_count (f->store, sql), ==, 0);
  release_write_lock (f, g_steal_pointer (&import));
  g_assert_cmpint (test_sql_count (f->store, sql), ==, 1);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (co_list_editor_lookup (editor, done_ref))));

  import = hold_write_lock (f);
  g_signal_emit_by_name (item_button (editor, first_ref, "Remove"), "clicked");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_false (is_removed (f, first));
  release_write_lock (f, g_steal_pointer (&import));
  g_assert_true (is_removed (f, first));
  g_assert_null (co_list_editor_lookup (editor, first_ref));

  /* Undo, from the toast said once it was removed. */
  undo = wait_for_button (window, "_Undo");
  import = hold_write_lock (f);
  g_signal_emit_by_name (undo, "clicked");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_true (is_removed (f, first));
  release_write_lock (f, g_steal_pointer (&import));
  g_assert_false (is_removed (f, first));
  g_assert_nonnull (co_list_editor_lookup (editor, first_ref));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A goal added and its target set while the import writes: kept, then written and shown. */
static void
test_goal_while_importing (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "文献交流1群", 0, NULL);
  CoListEditor *editor = list_editor (f, CO_LIST_GOALS, group);
  GtkWidget *window = show_alone (GTK_WIDGET (editor));
  g_autoptr(CoStore) import = NULL;
  g_autofree char *sql = NULL;
  Lookup target = { editor, NULL };
  GtkWidget *target_row;
  gint64 goal;

  import = hold_write_lock (f);
  g_signal_emit_by_name (add_button (editor, "Add Goal"), "clicked");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM goals"), ==, 0);
  release_write_lock (f, g_steal_pointer (&import));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM goals"), ==, 1);
  goal = test_sql_count (f->store, "SELECT max(id) FROM goals");

  target.reference = reference ("item", "goals", goal, "target");
  wait_until (row_shown, &target, "the new goal's rows");
  target_row = co_list_editor_lookup (editor, target.reference);
  import = hold_write_lock (f);
  gtk_editable_set_text (GTK_EDITABLE (target_row), "500");
  co_field_row_flush (target_row);
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  sql = g_strdup_printf ("SELECT count(*) FROM goals WHERE id = %" G_GINT64_FORMAT " AND target = 500", goal);
  g_assert_cmpint (test_sql_count (f->store, sql), ==, 0);
  release_write_lock (f, g_steal_pointer (&import));
  g_assert_cmpint (test_sql_count (f->store, sql), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (target_row)), ==, "500");
  g_free (target.reference);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_shift_added (CoRosterGrid *grid,
                gint64        id,
                gint64       *added)
{
  *added = id;
}

static gboolean
grid_loaded (gpointer grid)
{
  return !co_roster_grid_is_loading (grid);
}

/* A shift added from a day of the roster's week while the import writes: kept (a second click
 * adds nothing more), then written whole, and the page told to open it. */
static void
test_roster_shift_while_importing (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "文献交流1群", 0, NULL);
  GtkWidget *grid = co_roster_grid_new (f->store, CO_ROSTER_GRID_WEEK, group);
  GtkWidget *window = show_alone (grid);
  g_autoptr(CoStore) import = NULL;
  GtkWidget *add = NULL, *button;
  gint64 added = 0;

  g_signal_connect (grid, "shift-added", G_CALLBACK (on_shift_added), &added);
  co_roster_grid_refresh (CO_ROSTER_GRID (grid));
  wait_until (grid_loaded, grid, "the roster to show");
  for (guint i = 0; add == NULL && (button = find_widget (grid, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (co_tooltip_get_text (button), "Add a Shift on Tuesday") == 0)
      add = button;
  g_assert_nonnull (add);

  import = hold_write_lock (f);
  g_signal_emit_by_name (add, "clicked");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_signal_emit_by_name (add, "clicked");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM shifts"), ==, 0);
  g_assert_cmpint (added, ==, 0);
  release_write_lock (f, g_steal_pointer (&import));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM shifts"), ==, 1);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM shifts WHERE weekday = 'tue'"), ==, 1);
  g_assert_cmpint (added, ==, test_sql_count (f->store, "SELECT max(id) FROM shifts"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("list-editor/add-while-importing", FALSE, test_list_add_while_importing);
  GUI_TEST_ADD ("list-editor/move-remove-while-importing", FALSE, test_list_move_remove_while_importing);
  GUI_TEST_ADD ("list-editor/goal-while-importing", FALSE, test_goal_while_importing);
  GUI_TEST_ADD ("roster/shift-while-importing", FALSE, test_roster_shift_while_importing);
  return g_test_run ();
}
