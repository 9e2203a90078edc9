/* co-team-server-prefs.c: Preferences → Team Server (co-team-server-prefs.h). Built in code: its
 * two faces (the form, and the connection) swap as the workspace connects. Connecting, asking
 * the server for the team and keeping the password run in workers: nothing here waits on the
 * network or the keyring in the main loop. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/sync/co-sync-view.h"
#include "core/sync/co-sync.h"
#include "core/sync/co-team-password.h"
#include "core/sync/co-team-server.h"
#include "gui/sync/co-conflicts-window.h"
#include "gui/sync/co-sync-agent.h"
#include "gui/sync/co-team-server-prefs.h"
#include "gui/widgets/co-spinner.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"
#include "gui/widgets/co-widget-write.h"

struct _CoTeamServerPrefs
{
  AdwPreferencesPage  parent_instance;

  CoStore            *store;
  CoSyncAgent        *agent;
  GCancellable       *cancellable;

  /* The form */
  GtkWidget          *form_group;
  GtkWidget          *host_row;
  GtkWidget          *port_row;
  GtkWidget          *database_row;
  GtkWidget          *user_row;
  GtkWidget          *password_row;
  GtkWidget          *sslmode_row;
  gboolean            sslmode_chosen;  /* by the user: the host no longer picks it */
  GtkWidget          *error_label;
  GtkWidget          *connect_button;
  GtkWidget          *spinner;

  /* Connected */
  GtkWidget          *connection_group;
  GtkWidget          *server_row;
  GtkWidget          *login_row;
  GtkWidget          *role_row;
  GtkWidget          *status_row;
  GtkWidget          *conflicts_row;
  GtkWidget          *team_group;
  GPtrArray          *team_rows;
};

G_DEFINE_FINAL_TYPE (CoTeamServerPrefs, co_team_server_prefs, ADW_TYPE_PREFERENCES_PAGE)

/* libpq's sslmode values, in the order of the combo row. */
static const char *const sslmodes[] = { "disable", "prefer", "require", "verify-ca", "verify-full" };
enum { SSL_PREFER = 1, SSL_REQUIRE = 2 };

static void
add_toast (CoTeamServerPrefs *self,
           const char        *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);
  AdwToast *toast = co_toast_new (text);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static char *
entry_text (GtkWidget *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  return g_strdup (g_strstrip (text));
}

/* ---- the team, for the connected face ---- */

static void
team_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(CoTeamServer) server = co_team_server_connect (task_data, &error);
  GPtrArray *users = server != NULL ? co_team_server_list_users (server, &error) : NULL;

  if (users == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, users, (GDestroyNotify) g_ptr_array_unref);
}

static const char *
role_label (CoTeamRole role)
{
  switch (role)
    {
    case CO_TEAM_ROLE_OWNER:
      return _("Owner");
    case CO_TEAM_ROLE_EDITOR:
      return _("Editor");
    case CO_TEAM_ROLE_VIEWER:
    default:
      return _("Viewer");
    }
}

static void
clear_team (CoTeamServerPrefs *self)
{
  for (guint i = 0; i < self->team_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->team_group), self->team_rows->pdata[i]);
  g_ptr_array_set_size (self->team_rows, 0);
  gtk_widget_set_visible (self->team_group, FALSE);
}

