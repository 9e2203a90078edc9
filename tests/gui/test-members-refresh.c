/* test-members-refresh.c: a group's Members page after the store changes under it (an import,
 * a field set) shows what changed, its kept rows read again in the list's worker rather than on
 * the main thread; a refresh a newer query supersedes leaves the rows to that one; rows that
 * replace the "no results" page come a few at a time; a naming rule read after the rows are
 * shown marks the nicknames that break it. */
#include "config.h"

#include <string.h>

#include "core/groups/co-group.h"
#include "core/members/co-member-list.h"
#include "core/plan/co-plan.h"
#include "core/store/co-store-private.h"
#include "gui/members/co-members-page.h"
#include "gui/members/co-member-cell.h"
#include "gui-test-util.h"

#define N_FIRST 250

/* @n members "成员NNN" (from @first on), each with a contact of their own. */
static GBytes *
members_csv (guint first,
             guint n)
{
  GString *csv = g_string_new ("昵称,微信号,入群日期\n");

  for (guint i = first; i < first + n; i++)
    g_string_append_printf (csv, "成员%03u,wx-%03u,2026-11-01\n", i, i);
  return g_string_free_to_bytes (csv);
}

static void
import (CoMembersPage *page,
        guint          first,
        guint          n)
{
  g_autoptr(GBytes) bytes = members_csv (first, n);

  import_and_wait (preview_import (page, "members.csv", bytes));
  wait_for_members (co_members_page_get_model (page));
}

/* The main connection's reads of the rows the list keeps (the statement co_member_get_by_id()
 * runs, for one of @kept's ids). */
typedef struct
{
  GHashTable *kept;
  guint       reads;
} Reads;

static int
note_read (unsigned  type,
           void     *data,
           void     *stmt,
           void     *unused)
{
  Reads *reads = data;
  char *sql = sqlite3_expanded_sql (stmt);
  const char *where = sql != NULL ? strstr (sql, "WHERE s.id = ") : NULL;

  if (where != NULL && g_str_has_prefix (sql, "SELECT m.nickname"))
    {
      gint64 id = g_ascii_strtoll (where + strlen ("WHERE s.id = "), NULL, 10);

      if (g_hash_table_contains (reads->kept, &id))
        reads->reads++;
    }
  sqlite3_free (sql);
  return 0;
}

static sqlite3 *
main_connection (CoStore *store)
{
  return sqlite3_db_handle (co_store_prepare (store, "SELECT 1", NULL));
}

typedef struct
{
  CoMember   *member;
  const char *notes;
} Expect;

static gboolean
notes_shown (gpointer data)
{
  Expect *expect = data;
  return g_strcmp0 (co_member_get (expect->member, CO_MEMBER_NOTES), expect->notes) == 0;
}

/* The first 50 rows, as a view showing them holds them. */
static GPtrArray *
hold_rows (GListModel *list,
           GHashTable *ids)
{
  GPtrArray *held = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 50; i++)
    {
      CoMember *member = g_list_model_get_item (list, i);
      gint64 id = co_member_get_id (member);

      g_ptr_array_add (held, member);
      if (ids != NULL)
        g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
  return held;
}

/* A field set on a row the list shows, then an import of new members: the list shows them, and
 * the row its new value, without the main thread reading any row it kept. */
static void
test_refresh_in_worker (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "刷新", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  GListModel *list = co_members_page_get_model (page);
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GError) error = NULL;
  Reads reads = { kept, 0 };
  Expect expect;

  import (page, 0, N_FIRST);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_FIRST);
  held = hold_rows (list, kept);
  expect = (Expect) { g_ptr_array_index (held, 3), "改过了" };
  g_assert_true (co_member_set (f->store, co_member_get_id (expect.member), CO_MEMBER_NOTES, expect.notes, &error));
  g_assert_no_error (error);
  sqlite3_trace_v2 (main_connection (f->store), SQLITE_TRACE_STMT, note_read, &reads);
  import (page, N_FIRST, 20);
  wait_until (notes_shown, &expect, "the new notes in the row shown");
  wait_for_idle ();
  sqlite3_trace_v2 (main_connection (f->store), 0, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_FIRST + 20);
  g_assert_cmpuint (reads.reads, ==, 0);
}

/* A refresh that a search supersedes before it is done is dropped: the list shows the search's
 * matches, and the search reads again the rows the refresh would have. */
