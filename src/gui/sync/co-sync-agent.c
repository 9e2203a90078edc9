/* co-sync-agent.c: automatic sync rounds for a connected workspace (co-sync-agent.h).
 *
 * Every round runs in a worker (co_sync_run_async) on connections of its own; the main loop only
 * starts them, so it never waits on the network. The server's notices come on the LISTEN
 * connection, whose socket the main context watches: reading it never blocks. The listener is
 * opened in a worker too (connecting, and asking the keyring for the password, may take a while). */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "core/sync/co-sync.h"
#include "gui/sync/co-sync-agent.h"
#include "gui/widgets/co-changed-by.h"

guint co_sync_agent_push_delay_ms = 2000;
guint co_sync_agent_pull_interval_s = 60;

/* The pause before trying again after a failed round doubles from the first to the last. */
#define RETRY_FIRST_S 5
#define RETRY_LAST_S 120

struct _CoSyncAgent
{
  GObject           parent_instance;

  CoStore          *store;           /* not owned: the agent lives as long as it */
  CoSyncAgentState  state;
  char             *login;
  GDateTime        *last_sync;
  GDateTime        *offline_since;
  char             *error;
  guint             n_conflicts;
  guint             n_refused;
  guint             n_outbox;

  GCancellable     *cancellable;
  gboolean          running;         /* a round is in its worker */
  gboolean          again;           /* another round was asked for meanwhile */
  guint             push_source;
  guint             pull_source;
  guint             retry_source;
  guint             retry_s;
  guint             status_idle;

  CoSyncListener   *listener;
  guint             listener_watch;
  gboolean          listener_opening;
};

