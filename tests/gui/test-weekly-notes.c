/* test-weekly-notes.c: the Weekly Report's own parts. The week's summary and plan typed into a
 * group's weekly report are saved (as typed, after a pause; and when the window closes before
 * the pause ends), and are there when the window is opened again; every group's week has notes
 * of its own; Copy as Text puts the week's report, notes included, on the clipboard; the SOP's
 * completion is shown with what "late" means. Notes saved while an import holds the write lock are
 * written once it has finished. */
#include "config.h"

#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-weekly-notes.h"
#include "core/store/co-write-queue.h"
#include "gui/reports/co-reports-page.h"
#include "gui/reports/co-weekly-notes.h"
#include "gui-test-util.h"

typedef struct
{
  CoStore    *store;
  gint64      group;
  const char *week;
  const char *summary;
} Saved;

static gboolean
notes_saved (gpointer data)
{
  Saved *saved = data;
  g_autoptr(CoWeeklyNotes) notes = co_weekly_notes_get (saved->store, saved->group, saved->week, NULL);

  return notes != NULL && g_strcmp0 (notes->summary, saved->summary) == 0;
}

static gboolean
label_starting_with (GtkWidget  *root,
                     const char *start)
{
  GtkWidget *label;

  for (guint i = 0; (label = find_widget (root, GTK_TYPE_LABEL, i)) != NULL; i++)
    if (gtk_widget_get_mapped (label) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)), start))
      return TRUE;
  return FALSE;
}

static char *
buffer_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The weekly report of @group's week of @day, shown. */
static CoWeeklySection *
open_week (Fixture    *f,
           gint64      group,
           const char *day)
{
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  AdwViewStack *views = ADW_VIEW_STACK (find_widget (GTK_WIDGET (reports), ADW_TYPE_VIEW_STACK, 0));

  co_window_show_place (f->window, "reports");
  co_reports_page_show_week (reports, group, day);
  adw_view_stack_set_visible_child_name (views, "weekly");
  /* Asking for the table waits for the view's data. */
  co_reports_page_get_table (reports);
  wait_for_transitions (GTK_WIDGET (reports));
  return CO_WEEKLY_SECTION (find_widget (GTK_WIDGET (reports), CO_TYPE_WEEKLY_SECTION, 0));
}

typedef struct
{
  GdkClipboard *clipboard;
  char         *text;
  gboolean      done;
} ClipboardRead;

