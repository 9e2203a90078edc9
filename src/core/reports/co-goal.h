/* co-goal.h: how a goal of the plan (目标设定, SMART: a metric, a baseline, a target, a unit
 * and a deadline) stands: its figure now, measured the way its unit says (a total, or a rate
 * such as "a month", 每月), its status against the time gone by, and the sentence that says
 * both in the goal's own metric and unit. The status and the wording need no store; only
 * co_goal_progress() reads the figures. */
#pragma once

#include "core/records/co-list.h"
#include "core/reports/co-report.h"

G_BEGIN_DECLS

/* How a goal of the plan stands today. */
typedef enum
{
  CO_GOAL_NO_DATA,     /* no figures of its metric yet */
  CO_GOAL_ACHIEVED,
  CO_GOAL_ON_TRACK,
  CO_GOAL_AT_RISK,
  CO_GOAL_OFF_TRACK,   /* behind: less done than the time gone by asks */
  CO_GOAL_MISSED,      /* the deadline passed without reaching the target */
  CO_GOAL_NO_TARGET,
  CO_GOAL_NO_DEADLINE, /* measured, not reached, and no date to judge the pace by */
  CO_GOAL_UNMEASURED,  /* a custom metric, or none: the app has no figure for it */
} CoGoalStatus;

/* What a goal's unit counts per: "个注册/月", "items a month" and "每周" are rates. */
typedef enum
{
  CO_GOAL_PER_NONE,
  CO_GOAL_PER_DAY,
  CO_GOAL_PER_WEEK,
  CO_GOAL_PER_MONTH,
} CoGoalPer;

/* A goal's fields as numbers and dates (the plan stores them as text). */
typedef struct
{
  CoMeasure   measure;        /* CO_N_MEASURES for a custom metric or none */
  double      baseline;       /* NAN when not set */
  double      target;         /* NAN when not set; rates in percent ("60" for 60 %) */
  const char *unit;           /* NULL when not set */
  const char *start;          /* the day its clock starts: the baseline date, else the day it was set */
  const char *deadline;       /* NULL when not set */
} CoGoal;

typedef struct
{
  CoMeasure    measure;
  CoGoalPer    per;       /* how the figure was measured: a total, or a rate over the last days */
  double       current;   /* NAN when unknown; rates as shares (0.42) */
  double       progress;  /* of the way from baseline to target, 0…1 and beyond; NAN when unknown */
  double       expected;  /* of the time from the start to the deadline, 0…1; NAN without both */
  CoGoalStatus status;
} CoGoalProgress;

/* @unit's rate ("/月", "每月", "a month", "per week", …), and @unit without it ("个注册/月" →
 * "个注册", "registrations a month" → "registrations"). */
CoGoalPer    co_goal_unit_per       (const char           *unit);
char        *co_goal_unit_counted   (const char           *unit);

/* @goal's fields; @set_on (the day the goal was set) starts its clock when it has no baseline
 * date. @goal's strings point into @item. */
void         co_goal_from_item      (CoItem               *item,
                                     const char           *set_on,
                                     CoGoal               *goal);

/* How the figure is measured for @goal: a rate unit makes a summed figure (registrations, net
 * growth, …) the sum of the last 1, 7 or 30 days up to @today; otherwise a summed figure adds up
 * from the goal's start; a level (members, DAU, rates) is read over the 7 days up to @today.
 * Sets *@from to the first day to measure from. */
CoGoalPer    co_goal_measure_from   (const CoGoal         *goal,
                                     const char           *today,
                                     char                **from);

/* The status of @goal with @current (its figure, NAN when unknown) on @today. Achieved when the
 * target is reached; missed when the deadline passed without; otherwise the share of the way
 * from the baseline to the target against the share of the days from the start to the deadline
 * gone by (today counted): on track at least as far along, at risk at three quarters, behind
 * below, so that nothing reached while time passes is behind. */
void         co_goal_assess         (const CoGoal         *goal,
                                     CoGoalPer             per,
                                     double                current,
                                     const char           *today,
                                     CoGoalProgress       *progress);

const char  *co_goal_status_label   (CoGoalStatus          status);
/* TRUE for the statuses a person should act on: at risk, behind, missed. */
gboolean     co_goal_needs_attention (CoGoalStatus         status);
/* "360 members now; target 1000 members by 3/6/2027", "12 registrations in the last 30 days;
 * target 50 registrations a month by 3/6/2027", in the goal's metric and unit; NULL when there
 * is nothing to say (no target and no figure). */
char        *co_goal_describe_values (const CoGoal        *goal,
                                      const CoGoalProgress *progress);
char        *co_goal_describe       (CoItem               *goal,
                                     const CoGoalProgress *progress);
/* The goal as planned, without its figure: "Target 1000 members by 3/6/2027"; NULL without a
 * target. */
char        *co_goal_describe_target (CoItem              *goal);
/* The rule behind the status, in a sentence for a tooltip. */
const char  *co_goal_rule           (void);

/* @goal is an item of CO_LIST_GOALS. Fills @progress; FALSE with @error set when the figures
 * cannot be read (then @progress says "no data"). */
gboolean     co_goal_progress       (CoStore              *store,
                                     CoItem               *goal,
                                     const char           *today,
                                     CoGoalProgress       *progress,
                                     GError              **error);

G_END_DECLS
