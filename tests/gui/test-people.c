/* test-people.c: the New Member dialog checks as the user types and adds; a member's timeline
 * takes a note and gives it back after Remove and Undo; Today's follow-ups are done and
 * snoozed there. */
#include "config.h"

#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-channel.h"
#include "core/members/co-member-edit.h"
#include "core/members/co-member-notes.h"
#include "core/members/co-tag.h"
#include "gui/members/co-member-source.h"
#include "gui/members/co-member-timeline.h"
#include "gui/members/co-member-window.h"
#include "gui/members/co-members-page.h"
#include "gui/members/co-new-member-dialog.h"
#include "gui/today/co-today-page.h"
#include "core/store/co-store-private.h"
#include "core/store/co-write-queue.h"
#include "gui-test-util.h"

static GtkWidget *
toplevel_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return toplevel_of_type (CO_TYPE_NEW_MEMBER_DIALOG) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return !dialog_shown (data);
}

/* The shown label under @root whose text contains @text, or NULL. */
static GtkWidget *
shown_label (GtkWidget  *root,
             const char *text)
{
  GtkWidget *label;

  for (guint i = 0; (label = find_widget (root, GTK_TYPE_LABEL, i)) != NULL; i++)
    if (gtk_widget_get_visible (label) && strstr (gtk_label_get_label (GTK_LABEL (label)), text) != NULL)
      return label;
  return NULL;
}

static void
test_new_member (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "文献交流1群", 0, NULL);
  CoMemberDraft existing = { { "张三", [CO_MEMBER_CONTACT] = "wx-zhang" } };
  gint64 poster = co_channel_ensure (f->store, "海报", NULL);
  gint64 shenzhen = co_tag_add (f->store, co_tag_group_add (f->store, "地区", NULL), "深圳", NULL);
  GtkWidget *page, *check;
  GtkWidget *dialog, *nickname, *contact, *joined, *add;
  g_autofree char *today = co_date_today ();

  g_assert_cmpint (co_member_create (f->store, group, &existing, NULL), >, 0);
  co_window_select_group (f->window, group);
  adw_view_stack_set_visible_child_name (group_view_stack (f), "members");
  wait_for_idle ();
  /* The group's page, not All Members'. */
  page = find_widget (GTK_WIDGET (group_view_stack (f)), CO_TYPE_MEMBERS_PAGE, 0);
  g_assert_true (gtk_widget_activate_action (page, "members.new-member", NULL));
  wait_until (dialog_shown, NULL, "the New Member dialog to show");
  dialog = toplevel_of_type (CO_TYPE_NEW_MEMBER_DIALOG);
  nickname = find_widget (dialog, ADW_TYPE_ENTRY_ROW, 0);
  contact = find_widget (dialog, ADW_TYPE_ENTRY_ROW, 2);
  joined = find_widget (dialog, ADW_TYPE_ENTRY_ROW, 3);
  add = wait_for_button (dialog, "_Add");

  /* Empty, the form cannot be added, and says nothing yet; the joining day is today. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (joined)), ==, today);
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_false (gtk_widget_has_css_class (nickname, "error"));

  /* Someone the group has: the reason at the contact, in full under its group. */
  gtk_editable_set_text (GTK_EDITABLE (nickname), "李四");
  gtk_editable_set_text (GTK_EDITABLE (contact), "wx-zhang");
  g_assert_true (gtk_widget_has_css_class (contact, "error"));
  g_assert_false (gtk_widget_has_css_class (nickname, "error"));
  g_assert_nonnull (shown_label (dialog, "“张三” already has this contact in the group."));
  g_assert_false (gtk_widget_get_sensitive (add));

  /* An impossible day: the reason moves to the date. */
  gtk_editable_set_text (GTK_EDITABLE (contact), "wx-li");
  gtk_editable_set_text (GTK_EDITABLE (joined), "2025-02-30");
  g_assert_false (gtk_widget_has_css_class (contact, "error"));
  g_assert_true (gtk_widget_has_css_class (joined, "error"));
  g_assert_nonnull (shown_label (dialog, "is not a date"));
  g_assert_null (shown_label (dialog, "already has this contact"));
  g_assert_false (gtk_widget_get_sensitive (add));

  /* Notes of 100,000 characters pasted: refused with the reason, the window still drawing. */
  {
    GtkTextView *notes = GTK_TEXT_VIEW (find_widget (dialog, GTK_TYPE_TEXT_VIEW, 0));
    GString *huge = g_string_new (NULL);
    gint64 start;

    gtk_editable_set_text (GTK_EDITABLE (joined), "2025-03-01");
    for (int i = 0; i < 100000; i++)
      g_string_append_unichar (huge, 0x5B57 + i % 7);
    start = g_get_monotonic_time ();
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (notes), huge->str, -1);
    wait_for_frame (GTK_WIDGET (notes));
    g_test_message ("100,000 characters of notes took %" G_GINT64_FORMAT " ms to check and draw",
                    (g_get_monotonic_time () - start) / 1000);
    g_assert_nonnull (shown_label (dialog, "20000"));
    g_assert_false (gtk_widget_get_sensitive (add));
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (notes), "", -1);
    g_assert_null (shown_label (dialog, "20000"));
    g_string_free (huge, TRUE);
  }

  /* The channel chosen, and a tag ticked as a person would. */
  co_channel_row_set_channel (find_widget (dialog, ADW_TYPE_COMBO_ROW, 0), poster);
  for (guint i = 0; (check = find_widget (dialog, GTK_TYPE_CHECK_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), "深圳") == 0)
      break;
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);

  /* Fixed, it adds, and the dialog goes. */
  gtk_editable_set_text (GTK_EDITABLE (joined), "2025年3月1日");
  g_assert_false (gtk_widget_has_css_class (joined, "error"));
  g_assert_true (gtk_widget_get_sensitive (add));
  g_signal_emit_by_name (add, "clicked");
  wait_until (dialog_gone, NULL, "the New Member dialog to close");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM memberships s JOIN members m"
                                             " ON m.id = s.member_id WHERE m.nickname = '李四'"
                                             " AND m.contact = 'wx-li' AND s.joined_date = '2025-03-01'"), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM memberships s JOIN members m ON m.id = s.member_id"
                                            " JOIN member_tags t ON t.member_id = m.id"
                                            " WHERE m.nickname = '李四' AND s.channel_id = %" G_GINT64_FORMAT
                                            " AND t.tag_id = %" G_GINT64_FORMAT, poster, shenzhen);

    g_assert_cmpint (test_sql_count (f->store, sql), ==, 1);
  }
}

