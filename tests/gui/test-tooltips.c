/* test-tooltips.c: in Chinese, every tooltip of the window (the icon buttons' "主菜单",
 * "新建社群" ...) stands on one line when it is short, instead of GTK 4.8's column of single
 * characters; a long one wraps within about 40 characters. */
#include "config.h"

#include <X11/Xlib.h>
#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "gui/widgets/co-tooltip.h"
#include "gui-test-util.h"

/* The natural height of @label laid out at its natural width. */
static int
natural_height (GtkWidget *label)
{
  int width, height;

  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  return height;
}

/* Asks @widget for its tooltip as GTK does when the pointer rests on it; the label shown. */
static GtkWidget *
query_tooltip (GtkWidget *widget)
{
  g_autoptr(GtkTooltip) tooltip = NULL;
  GtkWidget *label = co_tooltip_get_label (widget);
  gboolean shown = FALSE;

  /* GTK's own tooltip holds our label already (the pointer rested there, which only our handler
   * could answer): a second GtkTooltip could not take it. */
  if (label != NULL && gtk_widget_get_parent (label) != NULL)
    return label;
  tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_true (shown);
  return co_tooltip_get_label (widget);
}

static void
collect_tooltips (GtkWidget *widget,
                  GPtrArray *found)
{
  /* Only what the pointer can rest on. */
  if (!gtk_widget_get_mapped (widget))
    return;
  if (co_tooltip_get_text (widget) != NULL)
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_tooltips (child, found);
}

/* The real pointer put in the screen's far corner, outside the window: it may have been left
 * on a widget with a tooltip by the program before, on the same X server. */
static void
park_pointer (Fixture *f)
{
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (f->window)));
  Screen *screen = DefaultScreenOfDisplay (display);

  XWarpPointer (display, None, RootWindowOfScreen (screen), 0, 0, 0, 0, WidthOfScreen (screen) - 1,
                HeightOfScreen (screen) - 1);
  XFlush (display);
}

static void
test_short_tooltips_on_one_line (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  g_autoptr(GtkWidget) one_line = g_object_ref_sink (gtk_label_new ("主"));
  guint n_chinese = 0;

  collect_tooltips (GTK_WIDGET (f->window), widgets);
  g_assert_cmpuint (widgets->len, >=, 5);
  park_pointer (f);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);
      const char *text = co_tooltip_get_text (widget);
      GtkWidget *label = query_tooltip (widget);

      if (label == NULL)
        g_error ("The tooltip “%s” of a %s is shown by GTK's own label", text, G_OBJECT_TYPE_NAME (widget));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, text);
      if (g_utf8_strlen (text, -1) <= 20 && strchr (text, '\n') == NULL)
        {
          if (natural_height (label) != natural_height (one_line))
            g_error ("The tooltip “%s” of a %s takes more than one line", text, G_OBJECT_TYPE_NAME (widget));
        }
      if (g_utf8_get_char (text) >= 0x4e00 && g_utf8_get_char (text) <= 0x9fff)
        n_chinese++;
    }
  /* The window is in Chinese: New Group, Main Menu, Search Groups ... */
  g_assert_cmpuint (n_chinese, >=, 3);
}

static gboolean
label_mapped (gpointer data)
{
  GtkWidget *label = co_tooltip_get_label (data);

  return label != NULL && gtk_widget_get_mapped (label) && gtk_widget_get_width (label) > 0;
}

/* The pointer resting on the Main Menu button, as a person's would: the tooltip that the X
 * server shows holds "主菜单" on one line, at its full width. */
