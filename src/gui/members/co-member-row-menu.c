/* co-member-row-menu.c: the context menu of the members list's rows. */
#include "config.h"

#include "gui/members/co-member-row-menu.h"

#define MENU_KEY "co-member-row-menu"

static void
show_at (GtkColumnView *view,
         GtkWidget     *at,
         double         x,
         double         y)
{
  GtkWidget *menu = g_object_get_data (G_OBJECT (view), MENU_KEY);
  graphene_point_t point;
  GdkRectangle rect;

  g_return_if_fail (menu != NULL);
  if (!gtk_widget_compute_point (at, GTK_WIDGET (view), &GRAPHENE_POINT_INIT ((float) x, (float) y), &point))
    point = GRAPHENE_POINT_INIT (0, 0);
  rect = (GdkRectangle) { (int) point.x, (int) point.y, 1, 1 };
  gtk_popover_set_pointing_to (GTK_POPOVER (menu), &rect);
  gtk_popover_popup (GTK_POPOVER (menu));
}

static gboolean
on_menu_key (GtkWidget *view,
             GVariant  *args,
             gpointer   data)
{
  return co_member_row_menu_popup (GTK_COLUMN_VIEW (view));
}

static GQuark item_quark (void);
G_DEFINE_QUARK (co-member-row-menu-item, item)

/* One gesture on the view rather than one on each cell: GtkListView 4.8 makes the cells of 200
 * rows at once, fifteen a row, and a controller more on each made its first showing slower. */
static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            GtkColumnView   *view)
{
  GtkWidget *at = gtk_widget_pick (GTK_WIDGET (view), x, y, GTK_PICK_DEFAULT);
  GtkListItem *item = NULL;
  GtkSelectionModel *selection;
  guint position;

  for (; at != NULL && at != GTK_WIDGET (view) && item == NULL; at = gtk_widget_get_parent (at))
    item = g_object_get_qdata (G_OBJECT (at), item_quark ());
  if (item == NULL || (position = gtk_list_item_get_position (item)) == GTK_INVALID_LIST_POSITION)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  /* The menu acts on the selection: a row outside it becomes the selection. */
  selection = gtk_column_view_get_model (view);
  if (!gtk_selection_model_is_selected (selection, position))
    gtk_selection_model_select_item (selection, position, TRUE);
  show_at (view, GTK_WIDGET (view), x, y);
}

void
co_member_row_menu_attach_cell (GtkWidget   *cell,
                                GtkListItem *item)
{
  g_object_set_qdata (G_OBJECT (cell), item_quark (), item);
}

GtkWidget *
co_member_row_menu_new (GtkColumnView *view,
                        GMenuModel    *model)
{
  GtkWidget *menu = gtk_popover_menu_new_from_model (model);
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkShortcutAction *popup = gtk_callback_action_new (on_menu_key, NULL, NULL);
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_set_parent (menu, GTK_WIDGET (view));
  gtk_popover_set_has_arrow (GTK_POPOVER (menu), FALSE);
  gtk_widget_set_halign (menu, GTK_ALIGN_START);
  g_object_set_data (G_OBJECT (view), MENU_KEY, menu);
  /* The keyboard's way to a row's menu. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                   gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK)),
                      popup));
  gtk_widget_add_controller (GTK_WIDGET (view), keys);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), view);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));
  return menu;
}

gboolean
co_member_row_menu_popup (GtkColumnView *view)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (gtk_column_view_get_model (view));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (view));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (gtk_bitset_is_empty (selected))
    return FALSE;
  /* At the focused row, or the top of the list. */
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (view)))
    focus = GTK_WIDGET (view);
  show_at (view, focus, 12, gtk_widget_get_height (focus) / 2.0);
  return TRUE;
}
