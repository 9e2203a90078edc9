/* co-plan.c: the plan of a group: its single fields stored field by field, its multiple choices,
 * and the specs of its lists (survey … launch checklist), edited through the record engine. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/plan/co-plan.h"
#include "core/records/co-list-private.h"

/* ---- field descriptions ---------------------------------------------------------------- */

static const CoFieldSpec plan_fields[] = {
  { "mission", CO_FIELD_LONG_TEXT, 0, N_("Mission"), N_("Why the community exists, in a sentence or two") },
  { "vision", CO_FIELD_LONG_TEXT, 0, N_("Vision and Background"), NULL },
  { "development_plan", CO_FIELD_LONG_TEXT, 0, N_("Development Plan"), NULL },
  { "persona", CO_FIELD_LONG_TEXT, 0, N_("User Persona"), N_("Age, gender, occupation, city, interests") },
  { "existing_resources", CO_FIELD_LONG_TEXT, 0, N_("Existing Resources"),
    N_("For example: 569 contacts, 2 idle groups of 24 and 60") },
  { "bond_driver", CO_FIELD_CHOICE, CO_CHOICE_BOND_DRIVER, N_("Bond Driver"), NULL },
  { "admission_fee", CO_FIELD_MONEY, 0, N_("Admission Fee (yuan)"), N_("For paid admission") },
  { "min_purchase", CO_FIELD_MONEY, 0, N_("Minimum Purchase (yuan)"), N_("For admission by purchase") },
  { "naming_rule", CO_FIELD_TEXT, 0, N_("Naming Rule"), N_("For example: city + real name + industry") },
  { "speech_rules", CO_FIELD_LONG_TEXT, 0, N_("Speech Rules"), NULL },
  { "task_rules", CO_FIELD_LONG_TEXT, 0, N_("Task Rules"), NULL },
  { "penalties", CO_FIELD_LONG_TEXT, 0, N_("Penalties"), N_("For example: ads, porn or violence: removed") },
  { "answer_standard", CO_FIELD_TEXT, 0, N_("Admin Answer Standard"),
    N_("For example: at least 50 characters, complex questions 100–200") },
  { "newcomer_rule", CO_FIELD_TEXT, 0, N_("Newcomer Introduction"),
    N_("For example: introduce yourself and ask one question") },
  { "principles", CO_FIELD_LONG_TEXT, 0, N_("Operating Principles"),
    N_("For example: divergent topics early, specialised later") },
  { "target_groups", CO_FIELD_COUNT, 0, N_("Target Number of Groups"), NULL },
  { "target_size", CO_FIELD_COUNT, 0, N_("Target Members per Group"), NULL },
  { "invite_batch", CO_FIELD_COUNT, 0, N_("Invitations per Batch"),
    N_("Invite in batches and pause to let the group settle") },
  { "quality_checks", CO_FIELD_LONG_TEXT, 0, N_("Quality Checks"), NULL },
  { "seed_target", CO_FIELD_COUNT, 0, N_("Seed Users to Recruit"),
    N_("Every seed user gets a personal reply; for example 1000") },
};

const CoChoiceKind co_plan_selection_kinds[4] = {
  CO_CHOICE_USER_SOURCE, CO_CHOICE_ADMISSION, CO_CHOICE_VALUE_OUTPUT, CO_CHOICE_MONETIZATION,
};

/* How plan_selections.kind and templates name each of them; stable, never translated. */
const char *
co_plan_selection_kind_name (CoChoiceKind kind)
{
  switch (kind)
    {
    case CO_CHOICE_USER_SOURCE: return "user-source";
    case CO_CHOICE_ADMISSION: return "admission";
    case CO_CHOICE_VALUE_OUTPUT: return "value-output";
    case CO_CHOICE_MONETIZATION: return "monetization";
    default: return NULL;
    }
}

