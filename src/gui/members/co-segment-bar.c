/* co-segment-bar.c: the segments drop-down with live counts, and the segment menu. Counting runs
 * in workers (co_segment_count_async), again after any change to members, tags or segments; a
 * newer round cancels the older one. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/members/co-segment.h"
#include "gui/members/co-members-write.h"
#include "gui/members/co-segment-bar.h"
#include "gui/members/co-segment-dialog.h"
#include "gui/members/co-tags-window.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"

#define RECOUNT_DELAY_MS 300

struct _CoSegmentBar
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkDropDown        *dropdown;
  GtkWidget          *broken_box;
  GtkLabel           *broken_label;
  GtkWidget          *menu_button;

  CoStore            *store;
  CoCurrentQueryFunc  current_query;
  GListModel         *shown;
  gpointer            data;
  gint64              group_id;
  GPtrArray          *segments;  /* CoSegment, at each position of the drop-down after "No Segment" */
  GHashTable         *counts;    /* segment id → count in the group */
  CoSegmentFilter    *nobody;    /* what a broken segment lists */
  GCancellable       *counting;
  guint               recount_id;
  gboolean            updating;  /* the program sets the drop-down: not a user's choice */
};

G_DEFINE_FINAL_TYPE (CoSegmentBar, co_segment_bar, GTK_TYPE_WIDGET)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static CoSegment *
chosen (CoSegmentBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->dropdown);

  if (self->segments == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > self->segments->len)
    return NULL;
  return self->segments->pdata[selected - 1];
}

const CoSegmentFilter *
co_segment_bar_get_filter (CoSegmentBar *self)
{
  CoSegment *segment = chosen (self);

  if (segment == NULL)
    return NULL;
  return segment->broken != NULL ? self->nobody : segment->filter;
}

static char *
item_label (CoSegmentBar *self,
            CoSegment    *segment)
{
  gint64 *count = g_hash_table_lookup (self->counts, &segment->id);

  if (segment->broken != NULL)
    /* Translators: a segment that cannot be used in the segments drop-down */
    return g_strdup_printf (_("%s (broken)"), segment->name);
  if (count == NULL)
    return g_strdup_printf ("%s · …", segment->name);
  return g_strdup_printf ("%s · %" G_GINT64_FORMAT, segment->name, *count);
}

static void show_chosen (CoSegmentBar *self);

/* The drop-down's items from the segments and their counts, the choice kept. */
static void
show_items (CoSegmentBar *self,
            gint64        selected_id)
{
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (items, _("No Segment"));
  for (guint i = 0; i < self->segments->len; i++)
    {
      g_autofree char *label = item_label (self, self->segments->pdata[i]);

      gtk_string_list_append (items, label);
      if (((CoSegment *) self->segments->pdata[i])->id == selected_id)
        selected = i + 1;
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->dropdown, G_LIST_MODEL (items));
  gtk_drop_down_set_selected (self->dropdown, selected);
  self->updating = FALSE;
  show_chosen (self);
}

/* Why the chosen segment is broken, and what the menu can do with it. */
static void
show_chosen (CoSegmentBar *self)
{
  CoSegment *segment = chosen (self);

  gtk_widget_set_visible (self->broken_box, segment != NULL && segment->broken != NULL);
  gtk_label_set_label (self->broken_label, segment != NULL && segment->broken != NULL ? segment->broken : "");
  /* Shortened when the page is narrow: in full on hovering it. */
  co_tooltip_set_text (self->broken_box, segment != NULL ? segment->broken : NULL);
  for (guint i = 0; i < 2; i++)
    {
      static const char *const actions[] = { "segment.edit", "segment.delete" };
      gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], segment != NULL);
    }
}

/* What a count's callback needs: the bar, unless it is gone meanwhile, and which segment. */
typedef struct
{
  GWeakRef bar;
  gint64   segment_id;
} Counting;

