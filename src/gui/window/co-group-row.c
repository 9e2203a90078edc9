/* co-group-row.c: a sidebar row; subgroups are indented under their parent group. */
#include "config.h"

#include <glib/gi18n.h>

#include "gui/widgets/co-tooltip.h"
#include "gui/window/co-group-row.h"

#define INDENT_PER_LEVEL 18

struct _CoGroupRow
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkLabel  *name_label;
  GtkLabel  *summary_label;
  GtkWidget *archived_icon;
};

G_DEFINE_FINAL_TYPE (CoGroupRow, co_group_row, GTK_TYPE_WIDGET)

CoGroupRow *
co_group_row_new (void)
{
  return g_object_new (CO_TYPE_GROUP_ROW, NULL);
}

void
co_group_row_set_group (CoGroupRow *self,
                        CoGroup    *group)
{
  g_autofree char *summary = co_group_dup_summary (group);
  g_autofree char *accessible = NULL;
  const char *name = co_group_get_name (group);
  gboolean archived = co_group_get_archived (group);
  const char *slogan = co_group_get_field (group, CO_GROUP_FIELD_SLOGAN);

  gtk_label_set_label (self->name_label, name);
  gtk_label_set_label (self->summary_label, summary ? summary : _("No platform or stage set"));
  gtk_widget_set_visible (self->archived_icon, archived);
  gtk_widget_set_margin_start (self->box, INDENT_PER_LEVEL * (int) co_group_get_depth (group));
  gtk_widget_set_opacity (self->box, archived ? 0.6 : 1.0);
  co_tooltip_set_text (GTK_WIDGET (self), slogan);

  /* Translators: how a screen reader reads a group in the sidebar: name, then platform and stage */
  accessible = g_strdup_printf (archived ? _("%s, %s, archived") : _("%s, %s"), name,
                                summary ? summary : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
co_group_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CO_TYPE_GROUP_ROW);
  G_OBJECT_CLASS (co_group_row_parent_class)->dispose (object);
}

static void
co_group_row_class_init (CoGroupRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_group_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-group-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CoGroupRow, box);
  gtk_widget_class_bind_template_child (widget_class, CoGroupRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CoGroupRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CoGroupRow, archived_icon);
}

static void
co_group_row_init (CoGroupRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not in the template: GTK's tooltip-text asks the X server where the pointer is, for each of
   * the rows the sidebar makes (co-tooltip.h). */
  co_tooltip_set_text (self->archived_icon, _("Archived"));
}
