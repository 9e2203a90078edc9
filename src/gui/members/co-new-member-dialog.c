/* co-new-member-dialog.c: the New Member dialog. Every change is checked at once by the store's
 * own rules (co_member_check_draft(), the import's), and the reason shows at the field it is
 * about, in place of the field's title and in the error colour; Add waits until nothing is
 * wrong. A field shows its reason once it was typed in, so an empty form is not all red. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/formats/co-date.h"
#include "core/members/co-member-edit.h"
#include "core/members/co-tier.h"
#include "gui/members/co-member-picker.h"
#include "gui/members/co-member-source.h"
#include "gui/members/co-new-member-dialog.h"
#include "gui/members/co-tag-chooser.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-widget-write.h"

/* The entry rows, in the order they show. */
static const CoMemberField entry_fields[] = {
  CO_MEMBER_NICKNAME, CO_MEMBER_REAL_NAME, CO_MEMBER_CONTACT, CO_MEMBER_JOINED,
};

struct _CoNewMemberDialog
{
  AdwWindow            parent_instance;

  CoStore             *store;
  gint64               group_id;
  GtkWidget           *add_button;
  GtkWidget           *entries[CO_N_MEMBER_FIELDS];  /* AdwEntryRow by field */
  gboolean             touched[CO_N_MEMBER_FIELDS + 1];
  CoMemberPicker      *referrer;
  GtkWidget           *channel_row;
  GtkWidget           *tags;
  GArray              *tag_ids;      /* the chooser's, read with the draft */
  AdwComboRow         *tier_row;
  GArray              *tier_ids;
  GtkSwitch           *seed;
  GtkSwitch           *core;
  GtkTextBuffer       *notes;
  AdwPreferencesGroup *notes_group;
  /* Why the form cannot be taken, under the group of the field it is about. */
  GtkLabel            *person_reason;
  GtkLabel            *origin_reason;
  GtkLabel            *notes_reason;
  GtkWidget           *toasts;
  gboolean             adding;        /* written or kept: Add stays off */
};

G_DEFINE_FINAL_TYPE (CoNewMemberDialog, co_new_member_dialog, ADW_TYPE_WINDOW)

enum { ADDED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
field_title (CoMemberField field)
{
  if (field == CO_MEMBER_CONTACT)
    /* Translators: the New Member dialog's contact field */
    return _("Contact (WeChat ID or Phone)");
  return _(co_member_field_spec (field)->title);
}

/* The draft as the form holds it; @notes is freed by the caller. */
static void
read_draft (CoNewMemberDialog *self,
            CoMemberDraft     *draft,
            char             **notes)
{
  GtkTextIter start, end;
  guint tier = adw_combo_row_get_selected (self->tier_row);

  *draft = (CoMemberDraft) { { NULL } };
  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    draft->values[entry_fields[i]] = gtk_editable_get_text (GTK_EDITABLE (self->entries[entry_fields[i]]));
  draft->values[CO_MEMBER_SEED] = gtk_switch_get_active (self->seed) ? "1" : "0";
  draft->values[CO_MEMBER_CORE] = gtk_switch_get_active (self->core) ? "1" : "0";
  gtk_text_buffer_get_bounds (self->notes, &start, &end);
  *notes = gtk_text_buffer_get_text (self->notes, &start, &end, FALSE);
  draft->values[CO_MEMBER_NOTES] = *notes;
  draft->tier_id = tier < self->tier_ids->len ? g_array_index (self->tier_ids, gint64, tier) : 0;
  draft->referrer_id = co_member_picker_get_member_id (self->referrer);
  draft->channel_id = co_channel_row_get_channel (self->channel_row);
  g_clear_pointer (&self->tag_ids, g_array_unref);
  self->tag_ids = co_tag_chooser_get_selected (CO_TAG_CHOOSER (self->tags));
  draft->tag_ids = (const gint64 *) self->tag_ids->data;
  draft->n_tags = self->tag_ids->len;
}

/* The row in the error colour, or not; the reason itself shows in full under the row's group. */
static void
mark_row (GtkWidget *row,
          gboolean   wrong)
{
  if (wrong)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               wrong ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

static void
validate (CoNewMemberDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = NULL;
  CoMemberDraft draft;
  CoMemberField field = CO_MEMBER_NICKNAME;
  GtkLabel *reasons[] = { self->person_reason, self->origin_reason, self->notes_reason };
  GtkLabel *shown = NULL;
  gboolean valid;

  read_draft (self, &draft, &notes);
  valid = co_member_check_draft (self->store, self->group_id, &draft, &field, &error);
  /* Text that names nobody chosen from the list is not a referrer. */
  if (valid && co_member_picker_is_unresolved (self->referrer))
    {
      valid = FALSE;
      field = CO_MEMBER_REFERRER;
      g_set_error_literal (&error, CO_MEMBER_ERROR, CO_MEMBER_ERROR_INVALID_VALUE,
                           _("Choose them from the list, or leave this empty."));
    }
  /* Nothing wrong, or wrong but not typed in yet: nothing to say. */
  if (valid || !self->touched[field])
    field = CO_N_MEMBER_FIELDS + 1;

  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    mark_row (self->entries[entry_fields[i]], field == entry_fields[i]);
  mark_row (GTK_WIDGET (self->referrer), field == CO_MEMBER_REFERRER);
  if (field == CO_MEMBER_REFERRER)
    shown = self->origin_reason;
  else if (field == CO_MEMBER_NOTES)
    shown = self->notes_reason;
  else if (field < CO_N_MEMBER_FIELDS)
    shown = self->person_reason;
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      gtk_widget_set_visible (GTK_WIDGET (reasons[i]), reasons[i] == shown);
      if (reasons[i] == shown)
        {
          /* Translators: a field's title and why its value cannot be taken */
          g_autofree char *text = g_strdup_printf (_("%s: %s"), field == CO_MEMBER_REFERRER ? _("Referred By")
                                                                : field_title (field), error->message);
          gtk_label_set_label (shown, text);
        }
    }
  gtk_widget_set_sensitive (self->add_button, valid && !self->adding);
}

static GtkLabel *
reason_label (GtkWidget *group)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  /* Not a row: AdwPreferencesGroup puts it under the rows. */
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
  return GTK_LABEL (label);
}

