/* co-tag-chooser.c: tags as check buttons in a flow box per tag group. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/members/co-tag.h"
#include "gui/members/co-tag-chooser.h"
#include "gui/widgets/co-tooltip.h"

struct _CoTagChooser
{
  GtkWidget   parent_instance;

  CoStore    *store;
  GtkWidget  *box;
  GHashTable *buttons;   /* tag id → its GtkCheckButton */
  GArray     *order;     /* the tags' ids as shown */
  GHashTable *selected;  /* tag ids chosen */
  GHashTable *mixed;     /* tag ids half-chosen */
  gboolean    updating;  /* the program sets the buttons: not a user's toggle */
  gboolean    stale;     /* the tags changed while out of sight: built again once needed */
};

G_DEFINE_FINAL_TYPE (CoTagChooser, co_tag_chooser, GTK_TYPE_WIDGET)

enum { TAG_TOGGLED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_state (CoTagChooser *self)
{
  GHashTableIter iter;
  gpointer key, button;

  self->updating = TRUE;
  g_hash_table_iter_init (&iter, self->buttons);
  while (g_hash_table_iter_next (&iter, &key, &button))
    {
      gboolean mixed = g_hash_table_contains (self->mixed, key);

      gtk_check_button_set_inconsistent (button, mixed);
      gtk_check_button_set_active (button, !mixed && g_hash_table_contains (self->selected, key));
    }
  self->updating = FALSE;
}

static void
on_toggled (GtkCheckButton *button,
            CoTagChooser   *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "tag-id");
  gboolean active = gtk_check_button_get_active (button);

  if (self->updating)
    return;
  g_hash_table_remove (self->mixed, &id);
  gtk_check_button_set_inconsistent (button, FALSE);
  if (active)
    g_hash_table_add (self->selected, g_memdup2 (&id, sizeof id));
  else
    g_hash_table_remove (self->selected, &id);
  g_signal_emit (self, signals[TAG_TOGGLED], 0, id, active);
}

static void
rebuild (CoTagChooser *self)
{
  g_autoptr(GPtrArray) groups = co_tag_groups_list (self->store, NULL);
  GtkWidget *child;
  guint n_tags = 0;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_hash_table_remove_all (self->buttons);
  g_array_set_size (self->order, 0);

  for (guint g = 0; groups != NULL && g < groups->len; g++)
    {
      CoTagGroup *group = groups->pdata[g];
      GtkWidget *heading, *flow;

      if (group->tags->len == 0)
        continue;
      heading = gtk_label_new (group->name);
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "caption-heading");
      gtk_widget_add_css_class (heading, "dim-label");
      gtk_box_append (GTK_BOX (self->box), heading);
      flow = gtk_flow_box_new ();
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 6);
      /* A scrolled window asks for the height at the narrowest width: not one tag a line. */
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 3);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_widget_set_focusable (flow, FALSE);
      for (guint t = 0; t < group->tags->len; t++)
        {
          CoTag *tag = group->tags->pdata[t];
          GtkWidget *button = gtk_check_button_new_with_label (tag->name);
          g_autofree char *description = g_strdup_printf ("%s: %s", group->name, tag->name);

          g_object_set_data_full (G_OBJECT (button), "tag-id", g_memdup2 (&tag->id, sizeof tag->id), g_free);
          co_tooltip_set_text (button, description);
          g_signal_connect (button, "toggled", G_CALLBACK (on_toggled), self);
          gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
          /* The flow box's child takes the focus otherwise, and Space toggles nothing there. */
          gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
          g_hash_table_insert (self->buttons, g_memdup2 (&tag->id, sizeof tag->id), button);
          g_array_append_val (self->order, tag->id);
          n_tags++;
        }
      gtk_box_append (GTK_BOX (self->box), flow);
    }
  if (n_tags == 0)
    {
      GtkWidget *empty = gtk_label_new (_("No tags yet. Add tag groups and tags with Manage Tags in the Members "
                                          "page’s menu."));
      gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
      gtk_label_set_xalign (GTK_LABEL (empty), 0);
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_box_append (GTK_BOX (self->box), empty);
    }
  self->stale = FALSE;
  show_state (self);
}

/* Out of sight (a popover's, a closed dialog's) the tags are built again when next shown or
 * asked for: a sync's "everything may have changed" made every chooser's buttons at once. The
 * choices set meanwhile are shown then. */
static void
on_tags_changed (CoTagChooser *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
  else
    self->stale = TRUE;
}

static void
ensure_built (CoTagChooser *self)
{
  if (self->stale)
    rebuild (self);
}

static void
co_tag_chooser_map (GtkWidget *widget)
{
  ensure_built (CO_TAG_CHOOSER (widget));
  GTK_WIDGET_CLASS (co_tag_chooser_parent_class)->map (widget);
}

static void
fill_set (GHashTable *set,
          GArray     *ids)
{
  g_hash_table_remove_all (set);
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    g_hash_table_add (set, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));
}

void
co_tag_chooser_set_selected (CoTagChooser *self,
                             GArray       *tag_ids)
{
  g_return_if_fail (CO_IS_TAG_CHOOSER (self));

  fill_set (self->selected, tag_ids);
  show_state (self);
}

void
co_tag_chooser_set_mixed (CoTagChooser *self,
                          GArray       *tag_ids)
{
  g_return_if_fail (CO_IS_TAG_CHOOSER (self));

  fill_set (self->mixed, tag_ids);
  show_state (self);
}

GArray *
co_tag_chooser_get_selected (CoTagChooser *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (CO_IS_TAG_CHOOSER (self), ids);

  ensure_built (self);
  /* In the tags' order; a tag deleted meanwhile is no longer chosen. */
  for (guint i = 0; i < self->order->len; i++)
    if (g_hash_table_contains (self->selected, &g_array_index (self->order, gint64, i)))
      g_array_append_val (ids, g_array_index (self->order, gint64, i));
  return ids;
}

GtkWidget *
co_tag_chooser_get_button (CoTagChooser *self,
                           const char   *name)
{
  GHashTableIter iter;
  gpointer button;

  ensure_built (self);
  g_hash_table_iter_init (&iter, self->buttons);
  while (g_hash_table_iter_next (&iter, NULL, &button))
    if (g_str_equal (gtk_check_button_get_label (button), name))
      return button;
  return NULL;
}

static void
co_tag_chooser_dispose (GObject *object)
{
  CoTagChooser *self = CO_TAG_CHOOSER (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (co_tag_chooser_parent_class)->dispose (object);
}

static void
co_tag_chooser_finalize (GObject *object)
{
  CoTagChooser *self = CO_TAG_CHOOSER (object);

  g_hash_table_unref (self->buttons);
  g_hash_table_unref (self->selected);
  g_hash_table_unref (self->mixed);
  g_array_unref (self->order);
  G_OBJECT_CLASS (co_tag_chooser_parent_class)->finalize (object);
}

static void
co_tag_chooser_class_init (CoTagChooserClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_tag_chooser_dispose;
  G_OBJECT_CLASS (klass)->finalize = co_tag_chooser_finalize;
  GTK_WIDGET_CLASS (klass)->map = co_tag_chooser_map;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);

  signals[TAG_TOGGLED] = g_signal_new ("tag-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);
}

static void
co_tag_chooser_init (CoTagChooser *self)
{
  self->buttons = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->selected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->mixed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->order = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
co_tag_chooser_new (CoStore *store)
{
  CoTagChooser *self = g_object_new (CO_TYPE_TAG_CHOOSER, NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed::tags", G_CALLBACK (on_tags_changed), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tags"), -1);
  rebuild (self);
  return GTK_WIDGET (self);
}
