/* test-names.c: Chinese-aware names: pinyin order, pinyin search kept by every writer of
 * members, 繁體 and 简体 nicknames matched by the import. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "core/chat/co-chat-import.h"
#include "core/exchange/co-exchange.h"
#include "core/formats/co-names.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-import.h"
#include "core/members/co-member-list.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

/* The nicknames @query lists, in its order, joined by " ". */
static char *
listed (CoStore    *store,
        gint64      group_id,
        const char *search)
{
  CoMemberQuery query = { .group_id = group_id, .search = search, .sort = CO_MEMBER_NICKNAME };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = co_member_query_ids (store, &query, &error);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CoMember) member = co_member_get_by_id (store, g_array_index (ids, gint64, i), NULL);
      g_strv_builder_add (names, co_member_get (member, CO_MEMBER_NICKNAME));
    }
  strv = g_strv_builder_end (names);
  return g_strjoinv (" ", strv);
}

static gint64
add (WorkspaceFixture *f,
     const char       *nickname)
{
  g_autoptr(GError) error = NULL;
  gint64 id = co_member_add (f->store, f->group, nickname, &error);

  g_assert_no_error (error);
  return id;
}

static void
test_pinyin (void)
{
  g_autofree char *zhao = co_names_pinyin ("赵敏");
  g_autofree char *shan = co_names_pinyin ("单田芳");
  g_autofree char *mixed = co_names_pinyin ("Amy王-深圳");
  g_autofree char *latin = co_names_pinyin ("Kevin");
  g_autofree char *simplified = co_names_simplified ("張三豐");
  g_autofree char *needle = co_names_pinyin_needle ("Zhao Min");
  g_autofree char *apostrophe = co_names_pinyin_needle ("xi'an");
  g_autofree char *contact = co_names_pinyin_needle ("wx123");

  g_assert_cmpstr (zhao, ==, "zhaomin|zm");
  /* 单 reads shàn as a surname, dān otherwise: both are found. */
  g_assert_cmpstr (shan, ==, "dantianfang|dtf|shantianfang|stf");
  g_assert_cmpstr (mixed, ==, "amywangshenzhen|awsz");
  g_assert_null (latin);
  g_assert_cmpstr (simplified, ==, "张三丰");
  g_assert_cmpstr (needle, ==, "zhaomin");
  g_assert_cmpstr (apostrophe, ==, "xian");
  g_assert_null (contact);
}

/* Cities sort by pinyin in Chinese, by Unicode's order of Chinese characters in English; reopening the workspace
 * in another language orders it by that language. */
static void
test_order (WorkspaceFixture *f, gconstpointer data)
{
  g_autofree char *zh = NULL, *en = NULL, *latin = NULL, *path = g_strdup (co_store_get_path (f->store));
  const char *cities[] = { "上海", "北京", "南京", "广州", "apple", "Banana", "cherry" };

  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    add (f, cities[i]);
  zh = listed (f->store, f->group, NULL);
  /* Chinese puts Chinese names first, as ICU's zh order does. */
  g_assert_cmpstr (zh, ==, "北京 广州 南京 上海 apple Banana cherry");

  g_clear_object (&f->store);
  co_names_set_locale ("en_US");
  f->store = co_store_open (path, NULL);
  g_assert_nonnull (f->store);
  en = listed (f->store, f->group, NULL);
  /* English: Latin letters without regard to case, then Chinese in Unicode's order. */
  g_assert_cmpstr (en, ==, "apple Banana cherry 上海 北京 南京 广州");
  latin = test_sql_rows (f->store, "SELECT locale FROM names_collation");
  g_assert_cmpstr (latin, ==, "en_US");
  co_names_set_locale ("zh_CN");
}

/* Opened by the window in another language, the keys stay as they were until they are computed
 * in steps; a workspace closed between two steps has keys of both languages, which the next
 * opening computes again, whatever its language. */
