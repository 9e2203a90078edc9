/* test-accessibility.c: what a screen reader user meets. Every place of the window on the sample
 * workspace (each group's tabs, the Plan's and the Team's sections, Today, Daily Figures, the
 * Reports with their tabs, All Members) is walked, and each shown, sensitive control must have an
 * accessible name, read once; and Tab alone must go round each place through the sidebar, the
 * page and the header bar, every stop named, and come back to where it started.
 *
 * A name, as GTK 4.8 computes it (gtk_at_context_get_name): GTK_ACCESSIBLE_PROPERTY_LABEL, then
 * the labels of GTK_ACCESSIBLE_RELATION_LABELLED_BY; nothing else (a child label does not name
 * its row, an icon or a tooltip does not name its button: AT-SPI then reads the type,
 * "GtkImage"), as tests/a11y/atspi-count.py measures on the real bus. */
#include "config.h"

#include <string.h>

#include "gui/reports/co-reports-page.h"
#include "gui-test-util.h"

/* Tab stops of a place, sidebar and header bars included, with room to spare: GTK 4.8's list
 * and column views are a Tab stop for each row, and All Members lists the sample's 456. */
#define MAX_TAB_STOPS 2000

static gboolean
is_control (GtkWidget *widget)
{
  switch ((int) gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)))
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
    case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
    case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
    case GTK_ACCESSIBLE_ROLE_SPIN_BUTTON:
    case GTK_ACCESSIBLE_ROLE_SLIDER:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
      return TRUE;
    case GTK_ACCESSIBLE_ROLE_LIST_ITEM:
    case GTK_ACCESSIBLE_ROLE_ROW:
    case GTK_ACCESSIBLE_ROLE_TREE_ITEM:
      /* A row is a control when it takes focus: the sidebar's, a list view's, a form's. */
      return gtk_widget_get_focusable (widget);
    default:
      return GTK_IS_FLOW_BOX_CHILD (widget) && gtk_widget_get_focusable (widget);
    }
}

/* The value of @widget's label property, or NULL: the test API returns the value when it
 * differs from the one asked for, and no label is a lone control character. */
static char *
label_property (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             "\x01");
}

static gboolean
has_label_text (GtkWidget  *root,
                const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_LABEL (child) && g_str_equal (gtk_label_get_text (GTK_LABEL (child)), text))
        || has_label_text (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
uses_underline (GtkWidget *widget)
{
  return (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)))
      || (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget)));
}

/* Why @widget's name is wrong, or NULL when it has a good one. */
static char *
name_problem (GtkWidget *widget)
{
  g_autofree char *label = label_property (widget);
  gboolean labelled_by = gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  if ((label == NULL || *label == '\0') && !labelled_by)
    return g_strdup ("has no accessible name");
  if (label == NULL)
    return NULL;
  /* GtkButton puts its label with the mnemonic's underline in its own name, and its child
   * label, without it, in a labelled-by: "_Import… Import…". */
  if (uses_underline (widget) && strchr (label, '_') != NULL)
    {
      if (labelled_by)
        return g_strdup_printf ("reads its label twice (“%s” and its label's)", label);
      return g_strdup_printf ("reads the mnemonic's underline (“%s”)", label);
    }
  if (labelled_by && has_label_text (widget, label))
    return g_strdup_printf ("reads its label twice (“%s”)", label);
  return NULL;
}

static void
append_path (GString   *out,
             GtkWidget *widget)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_insert (chain, 0, w);
  for (guint i = 0; i < chain->len; i++)
    {
      GtkWidget *w = chain->pdata[i];
      const char *name = gtk_widget_get_name (w);

      /* A widget's name, where it has one of its own, says which of its kind it is. */
      if (i > 0)
        g_string_append (out, " > ");
      g_string_append (out, G_OBJECT_TYPE_NAME (w));
      if (!g_str_equal (name, G_OBJECT_TYPE_NAME (w)))
        g_string_append_printf (out, "#%s", name);
    }
}

