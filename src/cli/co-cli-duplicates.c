/* co-cli-duplicates.c: --find-duplicates and --merge-members: the same core functions as the
 * Find Duplicates window, for scripts. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli/co-cli-private.h"
#include "core/members/co-duplicates.h"
#include "core/members/co-member-merge.h"

/* The group --group names, 0 for everyone when it is not given; -1 after saying it is unknown. */
static gint64
optional_group (CoStore      *store,
                GVariantDict *options)
{
  const char *group_name = NULL;
  gint64 group_id;

  if (!g_variant_dict_lookup (options, "group", "&s", &group_name))
    return 0;
  group_id = co_cli_find_group (store, group_name);
  return group_id != 0 ? group_id : -1;
}

/* One line a pair, tab-separated: the nickname and uuid of the one kept by default, of the
 * other, and the reasons. */
int
co_cli_find_duplicates (CoStore      *store,
                        GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  gint64 group_id = optional_group (store, options);

  if (group_id < 0)
    return 1;
  if ((pairs = co_duplicates_find (store, group_id, NULL, NULL, NULL, &error)) == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < pairs->len; i++)
    {
      CoDuplicatePair *pair = pairs->pdata[i];
      g_autoptr(CoPerson) first = co_person_get (store, pair->member_id, &error);
      g_autoptr(CoPerson) second = first ? co_person_get (store, pair->other_id, &error) : NULL;
      g_autofree char *reasons = co_duplicate_pair_describe (pair);

      if (second == NULL)
        {
          g_printerr ("community-ops: %s\n", error->message);
          return 1;
        }
      g_print ("%s\t%s\t%s\t%s\t%s\n", first->values[CO_MEMBER_NICKNAME], first->uuid,
               second->values[CO_MEMBER_NICKNAME], second->uuid, reasons);
    }
  return 0;
}

/* --merge-members KEEP OTHER: each a uuid, or a nickname only one member (of --group, when
 * given) has. The fields KEEP lacks are taken from OTHER, as the window does by default. */
int
co_cli_merge_members (CoStore      *store,
                      GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoPerson) keep = NULL;
  g_autoptr(CoPerson) other = NULL;
  g_autofree const char **words = NULL;
  const char *keep_name = NULL;
  gint64 group_id = optional_group (store, options), keep_id, other_id;

  if (group_id < 0)
    return 1;
  g_variant_dict_lookup (options, "merge-members", "&s", &keep_name);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &words);
  if (words == NULL || words[0] == NULL || words[1] != NULL)
    {
      g_printerr ("community-ops: %s\n", _("Name two members: --merge-members KEEP OTHER merges OTHER into KEEP."));
      return 1;
    }
  if ((keep_id = co_member_find_person (store, group_id, keep_name, &error)) == 0 ||
      (other_id = co_member_find_person (store, group_id, words[0], &error)) == 0 ||
      (keep = co_person_get (store, keep_id, &error)) == NULL ||
      (other = co_person_get (store, other_id, &error)) == NULL ||
      co_members_merge (store, keep_id, other_id, co_merge_default_choice (keep, other), &error) == 0)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  g_print (_("Merged “%s” into “%s”: one member now, with both nicknames and contacts.\n"),
           other->values[CO_MEMBER_NICKNAME], keep->values[CO_MEMBER_NICKNAME]);
  return 0;
}
