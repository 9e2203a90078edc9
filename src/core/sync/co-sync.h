/* co-sync.h: a workspace kept in step with the team server (co-team-server.sql). Each change
 * written to the workspace, by whatever path, is captured by the database into an outbox; a
 * sync round pushes the outbox to the server and pulls the teammates' changes. Offline, the
 * outbox grows and everything keeps working. The password is never stored: libpq reads it from
 * the connection string given to co_sync_connect(), PGPASSWORD or ~/.pgpass. */
#pragma once

#include <gio/gio.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_SYNC_ERROR (co_sync_error_quark ())
GQuark co_sync_error_quark (void);

typedef enum
{
  CO_SYNC_ERROR_NOT_CONNECTED,  /* the workspace is not connected to a team server */
  CO_SYNC_ERROR_CONNECTED,      /* it is connected already */
  CO_SYNC_ERROR_BOTH_HOLD_DATA, /* the workspace and the team both hold data */
  CO_SYNC_ERROR_SERVER,         /* the server failed or the connection broke */
  CO_SYNC_ERROR_NOT_FOUND,      /* no such conflict */
} CoSyncError;

/* Connects the workspace to the team server @conninfo. The first teammate uploads the workspace;
 * the next ones download the team's. A workspace holding data is not replaced by the team's
 * unless @replace_local, after a backup. The password in @conninfo is used, not kept. */
gboolean co_sync_connect    (CoStore     *store,
                             const char  *conninfo,
                             gboolean     replace_local,
                             GError     **error);
/* Stops syncing: the capture stops and the outbox, conflicts and refusals are forgotten. */
gboolean co_sync_disconnect (CoStore     *store,
                             GError     **error);

typedef struct
{
  guint sent;       /* changes pushed and accepted */
  guint received;   /* teammates' changes pulled */
  guint conflicts;  /* new conflicts to look at */
  guint refused;    /* changes the server refused, kept */
} CoSyncRound;

/* One round: the outbox pushed in batches, then the changes after the last pulled, applied in one
 * transaction. */
gboolean co_sync_run        (CoStore      *store,
                             CoSyncRound  *round,
                             GError      **error);
/* The same in a worker thread on connections of its own; finishing emits ::changed on @store
 * for each table the round wrote. */
void     co_sync_run_async  (CoStore             *store,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
gboolean co_sync_run_finish (CoStore       *store,
                             GAsyncResult  *result,
                             CoSyncRound   *round,
                             GError       **error);

typedef struct
{
  gboolean   connected;
  char      *conninfo;   /* without a password */
  char      *login;
  GDateTime *last_sync;  /* NULL: never */
  guint      n_outbox;
  guint      n_conflicts;  /* not resolved */
  guint      n_refused;
} CoSyncStatus;

CoSyncStatus *co_sync_get_status  (CoStore      *store,
                                   GError      **error);
void          co_sync_status_free (CoSyncStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoSyncStatus, co_sync_status_free)

/* A field whose value a teammate's change replaced (mine is what this workspace had, theirs
 * what it has now), or a record deleted by a teammate while it was edited here (deleted: mine
 * is the edit, theirs NULL). Values are JSON. */
typedef struct
{
  gint64     id;
  char      *kind;
  char      *key;
  char      *field;
  char      *mine;
  char      *theirs;
  char      *theirs_by;
  GDateTime *theirs_at;
  gboolean   deleted;
} CoSyncConflict;

void       co_sync_conflict_free   (CoSyncConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoSyncConflict, co_sync_conflict_free)

/* The conflicts not resolved yet, oldest first. */
GPtrArray *co_sync_list_conflicts  (CoStore      *store,
                                    GError      **error);
/* "Use mine": my value is written again here and pushed at the next round; for a deleted record,
 * the record is restored with my edits. */
gboolean   co_sync_use_mine        (CoStore      *store,
                                    gint64        conflict_id,
                                    GError      **error);
/* "Keep theirs": the conflict is resolved as it stands. */
gboolean   co_sync_keep_theirs     (CoStore      *store,
                                    gint64        conflict_id,
                                    GError      **error);

/* A change the server refused (a viewer's, an editor's outside their groups): the local data
 * keeps it, and it is listed with the server's reason. */
typedef struct
{
  char      *kind;
  char      *key;
  char      *fields;
  char      *reason;
  GDateTime *refused_at;
} CoSyncRefusal;

void       co_sync_refusal_free  (CoSyncRefusal *refusal);
GPtrArray *co_sync_list_refused  (CoStore      *store,
                                  GError      **error);

/* Who changed the record @id of @table last, as the server said ("changed by 张三, 10:42"):
 * FALSE when no teammate's change of it was pulled. */
gboolean   co_sync_changed_by    (CoStore      *store,
                                  const char   *table,
                                  gint64        id,
                                  char        **login,
                                  GDateTime   **at);

/* The server's notices of new changes (LISTEN communityops), for the GUI to pull when told:
 * watch the socket co_sync_listener_get_fd() for input, then call co_sync_listener_check(). */
typedef struct _CoSyncListener CoSyncListener;

CoSyncListener *co_sync_listen              (CoStore         *store,
                                             GError         **error);
int             co_sync_listener_get_fd     (CoSyncListener  *listener);
/* Whether a notice arrived since the last call; FALSE with @error when the connection broke. */
gboolean        co_sync_listener_check      (CoSyncListener  *listener,
                                             GError         **error);
/* Waits up to @timeout_ms for a notice; TRUE when one arrived. */
gboolean        co_sync_listener_wait       (CoSyncListener  *listener,
                                             int              timeout_ms,
                                             GError         **error);
void            co_sync_listener_free       (CoSyncListener  *listener);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoSyncListener, co_sync_listener_free)

G_END_DECLS
