/* test-plan-loading.c: the Plan page answers within a frame. The plan check runs in a worker:
 * its findings arrive after the page is shown (a placeholder says the check is under way
 * meanwhile) and are co_plan_check()'s, and the check of a group left before it finished is never
 * shown. A section shown gets its blocks one a frame, with their values; a choice's rows are made
 * when its expander is expanded, a list's items show one a frame, shut, their fields built as each
 * opens, and the findings show one a frame once the check shows. A group without a plan lists
 * every template, and the other groups' plans to copy read in a worker. */
#include "config.h"

#include "core/groups/co-group.h"
#include "core/plan/co-plan-check.h"
#include "core/plan/co-plan-outline.h"
#include "core/plan/co-plan.h"
#include "core/plan/co-template.h"
#include "gui/plan/co-plan-page.h"
#include "gui/plan/co-plan-start.h"
#include "gui/widgets/co-list-editor.h"
#include "gui-test-util.h"

static CoPlanPage *
plan_page (Fixture *f)
{
  GtkWidget *page = find_widget (GTK_WIDGET (f->window), CO_TYPE_PLAN_PAGE, 0);

  g_assert_nonnull (page);
  return CO_PLAN_PAGE (page);
}

/* The page's sections: the stack of its sidebar. */
static GtkStack *
sections (Fixture *f)
{
  GtkWidget *sidebar = find_widget (GTK_WIDGET (plan_page (f)), GTK_TYPE_STACK_SIDEBAR, 0);

  g_assert_nonnull (sidebar);
  return gtk_stack_sidebar_get_stack (GTK_STACK_SIDEBAR (sidebar));
}

static const char *
check_title (Fixture *f)
{
  GtkStack *stack = sections (f);

  return gtk_stack_page_get_title (gtk_stack_get_page (stack, gtk_stack_get_child_by_name (stack, "check")));
}

/* The list of the findings' rows. */
static GtkListBox *
findings_list (Fixture *f)
{
  GtkWidget *check = gtk_stack_get_child_by_name (sections (f), "check"), *widget;
  GtkListBox *list = NULL;

  /* Not the preferences group's own list, hidden while empty. */
  for (guint i = 0; list == NULL && (widget = find_widget (check, GTK_TYPE_LIST_BOX, i)) != NULL; i++)
    if (gtk_widget_get_visible (widget))
      list = GTK_LIST_BOX (widget);
  g_assert_nonnull (list);
  return list;
}

/* How many of the findings' rows are visible. */
static guint
count_visible_findings (Fixture *f)
{
  GtkListBoxRow *row;
  guint n = 0;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (findings_list (f), i)) != NULL; i++)
    n += gtk_widget_get_visible (GTK_WIDGET (row));
  return n;
}

/* The titles of the findings' rows, each followed by "|"; the placeholder's when none. */
static char *
shown_findings (Fixture *f)
{
  GtkListBox *list = findings_list (f);
  GString *text = g_string_new (NULL);
  GtkListBoxRow *row;
  GtkWidget *placeholder;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    g_string_append_printf (text, "%s|", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  if (text->len == 0 && (placeholder = find_widget (GTK_WIDGET (list), ADW_TYPE_ACTION_ROW, 0)) != NULL)
    g_string_append_printf (text, "(%s)", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (placeholder)));
  return g_string_free (text, FALSE);
}

/* What co_plan_check() finds for @group, as shown_findings() has it. */
static char *
expected_findings (Fixture *f,
                   gint64   group)
{
  g_autoptr(GPtrArray) findings = co_plan_check (f->store, group, NULL);
  GString *text = g_string_new (NULL);

  g_assert_nonnull (findings);
  for (guint i = 0; i < findings->len; i++)
    g_string_append_printf (text, "%s|", ((CoFinding *) findings->pdata[i])->message);
  return g_string_free (text, FALSE);
}

static gboolean
plan_loaded (gpointer data)
{
  return !co_plan_page_is_loading (plan_page (data));
}

static void
wait_for_plan (Fixture *f)
{
  wait_until (plan_loaded, f, "the Plan page to be checked and filled");
}

