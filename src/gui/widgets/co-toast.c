/* co-toast.c: an AdwToast title is Pango markup; text with "&" or "<" in it (a group called
 * "R&D <Team>") must be escaped, or the toast shows nothing and GTK warns. */
#include "config.h"

#include <glib/gi18n.h>

#include "gui/widgets/co-toast.h"

AdwToast *
co_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

AdwToast *
co_import_toast_new (const char *text)
{
  AdwToast *toast = co_toast_new (text);

  adw_toast_set_button_label (toast, _("_Undo Import"));
  adw_toast_set_action_name (toast, "win.undo-import");
  return toast;
}

/* Shows @toast in the toast overlay around @widget. */
void
co_widget_add_toast (GtkWidget *widget,
                     AdwToast  *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* An error stays until the user dismisses it. */
void
co_widget_show_error (GtkWidget    *widget,
                      const GError *error)
{
  AdwToast *toast = co_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  co_widget_add_toast (widget, toast);
}
