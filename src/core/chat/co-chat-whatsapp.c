/* co-chat-whatsapp.c: WhatsApp's "Export chat" text. Each message starts a line with its time:
 *   31/12/2020, 21:41 - Alice: Hello            (Android)
 *   12/31/20, 9:41 PM - Alice: Hello            (Android, 12-hour, month first)
 *   [31/12/20, 21:41:05] Alice: Hello           (iPhone, often after a U+200E mark)
 * with "." or "/" between day, month and year, and any following line that does not start so
 * continuing the message. A line without "Name: " is the system's: "Alice added Bob and Carol",
 * "Bob joined using this group's invite link", "Bob left", "Alice removed Bob", among others
 * (group created, encryption notices) that say nothing of members. "You" is whoever exported.
 *
 * Phones write the day first or the month first, and the file does not say which: the first
 * pass reads the dates alone and takes the order that every one of them allows; when both do
 * (no day after the 12th), a 12-hour clock means month first, as US phones write. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/chat/co-chat-formats.h"

#define MAX_LINE (1024 * 1024)
#define MAX_MESSAGE (4 * 1024 * 1024)

static GRegex *
header_regex (void)
{
  static GRegex *regex;
  static gsize made;

  return co_chat_regex_once (&made, &regex,
                             "^\\x{200E}?\\[?(\\d{1,4})[./-](\\d{1,2})[./-](\\d{1,4}),?\\s+"
                             "(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?"
                             "(?:[\\s\\x{202F}\\x{00A0}]*([AaPp])\\.?\\s?[Mm]\\.?)?"
                             "\\]?\\s*(?:-\\s)?(.*)$",
                             0);
}

gboolean
co_chat_whatsapp_recognise (const char *head,
                            gsize       length)
{
  const char *end = memchr (head, '\n', length);
  g_autofree char *first = g_strndup (head, end != NULL ? (gsize) (end - head) : length);

  g_strchomp (first);
  if (!g_utf8_validate (first, -1, NULL) || !g_regex_match (header_regex (), first, 0, NULL))
    return FALSE;
  /* Android's " - " after the time, or the iPhone's brackets around it. */
  return strstr (first, " - ") != NULL || first[0] == '[' || g_str_has_prefix (first, "\xe2\x80\x8e[");
}

typedef enum
{
  ORDER_DAY_FIRST,
  ORDER_MONTH_FIRST,
  ORDER_YEAR_FIRST,
} Order;

typedef struct
{
  guint    numbers[3];
  guint    hour, minute, second;
  gboolean twelve_hour, pm;
  char    *rest;
} Header;

static gboolean
parse_header (const char *line,
              Header     *header)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *ampm = NULL;

  if (!g_regex_match (header_regex (), line, 0, &match))
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *number = g_match_info_fetch (match, i + 1);

      header->numbers[i] = (guint) g_ascii_strtoull (number, NULL, 10);
    }
  {
    g_autofree char *hour = g_match_info_fetch (match, 4);
    g_autofree char *minute = g_match_info_fetch (match, 5);
    g_autofree char *second = g_match_info_fetch (match, 6);

    header->hour = (guint) g_ascii_strtoull (hour, NULL, 10);
    header->minute = (guint) g_ascii_strtoull (minute, NULL, 10);
    header->second = second != NULL && *second != '\0' ? (guint) g_ascii_strtoull (second, NULL, 10) : 0;
  }
  ampm = g_match_info_fetch (match, 7);
  header->twelve_hour = ampm != NULL && *ampm != '\0';
  header->pm = header->twelve_hour && g_ascii_tolower (*ampm) == 'p';
  header->rest = g_match_info_fetch (match, 8);
  return TRUE;
}

