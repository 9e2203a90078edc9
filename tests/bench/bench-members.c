/* bench-members.c: how the members feature holds up at the size of a large workspace.
 *
 * Generates a workspace (by default 1,000 groups, 1,000,000 members, 10,000,000 activity rows)
 * and prints figures: CSV import of 100,000 members beside the sqlite3 shell's .import of the
 * same file (the floor); the Members page's first rows on every group; filter keystrokes on
 * every group and on one group of about a thousand members; scrolling from top to bottom; peak
 * memory. Not a test: the `bench` suite only runs it small, to prove that it still works.
 *
 *   bench-members [--groups N] [--members N] [--activity N] [--import N] [--dir DIR]
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <glib/gstdio.h>

#include "core/formats/co-csv.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-import.h"
#include "core/members/co-member-list.h"
#include "core/store/co-backup.h"
#include "core/store/co-store-private.h"
#include "../test-util.h"
#include "core/members/co-tier.h"

/* Dates go back this many days from today: activity over two years, joining over three. */
#define ACTIVITY_DAYS 730
#define N_DAYS 1095
/* What one screen of the list shows, and the time a frame has at 60 Hz. */
#define ROWS_PER_FRAME 40
#define FRAME_US 16000
/* A query that never says it finished is a bug to report, not to wait for. */
#define LOAD_TIMEOUT_S 600

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

/* Typed one character at a time into the search field: common and rare names, Latin and
 * Chinese, a contact, and two that match nobody. */
static const char *const search_words[] = {
  "北京-张伟", "张伟-互联网", "wx00123456", "Kevin", "欧阳娜娜", "qzxj", "不存在的人",
};

typedef struct
{
  CoStore   *store;
  char      *dir;
  gboolean   own_dir;     /* made by us: removed at the end */
  char      *db_path;
  GPtrArray *dates;       /* "YYYY-MM-DD" for 0 … N_DAYS - 1 days ago */
  GArray    *group_ids;   /* gint64 */
  gint64     n_members;
} Bench;

typedef struct
{
  const char *city;
  const char *industry;
  const char *source;
  const char *notes;
  char        real_name[32];
  char        nickname[96];
} Person;

/* One query of a list, watched from set_query to ::loaded. */
typedef struct
{
  gint64   started;
  gint64   first_change;  /* the first items-changed that left rows in the list; 0: none yet */
  gint64   finished;
  gboolean loaded;
  gboolean timed_out;
} Watch;

/* Time the main loop spent waiting in poll() since it was last reset: an iteration's time
 * less this is what it kept the main thread busy. */
static gint64 poll_us;

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

static double
to_ms (gint64 us)
{
  return us / 1000.0;
}

static double
to_s (gint64 us)
{
  return us / 1000000.0;
}

/* 1234567 → "1,234,567" */
static char *
fmt_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n < 0 ? -(guint64) n : (guint64) n);
  GString *out = g_string_new (n < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* The value below which @permille of @values lie (nearest rank). */
static gint64
percentile (GArray *values,
            guint   permille)
{
  g_autoptr(GArray) sorted = NULL;
  guint rank;

  if (values->len == 0)
    return 0;
  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_int64);
  rank = (values->len * permille + 999) / 1000;
  return g_array_index (sorted, gint64, CLAMP (rank, 1, values->len) - 1);
}

static guint
count_over (GArray *values,
            gint64  limit)
{
  guint n = 0;

  for (guint i = 0; i < values->len; i++)
    if (g_array_index (values, gint64, i) > limit)
      n++;
  return n;
}

static void
print_spread (const char *label,
              GArray     *values)
{
  printf ("  %-34s p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (n=%u)\n", label,
          to_ms (percentile (values, 500)), to_ms (percentile (values, 990)),
          to_ms (percentile (values, 1000)), values->len);
}

static void
append_us (GArray *values,
           gint64  us)
{
  g_array_append_val (values, us);
}

