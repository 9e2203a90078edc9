/* co-team-page.c: the Team place. Its sections are in the template; what it reads from the store
 * are the rows of today's lists, the grids and the list editors. Nothing is read before the page
 * first shows (across a thousand groups the grids are most of what a start would otherwise wait
 * for), and no section before it shows: text views filled while their page is hidden keep the
 * height they measured at no width (GTK 4.8). After that, every committed change refreshes the
 * sections shown so far, and "on duty now" follows the clock while the page shows. Today's lists
 * (who is on duty in each group, the alt accounts' targets) are read in a worker and shown a few
 * rows a frame, so that opening the place on a thousand groups never holds the window. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/groups/co-group.h"
#include "core/store/co-read-worker.h"
#include "core/team/co-team.h"
#include "gui/team/co-shifts-window.h"
#include "gui/team/co-sop-load-group.h"
#include "gui/team/co-team-page.h"
#include "gui/widgets/co-leaflet.h"
#include "gui/widgets/co-list-editor.h"
#include "gui/widgets/co-roster-grid.h"
#include "gui/widgets/co-spinner.h"

typedef struct _TodayReading TodayReading;

struct _CoTeamPage
{
  GtkWidget     parent_instance;

  AdwLeaflet   *leaflet;
  GtkStack     *sections;
  GtkListBox   *on_duty_list;
  GtkListBox   *targets_list;
  GtkWidget    *on_duty_placeholder;
  GtkWidget    *targets_placeholder;
  GtkSpinner   *today_spinner;
  CoRosterGrid *matrix_grid;
  CoRosterGrid *roster_grid;
  CoListEditor *staff_editor;
  CoListEditor *roles_editor;
  CoListEditor *alt_editor;
  CoListEditor *channels_editor;

  CoStore      *store;
  GHashTable   *filled;     /* the section pages read so far */
  gboolean      loaded;     /* shown at least once */
  guint         minute_id;
  GCancellable *today_reading;  /* the worker reading today's lists, if any */
  TodayReading *today;          /* the last reading, shown a few rows a frame */
  guint         today_next;     /* its next row to show */
  guint         today_rows_id;  /* the tick callback showing them */
};

G_DEFINE_FINAL_TYPE (CoTeamPage, co_team_page, GTK_TYPE_WIDGET)

/* A row of today's lists, as read in the worker. */
typedef struct
{
  char    *title;
  char    *subtitle;
  char    *suffix;     /* a label at the row's end, or NULL */
  gboolean accent;
} TodayRow;

static void
today_row_free (TodayRow *row)
{
  if (row == NULL)  /* taken */
    return;
  g_free (row->title);
  g_free (row->subtitle);
  g_free (row->suffix);
  g_free (row);
}

static TodayRow *
today_row_new (const char *title,
               const char *subtitle)
{
  TodayRow *row = g_new0 (TodayRow, 1);

  row->title = g_strdup (title);
  row->subtitle = g_strdup (subtitle);
  return row;
}

struct _TodayReading
{
  GPtrArray *on_duty;   /* TodayRow: one per group */
  GPtrArray *targets;   /* TodayRow: one per alt account */
};

static void
today_reading_free (TodayReading *reading)
{
  g_ptr_array_unref (reading->on_duty);
  g_ptr_array_unref (reading->targets);
  g_free (reading);
}

/* The groups listed on their own in On Duty Now: a list of a thousand is read by nobody, and
 * costs the window a long frame each time it shows. */
#define MAX_DUTY_ROWS 100

/* In the worker: who is on duty in each group at @data (a GDateTime), and each alt account's
 * target. A thousand groups are a thousand reads of their shifts: never on the main thread. */
