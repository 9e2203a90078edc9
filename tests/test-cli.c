/* test-cli.c: the command line, run as a user runs it: a separate process, no display,
 * in English and in Chinese. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include <cairo.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-channel.h"
#include "core/members/co-member-list.h"
#include "core/members/co-tag.h"
#include "core/records/co-list.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* The COMMUNITY_OPS_DATABASE the next run_cli() passes on, or NULL for none. */
static const char *database_variable;
/* The GDK_BACKEND the next run_cli() passes on, or NULL for none. */
static const char *gdk_backend;

/* Runs community-ops with @args (NULL-terminated) in locale @lang, without a display. */
static void
run_cli (Run        *run,
         const char *lang,
         ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("COMMUNITY_OPS_BIN"));
  va_start (ap, lang);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  if (database_variable != NULL)
    g_subprocess_launcher_setenv (launcher, "COMMUNITY_OPS_DATABASE", database_variable, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "COMMUNITY_OPS_DATABASE");
  if (gdk_backend != NULL)
    g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", gdk_backend, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_unsetenv (launcher, "LC_MESSAGES");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", lang, TRUE);
  /* The test's isolated folders are not in its environment: pass them on. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "LANG", lang, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

/* A missing locale would make the Chinese checks pass or fail for the wrong reason. */
static void
require_locale (const char *lang)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  if (setlocale (LC_ALL, lang) == NULL)
    g_error ("The %s locale is missing: run build-aux/install-deps", lang);
  setlocale (LC_ALL, saved);
}

static void
test_version (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "C.UTF-8", "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "community-ops " PACKAGE_VERSION "\n");
}

static void
test_help_translated (void)
{
  g_auto(Run) english = { 0 };
  g_auto(Run) chinese = { 0 };

  require_locale ("zh_CN.UTF-8");
  run_cli (&english, "en_US.UTF-8", "--help", NULL);
  g_assert_cmpint (english.status, ==, 0);
  g_assert_nonnull (strstr (english.out, "--create-sample"));
  g_assert_nonnull (strstr (english.out, "Fill an empty database with the sample workspace and exit"));

  run_cli (&chinese, "zh_CN.UTF-8", "--help", NULL);
  g_assert_cmpint (chinese.status, ==, 0);
  g_assert_nonnull (strstr (chinese.out, "在空数据库中创建示例工作区并退出"));
  g_assert_nonnull (strstr (chinese.out, "规划、配置人员并汇报你的线上社群。"));
}

static void
test_sample_and_list (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sample.db", NULL);
  g_auto(Run) create = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(GStrv) names = NULL;

  run_cli (&create, "zh_CN.UTF-8", "--database", path, "--create-sample", NULL);
  g_assert_cmpint (create.status, ==, 0);
  g_assert_nonnull (strstr (create.out, path));

  run_cli (&list, "en_US.UTF-8", "-d", path, "--list-groups", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpstr (list.err, ==, "");
  names = g_strsplit (list.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (names), ==, 8);  /* seven names and the final newline */
  /* Created under zh_CN, so the sample speaks Chinese; parents come before children. */
  g_assert_cmpstr (names[0], ==, "科研文献社群矩阵");
  g_assert_cmpstr (names[1], ==, "文献交流1群");
  g_assert_cmpstr (names[7], ==, "");

  run_cli (&again, "C.UTF-8", "-d", path, "--create-sample", NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "already has groups"));

  test_remove_tree (dir);
}

/* --add-member: one member added, or refused with the New Member dialog's reason, exit 1 and
 * nothing written. */
static void
test_add_member (void)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_auto(Run) added = { 0 };
  g_auto(Run) bad_date = { 0 };
  g_auto(Run) same_contact = { 0 };
  g_auto(Run) no_nickname = { 0 };
  g_auto(Run) no_tier = { 0 };
  g_auto(Run) chinese = { 0 };
  g_auto(Run) with_source = { 0 };
  g_auto(Run) no_source = { 0 };
  g_auto(Run) no_tag = { 0 };
  CoStore *store = test_open_temp_store (&path);
  gint64 region;

  dir = g_path_get_dirname (path);
  g_assert_cmpint (co_group_create (store, "文献交流1群", 0, NULL), >, 0);
  g_assert_cmpint (co_channel_ensure (store, "海报", NULL), >, 0);
  g_assert_cmpint ((region = co_tag_group_add (store, "地区", NULL)), >, 0);
  g_assert_cmpint (co_tag_add (store, region, "深圳", NULL), >, 0);
  g_assert_cmpint (co_tag_add (store, co_tag_group_add (store, "兴趣", NULL), "摄影", NULL), >, 0);
  g_object_unref (store);

  run_cli (&added, "C.UTF-8", "-d", path, "--add-member", "--group", "文献交流1群", "--nickname", "北京-张三-IT",
           "--contact", "wx-zhang", "--real-name", "张三", "--joined", "2025-03-01", "--tier", "活跃用户",
           "--notes", "想了解付费方案", NULL);
  g_assert_cmpstr (added.err, ==, "");
  g_assert_cmpint (added.status, ==, 0);
  g_assert_nonnull (strstr (added.out, "北京-张三-IT (wx-zhang), Active"));

  run_cli (&bad_date, "C.UTF-8", "-d", path, "--add-member", "--group", "文献交流1群", "--nickname", "李四",
           "--joined", "2025-02-30", NULL);
  g_assert_cmpint (bad_date.status, ==, 1);
  g_assert_cmpstr (bad_date.err, ==, "community-ops: Joined: “2025-02-30” is not a date. Write it like 2025-03-01.\n");
  run_cli (&same_contact, "C.UTF-8", "-d", path, "--add-member", "--group", "文献交流1群", "--nickname", "李四",
           "--contact", "wx-zhang", NULL);
  g_assert_cmpint (same_contact.status, ==, 1);
  g_assert_cmpstr (same_contact.err, ==, "community-ops: Contact: “北京-张三-IT” already has this contact in the group.\n");
  run_cli (&no_nickname, "C.UTF-8", "-d", path, "--add-member", "--group", "文献交流1群", "--nickname", " ", NULL);
  g_assert_cmpint (no_nickname.status, ==, 1);
  g_assert_cmpstr (no_nickname.err, ==, "community-ops: Nickname: A member needs a nickname.\n");
  run_cli (&no_tier, "C.UTF-8", "-d", path, "--add-member", "--group", "文献交流1群", "--nickname", "李四",
           "--tier", "gold", NULL);
  g_assert_cmpint (no_tier.status, ==, 1);
  g_assert_cmpstr (no_tier.err, ==, "community-ops: Tier: This tier is not one of the group’s.\n");
  run_cli (&chinese, "zh_CN.UTF-8", "-d", path, "--add-member", "--group", "文献交流1群", "--nickname", "李四",
           "--joined", "2025-02-30", NULL);
  g_assert_cmpint (chinese.status, ==, 1);
  g_assert_true (g_str_has_prefix (chinese.err, "community-ops: 入群日期："));
  /* The channel and the tags by name; an unknown one refused, saying what there is. */
  run_cli (&with_source, "C.UTF-8", "-d", path, "--add-member", "--group", "文献交流1群", "--nickname", "王五",
           "--source", "海报", "--tags", "深圳, 兴趣/摄影", NULL);
  g_assert_cmpstr (with_source.err, ==, "");
  g_assert_cmpint (with_source.status, ==, 0);
  run_cli (&no_source, "C.UTF-8", "-d", path, "--add-member", "--group", "文献交流1群", "--nickname", "赵六",
           "--source", "直播", NULL);
  g_assert_cmpint (no_source.status, ==, 1);
  g_assert_cmpstr (no_source.err, ==, "community-ops: Source: there is no channel named “直播”. The channels are: 海报.\n");
  run_cli (&no_tag, "C.UTF-8", "-d", path, "--add-member", "--group", "文献交流1群", "--nickname", "赵六",
           "--tags", "深圳,读书", NULL);
  g_assert_cmpint (no_tag.status, ==, 1);
  g_assert_nonnull (strstr (no_tag.err, "读书"));

  /* The ones added, as given; nothing of the refused ones. */
  store = co_store_open (path, NULL);
  g_assert_cmpint (test_sql_count (store, "SELECT count(*) FROM memberships"), ==, 2);
  g_assert_cmpint (test_sql_count (store, "SELECT count(*) FROM memberships s JOIN members m ON m.id = s.member_id"
                                          " JOIN channels c ON c.id = s.channel_id"
                                          " WHERE m.nickname = '王五' AND c.name = '海报'"), ==, 1);
  g_assert_cmpint (test_sql_count (store, "SELECT count(*) FROM member_tags mt JOIN members m ON m.id = mt.member_id"
                                          " WHERE m.nickname = '王五'"), ==, 2);
  g_assert_cmpint (test_sql_count (store, "SELECT count(*) FROM members WHERE nickname = '北京-张三-IT'"
                                          " AND real_name = '张三' AND notes = '想了解付费方案'"), ==, 1);
  g_assert_cmpint (test_sql_count (store, "SELECT count(*) FROM memberships s JOIN tiers t ON t.id = s.tier_id"
                                          " WHERE s.joined_date = '2025-03-01' AND t.builtin = 'active'"), ==, 1);
  g_object_unref (store);
  test_remove_tree (dir);
}

