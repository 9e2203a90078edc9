/* test-chat-import.c: a chat export written into a group: new members with their handles, a
 * member found by nickname given their handle, messages as activity per day, joins and leaves
 * as dates, daily figures filled where empty and a typed one kept; the same export again
 * changes nothing, a later overlapping one adds only what is new; a bot is nobody; the preview
 * writes nothing; a backup comes first; messages whose dates do not exist are listed with their
 * places, and the file is then refused. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "core/chat/co-chat-import.h"
#include "core/groups/co-group.h"
#include "core/reports/co-figures.h"
#include "core/store/co-import.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

/* Beijing time (main() sets TZ): 1793494800 is 2026-11-01 09:00. */
#define DAY1 "1793494800"
#define DAY2 "1793581200"
#define DAY3 "1793667600"
#define DAY4 "1793754000"

#define MESSAGE(id, time, name, user, text) \
  "{\"id\": " id ", \"type\": \"message\", \"date_unixtime\": \"" time "\", \"from\": \"" name "\"," \
  " \"from_id\": \"" user "\", \"text\": \"" text "\"}"

/* Alice and Bob talk on the 1st; Alice adds Carol (named only) on the 2nd, who then writes;
 * Erin joins by link on the 2nd and leaves on the 3rd; Bob writes again on the 3rd. */
static const char first_export[] =
  "{\"name\": \"读书会\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
  MESSAGE ("1", DAY1, "Alice", "user1", "hi") ",\n"
  MESSAGE ("2", "1793498400", "Bob", "user2", "hello") ",\n"
  MESSAGE ("3", "1793502000", "Alice", "user1", "again") ",\n"
  " {\"id\": 4, \"type\": \"service\", \"date_unixtime\": \"" DAY2 "\", \"actor\": \"Alice\", \"actor_id\": \"user1\","
  "  \"action\": \"invite_members\", \"members\": [\"Carol\"]},\n"
  MESSAGE ("5", "1793581500", "Carol", "user3", "thanks") ",\n"
  " {\"id\": 6, \"type\": \"service\", \"date_unixtime\": \"1793584800\", \"actor\": \"Erin\", \"actor_id\": \"user5\","
  "  \"action\": \"join_group_by_link\", \"inviter\": \"Alice\"},\n"
  " {\"id\": 7, \"type\": \"service\", \"date_unixtime\": \"" DAY3 "\", \"actor\": \"Erin\", \"actor_id\": \"user5\","
  "  \"action\": \"remove_members\", \"members\": [\"Erin\"]},\n"
  MESSAGE ("8", "1793671200", "Bob", "user2", "bye") "\n"
  "]}\n";

/* A later export: Carol's and Bob's messages again, then two new ones on the 4th, one of them
 * from Dave, who is new. */
