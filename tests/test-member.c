/* test-member.c: members and memberships, tiers and their log, the members list model, CSV
 * import (good and bad files) and export, duplicates, the batch invitation. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "core/groups/co-group.h"
#include "core/members/co-member-import.h"
#include "core/members/co-member-list.h"
#include "core/members/co-tier.h"
#include "core/records/co-list.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

static gint64
count (Fixture    *f,
       const char *search,
       CoMemberShow show)
{
  CoMemberQuery query = { .group_id = f->group, .search = search, .show = show, .today = "2026-06-30" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = co_member_query_ids (f->store, &query, &error);

  g_assert_no_error (error);
  return ids->len;
}

static CoMemberImport *
read_csv (Fixture      *f,
          const char   *text,
          GError      **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  return co_member_import_read (f->store, f->group, CO_IMPORT_MEMBERS, bytes, error);
}

static void
import_csv (Fixture    *f,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberImport) import = read_csv (f, text, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (co_member_import_get_problems (import)->len, ==, 0);
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, &error));
  g_assert_no_error (error);
}

static CoMember *
member_named (Fixture    *f,
              const char *nickname)
{
  CoMemberQuery query = { .group_id = f->group, .search = nickname, .show = CO_MEMBER_SHOW_ALL };
  g_autoptr(GArray) ids = co_member_query_ids (f->store, &query, NULL);

  g_assert_cmpuint (ids->len, >=, 1);
  return co_member_get_by_id (f->store, g_array_index (ids, gint64, 0), NULL);
}

static void
test_member_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = co_member_add (f->store, f->group, " 北京-张伟-IT ", &error);
  g_autoptr(CoMember) member = NULL;
  gint64 other_group = co_group_create (f->store, "Second", 0, NULL);

  g_assert_no_error (error);
  g_assert_true (co_member_set (f->store, id, CO_MEMBER_REAL_NAME, "张伟", &error));
  g_assert_true (co_member_set (f->store, id, CO_MEMBER_JOINED, "2024年3月5日", &error));
  g_assert_true (co_member_set (f->store, id, CO_MEMBER_POINTS, "1,200", &error));
  g_assert_true (co_member_set (f->store, id, CO_MEMBER_SEED, "是", &error));
  g_assert_no_error (error);

  member = co_member_get_by_id (f->store, id, &error);
  g_assert_cmpstr (co_member_get (member, CO_MEMBER_NICKNAME), ==, "北京-张伟-IT");
  g_assert_cmpstr (co_member_get (member, CO_MEMBER_REAL_NAME), ==, "张伟");
  g_assert_cmpstr (co_member_get (member, CO_MEMBER_JOINED), ==, "2024-03-05");
  g_assert_cmpint (co_member_get_points (member), ==, 1200);
  g_assert_true (co_member_get_flag (member, CO_MEMBER_SEED));
  g_assert_cmpstr (co_member_get (member, CO_MEMBER_GROUP), ==, "Test Group");

  /* Bad values change nothing. */
  g_assert_false (co_member_set (f->store, id, CO_MEMBER_POINTS, "-5", &error));
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (co_member_set (f->store, id, CO_MEMBER_JOINED, "2024-02-30", &error));
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (co_member_set (f->store, id, CO_MEMBER_NICKNAME, "  ", &error));
  g_clear_error (&error);
  g_assert_false (co_member_reload (member, f->store));
  g_assert_cmpint (co_member_get_points (member), ==, 1200);

  /* Removing goes to the trash and comes back. */
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_ALL), ==, 1);
  g_assert_true (co_members_remove (f->store, &id, 1, &error));
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_ALL), ==, 0);
  g_assert_true (co_members_restore (f->store, &id, 1, &error));
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_ALL), ==, 1);
  g_assert_cmpint (other_group, >, 0);
}