/* --import-members, --export-members and --report on the sample: a bad file or bad dates get a
 * message and exit 1; good ones work. */
static void
test_members_and_report (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sample.db", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *good = g_build_filename (dir, "good.csv", NULL);
  g_autofree char *out = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *exported = NULL;
  g_auto(Run) create = { 0 }, refused = { 0 }, imported = { 0 }, export = { 0 }, report = { 0 };
  g_auto(Run) csv = { 0 }, wrong_dates = { 0 }, wrong_format = { 0 }, no_group = { 0 };

  g_assert_true (g_file_set_contents (bad, "nickname,points\nA,1\nB,-3\n", -1, NULL));
  g_assert_true (g_file_set_contents (good, "昵称,微信号\n甲,wx-a\n乙,wx-b\n", -1, NULL));
  run_cli (&create, "C.UTF-8", "-d", path, "--create-sample", NULL);
  g_assert_cmpint (create.status, ==, 0);

  run_cli (&refused, "C.UTF-8", "-d", path, "--import-members", bad, "--group", "Trail Running Gear Fans", NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "bad.csv:3:2 (points):"));
  g_assert_nonnull (strstr (refused.err, "nothing was imported"));

  run_cli (&imported, "C.UTF-8", "-d", path, "--import-members", good, "--group", "trail running gear fans", NULL);
  g_assert_cmpint (imported.status, ==, 0);
  g_assert_nonnull (strstr (imported.out, "2 added, 0 updated."));
  /* The same file again: both are there already, and the command says so. */
  {
    g_auto(Run) again = { 0 };

    run_cli (&again, "zh_CN.UTF-8", "-d", path, "--import-members", good, "--group", "Trail Running Gear Fans",
             NULL);
    g_assert_cmpint (again.status, ==, 0);
    g_assert_nonnull (strstr (again.out, "新增 0 个，更新 0 个，跳过 2 个（2 个已在群里）"));
  }

  run_cli (&export, "C.UTF-8", "-d", path, "--export-members", out, "--group", "Trail Running Gear Fans", NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_true (g_file_get_contents (out, &exported, NULL, NULL));
  g_assert_nonnull (strstr (exported, "\r\n甲,,,,wx-a,"));

  run_cli (&no_group, "C.UTF-8", "-d", path, "--export-members", out, "--group", "Nowhere", NULL);
  g_assert_cmpint (no_group.status, ==, 1);
  g_assert_nonnull (strstr (no_group.err, "no group named “Nowhere”"));

  run_cli (&report, "C.UTF-8", "-d", path, "--report", "--all", "--from", "2026-01-05", "--to", "2026-01-11", NULL);
  g_assert_cmpint (report.status, ==, 0);
  g_assert_nonnull (strstr (report.out, "Members: "));
  g_assert_nonnull (strstr (report.out, "Acceptance Rate: "));
  g_assert_null (strstr (report.out, "nan"));
  run_cli (&csv, "C.UTF-8", "-d", path, "--report", "--group", "Neighbourhood Mutual Aid", "--from", "2026/1/5",
           "--to", "2026年1月11日", "--format", "csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "Figure,This Period,Previous Period,Change,Estimate,Formula\r\n"));
  g_assert_nonnull (strstr (csv.out, "\r\nNet Growth,"));

  run_cli (&wrong_dates, "C.UTF-8", "-d", path, "--report", "--all", "--from", "2026-02-01", "--to", "2026-01-01", NULL);
  g_assert_cmpint (wrong_dates.status, ==, 1);
  g_assert_nonnull (strstr (wrong_dates.err, "--from is after --to"));
  run_cli (&wrong_format, "C.UTF-8", "-d", path, "--report", "--all", "--from", "2026-01-01", "--to", "2026-01-31",
           "--format", "xml", NULL);
  g_assert_cmpint (wrong_format.status, ==, 1);
  g_assert_nonnull (strstr (wrong_format.err, "not “xml”"));

  /* The weekly report as Copy as Text gives it: yesterday's week, with the sample's notes. */
  {
    g_auto(Run) weekly = { 0 }, chinese = { 0 }, bad_week = { 0 };

    run_cli (&weekly, "C.UTF-8", "-d", path, "--weekly-report", "--group", "Literature Exchange Group 1", NULL);
    g_assert_cmpint (weekly.status, ==, 0);
    g_assert_true (g_str_has_prefix (weekly.out, "Weekly report: Literature Exchange Group 1, "));
    g_assert_nonnull (strstr (weekly.out, "\nFigures this week\nMembers: "));
    g_assert_nonnull (strstr (weekly.out, "\nSOP tasks\nOn time "));
    g_assert_nonnull (strstr (weekly.out, "\nThis week\nRegistrations from the group are up on last week.\n"));
    run_cli (&chinese, "zh_CN.UTF-8", "-d", path, "--weekly-report", NULL);
    g_assert_cmpint (chinese.status, ==, 0);
    g_assert_true (g_str_has_prefix (chinese.out, "【社群周报】"));
    g_assert_nonnull (strstr (chinese.out, "\n【本周数据】\n"));
    run_cli (&bad_week, "C.UTF-8", "-d", path, "--weekly-report", "--week", "soon", NULL);
    g_assert_cmpint (bad_week.status, ==, 1);
    g_assert_nonnull (strstr (bad_week.err, "--week: “soon” is not a date"));
  }

  test_remove_tree (dir);
}

/* COMMUNITY_OPS_DATABASE chooses the file; --database wins over it; the per-user default
 * lives under XDG_DATA_HOME (isolated by the test). */
static void
test_database_choice (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *from_env = g_build_filename (dir, "env.db", NULL);
  g_autofree char *from_option = g_build_filename (dir, "option.db", NULL);
  g_autofree char *default_path = co_store_default_path ();
  g_auto(Run) env_run = { 0 };
  g_auto(Run) option_run = { 0 };
  g_auto(Run) default_run = { 0 };

  database_variable = from_env;
  run_cli (&env_run, "C.UTF-8", "--create-sample", NULL);
  g_assert_cmpint (env_run.status, ==, 0);
  g_assert_true (g_file_test (from_env, G_FILE_TEST_IS_REGULAR));

  run_cli (&option_run, "C.UTF-8", "--database", from_option, "--list-groups", NULL);
  database_variable = NULL;
  g_assert_cmpint (option_run.status, ==, 0);
  g_assert_cmpstr (option_run.out, ==, "");  /* a new, empty database */
  g_assert_true (g_file_test (from_option, G_FILE_TEST_IS_REGULAR));

  g_assert_false (g_file_test (default_path, G_FILE_TEST_EXISTS));
  run_cli (&default_run, "C.UTF-8", "--list-groups", NULL);
  g_assert_cmpint (default_run.status, ==, 0);
  g_assert_true (g_file_test (default_path, G_FILE_TEST_IS_REGULAR));

  test_remove_tree (dir);
}

/* Bad database paths: message naming the file, exit 1, bytes untouched. */
static void
assert_cli_refuses (const char *path,
                    const char *lang,
                    const char *expected)
{
  g_autoptr(GBytes) before = g_file_test (path, G_FILE_TEST_IS_REGULAR) ? test_read_file (path) : NULL;
  g_auto(Run) run = { 0 };

  run_cli (&run, lang, "--database", path, "--list-groups", NULL);
  g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "community-ops: "));
  g_assert_nonnull (strstr (run.err, path));
  g_assert_nonnull (strstr (run.err, expected));
  if (before != NULL)
    {
      g_autoptr(GBytes) after = test_read_file (path);
      g_assert_true (g_bytes_equal (before, after));
    }
}

