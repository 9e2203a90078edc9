/* bench-chat.c: reading a big Telegram export, beside Python reading the same file with
 * json.load (the floor: what a script would do) in the same run; then importing it into a
 * group of an empty workspace, and importing it again (everything already counted).
 *
 * bench-chat [--messages N] [--dir DIR]
 * writes a Telegram Desktop export of N messages (default 5,000,000, about 1 GB: texts as
 * strings and as arrays of entities, a join every 50 messages, 2,000 people), then prints the
 * time and the peak memory of co_chat_read() counting it (messages, people, joins), and of
 * python3 counting the same with json.load, and the import's time and the process's peak memory
 * after it. Targets: reading faster than Python with a tenth of its memory or less, and the
 * import under 200 MB whatever the file's size. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>

#include "core/chat/co-chat-import.h"
#include "core/chat/co-chat-read.h"
#include "core/groups/co-group.h"
#include "bench-util.h"
#include "../test-util.h"

static const char python[] =
  "import json, resource, sys, time\n"
  "start = time.monotonic()\n"
  "with open(sys.argv[1], encoding='utf-8') as f:\n"
  "    chat = json.load(f)\n"
  "messages = sum(1 for m in chat['messages'] if m.get('type') == 'message')\n"
  "print(messages, time.monotonic() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n";

static gboolean
write_export (const char *path,
              gint64      n_messages)
{
  FILE *out = fopen (path, "w");
  gint64 start_time = 1767225600;  /* 2026-01-01 00:00 UTC */

  if (out == NULL)
    return FALSE;
  fputs ("{\n \"name\": \"读书会\",\n \"type\": \"private_supergroup\",\n \"id\": 1234567890,\n \"messages\": [\n", out);
  for (gint64 i = 0; i < n_messages; i++)
    {
      gint64 when = start_time + i * 6;
      guint person = (guint) (g_int64_hash (&i) % 2000);

      if (i > 0)
        fputs (",\n", out);
      if (i % 50 == 49)
        fprintf (out, "  {\n   \"id\": %" G_GINT64_FORMAT ",\n   \"type\": \"service\",\n   \"date\": \"2026-01-01T00:00:00\",\n"
                 "   \"date_unixtime\": \"%" G_GINT64_FORMAT "\",\n   \"actor\": \"成员%u\",\n   \"actor_id\": \"user%u\",\n"
                 "   \"action\": \"join_group_by_link\",\n   \"inviter\": \"Group\",\n   \"text\": \"\",\n   \"text_entities\": []\n  }",
                 i + 1, when, person, person);
      else if (i % 3 == 0)
        fprintf (out, "  {\n   \"id\": %" G_GINT64_FORMAT ",\n   \"type\": \"message\",\n   \"date\": \"2026-01-01T00:00:00\",\n"
                 "   \"date_unixtime\": \"%" G_GINT64_FORMAT "\",\n   \"from\": \"成员%u\",\n   \"from_id\": \"user%u\",\n"
                 "   \"text\": [\"看看这篇文献 \", {\"type\": \"link\", \"text\": \"https://example.org/paper/%" G_GINT64_FORMAT "\"}, \" 讲得很清楚\"],\n"
                 "   \"text_entities\": [{\"type\": \"plain\", \"text\": \"看看这篇文献 \"}, {\"type\": \"link\", \"text\": \"https://example.org/paper\"}]\n  }",
                 i + 1, when, person, person, i);
      else
        fprintf (out, "  {\n   \"id\": %" G_GINT64_FORMAT ",\n   \"type\": \"message\",\n   \"date\": \"2026-01-01T00:00:00\",\n"
                 "   \"date_unixtime\": \"%" G_GINT64_FORMAT "\",\n   \"from\": \"成员%u\",\n   \"from_id\": \"user%u\",\n"
                 "   \"text\": \"今天的打卡：跑了 5 公里，配速 6 分钟。第 %" G_GINT64_FORMAT " 天\",\n"
                 "   \"text_entities\": [{\"type\": \"plain\", \"text\": \"今天的打卡\"}]\n  }",
                 i + 1, when, person, person, i % 100);
    }
  fputs ("\n ]\n}\n", out);
  return fclose (out) == 0;
}

