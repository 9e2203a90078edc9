/* co-team-password.c: team server passwords in the keyring (co-team-password.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "core/sync/co-team-password.h"

static const SecretSchema *
team_password_schema (void)
{
  static const SecretSchema schema = {
    "com.example.CommunityOps.TeamServer", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

static GHashTable *
attributes (const CoTeamLogin *login)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (table, (gpointer) "host", (gpointer) (login->host ? login->host : ""));
  g_hash_table_insert (table, (gpointer) "port", (gpointer) (login->port ? login->port : ""));
  g_hash_table_insert (table, (gpointer) "database", (gpointer) (login->database ? login->database : ""));
  g_hash_table_insert (table, (gpointer) "login", (gpointer) (login->login ? login->login : ""));
  return table;
}

/* The keyring's own error says "org.freedesktop.secrets was not provided by any .service files"
 * when there is none: say it in the user's words. */
static void
set_keyring_error (GError     **error,
                   GError      *cause)
{
  g_set_error (error, cause->domain, cause->code,
               /* Translators: %s is the keyring's (libsecret's) reason */
               _("The keyring could not be used: %s"), cause->message);
}

gboolean
co_team_password_store (const CoTeamLogin  *login,
                        const char         *password,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(GHashTable) table = attributes (login);
  g_autoptr(GError) local_error = NULL;
  /* Translators: the label of a password in the keyring (Seahorse shows it); %s@%s/%s are the
   * login, the server and the database */
  g_autofree char *label = g_strdup_printf (_("CommunityOps team server %s@%s/%s"), login->login,
                                            login->host ? login->host : "", login->database);

  if (!secret_password_storev_sync (team_password_schema (), table, SECRET_COLLECTION_DEFAULT, label, password,
                                    cancellable, &local_error))
    {
      set_keyring_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

char *
co_team_password_lookup (const CoTeamLogin  *login,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autoptr(GHashTable) table = attributes (login);
  g_autoptr(GError) local_error = NULL;
  char *secret = secret_password_lookupv_sync (team_password_schema (), table, cancellable, &local_error);
  char *password;

  if (local_error != NULL)
    {
      set_keyring_error (error, local_error);
      return NULL;
    }
  /* libsecret's copy lives in non-pageable memory: ours is an ordinary string. */
  password = g_strdup (secret);
  secret_password_free (secret);
  return password;
}

gboolean
co_team_password_clear (const CoTeamLogin  *login,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(GHashTable) table = attributes (login);
  g_autoptr(GError) local_error = NULL;

  secret_password_clearv_sync (team_password_schema (), table, cancellable, &local_error);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