static void
test_member_filters (Fixture *f, gconstpointer data)
{
  gint64 ids[4];
  g_autoptr(GError) error = NULL;

  import_csv (f, "nickname,contact,seed,core,source,last_active\n"
                 "Alice,a@x,yes,no,WeChat,2026-06-29\n"
                 "Bob,b@x,yes,yes,QQ,2026-06-01\n"
                 "Carol_50%,c@x,no,yes,WeChat,\n"
                 "Dan,d@x,no,no,QQ,2026-06-30\n");
  for (guint i = 0; i < 4; i++)
    {
      const char *names[] = { "Alice", "Bob", "Carol_50%", "Dan" };
      g_autoptr(CoMember) member = member_named (f, names[i]);
      ids[i] = co_member_get_id (member);
    }
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_ALL), ==, 4);
  g_assert_cmpint (count (f, "a", CO_MEMBER_SHOW_ALL), ==, 3);  /* Alice, Carol, Dan; case-insensitive */
  g_assert_cmpint (count (f, "50%", CO_MEMBER_SHOW_ALL), ==, 1);  /* % is text, not a wildcard */
  g_assert_cmpint (count (f, "l_5", CO_MEMBER_SHOW_ALL), ==, 1);
  g_assert_cmpint (count (f, "wechat", CO_MEMBER_SHOW_ALL), ==, 2);
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_SEEDS), ==, 2);
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_CORE), ==, 2);
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_UNREPLIED), ==, 2);
  /* Core and quiet for 14 days or more (Bob on 06-01, Carol never); Alice is not core. */
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_SLIPPING), ==, 2);
  {
    /* The number of days is a setting: after 40 days, Bob (quiet for 29) is not slipping yet. */
    CoMemberQuery query = { .group_id = f->group, .show = CO_MEMBER_SHOW_SLIPPING, .slipping_days = 40,
                            .today = "2026-06-30" };
    g_autoptr(GArray) slipping = co_member_query_ids (f->store, &query, NULL);
    g_assert_cmpuint (slipping->len, ==, 1);
  }

  g_assert_true (co_members_mark_replied (f->store, ids, 1, "2026/6/30", "Lin", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_UNREPLIED), ==, 1);
  g_assert_false (co_members_mark_replied (f->store, ids, 1, "yesterday", "Lin", &error));
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  {
    g_autoptr(CoMember) alice = member_named (f, "Alice");
    g_assert_cmpstr (co_member_get (alice, CO_MEMBER_REPLIED), ==, "2026-06-30");
    g_assert_cmpstr (co_member_get (alice, CO_MEMBER_REPLIED_BY), ==, "Lin");
  }
  g_assert_true (co_members_set_flag (f->store, &ids[3], 1, CO_MEMBER_CORE, TRUE, &error));
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_CORE), ==, 3);
  {
    CoMemberQuery query = { .group_id = f->group, .source = "QQ" };
    g_autoptr(GArray) found = co_member_query_ids (f->store, &query, NULL);
    g_assert_cmpuint (found->len, ==, 2);
  }
}

static void
test_member_sort (Fixture *f, gconstpointer data)
{
  CoMemberQuery query = { .group_id = f->group, .sort = CO_MEMBER_POINTS, .descending = TRUE };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CoMember) first = NULL, last = NULL;

  import_csv (f, "昵称,积分\n甲,5\n乙,50\n丙,\n丁,7\n");
  ids = co_member_query_ids (f->store, &query, NULL);
  g_assert_cmpuint (ids->len, ==, 4);
  first = co_member_get_by_id (f->store, g_array_index (ids, gint64, 0), NULL);
  last = co_member_get_by_id (f->store, g_array_index (ids, gint64, 3), NULL);
  g_assert_cmpstr (co_member_get (first, CO_MEMBER_NICKNAME), ==, "乙");
  g_assert_cmpint (co_member_get_points (last), ==, 0);
}

static void
test_tiers (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) tiers = NULL;
  g_autoptr(CoMember) busy = NULL, quiet = NULL, rich = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  g_autofree char *why = NULL;
  gint64 total_members, total_activity, core_tier, id;

  import_csv (f, "nickname,points\nbusy,10\nquiet,0\nrich,900\n");
  tiers = co_tiers_list (f->store, f->group, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tiers)), ==, 3);
  {
    g_autoptr(CoItem) core = g_list_model_get_item (G_LIST_MODEL (tiers), 2);
    core_tier = co_item_get_id (core);
  }

  busy = member_named (f, "busy");
  rich = member_named (f, "rich");
  quiet = member_named (f, "quiet");
  /* busy: active on 5 days of the last 30; rich: 900 points and 12 active days. */
  for (int day = 1; day <= 5; day++)
    {
      g_autofree char *date = g_strdup_printf ("2026-06-%02d", 20 + day);
      g_assert_true (co_member_log_activity (f->store, co_member_get_id (busy), date, "spoke", 3, &error));
    }
  for (int day = 1; day <= 12; day++)
    {
      g_autofree char *date = g_strdup_printf ("2026-06-%02d", day + 10);
      g_assert_true (co_member_log_activity (f->store, co_member_get_id (rich), date, "posted", 1, &error));
    }
  /* An old activity does not count. */
  g_assert_true (co_member_log_activity (f->store, co_member_get_id (quiet), "2026-01-01", "spoke", 1, &error));
  g_assert_false (co_member_log_activity (f->store, co_member_get_id (quiet), "2026-01-01", "sang", 1, &error));
  g_clear_error (&error);

  g_assert_cmpint (co_tiers_compute (f->store, f->group, "2026-06-30", &error), ==, 2);
  g_assert_no_error (error);
  co_member_reload (busy, f->store);
  co_member_reload (rich, f->store);
  co_member_reload (quiet, f->store);
  g_assert_cmpstr (co_member_get (quiet, CO_MEMBER_LAST_ACTIVE), ==, "2026-01-01");
  g_assert_cmpint (co_member_get_active_days (busy), ==, 5);
  g_assert_cmpint (co_member_get_tier_id (rich), ==, core_tier);
  why = co_tier_explain (f->store, busy);
  g_assert_nonnull (strstr (why, "Active"));
  g_assert_nonnull (strstr (why, "active on 4 of the last 30 days"));
  g_assert_nonnull (strstr (why, "has 10 points, active on 5 days"));
  g_assert_nonnull (strstr (why, "Next: High-value / Core needs 500 points or more"));

  /* Computing again changes nothing; a month later, busy drops back and the log says so. */
  g_assert_cmpint (co_tiers_compute (f->store, f->group, "2026-06-30", &error), ==, 0);
  g_assert_cmpint (co_tiers_compute (f->store, f->group, "2026-08-30", &error), ==, 2);
  changes = co_tier_changes (f->store, co_member_get_id (busy), &error);
  g_assert_cmpuint (changes->len, ==, 2);  /* the first tier (at import) is not a change */
  g_assert_cmpstr (((CoTierChange *) changes->pdata[0])->date, ==, "2026-06-30");
  g_assert_cmpstr (((CoTierChange *) changes->pdata[0])->from, ==, "New");
  g_assert_cmpstr (((CoTierChange *) changes->pdata[0])->to, ==, "Active");
  g_assert_cmpstr (((CoTierChange *) changes->pdata[1])->date, ==, "2026-08-30");
  g_assert_cmpstr (((CoTierChange *) changes->pdata[1])->to, ==, "New");

  /* Set by hand: computing leaves it, and the explanation says why. */
  id = co_member_get_id (quiet);
  g_assert_true (co_members_set_tier (f->store, &id, 1, core_tier, &error));
  g_assert_cmpint (co_tiers_compute (f->store, f->group, "2026-06-30", &error), ==, 2);
  co_member_reload (quiet, f->store);
  g_assert_cmpint (co_member_get_tier_id (quiet), ==, core_tier);
  g_clear_pointer (&why, g_free);
  why = co_tier_explain (f->store, quiet);
  g_assert_nonnull (strstr (why, "Set by hand"));

  /* The 20/80 picture: core holds 2 of 3 members and rich's 12 actions of the last 30 days. */
  shares = co_tiers_distribution (f->store, f->group, "2026-06-30", &total_members, &total_activity, &error);
  g_assert_cmpuint (shares->len, ==, 3);
  g_assert_cmpint (total_members, ==, 3);
  g_assert_cmpint (total_activity, ==, 12 + 15);
  g_assert_cmpint (((CoTierShare *) shares->pdata[2])->members, ==, 2);
  g_assert_cmpint (((CoTierShare *) shares->pdata[2])->activity, ==, 12);
}

