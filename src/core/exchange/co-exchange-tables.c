/* co-exchange-tables.c: the tables of the JSON exchange format (data/exchange-format.md). The
 * columns of the lists, the plan, the groups and the figures are those their editors already
 * describe (CoFieldSpec); the rest are listed here. test-exchange.c checks that every column of
 * every table is exported or named as derived. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/exchange/co-exchange-private.h"
#include "core/groups/co-group.h"
#include "core/members/co-member.h"
#include "core/members/co-member-notes.h"
#include "core/plan/co-plan.h"
#include "core/reports/co-figures.h"

#define LIST_FLAGS (HAS_UUID | HAS_POSITION | HAS_CREATED | HAS_UPDATED | HAS_DELETED)

Table co_exchange_tables[N_TABLES];

/* The tables of the plan's lists and the team, in the order a group's object holds them. */
static const struct { TableId id; CoList list; } list_tables[] = {
  { T_SURVEY, CO_LIST_SURVEY }, { T_STAGE_RULES, CO_LIST_STAGE_RULES },
  { T_TYPE_RULES, CO_LIST_TYPE_RULES }, { T_CONTENT, CO_LIST_CONTENT },
  { T_ACTIVITIES, CO_LIST_ACTIVITIES }, { T_SPENDS, CO_LIST_SPENDS },
  { T_PROBLEMS, CO_LIST_PROBLEMS }, { T_GOALS, CO_LIST_GOALS }, { T_TASKS, CO_LIST_TASKS },
  { T_TIERS, CO_LIST_TIERS }, { T_CHALLENGES, CO_LIST_CHALLENGES }, { T_SOP_STEPS, CO_LIST_SOP_STEPS },
  { T_ASSIGNMENTS, CO_LIST_ASSIGNMENTS }, { T_SHIFTS, CO_LIST_SHIFTS },
  { T_ROLES, CO_LIST_ROLES }, { T_STAFF, CO_LIST_STAFF }, { T_ALT_ACCOUNTS, CO_LIST_ALT_ACCOUNTS },
  { T_CHANNELS, CO_LIST_CHANNELS }, { T_LIBRARY, CO_LIST_LIBRARY },
};

/* A group's arrays, in the file's order; spends are inside their activity. */
const TableId co_exchange_group_tables[CO_EXCHANGE_N_GROUP_TABLES] = {
  T_SURVEY, T_STAGE_RULES, T_TYPE_RULES, T_CONTENT, T_ACTIVITIES, T_PROBLEMS, T_GOALS, T_TASKS,
  T_TIERS, T_CHALLENGES, T_SOP_STEPS, T_ASSIGNMENTS, T_SHIFTS, T_MEMBERSHIPS, T_FIGURES, T_SOP_OUTCOMES,
};

/* Columns no editor describes. */
static const CoFieldSpec archived_spec = { "archived", CO_FIELD_BOOL, 0, N_("Archived"), NULL, NULL };
static const CoFieldSpec member_ref_spec = { "member_id", CO_FIELD_REFERENCE, 0, N_("Member"), NULL, "members" };
static const CoFieldSpec membership_specs[] = {
  { "tier_manual", CO_FIELD_BOOL, 0, N_("Tier Set by Hand"), NULL, NULL },
  { "active_days", CO_FIELD_COUNT, 0, N_("Active Days"), NULL, NULL },
  { "referrer_id", CO_FIELD_REFERENCE, 0, N_("Referred By"), NULL, "members" },
  { "channel_id", CO_FIELD_REFERENCE, 0, N_("Channel"), NULL, "channels" },
};
static const CoFieldSpec activity_specs[] = {
  { "date", CO_FIELD_DATE, 0, N_("Date"), NULL, NULL },
  { "kind", CO_FIELD_TEXT, 0, N_("Kind"), NULL, NULL },
  { "count", CO_FIELD_COUNT, 0, N_("Count"), NULL, NULL },
};
static const CoFieldSpec tier_change_specs[] = {
  { "date", CO_FIELD_DATE, 0, N_("Date"), NULL, NULL },
  { "from_tier_id", CO_FIELD_REFERENCE, 0, N_("From"), NULL, "tiers" },
  { "to_tier_id", CO_FIELD_REFERENCE, 0, N_("To"), NULL, "tiers" },
  { "manual", CO_FIELD_BOOL, 0, N_("Set by Hand"), NULL, NULL },
};
static const CoFieldSpec checkin_specs[] = {
  { "challenge_id", CO_FIELD_REFERENCE, 0, N_("Challenge"), NULL, "challenges" },
  { "date", CO_FIELD_DATE, 0, N_("Date"), NULL, NULL },
};
static const CoFieldSpec tag_group_specs[] = {
  { "name", CO_FIELD_TEXT, 0, N_("Name"), NULL, NULL },
};
static const CoFieldSpec tag_specs[] = {
  { "tag_group_id", CO_FIELD_REFERENCE, 0, N_("Tag Group"), NULL, "tag_groups" },
  { "name", CO_FIELD_TEXT, 0, N_("Name"), NULL, NULL },
};
/* The filter is the JSON text the store keeps: it names tags and tiers by uuid, which travel. */
static const CoFieldSpec segment_specs[] = {
  { "name", CO_FIELD_TEXT, 0, N_("Name"), NULL, NULL },
  { "filter", CO_FIELD_LONG_TEXT, 0, N_("Filter"), NULL, NULL },
};
static const CoFieldSpec date_spec = { "date", CO_FIELD_DATE, 0, N_("Date"), NULL, NULL };
/* A week's 本周总结 and 下周计划, of a group or (no group) of every group. */
static const CoFieldSpec weekly_note_specs[] = {
  { "group_id", CO_FIELD_REFERENCE, 0, N_("Group"), NULL, "groups" },
  { "week", CO_FIELD_DATE, 0, N_("Week"), NULL, NULL },
  { "summary", CO_FIELD_LONG_TEXT, 0, N_("This Week’s Summary"), NULL, NULL },
  { "next_plan", CO_FIELD_LONG_TEXT, 0, N_("Next Week’s Plan"), NULL, NULL },
};
/* An SOP task sent or skipped: the task as any workspace makes it again (step, due moment,
 * member of a join-counted step, activity of an activity step), and what was done. */
