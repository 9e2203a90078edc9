/* test-figures.c: the Daily Figures grid: a day's figures entered with Enter moving down, a
 * refused value kept and marked without changing anything, and the weekly report on the Reports
 * page showing what was entered; headers that break between words only (Chinese ones not at
 * all), the group column pinned while the figures scroll sideways, and the groups founded after
 * the day named, each with a link to its founding day; a figure entered while an import holds the
 * write lock, written once it has finished. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-figures.h"
#include "core/store/co-backup.h"
#include "core/store/co-import.h"
#include "core/store/co-write-queue.h"
#include "gui/figures/co-figures-page.h"
#include "gui/reports/co-reports-page.h"
#include "gui/widgets/co-pinned-cell.h"
#include "gui/widgets/co-tooltip.h"
#include "gui-test-util.h"

/* The weekly report's figure @title, as its table (and CSV export) has it. */
static char *
weekly_value (CoReportsPage *reports,
              const char    *title)
{
  CoTable *table = co_reports_page_get_table (reports);

  for (guint row = 1; table != NULL && row < co_table_get_n_rows (table); row++)
    if (g_str_equal (co_table_get (table, row, 0), "Key Figures") && g_str_equal (co_table_get (table, row, 1), title))
      return g_strdup (co_table_get (table, row, 2));
  return NULL;
}

/* Enter a day's figures in the grid with Enter moving down; a refused value stays, marked, and
 * changes nothing; the weekly report then shows what was entered. */
static void
test_figures_grid_to_weekly_report (Fixture *f, gconstpointer data)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  CoFiguresPage *grid = CO_FIGURES_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_FIGURES_PAGE, 0));
  CoReportsPage *reports = CO_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_REPORTS_PAGE, 0));
  gint64 trail = 0, below = 0;  /* the row under Trail Running's */
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);
  g_autofree char *messages_before = NULL, *messages_after = NULL, *expected = NULL, *typed = NULL;
  GtkWidget *messages, *members, *next;
  CoDayFigures day;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      if (g_str_equal (co_group_get_name (group), "Trail Running Gear Fans"))
        trail = co_group_get_id (group);
      if (g_str_equal (co_group_get_name (group), "Neighbourhood Mutual Aid"))
        below = co_group_get_id (group);
    }
  g_assert_cmpint (trail, !=, 0);

  /* The weekly report of the week holding yesterday, before. */
  co_window_show_place (f->window, "reports");
  co_reports_page_show_week (reports, trail, yesterday);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_widget (GTK_WIDGET (reports), ADW_TYPE_VIEW_STACK, 0)),
                                         "weekly");
  /* The page reads the store when idle after a change, or at once when its table is asked for. */
  messages_before = weekly_value (reports, "Messages");
  g_assert_nonnull (messages_before);

  /* Yesterday's messages typed over, and Enter: saved, and the cell below has focus. */
  co_window_show_place (f->window, "figures");
  co_figures_page_set_date (grid, yesterday);
  /* Asking for an entry builds the grid if a change is waiting. */
  g_assert_true (co_figures_get (f->store, trail, yesterday, &day, NULL));
  messages = co_figures_page_get_entry (grid, trail, CO_FIGURE_MESSAGES);
  g_assert_nonnull (messages);
  g_assert_cmpint (g_ascii_strtoll (gtk_editable_get_text (GTK_EDITABLE (messages)), NULL, 10), ==,
                   day.values[CO_FIGURE_MESSAGES]);
  gtk_widget_grab_focus (messages);
  typed = g_strdup_printf ("%" G_GINT64_FORMAT, day.values[CO_FIGURE_MESSAGES] + 1000);
  gtk_editable_set_text (GTK_EDITABLE (messages), typed);
  /* Enter saves the cell and moves the focus before it returns. */
  g_signal_emit_by_name (messages, "activate");
  next = co_figures_page_get_entry (grid, below, CO_FIGURE_MESSAGES);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), next) ||
                 gtk_root_get_focus (GTK_ROOT (f->window)) == next);
  g_assert_true (co_figures_get (f->store, trail, yesterday, &day, NULL));
  g_assert_cmpint (day.values[CO_FIGURE_MESSAGES], ==, g_ascii_strtoll (typed, NULL, 10));

  /* More left than there are members: refused, the cell keeps the text, marked, and the store
   * is as it was. */
  members = co_figures_page_get_entry (grid, trail, CO_FIGURE_LEFT);
  gtk_widget_grab_focus (members);
  gtk_editable_set_text (GTK_EDITABLE (members), "100000");
  g_signal_emit_by_name (members, "activate");
  g_assert_true (gtk_widget_has_css_class (members, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (members)), ==, "100000");
  g_assert_nonnull (strstr (co_tooltip_get_text (members), "Trail Running Gear Fans"));
  {
    CoDayFigures after;
    g_assert_true (co_figures_get (f->store, trail, yesterday, &after, NULL));
    g_assert_cmpint (after.values[CO_FIGURE_LEFT], ==, day.values[CO_FIGURE_LEFT]);
  }
  gtk_editable_set_text (GTK_EDITABLE (members), "");
  g_signal_emit_by_name (members, "activate");

  /* The weekly report now counts the 1,000 messages more. */
  co_window_show_place (f->window, "reports");
  messages_after = weekly_value (reports, "Messages");
  expected = g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (messages_before, NULL, 10) + 1000);
  g_assert_cmpstr (messages_after, ==, expected);
}

