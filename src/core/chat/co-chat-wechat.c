/* co-chat-wechat.c: WeChat, which exports nothing itself: MemoTrace's CSV (co-chat-memotrace.c),
 * or text copied from the chat window and pasted into a file. The pasted text has no dates (the
 * day is given with it, CoChatSink's day) and no ids; what it says of members is in two kinds of
 * line, the others ignored:
 *   the system's lines, with names in straight or curly double quotes:
 *     "张三"邀请"李四"加入了群聊            "张三"邀请"李四"、"王五"加入了群聊      (joins)
 *     "李四"通过扫描"张三"分享的二维码加入群聊                                  (a join)
 *     "王五"退出了群聊     你将"王五"移出了群聊     "张三"将"王五"移出了群聊        (leaves)
 *   ("你" is whoever pasted: not counted, nor named as the inviter);
 *   接龙 lists: a line "#接龙", perhaps a title line ("读书打卡第3天"), then numbered entries
 *     1. 张三
 *     2. 李四 已读完第三章
 *   each a message of that person saying the title and the entry's text ("读书打卡第3天
 *   已读完第三章"), so that a check-in's keyword finds it. Everyone who appends to a list posts
 *   it again whole: an entry's message id (the day, the title and the name) counts it once. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "core/chat/co-chat-formats.h"

#define MAX_LINE (1024 * 1024)
#define LIST_MARK "#接龙"
/* Straight or curly quotes around a name. */
#define QUOTE "[\"“”]"
#define NAME QUOTE "([^\"“”]+)" QUOTE

/* Who invited (1, or "你"), and whom (2: quoted names between 、). */
static GRegex *
invite_regex (void)
{
  static GRegex *regex;
  static gsize made;

  return co_chat_regex_once (&made, &regex, "^\\s*(?:" NAME "|你)\\s*邀请\\s*(.+?)\\s*加入了?群聊",
                             G_REGEX_OPTIMIZE);
}

/* Who joined (1) by whose code (2, or "你"). */
static GRegex *
code_regex (void)
{
  static GRegex *regex;
  static gsize made;

  return co_chat_regex_once (&made, &regex, "^\\s*" NAME "\\s*通过扫描\\s*(?:" NAME "|你)\\s*分享的二维码加入群聊",
                             G_REGEX_OPTIMIZE);
}

static GRegex *
leave_regex (void)
{
  static GRegex *regex;
  static gsize made;

  return co_chat_regex_once (&made, &regex, "^\\s*" NAME "\\s*退出了群聊", G_REGEX_OPTIMIZE);
}

/* Whom (2: quoted names) someone (1, or "你") removed. */
static GRegex *
remove_regex (void)
{
  static GRegex *regex;
  static gsize made;

  return co_chat_regex_once (&made, &regex, "^\\s*(?:" NAME "|你)\\s*将\\s*(.+?)\\s*移出了?群聊",
                             G_REGEX_OPTIMIZE);
}

static GRegex *
name_regex (void)
{
  static GRegex *regex;
  static gsize made;

  return co_chat_regex_once (&made, &regex, NAME, G_REGEX_OPTIMIZE);
}

/* "1. 张三", "2、李四 已读完第三章": the name (1) and what follows it (2). */
static GRegex *
entry_regex (void)
{
  static GRegex *regex;
  static gsize made;

  return co_chat_regex_once (&made, &regex, "^\\s*\\d{1,5}\\s*[.．、]\\s*(\\S+)(?:\\s+(.*?))?\\s*$",
                             G_REGEX_OPTIMIZE);
}

/* An event for each quoted name of @names. */
static gboolean
each_name (const char  *names,
           CoChatEvent *event,
           CoChatSink  *sink,
           GError     **error)
{
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (name_regex (), names, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      g_strstrip (name);
      if (*name == '\0')
        continue;
      event->person_name = name;
      if (!sink->func (event, sink->user_data, error))
        return FALSE;
    }
  return TRUE;
}

