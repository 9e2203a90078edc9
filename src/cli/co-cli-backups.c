/* co-cli-backups.c: --backup, --list-backups and --restore: the copies of the workspace the app
 * makes every day and before every import, made, listed and put back by hand. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli/co-cli-private.h"
#include "core/store/co-backup.h"

int
co_cli_restore (CoStore      *store,
                GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  const char *restore = NULL;

  g_variant_dict_lookup (options, "restore", "^&ay", &restore);
  if (!co_backup_restore (store, restore, &error))
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  g_print (_("Restored “%s”; the workspace before it is kept as a backup.\n"), restore);
  return 0;
}

int
co_cli_backup (CoStore      *store,
               GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = co_backup_create (store, CO_BACKUP_BY_HAND, &error);

  if (path == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  g_print ("%s\n", path);
  return 0;
}

int
co_cli_list_backups (CoStore      *store,
                     GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = co_backup_list (store, &error);

  if (backups == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < backups->len; i++)
    {
      CoBackup *backup = backups->pdata[i];
      g_autofree char *made = g_date_time_format (backup->made, "%x %X");
      g_autofree char *size = g_format_size ((guint64) backup->size);
      /* Translators: a line of --list-backups: when, why, how big, where */
      g_print (_("%s  %s  %s  %s\n"), made, co_backup_reason_label (backup->reason), size,
               backup->path);
    }
  return 0;
}
