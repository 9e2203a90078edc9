/* co-team-password.h: a team server login's password in the user's keyring (the Secret Service:
 * GNOME Keyring, KWallet), through libsecret; never in the workspace file or GSettings. A password
 * is found by the server's host, port, database and login. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  const char *host;      /* as libpq reports it: a name, an address or a socket folder */
  const char *port;
  const char *database;
  const char *login;
} CoTeamLogin;

gboolean co_team_password_store  (const CoTeamLogin  *login,
                                  const char         *password,
                                  GCancellable       *cancellable,
                                  GError            **error);

/* The password kept for @login, or NULL: with @error set when the keyring could not be asked,
 * without when it has none. */
char    *co_team_password_lookup (const CoTeamLogin  *login,
                                  GCancellable       *cancellable,
                                  GError            **error);

/* Forgets the password kept for @login; TRUE also when there was none. */
gboolean co_team_password_clear  (const CoTeamLogin  *login,
                                  GCancellable       *cancellable,
                                  GError            **error);

G_END_DECLS
