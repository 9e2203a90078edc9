/* co-widget-write.c: a widget's write, kept while another connection writes (co-widget-write.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "core/store/co-import.h"
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
  GtkWidget        *overlay;   /* whose toast says so, once it does */
} WidgetWrite;

/* A write kept this long is said to be: a short writer's lock (a step of the search index's)
 * is gone long before. */
#define TOAST_AFTER_MS 500
/* A toast is dismissed once it has slid in (AdwToastOverlay's 300 ms, and a frame): libadwaita
 * 1.2 may crash when a toast still sliding in is dismissed or replaced. */
#define TOAST_SHOWN_MS 400

/* One toast in a window's toast overlay for all the writes kept there: several kept at once
 * (a field saved twice, then another) are said once. */
typedef struct
{
  AdwToast *toast;       /* weak: the person may close it */
  guint     n_kept;      /* the writes it speaks for */
  gint64    shown_at;
  guint     dismiss_id;
} KeptToast;

static GQuark
kept_toast_quark (void)
{
  return g_quark_from_static_string ("co-widget-write-kept-toast");
}

static void
kept_toast_free (KeptToast *kept)
{
  g_clear_handle_id (&kept->dismiss_id, g_source_remove);
  if (kept->toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (kept->toast), (gpointer *) &kept->toast);
  g_free (kept);
}

static KeptToast *
kept_toast_of (GtkWidget *overlay)
{
  KeptToast *kept = g_object_get_qdata (G_OBJECT (overlay), kept_toast_quark ());

  if (kept == NULL)
    {
      kept = g_new0 (KeptToast, 1);
      g_object_set_qdata_full (G_OBJECT (overlay), kept_toast_quark (), kept, (GDestroyNotify) kept_toast_free);
    }
  return kept;
}

static gboolean
dismiss_kept_toast (gpointer data)
{
  KeptToast *kept = data;

  kept->dismiss_id = 0;
  if (kept->toast != NULL)
    {
      /* Gone: a write kept after it gets a toast of its own. */
      g_object_remove_weak_pointer (G_OBJECT (kept->toast), (gpointer *) &kept->toast);
      adw_toast_dismiss (g_steal_pointer (&kept->toast));
    }
  return G_SOURCE_REMOVE;
}

/* One write fewer kept in @overlay: the toast goes with the last, once it has slid in. */
static void
unsay_kept (GtkWidget *overlay)
{
  KeptToast *kept = kept_toast_of (overlay);
  gint64 shown_for_ms = (g_get_monotonic_time () - kept->shown_at) / 1000;

  if (kept->n_kept > 0 && --kept->n_kept > 0)
    return;
  if (kept->toast == NULL || kept->dismiss_id != 0)
    return;
  if (shown_for_ms >= TOAST_SHOWN_MS)
    dismiss_kept_toast (kept);
  else
    kept->dismiss_id = g_timeout_add (TOAST_SHOWN_MS - shown_for_ms, dismiss_kept_toast, kept);
}

static void
widget_write_free (WidgetWrite *self)
{
  g_clear_handle_id (&self->toast_id, g_source_remove);
  if (self->overlay != NULL)
    {
      unsay_kept (self->overlay);
      g_object_unref (self->overlay);
    }
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

  g_clear_handle_id (&self->toast_id, g_source_remove);
  if (self->overlay != NULL)
    {
      unsay_kept (self->overlay);
      g_clear_object (&self->overlay);
    }
  if (error != NULL && !(self->flags & CO_WIDGET_WRITE_DONE_SHOWS_ERROR))
    co_widget_show_error (self->widget, error);
  if (self->done != NULL)
    self->done (store, error, self->data);
}

/* What the toast of a write kept half a second says: what the window waits for. */
static const char *
kept_message (CoWidgetWriteFlags flags)
{
  if (flags & CO_WIDGET_WRITE_IMPORT)
    return _("Importing… The window can be used meanwhile.");
  if (flags & CO_WIDGET_WRITE_RESTORE)
    return _("Restoring the backup… The window can be used meanwhile.");
  if (flags & CO_WIDGET_WRITE_IN_WORKER)
    return _("Saving the change… The window can be used meanwhile.");
  return _("An import or a sync is writing to the workspace: this change is saved as soon as it is done.");
}

static gboolean
say_kept (gpointer data)
{
  WidgetWrite *self = data;
  GtkWidget *overlay = gtk_widget_get_ancestor (self->widget, ADW_TYPE_TOAST_OVERLAY);
  KeptToast *kept;

  self->toast_id = 0;
  if (overlay == NULL)
    return G_SOURCE_REMOVE;
  self->overlay = g_object_ref (overlay);
  kept = kept_toast_of (overlay);
  kept->n_kept++;
  /* Another write kept before this one's toast went: it stays. */
  g_clear_handle_id (&kept->dismiss_id, g_source_remove);
  if (kept->toast == NULL)
    {
      kept->toast = co_toast_new (kept_message (self->flags));
      adw_toast_set_timeout (kept->toast, 0);
      g_object_add_weak_pointer (G_OBJECT (kept->toast), (gpointer *) &kept->toast);
      kept->shown_at = g_get_monotonic_time ();
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), kept->toast);
    }
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
  if (flags & CO_WIDGET_WRITE_IMPORT)
    co_import_write_queued (store, run_write, self, (GDestroyNotify) widget_write_free, written);
  else if (flags & (CO_WIDGET_WRITE_IN_WORKER | CO_WIDGET_WRITE_RESTORE))
    co_store_write_queued_in_worker (store, run_write, self, (GDestroyNotify) widget_write_free, written);
  else if (co_store_write_queued (store, run_write, self, (GDestroyNotify) widget_write_free, written))
    return TRUE;
  self->toast_id = g_timeout_add (TOAST_AFTER_MS, say_kept, self);
  return FALSE;
}
