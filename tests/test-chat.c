/* test-chat.c: the chat export readers: each platform's export as its producer writes it, read
 * into messages, joins and leaves and counted; files of several chats; UTF-16 and GB18030; and
 * bad input (broken or deep JSON, dates that do not exist, long lines, bytes that are not text),
 * each refused with its place. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "core/chat/co-chat-read.h"
#include "core/store/co-import.h"
#include "test-util.h"

typedef struct
{
  char      *dir;
  GPtrArray *events;   /* "kind|day time|id|name|inviter|text|bot" */
  const char *day;     /* of pasted WeChat text, or NULL */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = test_temp_dir ();
  f->events = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->events);
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *bytes,
            gssize      length)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, bytes, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gboolean
record (const CoChatEvent *event,
        gpointer           user_data,
        GError           **error)
{
  Fixture *f = user_data;
  static const char *const kinds[] = { "message", "join", "leave" };
  g_autoptr(GDateTime) moment = g_date_time_new_from_unix_local (event->time);
  g_autofree char *when = g_date_time_format (moment, "%Y-%m-%d %H:%M");

  g_assert_nonnull (event->person_name);
  g_assert_cmpstr (event->person_name, !=, "");
  g_assert_nonnull (event->text);
  g_assert_nonnull (event->place);
  g_ptr_array_add (f->events, g_strdup_printf ("%s|%s|%s|%s|%s|%s%s", kinds[event->kind], when,
                                               event->person_id ? event->person_id : "",
                                               event->person_name,
                                               event->inviter_name ? event->inviter_name : "",
                                               event->text, event->is_bot ? "|bot" : ""));
  return TRUE;
}

/* Reads @file into f->events; the summary's figures as "members messages joins leaves first last". */
static char *
read_chat (Fixture      *f,
           GFile        *file,
           CoChatFormat  format,
           const char   *chat,
           CoChatFormat  expected_format)
{
  g_autoptr(CoChatSummary) summary = co_chat_summary_new ();
  g_autoptr(GError) error = NULL;
  CoChatFormat found = CO_CHAT_FORMAT_AUTO;
  GDate first, last;
  char first_text[16] = "-", last_text[16] = "-";
  CoChatReadOptions options = { .format = format, .chat_name = chat, .day = f->day };

  g_ptr_array_set_size (f->events, 0);
  co_chat_read_full (file, &options, record, f, &found, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found, ==, expected_format);
  /* Read twice: once for the events, once for the summary, as the preview does. */
  options.format = found;
  co_chat_read_full (file, &options, co_chat_summary_add, summary, NULL, NULL, &error);
  g_assert_no_error (error);
  if (co_chat_summary_get_days (summary, &first, &last))
    {
      g_date_strftime (first_text, sizeof first_text, "%Y-%m-%d", &first);
      g_date_strftime (last_text, sizeof last_text, "%Y-%m-%d", &last);
    }
  return g_strdup_printf ("%u %u %u %u %s %s", co_chat_summary_get_members (summary),
                          co_chat_summary_get_messages (summary), co_chat_summary_get_joins (summary),
                          co_chat_summary_get_leaves (summary), first_text, last_text);
}

/* read_chat() of @file, compared with @expected. */
static void
assert_reads_as (Fixture    *f,
                 GFile      *file,
                 const char *expected)
{
  g_autofree char *figures = read_chat (f, file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_QQ);

  g_assert_cmpstr (figures, ==, expected);
}

static void
assert_events (Fixture           *f,
               const char *const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (n, f->events->len); i++)
    g_assert_cmpstr (g_ptr_array_index (f->events, i), ==, expected[i]);
  g_assert_cmpuint (f->events->len, ==, n);
}

/* Reading @file fails with @code, and the message holds @where. */
static void
assert_refused (GFile        *file,
                CoChatFormat  format,
                const char   *chat,
                int           code,
                const char   *where)
{
  g_autoptr(CoChatSummary) summary = co_chat_summary_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (co_chat_read (file, format, chat, co_chat_summary_add, summary, NULL, NULL, &error));
  g_assert_error (error, CO_CHAT_ERROR, code);
  if (strstr (error->message, where) == NULL)
    g_error ("“%s” does not say “%s”", error->message, where);
}

/* Read with a problems list: @file reads, its one problem (@why, at @line) noted and its message
 * skipped; gives how many messages the rest holds. */