static void
on_team_read (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = g_task_propagate_pointer (G_TASK (result), &error);
  CoTeamServerPrefs *self;
  const CoTeamUser *me = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CO_TEAM_SERVER_PREFS (data);
  clear_team (self);
  if (users == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->role_row), _("Unknown while the server cannot be reached"));
      return;
    }
  for (guint i = 0; i < users->len; i++)
    if (g_strcmp0 (((CoTeamUser *) users->pdata[i])->login, co_sync_agent_get_login (self->agent)) == 0)
      me = users->pdata[i];
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->role_row), me != NULL ? role_label (me->role) : _("Unknown"));
  if (me == NULL || me->role != CO_TEAM_ROLE_OWNER)
    return;
  /* An owner sees the team (--team-add-user and --team-remove-user change it). */
  for (guint i = 0; i < users->len; i++)
    {
      const CoTeamUser *user = users->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user->login);
      if (user->role == CO_TEAM_ROLE_EDITOR && user->group_uuids != NULL)
        /* Translators: an editor limited to some groups; %u is how many */
        subtitle = g_strdup_printf (ngettext ("Editor of %u group", "Editor of %u groups",
                                              g_strv_length (user->group_uuids)),
                                    g_strv_length (user->group_uuids));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : role_label (user->role));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->team_group), row);
      g_ptr_array_add (self->team_rows, row);
    }
  gtk_widget_set_visible (self->team_group, TRUE);
}

static void
read_team (CoTeamServerPrefs *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSyncStatus) status = co_sync_get_status (self->store, &error);
  g_autoptr(GTask) task = NULL;

  if (status == NULL || !status->connected)
    return;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->role_row), "…");
  task = g_task_new (NULL, self->cancellable, on_team_read, self);
  g_task_set_task_data (task, g_strdup (status->conninfo), g_free);
  g_task_run_in_thread (task, team_in_thread);
}

/* ---- the two faces ---- */

static void
show_status (CoTeamServerPrefs *self)
{
  g_autofree char *summary = co_sync_agent_dup_summary (self->agent);
  g_autofree char *last = co_sync_agent_dup_last_sync_text (self->agent);
  g_autofree char *subtitle = NULL;
  guint n_conflicts = co_sync_agent_get_n_conflicts (self->agent);
  guint n_refused = co_sync_agent_get_n_refused (self->agent);
  g_autofree char *conflicts = NULL, *refused = NULL;

  if (co_sync_agent_get_state (self->agent) == CO_SYNC_AGENT_OFFLINE && co_sync_agent_get_error (self->agent))
    subtitle = g_strdup_printf ("%s · %s\n%s", summary, last, co_sync_agent_get_error (self->agent));
  else
    subtitle = g_strdup_printf ("%s · %s", summary, last);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->status_row), subtitle);

  conflicts = g_strdup_printf (ngettext ("%u conflict", "%u conflicts", n_conflicts), n_conflicts);
  /* Translators: changes the team server refused */
  refused = g_strdup_printf (ngettext ("%u change refused", "%u changes refused", n_refused), n_refused);
  {
    g_autofree char *both = g_strdup_printf ("%s · %s", conflicts, refused);

    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->conflicts_row), both);
  }
}

static void
show_face (CoTeamServerPrefs *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSyncStatus) status = co_sync_get_status (self->store, &error);
  gboolean connected = status != NULL && status->connected;

  gtk_widget_set_visible (self->form_group, !connected);
  gtk_widget_set_visible (self->connection_group, connected);
  if (!connected)
    {
      clear_team (self);
      return;
    }
  {
    g_autofree char *host = co_sync_conninfo_get (status->conninfo, "host");
    g_autofree char *port = co_sync_conninfo_get (status->conninfo, "port");
    g_autofree char *database = co_sync_conninfo_get (status->conninfo, "dbname");
    g_autofree char *server = g_strdup_printf ("%s%s%s / %s", host != NULL ? host : "localhost",
                                               port != NULL ? ":" : "", port != NULL ? port : "",
                                               database != NULL ? database : "");

    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->server_row), server);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->login_row), status->login);
  }
  show_status (self);
}

static void
on_agent_changed (CoTeamServerPrefs *self)
{
  gboolean connected = co_sync_agent_get_state (self->agent) != CO_SYNC_AGENT_OFF;

  if (connected != gtk_widget_get_visible (self->connection_group))
    {
      show_face (self);
      if (connected)
        read_team (self);
      return;
    }
  if (connected)
    show_status (self);
}

/* ---- connecting ---- */

