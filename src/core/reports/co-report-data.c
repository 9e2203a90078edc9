/* co-report-data.c: a view's data read in one go, in a worker (co-report-data.h). */
#include "config.h"

#include "core/formats/co-date.h"
#include "core/records/co-list.h"
#include "core/reports/co-funnel.h"
#include "core/reports/co-goal.h"
#include "core/reports/co-report-data.h"
#include "core/sop/co-sop-tasks.h"
#include "core/store/co-read-worker.h"
#include "core/store/co-store-private.h"

static void
report_goal_free (CoReportGoal *goal)
{
  g_object_unref (goal->goal);
  g_free (goal);
}

/* The goals of the groups with their progress today, those of up to CO_REPORT_MAX_GOAL_GROUPS
 * groups; an empty array for more. */
static GPtrArray *
read_goals (CoStore       *store,
            const gint64  *ids,
            guint          n,
            const char    *today,
            GError       **error)
{
  g_autoptr(GPtrArray) goals = g_ptr_array_new_with_free_func ((GDestroyNotify) report_goal_free);

  for (guint i = 0; n <= CO_REPORT_MAX_GOAL_GROUPS && i < n; i++)
    {
      g_autoptr(GListStore) items = co_list_items (store, CO_LIST_GOALS, ids[i], error);

      if (items == NULL)
        return NULL;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (items)); j++)
        {
          CoReportGoal *goal = g_new0 (CoReportGoal, 1);

          goal->goal = g_list_model_get_item (G_LIST_MODEL (items), j);
          goal->group_id = ids[i];
          co_goal_progress (store, goal->goal, today, &goal->progress, NULL);
          g_ptr_array_add (goals, goal);
        }
    }
  return g_steal_pointer (&goals);
}

void
co_report_data_free (CoReportData *self)
{
  g_clear_pointer (&self->goals, g_ptr_array_unref);
  g_clear_pointer (&self->tiers, co_table_free);
  g_clear_object (&self->activities);
  g_clear_object (&self->problems);
  g_clear_pointer (&self->report, co_report_free);
  g_clear_pointer (&self->trend, g_array_unref);
  g_clear_pointer (&self->joined, g_array_unref);
  g_clear_pointer (&self->left, g_array_unref);
  g_clear_pointer (&self->compared, g_array_unref);
  g_clear_pointer (&self->cohorts, g_array_unref);
  g_clear_pointer (&self->top, g_array_unref);
  g_clear_pointer (&self->funnel, g_ptr_array_unref);
  g_clear_pointer (&self->sop_by_group, g_ptr_array_unref);
  g_clear_pointer (&self->sop_by_person, g_ptr_array_unref);
  g_free (self);
}

/* Whether @value was read; the error of the cancellation rather than SQLite's interruption. */
static gboolean
read_ok (gpointer       value,
         GCancellable  *cancellable,
         GError       **error)
{
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  return value != NULL;
}

/* How the week's SOP tasks went, as of now, by group and by person. */
static void
read_sop_completion (CoStore               *store,
                     const CoReportRequest *request,
                     CoReportData          *data,
                     GError               **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *after = co_date_add_days (request->to, 1);
  g_autofree char *from = g_strconcat (request->from, " 00:00", NULL);
  g_autofree char *to = g_strconcat (after, " 00:00", NULL);

  data->sop_by_group = co_sop_completion (store, request->group_ids, request->n_groups, from, to, FALSE, now, error);
  data->sop_by_person = data->sop_by_group == NULL ? NULL
                        : co_sop_completion (store, request->group_ids, request->n_groups, from, to, TRUE, now, error);
}

/* co_report_data_new () of a segment's people: what applies to a set of people, read from their
 * own rows; nothing for the charts, which are of daily figures. */
static CoReportData *
read_segment (CoStore               *store,
              const CoReportRequest *request,
              GCancellable          *cancellable,
              CoReportData          *owned,
              GError               **error)
{
  g_autoptr(CoReportData) data = owned;
  g_autoptr(GArray) members = co_report_segment_members (store, request->segment, request->today, error);
  const gint64 *ids;
  guint n;

  if (!read_ok (members, cancellable, error))
    return NULL;
  ids = (const gint64 *) members->data;
  n = data->n_members = members->len;
  switch (request->view)
    {
    case CO_REPORT_VIEW_FIGURES:
    case CO_REPORT_VIEW_WEEKLY:
      data->report = co_report_new_for_members (store, ids, n, request->from, request->to, request->today, error);
      if (!read_ok (data->report, cancellable, error))
        return NULL;
      if (request->view == CO_REPORT_VIEW_FIGURES)
        {
          data->tiers = co_report_tiers_for_members (store, ids, n, error);
          if (!read_ok (data->tiers, cancellable, error))
            return NULL;
        }
      if (request->view == CO_REPORT_VIEW_WEEKLY)
        {
          data->top = co_report_top_members_for_members (store, ids, n, request->from, request->to,
                                                         request->top_members, error);
          if (!read_ok (data->top, cancellable, error))
            return NULL;
        }
      break;
    case CO_REPORT_VIEW_RETENTION:
      data->cohorts = co_report_retention_for_members (store, ids, n, request->from, request->to, request->today,
                                                       request->week_start, error);
      if (!read_ok (data->cohorts, cancellable, error))
        return NULL;
      break;
    case CO_REPORT_VIEW_FUNNEL:
      data->funnel = co_funnel_new_for_members (store, ids, n, request->from, request->to, request->today, error);
      if (!read_ok (data->funnel, cancellable, error))
        return NULL;
      break;
    case CO_REPORT_VIEW_CHARTS:
    default:
      break;
    }
  return g_steal_pointer (&data);
}

