/* co-exchange.h: a workspace, or one group, as a JSON document that teammates pass between
 * machines. The format is described in data/exchange-format.md.
 *
 * Reading a file (co_exchange_read) checks all of it without a store: a thread may do it. The
 * conflicts with a workspace are then listed (co_exchange_list_conflicts) before the import
 * writes anything (co_exchange_import), in one transaction: all of it or nothing.
 */
#pragma once

#include "core/store/co-store.h"

G_BEGIN_DECLS

#define CO_EXCHANGE_ERROR (co_exchange_error_quark ())

typedef enum
{
  CO_EXCHANGE_ERROR_INVALID,  /* the file: its message names the JSON path */
  CO_EXCHANGE_ERROR_TOO_LARGE,
} CoExchangeError;

#define CO_EXCHANGE_FORMAT "community-ops-exchange"
#define CO_EXCHANGE_VERSION 1
/* json-glib holds a whole document in memory, at about ten times its size. */
#define CO_EXCHANGE_MAX_BYTES (128 * 1024 * 1024)

typedef enum
{
  /* Every group of the file becomes a new group, with new identities; people and team rows
   * the workspace already has (the same uuid) are kept as they are. */
  CO_EXCHANGE_AS_NEW,
  /* A group of the file that the workspace has (the same uuid) is replaced by the file's,
   * keeping its place in the sidebar; people and team rows are updated from the file. */
  CO_EXCHANGE_REPLACE,
} CoExchangeMode;

typedef struct _CoExchange CoExchange;

GQuark      co_exchange_error_quark     (void);

/* The document of the whole workspace (@group_id 0) or of one group with what it uses. */
GBytes     *co_exchange_export          (CoStore         *store,
                                         gint64           group_id,
                                         GError         **error);
/* The same, written to @path under a temporary name and renamed: the old file stays whole if
 * anything fails. */
gboolean    co_exchange_export_to_file  (CoStore         *store,
                                         gint64           group_id,
                                         const char      *path,
                                         GError         **error);

CoExchange *co_exchange_read            (GBytes          *bytes,
                                         GError         **error);
CoExchange *co_exchange_read_file       (const char      *path,
                                         GError         **error);
void        co_exchange_free            (CoExchange      *self);
/* Fields the file has that this version does not know: they are not imported. */
GPtrArray  *co_exchange_get_warnings    (CoExchange      *self);
guint       co_exchange_get_n_groups    (CoExchange      *self);
guint       co_exchange_get_n_members   (CoExchange      *self);
/* Whether the workspace has a group of the file: then replacing differs from adding. */
gboolean    co_exchange_has_known_groups (CoExchange     *self,
                                          CoStore        *store);
/* What the import would change that the user may not expect, one translated sentence each. */
GPtrArray  *co_exchange_list_conflicts  (CoExchange      *self,
                                         CoStore         *store,
                                         CoExchangeMode   mode,
                                         GError         **error);
/* Writes the file into the workspace through co_import_write() (a backup, then one
 * transaction); @n_groups, if not NULL, is set to the groups written. */
gboolean    co_exchange_import          (CoExchange      *self,
                                         CoStore         *store,
                                         CoExchangeMode   mode,
                                         guint           *n_groups,
                                         GError         **error);
/* The same in a worker thread on a connection of its own (co_import_write_async()); takes
 * @self. */
void        co_exchange_import_async    (CoExchange          *self,
                                         CoStore             *store,
                                         CoExchangeMode       mode,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    co_exchange_import_finish   (CoStore         *store,
                                         GAsyncResult    *result,
                                         guint           *n_groups,
                                         GError         **error);

/* Whether the format holds @column of @table: test-exchange.c checks every column of the schema. */
gboolean    co_exchange_holds_column    (const char      *table,
                                         const char      *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoExchange, co_exchange_free)

G_END_DECLS
