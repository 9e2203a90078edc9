/* co-chat-input.c: exports are hundreds of MB, so nothing here holds more than a piece of the
 * file and the current line. The encoding is decided from the first 64 KiB; text converted from
 * UTF-16 or GB18030 goes through GIO's charset converter as it is read. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/chat/co-chat.h"
#include "core/chat/co-chat-input.h"

#define PIECE (64 * 1024)

struct _CoChatInput
{
  GInputStream *stream;    /* UTF-8 from here on */
  const char   *encoding;
  gboolean      check_utf8; /* the file claimed UTF-8: each line is checked */
  char         *piece;
  gsize         piece_length;
  gsize         piece_offset;
  gboolean      at_end;
  GString      *line;
  guint         line_number;
  GSeekable    *watched;    /* the file's own stream, for how far it is read */
  gint         *kib_read;
};

G_DEFINE_QUARK (co-chat-error-quark, co_chat_error)

/* Valid UTF-8 but perhaps for a character cut at the end of the sample. */
static gboolean
looks_utf8 (const char *bytes,
            gsize       length)
{
  const char *end = NULL;

  if (g_utf8_validate_len (bytes, length, &end))
    return TRUE;
  return length - (gsize) (end - bytes) < 4 && length == PIECE &&
         g_utf8_get_char_validated (end, length - (end - bytes)) == (gunichar) -2;
}

static gboolean
looks_gb18030 (const char *bytes,
               gsize       length)
{
  g_autofree char *converted = NULL;
  gsize read = 0;
  g_autoptr(GError) error = NULL;

  converted = g_convert (bytes, length, "UTF-8", "GB18030", &read, NULL, &error);
  /* A double-byte character cut at the end of the sample is fine. */
  return converted != NULL || (error->code == G_CONVERT_ERROR_PARTIAL_INPUT) ||
         (length == PIECE && length - read < 4);
}

static const char *
detect_encoding (const guint8 *bytes,
                 gsize         length,
                 gsize        *bom)
{
  guint zeros_even = 0, zeros_odd = 0;

  *bom = 0;
  if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    {
      *bom = 3;
      return "UTF-8";
    }
  if (length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
    {
      *bom = 2;
      return "UTF-16LE";
    }
  if (length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
    {
      *bom = 2;
      return "UTF-16BE";
    }
  /* Without a BOM, UTF-16 text of mostly ASCII has a NUL in every other byte. */
  for (gsize i = 0; i + 1 < length && i < 512; i += 2)
    {
      zeros_even += bytes[i] == 0;
      zeros_odd += bytes[i + 1] == 0;
    }
  if (length >= 4 && zeros_odd > length / 8 && zeros_even == 0)
    return "UTF-16LE";
  if (length >= 4 && zeros_even > length / 8 && zeros_odd == 0)
    return "UTF-16BE";
  if (memchr (bytes, 0, length) != NULL)
    return NULL;
  if (looks_utf8 ((const char *) bytes, length))
    return "UTF-8";
  if (looks_gb18030 ((const char *) bytes, length))
    return "GB18030";
  return NULL;
}

CoChatInput *
co_chat_input_new (GInputStream  *stream,
                   GError       **error)
{
  g_autoptr(GInputStream) owned = stream;
  g_autoptr(GBufferedInputStream) buffered = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *bytes;
  gsize length, bom;
  const char *encoding;
  CoChatInput *self;

  buffered = G_BUFFERED_INPUT_STREAM (g_buffered_input_stream_new_sized (owned, PIECE));
  if (g_buffered_input_stream_fill (buffered, PIECE, NULL, &local_error) < 0)
    {
      g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_FORMAT, "%s", local_error->message);
      return NULL;
    }
  bytes = g_buffered_input_stream_peek_buffer (buffered, &length);
  encoding = detect_encoding (bytes, length, &bom);
  if (encoding == NULL)
    {
      g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_ENCODING,
                   _("The file is not text: it is neither UTF-8, UTF-16 nor GB18030"));
      return NULL;
    }
  if (bom > 0)
    g_input_stream_skip (G_INPUT_STREAM (buffered), bom, NULL, NULL);

  self = g_new0 (CoChatInput, 1);
  self->encoding = encoding;
  self->piece = g_malloc (PIECE + 1);
  self->line = g_string_new (NULL);
  if (g_str_equal (encoding, "UTF-8"))
    {
      self->stream = G_INPUT_STREAM (g_steal_pointer (&buffered));
      self->check_utf8 = TRUE;
    }
  else
    {
      g_autoptr(GCharsetConverter) converter = g_charset_converter_new ("UTF-8", encoding, NULL);

      self->stream = g_converter_input_stream_new (G_INPUT_STREAM (buffered), G_CONVERTER (converter));
    }
  return self;
}

