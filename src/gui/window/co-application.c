/* co-application.c: the app: opening the database the window works on (the one the command
 * line's options and COMMUNITY_OPS_DATABASE name), the app-wide actions, the daily backup and the
 * window. The commands that work and exit are src/cli's: main.c runs them without the app. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "cli/co-cli.h"
#include "core/groups/co-group.h"
#include "core/records/co-list.h"
#include "core/store/co-backup.h"
#include "core/store/co-store.h"
#include "core/store/co-write-queue.h"
#include "gui/window/co-application.h"
#include "gui/window/co-preferences-window.h"
#include "gui/window/co-upgrade-window.h"
#include "gui/window/co-window.h"

struct _CoApplication
{
  AdwApplication  parent_instance;

  char           *database_path;
  CoStore        *store;
  GError         *store_error;
  gboolean        upgrade_pending;
  GSettings      *settings;
  int             exit_status;
  guint           signal_sources[3];  /* SIGTERM, SIGINT, SIGHUP: quit as app.quit does */
  gboolean        trash_purged_at_quit;  /* by the last main window's close */
};

G_DEFINE_FINAL_TYPE (CoApplication, co_application, ADW_TYPE_APPLICATION)

CoApplication *
co_application_new (void)
{
  return g_object_new (CO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/com/example/CommunityOps",
                       NULL);
}

int
co_application_get_exit_status (CoApplication *self)
{
  g_return_val_if_fail (CO_IS_APPLICATION (self), 1);
  return self->exit_status;
}

/* A window run: the options were parsed by the command line's table (co_cli_add_options()), and
 * only say which database to open. */
static int
co_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  CoApplication *self = CO_APPLICATION (app);
  gboolean own_database = FALSE;

  self->database_path = co_cli_get_database_path (options, &own_database);
  /* A database of its own makes this a separate instance, not a second window of another. */
  if (own_database)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  return -1;
}

static void
apply_sync_mode (CoApplication *self)
{
  g_autoptr(GError) error = NULL;
  gboolean full = g_settings_get_enum (self->settings, "sync-mode") == 1;

  if (!co_store_set_full_sync (self->store, full, &error))
    g_warning ("Could not change the durability setting: %s", error->message);
}

