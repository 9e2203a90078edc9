/* co-sop-section.c: Today's SOP tasks (co-sop-section.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/formats/co-date.h"
#include "core/library/co-library.h"
#include "core/sop/co-sop-ics.h"
#include "core/sop/co-sop-tasks.h"
#include "core/store/co-read-worker.h"
#include "gui/today/co-sop-section.h"
#include "gui/widgets/co-library-clipboard.h"
#include "gui/widgets/co-refresh.h"
#include "gui/widgets/co-reveal.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"
#include "gui/widgets/co-widget-write.h"

/* At most this many rows: the rest are counted. */
#define MAX_ROWS 12
/* New rows are shown this many a frame, from the frame after the next (co_reveal_set_batch()):
 * the 13 rows of a full list in three frames, none in a cold page's first. A frame showing five
 * took 11–14 ms of the main thread's time, thirteen 24–25 ms (31–33 ms with their lines not
 * limited), one 7–9 ms: most of a frame is the window laid out and drawn again, whatever it shows
 * (bench-sop-today, 1,000 groups). */
#define ROWS_A_FRAME 5
/* A burst of changes is left to settle this long before the tasks are made again. */
#define EXPAND_DELAY_MS 500
/* Each task coming due gets a notification of its own up to this many at once; more, one. */
#define MAX_NOTIFICATIONS 3

struct _CoSopSection
{
  AdwPreferencesGroup  parent_instance;

  CoStore      *store;
  GSettings    *settings;
  CoRefresh     refresh;
  GtkWidget    *person;        /* GtkDropDown: Everyone, then the team */
  GtkStringList *people;
  GPtrArray    *rows;          /* the rows shown, in order */
  CoReveal      reveal;        /* new rows, shown a few a frame */
  GCancellable *expanding;
  GCancellable *reading;       /* the tasks being read in a worker, or NULL */
  gboolean      reading_rows;  /* … for the rows, not only for the notifications */
  guint         expand_id;
  guint         minute_id;
  char         *notified_until;  /* tasks due up to this moment were notified */
  gboolean      loading;
};

G_DEFINE_FINAL_TYPE (CoSopSection, co_sop_section, ADW_TYPE_PREFERENCES_GROUP)

static const char * const expanding_tables[] = {
  "sop_steps", "groups", "memberships", "members", "activities", "assignments", "staff", "roles", NULL,
};

/* ---- who ------------------------------------------------------------------------------------ */

static char *
dup_person_name (CoSopSection *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "sop-person");

  return *name != '\0' ? g_steal_pointer (&name) : NULL;
}

/* Who is recorded as having done a task: the person chosen, else the account's name. */
static char *
dup_doer (CoSopSection *self)
{
  char *name = dup_person_name (self);

  if (name != NULL)
    return name;
  if (g_strcmp0 (g_get_real_name (), "Unknown") != 0)
    return g_strdup (g_get_real_name ());
  return g_strdup (g_get_user_name ());
}

/* ---- doing a task --------------------------------------------------------------------------- */

static void
copy_task (CoSopSection *self,
           gint64        task_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoSopTask) task = co_sop_task_get (self->store, task_id, &error);
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GBytes) image = NULL;

  if (task == NULL)
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  /* The step's library item comes too: a text below the step's own, or its image. */
  if (task->library_item_id != 0 && !co_library_copy_for_task (self->store, task, &image, &error))
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  text = co_sop_task_dup_text (task);
  if (!co_clipboard_set_text_and_image (GTK_WIDGET (self), text, image, &error))
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  /* Translators: a toast; %s is an SOP step's title */
  message = g_strdup_printf (_("The text of “%s” is on the clipboard"), task->title ? task->title : "");
  co_widget_add_toast (GTK_WIDGET (self), co_toast_new (message));
}

/* A task finished (sent or skipped), written through co_widget_write(): never waiting for an
 * import's or a sync's write lock. */
typedef struct
{
  gint64  task_id;
  char   *who;
  char   *reason;  /* skipped: why; NULL: sent */
} Finish;

