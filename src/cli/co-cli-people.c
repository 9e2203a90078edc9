/* co-cli-people.c: --add-member: one member added by hand, by the same core function and the
 * same checks as the New Member dialog; refused with the dialog's message, nothing written. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli/co-cli-private.h"
#include "core/formats/co-date.h"
#include "core/members/co-channel.h"
#include "core/members/co-member-edit.h"
#include "core/members/co-tag.h"
#include "core/members/co-tier.h"

int
co_cli_add_member (CoStore      *store,
                   GVariantDict *options)
{
  static const struct { const char *option; CoMemberField field; } given[] = {
    { "nickname", CO_MEMBER_NICKNAME }, { "contact", CO_MEMBER_CONTACT }, { "real-name", CO_MEMBER_REAL_NAME },
    { "joined", CO_MEMBER_JOINED }, { "notes", CO_MEMBER_NOTES },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CoMember) member = NULL;
  g_autofree char *today = co_date_today ();
  const char *group_name = NULL, *tier = NULL, *source = NULL, *tags = NULL;
  g_autoptr(GArray) tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CoMemberDraft draft = { { NULL } };
  gint64 group_id, id;

  g_variant_dict_lookup (options, "group", "&s", &group_name);
  if ((group_id = co_cli_find_group (store, group_name)) == 0)
    return 1;
  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    g_variant_dict_lookup (options, given[i].option, "&s", &draft.values[given[i].field]);
  /* As the dialog: today unless told. */
  if (draft.values[CO_MEMBER_JOINED] == NULL)
    draft.values[CO_MEMBER_JOINED] = today;
  /* A name that is no tier of the group is refused by co_member_create(), in its words. */
  if (g_variant_dict_lookup (options, "tier", "&s", &tier) && co_tiers_ensure (store, group_id, NULL) &&
      (draft.tier_id = co_tiers_find (store, group_id, tier)) == 0)
    draft.tier_id = -1;
  /* The channel and the tags by name, refused with what there is. */
  if (g_variant_dict_lookup (options, "source", "&s", &source) &&
      (draft.channel_id = co_channel_lookup (store, source, &error)) < 0)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  if (g_variant_dict_lookup (options, "tags", "&s", &tags))
    {
      g_auto(GStrv) names = g_strsplit_set (tags, ",，", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          gint64 tag_id;

          if (*g_strstrip (names[i]) == '\0')
            continue;
          if ((tag_id = co_tag_find (store, names[i], &error)) == 0)
            {
              g_printerr ("community-ops: %s\n", error->message);
              return 1;
            }
          g_array_append_val (tag_ids, tag_id);
        }
      draft.tag_ids = (const gint64 *) tag_ids->data;
      draft.n_tags = tag_ids->len;
    }
  if ((id = co_member_create (store, group_id, &draft, &error)) == 0 ||
      (member = co_member_get_by_id (store, id, &error)) == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  {
    g_autofree char *tier_name = co_member_dup_display (member, CO_MEMBER_TIER);
    g_autofree char *joined = co_member_dup_display (member, CO_MEMBER_JOINED);
    const char *contact = co_member_get (member, CO_MEMBER_CONTACT);

    /* Translators: what --add-member added: nickname, contact, tier, joined date */
    g_print (_("Added %s (%s), %s, joined %s\n"), co_member_get (member, CO_MEMBER_NICKNAME),
             contact ? contact : _("no contact"), tier_name, joined);
  }
  return 0;
}
