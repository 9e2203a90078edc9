/* co-chat-read.h: reading a chat export of any known platform, and what it holds in figures. */
#pragma once

#include <gio/gio.h>

#include "core/chat/co-chat.h"

G_BEGIN_DECLS

/* Reads @file, a stream of events to @func. @format AUTO recognises the platform from the first
 * 64 KiB (the one found in @found, if not NULL). @chat_name chooses the chat of an export that
 * holds several; without it such a file fails with CO_CHAT_ERROR_CHAT naming them. Every error
 * says where in the file (line, or JSON path). Nothing is kept between calls of @func, so a
 * file of any size reads in little memory. */
gboolean co_chat_read (GFile            *file,
                       CoChatFormat      format,
                       const char       *chat_name,
                       CoChatEventFunc   func,
                       gpointer          user_data,
                       CoChatFormat     *found,
                       GCancellable     *cancellable,
                       GError          **error);

/* How far a reading is, for a progress bar: safe to ask from another thread than the reading's. */
typedef struct _CoChatProgress CoChatProgress;

CoChatProgress *co_chat_progress_new          (void);
void            co_chat_progress_free         (CoChatProgress *self);
/* The share of the file's bytes read so far, from 0 to 1 (1 once a reading succeeded). */
double          co_chat_progress_get_fraction (CoChatProgress *self);

/* What a reading is told beyond its file; each may be left 0 or NULL. */
typedef struct
{
  CoChatFormat    format;     /* AUTO: recognised from the file */
  const char     *chat_name;  /* the chat to read of an export that holds several */
  const char     *day;        /* "YYYY-MM-DD": the day of text without dates, text pasted from a
                               * WeChat group (which without it fails with CO_CHAT_ERROR_NO_DAY) */
  CoChatProgress *progress;   /* told how far the reading is */
  GPtrArray      *chats;      /* strings: a full export read without @chat_name does not fail, the
                               * names of its chats are appended here and no event is given */
  CoChatProblems *problems;   /* a message whose date does not exist is noted here and skipped;
                               * without it, such a message fails the reading. Whatever breaks the
                               * file's structure (broken JSON, bad encoding, a line too long, a
                               * file that is not an export) fails it in any case. */
} CoChatReadOptions;

/* co_chat_read() with @options. */
gboolean co_chat_read_full (GFile                   *file,
                            const CoChatReadOptions *options,
                            CoChatEventFunc          func,
                            gpointer                 user_data,
                            CoChatFormat            *found,
                            GCancellable            *cancellable,
                            GError                 **error);

/* The chats a full export holds (Telegram's "Export Telegram data"), by name in the file's
 * order, as the choice to offer; an empty array for an export of one chat. */
gboolean co_chat_list_chats (GFile            *file,
                             GCancellable     *cancellable,
                             GPtrArray       **names,
                             GError          **error);

/* What an export holds, as the import's preview and the command line say it. */
typedef struct _CoChatSummary CoChatSummary;

CoChatSummary *co_chat_summary_new          (void);
void           co_chat_summary_free         (CoChatSummary     *self);
/* A CoChatEventFunc: counts @event into the summary (user_data). */
gboolean       co_chat_summary_add          (const CoChatEvent *event,
                                             gpointer           summary,
                                             GError           **error);
/* The distinct people the chat shows (who wrote, joined or left), not bots. */
guint          co_chat_summary_get_members  (CoChatSummary     *self);
/* What people wrote: not system lines, nor bots; a message id seen twice counts once. */
guint          co_chat_summary_get_messages (CoChatSummary     *self);
guint          co_chat_summary_get_joins    (CoChatSummary     *self);
guint          co_chat_summary_get_leaves   (CoChatSummary     *self);
/* The people, each once: who has an id in the export by it, the others by their name. */
typedef struct
{
  char *key;      /* what co_chat_summary_person_key() gives for their events */
  char *handle;   /* the platform's id, or NULL */
  char *name;
} CoChatPerson;

void           co_chat_person_free          (CoChatPerson      *person);
/* CoChatPerson, in no order. */
GPtrArray     *co_chat_summary_dup_people   (CoChatSummary     *self);
/* Whose @event is, once the whole file was added: a key of co_chat_summary_dup_people(); NULL
 * for a bot's. */
const char    *co_chat_summary_person_key   (CoChatSummary     *self,
                                             const CoChatEvent *event);
/* The local days of the first and the last event, or FALSE for a chat without any. */
gboolean       co_chat_summary_get_days     (CoChatSummary     *self,
                                             GDate             *first,
                                             GDate             *last);

/* The local calendar day of @time. */
void           co_chat_local_day            (GDate             *date,
                                             gint64             time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoChatSummary, co_chat_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoChatProgress, co_chat_progress_free)

G_END_DECLS