/* The first pass: which orders every date of the file allows. */
static gboolean
find_order (CoChatSink *sink,
            Order      *order,
            GError    **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (sink->file, sink->cancellable, error);
  g_autoptr(CoChatInput) input = NULL;
  gboolean day_first = TRUE, month_first = TRUE, year_first = FALSE, twelve_hour = FALSE;
  const char *line;

  if (stream == NULL)
    return FALSE;
  input = co_chat_input_new (G_INPUT_STREAM (g_steal_pointer (&stream)), error);
  if (input == NULL)
    return FALSE;
  while ((line = co_chat_input_next_line (input, MAX_LINE, sink->cancellable, error)) != NULL)
    {
      Header header = { 0 };

      if (!parse_header (line, &header))
        continue;
      g_free (header.rest);
      twelve_hour |= header.twelve_hour;
      if (header.numbers[0] > 31)
        year_first = TRUE;
      day_first &= header.numbers[1] <= 12;
      month_first &= header.numbers[0] <= 12;
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  if (year_first)
    *order = ORDER_YEAR_FIRST;
  else if (day_first && month_first)
    *order = twelve_hour ? ORDER_MONTH_FIRST : ORDER_DAY_FIRST;
  else if (day_first)
    *order = ORDER_DAY_FIRST;
  else if (month_first)
    *order = ORDER_MONTH_FIRST;
  else
    {
      g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX,
                   _("The dates put the day both first and second: they are not WhatsApp’s"));
      return FALSE;
    }
  return TRUE;
}

static GDateTime *
header_time (const Header *header,
             Order         order)
{
  guint day, month, year, hour = header->hour;

  switch (order)
    {
    case ORDER_YEAR_FIRST:
      year = header->numbers[0], month = header->numbers[1], day = header->numbers[2];
      break;
    case ORDER_MONTH_FIRST:
      month = header->numbers[0], day = header->numbers[1], year = header->numbers[2];
      break;
    case ORDER_DAY_FIRST:
    default:
      day = header->numbers[0], month = header->numbers[1], year = header->numbers[2];
      break;
    }
  if (year < 100)
    year += 2000;
  if (header->twelve_hour)
    {
      if (hour < 1 || hour > 12)
        return NULL;
      hour = hour % 12 + (header->pm ? 12 : 0);
    }
  if (!g_date_valid_dmy (day, month, year) || hour > 23 || header->minute > 59 || header->second > 59)
    return NULL;
  return g_date_time_new_local (year, month, day, hour, header->minute, header->second);
}

typedef struct
{
  CoChatSink *sink;
  GString    *text;
  GString    *author;
  gboolean    pending;   /* a message waits for its continuation lines */
  gint64      time;
  char        place[32];
} Reader;

static gboolean
flush (Reader  *self,
       GError **error)
{
  CoChatEvent event = {
    .kind = CO_CHAT_MESSAGE,
    .time = self->time,
    .person_name = self->author->str,
    .text = self->text->str,
    .place = self->place,
  };

  if (!self->pending)
    return TRUE;
  self->pending = FALSE;
  return self->sink->func (&event, self->sink->user_data, error);
}

static gboolean
is_you (const char *name)
{
  return g_str_equal (name, "You") || g_str_equal (name, "you") || g_str_equal (name, "你") ||
         g_str_equal (name, "您");
}

/* "Bob", "Bob and Carol", "Bob, Carol and Dan": one event for each. */
static gboolean
each_name (const char  *names,
           CoChatEvent *event,
           CoChatSink  *sink,
           GError     **error)
{
  g_autofree char *list = g_strdup (names);
  g_auto(GStrv) parts = NULL;
  char *and = strstr (list, " and ");

  if (and != NULL)
    {
      and[0] = ',';
      memmove (and + 1, and + 4, strlen (and + 4) + 1);
    }
  parts = g_strsplit (list, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0' || is_you (parts[i]))
        continue;
      event->person_name = parts[i];
      if (!sink->func (event, sink->user_data, error))
        return FALSE;
    }
  return TRUE;
}

