/* co-cli-tags.c: --list-members: a group's members in the Members page's order, through the same
 * query (search and segment included), one a line: nickname, contact, tier and tags, tab-separated;
 * and the --segment that it and --export-members take. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli/co-cli-private.h"
#include "core/members/co-member-list.h"
#include "core/members/co-segment.h"
#include "core/members/co-tag.h"

/* Tabs and line breaks in a value would break the line into columns or lines. */
static char *
one_field (const char *text)
{
  char *field = g_strdup (text != NULL ? text : "");

  g_strdelimit (field, "\t\r\n", ' ');
  return field;
}

gboolean
co_cli_find_segment (CoStore       *store,
                     GVariantDict  *options,
                     CoSegment    **segment)
{
  g_autoptr(GError) error = NULL;
  const char *name = NULL;

  *segment = NULL;
  if (!g_variant_dict_lookup (options, "segment", "&s", &name))
    return TRUE;
  if ((*segment = co_segment_find (store, name, &error)) == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return FALSE;
    }
  if ((*segment)->broken != NULL)
    {
      g_printerr (_("community-ops: the segment “%s” cannot be used: %s\n"), (*segment)->name, (*segment)->broken);
      g_clear_pointer (segment, co_segment_free);
      return FALSE;
    }
  return TRUE;
}

int
co_cli_list_members (CoStore      *store,
                     GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSegment) segment = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *group_name = NULL, *search = NULL;
  CoMemberQuery query = { .show = CO_MEMBER_SHOW_ALL, .sort = CO_MEMBER_NICKNAME };

  g_variant_dict_lookup (options, "group", "&s", &group_name);
  g_variant_dict_lookup (options, "search", "&s", &search);
  if ((query.group_id = co_cli_find_group (store, group_name)) == 0 || !co_cli_find_segment (store, options, &segment))
    return 1;
  query.search = search;
  query.segment = segment != NULL ? segment->filter : NULL;

  if ((ids = co_member_query_ids (store, &query, &error)) == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(CoMember) member = co_member_get_by_id (store, id, &error);
      g_autofree char *tier = NULL, *tags = NULL, *nickname = NULL, *contact = NULL;

      if (member == NULL || (tags = co_member_tags_text (store, id, &error)) == NULL)
        {
          g_printerr ("community-ops: %s\n", error->message);
          return 1;
        }
      tier = co_member_dup_display (member, CO_MEMBER_TIER);
      nickname = one_field (co_member_get (member, CO_MEMBER_NICKNAME));
      contact = one_field (co_member_get (member, CO_MEMBER_CONTACT));
      g_print ("%s\t%s\t%s\t%s\n", nickname, contact, tier != NULL ? tier : "", tags);
    }
  return 0;
}
