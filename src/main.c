/* main.c: sets up translations, then runs the command line (GLib and the core alone: no GTK is
 * initialised, no display is needed) or, for anything else, the app. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cli/co-cli.h"
#include "gui/window/co-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CoApplication) app = NULL;
  /* `meson devenv` points this at the build's translations, so the uninstalled app is translated. */
  const char *localedir = g_getenv ("COMMUNITY_OPS_LOCALEDIR");
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (co_cli_is_command_line (argc, argv))
    return co_cli_run (argc, argv);

  app = co_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status != 0 ? status : co_application_get_exit_status (app);
}
