/* co-cli.c: the command line's one table of options and their handlers, and what is built from
 * it: the parser and --help, the test "is this a command-line run", and the dispatch. A new
 * option is one row here; the commands themselves live in co-cli-<area>.c. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli/co-cli-private.h"
#include "core/groups/co-group.h"
#include "core/sample/co-sample.h"
#include "core/store/co-store.h"

static int print_version (CoStore *store, GVariantDict *options);
static int create_sample (CoStore *store, GVariantDict *options);
static int list_groups   (CoStore *store, GVariantDict *options);

/* --help lists the options in this order. When several commands are given, the column after the
 * handler decides which runs: --version (0) before everything, --create-sample (1) and then
 * another, then the order the commands have always had, and those added since, --list-groups
 * last. */
static const CoCliOption cli_options[] = {
  { "version", 0, G_OPTION_ARG_NONE, N_("Print the version and exit"), NULL,
    print_version, 0, CO_CLI_WITHOUT_STORE },
  { "database", 'd', G_OPTION_ARG_FILENAME,
    N_("Use the database file PATH instead of the per-user one"), N_("PATH") },
  { "list-groups", 0, G_OPTION_ARG_NONE,
    N_("Print the name of every group, one a line, and exit"), NULL,
    list_groups, 29 },
  { "create-sample", 0, G_OPTION_ARG_NONE,
    N_("Fill an empty database with the sample workspace and exit"), NULL,
    create_sample, 1, CO_CLI_GOES_ON },
  { "import-members", 0, G_OPTION_ARG_FILENAME,
    N_("Import the members in the CSV file FILE into the group --group, and exit"), N_("FILE"),
    co_cli_import_members, 4 },
  { "import-activity", 0, G_OPTION_ARG_FILENAME,
    N_("Import the member activity in the CSV file FILE into the group --group, and exit"),
    N_("FILE"),
    co_cli_import_activity, 3 },
  { "export-members", 0, G_OPTION_ARG_FILENAME,
    N_("Write the members of the group --group to the CSV file FILE, and exit"), N_("FILE"),
    co_cli_export_members, 2 },
  { "group", 0, G_OPTION_ARG_STRING, N_("The group to import into or export from"), N_("NAME") },
  { "import-figures", 0, G_OPTION_ARG_FILENAME,
    N_("Import the daily figures in the CSV file FILE (a date and a group on each line), and exit"),
    N_("FILE"),
    co_cli_import_figures, 11 },
  { "update-duplicates", 0, G_OPTION_ARG_NONE,
    N_("When importing, update members already in the group instead of skipping them"), NULL },
  { "report", 0, G_OPTION_ARG_NONE,
    N_("Print the figures of --group (or --all) from --from to --to, and exit"), NULL,
    co_cli_print_report, 5 },
  { "all", 0, G_OPTION_ARG_NONE, N_("With --report: every group"), NULL },
  { "from", 0, G_OPTION_ARG_STRING, N_("The report’s first day"), N_("DATE") },
  { "to", 0, G_OPTION_ARG_STRING, N_("The report’s last day"), N_("DATE") },
  { "format", 0, G_OPTION_ARG_STRING,
    N_("How --report prints: text (the default) or csv; with --import-chat, the export’s format: "
       "telegram, discord, whatsapp, qq or wechat (found from the file when not given)"),
    N_("FORMAT") },
  { "export-report", 0, G_OPTION_ARG_NONE,
    N_("Write the report of --group (or --all) from --from to --to as PDF to --output, and exit"),
    NULL,
    co_cli_export_report, 6 },
  { "output", 0, G_OPTION_ARG_FILENAME,
    N_("The PDF file --export-report or --export-plan writes, or the PNG image of --challenge-leaderboard"),
    N_("FILE") },
  { "paper", 0, G_OPTION_ARG_STRING,
    N_("The paper of --export-report and --export-plan: a4 (the default) or letter"), N_("PAPER") },
  { "backup", 0, G_OPTION_ARG_NONE, N_("Make a backup of the database now, and exit"), NULL,
    co_cli_backup, 9 },
  { "list-backups", 0, G_OPTION_ARG_NONE, N_("List the backups, newest first, and exit"), NULL,
    co_cli_list_backups, 10 },
  { "restore", 0, G_OPTION_ARG_FILENAME,
    N_("Replace the database with the backup FILE (the current one is kept as a backup), and exit"),
    N_("FILE"),
    co_cli_restore, 8 },
  { "export-plan", 0, G_OPTION_ARG_STRING,
    N_("Write the plan of the group NAME as PDF to --output, and exit"), N_("NAME"),
    co_cli_export_plan, 7 },
  { "with-check", 0, G_OPTION_ARG_NONE, N_("With --export-plan: add the plan check’s findings"),
    NULL },
  { "export-json", 0, G_OPTION_ARG_FILENAME,
    N_("Write the whole workspace (or the group --group) as JSON to FILE, and exit"), N_("FILE"),
    co_cli_export_json, 12 },
  { "import-json", 0, G_OPTION_ARG_FILENAME,
    N_("Import the JSON file FILE as new groups (or, with --replace, replacing the same groups), "
       "and exit"),
    N_("FILE"),
    co_cli_import_json, 13 },
  { "replace", 0, G_OPTION_ARG_NONE,
    N_("With --import-json: replace the groups the workspace has, and update its people, from the "
       "file"),
    NULL },
  { "dry-run", 0, G_OPTION_ARG_NONE,
    N_("With --import-json or --import-chat: check the file and print what would change, without "
       "writing"),
    NULL },
  { "import-chat", 0, G_OPTION_ARG_FILENAME,
    N_("Import the chat export FILE (Telegram, Discord, WhatsApp, QQ or WeChat) into the group --group: "
       "its people as members, their messages, joins and leaves, and the daily figures nobody "
       "entered; print its summary, and exit"),
    N_("FILE"),
    co_cli_import_chat, 14 },
  { "chat", 0, G_OPTION_ARG_STRING,
    N_("With --import-chat: the chat to import from an export that holds several"), N_("NAME") },
  { "date", 0, G_OPTION_ARG_STRING,
    N_("With --import-chat: the day of text pasted from a WeChat group, which has no dates; with --tasks: "
       "the day whose tasks are printed"), N_("DATE") },
  { "challenge-leaderboard", 0, G_OPTION_ARG_STRING,
    N_("Print the leaderboard of the check-in challenge NAME of --group (rank, name, days, streak, days "
       "missed, points), with --output write it as a PNG image to post in the group, and exit"),
    N_("NAME"),
    co_cli_challenge_leaderboard, 15 },
  { "add-member", 0, G_OPTION_ARG_NONE,
    N_("Add the member --nickname to the group --group (with --contact, --real-name, --joined, --tier, "
       "--source, --tags and --notes when given), print the new member, and exit"),
    NULL,
    co_cli_add_member, 16 },
  { "nickname", 0, G_OPTION_ARG_STRING, N_("With --add-member: the member’s nickname"), N_("TEXT") },
  { "contact", 0, G_OPTION_ARG_STRING, N_("With --add-member: a phone number, WeChat ID or email"), N_("TEXT") },
  { "real-name", 0, G_OPTION_ARG_STRING, N_("With --add-member: the member’s real name"), N_("TEXT") },
  { "joined", 0, G_OPTION_ARG_STRING, N_("With --add-member: the day they joined (today when not given)"),
    N_("DATE") },
  { "tier", 0, G_OPTION_ARG_STRING, N_("With --add-member: one of the group’s tiers, by name"), N_("NAME") },
  { "notes", 0, G_OPTION_ARG_STRING, N_("With --add-member: notes about the member"), N_("TEXT") },
  { "source", 0, G_OPTION_ARG_STRING,
    N_("With --add-member: the channel they came through (one of the workspace’s channels)"), N_("CHANNEL") },
  { "tags", 0, G_OPTION_ARG_STRING,
    N_("With --add-member: their tags, as “深圳,摄影” (or “地区/深圳” where two groups have the name)"),
    N_("TAGS") },
  { "find-duplicates", 0, G_OPTION_ARG_NONE,
    N_("Print the pairs of members who may be the same person (of --group, or everyone), one a line: "
       "nickname and uuid of each, and why; and exit"),
    NULL,
    co_cli_find_duplicates, 17 },
  { "merge-members", 0, G_OPTION_ARG_STRING,
    N_("--merge-members KEEP OTHER: merge the member OTHER into the member KEEP (each a uuid, or a "
       "nickname of --group), and exit"),
    N_("KEEP"),
    co_cli_merge_members, 18 },
  { "list-members", 0, G_OPTION_ARG_NONE,
    N_("Print the members of --group in the Members page’s order, one a line (nickname, contact, tier, "
       "tags; tab-separated), narrowed by --search and --segment, and exit"), NULL,
    co_cli_list_members, 19 },
  { "search", 0, G_OPTION_ARG_STRING,
    N_("With --list-members: only the members the Members page’s search finds for TEXT"), N_("TEXT") },
  { "segment", 0, G_OPTION_ARG_STRING,
    N_("With --list-members or --export-members: only the members of the saved segment NAME; with --report or "
       "--export-report, instead of --group: the report of its members"), N_("NAME") },
  { "tasks", 0, G_OPTION_ARG_NONE,
    N_("Print the SOP tasks due on --date (today when not given), of --group and --person if given, "
       "and exit"),
    NULL,
    co_cli_print_tasks, 20 },
  { "person", 0, G_OPTION_ARG_STRING, N_("With --tasks: only the tasks of this person of the team"), N_("NAME") },
  { "export-ics", 0, G_OPTION_ARG_FILENAME,
    N_("Write the activities and SOP tasks (of --group if given) from --from to --to (the next 30 days "
       "when not given) as an iCalendar file FILE, and exit"),
    N_("FILE"),
    co_cli_export_ics, 21 },
  { "init-team-server", 0, G_OPTION_ARG_STRING,
    N_("Set up the empty PostgreSQL database CONNINFO (a libpq connection string or URI) as the "
       "team’s server, with you as its owner, and exit"),
    N_("CONNINFO"),
    co_cli_init_team_server, 22, CO_CLI_WITHOUT_STORE },
  { "team-server", 0, G_OPTION_ARG_STRING,
    N_("With --team-users, --team-add-user or --team-remove-user: the team server to connect to"),
    N_("CONNINFO") },
  { "team-users", 0, G_OPTION_ARG_NONE,
    N_("Print the team of --team-server (login, role, groups), and exit"), NULL,
    co_cli_team_users, 23 },
  { "team-add-user", 0, G_OPTION_ARG_STRING,
    N_("Create a login LOGIN for a teammate on --team-server, with --team-role and --team-groups; "
       "the password is read from standard input, or made and printed once; and exit"),
    N_("LOGIN"),
    co_cli_team_add_user, 24 },
  { "team-role", 0, G_OPTION_ARG_STRING,
    N_("With --team-add-user: owner, editor or viewer"), N_("ROLE") },
  { "team-groups", 0, G_OPTION_ARG_STRING,
    N_("With --team-add-user: the groups an editor may change, as “A,B” (every group when not given)"),
    N_("NAMES") },
  { "team-remove-user", 0, G_OPTION_ARG_STRING,
    N_("Remove the teammate LOGIN from --team-server and drop their login, and exit"), N_("LOGIN"),
    co_cli_team_remove_user, 25 },
  { "connect-team", 0, G_OPTION_ARG_STRING,
    N_("Connect the workspace to the team server CONNINFO: the first teammate uploads the workspace, the "
       "next ones download the team’s; and exit"),
    N_("CONNINFO"),
    co_cli_connect_team, 26 },
  { "replace-local", 0, G_OPTION_ARG_NONE,
    N_("With --connect-team: replace this workspace’s data with the team’s, after a backup") },
  { "sync", 0, G_OPTION_ARG_NONE,
    N_("Send this workspace’s changes to the team server and receive the teammates’; print what was sent "
       "and received, the conflicts and the refused changes, and exit"), NULL,
    co_cli_sync, 27 },
  { "disconnect-team", 0, G_OPTION_ARG_NONE,
    N_("Stop syncing this workspace with its team server, and exit"), NULL,
    co_cli_disconnect_team, 28 },
  { "weekly-report", 0, G_OPTION_ARG_NONE,
    N_("Print the weekly report of --group (every group when not given) for the week of --week (yesterday’s "
       "when not given) as text for pasting into a chat, and exit"), NULL,
    co_cli_print_weekly_report, 30 },
  { "week", 0, G_OPTION_ARG_STRING, N_("With --weekly-report: a day of the week to report"), N_("DATE") },
  /* The script and material library (co-cli-library.c). */
  { "list-library", 0, G_OPTION_ARG_NONE,
    N_("Print the library’s items, one a line (kind, title, topic, uses, last used, a QR code’s expiry; "
       "tab-separated), narrowed by --search as the Library place searches, and exit"), NULL,
    co_cli_list_library, 31 },
  { "add-library-text", 0, G_OPTION_ARG_STRING,
    N_("Add the script --text to the library under the title TITLE, tagged by --tags, and exit"), N_("TITLE"),
    co_cli_add_library_text, 32 },
  { "add-library-image", 0, G_OPTION_ARG_FILENAME,
    N_("Add the image FILE (PNG, JPEG, WebP or GIF, up to 20 MB) to the library as a poster, or with --qr as a "
       "group QR code lasting until --expires (7 days when not given); titled --title, tagged by --tags; and exit"),
    N_("FILE"),
    co_cli_add_library_image, 33 },
  { "text", 0, G_OPTION_ARG_STRING, N_("With --add-library-text: the script, with {昵称} {群名} {活动} {时间} {链接}"),
    N_("TEXT") },
  { "title", 0, G_OPTION_ARG_STRING, N_("With --add-library-image: the item’s title (the file’s name when not given)"),
    N_("TITLE") },
  { "qr", 0, G_OPTION_ARG_NONE, N_("With --add-library-image: the image is a group QR code"), NULL },
  { "expires", 0, G_OPTION_ARG_STRING, N_("With --add-library-image --qr: the QR code’s last day"), N_("DATE") },
  { "team-status", 0, G_OPTION_ARG_NONE,
    N_("Print the team server this workspace syncs with, as whom, the last sync, the changes waiting to be "
       "sent, the conflicts and the refused changes, and exit"), NULL,
    co_cli_team_status, 34 },
};

