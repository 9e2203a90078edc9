/* co-member-columns.c: choosing, ordering and remembering the members list's columns. */
#include "config.h"

#include <glib/gi18n.h>

#include "gui/members/co-member-columns.h"
#include "gui/widgets/co-tooltip.h"

/* The contact (微信号) and joined date come early: after an import they are what a user looks
 * for, and at the end they were off-screen. */
static const CoMemberColumn columns[] = {
  { CO_MEMBER_NICKNAME, 220, TRUE }, { CO_MEMBER_GROUP, 180, TRUE }, { CO_MEMBER_REAL_NAME, 110, TRUE },
  { CO_MEMBER_CONTACT, 130, TRUE }, { CO_MEMBER_JOINED, 110, TRUE }, { CO_MEMBER_TIER, 150, TRUE },
  { CO_MEMBER_POINTS, 70, TRUE }, { CO_MEMBER_SEED, 150, TRUE }, { CO_MEMBER_REPLIED, 110, TRUE },
  { CO_MEMBER_CORE, 100, TRUE }, { CO_MEMBER_LAST_ACTIVE, 110, TRUE }, { CO_MEMBER_CITY, 90, TRUE },
  { CO_MEMBER_INDUSTRY, 100, TRUE }, { CO_MEMBER_SOURCE, 130, TRUE }, { CO_MEMBER_INVITED, 110, TRUE },
  { CO_MEMBER_LEFT, 110, FALSE }, { CO_MEMBER_REPLIED_BY, 110, FALSE }, { CO_MEMBER_NOTES, 200, FALSE },
};

#define SETTINGS_KEY "member-columns"

const CoMemberColumn *
co_member_columns_all (guint *n)
{
  *n = G_N_ELEMENTS (columns);
  return columns;
}

typedef struct
{
  GtkColumnView *view;     /* not owned: this state is the view's data */
  GtkMenuButton *button;
  GSettings     *settings;
  GtkWidget     *list;     /* the chooser's rows */
  gboolean       applying;
  gboolean       destroyed;
  guint          save_idle;
  guint          fill_idle;
  GArray        *revealing;  /* CoMemberField: the columns an import filled, still to show */
  int            revealed;   /* the field of the last one shown, where the next goes after; -1 */
  guint          reveal_id;  /* the view's tick callback showing them one a frame */
} Columns;

/* When the view goes: nothing more to follow. */
static void
on_destroy (Columns *self)
{
  if (self->reveal_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->view), self->reveal_id);
  self->reveal_id = 0;
  self->destroyed = TRUE;
  g_signal_handlers_disconnect_by_data (self->settings, self);
  g_signal_handlers_disconnect_by_data (gtk_column_view_get_columns (self->view), self);
}

static void
columns_free (Columns *self)
{
  g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_handle_id (&self->save_idle, g_source_remove);
  g_clear_handle_id (&self->fill_idle, g_source_remove);
  g_object_unref (self->settings);
  g_clear_object (&self->list);
  g_clear_pointer (&self->revealing, g_array_unref);
  g_free (self);
}

static CoMemberField
column_field (GtkColumnViewColumn *column)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (column), "field"));
}

static const char *
field_key (CoMemberField field)
{
  return co_member_field_spec (field)->key;
}

static GtkColumnViewColumn *
nth_column (Columns *self,
            guint    position)
{
  GListModel *list = gtk_column_view_get_columns (self->view);
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, position);

  return column;  /* the view keeps it */
}

static guint
n_columns (Columns *self)
{
  return g_list_model_get_n_items (gtk_column_view_get_columns (self->view));
}

static GtkColumnViewColumn *
find_column (Columns       *self,
             CoMemberField  field,
             guint         *position)
{
  for (guint i = 0; i < n_columns (self); i++)
    if (column_field (nth_column (self, i)) == field)
      {
        if (position != NULL)
          *position = i;
        return nth_column (self, i);
      }
  return NULL;
}

