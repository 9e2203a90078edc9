/* co-member-window.c: the window a member's row opens. Built in code rather than a template:
 * its rows come from the field descriptions of co-member.h, as the Plan page's do. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/members/co-member.h"
#include "core/members/co-tier.h"
#include "gui/members/co-member-source.h"
#include "gui/members/co-member-window.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-toast.h"

#define RECENT_ACTIVITY 10

struct _CoMemberWindow
{
  AdwWindow            parent_instance;

  CoStore             *store;
  gint64               id;
  AdwToastOverlay     *toasts;
  GtkWidget           *rows[CO_N_MEMBER_FIELDS];
  AdwComboRow         *tier_row;
  GArray              *tier_ids;
  AdwPreferencesGroup *history_group;
  AdwPreferencesGroup *activity_group;
  GPtrArray           *dynamic_rows;  /* history and activity rows, rebuilt on each load */
  AdwComboRow         *kind_row;
  GtkWidget           *source_group;
  gboolean             loading;
  guint                reload_idle;
};

G_DEFINE_FINAL_TYPE (CoMemberWindow, co_member_window, ADW_TYPE_WINDOW)

static const CoMemberField person_fields[] = {
  CO_MEMBER_NICKNAME, CO_MEMBER_REAL_NAME, CO_MEMBER_CITY, CO_MEMBER_INDUSTRY, CO_MEMBER_CONTACT,
  CO_MEMBER_SOURCE, CO_MEMBER_NOTES,
};

static const CoMemberField membership_fields[] = {
  CO_MEMBER_JOINED, CO_MEMBER_INVITED, CO_MEMBER_LEFT, CO_MEMBER_POINTS, CO_MEMBER_LAST_ACTIVE,
  CO_MEMBER_SEED, CO_MEMBER_REPLIED, CO_MEMBER_REPLIED_BY, CO_MEMBER_CORE,
};

static gboolean
save_field (const char  *key,
            const char  *input,
            gpointer     user_data,
            GError     **error)
{
  CoMemberWindow *self = user_data;

  for (CoMemberField field = 0; field < CO_MEMBER_GROUP; field++)
    if (g_str_equal (co_member_field_spec (field)->key, key))
      return co_member_set (self->store, self->id, field, input, error);
  g_return_val_if_reached (FALSE);
}

static void
clear_dynamic_rows (CoMemberWindow *self)
{
  for (guint i = 0; i < self->dynamic_rows->len; i++)
    {
      GtkWidget *row = self->dynamic_rows->pdata[i];
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)),
                                    row);
    }
  g_ptr_array_set_size (self->dynamic_rows, 0);
}

static void
add_dynamic_row (CoMemberWindow      *self,
                 AdwPreferencesGroup *group,
                 const char          *title,
                 const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->dynamic_rows, row);
}

static void
load (CoMemberWindow *self)
{
  g_autoptr(CoMember) member = co_member_get_by_id (self->store, self->id, NULL);
  g_autoptr(GListStore) tiers = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) activity = NULL;
  g_autofree char *why = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;

  if (member == NULL)
    {
      gtk_window_close (GTK_WINDOW (self));  /* removed meanwhile */
      return;
    }
  self->loading = TRUE;
  gtk_window_set_title (GTK_WINDOW (self), co_member_get (member, CO_MEMBER_NICKNAME));
  for (CoMemberField field = 0; field < CO_MEMBER_GROUP; field++)
    if (self->rows[field] != NULL)
      co_field_row_set_value (self->rows[field], co_member_get (member, field));

  tiers = co_tiers_list (self->store, co_member_get_group_id (member), NULL);
  g_array_set_size (self->tier_ids, 0);
  for (guint i = 0; tiers != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (tiers)); i++)
    {
      g_autoptr(CoItem) tier = g_list_model_get_item (G_LIST_MODEL (tiers), i);
      g_autofree char *name = co_item_dup_title (tier);
      gint64 id = co_item_get_id (tier);

      gtk_string_list_append (names, name);
      g_array_append_val (self->tier_ids, id);
      if (id == co_member_get_tier_id (member))
        selected = i;
    }
  adw_combo_row_set_model (self->tier_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->tier_row, selected);
  why = co_tier_explain (self->store, member);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->tier_row), why);

  clear_dynamic_rows (self);
  history = co_tier_changes (self->store, self->id, NULL);
  for (guint i = history ? history->len : 0; i-- > 0;)
    {
      CoTierChange *change = history->pdata[i];
      g_autofree char *date = co_date_format_display (change->date);
      /* Translators: a tier change: from one tier to another, "New → Active". */
      g_autofree char *title = g_strdup_printf (_("%s → %s"), change->from ? change->from : _("None"),
                                                change->to ? change->to : _("None"));
      g_autofree char *subtitle = change->manual ? g_strdup_printf (_("%s, set by hand"), date) : g_strdup (date);

      add_dynamic_row (self, self->history_group, title, subtitle);
    }
  if (history == NULL || history->len == 0)
    add_dynamic_row (self, self->history_group, _("No changes yet"), "");

  activity = co_member_recent_activity (self->store, self->id, RECENT_ACTIVITY, NULL);
  for (guint i = 0; activity != NULL && i < activity->len; i++)
    {
      CoActivity *line = activity->pdata[i];
      g_autofree char *date = co_date_format_display (line->date);
      /* Translators: an activity and how many times, "Spoke × 3". */
      g_autofree char *title = g_strdup_printf (_("%s × %d"), co_choice_label (CO_CHOICE_ACTIVITY_KIND, line->kind),
                                                (int) line->count);

      add_dynamic_row (self, self->activity_group, title, date);
    }
  if (activity == NULL || activity->len == 0)
    add_dynamic_row (self, self->activity_group, _("No activity recorded"), "");
  self->loading = FALSE;
}

