/* co-chat-discord.c: DiscordChatExporter's JSON: "guild", "channel", then "messages", each with
 * "id", "type", "timestamp" (ISO 8601 with its offset), "content" and "author" ("id", "name",
 * "nickname" when the server gave one, "isBot"). Default and Reply are what people wrote;
 * GuildMemberJoin is a join; RecipientAdd and RecipientRemove (group chats) add or remove the
 * person mentioned; calls, pins, renames and the other system types say nothing of members. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/chat/co-chat-formats.h"
#include "core/chat/co-chat-json.h"

gboolean
co_chat_discord_recognise (const char *head,
                           gsize       length)
{
  static const char *const keys[] = { "guild", "channel", "messages", NULL };

  return co_chat_json_head_has (head, length, keys);
}

static const char *
author_name (GHashTable *message,
             const char *prefix)
{
  g_autofree char *nickname_key = g_strconcat (prefix, ".nickname", NULL);
  g_autofree char *name_key = g_strconcat (prefix, ".name", NULL);
  g_autofree char *id_key = g_strconcat (prefix, ".id", NULL);
  const char *name = g_hash_table_lookup (message, nickname_key);

  if (name == NULL || *name == '\0')
    name = g_hash_table_lookup (message, name_key);
  if (name == NULL || *name == '\0')
    name = g_hash_table_lookup (message, id_key);
  return name != NULL && *name != '\0' ? name : _("Deleted User");
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
  const char *timestamp = g_hash_table_lookup (message, "timestamp");
  g_autoptr(GDateTime) moment = NULL;
  CoChatEvent event = {
    .place = place,
    .chat_id = g_hash_table_lookup (chat, "channel.id"),
    .message_id = g_hash_table_lookup (message, "id"),
    .person_id = g_hash_table_lookup (message, "author.id"),
    .person_name = author_name (message, "author"),
    .is_bot = g_strcmp0 (g_hash_table_lookup (message, "author.isBot"), "true") == 0,
    .text = "",
  };

  if (g_strcmp0 (type, "Default") == 0 || g_strcmp0 (type, "Reply") == 0)
    event.kind = CO_CHAT_MESSAGE;
  else if (g_strcmp0 (type, "GuildMemberJoin") == 0)
    event.kind = CO_CHAT_JOIN;
  else if (g_strcmp0 (type, "RecipientAdd") == 0 || g_strcmp0 (type, "RecipientRemove") == 0)
    {
      /* The author added or removed the person mentioned. */
      if (g_hash_table_lookup (message, "mentions[0].id") == NULL)
        return TRUE;
      event.kind = g_str_equal (type, "RecipientAdd") ? CO_CHAT_JOIN : CO_CHAT_LEAVE;
      event.inviter_id = event.kind == CO_CHAT_JOIN ? event.person_id : NULL;
      event.inviter_name = event.kind == CO_CHAT_JOIN ? event.person_name : NULL;
      event.person_id = g_hash_table_lookup (message, "mentions[0].id");
      event.person_name = author_name (message, "mentions[0]");
      event.is_bot = g_strcmp0 (g_hash_table_lookup (message, "mentions[0].isBot"), "true") == 0;
    }
  else
    return TRUE;

  if (timestamp != NULL)
    moment = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (moment == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("%s: the message has no valid timestamp (“%s”)"), place,
                                              timestamp != NULL ? timestamp : "");

      /* Noted, and the message skipped; or the error. */
      return co_chat_sink_problem (sink, 0, why, error);
    }
  event.time = g_date_time_to_unix (moment);
  if (event.kind == CO_CHAT_MESSAGE)
    event.text = g_hash_table_lookup (message, "content");
  if (event.text == NULL)
    event.text = "";
  return sink->func (&event, sink->user_data, error);
}

gboolean
co_chat_discord_read (CoChatInput *input,
                      CoChatSink  *sink,
                      GError     **error)
{
  return co_chat_json_read (input, NULL, on_message, sink, sink->cancellable, error);
}