static long
peak_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* Imports @file into a new group of a new workspace in @dir, twice; prints each run. */
static gboolean
import_twice (GFile      *file,
              const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CoStore) store = co_store_open (path, &error);
  gint64 group = store != NULL ? co_group_create (store, "读书会", 0, &error) : 0;

  if (group == 0)
    {
      fprintf (stderr, "bench-chat: %s\n", error->message);
      return FALSE;
    }
  for (int run = 0; run < 2; run++)
    {
      g_autoptr(CoChatImport) import = NULL;
      g_autofree char *what = NULL;
      gint64 start = now_us ();

      import = co_chat_import_read (store, group, file, CO_CHAT_FORMAT_AUTO, NULL, NULL, &error);
      if (import == NULL || !co_chat_import_commit (import, NULL, &error))
        {
          fprintf (stderr, "bench-chat: %s\n", error->message);
          return FALSE;
        }
      what = co_chat_import_describe (import);
      printf ("%-28s %10.2f s %14s %10.1f   (%s)\n", run == 0 ? "import into a new group" : "the same file again",
              to_s (now_us () - start),
              fmt_count ((gint64) (co_chat_summary_get_messages (co_chat_import_get_summary (import)) /
                                   to_s (now_us () - start))),
              peak_kb () / 1024.0, what);
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  gint64 n_messages = 5000000;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— reading a big chat export");
  g_autoptr(GError) error = NULL;
  g_autoptr(CoChatSummary) summary = co_chat_summary_new ();
  g_autoptr(GFile) file = NULL;
  g_autofree char *script = NULL;
  g_autofree char *quoted = g_shell_quote (python);
  g_autofree char *out = NULL;
  GStatBuf st;
  gint64 start, us;
  long before_kb, ours_kb;
  gint64 py_messages = 0;
  double py_seconds = 0;
  long py_kb = 0;
  const GOptionEntry entries[] = {
    { "messages", 0, 0, G_OPTION_ARG_INT64, &n_messages, "Messages in the export", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where to write it (default: a temporary folder)", "DIR" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-chat: %s\n", error->message);
      return 2;
    }
  if (dir == NULL)
    dir = g_dir_make_tmp ("bench-chat-XXXXXX", NULL);
  path = g_build_filename (dir, "result.json", NULL);
  start = now_us ();
  if (!write_export (path, n_messages) || g_stat (path, &st) != 0)
    {
      fprintf (stderr, "bench-chat: cannot write %s\n", path);
      return 1;
    }
  printf ("export: %s messages, %.1f MB, written in %.1f s\n", fmt_count (n_messages),
          st.st_size / 1e6, to_s (now_us () - start));

  before_kb = peak_kb ();
  file = g_file_new_for_path (path);
  start = now_us ();
  if (!co_chat_read (file, CO_CHAT_FORMAT_AUTO, NULL, co_chat_summary_add, summary, NULL, NULL, &error))
    {
      fprintf (stderr, "bench-chat: %s\n", error->message);
      return 1;
    }
  us = now_us () - start;
  ours_kb = peak_kb ();

  script = g_strdup_printf ("python3 -c %s %s", quoted, path);
  start = now_us ();
  if (g_spawn_command_line_sync (script, &out, NULL, NULL, NULL) && out != NULL)
    sscanf (out, "%" G_GINT64_FORMAT " %lf %ld", &py_messages, &py_seconds, &py_kb);

  printf ("%-28s %12s %14s %10s\n", "", "time", "messages/s", "peak MB");
  printf ("%-28s %10.2f s %14s %10.1f   (%s messages, %u people, %u joins; %.1f MB before)\n",
          "co_chat_read", to_s (us), fmt_count ((gint64) (co_chat_summary_get_messages (summary) / to_s (us))),
          ours_kb / 1024.0, fmt_count (co_chat_summary_get_messages (summary)),
          co_chat_summary_get_members (summary), co_chat_summary_get_joins (summary), before_kb / 1024.0);
  if (py_messages > 0)
    printf ("%-28s %10.2f s %14s %10.1f   (%s messages)\n", "floor: python3 json.load", py_seconds,
            fmt_count ((gint64) (py_messages / py_seconds)), py_kb / 1024.0, fmt_count (py_messages));
  else
    printf ("floor: python3 did not run\n");
  if (!import_twice (file, dir))
    return 1;
  printf ("targets: reading faster than python3 (%s), with a tenth of its memory or less (%s); "
          "the import under 200 MB (%s)\n",
          py_messages > 0 && to_s (us) < py_seconds ? "met" : "not met",
          py_messages > 0 && ours_kb * 10 <= py_kb ? "met" : "not met",
          peak_kb () < 200 * 1024 ? "met" : "not met");
  if (co_chat_summary_get_messages (summary) != (guint) py_messages && py_messages > 0)
    printf ("the counts differ: %u against python3's %" G_GINT64_FORMAT "\n", co_chat_summary_get_messages (summary),
            py_messages);
  g_unlink (path);
  if (g_str_has_prefix (dir, g_get_tmp_dir ()))
    test_remove_tree (dir);
  return co_chat_summary_get_messages (summary) == (guint) (n_messages - n_messages / 50) ? 0 : 1;
}
