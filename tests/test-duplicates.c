/* test-duplicates.c: suggested pairs (each rule, its normalisation, the naming rule's parts set
 * aside), "not the same person", merging column by column, undo restoring every row, aliases
 * matched by the next CSV and chat import, and the exchange carrying them. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "core/chat/co-chat-import.h"
#include "core/exchange/co-exchange.h"
#include "core/groups/co-group.h"
#include "core/members/co-duplicates.h"
#include "core/members/co-member-merge.h"
#include "core/members/co-member-import.h"
#include "core/plan/co-plan.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

/* test_sql_exec(), saying SQLite's reason when it fails. */
static void
exec_sql (CoStore    *store,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  gboolean done = co_store_exec (store, sql, &error);

  g_assert_no_error (error);
  g_assert_true (done);
}

static void
import_csv_into (Fixture    *f,
                 gint64      group,
                 CoImportKind kind,
                 const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberImport) import = co_member_import_read (f->store, group, kind, bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (co_member_import_get_problems (import)->len, ==, 0);
  co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
import_csv (Fixture    *f,
            const char *text)
{
  import_csv_into (f, f->group, CO_IMPORT_MEMBERS, text);
}

static gint64
person (Fixture    *f,
        const char *nickname)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM members WHERE nickname = '%s'", nickname);
  gint64 id = test_sql_count (f->store, sql);

  g_assert_cmpint (id, >, 0);
  return id;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The pairs as "nickname+nickname:reasons", the nicknames in the pair's order, sorted. */
static char *
find_pairs (Fixture *f,
            gint64   group)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = co_duplicates_find (f->store, group, NULL, NULL, NULL, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < pairs->len; i++)
    {
      CoDuplicatePair *pair = pairs->pdata[i];
      g_autofree char *sql = g_strdup_printf ("SELECT (SELECT nickname FROM members WHERE id = %" G_GINT64_FORMAT ")"
                                              " || '+' || (SELECT nickname FROM members WHERE id = %" G_GINT64_FORMAT ")",
                                              pair->member_id, pair->other_id);
      g_autofree char *names = test_sql_rows (f->store, sql);

      g_ptr_array_add (lines, g_strdup_printf ("%s:%s%s%s%s", names,
                                               pair->reasons & CO_DUPLICATE_SAME_CONTACT ? "contact=" : "",
                                               pair->contact ? pair->contact : "",
                                               pair->reasons & CO_DUPLICATE_SAME_NICKNAME ? "nickname=" : "",
                                               pair->nickname ? pair->nickname : ""));
    }
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv (", ", (char **) lines->pdata);
}

