/* co-cli.h: the command line: the options that do their work and exit (print, import, export,
 * back up), run with GLib, GIO and the core alone, never with GTK or a display.
 *
 * main.c asks co_cli_is_command_line() and then runs either co_cli_run() or the app. Both parse
 * with GIO's GApplication, which prints --help and the mistakes in the options. The app takes the
 * same options through co_cli_add_options(), so a window run accepts them as it always has
 * (`--database`, or a modifier such as `--group` alone), and finds its database with
 * co_cli_get_database_path(). Everything here is built from the one table in co-cli.c. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  co_cli_is_command_line   (int            argc,
                                    char         **argv);
int       co_cli_run               (int            argc,
                                    char         **argv);
void      co_cli_add_options       (GApplication  *app);
char     *co_cli_get_database_path (GVariantDict  *options,
                                    gboolean      *chosen);

G_END_DECLS
