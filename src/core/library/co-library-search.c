/* co-library-search.c: searches one at a time in a worker on one connection (co-library-search.h). */
#include "config.h"

#include "core/library/co-library-search.h"
#include "core/store/co-store-private.h"

struct _CoLibrarySearch
{
  GObject       parent_instance;

  char         *path;
  /* Used by the search running in the worker only, or here while none runs. */
  CoStore      *reader;     /* opened by the first search, or NULL */
  guint         n_opened;
  GCancellable *interrupt;  /* stops the reader's statement: a newer search waits */
  GTask        *running;    /* the search in the worker, or NULL */
  GTask        *next;       /* asked for while one ran, or NULL */
  gboolean      stopped;    /* the running search's answer is not wanted */
};

G_DEFINE_FINAL_TYPE (CoLibrarySearch, co_library_search, G_TYPE_OBJECT)

/* A search's query, copied, and what it found. */
typedef struct
{
  char  *search;
  char  *kind;
  char  *stage;
  char  *group_type;
  guint  limit;
  guint  n_matches;
} Search;

static void
search_free (Search *search)
{
  g_free (search->search);
  g_free (search->kind);
  g_free (search->stage);
  g_free (search->group_type);
  g_free (search);
}

static void
cancel (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "A newer search superseded this one");
  g_object_unref (task);
}

/* In the worker: @data is the asking task, whose Search it fills. */
static void
search_in_worker (GTask        *worker,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  CoLibrarySearch *self = source;
  Search *search = g_task_get_task_data (G_TASK (data));
  CoLibraryQuery query = { search->search, search->kind, search->stage, search->group_type, search->limit };
  GError *error = NULL;
  GPtrArray *items;

  if (self->reader == NULL)
    {
      self->reader = co_store_open_for_worker (self->path, self->interrupt, &error);
      self->n_opened++;
    }
  items = self->reader != NULL ? co_library_find (self->reader, &query, &search->n_matches, &error) : NULL;
  if (items == NULL)
    g_task_return_error (worker, error);
  else
    g_task_return_pointer (worker, items, (GDestroyNotify) g_ptr_array_unref);
}

static void start (CoLibrarySearch *self,
                   GTask           *task);

/* Here, once the worker is done: its answer to the task that asked, unless a newer search
 * waits (then the next runs). */
static void
on_searched (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  CoLibrarySearch *self = CO_LIBRARY_SEARCH (source);
  GTask *task = g_steal_pointer (&self->running);
  GError *error = NULL;
  GPtrArray *items = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->next != NULL || self->stopped)
    {
      g_clear_pointer (&items, g_ptr_array_unref);
      g_clear_error (&error);
      cancel (task);
      if (self->next != NULL)
        start (self, g_steal_pointer (&self->next));
      return;
    }
  if (items != NULL)
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
start (CoLibrarySearch *self,
       GTask           *task)
{
  g_autoptr(GTask) worker = g_task_new (self, NULL, on_searched, NULL);

  /* No search runs: nothing reads the cancellable meanwhile. */
  g_cancellable_reset (self->interrupt);
  self->stopped = FALSE;
  self->running = task;
  g_task_set_task_data (worker, g_object_ref (task), g_object_unref);
  g_task_run_in_thread (worker, search_in_worker);
}

CoLibrarySearch *
co_library_search_new (CoStore *store)
{
  CoLibrarySearch *self = g_object_new (CO_TYPE_LIBRARY_SEARCH, NULL);

  g_return_val_if_fail (CO_IS_STORE (store), NULL);
  self->path = g_strdup (co_store_get_path (store));
  return self;
}

void
co_library_search_find (CoLibrarySearch      *self,
                        const CoLibraryQuery *query,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  Search *search = g_new0 (Search, 1);

  g_return_if_fail (CO_IS_LIBRARY_SEARCH (self));
  search->search = g_strdup (query->search);
  search->kind = g_strdup (query->kind);
  search->stage = g_strdup (query->stage);
  search->group_type = g_strdup (query->group_type);
  search->limit = query->limit;
  g_task_set_source_tag (task, co_library_search_find);
  g_task_set_task_data (task, search, (GDestroyNotify) search_free);
  if (self->running == NULL)
    {
      start (self, task);
      return;
    }
  /* Only the newest waits; the running one is stopped where it is. */
  if (self->next != NULL)
    cancel (g_steal_pointer (&self->next));
  self->next = task;
  g_cancellable_cancel (self->interrupt);
}

GPtrArray *
co_library_search_finish (CoLibrarySearch  *self,
                          GAsyncResult     *result,
                          guint            *n_matches,
                          GError          **error)
{
  GPtrArray *items;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  items = g_task_propagate_pointer (G_TASK (result), error);
  if (n_matches != NULL)
    *n_matches = items != NULL ? ((Search *) g_task_get_task_data (G_TASK (result)))->n_matches : 0;
  return items;
}

void
co_library_search_stop (CoLibrarySearch *self)
{
  g_return_if_fail (CO_IS_LIBRARY_SEARCH (self));

  if (self->next != NULL)
    cancel (g_steal_pointer (&self->next));
  if (self->running != NULL)
    {
      self->stopped = TRUE;
      g_cancellable_cancel (self->interrupt);
    }
}

gboolean
co_library_search_is_busy (CoLibrarySearch *self)
{
  g_return_val_if_fail (CO_IS_LIBRARY_SEARCH (self), FALSE);
  return self->running != NULL || self->next != NULL;
}

guint
co_library_search_get_n_opened (CoLibrarySearch *self)
{
  return self->n_opened;
}

static void
co_library_search_finalize (GObject *object)
{
  CoLibrarySearch *self = CO_LIBRARY_SEARCH (object);

  /* The worker held a reference while it ran: none runs, none waits. */
  g_clear_object (&self->reader);
  g_clear_object (&self->interrupt);
  g_free (self->path);
  G_OBJECT_CLASS (co_library_search_parent_class)->finalize (object);
}

static void
co_library_search_class_init (CoLibrarySearchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = co_library_search_finalize;
}

static void
co_library_search_init (CoLibrarySearch *self)
{
  self->interrupt = g_cancellable_new ();
}