/* Shown, the page says the check is under way; then it shows the check's findings. */
static void
test_check_arrives (Fixture *f, gconstpointer data)
{
  gint64 group = 1;
  g_autofree char *expected = expected_findings (f, group);
  g_autofree char *checking = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *title = NULL;
  guint n = 0;

  for (const char *c = expected; *c; c++)
    n += *c == '|';
  g_assert_cmpuint (n, >, 0);
  title = g_strdup_printf ("Plan Check (%u)", n);
  co_window_select_group (f->window, group);
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  g_assert_true (co_plan_page_is_loading (plan_page (f)));
  checking = shown_findings (f);
  g_assert_cmpstr (checking, ==, "(Checking the plan…)");
  g_assert_cmpstr (check_title (f), ==, "Plan Check");

  wait_for_plan (f);
  shown = shown_findings (f);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (check_title (f), ==, title);

  /* Their rows wait hidden for the check to show, then show. */
  g_assert_cmpuint (count_visible_findings (f), ==, 0);
  gtk_stack_set_visible_child_name (sections (f), "check");
  wait_for_plan (f);
  g_assert_cmpuint (count_visible_findings (f), ==, n);
}

typedef struct
{
  Fixture    *f;
  const char *stale;     /* the findings of the group left */
  gboolean    saw_stale;
} Watch;

static gboolean
loaded_without_stale (gpointer data)
{
  Watch *watch = data;
  g_autofree char *shown = shown_findings (watch->f);

  watch->saw_stale |= g_str_equal (shown, watch->stale);
  return plan_loaded (watch->f);
}

/* A group left before its check is done: its findings never show, the next group's do. */
static void
test_stale_check_dropped (Fixture *f, gconstpointer data)
{
  gint64 left = 1, next = 5;
  g_autofree char *left_findings = expected_findings (f, left);
  g_autofree char *next_findings = expected_findings (f, next);
  g_autofree char *shown = NULL;
  Watch watch = { f, left_findings, FALSE };

  g_assert_cmpstr (left_findings, !=, next_findings);
  co_window_select_group (f->window, 6);
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  wait_for_plan (f);

  co_window_select_group (f->window, left);
  g_assert_true (co_plan_page_is_loading (plan_page (f)));
  co_window_select_group (f->window, next);
  wait_until (loaded_without_stale, &watch, "the next group's check");
  g_assert_false (watch.saw_stale);
  /* Whatever the left group's worker still had to say was dropped. */
  wait_for_idle ();
  shown = shown_findings (f);
  g_assert_cmpstr (shown, ==, next_findings);
}

/* The blocks the section @page shows (not those inside them). */
static guint
count_blocks (GtkWidget *page)
{
  GtkWidget *block;
  guint n = 0;

  for (guint i = 0; (block = find_widget (page, ADW_TYPE_PREFERENCES_GROUP, i)) != NULL; i++)
    n += gtk_widget_get_ancestor (gtk_widget_get_parent (block), ADW_TYPE_PREFERENCES_GROUP) == NULL;
  return n;
}

/* A section gets a block a frame, each with its values; a choice's rows come when expanded. */
static void
test_blocks_a_frame (Fixture *f, gconstpointer data)
{
  gint64 group = 1;
  const CoPlanSection *section = &co_plan_sections[0];
  g_autoptr(CoItem) plan = co_plan_get (f->store, group, NULL);
  g_auto(GStrv) selected = co_plan_get_selection (f->store, group, CO_CHOICE_USER_SOURCE);
  GtkWidget *page, *expander = NULL, *check;
  guint n_checks = 0, n_active = 0, n_choices;
  GtkTextIter start, end;
  GtkTextView *mission;
  g_autofree char *text = NULL;

  co_choices_get (CO_CHOICE_USER_SOURCE, &n_choices);
  g_assert_cmpuint (section->n_blocks, >, 2);
  co_window_select_group (f->window, group);
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  page = gtk_stack_get_visible_child (sections (f));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sections (f)), ==, section->name);
  g_assert_cmpuint (count_blocks (page), ==, 1);
  wait_for_frame (GTK_WIDGET (f->window));
  g_assert_cmpuint (count_blocks (page), <, section->n_blocks);
  wait_for_plan (f);
  g_assert_cmpuint (count_blocks (page), ==, section->n_blocks);

  /* The first block's first field has the plan's value. */
  mission = GTK_TEXT_VIEW (find_widget (page, GTK_TYPE_TEXT_VIEW, 0));
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (mission), &start, &end);
  text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (mission), &start, &end, FALSE);
  g_assert_cmpstr (text, ==, co_item_get (plan, "mission"));

  /* The user sources: no check row until expanded, then one per choice, the plan's ticked. */
  for (guint i = 0; (expander = find_widget (page, ADW_TYPE_EXPANDER_ROW, i)) != NULL; i++)
    if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), "User Sources"))
      break;
  g_assert_nonnull (expander);
  g_assert_null (find_widget (expander, GTK_TYPE_CHECK_BUTTON, 0));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  for (guint i = 0; (check = find_widget (expander, GTK_TYPE_CHECK_BUTTON, i)) != NULL; i++)
    {
      n_checks++;
      n_active += gtk_check_button_get_active (GTK_CHECK_BUTTON (check));
    }
  g_assert_cmpuint (n_checks, ==, n_choices);
  g_assert_cmpuint (n_active, ==, g_strv_length (selected));
  g_assert_cmpuint (n_active, >, 0);
}