static void
check_names (GtkWidget *widget,
             GString   *problems,
             guint     *n_controls,
             guint     *n_unnamed)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (is_control (widget) && gtk_widget_is_sensitive (widget))
    {
      g_autofree char *problem = name_problem (widget);

      (*n_controls)++;
      if (problem != NULL)
        {
          (*n_unnamed)++;
          g_string_append_printf (problems, "\n  %s %s: ", G_OBJECT_TYPE_NAME (widget), problem);
          append_path (problems, widget);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_names (child, problems, n_controls, n_unnamed);
}

/* ---- the places ---------------------------------------------------------------------------- */

typedef void (*VisitFunc) (Fixture    *f,
                           const char *where,
                           gpointer    data);

/* Shows @place (a sidebar place, or a group's tab when @group_tab) and each section of it: the
 * children of each stack there that has a sidebar or a view switcher shown. */

static gboolean
reports_read (gpointer data)
{
  return co_reports_page_get_n_running (data) == 0;
}

/* wait_for_idle() and, on the Reports place, the view's data from its worker. */
static void
wait_for_page (GtkWidget *window)
{
  GtkWidget *reports = find_widget (window, CO_TYPE_REPORTS_PAGE, 0);

  wait_for_idle ();
  if (reports != NULL && gtk_widget_get_mapped (reports))
    wait_until (reports_read, reports, "the Reports view's data");
  wait_for_transitions (window);
}

static void
visit_place (Fixture    *f,
             const char *place,
             gboolean    group_tab,
             VisitFunc   visit,
             gpointer    data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  g_autoptr(GPtrArray) stacks = g_ptr_array_new ();
  GtkWidget *switcher;

  if (group_tab)
    adw_view_stack_set_visible_child_name (group_view_stack (f), place);
  else
    co_window_show_place (f->window, place);
  wait_for_page (window);
  visit (f, place, data);

  for (guint i = 0; (switcher = find_widget (window, GTK_TYPE_STACK_SIDEBAR, i)) != NULL; i++)
    if (gtk_widget_get_mapped (switcher))
      g_ptr_array_add (stacks, gtk_stack_sidebar_get_stack (GTK_STACK_SIDEBAR (switcher)));
  for (guint i = 0; (switcher = find_widget (window, ADW_TYPE_VIEW_SWITCHER, i)) != NULL; i++)
    if (gtk_widget_get_mapped (switcher)
        && adw_view_switcher_get_stack (ADW_VIEW_SWITCHER (switcher)) != group_view_stack (f))
      g_ptr_array_add (stacks, adw_view_switcher_get_stack (ADW_VIEW_SWITCHER (switcher)));

  for (guint i = 0; i < stacks->len; i++)
    {
      GtkSelectionModel *pages = ADW_IS_VIEW_STACK (stacks->pdata[i])
                                 ? adw_view_stack_get_pages (stacks->pdata[i])
                                 : gtk_stack_get_pages (stacks->pdata[i]);

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (pages)); j++)
        {
          g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (pages), j);
          g_autofree char *where = NULL;
          gboolean visible;
          char *name;

          g_object_get (page, "visible", &visible, "name", &name, NULL);
          where = g_strdup_printf ("%s, %s", place, name);
          g_free (name);
          if (!visible)
            continue;
          gtk_selection_model_select_item (pages, j, TRUE);
          wait_for_page (window);
          visit (f, where, data);
        }
      g_object_unref (pages);
    }
}

static void
visit_every_place (Fixture   *f,
                   VisitFunc  visit,
                   gpointer   data)
{
  const char *tabs[] = { "overview", "plan", "members" };
  const char *places[] = { "today", "figures", "reports", "team", "members" };

  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    visit_place (f, tabs[i], TRUE, visit, data);
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    visit_place (f, places[i], FALSE, visit, data);
}

/* ---- names --------------------------------------------------------------------------------- */

static void
check_place_names (Fixture    *f,
                   const char *where,
                   gpointer    data)
{
  GString *problems = data;
  guint n_controls = 0;
  guint n_unnamed = 0;
  gsize before = problems->len;

  check_names (GTK_WIDGET (f->window), problems, &n_controls, &n_unnamed);
  if (problems->len > before)
    g_string_insert (problems, before, where);
  g_test_message ("%s: %u of %u controls without a good name", where, n_unnamed, n_controls);
}

static void
test_every_control_named (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) problems = g_string_new (NULL);

  visit_every_place (f, check_place_names, problems);
  if (problems->len > 0)
    g_error ("Controls a screen reader cannot name:\n%s", problems->str);
}

/* ---- focus chain --------------------------------------------------------------------------- */

static GtkWidget *
sidebar (Fixture *f)
{
  GtkWidget *leaflet = find_widget (GTK_WIDGET (f->window), ADW_TYPE_LEAFLET, 0);
  g_autoptr(AdwLeafletPage) first = g_list_model_get_item (G_LIST_MODEL (adw_leaflet_get_pages (ADW_LEAFLET (leaflet))), 0);

  g_object_unref (adw_leaflet_get_pages (ADW_LEAFLET (leaflet)));
  return adw_leaflet_page_get_child (first);
}