static void
finish_free (Finish *finish)
{
  g_free (finish->who);
  g_free (finish->reason);
  g_free (finish);
}

static gboolean
write_finish (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  Finish *finish = data;

  if (finish->reason != NULL)
    return co_sop_task_skip (store, finish->task_id, finish->who, finish->reason, error);
  return co_sop_task_mark_sent (store, finish->task_id, finish->who, error);
}

static void
finish_task (CoSopSection *self,
             gint64        task_id,
             const char   *reason)
{
  Finish *finish = g_new0 (Finish, 1);

  finish->task_id = task_id;
  finish->who = dup_doer (self);
  finish->reason = g_strdup (reason);
  co_widget_write (GTK_WIDGET (self), self->store, write_finish, finish, (GDestroyNotify) finish_free, NULL);
}

static gint64
button_task (GtkWidget *button)
{
  return *(gint64 *) g_object_get_data (G_OBJECT (button), "co-task");
}

static void
on_copy_clicked (GtkButton    *button,
                 CoSopSection *self)
{
  copy_task (self, button_task (GTK_WIDGET (button)));
}

static void
on_sent_clicked (GtkButton    *button,
                 CoSopSection *self)
{
  finish_task (self, button_task (GTK_WIDGET (button)), NULL);
}

static void
on_reason_changed (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "skip", *reason != '\0');
}

static void
on_skip_response (AdwMessageDialog *dialog,
                  const char       *response,
                  CoSopSection     *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);

  if (g_str_equal (response, "skip"))
    finish_task (self, button_task (entry), gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_skip_clicked (GtkButton    *button,
                 CoSopSection *self)
{
  gint64 task_id = button_task (GTK_WIDGET (button));
  g_autoptr(CoSopTask) task = co_sop_task_get (self->store, task_id, NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  if (task == NULL)
    return;
  /* Translators: the heading of the dialog that skips an SOP task; %s is its step */
  heading = g_strdup_printf (_("Skip “%s”?"), task->title ? task->title : "");
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   _("Say why, so that the team sees it in the week’s review."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("For example: the group was busy with an activity"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Why"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  g_object_set_data_full (G_OBJECT (entry), "co-task", g_memdup2 (&task_id, sizeof task_id), g_free);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "skip", _("_Skip"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "skip", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "skip", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "skip");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_skip_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ---- the calendar --------------------------------------------------------------------------- */

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    CoSopSection    *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *today = co_date_today ();
  g_autofree char *last = co_date_add_days (today, CO_SOP_HORIZON_DAYS - 1);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = g_file_get_path (file);
      if (!co_sop_export_ics (self->store, path, 0, today, last, &error))
        co_widget_show_error (GTK_WIDGET (self), error);
      else
        co_widget_add_toast (GTK_WIDGET (self), co_toast_new (_("Calendar exported: activities and SOP tasks of the next 30 days")));
    }
  g_object_unref (chooser);
}

static void
on_export_clicked (CoSopSection *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export Calendar"),
                                                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("iCalendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  /* Translators: the suggested name of an exported calendar file */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("community-calendar.ics"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- notifications -------------------------------------------------------------------------- */

static void
on_app_copy (GSimpleAction *action,
             GVariant      *parameter,
             CoSopSection  *self)
{
  copy_task (self, g_variant_get_int64 (parameter));
}

static void
on_app_sent (GSimpleAction *action,
             GVariant      *parameter,
             CoSopSection  *self)
{
  finish_task (self, g_variant_get_int64 (parameter), NULL);
}

/* The notifications' buttons are the application's actions. */
static void
add_app_actions (CoSopSection *self)
{
  GApplication *app = g_application_get_default ();
  static const struct { const char *name; GCallback callback; } actions[] = {
    { "sop-copy", G_CALLBACK (on_app_copy) },
    { "sop-sent", G_CALLBACK (on_app_sent) },
  };

  if (app == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(GSimpleAction) action = NULL;

      if (g_action_map_lookup_action (G_ACTION_MAP (app), actions[i].name) != NULL)
        continue;
      action = g_simple_action_new (actions[i].name, G_VARIANT_TYPE_INT64);
      g_signal_connect_object (action, "activate", actions[i].callback, self, 0);
      g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));
    }
}

static void
notify_task (GApplication    *app,
             const CoSopTask *task)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = g_strdup_printf ("sop-task-%" G_GINT64_FORMAT, task->id);
  g_autofree char *text = co_sop_task_dup_text (task);

  /* Translators: a desktop notification's title: an SOP step, then its group */
  title = g_strdup_printf (_("%s · %s"), task->title ? task->title : "", task->group_name);
  notification = g_notification_new (title);
  g_notification_set_body (notification, text);
  g_notification_add_button_with_target (notification, _("Copy"), "app.sop-copy", "x", task->id);
  g_notification_add_button_with_target (notification, _("Sent"), "app.sop-sent", "x", task->id);
  g_application_send_notification (app, id, notification);
}

/* The tasks that came due since the last look (@newly_due, read in the worker), each told; the
 * first look tells how many are waiting, once. */
static void
notify_due (CoSopSection *self,
            guint         n_waiting,
            GPtrArray    *newly_due,
            const char   *looked_until)
{
  GApplication *app = g_application_get_default ();

  if (app == NULL)
    return;
  if (self->notified_until == NULL)
    {
      if (n_waiting > 0)
        {
          g_autoptr(GNotification) notification = NULL;
          g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u SOP task is waiting",
                                                                 "%u SOP tasks are waiting", n_waiting), n_waiting);

          notification = g_notification_new (title);
          g_notification_set_body (notification, _("They are listed on Today, with their texts ready to copy."));
          g_application_send_notification (app, "sop-overdue", notification);
        }
    }
  if (newly_due != NULL && newly_due->len > MAX_NOTIFICATIONS)
    {
      g_autoptr(GNotification) notification = g_notification_new (_("SOP tasks are due"));

      g_notification_set_body (notification, _("They are listed on Today, with their texts ready to copy."));
      g_application_send_notification (app, "sop-due", notification);
    }
  else
    for (guint i = 0; newly_due != NULL && i < newly_due->len; i++)
      notify_task (app, newly_due->pdata[i]);
  g_free (self->notified_until);
  self->notified_until = g_strdup (looked_until);
}

