/* co-field-row.c: one row for each kind of field. Text saves a moment after the user stops
 * typing, on Enter and when the focus leaves; choices and switches save at once. A value the
 * store refuses stays in the row, with the reason in place of the title and in the error
 * colour, until the user fixes it; nothing is saved meanwhile. Each save is a write of its own
 * through co_widget_write(): kept while an import or a sync holds the write lock, the row showing
 * what was typed, not the store's older value, until it is written. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"
#include "gui/widgets/co-widget-write.h"

#define SAVE_DELAY_MS 500
#define BINDING_KEY "co-field-row"

typedef struct
{
  const CoFieldSpec *spec;
  CoFieldTargetFunc  target;
  CoFieldWriteFunc   write;
  CoFieldCheckFunc   check;        /* instead, for a row that writes nothing */
  gpointer           user_data;
  GDestroyNotify     destroy;
  GtkWidget         *row;
  GtkWidget         *title_label;  /* long text rows draw their own title */
  GtkTextBuffer     *buffer;       /* long text */
  GtkSwitch         *toggle;       /* yes/no */
  GArray            *ref_ids;      /* references: the id at each position after "Not Set" */
  guint              timeout_id;
  char              *stored;       /* the value last read from the store */
  gboolean           has_focus;
  gboolean           pending;
  gboolean           invalid;
  gboolean           loading;
  guint              generation;   /* of the last save, or reset: a save's outcome counts if its own */
  gboolean           writing;      /* the last save is not written yet: the store's value is older */
  gboolean           read_while_writing;  /* the store's value was read as the last save wrote */
} Binding;

static void
binding_free (Binding *binding)
{
  g_clear_handle_id (&binding->timeout_id, g_source_remove);
  if (binding->destroy)
    binding->destroy (binding->user_data);
  g_free (binding->stored);
  g_clear_pointer (&binding->ref_ids, g_array_unref);
  g_free (binding);
}

static Binding *
binding_of (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), BINDING_KEY);
}

gboolean
co_is_field_row (GtkWidget *widget)
{
  return binding_of (widget) != NULL;
}

static void
set_title (Binding    *binding,
           const char *title)
{
  if (binding->title_label != NULL)
    gtk_label_set_label (GTK_LABEL (binding->title_label), title);
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (binding->row), title);
}

static void
show_error (Binding    *binding,
            const char *message)
{
  GtkWidget *target = binding->title_label ? binding->title_label : binding->row;

  binding->invalid = message != NULL;
  if (message != NULL)
    {
      /* Translators: a field's title and why its value was not saved */
      g_autofree char *title = g_strdup_printf (_("%s: %s"), _(binding->spec->title), message);
      set_title (binding, title);
      gtk_widget_add_css_class (target, "error");
    }
  else
    {
      set_title (binding, _(binding->spec->title));
      gtk_widget_remove_css_class (target, "error");
    }
}

static char *
current_input (Binding *binding)
{
  GtkTextIter start, end;

  if (binding->buffer != NULL)
    {
      gtk_text_buffer_get_bounds (binding->buffer, &start, &end);
      return gtk_text_buffer_get_text (binding->buffer, &start, &end, FALSE);
    }
  if (binding->toggle != NULL)
    return g_strdup (gtk_switch_get_active (binding->toggle) ? "1" : "0");
  if (binding->ref_ids != NULL)
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (binding->row));
      return selected > 0 && selected <= binding->ref_ids->len
             ? g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (binding->ref_ids, gint64, selected - 1))
             : NULL;
    }
  if (ADW_IS_COMBO_ROW (binding->row))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (binding->row));
      guint n_choices;
      const CoChoice *choices = co_choices_get (binding->spec->choice, &n_choices);
      return selected > 0 && selected <= n_choices ? g_strdup (choices[selected - 1].keyword) : NULL;
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (binding->row)));
}

/* A save: what it writes, and the row, whose title shows its outcome if it is still the last. */
typedef struct
{
  GtkWidget       *row;
  CoFieldWriteFunc write;
  CoFieldTarget    target;
  char            *key;
  char            *input;
  guint            generation;
} FieldSave;

static void
field_save_free (FieldSave *save)
{
  g_object_unref (save->row);
  g_free (save->key);
  g_free (save->input);
  g_free (save);
}

static gboolean
write_field (CoStore  *store,
             gpointer  data,
             GError  **error)
{
  FieldSave *save = data;
  Binding *binding = binding_of (save->row);

  /* The page reads the store again on its change notice, as this write commits: that reading
   * is shown once it is written, not one made while it was kept. */
  if (save->generation == binding->generation)
    binding->read_while_writing = FALSE;
  return save->write (store, &save->target, save->key, save->input, error);
}

