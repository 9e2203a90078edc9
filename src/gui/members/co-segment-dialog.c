/* co-segment-dialog.c: the segment editor. Built in code: its tier and tag rows come from the
 * store. Each change recounts the matching members in a worker; the last count wins. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/formats/co-date.h"
#include "core/members/co-member-list.h"
#include "core/members/co-segment.h"
#include "core/members/co-tag.h"
#include "core/members/co-tier.h"
#include "core/records/co-list.h"
#include "gui/members/co-segment-dialog.h"
#include "gui/members/co-tag-chooser.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-widget-write.h"

struct _CoSegmentDialog
{
  AdwWindow        parent_instance;

  CoStore         *store;
  gint64           group_id;
  gint64           segment_id;
  CoSegmentFilter *filter;       /* what the rows say, kept as they change */
  GPtrArray       *tier_uuids;   /* at each position of tier_row after "Any" */
  AdwToastOverlay *toasts;
  AdwEntryRow     *name_row;
  AdwComboRow     *core_row;
  AdwComboRow     *seed_row;
  AdwComboRow     *tier_row;
  AdwEntryRow     *joined_from_row;
  AdwEntryRow     *joined_to_row;
  GtkSpinButton   *active_spin;
  GtkSpinButton   *silent_spin;
  GtkSpinButton   *points_spin;
  GtkWidget       *chooser;
  GtkLabel        *count_label;
  GCancellable    *counting;
  gint64           count;
  guint            recount_idle;
  gboolean         saving;       /* written or kept */
};

G_DEFINE_FINAL_TYPE (CoSegmentDialog, co_segment_dialog, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The tag chooser holds ids; the filter names tags by uuid. */
static void
read_tags (CoSegmentDialog *self)
{
  g_autoptr(GArray) ids = co_tag_chooser_get_selected (CO_TAG_CHOOSER (self->chooser));

  g_clear_pointer (&self->filter->tags, g_strfreev);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CoTag) tag = co_tag_get (self->store, g_array_index (ids, gint64, i), NULL);
      if (tag != NULL)
        co_segment_filter_add_tag (self->filter, tag->uuid);
    }
}

/* A date row's ISO date, NULL when empty; FALSE when it is not a date. */
static gboolean
read_date (AdwEntryRow  *row,
           char        **out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  g_clear_pointer (out, g_free);
  if (*trimmed == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      return TRUE;
    }
  *out = co_date_parse (trimmed);
  if (*out == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  return *out != NULL;
}

/* Any / yes / no, as the combo rows order them. */
static int
read_choice (AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);
  return selected == 1 ? 1 : selected == 2 ? 0 : -1;
}

static gboolean
read_rows (CoSegmentDialog *self)
{
  guint tier = self->tier_row != NULL ? adw_combo_row_get_selected (self->tier_row) : 0;
  gboolean dates_ok;

  self->filter->core = read_choice (self->core_row);
  self->filter->seed = read_choice (self->seed_row);
  if (self->tier_row != NULL)
    {
      g_free (self->filter->tier);
      self->filter->tier = tier > 0 && tier <= self->tier_uuids->len
                           ? g_strdup (self->tier_uuids->pdata[tier - 1]) : NULL;
    }
  dates_ok = read_date (self->joined_from_row, &self->filter->joined_from);
  dates_ok = read_date (self->joined_to_row, &self->filter->joined_to) && dates_ok;
  self->filter->active_days = gtk_spin_button_get_value_as_int (self->active_spin);
  self->filter->silent_days = gtk_spin_button_get_value_as_int (self->silent_spin);
  self->filter->min_points = gtk_spin_button_get_value_as_int (self->points_spin) > 0
                             ? gtk_spin_button_get_value_as_int (self->points_spin) : -1;
  read_tags (self);
  return dates_ok;
}

