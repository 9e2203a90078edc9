/* co-member-source.c: a member's source (来源) in their window, and the channel chooser row. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/members/co-channel.h"
#include "core/records/co-list.h"
#include "gui/members/co-member-source.h"
#include "gui/members/co-members-write.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-toast.h"

/* ---- the channel row ------------------------------------------------------------------------ */

static GArray *
row_ids (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "co-channel-ids");
}

void
co_channel_row_refresh (GtkWidget *row)
{
  CoStore *store = g_object_get_data (G_OBJECT (row), "co-store");
  g_autoptr(GListStore) channels = co_list_items (store, CO_LIST_CHANNELS, 0, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 chosen = row_ids (row) != NULL ? co_channel_row_get_channel (row) : 0, none = 0;

  gtk_string_list_append (names, _("Not Recorded"));
  g_array_append_val (ids, none);
  for (guint i = 0; channels != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (channels)); i++)
    {
      g_autoptr(CoItem) channel = g_list_model_get_item (G_LIST_MODEL (channels), i);
      g_autofree char *title = co_item_dup_title (channel);
      gint64 id = co_item_get_id (channel);

      gtk_string_list_append (names, title);
      g_array_append_val (ids, id);
    }
  g_object_set_data_full (G_OBJECT (row), "co-channel-ids", ids, (GDestroyNotify) g_array_unref);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  co_channel_row_set_channel (row, chosen);
}

GtkWidget *
co_channel_row_new (CoStore *store)
{
  GtkWidget *row = co_combo_row_new ();

  g_return_val_if_fail (CO_IS_STORE (store), NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Channel"));
  g_object_set_data_full (G_OBJECT (row), "co-store", g_object_ref (store), g_object_unref);
  co_channel_row_refresh (row);
  return row;
}

gint64
co_channel_row_get_channel (GtkWidget *row)
{
  GArray *ids = row_ids (row);
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  return ids != NULL && selected < ids->len ? g_array_index (ids, gint64, selected) : 0;
}

void
co_channel_row_set_channel (GtkWidget *row,
                            gint64     channel_id)
{
  GArray *ids = row_ids (row);
  guint position = 0;

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == channel_id)
      position = i;
  if (adw_combo_row_get_selected (ADW_COMBO_ROW (row)) != position)
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), position);
}

/* ---- the member's source -------------------------------------------------------------------- */

struct _CoMemberSourceGroup
{
  AdwPreferencesGroup  parent_instance;

  CoStore             *store;
  gint64               membership_id;
  GtkWidget           *channel_row;
  AdwActionRow        *referrer_row;
  AdwActionRow        *referred_row;
  gboolean             loading;
  guint                reload_idle;
};

G_DEFINE_FINAL_TYPE (CoMemberSourceGroup, co_member_source_group, ADW_TYPE_PREFERENCES_GROUP)

static void
load (CoMemberSourceGroup *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMemberSource) source = co_member_source_get (self->store, self->membership_id, &error);
  g_autoptr(GString) referred = g_string_new (NULL);

  if (source == NULL)
    return;
  self->loading = TRUE;
  co_channel_row_refresh (self->channel_row);
  co_channel_row_set_channel (self->channel_row, source->channel_id);
  self->loading = FALSE;
  adw_action_row_set_subtitle (self->referrer_row, source->referrer ? source->referrer : _("Nobody recorded"));
  for (guint i = 0; i < source->referred->len; i++)
    /* Translators: the separator of a list of names */
    g_string_append_printf (referred, "%s%s", i > 0 ? _(", ") : "", (const char *) source->referred->pdata[i]);
  adw_action_row_set_subtitle (self->referred_row, referred->len > 0 ? referred->str : _("None so far"));
}

static gboolean
reload (gpointer data)
{
  CoMemberSourceGroup *self = data;

  self->reload_idle = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed (CoMemberSourceGroup *self)
{
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add (reload, self);
}

static gboolean
write_channel (CoStore  *store,
               gpointer  data,
               GError  **error)
{
  CoMembersWrite *write = data;

  return co_membership_set_channel (store, write->id, write->value, error);
}

static void
on_channel_chosen (CoMemberSourceGroup *self)
{
  CoMembersWrite *write;

  if (self->loading || self->store == NULL)
    return;
  /* Through co_widget_write(): never waiting for an import's write lock. */
  write = co_members_write_new (GTK_WIDGET (self), NULL, 0);
  write->id = self->membership_id;
  write->value = co_channel_row_get_channel (self->channel_row);
  co_members_write (write, self->store, write_channel, NULL);
}

static void
co_member_source_group_dispose (GObject *object)
{
  CoMemberSourceGroup *self = CO_MEMBER_SOURCE_GROUP (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_handle_id (&self->reload_idle, g_source_remove);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (co_member_source_group_parent_class)->dispose (object);
}

static void
co_member_source_group_class_init (CoMemberSourceGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_member_source_group_dispose;
}

static void
co_member_source_group_init (CoMemberSourceGroup *self)
{
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Channel and Referral"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Where they came from: the Funnel in Reports counts members by it."));
  self->referrer_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->referrer_row), _("Referred By"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->referrer_row), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->referrer_row), "property");
  self->referred_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->referred_row), _("Members They Referred"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->referred_row), FALSE);
  adw_action_row_set_subtitle_lines (self->referred_row, 4);
  gtk_widget_add_css_class (GTK_WIDGET (self->referred_row), "property");
}

GtkWidget *
co_member_source_group_new (void)
{
  return g_object_new (CO_TYPE_MEMBER_SOURCE_GROUP, NULL);
}

void
co_member_source_group_set_member (CoMemberSourceGroup *self,
                                   CoStore             *store,
                                   gint64               membership_id)
{
  g_return_if_fail (CO_IS_MEMBER_SOURCE_GROUP (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  self->membership_id = membership_id;
  self->channel_row = co_channel_row_new (store);
  g_signal_connect_swapped (self->channel_row, "notify::selected", G_CALLBACK (on_channel_chosen), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->channel_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->referrer_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->referred_row));
  g_signal_connect_object (store, "changed::channels", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::memberships", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  load (self);
}