static void
test_bad_databases (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *text = g_build_filename (dir, "members.csv", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *readonly = g_build_filename (dir, "readonly.db", NULL);
  g_autofree char *below_file = g_build_filename (text, "x.db", NULL);
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", CO_STORE_SCHEMA_VERSION + 1);
  sqlite3 *db = NULL;

  require_locale ("zh_CN.UTF-8");
  g_assert_true (g_file_set_contents (text, "昵称,城市\n小王,上海\n", -1, NULL));
  assert_cli_refuses (text, "en_US.UTF-8", "not an SQLite file");
  assert_cli_refuses (text, "zh_CN.UTF-8", "不是 SQLite 文件");

  g_assert_true (co_store_create_at_version (newer, CO_STORE_SCHEMA_VERSION, NULL));
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_cli_refuses (newer, "en_US.UTF-8", "newer version");

  g_assert_true (co_store_create_at_version (readonly, CO_STORE_SCHEMA_VERSION, NULL));
  g_assert_cmpint (g_chmod (readonly, 0400), ==, 0);
  assert_cli_refuses (readonly, "en_US.UTF-8", "read-only");
  assert_cli_refuses (readonly, "zh_CN.UTF-8", "只读");
  g_chmod (readonly, 0600);

  assert_cli_refuses (below_file, "en_US.UTF-8", "Not a directory");
  g_assert_false (g_file_test (below_file, G_FILE_TEST_EXISTS));

  test_remove_tree (dir);
}

static void
test_unknown_option (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "C.UTF-8", "--no-such-option", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "--no-such-option"));
}

/* A command-line run never starts GTK: with no display and a GDK backend that does not exist,
 * commands, --help and mistakes in the options behave as ever. (A window run would fail here.) */
static void
test_without_gtk (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_auto(Run) list = { 0 }, help = { 0 }, missing = { 0 }, unknown = { 0 };

  gdk_backend = "nonexistent";
  run_cli (&list, "C.UTF-8", "-d", path, "--list-groups", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpstr (list.out, ==, "");  /* a new, empty database */
  g_assert_cmpstr (list.err, ==, "");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* The table's options (test-cli-table checks each) and GApplication's own, as before. */
  run_cli (&help, "C.UTF-8", "--help-all", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "  -d, --database=PATH "));
  g_assert_nonnull (strstr (help.out, "  --gapplication-service "));

  run_cli (&missing, "C.UTF-8", "-d", path, "--import-json", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_cmpstr (missing.out, ==, "");
  g_assert_cmpstr (missing.err, ==, "Missing argument for --import-json\n");
  run_cli (&unknown, "C.UTF-8", "-d", path, "--list-groups", "--no-such-option", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_cmpstr (unknown.out, ==, "");
  g_assert_cmpstr (unknown.err, ==, "Unknown option --no-such-option\n");
  gdk_backend = NULL;
  test_remove_tree (dir);
}

/* Runs a PDF tool (poppler-utils, qpdf) and returns what it printed, or NULL when it failed. */
static char *
run_tool (const char *program,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  const char *arg;
  int status;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) program);
  va_start (ap, program);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_steal_pointer (&out);
}

/* A PDF the command line wrote: every section and the group named, no line starting with
 * closing punctuation, every font embedded and subset with a Unicode map, a valid file, between
 * @min_pages and @max_pages pages, none without content. */