static GArray *
new_times (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
make_person (GRand  *rand,
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

static const char *
day (Bench *b,
     guint  days_ago)
{
  return g_ptr_array_index (b->dates, MIN (days_ago, N_DAYS - 1));
}

static GPtrArray *
make_dates (void)
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
                                       " source, notes, created_at, updated_at)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)", error);
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

      make_person (rand, &p);
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
      sqlite3_bind_text (membership, 3, day (b, joined), -1, SQLITE_STATIC);
      sqlite3_bind_text (membership, 4, (flags[i] & FLAG_LEFT)
                                        ? day (b, g_rand_int_range (rand, 0, MIN (newest, joined) + 1)) : NULL,
                         -1, SQLITE_STATIC);
      sqlite3_bind_text (membership, 5, g_rand_int_range (rand, 0, 10) < 6
                                        ? day (b, joined + g_rand_int_range (rand, 1, 8)) : NULL,
                         -1, SQLITE_STATIC);
      sqlite3_bind_int64 (membership, 6, tier_ids[3 * group_of[i] + tier]);
      sqlite3_bind_int (membership, 7, active_days);
      sqlite3_bind_int (membership, 8, (flags[i] & FLAG_SEED) != 0);
      sqlite3_bind_int (membership, 9, (flags[i] & FLAG_CORE) != 0);
      if ((flags[i] & FLAG_SEED) && g_rand_boolean (rand))
        {
          sqlite3_bind_text (membership, 10, day (b, joined > 3 ? joined - 3 : 0), -1, SQLITE_STATIC);
          sqlite3_bind_text (membership, 11, "运营小王", -1, SQLITE_STATIC);
        }
      else
        {
          sqlite3_bind_null (membership, 10);
          sqlite3_bind_null (membership, 11);
        }
      sqlite3_bind_int64 (membership, 12, points);
      sqlite3_bind_text (membership, 13, rows->len > 0 ? day (b, newest) : NULL, -1, SQLITE_STATIC);
      sqlite3_bind_text (membership, 14, now, -1, SQLITE_STATIC);
      if (!co_store_step_done (b->store, membership, error))
        return FALSE;
      membership_id = co_store_last_insert_rowid (b->store);

      for (guint r = 0; r < rows->len; r++)
        {
          Activity *row = &g_array_index (rows, Activity, r);

          sqlite3_bind_int64 (activity, 1, membership_id);
          sqlite3_bind_int64 (activity, 2, group_id);
          sqlite3_bind_text (activity, 3, day (b, row->days_ago), -1, SQLITE_STATIC);
          sqlite3_bind_text (activity, 4, co_activity_kinds[row->kind], -1, SQLITE_STATIC);
          sqlite3_bind_int (activity, 5, row->count);
          if (!co_store_step_done (b->store, activity, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
generate (Bench   *b,
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

/* ---- import ------------------------------------------------------------------------------ */

static GBytes *
make_import_csv (Bench  *b,
                 gint    n_rows)
{
  static const char *const header[] = {
    "nickname", "real_name", "city", "industry", "contact", "source", "joined", "tier", "seed", "core",
    "points", "notes",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240602);
  GString *out = g_string_new (NULL);

  co_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (gint i = 0; i < n_rows; i++)
    {
      Person p;
      /* Contacts after every generated one: all new people. */
      g_autofree char *contact = g_strdup_printf ("wx%08" G_GINT64_FORMAT, b->n_members + 1 + i);
      g_autofree char *points = g_strdup_printf ("%d", g_rand_int_range (rand, 0, 1000));
      int r = g_rand_int_range (rand, 0, 100);
      const char *fields[G_N_ELEMENTS (header)];

      make_person (rand, &p);
      fields[0] = p.nickname;
      fields[1] = p.real_name;
      fields[2] = p.city;
      fields[3] = p.industry;
      fields[4] = contact;
      fields[5] = p.source;
      fields[6] = day (b, g_rand_int_range (rand, 0, N_DAYS));
      fields[7] = r < 5 ? "active" : r < 8 ? "new" : "";  /* mostly left for the import to compute */
      fields[8] = g_rand_int_range (rand, 0, 10) == 0 ? "是" : "否";
      fields[9] = g_rand_int_range (rand, 0, 20) == 0 ? "是" : "否";
      fields[10] = points;
      fields[11] = p.notes;
      co_csv_append_row (out, fields, G_N_ELEMENTS (fields));
    }
  return g_string_free_to_bytes (out);
}

/* Runs sqlite3 with @argv; the whole process's wall time in *elapsed and its output in *out. */
static gboolean
run_sqlite3 (const char * const  *argv,
             gint64              *elapsed,
             char               **out,
             GError             **error)
{
  g_autofree char *std_out = NULL;
  g_autofree char *std_err = NULL;
  int status;
  gint64 start = now_us ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &std_out, &std_err,
                     &status, error))
    return FALSE;
  *elapsed = now_us () - start;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s", argv[0], std_err);
      return FALSE;
    }
  if (std_err != NULL && std_err[0] != '\0')
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "sqlite3: %s", std_err);
      return FALSE;
    }
  if (out != NULL)
    *out = g_steal_pointer (&std_out);
  return TRUE;
}