/* A line of @regex, whose group 1 is who acted (empty for "你") and group 2 the quoted names. */
static gboolean
names_line (GRegex          *regex,
            CoChatEventKind  kind,
            const char      *line,
            CoChatEvent     *event,
            CoChatSink      *sink,
            gboolean        *matched,
            GError         **error)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *names = NULL;

  if (!g_regex_match (regex, line, 0, &match))
    return TRUE;
  *matched = TRUE;
  actor = g_strstrip (g_match_info_fetch (match, 1));
  names = g_match_info_fetch (match, 2);
  event->kind = kind;
  event->inviter_name = kind == CO_CHAT_JOIN && *actor != '\0' ? actor : NULL;
  return each_name (names, event, sink, error);
}

gboolean
co_chat_wechat_system_line (const char  *line,
                            gint64       time,
                            const char  *place,
                            CoChatSink  *sink,
                            gboolean    *matched,
                            GError     **error)
{
  g_autoptr(GMatchInfo) match = NULL;
  CoChatEvent event = { .time = time, .text = "", .place = place };
  gboolean ok;

  *matched = FALSE;
  ok = names_line (invite_regex (), CO_CHAT_JOIN, line, &event, sink, matched, error);
  if (*matched)
    return ok;
  ok = names_line (remove_regex (), CO_CHAT_LEAVE, line, &event, sink, matched, error);
  if (*matched)
    return ok;
  if (!g_regex_match (code_regex (), line, 0, &match))
    {
      g_clear_pointer (&match, g_match_info_unref);
      g_regex_match (leave_regex (), line, 0, &match);
    }
  if (g_match_info_matches (match))
    {
      g_autofree char *name = g_strstrip (g_match_info_fetch (match, 1));
      g_autofree char *inviter = g_match_info_get_match_count (match) > 2
                                   ? g_strstrip (g_match_info_fetch (match, 2)) : NULL;

      *matched = TRUE;
      event.kind = g_match_info_get_regex (match) == code_regex () ? CO_CHAT_JOIN : CO_CHAT_LEAVE;
      event.person_name = name;
      event.inviter_name = inviter != NULL && *inviter != '\0' ? inviter : NULL;
      return *name == '\0' || sink->func (&event, sink->user_data, error);
    }
  return TRUE;
}

static gboolean
is_list_mark (const char *line)
{
  while (g_ascii_isspace (*line))
    line++;
  return g_str_has_prefix (line, LIST_MARK) || g_str_has_prefix (line, "＃接龙");
}

/* Pasted text: some line of the first piece is a system line or begins a 接龙 list. */
static gboolean
pasted_recognise (const char *head,
                  gsize       length)
{
  g_autofree char *text = g_strndup (head, length);
  g_auto(GStrv) lines = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    {
      /* The piece may end in the middle of a character. */
      const char *end;

      g_utf8_validate (text, -1, &end);
      text[end - text] = '\0';
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (is_list_mark (lines[i]) || g_regex_match (invite_regex (), lines[i], 0, NULL) ||
        g_regex_match (code_regex (), lines[i], 0, NULL) || g_regex_match (leave_regex (), lines[i], 0, NULL) ||
        g_regex_match (remove_regex (), lines[i], 0, NULL))
      return TRUE;
  return FALSE;
}

gboolean
co_chat_wechat_recognise (const char *head,
                          gsize       length)
{
  return co_chat_memotrace_recognise (head, length) || pasted_recognise (head, length);
}

/* Noon of the day given (YYYY-MM-DD), local time: the time of every event of pasted text. */
static gboolean
day_time (const char  *day,
          gint64      *time,
          GError     **error)
{
  g_autoptr(GDateTime) moment = NULL;
  guint year, month, date;
  char end;

  if (day == NULL)
    {
      g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_NO_DAY,
                   _("Text pasted from WeChat has no dates: give the day it is from"));
      return FALSE;
    }
  if (sscanf (day, "%4u-%2u-%2u%c", &year, &month, &date, &end) == 3 && g_date_valid_dmy (date, month, year))
    moment = g_date_time_new_local (year, month, date, 12, 0, 0);
  if (moment == NULL)
    {
      g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_NO_DAY, _("“%s” is not a day: give it as YYYY-MM-DD"), day);
      return FALSE;
    }
  *time = g_date_time_to_unix (moment);
  return TRUE;
}

