/* co-plan.c: the plan of a group, stored field by field. Lists are edited through one set of
 * functions driven by their CoListSpec; removing an item moves it to a trash (deleted_at) so
 * that undo gives it back, and the trash is emptied when the app quits. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "co-plan.h"
#include "co-store-private.h"


G_DEFINE_QUARK (co-plan-error-quark, co_plan_error)

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

static const CoFieldSpec role_fields[] = {
  { "name", CO_FIELD_TEXT, 0, N_("Name"), N_("Leave empty to keep the built-in name") },
  { "kind", CO_FIELD_CHOICE, CO_CHOICE_ROLE_KIND, N_("Kind of Role"), NULL },
  { "role_group", CO_FIELD_CHOICE, CO_CHOICE_ROLE_GROUP, N_("Role Group"), NULL },
  { "responsibilities", CO_FIELD_LONG_TEXT, 0, N_("Responsibilities"), NULL },
  { "frequency", CO_FIELD_CHOICE, CO_CHOICE_CADENCE, N_("Expected Frequency"), NULL },
  { "builtin", CO_FIELD_CHOICE, CO_CHOICE_BUILTIN_ROLE, N_("Built-in Role"), NULL },
};

static const CoFieldSpec staff_fields[] = {
  { "name", CO_FIELD_TEXT, 0, N_("Name"), NULL },
  { "contact", CO_FIELD_TEXT, 0, N_("Contact"), N_("Phone, WeChat ID or email") },
  { "notes", CO_FIELD_LONG_TEXT, 0, N_("Notes"), NULL },
};

static const CoFieldSpec assignment_fields[] = {
  { "staff_id", CO_FIELD_REFERENCE, 0, N_("Person"), NULL, "staff" },
  { "role_id", CO_FIELD_REFERENCE, 0, N_("Role"), NULL, "roles" },
};

static const CoFieldSpec shift_fields[] = {
  { "staff_id", CO_FIELD_REFERENCE, 0, N_("Person"), NULL, "staff" },
  { "weekday", CO_FIELD_CHOICE, CO_CHOICE_WEEKDAY, N_("Weekday"), NULL },
  { "start_time", CO_FIELD_TIME, 0, N_("From"), NULL },
  { "end_time", CO_FIELD_TIME, 0, N_("Until"), NULL },
};

static const CoFieldSpec alt_account_fields[] = {
  { "label", CO_FIELD_TEXT, 0, N_("Label"), NULL },
  { "account", CO_FIELD_TEXT, 0, N_("Platform Account"), NULL },
  { "platform", CO_FIELD_CHOICE, CO_CHOICE_PLATFORM, N_("Platform"), NULL },
  { "identity", CO_FIELD_TEXT, 0, N_("Identity and Position"), N_("Who the account is in the groups") },
  { "owner_id", CO_FIELD_REFERENCE, 0, N_("Owner"), NULL, "staff" },
  { "moments_category", CO_FIELD_TEXT, 0, N_("Moments Content"), N_("What it posts on Moments; not the same for every account") },
  { "daily_friend_target", CO_FIELD_COUNT, 0, N_("Friends to Add a Day"), NULL },
  { "notes", CO_FIELD_LONG_TEXT, 0, N_("Notes"), NULL },
};

static const CoFieldSpec tier_fields[] = {
  { "name", CO_FIELD_TEXT, 0, N_("Name"), N_("Leave empty to keep the built-in name") },
  { "min_points", CO_FIELD_COUNT, 0, N_("Points at Least"), NULL },
  { "min_active_days", CO_FIELD_COUNT, 0, N_("Active Days at Least"), NULL },
  { "window_days", CO_FIELD_COUNT, 0, N_("Active Days Counted Over"),
    N_("The last N days; 30 when empty") },
  { "manual_only", CO_FIELD_BOOL, 0, N_("Set by Hand Only"),
    N_("Members get this tier only when you set it") },
  { "benefits", CO_FIELD_LONG_TEXT, 0, N_("Benefits"),
    N_("For example: promotion to admin, offline events, red packets, coupons") },
  { "builtin", CO_FIELD_CHOICE, CO_CHOICE_BUILTIN_TIER, N_("Built-in Tier"), NULL },
};

static gboolean check_activity (CoStore *store, CoItem *item, GError **error);
static gboolean check_problem (CoStore *store, CoItem *item, GError **error);
static gboolean check_goal (CoStore *store, CoItem *item, GError **error);
static gboolean check_assignment (CoStore *store, CoItem *item, GError **error);
static gboolean check_shift (CoStore *store, CoItem *item, GError **error);
static gboolean check_tier (CoStore *store, CoItem *item, GError **error);

#define FIELDS(array) array, G_N_ELEMENTS (array)

static const char *const staff_dependents[] = { "assignments", "shifts", NULL };

static const CoListSpec list_specs[CO_N_LISTS] = {
  [CO_LIST_SURVEY] = { CO_LIST_SURVEY, "survey_items", "group_id", FIELDS (survey_fields), -1, 0,
                       N_("Needs Survey"), N_("Add Question"), NULL },
  [CO_LIST_STAGE_RULES] = { CO_LIST_STAGE_RULES, "stage_rules", "group_id", FIELDS (stage_rule_fields),
                            0, 0, N_("Rules and Announcement by Stage"), NULL, NULL },
  [CO_LIST_TYPE_RULES] = { CO_LIST_TYPE_RULES, "type_rules", "group_id", FIELDS (type_rule_fields),
                           0, 0, N_("Nickname Rule and Welcome by Group Type"), NULL, NULL },
  [CO_LIST_CONTENT] = { CO_LIST_CONTENT, "content_items", "group_id", FIELDS (content_fields), -1, 0,
                        N_("Content Calendar"), N_("Add Content Item"), NULL },
  [CO_LIST_ACTIVITIES] = { CO_LIST_ACTIVITIES, "activities", "group_id", FIELDS (activity_fields), -1, 0,
                           N_("Activities"), N_("Add Activity"), check_activity },
  [CO_LIST_SPENDS] = { CO_LIST_SPENDS, "activity_spends", "activity_id", FIELDS (spend_fields), -1, 0,
                       N_("Spending"), N_("Record Spend"), NULL },
  [CO_LIST_PROBLEMS] = { CO_LIST_PROBLEMS, "problems", "group_id", FIELDS (problem_fields), -1, 0,
                         N_("Problem Log"), N_("Log Problem"), check_problem },
  [CO_LIST_GOALS] = { CO_LIST_GOALS, "goals", "group_id", FIELDS (goal_fields), -1, 0,
                      N_("Goals"), N_("Add Goal"), check_goal },
  [CO_LIST_TASKS] = { CO_LIST_TASKS, "checklist_tasks", "group_id", FIELDS (task_fields), -1, 0,
                      N_("Launch Checklist"), N_("Add Task"), NULL },
  [CO_LIST_ROLES] = { CO_LIST_ROLES, "roles", NULL, FIELDS (role_fields), -1, 0,
                      N_("Roles"), N_("Add Role"), NULL, "builtin" },
  [CO_LIST_STAFF] = { CO_LIST_STAFF, "staff", NULL, FIELDS (staff_fields), -1, 0,
                      N_("Staff"), N_("Add Person"), NULL, NULL, staff_dependents, "staff_id" },
  [CO_LIST_ASSIGNMENTS] = { CO_LIST_ASSIGNMENTS, "assignments", "group_id", FIELDS (assignment_fields), -1, 0,
                            N_("Roles in This Group"), N_("Assign a Role"), check_assignment },
  [CO_LIST_SHIFTS] = { CO_LIST_SHIFTS, "shifts", "group_id", FIELDS (shift_fields), -1, 0,
                       N_("Duty Roster"), N_("Add Shift"), check_shift },
  [CO_LIST_ALT_ACCOUNTS] = { CO_LIST_ALT_ACCOUNTS, "alt_accounts", NULL, FIELDS (alt_account_fields), -1, 0,
                             N_("Alt Accounts"), N_("Add Alt Account"), NULL },
  [CO_LIST_TIERS] = { CO_LIST_TIERS, "tiers", "group_id", FIELDS (tier_fields), -1, 0,
                      N_("Tiers"), N_("Add Tier"), check_tier, "builtin" },
};

const CoFieldSpec *
co_plan_fields (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (plan_fields);
  return plan_fields;
}

const CoListSpec *
co_list_spec (CoList list)
{
  g_return_val_if_fail (list < CO_N_LISTS, NULL);
  return &list_specs[list];
}

/* ---- binding -------------------------------------------------------------------------- */