static gpointer
read_today (CoStore       *reader,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  TodayReading *reading = g_new0 (TodayReading, 1);
  g_autoptr(GListStore) groups = co_group_list (reader, NULL);
  g_autoptr(GListStore) alts = co_list_items (reader, CO_LIST_ALT_ACCOUNTS, 0, NULL);

  g_autoptr(GPtrArray) staffed = g_ptr_array_new_with_free_func ((GDestroyNotify) today_row_free);
  g_autoptr(GPtrArray) unstaffed = g_ptr_array_new_with_free_func ((GDestroyNotify) today_row_free);

  reading->on_duty = g_ptr_array_new_with_free_func ((GDestroyNotify) today_row_free);
  reading->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) today_row_free);
  for (guint g = 0; groups && g < g_list_model_get_n_items (G_LIST_MODEL (groups)); g++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), g);
      g_autoptr(GPtrArray) names = NULL;
      g_autofree char *joined = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (co_group_get_archived (group))
        continue;
      names = co_team_on_duty (reader, co_group_get_id (group), data);
      g_ptr_array_add (names, NULL);
      /* Translators: separates the names of people on duty */
      joined = g_strjoinv (_(", "), (char **) names->pdata);
      g_ptr_array_add (names->len > 1 ? staffed : unstaffed,
                       today_row_new (co_group_get_name (group), *joined ? joined : _("Nobody on duty")));
    }
  /* Every group in its order while they are few; past that, those with somebody on duty first,
   * and the groups left over counted in a last row. */
  if (staffed->len + unstaffed->len <= MAX_DUTY_ROWS)
    {
      g_ptr_array_extend_and_steal (reading->on_duty, g_ptr_array_ref (staffed));
      g_ptr_array_extend_and_steal (reading->on_duty, g_ptr_array_ref (unstaffed));
    }
  else
    {
      guint n_more_staffed = staffed->len > MAX_DUTY_ROWS - 1 ? staffed->len - (MAX_DUTY_ROWS - 1) : 0;
      guint n_more = staffed->len + unstaffed->len - (MAX_DUTY_ROWS - 1);
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more group", "%u more groups", n_more),
                                                n_more);
      g_autofree char *subtitle = NULL;

      if (n_more_staffed > 0)
        /* Translators: under "N more groups" on the Team place's On Duty Now */
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Somebody on duty in %u of them",
                                                 "Somebody on duty in %u of them", n_more_staffed),
                                    n_more_staffed);
      for (guint i = 0; i < MAX_DUTY_ROWS - 1; i++)
        {
          GPtrArray *from = i < staffed->len ? staffed : unstaffed;
          guint index = i < staffed->len ? i : i - staffed->len;

          g_ptr_array_add (reading->on_duty, g_steal_pointer (&from->pdata[index]));
        }
      g_ptr_array_add (reading->on_duty, today_row_new (title, subtitle ? subtitle : _("Nobody on duty")));
    }

  for (guint i = 0; alts && i < g_list_model_get_n_items (G_LIST_MODEL (alts)); i++)
    {
      g_autoptr(CoItem) alt = g_list_model_get_item (G_LIST_MODEL (alts), i);
      g_autofree char *title = co_item_dup_title (alt);
      g_autofree char *owner = co_team_dup_name (reader, CO_LIST_STAFF, co_item_get_int (alt, "owner_id", 0));
      gint64 friends = co_item_get_int (alt, "daily_friend_target", 0);
      TodayRow *row = today_row_new (title, owner ? owner : _("No owner"));

      /* Translators: an alt account's friend-adding target for today */
      row->suffix = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Add %d friend", "Add %d friends", (gulong) friends),
                                     (int) friends);
      row->accent = friends > 0;
      g_ptr_array_add (reading->targets, row);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      today_reading_free (reading);
      return NULL;
    }
  return reading;
}

/* Shows @shown as the row at @index of @box: the row there is reused, so that a reading again
 * (every minute, every change) rewrites texts rather than making a thousand rows anew. */
static void
set_today_row (GtkListBox     *box,
               guint           index,
               const TodayRow *shown)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (box, (int) index);
  GtkWidget *label;

  if (row == NULL)
    {
      row = GTK_LIST_BOX_ROW (adw_action_row_new ());
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_append (box, GTK_WIDGET (row));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown->subtitle);
  label = g_object_get_data (G_OBJECT (row), "suffix");
  if (label == NULL && shown->suffix != NULL)
    {
      label = gtk_label_new (NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "suffix", label);
    }
  if (label == NULL)
    return;
  gtk_label_set_label (GTK_LABEL (label), shown->suffix);
  gtk_widget_set_visible (label, shown->suffix != NULL);
  gtk_widget_add_css_class (label, shown->accent ? "accent" : "dim-label");
  gtk_widget_remove_css_class (label, shown->accent ? "dim-label" : "accent");
}

/* Removes the rows of @box from @n on. */
static void
trim_today_rows (GtkListBox *box,
                 guint       n)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (box, (int) n)) != NULL)
    gtk_list_box_remove (box, GTK_WIDGET (row));
}

/* The rows of the reading a few each frame: a new row costs the frame that lays it out about a
 * millisecond (its style, its labels measured), and a thousand made at once held the window for
 * a third of a second. */
#define TODAY_ROWS_A_FRAME 8

