/* co-reports-page.c: the Reports place. Only the view shown is computed, once the store has
 * settled (an idle after the last change), and again when it is shown after a change: read in a
 * worker on its own connection (co_report_data_new_async()) while a spinner shows, so that a
 * thousand groups never freeze the window; any change cancels the request under way, and a
 * result that arrives anyway is dropped. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/document/co-report-document.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/members/co-segment.h"
#include "core/reports/co-funnel.h"
#include "core/reports/co-goal.h"
#include "core/reports/co-report-data.h"
#include "core/reports/co-report.h"
#include "gui/reports/co-reports-page.h"
#include "gui/reports/co-weekly-notes.h"
#include "gui/widgets/co-chart.h"
#include "gui/widgets/co-goal-row.h"
#include "gui/widgets/co-pdf-export.h"
#include "gui/widgets/co-refresh.h"
#include "gui/widgets/co-reveal.h"
#include "gui/widgets/co-spinner.h"
#include "gui/widgets/co-toast.h"
#include "gui/widgets/co-tooltip.h"

#define MAX_COMPARED 20
#define TOP_MEMBERS 5

typedef enum
{
  SCOPE_ALL,
  SCOPE_GROUP,
  SCOPE_FAMILY,
  SCOPE_CHOSEN,
  SCOPE_SEGMENT,  /* a saved segment's people: group_id is the segment's id */
} ScopeKind;

typedef struct
{
  ScopeKind kind;
  gint64    group_id;
} Scope;

typedef enum
{
  PERIOD_DAY,
  PERIOD_WEEK,
  PERIOD_MONTH,
  PERIOD_CUSTOM,
} PeriodKind;

struct _CoReportsPage
{
  GtkWidget      parent_instance;

  /* template children */
  GtkWidget     *content;
  GtkDropDown   *scope_dropdown;
  GtkMenuButton *choose_button;
  GtkBox        *choose_box;
  GtkDropDown   *period_dropdown;
  GtkMenuButton *range_button;
  GtkLabel      *from_label;
  GtkCalendar   *from_calendar;
  GtkCalendar   *to_calendar;
  GtkWidget     *to_box;
  AdwViewStack  *view_stack;
  GtkBox        *figures_box;
  GtkBox        *retention_box;
  GtkBox        *funnel_box;
  GtkBox        *weekly_box;
  GtkLabel      *trend_title;
  GtkLabel      *trend_caption;
  GtkDropDown   *figure_dropdown;
  CoChart       *trend_chart;
  GtkWidget     *growth_title;
  CoChart       *growth_chart;
  GtkLabel      *compare_title;
  CoChart       *compare_chart;
  GtkWidget     *computing_box;  /* the spinner over the view while its data is read */
  GtkSpinner    *spinner;

  CoStore       *store;
  GSettings     *settings;
  GListStore    *groups;     /* CoGroup: not archived, in sidebar order */
  GArray        *scopes;     /* Scope at each position of scope_dropdown */
  GArray        *chosen;     /* gint64: the batch */
  GPtrArray     *segments;   /* CoSegment: those usable as a scope */
  char           from[11];
  char           to[11];
  CoTable       *table;      /* what the shown view shows, for export */
  CoRefresh      refresh;
  CoReveal       view_reveal;  /* the view built, shown a few widgets a frame */
  gboolean       groups_read; /* the scopes: read when first needed, not at start-up */
  gboolean       updating;   /* widgets being set from the code */
  GCancellable  *cancellable; /* of the request under way */
  guint          serial;     /* bumped by every change: a result of an older one is dropped */
  gboolean       computing;
  guint          running;    /* requests not back yet, superseded ones included */
  CoWeeklySection *weekly_section;  /* Copy as Text, SOP completion, notes: kept across views */
  GCancellable  *document_cancellable;  /* of the PDF's or the print's document being made */
};

G_DEFINE_FINAL_TYPE (CoReportsPage, co_reports_page, GTK_TYPE_WIDGET)

/* The unit each figure is counted in, for the charts' axes. */
static const char *const figure_units[CO_N_FIGURES] = {
  [CO_FIGURE_MEMBERS_TOTAL] = N_("members"),
  [CO_FIGURE_JOINED] = N_("members"),
  [CO_FIGURE_LEFT] = N_("members"),
  [CO_FIGURE_ACTIVE] = N_("members"),
  [CO_FIGURE_MESSAGES] = N_("messages"),
  [CO_FIGURE_INVITES_SENT] = N_("invitations"),
  [CO_FIGURE_INVITES_ACCEPTED] = N_("invitations"),
  [CO_FIGURE_REGISTRATIONS] = N_("registrations"),
  [CO_FIGURE_CONVERSIONS] = N_("conversions"),
  [CO_FIGURE_POSTS] = N_("posts"),
  [CO_FIGURE_PARTICIPANTS] = N_("people"),
  [CO_FIGURE_FEEDBACK] = N_("items"),
  [CO_FIGURE_QUALITY_FEEDBACK] = N_("items"),
};

static CoWeekStart
week_start (CoReportsPage *self)
{
  return g_settings_get_enum (self->settings, "week-start") == 1 ? CO_WEEK_STARTS_SUNDAY : CO_WEEK_STARTS_MONDAY;
}

static void
set_table (CoReportsPage *self,
           CoTable       *table)
{
  g_clear_pointer (&self->table, co_table_free);
  self->table = table;
}

/* ---- scope --------------------------------------------------------------------------------- */

static CoGroup *
group_at (CoReportsPage *self,
          guint          position)
{
  return g_list_model_get_item (G_LIST_MODEL (self->groups), position);
}

static guint
n_groups (CoReportsPage *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->groups));
}

static const Scope *
current_scope (CoReportsPage *self)
{
  guint position = gtk_drop_down_get_selected (self->scope_dropdown);

  return position < self->scopes->len ? &g_array_index (self->scopes, Scope, position) : NULL;
}

/* The segment of the scope shown, or NULL when it is groups. */
static CoSegment *
scope_segment (CoReportsPage *self)
{
  const Scope *scope = current_scope (self);

  for (guint i = 0; scope != NULL && scope->kind == SCOPE_SEGMENT && self->segments && i < self->segments->len; i++)
    if (((CoSegment *) self->segments->pdata[i])->id == scope->group_id)
      return self->segments->pdata[i];
  return NULL;
}

/* The group ids of the scope shown. */
static GArray *
scope_ids (CoReportsPage *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const Scope *scope = current_scope (self);
  guint depth = 0;
  gboolean inside = FALSE;

  if (scope == NULL)
    return ids;
  if (scope->kind == SCOPE_CHOSEN)
    {
      g_array_append_vals (ids, self->chosen->data, self->chosen->len);
      return ids;
    }
  for (guint i = 0; i < n_groups (self); i++)
    {
      g_autoptr(CoGroup) group = group_at (self, i);
      gint64 id = co_group_get_id (group);

      /* Children follow their parent, deeper: the family ends at the next group as shallow. */
      if (inside && co_group_get_depth (group) <= depth)
        inside = FALSE;
      if (scope->kind == SCOPE_FAMILY && id == scope->group_id)
        {
          inside = TRUE;
          depth = co_group_get_depth (group);
        }
      if (scope->kind == SCOPE_ALL || scope->kind == SCOPE_SEGMENT || inside ||
          (scope->kind == SCOPE_GROUP && id == scope->group_id))
        g_array_append_val (ids, id);
    }
  return ids;
}

static char *
group_name (CoReportsPage *self,
            gint64         id)
{
  for (guint i = 0; i < n_groups (self); i++)
    {
      g_autoptr(CoGroup) group = group_at (self, i);
      if (co_group_get_id (group) == id)
        return g_strdup (co_group_get_name (group));
    }
  return g_strdup ("");
}

static void queue_reload (CoReportsPage *self);

static void
on_chosen_toggled (GtkCheckButton *button,
                   CoReportsPage  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "group-id"));

  for (guint i = 0; i < self->chosen->len; i++)
    if (g_array_index (self->chosen, gint64, i) == id)
      g_array_remove_index (self->chosen, i--);
  if (gtk_check_button_get_active (button))
    g_array_append_val (self->chosen, id);
  queue_reload (self);
}

