/* co-accessible.c: the names GTK 4.8 and libadwaita 1.2 leave out, filled in as each widget is
 * shown. GTK 4.8 names an accessible only by its label property and its labelled-by relation
 * (then by its type), so an icon button is "GtkImage", a drop-down's button, a list row and a
 * libadwaita entry, combo or expander row have no name, and a button with a mnemonic has two:
 * its label property keeps the underline and its label adds itself ("_Import… Import…"). One
 * hook on "map" covers every page, row and dialog, including those made later. */
#include "config.h"

#include "gui/widgets/co-accessible.h"

#include "gui/widgets/co-tooltip.h"

static GQuark watched_quark;

/* Whether @widget has a label or a labelled-by of its own; GTK 4.8 has no other public way to
 * read an accessible's attributes than its test API. */
static gboolean
has_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
      || gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
set_label (GtkWidget  *widget,
           const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* "_Import…" as it is read: "Import…". */
static char *
without_mnemonic (const char *label)
{
  g_autofree char *text = NULL;

  if (label == NULL || !pango_parse_markup (label, -1, '_', NULL, &text, NULL, NULL))
    return g_strdup (label);
  return g_steal_pointer (&text);
}

static GtkWidget *
first_label (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label;

      /* A widget of the label role draws its text itself (the members list's cells). */
      if ((GTK_IS_LABEL (child) || gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (child)) == GTK_ACCESSIBLE_ROLE_LABEL)
          && gtk_widget_get_visible (child))
        return child;
      if ((label = first_label (child)) != NULL)
        return label;
    }
  return NULL;
}

static void name_widget (GtkWidget *widget);

static void
on_changed (GtkWidget *widget)
{
  name_widget (widget);
}

/* Names @widget again when @property changes (connected once per widget and property). */
static void
follow (GtkWidget  *widget,
        const char *property)
{
  g_autofree char *signal = g_strconcat ("notify::", property, NULL);
  GQuark quark = g_quark_from_string (signal);
  GSList *watched = g_object_get_qdata (G_OBJECT (widget), watched_quark);

  if (g_slist_find (watched, GUINT_TO_POINTER (quark)) != NULL)
    return;
  g_object_steal_qdata (G_OBJECT (widget), watched_quark);
  g_object_set_qdata_full (G_OBJECT (widget), watched_quark,
                           g_slist_prepend (watched, GUINT_TO_POINTER (quark)),
                           (GDestroyNotify) g_slist_free);
  g_signal_connect_after (widget, signal, G_CALLBACK (on_changed), NULL);
}

static void
name_by_tooltip (GtkWidget *widget)
{
  const char *tooltip = co_tooltip_get_text (widget);

  follow (widget, "tooltip-text");
  if (tooltip != NULL && *tooltip != '\0')
    set_label (widget, tooltip);
}

static void
name_button (GtkWidget *widget)
{
  GtkButton *button = GTK_BUTTON (widget);
  GtkWidget *child = gtk_button_get_child (button);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (GTK_IS_DROP_DOWN (parent))
    {
      if (!has_name (widget))
        gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        parent, NULL, -1);
      return;
    }
  if (GTK_IS_MENU_BUTTON (parent))
    return;   /* Labelled by its menu button, or by its own label. */

  if (gtk_button_get_use_underline (button))
    {
      /* The child label names the button without the underline; the label property would add
       * the same words with it. It is set again with each new label. */
      follow (widget, "label");
      if (gtk_button_get_label (button) != NULL && GTK_IS_LABEL (child))
        gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }
  /* An icon button is labelled by its image, which has no name. */
  if ((GTK_IS_IMAGE (child) || child == NULL)
      && (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
          || g_object_get_qdata (G_OBJECT (widget), watched_quark) != NULL))
    name_by_tooltip (widget);
}

static void
name_menu_button (GtkWidget *widget)
{
  const char *label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
  const char *tooltip = co_tooltip_get_text (widget);

  follow (widget, "tooltip-text");
  follow (widget, "label");
  if (tooltip != NULL && *tooltip != '\0')
    set_label (widget, tooltip);
  else if (label != NULL)
    {
      g_autofree char *text = without_mnemonic (label);

      set_label (widget, text);
    }
}

static void
name_row (GtkWidget *widget)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
      g_autofree char *text = without_mnemonic (title);

      follow (widget, "title");
      if (text != NULL && *text != '\0')
        set_label (widget, text);
    }
  else
    {
      GtkWidget *child = gtk_widget_get_first_child (widget);
      GtkWidget *label;

      /* A row whose child names itself (the sidebar's group row) reads that name; other rows
       * read their first label, whose text they follow. */
      if (child != NULL && gtk_test_accessible_has_property (GTK_ACCESSIBLE (child),
                                                             GTK_ACCESSIBLE_PROPERTY_LABEL))
        label = child;
      else
        label = first_label (widget);
      if (label != NULL)
        gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        label, NULL, -1);
    }
}

static void
name_widget (GtkWidget *widget)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));

  if (GTK_IS_MENU_BUTTON (widget))
    {
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
          || g_object_get_qdata (G_OBJECT (widget), watched_quark) != NULL)
        name_menu_button (widget);
    }
  else if (GTK_IS_BUTTON (widget))
    name_button (widget);
  else if (GTK_IS_DROP_DOWN (widget))
    {
      if (!has_name (widget) || g_object_get_qdata (G_OBJECT (widget), watched_quark) != NULL)
        name_by_tooltip (widget);
    }
  else if (has_name (widget) && g_object_get_qdata (G_OBJECT (widget), watched_quark) == NULL)
    return;
  else if ((role == GTK_ACCESSIBLE_ROLE_LIST_ITEM || role == GTK_ACCESSIBLE_ROLE_ROW
            || GTK_IS_FLOW_BOX_CHILD (widget))
           && gtk_widget_get_focusable (widget))
    name_row (widget);
  else if (GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_SPIN_BUTTON (widget))
    {
      GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

      if (row != NULL)
        {
          if (!has_name (row))
            name_row (row);
          gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                          row, NULL, -1);
        }
    }
  else if (GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;

      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      if (placeholder != NULL)
        set_label (widget, placeholder);
    }
}

static gboolean
on_map (GSignalInvocationHint *hint,
        guint                  n_values,
        const GValue          *values,
        gpointer               data)
{
  name_widget (g_value_get_object (&values[0]));
  return TRUE;
}

void
co_accessible_init (void)
{
  static gsize initialized = 0;

  if (!g_once_init_enter (&initialized))
    return;
  watched_quark = g_quark_from_static_string ("co-accessible-watched");
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_map, NULL, NULL);
  g_once_init_leave (&initialized, 1);
}
