/* co-plan-start.c: starting a plan. Each way writes the plan through core/plan; the store's
 * change notice then tells the Plan page that the group has a plan to show. Which other groups
 * have a plan to copy is read in a worker: it reads every group's plan. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/groups/co-group.h"
#include "core/plan/co-plan.h"
#include "core/plan/co-template.h"
#include "core/store/co-read-worker.h"
#include "gui/plan/co-plan-start.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-widget-write.h"

struct _CoPlanStart
{
  AdwPreferencesPage   parent_instance;

  AdwPreferencesGroup *templates_group;
  AdwComboRow         *copy_row;

  CoStore             *store;
  gint64               group_id;
  gint64               starting_id;    /* the group whose plan is being written, its choices off */
  GArray              *copy_ids;       /* the group of each choice of copy_row */
  gboolean             copy_stale;     /* copy_row to fill when next shown */
  GCancellable        *reading;        /* the worker reading the choices of copy_row, if any */
  gboolean             templates_stale;  /* the template rows to make when next shown */
  GPtrArray           *templates;      /* CoTemplateInfo of the template rows */
  GPtrArray           *template_rows;  /* those made so far, in the order of templates */
  guint                rows_id;        /* the tick callback making the others, if any */
  gint64               rows_frame;     /* the frame that lays out the row made last */
};

G_DEFINE_FINAL_TYPE (CoPlanStart, co_plan_start, ADW_TYPE_PREFERENCES_PAGE)

/* A plan started: written through co_widget_write(), never waiting for an import's or a sync's
 * write lock. The page's choices are off until it is written (or refused): a second choice
 * meanwhile would be written over the first; the store's change notice then shows the plan. */
typedef struct
{
  CoPlanStart *page;
  gint64       group_id;
  gint64       copied_id;  /* the group whose plan is copied, or 0 */
  JsonNode    *applied;    /* the template applied, or NULL */
} PlanStarted;

static void
plan_started_free (PlanStarted *started)
{
  g_object_unref (started->page);
  g_clear_pointer (&started->applied, json_node_unref);
  g_free (started);
}

static gboolean
write_plan (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  PlanStarted *started = data;

  if (started->applied != NULL)
    return co_template_apply (store, started->group_id, started->applied, error);
  if (started->copied_id != 0)
    return co_plan_copy (store, started->copied_id, started->group_id, error);
  return co_plan_ensure (store, started->group_id, error);
}

static void
plan_written (CoStore      *store,
              const GError *error,
              gpointer      data)
{
  PlanStarted *started = data;
  CoPlanStart *self = started->page;

  if (self->starting_id != started->group_id)
    return;
  self->starting_id = 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
}

/* Starts the plan of the group shown, from @applied or a copy of @copied_id's, or empty. */
static void
start_plan (CoPlanStart *self,
            JsonNode    *applied,
            gint64       copied_id)
{
  PlanStarted *started = g_new0 (PlanStarted, 1);

  started->page = g_object_ref (self);
  started->group_id = self->group_id;
  started->copied_id = copied_id;
  started->applied = applied;
  self->starting_id = self->group_id;
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  co_widget_write (GTK_WIDGET (self), self->store, write_plan, started, (GDestroyNotify) plan_started_free,
                   plan_written);
}

static void
on_template_activated (AdwActionRow *row,
                       CoPlanStart  *self)
{
  g_autoptr(GError) error = NULL;
  CoTemplateInfo *info = g_object_get_data (G_OBJECT (row), "co-template");
  JsonNode *root = co_template_load (info, &error);

  if (root == NULL)
    co_widget_show_error (GTK_WIDGET (self), error);
  else
    start_plan (self, root, 0);
}

static void
on_copy_clicked (CoPlanStart *self)
{
  guint selected = adw_combo_row_get_selected (self->copy_row);

  if (selected < self->copy_ids->len)
    start_plan (self, NULL, g_array_index (self->copy_ids, gint64, selected));
}

