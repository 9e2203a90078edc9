/* co-application.c: the command line (options that work and exit need no display), the
 * app-wide actions, and opening the database the window works on. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gui/window/co-application.h"
#include "core/groups/co-group.h"
#include "core/formats/co-csv.h"
#include "core/store/co-backup.h"
#include "core/exchange/co-exchange.h"
#include "core/formats/co-date.h"
#include "core/members/co-member-import.h"
#include "core/reports/co-report.h"
#include "core/document/co-plan-document.h"
#include "core/document/co-report-document.h"
#include "core/plan/co-plan.h"
#include "gui/window/co-preferences-window.h"
#include "core/sample/co-sample.h"
#include "core/store/co-store.h"
#include "gui/window/co-window.h"

struct _CoApplication
{
  AdwApplication  parent_instance;

  char           *database_path;
  CoStore        *store;
  GError         *store_error;
  GSettings      *settings;
  int             exit_status;
};

G_DEFINE_FINAL_TYPE (CoApplication, co_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the database file PATH instead of the per-user one"), N_("PATH") },
  { "list-groups", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the name of every group, one a line, and exit"), NULL },
  { "create-sample", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Fill an empty database with the sample workspace and exit"), NULL },
  { "import-members", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import the members in the CSV file FILE into the group --group, and exit"), N_("FILE") },
  { "import-activity", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import the member activity in the CSV file FILE into the group --group, and exit"), N_("FILE") },
  { "export-members", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the members of the group --group to the CSV file FILE, and exit"), N_("FILE") },
  { "group", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The group to import into or export from"), N_("NAME") },
  { "import-figures", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import the daily figures in the CSV file FILE (a date and a group on each line), and exit"), N_("FILE") },
  { "update-duplicates", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("When importing, update members already in the group instead of skipping them"), NULL },
  { "report", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the figures of --group (or --all) from --from to --to, and exit"), NULL },
  { "all", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --report: every group"), NULL },
  { "from", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The report’s first day"), N_("DATE") },
  { "to", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The report’s last day"), N_("DATE") },
  { "format", 0, 0, G_OPTION_ARG_STRING, NULL, N_("How --report prints: text (the default) or csv"), N_("FORMAT") },
  { "export-report", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Write the report of --group (or --all) from --from to --to as PDF to --output, and exit"), NULL },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("The PDF file --export-report or --export-plan writes"),
    N_("FILE") },
  { "paper", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The paper of --export-report and --export-plan: a4 (the default) or letter"), N_("PAPER") },
  { "backup", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Make a backup of the database now, and exit"), NULL },
  { "list-backups", 0, 0, G_OPTION_ARG_NONE, NULL, N_("List the backups, newest first, and exit"), NULL },
  { "restore", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Replace the database with the backup FILE (the current one is kept as a backup), and exit"), N_("FILE") },
  { "export-plan", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write the plan of the group NAME as PDF to --output, and exit"), N_("NAME") },
  { "with-check", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --export-plan: add the plan check’s findings"), NULL },
  { "export-json", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the whole workspace (or the group --group) as JSON to FILE, and exit"), N_("FILE") },
  { "import-json", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import the JSON file FILE as new groups (or, with --replace, replacing the same groups), and exit"),
    N_("FILE") },
  { "replace", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --import-json: replace the groups the workspace has, and update its people, from the file"), NULL },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --import-json: check the file and print what would change, without writing"), NULL },
  { NULL }
};

CoApplication *
co_application_new (void)
{
  return g_object_new (CO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/com/example/CommunityOps",
                       NULL);
}

int
co_application_get_exit_status (CoApplication *self)
{
  g_return_val_if_fail (CO_IS_APPLICATION (self), 1);
  return self->exit_status;
}

static int
print_groups (CoStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) groups = co_group_list (store, &error);

  if (groups == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      g_print ("%s\n", co_group_get_name (group));
    }
  return 0;
}

/* The group named @name (any case), or 0 with a message. */
static gint64
find_group (CoStore    *store,
            const char *name)
{
  g_autoptr(GListStore) groups = co_group_list (store, NULL);
  g_autofree char *wanted = name ? g_utf8_casefold (name, -1) : NULL;

  for (guint i = 0; wanted != NULL && groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      g_autofree char *folded = g_utf8_casefold (co_group_get_name (group), -1);
      if (g_str_equal (folded, wanted))
        return co_group_get_id (group);
    }
  if (name == NULL)
    g_printerr ("community-ops: %s\n", _("Say which group with --group NAME."));
  else
    g_printerr (_("community-ops: there is no group named “%s”; --list-groups prints their names.\n"), name);
  return 0;
}