#define N_OPTIONS G_N_ELEMENTS (cli_options)

static const char summary[] = N_("Plan, staff and report on your online communities.");

const CoCliOption *
co_cli_get_options (guint *n_options)
{
  *n_options = N_OPTIONS;
  return cli_options;
}

/* Where the test "is this a command-line run" has the parser put one option's value. */
typedef struct
{
  gboolean  flag;
  char     *text;
} Value;

/* The table as GOptionEntries, writing into @values (one per row), or with no storage for
 * GApplication, which packs the options into a GVariantDict itself. */
static GOptionEntry *
build_entries (Value *values)
{
  GOptionEntry *entries = g_new0 (GOptionEntry, N_OPTIONS + 1);

  for (guint i = 0; i < N_OPTIONS; i++)
    {
      const CoCliOption *option = &cli_options[i];
      gpointer data = NULL;

      if (values != NULL && option->arg == G_OPTION_ARG_NONE)
        data = &values[i].flag;
      else if (values != NULL)
        data = &values[i].text;
      entries[i] = (GOptionEntry) { option->long_name, option->short_name, 0, option->arg, data,
                                    option->description, option->arg_description };
    }
  return entries;
}

/* Whether @arg asks the option parser for help: --help, --help-all, --help-gapplication, -h, -?. */
static gboolean
is_help (const char *arg)
{
  return g_str_has_prefix (arg, "--help") || g_str_equal (arg, "-h") || g_str_equal (arg, "-?");
}

