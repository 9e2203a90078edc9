/* test-sidebar-rows.c: a sidebar of many groups makes, before the window's first frame, only the
 * rows a screen can show around the selected group, then has every group a few frames later,
 * the same group still selected and shown; a search before it is complete finds in all groups;
 * a group edited replaces its row alone. */
#include "config.h"

#include <string.h>

#include "core/groups/co-group.h"
#include "gui/window/co-group-row.h"
#include "gui-test-util.h"

#define N_GROUPS 400
#define SELECTED 300

static guint
count_rows (Fixture *f)
{
  GtkWidget *list = find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_VIEW, 0);
  guint n = 0;

  while (find_widget (list, CO_TYPE_GROUP_ROW, n) != NULL)
    n++;
  return n;
}

static gboolean
has_all_groups (gpointer data)
{
  return g_list_model_get_n_items (sidebar_model (data)) == N_GROUPS;
}

static gboolean
has_ten_groups (gpointer data)
{
  return g_list_model_get_n_items (sidebar_model (data)) == 10;
}

/* N_GROUPS groups, "Group 000" on; the window opened again with group SELECTED last selected. */
static gint64
reopen_on_many_groups (Fixture *f)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gint64 selected_id = 0;

  /* Without the window, which would read the groups again after each. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_for_last_reference (f->window, "the window's idles and workers to let go of it");
  g_clear_object (&f->window);
  for (guint i = 0; i < N_GROUPS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("Group %03u", i);
      gint64 id = co_group_create (f->store, name, 0, &error);

      g_assert_no_error (error);
      if (i == SELECTED)
        selected_id = id;
    }
  g_settings_set_int64 (settings, "last-group", selected_id);
  f->window = g_object_ref_sink (co_window_new (NULL, f->store));
  return selected_id;
}

typedef struct
{
  Fixture *f;
  char    *text;   /* what the sidebar showed in the first frame */
} FirstFrame;

static void
on_after_paint (GdkFrameClock *clock,
                FirstFrame    *first_frame)
{
  if (first_frame->text == NULL)
    first_frame->text = sidebar_text (first_frame->f);
}

static void
test_first_rows_then_all (Fixture *f, gconstpointer data)
{
  gint64 selected_id = reopen_on_many_groups (f);
  FirstFrame first_frame = { NULL, NULL };
  GListModel *model = sidebar_model (f);
  guint first_rows = g_list_model_get_n_items (model);
  g_autoptr(CoGroup) shown = NULL;
  g_autofree char *text = NULL;

  /* Before the first frame: a screen's rows from the selected group on, each made, and no
   * more (a GtkListView of GTK 4.8 would make 200). */
  g_assert_cmpuint (first_rows, >, 0);
  g_assert_cmpuint (first_rows, <, 60);
  g_assert_cmpuint (count_rows (f), ==, first_rows);
  g_assert_cmpint (co_window_get_selected_group (f->window), ==, selected_id);

  /* The first frame shows the selected group, at the top of the list. */
  gtk_widget_realize (GTK_WIDGET (f->window));
  first_frame.f = f;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)), "after-paint",
                    G_CALLBACK (on_after_paint), &first_frame);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for_window (GTK_WINDOW (f->window));
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (f->window)),
                                        on_after_paint, &first_frame);
  g_assert_nonnull (first_frame.text);
  g_assert_true (g_str_has_prefix (first_frame.text, "Group 300|"));
  g_free (first_frame.text);

  wait_until (has_all_groups, f, "the sidebar to have every group");

  /* The same group selected, at its place among all, and its row shown. */
  g_assert_cmpint (co_window_get_selected_group (f->window), ==, selected_id);
  shown = g_list_model_get_item (model, gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)));
  g_assert_cmpstr (co_group_get_name (shown), ==, "Group 300");
  wait_for_frame (GTK_WIDGET (f->window));
  text = sidebar_text (f);
  g_assert_nonnull (strstr (text, "Group 300|"));
  /* GTK makes the rows around the shown one, never one for each group. */
  g_assert_cmpuint (count_rows (f), <=, 210);
}

static void
test_search_before_all (Fixture *f, gconstpointer data)
{
  GtkWidget *entry;
  GListModel *model;
  g_autofree char *text = NULL;

  reopen_on_many_groups (f);
  model = sidebar_model (f);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, N_GROUPS);

  /* "Group 12x": ten groups, none of them among the first rows. */
  entry = find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "group 12");
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for_window (GTK_WINDOW (f->window));
  wait_until (has_ten_groups, f, "the search to find its ten groups");
  wait_for_frame (GTK_WIDGET (f->window));
  text = sidebar_text (f);
  g_assert_nonnull (strstr (text, "Group 120|"));
  g_assert_nonnull (strstr (text, "Group 129|"));
  g_assert_null (strstr (text, "Group 300|"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait_until (has_all_groups, f, "the sidebar to have every group again");
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *changed)
{
  *changed += removed + added;
}

static CoGroup *
sidebar_group (Fixture *f,
               guint    position)
{
  return g_list_model_get_item (sidebar_model (f), position);
}

/* One group edited replaces that group alone in the sidebar, the others' rows staying as they
 * are; "everything may have changed" (after a sync connects) with nothing changed replaces none. */
static void
test_reload_replaces_changed_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CoGroup) first = NULL, edited = NULL, last = NULL, replaced = NULL;
  g_autoptr(CoGroup) first_again = NULL, last_again = NULL, replaced_again = NULL;
  guint changed = 0;

  reopen_on_many_groups (f);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for_window (GTK_WINDOW (f->window));
  wait_until (has_all_groups, f, "the sidebar to have every group");
  first = sidebar_group (f, 0);
  edited = sidebar_group (f, 150);
  last = sidebar_group (f, N_GROUPS - 1);
  g_signal_connect (sidebar_model (f), "items-changed", G_CALLBACK (count_changes), &changed);

  g_assert_true (co_group_set_field (f->store, co_group_get_id (edited), CO_GROUP_FIELD_SLOGAN, "一起读书", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 2);
  replaced = sidebar_group (f, 150);
  g_assert_true (replaced != edited);
  g_assert_cmpint (co_group_get_id (replaced), ==, co_group_get_id (edited));
  g_assert_cmpstr (co_group_get_field (replaced, CO_GROUP_FIELD_SLOGAN), ==, "一起读书");
  first_again = sidebar_group (f, 0);
  last_again = sidebar_group (f, N_GROUPS - 1);
  g_assert_true (first_again == first);
  g_assert_true (last_again == last);

  changed = 0;
  g_assert_true (co_store_announce_all_changed (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 0);
  replaced_again = sidebar_group (f, 150);
  g_assert_true (replaced_again == replaced);
  g_signal_handlers_disconnect_by_func (sidebar_model (f), count_changes, &changed);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("sidebar-rows/first-rows-then-all", FALSE, test_first_rows_then_all);
  GUI_TEST_ADD ("sidebar-rows/search-before-all", FALSE, test_search_before_all);
  GUI_TEST_ADD ("sidebar-rows/reload-replaces-changed-only", FALSE, test_reload_replaces_changed_only);

  return g_test_run ();
}