static void
on_edited (GtkWidget         *widget,
           CoNewMemberDialog *self)
{
  CoMemberField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "co-field"));

  self->touched[field] = TRUE;
  validate (self);
}

/* The member being added, written through co_widget_write(): never waiting for an import's or a
 * sync's write lock. The draft is copied: while it is kept, the dialog stays open with Add off,
 * and says so; once written, ::added and the dialog closes (::added even if it was closed by then:
 * the page says the member was added). */
typedef struct
{
  CoNewMemberDialog *dialog;  /* held */
  gint64             group_id;
  char              *values[CO_MEMBER_GROUP];
  CoMemberDraft      draft;   /* over values and tag_ids */
  GArray            *tag_ids;
  gint64             id;      /* the membership made */
} NewMember;

static void
new_member_free (NewMember *added)
{
  g_object_unref (added->dialog);
  for (guint i = 0; i < G_N_ELEMENTS (added->values); i++)
    g_free (added->values[i]);
  g_array_unref (added->tag_ids);
  g_free (added);
}

static gboolean
write_member (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  NewMember *added = data;

  added->id = co_member_create (store, added->group_id, &added->draft, error);
  return added->id != 0;
}

static void
member_written (CoStore      *store,
                const GError *error,
                gpointer      data)
{
  NewMember *added = data;
  CoNewMemberDialog *self = added->dialog;

  self->adding = FALSE;
  if (error != NULL)
    {
      /* Everything counts as typed in now: show where it is wrong (the toast said why). */
      for (guint i = 0; i <= CO_N_MEMBER_FIELDS; i++)
        self->touched[i] = TRUE;
      validate (self);
      return;
    }
  g_signal_emit (self, signals[ADDED], 0, added->id);
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_window_close (GTK_WINDOW (self));
}

static void
add_member (CoNewMemberDialog *self)
{
  g_autofree char *notes = NULL;
  NewMember *added;
  CoMemberDraft draft;

  if (!gtk_widget_get_sensitive (self->add_button))
    return;
  read_draft (self, &draft, &notes);
  added = g_new0 (NewMember, 1);
  added->dialog = g_object_ref (self);
  added->group_id = self->group_id;
  added->draft = draft;
  for (guint i = 0; i < G_N_ELEMENTS (added->values); i++)
    added->draft.values[i] = added->values[i] = g_strdup (draft.values[i]);
  added->tag_ids = g_array_ref (self->tag_ids);
  added->draft.tag_ids = (const gint64 *) added->tag_ids->data;
  /* Not twice: on again if it fails. */
  self->adding = TRUE;
  gtk_widget_set_sensitive (self->add_button, FALSE);
  co_widget_write (self->toasts, self->store, write_member, added, (GDestroyNotify) new_member_free, member_written);
}

static GtkWidget *
add_group (AdwPreferencesPage *page,
           const char         *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return group;
}

static GtkSwitch *
add_switch (CoNewMemberDialog *self,
            GtkWidget         *group,
            CoMemberField      field,
            const char        *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(co_member_field_spec (field)->title));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(co_member_field_spec (field)->title), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return GTK_SWITCH (toggle);
}

