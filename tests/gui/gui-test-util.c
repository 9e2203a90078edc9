/* gui-test-util.c: the UI tests' fixture, finders and waits. A wait iterates the main context
 * until what the test needs has happened, and fails with what it waited for after a timeout:
 * no test passes or fails by how long it slept. */
#include "config.h"

#include <math.h>

#include "gui/members/co-member-cell.h"
#include "gui/reports/co-reports-page.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-list.h"
#include "core/sample/co-sample.h"
#include "core/store/co-store-private.h"
#include "core/store/co-write-queue.h"
#include "gui-test-util.h"

/* Long enough for a loaded machine or a sanitizer build; reached only when something is wrong. */
#define WAIT_SECONDS 10

void
gui_test_init (int    *argc,
               char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

void
fixture_open_window (Fixture *f)
{
  f->window = g_object_ref_sink (co_window_new (NULL, f->store));
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for_window (GTK_WINDOW (f->window));
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  gboolean with_sample = GPOINTER_TO_INT (data);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) keys = g_settings_schema_list_keys (g_settings_schema_source_lookup (
    g_settings_schema_source_get_default (), APP_ID, TRUE));

  /* Settings live in memory for the whole run: each test starts from the defaults. */
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  f->store = test_open_temp_store (&path);
  f->dir = g_path_get_dirname (path);
  if (with_sample)
    g_assert_true (co_sample_create (f->store, NULL));
  fixture_open_window (f);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_for_last_reference (f->window, "the window's idles and workers to let go of it");
  g_assert_finalize_object (f->window);
  wait_for_last_reference (f->store, "the pages' workers to let go of the store");
  g_assert_finalize_object (f->store);
  test_remove_tree (f->dir);
  g_free (f->dir);
}

int
minimum_size (GtkWidget      *widget,
              GtkOrientation  orientation)
{
  int minimum;

  gtk_widget_measure (widget, orientation, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* ---- finders ------------------------------------------------------------------------------- */

GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             guint      nth)
{
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, root);
  while (!g_queue_is_empty (queue))
    {
      GtkWidget *widget = g_queue_pop_head (queue);

      if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && nth-- == 0)
        return widget;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (queue, child);
    }
  return NULL;
}

GtkWidget *
find_row (Fixture    *f,
          GType       type,
          const char *title)
{
  GtkWidget *row;

  for (guint i = 0; (row = find_widget (GTK_WIDGET (f->window), type, i)) != NULL; i++)
    if (gtk_widget_get_mapped (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return row;
  g_error ("No row “%s” is shown", title);
}

GtkWidget *
find_status_page (Fixture    *f,
                  const char *title)
{
  GtkWidget *page;

  for (guint i = 0; (page = find_widget (GTK_WIDGET (f->window), ADW_TYPE_STATUS_PAGE, i)) != NULL; i++)
    if (g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (page)), title) == 0)
      return page;
  g_error ("No status page titled “%s”", title);
}

AdwViewStack *
group_view_stack (Fixture *f)
{
  GtkWidget *stack;

  for (guint i = 0; (stack = find_widget (GTK_WIDGET (f->window), ADW_TYPE_VIEW_STACK, i)) != NULL; i++)
    if (gtk_widget_get_ancestor (stack, CO_TYPE_REPORTS_PAGE) == NULL)
      return ADW_VIEW_STACK (stack);
  g_error ("No group view stack");
}

GListModel *
sidebar_model (Fixture *f)
{
  GtkWidget *list = find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_VIEW, 0);

  g_assert_nonnull (list);
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

char *
sidebar_text (Fixture *f)
{
  GtkWidget *list = find_widget (GTK_WIDGET (f->window), GTK_TYPE_LIST_VIEW, 0);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *label;

  for (guint i = 0; (label = find_widget (list, GTK_TYPE_LABEL, i)) != NULL; i++)
    if (gtk_widget_get_mapped (label))
      g_string_append_printf (text, "%s|", gtk_label_get_label (GTK_LABEL (label)));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
type_into (GtkWidget  *focus,
           const char *text)
{
  if (GTK_IS_TEXT_VIEW (focus))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (focus), text);
}

typedef struct
{
  GtkWidget  *root;
  const char *title;
  const char *text;
  GtkWidget  *row;
  guint       position;
} Choice;

