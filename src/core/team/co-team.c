/* co-team.c: what the team's lists mean together: names of people and roles, the default
 * responsibilities of the built-in roles, the duty roster's gaps and who is on duty, and the
 * groups an alt account is in. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "core/groups/co-group.h"
#include "core/store/co-store-private.h"
#include "core/team/co-team.h"

#define MINUTES_PER_DAY (24 * 60)

static const struct
{
  const char *builtin;
  const char *responsibilities;
} default_responsibilities[] = {
  { "group-admin", N_("Runs activities and looks after the whole matrix of groups.") },
  { "operator", N_("Collects content, posts the daily report, keeps the data and answers questions; looks after 3 to 5 groups.") },
  { "copywriter", N_("Writes posters, announcements and the morning and evening reports.") },
  { "owner", N_("Sets the tone and the rules, and has the last word.") },
  { "admin", N_("Welcomes newcomers, keeps the rules and removes ads.") },
  { "expert", N_("Answers the hard questions and leads the weekly discussion.") },
  { "warm-up", N_("Starts conversations when the group is quiet.") },
  { "host", N_("Hosts discussions and activities and keeps them on time.") },
  { "shill", N_("Asks the questions others are shy to ask and praises good posts.") },
  { "resourceful", N_("Shares files, links and resources.") },
  { "joker", N_("Keeps the mood light.") },
  { "newcomer", N_("Asks the beginner's questions, so that others learn from the answers.") },
  { "onlooker", N_("Reads more than writes, and reacts to posts.") },
  { "organizer", N_("Organizes meetups and group activities.") },
};

/* A person's or a role's name; NULL when it is gone. */
char *
co_team_dup_name (CoStore *store,
                  CoList   list,
                  gint64   id)
{
  g_autoptr(CoItem) item = co_list_get (store, list, id, NULL);

  g_return_val_if_fail (list == CO_LIST_STAFF || list == CO_LIST_ROLES || list == CO_LIST_ALT_ACCOUNTS, NULL);
  return item ? co_item_dup_title (item) : NULL;
}

/* The user's text, else the built-in role's, translated. */
char *
co_role_dup_responsibilities (CoItem *role)
{
  const char *builtin = co_item_get (role, "builtin");

  if (co_item_get (role, "responsibilities") != NULL)
    return g_strdup (co_item_get (role, "responsibilities"));
  for (guint i = 0; builtin != NULL && i < G_N_ELEMENTS (default_responsibilities); i++)
    if (g_str_equal (default_responsibilities[i].builtin, builtin))
      return g_strdup (_(default_responsibilities[i].responsibilities));
  return NULL;
}

gint64
co_role_find_builtin (CoStore    *store,
                      const char *builtin)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT id FROM roles WHERE builtin = ? AND deleted_at IS NULL",
                                         NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, builtin, -1, SQLITE_TRANSIENT);
  return co_store_step_int (stmt, 0);
}

#define NO_TIME G_MAXUINT

/* Minutes from midnight, 24:00 being the end of the day; NO_TIME for anything else, such as
 * a value a damaged file holds. */
static guint
minutes (const char *time)
{
  guint hours = 0, mins = 0;

  if (time == NULL || sscanf (time, "%u:%u", &hours, &mins) != 2 || mins > 59 || hours > 24 ||
      (hours == 24 && mins != 0))
    return NO_TIME;
  return hours * 60 + mins;
}

/* "Person — Role" for an assignment, "Monday 08:00–12:00 · Person" for a shift. */
char *
co_team_describe (CoStore *store,
                  CoItem  *item)
{
  g_autofree char *person = NULL;
  g_autofree char *role = NULL;

  switch (co_item_get_list (item))
    {
    case CO_LIST_ASSIGNMENTS:
      person = co_team_dup_name (store, CO_LIST_STAFF, co_item_get_int (item, "staff_id", 0));
      role = co_team_dup_name (store, CO_LIST_ROLES, co_item_get_int (item, "role_id", 0));
      /* Translators: who has which role, e.g. "Li Lei — Operator" */
      return g_strdup_printf (_("%s — %s"), person ? person : _("Nobody yet"), role ? role : _("No role yet"));

    case CO_LIST_SHIFTS:
      {
        CoGap span = { 0 };
        g_autofree char *when = NULL;
        int weekday = co_choice_index (CO_CHOICE_WEEKDAY, co_item_get (item, "weekday"));

        person = co_team_dup_name (store, CO_LIST_STAFF, co_item_get_int (item, "staff_id", 0));
        span.weekday = weekday < 0 ? 0 : (guint) weekday;
        span.from = minutes (co_item_get (item, "start_time"));
        span.until = minutes (co_item_get (item, "end_time"));
        if (weekday < 0)
          when = g_strdup (_("No day yet"));
        else if (span.from == NO_TIME || span.until == NO_TIME)
          {
            guint n_weekdays;
            const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
            /* Translators: a shift whose hours are not set yet, e.g. "Monday, no time yet" */
            when = g_strdup_printf (_("%s, no time yet"), _(weekdays[weekday].label));
          }
        else
          when = co_gap_format (&span);
        /* Translators: a shift of the duty roster, e.g. "Monday 08:00–12:00 · Li Lei" */
        return g_strdup_printf (_("%s · %s"), when, person ? person : _("Nobody yet"));
      }

    case CO_LIST_SURVEY:
    case CO_LIST_STAGE_RULES:
    case CO_LIST_TYPE_RULES:
    case CO_LIST_CONTENT:
    case CO_LIST_ACTIVITIES:
    case CO_LIST_SPENDS:
    case CO_LIST_PROBLEMS:
    case CO_LIST_GOALS:
    case CO_LIST_TASKS:
    case CO_LIST_ROLES:
    case CO_LIST_STAFF:
    case CO_LIST_ALT_ACCOUNTS:
    case CO_N_LISTS:
    default:
      return co_item_dup_title (item);
    }
}

