/* test-group-tree.c: co_group_list () sorts the groups' tree itself; on random trees (loops,
 * groups under themselves, trashed or missing parents, equal and negative positions, chains
 * deeper than it lists) it gives the order and depth of the recursive query it replaced. */
#include "config.h"

#include <locale.h>

#include "core/groups/co-group.h"
#include "test-util.h"

/* The query co_group_list () ran before it sorted the tree in C, word for word. */
#define RECURSIVE_QUERY \
  "WITH RECURSIVE tree (id, depth, sort_key) AS (" \
  "  SELECT g.id, 0, printf('%012d.%012d', g.position, g.id) FROM groups g" \
  "   WHERE g.deleted_at IS NULL" \
  "     AND NOT EXISTS (SELECT 1 FROM groups p WHERE p.id = g.parent_id AND p.deleted_at IS NULL)" \
  "  UNION ALL" \
  "  SELECT c.id, t.depth + 1, t.sort_key || '/' || printf('%012d.%012d', c.position, c.id)" \
  "    FROM tree t JOIN groups c INDEXED BY groups_parent ON c.parent_id = t.id" \
  "   WHERE c.deleted_at IS NULL AND t.depth < 32)" \
  "SELECT t.id, t.depth FROM tree t JOIN groups g ON g.id = t.id" \
  " ORDER BY t.sort_key"

/* co_group_list () as test_sql_rows () prints the query's rows: "id|depth, …". */
static char *
listed (CoStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) groups = co_group_list (store, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);

      g_string_append_printf (text, "%s%" G_GINT64_FORMAT "|%u", i > 0 ? ", " : "",
                              co_group_get_id (group), co_group_get_depth (group));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gint64
random_position (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      return -g_rand_int_range (rand, 1, 30);           /* negative: sorted as text, "-0…" first */
    case 1:
      return G_GINT64_CONSTANT (1000000000000) + g_rand_int_range (rand, 0, 20);  /* 13 digits */
    default:
      return g_rand_int_range (rand, 0, 8);              /* often equal: the id decides */
    }
}

/* @n groups with random ids among 1..3n, parents and positions, some trashed; in a @chain,
 * most groups are under the one before. */
static void
fill_random_tree (CoStore  *store,
                  GRand    *rand,
                  guint     n,
                  gboolean  chain)
{
  g_autoptr(GString) sql = g_string_new ("DELETE FROM groups;");
  gint64 previous = 0;

  for (guint i = 0; i < n; i++)
    {
      gint64 id = i * 3 + g_rand_int_range (rand, 1, 4);
      g_autofree char *parent = NULL;

      switch (chain && previous != 0 && g_rand_int_range (rand, 0, 10) > 0 ? -1 : g_rand_int_range (rand, 0, 10))
        {
        case -1:
          parent = g_strdup_printf ("%" G_GINT64_FORMAT, previous);  /* deeper than listed */
          break;
        case 0:
          parent = g_strdup ("NULL");
          break;
        case 1:
          parent = g_strdup_printf ("%" G_GINT64_FORMAT, id);        /* under itself */
          break;
        case 2:
          parent = g_strdup_printf ("%u", 3 * n + 10 + i);           /* no such group */
          break;
        case 3:
          parent = g_strdup_printf ("%" G_GINT64_FORMAT, id - 3);   /* perhaps the one before */
          break;
        default:
          parent = g_strdup_printf ("%u", g_rand_int_range (rand, 1, 3 * n + 1));  /* loops too */
        }
      g_string_append_printf (sql,
                              "INSERT INTO groups (id, uuid, name, parent_id, position, created_at, updated_at, deleted_at)"
                              " VALUES (%" G_GINT64_FORMAT ", 'u%" G_GINT64_FORMAT "', 'g%" G_GINT64_FORMAT "', %s,"
                              " %" G_GINT64_FORMAT ", '2026-01-01', '2026-01-01', %s);",
                              id, id, id, parent, random_position (rand),
                              g_rand_int_range (rand, 0, 8) == 0 ? "'2026-01-02'" : "NULL");
      previous = id;
    }
  test_sql_exec (store, sql->str);
}

static void
test_random_trees (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CoStore) store = test_open_temp_store (&path);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261206);
  g_autofree char *dir = g_path_get_dirname (path);
  guint deepest = 0, listed_in_all = 0;

  /* Parents that do not exist (yet) are part of what is compared. */
  test_sql_exec (store, "PRAGMA foreign_keys = OFF");

  for (guint round = 0; round < 300; round++)
    {
      guint n = round < 10 ? round : (guint) g_rand_int_range (rand, 10, 400);
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;
      g_autoptr(GListStore) groups = NULL;

      fill_random_tree (store, rand, n, round % 4 == 3);
      expected = test_sql_rows (store, RECURSIVE_QUERY);
      actual = listed (store);
      g_assert_cmpstr (actual, ==, expected);

      groups = co_group_list (store, NULL);
      listed_in_all += g_list_model_get_n_items (G_LIST_MODEL (groups));
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
        {
          g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
          deepest = MAX (deepest, co_group_get_depth (group));
        }
    }
  /* The trees were what the comparison needs: large, and deep enough to reach the limit. */
  g_assert_cmpuint (listed_in_all, >, 10000);
  g_assert_cmpuint (deepest, ==, 32);

  g_clear_object (&store);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/group-tree/random", test_random_trees);
  return g_test_run ();
}