static void
test_pointer_shows_one_line (Fixture *f, gconstpointer data)
{
  GtkWidget *button = NULL;
  GtkNative *native = GTK_NATIVE (f->window);
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (f->window)));
  Window surface = gdk_x11_surface_get_xid (gtk_native_get_surface (native));
  g_autoptr(GtkWidget) one_line = NULL;
  GtkWidget *label;
  graphene_point_t center;
  double dx, dy;
  int width, height;

  for (guint i = 0; (button = find_widget (GTK_WIDGET (f->window), GTK_TYPE_MENU_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (co_tooltip_get_text (button), "主菜单") == 0)
      break;
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_compute_point (button, GTK_WIDGET (f->window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (button) / 2.0,
                                                                 gtk_widget_get_height (button) / 2.0),
                                           &center));
  gtk_native_get_surface_transform (native, &dx, &dy);
  /* Two moves: GTK starts a tooltip's delay on motion within the widget. */
  XWarpPointer (display, None, surface, 0, 0, 0, 0, center.x + dx, center.y + dy);
  XWarpPointer (display, None, surface, 0, 0, 0, 0, center.x + dx + 1, center.y + dy + 1);
  XFlush (display);
  wait_until (label_mapped, button, "the Main Menu button's tooltip to show");

  label = co_tooltip_get_label (button);
  one_line = g_object_ref_sink (gtk_label_new ("主菜单"));
  gtk_widget_measure (one_line, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (one_line, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (label), >=, width);
  g_assert_cmpint (gtk_widget_get_height (label), ==, height);
}

/* A long tooltip wraps, within a line of about 40 characters, and keeps every character. */
static void
test_long_tooltip_wraps (Fixture *f, gconstpointer data)
{
  const char *text = "一个很长的中文提示：说明这个按钮会做什么，为什么这样做，以及做完之后在哪里能看到结果。";
  GtkWidget *button = gtk_button_new_from_icon_name ("open-menu-symbolic");
  GtkWidget *window = gtk_window_new ();
  g_autoptr(GtkWidget) one_line = g_object_ref_sink (gtk_label_new ("主"));
  GtkWidget *label;
  int width, char_width;

  gtk_widget_set_tooltip_text (button, text);
  gtk_window_set_child (GTK_WINDOW (window), button);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  label = query_tooltip (button);
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (one_line, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &char_width, NULL, NULL);
  g_assert_cmpint (natural_height (label), >, natural_height (one_line));
  g_assert_cmpint (width, <, 30 * char_width);
  g_assert_cmpint (width, >, 10 * char_width);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, text);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Requests sent to the X server by @set(@widget, @text). */
static gulong
requests_of (void (*set) (GtkWidget *, const char *),
             GtkWidget  *widget,
             const char *text)
{
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  gulong before = XNextRequest (display);

  set (widget, text);
  return XNextRequest (display) - before;
}

/* A tooltip set in code on a shown widget asks the X server nothing (GTK's own asks where the
 * pointer is), is shown by our label and read by screen readers; set to none, it is gone. */
static void
test_set_in_code_asks_nothing (Fixture *f, gconstpointer data)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *other = gtk_button_new_from_icon_name ("list-remove-symbolic");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label;

  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box), other);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_mapped (button));

  /* What is counted: GTK's own setter is seen asking. */
  g_assert_cmpuint (requests_of (gtk_widget_set_tooltip_text, other, "移除"), >, 0);
  g_assert_cmpuint (requests_of (co_tooltip_set_text, button, "新建成员"), ==, 0);
  g_assert_cmpuint (requests_of (co_tooltip_set_text, button, "新建标签"), ==, 0);

  g_assert_cmpstr (co_tooltip_get_text (button), ==, "新建标签");
  g_assert_cmpstr (co_tooltip_get_text (other), ==, "移除");
  g_assert_true (gtk_widget_get_has_tooltip (button));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  label = query_tooltip (button);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "新建标签");
  /* Text, not markup. */
  co_tooltip_set_text (button, "<b>&");
  label = query_tooltip (button);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "<b>&");

  co_tooltip_set_text (button, NULL);
  g_assert_null (co_tooltip_get_text (button));
  g_assert_false (gtk_widget_get_has_tooltip (button));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);
  test_bind_translations ();
  textdomain (GETTEXT_PACKAGE);
  g_unsetenv ("LANGUAGE");
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    g_error ("The zh_CN.UTF-8 locale is missing: run build-aux/install-deps");
  GUI_TEST_ADD ("short-tooltips-on-one-line", TRUE, test_short_tooltips_on_one_line);
  GUI_TEST_ADD ("pointer-shows-one-line", TRUE, test_pointer_shows_one_line);
  GUI_TEST_ADD ("long-tooltip-wraps", TRUE, test_long_tooltip_wraps);
  GUI_TEST_ADD ("set-in-code-asks-nothing", TRUE, test_set_in_code_asks_nothing);
  return g_test_run ();
}
