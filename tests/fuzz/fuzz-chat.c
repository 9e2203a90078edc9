/* fuzz-chat.c: libFuzzer targets for the chat export readers, one per platform (FUZZ_FORMAT is
 * a CoChatFormat; 0, AUTO, fuzzes the recognising too). Each input is written to a file, read
 * to its end or its first error, and summarised; with a day, for text pasted from WeChat. Built with -Dfuzzing=true and clang. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>

#include "core/chat/co-chat-read.h"

static char *path;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("community-ops-fuzz-chat-XXXXXX", &error);

  g_assert_no_error (error);
  path = g_build_filename (dir, "export", NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CoChatSummary) summary = co_chat_summary_new ();
  g_autoptr(GError) error = NULL;
  CoChatReadOptions options = { .format = FUZZ_FORMAT, .day = "2026-11-01" };
  GDate first, last;

  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    return 0;
  if (co_chat_read_full (file, &options, co_chat_summary_add, summary, NULL, NULL, &error))
    {
      g_assert_no_error (error);
      if (co_chat_summary_get_days (summary, &first, &last))
        g_assert_true (g_date_compare (&first, &last) <= 0);
    }
  else
    {
      /* Every refusal says why. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == CO_CHAT_ERROR || error->domain == G_IO_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  return 0;
}