static void
show_count (CoSegmentDialog *self)
{
  g_autofree char *text = NULL;

  if (self->count < 0)
    text = g_strdup (_("Counting…"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member matches now", "%u members match now",
                                         (guint) self->count), (guint) self->count);
  gtk_label_set_label (self->count_label, text);
}

static void
counted (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(CoSegmentDialog) self = data;
  g_autoptr(GError) error = NULL;
  gint64 count = co_segment_count_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    return;
  if (error != NULL)
    {
      gtk_label_set_label (self->count_label, error->message);
      return;
    }
  self->count = count;
  show_count (self);
}

static void
recount (CoSegmentDialog *self)
{
  g_clear_handle_id (&self->recount_idle, g_source_remove);
  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  if (!read_rows (self))
    {
      gtk_label_set_label (self->count_label, _("Write dates like 2025-03-01."));
      return;
    }
  self->counting = g_cancellable_new ();
  self->count = -1;
  show_count (self);
  co_segment_count_async (self->store, self->group_id, self->filter, self->counting, counted, g_object_ref (self));
}

static gboolean
recount_queued (gpointer data)
{
  CoSegmentDialog *self = data;

  self->recount_idle = 0;
  recount (self);
  return G_SOURCE_REMOVE;
}

static void
queue_recount (CoSegmentDialog *self)
{
  if (self->recount_idle == 0)
    self->recount_idle = g_timeout_add (150, recount_queued, self);
}

/* The segment saved through co_widget_write(): never waiting for an import's write lock. Its
 * name and filter are copied; while it is kept the dialog stays open (Save does nothing more);
 * once written, ::saved (even if the dialog was closed meanwhile) and the dialog goes. */
typedef struct
{
  CoSegmentDialog *dialog;  /* held */
  gint64           id;      /* 0: a new one; then the one made */
  char            *name;
  CoSegmentFilter *filter;
} SegmentSave;

static void
segment_save_free (SegmentSave *saving)
{
  g_object_unref (saving->dialog);
  g_free (saving->name);
  co_segment_filter_free (saving->filter);
  g_free (saving);
}

static gboolean
write_segment (CoStore  *store,
               gpointer  data,
               GError  **error)
{
  SegmentSave *saving = data;

  if (saving->id == 0)
    return (saving->id = co_segment_add (store, saving->name, saving->filter, error)) != 0;
  /* Two writes: kept again after the first, the rename is written a second time, the same. */
  return co_segment_rename (store, saving->id, saving->name, error) &&
         co_segment_set_filter (store, saving->id, saving->filter, error);
}

static void
segment_written (CoStore      *store,
                 const GError *error,
                 gpointer      data)
{
  SegmentSave *saving = data;
  CoSegmentDialog *self = saving->dialog;

  self->saving = FALSE;
  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, saving->id);
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
save (CoSegmentDialog *self)
{
  SegmentSave *saving;

  if (self->saving)
    return;
  if (!read_rows (self))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Write dates like 2025-03-01.")));
      return;
    }
  saving = g_new0 (SegmentSave, 1);
  saving->dialog = g_object_ref (self);
  saving->id = self->segment_id;
  saving->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  saving->filter = co_segment_filter_copy (self->filter);
  self->saving = TRUE;
  co_widget_write (GTK_WIDGET (self->toasts), self->store, write_segment, saving, (GDestroyNotify) segment_save_free,
                   segment_written);
}

static AdwComboRow *
add_choice_row (AdwPreferencesGroup *group,
                const char          *title,
                const char          *yes,
                const char          *no,
                int                  value)
{
  AdwComboRow *row = ADW_COMBO_ROW (co_combo_row_new ());
  const char *const items[] = { _("Any"), yes, no, NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (row, value == 1 ? 1 : value == 0 ? 2 : 0);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return row;
}

static GtkSpinButton *
add_days_row (AdwPreferencesGroup *group,
              const char          *title,
              const char          *subtitle,
              double               max,
              double               value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  return GTK_SPIN_BUTTON (spin);
}

static AdwEntryRow *
add_date_row (AdwPreferencesGroup *group,
              const char          *title,
              const char          *iso)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), iso != NULL ? iso : "");
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return row;
}

