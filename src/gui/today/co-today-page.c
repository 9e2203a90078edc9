/* co-today-page.c: the Today place, read again when shown after a change and every minute
 * while shown (who is on duty, what is due, change with the clock). */
#include "config.h"

#include <glib/gi18n.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-member.h"
#include "core/team/co-team.h"
#include "core/today/co-today.h"
#include "gui/today/co-today-follow-ups.h"
#include "gui/today/co-sop-section.h"
#include "gui/today/co-today-qr-codes.h"
#include "gui/today/co-today-page.h"
#include "gui/widgets/co-goal-row.h"
#include "gui/widgets/co-refresh.h"

/* Coming activities are listed this many days ahead. */
#define DAYS_AHEAD 7

struct _CoTodayPage
{
  GtkWidget   parent_instance;

  GtkWidget  *page;     /* AdwPreferencesPage */
  GPtrArray  *sections; /* AdwPreferencesGroup shown */
  CoStore    *store;
  CoRefresh   refresh;
  guint       minute_id;
};

G_DEFINE_FINAL_TYPE (CoTodayPage, co_today_page, GTK_TYPE_WIDGET)

static AdwPreferencesGroup *
add_section (CoTodayPage *self,
             const char  *title,
             const char  *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->sections, group);
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

static void
add_activities (CoTodayPage *self,
                GArray      *ids,
                GHashTable  *names,
                GDateTime   *now)
{
  g_autoptr(GArray) due = co_today_activities (self->store, (gint64 *) ids->data, ids->len, now, DAYS_AHEAD, NULL);
  AdwPreferencesGroup *section =
    add_section (self, _("Coming Activities"),
                 _("Announce each activity the evening before, half a day before and one hour before."));

  if (due == NULL || due->len == 0)
    {
      add_row (section, _("No activities in the next 7 days"), _("Activities are planned in each group’s plan."));
      return;
    }
  for (guint i = 0; i < due->len; i++)
    {
      CoDueActivity *activity = &g_array_index (due, CoDueActivity, i);
      g_autofree char *name = co_item_dup_title (activity->activity);
      g_autofree char *start = g_date_time_format (activity->start, activity->has_time ? "%a %x %H:%M" : "%a %x");
      const char *group = g_hash_table_lookup (names, GSIZE_TO_POINTER ((gsize) co_item_get_group_id (activity->activity)));
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
              g_autofree char *state = describe_due (activity->due[a], now, &css_class);

              adw_action_row_set_subtitle (ADW_ACTION_ROW (child), when);
              add_suffix (child, state, css_class);
              due_today |= g_date_time_difference (activity->due[a], now) > -G_TIME_SPAN_HOUR &&
                           g_date_time_difference (activity->due[a], now) < G_TIME_SPAN_DAY;
            }
          else
            adw_action_row_set_subtitle (ADW_ACTION_ROW (child),
                                         _("Give the activity a start time in the plan to schedule this"));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
        }
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), due_today);
      adw_preferences_group_add (section, row);
    }
}

