/* co-report-document.c: the sections of the report document, from the same core functions as
 * the Reports page. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/document/co-report-document.h"
#include "core/document/co-sop-document.h"
#include "core/document/co-weekly-document.h"
#include "core/formats/co-date.h"
#include "core/groups/co-group.h"
#include "core/reports/co-funnel.h"
#include "core/reports/co-goal.h"
#include "core/store/co-read-worker.h"

#define TOP_MEMBERS 10
#define MAX_COMPARED 20
#define CHART_HEIGHT 200.0

const char *
co_document_language (void)
{
  const char * const *languages = g_get_language_names ();

  return g_str_has_prefix (languages[0], "zh") ? "zh-CN" : "en";
}

static char *
group_name (CoStore *store,
            gint64   id)
{
  g_autoptr(CoGroup) group = co_group_get (store, id, NULL);

  return g_strdup (group ? co_group_get_name (group) : "");
}

/* The funnel per channel of the joins of at least the 90 days up to @to, as the Reports page
 * shows it, with the conversion rates as bars. */
static void
add_funnel (CoDocument   *document,
            CoStore      *store,
            const gint64 *ids,
            guint         n_ids,
            gboolean      of_members,
            const char   *period_from,
            const char   *to,
            const char   *today)
{
  g_autofree char *ninety_days = co_date_add_days (to, -89);
  const char *from = strcmp (period_from, ninety_days) < 0 ? period_from : ninety_days;
  g_autoptr(GPtrArray) rows = of_members ? co_funnel_new_for_members (store, ids, n_ids, from, to, today, NULL)
                                         : co_funnel_new (store, ids, n_ids, from, to, today, NULL);
  const double weights[] = { 1.9, 1.1, 1.7, 1.7, 1.6, 1.3, 1.4 };
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(CoTable) table = NULL;
  g_autofree char *from_text = co_date_format_display (from);
  g_autofree char *to_text = co_date_format_display (to);

  co_document_add_heading (document, 1, _("Funnel by Channel"));
  if (rows == NULL || ((CoFunnelRow *) rows->pdata[rows->len - 1])->joined == 0)
    {
      co_document_add_paragraph (document, _("The funnel needs members with a joined date. Record each member’s "
                                             "channel in their window, or import a “渠道” (channel) column on the "
                                             "Members page."));
      return;
    }
  {
    /* Translators: the PDF's funnel section: its period, then what its stages mean */
    g_autofree char *text = g_strdup_printf (_("The members who joined from %s to %s, by the channel they came "
                                               "through. Activated: active within 7 days of joining. Retained: "
                                               "active on a day 30 to 60 days after joining. Converted: made a "
                                               "purchase after joining. The cost is the channel’s own, or its "
                                               "activity’s spends in the period."), from_text, to_text);
    co_document_add_paragraph (document, text);
  }
  table = co_funnel_summary_table (rows);
  co_document_add_table (document, table, CO_FUNNEL_SUMMARY_COLUMNS, weights, 1);
  for (guint i = 0; i + 1 < rows->len && i < 20; i++)
    {
      CoFunnelRow *row = rows->pdata[i];
      double rate = co_funnel_rate (row->converted, row->joined) * 100;

      g_ptr_array_add (labels, row->name);
      g_array_append_val (values, rate);
    }
  g_ptr_array_add (labels, NULL);
  co_document_add_heading (document, 2, _("Conversion Rate by Channel"));
  co_document_add_chart (document, co_chart_data_new_bars (_("Converted of those who joined"), "%",
                                                           (const char * const *) labels->pdata,
                                                           (double *) values->data, values->len), 0);
}

