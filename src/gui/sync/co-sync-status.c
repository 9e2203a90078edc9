/* co-sync-status.c: the sync's status in the header bar (co-sync-status.h). A menu button whose
 * label and icon follow the agent, and whose popover says more. */
#include "config.h"

#include <glib/gi18n.h>

#include "gui/sync/co-conflicts-window.h"
#include "gui/sync/co-sync-agent.h"
#include "gui/sync/co-sync-status.h"
#include "gui/widgets/co-spinner.h"
#include "gui/widgets/co-tooltip.h"

typedef struct
{
  CoStore     *store;
  CoSyncAgent *agent;
  GtkWidget   *button;
  GtkWidget   *icon;
  GtkWidget   *spinner;
  GtkWidget   *label;
  GtkWidget   *popover_title;
  GtkWidget   *popover_detail;
  GtkWidget   *conflicts_button;
} Status;

static void
status_free (Status *s)
{
  g_object_unref (s->store);
  g_free (s);
}

static void
show (Status *s)
{
  CoSyncAgentState state = co_sync_agent_get_state (s->agent);
  g_autofree char *summary = co_sync_agent_dup_summary (s->agent);
  g_autofree char *last = co_sync_agent_dup_last_sync_text (s->agent);
  guint n_conflicts = co_sync_agent_get_n_conflicts (s->agent);
  guint n_refused = co_sync_agent_get_n_refused (s->agent);
  const char *icon = "emblem-ok-symbolic";
  g_autofree char *detail = NULL;

  gtk_widget_set_visible (s->button, state != CO_SYNC_AGENT_OFF);
  if (state == CO_SYNC_AGENT_OFFLINE)
    icon = "network-offline-symbolic";
  else if (n_conflicts > 0)
    icon = "dialog-warning-symbolic";
  gtk_image_set_from_icon_name (GTK_IMAGE (s->icon), icon);
  gtk_widget_set_visible (s->icon, state != CO_SYNC_AGENT_SYNCING);
  gtk_widget_set_visible (s->spinner, state == CO_SYNC_AGENT_SYNCING);
  co_spinner_set_busy (GTK_SPINNER (s->spinner), state == CO_SYNC_AGENT_SYNCING);
  gtk_label_set_text (GTK_LABEL (s->label), summary);
  if (n_conflicts > 0 && state != CO_SYNC_AGENT_SYNCING)
    gtk_widget_add_css_class (s->button, "warning");
  else
    gtk_widget_remove_css_class (s->button, "warning");
  co_tooltip_set_text (s->button, last);

  gtk_label_set_text (GTK_LABEL (s->popover_title), summary);
  if (state == CO_SYNC_AGENT_OFFLINE && co_sync_agent_get_error (s->agent) != NULL)
    detail = g_strdup_printf ("%s\n%s", last, co_sync_agent_get_error (s->agent));
  else
    /* Translators: the status popover: the last sync, and who the workspace is signed in as */
    detail = g_strdup_printf (_("%s\nSigned in as %s"), last, co_sync_agent_get_login (s->agent) ?: "");
  gtk_label_set_text (GTK_LABEL (s->popover_detail), detail);
  gtk_widget_set_visible (s->conflicts_button, n_conflicts + n_refused > 0);
}

static void
on_sync_now (Status *s)
{
  gtk_popover_popdown (gtk_menu_button_get_popover (GTK_MENU_BUTTON (s->button)));
  co_sync_agent_sync_now (s->agent);
}

static void
on_conflicts (Status *s)
{
  GtkWidget *window = gtk_widget_get_ancestor (s->button, GTK_TYPE_WINDOW);

  gtk_popover_popdown (gtk_menu_button_get_popover (GTK_MENU_BUTTON (s->button)));
  gtk_window_present (GTK_WINDOW (co_conflicts_window_new (GTK_WINDOW (window), s->store)));
}

static void
on_agent_changed (CoSyncAgent *agent,
                  GtkWidget   *button)
{
  show (g_object_get_data (G_OBJECT (button), "co-sync-status"));
}

GtkWidget *
co_sync_status_new (CoStore *store)
{
  Status *s = g_new0 (Status, 1);
  GtkWidget *box, *popover, *button;

  s->store = g_object_ref (store);
  s->agent = co_sync_agent_get (store);
  s->button = gtk_menu_button_new ();
  gtk_widget_set_name (s->button, "sync-status");
  gtk_widget_add_css_class (s->button, "flat");
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  s->icon = gtk_image_new ();
  s->spinner = gtk_spinner_new ();
  s->label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (s->label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), s->icon);
  gtk_box_append (GTK_BOX (box), s->spinner);
  gtk_box_append (GTK_BOX (box), s->label);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (s->button), box);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  s->popover_title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (s->popover_title), 0);
  gtk_widget_add_css_class (s->popover_title, "heading");
  s->popover_detail = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (s->popover_detail), 0);
  gtk_label_set_wrap (GTK_LABEL (s->popover_detail), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (s->popover_detail), 40);
  gtk_widget_add_css_class (s->popover_detail, "dim-label");
  gtk_box_append (GTK_BOX (box), s->popover_title);
  gtk_box_append (GTK_BOX (box), s->popover_detail);
  button = gtk_button_new_with_mnemonic (_("_Sync Now"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_sync_now), s);
  gtk_box_append (GTK_BOX (box), button);
  s->conflicts_button = gtk_button_new_with_mnemonic (_("_Conflicts and Refused Changes…"));
  g_signal_connect_swapped (s->conflicts_button, "clicked", G_CALLBACK (on_conflicts), s);
  gtk_box_append (GTK_BOX (box), s->conflicts_button);
  button = gtk_button_new_with_mnemonic (_("_Team Server Settings…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.preferences-team-server");
  gtk_widget_add_css_class (button, "flat");
  gtk_box_append (GTK_BOX (box), button);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (s->button), popover);

  g_object_set_data_full (G_OBJECT (s->button), "co-sync-status", s, (GDestroyNotify) status_free);
  g_signal_connect_object (s->agent, "changed", G_CALLBACK (on_agent_changed), s->button, 0);
  show (s);
  return s->button;
}