/* --import-members, --import-activity and --export-members: the same core functions as the
 * Members page. */
static int
transfer_members (CoStore      *store,
                  GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  const char *group_name = NULL, *path = NULL;
  gint64 group_id;

  g_variant_dict_lookup (options, "group", "&s", &group_name);
  if ((group_id = find_group (store, group_name)) == 0)
    return 1;

  if (g_variant_dict_lookup (options, "export-members", "^&ay", &path))
    {
      CoMemberQuery query = { .group_id = group_id };
      g_autoptr(GBytes) csv = co_members_export_csv (store, &query, &error);
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      /* g_file_replace_contents() writes a temporary file and renames it. */
      if (csv == NULL || !g_file_replace_contents (file, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv),
                                                   NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
        {
          g_printerr ("community-ops: %s: %s\n", path, error->message);
          return 1;
        }
      return 0;
    }
  else
    {
      gboolean activity = g_variant_dict_lookup (options, "import-activity", "^&ay", &path);
      g_autoptr(GFile) file = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(CoMemberImport) import = NULL;
      guint added = 0, updated = 0;

      if (!activity)
        g_variant_dict_lookup (options, "import-members", "^&ay", &path);
      file = g_file_new_for_commandline_arg (path);
      if ((bytes = g_file_load_bytes (file, NULL, NULL, &error)) == NULL ||
          (import = co_member_import_read (store, group_id, activity ? CO_IMPORT_ACTIVITY : CO_IMPORT_MEMBERS,
                                           bytes, &error)) == NULL)
        {
          g_printerr ("community-ops: %s: %s\n", path, error->message);
          return 1;
        }
      for (guint i = 0; i < co_member_import_get_problems (import)->len; i++)
        {
          CoImportProblem *problem = co_member_import_get_problems (import)->pdata[i];
          g_printerr ("community-ops: %s:%u:%u (%s): %s\n", path, problem->line, problem->column,
                      problem->header ? problem->header : "", problem->message);
        }
      if (!co_member_import_commit (import, g_variant_dict_contains (options, "update-duplicates")
                                            ? CO_DUPLICATES_UPDATE : CO_DUPLICATES_SKIP,
                                    &added, &updated, &error))
        {
          g_printerr ("community-ops: %s: %s\n", path, error->message);
          return 1;
        }
      g_print (_("Imported “%s”: %u added, %u updated.\n"), path, added, updated);
      return 0;
    }
}

/* --import-figures: all the file's days, or none and a list of what is wrong. */
static int
import_figures (CoStore      *store,
                GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CoFiguresImport) import = NULL;
  const char *path = NULL;

  g_variant_dict_lookup (options, "import-figures", "^&ay", &path);
  file = g_file_new_for_commandline_arg (path);
  if ((bytes = g_file_load_bytes (file, NULL, NULL, &error)) == NULL ||
      (import = co_figures_import_read (store, bytes, &error)) == NULL)
    {
      g_printerr ("community-ops: %s: %s\n", path, error->message);
      return 1;
    }
  for (guint i = 0; i < co_figures_import_get_problems (import)->len; i++)
    {
      CoImportProblem *problem = co_figures_import_get_problems (import)->pdata[i];
      g_printerr ("community-ops: %s:%u:%u (%s): %s\n", path, problem->line, problem->column,
                  problem->header ? problem->header : "", problem->message);
    }
  if (!co_figures_import_commit (import, &error))
    {
      g_printerr ("community-ops: %s: %s\n", path, error->message);
      return 1;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported “%s”: %u day.\n", "Imported “%s”: %u days.\n",
                        co_figures_import_get_n_days (import)),
           path, co_figures_import_get_n_days (import));
  return 0;
}

/* The groups and the period --report and --export-report ask for: 0, or the exit status after
 * saying what is wrong. */