static void
build (CoNewMemberDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *person, *origin, *in_group, *notes_view, *frame;

  gtk_window_set_title (GTK_WINDOW (self), _("New Member"));
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->add_button = gtk_button_new_with_mnemonic (_("_Add"));
  gtk_widget_add_css_class (self->add_button, "suggested-action");
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_member), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->add_button);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  /* Says that the member is kept while an import writes, or why it could not be added. */
  self->toasts = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), box);
  adw_window_set_content (ADW_WINDOW (self), self->toasts);

  person = add_group (ADW_PREFERENCES_PAGE (page), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_title (entry_fields[i]));
      g_object_set_data (G_OBJECT (row), "co-field", GUINT_TO_POINTER (entry_fields[i]));
      g_signal_connect (row, "changed", G_CALLBACK (on_edited), self);
      g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (add_member), self);
      self->entries[entry_fields[i]] = row;
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (person), row);
    }

  self->person_reason = reason_label (person);

  /* Where they came from: the channel (来源渠道) and who referred them. */
  origin = add_group (ADW_PREFERENCES_PAGE (page), _("Where They Came From"));
  self->channel_row = co_channel_row_new (self->store);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (origin), self->channel_row);
  self->referrer = CO_MEMBER_PICKER (co_member_picker_new (_("Referred By")));
  g_object_set_data (G_OBJECT (self->referrer), "co-field", GUINT_TO_POINTER (CO_MEMBER_REFERRER));
  g_signal_connect (self->referrer, "changed", G_CALLBACK (on_edited), self);
  g_signal_connect_swapped (self->referrer, "notify::member-id", G_CALLBACK (validate), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (origin), GTK_WIDGET (self->referrer));
  self->origin_reason = reason_label (origin);

  in_group = add_group (ADW_PREFERENCES_PAGE (page), _("In This Group"));
  self->tier_row = ADW_COMBO_ROW (co_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tier_row), _("Tier"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (in_group), GTK_WIDGET (self->tier_row));
  self->seed = add_switch (self, in_group, CO_MEMBER_SEED, _("Every seed user gets a personal reply"));
  self->core = add_switch (self, in_group, CO_MEMBER_CORE, NULL);

  /* The person's tags, by tag group. */
  self->tags = co_tag_chooser_new (self->store);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group (ADW_PREFERENCES_PAGE (page), _("Tags"))),
                             self->tags);

  self->notes_group = ADW_PREFERENCES_GROUP (add_group (ADW_PREFERENCES_PAGE (page), _("Notes")));
  notes_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (notes_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (notes_view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (notes_view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (notes_view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (notes_view), 10);
  gtk_widget_set_size_request (notes_view, -1, 80);
  gtk_widget_add_css_class (notes_view, "co-notes");
  gtk_accessible_update_property (GTK_ACCESSIBLE (notes_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Notes"), -1);
  self->notes = gtk_text_view_get_buffer (GTK_TEXT_VIEW (notes_view));
  g_object_set_data (G_OBJECT (self->notes), "co-field", GUINT_TO_POINTER (CO_MEMBER_NOTES));
  g_signal_connect (self->notes, "changed", G_CALLBACK (on_edited), self);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), notes_view);
  gtk_widget_add_css_class (frame, "view");
  adw_preferences_group_add (self->notes_group, frame);
  self->notes_reason = reason_label (GTK_WIDGET (self->notes_group));
}

static void
load_tiers (CoNewMemberDialog *self)
{
  g_autoptr(GListStore) tiers = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  co_tiers_ensure (self->store, self->group_id, NULL);
  tiers = co_tiers_list (self->store, self->group_id, NULL);
  for (guint i = 0; tiers != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (tiers)); i++)
    {
      g_autoptr(CoItem) tier = g_list_model_get_item (G_LIST_MODEL (tiers), i);
      g_autofree char *name = co_item_dup_title (tier);
      gint64 id = co_item_get_id (tier);

      gtk_string_list_append (names, name);
      g_array_append_val (self->tier_ids, id);
    }
  adw_combo_row_set_model (self->tier_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->tier_row, 0);
}

static void
co_new_member_dialog_dispose (GObject *object)
{
  CoNewMemberDialog *self = CO_NEW_MEMBER_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->tag_ids, g_array_unref);
  G_OBJECT_CLASS (co_new_member_dialog_parent_class)->dispose (object);
}

static void
co_new_member_dialog_finalize (GObject *object)
{
  CoNewMemberDialog *self = CO_NEW_MEMBER_DIALOG (object);

  g_array_unref (self->tier_ids);
  G_OBJECT_CLASS (co_new_member_dialog_parent_class)->finalize (object);
}

static void
co_new_member_dialog_class_init (CoNewMemberDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_new_member_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = co_new_member_dialog_finalize;

  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
co_new_member_dialog_init (CoNewMemberDialog *self)
{
  self->tier_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 680);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
}

GtkWidget *
co_new_member_dialog_new (GtkWindow *parent,
                          CoStore   *store,
                          gint64     group_id)
{
  CoNewMemberDialog *self = g_object_new (CO_TYPE_NEW_MEMBER_DIALOG, "transient-for", parent, NULL);
  g_autofree char *today = co_date_today ();

  self->store = g_object_ref (store);
  self->group_id = group_id;
  /* Built once the store is known: the channels and the tags are the workspace's. */
  build (self);
  co_member_picker_set_scope (self->referrer, store, group_id, 0);
  load_tiers (self);
  gtk_editable_set_text (GTK_EDITABLE (self->entries[CO_MEMBER_JOINED]), today);
  validate (self);
  gtk_widget_grab_focus (self->entries[CO_MEMBER_NICKNAME]);
  return GTK_WIDGET (self);
}
