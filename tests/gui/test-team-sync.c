/* test-team-sync.c: the app on a team server, on a real PostgreSQL (tests/pg/with-postgres.sh)
 * and a keyring of its own (tests/with-keyring.sh): connecting through Preferences → Team
 * Server, a change made in a member's window arriving by itself in a teammate's workspace, a
 * conflict shown in the header and resolved in the Conflicts window, Disconnect; and a workspace
 * with data replacing its copy with the team's after a confirmation. */
#include "config.h"

#include <libpq-fe.h>
#include <string.h>
#include <time.h>

#include "core/members/co-member.h"
#include "core/store/co-backup.h"
#include "core/sync/co-sync.h"
#include "core/sync/co-team-password.h"
#include "core/sync/co-team-server.h"
#include "gui/members/co-member-window.h"
#include "gui/sync/co-conflicts-window.h"
#include "gui/sync/co-sync-agent.h"
#include "gui/sync/co-team-server-prefs.h"
#include "gui/widgets/co-field-row.h"
#include "gui/window/co-preferences-window.h"
#include "gui-test-util.h"

#define DATABASE "team_ui"

static void
admin_exec (const char *database,
            const char *sql)
{
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s", database);
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

static GtkWidget *
entry_row (GtkWidget  *root,
           const char *title)
{
  GtkWidget *row;

  for (guint i = 0; (row = find_widget (root, ADW_TYPE_ENTRY_ROW, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return row;
  g_error ("No “%s” row", title);
}

static GtkWidget *
button_with_class (GtkWidget  *root,
                   const char *css_class)
{
  GtkWidget *button;

  for (guint i = 0; (button = find_widget (root, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (gtk_widget_has_css_class (button, css_class) && gtk_widget_get_mapped (button))
      return button;
  g_error ("No mapped button with %s", css_class);
}

/* A click, at once (activating a button waits for its pressed look to show first). */
static void
click (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
}

static CoPreferencesWindow *
open_team_server_page (Fixture *f)
{
  CoPreferencesWindow *preferences = co_preferences_window_new (f->store);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "team-server");
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (preferences));
  wait_for_window (GTK_WINDOW (preferences));
  return preferences;
}

static void
fill_form (GtkWidget  *root,
           const char *login,
           const char *password)
{
  type_into (entry_row (root, "Server Address"), "127.0.0.1");
  type_into (entry_row (root, "Port"), g_getenv ("PGPORT"));
  type_into (entry_row (root, "Database"), DATABASE);
  type_into (entry_row (root, "Login"), login);
  type_into (entry_row (root, "Password"), password);
}

static gboolean
is_connected (gpointer store)
{
  g_autoptr(CoSyncStatus) status = co_sync_get_status (store, NULL);

  return status != NULL && status->connected;
}

static gboolean
is_synced (gpointer store)
{
  CoSyncAgent *agent = co_sync_agent_get (store);
  g_autoptr(CoSyncStatus) status = co_sync_get_status (store, NULL);

  return co_sync_agent_get_state (agent) == CO_SYNC_AGENT_SYNCED && status != NULL && status->n_outbox == 0;
}

typedef struct
{
  CoStore    *store;
  const char *uuid;
  const char *city;
} City;

static gboolean
has_city (gpointer data)
{
  City *c = data;
  g_autofree char *sql = g_strdup_printf ("SELECT city FROM members WHERE uuid = '%s'", c->uuid);
  g_autofree char *city = test_sql_rows (c->store, sql);

  return g_strcmp0 (city, c->city) == 0;
}

/* The city here, and the round that brought it done: its ::changed is part of the arrival. */
static gboolean
has_city_synced (gpointer data)
{
  City *c = data;

  return has_city (c) && co_sync_agent_get_state (co_sync_agent_get (c->store)) == CO_SYNC_AGENT_SYNCED;
}

static gboolean
is_offline (gpointer store)
{
  return co_sync_agent_get_state (co_sync_agent_get (store)) == CO_SYNC_AGENT_OFFLINE;
}

static gboolean
has_conflict (gpointer store)
{
  return co_sync_agent_get_n_conflicts (co_sync_agent_get (store)) == 1;
}

static gboolean
shows_one_conflict (gpointer window)
{
  return count_mapped_labels (window, "1 Conflict") == 1;
}

static gboolean
shows_no_conflicts (gpointer window)
{
  return count_mapped_labels (window, "No Conflicts") == 1;
}

/* The team, for its owner: boss and zhao. */
static gboolean
shows_team (gpointer window)
{
  return count_mapped_labels (window, "zhao") == 1;
}

static gboolean
shows_changed_by_zhao (gpointer window)
{
  GtkWidget *label;

  for (guint i = 0; (label = find_widget (window, GTK_TYPE_LABEL, i)) != NULL; i++)
    if (gtk_widget_get_mapped (label) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)), "Changed by zhao, "))
      return TRUE;
  return FALSE;
}

static gboolean
password_forgotten (gpointer data)
{
  g_autofree char *password = co_team_password_lookup (data, NULL, NULL);

  return password == NULL;
}

static void
set_city (GtkWidget  *member_window,
          const char *city)
{
  GtkWidget *row = entry_row (member_window, "City");

  type_into (row, city);
  co_field_row_flush (row);
}

static CoConflictsWindow *
find_conflicts_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (CO_IS_CONFLICTS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
conflicts_window_shown (gpointer data)
{
  CoConflictsWindow *window = find_conflicts_window ();

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

/* The main loop's longest iteration while waiting for @condition and then for what it queued
 * (reloads in idles), without the time it slept in poll: what a person would feel as a stall;
 * and the most processor time the main thread spent in one, which a busy machine (waiting for
 * its turn, for the X server) does not inflate. Printed, not asserted (figures, not a timed test). */
static GPollFunc default_poll;
static gint64 poll_us;

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 begin = g_get_monotonic_time ();
  gint result = default_poll (fds, n_fds, timeout);

  poll_us += g_get_monotonic_time () - begin;
  return result;
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
on_settled (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

typedef struct
{
  gint64 wall_us;
  gint64 cpu_us;
} Longest;

static Longest
longest_iteration_until (WaitCondition  condition,
                         gpointer       data,
                         const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  gboolean met = FALSE, settled = FALSE;
  Longest longest = { 0, 0 };

  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);
  while (!settled)
    {
      /* Lowest priority, as in wait_until: it must not keep the idles from running. */
      guint wake_up = g_timeout_add_full (G_PRIORITY_LOW, 10, keep_waking, NULL, NULL);
      gint64 begin = g_get_monotonic_time (), cpu_begin = thread_cpu_us ();

      if (begin > deadline)
        g_error ("Waited 30 s in vain for %s", what);
      poll_us = 0;
      g_main_context_iteration (NULL, TRUE);
      longest.wall_us = MAX (longest.wall_us, g_get_monotonic_time () - begin - poll_us);
      longest.cpu_us = MAX (longest.cpu_us, thread_cpu_us () - cpu_begin);
      g_source_remove (wake_up);
      if (!met && (met = condition (data)))
        g_idle_add_full (G_PRIORITY_LOW, on_settled, &settled, NULL);
    }
  g_main_context_set_poll_func (NULL, default_poll);
  return longest;
}

static CoStore *
teammate_store (char      **dir,
                const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *conninfo = g_strdup_printf ("host=%s dbname=%s user=%s", g_getenv ("PGHOST"), DATABASE, login);
  CoStore *store = test_open_temp_store (&path);

  *dir = g_path_get_dirname (path);
  g_assert_true (co_sync_connect (store, conninfo, FALSE, &error));
  g_assert_no_error (error);
  return store;
}

static void
close_teammate (CoStore *store,
                char    *dir)
{
  wait_for_last_reference (store, "the teammate's rounds to end");
  g_assert_finalize_object (store);
  test_remove_tree (dir);
}

/* Boss connects the sample through Preferences and uploads it; zhao's workspace, synced by its
 * agent, receives boss's change by itself; a change of the same field by zhao elsewhere makes a
 * conflict in boss's header, and Use Mine in the Conflicts window sends boss's value to all. */
static void
test_connect_sync_conflict (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CoPreferencesWindow *preferences = open_team_server_page (f);
  GtkWidget *page = find_widget (GTK_WIDGET (preferences), CO_TYPE_TEAM_SERVER_PREFS, 0);
  GtkWidget *sslmode = find_widget (page, ADW_TYPE_COMBO_ROW, 0);
  g_autofree char *uuid = test_sql_rows (f->store, "SELECT uuid FROM members ORDER BY uuid LIMIT 1");
  g_autofree char *membership_sql = g_strdup_printf ("SELECT min (ms.id) FROM memberships ms JOIN members m"
                                                     " ON m.id = ms.member_id WHERE m.uuid = '%s'", uuid);
  CoTeamLogin login = { "127.0.0.1", g_getenv ("PGPORT"), DATABASE, "boss" };
  g_autofree char *kept = NULL, *dir_b = NULL, *dir_c = NULL;
  g_autoptr(CoSyncStatus) status = NULL;
  g_autoptr(AdwMessageDialog) dialog = NULL;
  GtkWidget *member_window, *status_button, *button;
  CoConflictsWindow *conflicts;
  CoStore *b, *c;
  gint64 start;
  City city;

  /* Encryption is required for a server elsewhere, offered for this machine. */
  type_into (entry_row (page, "Server Address"), "db.example.com");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (sslmode)), ==, 2);
  /* A field left empty is named at its row. */
  click (button_with_class (page, "suggested-action"));
  g_assert_true (gtk_widget_has_css_class (entry_row (page, "Database"), "error"));
  g_assert_false (is_connected (f->store));

  fill_form (page, "boss", "boss-pw");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (sslmode)), ==, 1);
  click (button_with_class (page, "suggested-action"));
  wait_until_within (60, is_connected, f->store, "the workspace to connect");
  wait_until_within (30, is_synced, f->store, "the first round");
  /* The password is in the keyring, not in the workspace. */
  kept = co_team_password_lookup (&login, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, "boss-pw");
  status = co_sync_get_status (f->store, &error);
  g_assert_null (strstr (status->conninfo, "boss-pw"));
  /* The page shows who is connected, and the header the status. */
  wait_until_within (30, shows_team, preferences, "the team to show for its owner");
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (preferences), "boss"), ==, 2);  /* signed in as, and in the team */
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (preferences), "Owner"), ==, 3);  /* my role, and the team's */
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (f->window), "Synced"), ==, 1);

  /* Zhao's workspace receives a change made in boss's member window, by itself. */
  b = teammate_store (&dir_b, "zhao");
  co_sync_agent_get (b);
  member_window = co_member_window_new (GTK_WINDOW (f->window), f->store, test_sql_count (f->store, membership_sql));
  gtk_window_present (GTK_WINDOW (member_window));
  wait_for_window (GTK_WINDOW (member_window));
  wait_until_within (30, is_synced, b, "zhao's first round");
  start = g_get_monotonic_time ();
  set_city (member_window, "杭州");
  city = (City) { b, uuid, "杭州" };
  {
    Longest longest = longest_iteration_until (has_city_synced, &city, "boss's change to reach zhao");

    g_test_message ("A change reached the teammate in %.2f s (2 s of it the pause before a push); the longest "
                    "main-loop iteration meanwhile (both workspaces' rounds): %.1f ms, %.1f ms of it processor time",
                    (g_get_monotonic_time () - start) / 1e6, longest.wall_us / 1000.0, longest.cpu_us / 1000.0);
  }

  /* And back: zhao's change arrives in boss's workspace, whose pages and member window are open. */
  g_assert_true (co_member_set (b, test_sql_count (b, membership_sql), CO_MEMBER_CITY, "苏州", &error));
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  city = (City) { f->store, uuid, "苏州" };
  {
    Longest longest = longest_iteration_until (has_city_synced, &city, "zhao's change to reach boss");

    g_test_message ("A teammate's change reached this workspace in %.2f s (2 s of it the pause before a push); "
                    "the longest main-loop iteration meanwhile (the round, the pages reading again): %.1f ms, "
                    "%.1f ms of it processor time",
                    (g_get_monotonic_time () - start) / 1e6, longest.wall_us / 1000.0, longest.cpu_us / 1000.0);
  }

  /* A conflict: zhao, elsewhere and offline, changes the city too, and syncs after boss. */
  c = teammate_store (&dir_c, "zhao");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT min (ms.id) FROM memberships ms JOIN members m"
                                            " ON m.id = ms.member_id WHERE m.uuid = '%s'", uuid);

    g_assert_true (co_member_set (c, test_sql_count (c, sql), CO_MEMBER_CITY, "上海", &error));
    g_assert_no_error (error);
  }
  set_city (member_window, "北京");
  wait_until_within (30, is_synced, f->store, "boss's change to be sent");
  g_assert_true (co_sync_run (c, NULL, &error));
  g_assert_no_error (error);
  wait_until_within (30, has_conflict, f->store, "the conflict to arrive");
  wait_until (shows_one_conflict, f->window, "the header to show the conflict");
  /* The open member window reads again by itself (its reload is an idle: wait_until's own
   * wake-up must not keep it from running while the condition above counts labels). */
  wait_until (shows_changed_by_zhao, member_window, "the open member window to say who changed it");
  /* The member's window says who changed it last. */
  {
    GtkWidget *again = co_member_window_new (GTK_WINDOW (f->window), f->store,
                                             test_sql_count (f->store, membership_sql));

    gtk_window_present (GTK_WINDOW (again));
    wait_for_window (GTK_WINDOW (again));
    g_assert_true (shows_changed_by_zhao (again));
    gtk_window_destroy (GTK_WINDOW (again));
  }

  /* The header's popover opens the Conflicts window. */
  for (guint i = 0; (status_button = find_widget (GTK_WIDGET (f->window), GTK_TYPE_MENU_BUTTON, i)) != NULL; i++)
    if (g_str_equal (gtk_widget_get_name (status_button), "sync-status"))
      break;
  g_assert_nonnull (status_button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (status_button));
  button = wait_for_button (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (status_button))),
                            "_Conflicts and Refused Changes…");
  click (button);
  wait_until (conflicts_window_shown, NULL, "the Conflicts window");
  conflicts = find_conflicts_window ();
  {
    GtkWidget *row = find_widget (GTK_WIDGET (conflicts), ADW_TYPE_ACTION_ROW, 0);
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

    g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "City"));
    g_assert_nonnull (strstr (subtitle, "北京"));
    g_assert_nonnull (strstr (subtitle, "上海"));
    g_assert_nonnull (strstr (subtitle, "zhao"));
  }
  city = (City) { f->store, uuid, "上海" };
  g_assert_true (has_city (&city));
  click (wait_for_button (GTK_WIDGET (conflicts), "_Use Mine"));
  city.city = "北京";
  g_assert_true (has_city (&city));
  wait_until (shows_no_conflicts, conflicts, "the Conflicts window to empty");
  wait_until_within (30, is_synced, f->store, "boss's value to be sent again");
  city.store = b;
  wait_until_within (30, has_city, &city, "zhao's workspace to take boss's value");
  g_assert_true (co_sync_run (c, NULL, &error));
  city.store = c;
  g_assert_true (has_city (&city));
  gtk_window_destroy (GTK_WINDOW (conflicts));
  gtk_window_destroy (GTK_WINDOW (member_window));

  /* Disconnect: confirmed, the password leaves the keyring, the header's status goes. */
  click (button_with_class (page, "destructive-action"));
  dialog = wait_for_message_dialog ();
  adw_message_dialog_response (dialog, "disconnect");
  g_clear_object (&dialog);
  g_assert_false (is_connected (f->store));
  wait_until (password_forgotten, &login, "the password to leave the keyring");
  wait_for_idle ();
  g_assert_false (gtk_widget_get_visible (status_button));
  gtk_window_destroy (GTK_WINDOW (preferences));

  close_teammate (b, dir_b);
  close_teammate (c, dir_c);
}

