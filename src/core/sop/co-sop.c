/* co-sop.c: a group's SOP steps and their text (co-sop.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/records/co-list-private.h"
#include "core/sop/co-sop.h"

/* Each variable's Chinese and English spelling. */
typedef enum
{
  VAR_NICKNAME,
  VAR_GROUP,
  VAR_ACTIVITY,
  VAR_TIME,
  VAR_LINK,
  N_VARS
} Variable;

static const char * const variable_names[N_VARS][2] = {
  [VAR_NICKNAME] = { "昵称", "nickname" },
  [VAR_GROUP] = { "群名", "group" },
  [VAR_ACTIVITY] = { "活动", "activity" },
  [VAR_TIME] = { "时间", "time" },
  [VAR_LINK] = { "链接", "link" },
};

static int
find_variable (const char *name,
               gsize       length)
{
  for (int v = 0; v < N_VARS; v++)
    for (guint l = 0; l < 2; l++)
      if (strlen (variable_names[v][l]) == length && strncmp (variable_names[v][l], name, length) == 0)
        return v;
  return -1;
}

/* Calls @func for each "{name}" of @text, with the variable or -1; stops when it returns FALSE. */
typedef gboolean (*VariableFunc) (const char *start,
                                  const char *end,
                                  int         variable,
                                  gpointer    data);

static void
foreach_variable (const char   *text,
                  VariableFunc  func,
                  gpointer      data)
{
  for (const char *open = strchr (text, '{'); open != NULL; open = strchr (open + 1, '{'))
    {
      const char *close = strchr (open + 1, '}');
      const char *next_open = strchr (open + 1, '{');

      if (close == NULL)
        return;
      if (next_open != NULL && next_open < close)
        continue;
      if (!func (open, close + 1, find_variable (open + 1, close - open - 1), data))
        return;
    }
}

static gboolean
first_unknown (const char *start,
               const char *end,
               int         variable,
               gpointer    data)
{
  char **unknown = data;

  if (variable >= 0)
    return TRUE;
  *unknown = g_strndup (start, end - start);
  return FALSE;
}

gboolean
co_sop_check_variables (const char  *text,
                        GError     **error)
{
  g_autofree char *unknown = NULL;

  if (text == NULL)
    return TRUE;
  foreach_variable (text, first_unknown, &unknown);
  if (unknown == NULL)
    return TRUE;
  g_set_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE,
               /* Translators: %s is what the user wrote between braces; keep the variables as they are */
               _("“%s” is not a variable: the text can hold {昵称} {群名} {活动} {时间} {链接} "
                 "(or {nickname} {group} {activity} {time} {link})."), unknown);
  return FALSE;
}

typedef struct
{
  GString           *out;
  const char        *copied;  /* the text up to here is in out */
  const CoSopValues *values;
} Filling;

static gboolean
fill_one (const char *start,
          const char *end,
          int         variable,
          gpointer    data)
{
  Filling *filling = data;
  const char *value = NULL;

  switch (variable)
    {
    case VAR_NICKNAME: value = filling->values->nickname; break;
    case VAR_GROUP: value = filling->values->group; break;
    case VAR_ACTIVITY: value = filling->values->activity; break;
    case VAR_TIME: value = filling->values->time; break;
    case VAR_LINK: value = filling->values->link; break;
    default: break;
    }
  if (value == NULL)
    return TRUE;
  g_string_append_len (filling->out, filling->copied, start - filling->copied);
  g_string_append (filling->out, value);
  filling->copied = end;
  return TRUE;
}

char *
co_sop_fill (const char        *text,
             const CoSopValues *values)
{
  Filling filling = { g_string_new (NULL), text, values };

  if (text == NULL)
    return g_string_free (filling.out, FALSE);
  foreach_variable (text, fill_one, &filling);
  g_string_append (filling.out, filling.copied);
  return g_string_free (filling.out, FALSE);
}

/* ---- the list ------------------------------------------------------------------------------- */

static const CoFieldSpec step_fields[] = {
  { "title", CO_FIELD_TEXT, 0, N_("Step"), N_("For example: Welcome and group rules") },
  { "trigger", CO_FIELD_CHOICE, CO_CHOICE_SOP_TRIGGER, N_("When"), NULL },
  { "days", CO_FIELD_COUNT, 0, N_("Days After"), N_("0: the same day") },
  { "hours", CO_FIELD_NUMBER, 0, N_("Hours from the Start"),
    N_("Negative before the activity starts: −24 the day before, −1 an hour before") },
  { "weekday", CO_FIELD_CHOICE, CO_CHOICE_WEEKDAY, N_("Weekday"), NULL },
  { "date", CO_FIELD_DATE, 0, N_("Date"), NULL },
  { "time", CO_FIELD_TIME, 0, N_("Time"), N_("HH:MM; 09:00 when a day-counted step has none") },
  { "text", CO_FIELD_LONG_TEXT, 0, N_("Text"),
    N_("Variables: {昵称} {群名} {活动} {时间} {链接}") },
  { "link", CO_FIELD_TEXT, 0, N_("Link"), N_("What {链接} stands for: a URL, a mini-program path") },
  { "role_id", CO_FIELD_REFERENCE, 0, N_("Role"), N_("The group’s person in this role does it"), "roles" },
  { "staff_id", CO_FIELD_REFERENCE, 0, N_("Person"), N_("Or a person, whatever their role"), "staff" },
  { "library_item_id", CO_FIELD_REFERENCE, 0, N_("From the Library"),
    N_("A text or image of the library that Copy puts on the clipboard too"), "library_items" },
};

