/* test-overview.c: a group's Overview page: fields that save themselves a moment after typing
 * or refuse with the reason, choices saved at once, the parent group, a focused field left as
 * typed, and the plan's goals with where they stand. */
#include "config.h"

#include <string.h>

#include "core/groups/co-group.h"
#include "core/plan/co-plan.h"
#include "core/reports/co-figures.h"
#include "core/store/co-write-queue.h"
#include "gui/widgets/co-field-row.h"
#include "gui-test-util.h"

static AdwEntryRow *
entry_row (Fixture *f,
           guint    nth)
{
  GtkWidget *row = find_widget (GTK_WIDGET (f->window), ADW_TYPE_ENTRY_ROW, nth);

  g_assert_nonnull (row);
  return ADW_ENTRY_ROW (row);
}

typedef struct
{
  CoStore      *store;
  gint64        id;
  CoGroupField  field;
  const char   *value;
} GroupField;

static gboolean
group_field_is (gpointer data)
{
  GroupField *wanted = data;
  g_autoptr(CoGroup) group = co_group_get (wanted->store, wanted->id, NULL);

  return group != NULL && g_strcmp0 (co_group_get_field (group, wanted->field), wanted->value) == 0;
}

/* Until the store holds @value in the group's @field: a field saves a moment after the typing. */
static void
wait_for_saved (Fixture      *f,
                gint64        id,
                CoGroupField  field,
                const char   *value)
{
  GroupField wanted = { f->store, id, field, value };
  g_autofree char *what = g_strdup_printf ("the autosave to store “%s”", value);

  wait_until (group_field_is, &wanted, what);
}

typedef struct
{
  AdwPreferencesRow *row;
  const char        *title;
} Title;

static gboolean
title_is (gpointer data)
{
  Title *wanted = data;

  return g_strcmp0 (adw_preferences_row_get_title (wanted->row), wanted->title) == 0;
}

/* Until @row's title is @title: a refused value's reason replaces the title once the autosave
 * has tried it. */
static void
wait_for_title (AdwEntryRow *row,
                const char  *title)
{
  Title wanted = { ADW_PREFERENCES_ROW (row), title };
  g_autofree char *what = g_strdup_printf ("the row to be titled “%s”", title);

  wait_until (title_is, &wanted, what);
}

/* Fields save themselves; a refused value stays in the field with the reason, nothing saved. */
static void
test_overview_autosave_and_errors (Fixture *f, gconstpointer data)
{
  AdwEntryRow *name = entry_row (f, 0);
  AdwEntryRow *date = entry_row (f, 2);
  gint64 id = co_window_get_selected_group (f->window);
  g_autoptr(CoGroup) group = NULL;
  g_autofree char *shown = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "Research Platform Matrix");

  gtk_editable_set_text (GTK_EDITABLE (name), "  Research Matrix  ");
  wait_for_saved (f, id, CO_GROUP_FIELD_NAME, "Research Matrix");
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_name (group), ==, "Research Matrix");
  g_clear_object (&group);
  /* The sidebar binds its rows to the groups read again when it next lays out. */
  wait_for_frame (GTK_WIDGET (f->window));
  shown = sidebar_text (f);
  g_assert_nonnull (strstr (shown, "Research Matrix|"));

  gtk_editable_set_text (GTK_EDITABLE (name), "   ");
  wait_for_css_class (GTK_WIDGET (name), "error", "the autosave to refuse an empty name");
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_name (group), ==, "Research Matrix");
  g_clear_object (&group);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (name), "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name)), ==,
                   "Name: A group needs a name.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "   ");

  gtk_editable_set_text (GTK_EDITABLE (name), "Growth Hackers Paid Circle");
  wait_for_title (name, "Name: Another group is already called “Growth Hackers Paid Circle”.");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name)), ==,
                   "Name: Another group is already called “Growth Hackers Paid Circle”.");
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_name (group), ==, "Research Matrix");
  g_clear_object (&group);

  gtk_editable_set_text (GTK_EDITABLE (name), "Research Matrix 2026");
  wait_for_saved (f, id, CO_GROUP_FIELD_NAME, "Research Matrix 2026");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (name), "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name)), ==, "Name");

  /* Dates: typed the Chinese way, stored and shown as ISO; nonsense refused. */
  gtk_editable_set_text (GTK_EDITABLE (date), "2027年1月9日");
  wait_for_saved (f, id, CO_GROUP_FIELD_FOUNDING_DATE, "2027-01-09");
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE), ==, "2027-01-09");
  g_clear_object (&group);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, "2027-01-09");

  gtk_editable_set_text (GTK_EDITABLE (date), "2027-02-30");
  wait_for_css_class (GTK_WIDGET (date), "error", "the autosave to refuse February 30");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (date), "error"));
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_FOUNDING_DATE), ==, "2027-01-09");
}

