/* co-sample.c: a realistic workspace in the user's language: the research-platform case of
 * DOMAIN.md §6 as a matrix of groups, plus communities of other kinds and one archived. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/library/co-library.h"
#include "core/members/co-channel.h"
#include "core/members/co-member.h"
#include "core/members/co-member-import.h"
#include "core/members/co-member-notes.h"
#include "core/members/co-segment.h"
#include "core/members/co-tag.h"
#include "core/members/co-tier.h"
#include "core/plan/co-plan.h"
#include "core/plan/co-template.h"
#include "core/reports/co-figures.h"
#include "core/reports/co-weekly-notes.h"
#include "core/sample/co-sample.h"
#include "core/sop/co-sop-tasks.h"
#include "core/store/co-store-private.h"
#include "core/team/co-team.h"

typedef struct
{
  const char *name;
  int         parent;  /* index into sample_groups, or -1 */
  gboolean    archived;
  const char *template_name;  /* the built-in template its plan starts from, or NULL */
  int         founded_days_ago;  /* its founding day, from the day the sample is made (< 0: planned) */
  const char *fields[CO_N_GROUP_FIELDS];
} SampleGroup;

static const SampleGroup sample_groups[] = {
  { N_("Research Platform Matrix"), -1, FALSE, "research-platform", 150, {
      [CO_GROUP_FIELD_SLOGAN] = N_("Every researcher finds the paper they need"),
      [CO_GROUP_FIELD_CATEGORY] = "interest",
      [CO_GROUP_FIELD_ORIENTATION] = "material",
      [CO_GROUP_FIELD_PLATFORM] = "wechat",
      [CO_GROUP_FIELD_STAGE] = "startup",
      [CO_GROUP_FIELD_GROUP_TYPE] = "brand",
      [CO_GROUP_FIELD_LEVEL] = "intent-customers",
      [CO_GROUP_FIELD_THEME] = "exchange",
            [CO_GROUP_FIELD_ACTIVE_FROM] = "08:00",
      [CO_GROUP_FIELD_ACTIVE_UNTIL] = "23:00" } },
  { N_("Literature Exchange Group 1"), 0, FALSE, "research-platform", 150, {
      [CO_GROUP_FIELD_SLOGAN] = N_("New papers every morning, the best posts every evening"),
      [CO_GROUP_FIELD_CATEGORY] = "interest",
      [CO_GROUP_FIELD_ORIENTATION] = "material",
      [CO_GROUP_FIELD_PLATFORM] = "wechat",
      [CO_GROUP_FIELD_STAGE] = "startup",
      [CO_GROUP_FIELD_GROUP_TYPE] = "core-users",
      [CO_GROUP_FIELD_LEVEL] = "intent-customers",
      [CO_GROUP_FIELD_THEME] = "exchange",
            [CO_GROUP_FIELD_ACTIVE_FROM] = "08:00",
      [CO_GROUP_FIELD_ACTIVE_UNTIL] = "23:00" } },
  { N_("Literature Exchange Group 2"), 0, FALSE, "research-platform", -9, {
      [CO_GROUP_FIELD_SLOGAN] = N_("Ask for a full text, share a finding"),
      [CO_GROUP_FIELD_CATEGORY] = "interest",
      [CO_GROUP_FIELD_ORIENTATION] = "material",
      [CO_GROUP_FIELD_PLATFORM] = "wechat",
      [CO_GROUP_FIELD_STAGE] = "startup",
      [CO_GROUP_FIELD_GROUP_TYPE] = "extension",
      [CO_GROUP_FIELD_LEVEL] = "ordinary-fans",
      [CO_GROUP_FIELD_THEME] = "exchange",
            [CO_GROUP_FIELD_ACTIVE_FROM] = "08:00",
      [CO_GROUP_FIELD_ACTIVE_UNTIL] = "23:00" } },
  { N_("Growth Hackers Paid Circle"), -1, FALSE, "paid-knowledge", 460, {
      [CO_GROUP_FIELD_SLOGAN] = N_("A real growth case study every week"),
      [CO_GROUP_FIELD_CATEGORY] = "interest",
      [CO_GROUP_FIELD_ORIENTATION] = "knowledge",
      [CO_GROUP_FIELD_PLATFORM] = "app",
      [CO_GROUP_FIELD_STAGE] = "growing",
      [CO_GROUP_FIELD_GROUP_TYPE] = "mature",
      [CO_GROUP_FIELD_LEVEL] = "students",
      [CO_GROUP_FIELD_THEME] = "paid",
            [CO_GROUP_FIELD_ACTIVE_FROM] = "08:00",
      [CO_GROUP_FIELD_ACTIVE_UNTIL] = "23:00" } },
  { N_("Trail Running Gear Fans"), -1, FALSE, "brand-fans", 930, {
      [CO_GROUP_FIELD_SLOGAN] = N_("Run further, together"),
      [CO_GROUP_FIELD_CATEGORY] = "interest",
      [CO_GROUP_FIELD_ORIENTATION] = "material",
      [CO_GROUP_FIELD_PLATFORM] = "qq",
      [CO_GROUP_FIELD_STAGE] = "mature",
      [CO_GROUP_FIELD_GROUP_TYPE] = "brand",
      [CO_GROUP_FIELD_LEVEL] = "active-fans",
      [CO_GROUP_FIELD_THEME] = "exchange",
            [CO_GROUP_FIELD_ACTIVE_FROM] = "08:00",
      [CO_GROUP_FIELD_ACTIVE_UNTIL] = "23:00" } },
  { N_("Neighbourhood Mutual Aid"), -1, FALSE, "launch-13-steps", 645, {
      [CO_GROUP_FIELD_SLOGAN] = N_("Neighbours helping neighbours"),
      [CO_GROUP_FIELD_CATEGORY] = "mutual-aid",
      [CO_GROUP_FIELD_ORIENTATION] = "knowledge",
      [CO_GROUP_FIELD_PLATFORM] = "wecom",
      [CO_GROUP_FIELD_STAGE] = "growing",
      [CO_GROUP_FIELD_GROUP_TYPE] = "extension",
      [CO_GROUP_FIELD_LEVEL] = "ordinary-fans",
      [CO_GROUP_FIELD_THEME] = "exchange",
            [CO_GROUP_FIELD_ACTIVE_FROM] = "08:00",
      [CO_GROUP_FIELD_ACTIVE_UNTIL] = "23:00" } },
  { N_("Double 11 Campaign 2025"), -1, TRUE, NULL, 412, {
      [CO_GROUP_FIELD_SLOGAN] = N_("Members-only deals, one week only"),
      [CO_GROUP_FIELD_CATEGORY] = "team-service",
      [CO_GROUP_FIELD_ORIENTATION] = "material",
      [CO_GROUP_FIELD_PLATFORM] = "wechat",
      [CO_GROUP_FIELD_STAGE] = "mature",
      [CO_GROUP_FIELD_GROUP_TYPE] = "activity",
      [CO_GROUP_FIELD_LEVEL] = "intent-customers",
      [CO_GROUP_FIELD_THEME] = "trial",
            [CO_GROUP_FIELD_ACTIVE_FROM] = "08:00",
      [CO_GROUP_FIELD_ACTIVE_UNTIL] = "23:00" } },
};