/* The floor: the sqlite3 shell's .import of the same file into a fresh database. Prints and
 * returns FALSE only when something failed; *floor_us is 0 when there is no sqlite3. */
static gboolean
run_floor (Bench       *b,
           const char  *csv_path,
           gint64      *floor_us,
           gint64      *start_us,
           gint64      *floor_rows,
           GError     **error)
{
  g_autofree char *program = g_find_program_in_path ("sqlite3");
  g_autofree char *floor_db = g_build_filename (b->dir, "floor.db", NULL);
  g_autofree char *empty_db = g_build_filename (b->dir, "empty.db", NULL);
  g_autofree char *import = g_strdup_printf (".import \"%s\" members_floor", csv_path);
  g_autofree char *count = NULL;
  const char *floor_argv[] = { "sqlite3", "-batch", "-bail", floor_db, ".mode csv", import, NULL };
  const char *empty_argv[] = { "sqlite3", "-batch", "-bail", empty_db, ".mode csv", NULL };
  const char *count_argv[] = { "sqlite3", "-batch", "-bail", floor_db, "SELECT count(*) FROM members_floor",
                               NULL };

  *floor_us = *start_us = *floor_rows = 0;
  if (program == NULL)
    return TRUE;

  g_remove (floor_db);
  if (!run_sqlite3 (floor_argv, floor_us, NULL, error))
    return FALSE;
  /* Process start: the best of three runs doing nothing. */
  *start_us = G_MAXINT64;
  for (guint i = 0; i < 3; i++)
    {
      gint64 elapsed;
      if (!run_sqlite3 (empty_argv, &elapsed, NULL, error))
        return FALSE;
      *start_us = MIN (*start_us, elapsed);
    }
  if (!run_sqlite3 (count_argv, &(gint64) { 0 }, &count, error))
    return FALSE;
  *floor_rows = g_ascii_strtoll (count, NULL, 10);
  g_remove (floor_db);
  g_remove (empty_db);
  return TRUE;
}

typedef struct
{
  gint64 load;     /* reading the file */
  gint64 read;     /* co_member_import_read(): parsing, checking, the preview */
  gint64 commit;   /* co_member_import_commit(), which computes the group's tiers too */
  gint64 total;    /* load, read and commit: the backup every import makes is apart */
  gint64 backup;   /* co_backup_before_import(), a copy of the whole workspace */
  guint  added;
  guint  updated;
} ImportTimes;