static void
bind_value (sqlite3_stmt      *stmt,
            int                index,
            const CoFieldSpec *field,
            const char        *stored)
{
  if (stored == NULL)
    sqlite3_bind_null (stmt, index);
  else if (field->type == CO_FIELD_COUNT || field->type == CO_FIELD_MONEY || field->type == CO_FIELD_BOOL ||
           field->type == CO_FIELD_REFERENCE)
    sqlite3_bind_int64 (stmt, index, g_ascii_strtoll (stored, NULL, 10));
  else if (field->type == CO_FIELD_NUMBER)
    sqlite3_bind_double (stmt, index, g_ascii_strtod (stored, NULL));
  else
    sqlite3_bind_text (stmt, index, stored, -1, SQLITE_TRANSIENT);
}

/* ---- items ------------------------------------------------------------------------------- */

struct _CoItem
{
  GObject            parent_instance;

  CoList             list;  /* CO_N_LISTS for the plan itself */
  const CoFieldSpec *fields;
  guint              n_fields;
  gint64             id;
  char              *uuid;
  gint64             parent_id;
  gint64             group_id;
  char             **values;
};

G_DEFINE_FINAL_TYPE (CoItem, co_item, G_TYPE_OBJECT)

static void
co_item_finalize (GObject *object)
{
  CoItem *self = CO_ITEM (object);

  g_free (self->uuid);
  for (guint i = 0; i < self->n_fields; i++)
    g_free (self->values[i]);
  g_free (self->values);

  G_OBJECT_CLASS (co_item_parent_class)->finalize (object);
}

