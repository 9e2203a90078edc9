/* co-chat-input.h: a chat export's bytes as UTF-8 text, read in pieces, and its lines: what
 * every reader of the chat folder starts from. Internal to core/chat. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CoChatInput CoChatInput;

/* Takes @stream. Looks at its first bytes: a BOM, UTF-16 (every other byte NUL), UTF-8, or else
 * GB18030 (QQ and WeChat tools on Chinese Windows); fails with CO_CHAT_ERROR_ENCODING when they
 * are none of these. */
CoChatInput *co_chat_input_new          (GInputStream  *stream,
                                         GError       **error);
void         co_chat_input_free         (CoChatInput   *self);
/* "UTF-8", "UTF-16LE", "UTF-16BE" or "GB18030". */
const char  *co_chat_input_get_encoding (CoChatInput   *self);
/* The first bytes of the text (at most @size), without consuming them, for recognising the
 * format. */
const char  *co_chat_input_peek         (CoChatInput   *self,
                                         gsize         *size);
/* The next piece of text, up to 64 KiB: returns its length, 0 at the end, -1 with @error set. */
gssize       co_chat_input_read         (CoChatInput   *self,
                                         const char   **text,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* The next line, without its "\r\n" or "\n", NUL-terminated and owned by the input until the
 * next call; NULL at the end (@error unset) or on an error: a line over @max_bytes, or not
 * valid UTF-8 (the message names the line). */
const char  *co_chat_input_next_line    (CoChatInput   *self,
                                         gsize          max_bytes,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* The 1-based number of the line just returned. */
guint        co_chat_input_get_line     (CoChatInput   *self);
/* After each piece read, stores in *@kib_read (atomically: another thread shows it) how many
 * KiB of @file, the stream underneath the input, have been read. */
void         co_chat_input_watch        (CoChatInput   *self,
                                         GSeekable     *file,
                                         gint          *kib_read);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoChatInput, co_chat_input_free)

G_END_DECLS