static void
test_contact_key (void)
{
  const char *const same[][2] = {
    { "+86 138-0013-8000", "13800138000" },
    { "0086 138 0013 8000", "13800138000" },
    { "(138) 0013.8000", "13800138000" },
    { "WX_Wang01", "wx_wang01" },
    { " Chen Kevin88 ", "chenkevin88" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *key = co_duplicates_contact_key (same[i][0]);
      g_assert_cmpstr (key, ==, same[i][1]);
    }
  /* Too short to tell anyone apart: placeholders. */
  g_assert_null (co_duplicates_contact_key ("无"));
  g_assert_null (co_duplicates_contact_key ("123"));
  g_assert_null (co_duplicates_contact_key ("n/a"));
  g_assert_null (co_duplicates_contact_key ("kevin"));
  g_assert_null (co_duplicates_contact_key (NULL));
}

static void
test_nickname_key (void)
{
  const struct { const char *nickname, *rule, *city, *industry, *key; } cases[] = {
    /* The naming rule says which part is the name. */
    { "深圳-小王-产品", "城市+姓名+行业", NULL, NULL, "小王" },
    { "产品|小王", "行业|昵称", NULL, NULL, "小王" },
    /* Without one, the member's city and industry are set aside; or the middle of three. */
    { "深圳-小王", NULL, "深圳", NULL, "小王" },
    { "小王_设计", NULL, NULL, "设计", "小王" },
    { "北京-小王-金融", NULL, NULL, NULL, "小王" },
    /* Emoji, brackets and what they hold, spaces, case, full-width letters. */
    { "【新人】小王🎉", NULL, NULL, NULL, "小王" },
    { "小王（深圳）", NULL, NULL, NULL, "小王" },
    { "[小王]", NULL, NULL, NULL, "小王" },
    { "🌸 Xiao Wang 🌸", NULL, NULL, NULL, "xiaowang" },
    { "ＸＩＡＯ王", NULL, NULL, NULL, "xiao王" },
    { "👍👍", NULL, NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = co_duplicates_nickname_key (cases[i].nickname, cases[i].rule, cases[i].city,
                                                         cases[i].industry);
      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

/* Each rule finds its pair; namesakes and placeholders are not pairs. */
static void
test_find (Fixture *f, gconstpointer data)
{
  g_autofree char *pairs = NULL;
  gint64 other_group = co_group_create (f->store, "Other Group", 0, NULL);

  g_assert_true (co_plan_set (f->store, f->group, "naming_rule", "城市-姓名-行业", NULL));
  import_csv (f, "nickname,city,industry,contact,notes\n"
                 /* A phone written two ways. */
                 "林晓-设计,,,+86 138-0013-8000,\n"
                 "晓晓Lin,,,13800138000,\n"
                 /* A 微信号 in another case, and one in the notes. */
                 "Kevin陈,,,Chen_Kevin,\n"
                 "陈凯文,,,,微信 chen_kevin 常联系\n"
                 "凯文,,,CHEN_KEVIN,\n"
                 /* The naming rule's parts, emoji and brackets around the same name. */
                 "深圳-小王-产品,深圳,产品,wx_wang01,\n"
                 "【新人】小王🎉,,,,\n"
                 /* Namesakes: another city and industry; other contacts; placeholders. */
                 "北京-张伟-金融,,,,\n"
                 "上海-张伟-教育,,,,\n"
                 "李娜,,,wx_lina_a,\n"
                 "李娜 ,,,wx_lina_b,\n"
                 "甲,,,无,\n"
                 "乙,,,无,\n");
  import_csv_into (f, other_group, CO_IMPORT_MEMBERS, "nickname,contact\n小王,\n");

  pairs = find_pairs (f, f->group);
  g_assert_cmpstr (pairs, ==,
                   "Kevin陈+凯文:contact=chen_kevin, "
                   "Kevin陈+陈凯文:contact=chen_kevin, "
                   "凯文+陈凯文:contact=chen_kevin, "
                   "晓晓Lin+林晓-设计:contact=13800138000, "
                   "深圳-小王-产品+【新人】小王🎉:nickname=小王");
  g_clear_pointer (&pairs, g_free);
  /* Everyone: the other group's 小王 too. Which of a pair is kept by default depends on when each
   * was last changed, which here may be the same second or the next. */
  pairs = find_pairs (f, 0);
  g_assert_true (strstr (pairs, "深圳-小王-产品+小王:nickname=小王") || strstr (pairs, "小王+深圳-小王-产品:nickname=小王"));
  g_assert_true (strstr (pairs, "【新人】小王🎉+小王:nickname=小王") || strstr (pairs, "小王+【新人】小王🎉:nickname=小王"));
}

static void
on_progress (double   fraction,
             gpointer data)
{
  double *last = data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  GPtrArray **pairs = data;
  g_autoptr(GError) error = NULL;

  *pairs = co_duplicates_find_finish (result, &error);
  g_assert_no_error (error);
}

static void
on_cancelled (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = co_duplicates_find_finish (result, &error);

  g_assert_null (pairs);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

/* In a worker: progress up to 1, the same pairs; cancelled, an error and no pairs. */
static void
test_find_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  double last = 0;
  gboolean done = FALSE;

  import_csv (f, "nickname,contact\nA,wx_same_1\nB,WX_SAME_1\n");
  co_duplicates_find_async (f->store, f->group, on_progress, &last, NULL, on_found, &pairs);
  while (pairs == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* The last progress is delivered before the result. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (pairs->len, ==, 1);
  g_assert_cmpfloat (last, ==, 1.0);

  g_cancellable_cancel (cancellable);
  co_duplicates_find_async (f->store, f->group, NULL, NULL, cancellable, on_cancelled, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* "Not the same person" is remembered: the pair is not suggested again, either way round. */
static void
test_distinct (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;

  import_csv (f, "nickname,contact\nA,wx_same_1\nB,WX_SAME_1\nC,wx_other_2\nD,WX_OTHER_2\n");
  before = find_pairs (f, f->group);
  g_assert_cmpstr (before, ==, "A+B:contact=wx_same_1, C+D:contact=wx_other_2");
  g_assert_true (co_duplicates_set_distinct (f->store, person (f, "B"), person (f, "A"), &error));
  g_assert_no_error (error);
  g_assert_true (co_duplicates_set_distinct (f->store, person (f, "A"), person (f, "B"), &error));
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_not_duplicates"), ==, 1);
  after = find_pairs (f, f->group);
  g_assert_cmpstr (after, ==, "C+D:contact=wx_other_2");
  g_clear_pointer (&after, g_free);
  /* The more recently updated comes first: the one kept by default. */
  test_sql_exec (f->store, "UPDATE members SET updated_at = '2030-01-01T00:00:00Z' WHERE nickname = 'D'");
  after = find_pairs (f, f->group);
  g_assert_cmpstr (after, ==, "D+C:contact=wx_other_2");
  g_clear_pointer (&after, g_free);
  /* Undone: suggested again. */
  g_assert_true (co_duplicates_unset_distinct (f->store, person (f, "A"), person (f, "B"), &error));
  g_assert_no_error (error);
  after = find_pairs (f, f->group);
  g_assert_cmpstr (after, ==, "A+B:contact=wx_same_1, D+C:contact=wx_other_2");
}

/* Every row of the members' tables, in a fixed order, to compare before and after. */
static char *
dump (Fixture *f)
{
  static const char *const queries[] = {
    "SELECT * FROM members ORDER BY id",
    "SELECT * FROM memberships ORDER BY id",
    "SELECT * FROM member_activity ORDER BY id",
    "SELECT * FROM activity_days ORDER BY membership_id, date",
    "SELECT * FROM tier_changes ORDER BY id",
    "SELECT * FROM challenge_checkins ORDER BY challenge_id, membership_id, date",
    "SELECT * FROM member_handles ORDER BY handle",
    "SELECT * FROM member_aliases ORDER BY member_id, kind, value",
    "SELECT * FROM member_not_duplicates ORDER BY member_id, other_id",
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *rows = test_sql_rows (f->store, queries[i]);
      g_string_append_printf (text, "%s\n", rows);
    }
  return g_string_free (text, FALSE);
}

/* Two memberships of one group and one each of two other groups, with everything that hangs
 * off them: 小王 (kept) and 深圳-小王-产品 (merged into him). */
static void
set_up_pair (Fixture *f,
             gint64  *keep,
             gint64  *other,
             gint64  *group_b,
             gint64  *group_c)
{
  *group_b = co_group_create (f->store, "Group B", 0, NULL);
  *group_c = co_group_create (f->store, "Group C", 0, NULL);
  import_csv (f, "nickname,real_name,city,industry,contact,source,joined,seed,core,points,notes,left,invited,"
                 "last_active,replied,replied_by\n"
                 "小王,,深圳,,wx_wang01,Moments,2026-03-01,1,0,40,,2026-05-01,2026-02-20,2026-04-01,2026-03-02,Amy\n"
                 "深圳-小王-产品,王小明,深圳,产品,wx_wang02,Zhihu,2026-01-15,0,1,60,老客户,,2026-01-10,2026-06-01,2026-01-20,Bob\n"
                 "推荐人,,,,wx_referrer,,,,,,,,,,,\n");
  *keep = person (f, "小王");
  *other = person (f, "深圳-小王-产品");
  import_csv_into (f, *group_b, CO_IMPORT_MEMBERS, "nickname,contact\n小王,wx_wang01\n");
  import_csv_into (f, *group_c, CO_IMPORT_MEMBERS, "nickname,contact,points\n深圳-小王-产品,wx_wang02,5\n");
  import_csv_into (f, f->group, CO_IMPORT_ACTIVITY,
                   "nickname,contact,date,count\n"
                   ",wx_wang01,2026-03-02,2\n,wx_wang01,2026-03-05,1\n"
                   ",wx_wang02,2026-03-05,4\n,wx_wang02,2026-03-09,1\n");
  exec_sql (f->store,
    "INSERT INTO member_handles (handle, member_id) SELECT 'telegram:wang', id FROM members WHERE nickname = '小王';"
    "INSERT INTO member_handles (handle, member_id) SELECT 'qq:12345', id FROM members WHERE nickname = '深圳-小王-产品';"
    "INSERT INTO challenges (uuid, group_id, created_at, updated_at, name)"
    "  SELECT 'c1', id, 'now', 'now', '打卡' FROM groups WHERE name = 'Test Group';"
    "INSERT INTO challenge_checkins (challenge_id, membership_id, date)"
    "  SELECT c.id, s.id, d.column1 FROM challenges c, memberships s JOIN members m ON m.id = s.member_id,"
    "  (VALUES ('2026-03-05'), ('2026-03-06')) d WHERE s.group_id = c.group_id AND m.nickname = '小王';"
    "INSERT INTO challenge_checkins (challenge_id, membership_id, date)"
    "  SELECT c.id, s.id, d.column1 FROM challenges c, memberships s JOIN members m ON m.id = s.member_id,"
    "  (VALUES ('2026-03-05'), ('2026-03-07')) d WHERE s.group_id = c.group_id AND m.nickname = '深圳-小王-产品';"
    "INSERT INTO tier_changes (membership_id, date, from_tier_id, to_tier_id, manual)"
    "  SELECT s.id, '2026-03-10', NULL, s.tier_id, 1 FROM memberships s JOIN members m ON m.id = s.member_id"
    "  WHERE m.nickname = '深圳-小王-产品';"
    /* 深圳-小王-产品 is in the higher tier; 推荐人 was referred by him, and referred him. */
    "UPDATE memberships SET tier_id = (SELECT max (id) FROM tiers t WHERE t.group_id = memberships.group_id"
    "  AND t.builtin = 'core') WHERE member_id = (SELECT id FROM members WHERE nickname = '深圳-小王-产品')"
    "  AND group_id = (SELECT id FROM groups WHERE name = 'Test Group');"
    "UPDATE memberships SET referrer_id = (SELECT id FROM members WHERE nickname = '深圳-小王-产品')"
    "  WHERE member_id = (SELECT id FROM members WHERE nickname = '推荐人');"
    "UPDATE memberships SET referrer_id = (SELECT id FROM members WHERE nickname = '推荐人')"
    "  WHERE member_id = (SELECT id FROM members WHERE nickname = '深圳-小王-产品') AND group_id ="
    "  (SELECT id FROM groups WHERE name = 'Test Group');");
}

#define TIER_CHANGES "SELECT count (*) FROM tier_changes t JOIN memberships s ON s.id = t.membership_id" \
                     " JOIN members m ON m.id = s.member_id WHERE m.nickname IN ('小王', '深圳-小王-产品')"

/* What a merge does to each column, then undo putting every row back. */
static void
test_merge (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *rows = NULL;
  g_autoptr(CoPerson) keep_person = NULL;
  g_autoptr(CoPerson) other_person = NULL;
  g_auto(GStrv) nicknames = NULL;
  g_auto(GStrv) contacts = NULL;
  gint64 keep, other, group_b, group_c, merge, n_tier_changes;
  guint take;

  set_up_pair (f, &keep, &other, &group_b, &group_c);
  before = dump (f);
  n_tier_changes = test_sql_count (f->store, TIER_CHANGES);
  g_assert_cmpint (n_tier_changes, >=, 2);

  /* The review's default: the kept member's own values, the other's where the kept has none. */
  keep_person = co_person_get (f->store, keep, &error);
  other_person = co_person_get (f->store, other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keep_person->values[CO_MEMBER_GROUP], ==, "Group B、Test Group");
  g_assert_cmpstr (keep_person->values[CO_MEMBER_POINTS], ==, "40");
  g_assert_cmpstr (other_person->values[CO_MEMBER_POINTS], ==, "65");
  g_assert_cmpstr (other_person->values[CO_MEMBER_JOINED], ==, "2026-01-15");
  take = co_merge_default_choice (keep_person, other_person);
  g_assert_cmpuint (take, ==, 1u << CO_MEMBER_REAL_NAME | 1u << CO_MEMBER_INDUSTRY | 1u << CO_MEMBER_NOTES);

  /* The source is taken from the other too, by choice. */
  merge = co_members_merge (f->store, keep, other, take | 1u << CO_MEMBER_SOURCE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merge, >, 0);

  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members WHERE nickname = '深圳-小王-产品'"), ==, 0);
  rows = test_sql_rows (f->store, "SELECT nickname, real_name, city, industry, contact, source, notes FROM members"
                                  " WHERE nickname = '小王'");
  g_assert_cmpstr (rows, ==, "小王|王小明|深圳|产品|wx_wang01|Zhihu|老客户");
  g_clear_pointer (&rows, g_free);

  /* The same group twice: one membership. The earliest join and invitation, still in the group
   * (one had not left), the higher tier, seed and core either's, points summed, the latest
   * activity, the first reply with who gave it, the referral kept. */
  rows = test_sql_rows (f->store,
    "SELECT g.name, s.joined_date, s.invited_date, s.left_date, t.builtin, s.seed, s.core, s.points, s.last_active,"
    " s.replied_date, s.replied_by, (SELECT nickname FROM members WHERE id = s.referrer_id)"
    " FROM memberships s JOIN groups g ON g.id = s.group_id LEFT JOIN tiers t ON t.id = s.tier_id"
    " WHERE s.member_id = (SELECT id FROM members WHERE nickname = '小王') ORDER BY g.name");
  g_assert_cmpstr (rows, ==,
                   "Group B|-|-|-|new|0|0|0|-|-|-|-, "
                   "Group C|-|-|-|new|0|0|5|-|-|-|-, "
                   "Test Group|2026-01-15|2026-01-10|-|core|1|1|100|2026-06-01|2026-01-20|Bob|推荐人");
  g_clear_pointer (&rows, g_free);
  /* Activity summed (the same day twice stays two rows); its days rebuilt; check-ins kept, the
   * same day once; the tier change moved. */
  rows = test_sql_rows (f->store, "SELECT a.date, sum (a.count) FROM member_activity a JOIN memberships s"
                                  " ON s.id = a.membership_id GROUP BY a.date ORDER BY a.date");
  g_assert_cmpstr (rows, ==, "2026-03-02|2, 2026-03-05|5, 2026-03-09|1");
  g_clear_pointer (&rows, g_free);
  rows = test_sql_rows (f->store, "SELECT date, prev_date, rows FROM activity_days ORDER BY date");
  g_assert_cmpstr (rows, ==, "2026-03-02|-|1, 2026-03-05|2026-03-02|2, 2026-03-09|2026-03-05|1");
  g_clear_pointer (&rows, g_free);
  rows = test_sql_rows (f->store, "SELECT date FROM challenge_checkins ORDER BY date");
  g_assert_cmpstr (rows, ==, "2026-03-05, 2026-03-06, 2026-03-07");
  g_clear_pointer (&rows, g_free);
  g_assert_cmpint (test_sql_count (f->store, TIER_CHANGES), ==, n_tier_changes);
  /* Handles and the referral of 推荐人 follow; nobody is their own referrer. */
  rows = test_sql_rows (f->store, "SELECT h.handle, m.nickname FROM member_handles h JOIN members m"
                                  " ON m.id = h.member_id ORDER BY h.handle");
  g_assert_cmpstr (rows, ==, "qq:12345|小王, telegram:wang|小王");
  g_clear_pointer (&rows, g_free);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships s JOIN members m ON m.id = s.member_id"
                                             " JOIN members r ON r.id = s.referrer_id"
                                             " WHERE m.nickname = '推荐人' AND r.nickname = '小王'"), ==, 1);
  /* The other's nickname and contact are aliases now; the kept ones are not. */
  nicknames = co_member_dup_aliases (f->store, keep, "nickname", &error);
  g_assert_cmpstrv (nicknames, ((const char *const[]) { "深圳-小王-产品", NULL }));
  contacts = co_member_dup_aliases (f->store, keep, "contact", &error);
  g_assert_cmpstrv (contacts, ((const char *const[]) { "wx_wang02", NULL }));

  /* Undo: both exactly as they were, ids and all. */
  g_assert_true (co_members_merge_undo (f->store, merge, &error));
  g_assert_no_error (error);
  after = dump (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_merges"), ==, 0);
  /* Twice: nothing to undo. */
  g_assert_false (co_members_merge_undo (f->store, merge, &error));
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND);
}

/* Choosing the other's nickname and contact: the kept member's become aliases. */
static void
test_merge_choice (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) nicknames = NULL;
  g_auto(GStrv) contacts = NULL;
  gint64 merge;

  import_csv (f, "nickname,contact\n旧名,wx_old_name\n新名,wx_new_name\n");
  merge = co_members_merge (f->store, person (f, "旧名"), person (f, "新名"),
                            1u << CO_MEMBER_NICKNAME | 1u << CO_MEMBER_CONTACT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merge, >, 0);
  nicknames = co_member_dup_aliases (f->store, person (f, "新名"), "nickname", NULL);
  contacts = co_member_dup_aliases (f->store, person (f, "新名"), "contact", NULL);
  g_assert_cmpstrv (nicknames, ((const char *const[]) { "旧名", NULL }));
  g_assert_cmpstrv (contacts, ((const char *const[]) { "wx_old_name", NULL }));
  /* A member is not merged with themself. */
  g_assert_cmpint (co_members_merge (f->store, person (f, "新名"), person (f, "新名"), 0, &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE);
}

static char *
dump_with_later_tables (Fixture *f)
{
  g_autofree char *tables = dump (f);
  g_autofree char *notes = test_sql_rows (f->store, "SELECT * FROM later_notes ORDER BY id");
  g_autofree char *stats = test_sql_rows (f->store, "SELECT * FROM member_stats ORDER BY member_id");

  return g_strconcat (tables, notes, "\n", stats, NULL);
}

/* Tables a later version adds (found from their foreign keys): their rows move with the merge
 * and come back with the undo, a row a trigger makes included. (A generated column added to
 * members is left out: SQLite 3.40's VACUUM INTO, which the import's backup uses, fails on one.) */
static void
test_merge_later_tables (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gint64 merge;

  exec_sql (f->store,
    "CREATE TABLE later_notes (id INTEGER PRIMARY KEY,"
    "  member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE, text TEXT);"
    "CREATE TABLE member_stats (member_id INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,"
    "  n INTEGER NOT NULL);"
    "CREATE TRIGGER member_stats_made AFTER INSERT ON members BEGIN"
    "  INSERT INTO member_stats VALUES (NEW.id, 0); END;");
  import_csv (f, "nickname,contact\nKeep,wx_keep_1\nOther,wx_other_1\n");
  exec_sql (f->store,
    "INSERT INTO later_notes (member_id, text) SELECT id, 'note of ' || nickname FROM members;"
    "UPDATE member_stats SET n = 7;");
  before = dump_with_later_tables (f);

  merge = co_members_merge (f->store, person (f, "Keep"), person (f, "Other"), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM later_notes WHERE member_id ="
                                             " (SELECT id FROM members WHERE nickname = 'Keep')"), ==, 2);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_stats"), ==, 1);

  g_assert_true (co_members_merge_undo (f->store, merge, &error));
  g_assert_no_error (error);
  after = dump_with_later_tables (f);
  g_assert_cmpstr (after, ==, before);
}

/* After a merge, a CSV import and a chat import find the member by the old nickname and contact. */
static void
test_aliases_match (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CoChatImport) chat = NULL;
  g_autofree char *path = g_build_filename (f->dir, "WhatsApp Chat.txt", NULL);
  gint64 keep;

  /* As with their own nickname, a member is found by a nickname only while they have no contact. */
  import_csv (f, "nickname,contact\n小王,\n深圳-小王-产品,\n老号,wx_old_phone\n");
  keep = person (f, "小王");
  g_assert_cmpint (co_members_merge (f->store, keep, person (f, "深圳-小王-产品"), 0, &error), >, 0);
  g_assert_cmpint (co_members_merge (f->store, keep, person (f, "老号"), 0, &error), >, 0);
  g_assert_no_error (error);

  /* The old nickname (no contact) and the old contact: already in the group, not added. */
  import_csv (f, "nickname,contact\n深圳-小王-产品,\n随便,wx_old_phone\n新人,wx_new\n");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, 2);
  /* Activity by the old contact lands on the kept member. */
  import_csv_into (f, f->group, CO_IMPORT_ACTIVITY, "contact,date\nwx_old_phone,2026-11-01\n");
  import_csv_into (f, f->group, CO_IMPORT_ACTIVITY, "nickname,date\n深圳-小王-产品,2026-11-02\n");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM member_activity a JOIN memberships s"
                                             " ON s.id = a.membership_id WHERE s.member_id = (SELECT id FROM"
                                             " members WHERE nickname = '小王')"), ==, 2);

  /* A chat under the old nickname: the kept member, no one new. */
  g_assert_true (g_file_set_contents (path, "01/11/2026, 09:02 - 深圳-小王-产品: 大家好\n", -1, NULL));
  file = g_file_new_for_path (path);
  chat = co_chat_import_read (f->store, f->group, file, CO_CHAT_FORMAT_AUTO, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (co_chat_import_get_n_new_members (chat), ==, 0);
  g_assert_cmpuint (co_chat_import_get_n_matched_members (chat), ==, 1);
  g_assert_true (co_chat_import_commit (chat, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, 2);

  /* Another group's file: the old contact, and a contact that JSON has to escape, which a
   * person in the first group has, are the same people (one lookup for the whole file). */
  import_csv (f, "nickname,contact\n引号,\"wx\"\"q\\1\"\n");
  {
    gint64 other = co_group_create (f->store, "另一个群", 0, &error);

    g_assert_no_error (error);
    import_csv_into (f, other, CO_IMPORT_MEMBERS,
                     "nickname,contact\n换了名字,wx_old_phone\n又换名字,\"wx\"\"q\\1\"\n新的人,wx_other_new\n");
  }
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members"), ==, 4);
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM memberships s JOIN members m ON m.id = s.member_id"
                                             " WHERE m.nickname IN ('小王', '引号')"), ==, 4);
}

