/* co-overview-page.c: the Overview page. Every field saves itself: text a moment after the
 * user stops typing (or on Enter or leaving the field), choices at once. A value the store
 * refuses stays in the field with the reason next to it, and nothing is saved. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "co-date.h"
#include "co-group.h"
#include "co-overview-page.h"

#define SAVE_DELAY_MS 500

struct _CoOverviewPage
{
  GtkWidget       parent_instance;

  /* template children */
  GtkWidget      *page;
  AdwEntryRow    *name_row;
  AdwEntryRow    *slogan_row;
  AdwEntryRow    *founding_date_row;
  GtkPopover     *calendar_popover;
  GtkCalendar    *calendar;
  AdwComboRow    *parent_row;
  AdwComboRow    *platform_row;
  AdwComboRow    *stage_row;
  AdwComboRow    *category_row;
  AdwComboRow    *orientation_row;
  AdwComboRow    *group_type_row;
  AdwComboRow    *level_row;
  AdwComboRow    *theme_row;
  AdwActionRow   *created_row;
  AdwActionRow   *updated_row;

  CoStore        *store;
  gint64          group_id;
  GArray         *parent_ids;   /* the group id at each position of parent_row; 0 for none */
  guint           pending;      /* text fields edited but not saved yet, as 1 << field */
  guint           invalid;      /* text fields showing a value the store refused */
  guint           save_timeout_id;
  gboolean        loading;
};

G_DEFINE_FINAL_TYPE (CoOverviewPage, co_overview_page, GTK_TYPE_WIDGET)

static const CoGroupField text_fields[] = {
  CO_GROUP_FIELD_NAME, CO_GROUP_FIELD_SLOGAN, CO_GROUP_FIELD_FOUNDING_DATE,
};

static const CoGroupField choice_fields[] = {
  CO_GROUP_FIELD_PLATFORM, CO_GROUP_FIELD_STAGE, CO_GROUP_FIELD_CATEGORY,
  CO_GROUP_FIELD_ORIENTATION, CO_GROUP_FIELD_GROUP_TYPE, CO_GROUP_FIELD_LEVEL,
  CO_GROUP_FIELD_THEME,
};

static AdwEntryRow *
entry_row (CoOverviewPage *self,
           CoGroupField    field)
{
  switch (field)
    {
    case CO_GROUP_FIELD_NAME: return self->name_row;
    case CO_GROUP_FIELD_SLOGAN: return self->slogan_row;
    case CO_GROUP_FIELD_FOUNDING_DATE: return self->founding_date_row;
    default: g_return_val_if_reached (NULL);
    }
}

static const char *
entry_title (CoGroupField field)
{
  switch (field)
    {
    case CO_GROUP_FIELD_NAME: return _("Name");
    case CO_GROUP_FIELD_SLOGAN: return _("Slogan");
    case CO_GROUP_FIELD_FOUNDING_DATE: return _("Planned Founding Date");
    default: g_return_val_if_reached (NULL);
    }
}

static AdwComboRow *
combo_row (CoOverviewPage *self,
           CoGroupField    field)
{
  switch (field)
    {
    case CO_GROUP_FIELD_PLATFORM: return self->platform_row;
    case CO_GROUP_FIELD_STAGE: return self->stage_row;
    case CO_GROUP_FIELD_CATEGORY: return self->category_row;
    case CO_GROUP_FIELD_ORIENTATION: return self->orientation_row;
    case CO_GROUP_FIELD_GROUP_TYPE: return self->group_type_row;
    case CO_GROUP_FIELD_LEVEL: return self->level_row;
    case CO_GROUP_FIELD_THEME: return self->theme_row;
    default: g_return_val_if_reached (NULL);
    }
}

static void
show_error (CoOverviewPage *self,
            const GError   *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

/* The reason a value was refused replaces the field's title, in the error colour, until the
 * value is fixed: the message sits right at the field and screen readers read it as its label. */
static void
set_field_error (CoOverviewPage *self,
                 CoGroupField    field,
                 const char     *message)
{
  AdwEntryRow *row = entry_row (self, field);

  if (message != NULL)
    {
      /* Translators: a field's title and why its value was not saved, e.g. "Name: A group needs a name." */
      g_autofree char *title = g_strdup_printf (_("%s: %s"), entry_title (field), message);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      self->invalid |= 1u << field;
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry_title (field));
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      self->invalid &= ~(1u << field);
    }
}

