/* co-roster.c: the team's grids read in one go (co-roster.h). */
#include "config.h"

#include <gio/gio.h>

#include "core/groups/co-group.h"
#include "core/team/co-roster.h"

static void
roster_shift_clear (CoRosterShift *shift)
{
  g_free (shift->start_time);
  g_free (shift->end_time);
  g_free (shift->person);
}

void
co_roster_week_free (CoRosterWeek *week)
{
  if (week == NULL)
    return;
  g_free (week->group_name);
  g_clear_pointer (&week->shifts, g_array_unref);
  g_clear_pointer (&week->gaps, g_array_unref);
  g_free (week);
}

gboolean
co_roster_week_equal (const CoRosterWeek *a,
                      const CoRosterWeek *b)
{
  if (a->group_id != b->group_id || g_strcmp0 (a->group_name, b->group_name) != 0 ||
      a->shifts->len != b->shifts->len || a->gaps->len != b->gaps->len)
    return FALSE;
  for (guint i = 0; i < a->shifts->len; i++)
    {
      const CoRosterShift *x = &g_array_index (a->shifts, CoRosterShift, i);
      const CoRosterShift *y = &g_array_index (b->shifts, CoRosterShift, i);

      if (x->weekday != y->weekday || g_strcmp0 (x->start_time, y->start_time) != 0 ||
          g_strcmp0 (x->end_time, y->end_time) != 0 || g_strcmp0 (x->person, y->person) != 0)
        return FALSE;
    }
  /* An empty array's data may be NULL, which memcmp() must not be given. */
  return a->gaps->len == 0 || memcmp (a->gaps->data, b->gaps->data, a->gaps->len * sizeof (CoGap)) == 0;
}

/* The groups a grid shows: every active one for @group_id 0, else that one. */
static GPtrArray *
shown_groups (CoStore  *store,
              gint64    group_id,
              GError  **error)
{
  g_autoptr(GListStore) all = NULL;
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_object_unref);

  /* One group's: not a thousand read to find it. */
  if (group_id != 0)
    {
      CoGroup *group = co_group_get (store, group_id, NULL);

      if (group != NULL)
        g_ptr_array_add (shown, group);
      return shown;
    }
  if ((all = co_group_list (store, error)) == NULL)
    {
      g_ptr_array_unref (shown);
      return NULL;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      CoGroup *group = g_list_model_get_item (G_LIST_MODEL (all), i);

      if (!co_group_get_archived (group))
        g_ptr_array_add (shown, group);
      else
        g_object_unref (group);
    }
  return shown;
}

/* The names of a list's rows by id: a thousand groups' shifts name the same few people. */
static GHashTable *
names_by_id (CoStore *store,
             CoList   list)
{
  g_autoptr(GListStore) items = co_list_items (store, list, 0, NULL);
  GHashTable *names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  for (guint i = 0; items && i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);

      g_hash_table_insert (names, g_memdup2 (&(gint64) { co_item_get_id (item) }, sizeof (gint64)),
                           co_item_dup_title (item));
    }
  return names;
}

static const char *
lookup_name (GHashTable *names,
             gint64      id)
{
  return g_hash_table_lookup (names, &id);
}

GPtrArray *
co_roster_read_weeks (CoStore       *store,
                      gint64         group_id,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GPtrArray) groups = shown_groups (store, group_id, error);
  g_autoptr(GHashTable) people = NULL;
  g_autoptr(GPtrArray) weeks = NULL;

  if (groups == NULL)
    return NULL;
  people = names_by_id (store, CO_LIST_STAFF);
  weeks = g_ptr_array_new_with_free_func ((GDestroyNotify) co_roster_week_free);
  for (guint g = 0; g < groups->len; g++)
    {
      CoGroup *group = groups->pdata[g];
      g_autoptr(CoRosterWeek) week = g_new0 (CoRosterWeek, 1);
      g_autoptr(GListStore) shifts = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      week->group_id = co_group_get_id (group);
      week->group_name = g_strdup (co_group_get_name (group));
      week->shifts = g_array_new (FALSE, TRUE, sizeof (CoRosterShift));
      g_array_set_clear_func (week->shifts, (GDestroyNotify) roster_shift_clear);
      if ((shifts = co_list_items (store, CO_LIST_SHIFTS, week->group_id, error)) == NULL ||
          (week->gaps = co_team_roster_gaps (store, week->group_id, error)) == NULL)
        return NULL;
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shifts)); i++)
        {
          g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (shifts), i);
          int weekday = co_choice_index (CO_CHOICE_WEEKDAY, co_item_get (item, "weekday"));
          CoRosterShift shift = { 0 };

          /* A shift without a day yet is in the list of shifts, not in the week. */
          if (weekday < 0)
            continue;
          shift.weekday = (guint) weekday;
          shift.start_time = g_strdup (co_item_get (item, "start_time"));
          shift.end_time = g_strdup (co_item_get (item, "end_time"));
          shift.person = g_strdup (lookup_name (people, co_item_get_int (item, "staff_id", 0)));
          g_array_append_val (week->shifts, shift);
        }
      g_ptr_array_add (weeks, g_steal_pointer (&week));
    }
  return g_steal_pointer (&weeks);
}

