/* co-member-tags.c: a member's tags in their window, and a selection's tags on the Members page,
 * both through the tag chooser and co-tag.h. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/members/co-tag.h"
#include "gui/members/co-member-tags.h"
#include "gui/members/co-members-write.h"
#include "gui/members/co-tag-chooser.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"

/* ---- a member's window --------------------------------------------------------------------- */

typedef struct
{
  CoStore   *store;
  gint64     membership_id;
  GtkWidget *chooser;
} MemberTags;

static void
member_tags_free (MemberTags *tags)
{
  g_clear_object (&tags->store);
  g_free (tags);
}

static void
show_member_tags (GtkWidget *group)
{
  MemberTags *tags = g_object_get_data (G_OBJECT (group), "member-tags");
  g_autoptr(GPtrArray) now = co_member_tags (tags->store, tags->membership_id, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; now != NULL && i < now->len; i++)
    g_array_append_val (ids, ((CoTag *) now->pdata[i])->id);
  co_tag_chooser_set_selected (CO_TAG_CHOOSER (tags->chooser), ids);
}

/* A tag set or taken off, through co_widget_write(): never waiting for an import's write lock.
 * @ids, @value (the tag), @flag (set) copied; @text is the tag's name for the toast, if any. */
static gboolean
write_tag (CoStore  *store,
           gpointer  data,
           GError  **error)
{
  CoMembersWrite *write = data;

  write->result = co_members_set_tag (store, (gint64 *) write->ids->data, write->ids->len, write->value, write->flag,
                                      error);
  return write->result >= 0;
}

static void
member_tag_written (CoStore      *store,
                    const GError *error,
                    gpointer      data)
{
  CoMembersWrite *write = data;

  /* Not written: the boxes as the tags are. */
  if (error != NULL && g_object_get_data (G_OBJECT (write->owner), "member-tags") != NULL)
    show_member_tags (write->owner);
}

static void
member_tag_toggled (GtkWidget *chooser,
                    gint64     tag_id,
                    gboolean   active,
                    GtkWidget *group)
{
  MemberTags *tags = g_object_get_data (G_OBJECT (group), "member-tags");
  CoMembersWrite *write = co_members_write_new (group, &tags->membership_id, 1);

  write->value = tag_id;
  write->flag = active;
  co_members_write (write, tags->store, write_tag, member_tag_written);
}

GtkWidget *
co_member_tags_group_new (void)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Tags"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Tags are the person’s, in every group they are in."));
  return group;
}

void
co_member_tags_group_set_member (GtkWidget *group,
                                 CoStore   *store,
                                 gint64     membership_id)
{
  MemberTags *tags = g_new0 (MemberTags, 1);
  GtkWidget *frame;

  tags->store = g_object_ref (store);
  tags->membership_id = membership_id;
  tags->chooser = co_tag_chooser_new (store);
  g_object_set_data_full (G_OBJECT (group), "member-tags", tags, (GDestroyNotify) member_tags_free);
  /* A card like the rows around it. */
  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "view");
  gtk_widget_set_margin_top (tags->chooser, 12);
  gtk_widget_set_margin_bottom (tags->chooser, 12);
  gtk_widget_set_margin_start (tags->chooser, 12);
  gtk_widget_set_margin_end (tags->chooser, 12);
  gtk_frame_set_child (GTK_FRAME (frame), tags->chooser);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  g_signal_connect_object (tags->chooser, "tag-toggled", G_CALLBACK (member_tag_toggled), group, 0);
  /* Set elsewhere too: the selection bar, an import. */
  g_signal_connect_object (store, "changed::members", G_CALLBACK (show_member_tags), group, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::tags", G_CALLBACK (show_member_tags), group, G_CONNECT_SWAPPED);
  show_member_tags (group);
}

/* ---- a selection --------------------------------------------------------------------------- */

typedef struct
{
  CoStore           *store;
  CoSelectedIdsFunc  selected_ids;
  gpointer           data;
  GtkWidget         *chooser;
} SelectionTags;