static void
co_item_class_init (CoItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = co_item_finalize;
}

static void
co_item_init (CoItem *self)
{
}

static CoItem *
item_new (CoList             list,
          const CoFieldSpec *fields,
          guint              n_fields)
{
  CoItem *self = g_object_new (CO_TYPE_ITEM, NULL);

  self->list = list;
  self->fields = fields;
  self->n_fields = n_fields;
  self->values = g_new0 (char *, n_fields);
  return self;
}

/* Reads the fields from @first_column on. */
static void
item_read_values (CoItem       *self,
                  sqlite3_stmt *stmt,
                  int           first_column)
{
  for (guint i = 0; i < self->n_fields; i++)
    {
      int column = first_column + (int) i;

      /* Numbers in the form co_field_normalize() gives them: 75, not SQLite's 75.0. */
      if (self->fields[i].type == CO_FIELD_NUMBER && sqlite3_column_type (stmt, column) != SQLITE_NULL)
        self->values[i] = co_number_to_string (sqlite3_column_double (stmt, column));
      else
        self->values[i] = g_strdup ((const char *) sqlite3_column_text (stmt, column));
    }
}

gint64 co_item_get_id (CoItem *self) { return self->id; }
const char *co_item_get_uuid (CoItem *self) { return self->uuid; }
gint64 co_item_get_parent_id (CoItem *self) { return self->parent_id; }
gint64 co_item_get_group_id (CoItem *self) { return self->group_id; }
CoList co_item_get_list (CoItem *self) { return self->list; }

const char *
co_item_get (CoItem     *self,
             const char *key)
{
  int index;

  g_return_val_if_fail (CO_IS_ITEM (self), NULL);
  index = co_field_find (self->fields, self->n_fields, key);
  g_return_val_if_fail (index >= 0, NULL);
  return self->values[index];
}

gint64
co_item_get_int (CoItem     *self,
                 const char *key,
                 gint64      unset)
{
  const char *value = co_item_get (self, key);
  return value ? g_ascii_strtoll (value, NULL, 10) : unset;
}