static const CoFieldSpec survey_fields[] = {
  { "question", CO_FIELD_TEXT, 0, N_("Question"), NULL },
  { "findings", CO_FIELD_LONG_TEXT, 0, N_("Findings"), NULL },
};

static const CoFieldSpec stage_rule_fields[] = {
  { "stage", CO_FIELD_CHOICE, CO_CHOICE_STAGE, N_("Stage"), NULL },
  { "strategy", CO_FIELD_CHOICE, CO_CHOICE_STRATEGY, N_("Management Strategy"), NULL },
  { "rules", CO_FIELD_LONG_TEXT, 0, N_("Group Rules"), NULL },
  { "announcement", CO_FIELD_LONG_TEXT, 0, N_("Announcement"), NULL },
};

static const CoFieldSpec type_rule_fields[] = {
  { "group_type", CO_FIELD_CHOICE, CO_CHOICE_GROUP_TYPE, N_("Group Type"), NULL },
  { "nickname_rule", CO_FIELD_TEXT, 0, N_("Nickname Rule"), NULL },
  { "welcome", CO_FIELD_LONG_TEXT, 0, N_("Welcome Message"), NULL },
};

static const CoFieldSpec content_fields[] = {
  { "topic", CO_FIELD_TEXT, 0, N_("Topic"), NULL },
  { "slot", CO_FIELD_CHOICE, CO_CHOICE_CONTENT_SLOT, N_("Slot"), NULL },
  { "cadence", CO_FIELD_CHOICE, CO_CHOICE_CADENCE, N_("Cadence"), NULL },
  { "weekday", CO_FIELD_CHOICE, CO_CHOICE_WEEKDAY, N_("Weekday"), N_("For weekly items") },
  { "time", CO_FIELD_TIME, 0, N_("Time"), NULL },
  { "owner", CO_FIELD_TEXT, 0, N_("Owner"), NULL },
  { "library_item_id", CO_FIELD_REFERENCE, 0, N_("From the Library"), N_("The text or image to post"), "library_items" },
};

static const CoFieldSpec activity_fields[] = {
  { "name", CO_FIELD_TEXT, 0, N_("Name"), NULL },
  { "mode", CO_FIELD_CHOICE, CO_CHOICE_ACTIVITY_MODE, N_("Online or Offline"), NULL },
  { "start_date", CO_FIELD_DATE, 0, N_("Start"), NULL },
  { "start_time", CO_FIELD_TIME, 0, N_("Start Time"),
    N_("Announcements are due the evening before, half a day before and one hour before") },
  { "end_date", CO_FIELD_DATE, 0, N_("End"), NULL },
  { "partner", CO_FIELD_TEXT, 0, N_("Partner Department"), NULL },
  { "owner", CO_FIELD_TEXT, 0, N_("Owner"), NULL },
  { "content", CO_FIELD_LONG_TEXT, 0, N_("Content and Division of Work"), NULL },
  { "budget", CO_FIELD_MONEY, 0, N_("Budget (yuan)"), NULL },
};

static const CoFieldSpec spend_fields[] = {
  { "note", CO_FIELD_TEXT, 0, N_("Note"), NULL },
  { "date", CO_FIELD_DATE, 0, N_("Date"), NULL },
  { "amount", CO_FIELD_MONEY, 0, N_("Amount (yuan)"), NULL },
};

static const CoFieldSpec problem_fields[] = {
  { "problem", CO_FIELD_LONG_TEXT, 0, N_("Problem"), NULL },
  { "date", CO_FIELD_DATE, 0, N_("Date"), NULL },
  { "scope", CO_FIELD_TEXT, 0, N_("Group or Batch"), NULL },
  { "suggestion", CO_FIELD_LONG_TEXT, 0, N_("Targeted Suggestion"), NULL },
  { "status", CO_FIELD_CHOICE, CO_CHOICE_PROBLEM_STATUS, N_("Status"), NULL },
  { "resolved_date", CO_FIELD_DATE, 0, N_("Resolved On"), NULL },
};