static void
test_order_deferred (WorkspaceFixture *f, gconstpointer data)
{
  g_autofree char *kept = NULL, *mixed = NULL, *zh = NULL, *path = g_strdup (co_store_get_path (f->store));
  g_autoptr(GError) error = NULL;
  const char *cities[] = { "上海", "北京", "南京", "广州", "apple", "Banana", "cherry" };

  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    add (f, cities[i]);

  g_clear_object (&f->store);
  co_names_set_locale ("en_US");
  f->store = co_store_open_deferring_rekey (path, &error);
  g_assert_no_error (error);
  kept = listed (f->store, f->group, NULL);
  g_assert_cmpstr (kept, ==, "北京 广州 南京 上海 apple Banana cherry");
  g_assert_true (co_store_rekey_names_step (f->store, 2, &error));
  g_assert_no_error (error);
  mixed = test_sql_rows (f->store, "SELECT locale FROM names_collation");
  g_assert_cmpstr (mixed, ==, "");

  g_clear_object (&f->store);
  co_names_set_locale ("zh_CN");
  f->store = co_store_open (path, &error);
  g_assert_no_error (error);
  zh = listed (f->store, f->group, NULL);
  g_assert_cmpstr (zh, ==, "北京 广州 南京 上海 apple Banana cherry");
}

static void
count_change (CoStore    *store,
              const char *table,
              gint64      group_id,
              guint      *n_changes)
{
  (*n_changes)++;
}

/* The window's worker computes them all and then tells the lists; co_store_rekey_names(), for
 * whoever needs them right away, does it at once. */
static void
test_order_in_background (WorkspaceFixture *f, gconstpointer data)
{
  g_autofree char *en = NULL, *locale = NULL, *zh = NULL, *path = g_strdup (co_store_get_path (f->store));
  g_autoptr(GError) error = NULL;
  const char *cities[] = { "上海", "北京", "南京", "广州", "apple", "Banana", "cherry" };
  guint n_changes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    add (f, cities[i]);

  g_clear_object (&f->store);
  co_names_set_locale ("en_US");
  f->store = co_store_open_deferring_rekey (path, &error);
  g_assert_no_error (error);
  g_signal_connect (f->store, "changed::members", G_CALLBACK (count_change), &n_changes);
  co_store_rekey_names_in_background (f->store);
  while (n_changes == 0)
    g_main_context_iteration (NULL, TRUE);
  en = listed (f->store, f->group, NULL);
  g_assert_cmpstr (en, ==, "apple Banana cherry 上海 北京 南京 广州");
  locale = test_sql_rows (f->store, "SELECT locale FROM names_collation");
  g_assert_cmpstr (locale, ==, "en_US");

  g_clear_object (&f->store);
  co_names_set_locale ("zh_CN");
  f->store = co_store_open_deferring_rekey (path, &error);
  g_assert_no_error (error);
  g_assert_true (co_store_rekey_names (f->store, &error));
  g_assert_no_error (error);
  zh = listed (f->store, f->group, NULL);
  g_assert_cmpstr (zh, ==, "北京 广州 南京 上海 apple Banana cherry");
}

/* Sorted by city, the cities too are in pinyin order. */
static void
test_order_by_city (WorkspaceFixture *f, gconstpointer data)
{
  const char *cities[] = { "上海", "北京", "南京", "广州" };
  CoMemberQuery query = { .group_id = f->group, .sort = CO_MEMBER_CITY };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) order = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
    g_assert_true (co_member_set (f->store, add (f, cities[i]), CO_MEMBER_CITY, cities[i], NULL));
  ids = co_member_query_ids (f->store, &query, NULL);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CoMember) member = co_member_get_by_id (f->store, g_array_index (ids, gint64, i), NULL);
      g_string_append_printf (order, "%s ", co_member_get (member, CO_MEMBER_CITY));
    }
  g_assert_cmpstr (order->str, ==, "北京 广州 南京 上海 ");
}

