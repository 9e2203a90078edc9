/* test-chat-async.c: the chat import in a worker thread, as the app runs it: the preview and the
 * commit give what the synchronous ones give; a cancelled reading stops at once with
 * G_IO_ERROR_CANCELLED, and a cancelled commit writes nothing; progress goes from 0 to 1; the
 * chats of a full export are listed instead of failing. The worker's preview matches the people
 * as the synchronous one does, and leaves the window's thread no SQL to run. */
#include "config.h"

#include <locale.h>

#include "core/chat/co-chat-import.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

#define MESSAGE(id, time, name, user, text) \
  "{\"id\": " id ", \"type\": \"message\", \"date_unixtime\": \"" time "\", \"from\": \"" name "\"," \
  " \"from_id\": \"" user "\", \"text\": \"" text "\"}"

/* Beijing time (main() sets TZ): 2026-11-01 to 2026-11-03. Alice, Bob, Carol (added by Alice). */
static const char export_text[] =
  "{\"name\": \"读书会\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
  MESSAGE ("1", "1793494800", "Alice", "user1", "hi") ",\n"
  MESSAGE ("2", "1793498400", "Bob", "user2", "hello") ",\n"
  " {\"id\": 3, \"type\": \"service\", \"date_unixtime\": \"1793581200\", \"actor\": \"Alice\", \"actor_id\": \"user1\","
  "  \"action\": \"invite_members\", \"members\": [\"Carol\"]},\n"
  MESSAGE ("4", "1793581500", "Carol", "user3", "thanks") ",\n"
  MESSAGE ("5", "1793671200", "Bob", "user2", "bye") "\n"
  "]}\n";

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

