/* test-chat-import-dialog.c: Import Chat… on a group's Members page, through its dialog: a Telegram
 * export read in a worker, its preview's figures, the import with its toast and the new members
 * listed; a broken file's message and only Close; a full export's chat chosen from a list;
 * Cancel while reading and while writing, each saying so and writing nothing; text pasted from
 * WeChat, which has no dates, asking for its day first; a file's problems listed, no Import. */
#include "config.h"

#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-list.h"
#include "core/store/co-import.h"
#include "gui/members/co-members-page.h"
#include "gui-test-util.h"

#define MESSAGE(id, time, name, user, text) \
  "{\"id\": " id ", \"type\": \"message\", \"date_unixtime\": \"" time "\", \"from\": \"" name "\"," \
  " \"from_id\": \"" user "\", \"text\": \"" text "\"}"

/* Beijing time (main() sets TZ): 2026-11-01 to 2026-11-03. Alice and Bob write; Alice adds
 * Carol, who writes; Erin joins by link and leaves. */
static const char export_text[] =
  "{\"name\": \"读书会\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
  MESSAGE ("1", "1793494800", "Alice", "user1", "hi") ",\n"
  MESSAGE ("2", "1793498400", "Bob", "user2", "hello") ",\n"
  " {\"id\": 3, \"type\": \"service\", \"date_unixtime\": \"1793581200\", \"actor\": \"Alice\", \"actor_id\": \"user1\","
  "  \"action\": \"invite_members\", \"members\": [\"Carol\"]},\n"
  MESSAGE ("4", "1793581500", "Carol", "user3", "thanks") ",\n"
  " {\"id\": 5, \"type\": \"service\", \"date_unixtime\": \"1793584800\", \"actor\": \"Erin\", \"actor_id\": \"user5\","
  "  \"action\": \"join_group_by_link\", \"inviter\": \"Alice\"},\n"
  " {\"id\": 6, \"type\": \"service\", \"date_unixtime\": \"1793667600\", \"actor\": \"Erin\", \"actor_id\": \"user5\","
  "  \"action\": \"remove_members\", \"members\": [\"Erin\"]},\n"
  MESSAGE ("7", "1793671200", "Bob", "user2", "bye") "\n"
  "]}\n";

/* Cut in the middle of its third message. */
static const char broken_text[] =
  "{\"name\": \"读书会\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
  MESSAGE ("1", "1793494800", "Alice", "user1", "hi") ",\n"
  MESSAGE ("2", "1793498400", "Bob", "user2", "hello") ",\n"
  "{\"id\": 3, \"type\": \"message\", \"date_unixtime\": \"17934";

static const char full_export[] =
  "{\"about\": \"Here is the data you requested.\",\n"
  " \"personal_information\": {\"user_id\": 1, \"first_name\": \"Me\"},\n"
  " \"chats\": {\"about\": \"...\", \"list\": [\n"
  "  {\"name\": \"读书会\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
  "    " MESSAGE ("1", "1793494860", "Alice", "user1", "a") "]},\n"
  "  {\"name\": \"跑步群\", \"type\": \"public_supergroup\", \"id\": 2, \"messages\": [\n"
  "    " MESSAGE ("1", "1793494860", "Bob", "user2", "b") ",\n"
  "    " MESSAGE ("2", "1793494870", "Carol", "user3", "c") "]}\n"
  " ]},\n"
  " \"left_chats\": {\"about\": \"...\", \"list\": []}\n"
  "}\n";

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *text,
            gssize      length)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* The dialog's preview is shown: its Import response exists and can be given. */
static gboolean
shows_preview (gpointer dialog)
{
  return adw_message_dialog_has_response (dialog, "import") &&
         adw_message_dialog_get_response_enabled (dialog, "import");
}

/* A label shown under @root whose text starts with, or holds, @text. */
typedef struct
{
  gpointer    root;
  const char *text;
} Text;

static GtkLabel *
shown_label (gpointer    root,
             const char *text,
             gboolean    anywhere)
{
  GtkWidget *label;

  for (guint i = 0; (label = find_widget (root, GTK_TYPE_LABEL, i)) != NULL; i++)
    {
      const char *shown = gtk_label_get_label (GTK_LABEL (label));

      if (gtk_widget_get_mapped (label) && (anywhere ? strstr (shown, text) != NULL : g_str_has_prefix (shown, text)))
        return GTK_LABEL (label);
    }
  return NULL;
}

static gboolean
shows_label_starting (gpointer data)
{
  Text *wanted = data;

  return shown_label (wanted->root, wanted->text, FALSE) != NULL;
}

static gboolean
shows_label_holding (gpointer data)
{
  Text *wanted = data;

  return shown_label (wanted->root, wanted->text, TRUE) != NULL;
}

