/* co-member-timeline.c: the timeline group of the member's window, read again (once, when idle)
 * after any change to what it shows. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/members/co-member-notes.h"
#include "gui/members/co-member-timeline.h"
#include "gui/members/co-members-write.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"
#include "gui/widgets/co-widget-write.h"

/* The newest this many entries show. */
#define TIMELINE_LIMIT 200
/* A long note shows its start; the whole is in the row's tooltip up to this many characters. */
#define SHOWN_CHARS 300

struct _CoMemberTimeline
{
  AdwPreferencesGroup  parent_instance;

  CoStore             *store;
  gint64               id;
  GtkWidget           *note_row;
  AdwComboRow         *kind_row;
  GtkWidget           *activity_date;
  GtkSpinButton       *activity_count;
  GtkWidget           *follow_up_row;
  GtkWidget           *due_row;
  GPtrArray           *entry_rows;
  guint                reload_idle;
};

G_DEFINE_FINAL_TYPE (CoMemberTimeline, co_member_timeline, ADW_TYPE_PREFERENCES_GROUP)

/* ---- writing ------------------------------------------------------------------------------ */

/* A note being added: written through co_widget_write(), never waiting for an import's or a
 * sync's write lock. */
typedef struct
{
  CoMemberTimeline *timeline;
  gint64            membership_id;
  char             *text;
} NewNote;

static void
new_note_free (NewNote *note)
{
  g_object_unref (note->timeline);
  g_free (note->text);
  g_free (note);
}

static gboolean
write_note (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  NewNote *note = data;

  return co_member_note_add (store, note->membership_id, NULL, note->text, 0, error) != 0;
}

/* Not written (a note of nothing but spaces, or written later and failed): its text back in the
 * field, unless something else was typed there since. */
static void
note_written (CoStore      *store,
              const GError *error,
              gpointer      data)
{
  NewNote *note = data;
  GtkEditable *field = GTK_EDITABLE (note->timeline->note_row);

  if (error != NULL && *gtk_editable_get_text (field) == '\0')
    gtk_editable_set_text (field, note->text);
}

static void
add_note (CoMemberTimeline *self)
{
  NewNote *note = g_new0 (NewNote, 1);

  note->timeline = g_object_ref (self);
  note->membership_id = self->id;
  note->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row)));
  /* Cleared at once: the note is written now or kept to be written in its turn. */
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), "");
  co_widget_write (GTK_WIDGET (self), self->store, write_note, note, (GDestroyNotify) new_note_free, note_written);
}

/* The timeline's other writes go through co_widget_write() too, with what they write copied. */
static gboolean
write_activity (CoStore  *store,
                gpointer  data,
                GError  **error)
{
  CoMembersWrite *write = data;

  return co_member_log_activity (store, write->id, write->text, write->text2, (int) write->value, error);
}

static void
activity_recorded (CoStore      *store,
                   const GError *error,
                   gpointer      data)
{
  CoMembersWrite *write = data;

  if (error != NULL)
    return;
  /* Translators: a toast after recording a member's activity by hand */
  co_widget_add_toast (write->owner, co_toast_new (_("Activity recorded")));
  gtk_spin_button_set_value (CO_MEMBER_TIMELINE (write->owner)->activity_count, 1);
}

static void
record_activity (CoMemberTimeline *self)
{
  CoMembersWrite *write = co_members_write_new (GTK_WIDGET (self), NULL, 0);
  guint kind = adw_combo_row_get_selected (self->kind_row);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->activity_date));
  char *date = co_date_parse (typed);

  gtk_spin_button_update (self->activity_count);
  write->id = self->id;
  write->text = date != NULL ? date : g_strdup (typed);
  write->text2 = g_strdup (co_activity_kinds[MIN (kind, G_N_ELEMENTS (co_activity_kinds) - 1)]);
  write->value = gtk_spin_button_get_value_as_int (self->activity_count);
  co_members_write (write, self->store, write_activity, activity_recorded);
}

static gboolean
write_follow_up (CoStore  *store,
                 gpointer  data,
                 GError  **error)
{
  CoMembersWrite *write = data;

  return co_follow_up_add (store, write->id, write->text, write->text2, 0, error) != 0;
}

