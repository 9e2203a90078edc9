/* test-team.c: the role catalogue, staff, assignments, the duty roster and its gaps, alt
 * accounts, and each staffing rule of the plan check firing and holding back. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "core/groups/co-group.h"
#include "core/plan/co-plan-check.h"
#include "core/sample/co-sample.h"
#include "core/store/co-store-private.h"
#include "core/team/co-team.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

static gint64
add_person (Fixture    *f,
            const char *name)
{
  gint64 id = co_list_add (f->store, CO_LIST_STAFF, 0, NULL);

  g_assert_true (co_list_set (f->store, CO_LIST_STAFF, id, "name", name, NULL));
  return id;
}

static gint64
assign (Fixture    *f,
        gint64      group,
        gint64      person,
        const char *builtin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *person_text = g_strdup_printf ("%" G_GINT64_FORMAT, person);
  g_autofree char *role_text = g_strdup_printf ("%" G_GINT64_FORMAT, co_role_find_builtin (f->store, builtin));
  gint64 id = co_list_add (f->store, CO_LIST_ASSIGNMENTS, group, NULL);

  g_assert_true (co_list_set (f->store, CO_LIST_ASSIGNMENTS, id, "staff_id", person_text, &error));
  g_assert_no_error (error);
  g_assert_true (co_list_set (f->store, CO_LIST_ASSIGNMENTS, id, "role_id", role_text, &error));
  g_assert_no_error (error);
  return id;
}

static gint64
add_shift (Fixture    *f,
           gint64      person,
           const char *weekday,
           const char *start,
           const char *end,
           GError    **error)
{
  g_autofree char *person_text = g_strdup_printf ("%" G_GINT64_FORMAT, person);
  gint64 id = co_list_add (f->store, CO_LIST_SHIFTS, f->group, NULL);

  if (!co_list_set (f->store, CO_LIST_SHIFTS, id, "staff_id", person_text, error) ||
      !co_list_set (f->store, CO_LIST_SHIFTS, id, "weekday", weekday, error) ||
      !co_list_set (f->store, CO_LIST_SHIFTS, id, "start_time", start, error) ||
      !co_list_set (f->store, CO_LIST_SHIFTS, id, "end_time", end, error))
    return 0;
  return id;
}

static void
test_catalogue (Fixture *f, gconstpointer data)
{
  g_autoptr(GListStore) roles = co_list_items (f->store, CO_LIST_ROLES, 0, NULL);
  g_autoptr(GError) error = NULL;
  guint n_team = 0, n_in_group = 0;
  gint64 host = co_role_find_builtin (f->store, "host");
  g_autoptr(CoItem) role = NULL;
  g_autofree char *name = NULL;
  g_autofree char *duties = NULL;
  gint64 own;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roles)), ==, 14);
  for (guint i = 0; i < 14; i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (roles), i);
      g_autofree char *responsibilities = co_role_dup_responsibilities (item);

      n_team += g_str_equal (co_item_get (item, "kind"), "team");
      n_in_group += g_str_equal (co_item_get (item, "kind"), "in-group");
      g_assert_nonnull (co_item_get (item, "role_group"));
      g_assert_nonnull (responsibilities);
      g_assert_true (g_uuid_string_is_valid (co_item_get_uuid (item)));
    }
  g_assert_cmpuint (n_team, ==, 3);
  g_assert_cmpuint (n_in_group, ==, 11);

  role = co_list_get (f->store, CO_LIST_ROLES, host, NULL);
  name = co_item_dup_title (role);
  g_assert_cmpstr (name, ==, "Host");
  g_assert_cmpstr (co_item_get (role, "frequency"), ==, "weekly");
  duties = co_role_dup_responsibilities (role);
  g_assert_cmpstr (duties, ==, "Hosts discussions and activities and keeps them on time.");

  /* Shown in Chinese under zh_CN, until the user renames it. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "zh_CN.UTF-8");
  g_clear_pointer (&name, g_free);
  name = co_item_dup_title (role);
  g_assert_cmpstr (name, ==, "主持人");
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  g_assert_true (co_list_set (f->store, CO_LIST_ROLES, host, "name", "Weekly host", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_ROLES, host, "responsibilities", "Fridays 8 pm", NULL));
  g_clear_object (&role);
  role = co_list_get (f->store, CO_LIST_ROLES, host, NULL);
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&duties, g_free);
  name = co_item_dup_title (role);
  duties = co_role_dup_responsibilities (role);
  g_assert_cmpstr (name, ==, "Weekly host");
  g_assert_cmpstr (duties, ==, "Fridays 8 pm");

  /* The keyword of a built-in role is the store's, and users add roles of their own. */
  g_assert_false (co_list_set (f->store, CO_LIST_ROLES, host, "builtin", "owner", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_FIXED);
  own = co_list_add (f->store, CO_LIST_ROLES, 0, NULL);
  g_assert_true (co_list_set (f->store, CO_LIST_ROLES, own, "name", "Night owl", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_ROLES, own, "kind", "in-group", NULL));
  g_clear_object (&roles);
  roles = co_list_items (f->store, CO_LIST_ROLES, 0, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roles)), ==, 15);
}

