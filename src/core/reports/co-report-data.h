/* co-report-data.h: what a view of the Reports page shows, read in one go (co-report.h,
 * co-funnel.h, co-goal.h, the lists), in a worker on a read connection of its own so that a
 * thousand groups' report never stalls the window. Whatever a view adds is a field of
 * CoReportData, read in co_report_data_new (): it arrives with the rest. */
#pragma once

#include "core/reports/co-goal.h"
#include "core/reports/co-report.h"

G_BEGIN_DECLS

/* The views of the Reports page, and what each reads. */
typedef enum
{
  CO_REPORT_VIEW_FIGURES,    /* the report of [from, to] */
  CO_REPORT_VIEW_CHARTS,     /* @figure, joined and left over co_report_chart_span() of [from, to], and
                              * @figure by group over [from, to] when there are several */
  CO_REPORT_VIEW_RETENTION,  /* the cohorts of [from, to] */
  CO_REPORT_VIEW_WEEKLY,     /* the report of the week [from, to], its top members, its active by day */
  CO_REPORT_VIEW_FUNNEL,     /* the funnel per channel of the members who joined in [from, to] */
} CoReportView;

typedef struct
{
  CoReportView  view;
  const gint64 *group_ids;
  guint         n_groups;
  const char   *from;
  const char   *to;
  const char   *today;
  CoWeekStart   week_start;
  CoFigure      figure;       /* charts */
  guint         top_members;  /* weekly */
  /* Not NULL: the report of this segment's people (co_report_new_for_members ()) instead of
   * the groups; the charts, of daily figures, read nothing then. */
  const CoSegmentFilter *segment;
} CoReportRequest;

/* Goals of more groups than this are not read: a thousand groups' goals are no report. */
#define CO_REPORT_MAX_GOAL_GROUPS 50

typedef struct
{
  CoReport *report;    /* figures, weekly */
  CoStep    step;      /* charts: the trends' step */
  GArray   *trend;     /* CoTrendPoint: charts, @figure; weekly, the active members by day */
  GArray   *joined;    /* charts */
  GArray   *left;      /* charts */
  GArray   *compared;  /* CoGroupValue: charts of several groups */
  GArray   *cohorts;   /* CoCohort: retention */
  GArray   *top;       /* CoTopMember: weekly */
  GPtrArray *funnel;   /* CoFunnelRow: funnel */
  GPtrArray *goals;    /* CoReportGoal: figures and weekly, of up to CO_REPORT_MAX_GOAL_GROUPS groups */
  GListStore *activities;  /* CoItem: weekly, the activities held in the week */
  GListStore *problems;    /* CoItem: weekly, the problems logged in the week or still open */
  guint      n_members;    /* of a segment: its people */
  CoTable   *tiers;        /* of a segment, figures: its people by tier */
  GPtrArray *sop_by_group;   /* CoSopCompletion: weekly, the SOP's tasks due in the week, by group */
  GPtrArray *sop_by_person;  /* and by assignee */
} CoReportData;

/* Reads what @request asks for through @store, stopping with G_IO_ERROR_CANCELLED once
 * @cancellable is. */
CoReportData *co_report_data_new        (CoStore               *store,
                                         const CoReportRequest *request,
                                         GCancellable          *cancellable,
                                         GError               **error);
/* The same in a worker thread on a read connection of its own (the request is copied); the
 * result arrives in the thread-default main context of the caller. */
void          co_report_data_new_async  (CoStore               *store,
                                         const CoReportRequest *request,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
CoReportData *co_report_data_new_finish (GAsyncResult          *result,
                                         GError               **error);
void          co_report_data_free       (CoReportData          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoReportData, co_report_data_free)

/* A goal of a report's groups with its progress today, as co_report_data_new () reads them. */
typedef struct
{
  CoItem         *goal;
  gint64          group_id;
  CoGoalProgress  progress;
} CoReportGoal;

G_END_DECLS
