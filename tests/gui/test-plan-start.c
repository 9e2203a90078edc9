/* test-plan-start.c: the Plan page of a group without a plan shows how to start one. Behind the
 * Overview, where the window starts, it makes no template row (their layout cost more than the
 * whole first screen); shown, it offers every template, also for the next group without a
 * plan, and a template's row starts the plan; while an import holds the write lock too, once it
 * has finished. */
#include "config.h"

#include "core/groups/co-group.h"
#include "core/plan/co-plan.h"
#include "core/plan/co-template.h"
#include "core/store/co-write-queue.h"
#include "gui/plan/co-plan-start.h"
#include "gui-test-util.h"

/* The titles of the start page's template rows, each followed by "|". */
static char *
template_rows (Fixture    *f,
               GtkWidget **first)
{
  GtkWidget *start = find_widget (GTK_WIDGET (f->window), CO_TYPE_PLAN_START, 0);
  g_autoptr(GString) titles = g_string_new (NULL);
  GtkWidget *row;

  g_assert_nonnull (start);
  for (guint i = 0; (row = find_widget (start, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_object_get_data (G_OBJECT (row), "co-template") != NULL)
      {
        g_string_append_printf (titles, "%s|", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
        if (first != NULL && *first == NULL)
          *first = row;
      }
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static gint64
create_group (Fixture    *f,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = co_group_create (f->store, name, 0, &error);

  g_assert_no_error (error);
  return id;
}

typedef struct
{
  CoStore *store;
  gint64   group_id;
} PlanOf;

static gboolean
has_plan (gpointer data)
{
  PlanOf *plan = data;

  return co_plan_exists (plan->store, plan->group_id);
}

static gboolean
start_filled (gpointer data)
{
  Fixture *f = data;

  return !co_plan_start_is_loading (CO_PLAN_START (find_widget (GTK_WIDGET (f->window), CO_TYPE_PLAN_START, 0)));
}

static void
test_templates_when_shown (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) templates = co_template_list ();
  g_autoptr(GString) expected = g_string_new (NULL);
  gint64 first_id = create_group (f, "Without a Plan");
  gint64 second_id = create_group (f, "Another Without a Plan");
  g_autofree char *hidden = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *next = NULL;
  GtkWidget *row = NULL;
  PlanOf plan = { f->store, second_id };

  for (guint i = 0; i < templates->len; i++)
    g_string_append_printf (expected, "%s|", ((CoTemplateInfo *) templates->pdata[i])->name);
  g_assert_cmpuint (templates->len, >, 0);

  /* Its Overview shown, the group's Plan page is behind it: no template row yet. */
  co_window_select_group (f->window, first_id);
  wait_for_idle ();
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (group_view_stack (f)), ==, "overview");
  hidden = template_rows (f, NULL);
  g_assert_cmpstr (hidden, ==, "");

  /* Shown, it has a row for each template (made a frame each). */
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  wait_until (start_filled, f, "the start page's rows");
  shown = template_rows (f, NULL);
  g_assert_cmpstr (shown, ==, expected->str);

  /* Another group without a plan, the Plan page still shown: the rows are there at once. */
  co_window_select_group (f->window, second_id);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (group_view_stack (f)), ==, "plan");
  next = template_rows (f, &row);
  g_assert_cmpstr (next, ==, expected->str);

  /* A template's row starts that group's plan. */
  g_assert_false (co_plan_exists (f->store, second_id));
  g_signal_emit_by_name (row, "activated");
  wait_until (has_plan, &plan, "the template to start the plan");
  g_assert_false (co_plan_exists (f->store, first_id));
}

static gboolean
start_hidden (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* A template chosen while an import holds the write lock: the click returns at once, the plan is
 * kept to be written and the page's choices are off; once the import has finished it is written
 * and the plan's editor shows. */
static void
test_template_while_importing (Fixture *f, gconstpointer data)
{
  gint64 group_id = create_group (f, "Without a Plan");
  PlanOf plan = { f->store, group_id };
  g_autoptr(CoStore) import = NULL;
  g_autofree char *rows = NULL;
  GtkWidget *start = find_widget (GTK_WIDGET (f->window), CO_TYPE_PLAN_START, 0);
  GtkWidget *row = NULL;

  co_window_select_group (f->window, group_id);
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  wait_until (start_filled, f, "the start page's rows");
  rows = template_rows (f, &row);
  g_assert_nonnull (row);

  import = hold_write_lock (f);
  g_signal_emit_by_name (row, "activated");
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_false (co_plan_exists (f->store, group_id));
  wait_for_idle ();
  g_assert_true (gtk_widget_get_mapped (start));
  g_assert_false (gtk_widget_get_sensitive (start));

  release_write_lock (f, g_steal_pointer (&import));
  g_assert_true (has_plan (&plan));
  g_assert_false (co_plan_is_empty (f->store, group_id));
  wait_until (start_hidden, start, "the plan's editor to show");
  g_assert_true (gtk_widget_get_sensitive (start));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("plan-start/templates-when-shown", FALSE, test_templates_when_shown);
  GUI_TEST_ADD ("plan-start/template-while-importing", FALSE, test_template_while_importing);

  return g_test_run ();
}
