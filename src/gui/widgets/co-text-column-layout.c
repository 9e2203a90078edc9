/* co-text-column-layout.c: see co-text-column-layout.h. The column stays a vertical GtkBox laid
 * out by a GtkBoxLayout (its spacing from the theme's CSS, its allocation, its heights); only
 * "how wide at this height" is asked of that box layout without the height. */
#include "config.h"

#include "gui/widgets/co-text-column-layout.h"

struct _CoTextColumnLayout
{
  GtkLayoutManager  parent_instance;
  GtkLayoutManager *column;   /* a vertical GtkBoxLayout, attached to no widget */
};

G_DEFINE_FINAL_TYPE (CoTextColumnLayout, co_text_column_layout, GTK_TYPE_LAYOUT_MANAGER)

static void
co_text_column_layout_measure (GtkLayoutManager *manager,
                               GtkWidget        *widget,
                               GtkOrientation    orientation,
                               int               for_size,
                               int              *minimum,
                               int              *natural,
                               int              *minimum_baseline,
                               int              *natural_baseline)
{
  CoTextColumnLayout *self = CO_TEXT_COLUMN_LAYOUT (manager);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    for_size = -1;
  gtk_layout_manager_measure (self->column, widget, orientation, for_size, minimum, natural,
                              minimum_baseline, natural_baseline);
}

static void
co_text_column_layout_allocate (GtkLayoutManager *manager,
                                GtkWidget        *widget,
                                int               width,
                                int               height,
                                int               baseline)
{
  CoTextColumnLayout *self = CO_TEXT_COLUMN_LAYOUT (manager);

  gtk_layout_manager_allocate (self->column, widget, width, height, baseline);
}

static void
co_text_column_layout_dispose (GObject *object)
{
  CoTextColumnLayout *self = CO_TEXT_COLUMN_LAYOUT (object);

  g_clear_object (&self->column);
  G_OBJECT_CLASS (co_text_column_layout_parent_class)->dispose (object);
}

static void
co_text_column_layout_class_init (CoTextColumnLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->dispose = co_text_column_layout_dispose;
  /* The request mode stays the default, worked out from the children: height for width. */
  layout_class->measure = co_text_column_layout_measure;
  layout_class->allocate = co_text_column_layout_allocate;
}

static void
co_text_column_layout_init (CoTextColumnLayout *self)
{
  self->column = gtk_box_layout_new (GTK_ORIENTATION_VERTICAL);
}

/* The vertical box with @css_class among @header's children, if @header is a box.header. */
static GtkWidget *
column_in_header (GtkWidget  *header,
                  const char *css_class)
{
  if (header == NULL || !GTK_IS_BOX (header) || !gtk_widget_has_css_class (header, "header"))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (header); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BOX (child) && gtk_widget_has_css_class (child, css_class)
        && gtk_orientable_get_orientation (GTK_ORIENTABLE (child)) == GTK_ORIENTATION_VERTICAL)
      return child;
  return NULL;
}

/* An action row's box.title (the CSS nodes libadwaita documents); a preferences group's labels,
 * in the header first in its box. */
static GtkWidget *
text_column (GtkWidget *widget)
{
  if (ADW_IS_ACTION_ROW (widget))
    return column_in_header (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (widget)), "title");
  if (ADW_IS_PREFERENCES_GROUP (widget))
    {
      GtkWidget *box = gtk_widget_get_first_child (widget);

      return box != NULL ? column_in_header (gtk_widget_get_first_child (box), "labels") : NULL;
    }
  return NULL;
}

void
co_text_column_layout_apply (GtkWidget *widget)
{
  GtkWidget *column = text_column (widget);

  if (column != NULL && !CO_IS_TEXT_COLUMN_LAYOUT (gtk_widget_get_layout_manager (column)))
    gtk_widget_set_layout_manager (column, g_object_new (CO_TYPE_TEXT_COLUMN_LAYOUT, NULL));
}

static gboolean
apply_on_realize (GSignalInvocationHint *hint,
                  guint                  n_params,
                  const GValue          *params,
                  gpointer               user_data)
{
  co_text_column_layout_apply (g_value_get_object (&params[0]));
  return TRUE;
}

void
co_text_column_layout_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      g_autoptr(GTypeClass) widget_class = g_type_class_ref (GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (g_signal_lookup ("realize", G_TYPE_FROM_CLASS (widget_class)), 0,
                                  apply_on_realize, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