/* "zm", "zhaomin", "zhao min" and "ZhaoMin" find 赵敏; initials of the real name too. */
static void
test_search (WorkspaceFixture *f, gconstpointer data)
{
  gint64 id;
  const char *zhao_min[] = { "zm", "zhaomin", "zhao min", "ZhaoMin", "min", "赵" };

  add (f, "赵敏");
  add (f, "周芷若");
  add (f, "Kevin");
  id = add (f, "小昭");
  g_assert_true (co_member_set (f->store, id, CO_MEMBER_REAL_NAME, "韦一笑", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (zhao_min); i++)
    {
      g_autofree char *found = listed (f->store, f->group, zhao_min[i]);
      g_assert_cmpstr (found, ==, "赵敏");
    }
  {
    g_autofree char *by_real_name = listed (f->store, f->group, "wyx");
    g_autofree char *none = listed (f->store, f->group, "zmx");
    g_autofree char *latin = listed (f->store, f->group, "kev");
    g_autofree char *z = listed (f->store, f->group, "z");

    g_assert_cmpstr (by_real_name, ==, "小昭");
    g_assert_cmpstr (none, ==, "");
    g_assert_cmpstr (latin, ==, "Kevin");
    g_assert_cmpstr (z, ==, "小昭 赵敏 周芷若");
  }
}

static void
assert_found_only_as (CoStore    *store,
                      gint64      group_id,
                      const char *old_initials,
                      const char *new_initials,
                      const char *nickname)
{
  g_autofree char *old = listed (store, group_id, old_initials);
  g_autofree char *found = listed (store, group_id, new_initials);

  g_assert_cmpstr (old, ==, "");
  g_assert_cmpstr (found, ==, nickname);
}

/* Editing a nickname keeps the search index: the new name's pinyin finds it, the old one's no
 * longer does, and it takes its new place in the order. */
static void
test_rename (WorkspaceFixture *f, gconstpointer data)
{
  gint64 id = add (f, "赵敏");
  g_autofree char *order = NULL;

  add (f, "周芷若");
  g_assert_true (co_member_set (f->store, id, CO_MEMBER_NICKNAME, "张无忌", NULL));
  assert_found_only_as (f->store, f->group, "zm", "zwj", "张无忌");
  order = listed (f->store, f->group, NULL);
  g_assert_cmpstr (order, ==, "张无忌 周芷若");
}

static CoMemberImport *
read_csv (WorkspaceFixture *f,
          const char       *csv)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  CoMemberImport *import = co_member_import_read (f->store, f->group, CO_IMPORT_MEMBERS, bytes, &error);

  g_assert_no_error (error);
  return import;
}

static void
commit_csv (CoMemberImport    *import,
            CoDuplicateAction  action)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_member_import_commit (import, action, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The CSV import writes the pinyin itself, on adding and on updating a nickname. */
static void
test_csv_import_keeps_index (WorkspaceFixture *f, gconstpointer data)
{
  g_autoptr(CoMemberImport) first = read_csv (f, "nickname,contact\n赵敏,wx1\n");
  g_autoptr(CoMemberImport) second = NULL;

  commit_csv (first, CO_DUPLICATES_SKIP);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members WHERE pinyin = 'zhaomin|zm'"
                                             " AND sort_key IS NOT NULL"), ==, 1);
  second = read_csv (f, "nickname,contact\n殷离,wx1\n");
  commit_csv (second, CO_DUPLICATES_UPDATE);
  assert_found_only_as (f->store, f->group, "zm", "yl", "殷离");
}

