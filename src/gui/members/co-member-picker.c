/* co-member-picker.c: typing filters the group's people through co_members_find(), a few at a
 * time, in a popover that leaves the keyboard with the entry. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/members/co-member-edit.h"
#include "gui/members/co-member-picker.h"

#define MATCHES 8

struct _CoMemberPicker
{
  AdwEntryRow  parent_instance;

  CoStore     *store;
  gint64       group_id;
  gint64       excluded_id;
  gint64       member_id;
  GtkWidget   *popover;
  GtkListBox  *list;
  GPtrArray   *matches;   /* CoMemberMatch shown */
  gboolean     setting;
};

G_DEFINE_FINAL_TYPE (CoMemberPicker, co_member_picker, ADW_TYPE_ENTRY_ROW)

enum { PROP_0, PROP_MEMBER_ID, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
set_member_id (CoMemberPicker *self,
               gint64          member_id)
{
  if (self->member_id == member_id)
    return;
  self->member_id = member_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER_ID]);
}

static void
choose (CoMemberPicker *self,
        guint           index)
{
  CoMemberMatch *match;

  if (index >= self->matches->len)
    return;
  match = self->matches->pdata[index];
  co_member_picker_set_member (self, match->member_id, match->nickname);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
on_row_activated (CoMemberPicker *self,
                  GtkListBoxRow  *row)
{
  choose (self, (guint) gtk_list_box_row_get_index (row));
}

static void
on_entry_activated (CoMemberPicker *self)
{
  if (self->member_id == 0 && self->matches->len > 0)
    choose (self, 0);
}

static void
on_changed (CoMemberPicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self));
  g_autoptr(GPtrArray) found = NULL;
  GtkWidget *child;

  if (self->setting || self->store == NULL)
    return;
  set_member_id (self, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->matches, 0);
  if (text[0] != '\0')
    found = co_members_find (self->store, self->group_id, text, MATCHES + 1, NULL);
  for (guint i = 0; found != NULL && i < found->len && self->matches->len < MATCHES; i++)
    {
      CoMemberMatch *match = found->pdata[i];
      GtkWidget *row;

      if (match->member_id == self->excluded_id)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), match->nickname);
      if (match->contact != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), match->contact);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->matches, found->pdata[i]);
      found->pdata[i] = NULL;
    }
  /* Shown to whoever is typing here, not for text set by the program. */
  if (self->matches->len > 0 && gtk_widget_get_state_flags (GTK_WIDGET (self)) & GTK_STATE_FLAG_FOCUS_WITHIN)
    {
      gtk_widget_set_size_request (self->popover, gtk_widget_get_width (GTK_WIDGET (self)), -1);
      gtk_popover_popup (GTK_POPOVER (self->popover));
    }
  else
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
co_member_picker_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  CoMemberPicker *self = CO_MEMBER_PICKER (widget);

  GTK_WIDGET_CLASS (co_member_picker_parent_class)->size_allocate (widget, width, height, baseline);
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
co_member_picker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CoMemberPicker *self = CO_MEMBER_PICKER (object);

  switch (prop_id)
    {
    case PROP_MEMBER_ID:
      g_value_set_int64 (value, self->member_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
co_member_picker_dispose (GObject *object)
{
  CoMemberPicker *self = CO_MEMBER_PICKER (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (co_member_picker_parent_class)->dispose (object);
}

static void
co_member_picker_finalize (GObject *object)
{
  CoMemberPicker *self = CO_MEMBER_PICKER (object);

  g_ptr_array_unref (self->matches);
  G_OBJECT_CLASS (co_member_picker_parent_class)->finalize (object);
}

static void
co_member_picker_class_init (CoMemberPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = co_member_picker_get_property;
  object_class->dispose = co_member_picker_dispose;
  object_class->finalize = co_member_picker_finalize;
  GTK_WIDGET_CLASS (klass)->size_allocate = co_member_picker_size_allocate;

  properties[PROP_MEMBER_ID] = g_param_spec_int64 ("member-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
co_member_picker_init (CoMemberPicker *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) co_member_match_free);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated), self);

  /* The keyboard stays in the entry: Enter takes the first match, a click any other. */
  self->popover = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
  gtk_widget_set_can_focus (self->popover, FALSE);
  gtk_widget_add_css_class (self->popover, "co-member-picker");
  gtk_popover_set_child (GTK_POPOVER (self->popover), scrolled);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));

  g_signal_connect (self, "changed", G_CALLBACK (on_changed), NULL);
  g_signal_connect (self, "entry-activated", G_CALLBACK (on_entry_activated), NULL);
}

GtkWidget *
co_member_picker_new (const char *title)
{
  return g_object_new (CO_TYPE_MEMBER_PICKER, "title", title, NULL);
}

void
co_member_picker_set_scope (CoMemberPicker *self,
                            CoStore        *store,
                            gint64          group_id,
                            gint64          excluded_id)
{
  g_return_if_fail (CO_IS_MEMBER_PICKER (self));

  g_set_object (&self->store, store);
  self->group_id = group_id;
  self->excluded_id = excluded_id;
}

gint64
co_member_picker_get_member_id (CoMemberPicker *self)
{
  g_return_val_if_fail (CO_IS_MEMBER_PICKER (self), 0);
  return self->member_id;
}

void
co_member_picker_set_member (CoMemberPicker *self,
                             gint64          member_id,
                             const char     *nickname)
{
  g_return_if_fail (CO_IS_MEMBER_PICKER (self));

  self->setting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), nickname ? nickname : "");
  gtk_editable_set_position (GTK_EDITABLE (self), -1);
  self->setting = FALSE;
  set_member_id (self, member_id);
}

gboolean
co_member_picker_is_unresolved (CoMemberPicker *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));

  return self->member_id == 0 && text[0] != '\0';
}