static int
read_report_options (CoStore       *store,
                     GVariantDict  *options,
                     GArray        *ids,
                     char         **from,
                     char         **to,
                     char         **scope_name)
{
  const char *from_text = NULL, *to_text = NULL, *group_name = NULL;

  g_variant_dict_lookup (options, "from", "&s", &from_text);
  g_variant_dict_lookup (options, "to", "&s", &to_text);
  g_variant_dict_lookup (options, "group", "&s", &group_name);
  *from = co_date_parse (from_text);
  *to = co_date_parse (to_text);
  if (*from == NULL || *to == NULL || strcmp (*from, *to) > 0)
    {
      g_printerr ("community-ops: %s\n",
                  *from == NULL || *to == NULL ? _("--report needs --from and --to, dates like 2024-03-05.")
                                               : _("--from is after --to."));
      return 1;
    }
  if (g_variant_dict_contains (options, "all"))
    {
      g_autoptr(GListStore) groups = co_group_list (store, NULL);
      for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
        {
          g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
          gint64 id = co_group_get_id (group);
          g_array_append_val (ids, id);
        }
      *scope_name = g_strdup (_("All Groups"));
    }
  else
    {
      gint64 id = find_group (store, group_name);
      g_autoptr(CoGroup) group = NULL;

      if (id == 0)
        return 1;
      g_array_append_val (ids, id);
      group = co_group_get (store, id, NULL);
      *scope_name = g_strdup (group ? co_group_get_name (group) : group_name);
    }
  return 0;
}

/* --report: the period's figures for a group or every group, with the period before. */
static int
print_report (CoStore      *store,
              GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CoReport) report = NULL;
  g_autoptr(CoTable) table = NULL;
  g_autofree char *today = co_date_today ();
  g_autofree char *from = NULL, *to = NULL, *scope_name = NULL;
  const char *format = "text";
  GString *out;
  int status;

  g_variant_dict_lookup (options, "format", "&s", &format);
  if (!g_str_equal (format, "text") && !g_str_equal (format, "csv"))
    {
      g_printerr (_("community-ops: --format is text or csv, not “%s”.\n"), format);
      return 1;
    }
  if ((status = read_report_options (store, options, ids, &from, &to, &scope_name)) != 0)
    return status;

  report = co_report_new (store, (gint64 *) ids->data, ids->len, from, to, today, &error);
  if (report == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  table = co_report_table (report);
  if (g_str_equal (format, "csv"))
    {
      g_autoptr(GBytes) csv = co_table_to_csv (table);
      /* Without the BOM: a terminal or a pipe does not want it. */
      fwrite ((const char *) g_bytes_get_data (csv, NULL) + 3, 1, g_bytes_get_size (csv) - 3, stdout);
      return 0;
    }
  out = g_string_new (NULL);
  for (guint row = 1; row < co_table_get_n_rows (table); row++)
    /* Translators: a report line: figure, value, the previous period's value, the change, and
     * a mark for figures taken from the daily figures alone */
    g_string_append_printf (out, _("%s: %s (before: %s, change %s)%s\n"), co_table_get (table, row, 0),
                            co_table_get (table, row, 1), co_table_get (table, row, 2),
                            co_table_get (table, row, 3), *co_table_get (table, row, 4) ? _("  estimate") : "");
  g_print ("%s", out->str);
  g_string_free (out, TRUE);
  return 0;
}

/* --output and --paper of --export-report and --export-plan: 0, or the exit status after saying
 * what is wrong. */
static int
read_pdf_options (GVariantDict  *options,
                  const char   **output,
                  CoPaper       *paper)
{
  const char *paper_name = "a4";

  g_variant_dict_lookup (options, "paper", "&s", &paper_name);
  if (!g_variant_dict_lookup (options, "output", "^&ay", output))
    {
      g_printerr ("community-ops: %s\n", _("Say where to write the PDF with --output FILE.pdf."));
      return 1;
    }
  if (!g_str_equal (paper_name, "a4") && !g_str_equal (paper_name, "letter"))
    {
      g_printerr (_("community-ops: --paper is a4 or letter, not “%s”.\n"), paper_name);
      return 1;
    }
  *paper = g_str_equal (paper_name, "letter") ? CO_PAPER_LETTER : CO_PAPER_A4;
  return 0;
}

/* Writes @document (NULL: @error says why) to @output, whole or not at all. */
static int
write_pdf (CoDocument *document,
           CoPaper     paper,
           const char *output,
           GError     *error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);
  g_autoptr(GError) local_error = error;

  if (document == NULL || !co_document_write_pdf (document, paper, file, NULL, NULL, NULL, &local_error))
    {
      g_printerr (_("community-ops: %s: %s\n"), output, local_error->message);
      return 1;
    }
  return 0;
}