typedef struct
{
  GtkWidget *page;
  guint      n;          /* the items of the list */
  guint      last;       /* items shown at the last frame */
  guint      most_new;   /* the most one frame showed */
} Shown;

static void
count_shown (GdkFrameClock *clock,
             Shown         *shown)
{
  guint n = count_type (shown->page, ADW_TYPE_EXPANDER_ROW, TRUE);

  shown->most_new = MAX (shown->most_new, n - MIN (n, shown->last));
  shown->last = n;
}

static gboolean
all_items_shown (gpointer data)
{
  Shown *shown = data;

  return count_type (shown->page, ADW_TYPE_EXPANDER_ROW, TRUE) == shown->n;
}

/* The launch checklist's tasks show one a frame, shut, with no field built; opening one builds
 * its fields, with the task's values, and none of the others'. */
static void
test_list_items_lazy (Fixture *f, gconstpointer data)
{
  gint64 group = 1;
  g_autoptr(GListStore) tasks = co_list_items (f->store, CO_LIST_TASKS, group, NULL);
  g_autoptr(CoItem) task = g_list_model_get_item (G_LIST_MODEL (tasks), 0);
  Shown shown = { 0 };
  GtkWidget *editor, *expander;
  GdkFrameClock *clock;
  gulong handler;

  shown.n = g_list_model_get_n_items (G_LIST_MODEL (tasks));
  g_assert_cmpuint (shown.n, >, 1);
  co_window_select_group (f->window, group);
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  wait_for_plan (f);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  shown.page = gtk_stack_get_child_by_name (sections (f), "checklist");
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_shown), &shown);
  gtk_stack_set_visible_child_name (sections (f), "checklist");
  wait_until (all_items_shown, &shown, "every task to show");
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpuint (shown.most_new, ==, 1);

  editor = find_widget (shown.page, CO_TYPE_LIST_EDITOR, 0);
  g_assert_nonnull (editor);
  g_assert_cmpuint (count_type (editor, ADW_TYPE_EXPANDER_ROW, FALSE), ==, shown.n);
  g_assert_cmpuint (count_type (editor, GTK_TYPE_EDITABLE, FALSE), ==, 0);

  expander = find_widget (editor, ADW_TYPE_EXPANDER_ROW, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), ==, co_item_get (task, "title"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  g_assert_cmpuint (count_type (expander, GTK_TYPE_EDITABLE, FALSE), >, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (expander, GTK_TYPE_EDITABLE, 0))), ==,
                   co_item_get (task, "title"));
  g_assert_cmpuint (count_type (editor, GTK_TYPE_EDITABLE, FALSE), ==, count_type (expander, GTK_TYPE_EDITABLE, FALSE));
}

/* The blocks of every section of the Plan page (not the checklist's progress, the page's own),
 * each watched by a weak pointer in @blocks: once freed it reads NULL. */
static GPtrArray *
watch_blocks (Fixture *f)
{
  GtkStack *stack = sections (f);
  GPtrArray *blocks = g_ptr_array_new_with_free_func (g_free);

  for (guint s = 0; s < co_plan_n_sections; s++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (stack, co_plan_sections[s].name), *block;

      for (guint i = 0; (block = find_widget (page, ADW_TYPE_PREFERENCES_GROUP, i)) != NULL; i++)
        if (gtk_widget_get_ancestor (gtk_widget_get_parent (block), ADW_TYPE_PREFERENCES_GROUP) == NULL &&
            !g_str_equal (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (block)), "Progress"))
          {
            GtkWidget **pointer = g_new (GtkWidget *, 1);

            *pointer = block;
            g_object_add_weak_pointer (G_OBJECT (block), (gpointer *) pointer);
            g_ptr_array_add (blocks, pointer);
          }
    }
  return blocks;
}

static guint
count_alive (GPtrArray *blocks)
{
  guint n = 0;

  for (guint i = 0; i < blocks->len; i++)
    n += *(GtkWidget **) blocks->pdata[i] != NULL;
  return n;
}

