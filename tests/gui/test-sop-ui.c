/* test-sop-ui.c: the SOP in the window. Today's SOP tasks: Copy puts the step's text with its
 * variables filled on the clipboard, Sent records who and when, Skip asks why and records it;
 * the Plan page's SOP section shows the fields the step's trigger reads; the Team place counts
 * each person's tasks due and overdue. */
#include "config.h"

#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/plan/co-plan.h"
#include "core/records/co-list.h"
#include "gui/plan/co-plan-page.h"
#include "core/sop/co-sop-tasks.h"
#include "gui/team/co-sop-load-group.h"
#include "gui/today/co-sop-section.h"
#include "gui/widgets/co-list-editor.h"
#include "gui/widgets/co-tooltip.h"
#include "core/store/co-store-private.h"
#include "core/store/co-write-queue.h"
#include "gui-test-util.h"

static gint64
add_step (Fixture    *f,
          gint64      group,
          const char *title,
          const char *text)
{
  g_autofree char *today = co_date_today ();
  gint64 step = co_list_add (f->store, CO_LIST_SOP_STEPS, group, NULL);

  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "title", title, NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "trigger", "once", NULL));
  /* Due at today's first minute: waiting, whenever the test runs. */
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "date", today, NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "time", "00:00", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "text", text, NULL));
  return step;
}

static GtkWidget *
section (Fixture *f)
{
  GtkWidget *found = find_widget (GTK_WIDGET (f->window), CO_TYPE_SOP_SECTION, 0);

  g_assert_nonnull (found);
  return found;
}

static GtkWidget *
task_row (Fixture    *f,
          const char *title)
{
  GtkWidget *row;

  for (guint i = 0; (row = find_widget (section (f), ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title))
      return row;
  return NULL;
}

typedef struct
{
  Fixture    *f;
  const char *title;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *wait = data;

  return task_row (wait->f, wait->title) != NULL;
}

static gboolean
row_gone (gpointer data)
{
  RowWait *wait = data;

  return task_row (wait->f, wait->title) == NULL;
}

static GtkWidget *
row_button (GtkWidget  *row,
            const char *tooltip)
{
  GtkWidget *button;

  for (guint i = 0; (button = find_widget (row, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (co_tooltip_get_text (button), tooltip) == 0)
      return button;
  g_assert_not_reached ();
}

static void
on_text_read (GObject      *clipboard,
              GAsyncResult *result,
              gpointer      data)
{
  char **text = data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return test_sql_count (f->store, sql);
}

static AdwMessageDialog *
skip_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return skip_dialog () != NULL;
}

static void
test_today_tasks (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "读书群", 0, NULL);
  RowWait topic = { f, "本周话题" }, survey = { f, "问卷" };
  g_autofree char *text = NULL;
  GtkWidget *row, *survey_row;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  add_step (f, group, "本周话题", "【本周话题】{群名}这周聊读书方法");
  add_step (f, group, "问卷", "{群名}问卷");
  co_window_show_place (f->window, "today");
  /* The tasks are made in a worker, then read. */
  wait_until (row_shown, &topic, "the SOP task to show on Today");
  wait_until (row_shown, &survey, "the second SOP task to show on Today");

  /* Copy: the text with the group's name on the clipboard. */
  row = task_row (f, "本周话题");
  g_signal_emit_by_name (row_button (row, "Copy the Text"), "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (row), NULL, on_text_read, &text);
  wait_until (is_set, &text, "the clipboard's text");
  g_assert_cmpstr (text, ==, "【本周话题】读书群这周聊读书方法");

  /* Sent: recorded, by someone, and the row goes; the row after it stays as it was shown. */
  survey_row = task_row (f, "问卷");
  g_signal_emit_by_name (row_button (row, "Record that it was posted, by whom and when"), "clicked");
  wait_until (row_gone, &topic, "the task sent to leave Today");
  g_assert_true (task_row (f, "问卷") == survey_row);
  g_assert_cmpint (count (f, "SELECT count (*) FROM sop_tasks WHERE state = 'sent' AND done_by IS NOT NULL"
                             " AND done_at IS NOT NULL"), ==, 1);

  /* Skip asks why; Skip is enabled once a reason is typed. */
  g_signal_emit_by_name (row_button (task_row (f, "问卷"), "Skip this task and say why"), "clicked");
  wait_until (dialog_shown, NULL, "the Skip dialog");
  dialog = skip_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "skip"));
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "群里在办活动");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "skip"));
  adw_message_dialog_response (dialog, "skip");
  wait_until (row_gone, &survey, "the task skipped to leave Today");
  g_assert_cmpint (count (f, "SELECT count (*) FROM sop_tasks WHERE state = 'skipped' AND reason = '群里在办活动'"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
expander_shown (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* The SOP editor shows a step's fields as its trigger reads them. */
static void
test_editor (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "读书群", 0, NULL);
  gint64 step = add_step (f, group, "本周话题", "本周话题");
  g_autofree char *title_field = g_strdup_printf ("item:sop_steps:%" G_GINT64_FORMAT ":title", step);
  g_autofree char *days_field = g_strdup_printf ("item:sop_steps:%" G_GINT64_FORMAT ":days", step);
  g_autofree char *date_field = g_strdup_printf ("item:sop_steps:%" G_GINT64_FORMAT ":date", step);
  g_autofree char *weekday_field = g_strdup_printf ("item:sop_steps:%" G_GINT64_FORMAT ":weekday", step);
  g_autofree char *expander_field = g_strdup_printf ("expander:sop_steps:%" G_GINT64_FORMAT, step);
  CoListEditor *editor = NULL;
  GtkWidget *page, *found, *expander;

  /* A group with a plan: the Plan page shows the editor, not the templates to start from. */
  g_assert_true (co_plan_set (f->store, group, "mission", "一起读书", NULL));
  co_window_select_group (f->window, group);
  wait_for_idle ();
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  wait_for_idle ();
  page = find_widget (GTK_WIDGET (f->window), CO_TYPE_PLAN_PAGE, 0);
  g_assert_true (co_plan_page_show_field (CO_PLAN_PAGE (page), title_field));
  wait_for_idle ();
  for (guint i = 0; (found = find_widget (page, CO_TYPE_LIST_EDITOR, i)) != NULL; i++)
    if (co_list_editor_lookup (CO_LIST_EDITOR (found), title_field) != NULL)
      editor = CO_LIST_EDITOR (found);
  g_assert_nonnull (editor);
  expander = co_list_editor_lookup (editor, expander_field);
  wait_until (expander_shown, expander, "the step to show");
  /* Its subtitle says when it is due, and that nobody does it. */
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (expander)), "Once, "));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (expander)), "Nobody is assigned"));

  /* Once: its date, not days or a weekday. */
  g_assert_true (gtk_widget_get_visible (co_list_editor_lookup (editor, date_field)));
  g_assert_false (gtk_widget_get_visible (co_list_editor_lookup (editor, days_field)));
  g_assert_false (gtk_widget_get_visible (co_list_editor_lookup (editor, weekday_field)));

  /* Weekly: its weekday. */
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "trigger", "weekly", NULL));
  co_list_editor_refresh (editor);
  g_assert_true (gtk_widget_get_visible (co_list_editor_lookup (editor, weekday_field)));
  g_assert_false (gtk_widget_get_visible (co_list_editor_lookup (editor, date_field)));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (expander)), "A weekly step needs a weekday"));
}

