/* test-util.c: each test works in a fresh temporary folder, removed afterwards. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "core/groups/co-group.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

/* The build's translations (`meson test` sets COMMUNITY_OPS_LOCALEDIR), so that a test can check
 * the Chinese a user reads without installing the app. */
void
test_bind_translations (void)
{
  const char *localedir = g_getenv ("COMMUNITY_OPS_LOCALEDIR");

  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

/* Every folder test_temp_dir() made, removed when the program exits normally: a failed test
 * aborts, which leaves its folder to look into. */
static GPtrArray *temp_dirs;

static void
remove_temp_dirs (void)
{
  for (guint i = 0; i < temp_dirs->len; i++)
    test_remove_tree (temp_dirs->pdata[i]);
  g_clear_pointer (&temp_dirs, g_ptr_array_unref);
}

char *
test_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("community-ops-test-XXXXXX", &error);

  g_assert_no_error (error);
  if (temp_dirs == NULL)
    {
      temp_dirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_temp_dirs);
    }
  g_ptr_array_add (temp_dirs, g_strdup (dir));
  return dir;
}

/* The user's folders (HOME, XDG_*) of this program, a temporary folder of its own, so that a
 * test never reads or writes the person's own: called first in main (), before GLib reads them.
 * GLib's G_TEST_OPTION_ISOLATE_DIRS gives each test case folders of its own instead, and keeps
 * the earlier cases' folder names on purpose, which under AddressSanitizer only the slow
 * unwinder can trace to GLib for lsan.supp (3-5× slower on every allocation of the program). */
void
test_isolate_user_dirs (void)
{
  g_autofree char *dir = test_temp_dir ();
  const char *names[][2] = {
    { "HOME", "home" }, { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_STATE_HOME", "state" }, { "XDG_RUNTIME_DIR", "runtime" },
    { "XDG_DATA_DIRS", "system-data" }, { "XDG_CONFIG_DIRS", "system-config" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i][1], NULL);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      g_setenv (names[i][0], path, TRUE);
    }
}

CoStore *
test_open_temp_store (char **out_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_temp_dir ();
  char *path = g_build_filename (dir, "test.db", NULL);
  CoStore *store = co_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  if (out_path)
    *out_path = path;
  else
    g_free (path);
  return store;
}

GBytes *
test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      test_remove_tree (child);
    }
  g_rmdir (path);
}

void
workspace_set_up (WorkspaceFixture *f,
                  gconstpointer     data)
{
  g_autofree char *path = NULL;

  f->store = test_open_temp_store (&path);
  f->dir = g_path_get_dirname (path);
  f->group = co_group_create (f->store, "Test Group", 0, NULL);
  g_assert_cmpint (f->group, >, 0);
}

void
workspace_tear_down (WorkspaceFixture *f,
                     gconstpointer     data)
{
  g_assert_finalize_object (f->store);
  test_remove_tree (f->dir);
  g_free (f->dir);
}

gint64
test_sql_count (CoStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  return co_store_step_int (stmt, -1);
}

void
test_sql_exec (CoStore    *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

char *
test_sql_rows (CoStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, NULL);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "|" : "",
                                sqlite3_column_type (stmt, i) == SQLITE_NULL ? "-"
                                : (const char *) sqlite3_column_text (stmt, i));
    }
  sqlite3_reset (stmt);
  return g_string_free (out, FALSE);
}