/* The batch's check buttons, built when the popover opens: a thousand of them are not free. */
static void
on_choose_shown (CoReportsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choose_box))) != NULL)
    gtk_box_remove (self->choose_box, child);
  for (guint i = 0; i < n_groups (self); i++)
    {
      g_autoptr(CoGroup) group = group_at (self, i);
      gint64 id = co_group_get_id (group);
      GtkWidget *button = gtk_check_button_new_with_label (co_group_get_name (group));
      gboolean chosen = FALSE;

      for (guint j = 0; j < self->chosen->len; j++)
        chosen |= g_array_index (self->chosen, gint64, j) == id;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (button), chosen);
      gtk_widget_set_margin_start (button, 6 + 18 * (int) co_group_get_depth (group));
      g_object_set_data (G_OBJECT (button), "group-id", GSIZE_TO_POINTER ((gsize) id));
      g_signal_connect_object (button, "toggled", G_CALLBACK (on_chosen_toggled), self, 0);
      gtk_box_append (self->choose_box, button);
    }
}

static void
load_groups (CoReportsPage *self)
{
  g_autoptr(GListStore) all = co_group_list (self->store, NULL);
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  const Scope *previous = current_scope (self);
  Scope keep = previous ? *previous : (Scope) { SCOPE_ALL, 0 };
  guint select = 0;

  g_list_store_remove_all (self->groups);
  for (guint i = 0; all != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(CoGroup) group = g_list_model_get_item (G_LIST_MODEL (all), i);
      if (!co_group_get_archived (group))
        g_list_store_append (self->groups, group);
    }

  g_array_set_size (self->scopes, 0);
#define ADD_SCOPE(kind_, id_, title_) G_STMT_START {                                          \
    Scope scope_ = { kind_, id_ };                                                            \
    if (scope_.kind == keep.kind && scope_.group_id == keep.group_id)                         \
      select = self->scopes->len;                                                             \
    g_array_append_val (self->scopes, scope_);                                                \
    gtk_string_list_append (titles, title_);                                                  \
  } G_STMT_END
  ADD_SCOPE (SCOPE_ALL, 0, _("All Groups"));
  for (guint i = 0; i < n_groups (self); i++)
    {
      g_autoptr(CoGroup) group = group_at (self, i);
      g_autoptr(CoGroup) next = i + 1 < n_groups (self) ? group_at (self, i + 1) : NULL;

      ADD_SCOPE (SCOPE_GROUP, co_group_get_id (group), co_group_get_name (group));
      if (next != NULL && co_group_get_depth (next) > co_group_get_depth (group))
        {
          /* Translators: the report's scope: a group and the groups under it */
          g_autofree char *family = g_strdup_printf (_("%s and Subgroups"), co_group_get_name (group));
          ADD_SCOPE (SCOPE_FAMILY, co_group_get_id (group), family);
        }
    }
  ADD_SCOPE (SCOPE_CHOSEN, 0, _("Chosen Groups"));
  /* Saved segments: their people, whatever their group. A broken one (a tag deleted since) is
   * left out rather than reported on as everyone. */
  g_clear_pointer (&self->segments, g_ptr_array_unref);
  self->segments = co_segments_list (self->store, NULL);
  for (guint i = 0; self->segments != NULL && i < self->segments->len; i++)
    {
      CoSegment *segment = self->segments->pdata[i];

      if (segment->broken == NULL && segment->filter != NULL)
        {
          /* Translators: a report's scope: a saved segment (分群) of members, by its name */
          g_autofree char *title = g_strdup_printf (_("%s (Segment)"), segment->name);
          ADD_SCOPE (SCOPE_SEGMENT, segment->id, title);
        }
    }
#undef ADD_SCOPE

  self->updating = TRUE;
  gtk_drop_down_set_model (self->scope_dropdown, G_LIST_MODEL (titles));
  gtk_drop_down_set_selected (self->scope_dropdown, select);
  self->updating = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->choose_button), current_scope (self)->kind == SCOPE_CHOSEN);
}

/* ---- period -------------------------------------------------------------------------------- */

static void
calendar_select (GtkCalendar *calendar,
                 const char  *iso)
{
  int y, m, d;
  g_autoptr(GDateTime) date = NULL;

  if (sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return;
  date = g_date_time_new_local (y, m, d, 0, 0, 0);
  gtk_calendar_select_day (calendar, date);
}

static char *
calendar_iso (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  return g_date_time_format (date, "%Y-%m-%d");
}

static void
update_range_label (CoReportsPage *self)
{
  g_autofree char *from = co_date_format_display (self->from);
  g_autofree char *to = co_date_format_display (self->to);
  g_autofree char *label = NULL;
  PeriodKind kind = gtk_drop_down_get_selected (self->period_dropdown);
  gboolean was_updating;

  if (g_str_equal (self->from, self->to))
    label = g_strdup (from);
  else
    /* Translators: a period from one date to another */
    label = g_strdup_printf (_("%s – %s"), from, to);
  gtk_menu_button_set_label (self->range_button, label);
  was_updating = self->updating;
  self->updating = TRUE;
  calendar_select (self->from_calendar, self->from);
  calendar_select (self->to_calendar, self->to);
  self->updating = was_updating;
  gtk_widget_set_visible (self->to_box, kind == PERIOD_CUSTOM);
  gtk_label_set_label (self->from_label, kind == PERIOD_CUSTOM ? _("From") : _("Any Day of the Period"));
}

/* The period of the chosen length that holds @day. */
static void
set_period_around (CoReportsPage *self,
                   const char    *day)
{
  PeriodKind kind = gtk_drop_down_get_selected (self->period_dropdown);
  g_autofree char *from = NULL, *to = NULL;

  switch (kind)
    {
    case PERIOD_DAY:
      from = g_strdup (day);
      to = g_strdup (day);
      break;
    case PERIOD_WEEK:
      from = co_week_first_day (day, week_start (self));
      to = co_date_add_days (from, 6);
      break;
    case PERIOD_MONTH:
      {
        g_autofree char *next_month = NULL;
        from = g_strdup_printf ("%.8s01", day);
        next_month = co_date_add_months (from, 1);
        to = co_date_add_days (next_month, -1);
      }
      break;
    case PERIOD_CUSTOM:
    default:
      {
        /* Keeps its length, starting at @day. */
        GDate first, last;
        g_date_clear (&first, 1);
        g_date_clear (&last, 1);
        g_date_set_parse (&first, self->from);
        g_date_set_parse (&last, self->to);
        from = g_strdup (day);
        to = co_date_add_days (day, g_date_days_between (&first, &last));
      }
      break;
    }
  if (from == NULL || to == NULL)
    return;
  g_strlcpy (self->from, from, sizeof self->from);
  g_strlcpy (self->to, to, sizeof self->to);
  update_range_label (self);
  queue_reload (self);
}

static void
step_period (CoReportsPage *self,
             int            direction)
{
  PeriodKind kind = gtk_drop_down_get_selected (self->period_dropdown);
  g_autofree char *day = NULL;

  if (kind == PERIOD_MONTH)
    day = co_date_add_months (self->from, direction);
  else if (kind == PERIOD_CUSTOM)
    {
      g_autofree char *previous_from = NULL, *previous_to = NULL;
      co_period_previous (self->from, self->to, &previous_from, &previous_to);
      day = direction < 0 ? g_steal_pointer (&previous_from) : co_date_add_days (self->to, 1);
    }
  else
    day = co_date_add_days (self->from, direction * (kind == PERIOD_WEEK ? 7 : 1));
  set_period_around (self, day);
}

static void
on_previous (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  step_period (CO_REPORTS_PAGE (widget), -1);
}

static void
on_next (GtkWidget  *widget,
         const char *action,
         GVariant   *parameter)
{
  step_period (CO_REPORTS_PAGE (widget), 1);
}

static void
on_period_kind (CoReportsPage *self)
{
  g_autofree char *to = g_strdup (self->to);

  if (self->updating)
    return;
  set_period_around (self, gtk_drop_down_get_selected (self->period_dropdown) == PERIOD_CUSTOM ? self->from : to);
}

static void
on_calendar (CoReportsPage *self)
{
  g_autofree char *from = calendar_iso (self->from_calendar);
  g_autofree char *to = calendar_iso (self->to_calendar);

  if (self->updating)
    return;
  if (gtk_drop_down_get_selected (self->period_dropdown) != PERIOD_CUSTOM)
    {
      set_period_around (self, from);
      return;
    }
  /* A custom period: from and to as chosen, in order. */
  g_strlcpy (self->from, strcmp (from, to) <= 0 ? from : to, sizeof self->from);
  g_strlcpy (self->to, strcmp (from, to) <= 0 ? to : from, sizeof self->to);
  update_range_label (self);
  queue_reload (self);
}

/* ---- building blocks ----------------------------------------------------------------------- */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
add_label (GtkBox     *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = new_label (text, css_class);

  gtk_box_append (box, label);
  return label;
}

/* A table as a grid in a card; columns from @first_number on are numbers, aligned right.
 * Only the first @n_columns are shown; the first of each row has the row's @tooltip_column
 * (if not -1) as its tooltip. */
static GtkGrid *
add_table (GtkBox  *box,
           CoTable *table,
           guint    n_columns,
           guint    first_number,
           int      tooltip_column)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_add_css_class (grid, "card");
  gtk_widget_add_css_class (grid, "co-report-table");
  for (guint row = 0; row < co_table_get_n_rows (table); row++)
    for (guint column = 0; column < n_columns; column++)
      {
        GtkWidget *cell = gtk_label_new (co_table_get (table, row, column));

        gtk_label_set_xalign (GTK_LABEL (cell), column >= first_number ? 1 : 0);
        gtk_widget_set_hexpand (cell, column == 0);
        gtk_label_set_wrap (GTK_LABEL (cell), column == 0);
        if (row == 0)
          {
            gtk_widget_add_css_class (cell, "heading");
            gtk_widget_add_css_class (cell, "dim-label");
          }
        else if (column >= first_number)
          gtk_widget_add_css_class (cell, "numeric");
        if (row > 0 && column == 0 && tooltip_column >= 0)
          co_tooltip_set_text (cell, co_table_get (table, row, (guint) tooltip_column));
        gtk_grid_attach (GTK_GRID (grid), cell, (int) column, (int) row, 1, 1);
      }
  gtk_box_append (box, grid);
  return GTK_GRID (grid);
}