char *
co_gap_format (const CoGap *gap)
{
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);

  g_return_val_if_fail (gap->weekday < n_weekdays, NULL);
  /* Translators: a weekday and a span of time, e.g. "Monday 08:00–12:00" */
  return g_strdup_printf (_("%s %02u:%02u–%02u:%02u"), _(weekdays[gap->weekday].label),
                          gap->from / 60, gap->from % 60, gap->until / 60, gap->until % 60);
}

/* The stretches of the group's active hours, each day of the week, that no shift covers.
 * Empty when the group has no active hours set. */
GArray *
co_team_roster_gaps (CoStore  *store,
                     gint64    group_id,
                     GError  **error)
{
  g_autoptr(CoGroup) group = co_group_get (store, group_id, error);
  g_autoptr(GListStore) shifts = NULL;
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (CoGap));
  const char *from_text, *until_text;
  guint from, until;

  if (group == NULL)
    return NULL;
  from_text = co_group_get_field (group, CO_GROUP_FIELD_ACTIVE_FROM);
  until_text = co_group_get_field (group, CO_GROUP_FIELD_ACTIVE_UNTIL);
  from = minutes (from_text);
  until = minutes (until_text);
  if (from == NO_TIME || until == NO_TIME || until == from)
    return g_steal_pointer (&gaps);

  shifts = co_list_items (store, CO_LIST_SHIFTS, group_id, error);
  if (shifts == NULL)
    return NULL;

  for (guint day = 0; day < 7; day++)
    {
      gboolean covered[MINUTES_PER_DAY] = { FALSE };
      gboolean in_gap = FALSE;
      guint start = 0;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shifts)); i++)
        {
          g_autoptr(CoItem) shift = g_list_model_get_item (G_LIST_MODEL (shifts), i);
          g_autofree char *person = NULL;
          guint start_minute = minutes (co_item_get (shift, "start_time"));
          guint end_minute = minutes (co_item_get (shift, "end_time"));

          if (co_choice_index (CO_CHOICE_WEEKDAY, co_item_get (shift, "weekday")) != (int) day ||
              start_minute == NO_TIME || end_minute == NO_TIME)
            continue;
          /* Only a person who is there covers a shift. */
          person = co_team_dup_name (store, CO_LIST_STAFF, co_item_get_int (shift, "staff_id", 0));
          if (person == NULL)
            continue;
          for (guint m = start_minute; m < end_minute && m < MINUTES_PER_DAY; m++)
            covered[m] = TRUE;
        }

      for (guint m = 0; m <= MINUTES_PER_DAY; m++)
        {
          /* Hours over midnight (20:00 until 02:00) make each day active until 02:00 and from
           * 20:00; shifts end by midnight, so the night is two shifts on two days. */
          gboolean active = from < until ? m >= from && m < until : m < until || m >= from;
          gboolean gap_here = m < MINUTES_PER_DAY && active && !covered[m];

          if (gap_here && !in_gap)
            start = m;
          else if (!gap_here && in_gap)
            {
              CoGap gap = { day, start, m };
              g_array_append_val (gaps, gap);
            }
          in_gap = gap_here;
        }
    }
  return g_steal_pointer (&gaps);
}