static void
counted (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Counting *counting = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSegmentBar) self = g_weak_ref_get (&counting->bar);
  gint64 id = counting->segment_id, count = co_segment_count_finish (result, &error);
  CoSegment *segment;

  g_weak_ref_clear (&counting->bar);
  g_free (counting);
  if (self == NULL || error != NULL)
    return;  /* cancelled by a newer round, or unreadable: shown as not counted */
  g_hash_table_insert (self->counts, g_memdup2 (&id, sizeof id), g_memdup2 (&count, sizeof count));
  segment = chosen (self);
  show_items (self, segment != NULL ? segment->id : 0);
}

/* Counts every segment that can be, now; a round queued is not needed any more. */
static void
recount (CoSegmentBar *self)
{
  g_clear_handle_id (&self->recount_id, g_source_remove);
  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  self->counting = g_cancellable_new ();
  for (guint i = 0; i < self->segments->len; i++)
    {
      CoSegment *segment = self->segments->pdata[i];
      Counting *counting;

      if (segment->broken != NULL)
        continue;
      counting = g_new0 (Counting, 1);
      g_weak_ref_init (&counting->bar, self);
      counting->segment_id = segment->id;
      co_segment_count_async (self->store, self->group_id, segment->filter, self->counting, counted, counting);
    }
}

static gboolean
recount_queued (gpointer data)
{
  CoSegmentBar *self = data;

  self->recount_id = 0;
  recount (self);
  return G_SOURCE_REMOVE;
}

static void
queue_recount (CoSegmentBar *self)
{
  if (self->store != NULL && self->recount_id == 0)
    self->recount_id = g_timeout_add (RECOUNT_DELAY_MS, recount_queued, self);
}

/* Reads the segments again; the one chosen stays chosen (it may have been edited). */
static void
reload (CoSegmentBar *self)
{
  CoSegment *segment = chosen (self);
  gint64 selected_id = segment != NULL ? segment->id : 0;
  g_autoptr(GPtrArray) segments = co_segments_list (self->store, NULL);

  if (segments == NULL)
    return;
  g_clear_pointer (&self->segments, g_ptr_array_unref);
  self->segments = g_steal_pointer (&segments);
  g_hash_table_remove_all (self->counts);
  show_items (self, selected_id);
  if (selected_id != 0)
    g_signal_emit (self, signals[CHANGED], 0);
  recount (self);
}