static GtkWidget *
add_list (GtkBox *box)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (box, list);
  return list;
}

static void
add_status (GtkBox     *box,
            const char *icon,
            const char *title,
            const char *description)
{
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (status), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (status), description);
  gtk_widget_add_css_class (status, "compact");
  gtk_box_append (box, status);
}

/* "Research Matrix · 11/16/2026 – 11/22/2026" */
static char *
describe (CoReportsPage *self,
          const char    *from,
          const char    *to)
{
  GtkStringObject *scope = gtk_drop_down_get_selected_item (self->scope_dropdown);
  g_autofree char *from_text = co_date_format_display (from);
  g_autofree char *to_text = co_date_format_display (to);

  if (g_str_equal (from, to))
    /* Translators: the report's scope and its day */
    return g_strdup_printf (_("%s · %s"), scope ? gtk_string_object_get_string (scope) : "", from_text);
  /* Translators: the report's scope and its period */
  return g_strdup_printf (_("%s · %s – %s"), scope ? gtk_string_object_get_string (scope) : "", from_text, to_text);
}

typedef struct
{
  GtkWidget    *row;
  CoGoalStatus  status;
} GoalRow;

/* Those that need attention first; goals without figures last. */
static int
goal_urgency (CoGoalStatus status)
{
  switch (status)
    {
    case CO_GOAL_MISSED: return 0;
    case CO_GOAL_OFF_TRACK: return 1;
    case CO_GOAL_AT_RISK: return 2;
    case CO_GOAL_ON_TRACK: return 3;
    case CO_GOAL_NO_DEADLINE: return 4;
    case CO_GOAL_ACHIEVED: return 5;
    case CO_GOAL_NO_DATA:
    case CO_GOAL_NO_TARGET:
    case CO_GOAL_UNMEASURED:
    default: return 6;
    }
}

static int
compare_goal_rows (gconstpointer a,
                   gconstpointer b)
{
  return goal_urgency (((const GoalRow *) a)->status) - goal_urgency (((const GoalRow *) b)->status);
}

/* The goals of the scope's groups with their status (@goals, read with the view's data), those
 * that need attention first. */
static void
add_goals (CoReportsPage *self,
           GtkBox        *box,
           GArray        *ids,
           GPtrArray     *goals,
           CoTable       *export)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (GoalRow));
  GtkWidget *heading, *list;

  if (ids->len > CO_REPORT_MAX_GOAL_GROUPS)
    {
      add_label (box, _("Goals"), "heading");
      add_label (box, _("Goals are listed for up to 50 groups. Choose fewer groups to see them."), "dim-label");
      return;
    }
  for (guint i = 0; goals != NULL && i < goals->len; i++)
    {
      CoReportGoal *goal = goals->pdata[i];
      g_autofree char *name = group_name (self, goal->group_id);
      GoalRow row;

      row.row = co_goal_row_new (goal->goal, &goal->progress, ids->len > 1 ? name : NULL);
      row.status = goal->progress.status;
      g_array_append_val (rows, row);
    }
  if (rows->len == 0)
    return;
  /* Stable: a group's goals keep the plan's order within a status. */
  g_array_sort (rows, compare_goal_rows);
  heading = new_label (_("Goals"), "heading");
  co_tooltip_set_text (heading, co_goal_rule ());
  gtk_box_append (box, heading);
  list = add_list (box);
  for (guint i = 0; i < rows->len; i++)
    {
      GoalRow *row = &g_array_index (rows, GoalRow, i);

      gtk_list_box_append (GTK_LIST_BOX (list), row->row);
      if (export != NULL)
        {
          const char *cells[] = { _("Goals"), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row->row)),
                                  co_goal_status_label (row->status),
                                  adw_action_row_get_subtitle (ADW_ACTION_ROW (row->row)) };
          co_table_add_row (export, cells);
        }
    }
}

/* What a segment's report shows, and what it leaves out and why. */
static void
add_segment_note (GtkBox *box,
                  guint   n_members)
{
  g_autofree char *note = co_report_segment_note (n_members);

  add_label (box, note, "dim-label");
}

/* ---- the figures ------------------------------------------------------------------------- */

static void
show_figures (CoReportsPage *self,
              GArray        *ids,
              CoReportData  *data,
              GError        *error)
{
  g_autofree char *title = describe (self, self->from, self->to);
  CoReport *report = data ? data->report : NULL;
  CoTable *table;
  gboolean estimates = FALSE;

  clear_box (self->figures_box);
  add_label (self->figures_box, title, "title-4");
  if (report == NULL)
    {
      add_status (self->figures_box, "dialog-error-symbolic", _("The Report Could Not Be Made"), error->message);
      set_table (self, NULL);
      return;
    }
  table = co_report_table (report);
  if (co_report_is_of_people (report))
    add_segment_note (self->figures_box, data->n_members);
  for (CoMeasure measure = 0; measure < CO_N_MEASURES; measure++)
    estimates |= co_report_is_estimate (report, measure);
  if (estimates)
    add_label (self->figures_box,
               _("Figures marked “Estimate” come from the daily figures alone: there is no per-member "
                 "activity for these groups in the period. Import activity on the Members page for true "
                 "DAU, WAU, MAU and retention."), "dim-label");
  /* The formula of each figure, on its name. */
  add_table (self->figures_box, table, estimates ? 5 : 4, 1, 5);
  if (!co_report_is_of_people (report))
    add_goals (self, self->figures_box, ids, data->goals, NULL);
  else if (data->tiers != NULL && co_table_get_n_rows (data->tiers) > 1)
    {
      add_label (self->figures_box, _("By Tier"), "heading");
      add_table (self->figures_box, data->tiers, 2, 1, -1);
    }
  set_table (self, table);
}