static void
test_assignments (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 li = add_person (f, "李雷");
  gint64 second = co_group_create (f->store, "Second", 0, NULL);
  gint64 first_assignment = assign (f, f->group, li, "operator");
  g_autoptr(CoItem) item = co_list_get (f->store, CO_LIST_ASSIGNMENTS, first_assignment, NULL);
  g_autofree char *text = co_team_describe (f->store, item);
  g_autofree char *role_text = g_strdup_printf ("%" G_GINT64_FORMAT, co_role_find_builtin (f->store, "operator"));
  g_autofree char *li_text = g_strdup_printf ("%" G_GINT64_FORMAT, li);
  gint64 duplicate;

  g_assert_cmpstr (text, ==, "李雷 — Operator");
  assign (f, second, li, "operator");
  assign (f, f->group, li, "admin");  /* several roles in one group */
  g_assert_cmpuint (co_team_count_groups (f->store, li, co_role_find_builtin (f->store, "operator")), ==, 2);

  /* The same role twice in one group is refused. */
  duplicate = co_list_add (f->store, CO_LIST_ASSIGNMENTS, f->group, NULL);
  g_assert_true (co_list_set (f->store, CO_LIST_ASSIGNMENTS, duplicate, "staff_id", li_text, NULL));
  g_assert_false (co_list_set (f->store, CO_LIST_ASSIGNMENTS, duplicate, "role_id", role_text, &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
  g_clear_error (&error);

  /* A person in the trash cannot be assigned; restored, they can. */
  g_assert_true (co_list_remove (f->store, CO_LIST_STAFF, li, NULL));
  g_assert_false (co_list_set (f->store, CO_LIST_ASSIGNMENTS, duplicate, "staff_id", li_text, &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND);
  g_assert_true (co_list_restore (f->store, CO_LIST_STAFF, li, NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_ASSIGNMENTS, duplicate, "staff_id", li_text, NULL));
}

static void
test_shifts (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 li = add_person (f, "Li");
  gint64 han = add_person (f, "Han");

  g_assert_cmpint (add_shift (f, li, "mon", "08:00", "12:00", &error), >, 0);
  g_assert_no_error (error);
  /* A shift added on a day with no gap has no hours yet, and says so. */
  {
    gint64 id = co_list_add (f->store, CO_LIST_SHIFTS, f->group, NULL);
    g_autoptr(CoItem) shift = NULL;
    g_autofree char *text = NULL;

    g_assert_true (co_list_set (f->store, CO_LIST_SHIFTS, id, "weekday", "tue", NULL));
    shift = co_list_get (f->store, CO_LIST_SHIFTS, id, NULL);
    text = co_team_describe (f->store, shift);
    g_assert_cmpstr (text, ==, "Tuesday, no time yet · Nobody yet");
    g_assert_true (co_list_remove (f->store, CO_LIST_SHIFTS, id, NULL));
  }
  g_assert_cmpint (add_shift (f, li, "mon", "12:00", "11:00", &error), ==, 0);
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
  g_clear_error (&error);
  g_assert_cmpint (add_shift (f, li, "mon", "11:00", "14:00", &error), ==, 0);  /* overlaps */
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INCONSISTENT);
  g_clear_error (&error);
  g_assert_cmpint (add_shift (f, han, "mon", "11:00", "14:00", &error), >, 0);  /* another person */
  g_assert_cmpint (add_shift (f, li, "mon", "12:00", "13:00", &error), >, 0);   /* touching is fine */
  g_assert_no_error (error);
}

static char *
gaps_text (Fixture *f)
{
  g_autoptr(GArray) gaps = co_team_roster_gaps (f->store, f->group, NULL);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < gaps->len; i++)
    {
      g_autofree char *gap = co_gap_format (&g_array_index (gaps, CoGap, i));
      g_string_append_printf (text, "%s%s", i ? "; " : "", gap);
    }
  return g_string_free (text, FALSE);
}

static void
test_gaps_and_on_duty (Fixture *f, gconstpointer data)
{
  gint64 li = add_person (f, "Li");
  gint64 han = add_person (f, "Han");
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) monday_noon = g_date_time_new_local (2026, 11, 23, 12, 30, 0);  /* a Monday */
  g_autoptr(GDateTime) monday_late = g_date_time_new_local (2026, 11, 23, 22, 0, 0);
  g_autoptr(GPtrArray) on_duty = NULL;
  const char *days[] = { "tue", "wed", "thu", "fri", "sat", "sun" };

  /* No active hours, no gaps to speak of. */
  text = gaps_text (f);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_ACTIVE_FROM, "08:00", NULL);
  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_ACTIVE_UNTIL, "22:00", NULL);
  add_shift (f, li, "mon", "07:00", "12:00", NULL);
  add_shift (f, han, "mon", "11:00", "13:00", NULL);
  add_shift (f, li, "mon", "14:00", "21:30", NULL);
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    add_shift (f, han, days[d], "08:00", "22:00", NULL);
  text = gaps_text (f);
  g_assert_cmpstr (text, ==, "Monday 13:00–14:00; Monday 21:30–22:00");

  on_duty = co_team_on_duty (f->store, f->group, monday_noon);
  g_assert_cmpuint (on_duty->len, ==, 1);
  g_assert_cmpstr (on_duty->pdata[0], ==, "Han");
  g_clear_pointer (&on_duty, g_ptr_array_unref);
  on_duty = co_team_on_duty (f->store, f->group, monday_late);
  g_assert_cmpuint (on_duty->len, ==, 0);
}