static void
check_pdf (const char         *pdf,
           const char         *group,
           const char * const *sections,
           guint               min_pages,
           guint               max_pages)
{
  g_autofree char *text = NULL, *fonts = NULL, *check = NULL, *info = NULL;
  g_auto(GStrv) font_lines = NULL;
  const char *pages_line;
  guint n_pages;

  text = run_tool ("pdftotext", pdf, "-", NULL);
  g_assert_nonnull (text);
  for (guint i = 0; sections[i] != NULL; i++)
    {
      g_test_message ("%s: %s", pdf, sections[i]);
      g_assert_nonnull (strstr (text, sections[i]));
    }
  g_assert_nonnull (strstr (text, group));
  /* Line breaking by the language's rules: no line starts with closing punctuation. */
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      for (const char *closing = "，。、；：？！）》」』”"; *closing != '\0'; closing = g_utf8_next_char (closing))
        {
          char mark[8] = { 0 };
          g_unichar_to_utf8 (g_utf8_get_char (closing), mark);
          if (g_str_has_prefix (g_strchug (lines[i]), mark))
            g_error ("A line starts with “%s”: %s", mark, lines[i]);
        }
  }

  fonts = run_tool ("pdffonts", pdf, NULL);
  g_assert_nonnull (fonts);
  font_lines = g_strsplit (fonts, "\n", -1);
  g_assert_cmpuint (g_strv_length (font_lines), >, 3);
  for (guint i = 2; font_lines[i] != NULL && *font_lines[i] != '\0'; i++)
    {
      g_test_message ("%s", font_lines[i]);
      g_assert_nonnull (strstr (font_lines[i], " yes yes yes "));
    }

  check = run_tool ("qpdf", "--check", pdf, NULL);
  g_assert_nonnull (check);
  g_assert_nonnull (strstr (check, "No syntax or stream encoding errors"));

  info = run_tool ("pdfinfo", pdf, NULL);
  pages_line = strstr (info, "Pages:");
  g_assert_nonnull (pages_line);
  n_pages = (guint) g_ascii_strtoull (pages_line + strlen ("Pages:"), NULL, 10);
  g_assert_cmpuint (n_pages, >=, min_pages);
  g_assert_cmpuint (n_pages, <=, max_pages);
  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *number = g_strdup_printf ("%u", page);
      g_autofree char *page_text = run_tool ("pdftotext", "-f", number, "-l", number, pdf, "-", NULL);
      g_auto(GStrv) lines = g_strsplit (page_text, "\n", -1);
      guint n_lines = 0;

      for (guint i = 0; lines[i] != NULL; i++)
        n_lines += *g_strstrip (lines[i]) != '\0';
      /* More than the header and the footer. */
      g_assert_cmpuint (n_lines, >, 3);
    }
}

/* The sample's last week as a report, and a plan, exported in @lang and checked. */
static void
check_exports (const char         *lang,
               const char         *report_group,
               const char * const *report_sections,
               const char         *plan_group,
               const char * const *plan_sections)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sample.db", NULL);
  g_autofree char *report = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *plan = g_build_filename (dir, "plan.pdf", NULL);
  g_autofree char *to = NULL, *from = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  g_auto(Run) create = { 0 }, export_report = { 0 }, export_plan = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) week_ago = g_date_time_add_days (now, -7);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);

  if (pdftotext == NULL || qpdf == NULL)
    {
      g_test_skip ("poppler-utils and qpdf are needed: run build-aux/install-deps");
      return;
    }
  from = g_date_time_format (week_ago, "%Y-%m-%d");
  to = g_date_time_format (yesterday, "%Y-%m-%d");
  run_cli (&create, lang, "-d", path, "--create-sample", NULL);
  g_assert_cmpint (create.status, ==, 0);

  run_cli (&export_report, lang, "-d", path, "--export-report", "--all", "--from", from, "--to", to,
           "--output", report, NULL);
  g_assert_cmpstr (export_report.err, ==, "");
  g_assert_cmpint (export_report.status, ==, 0);
  /* A week of the sample: cover, contents, figures, charts, retention, the funnel and goals, the rest. */
  check_pdf (report, report_group, report_sections, 5, 9);

  run_cli (&export_plan, lang, "-d", path, "--export-plan", plan_group, "--with-check", "--output", plan, NULL);
  g_assert_cmpstr (export_plan.err, ==, "");
  g_assert_cmpint (export_plan.status, ==, 0);
  /* The research matrix's full plan: its long tables run over pages. */
  check_pdf (plan, plan_group, plan_sections, 6, 12);
  test_remove_tree (dir);
}

static void
test_export_english (void)
{
  const char *report[] = { "Community Report", "Contents", "Key Figures", "Charts", "Retention", "Funnel by Channel",
                           "Spring QR code", "Goals", "Highlights", "Problems and Suggestions", "Net Growth", NULL };
  const char *plan[] = { "Contents", "Preparation", "Before Launch", "Running", "Feedback", "Goals",
                         "Launch Checklist", "Seed Users and Tiers", "Roles and Staffing", "Duty Roster",
                         "Plan Check", "Every researcher finds the paper they need", NULL };

  check_exports ("en_US.UTF-8", "Trail Running Gear Fans", report, "Research Platform Matrix", plan);
}

static void
test_export_chinese (void)
{
  const char *report[] = { "社群运营报表", "目录", "关键数据", "图表", "留存", "渠道漏斗", "春季渠道活码", "目标", "亮点",
                           "问题与针对性意见", "净增", NULL };
  const char *plan[] = { "目录", "前期准备", "运营前期", "运营执行", "效果反馈", "目标", "启动清单", "种子用户与分层",
                         "角色与人员", "值班表", "方案体检", NULL };

  require_locale ("zh_CN.UTF-8");
  check_exports ("zh_CN.UTF-8", "越野跑装备粉丝群", report, "科研文献社群矩阵", plan);
}

/* --export-json then --import-json --replace into an empty workspace then --export-json: the
 * same file. A dry run and a bad file change nothing; the bad file's message, in Chinese, names
 * where it is wrong, and no backup is made for it. */
