/* test-member-import.c: the Members page's CSV import reads, checks and writes a file of
 * thousands of rows in workers: the preview arrives through the main context, the main loop runs
 * while the rows are written (a timeout source runs while the dialog's bar is shown), the rows
 * arrive, a bad value is still shown at its line and
 * column, and Cancel, while reading or writing, leaves the group as it was. */
#include "config.h"

#include <string.h>

#include "core/groups/co-group.h"
#include "core/members/co-member-list.h"
#include "gui/members/co-members-page.h"
#include "gui-test-util.h"

#define N_ROWS 30000

/* @n members, each with a contact of their own; with @bad_line, that line's points are not a
 * number. */
static GBytes *
members_csv (guint n,
             guint bad_line)
{
  GString *csv = g_string_new ("昵称,联系方式,积分\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "成员%05u,wx%05u,%s\n", i, i, i + 2 == bad_line ? "abc" : "10");
  return g_string_free_to_bytes (csv);
}

/* A timeout source of the main context: how often it ran while a worker of the import was at
 * work (the dialog's "work" page, with its bar, shown), and the longest wait between two runs. */
typedef struct
{
  GtkStack  *stack;
  guint      runs_while_working;
  gint64     last;
  gint64     longest;
} Ticks;

static gboolean
tick (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();

  if (g_strcmp0 (gtk_stack_get_visible_child_name (ticks->stack), "work") == 0)
    {
      ticks->runs_while_working++;
      if (ticks->last > 0)
        ticks->longest = MAX (ticks->longest, now - ticks->last);

    }
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

static void
test_member_import_responsive (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "Big", 0, NULL);
  g_autoptr(GBytes) bytes = members_csv (N_ROWS, 0);
  CoMembersPage *page = open_members_page (f, group);
  GListModel *model = co_members_page_get_model (page);
  AdwMessageDialog *dialog = co_members_page_preview_import (page, CO_IMPORT_MEMBERS, "big.csv", bytes);
  Ticks ticks = { g_object_ref (GTK_STACK (find_widget (GTK_WIDGET (dialog), GTK_TYPE_STACK, 0))) };
  guint source = g_timeout_add (1, tick, &ticks);
  g_autofree char *rows = NULL;

  g_assert_nonnull (gtk_stack_get_child_by_name (ticks.stack, "work"));
  /* Read and checked in a worker: nothing of the file is known yet when the call returns; the
   * preview arrives through the main context. (How often the main loop ran meanwhile is only
   * told: under Xvfb the dialog's first frames, drawn in software, can take as long as the read.) */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ticks.stack), ==, "work");
  g_assert_false (import_read (dialog));
  wait_until (import_read, dialog, "the import's preview");
  g_test_message ("reading: %u runs of the main loop's timeout, longest wait %.1f ms", ticks.runs_while_working,
                  ticks.longest / 1000.0);
  rows = g_strdup_printf ("%u rows", N_ROWS);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), rows));

  /* Written in a worker likewise; the dialog closes itself once the rows are in. */
  ticks = (Ticks) { ticks.stack };
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (dialog, "import");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ticks.stack), ==, "work");
  wait_until_within (60, is_gone, &dialog, "the import to be written");
  g_test_message ("writing: %u runs of the main loop's timeout, longest wait %.1f ms", ticks.runs_while_working,
                  ticks.longest / 1000.0);
  g_assert_cmpuint (ticks.runs_while_working, >, 0);
  g_source_remove (source);
  g_object_unref (ticks.stack);

  /* The page shows them. */
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ROWS);
}

static gboolean
shows_cancelled (gpointer dialog)
{
  return g_strcmp0 (adw_message_dialog_get_body (dialog), "Cancelled: nothing was written. Import again, or close.") == 0;
}

/* Cancel while the file is read closes the dialog; Cancel while it is written writes nothing,
 * and the preview stays for another try, which writes every row. A bad value is shown at its
 * line and column, and refuses the file. */
static void
test_member_import_cancel (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "Cancelled", 0, NULL);
  g_autoptr(GBytes) bytes = members_csv (5000, 0);
  g_autoptr(GBytes) bad = members_csv (5000, 4321);
  CoMembersPage *page = open_members_page (f, group);
  GListModel *model = co_members_page_get_model (page);
  AdwMessageDialog *dialog;

  dialog = co_members_page_preview_import (page, CO_IMPORT_MEMBERS, "bad.csv", bad);
  wait_until (import_read, dialog, "the bad file's preview");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "import"));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "Line 4321, column 3 (积分): “abc” is not a whole number."),
                    ==, 1);
  wait_for_frame (GTK_WIDGET (dialog));
  save_screenshot (GTK_WIDGET (dialog), "member-import-problem");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (dialog, "cancel");
  wait_until (is_gone, &dialog, "the bad file's dialog to close");

  dialog = co_members_page_preview_import (page, CO_IMPORT_MEMBERS, "members.csv", bytes);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (dialog, "cancel");
  wait_until (is_gone, &dialog, "the dialog cancelled while reading to close");

  dialog = co_members_page_preview_import (page, CO_IMPORT_MEMBERS, "members.csv", bytes);
  wait_until (import_read, dialog, "the preview");
  /* Cancelled before the worker reaches its first row: the transaction is rolled back. */
  adw_message_dialog_response (dialog, "import");
  adw_message_dialog_response (dialog, "cancel");
  wait_until_within (60, shows_cancelled, dialog, "the cancelled import to say so");
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "import"));

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (dialog, "import");
  wait_until_within (60, is_gone, &dialog, "the import to be written");
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5000);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("member-import-responsive", FALSE, test_member_import_responsive);
  GUI_TEST_ADD ("member-import-cancel", FALSE, test_member_import_cancel);

  return g_test_run ();
}
