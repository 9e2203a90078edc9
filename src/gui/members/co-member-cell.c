/* co-member-cell.c: a cell of the members list, one line of text high (see co-member-cell.h). */
#include "config.h"

#include "gui/members/co-member-cell.h"

struct _CoMemberCell
{
  GtkWidget  parent_instance;
  GtkLabel  *label;   /* the child, or inside it */
};

G_DEFINE_FINAL_TYPE (CoMemberCell, co_member_cell, GTK_TYPE_WIDGET)

int
co_member_cell_line_height (GtkWidget *widget)
{
  static PangoFontDescription *measured_font;
  static double measured_resolution;
  static int height;
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double resolution = pango_cairo_context_get_resolution (context);

  if (measured_font == NULL || resolution != measured_resolution || !pango_font_description_equal (font, measured_font))
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Ag 王");

      pango_layout_get_pixel_size (layout, NULL, &height);
      g_clear_pointer (&measured_font, pango_font_description_free);
      measured_font = pango_font_description_copy (font);
      measured_resolution = resolution;
    }
  return height;
}

/* No width of its own (the column's is fixed), one line high; the child is never asked. */
static void
co_member_cell_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  CoMemberCell *self = CO_MEMBER_CELL (widget);

  *minimum = *natural = orientation == GTK_ORIENTATION_VERTICAL ? co_member_cell_line_height (GTK_WIDGET (self->label)) : 0;
}

static void
co_member_cell_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
co_member_cell_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (co_member_cell_parent_class)->dispose (object);
}

static void
co_member_cell_class_init (CoMemberCellClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_member_cell_dispose;
  widget_class->measure = co_member_cell_measure;
  widget_class->size_allocate = co_member_cell_size_allocate;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
co_member_cell_init (CoMemberCell *self)
{
}

GtkWidget *
co_member_cell_new (GtkWidget *child,
                    GtkLabel  *label)
{
  CoMemberCell *self = g_object_new (CO_TYPE_MEMBER_CELL, NULL);

  self->label = label;
  gtk_widget_set_parent (child, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}

GtkLabel *
co_member_cell_get_label (CoMemberCell *self)
{
  g_return_val_if_fail (CO_IS_MEMBER_CELL (self), NULL);

  return self->label;
}
