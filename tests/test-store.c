/* test-store.c: opening, creating, migrating and refusing database files; transactions. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "core/groups/co-group.h"
#include "core/sample/co-sample.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

static char *
pragma_text (CoStore    *store,
             const char *sql)
{
  sqlite3_stmt *stmt = co_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* Runs SQL on a file through SQLite alone, as another program or an older version would. */
static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_open_creates_private_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = test_temp_dir ();
  g_autofree char *dir = g_build_filename (tmp, "nested", "community-ops", NULL);
  g_autofree char *path = g_build_filename (dir, "community-ops.db", NULL);
  g_autoptr(CoStore) store = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *sync = NULL;
  g_autofree char *foreign_keys = NULL;
  GStatBuf st;

  store = co_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (co_store_get_path (store), ==, path);
  g_assert_cmpint (co_store_get_schema_version (store), ==, CO_STORE_SCHEMA_VERSION);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  journal = pragma_text (store, "PRAGMA journal_mode");
  sync = pragma_text (store, "PRAGMA synchronous");
  foreign_keys = pragma_text (store, "PRAGMA foreign_keys");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpstr (sync, ==, "1");  /* NORMAL */
  g_assert_false (co_store_get_full_sync (store));
  g_assert_cmpstr (foreign_keys, ==, "1");

  g_assert_true (co_store_set_full_sync (store, TRUE, &error));
  g_assert_no_error (error);
  g_free (sync);
  sync = pragma_text (store, "PRAGMA synchronous");
  g_assert_cmpstr (sync, ==, "2");  /* FULL */
  g_assert_true (co_store_get_full_sync (store));

  g_clear_object (&store);
  test_remove_tree (tmp);
}

static void
test_default_path (void)
{
  g_autofree char *path = co_store_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "community-ops",
                                                "community-ops.db", NULL);

  g_assert_cmpstr (path, ==, expected);
}

static void
test_reopen_keeps_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CoStore) store = test_open_temp_store (&path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(CoGroup) group = NULL;
  gint64 id = co_group_create (store, "Kept", 0, &error);

  g_assert_no_error (error);
  g_clear_object (&store);

  store = co_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (co_group_count (store, NULL), ==, 1);
  group = co_group_get (store, id, NULL);
  g_assert_nonnull (group);

  g_clear_object (&store);
  test_remove_tree (dir);
}

/* Every schema version ever released opens and is brought up to date. */
static void
test_migrations_from_every_version (void)
{
  for (int version = 0; version < CO_STORE_SCHEMA_VERSION; version++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = test_temp_dir ();
      g_autofree char *path = g_build_filename (dir, "old.db", NULL);
      g_autoptr(CoStore) store = NULL;
      g_autoptr(GDir) listing = NULL;
      const char *name;
      guint n_backups = 0;

      g_test_message ("migrating from version %d", version);
      g_assert_true (co_store_create_at_version (path, version, &error));
      g_assert_no_error (error);

      store = co_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (co_store_get_schema_version (store), ==, CO_STORE_SCHEMA_VERSION);
      g_assert_cmpint (co_group_create (store, "After migration", 0, &error), >, 0);
      g_assert_no_error (error);

      /* A file with data (version > 0) is copied before it is migrated, among the backups. */
      {
        g_autofree char *backups = g_build_filename (dir, "backups", NULL);
        listing = g_dir_open (backups, 0, NULL);
        while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
          if (g_str_has_suffix (name, "-before-migration.db"))
            n_backups++;
      }
      g_assert_cmpuint (n_backups, ==, version > 0 ? 1 : 0);

      g_clear_object (&store);
      test_remove_tree (dir);
    }
}

static void
test_empty_file_is_new_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(CoStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = co_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (co_group_count (store, NULL), ==, 0);

  g_clear_object (&store);
  test_remove_tree (dir);
}

/* Opens @path expecting @code, and checks that the file's bytes did not change and that
 * SQLite left no journal beside it. */
static void
assert_refused_unchanged (const char *path,
                          int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = test_read_file (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(CoStore) store = co_store_open (path, &error);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  g_assert_null (store);
  g_assert_error (error, CO_STORE_ERROR, code);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, path));

  after = test_read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuses_newer_version (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *sql = g_strdup_printf ("PRAGMA journal_mode = DELETE;"
                                          "PRAGMA user_version = %d;", CO_STORE_SCHEMA_VERSION + 1);

  g_assert_true (co_store_create_at_version (path, CO_STORE_SCHEMA_VERSION, NULL));
  raw_exec (path, sql);
  assert_refused_unchanged (path, CO_STORE_ERROR_TOO_NEW);
  test_remove_tree (dir);
}

