/* co-cli-team-server.c: --init-team-server, and the team's logins: --team-users, --team-add-user
 * and --team-remove-user on the server --team-server names. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/co-cli-private.h"
#include "core/groups/co-group.h"
#include "core/sync/co-team-server.h"

static CoTeamServer *
connect_to (const char *conninfo)
{
  g_autoptr(GError) error = NULL;
  CoTeamServer *server;

  if (conninfo == NULL)
    {
      g_printerr ("community-ops: %s\n",
                  _("Say which team server with --team-server CONNINFO (for example "
                    "“host=office-pc dbname=team user=zhang” or postgresql://zhang@office-pc/team)."));
      return NULL;
    }
  if ((server = co_team_server_connect (conninfo, &error)) == NULL)
    g_printerr ("community-ops: %s\n", error->message);
  return server;
}

int
co_cli_init_team_server (CoStore      *store,
                         GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoTeamServer) server = NULL;
  const char *conninfo = NULL;
  gboolean already = FALSE;
  int version;

  g_variant_dict_lookup (options, "init-team-server", "&s", &conninfo);
  if ((server = connect_to (conninfo)) == NULL)
    return 1;
  version = co_team_server_get_schema_version (server, NULL);
  if (!co_team_server_init (server, &already, &error))
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  if (version > 0 && version < CO_TEAM_SERVER_SCHEMA_VERSION)
    /* Translators: the numbers are versions of the team server's schema */
    g_print (_("The team server was upgraded from version %d to %d: its data is kept.\n"),
             version, CO_TEAM_SERVER_SCHEMA_VERSION);
  else if (already)
    g_print ("%s\n", _("This database is already a CommunityOps team server: nothing was changed."));
  else
    /* Translators: %s is the PostgreSQL login that set the server up */
    g_print (_("The team server is set up, with “%s” as its owner. Add teammates with --team-add-user.\n"),
             co_team_server_get_login (server));
  return 0;
}

int
co_cli_team_users (CoStore      *store,
                   GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoTeamServer) server = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GHashTable) group_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GListStore) groups = co_group_list (store, NULL);
  const char *conninfo = NULL;

  g_variant_dict_lookup (options, "team-server", "&s", &conninfo);
  if ((server = connect_to (conninfo)) == NULL)
    return 1;
  if ((users = co_team_server_list_users (server, &error)) == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);

      g_hash_table_insert (group_names, g_strdup (co_group_get_uuid (group)), g_strdup (co_group_get_name (group)));
    }
  /* Translators: the header of --team-users's lines, tab-separated: keep the tabs */
  g_print ("%s\n", _("login\trole\tgroups\tadded by\tadded"));
  for (guint i = 0; i < users->len; i++)
    {
      CoTeamUser *user = users->pdata[i];
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *added = user->added_at ? g_date_time_format (user->added_at, "%Y-%m-%d") : g_strdup ("");

      for (guint j = 0; user->group_uuids != NULL && user->group_uuids[j] != NULL; j++)
        {
          const char *name = g_hash_table_lookup (group_names, user->group_uuids[j]);

          g_string_append_printf (names, "%s%s", j > 0 ? ", " : "", name != NULL ? name : user->group_uuids[j]);
        }
      if (user->group_uuids == NULL)
        /* Translators: --team-users: a teammate who may change every group */
        g_string_append (names, user->role == CO_TEAM_ROLE_VIEWER ? "" : _("all"));
      g_print ("%s\t%s\t%s\t%s\t%s\n", user->login, co_team_role_to_string (user->role), names->str,
               user->added_by, added);
    }
  return 0;
}

/* The uuids of the groups named in @list ("Reading Club, 读书会"), or NULL after saying which
 * name no group has. */
static GStrv
find_group_uuids (CoStore    *store,
                  const char *list)
{
  g_autoptr(GStrvBuilder) uuids = g_strv_builder_new ();
  g_auto(GStrv) names = g_strsplit_set (list, ",，", -1);
  g_autoptr(GListStore) groups = co_group_list (store, NULL);
  guint n_groups = groups != NULL ? g_list_model_get_n_items (G_LIST_MODEL (groups)) : 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *wanted = g_utf8_casefold (g_strstrip (names[i]), -1);
      gboolean found = FALSE;

      if (*wanted == '\0')
        continue;
      for (guint j = 0; j < n_groups && !found; j++)
        {
          g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), j);
          g_autofree char *folded = g_utf8_casefold (co_group_get_name (group), -1);

          if ((found = g_str_equal (folded, wanted)))
            g_strv_builder_add (uuids, co_group_get_uuid (group));
        }
      if (!found)
        {
          g_printerr (_("community-ops: there is no group named “%s”; "
                        "--list-groups prints their names.\n"), names[i]);
          return NULL;
        }
    }
  return g_strv_builder_end (uuids);
}

/* The password given on standard input (its first line), unless that is a terminal or empty:
 * NULL, and one is made. */
static char *
read_password (void)
{
  char line[1024];

  if (isatty (STDIN_FILENO) || fgets (line, sizeof line, stdin) == NULL)
    return NULL;
  line[strcspn (line, "\r\n")] = '\0';
  return line[0] != '\0' ? g_strdup (line) : NULL;
}

int
co_cli_team_add_user (CoStore      *store,
                      GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoTeamServer) server = NULL;
  g_auto(GStrv) group_uuids = NULL;
  g_autofree char *password = NULL, *generated = NULL;
  const char *login = NULL, *role_name = NULL, *groups = NULL, *conninfo = NULL;
  CoTeamRole role;

  g_variant_dict_lookup (options, "team-add-user", "&s", &login);
  g_variant_dict_lookup (options, "team-role", "&s", &role_name);
  g_variant_dict_lookup (options, "team-groups", "&s", &groups);
  g_variant_dict_lookup (options, "team-server", "&s", &conninfo);
  if (!co_team_role_from_string (role_name, &role))
    {
      g_printerr ("community-ops: %s\n", _("Say the teammate’s role with --team-role owner, editor or viewer."));
      return 1;
    }
  if (groups != NULL && (group_uuids = find_group_uuids (store, groups)) == NULL)
    return 1;
  if ((server = connect_to (conninfo)) == NULL)
    return 1;
  password = read_password ();
  if (!co_team_server_add_user (server, login, role, (const char * const *) group_uuids, password,
                                &generated, &error))
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  /* Translators: the first %s is a login, the second its role (owner, editor or viewer) */
  g_print (_("“%s” is in the team, as %s.\n"), login, co_team_role_to_string (role));
  if (generated != NULL)
    /* Translators: shown once: the password made for a new teammate's login */
    g_print (_("Password (shown only now; give it to them privately): %s\n"), generated);
  return 0;
}

int
co_cli_team_remove_user (CoStore      *store,
                         GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoTeamServer) server = NULL;
  const char *login = NULL, *conninfo = NULL;

  g_variant_dict_lookup (options, "team-remove-user", "&s", &login);
  g_variant_dict_lookup (options, "team-server", "&s", &conninfo);
  if ((server = connect_to (conninfo)) == NULL)
    return 1;
  if (!co_team_server_remove_user (server, login, &error))
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  g_print (_("“%s” is no longer in the team, and their login is removed.\n"), login);
  return 0;
}
