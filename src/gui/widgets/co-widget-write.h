/* co-widget-write.h: a write asked for from a widget (a button clicked) that never freezes the
 * window: through co_store_write_queued(), so that while an import or a sync round in a worker
 * holds the write lock it is kept, said so in a toast if it still is after half a second (the
 * toast stays until it is written), and written once the lock is free. An error, now or then, is shown on the widget's window (not
 * shown if the widget has left it since). */
#pragma once

#include <adwaita.h>

#include "core/store/co-write-queue.h"

G_BEGIN_DECLS

/* Runs @write with @data, then @done (may be NULL) with its outcome, after the error is shown;
 * @data is freed with @data_free then. TRUE when written now. */
gboolean co_widget_write (GtkWidget          *widget,
                          CoStore            *store,
                          CoStoreWriteFunc    write,
                          gpointer            data,
                          GDestroyNotify      data_free,
                          CoStoreWrittenFunc  done);

typedef enum
{
  CO_WIDGET_WRITE_DEFAULT = 0,
  /* @done shows the error itself (a field row, in its title), not the window. */
  CO_WIDGET_WRITE_DONE_SHOWS_ERROR = 1 << 0,
  /* A write of seconds (tens of thousands of members): in a worker, in its turn
   * (co_store_write_queued_in_worker()); @write uses only @data and the store it is given. */
  CO_WIDGET_WRITE_IN_WORKER = 1 << 1,
  /* An import (co_import_write_queued()): in a worker in its turn, its backup first, undoable;
   * @write is a CoImportWriteFunc. */
  CO_WIDGET_WRITE_IMPORT = 1 << 2,
  /* A backup restored (@write calls co_backup_restore()): in a worker in its turn. */
  CO_WIDGET_WRITE_RESTORE = 1 << 3,
} CoWidgetWriteFlags;

/* co_widget_write() with @flags. */
gboolean co_widget_write_full (GtkWidget          *widget,
                               CoStore            *store,
                               CoStoreWriteFunc    write,
                               gpointer            data,
                               GDestroyNotify      data_free,
                               CoStoreWrittenFunc  done,
                               CoWidgetWriteFlags  flags);

G_END_DECLS
