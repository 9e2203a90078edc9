/* test-roster.c: the team's grids read in one go (core/team/co-roster) equal what the store
 * holds, group by group and person by person, as reading each list on its own gives it; an
 * archived group is left out of every group's grid, and a cancelled reading gives nothing. */
#include "config.h"

#include <locale.h>

#include "core/groups/co-group.h"
#include "core/records/co-list.h"
#include "core/sample/co-sample.h"
#include "core/team/co-roster.h"
#include "test-util.h"

typedef struct
{
  CoStore *store;
  char    *dir;
} Sample;

static void
sample_set_up (Sample        *s,
               gconstpointer  data)
{
  g_autofree char *path = NULL;

  s->store = test_open_temp_store (&path);
  s->dir = g_path_get_dirname (path);
  g_assert_true (co_sample_create (s->store, NULL));
}

static void
sample_tear_down (Sample        *s,
                  gconstpointer  data)
{
  g_clear_object (&s->store);
  test_remove_tree (s->dir);
  g_free (s->dir);
}

/* The active groups, each list read on its own. */
static GPtrArray *
active_groups (CoStore *store)
{
  g_autoptr(GListStore) all = co_group_list (store, NULL);
  GPtrArray *groups = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      CoGroup *group = g_list_model_get_item (G_LIST_MODEL (all), i);

      if (co_group_get_archived (group))
        g_object_unref (group);
      else
        g_ptr_array_add (groups, group);
    }
  return groups;
}

static void
assert_week_is_store (CoStore      *store,
                      CoRosterWeek *week,
                      CoGroup      *group)
{
  g_autoptr(GListStore) shifts = co_list_items (store, CO_LIST_SHIFTS, co_group_get_id (group), NULL);
  g_autoptr(GArray) gaps = co_team_roster_gaps (store, co_group_get_id (group), NULL);
  guint n = 0;

  g_assert_cmpint (week->group_id, ==, co_group_get_id (group));
  g_assert_cmpstr (week->group_name, ==, co_group_get_name (group));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shifts)); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (shifts), i);
      g_autofree char *person = co_team_dup_name (store, CO_LIST_STAFF, co_item_get_int (item, "staff_id", 0));
      int weekday = co_choice_index (CO_CHOICE_WEEKDAY, co_item_get (item, "weekday"));
      CoRosterShift *shift;

      if (weekday < 0)
        continue;
      g_assert_cmpuint (n, <, week->shifts->len);
      shift = &g_array_index (week->shifts, CoRosterShift, n++);
      g_assert_cmpuint (shift->weekday, ==, (guint) weekday);
      g_assert_cmpstr (shift->start_time, ==, co_item_get (item, "start_time"));
      g_assert_cmpstr (shift->end_time, ==, co_item_get (item, "end_time"));
      g_assert_cmpstr (shift->person, ==, person);
    }
  g_assert_cmpuint (n, ==, week->shifts->len);
  g_assert_cmpuint (gaps->len, ==, week->gaps->len);
  g_assert_cmpmem (gaps->data, gaps->len * sizeof (CoGap), week->gaps->data, week->gaps->len * sizeof (CoGap));
}

/* Every active group's week: its shifts with their people, in order, and its gaps. A shift with
 * nobody chosen and one without a day show as the list has them (nobody; not in the week). */
static void
test_weeks (Sample *s, gconstpointer data)
{
  g_autoptr(GPtrArray) groups = active_groups (s->store);
  gint64 first = co_group_get_id (groups->pdata[0]);
  gint64 nobody = co_list_add (s->store, CO_LIST_SHIFTS, first, NULL);
  g_autoptr(GPtrArray) weeks = NULL;
  g_autoptr(GError) error = NULL;
  guint with_shifts = 0;

  g_assert_true (co_list_set (s->store, CO_LIST_SHIFTS, nobody, "weekday", "sun", NULL));
  co_list_add (s->store, CO_LIST_SHIFTS, first, NULL);  /* no day yet */
  weeks = co_roster_read_weeks (s->store, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weeks->len, ==, groups->len);
  for (guint g = 0; g < groups->len; g++)
    {
      assert_week_is_store (s->store, weeks->pdata[g], groups->pdata[g]);
      with_shifts += ((CoRosterWeek *) weeks->pdata[g])->shifts->len > 0;
    }
  /* The sample staffs its matrix: the comparison compared something. */
  g_assert_cmpuint (with_shifts, >, 0);
  g_assert_null (g_array_index (((CoRosterWeek *) weeks->pdata[0])->shifts, CoRosterShift,
                                ((CoRosterWeek *) weeks->pdata[0])->shifts->len - 1).person);
}