/* What names the item in a list: its title field, a goal's metric, or "Untitled". */
char *
co_item_dup_title (CoItem *self)
{
  const CoListSpec *spec;
  const CoFieldSpec *field;
  const char *value;

  g_return_val_if_fail (CO_IS_ITEM (self) && self->list < CO_N_LISTS, NULL);

  spec = &list_specs[self->list];
  /* A built-in row is named in the user's language until the user names it. */
  if (spec->readonly_key != NULL && co_item_get (self, "name") == NULL &&
      co_item_get (self, spec->readonly_key) != NULL)
    {
      int key = co_field_find (spec->fields, spec->n_fields, spec->readonly_key);
      return g_strdup (co_choice_label (spec->fields[key].choice, co_item_get (self, spec->readonly_key)));
    }
  if (self->list == CO_LIST_GOALS && g_strcmp0 (co_item_get (self, "metric"), "custom") == 0 &&
      co_item_get (self, "custom_metric") != NULL)
    return g_strdup (co_item_get (self, "custom_metric"));

  field = &spec->fields[spec->title_field];
  value = self->values[spec->title_field];
  if (value == NULL)
    return g_strdup (_("Untitled"));
  if (field->type == CO_FIELD_LONG_TEXT)
    {
      /* The first line of a long text, shortened. */
      g_auto(GStrv) lines = g_strsplit (value, "\n", 2);
      g_autofree char *line = g_utf8_substring (lines[0], 0, MIN (60, g_utf8_strlen (lines[0], -1)));
      return g_utf8_strlen (lines[0], -1) > 60 || lines[1] ? g_strconcat (line, "…", NULL) : g_steal_pointer (&line);
    }
  return co_field_format (field, value);
}

/* ---- cross-field checks ------------------------------------------------------------------ */

static gboolean
check_order (CoItem      *item,
             const char  *first_key,
             const char  *second_key,
             const char  *message,
             GError     **error)
{
  const char *first = co_item_get (item, first_key);
  const char *second = co_item_get (item, second_key);

  if (first != NULL && second != NULL && strcmp (second, first) < 0)
    {
      g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_INCONSISTENT, message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_activity (CoStore *store,
                CoItem  *item,
                GError **error)
{
  return check_order (item, "start_date", "end_date", _("The activity ends before it starts."), error);
}

static gboolean
check_problem (CoStore *store,
               CoItem  *item,
               GError **error)
{
  return check_order (item, "date", "resolved_date", _("The problem is resolved before it was logged."),
                      error);
}

static gboolean
check_goal (CoStore *store,
            CoItem  *item,
            GError **error)
{
  return check_order (item, "baseline_date", "deadline", _("The deadline is before the baseline date."),
                      error);
}

static gboolean
check_assignment (CoStore *store,
                  CoItem  *item,
                  GError **error)
{
  sqlite3_stmt *stmt;

  if (co_item_get (item, "staff_id") == NULL || co_item_get (item, "role_id") == NULL)
    return TRUE;
  stmt = co_store_prepare (store, "SELECT 1 FROM assignments WHERE group_id = ? AND staff_id = ?"
                                  " AND role_id = ? AND id != ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item->group_id);
  sqlite3_bind_int64 (stmt, 2, co_item_get_int (item, "staff_id", 0));
  sqlite3_bind_int64 (stmt, 3, co_item_get_int (item, "role_id", 0));
  sqlite3_bind_int64 (stmt, 4, item->id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_INCONSISTENT,
                       _("This person already has this role in this group."));
  return FALSE;
}

/* A shift ends after it starts, and does not overlap the same person's other shifts of the
 * same group and day. */
static gboolean
check_shift (CoStore *store,
             CoItem  *item,
             GError **error)
{
  const char *start = co_item_get (item, "start_time");
  const char *end = co_item_get (item, "end_time");
  sqlite3_stmt *stmt;

  if (start == NULL || end == NULL)
    return TRUE;
  if (strcmp (end, start) <= 0)
    {
      g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_INCONSISTENT, _("The shift ends before it starts."));
      return FALSE;
    }
  if (co_item_get (item, "staff_id") == NULL || co_item_get (item, "weekday") == NULL)
    return TRUE;
  stmt = co_store_prepare (store, "SELECT 1 FROM shifts WHERE group_id = ? AND staff_id = ? AND weekday = ?"
                                  " AND id != ? AND deleted_at IS NULL AND start_time < ? AND ? < end_time",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item->group_id);
  sqlite3_bind_int64 (stmt, 2, co_item_get_int (item, "staff_id", 0));
  sqlite3_bind_text (stmt, 3, co_item_get (item, "weekday"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, item->id);
  sqlite3_bind_text (stmt, 5, end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, start, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_INCONSISTENT,
                       _("The shift overlaps another shift of the same person on that day."));
  return FALSE;
}

/* Active days are counted over at least one day. */
static gboolean
check_tier (CoStore *store,
            CoItem  *item,
            GError **error)
{
  if (co_item_get_int (item, "window_days", 1) > 0)
    return TRUE;
  g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_INVALID_VALUE,
                       _("Active days are counted over at least one day."));
  return FALSE;
}

/* ---- the plan itself --------------------------------------------------------------------- */

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_NOT_FOUND, _("This item no longer exists."));
}