static guint
read_with_problem (GFile      *file,
                   guint       line,
                   const char *why)
{
  g_autoptr(CoChatSummary) summary = co_chat_summary_new ();
  g_autoptr(CoChatProblems) problems = co_chat_problems_new ();
  g_autoptr(GError) error = NULL;
  CoChatReadOptions options = { .problems = problems };
  CoImportProblem *problem;

  g_assert_true (co_chat_read_full (file, &options, co_chat_summary_add, summary, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->total, ==, 1);
  g_assert_cmpuint (problems->list->len, ==, 1);
  problem = problems->list->pdata[0];
  g_assert_cmpuint (problem->line, ==, line);
  g_assert_cmpstr (problem->message, ==, why);
  return co_chat_summary_get_messages (summary);
}

/* ---- Telegram ------------------------------------------------------------------------------ */

/* Times in date_unixtime are UTC; the local day is what counts (TZ is UTC+8 in main()). */
static const char telegram_chat[] =
  "{\n"
  " \"name\": \"读书会\",\n"
  " \"type\": \"private_supergroup\",\n"
  " \"id\": 1234567890,\n"
  " \"messages\": [\n"
  "  {\"id\": 1, \"type\": \"service\", \"date\": \"2026-11-01T09:00:00\", \"date_unixtime\": \"1793494800\",\n"
  "   \"actor\": \"Alice\", \"actor_id\": \"user1\", \"action\": \"create_group\", \"title\": \"读书会\",\n"
  "   \"members\": [\"Alice\", \"Bob\"], \"text\": \"\", \"text_entities\": []},\n"
  "  {\"id\": 2, \"type\": \"message\", \"date\": \"2026-11-01T09:01:00\", \"date_unixtime\": \"1793494860\",\n"
  "   \"from\": \"Alice\", \"from_id\": \"user1\", \"text\": \"欢迎大家\", \"text_entities\": []},\n"
  "  {\"id\": 3, \"type\": \"message\", \"date_unixtime\": \"1793498400\", \"from\": \"Bob\", \"from_id\": \"user2\",\n"
  "   \"text\": [\"see \", {\"type\": \"link\", \"text\": \"https://t.me/x\"}, \" \\\"now\\\"\"]},\n"
  "  {\"id\": 4, \"type\": \"service\", \"date_unixtime\": \"1793584800\", \"actor\": \"Alice\",\n"
  "   \"actor_id\": \"user1\", \"action\": \"invite_members\", \"members\": [\"Carol\", null, \"Dan\"]},\n"
  "  {\"id\": 5, \"type\": \"service\", \"date_unixtime\": \"1793588400\", \"actor\": \"Erin\",\n"
  "   \"actor_id\": \"user5\", \"action\": \"join_group_by_link\", \"inviter\": \"Alice\"},\n"
  "  {\"id\": 6, \"type\": \"service\", \"date_unixtime\": \"1793674800\", \"actor\": \"Dan\",\n"
  "   \"actor_id\": \"user4\", \"action\": \"remove_members\", \"members\": [\"Dan\"]},\n"
  "  {\"id\": 7, \"type\": \"service\", \"date_unixtime\": \"1793674860\", \"actor\": \"Alice\",\n"
  "   \"actor_id\": \"user1\", \"action\": \"pin_message\", \"message_id\": 2},\n"
  "  {\"id\": 8, \"type\": \"message\", \"date_unixtime\": \"1793678400\", \"from\": null, \"from_id\": \"user9\",\n"
  "   \"photo\": \"photos/1.jpg\", \"text\": \"\"}\n"
  " ]\n"
  "}\n";

static void
test_telegram (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "result.json", telegram_chat, -1);
  g_autofree char *figures = read_chat (f, file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_TELEGRAM);
  const char *const expected[] = {
    "message|2026-11-01 09:01|user1|Alice||欢迎大家",
    "message|2026-11-01 10:00|user2|Bob||see https://t.me/x \"now\"",
    "join|2026-11-02 10:00||Carol|Alice|",
    "join|2026-11-02 10:00||Dan|Alice|",
    "join|2026-11-02 11:00|user5|Erin|Alice|",
    "leave|2026-11-03 11:00||Dan||",
    "message|2026-11-03 12:00|user9|user9||",
    NULL,
  };

  assert_events (f, expected);
  /* Alice, Bob, Carol, Dan (once by name), Erin, user9; the pin and the creation are not counted. */
  g_assert_cmpstr (figures, ==, "6 3 3 1 2026-11-01 2026-11-03");
}

/* Telegram names the people a member invites without their ids: when one of them writes later
 * (with an id) they are one person, and their events all have the same key. Two with ids who
 * share a name keep a name-only event apart from both. */
static void
test_people_merged (Fixture *f, gconstpointer data)
{
  static const char chat[] =
    "{\"name\": \"x\", \"type\": \"private_group\", \"id\": 1, \"messages\": [\n"
    " {\"id\": 1, \"type\": \"service\", \"date_unixtime\": \"1793494800\", \"actor\": \"Alice\", \"actor_id\": \"user1\",\n"
    "  \"action\": \"invite_members\", \"members\": [\"Carol\", \"Sam\"]},\n"
    " {\"id\": 2, \"type\": \"message\", \"date_unixtime\": \"1793494860\", \"from\": \"Carol\", \"from_id\": \"user3\", \"text\": \"hi\"},\n"
    " {\"id\": 3, \"type\": \"message\", \"date_unixtime\": \"1793494870\", \"from\": \"Sam\", \"from_id\": \"user7\", \"text\": \"a\"},\n"
    " {\"id\": 4, \"type\": \"message\", \"date_unixtime\": \"1793494880\", \"from\": \"Sam\", \"from_id\": \"user8\", \"text\": \"b\"},\n"
    " {\"id\": 3, \"type\": \"message\", \"date_unixtime\": \"1793494870\", \"from\": \"Sam\", \"from_id\": \"user7\", \"text\": \"a\"}\n"
    "]}\n";
  g_autoptr(GFile) file = write_file (f, "merged.json", chat, -1);
  g_autoptr(CoChatSummary) summary = co_chat_summary_new ();
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GError) error = NULL;
  CoChatEvent carol_invited = { .kind = CO_CHAT_JOIN, .person_name = "Carol" };
  CoChatEvent carol_writes = { .kind = CO_CHAT_MESSAGE, .person_name = "Carol", .person_id = "user3" };
  CoChatEvent sam_invited = { .kind = CO_CHAT_JOIN, .person_name = "Sam" };

  g_assert_true (co_chat_read (file, CO_CHAT_FORMAT_AUTO, NULL, co_chat_summary_add, summary, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Carol (one, by her id), Sam the invited, and the two Sams with ids; message 3 once. */
  g_assert_cmpuint (co_chat_summary_get_members (summary), ==, 4);
  g_assert_cmpuint (co_chat_summary_get_messages (summary), ==, 3);
  g_assert_cmpstr (co_chat_summary_person_key (summary, &carol_invited), ==, "id:user3");
  g_assert_cmpstr (co_chat_summary_person_key (summary, &carol_writes), ==, "id:user3");
  g_assert_cmpstr (co_chat_summary_person_key (summary, &sam_invited), ==, "name:Sam");
  people = co_chat_summary_dup_people (summary);
  g_assert_cmpuint (people->len, ==, 4);
}

static const char telegram_full[] =
  "{\"about\": \"Here is the data you requested.\",\n"
  " \"personal_information\": {\"user_id\": 1, \"first_name\": \"Me\"},\n"
  " \"chats\": {\"about\": \"...\", \"list\": [\n"
  "  {\"name\": \"读书会\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
  "    {\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1793494860\", \"from\": \"Alice\", \"from_id\": \"user1\", \"text\": \"a\"}]},\n"
  "  {\"name\": \"跑步群\", \"type\": \"public_supergroup\", \"id\": 2, \"messages\": [\n"
  "    {\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1793494860\", \"from\": \"Bob\", \"from_id\": \"user2\", \"text\": \"b\"},\n"
  "    {\"id\": 2, \"type\": \"message\", \"date_unixtime\": \"1793494870\", \"from\": \"Carol\", \"from_id\": \"user3\", \"text\": \"c\"}]}\n"
  " ]},\n"
  " \"left_chats\": {\"about\": \"...\", \"list\": []}\n"
  "}\n";

/* A full export holds many chats: without a choice nothing is read and the message names them. */
static void
test_telegram_full_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "result.json", telegram_full, -1);
  g_autofree char *figures = NULL;

  assert_refused (file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_CHAT, "2 chats: choose one (“读书会”, “跑步群”)");
  assert_refused (file, CO_CHAT_FORMAT_AUTO, "跑步", CO_CHAT_ERROR_CHAT, "no chat called “跑步”");
  figures = read_chat (f, file, CO_CHAT_FORMAT_AUTO, "跑步群", CO_CHAT_FORMAT_TELEGRAM);
  g_assert_cmpstr (figures, ==, "2 2 0 0 2026-11-01 2026-11-01");
  g_assert_cmpstr (g_ptr_array_index (f->events, 0), ==, "message|2026-11-01 09:01|user2|Bob||b");
}

