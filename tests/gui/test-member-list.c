/* test-member-list.c: the members list as people expect it: columns chosen, ordered and
 * remembered, as wide as the shown ones; the columns an import filled in shown; a row's menu;
 * the import's toast. */
#include "config.h"

#include <string.h>

#include "core/groups/co-group.h"
#include "core/members/co-member-list.h"
#include "gui/members/co-member-cell.h"
#include "gui/members/co-member-columns.h"
#include "gui/members/co-member-row-menu.h"
#include "gui/members/co-members-page.h"
#include "gui-test-util.h"

static GtkColumnView *
column_view (CoMembersPage *page)
{
  return GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0));
}

/* The titles of the shown columns, joined by "|". */
static char *
shown_titles (GtkColumnView *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GString) titles = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      if (gtk_column_view_column_get_visible (column))
        g_string_append_printf (titles, "%s|", gtk_column_view_column_get_title (column));
    }
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

/* The chooser's check button of the column titled @title. */
static GtkCheckButton *
chooser_check (CoMembersPage *page,
               const char    *title)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (find_widget (GTK_WIDGET (page), GTK_TYPE_MENU_BUTTON, 1));
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  GtkWidget *check;

  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "C_olumns");
  for (guint i = 0; (check = find_widget (popover, GTK_TYPE_CHECK_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), title) == 0)
      return GTK_CHECK_BUTTON (check);
  g_error ("no column %s in the chooser", title);
}

/* The chooser's Down button beside @title. */
static GtkWidget *
chooser_down (CoMembersPage *page,
              const char    *title)
{
  GtkWidget *check = GTK_WIDGET (chooser_check (page, title));
  return gtk_widget_get_last_child (gtk_widget_get_parent (check));
}

/* The contact and joined date show early, beside the nickname; hiding City and moving Contact
 * down is remembered by another window; Reset brings the first choice back. */
static void
test_columns_remembered (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "Columns", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  g_autofree char *first = shown_titles (column_view (page));
  g_autofree char *chosen = NULL, *reopened = NULL, *reset = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) keys = NULL;

  g_assert_true (g_str_has_prefix (first, "Nickname|Real Name|Contact|Joined|Tier|"));
  g_assert_null (strstr (first, "Notes"));

  gtk_check_button_set_active (chooser_check (page, "City"), FALSE);
  g_signal_emit_by_name (chooser_down (page, "Contact"), "clicked");
  chosen = shown_titles (column_view (page));
  g_assert_true (g_str_has_prefix (chosen, "Nickname|Real Name|Joined|Contact|Tier|"));
  g_assert_null (strstr (chosen, "City"));
  keys = g_settings_get_strv (settings, "member-columns");
  g_assert_cmpstr (keys[2], ==, "joined_date");
  g_assert_false (g_strv_contains ((const char *const *) keys, "city"));

  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_for_last_reference (f->window, "the first window to go");
  g_clear_object (&f->window);
  fixture_open_window (f);
  page = open_members_page (f, group);
  reopened = shown_titles (column_view (page));
  g_assert_cmpstr (reopened, ==, chosen);

  /* Reset Columns, the chooser's last button. */
  {
    GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (
                           GTK_MENU_BUTTON (find_widget (GTK_WIDGET (page), GTK_TYPE_MENU_BUTTON, 1))));
    GtkWidget *box = gtk_popover_get_child (GTK_POPOVER (popover));
    g_signal_emit_by_name (gtk_widget_get_last_child (box), "clicked");
  }
  reset = shown_titles (column_view (page));
  g_assert_cmpstr (reset, ==, first);
}

/* The shown columns' widths added up, and the column titled @title. */
static int
shown_width (GtkColumnView        *view,
             const char           *title,
             GtkColumnViewColumn **titled)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  int width = 0;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      if (gtk_column_view_column_get_visible (column))
        width += gtk_column_view_column_get_fixed_width (column);
      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        *titled = column;
    }
  return width;
}

/* The list is as wide as its shown columns, not one pixel more: GTK 4.8 counted the hidden ones
 * too, and the list scrolled on into blank space as wide as them. A column hidden and shown
 * again keeps the width a person gave it. */
