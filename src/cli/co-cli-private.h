/* co-cli-private.h: the row of the command line's table and the commands' handlers, shared by
 * the files of src/cli and read by the table's test. src/cli includes GLib, GIO and the core:
 * never GTK, never src/gui. */
#pragma once

#include "cli/co-cli.h"
#include "core/members/co-segment.h"
#include "core/store/co-store.h"

G_BEGIN_DECLS

/* A command: the store of --database (NULL for a command that runs without one) and every option
 * given, as GApplication would pack them (flags "b", strings "s", file names "ay"). Returns the
 * exit status, after saying on stderr what is wrong. */
typedef int (*CoCliHandler) (CoStore      *store,
                             GVariantDict *options);

typedef enum
{
  CO_CLI_FLAGS_NONE    = 0,
  /* Runs before the database is opened, so it works, and creates nothing, whatever the file. */
  CO_CLI_WITHOUT_STORE = 1 << 0,
  /* When it succeeds the next command given runs too (--create-sample --list-groups). */
  CO_CLI_GOES_ON       = 1 << 1,
} CoCliFlags;

typedef struct
{
  const char   *long_name;
  char          short_name;
  GOptionArg    arg;              /* NONE, STRING or FILENAME */
  const char   *description;      /* N_(): translated by the option parser */
  const char   *arg_description;
  CoCliHandler  handler;          /* NULL: a modifier, read by the commands it modifies */
  /* Of several commands given, the one with the lowest order runs (and the next after one that
   * goes on); the order users have always had, which is not the order of --help. */
  guint         order;
  CoCliFlags    flags;
} CoCliOption;

const CoCliOption *co_cli_get_options (guint *n_options);

/* The group named @name (in any case), or 0 after saying on stderr what is missing. */
gint64 co_cli_find_group (CoStore    *store,
                          const char *name);

/* The handlers, by file. */
int co_cli_export_members  (CoStore *store, GVariantDict *options);
int co_cli_import_members  (CoStore *store, GVariantDict *options);
int co_cli_import_activity (CoStore *store, GVariantDict *options);
int co_cli_import_figures  (CoStore *store, GVariantDict *options);

int co_cli_print_report    (CoStore *store, GVariantDict *options);
int co_cli_export_report   (CoStore *store, GVariantDict *options);
int co_cli_export_plan     (CoStore *store, GVariantDict *options);

int co_cli_backup          (CoStore *store, GVariantDict *options);
int co_cli_list_backups    (CoStore *store, GVariantDict *options);
int co_cli_restore         (CoStore *store, GVariantDict *options);

int co_cli_export_json     (CoStore *store, GVariantDict *options);

int co_cli_init_team_server (CoStore *store, GVariantDict *options);
int co_cli_team_users       (CoStore *store, GVariantDict *options);
int co_cli_team_add_user    (CoStore *store, GVariantDict *options);
int co_cli_team_remove_user (CoStore *store, GVariantDict *options);
int co_cli_import_json     (CoStore *store, GVariantDict *options);

int co_cli_connect_team    (CoStore *store, GVariantDict *options);
int co_cli_sync            (CoStore *store, GVariantDict *options);
int co_cli_disconnect_team (CoStore *store, GVariantDict *options);
int co_cli_team_status     (CoStore *store, GVariantDict *options);

int co_cli_import_chat     (CoStore *store, GVariantDict *options);

int co_cli_challenge_leaderboard (CoStore *store, GVariantDict *options);

int co_cli_print_weekly_report (CoStore *store, GVariantDict *options);

int co_cli_add_member      (CoStore *store, GVariantDict *options);
int co_cli_find_duplicates (CoStore *store, GVariantDict *options);
int co_cli_merge_members   (CoStore *store, GVariantDict *options);
int co_cli_list_members    (CoStore *store, GVariantDict *options);

int co_cli_list_library      (CoStore *store, GVariantDict *options);
int co_cli_add_library_text  (CoStore *store, GVariantDict *options);
int co_cli_add_library_image (CoStore *store, GVariantDict *options);
/* --segment NAME's segment in @segment (NULL without --segment); FALSE after saying on stderr
 * that there is none of that name or that it is broken. */
gboolean co_cli_find_segment (CoStore       *store,
                              GVariantDict  *options,
                              CoSegment    **segment);
int co_cli_print_tasks     (CoStore *store, GVariantDict *options);
int co_cli_export_ics      (CoStore *store, GVariantDict *options);

G_END_DECLS