static void
add_charts (CoDocument   *document,
            CoStore      *store,
            const gint64 *ids,
            guint         n_ids,
            const char   *from,
            const char   *to,
            CoWeekStart   week_start)
{
  g_autofree char *caption = NULL;
  CoStep step;
  g_autofree char *chart_from = co_report_chart_span (from, to, &step, &caption);
  g_autoptr(GArray) members = NULL, joined = NULL, left = NULL, compared = NULL;
  CoChartData *chart;

  co_document_add_paragraph (document, caption);
  co_document_add_heading (document, 2, _(co_figure_spec (CO_FIGURE_MEMBERS_TOTAL)->title));
  members = co_report_trend (store, ids, n_ids, CO_FIGURE_MEMBERS_TOTAL, chart_from, to, step, week_start, NULL);
  chart = co_chart_data_new_lines (step, _("members"), chart_from, to);
  if (members != NULL)
    co_chart_data_add_series (chart, _(co_figure_spec (CO_FIGURE_MEMBERS_TOTAL)->title), members);
  co_document_add_chart (document, chart, CHART_HEIGHT);

  co_document_add_heading (document, 2, _("New Members and Members Left"));
  joined = co_report_trend (store, ids, n_ids, CO_FIGURE_JOINED, chart_from, to, step, week_start, NULL);
  left = co_report_trend (store, ids, n_ids, CO_FIGURE_LEFT, chart_from, to, step, week_start, NULL);
  chart = co_chart_data_new_lines (step, _("members"), chart_from, to);
  if (joined != NULL && left != NULL)
    {
      co_chart_data_add_series (chart, _(co_figure_spec (CO_FIGURE_JOINED)->title), joined);
      co_chart_data_add_series (chart, _(co_figure_spec (CO_FIGURE_LEFT)->title), left);
    }
  co_document_add_chart (document, chart, CHART_HEIGHT);

  if (n_ids > 1 && (compared = co_report_compare (store, ids, n_ids, CO_FIGURE_MESSAGES, from, to, NULL)) != NULL)
    {
      guint n = MIN (compared->len, MAX_COMPARED);
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < n; i++)
        {
          CoGroupValue *value = &g_array_index (compared, CoGroupValue, i);
          g_ptr_array_add (labels, group_name (store, value->group_id));
          g_array_append_val (values, value->value);
        }
      g_ptr_array_add (labels, NULL);
      /* Translators: the PDF's bar chart: a figure by group */
      co_document_add_heading (document, 2, _("Messages by Group"));
      co_document_add_chart (document, co_chart_data_new_bars (_("Sum of the days"), _("messages"),
                                                               (const char * const *) labels->pdata,
                                                               (double *) values->data, values->len), 0);
    }
}

static void
add_goals (CoDocument   *document,
           CoStore      *store,
           const gint64 *ids,
           guint         n_ids,
           const char   *today)
{
  const char *header[] = { _("Goal"), _("Status"), _("Where It Stands") };
  g_autoptr(CoTable) table = co_table_new (G_N_ELEMENTS (header), header);
  const double weights[] = { 3, 1.2, 3 };

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(GListStore) goals = co_list_items (store, CO_LIST_GOALS, ids[i], NULL);
      g_autofree char *name = group_name (store, ids[i]);

      for (guint j = 0; goals != NULL && j < g_list_model_get_n_items (G_LIST_MODEL (goals)); j++)
        {
          g_autoptr(CoItem) goal = g_list_model_get_item (G_LIST_MODEL (goals), j);
          g_autofree char *title = co_item_dup_title (goal);
          g_autofree char *where = NULL, *label = NULL;
          CoGoalProgress progress;

          co_goal_progress (store, goal, today, &progress, NULL);
          where = co_goal_describe (goal, &progress);
          /* Translators: a goal in a list of many groups' goals: "group name: goal" */
          label = n_ids > 1 ? g_strdup_printf (_("%s: %s"), name, title) : g_strdup (title);
          {
            const char *row[] = { label, co_goal_status_label (progress.status), where ? where : "—" };
            co_table_add_row (table, row);
          }
        }
    }
  co_document_add_heading (document, 1, _("Goals"));
  if (co_table_get_n_rows (table) > 1)
    {
      co_document_add_paragraph (document, co_goal_rule ());
      co_document_add_table (document, table, 3, weights, 3);
    }
  else
    co_document_add_paragraph (document, _("No goals are set in these groups’ plans."));
}