/* A command-line run: a command of the table, --version, a request for help, or a mistake in
 * the table's options (a missing argument), which the command line reports. Anything else (no
 * option, --database, a modifier alone, an unknown option, GApplication's --gapplication-service)
 * starts the app, whose parser accepts or refuses it as it always has. */
gboolean
co_cli_is_command_line (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree Value *values = g_new0 (Value, N_OPTIONS);
  g_autofree GOptionEntry *entries = build_entries (values);
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  gboolean command = FALSE;

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  /* Unknown options and the help options are left in @args; nothing is printed. */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* On an error the parser frees what it had stored itself. */
  if (!g_option_context_parse_strv (context, &args, NULL))
    return TRUE;

  for (guint i = 0; i < N_OPTIONS; i++)
    {
      if (cli_options[i].handler != NULL && (values[i].flag || values[i].text != NULL))
        command = TRUE;
      g_free (values[i].text);
    }
  /* "--" ends the options: what follows is not a request for help. */
  for (guint i = 1; !command && args[i] != NULL && !g_str_equal (args[i], "--"); i++)
    command = is_help (args[i]);
  return command;
}

/* Runs the commands given in the table's order of running: the first that does not go on ends
 * the run, so of two commands only one runs, as it always has. The database is opened before the
 * first command that needs it, and not at all for --version. Never -1: a run of the command line
 * never goes on to register or activate anything. */
