/* co-chat-read.c: which reader a file needs, and the summary of what it holds. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/chat/co-chat-formats.h"
#include "core/chat/co-chat-read.h"
#include "core/store/co-import.h"

typedef struct
{
  CoChatFormat format;
  const char  *name;
  const char  *label;
  gboolean   (*recognise) (const char *head, gsize length);
  gboolean   (*read)      (CoChatInput *input, CoChatSink *sink, GError **error);
} Reader;

/* JSON first: a WhatsApp line cannot start with "{". */
static const Reader readers[] = {
  { CO_CHAT_FORMAT_DISCORD, "discord", "Discord", co_chat_discord_recognise, co_chat_discord_read },
  { CO_CHAT_FORMAT_TELEGRAM, "telegram", "Telegram", co_chat_telegram_recognise, co_chat_telegram_read },
  { CO_CHAT_FORMAT_QQ, "qq", "QQ", co_chat_qq_recognise, co_chat_qq_read },
  { CO_CHAT_FORMAT_WHATSAPP, "whatsapp", "WhatsApp", co_chat_whatsapp_recognise, co_chat_whatsapp_read },
  /* Last: any CSV header is taken for MemoTrace's, to say what it lacks. */
  { CO_CHAT_FORMAT_WECHAT, "wechat", "WeChat", co_chat_wechat_recognise, co_chat_wechat_read },
};

static const Reader *
find_reader (CoChatFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    if (readers[i].format == format)
      return &readers[i];
  return NULL;
}

const char *
co_chat_format_to_string (CoChatFormat format)
{
  const Reader *reader = find_reader (format);

  return reader != NULL ? reader->name : NULL;
}

gboolean
co_chat_format_from_string (const char   *name,
                            CoChatFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    if (g_ascii_strcasecmp (name, readers[i].name) == 0)
      {
        *format = readers[i].format;
        return TRUE;
      }
  return FALSE;
}

const char *
co_chat_format_get_label (CoChatFormat format)
{
  const Reader *reader = find_reader (format);

  if (format == CO_CHAT_FORMAT_WECHAT)
    return _("WeChat");
  return reader != NULL ? reader->label : NULL;
}

gboolean
co_chat_json_head_has (const char         *head,
                       gsize               length,
                       const char *const  *keys)
{
  g_autofree char *text = g_strndup (head, length);
  const char *start = text;

  while (g_ascii_isspace (*start))
    start++;
  if (*start != '{')
    return FALSE;
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", keys[i]);

      if (strstr (start, quoted) == NULL)
        return FALSE;
    }
  return TRUE;
}

void
co_chat_set_chats_error (GError    **error,
                         const char *chosen,
                         GPtrArray  *names)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (list, i > 0 ? _(", “%s”") : _("“%s”"), (const char *) g_ptr_array_index (names, i));
  if (chosen == NULL)
    g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_CHAT,
                 g_dngettext (GETTEXT_PACKAGE, "The file holds %u chat: choose it (%s)",
                              "The file holds %u chats: choose one (%s)", names->len),
                 names->len, list->str);
  else
    g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_CHAT, _("The file holds no chat called “%s”: it holds %s"),
                 chosen, names->len > 0 ? list->str : _("none with a name"));
}

gboolean
co_chat_read (GFile            *file,
              CoChatFormat      format,
              const char       *chat_name,
              CoChatEventFunc   func,
              gpointer          user_data,
              CoChatFormat     *found,
              GCancellable     *cancellable,
              GError          **error)
{
  CoChatReadOptions options = { .format = format, .chat_name = chat_name };

  return co_chat_read_full (file, &options, func, user_data, found, cancellable, error);
}

struct _CoChatProgress
{
  gint kib_read;   /* atomic: written by the reading thread, read by the one showing it */
  gint kib_total;
};

CoChatProgress *
co_chat_progress_new (void)
{
  return g_new0 (CoChatProgress, 1);
}

void
co_chat_progress_free (CoChatProgress *self)
{
  g_free (self);
}

double
co_chat_progress_get_fraction (CoChatProgress *self)
{
  gint total = g_atomic_int_get (&self->kib_total);

  return total > 0 ? CLAMP ((double) g_atomic_int_get (&self->kib_read) / total, 0.0, 1.0) : 0.0;
}

