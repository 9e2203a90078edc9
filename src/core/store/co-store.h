/* co-store.h: the SQLite connection that holds a CommunityOps workspace.
 *
 * One CoStore owns the database file: it opens or creates it, migrates its schema, and tells
 * listeners through ::changed what was written after each commit.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CO_STORE_ERROR (co_store_error_quark ())

typedef enum
{
  CO_STORE_ERROR_OPEN,
  CO_STORE_ERROR_READ_ONLY,
  CO_STORE_ERROR_NOT_DATABASE,
  CO_STORE_ERROR_TOO_NEW,
  CO_STORE_ERROR_MIGRATION,
  CO_STORE_ERROR_WRITE,
} CoStoreError;

/* The schema version this build writes; PRAGMA user_version holds the file's. */
#define CO_STORE_SCHEMA_VERSION 21

#define CO_TYPE_STORE (co_store_get_type ())
G_DECLARE_FINAL_TYPE (CoStore, co_store, CO, STORE, GObject)

GQuark      co_store_error_quark        (void);
char       *co_store_default_path       (void);
CoStore    *co_store_open               (const char  *path,
                                         GError     **error);
/* As co_store_open(), but when the workspace was last opened in another language, leaves the
 * members' sort keys as they are (the lists sorted by them sort as in that language) for
 * co_store_rekey_names_step() or co_store_rekey_names(): a million keys take seconds. */
CoStore    *co_store_open_deferring_rekey (const char  *path,
                                           GError     **error);
/* Whether the workspace at @path is of an older version, which co_store_open() upgrades first:
 * a copy among the backups, then each migration; minutes for a large workspace. FALSE for a new
 * file, the current version, or one that cannot be read (the open says why). */
gboolean    co_store_needs_upgrade      (const char  *path);
/* Computes at once the sort keys left by co_store_open_deferring_rekey(); TRUE when none is left. */
gboolean    co_store_rekey_names        (CoStore     *self,
                                         GError     **error);
/* Computes up to @max_rows of them in a transaction of their own; FALSE once none is left (or
 * on error). ::changed::members once all are done. */
gboolean    co_store_rekey_names_step   (CoStore     *self,
                                         guint        max_rows,
                                         GError     **error);
/* Runs those steps in a worker on a connection of its own, then ::changed::members here. */
void        co_store_rekey_names_in_background (CoStore *self);
const char *co_store_get_path           (CoStore     *self);
int         co_store_get_schema_version (CoStore     *self);
/* After another connection wrote to the file (a worker's import, sync or expansion): ::changed
 * for @table and @group_id (0: several or none) at once, or with the commit of the write under
 * way on this connection, if any. No write lock is taken, so it never waits for another
 * connection's write. */
void        co_store_announce_change    (CoStore    *self,
                                         const char *table,
                                         gint64      group_id);
/* What a worker's connection @worker announces at its commits from now on, kept to be told
 * again on the window's store once the worker is done: an array (its own reference) filled from
 * the worker's thread. */
GArray     *co_store_record_changes     (CoStore     *worker);
/* ::changed on @self for each change @changes recorded, in order, but those of @except_table
 * (may be NULL). */
void        co_store_announce_recorded  (CoStore     *self,
                                         GArray      *changes,
                                         const char  *except_table);
/* The same for every table. */
gboolean    co_store_announce_all_changed (CoStore   *self,
                                           GError   **error);
/* The same for a window, after another connection changed the schema (a sync's connect): it is
 * read again now, a frame's work on its own and the one part that may fail; the tables are
 * told from the next iteration of the thread-default main context on, a few milliseconds'
 * worth in each. */
gboolean    co_store_announce_all_changed_soon (CoStore   *self,
                                                GError   **error);
gboolean    co_store_get_full_sync      (CoStore     *self);
gboolean    co_store_set_full_sync      (CoStore     *self,
                                         gboolean     full,
                                         GError     **error);

G_END_DECLS
