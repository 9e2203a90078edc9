/* co-pdf-export.c: the document is read from the store on the main thread by its caller; the
 * worker only lays out and writes, so it never touches the store. */
#include "config.h"

#include <glib/gi18n.h>

#include "gui/widgets/co-pdf-export.h"
#include "gui/widgets/co-toast.h"

/* The running export of a window, kept on the window. */
#define EXPORT_KEY "co-pdf-export"

typedef struct
{
  GtkWindow    *window;       /* a weak pointer */
  CoDocument   *document;
  CoPaper       paper;
  GFile        *file;
  GCancellable *cancellable;
  AdwToast     *toast;        /* the progress, until done */
  GTask        *task;         /* that owns this; alive while the worker runs */
} Export;

typedef struct
{
  GTask  *task;     /* a reference: the export lives as long */
  guint   page;
  guint   n_pages;
} Progress;

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->task);
  g_free (progress);
}

static void
export_free (Export *export)
{
  g_clear_weak_pointer (&export->window);
  co_document_free (export->document);
  g_object_unref (export->file);
  g_object_unref (export->cancellable);
  g_clear_object (&export->toast);
  g_free (export);
}

CoPaper
co_pdf_paper (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  return g_settings_get_enum (settings, "paper-size") == 1 ? CO_PAPER_LETTER : CO_PAPER_A4;
}

static gboolean
show_progress (gpointer data)
{
  Progress *progress = data;
  Export *export = g_task_get_task_data (progress->task);
  /* Translators: the PDF being written */
  g_autofree char *text = g_strdup_printf (_("Writing page %u of %u"), progress->page, progress->n_pages);

  adw_toast_set_title (export->toast, text);
  return G_SOURCE_REMOVE;
}

/* In the worker. The page count goes to the main thread by an idle attached to its context
 * (never g_main_context_invoke(), which may run the callback right here), holding the task. */
static void
on_page_written (guint    page,
                 guint    n_pages,
                 gpointer data)
{
  Export *export = data;
  Progress *progress = g_new (Progress, 1);

  *progress = (Progress) { g_object_ref (export->task), page, n_pages };
  g_idle_add_full (G_PRIORITY_DEFAULT, show_progress, progress, progress_free);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Export *export = task_data;
  GError *error = NULL;

  if (co_document_write_pdf (export->document, export->paper, export->file, on_page_written, export, cancellable,
                             &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean written = g_task_propagate_boolean (G_TASK (result), &error);

  adw_toast_dismiss (export->toast);
  if (export->window == NULL)
    return;  /* closed meanwhile */
  g_object_set_data (G_OBJECT (export->window), EXPORT_KEY, NULL);
  if (!written)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        co_widget_show_error (gtk_window_get_child (export->window), error);
      return;
    }
  {
    g_autofree char *uri = g_file_get_uri (export->file);
    AdwToast *toast = co_toast_new (_("Exported as PDF"));

    adw_toast_set_button_label (toast, _("_Open"));
    adw_toast_set_action_name (toast, "win.open-uri");
    adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    co_widget_add_toast (gtk_window_get_child (export->window), toast);
  }
}

void
co_pdf_export (GtkWidget  *widget,
               CoDocument *document,
               GFile      *file)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  g_autoptr(GTask) task = NULL;
  Export *export;

  if (co_pdf_export_running (widget))
    {
      co_document_free (document);
      co_widget_add_toast (widget, co_toast_new (_("A PDF is being written. Wait for it, or cancel it.")));
      return;
    }
  export = g_new0 (Export, 1);
  g_set_weak_pointer (&export->window, window);
  export->document = document;
  export->paper = co_pdf_paper ();
  export->file = g_object_ref (file);
  export->cancellable = g_cancellable_new ();
  export->toast = g_object_ref (co_toast_new (_("Laying out the document")));
  adw_toast_set_timeout (export->toast, 0);
  adw_toast_set_button_label (export->toast, _("_Cancel"));
  adw_toast_set_action_name (export->toast, "win.cancel-pdf-export");
  co_widget_add_toast (widget, export->toast);
  g_object_set_data (G_OBJECT (window), EXPORT_KEY, export->cancellable);
  task = g_task_new (NULL, export->cancellable, on_written, NULL);
  export->task = task;
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, write_in_thread);
}

gboolean
co_pdf_export_running (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return root != NULL && g_object_get_data (G_OBJECT (root), EXPORT_KEY) != NULL;
}

void
co_pdf_export_cancel (GtkWindow *window)
{
  GCancellable *cancellable = g_object_get_data (G_OBJECT (window), EXPORT_KEY);

  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
}

static void
on_file_chosen (GtkNativeDialog *chooser,
                int              response,
                GtkWidget       *widget)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  CoDocument *document = g_object_steal_data (G_OBJECT (chooser), "document");

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    co_pdf_export (widget, document, file);
  else
    co_document_free (document);
}

void
co_pdf_export_ask (GtkWidget  *widget,
                   CoDocument *document,
                   const char *title,
                   const char *name)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                                               _("_Cancel"));

  gtk_file_filter_set_name (filter, _("PDF Documents"));
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "document", document, (GDestroyNotify) co_document_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_file_chosen), widget, 0);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Printing lays the same document out on the printer's page, in points. */
static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                CoDocument        *document)
{
  gtk_print_operation_set_n_pages (operation,
                                   (int) co_document_count_pages (document, gtk_print_context_get_width (context),
                                                                  gtk_print_context_get_height (context)));
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              CoDocument        *document)
{
  co_document_draw_page (document, gtk_print_context_get_cairo_context (context), (guint) page,
                         gtk_print_context_get_width (context), gtk_print_context_get_height (context));
}

void
co_pdf_print (GtkWidget  *widget,
              CoDocument *document,
              const char *job_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) size = gtk_paper_size_new (co_pdf_paper () == CO_PAPER_LETTER ? GTK_PAPER_NAME_LETTER
                                                                                        : GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size (setup, size);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The document keeps its own margins: the whole sheet, in points. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job_name);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), document);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), document);
  g_object_set_data_full (G_OBJECT (operation), "document", document, (GDestroyNotify) co_document_free);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (widget)), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    co_widget_show_error (widget, error);
}
