/* co-chat-memotrace.c: the CSV that MemoTrace (留痕, github.com/LC044/WeChatMsg) exports of a
 * WeChat chat. The columns are those of MemoTrace 2.0.x, read in LC044/WeChatMsg's
 * app/util/exporter/exporter_csv.py (commit 43d6792926e2; app/config.py says version 2.0.5) and
 * unchanged since the 1.x exporter (app/DataBase/exporter_csv.py):
 *   localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender
 * written by Python's csv module as UTF-8 with a BOM ("utf-8-sig"), lines ending in "\r\n", a
 * field quoted when it holds a comma, a quote or a line break (so a message of several lines is
 * one record over several lines). The first nine come from WeChat's MSG table (app/DataBase/
 * msg.py): localId the message's number in the database, TalkerId the chat's, Type 1 text,
 * 3 picture, 34 voice, 43 video, 47 sticker, 49 link or file, 50 call, 10000 the system's lines
 * (“"张三"邀请"李四"加入了群聊”), 10002 recalls and other system notices; IsSender 1 for the
 * exporter's own messages; StrTime the local time as "YYYY-MM-DD HH:MM:SS". In a group chat the
 * last three are the writer's: Remark (the exporter's name for them, else their nickname),
 * NickName and Sender (their wxid); the system's lines have them empty.
 *
 * The columns are found by their names in the header, so a file opened and saved again in
 * Excel (perhaps as GB18030, which the input converts) still reads. Records are put together
 * from the input's lines, as many as a quoted field spans, and each is split by co-csv: the
 * file is never held whole. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "core/chat/co-chat-formats.h"
#include "core/formats/co-csv.h"

#define MAX_LINE (1024 * 1024)
#define MAX_RECORD (4 * 1024 * 1024)

#define TYPE_TEXT 1
#define TYPE_CALL 50
#define TYPE_SYSTEM 10000

typedef enum
{
  COLUMN_LOCAL_ID,
  COLUMN_TALKER_ID,
  COLUMN_TYPE,
  COLUMN_IS_SENDER,
  COLUMN_STR_CONTENT,
  COLUMN_STR_TIME,
  COLUMN_REMARK,
  COLUMN_NICK_NAME,
  COLUMN_SENDER,
  N_COLUMNS,
} Column;

/* The names in MemoTrace's header, and whether a file without them cannot be read. */
static const struct
{
  const char *name;
  gboolean    required;
} columns[N_COLUMNS] = {
  [COLUMN_LOCAL_ID] = { "localId", TRUE },
  [COLUMN_TALKER_ID] = { "TalkerId", FALSE },
  [COLUMN_TYPE] = { "Type", TRUE },
  [COLUMN_IS_SENDER] = { "IsSender", TRUE },
  [COLUMN_STR_CONTENT] = { "StrContent", TRUE },
  [COLUMN_STR_TIME] = { "StrTime", TRUE },
  [COLUMN_REMARK] = { "Remark", FALSE },
  [COLUMN_NICK_NAME] = { "NickName", FALSE },
  [COLUMN_SENDER] = { "Sender", FALSE },
};

/* A CSV header: three or more names of letters, digits, "_" and spaces, perhaps quoted. Any such
 * file is taken for MemoTrace's, so that one that is not is refused saying what it lacks. */