typedef struct
{
  char        *path;
  char        *conninfo;
  gboolean     replace;
  CoTeamLogin  login;  /* its strings are owned here */
  char        *password;
} Connect;

static void
connect_free (Connect *c)
{
  g_free (c->path);
  g_free (c->conninfo);
  g_free ((char *) c->login.host);
  g_free ((char *) c->login.port);
  g_free ((char *) c->login.database);
  g_free ((char *) c->login.login);
  g_free (c->password);
  g_free (c);
}

/* Returns the keyring's complaint, or "" when the password was kept. */
static void
connect_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Connect *c = task_data;
  GError *error = NULL;
  g_autoptr(CoStore) store = co_store_open_deferring_rekey (c->path, &error);

  if (store == NULL || !co_sync_connect (store, c->conninfo, c->replace, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (c->password == NULL || co_team_password_store (&c->login, c->password, NULL, &error))
    g_task_return_pointer (task, g_strdup (""), g_free);
  else
    {
      g_task_return_pointer (task, g_strdup (error->message), g_free);
      g_error_free (error);
    }
}

static void set_busy (CoTeamServerPrefs *self,
                      gboolean           busy);
static void start_connect (CoTeamServerPrefs *self,
                           gboolean           replace);

static void
show_error (CoTeamServerPrefs *self,
            GtkWidget         *row,
            const char        *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message);
  gtk_widget_set_visible (self->error_label, message != NULL);
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
}

static void
on_replace_response (AdwMessageDialog  *dialog,
                     const char        *response,
                     CoTeamServerPrefs *self)
{
  if (g_str_equal (response, "replace"))
    start_connect (self, TRUE);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring = g_task_propagate_pointer (G_TASK (result), &error);
  CoTeamServerPrefs *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CO_TEAM_SERVER_PREFS (data);
  set_busy (self, FALSE);
  if (keyring == NULL)
    {
      if (g_error_matches (error, CO_SYNC_ERROR, CO_SYNC_ERROR_BOTH_HOLD_DATA))
        {
          GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Replace Your Copy With the Team’s?"),
                                                      error->message);

          adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                            "replace", _("_Replace My Copy"), NULL);
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                                      ADW_RESPONSE_DESTRUCTIVE);
          adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
          g_signal_connect_object (dialog, "response", G_CALLBACK (on_replace_response), self, 0);
          gtk_window_present (GTK_WINDOW (dialog));
          return;
        }
      show_error (self, NULL, error->message);
      add_toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self, NULL, NULL);
  /* The worker downloaded (or kept) the workspace on its own connection: the pages read again. */
  if (!co_store_announce_all_changed_soon (self->store, &error))
    add_toast (self, error->message);
  co_sync_agent_reload (self->agent);
  if (keyring[0] != '\0')
    {
      /* Translators: %s is the keyring's reason */
      g_autofree char *text = g_strdup_printf (_("Connected, but the password could not be kept: %s"), keyring);

      add_toast (self, text);
    }
  else
    add_toast (self, _("Connected to the team server"));
}

