/* co-weekly.c: the weekly report as plain text (co-weekly.h). Written as operators write theirs
 * in a chat: a heading per part (【本周数据】 in Chinese), one short line per item, a change
 * as an arrow ("↑12.5%", "↓3"), and parts with nothing to say left out. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-goal.h"
#include "core/reports/co-weekly.h"

/* The figures a chat message has room for, in this order. */
static const CoMeasure text_measures[] = {
  CO_MEASURE_MEMBERS_TOTAL, CO_MEASURE_NET_GROWTH, CO_MEASURE_DAU, CO_MEASURE_WAU, CO_MEASURE_MESSAGES,
  CO_MEASURE_INTERACTION_RATE, CO_MEASURE_INVITES_SENT, CO_MEASURE_ACCEPTANCE_RATE, CO_MEASURE_REGISTRATIONS,
  CO_MEASURE_CONVERSIONS, CO_MEASURE_POSTS,
};

#define TEXT_TOP_MEMBERS 3
#define TEXT_MAX_GOAL_GROUPS 50

const char *
co_weekly_completion_rule (void)
{
  /* Translators: how the weekly report counts the SOP's tasks; keep the hours as they are */
  return _("On time: sent within 2 hours of its due moment. Late: sent more than 2 hours after it. "
           "Skipped: skipped with a reason. Missed: still not done 24 hours after it.");
}

char *
co_weekly_completion_line (const CoSopCompletion *row)
{
  /* Translators: the SOP's tasks of a week: sent on time, sent late, skipped, missed */
  g_autofree char *line = g_strdup_printf (_("On time %u · Late %u · Skipped %u · Missed %u"),
                                           row->on_time, row->late, row->skipped, row->missed);

  if (row->open == 0)
    return g_steal_pointer (&line);
  /* Translators: after the counts of the SOP's tasks: those still to do */
  return g_strdup_printf (_("%s · Still due %u"), line, row->open);
}

void
co_weekly_completion_total (GPtrArray       *rows,
                            CoSopCompletion *total)
{
  *total = (CoSopCompletion) { 0 };
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const CoSopCompletion *row = rows->pdata[i];

      total->on_time += row->on_time;
      total->late += row->late;
      total->skipped += row->skipped;
      total->missed += row->missed;
      total->open += row->open;
    }
}

/* "↑12.5%", "↓3", "↑1.2 pp", or "the same" against last week; NULL when either is unknown. */
static char *
arrow_change (CoMeasure measure,
              double    value,
              double    previous)
{
  g_autofree char *change = NULL;

  if (isnan (value) || isnan (previous))
    return NULL;
  change = co_measure_format_change (measure, value, previous);
  if (g_ascii_strtod (change, NULL) == 0)
    /* Translators: a figure of the pasted weekly report that did not change from last week */
    return g_strdup (C_("pasted weekly report", "same as last week"));
  return g_strconcat (change[0] == '-' ? "↓" : "↑", change + 1, NULL);
}

static void
add_heading (GString    *text,
             const char *heading)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append_printf (text, "%s\n", heading);
}

static void
add_figures (GString               *text,
             CoReport              *report)
{
  guint n = 0;

  /* Translators: a heading of the weekly report pasted into a chat. Chinese operators write
   * these in 【】: 【本周数据】 */
  add_heading (text, C_("pasted weekly report", "Figures this week"));
  for (guint i = 0; report != NULL && i < G_N_ELEMENTS (text_measures); i++)
    {
      CoMeasure measure = text_measures[i];
      double value = co_report_get (report, measure);
      g_autofree char *shown = NULL, *change = NULL;

      if (isnan (value))
        continue;
      shown = co_report_format_value (report, measure, FALSE);
      change = arrow_change (measure, value, co_report_get_previous (report, measure));
      if (change != NULL)
        /* Translators: a key figure in the pasted weekly report: its name, value, and change from last week */
        g_string_append_printf (text, C_("pasted weekly report", "%s: %s (%s)\n"), co_measure_title (measure), shown, change);
      else
        /* Translators: a key figure in the pasted weekly report, without last week's to compare */
        g_string_append_printf (text, C_("pasted weekly report", "%s: %s\n"), co_measure_title (measure), shown);
      n++;
    }
  if (n == 0)
    g_string_append_printf (text, "%s\n", _("No figures were entered this week."));
}

