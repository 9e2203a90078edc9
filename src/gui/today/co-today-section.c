/* co-today-section.c: a section read again compared with the one shown (co-today-section.h). */
#include "config.h"

#include "gui/today/co-today-section.h"
#include "gui/widgets/co-tooltip.h"

#define ROW_KEY "co-today-key"

void
co_today_row_set_key (GtkWidget *row,
                      gint64     id)
{
  g_object_set_data_full (G_OBJECT (row), ROW_KEY, g_memdup2 (&id, sizeof id), g_free);
}

static gboolean
same_key (GtkWidget *a,
          GtkWidget *b)
{
  gint64 *key_a = g_object_get_data (G_OBJECT (a), ROW_KEY);
  gint64 *key_b = g_object_get_data (G_OBJECT (b), ROW_KEY);

  return key_a == NULL || key_b == NULL ? key_a == key_b : *key_a == *key_b;
}

static gboolean
same_action (GtkWidget *a,
             GtkWidget *b)
{
  GVariant *target_a, *target_b;

  if (!GTK_IS_ACTIONABLE (a))
    return TRUE;
  if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (a)),
                 gtk_actionable_get_action_name (GTK_ACTIONABLE (b))) != 0)
    return FALSE;
  target_a = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (a));
  target_b = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (b));
  return target_a == NULL || target_b == NULL ? target_a == target_b : g_variant_equal (target_a, target_b);
}

static gboolean
same_content (GtkWidget *a,
              GtkWidget *b)
{
  if (GTK_IS_LABEL (a))
    return g_strcmp0 (gtk_label_get_label (GTK_LABEL (a)), gtk_label_get_label (GTK_LABEL (b))) == 0;
  if (GTK_IS_IMAGE (a))
    return g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (a)), gtk_image_get_icon_name (GTK_IMAGE (b))) == 0;
  return TRUE;
}

gboolean
co_today_same_widgets (GtkWidget *shown,
                       GtkWidget *built,
                       CoReveal  *reveal)
{
  g_auto(GStrv) classes_shown = NULL;
  g_auto(GStrv) classes_built = NULL;
  gboolean visible = gtk_widget_get_visible (shown) ||
                     (reveal != NULL && g_ptr_array_find (reveal->pending, shown, NULL));
  GtkWidget *a, *b;

  if (G_OBJECT_TYPE (shown) != G_OBJECT_TYPE (built) || visible != gtk_widget_get_visible (built) ||
      !same_key (shown, built) || !same_action (shown, built) || !same_content (shown, built) ||
      g_strcmp0 (co_tooltip_get_text (shown), co_tooltip_get_text (built)) != 0)
    return FALSE;
  classes_shown = gtk_widget_get_css_classes (shown);
  classes_built = gtk_widget_get_css_classes (built);
  if (!g_strv_equal ((const char * const *) classes_shown, (const char * const *) classes_built))
    return FALSE;
  for (a = gtk_widget_get_first_child (shown), b = gtk_widget_get_first_child (built); a != NULL && b != NULL;
       a = gtk_widget_get_next_sibling (a), b = gtk_widget_get_next_sibling (b))
    if (!co_today_same_widgets (a, b, reveal))
      return FALSE;
  return a == NULL && b == NULL;
}