static gboolean
says (gpointer data)
{
  Text *wanted = data;

  return count_mapped_labels (wanted->root, wanted->text) > 0;
}

static void
click (AdwMessageDialog *dialog,
       const char       *label)
{
  GtkWidget *button = wait_for_button (GTK_WIDGET (dialog), label);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The chat's people who are still in the group: Erin left. */
static gboolean
has_members (gpointer model)
{
  return members_loaded (model) && g_list_model_get_n_items (model) == 3;
}

/* A small Telegram export: read in a worker, its preview's figures, imported with a click; the
 * toast says what was done and offers Undo Import; the new members are listed (not Erin, who
 * left). */
static void
test_chat_import (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "读书会", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  GListModel *model = co_members_page_get_model (page);
  g_autoptr(GFile) file = write_file (f, "result.json", export_text, -1);
  g_autoptr(AdwMessageDialog) dialog = NULL;
  g_autofree char *first = co_date_format_display ("2026-11-01");
  g_autofree char *last = co_date_format_display ("2026-11-03");
  g_autofree char *days = g_strdup_printf ("%s – %s (3 days)", first, last);
  Text toast = { f->window, "Chat imported: 4 new members, 0 matched; 4 messages counted, 0 already imported;" };
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  dialog = g_object_ref (co_members_page_import_chat (page, file));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Import Chat from “result.json”");
  wait_until (shows_preview, dialog, "the chat's preview");
  wait_for_frame (GTK_WIDGET (dialog));
  save_screenshot (GTK_WIDGET (dialog), "chat-import-preview");
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "Telegram"), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), days), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "4 new, 0 already members"), ==, 1);
  /* Messages 4; joins 2 (Carol added, Erin by link); leaves 1 (Erin). */
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "4"), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "2"), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "1"), ==, 1);
  g_assert_false (co_import_can_undo (f->store));

  click (dialog, "_Import");
  wait_until (shows_label_starting, &toast, "the toast of the chat import");
  g_assert_nonnull (wait_for_button (GTK_WIDGET (f->window), "_Undo Import"));
  /* Closed once the import is written. */
  wait_for_last_reference (dialog, "the dialog to close");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  wait_until (has_members, model, "the members list to show the chat's people");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CoMember) member = g_list_model_get_item (model, i);
      g_hash_table_add (names, g_strdup (co_member_get (member, CO_MEMBER_NICKNAME)));
    }
  for (guint i = 0; i < 3; i++)
    g_assert_true (g_hash_table_contains (names, (const char *[]) { "Alice", "Bob", "Carol" }[i]));
  wait_for_frame (GTK_WIDGET (f->window));
  save_screenshot (GTK_WIDGET (f->window), "chat-import-toast");
}

/* A broken file: the reader's message with its line, only Close, nothing written. */
static void
test_chat_import_bad_file (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "读书会", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  g_autoptr(GFile) file = write_file (f, "broken.json", broken_text, -1);
  AdwMessageDialog *dialog = co_members_page_import_chat (page, file);
  Text where = { dialog, "(line 4)" };

  wait_until (shows_label_holding, &where, "the broken file's message");
  g_assert_cmpstr (gtk_label_get_label (shown_label (dialog, "(line 4)", TRUE)), ==,
                   "The file ends in the middle of the JSON (line 4)");
  g_assert_false (adw_message_dialog_has_response (dialog, "import"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "cancel"), ==, "_Close");
  wait_for_frame (GTK_WIDGET (dialog));
  save_screenshot (GTK_WIDGET (dialog), "chat-import-bad-file");
  g_assert_false (co_import_can_undo (f->store));
  g_assert_null (co_import_get_backup (f->store));
  click (dialog, "_Close");
  wait_for_members (co_members_page_get_model (page));
  g_assert_cmpuint (g_list_model_get_n_items (co_members_page_get_model (page)), ==, 0);
}

static gboolean
shows_chats (gpointer data)
{
  GtkWidget *chats = find_widget (data, GTK_TYPE_DROP_DOWN, 0);

  return chats != NULL && gtk_widget_get_mapped (chats) && gtk_widget_is_sensitive (chats);
}

