/* co-sync-view.h: what the app shows and asks of the team connection: a connection string made
 * from the fields of a form and read back into them, and a synced record's name for a person. */
#pragma once

#include <glib.h>

#include "core/store/co-store.h"

G_BEGIN_DECLS

/* A libpq "key='value'" string from the fields of a form; an empty or NULL field is left out. */
char *co_sync_conninfo_build (const char *host,
                              const char *port,
                              const char *database,
                              const char *user,
                              const char *password,
                              const char *sslmode);

/* The value of @keyword ("host", "port", "dbname", "user", "sslmode") in @conninfo, or NULL. */
char *co_sync_conninfo_get   (const char *conninfo,
                              const char *keyword);

/* The name a person knows the record of @kind with @key by (a member's nickname, a group's or a
 * task's name, a membership's member), or NULL when it has none here (deleted, or a kind
 * without one). */
char *co_sync_record_title   (CoStore    *store,
                              const char *kind,
                              const char *key);

/* What a person calls a kind ("Member", "Goal") and one of its fields ("City"), translated; the
 * names as they are for one the exchange does not title. */
const char *co_sync_kind_title  (const char *kind);
const char *co_sync_field_title (const char *kind,
                                 const char *field);

G_END_DECLS