static void
load_parents (CoOverviewPage *self,
              CoGroup        *group)
{
  g_autoptr(GListStore) groups = co_group_list (self->store, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) excluded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 none = 0;
  guint selected = 0;

  g_array_set_size (self->parent_ids, 0);
  gtk_string_list_append (names, _("None (top level)"));
  g_array_append_val (self->parent_ids, none);

  /* A group cannot go under itself or its descendants; parents are listed before their
   * children, so one pass finds them all. */
  g_hash_table_add (excluded, g_memdup2 (&self->group_id, sizeof self->group_id));
  for (guint i = 0; groups && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) other = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (other);
      gint64 parent_id = co_group_get_parent_id (other);

      if (g_hash_table_contains (excluded, &parent_id))
        g_hash_table_add (excluded, g_memdup2 (&id, sizeof id));
      if (g_hash_table_contains (excluded, &id))
        continue;

      gtk_string_list_append (names, co_group_get_name (other));
      g_array_append_val (self->parent_ids, id);
      if (id == co_group_get_parent_id (group))
        selected = self->parent_ids->len - 1;
    }

  adw_combo_row_set_model (self->parent_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->parent_row, selected);
}

/* Shows the stored group, leaving alone fields with unsaved or refused text. */
static void
load_group (CoOverviewPage *self)
{
  g_autoptr(CoGroup) group = NULL;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;

  if (self->store == NULL || self->group_id == 0)
    return;
  group = co_group_get (self->store, self->group_id, NULL);
  if (group == NULL)
    return;  /* gone: the window selects another group */

  self->loading = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      CoGroupField field = text_fields[i];
      GtkEditable *editable = GTK_EDITABLE (entry_row (self, field));
      const char *stored = co_group_get_field (group, field);
      g_autofree char *shown = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

      if ((self->pending | self->invalid) & (1u << field))
        continue;
      /* Compared trimmed: a space typed at the end is not undone by the save of the word. */
      if (g_strcmp0 (shown, stored ? stored : "") != 0)
        gtk_editable_set_text (editable, stored ? stored : "");
    }

  for (guint i = 0; i < G_N_ELEMENTS (choice_fields); i++)
    {
      CoGroupField field = choice_fields[i];
      int index = co_choice_index (co_group_field_choice_kind (field), co_group_get_field (group, field));
      adw_combo_row_set_selected (combo_row (self, field), (guint) (index + 1));
    }

  load_parents (self, group);

  created = co_date_time_format_display (co_group_get_created_at (group));
  updated = co_date_time_format_display (co_group_get_updated_at (group));
  adw_action_row_set_subtitle (self->created_row, created ? created : "");
  adw_action_row_set_subtitle (self->updated_row, updated ? updated : "");

  self->loading = FALSE;
}

static void
save_pending (CoOverviewPage *self)
{
  guint pending = self->pending;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  self->pending = 0;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      CoGroupField field = text_fields[i];
      g_autoptr(GError) error = NULL;
      const char *text;

      if (!(pending & (1u << field)))
        continue;
      text = gtk_editable_get_text (GTK_EDITABLE (entry_row (self, field)));
      if (co_group_set_field (self->store, self->group_id, field, text, &error))
        set_field_error (self, field, NULL);
      else if (error->domain == CO_GROUP_ERROR)
        set_field_error (self, field, error->message);
      else
        show_error (self, error);
    }
}

static gboolean
save_timeout (gpointer user_data)
{
  CoOverviewPage *self = user_data;

  self->save_timeout_id = 0;
  save_pending (self);
  return G_SOURCE_REMOVE;
}

static void
on_entry_changed (GtkEditable    *editable,
                  CoOverviewPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (GTK_EDITABLE (entry_row (self, text_fields[i])) == editable)
      {
        if (self->loading)
          return;
        self->pending |= 1u << text_fields[i];
        g_clear_handle_id (&self->save_timeout_id, g_source_remove);
        self->save_timeout_id = g_timeout_add (SAVE_DELAY_MS, save_timeout, self);
        return;
      }
}

static void
on_choice_selected (AdwComboRow    *row,
                    GParamSpec     *pspec,
                    CoOverviewPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->loading || self->group_id == 0)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (choice_fields); i++)
    if (combo_row (self, choice_fields[i]) == row)
      {
        CoGroupField field = choice_fields[i];
        guint selected = adw_combo_row_get_selected (row);
        const char *keyword = NULL;
        guint n_choices;
        const CoChoice *choices = co_choices_get (co_group_field_choice_kind (field), &n_choices);

        if (selected > 0 && selected <= n_choices)
          keyword = choices[selected - 1].keyword;
        if (!co_group_set_field (self->store, self->group_id, field, keyword, &error))
          show_error (self, error);
        return;
      }
}