static void
field_written (CoStore      *store,
               const GError *error,
               gpointer      data)
{
  FieldSave *save = data;
  Binding *binding = binding_of (save->row);
  gboolean shown = gtk_widget_get_root (save->row) != NULL;

  if (save->generation != binding->generation)
    {
      /* Typed over or reset since: the row shows another value; an error is still said. */
      if (error != NULL && shown)
        co_widget_show_error (save->row, error);
      return;
    }
  binding->writing = FALSE;
  if (!shown)
    return;
  show_error (binding, error != NULL ? error->message : NULL);
  if (error == NULL && binding->read_while_writing)
    co_field_row_set_value (binding->row, binding->stored);
}

static void
save_now (Binding *binding)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *input = current_input (binding);
  CoFieldTarget target = { 0 };
  CoStore *store;
  FieldSave *save;

  g_clear_handle_id (&binding->timeout_id, g_source_remove);
  binding->pending = FALSE;
  if (binding->check != NULL)
    {
      show_error (binding, binding->check (binding->spec->key, input, binding->user_data, &error) ? NULL
                                                                                                 : error->message);
      return;
    }
  store = binding->target (binding->user_data, &target);
  if (store == NULL)
    return;
  save = g_new0 (FieldSave, 1);
  save->row = g_object_ref (binding->row);
  save->write = binding->write;
  save->target = target;
  save->key = g_strdup (binding->spec->key);
  save->input = g_steal_pointer (&input);
  save->generation = ++binding->generation;
  binding->writing = TRUE;
  binding->read_while_writing = FALSE;
  co_widget_write_full (binding->row, store, write_field, save, (GDestroyNotify) field_save_free, field_written,
                        CO_WIDGET_WRITE_DONE_SHOWS_ERROR);
}

void
co_field_row_flush (GtkWidget *row)
{
  Binding *binding = binding_of (row);

  if (binding != NULL && binding->pending)
    save_now (binding);
}

static gboolean
save_timeout (gpointer user_data)
{
  Binding *binding = user_data;

  binding->timeout_id = 0;
  save_now (binding);
  return G_SOURCE_REMOVE;
}

static void
on_edited (Binding *binding)
{
  if (binding->loading)
    return;
  binding->pending = TRUE;
  g_clear_handle_id (&binding->timeout_id, g_source_remove);
  binding->timeout_id = g_timeout_add (SAVE_DELAY_MS, save_timeout, binding);
}

static void
on_chosen (Binding *binding)
{
  if (!binding->loading)
    save_now (binding);
}

static void
on_focus_enter (GtkEventControllerFocus *controller,
                Binding                 *binding)
{
  binding->has_focus = TRUE;
}

/* Saves what is pending; the store's answer then shows in its stored form ("2025-03-01" for
 * "2025/3/1"), which is not done while the user types: that would move the cursor. */
static void
on_focus_leave (GtkEventControllerFocus *controller,
                Binding                 *binding)
{
  g_autofree char *stored = g_strdup (binding->stored);

  binding->has_focus = FALSE;
  if (binding->pending)
    save_now (binding);
  else
    co_field_row_set_value (binding->row, stored);
}

/* Shows the stored value, unless the user has an edit of their own in the row, saved or not. */
void
co_field_row_set_value (GtkWidget  *row,
                        const char *stored)
{
  Binding *binding = binding_of (row);
  g_autofree char *shown = NULL;
  g_autofree char *current = NULL;

  g_return_if_fail (binding != NULL);
  if (stored != binding->stored)
    {
      g_free (binding->stored);
      binding->stored = g_strdup (stored);
    }
  if (binding->writing)
    binding->read_while_writing = TRUE;
  if (binding->pending || binding->invalid || binding->writing)
    return;
  if (binding->has_focus && (binding->buffer != NULL || GTK_IS_EDITABLE (binding->row)))
    return;

  binding->loading = TRUE;
  if (binding->ref_ids != NULL)
    {
      guint selected = 0;
      for (guint i = 0; stored != NULL && i < binding->ref_ids->len; i++)
        if (g_array_index (binding->ref_ids, gint64, i) == g_ascii_strtoll (stored, NULL, 10))
          selected = i + 1;
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
    }
  else if (binding->toggle != NULL)
    gtk_switch_set_active (binding->toggle, g_strcmp0 (stored, "1") == 0);
  else if (ADW_IS_COMBO_ROW (row))
    adw_combo_row_set_selected (ADW_COMBO_ROW (row),
                                (guint) (co_choice_index (binding->spec->choice, stored) + 1));
  else
    {
      /* Compared trimmed: a space typed at the end is not undone by the save before it. */
      shown = binding->spec->type == CO_FIELD_LONG_TEXT || binding->spec->type == CO_FIELD_TEXT
              ? g_strdup (stored ? stored : "") : co_field_format (binding->spec, stored);
      current = g_strstrip (current_input (binding));
      if (g_strcmp0 (current, shown) != 0)
        {
          if (binding->buffer != NULL)
            gtk_text_buffer_set_text (binding->buffer, shown, -1);
          else
            gtk_editable_set_text (GTK_EDITABLE (row), shown);
        }
    }
  binding->loading = FALSE;
}

