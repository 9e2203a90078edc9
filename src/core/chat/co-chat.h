/* co-chat.h: what a chat export says, one event at a time: a message, someone joining, someone
 * leaving. The readers (co-chat-read.h) turn each platform's export into these. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CO_CHAT_ERROR (co_chat_error_quark ())

typedef enum
{
  CO_CHAT_ERROR_FORMAT,    /* not an export the readers know, or not the format asked for */
  CO_CHAT_ERROR_ENCODING,  /* bytes that are not text in UTF-8, UTF-16 or GB18030 */
  CO_CHAT_ERROR_SYNTAX,    /* broken JSON, a line that does not parse, a date that does not exist */
  CO_CHAT_ERROR_TOO_BIG,   /* a line, a text or a nesting beyond the readers' limits */
  CO_CHAT_ERROR_CHAT,      /* a file of several chats and none (or an unknown one) chosen */
  CO_CHAT_ERROR_NO_DAY,    /* text without dates (pasted from WeChat) and no day, or not a day, given */
} CoChatError;

GQuark co_chat_error_quark (void);

typedef enum
{
  CO_CHAT_FORMAT_AUTO,
  CO_CHAT_FORMAT_TELEGRAM,
  CO_CHAT_FORMAT_DISCORD,
  CO_CHAT_FORMAT_WHATSAPP,
  CO_CHAT_FORMAT_QQ,
  CO_CHAT_FORMAT_WECHAT,
} CoChatFormat;

/* "telegram", "discord", ...: the names --format takes; NULL for AUTO. */
const char   *co_chat_format_to_string   (CoChatFormat  format);
/* FALSE for a name that is none of them. */
gboolean      co_chat_format_from_string (const char   *name,
                                          CoChatFormat *format);
/* "Telegram", "WhatsApp", "QQ", "WeChat": for people. */
const char   *co_chat_format_get_label   (CoChatFormat  format);

typedef enum
{
  CO_CHAT_MESSAGE,
  CO_CHAT_JOIN,
  CO_CHAT_LEAVE,
} CoChatEventKind;

/* One event. The strings are owned by the reader and valid during the callback only. */
typedef struct
{
  CoChatEventKind kind;
  gint64          time;          /* seconds since 1970 UTC */
  const char     *chat_id;       /* the chat's id in the export (Telegram's, Discord's channel), or NULL */
  const char     *message_id;    /* the export's id within its chat, or NULL where the format has none */
  const char     *person_id;     /* the platform's id of who wrote, joined or left, or NULL */
  const char     *person_name;   /* as the chat shows them: never NULL or empty */
  const char     *inviter_id;    /* for a join: who invited or added them, where the export says */
  const char     *inviter_name;
  const char     *text;          /* what a message says ("" for a photo without a caption) */
  gboolean        is_bot;
  const char     *place;         /* "line 12" or "messages[41]": where the event is in the file */
} CoChatEvent;

/* The problems of single messages that a reading went past: a date or time that does not
 * exist. Kept as CoImportProblem (its line, 0 in JSON; its message says the place, a line or a
 * JSON path, and why), up to CO_CHAT_MAX_PROBLEMS of them; @total counts them all. */
#define CO_CHAT_MAX_PROBLEMS 100

typedef struct
{
  GPtrArray *list;   /* CoImportProblem */
  guint      total;
} CoChatProblems;

CoChatProblems *co_chat_problems_new  (void);
void            co_chat_problems_free (CoChatProblems *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoChatProblems, co_chat_problems_free)

/* Return FALSE with @error set to stop the reading. */
typedef gboolean (*CoChatEventFunc) (const CoChatEvent *event,
                                     gpointer           user_data,
                                     GError           **error);

G_END_DECLS
