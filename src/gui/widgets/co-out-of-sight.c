/* co-out-of-sight.c: a scrolled window's content hidden while out of sight (co-out-of-sight.h). */
#include "config.h"

#include "gui/widgets/co-out-of-sight.h"

/* On the content this hid, so that what its page hid itself is left hidden. */
#define HIDDEN_HERE "co-out-of-sight-hidden"
/* On the scrolled window while its content is to be hidden when idle. */
#define HIDING "co-out-of-sight-hiding"

static void
hide_content (GtkScrolledWindow *window)
{
  GtkWidget *child = gtk_scrolled_window_get_child (window);

  if (child != NULL && gtk_widget_get_visible (child) && !gtk_widget_get_mapped (GTK_WIDGET (window)))
    {
      g_object_set_data (G_OBJECT (child), HIDDEN_HERE, GINT_TO_POINTER (TRUE));
      gtk_widget_set_visible (child, FALSE);
    }
}

/* Unmapped may mean in the middle of a layout (a leaflet folding): the content is hidden after it. */
static gboolean
hide_content_idle (gpointer data)
{
  GtkScrolledWindow *window = data;

  g_object_set_data (G_OBJECT (window), HIDING, NULL);
  hide_content (window);
  return G_SOURCE_REMOVE;
}

static void
hide_content_later (GtkScrolledWindow *window)
{
  if (g_object_get_data (G_OBJECT (window), HIDING) != NULL)
    return;
  g_object_set_data (G_OBJECT (window), HIDING, GINT_TO_POINTER (TRUE));
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, hide_content_idle, g_object_ref (window), g_object_unref);
}

static void
on_unmap (GtkScrolledWindow *window,
          gpointer           data)
{
  hide_content_later (window);
}

static void
on_child_changed (GtkScrolledWindow *window,
                  GParamSpec        *pspec,
                  gpointer           data)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    hide_content_later (window);
}

static void
on_map (GtkScrolledWindow *window,
        gpointer           data)
{
  GtkWidget *child = gtk_scrolled_window_get_child (window);

  if (child != NULL && g_object_steal_data (G_OBJECT (child), HIDDEN_HERE) != NULL)
    gtk_widget_set_visible (child, TRUE);
}

void
co_out_of_sight_hide_content (GtkScrolledWindow *window)
{
  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (window));

  g_signal_connect (window, "unmap", G_CALLBACK (on_unmap), NULL);
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  /* A content put in while out of sight (a grid built again) is hidden too. */
  g_signal_connect (window, "notify::child", G_CALLBACK (on_child_changed), NULL);
  on_child_changed (window, NULL, NULL);
}