static gboolean
group_exists (CoStore  *store,
              gint64    group_id,
              GError  **error)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT 1 FROM groups WHERE id = ? AND deleted_at IS NULL",
                                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_NOT_FOUND, _("The group no longer exists."));
      return FALSE;
    }
  return TRUE;
}

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
      const CoListSpec *spec = &list_specs[list];
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

  if (!group_exists (store, group_id, error) || !co_store_begin (store, error))
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
  g_autoptr(CoItem) item = item_new (CO_N_LISTS, plan_fields, G_N_ELEMENTS (plan_fields));
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (plan_fields); i++)
    g_string_append_printf (sql, ", %s", plan_fields[i].key);
  g_string_append (sql, " FROM plans WHERE group_id = ?");

  stmt = co_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  item->id = item->group_id = item->parent_id = group_id;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item_read_values (item, stmt, 1);
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
  if (!group_exists (store, group_id, error) || !co_store_begin (store, error))
    return FALSE;
  if (!ensure_rows (store, group_id, error))
    goto failed;

  /* The column name comes from plan_fields, never from the caller. */
  sql = g_strdup_printf ("UPDATE plans SET %s = ?, updated_at = ? WHERE group_id = ?", key);
  stmt = co_store_prepare (store, sql, error);
  if (stmt == NULL)
    goto failed;
  bind_value (stmt, 1, &plan_fields[index], stored);
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
      g_set_error (error, CO_PLAN_ERROR, CO_PLAN_ERROR_INVALID_VALUE, _("“%s” is not a known value for %s."),
                   keyword, co_choice_kind_title (kind));
      return FALSE;
    }
  if (!group_exists (store, group_id, error) || !co_store_begin (store, error))
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

/* ---- lists ------------------------------------------------------------------------------- */

static char *
select_sql (const CoListSpec *spec,
            const char       *where)
{
  GString *sql = g_string_new (NULL);

  if (spec->parent_column != NULL)
    g_string_printf (sql, "SELECT t.id, t.uuid, t.%s, t.group_id", spec->parent_column);
  else
    g_string_assign (sql, "SELECT t.id, t.uuid, 0, 0");
  for (guint i = 0; i < spec->n_fields; i++)
    g_string_append_printf (sql, ", t.%s", spec->fields[i].key);
  g_string_append_printf (sql, " FROM %s t WHERE %s", spec->table, where);
  return g_string_free (sql, FALSE);
}

static CoItem *
list_item_from_row (const CoListSpec *spec,
                    sqlite3_stmt     *stmt)
{
  CoItem *item = item_new (spec->list, spec->fields, spec->n_fields);

  item->id = sqlite3_column_int64 (stmt, 0);
  item->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  item->parent_id = sqlite3_column_int64 (stmt, 2);
  item->group_id = sqlite3_column_int64 (stmt, 3);
  item_read_values (item, stmt, 4);
  return item;
}

