/* co-chat-json.c: json-glib reads a whole tree, which for a Telegram export of hundreds of MB
 * is gigabytes; yajl gives the document as a stream of callbacks, of which this keeps a path
 * and the values of one message at a time. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "core/chat/co-chat-formats.h"
#include "core/chat/co-chat-json.h"

#define MAX_DEPTH 64
#define MAX_MESSAGE_BYTES (1024 * 1024)

typedef struct
{
  gboolean is_array;
  gsize    base;      /* the length of the path before this container's members */
  guint    index;     /* of an array's next element */
  char    *key;       /* of a map's current member */
} Frame;

typedef struct
{
  GArray                *frames;
  GString               *path;
  /* Where the message being read starts: its depth, and the length of its path. */
  guint                  message_depth;
  gsize                  message_base;
  gsize                  message_bytes;
  guint                  chat_depth;
  gsize                  chat_base;
  GHashTable            *chat;
  GHashTable            *message;
  const char            *chat_name;
  gboolean               full_export;   /* a list of chats, not one */
  gboolean               in_chosen_chat;
  gboolean               chosen_found;
  GPtrArray             *chat_names;
  CoChatJsonMessageFunc  func;
  gpointer               user_data;
  GError                *error;
} Reader;

static Frame *
top (Reader *self)
{
  return self->frames->len > 0 ? &g_array_index (self->frames, Frame, self->frames->len - 1) : NULL;
}

/* "messages", "chats.list[3].messages", "left_chats.list[0].messages" */
static gboolean
is_message_list (const char *path)
{
  const char *rest;

  if (g_str_equal (path, "messages"))
    return TRUE;
  if (g_str_has_prefix (path, "chats.list["))
    rest = path + strlen ("chats.list[");
  else if (g_str_has_prefix (path, "left_chats.list["))
    rest = path + strlen ("left_chats.list[");
  else
    return FALSE;
  while (g_ascii_isdigit (*rest))
    rest++;
  return g_str_equal (rest, "].messages");
}

static gboolean
is_chat_in_list (const char *path)
{
  const char *rest;

  if (g_str_has_prefix (path, "chats.list["))
    rest = path + strlen ("chats.list[");
  else if (g_str_has_prefix (path, "left_chats.list["))
    rest = path + strlen ("left_chats.list[");
  else
    return FALSE;
  if (!g_ascii_isdigit (*rest))
    return FALSE;
  while (g_ascii_isdigit (*rest))
    rest++;
  return g_str_equal (rest, "]");
}

static gboolean
fail (Reader     *self,
      int         code,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Reader     *self,
      int         code,
      const char *format,
      ...)
{
  va_list args;

  if (self->error == NULL)
    {
      va_start (args, format);
      self->error = g_error_new_valist (CO_CHAT_ERROR, code, format, args);
      va_end (args);
    }
  return FALSE;
}

/* Before any value: inside an array, the path names its element. */
static void
enter_value (Reader *self)
{
  Frame *frame = top (self);

  if (frame != NULL && frame->is_array)
    {
      g_string_truncate (self->path, frame->base);
      g_string_append_printf (self->path, "[%u]", frame->index++);
    }
}

static gboolean
in_message (Reader *self)
{
  return self->message_depth > 0 && self->frames->len >= self->message_depth;
}

static gboolean
keep_scalar (Reader     *self,
             const char *value,
             gsize       length)
{
  if (in_message (self))
    {
      const char *relative = self->path->str + self->message_base;

      self->message_bytes += length + self->path->len;
      if (self->message_bytes > MAX_MESSAGE_BYTES)
        return fail (self, CO_CHAT_ERROR_TOO_BIG, _("The message at %.*s is longer than 1 MiB"),
                     (int) self->message_base, self->path->str);
      if (*relative == '.')
        relative++;
      g_hash_table_insert (self->message, g_strdup (relative), g_strndup (value, length));
    }
  else if (self->chat_depth > 0 && self->frames->len >= self->chat_depth &&
           self->frames->len <= self->chat_depth + 1)
    {
      const char *relative = self->path->str + self->chat_base;

      if (*relative == '.')
        relative++;
      g_hash_table_insert (self->chat, g_strdup (relative), g_strndup (value, length));
      if (g_str_equal (relative, "name") && self->full_export)
        {
          g_ptr_array_add (self->chat_names, g_strndup (value, length));
          self->in_chosen_chat = self->chat_name != NULL && strlen (self->chat_name) == length &&
                                 memcmp (self->chat_name, value, length) == 0;
          self->chosen_found |= self->in_chosen_chat;
        }
    }
  return TRUE;
}