static const CoFieldSpec sop_outcome_specs[] = {
  { "step_id", CO_FIELD_REFERENCE, 0, N_("SOP Step"), NULL, "sop_steps" },
  { "due_at", CO_FIELD_TEXT, 0, N_("Due"), NULL, NULL },
  { "state", CO_FIELD_TEXT, 0, N_("Outcome"), NULL, NULL },
  { "done_by", CO_FIELD_TEXT, 0, N_("Done By"), NULL, NULL },
  { "done_at", CO_FIELD_TEXT, 0, N_("Done At"), NULL, NULL },
  { "member_id", CO_FIELD_REFERENCE, 0, N_("Member"), NULL, "members" },
  { "activity_id", CO_FIELD_REFERENCE, 0, N_("Activity"), NULL, "activities" },
  { "reason", CO_FIELD_LONG_TEXT, 0, N_("Reason"), NULL, NULL },
};

static void
add_column (Table             *table,
            const CoFieldSpec *spec,
            gboolean           required)
{
  Column column = { spec, NULL, required };

  if (spec->type == CO_FIELD_REFERENCE && g_str_has_suffix (spec->key, "_id"))
    column.name = g_strndup (spec->key, strlen (spec->key) - strlen ("_id"));
  else
    column.name = g_strdup (spec->key);
  g_array_append_val (table->columns, column);
}

static void
set_table (TableId     id,
           const char *table,
           const char *name,
           const char *parent,
           guint       flags,
           const char *order,
           const char *title)
{
  co_exchange_tables[id] = (Table) { table, name, parent, flags, order, title, -1, g_array_new (FALSE, FALSE, sizeof (Column)) };
}