/* ---- the charts -------------------------------------------------------------------------- */

static void
show_charts (CoReportsPage *self,
             GArray        *ids,
             CoReportData  *data,
             GError        *error)
{
  CoFigure figure = gtk_drop_down_get_selected (self->figure_dropdown);
  const char *figure_title = _(co_figure_spec (figure)->title);
  const char *unit = _(figure_units[figure]);
  const char *header[] = { _("Chart"), _("Period or Group"), _("Value") };
  CoTable *table = co_table_new (G_N_ELEMENTS (header), header);
  g_autofree char *range = NULL, *title = NULL, *compare = NULL, *caption = NULL;
  GArray *trend = data ? data->trend : NULL, *joined = data ? data->joined : NULL;
  GArray *left = data ? data->left : NULL, *compared = data ? data->compared : NULL;
  CoStep step;
  /* A day or a week is too short for a trend: the caption says which span, and why. */
  g_autofree char *from = co_report_chart_span (self->from, self->to, &step, &caption);

  range = describe (self, from, self->to);
  /* Translators: a chart's title: the figure, then the scope and period */
  title = g_strdup_printf (_("%s, %s"), figure_title, range);
  gtk_label_set_label (self->trend_title, title);
  gtk_label_set_label (self->trend_caption, caption);
  /* The charts are of daily figures, a group's: a segment's people have none. */
  {
    gboolean of_people = scope_segment (self) != NULL;
    GtkWidget *charts[] = { GTK_WIDGET (self->figure_dropdown), GTK_WIDGET (self->trend_chart), self->growth_title,
                            GTK_WIDGET (self->growth_chart), GTK_WIDGET (self->compare_title),
                            GTK_WIDGET (self->compare_chart) };

    for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
      gtk_widget_set_visible (charts[i], !of_people);
    if (of_people)
      {
        g_autofree char *scope_title = describe (self, self->from, self->to);

        gtk_label_set_label (self->trend_title, scope_title);
        gtk_label_set_label (self->trend_caption,
                             _("The charts show daily figures, which are counted per group, not per person: they do "
                               "not apply to a segment. Its members’ activity, retention and channels are in the "
                               "Figures, Retention, Weekly and Funnel views."));
        set_table (self, table);
        return;
      }
  }

  if (error != NULL)
    co_widget_show_error (GTK_WIDGET (self), error);
  co_chart_set_lines (self->trend_chart, step, unit, from, self->to);
  if (trend != NULL)
    {
      co_chart_add_series (self->trend_chart, figure_title, trend);
      for (guint i = 0; i < trend->len; i++)
        {
          g_autofree char *value = g_strdup_printf ("%g", g_array_index (trend, CoTrendPoint, i).value);
          const char *row[] = { figure_title, g_array_index (trend, CoTrendPoint, i).start, value };
          co_table_add_row (table, row);
        }
    }
  co_chart_set_lines (self->growth_chart, step, _("members"), from, self->to);
  if (joined != NULL && left != NULL)
    {
      co_chart_add_series (self->growth_chart, _(co_figure_spec (CO_FIGURE_JOINED)->title), joined);
      co_chart_add_series (self->growth_chart, _(co_figure_spec (CO_FIGURE_LEFT)->title), left);
    }

  /* Groups side by side, when there are several. */
  gtk_widget_set_visible (GTK_WIDGET (self->compare_title), ids->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_chart), ids->len > 1);
  if (ids->len > 1 && compared != NULL)
    {
      guint n = MIN (compared->len, MAX_COMPARED);
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *period = describe (self, self->from, self->to);

      for (guint i = 0; i < n; i++)
        {
          CoGroupValue *value = &g_array_index (compared, CoGroupValue, i);
          g_autofree char *text = g_strdup_printf ("%g", value->value);
          const char *row[3] = { _("Groups Compared"), NULL, text };

          g_ptr_array_add (labels, group_name (self, value->group_id));
          g_array_append_val (values, value->value);
          row[1] = labels->pdata[i];
          co_table_add_row (table, row);
        }
      g_ptr_array_add (labels, NULL);
      compare = compared->len > n
                /* Translators: the bar chart's title: the figure, how many groups, the period */
                ? g_strdup_printf (_("%s by Group, the Top %u, %s"), figure_title, n, period)
                /* Translators: the bar chart's title: the figure and the period */
                : g_strdup_printf (_("%s by Group, %s"), figure_title, period);
      gtk_label_set_label (self->compare_title, compare);
      co_chart_set_bars (self->compare_chart, co_figure_is_level (figure) ? _("Mean of the days") : _("Sum of the days"),
                         unit, (const char * const *) labels->pdata, (double *) values->data, values->len);
    }
  set_table (self, table);
}

/* ---- retention ------------------------------------------------------------------------- */

static void
show_retention (CoReportsPage *self,
                GArray        *ids,
                const char    *from,
                CoReportData  *data,
                GError        *error)
{
  g_autofree char *title = describe (self, from, self->to);
  GArray *cohorts = data ? data->cohorts : NULL;
  CoTable *table;
  GtkGrid *grid;
  double largest = 0;

  clear_box (self->retention_box);
  add_label (self->retention_box, title, "title-4");
  add_label (self->retention_box,
             _("Each row is the members who joined in a week; the columns, the share of them active again "
               "1, 7 and 30 days after joining. At least the 12 weeks up to the period’s end are shown. "
               "“—”: that day has not come yet."), "dim-label");
  if (cohorts == NULL)
    {
      add_status (self->retention_box, "dialog-error-symbolic", _("Retention Could Not Be Computed"), error->message);
      set_table (self, NULL);
      return;
    }
  table = co_retention_table (cohorts);
  set_table (self, table);
  if (cohorts->len == 0)
    {
      add_status (self->retention_box, "view-grid-symbolic", _("No Members Joined"),
                  _("Retention needs members with a joined date and their activity. Import both on the "
                    "Members page."));
      return;
    }
  grid = add_table (self->retention_box, table, 5, 1, -1);
  /* Shade each share against the grid's largest: the darker, the more of a week's joiners came
   * back. Shares are mostly small, and an absolute scale would leave them all pale. */
  for (guint row = 0; row < cohorts->len; row++)
    {
      CoCohort *cohort = &g_array_index (cohorts, CoCohort, row);
      double shares[] = { cohort->d1, cohort->d7, cohort->d30 };
      for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
        if (!isnan (shares[i]))
          largest = MAX (largest, shares[i]);
    }
  for (guint row = 0; row < cohorts->len; row++)
    {
      CoCohort *cohort = &g_array_index (cohorts, CoCohort, row);
      double shares[] = { cohort->d1, cohort->d7, cohort->d30 };

      for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
        if (!isnan (shares[i]))
          {
            int level = largest > 0 ? (int) CLAMP (ceil (shares[i] / largest * 5), 0, 5) : 0;
            g_autofree char *heat = g_strdup_printf ("co-heat-%d", level);
            gtk_widget_add_css_class (gtk_grid_get_child_at (grid, 2 + (int) i, 1 + (int) row), heat);
          }
    }
}

/* ---- the funnel -------------------------------------------------------------------------- */