typedef struct
{
  CoChatSink *sink;
  gint64      time;
  char        place[32];
  gboolean    in_list;
  gboolean    has_entries;
  GString    *title;
  gboolean    found;       /* a system line or a list */
} Paste;

static gboolean
list_entry (Paste       *self,
            GMatchInfo  *match,
            GError     **error)
{
  g_autofree char *name = g_match_info_fetch (match, 1);
  g_autofree char *rest = g_match_info_fetch (match, 2);
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  CoChatEvent event = {
    .kind = CO_CHAT_MESSAGE,
    .time = self->time,
    .person_name = name,
    .place = self->place,
  };

  self->has_entries = TRUE;
  if (rest == NULL)
    rest = g_strdup ("");
  text = g_strjoin (self->title->len > 0 && *rest != '\0' ? " " : "", self->title->str, rest, NULL);
  id = g_strdup_printf ("%s %s %s %s", LIST_MARK, self->sink->day, self->title->str, name);
  event.text = text;
  event.message_id = id;
  return self->sink->func (&event, self->sink->user_data, error);
}

static gboolean
paste_line (Paste       *self,
            const char  *line,
            GError     **error)
{
  g_autoptr(GMatchInfo) match = NULL;
  gboolean matched;

  if (is_list_mark (line))
    {
      g_autofree char *title = g_strstrip (g_strdup (strstr (line, "接龙") + strlen ("接龙")));

      self->found = self->in_list = TRUE;
      self->has_entries = FALSE;
      g_string_assign (self->title, title);
      return TRUE;
    }
  if (self->in_list)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (line));

      if (*stripped == '\0')
        return TRUE;
      if (g_regex_match (entry_regex (), stripped, 0, &match))
        return list_entry (self, match, error);
      /* The title, then perhaps a description or an example ("例 …") before the entries. */
      if (!self->has_entries)
        {
          if (self->title->len == 0)
            g_string_assign (self->title, stripped);
          return TRUE;
        }
      self->in_list = FALSE;
    }
  if (!co_chat_wechat_system_line (line, self->time, self->place, self->sink, &matched, error))
    return FALSE;
  self->found |= matched;
  return TRUE;
}

static gboolean
paste_read (CoChatInput *input,
            CoChatSink  *sink,
            GError     **error)
{
  Paste self = { .sink = sink, .title = g_string_new (NULL) };
  g_autoptr(GError) local_error = NULL;
  const char *line;

  if (day_time (sink->day, &self.time, &local_error))
    while ((line = co_chat_input_next_line (input, MAX_LINE, sink->cancellable, &local_error)) != NULL)
      {
        g_snprintf (self.place, sizeof self.place, _("line %u"), co_chat_input_get_line (input));
        if (!paste_line (&self, line, &local_error))
          break;
      }
  if (local_error == NULL && !self.found)
    g_set_error (&local_error, CO_CHAT_ERROR, CO_CHAT_ERROR_FORMAT,
                 _("No line says who joined or left, nor begins a 接龙 list: this is not text pasted from WeChat"));
  g_string_free (self.title, TRUE);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
co_chat_wechat_read (CoChatInput *input,
                     CoChatSink  *sink,
                     GError     **error)
{
  const char *head;
  gsize length;

  head = co_chat_input_peek (input, &length);
  if (co_chat_memotrace_recognise (head, length))
    return co_chat_memotrace_read (input, sink, error);
  return paste_read (input, sink, error);
}