static const char later_export[] =
  "{\"name\": \"读书会\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
  MESSAGE ("5", "1793581500", "Carol", "user3", "thanks") ",\n"
  MESSAGE ("8", "1793671200", "Bob", "user2", "bye") ",\n"
  MESSAGE ("9", DAY4, "Alice", "user1", "news") ",\n"
  MESSAGE ("10", "1793757600", "Dave", "user6", "hi all") "\n"
  "]}\n";

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
            const char *text)
{
  g_autofree char *path = g_build_filename (f->workspace.dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

#define ACTIVITY "SELECT m.nickname, a.date, a.count FROM member_activity a JOIN memberships s ON s.id = a.membership_id" \
                 " JOIN members m ON m.id = s.member_id WHERE a.kind = 'spoke' ORDER BY a.date, m.nickname"
#define MEMBERS "SELECT m.nickname, m.source, (SELECT group_concat (handle) FROM member_handles h WHERE h.member_id = m.id)," \
                " s.joined_date, s.left_date, s.last_active FROM members m JOIN memberships s ON s.member_id = m.id" \
                " ORDER BY m.nickname"
#define FIGURES "SELECT date, messages, active, joined, left_members, members_total FROM daily_figures ORDER BY date"

static CoChatImport *
read_ok (Fixture    *f,
         GFile      *file,
         const char *chat)
{
  g_autoptr(GError) error = NULL;
  CoChatImport *import = co_chat_import_read (f->store, f->group, file, CO_CHAT_FORMAT_AUTO, chat, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static void
commit_ok (CoChatImport *import)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_chat_import_commit (import, NULL, &error));
  g_assert_no_error (error);
}

/* Bob is a member of the group already, without a handle; someone typed 10 messages for the
 * 1st. The preview counts and writes nothing; the commit writes, after a backup. */
static void
test_first_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "result.json", first_export);
  g_autoptr(CoChatImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *activity = NULL, *members = NULL, *figures = NULL, *description = NULL;
  CoDayFigures typed;
  GDate first, last;

  test_sql_exec (f->store, "INSERT INTO members (uuid, nickname, created_at, updated_at)"
                  " VALUES ('0b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e', 'Bob', 'now', 'now');"
                  "INSERT INTO memberships (member_id, group_id, joined_date, created_at, updated_at)"
                  " SELECT id, (SELECT min (id) FROM groups), '2026-10-01', 'now', 'now' FROM members WHERE nickname = 'Bob';");
  co_day_figures_init (&typed, f->group, "2026-11-01");
  typed.values[CO_FIGURE_MESSAGES] = 10;
  g_assert_true (co_figures_put (f->store, &typed, &error));
  g_assert_no_error (error);

  import = read_ok (f, file, NULL);
  g_assert_cmpint (co_chat_import_get_format (import), ==, CO_CHAT_FORMAT_TELEGRAM);
  /* Alice, Bob, Carol (by name, then by her id: one), Erin. */
  g_assert_cmpuint (co_chat_summary_get_members (co_chat_import_get_summary (import)), ==, 4);
  g_assert_cmpuint (co_chat_summary_get_messages (co_chat_import_get_summary (import)), ==, 5);
  g_assert_true (co_chat_summary_get_days (co_chat_import_get_summary (import), &first, &last));
  g_assert_cmpuint (g_date_get_day (&first), ==, 1);
  g_assert_cmpuint (g_date_get_day (&last), ==, 3);
  g_assert_cmpuint (co_chat_import_get_n_new_members (import), ==, 3);
  g_assert_cmpuint (co_chat_import_get_n_matched_members (import), ==, 1);
  /* The preview wrote nothing, and made no backup. */
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, 1);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_handles"), ==, 0);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM chat_messages"), ==, 0);
  g_assert_null (co_import_get_backup (f->store));

  commit_ok (import);
  /* Alice invited Carol, and Erin came by a link Alice shared: Alice brought both. */
  {
    g_autofree char *referrals = test_sql_rows (f->store, "SELECT m.nickname, r.nickname FROM memberships s"
                                                 " JOIN members m ON m.id = s.member_id"
                                                 " JOIN members r ON r.id = s.referrer_id ORDER BY m.nickname");

    g_assert_cmpstr (referrals, ==, "Carol|Alice, Erin|Alice");
  }
  g_assert_nonnull (co_import_get_backup (f->store));
  g_assert_true (g_file_test (co_import_get_backup (f->store), G_FILE_TEST_EXISTS));
  g_assert_cmpuint (co_chat_import_get_n_written (import), ==, 5);
  g_assert_cmpuint (co_chat_import_get_n_already (import), ==, 0);

  members = test_sql_rows (f->store, MEMBERS);
  /* Bob keeps his joining day and gets his handle; Carol and Erin joined on the 2nd, Erin left
   * on the 3rd; the new ones come from the Telegram chat. */
  g_assert_cmpstr (members, ==,
                   "Alice|Telegram chat|telegram:user1|-|-|2026-11-01, "
                   "Bob|-|telegram:user2|2026-10-01|-|2026-11-03, "
                   "Carol|Telegram chat|telegram:user3|2026-11-02|-|2026-11-02, "
                   "Erin|Telegram chat|telegram:user5|2026-11-02|2026-11-03|-");
  activity = test_sql_rows (f->store, ACTIVITY);
  g_assert_cmpstr (activity, ==,
                   "Alice|2026-11-01|2, Bob|2026-11-01|1, Carol|2026-11-02|1, Bob|2026-11-03|1");
  /* The typed 10 messages of the 1st stay; every empty cell the chat speaks of is filled. */
  figures = test_sql_rows (f->store, FIGURES);
  g_assert_cmpstr (figures, ==,
                   "2026-11-01|10|2|0|0|-, 2026-11-02|1|1|2|0|-, 2026-11-03|1|1|0|1|-");
  g_assert_cmpuint (co_chat_import_get_n_figures_filled (import), ==, 11);
  g_assert_cmpuint (co_chat_import_get_n_figures_kept (import), ==, 1);
  description = co_chat_import_describe (import);
  g_assert_cmpstr (description, ==,
                   "3 new members, 1 matched; 5 messages counted, 0 already imported; 11 figures filled in,"
                   " 1 kept as entered");
  /* Tiers were computed: everyone has one. */
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships WHERE tier_id IS NULL"), ==, 0);
}

