/* co-today-follow-ups.c: the section is read and built afresh with the rest of Today after each
 * change, and shown again where it changed. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/formats/co-date.h"
#include "core/members/co-member-notes.h"
#include "core/today/co-today.h"
#include "gui/today/co-today-follow-ups.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-widget-write.h"

typedef struct
{
  CoStore *store;
  gint64   id;
} FollowUpRef;

static void
follow_up_ref_free (gpointer data)
{
  FollowUpRef *ref = data;

  g_object_unref (ref->store);
  g_free (ref);
}

static FollowUpRef *
ref_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "co-follow-up");
}

static gboolean
write_done (CoStore  *store,
            gpointer  data,
            GError  **error)
{
  g_autofree char *today = co_date_today ();

  return co_follow_up_set_done (store, *(gint64 *) data, today, error);
}

/* Never waiting for an import's or a sync's write lock (co_widget_write()). */
static void
on_done (GtkButton *button)
{
  FollowUpRef *ref = ref_of (GTK_WIDGET (button));

  co_widget_write (GTK_WIDGET (button), ref->store, write_done, g_memdup2 (&ref->id, sizeof ref->id), g_free,
                   NULL);
}

/* A follow-up snoozed: its id and the day it is due again. */
typedef struct
{
  gint64  id;
  char   *due;
} Snooze;

static void
snooze_free (Snooze *snooze)
{
  g_free (snooze->due);
  g_free (snooze);
}

static gboolean
write_snooze (CoStore  *store,
              gpointer  data,
              GError  **error)
{
  Snooze *snooze = data;

  return co_follow_up_snooze (store, snooze->id, snooze->due, error);
}

/* Snoozed by a number of days from today, the menu item's target. */
static void
on_snooze (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       data)
{
  GtkWidget *button = data;
  FollowUpRef *ref = ref_of (button);
  g_autofree char *today = co_date_today ();
  Snooze *snooze = g_new0 (Snooze, 1);

  snooze->id = ref->id;
  snooze->due = co_date_add_days (today, (int) g_variant_get_int32 (parameter));
  co_widget_write (button, ref->store, write_snooze, snooze, (GDestroyNotify) snooze_free, NULL);
}

static GtkWidget *
follow_up_row (CoStore             *store,
               const CoDueFollowUp *due,
               const char          *today)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Done"));
  GtkWidget *snooze = gtk_menu_button_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("snooze", G_VARIANT_TYPE_INT32);
  g_autofree char *date = co_date_format_display (due->due_date);
  g_autofree char *subtitle = NULL;
  g_autofree char *body = g_utf8_substring (due->body, 0, MIN (g_utf8_strlen (due->body, -1), 200));
  FollowUpRef *ref = g_new0 (FollowUpRef, 1);

  ref->store = g_object_ref (store);
  ref->id = due->id;
  if (g_strcmp0 (due->due_date, today) < 0)
    /* Translators: a follow-up on Today: the member, the group, since when it is overdue */
    subtitle = g_strdup_printf (_("%s · %s · overdue since %s"), due->nickname, due->group_name, date);
  else
    /* Translators: a follow-up on Today: the member and the group */
    subtitle = g_strdup_printf (_("%s · %s · due today"), due->nickname, due->group_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), body);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (g_strcmp0 (due->due_date, today) < 0)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));

  g_object_set_data_full (G_OBJECT (done), "co-follow-up", ref, follow_up_ref_free);
  g_object_set_data (G_OBJECT (snooze), "co-follow-up", ref);
  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  g_signal_connect (done, "clicked", G_CALLBACK (on_done), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);

  g_menu_append (menu, _("Until _Tomorrow"), "follow-up.snooze(1)");
  g_menu_append (menu, _("For a _Week"), "follow-up.snooze(7)");
  g_signal_connect_object (action, "activate", G_CALLBACK (on_snooze), done, 0);
  g_action_map_add_action (G_ACTION_MAP (actions), G_ACTION (action));
  gtk_widget_insert_action_group (row, "follow-up", G_ACTION_GROUP (actions));
  gtk_menu_button_set_label (GTK_MENU_BUTTON (snooze), _("Snooze"));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (snooze), G_MENU_MODEL (menu));
  gtk_widget_set_valign (snooze, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), snooze);

  /* The row opens the member's window. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", due->membership_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-member");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  co_today_row_set_key (row, due->id);
  return row;
}

static gpointer
read_follow_ups (CoStore              *reader,
                 const CoTodayContext *context,
                 GCancellable         *cancellable)
{
  GPtrArray *due = co_today_follow_ups (reader, context->today, NULL);

  return due != NULL ? due : g_ptr_array_new ();
}

static GtkWidget *
show_follow_ups (CoStore              *store,
                 const CoTodayContext *context,
                 gpointer              data)
{
  GtkWidget *group = adw_preferences_group_new ();
  GPtrArray *due = data;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Follow-ups"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Due today or overdue; add them in a member’s timeline"));
  for (guint i = 0; i < due->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), follow_up_row (store, due->pdata[i], context->today));
  if (due->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No follow-ups due"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

const CoTodaySection co_today_follow_ups_section = {
  read_follow_ups, show_follow_ups, (GDestroyNotify) g_ptr_array_unref,
};