/* An archived group is in no grid of every group, but its own when asked for by id. */
static void
test_archived_and_one_group (Sample *s, gconstpointer data)
{
  g_autoptr(GPtrArray) groups = active_groups (s->store);
  gint64 archived = co_group_get_id (groups->pdata[1]);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(CoRosterMatrix) matrix = NULL;

  g_assert_true (co_group_set_archived (s->store, archived, TRUE, NULL));
  all = co_roster_read_weeks (s->store, 0, NULL, NULL);
  g_assert_cmpuint (all->len, ==, groups->len - 1);
  for (guint g = 0; g < all->len; g++)
    g_assert_cmpint (((CoRosterWeek *) all->pdata[g])->group_id, !=, archived);
  matrix = co_roster_read_matrix (s->store, 0, NULL, NULL);
  g_assert_cmpuint (matrix->groups->len, ==, groups->len - 1);
  one = co_roster_read_weeks (s->store, archived, NULL, NULL);
  g_assert_cmpuint (one->len, ==, 1);
  assert_week_is_store (s->store, one->pdata[0], groups->pdata[1]);
}

/* Each person's roles in each group, a line each, as each group's assignments name them. */
static void
test_matrix (Sample *s, gconstpointer data)
{
  g_autoptr(GPtrArray) groups = active_groups (s->store);
  g_autoptr(GListStore) staff = co_list_items (s->store, CO_LIST_STAFF, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CoRosterMatrix) matrix = co_roster_read_matrix (s->store, 0, NULL, &error);
  guint n_people = g_list_model_get_n_items (G_LIST_MODEL (staff)), filled = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (matrix->groups->len, ==, groups->len);
  g_assert_cmpuint (matrix->people->len, ==, n_people);
  g_assert_cmpuint (matrix->roles->len, ==, n_people * groups->len);
  for (guint p = 0; p < n_people; p++)
    {
      g_autoptr(CoItem) person = g_list_model_get_item (G_LIST_MODEL (staff), p);
      g_autofree char *name = co_item_dup_title (person);

      g_assert_cmpstr (matrix->people->pdata[p], ==, name);
      for (guint g = 0; g < groups->len; g++)
        {
          g_autoptr(GListStore) assignments = co_list_items (s->store, CO_LIST_ASSIGNMENTS,
                                                             co_group_get_id (groups->pdata[g]), NULL);
          g_autoptr(GString) roles = g_string_new (NULL);

          g_assert_cmpstr (matrix->groups->pdata[g], ==, co_group_get_name (groups->pdata[g]));
          g_assert_cmpint (g_array_index (matrix->group_ids, gint64, g), ==, co_group_get_id (groups->pdata[g]));
          for (guint a = 0; a < g_list_model_get_n_items (G_LIST_MODEL (assignments)); a++)
            {
              g_autoptr(CoItem) assignment = g_list_model_get_item (G_LIST_MODEL (assignments), a);
              g_autofree char *role = NULL;

              if (co_item_get_int (assignment, "staff_id", 0) != co_item_get_id (person) ||
                  (role = co_team_dup_name (s->store, CO_LIST_ROLES, co_item_get_int (assignment, "role_id", 0))) == NULL)
                continue;
              g_string_append_printf (roles, "%s%s", roles->len ? "\n" : "", role);
            }
          g_assert_cmpstr (matrix->roles->pdata[p * groups->len + g], ==, roles->len ? roles->str : NULL);
          filled += roles->len > 0;
        }
    }
  /* The sample gives its people roles: the comparison compared something. */
  g_assert_cmpuint (filled, >, 0);
}

