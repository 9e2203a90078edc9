/* co-backup.h: copies of the workspace in a "backups" folder beside the database: a daily one,
 * one before every import and restore, the last N kept; and restoring one, atomically, the
 * current workspace kept as a backup first.
 *
 * A copy is SQLite's VACUUM INTO from a read-only connection of its own, so it can be made in a
 * worker thread while the app goes on writing (WAL lets it read a consistent state). */
#pragma once

#include "co-store.h"

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

/* The folder, made (mode 0700) if missing. */
char       *co_backup_dir         (CoStore        *store,
                                   GError        **error);
/* The name a new backup of the database file @db_path gets, in its backups folder (made if
 * missing): also before the store is open, for the copy a migration makes. */
char       *co_backup_new_path    (const char     *db_path,
                                   CoBackupReason  reason,
                                   GError        **error);
/* Makes a copy now; safe in a worker thread (it opens its own connection). Returns its path. */
char       *co_backup_create      (CoStore        *store,
                                   CoBackupReason  reason,
                                   GError        **error);
/* The copy every import makes before it writes: no copy, no import. */
gboolean    co_backup_before_import (CoStore      *store,
                                     GError      **error);
/* The backups, newest first. */
GPtrArray  *co_backup_list        (CoStore        *store,
                                   GError        **error);
/* Keeps the newest @keep; deletes the others. */
gboolean    co_backup_prune       (CoStore        *store,
                                   guint           keep,
                                   GError        **error);
/* Whether no daily copy was made today. */
gboolean    co_backup_daily_due   (CoStore        *store);
/* Replaces the workspace with @path, after checking it is a CommunityOps database that opens
 * (an older one is brought up to date on a copy first) and after a backup of the current one.
 * All or nothing: on any failure the workspace is as it was. */
gboolean    co_backup_restore     (CoStore        *store,
                                   const char     *path,
                                   GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoBackup, co_backup_free)

G_END_DECLS
