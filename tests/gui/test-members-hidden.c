/* test-members-hidden.c: a group's Members page behind another tab does not read its summary
 * when the members change (a big group's tiers take hundreds of ms), and shows what changed
 * once it is shown; its list is hidden while out of sight (co-out-of-sight), its sizes unchanged,
 * and back as it was once shown; any page's scrolled windows too, their minimum sizes kept; a tag
 * chooser out of sight makes its buttons again only once shown or asked. */
#include "config.h"

#include <string.h>

#include "core/members/co-member.h"
#include "core/members/co-tag.h"
#include "gui/members/co-tag-chooser.h"
#include "gui/members/co-member-cell.h"
#include "gui/widgets/co-out-of-sight.h"
#include "gui-test-util.h"

/* The Members page among the group's tabs (not All Members). */
static GtkWidget *
group_members_page (Fixture *f)
{
  GtkWidget *page;

  for (guint i = 0; (page = find_widget (GTK_WIDGET (f->window), CO_TYPE_MEMBERS_PAGE, i)) != NULL; i++)
    if (gtk_widget_is_ancestor (page, GTK_WIDGET (group_view_stack (f))))
      return page;
  g_error ("No members page among the group's tabs");
}

static const char *
seed_text (GtkWidget *page)
{
  GtkWidget *label;

  for (guint i = 0; (label = find_widget (page, GTK_TYPE_LABEL, i)) != NULL; i++)
    if (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)), "Seed users:"))
      return gtk_label_get_label (GTK_LABEL (label));
  g_error ("No seed users label");
}

static gboolean
summary_shown (gpointer page)
{
  return !co_members_page_is_reading_summary (page);
}

static void
show_tab (Fixture    *f,
          const char *name)
{
  GtkWidget *page = group_members_page (f);

  adw_view_stack_set_visible_child_name (group_view_stack (f), name);
  wait_for_transitions (GTK_WIDGET (f->window));
  wait_for_idle ();
  wait_until (summary_shown, page, "the members' summary read in its worker");
}

static void
test_summary_read_when_shown (Fixture *f, gconstpointer data)
{
  gint64 group_id = co_window_get_selected_group (f->window);
  GtkWidget *page = group_members_page (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *expected = NULL;
  CoSeedProgress progress = { 0 };
  gint64 id;

  g_assert_cmpint (group_id, !=, 0);
  show_tab (f, "members");
  before = g_strdup (seed_text (page));
  show_tab (f, "overview");
  g_assert_false (gtk_widget_get_mapped (page));

  id = co_member_add (f->store, group_id, "Hidden Seed", &error);
  g_assert_no_error (error);
  g_assert_true (co_members_set_flag (f->store, &id, 1, CO_MEMBER_SEED, TRUE, &error));
  g_assert_no_error (error);
  wait_for_idle ();
  /* Hidden: not read again, not even asked for. */
  g_assert_false (co_members_page_is_reading_summary (CO_MEMBERS_PAGE (page)));
  g_assert_cmpstr (seed_text (page), ==, before);

  g_assert_true (co_members_seed_progress (f->store, group_id, &progress, NULL));
  expected = progress.target > 0
    ? g_strdup_printf ("Seed users: %d of %d", (int) progress.seeds, (int) progress.target)
    : g_strdup_printf ("Seed users: %d", (int) progress.seeds);
  g_assert_cmpstr (expected, !=, before);
  show_tab (f, "members");
  g_assert_cmpstr (seed_text (page), ==, expected);
}

static int
min_width (GtkWidget *widget)
{
  return minimum_size (widget, GTK_ORIENTATION_HORIZONTAL);
}

/* A window showing @page in a stack beside another page, "other"; presented and laid out. */
static GtkWidget *
window_with_page (GtkWidget  *page,
                  GtkStack  **stack)
{
  GtkWidget *window = gtk_window_new ();

  *stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (*stack, page, "page");
  gtk_stack_add_named (*stack, gtk_label_new ("other"), "other");
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (*stack));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_window (GTK_WINDOW (window));
  return window;
}

/* The list's rows are not styled while another tab shows (GTK 4.8 styles every shown widget at
 * each crossing of the pointer): hidden, the page measuring the same; shown again with its rows. */