static void
test_json (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *first_db = g_build_filename (dir, "first.db", NULL);
  g_autofree char *second_db = g_build_filename (dir, "second.db", NULL);
  g_autofree char *first = g_build_filename (dir, "first.json", NULL);
  g_autofree char *second = g_build_filename (dir, "second.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "missing", "out.json", NULL);
  g_autoptr(GBytes) first_bytes = NULL;
  g_autoptr(GBytes) second_bytes = NULL;
  g_auto(Run) run = { 0 };
  g_autofree char *groups = NULL;
  g_autofree char *backups = NULL;

  require_locale ("zh_CN.UTF-8");
  run_cli (&run, "C.UTF-8", "--database", first_db, "--create-sample", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "--database", first_db, "--export-json", first, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "--database", second_db, "--import-json", first, "--replace", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "7 groups"));
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "--database", second_db, "--export-json", second, NULL);
  g_assert_cmpint (run.status, ==, 0);
  first_bytes = test_read_file (first);
  second_bytes = test_read_file (second);
  g_assert_true (g_bytes_equal (first_bytes, second_bytes));

  run_clear (&run);
  run_cli (&run, "C.UTF-8", "--database", second_db, "--list-groups", NULL);
  groups = g_steal_pointer (&run.out);
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "--database", second_db, "--list-backups", NULL);
  backups = g_steal_pointer (&run.out);

  run_clear (&run);
  run_cli (&run, "C.UTF-8", "--database", second_db, "--import-json", first, "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "exists already: the imported one is named"));

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"community-ops-exchange\", \"version\": 1, \"groups\":"
                                      " [{\"name\": \"x\", \"goals\": [{\"target\": \"ten\"}]}]}", -1, NULL));
  run_clear (&run);
  run_cli (&run, "zh_CN.UTF-8", "--database", second_db, "--import-json", bad, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "$.groups[0].goals[0].target：此处应为数字。"));

  run_clear (&run);
  run_cli (&run, "C.UTF-8", "--database", second_db, "--list-groups", NULL);
  g_assert_cmpstr (run.out, ==, groups);
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "--database", second_db, "--list-backups", NULL);
  g_assert_cmpstr (run.out, ==, backups);

  run_clear (&run);
  run_cli (&run, "C.UTF-8", "--database", second_db, "--export-json", nowhere, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "out.json"));
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  test_remove_tree (dir);
}

/* Bad options and an unwritable place: a message, exit 1, and no file left behind. */
static void
test_export_report_refused (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sample.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "report.pdf", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_auto(Run) create = { 0 }, no_group = { 0 }, bad_dates = { 0 }, no_output = { 0 }, bad_paper = { 0 };
  g_auto(Run) unwritable = { 0 };
  g_autoptr(GDir) listing = NULL;
  const char *name;

  run_cli (&create, "C.UTF-8", "-d", path, "--create-sample", NULL);
  run_cli (&no_group, "C.UTF-8", "-d", path, "--export-report", "--group", "Nowhere", "--from", "2026-01-01",
           "--to", "2026-01-07", "--output", pdf, NULL);
  g_assert_cmpint (no_group.status, ==, 1);
  g_assert_nonnull (strstr (no_group.err, "no group named “Nowhere”"));
  run_cli (&bad_dates, "C.UTF-8", "-d", path, "--export-report", "--all", "--from", "2026-02-30", "--to",
           "2026-03-07", "--output", pdf, NULL);
  g_assert_cmpint (bad_dates.status, ==, 1);
  g_assert_nonnull (strstr (bad_dates.err, "dates like 2024-03-05"));
  run_cli (&no_output, "C.UTF-8", "-d", path, "--export-report", "--all", "--from", "2026-01-01", "--to",
           "2026-01-07", NULL);
  g_assert_cmpint (no_output.status, ==, 1);
  g_assert_nonnull (strstr (no_output.err, "--output"));
  run_cli (&bad_paper, "C.UTF-8", "-d", path, "--export-report", "--all", "--from", "2026-01-01", "--to",
           "2026-01-07", "--output", pdf, "--paper", "a5", NULL);
  g_assert_cmpint (bad_paper.status, ==, 1);
  g_assert_nonnull (strstr (bad_paper.err, "not “a5”"));
  run_cli (&unwritable, "C.UTF-8", "-d", path, "--export-report", "--all", "--from", "2026-01-01", "--to",
           "2026-01-07", "--output", missing, NULL);
  g_assert_cmpint (unwritable.status, ==, 1);
  g_assert_nonnull (strstr (unwritable.err, "no-such-folder"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  /* Nothing half-written left beside the database. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_null (strstr (name, ".partial"));
  test_remove_tree (dir);
}

/* Counts in the workspace at @path, opened after the command ran and closed again. */
static gint64
count_in (const char *path,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = co_store_open (path, &error);
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  stmt = co_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  return co_store_step_int (stmt, -1);
}

/* --import-chat: a dry run prints the summary, one figure a line (in Chinese too), and writes
 * nothing; a real run writes and says what; an unknown --format and a full export without
 * --chat are refused with a message, nothing written. Days in Beijing time. */
static void
test_import_chat (void)
{
  static const char chat[] =
    "{\"name\": \"Book Club\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
    " {\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1793494800\", \"from\": \"Alice\", \"from_id\": \"user1\", \"text\": \"hi\"},\n"
    " {\"id\": 2, \"type\": \"message\", \"date_unixtime\": \"1793498400\", \"from\": \"Bob\", \"from_id\": \"user2\", \"text\": \"yo\"},\n"
    " {\"id\": 3, \"type\": \"service\", \"date_unixtime\": \"1793581200\", \"actor\": \"Alice\", \"actor_id\": \"user1\",\n"
    "  \"action\": \"invite_members\", \"members\": [\"Carol\"]},\n"
    " {\"id\": 4, \"type\": \"message\", \"date_unixtime\": \"1793581500\", \"from\": \"Carol\", \"from_id\": \"user3\", \"text\": \"hey\"},\n"
    " {\"id\": 5, \"type\": \"service\", \"date_unixtime\": \"1793667600\", \"actor\": \"Carol\", \"actor_id\": \"user3\",\n"
    "  \"action\": \"remove_members\", \"members\": [\"Carol\"]}\n"
    "]}\n";
  static const char full[] =
    "{\"about\": \"x\", \"chats\": {\"about\": \"x\", \"list\": [\n"
    "  {\"name\": \"读书会\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
    "    {\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1793494860\", \"from\": \"Alice\", \"from_id\": \"user1\", \"text\": \"a\"}]},\n"
    "  {\"name\": \"跑步群\", \"type\": \"public_supergroup\", \"id\": 2, \"messages\": [\n"
    "    {\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1793494860\", \"from\": \"Bob\", \"from_id\": \"user2\", \"text\": \"b\"}]}\n"
    " ]}}\n";
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "chat.db", NULL);
  g_autofree char *file = g_build_filename (dir, "result.json", NULL);
  g_autofree char *full_file = g_build_filename (dir, "full.json", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  require_locale ("zh_CN.UTF-8");
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_assert_true (g_file_set_contents (file, chat, -1, NULL));
  g_assert_true (g_file_set_contents (full_file, full, -1, NULL));
  {
    g_autoptr(CoStore) store = co_store_open (db, &error);
    g_assert_no_error (error);
    g_assert_cmpint (co_group_create (store, "Book Club", 0, &error), >, 0);
  }

  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", file, "--group", "book club", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "members: 3\nnew members: 3\nmessages: 3\njoins: 1\nleaves: 1\n"
                                "first day: 2026-11-01\nlast day: 2026-11-03\n");
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);
  run_cli (&run, "zh_CN.UTF-8", "-d", db, "--import-chat", file, "--group", "Book Club", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "成员：3\n新成员：3\n消息：3\n进群：1\n退群：1\n第一天：2026-11-01\n最后一天：2026-11-03\n");
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM members"), ==, 0);
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM chat_messages"), ==, 0);
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM daily_figures"), ==, 0);

  run_clear (&run);
  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", file, "--group", "Book Club", "--format", "myspace", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "“myspace” is not a chat format"));
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", full_file, "--group", "Book Club", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "“读书会”"));
  g_assert_nonnull (strstr (run.err, "“跑步群”"));
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM members"), ==, 0);
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM chat_messages"), ==, 0);

  run_clear (&run);
  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", file, "--group", "Book Club", "--format", "telegram", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "members: 3\nnew members: 3\n"));
  g_assert_nonnull (strstr (run.out, "result.json”: 3 new members, 0 matched; 3 messages counted, 0 already imported;"
                                     " 12 figures filled in, 0 kept as entered.\n"));
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM members"), ==, 3);
  g_assert_cmpint (count_in (db, "SELECT sum (count) FROM member_activity"), ==, 3);
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM member_handles"), ==, 3);
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM daily_figures"), ==, 3);
  g_unsetenv ("TZ");
  test_remove_tree (dir);
}

/* --import-chat of a file with messages whose dates do not exist: each problem with its line on
 * stderr, exit 1 and nothing written, with --dry-run and without. */
static void
test_import_chat_problems (void)
{
  static const char chat[] =
    "01/11/2026, 09:00 - Alice: hi\n"
    "31/02/2026, 09:00 - Alice: no such day\n"
    "02/11/2026, 10:00 - Bob: hello\n"
    "30/02/2026, 09:00 - Bob: nor this one\n";
  static const char problems[] =
    "community-ops: %s: Line 2: the date or time does not exist\n"
    "community-ops: %s: Line 4: the date or time does not exist\n"
    "community-ops: %s: The file has 2 problems; nothing was imported.\n";
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "chat.db", NULL);
  g_autofree char *file = g_build_filename (dir, "chat.txt", NULL);
  g_autofree char *expected = g_strdup_printf (problems, file, file, file);
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (file, chat, -1, NULL));
  {
    g_autoptr(CoStore) store = co_store_open (db, &error);
    g_assert_no_error (error);
    g_assert_cmpint (co_group_create (store, "G", 0, &error), >, 0);
  }

  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", file, "--group", "G", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "members: 2\nnew members: 2\nmessages: 2\njoins: 0\nleaves: 0\n"
                                "first day: 2026-11-01\nlast day: 2026-11-02\n");
  g_assert_cmpstr (run.err, ==, expected);
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", file, "--group", "G", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, expected);
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM members"), ==, 0);
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM chat_messages"), ==, 0);
  test_remove_tree (dir);
}