static guint
count_items (Fixture *f,
             CoList   list,
             gint64   parent)
{
  g_autoptr(GListStore) items = co_list_items (f->store, list, parent, NULL);
  return g_list_model_get_n_items (G_LIST_MODEL (items));
}

static void
test_remove_person (Fixture *f, gconstpointer data)
{
  const char *days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  g_autoptr(GError) error = NULL;
  gint64 li = add_person (f, "Li");
  gint64 han = add_person (f, "Han");
  gint64 old_shift;
  g_autofree char *text = NULL;

  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_ACTIVE_FROM, "08:00", NULL);
  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_ACTIVE_UNTIL, "24:00", NULL);
  assign (f, f->group, li, "operator");
  assign (f, f->group, han, "admin");
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      g_assert_cmpint (add_shift (f, han, days[d], "08:00", "16:00", &error), >, 0);
      g_assert_cmpint (add_shift (f, li, days[d], "16:00", "24:00", &error), >, 0);  /* till midnight */
      g_assert_no_error (error);
    }
  old_shift = add_shift (f, li, "mon", "06:00", "07:00", NULL);
  text = gaps_text (f);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* A shift removed on its own, long before, stays removed when its person comes back. */
  g_assert_true (co_list_remove (f->store, CO_LIST_SHIFTS, old_shift, NULL));
  g_assert_true (co_store_exec (f->store, "UPDATE shifts SET deleted_at = '2000-01-01T00:00:00Z' WHERE deleted_at IS NOT NULL",
                                NULL));
  g_assert_cmpuint (co_team_count_duties (f->store, li), ==, 8);

  /* Removing a person takes their roles and shifts along: the roster shows the hours they held. */
  g_assert_true (co_list_remove (f->store, CO_LIST_STAFF, li, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (co_team_count_duties (f->store, li), ==, 0);
  g_assert_cmpuint (count_items (f, CO_LIST_ASSIGNMENTS, f->group), ==, 1);
  g_assert_cmpuint (count_items (f, CO_LIST_SHIFTS, f->group), ==, 7);
  text = gaps_text (f);
  g_assert_true (g_str_has_prefix (text, "Monday 16:00–24:00; Tuesday 16:00–24:00"));
  g_clear_pointer (&text, g_free);

  /* Undo brings all of it back, and nothing more. */
  g_assert_true (co_list_restore (f->store, CO_LIST_STAFF, li, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (co_team_count_duties (f->store, li), ==, 8);
  g_assert_cmpuint (count_items (f, CO_LIST_SHIFTS, f->group), ==, 14);
  text = gaps_text (f);
  g_assert_cmpstr (text, ==, "");

  /* Neither works twice. */
  g_assert_false (co_list_restore (f->store, CO_LIST_STAFF, li, &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (co_list_remove (f->store, CO_LIST_STAFF, li, NULL));
  g_assert_false (co_list_remove (f->store, CO_LIST_STAFF, li, &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_NOT_FOUND);
}

static void
test_builtin_roles_stay (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 host = co_role_find_builtin (f->store, "host");
  gint64 own = co_list_add (f->store, CO_LIST_ROLES, 0, NULL);

  g_assert_false (co_list_remove (f->store, CO_LIST_ROLES, host, &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_FIXED);
  g_assert_cmpint (co_role_find_builtin (f->store, "host"), ==, host);
  g_assert_true (co_list_remove (f->store, CO_LIST_ROLES, own, NULL));
  g_assert_cmpuint (count_items (f, CO_LIST_ROLES, 0), ==, 14);
}

/* Times damaged outside the app (hand edits, another tool) that pass the schema's pattern
 * but not the clock are skipped, not trusted. */
static void
test_damaged_times (Fixture *f, gconstpointer data)
{
  gint64 li = add_person (f, "Li");
  g_autoptr(GDateTime) monday_noon = g_date_time_new_local (2026, 11, 23, 12, 30, 0);
  g_autoptr(GPtrArray) on_duty = NULL;
  g_autofree char *text = NULL;

  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_ACTIVE_FROM, "08:00", NULL);
  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_ACTIVE_UNTIL, "22:00", NULL);
  g_assert_cmpint (add_shift (f, li, "mon", "08:00", "22:00", NULL), >, 0);
  on_duty = co_team_on_duty (f->store, f->group, monday_noon);
  g_assert_cmpuint (on_duty->len, ==, 1);
  g_clear_pointer (&on_duty, g_ptr_array_unref);

  g_assert_true (co_store_exec (f->store, "UPDATE shifts SET start_time = '29:30', end_time = NULL", NULL));
  on_duty = co_team_on_duty (f->store, f->group, monday_noon);
  g_assert_cmpuint (on_duty->len, ==, 0);
  text = gaps_text (f);
  g_assert_true (g_str_has_prefix (text, "Monday 08:00–22:00"));
  g_clear_pointer (&text, g_free);

  g_assert_true (co_store_exec (f->store, "UPDATE groups SET active_from = '25:00'", NULL));
  text = gaps_text (f);
  g_assert_cmpstr (text, ==, "");
}

/* Active hours over midnight: each day is active after 20:00 and until 02:00. */
static void
test_overnight_hours (Fixture *f, gconstpointer data)
{
  const char *days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  gint64 li = add_person (f, "Li");
  g_autofree char *text = NULL;

  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_ACTIVE_FROM, "20:00", NULL);
  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_ACTIVE_UNTIL, "02:00", NULL);
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      g_assert_cmpint (add_shift (f, li, days[d], "20:00", "24:00", NULL), >, 0);
      if (d != 1)  /* nobody in the small hours of Tuesday */
        g_assert_cmpint (add_shift (f, li, days[d], "00:00", "02:00", NULL), >, 0);
    }
  text = gaps_text (f);
  g_assert_cmpstr (text, ==, "Tuesday 00:00–02:00");
  g_clear_pointer (&text, g_free);

  g_assert_cmpint (add_shift (f, li, "tue", "00:00", "01:00", NULL), >, 0);
  text = gaps_text (f);
  g_assert_cmpstr (text, ==, "Tuesday 01:00–02:00");
}

static void
test_alt_accounts (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 alt = co_list_add (f->store, CO_LIST_ALT_ACCOUNTS, 0, NULL);
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GListStore) in_group = NULL;

  g_assert_true (co_list_set (f->store, CO_LIST_ALT_ACCOUNTS, alt, "label", "小助手1号", NULL));
  g_assert_false (co_list_set (f->store, CO_LIST_ALT_ACCOUNTS, alt, "daily_friend_target", "-3", &error));
  g_assert_error (error, CO_RECORD_ERROR, CO_RECORD_ERROR_INVALID_VALUE);
  g_assert_true (co_list_set (f->store, CO_LIST_ALT_ACCOUNTS, alt, "daily_friend_target", "30", NULL));
  g_assert_true (co_alt_account_set_in_group (f->store, alt, f->group, TRUE, NULL));
  g_assert_true (co_alt_account_set_in_group (f->store, alt, f->group, TRUE, NULL));
  groups = co_alt_account_get_groups (f->store, alt);
  g_assert_cmpuint (groups->len, ==, 1);
  in_group = co_alt_accounts_in_group (f->store, f->group);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (in_group)), ==, 1);
  g_assert_true (co_alt_account_set_in_group (f->store, alt, f->group, FALSE, NULL));
  g_clear_object (&in_group);
  in_group = co_alt_accounts_in_group (f->store, f->group);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (in_group)), ==, 0);
}

