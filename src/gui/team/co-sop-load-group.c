/* co-sop-load-group.c: each person's SOP tasks on the Team place (co-sop-load-group.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "core/sop/co-sop-tasks.h"
#include "core/store/co-read-worker.h"
#include "gui/team/co-sop-load-group.h"
#include "gui/widgets/co-refresh.h"

struct _CoSopLoadGroup
{
  AdwPreferencesGroup  parent_instance;

  CoStore   *store;
  CoRefresh  refresh;
  GPtrArray *rows;
  GCancellable *reading;   /* the worker reading the counts, if any */
};

G_DEFINE_FINAL_TYPE (CoSopLoadGroup, co_sop_load_group, ADW_TYPE_PREFERENCES_GROUP)

static void
add_row (CoSopLoadGroup  *self,
         const char *title,
         const char *subtitle,
         gboolean    overdue)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    {
      GtkWidget *label = gtk_label_new (subtitle);

      gtk_widget_add_css_class (label, overdue ? "warning" : "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

/* A person's row: the name, and the counts (NULL: the row that says the team is empty). */
typedef struct
{
  char    *name;
  char    *counts;
  gboolean overdue;
} PersonLoad;

static void
person_load_free (PersonLoad *load)
{
  g_free (load->name);
  g_free (load->counts);
  g_free (load);
}

/* In the worker: each person's tasks due and overdue at @data (a GDateTime), counted over every
 * group's tasks. */
static gpointer
read_loads (CoStore       *reader,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GArray) loads = co_sop_load_by_person (reader, data, error);
  g_autoptr(GListStore) staff = NULL;
  GPtrArray *rows;

  if (loads == NULL)
    return NULL;
  staff = co_list_items (reader, CO_LIST_STAFF, 0, error);
  if (staff == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) person_load_free);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (staff)); i++)
    {
      g_autoptr(CoItem) person = g_list_model_get_item (G_LIST_MODEL (staff), i);
      g_autofree char *name = co_item_dup_title (person);
      g_autofree char *due = NULL;
      g_autofree char *overdue = NULL;
      PersonLoad *row = g_new0 (PersonLoad, 1);
      guint n_due = 0, n_overdue = 0;

      for (guint l = 0; l < loads->len; l++)
        if (g_array_index (loads, CoSopLoad, l).person_id == co_item_get_id (person))
          {
            n_due = g_array_index (loads, CoSopLoad, l).due;
            n_overdue = g_array_index (loads, CoSopLoad, l).overdue;
          }
      due = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u due today", "%u due today", n_due), n_due);
      overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue", n_overdue), n_overdue);
      row->name = g_strdup (name != NULL && *name ? name : _("Unnamed"));
      /* Translators: a person's SOP tasks: due today, then overdue */
      row->counts = g_strdup_printf (_("%s · %s"), due, overdue);
      row->overdue = n_overdue > 0;
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static void
on_loads_read (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  CoSopLoadGroup *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loads = NULL;

  /* Superseded by a newer reading, or the group is gone: @self may be too. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->reading);
  if ((loads = co_read_in_worker_finish (result, &error)) == NULL)
    {
      g_warning ("The SOP tasks by person could not be read: %s", error->message);
      return;
    }
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < loads->len; i++)
    {
      PersonLoad *load = loads->pdata[i];

      add_row (self, load->name, load->counts, load->overdue);
    }
  if (self->rows->len == 0)
    add_row (self, _("Nobody is in the team yet"), NULL, FALSE);
}

/* Reads the counts again in a worker (the tasks of a thousand groups); a reading still under way
 * is dropped. */
static void
reload (GtkWidget *widget)
{
  CoSopLoadGroup *self = CO_SOP_LOAD_GROUP (widget);

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  self->reading = g_cancellable_new ();
  co_read_in_worker (self->store, read_loads, g_date_time_new_now_local (), (GDestroyNotify) g_date_time_unref,
                     (GDestroyNotify) g_ptr_array_unref, self->reading, on_loads_read, self);
}

static void
on_store_changed (CoSopLoadGroup *self)
{
  co_refresh_queue (&self->refresh);
}

GtkWidget *
co_sop_load_group_new (CoStore *store)
{
  CoSopLoadGroup *self = g_object_new (CO_TYPE_SOP_LOAD_GROUP, NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  co_refresh_queue (&self->refresh);
  return GTK_WIDGET (self);
}

static void
co_sop_load_group_dispose (GObject *object)
{
  CoSopLoadGroup *self = CO_SOP_LOAD_GROUP (object);

  co_refresh_clear (&self->refresh);
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (co_sop_load_group_parent_class)->dispose (object);
}

static void
co_sop_load_group_class_init (CoSopLoadGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_sop_load_group_dispose;
}

static void
co_sop_load_group_init (CoSopLoadGroup *self)
{
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("SOP Tasks by Person"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Each person’s tasks still due today, and those past their time"));
  co_refresh_init (&self->refresh, GTK_WIDGET (self), reload);
}