static void
selection_tags_free (SelectionTags *tags)
{
  g_clear_object (&tags->store);
  g_free (tags);
}

/* Checked: everyone selected has it; half: some do. */
static void
show_selection_tags (GtkWidget *button)
{
  SelectionTags *tags = g_object_get_data (G_OBJECT (button), "selection-tags");
  g_autoptr(GArray) ids = tags->selected_ids (tags->data);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) some = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_people = 0;
  g_autoptr(GHashTable) counts = co_members_tag_counts (tags->store, (gint64 *) ids->data, ids->len, &n_people, NULL);
  GHashTableIter iter;
  gpointer key, count;

  g_hash_table_iter_init (&iter, counts);
  while (counts != NULL && g_hash_table_iter_next (&iter, &key, &count))
    g_array_append_val (*(gint64 *) count >= n_people ? all : some, *(gint64 *) key);
  co_tag_chooser_set_selected (CO_TAG_CHOOSER (tags->chooser), all);
  co_tag_chooser_set_mixed (CO_TAG_CHOOSER (tags->chooser), some);
}

static void
selection_tag_written (CoStore      *store,
                       const GError *error,
                       gpointer      data)
{
  CoMembersWrite *write = data;
  int changed = (int) write->result;
  g_autofree char *message = NULL;

  if (error != NULL)
    {
      /* The boxes as the tags are, while the page that selected is still there. */
      if (gtk_widget_get_root (write->owner) != NULL)
        show_selection_tags (write->owner);
      return;
    }
  message = write->flag ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” added to %d member",
                                                        "“%s” added to %d members", changed), write->text, changed)
                        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” taken off %d member",
                                                        "“%s” taken off %d members", changed), write->text, changed);
  co_widget_add_toast (write->owner, co_toast_new (message));
}

static void
selection_tag_toggled (GtkWidget *chooser,
                       gint64     tag_id,
                       gboolean   active,
                       GtkWidget *button)
{
  SelectionTags *tags = g_object_get_data (G_OBJECT (button), "selection-tags");
  g_autoptr(GError) error = NULL;
  g_autoptr(CoTag) tag = co_tag_get (tags->store, tag_id, &error);
  CoMembersWrite *write;

  if (tag == NULL)
    {
      co_widget_show_error (button, error);
      show_selection_tags (button);
      return;
    }
  /* The selection as it is now, written now or in its turn. */
  write = co_members_write_new (button, NULL, 0);
  write->ids = tags->selected_ids (tags->data);
  write->value = tag_id;
  write->flag = active;
  write->text = g_strdup (tag->name);
  co_members_write (write, tags->store, write_tag, selection_tag_written);
}

static void
on_popover_shown (GtkWidget *button)
{
  show_selection_tags (button);
}

GtkWidget *
co_selection_tags_button_new (CoStore           *store,
                              CoSelectedIdsFunc  selected_ids,
                              gpointer           data)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  SelectionTags *tags = g_new0 (SelectionTags, 1);

  tags->store = g_object_ref (store);
  tags->selected_ids = selected_ids;
  tags->data = data;
  tags->chooser = co_tag_chooser_new (store);
  g_object_set_data_full (G_OBJECT (button), "selection-tags", tags, (GDestroyNotify) selection_tags_free);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("T_ags"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
  co_tooltip_set_text (button, _("Set or take off tags on the selected members"));
  gtk_widget_set_margin_top (tags->chooser, 6);
  gtk_widget_set_margin_bottom (tags->chooser, 6);
  gtk_widget_set_margin_start (tags->chooser, 6);
  gtk_widget_set_margin_end (tags->chooser, 6);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_widget_set_size_request (scrolled, 400, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), tags->chooser);
  gtk_popover_set_child (GTK_POPOVER (popover), scrolled);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect_object (popover, "show", G_CALLBACK (on_popover_shown), button, G_CONNECT_SWAPPED);
  g_signal_connect_object (tags->chooser, "tag-toggled", G_CALLBACK (selection_tag_toggled), button, 0);
  return button;
}