/* ---- Discord ------------------------------------------------------------------------------- */

static const char discord_chat[] =
  "{\n"
  "  \"guild\": {\"id\": \"100\", \"name\": \"Trail Runners\", \"iconUrl\": \"x.png\"},\n"
  "  \"channel\": {\"id\": \"200\", \"type\": \"GuildTextChat\", \"category\": \"Text\", \"name\": \"general\", \"topic\": null},\n"
  "  \"dateRange\": {\"after\": null, \"before\": null},\n"
  "  \"exportedAt\": \"2026-11-05T10:00:00.000+08:00\",\n"
  "  \"messages\": [\n"
  "    {\"id\": \"1\", \"type\": \"GuildMemberJoin\", \"timestamp\": \"2026-11-01T09:00:00.000+08:00\",\n"
  "     \"timestampEdited\": null, \"isPinned\": false, \"content\": \"Joined the server.\",\n"
  "     \"author\": {\"id\": \"11\", \"name\": \"alice\", \"discriminator\": \"0000\", \"nickname\": \"Alice\", \"isBot\": false},\n"
  "     \"attachments\": [], \"embeds\": [], \"reactions\": [], \"mentions\": []},\n"
  "    {\"id\": \"2\", \"type\": \"Default\", \"timestamp\": \"2026-11-01T01:05:00.123+00:00\",\n"
  "     \"content\": \"hello\\nworld\", \"author\": {\"id\": \"11\", \"name\": \"alice\", \"nickname\": \"Alice\", \"isBot\": false}},\n"
  "    {\"id\": \"3\", \"type\": \"Reply\", \"timestamp\": \"2026-11-02T10:00:00+08:00\", \"content\": \"hi\",\n"
  "     \"author\": {\"id\": \"12\", \"name\": \"bob\", \"isBot\": false}, \"reference\": {\"messageId\": \"2\"}},\n"
  "    {\"id\": \"4\", \"type\": \"Default\", \"timestamp\": \"2026-11-02T10:01:00+08:00\", \"content\": \"Welcome!\",\n"
  "     \"author\": {\"id\": \"13\", \"name\": \"MEE6\", \"nickname\": \"MEE6\", \"isBot\": true}},\n"
  "    {\"id\": \"5\", \"type\": \"Call\", \"timestamp\": \"2026-11-02T11:00:00+08:00\", \"content\": \"\",\n"
  "     \"author\": {\"id\": \"12\", \"name\": \"bob\", \"isBot\": false}},\n"
  "    {\"id\": \"6\", \"type\": \"ChannelNameChange\", \"timestamp\": \"2026-11-02T12:00:00+08:00\", \"content\": \"general\",\n"
  "     \"author\": {\"id\": \"12\", \"name\": \"bob\", \"isBot\": false}},\n"
  "    {\"id\": \"3\", \"type\": \"Reply\", \"timestamp\": \"2026-11-02T10:00:00+08:00\", \"content\": \"hi\",\n"
  "     \"author\": {\"id\": \"12\", \"name\": \"bob\", \"isBot\": false}}\n"
  "  ],\n"
  "  \"messageCount\": 7\n"
  "}\n";

static void
test_discord (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "general.json", discord_chat, -1);
  g_autofree char *figures = read_chat (f, file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_DISCORD);
  const char *const expected[] = {
    "join|2026-11-01 09:00|11|Alice||",
    "message|2026-11-01 09:05|11|Alice||hello\nworld",
    "message|2026-11-02 10:00|12|bob||hi",
    "message|2026-11-02 10:01|13|MEE6||Welcome!|bot",
    "message|2026-11-02 10:00|12|bob||hi",
    NULL,
  };

  assert_events (f, expected);
  /* The bot is not a member, and the message id 3 seen twice counts once. */
  g_assert_cmpstr (figures, ==, "2 2 1 0 2026-11-01 2026-11-02");
}