static gboolean
show_today_rows (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  CoTeamPage *self = CO_TEAM_PAGE (widget);
  TodayReading *reading = self->today;
  guint n_duty = reading->on_duty->len, n_rows = n_duty + reading->targets->len;
  guint end = MIN (self->today_next + TODAY_ROWS_A_FRAME, n_rows);

  for (; self->today_next < end; self->today_next++)
    {
      guint i = self->today_next;

      if (i < n_duty)
        set_today_row (self->on_duty_list, i, reading->on_duty->pdata[i]);
      else
        set_today_row (self->targets_list, i - n_duty, reading->targets->pdata[i - n_duty]);
    }
  if (self->today_next < n_rows)
    return G_SOURCE_CONTINUE;

  trim_today_rows (self->on_duty_list, n_duty);
  trim_today_rows (self->targets_list, reading->targets->len);
  gtk_widget_set_visible (self->on_duty_placeholder, TRUE);
  gtk_widget_set_visible (self->targets_placeholder, TRUE);
  co_spinner_set_busy (self->today_spinner, FALSE);
  self->today_rows_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_today_read (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  CoTeamPage *self = data;
  g_autoptr(GError) error = NULL;
  TodayReading *reading;

  /* Superseded by a newer reading, or the page is gone: @self may be too. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->today_reading);
  if ((reading = co_read_in_worker_finish (result, &error)) == NULL)
    {
      g_warning ("Today's duty could not be read: %s", error->message);
      co_spinner_set_busy (self->today_spinner, FALSE);
      return;
    }
  g_clear_pointer (&self->today, today_reading_free);
  self->today = reading;
  self->today_next = 0;
  if (self->today_rows_id == 0)
    self->today_rows_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), show_today_rows, NULL, NULL);
}

/* Reads today's lists again in a worker; a reading still under way is dropped. */
static void
refresh_today (CoTeamPage *self)
{
  if (self->today_reading != NULL)
    g_cancellable_cancel (self->today_reading);
  g_clear_object (&self->today_reading);
  self->today_reading = g_cancellable_new ();
  co_spinner_set_busy (self->today_spinner, TRUE);
  co_read_in_worker (self->store, read_today, g_date_time_new_now_local (), (GDestroyNotify) g_date_time_unref,
                     (GDestroyNotify) today_reading_free, self->today_reading, on_today_read, self);
}

static gboolean
is_filled (CoTeamPage *self,
           gpointer    widget)
{
  return g_hash_table_contains (self->filled, gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_PAGE));
}

/* Whether @widget is in the section @page, or, for NULL, in any section read so far. */
static gboolean
is_in_section (CoTeamPage *self,
               gpointer    widget,
               GtkWidget  *page)
{
  return page == NULL ? is_filled (self, widget) : gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_PAGE) == page;
}

/* Reads the lists and grids of the section @page (all of them for NULL) again. */
static void
refresh_section (CoTeamPage *self,
                 GtkWidget  *page)
{
  CoListEditor *editors[] = { self->staff_editor, self->roles_editor, self->alt_editor,
                             self->channels_editor };
  CoRosterGrid *grids[] = { self->matrix_grid, self->roster_grid };

  for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
    if (is_in_section (self, editors[i], page))
      co_list_editor_refresh (editors[i]);
  for (guint i = 0; i < G_N_ELEMENTS (grids); i++)
    if (is_in_section (self, grids[i], page))
      co_roster_grid_refresh (grids[i]);
  if (is_in_section (self, self->on_duty_list, page))
    refresh_today (self);
}

/* Brings the sections read so far in line with the store. */
static void
refresh (CoTeamPage *self)
{
  if (self->store == NULL || !self->loaded)
    return;
  refresh_section (self, NULL);
}

/* Reads a section the first time it shows: that section alone, the others are current. */
static void
fill_section (CoTeamPage *self,
              GtkWidget  *page)
{
  if (page == NULL || !self->loaded || self->store == NULL || g_hash_table_contains (self->filled, page))
    return;
  g_hash_table_add (self->filled, page);
  refresh_section (self, page);
}

static void
on_section_shown (CoTeamPage *self)
{
  if (!self->loaded)
    return;
  /* On a narrow window, choosing a section goes to it: first, so that the section is read while
   * it shows (its lists then show a few rows a frame). */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  fill_section (self, gtk_stack_get_visible_child (self->sections));
}

static void
on_sections_clicked (CoTeamPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
load (CoTeamPage *self)
{
  if (self->loaded || self->store == NULL)
    return;
  self->loaded = TRUE;
  on_section_shown (self);
}

static void
co_team_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (co_team_page_parent_class)->map (widget);
  load (CO_TEAM_PAGE (widget));
}

static gboolean
on_minute (gpointer data)
{
  CoTeamPage *self = data;

  if (self->loaded && gtk_widget_get_mapped (GTK_WIDGET (self)) && is_filled (self, self->on_duty_list))
    refresh_today (self);
  return G_SOURCE_CONTINUE;
}

/* "Edit Shifts" beside a group's week in the roster: its shifts, edited over this page. */
static void
edit_shifts_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  CoTeamPage *self = CO_TEAM_PAGE (widget);

  co_shifts_window_present (widget, self->store, g_variant_get_int64 (parameter));
}