/* The shown columns in their order, as the settings keep them. */
static GStrv
shown_keys (Columns *self)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();

  for (guint i = 0; i < n_columns (self); i++)
    {
      GtkColumnViewColumn *column = nth_column (self, i);
      if (column_field (column) != CO_MEMBER_GROUP && gtk_column_view_column_get_visible (column))
        g_strv_builder_add (keys, field_key (column_field (column)));
    }
  return g_strv_builder_end (keys);
}

static void queue_fill_chooser (Columns *self);

static void
save (Columns *self)
{
  g_auto(GStrv) keys = NULL;
  g_auto(GStrv) saved = NULL;

  if (self->applying)
    return;
  keys = shown_keys (self);
  saved = g_settings_get_strv (self->settings, SETTINGS_KEY);
  if (!g_strv_equal ((const char *const *) keys, (const char *const *) saved))
    g_settings_set_strv (self->settings, SETTINGS_KEY, (const char *const *) keys);
  queue_fill_chooser (self);
}

/* The settings' columns first, in their order, then the hidden ones in the first order; the
 * nickname always shows and the group column stays after it. An unknown key is skipped. */
static void
apply (Columns *self)
{
  g_auto(GStrv) keys = g_settings_get_strv (self->settings, SETTINGS_KEY);
  guint position = 0;

  self->applying = TRUE;
  for (guint k = 0; keys[k] != NULL; k++)
    for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
      if (g_str_equal (keys[k], field_key (columns[c].field)) && columns[c].field != CO_MEMBER_GROUP)
        {
          GtkColumnViewColumn *column = find_column (self, columns[c].field, NULL);
          guint now;

          if (column == NULL || (find_column (self, columns[c].field, &now), now < position))
            break;  /* named twice */
          gtk_column_view_column_set_visible (column, TRUE);
          if (now != position)
            gtk_column_view_insert_column (self->view, position, column);
          position++;
          if (columns[c].field == CO_MEMBER_NICKNAME)
            {
              GtkColumnViewColumn *group = find_column (self, CO_MEMBER_GROUP, &now);
              if (group != NULL && now != position)
                gtk_column_view_insert_column (self->view, position, group);
              position += group != NULL;
            }
          break;
        }
  for (guint i = position; i < n_columns (self); i++)
    {
      GtkColumnViewColumn *column = nth_column (self, i);
      if (column_field (column) != CO_MEMBER_GROUP)
        gtk_column_view_column_set_visible (column, column_field (column) == CO_MEMBER_NICKNAME);
    }
  self->applying = FALSE;
  queue_fill_chooser (self);
}

/* ---- the chooser ------------------------------------------------------------------------- */

static void
on_toggled (GtkCheckButton *check,
            Columns        *self)
{
  GtkColumnViewColumn *column = g_object_get_data (G_OBJECT (check), "column");

  gtk_column_view_column_set_visible (column, gtk_check_button_get_active (check));
  save (self);
}

static void
on_move (GtkButton *button,
         Columns   *self)
{
  GtkColumnViewColumn *column = g_object_get_data (G_OBJECT (button), "column");
  int step = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "step"));
  guint position, target;

  find_column (self, column_field (column), &position);
  target = position;
  /* Past the hidden and the group column: to the place of the next shown one. */
  do
    target += step;
  while (target > 0 && target < n_columns (self) &&
         (column_field (nth_column (self, target)) == CO_MEMBER_GROUP ||
          !gtk_column_view_column_get_visible (nth_column (self, target))));
  if (target == 0 || target >= n_columns (self))
    return;
  g_object_ref (column);
  gtk_column_view_insert_column (self->view, target, column);
  g_object_unref (column);
  save (self);
}

static void
on_reset (GtkButton *button,
          Columns   *self)
{
  g_settings_reset (self->settings, SETTINGS_KEY);
}