/* The system's line, without a "Name: ": joins and leaves, or nothing. */
static gboolean
system_line (Reader     *self,
             const char *rest,
             gint64      time,
             GError    **error)
{
  CoChatEvent event = { .time = time, .text = "", .place = self->place };
  const char *verb;

  if ((verb = strstr (rest, " added ")) != NULL)
    {
      g_autofree char *inviter = g_strndup (rest, verb - rest);

      event.kind = CO_CHAT_JOIN;
      event.inviter_name = is_you (inviter) ? NULL : inviter;
      return each_name (verb + strlen (" added "), &event, self->sink, error);
    }
  if ((verb = strstr (rest, " removed ")) != NULL)
    {
      event.kind = CO_CHAT_LEAVE;
      return each_name (verb + strlen (" removed "), &event, self->sink, error);
    }
  if ((verb = strstr (rest, " joined using this group")) != NULL)
    {
      g_autofree char *name = g_strndup (rest, verb - rest);

      event.kind = CO_CHAT_JOIN;
      return each_name (name, &event, self->sink, error);
    }
  if (g_str_has_suffix (rest, " left"))
    {
      g_autofree char *name = g_strndup (rest, strlen (rest) - strlen (" left"));

      event.kind = CO_CHAT_LEAVE;
      return each_name (name, &event, self->sink, error);
    }
  return TRUE;
}

gboolean
co_chat_whatsapp_read (CoChatInput *input,
                       CoChatSink  *sink,
                       GError     **error)
{
  Reader self = { .sink = sink, .text = g_string_new (NULL), .author = g_string_new (NULL) };
  g_autoptr(GError) local_error = NULL;
  const char *line;
  Order order;
  gboolean ok = TRUE;

  if (!find_order (sink, &order, error))
    ok = FALSE;
  while (ok && (line = co_chat_input_next_line (input, MAX_LINE, sink->cancellable, &local_error)) != NULL)
    {
      Header header = { 0 };
      g_autoptr(GDateTime) moment = NULL;
      const char *colon;

      if (!parse_header (line, &header))
        {
          /* The next line of the message above; before any, a line that is not WhatsApp's. */
          if (!self.pending && *line != '\0' && co_chat_input_get_line (input) == 1)
            {
              g_set_error (&local_error, CO_CHAT_ERROR, CO_CHAT_ERROR_FORMAT,
                           _("Line 1 does not start with a date and a time"));
              break;
            }
          if (self.pending)
            {
              if (self.text->len + strlen (line) + 1 > MAX_MESSAGE)
                {
                  g_set_error (&local_error, CO_CHAT_ERROR, CO_CHAT_ERROR_TOO_BIG,
                               _("%s: the message is longer than 4 MiB"), self.place);
                  break;
                }
              g_string_append_c (self.text, '\n');
              g_string_append (self.text, line);
            }
          continue;
        }
      ok = flush (&self, &local_error);
      moment = header_time (&header, order);
      g_snprintf (self.place, sizeof self.place, _("line %u"), co_chat_input_get_line (input));
      if (ok && moment == NULL)
        {
          g_autofree char *why = g_strdup_printf (_("Line %u: the date or time does not exist"),
                                                  co_chat_input_get_line (input));

          /* Noted, and the message's lines skipped; or the error. */
          ok = co_chat_sink_problem (sink, co_chat_input_get_line (input), why, &local_error);
          self.pending = FALSE;
        }
      else if (ok)
        {
          colon = strstr (header.rest, ": ");
          if (colon != NULL && colon > header.rest)
            {
              g_string_assign (self.author, "");
              g_string_append_len (self.author, header.rest, colon - header.rest);
              g_string_assign (self.text, colon + 2);
              self.time = g_date_time_to_unix (moment);
              self.pending = !is_you (self.author->str);
            }
          else
            ok = system_line (&self, header.rest, g_date_time_to_unix (moment), &local_error);
        }
      g_free (header.rest);
    }
  if (local_error == NULL && ok)
    ok = flush (&self, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }
  g_string_free (self.text, TRUE);
  g_string_free (self.author, TRUE);
  return ok;
}
