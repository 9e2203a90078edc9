/* co-member-window.c: the window a member's row opens. Built in code rather than a template:
 * its rows come from the field descriptions of co-member.h, as the Plan page's do. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/members/co-member.h"
#include "core/members/co-tier.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-edit.h"
#include "gui/members/co-member-picker.h"
#include "gui/members/co-member-timeline.h"
#include "gui/members/co-member-tags.h"
#include "gui/members/co-member-source.h"
#include "gui/members/co-member-window.h"
#include "gui/members/co-members-write.h"
#include "gui/widgets/co-changed-by.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"

struct _CoMemberWindow
{
  AdwWindow            parent_instance;

  CoStore             *store;
  gint64               id;
  AdwToastOverlay     *toasts;
  GtkWidget           *rows[CO_N_MEMBER_FIELDS];
  AdwComboRow         *tier_row;
  GtkWidget           *tags_group;
  GArray              *tier_ids;
  CoMemberPicker      *referrer;
  AdwViewStack        *stack;
  GtkWidget           *page;          /* the stack: greyed once removed */
  GtkWidget           *timeline_page;
  GtkWidget           *timeline;
  GMenu               *groups_menu;
  gboolean             removed;       /* by the menu here: stays open for Undo */
  GtkWidget           *source_group;
  GtkWidget           *changed_by;
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

static CoStore *
field_target (gpointer       user_data,
              CoFieldTarget *target)
{
  CoMemberWindow *self = user_data;

  target->id = self->id;
  return self->store;
}

static gboolean
save_field (CoStore             *store,
            const CoFieldTarget *target,
            const char          *key,
            const char          *input,
            GError             **error)
{
  for (CoMemberField field = 0; field < CO_MEMBER_GROUP; field++)
    if (g_str_equal (co_member_field_spec (field)->key, key))
      return co_member_set (store, target->id, field, input, error);
  g_return_val_if_reached (FALSE);
}

static void load_groups_menu (CoMemberWindow *self,
                              gint64          member_id);

static void
load (CoMemberWindow *self)
{
  g_autoptr(CoMember) member = co_member_get_by_id (self->store, self->id, NULL);
  g_autoptr(GListStore) tiers = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *why = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;

  if (member == NULL)
    {
      if (!self->removed)
        gtk_window_close (GTK_WINDOW (self));  /* removed meanwhile */
      return;
    }
  self->loading = TRUE;
  gtk_window_set_title (GTK_WINDOW (self), co_member_get (member, CO_MEMBER_NICKNAME));
  co_changed_by_update (self->changed_by, self->store, (const char *[]) { "members", "memberships" },
                        (gint64[]) { co_member_get_member_id (member), self->id }, 2);
  /* The switcher takes the title's place: the timeline says whose it is. */
  if (self->timeline != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->timeline), co_member_get (member, CO_MEMBER_NICKNAME));
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

  if (co_member_get_referrer_id (member) != co_member_picker_get_member_id (self->referrer))
    co_member_picker_set_member (self->referrer, co_member_get_referrer_id (member),
                                 co_member_get_referrer_name (member));
  co_member_picker_set_scope (self->referrer, self->store, co_member_get_group_id (member),
                              co_member_get_member_id (member));
  load_groups_menu (self, co_member_get_member_id (member));
  self->loading = FALSE;
}

/* The window's own writes go through co_widget_write(): never waiting for an import's or a
 * sync's write lock. Asked from the stack, which is in the window's toast overlay (the window is
 * not); a write kept and written after the window was closed shows nothing. */
static CoMembersWrite *
membership_write (CoMemberWindow *self)
{
  CoMembersWrite *write = co_members_write_new (self->page, &self->id, 1);

  write->id = self->id;
  return write;
}

/* The window a write was asked from; NULL once closed. */
static CoMemberWindow *
window_of (CoMembersWrite *write)
{
  return (CoMemberWindow *) gtk_widget_get_ancestor (write->owner, CO_TYPE_MEMBER_WINDOW);
}

static void
on_tier_selected (CoMemberWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->tier_row);
  CoMembersWrite *write;

  if (self->loading || selected >= self->tier_ids->len)
    return;
  write = membership_write (self);
  write->value = g_array_index (self->tier_ids, gint64, selected);
  co_members_write (write, self->store, co_members_write_tier, NULL);
}