static void
test_list_hidden_out_of_sight (Fixture *f, gconstpointer data)
{
  GtkWidget *page = group_members_page (f);
  GtkWidget *list = find_widget (page, GTK_TYPE_COLUMN_VIEW, 0);
  GListModel *model = co_members_page_get_model (CO_MEMBERS_PAGE (page));
  GtkWidget *cell;
  int page_width, window_width;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("Shown %u", i);

      co_member_add (f->store, co_window_get_selected_group (f->window), name, &error);
      g_assert_no_error (error);
    }
  show_tab (f, "members");
  wait_for_members (model);
  wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  page_width = min_width (page);
  window_width = min_width (GTK_WIDGET (f->window));

  show_tab (f, "overview");
  g_assert_false (gtk_widget_get_visible (list));
  g_assert_cmpint (min_width (page), ==, page_width);
  g_assert_cmpint (min_width (GTK_WIDGET (f->window)), ==, window_width);

  show_tab (f, "members");
  g_assert_true (gtk_widget_get_visible (list));
  g_assert_true (gtk_widget_get_mapped (list));
  wait_for_frame (GTK_WIDGET (f->window));
  cell = find_widget (list, CO_TYPE_MEMBER_CELL, 0);
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_get_mapped (cell));
}

/* What the page hid itself stays hidden when it is shown again; a content put in while out of
 * sight is hidden too. (A label is put in a viewport: the scrolled window's child.) */
static void
test_out_of_sight_keeps_own_hidden (Fixture *f, gconstpointer data)
{
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  GtkStack *stack;
  GtkWidget *window, *child;

  gtk_scrolled_window_set_child (scrolled, gtk_label_new ("content"));
  child = gtk_scrolled_window_get_child (scrolled);
  co_out_of_sight_hide_content (scrolled);
  window = window_with_page (GTK_WIDGET (scrolled), &stack);
  g_assert_true (gtk_widget_get_mapped (child));

  gtk_stack_set_visible_child_name (stack, "other");
  wait_for_idle ();
  g_assert_false (gtk_widget_get_visible (child));
  gtk_stack_set_visible_child_name (stack, "page");
  g_assert_true (gtk_widget_get_mapped (child));

  /* Hidden by its page, then out of sight and back: still hidden. */
  gtk_widget_set_visible (child, FALSE);
  gtk_stack_set_visible_child_name (stack, "other");
  wait_for_idle ();
  gtk_stack_set_visible_child_name (stack, "page");
  g_assert_false (gtk_widget_get_visible (child));

  gtk_stack_set_visible_child_name (stack, "other");
  gtk_scrolled_window_set_child (scrolled, gtk_label_new ("replacement"));
  child = gtk_scrolled_window_get_child (scrolled);
  wait_for_idle ();
  g_assert_false (gtk_widget_get_visible (child));
  gtk_stack_set_visible_child_name (stack, "page");
  g_assert_true (gtk_widget_get_mapped (child));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A page's scrolled windows, one of them put in after the page was first out of sight, are
 * emptied out of sight; one whose scroll bar never shows (its content's width its own) keeps
 * its minimum size, and so does the stack. */
static void
test_out_of_sight_page (Fixture *f, gconstpointer data)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkScrolledWindow *fixed = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  GtkScrolledWindow *later = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  GtkWidget *wide = gtk_label_new ("A line wide enough to set the page's minimum width by itself");
  int page_width, page_height, stack_width, stack_height;
  GtkStack *stack;
  GtkWidget *window;

  gtk_scrolled_window_set_policy (fixed, GTK_POLICY_NEVER, GTK_POLICY_NEVER);
  gtk_widget_set_margin_start (GTK_WIDGET (fixed), 7);
  gtk_scrolled_window_set_child (fixed, wide);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (fixed));
  co_out_of_sight_hide_page (page);
  window = window_with_page (page, &stack);
  page_width = min_width (page);
  page_height = minimum_size (page, GTK_ORIENTATION_VERTICAL);
  stack_width = min_width (GTK_WIDGET (stack));
  stack_height = minimum_size (GTK_WIDGET (stack), GTK_ORIENTATION_VERTICAL);
  g_assert_cmpint (page_width, >, 200);

  gtk_stack_set_visible_child_name (stack, "other");
  wait_for_idle ();
  g_assert_false (gtk_widget_get_visible (gtk_scrolled_window_get_child (fixed)));
  g_assert_cmpint (min_width (page), ==, page_width);
  g_assert_cmpint (min_width (GTK_WIDGET (stack)), ==, stack_width);
  g_assert_cmpint (minimum_size (page, GTK_ORIENTATION_VERTICAL), ==, page_height);
  g_assert_cmpint (minimum_size (GTK_WIDGET (stack), GTK_ORIENTATION_VERTICAL), ==, stack_height);

  /* Put in while the page is shown: found the next time it is out of sight. */
  gtk_stack_set_visible_child_name (stack, "page");
  g_assert_true (gtk_widget_get_mapped (wide));
  gtk_scrolled_window_set_child (later, gtk_label_new ("later"));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (later));
  gtk_stack_set_visible_child_name (stack, "other");
  wait_for_idle ();
  g_assert_false (gtk_widget_get_visible (gtk_scrolled_window_get_child (later)));
  gtk_stack_set_visible_child_name (stack, "page");
  g_assert_true (gtk_widget_get_mapped (gtk_scrolled_window_get_child (later)));
  g_assert_true (gtk_widget_get_mapped (wide));
  {
    int width, height;

    gtk_widget_get_size_request (GTK_WIDGET (fixed), &width, &height);
    g_assert_cmpint (width, ==, -1);
    g_assert_cmpint (height, ==, -1);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A window closed while a page's content is still to be hidden: nothing of it is touched once
 * it is gone from the window (its content may point to a page freed already). */
static void
test_out_of_sight_closed (Fixture *f, gconstpointer data)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autoptr(GtkWidget) content = NULL;
  GtkStack *stack;
  GtkWidget *window;

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), gtk_label_new ("content"));
  content = g_object_ref (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)));
  gtk_box_append (GTK_BOX (page), scrolled);
  co_out_of_sight_hide_page (page);
  window = window_with_page (page, &stack);
  gtk_stack_set_visible_child_name (stack, "other");
  wait_for_idle ();
  g_assert_false (gtk_widget_get_visible (content));

  /* Shown and out of sight again: its content to be hidden when idle. Closed first. */
  gtk_stack_set_visible_child_name (stack, "page");
  g_assert_true (gtk_widget_get_visible (content));
  gtk_stack_set_visible_child_name (stack, "other");
  gtk_window_destroy (GTK_WINDOW (window));
  wait_for_idle ();
  g_assert_true (gtk_widget_get_visible (content));
}

