/* co-member-cell.c: a cell of the members list, one line of text that it draws itself (see
 * co-member-cell.h). */
#include "config.h"

#include "gui/members/co-member-cell.h"

/* Between the start widget and the text, as the box that held them had. */
#define START_SPACING 6

struct _CoMemberCell
{
  GtkWidget    parent_instance;
  char        *text;
  PangoLayout *layout;      /* made when first drawn */
  GtkWidget   *start;       /* or NULL */
  CoMemberRow *row;         /* the row shown, watched */
  float        xalign;
  gboolean     numeric;
  gboolean     label_stale;  /* the text changed while out of sight: told to assistive technologies once in sight */
  int          text_x, text_width;
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

/* No width of its own (the column's is fixed), one line high: the text is never measured. */
static void
co_member_cell_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_VERTICAL ? co_member_cell_line_height (widget) : 0;
}

static void
co_member_cell_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  CoMemberCell *self = CO_MEMBER_CELL (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  self->text_x = 0;
  self->text_width = width;
  if (self->start != NULL && gtk_widget_get_visible (self->start))
    {
      int start_width;

      gtk_widget_measure (self->start, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &start_width, NULL, NULL);
      start_width = MIN (start_width, width);
      gtk_widget_size_allocate (self->start,
                                &(GtkAllocation) { rtl ? width - start_width : 0, 0, start_width, height }, -1);
      self->text_width = MAX (0, width - start_width - START_SPACING);
      self->text_x = rtl ? 0 : width - self->text_width;
    }
  if (self->layout != NULL)
    pango_layout_set_width (self->layout, self->text_width * PANGO_SCALE);
}

static PangoLayout *
ensure_layout (CoMemberCell *self)
{
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text != NULL ? self->text : "");
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      pango_layout_set_width (self->layout, self->text_width * PANGO_SCALE);
      /* GtkLabel takes the "numeric" class's tabular figures from CSS, through API GTK keeps
       * private. */
      if (self->numeric)
        {
          PangoAttrList *attributes = pango_attr_list_new ();

          pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
          pango_layout_set_attributes (self->layout, attributes);
          pango_attr_list_unref (attributes);
        }
    }
  return self->layout;
}

/* Where GtkLabel 4.8 puts its layout: aligned by xalign in the text's room, centred in height
 * (or on the row's baseline). */
static void
co_member_cell_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CoMemberCell *self = CO_MEMBER_CELL (widget);
  PangoLayout *layout;
  PangoRectangle logical;
  float xalign = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? 1.0f - self->xalign : self->xalign;
  int baseline = gtk_widget_get_allocated_baseline (widget);
  double x, y;

  if (self->start != NULL)
    gtk_widget_snapshot_child (widget, self->start, snapshot);
  if (self->text == NULL || self->text[0] == '\0' || self->text_width <= 0)
    return;
  layout = ensure_layout (self);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  x = self->text_x + floor (xalign * (self->text_width - logical.width) - logical.x);
  if (baseline != -1)
    y = baseline - pango_layout_get_baseline (layout) / PANGO_SCALE;
  else
    y = floor ((gtk_widget_get_height (widget) - logical.height) * 0.5);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget), x, y, layout);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
update_label (CoMemberCell *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text != NULL ? self->text : "", -1);
  self->label_stale = FALSE;
}

static void
co_member_cell_map (GtkWidget *widget)
{
  CoMemberCell *self = CO_MEMBER_CELL (widget);

  GTK_WIDGET_CLASS (co_member_cell_parent_class)->map (widget);
  if (self->label_stale)
    update_label (self);
}

static void
co_member_cell_dispose (GObject *object)
{
  CoMemberCell *self = CO_MEMBER_CELL (object);

  co_member_cell_show_row (self, NULL, NULL);
  g_clear_pointer (&self->start, gtk_widget_unparent);
  g_clear_object (&self->layout);
  G_OBJECT_CLASS (co_member_cell_parent_class)->dispose (object);
}

static void
co_member_cell_finalize (GObject *object)
{
  g_free (CO_MEMBER_CELL (object)->text);
  G_OBJECT_CLASS (co_member_cell_parent_class)->finalize (object);
}

static void
co_member_cell_class_init (CoMemberCellClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_member_cell_dispose;
  G_OBJECT_CLASS (klass)->finalize = co_member_cell_finalize;
  widget_class->measure = co_member_cell_measure;
  widget_class->size_allocate = co_member_cell_size_allocate;
  widget_class->snapshot = co_member_cell_snapshot;
  widget_class->map = co_member_cell_map;
  /* Styled as the label it replaces: its font, its colour in a selected row. */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
co_member_cell_init (CoMemberCell *self)
{
}

GtkWidget *
co_member_cell_new (float    xalign,
                    gboolean numeric)
{
  CoMemberCell *self = g_object_new (CO_TYPE_MEMBER_CELL, NULL);

  self->xalign = xalign;
  self->numeric = numeric;
  if (numeric)
    gtk_widget_add_css_class (GTK_WIDGET (self), "numeric");
  return GTK_WIDGET (self);
}

void
co_member_cell_set_text (CoMemberCell *self,
                         const char   *text)
{
  g_return_if_fail (CO_IS_MEMBER_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text != NULL ? text : "", -1);
  /* GtkListView 4.8 keeps most of its rows out of sight (unmapped), and telling the label cost
   * more than the rest of setting it: a scroll sets thousands. */
  self->label_stale = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (!self->label_stale)
    update_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
co_member_cell_get_text (CoMemberCell *self)
{
  g_return_val_if_fail (CO_IS_MEMBER_CELL (self), NULL);

  return self->text != NULL ? self->text : "";
}

void
co_member_cell_set_start_widget (CoMemberCell *self,
                                 GtkWidget    *widget)
{
  g_return_if_fail (CO_IS_MEMBER_CELL (self));

  g_clear_pointer (&self->start, gtk_widget_unparent);
  self->start = widget;
  if (widget != NULL)
    gtk_widget_set_parent (widget, GTK_WIDGET (self));
}

GtkWidget *
co_member_cell_get_start_widget (CoMemberCell *self)
{
  g_return_val_if_fail (CO_IS_MEMBER_CELL (self), NULL);

  return self->start;
}

void
co_member_cell_show_row (CoMemberCell    *self,
                         CoMemberRow     *row,
                         CoMemberRowFunc  changed)
{
  g_return_if_fail (CO_IS_MEMBER_CELL (self));

  if (self->row != NULL)
    {
      co_member_row_unwatch (self->row, self);
      g_clear_object (&self->row);
    }
  if (row != NULL)
    {
      self->row = g_object_ref (row);
      co_member_row_watch (row, self, changed);
    }
}

CoMemberRow *
co_member_cell_get_row (CoMemberCell *self)
{
  g_return_val_if_fail (CO_IS_MEMBER_CELL (self), NULL);

  return self->row;
}
