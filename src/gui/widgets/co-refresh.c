/* co-refresh.c: an idle after the last change, or the next map. */
#include "config.h"

#include "gui/widgets/co-refresh.h"

static void
run (CoRefresh *self)
{
  self->stale = FALSE;
  g_clear_handle_id (&self->idle_id, g_source_remove);
  self->reload (self->widget);
}

static gboolean
on_idle (gpointer data)
{
  CoRefresh *self = data;

  self->idle_id = 0;
  if (gtk_widget_get_mapped (self->widget))
    run (self);
  else
    self->stale = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_map (GtkWidget *widget,
        CoRefresh *self)
{
  if (self->stale)
    run (self);
}

void
co_refresh_init (CoRefresh  *self,
                 GtkWidget  *widget,
                 void      (*reload) (GtkWidget *widget))
{
  *self = (CoRefresh) { widget, reload, 0, TRUE };
  g_signal_connect (widget, "map", G_CALLBACK (on_map), self);
}

void
co_refresh_queue (CoRefresh *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (on_idle, self);
}

void
co_refresh_flush (CoRefresh *self)
{
  if (self->stale || self->idle_id != 0)
    run (self);
}

void
co_refresh_done (CoRefresh *self)
{
  self->stale = FALSE;
  g_clear_handle_id (&self->idle_id, g_source_remove);
}

void
co_refresh_clear (CoRefresh *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
}