/* The items @stmt returns, as a list; NULL with @error set when a step fails. */
static GListStore *
collect_items (CoStore          *store,
               const CoListSpec *spec,
               sqlite3_stmt     *stmt,
               GError          **error)
{
  g_autoptr(GListStore) items = g_list_store_new (CO_TYPE_ITEM);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CoItem) item = list_item_from_row (spec, stmt);
      g_list_store_append (items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      co_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

/* The items of @list under @parent_id (a group, or an activity for spends), in order. */
GListStore *
co_list_items (CoStore  *store,
               CoList    list,
               gint64    parent_id,
               GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  /* Workspace-wide lists have no parent: @parent_id is ignored. */
  g_autofree char *where = g_strdup_printf ("%s%s%s t.deleted_at IS NULL ORDER BY t.position, t.id",
                                            spec->parent_column ? "t." : "",
                                            spec->parent_column ? spec->parent_column : "",
                                            spec->parent_column ? " = ?1 AND" : "");
  g_autofree char *sql = select_sql (spec, where);
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  if (spec->parent_column != NULL)
    sqlite3_bind_int64 (stmt, 1, parent_id);
  return collect_items (store, spec, stmt, error);
}

GListStore *
co_list_items_dated (CoStore       *store,
                     CoList         list,
                     const gint64  *group_ids,
                     guint          n_groups,
                     const char    *date_key,
                     const char    *from,
                     const char    *to,
                     gboolean       include_open,
                     GError       **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *groups = co_ids_json (group_ids, n_groups);
  g_autofree char *where = g_strdup_printf ("t.group_id IN (SELECT value FROM json_each (?1))"
                                            " AND t.deleted_at IS NULL"
                                            " AND (t.%s BETWEEN ?2 AND ?3%s)"
                                            " ORDER BY t.%s, t.position, t.id",
                                            date_key,
                                            include_open ? " OR t.status <> 'resolved'" : "",
                                            date_key);
  g_autofree char *sql = select_sql (spec, where);
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, groups, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
  return collect_items (store, spec, stmt, error);
}

CoItem *
co_list_get (CoStore  *store,
             CoList    list,
             gint64    id,
             GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *sql = select_sql (spec, "t.id = ? AND t.deleted_at IS NULL");
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      CoItem *item = list_item_from_row (spec, stmt);
      sqlite3_reset (stmt);
      return item;
    }
  if (rc == SQLITE_DONE)
    set_not_found (error);
  else
    co_store_set_error (store, error);
  return NULL;
}