CoReportData *
co_report_data_new (CoStore               *store,
                    const CoReportRequest *request,
                    GCancellable          *cancellable,
                    GError               **error)
{
  g_autoptr(CoReportData) data = g_new0 (CoReportData, 1);
  const gint64 *ids = request->group_ids;
  guint n = request->n_groups;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (request->segment != NULL)
    return read_segment (store, request, cancellable, g_steal_pointer (&data), error);
  switch (request->view)
    {
    case CO_REPORT_VIEW_FIGURES:
      data->report = co_report_new (store, ids, n, request->from, request->to, request->today, error);
      if (!read_ok (data->report, cancellable, error))
        return NULL;
      data->goals = read_goals (store, ids, n, request->today, error);
      if (!read_ok (data->goals, cancellable, error))
        return NULL;
      break;
    case CO_REPORT_VIEW_CHARTS:
      {
        g_autofree char *span = co_report_chart_span (request->from, request->to, &data->step, NULL);

        data->trend = co_report_trend (store, ids, n, request->figure, span, request->to, data->step,
                                       request->week_start, error);
        if (!read_ok (data->trend, cancellable, error))
          return NULL;
        data->joined = co_report_trend (store, ids, n, CO_FIGURE_JOINED, span, request->to, data->step,
                                        request->week_start, error);
        if (!read_ok (data->joined, cancellable, error))
          return NULL;
        data->left = co_report_trend (store, ids, n, CO_FIGURE_LEFT, span, request->to, data->step,
                                      request->week_start, error);
        if (!read_ok (data->left, cancellable, error))
          return NULL;
        if (n > 1)
          {
            data->compared = co_report_compare (store, ids, n, request->figure, request->from, request->to, error);
            if (!read_ok (data->compared, cancellable, error))
              return NULL;
          }
      }
      break;
    case CO_REPORT_VIEW_RETENTION:
      data->cohorts = co_report_retention (store, ids, n, request->from, request->to, request->today,
                                           request->week_start, error);
      if (!read_ok (data->cohorts, cancellable, error))
        return NULL;
      break;
    case CO_REPORT_VIEW_WEEKLY:
      data->report = co_report_new (store, ids, n, request->from, request->to, request->today, error);
      if (!read_ok (data->report, cancellable, error))
        return NULL;
      data->top = co_report_top_members (store, ids, n, request->from, request->to, request->top_members, error);
      if (!read_ok (data->top, cancellable, error))
        return NULL;
      data->trend = co_report_trend (store, ids, n, CO_FIGURE_ACTIVE, request->from, request->to, CO_STEP_DAY,
                                     request->week_start, error);
      if (!read_ok (data->trend, cancellable, error))
        return NULL;
      data->goals = read_goals (store, ids, n, request->today, error);
      if (!read_ok (data->goals, cancellable, error))
        return NULL;
      data->activities = co_list_items_dated (store, CO_LIST_ACTIVITIES, ids, n, "start_date", request->from,
                                              request->to, FALSE, error);
      if (!read_ok (data->activities, cancellable, error))
        return NULL;
      data->problems = co_list_items_dated (store, CO_LIST_PROBLEMS, ids, n, "date", request->from, request->to,
                                            TRUE, error);
      if (!read_ok (data->problems, cancellable, error))
        return NULL;
      read_sop_completion (store, request, data, error);
      if (!read_ok (data->sop_by_person, cancellable, error))
        return NULL;
      break;
    case CO_REPORT_VIEW_FUNNEL:
      data->funnel = co_funnel_new (store, ids, n, request->from, request->to, request->today, error);
      if (!read_ok (data->funnel, cancellable, error))
        return NULL;
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  return g_steal_pointer (&data);
}

/* The request as the worker keeps it: its own copies. */
typedef struct
{
  CoReportRequest  request;
  GArray          *group_ids;
  char            *from;
  char            *to;
  char            *today;
  CoSegmentFilter *segment;
} Job;

static void
job_free (Job *job)
{
  g_array_unref (job->group_ids);
  g_free (job->from);
  g_free (job->to);
  g_free (job->today);
  g_clear_pointer (&job->segment, co_segment_filter_free);
  g_free (job);
}

static gpointer
read_in_worker (CoStore       *reader,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Job *job = data;

  return co_report_data_new (reader, &job->request, cancellable, error);
}

void
co_report_data_new_async (CoStore               *store,
                          const CoReportRequest *request,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  Job *job = g_new0 (Job, 1);

  job->group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (job->group_ids, request->group_ids, request->n_groups);
  job->from = g_strdup (request->from);
  job->to = g_strdup (request->to);
  job->today = g_strdup (request->today);
  job->request = *request;
  job->request.group_ids = (const gint64 *) job->group_ids->data;
  job->request.from = job->from;
  job->request.to = job->to;
  job->request.today = job->today;
  job->segment = request->segment ? co_segment_filter_copy (request->segment) : NULL;
  job->request.segment = job->segment;
  co_read_in_worker (store, read_in_worker, job, (GDestroyNotify) job_free, (GDestroyNotify) co_report_data_free,
                     cancellable, callback, user_data);
}

CoReportData *
co_report_data_new_finish (GAsyncResult  *result,
                           GError       **error)
{
  return co_read_in_worker_finish (result, error);
}