/* ---- the rows ------------------------------------------------------------------------------- */

/* What a row shows and acts on: a row read again the same is kept as it is shown, neither
 * styled nor laid out again, nor blinking. */
#define ROW_KEY "co-sop-row"

static GtkWidget *
task_button (CoSopSection *self,
             const char   *icon,
             const char   *label,
             const char   *tooltip,
             gint64        task_id,
             GCallback     callback)
{
  GtkWidget *button = icon != NULL ? gtk_button_new_from_icon_name (icon) : gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  co_tooltip_set_text (button, tooltip);
  if (icon != NULL)
    {
      gtk_widget_add_css_class (button, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
    }
  g_object_set_data_full (G_OBJECT (button), "co-task", g_memdup2 (&task_id, sizeof task_id), g_free);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
task_row (CoSopSection    *self,
          const CoSopTask *task,
          GDateTime       *now)
{
  CoSopTaskStatus status = co_sop_task_status (task, now);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *sent;

  /* Yesterday's task still waiting says its day. */
  if (!g_str_has_prefix (task->due, today))
    {
      g_autofree char *day = g_strndup (task->due, 10);
      g_autofree char *shown = co_date_format_display (day);

      g_string_append_printf (subtitle, "%s ", shown);
    }
  g_string_append (subtitle, task->due + 11);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), task->title && *task->title ? task->title : _("Untitled"));
  g_string_append_printf (subtitle, " · %s · %s", co_sop_status_label (status), task->group_name);
  if (task->nickname != NULL || task->activity != NULL)
    g_string_append_printf (subtitle, " · %s", task->nickname ? task->nickname : task->activity);
  if (task->assignee != NULL)
    g_string_append_printf (subtitle, " · %s", task->assignee);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  /* Lines limited: a wrapping label is laid out again at each width tried while the list is
   * measured; a row of two unlimited ones cost about half a millisecond more (bench-sop-today). */
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  if (status == CO_SOP_TASK_OVERDUE)
    gtk_widget_add_css_class (row, "co-sop-overdue");
  g_object_set_data_full (G_OBJECT (row), ROW_KEY,
                          g_strdup_printf ("%" G_GINT64_FORMAT "\n%s\n%s\n%d", task->id,
                                           adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), subtitle->str,
                                           status),
                          g_free);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             task_button (self, "edit-copy-symbolic", NULL, _("Copy the Text"), task->id,
                                          G_CALLBACK (on_copy_clicked)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             task_button (self, NULL, _("S_kip…"), _("Skip this task and say why"), task->id,
                                          G_CALLBACK (on_skip_clicked)));
  sent = task_button (self, NULL, _("_Sent"), _("Record that it was posted, by whom and when"), task->id,
                      G_CALLBACK (on_sent_clicked));
  if (status != CO_SOP_TASK_COMING)
    gtk_widget_add_css_class (sent, "suggested-action");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sent);
  return row;
}