static void
show_funnel (CoReportsPage *self,
             const char    *from,
             CoReportData  *data,
             GError        *error)
{
  g_autofree char *title = describe (self, from, self->to);
  GPtrArray *rows = data ? data->funnel : NULL;
  g_autoptr(CoTable) shown = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  CoFunnelRow *total;
  GtkGrid *grid;
  CoChart *chart;

  clear_box (self->funnel_box);
  add_label (self->funnel_box, title, "title-4");
  add_label (self->funnel_box,
             _("The members who joined in the period (at least the 90 days up to its end), by the channel "
               "they came through. Activated: active within 7 days of joining. Retained: active on a day "
               "30 to 60 days after joining. Converted: made a purchase after joining. The cost is the "
               "channel’s own, or its activity’s spends in the period."), "dim-label");
  if (scope_segment (self) != NULL)
    add_label (self->funnel_box,
               _("A channel’s cost is of every member who joined through it, not of this segment’s alone: "
                 "the costs are not shown for a segment."), "dim-label");
  if (rows == NULL)
    {
      add_status (self->funnel_box, "dialog-error-symbolic", _("The Funnel Could Not Be Computed"), error->message);
      set_table (self, NULL);
      return;
    }
  set_table (self, co_funnel_table (rows));
  total = rows->pdata[rows->len - 1];
  if (total->joined == 0)
    {
      add_status (self->funnel_box, "view-sort-descending-symbolic", _("No Members Joined"),
                  _("The funnel needs members with a joined date. Record each member’s channel in their "
                    "window, or import a “渠道” (channel) column on the Members page."));
      return;
    }
  if (total->open > 0)
    {
      g_autofree char *open = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%d member joined less than 60 days before today: "
                                                            "they may still be retained.",
                                                            "%d members joined less than 60 days before today: "
                                                            "they may still be retained.", (gulong) total->open),
                                               (int) total->open);
      add_label (self->funnel_box, open, "dim-label");
    }

  shown = co_funnel_summary_table (rows);
  for (guint i = 0; i < rows->len && i < MAX_COMPARED; i++)
    {
      CoFunnelRow *row = rows->pdata[i];

      if (row->kind != CO_FUNNEL_ROW_TOTAL)
        {
          double rate = co_funnel_rate (row->converted, row->joined) * 100;
          g_ptr_array_add (labels, g_strdup (row->name));
          g_array_append_val (values, rate);
        }
    }
  grid = add_table (self->funnel_box, shown, CO_FUNNEL_SUMMARY_COLUMNS, 1, -1);
  /* Seven columns fit a narrow window only with headings that may wrap and less space between. */
  gtk_grid_set_column_spacing (grid, 12);
  for (guint c = 1; c < CO_FUNNEL_SUMMARY_COLUMNS; c++)
    {
      GtkLabel *heading = GTK_LABEL (gtk_grid_get_child_at (grid, (int) c, 0));
      gtk_label_set_wrap (heading, TRUE);
      gtk_label_set_justify (heading, GTK_JUSTIFY_RIGHT);
    }
  /* The total stands apart from the channels above it. */
  for (guint c = 0; c < CO_FUNNEL_SUMMARY_COLUMNS; c++)
    gtk_widget_add_css_class (gtk_grid_get_child_at (grid, (int) c, (int) rows->len), "heading");

  add_label (self->funnel_box, _("Conversion Rate by Channel"), "heading");
  chart = co_chart_new ();
  g_ptr_array_add (labels, NULL);
  co_chart_set_bars (chart, _("Converted of those who joined"), "%",
                     (const char * const *) labels->pdata, (double *) values->data, values->len);
  gtk_box_append (self->funnel_box, GTK_WIDGET (chart));
}

/* ---- the weekly report ------------------------------------------------------------------- */

static const CoMeasure weekly_measures[] = {
  CO_MEASURE_MEMBERS_TOTAL, CO_MEASURE_NET_GROWTH, CO_MEASURE_DAU, CO_MEASURE_WAU, CO_MEASURE_MESSAGES,
  CO_MEASURE_INTERACTION_RATE, CO_MEASURE_INVITES_SENT, CO_MEASURE_ACCEPTANCE_RATE, CO_MEASURE_REGISTRATIONS,
  CO_MEASURE_CONVERSIONS, CO_MEASURE_POSTS, CO_MEASURE_QUALITY_FEEDBACK,
};

/* A key figure's card: the value, and below it the change from last week, or why there is none
 * (@first_week: the groups have no figures before this week). Not for a figure of neither week. */
static GtkWidget *
key_figure (CoReport  *report,
            CoMeasure  measure,
            gboolean   first_week)
{
  double value = co_report_get (report, measure), previous = co_report_get_previous (report, measure);
  g_autofree char *value_text = co_report_format_value (report, measure, FALSE);
  g_autofree char *previous_text = co_report_format_value (report, measure, TRUE);
  g_autofree char *detail = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (co_measure_title (measure));
  GtkWidget *number = gtk_label_new (value_text);
  GtkWidget *below;

  if (isnan (value))
    /* Translators: under a key figure of the weekly report that has no value this week */
    detail = g_strdup_printf (_("None this week (last week %s)"), previous_text);
  else if (isnan (previous))
    detail = g_strdup (first_week ? _("First week with figures") : _("None last week to compare with"));
  else
    {
      g_autofree char *change = co_measure_format_change (measure, value, previous);
      /* Translators: under a key figure of the weekly report: the change, and last week's value */
      detail = g_strdup_printf (_("%s (last week %s)"), change, previous_text);
    }
  below = gtk_label_new (detail);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "co-key-figure");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_widget_add_css_class (number, "title-2");
  if (isnan (value))
    gtk_widget_add_css_class (number, "dim-label");
  gtk_widget_add_css_class (below, "caption");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_label_set_xalign (GTK_LABEL (below), 0);
  gtk_label_set_wrap (GTK_LABEL (below), TRUE);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), below);
  co_tooltip_set_text (box, co_measure_formula (measure));
  return box;
}