static void
test_columns_width (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "Widths", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  GtkColumnView *view = column_view (page);
  GtkColumnViewColumn *city = NULL;
  int shown = shown_width (view, "City", &city);

  g_assert_nonnull (city);
  g_assert_true (gtk_column_view_column_get_visible (city));
  g_assert_cmpint (shown, >, 1000);
  g_assert_cmpint (minimum_size (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL), ==, shown);

  gtk_column_view_column_set_fixed_width (city, 137);  /* as a person's drag leaves it */
  shown = shown_width (view, "City", &city);
  gtk_check_button_set_active (chooser_check (page, "City"), FALSE);
  g_assert_false (gtk_column_view_column_get_visible (city));
  g_assert_cmpint (minimum_size (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL), ==, shown - 137);

  gtk_check_button_set_active (chooser_check (page, "City"), TRUE);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (city), ==, 137);
  g_assert_cmpint (minimum_size (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL), ==, shown);
}

static gboolean
columns_revealed (gpointer view)
{
  return !co_member_columns_is_revealing (view);
}

/* The columns an import filled show one a frame, in the file's order after the nickname: GTK
 * makes a column's cells for every row its view keeps at once, all of them in one frame. */
static void
test_columns_revealed_a_frame (Fixture *f, gconstpointer data)
{
  CoMembersPage *page;
  GtkColumnView *view;
  const CoMemberField filled[] = { CO_MEMBER_NOTES, CO_MEMBER_LEFT };
  g_autofree char *before = NULL, *first = NULL, *all = NULL;

  /* A group with members: an empty one shows its placeholder, not the list. */
  for (guint i = 0; ; i++)
    {
      g_assert_cmpuint (i, <, g_list_model_get_n_items (sidebar_model (f)));
      gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), i);
      page = open_members_page (f, co_window_get_selected_group (f->window));
      if (g_list_model_get_n_items (co_members_page_get_model (page)) > 0)
        break;
    }
  view = column_view (page);
  before = shown_titles (view);
  g_assert_true (g_str_has_prefix (before, "Nickname|Real Name|"));
  wait_for_frame (GTK_WIDGET (view));
  co_member_columns_reveal (view, filled, G_N_ELEMENTS (filled));
  first = shown_titles (view);
  g_assert_true (g_str_has_prefix (first, "Nickname|Notes|Real Name|"));
  g_assert_null (strstr (first, "Left"));
  g_assert_true (co_member_columns_is_revealing (view));
  wait_until (columns_revealed, view, "the second column shown");
  all = shown_titles (view);
  g_assert_true (g_str_has_prefix (all, "Nickname|Notes|Left|Real Name|"));
}

static gboolean
shows_toast (gpointer window)
{
  return count_mapped_labels (window, "Imported: 2 added, 0 updated, 2 skipped (1 already in the group,"
                                      " 1 repeated in the file)") > 0;
}

static gboolean
shows_copied (gpointer window)
{
  return count_mapped_labels (window, "1 contact copied") > 0;
}

static gboolean
menu_shown (gpointer view)
{
  GtkWidget *menu = find_widget (view, GTK_TYPE_POPOVER_MENU, 0);
  return menu != NULL && gtk_widget_get_mapped (menu);
}

static gboolean
menu_hidden (gpointer view)
{
  return !menu_shown (view);
}

/* The labels of @model's items, all sections, joined by "|". */
static void
append_labels (GMenuModel *model,
               GString    *labels)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (section != NULL)
        append_labels (section, labels);
      else if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        g_string_append_printf (labels, "%s|", label);
    }
}

/* The nickname's cell in the list showing @text: the widget the column's factory made, the one
 * with the naming rule's icon. */
static GtkWidget *
cell_showing (GtkWidget  *view,
              const char *text)
{
  GtkWidget *cell = find_member_cell (view, text);

  return cell != NULL && co_member_cell_get_start_widget (CO_MEMBER_CELL (cell)) != NULL ? cell : NULL;
}

static gboolean
has_cell (gpointer data)
{
  return cell_showing (((gpointer *) data)[0], ((gpointer *) data)[1]) != NULL;
}

/* The toast counts what the import did and why it skipped rows; the Notes column, hidden
 * until then, shows what the file filled in. A right-click on a row selects it and opens its
 * menu; the Menu key opens it for the selection; Copy Contact copies. */