static const CoFieldSpec goal_fields[] = {
  { "metric", CO_FIELD_CHOICE, CO_CHOICE_METRIC, N_("Metric"), NULL },
  { "custom_metric", CO_FIELD_TEXT, 0, N_("Custom Metric"), N_("When the metric is Custom") },
  { "baseline", CO_FIELD_NUMBER, 0, N_("Baseline"), NULL },
  { "baseline_date", CO_FIELD_DATE, 0, N_("Baseline Date"), NULL },
  { "target", CO_FIELD_NUMBER, 0, N_("Target"), NULL },
  { "unit", CO_FIELD_TEXT, 0, N_("Unit"), N_("For example: members, %, items a month") },
  { "deadline", CO_FIELD_DATE, 0, N_("Deadline"), NULL },
  { "note", CO_FIELD_TEXT, 0, N_("Note"), NULL },
};

static const CoFieldSpec task_fields[] = {
  { "title", CO_FIELD_TEXT, 0, N_("Task"), NULL },
  { "phase", CO_FIELD_CHOICE, CO_CHOICE_PHASE, N_("Phase"), NULL },
  { "due_date", CO_FIELD_DATE, 0, N_("Due"), NULL },
  { "owner", CO_FIELD_TEXT, 0, N_("Owner"), NULL },
  { "done", CO_FIELD_BOOL, 0, N_("Done"), NULL },
};

/* ---- cross-field checks ------------------------------------------------------------------ */

static gboolean
check_activity (CoStore *store,
                CoItem  *item,
                GError **error)
{
  return co_list_check_order (item, "start_date", "end_date", _("The activity ends before it starts."), error);
}

static gboolean
check_problem (CoStore *store,
               CoItem  *item,
               GError **error)
{
  return co_list_check_order (item, "date", "resolved_date", _("The problem is resolved before it was logged."),
                      error);
}

static gboolean
check_goal (CoStore *store,
            CoItem  *item,
            GError **error)
{
  return co_list_check_order (item, "baseline_date", "deadline", _("The deadline is before the baseline date."),
                      error);
}


/* A goal of the custom metric is named by it. */
static char *
dup_goal_title (CoItem *item)
{
  if (g_strcmp0 (co_item_get (item, "metric"), "custom") == 0)
    return g_strdup (co_item_get (item, "custom_metric"));
  return NULL;
}

const CoListSpec co_plan_list_specs[CO_N_PLAN_LISTS] = {
  [CO_LIST_SURVEY] = { CO_LIST_SURVEY, "survey_items", "group_id", CO_FIELDS (survey_fields), -1, 0,
                       N_("Needs Survey"), N_("Add Question"), NULL },
  [CO_LIST_STAGE_RULES] = { CO_LIST_STAGE_RULES, "stage_rules", "group_id", CO_FIELDS (stage_rule_fields),
                            0, 0, N_("Rules and Announcement by Stage"), NULL, NULL },
  [CO_LIST_TYPE_RULES] = { CO_LIST_TYPE_RULES, "type_rules", "group_id", CO_FIELDS (type_rule_fields),
                           0, 0, N_("Nickname Rule and Welcome by Group Type"), NULL, NULL },
  [CO_LIST_CONTENT] = { CO_LIST_CONTENT, "content_items", "group_id", CO_FIELDS (content_fields), -1, 0,
                        N_("Content Calendar"), N_("Add Content Item"), NULL },
  [CO_LIST_ACTIVITIES] = { CO_LIST_ACTIVITIES, "activities", "group_id", CO_FIELDS (activity_fields), -1, 0,
                           N_("Activities"), N_("Add Activity"), check_activity },
  [CO_LIST_SPENDS] = { CO_LIST_SPENDS, "activity_spends", "activity_id", CO_FIELDS (spend_fields), -1, 0,
                       N_("Spending"), N_("Record Spend"), NULL },
  [CO_LIST_PROBLEMS] = { CO_LIST_PROBLEMS, "problems", "group_id", CO_FIELDS (problem_fields), -1, 0,
                         N_("Problem Log"), N_("Log Problem"), check_problem },
  [CO_LIST_GOALS] = { CO_LIST_GOALS, "goals", "group_id", CO_FIELDS (goal_fields), -1, 0,
                      N_("Goals"), N_("Add Goal"), check_goal,
                      .dup_title = dup_goal_title },
  [CO_LIST_TASKS] = { CO_LIST_TASKS, "checklist_tasks", "group_id", CO_FIELDS (task_fields), -1, 0,
                      N_("Launch Checklist"), N_("Add Task"), NULL },
};

