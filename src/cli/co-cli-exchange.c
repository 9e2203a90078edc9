/* co-cli-exchange.c: --export-json and --import-json, the JSON exchange format teammates merge
 * their workspaces with. An import prints what it would change before it writes. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli/co-cli-private.h"
#include "core/exchange/co-exchange.h"

int
co_cli_export_json (CoStore      *store,
                    GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  const char *path = NULL, *group_name = NULL;
  gint64 group_id = 0;

  g_variant_dict_lookup (options, "export-json", "^&ay", &path);
  /* Without --group: the whole workspace. */
  if (g_variant_dict_lookup (options, "group", "&s", &group_name) &&
      (group_id = co_cli_find_group (store, group_name)) == 0)
    return 1;
  if (!co_exchange_export_to_file (store, group_id, path, &error))
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  return 0;
}

int
co_cli_import_json (CoStore      *store,
                    GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoExchange) exchange = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  GPtrArray *warnings;
  const char *path = NULL;
  CoExchangeMode mode = CO_EXCHANGE_AS_NEW;
  guint n_groups = 0;

  if (g_variant_dict_contains (options, "replace"))
    mode = CO_EXCHANGE_REPLACE;
  g_variant_dict_lookup (options, "import-json", "^&ay", &path);
  if ((exchange = co_exchange_read_file (path, &error)) == NULL ||
      (conflicts = co_exchange_list_conflicts (exchange, store, mode, &error)) == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  warnings = co_exchange_get_warnings (exchange);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("community-ops: %s: %s\n", path, (char *) warnings->pdata[i]);
  for (guint i = 0; i < conflicts->len; i++)
    g_print ("%s\n", (char *) conflicts->pdata[i]);
  if (g_variant_dict_contains (options, "dry-run"))
    return 0;
  if (!co_exchange_import (exchange, store, mode, &n_groups, &error))
    {
      g_printerr ("community-ops: %s: %s\n", path, error->message);
      return 1;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported “%s”: %u group.\n",
                        "Imported “%s”: %u groups.\n", n_groups),
           path, n_groups);
  return 0;
}