static void
on_parent_selected (CoOverviewPage *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (self->parent_row);

  if (self->loading || self->group_id == 0 || selected >= self->parent_ids->len)
    return;
  if (!co_group_set_parent (self->store, self->group_id,
                            g_array_index (self->parent_ids, gint64, selected), &error))
    show_error (self, error);
}

static void
on_calendar_shown (CoOverviewPage *self)
{
  g_autofree char *iso = co_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->founding_date_row)));
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (iso != NULL && sscanf (iso, "%d-%d-%d", &y, &m, &d) == 3)
    date = g_date_time_new_local (y, m, d, 0, 0, 0);
  else
    date = g_date_time_new_now_local ();
  gtk_calendar_select_day (self->calendar, date);
}

static void
on_day_selected (CoOverviewPage *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");

  if (!gtk_widget_get_visible (GTK_WIDGET (self->calendar_popover)))
    return;  /* moved by on_calendar_shown, not picked by the user */
  gtk_editable_set_text (GTK_EDITABLE (self->founding_date_row), iso);
  save_pending (self);
  gtk_popover_popdown (self->calendar_popover);
}

static void
on_store_changed (CoOverviewPage *self,
                  const char     *table,
                  gint64          group_id)
{
  load_group (self);
}

void
co_overview_page_set_store (CoOverviewPage *self,
                            CoStore        *store)
{
  g_return_if_fail (CO_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed::groups", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
}

void
co_overview_page_set_group_id (CoOverviewPage *self,
                               gint64          group_id)
{
  g_return_if_fail (CO_IS_OVERVIEW_PAGE (self));

  if (self->group_id == group_id)
    return;

  co_overview_page_flush (self);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    set_field_error (self, text_fields[i], NULL);

  self->group_id = group_id;
  load_group (self);
}

gint64
co_overview_page_get_group_id (CoOverviewPage *self)
{
  g_return_val_if_fail (CO_IS_OVERVIEW_PAGE (self), 0);
  return self->group_id;
}

/* Puts the cursor in the name with the text selected, so that typing replaces it. */
void
co_overview_page_focus_name (CoOverviewPage *self)
{
  g_return_if_fail (CO_IS_OVERVIEW_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  gtk_editable_select_region (GTK_EDITABLE (self->name_row), 0, -1);
}

/* Saves what is typed but not saved yet; called before the page shows another group. */
void
co_overview_page_flush (CoOverviewPage *self)
{
  g_return_if_fail (CO_IS_OVERVIEW_PAGE (self));

  if (self->pending != 0 && self->store != NULL && self->group_id != 0)
    save_pending (self);
  self->pending = 0;
  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                CoOverviewPage          *self)
{
  co_overview_page_flush (self);
}

static void
setup_choice_row (CoOverviewPage *self,
                  CoGroupField    field)
{
  CoChoiceKind kind = co_group_field_choice_kind (field);
  AdwComboRow *row = combo_row (self, field);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n_choices;
  const CoChoice *choices = co_choices_get (kind, &n_choices);

  gtk_string_list_append (labels, _("Not Set"));
  for (guint i = 0; i < n_choices; i++)
    gtk_string_list_append (labels, co_choice_label (kind, choices[i].keyword));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), co_choice_kind_title (kind));
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_choice_selected), self);
}

static void
co_overview_page_dispose (GObject *object)
{
  CoOverviewPage *self = CO_OVERVIEW_PAGE (object);

  co_overview_page_flush (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_OVERVIEW_PAGE);
  g_clear_object (&self->store);
  g_clear_pointer (&self->parent_ids, g_array_unref);

  G_OBJECT_CLASS (co_overview_page_parent_class)->dispose (object);
}

static void
co_overview_page_class_init (CoOverviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_overview_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/CommunityOps/co-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, page);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, slogan_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, founding_date_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, parent_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, platform_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, stage_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, category_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, orientation_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, group_type_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, level_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, theme_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, created_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, updated_row);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_shown);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
}

static void
co_overview_page_init (CoOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->parent_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      AdwEntryRow *row = entry_row (self, text_fields[i]);
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed), self);
      g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (co_overview_page_flush), self);
      g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
      gtk_widget_add_controller (GTK_WIDGET (row), focus);
    }
  for (guint i = 0; i < G_N_ELEMENTS (choice_fields); i++)
    setup_choice_row (self, choice_fields[i]);
  g_signal_connect_swapped (self->parent_row, "notify::selected", G_CALLBACK (on_parent_selected), self);
}