static gint64
group_named (Fixture    *f,
             const char *name)
{
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      if (g_str_equal (co_group_get_name (group), name))
        return co_group_get_id (group);
    }
  g_error ("No group %s", name);
}

/* The figures' header labels, laid out in the window, checked: a line of a header starts only
 * after a space; with @one_line, each header is one line. */
static void
check_headers (CoFiguresPage *page,
               gint64         group_id,
               gboolean       one_line)
{
  GtkWidget *grid = gtk_widget_get_ancestor (co_figures_page_get_entry (page, group_id, 0), GTK_TYPE_GRID);

  wait_for_frame (grid);
  for (guint f = 0; f < CO_N_FIGURES; f++)
    {
      GtkLabel *header = GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (grid), (int) f + 1, 0));
      PangoLayout *layout = gtk_label_get_layout (header);
      const char *text = pango_layout_get_text (layout);

      g_test_message ("%s: %d lines", text, pango_layout_get_line_count (layout));
      g_assert_cmpstr (text, ==, _(co_figure_spec (f)->title));
      for (GSList *l = pango_layout_get_lines_readonly (layout)->next; l != NULL; l = l->next)
        {
          const char *start = text + ((PangoLayoutLine *) l->data)->start_index;
          g_assert_true (g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (start))));
        }
      if (one_line)
        g_assert_cmpint (pango_layout_get_line_count (layout), ==, 1);
    }
}

/* In Chinese a header stays whole ("新增人数", never "新增人/数"); in English it breaks only
 * between its words. */
static void
test_figures_headers_whole (Fixture *f, gconstpointer data)
{
  CoFiguresPage *page = CO_FIGURES_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_FIGURES_PAGE, 0));
  gint64 trail = group_named (f, "Trail Running Gear Fans");
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  co_window_show_place (f->window, "figures");
  co_figures_page_set_date (page, "2026-12-05");
  check_headers (page, trail, FALSE);

  /* The page builds its headers again for each day, in the language of the moment. */
  test_bind_translations ();
  textdomain (GETTEXT_PACKAGE);
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    g_error ("The zh_CN.UTF-8 locale is missing: run build-aux/install-deps");
  co_figures_page_set_date (page, "2026-12-04");
  g_assert_cmpstr (_(co_figure_spec (CO_FIGURE_JOINED)->title), ==, "新增人数");
  check_headers (page, trail, TRUE);
  setlocale (LC_ALL, saved);
}