static void
unwatch_blocks (GPtrArray *blocks)
{
  for (guint i = 0; i < blocks->len; i++)
    {
      GtkWidget **pointer = blocks->pdata[i];

      if (*pointer != NULL)
        g_object_remove_weak_pointer (G_OBJECT (*pointer), (gpointer *) pointer);
    }
  g_ptr_array_unref (blocks);
}

/* Every section of the Plan page of @group shown, each filled. */
static void
open_every_section (Fixture *f,
                    gint64   group)
{
  co_window_select_group (f->window, group);
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  wait_for_plan (f);
  for (guint s = 0; s < co_plan_n_sections; s++)
    {
      gtk_stack_set_visible_child_name (sections (f), co_plan_sections[s].name);
      wait_for_plan (f);
    }
  gtk_stack_set_visible_child_name (sections (f), co_plan_sections[0].name);
  wait_for_plan (f);
}

/* What the mission's text view of the first section shows, or NULL when it has none shown. */
static char *
shown_mission (Fixture *f)
{
  GtkWidget *page = gtk_stack_get_child_by_name (sections (f), co_plan_sections[0].name), *view;
  GtkTextIter start, end;
  GtkTextBuffer *buffer;

  for (guint i = 0; (view = find_widget (page, GTK_TYPE_TEXT_VIEW, i)) != NULL; i++)
    if (gtk_widget_get_mapped (view))
      {
        buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      }
  return NULL;
}

/* The first section shows @group's plan whole, and its check's findings. */
static void
assert_shows_plan (Fixture *f,
                   gint64   group)
{
  g_autoptr(CoItem) plan = co_plan_get (f->store, group, NULL);
  g_autofree char *expected = expected_findings (f, group);
  g_autofree char *mission = shown_mission (f);
  g_autofree char *findings = shown_findings (f);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (sections (f)), ==, co_plan_sections[0].name);
  g_assert_cmpuint (count_blocks (gtk_stack_get_visible_child (sections (f))), ==, co_plan_sections[0].n_blocks);
  g_assert_cmpstr (mission, ==, co_item_get (plan, "mission"));
  g_assert_cmpstr (findings, ==, expected);
}

typedef struct
{
  GPtrArray *blocks;
  guint      last;       /* blocks alive at the last frame */
  guint      most_freed; /* the most one frame freed */
} Freed;

static void
count_freed (GdkFrameClock *clock,
             Freed         *freed)
{
  guint n = count_alive (freed->blocks);

  freed->most_freed = MAX (freed->most_freed, freed->last - MIN (n, freed->last));
  freed->last = n;
}

/* A group changed after every section of its Plan page was shown: the old blocks leave the
 * window at once (none shown) and are freed one a frame, not all in one go; the page then shows
 * the new group's plan, and nothing of the old one is left. */
static void
test_group_change_frees_a_frame (Fixture *f, gconstpointer data)
{
  gint64 left = 1, next = 5;
  g_autoptr(CoItem) next_plan = co_plan_get (f->store, next, NULL);
  g_autoptr(CoItem) left_plan = co_plan_get (f->store, left, NULL);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  Freed freed = { 0 };
  gulong handler;

  g_assert_cmpstr (co_item_get (left_plan, "mission"), !=, co_item_get (next_plan, "mission"));
  open_every_section (f, left);
  freed.blocks = watch_blocks (f);
  freed.last = freed.blocks->len;
  g_assert_cmpuint (freed.last, >, co_plan_n_sections);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_freed), &freed);
  co_window_select_group (f->window, next);
  /* Out of sight at once, not yet freed. */
  count_freed (clock, &freed);
  g_assert_cmpuint (freed.most_freed, <=, 1);
  for (guint i = 0; i < freed.blocks->len; i++)
    {
      GtkWidget *block = *(GtkWidget **) freed.blocks->pdata[i];

      if (block != NULL)
        g_assert_false (gtk_widget_get_mapped (block) || gtk_widget_get_visible (block));
    }
  wait_for_plan (f);
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpuint (freed.most_freed, ==, 1);
  g_assert_cmpuint (count_alive (freed.blocks), ==, 0);
  unwatch_blocks (freed.blocks);

  assert_shows_plan (f, next);
}

/* Groups changed one after the other before the page caught up: it ends on the last one's plan,
 * every block of the others freed. */