/* A tag chooser out of sight (a popover's) makes its buttons again only once shown or asked:
 * a sync's "everything may have changed" made every chooser's at once. */
static void
test_tag_chooser_built_when_shown (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *chooser = co_tag_chooser_new (f->store);
  GtkStack *stack;
  GtkWidget *window = window_with_page (chooser, &stack);
  gint64 group_id = co_tag_group_add (f->store, "Interests", &error);
  guint before;

  g_assert_no_error (error);
  gtk_stack_set_visible_child_name (stack, "other");
  before = count_type (chooser, GTK_TYPE_CHECK_BUTTON, FALSE);
  co_tag_add (f->store, group_id, "Hiking", &error);
  g_assert_no_error (error);
  wait_for_idle ();
  g_assert_cmpuint (count_type (chooser, GTK_TYPE_CHECK_BUTTON, FALSE), ==, before);

  gtk_stack_set_visible_child_name (stack, "page");
  g_assert_cmpuint (count_type (chooser, GTK_TYPE_CHECK_BUTTON, FALSE), ==, before + 1);
  g_assert_nonnull (co_tag_chooser_get_button (CO_TAG_CHOOSER (chooser), "Hiking"));

  /* Asked while out of sight: made then. */
  gtk_stack_set_visible_child_name (stack, "other");
  co_tag_add (f->store, group_id, "Reading", &error);
  g_assert_no_error (error);
  g_assert_nonnull (co_tag_chooser_get_button (CO_TAG_CHOOSER (chooser), "Reading"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("members-hidden/summary-read-when-shown", TRUE, test_summary_read_when_shown);
  GUI_TEST_ADD ("members-hidden/list-hidden-out-of-sight", TRUE, test_list_hidden_out_of_sight);
  GUI_TEST_ADD ("members-hidden/out-of-sight-keeps-own-hidden", FALSE, test_out_of_sight_keeps_own_hidden);
  GUI_TEST_ADD ("members-hidden/out-of-sight-page", FALSE, test_out_of_sight_page);
  GUI_TEST_ADD ("members-hidden/out-of-sight-closed", FALSE, test_out_of_sight_closed);
  GUI_TEST_ADD ("members-hidden/tag-chooser-built-when-shown", FALSE, test_tag_chooser_built_when_shown);

  return g_test_run ();
}