static int
count_changes (CoStore *store)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (store), "test-changes"));
}

static void
on_changed_count (CoStore *store)
{
  g_object_set_data (G_OBJECT (store), "test-changes", GINT_TO_POINTER (count_changes (store) + 1));
}

/* Choosing a parent writes once and settles (a nested notify once made it loop). */
static void
test_overview_parent (Fixture *f, gconstpointer data)
{
  AdwComboRow *parent = ADW_COMBO_ROW (find_row (f, ADW_TYPE_COMBO_ROW, "Parent Group"));
  gint64 id;
  g_autoptr(CoGroup) group = NULL;

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), 3);  /* Growth Hackers */
  id = co_window_get_selected_group (f->window);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (parent)), ==, "Parent Group");
  g_signal_connect (f->store, "changed::groups", G_CALLBACK (on_changed_count), NULL);
  adw_combo_row_set_selected (parent, 1);  /* the first group: the research matrix */
  /* The page writes the parent when idle; a loop would keep the context busy and time out. */
  wait_for_idle ();
  g_assert_cmpint (count_changes (f->store), ==, 1);
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpint (co_group_get_parent_id (group), !=, 0);
}

static gboolean
has_focus_within (gpointer data)
{
  GtkWidget *widget = data;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* A focused field keeps what the user typed; its stored form shows when the focus leaves. */
static void
test_focused_field_not_rewritten (Fixture *f, gconstpointer data)
{
  AdwEntryRow *date = entry_row (f, 2);
  AdwEntryRow *slogan = entry_row (f, 1);
  gint64 id = co_window_get_selected_group (f->window);

  gtk_widget_grab_focus (GTK_WIDGET (date));
  wait_until (has_focus_within, date, "the date field to have the focus");
  gtk_editable_set_text (GTK_EDITABLE (date), "2025/3/1");
  wait_for_saved (f, id, CO_GROUP_FIELD_FOUNDING_DATE, "2025-03-01");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, "2025/3/1");
  gtk_widget_grab_focus (GTK_WIDGET (slogan));
  wait_until (has_focus_within, slogan, "the slogan field to have the focus");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, "2025-03-01");
}

/* A choice saves at once; an edit not yet saved is saved when another group is selected. */
static void
test_overview_choice_and_flush (Fixture *f, gconstpointer data)
{
  gint64 id = co_window_get_selected_group (f->window);
  AdwComboRow *platform = ADW_COMBO_ROW (find_row (f, ADW_TYPE_COMBO_ROW, "Platform"));
  AdwEntryRow *slogan = entry_row (f, 1);
  g_autoptr(CoGroup) group = NULL;

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (platform)), ==, "Platform");
  adw_combo_row_set_selected (platform, 4);  /* after "Not Set": WeChat, WeCom, QQ, Telegram */
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_PLATFORM), ==, "telegram");
  g_clear_object (&group);

  gtk_editable_set_text (GTK_EDITABLE (slogan), "Typed, then switched away at once");
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), 3);
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_SLOGAN), ==, "Typed, then switched away at once");
}

/* Fields edited while an import in a worker holds the write lock: each save returns at once and
 * is kept (the window froze up to 5 s, then the edit failed), the field showing what was typed
 * even when the page reads the store meanwhile; a field saved twice gets its last value; another
 * group shown meanwhile shows its own; once the import commits, all is written into the group
 * that was edited. */