/* --import-chat of text pasted from a WeChat group: --date gives its day (the summary's first
 * and last); without it, or with a date that is none, refused with a message naming --date. */
static void
test_import_wechat_pasted (void)
{
  static const char pasted[] =
    "\"张三\"邀请\"李四\"、\"王五\"加入了群聊\n"
    "\"王五\"退出了群聊\n"
    "#接龙\n"
    "读书打卡第3天\n"
    "1. 张三\n"
    "2. 李四 已读完第三章\n";
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "wechat.db", NULL);
  g_autofree char *file = g_build_filename (dir, "pasted.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (file, pasted, -1, NULL));
  {
    g_autoptr(CoStore) store = co_store_open (db, &error);
    g_assert_no_error (error);
    g_assert_cmpint (co_group_create (store, "G", 0, &error), >, 0);
  }

  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", file, "--group", "G", "--format", "wechat",
           "--date", "2026-11-01", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "members: 3\nnew members: 3\nmessages: 2\njoins: 2\nleaves: 1\n"
                                "first day: 2026-11-01\nlast day: 2026-11-01\n");
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM members"), ==, 0);

  run_clear (&run);
  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", file, "--group", "G", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "pasted.txt: text pasted from WeChat has no dates: give its day with --date"));
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", file, "--group", "G", "--date", "2026-02-30", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "“2026-02-30” is not a date: give --date as 2026-11-01"));
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM members"), ==, 0);
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM chat_messages"), ==, 0);

  /* Written: the list's two entries are each a day's message of its member. */
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", file, "--group", "G", "--date", "2026-11-01", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM members"), ==, 3);
  g_assert_cmpint (count_in (db, "SELECT sum (count) FROM member_activity"), ==, 2);
  /* The same paste again counts nothing twice; another day's is another day's. */
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", file, "--group", "G", "--date", "2026-11-01", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (count_in (db, "SELECT sum (count) FROM member_activity"), ==, 2);
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "-d", db, "--import-chat", file, "--group", "G", "--date", "2026-11-02", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (count_in (db, "SELECT sum (count) FROM member_activity"), ==, 4);
  g_assert_cmpint (count_in (db, "SELECT count (*) FROM members"), ==, 3);
  test_remove_tree (dir);
}

/* --challenge-leaderboard: the lines of a challenge that started the day before yesterday (in
 * Chinese too), the PNG with --output; a challenge or a folder that is not there is refused. */
