/* co-import-work.h: the part the import dialogs share (a members CSV, a chat export): a worker's
 * page in the dialog's stack, with what it does and a bar that follows its progress, Cancel that
 * stops it, and the dialog kept open while it runs (a response only stops the worker, whose end
 * then says what became of the file); and how a problem of the file is listed. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _CoImportWork CoImportWork;

/* How far the worker is, from 0 to 1, read in the main thread while the worker runs. */
typedef double (*CoImportFraction) (gpointer progress);

/* Adds the page "work" to @stack, which @dialog shows; @fraction reads @progress, which the
 * caller keeps for the dialog's life. @dialog has the response "cancel", its close response, and
 * may have "import". Freed with @dialog. */
CoImportWork *co_import_work_new     (AdwMessageDialog *dialog,
                                      GtkStack         *stack,
                                      CoImportFraction  fraction,
                                      gpointer          progress);
/* A worker starts, to be stopped by the cancellable returned (the work's, until the next
 * start): its page shows @doing and the bar, Cancel stops it, Import waits. */
GCancellable *co_import_work_begin   (CoImportWork     *self,
                                      const char       *doing);
/* The worker has ended. FALSE when the dialog was closed meanwhile: there is nothing to show
 * then. */
gboolean      co_import_work_end     (CoImportWork     *self);
/* A response while a worker runs stops it, and TRUE; FALSE when none runs. */
gboolean      co_import_work_stop    (CoImportWork     *self);
gboolean      co_import_work_is_busy (CoImportWork     *self);

/* A problem of the file (where it is, and why), in the preview's list: in the error colour,
 * wrapped, and selectable to be looked up in the file. */
GtkWidget    *co_import_problem_label (const char      *text);

G_END_DECLS