static int
on_null (void *ctx)
{
  enter_value (ctx);
  return TRUE;
}

static int
on_boolean (void *ctx,
            int   value)
{
  enter_value (ctx);
  return keep_scalar (ctx, value ? "true" : "false", value ? 4 : 5);
}

static int
on_number (void       *ctx,
           const char *value,
           size_t      length)
{
  enter_value (ctx);
  return keep_scalar (ctx, value, length);
}

static int
on_string (void                *ctx,
           const unsigned char *value,
           size_t               length)
{
  enter_value (ctx);
  return keep_scalar (ctx, (const char *) value, length);
}

static gboolean
push (Reader   *self,
      gboolean  is_array)
{
  Frame frame = { is_array, self->path->len, 0, NULL };

  if (self->frames->len >= MAX_DEPTH)
    return fail (self, CO_CHAT_ERROR_TOO_BIG, _("The JSON is nested deeper than %d levels at %s"),
                 MAX_DEPTH, self->path->str);
  g_array_append_val (self->frames, frame);
  return TRUE;
}

static int
on_start_map (void *ctx)
{
  Reader *self = ctx;
  Frame *parent;

  enter_value (self);
  parent = top (self);
  if (self->frames->len == 0)
    {
      /* The root is the chat, unless it holds a list of chats. */
      self->chat_depth = 1;
      self->chat_base = 0;
    }
  else if (parent->is_array && self->message_depth == 0)
    {
      g_autofree char *list = g_strndup (self->path->str, parent->base);

      if (is_message_list (list))
        {
          self->message_depth = self->frames->len + 1;
          self->message_base = self->path->len;
          self->message_bytes = 0;
          g_hash_table_remove_all (self->message);
        }
      else if (is_chat_in_list (self->path->str))
        {
          self->full_export = TRUE;
          self->in_chosen_chat = FALSE;
          self->chat_depth = self->frames->len + 1;
          self->chat_base = self->path->len;
          g_hash_table_remove_all (self->chat);
        }
    }
  return push (self, FALSE);
}

static int
on_map_key (void                *ctx,
            const unsigned char *key,
            size_t               length)
{
  Reader *self = ctx;
  Frame *frame = top (self);

  g_string_truncate (self->path, frame->base);
  if (frame->base > 0)
    g_string_append_c (self->path, '.');
  g_string_append_len (self->path, (const char *) key, length);
  /* A full export: the root's "chats" holds the list. */
  if (self->frames->len == 1 && length == 5 && memcmp (key, "chats", 5) == 0)
    self->full_export = TRUE;
  return TRUE;
}

static int
on_start_array (void *ctx)
{
  Reader *self = ctx;

  enter_value (self);
  return push (self, TRUE);
}

static gboolean
give_message (Reader *self)
{
  g_autoptr(GError) error = NULL;

  if (self->full_export && !self->in_chosen_chat)
    return TRUE;
  if (!self->func (self->chat, self->message, self->path->str, self->user_data, &error))
    {
      if (self->error == NULL)
        self->error = g_steal_pointer (&error);
      return FALSE;
    }
  return TRUE;
}

static int
on_end (void *ctx)
{
  Reader *self = ctx;
  guint depth = self->frames->len;
  gboolean ok = TRUE;

  g_array_set_size (self->frames, depth - 1);
  if (depth == self->message_depth)
    {
      g_string_truncate (self->path, self->message_base);
      ok = give_message (self);
      self->message_depth = 0;
    }
  else if (depth == self->chat_depth && self->full_export)
    self->chat_depth = 0;
  if (top (self) != NULL)
    g_string_truncate (self->path, top (self)->base);
  return ok;
}

static const yajl_callbacks callbacks = {
  on_null, on_boolean, NULL, NULL, on_number, on_string,
  on_start_map, on_map_key, on_end, on_start_array, on_end,
};

