/* co-chat-qq.c: the text that QQ's message manager exports:
 *   消息记录（此消息记录为文本格式，不支持重新导入）
 *   ================================================================
 *   消息分组:我的QQ群
 *   ================================================================
 *   消息对象:读书会
 *   ================================================================
 *
 *   2023-05-01 9:05:03 【管理员】张三(123456)
 *   message lines ...
 *   (an empty line)
 * The author is a nickname followed by the QQ number in brackets, or by an e-mail address in
 * <>, with a group title such as 【管理员】 or 【群主】 before it. An export of several chats repeats
 * the 消息对象 header for each. The system (QQ number 10000) writes who joined and left:
 * "张三(123456)加入本群", "张三 退出了本群", "张三被管理员移出本群". QQ on Windows writes UTF-16. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/chat/co-chat-formats.h"

#define MAX_LINE (1024 * 1024)
#define MAX_MESSAGE (4 * 1024 * 1024)
#define SYSTEM_NUMBER "10000"

static GRegex *
header_regex (void)
{
  static GRegex *regex;
  static gsize made;

  return co_chat_regex_once (&made, &regex,
                             "^(\\d{4})-(\\d{1,2})-(\\d{1,2}) (\\d{1,2}):(\\d{2}):(\\d{2}) "
                             "(?:【[^】]*】)?(.*?)(?:\\((\\d{4,12})\\)|<([^<>]+)>)$", 0);
}

static GRegex *
system_regex (void)
{
  static GRegex *regex;
  static gsize made;

  return co_chat_regex_once (&made, &regex,
                             "^\\s*(.+?)(?:\\((\\d{4,12})\\))?\\s*"
                             "(加入本群|加入了本群|已加入本群|退出本群|退出了本群|已退出本群|被管理员移出本群|被移出本群|被移出了本群)",
                             0);
}

gboolean
co_chat_qq_recognise (const char *head,
                      gsize       length)
{
  g_autofree char *text = g_strndup (head, length);

  return strstr (text, "消息记录（此消息记录为文本格式") != NULL || strstr (text, "\n消息对象:") != NULL ||
         g_str_has_prefix (text, "消息分组:") || g_str_has_prefix (text, "消息对象:");
}

typedef struct
{
  CoChatSink *sink;
  GString    *text;
  GString    *author;
  GString    *number;
  gboolean    pending;
  gint64      time;
  char        place[32];
  GPtrArray  *chats;
  gboolean    in_chosen;
} Reader;

static gboolean
system_message (Reader  *self,
                GError **error)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  g_autofree char *verb = NULL;
  CoChatEvent event = { .time = self->time, .text = "", .place = self->place };

  if (!g_regex_match (system_regex (), self->text->str, 0, &match))
    return TRUE;
  name = g_match_info_fetch (match, 1);
  number = g_match_info_fetch (match, 2);
  verb = g_match_info_fetch (match, 3);
  g_strstrip (name);
  if (*name == '\0')
    return TRUE;
  event.kind = strstr (verb, "加入") != NULL ? CO_CHAT_JOIN : CO_CHAT_LEAVE;
  event.person_name = name;
  event.person_id = number != NULL && *number != '\0' ? number : NULL;
  return self->sink->func (&event, self->sink->user_data, error);
}

static gboolean
flush (Reader  *self,
       GError **error)
{
  CoChatEvent event = {
    .kind = CO_CHAT_MESSAGE,
    .time = self->time,
    .person_name = self->author->str,
    .person_id = self->number->str,
    .text = self->text->str,
    .place = self->place,
  };

  if (!self->pending)
    return TRUE;
  self->pending = FALSE;
  /* The empty line that ends each message is not part of it. */
  while (self->text->len > 0 && self->text->str[self->text->len - 1] == '\n')
    g_string_truncate (self->text, self->text->len - 1);
  if (g_str_equal (self->number->str, SYSTEM_NUMBER))
    return system_message (self, error);
  return self->sink->func (&event, self->sink->user_data, error);
}

/* A new 消息对象: a chat begins. Its messages count when it is the one chosen, or the only one. */
static void
begin_chat (Reader     *self,
            const char *name)
{
  g_ptr_array_add (self->chats, g_strdup (name));
  if (self->sink->chat_name != NULL)
    self->in_chosen = g_str_equal (name, self->sink->chat_name);
  else
    self->in_chosen = self->chats->len == 1;
}

