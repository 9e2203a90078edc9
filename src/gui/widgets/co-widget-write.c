/* co-widget-write.c: a widget's write, kept while another connection writes (co-widget-write.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-widget-write.h"

typedef struct
{
  GtkWidget        *widget;  /* for the error's toast */
  CoStoreWriteFunc  write;
  gpointer          data;
  GDestroyNotify    data_free;
  CoStoreWrittenFunc done;
  CoWidgetWriteFlags flags;
  guint             toast_id;  /* says that it is kept, if it still is by then */
  AdwToast         *toast;     /* that said so, dismissed once it is written (weak) */
} WidgetWrite;

/* A write kept this long is said to be: a short writer's lock (a step of the search index's)
 * is gone long before. */
#define TOAST_AFTER_MS 500

static void
widget_write_free (WidgetWrite *self)
{
  g_clear_handle_id (&self->toast_id, g_source_remove);
  if (self->toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->toast), (gpointer *) &self->toast);
  g_object_unref (self->widget);
  if (self->data_free != NULL)
    self->data_free (self->data);
  g_free (self);
}

static gboolean
run_write (CoStore  *store,
           gpointer  data,
           GError  **error)
{
  WidgetWrite *self = data;

  return self->write (store, self->data, error);
}

static void
written (CoStore      *store,
         const GError *error,
         gpointer      data)
{
  WidgetWrite *self = data;

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  if (error != NULL && !(self->flags & CO_WIDGET_WRITE_DONE_SHOWS_ERROR))
    co_widget_show_error (self->widget, error);
  if (self->done != NULL)
    self->done (store, error, self->data);
}

static gboolean
say_kept (gpointer data)
{
  WidgetWrite *self = data;

  self->toast_id = 0;
  self->toast = co_toast_new (_("An import or a sync is writing to the workspace: this change is saved as soon "
                                "as it is done."));
  adw_toast_set_timeout (self->toast, 0);
  g_object_add_weak_pointer (G_OBJECT (self->toast), (gpointer *) &self->toast);
  co_widget_add_toast (self->widget, self->toast);
  return G_SOURCE_REMOVE;
}

gboolean
co_widget_write (GtkWidget          *widget,
                 CoStore            *store,
                 CoStoreWriteFunc    write,
                 gpointer            data,
                 GDestroyNotify      data_free,
                 CoStoreWrittenFunc  done)
{
  return co_widget_write_full (widget, store, write, data, data_free, done, CO_WIDGET_WRITE_DEFAULT);
}

gboolean
co_widget_write_full (GtkWidget          *widget,
                      CoStore            *store,
                      CoStoreWriteFunc    write,
                      gpointer            data,
                      GDestroyNotify      data_free,
                      CoStoreWrittenFunc  done,
                      CoWidgetWriteFlags  flags)
{
  WidgetWrite *self = g_new0 (WidgetWrite, 1);

  self->widget = g_object_ref (widget);
  self->write = write;
  self->data = data;
  self->data_free = data_free;
  self->done = done;
  self->flags = flags;
  if (co_store_write_queued (store, run_write, self, (GDestroyNotify) widget_write_free, written))
    return TRUE;
  self->toast_id = g_timeout_add (TOAST_AFTER_MS, say_kept, self);
  return FALSE;
}