static void
clear_error (GtkWidget *row)
{
  gtk_widget_remove_css_class (row, "error");
}

static void
build (CoSegmentDialog *self,
       const char      *name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save_button = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *page = adw_preferences_page_new ();
  AdwPreferencesGroup *named = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *who = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *tags = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *frame = gtk_frame_new (NULL);
  g_autoptr(GArray) tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CoSegmentFilter *filter = self->filter;

  gtk_window_set_title (GTK_WINDOW (self), self->segment_id == 0 ? _("New Segment") : _("Edit Segment"));
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save_button);
  gtk_widget_add_css_class (save_button, "suggested-action");
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
  g_signal_connect_swapped (save_button, "clicked", G_CALLBACK (save), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), save_button);
  gtk_box_append (GTK_BOX (box), header);

  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
  adw_entry_row_set_activates_default (self->name_row, TRUE);
  adw_preferences_group_add (named, GTK_WIDGET (self->name_row));
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->count_label, 0);
  gtk_label_set_wrap (self->count_label, TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->count_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->count_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Matching members"), -1);
  adw_preferences_group_add (named, GTK_WIDGET (self->count_label));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), named);

  adw_preferences_group_set_title (who, _("Members Who Are"));
  adw_preferences_group_set_description (who, _("A segment is the workspace’s: on a group’s page it lists that "
                                                "group’s members, on All Members everyone’s."));
  self->core_row = add_choice_row (who, _("Core Members"), _("Core members only"), _("Not core members"), filter->core);
  self->seed_row = add_choice_row (who, _("Seed Users"), _("Seed users only"), _("Not seed users"), filter->seed);
  /* Tiers are a group's: chosen on a group's page only, kept as they are elsewhere. */
  if (self->group_id != 0)
    {
      g_autoptr(GListStore) tiers = co_tiers_list (self->store, self->group_id, NULL);
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      guint selected = 0;

      gtk_string_list_append (names, _("Any"));
      for (guint i = 0; tiers != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (tiers)); i++)
        {
          g_autoptr(CoItem) tier = g_list_model_get_item (G_LIST_MODEL (tiers), i);
          g_autofree char *title = co_item_dup_title (tier);

          gtk_string_list_append (names, title);
          g_ptr_array_add (self->tier_uuids, g_strdup (co_item_get_uuid (tier)));
          if (g_strcmp0 (filter->tier, co_item_get_uuid (tier)) == 0)
            selected = i + 1;
        }
      self->tier_row = ADW_COMBO_ROW (co_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tier_row), _("Tier"));
      adw_combo_row_set_model (self->tier_row, G_LIST_MODEL (names));
      adw_combo_row_set_selected (self->tier_row, selected);
      adw_preferences_group_add (who, GTK_WIDGET (self->tier_row));
    }
  self->joined_from_row = add_date_row (who, _("Joined on or After"), filter->joined_from);
  self->joined_to_row = add_date_row (who, _("Joined on or Before"), filter->joined_to);
  self->active_spin = add_days_row (who, _("Active in the Last Days"), _("0: any"), 36500, filter->active_days);
  self->silent_spin = add_days_row (who, _("Quiet for at Least Days"), _("Never active counts as quiet; 0: any"),
                                    36500, filter->silent_days);
  self->points_spin = add_days_row (who, _("Points at Least"), _("0: any"), 1000000000,
                                    filter->min_points > 0 ? filter->min_points : 0);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), who);

  adw_preferences_group_set_title (tags, _("With Every Tag Checked"));
  self->chooser = co_tag_chooser_new (self->store);
  for (guint i = 0; filter->tags != NULL && filter->tags[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) all = co_tags_list (self->store, NULL);
      for (guint t = 0; all != NULL && t < all->len; t++)
        if (g_str_equal (((CoTag *) all->pdata[t])->uuid, filter->tags[i]))
          g_array_append_val (tag_ids, ((CoTag *) all->pdata[t])->id);
    }
  co_tag_chooser_set_selected (CO_TAG_CHOOSER (self->chooser), tag_ids);
  gtk_widget_add_css_class (frame, "view");
  gtk_widget_set_margin_top (self->chooser, 12);
  gtk_widget_set_margin_bottom (self->chooser, 12);
  gtk_widget_set_margin_start (self->chooser, 12);
  gtk_widget_set_margin_end (self->chooser, 12);
  gtk_frame_set_child (GTK_FRAME (frame), self->chooser);
  adw_preferences_group_add (tags, frame);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), tags);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, page);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_swapped (self->core_row, "notify::selected", G_CALLBACK (queue_recount), self);
  g_signal_connect_swapped (self->seed_row, "notify::selected", G_CALLBACK (queue_recount), self);
  if (self->tier_row != NULL)
    g_signal_connect_swapped (self->tier_row, "notify::selected", G_CALLBACK (queue_recount), self);
  g_signal_connect_swapped (self->joined_from_row, "changed", G_CALLBACK (queue_recount), self);
  g_signal_connect_swapped (self->joined_to_row, "changed", G_CALLBACK (queue_recount), self);
  g_signal_connect_swapped (self->active_spin, "value-changed", G_CALLBACK (queue_recount), self);
  g_signal_connect_swapped (self->silent_spin, "value-changed", G_CALLBACK (queue_recount), self);
  g_signal_connect_swapped (self->points_spin, "value-changed", G_CALLBACK (queue_recount), self);
  g_signal_connect_swapped (self->chooser, "tag-toggled", G_CALLBACK (queue_recount), self);
  g_signal_connect (self->name_row, "changed", G_CALLBACK (clear_error), NULL);
}