/* ---- WhatsApp ------------------------------------------------------------------------------ */

static void
test_whatsapp_android (Fixture *f, gconstpointer data)
{
  static const char text[] =
    "01/11/2026, 09:00 - Messages and calls are end-to-end encrypted. No one outside of this chat can read them.\n"
    "01/11/2026, 09:00 - Alice created group \"读书会\"\n"
    "01/11/2026, 09:01 - Alice added Bob, Carol and Dan\n"
    "01/11/2026, 09:02 - Bob: 大家好\n"
    "第二行\n"
    "\n"
    "第四行\n"
    "13/11/2026, 21:30 - Carol: <Media omitted>\n"
    "14/11/2026, 08:00 - Dan left\n"
    "14/11/2026, 08:05 - Erin joined using this group's invite link\n"
    "15/11/2026, 10:00 - Alice removed Carol\n"
    "15/11/2026, 10:01 - You added Frank\n";
  g_autoptr(GFile) file = write_file (f, "WhatsApp Chat with 读书会.txt", text, -1);
  g_autofree char *figures = read_chat (f, file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_WHATSAPP);
  const char *const expected[] = {
    "join|2026-11-01 09:01||Bob|Alice|",
    "join|2026-11-01 09:01||Carol|Alice|",
    "join|2026-11-01 09:01||Dan|Alice|",
    "message|2026-11-01 09:02||Bob||大家好\n第二行\n\n第四行",
    "message|2026-11-13 21:30||Carol||<Media omitted>",
    "leave|2026-11-14 08:00||Dan||",
    "join|2026-11-14 08:05||Erin||",
    "leave|2026-11-15 10:00||Carol||",
    "join|2026-11-15 10:01||Frank||",
    NULL,
  };

  assert_events (f, expected);
  /* Bob, Carol, Dan, Erin, Frank; Alice only added and removed: she wrote nothing, joined nothing. */
  g_assert_cmpstr (figures, ==, "5 2 5 2 2026-11-01 2026-11-15");
}

/* Month first with a 12-hour clock, as US phones write; the iPhone's brackets and marks. */
static void
test_whatsapp_variants (Fixture *f, gconstpointer data)
{
  static const char us[] =
    "11/1/26, 9:05 PM - Alice: evening\n"
    "11/2/26, 12:10 AM - Bob: just after midnight\n"
    "11/13/26, 7:00\xe2\x80\xafPM - Bob: narrow space before PM\n";
  static const char iphone[] =
    "\xe2\x80\x8e[01.11.26, 09:00:00] 读书会: \xe2\x80\x8eMessages and calls are end-to-end encrypted.\n"
    "[01.11.26, 21:05:09] Alice: evening\n"
    "\xe2\x80\x8e[02.11.26, 08:00:00] Bob left\n";
  /* No day after the 12th and a 24-hour clock: the day comes first. */
  static const char ambiguous[] = "05/11/2026, 09:00 - Alice: hi\n";
  g_autoptr(GFile) us_file = write_file (f, "us.txt", us, -1);
  g_autoptr(GFile) iphone_file = write_file (f, "_chat.txt", iphone, -1);
  g_autoptr(GFile) ambiguous_file = write_file (f, "ambiguous.txt", ambiguous, -1);
  g_autofree char *us_figures = read_chat (f, us_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_WHATSAPP);
  g_autofree char *iphone_figures = NULL;
  g_autofree char *ambiguous_figures = NULL;

  g_assert_cmpstr (g_ptr_array_index (f->events, 0), ==, "message|2026-11-01 21:05||Alice||evening");
  g_assert_cmpstr (g_ptr_array_index (f->events, 1), ==, "message|2026-11-02 00:10||Bob||just after midnight");
  g_assert_cmpstr (g_ptr_array_index (f->events, 2), ==, "message|2026-11-13 19:00||Bob||narrow space before PM");
  g_assert_cmpstr (us_figures, ==, "2 3 0 0 2026-11-01 2026-11-13");

  iphone_figures = read_chat (f, iphone_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_WHATSAPP);
  g_assert_cmpstr (g_ptr_array_index (f->events, 1), ==, "message|2026-11-01 21:05||Alice||evening");
  g_assert_cmpstr (g_ptr_array_index (f->events, 2), ==, "leave|2026-11-02 08:00||Bob||");

  ambiguous_figures = read_chat (f, ambiguous_file, CO_CHAT_FORMAT_WHATSAPP, NULL, CO_CHAT_FORMAT_WHATSAPP);
  g_assert_cmpstr (ambiguous_figures, ==, "1 1 0 0 2026-11-05 2026-11-05");
}

/* ---- QQ ------------------------------------------------------------------------------------ */

static const char qq_chat[] =
  "消息记录（此消息记录为文本格式，不支持重新导入）\r\n"
  "\r\n"
  "================================================================\r\n"
  "消息分组:我的QQ群\r\n"
  "================================================================\r\n"
  "消息对象:跑步装备交流群\r\n"
  "================================================================\r\n"
  "\r\n"
  "2026-11-01 9:05:03 【群主】张三(123456)\r\n"
  "早上好\r\n"
  "今天跑了10公里\r\n"
  "\r\n"
  "2026-11-01 9:06:00 系统消息(10000)\r\n"
  "李四(234567)加入本群\r\n"
  "\r\n"
  "2026-11-01 21:00:00 李四<lisi@example.com>\r\n"
  "[图片]\r\n"
  "\r\n"
  "2026-11-02 8:00:00 系统消息(10000)\r\n"
  "王五 退出了本群\r\n"
  "\r\n";