static gboolean
says_kept (gpointer dialog)
{
  return count_mapped_labels (dialog, "An import or a sync is writing to the workspace: this change is saved as soon "
                                      "as it is done.") == 1;
}

static gboolean
shows_added (gpointer window)
{
  return count_mapped_labels (window, "“李四” added to the group") == 1;
}

/* While an import holds the write lock, Add keeps the new member: the dialog stays, Add off, and
 * nothing is written; once the lock is free the member is written with what was typed then, the
 * dialog goes and the page says who was added. */
static void
test_new_member_while_importing (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "文献交流1群", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  g_autoptr(CoStore) import = NULL;
  GtkWidget *dialog, *nickname, *contact, *add;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.new-member", NULL));
  wait_until (dialog_shown, NULL, "the New Member dialog to show");
  dialog = toplevel_of_type (CO_TYPE_NEW_MEMBER_DIALOG);
  nickname = find_widget (dialog, ADW_TYPE_ENTRY_ROW, 0);
  contact = find_widget (dialog, ADW_TYPE_ENTRY_ROW, 2);
  add = wait_for_button (dialog, "_Add");
  gtk_editable_set_text (GTK_EDITABLE (nickname), "李四");
  gtk_editable_set_text (GTK_EDITABLE (contact), "wx-li");
  g_assert_true (gtk_widget_get_sensitive (add));

  import = hold_write_lock (f);
  g_signal_emit_by_name (add, "clicked");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_true (dialog_shown (NULL));
  g_assert_false (gtk_widget_get_sensitive (add));
  /* Typed meanwhile: not what is added, and Add stays off. */
  gtk_editable_set_text (GTK_EDITABLE (contact), "wx-li-2");
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM members WHERE nickname = '李四'"), ==, 0);
  /* The dialog says why. */
  wait_until (says_kept, dialog, "the dialog to say that the member is kept");
  wait_for_frame (dialog);
  save_screenshot (dialog, "new-member-kept");

  release_write_lock (f, g_steal_pointer (&import));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM memberships s JOIN members m"
                                             " ON m.id = s.member_id WHERE m.nickname = '李四'"
                                             " AND m.contact = 'wx-li'"), ==, 1);
  wait_until (dialog_gone, NULL, "the New Member dialog to close");
  wait_until (shows_added, f->window, "the page to say who was added");
}

