/* co-reveal.c: a view shown a few widgets a frame (co-reveal.h). */
#include "config.h"

#include <time.h>

#include "gui/widgets/co-reveal.h"

/* Widgets shown by the first frame: in a debug build the Weekly view's frames took at most about
 * 20 ms of the main thread's time with four (bench-window --sample), against 90 ms all at once;
 * Today's first rows, cold, with their buttons, cost more each (bench-sop-today). */
#define PER_FRAME 2
/* The next frames show more while a frame's work stays well within this much processor time,
 * fewer once it goes over: a cold Today's rows with their buttons, or the expander rows of its
 * activities, cost several times a Weekly view's label (bench-sop-today). */
#define FRAME_BUDGET_US 8000
#define MAX_PER_FRAME 16

/* Reveals showing now, in any window: the frames are theirs first (co_reveal_any_showing()). */
static guint n_showing;

/* The main thread's processor time: on a shared machine a frame's wall time holds others' work. */
static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

void
co_reveal_init (CoReveal  *self,
                GtkWidget *owner)
{
  self->owner = owner;
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->tick_id = 0;
  self->per_frame = PER_FRAME;
  self->last_cpu = 0;
  self->batch = 0;
  self->most = 0;
}

void
co_reveal_set_batch (CoReveal *self,
                     guint     per_frame)
{
  g_return_if_fail (per_frame > 0);

  self->batch = self->per_frame = per_frame;
}

void
co_reveal_set_most (CoReveal *self,
                    guint     per_frame)
{
  g_return_if_fail (per_frame > 0);

  self->most = per_frame;
  self->per_frame = MIN (self->per_frame, per_frame);
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
  /* A list's rows, a flow box's cards and a box's parts one by one; anything else (a card, a
   * grid) whole. */
  if (GTK_IS_LIST_BOX (widget) || GTK_IS_FLOW_BOX (widget) || GTK_IS_BOX (widget))
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
  guint n = MIN (self->per_frame, self->pending->len);

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
  gint64 now = thread_cpu_us ();

  /* What the main thread did since the last tick is mostly the frame that styled, laid out and
   * drew the widgets shown then. The first tick after co_reveal_start() shows none: its frame
   * does those shown at the start. */
  if (self->last_cpu != 0)
    {
      gint64 spent = now - self->last_cpu;

      /* In batches, as many each frame. */
      if (self->batch == 0 && spent > FRAME_BUDGET_US)
        self->per_frame = MAX (1, self->per_frame / 2);
      else if (self->batch == 0 && spent < FRAME_BUDGET_US / 2)
        self->per_frame = MIN (self->most != 0 ? self->most : MAX_PER_FRAME, self->per_frame + 1);
      if (!show_some (self))
        {
          self->tick_id = 0;
          n_showing--;
          return G_SOURCE_REMOVE;
        }
    }
  self->last_cpu = thread_cpu_us ();
  return G_SOURCE_CONTINUE;
}

void
co_reveal_start (CoReveal *self)
{
  if (!gtk_widget_get_mapped (self->owner))
    {
      co_reveal_finish (self);
      return;
    }
  if (self->tick_id != 0)
    return;  /* showing already: the widgets added go on in their turn */
  self->last_cpu = 0;
  /* In batches none now, nor at the first tick: its frame may be a page's first, the costliest. */
  if (self->batch != 0 ? self->pending->len > 0 : show_some (self))
    {
      self->tick_id = gtk_widget_add_tick_callback (self->owner, on_tick, self, NULL);
      n_showing++;
    }
}

void
co_reveal_finish (CoReveal *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (self->owner, self->tick_id);
      n_showing--;
    }
  self->tick_id = 0;
  while (show_some (self))
    ;
}

gboolean
co_reveal_any_showing (void)
{
  return n_showing > 0;
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