/* Not written: its text back in the field, unless something else was typed there since. */
static void
follow_up_written (CoStore      *store,
                   const GError *error,
                   gpointer      data)
{
  CoMembersWrite *write = data;
  GtkEditable *field = GTK_EDITABLE (CO_MEMBER_TIMELINE (write->owner)->follow_up_row);

  if (error != NULL && *gtk_editable_get_text (field) == '\0')
    gtk_editable_set_text (field, write->text);
}

static void
add_follow_up (CoMemberTimeline *self)
{
  CoMembersWrite *write = co_members_write_new (GTK_WIDGET (self), NULL, 0);

  write->id = self->id;
  write->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->follow_up_row)));
  write->text2 = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->due_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->follow_up_row), "");
  co_members_write (write, self->store, write_follow_up, follow_up_written);
}

typedef gboolean (*RemoveFunc) (CoStore *store, gint64 id, gboolean removed, GError **error);

/* A note or a follow-up removed (@flag) or put back, by @func. */
static gboolean
write_removed (CoStore  *store,
               gpointer  data,
               GError  **error)
{
  CoMembersWrite *write = data;
  RemoveFunc remove = (RemoveFunc) write->func;

  return remove (store, write->id, write->flag, error);
}

static void
write_remove (CoMemberTimeline *self,
              RemoveFunc        remove,
              gint64            id,
              gboolean          removed,
              CoStoreWrittenFunc done)
{
  CoMembersWrite *write = co_members_write_new (GTK_WIDGET (self), NULL, 0);

  write->id = id;
  write->func = (GCallback) remove;
  write->flag = removed;
  co_members_write (write, self->store, write_removed, done);
}

static void
undo_remove (AdwToast         *toast,
             CoMemberTimeline *self)
{
  RemoveFunc remove = g_object_get_data (G_OBJECT (toast), "remove");
  gint64 *id = g_object_get_data (G_OBJECT (toast), "id");

  write_remove (self, remove, *id, FALSE, NULL);
}

/* Removed: Undo. */
static void
entry_removed (CoStore      *store,
               const GError *error,
               gpointer      data)
{
  CoMembersWrite *write = data;
  RemoveFunc remove = (RemoveFunc) write->func;
  AdwToast *toast;

  if (error != NULL)
    return;
  toast = adw_toast_new ((gpointer) remove == (gpointer) co_member_note_remove ? _("Note removed") : _("Follow-up removed"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data (G_OBJECT (toast), "remove", remove);
  g_object_set_data_full (G_OBJECT (toast), "id", g_memdup2 (&write->id, sizeof write->id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_remove), write->owner, 0);
  co_widget_add_toast (write->owner, toast);
}

static void
remove_entry (GtkButton        *button,
              CoMemberTimeline *self)
{
  RemoveFunc remove = g_object_get_data (G_OBJECT (button), "remove");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "id");

  write_remove (self, remove, id, TRUE, entry_removed);
}

static gboolean
write_follow_up_done (CoStore  *store,
                      gpointer  data,
                      GError  **error)
{
  CoMembersWrite *write = data;

  return co_follow_up_set_done (store, write->id, write->text, error);
}

static void
follow_up_done (GtkButton        *button,
                CoMemberTimeline *self)
{
  CoMembersWrite *write = co_members_write_new (GTK_WIDGET (self), NULL, 0);
  gboolean done = g_object_get_data (G_OBJECT (button), "done") != NULL;

  write->id = *(gint64 *) g_object_get_data (G_OBJECT (button), "id");
  /* Done today, or not done any more. */
  write->text = done ? NULL : co_date_today ();
  co_members_write (write, self->store, write_follow_up_done, NULL);
}

/* ---- reading ------------------------------------------------------------------------------ */

static GtkWidget *
entry_button (CoMemberTimeline *self,
              GtkWidget        *row,
              const char       *icon,
              const char       *tooltip,
              gint64            id,
              GCallback         callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  co_tooltip_set_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect (button, "clicked", callback, self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

static char *
shorten (const char *text)
{
  g_autofree char *line = NULL;
  char *newline;

  if (g_utf8_strlen (text, -1) <= SHOWN_CHARS && strchr (text, '\n') == NULL)
    return g_strdup (text);
  line = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), SHOWN_CHARS));
  if ((newline = strchr (line, '\n')) != NULL)
    *newline = '\0';
  return g_strconcat (line, "…", NULL);
}