/* The same export again changes nothing and says every event was counted before; a later
 * export overlapping it adds only its new messages and its new person. */
static void
test_again_and_later (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "result.json", first_export);
  g_autoptr(GFile) later_file = write_file (f, "later.json", later_export);
  g_autoptr(CoChatImport) import = read_ok (f, file, NULL);
  g_autoptr(CoChatImport) again = NULL, later = NULL;
  g_autofree char *members = NULL, *activity = NULL, *figures = NULL;
  g_autofree char *members_after = NULL, *activity_after = NULL, *figures_after = NULL, *description = NULL;
  CoChatSummary *summary;

  commit_ok (import);
  members = test_sql_rows (f->store, MEMBERS);
  activity = test_sql_rows (f->store, ACTIVITY);
  figures = test_sql_rows (f->store, FIGURES);

  again = read_ok (f, file, NULL);
  summary = co_chat_import_get_summary (again);
  g_assert_cmpuint (co_chat_import_get_n_new_members (again), ==, 0);
  g_assert_cmpuint (co_chat_import_get_n_matched_members (again), ==, 4);
  commit_ok (again);
  g_assert_cmpuint (co_chat_import_get_n_written (again), ==, 0);
  g_assert_cmpuint (co_chat_import_get_n_already (again), ==,
                    co_chat_summary_get_messages (summary) + co_chat_summary_get_joins (summary) +
                    co_chat_summary_get_leaves (summary));
  g_assert_cmpuint (co_chat_import_get_n_already (again), ==, 8);
  g_assert_cmpuint (co_chat_import_get_n_figures_filled (again), ==, 0);
  g_assert_cmpuint (co_chat_import_get_n_figures_kept (again), ==, 0);
  members_after = test_sql_rows (f->store, MEMBERS);
  activity_after = test_sql_rows (f->store, ACTIVITY);
  figures_after = test_sql_rows (f->store, FIGURES);
  g_assert_cmpstr (members_after, ==, members);
  g_assert_cmpstr (activity_after, ==, activity);
  g_assert_cmpstr (figures_after, ==, figures);

  later = read_ok (f, later_file, NULL);
  g_assert_cmpuint (co_chat_import_get_n_new_members (later), ==, 1);
  g_assert_cmpuint (co_chat_import_get_n_matched_members (later), ==, 3);
  commit_ok (later);
  g_assert_cmpuint (co_chat_import_get_n_written (later), ==, 2);
  g_assert_cmpuint (co_chat_import_get_n_already (later), ==, 2);
  g_clear_pointer (&activity_after, g_free);
  activity_after = test_sql_rows (f->store, ACTIVITY);
  g_assert_cmpstr (activity_after, ==,
                   "Alice|2026-11-01|2, Bob|2026-11-01|1, Carol|2026-11-02|1, Bob|2026-11-03|1,"
                   " Alice|2026-11-04|1, Dave|2026-11-04|1");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_handles WHERE handle = 'telegram:user6'"), ==, 1);
  g_clear_pointer (&figures_after, g_free);
  figures_after = test_sql_rows (f->store, FIGURES);
  g_assert_true (g_str_has_suffix (figures_after, ", 2026-11-04|2|2|0|0|-"));
  description = co_chat_import_describe (later);
  g_assert_cmpstr (description, ==,
                   "1 new member, 3 matched; 2 messages counted, 2 already imported; 4 figures filled in,"
                   " 0 kept as entered");
}