/* --export-report: the report document as PDF. */
static int
export_report (CoStore      *store,
               GVariantDict *options)
{
  GError *error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CoDocument) document = NULL;
  g_autofree char *today = co_date_today ();
  g_autofree char *from = NULL, *to = NULL, *scope_name = NULL;
  const char *output = NULL;
  CoPaper paper;
  int status;

  if ((status = read_pdf_options (options, &output, &paper)) != 0 ||
      (status = read_report_options (store, options, ids, &from, &to, &scope_name)) != 0)
    return status;
  document = co_report_document_new (store, (gint64 *) ids->data, ids->len, scope_name, from, to, today,
                                     CO_WEEK_STARTS_MONDAY, &error);
  return write_pdf (document, paper, output, error);
}

/* --export-plan: a group's plan as PDF. */
static int
export_plan (CoStore      *store,
             GVariantDict *options)
{
  GError *error = NULL;
  g_autoptr(CoDocument) document = NULL;
  const char *output = NULL, *group_name = NULL;
  CoPaper paper;
  gint64 group_id;
  int status;

  g_variant_dict_lookup (options, "export-plan", "&s", &group_name);
  if ((status = read_pdf_options (options, &output, &paper)) != 0)
    return status;
  if ((group_id = find_group (store, group_name)) == 0)
    return 1;
  document = co_plan_document_new (store, &group_id, 1, g_variant_dict_contains (options, "with-check"), &error);
  return write_pdf (document, paper, output, error);
}

/* --backup, --list-backups and --restore. */
static int
manage_backups (CoStore      *store,
                GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  const char *restore = NULL;

  if (g_variant_dict_lookup (options, "restore", "^&ay", &restore))
    {
      if (!co_backup_restore (store, restore, &error))
        {
          g_printerr ("community-ops: %s\n", error->message);
          return 1;
        }
      g_print (_("Restored “%s”; the workspace before it is kept as a backup.\n"), restore);
      return 0;
    }
  if (g_variant_dict_contains (options, "backup"))
    {
      g_autofree char *path = co_backup_create (store, CO_BACKUP_BY_HAND, &error);
      if (path == NULL)
        {
          g_printerr ("community-ops: %s\n", error->message);
          return 1;
        }
      g_print ("%s\n", path);
      return 0;
    }
  {
    g_autoptr(GPtrArray) backups = co_backup_list (store, &error);
    if (backups == NULL)
      {
        g_printerr ("community-ops: %s\n", error->message);
        return 1;
      }
    for (guint i = 0; i < backups->len; i++)
      {
        CoBackup *backup = backups->pdata[i];
        g_autofree char *made = g_date_time_format (backup->made, "%x %X");
        g_autofree char *size = g_format_size ((guint64) backup->size);
        /* Translators: a line of --list-backups: when, why, how big, where */
        g_print (_("%s  %s  %s  %s\n"), made, co_backup_reason_label (backup->reason), size, backup->path);
      }
  }
  return 0;
}

/* --export-json and --import-json. An import prints what it would change before it writes. */
static int
exchange_json (CoStore      *store,
               GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoExchange) exchange = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  const char *path = NULL, *group_name = NULL;
  CoExchangeMode mode = g_variant_dict_contains (options, "replace") ? CO_EXCHANGE_REPLACE : CO_EXCHANGE_AS_NEW;
  guint n_groups = 0;

  if (g_variant_dict_lookup (options, "export-json", "^&ay", &path))
    {
      gint64 group_id = 0;

      if (g_variant_dict_lookup (options, "group", "&s", &group_name) && (group_id = find_group (store, group_name)) == 0)
        return 1;
      if (!co_exchange_export_to_file (store, group_id, path, &error))
        {
          g_printerr ("community-ops: %s\n", error->message);
          return 1;
        }
      return 0;
    }

  g_variant_dict_lookup (options, "import-json", "^&ay", &path);
  if ((exchange = co_exchange_read_file (path, &error)) == NULL ||
      (conflicts = co_exchange_list_conflicts (exchange, store, mode, &error)) == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < co_exchange_get_warnings (exchange)->len; i++)
    g_printerr ("community-ops: %s: %s\n", path, (char *) co_exchange_get_warnings (exchange)->pdata[i]);
  for (guint i = 0; i < conflicts->len; i++)
    g_print ("%s\n", (char *) conflicts->pdata[i]);
  if (g_variant_dict_contains (options, "dry-run"))
    return 0;
  if (!co_exchange_import (exchange, store, mode, &n_groups, &error))
    {
      g_printerr ("community-ops: %s: %s\n", path, error->message);
      return 1;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported “%s”: %u group.\n", "Imported “%s”: %u groups.\n", n_groups),
           path, n_groups);
  return 0;
}

