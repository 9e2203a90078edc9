/* co-cli-library.c: the script and material library on the command line: --list-library (with
 * --search), --add-library-text and --add-library-image (with --title, --qr, --expires, --tags). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cli/co-cli-private.h"
#include "core/formats/co-date.h"
#include "core/library/co-library.h"

static int
fail (GError *error)
{
  g_printerr ("community-ops: %s\n", error->message);
  return 1;
}

int
co_cli_list_library (CoStore      *store,
                     GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  CoLibraryQuery query = { NULL };

  g_variant_dict_lookup (options, "search", "&s", &query.search);
  items = co_library_find (store, &query, NULL, &error);
  if (items == NULL)
    return fail (error);
  /* Translators: the header of --list-library's lines, tab-separated: keep the tabs */
  g_print ("%s\n", _("Kind\tTitle\tTopic\tUses\tLast Used\tExpiry"));
  for (guint i = 0; i < items->len; i++)
    {
      CoLibraryItem *item = items->pdata[i];
      g_autofree char *expiry = co_library_describe_expiry (item, NULL);
      g_autofree char *last_used = co_date_time_format_display (co_library_item_get_last_used (item));

      g_print ("%s\t%s\t%s\t%u\t%s\t%s\n", co_choice_label (CO_CHOICE_LIBRARY_KIND, co_library_item_get_kind (item)),
               co_library_item_get_title (item), co_library_item_get_topic (item) ? co_library_item_get_topic (item) : "",
               co_library_item_get_use_count (item), last_used ? last_used : "", expiry ? expiry : "");
    }
  return 0;
}

/* --tags "running,欢迎": each a phase or a group type (keyword or label in either language
 * shown), else the topic; one topic only. */
static gboolean
read_tags (GVariantDict  *options,
           CoLibraryNew  *item,
           char         **topic)
{
  const char *text = NULL;
  g_auto(GStrv) tags = NULL;

  if (!g_variant_dict_lookup (options, "tags", "&s", &text))
    return TRUE;
  tags = g_strsplit_set (text, ",，", -1);
  for (guint t = 0; tags[t] != NULL; t++)
    {
      static const CoChoiceKind kinds[] = { CO_CHOICE_PHASE, CO_CHOICE_GROUP_TYPE };
      const char *tag = g_strstrip (tags[t]);
      gboolean found = FALSE;

      if (*tag == '\0')
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (kinds) && !found; k++)
        {
          guint n;
          const CoChoice *choices = co_choices_get (kinds[k], &n);

          for (guint c = 0; c < n && !found; c++)
            if (g_ascii_strcasecmp (tag, choices[c].keyword) == 0 ||
                g_utf8_collate (tag, co_choice_label (kinds[k], choices[c].keyword)) == 0)
              {
                found = TRUE;
                if (kinds[k] == CO_CHOICE_PHASE)
                  item->stage = choices[c].keyword;
                else
                  item->group_type = choices[c].keyword;
              }
        }
      if (found)
        continue;
      if (*topic != NULL)
        {
          /* Translators: --tags for the library: two tags that are neither a phase nor a group type */
          g_printerr (_("community-ops: --tags: “%s” and “%s” would both be the topic; an item has one topic.\n"),
                      *topic, tag);
          return FALSE;
        }
      *topic = g_strdup (tag);
    }
  item->topic = *topic;
  return TRUE;
}

int
co_cli_add_library_text (CoStore      *store,
                         GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *topic = NULL;
  CoLibraryNew item = { "text" };
  gint64 id;

  g_variant_dict_lookup (options, "add-library-text", "&s", &item.title);
  if (!g_variant_dict_lookup (options, "text", "&s", &item.body))
    {
      g_printerr ("%s\n", _("community-ops: --add-library-text needs --text, the script itself."));
      return 1;
    }
  if (!read_tags (options, &item, &topic))
    return 1;
  if ((id = co_library_add (store, &item, &error)) == 0)
    return fail (error);
  g_print (_("Added “%s” to the library.\n"), item.title);
  return 0;
}

int
co_cli_add_library_image (CoStore      *store,
                          GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *expires = NULL;
  g_autoptr(GBytes) image = NULL;
  const char *expires_text = NULL;
  CoLibraryNew item = { "poster" };

  if (!g_variant_dict_lookup (options, "add-library-image", "^ay", &path))
    return 1;
  if (g_variant_dict_contains (options, "qr"))
    item.kind = "qr";
  if (g_variant_dict_lookup (options, "expires", "&s", &expires_text))
    {
      if (!g_variant_dict_contains (options, "qr"))
        {
          g_printerr ("%s\n", _("community-ops: --expires is for a group QR code: add --qr."));
          return 1;
        }
      if ((expires = co_date_parse (expires_text)) == NULL)
        {
          g_printerr (_("community-ops: --%s: “%s” is not a date like 2026-03-05.\n"), "expires", expires_text);
          return 1;
        }
      item.expires = expires;
    }
  if (!g_variant_dict_lookup (options, "title", "&s", &item.title))
    {
      /* The file's name without its extension. */
      char *dot;

      basename = g_filename_display_basename (path);
      if ((dot = strrchr (basename, '.')) != NULL && dot != basename)
        *dot = '\0';
      item.title = basename;
    }
  if (!read_tags (options, &item, &topic))
    return 1;
  if ((image = co_library_read_image_file (path, &error)) == NULL)
    return fail (error);
  item.image = image;
  if (co_library_add (store, &item, &error) == 0)
    return fail (error);
  g_print (_("Added “%s” to the library.\n"), item.title);
  return 0;
}