/* A full export: the chats to choose from, none chosen; the one chosen is read for the preview. */
static void
test_chat_import_full_export (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "跑步群", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  g_autoptr(GFile) file = write_file (f, "result.json", full_export, -1);
  AdwMessageDialog *dialog = co_members_page_import_chat (page, file);
  Text choose = { dialog, "The file holds 2 chats. Choose the one to import." };
  GtkDropDown *chats;
  GListModel *names;

  wait_until (says, &choose, "the list of the export's chats");
  wait_until (shows_chats, dialog, "the chats' drop-down");
  chats = GTK_DROP_DOWN (find_widget (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, 0));
  names = gtk_drop_down_get_model (chats);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, "跑步群");
  g_assert_cmpuint (gtk_drop_down_get_selected (chats), ==, GTK_INVALID_LIST_POSITION);
  g_assert_false (adw_message_dialog_has_response (dialog, "import"));

  gtk_drop_down_set_selected (chats, 1);
  wait_until (shows_preview, dialog, "the chosen chat's preview");
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "跑步群"), >=, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "2 new, 0 already members"), ==, 1);
  click (dialog, "_Cancel");
}

/* A chat of @n messages by 50 people. */
static GFile *
write_big_export (Fixture *f,
                  guint    n)
{
  g_autoptr(GString) text = g_string_new ("{\"name\": \"大群\", \"type\": \"private_supergroup\", \"id\": 9, \"messages\": [\n");

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (text, "{\"id\": %u, \"type\": \"message\", \"date_unixtime\": \"%u\", \"from\": \"P%u\","
                                  " \"from_id\": \"user%u\", \"text\": \"message number %u\"}%s\n",
                            i, 1793494800 + i * 60, i % 50, i % 50, i, i < n ? "," : "");
  g_string_append (text, "]}\n");
  return write_file (f, "big.json", text->str, text->len);
}

/* Cancel while reading stops the reading and says so; Cancel while writing writes nothing, says
 * so and lets the user import after all. */
static void
test_chat_import_cancel (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "大群", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  GListModel *model = co_members_page_get_model (page);
  g_autoptr(GFile) big = write_big_export (f, 100000);
  g_autoptr(GFile) small = write_file (f, "result.json", export_text, -1);
  AdwMessageDialog *dialog = co_members_page_import_chat (page, big);
  Text reading = { dialog, "Reading “big.json”…" };
  Text read_cancelled = { dialog, "Cancelled: nothing was imported." };
  Text write_cancelled = { NULL, "Cancelled: nothing was written. Import again, or close." };
  Text toast = { f->window, "Chat imported: 4 new members" };
  GtkWidget *bar = find_widget (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR, 0);

  wait_until (says, &reading, "the dialog to show the reading");
  g_assert_true (gtk_widget_get_mapped (bar));
  wait_for_frame (GTK_WIDGET (dialog));
  save_screenshot (GTK_WIDGET (dialog), "chat-import-reading");
  click (dialog, "_Cancel");
  wait_until (says, &read_cancelled, "the dialog to say the reading was cancelled");
  g_assert_false (gtk_widget_get_mapped (bar));
  g_assert_false (adw_message_dialog_has_response (dialog, "import"));
  click (dialog, "_Close");

  /* Cancelled as soon as Import is clicked: the worker's transaction is rolled back. */
  dialog = co_members_page_import_chat (page, small);
  write_cancelled.root = dialog;
  wait_until (shows_preview, dialog, "the chat's preview");
  click (dialog, "_Import");
  /* Writing: the bar instead of the preview; Cancel stops it. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_widget (GTK_WIDGET (dialog), GTK_TYPE_STACK, 0))),
                   ==, "work");
  click (dialog, "_Cancel");
  wait_until (says, &write_cancelled, "the dialog to say the writing was cancelled");
  g_assert_false (co_import_can_undo (f->store));
  wait_for_members (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  click (dialog, "_Import");
  wait_until (shows_label_starting, &toast, "the toast of the import made after all");
  wait_until (has_members, model, "the members list to show the chat's people");
}

/* Pasted from a WeChat group: 张三 invites 李四, 王五 leaves, and a 接龙 list of two entries. */
static const char wechat_pasted[] =
  "\"张三\"邀请\"李四\"加入了群聊\n"
  "\"王五\"退出了群聊\n"
  "#接龙\n"
  "读书打卡第3天\n"
  "1. 张三\n"
  "2. 李四 已读完第三章\n";

static gboolean
shows_day_row (gpointer data)
{
  GtkWidget *row = find_widget (data, ADW_TYPE_ENTRY_ROW, 0);

  return row != NULL && gtk_widget_get_mapped (row);
}

static gboolean
has_two_members (gpointer model)
{
  return members_loaded (model) && g_list_model_get_n_items (model) == 2;
}

/* Text pasted from WeChat has no dates: the dialog asks which day it is from (today to begin
 * with), refuses what is not a day, reads the file on the day typed and shows its preview on
 * that day; the import lists the people still in the group. */
static void
test_chat_import_pasted_day (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "读书会", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  GListModel *model = co_members_page_get_model (page);
  g_autoptr(GFile) file = write_file (f, "pasted.txt", wechat_pasted, -1);
  g_autoptr(AdwMessageDialog) dialog = g_object_ref (co_members_page_import_chat (page, file));
  Text asks = { dialog, "Which day is this text from?" };
  Text toast = { f->window, "Chat imported: 3 new members, 0 matched; 2 messages counted, 0 already imported;" };
  g_autofree char *today = co_date_today ();
  g_autofree char *day = co_date_format_display ("2026-11-01");
  g_autofree char *days = g_strdup_printf ("%s – %s (1 day)", day, day);
  GtkWidget *row;

  wait_until (shows_label_starting, &asks, "the dialog to ask for the text's day");
  wait_until (shows_day_row, dialog, "the day's row");
  row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, today);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Date");
  g_assert_nonnull (find_widget (row, GTK_TYPE_MENU_BUTTON, 0));
  g_assert_false (adw_message_dialog_has_response (dialog, "import"));
  wait_for_frame (GTK_WIDGET (dialog));
  save_screenshot (GTK_WIDGET (dialog), "chat-import-day");

  /* Not a day: the row says so, and the dialog stays on its question. */
  gtk_editable_set_text (GTK_EDITABLE (row), "2026-02-30");
  click (dialog, "C_ontinue");
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                   "Date: “2026-02-30” is not a date."));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  wait_for_idle ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_widget (GTK_WIDGET (dialog), GTK_TYPE_STACK, 0))),
                   ==, "day");

  gtk_editable_set_text (GTK_EDITABLE (row), "2026/11/1");
  click (dialog, "C_ontinue");
  wait_until (shows_preview, dialog, "the pasted text's preview");
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "WeChat"), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), days), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "3 new, 0 already members"), ==, 1);
  /* Messages 2 (the list's entries); joins 1 (李四); leaves 1 (王五). */
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "2"), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "1"), ==, 2);
  wait_for_frame (GTK_WIDGET (dialog));
  save_screenshot (GTK_WIDGET (dialog), "chat-import-day-preview");

  click (dialog, "_Import");
  wait_until (shows_label_starting, &toast, "the toast of the pasted text's import");
  wait_for_last_reference (dialog, "the dialog to close");
  /* 王五 left: 张三 and 李四 are listed. */
  wait_until (has_two_members, model, "the members list to show the text's people");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CoMember) member = g_list_model_get_item (model, i);
      const char *nickname = co_member_get (member, CO_MEMBER_NICKNAME);

      g_assert_true (g_str_equal (nickname, "张三") || g_str_equal (nickname, "李四"));
    }
}

