/* co-store-private.h: what the domain files of src/core use to talk to SQLite.
 * Nothing outside src/core includes this: pages call domain functions, never SQL.
 */
#pragma once

#include <sqlite3.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

/* What the members' substring index holds of a member (migration 21): its searched columns, each
 * followed by char(1) and the last by two, so that every character and pair of characters of a
 * column begins a trigram and a search of one or two characters finds its trigrams by their
 * first ones. */
#define CO_MEMBERS_FTS_TEXT \
  "coalesce (nickname, '') || char (1) || coalesce (real_name, '') || char (1) || coalesce (contact, '')" \
  " || char (1) || coalesce (city, '') || char (1) || coalesce (industry, '') || char (1)" \
  " || coalesce (source, '') || char (1) || coalesce (pinyin, '') || char (1, 1)"

/* A cached statement, reset and with its bindings cleared; owned by the store. */
sqlite3_stmt *co_store_prepare      (CoStore      *self,
                                     const char   *sql,
                                     GError      **error);
/* Sets aside the triggers that fill in a new member's sort key and pinyin and index a member
 * added with an old id for searching, or puts them back, inside a transaction: for a writer that
 * adds many new members with both (the CSV import); the search index catches up with them after
 * (co-member-search-index.h). */
gboolean      co_store_set_names_trigger (CoStore  *self,
                                          gboolean  present,
                                          GError  **error);
gboolean      co_store_exec         (CoStore      *self,
                                     const char   *sql,
                                     GError      **error);
/* Steps a statement that returns no rows; sets @error from SQLite on failure. */
gboolean      co_store_step_done    (CoStore      *self,
                                     sqlite3_stmt *stmt,
                                     GError      **error);
/* Steps a statement that returns one number (or none: @none) and resets it, so that it holds no
 * read transaction afterwards. */
gint64        co_store_step_int     (sqlite3_stmt *stmt,
                                     gint64        none);
void          co_store_set_error    (CoStore      *self,
                                     GError      **error);
int           co_store_errcode      (CoStore      *self);
sqlite3_int64 co_store_last_insert_rowid (CoStore *self);

/* Writes go between begin and commit; ::changed is emitted for each noted change once the
 * commit succeeded, and forgotten on rollback. */
gboolean      co_store_begin        (CoStore      *self,
                                     GError      **error);
gboolean      co_store_commit       (CoStore      *self,
                                     GError      **error);
void          co_store_rollback     (CoStore      *self);
/* Whether a write of the core is under way on this connection (begun, not yet committed). */
gboolean      co_store_in_transaction (CoStore    *self);
void          co_store_note_change  (CoStore      *self,
                                     const char   *table,
                                     gint64        group_id);
gboolean      co_store_note_all_changed (CoStore  *self,
                                         GError  **error);

/* A second, read-only connection to the same file, for a worker thread: WAL lets it read while
 * the store writes. The caller closes it. */
sqlite3      *co_store_open_reader  (CoStore      *self,
                                     GError      **error);
/* The same by the file's path, for a worker that opens it when first needed. */
sqlite3      *co_store_open_reader_at (const char *path,
                                       GError    **error);
/* A store of its own on such a connection to @path, for a worker thread to run the core's read
 * functions on, freed there: it is never written to. Its queries stop once @cancellable (may be
 * NULL) is cancelled. */
CoStore      *co_store_open_for_worker (const char   *path,
                                        GCancellable *cancellable,
                                        GError      **error);
/* A store of its own on a read-write connection to @path (already opened and migrated by the
 * window's store), for a worker thread that writes in short transactions and never waits for
 * the write lock: while another connection writes (an import), co_store_begin() fails at once
 * and co_store_is_busy() says why, for the worker to try again later. Freed in that thread. */
CoStore      *co_store_open_for_worker_writes (const char  *path,
                                               GError     **error);
/* Runs @write (one transaction of the core's) on the window's connection waiting at most
 * @wait_ms for another connection's write lock; *@refused says that its BEGIN found the lock
 * still taken then: nothing of it was written, and it can be run again (co-write-queue.h). */
gboolean      co_store_write_waiting_at_most (CoStore   *self,
                                              int        wait_ms,
                                              gboolean (*write) (CoStore  *store,
                                                                 gpointer  data,
                                                                 GError  **error),
                                              gpointer   data,
                                              gboolean  *refused,
                                              GError   **error);
/* Whether the last statement failed because another connection held the lock it needed. */
gboolean      co_store_is_busy      (CoStore      *self);
/* For a background writer, before each of its steps: FALSE while the write-ahead log holds more
 * than its limit and a reader's snapshot (another connection's) keeps it from being emptied;
 * the writer then waits, rather than growing the -wal file for as long as that reader reads. */
gboolean      co_store_log_has_room (CoStore      *self);
/* The bound of the -wal file (64 MB), for the connections opened from then on; for tests. */
void          co_store_set_log_limit (gint64       bytes);

/* For tests: from co_store_count_statements() on, every statement the store's own connection
 * starts to run (sqlite3_exec()'s too) is counted, e.g. to check that a thread runs none. */
void          co_store_count_statements (CoStore  *self);
guint         co_store_get_n_statements (CoStore  *self);

/* A random (version 4) UUID as g_uuid_string_random() writes it, without its printf: an import
 * makes one per row. */
void          co_uuid_random        (char          out[37]);

/* Called once the store's file is write-locked for its replacement, before any page of it is
 * replaced: for what must see the file as it is then, with no commit of another connection in
 * between (a restore's backup of the workspace it replaces). FALSE abandons the replacement. */
typedef gboolean (*CoStoreLockedFunc) (CoStore  *self,
                                       gpointer  data,
                                       GError  **error);

/* Replaces every page of the store's file with those of the database at @path, in one write
 * transaction (SQLite's backup API): all or nothing; @locked (may be NULL) is called first,
 * under the same lock. The caller checks @path first (a workspace: never empty). */
gboolean      co_store_replace_with (CoStore            *self,
                                     const char         *path,
                                     CoStoreLockedFunc   locked,
                                     gpointer            data,
                                     GError            **error);

/* Where the file stands: it moves with every row written through this connection, every commit
 * of another connection and every replacement of the file. Two equal marks: nothing was written
 * in between (an import's undo relies on it). */
typedef struct
{
  gint64 own;       /* rows this connection wrote (sqlite3_total_changes64) */
  gint64 others;    /* PRAGMA data_version: moves with other connections' commits */
  gint64 replaced;  /* co_store_replace_with() calls */
} CoWriteMark;

CoWriteMark   co_store_write_mark   (CoStore      *self);
gboolean      co_write_mark_equal   (const CoWriteMark *a,
                                     const CoWriteMark *b);

/* Ids as a JSON array: one statement then takes any number of them through json_each (). */
char         *co_ids_json           (const gint64 *ids,
                                     guint         n_ids);

/* The current moment as UTC ISO 8601, as every created/updated column stores it. */
char         *co_store_now          (void);

/* For tests of old schema versions: creates @path at schema @version and closes it. */
gboolean      co_store_create_at_version (const char *path,
                                          int         version,
                                          GError    **error);

G_END_DECLS
