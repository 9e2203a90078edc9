/* test-backup.c: backups made, listed, pruned and restored; a restore of something that is not a
 * workspace changes nothing. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <utime.h>

#include "core/groups/co-group.h"
#include "core/store/co-backup.h"
#include "core/store/co-store-private.h"
#include "test-util.h"

typedef WorkspaceFixture Fixture;

static guint
count_groups (Fixture *f)
{
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);

  return g_list_model_get_n_items (G_LIST_MODEL (groups));
}

/* A backup, then a change, then the restore: the change is gone, and the workspace before the
 * restore is a backup of its own. */
static void
test_restore (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = co_backup_create (f->store, CO_BACKUP_BY_HAND, &error);
  g_autoptr(GPtrArray) listed = NULL;
  guint before;

  g_assert_no_error (error);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  before = count_groups (f);
  g_assert_cmpint (co_group_create (f->store, "Made after the backup", 0, &error), >, 0);
  g_assert_cmpuint (count_groups (f), ==, before + 1);

  g_assert_true (co_backup_restore (f->store, backup, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_groups (f), ==, before);
  /* The store goes on working on the restored file. */
  g_assert_cmpint (co_group_create (f->store, "Made after the restore", 0, &error), >, 0);

  listed = co_backup_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpint (((CoBackup *) listed->pdata[0])->reason, ==, CO_BACKUP_BEFORE_RESTORE);
  g_assert_cmpint (((CoBackup *) listed->pdata[1])->reason, ==, CO_BACKUP_BY_HAND);
  g_assert_cmpint (((CoBackup *) listed->pdata[1])->size, >, 0);
}

/* Not a database, an empty file, a damaged one, a missing one: refused with a reason, and the
 * workspace as it was. */
static void
test_restore_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_build_filename (f->dir, "notes.db", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.db", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  g_autofree char *good = co_backup_create (f->store, CO_BACKUP_BY_HAND, &error);
  const char *paths[] = { text, empty, damaged, missing };
  guint before = count_groups (f);

  g_assert_true (g_file_set_contents (text, "these are not the members you are looking for", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  /* The first page kept, the rest overwritten. */
  {
    g_autofree char *bytes = NULL;
    gsize length;
    g_assert_true (g_file_get_contents (good, &bytes, &length, NULL));
    g_assert_cmpuint (length, >, 8192);
    memset (bytes + 4096, 0x5a, length - 4096);
    g_assert_true (g_file_set_contents (damaged, bytes, (gssize) length, NULL));
  }
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_assert_false (co_backup_restore (f->store, paths[i], &error));
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "cannot be restored"));
      g_clear_error (&error);
      g_assert_cmpuint (count_groups (f), ==, before);
    }
}

/* A backup from an older version: brought up to date on a copy, then restored; the store goes
 * on at the current version, and nothing is left beside the backups. */
static void
test_restore_older_version (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old = g_build_filename (f->dir, "old.db", NULL);
  g_autofree char *nested = g_build_filename (f->dir, "backups", "backups", NULL);

  g_assert_true (co_store_create_at_version (old, 5, &error));
  g_assert_cmpuint (count_groups (f), >, 0);
  g_assert_true (co_backup_restore (f->store, old, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_groups (f), ==, 0);
  g_assert_cmpint (co_store_get_schema_version (f->store), ==, CO_STORE_SCHEMA_VERSION);
  g_assert_cmpint (co_group_create (f->store, "After", 0, &error), >, 0);
  g_assert_false (g_file_test (nested, G_FILE_TEST_EXISTS));
}

/* The newest N kept; a daily copy is due until one is made today. */
static void
test_prune_and_daily (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;

  g_assert_true (co_backup_daily_due (f->store));
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *path = co_backup_create (f->store, i == 3 ? CO_BACKUP_DAILY : CO_BACKUP_BEFORE_IMPORT, &error);
      g_assert_no_error (error);
      g_assert_nonnull (path);
    }
  g_assert_false (co_backup_daily_due (f->store));
  g_assert_true (co_backup_prune (f->store, 2, &error));
  listed = co_backup_list (f->store, &error);
  g_assert_cmpuint (listed->len, ==, 2);
}