/* A workspace with data, connecting to a team with data, is refused; Replace My Copy, confirmed,
 * makes a backup and takes the team's workspace. Then the server out of reach, and back. */
static void
test_replace_my_copy (Fixture *f, gconstpointer data)
{
  CoPreferencesWindow *preferences = open_team_server_page (f);
  GtkWidget *page = find_widget (GTK_WIDGET (preferences), CO_TYPE_TEAM_SERVER_PREFS, 0);
  g_autoptr(AdwMessageDialog) dialog = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;

  test_sql_exec (f->store, "UPDATE members SET city = '本地' WHERE id = (SELECT min (id) FROM members)");
  fill_form (page, "zhao", "zhao-pw");
  click (button_with_class (page, "suggested-action"));
  dialog = wait_for_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Replace Your Copy With the Team’s?");
  g_assert_false (is_connected (f->store));
  adw_message_dialog_response (dialog, "replace");
  g_clear_object (&dialog);
  wait_until_within (60, is_connected, f->store, "the workspace to be replaced");
  g_assert_cmpint (test_sql_count (f->store, "SELECT count (*) FROM members WHERE city = '本地'"), ==, 0);
  backups = co_backup_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, >=, 1);
  wait_until_within (30, is_synced, f->store, "the first round");

  /* The server out of reach: offline since now, in the header too, retried by itself; back in
   * reach, the retry syncs. */
  test_sql_exec (f->store, "CREATE TEMP TABLE saved AS SELECT conninfo FROM sync_connection");
  test_sql_exec (f->store, "UPDATE sync_connection SET conninfo = 'host=127.0.0.1 port=1 dbname=team user=zhao'");
  co_sync_agent_sync_now (co_sync_agent_get (f->store));
  wait_until_within (30, is_offline, f->store, "the round to fail");
  g_assert_nonnull (co_sync_agent_get_error (co_sync_agent_get (f->store)));
  {
    g_autofree char *since = g_date_time_format (co_sync_agent_get_offline_since (co_sync_agent_get (f->store)),
                                                 "Offline since %H:%M");

    g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (f->window), since), ==, 1);
  }
  test_sql_exec (f->store, "UPDATE sync_connection SET conninfo = (SELECT conninfo FROM saved)");
  wait_until_within (30, is_synced, f->store, "the retry to sync");
  g_assert_null (co_sync_agent_get_offline_since (co_sync_agent_get (f->store)));

  g_assert_true (co_sync_disconnect (f->store, &error));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoTeamServer) server = NULL;
  gboolean already;

  gui_test_init (&argc, &argv);
  if (g_getenv ("PGHOST") == NULL || g_getenv ("PGPORT") == NULL)
    g_error ("test-team-sync runs beside its own PostgreSQL: tests/with-keyring.sh tests/pg/with-postgres.sh");
  admin_exec ("postgres", "CREATE ROLE boss LOGIN CREATEROLE CREATEDB PASSWORD 'boss-pw'");
  admin_exec ("postgres", "CREATE DATABASE " DATABASE " OWNER boss");
  server = co_team_server_connect ("dbname=" DATABASE " user=boss", &error);
  g_assert_no_error (error);
  g_assert_true (co_team_server_init (server, &already, &error));
  g_assert_true (co_team_server_add_user (server, "zhao", CO_TEAM_ROLE_OWNER, NULL, "zhao-pw", NULL, &error));
  g_assert_no_error (error);

  GUI_TEST_ADD ("team-sync/connect-sync-conflict", TRUE, test_connect_sync_conflict);
  GUI_TEST_ADD ("team-sync/replace-my-copy", TRUE, test_replace_my_copy);
  return g_test_run ();
}