static void
test_qq (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "跑步装备交流群.txt", qq_chat, -1);
  g_autofree char *figures = read_chat (f, file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_QQ);
  const char *const expected[] = {
    "message|2026-11-01 09:05|123456|张三||早上好\n今天跑了10公里",
    "join|2026-11-01 09:06|234567|李四||",
    "message|2026-11-01 21:00|lisi@example.com|李四||[图片]",
    "leave|2026-11-02 08:00||王五||",
    NULL,
  };

  assert_events (f, expected);
  /* 李四 by his number and 李四 by his address are two people to the export. */
  g_assert_cmpstr (figures, ==, "4 2 1 1 2026-11-01 2026-11-02");
  /* --chat naming the one chat the file holds reads it; another name is refused. */
  g_free (read_chat (f, file, CO_CHAT_FORMAT_QQ, "跑步装备交流群", CO_CHAT_FORMAT_QQ));
  assert_refused (file, CO_CHAT_FORMAT_QQ, "读书会", CO_CHAT_ERROR_CHAT, "“跑步装备交流群”");
}

/* QQ on Windows writes UTF-16 with a BOM; Chinese tools often GB18030. Both read as the UTF-8. */
static void
test_encodings (Fixture *f, gconstpointer data)
{
  g_autofree char *expected = NULL;
  g_autofree char *utf16 = NULL;
  g_autofree char *gb18030 = NULL;
  g_autoptr(GString) with_bom = g_string_new_len ("\xff\xfe", 2);
  gsize utf16_length, gb_length;
  g_autoptr(GFile) plain = write_file (f, "utf8.txt", qq_chat, -1);
  g_autoptr(GFile) utf16_file = NULL;
  g_autoptr(GFile) gb_file = NULL;
  g_autoptr(GFile) bom_file = NULL;
  g_autoptr(GString) utf8_bom = g_string_new ("\xef\xbb\xbf");

  expected = read_chat (f, plain, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_QQ);
  utf16 = g_convert (qq_chat, -1, "UTF-16LE", "UTF-8", NULL, &utf16_length, NULL);
  g_string_append_len (with_bom, utf16, utf16_length);
  utf16_file = write_file (f, "utf16.txt", with_bom->str, with_bom->len);
  assert_reads_as (f, utf16_file, expected);
  g_assert_cmpstr (g_ptr_array_index (f->events, 0), ==, "message|2026-11-01 09:05|123456|张三||早上好\n今天跑了10公里");

  /* Without a BOM, UTF-16 is known by its NUL bytes. */
  utf16_file = (g_object_unref (utf16_file), write_file (f, "utf16-nobom.txt", utf16, utf16_length));
  assert_reads_as (f, utf16_file, expected);

  gb18030 = g_convert (qq_chat, -1, "GB18030", "UTF-8", NULL, &gb_length, NULL);
  gb_file = write_file (f, "gb.txt", gb18030, gb_length);
  assert_reads_as (f, gb_file, expected);
  g_assert_cmpstr (g_ptr_array_index (f->events, 3), ==, "leave|2026-11-02 08:00||王五||");

  g_string_append (utf8_bom, discord_chat);
  bom_file = write_file (f, "bom.json", utf8_bom->str, utf8_bom->len);
  g_free (read_chat (f, bom_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_DISCORD));
  g_assert_cmpuint (f->events->len, ==, 5);
}

/* ---- WeChat -------------------------------------------------------------------------------- */

/* As MemoTrace 2.0 writes a group chat (utf-8-sig, "\r\n", Python's csv quoting): the system's
 * lines without a writer, a message of two lines, a picture (Type 3, no text), the exporter's own
 * message (IsSender 1), a recall notice (10002) and a call (50), which are no one's messages. */
static const char memotrace_chat[] =
  "\xef\xbb\xbf"
  "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n"
  "1,5,10000,0,0,1793494800,4,\"\"\"张三\"\"邀请\"\"李四\"\"、\"\"王五\"\"加入了群聊\",2026-11-01 09:00:00,,,\r\n"
  "2,5,1,0,0,1793495100,2,\"大家好\r\n我是李四, 请多关照\",2026-11-01 09:05:00,李四,李四,wxid_lisi\r\n"
  "3,5,3,0,0,1793495400,2,,2026-11-01 09:10:00,张三_北京,张三,wxid_zhangsan\r\n"
  "4,5,1,0,1,1793495700,2,我发的,2026-11-01 09:15:00,我,我,wxid_me\r\n"
  "5,5,10002,0,0,1793495800,4,\"<sysmsg type=\"\"revokemsg\"\">…</sysmsg>\",2026-11-01 09:16:40,,,\r\n"
  "6,5,50,0,0,1793495900,2,,2026-11-01 09:18:20,李四,李四,wxid_lisi\r\n"
  "7,5,10000,0,0,1793581200,4,\"\"\"王五\"\"退出了群聊\",2026-11-02 09:00:00,,,\r\n"
  "8,5,1,0,0,1793581500,2,#打卡 第1天,2026-11-02 09:05:00,张三_北京,张三,wxid_zhangsan\r\n";

static const char *const memotrace_events[] = {
  "join|2026-11-01 09:00||李四|张三|",
  "join|2026-11-01 09:00||王五|张三|",
  "message|2026-11-01 09:05|wxid_lisi|李四||大家好\n我是李四, 请多关照",
  "message|2026-11-01 09:10|wxid_zhangsan|张三||",
  "leave|2026-11-02 09:00||王五||",
  "message|2026-11-02 09:05|wxid_zhangsan|张三||#打卡 第1天",
  NULL,
};