/* What the import dialog does with a file: read it, check and preview it, commit. */
static gboolean
import_file (CoStore      *store,
             const char   *csv_path,
             const char   *group_name,
             ImportTimes  *t,
             GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CoMemberImport) import = NULL;
  g_autofree char *contents = NULL;
  GPtrArray *problems;
  gsize length;
  gint64 group_id, start, loaded, read;

  group_id = co_group_create (store, group_name, 0, error);
  if (group_id == 0)
    return FALSE;

  start = now_us ();
  if (!g_file_get_contents (csv_path, &contents, &length, error))
    return FALSE;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  loaded = now_us ();
  import = co_member_import_read (store, group_id, CO_IMPORT_MEMBERS, bytes, error);
  if (import == NULL)
    return FALSE;
  read = now_us ();
  problems = co_member_import_get_problems (import);
  if (problems->len > 0)
    {
      CoImportProblem *problem = g_ptr_array_index (problems, 0);
      g_set_error (error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                   "the generated file has %u problems; the first, line %u column %u: %s",
                   problems->len, problem->line, problem->column, problem->message);
      return FALSE;
    }
  /* The import's own backup, timed apart: the floor makes none. The commit inside a
   * transaction of the benchmark's joins it and makes none again (co-import.h). */
  {
    gint64 before_backup = now_us ();

    if (!co_backup_before_import (store, error))
      return FALSE;
    t->backup = now_us () - before_backup;
    start += t->backup;
  }
  if (!co_store_begin (store, error))
    return FALSE;
  if (!co_member_import_commit (import, CO_DUPLICATES_SKIP, &t->added, &t->updated, error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  if (!co_store_commit (store, error))
    return FALSE;
  t->total = now_us () - start;
  t->load = loaded - start;
  t->read = read - loaded;
  t->commit = t->total - t->load - t->read;
  return TRUE;
}

static double
rows_per_s (gint64 rows,
            gint64 us)
{
  return rows / MAX (to_s (us), 1e-6);
}

static gboolean
bench_import (Bench   *b,
              gint     n_rows,
              GError **error)
{
  g_autofree char *csv_path = g_build_filename (b->dir, "import-members.csv", NULL);
  g_autofree char *empty_path = g_build_filename (b->dir, "empty-workspace.db", NULL);
  g_autoptr(GBytes) csv = make_import_csv (b, n_rows);
  g_autofree char *size = g_format_size (g_bytes_get_size (csv));
  g_autofree char *rows = fmt_count (n_rows);
  g_autofree char *rate = NULL;
  g_autoptr(CoStore) empty = NULL;
  ImportTimes ours = { 0 }, alone = { 0 };
  gint64 floor_us, start_us, floor_rows;

  if (!g_file_set_contents (csv_path, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), error))
    return FALSE;
  if (!import_file (b->store, csv_path, "导入测试群", &ours, error))
    return FALSE;
  if (!run_floor (b, csv_path, &floor_us, &start_us, &floor_rows, error))
    return FALSE;

  rate = fmt_count ((gint64) rows_per_s (n_rows, ours.total));
  printf ("import: %s rows in %.3f s = %s rows/s", rows, to_s (ours.total), rate);
  if (floor_us > 0)
    printf ("; sqlite3 .import floor %.3f s (process start %.3f s); ours/floor %.2fx\n",
            to_s (floor_us), to_s (start_us), (double) ours.total / floor_us);
  else
    printf ("; no sqlite3 program found: no floor\n");
  printf ("  file %s; load %.3f s, read and check %.3f s, commit (with the group's tiers) %.3f s;"
          " added %u, updated %u; and before it the backup of the workspace %.3f s\n",
          size, to_s (ours.load), to_s (ours.read), to_s (ours.commit), ours.added, ours.updated,
          to_s (ours.backup));
  if (floor_us > 0)
    {
      g_autofree char *floor_text = fmt_count (floor_rows);
      g_autofree char *floor_rate = fmt_count ((gint64) rows_per_s (n_rows, floor_us));
      gint64 net = MAX (floor_us - start_us, 1);

      printf ("  floor: %s rows/s, %s rows in its table; less process start %.3f s, ours/floor %.2fx\n",
              floor_rate, floor_text, to_s (net), (double) ours.total / net);
      printf ("  target: at least 100,000 rows/s: %s; no more than 2x the floor's time: %s\n",
              rows_per_s (n_rows, ours.total) >= 100000 ? "met" : "NOT met",
              ours.total <= 2 * floor_us ? "met" : "NOT met");
    }
  if (ours.added != (guint) n_rows)
    printf ("  WARNING: %u rows were added, not %d\n", ours.added, n_rows);

  /* For comparison only: how much of that is the size of the workspace. */
  empty = co_store_open (empty_path, error);
  if (empty == NULL || !import_file (empty, csv_path, "导入测试群", &alone, error))
    return FALSE;
  {
    g_autofree char *alone_rate = fmt_count ((gint64) rows_per_s (n_rows, alone.total));

    printf ("  the same file into an empty workspace: %.3f s = %s rows/s (read and check %.3f s,"
            " commit %.3f s)\n",
            to_s (alone.total), alone_rate, to_s (alone.read), to_s (alone.commit));
  }
  g_clear_object (&empty);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *path = g_strconcat (empty_path, suffixes[i], NULL);
      g_remove (path);
    }
  return TRUE;
}

/* ---- the Members page -------------------------------------------------------------------- */

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 start = now_us ();
  gint result = g_poll (fds, n_fds, timeout);

  poll_us += now_us () - start;
  return result;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *w)
{
  /* A new list's first rows; a filtered list's first change, emptying it included. */
  if (w->first_change == 0 && (g_list_model_get_n_items (model) > 0 || removed > 0))
    w->first_change = now_us ();
}