static void
on_store_changed (CoTeamPage *self)
{
  /* Every change may matter: the page shows every group. */
  refresh (self);
}

/* ---- public ------------------------------------------------------------------------------- */

void
co_team_page_set_store (CoTeamPage *self,
                        CoStore    *store)
{
  g_return_if_fail (CO_IS_TEAM_PAGE (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  co_list_editor_set_store (self->staff_editor, store);
  co_list_editor_set_store (self->roles_editor, store);
  co_list_editor_set_store (self->alt_editor, store);
  co_list_editor_set_store (self->channels_editor, store);
  co_roster_grid_set_store (self->matrix_grid, store);
  co_roster_grid_set_store (self->roster_grid, store);
  /* Each person's SOP tasks, under who is on duty (co-sop-load-group.c). */
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (self->on_duty_list),
                                                                           ADW_TYPE_PREFERENCES_PAGE)),
                            ADW_PREFERENCES_GROUP (co_sop_load_group_new (store)));
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
}

/* Shows the section called @name ("today", "matrix", "staff", …). */
gboolean
co_team_page_show_section (CoTeamPage *self,
                           const char *name)
{
  GtkWidget *page;

  g_return_val_if_fail (CO_IS_TEAM_PAGE (self), FALSE);

  page = gtk_stack_get_child_by_name (self->sections, name);
  if (page == NULL)
    return FALSE;
  load (self);
  gtk_stack_set_visible_child (self->sections, page);
  return TRUE;
}

/* Shows the row of a person, a role or an alt account ("expander:staff:3",
 * "item:roles:2:name", …), opening its section and item. */
gboolean
co_team_page_show_field (CoTeamPage *self,
                         const char *field)
{
  CoListEditor *editors[] = { self->staff_editor, self->roles_editor, self->alt_editor,
                             self->channels_editor };

  g_return_val_if_fail (CO_IS_TEAM_PAGE (self), FALSE);

  load (self);
  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (editors); i++)
    if (co_list_editor_holds (editors[i], field))
      {
        GtkWidget *widget;

        fill_section (self, gtk_widget_get_ancestor (GTK_WIDGET (editors[i]), ADW_TYPE_PREFERENCES_PAGE));
        widget = co_list_editor_lookup (editors[i], field);
        return widget != NULL && co_reveal_row (widget);
      }
  return FALSE;
}

/* Saves what is typed and not saved yet. */
void
co_team_page_flush (CoTeamPage *self)
{
  g_return_if_fail (CO_IS_TEAM_PAGE (self));

  co_list_editor_flush (self->staff_editor);
  co_list_editor_flush (self->roles_editor);
  co_list_editor_flush (self->alt_editor);
  co_list_editor_flush (self->channels_editor);
}

static void
co_team_page_dispose (GObject *object)
{
  CoTeamPage *self = CO_TEAM_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->staff_editor != NULL)
    co_team_page_flush (self);
  g_clear_handle_id (&self->minute_id, g_source_remove);
  if (self->today_reading != NULL)
    g_cancellable_cancel (self->today_reading);
  g_clear_object (&self->today_reading);
  if (self->today_rows_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->today_rows_id);
  self->today_rows_id = 0;
  g_clear_pointer (&self->today, today_reading_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_TEAM_PAGE);
  g_clear_pointer (&self->filled, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (co_team_page_parent_class)->dispose (object);
}

static void
co_team_page_class_init (CoTeamPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_team_page_dispose;
  widget_class->map = co_team_page_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "team.edit-shifts", "x", edit_shifts_action);

  g_type_ensure (CO_TYPE_LIST_EDITOR);
  g_type_ensure (CO_TYPE_ROSTER_GRID);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, sections);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, on_duty_list);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, targets_list);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, on_duty_placeholder);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, targets_placeholder);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, today_spinner);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, matrix_grid);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, roster_grid);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, staff_editor);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, roles_editor);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, alt_editor);
  gtk_widget_class_bind_template_child (widget_class, CoTeamPage, channels_editor);
  gtk_widget_class_bind_template_callback (widget_class, on_section_shown);
  gtk_widget_class_bind_template_callback (widget_class, on_sections_clicked);
}

static void
co_team_page_init (CoTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  co_leaflet_put_shadow_last (self->leaflet);

  self->filled = g_hash_table_new (NULL, NULL);
  /* The workspace's lists: an item's fields built as it opens. */
  co_list_editor_set_lazy (self->staff_editor, TRUE);
  co_list_editor_set_lazy (self->roles_editor, TRUE);
  co_list_editor_set_lazy (self->alt_editor, TRUE);
  co_list_editor_set_lazy (self->channels_editor, TRUE);
  self->minute_id = g_timeout_add_seconds (60, on_minute, self);
}