static void
test_invite_batch (Fixture *f, gconstpointer data)
{
  GString *csv = g_string_new ("nickname,contact,joined\n");
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 250; i++)
    g_string_append_printf (csv, "c%d,wx%d,%s\n", i, i, i < 10 ? "2026-01-01" : "");
  import_csv (f, csv->str);
  g_string_free (csv, TRUE);

  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_NOT_INVITED), ==, 240);
  g_assert_cmpint (co_members_invite_batch (f->store, f->group, 100, "2026-07-01", &error), ==, 100);
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_NOT_INVITED), ==, 140);
  g_assert_cmpint (co_members_invite_batch (f->store, f->group, 100, "2026-07-02", &error), ==, 100);
  g_assert_cmpint (co_members_invite_batch (f->store, f->group, 100, "2026-07-03", &error), ==, 40);
  g_assert_cmpint (co_members_invite_batch (f->store, f->group, 100, "2026-07-04", &error), ==, 0);
  g_assert_cmpint (co_members_invite_batch (f->store, f->group, 100, "07/04", &error), ==, -1);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
}

static void
test_naming_rule (void)
{
  g_autofree char *bad = co_member_check_nickname ("城市+姓名+行业", "张伟");

  g_assert_null (co_member_check_nickname ("城市+姓名+行业", "北京-张伟-IT"));
  g_assert_null (co_member_check_nickname ("city + real name + industry", "Beijing Zhang IT"));
  g_assert_null (co_member_check_nickname (NULL, "anything"));
  g_assert_null (co_member_check_nickname ("真实姓名", "anything"));
  g_assert_nonnull (bad);
  g_assert_nonnull (strstr (bad, "3"));
}

/* ---- CSV ------------------------------------------------------------------------------------ */