/* A row that only says something (how many more, none): its texts are its key. */
static GtkWidget *
note_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), ROW_KEY, g_strconcat (title, "\n", subtitle, NULL), g_free);
  return row;
}

static gboolean
same_row (GtkWidget *shown,
          GtkWidget *built)
{
  return g_strcmp0 (g_object_get_data (G_OBJECT (shown), ROW_KEY), g_object_get_data (G_OBJECT (built), ROW_KEY)) == 0;
}

/* Shows the rows @built (floating refs sunk) in place of those shown, keeping the shown rows that
 * are the same in the same order: a task sent takes its row away, the rows after it stay, and
 * only the rows not shown yet are added, a few a frame. */
static void
replace_rows (CoSopSection *self,
              GPtrArray    *built)
{
  g_autoptr(GPtrArray) shown = g_steal_pointer (&self->rows);
  guint s = 0, b;

  self->rows = g_ptr_array_new ();
  for (b = 0; b < built->len; b++)
    {
      guint same = s;

      while (same < shown->len && !same_row (shown->pdata[same], built->pdata[b]))
        same++;
      if (same == shown->len)
        break;
      for (; s < same; s++)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), shown->pdata[s]);
      g_ptr_array_add (self->rows, shown->pdata[s++]);
    }
  for (; s < shown->len; s++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), shown->pdata[s]);
  for (; b < built->len; b++)
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), built->pdata[b]);
      g_ptr_array_add (self->rows, built->pdata[b]);
      co_reveal_add (&self->reveal, built->pdata[b]);
    }
  co_reveal_start (&self->reveal);
}

/* The team in the person menu, when it changed; @staff as read in the worker. */
static void
fill_people (CoSopSection *self,
             GStrv         staff)
{
  g_autofree char *chosen = dup_person_name (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  guint selected = 0;
  gboolean same;

  g_strv_builder_add (builder, _("Everyone"));
  for (guint i = 0; staff[i] != NULL; i++)
    {
      g_strv_builder_add (builder, staff[i]);
      if (g_strcmp0 (staff[i], chosen) == 0)
        selected = i + 1;
    }
  names = g_strv_builder_end (builder);
  same = g_list_model_get_n_items (G_LIST_MODEL (self->people)) == g_strv_length (names);
  for (guint i = 0; same && names[i] != NULL; i++)
    same = g_str_equal (gtk_string_list_get_string (self->people, i), names[i]);
  self->loading = TRUE;
  if (!same)
    gtk_string_list_splice (self->people, 0, g_list_model_get_n_items (G_LIST_MODEL (self->people)),
                            (const char * const *) names);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->person), selected);
  self->loading = FALSE;
}