static gboolean
fires (Fixture    *f,
       gint64      group,
       const char *rule)
{
  g_autoptr(GPtrArray) findings = co_plan_check (f->store, group, NULL);

  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (((CoFinding *) findings->pdata[i])->rule, rule))
      return TRUE;
  return FALSE;
}

static void
test_rule_missing_roles (Fixture *f, gconstpointer data)
{
  gint64 li = add_person (f, "Li");

  g_assert_true (fires (f, f->group, "missing-role"));
  assign (f, f->group, li, "owner");
  assign (f, f->group, li, "admin");
  g_assert_true (fires (f, f->group, "missing-role"));
  assign (f, f->group, li, "operator");
  g_assert_false (fires (f, f->group, "missing-role"));
}

static void
test_rule_operator_overload (Fixture *f, gconstpointer data)
{
  gint64 li = add_person (f, "Li");

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Group %u", i);
      assign (f, i == 0 ? f->group : co_group_create (f->store, name, 0, NULL), li, "operator");
    }
  g_assert_false (fires (f, f->group, "operator-overload"));
  assign (f, co_group_create (f->store, "The sixth", 0, NULL), li, "operator");
  g_assert_true (fires (f, f->group, "operator-overload"));
}

static void
test_rule_roster_gaps (Fixture *f, gconstpointer data)
{
  gint64 li = add_person (f, "Li");
  const char *days[] = { "mon", "tue", "wed", "thu", "fri", "sat" };

  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_ACTIVE_FROM, "09:00", NULL);
  co_group_set_field (f->store, f->group, CO_GROUP_FIELD_ACTIVE_UNTIL, "18:00", NULL);
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    add_shift (f, li, days[d], "09:00", "18:00", NULL);
  g_assert_true (fires (f, f->group, "roster-gaps"));  /* Sunday */
  add_shift (f, li, "sun", "09:00", "18:00", NULL);
  g_assert_false (fires (f, f->group, "roster-gaps"));
}

