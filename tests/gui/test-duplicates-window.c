/* test-duplicates-window.c: Find Duplicates on the sample workspace: its three pairs listed after
 * the search, one compared side by side, merged and undone from the toast, and another marked as
 * two people, which a new search remembers. */
#include "config.h"

#include <string.h>

#include "core/members/co-duplicates.h"
#include "core/store/co-write-queue.h"
#include "gui/members/co-duplicates-window.h"
#include "gui/members/co-members-page.h"
#include "gui-test-util.h"

static gboolean
search_done (gpointer data)
{
  return co_duplicates_window_get_n_pairs (CO_DUPLICATES_WINDOW (data)) >= 0;
}

static CoDuplicatesWindow *
open_window (Fixture *f)
{
  CoDuplicatesWindow *window = CO_DUPLICATES_WINDOW (co_duplicates_window_new (GTK_WINDOW (f->window), f->store, 0));

  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  wait_until (search_done, window, "the search for duplicates to finish");
  wait_for_transitions (GTK_WIDGET (window));
  return window;
}

/* The texts of the mapped labels under @root, each followed by "|". */
static void
collect_labels (GtkWidget *root,
                GString   *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_string_append_printf (text, "%s|", gtk_label_get_label (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

static char *
shown_text (GtkWidget *root)
{
  GString *text = g_string_new (NULL);

  collect_labels (root, text);
  return g_string_free (text, FALSE);
}

static GtkListBox *
pair_list (CoDuplicatesWindow *window)
{
  return GTK_LIST_BOX (find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, 0));
}

/* Selects the pair whose row shows @text. */
static void
select_pair (CoDuplicatesWindow *window,
             const char         *text)
{
  GtkListBox *list = pair_list (window);

  for (int i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      g_autofree char *shown = shown_text (GTK_WIDGET (row));

      if (strstr (shown, text) != NULL)
        {
          gtk_list_box_select_row (list, row);
          wait_for_frame (GTK_WIDGET (window));
          return;
        }
    }
  g_error ("no pair shows “%s”", text);
}

static gboolean
two_pairs (gpointer data)
{
  return co_duplicates_window_get_n_pairs (CO_DUPLICATES_WINDOW (data)) == 2;
}

static gboolean
three_pairs (gpointer data)
{
  return co_duplicates_window_get_n_pairs (CO_DUPLICATES_WINDOW (data)) == 3;
}

static void
test_merge_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(CoDuplicatesWindow) window = NULL;
  g_autofree char *members_before = test_sql_rows (f->store, "SELECT * FROM members ORDER BY id");
  g_autofree char *memberships_before = test_sql_rows (f->store, "SELECT * FROM memberships ORDER BY id");
  g_autofree char *shown = NULL, *members_after = NULL, *memberships_after = NULL;
  gint64 n_members = test_sql_count (f->store, "SELECT count (*) FROM members");
  GtkWidget *undo;

  window = g_object_ref (open_window (f));
  /* The sample's three pairs, each with its reason. */
  g_assert_cmpint (co_duplicates_window_get_n_pairs (window), ==, 3);
  shown = shown_text (GTK_WIDGET (pair_list (window)));
  g_assert_nonnull (strstr (shown, "Shenzhen-Xiao Wang-Product ⇄ [Newcomer] Xiao Wang|Same nickname xiaowang|"));
  g_assert_nonnull (strstr (shown, "Same contact 13900012345|"));
  g_assert_nonnull (strstr (shown, "Same contact chen_kevin|"));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (window), "3 pairs to review"), ==, 1);
  g_clear_pointer (&shown, g_free);

  /* Side by side: the nicknames differ (a choice), the newcomer has no contact (a dash). */
  select_pair (window, "Xiao Wang");
  save_screenshot (GTK_WIDGET (window), "duplicates-window");
  shown = shown_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (shown, "Nickname|Shenzhen-Xiao Wang-Product|[Newcomer] Xiao Wang|"));
  g_assert_nonnull (strstr (shown, "Contact|wx_wang2024|—|"));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (window), "Literature Exchange Group 1"), ==, 2);
  g_assert_nonnull (find_widget (GTK_WIDGET (window), GTK_TYPE_CHECK_BUTTON, 0));

  /* Merged: one member fewer, the pair gone, the newcomer's nickname an alias. */
  gtk_widget_activate_action (GTK_WIDGET (window), "duplicates.merge", NULL);
  g_assert_cmpint (co_duplicates_window_get_n_pairs (window), ==, 2);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, n_members - 1);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_aliases WHERE kind = 'nickname'"
                                             " AND value = '[Newcomer] Xiao Wang'"), ==, 1);

  /* Undo in the toast: both back exactly, and their pair listed again. */
  undo = wait_for_button (GTK_WIDGET (window), "_Undo");
  gtk_widget_activate (undo);
  wait_until (three_pairs, window, "the pairs to be listed again after Undo");
  members_after = test_sql_rows (f->store, "SELECT * FROM members ORDER BY id");
  memberships_after = test_sql_rows (f->store, "SELECT * FROM memberships ORDER BY id");
  g_assert_cmpstr (members_after, ==, members_before);
  g_assert_cmpstr (memberships_after, ==, memberships_before);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* "Not the Same Person": gone from the list, and from the next search; Undo in the toast
 * lists it again. */