static GtkWidget *
move_button (Columns             *self,
             GtkColumnViewColumn *column,
             int                  step,
             gboolean             sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (step < 0 ? "go-up-symbolic" : "go-down-symbolic");
  g_autofree char *label = g_strdup_printf (step < 0 ? _("Move “%s” Up") : _("Move “%s” Down"),
                                            gtk_column_view_column_get_title (column));

  gtk_widget_add_css_class (button, "flat");
  co_tooltip_set_text (button, step < 0 ? _("Move Up") : _("Move Down"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_sensitive (button, sensitive);
  g_object_set_data (G_OBJECT (button), "column", column);
  g_object_set_data (G_OBJECT (button), "step", GINT_TO_POINTER (step));
  g_signal_connect (button, "clicked", G_CALLBACK (on_move), self);
  return button;
}

/* One row per column but the nickname (always shown) and the group (the page's): shown ones
 * in their order with Up and Down, then the hidden ones. */
static void
fill_chooser (Columns *self)
{
  GtkWidget *child;
  guint first_shown = G_MAXUINT, last_shown = 0;

  if (self->list == NULL)
    return;
  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_box_remove (GTK_BOX (self->list), child);
  for (guint i = 0; i < n_columns (self); i++)
    {
      GtkColumnViewColumn *column = nth_column (self, i);
      CoMemberField field = column_field (column);
      if (field != CO_MEMBER_GROUP && field != CO_MEMBER_NICKNAME && gtk_column_view_column_get_visible (column))
        first_shown = MIN (first_shown, i), last_shown = i;
    }
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n_columns (self); i++)
      {
        GtkColumnViewColumn *column = nth_column (self, i);
        CoMemberField field = column_field (column);
        gboolean shown = gtk_column_view_column_get_visible (column);
        GtkWidget *row, *check;

        if (field == CO_MEMBER_GROUP || field == CO_MEMBER_NICKNAME || shown != (pass == 0))
          continue;
        row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
        check = gtk_check_button_new_with_label (gtk_column_view_column_get_title (column));
        gtk_widget_set_hexpand (check, TRUE);
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), shown);
        g_object_set_data (G_OBJECT (check), "column", column);
        g_signal_connect (check, "toggled", G_CALLBACK (on_toggled), self);
        gtk_box_append (GTK_BOX (row), check);
        if (shown)
          {
            gtk_box_append (GTK_BOX (row), move_button (self, column, -1, i != first_shown));
            gtk_box_append (GTK_BOX (row), move_button (self, column, +1, i != last_shown));
          }
        gtk_box_append (GTK_BOX (self->list), row);
      }
}

static gboolean
fill_when_idle (gpointer data)
{
  Columns *self = data;

  self->fill_idle = 0;
  fill_chooser (self);
  return G_SOURCE_REMOVE;
}

/* The rows are made again when idle: the button that changed them is in the middle of its
 * click. */
static void
queue_fill_chooser (Columns *self)
{
  if (self->fill_idle == 0 && !self->destroyed)
    self->fill_idle = g_idle_add (fill_when_idle, self);
}

static GtkWidget *
chooser_new (Columns *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Columns"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *reset = gtk_button_new_with_mnemonic (_("_Reset Columns"));

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (box), title);
  /* Kept: the popover may go before the view. */
  self->list = g_object_ref (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_box_append (GTK_BOX (box), scrolled);
  g_signal_connect (reset, "clicked", G_CALLBACK (on_reset), self);
  gtk_box_append (GTK_BOX (box), reset);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  return popover;
}

static gboolean
save_when_idle (gpointer data)
{
  Columns *self = data;

  self->save_idle = 0;
  /* A view being torn down removes its columns: that is no choice of the user's. */
  if (!self->destroyed && n_columns (self) > 0)
    save (self);
  return G_SOURCE_REMOVE;
}