static GtkWidget *
text_row (const char *title,
          const char *subtitle,
          const char *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

static void
show_weekly (CoReportsPage *self,
             GArray        *ids,
             const char    *from,
             const char    *to,
             CoReportData  *data,
             GError        *error)
{
  g_autofree char *title = describe (self, from, to);
  CoReport *report = data ? data->report : NULL;
  GArray *top = data ? data->top : NULL, *active = data ? data->trend : NULL;
  GListStore *activities, *problems;
  const char *header[] = { _("Section"), _("Item"), _("Value"), _("Detail") };
  CoTable *table = co_table_new (G_N_ELEMENTS (header), header);
  GtkWidget *flow, *list;
  g_autoptr(GString) missing = g_string_new (NULL);
  const char *first_day;
  gboolean first_week;

  clear_box (self->weekly_box);
  {
    GtkWidget *heading = add_label (self->weekly_box, _("Weekly Report"), "title-1");
    gtk_widget_set_margin_bottom (heading, 0);
    add_label (self->weekly_box, title, "dim-label");
  }
  set_table (self, table);
  if (report == NULL)
    {
      add_status (self->weekly_box, "dialog-error-symbolic", _("The Report Could Not Be Made"), error->message);
      return;
    }

  if (co_report_is_of_people (report))
    add_segment_note (self->weekly_box, data->n_members);
  add_label (self->weekly_box, _("Key Figures"), "heading");
  first_day = co_report_get_first_day (report);
  first_week = first_day != NULL && strcmp (first_day, from) >= 0;
  if (first_day == NULL)
    add_status (self->weekly_box, "co-report-symbolic", _("No Figures Yet"),
                _("Enter the day’s figures on the Daily Figures page, or import member activity on the "
                  "Members page, and the week’s figures show here."));
  else if (first_week)
    {
      g_autofree char *day = co_date_format_display (first_day);
      g_autofree char *note = strcmp (first_day, to) > 0
        /* Translators: the weekly report of a week before a group's first figures */
        ? g_strdup_printf (_("No figures before %s: choose a later week."), day)
        /* Translators: the weekly report of a group's first week */
        : g_strdup_printf (_("The first week with figures: none before %s, so there is no last week to "
                             "compare with."), day);
      add_label (self->weekly_box, note, "dim-label");
    }
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 2);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  for (guint i = 0; i < G_N_ELEMENTS (weekly_measures); i++)
    {
      CoMeasure measure = weekly_measures[i];
      double value = co_report_get (report, measure), previous = co_report_get_previous (report, measure);
      g_autofree char *value_text = co_report_format_value (report, measure, FALSE);
      g_autofree char *change = co_measure_format_change (measure, value, previous);
      const char *row[] = { _("Key Figures"), co_measure_title (measure), value_text, change };

      if (co_report_is_of_people (report) && !co_measure_applies_to_people (measure))
        continue;
      /* A figure of neither week is named in one line below the cards, not shown as a card of "—". */
      if (isnan (value) && isnan (previous))
        {
          if (missing->len > 0)
            /* Translators: between the names of figures in a list */
            g_string_append (missing, _(", "));
          g_string_append (missing, co_measure_title (measure));
        }
      else
        gtk_flow_box_append (GTK_FLOW_BOX (flow), key_figure (report, measure, first_week));
      co_table_add_row (table, row);
    }
  gtk_widget_set_visible (flow, gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (flow), 0) != NULL);
  gtk_box_append (self->weekly_box, flow);
  if (first_day != NULL && missing->len > 0)
    {
      /* Translators: under the weekly report's key figures: those without figures this week or last */
      g_autofree char *note = g_strdup_printf (_("No figures this week or last for: %s."), missing->str);
      add_label (self->weekly_box, note, "dim-label");
    }

  if (!co_report_is_of_people (report))
    add_goals (self, self->weekly_box, ids, data->goals, table);

  /* Highlights: the most active members, the activities held, the busiest day. */
  add_label (self->weekly_box, _("Highlights"), "heading");
  list = add_list (self->weekly_box);
  for (guint i = 0; top != NULL && i < top->len; i++)
    {
      CoTopMember *member = &g_array_index (top, CoTopMember, i);
      g_autofree char *name = group_name (self, member->group_id);
      /* Translators: a top member of the week: active days and things done */
      g_autofree char *detail = g_strdup_printf (ngettext ("Active %u day, %u actions", "Active %u days, %u actions",
                                                           (gulong) member->days),
                                                 (guint) member->days, (guint) member->actions);
      g_autofree char *title_text = g_strdup_printf (_("Top member: %s"), member->nickname);
      const char *row[] = { _("Highlights"), title_text, detail, name };

      gtk_list_box_append (GTK_LIST_BOX (list), text_row (title_text, ids->len > 1 ? name : NULL, detail));
      co_table_add_row (table, row);
    }
  activities = data->activities;
  for (guint i = 0; activities != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (activities)); i++)
    {
      g_autoptr(CoItem) activity = g_list_model_get_item (G_LIST_MODEL (activities), i);
      g_autofree char *name = co_item_dup_title (activity);
      g_autofree char *when = co_date_format_display (co_item_get (activity, "start_date"));
      g_autofree char *title_text = g_strdup_printf (_("Activity: %s"), name);
      const char *row[] = { _("Highlights"), title_text, when, "" };

      gtk_list_box_append (GTK_LIST_BOX (list), text_row (title_text, NULL, when));
      co_table_add_row (table, row);
    }
  if (active != NULL && active->len > 0)
    {
      CoTrendPoint *busiest = &g_array_index (active, CoTrendPoint, 0);
      g_autofree char *day = NULL, *value = NULL;

      for (guint i = 1; i < active->len; i++)
        if (g_array_index (active, CoTrendPoint, i).value > busiest->value)
          busiest = &g_array_index (active, CoTrendPoint, i);
      day = co_date_format_display (busiest->start);
      /* Translators: the week's busiest day: how many members were active */
      value = g_strdup_printf (_("%.0f active members"), busiest->value);
      {
        g_autofree char *title_text = g_strdup_printf (_("Busiest day: %s"), day);
        const char *row[] = { _("Highlights"), title_text, value, "" };
        gtk_list_box_append (GTK_LIST_BOX (list), text_row (title_text, NULL, value));
        co_table_add_row (table, row);
      }
    }
  if (gtk_widget_get_first_child (list) == NULL)
    gtk_list_box_append (GTK_LIST_BOX (list), text_row (_("Nothing recorded this week"), NULL, NULL));

  /* The problem log: what came up this week, and what is still open; a group's, not a segment's. */
  if (co_report_is_of_people (report))
    return;
  add_label (self->weekly_box, _("Problems and Suggestions"), "heading");
  list = add_list (self->weekly_box);
  problems = data->problems;
  for (guint i = 0; problems != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (problems)); i++)
    {
      g_autoptr(CoItem) problem = g_list_model_get_item (G_LIST_MODEL (problems), i);
      const char *text = co_item_get (problem, "problem");
      const char *suggestion = co_item_get (problem, "suggestion");
      const char *status = co_choice_label (CO_CHOICE_PROBLEM_STATUS, co_item_get (problem, "status"));
      g_autofree char *subtitle = suggestion ? g_strdup_printf (_("Suggestion: %s"), suggestion) : NULL;
      const char *row[] = { _("Problems and Suggestions"), text ? text : "", status ? status : "",
                            suggestion ? suggestion : "" };

      gtk_list_box_append (GTK_LIST_BOX (list), text_row (text ? text : _("Untitled Problem"), subtitle, status));
      co_table_add_row (table, row);
    }
  if (gtk_widget_get_first_child (list) == NULL)
    gtk_list_box_append (GTK_LIST_BOX (list), text_row (_("No problems logged"), NULL, NULL));
}

/* ---- reload ------------------------------------------------------------------------------ */

static void ensure_groups (CoReportsPage *self);

static CoReportView
shown_view (CoReportsPage *self)
{
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (view, "charts") == 0)
    return CO_REPORT_VIEW_CHARTS;
  if (g_strcmp0 (view, "retention") == 0)
    return CO_REPORT_VIEW_RETENTION;
  if (g_strcmp0 (view, "weekly") == 0)
    return CO_REPORT_VIEW_WEEKLY;
  if (g_strcmp0 (view, "funnel") == 0)
    return CO_REPORT_VIEW_FUNNEL;
  return CO_REPORT_VIEW_FIGURES;
}

/* The days @view reads: retention at least the 12 weeks up to the period's end, the funnel the
 * joins of at least the 90 days up to it, the weekly report the week of its last day, the others
 * the period. */
static void
view_period (CoReportsPage  *self,
             CoReportView    view,
             char          **from,
             char          **to)
{
  if (view == CO_REPORT_VIEW_RETENTION || view == CO_REPORT_VIEW_FUNNEL)
    {
      g_autofree char *earliest = co_date_add_days (self->to, view == CO_REPORT_VIEW_RETENTION ? -83 : -89);
      *from = g_strdup (strcmp (self->from, earliest) < 0 ? self->from : earliest);
      *to = g_strdup (self->to);
    }
  else if (view == CO_REPORT_VIEW_WEEKLY)
    {
      *from = co_week_first_day (self->to, week_start (self));
      *to = co_date_add_days (*from, 6);
    }
  else
    {
      *from = g_strdup (self->from);
      *to = g_strdup (self->to);
    }
}

/* The spinner turns while a view's data or a document is read. */
static void
update_spinner (CoReportsPage *self)
{
  gboolean busy = self->computing || self->document_cancellable != NULL;

  gtk_widget_set_visible (self->computing_box, busy);
  co_spinner_set_busy (self->spinner, busy);
}