static void
clipboard_read (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  ClipboardRead *read = data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static void
test_weekly_notes (Fixture *f, gconstpointer data)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  g_autofree char *week = NULL;
  gint64 group = test_sql_count (f->store, "SELECT id FROM groups WHERE name = 'Literature Exchange Group 2'");
  CoWeeklySection *section;
  GtkWidget *summary, *plan, *copy;
  g_autofree char *shown = NULL;
  Saved saved;
  ClipboardRead read = { NULL };

  g_assert_cmpint (group, >, 0);
  {
    g_autoptr(GDate) first = g_date_new ();
    char text[11];

    g_date_set_parse (first, yesterday);
    g_date_subtract_days (first, g_date_get_weekday (first) - G_DATE_MONDAY);
    g_date_strftime (text, sizeof text, "%Y-%m-%d", first);
    week = g_strdup (text);
  }

  section = open_week (f, group, yesterday);
  g_assert_nonnull (section);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (section)));
  g_assert_true (label_starting_with (GTK_WIDGET (section), "On time: sent within 2 hours of its due moment. Late: "));
  summary = find_widget (GTK_WIDGET (section), GTK_TYPE_TEXT_VIEW, 0);
  plan = find_widget (GTK_WIDGET (section), GTK_TYPE_TEXT_VIEW, 1);
  g_assert_true (gtk_widget_get_mapped (summary));
  shown = buffer_text (summary);
  g_assert_cmpstr (shown, ==, "");

  /* Typed: saved after a pause, as typed. */
  gtk_widget_grab_focus (summary);
  type_into (summary, "直播答疑来了 38 人\n有 3 条求全文没人回复");
  saved = (Saved) { f->store, group, week, "直播答疑来了 38 人\n有 3 条求全文没人回复" };
  wait_until (notes_saved, &saved, "the summary typed to be saved");
  save_screenshot (GTK_WIDGET (f->window), "weekly-notes-typed");

  /* The plan typed, and the window closed at once: nothing lost. */
  type_into (plan, "邀请下一批 100 人");
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_for_last_reference (f->window, "the window's idles and workers to let go of it");
  g_clear_object (&f->window);
  {
    g_autoptr(CoWeeklyNotes) notes = co_weekly_notes_get (f->store, group, week, NULL);
    g_assert_cmpstr (notes->next_plan, ==, "邀请下一批 100 人");
  }

  /* Opened again: both are there. Every group's week has notes of its own. */
  fixture_open_window (f);
  section = open_week (f, group, yesterday);
  summary = find_widget (GTK_WIDGET (section), GTK_TYPE_TEXT_VIEW, 0);
  plan = find_widget (GTK_WIDGET (section), GTK_TYPE_TEXT_VIEW, 1);
  g_clear_pointer (&shown, g_free);
  shown = buffer_text (summary);
  g_assert_cmpstr (shown, ==, "直播答疑来了 38 人\n有 3 条求全文没人回复");
  g_clear_pointer (&shown, g_free);
  shown = buffer_text (plan);
  g_assert_cmpstr (shown, ==, "邀请下一批 100 人");

  /* Copy as Text: the week's report on the clipboard, with the notes. */
  copy = find_widget (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, 0);
  for (guint i = 0; copy != NULL && g_strcmp0 (gtk_widget_get_name (copy), "weekly-copy") != 0; i++)
    copy = find_widget (GTK_WIDGET (f->window), GTK_TYPE_BUTTON, i + 1);
  g_assert_nonnull (copy);
  g_assert_true (gtk_widget_get_mapped (copy));
  g_assert_true (gtk_widget_get_sensitive (copy));
  g_signal_emit_by_name (copy, "clicked");
  read.clipboard = gtk_widget_get_clipboard (copy);
  gdk_clipboard_read_text_async (read.clipboard, NULL, clipboard_read, &read);
  wait_until (clipboard_done, &read, "the clipboard to be read");
  g_test_message ("%s", read.text);
  g_assert_nonnull (read.text);
  g_assert_true (g_str_has_prefix (read.text, "Weekly report: Literature Exchange Group 2, "));
  g_assert_nonnull (strstr (read.text, "\nFigures this week\n"));
  g_assert_nonnull (strstr (read.text, "\nThis week\n直播答疑来了 38 人\n有 3 条求全文没人回复\n"));
  g_assert_nonnull (strstr (read.text, "\nNext week\n邀请下一批 100 人\n"));
  g_free (read.text);

  /* Every group's week: the sample's own notes, not the group's. */
  section = open_week (f, 0, yesterday);
  summary = find_widget (GTK_WIDGET (section), GTK_TYPE_TEXT_VIEW, 0);
  g_clear_pointer (&shown, g_free);
  shown = buffer_text (summary);
  g_assert_cmpstr (shown, ==, "A quieter week: fewer messages, the same number of new members.");
  save_screenshot (GTK_WIDGET (f->window), "weekly-notes-all-groups");
}

/* The summary saved while an import holds the write lock: the save returns at once, the notes are
 * kept to be written and stay as typed; once the import has finished they are written. */
static void
test_weekly_notes_while_importing (Fixture *f, gconstpointer data)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  gint64 group = test_sql_count (f->store, "SELECT id FROM groups WHERE name = 'Literature Exchange Group 2'");
  g_autoptr(CoStore) import = NULL;
  g_autofree char *shown = NULL;
  CoWeeklySection *section = open_week (f, group, yesterday);
  GtkWidget *summary = find_widget (GTK_WIDGET (section), GTK_TYPE_TEXT_VIEW, 0);

  gtk_widget_grab_focus (summary);
  type_into (summary, "导入时写的总结");
  import = hold_write_lock (f);
  co_weekly_section_save (section);
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM weekly_notes WHERE summary = '导入时写的总结'"), ==, 0);
  wait_for_idle ();
  shown = buffer_text (summary);
  g_assert_cmpstr (shown, ==, "导入时写的总结");

  release_write_lock (f, g_steal_pointer (&import));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM weekly_notes WHERE summary = '导入时写的总结'"
                                             " AND group_id = (SELECT id FROM groups"
                                             "                 WHERE name = 'Literature Exchange Group 2')"), ==, 1);
  g_clear_pointer (&shown, g_free);
  shown = buffer_text (summary);
  g_assert_cmpstr (shown, ==, "导入时写的总结");
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("weekly-notes", TRUE, test_weekly_notes);
  GUI_TEST_ADD ("weekly-notes-while-importing", TRUE, test_weekly_notes_while_importing);

  return g_test_run ();
}