/* A header dragged to another place: a removal, then an insertion, saved once both are done. */
static void
on_columns_changed (Columns *self)
{
  if (!self->applying && self->save_idle == 0)
    self->save_idle = g_idle_add (save_when_idle, self);
}

void
co_member_columns_bind (GtkColumnView *view,
                        GtkMenuButton *button,
                        GSettings     *settings)
{
  Columns *self = g_new0 (Columns, 1);

  self->view = view;
  self->button = button;
  self->settings = g_object_ref (settings);
  g_object_set_data_full (G_OBJECT (view), "co-member-columns", self, (GDestroyNotify) columns_free);
  gtk_menu_button_set_popover (button, chooser_new (self));
  gtk_column_view_set_reorderable (view, TRUE);
  apply (self);
  fill_chooser (self);
  /* The group's page and All Members share the choice. */
  g_signal_connect_swapped (settings, "changed::" SETTINGS_KEY, G_CALLBACK (apply), self);
  g_signal_connect_swapped (gtk_column_view_get_columns (view), "items-changed", G_CALLBACK (on_columns_changed), self);
  g_signal_connect_swapped (view, "destroy", G_CALLBACK (on_destroy), self);
}

/* Shows the next hidden column of those an import filled, after the one shown before it, the
 * first after the nickname (and the group's, where it follows); FALSE when none is left. */
static gboolean
reveal_next (Columns *self)
{
  guint after, position;

  if (self->revealed < 0 || find_column (self, self->revealed, &after) == NULL)
    {
      find_column (self, CO_MEMBER_NICKNAME, &after);
      if (find_column (self, CO_MEMBER_GROUP, &position) && position == after + 1)
        after = position;
    }
  while (self->revealing->len > 0)
    {
      CoMemberField field = g_array_index (self->revealing, CoMemberField, 0);
      GtkColumnViewColumn *column = find_column (self, field, &position);

      g_array_remove_index (self->revealing, 0);
      if (column == NULL || field == CO_MEMBER_GROUP || gtk_column_view_column_get_visible (column))
        continue;
      self->applying = TRUE;
      gtk_column_view_column_set_visible (column, TRUE);
      g_object_ref (column);
      gtk_column_view_insert_column (self->view, after + 1, column);
      g_object_unref (column);
      self->applying = FALSE;
      self->revealed = field;
      save (self);
      return TRUE;
    }
  return FALSE;
}

static gboolean
reveal_a_frame (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  Columns *self = data;

  if (reveal_next (self))
    return G_SOURCE_CONTINUE;
  self->reveal_id = 0;
  return G_SOURCE_REMOVE;
}

/* One a frame: GTK makes a column's cells for every row its view keeps (200) at once (an
 * import's end showing one column, Notes, took 77 ms on 100,000 members); a file filling the
 * three columns hidden at first had all three made in one frame. */
void
co_member_columns_reveal (GtkColumnView       *view,
                          const CoMemberField *fields,
                          guint                n_fields)
{
  Columns *self = g_object_get_data (G_OBJECT (view), "co-member-columns");

  g_return_if_fail (self != NULL);
  if (self->revealing == NULL)
    self->revealing = g_array_new (FALSE, FALSE, sizeof (CoMemberField));
  if (self->reveal_id == 0)
    self->revealed = -1;
  g_array_append_vals (self->revealing, fields, n_fields);
  /* A view not shown draws no frame: all at once. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (view)))
    {
      while (reveal_next (self))
        ;
      return;
    }
  if (reveal_next (self) && self->reveal_id == 0)
    self->reveal_id = gtk_widget_add_tick_callback (GTK_WIDGET (view), reveal_a_frame, self, NULL);
}

/* Whether columns an import filled are still to be shown, one a frame. */
gboolean
co_member_columns_is_revealing (GtkColumnView *view)
{
  Columns *self = g_object_get_data (G_OBJECT (view), "co-member-columns");

  return self != NULL && self->reveal_id != 0;
}