/* Runs the options that do their work and exit, before any window or display is needed. */
static int
co_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  CoApplication *self = CO_APPLICATION (app);
  g_autoptr(CoStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *database = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("community-ops %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "database", "^&ay", &database))
    self->database_path = g_canonicalize_filename (database, NULL);
  else if (g_getenv ("COMMUNITY_OPS_DATABASE") != NULL && *g_getenv ("COMMUNITY_OPS_DATABASE"))
    self->database_path = g_canonicalize_filename (g_getenv ("COMMUNITY_OPS_DATABASE"), NULL);
  else
    self->database_path = co_store_default_path ();

  /* A database of its own makes this a separate instance, not a second window of another. */
  if (database != NULL || g_getenv ("COMMUNITY_OPS_DATABASE") != NULL)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  if (!g_variant_dict_contains (options, "list-groups") &&
      !g_variant_dict_contains (options, "create-sample") &&
      !g_variant_dict_contains (options, "import-members") &&
      !g_variant_dict_contains (options, "import-activity") &&
      !g_variant_dict_contains (options, "export-members") &&
      !g_variant_dict_contains (options, "report") && !g_variant_dict_contains (options, "export-report") &&
      !g_variant_dict_contains (options, "export-plan") && !g_variant_dict_contains (options, "backup") &&
      !g_variant_dict_contains (options, "list-backups") && !g_variant_dict_contains (options, "restore") &&
      !g_variant_dict_contains (options, "import-figures") && !g_variant_dict_contains (options, "export-json") &&
      !g_variant_dict_contains (options, "import-json"))
    return -1;

  store = co_store_open (self->database_path, &error);
  if (store == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }

  if (g_variant_dict_contains (options, "create-sample"))
    {
      if (!co_sample_create (store, &error))
        {
          g_printerr ("community-ops: %s\n", error->message);
          return 1;
        }
      g_print (_("Created the sample workspace in “%s”.\n"), self->database_path);
    }

  if (g_variant_dict_contains (options, "import-members") || g_variant_dict_contains (options, "import-activity") ||
      g_variant_dict_contains (options, "export-members"))
    return transfer_members (store, options);
  if (g_variant_dict_contains (options, "report"))
    return print_report (store, options);
  if (g_variant_dict_contains (options, "export-report"))
    return export_report (store, options);
  if (g_variant_dict_contains (options, "export-plan"))
    return export_plan (store, options);
  if (g_variant_dict_contains (options, "backup") || g_variant_dict_contains (options, "list-backups") ||
      g_variant_dict_contains (options, "restore"))
    return manage_backups (store, options);
  if (g_variant_dict_contains (options, "import-figures"))
    return import_figures (store, options);
  if (g_variant_dict_contains (options, "export-json") || g_variant_dict_contains (options, "import-json"))
    return exchange_json (store, options);
  if (g_variant_dict_contains (options, "list-groups"))
    return print_groups (store);
  return 0;
}

static void
apply_sync_mode (CoApplication *self)
{
  g_autoptr(GError) error = NULL;
  gboolean full = g_settings_get_enum (self->settings, "sync-mode") == 1;

  if (!co_store_set_full_sync (self->store, full, &error))
    g_warning ("Could not change the durability setting: %s", error->message);
}

static void
daily_backup_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  CoStore *store = source_object;
  g_autofree char *path = NULL;
  GError *error = NULL;

  if ((path = co_backup_create (store, CO_BACKUP_DAILY, &error)) != NULL &&
      co_backup_prune (store, GPOINTER_TO_UINT (task_data), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_daily_backup (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("The daily backup could not be made: %s", error->message);
}

/* The day's first start copies the workspace, in a worker thread, and keeps the last N. */
static void
start_daily_backup (CoApplication *self)
{
  g_autoptr(GTask) task = NULL;

  if (!co_backup_daily_due (self->store))
    return;
  task = g_task_new (self->store, NULL, on_daily_backup, NULL);
  g_task_set_task_data (task, GUINT_TO_POINTER ((guint) g_settings_get_int (self->settings, "backups-kept")), NULL);
  g_task_run_in_thread (task, daily_backup_in_thread);
}

static void
co_application_startup (GApplication *app)
{
  CoApplication *self = CO_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (co_application_parent_class)->startup (app);

  g_set_application_name (_("CommunityOps"));
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  self->store = co_store_open (self->database_path, &self->store_error);
  if (self->store == NULL)
    return;

  apply_sync_mode (self);
  g_signal_connect_object (self->settings, "changed::sync-mode",
                           G_CALLBACK (apply_sync_mode), self, G_CONNECT_SWAPPED);

  /* What an earlier run deleted but ended before it could empty the trash. */
  if (!co_group_purge_trash (self->store, 0, &error) || !co_list_purge_trash (self->store, &error))
    g_warning ("Could not empty the trash: %s", error->message);
  start_daily_backup (self);
}

static void
co_application_shutdown (GApplication *app)
{
  CoApplication *self = CO_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  /* Undo lasts as long as the app runs; what is still in the trash now goes for good. */
  if (self->store != NULL &&
      (!co_group_purge_trash (self->store, 0, &error) || !co_list_purge_trash (self->store, &error)))
    g_warning ("Could not empty the trash: %s", error->message);

  G_APPLICATION_CLASS (co_application_parent_class)->shutdown (app);
}

/* Shown instead of the main window when the database cannot be opened: a double-clicked
 * app has no terminal to print to. */
static void
show_store_error (CoApplication *self)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *quit = gtk_button_new_with_mnemonic (_("_Quit"));

  gtk_window_set_title (GTK_WINDOW (window), _("CommunityOps"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 420);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Could Not Open the Database"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), self->store_error->message);
  gtk_widget_set_halign (quit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (quit, "pill");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (quit), "app.quit");
  adw_status_page_set_child (ADW_STATUS_PAGE (status), quit);
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  g_printerr ("community-ops: %s\n", self->store_error->message);
  self->exit_status = 1;
  gtk_window_present (GTK_WINDOW (window));
}

static void
co_application_activate (GApplication *app)
{
  CoApplication *self = CO_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL && self->store == NULL)
    {
      show_store_error (self);
      return;
    }
  if (window == NULL)
    window = GTK_WINDOW (co_window_new (GTK_APPLICATION (self), self->store));
  gtk_window_present (window);
}

static void
co_application_finalize (GObject *object)
{
  CoApplication *self = CO_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (co_application_parent_class)->finalize (object);
}

static void
co_application_class_init (CoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = co_application_finalize;
  app_class->handle_local_options = co_application_handle_local_options;
  app_class->startup = co_application_startup;
  app_class->shutdown = co_application_shutdown;
  app_class->activate = co_application_activate;
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CoApplication *self = user_data;
  const char *developers[] = { _("The CommunityOps developers"), NULL };
  /* The same text as the release's notes in the metainfo, so it is translated once. */
  g_autofree char *release_notes =
    g_markup_printf_escaped ("<p>%s</p>", _("The first release: groups and their matrix, edited "
                                            "in place with undo, in Chinese and English."));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-icon", APP_ID,
                        "application-name", _("CommunityOps"),
                        "developer-name", _("The CommunityOps developers"),
                        "version", PACKAGE_VERSION,
                        "release-notes-version", PACKAGE_VERSION,
                        "release-notes", release_notes,
                        "comments", _("Plan, staff and report on your online communities"),
                        "website", "https://example.com/community-ops",
                        "issue-url", "https://example.com/community-ops/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one a line, shown in the About window */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  CoApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CoPreferencesWindow *preferences;

  if (self->store == NULL)
    return;
  preferences = co_preferences_window_new (self->store);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing the windows lets each save its state and pending edits. */
  for (GList *l = windows; l != NULL; l = windows)
    {
      windows = l->next;
      gtk_window_close (l->data);
    }
}

static const GActionEntry app_actions[] = {
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "quit", quit_activated },
};

static void
co_application_init (CoApplication *self)
{
  struct { const char *action; const char *accels[2]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.new-group", { "<Control>n", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Plan, staff and report on your online communities."));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}
