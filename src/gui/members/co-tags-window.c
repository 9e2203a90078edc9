/* co-tags-window.c: the tag manager, built in code from the store's tag groups and rebuilt when
 * they change. Names are asked for in a message dialog with an entry, as the sidebar renames a
 * group; what is deleted is said first, with how many people lose the tag. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/members/co-tag.h"
#include "gui/members/co-members-write.h"
#include "gui/members/co-tags-window.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"

typedef enum
{
  ASK_NEW_GROUP,
  ASK_RENAME_GROUP,
  ASK_NEW_TAG,
  ASK_RENAME_TAG,
} Ask;

typedef struct
{
  CoStore         *store;
  AdwToastOverlay *toasts;
  GtkWidget       *page;     /* rebuilt */
} TagsWindow;

static void
tags_window_free (TagsWindow *window)
{
  g_clear_object (&window->store);
  g_free (window);
}

static TagsWindow *
get_window (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (gtk_widget_get_root (widget)), "tags-window");
}

/* The tag manager's writes go through co_widget_write(): never waiting for an import's write
 * lock. Asked from the toast overlay, which stays while the page in it is rebuilt. */
static CoMembersWrite *
tags_write (TagsWindow *window,
            gint64      id)
{
  CoMembersWrite *write = co_members_write_new (GTK_WIDGET (window->toasts), NULL, 0);

  write->id = id;
  return write;
}

/* @value: what was asked (Ask), @text: the name. */
static gboolean
write_name (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  CoMembersWrite *write = data;

  switch ((Ask) write->value)
    {
    case ASK_NEW_GROUP: return co_tag_group_add (store, write->text, error) != 0;
    case ASK_RENAME_GROUP: return co_tag_group_rename (store, write->id, write->text, error);
    case ASK_NEW_TAG: return co_tag_add (store, write->id, write->text, error) != 0;
    case ASK_RENAME_TAG: return co_tag_rename (store, write->id, write->text, error);
    default: g_return_val_if_reached (FALSE);
    }
}

static void
name_response (AdwMessageDialog *dialog,
               const char       *response,
               TagsWindow       *window)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  CoMembersWrite *write;

  if (!g_str_equal (response, "ok"))
    return;
  write = tags_write (window, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")));
  write->value = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "ask"));
  write->text = g_strdup (gtk_editable_get_text (entry));
  co_members_write (write, window->store, write_name, NULL);
}

static void
ask_name (GtkWidget  *widget,
          Ask         ask,
          gint64      id,
          const char *heading,
          const char *current)
{
  TagsWindow *window = get_window (widget);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                                         heading, NULL));
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), current != NULL ? current : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "ok",
                                    ask == ASK_RENAME_GROUP || ask == ASK_RENAME_TAG ? _("_Rename") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "ask", GINT_TO_POINTER (ask));
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (id));
  g_signal_connect (dialog, "response", G_CALLBACK (name_response), window);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* @flag: a tag group, not a tag. */
static gboolean
write_delete (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  CoMembersWrite *write = data;

  return write->flag ? co_tag_group_delete (store, write->id, error) : co_tag_delete (store, write->id, error);
}

static void
delete_response (AdwMessageDialog *dialog,
                 const char       *response,
                 TagsWindow       *window)
{
  CoMembersWrite *write;

  if (!g_str_equal (response, "delete"))
    return;
  write = tags_write (window, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")));
  write->flag = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "is-group"));
  co_members_write (write, window->store, write_delete, NULL);
}

static void
ask_delete (GtkWidget  *widget,
            gint64      id,
            gboolean    is_group,
            const char *name,
            gint64      n_people)
{
  TagsWindow *window = get_window (widget);
  g_autofree char *heading = g_strdup_printf (is_group ? _("Delete the Tag Group “%s”?") : _("Delete the Tag “%s”?"),
                                              name);
  g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
    "It is taken off %u person. Segments that ask for it show as broken until edited.",
    "It is taken off %u people. Segments that ask for it show as broken until edited.", (guint) n_people),
    (guint) n_people);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                                         heading, body));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (id));
  g_object_set_data (G_OBJECT (dialog), "is-group", GINT_TO_POINTER (is_group));
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response), window);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
write_merge (CoStore  *store,
             gpointer  data,
             GError  **error)
{
  CoMembersWrite *write = data;

  return co_tag_merge (store, write->id, write->value, error);
}

static void
merge_response (AdwMessageDialog *dialog,
                const char       *response,
                TagsWindow       *window)
{
  GArray *into_ids = g_object_get_data (G_OBJECT (dialog), "into-ids");
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog)));
  CoMembersWrite *write;

  if (!g_str_equal (response, "merge") || selected >= into_ids->len)
    return;
  write = tags_write (window, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")));
  write->value = g_array_index (into_ids, gint64, selected);
  co_members_write (write, window->store, write_merge, NULL);
}

/* Two tags that mean the same ("深圳" and "Shenzhen"): one's people move to the other. */
static void
ask_merge (GtkWidget *widget,
           CoTag     *tag)
{
  TagsWindow *window = get_window (widget);
  g_autoptr(GPtrArray) tags = co_tags_list (window->store, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GArray *into_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *heading = g_strdup_printf (_("Merge “%s” into Another Tag?"), tag->name);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
    heading, _("Its people get the tag chosen here, and it is deleted.")));
  GtkWidget *dropdown;

  for (guint i = 0; tags != NULL && i < tags->len; i++)
    {
      CoTag *other = tags->pdata[i];
      g_autofree char *label = g_strdup_printf ("%s / %s", other->group_name, other->name);

      if (other->id == tag->id)
        continue;
      gtk_string_list_append (names, label);
      g_array_append_val (into_ids, other->id);
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Merge into"), -1);
  adw_message_dialog_set_extra_child (dialog, dropdown);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "merge", _("_Merge"), NULL);
  adw_message_dialog_set_response_enabled (dialog, "merge", into_ids->len > 0);
  adw_message_dialog_set_response_appearance (dialog, "merge", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (tag->id));
  g_object_set_data_full (G_OBJECT (dialog), "into-ids", into_ids, (GDestroyNotify) g_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (merge_response), window);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The buttons carry what they act on. */