/* The aliases and "not the same person" travel with the members in the JSON exchange. */
static void
test_exchange (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(CoExchange) exchange = NULL;
  g_autoptr(CoStore) other = NULL;
  g_autofree char *other_path = NULL, *other_dir = NULL, *aliases = NULL, *distinct = NULL;
  const char *aliases_sql = "SELECT m.nickname, a.kind, a.value FROM member_aliases a JOIN members m"
                            " ON m.id = a.member_id ORDER BY a.kind, a.value";
  const char *distinct_sql = "SELECT min (a.nickname, b.nickname), max (a.nickname, b.nickname) FROM member_not_duplicates d JOIN members a"
                             " ON a.id = d.member_id JOIN members b ON b.id = d.other_id";

  import_csv (f, "nickname,contact\n小王,wx_wang01\n深圳-小王-产品,wx_wang02\n甲,wx_same_1\n乙,WX_SAME_1\n");
  g_assert_cmpint (co_members_merge (f->store, person (f, "小王"), person (f, "深圳-小王-产品"), 0, &error), >, 0);
  g_assert_true (co_duplicates_set_distinct (f->store, person (f, "甲"), person (f, "乙"), &error));
  aliases = test_sql_rows (f->store, aliases_sql);
  distinct = test_sql_rows (f->store, distinct_sql);
  g_assert_cmpstr (aliases, ==, "小王|contact|wx_wang02, 小王|nickname|深圳-小王-产品");
  g_assert_cmpstr (distinct, ==, "乙|甲");

  json = co_exchange_export (f->store, 0, &error);
  g_assert_no_error (error);
  other = test_open_temp_store (&other_path);
  exchange = co_exchange_read (json, &error);
  g_assert_no_error (error);
  g_assert_true (co_exchange_import (exchange, other, CO_EXCHANGE_AS_NEW, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *other_aliases = test_sql_rows (other, aliases_sql);
    g_autofree char *other_distinct = test_sql_rows (other, distinct_sql);
    g_assert_cmpstr (other_aliases, ==, aliases);
    g_assert_cmpstr (other_distinct, ==, distinct);
  }
  other_dir = g_path_get_dirname (other_path);
  g_clear_object (&other);
  test_remove_tree (other_dir);
}

/* --merge-members names people by uuid or by nickname; two of one nickname is refused. */
static void
test_find_person (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  gint64 other_group = co_group_create (f->store, "Other Group", 0, NULL);

  import_csv (f, "nickname,contact\n小王,wx_a_1111\n小王,wx_b_2222\n小李,wx_c_3333\n");
  import_csv_into (f, other_group, CO_IMPORT_MEMBERS, "nickname,contact\n小赵,wx_d_4444\n");
  g_assert_cmpint (co_member_find_person (f->store, f->group, "小李", &error), ==, person (f, "小李"));
  g_assert_cmpint (co_member_find_person (f->store, f->group, "小王", &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (co_member_find_person (f->store, f->group, "小赵", &error), ==, 0);
  g_assert_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  uuid = test_sql_rows (f->store, "SELECT uuid FROM members WHERE contact = 'wx_b_2222'");
  g_assert_cmpint (co_member_find_person (f->store, 0, uuid, &error), ==,
                   test_sql_count (f->store, "SELECT id FROM members WHERE contact = 'wx_b_2222'"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  test_bind_translations ();

  g_test_add_func ("/duplicates/contact-key", test_contact_key);
  g_test_add_func ("/duplicates/nickname-key", test_nickname_key);
#define ADD(path, func) g_test_add (path, Fixture, NULL, workspace_set_up, func, workspace_tear_down)
  ADD ("/duplicates/find", test_find);
  ADD ("/duplicates/find-async", test_find_async);
  ADD ("/duplicates/distinct", test_distinct);
  ADD ("/duplicates/merge", test_merge);
  ADD ("/duplicates/merge-choice", test_merge_choice);
  ADD ("/duplicates/merge-later-tables", test_merge_later_tables);
  ADD ("/duplicates/aliases-match", test_aliases_match);
  ADD ("/duplicates/exchange", test_exchange);
  ADD ("/duplicates/find-person", test_find_person);
  return g_test_run ();
}