static void
on_selected (CoSegmentBar *self)
{
  if (self->updating)
    return;
  show_chosen (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
co_segment_bar_select (CoSegmentBar *self,
                       gint64        segment_id)
{
  show_items (self, segment_id);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_saved (CoSegmentBar *self,
          gint64        segment_id)
{
  reload (self);
  co_segment_bar_select (self, segment_id);
}

static void
open_dialog (CoSegmentBar          *self,
             gint64                 segment_id,
             const CoSegmentFilter *filter)
{
  CoSegmentDialog *dialog = co_segment_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->store,
                                                   self->group_id, segment_id, filter);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_current (GtkWidget  *widget,
              const char *action,
              GVariant   *parameter)
{
  CoSegmentBar *self = CO_SEGMENT_BAR (widget);
  CoMemberQuery query = { 0 };
  g_autoptr(CoSegmentFilter) filter = NULL;

  self->current_query (self->data, &query);
  filter = co_segment_filter_from_query (self->store, &query);
  open_dialog (self, 0, filter);
}

static void
edit_chosen (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  CoSegmentBar *self = CO_SEGMENT_BAR (widget);
  CoSegment *segment = chosen (self);

  if (segment != NULL)
    open_dialog (self, segment->id, NULL);
}

static gboolean
write_segment_deleted (CoStore  *store,
                       gpointer  data,
                       GError  **error)
{
  CoMembersWrite *write = data;

  return co_segment_delete (store, write->id, error);
}

static void
delete_response (AdwMessageDialog *dialog,
                 const char       *response,
                 CoSegmentBar     *self)
{
  CoMembersWrite *write;

  if (!g_str_equal (response, "delete"))
    return;
  /* Through co_widget_write(): never waiting for an import's write lock. */
  write = co_members_write_new (GTK_WIDGET (self), NULL, 0);
  write->id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "segment-id"));
  co_members_write (write, self->store, write_segment_deleted, NULL);
}

static void
delete_chosen (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  CoSegmentBar *self = CO_SEGMENT_BAR (widget);
  CoSegment *segment = chosen (self);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (segment == NULL)
    return;
  heading = g_strdup_printf (_("Delete “%s”?"), segment->name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                                       _("The saved filter is deleted; its members and their tags "
                                                         "stay as they are.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "segment-id", GSIZE_TO_POINTER (segment->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
co_members_copy_mentions (GtkWidget    *widget,
                          CoStore      *store,
                          const gint64 *ids,
                          guint         n_ids)
{
  g_autoptr(GError) error = NULL;
  guint n_people = 0;
  g_autofree char *text = co_members_mentions (store, ids, n_ids, &n_people, &error);
  g_autofree char *message = NULL;

  if (text == NULL)
    {
      co_widget_show_error (widget, error);
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "@-mention of %u member copied",
                                          "@-mentions of %u members copied", n_people), n_people);
  co_widget_add_toast (widget, co_toast_new (message));
}

static void
copy_shown_mentions (GtkWidget  *widget,
                     const char *action,
                     GVariant   *parameter)
{
  CoSegmentBar *self = CO_SEGMENT_BAR (widget);
  guint n = g_list_model_get_n_items (self->shown);
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = co_member_list_get_id (CO_MEMBER_LIST (self->shown), i);
      g_array_append_val (ids, id);
    }
  co_members_copy_mentions (widget, self->store, (gint64 *) ids->data, ids->len);
}

static void
manage_tags (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  CoSegmentBar *self = CO_SEGMENT_BAR (widget);
  GtkWidget *window = co_tags_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store);

  gtk_window_present (GTK_WINDOW (window));
}

void
co_segment_bar_set_store (CoSegmentBar       *self,
                          CoStore            *store,
                          CoCurrentQueryFunc  current_query,
                          GListModel         *shown,
                          gpointer            data)
{
  static const char *const tables[] = { "changed::memberships", "changed::members", "changed::tiers",
                                        "changed::tags" };

  g_return_if_fail (CO_IS_SEGMENT_BAR (self) && self->store == NULL);

  self->store = g_object_ref (store);
  self->current_query = current_query;
  self->shown = shown;
  self->data = data;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_signal_connect_object (store, tables[i], G_CALLBACK (queue_recount), self, G_CONNECT_SWAPPED);
  /* A tag deleted breaks a segment: read them again. */
  g_signal_connect_object (store, "changed::segments", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::tags", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::tiers", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
}

void
co_segment_bar_set_group_id (CoSegmentBar *self,
                             gint64        group_id)
{
  g_return_if_fail (CO_IS_SEGMENT_BAR (self));

  self->group_id = group_id;
  g_hash_table_remove_all (self->counts);
  if (self->store != NULL)
    {
      CoSegment *segment = chosen (self);
      show_items (self, segment != NULL ? segment->id : 0);
      recount (self);
    }
}

GtkDropDown *
co_segment_bar_get_dropdown (CoSegmentBar *self)
{
  return self->dropdown;
}

gint64
co_segment_bar_get_count (CoSegmentBar *self,
                          gint64        segment_id)
{
  gint64 *count = g_hash_table_lookup (self->counts, &segment_id);
  return count != NULL ? *count : -1;
}

static void
co_segment_bar_dispose (GObject *object)
{
  CoSegmentBar *self = CO_SEGMENT_BAR (object);

  g_clear_handle_id (&self->recount_id, g_source_remove);
  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (co_segment_bar_parent_class)->dispose (object);
}

static void
co_segment_bar_finalize (GObject *object)
{
  CoSegmentBar *self = CO_SEGMENT_BAR (object);

  g_clear_pointer (&self->segments, g_ptr_array_unref);
  g_hash_table_unref (self->counts);
  co_segment_filter_free (self->nobody);
  G_OBJECT_CLASS (co_segment_bar_parent_class)->finalize (object);
}

/* The drop-down's button shortens a long name but keeps its count; its list shows names in full. */
static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  shorten)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *name = gtk_label_new (NULL), *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  if (shorten != NULL)
    {
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (name), 4);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 18);
    }
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_item_set_child (item, box);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  /* "name · count": the count stays whole. */
  const char *count = g_strrstr (text, " · ");
  g_autofree char *name_text = count != NULL ? g_strndup (text, count - text) : g_strdup (text);

  gtk_label_set_label (GTK_LABEL (name), name_text);
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_next_sibling (name)), count != NULL ? count : "");
}

