/* co-today-page.c: the Today place, read again when shown after a change and every minute
 * while shown (who is on duty, what is due, change with the clock). Its sections are read in a
 * worker on a connection of their own (co-today-section.h), so that a workspace of a thousand
 * groups never holds the window: the page keeps what it showed, or a spinner the first time,
 * until they arrive; a result that a newer reading superseded is dropped. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-member.h"
#include "core/reports/co-goal.h"
#include "core/store/co-read-worker.h"
#include "core/team/co-team.h"
#include "core/today/co-today.h"
#include "gui/today/co-sop-section.h"
#include "gui/today/co-today-follow-ups.h"
#include "gui/today/co-today-page.h"
#include "gui/today/co-today-qr-codes.h"
#include "gui/widgets/co-goal-row.h"
#include "gui/widgets/co-refresh.h"
#include "gui/widgets/co-reveal.h"
#include "gui/widgets/co-spinner.h"
#include "gui/widgets/co-tooltip.h"

/* Coming activities are listed this many days ahead. */
#define DAYS_AHEAD 7
/* A section shows at most this many rows, then counts the rest: a workspace of a thousand
 * groups would otherwise build thousands of rows, too many for one frame and for a reader. */
#define MAX_ROWS 12
/* The sections below the SOP's tasks: as many as sections[] below. */
#define N_SECTIONS 7

struct _CoTodayPage
{
  GtkWidget     parent_instance;

  GtkWidget    *page;         /* AdwPreferencesPage */
  GtkWidget    *placeholder;  /* a spinner until the first reading arrives */
  GtkWidget    *spinner;
  GtkWidget    *sop;          /* CoSopSection, which reads its own */
  GtkWidget    *shown[N_SECTIONS];     /* each section's AdwPreferencesGroup shown, or NULL */
  CoStore      *store;
  CoRefresh     refresh;
  CoReveal      reveal;       /* the sections, shown a few rows a frame */
  GCancellable *reading;      /* the reading under way, or NULL */
  struct _Reading *showing;   /* the reading being shown, a section an iteration, or NULL */
  guint         next_section; /* … the next one of it */
  guint         show_id;
  guint         wait_id;      /* a tick callback waiting for the SOP's tasks to be shown */
  guint         minute_id;
};

G_DEFINE_FINAL_TYPE (CoTodayPage, co_today_page, GTK_TYPE_WIDGET)

/* ---- rows ----------------------------------------------------------------------------------- */

static AdwPreferencesGroup *
new_section (const char *title,
             const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return ADW_PREFERENCES_GROUP (group);
}

static GtkWidget *
add_row (AdwPreferencesGroup *section,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (section, row);
  return row;
}

