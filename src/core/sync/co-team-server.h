/* co-team-server.h: the team's PostgreSQL database: setting it up (--init-team-server), and its
 * team of logins with their roles (owner, editor, viewer). Through libpq; every right is the
 * server's to enforce (see co-team-server.sql). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CO_TEAM_SERVER_ERROR (co_team_server_error_quark ())
GQuark co_team_server_error_quark (void);

typedef enum
{
  CO_TEAM_SERVER_ERROR_CONNINFO,     /* the connection string cannot be read */
  CO_TEAM_SERVER_ERROR_CONNECT,      /* the server cannot be reached, or refused the login */
  CO_TEAM_SERVER_ERROR_NOT_EMPTY,    /* the database holds something else */
  CO_TEAM_SERVER_ERROR_NEWER,        /* set up by a newer CommunityOps */
  CO_TEAM_SERVER_ERROR_NOT_SET_UP,   /* not a CommunityOps team database */
  CO_TEAM_SERVER_ERROR_INVALID,      /* a name, role or group that cannot be */
  CO_TEAM_SERVER_ERROR_REFUSED,      /* the server said no (rights, an existing login, ...) */
} CoTeamServerError;

/* The version of co-team-server.sql this build installs. 2: a record's kind and key compared
 * byte by byte, the first upload by communityops.upload, a record written only as its change
 * says. */
#define CO_TEAM_SERVER_SCHEMA_VERSION 2

typedef enum
{
  CO_TEAM_ROLE_OWNER,
  CO_TEAM_ROLE_EDITOR,
  CO_TEAM_ROLE_VIEWER,
} CoTeamRole;

/* "owner", "editor", "viewer", as the server and the command line name them; and back
 * (FALSE for another word). */
const char *co_team_role_to_string   (CoTeamRole  role);
gboolean    co_team_role_from_string (const char *text,
                                      CoTeamRole *role);

typedef struct _CoTeamServer CoTeamServer;

/* Whether @host (a libpq host, or NULL for the default) is this machine: a socket folder, or a
 * loopback name or address. TLS is required for any other unless the string says otherwise. */
gboolean co_team_server_host_is_local (const char *host);

/* Connects with @conninfo (a libpq "key=value" string or a postgresql:// URI). For a host that
 * is not this machine and a string that names no sslmode, TLS is required. */
CoTeamServer *co_team_server_connect (const char  *conninfo,
                                      GError     **error);
void          co_team_server_free    (CoTeamServer *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoTeamServer, co_team_server_free)

/* The login connected, as the server knows it. */
const char *co_team_server_get_login (CoTeamServer *self);

/* Installs the team's schema, roles and rights in the connected database, with the connected
 * login as the team's first owner. Refuses, touching nothing, a database that holds anything
 * else, or that a newer version set up; one already set up by this version is left as it is
 * (*already_set_up TRUE), and one an older version set up is upgraded, its data kept, by the
 * login that set it up (co_team_server_get_schema_version () tells which before). */
gboolean co_team_server_init (CoTeamServer  *self,
                              gboolean      *already_set_up,
                              GError       **error);

/* The schema version of the connected database: 0 and an error when it is not set up. */
int co_team_server_get_schema_version (CoTeamServer  *self,
                                       GError       **error);

typedef struct
{
  char        *login;
  CoTeamRole   role;
  GStrv        group_uuids;  /* an editor's groups; NULL: every group */
  char        *added_by;
  GDateTime   *added_at;
} CoTeamUser;

void co_team_user_free (CoTeamUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoTeamUser, co_team_user_free)

/* The team, by login. */
GPtrArray *co_team_server_list_users (CoTeamServer  *self,
                                      GError       **error);

/* Creates the login @login with @role (an editor limited to @group_uuids when not NULL) and
 * @password; with @password NULL one is made and returned in @generated_password. The password
 * is sent hashed (SCRAM), never as text. */
gboolean co_team_server_add_user (CoTeamServer        *self,
                                  const char          *login,
                                  CoTeamRole           role,
                                  const char * const  *group_uuids,
                                  const char          *password,
                                  char               **generated_password,
                                  GError             **error);

/* Removes @login from the team and drops the login. The last owner cannot be removed. */
gboolean co_team_server_remove_user (CoTeamServer  *self,
                                     const char    *login,
                                     GError       **error);

G_END_DECLS