/* A chat import adds its people through the triggers. */
static void
test_chat_import_keeps_index (WorkspaceFixture *f, gconstpointer data)
{
  static const char export[] =
    "{\"name\": \"读书会\", \"type\": \"private_supergroup\", \"id\": 1, \"messages\": [\n"
    " {\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1793494800\", \"from\": \"赵敏\","
    "  \"from_id\": \"user1\", \"text\": \"hi\"}\n]}\n";
  g_autofree char *path = g_build_filename (f->dir, "result.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CoChatImport *import;

  g_assert_true (g_file_set_contents (path, export, -1, NULL));
  import = co_chat_import_read (f->store, f->group, file, CO_CHAT_FORMAT_AUTO, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (co_chat_import_commit (import, NULL, &error));
  g_assert_no_error (error);
  co_chat_import_free (import);
  assert_found_only_as (f->store, f->group, "zzr", "zm", "赵敏");
}

/* Members read from an exchange file into another workspace have their pinyin and order. */
static void
test_exchange_keeps_index (WorkspaceFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CoExchange) exchange = NULL;
  g_autofree char *path = NULL, *order = NULL;
  g_autoptr(CoStore) other = test_open_temp_store (&path);
  g_autofree char *dir = g_path_get_dirname (path);
  gint64 group;

  add (f, "上海");
  add (f, "北京");
  add (f, "赵敏");
  bytes = co_exchange_export (f->store, f->group, &error);
  g_assert_no_error (error);
  exchange = co_exchange_read (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (co_exchange_import (exchange, other, CO_EXCHANGE_AS_NEW, NULL, &error));
  g_assert_no_error (error);
  group = test_sql_count (other, "SELECT id FROM groups WHERE deleted_at IS NULL");
  assert_found_only_as (other, group, "zzr", "zm", "赵敏");
  order = listed (other, group, NULL);
  g_assert_cmpstr (order, ==, "北京 上海 赵敏");
  g_clear_object (&other);
  test_remove_tree (dir);
}

/* 張三 and 张三 are one person where the contact agrees: neither has one, or both the same;
 * with different contacts they are two, whatever the script. */
static void
test_traditional_simplified (WorkspaceFixture *f, gconstpointer data)
{
  g_autoptr(CoMemberImport) import = NULL;
  g_autoptr(CoMemberImport) again = NULL;
  g_autofree char *rows = NULL;
  guint added = 0, updated = 0;
  g_autoptr(GError) error = NULL;

  add (f, "张三");
  {
    g_autoptr(CoMemberImport) with_contact = read_csv (f, "nickname,contact\n李四,wx4\n");
    commit_csv (with_contact, CO_DUPLICATES_SKIP);
  }
  import = read_csv (f, "nickname,contact,city\n"
                        "張三,,深圳\n"      /* the group's 张三: no contact either */
                        "李四,wx4,广州\n"   /* 李四 by the contact */
                        "張三,wx9,北京\n"   /* a contact 张三 has not: someone else */
                        "陳明,,上海\n"
                        "陈明,,杭州\n");    /* the row before it, in 简体 */
  g_assert_false (co_member_import_is_duplicate (import, 2));
  g_assert_true (co_member_import_is_duplicate (import, 0));
  g_assert_true (co_member_import_is_duplicate (import, 1));
  g_assert_false (co_member_import_is_duplicate (import, 3));
  g_assert_true (co_member_import_is_duplicate (import, 4));
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_UPDATE, &added, &updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (updated, ==, 3);
  rows = test_sql_rows (f->store, "SELECT nickname, contact, city FROM members ORDER BY city");
  g_assert_cmpstr (rows, ==, "張三|wx9|北京, 李四|wx4|广州, 陈明|-|杭州, 張三|-|深圳");

  /* Without the file's 繁體 forms nothing changes: the same file skipped. */
  again = read_csv (f, "nickname\n张三\n陈明\n");
  g_assert_cmpuint (co_member_import_get_n_duplicates (again), ==, 2);
}

/* The first line of @csv, without the BOM. */
static char *
header_line (GBytes *csv)
{
  const char *data = g_bytes_get_data (csv, NULL);
  const char *start = g_str_has_prefix (data, "\xEF\xBB\xBF") ? data + 3 : data;

  return g_strndup (start, strcspn (start, "\r\n"));
}

static GBytes *
export_group (WorkspaceFixture *f)
{
  CoMemberQuery query = { .group_id = f->group, .sort = CO_MEMBER_NICKNAME };
  g_autoptr(GError) error = NULL;
  GBytes *csv = co_members_export_csv (f->store, &query, &error);

  g_assert_no_error (error);
  return csv;
}

/* Every column of @csv is recognised by an import into a new group, read in the session's
 * language, and the row reads back as it was written. */
static void
assert_reimports (WorkspaceFixture *f,
                  GBytes           *csv,
                  const char       *group_name,
                  gint64            n_alike)
{
  g_autoptr(GError) error = NULL;
  gint64 other = co_group_create (f->store, group_name, 0, &error);
  g_autoptr(CoMemberImport) import = co_member_import_read (f->store, other, CO_IMPORT_MEMBERS, csv, &error);
  g_auto(GStrv) ignored = NULL;

  g_assert_no_error (error);
  ignored = co_member_import_dup_ignored (import);
  g_assert_cmpuint (g_strv_length (ignored), ==, 0);
  g_assert_cmpuint (co_member_import_get_problems (import)->len, ==, 0);
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships s JOIN members m ON m.id = s.member_id"
                                             " WHERE m.nickname = '赵敏' AND m.city = '杭州' AND s.points = 12"
                                             " AND s.joined_date = '2026-11-02'"), ==, n_alike);
}