/* A copy a run ended in the middle of goes at the next prune, once it has not changed for an
 * hour; one being written (changed a moment ago) stays. */
static void
test_prune_abandoned_copies (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = co_backup_dir_for (co_store_get_path (f->store), &error);
  g_autofree char *abandoned = g_build_filename (dir, "workspace-20261206-080320-315-daily.db.partial", NULL);
  g_autofree char *journal = g_strconcat (abandoned, "-journal", NULL);
  g_autofree char *writing = g_build_filename (dir, "workspace-20261207-080320-315-daily.db.partial", NULL);
  g_autofree char *other = g_build_filename (dir, "notes.partial", NULL);
  struct utimbuf two_hours_ago = { time (NULL) - 2 * 60 * 60, time (NULL) - 2 * 60 * 60 };

  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    g_assert_true (g_file_set_contents ((const char *[]) { abandoned, journal, writing, other }[i], "SQLite format 3", -1, NULL));
  g_assert_cmpint (g_utime (abandoned, &two_hours_ago), ==, 0);
  g_assert_cmpint (g_utime (journal, &two_hours_ago), ==, 0);
  g_assert_cmpint (g_utime (other, &two_hours_ago), ==, 0);

  g_assert_true (co_backup_prune (f->store, 2, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (abandoned, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (writing, G_FILE_TEST_EXISTS));
  /* Not a copy of ours. */
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
}

typedef struct
{
  const char *path;
  int         other_begin;  /* what another connection's BEGIN IMMEDIATE got meanwhile */
  gboolean    go_on;
} Locked;

static gboolean
try_to_write_meanwhile (CoStore  *store,
                        gpointer  data,
                        GError  **error)
{
  Locked *locked = data;
  g_autoptr(sqlite3) other = NULL;

  g_assert_cmpint (sqlite3_open_v2 (locked->path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  locked->other_begin = sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (locked->other_begin == SQLITE_OK)
    sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  if (!locked->go_on)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "abandoned");
  return locked->go_on;
}

/* What comes before a replacement (a restore's backup of the workspace it replaces) runs under
 * the replacement's write lock: no other connection can commit between the two (an import that
 * did was in neither). Abandoned there, nothing is replaced. */
static void
test_replace_locks_first (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = co_backup_create (f->store, CO_BACKUP_BY_HAND, &error);
  Locked locked = { co_store_get_path (f->store), SQLITE_OK, FALSE };
  guint before;

  g_assert_no_error (error);
  g_assert_cmpint (co_group_create (f->store, "Made after the backup", 0, &error), >, 0);
  before = count_groups (f);

  g_assert_false (co_store_replace_with (f->store, backup, try_to_write_meanwhile, &locked, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (locked.other_begin, ==, SQLITE_BUSY);
  g_assert_cmpuint (count_groups (f), ==, before);

  locked.go_on = TRUE;
  locked.other_begin = SQLITE_OK;
  g_assert_true (co_store_replace_with (f->store, backup, try_to_write_meanwhile, &locked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (locked.other_begin, ==, SQLITE_BUSY);
  g_assert_cmpuint (count_groups (f), ==, before - 1);
}

int
main (int   argc,
      char *argv[])
{
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, workspace_set_up, func, workspace_tear_down)
  ADD ("/backup/restore", test_restore);
  ADD ("/backup/restore-refused", test_restore_refused);
  ADD ("/backup/restore-older-version", test_restore_older_version);
  ADD ("/backup/prune-and-daily", test_prune_and_daily);
  ADD ("/backup/prune-abandoned-copies", test_prune_abandoned_copies);
  ADD ("/backup/replace-locks-first", test_replace_locks_first);
  return g_test_run ();
}