static void
test_import_and_row_menu (Fixture *f, gconstpointer data)
{
  gint64 group = co_group_create (f->store, "菜单", 0, NULL);
  CoMembersPage *page = open_members_page (f, group);
  GtkColumnView *view = column_view (page);
  const char *csv = "昵称,微信号,入群日期,备注\n赵敏,wx1,2026-11-01,老会员\n";
  const char *again = "昵称,微信号,入群日期,备注\n趙敏,wx1,2026-11-01,\n周芷若,wx2,2026-11-02,新人\n"
                      "周芷若,wx2,2026-11-02,\n殷离,wx3,2026-11-03,\n";
  g_autoptr(GBytes) first = g_bytes_new (csv, strlen (csv));
  g_autoptr(GBytes) second = g_bytes_new (again, strlen (again));
  g_autoptr(GString) labels = g_string_new (NULL);
  g_autoptr(GtkBitset) selected = NULL;
  g_autofree char *titles = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *cell, *menu;
  GtkGesture *click = NULL;
  GListModel *controllers;
  graphene_point_t at;
  gpointer lookup[2] = { view, "周芷若" };
  guint zhou;

  dialog = preview_import (page, "members.csv", first);
  import_and_wait (dialog);
  /* Its toast was added as the dialog went. */
  wait_for_toast_shown (f->window);
  wait_for_members (co_members_page_get_model (page));
  titles = shown_titles (view);
  g_assert_true (g_str_has_prefix (titles, "Nickname|Notes|Real Name|Contact|Joined|"));
  dialog = preview_import (page, "again.csv", second);
  import_and_wait (dialog);
  wait_until (shows_toast, f->window, "the toast of the second import");
  wait_for_frame (GTK_WIDGET (f->window));
  save_screenshot (GTK_WIDGET (f->window), "member-import-toast");
  wait_for_members (co_members_page_get_model (page));
  g_assert_cmpuint (g_list_model_get_n_items (co_members_page_get_model (page)), ==, 3);

  /* Right-click 周芷若, who is not selected. */
  for (zhou = 0; zhou < 3; zhou++)
    {
      g_autoptr(CoMember) member = g_list_model_get_item (co_members_page_get_model (page), zhou);
      if (g_str_equal (co_member_get (member, CO_MEMBER_NICKNAME), "周芷若"))
        break;
    }
  gtk_selection_model_select_item (gtk_column_view_get_model (view), (zhou + 1) % 3, TRUE);
  wait_until (has_cell, lookup, "the row of 周芷若");
  cell = cell_showing (GTK_WIDGET (view), "周芷若");
  /* One gesture on the view finds the row under the pointer. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        click = GTK_GESTURE (controller);
    }
  g_object_unref (controllers);
  g_assert_nonnull (click);
  g_assert_true (gtk_widget_compute_point (cell, GTK_WIDGET (view), &GRAPHENE_POINT_INIT (4, 4), &at));
  g_signal_emit_by_name (click, "pressed", 1, (double) at.x, (double) at.y);
  wait_until (menu_shown, view, "the row's menu");
  selected = gtk_selection_model_get_selection (gtk_column_view_get_model (view));
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  g_assert_cmpuint (gtk_bitset_get_minimum (selected), ==, zhou);
  menu = find_widget (GTK_WIDGET (view), GTK_TYPE_POPOVER_MENU, 0);
  append_labels (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu)), labels);
  g_assert_cmpstr (labels->str, ==, "_Open|_Copy Contact|Mark _Replied|Mark _Core|_Remove from Group|");
  gtk_popover_popdown (GTK_POPOVER (menu));
  wait_until (menu_hidden, view, "the menu to close");

  /* The keyboard's way, for the selection. */
  g_assert_true (co_member_row_menu_popup (view));
  wait_until (menu_shown, view, "the row's menu from the Menu key");
  gtk_popover_popdown (GTK_POPOVER (menu));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "members.copy-contact", NULL));
  wait_until (shows_copied, f->window, "the toast of Copy Contact");
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("columns-remembered", FALSE, test_columns_remembered);
  GUI_TEST_ADD ("columns-width", FALSE, test_columns_width);
  GUI_TEST_ADD ("import-and-row-menu", FALSE, test_import_and_row_menu);
  GUI_TEST_ADD ("columns-revealed-a-frame", TRUE, test_columns_revealed_a_frame);

  return g_test_run ();
}