static void
add_goals (GString               *text,
           CoStore               *store,
           const CoReportRequest *request)
{
  guint n = 0;

  if (request->n_groups > TEXT_MAX_GOAL_GROUPS)
    return;
  for (guint g = 0; g < request->n_groups; g++)
    {
      g_autoptr(GListStore) goals = co_list_items (store, CO_LIST_GOALS, request->group_ids[g], NULL);
      g_autoptr(CoGroup) group = request->n_groups > 1 ? co_group_get (store, request->group_ids[g], NULL) : NULL;

      for (guint i = 0; goals != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (goals)); i++)
        {
          g_autoptr(CoItem) goal = g_list_model_get_item (G_LIST_MODEL (goals), i);
          g_autofree char *title = co_item_dup_title (goal);
          g_autofree char *where = NULL;
          CoGoalProgress progress;

          co_goal_progress (store, goal, request->today, &progress, NULL);
          /* A chat message has no room for goals with nothing to say yet. */
          if (progress.status == CO_GOAL_NO_DATA || progress.status == CO_GOAL_UNMEASURED)
            continue;
          where = co_goal_describe (goal, &progress);
          if (group != NULL)
            {
              /* Translators: a goal in a list of several groups' goals: "group name: goal" */
              char *named = g_strdup_printf (_("%s: %s"), co_group_get_name (group), title);
              g_free (title);
              title = named;
            }
          if (n++ == 0)
            /* Translators: a heading of the pasted weekly report: 【目标进度】 */
            add_heading (text, C_("pasted weekly report", "Goals"));
          /* Translators: a goal in the pasted weekly report: number, title, status, where it stands */
          g_string_append_printf (text, C_("pasted weekly report", "%u. %s (%s)\n"), n, title, co_goal_status_label (progress.status));
          if (where != NULL)
            g_string_append_printf (text, "   %s\n", where);
        }
    }
}

static void
add_highlights (GString               *text,
                CoStore               *store,
                const CoReportRequest *request,
                CoReportData          *data)
{
  g_autoptr(GListStore) activities = co_list_items_dated (store, CO_LIST_ACTIVITIES, request->group_ids,
                                                          request->n_groups, "start_date", request->from,
                                                          request->to, FALSE, NULL);
  guint n_activities = activities != NULL ? g_list_model_get_n_items (G_LIST_MODEL (activities)) : 0;
  GArray *top = data->top, *active = data->trend;
  CoTrendPoint *busiest = NULL;

  for (guint i = 0; active != NULL && i < active->len; i++)
    if (busiest == NULL || g_array_index (active, CoTrendPoint, i).value > busiest->value)
      busiest = &g_array_index (active, CoTrendPoint, i);
  if (n_activities == 0 && (top == NULL || top->len == 0) && (busiest == NULL || busiest->value <= 0))
    return;
  /* Translators: a heading of the pasted weekly report: 【本周亮点】 */
  add_heading (text, C_("pasted weekly report", "Highlights"));
  for (guint i = 0; i < n_activities; i++)
    {
      g_autoptr(CoItem) activity = g_list_model_get_item (G_LIST_MODEL (activities), i);
      g_autofree char *name = co_item_dup_title (activity);
      g_autofree char *when = co_date_format_display (co_item_get (activity, "start_date"));

      /* Translators: an activity held in the week, in the pasted weekly report: its name and day */
      g_string_append_printf (text, C_("pasted weekly report", "· Activity: %s, %s\n"), name, when);
    }
  for (guint i = 0; top != NULL && i < top->len && i < TEXT_TOP_MEMBERS; i++)
    {
      CoTopMember *member = &g_array_index (top, CoTopMember, i);

      /* Translators: a most active member in the pasted weekly report: nickname, active days */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "· Most active: %s, active %u day\n",
                                                 "· Most active: %s, active %u days\n", (gulong) member->days),
                              member->nickname, (guint) member->days);
    }
  if (busiest != NULL && busiest->value > 0)
    {
      g_autofree char *day = co_date_format_display (busiest->start);

      /* Translators: the week's busiest day in the pasted weekly report: the day, members active */
      g_string_append_printf (text, C_("pasted weekly report", "· Busiest day: %s, %.0f members active\n"), day, busiest->value);
    }
}