/* The rows a reference can point at: @names shown, @ids stored. Keeps the row's value. */
void
co_field_row_set_references (GtkWidget *row,
                             GStrv      names,
                             GArray    *ids)
{
  Binding *binding = binding_of (row);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *stored = NULL;

  g_return_if_fail (binding != NULL && binding->spec->type == CO_FIELD_REFERENCE);

  /* The same list again (each save brings one) leaves the model alone: AdwComboRow does not
   * survive its model being replaced while it notifies a selection. */
  if (binding->ref_ids->len == ids->len)
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
      gboolean same = model != NULL && g_list_model_get_n_items (model) == ids->len + 1;

      for (guint i = 0; same && i < ids->len; i++)
        same = g_array_index (binding->ref_ids, gint64, i) == g_array_index (ids, gint64, i) &&
               g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i + 1), names[i]) == 0;
      if (same)
        return;
    }

  stored = g_strdup (binding->stored);
  gtk_string_list_append (labels, _("Not Set"));
  gtk_string_list_splice (labels, 1, 0, (const char * const *) names);
  g_clear_pointer (&binding->ref_ids, g_array_unref);
  binding->ref_ids = g_array_ref (ids);
  binding->loading = TRUE;
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  binding->loading = FALSE;
  co_field_row_set_value (row, stored);
}

/* Drops an unsaved or refused edit and shows @stored: the row now edits another record. */
void
co_field_row_reset (GtkWidget  *row,
                    const char *stored)
{
  Binding *binding = binding_of (row);

  g_return_if_fail (binding != NULL);
  g_clear_handle_id (&binding->timeout_id, g_source_remove);
  binding->pending = FALSE;
  /* A save still kept is written, but no longer shown. */
  binding->generation++;
  binding->writing = FALSE;
  show_error (binding, NULL);
  co_field_row_set_value (row, stored);
}

gboolean
co_field_row_focus (GtkWidget *row)
{
  Binding *binding = binding_of (row);

  if (binding != NULL && binding->buffer != NULL)
    return gtk_widget_grab_focus (gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))));
  if (binding != NULL && binding->toggle != NULL)
    return gtk_widget_grab_focus (GTK_WIDGET (binding->toggle));
  return gtk_widget_grab_focus (row);
}

static void
on_day_selected (GtkCalendar *calendar,
                 Binding     *binding)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  if (!gtk_widget_get_visible (popover))
    return;
  gtk_editable_set_text (GTK_EDITABLE (binding->row), iso);
  save_now (binding);
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
on_calendar_shown (GtkPopover *popover,
                   Binding    *binding)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  g_autofree char *iso = co_field_normalize (binding->spec, gtk_editable_get_text (GTK_EDITABLE (binding->row)), NULL);
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (iso != NULL && sscanf (iso, "%d-%d-%d", &y, &m, &d) == 3)
    date = g_date_time_new_local (y, m, d, 0, 0, 0);
  else
    date = g_date_time_new_now_local ();
  gtk_calendar_select_day (calendar, date);
}

static void
add_calendar (Binding *binding)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  co_tooltip_set_text (button, _("Choose a Date"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect (popover, "show", G_CALLBACK (on_calendar_shown), binding);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (on_day_selected), binding);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (binding->row), button);
}

/* A long text: title, hint and a multi-line editor in one row of the boxed list. */
static GtkWidget *
long_text_row (Binding *binding)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *view = gtk_text_view_new ();

  binding->title_label = gtk_label_new (_(binding->spec->title));
  gtk_label_set_xalign (GTK_LABEL (binding->title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (binding->title_label), TRUE);
  gtk_widget_add_css_class (binding->title_label, "caption");
  gtk_widget_add_css_class (binding->title_label, "dim-label");
  gtk_box_append (GTK_BOX (box), binding->title_label);
  if (binding->spec->hint != NULL)
    {
      GtkWidget *hint = gtk_label_new (_(binding->spec->hint));
      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_widget_add_css_class (hint, "caption");
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_box_append (GTK_BOX (box), hint);
    }

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_set_size_request (view, -1, 48);
  gtk_widget_add_css_class (view, "co-long-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(binding->spec->title), -1);
  gtk_box_append (GTK_BOX (box), view);
  binding->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_set_enable_undo (binding->buffer, TRUE);
  g_signal_connect_swapped (binding->buffer, "changed", G_CALLBACK (on_edited), binding);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(binding->spec->title));
  return row;
}

