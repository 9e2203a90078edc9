/* co-cli-challenge.c: --challenge-leaderboard: a check-in challenge's leaderboard as text lines,
 * and with --output as the PNG image to post in the group. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli/co-cli-private.h"
#include "core/chat/co-challenge.h"
#include "core/document/co-challenge-image.h"
#include "core/formats/co-date.h"

int
co_cli_challenge_leaderboard (CoStore      *store,
                              GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *today = co_date_today ();
  const char *name = NULL, *group_name = NULL, *output = NULL;
  gint64 group_id, challenge_id;

  g_variant_dict_lookup (options, "challenge-leaderboard", "&s", &name);
  g_variant_dict_lookup (options, "group", "&s", &group_name);
  g_variant_dict_lookup (options, "output", "^&ay", &output);
  if ((group_id = co_cli_find_group (store, group_name)) == 0)
    return 1;
  if ((challenge_id = co_challenge_find (store, group_id, name, &error)) == 0 ||
      (rows = co_challenge_leaderboard (store, challenge_id, today, &error)) == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  /* Translators: the header of --challenge-leaderboard's lines, tab-separated: keep the tabs */
  g_print ("%s\n", _("rank\tname\tdays\tstreak\tmissed\tpoints"));
  for (guint i = 0; i < rows->len; i++)
    {
      const CoChallengeRow *row = rows->pdata[i];

      g_print ("%u\t%s\t%u\t%u\t%u\t%" G_GINT64_FORMAT "\n", i + 1, row->name, row->days, row->current_streak,
               row->missed, row->points);
    }
  if (output != NULL && !co_challenge_leaderboard_png (store, challenge_id, today, output, &error))
    {
      g_printerr (_("community-ops: %s: %s\n"), output, error->message);
      return 1;
    }
  return 0;
}
