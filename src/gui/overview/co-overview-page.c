/* co-overview-page.c: the Overview page: every fact of a group in a co-field-row, so it saves
 * itself and shows a refused value in place, as the Plan page does; and the parent group. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/records/co-list.h"
#include "core/reports/co-report.h"
#include "core/team/co-team.h"
#include "gui/overview/co-overview-page.h"
#include "gui/widgets/co-field-row.h"
#include "gui/widgets/co-goal-row.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"
#include "gui/widgets/co-widget-write.h"

struct _CoOverviewPage
{
  GtkWidget            parent_instance;

  /* template children */
  GtkWidget           *page;
  AdwPreferencesGroup *identity_group;
  AdwPreferencesGroup *positioning_group;
  AdwActionRow        *on_duty_row;
  AdwPreferencesGroup *goals_group;
  GPtrArray           *goal_rows;
  guint                goals_idle_id;
  AdwActionRow        *created_row;
  AdwActionRow        *updated_row;

  GtkWidget           *rows[CO_N_GROUP_FIELDS];
  AdwComboRow         *parent_row;
  GtkStringList       *parent_names;  /* the chooser's choices once the page is drawn */
  CoStore             *store;
  GListModel          *groups;      /* the window's groups (CoGroup), parents before children */
  gint64               group_id;
  GArray              *parent_ids;  /* the group id at each position of parent_row; 0 for none */
  gint64               parent_id;   /* the parent shown */
  guint                parent_idle_id;
  guint                minute_id;    /* keeps "on duty now" current */
  gboolean             loading;
  gboolean             drawn;        /* a frame of the page drawn: the parents listed in full */
};

G_DEFINE_FINAL_TYPE (CoOverviewPage, co_overview_page, GTK_TYPE_WIDGET)

static const CoGroupField identity_fields[] = {
  CO_GROUP_FIELD_NAME, CO_GROUP_FIELD_SLOGAN, CO_GROUP_FIELD_FOUNDING_DATE,
  CO_GROUP_FIELD_ACTIVE_FROM, CO_GROUP_FIELD_ACTIVE_UNTIL,
};

static const CoGroupField positioning_fields[] = {
  CO_GROUP_FIELD_PLATFORM, CO_GROUP_FIELD_STAGE, CO_GROUP_FIELD_CATEGORY,
  CO_GROUP_FIELD_ORIENTATION, CO_GROUP_FIELD_GROUP_TYPE, CO_GROUP_FIELD_LEVEL,
  CO_GROUP_FIELD_THEME,
};

static CoStore *
field_target (gpointer       user_data,
              CoFieldTarget *target)
{
  CoOverviewPage *self = user_data;

  target->id = self->group_id;
  return self->group_id != 0 ? self->store : NULL;
}

static gboolean
save_field (CoStore             *store,
            const CoFieldTarget *target,
            const char          *key,
            const char          *input,
            GError             **error)
{
  return co_group_set_field (store, target->id, co_group_field_from_key (key), input, error);
}

static void on_parent_selected (CoOverviewPage *self);

/* The group @id among the window's groups, or NULL. */
static CoGroup *
find_group (CoOverviewPage *self,
            gint64          id)
{
  for (guint i = 0; id != 0 && i < g_list_model_get_n_items (self->groups); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (self->groups, i);

      if (co_group_get_id (group) == id)
        return g_steal_pointer (&group);
    }
  return NULL;
}

/* Turns the choices shown (parent_names, parent_ids) into @ids and @names by splicing only the
 * runs that differ: opening another group gives back the last one's place and takes the new
 * one's, and the chooser's list makes the rows of those alone, not a thousand again. Both lists
 * follow the window's order of groups (@rank: each group's place in it), so a walk through both
 * finds every run. */
typedef struct
{
  guint at;       /* where, among the choices shown */
  guint removed;  /* how many of them go */
  guint from;     /* the first new choice put there */
  guint added;    /* how many */
} Run;

static void
splice_choices (CoOverviewPage *self,
                GArray         *ids,
                GPtrArray      *names,
                GHashTable     *rank)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (Run));
  guint old_n = self->parent_ids->len, i = 0, j = 0;

#define SAME(i, j) (g_array_index (self->parent_ids, gint64, i) == g_array_index (ids, gint64, j) && \
                    g_strcmp0 (gtk_string_list_get_string (self->parent_names, i), names->pdata[j]) == 0)