static GtkWidget *
content (Fixture *f)
{
  GtkWidget *leaflet = find_widget (GTK_WIDGET (f->window), ADW_TYPE_LEAFLET, 0);

  return adw_leaflet_get_child_by_name (ADW_LEAFLET (leaflet), "content");
}

/* The widget a screen reader is told of when @focus has the focus: an entry's text, which has no
 * role of its own, is told of as its entry (GtkEntry and its kin report their text's focus as
 * theirs). NULL when nothing is told. */
static GtkWidget *
told_of (GtkWidget *focus)
{
  GtkWidget *widget = focus;

  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (focus)) != GTK_ACCESSIBLE_ROLE_NONE)
    return focus;
  for (widget = gtk_widget_get_parent (focus); widget != NULL; widget = gtk_widget_get_parent (widget))
    if (GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_SPIN_BUTTON (widget)
        || GTK_IS_PASSWORD_ENTRY (widget))
      return widget;
  return NULL;
}

static void
check_place_focus_chain (Fixture    *f,
                         const char *where,
                         gpointer    data)
{
  GString *problems = data;
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (find_widget (content (f), GTK_TYPE_STACK, 0)));
  GtkWidget *first = NULL;
  gboolean in_sidebar = FALSE, in_page = FALSE, in_header_bar = FALSE;
  guint n_empty = 0;
  guint n_entry_rows = 0;
  guint steps;

  gtk_root_set_focus (GTK_ROOT (window), NULL);
  for (steps = 0; steps < MAX_TAB_STOPS; steps++)
    {
      GtkWidget *focus;
      GtkWidget *told;

      /* What Tab does: the window's binding for it. */
      g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus == NULL)
        {
          /* Past the last stop, GTK leaves the window unfocused for one Tab; a second in a row
           * would be a stop nothing can be told of. */
          if (++n_empty > 1)
            break;
          continue;
        }
      n_empty = 0;
      if (focus == first)
        break;
      if (first == NULL)
        first = focus;
      in_sidebar |= gtk_widget_is_ancestor (focus, sidebar (f));
      in_page |= gtk_widget_is_ancestor (focus, page);
      in_header_bar |= gtk_widget_get_ancestor (focus, ADW_TYPE_HEADER_BAR) != NULL;

      told = told_of (focus);
      if (told == NULL && gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW) != NULL)
        {
          /* libadwaita 1.2's entry row neither gives its text a role nor reports the text's
           * focus as its own (it does not delegate the platform state as GtkEntry does): AT-SPI
           * is told of no focus here. Not to be fixed from the app; counted and shown. The row
           * itself must be named, for a screen reader reading the page. */
          g_autofree char *problem = name_problem (gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW));

          n_entry_rows++;
          if (problem != NULL)
            g_string_append_printf (problems, "\n%s: Tab stop %u, an entry row, %s", where, steps,
                                    problem);
        }
      else if (told == NULL)
        {
          g_string_append_printf (problems, "\n%s: Tab stop %u, a %s, is no accessible at all: ",
                                  where, steps, G_OBJECT_TYPE_NAME (focus));
          append_path (problems, focus);
        }
      else
        {
          g_autofree char *problem = name_problem (told);

          if (problem != NULL)
            {
              g_string_append_printf (problems, "\n%s: Tab stop %u, a %s, %s: ", where, steps,
                                      G_OBJECT_TYPE_NAME (told), problem);
              append_path (problems, told);
            }
        }
    }
  g_test_message ("%s: %u Tab stops, %u of them in an entry row's text that AT-SPI is not told of",
                  where, steps, n_entry_rows);

  if (first == NULL || steps == MAX_TAB_STOPS || n_empty > 1)
    g_string_append_printf (problems, "\n%s: Tab does not come back to where it started "
                            "after %u stops", where, steps);
  if (!in_sidebar)
    g_string_append_printf (problems, "\n%s: Tab never reaches the sidebar", where);
  if (!in_page)
    g_string_append_printf (problems, "\n%s: Tab never reaches the page", where);
  if (!in_header_bar)
    g_string_append_printf (problems, "\n%s: Tab never reaches the header bar", where);
}

static void
test_focus_chain (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) problems = g_string_new (NULL);

  visit_every_place (f, check_place_focus_chain, problems);
  if (problems->len > 0)
    g_error ("The keyboard alone cannot use every place:%s", problems->str);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("accessibility/every-control-named", TRUE, test_every_control_named);
  GUI_TEST_ADD ("accessibility/focus-chain", TRUE, test_focus_chain);

  return g_test_run ();
}