/* A row that opens a group's page, with an arrow saying so. */
static void
link_row (GtkWidget  *row,
          gint64      group_id,
          const char *page)
{
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  /* The target first: an action name without its target is refused. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(xs)", group_id, page);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-group");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
}

static void
add_suffix (GtkWidget  *row,
            const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, css_class);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
}

/* "in 3 h 20 min", "Passed", "Due now" */
static char *
describe_due (GDateTime *due,
              GDateTime *now,
              const char **css_class)
{
  GTimeSpan left = g_date_time_difference (due, now);
  int minutes = (int) (left / G_TIME_SPAN_MINUTE);  /* a week at most */

  if (left < -G_TIME_SPAN_HOUR)
    {
      *css_class = "dim-label";
      return g_strdup (_("Passed"));
    }
  if (left <= 0)
    {
      *css_class = "warning";
      return g_strdup (_("Due now"));
    }
  *css_class = minutes < 24 * 60 ? "accent" : "dim-label";
  if (minutes < 60)
    /* Translators: an announcement due in some minutes */
    return g_strdup_printf (ngettext ("In %d minute", "In %d minutes", minutes), minutes);
  if (minutes < 24 * 60)
    /* Translators: an announcement due in hours and minutes: "In 3 h 20 min" */
    return g_strdup_printf (_("In %d h %d min"), minutes / 60, minutes % 60);
  /* Translators: an announcement due in some days */
  return g_strdup_printf (ngettext ("In %d day", "In %d days", minutes / (24 * 60)), minutes / (24 * 60));
}

/* ---- on duty now ---------------------------------------------------------------------------- */

typedef struct
{
  gint64     group_id;
  GPtrArray *people;   /* char * */
} OnDuty;

static void
clear_on_duty (gpointer data)
{
  g_ptr_array_unref (((OnDuty *) data)->people);
}

static gpointer
read_on_duty (CoStore              *reader,
              const CoTodayContext *context,
              GCancellable         *cancellable)
{
  GArray *on_duty = g_array_new (FALSE, FALSE, sizeof (OnDuty));

  g_array_set_clear_func (on_duty, clear_on_duty);
  for (guint i = 0; i < context->group_ids->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      OnDuty group = { g_array_index (context->group_ids, gint64, i), NULL };

      group.people = co_team_on_duty (reader, group.group_id, context->now);
      if (group.people->len > 0)
        g_array_append_val (on_duty, group);
      else
        g_ptr_array_unref (group.people);
    }
  return on_duty;
}

static GtkWidget *
show_on_duty (CoStore              *store,
              const CoTodayContext *context,
              gpointer              data)
{
  GArray *on_duty = data;
  g_autofree char *heading = g_date_time_format (context->now, "%A %x");
  AdwPreferencesGroup *section = new_section (_("On Duty Now"), heading);

  for (guint i = 0; i < MIN (on_duty->len, MAX_ROWS); i++)
    {
      OnDuty *group = &g_array_index (on_duty, OnDuty, i);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) people = NULL;
      g_autofree char *joined = NULL;

      for (guint p = 0; p < group->people->len; p++)
        g_strv_builder_add (builder, group->people->pdata[p]);
      people = g_strv_builder_end (builder);
      /* Translators: separates the names of people on duty */
      joined = g_strjoinv (_(", "), people);
      link_row (add_row (section, co_today_group_name (context, group->group_id), joined), group->group_id,
                "overview");
    }
  if (on_duty->len > MAX_ROWS)
    {
      guint more = on_duty->len - MAX_ROWS;
      g_autofree char *counted = g_strdup_printf (ngettext ("%u more group", "%u more groups", more), more);

      add_row (section, counted, NULL);
    }
  if (on_duty->len == 0)
    {
      GtkWidget *row = add_row (section, _("Nobody is on duty right now"),
                                _("Shifts are set in the Team page’s Duty Roster, or in each group’s plan "
                                  "under Team."));
      GtkWidget *roster = gtk_button_new_with_mnemonic (_("_Duty Roster"));

      gtk_widget_set_valign (roster, GTK_ALIGN_CENTER);
      co_tooltip_set_text (roster, _("Show and edit every group’s week"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (roster), "win.show-duty-roster");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), roster);
    }
  return GTK_WIDGET (section);
}

static const CoTodaySection on_duty_section = { read_on_duty, show_on_duty, (GDestroyNotify) g_array_unref };

/* ---- coming activities ---------------------------------------------------------------------- */

static gpointer
read_activities (CoStore              *reader,
                 const CoTodayContext *context,
                 GCancellable         *cancellable)
{
  GArray *due = co_today_activities (reader, (gint64 *) context->group_ids->data, context->group_ids->len,
                                     context->now, DAYS_AHEAD, NULL);

  return due != NULL ? due : g_array_new (FALSE, FALSE, sizeof (CoDueActivity));
}

