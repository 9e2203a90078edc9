/* bench-workspace.c: a workspace of the size the benchmarks measure, made fast by writing its rows
 * directly (the members' feature's tables, as the app fills them): skewed groups, Chinese names
 * by the common naming rule, seed and core members, tiers, and activity over two years. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "bench-workspace.h"
#include "core/members/co-member.h"
#include "core/members/co-tier.h"
#include "core/store/co-store-private.h"

#define ACTIVITY_DAYS 730

#define pick(rand, list) ((list)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (list))])

static const char *const cities[] = {
  "北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆", "苏州", "天津",
  "长沙", "郑州", "青岛", "厦门", "合肥", "昆明", "大连", "宁波", "济南", "福州", "沈阳", "哈尔滨",
};
static const char *const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
  "萧", "田", "董", "潘", "袁", "蔡", "蒋", "余",
};
static const char *const given_names[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
  "超", "秀英", "霞", "平", "刚", "桂英", "华", "婷", "飞", "鑫", "波", "斌", "宇", "浩", "凯", "健",
  "俊", "帆", "雪", "琳", "晨", "欣怡", "子涵", "梓轩", "浩然", "雨桐", "思远", "嘉怡", "一鸣", "佳琪",
  "志强", "建国", "海燕", "晓东", "娜娜",
};
/* One nickname in twenty uses an English name in place of the Chinese one. */
static const char *const latin_names[] = {
  "Kevin", "Amy", "Tony", "Lily", "Jack", "Coco", "Leo", "Vivian", "Eric", "Grace", "Jason", "Cindy",
};
static const char *const industries[] = {
  "互联网", "教育", "金融", "医疗", "餐饮", "电商", "地产", "制造", "设计", "法律", "咨询", "零售",
  "物流", "传媒", "旅游", "健身", "母婴", "美妆", "汽车", "农业",
};
static const char *const sources[] = {
  "朋友推荐", "公众号", "小红书", "抖音", "视频号", "线下活动", "知乎", "社群裂变", "老客户转介绍", "企业微信",
};
static const char *const notes[] = {
  "老客户，复购多次", "参加过线下读书会", "对课程感兴趣，待跟进", "群内活跃，乐于分享", "需要发票",
  "VIP，生日在三月",
};
static const char *const themes[] = {
  "读书会", "跑步团", "宝妈群", "创业营", "摄影社", "理财课", "英语角", "烘焙班", "徒步队", "咖啡馆",
  "亲子营", "职场圈",
};

void
bench_make_person (GRand  *rand,
                   Person *p)
{
  /* 欧阳 is rare: "欧阳娜娜" matches a handful of a million. */
  const char *surname = g_rand_int_range (rand, 0, 500) == 0 ? "欧阳" : pick (rand, surnames);

  p->city = pick (rand, cities);
  p->industry = pick (rand, industries);
  p->source = pick (rand, sources);
  p->notes = g_rand_int_range (rand, 0, 5) == 0 ? pick (rand, notes) : NULL;
  g_snprintf (p->real_name, sizeof p->real_name, "%s%s", surname, pick (rand, given_names));
  /* The naming rule most groups use: 城市-姓名-行业. */
  g_snprintf (p->nickname, sizeof p->nickname, "%s-%s-%s", p->city,
              g_rand_int_range (rand, 0, 20) == 0 ? pick (rand, latin_names) : p->real_name, p->industry);
}

const char *
bench_day (Bench *b,
           guint  days_ago)
{
  return g_ptr_array_index (b->dates, MIN (days_ago, N_DAYS - 1));
}

GPtrArray *
bench_make_dates (void)
{
  GPtrArray *dates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (guint i = 0; i < N_DAYS; i++)
    {
      g_autoptr(GDateTime) then = g_date_time_add_days (now, -(int) i);
      g_ptr_array_add (dates, g_date_time_format (then, "%Y-%m-%d"));
    }
  return dates;
}

/* ---- generating the workspace ------------------------------------------------------------ */