/* The 1-based line of the byte yajl stopped at, counted in the piece it was given and before. */
static guint
count_lines (const char *text,
             gsize       length)
{
  guint lines = 0;

  for (const char *p = text; (p = memchr (p, '\n', length - (p - text))) != NULL; p++)
    lines++;
  return lines;
}

gboolean
co_chat_json_read (CoChatInput            *input,
                   const char             *chat_name,
                   CoChatJsonMessageFunc   func,
                   gpointer                user_data,
                   GCancellable           *cancellable,
                   GError                **error)
{
  return co_chat_json_read_chats (input, chat_name, NULL, func, user_data, cancellable, error);
}

gboolean
co_chat_json_read_chats (CoChatInput            *input,
                         const char             *chat_name,
                         GPtrArray              *chats,
                         CoChatJsonMessageFunc   func,
                         gpointer                user_data,
                         GCancellable           *cancellable,
                         GError                **error)
{
  Reader self = {
    .frames = g_array_new (FALSE, FALSE, sizeof (Frame)),
    .path = g_string_new (NULL),
    .chat = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
    .message = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
    .chat_name = chat_name,
    .chat_names = g_ptr_array_new_with_free_func (g_free),
    .func = func,
    .user_data = user_data,
  };
  yajl_handle parser = yajl_alloc (&callbacks, NULL, &self);
  guint line = 1;
  gboolean ok = TRUE;
  yajl_status status = yajl_status_ok;

  for (;;)
    {
      const char *text;
      gssize n = co_chat_input_read (input, &text, cancellable, error);

      if (n < 0)
        {
          ok = FALSE;
          break;
        }
      status = n == 0 ? yajl_complete_parse (parser) : yajl_parse (parser, (const guchar *) text, n);
      if (status != yajl_status_ok)
        {
          if (self.error != NULL)
            g_propagate_error (error, g_steal_pointer (&self.error));
          else
            {
              gsize consumed = n == 0 ? 0 : yajl_get_bytes_consumed (parser);
              unsigned char *message = yajl_get_error (parser, FALSE, NULL, 0);

              g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX,
                           n == 0 ? _("The file ends in the middle of the JSON (line %u)")
                                  : _("Line %u: the JSON is broken: %s"),
                           line + count_lines (text, MIN (consumed, (gsize) n)), (const char *) message);
              yajl_free_error (parser, message);
            }
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;
      line += count_lines (text, n);
    }
  if (ok && self.full_export && chat_name == NULL && chats != NULL)
    {
      for (guint i = 0; i < self.chat_names->len; i++)
        g_ptr_array_add (chats, g_strdup (g_ptr_array_index (self.chat_names, i)));
    }
  else if (ok && self.full_export && (chat_name == NULL || !self.chosen_found))
    {
      co_chat_set_chats_error (error, chat_name, self.chat_names);
      ok = FALSE;
    }
  yajl_free (parser);
  g_array_unref (self.frames);
  g_string_free (self.path, TRUE);
  g_hash_table_unref (self.chat);
  g_hash_table_unref (self.message);
  g_ptr_array_unref (self.chat_names);
  g_clear_error (&self.error);
  return ok;
}

char *
co_chat_json_dup_text (GHashTable *message,
                       const char *key)
{
  const char *whole = g_hash_table_lookup (message, key);
  g_autoptr(GString) text = NULL;

  if (whole != NULL)
    return g_strdup (whole);
  text = g_string_new (NULL);
  for (guint i = 0;; i++)
    {
      g_autofree char *part_key = g_strdup_printf ("%s[%u]", key, i);
      g_autofree char *entity_key = g_strdup_printf ("%s[%u].text", key, i);
      const char *part = g_hash_table_lookup (message, part_key);

      if (part == NULL)
        part = g_hash_table_lookup (message, entity_key);
      if (part == NULL)
        {
          /* An entity without text (rare) still takes its place in the array. */
          g_autofree char *type_key = g_strdup_printf ("%s[%u].type", key, i);

          if (g_hash_table_lookup (message, type_key) == NULL)
            break;
          continue;
        }
      g_string_append (text, part);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