static void
set_busy (CoTeamServerPrefs *self,
          gboolean           busy)
{
  GtkWidget *rows[] = { self->host_row, self->port_row, self->database_row, self->user_row, self->password_row,
                        self->sslmode_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (rows[i], !busy);
  gtk_widget_set_sensitive (self->connect_button, !busy);
  gtk_widget_set_visible (self->spinner, busy);
  co_spinner_set_busy (GTK_SPINNER (self->spinner), busy);
}

static void
start_connect (CoTeamServerPrefs *self,
               gboolean           replace)
{
  g_autofree char *host = entry_text (self->host_row);
  g_autofree char *port = entry_text (self->port_row);
  g_autofree char *database = entry_text (self->database_row);
  g_autofree char *user = entry_text (self->user_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  guint sslmode = adw_combo_row_get_selected (ADW_COMBO_ROW (self->sslmode_row));
  GtkWidget *rows[] = { self->host_row, self->port_row, self->database_row, self->user_row };
  g_autoptr(GTask) task = NULL;
  Connect *c;

  /* A field left empty is named at its row. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  if (host[0] == '\0')
    show_error (self, self->host_row, _("Enter the team server’s address."));
  else if (port[0] != '\0' && strspn (port, "0123456789") != strlen (port))
    show_error (self, self->port_row, _("The port is a number: 5432 unless your server says otherwise."));
  else if (database[0] == '\0')
    show_error (self, self->database_row, _("Enter the team’s database."));
  else if (user[0] == '\0')
    show_error (self, self->user_row, _("Enter your login on the team server."));
  else
    show_error (self, NULL, NULL);
  if (gtk_widget_get_visible (self->error_label))
    return;

  /* The port written out: the keyring finds the password by the port the connection used. */
  if (port[0] == '\0')
    {
      g_free (port);
      port = g_strdup ("5432");
    }
  c = g_new0 (Connect, 1);
  c->path = g_strdup (co_store_get_path (self->store));
  c->conninfo = co_sync_conninfo_build (host, port, database, user, password,
                                        sslmode < G_N_ELEMENTS (sslmodes) ? sslmodes[sslmode] : NULL);
  c->replace = replace;
  c->login = (CoTeamLogin) { g_strdup (host), g_strdup (port), g_strdup (database), g_strdup (user) };
  c->password = password[0] != '\0' ? g_strdup (password) : NULL;
  set_busy (self, TRUE);
  task = g_task_new (NULL, self->cancellable, on_connected, self);
  g_task_set_task_data (task, c, (GDestroyNotify) connect_free);
  g_task_run_in_thread (task, connect_in_thread);
}

static void
on_connect_clicked (CoTeamServerPrefs *self)
{
  start_connect (self, FALSE);
}

/* Encryption follows the host until the user picks it: required for any host not this machine. */
static void
on_host_changed (CoTeamServerPrefs *self)
{
  g_autofree char *host = entry_text (self->host_row);
  guint mode = host[0] == '\0' || co_team_server_host_is_local (host) ? SSL_PREFER : SSL_REQUIRE;

  gtk_widget_remove_css_class (self->host_row, "error");
  if (self->sslmode_chosen)
    return;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->sslmode_row), mode);
}

static void
on_sslmode_chosen (CoTeamServerPrefs *self)
{
  g_autofree char *host = entry_text (self->host_row);
  guint follows = host[0] == '\0' || co_team_server_host_is_local (host) ? SSL_PREFER : SSL_REQUIRE;

  if (adw_combo_row_get_selected (ADW_COMBO_ROW (self->sslmode_row)) != follows)
    self->sslmode_chosen = TRUE;
}

/* ---- connected ---- */

static void
clear_password_in_thread (GTask        *task,
                          gpointer      source,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  const char *conninfo = task_data;
  g_autofree char *host = co_sync_conninfo_get (conninfo, "host");
  g_autofree char *port = co_sync_conninfo_get (conninfo, "port");
  g_autofree char *database = co_sync_conninfo_get (conninfo, "dbname");
  g_autofree char *user = co_sync_conninfo_get (conninfo, "user");
  CoTeamLogin login = { host, port, database, user };
  g_autoptr(GError) error = NULL;

  if (!co_team_password_clear (&login, NULL, &error))
    g_warning ("%s", error->message);
  g_task_return_boolean (task, TRUE);
}

/* Disconnecting, written through co_widget_write(): a sync round in a worker holds the write
 * lock while it runs, and the window never waits for it. */
typedef struct
{
  CoTeamServerPrefs *prefs;
  char              *conninfo;  /* the connection's, for its password */
} Disconnect;

static void
disconnect_free (Disconnect *disconnect)
{
  g_object_unref (disconnect->prefs);
  g_free (disconnect->conninfo);
  g_free (disconnect);
}

static gboolean
write_disconnect (CoStore  *store,
                  gpointer  data,
                  GError  **error)
{
  return co_sync_disconnect (store, error);
}