static void
test_not_same (Fixture *f, gconstpointer data)
{
  CoDuplicatesWindow *window = open_window (f);
  g_autofree char *shown = NULL;

  select_pair (window, "Kevin Chen");
  gtk_widget_activate_action (GTK_WIDGET (window), "duplicates.not-same", NULL);
  g_assert_cmpint (co_duplicates_window_get_n_pairs (window), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_window (f);
  g_assert_cmpint (co_duplicates_window_get_n_pairs (window), ==, 2);
  shown = shown_text (GTK_WIDGET (pair_list (window)));
  g_assert_null (strstr (shown, "Kevin Chen"));

  select_pair (window, "Xiao Wang");
  gtk_widget_activate_action (GTK_WIDGET (window), "duplicates.not-same", NULL);
  g_assert_cmpint (co_duplicates_window_get_n_pairs (window), ==, 1);
  gtk_widget_activate (wait_for_button (GTK_WIDGET (window), "_Undo"));
  wait_until (two_pairs, window, "the pair to be listed again after Undo");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_not_duplicates"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_duplicates_window (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (CO_IS_DUPLICATES_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        {
          *(GtkWindow **) data = GTK_WINDOW (window);
          return TRUE;
        }
    }
  return FALSE;
}

/* The Members page's ⋮ menu opens it. */
static void
test_from_members_page (Fixture *f, gconstpointer data)
{
  GtkWidget *page = find_widget (GTK_WIDGET (f->window), CO_TYPE_MEMBERS_PAGE, 0);
  GtkWindow *window = NULL;

  g_assert_nonnull (page);
  g_assert_true (gtk_widget_activate_action (page, "members.find-duplicates", NULL));
  wait_until (has_duplicates_window, &window, "the Find Duplicates window");
  wait_until (search_done, window, "the search for duplicates to finish");
  gtk_window_destroy (window);
}

/* While an import holds the write lock a merge is kept: the pair stays listed, nothing is
 * written and Merge is off until it is; once the lock is free it is written, the pair goes and
 * the toast offers Undo. */
static void
test_merge_while_importing (Fixture *f, gconstpointer data)
{
  g_autoptr(CoDuplicatesWindow) window = NULL;
  gint64 n_members = test_sql_count (f->store, "SELECT count (*) FROM members");
  g_autoptr(CoStore) import = NULL;

  window = g_object_ref (open_window (f));
  select_pair (window, "Xiao Wang");

  import = hold_write_lock (f);
  gtk_widget_activate_action (GTK_WIDGET (window), "duplicates.merge", NULL);
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_cmpint (co_duplicates_window_get_n_pairs (window), ==, 3);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, n_members);
  /* Merge is off until it is written: not asked twice. */
  gtk_widget_activate_action (GTK_WIDGET (window), "duplicates.merge", NULL);
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);

  release_write_lock (f, g_steal_pointer (&import));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, n_members - 1);
  wait_until (two_pairs, window, "the merged pair to leave the list");
  g_assert_nonnull (wait_for_button (GTK_WIDGET (window), "_Undo"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("duplicates/merge-and-undo", TRUE, test_merge_and_undo);
  GUI_TEST_ADD ("duplicates/merge-while-importing", TRUE, test_merge_while_importing);
  GUI_TEST_ADD ("duplicates/not-same", TRUE, test_not_same);
  GUI_TEST_ADD ("duplicates/from-members-page", TRUE, test_from_members_page);
  return g_test_run ();
}