static void
test_challenge_leaderboard (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "challenge.db", NULL);
  g_autofree char *png = g_build_filename (dir, "board.png", NULL);
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  g_autofree char *first = co_date_add_days (today, -2);
  g_autofree char *last = co_date_add_days (today, 18);
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  cairo_surface_t *image;

  require_locale ("zh_CN.UTF-8");
  {
    g_autoptr(CoStore) store = co_store_open (db, &error);
    gint64 group = co_group_create (store, "晨跑群", 0, &error);
    gint64 challenge = co_list_add (store, CO_LIST_CHALLENGES, group, &error);
    g_autofree char *sql = NULL;

    g_assert_no_error (error);
    g_assert_true (co_list_set (store, CO_LIST_CHALLENGES, challenge, "name", "21天晨跑", &error) &&
                   co_list_set (store, CO_LIST_CHALLENGES, challenge, "start_date", first, &error) &&
                   co_list_set (store, CO_LIST_CHALLENGES, challenge, "end_date", last, &error) &&
                   co_list_set (store, CO_LIST_CHALLENGES, challenge, "points", "5", &error));
    /* Alice every day up to today, Bob on the first day only. */
    sql = g_strdup_printf ("INSERT INTO members (uuid, nickname, created_at, updated_at) VALUES"
                           " ('a', 'Alice', 'x', 'x'), ('b', 'Bob', 'x', 'x');"
                           "INSERT INTO memberships (member_id, group_id, created_at, updated_at)"
                           " SELECT id, %" G_GINT64_FORMAT ", 'x', 'x' FROM members;"
                           "INSERT INTO challenge_checkins SELECT %" G_GINT64_FORMAT ", s.id, d.column2"
                           " FROM memberships s JOIN members m ON m.id = s.member_id JOIN (VALUES ('Alice', '%s'),"
                           " ('Alice', '%s'), ('Alice', '%s'), ('Bob', '%s')) d ON d.column1 = m.nickname;",
                           group, challenge, first, yesterday, today, first);
    g_assert_true (co_store_exec (store, sql, &error));
    g_assert_no_error (error);
  }

  run_cli (&run, "C.UTF-8", "-d", db, "--challenge-leaderboard", "21天晨跑", "--group", "晨跑群", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "rank\tname\tdays\tstreak\tmissed\tpoints\n1\tAlice\t3\t3\t0\t15\n2\tBob\t1\t0\t1\t5\n");
  g_assert_cmpstr (run.err, ==, "");
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  run_clear (&run);

  run_cli (&run, "zh_CN.UTF-8", "-d", db, "--challenge-leaderboard", "21天晨跑", "--group", "晨跑群", "--output", png,
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "名次\t成员\t打卡天数\t连续天数\t缺卡天数\t积分\n1\tAlice\t3\t"));
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1080);
  g_assert_cmpint (cairo_image_surface_get_height (image), >=, 1350);
  cairo_surface_destroy (image);
  run_clear (&run);

  run_cli (&run, "C.UTF-8", "-d", db, "--challenge-leaderboard", "Nope", "--group", "晨跑群", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "community-ops: The group has no challenge “Nope”.\n");
  run_clear (&run);
  run_cli (&run, "C.UTF-8", "-d", db, "--challenge-leaderboard", "21天晨跑", "--group", "晨跑群", "--output",
           "/nonexistent/board.png", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "/nonexistent/board.png"));
  test_remove_tree (dir);
}

/* --find-duplicates lists the sample's three pairs with their reasons; --merge-members merges
 * by uuid or by a nickname only one member has, and refuses an ambiguous or unknown one. */
static void
test_duplicates (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sample.db", NULL);
  g_auto(Run) create = { 0 };
  g_auto(Run) find = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) ambiguous = { 0 };
  g_auto(Run) merge = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  g_auto(GStrv) again_lines = NULL;
  g_autoptr(CoStore) store = NULL;
  g_autofree char *sql = NULL;

  run_cli (&create, "zh_CN.UTF-8", "--database", path, "--create-sample", NULL);
  g_assert_cmpint (create.status, ==, 0);
  run_cli (&find, "zh_CN.UTF-8", "-d", path, "--find-duplicates", "--group", "文献交流1群", NULL);
  g_assert_cmpint (find.status, ==, 0);
  g_assert_cmpstr (find.err, ==, "");
  lines = g_strsplit (find.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);  /* three pairs and the final newline */
  g_assert_nonnull (strstr (find.out, "\t联系方式相同：chen_kevin\n"));
  g_assert_nonnull (strstr (find.out, "\t联系方式相同：13900012345\n"));
  g_assert_nonnull (strstr (find.out, "\t昵称相同：小王\n"));

  run_cli (&missing, "en_US.UTF-8", "-d", path, "--merge-members", "凯文", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "Name two members: --merge-members KEEP OTHER"));
  run_cli (&unknown, "en_US.UTF-8", "-d", path, "--merge-members", "凯文", "nobody", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "No member is called “nobody”."));

  /* By uuid (the first pair's), and the other by nickname within the group. */
  fields = g_strsplit (lines[0], "\t", -1);
  run_cli (&merge, "en_US.UTF-8", "-d", path, "--group", "文献交流1群", "--merge-members", fields[1], fields[2],
           NULL);
  g_assert_cmpint (merge.status, ==, 0);
  g_assert_nonnull (strstr (merge.out, "Merged"));
  run_cli (&again, "en_US.UTF-8", "-d", path, "--find-duplicates", NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_null (strstr (again.out, fields[3]));
  again_lines = g_strsplit (again.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (again_lines), ==, 3);

  /* Another member called as the kept one: the nickname names nobody for sure. */
  store = co_store_open (path, NULL);
  sql = g_strdup_printf ("UPDATE members SET nickname = '%s' WHERE id = (SELECT min (id) FROM members)", fields[0]);
  test_sql_exec (store, sql);
  g_clear_object (&store);
  run_cli (&ambiguous, "en_US.UTF-8", "-d", path, "--merge-members", fields[0], "凯文", NULL);
  g_assert_cmpint (ambiguous.status, ==, 1);
  g_assert_nonnull (strstr (ambiguous.err, "Several members are called"));

  test_remove_tree (dir);
}

/* The nicknames of the lines --list-members printed, in order. */
static GPtrArray *
listed_nicknames (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *nicknames = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) columns = g_strsplit (lines[i], "\t", -1);

      /* nickname, contact, tier, tags */
      g_assert_cmpuint (g_strv_length (columns), ==, 4);
      g_ptr_array_add (nicknames, g_strdup (columns[0]));
    }
  return nicknames;
}

/* --list-members prints what the Members page's query lists, in its order: the same core
 * function, so a change to the search or the order shows in both. */