static void
loaded_cb (CoMemberList *list,
           Watch        *w)
{
  w->finished = now_us ();
  w->loaded = TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  ((Watch *) data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static CoMemberList *
new_list (Bench *b,
          Watch *w)
{
  CoMemberList *list = co_member_list_new (b->store);

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), w);
  g_signal_connect (list, "loaded", G_CALLBACK (loaded_cb), w);
  return list;
}

/* Starts @query and runs the main loop until the list says it loaded. Returns the time
 * set_query took on the main thread; each main-loop iteration's busy time goes to @busy. */
static gint64
run_query (CoMemberList        *list,
           const CoMemberQuery *query,
           Watch               *w,
           GArray              *busy)
{
  guint timeout;
  gint64 stall;

  w->first_change = w->finished = 0;
  w->loaded = w->timed_out = FALSE;
  w->started = now_us ();
  co_member_list_set_query (list, query);
  stall = now_us () - w->started;

  timeout = g_timeout_add_seconds (LOAD_TIMEOUT_S, timeout_cb, w);
  while (!w->loaded && !w->timed_out)
    {
      gint64 start = now_us ();

      poll_us = 0;
      g_main_context_iteration (NULL, TRUE);
      if (busy != NULL)
        append_us (busy, now_us () - start - poll_us);
    }
  if (w->timed_out)
    {
      printf ("ERROR: the list did not emit ::loaded within %d s (is_loading %d, %u items)\n",
              LOAD_TIMEOUT_S, co_member_list_is_loading (list), g_list_model_get_n_items (G_LIST_MODEL (list)));
      exit (1);
    }
  g_source_remove (timeout);
  return stall;
}

static void
bench_first_rows (Bench      *b,
                  const char *label)
{
  Watch w = { 0 };
  g_autoptr(CoMemberList) list = new_list (b, &w);
  g_autoptr(GArray) busy = new_times ();
  CoMemberQuery query = { .group_id = 0, .show = CO_MEMBER_SHOW_ALL, .sort = CO_MEMBER_NICKNAME };
  gint64 stall = run_query (list, &query, &w, busy);
  g_autofree char *count = fmt_count (g_list_model_get_n_items (G_LIST_MODEL (list)));

  printf ("members page, all groups, by nickname (%s): %s rows; first rows %s%.1f ms, all rows %.3f s;"
          " set_query %.3f ms on the main thread, longest main-loop iteration %.2f ms\n",
          label, count, w.first_change ? "" : "NEVER (no items-changed) ",
          to_ms ((w.first_change ? w.first_change : w.finished) - w.started), to_s (w.finished - w.started),
          to_ms (stall), to_ms (percentile (busy, 1000)));
}

/* Columns a terminal gives @text: Chinese characters take two. */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

/* Types each word one character at a time, waiting for each keystroke's results; clears the
 * field between words (not measured). */
static void
bench_keystrokes (Bench      *b,
                  gint64      group_id,
                  const char *scope)
{
  Watch w = { 0 };
  g_autoptr(CoMemberList) list = new_list (b, &w);
  g_autoptr(GArray) stalls = new_times ();
  g_autoptr(GArray) shown = new_times ();
  g_autoptr(GArray) first = new_times ();
  g_autoptr(GArray) busy = new_times ();
  CoMemberQuery query = { .group_id = group_id, .show = CO_MEMBER_SHOW_ALL, .sort = CO_MEMBER_NICKNAME };
  g_autofree char *total = NULL;

  run_query (list, &query, &w, NULL);
  total = fmt_count (g_list_model_get_n_items (G_LIST_MODEL (list)));
  printf ("filter keystrokes, %s (%s rows unfiltered):\n", scope, total);

  for (guint i = 0; i < G_N_ELEMENTS (search_words); i++)
    {
      const char *word = search_words[i];
      GString *line = g_string_new (NULL);
      guint keys = 0;

      for (const char *end = g_utf8_next_char (word); ; end = g_utf8_next_char (end))
        {
          g_autofree char *typed = g_strndup (word, end - word);

          query.search = typed;
          append_us (stalls, run_query (list, &query, &w, busy));
          append_us (shown, w.finished - w.started);
          if (w.first_change != 0)
            append_us (first, w.first_change - w.started);
          g_string_append_printf (line, " %.1f", to_ms (w.finished - w.started));
          keys++;
          if (*end == '\0')
            break;
        }
      {
        g_autofree char *matches = fmt_count (g_list_model_get_n_items (G_LIST_MODEL (list)));
        printf ("  %s%*s %2u keys, %9s matches; shown after (ms):%s\n", word, 14 - display_width (word), "",
                keys, matches, line->str);
      }
      g_string_free (line, TRUE);
      query.search = NULL;
      run_query (list, &query, &w, NULL);
    }
  print_spread ("(a) set_query on the main thread:", stalls);
  print_spread ("(b) results shown (::loaded):", shown);
  print_spread ("    first change (items-changed):", first);
  print_spread ("    main-loop iterations meanwhile:", busy);
  printf ("  main-loop iterations over 16 ms: %u of %u; target p99 of the keystroke stall <= 16 ms: %s\n",
          count_over (busy, FRAME_US), busy->len, percentile (stalls, 990) <= FRAME_US ? "met" : "NOT met");
}

