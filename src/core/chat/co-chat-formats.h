/* co-chat-formats.h: one reader per platform's export, each recognising its own format from the
 * text's first piece and giving its events. Internal to core/chat: co-chat-read.h chooses. */
#pragma once

#include "core/chat/co-chat.h"
#include "core/chat/co-chat-input.h"

G_BEGIN_DECLS

typedef struct
{
  GFile           *file;        /* to read again: WhatsApp's day and month order is known at the end */
  const char      *chat_name;   /* the chat of a full export to read, or NULL */
  CoChatEventFunc  func;
  gpointer         user_data;
  GCancellable    *cancellable;
  const char      *day;         /* "YYYY-MM-DD": the day of text without dates (pasted from WeChat), or NULL */
  GPtrArray       *chats;       /* not NULL: a full export read without chat_name lists its chats here */
  CoChatProblems  *problems;    /* where a message's bad date goes, or NULL: it fails the reading */
} CoChatSink;

/* A message that cannot be counted (its date does not exist) at @line (0 in JSON), @message
 * saying where and why: noted in the sink's problems, and TRUE: the reader skips the message
 * and goes on. Without a problems list, FALSE with @message as the error (CO_CHAT_ERROR_SYNTAX). */
gboolean co_chat_sink_problem (CoChatSink  *sink,
                               guint        line,
                               const char  *message,
                               GError     **error);

/* Whether the text's first piece (@head, @length bytes) looks like this format's export. */
gboolean co_chat_telegram_recognise (const char  *head,
                                     gsize        length);
gboolean co_chat_discord_recognise  (const char  *head,
                                     gsize        length);
gboolean co_chat_whatsapp_recognise (const char  *head,
                                     gsize        length);
gboolean co_chat_qq_recognise       (const char  *head,
                                     gsize        length);
gboolean co_chat_wechat_recognise   (const char  *head,
                                     gsize        length);

gboolean co_chat_telegram_read      (CoChatInput *input,
                                     CoChatSink  *sink,
                                     GError     **error);
gboolean co_chat_discord_read       (CoChatInput *input,
                                     CoChatSink  *sink,
                                     GError     **error);
gboolean co_chat_whatsapp_read      (CoChatInput *input,
                                     CoChatSink  *sink,
                                     GError     **error);
gboolean co_chat_qq_read            (CoChatInput *input,
                                     CoChatSink  *sink,
                                     GError     **error);
gboolean co_chat_wechat_read        (CoChatInput *input,
                                     CoChatSink  *sink,
                                     GError     **error);

/* WeChat's two readers (co-chat-wechat.c chooses): MemoTrace's CSV, whose first line is a CSV
 * header, and text pasted from the chat window. */
gboolean co_chat_memotrace_recognise (const char  *head,
                                      gsize        length);
gboolean co_chat_memotrace_read     (CoChatInput *input,
                                     CoChatSink  *sink,
                                     GError     **error);
/* A WeChat system line (“"张三"邀请"李四"加入了群聊”, “"王五"退出了群聊”, …): its joins or
 * leaves to @sink at @time; *@matched FALSE (and nothing sent) for any other line. */
gboolean co_chat_wechat_system_line (const char  *line,
                                     gint64       time,
                                     const char  *place,
                                     CoChatSink  *sink,
                                     gboolean    *matched,
                                     GError     **error);

/* Fails with CO_CHAT_ERROR_CHAT: the file holds several chats (@names) and @chosen is NULL or
 * none of them. */
void     co_chat_set_chats_error    (GError     **error,
                                     const char  *chosen,
                                     GPtrArray   *names);

/* A reader's @pattern, compiled once for the program into the caller's static *@regex, guarded
 * by its static *@made: readers run in workers, several at once. */
GRegex  *co_chat_regex_once         (gsize              *made,
                                     GRegex            **regex,
                                     const char         *pattern,
                                     GRegexCompileFlags  flags);

/* Whether @head starts (after white space) with "{" and holds each of the quoted @keys. */
gboolean co_chat_json_head_has      (const char  *head,
                                     gsize        length,
                                     const char  *const *keys);

G_END_DECLS