static void
add_highlights (CoDocument   *document,
                CoStore      *store,
                const gint64 *ids,
                guint         n_ids,
                const char   *from,
                const char   *to)
{
  const char *header[] = { _("Member"), _("Group"), _("Active Days"), _("Actions") };
  g_autoptr(CoTable) table = co_table_new (G_N_ELEMENTS (header), header);
  g_autoptr(GArray) top = co_report_top_members (store, ids, n_ids, from, to, TOP_MEMBERS, NULL);
  g_autoptr(GListStore) activities = co_list_items_dated (store, CO_LIST_ACTIVITIES, ids, n_ids, "start_date",
                                                          from, to, FALSE, NULL);
  const double weights[] = { 3, 3, 1.2, 1.2 };

  co_document_add_heading (document, 1, _("Highlights"));
  for (guint i = 0; top != NULL && i < top->len; i++)
    {
      CoTopMember *member = &g_array_index (top, CoTopMember, i);
      g_autofree char *name = group_name (store, member->group_id);
      g_autofree char *days = g_strdup_printf ("%" G_GINT64_FORMAT, member->days);
      g_autofree char *actions = g_strdup_printf ("%" G_GINT64_FORMAT, member->actions);
      const char *row[] = { member->nickname, name, days, actions };

      co_table_add_row (table, row);
    }
  if (co_table_get_n_rows (table) > 1)
    {
      co_document_add_heading (document, 2, _("Most Active Members"));
      co_document_add_table (document, table, 4, weights, 2);
    }
  if (activities != NULL && g_list_model_get_n_items (G_LIST_MODEL (activities)) > 0)
    {
      const char *activity_header[] = { _("Activity"), _("Group"), _("Start") };
      g_autoptr(CoTable) held = co_table_new (G_N_ELEMENTS (activity_header), activity_header);
      const double activity_weights[] = { 4, 2.5, 1.5 };

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (activities)); i++)
        {
          g_autoptr(CoItem) activity = g_list_model_get_item (G_LIST_MODEL (activities), i);
          g_autofree char *title = co_item_dup_title (activity);
          g_autofree char *name = group_name (store, co_item_get_group_id (activity));
          g_autofree char *start = co_date_format_display (co_item_get (activity, "start_date"));
          const char *row[] = { title, name, start };

          co_table_add_row (held, row);
        }
      co_document_add_heading (document, 2, _("Activities"));
      co_document_add_table (document, held, 3, activity_weights, 3);
    }
  if (co_table_get_n_rows (table) <= 1 && (activities == NULL || g_list_model_get_n_items (G_LIST_MODEL (activities)) == 0))
    co_document_add_paragraph (document, _("Nothing recorded in this period."));
}

static void
add_problems (CoDocument   *document,
              CoStore      *store,
              const gint64 *ids,
              guint         n_ids,
              const char   *from,
              const char   *to)
{
  const char *header[] = { _("Problem"), _("Targeted Suggestion"), _("Status"), _("Date") };
  g_autoptr(CoTable) table = co_table_new (G_N_ELEMENTS (header), header);
  g_autoptr(GListStore) problems = co_list_items_dated (store, CO_LIST_PROBLEMS, ids, n_ids, "date", from, to,
                                                        TRUE, NULL);
  const double weights[] = { 4, 4, 1.4, 1.6 };

  co_document_add_heading (document, 1, _("Problems and Suggestions"));
  for (guint i = 0; problems != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (problems)); i++)
    {
      g_autoptr(CoItem) problem = g_list_model_get_item (G_LIST_MODEL (problems), i);
      g_autofree char *date = co_date_format_display (co_item_get (problem, "date"));
      const char *status = co_choice_label (CO_CHOICE_PROBLEM_STATUS, co_item_get (problem, "status"));
      const char *row[] = { co_item_get (problem, "problem"), co_item_get (problem, "suggestion"), status, date };

      co_table_add_row (table, row);
    }
  if (co_table_get_n_rows (table) > 1)
    co_document_add_table (document, table, 4, weights, 4);
  else
    co_document_add_paragraph (document, _("No problems logged."));
}

/* A report's document of @scope_name (groups, or a segment) over [@from, @to], with its cover and
 * contents. */