static void
test_list_members (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sample.db", NULL);
  g_autofree char *zh_path = g_build_filename (dir, "zh.db", NULL);
  g_auto(Run) create = { 0 }, all = { 0 }, search = { 0 }, segment = { 0 }, no_group = { 0 }, no_segment = { 0 };
  g_auto(Run) broken = { 0 }, zh_create = { 0 }, zh_segment = { 0 };
  g_autoptr(GPtrArray) nicknames = NULL;
  const char *group = "Literature Exchange Group 1";

  require_locale ("zh_CN.UTF-8");
  run_cli (&create, "C.UTF-8", "-d", path, "--create-sample", NULL);
  g_assert_cmpint (create.status, ==, 0);

  run_cli (&all, "C.UTF-8", "-d", path, "--list-members", "--group", "literature exchange group 1", NULL);
  g_assert_cmpint (all.status, ==, 0);
  nicknames = listed_nicknames (all.out);
  {
    g_autoptr(CoStore) store = co_store_open (path, NULL);
    gint64 group_id = test_sql_count (store, "SELECT id FROM groups WHERE name = 'Literature Exchange Group 1'");
    CoMemberQuery query = { .group_id = group_id, .show = CO_MEMBER_SHOW_ALL, .sort = CO_MEMBER_NICKNAME };
    g_autoptr(GArray) ids = co_member_query_ids (store, &query, NULL);

    g_assert_cmpuint (ids->len, >, 100);
    g_assert_cmpuint (nicknames->len, ==, ids->len);
    for (guint i = 0; i < ids->len; i++)
      {
        g_autoptr(CoMember) member = co_member_get_by_id (store, g_array_index (ids, gint64, i), NULL);
        g_assert_cmpstr (nicknames->pdata[i], ==, co_member_get (member, CO_MEMBER_NICKNAME));
      }
  }

  run_cli (&search, "C.UTF-8", "-d", path, "--list-members", "--group", group, "--search", "zhao lei", NULL);
  g_assert_cmpint (search.status, ==, 0);
  g_clear_pointer (&nicknames, g_ptr_array_unref);
  nicknames = listed_nicknames (search.out);
  g_assert_cmpuint (nicknames->len, >, 0);
  for (guint i = 0; i < nicknames->len; i++)
    g_assert_nonnull (strstr (nicknames->pdata[i], "Zhao Lei"));

  /* Core members with the tag Shenzhen: the tag is in the fourth column of each. */
  run_cli (&segment, "C.UTF-8", "-d", path, "--list-members", "--group", group, "--segment", "core members in shenzhen",
           NULL);
  g_assert_cmpint (segment.status, ==, 0);
  g_clear_pointer (&nicknames, g_ptr_array_unref);
  nicknames = listed_nicknames (segment.out);
  g_assert_cmpuint (nicknames->len, >, 0);
  g_assert_cmpuint (nicknames->len, <, 20);
  {
    g_auto(GStrv) lines = g_strsplit (segment.out, "\n", -1);
    for (guint i = 0; lines[i][0] != '\0'; i++)
      g_assert_nonnull (strstr (strrchr (lines[i], '\t'), "Shenzhen"));
  }

  run_cli (&no_group, "C.UTF-8", "-d", path, "--list-members", "--group", "Nowhere", NULL);
  g_assert_cmpint (no_group.status, ==, 1);
  g_assert_nonnull (strstr (no_group.err, "no group named “Nowhere”"));
  g_assert_cmpstr (no_group.out, ==, "");
  run_cli (&no_segment, "C.UTF-8", "-d", path, "--list-members", "--group", group, "--segment", "Nobody", NULL);
  g_assert_cmpint (no_segment.status, ==, 1);
  g_assert_nonnull (strstr (no_segment.err, "There is no segment “Nobody”. There are: “Core Members in Shenzhen”,"));
  g_assert_cmpstr (no_segment.out, ==, "");

  /* The CSV export of the group, restricted to the segment: as many rows as it lists. */
  {
    g_autofree char *csv_path = g_build_filename (dir, "segment.csv", NULL);
    g_autofree char *csv = NULL;
    g_auto(Run) exported = { 0 };
    g_auto(GStrv) lines = NULL;

    run_cli (&exported, "C.UTF-8", "-d", path, "--export-members", csv_path, "--group", group, "--segment",
             "Core Members in Shenzhen", NULL);
    g_assert_cmpint (exported.status, ==, 0);
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    lines = g_strsplit (csv, "\r\n", -1);
    /* The header, a row for each, and the empty string after the last line break. */
    g_assert_cmpuint (g_strv_length (lines), ==, nicknames->len + 2);
    for (guint i = 0; i < nicknames->len; i++)
      g_assert_true (g_str_has_prefix (lines[i + 1], nicknames->pdata[i]));
  }

  /* The report of the segment's people: their figures only, the daily figures left out and said so. */
  {
    g_auto(Run) report = { 0 };

    run_cli (&report, "C.UTF-8", "-d", path, "--report", "--segment", "Core Members in Shenzhen", "--from",
             "2026-01-05", "--to", "2026-01-11", NULL);
    g_assert_cmpint (report.status, ==, 0);
    g_assert_nonnull (strstr (report.out, "members of this segment today"));
    g_assert_nonnull (strstr (report.out, "\nMAU: "));
    g_assert_null (strstr (report.out, "Messages: "));
  }

  /* The tag deleted: the segment is broken, and says so rather than list anyone. */
  {
    g_autoptr(CoStore) store = co_store_open (path, NULL);
    test_sql_exec (store, "DELETE FROM tags WHERE name = 'Shenzhen'");
  }
  run_cli (&broken, "C.UTF-8", "-d", path, "--list-members", "--group", group, "--segment", "Core Members in Shenzhen",
           NULL);
  g_assert_cmpint (broken.status, ==, 1);
  g_assert_nonnull (strstr (broken.err, "cannot be used: A tag this segment asks for was deleted."));
  g_assert_cmpstr (broken.out, ==, "");

  /* In Chinese, the sample's segments have Chinese names. */
  run_cli (&zh_create, "zh_CN.UTF-8", "-d", zh_path, "--create-sample", NULL);
  g_assert_cmpint (zh_create.status, ==, 0);
  run_cli (&zh_segment, "zh_CN.UTF-8", "-d", zh_path, "--list-members", "--group", "文献交流1群", "--segment",
           "深圳的核心成员", NULL);
  g_assert_cmpint (zh_segment.status, ==, 0);
  g_assert_nonnull (strstr (zh_segment.out, "深圳"));

  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("COMMUNITY_OPS_BIN"));
  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/help-translated", test_help_translated);
  g_test_add_func ("/cli/sample-and-list", test_sample_and_list);
  g_test_add_func ("/cli/members-and-report", test_members_and_report);
  g_test_add_func ("/cli/database-choice", test_database_choice);
  g_test_add_func ("/cli/bad-databases", test_bad_databases);
  g_test_add_func ("/cli/unknown-option", test_unknown_option);
  g_test_add_func ("/cli/without-gtk", test_without_gtk);
  g_test_add_func ("/cli/export-english", test_export_english);
  g_test_add_func ("/cli/export-chinese", test_export_chinese);
  g_test_add_func ("/cli/export-report-refused", test_export_report_refused);
  g_test_add_func ("/cli/json", test_json);
  g_test_add_func ("/cli/import-chat", test_import_chat);
  g_test_add_func ("/cli/import-wechat-pasted", test_import_wechat_pasted);
  g_test_add_func ("/cli/import-chat-problems", test_import_chat_problems);
  g_test_add_func ("/cli/challenge-leaderboard", test_challenge_leaderboard);
  g_test_add_func ("/cli/add-member", test_add_member);
  g_test_add_func ("/cli/duplicates", test_duplicates);
  g_test_add_func ("/cli/list-members", test_list_members);

  return g_test_run ();
}