#define RANK(id) (g_hash_table_contains (rank, &(id)) ? GPOINTER_TO_INT (g_hash_table_lookup (rank, &(id))) : -1)
  while (i < old_n || j < ids->len)
    {
      Run run = { i, 0, j, 0 };

      if (i < old_n && j < ids->len && SAME (i, j))
        {
          i++, j++;
          continue;
        }
      while ((i < old_n || j < ids->len) && !(i < old_n && j < ids->len && SAME (i, j)))
        {
          gint64 old_id = i < old_n ? g_array_index (self->parent_ids, gint64, i) : 0;
          gint64 new_id = j < ids->len ? g_array_index (ids, gint64, j) : 0;
          int old_rank = i < old_n ? RANK (old_id) : G_MAXINT, new_rank = j < ids->len ? RANK (new_id) : G_MAXINT;

          /* A group gone goes first; one renamed is replaced. */
          if (i < old_n && old_rank <= new_rank)
            i++;
          if (j < ids->len && new_rank <= old_rank)
            j++;
        }
      run.removed = i - run.at;
      run.added = j - run.from;
      g_array_append_val (runs, run);
    }
#undef SAME
#undef RANK
  /* From the last run back: each keeps the places the ones before it name. */
  for (guint r = runs->len; r > 0; r--)
    {
      Run *run = &g_array_index (runs, Run, r - 1);
      g_autoptr(GPtrArray) added = g_ptr_array_new ();

      for (guint k = 0; k < run->added; k++)
        g_ptr_array_add (added, names->pdata[run->from + k]);
      g_ptr_array_add (added, NULL);
      gtk_string_list_splice (self->parent_names, run->at, run->removed, (const char * const *) added->pdata);
      g_array_remove_range (self->parent_ids, run->at, run->removed);
      g_array_insert_vals (self->parent_ids, run->at, &g_array_index (ids, gint64, run->from), run->added);
    }
}

/* The parent chooser, from the groups the window's sidebar has read: opening a group reads none
 * again. */
static void
load_parents (CoOverviewPage *self,
              gint64          parent_id)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);  /* the names' owners */
  g_autoptr(GArray) group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));     /* the hash tables' keys */
  g_autoptr(GHashTable) excluded = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) rank = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 none = 0;
  guint selected = 0;

  /* Blocked, not only guarded: a notify emitted inside another one of the same object is
   * delivered after it, when no guard is up any more. */
  g_signal_handlers_block_by_func (self->parent_row, on_parent_selected, self);
  self->parent_id = parent_id;
  /* Before the page is first drawn, only the parent shown: every group (a thousand rows of the
   * chooser's list) cost some 6 ms before the window's first frame. */
  if (!self->drawn)
    {
      g_autoptr(CoGroup) parent = find_group (self, parent_id);
      g_autoptr(GtkStringList) only = gtk_string_list_new (NULL);
      gint64 shown = parent != NULL ? parent_id : 0;

      gtk_string_list_append (only, parent != NULL ? co_group_get_name (parent) : _("None (top level)"));
      g_array_set_size (self->parent_ids, 0);
      g_array_append_val (self->parent_ids, shown);
      adw_combo_row_set_model (self->parent_row, G_LIST_MODEL (only));
      g_signal_handlers_unblock_by_func (self->parent_row, on_parent_selected, self);
      return;
    }

  g_array_append_val (ids, none);
  g_ptr_array_add (names, (gpointer) _("None (top level)"));
  g_array_set_size (group_ids, g_list_model_get_n_items (self->groups));
  /* A group cannot go under itself or its descendants; parents are listed before their
   * children, so one pass finds them all. */
  g_hash_table_add (excluded, &self->group_id);
  for (guint i = 0; i < g_list_model_get_n_items (self->groups); i++)
    {
      CoGroup *other = g_list_model_get_item (self->groups, i);
      gint64 *id = &g_array_index (group_ids, gint64, i);
      gint64 other_parent_id = co_group_get_parent_id (other);

      *id = co_group_get_id (other);
      g_ptr_array_add (groups, other);
      g_hash_table_insert (rank, id, GINT_TO_POINTER (i));
      if (g_hash_table_contains (excluded, &other_parent_id))
        g_hash_table_add (excluded, id);
      if (g_hash_table_contains (excluded, id))
        continue;
      g_array_append_val (ids, *id);
      g_ptr_array_add (names, (gpointer) co_group_get_name (other));
      if (*id == parent_id)
        selected = ids->len - 1;
    }

  if (adw_combo_row_get_model (self->parent_row) != G_LIST_MODEL (self->parent_names))
    {
      g_array_set_size (self->parent_ids, 0);
      gtk_string_list_splice (self->parent_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->parent_names)), NULL);
      adw_combo_row_set_model (self->parent_row, G_LIST_MODEL (self->parent_names));
    }
  splice_choices (self, ids, names, rank);
  adw_combo_row_set_selected (self->parent_row, selected);
  g_signal_handlers_unblock_by_func (self->parent_row, on_parent_selected, self);
}

/* The groups read again (the window does after every change to them): names and parents as
 * they are now. */