/* Messages whose dates do not exist: the preview lists each with its line, says nothing is
 * imported until the file is fixed, and offers no Import. */
static void
test_chat_import_problems (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "读书会", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  g_autoptr(GFile) file = write_file (f, "chat.txt",
                                      "01/11/2026, 09:00 - Alice: hi\n"
                                      "31/02/2026, 09:00 - Alice: no such day\n"
                                      "02/11/2026, 10:00 - Bob: hello\n"
                                      "30/02/2026, 09:00 - Bob: nor this one\n", -1);
  AdwMessageDialog *dialog = co_members_page_import_chat (page, file);
  Text listed = { dialog, "Line 4: the date or time does not exist" };

  wait_until (says, &listed, "the preview's problems");
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "Line 2: the date or time does not exist"), ==, 1);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (shown_label (dialog, "Line 2:", FALSE)), "error"));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "2 problems: fix them in the file and import again. "
                                                              "Nothing is imported until then."), ==, 1);
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (dialog), "2 new, 0 already members"), ==, 1);
  g_assert_false (adw_message_dialog_has_response (dialog, "import"));
  wait_for_frame (GTK_WIDGET (dialog));
  save_screenshot (GTK_WIDGET (dialog), "chat-import-problems");
  click (dialog, "_Cancel");
  g_assert_false (co_import_can_undo (f->store));
  g_assert_null (co_import_get_backup (f->store));
}

int
main (int   argc,
      char *argv[])
{
  /* The export's days are Beijing's. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("chat-import", FALSE, test_chat_import);
  GUI_TEST_ADD ("chat-import-bad-file", FALSE, test_chat_import_bad_file);
  GUI_TEST_ADD ("chat-import-full-export", FALSE, test_chat_import_full_export);
  GUI_TEST_ADD ("chat-import-cancel", FALSE, test_chat_import_cancel);
  GUI_TEST_ADD ("chat-import-pasted-day", FALSE, test_chat_import_pasted_day);
  GUI_TEST_ADD ("chat-import-problems", FALSE, test_chat_import_problems);

  return g_test_run ();
}