/* The group whose current members are closest to @size. */
static gint64
group_near (Bench  *b,
            gint64  size,
            gint64 *n_members)
{
  sqlite3_stmt *stmt = co_store_prepare (b->store,
    "SELECT group_id, count(*) AS n FROM memberships WHERE deleted_at IS NULL AND left_date IS NULL"
    " GROUP BY group_id ORDER BY abs (n - ?) LIMIT 1", NULL);
  gint64 id = 0;

  *n_members = 0;
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, size);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      *n_members = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return id;
}

/* Asks for every row in order, as a list view scrolled from top to bottom would, a screen of
 * rows per frame. */
static void
bench_scroll (Bench *b)
{
  Watch w = { 0 };
  g_autoptr(CoMemberList) list = new_list (b, &w);
  g_autoptr(GArray) frames = new_times ();
  CoMemberQuery query = { .group_id = 0, .show = CO_MEMBER_SHOW_ALL, .sort = CO_MEMBER_NICKNAME };
  guint n, missing = 0;
  gint64 slowest = 0, frame = 0, start;

  run_query (list, &query, &w, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  start = now_us ();
  for (guint i = 0; i < n; i++)
    {
      gint64 before = now_us ();
      CoMember *member = g_list_model_get_item (G_LIST_MODEL (list), i);
      gint64 took;

      if (member == NULL || co_member_get (member, CO_MEMBER_NICKNAME) == NULL)
        missing++;
      g_clear_object (&member);
      took = now_us () - before;
      slowest = MAX (slowest, took);
      frame += took;
      if ((i + 1) % ROWS_PER_FRAME == 0 || i + 1 == n)
        {
          append_us (frames, frame);
          frame = 0;
        }
    }
  {
    g_autofree char *rows = fmt_count (n);
    g_autofree char *n_frames = fmt_count (frames->len);

    printf ("scrolling, all groups: %s rows in %s frames of %d in %.2f s; slowest get_item %.2f ms;"
            " frames p50 %.2f ms, p99 %.2f ms, max %.2f ms; frames over 16 ms: %u\n",
            rows, n_frames, ROWS_PER_FRAME, to_s (now_us () - start), to_ms (slowest),
            to_ms (percentile (frames, 500)), to_ms (percentile (frames, 990)), to_ms (percentile (frames, 1000)),
            count_over (frames, FRAME_US));
    if (missing > 0)
      printf ("  WARNING: %u rows came back empty or NULL\n", missing);
  }
}

/* ---- main -------------------------------------------------------------------------------- */


/* Linux: writing 5 to clear_refs starts the peak resident set size (ru_maxrss) over. */
static gboolean
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  if (file == NULL)
    return FALSE;
  /* Both run, whatever the first gives: the file must be closed. */
  gboolean written = fputs ("5", file) >= 0;
  return fclose (file) == 0 && written;
}