/* ---- reading, in a worker ------------------------------------------------------------------- */

/* What to read: the tasks of today for the rows (when @rows), and those that came due since the
 * last look for the notifications. Moments as co_sop_moment() writes them. */
typedef struct
{
  char     *person;          /* the person chosen, or NULL: everyone */
  gboolean  rows;
  char     *from;            /* the oldest task still shown as missed */
  char     *now;
  char     *until;           /* the end of today */
  char     *notify_after;    /* NULL: the first look, which counts what waits */
  char     *notify_until;    /* the minute after now */
} SopRequest;

static void
sop_request_free (SopRequest *request)
{
  g_free (request->person);
  g_free (request->from);
  g_free (request->now);
  g_free (request->until);
  g_free (request->notify_after);
  g_free (request->notify_until);
  g_free (request);
}

typedef struct
{
  GStrv      staff;       /* the team's names, for the person menu */
  GPtrArray *tasks;       /* CoSopTask *, at most MAX_ROWS; NULL unless rows were asked for */
  guint      n_waiting;
  guint      n_later;
  gboolean   counted;
  GPtrArray *newly_due;   /* CoSopTask *, or NULL */
  char      *looked_until;
} SopReading;

static void
sop_reading_free (SopReading *reading)
{
  g_strfreev (reading->staff);
  g_clear_pointer (&reading->tasks, g_ptr_array_unref);
  g_clear_pointer (&reading->newly_due, g_ptr_array_unref);
  g_free (reading->looked_until);
  g_free (reading);
}

static gpointer
read_sop (CoStore       *reader,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  SopRequest *request = data;
  SopReading *reading = g_new0 (SopReading, 1);
  g_autoptr(GListStore) staff = co_list_items (reader, CO_LIST_STAFF, 0, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gint64 person = request->person != NULL ? co_sop_find_person (reader, request->person, NULL) : 0;

  for (guint i = 0; staff != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (staff)); i++)
    {
      g_autoptr(CoItem) item = g_list_model_get_item (G_LIST_MODEL (staff), i);
      g_autofree char *name = co_item_dup_title (item);

      if (name != NULL && *name != '\0')
        g_strv_builder_add (builder, name);
    }
  reading->staff = g_strv_builder_end (builder);
  /* Counted, and read only as far as shown: a big workspace has thousands a day. */
  if (request->rows)
    reading->tasks = co_sop_tasks (reader, request->from, request->until, 0, person, TRUE, MAX_ROWS, NULL);
  reading->counted = co_sop_count_open (reader, request->from, request->now, request->until, person,
                                        &reading->n_waiting, &reading->n_later, NULL);
  if (request->notify_after != NULL && strcmp (request->now, request->notify_after) > 0)
    {
      /* From the minute after the last look, up to this one. */
      g_autofree char *after = g_strconcat (request->notify_after, "~", NULL);

      reading->newly_due = co_sop_tasks (reader, after, request->notify_until, 0, person, TRUE,
                                         MAX_NOTIFICATIONS + 1, NULL);
    }
  reading->looked_until = g_strdup (request->now);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      sop_reading_free (reading);
      return NULL;
    }
  return reading;
}