static void
disconnected (CoStore      *store,
              const GError *error,
              gpointer      data)
{
  Disconnect *disconnect = data;
  CoTeamServerPrefs *self = disconnect->prefs;
  g_autoptr(GTask) task = NULL;

  if (error != NULL)
    return;
  /* The password goes with the connection: the keyring keeps none it will not use. */
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, g_steal_pointer (&disconnect->conninfo), g_free);
  g_task_run_in_thread (task, clear_password_in_thread);
  if (self->agent != NULL)
    co_sync_agent_reload (self->agent);
  add_toast (self, _("Disconnected from the team server"));
}

static void
on_disconnect_response (AdwMessageDialog  *dialog,
                        const char        *response,
                        CoTeamServerPrefs *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSyncStatus) status = NULL;
  Disconnect *disconnect;

  if (!g_str_equal (response, "disconnect"))
    return;
  status = co_sync_get_status (self->store, &error);
  if (status == NULL)
    {
      add_toast (self, error->message);
      return;
    }
  disconnect = g_new0 (Disconnect, 1);
  disconnect->prefs = g_object_ref (self);
  disconnect->conninfo = g_strdup (status->conninfo);
  co_widget_write (GTK_WIDGET (self), self->store, write_disconnect, disconnect, (GDestroyNotify) disconnect_free,
                   disconnected);
}

static void
on_disconnect_clicked (CoTeamServerPrefs *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSyncStatus) status = co_sync_get_status (self->store, &error);
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (status != NULL && status->n_outbox > 0)
    body = g_strdup_printf (ngettext ("The workspace keeps its data, but %u change not sent yet will not be sent.",
                                      "The workspace keeps its data, but %u changes not sent yet will not be sent.",
                                      status->n_outbox), status->n_outbox);
  else
    body = g_strdup (_("The workspace keeps its data. Your teammates’ changes stop arriving, and yours stop "
                       "being sent."));
  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Disconnect From the Team Server?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "disconnect", _("_Disconnect"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "disconnect", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_disconnect_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_sync_now_clicked (CoTeamServerPrefs *self)
{
  co_sync_agent_sync_now (self->agent);
}

static void
on_conflicts_activated (CoTeamServerPrefs *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);

  gtk_window_present (GTK_WINDOW (co_conflicts_window_new (GTK_WINDOW (window), self->store)));
}

/* ---- building ---- */

static GtkWidget *
add_entry_row (AdwPreferencesGroup *group,
               GtkWidget           *row,
               const char          *title)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return row;
}

static GtkWidget *
add_info_row (AdwPreferencesGroup *group,
              const char          *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  return row;
}

