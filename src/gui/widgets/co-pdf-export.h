/* co-pdf-export.h: a document (co-document.h) exported as PDF from the app: a file chooser, the
 * writing in a worker thread with its progress and a Cancel button in a toast, then a toast to
 * open the file; and printing through the print dialog, the same document laid out on the
 * printer's page. The Reports page and the group menu (the plan) use them. */
#pragma once

#include <adwaita.h>

#include "core/document/co-document.h"

G_BEGIN_DECLS

/* The paper of the "paper-size" setting. */
CoPaper   co_pdf_paper          (void);
/* Asks where to save, offering @name; then writes @document (taken) there. */
void      co_pdf_export_ask     (GtkWidget  *widget,
                                 CoDocument *document,
                                 const char *title,
                                 const char *name);
/* Writes @document (taken) to @file in a worker thread. One export at a time per window. */
void      co_pdf_export         (GtkWidget  *widget,
                                 CoDocument *document,
                                 GFile      *file);
/* Whether the window of @widget is writing a PDF; for tests. */
gboolean  co_pdf_export_running (GtkWidget  *widget);
/* The window action "win.cancel-pdf-export" calls this. */
void      co_pdf_export_cancel  (GtkWindow  *window);
/* Shows the print dialog for @document (taken). */
void      co_pdf_print          (GtkWidget  *widget,
                                 CoDocument *document,
                                 const char *job_name);

G_END_DECLS
