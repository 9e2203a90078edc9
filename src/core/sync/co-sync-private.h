/* co-sync-private.h: the sync's record kinds (co-sync-kinds.c), which co-sync.c captures, pushes,
 * uploads and applies. They are derived from the JSON exchange's description of the tables, the
 * one place that knows which columns travel; what the exchange lacks is here: each kind's key on
 * the wire, the tables the exchange carries inside others, and the columns that stay local. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char       *column;     /* the local column */
  char       *name;       /* on the wire: the exchange's name (a reference without "_id") */
  const char *ref_table;  /* a reference: the table it points to (it travels as its key), or NULL */
  gboolean    bytes;      /* a BLOB (a library image): it travels in base64 */
} SyncColumn;

typedef struct
{
  const char *kind;           /* the local table, the record's kind on the server */
  GArray     *key;            /* SyncColumn: "uuid", or the columns that make the record */
  GArray     *fields;         /* SyncColumn: the other columns that travel */
  gboolean    soft_delete;    /* deleted_at: a delete moves it to the trash */
  gboolean    has_created;    /* created_at and updated_at, set when a pulled record is added */
  gboolean    has_updated;
  gboolean    is_day_total;   /* member_activity: a day's count per kind, see co-sync-kinds.c */
  const char *group_parent;   /* a local group_id copied from this reference's row, or NULL */
  const char *group_parent_table;
} SyncKind;

/* Every kind, parents before the records that refer to them. */
const SyncKind *co_sync_kinds         (guint      *n_kinds);
const SyncKind *co_sync_kind_named    (const char *kind);

/* Whether @table.@column travels (as a key, a field, or the deleted flag), or is named as staying
 * local; the test fails for a column of the schema that is neither. */
gboolean        co_sync_column_travels    (const char *table,
                                           const char *column);
gboolean        co_sync_column_local_only (const char *table,
                                           const char *column);

/* SQL expressions over the row @row ("NEW", "OLD" or a table alias): the record's key, its
 * group's uuid (or NULL), its fields as a JSON object, and a reference's key. */
char           *co_sync_key_sql       (const SyncKind *kind,
                                       const char     *row);
char           *co_sync_group_sql     (const SyncKind *kind,
                                       const char     *row);
char           *co_sync_fields_sql    (const SyncKind *kind,
                                       const char     *row);
char           *co_sync_wire_sql      (const SyncColumn *column,
                                       const char       *row);
/* How many '/'-separated parts of a key the column takes: a membership is its group and member. */
guint           co_sync_key_parts     (const SyncColumn *column);

/* For tests: called with the PGconn after a push's batch was sent, before its commit
 * (@committed FALSE), and after the commit (TRUE); returning FALSE stops the round there, as a connection that
 * broke would, before the outbox is emptied. */
typedef gboolean (*CoSyncPushHook) (gpointer conn,
                                    guint    n_pushed,
                                    gboolean committed);
extern CoSyncPushHook co_sync_push_hook;
/* For tests: called after the server committed the first upload, before the workspace notes it;
 * returning FALSE stops there, as a kill or a broken connection would. */
typedef gboolean (*CoSyncUploadHook) (void);
extern CoSyncUploadHook co_sync_upload_hook;
/* How many changes a push's transaction holds. */
extern guint co_sync_batch_size;

G_END_DECLS