static GtkWidget *
show_activities (CoStore              *store,
                 const CoTodayContext *context,
                 gpointer              data)
{
  GArray *due = data;
  AdwPreferencesGroup *section =
    new_section (_("Coming Activities"),
                 _("Announce each activity the evening before, half a day before and one hour before."));

  if (due->len == 0)
    add_row (section, _("No activities in the next 7 days"), _("Activities are planned in each group’s plan."));
  for (guint i = 0; i < MIN (due->len, MAX_ROWS); i++)
    {
      CoDueActivity *activity = &g_array_index (due, CoDueActivity, i);
      g_autofree char *name = co_item_dup_title (activity->activity);
      g_autofree char *start = g_date_time_format (activity->start, activity->has_time ? "%a %x %H:%M" : "%a %x");
      const char *group = co_today_group_name (context, co_item_get_group_id (activity->activity));
      /* Translators: a coming activity's group and when it starts */
      g_autofree char *subtitle = g_strdup_printf (_("%s · starts %s"), group ? group : "", start);
      GtkWidget *row = adw_expander_row_new ();
      gboolean due_today = FALSE;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      for (CoAnnouncement a = 0; a < CO_N_ANNOUNCEMENTS; a++)
        {
          GtkWidget *child = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), co_announcement_title (a));
          if (activity->due[a] != NULL)
            {
              g_autofree char *when = g_date_time_format (activity->due[a], "%a %x %H:%M");
              const char *css_class;
              g_autofree char *state = describe_due (activity->due[a], context->now, &css_class);

              adw_action_row_set_subtitle (ADW_ACTION_ROW (child), when);
              add_suffix (child, state, css_class);
              due_today |= g_date_time_difference (activity->due[a], context->now) > -G_TIME_SPAN_HOUR &&
                           g_date_time_difference (activity->due[a], context->now) < G_TIME_SPAN_DAY;
            }
          else
            adw_action_row_set_subtitle (ADW_ACTION_ROW (child),
                                         _("Give the activity a start time in the plan to schedule this"));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
        }
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), due_today);
      adw_preferences_group_add (section, row);
    }
  if (due->len > MAX_ROWS)
    {
      guint more = due->len - MAX_ROWS;
      g_autofree char *counted = g_strdup_printf (ngettext ("%u more activity", "%u more activities", more), more);

      add_row (section, counted, NULL);
    }
  return GTK_WIDGET (section);
}

static const CoTodaySection activities_section = { read_activities, show_activities, (GDestroyNotify) g_array_unref };

/* ---- seed users waiting --------------------------------------------------------------------- */

typedef struct
{
  gint64 group_id;
  guint  n_waiting;
} SeedsWaiting;

static gpointer
read_seeds (CoStore              *reader,
            const CoTodayContext *context,
            GCancellable         *cancellable)
{
  GArray *waiting = g_array_new (FALSE, FALSE, sizeof (SeedsWaiting));

  for (guint i = 0; i < context->group_ids->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      gint64 id = g_array_index (context->group_ids, gint64, i);
      CoSeedProgress progress;

      if (co_members_seed_progress (reader, id, &progress, NULL) && progress.seeds > progress.replied)
        g_array_append_val (waiting, ((SeedsWaiting) { id, (guint) (progress.seeds - progress.replied) }));
    }
  return waiting;
}

static GtkWidget *
show_seeds (CoStore              *store,
            const CoTodayContext *context,
            gpointer              data)
{
  GArray *waiting = data;
  AdwPreferencesGroup *section = new_section (_("Seed Users Waiting for a Reply"), NULL);

  for (guint i = 0; i < MIN (waiting->len, MAX_ROWS); i++)
    {
      SeedsWaiting *group = &g_array_index (waiting, SeedsWaiting, i);
      g_autofree char *text = g_strdup_printf (ngettext ("%u seed user waiting", "%u seed users waiting",
                                                         group->n_waiting), group->n_waiting);

      link_row (add_row (section, co_today_group_name (context, group->group_id), text), group->group_id, "members");
    }
  if (waiting->len > MAX_ROWS)
    {
      guint more = waiting->len - MAX_ROWS;
      g_autofree char *counted = g_strdup_printf (ngettext ("%u more group", "%u more groups", more), more);

      add_row (section, counted, NULL);
    }
  if (waiting->len == 0)
    add_row (section, _("Every seed user has had a reply"), NULL);
  return GTK_WIDGET (section);
}