static gboolean
check_step (CoStore *store,
            CoItem  *item,
            GError **error)
{
  return co_sop_check_variables (co_item_get (item, "text"), error);
}

const CoListSpec co_sop_list_spec = { CO_LIST_SOP_STEPS, "sop_steps", "group_id", CO_FIELDS (step_fields), -1, 0,
                                      N_("SOP"), N_("Add Step"), check_step };

/* ---- triggers ------------------------------------------------------------------------------- */

gboolean
co_sop_field_applies (const char *trigger,
                      const char *key)
{
  static const struct { const char *trigger; const char *keys; } used[] = {
    { "founded", " days time " },
    { "joined", " days time " },
    { "activity", " hours " },
    { "weekly", " weekday time " },
    { "once", " date time " },
  };
  g_autofree char *spaced = g_strdup_printf (" %s ", key);

  if (!g_str_equal (key, "days") && !g_str_equal (key, "hours") && !g_str_equal (key, "weekday") &&
      !g_str_equal (key, "date") && !g_str_equal (key, "time"))
    return TRUE;
  for (guint i = 0; trigger != NULL && i < G_N_ELEMENTS (used); i++)
    if (g_str_equal (trigger, used[i].trigger))
      return strstr (used[i].keys, spaced) != NULL;
  return FALSE;
}

char *
co_sop_describe_trigger (CoItem *step)
{
  const char *trigger = co_item_get (step, "trigger");
  const char *time = co_item_get (step, "time") ? co_item_get (step, "time") : CO_SOP_DEFAULT_TIME;
  gint64 days = co_item_get_int (step, "days", 0);

  if (trigger == NULL)
    return g_strdup (_("No trigger yet"));
  if (g_str_equal (trigger, "founded"))
    /* Translators: when an SOP step is due: D+%d is the day after the group's founding, then a time */
    return g_strdup_printf (_("Day %d after founding, %s"), (int) days, time);
  if (g_str_equal (trigger, "joined"))
    /* Translators: when an SOP step is due, per member: the day after joining, then a time */
    return g_strdup_printf (_("Day %d after a member joins, %s"), (int) days, time);
  if (g_str_equal (trigger, "activity"))
    {
      double hours = co_item_get (step, "hours") ? g_ascii_strtod (co_item_get (step, "hours"), NULL) : 0;
      g_autofree char *amount = co_number_to_string (ABS (hours));

      if (co_item_get (step, "hours") == NULL)
        return g_strdup (_("Before or after each activity"));
      /* Hours may be fractional: 1 is singular, anything else plural. */
      gulong n = ABS (hours) == 1 ? 1 : 2;

      return g_strdup_printf (hours < 0 ? g_dngettext (GETTEXT_PACKAGE, "%s hour before each activity starts",
                                                       "%s hours before each activity starts", n)
                                        : g_dngettext (GETTEXT_PACKAGE, "%s hour after each activity starts",
                                                       "%s hours after each activity starts", n), amount);
    }
  if (g_str_equal (trigger, "weekly"))
    {
      const char *weekday = co_item_get (step, "weekday");
      const char *label = weekday ? co_choice_label (CO_CHOICE_WEEKDAY, weekday) : NULL;

      /* Translators: when an SOP step is due: a weekday, then a time */
      return g_strdup_printf (_("Every %s at %s"), label ? label : "?", co_item_get (step, "time") ? time : "?");
    }
  if (g_str_equal (trigger, "once"))
    {
      g_autofree char *date = co_item_get (step, "date") ? co_date_format_display (co_item_get (step, "date")) : NULL;

      /* Translators: when a one-time SOP step is due: a date, then a time */
      return g_strdup_printf (_("Once, %s at %s"), date ? date : "?", co_item_get (step, "time") ? time : "?");
    }
  return g_strdup (trigger);
}

/* ---- problems ------------------------------------------------------------------------------- */

typedef struct
{
  gboolean used[N_VARS];
} Used;

static gboolean
note_used (const char *start,
           const char *end,
           int         variable,
           gpointer    data)
{
  Used *used = data;

  if (variable >= 0)
    used->used[variable] = TRUE;
  return TRUE;
}