static void
on_start_empty_clicked (CoPlanStart *self)
{
  start_plan (self, NULL, 0);
}

void
co_plan_start_set_store (CoPlanStart *self,
                         CoStore     *store)
{
  g_return_if_fail (CO_IS_PLAN_START (self));

  g_set_object (&self->store, store);
}

/* Other groups with a plan to copy, as read in the worker. */
typedef struct
{
  GArray    *ids;
  GPtrArray *names;
} CopyChoices;

static void
copy_choices_free (CopyChoices *choices)
{
  g_array_unref (choices->ids);
  g_ptr_array_unref (choices->names);
  g_free (choices);
}

/* In the worker: the groups other than the one @data points at whose plan is not empty. */
static gpointer
read_copy_choices (CoStore       *reader,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  gint64 group_id = *(gint64 *) data;
  g_autoptr(GListStore) groups = co_group_list (reader, error);
  CopyChoices *choices;

  if (groups == NULL)
    return NULL;
  choices = g_new0 (CopyChoices, 1);
  choices->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  choices->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          copy_choices_free (choices);
          return NULL;
        }
      if (id == group_id || co_plan_is_empty (reader, id))
        continue;
      g_array_append_val (choices->ids, id);
      g_ptr_array_add (choices->names, g_strdup (co_group_get_name (group)));
    }
  return choices;
}