static const CoTodaySection seeds_section = { read_seeds, show_seeds, (GDestroyNotify) g_array_unref };

/* ---- goals at risk -------------------------------------------------------------------------- */

typedef struct
{
  gint64         group_id;
  CoItem        *goal;
  CoGoalProgress progress;
} GoalAtRisk;

static void
clear_goal_at_risk (gpointer data)
{
  g_object_unref (((GoalAtRisk *) data)->goal);
}

static gpointer
read_goals (CoStore              *reader,
            const CoTodayContext *context,
            GCancellable         *cancellable)
{
  GArray *at_risk = g_array_new (FALSE, FALSE, sizeof (GoalAtRisk));

  g_array_set_clear_func (at_risk, clear_goal_at_risk);
  for (guint i = 0; i < context->group_ids->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      gint64 id = g_array_index (context->group_ids, gint64, i);
      g_autoptr(GListStore) goals = co_list_items (reader, CO_LIST_GOALS, id, NULL);

      for (guint j = 0; goals != NULL && j < g_list_model_get_n_items (G_LIST_MODEL (goals)); j++)
        {
          GoalAtRisk goal = { id, g_list_model_get_item (G_LIST_MODEL (goals), j) };

          co_goal_progress (reader, goal.goal, context->today, &goal.progress, NULL);
          if (co_goal_needs_attention (goal.progress.status))
            g_array_append_val (at_risk, goal);
          else
            g_object_unref (goal.goal);
        }
    }
  return at_risk;
}

/* The rule behind "at risk", made when first asked for: a paragraph this long wrapped in the
 * section's heading cost the first frame that showed it some 20 ms, as GtkLabel finds a wrapped
 * label's width for a height by laying it out a score of times, and the heading asked that
 * several times a frame. */
static void
create_rule_popover (GtkMenuButton *button,
                     gpointer       data)
{
  GtkWidget *popover, *label;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;
  label = gtk_label_new (co_goal_rule ());
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), label);
  gtk_menu_button_set_popover (button, popover);
}

static GtkWidget *
show_goals (CoStore              *store,
            const CoTodayContext *context,
            gpointer              data)
{
  GArray *at_risk = data;
  AdwPreferencesGroup *section =
    new_section (_("Goals at Risk"), _("Goals whose progress has fallen behind the time gone by."));
  GtkWidget *rule = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (rule), "help-about-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (rule), create_rule_popover, NULL, NULL);
  gtk_widget_add_css_class (rule, "flat");
  gtk_widget_set_valign (rule, GTK_ALIGN_CENTER);
  co_tooltip_set_text (rule, _("How goals are judged"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (rule), GTK_ACCESSIBLE_PROPERTY_LABEL, _("How goals are judged"), -1);
  adw_preferences_group_set_header_suffix (section, rule);

  for (guint i = 0; i < MIN (at_risk->len, MAX_ROWS); i++)
    {
      GoalAtRisk *goal = &g_array_index (at_risk, GoalAtRisk, i);
      GtkWidget *row = co_goal_row_new (goal->goal, &goal->progress, co_today_group_name (context, goal->group_id));

      link_row (row, goal->group_id, "overview");
      adw_preferences_group_add (section, row);
    }
  if (at_risk->len > MAX_ROWS)
    {
      guint more = at_risk->len - MAX_ROWS;
      g_autofree char *counted = g_strdup_printf (ngettext ("%u more goal", "%u more goals", more), more);

      add_row (section, counted, NULL);
    }
  if (at_risk->len == 0)
    add_row (section, _("No goal is at risk"), NULL);
  return GTK_WIDGET (section);
}

static const CoTodaySection goals_section = { read_goals, show_goals, (GDestroyNotify) g_array_unref };

/* ---- yesterday's figures -------------------------------------------------------------------- */

static gpointer
read_missing (CoStore              *reader,
              const CoTodayContext *context,
              GCancellable         *cancellable)
{
  GArray *missing = co_today_missing_figures (reader, (gint64 *) context->group_ids->data, context->group_ids->len,
                                              context->yesterday, NULL);

  return missing != NULL ? missing : g_array_new (FALSE, FALSE, sizeof (gint64));
}

static GtkWidget *
show_missing (CoStore              *store,
              const CoTodayContext *context,
              gpointer              data)
{
  GArray *missing = data;
  g_autofree char *shown = co_date_format_display (context->yesterday);
  /* Translators: the heading of the groups whose figures of a day are missing */
  g_autofree char *title = g_strdup_printf (_("Figures Missing for %s"), shown);
  GtkWidget *enter = gtk_button_new_with_mnemonic (_("_Enter Figures"));
  AdwPreferencesGroup *section = new_section (title, NULL);

  gtk_widget_add_css_class (enter, "flat");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (enter), "s", context->yesterday);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (enter), "win.enter-figures");
  adw_preferences_group_set_header_suffix (section, enter);
  for (guint i = 0; i < MIN (missing->len, MAX_ROWS); i++)
    add_row (section, co_today_group_name (context, g_array_index (missing, gint64, i)), NULL);
  if (missing->len > MAX_ROWS)
    {
      guint more = missing->len - MAX_ROWS;
      g_autofree char *counted = g_strdup_printf (ngettext ("%u more group", "%u more groups", more), more);

      add_row (section, counted, NULL);
    }
  if (missing->len == 0)
    add_row (section, _("Every group’s figures are in"), NULL);
  gtk_widget_set_visible (enter, missing->len > 0);
  return GTK_WIDGET (section);
}

