/* test-cli-table.c: the command line's table, and the command line run in this process. This
 * program links src/cli and the core and no GTK at all: that it runs commands proves a
 * command-line run needs neither GTK nor a display. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "cli/co-cli-private.h"
#include "test-util.h"

/* Not even loaded: the test would pass with GTK linked in but never initialised, which is not
 * what src/cli promises. */
static void
test_no_gtk (void)
{
  g_autofree char *maps = NULL;

  if (!g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL))
    {
      g_test_skip ("/proc/self/maps cannot be read here");
      return;
    }
  g_assert_null (strstr (maps, "libgtk-4"));
  g_assert_null (strstr (maps, "libadwaita-1"));
  g_assert_null (strstr (maps, "libgdk"));
}

/* Every row is whole, and names, short names and orders of running are each used once. */
static void
test_rows (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) orders = g_hash_table_new (NULL, NULL);
  gboolean short_names[128] = { FALSE };
  guint n_options, n_handlers = 0;
  const CoCliOption *options = co_cli_get_options (&n_options);

  g_assert_cmpuint (n_options, >, 0);
  for (guint i = 0; i < n_options; i++)
    {
      const CoCliOption *option = &options[i];

      g_test_message ("--%s", option->long_name);
      g_assert_nonnull (option->long_name);
      g_assert_cmpstr (option->long_name, !=, "");
      g_assert_true (g_hash_table_add (names, (gpointer) option->long_name));
      if (option->short_name != 0)
        {
          g_assert_true (g_ascii_isalpha (option->short_name));
          g_assert_false (short_names[(guchar) option->short_name]);
          short_names[(guchar) option->short_name] = TRUE;
        }
      g_assert_nonnull (option->description);
      g_assert_cmpstr (option->description, !=, "");
      g_assert_true (option->arg == G_OPTION_ARG_NONE || option->arg == G_OPTION_ARG_STRING ||
                     option->arg == G_OPTION_ARG_FILENAME);
      /* --help shows "--name=ARG" for an option with a value and nothing for a flag. */
      g_assert_true ((option->arg == G_OPTION_ARG_NONE) == (option->arg_description == NULL));
      if (option->handler == NULL)
        {
          g_assert_cmpuint (option->order, ==, 0);
          g_assert_cmpint (option->flags, ==, CO_CLI_FLAGS_NONE);
          continue;
        }
      n_handlers++;
      g_assert_cmpuint (option->order, <, n_options);
      g_assert_true (g_hash_table_add (orders, GUINT_TO_POINTER (option->order + 1)));
    }
  /* The commands' orders are 0 to n - 1, each once: a new command takes the next, or moves the
   * others, rather than leaving a hole or a tie. */
  for (guint order = 0; order < n_handlers; order++)
    g_assert_true (g_hash_table_contains (orders, GUINT_TO_POINTER (order + 1)));
  g_assert_true (g_hash_table_contains (names, "database"));
  g_assert_true (short_names['d']);
}

static gboolean
is_command_line (const char *first,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) copy = NULL;
  const char *arg;
  gboolean answer;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) "community-ops");
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  copy = g_strdupv ((char **) argv->pdata);

  answer = co_cli_is_command_line (argv->len - 1, (char **) argv->pdata);
  /* The question changes nothing: the app parses the same argv after it. */
  for (guint i = 0; i < argv->len; i++)
    g_assert_cmpstr (argv->pdata[i], ==, copy[i]);
  return answer;
}