static gboolean
write_referrer (CoStore  *store,
                gpointer  data,
                GError  **error)
{
  CoMembersWrite *write = data;

  return co_member_set_referrer (store, write->id, write->value, error);
}

static void
on_referrer_chosen (CoMemberWindow *self)
{
  gint64 referrer = co_member_picker_get_member_id (self->referrer);
  CoMembersWrite *write;

  /* Saved when someone is chosen, or when the field is emptied; not while typing. */
  if (self->loading || (referrer == 0 && co_member_picker_is_unresolved (self->referrer)))
    return;
  write = membership_write (self);
  write->value = referrer;
  co_members_write (write, self->store, write_referrer, NULL);
}

/* ---- the membership: in another group too, or removed from this one -------------------------- */

static void
restored (CoStore      *store,
          const GError *error,
          gpointer      data)
{
  CoMemberWindow *self = window_of (data);

  if (error != NULL || self == NULL)
    return;
  self->removed = FALSE;
  gtk_widget_set_sensitive (self->page, TRUE);
}

static void
undo_remove (CoMemberWindow *self)
{
  co_members_write (membership_write (self), self->store, co_members_write_restore, restored);
}

/* Removed: the window stays, greyed, for as long as Undo is offered. */
static void
removed (CoStore      *store,
         const GError *error,
         gpointer      data)
{
  CoMemberWindow *self = window_of (data);
  AdwToast *toast;

  if (self == NULL)
    return;
  if (error != NULL)
    {
      self->removed = FALSE;
      return;
    }
  gtk_widget_set_sensitive (self->page, FALSE);
  toast = adw_toast_new (_("Removed from the group"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 0);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_remove), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
remove_action (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  CoMemberWindow *self = CO_MEMBER_WINDOW (widget);

  /* Before the write: the reload it causes must not close the window. */
  self->removed = TRUE;
  co_members_write (membership_write (self), self->store, co_members_write_remove, removed);
}

static gboolean
write_added_to_group (CoStore  *store,
                      gpointer  data,
                      GError  **error)
{
  CoMembersWrite *write = data;

  write->result = co_member_add_to_group (store, write->id, write->value, error);
  return write->result != 0;
}

static void
added_to_group (CoStore      *store,
                const GError *error,
                gpointer      data)
{
  CoMembersWrite *write = data;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(CoMember) added = NULL;
  g_autofree char *title = NULL;

  if (error != NULL)
    return;
  if ((added = co_member_get_by_id (store, write->result, &read_error)) == NULL)
    {
      co_widget_show_error (write->owner, read_error);
      return;
    }
  /* Translators: a toast: the member is now in another group too, named here */
  title = g_strdup_printf (_("Added to “%s” too"), co_member_get (added, CO_MEMBER_GROUP));
  co_widget_add_toast (write->owner, co_toast_new (title));
}

static void
add_to_group_action (GtkWidget  *widget,
                     const char *action,
                     GVariant   *parameter)
{
  CoMemberWindow *self = CO_MEMBER_WINDOW (widget);
  CoMembersWrite *write = membership_write (self);

  write->value = g_variant_get_int64 (parameter);
  co_members_write (write, self->store, write_added_to_group, added_to_group);
}

/* The groups the person is not in yet, for "Add to Another Group". */
static void
load_groups_menu (CoMemberWindow *self,
                  gint64          member_id)
{
  g_autoptr(GListStore) groups = co_group_list (self->store, NULL);
  g_autoptr(GArray) in = co_member_group_ids (self->store, member_id, NULL);

  g_menu_remove_all (self->groups_menu);
  for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);
      gboolean member = FALSE;
      g_autoptr(GMenuItem) item = NULL;

      for (guint j = 0; in != NULL && j < in->len; j++)
        member |= g_array_index (in, gint64, j) == id;
      if (member || co_group_get_archived (group))
        continue;
      item = g_menu_item_new (co_group_get_name (group), NULL);
      g_menu_item_set_action_and_target_value (item, "member.add-to-group", g_variant_new_int64 (id));
      g_menu_append_item (self->groups_menu, item);
    }
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
  GtkWidget *person, *membership, *tier_group, *switcher_bar;
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_view_switcher_title_new ();
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();

  self->groups_menu = g_menu_new ();
  g_menu_append_submenu (menu, _("_Add to Another Group"), G_MENU_MODEL (self->groups_menu));
  g_menu_append (menu, _("_Remove from Group"), "member.remove");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  co_tooltip_set_text (menu_button, _("More Actions"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), menu_button);
  gtk_box_append (GTK_BOX (box), header);
  /* Who of the team changed the member last. */
  self->changed_by = co_changed_by_new ();
  gtk_widget_set_margin_start (self->changed_by, 12);
  gtk_widget_set_margin_end (self->changed_by, 12);
  gtk_widget_set_margin_top (self->changed_by, 6);
  gtk_box_append (GTK_BOX (box), self->changed_by);
  /* Two pages: the member's details, and their timeline (what happened, what to do). */
  self->stack = ADW_VIEW_STACK (adw_view_stack_new ());
  adw_view_stack_add_titled_with_icon (self->stack, page, "details", _("Details"), "avatar-default-symbolic");
  self->timeline_page = adw_preferences_page_new ();
  adw_view_stack_add_titled_with_icon (self->stack, self->timeline_page, "timeline", _("Timeline"),
                                       "document-open-recent-symbolic");
  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (title), self->stack);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  g_object_bind_property (self, "title", title, "title", G_BINDING_SYNC_CREATE);
  self->page = GTK_WIDGET (self->stack);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->stack));
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  switcher_bar = adw_view_switcher_bar_new ();
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (switcher_bar), self->stack);
  g_object_bind_property (title, "title-visible", switcher_bar, "reveal", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), switcher_bar);
  adw_window_set_content (ADW_WINDOW (self), box);

  person = add_group (ADW_PREFERENCES_PAGE (page), _("Personal Details"));
  for (guint i = 0; i < G_N_ELEMENTS (person_fields); i++)
    {
      self->rows[person_fields[i]] = co_field_row_new (co_member_field_spec (person_fields[i]), field_target, save_field,
                                                       self, NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (person), self->rows[person_fields[i]]);
    }

  self->tags_group = co_member_tags_group_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->tags_group));

  tier_group = add_group (ADW_PREFERENCES_PAGE (page), _("Tier"));
  self->tier_row = ADW_COMBO_ROW (co_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tier_row), _("Tier"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self->tier_row), 3);
  g_signal_connect_swapped (self->tier_row, "notify::selected", G_CALLBACK (on_tier_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (tier_group), GTK_WIDGET (self->tier_row));

  membership = add_group (ADW_PREFERENCES_PAGE (page), _("In This Group"));
  for (guint i = 0; i < G_N_ELEMENTS (membership_fields); i++)
    {
      self->rows[membership_fields[i]] = co_field_row_new (co_member_field_spec (membership_fields[i]), field_target,
                                                           save_field, self, NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (membership), self->rows[membership_fields[i]]);
    }

  self->referrer = CO_MEMBER_PICKER (co_member_picker_new (_("Referred By")));
  g_signal_connect_swapped (self->referrer, "notify::member-id", G_CALLBACK (on_referrer_chosen), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (membership), GTK_WIDGET (self->referrer));
  self->source_group = co_member_source_group_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->source_group));
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
  g_clear_object (&self->groups_menu);
  G_OBJECT_CLASS (co_member_window_parent_class)->finalize (object);
}

static void
co_member_window_class_init (CoMemberWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_member_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = co_member_window_finalize;
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "member.remove", NULL, remove_action);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "member.add-to-group", "x", add_to_group_action);
}

static void
co_member_window_init (CoMemberWindow *self)
{
  self->tier_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
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
  co_member_tags_group_set_member (self->tags_group, store, membership_id);
  co_member_source_group_set_member (CO_MEMBER_SOURCE_GROUP (self->source_group), store, membership_id);
  /* Changes made elsewhere (an import, the list's actions) show here at once. */
  g_signal_connect_object (store, "changed::memberships", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::member_activity", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::tiers", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  /* Notes, activity, follow-ups and the tier's history, in one list. */
  self->timeline = co_member_timeline_new (store, membership_id);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->timeline_page), ADW_PREFERENCES_GROUP (self->timeline));
  load (self);
  /* Opened to be read first: no field takes the keyboard, or its text, until chosen. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  return GTK_WIDGET (self);
}

void
co_member_window_show_timeline (CoMemberWindow *self)
{
  g_return_if_fail (CO_IS_MEMBER_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->stack, "timeline");
}
