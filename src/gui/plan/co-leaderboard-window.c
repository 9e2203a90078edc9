/* co-leaderboard-window.c: a challenge's leaderboard in a window (co-leaderboard-window.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/chat/co-challenge.h"
#include "core/document/co-challenge-image.h"
#include "core/formats/co-date.h"
#include "gui/plan/co-leaderboard-window.h"
#include "gui/widgets/co-toast.h"

struct _CoLeaderboardWindow
{
  AdwWindow  parent_instance;
  CoStore   *store;
  gint64     challenge_id;
  char      *name;
  char      *today;
  GtkWidget *toasts;
};

G_DEFINE_FINAL_TYPE (CoLeaderboardWindow, co_leaderboard_window, ADW_TYPE_WINDOW)

gboolean
co_leaderboard_window_export (CoLeaderboardWindow  *self,
                              GFile                *file,
                              GError              **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *text = NULL;

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Choose a file on this computer."));
      return FALSE;
    }
  if (!co_challenge_leaderboard_png (self->store, self->challenge_id, self->today, path, error))
    return FALSE;
  /* Translators: after Export as Image…, the file's name */
  text = g_strdup_printf (_("Saved “%s”"), g_file_peek_path (file));
  co_widget_add_toast (self->toasts, co_toast_new (text));
  return TRUE;
}

static void
on_file_chosen (GtkNativeDialog     *chooser,
                int                  response,
                CoLeaderboardWindow *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && file != NULL && !co_leaderboard_window_export (self, file, &error))
    co_widget_show_error (self->toasts, error);
}

static void
on_export_clicked (CoLeaderboardWindow *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export Leaderboard as Image"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                                               _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = g_strdup_printf ("%s.png", self->name);

  gtk_file_filter_set_name (filter, _("PNG Images"));
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_file_chosen), self, 0);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkWidget *
member_row (const CoChallengeRow *row,
            guint                 rank)
{
  GtkWidget *widget = adw_action_row_new ();
  g_autofree char *rank_text = g_strdup_printf ("%u", rank);
  g_autofree char *points = g_strdup_printf ("%" G_GINT64_FORMAT, row->points);
  /* Translators: a member's line of a check-in leaderboard, under their name: the current streak, the longest, the days missed, the points */
  g_autofree char *subtitle = g_strdup_printf (_("%u in a row now, %u at most · %u missed · %s points"),
                                               row->current_streak, row->longest_streak, row->missed, points);
  g_autofree char *days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", row->days), row->days);
  GtkWidget *rank_label = gtk_label_new (rank_text);
  GtkWidget *days_label = gtk_label_new (days);

  gtk_widget_set_size_request (rank_label, 36, -1);
  gtk_widget_add_css_class (rank_label, rank <= 3 ? "heading" : "dim-label");
  gtk_widget_add_css_class (rank_label, "numeric");
  adw_action_row_add_prefix (ADW_ACTION_ROW (widget), rank_label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), row->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle);
  gtk_widget_add_css_class (days_label, "heading");
  gtk_widget_add_css_class (days_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), days_label);
  return widget;
}

static GtkWidget *
board_content (CoLeaderboardWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = co_challenge_leaderboard (self->store, self->challenge_id, self->today, &error);
  GtkWidget *list, *clamp, *scrolled;

  if (rows == NULL || rows->len == 0)
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "emblem-ok-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), rows == NULL ? error->message : _("Nobody has checked in yet."));
      if (rows != NULL)
        adw_status_page_set_description (ADW_STATUS_PAGE (status),
          _("A chat import counts a message holding one of the challenge’s keywords as that member’s check-in of the day."));
      return status;
    }
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), member_row (rows->pdata[i], i + 1));
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 560);
  adw_clamp_set_child (ADW_CLAMP (clamp), list);
  gtk_widget_set_margin_top (clamp, 18);
  gtk_widget_set_margin_bottom (clamp, 18);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  return scrolled;
}

static void
co_leaderboard_window_finalize (GObject *object)
{
  CoLeaderboardWindow *self = CO_LEADERBOARD_WINDOW (object);

  g_clear_object (&self->store);
  g_free (self->name);
  g_free (self->today);
  G_OBJECT_CLASS (co_leaderboard_window_parent_class)->finalize (object);
}

static void
co_leaderboard_window_class_init (CoLeaderboardWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = co_leaderboard_window_finalize;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
co_leaderboard_window_init (CoLeaderboardWindow *self)
{
}

GtkWidget *
co_leaderboard_window_new (GtkWindow *parent,
                           CoStore   *store,
                           gint64     challenge_id)
{
  CoLeaderboardWindow *self = g_object_new (CO_TYPE_LEADERBOARD_WINDOW, "modal", TRUE, "transient-for", parent,
                                            "default-width", 520, "default-height", 640, NULL);
  g_autoptr(CoItem) challenge = co_list_get (store, CO_LIST_CHALLENGES, challenge_id, NULL);
  const char *name = challenge != NULL ? co_item_get (challenge, "name") : NULL;
  g_autofree char *dates = NULL, *status = NULL, *subtitle = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *export = gtk_button_new_with_mnemonic (_("_Export as Image…"));

  self->store = g_object_ref (store);
  self->challenge_id = challenge_id;
  self->today = co_date_today ();
  self->name = g_strdup (name != NULL && *name != '\0' ? name : _("Check-in Challenge"));
  co_challenge_describe_days (challenge != NULL ? co_item_get (challenge, "start_date") : NULL,
                              challenge != NULL ? co_item_get (challenge, "end_date") : NULL, self->today, &dates,
                              &status);
  subtitle = *dates != '\0' && *status != '\0' ? g_strdup_printf ("%s · %s", status, dates) : g_strdup (dates);
  gtk_window_set_title (GTK_WINDOW (self), self->name);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (self->name, subtitle));
  gtk_widget_add_css_class (export, "suggested-action");
  g_signal_connect_swapped (export, "clicked", G_CALLBACK (on_export_clicked), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), export);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), board_content (self));
  self->toasts = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), box);
  adw_window_set_content (ADW_WINDOW (self), self->toasts);
  return GTK_WIDGET (self);
}