static int
dispatch (GApplication *app,
          GVariantDict *options,
          gpointer      data)
{
  g_autoptr(CoStore) store = NULL;

  for (guint order = 0; order < N_OPTIONS; order++)
    for (guint i = 0; i < N_OPTIONS; i++)
      {
        const CoCliOption *option = &cli_options[i];
        int status;

        if (option->handler == NULL || option->order != order ||
            !g_variant_dict_contains (options, option->long_name))
          continue;
        if (store == NULL && (option->flags & CO_CLI_WITHOUT_STORE) == 0)
          {
            g_autoptr(GError) error = NULL;
            g_autofree char *path = co_cli_get_database_path (options, NULL);

            /* Minutes on a large workspace: say why nothing happens meanwhile. */
            if (co_store_needs_upgrade (path))
              g_printerr ("%s\n", _("Updating the workspace to this version of CommunityOps; on a large "
                                    "workspace this can take a few minutes…"));
            if ((store = co_store_open (path, &error)) == NULL)
              {
                g_printerr ("community-ops: %s\n", error->message);
                return 1;
              }
          }
        status = option->handler (store, options);
        if (status != 0 || (option->flags & CO_CLI_GOES_ON) == 0)
          return status;
      }
  return 0;
}

/* Runs the command @argv gives and returns the exit status; with no command it does nothing and
 * returns 0. The parser is GIO's GApplication, not GTK's: the same parser as the app's, so
 * --help and the messages about wrong options read as they always have, and dispatch() answering
 * ::handle-local-options ends the run before anything is registered on the bus. */