static CoDocument *
new_report_document (const char *scope_name,
                     const char *from,
                     const char *to,
                     const char *today)
{
  g_autofree char *from_text = co_date_format_display (from);
  g_autofree char *to_text = co_date_format_display (to);
  g_autofree char *today_text = co_date_format_display (today);
  g_autofree char *period = NULL, *title = NULL, *made = NULL;
  CoDocument *document;

  /* Translators: a period from one date to another */
  period = g_str_equal (from, to) ? g_strdup (from_text) : g_strdup_printf (_("%s – %s"), from_text, to_text);
  /* Translators: the report's scope and its period, in the page header */
  title = g_strdup_printf (_("%s · %s"), scope_name, period);
  document = co_document_new (title, co_document_language ());
  /* Translators: on the report's cover */
  made = g_strdup_printf (_("Made on %s with CommunityOps %s"), today_text, PACKAGE_VERSION);
  {
    const char *lines[] = { period, made, NULL };
    co_document_add_cover (document, _("Community Report"), scope_name, lines);
  }
  co_document_add_contents (document);
  return document;
}

/* The retention grid of the groups of @ids, or of the memberships when @of_members: the cohorts
 * of at least the 12 weeks up to @to. */
static void
add_retention (CoDocument   *document,
               CoStore      *store,
               const gint64 *ids,
               guint         n_ids,
               gboolean      of_members,
               const char   *from,
               const char   *to,
               const char   *today,
               CoWeekStart   week_start)
{
  g_autofree char *twelve_weeks = co_date_add_days (to, -83);
  const char *retention_from = strcmp (from, twelve_weeks) < 0 ? from : twelve_weeks;
  g_autoptr(GArray) cohorts = of_members
    ? co_report_retention_for_members (store, ids, n_ids, retention_from, to, today, week_start, NULL)
    : co_report_retention (store, ids, n_ids, retention_from, to, today, week_start, NULL);

  co_document_add_heading (document, 1, _("Retention"));
  if (cohorts != NULL && cohorts->len > 0)
    {
      g_autoptr(CoTable) grid = co_retention_table (cohorts);
      co_document_add_paragraph (document,
                                 _("Each row is the members who joined in a week; the columns, the share of them active "
                                   "again 1, 7 and 30 days after joining. At least the 12 weeks up to the period’s end "
                                   "are shown. “—”: that day has not come yet."));
      co_document_add_table (document, grid, 5, NULL, 1);
    }
  else
    co_document_add_paragraph (document, _("Retention needs members with a joined date and their activity. Import "
                                           "both on the Members page."));
}

CoDocument *
co_report_document_new (CoStore      *store,
                        const gint64 *ids,
                        guint         n_ids,
                        const char   *scope_name,
                        const char   *from,
                        const char   *to,
                        const char   *today,
                        CoWeekStart   week_start,
                        GError      **error)
{
  g_autoptr(CoReport) report = co_report_new (store, ids, n_ids, from, to, today, error);
  g_autoptr(CoTable) figures = NULL;
  const double figure_weights[] = { 3, 1.3, 1.3, 1.3, 1.1 };
  gboolean estimates = FALSE;
  CoDocument *document;

  if (report == NULL)
    return NULL;
  document = new_report_document (scope_name, from, to, today);
  co_document_add_heading (document, 1, _("Key Figures"));
  figures = co_report_table (report);
  for (CoMeasure measure = 0; measure < CO_N_MEASURES; measure++)
    estimates |= co_report_is_estimate (report, measure);
  if (estimates)
    co_document_add_paragraph (document,
                               _("Figures marked “Estimate” come from the daily figures alone: there is no per-member "
                                 "activity for these groups in the period. Import activity on the Members page for true "
                                 "DAU, WAU, MAU and retention."));
  co_document_add_table (document, figures, estimates ? 5 : 4, figure_weights, 1);

  co_document_add_heading (document, 1, _("Charts"));
  add_charts (document, store, ids, n_ids, from, to, week_start);
  add_retention (document, store, ids, n_ids, FALSE, from, to, today, week_start);
  add_funnel (document, store, ids, n_ids, FALSE, from, to, today);
  add_goals (document, store, ids, n_ids, today);
  add_highlights (document, store, ids, n_ids, from, to);
  add_problems (document, store, ids, n_ids, from, to);
  co_sop_document_add_completion (document, store, ids, n_ids, from, to);
  co_weekly_document_add_notes (document, store, ids, n_ids, from, to, week_start);
  return document;
}