static void
on_tier_selected (CoMemberWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->tier_row);
  g_autoptr(GError) error = NULL;

  if (self->loading || selected >= self->tier_ids->len)
    return;
  if (!co_members_set_tier (self->store, &self->id, 1, g_array_index (self->tier_ids, gint64, selected), &error))
    adw_toast_overlay_add_toast (self->toasts, co_toast_new (error->message));
}

static void
log_activity (CoMemberWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  guint kind = adw_combo_row_get_selected (self->kind_row);

  if (!co_member_log_activity (self->store, self->id, today, co_activity_kinds[MIN (kind, 3)], 1, &error))
    adw_toast_overlay_add_toast (self->toasts, co_toast_new (error->message));
}

static gboolean
reload (gpointer data)
{
  CoMemberWindow *self = data;

  self->reload_idle = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* Once, when idle: a commit that touches several tables reads the member once. */
static void
store_changed (CoMemberWindow *self)
{
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add (reload, self);
}

static GtkWidget *
add_group (AdwPreferencesPage *page,
           const char         *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return group;
}

static void
build (CoMemberWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *person, *membership, *tier_group, *log_button;
  guint n_kinds;
  const CoChoice *kinds = co_choices_get (CO_CHOICE_ACTIVITY_KIND, &n_kinds);
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, page);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);

  person = add_group (ADW_PREFERENCES_PAGE (page), _("Personal Details"));
  for (guint i = 0; i < G_N_ELEMENTS (person_fields); i++)
    {
      self->rows[person_fields[i]] = co_field_row_new (co_member_field_spec (person_fields[i]), save_field, self, NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (person), self->rows[person_fields[i]]);
    }

  tier_group = add_group (ADW_PREFERENCES_PAGE (page), _("Tier"));
  self->tier_row = ADW_COMBO_ROW (co_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tier_row), _("Tier"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self->tier_row), 3);
  g_signal_connect_swapped (self->tier_row, "notify::selected", G_CALLBACK (on_tier_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (tier_group), GTK_WIDGET (self->tier_row));

  membership = add_group (ADW_PREFERENCES_PAGE (page), _("In This Group"));
  for (guint i = 0; i < G_N_ELEMENTS (membership_fields); i++)
    {
      self->rows[membership_fields[i]] = co_field_row_new (co_member_field_spec (membership_fields[i]), save_field,
                                                           self, NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (membership), self->rows[membership_fields[i]]);
    }

  self->source_group = co_member_source_group_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->source_group));
  self->history_group = ADW_PREFERENCES_GROUP (add_group (ADW_PREFERENCES_PAGE (page), _("Tier History")));
  self->activity_group = ADW_PREFERENCES_GROUP (add_group (ADW_PREFERENCES_PAGE (page), _("Recent Activity")));
  for (guint i = 0; i < n_kinds; i++)
    gtk_string_list_append (kind_names, _(kinds[i].label));
  self->kind_row = ADW_COMBO_ROW (co_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Record for Today"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_names));
  log_button = gtk_button_new_with_mnemonic (_("_Record"));
  gtk_widget_set_valign (log_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (log_button, "clicked", G_CALLBACK (log_activity), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->kind_row), log_button);
  adw_preferences_group_add (self->activity_group, GTK_WIDGET (self->kind_row));
}

static void
co_member_window_dispose (GObject *object)
{
  CoMemberWindow *self = CO_MEMBER_WINDOW (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_handle_id (&self->reload_idle, g_source_remove);
  /* What was typed last is saved, not lost. */
  for (guint i = 0; i < CO_N_MEMBER_FIELDS; i++)
    if (self->rows[i] != NULL)
      co_field_row_flush (self->rows[i]);
  memset (self->rows, 0, sizeof self->rows);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (co_member_window_parent_class)->dispose (object);
}

static void
co_member_window_finalize (GObject *object)
{
  CoMemberWindow *self = CO_MEMBER_WINDOW (object);

  g_array_unref (self->tier_ids);
  g_ptr_array_unref (self->dynamic_rows);
  G_OBJECT_CLASS (co_member_window_parent_class)->finalize (object);
}

static void
co_member_window_class_init (CoMemberWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_member_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = co_member_window_finalize;
}

static void
co_member_window_init (CoMemberWindow *self)
{
  self->tier_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->dynamic_rows = g_ptr_array_new ();
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 720);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  build (self);
}

GtkWidget *
co_member_window_new (GtkWindow *parent,
                      CoStore   *store,
                      gint64     membership_id)
{
  CoMemberWindow *self = g_object_new (CO_TYPE_MEMBER_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->id = membership_id;
  co_member_source_group_set_member (CO_MEMBER_SOURCE_GROUP (self->source_group), store, membership_id);
  /* Changes made elsewhere (an import, the list's actions) show here at once. */
  g_signal_connect_object (store, "changed::memberships", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::member_activity", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::tiers", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  load (self);
  /* Opened to be read first: no field takes the keyboard, or its text, until chosen. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  return GTK_WIDGET (self);
}