static void
test_refuses_non_sqlite (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "notes.db", NULL);
  g_autofree char *short_path = g_build_filename (dir, "short.db", NULL);

  g_assert_true (g_file_set_contents (path, "name,city\n张三,上海\n", -1, NULL));
  assert_refused_unchanged (path, CO_STORE_ERROR_NOT_DATABASE);
  /* Shorter than a header but starting like one. */
  g_assert_true (g_file_set_contents (short_path, "SQLite format 3", -1, NULL));
  assert_refused_unchanged (short_path, CO_STORE_ERROR_NOT_DATABASE);
  test_remove_tree (dir);
}

static void
test_refuses_other_programs_database (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *tables = g_build_filename (dir, "tables.db", NULL);
  g_autofree char *app_id = g_build_filename (dir, "appid.db", NULL);

  raw_exec (tables, "CREATE TABLE contacts (name TEXT)");
  assert_refused_unchanged (tables, CO_STORE_ERROR_NOT_DATABASE);
  raw_exec (app_id, "PRAGMA application_id = 42");
  assert_refused_unchanged (app_id, CO_STORE_ERROR_NOT_DATABASE);
  test_remove_tree (dir);
}

static void
test_refuses_read_only (void)
{
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "ro.db", NULL);

  g_assert_true (co_store_create_at_version (path, CO_STORE_SCHEMA_VERSION, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  assert_refused_unchanged (path, CO_STORE_ERROR_READ_ONLY);
  g_chmod (path, 0600);
  test_remove_tree (dir);
}

static void
test_refuses_uncreatable_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_temp_dir ();
  g_autofree char *file = g_build_filename (dir, "plain-file", NULL);
  g_autofree char *path = g_build_filename (file, "sub", "x.db", NULL);
  g_autoptr(CoStore) store = NULL;

  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  store = co_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CO_STORE_ERROR, CO_STORE_ERROR_OPEN);
  test_remove_tree (dir);
}

static void
test_refuses_directory (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_temp_dir ();
  g_autoptr(CoStore) store = co_store_open (dir, &error);

  g_assert_null (store);
  g_assert_error (error, CO_STORE_ERROR, CO_STORE_ERROR_NOT_DATABASE);
  test_remove_tree (dir);
}

typedef struct
{
  guint  count;
  char  *table;
  gint64 group_id;
} ChangeLog;

static void
on_changed (CoStore    *store,
            const char *table,
            gint64      group_id,
            ChangeLog  *log)
{
  log->count++;
  g_free (log->table);
  log->table = g_strdup (table);
  log->group_id = group_id;
}

static void
test_changed_after_commit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CoStore) store = test_open_temp_store (&path);
  g_autofree char *dir = g_path_get_dirname (path);
  ChangeLog log = { 0 };
  gint64 id;

  g_signal_connect (store, "changed::groups", G_CALLBACK (on_changed), &log);

  id = co_group_create (store, "Signalled", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log.count, ==, 1);
  g_assert_cmpstr (log.table, ==, "groups");
  g_assert_cmpint (log.group_id, ==, id);

  /* Nested writes are announced once, when the outermost transaction commits. */
  log.count = 0;
  g_assert_true (co_store_begin (store, NULL));
  g_assert_true (co_group_set_field (store, id, CO_GROUP_FIELD_SLOGAN, "a", NULL));
  g_assert_true (co_group_set_field (store, id, CO_GROUP_FIELD_STAGE, "mature", NULL));
  g_assert_cmpuint (log.count, ==, 0);
  g_assert_true (co_store_commit (store, NULL));
  g_assert_cmpuint (log.count, ==, 1);

  /* Nothing is announced for writes that were rolled back. */
  log.count = 0;
  g_assert_true (co_store_begin (store, NULL));
  g_assert_true (co_group_set_field (store, id, CO_GROUP_FIELD_SLOGAN, "b", NULL));
  co_store_rollback (store);
  g_assert_cmpuint (log.count, ==, 0);

  g_free (log.table);
  g_clear_object (&store);
  test_remove_tree (dir);
}

