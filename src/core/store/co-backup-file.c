/* co-backup-file.c: a backup is "<workspace>-<YYYYMMDD>-<HHMMSS>-<ms>-<reason>.db" in the backups
 * folder: its name says when and why, so listing them needs no index of its own. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "core/store/co-backup-file.h"

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

char *
co_backup_dir_for (const char  *db_path,
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
co_backup_new_path (const char      *db_path,
                    CoBackupReason   reason,
                    GError         **error)
{
  g_autofree char *dir = co_backup_dir_for (db_path, error);
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

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const CoBackup *first = *(CoBackup * const *) a, *second = *(CoBackup * const *) b;

  return g_date_time_compare (second->made, first->made);
}

GPtrArray *
co_backup_list_for (const char  *db_path,
                    GError     **error)
{
  g_autofree char *dir = co_backup_dir_for (db_path, error);
  g_autofree char *stem = NULL;
  g_autoptr(GDir) listing = NULL;
  GPtrArray *backups;
  const char *name;

  if (dir == NULL || (listing = g_dir_open (dir, 0, error)) == NULL)
    return NULL;
  stem = stem_of (db_path);
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