static void
test_import_good (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberImport) import = NULL;
  g_autoptr(CoMember) li = NULL, wang = NULL;
  g_auto(GStrv) ignored = NULL;
  guint added = 0, updated = 0;
  /* A BOM, CRLF, Chinese headers, quotes holding commas, quotes and a line break, three date
   * forms, yes/no in two languages, and a column nobody knows. */
  const char *text = "\xEF\xBB\xBF昵称,姓名,城市,微信号,来源,入群日期,等级,种子用户,核心成员,积分,备注,星座\r\n"
                     "\"李,雷\",李雷,上海,wx1,朋友圈,2024/3/5,活跃,是,否,120,\"说\"\"你好\"\"\r\n第二行\",白羊\r\n"
                     "王芳,王芳,北京,wx2,公众号,2024年3月6日,,1,0,0,,\r\n"
                     "Tom,,,wx3,,2024-03-07,core,yes,no,10,,\r\n";

  import = read_csv (f, text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (co_member_import_get_encoding (import), ==, "UTF-8");
  g_assert_cmpuint (co_member_import_get_n_rows (import), ==, 3);
  g_assert_cmpuint (co_member_import_get_line (import, 1), ==, 4);  /* the note spans two lines */
  g_assert_cmpuint (co_member_import_get_problems (import)->len, ==, 0);
  ignored = co_member_import_dup_ignored (import);
  g_assert_cmpstrv (ignored, ((const char *[]) { "星座", NULL }));
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_SKIP, &added, &updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 3);

  li = member_named (f, "李,雷");
  g_assert_cmpstr (co_member_get (li, CO_MEMBER_NOTES), ==, "说\"你好\"\r\n第二行");
  g_assert_cmpstr (co_member_get (li, CO_MEMBER_JOINED), ==, "2024-03-05");
  g_assert_cmpstr (co_member_get (li, CO_MEMBER_CONTACT), ==, "wx1");
  g_assert_true (co_member_get_flag (li, CO_MEMBER_SEED));
  g_assert_true (co_member_get_tier_manual (li));
  {
    g_autofree char *tier = co_member_dup_display (li, CO_MEMBER_TIER);
    g_assert_cmpstr (tier, ==, "Active");
  }
  wang = member_named (f, "王芳");
  g_assert_cmpstr (co_member_get (wang, CO_MEMBER_JOINED), ==, "2024-03-06");
  g_assert_cmpstr (co_member_get (wang, CO_MEMBER_SOURCE), ==, "公众号");
  g_assert_cmpint (co_member_get_tier_id (wang), !=, 0);  /* computed after the import */

  /* New people's uuids: valid, each its own, time-ordered (version 7) and one import's side by
   * side in the index (their first 48 bits, the moment, alike). */
  {
    g_autofree char *uuids = test_sql_rows (f->store, "SELECT uuid FROM members ORDER BY uuid");
    g_auto(GStrv) each = g_strsplit (uuids, ", ", -1);

    g_assert_cmpuint (g_strv_length (each), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_assert_true (g_uuid_string_is_valid (each[i]));
        g_assert_cmpint (each[i][14], ==, '7');
        g_assert_cmpmem (each[i], 13, each[0], 13);
        g_assert_true (i == 0 || strcmp (each[i - 1], each[i]) < 0);
      }
    g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members WHERE uuid = (SELECT max (uuid) FROM members)"),
                     ==, 1);
  }
}

static void
test_import_gb18030 (Fixture *f, gconstpointer data)
{
  const char *utf8 = "昵称,城市\r\n张三,北京\r\n";
  g_autoptr(GError) error = NULL;
  gsize length;
  g_autofree char *gbk = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &length, &error);
  g_autoptr(GBytes) bytes = g_bytes_new (gbk, length);
  g_autoptr(CoMemberImport) import = co_member_import_read (f->store, f->group, CO_IMPORT_MEMBERS, bytes, &error);
  g_autoptr(CoMember) zhang = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (co_member_import_get_encoding (import), ==, "GB18030");
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, &error));
  zhang = member_named (f, "张三");
  g_assert_cmpstr (co_member_get (zhang, CO_MEMBER_CITY), ==, "北京");
}

static void
test_import_duplicates (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberImport) skip = NULL, update = NULL;
  g_autoptr(CoMember) a = NULL;
  guint added, updated;
  const char *again = "nickname,contact,points\nA renamed,wx1,99\nB,,5\nC,wx3,1\nC again,wx3,2\n";

  import_csv (f, "nickname,contact,points\nA,wx1,1\nB,,2\n");
  skip = read_csv (f, again, &error);
  /* A by contact, B by nickname (no contact), the second C earlier in the file. */
  g_assert_cmpuint (co_member_import_get_n_duplicates (skip), ==, 3);
  g_assert_true (co_member_import_is_duplicate (skip, 0));
  g_assert_false (co_member_import_is_duplicate (skip, 2));
  g_assert_true (co_member_import_commit (skip, CO_DUPLICATES_SKIP, &added, &updated, &error));
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpuint (updated, ==, 0);
  /* What the app and the command line say after it: the skipped rows and why. */
  {
    g_autofree char *summary = co_member_import_describe (skip);
    g_assert_cmpstr (summary, ==, "1 added, 0 updated, 3 skipped (2 already in the group, 1 repeated in the file)");
  }
  a = member_named (f, "A");
  g_assert_cmpint (co_member_get_points (a), ==, 1);

  update = read_csv (f, again, &error);
  g_assert_true (co_member_import_commit (update, CO_DUPLICATES_UPDATE, &added, &updated, &error));
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (updated, ==, 4);
  {
    g_autofree char *summary = co_member_import_describe (update);
    g_assert_cmpstr (summary, ==, "0 added, 4 updated");
  }
  co_member_reload (a, f->store);
  g_assert_cmpstr (co_member_get (a, CO_MEMBER_NICKNAME), ==, "A renamed");
  g_assert_cmpint (co_member_get_points (a), ==, 99);
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_ALL), ==, 3);
}

/* A file of many new people, written several at a time (a statement for a batch of them), with
 * people another group knows among them and a new person repeated at its end: every row lands on
 * its own person, with its own values, channel and first tier, in one membership each. */