static gboolean
find_choice (gpointer data)
{
  Choice *choice = data;
  GtkWidget *row;

  for (guint i = 0; (row = find_widget (choice->root, ADW_TYPE_COMBO_ROW, i)) != NULL; i++)
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), choice->title) != 0 ||
          adw_combo_row_get_selected (ADW_COMBO_ROW (row)) != 0 || !gtk_widget_get_mapped (row))
        continue;
      for (guint n = 0; n < g_list_model_get_n_items (model); n++)
        if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), n), choice->text) == 0)
          {
            choice->row = row;
            choice->position = n;
            return TRUE;
          }
    }
  return FALSE;
}

void
choose (GtkWidget  *root,
        const char *title,
        const char *text)
{
  Choice choice = { root, title, text, NULL, 0 };
  g_autofree char *what = g_strdup_printf ("an empty “%s” row offering “%s” to show", title, text);

  wait_until (find_choice, &choice, what);
  adw_combo_row_set_selected (ADW_COMBO_ROW (choice.row), choice.position);
}

guint
count_type (GtkWidget *widget,
            GType      type,
            gboolean   visible_only)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (!visible_only || gtk_widget_get_visible (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_type (child, type, visible_only);
  return n;
}

guint
count_mapped_labels (GtkWidget  *root,
                     const char *text)
{
  /* One walk of the tree: looking up the nth label each time walked it once a label, which on a
   * members list of 3,000 cells took a wait's every look longer than the wait. */
  guint n = GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
            g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_mapped_labels (child, text);
  return n;
}

GtkWidget *
find_member_cell (GtkWidget  *root,
                  const char *text)
{
  if (CO_IS_MEMBER_CELL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (co_member_cell_get_text (CO_MEMBER_CELL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_member_cell (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *folder = g_getenv ("CO_TEST_SCREENSHOTS");
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (folder == NULL)
    return;
  /* A window's own paintable draws nothing (GTK does not snapshot a root into itself): its
   * content holds all there is to see, toasts and dialogs' bodies included. */
  if (GTK_IS_WINDOW (widget) && gtk_window_get_child (GTK_WINDOW (widget)) != NULL)
    {
      widget = gtk_window_get_child (GTK_WINDOW (widget));
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
    }
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_test_message ("nothing drawn yet for the screenshot %s", name);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/%s.png", folder, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* ---- waiting ------------------------------------------------------------------------------- */

static gboolean
on_wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
wait_until_within (guint          seconds,
                   WaitCondition  condition,
                   gpointer       data,
                   const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_TIME_SPAN_SECOND;
  guint wake_up;

  if (condition (data))
    return;
  /* The context sleeps until a source is ready; this one wakes it to look at the clock, and at
   * what a worker thread changed without telling the main context (the last unref of a store).
   * At the lowest priority: when the condition takes over 10 ms (counting the labels of a big
   * window), a timeout at the default priority would be ready at every iteration, and an
   * iteration dispatches only the sources of the highest priority ready, so the idles (a page's
   * queued reload) and the frames (G_PRIORITY_DEFAULT_IDLE, GDK_PRIORITY_REDRAW) never ran. */
  wake_up = g_timeout_add_full (G_PRIORITY_LOW, 10, on_wake_up, NULL, NULL);
  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Waited %u s in vain for %s", seconds, what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake_up);
}

void
wait_until (WaitCondition  condition,
            gpointer       data,
            const char    *what)
{
  wait_until_within (WAIT_SECONDS, condition, data, what);
}

static gboolean
is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
on_idle_reached (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
wait_for_idle (void)
{
  gboolean reached = FALSE;

  /* At the lowest priority: dispatched only when no other source is ready. */
  g_idle_add_full (G_PRIORITY_LOW, on_idle_reached, &reached, NULL);
  wait_until (is_set, &reached, "the sources that were ready (idles, workers' results) to run");
}

static gboolean
window_is_laid_out (gpointer data)
{
  GtkWidget *window = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return surface != NULL && gdk_surface_get_mapped (surface) &&
         gtk_widget_get_width (window) > 0 && gtk_widget_get_height (window) > 0;
}

void
wait_for_window (GtkWindow *window)
{
  /* GDK creates the X window 1×1, and GTK allocates the window only once the X server's
   * ConfigureNotify gives its surface a size. Until then the sidebar's leaflet is folded, so
   * the pages are not mapped and nothing can be placed against them. */
  wait_until (window_is_laid_out, window,
              "the X server to configure the window and GTK to lay it out");
  /* The pages read the store when first shown, some of them when idle. */
  wait_for_idle ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
  wait_until (is_set, &painted, "the window to lay out and draw a frame");
  g_signal_handler_disconnect (clock, handler);
}

static gboolean
in_transition (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget))
    return gtk_stack_get_transition_running (GTK_STACK (widget));
  if (ADW_IS_LEAFLET (widget))
    return adw_leaflet_get_child_transition_running (ADW_LEAFLET (widget));
  if (GTK_IS_REVEALER (widget))
    return gtk_revealer_get_reveal_child (GTK_REVEALER (widget)) !=
           gtk_revealer_get_child_revealed (GTK_REVEALER (widget));
  return FALSE;
}

static gboolean
transitions_done (gpointer data)
{
  GtkWidget *widget = data;

  /* An unmapped widget runs no transition, nor do its children. */
  if (!gtk_widget_get_mapped (widget))
    return TRUE;
  if (in_transition (widget))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (!transitions_done (child))
      return FALSE;
  return TRUE;
}

void
wait_for_transitions (GtkWidget *root)
{
  /* A page shown for the first time maps its leaflet's children only once it is laid out. */
  wait_for_frame (root);
  wait_until (transitions_done, root,
              "the stacks, leaflets and revealers to finish their transitions");
}

typedef struct
{
  GtkWidget  *widget;
  const char *css_class;
} CssClass;

static gboolean
has_css_class (gpointer data)
{
  CssClass *wanted = data;

  return gtk_widget_has_css_class (wanted->widget, wanted->css_class);
}

void
wait_for_css_class (GtkWidget  *widget,
                    const char *css_class,
                    const char *what)
{
  CssClass wanted = { widget, css_class };

  wait_until (has_css_class, &wanted, what);
}

static gboolean
is_last_reference (gpointer object)
{
  return g_atomic_int_get ((int *) &G_OBJECT (object)->ref_count) == 1;
}

void
wait_for_last_reference (gpointer    object,
                         const char *what)
{
  wait_until (is_last_reference, object, what);
}

static gboolean
find_message_dialog (gpointer data)
{
  AdwMessageDialog **dialog = data;
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      *dialog = l->data;
  return *dialog != NULL;
}

AdwMessageDialog *
wait_for_message_dialog (void)
{
  AdwMessageDialog *dialog = NULL;

  wait_until (find_message_dialog, &dialog, "a message dialog to show");
  return g_object_ref (dialog);
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
  GtkWidget  *button;
} Button;

static gboolean
find_button (gpointer data)
{
  Button *wanted = data;
  GtkWidget *button;

  for (guint i = 0; (button = find_widget (wanted->root, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), wanted->label) == 0)
      {
        wanted->button = button;
        return TRUE;
      }
  return FALSE;
}

GtkWidget *
wait_for_button (GtkWidget  *root,
                 const char *label)
{
  Button wanted = { root, label, NULL };
  g_autofree char *what = g_strdup_printf ("a “%s” button to show", label);

  wait_until (find_button, &wanted, what);
  return wanted.button;
}

void
assert_pinned_when_scrolled (GtkWidget *pinned,
                             GtkWidget *cell)
{
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (pinned, GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *hadjustment = gtk_scrolled_window_get_hadjustment (scrolled);
  graphene_rect_t pinned_before, pinned_after, cell_before, cell_after;
  GtkWidget *picked;

  wait_for_frame (GTK_WIDGET (scrolled));
  g_assert_cmpfloat (gtk_adjustment_get_value (hadjustment), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment), >, gtk_adjustment_get_page_size (hadjustment));
  /* More columns follow, and a scrollbar says so without the pointer moving over the grid. */
  g_assert_false (gtk_scrolled_window_get_overlay_scrolling (scrolled));
  g_assert_true (gtk_widget_get_mapped (gtk_scrolled_window_get_hscrollbar (scrolled)));
  g_assert_true (gtk_widget_compute_bounds (pinned, GTK_WIDGET (scrolled), &pinned_before));
  g_assert_true (gtk_widget_compute_bounds (cell, GTK_WIDGET (scrolled), &cell_before));
  /* One row: the label and the cell share a middle line. */
  g_assert_cmpfloat (fabs ((pinned_before.origin.y + pinned_before.size.height / 2) -
                           (cell_before.origin.y + cell_before.size.height / 2)), <=, 1);

  gtk_adjustment_set_value (hadjustment, gtk_adjustment_get_upper (hadjustment) -
                                         gtk_adjustment_get_page_size (hadjustment));
  wait_for_frame (GTK_WIDGET (scrolled));
  g_assert_true (gtk_widget_compute_bounds (pinned, GTK_WIDGET (scrolled), &pinned_after));
  g_assert_true (gtk_widget_compute_bounds (cell, GTK_WIDGET (scrolled), &cell_after));
  g_assert_cmpfloat (pinned_after.origin.x, ==, pinned_before.origin.x);
  g_assert_cmpfloat (pinned_after.origin.y, ==, pinned_before.origin.y);
  g_assert_cmpfloat (cell_after.origin.x, <, cell_before.origin.x);
  g_assert_cmpfloat (cell_after.origin.y, ==, cell_before.origin.y);
  /* In front of the cells passing under it: what a pointer there reaches (and what is drawn). */
  picked = gtk_widget_pick (GTK_WIDGET (scrolled), pinned_after.origin.x + pinned_after.size.width / 2,
                            pinned_after.origin.y + pinned_after.size.height / 2, GTK_PICK_DEFAULT);
  g_assert_true (picked == pinned || gtk_widget_is_ancestor (picked, pinned));
  gtk_adjustment_set_value (hadjustment, 0);
}

typedef struct
{
  GdkFrameClock *clock;
  gint64         since;
} Since;

static gboolean
toast_animation_over (gpointer data)
{
  Since *since = data;

  /* AdwToastOverlay's SHOW_DURATION, 300 ms of the frame clock's time. */
  return gdk_frame_clock_get_frame_time (since->clock) - since->since > 300 * 1000;
}

void
wait_for_toast_shown (CoWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  Since since = { clock, gdk_frame_clock_get_frame_time (clock) };

  while (!toast_animation_over (&since))
    wait_for_frame (GTK_WIDGET (window));
}

gboolean
import_read (gpointer dialog)
{
  const char *body = adw_message_dialog_get_body (dialog);

  return body != NULL && *body != '\0';
}

gboolean
is_gone (gpointer pointer)
{
  return *(gpointer *) pointer == NULL;
}

AdwMessageDialog *
preview_import (CoMembersPage *page,
                const char    *name,
                GBytes        *bytes)
{
  AdwMessageDialog *dialog = co_members_page_preview_import (page, CO_IMPORT_MEMBERS, name, bytes);

  wait_until (import_read, dialog, "the import's preview");
  return dialog;
}

void
import_and_wait (AdwMessageDialog *dialog)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (dialog, "import");
  wait_until (is_gone, &dialog, "the import to be written");
}

gboolean
members_loaded (gpointer model)
{
  return !co_member_list_is_loading (CO_MEMBER_LIST (model));
}

/* The list runs each query in a worker, from the moment its filter or the store changes, and
 * shows the rows once it is done. */
void
wait_for_members (GListModel *model)
{
  wait_until (members_loaded, model, "the members list's query to finish");
}

typedef struct
{
  Fixture *f;
  gint64   group;
} Listed;

static gboolean
sidebar_lists (gpointer data)
{
  Listed *listed = data;
  GListModel *model = sidebar_model (listed->f);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (model, i);
      if (co_group_get_id (group) == listed->group)
        return TRUE;
    }
  return FALSE;
}

/* The sidebar reloads after a group is created; then it can be selected. */
void
wait_for_sidebar_group (Fixture *f,
                        gint64   group)
{
  Listed listed = { f, group };

  wait_until (sidebar_lists, &listed, "the sidebar to list the new group");
}

CoMembersPage *
open_members_page (Fixture *f,
                   gint64   group)
{
  CoMembersPage *page;

  wait_for_sidebar_group (f, group);
  co_window_select_group (f->window, group);
  adw_view_stack_set_visible_child_name (group_view_stack (f), "members");
  for (guint i = 0; (page = CO_MEMBERS_PAGE (find_widget (GTK_WIDGET (f->window), CO_TYPE_MEMBERS_PAGE, i))); i++)
    if (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK) != NULL)
      break;
  g_assert_nonnull (page);
  wait_for_members (co_members_page_get_model (page));
  return page;
}

/* ---- writes behind another connection's write lock ------------------------------------------ */

static gboolean
took_write_lock (gpointer import)
{
  return co_store_begin (import, NULL);
}

CoStore *
hold_write_lock (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  CoStore *import = co_store_open_for_worker_writes (co_store_get_path (f->store), &error);

  g_assert_no_error (error);
  /* After a short write of the window's own workers (the search index's), as an import's
   * BEGIN waits for them. */
  wait_until (took_write_lock, import, "the write lock, free of the window's own short writes");
  return import;
}

static gboolean
none_kept (gpointer store)
{
  return co_store_get_n_kept_writes (store) == 0;
}

void
release_write_lock (Fixture *f,
                    CoStore *import)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (co_store_commit (import, &error));
  g_assert_no_error (error);
  g_object_unref (import);
  wait_until (none_kept, f->store, "the writes kept behind the lock to be written");
}