static void
test_rule_alt_accounts (Fixture *f, gconstpointer data)
{
  gint64 li = add_person (f, "Li");
  g_autofree char *li_text = g_strdup_printf ("%" G_GINT64_FORMAT, li);
  gint64 a = co_list_add (f->store, CO_LIST_ALT_ACCOUNTS, 0, NULL);
  gint64 b = co_list_add (f->store, CO_LIST_ALT_ACCOUNTS, 0, NULL);

  co_list_set (f->store, CO_LIST_ALT_ACCOUNTS, a, "label", "A", NULL);
  co_list_set (f->store, CO_LIST_ALT_ACCOUNTS, b, "label", "B", NULL);
  co_alt_account_set_in_group (f->store, a, f->group, TRUE, NULL);
  g_assert_true (fires (f, f->group, "alt-no-owner"));
  co_list_set (f->store, CO_LIST_ALT_ACCOUNTS, a, "owner_id", li_text, NULL);
  g_assert_false (fires (f, f->group, "alt-no-owner"));

  co_list_set (f->store, CO_LIST_ALT_ACCOUNTS, a, "moments_category", "Papers", NULL);
  co_list_set (f->store, CO_LIST_ALT_ACCOUNTS, b, "moments_category", "papers", NULL);
  co_list_set (f->store, CO_LIST_ALT_ACCOUNTS, b, "owner_id", li_text, NULL);
  g_assert_false (fires (f, f->group, "alt-same-moments"));  /* B is not in the group */
  co_alt_account_set_in_group (f->store, b, f->group, TRUE, NULL);
  g_assert_true (fires (f, f->group, "alt-same-moments"));
  co_list_set (f->store, CO_LIST_ALT_ACCOUNTS, b, "moments_category", "Daily life", NULL);
  g_assert_false (fires (f, f->group, "alt-same-moments"));
}

