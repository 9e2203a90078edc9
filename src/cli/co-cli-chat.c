/* co-cli-chat.c: --import-chat: a chat export into a group, its summary first; with --dry-run
 * only the summary. The same core function as the app's import: all of the file or nothing, and
 * nothing from a file with problems (listed on stderr, each with its place). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli/co-cli-private.h"
#include "core/chat/co-chat-import.h"
#include "core/formats/co-date.h"
#include "core/store/co-import.h"

/* The messages that cannot be counted, each with its place, and the refusal: FALSE when there
 * are any, and nothing is to be written. */
static gboolean
print_problems (CoChatImport *import,
                const char   *path)
{
  GPtrArray *problems = co_chat_import_get_problems (import);
  guint total = co_chat_import_get_n_problems (import);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < problems->len; i++)
    g_printerr ("community-ops: %s: %s\n", path, ((CoImportProblem *) problems->pdata[i])->message);
  if (total > problems->len)
    /* Translators: --import-chat: problems beyond those listed */
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "community-ops: %s: and %u more problem\n",
                             "community-ops: %s: and %u more problems\n", total - problems->len),
                path, total - problems->len);
  if (co_import_check_problems (problems, CO_CHAT_ERROR, CO_CHAT_ERROR_SYNTAX, &error))
    return TRUE;
  g_printerr ("community-ops: %s: %s\n", path, error->message);
  return FALSE;
}

/* What the export holds, one figure a line, as the preview shows it. */
static void
print_summary (CoChatImport *import)
{
  CoChatSummary *summary = co_chat_import_get_summary (import);
  char first_day[11] = "-", last_day[11] = "-";
  GDate first, last;

  if (co_chat_summary_get_days (summary, &first, &last))
    {
      g_date_strftime (first_day, sizeof first_day, "%Y-%m-%d", &first);
      g_date_strftime (last_day, sizeof last_day, "%Y-%m-%d", &last);
    }
  /* Translators: the --import-chat summary, one line each: the distinct people the chat shows */
  g_print (_("members: %u\n"), co_chat_summary_get_members (summary));
  /* Translators: the --import-chat summary: the people who are not members of the workspace yet */
  g_print (_("new members: %u\n"), co_chat_import_get_n_new_members (import));
  /* Translators: the --import-chat summary: what people wrote */
  g_print (_("messages: %u\n"), co_chat_summary_get_messages (summary));
  /* Translators: the --import-chat summary: people joining the chat */
  g_print (_("joins: %u\n"), co_chat_summary_get_joins (summary));
  /* Translators: the --import-chat summary: people leaving the chat */
  g_print (_("leaves: %u\n"), co_chat_summary_get_leaves (summary));
  /* Translators: the --import-chat summary: the day of the chat's first event, as 2026-11-01 */
  g_print (_("first day: %s\n"), first_day);
  /* Translators: the --import-chat summary: the day of the chat's last event, as 2026-11-30 */
  g_print (_("last day: %s\n"), last_day);
}

int
co_cli_import_chat (CoStore      *store,
                    GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CoChatImport) import = NULL;
  g_autofree char *description = NULL;
  const char *group_name = NULL, *path = NULL, *format_name = NULL, *chat = NULL, *date = NULL;
  g_autofree char *day = NULL;
  CoChatFormat format = CO_CHAT_FORMAT_AUTO;
  gint64 group_id;

  g_variant_dict_lookup (options, "import-chat", "^&ay", &path);
  g_variant_dict_lookup (options, "format", "&s", &format_name);
  g_variant_dict_lookup (options, "chat", "&s", &chat);
  g_variant_dict_lookup (options, "date", "&s", &date);
  if (format_name != NULL && !co_chat_format_from_string (format_name, &format))
    {
      /* Translators: --import-chat --format with a name it does not know; keep the names as they are */
      g_printerr (_("community-ops: “%s” is not a chat format: use telegram, discord, whatsapp, qq or wechat.\n"),
                  format_name);
      return 1;
    }
  if (date != NULL && (day = co_date_parse (date)) == NULL)
    {
      /* Translators: --import-chat --date with something that is not a date */
      g_printerr (_("community-ops: “%s” is not a date: give --date as 2026-11-01.\n"), date);
      return 1;
    }
  g_variant_dict_lookup (options, "group", "&s", &group_name);
  if ((group_id = co_cli_find_group (store, group_name)) == 0)
    return 1;

  file = g_file_new_for_commandline_arg (path);
  import = co_chat_import_read_full (store, group_id, file, format, chat, day, NULL, &error);
  if (import == NULL && g_error_matches (error, CO_CHAT_ERROR, CO_CHAT_ERROR_NO_DAY))
    {
      /* Translators: --import-chat of pasted WeChat text without --date; %s: the file */
      g_printerr (_("community-ops: %s: text pasted from WeChat has no dates: give its day with --date, as "
                    "--date 2026-11-01.\n"), path);
      return 1;
    }
  if (import == NULL)
    {
      g_printerr ("community-ops: %s: %s\n", path, error->message);
      return 1;
    }
  print_summary (import);
  if (!print_problems (import, path))
    return 1;
  if (g_variant_dict_contains (options, "dry-run"))
    return 0;
  if (!co_chat_import_commit (import, NULL, &error))
    {
      g_printerr ("community-ops: %s: %s\n", path, error->message);
      return 1;
    }
  description = co_chat_import_describe (import);
  g_print (_("Imported “%s”: %s.\n"), path, description);
  return 0;
}