static void
test_superseded_refresh (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "搜索", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  GListModel *list = co_members_page_get_model (page);
  GtkWidget *search = find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, 0);
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GError) error = NULL;
  Expect expect;

  import (page, 0, N_FIRST);
  held = hold_rows (list, NULL);
  expect = (Expect) { g_ptr_array_index (held, 5), "搜索前改的" };
  /* Both in one turn of the main loop: the refresh's answer comes after the search began. */
  g_assert_true (co_member_set (f->store, co_member_get_id (expect.member), CO_MEMBER_NOTES, expect.notes, &error));
  g_assert_no_error (error);
  gtk_editable_set_text (GTK_EDITABLE (search), "成员00");
  g_signal_emit_by_name (search, "search-changed");
  wait_for_members (list);
  wait_for_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(CoMember) member = g_list_model_get_item (list, i);
      g_assert_true (g_str_has_prefix (co_member_get (member, CO_MEMBER_NICKNAME), "成员00"));
    }
  wait_until (notes_shown, &expect, "the row kept read again by the search");
}

/* The largest change the list made at once among the rows a view builds widgets for. */
typedef struct
{
  guint most_added;
} Changes;

static void
note_change (GListModel *list,
             guint       position,
             guint       removed,
             guint       added,
             Changes    *changes)
{
  if (position < 200)
    changes->most_added = MAX (changes->most_added, MIN (added, 200 - position));
}

static gboolean
shows_child (gpointer data)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_ancestor (find_widget (data, GTK_TYPE_COLUMN_VIEW, 0), GTK_TYPE_STACK));
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), g_object_get_data (data, "expect")) == 0;
}

/* A search that matches nobody shows "no results" in place of the list; cleared, the list's
 * rows come back a few at a time, not all 200 the view builds at once. */
static void
test_paced_after_no_results (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "分步", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  GListModel *list = co_members_page_get_model (page);
  GtkWidget *search = find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, 0);
  Changes changes = { 0 };
  gulong handler;

  import (page, 0, N_FIRST);
  gtk_editable_set_text (GTK_EDITABLE (search), "没有这个人");
  g_signal_emit_by_name (search, "search-changed");
  wait_for_members (list);
  g_object_set_data (G_OBJECT (page), "expect", "no-results");
  wait_until (shows_child, page, "the no-results page");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);

  handler = g_signal_connect (list, "items-changed", G_CALLBACK (note_change), &changes);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_signal_emit_by_name (search, "search-changed");
  wait_for_members (list);
  g_signal_handler_disconnect (list, handler);
  g_object_set_data (G_OBJECT (page), "expect", "list");
  wait_until (shows_child, page, "the list again");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_FIRST);
  g_assert_cmpuint (changes.most_added, >, 0);
  g_assert_cmpuint (changes.most_added, <=, 10);
}

/* The warning icon beside the nickname @data shown, if that cell is built. */
static GtkWidget *
nickname_icon (GtkWidget  *view,
               const char *nickname)
{
  GtkWidget *cell = find_member_cell (view, nickname);

  return cell != NULL ? co_member_cell_get_start_widget (CO_MEMBER_CELL (cell)) : NULL;
}

static gboolean
icon_shown (gpointer data)
{
  GtkWidget *icon = nickname_icon (data, "成员000");
  return icon != NULL && gtk_widget_get_visible (icon);
}

/* The group's naming rule set while its members are shown: the nickname that breaks it gets its
 * warning icon without the list being read again. */
static void
test_naming_rule_later (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "命名", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  GtkWidget *view = find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0);
  g_autoptr(GError) error = NULL;
  GtkWidget *icon;

  import (page, 0, 5);
  wait_for_frame (view);
  icon = nickname_icon (view, "成员000");
  g_assert_nonnull (icon);
  g_assert_false (gtk_widget_get_visible (icon));
  g_assert_true (co_plan_set (f->store, group, "naming_rule", "城市+姓名+行业", &error));
  g_assert_no_error (error);
  wait_until (icon_shown, view, "the warning beside 成员000");
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("members-refresh/in-worker", FALSE, test_refresh_in_worker);
  GUI_TEST_ADD ("members-refresh/superseded", FALSE, test_superseded_refresh);
  GUI_TEST_ADD ("members-refresh/paced-after-no-results", FALSE, test_paced_after_no_results);
  GUI_TEST_ADD ("members-refresh/naming-rule-later", FALSE, test_naming_rule_later);

  return g_test_run ();
}
