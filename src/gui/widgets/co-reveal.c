/* co-reveal.c: a view shown a few widgets a frame (co-reveal.h). */
#include "config.h"

#include "gui/widgets/co-reveal.h"

/* Widgets shown each frame: in a debug build the Weekly view's frames took at most about 20 ms
 * of the main thread's time with four (bench-window --sample), against 90 ms all at once. */
#define PER_FRAME 4

void
co_reveal_init (CoReveal  *self,
                GtkWidget *owner)
{
  self->owner = owner;
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->tick_id = 0;
}

static gboolean
holds_focus (GtkWidget *widget)
{
  return gtk_widget_has_focus (widget) || gtk_widget_get_focus_child (widget) != NULL;
}

void
co_reveal_add (CoReveal  *self,
               GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget) || holds_focus (widget))
    return;
  gtk_widget_set_visible (widget, FALSE);
  g_ptr_array_add (self->pending, g_object_ref (widget));
  /* A list's rows and a box's parts one by one; anything else (a card, a grid) whole. */
  if (GTK_IS_LIST_BOX (widget) || GTK_IS_BOX (widget))
    co_reveal_add_tree (self, widget);
}

void
co_reveal_add_tree (CoReveal  *self,
                    GtkWidget *container)
{
  for (GtkWidget *child = gtk_widget_get_first_child (container); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    co_reveal_add (self, child);
}

/* The next few, in order; FALSE once all are shown. */
static gboolean
show_some (CoReveal *self)
{
  guint n = MIN (PER_FRAME, self->pending->len);

  for (guint i = 0; i < n; i++)
    gtk_widget_set_visible (self->pending->pdata[i], TRUE);
  g_ptr_array_remove_range (self->pending, 0, n);
  return self->pending->len > 0;
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  CoReveal *self = data;

  if (show_some (self))
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

void
co_reveal_start (CoReveal *self)
{
  if (!gtk_widget_get_mapped (self->owner))
    {
      co_reveal_finish (self);
      return;
    }
  if (show_some (self) && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (self->owner, on_tick, self, NULL);
}

void
co_reveal_finish (CoReveal *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (self->owner, self->tick_id);
  self->tick_id = 0;
  while (show_some (self))
    ;
}

gboolean
co_reveal_is_pending (CoReveal *self)
{
  return self->pending != NULL && self->pending->len > 0;
}

void
co_reveal_clear (CoReveal *self)
{
  if (self->pending == NULL)
    return;
  co_reveal_finish (self);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
}
