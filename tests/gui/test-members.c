/* test-members.c: a group's Members page (a CSV import through its preview, the "not yet
 * replied" filter, marking replied) and the All Members place with a member's window. */
#include "config.h"

#include <string.h>

#include "core/groups/co-group.h"
#include "core/members/co-member-edit.h"
#include "core/members/co-member-list.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"
#include "core/store/co-write-queue.h"
#include "gui/members/co-member-window.h"
#include "gui/members/co-members-page.h"
#include "gui-test-util.h"

static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  return count_mapped_labels (root, text) > 0;
}

static gboolean
shows_imported (gpointer window)
{
  return shows_label (window, "Imported: 4 added, 0 updated");
}

static gboolean
shows_skipped (gpointer window)
{
  return shows_label (window, "Imported: 0 added, 0 updated, 4 skipped (4 already in the group)");
}

/* The Members page: import a small CSV through the preview (which lists a bad file's problems
 * and will not import it), filter "not yet replied", select two and mark them replied. */
static void
test_members_import_and_reply (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "Seeds", 0, NULL);
  const char *bad = "昵称,积分\n甲,-1\n";
  const char *good = "昵称,联系方式,种子用户\n甲,wx1,是\n乙,wx2,是\n丙,wx3,否\n丁,wx4,是\n";
  g_autoptr(GBytes) bad_bytes = g_bytes_new (bad, strlen (bad));
  g_autoptr(GBytes) good_bytes = g_bytes_new (good, strlen (good));
  CoMembersPage *page;
  AdwMessageDialog *dialog;
  GtkDropDown *show;
  GtkColumnView *view;
  GtkSelectionModel *selection;
  GListModel *model;
  CoMemberQuery unreplied = { .group_id = group, .show = CO_MEMBER_SHOW_UNREPLIED };
  g_autoptr(GArray) waiting = NULL;

  /* The sidebar reloads after the group is created; then it can be selected. */
  wait_for_sidebar_group (f, group);
  co_window_select_group (f->window, group);
  g_assert_cmpint (co_window_get_selected_group (f->window), ==, group);
  adw_view_stack_set_visible_child_name (group_view_stack (f),
                                         "members");
  /* The group's page, in the view stack; the other one lists every group's members. */
  for (guint i = 0; (page = CO_MEMBERS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_MEMBERS_PAGE, i))); i++)
    if (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK) != NULL)
      break;
  g_assert_nonnull (page);
  model = co_members_page_get_model (page);
  /* Shown, the page reads the group's members. */
  wait_for_members (model);

  dialog = preview_import (page, "bad.csv", bad_bytes);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "import"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1 problem"));
  adw_message_dialog_response (dialog, "cancel");

  dialog = preview_import (page, "seeds.csv", good_bytes);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "import"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "4 rows"));
  import_and_wait (dialog);
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  /* The toast says what was written, and what was skipped, and why. */
  wait_until (shows_imported, f->window, "the toast of the first import");
  wait_for_toast_shown (f->window);

  dialog = preview_import (page, "seeds.csv", good_bytes);
  import_and_wait (dialog);
  wait_until (shows_skipped, f->window, "the toast of the import that skipped every row");
  wait_for_frame (GTK_WIDGET (f->window));
  save_screenshot (GTK_WIDGET (f->window), "members-import-skipped");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  show = GTK_DROP_DOWN (find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, 0));
  gtk_drop_down_set_selected (show, CO_MEMBER_SHOW_UNREPLIED);
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0));
  selection = gtk_column_view_get_model (view);
  gtk_selection_model_select_item (selection, 0, FALSE);
  gtk_selection_model_select_item (selection, 1, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.mark-replied", NULL));
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  waiting = co_member_query_ids (f->store, &unreplied, NULL);
  g_assert_cmpuint (waiting->len, ==, 1);
}

/* The All Members place lists every group's members; a member's window shows why they are in
 * their tier, and choosing another tier there sets it by hand. */
static void
test_all_members_and_member_window (Fixture *f, gconstpointer data)
{
  CoMembersPage *page = NULL;
  GListModel *model;
  g_autoptr(CoMember) member = NULL;
  GtkWidget *window;
  AdwComboRow *tier_row;
  guint target;

  co_window_show_place (f->window, "members");
  for (guint i = 0; (page = CO_MEMBERS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_MEMBERS_PAGE, i))); i++)
    if (gtk_widget_get_mapped (GTK_WIDGET (page)))
      break;
  g_assert_nonnull (page);
  model = co_members_page_get_model (page);
  wait_for_members (model);
  /* The sample's four groups, and the six members who are three people twice (Find Duplicates). */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 456);

  member = g_list_model_get_item (model, 0);
  window = co_member_window_new (GTK_WINDOW (f->window), f->store, co_member_get_id (member));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, co_member_get (member, CO_MEMBER_NICKNAME));
  tier_row = ADW_COMBO_ROW (find_widget (window, ADW_TYPE_COMBO_ROW, 0));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (tier_row)), "points"));
  target = (adw_combo_row_get_selected (tier_row) + 1) % 3;
  adw_combo_row_set_selected (tier_row, target);
  co_member_reload (member, f->store);
  g_assert_true (co_member_get_tier_manual (member));
  /* The window reads the member again when idle, once the store is done telling everyone. */
  wait_for_idle ();
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (tier_row)), "Set by hand"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_undone (gpointer window)
{
  return shows_label (window, "Import undone");
}

