/* co-chat-json.h: the message objects of a JSON chat export (Telegram Desktop, DiscordChatExporter),
 * streamed one at a time through yajl, each as a flat table of its values. Internal to core/chat. */
#pragma once

#include "core/chat/co-chat-input.h"

G_BEGIN_DECLS

/* Each message: @chat holds the scalar values of the chat around it ("name", "type",
 * "channel.name"), @message those of the message, by their path inside it ("from", "text[1].text",
 * "author.id", "members[0]"); numbers as written, true/false as "true"/"false", null left out.
 * @place is the message's path in the file ("messages[41]", "chats.list[2].messages[0]"). */
typedef gboolean (*CoChatJsonMessageFunc) (GHashTable  *chat,
                                           GHashTable  *message,
                                           const char  *place,
                                           gpointer     user_data,
                                           GError     **error);

/* Reads the whole of @input. A full Telegram export holds a list of chats: @chat_name chooses
 * one (its messages only are given); without it, or when no chat has that name, fails with
 * CO_CHAT_ERROR_CHAT naming the chats the file holds. Broken JSON fails with
 * CO_CHAT_ERROR_SYNTAX and its line; nesting over 64 levels or a message over 1 MiB with
 * CO_CHAT_ERROR_TOO_BIG. */
gboolean co_chat_json_read (CoChatInput            *input,
                            const char             *chat_name,
                            CoChatJsonMessageFunc   func,
                            gpointer                user_data,
                            GCancellable           *cancellable,
                            GError                **error);

/* The same; for a full export read without @chat_name, the names of its chats are appended to
 * @chats (when not NULL) instead of failing, and no message is given. */
gboolean co_chat_json_read_chats (CoChatInput            *input,
                                  const char             *chat_name,
                                  GPtrArray              *chats,
                                  CoChatJsonMessageFunc   func,
                                  gpointer                user_data,
                                  GCancellable           *cancellable,
                                  GError                **error);

/* "text" as Telegram writes it: a string, or an array of strings and {"type", "text"} objects,
 * joined. Newly allocated. */
char    *co_chat_json_dup_text (GHashTable             *message,
                                const char             *key);

G_END_DECLS