/* The names of who is on duty in the group at @when. */
GPtrArray *
co_team_on_duty (CoStore   *store,
                 gint64     group_id,
                 GDateTime *when)
{
  g_autoptr(GListStore) shifts = co_list_items (store, CO_LIST_SHIFTS, group_id, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  guint n_weekdays;
  const CoChoice *weekdays = co_choices_get (CO_CHOICE_WEEKDAY, &n_weekdays);
  const char *today = weekdays[g_date_time_get_day_of_week (when) - 1].keyword;
  guint now = (guint) (g_date_time_get_hour (when) * 60 + g_date_time_get_minute (when));

  for (guint i = 0; shifts && i < g_list_model_get_n_items (G_LIST_MODEL (shifts)); i++)
    {
      g_autoptr(CoItem) shift = g_list_model_get_item (G_LIST_MODEL (shifts), i);
      g_autofree char *name = NULL;
      guint start_minute = minutes (co_item_get (shift, "start_time"));
      guint end_minute = minutes (co_item_get (shift, "end_time"));

      if (g_strcmp0 (co_item_get (shift, "weekday"), today) != 0 || start_minute == NO_TIME ||
          end_minute == NO_TIME || now < start_minute || now >= end_minute)
        continue;
      name = co_team_dup_name (store, CO_LIST_STAFF, co_item_get_int (shift, "staff_id", 0));
      if (name != NULL && !g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        g_ptr_array_add (names, g_steal_pointer (&name));
    }
  return names;
}

gboolean
co_alt_account_set_in_group (CoStore   *store,
                             gint64     alt_id,
                             gint64     group_id,
                             gboolean   in_group,
                             GError   **error)
{
  g_autoptr(CoItem) alt = co_list_get (store, CO_LIST_ALT_ACCOUNTS, alt_id, error);
  g_autoptr(CoGroup) group = alt ? co_group_get (store, group_id, error) : NULL;
  sqlite3_stmt *stmt;

  if (group == NULL || !co_store_begin (store, error))
    return FALSE;
  stmt = co_store_prepare (store, in_group
    ? "INSERT OR IGNORE INTO alt_account_groups (alt_id, group_id) VALUES (?, ?)"
    : "DELETE FROM alt_account_groups WHERE alt_id = ? AND group_id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, alt_id);
  sqlite3_bind_int64 (stmt, 2, group_id);
  if (!co_store_step_done (store, stmt, error))
    goto failed;
  co_store_note_change (store, "alt_accounts", group_id);
  return co_store_commit (store, error);

failed:
  co_store_rollback (store);
  return FALSE;
}

/* The ids of the groups the alt account is in, in no order. */
GArray *
co_alt_account_get_groups (CoStore *store,
                           gint64   alt_id)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT a.group_id FROM alt_account_groups a"
                                                " JOIN groups g ON g.id = a.group_id"
                                                " WHERE a.alt_id = ? AND g.deleted_at IS NULL", NULL);

  if (stmt == NULL)
    return ids;
  sqlite3_bind_int64 (stmt, 1, alt_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}

/* The alt accounts that are in the group. */
GListStore *
co_alt_accounts_in_group (CoStore *store,
                          gint64   group_id)
{
  g_autoptr(GListStore) all = co_list_items (store, CO_LIST_ALT_ACCOUNTS, 0, NULL);
  GListStore *in_group = g_list_store_new (CO_TYPE_ITEM);

  for (guint i = 0; all && i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(CoItem) alt = g_list_model_get_item (G_LIST_MODEL (all), i);
      g_autoptr(GArray) groups = co_alt_account_get_groups (store, co_item_get_id (alt));

      for (guint g = 0; g < groups->len; g++)
        if (g_array_index (groups, gint64, g) == group_id)
          {
            g_list_store_append (in_group, alt);
            break;
          }
    }
  return in_group;
}

/* In how many groups (not in the trash) the person has the role. */
guint
co_team_count_groups (CoStore *store,
                      gint64   staff_id,
                      gint64   role_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT count(DISTINCT a.group_id) FROM assignments a"
                                                " JOIN groups g ON g.id = a.group_id"
                                                " WHERE a.staff_id = ? AND a.role_id = ?"
                                                " AND a.deleted_at IS NULL AND g.deleted_at IS NULL"
                                                " AND g.archived = 0", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  sqlite3_bind_int64 (stmt, 2, role_id);
  return (guint) co_store_step_int (stmt, 0);
}

/* How many roles and shifts the person has, to ask before removing them. */
guint
co_team_count_duties (CoStore *store,
                      gint64   staff_id)
{
  sqlite3_stmt *stmt = co_store_prepare (store,
    "SELECT (SELECT count(*) FROM assignments WHERE staff_id = ?1 AND deleted_at IS NULL) +"
    "       (SELECT count(*) FROM shifts WHERE staff_id = ?1 AND deleted_at IS NULL)", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  return (guint) co_store_step_int (stmt, 0);
}
