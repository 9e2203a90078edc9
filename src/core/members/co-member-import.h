/* co-member-import.h: members and their activity from CSV files (what Excel and WeCom export),
 * and members back out to CSV.
 *
 * An import is read and checked in full first (the preview), then written in one transaction
 * or not at all. */
#pragma once

#include "core/members/co-member-list.h"
#include "core/store/co-import.h"

G_BEGIN_DECLS

typedef enum
{
  CO_IMPORT_MEMBERS,
  CO_IMPORT_ACTIVITY,
} CoImportKind;

typedef enum
{
  CO_DUPLICATES_SKIP,
  CO_DUPLICATES_UPDATE,
} CoDuplicateAction;

typedef struct _CoMemberImport CoMemberImport;

/* Reads and checks the whole file. Fails only when the file cannot be read as a table at all
 * (encoding, quotes, a field too long, no rows, no nickname column); problems with single
 * values are listed by co_member_import_get_problems() and stop the commit. */
CoMemberImport *co_member_import_read          (CoStore           *store,
                                                gint64             group_id,
                                                CoImportKind       kind,
                                                GBytes            *bytes,
                                                GError           **error);
void            co_member_import_free          (CoMemberImport    *self);
const char     *co_member_import_get_encoding  (CoMemberImport    *self);
guint           co_member_import_get_n_rows    (CoMemberImport    *self);
/* The file's columns and what each was recognised as: a CoMemberField (or an activity file's
 * column), CO_MEMBER_IMPORT_CHANNEL, or -1: ignored. A channel column names each membership's
 * channel (来源渠道) by name; a name the channel list lacks is added to it, as a file exported
 * from a WeCom SCRM names its own channel QR codes. */
#define CO_MEMBER_IMPORT_CHANNEL 100
guint           co_member_import_get_n_columns (CoMemberImport    *self);
const char     *co_member_import_get_header    (CoMemberImport    *self,
                                                guint              column);
int             co_member_import_get_mapping   (CoMemberImport    *self,
                                                guint              column);
/* What the column was recognised as, translated; NULL for an ignored column. */
const char     *co_member_import_get_field_title (CoMemberImport *self,
                                                  guint           column);
/* A row's value in the file's column @column, as the file has it. */
const char     *co_member_import_get_value     (CoMemberImport    *self,
                                                guint              row,
                                                guint              column);
guint           co_member_import_get_line      (CoMemberImport    *self,
                                                guint              row);
/* Rows whose person is already in the group (same contact, else same nickname), or earlier
 * in the file. */
gboolean        co_member_import_is_duplicate  (CoMemberImport    *self,
                                                guint              row);
guint           co_member_import_get_n_duplicates (CoMemberImport *self);
/* CoImportProblem, in file order. */
GPtrArray      *co_member_import_get_problems  (CoMemberImport    *self);
/* The headers nobody recognised, which the import leaves out. */
GStrv           co_member_import_dup_ignored   (CoMemberImport    *self);

/* What the last commit wrote, in words: "1 added, 0 updated, 4 skipped (3 already in the
 * group, 1 repeated in the file)"; the skipped part only when rows were skipped. Rows with
 * problems are never counted: they refuse the whole file before the commit. */
char           *co_member_import_describe      (CoMemberImport    *self);
/* Writes every row through co_import_write() (a backup, then one transaction), then computes
 * the group's tiers. Refuses while there are problems. @added and @updated (either may be NULL) count what was written. */
gboolean        co_member_import_commit        (CoMemberImport    *self,
                                                CoDuplicateAction  duplicates,
                                                guint             *added,
                                                guint             *updated,
                                                GError           **error);

/* How far a worker's reading or writing is: the worker sets it, the window polls it. */
typedef struct _CoMemberImportProgress CoMemberImportProgress;

CoMemberImportProgress *co_member_import_progress_new          (void);
void                    co_member_import_progress_free         (CoMemberImportProgress *self);
double                  co_member_import_progress_get_fraction (CoMemberImportProgress *self);

/* co_member_import_read() in a worker thread on a read connection of its own, so that the window
 * stays drawn while a file of 100,000 rows is checked; the result arrives in the caller's
 * thread-default main context. @progress (may be NULL) must outlive the task. A group without
 * tiers gets its first ones here, before the worker starts. */
void            co_member_import_read_async    (CoStore                 *store,
                                                gint64                   group_id,
                                                CoImportKind             kind,
                                                GBytes                  *bytes,
                                                CoMemberImportProgress  *progress,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
/* The import read, its store @store; NULL with @error (G_IO_ERROR_CANCELLED when cancelled). */
CoMemberImport *co_member_import_read_finish   (CoStore                 *store,
                                                GAsyncResult            *result,
                                                GError                 **error);
/* co_member_import_commit() of an import without problems, in a worker thread on a connection
 * of its own (co_import_write_async(): the backup, then one transaction). @self is not to be
 * used until the callback. A cancelled commit writes nothing (G_IO_ERROR_CANCELLED). */
void            co_member_import_commit_async  (CoMemberImport          *self,
                                                CoDuplicateAction        duplicates,
                                                CoMemberImportProgress  *progress,
                                                GCancellable            *cancellable,
                                                GAsyncReadyCallback      callback,
                                                gpointer                 user_data);
gboolean        co_member_import_commit_finish (CoMemberImport          *self,
                                                GAsyncResult            *result,
                                                GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoMemberImport, co_member_import_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoMemberImportProgress, co_member_import_progress_free)

/* The members @query matches as CSV, in the columns the import reads. */
GBytes         *co_members_export_csv          (CoStore             *store,
                                                const CoMemberQuery *query,
                                                GError             **error);

G_END_DECLS