gint64
co_segment_dialog_get_count (CoSegmentDialog *self)
{
  return self->count;
}

static void
co_segment_dialog_dispose (GObject *object)
{
  CoSegmentDialog *self = CO_SEGMENT_DIALOG (object);

  g_clear_handle_id (&self->recount_idle, g_source_remove);
  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (co_segment_dialog_parent_class)->dispose (object);
}

static void
co_segment_dialog_finalize (GObject *object)
{
  CoSegmentDialog *self = CO_SEGMENT_DIALOG (object);

  co_segment_filter_free (self->filter);
  g_ptr_array_unref (self->tier_uuids);
  G_OBJECT_CLASS (co_segment_dialog_parent_class)->finalize (object);
}

static void
co_segment_dialog_class_init (CoSegmentDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_segment_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = co_segment_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
co_segment_dialog_init (CoSegmentDialog *self)
{
  self->tier_uuids = g_ptr_array_new_with_free_func (g_free);
  self->count = -1;
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 680);
}

CoSegmentDialog *
co_segment_dialog_new (GtkWindow             *parent,
                       CoStore               *store,
                       gint64                 group_id,
                       gint64                 segment_id,
                       const CoSegmentFilter *filter)
{
  CoSegmentDialog *self = g_object_new (CO_TYPE_SEGMENT_DIALOG, "transient-for", parent, NULL);
  g_autoptr(CoSegment) segment = segment_id != 0 ? co_segment_get (store, segment_id, NULL) : NULL;

  self->store = g_object_ref (store);
  self->group_id = group_id;
  self->segment_id = segment != NULL ? segment_id : 0;
  /* A broken segment's filter may be unreadable: edited from nothing, under its name. */
  self->filter = segment != NULL && segment->filter != NULL ? co_segment_filter_copy (segment->filter)
                 : filter != NULL && segment == NULL ? co_segment_filter_copy (filter) : co_segment_filter_new ();
  build (self, segment != NULL ? segment->name : NULL);
  recount (self);
  return self;
}