GtkWidget *
co_combo_row_new (void)
{
  GtkWidget *row = adw_combo_row_new ();

  /* The value under the title, on every combo row: at the end of the row a long choice
   * ("Material orientation (product resources)", 物质导向（产品资源型）) is cut short on a narrow
   * window, and rows that chose by the length of their labels looked different side by side. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  return row;
}

static GtkWidget *
choice_row (Binding *binding)
{
  GtkWidget *row = co_combo_row_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n_choices;
  const CoChoice *choices = co_choices_get (binding->spec->choice, &n_choices);

  gtk_string_list_append (labels, _("Not Set"));
  for (guint i = 0; i < n_choices; i++)
    gtk_string_list_append (labels, _(choices[i].label));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(binding->spec->title));
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_chosen), binding);
  return row;
}

static GtkWidget *
switch_row (Binding *binding)
{
  GtkWidget *row = adw_action_row_new ();

  binding->toggle = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (binding->toggle), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (binding->toggle));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (binding->toggle));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(binding->spec->title));
  g_signal_connect_swapped (binding->toggle, "notify::active", G_CALLBACK (on_chosen), binding);
  return row;
}

static GtkWidget *
entry_row (Binding *binding)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(binding->spec->title));
  if (binding->spec->type == CO_FIELD_COUNT || binding->spec->type == CO_FIELD_MONEY ||
      binding->spec->type == CO_FIELD_NUMBER)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_edited), binding);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (co_field_row_flush), row);
  return row;
}

static Binding *
binding_new (const CoFieldSpec *spec,
             gpointer           user_data,
             GDestroyNotify     destroy)
{
  Binding *binding = g_new0 (Binding, 1);

  binding->spec = spec;
  binding->user_data = user_data;
  binding->destroy = destroy;
  return binding;
}

static GtkWidget *
build_row (Binding *binding)
{
  const CoFieldSpec *spec = binding->spec;
  GtkEventController *focus = gtk_event_controller_focus_new ();

  switch (spec->type)
    {
    case CO_FIELD_LONG_TEXT:
      binding->row = long_text_row (binding);
      break;
    case CO_FIELD_CHOICE:
      binding->row = choice_row (binding);
      break;
    case CO_FIELD_REFERENCE:
      binding->row = co_combo_row_new ();
      binding->ref_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (binding->row), _(spec->title));
      g_signal_connect_swapped (binding->row, "notify::selected", G_CALLBACK (on_chosen), binding);
      break;
    case CO_FIELD_BOOL:
      binding->row = switch_row (binding);
      break;
    case CO_FIELD_TEXT:
    case CO_FIELD_DATE:
    case CO_FIELD_TIME:
    case CO_FIELD_COUNT:
    case CO_FIELD_MONEY:
    case CO_FIELD_NUMBER:
    default:
      binding->row = entry_row (binding);
      if (spec->type == CO_FIELD_DATE)
        add_calendar (binding);
      break;
    }

  /* Titles carry refused input in their messages: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (binding->row), FALSE);
  if (spec->hint != NULL && spec->type != CO_FIELD_LONG_TEXT)
    co_tooltip_set_text (binding->row, _(spec->hint));
  g_signal_connect (focus, "enter", G_CALLBACK (on_focus_enter), binding);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), binding);
  gtk_widget_add_controller (binding->row, focus);
  g_object_set_data_full (G_OBJECT (binding->row), BINDING_KEY, binding, (GDestroyNotify) binding_free);
  return binding->row;
}

GtkWidget *
co_field_row_new (const CoFieldSpec *spec,
                  CoFieldTargetFunc  target,
                  CoFieldWriteFunc   write,
                  gpointer           user_data,
                  GDestroyNotify     destroy)
{
  Binding *binding = binding_new (spec, user_data, destroy);

  binding->target = target;
  binding->write = write;
  return build_row (binding);
}

GtkWidget *
co_field_row_new_checked (const CoFieldSpec *spec,
                          CoFieldCheckFunc   check,
                          gpointer           user_data,
                          GDestroyNotify     destroy)
{
  Binding *binding = binding_new (spec, user_data, destroy);

  binding->check = check;
  return build_row (binding);
}