static void
daily_backup_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  CoStore *store = source_object;
  g_autofree char *path = NULL;
  GError *error = NULL;

  if ((path = co_backup_create (store, CO_BACKUP_DAILY, &error)) != NULL &&
      co_backup_prune (store, GPOINTER_TO_UINT (task_data), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_daily_backup (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("The daily backup could not be made: %s", error->message);
  g_application_release (G_APPLICATION (data));
}

/* The day's first start copies the workspace, in a worker thread, and keeps the last N. The app
 * is held until the copy is made: ended with the window, a run left a partial copy (over 2 GB
 * for a million members) and the next start began again. */
static void
start_daily_backup (CoApplication *self)
{
  g_autoptr(GTask) task = NULL;

  if (!co_backup_daily_due (self->store))
    return;
  g_application_hold (G_APPLICATION (self));
  task = g_task_new (self->store, NULL, on_daily_backup, self);
  g_task_set_task_data (task, GUINT_TO_POINTER ((guint) g_settings_get_int (self->settings, "backups-kept")), NULL);
  g_task_run_in_thread (task, daily_backup_in_thread);
}

/* The trash emptied: what was deleted in a run goes for good once it ends (Undo lasts as long as
 * the app runs). A write of the queue's, in a worker: a trashed group takes its members with
 * it, seconds for a large one. */
static gboolean
purge_trash (CoStore  *store,
             gpointer  data,
             GError  **error)
{
  return co_group_purge_trash (store, 0, error) && co_list_purge_trash (store, error);
}

static void
trash_purged (CoStore      *store,
              const GError *error,
              gpointer      data)
{
  if (error != NULL)
    g_warning ("Could not empty the trash: %s", error->message);
}

/* At quit: the app is held until it is done (written or refused after the busy timeout). */
static void
trash_purged_at_quit (CoStore      *store,
                      const GError *error,
                      gpointer      data)
{
  trash_purged (store, error, data);
  g_application_release (G_APPLICATION (data));
}

/* What follows the open of the store, wherever it was opened. */
static void
store_opened (CoApplication *self)
{
  apply_sync_mode (self);
  g_signal_connect_object (self->settings, "changed::sync-mode",
                           G_CALLBACK (apply_sync_mode), self, G_CONNECT_SWAPPED);

  /* What an earlier run deleted but ended before it could empty the trash: after the first
   * frame, in its turn among the window's writes. */
  co_store_write_queued_in_worker (self->store, purge_trash, NULL, NULL, trash_purged);
  start_daily_backup (self);
}

/* The last window closed (its kept writes written): the trash emptied in a worker, the app held
 * meanwhile, before it quits. */
static void
co_application_window_removed (GtkApplication *app,
                               GtkWindow      *window)
{
  CoApplication *self = CO_APPLICATION (app);

  GTK_APPLICATION_CLASS (co_application_parent_class)->window_removed (app, window);
  if (self->store == NULL || self->trash_purged_at_quit || !CO_IS_WINDOW (window))
    return;
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (CO_IS_WINDOW (l->data))
      return;
  self->trash_purged_at_quit = TRUE;
  g_application_hold (G_APPLICATION (self));
  co_store_write_queued_in_worker (self->store, purge_trash, self, NULL, trash_purged_at_quit);
}

/* The session ending (SIGTERM), Ctrl+C in a terminal (SIGINT) or the terminal closed (SIGHUP):
 * the Quit action, so that each window saves its pending edits and writes the changes it keeps
 * behind an import's write lock (co_window_close_request()). The default action of these signals
 * ends the process at once, and those were lost. */
static gboolean
quit_on_signal (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
co_application_startup (GApplication *app)
{
  CoApplication *self = CO_APPLICATION (app);
  const int signals[G_N_ELEMENTS (self->signal_sources)] = { SIGTERM, SIGINT, SIGHUP };

  G_APPLICATION_CLASS (co_application_parent_class)->startup (app);

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    self->signal_sources[i] = g_unix_signal_add (signals[i], quit_on_signal, self);

  g_set_application_name (_("CommunityOps"));
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  /* An older workspace is upgraded in a worker, behind a window that says so (activate). */
  if (co_store_needs_upgrade (self->database_path))
    {
      self->upgrade_pending = TRUE;
      return;
    }
  /* The sort keys of another language computed after the first frame (co-window.c), not before
   * it: 5 to 8 s at once for a million members. */
  self->store = co_store_open_deferring_rekey (self->database_path, &self->store_error);
  if (self->store != NULL)
    store_opened (self);
}

static void
co_application_shutdown (GApplication *app)
{
  CoApplication *self = CO_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
  /* Without a main window (an upgrade the app was asked to quit during), nothing is shown: the
   * trash is emptied here. */
  if (self->store != NULL && !self->trash_purged_at_quit && !purge_trash (self->store, NULL, &error))
    g_warning ("Could not empty the trash: %s", error->message);

  G_APPLICATION_CLASS (co_application_parent_class)->shutdown (app);
}

/* Shown instead of the main window when the database cannot be opened: a double-clicked
 * app has no terminal to print to. */
static void
show_store_error (CoApplication *self)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *quit = gtk_button_new_with_mnemonic (_("_Quit"));

  gtk_window_set_title (GTK_WINDOW (window), _("CommunityOps"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 420);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Could Not Open the Database"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), self->store_error->message);
  gtk_widget_set_halign (quit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (quit, "pill");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (quit), "app.quit");
  adw_status_page_set_child (ADW_STATUS_PAGE (status), quit);
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  g_printerr ("community-ops: %s\n", self->store_error->message);
  self->exit_status = 1;
  gtk_window_present (GTK_WINDOW (window));
}

/* The upgrade is over: the main window (or the error) in place of the upgrade window, unless
 * the app was asked to quit meanwhile (the upgrade window was closed). */
static void
on_upgraded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CoApplication *self = user_data;
  GtkWindow *upgrade_window = GTK_WINDOW (object);
  gboolean quitting = !gtk_widget_get_visible (GTK_WIDGET (upgrade_window));

  self->upgrade_pending = FALSE;
  self->store = co_upgrade_window_open_store_finish (CO_UPGRADE_WINDOW (object), result, &self->store_error);
  if (!quitting && self->store == NULL)
    show_store_error (self);
  else if (!quitting)
    {
      store_opened (self);
      gtk_window_present (GTK_WINDOW (co_window_new (GTK_APPLICATION (self), self->store)));
    }
  gtk_window_destroy (upgrade_window);
  g_application_release (G_APPLICATION (self));
}

static void
start_upgrade (CoApplication *self)
{
  CoUpgradeWindow *window = co_upgrade_window_new (GTK_APPLICATION (self));

  /* Held until the worker is done, whatever happens to the window. */
  g_application_hold (G_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (window));
  co_upgrade_window_open_store_async (window, self->database_path, on_upgraded, self);
}

static void
co_application_activate (GApplication *app)
{
  CoApplication *self = CO_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL && self->upgrade_pending)
    {
      start_upgrade (self);
      return;
    }
  if (window == NULL && self->store == NULL)
    {
      show_store_error (self);
      return;
    }
  if (window == NULL)
    window = GTK_WINDOW (co_window_new (GTK_APPLICATION (self), self->store));
  gtk_window_present (window);
}

static void
co_application_finalize (GObject *object)
{
  CoApplication *self = CO_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (co_application_parent_class)->finalize (object);
}

static void
co_application_class_init (CoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = co_application_finalize;
  app_class->handle_local_options = co_application_handle_local_options;
  app_class->startup = co_application_startup;
  app_class->shutdown = co_application_shutdown;
  app_class->activate = co_application_activate;
  GTK_APPLICATION_CLASS (klass)->window_removed = co_application_window_removed;
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CoApplication *self = user_data;
  const char *developers[] = { _("The CommunityOps developers"), NULL };
  /* The same text as the release's notes in the metainfo, so it is translated once. */
  g_autofree char *release_notes =
    g_markup_printf_escaped ("<p>%s</p>", _("The first release: groups and their matrix, edited "
                                            "in place with undo, in Chinese and English."));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-icon", APP_ID,
                        "application-name", _("CommunityOps"),
                        "developer-name", _("The CommunityOps developers"),
                        "version", PACKAGE_VERSION,
                        "release-notes-version", PACKAGE_VERSION,
                        "release-notes", release_notes,
                        "comments", _("Plan, staff and report on your online communities"),
                        "website", "https://example.com/community-ops",
                        "issue-url", "https://example.com/community-ops/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one a line, shown in the About window */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* Preferences over the active window, on @page (NULL: the first). */
static void
show_preferences (CoApplication *self,
                  const char    *page)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CoPreferencesWindow *preferences;

  if (self->store == NULL)
    return;
  preferences = co_preferences_window_new (self->store);
  if (page != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), page);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  show_preferences (user_data, NULL);
}

/* The status in the header opens the Team Server page. */
static void
preferences_team_server_activated (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  show_preferences (user_data, "team-server");
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing the windows lets each save its state and pending edits. */
  for (GList *l = windows; l != NULL; l = windows)
    {
      windows = l->next;
      gtk_window_close (l->data);
    }
}

static const GActionEntry app_actions[] = {
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "preferences-team-server", preferences_team_server_activated },
  { "quit", quit_activated },
};

static void
co_application_init (CoApplication *self)
{
  struct { const char *action; const char *accels[2]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.new-group", { "<Control>n", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  co_cli_add_options (G_APPLICATION (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}
