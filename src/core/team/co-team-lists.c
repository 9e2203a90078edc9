/* co-team-lists.c: the team's lists (roles, staff, who plays which role in which group, the duty
 * roster's shifts, alt accounts) as the record engine edits them, and their checks. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/records/co-list-private.h"

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

static const char *const staff_dependents[] = { "assignments", "shifts", NULL };

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
  sqlite3_bind_int64 (stmt, 1, co_item_get_group_id (item));
  sqlite3_bind_int64 (stmt, 2, co_item_get_int (item, "staff_id", 0));
  sqlite3_bind_int64 (stmt, 3, co_item_get_int (item, "role_id", 0));
  sqlite3_bind_int64 (stmt, 4, co_item_get_id (item));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT,
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
      g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT, _("The shift ends before it starts."));
      return FALSE;
    }
  if (co_item_get (item, "staff_id") == NULL || co_item_get (item, "weekday") == NULL)
    return TRUE;
  stmt = co_store_prepare (store, "SELECT 1 FROM shifts WHERE group_id = ? AND staff_id = ? AND weekday = ?"
                                  " AND id != ? AND deleted_at IS NULL AND start_time < ? AND ? < end_time",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, co_item_get_group_id (item));
  sqlite3_bind_int64 (stmt, 2, co_item_get_int (item, "staff_id", 0));
  sqlite3_bind_text (stmt, 3, co_item_get (item, "weekday"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, co_item_get_id (item));
  sqlite3_bind_text (stmt, 5, end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, start, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  g_set_error_literal (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT,
                       _("The shift overlaps another shift of the same person on that day."));
  return FALSE;
}

/* Active days are counted over at least one day. */

const CoListSpec co_team_list_specs[CO_LIST_ALT_ACCOUNTS - CO_LIST_ROLES + 1] = {
  [CO_LIST_ROLES - CO_LIST_ROLES] = { CO_LIST_ROLES, "roles", NULL, CO_FIELDS (role_fields), -1, 0,
                      N_("Roles"), N_("Add Role"), NULL, "builtin" },
  [CO_LIST_STAFF - CO_LIST_ROLES] = { CO_LIST_STAFF, "staff", NULL, CO_FIELDS (staff_fields), -1, 0,
                      N_("Staff"), N_("Add Person"), NULL, NULL, staff_dependents, "staff_id" },
  [CO_LIST_ASSIGNMENTS - CO_LIST_ROLES] = { CO_LIST_ASSIGNMENTS, "assignments", "group_id", CO_FIELDS (assignment_fields), -1, 0,
                            N_("Roles in This Group"), N_("Assign a Role"), check_assignment },
  [CO_LIST_SHIFTS - CO_LIST_ROLES] = { CO_LIST_SHIFTS, "shifts", "group_id", CO_FIELDS (shift_fields), -1, 0,
                       N_("Duty Roster"), N_("Add Shift"), check_shift },
  [CO_LIST_ALT_ACCOUNTS - CO_LIST_ROLES] = { CO_LIST_ALT_ACCOUNTS, "alt_accounts", NULL, CO_FIELDS (alt_account_fields), -1, 0,
                             N_("Alt Accounts"), N_("Add Alt Account"), NULL },
};