static void
test_memotrace (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "读书会_utf8.csv", memotrace_chat, -1);
  g_autofree char *figures = read_chat (f, file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_WECHAT);

  assert_events (f, memotrace_events);
  /* 李四 joined by name and wrote with his wxid: one person; not the exporter. */
  g_assert_cmpstr (figures, ==, "3 3 2 1 2026-11-01 2026-11-02");
  g_free (read_chat (f, file, CO_CHAT_FORMAT_WECHAT, NULL, CO_CHAT_FORMAT_WECHAT));
  assert_events (f, memotrace_events);
}

/* Saved again by Chinese Excel: GB18030, with its BOM or none, columns in another order. */
static void
test_memotrace_gb18030 (Fixture *f, gconstpointer data)
{
  static const char reordered[] =
    "StrTime,NickName,Sender,IsSender,Type,StrContent,localId\r\n"
    "2026-11-01 09:00:00,,,0,10000,\"\"\"张三\"\"邀请\"\"李四\"\"加入了群聊\",1\r\n"
    "2026-11-01 09:05:00,李四,wxid_lisi,0,1,\"大家好\r\n我是李四\",2\r\n";
  const char *const expected[] = {
    "join|2026-11-01 09:00||李四|张三|",
    "message|2026-11-01 09:05|wxid_lisi|李四||大家好\n我是李四",
    NULL,
  };
  gsize length;
  g_autofree char *gb18030 = g_convert (memotrace_chat + 3, -1, "GB18030", "UTF-8", NULL, &length, NULL);
  g_autoptr(GFile) file = write_file (f, "gb.csv", gb18030, length);
  g_autofree char *figures = read_chat (f, file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_WECHAT);
  g_autofree char *reordered_gb = g_convert (reordered, -1, "GB18030", "UTF-8", NULL, &length, NULL);
  g_autoptr(GFile) reordered_file = write_file (f, "reordered.csv", reordered_gb, length);

  g_autoptr(GString) with_bom = g_string_new_len ("\x84\x31\x95\x33", 4);
  g_autoptr(GFile) bom_file = NULL;

  assert_events (f, memotrace_events);
  g_assert_cmpstr (figures, ==, "3 3 2 1 2026-11-01 2026-11-02");
  g_free (read_chat (f, reordered_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_WECHAT));
  assert_events (f, expected);

  /* GB18030's own BOM before the header. */
  g_string_append_len (with_bom, gb18030, strlen (gb18030));
  bom_file = write_file (f, "gb-bom.csv", with_bom->str, with_bom->len);
  g_free (read_chat (f, bom_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_WECHAT));
  assert_events (f, memotrace_events);
}

static void
test_memotrace_bad (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) other = write_file (f, "members.csv", "name,phone,joined\r\n张三,13800000000,2026-11-01\r\n", -1);
  g_autoptr(GFile) older = write_file (f, "older.csv",
                                       "localId,Type,IsSender,CreateTime,Content,Sender\r\n1,1,0,1793494800,hi,wxid_a\r\n", -1);
  g_autoptr(GString) text = g_string_new (memotrace_chat);
  g_autoptr(GFile) bad_time = NULL;
  g_autoptr(GFile) open_quote = NULL;

  /* A CSV, but not MemoTrace's: what its header lacks, with or without --format. */
  assert_refused (other, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_FORMAT,
                  "Line 1: the header is not that of MemoTrace’s (留痕) CSV export of a WeChat chat: "
                  "it has no column localId, Type, IsSender, StrContent, StrTime");
  assert_refused (older, CO_CHAT_FORMAT_WECHAT, NULL, CO_CHAT_ERROR_FORMAT, "it has no column StrContent, StrTime");

  /* Line 11, after the message of two lines: 30 February. */
  g_string_append (text, "9,5,1,0,0,1793581500,2,晚安,2026-02-30 22:00:00,李四,李四,wxid_lisi\r\n");
  bad_time = write_file (f, "bad-time.csv", text->str, text->len);
  assert_refused (bad_time, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_SYNTAX, "Line 11: the date or time does not exist");
  /* With a list for problems, the line is noted and the chat's other messages read. */
  {
    g_autoptr(GFile) good = write_file (f, "good.csv", memotrace_chat, -1);
    g_autoptr(CoChatSummary) summary = co_chat_summary_new ();

    g_assert_true (co_chat_read (good, CO_CHAT_FORMAT_AUTO, NULL, co_chat_summary_add, summary, NULL, NULL, NULL));
    g_assert_cmpuint (read_with_problem (bad_time, 11, "Line 11: the date or time does not exist"), ==,
                      co_chat_summary_get_messages (summary));
  }

  g_string_truncate (text, strlen (memotrace_chat));
  g_string_append (text, "9,5,1,0,0,1793581500,2,\"晚安,2026-11-02 22:00:00,李四,李四,wxid_lisi\r\n10,5,1\r\n");
  open_quote = write_file (f, "open-quote.csv", text->str, text->len);
  assert_refused (open_quote, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_SYNTAX, "Line 11: a quote opens a field here that is never closed");
}

/* Copied from the chat window: system lines of every kind (straight and curly quotes), lines
 * that say nothing of members, and a 接龙 list, posted again by whoever added to it. */
static const char wechat_pasted[] =
  "\"张三\"邀请\"李四\"、\"王五\"加入了群聊\n"
  "\"赵六\"通过扫描\"张三\"分享的二维码加入群聊\n"
  "你邀请\"孙七\"加入了群聊\n"
  "中午吃什么\n"
  "\"王五\"退出了群聊\n"
  "你将\"孙七\"移出了群聊\n"
  "“张三”将“赵六”移出了群聊\n"
  "#接龙\n"
  "读书打卡第3天\n"
  "\n"
  "1. 张三\n"
  "2. 李四 已读完第三章\n"
  "3. 周八\n"
  "好的\n"
  "#接龙\n"
  "读书打卡第3天\n"
  "1. 张三\n"
  "2. 李四 已读完第三章\n";

