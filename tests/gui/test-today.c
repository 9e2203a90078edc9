/* test-today.c: the Today place lists the sample's coming activities with their
 * announcements; with nobody on duty, it says where shifts are set and goes to the roster; it
 * reads in a worker, never on the window's connection, with a spinner until it has; read again,
 * it replaces only the sections that changed; the SOP's tasks are shown before the other
 * sections; Goals at Risk gives its rule on demand. */
#include "config.h"

#include <string.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-member-notes.h"
#include "core/reports/co-goal.h"
#include "core/today/co-today.h"
#include "core/store/co-store-private.h"
#include "gui/team/co-team-page.h"
#include "gui/today/co-sop-section.h"
#include "gui/today/co-today-page.h"
#include "gui/widgets/co-roster-grid.h"
#include "gui/widgets/co-spinner.h"
#include "gui/widgets/co-tooltip.h"
#include "gui-test-util.h"

static gboolean
today_loaded (gpointer data)
{
  return !co_today_page_is_loading (data);
}

/* Today lists the sample's coming activities with their announcements. */
static void
test_today_page (Fixture *f, gconstpointer data)
{
  GtkWidget *today = find_widget (GTK_WIDGET (f->window), CO_TYPE_TODAY_PAGE, 0);
  GtkWidget *row;
  gboolean evening = FALSE, seeds = FALSE;

  co_window_show_place (f->window, "today");
  /* The page reads the store when first shown, and when idle after a change, in a worker. */
  wait_until (today_loaded, today, "Today to be read");
  for (guint i = 0; (row = find_widget (today, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
      evening |= g_str_equal (title, "The evening before");
      seeds |= subtitle != NULL && strstr (subtitle, "seed users waiting") != NULL;
    }
  g_assert_true (evening);
  g_assert_true (seeds);
}

static gboolean
team_roster_mapped (gpointer data)
{
  Fixture *f = data;
  GtkWidget *team = find_widget (GTK_WIDGET (f->window), CO_TYPE_TEAM_PAGE, 0);
  GtkWidget *grid;

  for (guint i = 0; (grid = find_widget (team, CO_TYPE_ROSTER_GRID, i)) != NULL; i++)
    if (gtk_widget_get_mapped (grid) &&
        g_str_equal (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (grid)), "The Week"))
      return TRUE;
  return FALSE;
}

/* With nobody on duty, Today says that shifts are set in each group's plan, and its button
 * shows the Team page's roster, where each group's week leads to them. */
static void
test_nobody_on_duty (Fixture *f, gconstpointer data)
{
  GtkWidget *today = find_widget (GTK_WIDGET (f->window), CO_TYPE_TODAY_PAGE, 0);
  GtkWidget *row, *button;
  gboolean said = FALSE;

  co_window_show_place (f->window, "today");
  wait_until (today_loaded, today, "Today to be read");
  for (guint i = 0; (row = find_widget (today, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Nobody is on duty right now"))
      {
        said = TRUE;
        g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "the Team page’s Duty Roster"));
        g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "set on the Team page"));
      }
  g_assert_true (said);
  button = wait_for_button (today, "_Duty Roster");
  g_signal_emit_by_name (button, "clicked");
  wait_until (team_roster_mapped, f, "the Team page's duty roster to show");
}

static gboolean
sop_made (gpointer data)
{
  return !co_sop_section_is_expanding (data);
}

/* Today reads in a worker on a connection of its own: meanwhile a spinner turns where its
 * sections will be, and the window's connection runs no statement for it, whatever it shows. */