gboolean
co_chat_memotrace_recognise (const char *head,
                             gsize       length)
{
  guint n_fields = 1;
  gsize i = 0;

  /* GB18030's BOM, which the input converts rather than skips. */
  if (length >= 3 && memcmp (head, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  for (; i < length && head[i] != '\n' && head[i] != '\r'; i++)
    {
      char c = head[i];

      if (c == ',')
        n_fields++;
      else if (!g_ascii_isalnum (c) && c != '_' && c != ' ' && c != '"')
        return FALSE;
    }
  return n_fields >= 3 && i < length;
}

typedef struct
{
  CoChatSink *sink;
  CoChatInput *input;
  GString    *record;
  guint       record_line;   /* where the record begins */
  int         index[N_COLUMNS];   /* each column's place in a record, -1 if the header lacks it */
  char        place[32];
} Reader;

/* Where a record's text leaves the reading of its quotes, as co-csv reads them: one opens a
 * field only at its start, and two in a quoted field stand for one. */
typedef struct
{
  gboolean quoted;
  gboolean field_start;
} Quotes;

/* Reads @text (a line of the record) on from @quotes. */
static void
scan_quotes (Quotes     *quotes,
             const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (quotes->quoted)
        {
          if (*p == '"' && p[1] == '"')
            p++;
          else if (*p == '"')
            quotes->quoted = FALSE;
        }
      else if (*p == '"' && quotes->field_start)
        quotes->quoted = TRUE;
      else
        quotes->field_start = *p == ',';
    }
}

/* The next record's text into self->record: FALSE at the end (@error unset) or on an error. */
static gboolean
next_record (Reader  *self,
             GError **error)
{
  Quotes quotes = { FALSE, TRUE };
  const char *line;

  do
    {
      line = co_chat_input_next_line (self->input, MAX_LINE, self->sink->cancellable, error);
      if (line == NULL)
        return FALSE;
    }
  while (*line == '\0');
  g_string_assign (self->record, line);
  self->record_line = co_chat_input_get_line (self->input);
  scan_quotes (&quotes, line);
  while (quotes.quoted)
    {
      line = co_chat_input_next_line (self->input, MAX_LINE, self->sink->cancellable, error);
      if (line == NULL)
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX,
                         _("Line %u: a quote opens a field here that is never closed"), self->record_line);
          return FALSE;
        }
      if (self->record->len + strlen (line) + 1 > MAX_RECORD)
        {
          g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_TOO_BIG,
                       _("Line %u: the record is longer than 4 MiB (a quote that is never closed?)"),
                       self->record_line);
          return FALSE;
        }
      g_string_append_c (self->record, '\n');
      g_string_append (self->record, line);
      /* The line break was inside the quoted field: no field starts after it. */
      quotes.field_start = FALSE;
      scan_quotes (&quotes, line);
    }
  return TRUE;
}

/* The record's fields through co-csv (owned by @csv). */
static gboolean
split_record (Reader              *self,
              CoCsvReader        **csv,
              const char * const **fields,
              guint               *n_fields,
              GError             **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (self->record->str, self->record->len);
  g_autoptr(GError) csv_error = NULL;

  *csv = co_csv_reader_new (bytes, &csv_error);
  if (*csv != NULL)
    {
      co_csv_reader_set_max_field_length (*csv, MAX_RECORD);
      if (co_csv_reader_next (*csv, fields, n_fields, &csv_error))
        return TRUE;
    }
  g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX, _("Line %u: %s"), self->record_line,
               csv_error != NULL ? csv_error->message : _("the record holds no field"));
  return FALSE;
}

static gboolean
read_header (Reader  *self,
             GError **error)
{
  g_autoptr(CoCsvReader) csv = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  const char *const *fields;
  guint n_fields;

  if (!next_record (self, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_FORMAT, _("The file is empty"));
      return FALSE;
    }
  if (!split_record (self, &csv, &fields, &n_fields, error))
    return FALSE;
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      self->index[c] = -1;
      for (guint i = 0; i < n_fields && self->index[c] < 0; i++)
        {
          g_autofree char *name = g_strstrip (g_strdup (fields[i]));

          if (g_ascii_strcasecmp (name, columns[c].name) == 0)
            self->index[c] = (int) i;
        }
      if (self->index[c] < 0 && columns[c].required)
        g_string_append_printf (missing, missing->len > 0 ? ", %s" : "%s", columns[c].name);
    }
  if (missing->len > 0)
    {
      g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_FORMAT,
                   _("Line %u: the header is not that of MemoTrace’s (留痕) CSV export of a WeChat chat: "
                     "it has no column %s"),
                   self->record_line, missing->str);
      return FALSE;
    }
  return TRUE;
}

static const char *
field (Reader             *self,
       const char * const *fields,
       guint               n_fields,
       Column              column)
{
  int i = self->index[column];

  return i >= 0 && (guint) i < n_fields ? fields[i] : "";
}