static int
fail (GError *error)
{
  fprintf (stderr, "bench-members: %s\n", error->message);
  g_error_free (error);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  gint n_groups = 1000, n_import = 100000;
  gint64 n_members = 1000000, n_activity = 10000000, group_size = 0, group_id;
  g_autofree char *dir = NULL;
  GOptionEntry entries[] = {
    { "groups", 0, 0, G_OPTION_ARG_INT, &n_groups, "Groups to generate (1000)", "N" },
    { "members", 0, 0, G_OPTION_ARG_INT64, &n_members, "Members to generate (1000000)", "N" },
    { "activity", 0, 0, G_OPTION_ARG_INT64, &n_activity, "Activity rows to generate (10000000)", "N" },
    { "import", 0, 0, G_OPTION_ARG_INT, &n_import, "Rows of the CSV file to import (100000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the workspace (default: a new temporary one)",
      "DIR" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— benchmark the members feature");
  g_autoptr(GError) error = NULL;
  g_autofree char *shell_version = NULL;
  Bench b = { 0 };
  struct rusage usage;
  long generate_rss_kb, import_rss_kb;
  gboolean rss_reset;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (g_steal_pointer (&error));
  if (n_groups < 1 || n_members < 1 || n_members > G_MAXUINT32 || n_activity < 0 || n_import < 1)
    {
      fprintf (stderr, "bench-members: --groups, --members and --import take at least 1, --activity 0\n");
      return 1;
    }

  if (dir != NULL)
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          fprintf (stderr, "bench-members: could not create %s\n", dir);
          return 1;
        }
      b.dir = g_strdup (dir);
    }
  else
    {
      b.dir = g_dir_make_tmp ("bench-members-XXXXXX", &error);
      if (b.dir == NULL)
        return fail (g_steal_pointer (&error));
      b.own_dir = TRUE;
    }
  b.db_path = g_build_filename (b.dir, "workspace.db", NULL);
  if (g_file_test (b.db_path, G_FILE_TEST_EXISTS))
    {
      fprintf (stderr, "bench-members: %s exists already; give an empty folder\n", b.db_path);
      return 1;
    }
  b.dates = make_dates ();
  b.group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_main_context_set_poll_func (NULL, timed_poll);

  {
    const char *version_argv[] = { "sqlite3", "-version", NULL };
    gint64 unused;
    g_autofree char *program = g_find_program_in_path ("sqlite3");

    if (program != NULL && run_sqlite3 (version_argv, &unused, &shell_version, NULL))
      g_strchomp (shell_version);
  }
  printf ("bench-members: %s; SQLite library %s, sqlite3 shell %s\n", b.db_path, sqlite3_libversion (),
          shell_version ? shell_version : "not found");
  fflush (stdout);

  b.store = co_store_open (b.db_path, &error);
  if (b.store == NULL || !generate (&b, n_groups, n_members, n_activity, &error))
    return fail (g_steal_pointer (&error));

  /* Generating took a large cache on purpose: close the workspace, give its memory back and
   * start counting peak memory again, then open it as the app would. */
  g_clear_object (&b.store);
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  getrusage (RUSAGE_SELF, &usage);
  generate_rss_kb = usage.ru_maxrss;
  rss_reset = reset_peak_rss ();
  {
    gint64 start = now_us ();

    b.store = co_store_open (b.db_path, &error);
    if (b.store == NULL)
      return fail (g_steal_pointer (&error));
    printf ("open: the workspace opens in %.1f ms\n", to_ms (now_us () - start));
  }
  fflush (stdout);

  if (!bench_import (&b, n_import, &error))
    return fail (g_steal_pointer (&error));
  /* The import's page cache is its own; what the members list needs is counted from here. */
  getrusage (RUSAGE_SELF, &usage);
  import_rss_kb = usage.ru_maxrss;
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  rss_reset = rss_reset && reset_peak_rss ();
  fflush (stdout);

  bench_first_rows (&b, "new list");
  bench_first_rows (&b, "again, another new list");
  fflush (stdout);

  bench_keystrokes (&b, 0, "all groups");
  fflush (stdout);
  group_id = group_near (&b, 1000, &group_size);
  {
    g_autofree char *scope = g_strdup_printf ("one group (id %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " current members)",
                                               group_id, group_size);
    bench_keystrokes (&b, group_id, scope);
  }
  fflush (stdout);

  bench_scroll (&b);

  getrusage (RUSAGE_SELF, &usage);
  if (rss_reset)
    printf ("peak RSS: %.1f MB with the members lists (%.1f MB during the import, %.1f MB while generating,"
            " with a cache of up to 1 GB)\n", usage.ru_maxrss / 1024.0, import_rss_kb / 1024.0, generate_rss_kb / 1024.0);
  else
    printf ("peak RSS: %.1f MB, generating included (with a cache of up to 1 GB)\n", usage.ru_maxrss / 1024.0);

  g_clear_object (&b.store);
  g_ptr_array_unref (b.dates);
  g_array_unref (b.group_ids);
  if (b.own_dir)
    test_remove_tree (b.dir);
  g_free (b.dir);
  g_free (b.db_path);
  return 0;
}