const CoFieldSpec *
co_plan_fields (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (plan_fields);
  return plan_fields;
}

/* ---- the plan itself --------------------------------------------------------------------- */

/* Inserts whatever rows of the plan are missing: the plan row and one row for each stage and
 * group type. Notes a change only when it added something. */
static gboolean
ensure_rows (CoStore  *store,
             gint64    group_id,
             GError  **error)
{
  g_autofree char *now = co_store_now ();
  sqlite3_stmt *stmt;
  int changes = 0;

  stmt = co_store_prepare (store, "INSERT OR IGNORE INTO plans (group_id, updated_at) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!co_store_step_done (store, stmt, error))
    return FALSE;
  changes += sqlite3_changes (sqlite3_db_handle (stmt));

  for (CoList list = CO_LIST_STAGE_RULES; list <= CO_LIST_TYPE_RULES; list++)
    {
      const CoListSpec *spec = &co_plan_list_specs[list];
      const CoFieldSpec *key = &spec->fields[spec->key_field];
      g_autofree char *sql = g_strdup_printf ("INSERT OR IGNORE INTO %s (uuid, group_id, %s, position,"
                                              " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                                              spec->table, key->key);
      guint n_choices;
      const CoChoice *choices = co_choices_get (key->choice, &n_choices);

      for (guint i = 0; i < n_choices; i++)
        {
          g_autofree char *uuid = g_uuid_string_random ();

          stmt = co_store_prepare (store, sql, error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 2, group_id);
          sqlite3_bind_text (stmt, 3, choices[i].keyword, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 4, (int) i);
          sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
          if (!co_store_step_done (store, stmt, error))
            return FALSE;
          changes += sqlite3_changes (sqlite3_db_handle (stmt));
        }
    }

  if (changes > 0)
    co_store_note_change (store, "plans", group_id);
  return TRUE;
}

/* Whether the group's plan was started (even if nothing is written in it yet). */
gboolean
co_plan_exists (CoStore *store,
                gint64   group_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT 1 FROM plans WHERE group_id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  return co_store_step_int (stmt, 0) != 0;
}

gboolean
co_plan_ensure (CoStore  *store,
                gint64    group_id,
                GError  **error)
{
  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  if (!co_list_group_exists (store, group_id, error) || !co_store_begin (store, error))
    return FALSE;
  if (!ensure_rows (store, group_id, error))
    {
      co_store_rollback (store);
      return FALSE;
    }
  return co_store_commit (store, error);
}

/* The plan's single fields; all unset when the group has no plan yet. */
CoItem *
co_plan_get (CoStore  *store,
             gint64    group_id,
             GError  **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT group_id");
  g_autoptr(CoItem) item = co_item_new (CO_N_LISTS, plan_fields, G_N_ELEMENTS (plan_fields));
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (plan_fields); i++)
    g_string_append_printf (sql, ", %s", plan_fields[i].key);
  g_string_append (sql, " FROM plans WHERE group_id = ?");

  stmt = co_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  co_item_set_ids (item, group_id, group_id, group_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    co_item_read_values (item, stmt, 1);
  else if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  /* Not left on its row: that would hold a read transaction, and keep the WAL from being
   * checkpointed. */
  sqlite3_reset (stmt);
  return g_steal_pointer (&item);
}

gboolean
co_plan_set (CoStore     *store,
             gint64       group_id,
             const char  *key,
             const char  *input,
             GError     **error)
{
  g_autofree char *stored = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *now = co_store_now ();
  g_autoptr(GError) local_error = NULL;
  int index = co_field_find (plan_fields, G_N_ELEMENTS (plan_fields), key);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);
  g_return_val_if_fail (index >= 0, FALSE);

  stored = co_field_normalize (&plan_fields[index], input, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!co_list_group_exists (store, group_id, error) || !co_store_begin (store, error))
    return FALSE;
  if (!ensure_rows (store, group_id, error))
    goto failed;

  /* The column name comes from plan_fields, never from the caller. */
  sql = g_strdup_printf ("UPDATE plans SET %s = ?, updated_at = ? WHERE group_id = ?", key);
  stmt = co_store_prepare (store, sql, error);
  if (stmt == NULL)
    goto failed;
  co_list_bind_value (stmt, 1, &plan_fields[index], stored);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, group_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, "plans", group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

/* The selected keywords of @kind, in the order of their list. */
GStrv
co_plan_get_selection (CoStore      *store,
                       gint64        group_id,
                       CoChoiceKind  kind)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  guint n_choices;
  const CoChoice *choices = co_choices_get (kind, &n_choices);

  g_return_val_if_fail (co_plan_selection_kind_name (kind) != NULL, NULL);

  stmt = co_store_prepare (store, "SELECT keyword FROM plan_selections WHERE group_id = ? AND kind = ?", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, group_id);
      sqlite3_bind_text (stmt, 2, co_plan_selection_kind_name (kind), -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (selected, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  for (guint i = 0; i < n_choices; i++)
    if (g_hash_table_contains (selected, choices[i].keyword))
      g_strv_builder_add (builder, choices[i].keyword);
  return g_strv_builder_end (builder);
}

gboolean
co_plan_set_selected (CoStore       *store,
                      gint64         group_id,
                      CoChoiceKind   kind,
                      const char    *keyword,
                      gboolean       selected,
                      GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);
  g_return_val_if_fail (co_plan_selection_kind_name (kind) != NULL, FALSE);

  if (co_choice_index (kind, keyword) < 0)
    {
      g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE, _("“%s” is not a known value for %s."),
                   keyword, co_choice_kind_title (kind));
      return FALSE;
    }
  if (!co_list_group_exists (store, group_id, error) || !co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, selected
    ? "INSERT OR IGNORE INTO plan_selections (group_id, kind, keyword) VALUES (?, ?, ?)"
    : "DELETE FROM plan_selections WHERE group_id = ? AND kind = ? AND keyword = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_text (stmt, 2, co_plan_selection_kind_name (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, keyword, -1, SQLITE_TRANSIENT);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, "plans", group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}


/* What the spends recorded against an activity add up to, in fen. */
gint64
co_activity_get_spent (CoStore *store,
                       gint64   activity_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT coalesce(sum(amount), 0) FROM activity_spends"
                                                " WHERE activity_id = ? AND deleted_at IS NULL", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, activity_id);
  return co_store_step_int (stmt, 0);
}

char *
co_plan_dup_last_change (CoStore  *store,
                         gint64    group_id,
                         GError  **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT max (moment) FROM ("
                                         "SELECT updated_at AS moment FROM groups WHERE id = ?1"
                                         " UNION ALL SELECT updated_at FROM plans WHERE group_id = ?1");
  sqlite3_stmt *stmt;
  char *moment = NULL;

  /* Every list of the plan has its group beside it, spends included. */
  for (guint i = 0; i < CO_N_PLAN_LISTS; i++)
    g_string_append_printf (sql, " UNION ALL SELECT max (updated_at) FROM %s WHERE group_id = ?1",
                            co_plan_list_specs[i].table);
  g_string_append (sql, ")");
  stmt = co_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    moment = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return moment;
}