void
co_exchange_init_tables (void)
{
  static gsize initialized = 0;

  if (!g_once_init_enter (&initialized))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (list_tables); i++)
    {
      const CoListSpec *spec = co_list_spec (list_tables[i].list);
      Table *table = &co_exchange_tables[list_tables[i].id];

      set_table (list_tables[i].id, spec->table, spec->table, spec->parent_column,
                 LIST_FLAGS | (list_tables[i].list == CO_LIST_SPENDS ? HAS_GROUP : 0), "t.position, t.uuid",
                 spec->title);
      table->title_column = spec->title_field;
      /* Inside their activity: "spends" says enough. */
      if (list_tables[i].list == CO_LIST_SPENDS)
        table->name = "spends";
      for (guint f = 0; f < spec->n_fields; f++)
        if (!co_exchange_is_channel_activity (spec->table, spec->fields[f].key))
          add_column (table, &spec->fields[f], (int) f == spec->key_field);
    }

  set_table (T_GROUPS, "groups", "groups", NULL, LIST_FLAGS, NULL, N_("Group"));
  co_exchange_tables[T_GROUPS].title_column = CO_GROUP_FIELD_NAME;
  for (CoGroupField f = 0; f < CO_N_GROUP_FIELDS; f++)
    add_column (&co_exchange_tables[T_GROUPS], co_group_field_spec (f), f == CO_GROUP_FIELD_NAME);
  add_column (&co_exchange_tables[T_GROUPS], &archived_spec, FALSE);

  set_table (T_PLAN, "plans", "plan", "group_id", HAS_UPDATED | HAS_NO_ID, NULL, N_("Plan"));
  {
    guint n_fields;
    const CoFieldSpec *fields = co_plan_fields (&n_fields);
    for (guint f = 0; f < n_fields; f++)
      add_column (&co_exchange_tables[T_PLAN], &fields[f], FALSE);
  }

  /* People are ordered by uuid: their ids differ from one workspace to the next. */
  set_table (T_MEMBERS, "members", "members", NULL, HAS_UUID | HAS_CREATED | HAS_UPDATED, "t.uuid",
             N_("Member"));
  co_exchange_tables[T_MEMBERS].title_column = 0;
  {
    static const CoMemberField member_columns[] = {
      CO_MEMBER_NICKNAME, CO_MEMBER_REAL_NAME, CO_MEMBER_CITY, CO_MEMBER_INDUSTRY, CO_MEMBER_CONTACT,
      CO_MEMBER_SOURCE, CO_MEMBER_NOTES,
    };
    static const CoMemberField membership_columns[] = {
      CO_MEMBER_JOINED, CO_MEMBER_LEFT, CO_MEMBER_INVITED, CO_MEMBER_TIER, CO_MEMBER_SEED, CO_MEMBER_CORE,
      CO_MEMBER_POINTS, CO_MEMBER_LAST_ACTIVE, CO_MEMBER_REPLIED, CO_MEMBER_REPLIED_BY,
    };

    for (guint f = 0; f < G_N_ELEMENTS (member_columns); f++)
      add_column (&co_exchange_tables[T_MEMBERS], co_member_field_spec (member_columns[f]), f == 0);

    set_table (T_MEMBERSHIPS, "memberships", "memberships", "group_id", HAS_CREATED | HAS_UPDATED | HAS_DELETED,
               "(SELECT uuid FROM members m WHERE m.id = t.member_id)", N_("Member"));
    add_column (&co_exchange_tables[T_MEMBERSHIPS], &member_ref_spec, TRUE);
    for (guint f = 0; f < G_N_ELEMENTS (membership_columns); f++)
      add_column (&co_exchange_tables[T_MEMBERSHIPS], co_member_field_spec (membership_columns[f]), FALSE);
    for (guint f = 0; f < G_N_ELEMENTS (membership_specs); f++)
      add_column (&co_exchange_tables[T_MEMBERSHIPS], &membership_specs[f], FALSE);
  }

  set_table (T_ACTIVITY, "member_activity", "activity", "membership_id", HAS_GROUP, "t.date, t.kind, t.id",
             N_("Activity"));
  for (guint f = 0; f < G_N_ELEMENTS (activity_specs); f++)
    add_column (&co_exchange_tables[T_ACTIVITY], &activity_specs[f], f < 2);

  set_table (T_TIER_CHANGES, "tier_changes", "tier_changes", "membership_id", 0,
             "t.date, (SELECT s.uuid FROM tiers s WHERE s.id = t.to_tier_id)", N_("Tier Change"));
  for (guint f = 0; f < G_N_ELEMENTS (tier_change_specs); f++)
    add_column (&co_exchange_tables[T_TIER_CHANGES], &tier_change_specs[f], f == 0);

  /* A member's check-ins to the group's challenges: kept, as the messages they came from are not. */
  set_table (T_CHECKINS, "challenge_checkins", "checkins", "membership_id", HAS_NO_ID,
             "t.date, (SELECT c.uuid FROM challenges c WHERE c.id = t.challenge_id)", N_("Check-in"));
  for (guint f = 0; f < G_N_ELEMENTS (checkin_specs); f++)
    add_column (&co_exchange_tables[T_CHECKINS], &checkin_specs[f], TRUE);

  /* What the team wrote about a member of the group, and what to do about them when. */
  set_table (T_NOTES, "member_notes", "notes", "membership_id", HAS_UUID | HAS_CREATED | HAS_UPDATED | HAS_DELETED,
             "t.date, t.uuid", N_("Note"));
  {
    guint n_fields;
    const CoFieldSpec *fields = co_member_note_fields (&n_fields);
    for (guint f = 0; f < n_fields; f++)
      add_column (&co_exchange_tables[T_NOTES], &fields[f], f < 2);
    fields = co_follow_up_fields (&n_fields);
    set_table (T_FOLLOW_UPS, "follow_ups", "follow_ups", "membership_id",
               HAS_UUID | HAS_CREATED | HAS_UPDATED | HAS_DELETED, "t.due_date, t.uuid", N_("Follow-up"));
    for (guint f = 0; f < n_fields; f++)
      add_column (&co_exchange_tables[T_FOLLOW_UPS], &fields[f], f < 2);
  }

  set_table (T_FIGURES, "daily_figures", "figures", "group_id", HAS_UPDATED | HAS_NO_ID, "t.date", N_("Daily Figures"));
  add_column (&co_exchange_tables[T_FIGURES], &date_spec, TRUE);
  for (CoFigure f = 0; f < CO_N_FIGURES; f++)
    add_column (&co_exchange_tables[T_FIGURES], co_figure_spec (f), FALSE);

  /* The workspace's tags and segments, matched by uuid as people are. */
  set_table (T_TAG_GROUPS, "tag_groups", "tag_groups", NULL, HAS_UUID | HAS_POSITION | HAS_CREATED | HAS_UPDATED,
             "t.position, t.uuid", N_("Tag Group"));
  co_exchange_tables[T_TAG_GROUPS].title_column = 0;
  add_column (&co_exchange_tables[T_TAG_GROUPS], &tag_group_specs[0], TRUE);
  set_table (T_TAGS, "tags", "tags", NULL, HAS_UUID | HAS_POSITION | HAS_CREATED | HAS_UPDATED,
             "(SELECT g.position FROM tag_groups g WHERE g.id = t.tag_group_id),"
             " (SELECT g.uuid FROM tag_groups g WHERE g.id = t.tag_group_id), t.position, t.uuid",
             N_("Tag"));
  co_exchange_tables[T_TAGS].title_column = 1;
  for (guint f = 0; f < G_N_ELEMENTS (tag_specs); f++)
    add_column (&co_exchange_tables[T_TAGS], &tag_specs[f], TRUE);
  set_table (T_SEGMENTS, "segments", "segments", NULL, HAS_UUID | HAS_POSITION | HAS_CREATED | HAS_UPDATED,
             "t.position, t.uuid", N_("Segment"));
  co_exchange_tables[T_SEGMENTS].title_column = 0;
  for (guint f = 0; f < G_N_ELEMENTS (segment_specs); f++)
    add_column (&co_exchange_tables[T_SEGMENTS], &segment_specs[f], TRUE);

  /* A week's notes are the workspace's rows, after the groups they name; one per group (or
   * every group) and week, matched by both as a day's figures are. */
  set_table (T_WEEKLY_NOTES, "weekly_notes", "weekly_notes", NULL, HAS_CREATED | HAS_UPDATED,
             "t.week, (SELECT g.uuid FROM groups g WHERE g.id = t.group_id)", N_("Weekly Notes"));
  co_exchange_tables[T_WEEKLY_NOTES].title_column = 1;
  for (guint f = 0; f < G_N_ELEMENTS (weekly_note_specs); f++)
    add_column (&co_exchange_tables[T_WEEKLY_NOTES], &weekly_note_specs[f], f == 1);

  /* Last in a group: they name its steps, activities and members. */
  set_table (T_SOP_OUTCOMES, "sop_outcomes", "sop_outcomes", "group_id", 0,
             "t.due_at, (SELECT s.uuid FROM sop_steps s WHERE s.id = t.step_id),"
             " (SELECT m.uuid FROM members m WHERE m.id = t.member_id),"
             " (SELECT a.uuid FROM activities a WHERE a.id = t.activity_id)", N_("SOP Task"));
  co_exchange_tables[T_SOP_OUTCOMES].title_column = 1;
  for (guint f = 0; f < G_N_ELEMENTS (sop_outcome_specs); f++)
    add_column (&co_exchange_tables[T_SOP_OUTCOMES], &sop_outcome_specs[f], f < 5);

  g_once_init_leave (&initialized, 1);
}