/* A write that fails half-way leaves nothing behind: the sample workspace is all or nothing. */
static void
test_rollback_on_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CoStore) store = test_open_temp_store (&path);
  g_autofree char *dir = g_path_get_dirname (path);
  ChangeLog log = { 0 };

  g_assert_true (co_store_exec (store,
    "CREATE TEMP TRIGGER fail_third AFTER INSERT ON groups"
    " WHEN (SELECT count(*) FROM groups) >= 3"
    " BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END", NULL));
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), &log);

  g_assert_false (co_sample_create (store, &error));
  g_assert_error (error, CO_STORE_ERROR, CO_STORE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "disk full (simulated)"));
  g_assert_cmpint (co_group_count (store, NULL), ==, 0);
  g_assert_cmpuint (log.count, ==, 0);

  /* The store is usable afterwards. */
  g_assert_true (co_store_exec (store, "DROP TRIGGER fail_third", NULL));
  g_clear_error (&error);
  g_assert_true (co_sample_create (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (co_group_count (store, NULL), ==, 7);

  g_free (log.table);
  g_clear_object (&store);
  test_remove_tree (dir);
}

/* A listener that reads with the same SQL another listener is in the middle of gets its own
 * statement: the first one's rows go on where they were. */
static void
test_nested_statements (void)
{
  g_autoptr(CoStore) store = test_open_temp_store (NULL);
  const char *sql = "SELECT name FROM groups ORDER BY name";
  sqlite3_stmt *outer, *inner;
  guint inner_rows = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("G%u", i);
      g_assert_cmpint (co_group_create (store, name, 0, NULL), >, 0);
    }
  outer = co_store_prepare (store, sql, NULL);
  g_assert_cmpint (sqlite3_step (outer), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (outer, 0), ==, "G0");

  inner = co_store_prepare (store, sql, NULL);
  g_assert_true (inner != outer);
  while (sqlite3_step (inner) == SQLITE_ROW)
    inner_rows++;
  g_assert_cmpuint (inner_rows, ==, 3);
  sqlite3_reset (inner);

  g_assert_cmpint (sqlite3_step (outer), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (outer, 0), ==, "G1");
  sqlite3_reset (outer);
  /* Once free again, the cached statement is the one handed out. */
  g_assert_true (co_store_prepare (store, sql, NULL) == outer);
}

/* Steps the first of two rows at @level, then the levels below it, then its second row: each
 * level's rows go on where they were however deep the same SQL is nested. */
static void
step_nested (CoStore *store,
             guint    level,
             guint    depth)
{
  sqlite3_stmt *stmt = co_store_prepare (store, "SELECT value FROM json_each (?) ORDER BY key", NULL);
  g_autofree char *values = g_strdup_printf ("[%u, %u]", level * 10 + 1, level * 10 + 2);

  g_assert_nonnull (stmt);
  g_assert_false (sqlite3_stmt_busy (stmt));
  sqlite3_bind_text (stmt, 1, values, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, level * 10 + 1);
  if (level + 1 < depth)
    step_nested (store, level + 1, depth);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, level * 10 + 2);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
}

/* More callers stepping the same SQL at once than the cache had spares of it: none is handed
 * a statement another is still stepping, and the spares serve again once free. */
static void
test_nested_beyond_spares (void)
{
  g_autoptr(CoStore) store = test_open_temp_store (NULL);

  step_nested (store, 0, 12);
  step_nested (store, 0, 12);
}

/* SQLite keeps no memory statistics (their process-wide mutex made the window's thread wait for
 * a worker's reads): what a store's work allocates is not counted. */
static void
test_no_memory_statistics (void)
{
  g_autoptr(CoStore) store = test_open_temp_store (NULL);

  step_nested (store, 0, 12);
  g_assert_cmpint (sqlite3_memory_used (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open/creates-private-file", test_open_creates_private_file);
  g_test_add_func ("/store/open/default-path", test_default_path);
  g_test_add_func ("/store/open/reopen-keeps-data", test_reopen_keeps_data);
  g_test_add_func ("/store/open/empty-file", test_empty_file_is_new_database);
  g_test_add_func ("/store/open/no-memory-statistics", test_no_memory_statistics);
  g_test_add_func ("/store/migrate/every-version", test_migrations_from_every_version);
  g_test_add_func ("/store/refuse/newer-version", test_refuses_newer_version);
  g_test_add_func ("/store/refuse/not-sqlite", test_refuses_non_sqlite);
  g_test_add_func ("/store/refuse/other-program", test_refuses_other_programs_database);
  g_test_add_func ("/store/refuse/read-only", test_refuses_read_only);
  g_test_add_func ("/store/refuse/uncreatable-path", test_refuses_uncreatable_path);
  g_test_add_func ("/store/refuse/directory", test_refuses_directory);
  g_test_add_func ("/store/write/changed-after-commit", test_changed_after_commit);
  g_test_add_func ("/store/write/rollback-on-error", test_rollback_on_error);
  g_test_add_func ("/store/read/nested-statements", test_nested_statements);
  g_test_add_func ("/store/read/nested-beyond-spares", test_nested_beyond_spares);

  return g_test_run ();
}