static void
test_import_many (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) known = g_string_new ("nickname,contact\n");
  g_autoptr(GString) file = g_string_new ("nickname,contact,points,channel\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberImport) import = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gint64 other = co_group_create (f->store, "其他群", 0, &error);
  g_autofree char *sql = NULL;
  guint added, updated, n_known = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < 200; i += 13)
    g_string_append_printf (known, "老朋友%03u,wxk%03u\n", i, i);
  bytes = g_bytes_new (known->str, known->len);
  import = co_member_import_read (f->store, other, CO_IMPORT_MEMBERS, bytes, &error);
  g_assert_no_error (error);
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&import, co_member_import_free);

  for (guint i = 0; i < 200; i++)
    {
      if (i % 13 == 0)
        {
          g_string_append_printf (file, "改名%03u,wxk%03u,%u,\n", i, i, i);
          n_known++;
        }
      else
        g_string_append_printf (file, "新人%03u,wxn%03u,%u,%s\n", i, i, i, i % 2 ? "朋友圈" : "");
    }
  g_string_append (file, "新人005 又来了,wxn005,777,\n");
  import = read_csv (f, file->str, &error);
  g_assert_no_error (error);
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_UPDATE, &added, &updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 200);
  g_assert_cmpuint (updated, ==, 1);

  /* The people another group knows: found by contact, not added again; on update the file's
   * nickname replaces theirs. */
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, 200);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships s JOIN members m ON m.id = s.member_id"
                                             " WHERE m.contact LIKE 'wxk%' AND m.nickname = '改名' || substr (m.contact, 4, 3)"), ==, 2 * n_known);
  /* Each new row on its own person: the nickname's number is the contact's and the points. */
  sql = g_strdup_printf ("SELECT count (*) FROM memberships s JOIN members m ON m.id = s.member_id"
                         " WHERE s.group_id = %" G_GINT64_FORMAT " AND m.contact LIKE 'wxn%%'"
                         " AND substr (m.nickname, 3, 3) = substr (m.contact, 4, 3)"
                         " AND (s.points = CAST (substr (m.contact, 4, 3) AS INTEGER)"
                         "      OR (m.contact = 'wxn005' AND s.points = 777))"
                         " AND m.sort_key IS NOT NULL AND m.pinyin IS NOT NULL AND s.tier_id IS NOT NULL", f->group);
  g_assert_cmpint (test_sql_count (f->store, sql), ==, 200 - n_known);
  /* The repeated row updated the person written before it in the same file. */
  g_assert_cmpint (test_sql_count (f->store, "SELECT s.points FROM memberships s JOIN members m ON m.id = s.member_id"
                                             " WHERE m.contact = 'wxn005'"), ==, 777);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members WHERE nickname = '新人005 又来了'"), ==, 1);
  /* A channel where the file gives one, on the right rows. */
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships s JOIN members m ON m.id = s.member_id"
                                             " JOIN channels c ON c.id = s.channel_id"
                                             " WHERE CAST (substr (m.contact, 4, 3) AS INTEGER) % 2 = 1"), ==,
                   test_sql_count (f->store, "SELECT count (*) FROM members WHERE contact LIKE 'wxn%'"
                                             " AND CAST (substr (contact, 4, 3) AS INTEGER) % 2 = 1"));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships WHERE channel_id IS NOT NULL"), >, 0);
  /* Every uuid a person's own. */
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (DISTINCT uuid) FROM members"), ==,
                   test_sql_count (f->store, "SELECT count (*) FROM members"));
}

/* Each bad file: refused with a message naming where, and the database unchanged. */
static void
assert_refused (Fixture    *f,
                GBytes     *bytes,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberImport) import = co_member_import_read (f->store, f->group, CO_IMPORT_MEMBERS, bytes, &error);
  gint64 before = count (f, NULL, CO_MEMBER_SHOW_ALL);
  g_autofree char *message = NULL;

  if (import != NULL)
    {
      GPtrArray *problems = co_member_import_get_problems (import);
      CoImportProblem *first;

      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, >, 0);
      first = problems->pdata[0];
      message = g_strdup_printf ("Line %u, column %u: %s", first->line, first->column, first->message);
      g_assert_false (co_member_import_commit (import, CO_DUPLICATES_UPDATE, NULL, NULL, &error));
      g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
    }
  else
    message = g_strdup (error->message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, expected));
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_ALL), ==, before);
}

static void
refuse_text (Fixture    *f,
             const char *text,
             const char *expected)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  assert_refused (f, bytes, expected);
}