static void
show_rows (CoSopSection *self,
           SopReading   *reading,
           GDateTime    *now)
{
  g_autoptr(GPtrArray) built = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *description = NULL;
  guint n_tasks;

  fill_people (self, reading->staff);
  if (reading->tasks == NULL || !reading->counted)
    {
      replace_rows (self, built);
      return;
    }
  n_tasks = reading->n_waiting + reading->n_later;
  for (guint i = 0; i < reading->tasks->len; i++)
    g_ptr_array_add (built, g_object_ref_sink (task_row (self, reading->tasks->pdata[i], now)));
  if (n_tasks > reading->tasks->len)
    {
      guint more = n_tasks - reading->tasks->len;
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more task today", "%u more tasks today", more), more);

      g_ptr_array_add (built, g_object_ref_sink (note_row (title, _("Choose a person above to see theirs, or use “community-ops --tasks”."))));
    }
  if (n_tasks == 0)
    g_ptr_array_add (built, g_object_ref_sink (note_row (_("No SOP task is due today"),
                                                         _("A group’s SOP is set in its plan, under SOP."))));
  replace_rows (self, built);
  /* Translators: Today's SOP tasks: those due now or overdue, then those later today */
  description = g_strdup_printf (_("%u waiting, %u later today"), reading->n_waiting, reading->n_later);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  CoSopSection *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  SopReading *reading;

  /* Superseded by a newer reading, or the section is gone: @self may be too. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->reading);
  if ((reading = co_read_in_worker_finish (result, &error)) == NULL)
    {
      g_warning ("The SOP's tasks could not be read: %s", error->message);
      return;
    }
  now = g_date_time_new_now_local ();
  if (reading->tasks != NULL)
    show_rows (self, reading, now);
  notify_due (self, reading->counted ? reading->n_waiting : 0, reading->newly_due, reading->looked_until);
  sop_reading_free (reading);
}

/* Reads the tasks in a worker: for the rows when @rows (Today shown), else only for the
 * notifications. A reading under way is superseded, its rows asked for still. */
static void
start_reading (CoSopSection *self,
               gboolean      rows)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_days (start, 1);
  g_autoptr(GDateTime) missed = g_date_time_add_hours (now, -CO_SOP_MISSED_HOURS);
  g_autoptr(GDateTime) next_minute = g_date_time_add_minutes (now, 1);
  SopRequest *request = g_new0 (SopRequest, 1);

  if (self->store == NULL)
    return;
  if (self->reading != NULL)
    {
      g_cancellable_cancel (self->reading);
      rows |= self->reading_rows;
    }
  g_clear_object (&self->reading);
  self->reading = g_cancellable_new ();
  self->reading_rows = rows;
  request->person = dup_person_name (self);
  request->rows = rows;
  request->from = co_sop_moment (missed);
  request->now = co_sop_moment (now);
  request->until = co_sop_moment (end);
  request->notify_after = g_strdup (self->notified_until);
  request->notify_until = co_sop_moment (next_minute);
  co_read_in_worker (self->store, read_sop, request, (GDestroyNotify) sop_request_free,
                     (GDestroyNotify) sop_reading_free, self->reading, on_read, self);
}

static void
reload (GtkWidget *widget)
{
  start_reading (CO_SOP_SECTION (widget), TRUE);
}

void
co_sop_section_reload (CoSopSection *self)
{
  g_return_if_fail (CO_IS_SOP_SECTION (self));

  reload (GTK_WIDGET (self));
  co_refresh_done (&self->refresh);
}

static void check_due (CoSopSection *self);

/* ---- keeping the tasks made ----------------------------------------------------------------- */

static void
on_expanded (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GError) error = NULL;
  CoSopSection *self = data;

  /* Cancelled: the section is gone, or a newer expansion runs. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->expanding);
  if (!co_sop_expand_finish (self->store, result, &error))
    g_warning ("The SOP's tasks could not be made: %s", error->message);
  /* At start, once the tasks are made: how many wait. */
  else if (self->notified_until == NULL)
    check_due (self);
}

static gboolean
expand_now (gpointer data)
{
  CoSopSection *self = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->expand_id = 0;
  if (self->expanding != NULL)
    g_cancellable_cancel (self->expanding);
  g_clear_object (&self->expanding);
  self->expanding = g_cancellable_new ();
  co_sop_expand_async (self->store, now, self->expanding, on_expanded, self);
  return G_SOURCE_REMOVE;
}

static void
queue_expand (CoSopSection *self)
{
  g_clear_handle_id (&self->expand_id, g_source_remove);
  self->expand_id = g_timeout_add (EXPAND_DELAY_MS, expand_now, self);
}

gboolean
co_sop_section_is_expanding (CoSopSection *self)
{
  return self->expand_id != 0 || self->expanding != NULL;
}