static GtkWidget *
row_titled (GtkWidget  *root,
            GType       type,
            const char *title)
{
  GtkWidget *row;

  for (guint i = 0; (row = find_widget (root, type, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return row;
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *title;
} Titled;

static gboolean
has_row (gpointer data)
{
  Titled *wanted = data;
  return row_titled (wanted->root, ADW_TYPE_ACTION_ROW, wanted->title) != NULL;
}

static gboolean
has_no_row (gpointer data)
{
  return !has_row (data);
}

static void
test_timeline_note (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "文献交流1群", 0, NULL);
  CoMemberDraft draft = { { "张三" } };
  gint64 id = co_member_create (f->store, group, &draft, NULL);
  GtkWidget *window = co_member_window_new (GTK_WINDOW (f->window), f->store, id);
  GtkWidget *timeline = find_widget (window, CO_TYPE_MEMBER_TIMELINE, 0);
  GtkWidget *note_row = row_titled (timeline, ADW_TYPE_ENTRY_ROW, "Write a Note");
  Titled note = { timeline, "问了付费方案，周五回电" };
  GtkWidget *row;

  gtk_window_present (GTK_WINDOW (window));
  co_member_window_show_timeline (CO_MEMBER_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  g_assert_nonnull (row_titled (timeline, ADW_TYPE_ACTION_ROW, "Joined the group"));
  gtk_editable_set_text (GTK_EDITABLE (note_row), note.title);
  g_signal_emit_by_name (note_row, "apply");
  wait_until (has_row, &note, "the note to show in the timeline");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note_row)), ==, "");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM member_notes WHERE deleted_at IS NULL"), ==, 1);

  /* Removed, and back with Undo. */
  row = row_titled (timeline, ADW_TYPE_ACTION_ROW, note.title);
  g_signal_emit_by_name (find_widget (row, GTK_TYPE_BUTTON, 0), "clicked");
  wait_until (has_no_row, &note, "the note to leave the timeline");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM member_notes WHERE deleted_at IS NULL"), ==, 0);
  g_signal_emit_by_name (wait_for_button (window, "_Undo"), "clicked");
  wait_until (has_row, &note, "the note to come back");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM member_notes WHERE deleted_at IS NULL"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A note added while an import in a worker holds the write lock: the field is cleared at once,
 * the note kept (the window froze up to 5 s, then failed) and in the timeline once the import
 * commits. A note that cannot be written gives its text back to the field. */
static void
test_timeline_note_while_importing (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "文献交流1群", 0, NULL);
  CoMemberDraft draft = { { "张三" } };
  gint64 id = co_member_create (f->store, group, &draft, NULL);
  GtkWidget *window = co_member_window_new (GTK_WINDOW (f->window), f->store, id);
  GtkWidget *timeline = find_widget (window, CO_TYPE_MEMBER_TIMELINE, 0);
  GtkWidget *note_row = row_titled (timeline, ADW_TYPE_ENTRY_ROW, "Write a Note");
  Titled note = { timeline, "导入时写的备注" };
  g_autoptr(CoStore) import = NULL;

  gtk_window_present (GTK_WINDOW (window));
  co_member_window_show_timeline (CO_MEMBER_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));

  import = hold_write_lock (f);
  gtk_editable_set_text (GTK_EDITABLE (note_row), note.title);
  g_signal_emit_by_name (note_row, "apply");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note_row)), ==, "");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM member_notes"), ==, 0);

  release_write_lock (f, g_steal_pointer (&import));
  wait_until (has_row, &note, "the note to show in the timeline");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM member_notes WHERE deleted_at IS NULL"), ==, 1);

  /* Nothing but spaces: refused, and given back. */
  gtk_editable_set_text (GTK_EDITABLE (note_row), "   ");
  g_signal_emit_by_name (note_row, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note_row)), ==, "   ");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM member_notes WHERE deleted_at IS NULL"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The referrer in the member's window: typing the start of a contact offers the person, Enter
 * takes them and saves; the member themself is not offered; emptying the field clears it. */
