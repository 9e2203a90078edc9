/* co-reveal.h: a view built at once but shown a few widgets a frame. Styling, measuring and
 * drawing fifty new rows in one frame holds the window for longer than a frame; hidden, they cost
 * none of it, and shown a few at a time each frame does a share: as many as the last frame's cost
 * says fit in one. The Weekly Report and Today use it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GtkWidget *owner;     /* whose frame clock paces the showing */
  GPtrArray *pending;   /* GtkWidget, hidden, in the order they are shown */
  guint      tick_id;
  guint      per_frame; /* how many the next frame shows */
  gint64     last_cpu;  /* the main thread's processor time at the last tick, or 0 */
  guint      batch;     /* co_reveal_set_batch(), or 0 */
  guint      most;      /* co_reveal_set_most(), or 0 */
} CoReveal;

void     co_reveal_init       (CoReveal  *self,
                               GtkWidget *owner);
/* Shows the widgets @per_frame a frame from the frame after the next, whatever the frames cost:
 * for widgets cheap beside the frame that draws them (Today's task rows: a frame showing one
 * costs most of what a frame showing five does, the window laid out and drawn again either way),
 * so that they take few frames, none of them the costly first frame of a page just shown. */
void     co_reveal_set_batch  (CoReveal  *self,
                               guint      per_frame);
/* Shows at most @per_frame a frame, however cheap the last frames were: for a view whose
 * widgets differ in cost (the Reports' cards, then action rows several times dearer), so that
 * the number grown on the cheap ones is not shown of the dear ones in one frame. */
void     co_reveal_set_most   (CoReveal  *self,
                               guint      per_frame);
/* Hides @widget, if shown, and what it holds (a list's rows, a box's parts), to be shown in
 * order by co_reveal_start(). A part holding the focus is left as it is. */
void     co_reveal_add        (CoReveal  *self,
                               GtkWidget *widget);
/* The same for each child of @container. */
void     co_reveal_add_tree   (CoReveal  *self,
                               GtkWidget *container);
/* Shows the first widgets now (in batches: from the frame after the next) and the others a few
 * each frame; all of them now when the owner is not shown (nothing would pace them). */
void     co_reveal_start      (CoReveal  *self);
/* Shows everything still hidden, at once: before the view is rebuilt, or for a caller that
 * needs it complete. */
void     co_reveal_finish     (CoReveal  *self);
gboolean co_reveal_is_pending (CoReveal  *self);
/* Whether a view is being shown a few widgets a frame: work that can wait (the sidebar's rows
 * growing) lets those frames go to it. */
gboolean co_reveal_any_showing (void);
void     co_reveal_clear      (CoReveal  *self);

G_END_DECLS
