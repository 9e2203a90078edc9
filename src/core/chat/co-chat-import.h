/* co-chat-import.h: a chat export written into a group: its people as members (found again by
 * their handle, "telegram:user123", else by nickname in the group), what they wrote as activity
 * per day, their joins and leaves, and the daily figures of the days it covers where nobody
 * entered them.
 *
 * Reading is the preview and writes nothing; the commit reads the file a second time and writes
 * through co_import_write() (a backup, one transaction). The file is never held in memory: only
 * the people and each member's count per day are. The keys of the events counted are kept in
 * the workspace, so that the same export, or a later one overlapping it, counts nothing twice. */
#pragma once

#include <gio/gio.h>

#include "core/chat/co-chat-read.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

typedef struct _CoChatImport CoChatImport;

/* Reads @file (one pass of co_chat_read()) and matches its people with the workspace's. Fails
 * with the reader's error (CO_CHAT_ERROR) for a file it cannot read, or a file of several chats
 * without @chat_name. A message whose date does not exist does not fail it: it is listed in the
 * preview's problems, and the commit refuses the file until it is fixed. */
CoChatImport  *co_chat_import_read              (CoStore       *store,
                                                 gint64         group_id,
                                                 GFile         *file,
                                                 CoChatFormat   format,
                                                 const char    *chat_name,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
/* With @day ("YYYY-MM-DD"), the day of text without dates (pasted from WeChat): see
 * co_chat_read_full(). */
CoChatImport  *co_chat_import_read_full         (CoStore       *store,
                                                 gint64         group_id,
                                                 GFile         *file,
                                                 CoChatFormat   format,
                                                 const char    *chat_name,
                                                 const char    *day,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
void           co_chat_import_free              (CoChatImport  *self);
CoChatFormat   co_chat_import_get_format        (CoChatImport  *self);
CoChatSummary *co_chat_import_get_summary       (CoChatImport  *self);
/* The messages that cannot be counted, each with its place (CoImportProblem: the first
 * CO_CHAT_MAX_PROBLEMS of them), and how many there are in all. */
GPtrArray     *co_chat_import_get_problems      (CoChatImport  *self);
guint          co_chat_import_get_n_problems    (CoChatImport  *self);
/* The people of the chat who are not members yet, and those who are. */
guint          co_chat_import_get_n_new_members (CoChatImport  *self);
guint          co_chat_import_get_n_matched_members (CoChatImport *self);

/* Writes the chat into the group, then computes the group's tiers. Refuses a file with problems
 * (co_import_check_problems()), writing nothing. */
gboolean       co_chat_import_commit            (CoChatImport  *self,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
/* What the commit did: messages counted now, events skipped as counted by an earlier import,
 * daily figures written into empty cells, and those kept as someone entered them when the
 * chat says otherwise. */
guint          co_chat_import_get_n_written     (CoChatImport  *self);
guint          co_chat_import_get_n_already     (CoChatImport  *self);
guint          co_chat_import_get_n_figures_filled (CoChatImport *self);
guint          co_chat_import_get_n_figures_kept   (CoChatImport *self);
/* How many check-ins of the group's challenges the commit recorded (co-challenge.h). */
guint          co_chat_import_get_n_checkins       (CoChatImport *self);
/* The commit in words: "3 new members, 12 matched; 1,234 messages counted, 56 already imported;
 * 30 figures filled in, 2 kept as entered". */
char          *co_chat_import_describe          (CoChatImport  *self);

/* co_chat_import_read_full() in a worker thread, with @options' format, chat, day and progress
 * (told how far it is; kept by the caller until the callback; @options' chats is not used: see
 * co_chat_import_read_finish()). The people are matched there too, on a read connection of the
 * worker's own: the store's connection runs nothing. @cancellable stops it at the next event or piece of the file,
 * with G_IO_ERROR_CANCELLED. */
void           co_chat_import_read_async        (CoStore                 *store,
                                                 gint64                   group_id,
                                                 GFile                   *file,
                                                 const CoChatReadOptions *options,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
/* The preview, or NULL with the reader's error. A full export read without @chat_name fails
 * with CO_CHAT_ERROR_CHAT, its chats' names given in @chats (when not NULL) to choose from. */
CoChatImport  *co_chat_import_read_finish       (CoStore             *store,
                                                 GAsyncResult        *result,
                                                 GPtrArray          **chats,
                                                 GError             **error);
/* co_chat_import_commit() in a worker thread on a connection of its own (co_import_write_async():
 * the window's store is told of everything once it is done; the callback's source object is
 * the store). @self is not to be used until the callback. A cancelled commit writes nothing. */
void           co_chat_import_commit_async      (CoChatImport        *self,
                                                 CoChatProgress      *progress,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       co_chat_import_commit_finish     (CoChatImport        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoChatImport, co_chat_import_free)

G_END_DECLS
