/* co-backup.h: copies of the workspace in a "backups" folder beside the database: a daily one,
 * one before every import and restore, the last N kept; and restoring one, atomically, the
 * current workspace kept as a backup first.
 *
 * A copy is SQLite's VACUUM INTO from a read-only connection of its own, so it can be made in a
 * worker thread while the app goes on writing (WAL lets it read a consistent state). */
#pragma once

#include "core/store/co-backup-file.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

/* Makes a copy now; safe in a worker thread (it opens its own connection). Returns its path. */
char       *co_backup_create      (CoStore        *store,
                                   CoBackupReason  reason,
                                   GError        **error);
/* The copy every import makes before it writes (no copy, no import); returns its path. */
char       *co_backup_before_import (CoStore      *store,
                                     GError      **error);
/* The backups, newest first. */
GPtrArray  *co_backup_list        (CoStore        *store,
                                   GError        **error);
/* Keeps the newest @keep; deletes the others, and the copies left unfinished by a run that ended
 * while it made them (unchanged for an hour). */
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

G_END_DECLS
