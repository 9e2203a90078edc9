/* co-pinned-cell.c: the cell follows its scrolled window's horizontal adjustment and draws its
 * child that far to the right, which keeps it where it was before the scroll; its background
 * covers the cells passing under it, and a line on its right shows once the grid has scrolled. */
#include "config.h"

#include "gui/widgets/co-pinned-cell.h"

struct _CoPinnedCell
{
  GtkWidget      parent_instance;

  GtkWidget     *box;          /* the background, holding the child */
  GtkAdjustment *hadjustment;  /* the scrolled window's, while the cell is in one */
};

G_DEFINE_FINAL_TYPE (CoPinnedCell, co_pinned_cell, GTK_TYPE_WIDGET)

static double
scrolled_by (CoPinnedCell *self)
{
  return self->hadjustment ? MAX (0, gtk_adjustment_get_value (self->hadjustment)) : 0;
}

static void
on_value_changed (CoPinnedCell *self)
{
  if (scrolled_by (self) > 0)
    gtk_widget_add_css_class (self->box, "co-pinned-scrolled");
  else
    gtk_widget_remove_css_class (self->box, "co-pinned-scrolled");
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
co_pinned_cell_root (GtkWidget *widget)
{
  CoPinnedCell *self = CO_PINNED_CELL (widget);
  GtkWidget *scrolled;

  GTK_WIDGET_CLASS (co_pinned_cell_parent_class)->root (widget);
  scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled == NULL)
    return;
  self->hadjustment = g_object_ref (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled)));
  g_signal_connect_object (self->hadjustment, "value-changed", G_CALLBACK (on_value_changed), self,
                           G_CONNECT_SWAPPED);
  on_value_changed (self);
}

static void
co_pinned_cell_unroot (GtkWidget *widget)
{
  CoPinnedCell *self = CO_PINNED_CELL (widget);

  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  g_clear_object (&self->hadjustment);
  GTK_WIDGET_CLASS (co_pinned_cell_parent_class)->unroot (widget);
}

static void
co_pinned_cell_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  gtk_widget_measure (CO_PINNED_CELL (widget)->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static GtkSizeRequestMode
co_pinned_cell_get_request_mode (GtkWidget *widget)
{
  return gtk_widget_get_request_mode (CO_PINNED_CELL (widget)->box);
}

static void
co_pinned_cell_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  CoPinnedCell *self = CO_PINNED_CELL (widget);
  double offset = scrolled_by (self);

  gtk_widget_allocate (self->box, width, height, baseline,
                       offset > 0 ? gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT ((float) offset, 0))
                                  : NULL);
}

static void
co_pinned_cell_dispose (GObject *object)
{
  CoPinnedCell *self = CO_PINNED_CELL (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->hadjustment);
  G_OBJECT_CLASS (co_pinned_cell_parent_class)->dispose (object);
}

static void
co_pinned_cell_class_init (CoPinnedCellClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_pinned_cell_dispose;
  widget_class->root = co_pinned_cell_root;
  widget_class->unroot = co_pinned_cell_unroot;
  widget_class->measure = co_pinned_cell_measure;
  widget_class->get_request_mode = co_pinned_cell_get_request_mode;
  widget_class->size_allocate = co_pinned_cell_size_allocate;
}

static void
co_pinned_cell_init (CoPinnedCell *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->box, "co-pinned");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
co_pinned_cell_new (GtkWidget *child)
{
  CoPinnedCell *self = g_object_new (CO_TYPE_PINNED_CELL, NULL);

  gtk_box_append (GTK_BOX (self->box), child);
  return GTK_WIDGET (self);
}

GtkWidget *
co_pinned_cell_get_child (CoPinnedCell *self)
{
  g_return_val_if_fail (CO_IS_PINNED_CELL (self), NULL);

  return gtk_widget_get_first_child (self->box);
}

/* A scrollbar that is not an overlay takes room, which GtkScrolledWindow (4.8) asks for only
 * when the scrollbar's policy is "always": with "automatic" a grid sized to its content would
 * lose its last line under the scrollbar. So the scrollbar is "always" while there is more to
 * the right, and "automatic" (hidden) while the grid fits. The adjustment changes while the
 * window lays out, when a new size request would be lost: the policy follows when idle. */
static gboolean
update_policy (gpointer data)
{
  GtkScrolledWindow *scrolled = data;
  GtkAdjustment *hadjustment = gtk_scrolled_window_get_hadjustment (scrolled);
  GtkPolicyType horizontal, vertical;
  GtkPolicyType wanted = gtk_adjustment_get_upper (hadjustment) > gtk_adjustment_get_page_size (hadjustment)
                         ? GTK_POLICY_ALWAYS : GTK_POLICY_AUTOMATIC;

  g_object_set_data (G_OBJECT (scrolled), "co-policy-queued", NULL);
  gtk_scrolled_window_get_policy (scrolled, &horizontal, &vertical);
  if (horizontal != wanted)
    gtk_scrolled_window_set_policy (scrolled, wanted, vertical);
  return G_SOURCE_REMOVE;
}

static void
on_hadjustment_changed (GtkAdjustment     *hadjustment,
                        GtkScrolledWindow *scrolled)
{
  if (g_object_get_data (G_OBJECT (scrolled), "co-policy-queued") != NULL)
    return;
  g_object_set_data (G_OBJECT (scrolled), "co-policy-queued", GINT_TO_POINTER (TRUE));
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, update_policy, g_object_ref (scrolled), g_object_unref);
}

/* The grid gets its natural width and scrolls, rather than being squeezed to its minimum. */
static void
use_natural_width (GtkScrolledWindow *scrolled)
{
  GtkWidget *child = gtk_scrolled_window_get_child (scrolled);

  if (child != NULL && GTK_IS_VIEWPORT (child))
    gtk_scrollable_set_hscroll_policy (GTK_SCROLLABLE (child), GTK_SCROLL_NATURAL);
}

void
co_wide_scroller_setup (GtkScrolledWindow *scrolled)
{
  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scrolled));

  /* An overlay scrollbar hides until the pointer moves over the grid: nothing would say that
   * the week goes on after Wednesday. */
  gtk_scrolled_window_set_overlay_scrolling (scrolled, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (scrolled), "co-wide");
  /* Within a card's rounded corners, the pinned column's background included. */
  gtk_widget_set_overflow (GTK_WIDGET (scrolled), GTK_OVERFLOW_HIDDEN);
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (scrolled), "changed",
                           G_CALLBACK (on_hadjustment_changed), scrolled, 0);
  use_natural_width (scrolled);
}

void
co_wide_scroller_set_child (GtkScrolledWindow *scrolled,
                            GtkWidget         *child)
{
  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scrolled));

  gtk_scrolled_window_set_child (scrolled, child);
  use_natural_width (scrolled);
}
