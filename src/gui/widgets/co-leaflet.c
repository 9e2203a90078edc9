/* co-leaflet.c: an AdwLeaflet whose layout does not restyle its pages. */
#include "config.h"

#include "gui/widgets/co-leaflet.h"

static gboolean
is_shadow_widget (GtkWidget *child)
{
  static const char *const names[] = { "dimming", "shadow", "border", "outline", NULL };

  /* The shadow's widgets are libadwaita's private AdwGizmo; a page is never one. */
  return g_str_equal (G_OBJECT_TYPE_NAME (child), "AdwGizmo") &&
         g_strv_contains (names, gtk_widget_get_css_name (child));
}

void
co_leaflet_put_shadow_last (AdwLeaflet *leaflet)
{
  GtkWidget *parent = GTK_WIDGET (leaflet);
  GtkWidget *child = gtk_widget_get_first_child (parent);
  GtkWidget *first_moved = NULL;

  /* The leaflet draws its shadow itself and the widgets take no pointer, so their place among
   * the children changes neither what is drawn nor what is clicked. */
  while (child != NULL && child != first_moved)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (is_shadow_widget (child))
        {
          gtk_widget_insert_before (child, parent, NULL);
          if (first_moved == NULL)
            first_moved = child;
        }
      child = next;
    }
}