static void
reload_parents (CoOverviewPage *self)
{
  g_autoptr(CoGroup) group = NULL;

  if (self->store == NULL || self->group_id == 0 || (group = find_group (self, self->group_id)) == NULL)
    return;
  self->loading = TRUE;
  load_parents (self, co_group_get_parent_id (group));
  self->loading = FALSE;
}

static void
on_first_drawn (CoOverviewPage *self,
                GdkFrameClock  *clock)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_drawn, self);
  self->drawn = TRUE;
  reload_parents (self);
}

static void
on_map (CoOverviewPage *self)
{
  if (!self->drawn)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (on_first_drawn), self, G_CONNECT_SWAPPED);
}

/* Shows the stored group; rows keep an edit of the user's own until it is saved or fixed. */
/* Who is on duty in the group now: shown when the group loads and each minute after. */
static void
update_on_duty (CoOverviewPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) names = co_team_on_duty (self->store, self->group_id, now);
  g_autofree char *joined = NULL;

  g_ptr_array_add (names, NULL);
  /* Translators: separates the names of people on duty */
  joined = g_strjoinv (_(", "), (char **) names->pdata);
  adw_action_row_set_subtitle (self->on_duty_row, *joined ? joined : _("Nobody on duty"));
}

/* Each goal of the plan: how far it is, by when, and whether that is on track. */
static void
load_goals (CoOverviewPage *self)
{
  g_autoptr(GListStore) goals = co_list_items (self->store, CO_LIST_GOALS, self->group_id, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  guint n = goals ? g_list_model_get_n_items (G_LIST_MODEL (goals)) : 0;

  for (guint i = 0; i < self->goal_rows->len; i++)
    adw_preferences_group_remove (self->goals_group, self->goal_rows->pdata[i]);
  g_ptr_array_set_size (self->goal_rows, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CoItem) goal = g_list_model_get_item (G_LIST_MODEL (goals), i);
      CoGoalProgress progress;
      GtkWidget *row;

      co_goal_progress (self->store, goal, today, &progress, NULL);
      row = co_goal_row_new (goal, &progress, NULL);

      adw_preferences_group_add (self->goals_group, row);
      g_ptr_array_add (self->goal_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->goals_group), n > 0);
}

static gboolean
reload_goals (gpointer data)
{
  CoOverviewPage *self = data;

  self->goals_idle_id = 0;
  if (self->store != NULL && self->group_id != 0)
    load_goals (self);
  return G_SOURCE_REMOVE;
}

/* Once, when idle: a commit that touches goals, figures and activity reads them once. */
static void
queue_goals (CoOverviewPage *self)
{
  if (self->goals_idle_id == 0)
    self->goals_idle_id = g_idle_add (reload_goals, self);
}

static gboolean
on_minute (gpointer data)
{
  CoOverviewPage *self = data;

  if (self->store != NULL && self->group_id != 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_on_duty (self);
  return G_SOURCE_CONTINUE;
}

static void
load_group (CoOverviewPage *self,
            gboolean        other_group)
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
  for (CoGroupField field = 0; field < CO_N_GROUP_FIELDS; field++)
    {
      if (other_group)
        co_field_row_reset (self->rows[field], co_group_get_field (group, field));
      else
        co_field_row_set_value (self->rows[field], co_group_get_field (group, field));
    }
  load_parents (self, co_group_get_parent_id (group));

  update_on_duty (self);
  queue_goals (self);
  created = co_date_time_format_display (co_group_get_created_at (group));
  updated = co_date_time_format_display (co_group_get_updated_at (group));
  adw_action_row_set_subtitle (self->created_row, created ? created : "");
  adw_action_row_set_subtitle (self->updated_row, updated ? updated : "");
  self->loading = FALSE;
}

/* A group's new parent, written through co_widget_write(): never waiting for an import's or a
 * sync's write lock. */
typedef struct
{
  gint64 group_id;
  gint64 parent_id;
} NewParent;

static gboolean
write_parent (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  NewParent *new_parent = data;

  return co_group_set_parent (store, new_parent->group_id, new_parent->parent_id, error);
}

static gboolean
apply_parent (gpointer user_data)
{
  CoOverviewPage *self = user_data;
  guint selected = adw_combo_row_get_selected (self->parent_row);
  NewParent *new_parent;

  self->parent_idle_id = 0;
  if (self->group_id == 0 || selected >= self->parent_ids->len ||
      g_array_index (self->parent_ids, gint64, selected) == self->parent_id)
    return G_SOURCE_REMOVE;
  new_parent = g_new0 (NewParent, 1);
  new_parent->group_id = self->group_id;
  new_parent->parent_id = g_array_index (self->parent_ids, gint64, selected);
  co_widget_write (GTK_WIDGET (self), self->store, write_parent, new_parent, g_free, NULL);
  return G_SOURCE_REMOVE;
}

