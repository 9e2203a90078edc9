/* co-cli-sync.c: the workspace of --database kept in step with a team server: --connect-team,
 * --sync (one round), --team-status and --disconnect-team. The password comes from the connection
 * string, PGPASSWORD, ~/.pgpass or the keyring; it is never kept in the workspace. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli/co-cli-private.h"
#include "core/sync/co-sync-view.h"
#include "core/sync/co-sync.h"

int
co_cli_connect_team (CoStore      *store,
                     GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSyncStatus) status = NULL;
  const char *conninfo = NULL;
  gboolean replace = FALSE;

  g_variant_dict_lookup (options, "connect-team", "&s", &conninfo);
  g_variant_dict_lookup (options, "replace-local", "b", &replace);
  if (!co_sync_connect (store, conninfo, replace, &error) || (status = co_sync_get_status (store, &error)) == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      if (g_error_matches (error, CO_SYNC_ERROR, CO_SYNC_ERROR_BOTH_HOLD_DATA))
        g_printerr ("community-ops: %s\n", _("Add --replace-local to replace this workspace’s data with the team’s."));
      return 1;
    }
  /* Translators: %s is the PostgreSQL login */
  g_print (_("Connected to the team server as “%s”. Run --sync to send your changes and receive your teammates’.\n"),
           status->login);
  return 0;
}

int
co_cli_disconnect_team (CoStore      *store,
                        GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSyncStatus) status = co_sync_get_status (store, &error);

  if (status != NULL && status->n_outbox > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u change not sent is dropped from the list to send.\n",
                          "%u changes not sent are dropped from the list to send.\n", status->n_outbox),
             status->n_outbox);
  if (status == NULL || !co_sync_disconnect (store, &error))
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  g_print ("%s\n", _("Disconnected from the team server. The workspace keeps its data."));
  return 0;
}

static char *
time_text (GDateTime *time)
{
  g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

/* The conflicts and the refused changes, one a line; FALSE when they cannot be read. */
static gboolean
print_conflicts_and_refusals (CoStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) refused = NULL;

  conflicts = co_sync_list_conflicts (store, &error);
  refused = co_sync_list_refused (store, &error);
  if (conflicts == NULL || refused == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return FALSE;
    }
  if (conflicts->len > 0)
    g_print ("%s\n", _("Conflicts (kind, record, field: yours, theirs, by, at):"));
  for (guint i = 0; i < conflicts->len; i++)
    {
      CoSyncConflict *conflict = conflicts->pdata[i];
      g_autofree char *at = time_text (conflict->theirs_at);

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", conflict->kind, conflict->key, conflict->field,
               conflict->mine != NULL ? conflict->mine : "",
               conflict->deleted ? _("(deleted)") : conflict->theirs != NULL ? conflict->theirs : "",
               conflict->theirs_by != NULL ? conflict->theirs_by : "", at);
    }
  if (refused->len > 0)
    g_print ("%s\n", _("Refused by the server, kept here (kind, record, changes, reason):"));
  for (guint i = 0; i < refused->len; i++)
    {
      CoSyncRefusal *refusal = refused->pdata[i];

      g_print ("%s\t%s\t%s\t%s\n", refusal->kind, refusal->key, refusal->fields, refusal->reason);
    }
  return TRUE;
}

int
co_cli_sync (CoStore      *store,
             GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  CoSyncRound round;

  if (!co_sync_run (store, &round, &error))
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  /* Translators: the first %u is the changes sent, the second those received */
  g_print (_("Sent %u changes, received %u.\n"), round.sent, round.received);
  return print_conflicts_and_refusals (store) ? 0 : 1;
}

/* What the workspace knows of its team without asking the server: to whom it is connected and as
 * whom, the last sync, what waits to be sent, the conflicts and the refusals. */
int
co_cli_team_status (CoStore      *store,
                    GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSyncStatus) status = co_sync_get_status (store, &error);
  g_autofree char *host = NULL, *port = NULL, *database = NULL, *sslmode = NULL, *last = NULL;

  if (status == NULL)
    {
      g_printerr ("community-ops: %s\n", error->message);
      return 1;
    }
  if (!status->connected)
    {
      g_print ("%s\n", _("This workspace is not connected to a team server."));
      return 0;
    }
  host = co_sync_conninfo_get (status->conninfo, "host");
  port = co_sync_conninfo_get (status->conninfo, "port");
  database = co_sync_conninfo_get (status->conninfo, "dbname");
  sslmode = co_sync_conninfo_get (status->conninfo, "sslmode");
  last = time_text (status->last_sync);
  /* Translators: the server's address, its port and the team's database */
  g_print (_("Team server: %s, port %s, database %s\n"), host != NULL ? host : "localhost",
           port != NULL ? port : "5432", database != NULL ? database : "");
  if (sslmode != NULL)
    /* Translators: %s is libpq's sslmode: disable, prefer, require, verify-ca or verify-full */
    g_print (_("Encryption (sslmode): %s\n"), sslmode);
  g_print (_("Signed in as: %s\n"), status->login);
  g_print (_("Last sync: %s\n"), last[0] != '\0' ? last : _("never"));
  g_print (_("Changes waiting to be sent: %u\n"), status->n_outbox);
  g_print (_("Conflicts: %u\n"), status->n_conflicts);
  g_print (_("Refused changes: %u\n"), status->n_refused);
  return print_conflicts_and_refusals (store) ? 0 : 1;
}