static void
test_wechat_pasted (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "pasted.txt", wechat_pasted, -1);
  g_autofree char *figures = NULL;
  const char *const expected[] = {
    "join|2026-11-01 12:00||李四|张三|",
    "join|2026-11-01 12:00||王五|张三|",
    "join|2026-11-01 12:00||赵六|张三|",
    "join|2026-11-01 12:00||孙七||",
    "leave|2026-11-01 12:00||王五||",
    "leave|2026-11-01 12:00||孙七||",
    "leave|2026-11-01 12:00||赵六||",
    "message|2026-11-01 12:00||张三||读书打卡第3天",
    "message|2026-11-01 12:00||李四||读书打卡第3天 已读完第三章",
    "message|2026-11-01 12:00||周八||读书打卡第3天",
    "message|2026-11-01 12:00||张三||读书打卡第3天",
    "message|2026-11-01 12:00||李四||读书打卡第3天 已读完第三章",
    NULL,
  };

  f->day = "2026-11-01";
  figures = read_chat (f, file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_FORMAT_WECHAT);
  assert_events (f, expected);
  /* The list posted again counts each entry once; 张三 only invited until the list. */
  g_assert_cmpstr (figures, ==, "6 3 4 3 2026-11-01 2026-11-01");
  g_free (read_chat (f, file, CO_CHAT_FORMAT_WECHAT, NULL, CO_CHAT_FORMAT_WECHAT));
  g_assert_cmpuint (f->events->len, ==, 12);
}

static void
test_wechat_pasted_bad (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = write_file (f, "pasted.txt", wechat_pasted, -1);
  g_autoptr(GFile) other = write_file (f, "notes.txt", "中午吃什么\n好的\n", -1);
  g_autoptr(CoChatSummary) summary = co_chat_summary_new ();
  g_autoptr(GError) error = NULL;
  CoChatReadOptions no_such_day = { .day = "2026-02-30" };

  /* Without its day, as co_chat_read() reads, and with a day that is none. */
  assert_refused (file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_NO_DAY, "Text pasted from WeChat has no dates");
  assert_refused (file, CO_CHAT_FORMAT_WECHAT, NULL, CO_CHAT_ERROR_NO_DAY, "give the day it is from");
  g_assert_false (co_chat_read_full (file, &no_such_day, co_chat_summary_add, summary, NULL, NULL, &error));
  g_assert_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_NO_DAY);
  g_assert_nonnull (strstr (error->message, "“2026-02-30” is not a day"));
  g_assert_cmpuint (co_chat_summary_get_messages (summary), ==, 0);
  /* Text without a system line or a list is not WeChat's. */
  assert_refused (other, CO_CHAT_FORMAT_WECHAT, NULL, CO_CHAT_ERROR_FORMAT, "not a chat export of WeChat");
  assert_refused (other, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_FORMAT, "WeChat");
}

/* ---- bad input ----------------------------------------------------------------------------- */

static void
test_bad_json (Fixture *f, gconstpointer data)
{
  g_autofree char *truncated = g_strndup (telegram_chat, strlen (telegram_chat) - 40);
  g_autoptr(GFile) truncated_file = write_file (f, "truncated.json", truncated, -1);
  g_autoptr(GString) deep = g_string_new ("{\"guild\": {}, \"channel\": {}, \"messages\": [");
  g_autoptr(GFile) deep_file = NULL;
  g_autoptr(GFile) broken_file = NULL;
  g_autoptr(GFile) date_file = NULL;
  g_autoptr(GFile) empty_chat_file = NULL;
  g_autofree char *figures = NULL;
  g_autoptr(GString) long_text = g_string_new ("{\"guild\": {}, \"channel\": {}, \"messages\": [{\"id\": \"1\", \"type\": \"Default\", \"timestamp\": \"2026-11-01T09:00:00+08:00\", \"author\": {\"id\": \"1\", \"name\": \"a\"}, \"content\": \"");
  g_autoptr(GFile) long_file = NULL;
  g_autoptr(GFile) invalid_file = NULL;

  assert_refused (truncated_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_SYNTAX, "ends in the middle");

  /* 100,000 levels deep: refused at the 64th, not a stack overflow or gigabytes of memory. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  deep_file = write_file (f, "deep.json", deep->str, deep->len);
  assert_refused (deep_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_TOO_BIG, "deeper than 64 levels at messages[0]");

  broken_file = write_file (f, "broken.json",
                            "{\"guild\": {}, \"channel\": {},\n\"messages\": [\n{\"id\": \"1\",, }]}", -1);
  assert_refused (broken_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_SYNTAX, "Line 3");

  date_file = write_file (f, "date.json",
                          "{\"guild\": {}, \"channel\": {}, \"messages\": [{\"id\": \"1\", \"type\": \"Default\", "
                          "\"timestamp\": \"2026-02-30T09:00:00+08:00\", \"author\": {\"id\": \"1\", \"name\": \"a\"}, "
                          "\"content\": \"x\"}]}", -1);
  assert_refused (date_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_SYNTAX, "messages[0]: the message has no valid timestamp (“2026-02-30");
  g_assert_cmpuint (read_with_problem (date_file, 0, "messages[0]: the message has no valid timestamp "
                                                    "(“2026-02-30T09:00:00+08:00”)"), ==, 0);

  /* A chat of 0 messages reads, and holds nothing. */
  empty_chat_file = write_file (f, "empty-chat.json", "{\"name\": \"x\", \"type\": \"private_group\", \"id\": 1, \"messages\": []}", -1);
  figures = read_chat (f, empty_chat_file, CO_CHAT_FORMAT_TELEGRAM, NULL, CO_CHAT_FORMAT_TELEGRAM);
  g_assert_cmpstr (figures, ==, "0 0 0 0 - -");

  /* 5 MB of text in one message. */
  for (guint i = 0; i < 5 * 1024 * 1024 / 8; i++)
    g_string_append (long_text, "abcdefgh");
  g_string_append (long_text, "\"}]}");
  long_file = write_file (f, "long.json", long_text->str, long_text->len);
  assert_refused (long_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_TOO_BIG, "messages[0] is longer than 1 MiB");

  /* A byte that is not UTF-8 after the first 64 KiB. */
  g_string_truncate (long_text, 200 * 1024);
  g_string_append (long_text, "\xff\"}]}");
  invalid_file = write_file (f, "invalid.json", long_text->str, long_text->len);
  assert_refused (invalid_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_SYNTAX, "Line 1");
}