/* The reader's function, given each event unless the reading was cancelled: a cancelled read
 * stops at the next event, whatever the reader is doing. */
typedef struct
{
  CoChatEventFunc  func;
  gpointer         user_data;
  GCancellable    *cancellable;
} Watch;

static gboolean
watch_event (const CoChatEvent *event,
             gpointer           data,
             GError           **error)
{
  Watch *watch = data;

  if (g_cancellable_set_error_if_cancelled (watch->cancellable, error))
    return FALSE;
  return watch->func (event, watch->user_data, error);
}

CoChatProblems *
co_chat_problems_new (void)
{
  CoChatProblems *self = g_new0 (CoChatProblems, 1);

  self->list = g_ptr_array_new_with_free_func ((GDestroyNotify) co_import_problem_free);
  return self;
}

void
co_chat_problems_free (CoChatProblems *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->list);
  g_free (self);
}

GRegex *
co_chat_regex_once (gsize              *made,
                    GRegex            **regex,
                    const char         *pattern,
                    GRegexCompileFlags  flags)
{
  if (g_once_init_enter (made))
    {
      *regex = g_regex_new (pattern, flags, 0, NULL);
      g_once_init_leave (made, 1);
    }
  return *regex;
}

gboolean
co_chat_sink_problem (CoChatSink  *sink,
                      guint        line,
                      const char  *message,
                      GError     **error)
{
  CoImportProblem *problem;

  if (sink->problems == NULL)
    {
      g_set_error_literal (error, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX, message);
      return FALSE;
    }
  sink->problems->total++;
  if (sink->problems->list->len >= CO_CHAT_MAX_PROBLEMS)
    return TRUE;
  problem = g_new0 (CoImportProblem, 1);
  problem->line = line;
  problem->message = g_strdup (message);
  g_ptr_array_add (sink->problems->list, problem);
  return TRUE;
}

gboolean
co_chat_read_full (GFile                   *file,
                   const CoChatReadOptions *options,
                   CoChatEventFunc          func,
                   gpointer                 user_data,
                   CoChatFormat            *found,
                   GCancellable            *cancellable,
                   GError                 **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autoptr(CoChatInput) input = NULL;
  Watch watch = { func, user_data, cancellable };
  CoChatSink sink = {
    .file = file,
    .chat_name = options->chat_name,
    .func = watch_event,
    .user_data = &watch,
    .cancellable = cancellable,
    .day = options->day,
    .chats = options->chat_name == NULL ? options->chats : NULL,
    .problems = options->problems,
  };
  CoChatProgress *progress = options->progress;
  CoChatFormat format = options->format;
  const Reader *reader = NULL;
  const char *head;
  gsize length;
  gboolean ok;

  if (stream == NULL)
    return FALSE;
  if (progress != NULL)
    {
      g_autoptr(GFileInfo) info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                                  cancellable, NULL);

      g_atomic_int_set (&progress->kib_read, 0);
      g_atomic_int_set (&progress->kib_total, info != NULL ? (gint) (g_file_info_get_size (info) / 1024 + 1) : 0);
    }
  input = co_chat_input_new (G_INPUT_STREAM (g_object_ref (stream)), error);
  if (input == NULL)
    return FALSE;
  if (progress != NULL)
    co_chat_input_watch (input, G_SEEKABLE (stream), &progress->kib_read);
  head = co_chat_input_peek (input, &length);
  if (format == CO_CHAT_FORMAT_AUTO)
    {
      for (guint i = 0; i < G_N_ELEMENTS (readers) && reader == NULL; i++)
        if (readers[i].recognise (head, length))
          reader = &readers[i];
      if (reader == NULL)
        {
          g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_FORMAT,
                       length == 0 ? _("The file is empty")
                                   : _("The file is not a chat export that CommunityOps reads "
                                       "(Telegram or Discord JSON, WhatsApp or QQ text, WeChat: "
                                       "MemoTrace’s CSV or text pasted from a group)"));
          return FALSE;
        }
    }
  else if ((reader = find_reader (format)) == NULL)
    {
      g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_FORMAT, _("Chats from %s cannot be read yet"),
                   co_chat_format_get_label (format));
      return FALSE;
    }
  else if (!reader->recognise (head, length))
    {
      g_set_error (error, CO_CHAT_ERROR, CO_CHAT_ERROR_FORMAT, _("The file is not a chat export of %s"),
                   reader->label);
      return FALSE;
    }
  if (found != NULL)
    *found = reader->format;
  ok = reader->read (input, &sink, error);
  if (ok && progress != NULL)
    g_atomic_int_set (&progress->kib_read, g_atomic_int_get (&progress->kib_total));
  return ok;
}