/* The group column stays while the figures scroll sideways, and a scrollbar says more follow. */
static void
test_figures_group_column_pinned (Fixture *f, gconstpointer data)
{
  CoFiguresPage *page = CO_FIGURES_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_FIGURES_PAGE, 0));
  gint64 trail = group_named (f, "Trail Running Gear Fans");
  GtkWidget *entry, *grid, *pinned;
  int row;

  co_window_show_place (f->window, "figures");
  co_figures_page_set_date (page, "2026-12-05");
  entry = co_figures_page_get_entry (page, trail, 0);
  grid = gtk_widget_get_ancestor (entry, GTK_TYPE_GRID);
  gtk_grid_query_child (GTK_GRID (grid), entry, NULL, &row, NULL, NULL);
  pinned = gtk_grid_get_child_at (GTK_GRID (grid), 0, row);
  g_assert_true (CO_IS_PINNED_CELL (pinned));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (co_pinned_cell_get_child (CO_PINNED_CELL (pinned)))), ==,
                   "Trail Running Gear Fans");
  assert_pinned_when_scrolled (co_pinned_cell_get_child (CO_PINNED_CELL (pinned)), entry);
}

/* A group founded after the day is not in its grid, and the page says so, naming it, with a link
 * to its founding day that shows it. */
static void
test_figures_later_groups (Fixture *f, gconstpointer data)
{
  CoFiguresPage *page = CO_FIGURES_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_FIGURES_PAGE, 0));
  gint64 second = group_named (f, "Literature Exchange Group 2");
  g_autoptr(GError) error = NULL;
  GtkLabel *note;
  gboolean handled = FALSE;

  g_assert_true (co_group_set_field (f->store, second, CO_GROUP_FIELD_FOUNDING_DATE, "2026-12-15", &error));
  co_window_show_place (f->window, "figures");
  co_figures_page_set_date (page, "2026-12-10");
  g_assert_null (co_figures_page_get_entry (page, second, 0));
  note = co_figures_page_get_later_note (page);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (note)));
  g_assert_nonnull (strstr (gtk_label_get_text (note), "Literature Exchange Group 2"));
  g_assert_nonnull (strstr (gtk_label_get_text (note), "founded after this day"));
  g_assert_nonnull (strstr (gtk_label_get_label (note), "href=\"2026-12-15\""));

  /* The link, as a click or Enter on it: the founding day, with the group in its grid. */
  g_signal_emit_by_name (note, "activate-link", "2026-12-15", &handled);
  g_assert_true (handled);
  g_assert_nonnull (co_figures_page_get_entry (page, second, 0));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (co_figures_page_get_later_note (page))));
}

/* A figure entered while an import holds the write lock: Enter returns at once and moves down,
 * the figure is kept to be written; once the import has finished it is written and its cell
 * shows it, unmarked. */
static void
test_figure_while_importing (Fixture *f, gconstpointer data)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  CoFiguresPage *grid = CO_FIGURES_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_FIGURES_PAGE, 0));
  gint64 trail = group_named (f, "Trail Running Gear Fans");
  g_autoptr(CoStore) import = NULL;
  g_autofree char *typed = NULL;
  GtkWidget *messages;
  CoDayFigures day;
  gint64 before;

  co_window_show_place (f->window, "figures");
  co_figures_page_set_date (grid, yesterday);
  g_assert_true (co_figures_get (f->store, trail, yesterday, &day, NULL));
  before = day.values[CO_FIGURE_MESSAGES];
  messages = co_figures_page_get_entry (grid, trail, CO_FIGURE_MESSAGES);
  gtk_widget_grab_focus (messages);
  typed = g_strdup_printf ("%" G_GINT64_FORMAT, before + 7);
  gtk_editable_set_text (GTK_EDITABLE (messages), typed);

  import = hold_write_lock (f);
  g_signal_emit_by_name (messages, "activate");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_false (gtk_widget_has_focus (messages));
  g_assert_true (co_figures_get (f->store, trail, yesterday, &day, NULL));
  g_assert_cmpint (day.values[CO_FIGURE_MESSAGES], ==, before);
  wait_for_idle ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (messages)), ==, typed);

  release_write_lock (f, g_steal_pointer (&import));
  g_assert_true (co_figures_get (f->store, trail, yesterday, &day, NULL));
  g_assert_cmpint (day.values[CO_FIGURE_MESSAGES], ==, before + 7);
  messages = co_figures_page_get_entry (grid, trail, CO_FIGURE_MESSAGES);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (messages)), ==, typed);
  g_assert_false (gtk_widget_has_css_class (messages, "error"));
}