enum { FLAG_SEED = 1, FLAG_CORE = 2, FLAG_LEFT = 4 };

typedef struct
{
  guint16 days_ago;
  guint8  kind;
  guint8  count;
} Activity;

static const int kind_points[G_N_ELEMENTS (co_activity_kinds)] = { 1, 5, 10, 30 };

static guint8
pick_kind (GRand *rand)
{
  int r = g_rand_int_range (rand, 0, 100);
  return r < 70 ? 0 : r < 85 ? 1 : r < 95 ? 2 : 3;
}

static gboolean
insert_groups (Bench   *b,
               GRand   *rand,
               gint     n_groups,
               gint64  *tier_ids,
               GError **error)
{
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *insert, *tiers;

  insert = co_store_prepare (b->store, "INSERT INTO groups (uuid, name, position, created_at, updated_at)"
                                       " VALUES (?1, ?2, ?3, ?4, ?4)", error);
  if (insert == NULL)
    return FALSE;
  for (gint i = 0; i < n_groups; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *name = g_strdup_printf ("%s%s %04d", pick (rand, cities), pick (rand, themes), i + 1);
      gint64 id;

      sqlite3_bind_text (insert, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 3, i);
      sqlite3_bind_text (insert, 4, now, -1, SQLITE_STATIC);
      if (!co_store_step_done (b->store, insert, error))
        return FALSE;
      id = co_store_last_insert_rowid (b->store);
      g_array_append_val (b->group_ids, id);

      /* The tiers every group gets, as the app makes them; lowest first. */
      if (!co_tiers_ensure (b->store, id, error))
        return FALSE;
      tiers = co_store_prepare (b->store, "SELECT id FROM tiers WHERE group_id = ? AND deleted_at IS NULL"
                                          " ORDER BY position", error);
      if (tiers == NULL)
        return FALSE;
      sqlite3_bind_int64 (tiers, 1, id);
      for (guint t = 0; t < 3; t++)
        tier_ids[3 * i + t] = sqlite3_step (tiers) == SQLITE_ROW ? sqlite3_column_int64 (tiers, 0) : 0;
      sqlite3_reset (tiers);
    }
  return TRUE;
}

/* Every person is in one group: memberships are as many as members. Groups are skewed, the
 * first ones large (about N/√groups), the last ones about half the average. Activity is skewed
 * too: four rows in ten belong to the 5% core members, and recent days have more of it. */