int
co_cli_run (int    argc,
            char **argv)
{
  g_autoptr(GApplication) app = g_application_new (NULL, G_APPLICATION_NON_UNIQUE);

  /* The words after the options (OTHER of --merge-members KEEP OTHER), for the commands that
   * take a second value; the app's own parser keeps refusing them, as it always has. */
  static const GOptionEntry words[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, NULL },
    G_OPTION_ENTRY_NULL,
  };

  co_cli_add_options (app);
  g_application_add_main_option_entries (app, words);
  g_signal_connect (app, "handle-local-options", G_CALLBACK (dispatch), NULL);
  return g_application_run (app, argc, argv);
}

/* The table's options and the summary --help shows, for co_cli_run()'s parser and the app's:
 * a window run accepts --database and the modifiers as it always has. */
void
co_cli_add_options (GApplication *app)
{
  g_autofree GOptionEntry *entries = build_entries (NULL);

  /* GApplication copies the entries (their strings are static). Their descriptions are
   * translated in the default text domain, which main() sets. */
  g_application_add_main_option_entries (app, entries);
  g_application_set_option_context_summary (app, _(summary));
}

/* The database of a run: --database, else COMMUNITY_OPS_DATABASE, else the per-user one.
 * @chosen: whether the run named one of its own (the app then runs as an instance of its own). */
char *
co_cli_get_database_path (GVariantDict *options,
                          gboolean     *chosen)
{
  const char *database = NULL;
  const char *variable = g_getenv ("COMMUNITY_OPS_DATABASE");

  g_variant_dict_lookup (options, "database", "^&ay", &database);
  if (chosen != NULL)
    *chosen = database != NULL || variable != NULL;
  if (database != NULL)
    return g_canonicalize_filename (database, NULL);
  if (variable != NULL && *variable != '\0')
    return g_canonicalize_filename (variable, NULL);
  return co_store_default_path ();
}

gint64
co_cli_find_group (CoStore    *store,
                   const char *name)
{
  g_autoptr(GListStore) groups = co_group_list (store, NULL);
  g_autofree char *wanted = name ? g_utf8_casefold (name, -1) : NULL;
  guint n_groups = groups != NULL ? g_list_model_get_n_items (G_LIST_MODEL (groups)) : 0;

  for (guint i = 0; wanted != NULL && i < n_groups; i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      g_autofree char *folded = g_utf8_casefold (co_group_get_name (group), -1);
      if (g_str_equal (folded, wanted))
        return co_group_get_id (group);
    }
  if (name == NULL)
    g_printerr ("community-ops: %s\n", _("Say which group with --group NAME."));
  else
    g_printerr (_("community-ops: there is no group named “%s”; "
                  "--list-groups prints their names.\n"), name);
  return 0;
}

static int
print_version (CoStore      *store,
               GVariantDict *options)
{
  g_print ("community-ops %s\n", PACKAGE_VERSION);
  return 0;
}

static int
create_sample (CoStore      *store,
               GVariantDict *options)
{
  g_autoptr(GError) error = NULL;

  if (!co_sample_create (store, &error))
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  g_print (_("Created the sample workspace in “%s”.\n"), co_store_get_path (store));
  return 0;
}

static int
list_groups (CoStore      *store,
             GVariantDict *options)
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