/* An import offers to undo it in its toast, and Ctrl+Z undoes it: the members are gone again,
 * and the toast says so. (Refusing after a later change is test-import's.) */
static void
test_members_import_undo (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "Undo", 0, NULL);
  const char *csv = "昵称,联系方式\n甲,wx1\n乙,wx2\n丙,wx3\n丁,wx4\n";
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  CoMembersPage *page;
  AdwMessageDialog *dialog;
  GListModel *model;

  page = open_members_page (f, group);
  model = co_members_page_get_model (page);

  dialog = preview_import (page, "seeds.csv", bytes);
  import_and_wait (dialog);
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  wait_until (shows_imported, f->window, "the toast of the import");
  g_assert_nonnull (wait_for_button (GTK_WIDGET (f->window), "_Undo Import"));
  wait_for_frame (GTK_WIDGET (f->window));
  save_screenshot (GTK_WIDGET (f->window), "members-import-undo");

  /* Ctrl+Z */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  wait_until (shows_undone, f->window, "the toast saying the import was undone");
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpint (co_window_get_selected_group (f->window), ==, group);
  wait_for_frame (GTK_WIDGET (f->window));
}

static gboolean
shows_restoring (gpointer window)
{
  return shows_label (window, "Restoring the backup… The window can be used meanwhile.");
}

/* Ctrl+Z on an import while another connection holds the write lock: it returns at once, the
 * window goes on and says that it restores; the import is undone once the lock is free. */
static void
test_members_import_undo_behind_lock (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "Undo", 0, NULL);
  const char *csv = "昵称,联系方式\n甲,wx1\n乙,wx2\n丙,wx3\n丁,wx4\n";
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autofree char *count = g_strdup_printf ("SELECT count (*) FROM memberships WHERE group_id = %" G_GINT64_FORMAT
                                            " AND deleted_at IS NULL", group);
  CoMembersPage *page = open_members_page (f, group);
  GListModel *model = co_members_page_get_model (page);
  CoStore *import;

  import_and_wait (preview_import (page, "seeds.csv", bytes));
  wait_until (shows_imported, f->window, "the toast of the import");

  import = hold_write_lock (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  wait_until (shows_restoring, f->window, "the toast saying the undo waits, the window usable");
  wait_for_frame (GTK_WIDGET (f->window));
  g_assert_cmpint (test_sql_count (f->store, count), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  release_write_lock (f, import);
  wait_until (shows_undone, f->window, "the toast saying the import was undone");
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpint (test_sql_count (f->store, count), ==, 0);
  g_assert_false (co_import_can_undo (f->store));
}

static gboolean
has_no_items (gpointer model)
{
  return members_loaded (model) && g_list_model_get_n_items (model) == 0;
}

/* An edit after the import: Ctrl+Z will not take the import back alone, says so, and offers the
 * backup from before it, which a confirmation restores. */
static void
test_members_import_undo_refused (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "Undo", 0, NULL);
  const char *csv = "昵称,联系方式\n甲,wx1\n乙,wx2\n丙,wx3\n丁,wx4\n";
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  CoMembersPage *page;
  AdwMessageDialog *dialog;
  g_autoptr(AdwMessageDialog) confirm = NULL;
  GListModel *model;

  page = open_members_page (f, group);
  model = co_members_page_get_model (page);

  dialog = preview_import (page, "seeds.csv", bytes);
  import_and_wait (dialog);
  wait_for_members (model);
  wait_until (shows_imported, f->window, "the toast of the import");

  g_assert_true (co_group_set_field (f->store, group, CO_GROUP_FIELD_SLOGAN, "Changed after the import", &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_nonnull (wait_for_button (GTK_WIDGET (f->window), "_Restore…"));
  wait_for_frame (GTK_WIDGET (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-before-import", NULL);
  confirm = wait_for_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Restore the Workspace From Before the Import?");
  adw_message_dialog_response (confirm, "restore");
  wait_until (has_no_items, model, "the members list to show the workspace from before the import");
  wait_for_frame (GTK_WIDGET (f->window));
}

static gboolean
lists_n_members (gpointer data)
{
  GListModel *model = data;
  guint expected = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (model), "expected"));

  return members_loaded (model) && g_list_model_get_n_items (model) == expected;
}

static void
wait_for_n_members (GListModel *model,
                    guint       n)
{
  g_object_set_data (G_OBJECT (model), "expected", GUINT_TO_POINTER (n));
  wait_until (lists_n_members, model, "the list to show the members left");
}

static gboolean
one_kept (gpointer store)
{
  return co_store_get_n_kept_writes (store) == 1;
}

/* While an import holds the write lock: two members removed from the page, and put back with
 * the toast's Undo; each is kept (the page answers at once, nothing written), then written once
 * the lock is free, and the list and the toast show it. */
static void
test_remove_and_undo_while_importing (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "文献交流1群", 0, NULL);
  const char *const names[] = { "张三", "李四", "王五" };
  CoMembersPage *page;
  GListModel *model;
  GtkSelectionModel *selection;
  g_autoptr(CoStore) import = NULL;
  GtkWidget *undo;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      CoMemberDraft draft = { { names[i] } };
      g_assert_cmpint (co_member_create (f->store, group, &draft, NULL), >, 0);
    }
  page = open_members_page (f, group);
  model = co_members_page_get_model (page);
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 1, FALSE);

  import = hold_write_lock (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.remove", NULL));
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM memberships WHERE deleted_at IS NOT NULL"), ==, 0);
  /* What was selected is written, whatever is selected by then. */
  gtk_selection_model_unselect_all (selection);
  release_write_lock (f, g_steal_pointer (&import));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM memberships WHERE deleted_at IS NOT NULL"), ==, 2);
  wait_for_n_members (model, 1);
  undo = wait_for_button (GTK_WIDGET (f->window), "_Undo");
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (f->window), "2 members removed from the group"), ==, 1);

  import = hold_write_lock (f);
  /* The toast's button answers from the main loop. */
  gtk_widget_activate (undo);
  wait_until (one_kept, f->store, "Undo to be kept");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM memberships WHERE deleted_at IS NOT NULL"), ==, 2);
  release_write_lock (f, g_steal_pointer (&import));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM memberships WHERE deleted_at IS NOT NULL"), ==, 0);
  wait_for_n_members (model, 3);
}