static void
add_problems (GString               *text,
              CoStore               *store,
              const CoReportRequest *request)
{
  g_autoptr(GListStore) problems = co_list_items_dated (store, CO_LIST_PROBLEMS, request->group_ids,
                                                        request->n_groups, "date", request->from, request->to,
                                                        TRUE, NULL);
  guint n = problems != NULL ? g_list_model_get_n_items (G_LIST_MODEL (problems)) : 0;

  if (n == 0)
    return;
  /* Translators: a heading of the pasted weekly report: 【问题与建议】 */
  add_heading (text, C_("pasted weekly report", "Problems"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CoItem) problem = g_list_model_get_item (G_LIST_MODEL (problems), i);
      const char *what = co_item_get (problem, "problem");
      const char *suggestion = co_item_get (problem, "suggestion");
      const char *status = co_choice_label (CO_CHOICE_PROBLEM_STATUS, co_item_get (problem, "status"));

      g_string_append_printf (text, "%u. %s", i + 1, what != NULL ? what : _("Untitled Problem"));
      if (status != NULL)
        /* Translators: a problem's status after it in the pasted weekly report */
        g_string_append_printf (text, C_("pasted weekly report", " (%s)"), status);
      g_string_append_c (text, '\n');
      if (suggestion != NULL)
        /* Translators: the suggestion under a problem in the pasted weekly report */
        g_string_append_printf (text, C_("pasted weekly report", "   Suggestion: %s\n"), suggestion);
    }
}

static void
add_completion (GString      *text,
                CoReportData *data)
{
  CoSopCompletion total;
  g_autofree char *line = NULL;

  co_weekly_completion_total (data->sop_by_group, &total);
  if (total.on_time + total.late + total.skipped + total.missed + total.open == 0)
    return;
  /* Translators: a heading of the pasted weekly report: 【SOP执行】 */
  add_heading (text, C_("pasted weekly report", "SOP tasks"));
  line = co_weekly_completion_line (&total);
  g_string_append_printf (text, "%s\n", line);
  for (guint i = 0; data->sop_by_person != NULL && i < data->sop_by_person->len; i++)
    {
      const CoSopCompletion *row = data->sop_by_person->pdata[i];
      g_autofree char *counts = co_weekly_completion_line (row);

      /* Translators: a person's SOP tasks in the pasted weekly report: name, then the counts */
      g_string_append_printf (text, C_("pasted weekly report", "· %s: %s\n"),
                              row->assignee != NULL ? row->assignee : _("Nobody assigned"), counts);
    }
}

static void
add_note (GString    *text,
          const char *heading,
          const char *note)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (note != NULL ? note : ""));

  if (*trimmed == '\0')
    return;
  add_heading (text, heading);
  g_string_append_printf (text, "%s\n", trimmed);
}

char *
co_weekly_text (CoStore               *store,
                const CoReportRequest *request,
                CoReportData          *data,
                const char            *scope_name,
                const CoWeeklyNotes   *notes)
{
  GString *text = g_string_new (NULL);
  g_autofree char *from = co_date_format_display (request->from);
  g_autofree char *to = co_date_format_display (request->to);

  /* Translators: the first line of the pasted weekly report: the groups, then the week's first
   * and last day. In Chinese: 【社群周报】%s（%s – %s） */
  g_string_append_printf (text, C_("pasted weekly report", "Weekly report: %s, %s – %s\n"), scope_name, from, to);
  add_figures (text, data->report);
  add_goals (text, store, request);
  add_highlights (text, store, request, data);
  add_problems (text, store, request);
  add_completion (text, data);
  if (notes != NULL)
    {
      /* Translators: a heading of the pasted weekly report: 【本周总结】 */
      add_note (text, C_("pasted weekly report", "This week"), notes->summary);
      /* Translators: a heading of the pasted weekly report: 【下周计划】 */
      add_note (text, C_("pasted weekly report", "Next week"), notes->next_plan);
    }
  return g_string_free (text, FALSE);
}