static void
test_overview_fields_while_importing (Fixture *f, gconstpointer data)
{
  gint64 id = co_window_get_selected_group (f->window);
  AdwComboRow *platform = ADW_COMBO_ROW (find_row (f, ADW_TYPE_COMBO_ROW, "Platform"));
  AdwEntryRow *slogan = entry_row (f, 1);
  g_autoptr(CoGroup) group = co_group_get (f->store, id, NULL);
  g_autofree char *slogan_before = g_strdup (co_group_get_field (group, CO_GROUP_FIELD_SLOGAN));
  g_autofree char *platform_before = g_strdup (co_group_get_field (group, CO_GROUP_FIELD_PLATFORM));
  g_autoptr(CoStore) import = NULL;
  g_autoptr(CoGroup) other = NULL;
  gint64 other_id;

  g_assert_cmpstr (platform_before, !=, "telegram");
  g_clear_object (&group);
  import = hold_write_lock (f);
  gtk_editable_set_text (GTK_EDITABLE (slogan), "导入时写的口号");
  co_field_row_flush (GTK_WIDGET (slogan));
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (slogan), "导入时改过的口号");
  co_field_row_flush (GTK_WIDGET (slogan));
  adw_combo_row_set_selected (platform, 4);  /* after "Not Set": WeChat, WeCom, QQ, Telegram */
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 3);
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_SLOGAN), ==, slogan_before);
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_PLATFORM), ==, platform_before);
  g_clear_object (&group);

  /* The page reads the group again (another change): what was typed stays. */
  g_signal_emit_by_name (f->store, "changed::groups", "groups", id);
  wait_for_idle ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (slogan)), ==, "导入时改过的口号");
  g_assert_cmpuint (adw_combo_row_get_selected (platform), ==, 4);

  /* Another group shown meanwhile: its own slogan, and the kept saves still go to the first. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), 3);
  wait_for_idle ();
  other_id = co_window_get_selected_group (f->window);
  g_assert_cmpint (other_id, !=, id);
  other = co_group_get (f->store, other_id, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (slogan)), ==,
                   co_group_get_field (other, CO_GROUP_FIELD_SLOGAN) ? co_group_get_field (other, CO_GROUP_FIELD_SLOGAN) : "");

  release_write_lock (f, g_steal_pointer (&import));
  group = co_group_get (f->store, id, NULL);
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_SLOGAN), ==, "导入时改过的口号");
  g_assert_cmpstr (co_group_get_field (group, CO_GROUP_FIELD_PLATFORM), ==, "telegram");
  g_clear_object (&other);
  other = co_group_get (f->store, other_id, NULL);
  g_assert_cmpstr (co_group_get_field (other, CO_GROUP_FIELD_SLOGAN), !=, "导入时改过的口号");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (slogan), "error"));
}

/* The same, on the group's own page: the saves written, the fields showing them. */
static void
test_overview_field_shown_once_written (Fixture *f, gconstpointer data)
{
  gint64 id = co_window_get_selected_group (f->window);
  AdwEntryRow *date = entry_row (f, 2);
  g_autoptr(CoStore) import = NULL;

  import = hold_write_lock (f);
  gtk_editable_set_text (GTK_EDITABLE (date), "2025/3/1");
  co_field_row_flush (GTK_WIDGET (date));
  g_assert_cmpuint (co_store_get_n_kept_writes (f->store), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, "2025/3/1");
  release_write_lock (f, g_steal_pointer (&import));
  wait_for_saved (f, id, CO_GROUP_FIELD_FOUNDING_DATE, "2025-03-01");
  /* In its stored form, the field not being typed in. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, "2025-03-01");
}

/* The Overview lists the plan's goals with where they stand, and follows new figures. */
static void
test_overview_goals (Fixture *f, gconstpointer data)
{
  gint64 group, goal;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *deadline = g_date_time_format (later, "%Y-%m-%d");
  GtkWidget *row;
  CoDayFigures day;

  /* The page reads a group's goals when idle, once for a burst of changes. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sidebar_model (f)), 4);  /* Trail Running, founded */
  wait_for_idle ();
  group = co_window_get_selected_group (f->window);
  goal = co_list_add (f->store, CO_LIST_GOALS, group, NULL);
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, goal, "metric", "members-total", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, goal, "target", "300", NULL));
  g_assert_true (co_list_set (f->store, CO_LIST_GOALS, goal, "deadline", deadline, NULL));
  wait_for_idle ();
  row = find_row (f, ADW_TYPE_ACTION_ROW, "Members in total");
  g_assert_nonnull (row);

  /* Figures for today: the goal shows them and is reached. */
  co_day_figures_init (&day, group, today);
  day.values[CO_FIGURE_MEMBERS_TOTAL] = 320;
  g_assert_true (co_figures_put (f->store, &day, NULL));
  wait_for_idle ();
  row = find_row (f, ADW_TYPE_ACTION_ROW, "Members in total");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "320 now; target 300 by "));
  g_assert_nonnull (find_widget (row, GTK_TYPE_LABEL, 0));
  {
    gboolean achieved = FALSE;
    GtkWidget *label;
    for (guint i = 0; (label = find_widget (row, GTK_TYPE_LABEL, i)) != NULL; i++)
      achieved |= g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), "Achieved") == 0;
    g_assert_true (achieved);
  }
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("overview-autosave-and-errors", TRUE, test_overview_autosave_and_errors);
  GUI_TEST_ADD ("overview-choice-and-flush", TRUE, test_overview_choice_and_flush);
  GUI_TEST_ADD ("overview-parent", TRUE, test_overview_parent);
  GUI_TEST_ADD ("focused-field-not-rewritten", TRUE, test_focused_field_not_rewritten);
  GUI_TEST_ADD ("overview-goals", TRUE, test_overview_goals);
  GUI_TEST_ADD ("overview-fields-while-importing", TRUE, test_overview_fields_while_importing);
  GUI_TEST_ADD ("overview-field-shown-once-written", TRUE, test_overview_field_shown_once_written);

  return g_test_run ();
}