/* Someone counted in the app: a member with the same nickname who has another Telegram handle
 * is someone else; messages add to a 'spoke' row typed for the same day. */
static void
test_matching (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "result.json", first_export);
  g_autoptr(CoChatImport) import = NULL;
  g_autofree char *activity = NULL;

  test_sql_exec (f->store, "INSERT INTO members (uuid, nickname, created_at, updated_at) VALUES"
                  " ('0b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e', 'Alice', 'now', 'now'),"
                  " ('1b6e2f4c-3c1d-4a57-9d0e-7f1a2b3c4d5e', 'Bob', 'now', 'now');"
                  "INSERT INTO memberships (member_id, group_id, created_at, updated_at)"
                  " SELECT id, (SELECT min (id) FROM groups), 'now', 'now' FROM members;"
                  "INSERT INTO member_handles (handle, member_id) SELECT 'telegram:user99', id FROM members"
                  " WHERE nickname = 'Alice';"
                  "INSERT INTO member_activity (membership_id, group_id, date, kind, count)"
                  " SELECT s.id, s.group_id, '2026-11-01', 'spoke', 4 FROM memberships s JOIN members m ON m.id = s.member_id"
                  " WHERE m.nickname = 'Bob';");
  import = read_ok (f, file, NULL);
  /* Bob matched; Alice is a new Alice. */
  g_assert_cmpuint (co_chat_import_get_n_matched_members (import), ==, 1);
  g_assert_cmpuint (co_chat_import_get_n_new_members (import), ==, 3);
  commit_ok (import);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members WHERE nickname = 'Alice'"), ==, 2);
  activity = test_sql_rows (f->store, ACTIVITY " LIMIT 3");
  g_assert_cmpstr (activity, ==, "Alice|2026-11-01|2, Bob|2026-11-01|5, Carol|2026-11-02|1");
}

