/* co-sop-tasks.h: the tasks a group's SOP steps expand into (co-sop.h), one per due moment, per
 * member for join-counted steps and per activity for activity steps; and what the team does with
 * them: sent (who, when) or skipped (why).
 *
 * co_sop_expand() makes the next CO_SOP_HORIZON_DAYS days of tasks, from today's start: the tasks
 * still due from now on that are no longer expected go, those still expected keep their row (and
 * id), the new ones are added; a task sent or skipped is never touched again. The assignee is
 * resolved then: the step's person, else the first of the group's people in the step's role.
 * Run it again whenever a step, the group, the roster, the memberships
 * or an activity change. */
#pragma once

#include <json-glib/json-glib.h>

#include "core/sop/co-sop.h"

G_BEGIN_DECLS

typedef enum
{
  CO_SOP_TASK_COMING,   /* due later */
  CO_SOP_TASK_DUE,      /* due now: its moment passed less than an hour ago */
  CO_SOP_TASK_OVERDUE,  /* still due, its moment passed more than an hour ago */
  CO_SOP_TASK_MISSED,   /* still due CO_SOP_MISSED_HOURS after its moment */
  CO_SOP_TASK_SENT,     /* sent in time */
  CO_SOP_TASK_LATE,     /* sent more than CO_SOP_LATE_HOURS after its moment */
  CO_SOP_TASK_SKIPPED,
} CoSopTaskStatus;

typedef struct
{
  gint64  id;
  gint64  step_id;
  gint64  group_id;
  gint64  assignee_id;  /* 0: nobody */
  char   *due;          /* local "YYYY-MM-DD HH:MM" */
  char   *state;        /* "due", "sent", "skipped" */
  char   *done_by;
  char   *done_at;      /* UTC ISO 8601 */
  char   *reason;
  char   *title;        /* the step's */
  char   *text;         /* the step's, with its variables */
  char   *link;
  char   *group_name;
  char   *nickname;     /* joined steps */
  char   *activity;     /* activity steps */
  char   *activity_start;  /* "YYYY-MM-DD HH:MM" */
  char   *assignee;     /* the person's name, or NULL */
  gint64  library_item_id;  /* the step's item of the library, or 0 */
} CoSopTask;

void             co_sop_task_free     (CoSopTask   *task);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoSopTask, co_sop_task_free)

CoSopTaskStatus  co_sop_task_status   (const CoSopTask *task,
                                       GDateTime       *now);
const char      *co_sop_status_label  (CoSopTaskStatus  status);
/* The task's text with its variables filled ({时间} in the user's locale). */
char            *co_sop_task_dup_text (const CoSopTask *task);

/* A local moment as tasks store it. */
char            *co_sop_moment        (GDateTime   *when);

/* Makes the tasks of @group_id (0: every group) due from @now's day for CO_SOP_HORIZON_DAYS
 * days. */
gboolean   co_sop_expand         (CoStore       *store,
                                  gint64         group_id,
                                  GDateTime     *now,
                                  GError       **error);
/* The same in a worker thread on a connection of its own to the store's file; @callback gets no
 * source object, and calls _finish with the store, which then announces "sop_tasks" changed. */
void       co_sop_expand_async   (CoStore             *store,
                                  GDateTime           *now,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean   co_sop_expand_finish  (CoStore       *store,
                                  GAsyncResult  *result,
                                  GError       **error);

/* The tasks due from @from to before @to (local moments; @from NULL: from the first), of
 * @group_id (0: every group) and @person_id (0: everyone), soonest first (then as made); with @open_only those
 * still due; at most @limit (0: all). */
GPtrArray *co_sop_tasks          (CoStore       *store,
                                  const char    *from,
                                  const char    *to,
                                  gint64         group_id,
                                  gint64         person_id,
                                  gboolean       open_only,
                                  guint          limit,
                                  GError       **error);
/* How many tasks of @person_id (0: everyone) are still due from @from to before @split, and from
 * @split to before @to. */
gboolean   co_sop_count_open     (CoStore       *store,
                                  const char    *from,
                                  const char    *split,
                                  const char    *to,
                                  gint64         person_id,
                                  guint         *before,
                                  guint         *after,
                                  GError       **error);
CoSopTask *co_sop_task_get       (CoStore       *store,
                                  gint64         task_id,
                                  GError       **error);
/* Marks a task sent by @who now (a task already done is refused). */
gboolean   co_sop_task_mark_sent (CoStore       *store,
                                  gint64         task_id,
                                  const char    *who,
                                  GError       **error);
/* Marks it skipped by @who, for @reason (required). */
gboolean   co_sop_task_skip      (CoStore       *store,
                                  gint64         task_id,
                                  const char    *who,
                                  const char    *reason,
                                  GError       **error);

/* Per person, the tasks due today that are still open and those overdue (past their moment,
 * not missed): the Team place's counts. */
typedef struct
{
  gint64 person_id;
  guint  due;
  guint  overdue;
} CoSopLoad;

GArray    *co_sop_load_by_person (CoStore       *store,
                                  GDateTime     *now,
                                  GError       **error);

/* How a period's tasks went, for one group or one person (the weekly review). */
typedef struct
{
  gint64 group_id;   /* with co_sop_completion_by_group */
  char  *assignee;   /* with co_sop_completion_by_person: the name, NULL for nobody */
  guint  on_time;
  guint  late;
  guint  skipped;
  guint  missed;
  guint  open;       /* still due, not missed yet */
} CoSopCompletion;

void       co_sop_completion_free (CoSopCompletion *completion);
/* The tasks due from @from to before @to (local moments) of @group_ids, by group (@by_person
 * FALSE, in the order of @group_ids) or by assignee (TRUE, by name), as of @now. */
GPtrArray *co_sop_completion     (CoStore       *store,
                                  const gint64  *group_ids,
                                  guint          n_groups,
                                  const char    *from,
                                  const char    *to,
                                  gboolean       by_person,
                                  GDateTime     *now,
                                  GError       **error);

/* The person of the team named @name (in any case), or 0 with @error set. */
gint64     co_sop_find_person    (CoStore       *store,
                                  const char    *name,
                                  GError       **error);

/* For the sample workspace: the SOP of @launch_template (the built-in launch template's JSON) on
 * each of @group_ids that has none yet, its tasks made as of a week ago and today, and the past week's tasks sent
 * in time, sent late, skipped and missed, in turn. */
gboolean   co_sop_add_sample     (CoStore       *store,
                                  const gint64  *group_ids,
                                  guint          n_groups,
                                  JsonNode      *launch_template,
                                  GError       **error);

G_END_DECLS