/* What the research matrix has spent and logged: a plan in use, not only a plan. */
static const struct { const char *note; const char *amount; int days_ago; } sample_spends[] = {
  { N_("Download coupons for 12 active members"), "120", 20 },
  { N_("Translation credits for the month's winners"), "80", 6 },
};

static const struct { const char *problem; const char *suggestion; const char *status; int days_ago; } sample_problems[] = {
  { N_("Questions asked at the weekend wait until Monday."),
    N_("Rotate a weekend duty among the operators."), "open", 9 },
  { N_("The evening report repeats the morning's links."),
    N_("Pick the evening posts from members' messages only."), "resolved", 16 },
  { N_("New members from the lecture batch have not introduced themselves."),
    N_("Send each a welcome with the introduction template within a day."), "in-progress", 2 },
};

/* Coming activities, so that Today has announcements to make. */
static const struct { const char *name; const char *time; const char *budget; int days_ahead; } sample_activities[] = {
  { N_("Weekly KOL discussion: reading a paper in 20 minutes"), "20:00", "0", 1 },
  { N_("Expert lecture: writing a data availability statement"), "19:30", "300", 3 },
};

static char *
days_ago (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gboolean
apply_template (CoStore     *store,
                gint64       group_id,
                const char  *template_name,
                GError     **error)
{
  g_autoptr(GPtrArray) templates = co_template_list ();

  for (guint i = 0; i < templates->len; i++)
    {
      CoTemplateInfo *info = templates->pdata[i];
      g_autoptr(JsonNode) root = NULL;

      if (info->resource == NULL || strstr (info->resource, template_name) == NULL)
        continue;
      root = co_template_load (info, error);
      return root != NULL && co_template_apply (store, group_id, root, error);
    }
  g_return_val_if_reached (FALSE);
}

/* A sample's goals were set two months ago (their clock starts then), with the figures of the
 * days since: some on track, some behind, as a team's goals are weeks in. */
static gboolean
start_goals_ago (CoStore  *store,
                 gint64    group_id,
                 GError  **error)
{
  g_autoptr(GListStore) goals = co_list_items (store, CO_LIST_GOALS, group_id, error);
  g_autofree char *start = days_ago (60);

  if (goals == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (goals)); i++)
    {
      g_autoptr(CoItem) goal = g_list_model_get_item (G_LIST_MODEL (goals), i);

      if (!co_list_set (store, CO_LIST_GOALS, co_item_get_id (goal), "baseline_date", start, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_plan_history (CoStore  *store,
                  gint64    group_id,
                  GError  **error)
{
  g_autoptr(GListStore) activities = co_list_items (store, CO_LIST_ACTIVITIES, group_id, error);
  g_autoptr(CoItem) activity = activities ? g_list_model_get_item (G_LIST_MODEL (activities), 0) : NULL;

  if (activity == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (sample_spends); i++)
    {
      g_autofree char *date = days_ago (sample_spends[i].days_ago);
      gint64 id = co_list_add (store, CO_LIST_SPENDS, co_item_get_id (activity), error);

      if (id == 0 ||
          !co_list_set (store, CO_LIST_SPENDS, id, "note", _(sample_spends[i].note), error) ||
          !co_list_set (store, CO_LIST_SPENDS, id, "amount", sample_spends[i].amount, error) ||
          !co_list_set (store, CO_LIST_SPENDS, id, "date", date, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sample_activities); i++)
    {
      g_autofree char *date = days_ago (-sample_activities[i].days_ahead);
      gint64 id = co_list_add (store, CO_LIST_ACTIVITIES, group_id, error);

      if (id == 0 ||
          !co_list_set (store, CO_LIST_ACTIVITIES, id, "name", _(sample_activities[i].name), error) ||
          !co_list_set (store, CO_LIST_ACTIVITIES, id, "mode", "online", error) ||
          !co_list_set (store, CO_LIST_ACTIVITIES, id, "start_date", date, error) ||
          !co_list_set (store, CO_LIST_ACTIVITIES, id, "end_date", date, error) ||
          !co_list_set (store, CO_LIST_ACTIVITIES, id, "start_time", sample_activities[i].time, error) ||
          !co_list_set (store, CO_LIST_ACTIVITIES, id, "budget", sample_activities[i].budget, error))
        return FALSE;
    }
  /* The first steps of the checklist are done. */
  {
    g_autoptr(GListStore) tasks = co_list_items (store, CO_LIST_TASKS, group_id, error);

    for (guint i = 0; tasks && i < MIN (2, g_list_model_get_n_items (G_LIST_MODEL (tasks))); i++)
      {
        g_autoptr(CoItem) task = g_list_model_get_item (G_LIST_MODEL (tasks), i);
        if (!co_list_set (store, CO_LIST_TASKS, co_item_get_id (task), "done", "1", error))
          return FALSE;
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (sample_problems); i++)
    {
      g_autofree char *date = days_ago (sample_problems[i].days_ago);
      g_autofree char *resolved = days_ago (sample_problems[i].days_ago - 5);
      gint64 id = co_list_add (store, CO_LIST_PROBLEMS, group_id, error);

      if (id == 0 ||
          !co_list_set (store, CO_LIST_PROBLEMS, id, "problem", _(sample_problems[i].problem), error) ||
          !co_list_set (store, CO_LIST_PROBLEMS, id, "suggestion", _(sample_problems[i].suggestion), error) ||
          !co_list_set (store, CO_LIST_PROBLEMS, id, "date", date, error) ||
          !co_list_set (store, CO_LIST_PROBLEMS, id, "status", sample_problems[i].status, error) ||
          (g_str_equal (sample_problems[i].status, "resolved") &&
           !co_list_set (store, CO_LIST_PROBLEMS, id, "resolved_date", resolved, error)))
        return FALSE;
    }
  return TRUE;
}

static const char * const sample_staff[] = {
  N_("Wang Fang"), N_("Li Lei"), N_("Chen Jing"),
};

/* Who has which role in the research matrix and its two groups (indices of sample_groups). */
static const struct { int group; int person; const char *role; } sample_assignments[] = {
  { 0, 0, "owner" }, { 0, 1, "admin" }, { 0, 1, "operator" }, { 0, 0, "expert" }, { 0, 2, "copywriter" },
  { 1, 0, "owner" }, { 1, 2, "admin" }, { 1, 1, "operator" },
  { 2, 0, "owner" }, { 2, 2, "admin" }, { 2, 1, "operator" },
};

static const struct
{
  const char *label;
  const char *identity;
  const char *moments;
  int         owner;
  int         groups[2];
} sample_alts[] = {
  { N_("Literature Helper"), N_("A fellow researcher who shares new papers"), N_("New papers every day"), 1, { 0, 1 } },
  { N_("Lab Life"), N_("A PhD student who asks beginner questions"), N_("Life in the lab"), 2, { 1, 2 } },
};

static gboolean
set_id (CoStore     *store,
        CoList       list,
        gint64       id,
        const char  *key,
        gint64       value,
        GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  return co_list_set (store, list, id, key, text, error);
}

/* Staff for the research matrix, its roles, a duty roster covering its active hours and two
 * alt accounts; the other groups are left for the user to staff. */
static gboolean
add_team (CoStore      *store,
          const gint64 *group_ids,
          GError      **error)
{
  gint64 staff[G_N_ELEMENTS (sample_staff)];
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
  g_autoptr(GListStore) existing = co_list_items (store, CO_LIST_STAFF, 0, NULL);

  /* The team of a workspace whose groups were all deleted is still there: keep it as it is. */
  if (existing != NULL && g_list_model_get_n_items (G_LIST_MODEL (existing)) > 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (sample_staff); i++)
    {
      staff[i] = co_list_add (store, CO_LIST_STAFF, 0, error);
      if (staff[i] == 0 || !co_list_set (store, CO_LIST_STAFF, staff[i], "name", _(sample_staff[i]), error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sample_assignments); i++)
    {
      gint64 id = co_list_add (store, CO_LIST_ASSIGNMENTS, group_ids[sample_assignments[i].group], error);

      if (id == 0 ||
          !set_id (store, CO_LIST_ASSIGNMENTS, id, "staff_id", staff[sample_assignments[i].person], error) ||
          !set_id (store, CO_LIST_ASSIGNMENTS, id, "role_id",
                   co_role_find_builtin (store, sample_assignments[i].role), error))
        return FALSE;
    }
  for (guint d = 0; d < n_weekdays; d++)
    for (guint half = 0; half < 2; half++)
      {
        gint64 id = co_list_add (store, CO_LIST_SHIFTS, group_ids[0], error);

        if (id == 0 ||
            !set_id (store, CO_LIST_SHIFTS, id, "staff_id", staff[half ? 2 : 1], error) ||
            !co_list_set (store, CO_LIST_SHIFTS, id, "weekday", weekdays[d].keyword, error) ||
            !co_list_set (store, CO_LIST_SHIFTS, id, "start_time", half ? "15:30" : "08:00", error) ||
            !co_list_set (store, CO_LIST_SHIFTS, id, "end_time", half ? "23:00" : "15:30", error))
          return FALSE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (sample_alts); i++)
    {
      gint64 id = co_list_add (store, CO_LIST_ALT_ACCOUNTS, 0, error);

      if (id == 0 ||
          !co_list_set (store, CO_LIST_ALT_ACCOUNTS, id, "label", _(sample_alts[i].label), error) ||
          !co_list_set (store, CO_LIST_ALT_ACCOUNTS, id, "platform", "wechat", error) ||
          !co_list_set (store, CO_LIST_ALT_ACCOUNTS, id, "identity", _(sample_alts[i].identity), error) ||
          !co_list_set (store, CO_LIST_ALT_ACCOUNTS, id, "moments_category", _(sample_alts[i].moments), error) ||
          !co_list_set (store, CO_LIST_ALT_ACCOUNTS, id, "daily_friend_target", "30", error) ||
          !set_id (store, CO_LIST_ALT_ACCOUNTS, id, "owner_id", staff[sample_alts[i].owner], error))
        return FALSE;
      for (guint g = 0; g < G_N_ELEMENTS (sample_alts[i].groups); g++)
        if (!co_alt_account_set_in_group (store, id, group_ids[sample_alts[i].groups[g]], TRUE, error))
          return FALSE;
    }
  return TRUE;
}

/* Sample members, made up from these lists; each list is one translatable string so that a
 * Chinese sample has Chinese names. */
static const char *const sample_cities = N_("Beijing,Shanghai,Guangzhou,Shenzhen,Hangzhou,Chengdu,Wuhan,Nanjing");
static const char *const sample_names = N_("Zhang Wei,Wang Fang,Li Na,Liu Yang,Chen Jing,Yang Min,Zhao Lei,"
                                           "Huang Yan,Zhou Jie,Wu Tao,Xu Ming,Sun Li,Ma Chao,Zhu Xia,Hu Gang,"
                                           "Guo Ying,He Ping,Lin Qiang,Luo Juan,Gao Yun");
static const char *const sample_industries = N_("IT,Education,Finance,Healthcare,Materials,Chemistry,Biology");
static const char *const sample_sources = N_("Moments,Official account,Referral,Offline event,Zhihu");

/* How many members each sample group gets (by position in sample_groups), and its seed target. */
static const struct { int group; int members; int seed_target; } sample_member_counts[] = {
  { 1, 180, 150 }, { 5, 120, 100 }, { 3, 60, 0 }, { 4, 90, 0 },
};

#define PICK(list, rand) (list[g_rand_int_range (rand, 0, g_strv_length (list))])

static gboolean
import_sample_csv (CoStore      *store,
                   gint64        group_id,
                   CoImportKind  kind,
                   GString      *csv,
                   GError      **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (csv->str, csv->len);
  g_autoptr(CoMemberImport) import = co_member_import_read (store, group_id, kind, bytes, error);

  return import != NULL && co_member_import_commit (import, CO_DUPLICATES_SKIP, NULL, NULL, error);
}

/* Three people who are in the group twice, for Find Duplicates to show: a changed nickname with
 * the phone written another way, a 微信号 in other capitals, and the naming rule's parts and a
 * newcomer's tag around the same name. Each row: nickname, real name, city, industry, contact,
 * joined (days ago), points. */
static const struct { const char *nickname, *real_name, *city, *industry, *contact; int joined, points; }
sample_duplicates[] = {
  { N_("Lin Xiao-Design"), N_("Lin Xiao"), N_("Hangzhou"), NULL, "+86 139-0001-2345", 95, 120 },
  { N_("Xiaoxiao Lin"), NULL, NULL, NULL, "13900012345", 12, 30 },
  { N_("Kevin Chen"), N_("Chen Kaiwen"), NULL, N_("Finance"), "Chen_Kevin", 60, 260 },
  { N_("Kaiwen"), NULL, N_("Shanghai"), NULL, "chen_kevin", 20, 45 },
  { N_("Shenzhen-Xiao Wang-Product"), N_("Wang Xiaoming"), N_("Shenzhen"), N_("Product"), "wx_wang2024", 40, 180 },
  { N_("[Newcomer] Xiao Wang"), NULL, NULL, NULL, NULL, 3, 10 },
};

static void
append_csv_value (GString    *csv,
                  const char *value,
                  gboolean    last)
{
  g_string_append_printf (csv, "%s%c", value ? value : "", last ? '\n' : ',');
}

static gboolean
add_duplicates (CoStore       *store,
                const gint64  *group_ids,
                GError       **error)
{
  g_autoptr(GString) csv = g_string_new ("nickname,real_name,city,industry,contact,joined,points\n");

  for (guint i = 0; i < G_N_ELEMENTS (sample_duplicates); i++)
    {
      g_autofree char *joined = days_ago (sample_duplicates[i].joined);
      g_autofree char *points = g_strdup_printf ("%d", sample_duplicates[i].points);

      append_csv_value (csv, _(sample_duplicates[i].nickname), FALSE);
      append_csv_value (csv, sample_duplicates[i].real_name ? _(sample_duplicates[i].real_name) : NULL, FALSE);
      append_csv_value (csv, sample_duplicates[i].city ? _(sample_duplicates[i].city) : NULL, FALSE);
      append_csv_value (csv, sample_duplicates[i].industry ? _(sample_duplicates[i].industry) : NULL, FALSE);
      append_csv_value (csv, sample_duplicates[i].contact, FALSE);
      append_csv_value (csv, joined, FALSE);
      append_csv_value (csv, points, TRUE);
    }
  return import_sample_csv (store, group_ids[1], CO_IMPORT_MEMBERS, csv, error);
}

/* Members with seed users, core members, points and two months of activity; tiers follow. The
 * same file format a user imports, so the sample goes through the import's checks. */
static gboolean
add_members (CoStore       *store,
             const gint64  *group_ids,
             GError       **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240305);
  g_auto(GStrv) cities = g_strsplit (_(sample_cities), ",", -1);
  g_auto(GStrv) names = g_strsplit (_(sample_names), ",", -1);
  g_auto(GStrv) industries = g_strsplit (_(sample_industries), ",", -1);
  g_auto(GStrv) sources = g_strsplit (_(sample_sources), ",", -1);
  g_autofree char *today = days_ago (0);
  int contact = 1000;

  for (guint g = 0; g < G_N_ELEMENTS (sample_member_counts); g++)
    {
      gint64 group_id = group_ids[sample_member_counts[g].group];
      g_autoptr(GString) members = g_string_new ("nickname,real_name,city,industry,contact,source,joined,"
                                                 "seed,core,points,replied,last_active\n");
      g_autoptr(GString) activity = g_string_new ("contact,date,kind,count\n");
      g_autofree char *target = g_strdup_printf ("%d", sample_member_counts[g].seed_target);

      for (int m = 0; m < sample_member_counts[g].members; m++)
        {
          const char *city = PICK (cities, rand), *name = PICK (names, rand);
          const char *industry = PICK (industries, rand);
          gboolean seed = m < sample_member_counts[g].members / 3;
          gboolean core = g_rand_int_range (rand, 0, 100) < 6;
          /* A few break the naming rule, as in any real group. */
          gboolean follows_rule = g_rand_int_range (rand, 0, 100) >= 8;
          int joined = g_rand_int_range (rand, 1, 120), active_days = g_rand_int_range (rand, 0, 100);
          g_autofree char *joined_date = days_ago (joined);
          g_autofree char *replied = seed && g_rand_int_range (rand, 0, 100) < 70 ? days_ago (joined / 2) : g_strdup ("");
          int points = active_days > 80 ? g_rand_int_range (rand, 300, 900) : g_rand_int_range (rand, 0, 200);

          contact++;
          g_string_append_printf (members, "%s%s%s%s%s,%s,%s,%s,wx%d,%s,%s,%s,%s,%d,%s,\n",
                                  follows_rule ? city : "", follows_rule ? "-" : "", name,
                                  follows_rule ? "-" : "", follows_rule ? industry : "",
                                  name, city, industry, contact, PICK (sources, rand), joined_date,
                                  seed ? "1" : "0", core ? "1" : "0", points, replied);
          /* The busiest fifth speaks most days; most others now and then; some never. */
          for (int day = 0; day < 60; day++)
            if (g_rand_int_range (rand, 0, 100) < (active_days > 80 ? 55 : active_days > 30 ? 8 : 1))
              {
                g_autofree char *date = days_ago (day);
                g_string_append_printf (activity, "wx%d,%s,%s,%d\n", contact, date,
                                        co_activity_kinds[g_rand_int_range (rand, 0, 2)],
                                        g_rand_int_range (rand, 1, 6));
              }
        }
      if (!import_sample_csv (store, group_id, CO_IMPORT_MEMBERS, members, error) ||
          !import_sample_csv (store, group_id, CO_IMPORT_ACTIVITY, activity, error) ||
          co_tiers_compute (store, group_id, today, error) < 0 ||
          (sample_member_counts[g].seed_target > 0 && !co_plan_set (store, group_id, "seed_target", target, error)))
        return FALSE;
    }
  return TRUE;
}

/* What the team wrote about a few members of the first literature group: notes, activity
 * recorded by hand, and follow-ups, one due today and one overdue, so that Today has them. */
static gboolean
add_member_notes (CoStore       *store,
                  const gint64  *group_ids,
                  GError       **error)
{
  CoMemberQuery query = { .group_id = group_ids[1], .sort = CO_MEMBER_JOINED };
  g_autoptr(GArray) ids = co_member_query_ids (store, &query, error);
  g_autofree char *today = days_ago (0);
  g_autofree char *two_days_ago = days_ago (2);
  g_autofree char *last_week = days_ago (6);
  g_autofree char *next_week = co_date_add_days (today, 7);
  gint64 first, second, third, done;

  if (ids == NULL || ids->len < 3)
    return ids != NULL;
  first = g_array_index (ids, gint64, 0);
  second = g_array_index (ids, gint64, 1);
  third = g_array_index (ids, gint64, 2);
  return co_member_note_add (store, first, last_week, _("Asked about the paid plan: wants to know whether the "
                                                        "translated pages are included."), 0, error) &&
         co_member_note_add (store, first, two_days_ago, _("Posted a good summary of this week’s new papers; "
                                                           "ask them to write for the evening report."), 0, error) &&
         co_member_log_activity (store, first, two_days_ago, "attended", 1, error) &&
         co_follow_up_add (store, first, _("Call back about the paid plan"), today, 0, error) &&
         co_follow_up_add (store, second, _("Send the download coupon promised at the meetup"), two_days_ago, 0,
                           error) &&
         co_member_note_add (store, second, last_week, _("Met at the offline meetup in Hangzhou."), 0, error) &&
         co_member_log_activity (store, second, last_week, "attended", 1, error) &&
         co_follow_up_add (store, third, _("Invite to the weekly KOL discussion"), next_week, 0, error) &&
         (done = co_follow_up_add (store, third, _("Welcome and ask for a self-introduction"), last_week, 0,
                                   error)) != 0 &&
         co_follow_up_set_done (store, done, last_week, error);
}

/* Tag groups and their tags; a person gets a region's tag from their city (the same words as
 * sample_cities), the others from a rule on their id or points. */
static const struct { const char *group; const char *tags[4]; } sample_tags[] = {
  { N_("Region"), { N_("Shenzhen"), N_("Beijing"), N_("Shanghai"), NULL } },
  { N_("Interests"), { N_("Photography"), N_("Trail Running"), N_("Reading"), NULL } },
  { N_("Source"), { N_("Poster"), N_("Livestream"), N_("Referred by a Member"), NULL } },
  { N_("Consumption"), { N_("Paid Member"), N_("Big Spender"), NULL } },
};

static gboolean
tag_people (CoStore     *store,
            gint64       tag_id,
            const char  *where,
            const char  *text,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("INSERT OR IGNORE INTO member_tags (tag_id, member_id)"
                                          " SELECT ?1, m.id FROM members m WHERE %s", where);
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tag_id);
  if (text != NULL)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  return co_store_step_done (store, stmt, error);
}

/* Tags on the sample's people, and the two saved lists of the issue: core members in Shenzhen,
 * seed users quiet for 30 days. */
static gboolean
add_tags_and_segments (CoStore  *store,
                       GError  **error)
{
  static const char *const rules[][4] = {
    { "m.city = ?2", "m.city = ?2", "m.city = ?2", NULL },
    { "m.id % 5 = 0", "m.id % 7 = 0", "m.id % 4 = 1", NULL },
    { "m.id % 6 = 2", "m.id % 9 = 4", "m.source = ?2", NULL },
    { "m.id IN (SELECT member_id FROM memberships WHERE points >= 300)",
      "m.id IN (SELECT member_id FROM memberships WHERE points >= 700)", NULL, NULL },
  };
  g_autoptr(CoSegmentFilter) core_in_shenzhen = co_segment_filter_new ();
  g_autoptr(CoSegmentFilter) quiet_seeds = co_segment_filter_new ();
  g_auto(GStrv) sources = g_strsplit (_(sample_sources), ",", -1);
  gint64 shenzhen = 0;

  for (guint g = 0; g < G_N_ELEMENTS (sample_tags); g++)
    {
      gint64 group_id = co_tag_group_add (store, _(sample_tags[g].group), error);

      if (group_id == 0)
        return FALSE;
      for (guint t = 0; sample_tags[g].tags[t] != NULL; t++)
        {
          const char *name = _(sample_tags[g].tags[t]);
          gint64 tag_id = co_tag_add (store, group_id, name, error);

          if (tag_id == 0 ||
              !tag_people (store, tag_id, rules[g][t], g == 0 ? name : sources[2], error))
            return FALSE;
          if (g == 0 && t == 0)
            shenzhen = tag_id;
        }
    }

  {
    g_autoptr(CoTag) tag = co_tag_get (store, shenzhen, error);

    if (tag == NULL)
      return FALSE;
    core_in_shenzhen->core = 1;
    co_segment_filter_add_tag (core_in_shenzhen, tag->uuid);
  }
  quiet_seeds->seed = 1;
  quiet_seeds->silent_days = 30;
  return co_segment_add (store, _("Core Members in Shenzhen"), core_in_shenzhen, error) != 0 &&
         co_segment_add (store, _("Seed Users Quiet for 30 Days"), quiet_seeds, error) != 0;
}

/* The channels members came through, each with a share of the joiners and how often those
 * went on to buy: the Funnel shows channels that differ, the livestream's cost its activity's
 * spends. The last is referral: its members were brought by one who joined before them. */
static const struct { const char *name; const char *kind; const char *cost; int share; int buys; } sample_channels[] = {
  { N_("Spring QR code"), "qr-code", "200", 35, 12 },
  { N_("Recruitment poster"), "poster", "150", 25, 3 },
  { N_("Launch livestream"), "livestream", NULL, 15, 25 },
  { N_("Member referral"), "referral", NULL, 15, 20 },
};

static gboolean
add_channels (CoStore       *store,
              const gint64  *group_ids,
              GError       **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250917);
  g_autoptr(GListStore) activities = co_list_items (store, CO_LIST_ACTIVITIES, group_ids[0], error);
  g_autoptr(CoItem) activity = activities ? g_list_model_get_item (G_LIST_MODEL (activities), 0) : NULL;
  g_autofree char *today = days_ago (0);
  gint64 channels[G_N_ELEMENTS (sample_channels)];

  if (activity == NULL)
    return FALSE;
  for (guint c = 0; c < G_N_ELEMENTS (sample_channels); c++)
    {
      channels[c] = co_list_add (store, CO_LIST_CHANNELS, 0, error);
      if (channels[c] == 0 ||
          !co_list_set (store, CO_LIST_CHANNELS, channels[c], "name", _(sample_channels[c].name), error) ||
          !co_list_set (store, CO_LIST_CHANNELS, channels[c], "kind", sample_channels[c].kind, error))
        return FALSE;
      if (sample_channels[c].cost != NULL &&
          !co_list_set (store, CO_LIST_CHANNELS, channels[c], "cost", sample_channels[c].cost, error))
        return FALSE;
      if (g_str_equal (sample_channels[c].kind, "livestream"))
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, co_item_get_id (activity));
          if (!co_list_set (store, CO_LIST_CHANNELS, channels[c], "activity_id", id, error))
            return FALSE;
        }
    }

  for (guint g = 0; g < G_N_ELEMENTS (sample_member_counts); g++)
    {
      sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id, member_id, joined_date FROM memberships"
                                                    " WHERE group_id = ? ORDER BY joined_date, id", error);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) people = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) joined = g_ptr_array_new_with_free_func (g_free);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, group_ids[sample_member_counts[g].group]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0), person = sqlite3_column_int64 (stmt, 1);
          g_array_append_val (ids, id);
          g_array_append_val (people, person);
          g_ptr_array_add (joined, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
        }
      sqlite3_reset (stmt);

      for (guint m = 0; m < ids->len; m++)
        {
          gint64 id = g_array_index (ids, gint64, m);
          int pick = g_rand_int_range (rand, 0, 100), buys = 5;
          guint c = 0;

          /* What is left after the channels' shares (10 %) came without one recorded. */
          while (c < G_N_ELEMENTS (sample_channels) && pick >= sample_channels[c].share)
            pick -= sample_channels[c++].share;
          if (c == G_N_ELEMENTS (sample_channels) - 1 && m == 0)
            c = 0;  /* the first to join had nobody to bring them */
          if (c < G_N_ELEMENTS (sample_channels))
            {
              buys = sample_channels[c].buys;
              if (!co_membership_set_channel (store, id, channels[c], error))
                return FALSE;
              if (g_str_equal (sample_channels[c].kind, "referral") &&
                  !co_membership_set_referrer (store, id, g_array_index (people, gint64, g_rand_int_range (rand, 0, m)),
                                               error))
                return FALSE;
            }
          if (g_rand_int_range (rand, 0, 100) < buys)
            {
              g_autofree char *date = co_date_add_days (joined->pdata[m], g_rand_int_range (rand, 1, 40));
              if (strcmp (date, today) <= 0 && !co_member_log_activity (store, id, date, "purchased", 1, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

/* A year of daily figures for every group that is not archived: a group grows from a few dozen
 * members, quicker in its first months, with quiet weekends and an occasional campaign day. */
static gboolean
add_daily_figures (CoStore       *store,
                   const gint64  *group_ids,
                   GError       **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250101);

  for (guint g = 0; g < G_N_ELEMENTS (sample_groups); g++)
    {
      gint64 members = 20 + g_rand_int_range (rand, 0, 40);
      /* No figures before a group was founded (one is still being planned). */
      g_autofree char *founded = days_ago (sample_groups[g].founded_days_ago);

      if (sample_groups[g].archived)
        continue;
      for (int days = 364; days >= 0; days--)
        {
          g_autofree char *date = days_ago (days);
          g_autoptr(GDate) day = g_date_new ();
          gboolean weekend, campaign = g_rand_int_range (rand, 0, 100) < 3;
          gint64 sent, joined, left, active;
          CoDayFigures figures;

          if (strcmp (date, founded) < 0)
            continue;
          g_date_set_parse (day, date);
          weekend = g_date_get_weekday (day) >= G_DATE_SATURDAY;
          /* Invitations slow down as the group fills, and more leave from a bigger group. */
          sent = g_rand_int_range (rand, 0, (weekend ? 6 : 20) * (members < 150 ? 4 : members < 300 ? 2 : 1) / 4 + 1)
                 + (campaign ? 60 : 0);
          joined = sent * g_rand_int_range (rand, 30, 70) / 100 + g_rand_int_range (rand, 0, 2);
          left = MIN (members, g_rand_int_range (rand, 0, 2 + (int) (members / 120)));
          joined = MIN (joined, 500 - members + left);  /* a WeChat group holds 500 */
          members += joined - left;
          active = members * g_rand_int_range (rand, weekend ? 5 : 12, weekend ? 15 : 35) / 100;

          co_day_figures_init (&figures, group_ids[g], date);
          figures.values[CO_FIGURE_MEMBERS_TOTAL] = members;
          figures.values[CO_FIGURE_JOINED] = joined;
          figures.values[CO_FIGURE_LEFT] = left;
          figures.values[CO_FIGURE_ACTIVE] = active;
          figures.values[CO_FIGURE_MESSAGES] = active * g_rand_int_range (rand, 2, 9);
          figures.values[CO_FIGURE_INVITES_SENT] = sent;
          figures.values[CO_FIGURE_INVITES_ACCEPTED] = MIN (sent, joined);
          figures.values[CO_FIGURE_REGISTRATIONS] = joined * g_rand_int_range (rand, 10, 40) / 100;
          figures.values[CO_FIGURE_CONVERSIONS] = g_rand_int_range (rand, 0, 100) < 20 ? g_rand_int_range (rand, 1, 4) : 0;
          figures.values[CO_FIGURE_POSTS] = g_rand_int_range (rand, weekend ? 0 : 2, weekend ? 2 : 6);
          /* A campaign day, and the weekly discussion on Thursdays. */
          figures.values[CO_FIGURE_PARTICIPANTS] =
            campaign ? members * g_rand_int_range (rand, 10, 30) / 100
            : g_date_get_weekday (day) == G_DATE_THURSDAY ? members * g_rand_int_range (rand, 4, 12) / 100 : 0;
          figures.values[CO_FIGURE_FEEDBACK] = g_rand_int_range (rand, 0, 5);
          figures.values[CO_FIGURE_QUALITY_FEEDBACK] = figures.values[CO_FIGURE_FEEDBACK] / 2;
          if (!co_figures_put (store, &figures, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* The launch template's SOP on the research matrix and its two groups, with a past week of
 * tasks (core/sop). */
static gboolean
add_sop (CoStore      *store,
         const gint64 *group_ids,
         GError      **error)
{
  g_autoptr(GPtrArray) templates = co_template_list ();

  for (guint i = 0; i < templates->len; i++)
    {
      CoTemplateInfo *info = templates->pdata[i];
      g_autoptr(JsonNode) root = NULL;

      if (info->resource == NULL || strstr (info->resource, "launch-13-steps") == NULL)
        continue;
      root = co_template_load (info, error);
      return root != NULL && co_sop_add_sample (store, group_ids, 3, root, error);
    }
  g_return_val_if_reached (FALSE);
}

/* Fills an empty workspace with the sample groups, all or nothing. */
gboolean
co_sample_create (CoStore  *store,
                  GError  **error)
{
  gint64 ids[G_N_ELEMENTS (sample_groups)];
  gint64 n_groups;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  n_groups = co_group_count (store, error);
  if (n_groups < 0)
    return FALSE;
  if (n_groups > 0)
    {
      g_set_error_literal (error, CO_GROUP_ERROR, CO_GROUP_ERROR_NOT_EMPTY,
                           _("The sample workspace can only be created in an empty database, "
                             "and this one already has groups."));
      return FALSE;
    }

  if (!co_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (sample_groups); i++)
    {
      const SampleGroup *sample = &sample_groups[i];
      gint64 parent_id = sample->parent >= 0 ? ids[sample->parent] : 0;
      g_autofree char *founded = days_ago (sample->founded_days_ago);

      ids[i] = co_group_create (store, _(sample->name), parent_id, error);
      if (ids[i] == 0)
        goto failed;
      if (!co_group_set_field (store, ids[i], CO_GROUP_FIELD_FOUNDING_DATE, founded, error))
        goto failed;

      for (guint f = CO_GROUP_FIELD_SLOGAN; f < CO_N_GROUP_FIELDS; f++)
        {
          const char *value = sample->fields[f];

          if (value == NULL)
            continue;
          /* Only free text is translated; choices are keywords. */
          if (f == CO_GROUP_FIELD_SLOGAN)
            value = _(value);
          if (!co_group_set_field (store, ids[i], f, value, error))
            goto failed;
        }

      if (sample->archived && !co_group_set_archived (store, ids[i], TRUE, error))
        goto failed;
      if (sample->template_name != NULL &&
          (!apply_template (store, ids[i], sample->template_name, error) || !start_goals_ago (store, ids[i], error)))
        goto failed;
    }
  if (!add_plan_history (store, ids[0], error) || !add_team (store, ids, error) || !add_members (store, ids, error) ||
      !add_member_notes (store, ids, error) || !add_duplicates (store, ids, error) ||
      !add_tags_and_segments (store, error) || !add_channels (store, ids, error) ||
      !add_daily_figures (store, ids, error) || !add_sop (store, ids, error) ||
      !co_weekly_notes_add_sample (store, ids[1], error) ||
      !co_library_add_sample (store, error))
    goto failed;

  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}
