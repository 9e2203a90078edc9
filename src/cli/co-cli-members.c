/* co-cli-members.c: --export-members, --import-members, --import-activity and --import-figures:
 * the same core functions as the Members and Figures pages, all of a file or nothing. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli/co-cli-private.h"
#include "core/members/co-member-import.h"
#include "core/reports/co-figures.h"
#include "core/store/co-import.h"

int
co_cli_export_members (CoStore      *store,
                       GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GFile) file = NULL;
  const char *group_name = NULL, *path = NULL;
  CoMemberQuery query = { 0 };

  g_autoptr(CoSegment) segment = NULL;

  g_variant_dict_lookup (options, "group", "&s", &group_name);
  if ((query.group_id = co_cli_find_group (store, group_name)) == 0 || !co_cli_find_segment (store, options, &segment))
    return 1;
  query.segment = segment != NULL ? segment->filter : NULL;

  g_variant_dict_lookup (options, "export-members", "^&ay", &path);
  csv = co_members_export_csv (store, &query, &error);
  file = g_file_new_for_commandline_arg (path);
  /* g_file_replace_contents() writes a temporary file and renames it. */
  if (csv == NULL ||
      !g_file_replace_contents (file, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), NULL,
                                FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
    {
      g_printerr ("community-ops: %s: %s\n", path, error->message);
      return 1;
    }
  return 0;
}

/* Prints each problem of an import with its place in the file. */
static void
print_problems (const char *path,
                GPtrArray  *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      CoImportProblem *problem = problems->pdata[i];
      g_printerr ("community-ops: %s:%u:%u (%s): %s\n", path, problem->line, problem->column,
                  problem->header ? problem->header : "", problem->message);
    }
}

/* --import-members and --import-activity: the file's problems, then all of it or nothing. */
static int
import_members (CoStore      *store,
                GVariantDict *options,
                const char   *option,
                CoImportKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CoMemberImport) import = NULL;
  const char *group_name = NULL, *path = NULL;
  CoDuplicateAction duplicates = CO_DUPLICATES_SKIP;
  g_autofree char *summary = NULL;
  gint64 group_id;

  g_variant_dict_lookup (options, "group", "&s", &group_name);
  if ((group_id = co_cli_find_group (store, group_name)) == 0)
    return 1;

  g_variant_dict_lookup (options, option, "^&ay", &path);
  file = g_file_new_for_commandline_arg (path);
  if ((bytes = g_file_load_bytes (file, NULL, NULL, &error)) == NULL ||
      (import = co_member_import_read (store, group_id, kind, bytes, &error)) == NULL)
    {
      g_printerr ("community-ops: %s: %s\n", path, error->message);
      return 1;
    }
  print_problems (path, co_member_import_get_problems (import));
  if (g_variant_dict_contains (options, "update-duplicates"))
    duplicates = CO_DUPLICATES_UPDATE;
  if (!co_member_import_commit (import, duplicates, NULL, NULL, &error))
    {
      g_printerr ("community-ops: %s: %s\n", path, error->message);
      return 1;
    }
  summary = co_member_import_describe (import);
  /* Translators: after an import: the file, then what was written, e.g. "120 added, 3 updated" */
  g_print (_("Imported “%s”: %s.\n"), path, summary);
  return 0;
}

int
co_cli_import_members (CoStore      *store,
                       GVariantDict *options)
{
  return import_members (store, options, "import-members", CO_IMPORT_MEMBERS);
}

int
co_cli_import_activity (CoStore      *store,
                        GVariantDict *options)
{
  return import_members (store, options, "import-activity", CO_IMPORT_ACTIVITY);
}

/* All the file's days, or none and a list of what is wrong. */
int
co_cli_import_figures (CoStore      *store,
                       GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CoFiguresImport) import = NULL;
  const char *path = NULL;
  guint n_days;

  g_variant_dict_lookup (options, "import-figures", "^&ay", &path);
  file = g_file_new_for_commandline_arg (path);
  if ((bytes = g_file_load_bytes (file, NULL, NULL, &error)) == NULL ||
      (import = co_figures_import_read (store, bytes, &error)) == NULL)
    {
      g_printerr ("community-ops: %s: %s\n", path, error->message);
      return 1;
    }
  print_problems (path, co_figures_import_get_problems (import));
  if (!co_figures_import_commit (import, &error))
    {
      g_printerr ("community-ops: %s: %s\n", path, error->message);
      return 1;
    }
  n_days = co_figures_import_get_n_days (import);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported “%s”: %u day.\n", "Imported “%s”: %u days.\n",
                        n_days),
           path, n_days);
  return 0;
}