void
co_chat_input_free (CoChatInput *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->stream);
  g_clear_object (&self->watched);
  g_free (self->piece);
  g_string_free (self->line, TRUE);
  g_free (self);
}

const char *
co_chat_input_get_encoding (CoChatInput *self)
{
  return self->encoding;
}

static gboolean
fill (CoChatInput   *self,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize n;

  if (self->piece_offset < self->piece_length || self->at_end)
    return TRUE;
  n = g_input_stream_read (self->stream, self->piece, PIECE, cancellable, &local_error);
  if (n < 0)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_ENCODING,
                     _("Line %u: the text is not %s: %s"), self->line_number + 1, self->encoding,
                     local_error->message);
      return FALSE;
    }
  if (self->kib_read != NULL)
    g_atomic_int_set (self->kib_read, (gint) (g_seekable_tell (self->watched) / 1024));
  self->piece_length = n;
  self->piece_offset = 0;
  self->piece[n] = '\0';
  self->at_end = n == 0;
  return TRUE;
}

const char *
co_chat_input_peek (CoChatInput *self,
                    gsize       *size)
{
  /* The piece read first is still whole until a reader consumes it. */
  if (self->piece_length == 0 && !fill (self, NULL, NULL))
    self->piece_length = 0;
  *size = self->piece_length - self->piece_offset;
  return self->piece + self->piece_offset;
}

gssize
co_chat_input_read (CoChatInput   *self,
                    const char   **text,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gsize n;

  if (!fill (self, cancellable, error))
    return -1;
  n = self->piece_length - self->piece_offset;
  *text = self->piece + self->piece_offset;
  self->piece_offset = self->piece_length;
  return n;
}

const char *
co_chat_input_next_line (CoChatInput   *self,
                         gsize          max_bytes,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_string_truncate (self->line, 0);
  for (;;)
    {
      const char *start, *newline;
      gsize available, take;

      if (!fill (self, cancellable, error))
        return NULL;
      if (self->at_end)
        {
          if (self->line->len == 0)
            return NULL;
          break;
        }
      start = self->piece + self->piece_offset;
      available = self->piece_length - self->piece_offset;
      newline = memchr (start, '\n', available);
      take = newline != NULL ? (gsize) (newline - start) : available;
      if (self->line->len + take > max_bytes)
        {
          g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_TOO_BIG, _("Line %u is longer than %u KiB"),
                       self->line_number + 1, (guint) (max_bytes / 1024));
          return NULL;
        }
      g_string_append_len (self->line, start, take);
      self->piece_offset += take + (newline != NULL);
      if (newline != NULL)
        break;
    }
  self->line_number++;
  if (self->line->len > 0 && self->line->str[self->line->len - 1] == '\r')
    g_string_truncate (self->line, self->line->len - 1);
  if (self->check_utf8 && !g_utf8_validate_len (self->line->str, self->line->len, NULL))
    {
      g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_ENCODING,
                   _("Line %u is not valid UTF-8"), self->line_number);
      return NULL;
    }
  if (memchr (self->line->str, '\0', self->line->len) != NULL)
    {
      g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_ENCODING,
                   _("Line %u holds a NUL byte: the file is not text"), self->line_number);
      return NULL;
    }
  return self->line->str;
}

guint
co_chat_input_get_line (CoChatInput *self)
{
  return self->line_number;
}

void
co_chat_input_watch (CoChatInput *self,
                     GSeekable   *file,
                     gint        *kib_read)
{
  g_set_object (&self->watched, file);
  self->kib_read = kib_read;
}