gboolean
co_sop_section_is_reading (CoSopSection *self)
{
  return self->reading != NULL || self->refresh.idle_id != 0 || co_reveal_is_pending (&self->reveal);
}

static void
on_store_changed (CoStore      *store,
                  const char   *table,
                  gint64        group_id,
                  CoSopSection *self)
{
  if (g_strv_contains (expanding_tables, table))
    queue_expand (self);
  co_refresh_queue (&self->refresh);
}

/* The tasks that came due are told, whatever page is shown, and Today, when shown, reads them
 * again. */
static void
check_due (CoSopSection *self)
{
  start_reading (self, FALSE);
  co_refresh_queue (&self->refresh);
}

static gboolean
on_minute (gpointer data)
{
  CoSopSection *self = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  /* A new day: its tasks, 30 days on. */
  if (g_date_time_get_hour (now) == 0 && g_date_time_get_minute (now) == 0)
    queue_expand (self);
  check_due (self);
  return G_SOURCE_CONTINUE;
}

static void
on_person_selected (CoSopSection *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->person));

  if (self->loading)
    return;
  g_settings_set_string (self->settings, "sop-person",
                         selected == 0 || selected == GTK_INVALID_LIST_POSITION
                         ? "" : gtk_string_list_get_string (self->people, selected));
  co_refresh_queue (&self->refresh);
}

/* ---- the object ----------------------------------------------------------------------------- */

GtkWidget *
co_sop_section_new (CoStore *store)
{
  CoSopSection *self = g_object_new (CO_TYPE_SOP_SECTION, NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, 0);
  add_app_actions (self);
  expand_now (self);
  co_refresh_queue (&self->refresh);
  return GTK_WIDGET (self);
}

static void
co_sop_section_dispose (GObject *object)
{
  CoSopSection *self = CO_SOP_SECTION (object);

  if (self->expanding != NULL)
    g_cancellable_cancel (self->expanding);
  g_clear_object (&self->expanding);
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_clear_handle_id (&self->expand_id, g_source_remove);
  g_clear_handle_id (&self->minute_id, g_source_remove);
  co_refresh_clear (&self->refresh);
  co_reveal_clear (&self->reveal);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->notified_until, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (co_sop_section_parent_class)->dispose (object);
}

static void
co_sop_section_class_init (CoSopSectionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = co_sop_section_dispose;
}

static void
co_sop_section_init (CoSopSection *self)
{
  GtkWidget *suffix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *export = gtk_button_new_from_icon_name ("x-office-calendar-symbolic");

  self->settings = g_settings_new (APP_ID);
  self->rows = g_ptr_array_new ();
  self->people = gtk_string_list_new (NULL);
  self->person = gtk_drop_down_new (G_LIST_MODEL (self->people), NULL);
  gtk_widget_set_valign (self->person, GTK_ALIGN_CENTER);
  co_tooltip_set_text (self->person, _("Whose tasks: yours, once you choose yourself, or everyone’s"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->person), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Whose Tasks"), -1);
  gtk_widget_add_css_class (export, "flat");
  gtk_widget_set_valign (export, GTK_ALIGN_CENTER);
  co_tooltip_set_text (export, _("Export Calendar…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (export), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Export Calendar…"), -1);
  g_signal_connect_swapped (export, "clicked", G_CALLBACK (on_export_clicked), self);
  gtk_box_append (GTK_BOX (suffix), export);
  gtk_box_append (GTK_BOX (suffix), self->person);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("SOP Tasks"));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), suffix);
  g_signal_connect_swapped (self->person, "notify::selected", G_CALLBACK (on_person_selected), self);
  co_refresh_init (&self->refresh, GTK_WIDGET (self), reload);
  co_reveal_init (&self->reveal, GTK_WIDGET (self));
  co_reveal_set_batch (&self->reveal, ROWS_A_FRAME);
  self->minute_id = g_timeout_add_seconds (60, on_minute, self);
}
