/* co-changed-by.c: who changed a record last, as the team server said (co-changed-by.h). */
#include "config.h"

#include <glib/gi18n.h>

#include "core/sync/co-sync.h"
#include "gui/widgets/co-changed-by.h"

char *
co_format_sync_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");
  /* Translators: a day and time in the sync status, see strftime(3); e.g. "%m月%d日 %H:%M" */
  return g_date_time_format (local, _("%b %-d, %H:%M"));
}

GtkWidget *
co_changed_by_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_visible (label, FALSE);
  return label;
}

void
co_changed_by_update (GtkWidget          *label,
                      CoStore            *store,
                      const char * const *tables,
                      const gint64       *ids,
                      guint               n)
{
  g_autofree char *latest_by = NULL;
  g_autoptr(GDateTime) latest_at = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *by = NULL;
      g_autoptr(GDateTime) at = NULL;

      if (ids[i] <= 0 || !co_sync_changed_by (store, tables[i], ids[i], &by, &at) || at == NULL)
        continue;
      if (latest_at == NULL || g_date_time_compare (at, latest_at) > 0)
        {
          g_free (latest_by);
          latest_by = g_steal_pointer (&by);
          g_clear_pointer (&latest_at, g_date_time_unref);
          latest_at = g_steal_pointer (&at);
        }
    }
  gtk_widget_set_visible (label, latest_by != NULL);
  if (latest_by != NULL)
    {
      g_autofree char *when = co_format_sync_time (latest_at);
      /* Translators: a teammate's last change of a record: their login, and when (10:42) */
      g_autofree char *text = g_strdup_printf (_("Changed by %s, %s"), latest_by, when);

      gtk_label_set_text (GTK_LABEL (label), text);
    }
}