static gboolean
group_has_timed_activity (CoStore *store,
                          gint64   group_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
                                         "SELECT 1 FROM activities WHERE group_id = ? AND deleted_at IS NULL"
                                         "  AND start_date IS NOT NULL AND start_time IS NOT NULL LIMIT 1", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  return co_store_step_int (stmt, 0) == 1;
}

static gboolean
group_has_founding_date (CoStore *store,
                         gint64   group_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT founding_date IS NOT NULL FROM groups WHERE id = ?", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  return co_store_step_int (stmt, 0) == 1;
}

static gboolean
role_is_played (CoStore *store,
                gint64   group_id,
                gint64   role_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
                                         "SELECT 1 FROM assignments WHERE group_id = ? AND role_id = ? AND deleted_at IS NULL"
                                         "  AND staff_id IS NOT NULL LIMIT 1", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group_id);
  sqlite3_bind_int64 (stmt, 2, role_id);
  return co_store_step_int (stmt, 0) == 1;
}

gboolean
co_sop_step_has_assignee (CoStore *store,
                          CoItem  *step)
{
  return co_item_get (step, "staff_id") != NULL ||
         (co_item_get (step, "role_id") != NULL &&
          role_is_played (store, co_item_get_group_id (step), co_item_get_int (step, "role_id", 0)));
}

GPtrArray *
co_sop_step_problems (CoStore *store,
                      CoItem  *step)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  const char *trigger = co_item_get (step, "trigger");
  const char *text = co_item_get (step, "text");
  gint64 group_id = co_item_get_group_id (step);
  Used used = { { FALSE } };

  if (trigger == NULL)
    g_ptr_array_add (problems, g_strdup (_("It has no trigger: say when it is due.")));
  else if (g_str_equal (trigger, "founded") && !group_has_founding_date (store, group_id))
    g_ptr_array_add (problems, g_strdup (_("It counts days from the group’s founding date, which the group does not have.")));
  else if (g_str_equal (trigger, "activity") && co_item_get (step, "hours") == NULL)
    g_ptr_array_add (problems, g_strdup (_("It needs the hours before (negative) or after the activity’s start.")));
  else if (g_str_equal (trigger, "activity") && !group_has_timed_activity (store, group_id))
    g_ptr_array_add (problems, g_strdup (_("No activity of the group has a start date and time, so it cannot fire.")));
  else if (g_str_equal (trigger, "weekly") && (co_item_get (step, "weekday") == NULL || co_item_get (step, "time") == NULL))
    g_ptr_array_add (problems, g_strdup (_("A weekly step needs a weekday and a time.")));
  else if (g_str_equal (trigger, "once") && (co_item_get (step, "date") == NULL || co_item_get (step, "time") == NULL))
    g_ptr_array_add (problems, g_strdup (_("A one-time step needs a date and a time.")));

  if (text == NULL)
    g_ptr_array_add (problems, g_strdup (_("It has no text to post.")));
  else
    foreach_variable (text, note_used, &used);
  if (used.used[VAR_NICKNAME] && g_strcmp0 (trigger, "joined") != 0)
    g_ptr_array_add (problems, g_strdup (_("{昵称} is a member’s nickname, known only to steps counted from a member joining.")));
  if (used.used[VAR_ACTIVITY] && g_strcmp0 (trigger, "activity") != 0)
    g_ptr_array_add (problems, g_strdup (_("{活动} is an activity’s name, known only to steps counted from an activity.")));
  if (used.used[VAR_LINK] && co_item_get (step, "link") == NULL)
    g_ptr_array_add (problems, g_strdup (_("The text uses {链接} but the step has no link.")));
  if (co_item_get (step, "role_id") == NULL && co_item_get (step, "staff_id") == NULL)
    g_ptr_array_add (problems, g_strdup (_("Nobody is assigned: choose a role or a person.")));
  else if (co_item_get (step, "staff_id") == NULL && !role_is_played (store, group_id, co_item_get_int (step, "role_id", 0)))
    {
      g_autoptr(CoItem) role = co_list_get (store, CO_LIST_ROLES, co_item_get_int (step, "role_id", 0), NULL);
      g_autofree char *name = role != NULL ? co_item_dup_title (role) : NULL;

      /* Translators: %s is a role, such as 主持人 */
      g_ptr_array_add (problems, g_strdup_printf (_("Nobody in the group plays the role “%s”: the step’s tasks have nobody to do them."),
                                                  name ? name : ""));
    }
  return problems;
}

guint
co_sop_count_steps (CoStore *store,
                    gint64   group_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
                                         "SELECT count (*) FROM sop_steps WHERE group_id = ? AND deleted_at IS NULL", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, group_id);
  return (guint) co_store_step_int (stmt, 0);
}
