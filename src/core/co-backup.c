/* co-backup.c: a backup is "<workspace>-<YYYYMMDD>-<HHMMSS>-<ms>-<reason>.db" in the backups folder:
 * its name says when and why, so listing them needs no index of its own. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "co-backup.h"
#include "co-store-private.h"

static const char *const reason_keys[] = {
  [CO_BACKUP_DAILY] = "daily",
  [CO_BACKUP_BEFORE_IMPORT] = "before-import",
  [CO_BACKUP_BEFORE_RESTORE] = "before-restore",
  [CO_BACKUP_BY_HAND] = "by-hand",
  [CO_BACKUP_BEFORE_MIGRATION] = "before-migration",
};

void
co_backup_free (CoBackup *backup)
{
  g_free (backup->path);
  g_clear_pointer (&backup->made, g_date_time_unref);
  g_free (backup);
}

const char *
co_backup_reason_label (CoBackupReason reason)
{
  switch (reason)
    {
    case CO_BACKUP_DAILY: return _("Daily");
    case CO_BACKUP_BEFORE_IMPORT: return _("Before an import");
    case CO_BACKUP_BEFORE_RESTORE: return _("Before a restore");
    case CO_BACKUP_BY_HAND: return _("Made by hand");
    case CO_BACKUP_BEFORE_MIGRATION: return _("Before an upgrade");
    default: g_return_val_if_reached (NULL);
    }
}

/* "community-ops" for ".../community-ops.db". */
static char *
stem_of (const char *db_path)
{
  g_autofree char *base = g_path_get_basename (db_path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static char *
dir_of (const char  *db_path,
        GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (db_path);
  char *dir = g_build_filename (parent, "backups", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not make the backups folder “%s”: %s"),
                   dir, g_strerror (saved));
      g_free (dir);
      return NULL;
    }
  return dir;
}

char *
co_backup_dir (CoStore  *store,
               GError  **error)
{
  return dir_of (co_store_get_path (store), error);
}

char *
co_backup_new_path (const char      *db_path,
                    CoBackupReason   reason,
                    GError         **error)
{
  g_autofree char *dir = dir_of (db_path, error);
  g_autofree char *stem = stem_of (db_path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *seconds = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *stamp = g_strdup_printf ("%s-%03d", seconds, g_date_time_get_microsecond (now) / 1000);
  char *path = NULL;

  if (dir == NULL)
    return NULL;
  /* Two in the same millisecond get a number. */
  for (guint n = 1; path == NULL || g_file_test (path, G_FILE_TEST_EXISTS); n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s-%s-%s.db", stem, stamp, reason_keys[reason])
                                     : g_strdup_printf ("%s-%s-%s-%u.db", stem, stamp, reason_keys[reason], n);
      g_free (path);
      path = g_build_filename (dir, name, NULL);
    }
  return path;
}

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

gboolean
co_backup_before_import (CoStore  *store,
                         GError  **error)
{
  g_autofree char *path = co_backup_create (store, CO_BACKUP_BEFORE_IMPORT, error);

  return path != NULL;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const CoBackup *first = *(CoBackup * const *) a, *second = *(CoBackup * const *) b;

  return g_date_time_compare (second->made, first->made);
}

GPtrArray *
co_backup_list (CoStore  *store,
                GError  **error)
{
  g_autofree char *dir = co_backup_dir (store, error);
  g_autofree char *stem = NULL;
  g_autoptr(GDir) listing = NULL;
  GPtrArray *backups;
  const char *name;

  if (dir == NULL || (listing = g_dir_open (dir, 0, error)) == NULL)
    return NULL;
  stem = stem_of (co_store_get_path (store));
  backups = g_ptr_array_new_with_free_func ((GDestroyNotify) co_backup_free);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      int year, month, day, hour, minute, second, millisecond, used = 0;
      char reason[32];
      CoBackup *backup;
      GStatBuf info;

      if (!g_str_has_prefix (name, stem) || name[strlen (stem)] != '-' || !g_str_has_suffix (name, ".db") ||
          sscanf (name + strlen (stem) + 1, "%4d%2d%2d-%2d%2d%2d-%3d-%31[a-z-]%n", &year, &month, &day, &hour,
                  &minute, &second, &millisecond, reason, &used) != 8)
        continue;
      backup = g_new0 (CoBackup, 1);
      backup->path = g_build_filename (dir, name, NULL);
      backup->made = g_date_time_new_local (year, month, day, hour, minute, second + millisecond / 1000.0);
      backup->reason = CO_BACKUP_BY_HAND;
      for (guint r = 0; r < G_N_ELEMENTS (reason_keys); r++)
        if (g_str_has_prefix (reason, reason_keys[r]) && (reason[strlen (reason_keys[r])] == '\0' ||
                                                          reason[strlen (reason_keys[r])] == '-'))
          backup->reason = r;
      backup->size = g_stat (backup->path, &info) == 0 ? (gint64) info.st_size : 0;
      if (backup->made == NULL)
        co_backup_free (backup);
      else
        g_ptr_array_add (backups, backup);
    }
  g_ptr_array_sort (backups, compare_newest_first);
  return backups;
}

gboolean
co_backup_prune (CoStore  *store,
                 guint     keep,
                 GError  **error)
{
  g_autoptr(GPtrArray) backups = co_backup_list (store, error);

  if (backups == NULL)
    return FALSE;
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
  if (!check_integrity (copy, &local_error) ||
      (kept = co_backup_create (store, CO_BACKUP_BEFORE_RESTORE, &local_error)) == NULL)
    {
      restore_refused (error, path, copy, local_error);
      remove_tree (dir);
      return FALSE;
    }
  restored = co_store_replace_with (store, copy, error);
  remove_tree (dir);
  if (!restored)
    return FALSE;
  /* Everything shown comes from a new file: every page reads again. */
  return co_store_announce_all_changed (store, error);
}