static void
test_import_bad (Fixture *f, gconstpointer data)
{
  g_autofree char *huge = NULL;
  g_autoptr(GBytes) huge_bytes = NULL;

  import_csv (f, "nickname\nAlready here\n");

  refuse_text (f, "", "empty");
  refuse_text (f, "\xEF\xBB\xBF", "empty");
  refuse_text (f, "nickname,city\n", "Line 1: the file has column names but no rows");
  refuse_text (f, "city,industry\n北京,IT\n", "no column holds the nickname");
  refuse_text (f, "nickname,city\nA,x,extra\n", "Line 2, column 3: This line has 3 fields; the header has 2");
  refuse_text (f, "nickname,city,industry\nA,x\n", "Line 2, column 3: This line has 2 fields");
  refuse_text (f, "nickname,joined\nA,2024-02-30\n", "Line 2, column 2:");
  refuse_text (f, "nickname,points\nA,-5\n", "Line 2, column 2: “-5”: this cannot be negative");
  refuse_text (f, "nickname,seed\nA,maybe\n", "Line 2, column 2: “maybe” is neither yes nor no");
  refuse_text (f, "nickname,tier\nA,Platinum\n", "“Platinum” is not one of this group’s tiers");
  refuse_text (f, "nickname,city\n,北京\n", "Line 2, column 1: A member needs a nickname");
  refuse_text (f, "nickname\n\"open\n", "Line 2, column 1: the quote that opens here is never closed");
  refuse_text (f, "nickname\nA\xff\xfe\xfd\n", "neither UTF-8 nor GB18030");
  /* Good rows before a bad one are not written either: all or nothing. */
  refuse_text (f, "nickname,points\nGood,1\nAlso good,2\nBad,x\n", "Line 4, column 2");

  huge = g_strnfill (10 * 1024 * 1024, 'x');
  huge_bytes = g_bytes_new_take (g_strconcat ("nickname,notes\nA,", huge, "\n", NULL),
                                 strlen ("nickname,notes\nA,\n") + 10 * 1024 * 1024);
  assert_refused (f, huge_bytes, "Line 2, field 2");
}

static void
test_export_round_trip (Fixture *f, gconstpointer data)
{
  CoMemberQuery query = { .group_id = f->group };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL, second = NULL;
  gint64 other = co_group_create (f->store, "Other", 0, NULL);
  g_autoptr(CoMemberImport) import = NULL;

  import_csv (f, "nickname,contact,city,points,seed,notes,joined\n"
                 "\"A,1\",+86 138 0000 0000,北京,3,yes,\"=SUM(A1)\",2024-01-02\n"
                 "B,wx2,上海,0,no,\"two\nlines\",\n");
  first = co_members_export_csv (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (first, NULL), "'=SUM(A1)"));

  /* Imported into another group, it exports the same. */
  import = co_member_import_read (f->store, other, CO_IMPORT_MEMBERS, first, &error);
  g_assert_no_error (error);
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, &error));
  query.group_id = other;
  second = co_members_export_csv (f->store, &query, &error);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                   g_bytes_get_data (second, NULL), g_bytes_get_size (second));
  /* One person in two groups, not two people. */
  {
    CoMemberQuery all = { 0 };
    g_autoptr(GArray) ids = co_member_query_ids (f->store, &all, NULL);
    g_autoptr(CoMember) m1 = co_member_get_by_id (f->store, g_array_index (ids, gint64, 0), NULL);
    g_autoptr(CoMember) m2 = co_member_get_by_id (f->store, g_array_index (ids, gint64, 1), NULL);
    g_assert_cmpuint (ids->len, ==, 4);
    g_assert_cmpint (co_member_get_member_id (m1), ==, co_member_get_member_id (m2));
  }
}

static void
test_activity_import (Fixture *f, gconstpointer data)
{
  const char *good = "联系方式,日期,类型,次数\nwx1,2026-06-01,发言,3\nwx1,2026/6/2,posted,\n";
  g_autoptr(GBytes) bytes = g_bytes_new (good, strlen (good));
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberImport) import = NULL;
  g_autoptr(CoMember) a = NULL;

  import_csv (f, "nickname,contact\nA,wx1\n");
  import = co_member_import_read (f->store, f->group, CO_IMPORT_ACTIVITY, bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (co_member_import_get_problems (import)->len, ==, 0);
  g_assert_true (co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, &error));
  a = member_named (f, "A");
  g_assert_cmpstr (co_member_get (a, CO_MEMBER_LAST_ACTIVE), ==, "2026-06-02");

  {
    const char *unknown = "contact,date\nwx9,2026-06-01\n";
    g_autoptr(GBytes) b = g_bytes_new (unknown, strlen (unknown));
    g_autoptr(CoMemberImport) bad = co_member_import_read (f->store, f->group, CO_IMPORT_ACTIVITY, b, &error);
    g_assert_false (co_member_import_commit (bad, CO_DUPLICATES_SKIP, NULL, NULL, &error));
    g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "Line 2"));
  }
}

/* The model: the first rows, the count, a change in place, a keystroke that supersedes. */
static void
wait_loaded (CoMemberList *list)
{
  while (co_member_list_is_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

static void
note_changed (gboolean *changed)
{
  *changed = TRUE;
}

static void
test_list_model (Fixture *f, gconstpointer data)
{
  GString *csv = g_string_new ("nickname,points\n");
  g_autoptr(CoMemberList) list = co_member_list_new (f->store);
  CoMemberQuery query = { .group_id = f->group };
  g_autoptr(CoMember) first = NULL;
  gint64 id;
  gboolean changed = FALSE;

  for (int i = 0; i < 1000; i++)
    g_string_append_printf (csv, "m%04d,%d\n", i, i);
  import_csv (f, csv->str);
  g_string_free (csv, TRUE);

  co_member_list_set_query (list, &query);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1000);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (co_member_get (first, CO_MEMBER_NICKNAME), ==, "m0000");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 1000));

  /* A change to a shown row reaches the object the list holds. */
  g_signal_connect_swapped (first, "changed", G_CALLBACK (note_changed), &changed);
  id = co_member_get_id (first);
  g_assert_true (co_member_set (f->store, id, CO_MEMBER_CITY, "杭州", NULL));
  wait_loaded (list);
  g_assert_true (changed);
  g_assert_cmpstr (co_member_get (first, CO_MEMBER_CITY), ==, "杭州");

  /* Keystrokes in a row: only the last one counts. */
  query.search = "m0";
  co_member_list_set_query (list, &query);
  query.search = "m09";
  co_member_list_set_query (list, &query);
  query.search = "m099";
  co_member_list_set_query (list, &query);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
  g_assert_cmpint (co_member_list_get_id (list, 0), !=, 0);

  /* Removing shrinks it. */
  g_assert_true (co_members_remove (f->store, &id, 1, NULL));
  query.search = NULL;
  g_assert_cmpint (count (f, NULL, CO_MEMBER_SHOW_ALL), ==, 999);
  co_member_list_set_query (list, &query);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 999);
}