static void
fill (CoTodayPage *self)
{
  g_autoptr(GListStore) groups = co_group_list (self->store, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);
  g_autofree char *heading = g_date_time_format (now, "%A %x");
  g_autoptr(GArray) missing = NULL;
  AdwPreferencesGroup *section;
  guint n_rows;

  for (guint i = 0; i < self->sections->len; i++)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self->page), self->sections->pdata[i]);
  g_ptr_array_set_size (self->sections, 0);
  for (guint i = 0; groups != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (groups)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (groups), i);
      gint64 id = co_group_get_id (group);

      if (co_group_get_archived (group))
        continue;
      g_array_append_val (ids, id);
      g_hash_table_insert (names, GSIZE_TO_POINTER ((gsize) id), g_strdup (co_group_get_name (group)));
    }
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self->page), heading);

  /* Who is on duty right now, group by group. */
  section = add_section (self, _("On Duty Now"), heading);
  n_rows = 0;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GPtrArray) people = co_team_on_duty (self->store, id, now);
      g_autofree char *joined = NULL;

      if (people->len == 0)
        continue;
      g_ptr_array_add (people, NULL);
      /* Translators: separates the names of people on duty */
      joined = g_strjoinv (_(", "), (char **) people->pdata);
      link_row (add_row (section, g_hash_table_lookup (names, GSIZE_TO_POINTER ((gsize) id)), joined), id, "overview");
      n_rows++;
    }
  if (n_rows == 0)
    {
      GtkWidget *row = add_row (section, _("Nobody is on duty right now"),
                                _("Shifts are set in the Team page’s Duty Roster, or in each group’s plan "
                                  "under Team."));
      GtkWidget *roster = gtk_button_new_with_mnemonic (_("_Duty Roster"));

      gtk_widget_set_valign (roster, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (roster, _("Show and edit every group’s week"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (roster), "win.show-duty-roster");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), roster);
    }

  /* The library's group QR codes that lapse soon (co-today-qr-codes.c). */
  if ((section = ADW_PREFERENCES_GROUP (co_today_qr_codes_new (self->store, today))) != NULL)
    {
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), section);
      g_ptr_array_add (self->sections, section);
    }

  /* Follow-ups of members due (待跟进). */
  section = ADW_PREFERENCES_GROUP (co_today_follow_ups_new (self->store, today));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), section);
  g_ptr_array_add (self->sections, section);

  add_activities (self, ids, names, now);

  /* Seed users not yet replied to. */
  section = add_section (self, _("Seed Users Waiting for a Reply"), NULL);
  n_rows = 0;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      CoSeedProgress progress;
      g_autofree char *waiting = NULL;
      guint n_waiting;
      GtkWidget *row;

      if (!co_members_seed_progress (self->store, id, &progress, NULL) || progress.seeds <= progress.replied)
        continue;
      n_waiting = (guint) (progress.seeds - progress.replied);
      waiting = g_strdup_printf (ngettext ("%u seed user waiting", "%u seed users waiting", n_waiting), n_waiting);
      row = add_row (section, g_hash_table_lookup (names, GSIZE_TO_POINTER ((gsize) id)), waiting);
      link_row (row, id, "members");
      n_rows++;
    }
  if (n_rows == 0)
    add_row (section, _("Every seed user has had a reply"), NULL);

  /* Goals at risk or off track. */
  section = add_section (self, _("Goals at Risk"), co_goal_rule ());
  n_rows = 0;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GListStore) goals = co_list_items (self->store, CO_LIST_GOALS, id, NULL);

      for (guint j = 0; goals != NULL && j < g_list_model_get_n_items (G_LIST_MODEL (goals)); j++)
        {
          g_autoptr(CoItem) goal = g_list_model_get_item (G_LIST_MODEL (goals), j);
          CoGoalProgress progress;
          GtkWidget *row;

          co_goal_progress (self->store, goal, today, &progress, NULL);
          if (!co_goal_needs_attention (progress.status))
            continue;
          row = co_goal_row_new (goal, &progress, g_hash_table_lookup (names, GSIZE_TO_POINTER ((gsize) id)));
          link_row (row, id, "overview");
          adw_preferences_group_add (section, row);
          n_rows++;
        }
    }
  if (n_rows == 0)
    add_row (section, _("No goal is at risk"), NULL);

  /* Yesterday's figures. */
  {
    g_autofree char *shown = co_date_format_display (yesterday);
    /* Translators: the heading of the groups whose figures of a day are missing */
    g_autofree char *title = g_strdup_printf (_("Figures Missing for %s"), shown);
    GtkWidget *enter = gtk_button_new_with_mnemonic (_("_Enter Figures"));

    section = add_section (self, title, NULL);
    gtk_widget_add_css_class (enter, "flat");
    gtk_actionable_set_action_target (GTK_ACTIONABLE (enter), "s", yesterday);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (enter), "win.enter-figures");
    adw_preferences_group_set_header_suffix (section, enter);
    missing = co_today_missing_figures (self->store, (gint64 *) ids->data, ids->len, yesterday, NULL);
    for (guint i = 0; missing != NULL && i < missing->len; i++)
      add_row (section, g_hash_table_lookup (names, GSIZE_TO_POINTER ((gsize) g_array_index (missing, gint64, i))),
               NULL);
    if (missing == NULL || missing->len == 0)
      add_row (section, _("Every group’s figures are in"), NULL);
    gtk_widget_set_visible (enter, missing != NULL && missing->len > 0);
  }
}

static void
reload (GtkWidget *widget)
{
  CoTodayPage *self = CO_TODAY_PAGE (widget);

  if (self->store != NULL)
    fill (self);
}

static void
queue_reload (CoTodayPage *self)
{
  co_refresh_queue (&self->refresh);
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
}

void
co_today_page_set_store (CoTodayPage *self,
                         CoStore     *store)
{
  g_return_if_fail (CO_IS_TODAY_PAGE (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  /* The SOP's tasks, a section of their own above the rest (co-sop-section.c). */
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (co_sop_section_new (store)));
  g_signal_connect_object (store, "changed", G_CALLBACK (queue_reload), self, G_CONNECT_SWAPPED);
  queue_reload (self);
}

static void
co_today_page_dispose (GObject *object)
{
  CoTodayPage *self = CO_TODAY_PAGE (object);

  co_refresh_clear (&self->refresh);
  g_clear_handle_id (&self->minute_id, g_source_remove);
  g_clear_pointer (&self->page, gtk_widget_unparent);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
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
  self->page = adw_preferences_page_new ();
  self->sections = g_ptr_array_new ();
  gtk_widget_set_parent (self->page, GTK_WIDGET (self));
  co_refresh_init (&self->refresh, GTK_WIDGET (self), reload);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), NULL);
}