static void
test_is_command_line (void)
{
  guint n_options;
  const CoCliOption *options = co_cli_get_options (&n_options);

  /* Every command is a command-line run, every modifier alone a window run. */
  for (guint i = 0; i < n_options; i++)
    {
      g_autofree char *name = g_strconcat ("--", options[i].long_name, NULL);
      const char *value = options[i].arg == G_OPTION_ARG_NONE ? NULL : "x";

      g_test_message ("%s", name);
      g_assert_true (is_command_line (name, value, NULL) == (options[i].handler != NULL));
    }

  g_assert_false (is_command_line (NULL));
  g_assert_true (is_command_line ("--list-groups", NULL));
  g_assert_false (is_command_line ("--database", "x.db", NULL));
  g_assert_false (is_command_line ("-d", "x.db", NULL));
  g_assert_true (is_command_line ("-d", "x.db", "--create-sample", NULL));
  g_assert_true (is_command_line ("--export-plan=Nowhere", "--output", "x.pdf", NULL));
  /* Modifiers alone have always opened the window: GApplication parsed them and then went on. */
  g_assert_false (is_command_line ("--group", "A", NULL));
  g_assert_false (is_command_line ("--group", "A", "--all", "--from", "2026-01-01", NULL));

  g_assert_true (is_command_line ("--version", NULL));
  g_assert_true (is_command_line ("--help", NULL));
  g_assert_true (is_command_line ("-h", NULL));
  g_assert_true (is_command_line ("-?", NULL));
  g_assert_true (is_command_line ("--help-all", NULL));
  g_assert_true (is_command_line ("--help-gapplication", NULL));
  g_assert_true (is_command_line ("-d", "x.db", "--help", NULL));

  /* A missing argument is the command line's to report; an option it does not know is the app's
   * parser's (it knows GApplication's own), unless a command was given too. */
  g_assert_true (is_command_line ("--import-members", NULL));
  g_assert_true (is_command_line ("--group", NULL));
  g_assert_true (is_command_line ("--list-groups", "-d", NULL));
  g_assert_false (is_command_line ("--no-such-option", NULL));
  g_assert_true (is_command_line ("--no-such-option", "--report", NULL));
  g_assert_false (is_command_line ("--gapplication-service", NULL));

  /* After "--" nothing is an option. */
  g_assert_false (is_command_line ("--", "--list-groups", NULL));
  g_assert_false (is_command_line ("--", "--help", NULL));
  g_assert_false (is_command_line ("a-file.db", NULL));
}

/* In a subprocess of the test, runs co_cli_run() with the arguments the parent put in
 * CO_TEST_CLI_ARGS, in the locale CO_TEST_CLI_LANG, and says on stderr how it ended. */
static void
run_child (void)
{
  g_auto(GStrv) args = g_strsplit (g_getenv ("CO_TEST_CLI_ARGS"), "\n", -1);
  const char *lang = g_getenv ("CO_TEST_CLI_LANG");
  int status;

  g_unsetenv ("LANGUAGE");
  if (setlocale (LC_ALL, lang) == NULL)
    g_error ("The %s locale is missing: run build-aux/install-deps", lang);
  /* As main() does: GApplication translates the options in the default text domain. */
  textdomain (GETTEXT_PACKAGE);
  status = co_cli_run (g_strv_length (args), args);
  g_printerr ("[exit status %d]\n", status);
}

/* Runs the command line with the arguments after @lang (NULL-terminated) in a subprocess;
 * g_test_trap_assert_*() then check what it printed. @database: COMMUNITY_OPS_DATABASE, or NULL. */
static void
trap_cli (const char *lang,
          const char *database,
          ...)
{
  g_autoptr(GString) args = g_string_new ("community-ops");
  const char *arg;
  va_list ap;

  va_start (ap, database);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_string_append_printf (args, "\n%s", arg);
  va_end (ap);
  g_setenv ("CO_TEST_CLI_ARGS", args->str, TRUE);
  g_setenv ("CO_TEST_CLI_LANG", lang, TRUE);
  if (database != NULL)
    g_setenv ("COMMUNITY_OPS_DATABASE", database, TRUE);
  else
    g_unsetenv ("COMMUNITY_OPS_DATABASE");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
}

