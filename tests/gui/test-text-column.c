/* test-text-column.c: an action row's and a preferences group's text column, laid out by
 * CoTextColumnLayout, takes the same place as with GTK's own box layout (only its measuring is
 * cheaper), and the app's windows give it to every action row and group they show. */
#include "config.h"

#include "gui/widgets/co-text-column-layout.h"
#include "gui-test-util.h"

static const char *title = "每日早报：把昨天群里的精华整理成一段话，再附上今天的活动预告和报名链接 (the morning digest, with today's events)";
static const char *subtitle = "Posted at 08:00 by the group's host; 早报模板在素材库里，发之前先看一遍有没有过期的活动，再把链接换成今天的";

static GtkWidget *
new_row (void)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *send = gtk_button_new_with_label ("发送");
  GtkWidget *on = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("mail-send-symbolic"));
  gtk_widget_set_valign (send, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (on, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), send);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), on);
  return row;
}

static GtkWidget *
new_group (void)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), "今日任务");
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), subtitle);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), gtk_button_new_with_label ("全部完成"));
  return group;
}

static GtkWidget *
column_of (GtkWidget  *root,
           const char *css_class)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *box = find_widget (root, GTK_TYPE_BOX, i);

      g_assert_nonnull (box);
      if (gtk_widget_has_css_class (box, css_class))
        return box;
    }
}

/* Where @widget is within @root. */
static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *root)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, root, &bounds));
  return bounds;
}

static void
assert_same_place (GtkWidget *a,
                   GtkWidget *a_root,
                   GtkWidget *b,
                   GtkWidget *b_root)
{
  graphene_rect_t in_a = bounds_in (a, a_root), in_b = bounds_in (b, b_root);

  if (!graphene_rect_equal (&in_a, &in_b))
    g_error ("%s placed at %g,%g %g×%g with the layout, %g,%g %g×%g without", G_OBJECT_TYPE_NAME (a),
             in_a.origin.x, in_a.origin.y, in_a.size.width, in_a.size.height,
             in_b.origin.x, in_b.origin.y, in_b.size.width, in_b.size.height);
}

/* Whether a label of @column takes more than one line. */
static gboolean
wraps (GtkWidget *column)
{
  for (GtkWidget *label = gtk_widget_get_first_child (column); label != NULL;
       label = gtk_widget_get_next_sibling (label))
    {
      int one_line;

      if (!GTK_IS_LABEL (label) || !gtk_widget_get_visible (label))
        continue;
      gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, 100000, &one_line, NULL, NULL, NULL);
      if (gtk_widget_get_height (label) > one_line)
        return TRUE;
    }
  return FALSE;
}

/* Whether the widgets beside @column, and it, are all within their box's width. */
static gboolean
fits_in_parent (GtkWidget *column)
{
  GtkWidget *box = gtk_widget_get_parent (column);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      {
        graphene_rect_t bounds = bounds_in (child, box);

        if (bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > gtk_widget_get_width (box))
          return FALSE;
      }
  return TRUE;
}

/* Two copies of @make's widget one above the other in a window @width wide, the second's text
 * column laid out by CoTextColumnLayout: they are measured the same at many widths; the
 * layout's keeps its column and what is beside it within the row; where GTK's own does too,
 * their columns and labels are placed the same (counted in @same). */
