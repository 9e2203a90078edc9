/* co-import-work.c: an import dialog's worker, its page, bar and Cancel (co-import-work.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "gui/members/co-import-work.h"

#define PROGRESS_INTERVAL_MS 100

struct _CoImportWork
{
  AdwMessageDialog *dialog;       /* the owner of this */
  GtkStack         *stack;
  GtkLabel         *label;
  GtkProgressBar   *bar;
  CoImportFraction  fraction;
  gpointer          progress;
  GCancellable     *cancellable;  /* of the worker running, or of the last one */
  gboolean          busy;         /* a worker is running */
  gboolean          gone;         /* the dialog was destroyed */
  guint             progress_id;
};

static void
import_work_free (CoImportWork *self)
{
  g_clear_object (&self->cancellable);
  g_free (self);
}

static gboolean
update_progress (gpointer data)
{
  CoImportWork *self = data;

  gtk_progress_bar_set_fraction (self->bar, self->fraction (self->progress));
  return G_SOURCE_CONTINUE;
}

/* After the message dialog's own handler, which gives the close response (Escape): the dialog's
 * response handler closes it once no worker runs. */
static gboolean
keep_open (GtkWindow *dialog,
           gpointer   data)
{
  return TRUE;
}

static void
dialog_destroyed (GtkWidget    *dialog,
                  CoImportWork *self)
{
  self->gone = TRUE;
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

CoImportWork *
co_import_work_new (AdwMessageDialog *dialog,
                    GtkStack         *stack,
                    CoImportFraction  fraction,
                    gpointer          progress)
{
  CoImportWork *self = g_new0 (CoImportWork, 1);
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->dialog = dialog;
  self->stack = stack;
  self->fraction = fraction;
  self->progress = progress;
  g_object_set_data_full (G_OBJECT (dialog), "co-import-work", self, (GDestroyNotify) import_work_free);

  gtk_widget_set_valign (page, GTK_ALIGN_CENTER);
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_justify (self->label, GTK_JUSTIFY_CENTER);
  self->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->bar, TRUE);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->bar));
  gtk_stack_add_named (stack, page, "work");

  g_signal_connect_after (dialog, "close-request", G_CALLBACK (keep_open), NULL);
  g_signal_connect (dialog, "destroy", G_CALLBACK (dialog_destroyed), self);
  return self;
}

GCancellable *
co_import_work_begin (CoImportWork *self,
                      const char   *doing)
{
  self->busy = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_label_set_text (self->label, doing);
  gtk_progress_bar_set_fraction (self->bar, 0.0);
  gtk_stack_set_visible_child_name (self->stack, "work");
  /* It may have said Close at an end before (the chat's dialog). */
  adw_message_dialog_set_response_label (self->dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_response_enabled (self->dialog, "cancel", TRUE);
  if (adw_message_dialog_has_response (self->dialog, "import"))
    adw_message_dialog_set_response_enabled (self->dialog, "import", FALSE);
  self->progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, update_progress, self);
  return self->cancellable;
}

gboolean
co_import_work_end (CoImportWork *self)
{
  if (self->gone)
    return FALSE;
  self->busy = FALSE;
  g_clear_handle_id (&self->progress_id, g_source_remove);
  return TRUE;
}

gboolean
co_import_work_stop (CoImportWork *self)
{
  if (!self->busy)
    return FALSE;
  /* The worker stops at its next rows or events; its end says what became of the file. */
  g_cancellable_cancel (self->cancellable);
  gtk_label_set_text (self->label, _("Stopping…"));
  adw_message_dialog_set_response_enabled (self->dialog, "cancel", FALSE);
  return TRUE;
}

gboolean
co_import_work_is_busy (CoImportWork *self)
{
  return self->busy;
}

GtkWidget *
co_import_problem_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "error");
  return label;
}