static void
test_today_reads_in_worker (Fixture *f, gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (CO_TYPE_TODAY_PAGE, NULL);
  /* A connection of the page's own, so that only its statements are counted. */
  g_autoptr(CoStore) store = co_store_open (co_store_get_path (f->store), NULL);
  GtkWidget *spinner, *row;
  gboolean seeds = FALSE;

  co_today_page_set_store (CO_TODAY_PAGE (page), store);
  gtk_window_set_child (GTK_WINDOW (window), page);
  /* Before anything was read: the spinner alone. */
  spinner = find_widget (page, GTK_TYPE_SPINNER, 0);
  g_assert_nonnull (spinner);
  g_assert_true (co_spinner_is_busy (GTK_SPINNER (spinner)));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_null (find_widget (page, ADW_TYPE_EXPANDER_ROW, 0));
  gtk_window_present (GTK_WINDOW (window));
  wait_until (today_loaded, page, "Today to be read");
  g_assert_false (gtk_widget_get_mapped (spinner) && gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_nonnull (find_widget (page, ADW_TYPE_EXPANDER_ROW, 0));
  for (guint i = 0; (row = find_widget (page, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
      seeds |= subtitle != NULL && strstr (subtitle, "seed users waiting") != NULL;
    }
  g_assert_true (seeds);

  /* Read again after a change: from a worker again. (Making the SOP's tasks, which the page
   * started, writes: it is waited for first.) */
  wait_until (sop_made, find_widget (page, CO_TYPE_SOP_SECTION, 0), "the SOP's tasks to be made");
  co_store_count_statements (store);
  g_signal_emit_by_name (store, "changed", "follow_ups", (gint64) 0);
  g_assert_true (co_today_page_is_loading (CO_TODAY_PAGE (page)));
  wait_until (today_loaded, page, "Today to be read again");
  g_assert_nonnull (find_widget (page, ADW_TYPE_EXPANDER_ROW, 0));
  g_assert_cmpuint (co_store_get_n_statements (store), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A section lists twelve groups at most and counts the rest: a workspace of a thousand groups
 * would otherwise build thousands of rows on the main thread. */
static void
test_today_counts_the_rest (Fixture *f, gconstpointer data)
{
  GtkWidget *today = find_widget (GTK_WIDGET (f->window), CO_TYPE_TODAY_PAGE, 0);
  GtkWidget *row;
  guint n_named = 0;
  gboolean counted = FALSE;

  /* Fifteen groups without a founding date: none has yesterday's figures. */
  for (guint i = 0; i < 15; i++)
    {
      g_autofree char *name = g_strdup_printf ("Group %02u", i);
      g_assert_cmpint (co_group_create (f->store, name, 0, NULL), >, 0);
    }
  co_window_show_place (f->window, "today");
  wait_until (today_loaded, today, "Today to be read");
  for (guint i = 0; (row = find_widget (today, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      GtkWidget *section = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (!g_str_has_prefix (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (section)), "Figures Missing"))
        continue;
      n_named += g_str_has_prefix (title, "Group ");
      counted |= g_str_equal (title, "3 more groups");
    }
  g_assert_cmpuint (n_named, ==, 12);
  g_assert_true (counted);
}

/* The sections below the SOP's tasks, in the order shown (referenced: a section replaced is
 * still compared). */
static GPtrArray *
shown_sections (GtkWidget *today)
{
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *sop = find_widget (today, CO_TYPE_SOP_SECTION, 0);

  for (GtkWidget *section = gtk_widget_get_next_sibling (sop); section != NULL;
       section = gtk_widget_get_next_sibling (section))
    if (gtk_widget_get_visible (section))
      g_ptr_array_add (shown, g_object_ref (section));
  return shown;
}

static const char *
section_title (GPtrArray *shown,
               guint      i)
{
  return adw_preferences_group_get_title (shown->pdata[i]);
}

/* Whether section @i may have changed with the clock alone: the coming activities' "in 3 h
 * 20 min" moves every minute, who is on duty with the shifts. */
static gboolean
moves_with_the_clock (GPtrArray *shown,
                      guint      i)
{
  return g_str_equal (section_title (shown, i), "Coming Activities") ||
         g_str_equal (section_title (shown, i), "On Duty Now");
}

/* Read again, Today keeps each section that shows the same as before: the same widgets, neither
 * styled nor laid out again, nothing blinking. A section that changed is replaced in its place. */
static void
test_today_keeps_what_did_not_change (Fixture *f, gconstpointer data)
{
  GtkWidget *today = find_widget (GTK_WIDGET (f->window), CO_TYPE_TODAY_PAGE, 0);
  g_autofree char *date = co_date_today ();
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  guint follow_ups = G_MAXUINT;

  co_window_show_place (f->window, "today");
  wait_until (today_loaded, today, "Today to be read");
  before = shown_sections (today);
  g_assert_cmpuint (before->len, >=, 5);

  /* A change that no section shows: every section kept. */
  g_signal_emit_by_name (f->store, "changed", "follow_ups", (gint64) 0);
  g_assert_true (co_today_page_is_loading (CO_TODAY_PAGE (today)));
  wait_until (today_loaded, today, "Today to be read again");
  after = shown_sections (today);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_true (after->pdata[i] == before->pdata[i] || moves_with_the_clock (after, i));
  g_clear_pointer (&after, g_ptr_array_unref);

  /* A follow-up done: its section replaced where it was, the others kept. */
  due = co_today_follow_ups (f->store, date, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, >, 0);
  g_assert_true (co_follow_up_set_done (f->store, ((CoDueFollowUp *) due->pdata[0])->id, date, &error));
  g_assert_no_error (error);
  wait_until (today_loaded, today, "Today to be read after the follow-up");
  after = shown_sections (today);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    {
      g_assert_cmpstr (section_title (after, i), ==, section_title (before, i));
      if (g_str_equal (section_title (after, i), "Follow-ups"))
        follow_ups = i;
      else
        g_assert_true (after->pdata[i] == before->pdata[i] || moves_with_the_clock (after, i));
    }
  g_assert_cmpuint (follow_ups, <, after->len);
  g_assert_true (after->pdata[follow_ups] != before->pdata[follow_ups]);
}

/* The sections below the SOP's tasks built so far, shown or still hidden to be revealed (the
 * spinner's group, a placeholder, left out). */
static guint
count_built_sections (GtkWidget *page)
{
  GtkWidget *sop = find_widget (page, CO_TYPE_SOP_SECTION, 0);
  guint n = 0;

  for (GtkWidget *section = gtk_widget_get_next_sibling (sop); section != NULL;
       section = gtk_widget_get_next_sibling (section))
    n += find_widget (section, GTK_TYPE_SPINNER, 0) == NULL;
  return n;
}

typedef struct
{
  GtkWidget *sop;
  GtkWidget *spinner;
  GtkWidget *page;
  gboolean   tasks_shown;  /* a frame's ticks ended with the tasks read and shown */
  guint      built;        /* the sections built at the last layout */
} TasksFirst;

/* Keeps the SOP's tasks reading, read again at every iteration, until the other sections are read. */
static gboolean
others_read (gpointer data)
{
  TasksFirst *watch = data;

  co_sop_section_reload (CO_SOP_SECTION (watch->sop));
  return !gtk_widget_is_visible (watch->spinner);
}

/* After the frame's ticks, among them the page's look at the tasks. */
static void
on_ticks_done (GdkFrameClock *clock,
               TasksFirst    *watch)
{
  watch->tasks_shown |= !co_sop_section_is_reading (CO_SOP_SECTION (watch->sop));
}

/* At most one section more than at the last frame's layout. */
static void
on_layout (GdkFrameClock *clock,
           TasksFirst    *watch)
{
  guint built = count_built_sections (watch->page);

  g_assert_cmpuint (built, <=, watch->built + 1);
  watch->built = built;
}

/* The SOP's tasks, the section people come for, are shown first: the other sections, read,
 * wait until its rows are read and shown, so that theirs do not slow the showing of the tasks. */
static void
test_today_tasks_first (Fixture *f, gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (CO_TYPE_TODAY_PAGE, NULL);
  TasksFirst watch;
  GdkFrameClock *clock;
  gulong after_ticks, layout;

  co_today_page_set_store (CO_TODAY_PAGE (page), f->store);
  gtk_window_set_child (GTK_WINDOW (window), page);
  watch.sop = find_widget (page, CO_TYPE_SOP_SECTION, 0);
  watch.spinner = find_widget (page, GTK_TYPE_SPINNER, 0);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (others_read, &watch, "the other sections to be read");
  /* Read, they wait for the tasks, frame after frame: none is built unless a frame's ticks
   * ended with the tasks shown (a reading asked for may be done before the frame comes). */
  clock = gtk_widget_get_frame_clock (page);
  watch.page = page;
  watch.tasks_shown = FALSE;
  watch.built = 0;
  after_ticks = g_signal_connect_after (clock, "update", G_CALLBACK (on_ticks_done), &watch);
  layout = g_signal_connect (clock, "layout", G_CALLBACK (on_layout), &watch);
  for (guint i = 0; i < 5; i++)
    {
      co_sop_section_reload (CO_SOP_SECTION (watch.sop));
      wait_for_frame (page);
      if (!watch.tasks_shown)
        g_assert_cmpuint (count_built_sections (page), ==, 0);
    }
  /* The tasks shown, they follow, one a frame (on_layout): built together, they were drawn in
   * one frame. */
  wait_until (today_loaded, page, "Today to be shown");
  g_signal_handler_disconnect (clock, after_ticks);
  g_signal_handler_disconnect (clock, layout);
  g_assert_false (co_sop_section_is_reading (CO_SOP_SECTION (watch.sop)));
  g_assert_cmpuint (count_built_sections (page), >=, 5);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Goals at Risk says in a line what the section holds, and gives the whole rule of how goals are
 * judged on demand: wrapped in the heading, its paragraph cost the frame that showed it 20 ms. */
static void
test_today_goal_rule_on_demand (Fixture *f, gconstpointer data)
{
  GtkWidget *today = find_widget (GTK_WIDGET (f->window), CO_TYPE_TODAY_PAGE, 0);
  g_autoptr(GPtrArray) shown = NULL;
  GtkWidget *goals = NULL, *button, *scrolled, *popover, *label;
  GtkAdjustment *adjustment;
  graphene_point_t top;

  co_window_show_place (f->window, "today");
  wait_until (today_loaded, today, "Today to be read");
  shown = shown_sections (today);
  for (guint i = 0; i < shown->len; i++)
    if (g_str_equal (section_title (shown, i), "Goals at Risk"))
      goals = shown->pdata[i];
  g_assert_nonnull (goals);
  g_assert_cmpuint (g_utf8_strlen (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (goals)), -1), <, 80);
  button = find_widget (goals, GTK_TYPE_MENU_BUTTON, 0);
  g_assert_nonnull (button);
  g_assert_cmpstr (co_tooltip_get_text (button), ==, "How goals are judged");
  /* Scrolled into sight, so that the popover has a place on the screen. */
  scrolled = gtk_widget_get_ancestor (button, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_compute_point (button, scrolled, &GRAPHENE_POINT_INIT (0, 0), &top));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + top.y - 100);
  wait_for_transitions (GTK_WIDGET (f->window));
  wait_for_frame (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  /* As a click does: GtkPopover 4.8 fails when shown with nothing focused. */
  gtk_widget_grab_focus (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_nonnull (popover);
  wait_until (popover_shown, popover, "the rule to be shown");
  label = find_widget (popover, GTK_TYPE_LABEL, 0);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, co_goal_rule ());
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  GUI_TEST_ADD ("today-page", TRUE, test_today_page);
  /* An empty workspace: nobody is on duty at any hour. */
  GUI_TEST_ADD ("nobody-on-duty", FALSE, test_nobody_on_duty);
  GUI_TEST_ADD ("today-reads-in-worker", TRUE, test_today_reads_in_worker);
  GUI_TEST_ADD ("today-counts-the-rest", FALSE, test_today_counts_the_rest);
  GUI_TEST_ADD ("today-keeps-what-did-not-change", TRUE, test_today_keeps_what_did_not_change);
  GUI_TEST_ADD ("today-tasks-first", TRUE, test_today_tasks_first);
  GUI_TEST_ADD ("today-goal-rule-on-demand", TRUE, test_today_goal_rule_on_demand);

  return g_test_run ();
}
