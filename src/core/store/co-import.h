/* co-import.h: the one way anything enters the workspace in bulk: members, their activity,
 * daily figures, a JSON file, a chat export. Each kind reads and checks its file on its own
 * (co-member-import, co-figures, co-exchange, co-chat-import) and hands its writing to
 * co_import_write(), which makes a backup of the workspace (no backup, no import), runs the
 * write in one transaction, and announces what changed once it is committed.
 *
 * An import inside a larger write of the core's own (the sample workspace being built; a test's
 * transaction) is part of that write: the backup belongs to the outermost write. Only the core
 * can open a transaction, so no page and no command can skip the backup.
 *
 * The last import can be undone by putting that backup back, exactly as the workspace was before
 * it, as long as nothing was written since: a restore then would take later changes with it, so
 * the undo is refused and says so. ::changed with the detail "imports" tells listeners (the
 * window's undo) that an import was committed. */
#pragma once

#include <gio/gio.h>

#include "core/store/co-store.h"
#include "core/store/co-write-queue.h"

G_BEGIN_DECLS

#define CO_IMPORT_ERROR (co_import_error_quark ())

typedef enum
{
  CO_IMPORT_ERROR_NOTHING_TO_UNDO,
  CO_IMPORT_ERROR_CHANGED_SINCE,
} CoImportError;

GQuark   co_import_error_quark   (void);

/* Something wrong with one value: where (1-based line and column, the column's header) and why. */
typedef struct
{
  guint  line;
  guint  column;
  char  *header;
  char  *message;
} CoImportProblem;

void     co_import_problem_free  (CoImportProblem *problem);

/* Refuses an import whose file has @problems (CoImportProblem), saying how many, in @domain with
 * @code; TRUE when there are none. */
gboolean co_import_check_problems (GPtrArray      *problems,
                                   GQuark          domain,
                                   int             code,
                                   GError        **error);
/* The same, for a file of @n_problems of which only the first are kept. */
gboolean co_import_check_n_problems (guint          n_problems,
                                     GQuark         domain,
                                     int            code,
                                     GError       **error);

/* Writes rows into @store, inside the transaction co_import_write() holds. */
typedef gboolean (*CoImportWriteFunc) (CoStore  *store,
                                       gpointer  data,
                                       GError  **error);

/* Backup, transaction, @write, commit: all of it, or nothing changed. */
gboolean co_import_write         (CoStore            *store,
                                  CoImportWriteFunc   write,
                                  gpointer            data,
                                  GError            **error);

/* The same in a worker thread, on a connection of its own to @store's file (with its
 * durability), so the window stays drawn; @data is freed with @data_free once the task is done.
 * On success the listeners of @store are told what the write announced on the worker's
 * connection (the tables and groups it noted), then "imports". */
void     co_import_write_async   (CoStore            *store,
                                  CoImportWriteFunc   write,
                                  gpointer            data,
                                  GDestroyNotify      data_free,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
gboolean co_import_write_finish  (CoStore            *store,
                                  GAsyncResult       *result,
                                  GError            **error);
/* The same in its turn among @store's kept writes (co_store_write_queued_in_worker()): the writes
 * asked before it are written first, those asked after it wait for it, and while another
 * connection writes it waits for the lock in its worker; its backup is made once the lock is
 * held, once. Once committed, @store can undo it and its listeners are told, then @done is called
 * on the main context and @data freed. @write uses only @data and the store it is given. */
void     co_import_write_queued  (CoStore            *store,
                                  CoImportWriteFunc   write,
                                  gpointer            data,
                                  GDestroyNotify      data_free,
                                  CoStoreWrittenFunc  done);
/* The @data an asynchronous import was given, for what its write counted. */
gpointer co_import_get_data      (GAsyncResult       *result);

/* Whether the last import through @store in this session can still be undone: made, not undone,
 * and nothing written since. */
gboolean    co_import_can_undo   (CoStore            *store);
/* The backup made just before the last import (NULL: no import in this session). */
const char *co_import_get_backup (CoStore            *store);
/* The backup undoing the last import restores (co_backup_restore()), or NULL and why not in
 * @error, as co_import_undo() refuses; a write of @store's still kept counts as a change made
 * since. */
const char *co_import_get_undo_backup (CoStore       *store,
                                       GError       **error);
/* Once that backup is restored (in a worker: co_backup_restore()): nothing left to undo. */
void        co_import_forget     (CoStore            *store);
/* Puts the workspace back as it was before the last import (the current one is kept as a backup
 * first). Refused with CO_IMPORT_ERROR_CHANGED_SINCE when anything was written after it. */
gboolean    co_import_undo       (CoStore            *store,
                                  GError            **error);

G_END_DECLS