static const CoTodaySection missing_section = { read_missing, show_missing, (GDestroyNotify) g_array_unref };

/* ---- the page ------------------------------------------------------------------------------- */

/* The sections below the SOP's tasks (a widget of their own, co-sop-section.c), in order. */
static const CoTodaySection *const sections[] = {
  &on_duty_section,
  &co_today_qr_codes_section,
  &co_today_follow_ups_section,
  &activities_section,
  &seeds_section,
  &goals_section,
  &missing_section,
};

G_STATIC_ASSERT (G_N_ELEMENTS (sections) == N_SECTIONS);

/* What the worker read: the context, then each section's data, in the order of sections[]. */
typedef struct _Reading
{
  CoTodayContext context;
  gpointer       data[G_N_ELEMENTS (sections)];
} Reading;

static void
reading_free (Reading *reading)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (reading->data[i] != NULL)
      sections[i]->free (reading->data[i]);
  g_date_time_unref (reading->context.now);
  g_free (reading->context.today);
  g_free (reading->context.yesterday);
  g_clear_pointer (&reading->context.group_ids, g_array_unref);
  g_clear_pointer (&reading->context.group_names, g_hash_table_unref);
  g_free (reading);
}

/* In the worker: the groups, then every section. @data is the moment, taken when asked. */
static gpointer
read_today (CoStore       *reader,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Reading *reading = g_new0 (Reading, 1);
  CoTodayContext *context = &reading->context;
  g_autoptr(GListStore) groups = co_group_list (reader, NULL);

  context->now = g_date_time_ref (data);
  context->today = g_date_time_format (context->now, "%Y-%m-%d");
  context->yesterday = co_date_add_days (context->today, -1);
  context->group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  context->group_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);

      if (co_group_get_archived (group))
        continue;
      g_array_append_val (context->group_ids, id);
      g_hash_table_insert (context->group_names, GSIZE_TO_POINTER ((gsize) id), g_strdup (co_group_get_name (group)));
    }
  for (guint i = 0; i < G_N_ELEMENTS (sections) && !g_cancellable_is_cancelled (cancellable); i++)
    reading->data[i] = sections[i]->read (reader, context, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      reading_free (reading);
      return NULL;
    }
  return reading;
}

/* The list boxes under @widget, their rows hidden to be shown a few a frame, the lists in an
 * expander row's too. */
static void
reveal_lists (CoTodayPage *self,
              GtkWidget   *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX (child))
        co_reveal_add_tree (&self->reveal, child);
      reveal_lists (self, child);
    }
}

