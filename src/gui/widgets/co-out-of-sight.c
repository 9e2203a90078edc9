/* co-out-of-sight.c: a scrolled window's content hidden while out of sight (co-out-of-sight.h). */
#include "config.h"

#include "gui/widgets/co-out-of-sight.h"

/* On a scrolled window whose content is hidden out of sight. */
#define WATCHED "co-out-of-sight-watched"
/* On the content this hid, so that what its page hid itself is left hidden. */
#define HIDDEN_HERE "co-out-of-sight-hidden"
/* On the scrolled window while its content is hidden: its own size request before (int[2]). */
#define SIZE_BEFORE "co-out-of-sight-size-before"
/* On the scrolled window or page while it is to be seen to when idle: the idle source's id. */
#define HIDING "co-out-of-sight-hiding"

/* The minimum size @window has with its content, where the content sets it: a scroll bar that
 * never shows makes the content's minimum the window's, and the content hidden would take it away.
 * A scrolled window measures its content for any size (-1), so the one figure holds for all. */
static int
minimum_with_content (GtkScrolledWindow *window,
                      GtkOrientation     orientation,
                      int                requested)
{
  GtkPolicyType hpolicy, vpolicy;
  GtkWidget *widget = GTK_WIDGET (window);
  int minimum, margins;

  gtk_scrolled_window_get_policy (window, &hpolicy, &vpolicy);
  if ((orientation == GTK_ORIENTATION_HORIZONTAL ? hpolicy : vpolicy) != GTK_POLICY_NEVER)
    return requested;
  gtk_widget_measure (widget, orientation, -1, &minimum, NULL, NULL, NULL);
  /* The size request counts without the widget's margins, the measure with them. */
  margins = orientation == GTK_ORIENTATION_HORIZONTAL
            ? gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget)
            : gtk_widget_get_margin_top (widget) + gtk_widget_get_margin_bottom (widget);
  return MAX (requested, minimum - margins);
}

static void
hide_content (GtkScrolledWindow *window)
{
  GtkWidget *child = gtk_scrolled_window_get_child (window);
  int width, height;

  /* Nor in a window being closed: its content is going, with whatever it points to. */
  if (child == NULL || !gtk_widget_get_visible (child) || gtk_widget_get_mapped (GTK_WIDGET (window)) ||
      gtk_widget_get_root (GTK_WIDGET (window)) == NULL)
    return;
  gtk_widget_get_size_request (GTK_WIDGET (window), &width, &height);
  if (g_object_get_data (G_OBJECT (window), SIZE_BEFORE) == NULL)
    {
      int *before = g_new (int, 2);

      before[0] = width;
      before[1] = height;
      g_object_set_data_full (G_OBJECT (window), SIZE_BEFORE, before, g_free);
    }
  gtk_widget_set_size_request (GTK_WIDGET (window),
                               minimum_with_content (window, GTK_ORIENTATION_HORIZONTAL, width),
                               minimum_with_content (window, GTK_ORIENTATION_VERTICAL, height));
  g_object_set_data (G_OBJECT (child), HIDDEN_HERE, GINT_TO_POINTER (TRUE));
  gtk_widget_set_visible (child, FALSE);
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

/* @func(@widget) once idle. The source holds no reference and goes with @widget: a window
 * closed meanwhile lets its widgets go at once, not kept past their page to be hidden then. */
static void
once_idle (GtkWidget   *widget,
           GSourceFunc  func)
{
  if (g_object_get_data (G_OBJECT (widget), HIDING) != NULL)
    return;
  g_object_set_data_full (G_OBJECT (widget), HIDING,
                          GUINT_TO_POINTER (g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, func, widget, NULL)),
                          remove_source);
}

/* Unmapped may mean in the middle of a layout (a leaflet folding): the content is hidden after it. */
static gboolean
hide_content_idle (gpointer data)
{
  GtkScrolledWindow *window = data;

  g_object_steal_data (G_OBJECT (window), HIDING);
  hide_content (window);
  return G_SOURCE_REMOVE;
}

static void
on_unmap (GtkScrolledWindow *window,
          gpointer           data)
{
  once_idle (GTK_WIDGET (window), hide_content_idle);
}

static void
on_child_changed (GtkScrolledWindow *window,
                  GParamSpec        *pspec,
                  gpointer           data)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    once_idle (GTK_WIDGET (window), hide_content_idle);
}

static void
on_map (GtkScrolledWindow *window,
        gpointer           data)
{
  GtkWidget *child = gtk_scrolled_window_get_child (window);
  g_autofree int *before = g_object_steal_data (G_OBJECT (window), SIZE_BEFORE);

  if (before != NULL)
    gtk_widget_set_size_request (GTK_WIDGET (window), before[0], before[1]);
  if (child != NULL && g_object_steal_data (G_OBJECT (child), HIDDEN_HERE) != NULL)
    gtk_widget_set_visible (child, TRUE);
}

void
co_out_of_sight_hide_content (GtkScrolledWindow *window)
{
  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (window));

  if (g_object_get_data (G_OBJECT (window), WATCHED) != NULL)
    return;
  g_object_set_data (G_OBJECT (window), WATCHED, GINT_TO_POINTER (TRUE));
  g_signal_connect (window, "unmap", G_CALLBACK (on_unmap), NULL);
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  /* A content put in while out of sight (a grid built again) is hidden too. */
  g_signal_connect (window, "notify::child", G_CALLBACK (on_child_changed), NULL);
  on_child_changed (window, NULL, NULL);
}

static void
watch_scrolled_windows (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      co_out_of_sight_hide_content (GTK_SCROLLED_WINDOW (widget));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    watch_scrolled_windows (child);
}

static gboolean
watch_page_idle (gpointer data)
{
  GtkWidget *page = data;

  g_object_steal_data (G_OBJECT (page), HIDING);
  if (!gtk_widget_get_mapped (page) && gtk_widget_get_root (page) != NULL)
    watch_scrolled_windows (page);
  return G_SOURCE_REMOVE;
}

static void
on_page_unmap (GtkWidget *page,
               gpointer   data)
{
  once_idle (page, watch_page_idle);
}

void
co_out_of_sight_hide_page (GtkWidget *page)
{
  g_return_if_fail (GTK_IS_WIDGET (page));

  g_signal_connect (page, "unmap", G_CALLBACK (on_page_unmap), NULL);
  if (!gtk_widget_get_mapped (page))
    on_page_unmap (page, NULL);
}

void
co_out_of_sight_hide_pages (GtkWidget *stack)
{
  g_return_if_fail (GTK_IS_WIDGET (stack));

  for (GtkWidget *page = gtk_widget_get_first_child (stack); page != NULL; page = gtk_widget_get_next_sibling (page))
    co_out_of_sight_hide_page (page);
}