static GtkWidget *
entry_row (CoMemberTimeline      *self,
           const CoTimelineEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *date = co_date_format_display (entry->date);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *icon = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  switch (entry->kind)
    {
    case CO_TIMELINE_NOTE:
      icon = "document-edit-symbolic";
      title = shorten (entry->text);
      /* Translators: the kind of a timeline entry and its date */
      subtitle = g_strdup_printf (_("Note · %s"), date);
      g_object_set_data (G_OBJECT (entry_button (self, row, "user-trash-symbolic", _("Remove Note"), entry->id,
                                                 G_CALLBACK (remove_entry))),
                         "remove", (gpointer) co_member_note_remove);
      break;
    case CO_TIMELINE_ACTIVITY:
      icon = "emoji-people-symbolic";
      /* Translators: an activity and how many times, "Spoke × 3". */
      title = g_strdup_printf (_("%s × %d"), co_choice_label (CO_CHOICE_ACTIVITY_KIND, entry->text), (int) entry->count);
      subtitle = g_strdup_printf (_("Activity · %s"), date);
      break;
    case CO_TIMELINE_FOLLOW_UP:
      {
        g_autofree char *today = co_date_today ();
        gboolean done = entry->other != NULL;
        GtkWidget *button;

        icon = done ? "object-select-symbolic" : "alarm-symbolic";
        title = shorten (entry->text);
        if (done)
          {
            g_autofree char *done_date = co_date_format_display (entry->other);
            /* Translators: a follow-up's due date, and the day it was done */
            subtitle = g_strdup_printf (_("Follow-up · due %s · done %s"), date, done_date);
          }
        else
          subtitle = g_strdup_printf (g_strcmp0 (entry->date, today) < 0 ? _("Follow-up · overdue since %s")
                                                                       : _("Follow-up · due %s"), date);
        if (!done && g_strcmp0 (entry->date, today) <= 0)
          gtk_widget_add_css_class (row, "co-due");
        button = entry_button (self, row, done ? "edit-undo-symbolic" : "object-select-symbolic",
                               done ? _("Not Done Yet") : _("Done"), entry->id, G_CALLBACK (follow_up_done));
        if (done)
          g_object_set_data (G_OBJECT (button), "done", GINT_TO_POINTER (1));
        button = entry_button (self, row, "user-trash-symbolic", _("Remove Follow-up"), entry->id,
                               G_CALLBACK (remove_entry));
        g_object_set_data (G_OBJECT (button), "remove", (gpointer) co_follow_up_remove);
        break;
      }
    case CO_TIMELINE_TIER_CHANGE:
      icon = "go-up-symbolic";
      /* Translators: a tier change: from one tier to another, "New → Active". */
      title = g_strdup_printf (_("%s → %s"), entry->text ? entry->text : _("None"),
                               entry->other ? entry->other : _("None"));
      subtitle = entry->count ? g_strdup_printf (_("Tier · %s, set by hand"), date)
                              : g_strdup_printf (_("Tier · %s"), date);
      break;
    case CO_TIMELINE_JOINED:
    default:
      icon = "contact-new-symbolic";
      title = g_strdup (_("Joined the group"));
      subtitle = g_strdup (date);
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
  /* A note shortened in the list shows in full (up to a screenful) where the pointer rests. */
  if ((entry->kind == CO_TIMELINE_NOTE || entry->kind == CO_TIMELINE_FOLLOW_UP) && !g_str_equal (title, entry->text))
    {
      g_autofree char *tip = g_utf8_substring (entry->text, 0, MIN (g_utf8_strlen (entry->text, -1), 2000));
      co_tooltip_set_text (row, tip);
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  return row;
}

static void
load (CoMemberTimeline *self)
{
  g_autoptr(GPtrArray) entries = co_member_timeline (self->store, self->id, TIMELINE_LIMIT, NULL);

  for (guint i = 0; i < self->entry_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->entry_rows->pdata[i]);
  g_ptr_array_set_size (self->entry_rows, 0);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      GtkWidget *row = entry_row (self, entries->pdata[i]);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->entry_rows, row);
    }
}