static gboolean
load_shown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *group = find_widget (GTK_WIDGET (f->window), CO_TYPE_SOP_LOAD_GROUP, 0);
  GtkWidget *label;

  for (guint i = 0; group != NULL && (label = find_widget (group, GTK_TYPE_LABEL, i)) != NULL; i++)
    if (g_str_equal (gtk_label_get_text (GTK_LABEL (label)), "1 due today · 1 overdue") && gtk_widget_get_mapped (label))
      return TRUE;
  return FALSE;
}

/* The Team place counts each person's tasks due today and overdue. */
static void
test_team_load (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "读书群", 0, NULL);
  gint64 step = add_step (f, group, "本周话题", "本周话题");
  gint64 wang = co_list_add (f->store, CO_LIST_STAFF, 0, NULL);
  g_autofree char *wang_text = g_strdup_printf ("%" G_GINT64_FORMAT, wang);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_assert_true (co_list_set (f->store, CO_LIST_STAFF, wang, "name", "小王", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_SOP_STEPS, step, "staff_id", wang_text, NULL));
  g_assert_true (co_sop_expand (f->store, 0, now, NULL));
  co_window_show_place (f->window, "team");
  wait_until (load_shown, f, "Wang's counts on the Team place");
}

/* Sent while an import in a worker holds the write lock: the click does not wait for it (the
 * window froze up to 5 s, then failed); the write is kept and said so, the row stays, and once
 * the import commits the task is recorded as sent and its row goes. */
static void
test_today_sent_while_importing (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "读书群", 0, NULL);
  RowWait topic = { f, "本周话题" };
  g_autoptr(CoStore) import = NULL;

  add_step (f, group, "本周话题", "【本周话题】{群名}这周聊读书方法");
  co_window_show_place (f->window, "today");
  wait_until (row_shown, &topic, "the SOP task to show on Today");

  import = hold_write_lock (f);

  g_signal_emit_by_name (row_button (task_row (f, "本周话题"), "Record that it was posted, by whom and when"),
                         "clicked");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM sop_tasks WHERE state = 'sent'"), ==, 0);
  wait_for_idle ();
  g_assert_nonnull (task_row (f, "本周话题"));

  release_write_lock (f, g_steal_pointer (&import));
  wait_until (row_gone, &topic, "the task sent to leave Today");
  g_assert_cmpint (count (f, "SELECT count (*) FROM sop_tasks WHERE state = 'sent' AND done_by IS NOT NULL"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("today-tasks", FALSE, test_today_tasks);
  GUI_TEST_ADD ("sop-editor", FALSE, test_editor);
  GUI_TEST_ADD ("team-load", FALSE, test_team_load);
  GUI_TEST_ADD ("today-sent-while-importing", FALSE, test_today_sent_while_importing);

  return g_test_run ();
}