static gboolean
ignore_event (const CoChatEvent *event,
              gpointer           user_data,
              GError           **error)
{
  return TRUE;
}

gboolean
co_chat_list_chats (GFile         *file,
                    GCancellable  *cancellable,
                    GPtrArray    **names,
                    GError       **error)
{
  g_autoptr(GPtrArray) chats = g_ptr_array_new_with_free_func (g_free);
  CoChatReadOptions options = { .chats = chats };

  if (!co_chat_read_full (file, &options, ignore_event, NULL, NULL, cancellable, error))
    return FALSE;
  *names = g_steal_pointer (&chats);
  return TRUE;
}

/* ---- the summary --------------------------------------------------------------------------- */

/* One person of the chat: known by the platform's id where the export gives one, else by name. */
typedef struct
{
  char *key;      /* "id:…" or "name:…" */
  char *handle;   /* the platform's id, or NULL */
  char *name;
} Person;

static void
person_free (gpointer data)
{
  Person *person = data;

  g_free (person->key);
  g_free (person->handle);
  g_free (person->name);
  g_free (person);
}

/* The message ids seen, in 8 bytes each: exports give them in increasing order (Telegram's are
 * counters, Discord's snowflakes), so most are appended to a sorted array and looked up there;
 * the few out of order go to a hash table. A text id is hashed to 64 bits (FNV-1a). */
typedef struct
{
  GArray     *sorted;
  GHashTable *others;
} IdSet;

static guint64
id_number (const char *id)
{
  guint64 number, hash = 14695981039346656037ULL;

  if (g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT64, &number, NULL))
    return number;
  for (const guchar *p = (const guchar *) id; *p != '\0'; p++)
    hash = (hash ^ *p) * 1099511628211ULL;
  return hash;
}

static gboolean
id_set_contains (IdSet   *self,
                 guint64  id)
{
  guint low = 0, high = self->sorted->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      guint64 value = g_array_index (self->sorted, guint64, middle);

      if (value == id)
        return TRUE;
      if (value < id)
        low = middle + 1;
      else
        high = middle;
    }
  return g_hash_table_contains (self->others, &id);
}

/* FALSE if @id was there already. */
static gboolean
id_set_add (IdSet      *self,
            const char *text)
{
  guint64 id = id_number (text);

  if (self->sorted->len == 0 || id > g_array_index (self->sorted, guint64, self->sorted->len - 1))
    {
      g_array_append_val (self->sorted, id);
      return TRUE;
    }
  if (id_set_contains (self, id))
    return FALSE;
  g_hash_table_add (self->others, g_memdup2 (&id, sizeof id));
  return TRUE;
}

struct _CoChatSummary
{
  GHashTable *people;        /* key → Person */
  GHashTable *ids_by_name;   /* a name → the one person with an id who has it ("" if several do) */
  IdSet       message_ids;
  guint       messages, joins, leaves;
  gint64      first, last;
  gboolean    any;
};

CoChatSummary *
co_chat_summary_new (void)
{
  CoChatSummary *self = g_new0 (CoChatSummary, 1);

  self->people = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, person_free);
  self->ids_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->message_ids.sorted = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->message_ids.others = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return self;
}

void
co_chat_summary_free (CoChatSummary *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->people);
  g_hash_table_unref (self->ids_by_name);
  g_array_unref (self->message_ids.sorted);
  g_hash_table_unref (self->message_ids.others);
  g_free (self);
}

static Person *
add_person (CoChatSummary *self,
            const char    *key,
            const char    *handle,
            const char    *name)
{
  Person *person = g_new0 (Person, 1);

  person->key = g_strdup (key);
  person->handle = g_strdup (handle);
  person->name = g_strdup (name);
  g_hash_table_insert (self->people, person->key, person);
  return person;
}

/* The person a name alone (Telegram names the people a member invites, without their ids) is:
 * whoever with an id has that name, unless several do; NULL when nobody does. */
static const char *
id_for_name (CoChatSummary *self,
             const char    *name)
{
  const char *key = g_hash_table_lookup (self->ids_by_name, name);

  return key != NULL && *key != '\0' ? key : NULL;
}