/* StrTime, "2026-11-01 09:05:03", as the local time it is. */
static gboolean
parse_time (const char *text,
            gint64     *time)
{
  g_autoptr(GDateTime) moment = NULL;
  guint year, month, day, hour, minute, second;
  char end;

  if (sscanf (text, "%4u-%2u-%2u %2u:%2u:%2u%c", &year, &month, &day, &hour, &minute, &second, &end) != 6)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year) || hour > 23 || minute > 59 || second > 59)
    return FALSE;
  moment = g_date_time_new_local (year, month, day, hour, minute, second);
  if (moment == NULL)
    return FALSE;
  *time = g_date_time_to_unix (moment);
  return TRUE;
}

static gboolean
read_row (Reader             *self,
          const char * const *fields,
          guint               n_fields,
          GError            **error)
{
  const char *type_text = field (self, fields, n_fields, COLUMN_TYPE);
  const char *sender = field (self, fields, n_fields, COLUMN_SENDER);
  const char *nickname = field (self, fields, n_fields, COLUMN_NICK_NAME);
  const char *remark = field (self, fields, n_fields, COLUMN_REMARK);
  const char *talker = field (self, fields, n_fields, COLUMN_TALKER_ID);
  guint64 type;
  gint64 time;
  gboolean matched;
  CoChatEvent event = { .kind = CO_CHAT_MESSAGE, .place = self->place };

  g_snprintf (self->place, sizeof self->place, _("line %u"), self->record_line);
  if (!g_ascii_string_to_unsigned (type_text, 10, 0, G_MAXUINT32, &type, NULL))
    {
      g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX, _("Line %u: the message type “%s” is not a number"),
                   self->record_line, type_text);
      return FALSE;
    }
  if (!parse_time (field (self, fields, n_fields, COLUMN_STR_TIME), &time))
    {
      g_autofree char *why = g_strdup_printf (_("Line %u: the date or time does not exist"), self->record_line);

      /* Noted, and the record skipped; or the error. */
      return co_chat_sink_problem (self->sink, self->record_line, why, error);
    }
  if (type == TYPE_SYSTEM)
    return co_chat_wechat_system_line (field (self, fields, n_fields, COLUMN_STR_CONTENT), time, self->place,
                                       self->sink, &matched, error);
  /* The exporter's own ("you"), calls, and the system's other notices (10002: recalls, …). */
  if (g_str_equal (field (self, fields, n_fields, COLUMN_IS_SENDER), "1") || type == TYPE_CALL ||
      type > TYPE_SYSTEM)
    return TRUE;
  event.person_name = *nickname != '\0' ? nickname : *remark != '\0' ? remark : sender;
  /* A private chat's export of MemoTrace 1.x does not name the writer: nobody to count it for. */
  if (*event.person_name == '\0')
    return TRUE;
  event.person_id = *sender != '\0' ? sender : NULL;
  event.time = time;
  event.chat_id = *talker != '\0' ? talker : NULL;
  event.message_id = field (self, fields, n_fields, COLUMN_LOCAL_ID);
  if (*event.message_id == '\0')
    event.message_id = NULL;
  /* A picture, a voice message, a sticker: a message, without its text (MemoTrace writes none). */
  event.text = type == TYPE_TEXT ? field (self, fields, n_fields, COLUMN_STR_CONTENT) : "";
  return self->sink->func (&event, self->sink->user_data, error);
}

gboolean
co_chat_memotrace_read (CoChatInput *input,
                        CoChatSink  *sink,
                        GError     **error)
{
  Reader self = { .sink = sink, .input = input, .record = g_string_new (NULL) };
  g_autoptr(GError) local_error = NULL;

  if (read_header (&self, &local_error))
    while (next_record (&self, &local_error))
      {
        g_autoptr(CoCsvReader) csv = NULL;
        const char *const *fields;
        guint n_fields;

        if (!split_record (&self, &csv, &fields, &n_fields, &local_error) ||
            !read_row (&self, fields, n_fields, &local_error))
          break;
      }
  g_string_free (self.record, TRUE);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