static void
test_quick_group_changes (Fixture *f, gconstpointer data)
{
  gint64 groups[] = { 5, 6, 1, 5 };
  gint64 last = groups[G_N_ELEMENTS (groups) - 1];
  g_autoptr(GPtrArray) blocks = NULL;

  open_every_section (f, 1);
  blocks = watch_blocks (f);
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      co_window_select_group (f->window, groups[i]);
      /* One frame of each group's page, its first block made, before the next. */
      if (i % 2 == 0)
        wait_for_frame (GTK_WIDGET (f->window));
    }
  wait_for_plan (f);
  g_assert_cmpuint (count_alive (blocks), ==, 0);
  unwatch_blocks (g_steal_pointer (&blocks));
  assert_shows_plan (f, last);
}

static void
count_unmaps (GtkWidget *widget,
              guint     *unmaps)
{
  (*unmaps)++;
}

/* Another group with a plan leaves the editor shown: switched to the start page and back in the
 * change, all of it was unmapped and mapped again. A group without a plan shows the start page,
 * and the next group's plan the editor again. */
static void
test_group_change_keeps_editor (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 without_plan = co_group_create (f->store, "还没有方案的群", 0, &error);
  GtkWidget *editor;
  guint unmaps = 0;
  gulong handler;

  g_assert_no_error (error);
  open_every_section (f, 1);
  editor = find_widget (GTK_WIDGET (plan_page (f)), ADW_TYPE_LEAFLET, 0);
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_get_mapped (editor));
  handler = g_signal_connect (editor, "unmap", G_CALLBACK (count_unmaps), &unmaps);
  co_window_select_group (f->window, 5);
  wait_for_plan (f);
  g_assert_cmpuint (unmaps, ==, 0);
  assert_shows_plan (f, 5);

  co_window_select_group (f->window, without_plan);
  wait_for_plan (f);
  g_assert_cmpuint (unmaps, ==, 1);
  g_assert_false (gtk_widget_get_mapped (editor));
  g_assert_true (gtk_widget_get_mapped (find_widget (GTK_WIDGET (plan_page (f)), CO_TYPE_PLAN_START, 0)));
  g_signal_handler_disconnect (editor, handler);

  co_window_select_group (f->window, 1);
  wait_for_plan (f);
  g_assert_true (gtk_widget_get_mapped (editor));
  assert_shows_plan (f, 1);
}

/* A group without a plan: every template's row, and the other groups' plans to copy. */
static void
test_start_page (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 group = co_group_create (f->store, "还没有方案的群", 0, &error);
  g_autoptr(GPtrArray) templates = co_template_list ();
  g_autoptr(GListStore) groups = co_group_list (f->store, NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) offered = g_string_new (NULL);
  GtkWidget *start, *row;
  GListModel *names;
  guint n_rows = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) other = g_list_model_get_item (G_LIST_MODEL (groups), i);

      if (co_group_get_id (other) != group && !co_plan_is_empty (f->store, co_group_get_id (other)))
        g_string_append_printf (expected, "%s|", co_group_get_name (other));
    }
  g_assert_cmpuint (expected->len, >, 0);

  co_window_select_group (f->window, group);
  adw_view_stack_set_visible_child_name (group_view_stack (f), "plan");
  wait_for_plan (f);
  start = find_widget (GTK_WIDGET (plan_page (f)), CO_TYPE_PLAN_START, 0);
  for (guint i = 0; (row = find_widget (start, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    n_rows += g_object_get_data (G_OBJECT (row), "co-template") != NULL;
  g_assert_cmpuint (n_rows, ==, templates->len);
  names = adw_combo_row_get_model (ADW_COMBO_ROW (find_widget (start, ADW_TYPE_COMBO_ROW, 0)));
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    g_string_append_printf (offered, "%s|", gtk_string_list_get_string (GTK_STRING_LIST (names), i));
  g_assert_cmpstr (offered->str, ==, expected->str);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("plan-loading/check-arrives", TRUE, test_check_arrives);
  GUI_TEST_ADD ("plan-loading/stale-check-dropped", TRUE, test_stale_check_dropped);
  GUI_TEST_ADD ("plan-loading/blocks-a-frame", TRUE, test_blocks_a_frame);
  GUI_TEST_ADD ("plan-loading/start-page", TRUE, test_start_page);
  GUI_TEST_ADD ("plan-loading/list-items-lazy", TRUE, test_list_items_lazy);
  GUI_TEST_ADD ("plan-loading/group-change-frees-a-frame", TRUE, test_group_change_frees_a_frame);
  GUI_TEST_ADD ("plan-loading/quick-group-changes", TRUE, test_quick_group_changes);
  GUI_TEST_ADD ("plan-loading/group-change-keeps-editor", TRUE, test_group_change_keeps_editor);

  return g_test_run ();
}