static void
compare_copies (GtkWidget *(*make) (void),
                const char *column_class,
                int         width,
                guint      *same)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *before = make (), *after = make ();
  GtkWidget *column_before, *column_after;
  g_autofree char *name = g_strdup_printf ("text-column-%s-%d", column_class, width);
  int min_before, nat_before, min_after, nat_after;

  for (GtkWidget **widget = (GtkWidget *[]) { before, after, NULL }; *widget != NULL; widget++)
    {
      if (ADW_IS_ACTION_ROW (*widget))
        {
          GtkWidget *list = gtk_list_box_new ();

          gtk_widget_add_css_class (list, "boxed-list");
          gtk_list_box_append (GTK_LIST_BOX (list), *widget);
          gtk_box_append (GTK_BOX (box), list);
        }
      else
        gtk_box_append (GTK_BOX (box), *widget);
    }
  co_text_column_layout_apply (after);
  column_before = column_of (before, column_class);
  column_after = column_of (after, column_class);
  g_assert_false (CO_IS_TEXT_COLUMN_LAYOUT (gtk_widget_get_layout_manager (column_before)));
  g_assert_true (CO_IS_TEXT_COLUMN_LAYOUT (gtk_widget_get_layout_manager (column_after)));

  gtk_window_set_default_size (GTK_WINDOW (window), width, -1);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));

  gtk_widget_measure (before, GTK_ORIENTATION_HORIZONTAL, -1, &min_before, &nat_before, NULL, NULL);
  gtk_widget_measure (after, GTK_ORIENTATION_HORIZONTAL, -1, &min_after, &nat_after, NULL, NULL);
  g_assert_cmpint (min_after, ==, min_before);
  g_assert_cmpint (nat_after, ==, nat_before);
  for (int for_width = 120; for_width <= 1200; for_width += 37)
    {
      gtk_widget_measure (before, GTK_ORIENTATION_VERTICAL, for_width, &min_before, &nat_before, NULL, NULL);
      gtk_widget_measure (after, GTK_ORIENTATION_VERTICAL, for_width, &min_after, &nat_after, NULL, NULL);
      g_assert_cmpint (min_after, ==, min_before);
      g_assert_cmpint (nat_after, ==, nat_before);
    }

  save_screenshot (window, name);
  g_assert_cmpint (gtk_widget_get_width (after), ==, gtk_widget_get_width (before));
  g_assert_cmpint (gtk_widget_get_height (after), ==, gtk_widget_get_height (before));
  g_assert_true (wraps (column_after));
  /* Narrow, GTK's own search gives the column more width than is left for it at the row's
   * height, and pushes the suffixes out of the row; the layout never does. */
  g_assert_true (fits_in_parent (column_after));
  if (fits_in_parent (column_before))
    {
      assert_same_place (column_after, after, column_before, before);
      for (GtkWidget *a = gtk_widget_get_first_child (column_after), *b = gtk_widget_get_first_child (column_before);
           a != NULL || b != NULL; a = gtk_widget_get_next_sibling (a), b = gtk_widget_get_next_sibling (b))
        {
          g_assert_nonnull (a);
          g_assert_nonnull (b);
          if (gtk_widget_get_visible (a))
            assert_same_place (a, after, b, before);
        }
      (*same)++;
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_row_same_place (void)
{
  guint same = 0;

  for (int width = 360; width <= 760; width += 80)
    compare_copies (new_row, "title", width, &same);
  /* Where GTK's own layout fits, at most widths, the two were compared. */
  g_assert_cmpuint (same, >=, 3);
}

static void
test_group_same_place (void)
{
  guint same = 0;

  for (int width = 360; width <= 760; width += 80)
    compare_copies (new_group, "labels", width, &same);
  g_assert_cmpuint (same, >=, 3);
}

/* The app's windows give the layout to every action row and group they show, those added later
 * too; a combo row is an action row. */
static void
test_window_rows_get_it (Fixture *f, gconstpointer data)
{
  GtkWidget *page = GTK_WIDGET (f->window);
  guint rows = 0;
  GtkWidget *list, *later, *combo;

  for (guint i = 0; (list = find_widget (page, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (gtk_widget_get_realized (list))
      {
        g_assert_true (CO_IS_TEXT_COLUMN_LAYOUT (gtk_widget_get_layout_manager (column_of (list, "title"))));
        rows++;
      }
  g_assert_cmpuint (rows, >, 0);

  for (guint i = 0; (list = find_widget (page, GTK_TYPE_LIST_BOX, i)) != NULL; i++)
    if (gtk_widget_get_mapped (list) && gtk_widget_has_css_class (list, "boxed-list"))
      break;
  g_assert_nonnull (list);
  later = new_row ();
  combo = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), title);
  gtk_list_box_append (GTK_LIST_BOX (list), later);
  gtk_list_box_append (GTK_LIST_BOX (list), combo);
  g_assert_true (gtk_widget_get_realized (later));
  g_assert_true (CO_IS_TEXT_COLUMN_LAYOUT (gtk_widget_get_layout_manager (column_of (later, "title"))));
  g_assert_true (CO_IS_TEXT_COLUMN_LAYOUT (gtk_widget_get_layout_manager (column_of (combo, "title"))));
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);
  g_test_add_func ("/ui/text-column/row-same-place", test_row_same_place);
  g_test_add_func ("/ui/text-column/group-same-place", test_group_same_place);
  GUI_TEST_ADD ("text-column/window-rows-get-it", TRUE, test_window_rows_get_it);
  return g_test_run ();
}