CoDocument *
co_report_document_new_for_segment (CoStore               *store,
                                    const CoSegmentFilter *segment,
                                    const char            *segment_name,
                                    const char            *from,
                                    const char            *to,
                                    const char            *today,
                                    CoWeekStart            week_start,
                                    GError               **error)
{
  g_autoptr(GArray) members = co_report_segment_members (store, segment, today, error);
  g_autoptr(CoTable) tiers = NULL;
  g_autoptr(CoReport) report = NULL;
  g_autoptr(CoTable) figures = NULL;
  g_autofree char *scope = NULL, *note = NULL;
  const double figure_weights[] = { 3, 1.3, 1.3, 1.3 };
  const gint64 *ids;
  CoDocument *document;

  if (members == NULL)
    return NULL;
  ids = (const gint64 *) members->data;
  if ((report = co_report_new_for_members (store, ids, members->len, from, to, today, error)) == NULL)
    return NULL;
  /* Translators: a report's scope: a saved segment (分群) of members, by its name */
  scope = g_strdup_printf (_("%s (Segment)"), segment_name);
  document = new_report_document (scope, from, to, today);
  co_document_add_heading (document, 1, _("Key Figures"));
  note = co_report_segment_note (members->len);
  co_document_add_paragraph (document, note);
  figures = co_report_table (report);
  co_document_add_table (document, figures, 4, figure_weights, 1);
  tiers = co_report_tiers_for_members (store, ids, members->len, NULL);
  if (tiers != NULL && co_table_get_n_rows (tiers) > 1)
    {
      co_document_add_heading (document, 2, _("By Tier"));
      co_document_add_table (document, tiers, 2, NULL, 1);
    }
  add_retention (document, store, ids, members->len, TRUE, from, to, today, week_start);
  add_funnel (document, store, ids, members->len, TRUE, from, to, today);
  return document;
}

/* The request as the worker keeps it: its own copies. */
typedef struct
{
  GArray          *group_ids;
  CoSegmentFilter *segment;
  char            *scope_name;
  char            *from;
  char            *to;
  char            *today;
  CoWeekStart      week_start;
} DocumentJob;

static void
document_job_free (DocumentJob *job)
{
  g_array_unref (job->group_ids);
  g_clear_pointer (&job->segment, co_segment_filter_free);
  g_free (job->scope_name);
  g_free (job->from);
  g_free (job->to);
  g_free (job->today);
  g_free (job);
}

static gpointer
make_in_worker (CoStore       *reader,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  DocumentJob *job = data;

  if (job->segment != NULL)
    return co_report_document_new_for_segment (reader, job->segment, job->scope_name, job->from, job->to, job->today,
                                               job->week_start, error);
  return co_report_document_new (reader, (const gint64 *) job->group_ids->data, job->group_ids->len,
                                 job->scope_name, job->from, job->to, job->today, job->week_start, error);
}

void
co_report_document_new_async (CoStore               *store,
                              const gint64          *group_ids,
                              guint                  n_groups,
                              const CoSegmentFilter *segment,
                              const char            *scope_name,
                              const char            *from,
                              const char            *to,
                              const char            *today,
                              CoWeekStart            week_start,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  DocumentJob *job = g_new0 (DocumentJob, 1);

  job->group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (n_groups > 0)
    g_array_append_vals (job->group_ids, group_ids, n_groups);
  job->segment = segment != NULL ? co_segment_filter_copy (segment) : NULL;
  job->scope_name = g_strdup (scope_name);
  job->from = g_strdup (from);
  job->to = g_strdup (to);
  job->today = g_strdup (today);
  job->week_start = week_start;
  co_read_in_worker (store, make_in_worker, job, (GDestroyNotify) document_job_free, (GDestroyNotify) co_document_free,
                     cancellable, callback, user_data);
}

CoDocument *
co_report_document_new_finish (GAsyncResult  *result,
                               GError       **error)
{
  return co_read_in_worker_finish (result, error);
}