/* The group that items under @parent_id belong to, or 0 when the parent is gone. */
static gint64
parent_group (CoStore          *store,
              const CoListSpec *spec,
              gint64            parent_id,
              GError          **error)
{
  sqlite3_stmt *stmt;

  if (g_str_equal (spec->parent_column, "group_id"))
    return group_exists (store, parent_id, error) ? parent_id : 0;

  stmt = co_store_prepare (store, "SELECT group_id FROM activities WHERE id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, parent_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_NOT_FOUND, _("The activity no longer exists."));
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}

gint64
co_list_add (CoStore  *store,
             CoList    list,
             gint64    parent_id,
             GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = co_store_now ();
  g_autofree char *insert = NULL;
  g_autofree char *next = NULL;
  sqlite3_stmt *stmt;
  gint64 group_id, position = 0, id;

  g_return_val_if_fail (CO_IS_STORE (store), 0);

  if (spec->key_field >= 0)
    {
      g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_FIXED,
                           _("This list has one entry for each choice; none can be added."));
      return 0;
    }
  group_id = spec->parent_column ? parent_group (store, spec, parent_id, error) : 0;
  if ((spec->parent_column != NULL && group_id == 0) || !co_store_begin (store, error))
    return 0;

  next = g_strdup_printf ("SELECT coalesce(max(position) + 1, 0) FROM %s WHERE %s = ?1", spec->table,
                          spec->parent_column ? spec->parent_column : "?1");
  stmt = co_store_prepare (store, next, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, parent_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int64 (stmt, 0);

  if (spec->parent_column == NULL)
    insert = g_strdup_printf ("INSERT INTO %s (uuid, position, created_at, updated_at)"
                              " VALUES (?1, ?3, ?4, ?4)", spec->table);
  else if (g_str_equal (spec->parent_column, "group_id"))
    insert = g_strdup_printf ("INSERT INTO %s (uuid, group_id, position, created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?4)", spec->table);
  else
    insert = g_strdup_printf ("INSERT INTO %s (uuid, group_id, position, created_at, updated_at, %s)"
                              " VALUES (?1, ?2, ?3, ?4, ?4, ?5)", spec->table, spec->parent_column);
  stmt = co_store_prepare (store, insert, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, group_id);
  sqlite3_bind_int64 (stmt, 3, position);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  if (spec->parent_column != NULL && !g_str_equal (spec->parent_column, "group_id"))
    sqlite3_bind_int64 (stmt, 5, parent_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;

  id = co_store_last_insert_rowid (store);
  co_store_note_change (store, spec->table, group_id);
  if (!co_store_commit (store, error))
    return 0;
  return id;

failed:
  co_store_rollback (store);
  return 0;
}

/* Whether a reference points at a row that is there and not in the trash. */
static gboolean
reference_exists (CoStore           *store,
                  const CoFieldSpec *field,
                  const char        *stored,
                  GError           **error)
{
  /* The table name comes from the field spec, never from the caller. */
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ? AND deleted_at IS NULL", field->ref_table);
  sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (stored, NULL, 10));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  g_set_error (error, CO_PLAN_ERROR, CO_PLAN_ERROR_NOT_FOUND,
               _("%s: the chosen entry no longer exists."), _(field->title));
  return FALSE;
}

/* Runs @sql, an UPDATE of item @id binding @value first, then checks the item. */
static gboolean
update_item (CoStore           *store,
             const CoListSpec  *spec,
             gint64             id,
             const char        *sql,
             const CoFieldSpec *field,
             const char        *value,
             GError           **error)
{
  g_autofree char *now = co_store_now ();
  g_autoptr(CoItem) item = NULL;
  sqlite3_stmt *stmt;

  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, sql, error);
  if (stmt == NULL)
    goto failed;
  if (field != NULL)
    bind_value (stmt, 1, field, value);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  if (sqlite3_changes (sqlite3_db_handle (stmt)) == 0)
    {
      set_not_found (error);
      goto failed;
    }

  /* Checked after the write, so that a restored item is checked like an edited one. */
  item = co_list_get (store, spec->list, id, NULL);
  if (item != NULL && spec->check != NULL && !spec->check (store, item, error))
    goto failed;
  co_store_note_change (store, spec->table, item ? item->group_id : 0);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

gboolean
co_list_set (CoStore     *store,
             CoList       list,
             gint64       id,
             const char  *key,
             const char  *input,
             GError     **error)
{
  const CoListSpec *spec = co_list_spec (list);
  int index = co_field_find (spec->fields, spec->n_fields, key);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);
  g_return_val_if_fail (index >= 0, FALSE);

  if (index == spec->key_field || g_strcmp0 (key, spec->readonly_key) == 0)
    {
      g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_FIXED, _("This field cannot be changed."));
      return FALSE;
    }
  stored = co_field_normalize (&spec->fields[index], input, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (spec->fields[index].type == CO_FIELD_REFERENCE && stored != NULL &&
      !reference_exists (store, &spec->fields[index], stored, error))
    return FALSE;
  /* The column name comes from the spec, never from the caller. */
  sql = g_strdup_printf ("UPDATE %s SET %s = ?1, updated_at = ?2 WHERE id = ?3 AND deleted_at IS NULL",
                         spec->table, spec->fields[index].key);
  return update_item (store, spec, id, sql, &spec->fields[index], stored, error);
}

/* Moves the rows that point at item @id from deleted_at @from to @to, NULL meaning not in the
 * trash: one stamp for an item and its dependents lets Undo bring back exactly those, not a
 * shift removed on its own before. */
static gboolean
move_dependents (CoStore           *store,
                 const CoListSpec  *spec,
                 gint64             id,
                 const char        *from,
                 const char        *to,
                 GError           **error)
{
  for (guint t = 0; spec->dependent_tables != NULL && spec->dependent_tables[t] != NULL; t++)
    {
      /* "IS" rather than "=" so that a NULL @from matches. */
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted_at = ?1 WHERE %s = ?2 AND deleted_at IS ?3",
                                              spec->dependent_tables[t], spec->dependent_column);
      sqlite3_stmt *stmt = co_store_prepare (store, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, to, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, id);
      sqlite3_bind_text (stmt, 3, from, -1, SQLITE_TRANSIENT);
      if (!co_store_step_done (store, stmt, error))
        return FALSE;
      co_store_note_change (store, spec->dependent_tables[t], 0);
    }
  return TRUE;
}