static void
set_computing (CoReportsPage *self,
               gboolean       computing)
{
  self->computing = computing;
  update_spinner (self);
  /* The figures of before stay under the spinner until the new ones arrive: no blank flash. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export", !computing);
}

/* A request under way; holds the page, released here on the main thread. */
typedef struct
{
  CoReportsPage *page;
  guint          serial;
  CoReportView   view;
  GArray        *ids;
  char          *from;
  char          *to;
} Request;

static void
request_free (Request *request)
{
  g_object_unref (request->page);
  g_array_unref (request->ids);
  g_free (request->from);
  g_free (request->to);
  g_free (request);
}

static void
data_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Request *request = user_data;
  CoReportsPage *self = request->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(CoReportData) data = co_report_data_new_finish (result, &error);
  GtkBox *box = NULL;  /* the view's box, built anew */

  self->running--;
  /* Cancelled, or superseded by a change since: a newer request is on its way or waiting. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || request->serial != self->serial ||
      self->store == NULL)
    {
      request_free (request);
      return;
    }
  g_clear_object (&self->cancellable);
  set_computing (self, FALSE);
  /* What is still hidden of the view before is shown, to be removed or kept (the notes). */
  co_reveal_finish (&self->view_reveal);
  switch (request->view)
    {
    case CO_REPORT_VIEW_CHARTS:
      show_charts (self, request->ids, data, error);
      break;
    case CO_REPORT_VIEW_RETENTION:
      show_retention (self, request->ids, request->from, data, error);
      box = self->retention_box;
      break;
    case CO_REPORT_VIEW_WEEKLY:
      show_weekly (self, request->ids, request->from, request->to, data, error);
      {
        const Scope *scope = current_scope (self);
        GtkStringObject *name = gtk_drop_down_get_selected_item (self->scope_dropdown);

        co_weekly_section_show (self->weekly_section, self->weekly_box, request->ids, request->from, request->to,
                                scope->kind == SCOPE_ALL ? 0 : scope->kind == SCOPE_GROUP ? scope->group_id : -1,
                                name ? gtk_string_object_get_string (name) : "", g_steal_pointer (&data));
      }
      box = self->weekly_box;
      break;
    case CO_REPORT_VIEW_FUNNEL:
      show_funnel (self, request->from, data, error);
      box = self->funnel_box;
      break;
    case CO_REPORT_VIEW_FIGURES:
    default:
      show_figures (self, request->ids, data, error);
      box = self->figures_box;
      break;
    }
  /* A view's cards, tables and goal rows (twenty action rows on the sample) styled and laid out
   * in one frame would hold the window for several, the more so in the page's first frame: they
   * appear a few a frame, top first. */
  if (box != NULL)
    {
      co_reveal_add_tree (&self->view_reveal, GTK_WIDGET (box));
      co_reveal_start (&self->view_reveal);
    }
  request_free (request);
}

/* Stops the request under way: whatever it reads is out of date. */
static void
supersede (CoReportsPage *self)
{
  self->serial++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
reload (GtkWidget *widget)
{
  CoReportsPage *self = CO_REPORTS_PAGE (widget);
  g_autofree char *today = co_date_today ();
  Request *request;
  CoReportRequest asked;

  if (self->store == NULL)
    return;
  ensure_groups (self);
  if (*self->from == '\0' || current_scope (self) == NULL)
    return;
  supersede (self);
  gtk_widget_set_visible (GTK_WIDGET (self->choose_button), current_scope (self)->kind == SCOPE_CHOSEN);
  request = g_new0 (Request, 1);
  request->page = g_object_ref (self);
  request->serial = self->serial;
  request->view = shown_view (self);
  request->ids = scope_ids (self);
  view_period (self, request->view, &request->from, &request->to);
  asked = (CoReportRequest) {
    .view = request->view,
    .group_ids = (const gint64 *) request->ids->data,
    .n_groups = request->ids->len,
    .from = request->from,
    .to = request->to,
    .today = today,
    .week_start = week_start (self),
    .figure = gtk_drop_down_get_selected (self->figure_dropdown),
    .top_members = TOP_MEMBERS,
    .segment = scope_segment (self) ? scope_segment (self)->filter : NULL,
  };
  self->cancellable = g_cancellable_new ();
  self->running++;
  set_computing (self, TRUE);
  co_report_data_new_async (self->store, &asked, self->cancellable, data_ready, request);
}

static void
queue_reload (CoReportsPage *self)
{
  if (self->updating)
    return;
  supersede (self);
  /* While the spinner turns, its frames can keep an idle from ever running: ask again now. */
  if (self->computing && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      co_refresh_done (&self->refresh);
      reload (GTK_WIDGET (self));
    }
  else
    co_refresh_queue (&self->refresh);
}

/* The scopes of a thousand groups are not read before the page is first wanted. */
static void
ensure_groups (CoReportsPage *self)
{
  g_autofree char *today = NULL, *yesterday = NULL;

  if (self->groups_read)
    return;
  self->groups_read = TRUE;
  load_groups (self);
  if (*self->from == '\0')
    {
      today = co_date_today ();
      yesterday = co_date_add_days (today, -1);
      /* Read by whoever asked for the groups: no second reading when idle. */
      self->updating = TRUE;
      set_period_around (self, yesterday);
      self->updating = FALSE;
    }
}

static void
on_store_changed (CoReportsPage *self,
                  const char    *table)
{
  if ((g_str_equal (table, "groups") || g_str_equal (table, "segments")) && self->groups_read)
    load_groups (self);
  /* The weekly notes' section shows them itself: rebuilding the view would interrupt typing. */
  if (g_str_equal (table, "weekly_notes"))
    return;
  queue_reload (self);
}

/* ---- export -------------------------------------------------------------------------------- */

static void
export_chosen (GtkNativeDialog *chooser,
               int              response,
               CoReportsPage   *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;

  if (response != GTK_RESPONSE_ACCEPT || file == NULL || self->table == NULL)
    return;
  csv = co_table_to_csv (self->table);
  /* Written to a temporary file and renamed: a failure never leaves half a file. */
  if (!g_file_replace_contents (file, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    {
      co_widget_show_error (GTK_WIDGET (self), error);
      return;
    }
  co_widget_add_toast (GTK_WIDGET (self), co_toast_new (_("Report exported")));
}

static void
on_export (GtkWidget  *widget,
           const char *action,
           GVariant   *parameter)
{
  CoReportsPage *self = CO_REPORTS_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->table == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export Report"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* Translators: the file name an exported report is offered: view, first and last day */
  name = g_strdup_printf (_("report-%s-%s-%s.csv"), adw_view_stack_get_visible_child_name (self->view_stack),
                          self->from, self->to);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chosen), self, 0);
  g_signal_connect (chooser, "response", G_CALLBACK (g_object_unref), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- PDF and printing ---------------------------------------------------------------------- */

/* The report of the scope and period shown, as a document: read here, on the main thread. */
CoDocument *
co_reports_page_make_document (CoReportsPage  *self,
                               GError        **error)
{
  g_autoptr(GArray) ids = NULL;
  GtkStringObject *scope;
  g_autofree char *today = co_date_today ();

  g_return_val_if_fail (CO_IS_REPORTS_PAGE (self), NULL);

  ensure_groups (self);
  if (scope_segment (self) != NULL)
    return co_report_document_new_for_segment (self->store, scope_segment (self)->filter, scope_segment (self)->name,
                                               self->from, self->to, today, week_start (self), error);
  ids = scope_ids (self);
  scope = gtk_drop_down_get_selected_item (self->scope_dropdown);
  return co_report_document_new (self->store, (gint64 *) ids->data, ids->len,
                                 scope ? gtk_string_object_get_string (scope) : "", self->from, self->to, today,
                                 week_start (self), error);
}

/* A document asked for by Export as PDF or Print: made in a worker, the report of a thousand
 * groups reads for seconds; then the file chooser or the print dialog. */
typedef struct
{
  CoReportsPage *page;
  gboolean       print;
  char          *name;   /* the PDF's file name offered */
  GCancellable  *cancellable;
} DocumentRequest;

static void
set_making_document (CoReportsPage *self,
                     GCancellable  *cancellable)
{
  g_set_object (&self->document_cancellable, cancellable);
  update_spinner (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", cancellable == NULL);
}

static void
document_made (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DocumentRequest *request = user_data;
  CoReportsPage *self = request->page;
  g_autoptr(GError) error = NULL;
  CoDocument *document = co_report_document_new_finish (result, &error);

  /* Cancelled: the page is going away. */
  if (g_cancellable_is_cancelled (request->cancellable))
    g_clear_pointer (&document, co_document_free);
  else
    {
      set_making_document (self, NULL);
      if (document == NULL)
        co_widget_show_error (GTK_WIDGET (self), error);
      else if (request->print)
        co_pdf_print (GTK_WIDGET (self), document, _("Community Report"));
      else
        co_pdf_export_ask (GTK_WIDGET (self), document, _("Export Report as PDF"), request->name);
    }
  g_object_unref (self);
  g_object_unref (request->cancellable);
  g_free (request->name);
  g_free (request);
}

static void
make_document_async (CoReportsPage *self,
                     gboolean       print)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *today = co_date_today ();
  GtkStringObject *scope;
  CoSegment *segment;
  DocumentRequest *request;

  if (self->store == NULL || self->document_cancellable != NULL)
    return;
  ensure_groups (self);
  ids = scope_ids (self);
  scope = gtk_drop_down_get_selected_item (self->scope_dropdown);
  segment = scope_segment (self);
  request = g_new0 (DocumentRequest, 1);
  request->page = g_object_ref (self);
  request->print = print;
  request->cancellable = g_object_ref (cancellable);
  /* Translators: the file name an exported PDF report is offered: first and last day */
  request->name = g_strdup_printf (_("report-%s-%s.pdf"), self->from, self->to);
  set_making_document (self, cancellable);
  co_report_document_new_async (self->store, (const gint64 *) ids->data, ids->len, segment ? segment->filter : NULL,
                                segment ? segment->name : scope ? gtk_string_object_get_string (scope) : "",
                                self->from, self->to, today, week_start (self), cancellable, document_made, request);
}

static void
on_export_pdf (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  make_document_async (CO_REPORTS_PAGE (widget), FALSE);
}

static void
on_print (GtkWidget  *widget,
          const char *action,
          GVariant   *parameter)
{
  make_document_async (CO_REPORTS_PAGE (widget), TRUE);
}

/* ---- public -------------------------------------------------------------------------------- */

void
co_reports_page_set_store (CoReportsPage *self,
                           CoStore       *store)
{
  g_return_if_fail (CO_IS_REPORTS_PAGE (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  self->weekly_section = g_object_ref_sink (co_weekly_section_new (store));
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  co_refresh_queue (&self->refresh);
}

void
co_reports_page_flush (CoReportsPage *self)
{
  g_return_if_fail (CO_IS_REPORTS_PAGE (self));

  if (self->weekly_section != NULL)
    co_weekly_section_save (self->weekly_section);
}

void
co_reports_page_show_week (CoReportsPage *self,
                           gint64         group_id,
                           const char    *date)
{
  g_autofree char *today = co_date_today ();
  g_autofree char *yesterday = co_date_add_days (today, -1);

  g_return_if_fail (CO_IS_REPORTS_PAGE (self));

  ensure_groups (self);
  for (guint i = 0; i < self->scopes->len; i++)
    {
      Scope *scope = &g_array_index (self->scopes, Scope, i);
      if ((group_id == 0 && scope->kind == SCOPE_ALL) || (scope->kind == SCOPE_GROUP && scope->group_id == group_id))
        {
          self->updating = TRUE;
          gtk_drop_down_set_selected (self->scope_dropdown, i);
          self->updating = FALSE;
          break;
        }
    }
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->period_dropdown, PERIOD_WEEK);
  self->updating = FALSE;
  set_period_around (self, date ? date : yesterday);
}

void
co_reports_page_set_period (CoReportsPage *self,
                            const char    *from,
                            const char    *to)
{
  g_autofree char *first = co_date_parse (from);
  g_autofree char *last = co_date_parse (to);

  g_return_if_fail (CO_IS_REPORTS_PAGE (self));
  g_return_if_fail (first != NULL && last != NULL && strcmp (first, last) <= 0);

  ensure_groups (self);
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->period_dropdown, PERIOD_CUSTOM);
  self->updating = FALSE;
  g_strlcpy (self->from, first, sizeof self->from);
  g_strlcpy (self->to, last, sizeof self->to);
  update_range_label (self);
  queue_reload (self);
}

CoTable *
co_reports_page_get_table (CoReportsPage *self)
{
  g_return_val_if_fail (CO_IS_REPORTS_PAGE (self), NULL);

  ensure_groups (self);
  co_refresh_flush (&self->refresh);
  /* The caller wants the figures: they come from the worker. */
  while (self->computing)
    g_main_context_iteration (NULL, TRUE);
  co_reveal_finish (&self->view_reveal);
  return self->table;
}

gboolean
co_reports_page_is_computing (CoReportsPage *self)
{
  g_return_val_if_fail (CO_IS_REPORTS_PAGE (self), FALSE);

  return self->computing || co_reveal_is_pending (&self->view_reveal);
}

guint
co_reports_page_get_n_running (CoReportsPage *self)
{
  g_return_val_if_fail (CO_IS_REPORTS_PAGE (self), 0);

  return self->running;
}

static void
co_reports_page_dispose (GObject *object)
{
  CoReportsPage *self = CO_REPORTS_PAGE (object);

  co_refresh_clear (&self->refresh);
  co_reveal_clear (&self->view_reveal);
  supersede (self);
  if (self->document_cancellable != NULL)
    g_cancellable_cancel (self->document_cancellable);
  g_clear_object (&self->document_cancellable);
  g_clear_pointer (&self->content, gtk_widget_unparent);
  g_clear_object (&self->weekly_section);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->groups);
  g_clear_pointer (&self->scopes, g_array_unref);
  g_clear_pointer (&self->chosen, g_array_unref);
  g_clear_pointer (&self->segments, g_ptr_array_unref);
  g_clear_pointer (&self->table, co_table_free);
  G_OBJECT_CLASS (co_reports_page_parent_class)->dispose (object);
}

static void
co_reports_page_class_init (CoReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = co_reports_page_dispose;
  g_type_ensure (CO_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/CommunityOps/co-reports-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, content);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, scope_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, choose_box);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, range_button);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, from_label);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, to_box);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, retention_box);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, funnel_box);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, weekly_box);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, trend_title);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, trend_caption);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, figure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, trend_chart);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, growth_title);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, growth_chart);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, compare_title);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, compare_chart);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, computing_box);
  gtk_widget_class_bind_template_child (widget_class, CoReportsPage, spinner);
  gtk_widget_class_install_action (widget_class, "reports.previous", NULL, on_previous);
  gtk_widget_class_install_action (widget_class, "reports.next", NULL, on_next);
  gtk_widget_class_install_action (widget_class, "reports.export", NULL, on_export);
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, on_export_pdf);
  gtk_widget_class_install_action (widget_class, "reports.print", NULL, on_print);
}