static void
note_person (CoChatSummary     *self,
             const CoChatEvent *event)
{
  g_autofree char *key = event->person_id != NULL ? g_strconcat ("id:", event->person_id, NULL)
                                                  : g_strconcat ("name:", event->person_name, NULL);
  const char *named;

  if (g_hash_table_contains (self->people, key))
    return;
  add_person (self, key, event->person_id, event->person_name);
  if (event->person_id == NULL)
    return;
  named = g_hash_table_lookup (self->ids_by_name, event->person_name);
  /* Two people with ids go by this name: a name alone cannot say which ("" below). */
  g_hash_table_insert (self->ids_by_name, g_strdup (event->person_name), g_strdup (named == NULL ? key : ""));
}

/* A name-only person who is someone with an id. */
static gboolean
is_merged (CoChatSummary *self,
           Person        *person)
{
  return person->handle == NULL && id_for_name (self, person->name) != NULL;
}

const char *
co_chat_summary_person_key (CoChatSummary     *self,
                            const CoChatEvent *event)
{
  g_autofree char *key = event->person_id != NULL ? g_strconcat ("id:", event->person_id, NULL) : NULL;
  Person *person;

  if (key == NULL)
    {
      const char *named = id_for_name (self, event->person_name);

      key = named != NULL ? g_strdup (named) : g_strconcat ("name:", event->person_name, NULL);
    }
  person = g_hash_table_lookup (self->people, key);
  return person != NULL ? person->key : NULL;
}

GPtrArray *
co_chat_summary_dup_people (CoChatSummary *self)
{
  GPtrArray *people = g_ptr_array_new_full (g_hash_table_size (self->people), (GDestroyNotify) co_chat_person_free);
  GHashTableIter iter;
  Person *person;

  g_hash_table_iter_init (&iter, self->people);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &person))
    {
      CoChatPerson *copy;

      if (is_merged (self, person))
        continue;
      copy = g_new0 (CoChatPerson, 1);

      copy->key = g_strdup (person->key);
      copy->handle = g_strdup (person->handle);
      copy->name = g_strdup (person->name);
      g_ptr_array_add (people, copy);
    }
  return people;
}

void
co_chat_person_free (CoChatPerson *person)
{
  g_free (person->key);
  g_free (person->handle);
  g_free (person->name);
  g_free (person);
}

gboolean
co_chat_summary_add (const CoChatEvent *event,
                     gpointer           summary,
                     GError           **error)
{
  CoChatSummary *self = summary;

  if (event->is_bot)
    return TRUE;
  if (event->kind == CO_CHAT_MESSAGE && event->message_id != NULL &&
      !id_set_add (&self->message_ids, event->message_id))
    return TRUE;
  note_person (self, event);
  switch (event->kind)
    {
    case CO_CHAT_MESSAGE:
      self->messages++;
      break;
    case CO_CHAT_JOIN:
      self->joins++;
      break;
    case CO_CHAT_LEAVE:
      self->leaves++;
      break;
    default:
      g_assert_not_reached ();
    }
  self->first = self->any ? MIN (self->first, event->time) : event->time;
  self->last = self->any ? MAX (self->last, event->time) : event->time;
  self->any = TRUE;
  return TRUE;
}

guint
co_chat_summary_get_members (CoChatSummary *self)
{
  GHashTableIter iter;
  Person *person;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->people);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &person))
    n += !is_merged (self, person);
  return n;
}

guint
co_chat_summary_get_messages (CoChatSummary *self)
{
  return self->messages;
}

guint
co_chat_summary_get_joins (CoChatSummary *self)
{
  return self->joins;
}

guint
co_chat_summary_get_leaves (CoChatSummary *self)
{
  return self->leaves;
}

void
co_chat_local_day (GDate  *date,
                   gint64  time)
{
  g_autoptr(GDateTime) moment = g_date_time_new_from_unix_local (time);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (moment), g_date_time_get_month (moment),
                  g_date_time_get_year (moment));
}

gboolean
co_chat_summary_get_days (CoChatSummary *self,
                          GDate         *first,
                          GDate         *last)
{
  if (!self->any)
    return FALSE;
  co_chat_local_day (first, self->first);
  co_chat_local_day (last, self->last);
  return TRUE;
}