static gboolean
same_choices (CoPlanStart *self,
              CopyChoices *choices)
{
  GListModel *names = adw_combo_row_get_model (self->copy_row);

  if (names == NULL || choices->ids->len != self->copy_ids->len)
    return FALSE;
  for (guint i = 0; i < choices->ids->len; i++)
    if (g_array_index (choices->ids, gint64, i) != g_array_index (self->copy_ids, gint64, i) ||
        g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), choices->names->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

static void
on_copy_choices_read (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  CoPlanStart *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = NULL;
  CopyChoices *choices;

  /* Superseded by a newer reading, or the page is gone: @self may be too. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->reading);
  if ((choices = co_read_in_worker_finish (result, &error)) == NULL)
    {
      g_warning ("The plans to copy could not be read: %s", error->message);
      return;
    }
  /* The same choices keep the one chosen. */
  if (!same_choices (self, choices))
    {
      names = gtk_string_list_new (NULL);
      for (guint i = 0; i < choices->names->len; i++)
        gtk_string_list_append (names, choices->names->pdata[i]);
      g_array_set_size (self->copy_ids, 0);
      g_array_append_vals (self->copy_ids, choices->ids->data, choices->ids->len);
      adw_combo_row_set_model (self->copy_row, G_LIST_MODEL (names));
      gtk_widget_set_sensitive (GTK_WIDGET (self->copy_row), self->copy_ids->len > 0);
    }
  copy_choices_free (choices);
}

/* Reads the choices again in a worker, a reading under way dropped. Until they arrive the
 * choices shown stay: those of the group shown before, which had no plan either. */
static void
fill_copy_choices (CoPlanStart *self)
{
  self->copy_stale = FALSE;
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  self->reading = g_cancellable_new ();
  co_read_in_worker (self->store, read_copy_choices, g_memdup2 (&self->group_id, sizeof self->group_id), g_free,
                     (GDestroyNotify) copy_choices_free, self->reading, on_copy_choices_read, self);
}

static gboolean
same_templates (GPtrArray *a,
                GPtrArray *b)
{
  if (a == NULL || a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      CoTemplateInfo *x = a->pdata[i], *y = b->pdata[i];

      if (g_strcmp0 (x->name, y->name) != 0 || g_strcmp0 (x->description, y->description) != 0 ||
          g_strcmp0 (x->resource, y->resource) != 0 || g_strcmp0 (x->path, y->path) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
add_template_row (CoPlanStart *self)
{
  CoTemplateInfo *info = self->templates->pdata[self->template_rows->len];
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               info->description ? info->description
                                                 : info->path ? info->path : "");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "co-template", info);
  g_signal_connect (row, "activated", G_CALLBACK (on_template_activated), self);
  adw_preferences_group_add (self->templates_group, row);
  g_ptr_array_add (self->template_rows, row);
}

/* The template rows, one a frame from the frame after the page's first: the wrapped
 * description of each costs some 6 ms of layout on its own. */
static gboolean
add_template_row_a_frame (GtkWidget     *widget,
                          GdkFrameClock *clock,
                          gpointer       data)
{
  CoPlanStart *self = CO_PLAN_START (widget);
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);

  if (!gtk_widget_get_mapped (widget) || self->template_rows->len >= self->templates->len)
    {
      self->rows_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (frame > self->rows_frame)
    {
      self->rows_frame = frame;
      add_template_row (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
add_template_rows (CoPlanStart *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->rows_id != 0 || self->templates == NULL || self->template_rows->len >= self->templates->len)
    return;
  /* Not in the next frame, which lays out what is shown now. */
  self->rows_frame = clock != NULL ? gdk_frame_clock_get_frame_counter (clock) + 1 : 0;
  self->rows_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), add_template_row_a_frame, NULL, NULL);
}

/* A row per template, built-in or saved, a frame each. The rows shown stay when the
 * templates are the same (from one group without a plan to the next). */
static void
fill_templates (CoPlanStart *self)
{
  g_autoptr(GPtrArray) templates = co_template_list ();

  self->templates_stale = FALSE;
  if (!same_templates (self->templates, templates))
    {
      for (guint i = 0; i < self->template_rows->len; i++)
        adw_preferences_group_remove (self->templates_group, self->template_rows->pdata[i]);
      g_ptr_array_set_size (self->template_rows, 0);
      g_clear_pointer (&self->templates, g_ptr_array_unref);
      self->templates = g_steal_pointer (&templates);
    }
  add_template_rows (self);
}

static void
on_map (CoPlanStart *self)
{
  if (self->templates_stale)
    fill_templates (self);
  else
    add_template_rows (self);  /* those left when it was hidden */
  if (self->copy_stale)
    fill_copy_choices (self);
}

/* The page filled for @group_id when it is shown, not before: behind the Overview at the
 * window's start, the templates' rows cost more layout than the whole first screen shown (their
 * wrapped descriptions measured because the Plan page shares the Overview's stack), and which
 * other groups have a plan to copy reads every group's plan. */
void
co_plan_start_fill (CoPlanStart *self,
                    gint64       group_id)
{
  g_return_if_fail (CO_IS_PLAN_START (self));

  self->group_id = group_id;
  gtk_widget_set_sensitive (GTK_WIDGET (self), group_id != self->starting_id);
  self->templates_stale = TRUE;
  self->copy_stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    on_map (self);
}

/* Whether the page is still filling: template rows to make, or the plans to copy to read. */
gboolean
co_plan_start_is_loading (CoPlanStart *self)
{
  g_return_val_if_fail (CO_IS_PLAN_START (self), FALSE);

  return self->reading != NULL || self->rows_id != 0;
}

static void
co_plan_start_dispose (GObject *object)
{
  CoPlanStart *self = CO_PLAN_START (object);

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  if (self->rows_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->rows_id);
  self->rows_id = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), CO_TYPE_PLAN_START);
  g_clear_pointer (&self->copy_ids, g_array_unref);
  g_clear_pointer (&self->template_rows, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (co_plan_start_parent_class)->dispose (object);
}

static void
co_plan_start_class_init (CoPlanStartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = co_plan_start_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-plan-start.ui");
  gtk_widget_class_bind_template_child (widget_class, CoPlanStart, templates_group);
  gtk_widget_class_bind_template_child (widget_class, CoPlanStart, copy_row);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_start_empty_clicked);
}

static void
co_plan_start_init (CoPlanStart *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->copy_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->template_rows = g_ptr_array_new ();
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}