static void
build_form (CoTeamServerPrefs *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GtkStringList) modes = gtk_string_list_new (NULL);
  GtkWidget *box, *label;

  self->form_group = GTK_WIDGET (group);
  adw_preferences_group_set_title (group, _("Connect to Your Team"));
  adw_preferences_group_set_description (group, _("Your team’s PostgreSQL server keeps one shared workspace. You keep "
                                                  "working on your own copy, offline too, and changes meet there."));
  self->host_row = add_entry_row (group, adw_entry_row_new (), _("Server Address"));
  self->port_row = add_entry_row (group, adw_entry_row_new (), _("Port"));
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), "5432");
  self->database_row = add_entry_row (group, adw_entry_row_new (), _("Database"));
  self->user_row = add_entry_row (group, adw_entry_row_new (), _("Login"));
  self->password_row = add_entry_row (group, adw_password_entry_row_new (), _("Password"));

  gtk_string_list_append (modes, _("Off"));
  gtk_string_list_append (modes, _("When the Server Offers It"));
  gtk_string_list_append (modes, _("Required"));
  gtk_string_list_append (modes, _("Required, Certificate Checked"));
  gtk_string_list_append (modes, _("Required, Certificate and Name Checked"));
  self->sslmode_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sslmode_row), _("Encryption (TLS)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sslmode_row),
                               _("Required for a server that is not this computer"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->sslmode_row), G_LIST_MODEL (modes));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->sslmode_row), SSL_PREFER);
  adw_preferences_group_add (group, self->sslmode_row);
  g_signal_connect_object (self->host_row, "changed", G_CALLBACK (on_host_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sslmode_row, "notify::selected", G_CALLBACK (on_sslmode_chosen), self,
                           G_CONNECT_SWAPPED);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 12);
  self->error_label = label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (GTK_BOX (box), label);
  self->connect_button = gtk_button_new ();
  {
    GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    self->spinner = gtk_spinner_new ();
    gtk_widget_set_visible (self->spinner, FALSE);
    gtk_box_append (GTK_BOX (inner), self->spinner);
    gtk_box_append (GTK_BOX (inner), gtk_label_new_with_mnemonic (_("_Connect")));
    gtk_widget_set_halign (inner, GTK_ALIGN_CENTER);
    gtk_button_set_child (GTK_BUTTON (self->connect_button), inner);
  }
  gtk_widget_set_halign (self->connect_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->connect_button, "suggested-action");
  gtk_widget_add_css_class (self->connect_button, "pill");
  g_signal_connect_object (self->connect_button, "clicked", G_CALLBACK (on_connect_clicked), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), self->connect_button);
  adw_preferences_group_add (group, box);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
}

static void
build_connection (CoTeamServerPrefs *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *box, *button, *arrow;

  self->connection_group = GTK_WIDGET (group);
  adw_preferences_group_set_title (group, _("Team Server"));
  self->server_row = add_info_row (group, _("Server"));
  self->login_row = add_info_row (group, _("Signed In As"));
  self->role_row = add_info_row (group, _("Role"));
  self->status_row = add_info_row (group, _("Sync"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self->status_row), 4);
  button = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  co_tooltip_set_text (button, _("Sync Now"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_sync_now_clicked), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->status_row), button);

  self->conflicts_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->conflicts_row), _("Conflicts and Refused Changes"));
  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->conflicts_row), arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->conflicts_row), TRUE);
  g_signal_connect_object (self->conflicts_row, "activated", G_CALLBACK (on_conflicts_activated), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, self->conflicts_row);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  button = gtk_button_new_with_mnemonic (_("_Disconnect…"));
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_disconnect_clicked), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), button);
  adw_preferences_group_add (group, box);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);

  self->team_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->team_group), _("The Team"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->team_group),
                                         _("Add or remove a teammate with community-ops --team-add-user or "
                                           "--team-remove-user."));
  gtk_widget_set_visible (self->team_group, FALSE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (self->team_group));
}

GtkWidget *
co_team_server_prefs_new (CoStore *store)
{
  CoTeamServerPrefs *self = g_object_new (CO_TYPE_TEAM_SERVER_PREFS,
                                          "title", _("Team Server"),
                                          "icon-name", "network-server-symbolic",
                                          "name", "team-server",
                                          NULL);

  self->store = g_object_ref (store);
  self->agent = g_object_ref (co_sync_agent_get (store));
  g_signal_connect_object (self->agent, "changed", G_CALLBACK (on_agent_changed), self, G_CONNECT_SWAPPED);
  show_face (self);
  read_team (self);
  return GTK_WIDGET (self);
}

static void
co_team_server_prefs_dispose (GObject *object)
{
  CoTeamServerPrefs *self = CO_TEAM_SERVER_PREFS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->agent);
  g_clear_object (&self->store);
  g_clear_pointer (&self->team_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (co_team_server_prefs_parent_class)->dispose (object);
}

static void
co_team_server_prefs_class_init (CoTeamServerPrefsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_team_server_prefs_dispose;
}

static void
co_team_server_prefs_init (CoTeamServerPrefs *self)
{
  self->cancellable = g_cancellable_new ();
  self->team_rows = g_ptr_array_new ();
  build_form (self);
  build_connection (self);
}