static GtkListItemFactory *
label_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), NULL);
  return factory;
}

static void
co_segment_bar_class_init (CoSegmentBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_segment_bar_dispose;
  G_OBJECT_CLASS (klass)->finalize = co_segment_bar_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "segment.save", NULL, save_current);
  gtk_widget_class_install_action (widget_class, "segment.edit", NULL, edit_chosen);
  gtk_widget_class_install_action (widget_class, "segment.delete", NULL, delete_chosen);
  gtk_widget_class_install_action (widget_class, "segment.copy-mentions", NULL, copy_shown_mentions);
  gtk_widget_class_install_action (widget_class, "segment.manage-tags", NULL, manage_tags);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
co_segment_bar_init (CoSegmentBar *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) segment_section = g_menu_new ();
  g_autoptr(GMenu) other_section = g_menu_new ();
  GtkWidget *icon;

  self->counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) co_segment_free);
  /* No tag has this uuid: a broken segment lists nobody rather than everyone. */
  self->nobody = co_segment_filter_new ();
  co_segment_filter_add_tag (self->nobody, "00000000-0000-4000-8000-000000000000");

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  {
    g_autoptr(GtkListItemFactory) button = label_factory (TRUE);
    g_autoptr(GtkListItemFactory) list = label_factory (FALSE);

    gtk_drop_down_set_factory (self->dropdown, button);
    gtk_drop_down_set_list_factory (self->dropdown, list);
  }
  co_tooltip_set_text (GTK_WIDGET (self->dropdown), _("Segment: a saved filter, with how many it lists"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Segment"), -1);
  g_signal_connect_swapped (self->dropdown, "notify::selected", G_CALLBACK (on_selected), self);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->dropdown));

  self->broken_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  gtk_box_append (GTK_BOX (self->broken_box), icon);
  self->broken_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->broken_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->broken_label), "warning");
  gtk_box_append (GTK_BOX (self->broken_box), GTK_WIDGET (self->broken_label));
  gtk_widget_set_visible (self->broken_box, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->broken_box);

  g_menu_append (segment_section, _("_Save Current Filter as Segment…"), "segment.save");
  g_menu_append (segment_section, _("_Edit Segment…"), "segment.edit");
  g_menu_append (segment_section, _("_Delete Segment"), "segment.delete");
  g_menu_append (other_section, _("Copy @-_Mentions of Shown Members"), "segment.copy-mentions");
  g_menu_append (other_section, _("Manage _Tags…"), "segment.manage-tags");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (segment_section));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (other_section));
  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "bookmark-new-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), G_MENU_MODEL (menu));
  co_tooltip_set_text (self->menu_button, _("Segments and Tags"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Segments and Tags"), -1);
  gtk_box_append (GTK_BOX (self->box), self->menu_button);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.edit", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.delete", FALSE);
}

GtkWidget *
co_segment_bar_new (void)
{
  return g_object_new (CO_TYPE_SEGMENT_BAR, NULL);
}