/* A reading cancelled gives nothing, with the error saying so. */
static void
test_cancelled (Sample *s, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) matrix_error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_null (co_roster_read_weeks (s->store, 0, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (co_roster_read_matrix (s->store, 0, cancellable, &matrix_error));
  g_assert_error (matrix_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Two readings of the same store are equal; a shift's new person makes its week differ. */
static void
test_week_equal (Sample *s, gconstpointer data)
{
  g_autoptr(GPtrArray) before = co_roster_read_weeks (s->store, 0, NULL, NULL);
  g_autoptr(GPtrArray) again = co_roster_read_weeks (s->store, 0, NULL, NULL);
  g_autoptr(GPtrArray) after = NULL;
  CoRosterWeek *week = before->pdata[0];
  g_autoptr(GListStore) shifts = co_list_items (s->store, CO_LIST_SHIFTS, week->group_id, NULL);
  g_autoptr(CoItem) shift = g_list_model_get_item (G_LIST_MODEL (shifts), 0);

  for (guint g = 0; g < before->len; g++)
    g_assert_true (co_roster_week_equal (before->pdata[g], again->pdata[g]));
  g_assert_true (co_list_set (s->store, CO_LIST_SHIFTS, co_item_get_id (shift), "staff_id", NULL, NULL));
  after = co_roster_read_weeks (s->store, 0, NULL, NULL);
  g_assert_false (co_roster_week_equal (before->pdata[0], after->pdata[0]));
  for (guint g = 1; g < before->len; g++)
    g_assert_true (co_roster_week_equal (before->pdata[g], after->pdata[g]));
}

static void
count_change (CoStore    *store,
              const char *table,
              gint64      group_id,
              guint      *n_changes)
{
  (*n_changes)++;
}

/* A shift added with its day and hours (the roster grid's "+"): in one transaction, all of it or,
 * a value refused, nothing. */
static void
test_add_with (Sample *s, gconstpointer data)
{
  g_autoptr(GPtrArray) groups = active_groups (s->store);
  gint64 group = co_group_get_id (groups->pdata[0]);
  const char * const keys[] = { "weekday", "start_time", "end_time", NULL };
  const char * const good[] = { "tue", "09:00", "12:30", NULL };
  const char * const bad[] = { "wed", "09:00", "not a time", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CoItem) shift = NULL;
  gint64 before = test_sql_count (s->store, "SELECT count(*) FROM shifts"), id;
  guint n_changes = 0;

  g_signal_connect (s->store, "changed::shifts", G_CALLBACK (count_change), &n_changes);
  id = co_list_add_with (s->store, CO_LIST_SHIFTS, group, keys, good, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (n_changes, ==, 1);
  shift = co_list_get (s->store, CO_LIST_SHIFTS, id, NULL);
  g_assert_cmpstr (co_item_get (shift, "weekday"), ==, "tue");
  g_assert_cmpstr (co_item_get (shift, "start_time"), ==, "09:00");
  g_assert_cmpstr (co_item_get (shift, "end_time"), ==, "12:30");

  g_assert_cmpint (co_list_add_with (s->store, CO_LIST_SHIFTS, group, keys, bad, &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_cmpint (test_sql_count (s->store, "SELECT count(*) FROM shifts"), ==, before + 1);
  g_assert_cmpuint (n_changes, ==, 1);
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
  g_test_add ("/roster/" path, Sample, NULL, sample_set_up, func, sample_tear_down)
  ADD ("weeks", test_weeks);
  ADD ("archived-and-one-group", test_archived_and_one_group);
  ADD ("matrix", test_matrix);
  ADD ("cancelled", test_cancelled);
  ADD ("week-equal", test_week_equal);
  ADD ("add-with", test_add_with);
#undef ADD

  return g_test_run ();
}