static void
test_bad_text (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) empty = write_file (f, "empty.txt", "", 0);
  g_autoptr(GFile) other = write_file (f, "notes.txt", "买菜\n跑步\n", -1);
  g_autoptr(GFile) binary = write_file (f, "image.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xff", 18);
  g_autoptr(GFile) bad_day = write_file (f, "bad-day.txt",
                                         "01/11/2026, 09:00 - Alice: hi\n31/02/2026, 09:00 - Alice: no such day\n", -1);
  g_autoptr(GFile) bad_qq = write_file (f, "bad-qq.txt",
                                        "消息对象:跑步群\n\n2026-13-01 9:05:03 张三(123456)\n早\n", -1);
  g_autoptr(GString) long_line = g_string_new ("01/11/2026, 09:00 - Alice: hi\n01/11/2026, 09:01 - Bob: ");
  g_autoptr(GFile) long_file = NULL;
  g_autoptr(GString) invalid = g_string_new ("01/11/2026, 09:00 - Alice: hi\n");
  g_autoptr(GFile) invalid_file = NULL;

  assert_refused (empty, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_FORMAT, "empty");
  assert_refused (other, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_FORMAT, "not a chat export");
  assert_refused (binary, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_ENCODING, "not text");
  assert_refused (bad_day, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_SYNTAX, "Line 2: the date or time does not exist");
  assert_refused (bad_qq, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_SYNTAX, "Line 3: the date or time does not exist");
  /* With a list for problems: noted, and the message skipped with its lines (QQ's 早). */
  g_assert_cmpuint (read_with_problem (bad_day, 2, "Line 2: the date or time does not exist"), ==, 1);
  g_assert_cmpuint (read_with_problem (bad_qq, 3, "Line 3: the date or time does not exist"), ==, 0);
  /* Asked for one format, given another. */
  assert_refused (bad_day, CO_CHAT_FORMAT_QQ, NULL, CO_CHAT_ERROR_FORMAT, "not a chat export of QQ");

  for (guint i = 0; i < 5 * 1024 * 1024 / 8; i++)
    g_string_append (long_line, "abcdefgh");
  long_file = write_file (f, "long.txt", long_line->str, long_line->len);
  assert_refused (long_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_TOO_BIG, "Line 2 is longer than 1024 KiB");

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (invalid, "01/11/2026, 09:00 - Alice: message %u\n", i);
  g_string_append (invalid, "01/11/2026, 09:00 - Alice: \xc3\x28\n");
  invalid_file = write_file (f, "invalid.txt", invalid->str, invalid->len);
  assert_refused (invalid_file, CO_CHAT_FORMAT_AUTO, NULL, CO_CHAT_ERROR_ENCODING, "Line 3002 is not valid UTF-8");
}

static void
test_format_names (void)
{
  CoChatFormat format = CO_CHAT_FORMAT_AUTO;

  g_assert_true (co_chat_format_from_string ("Telegram", &format));
  g_assert_cmpint (format, ==, CO_CHAT_FORMAT_TELEGRAM);
  g_assert_true (co_chat_format_from_string ("qq", &format));
  g_assert_cmpint (format, ==, CO_CHAT_FORMAT_QQ);
  g_assert_false (co_chat_format_from_string ("myspace", &format));
  g_assert_cmpstr (co_chat_format_to_string (CO_CHAT_FORMAT_WHATSAPP), ==, "whatsapp");
  g_assert_true (co_chat_format_from_string ("WeChat", &format));
  g_assert_cmpint (format, ==, CO_CHAT_FORMAT_WECHAT);
  g_assert_cmpstr (co_chat_format_to_string (CO_CHAT_FORMAT_WECHAT), ==, "wechat");
  g_assert_null (co_chat_format_to_string (CO_CHAT_FORMAT_AUTO));
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  /* Beijing time, whatever the machine's: the days and hours above are written in it. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  ADD ("/chat/telegram", test_telegram);
  ADD ("/chat/telegram-full-export", test_telegram_full_export);
  ADD ("/chat/people-merged", test_people_merged);
  ADD ("/chat/discord", test_discord);
  ADD ("/chat/whatsapp-android", test_whatsapp_android);
  ADD ("/chat/whatsapp-variants", test_whatsapp_variants);
  ADD ("/chat/qq", test_qq);
  ADD ("/chat/memotrace", test_memotrace);
  ADD ("/chat/memotrace-gb18030", test_memotrace_gb18030);
  ADD ("/chat/memotrace-bad", test_memotrace_bad);
  ADD ("/chat/wechat-pasted", test_wechat_pasted);
  ADD ("/chat/wechat-pasted-bad", test_wechat_pasted_bad);
  ADD ("/chat/encodings", test_encodings);
  ADD ("/chat/bad-json", test_bad_json);
  ADD ("/chat/bad-text", test_bad_text);
  g_test_add_func ("/chat/format-names", test_format_names);
  return g_test_run ();
}