/* A section just added, to be shown a few rows a frame: a section styled and laid out whole in
 * one frame would hold the window for several. */
static void
reveal_section (CoTodayPage *self,
                GtkWidget   *section)
{
  co_reveal_add (&self->reveal, section);
  reveal_lists (self, section);
}

/* Section @i of the reading being shown, built again and compared with the one shown: only one
 * that changed replaces it, in its place. AdwPreferencesPage 1.2 cannot insert a group: its
 * groups are the children of one box, the SOP section's parent. */
static void
show_section (CoTodayPage *self,
              guint        i)
{
  GtkWidget *box = gtk_widget_get_parent (self->sop);
  GtkWidget *previous = self->sop;
  GtkWidget *shown = self->shown[i];
  GtkWidget *built;

  g_return_if_fail (GTK_IS_BOX (box));
  for (guint j = 0; j < i; j++)
    if (self->shown[j] != NULL)
      previous = self->shown[j];
  built = sections[i]->show (self->store, &self->showing->context, self->showing->data[i]);
  if (built != NULL)
    g_object_ref_sink (built);
  if (shown != NULL && built != NULL && co_today_same_widgets (shown, built, &self->reveal))
    {
      g_object_unref (built);
      return;
    }
  if (shown != NULL)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (shown));
  g_clear_object (&self->shown[i]);
  if (built == NULL)  /* nothing to say today */
    return;
  self->shown[i] = built;
  gtk_box_insert_child_after (GTK_BOX (box), built, previous);
  reveal_section (self, built);
  co_reveal_start (&self->reveal);
}

static void queue_next_section (CoTodayPage *self);

/* One section an iteration, after the frames, and, shown, one a frame: a section's rows built
 * cold (a dozen activities with their announcements) take milliseconds, all of them together
 * more than a frame; and three small sections built between two frames, then styled, laid out
 * and drawn in the same one, took 17–20 ms (bench-sop-today --sample). */
static gboolean
show_next_section (gpointer data)
{
  CoTodayPage *self = data;

  show_section (self, self->next_section++);
  self->show_id = 0;
  if (self->next_section < N_SECTIONS)
    queue_next_section (self);
  else
    g_clear_pointer (&self->showing, reading_free);
  return G_SOURCE_REMOVE;
}

/* The SOP's tasks first, the section people come for: the other sections wait, checked each
 * frame, until its rows are read and shown, as theirs built and shown in the same frames would
 * slow the showing of its rows. Then the next section once a frame began (the one shown last
 * is drawn in it). */
static gboolean
wait_for_tasks (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  CoTodayPage *self = CO_TODAY_PAGE (widget);

  if (co_sop_section_is_reading (CO_SOP_SECTION (self->sop)))
    return G_SOURCE_CONTINUE;
  self->wait_id = 0;
  self->show_id = g_idle_add (show_next_section, self);
  return G_SOURCE_REMOVE;
}

/* The next section of the reading being shown: after a frame, or at once when no frame comes
 * (the page not shown). */
static void
queue_next_section (CoTodayPage *self)
{
  if (self->show_id != 0 || self->wait_id != 0)
    return;  /* showing or waiting already: the reading taken goes on from its first section */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->wait_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), wait_for_tasks, NULL, NULL);
  else
    self->show_id = g_idle_add (show_next_section, self);
}

