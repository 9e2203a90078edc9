/* co-import.h: the one way anything enters the workspace in bulk: members, their activity,
 * daily figures, a JSON file, and the chat records to come. Each kind reads and checks its file
 * on its own (co-member-import, co-figures, co-exchange) and hands its writing to
 * co_import_write(), which makes a backup of the workspace (no backup, no import), runs the
 * write in one transaction, and announces what changed once it is committed.
 *
 * An import inside a larger write of the core's own (the sample workspace being built; a test's
 * transaction) is part of that write: the backup belongs to the outermost write. Only the core
 * can open a transaction, so no page and no command can skip the backup. */
#pragma once

#include <gio/gio.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

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
 * On success every listener of @store is told that everything changed. */
void     co_import_write_async   (CoStore            *store,
                                  CoImportWriteFunc   write,
                                  gpointer            data,
                                  GDestroyNotify      data_free,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
gboolean co_import_write_finish  (CoStore            *store,
                                  GAsyncResult       *result,
                                  GError            **error);
/* The @data an asynchronous import was given, for what its write counted. */
gpointer co_import_get_data      (GAsyncResult       *result);

G_END_DECLS