/* The write waits for an idle moment: it reloads the list the combo row is still notifying
 * about, and AdwComboRow does not survive its model being replaced in its own notify. */
static void
on_parent_selected (CoOverviewPage *self)
{
  if (self->loading || self->group_id == 0 || self->parent_idle_id != 0)
    return;
  self->parent_idle_id = g_idle_add (apply_parent, self);
}

static void
on_store_changed (CoOverviewPage *self,
                  const char     *table,
                  gint64          group_id)
{
  load_group (self, FALSE);
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
  g_signal_connect_object (store, "changed::shifts", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::staff", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const tables[] = { "changed::goals", "changed::daily_figures", "changed::member_activity" };
      g_signal_connect_object (store, tables[i], G_CALLBACK (queue_goals), self, G_CONNECT_SWAPPED);
    }
}

/* The window's list of every group, kept current by the window; the parent chooser lists them. */
void
co_overview_page_set_groups (CoOverviewPage *self,
                             GListModel     *groups)
{
  g_return_if_fail (CO_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (G_IS_LIST_MODEL (groups) && self->groups == NULL);

  self->groups = g_object_ref (groups);
  g_signal_connect_object (groups, "items-changed", G_CALLBACK (reload_parents), self, G_CONNECT_SWAPPED);
}

void
co_overview_page_set_group_id (CoOverviewPage *self,
                               gint64          group_id)
{
  g_return_if_fail (CO_IS_OVERVIEW_PAGE (self));

  if (self->group_id == group_id)
    return;
  co_overview_page_flush (self);
  self->group_id = group_id;
  load_group (self, TRUE);
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
  GtkWidget *name;

  g_return_if_fail (CO_IS_OVERVIEW_PAGE (self));

  name = self->rows[CO_GROUP_FIELD_NAME];
  gtk_widget_grab_focus (name);
  gtk_editable_select_region (GTK_EDITABLE (name), 0, -1);
}

/* Saves what is typed but not saved yet; called before the page shows another group. */
void
co_overview_page_flush (CoOverviewPage *self)
{
  g_return_if_fail (CO_IS_OVERVIEW_PAGE (self));

  if (self->store == NULL || self->group_id == 0)
    return;
  for (CoGroupField field = 0; field < CO_N_GROUP_FIELDS; field++)
    if (self->rows[field] != NULL)
      co_field_row_flush (self->rows[field]);
  if (self->parent_idle_id != 0)
    {
      g_clear_handle_id (&self->parent_idle_id, g_source_remove);
      apply_parent (self);
    }
}

static void
co_overview_page_dispose (GObject *object)
{
  CoOverviewPage *self = CO_OVERVIEW_PAGE (object);

  co_overview_page_flush (self);
  g_clear_handle_id (&self->parent_idle_id, g_source_remove);
  /* The timers would otherwise call a page that is gone. */
  g_clear_handle_id (&self->minute_id, g_source_remove);
  g_clear_handle_id (&self->goals_idle_id, g_source_remove);
  memset (self->rows, 0, sizeof self->rows);
  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_OVERVIEW_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->groups);
  g_clear_pointer (&self->parent_ids, g_array_unref);
  g_clear_object (&self->parent_names);
  g_clear_pointer (&self->goal_rows, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, identity_group);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, positioning_group);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, on_duty_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, goals_group);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, created_row);
  gtk_widget_class_bind_template_child (widget_class, CoOverviewPage, updated_row);
}

static void
add_rows (CoOverviewPage      *self,
          AdwPreferencesGroup *group,
          const CoGroupField  *fields,
          guint                n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      self->rows[fields[i]] = co_field_row_new (co_group_field_spec (fields[i]), field_target, save_field, self, NULL);
      adw_preferences_group_add (group, self->rows[fields[i]]);
    }
}

static void
co_overview_page_init (CoOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->parent_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->parent_names = gtk_string_list_new (NULL);
  self->goal_rows = g_ptr_array_new ();
  self->minute_id = g_timeout_add_seconds (60, on_minute, self);
  add_rows (self, self->identity_group, identity_fields, G_N_ELEMENTS (identity_fields));

  /* Its value under the title like every combo row; what it is for, in the tooltip. */
  self->parent_row = ADW_COMBO_ROW (co_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->parent_row), _("Parent Group"));
  co_tooltip_set_text (GTK_WIDGET (self->parent_row),
                               _("A group of a matrix sits under its parent in the sidebar"));
  g_signal_connect_swapped (self->parent_row, "notify::selected", G_CALLBACK (on_parent_selected), self);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  adw_preferences_group_add (self->identity_group, GTK_WIDGET (self->parent_row));

  add_rows (self, self->positioning_group, positioning_fields, G_N_ELEMENTS (positioning_fields));
}