/* Shows @reading (taken), from its first section: one still being shown is superseded. */
static void
show_reading (CoTodayPage *self,
              Reading     *reading)
{
  g_autofree char *heading = g_date_time_format (reading->context.now, "%A %x");

  gtk_widget_set_visible (self->placeholder, FALSE);
  co_spinner_set_busy (GTK_SPINNER (self->spinner), FALSE);
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self->page), heading);
  g_clear_pointer (&self->showing, reading_free);
  self->showing = reading;
  self->next_section = 0;
  queue_next_section (self);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  CoTodayPage *self = data;
  g_autoptr(GError) error = NULL;
  Reading *reading;

  /* Superseded by a newer reading, or the page is gone: @self may be too. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->reading);
  if ((reading = co_read_in_worker_finish (result, &error)) == NULL)
    {
      g_warning ("Today could not be read: %s", error->message);
      return;
    }
  show_reading (self, reading);
}

static void
reload (GtkWidget *widget)
{
  CoTodayPage *self = CO_TODAY_PAGE (widget);

  if (self->store == NULL)
    return;
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  self->reading = g_cancellable_new ();
  co_read_in_worker (self->store, read_today, g_date_time_new_now_local (), (GDestroyNotify) g_date_time_unref,
                     (GDestroyNotify) reading_free, self->reading, on_read, self);
}

static void
queue_reload (CoTodayPage *self)
{
  co_refresh_queue (&self->refresh);
}

/* The SOP section reads its tasks itself: none of the others reads them. */
static void
on_store_changed (CoTodayPage *self,
                  const char  *table)
{
  if (g_strcmp0 (table, "sop_tasks") != 0)
    queue_reload (self);
}

static gboolean
on_minute (gpointer data)
{
  queue_reload (data);
  return G_SOURCE_CONTINUE;
}

static void
on_map (CoTodayPage *self)
{
  if (self->minute_id == 0)
    self->minute_id = g_timeout_add_seconds (60, on_minute, self);
}

static void
on_unmap (CoTodayPage *self)
{
  g_clear_handle_id (&self->minute_id, g_source_remove);
  /* No frame comes to a page not shown: the sections left are shown at once. */
  if (self->wait_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->wait_id);
      self->wait_id = 0;
      self->show_id = g_idle_add (show_next_section, self);
    }
}

gboolean
co_today_page_is_loading (CoTodayPage *self)
{
  g_return_val_if_fail (CO_IS_TODAY_PAGE (self), FALSE);

  return self->reading != NULL || self->refresh.idle_id != 0 || self->show_id != 0 || self->wait_id != 0 ||
         co_reveal_is_pending (&self->reveal) ||
         (self->sop != NULL && co_sop_section_is_reading (CO_SOP_SECTION (self->sop)));
}

void
co_today_page_set_store (CoTodayPage *self,
                         CoStore     *store)
{
  g_return_if_fail (CO_IS_TODAY_PAGE (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  /* The SOP's tasks, a section of their own above the rest (co-sop-section.c). */
  self->sop = co_sop_section_new (store);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (self->sop));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (self->placeholder));
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  queue_reload (self);
}

static void
co_today_page_dispose (GObject *object)
{
  CoTodayPage *self = CO_TODAY_PAGE (object);

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  co_refresh_clear (&self->refresh);
  g_clear_handle_id (&self->show_id, g_source_remove);
  if (self->wait_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->wait_id);
  self->wait_id = 0;
  g_clear_pointer (&self->showing, reading_free);
  co_reveal_clear (&self->reveal);
  g_clear_handle_id (&self->minute_id, g_source_remove);
  self->sop = NULL;
  g_clear_pointer (&self->page, gtk_widget_unparent);
  g_clear_object (&self->placeholder);
  for (guint i = 0; i < G_N_ELEMENTS (self->shown); i++)
    g_clear_object (&self->shown[i]);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (co_today_page_parent_class)->dispose (object);
}

static void
co_today_page_class_init (CoTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = co_today_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
co_today_page_init (CoTodayPage *self)
{
  GtkWidget *spinner = self->spinner = gtk_spinner_new ();

  self->page = adw_preferences_page_new ();
  gtk_widget_set_parent (self->page, GTK_WIDGET (self));
  /* Until the first reading arrives; added below the SOP section once the store is set. */
  self->placeholder = g_object_ref_sink (adw_preferences_group_new ());
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (spinner, 48);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading"), -1);
  co_spinner_set_busy (GTK_SPINNER (spinner), TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->placeholder), spinner);
  co_refresh_init (&self->refresh, GTK_WIDGET (self), reload);
  co_reveal_init (&self->reveal, GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), NULL);
}