gboolean
co_list_remove (CoStore  *store,
                CoList    list,
                gint64    id,
                GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *sql = NULL;
  g_autofree char *now = co_store_now ();
  g_autoptr(CoItem) item = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  if (spec->key_field >= 0)
    {
      g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_FIXED,
                           _("This list has one entry for each choice; none can be removed."));
      return FALSE;
    }
  item = co_list_get (store, list, id, error);
  if (item == NULL)
    return FALSE;
  /* Built-in roles stay: the staffing rules and the sample rely on them. */
  if (spec->readonly_key != NULL && co_item_get (item, spec->readonly_key) != NULL)
    {
      g_set_error_literal (error, CO_PLAN_ERROR, CO_PLAN_ERROR_FIXED,
                           _("Built-in roles cannot be removed; rename them or leave them unused."));
      return FALSE;
    }
  if (!co_store_begin (store, error))
    return FALSE;
  sql = g_strdup_printf ("UPDATE %s SET deleted_at = ?1 WHERE id = ?2 AND deleted_at IS NULL", spec->table);
  stmt = co_store_prepare (store, sql, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!co_store_step_done (store, stmt, error) || !move_dependents (store, spec, id, NULL, now, error))
    goto failed;
  co_store_note_change (store, spec->table, item->group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

gboolean
co_list_restore (CoStore  *store,
                 CoList    list,
                 gint64    id,
                 GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *stamp_sql = g_strdup_printf ("SELECT deleted_at FROM %s WHERE id = ?", spec->table);
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted_at = NULL, updated_at = ?2"
                                          " WHERE id = ?3 AND deleted_at IS NOT NULL", spec->table);
  g_autofree char *stamp = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  if (!co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, stamp_sql, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    stamp = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (!update_item (store, spec, id, sql, NULL, NULL, error) ||
      !move_dependents (store, spec, id, stamp, NULL, error))
    goto failed;
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

/* Swaps the item with its neighbour above (@direction < 0) or below; nothing at either end. */
gboolean
co_list_move (CoStore  *store,
              CoList    list,
              gint64    id,
              int       direction,
              GError  **error)
{
  const CoListSpec *spec = co_list_spec (list);
  g_autofree char *same_parent = NULL;
  g_autofree char *neighbour = NULL;
  g_autofree char *swap = NULL;
  g_autoptr(CoItem) item = NULL;
  sqlite3_stmt *stmt;
  gint64 position, other_id, other_position;

  g_return_val_if_fail (CO_IS_STORE (store), FALSE);

  item = co_list_get (store, list, id, error);
  if (item == NULL || !co_store_begin (store, error))
    return FALSE;

  same_parent = spec->parent_column ? g_strdup_printf ("o.%1$s = t.%1$s", spec->parent_column)
                                     : g_strdup ("1");
  neighbour = g_strdup_printf ("SELECT t.position, o.id, o.position FROM %1$s t JOIN %1$s o"
                               " ON %2$s AND o.deleted_at IS NULL AND o.position %3$s t.position"
                               " WHERE t.id = ? ORDER BY o.position %4$s LIMIT 1",
                               spec->table, same_parent, direction < 0 ? "<" : ">",
                               direction < 0 ? "DESC" : "ASC");
  stmt = co_store_prepare (store, neighbour, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      co_store_rollback (store);
      return TRUE;
    }
  position = sqlite3_column_int64 (stmt, 0);
  other_id = sqlite3_column_int64 (stmt, 1);
  other_position = sqlite3_column_int64 (stmt, 2);

  swap = g_strdup_printf ("UPDATE %s SET position = ? WHERE id = ?", spec->table);
  stmt = co_store_prepare (store, swap, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, other_position);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, position);
  sqlite3_bind_int64 (stmt, 2, other_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;

  co_store_note_change (store, spec->table, item->group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

/* Empties the trash of every list for good. */
gboolean
co_plan_purge_trash (CoStore  *store,
                     GError  **error)
{
  if (!co_store_begin (store, error))
    return FALSE;
  for (CoList list = 0; list < CO_N_LISTS; list++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE deleted_at IS NOT NULL",
                                              list_specs[list].table);
      if (!co_store_exec (store, sql, error))
        {
          co_store_rollback (store);
          return FALSE;
        }
    }
  return co_store_commit (store, error);
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