/* --help lists every option of the table with its description, in @lang. */
static void
check_help (const char *lang)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  guint n_options;
  const CoCliOption *options = co_cli_get_options (&n_options);

  trap_cli (lang, NULL, "--help", NULL);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
  g_test_trap_assert_stdout ("*-d, --database=*");

  /* The parent translates what the child should have shown. */
  if (setlocale (LC_ALL, lang) == NULL)
    g_error ("The %s locale is missing: run build-aux/install-deps", lang);
  for (guint i = 0; i < n_options; i++)
    {
      g_autofree char *pattern = NULL;
      const char *description = g_dgettext (GETTEXT_PACKAGE, options[i].description);

      if (options[i].arg_description != NULL)
        pattern = g_strdup_printf ("*--%s=%s  *%s\n*", options[i].long_name,
                                   g_dgettext (GETTEXT_PACKAGE, options[i].arg_description),
                                   description);
      else
        pattern = g_strdup_printf ("*--%s  *%s\n*", options[i].long_name, description);
      g_test_message ("%s", pattern);
      /* Chinese is complete: each description is shown translated. */
      if (g_str_has_prefix (lang, "zh_CN"))
        g_assert_cmpstr (description, !=, options[i].description);
      g_test_trap_assert_stdout (pattern);
    }
  g_test_trap_assert_stdout (g_str_has_prefix (lang, "zh_CN") ? "*规划、配置人员并汇报你的线上社群。*"
                                                               : "*Plan, staff and report*");
  setlocale (LC_ALL, saved);
}

static void
test_help_english (void)
{
  if (g_test_subprocess ())
    {
      run_child ();
      return;
    }
  check_help ("en_US.UTF-8");
}

static void
test_help_chinese (void)
{
  if (g_test_subprocess ())
    {
      run_child ();
      return;
    }
  check_help ("zh_CN.UTF-8");
}

/* Commands run in this process, which has no GTK: the order in which they run when several are
 * given; --version and a modifier alone leave the database alone; mistakes exit 1 with the
 * parser's message. */
static void
test_run (void)
{
  g_autofree char *dir = NULL, *path = NULL, *unused = NULL;

  if (g_test_subprocess ())
    {
      run_child ();
      return;
    }
  dir = test_temp_dir ();
  path = g_build_filename (dir, "sample.db", NULL);
  unused = g_build_filename (dir, "unused.db", NULL);

  /* --create-sample goes on to the command given with it. */
  trap_cli ("C.UTF-8", NULL, "--list-groups", "--database", path, "--create-sample", NULL);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("Created the sample workspace in “*sample.db”.\n"
                             "Research Platform Matrix\n*Trail Running Gear Fans\n*");
  g_test_trap_assert_stderr ("[exit status 0]\n");

  /* Of two commands the one that always ran first runs alone: --backup before --list-groups. */
  trap_cli ("C.UTF-8", path, "--list-groups", "--backup", NULL);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*by-hand.db\n");
  g_test_trap_assert_stdout_unmatched ("*Research Platform Matrix*");

  trap_cli ("C.UTF-8", path, "--export-plan", "Nowhere", "--output", "x.pdf", NULL);
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("community-ops: there is no group named “Nowhere”; "
                             "--list-groups prints their names.\n[exit status 1]\n");

  trap_cli ("C.UTF-8", unused, "--version", "--list-groups", NULL);
  g_test_trap_assert_stdout ("community-ops " PACKAGE_VERSION "\n");
  g_test_trap_assert_stderr ("[exit status 0]\n");
  trap_cli ("C.UTF-8", NULL, "--database", unused, "--group", "A", NULL);
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("[exit status 0]\n");
  g_assert_false (g_file_test (unused, G_FILE_TEST_EXISTS));

  trap_cli ("C.UTF-8", unused, "--import-members", NULL);
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("Missing argument for --import-members\n[exit status 1]\n");
  trap_cli ("C.UTF-8", unused, "--list-groups", "--no-such-option", NULL);
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("Unknown option --no-such-option\n[exit status 1]\n");
  g_assert_false (g_file_test (unused, G_FILE_TEST_EXISTS));

  g_unsetenv ("COMMUNITY_OPS_DATABASE");
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  test_bind_translations ();
  test_isolate_user_dirs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-table/no-gtk", test_no_gtk);
  g_test_add_func ("/cli-table/rows", test_rows);
  g_test_add_func ("/cli-table/is-command-line", test_is_command_line);
  g_test_add_func ("/cli-table/help-english", test_help_english);
  g_test_add_func ("/cli-table/help-chinese", test_help_chinese);
  g_test_add_func ("/cli-table/run", test_run);

  return g_test_run ();
}
