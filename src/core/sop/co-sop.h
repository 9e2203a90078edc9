/* co-sop.h: a group's SOP (群SOP). Its steps are a list of the record engine (CO_LIST_SOP_STEPS),
 * edited, exchanged and copied by templates as any list; each step has a trigger, a text with
 * variables and an assignee. The steps expand into tasks with a due moment (co_sop_expand), which
 * the team marks sent or skipped.
 *
 * Triggers (keywords of CO_CHOICE_SOP_TRIGGER):
 *   founded   "days" after the group's founding date, at "time" (09:00 when unset)
 *   joined    "days" after each member joins, at "time" (09:00 when unset): one task per member
 *   activity  "hours" from the start of each of the group's activities (−4: four hours before)
 *   weekly    every "weekday" at "time"
 *   once      on "date" at "time"
 * Moments are local wall-clock time, "YYYY-MM-DD HH:MM".
 *
 * Variables, in Chinese or English, the same: {昵称} {nickname} the member's nickname (joined
 * steps), {群名} {group} the group's name, {活动} {activity} the activity's name (activity
 * steps), {时间} {time} the activity's start, or else the task's due moment, {链接} {link} the
 * step's link. */
#pragma once

#include "core/records/co-list.h"

G_BEGIN_DECLS

/* The hour of a day-triggered step without a time. */
#define CO_SOP_DEFAULT_TIME "09:00"
/* Tasks are made this many days ahead. */
#define CO_SOP_HORIZON_DAYS 30
/* A task still due this long after its moment is missed; sent this long after it, late. */
#define CO_SOP_MISSED_HOURS 24
#define CO_SOP_LATE_HOURS 2

/* Whether @text uses only known variables; else the first unknown one in @error. */
gboolean   co_sop_check_variables (const char  *text,
                                   GError     **error);
/* The reasons @step cannot fire or cannot fill its text (translated sentences), none when it is
 * ready: no trigger, a weekly step without weekday or time, an activity step when no activity of
 * the group has a start date and time, a variable the step or its group lacks, no assignee (nor anyone
 * in the group playing its role). */
GPtrArray *co_sop_step_problems   (CoStore     *store,
                                   CoItem      *step);

/* Whether @step reaches someone: its person, or someone of the group in its role. When it does
 * not, that is the last of its problems. */
gboolean   co_sop_step_has_assignee (CoStore   *store,
                                     CoItem    *step);

/* What the variables stand for in one task; NULL where unknown. */
typedef struct
{
  const char *nickname;
  const char *group;
  const char *activity;
  const char *time;
  const char *link;
} CoSopValues;

/* @text with its variables replaced; an unknown value leaves the variable as written. */
char      *co_sop_fill            (const char        *text,
                                   const CoSopValues *values);

/* Whether the field @key of a step matters to @trigger (NULL: only the trigger itself and the
 * fields every step has): the editor shows those alone. */
gboolean   co_sop_field_applies   (const char  *trigger,
                                   const char  *key);
/* When @step is due, in words: "Every Monday at 20:00", "18 hours before each activity". */
char      *co_sop_describe_trigger (CoItem     *step);

/* The group's number of steps (not in the trash). */
guint      co_sop_count_steps     (CoStore     *store,
                                   gint64       group_id);

G_END_DECLS