static gboolean
chosen_chat_found (Reader  *self,
                   GError **error)
{
  /* One chat, named or not: it is the file's. */
  if (self->chats->len == 0 || (self->sink->chat_name == NULL && self->chats->len == 1))
    return TRUE;
  if (self->sink->chat_name != NULL)
    for (guint i = 0; i < self->chats->len; i++)
      if (g_str_equal (g_ptr_array_index (self->chats, i), self->sink->chat_name))
        return TRUE;
  co_chat_set_chats_error (error, self->sink->chat_name, self->chats);
  return FALSE;
}

static gboolean
header (Reader      *self,
        GMatchInfo  *match,
        guint        line,
        GError     **error)
{
  guint numbers[6];
  g_autofree char *name = g_match_info_fetch (match, 7);
  g_autofree char *number = g_match_info_fetch (match, 8);
  g_autofree char *address = g_match_info_fetch (match, 9);
  g_autoptr(GDateTime) moment = NULL;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *text = g_match_info_fetch (match, i + 1);

      numbers[i] = (guint) g_ascii_strtoull (text, NULL, 10);
    }
  if (g_date_valid_dmy (numbers[2], numbers[1], numbers[0]) && numbers[3] < 24 && numbers[4] < 60 &&
      numbers[5] < 60)
    moment = g_date_time_new_local (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5]);
  if (moment == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("Line %u: the date or time does not exist"), line);

      /* Noted, and the message's lines skipped; or the error. */
      self->pending = FALSE;
      return co_chat_sink_problem (self->sink, line, why, error);
    }
  g_strstrip (name);
  g_string_assign (self->number, number != NULL && *number != '\0' ? number : address);
  g_string_assign (self->author, *name != '\0' ? name : self->number->str);
  g_string_truncate (self->text, 0);
  self->time = g_date_time_to_unix (moment);
  g_snprintf (self->place, sizeof self->place, _("line %u"), line);
  self->pending = self->in_chosen;
  return TRUE;
}

gboolean
co_chat_qq_read (CoChatInput *input,
                 CoChatSink  *sink,
                 GError     **error)
{
  Reader self = {
    .sink = sink,
    .text = g_string_new (NULL),
    .author = g_string_new (NULL),
    .number = g_string_new (NULL),
    .chats = g_ptr_array_new_with_free_func (g_free),
    .in_chosen = TRUE,
  };
  g_autoptr(GError) local_error = NULL;
  gboolean seen_header = FALSE;
  const char *line;

  while ((line = co_chat_input_next_line (input, MAX_LINE, sink->cancellable, &local_error)) != NULL)
    {
      g_autoptr(GMatchInfo) match = NULL;
      guint number = co_chat_input_get_line (input);

      if (g_str_has_prefix (line, "消息对象:"))
        {
          if (!flush (&self, &local_error))
            break;
          begin_chat (&self, line + strlen ("消息对象:"));
          continue;
        }
      if (g_regex_match (header_regex (), line, 0, &match))
        {
          if (!flush (&self, &local_error) || !header (&self, match, number, &local_error))
            break;
          seen_header = TRUE;
          continue;
        }
      if (!self.pending)
        continue;
      if (self.text->len + strlen (line) + 1 > MAX_MESSAGE)
        {
          g_set_error (&local_error, CO_CHAT_ERROR, CO_CHAT_ERROR_TOO_BIG,
                       _("%s: the message is longer than 4 MiB"), self.place);
          break;
        }
      if (self.text->len > 0 || *line != '\0')
        {
          if (self.text->len > 0)
            g_string_append_c (self.text, '\n');
          g_string_append (self.text, line);
        }
    }
  if (local_error == NULL)
    flush (&self, &local_error);
  if (local_error == NULL && !seen_header && self.chats->len == 0)
    g_set_error (&local_error, CO_CHAT_ERROR, CO_CHAT_ERROR_FORMAT,
                 _("No line starts with a date, a time and a QQ member: this is not a QQ export"));
  if (local_error == NULL)
    chosen_chat_found (&self, &local_error);
  g_string_free (self.text, TRUE);
  g_string_free (self.author, TRUE);
  g_string_free (self.number, TRUE);
  g_ptr_array_unref (self.chats);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
