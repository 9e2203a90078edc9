/* co-backup.c: making, pruning and restoring backups of an open workspace (naming and listing
 * them is co-backup-file.c's, which the store uses before it is open). */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/store/co-backup.h"
#include "core/store/co-store-private.h"

char *
co_backup_create (CoStore         *store,
                  CoBackupReason   reason,
                  GError         **error)
{
  g_autofree char *path = co_backup_new_path (co_store_get_path (store), reason, error);
  g_autofree char *partial = NULL;
  g_autoptr(sqlite3) db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (path == NULL)
    return NULL;
  partial = g_strconcat (path, ".partial", NULL);
  /* Its own read-only connection: a copy of one consistent moment, made beside the writer. */
  if ((db = co_store_open_reader (store, error)) == NULL)
    return NULL;
  rc = sqlite3_prepare_v2 (db, "VACUUM INTO ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, partial, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_WRITE, _("Could not write the backup “%s”: %s"), path,
                   sqlite3_errmsg (db));
      g_unlink (partial);
      return NULL;
    }
  /* Whole or not at all: renamed once written. */
  if (g_rename (partial, path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not write the backup “%s”: %s"), path,
                   g_strerror (saved));
      g_unlink (partial);
      return NULL;
    }
  g_chmod (path, 0600);
  return g_steal_pointer (&path);
}

char *
co_backup_before_import (CoStore  *store,
                         GError  **error)
{
  return co_backup_create (store, CO_BACKUP_BEFORE_IMPORT, error);
}

GPtrArray *
co_backup_list (CoStore  *store,
                GError  **error)
{
  return co_backup_list_for (co_store_get_path (store), error);
}

/* A copy being written changes every moment (VACUUM INTO writes page after page); one unchanged
 * for this long was left by a run that ended before its copy did. */
#define PARTIAL_ABANDONED_S (60 * 60)

/* The copies that runs ended during left behind (".partial" and its journal): a copy of a
 * million-member workspace is over 2 GB, and one was left at each start that was not let end. */
static void
remove_abandoned_copies (CoStore *store)
{
  g_autofree char *dir = co_backup_dir_for (co_store_get_path (store), NULL);
  g_autoptr(GDir) listing = dir != NULL ? g_dir_open (dir, 0, NULL) : NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf info;

      if ((g_str_has_suffix (name, ".db.partial") || g_str_has_suffix (name, ".db.partial-journal")) &&
          g_stat (path, &info) == 0 && now - (gint64) info.st_mtime > PARTIAL_ABANDONED_S)
        g_unlink (path);
    }
}

gboolean
co_backup_prune (CoStore  *store,
                 guint     keep,
                 GError  **error)
{
  g_autoptr(GPtrArray) backups = co_backup_list (store, error);

  if (backups == NULL)
    return FALSE;
  remove_abandoned_copies (store);
  for (guint i = keep; i < backups->len; i++)
    if (g_unlink (((CoBackup *) backups->pdata[i])->path) != 0)
      {
        int saved = errno;
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not delete the old backup “%s”: %s"),
                     ((CoBackup *) backups->pdata[i])->path, g_strerror (saved));
        return FALSE;
      }
  return TRUE;
}

gboolean
co_backup_daily_due (CoStore *store)
{
  g_autoptr(GPtrArray) backups = co_backup_list (store, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (guint i = 0; backups != NULL && i < backups->len; i++)
    {
      CoBackup *backup = backups->pdata[i];
      if (backup->reason == CO_BACKUP_DAILY && g_date_time_get_year (backup->made) == g_date_time_get_year (now) &&
          g_date_time_get_day_of_year (backup->made) == g_date_time_get_day_of_year (now))
        return FALSE;
    }
  return TRUE;
}

/* Whether @path's pages are sound, by SQLite's own check. */
static gboolean
check_integrity (const char  *path,
                 GError     **error)
{
  g_autoptr(sqlite3) db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean sound;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_NOT_DATABASE, "%s", db ? sqlite3_errmsg (db) : "");
      return FALSE;
    }
  sound = sqlite3_step (stmt) == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  if (!sound)
    g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_NOT_DATABASE, _("It is damaged: %s"),
                 sqlite3_column_text (stmt, 0) ? (const char *) sqlite3_column_text (stmt, 0) : sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return sound;
}

/* The restore's folder: the copy, its WAL, the backups folder a migration of it made. */
static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* Why @path cannot be restored, naming it rather than the copy that was checked. */
static void
restore_refused (GError      **error,
                 const char   *path,
                 const char   *copy,
                 const GError *why)
{
  g_autoptr(GString) message = g_string_new (why->message);

  g_string_replace (message, copy, path, 0);
  g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_NOT_DATABASE, _("“%s” cannot be restored: %s"), path,
               message->str);
}

/* The workspace as it is once the restore holds its file's write lock: no commit of another
 * connection (an import, a sync round) comes between this copy and the replacement, lost to both
 * (it did while the copy was made, seconds for a large workspace). */
static gboolean
keep_before_restore (CoStore  *store,
                     gpointer  data,
                     GError  **error)
{
  char **kept = data;

  *kept = co_backup_create (store, CO_BACKUP_BEFORE_RESTORE, error);
  return *kept != NULL;
}

gboolean
co_backup_restore (CoStore     *store,
                   const char  *path,
                   GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL, *kept = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean restored;

  /* An empty file would open as a new, empty workspace: only an SQLite file is a backup. */
  {
    gsize length = 0;
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileInputStream) in = g_file_read (file, NULL, &local_error);
    char magic[16];

    if (in == NULL ||
        !g_input_stream_read_all (G_INPUT_STREAM (in), magic, sizeof magic, &length, NULL, &local_error) ||
        length < sizeof magic || memcmp (magic, "SQLite format 3", 16) != 0)
      {
        g_set_error (error, CO_STORE_ERROR, CO_STORE_ERROR_NOT_DATABASE, _("“%s” cannot be restored: %s"), path,
                     local_error ? local_error->message : _("it is not a CommunityOps backup."));
        return FALSE;
      }
  }
  /* A copy, in a folder of its own, is opened as the app opens a file, which refuses what is
   * not a CommunityOps database and brings an older one up to date (its own copy from before
   * that goes to the folder's backups); the backup itself stays as it is. */
  if ((dir = g_dir_make_tmp ("community-ops-restore-XXXXXX", error)) == NULL)
    return FALSE;
  copy = g_build_filename (dir, "restoring.db", NULL);
  {
    g_autoptr(GFile) source = g_file_new_for_path (path);
    g_autoptr(GFile) target = g_file_new_for_path (copy);
    g_autoptr(CoStore) checked = NULL;

    if (!g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error) ||
        (checked = co_store_open (copy, &local_error)) == NULL)
      {
        restore_refused (error, path, copy, local_error);
        remove_tree (dir);
        return FALSE;
      }
  }
  if (!check_integrity (copy, &local_error))
    {
      restore_refused (error, path, copy, local_error);
      remove_tree (dir);
      return FALSE;
    }
  restored = co_store_replace_with (store, copy, keep_before_restore, &kept, &local_error);
  remove_tree (dir);
  if (!restored)
    {
      restore_refused (error, path, copy, local_error);
      return FALSE;
    }
  /* Everything shown comes from a new file: every page reads again. */
  return co_store_announce_all_changed (store, error);
}