static guint
n_backups (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = co_backup_list (f->store, &error);

  g_assert_no_error (error);
  return backups->len;
}

static gboolean
shows_importing (gpointer window)
{
  return count_mapped_labels (window, "Importing… The window can be used meanwhile.") > 0;
}

static gboolean
shows_imported (gpointer window)
{
  return count_mapped_labels (window, "1 day of figures imported") > 0;
}

/* The daily figures' CSV import while another connection holds the write lock: the response
 * returns at once, the window goes on drawing and says that it imports; no backup is made
 * while it waits (one per try was the reason it stayed on the main thread), and once the lock
 * is free the days are written after one backup, and Ctrl+Z can undo them. */
static void
test_figures_import_behind_lock (Fixture *f, gconstpointer data)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  CoFiguresPage *grid = CO_FIGURES_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_FIGURES_PAGE, 0));
  gint64 trail = group_named (f, "Trail Running Gear Fans");
  g_autofree char *csv = g_strdup_printf ("date,group,members_total\n%s,Trail Running Gear Fans,999\n", yesterday);
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  guint backups_before = n_backups (f);
  AdwMessageDialog *dialog;
  CoStore *import;
  CoDayFigures day;

  co_window_show_place (f->window, "figures");
  import = hold_write_lock (f);
  dialog = co_figures_page_preview_import (grid, bytes);
  g_assert_true (adw_message_dialog_has_response (dialog, "import"));
  adw_message_dialog_response (dialog, "import");
  wait_until (shows_importing, f->window, "the toast saying the import waits, the window usable");
  wait_for_frame (GTK_WIDGET (f->window));
  save_screenshot (GTK_WIDGET (f->window), "figures-import-behind-lock");
  g_assert_cmpuint (n_backups (f), ==, backups_before);
  g_assert_true (co_figures_get (f->store, trail, yesterday, &day, NULL));
  g_assert_cmpint (day.values[CO_FIGURE_MEMBERS_TOTAL], !=, 999);

  release_write_lock (f, import);
  wait_until (shows_imported, f->window, "the toast saying the days were imported");
  g_assert_true (co_figures_get (f->store, trail, yesterday, &day, NULL));
  g_assert_cmpint (day.values[CO_FIGURE_MEMBERS_TOTAL], ==, 999);
  g_assert_cmpuint (n_backups (f), ==, backups_before + 1);
  g_assert_true (co_import_can_undo (f->store));
}

/* A file with a problem: said with where and why, nothing to import, no backup made. */
static void
test_figures_import_refused (Fixture *f, gconstpointer data)
{
  CoFiguresPage *grid = CO_FIGURES_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_FIGURES_PAGE, 0));
  const char *csv = "date,group,members_total\n2026-13-45,Trail Running Gear Fans,many\n";
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  guint backups_before = n_backups (f);
  g_autoptr(AdwMessageDialog) dialog = NULL;

  co_window_show_place (f->window, "figures");
  dialog = g_object_ref (co_figures_page_preview_import (grid, bytes));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The File Cannot Be Imported");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Nothing was imported"));
  g_assert_false (adw_message_dialog_has_response (dialog, "import"));
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (n_backups (f), ==, backups_before);
  g_assert_false (co_import_can_undo (f->store));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("figures-grid-to-weekly-report", TRUE, test_figures_grid_to_weekly_report);
  GUI_TEST_ADD ("figures-headers-whole", TRUE, test_figures_headers_whole);
  GUI_TEST_ADD ("figures-group-column-pinned", TRUE, test_figures_group_column_pinned);
  GUI_TEST_ADD ("figures-later-groups", TRUE, test_figures_later_groups);
  GUI_TEST_ADD ("figure-while-importing", TRUE, test_figure_while_importing);
  GUI_TEST_ADD ("figures-import-behind-lock", TRUE, test_figures_import_behind_lock);
  GUI_TEST_ADD ("figures-import-refused", TRUE, test_figures_import_refused);

  return g_test_run ();
}