/* A view's rows out of sight come empty and a worker fills them (::changed); the rows in sight,
 * and any row asked for through the list model, are read at once, a waiting one too. */
static void
test_list_view_reads (Fixture *f, gconstpointer data)
{
  GString *csv = g_string_new ("nickname,points\n");
  g_autoptr(CoMemberList) list = co_member_list_new (f->store);
  CoMemberQuery query = { .group_id = f->group };
  g_autoptr(CoMember) far = NULL, near = NULL, same_page = NULL, asked = NULL, changed_later = NULL;
  gboolean filled = FALSE;

  for (int i = 0; i < 300; i++)
    g_string_append_printf (csv, "m%04d,%d\n", i, i);
  import_csv (f, csv->str);
  g_string_free (csv, TRUE);
  co_member_list_set_query (list, &query);
  wait_loaded (list);
  g_assert_false (co_member_list_is_reading (list));

  /* In sight: read now. */
  near = co_member_list_get_shown (list, 5, TRUE);
  g_assert_cmpstr (co_member_get (near, CO_MEMBER_NICKNAME), ==, "m0005");
  g_assert_false (co_member_list_is_reading (list));

  /* Out of sight: an empty row (as a removed one shows), its page with it, read in a worker. */
  far = co_member_list_get_shown (list, 250, FALSE);
  g_assert_true (co_member_list_is_reading (list));
  g_assert_null (co_member_get (far, CO_MEMBER_NICKNAME));
  g_assert_cmpint (co_member_get_id (far), ==, co_member_list_get_id (list, 250));
  same_page = co_member_list_get_shown (list, 259, FALSE);
  g_assert_null (co_member_get (same_page, CO_MEMBER_NICKNAME));
  g_signal_connect_swapped (far, "changed", G_CALLBACK (note_changed), &filled);
  /* The model's own callers never see an empty row: a waiting one is read for them. */
  asked = g_list_model_get_item (G_LIST_MODEL (list), 259);
  g_assert_true (asked == same_page);
  g_assert_cmpstr (co_member_get (asked, CO_MEMBER_NICKNAME), ==, "m0259");
  /* And once in sight, a waiting row is read at once as well. */
  g_clear_object (&same_page);
  same_page = co_member_list_get_shown (list, 258, TRUE);
  g_assert_cmpstr (co_member_get (same_page, CO_MEMBER_NICKNAME), ==, "m0258");
  while (co_member_list_is_reading (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (filled);
  g_assert_cmpstr (co_member_get (far, CO_MEMBER_NICKNAME), ==, "m0250");
  g_assert_cmpstr (co_member_get (far, CO_MEMBER_POINTS), ==, "250");

  /* A row changed while a worker reads it shows the change in the end, whichever comes first. */
  changed_later = co_member_list_get_shown (list, 280, FALSE);
  g_assert_true (co_member_set (f->store, co_member_get_id (changed_later), CO_MEMBER_CITY, "杭州", NULL));
  while (co_member_list_is_reading (list) || co_member_list_is_loading (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (co_member_get (changed_later, CO_MEMBER_NICKNAME), ==, "m0280");
  g_assert_cmpstr (co_member_get (changed_later, CO_MEMBER_CITY), ==, "杭州");
}

/* A view's copy of the list, kept by its items-changed alone, as GtkListView keeps its rows. */
typedef struct
{
  GListModel *model;
  GPtrArray  *rows;        /* the ids the view holds */
  guint       most_near_top; /* the most rows one change made or removed above row 200 */
} Mirror;

static void
mirror_changed (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                Mirror     *mirror)
{
  g_ptr_array_remove_range (mirror->rows, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(CoMember) member = g_list_model_get_item (model, position + i);
      g_ptr_array_insert (mirror->rows, (int) (position + i), GINT_TO_POINTER ((int) co_member_get_id (member)));
    }
  if (position < 200)
    mirror->most_near_top = MAX (mirror->most_near_top, MAX (removed, added));
  /* Every state the view sees is a whole list: its length and rows are the model's. */
  g_assert_cmpuint (mirror->rows->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < mirror->rows->len; i += 37)
    {
      g_autoptr(CoMember) member = g_list_model_get_item (model, i);
      g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (mirror->rows, i)), ==, co_member_get_id (member));
    }
}

/* A new query's rows replace the shown ones a screenful at a time near the top (the widgets of
 * a GtkListView are built as rows change); the view ends with the query's rows in order. */
static void
test_list_swap (Fixture *f, gconstpointer data)
{
  GString *csv = g_string_new ("nickname,points\n");
  g_autoptr(CoMemberList) list = co_member_list_new (f->store);
  CoMemberQuery query = { .group_id = f->group };
  Mirror mirror = { G_LIST_MODEL (list), g_ptr_array_new (), 0 };
  const char *searches[] = { "m1", NULL, "m09", "m0999", NULL, "m2" };

  for (int i = 0; i < 1000; i++)
    g_string_append_printf (csv, "m%04d,%d\n", i, i);
  import_csv (f, csv->str);
  g_string_free (csv, TRUE);
  g_signal_connect (list, "items-changed", G_CALLBACK (mirror_changed), &mirror);
  /* As a list shown in a window: its view takes a step each frame, here each turn. */
  co_member_list_set_paced (list, TRUE);

  for (guint s = 0; s <= G_N_ELEMENTS (searches); s++)
    {
      g_autoptr(GArray) expected = NULL;

      query.search = s == 0 ? NULL : searches[s - 1];
      co_member_list_set_query (list, &query);
      /* A keystroke that comes while a swap runs starts from what is shown. */
      if (s == 3)
        {
          for (int i = 0; i < 3; i++)
            g_main_context_iteration (NULL, TRUE);
          query.search = "m0";
          co_member_list_set_query (list, &query);
        }
      while (co_member_list_is_loading (list))
        if (co_member_list_is_swapping (list))
          co_member_list_step_swap (list);
        else
          g_main_context_iteration (NULL, TRUE);
      expected = co_member_query_ids (f->store, &query, NULL);
      g_assert_nonnull (expected);
      g_assert_cmpuint (mirror.rows->len, ==, expected->len);
      g_assert_cmpuint (co_member_list_get_count (list), ==, expected->len);
      for (guint i = 0; i < expected->len; i++)
        g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (mirror.rows, i)), ==, g_array_index (expected, gint64, i));
    }
  g_assert_cmpuint (mirror.most_near_top, >, 0);
  g_assert_cmpuint (mirror.most_near_top, <=, 20);
  g_ptr_array_unref (mirror.rows);
}