/* The sample's research matrix is fully staffed: no staffing finding for it; the groups
 * nobody staffs yet are told they need an owner, an admin and an operator. */
static void
test_sample_staffed (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CoStore) store = test_open_temp_store (&path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GListStore) groups = NULL;
  Fixture f = { store, NULL, 0 };
  const char *rules[] = { "missing-role", "operator-overload", "roster-gaps", "alt-no-owner", "alt-same-moments" };
  g_autoptr(CoGroup) matrix = NULL;
  g_autoptr(CoGroup) circle = NULL;

  g_assert_true (co_sample_create (store, NULL));
  groups = co_group_list (store, NULL);
  matrix = g_list_model_get_item (G_LIST_MODEL (groups), 0);
  circle = g_list_model_get_item (G_LIST_MODEL (groups), 3);
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    g_assert_false (fires (&f, co_group_get_id (matrix), rules[r]));
  g_assert_true (fires (&f, co_group_get_id (circle), "missing-role"));

  g_clear_object (&store);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  test_bind_translations ();
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/team/" path, Fixture, NULL, workspace_set_up, func, workspace_tear_down)
  ADD ("catalogue", test_catalogue);
  ADD ("assignments", test_assignments);
  ADD ("shifts", test_shifts);
  ADD ("gaps-and-on-duty", test_gaps_and_on_duty);
  ADD ("remove-person", test_remove_person);
  ADD ("builtin-roles-stay", test_builtin_roles_stay);
  ADD ("damaged-times", test_damaged_times);
  ADD ("overnight-hours", test_overnight_hours);
  ADD ("alt-accounts", test_alt_accounts);
  ADD ("rule/missing-roles", test_rule_missing_roles);
  ADD ("rule/operator-overload", test_rule_operator_overload);
  ADD ("rule/roster-gaps", test_rule_roster_gaps);
  ADD ("rule/alt-accounts", test_rule_alt_accounts);
#undef ADD
  g_test_add_func ("/team/sample-staffed", test_sample_staffed);

  return g_test_run ();
}