void
co_roster_matrix_free (CoRosterMatrix *matrix)
{
  if (matrix == NULL)
    return;
  g_clear_pointer (&matrix->group_ids, g_array_unref);
  g_clear_pointer (&matrix->groups, g_ptr_array_unref);
  g_clear_pointer (&matrix->people, g_ptr_array_unref);
  g_clear_pointer (&matrix->roles, g_ptr_array_unref);
  g_free (matrix);
}

CoRosterMatrix *
co_roster_read_matrix (CoStore       *store,
                       gint64         group_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GPtrArray) groups = shown_groups (store, group_id, error);
  g_autoptr(GListStore) staff = NULL;
  g_autoptr(GHashTable) role_names = NULL;
  g_autoptr(GHashTable) rows = NULL;  /* a person's id → their row */
  g_autoptr(CoRosterMatrix) matrix = NULL;
  guint n_people;

  if (groups == NULL || (staff = co_list_items (store, CO_LIST_STAFF, 0, error)) == NULL)
    return NULL;
  role_names = names_by_id (store, CO_LIST_ROLES);
  rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  matrix = g_new0 (CoRosterMatrix, 1);
  matrix->group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  matrix->groups = g_ptr_array_new_with_free_func (g_free);
  matrix->people = g_ptr_array_new_with_free_func (g_free);
  n_people = g_list_model_get_n_items (G_LIST_MODEL (staff));
  for (guint p = 0; p < n_people; p++)
    {
      g_autoptr(CoItem) person = g_list_model_get_item (G_LIST_MODEL (staff), p);

      g_ptr_array_add (matrix->people, co_item_dup_title (person));
      g_hash_table_insert (rows, g_memdup2 (&(gint64) { co_item_get_id (person) }, sizeof (gint64)),
                           GUINT_TO_POINTER (p));
    }
  matrix->roles = g_ptr_array_new_full (n_people * groups->len, g_free);
  g_ptr_array_set_size (matrix->roles, (int) (n_people * groups->len));

  for (guint g = 0; g < groups->len; g++)
    {
      gint64 id = co_group_get_id (groups->pdata[g]);
      g_autoptr(GListStore) assignments = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      g_array_append_val (matrix->group_ids, id);
      g_ptr_array_add (matrix->groups, g_strdup (co_group_get_name (groups->pdata[g])));
      /* Nobody on the staff: nothing to read. */
      if (n_people == 0)
        continue;
      if ((assignments = co_list_items (store, CO_LIST_ASSIGNMENTS, id, error)) == NULL)
        return NULL;
      for (guint a = 0; a < g_list_model_get_n_items (G_LIST_MODEL (assignments)); a++)
        {
          g_autoptr(CoItem) assignment = g_list_model_get_item (G_LIST_MODEL (assignments), a);
          gint64 staff_id = co_item_get_int (assignment, "staff_id", 0);
          const char *role = lookup_name (role_names, co_item_get_int (assignment, "role_id", 0));
          gpointer row;
          char **roles;

          if (role == NULL || !g_hash_table_lookup_extended (rows, &staff_id, NULL, &row))
            continue;
          roles = (char **) &matrix->roles->pdata[GPOINTER_TO_UINT (row) * groups->len + g];
          if (*roles == NULL)
            *roles = g_strdup (role);
          else
            {
              char *more = g_strconcat (*roles, "\n", role, NULL);

              g_free (*roles);
              *roles = more;
            }
        }
    }
  return g_steal_pointer (&matrix);
}
