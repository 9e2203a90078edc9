/* co-tooltip.c: GTK 4.8's tooltip label wraps, and its natural width for text without spaces
 * is one character, so a tooltip such as "主菜单" stands as a column of single characters. Every
 * widget's tooltip is shown instead in a label of our own, whose natural width is the text's
 * (up to a line of about 40 characters, wrapped where the language allows beyond that).
 *
 * A widget's text is the one co_tooltip_set_text() keeps (set in code), or else its tooltip-text
 * or tooltip-markup (set in ui/ files); screen readers read it as the description. A hook on
 * ::realize connects every widget, as it is realized (before the pointer can rest on it, and
 * whether or not it has a tooltip yet), to the handler that shows that text in our label. It
 * must be before the first query: a handler connected during an emission only answers the next
 * one. */
#include "config.h"

#include "gui/widgets/co-tooltip.h"

#define LABEL_KEY "co-tooltip-label"
#define TEXT_KEY "co-tooltip-text"
#define CONNECTED_KEY "co-tooltip-connected"
#define MAX_LINE_CHARS 40

static GtkWidget *
tooltip_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), MAX_LINE_CHARS);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

/* Runs before GtkWidget's own handler, which it replaces by returning TRUE. */
static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), TEXT_KEY);
  const char *markup = gtk_widget_get_tooltip_markup (widget);
  GtkWidget *label;

  if (text == NULL && (markup == NULL || *markup == '\0'))
    return FALSE;
  label = g_object_get_data (G_OBJECT (widget), LABEL_KEY);
  if (label == NULL)
    {
      label = g_object_ref_sink (tooltip_label_new ());
      g_object_set_data_full (G_OBJECT (widget), LABEL_KEY, label, g_object_unref);
    }
  /* Asked again as the pointer moves: set only when it changes. */
  if (text != NULL)
    {
      if (gtk_label_get_use_markup (GTK_LABEL (label)) || g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), text) != 0)
        gtk_label_set_text (GTK_LABEL (label), text);
    }
  else if (!gtk_label_get_use_markup (GTK_LABEL (label)) || g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), markup) != 0)
    gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_tooltip_set_custom (tooltip, label);
  return TRUE;
}

static gboolean
connect_on_realize (GSignalInvocationHint *hint,
                    guint                  n_params,
                    const GValue          *params,
                    gpointer               user_data)
{
  GObject *widget = g_value_get_object (&params[0]);

  if (g_object_get_data (widget, CONNECTED_KEY) == NULL)
    {
      g_object_set_data (widget, CONNECTED_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
    }
  return TRUE;
}

/* Once per process; later calls do nothing. */
void
co_tooltip_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      /* The signal exists once the class does. */
      g_autoptr(GTypeClass) widget_class = g_type_class_ref (GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (g_signal_lookup ("realize", G_TYPE_FROM_CLASS (widget_class)), 0,
                                  connect_on_realize, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

/* The label showing @widget's tooltip, once it has been shown; NULL before. */
GtkWidget *
co_tooltip_get_label (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), LABEL_KEY);
}

void
co_tooltip_set_text (GtkWidget  *widget,
                     const char *text)
{
  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (g_object_get_data (G_OBJECT (widget), TEXT_KEY), text) == 0)
    return;
  g_object_set_data_full (G_OBJECT (widget), TEXT_KEY, g_strdup (text), g_free);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_widget_set_has_tooltip (widget, text != NULL);
  /* Its tooltip changed, though GTK's property did not: who names a widget by its tooltip
   * (co-accessible) follows that property and reads co_tooltip_get_text(). */
  g_object_notify (G_OBJECT (widget), "tooltip-text");
}

const char *
co_tooltip_get_text (GtkWidget *widget)
{
  const char *text = g_object_get_data (G_OBJECT (widget), TEXT_KEY);

  return text != NULL ? text : gtk_widget_get_tooltip_text (widget);
}
