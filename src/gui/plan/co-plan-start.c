/* co-plan-start.c: starting a plan. Each way writes the plan through core/plan; the store's
 * change notice then tells the Plan page that the group has a plan to show. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/groups/co-group.h"
#include "core/plan/co-plan.h"
#include "core/plan/co-template.h"
#include "gui/plan/co-plan-start.h"
#include "gui/widgets/co-toast.h"

struct _CoPlanStart
{
  AdwPreferencesPage   parent_instance;

  AdwPreferencesGroup *templates_group;
  AdwComboRow         *copy_row;

  CoStore             *store;
  gint64               group_id;
  GArray              *copy_ids;       /* the group of each choice of copy_row */
  gboolean             copy_stale;     /* copy_row to fill when next shown */
  gboolean             templates_stale;  /* the template rows to make when next shown */
  GPtrArray           *templates;      /* CoTemplateInfo of the template rows */
  GPtrArray           *template_rows;
};

G_DEFINE_FINAL_TYPE (CoPlanStart, co_plan_start, ADW_TYPE_PREFERENCES_PAGE)

static void
on_template_activated (AdwActionRow *row,
                       CoPlanStart  *self)
{
  g_autoptr(GError) error = NULL;
  CoTemplateInfo *info = g_object_get_data (G_OBJECT (row), "co-template");
  g_autoptr(JsonNode) root = co_template_load (info, &error);

  if (root == NULL || !co_template_apply (self->store, self->group_id, root, &error))
    co_widget_show_error (GTK_WIDGET (self), error);
}

static void
on_copy_clicked (CoPlanStart *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (self->copy_row);

  if (selected >= self->copy_ids->len)
    return;
  if (!co_plan_copy (self->store, g_array_index (self->copy_ids, gint64, selected), self->group_id, &error))
    co_widget_show_error (GTK_WIDGET (self), error);
}

static void
on_start_empty_clicked (CoPlanStart *self)
{
  g_autoptr(GError) error = NULL;

  if (!co_plan_ensure (self->store, self->group_id, &error))
    co_widget_show_error (GTK_WIDGET (self), error);
}

void
co_plan_start_set_store (CoPlanStart *self,
                         CoStore     *store)
{
  g_return_if_fail (CO_IS_PLAN_START (self));

  g_set_object (&self->store, store);
}

/* Other groups with a plan to copy. */
static void
fill_copy_choices (CoPlanStart *self)
{
  g_autoptr(GListStore) groups = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->copy_stale = FALSE;
  groups = co_group_list (self->store, NULL);
  g_array_set_size (self->copy_ids, 0);
  for (guint i = 0; groups && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);

      if (id == self->group_id || co_plan_is_empty (self->store, id))
        continue;
      gtk_string_list_append (names, co_group_get_name (group));
      g_array_append_val (self->copy_ids, id);
    }
  adw_combo_row_set_model (self->copy_row, G_LIST_MODEL (names));
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_row), self->copy_ids->len > 0);
}

/* A row per template, built-in or saved. */
static void
fill_templates (CoPlanStart *self)
{
  self->templates_stale = FALSE;
  for (guint i = 0; i < self->template_rows->len; i++)
    adw_preferences_group_remove (self->templates_group, self->template_rows->pdata[i]);
  g_ptr_array_set_size (self->template_rows, 0);
  g_clear_pointer (&self->templates, g_ptr_array_unref);

  self->templates = co_template_list ();
  for (guint i = 0; i < self->templates->len; i++)
    {
      CoTemplateInfo *info = self->templates->pdata[i];
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   info->description ? info->description
                                                     : info->path ? info->path : "");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "co-template", info);
      g_signal_connect (row, "activated", G_CALLBACK (on_template_activated), self);
      adw_preferences_group_add (self->templates_group, row);
      g_ptr_array_add (self->template_rows, row);
    }
}

static void
on_map (CoPlanStart *self)
{
  if (self->templates_stale)
    fill_templates (self);
  if (self->copy_stale)
    fill_copy_choices (self);
}

/* The page filled for @group_id when it is shown, not before: behind the Overview at the
 * window's start, the templates' rows cost more layout than the whole first screen shown (their
 * wrapped descriptions measured because the Plan page shares the Overview's stack), and which
 * other groups have a plan to copy reads every group's plan. */
void
co_plan_start_fill (CoPlanStart *self,
                    gint64       group_id)
{
  g_return_if_fail (CO_IS_PLAN_START (self));

  self->group_id = group_id;
  self->templates_stale = TRUE;
  self->copy_stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    on_map (self);
}

static void
co_plan_start_dispose (GObject *object)
{
  CoPlanStart *self = CO_PLAN_START (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_PLAN_START);
  g_clear_pointer (&self->copy_ids, g_array_unref);
  g_clear_pointer (&self->template_rows, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (co_plan_start_parent_class)->dispose (object);
}

static void
co_plan_start_class_init (CoPlanStartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_plan_start_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-plan-start.ui");
  gtk_widget_class_bind_template_child (widget_class, CoPlanStart, templates_group);
  gtk_widget_class_bind_template_child (widget_class, CoPlanStart, copy_row);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_start_empty_clicked);
}

static void
co_plan_start_init (CoPlanStart *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->copy_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->template_rows = g_ptr_array_new ();
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}