G_DEFINE_FINAL_TYPE (CoSyncAgent, co_sync_agent, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void request_round (CoSyncAgent *self);
static void open_listener (CoSyncAgent *self);

static void
set_state (CoSyncAgent      *self,
           CoSyncAgentState  state)
{
  self->state = state;
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Reads the connection, last sync and counts; FALSE when the workspace is not connected. */
static gboolean
read_status (CoSyncAgent *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSyncStatus) status = co_sync_get_status (self->store, &error);

  if (status == NULL)
    {
      g_warning ("The sync status could not be read: %s", error->message);
      return FALSE;
    }
  g_free (self->login);
  self->login = g_strdup (status->login);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  self->last_sync = status->last_sync != NULL ? g_date_time_ref (status->last_sync) : NULL;
  self->n_conflicts = status->n_conflicts;
  self->n_refused = status->n_refused;
  self->n_outbox = status->n_outbox;
  return status->connected;
}

static void
close_listener (CoSyncAgent *self)
{
  g_clear_handle_id (&self->listener_watch, g_source_remove);
  g_clear_pointer (&self->listener, co_sync_listener_free);
}

static void
stop (CoSyncAgent *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->push_source, g_source_remove);
  g_clear_handle_id (&self->pull_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  close_listener (self);
  self->running = self->again = self->listener_opening = FALSE;
  self->retry_s = 0;
  g_clear_pointer (&self->offline_since, g_date_time_unref);
  g_clear_pointer (&self->error, g_free);
}

static gboolean
on_retry (gpointer data)
{
  CoSyncAgent *self = data;

  self->retry_source = 0;
  request_round (self);
  return G_SOURCE_REMOVE;
}

static void
go_offline (CoSyncAgent *self,
            const char  *why)
{
  close_listener (self);
  if (self->offline_since == NULL)
    self->offline_since = g_date_time_new_now_local ();
  g_free (self->error);
  self->error = g_strdup (why);
  self->retry_s = self->retry_s == 0 ? RETRY_FIRST_S : MIN (self->retry_s * 2, RETRY_LAST_S);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add_seconds (self->retry_s, on_retry, self);
  set_state (self, CO_SYNC_AGENT_OFFLINE);
}

static void
on_round_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(CoSyncAgent) self = data;
  g_autoptr(GError) error = NULL;
  CoSyncRound round;

  if (!co_sync_run_finish (CO_STORE (source), result, &round, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->cancellable == NULL)  /* stopped meanwhile */
    return;
  self->running = FALSE;
  if (error != NULL)
    {
      if (g_error_matches (error, CO_SYNC_ERROR, CO_SYNC_ERROR_NOT_CONNECTED))
        {
          co_sync_agent_reload (self);
          return;
        }
      go_offline (self, error->message);
      return;
    }
  self->retry_s = 0;
  g_clear_pointer (&self->offline_since, g_date_time_unref);
  g_clear_pointer (&self->error, g_free);
  read_status (self);
  if (self->listener == NULL)
    open_listener (self);
  if (self->again)
    {
      self->again = FALSE;
      request_round (self);
      return;
    }
  set_state (self, CO_SYNC_AGENT_SYNCED);
}

static void
request_round (CoSyncAgent *self)
{
  if (self->cancellable == NULL)
    return;
  g_clear_handle_id (&self->push_source, g_source_remove);
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->running = TRUE;
  set_state (self, CO_SYNC_AGENT_SYNCING);
  co_sync_run_async (self->store, self->cancellable, on_round_done, g_object_ref (self));
}

/* ---- the server's notices ---- */

static gboolean
on_listener_ready (int           fd,
                   GIOCondition  condition,
                   gpointer      data)
{
  CoSyncAgent *self = data;
  g_autoptr(GError) error = NULL;

  if (co_sync_listener_check (self->listener, &error))
    request_round (self);
  else if (error != NULL)
    {
      /* The connection broke: the next round (now) says whether the server is gone. */
      self->listener_watch = 0;
      g_clear_pointer (&self->listener, co_sync_listener_free);
      request_round (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
listen_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(CoStore) store = co_store_open_deferring_rekey (task_data, &error);
  CoSyncListener *listener = store != NULL ? co_sync_listen (store, &error) : NULL;

  if (listener == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, listener, (GDestroyNotify) co_sync_listener_free);
}

static void
on_listener_opened (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(CoSyncAgent) self = data;
  g_autoptr(GError) error = NULL;
  CoSyncListener *listener = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->cancellable == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&listener, co_sync_listener_free);
      return;
    }
  self->listener_opening = FALSE;
  if (listener == NULL)
    {
      /* The periodic pull goes on; the next good round tries again. */
      g_debug ("Not listening to the team server: %s", error->message);
      return;
    }
  close_listener (self);
  self->listener = listener;
  self->listener_watch = g_unix_fd_add (co_sync_listener_get_fd (listener), G_IO_IN | G_IO_HUP | G_IO_ERR,
                                        on_listener_ready, self);
  /* A teammate may have pushed while the listener was opening. */
  request_round (self);
}

static void
open_listener (CoSyncAgent *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->listener_opening || self->cancellable == NULL)
    return;
  self->listener_opening = TRUE;
  task = g_task_new (NULL, self->cancellable, on_listener_opened, g_object_ref (self));
  g_task_set_task_data (task, g_strdup (co_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, listen_in_thread);
}

/* ---- changes here ---- */

static gboolean
on_push_due (gpointer data)
{
  CoSyncAgent *self = data;

  self->push_source = 0;
  request_round (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_periodic_pull (gpointer data)
{
  CoSyncAgent *self = data;

  if (self->retry_source == 0)
    request_round (self);
  return G_SOURCE_CONTINUE;
}

/* The counts once after a burst of ::changed (a pull announces each table it wrote); a change waiting
 * in the outbox is pushed after a pause, restarted by each change, unless a retry is due. */
static gboolean
on_status_idle (gpointer data)
{
  CoSyncAgent *self = data;
  gboolean connected;

  self->status_idle = 0;
  connected = read_status (self);
  if (connected != (self->state != CO_SYNC_AGENT_OFF))
    {
      co_sync_agent_reload (self);
      return G_SOURCE_REMOVE;
    }
  if (connected && self->n_outbox > 0 && self->retry_source == 0)
    {
      g_clear_handle_id (&self->push_source, g_source_remove);
      self->push_source = g_timeout_add (co_sync_agent_push_delay_ms, on_push_due, self);
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (CoSyncAgent *self)
{
  if (self->status_idle == 0)
    self->status_idle = g_idle_add (on_status_idle, self);
}

/* ---- the object ---- */

void
co_sync_agent_reload (CoSyncAgent *self)
{
  g_return_if_fail (CO_IS_SYNC_AGENT (self));

  stop (self);
  if (!read_status (self))
    {
      set_state (self, CO_SYNC_AGENT_OFF);
      return;
    }
  self->cancellable = g_cancellable_new ();
  self->pull_source = g_timeout_add_seconds (co_sync_agent_pull_interval_s, on_periodic_pull, self);
  request_round (self);
}

void
co_sync_agent_sync_now (CoSyncAgent *self)
{
  g_return_if_fail (CO_IS_SYNC_AGENT (self));
  request_round (self);
}

CoSyncAgentState
co_sync_agent_get_state (CoSyncAgent *self)
{
  return self->state;
}

GDateTime *
co_sync_agent_get_offline_since (CoSyncAgent *self)
{
  return self->offline_since;
}

GDateTime *
co_sync_agent_get_last_sync (CoSyncAgent *self)
{
  return self->last_sync;
}

const char *
co_sync_agent_get_login (CoSyncAgent *self)
{
  return self->login;
}

const char *
co_sync_agent_get_error (CoSyncAgent *self)
{
  return self->error;
}

guint
co_sync_agent_get_n_conflicts (CoSyncAgent *self)
{
  return self->n_conflicts;
}

guint
co_sync_agent_get_n_refused (CoSyncAgent *self)
{
  return self->n_refused;
}

char *
co_sync_agent_dup_summary (CoSyncAgent *self)
{
  g_autofree char *since = NULL;

  switch (self->state)
    {
    case CO_SYNC_AGENT_OFF:
      return g_strdup (_("Not Connected"));
    case CO_SYNC_AGENT_SYNCING:
      return g_strdup (_("Syncing…"));
    case CO_SYNC_AGENT_OFFLINE:
      since = co_format_sync_time (self->offline_since);
      /* Translators: %s is a time, e.g. 10:42 */
      return g_strdup_printf (_("Offline since %s"), since);
    case CO_SYNC_AGENT_SYNCED:
    default:
      if (self->n_conflicts > 0)
        return g_strdup_printf (ngettext ("%u Conflict", "%u Conflicts", self->n_conflicts),
                                self->n_conflicts);
      return g_strdup (_("Synced"));
    }
}

char *
co_sync_agent_dup_last_sync_text (CoSyncAgent *self)
{
  g_autofree char *at = NULL;

  if (self->last_sync == NULL)
    return g_strdup (_("Not synced yet"));
  at = co_format_sync_time (self->last_sync);
  /* Translators: %s is a time, e.g. 10:42, or a day and time */
  return g_strdup_printf (_("Last synced at %s"), at);
}

static void
co_sync_agent_dispose (GObject *object)
{
  CoSyncAgent *self = CO_SYNC_AGENT (object);

  stop (self);
  g_clear_handle_id (&self->status_idle, g_source_remove);
  G_OBJECT_CLASS (co_sync_agent_parent_class)->dispose (object);
}

static void
co_sync_agent_finalize (GObject *object)
{
  CoSyncAgent *self = CO_SYNC_AGENT (object);

  g_free (self->login);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  G_OBJECT_CLASS (co_sync_agent_parent_class)->finalize (object);
}

static void
co_sync_agent_class_init (CoSyncAgentClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_sync_agent_dispose;
  G_OBJECT_CLASS (klass)->finalize = co_sync_agent_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
co_sync_agent_init (CoSyncAgent *self)
{
}

CoSyncAgent *
co_sync_agent_get (CoStore *store)
{
  CoSyncAgent *self = g_object_get_data (G_OBJECT (store), "co-sync-agent");

  if (self != NULL)
    return self;
  self = g_object_new (CO_TYPE_SYNC_AGENT, NULL);
  self->store = store;
  g_object_set_data_full (G_OBJECT (store), "co-sync-agent", self, g_object_unref);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  co_sync_agent_reload (self);
  return self;
}