typedef struct
{
  WorkspaceFixture  workspace;
  CoStore          *store;
  gint64            group;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  workspace_set_up (&f->workspace, data);
  f->store = f->workspace.store;
  f->group = f->workspace.group;
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  workspace_tear_down (&f->workspace, data);
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *text,
            gssize      length)
{
  g_autofree char *path = g_build_filename (f->workspace.dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* A chat of @n messages by 50 people, about 150 bytes each. */
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

/* A chat of @n_people people, P0 to P<n_people - 1> (user0, ...), one message each. */
static GFile *
write_crowd_export (Fixture *f,
                    guint    n_people)
{
  g_autoptr(GString) text = g_string_new ("{\"name\": \"大群\", \"type\": \"private_supergroup\", \"id\": 9, \"messages\": [\n");

  for (guint i = 0; i < n_people; i++)
    g_string_append_printf (text, "{\"id\": %u, \"type\": \"message\", \"date_unixtime\": \"%u\", \"from\": \"P%u\","
                                  " \"from_id\": \"user%u\", \"text\": \"hi\"}%s\n",
                            i + 1, 1793494800 + i, i, i, i + 1 < n_people ? "," : "");
  g_string_append (text, "]}\n");
  return write_file (f, "crowd.json", text->str, text->len);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* The result, once the worker thread has let go of its task too (and with it of the store,
 * which the fixture's tear down checks is finalized). */
static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  while (g_atomic_int_get (&G_OBJECT (*result)->ref_count) > 1)
    g_thread_yield ();
  return *result;
}

static CoChatImport *
read_async_on (Fixture       *f,
               GFile         *file,
               const char    *chat_name,
               const char    *day,
               GCancellable  *cancellable,
               GPtrArray    **chats,
               GError       **error)
{
  g_autoptr(CoChatProgress) progress = co_chat_progress_new ();
  g_autoptr(GAsyncResult) result = NULL;
  CoChatReadOptions options = { .chat_name = chat_name, .day = day, .progress = progress };
  CoChatImport *import;

  co_chat_import_read_async (f->store, f->group, file, &options, cancellable, on_done, &result);
  import = co_chat_import_read_finish (f->store, wait_for_result (&result), chats, error);
  if (import != NULL)
    g_assert_cmpfloat (co_chat_progress_get_fraction (progress), ==, 1.0);
  return import;
}

static CoChatImport *
read_async (Fixture       *f,
            GFile         *file,
            const char    *chat_name,
            GCancellable  *cancellable,
            GPtrArray    **chats,
            GError       **error)
{
  return read_async_on (f, file, chat_name, NULL, cancellable, chats, error);
}

static gboolean
commit_async (CoChatImport  *import,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  co_chat_import_commit_async (import, NULL, cancellable, on_done, &result);
  return co_chat_import_commit_finish (import, wait_for_result (&result), error);
}

static gboolean
changed_all;

static void
on_changed (CoStore    *store,
            const char *table,
            gint64      group_id,
            gpointer    data)
{
  changed_all = TRUE;
}

/* The worker's preview and commit count what the synchronous ones count, in a second workspace. */
static void
test_same_as_sync (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "chat.json", export_text, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CoChatImport) sync = co_chat_import_read (f->store, f->group, file, CO_CHAT_FORMAT_AUTO, NULL, NULL,
                                                      &error);
  g_autoptr(CoChatImport) async = NULL;
  WorkspaceFixture other = { 0 };
  g_autofree char *sync_said = NULL, *async_said = NULL;
  CoChatSummary *summary;
  gulong handler;

  g_assert_no_error (error);
  async = read_async (f, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (async);
  g_assert_cmpint (co_chat_import_get_format (async), ==, CO_CHAT_FORMAT_TELEGRAM);
  summary = co_chat_import_get_summary (async);
  g_assert_cmpuint (co_chat_summary_get_members (summary), ==, 3);
  g_assert_cmpuint (co_chat_summary_get_messages (summary), ==, 4);
  g_assert_cmpuint (co_chat_summary_get_joins (summary), ==, 1);
  g_assert_cmpuint (co_chat_summary_get_messages (co_chat_import_get_summary (sync)), ==, 4);
  g_assert_cmpuint (co_chat_import_get_n_new_members (async), ==, 3);
  g_assert_cmpuint (co_chat_import_get_n_new_members (sync), ==, 3);

  /* The commit in the worker; the window's connection hears what it wrote. */
  changed_all = FALSE;
  handler = g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), NULL);
  g_assert_true (commit_async (async, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (changed_all);
  g_signal_handler_disconnect (f->store, handler);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships WHERE deleted_at IS NULL"), ==, 3);
  g_assert_cmpint (test_sql_count (f->store, "SELECT sum (count) FROM member_activity WHERE kind = 'spoke'"), ==, 4);
  g_assert_true (co_import_can_undo (f->store));
  async_said = co_chat_import_describe (async);

  /* The same file, synchronously, into a workspace of its own. */
  workspace_set_up (&other, NULL);
  {
    g_autoptr(CoChatImport) there = co_chat_import_read (other.store, other.group, file, CO_CHAT_FORMAT_AUTO, NULL,
                                                         NULL, &error);

    g_assert_no_error (error);
    g_assert_true (co_chat_import_commit (there, NULL, &error));
    g_assert_no_error (error);
    sync_said = co_chat_import_describe (there);
    g_assert_cmpint (test_sql_count (other.store, "SELECT sum (count) FROM member_activity WHERE kind = 'spoke'"), ==, 4);
  }
  workspace_tear_down (&other, NULL);
  g_assert_cmpstr (async_said, ==, sync_said);
  g_assert_cmpuint (co_chat_import_get_n_written (async), ==, 4);
}

/* Members whom the chat of export_text names: Alice by her handle under another nickname, Bob by
 * his nickname in the group; the Carol of the group has another Telegram handle, so she is
 * someone else, and the chat's Carol is new. */
static void
test_matching (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "chat.json", export_text, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CoChatImport) sync = NULL, async = NULL;

  test_sql_exec (f->store, "INSERT INTO members (uuid, nickname, created_at, updated_at) VALUES"
                  " ('0b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e', 'Alicia', 'now', 'now'),"
                  " ('1b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e', 'Bob', 'now', 'now'),"
                  " ('2b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e', 'Carol', 'now', 'now');"
                  "INSERT INTO memberships (member_id, group_id, created_at, updated_at)"
                  " SELECT id, (SELECT min (id) FROM groups), 'now', 'now' FROM members WHERE nickname <> 'Alicia';"
                  "INSERT INTO member_handles (handle, member_id) SELECT 'telegram:user1', id FROM members"
                  " WHERE nickname = 'Alicia';"
                  "INSERT INTO member_handles (handle, member_id) SELECT 'telegram:user99', id FROM members"
                  " WHERE nickname = 'Carol';");
  sync = co_chat_import_read (f->store, f->group, file, CO_CHAT_FORMAT_AUTO, NULL, NULL, &error);
  g_assert_no_error (error);
  async = read_async (f, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (co_chat_import_get_n_matched_members (sync), ==, 2);
  g_assert_cmpuint (co_chat_import_get_n_new_members (sync), ==, 1);
  g_assert_cmpuint (co_chat_import_get_n_matched_members (async), ==, co_chat_import_get_n_matched_members (sync));
  g_assert_cmpuint (co_chat_import_get_n_new_members (async), ==, co_chat_import_get_n_new_members (sync));

  /* The commit matches them again: Alicia gets her messages, no second Bob, a second Carol. */
  g_assert_true (commit_async (async, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, 4);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members WHERE nickname = 'Carol'"), ==, 2);
  g_assert_cmpint (test_sql_count (f->store, "SELECT sum (a.count) FROM member_activity a JOIN memberships s"
                                    " ON s.id = a.membership_id JOIN members m ON m.id = s.member_id"
                                    " WHERE m.nickname = 'Alicia' AND a.kind = 'spoke'"), ==, 1);
}

/* A chat of 5,000 people, a tenth of them members by handle and a tenth by nickname: the
 * worker's preview leaves no statement to the window's connection, where the synchronous one
 * runs one or two per person. How long the window's part took is printed, not asserted. */
static void
test_finish_without_sql (Fixture *f, gconstpointer data)
{
  static const guint n_people = 5000;
  g_autoptr(GFile) file = write_crowd_export (f, n_people);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CoChatImport) sync = NULL, async = NULL;
  CoChatReadOptions options = { 0 };
  gint64 start, took;

  test_sql_exec (f->store, "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 10 FROM n WHERE i + 10 < 5000)"
                  " INSERT INTO members (uuid, nickname, created_at, updated_at)"
                  " SELECT printf ('00000000-0000-4000-8000-%012d', i), 'Member' || i, 'now', 'now' FROM n"
                  " UNION ALL SELECT printf ('00000000-0000-4000-8000-%012d', i + 5), 'P' || (i + 5), 'now', 'now' FROM n;"
                  "INSERT INTO memberships (member_id, group_id, created_at, updated_at)"
                  " SELECT id, (SELECT min (id) FROM groups), 'now', 'now' FROM members;"
                  "INSERT INTO member_handles (handle, member_id)"
                  " SELECT 'telegram:user' || substr (nickname, 7), id FROM members WHERE nickname GLOB 'Member*';");

  co_chat_import_read_async (f->store, f->group, file, &options, NULL, on_done, &result);
  wait_for_result (&result);
  co_store_count_statements (f->store);
  start = g_get_monotonic_time ();
  async = co_chat_import_read_finish (f->store, result, NULL, &error);
  took = g_get_monotonic_time () - start;
  g_test_message ("co_chat_import_read_finish () of %u people: %.2f ms, %u statements on the window's connection",
                  n_people, took / 1000.0, co_store_get_n_statements (f->store));
  g_assert_no_error (error);
  g_assert_cmpuint (co_store_get_n_statements (f->store), ==, 0);
  g_assert_cmpuint (co_chat_import_get_n_matched_members (async), ==, n_people / 5);
  g_assert_cmpuint (co_chat_import_get_n_new_members (async), ==, n_people - n_people / 5);

  /* The counter counts: the synchronous preview runs its matching on this connection. */
  start = g_get_monotonic_time ();
  sync = co_chat_import_read (f->store, f->group, file, CO_CHAT_FORMAT_AUTO, NULL, NULL, &error);
  took = g_get_monotonic_time () - start;
  g_test_message ("co_chat_import_read () of %u people, reading and matching in one thread: %.2f ms",
                  n_people, took / 1000.0);
  g_assert_no_error (error);
  g_assert_cmpuint (co_chat_import_get_n_matched_members (sync), ==, n_people / 5);
  g_assert_cmpuint (co_store_get_n_statements (f->store), >=, n_people);
}

static gboolean
cancel_at_tenth (const CoChatEvent *event,
                 gpointer           data,
                 GError           **error)
{
  static const guint at = 10;
  GCancellable *cancellable = data;
  guint *seen = g_object_get_data (G_OBJECT (cancellable), "seen");

  if (++*seen == at)
    g_cancellable_cancel (cancellable);
  return TRUE;
}

/* Cancelled while reading, the reading stops at the next event, whatever is left of the file. */
static void
test_cancel_read (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_big_export (f, 20000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CoChatImport) import = NULL;
  guint seen = 0;

  g_object_set_data (G_OBJECT (cancellable), "seen", &seen);
  g_assert_false (co_chat_read (file, CO_CHAT_FORMAT_AUTO, NULL, cancel_at_tenth, cancellable, NULL, cancellable,
                                &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (seen, ==, 10);
  g_clear_error (&error);

  /* Cancelled before the worker starts: no preview. */
  import = read_async (f, file, NULL, cancellable, NULL, &error);
  g_assert_null (import);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A cancelled commit leaves the workspace as it was: the new members written before the second
 * reading are rolled back with the rest. */
static void
test_cancel_commit (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "chat.json", export_text, -1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CoChatImport) import = read_async (f, file, NULL, NULL, NULL, &error);
  gint64 members = test_sql_count (f->store, "SELECT count (*) FROM members");

  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  g_assert_false (commit_async (import, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (co_chat_import_commit (import, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, members);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_handles"), ==, 0);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM chat_messages"), ==, 0);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_activity"), ==, 0);
  g_assert_false (co_import_can_undo (f->store));
}

typedef struct
{
  CoChatProgress *progress;
  double          last;
  guint           n_between;
} Watched;

static gboolean
note_progress (const CoChatEvent *event,
               gpointer           data,
               GError           **error)
{
  Watched *watched = data;
  double fraction = co_chat_progress_get_fraction (watched->progress);

  g_assert_cmpfloat (fraction, >=, watched->last);
  watched->n_between += fraction > 0.0 && fraction < 1.0;
  watched->last = fraction;
  return TRUE;
}

/* Progress grows with the bytes read, and is whole at the end. */
static void
test_progress (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_big_export (f, 5000);
  g_autoptr(GError) error = NULL;
  Watched watched = { co_chat_progress_new () };
  CoChatReadOptions options = { .progress = watched.progress };

  g_assert_cmpfloat (co_chat_progress_get_fraction (watched.progress), ==, 0.0);
  g_assert_true (co_chat_read_full (file, &options, note_progress, &watched, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (watched.n_between, >, 1000);
  g_assert_cmpfloat (watched.last, <, 1.0);
  g_assert_cmpfloat (co_chat_progress_get_fraction (watched.progress), ==, 1.0);
  co_chat_progress_free (watched.progress);
}

/* A full export's chats are listed for the choice; an export of one chat lists none; the
 * worker's preview without a choice fails naming them and gives them. */
static void
test_list_chats (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) full = write_file (f, "result.json", full_export, -1);
  g_autoptr(GFile) single = write_file (f, "chat.json", export_text, -1);
  g_autoptr(GPtrArray) names = NULL, none = NULL, chats = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CoChatImport) import = NULL;

  g_assert_true (co_chat_list_chats (full, NULL, &names, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "读书会");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "跑步群");
  g_assert_true (co_chat_list_chats (single, NULL, &none, &error));
  g_assert_cmpuint (none->len, ==, 0);

  import = read_async (f, full, NULL, NULL, &chats, &error);
  g_assert_null (import);
  g_assert_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_CHAT);
  g_assert_nonnull (chats);
  g_assert_cmpuint (chats->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (chats, 1), ==, "跑步群");
  g_clear_error (&error);

  /* Chosen, the chat is read: Bob and Carol, two messages. */
  import = read_async (f, full, "跑步群", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (co_chat_summary_get_messages (co_chat_import_get_summary (import)), ==, 2);
  g_assert_cmpuint (co_chat_import_get_n_new_members (import), ==, 2);
}

/* Text pasted from WeChat: without a day refused with CO_CHAT_ERROR_NO_DAY; with one, read on
 * that day, and the commit in the worker counts on that day too. */
static void
test_pasted_day (Fixture *f, gconstpointer data)
{
  static const char pasted[] =
    "\"张三\"邀请\"李四\"加入了群聊\n"
    "\"王五\"退出了群聊\n"
    "#接龙\n"
    "读书打卡第3天\n"
    "1. 张三\n"
    "2. 李四 已读完第三章\n";
  g_autoptr(GFile) file = write_file (f, "pasted.txt", pasted, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CoChatImport) import = read_async_on (f, file, NULL, NULL, NULL, NULL, &error);
  CoChatSummary *summary;
  GDate first, last;

  g_assert_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_NO_DAY);
  g_assert_null (import);
  g_clear_error (&error);

  import = read_async_on (f, file, NULL, "2026-11-01", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (co_chat_import_get_format (import), ==, CO_CHAT_FORMAT_WECHAT);
  summary = co_chat_import_get_summary (import);
  g_assert_cmpuint (co_chat_summary_get_members (summary), ==, 3);
  g_assert_cmpuint (co_chat_summary_get_messages (summary), ==, 2);
  g_assert_cmpuint (co_chat_summary_get_joins (summary), ==, 1);
  g_assert_cmpuint (co_chat_summary_get_leaves (summary), ==, 1);
  g_assert_true (co_chat_summary_get_days (summary, &first, &last));
  g_assert_cmpuint (g_date_get_julian (&first), ==, g_date_get_julian (&last));
  g_assert_cmpuint (g_date_get_year (&first), ==, 2026);
  g_assert_cmpuint (g_date_get_month (&first), ==, 11);
  g_assert_cmpuint (g_date_get_day (&first), ==, 1);

  g_assert_true (commit_async (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT sum (count) FROM member_activity WHERE kind = 'spoke'"
                                    " AND date = '2026-11-01'"), ==, 2);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships WHERE joined_date = '2026-11-01'"), ==, 1);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships WHERE left_date = '2026-11-01'"), ==, 1);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  ADD ("/chat-async/same-as-sync", test_same_as_sync);
  ADD ("/chat-async/cancel-read", test_cancel_read);
  ADD ("/chat-async/cancel-commit", test_cancel_commit);
  ADD ("/chat-async/progress", test_progress);
  ADD ("/chat-async/list-chats", test_list_chats);
  ADD ("/chat-async/pasted-day", test_pasted_day);
  ADD ("/chat-async/matching", test_matching);
  ADD ("/chat-async/finish-without-sql", test_finish_without_sql);
  return g_test_run ();
}