static void
co_reports_page_init (CoReportsPage *self)
{
  g_autoptr(GtkStringList) figures = gtk_string_list_new (NULL);
  GtkPopover *choose_popover;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->groups = g_list_store_new (CO_TYPE_GROUP);
  self->scopes = g_array_new (FALSE, FALSE, sizeof (Scope));
  self->chosen = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (CoFigure figure = 0; figure < CO_N_FIGURES; figure++)
    gtk_string_list_append (figures, _(co_figure_spec (figure)->title));
  gtk_drop_down_set_model (self->figure_dropdown, G_LIST_MODEL (figures));
  gtk_drop_down_set_selected (self->figure_dropdown, CO_FIGURE_MEMBERS_TOTAL);
  gtk_drop_down_set_selected (self->period_dropdown, PERIOD_WEEK);

  g_signal_connect_object (self->scope_dropdown, "notify::selected", G_CALLBACK (queue_reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->figure_dropdown, "notify::selected", G_CALLBACK (queue_reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->period_dropdown, "notify::selected", G_CALLBACK (on_period_kind), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child", G_CALLBACK (queue_reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->from_calendar, "day-selected", G_CALLBACK (on_calendar), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_calendar, "day-selected", G_CALLBACK (on_calendar), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::week-start", G_CALLBACK (queue_reload), self, G_CONNECT_SWAPPED);
  choose_popover = gtk_menu_button_get_popover (self->choose_button);
  g_signal_connect_object (choose_popover, "show", G_CALLBACK (on_choose_shown), self, G_CONNECT_SWAPPED);
  co_refresh_init (&self->refresh, GTK_WIDGET (self), reload);
  co_reveal_init (&self->view_reveal, GTK_WIDGET (self));
  /* Grown on the weekly report's cards, four goal rows at once took 15 ms (bench-window). */
  co_reveal_set_most (&self->view_reveal, 2);
}