/* A group founded on the 2nd: no figures before it; a bot is nobody and its message nothing. */
static void
test_founding_day_and_bots (Fixture *f, gconstpointer data)
{
  static const char discord[] =
    "{\"guild\": {\"id\": \"100\", \"name\": \"Trail Runners\"}, \"channel\": {\"id\": \"200\", \"name\": \"general\"},\n"
    " \"messages\": [\n"
    "  {\"id\": \"1\", \"type\": \"Default\", \"timestamp\": \"2026-11-01T09:00:00+08:00\", \"content\": \"hi\",\n"
    "   \"author\": {\"id\": \"11\", \"name\": \"alice\", \"nickname\": \"Alice\", \"isBot\": false}},\n"
    "  {\"id\": \"2\", \"type\": \"Default\", \"timestamp\": \"2026-11-02T09:00:00+08:00\", \"content\": \"hey\",\n"
    "   \"author\": {\"id\": \"11\", \"name\": \"alice\", \"nickname\": \"Alice\", \"isBot\": false}},\n"
    "  {\"id\": \"3\", \"type\": \"Default\", \"timestamp\": \"2026-11-02T09:01:00+08:00\", \"content\": \"Welcome!\",\n"
    "   \"author\": {\"id\": \"13\", \"name\": \"MEE6\", \"nickname\": \"MEE6\", \"isBot\": true}}\n"
    " ]}\n";
  g_autoptr(GFile) file = write_file (f, "general.json", discord);
  g_autoptr(CoChatImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *members = NULL, *figures = NULL;

  g_assert_true (co_group_set_field (f->store, f->group, CO_GROUP_FIELD_FOUNDING_DATE, "2026-11-02", &error));
  g_assert_no_error (error);
  import = read_ok (f, file, NULL);
  commit_ok (import);
  g_assert_cmpuint (co_chat_import_get_n_written (import), ==, 2);
  members = test_sql_rows (f->store, "SELECT m.nickname, m.source, h.handle FROM members m JOIN member_handles h"
                            " ON h.member_id = m.id");
  g_assert_cmpstr (members, ==, "Alice|Discord chat|discord:11");
  figures = test_sql_rows (f->store, FIGURES);
  g_assert_cmpstr (figures, ==, "2026-11-02|1|1|0|0|-");
}

/* A file the reader refuses: its message, and nothing written. */
/* One Telegram message invites two people: both joins count. A second chat numbers its messages
 * from 1 too: imported into the same group, its messages are not taken for the first chat's. */
static void
test_ids_of_two_chats (Fixture *f, gconstpointer data)
{
  static const char first[] =
    "{\"name\": \"读书会\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
    " {\"id\": 1, \"type\": \"service\", \"date_unixtime\": \"" DAY1 "\", \"actor\": \"Alice\", \"actor_id\": \"user1\","
    "  \"action\": \"invite_members\", \"members\": [\"Carol\", \"Dan\"]},\n"
    MESSAGE ("2", "1793498400", "Alice", "user1", "welcome") "\n"
    "]}\n";
  static const char second[] =
    "{\"name\": \"读书会 2\", \"type\": \"private_supergroup\", \"id\": 2, \"messages\": [\n"
    MESSAGE ("1", DAY2, "Bob", "user2", "hello") ",\n"
    MESSAGE ("2", "1793584800", "Bob", "user2", "again") "\n"
    "]}\n";
  g_autoptr(GFile) first_file = write_file (f, "first.json", first);
  g_autoptr(GFile) second_file = write_file (f, "second.json", second);
  g_autoptr(CoChatImport) import = read_ok (f, first_file, NULL);
  g_autoptr(CoChatImport) other = NULL;
  g_autofree char *members = NULL;

  commit_ok (import);
  members = test_sql_rows (f->store, "SELECT m.nickname, s.joined_date FROM members m JOIN memberships s ON s.member_id = m.id"
                            " WHERE s.joined_date IS NOT NULL ORDER BY m.nickname");
  g_assert_cmpstr (members, ==, "Carol|2026-11-01, Dan|2026-11-01");
  g_assert_cmpuint (co_chat_import_get_n_already (import), ==, 0);

  other = read_ok (f, second_file, NULL);
  commit_ok (other);
  g_assert_cmpuint (co_chat_import_get_n_written (other), ==, 2);
  g_assert_cmpuint (co_chat_import_get_n_already (other), ==, 0);
}

static void
test_bad_file (Fixture *f, gconstpointer data)
{
  g_autofree char *truncated = g_strndup (first_export, strlen (first_export) - 30);
  g_autoptr(GFile) file = write_file (f, "truncated.json", truncated);
  g_autoptr(GError) error = NULL;
  CoChatImport *import = co_chat_import_read (f->store, f->group, file, CO_CHAT_FORMAT_AUTO, NULL, NULL, &error);

  g_assert_null (import);
  g_assert_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, 0);
}

/* Two messages whose dates do not exist: the preview reads the rest and lists both with their
 * lines; the commit refuses the file and writes nothing, not even a backup. */
