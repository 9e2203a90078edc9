/* co-chat-telegram.c: Telegram Desktop's "Export chat history" as JSON: one chat ("name", "type",
 * "id", "messages") or a full export ("chats": {"list": [...]}). A message has "from"/"from_id"
 * and "text" (a string, or an array of strings and entities); a service message has "actor",
 * "actor_id" and "action", of which invite_members, join_group_by_link and remove_members say
 * who joined and left. Times: "date_unixtime" (newer exports) or the local "date". */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "core/chat/co-chat-formats.h"
#include "core/chat/co-chat-json.h"

gboolean
co_chat_telegram_recognise (const char *head,
                            gsize       length)
{
  static const char *const single[] = { "messages", "date_unixtime", NULL };
  static const char *const single_old[] = { "messages", "from_id", NULL };
  static const char *const full[] = { "personal_information", "chats", NULL };
  /* A chat without messages yet is known by its type. */
  static const char *const types[] = { "personal_chat", "bot_chat", "private_group", "private_supergroup",
                                       "public_supergroup", "private_channel", "public_channel",
                                       "saved_messages" };

  if (co_chat_json_head_has (head, length, single) || co_chat_json_head_has (head, length, single_old) ||
      co_chat_json_head_has (head, length, full))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      const char *const keys[] = { "messages", types[i], NULL };

      if (co_chat_json_head_has (head, length, keys))
        return TRUE;
    }
  return FALSE;
}

/* The message's time; FALSE for a date that is none. */
static gboolean
message_time (GHashTable *message,
              gint64     *time)
{
  const char *unix_time = g_hash_table_lookup (message, "date_unixtime");
  const char *date = g_hash_table_lookup (message, "date");

  if (unix_time != NULL)
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (unix_time, 10, 0, G_MAXINT64 / 2, &value, NULL))
        {
          *time = (gint64) value;
          return TRUE;
        }
    }
  else if (date != NULL)
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autoptr(GDateTime) moment = g_date_time_new_from_iso8601 (date, local);

      if (moment != NULL)
        {
          *time = g_date_time_to_unix (moment);
          return TRUE;
        }
    }
  return FALSE;
}

/* A message without a valid date: a problem of the sink's (the message skipped), or the error. */
static gboolean
bad_time (GHashTable  *message,
          const char  *place,
          CoChatSink  *sink,
          GError     **error)
{
  const char *unix_time = g_hash_table_lookup (message, "date_unixtime");
  const char *date = g_hash_table_lookup (message, "date");
  g_autofree char *why = g_strdup_printf (_("%s: the message has no valid date (“%s”)"), place,
                                          unix_time != NULL ? unix_time : date != NULL ? date : "");

  return co_chat_sink_problem (sink, 0, why, error);
}

static const char *
name_or_id (const char *name,
            const char *id)
{
  if (name != NULL && *name != '\0')
    return name;
  if (id != NULL && *id != '\0')
    return id;
  return _("Deleted Account");
}

/* invite_members and remove_members name the people in "members", without their ids. */
static gboolean
each_member (GHashTable  *message,
             CoChatEvent *event,
             CoChatSink  *sink,
             GError     **error)
{
  for (guint i = 0;; i++)
    {
      g_autofree char *key = g_strdup_printf ("members[%u]", i);
      const char *name = g_hash_table_lookup (message, key);

      if (name == NULL)
        {
          g_autofree char *next = g_strdup_printf ("members[%u]", i + 1);

          /* A deleted account is null in the list: skip it, not the rest. */
          if (g_hash_table_lookup (message, next) == NULL)
            return TRUE;
          continue;
        }
      if (*name == '\0')
        continue;
      event->person_name = name;
      if (!sink->func (event, sink->user_data, error))
        return FALSE;
    }
}

static gboolean
on_message (GHashTable  *chat,
            GHashTable  *message,
            const char  *place,
            gpointer     user_data,
            GError     **error)
{
  CoChatSink *sink = user_data;
  const char *type = g_hash_table_lookup (message, "type");
  CoChatEvent event = {
    .place = place,
    .chat_id = g_hash_table_lookup (chat, "id"),
    .message_id = g_hash_table_lookup (message, "id"),
  };

  if (g_strcmp0 (type, "message") == 0)
    {
      g_autofree char *text = co_chat_json_dup_text (message, "text");

      if (!message_time (message, &event.time))
        return bad_time (message, place, sink, error);
      event.kind = CO_CHAT_MESSAGE;
      event.person_id = g_hash_table_lookup (message, "from_id");
      event.person_name = name_or_id (g_hash_table_lookup (message, "from"), event.person_id);
      event.text = text;
      return sink->func (&event, sink->user_data, error);
    }
  if (g_strcmp0 (type, "service") == 0)
    {
      const char *action = g_hash_table_lookup (message, "action");
      const char *actor_id = g_hash_table_lookup (message, "actor_id");
      const char *actor = name_or_id (g_hash_table_lookup (message, "actor"), actor_id);

      if (g_strcmp0 (action, "invite_members") != 0 && g_strcmp0 (action, "join_group_by_link") != 0 &&
          g_strcmp0 (action, "remove_members") != 0)
        return TRUE;
      if (!message_time (message, &event.time))
        return bad_time (message, place, sink, error);
      event.text = "";
      if (g_str_equal (action, "join_group_by_link"))
        {
          event.kind = CO_CHAT_JOIN;
          event.person_id = actor_id;
          event.person_name = actor;
          event.inviter_name = g_hash_table_lookup (message, "inviter");
          return sink->func (&event, sink->user_data, error);
        }
      event.kind = g_str_equal (action, "invite_members") ? CO_CHAT_JOIN : CO_CHAT_LEAVE;
      if (event.kind == CO_CHAT_JOIN)
        {
          event.inviter_id = actor_id;
          event.inviter_name = actor;
        }
      return each_member (message, &event, sink, error);
    }
  /* Neither: not a message of a known kind (a later export's new type); nothing to count. */
  return TRUE;
}

gboolean
co_chat_telegram_read (CoChatInput *input,
                       CoChatSink  *sink,
                       GError     **error)
{
  return co_chat_json_read_chats (input, sink->chat_name, sink->chats, on_message, sink, sink->cancellable, error);
}