typedef struct
{
  GtkWidget  *window;
  const char *text;
} ShownLabel;

static gboolean
label_shown (gpointer data)
{
  ShownLabel *shown = data;

  return count_mapped_labels (shown->window, shown->text) > 0;
}

/* A removal of CO_MEMBERS_WRITE_IN_WORKER_AT members or more is written in a worker (seconds
 * for tens of thousands, on the main thread before), in its turn behind an import, saying that
 * the window can be used meanwhile; once written the list and the Undo toast follow. */
static void
test_remove_many_in_worker (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "万人大群", 0, NULL);
  CoMembersPage *page;
  GListModel *model;
  GtkSelectionModel *selection;
  g_autoptr(CoStore) import = NULL;
  g_autoptr(GError) error = NULL;
  ShownLabel saving = { GTK_WIDGET (f->window), "Saving the change… The window can be used meanwhile." };

  g_assert_true (co_store_begin (f->store, &error));
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *name = g_strdup_printf ("成员%03u", i);
      CoMemberDraft draft = { { name } };
      g_assert_cmpint (co_member_create (f->store, group, &draft, NULL), >, 0);
    }
  g_assert_true (co_store_commit (f->store, &error));
  page = open_members_page (f, group);
  model = co_members_page_get_model (page);
  wait_for_n_members (model, 600);
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0)));
  gtk_selection_model_select_all (selection);

  import = hold_write_lock (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.remove", NULL));
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  wait_until (label_shown, &saving, "the toast saying the change is being saved");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM memberships WHERE deleted_at IS NOT NULL"), ==, 0);

  release_write_lock (f, g_steal_pointer (&import));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM memberships WHERE deleted_at IS NOT NULL"), ==, 600);
  wait_for_n_members (model, 0);
  wait_for_button (GTK_WIDGET (f->window), "_Undo");
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (f->window), "600 members removed from the group"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("members-import-and-reply", FALSE, test_members_import_and_reply);
  GUI_TEST_ADD ("remove-and-undo-while-importing", FALSE, test_remove_and_undo_while_importing);
  GUI_TEST_ADD ("remove-many-in-worker", FALSE, test_remove_many_in_worker);
  GUI_TEST_ADD ("members-import-undo", FALSE, test_members_import_undo);
  GUI_TEST_ADD ("members-import-undo-refused", FALSE, test_members_import_undo_refused);
  GUI_TEST_ADD ("members-import-undo-behind-lock", FALSE, test_members_import_undo_behind_lock);
  GUI_TEST_ADD ("all-members-and-member-window", TRUE, test_all_members_and_member_window);

  return g_test_run ();
}
