/* test-challenge.c: check-in challenges (打卡). Keywords, "打卡第N天" with any number; a
 * Telegram export scored at the import's commit once a day per member, within the dates only,
 * nothing twice on a second import, the points given once and the tiers following; the
 * leaderboard's days, streaks and days missed worked out by hand; the PNG written and read back. */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "core/chat/co-challenge.h"
#include "core/chat/co-chat-import.h"
#include "core/document/co-challenge-image.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

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

static void
set (Fixture    *f,
     CoList      list,
     gint64      id,
     const char *key,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_list_set (f->store, list, id, key, value, &error));
  g_assert_no_error (error);
}

static gint64
add_challenge (Fixture    *f,
               const char *name,
               const char *keywords,
               const char *start,
               const char *end,
               const char *points)
{
  g_autoptr(GError) error = NULL;
  gint64 id = co_list_add (f->store, CO_LIST_CHALLENGES, f->group, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  set (f, CO_LIST_CHALLENGES, id, "name", name);
  set (f, CO_LIST_CHALLENGES, id, "keywords", keywords);
  set (f, CO_LIST_CHALLENGES, id, "start_date", start);
  set (f, CO_LIST_CHALLENGES, id, "end_date", end);
  set (f, CO_LIST_CHALLENGES, id, "points", points);
  return id;
}

static void
test_keywords (void)
{
  static const struct { const char *keywords, *text; gboolean match; } cases[] = {
    { "#打卡", "今天 #打卡 完成", TRUE },
    { "#打卡", "打卡了", FALSE },
    { "打卡第N天", "打卡第3天，跑了5公里", TRUE },
    { "打卡第N天", "打卡第21天", TRUE },
    { "打卡第N天", "打卡第十二天", TRUE },
    { "打卡第N天", "打卡第１２天", TRUE },          /* full-width digits */
    { "打卡第N天", "打卡第天", FALSE },             /* no number */
    { "打卡第N天", "打卡第3次", FALSE },
    { "打卡第N天", "打卡第几天？打卡第4天", TRUE },  /* the second place fits */
    { "Day N", "day 7 done", TRUE },               /* Latin folded */
    { "#早起、#晨读，#checkin", "#CheckIn 6:30", TRUE },
    { "#早起 #晨读", "#晨读 第一章", TRUE },
    { "#NBA", "#nba tonight", TRUE },             /* N inside a word is a letter */
    { "#NBA", "#3BA", FALSE },
    { "", "anything", FALSE },
    { " 、 ", "anything", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s in %s", cases[i].keywords, cases[i].text);
      g_assert_cmpint (co_challenge_keywords_match (cases[i].keywords, cases[i].text), ==, cases[i].match);
    }
}

static void
test_list (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_challenge (f, "21天早起", "#早起", "2026-11-01", "2026-11-21", "5");

  g_assert_false (co_list_set (f->store, CO_LIST_CHALLENGES, id, "end_date", "2026-10-01", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
  g_clear_error (&error);
  g_assert_false (co_list_set (f->store, CO_LIST_CHALLENGES, id, "points", "-1", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_cmpint (co_challenge_find (f->store, f->group, "21天早起", &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (co_challenge_find (f->store, f->group, "nope", &error), ==, 0);
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND);
}

/* Beijing time (main() sets TZ): 1793494800 is 2026-11-01 09:00; a day is 86400 s. */
#define MESSAGE(id, time, name, user, text) \
  "{\"id\": " id ", \"type\": \"message\", \"date_unixtime\": \"" time "\", \"from\": \"" name "\"," \
  " \"from_id\": \"" user "\", \"text\": \"" text "\"}"

/* A challenge "#打卡" from the 1st to the 5th. Alice checks in twice on the 1st, on the 2nd and
 * the 5th; Bob on the 2nd, and says hello on the 3rd; Carol before the start (Oct 31st) and
 * after the end (the 6th) only. */
static const char chat[] =
  "{\"name\": \"晨跑群\", \"type\": \"private_supergroup\", \"id\": 7, \"messages\": [\n"
  MESSAGE ("1", "1793408400", "Carol", "user3", "#打卡 早") ",\n"
  MESSAGE ("2", "1793494800", "Alice", "user1", "#打卡 5公里") ",\n"
  MESSAGE ("3", "1793498400", "Alice", "user1", "#打卡 补一张图") ",\n"
  MESSAGE ("4", "1793581200", "Alice", "user1", "今天也 #打卡") ",\n"
  MESSAGE ("5", "1793584800", "Bob", "user2", "#打卡") ",\n"
  MESSAGE ("6", "1793667600", "Bob", "user2", "hello") ",\n"
  MESSAGE ("7", "1793840400", "Alice", "user1", "#打卡 day 5") ",\n"
  MESSAGE ("8", "1793926800", "Carol", "user3", "#打卡 晚了") "\n"
  "]}\n";

#define CHECKINS "SELECT m.nickname, c.date FROM challenge_checkins c JOIN memberships s ON s.id = c.membership_id" \
                 " JOIN members m ON m.id = s.member_id ORDER BY c.date, m.nickname"
#define POINTS "SELECT m.nickname, s.points, coalesce (t.name, t.builtin) FROM memberships s" \
               " JOIN members m ON m.id = s.member_id LEFT JOIN tiers t ON t.id = s.tier_id ORDER BY m.nickname"

static guint
import_chat (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->workspace.dir, "chat.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CoChatImport) import = NULL;

  g_file_set_contents (path, chat, -1, &error);
  g_assert_no_error (error);
  import = co_chat_import_read (f->store, f->group, file, CO_CHAT_FORMAT_AUTO, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (co_chat_import_commit (import, NULL, &error));
  g_assert_no_error (error);
  return co_chat_import_get_n_checkins (import);
}

static void
test_import (Fixture *f, gconstpointer data)
{
  g_autofree char *checkins = NULL, *points = NULL, *again = NULL;
  gint64 tier;

  add_challenge (f, "五天打卡", "#打卡", "2026-11-01", "2026-11-05", "10");
  /* One without points, another group's, and one in the trash: none gives points or counts here. */
  add_challenge (f, "Quiet", "#打卡", "2026-11-01", "2026-11-05", "0");
  {
    gint64 gone = add_challenge (f, "Gone", "#打卡", "2026-11-01", "2026-11-05", "100");
    g_assert_true (co_list_remove (f->store, CO_LIST_CHALLENGES, gone, NULL));
  }
  /* A tier above the built-in ones for 30 points: Alice's, once her check-ins are counted. */
  tier = co_list_add (f->store, CO_LIST_TIERS, f->group, NULL);
  set (f, CO_LIST_TIERS, tier, "name", "Streakers");
  set (f, CO_LIST_TIERS, tier, "min_points", "30");

  g_assert_cmpuint (import_chat (f), ==, 8);  /* 3 of Alice's and 1 of Bob's, for each of the two */
  checkins = test_sql_rows (f->store, "SELECT g.name, m.nickname, c.date FROM challenge_checkins c"
                             " JOIN challenges g ON g.id = c.challenge_id JOIN memberships s ON s.id = c.membership_id"
                             " JOIN members m ON m.id = s.member_id WHERE g.name = '五天打卡' ORDER BY c.date, m.nickname");
  g_assert_cmpstr (checkins, ==, "五天打卡|Alice|2026-11-01, 五天打卡|Alice|2026-11-02, 五天打卡|Bob|2026-11-02, "
                                 "五天打卡|Alice|2026-11-05");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM challenge_checkins c JOIN challenges g"
                                    " ON g.id = c.challenge_id WHERE g.name = 'Quiet'"), ==, 4);
  points = test_sql_rows (f->store, POINTS);
  g_assert_cmpstr (points, ==, "Alice|30|Streakers, Bob|10|new, Carol|0|new");

  /* The same export again: nothing new, no points twice. */
  g_assert_cmpuint (import_chat (f), ==, 0);
  again = test_sql_rows (f->store, POINTS);
  g_assert_cmpstr (again, ==, points);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM challenge_checkins"), ==, 8);
}

/* Check-ins of a challenge from the 1st to the 10th of November, 10 points each:
 *   Alice  1 2 3 4 5     every day up to today (the 5th)
 *   Bob    1 2 . 4       a gap; his streak ends yesterday, and today is not over
 *   Carol  1 2 3         her streak ended the day before yesterday
 *   Dave   . . 3 . 5     checks in today
 *   Erin   . . 3 . 5     as Dave: after him by name */
static gint64
leaderboard_challenge (Fixture *f)
{
  gint64 id = add_challenge (f, "十日读书", "#读书", "2026-11-01", "2026-11-10", "10");
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO members (uuid, nickname, created_at, updated_at) VALUES"
    " ('a', 'Alice', 'x', 'x'), ('b', 'Bob', 'x', 'x'), ('c', 'Carol', 'x', 'x'), ('e', 'Erin', 'x', 'x'),"
    " ('d', 'Dave', 'x', 'x'), ('z', 'Zoe', 'x', 'x');"
    "INSERT INTO memberships (member_id, group_id, created_at, updated_at)"
    " SELECT id, %" G_GINT64_FORMAT ", 'x', 'x' FROM members;"
    "INSERT INTO challenge_checkins (challenge_id, membership_id, date)"
    " SELECT %" G_GINT64_FORMAT ", s.id, d.column2 FROM memberships s JOIN members m ON m.id = s.member_id JOIN"
    " (VALUES ('Alice', '2026-11-01'), ('Alice', '2026-11-02'), ('Alice', '2026-11-03'), ('Alice', '2026-11-04'),"
    "  ('Alice', '2026-11-05'), ('Bob', '2026-11-01'), ('Bob', '2026-11-02'), ('Bob', '2026-11-04'),"
    "  ('Carol', '2026-11-01'), ('Carol', '2026-11-02'), ('Carol', '2026-11-03'), ('Dave', '2026-11-03'),"
    "  ('Dave', '2026-11-05'), ('Erin', '2026-11-03'), ('Erin', '2026-11-05')) d ON d.column1 = m.nickname;",
    f->group, id);

  test_sql_exec (f->store, sql);
  return id;
}

/* name|days|current|longest|missed|points, one row per member. */
static char *
leaderboard (Fixture    *f,
             gint64      id,
             const char *today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) board = co_challenge_leaderboard (f->store, id, today, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (board);
  for (guint i = 0; i < board->len; i++)
    {
      const CoChallengeRow *row = board->pdata[i];

      g_string_append_printf (out, "%s%s|%u|%u|%u|%u|%" G_GINT64_FORMAT, i > 0 ? ", " : "", row->name, row->days,
                              row->current_streak, row->longest_streak, row->missed, row->points);
    }
  return g_string_free (out, FALSE);
}

static void
test_leaderboard (Fixture *f, gconstpointer data)
{
  gint64 id = leaderboard_challenge (f);
  g_autofree char *running = leaderboard (f, id, "2026-11-05");
  g_autofree char *next_day = leaderboard (f, id, "2026-11-06");
  g_autofree char *ended = leaderboard (f, id, "2026-11-20");
  g_autofree char *not_started = leaderboard (f, id, "2026-10-31");
  g_autofree char *first_day = leaderboard (f, id, "2026-11-01");

  /* On the 5th: 5 days so far, today's still open for those who have not checked in (Bob,
   * Carol: 4 counted). Bob before Carol: the same days, a streak still running. */
  g_assert_cmpstr (running, ==, "Alice|5|5|5|0|50, Bob|3|1|2|1|30, Carol|3|0|3|1|30, "
                                "Dave|2|1|1|3|20, Erin|2|1|1|3|20");
  /* On the 6th nobody has checked in yet: Alice's streak runs on from yesterday, Dave's too;
   * Bob's and Carol's are over, and the 5th is a day they missed. */
  g_assert_cmpstr (next_day, ==, "Alice|5|5|5|0|50, Bob|3|0|2|2|30, Carol|3|0|3|2|30, "
                                 "Dave|2|1|1|3|20, Erin|2|1|1|3|20");
  /* Ended on the 10th: nobody's streak reached it; 10 days, all over. */
  g_assert_cmpstr (ended, ==, "Alice|5|0|5|5|50, Bob|3|0|2|7|30, Carol|3|0|3|7|30, "
                              "Dave|2|0|1|8|20, Erin|2|0|1|8|20");
  g_assert_cmpstr (not_started, ==, "");
  /* The first day: only what is on it; nobody has missed a day yet. */
  g_assert_cmpstr (first_day, ==, "Alice|1|1|1|0|10, Bob|1|1|1|0|10, Carol|1|1|1|0|10");
}

static void
test_png (Fixture *f, gconstpointer data)
{
  gint64 id = leaderboard_challenge (f);
  g_autofree char *path = g_build_filename (f->workspace.dir, "board.png", NULL);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;
  const guint32 *pixels;
  int stride;
  gboolean inked = FALSE;

  g_assert_true (co_challenge_leaderboard_png (f->store, id, "2026-11-05", path, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, CO_CHALLENGE_IMAGE_WIDTH);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, CO_CHALLENGE_IMAGE_MIN_HEIGHT);
  /* Something is drawn in the first row's band (dark text on the light background). */
  pixels = (const guint32 *) cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image) / 4;
  for (int y = 430; y < 510 && !inked; y++)
    for (int x = 0; x < CO_CHALLENGE_IMAGE_WIDTH && !inked; x++)
      inked = (pixels[y * stride + x] & 0xff) < 0x60;
  g_assert_true (inked);
  cairo_surface_destroy (image);

  /* Sixty members: taller, still as wide. */
  test_sql_exec (f->store, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)"
                  " INSERT INTO members (uuid, nickname, created_at, updated_at) SELECT 'm' || i, '成员' || i, 'x', 'x' FROM n;"
                  "INSERT OR IGNORE INTO memberships (member_id, group_id, created_at, updated_at)"
                  " SELECT id, (SELECT group_id FROM challenges), 'x', 'x' FROM members WHERE uuid GLOB 'm*';"
                  "INSERT INTO challenge_checkins SELECT (SELECT id FROM challenges), s.id, '2026-11-02'"
                  " FROM memberships s JOIN members m ON m.id = s.member_id WHERE m.uuid GLOB 'm*';");
  g_assert_true (co_challenge_leaderboard_png (f->store, id, "2026-11-05", path, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, CO_CHALLENGE_IMAGE_WIDTH);
  g_assert_cmpint (cairo_image_surface_get_height (image), >, 65 * 96);
  cairo_surface_destroy (image);

  /* A folder that is not there: an error, not a crash. */
  g_assert_false (co_challenge_leaderboard_png (f->store, id, "2026-11-05", "/nonexistent/board.png", &error));
  g_assert_nonnull (error);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/challenge/keywords", test_keywords);
  ADD ("/challenge/list", test_list);
  ADD ("/challenge/import", test_import);
  ADD ("/challenge/leaderboard", test_leaderboard);
  ADD ("/challenge/png", test_png);
  return g_test_run ();
}