static void
count_changed (CoMember *member,
               guint    *n)
{
  (*n)++;
}

/* A row read on a reader connection (as the list's worker does) gives a shown row its new
 * values, with ::changed once; the same values again change nothing; a membership removed
 * reads as NULL. */
static void
test_read_and_take (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = co_member_add (f->store, f->group, "赵敏", &error);
  g_autoptr(CoMember) shown = co_member_get_by_id (f->store, id, &error);
  g_autoptr(CoMember) fresh = NULL, same = NULL, gone = NULL;
  sqlite3 *db = co_store_open_reader (f->store, &error);
  sqlite3_stmt *stmt;
  guint changed = 0;

  g_assert_no_error (error);
  g_assert_nonnull (db);
  stmt = co_member_prepare_read (db);
  g_assert_nonnull (stmt);
  g_signal_connect (shown, "changed", G_CALLBACK (count_changed), &changed);
  g_assert_true (co_member_set (f->store, id, CO_MEMBER_NOTES, "老会员", &error));
  g_assert_true (co_member_set (f->store, id, CO_MEMBER_POINTS, "30", &error));
  g_assert_no_error (error);
  g_assert_null (co_member_get (shown, CO_MEMBER_NOTES));

  fresh = co_member_read (stmt, id);
  g_assert_nonnull (fresh);
  g_assert_true (co_member_take_values (shown, fresh));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (co_member_get (shown, CO_MEMBER_NOTES), ==, "老会员");
  g_assert_cmpint (co_member_get_points (shown), ==, 30);
  g_assert_cmpstr (co_member_get (shown, CO_MEMBER_GROUP), ==, "Test Group");

  same = co_member_read (stmt, id);
  g_assert_false (co_member_take_values (shown, same));
  g_assert_cmpuint (changed, ==, 1);

  g_assert_true (co_members_remove (f->store, &id, 1, &error));
  gone = co_member_read (stmt, id);
  g_assert_null (gone);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, workspace_set_up, func, workspace_tear_down)
  ADD ("/member/round-trip", test_member_round_trip);
  ADD ("/member/filters", test_member_filters);
  ADD ("/member/sort", test_member_sort);
  ADD ("/member/tiers", test_tiers);
  ADD ("/member/list-swap", test_list_swap);
  ADD ("/member/list-view-reads", test_list_view_reads);
  ADD ("/member/invite-batch", test_invite_batch);
  g_test_add_func ("/member/naming-rule", test_naming_rule);
  ADD ("/member/import/good", test_import_good);
  ADD ("/member/import/gb18030", test_import_gb18030);
  ADD ("/member/import/duplicates", test_import_duplicates);
  ADD ("/member/import/many", test_import_many);
  ADD ("/member/import/bad", test_import_bad);
  ADD ("/member/import/activity", test_activity_import);
  ADD ("/member/export/round-trip", test_export_round_trip);
  ADD ("/member/list-model", test_list_model);
  ADD ("/member/read-and-take", test_read_and_take);
  return g_test_run ();
}