static void
on_button (GtkButton *button)
{
  const char *what = g_object_get_data (G_OBJECT (button), "what");
  CoTag *tag = g_object_get_data (G_OBJECT (button), "tag");
  CoTagGroup *group = g_object_get_data (G_OBJECT (button), "group");
  gint64 n_people = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "people"));
  GtkWidget *widget = GTK_WIDGET (button);

  if (g_str_equal (what, "add-tag"))
    ask_name (widget, ASK_NEW_TAG, group->id, _("New Tag"), NULL);
  else if (g_str_equal (what, "rename-group"))
    ask_name (widget, ASK_RENAME_GROUP, group->id, _("Rename Tag Group"), group->name);
  else if (g_str_equal (what, "delete-group"))
    ask_delete (widget, group->id, TRUE, group->name, n_people);
  else if (g_str_equal (what, "rename-tag"))
    ask_name (widget, ASK_RENAME_TAG, tag->id, _("Rename Tag"), tag->name);
  else if (g_str_equal (what, "merge-tag"))
    ask_merge (widget, tag);
  else if (g_str_equal (what, "delete-tag"))
    ask_delete (widget, tag->id, FALSE, tag->name, n_people);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *what,
             gpointer    data,
             const char *data_key,
             gint64      n_people)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  co_tooltip_set_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "what", (gpointer) what);
  g_object_set_data (G_OBJECT (button), data_key, data);
  g_object_set_data (G_OBJECT (button), "people", GSIZE_TO_POINTER (n_people));
  g_signal_connect (button, "clicked", G_CALLBACK (on_button), NULL);
  return button;
}

static void
rebuild (GtkWidget *window_widget)
{
  TagsWindow *window = g_object_get_data (G_OBJECT (window_widget), "tags-window");
  g_autoptr(GPtrArray) groups = co_tag_groups_list (window->store, NULL);
  g_autoptr(GHashTable) counts = co_tags_count_people (window->store, NULL);
  GtkWidget *page = adw_preferences_page_new ();

  if (window->page != NULL)
    adw_toast_overlay_set_child (window->toasts, NULL);
  window->page = page;
  /* The rows' data lives as long as the page. */
  g_object_set_data_full (G_OBJECT (page), "groups", g_ptr_array_ref (groups), (GDestroyNotify) g_ptr_array_unref);

  for (guint g = 0; groups != NULL && g < groups->len; g++)
    {
      CoTagGroup *group = groups->pdata[g];
      GtkWidget *pref_group = adw_preferences_group_new ();
      GtkWidget *suffix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      gint64 group_people = 0;

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (pref_group), group->name);
      for (guint t = 0; t < group->tags->len; t++)
        {
          CoTag *tag = group->tags->pdata[t];
          gint64 *count = counts != NULL ? g_hash_table_lookup (counts, &tag->id) : NULL;
          gint64 n = count != NULL ? *count : 0;
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u people",
                                                                    (guint) n), (guint) n);

          group_people += n;
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tag->name);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon_button ("document-edit-symbolic", _("Rename"),
                                                                        "rename-tag", tag, "tag", n));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon_button ("go-jump-symbolic",
                                                                        _("Merge into Another Tag…"), "merge-tag", tag,
                                                                        "tag", n));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon_button ("user-trash-symbolic", _("Delete"),
                                                                        "delete-tag", tag, "tag", n));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (pref_group), row);
        }
      gtk_box_append (GTK_BOX (suffix), icon_button ("list-add-symbolic", _("Add a Tag"), "add-tag", group, "group", 0));
      gtk_box_append (GTK_BOX (suffix), icon_button ("document-edit-symbolic", _("Rename Tag Group"), "rename-group",
                                                     group, "group", 0));
      gtk_box_append (GTK_BOX (suffix), icon_button ("user-trash-symbolic", _("Delete Tag Group"), "delete-group",
                                                     group, "group", group_people));
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (pref_group), suffix);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (pref_group));
    }
  if (groups == NULL || groups->len == 0)
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "bookmark-new-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Tags Yet"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                       _("Tags describe people: where they came from, their interests, their city, "
                                         "what they buy. Start with a tag group such as Region, then its tags."));
      adw_toast_overlay_set_child (window->toasts, status);
      return;
    }
  adw_toast_overlay_set_child (window->toasts, page);
}

static void
new_group (GtkButton *button)
{
  ask_name (GTK_WIDGET (button), ASK_NEW_GROUP, 0, _("New Tag Group"), NULL);
}

GtkWidget *
co_tags_window_new (GtkWindow *parent,
                    CoStore   *store)
{
  GtkWidget *self = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
  TagsWindow *window = g_new0 (TagsWindow, 1);
  GtkEventController *keys = gtk_shortcut_controller_new ();

  window->store = g_object_ref (store);
  g_object_set_data_full (G_OBJECT (self), "tags-window", window, (GDestroyNotify) tags_window_free);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), _("Tags"));
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 620);
  co_tooltip_set_text (add, _("New Tag Group"));
  g_signal_connect (add, "clicked", G_CALLBACK (new_group), NULL);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), add);
  gtk_box_append (GTK_BOX (box), header);
  window->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (window->toasts), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (window->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (self, keys);

  g_signal_connect_object (store, "changed::tags", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::members", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
  return self;
}