/* Channels come before the groups, as memberships name them; a channel's activity is in a
 * group, so it is written as the channel's "activity" and read once the groups are in. */
gboolean
co_exchange_is_channel_activity (const char *table,
                                 const char *column)
{
  return g_str_equal (table, "channels") && g_str_equal (column, "activity_id");
}

const Table *
co_exchange_table_named (const char *sql_name)
{
  for (guint i = 0; i < N_TABLES; i++)
    if (g_str_equal (co_exchange_tables[i].table, sql_name))
      return &co_exchange_tables[i];
  return NULL;
}

gboolean
co_exchange_holds_column (const char *table_name,
                          const char *column)
{
  const Table *table;

  co_exchange_init_tables ();
  table = co_exchange_table_named (table_name);
  if (table == NULL)
    return FALSE;
  if ((g_str_equal (column, "uuid") && table->flags & HAS_UUID) ||
      co_exchange_is_channel_activity (table_name, column) ||
      (table->parent != NULL && g_str_equal (column, table->parent)) ||
      (g_str_equal (column, "parent_id") && table == &co_exchange_tables[T_GROUPS]))
    return TRUE;
  for (guint c = 0; c < table->columns->len; c++)
    if (g_str_equal (g_array_index (table->columns, Column, c).spec->key, column))
      return TRUE;
  return FALSE;
}