static void
test_referrer (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "文献交流1群", 0, NULL);
  CoMemberDraft zhang = { { "张三", [CO_MEMBER_CONTACT] = "wx-zhang" } };
  CoMemberDraft zhao = { { "赵四", [CO_MEMBER_CONTACT] = "wx-zhao" } };
  gint64 id, referrer_id = co_member_create (f->store, group, &zhang, NULL);
  GtkWidget *window, *picker;

  id = co_member_create (f->store, group, &zhao, NULL);
  window = co_member_window_new (GTK_WINDOW (f->window), f->store, id);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  picker = row_titled (window, ADW_TYPE_ENTRY_ROW, "Referred By");
  g_assert_nonnull (picker);

  /* Only 张三: 赵四 is the member whose window this is. (The matches drop down only for typing
   * with the focus in the field; the program's text here offers them to Enter alone.) */
  gtk_editable_set_text (GTK_EDITABLE (picker), "wx-z");
  g_signal_emit_by_name (picker, "entry-activated");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (picker)), ==, "张三");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM memberships s JOIN members r"
                                             " ON r.id = s.referrer_id WHERE r.nickname = '张三'"), ==, 1);
  g_assert_cmpint (referrer_id, >, 0);

  gtk_editable_set_text (GTK_EDITABLE (picker), "");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count(*) FROM memberships WHERE referrer_id IS NOT NULL"), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_today_follow_ups (Fixture *f, gconstpointer data)
{
  GtkWidget *today = find_widget (GTK_WIDGET (f->window), CO_TYPE_TODAY_PAGE, 0);
  Titled due_today = { today, "Call back about the paid plan" };
  Titled overdue = { today, "Send the download coupon promised at the meetup" };
  g_autofree char *date = co_date_today ();
  g_autofree char *next_week = co_date_add_days (date, 7);
  g_autofree char *sql = NULL;
  GtkWidget *row;

  co_window_show_place (f->window, "today");
  wait_until (has_row, &due_today, "the follow-up due today on Today");
  wait_until (has_row, &overdue, "the overdue follow-up on Today");
  row = row_titled (today, ADW_TYPE_ACTION_ROW, due_today.title);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "due today"));

  /* Done there: off the list, done today in the store. */
  g_signal_emit_by_name (wait_for_button (row, "_Done"), "clicked");
  wait_until (has_no_row, &due_today, "the follow-up done to leave Today");
  sql = g_strdup_printf ("SELECT count(*) FROM follow_ups WHERE body = '%s' AND done_date = '%s'", due_today.title,
                         date);
  g_assert_cmpint (test_sql_count (f->store, sql), ==, 1);

  /* Snoozed for a week: off the list, due a week from today. */
  row = row_titled (today, ADW_TYPE_ACTION_ROW, overdue.title);
  g_assert_true (gtk_widget_activate_action (row, "follow-up.snooze", "i", 7));
  wait_until (has_no_row, &overdue, "the snoozed follow-up to leave Today");
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM follow_ups WHERE body = '%s' AND due_date = '%s'", overdue.title,
                         next_week);
  g_assert_cmpint (test_sql_count (f->store, sql), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("new-member", FALSE, test_new_member);
  GUI_TEST_ADD ("new-member-while-importing", FALSE, test_new_member_while_importing);
  GUI_TEST_ADD ("timeline-note", FALSE, test_timeline_note);
  GUI_TEST_ADD ("timeline-note-while-importing", FALSE, test_timeline_note_while_importing);
  GUI_TEST_ADD ("referrer", FALSE, test_referrer);
  GUI_TEST_ADD ("today-follow-ups", TRUE, test_today_follow_ups);

  return g_test_run ();
}
