/* co-backup-file.h: where the backups of a database file go, what they are called, and listing
 * them: what the store needs before it is open (the copy a migration makes), with no store. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CO_BACKUP_DAILY,
  CO_BACKUP_BEFORE_IMPORT,
  CO_BACKUP_BEFORE_RESTORE,
  CO_BACKUP_BY_HAND,
  CO_BACKUP_BEFORE_MIGRATION,
} CoBackupReason;

typedef struct
{
  char           *path;
  GDateTime      *made;    /* local */
  CoBackupReason  reason;
  gint64          size;    /* bytes */
} CoBackup;

void        co_backup_free        (CoBackup       *backup);
const char *co_backup_reason_label (CoBackupReason reason);

/* The backups folder beside @db_path, made (mode 0700) if missing. */
char       *co_backup_dir_for     (const char     *db_path,
                                   GError        **error);
/* The name a new backup of the database file @db_path gets, in its backups folder (made if
 * missing): also before the store is open, for the copy a migration makes. */
char       *co_backup_new_path    (const char     *db_path,
                                   CoBackupReason  reason,
                                   GError        **error);
/* The backups of @db_path, newest first. */
GPtrArray  *co_backup_list_for    (const char     *db_path,
                                   GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoBackup, co_backup_free)

G_END_DECLS