static gboolean
insert_members (Bench   *b,
                GRand   *rand,
                gint64   n_members,
                gint64   n_activity,
                gint64  *tier_ids,
                GError **error)
{
  g_autofree char *now = co_store_now ();
  guint n_groups = b->group_ids->len;
  g_autofree guint32 *group_of = g_new (guint32, n_members);
  g_autofree guint8 *flags = g_new0 (guint8, n_members);
  g_autofree guint32 *n_rows = g_new0 (guint32, n_members);
  g_autoptr(GArray) core = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Activity));
  sqlite3_stmt *member, *membership, *activity;

  for (gint64 i = 0; i < n_members; i++)
    {
      double u = g_rand_double (rand);
      guint32 index = (guint32) i;

      group_of[i] = MIN (n_groups - 1, (guint) (n_groups * u * u));
      if (g_rand_int_range (rand, 0, 100) < 10)
        flags[i] |= FLAG_SEED;
      if (g_rand_int_range (rand, 0, 100) < 5)
        {
          flags[i] |= FLAG_CORE;
          g_array_append_val (core, index);
        }
      if (g_rand_int_range (rand, 0, 100) < 3)
        flags[i] |= FLAG_LEFT;
    }
  for (gint64 a = 0; a < n_activity; a++)
    {
      if (core->len > 0 && g_rand_int_range (rand, 0, 10) < 4)
        n_rows[g_array_index (core, guint32, g_rand_int_range (rand, 0, core->len))]++;
      else
        n_rows[(gint64) (g_rand_double (rand) * n_members)]++;
    }

  member = co_store_prepare (b->store, "INSERT INTO members (uuid, nickname, real_name, city, industry, contact,"
                                       " source, notes, created_at, updated_at, sort_key, pinyin)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, co_sort_key (?2),"
                                       " co_pinyin (?2, ?3))", error);
  membership = co_store_prepare (b->store, "INSERT INTO memberships (member_id, group_id, joined_date, left_date,"
                                           " invited_date, tier_id, active_days, seed, core, replied_date,"
                                           " replied_by, points, last_active, created_at, updated_at)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                                           " ?14, ?14)", error);
  activity = co_store_prepare (b->store, "INSERT INTO member_activity (membership_id, group_id, date, kind, count)"
                                         " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (member == NULL || membership == NULL || activity == NULL)
    return FALSE;

  for (gint64 i = 0; i < n_members; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      char contact[32];
      Person p;
      gint64 group_id = g_array_index (b->group_ids, gint64, group_of[i]);
      gint64 member_id, membership_id, points = 0;
      guint newest = G_MAXUINT, oldest = 0, joined, tier;
      guint32 recent_days = 0;  /* bit d: active d days ago, for the last 30 days */
      int active_days;

      bench_make_person (rand, &p);
      g_snprintf (contact, sizeof contact, "wx%08" G_GINT64_FORMAT, i + 1);
      sqlite3_bind_text (member, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 2, p.nickname, -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 3, p.real_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 4, p.city, -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 5, p.industry, -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 6, contact, -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 7, p.source, -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 8, p.notes, -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 9, now, -1, SQLITE_STATIC);
      if (!co_store_step_done (b->store, member, error))
        return FALSE;
      member_id = co_store_last_insert_rowid (b->store);

      g_array_set_size (rows, 0);
      for (guint r = 0; r < n_rows[i]; r++)
        {
          double u = g_rand_double (rand);
          Activity row = { (guint16) (ACTIVITY_DAYS * u * u), pick_kind (rand), 1 };

          if (row.kind == 0)
            row.count = g_rand_int_range (rand, 1, 6);
          else if (row.kind == 3)
            row.count = g_rand_int_range (rand, 1, 3);
          points += kind_points[row.kind] * row.count;
          newest = MIN (newest, row.days_ago);
          oldest = MAX (oldest, row.days_ago);
          if (row.days_ago < 30)
            recent_days |= 1u << row.days_ago;
          g_array_append_val (rows, row);
        }
      points += g_rand_int_range (rand, 0, (flags[i] & FLAG_CORE) ? 800 : 100);
      active_days = 0;
      for (guint d = 0; d < 30; d++)
        active_days += (recent_days >> d) & 1;
      /* As co_tiers_compute() would put them: core needs 500 points and 12 active days, active
       * needs 4 active days. */
      tier = points >= 500 && active_days >= 12 ? 2 : active_days >= 4 ? 1 : 0;
      joined = MIN (N_DAYS - 1, oldest + (guint) g_rand_int_range (rand, 0, 365));

      sqlite3_bind_int64 (membership, 1, member_id);
      sqlite3_bind_int64 (membership, 2, group_id);
      sqlite3_bind_text (membership, 3, bench_day (b, joined), -1, SQLITE_STATIC);
      sqlite3_bind_text (membership, 4, (flags[i] & FLAG_LEFT)
                                        ? bench_day (b, g_rand_int_range (rand, 0, MIN (newest, joined) + 1)) : NULL,
                         -1, SQLITE_STATIC);
      sqlite3_bind_text (membership, 5, g_rand_int_range (rand, 0, 10) < 6
                                        ? bench_day (b, joined + g_rand_int_range (rand, 1, 8)) : NULL,
                         -1, SQLITE_STATIC);
      sqlite3_bind_int64 (membership, 6, tier_ids[3 * group_of[i] + tier]);
      sqlite3_bind_int (membership, 7, active_days);
      sqlite3_bind_int (membership, 8, (flags[i] & FLAG_SEED) != 0);
      sqlite3_bind_int (membership, 9, (flags[i] & FLAG_CORE) != 0);
      if ((flags[i] & FLAG_SEED) && g_rand_boolean (rand))
        {
          sqlite3_bind_text (membership, 10, bench_day (b, joined > 3 ? joined - 3 : 0), -1, SQLITE_STATIC);
          sqlite3_bind_text (membership, 11, "运营小王", -1, SQLITE_STATIC);
        }
      else
        {
          sqlite3_bind_null (membership, 10);
          sqlite3_bind_null (membership, 11);
        }
      sqlite3_bind_int64 (membership, 12, points);
      sqlite3_bind_text (membership, 13, rows->len > 0 ? bench_day (b, newest) : NULL, -1, SQLITE_STATIC);
      sqlite3_bind_text (membership, 14, now, -1, SQLITE_STATIC);
      if (!co_store_step_done (b->store, membership, error))
        return FALSE;
      membership_id = co_store_last_insert_rowid (b->store);

      for (guint r = 0; r < rows->len; r++)
        {
          Activity *row = &g_array_index (rows, Activity, r);

          sqlite3_bind_int64 (activity, 1, membership_id);
          sqlite3_bind_int64 (activity, 2, group_id);
          sqlite3_bind_text (activity, 3, bench_day (b, row->days_ago), -1, SQLITE_STATIC);
          sqlite3_bind_text (activity, 4, co_activity_kinds[row->kind], -1, SQLITE_STATIC);
          sqlite3_bind_int (activity, 5, row->count);
          if (!co_store_step_done (b->store, activity, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
bench_generate (Bench   *b,
                gint     n_groups,
                gint64   n_members,
                gint64   n_activity,
                GError **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  g_autofree gint64 *tier_ids = g_new0 (gint64, 3 * (gsize) n_groups);
  g_autofree char *size = NULL;
  gint64 start = now_us (), groups_done, rows_done, end;
  GStatBuf st;

  /* For generating only, never in the app: without syncs and with a large cache, a million
   * rows and their indexes are written in seconds. A crash now loses nothing but this file. */
  if (!co_store_exec (b->store, "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576", error) ||
      !co_store_begin (b->store, error))
    return FALSE;
  if (!insert_groups (b, rand, n_groups, tier_ids, error))
    goto failed;
  groups_done = now_us ();
  if (!insert_members (b, rand, n_members, n_activity, tier_ids, error))
    goto failed;
  rows_done = now_us ();
  if (!co_store_commit (b->store, error))
    return FALSE;
  /* Everything in the database file, and the settings co_store_open() makes (the workspace
   * is opened again before anything is measured). */
  if (!co_store_exec (b->store, "PRAGMA wal_checkpoint (TRUNCATE); PRAGMA synchronous = NORMAL;"
                                " PRAGMA cache_size = -2000", error))
    return FALSE;
  end = now_us ();
  b->n_members = n_members;

  size = g_stat (b->db_path, &st) == 0 ? g_format_size (st.st_size) : g_strdup ("?");
  {
    g_autofree char *groups = fmt_count (n_groups);
    g_autofree char *members = fmt_count (n_members);
    g_autofree char *activity = fmt_count (n_activity);
    g_autofree char *rate = fmt_count ((gint64) ((n_members * 3 + n_activity) / MAX (to_s (end - start), 1e-6)));

    printf ("generate: %s groups, %s members, %s activity rows in %.1f s (%s rows/s over the three tables);"
            " groups and tiers %.2f s, members, memberships and activity %.1f s, commit and checkpoint %.1f s;"
            " database %s\n",
            groups, members, activity, to_s (end - start), rate, to_s (groups_done - start),
            to_s (rows_done - groups_done), to_s (end - rows_done), size);
  }
  return TRUE;

failed:
  co_store_rollback (b->store);
  return FALSE;
}