/* A Chinese session exports Chinese headers, an English one English headers; each reads the
 * other's file. */
static void
test_csv_headers (WorkspaceFixture *f, gconstpointer data)
{
  g_autoptr(CoMemberImport) import = read_csv (f, "nickname,city,points,joined\n赵敏,杭州,12,2026-11-02\n");
  g_autoptr(GBytes) chinese = NULL, english = NULL;
  g_autofree char *chinese_header = NULL, *english_header = NULL;

  commit_csv (import, CO_DUPLICATES_SKIP);
  g_unsetenv ("LANGUAGE");
  g_assert_nonnull (setlocale (LC_ALL, "zh_CN.UTF-8"));
  chinese = export_group (f);
  chinese_header = header_line (chinese);
  g_assert_true (g_str_has_prefix (chinese_header, "昵称,姓名,城市,行业,联系方式,来源,入群日期,等级,种子用户,核心成员,积分,备注"));
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  english = export_group (f);
  english_header = header_line (english);
  g_assert_true (g_str_has_prefix (english_header, "nickname,real_name,city,industry,contact,source,joined,tier"));

  assert_reimports (f, chinese, "English session", 2);
  g_assert_nonnull (setlocale (LC_ALL, "zh_CN.UTF-8"));
  assert_reimports (f, english, "中文会话", 3);
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
}

/* The toast's words: added, updated, and skipped with why. */
static void
test_describe (WorkspaceFixture *f, gconstpointer data)
{
  g_autoptr(CoMemberImport) first = read_csv (f, "nickname,contact\n赵敏,wx1\n");
  g_autoptr(CoMemberImport) second = NULL;
  g_autofree char *described = NULL;

  commit_csv (first, CO_DUPLICATES_SKIP);
  second = read_csv (f, "nickname,contact\n趙敏,wx1\n周芷若,\n周芷若,\n殷离,\n");
  commit_csv (second, CO_DUPLICATES_SKIP);
  described = co_member_import_describe (second);
  g_assert_cmpstr (described, ==, "2 added, 0 updated, 2 skipped (1 already in the group, 1 repeated in the file)");
}

#define ADD(path, func) \
  g_test_add (path, WorkspaceFixture, NULL, workspace_set_up, func, workspace_tear_down)

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  test_bind_translations ();
  co_names_set_locale ("zh_CN");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/names/pinyin", test_pinyin);
  ADD ("/names/order", test_order);
  ADD ("/names/order-deferred", test_order_deferred);
  ADD ("/names/order-in-background", test_order_in_background);
  ADD ("/names/order-by-city", test_order_by_city);
  ADD ("/names/search", test_search);
  ADD ("/names/rename", test_rename);
  ADD ("/names/csv-import-keeps-index", test_csv_import_keeps_index);
  ADD ("/names/chat-import-keeps-index", test_chat_import_keeps_index);
  ADD ("/names/exchange-keeps-index", test_exchange_keeps_index);
  ADD ("/names/traditional-simplified", test_traditional_simplified);
  ADD ("/names/csv-headers", test_csv_headers);
  ADD ("/names/describe", test_describe);
  return g_test_run ();
}
