/* co-sync-agent.h: the app's side of the team sync, one for each workspace: while it is
 * connected, rounds run by themselves (a push a couple of seconds after a change, a pull when
 * the server tells of a teammate's, and one every minute), in a worker, retried with a growing
 * pause while the server cannot be reached. The header's status, Preferences and the Conflicts
 * window read it and listen to its ::changed. */
#pragma once

#include <gio/gio.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

typedef enum
{
  CO_SYNC_AGENT_OFF,      /* the workspace is not connected */
  CO_SYNC_AGENT_SYNCED,
  CO_SYNC_AGENT_SYNCING,
  CO_SYNC_AGENT_OFFLINE,  /* the last round failed: retried later */
} CoSyncAgentState;

#define CO_TYPE_SYNC_AGENT (co_sync_agent_get_type ())
G_DECLARE_FINAL_TYPE (CoSyncAgent, co_sync_agent, CO, SYNC_AGENT, GObject)

/* The agent of @store, made at the first call and kept as long as the store. */
CoSyncAgent      *co_sync_agent_get              (CoStore     *store);

CoSyncAgentState  co_sync_agent_get_state        (CoSyncAgent *self);
/* When the rounds began to fail, or NULL. */
GDateTime        *co_sync_agent_get_offline_since (CoSyncAgent *self);
GDateTime        *co_sync_agent_get_last_sync    (CoSyncAgent *self);
const char       *co_sync_agent_get_login        (CoSyncAgent *self);
/* The last round's error, or NULL. */
const char       *co_sync_agent_get_error        (CoSyncAgent *self);
guint             co_sync_agent_get_n_conflicts  (CoSyncAgent *self);
guint             co_sync_agent_get_n_refused    (CoSyncAgent *self);

/* A few words for the header: "Synced", "Syncing…", "Offline since 10:42", "2 Conflicts". */
char             *co_sync_agent_dup_summary      (CoSyncAgent *self);
/* "Last synced at 10:42" (with the day when not today), or "Not synced yet". */
char             *co_sync_agent_dup_last_sync_text (CoSyncAgent *self);

/* Reads the connection again (after connecting or disconnecting) and starts or stops syncing. */
void              co_sync_agent_reload           (CoSyncAgent *self);
/* A round now (or right after the one running). */
void              co_sync_agent_sync_now         (CoSyncAgent *self);

/* For tests: the pause before a push after a change, and between periodic pulls. */
extern guint co_sync_agent_push_delay_ms;
extern guint co_sync_agent_pull_interval_s;

G_END_DECLS