static gboolean
reload (gpointer data)
{
  CoMemberTimeline *self = data;

  self->reload_idle = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed (CoMemberTimeline *self)
{
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add (reload, self);
}

/* ---- building ----------------------------------------------------------------------------- */

static GtkWidget *
expander (CoMemberTimeline *self,
          const char       *title,
          const char       *icon)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), gtk_image_new_from_icon_name (icon));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  return row;
}

static GtkWidget *
button_row (GtkWidget  *expander_row,
            const char *label,
            GCallback   callback,
            gpointer    data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", callback, data);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander_row), row);
  return row;
}

static void
build (CoMemberTimeline *self)
{
  guint n_kinds;
  const CoChoice *kinds = co_choices_get (CO_CHOICE_ACTIVITY_KIND, &n_kinds);
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);
  g_autofree char *today = co_date_today ();
  g_autofree char *tomorrow = co_date_add_days (today, 1);
  GtkWidget *activity, *follow_up, *count_row, *spin;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Timeline"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Notes, activity, follow-ups and tier changes, newest first"));

  self->note_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note_row), _("Write a Note"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->note_row), TRUE);
  g_signal_connect_swapped (self->note_row, "apply", G_CALLBACK (add_note), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->note_row);

  activity = expander (self, _("Record Activity"), "emoji-people-symbolic");
  for (guint i = 0; i < n_kinds; i++)
    gtk_string_list_append (kind_names, _(kinds[i].label));
  self->kind_row = ADW_COMBO_ROW (co_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Kind"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_names));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (activity), GTK_WIDGET (self->kind_row));
  self->activity_date = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->activity_date), _("Date"));
  gtk_editable_set_text (GTK_EDITABLE (self->activity_date), today);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (activity), self->activity_date);
  count_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (count_row), _("Count"));
  spin = gtk_spin_button_new_with_range (1, 1000, 1);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Count"), -1);
  self->activity_count = GTK_SPIN_BUTTON (spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (count_row), spin);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (activity), count_row);
  button_row (activity, _("_Record"), G_CALLBACK (record_activity), self);

  follow_up = expander (self, _("Add a Follow-up"), "alarm-symbolic");
  self->follow_up_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->follow_up_row), _("What to Do"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (follow_up), self->follow_up_row);
  self->due_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->due_row), _("Due"));
  gtk_editable_set_text (GTK_EDITABLE (self->due_row), tomorrow);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (follow_up), self->due_row);
  button_row (follow_up, _("_Add Follow-up"), G_CALLBACK (add_follow_up), self);
}

static void
co_member_timeline_dispose (GObject *object)
{
  CoMemberTimeline *self = CO_MEMBER_TIMELINE (object);

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (co_member_timeline_parent_class)->dispose (object);
}

static void
co_member_timeline_finalize (GObject *object)
{
  CoMemberTimeline *self = CO_MEMBER_TIMELINE (object);

  g_ptr_array_unref (self->entry_rows);
  G_OBJECT_CLASS (co_member_timeline_parent_class)->finalize (object);
}

static void
co_member_timeline_class_init (CoMemberTimelineClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_member_timeline_dispose;
  G_OBJECT_CLASS (klass)->finalize = co_member_timeline_finalize;
}

static void
co_member_timeline_init (CoMemberTimeline *self)
{
  self->entry_rows = g_ptr_array_new ();
  build (self);
}

GtkWidget *
co_member_timeline_new (CoStore *store,
                        gint64   membership_id)
{
  static const char *const tables[] = { "member_notes", "follow_ups", "member_activity", "memberships", "tiers" };
  CoMemberTimeline *self = g_object_new (CO_TYPE_MEMBER_TIMELINE, NULL);

  self->store = g_object_ref (store);
  self->id = membership_id;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", tables[i], NULL);
      g_signal_connect_object (store, signal, G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
    }
  load (self);
  return GTK_WIDGET (self);
}