static void
test_problems_whatsapp (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "chat.txt",
                                      "01/11/2026, 09:00 - Alice: hi\n"
                                      "31/02/2026, 09:00 - Alice: no such day\n"
                                      "and its second line\n"
                                      "02/11/2026, 10:00 - Bob: hello\n"
                                      "30/02/2026, 09:00 - Bob: nor this one\n"
                                      "03/11/2026, 10:00 - Carol: bye\n");
  g_autoptr(CoChatImport) import = read_ok (f, file, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *problems = co_chat_import_get_problems (import);
  CoImportProblem *problem;

  g_assert_cmpuint (co_chat_summary_get_messages (co_chat_import_get_summary (import)), ==, 3);
  g_assert_cmpuint (co_chat_summary_get_members (co_chat_import_get_summary (import)), ==, 3);
  g_assert_cmpuint (co_chat_import_get_n_problems (import), ==, 2);
  g_assert_cmpuint (problems->len, ==, 2);
  problem = problems->pdata[0];
  g_assert_cmpuint (problem->line, ==, 2);
  g_assert_cmpstr (problem->message, ==, "Line 2: the date or time does not exist");
  problem = problems->pdata[1];
  g_assert_cmpuint (problem->line, ==, 5);
  g_assert_cmpstr (problem->message, ==, "Line 5: the date or time does not exist");

  g_assert_false (co_chat_import_commit (import, NULL, &error));
  g_assert_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "The file has 2 problems; nothing was imported.");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, 0);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM chat_messages"), ==, 0);
  g_assert_null (co_import_get_backup (f->store));
}

/* A Telegram message with a date that is none: its JSON path; the others are read. */
static void
test_problems_telegram (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "result.json",
    "{\"name\": \"读书会\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
    MESSAGE ("1", DAY1, "Alice", "user1", "hi") ",\n"
    MESSAGE ("2", "yesterday", "Bob", "user2", "hello") ",\n"
    MESSAGE ("3", DAY2, "Carol", "user3", "bye") "\n"
    "]}\n");
  g_autoptr(CoChatImport) import = read_ok (f, file, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *problems = co_chat_import_get_problems (import);
  CoImportProblem *problem;

  g_assert_cmpuint (co_chat_summary_get_messages (co_chat_import_get_summary (import)), ==, 2);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = problems->pdata[0];
  g_assert_cmpuint (problem->line, ==, 0);
  g_assert_cmpstr (problem->message, ==, "messages[1]: the message has no valid date (“yesterday”)");
  g_assert_false (co_chat_import_commit (import, NULL, &error));
  g_assert_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, 0);
}

/* However many, the first CO_CHAT_MAX_PROBLEMS are kept and all are counted. */
static void
test_problems_capped (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) text = g_string_new ("01/11/2026, 09:00 - Alice: hi\n");
  g_autoptr(GFile) file = NULL;
  g_autoptr(CoChatImport) import = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  for (guint i = 0; i < 150; i++)
    g_string_append (text, "31/02/2026, 09:00 - Alice: no such day\n");
  file = write_file (f, "chat.txt", text->str);
  import = read_ok (f, file, NULL);
  problems = co_chat_import_get_problems (import);
  g_assert_cmpuint (co_chat_import_get_n_problems (import), ==, 150);
  g_assert_cmpuint (problems->len, ==, CO_CHAT_MAX_PROBLEMS);
  g_assert_cmpstr (((CoImportProblem *) problems->pdata[CO_CHAT_MAX_PROBLEMS - 1])->message, ==,
                   "Line 101: the date or time does not exist");
  /* The refusal counts them all, not the ones kept. */
  g_assert_false (co_chat_import_commit (import, NULL, &error));
  g_assert_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "The file has 150 problems; nothing was imported.");
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  /* Beijing time, whatever the machine's: the days above are written in it. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  ADD ("/chat-import/first", test_first_import);
  ADD ("/chat-import/again-and-later", test_again_and_later);
  ADD ("/chat-import/matching", test_matching);
  ADD ("/chat-import/founding-day-and-bots", test_founding_day_and_bots);
  ADD ("/chat-import/ids-of-two-chats", test_ids_of_two_chats);
  ADD ("/chat-import/bad-file", test_bad_file);
  ADD ("/chat-import/problems-whatsapp", test_problems_whatsapp);
  ADD ("/chat-import/problems-telegram", test_problems_telegram);
  ADD ("/chat-import/problems-capped", test_problems_capped);
  return g_test_run ();
}
