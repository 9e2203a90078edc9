/* co-spinner.c: a spinner that turns only while it is seen (co-spinner.h). */
#include "config.h"

#include "gui/widgets/co-spinner.h"

#define BUSY_KEY "co-spinner-busy"

static void
update_spinning (GtkSpinner *spinner)
{
  gtk_spinner_set_spinning (spinner, co_spinner_is_busy (spinner) &&
                                     gtk_widget_get_mapped (GTK_WIDGET (spinner)));
}

void
co_spinner_set_busy (GtkSpinner *spinner,
                     gboolean    busy)
{
  g_return_if_fail (GTK_IS_SPINNER (spinner));

  if (g_signal_handler_find (spinner, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, update_spinning, NULL) == 0)
    {
      g_signal_connect (spinner, "map", G_CALLBACK (update_spinning), NULL);
      g_signal_connect (spinner, "unmap", G_CALLBACK (update_spinning), NULL);
    }
  g_object_set_data (G_OBJECT (spinner), BUSY_KEY, GINT_TO_POINTER (busy));
  update_spinning (spinner);
}

gboolean
co_spinner_is_busy (GtkSpinner *spinner)
{
  g_return_val_if_fail (GTK_IS_SPINNER (spinner), FALSE);

  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (spinner), BUSY_KEY));
}
